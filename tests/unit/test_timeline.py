"""The timeline (claims placed by event date, else their briefing's date, grouped by day,
week or month) and the overview (the library at a glance, fast at 10,000 briefings)."""

from __future__ import annotations

import time

import pytest

from briefing_tui.core.analysis import check_granularity, zoom
from briefing_tui.core.analysis.overview import MAX_WEEKS
from briefing_tui.core.claims.anchoring import make_selector
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.store import DocumentRecord

from .helpers import briefing

TALKS = "The talks would resume in March. Officials in Kyiv were cautious about the timetable."
DENIAL = "The talks will not resume in March, a spokesman said. Markets barely moved."


@pytest.fixture
def ws(make_ws, write):  # type: ignore[no-untyped-def]
    write(
        "talks.md",
        briefing(
            TALKS,
            doc_id="talks",
            title="Talks",
            date="2024-03-05",
            source="Reuters",
            tags=["energy"],
        ),
    )
    write(
        "denial.md",
        briefing(
            DENIAL,
            doc_id="denial",
            title="Denial",
            date="2024-04-10",
            source="AP",
            tags=["energy", "talks"],
        ),
    )
    workspace = make_ws()
    workspace.sync()
    return workspace


def _entries(timeline) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return [
        (group.key, entry.claim.quote, entry.day, entry.placed_by)
        for group in timeline.groups
        for entry in group.entries
    ]


def test_claims_placed_by_event_date_else_the_briefings(ws) -> None:  # type: ignore[no-untyped-def]
    ws.annotate(ws.resolve("talks"), "The talks would resume", event_date="2024-02-26")
    ws.annotate(ws.resolve("talks"), "Officials in Kyiv were cautious")
    ws.annotate(ws.resolve("denial"), "a spokesman said", event_date="2024-03-04")
    ws.annotate(ws.resolve("denial"), "Markets barely moved")
    by_day = ws.analysis.timeline("", "day")
    assert _entries(by_day) == [
        ("2024-02-26", "The talks would resume", "2024-02-26", "event"),
        ("2024-03-04", "a spokesman said", "2024-03-04", "event"),
        ("2024-03-05", "Officials in Kyiv were cautious", "2024-03-05", "briefing"),
        ("2024-04-10", "Markets barely moved", "2024-04-10", "briefing"),
    ]
    assert by_day.groups[0].label == "26 February 2024"
    by_week = ws.analysis.timeline("", "week")
    assert [(g.key, g.label, g.start, g.end, len(g.entries)) for g in by_week.groups] == [
        ("2024-W09", "Week of 26 February 2024", "2024-02-26", "2024-03-03", 1),
        ("2024-W10", "Week of 4 March 2024", "2024-03-04", "2024-03-10", 2),
        ("2024-W15", "Week of 8 April 2024", "2024-04-08", "2024-04-14", 1),
    ]
    by_month = ws.analysis.timeline("", "month")
    assert [(g.key, g.label, g.start, g.end) for g in by_month.groups] == [
        ("2024-02", "February 2024", "2024-02-01", "2024-02-29"),
        ("2024-03", "March 2024", "2024-03-01", "2024-03-31"),
        ("2024-04", "April 2024", "2024-04-01", "2024-04-30"),
    ]
    assert by_month.total == 4 and by_month.undated == []


def test_the_timeline_takes_a_claim_query_and_shows_ratings(ws) -> None:  # type: ignore[no-untyped-def]
    ws.annotate(ws.resolve("talks"), "The talks would resume", credibility=2, status="key")
    ws.annotate(ws.resolve("denial"), "a spokesman said")
    ws.analysis.rate_source("Reuters", reliability="B")
    timeline = ws.analysis.timeline("status:key")
    [entry] = [entry for group in timeline.groups for entry in group.entries]
    assert (entry.claim.quote, entry.rating, entry.reliability) == (
        "The talks would resume",
        "B2",
        "B",
    )
    with pytest.raises(QueryError):
        ws.analysis.timeline("credibility:9")


