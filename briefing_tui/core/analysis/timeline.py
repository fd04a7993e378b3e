"""The timeline: claims placed on the day of the event they report, grouped by day, week
or month.

A claim with an event date is placed on it; one without, on its briefing's
date, and marked so (``placed_by == "briefing"``). A claim with neither (a
briefing whose date is unusable, or unknown) is listed apart, undated. Groups
run oldest first; within a group, claims by day, then as their briefings list
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.vocabulary import rating, source_key

from ..store import DocumentRecord

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One claim on the timeline."""

    claim: Claim
    record: DocumentRecord | None
    #: The day it is placed on (``YYYY-MM-DD``), ``None`` when undated.
    day: str | None
    #: ``event``: the claim's event date; ``briefing``: its briefing's date (no event date).
    placed_by: Literal["event", "briefing", "none"]
    reliability: str | None
    rating: str | None


@dataclass(slots=True)
class TimelineGroup:
    """A day, week or month of the timeline."""

    #: ``2024-03-05``, ``2024-W10`` (ISO week) or ``2024-03``.
    key: str
    #: ``5 March 2024``, ``Week of 4 March 2024``, ``March 2024``.
    label: str
    #: Its first and last day (``YYYY-MM-DD``).
    start: str
    end: str
    entries: list[TimelineEntry] = field(default_factory=list)


@dataclass(slots=True)
class Timeline:
    by: Granularity
    groups: list[TimelineGroup]
    #: Claims with neither an event date nor a usable briefing date.
    undated: list[TimelineEntry]

    @property
    def total(self) -> int:
        return sum(len(group.entries) for group in self.groups) + len(self.undated)


def zoom(by: Granularity, step: int) -> Granularity:
    """The next finer (``step`` -1) or coarser (+1) grouping, staying at the ends."""
    at = GRANULARITIES.index(by) + step
    return GRANULARITIES[max(0, min(at, len(GRANULARITIES) - 1))]


def check_granularity(value: str) -> Granularity:
    for name in GRANULARITIES:
        if value == name:
            return name
    raise ValueError(f"group by day, week or month, not {value!r}")


def _day(text: str | None) -> date | None:
    if not text or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _group_of(day: date, by: Granularity) -> tuple[str, str, date, date]:
    """(key, label, first day, last day) of the group holding ``day``."""
    if by == "day":
        return day.isoformat(), f"{day.day} {_MONTHS[day.month - 1]} {day.year}", day, day
    if by == "week":
        year, week, weekday = day.isocalendar()
        monday = day - timedelta(days=weekday - 1)
        label = f"Week of {monday.day} {_MONTHS[monday.month - 1]} {monday.year}"
        return f"{year}-W{week:02d}", label, monday, monday + timedelta(days=6)
    first = day.replace(day=1)
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return f"{day.year}-{day.month:02d}", f"{_MONTHS[day.month - 1]} {day.year}", first, last


def build_timeline(
    chosen: Sequence[tuple[Claim, DocumentRecord | None]],
    grades: dict[str, str],
    by: Granularity = "month",
) -> Timeline:
    """The timeline of ``chosen`` (as :func:`..exchange.select_claims` lists them);
    ``grades`` are the rated sources' grades by key (for each claim's rating)."""
    groups: dict[str, TimelineGroup] = {}
    undated: list[TimelineEntry] = []
    placed: list[tuple[date, int, TimelineEntry]] = []
    graded: dict[str | None, str | None] = {}  # each source's grade, looked up once
    for order, (claim, record) in enumerate(chosen):
        reliability = None
        if record is not None:
            if record.source not in graded:
                graded[record.source] = grades.get(source_key(record.source))
            reliability = graded[record.source]
        shown = rating(reliability, claim.credibility)
        event = _day(claim.event_date)
        published = _day(record.date) if record is not None else None
        day = event or published
        how: Literal["event", "briefing", "none"] = (
            "event" if event else "briefing" if published else "none"
        )
        entry = TimelineEntry(
            claim, record, day.isoformat() if day else None, how, reliability, shown
        )
        if day is None:
            undated.append(entry)
        else:
            placed.append((day, order, entry))
    placed.sort(key=lambda item: item[0])  # stable: the selection's order within a day
    for day, _, entry in placed:
        key, label, first, last = _group_of(day, by)
        group = groups.get(key)
        if group is None:
            group = groups[key] = TimelineGroup(key, label, first.isoformat(), last.isoformat())
        group.entries.append(entry)
    return Timeline(by, list(groups.values()), undated)
