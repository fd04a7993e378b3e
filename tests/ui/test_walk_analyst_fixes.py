"""What a newcomer's walk through the analyst's screens found next, at 80x24: the
follow-feed dialog closing on an address that fails (what was typed lost); one
briefing dated 9999-12-31 emptying the overview's chart; ``end`` on the claims screen
and the timeline stopping at the last row listed; ``b`` not picking grade B in the
rate dialog; the contradictions view's hint, help and README naming different keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ingest_support import Site, fixture_text
from textual.widgets import Checkbox, DataTable, Input, Label, OptionList, Sparkline

from briefing_tui.cli import main
from briefing_tui.core.analysis import SourceInfo
from briefing_tui.core.analysis.overview import _weeks
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.dialogs.add import FeedDialog
from briefing_tui.tui.dialogs.rate_source import RateSourceDialog, SourceRating
from briefing_tui.tui.screens import claims as claims_screen
from briefing_tui.tui.screens import timeline as timeline_screen
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.contradictions import ContradictionsScreen
from briefing_tui.tui.screens.feeds import FeedsScreen
from briefing_tui.tui.screens.help import bindings_table
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.timeline import TimelineScreen

from .conftest import BRIEFINGS, settle, write_library

REFUSED = "http://127.0.0.1:9/feed.xml"  # the discard port: nothing listens there


# -- 1. the follow-feed dialog keeps what was typed -------------------------------------


async def test_a_feed_that_fails_keeps_the_dialog_open_with_what_was_typed(
    make_app, site: Site
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(FeedsScreen())
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FeedDialog)
        await pilot.press(*REFUSED, "tab", *"Mine", "tab", *"world, metals", "enter")
        await settle(app, pilot)
        assert app.screen is dialog  # it stayed, saying why
        status = str(dialog.query_one("#feed-status", Label).content)
        assert status.startswith(f"Not following {REFUSED}: ") and "refused" in status.lower()
        values = [dialog.query_one(f"#feed-{n}", Input).value for n in ("address", "name", "tags")]
        assert values == [REFUSED, "Mine", "world, metals"]
        # At 80x24 the reason (two lines) leaves the buttons on screen, and is said
        # once: no notification over the dialog says it again.
        follow = dialog.query_one("#follow")
        assert follow.region.height and follow.region.bottom <= 24
        assert not [n for n in app._notifications if n.severity == "error"]
        address = dialog.query_one("#feed-address", Input)
        assert address.has_focus and not address.disabled
        assert not dialog.query_one("#feed-full-text", Checkbox).disabled
        # Fixed: the same dialog follows it, with the name and tags typed before.
        url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
        address.value = url
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        assert [(f.name, f.url, f.tags) for f in screen.feeds] == [
            ("Mine", url, ["world", "metals"])
        ]
        assert str(screen.query_one(DataTable).get_row_at(0)[0]) == "Mine"


async def test_the_feed_dialog_refuses_a_feed_followed_already(make_app, site: Site) -> None:
    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(FeedsScreen())
        await settle(app, pilot)
        for name in ("World", "Again"):
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*url, "tab", *name, "enter")
            await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FeedDialog)
        assert "followed already, as 'World'" in str(dialog.query_one("#feed-status").content)
        assert dialog.query_one("#feed-name", Input).value == "Again"
        assert [feed.name for feed in app.screen_stack[-2].feeds] == ["World"]


# -- 2. a briefing dated 9999-12-31 ------------------------------------------------------

PLACEHOLDER = "---\nid: later\ntitle: Later\ndate: 9999-12-31\n---\n\nLater.\n"


def test_briefings_dated_far_ahead_are_counted_apart_from_the_weeks() -> None:
    days = [("2021-04-06", 1), ("2023-11-01", 1), ("2024-03-05", 2), ("9999-12-31", 1)]
    weeks, earlier, undated, later = _weeks([*days, ("soon", 1)], date(2026, 12, 7))
    assert (weeks[0].start, weeks[-1].start) == ("2021-04-05", "2024-03-04")
    assert (earlier, undated, later) == (0, 1, 1)
    assert sum(week.briefings for week in weeks) == 4
    # Within a year of today: charted. Only far-off dates: charted, nothing else to show.
    weeks, *_, later = _weeks([("2024-03-05", 1), ("2027-06-01", 1)], date(2026, 12, 7))
    assert weeks[-1].start == "2027-05-31" and later == 0
    weeks, *_, later = _weeks([("9999-12-31", 1)], date(2026, 12, 7))
    assert [week.start for week in weeks] == ["9999-12-27"] and later == 0


async def test_the_overview_charts_the_real_briefings_beside_a_9999_placeholder(
    make_app, tmp_path: Path
) -> None:
    library = write_library(tmp_path / "placeholder", {**BRIEFINGS, "later.md": PLACEHOLDER})
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen) and screen.overview is not None
        head = str(screen.query_one("#overview-head", Label).render())
        assert "2021-04-05 to 2024-03-04 (1 far in the future)" in " ".join(head.split())
        assert "earlier" not in head
        chart = screen.query_one(Sparkline)
        assert chart.display and sum(chart.data or []) == 3


def test_briefing_overview_says_the_far_off_briefings_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = write_library(tmp_path / "placeholder", {**BRIEFINGS, "later.md": PLACEHOLDER})
    where = ["--content", str(library), "--data", str(tmp_path / "data")]
    assert main(["overview", *where]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("weeks 2021-04-05 to 2024-03-04 (1 far in the future)"), first
    assert main(["overview", "--json", *where]) == 0
    assert '"later": 1' in capsys.readouterr().out


# -- 3. end reaches the last row ---------------------------------------------------------


def _seed_claims(library: Path, data: Path, count: int) -> None:
    """``count`` claims, one per paragraph of one briefing, a month apart by event date."""
    body = "\n\n".join(f"Paragraph {i} reports a shipment." for i in range(count))
    (library / "long.md").write_text(
        f"---\nid: long\ntitle: Long\ndate: 2024-01-01\n---\n\n{body}\n", encoding="utf-8"
    )
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        record = ws.resolve("long")
        for i in range(count):
            day = f"{2000 + i // 12}-{1 + i % 12:02d}-15"
            ws.annotate(record, f"Paragraph {i} reports", event_date=day)


async def test_end_on_the_claims_screen_reaches_the_last_claim(
    make_app, library: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(claims_screen, "PAGE", 4)  # 13 claims: 4 listed at a time
    _seed_claims(library, tmp_path / "data", 13)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ClaimsScreen) and len(screen.shown) == 13
        await pilot.press("down")  # to the list
        options = screen.query_one(OptionList)
        assert options.option_count < 13
        await pilot.press("end")
        await settle(app, pilot)
        assert options.option_count == 13 and options.highlighted == 12
        assert screen.current() is screen.shown[-1]
        assert set(screen.notes) >= {claim.id for claim in screen.shown}  # each row's notes
        await pilot.press("home", "end")  # all listed: end goes straight there
        await settle(app, pilot)
        assert options.highlighted == 12


async def test_end_on_the_timeline_reaches_the_last_claim(
    make_app, library: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(timeline_screen, "PAGE", 6)
    _seed_claims(library, tmp_path / "data", 13)  # 13 months: 26 rows
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.timeline is not None
        options = screen.query_one(OptionList)
        assert options.option_count < 26
        await pilot.press("end")
        await settle(app, pilot)
        assert options.option_count == 26 and options.highlighted == 25
        entry = screen.current()
        assert entry is not None and entry.claim.quote == "Paragraph 12 reports"


# -- 4. a letter picks a grade -----------------------------------------------------------


async def test_a_letter_picks_the_grade_in_the_rate_dialog(make_app) -> None:
    info = SourceInfo("wire", "Wire", 3, 1, None, "", None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        answers: list[SourceRating | None] = []
        app.push_screen(RateSourceDialog(info), answers.append)
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#rate-grade").pressed_button.name == "B"
        assert any("a letter picks its grade" in str(x.render()) for x in dialog.query(Label))
        # In the note, letters are text: the grade stays B.
        dialog.query_one("#rate-note", Input).focus()
        await pilot.press(*"checked", "ctrl+s")
        await pilot.pause()
        assert answers == [SourceRating("B", "checked")]


async def test_minus_leaves_the_source_not_rated(make_app) -> None:
    info = SourceInfo("wire", "Wire", 3, 1, "C", "", None)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        answers: list[SourceRating | None] = []
        app.push_screen(RateSourceDialog(info), answers.append)
        await pilot.pause()
        await pilot.press("f", "minus", "ctrl+s")
        await pilot.pause()
        assert answers == [SourceRating("", "")]


# -- 5. the contradictions view's keys ---------------------------------------------------


async def test_the_contradictions_keys_are_the_ones_hint_help_and_readme_name(
    make_app, library: Path, tmp_path: Path
) -> None:
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        oil = ws.annotate(ws.resolve("oil"), "Oil prices rose as the government minister spoke.")
        india = ws.annotate(ws.resolve("sanctions"), "Washington warned India")
        won = ws.annotate(ws.resolve("election"), "The prime minister won the election.")
        ws.analysis.link(oil.id, "contradict", india.id)
        ws.analysis.link(oil.id, "support", won.id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.show_related(oil.id)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ContradictionsScreen)
        hint = str(screen.query_one("#related-message", Label).render())
        assert "←/→ or tab: column" in hint
        focus = []
        for key in ("right", "right", "left", "left", "tab", "tab"):
            await pilot.press(key)
            await pilot.pause()
            focus.append(screen.focused.id if screen.focused else None)
        assert focus == [
            "support-list",
            "support-list",  # right on the right column stays there
            "contradict-list",
            "contradict-list",
            "support-list",
            "contradict-list",
        ]
        table = bindings_table(screen, "Keys")
        assert "| `←` | Contradictions column |" in table
        assert "| `→` | Support column |" in table
        assert "`tab`" in table
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `x` |"))
    assert "`left` / `right` go to the contradictions / support column (`tab`" in row