def test_claims_without_any_date_are_undated(ws) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(ws.resolve("talks"), "The talks would resume")
    placeless = DocumentRecord(id="x", path=None, title="?", date="")
    timeline = ws.analysis.timeline_of([(claim, placeless), (claim, None)], "day")
    assert timeline.groups == [] and len(timeline.undated) == 2
    assert {entry.placed_by for entry in timeline.undated} == {"none"}


def test_zoom_and_granularities() -> None:
    assert zoom("month", -1) == "week" and zoom("week", -1) == "day"
    assert zoom("day", -1) == "day" and zoom("month", 1) == "month"
    assert check_granularity("week") == "week"
    with pytest.raises(ValueError, match="group by day, week or month"):
        check_granularity("year")


# -- the overview ----------------------------------------------------------------------------


def test_the_overview(ws) -> None:  # type: ignore[no-untyped-def]
    talks = ws.annotate(ws.resolve("talks"), "The talks would resume", credibility=2, status="key")
    denial = ws.annotate(ws.resolve("denial"), "a spokesman said", status="disputed")
    ws.annotate(ws.resolve("denial"), "Markets barely moved", credibility=6)
    ws.analysis.rate_source("Reuters", reliability="B")
    ws.analysis.link(talks.id, "contradict", denial.id)
    overview = ws.analysis.overview()
    assert (overview.briefings, overview.claims) == (2, 3)
    assert overview.weeks[0].start == "2024-03-04" and overview.weeks[-1].start == "2024-04-08"
    assert overview.per_week == [1, 0, 0, 0, 0, 1]
    assert (overview.earlier, overview.undated) == (0, 0)
    assert overview.by_status == {"open": 1, "key": 1, "verified": 0, "disputed": 1, "false": 0}
    assert sorted(overview.by_rating) == [("?6", 1), ("B2", 1), ("unrated", 1)]
    assert [(s.name, s.briefings, s.claims, s.reliability) for s in overview.top_sources] == [
        ("AP", 1, 2, None),
        ("Reuters", 1, 1, "B"),
    ]
    assert overview.top_tags == [("energy", 2), ("talks", 1)]
    assert overview.review == {"fuzzy": 0, "orphaned": 0} and overview.unresolved == 0
    assert overview.links == {"support": 0, "contradict": 1, "repeat": 0, "cite": 0}


def test_the_overview_of_an_empty_library(make_ws) -> None:  # type: ignore[no-untyped-def]
    ws = make_ws()
    ws.sync()
    overview = ws.analysis.overview()
    assert (overview.briefings, overview.claims, overview.weeks) == (0, 0, [])


