"""Walk s17: the overview of a library older than the weeks it charts (20 years),
beside one briefing of today (a briefing without a date is dated from its file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from briefing_tui.core.analysis.overview import _weeks
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace


def test_an_old_library_with_one_briefing_of_today_charts_its_own_weeks() -> None:
    """The weeks were the last 20 years: every real briefing "earlier", the chart empty."""
    days = [(f"{year}-{month:02d}-10", 10) for year in (2004, 2005) for month in range(1, 13)]
    weeks, earlier, undated, later = _weeks([*days, ("2026-12-07", 1)], date(2026, 12, 7))
    assert (weeks[0].start, weeks[-1].start) == ("2004-01-05", "2005-12-05")
    assert sum(week.briefings for week in weeks) == 240
    assert (earlier, undated, later) == (0, 0, 0)
    # The busiest 20 years win; of equals, the latest.
    weeks, earlier, *_ = _weeks([("1950-01-02", 1), *days, ("2026-12-07", 1)], date(2026, 12, 7))
    assert (weeks[0].start, earlier) == ("2004-01-05", 1)
    weeks, earlier, *_ = _weeks([("1950-01-02", 1), ("2026-12-07", 1)], date(2026, 12, 7))
    assert [w.start for w in weeks] == ["2026-12-07"] and earlier == 1


def _briefing(name: str, day: str | None) -> str:
    dated = f"date: {day}\n" if day else ""
    return f"---\nid: {name}\ntitle: {name}\n{dated}---\n\nText of {name}.\n"


def test_the_briefing_of_today_is_said_apart_and_every_briefing_counted(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    for n, day in enumerate(["1990-01-10", "1990-02-10", "1991-03-10", None]):
        (library / f"b{n}.md").write_text(_briefing(f"b{n}", day), encoding="utf-8")
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        overview = ws.analysis.overview()
    assert (overview.weeks[0].start, overview.weeks[-1].start) == ("1990-01-08", "1991-03-04")
    assert sum(overview.per_week) == 3 and overview.earlier == 0
    assert overview.after == 1 and overview.apart == "1 later"
    assert sum(overview.per_week) + overview.earlier + overview.after == overview.briefings
