"""The overview: the library at a glance, as data for a screen to draw.

Briefings per week over the library's span (for a sparkline), claims by
status and by rating, the top sources and tags with their counts, the claims
waiting for review, and the links by relation. A handful of grouped queries
(:mod:`..store.overview`): well under half a second at 10,000 briefings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from briefing_tui.core.claims.model import STATUSES
from briefing_tui.core.claims.vocabulary import RELATIONS, rating, source_key

from ..store import Store
from .model import SourceInfo
from .sources import list_sources, reliabilities

#: Weeks the span shows at most (about 20 years); earlier briefings are counted apart.
MAX_WEEKS = 1040
#: How far past today a briefing's date may be and still be charted; those dated later
#: (9999-12-31, a common "no date" placeholder; a year typed 2204) are counted apart:
#: charted, one of them made the span end there and every real briefing "earlier".
AHEAD = timedelta(days=366)
#: Sources and tags listed.
TOP = 10


@dataclass(frozen=True, slots=True)
class WeekCount:
    #: The week's Monday, ``YYYY-MM-DD``.
    start: str
    briefings: int


@dataclass(frozen=True, slots=True)
class Overview:
    briefings: int
    claims: int
    #: Every week from the first briefing's to the last's (zeros included), oldest first.
    weeks: list[WeekCount]
    #: Briefings before the span shown (a span over :data:`MAX_WEEKS` shows its busiest).
    earlier: int
    #: Briefings without a usable date.
    undated: int
    #: Briefings dated more than :data:`AHEAD` after today, not charted (when others are).
    later: int
    #: Claims per status, every status listed.
    by_status: dict[str, int]
    #: Claims per rating (``B2``, ``?2``, ``B?``; ``unrated``), most first.
    by_rating: list[tuple[str, int]]
    #: The sources with most briefings, and the most used tags (tag, briefings).
    top_sources: list[SourceInfo]
    top_tags: list[tuple[str, int]]
    #: Claims waiting in review: ``fuzzy`` and ``orphaned``.
    review: dict[str, int]
    #: Links per relation, every relation listed.
    links: dict[str, int]
    #: Briefings after the span shown, not far in the future: a span over
    #: :data:`MAX_WEEKS` shows its busiest weeks, and one briefing of today stays apart.
    after: int = 0

    @property
    def per_week(self) -> list[int]:
        """The weekly counts alone, for a sparkline."""
        return [week.briefings for week in self.weeks]

    @property
    def apart(self) -> str:
        """The briefings the weeks leave out, as the app's overview and ``briefing
        overview`` say them: ``3 earlier, 1 later, 1 far in the future, 2 undated`` (or
        ``""``)."""
        counts = (
            (self.earlier, "earlier"),
            (self.after, "later"),
            (self.later, "far in the future"),
            (self.undated, "undated"),
        )
        return ", ".join(f"{count:,} {what}" for count, what in counts if count)

    @property
    def unresolved(self) -> int:
        return sum(self.review.values())


def _monday(day: date) -> date:
    """The Monday of ``day``'s week (0001-01-01 is a Monday: never before the first day)."""
    return day - timedelta(days=day.weekday())


def _busiest_span(counts: Counter[date], last: date) -> tuple[date, date]:
    """The first and last charted weeks of the :data:`MAX_WEEKS` (up to ``last``) that
    hold the most briefings, the latest of equals. The latest weeks alone charted an
    old library beside one briefing of today (one without a date is dated from its
    file) as 20 empty years, every real briefing "earlier"."""
    mondays = sorted(monday for monday in counts if monday <= last)
    best, best_at, best_end, total, end = -1, 0, 0, 0, 0
    for at, start in enumerate(mondays):
        while end < len(mondays) and (mondays[end] - start).days // 7 < MAX_WEEKS:
            total += counts[mondays[end]]
            end += 1
        if total >= best:
            best, best_at, best_end = total, at, end
        total -= counts[start]
    return mondays[best_at], mondays[best_end - 1]


def _weeks(
    days: list[tuple[str, int]], today: date | None = None
) -> tuple[list[WeekCount], int, int, int]:
    """(weeks of the span, briefings before it, undated briefings, briefings after it:
    dated more than :data:`AHEAD` after ``today``, unless all dated ones are)."""
    counts: Counter[date] = Counter()
    undated = 0
    for text, count in days:
        try:
            counts[_monday(date.fromisoformat(text))] += count
        except ValueError:
            undated += count
    if not counts:
        return [], 0, undated, 0
    today = today or date.today()
    limit = today + AHEAD if today <= date.max - AHEAD else date.max
    near = [monday for monday in counts if monday <= limit]
    first, last = min(counts), max(near or counts)
    later = sum(count for monday, count in counts.items() if monday > last)
    if (last - first).days // 7 >= MAX_WEEKS:
        first, last = _busiest_span(counts, last)
    earlier = sum(count for monday, count in counts.items() if monday < first)
    # Counted, not stepped past the last week: a briefing dated 9999-12-31 (a common
    # "no date" placeholder) has no week after it, and stepping there overflowed.
    mondays = (first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1))
    weeks = [WeekCount(monday.isoformat(), counts.get(monday, 0)) for monday in mondays]
    return weeks, earlier, undated, later


def build_overview(store: Store, today: date | None = None) -> Overview:
    days = store.briefings_per_day()
    weeks, earlier, undated, later = _weeks(days, today)
    charted = sum(week.briefings for week in weeks)
    after = sum(count for _, count in days) - undated - earlier - later - charted
    statuses = store.claim_counts_by("status")
    anchors = store.claim_counts_by("anchor")
    grades = reliabilities(store)
    ratings: Counter[str] = Counter()
    for source, credibility, count in store.claim_counts_by_source_and_credibility():
        shown = rating(grades.get(source_key(source)), credibility)
        ratings[shown or "unrated"] += count
    links = store.link_counts()
    tags = sorted(store.tag_counts(), key=lambda pair: (-pair[1], pair[0]))
    return Overview(
        briefings=store.count(),
        claims=sum(statuses.values()),
        weeks=weeks,
        earlier=earlier,
        undated=undated,
        later=later,
        by_status={status: statuses.get(status, 0) for status in STATUSES},
        by_rating=sorted(ratings.items(), key=lambda pair: (-pair[1], pair[0])),
        top_sources=[info for info in list_sources(store) if info.briefings][:TOP],
        top_tags=tags[:TOP],
        review={state: anchors.get(state, 0) for state in ("fuzzy", "orphaned")},
        links={relation: links.get(relation, 0) for relation in RELATIONS},
        after=after,
    )