def _bulk_library(ws, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` briefing records (no files: the overview reads the store alone) over 19
    years, a claim on each tenth, a date far out and one unusable."""
    selector = make_selector("Some words here.", 0, 4)
    with ws.store.transaction() as db:
        for number in range(count):
            year = 2006 + number % 19
            date = f"{year}-{1 + number % 12:02d}-{1 + number % 28:02d}T00:00:00"
            if number == 7:
                date = "1900-01-01T00:00:00"
            if number == 8:
                date = "not a date"
            db.execute(
                "INSERT INTO documents (id, path, title, date, source, tags, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    f"d{number}",
                    f"d{number}.md",
                    f"Briefing {number}",
                    date,
                    f"Source {number % 40}",
                    f'["t{number % 30}"]',
                    "2024-01-01T00:00:00",
                ),
            )
            if number % 10 == 0:
                db.execute(
                    "INSERT INTO claims (id, doc_id, exact, start, end, status, credibility, "
                    "created, updated) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)",
                    (
                        f"c{number}",
                        f"d{number}",
                        selector.exact,
                        0,
                        4,
                        1 + number % 6,
                        "2024-01-01T00:00:00",
                        "2024-01-01T00:00:00",
                    ),
                )


def test_the_overview_of_10000_briefings_is_fast_and_bounded(make_ws) -> None:  # type: ignore[no-untyped-def]
    ws = make_ws()
    _bulk_library(ws, 10_000)
    ws.analysis.rate_source("Source 1", reliability="A")
    started = time.perf_counter()
    overview = ws.analysis.overview()
    took = time.perf_counter() - started
    assert overview.briefings == 10_000 and overview.claims == 1_000
    assert len(overview.weeks) <= MAX_WEEKS
    assert overview.earlier == 1 and overview.undated == 1  # 1900, and "not a date"
    assert sum(overview.per_week) + overview.earlier + overview.undated == 10_000
    assert len(overview.top_sources) == 10 and overview.top_sources[0].briefings == 250
    assert len(overview.top_tags) == 10
    assert took < 0.5, f"{took:.3f} s"


def test_every_claims_heads_place_as_the_full_claims_do(ws) -> None:  # type: ignore[no-untyped-def]
    """The timeline of every claim, placed from the claims' heads (what a row shows, read
    alone), is the one placed from the full claims: the same groups, rows, order,
    days, ratings and titles."""
    from briefing_tui.core.analysis.timeline import timeline_of_heads

    ws.annotate(ws.resolve("talks"), "Officials in Kyiv were cautious", credibility=3)
    ws.annotate(ws.resolve("talks"), "The talks would resume", event_date="2024-04-10")
    ws.annotate(ws.resolve("denial"), "Markets barely moved", status="key")
    ws.annotate(ws.resolve("denial"), "a spokesman said", event_date="2024-03-05")
    ws.analysis.rate_source("AP", reliability="C")

    def row(e):  # type: ignore[no-untyped-def]
        claim, record = e.claim, e.record
        return (
            *(claim.id, claim.quote, claim.status, claim.anchor, e.day, e.placed_by),
            *(e.rating, e.reliability, record.title, record.source),
        )

    def rows(timeline):  # type: ignore[no-untyped-def]
        return [(g.key, g.label, [row(e) for e in g.entries]) for g in timeline.groups]

    for by in ("day", "week", "month"):
        full = ws.analysis.timeline("", by)
        placed = timeline_of_heads(ws.claims.heads(), ws.analysis.reliabilities(), by)
        assert rows(placed) == rows(full) and placed.total == full.total == 4
    # On one day (2024-04-10), as the claims screen lists them: the newest briefing's first.
    april = timeline_of_heads(ws.claims.heads(), ws.analysis.reliabilities(), "day").groups[-1]
    assert [e.claim.quote for e in april.entries] == [
        "Markets barely moved",
        "The talks would resume",
    ]


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-27", "0001-01-01"])
def test_the_first_and_last_dates_there_are_are_placed_not_a_traceback(
    make_ws, write, day: str
) -> None:  # type: ignore[no-untyped-def]
    """9999-12-31 is a common "no date" placeholder: a briefing or an event dated so
    made the overview and the timeline by week or month end in a traceback (the week
    or month after it is past the last date a date can hold), and ``date:9999``
    was refused as "year 10000 is out of range"."""
    write("edge.md", briefing(TALKS, doc_id="edge", title="Edge", date=day))
    write("talks.md", briefing(DENIAL, doc_id="talks", title="Talks", date="2024-03-05"))
    ws = make_ws()
    ws.sync()
    ws.annotate(ws.resolve("edge"), "The talks would resume")
    overview = ws.analysis.overview()
    assert overview.briefings == 2
    assert overview.weeks[-1].start <= max(day, "2024-03-05")
    assert sum(week.briefings for week in overview.weeks) + overview.earlier + overview.later == 2
    for by in ("day", "week", "month"):
        (group,) = ws.analysis.timeline(by=by).groups
        assert group.start <= group.entries[0].day <= group.end
    year = day[:4]
    assert ws.search(f"date:{year}").ids == ["edge"]
    assert "edge" in ws.search(f"date:{day}..").ids  # equal scores: listed newest first
    assert ws.search(f"date:>{year}").ids == ([] if year == "9999" else ["talks"])
