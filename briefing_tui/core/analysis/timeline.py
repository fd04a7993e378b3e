"""The timeline: claims placed on the day of the event they report, grouped by day, week
or month.

A claim with an event date is placed on it; one without, on its briefing's
date, and marked so (``placed_by == "briefing"``). A claim with neither (a
briefing whose date is unusable, or unknown) is listed apart, undated. Groups
run oldest first; within a group, claims by day, then as their briefings list
them.

A timeline places full claims with their records (what a query selected) or
claims' heads with their briefings' (:mod:`..claims.heads`: every claim, read
without the rest): an entry holds whichever it was given, and says the same
of both (:class:`PlacedClaim`, :class:`PlacedBriefing`).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Literal, NamedTuple, Protocol

from briefing_tui.core.claims.anchoring import AnchorState
from briefing_tui.core.claims.heads import HeadRow, listing_order
from briefing_tui.core.claims.model import Status
from briefing_tui.core.claims.vocabulary import rating, source_key

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


class PlacedClaim(Protocol):
    """What the timeline reads of a claim: a :class:`..claims.model.Claim` or a
    :class:`..claims.heads.ClaimHead`."""

    @property
    def id(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def quote(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def anchor(self) -> AnchorState: ...
    @property
    def credibility(self) -> int | None: ...
    @property
    def event_date(self) -> str | None: ...


class PlacedBriefing(Protocol):
    """What the timeline reads of a claim's briefing: a :class:`..store.DocumentRecord`
    or a :class:`..claims.heads.BriefingHead`."""

    @property
    def title(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def source(self) -> str | None: ...


class TimelineEntry(NamedTuple):
    """One claim on the timeline (a named tuple: a timeline makes ten thousand)."""

    claim: PlacedClaim
    record: PlacedBriefing | None
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
    # Years in four digits, as in the days listed under them: year 1 read "January 1"
    # (the first of January?) and "Week of 1 January 1".
    if by == "day":
        return day.isoformat(), f"{day.day} {_MONTHS[day.month - 1]} {day.year:04d}", day, day
    if by == "week":
        year, week, weekday = day.isocalendar()
        monday = day - timedelta(days=weekday - 1)
        label = f"Week of {monday.day} {_MONTHS[monday.month - 1]} {monday.year:04d}"
        # The week of 9999-12-31 ends after the last day a date can hold.
        sunday = monday + timedelta(days=6) if date.max - monday >= timedelta(days=6) else date.max
        return f"{year:04d}-W{week:02d}", label, monday, sunday
    first = day.replace(day=1)
    last = day.replace(day=monthrange(day.year, day.month)[1])
    key = f"{day.year:04d}-{day.month:02d}"
    return key, f"{_MONTHS[day.month - 1]} {day.year:04d}", first, last


@lru_cache(maxsize=16_384)
def _iso_day(text: str | None) -> str | None:
    """``text``'s day as ``YYYY-MM-DD`` (ISO days sort as the days do), else ``None``;
    remembered: a library's claims and briefings share a few thousand dates."""
    day = _day(text)
    return day.isoformat() if day is not None else None


def build_timeline(
    chosen: Sequence[tuple[PlacedClaim, PlacedBriefing | None]],
    grades: dict[str, str],
    by: Granularity = "month",
) -> Timeline:
    """The timeline of ``chosen`` (as :func:`..exchange.select_claims` lists them);
    ``grades`` are the rated sources' grades by key (for each claim's rating)."""
    groups: dict[str, TimelineGroup] = {}
    undated: list[TimelineEntry] = []
    placed: list[tuple[str, TimelineEntry]] = []
    graded: dict[str | None, str | None] = {}  # each source's grade, looked up once
    days: dict[str | None, str | None] = {None: None}  # each date's day, parsed once
    for claim, record in chosen:
        reliability = published = None
        if record is not None:
            source = record.source
            if source not in graded:
                graded[source] = grades.get(source_key(source))
            reliability = graded[source]
            text = record.date
            published = days[text] if text in days else days.setdefault(text, _iso_day(text))
        said = claim.event_date
        event = days[said] if said in days else days.setdefault(said, _iso_day(said))
        day = event or published
        how: Literal["event", "briefing", "none"] = (
            "event" if event else "briefing" if published else "none"
        )
        entry = TimelineEntry(
            claim, record, day, how, reliability, rating(reliability, claim.credibility)
        )
        if day is None:
            undated.append(entry)
        else:
            placed.append((day, entry))
    placed.sort(key=itemgetter(0))  # stable: the selection's order within a day
    group_of_day: dict[str, TimelineGroup] = {}
    for day, entry in placed:
        group = group_of_day.get(day)
        if group is None:
            key, label, first, last = _group_of(date.fromisoformat(day), by)
            group = groups.get(key)
            if group is None:
                group = groups[key] = TimelineGroup(key, label, first.isoformat(), last.isoformat())
            group_of_day[day] = group
        group.entries.append(entry)
    return Timeline(by, list(groups.values()), undated)


def timeline_of_heads(
    heads: list[HeadRow], grades: dict[str, str], by: Granularity = "month"
) -> Timeline:
    """The timeline of every claim from their heads (:meth:`..claims.ClaimStore.heads`):
    the same as :func:`build_timeline` of every full claim in the selection's order
    (an empty query), without reading the rest of each claim and record."""
    return build_timeline(listing_order(heads), grades, by)
