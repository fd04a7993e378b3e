"""The claims screen (f2) takes `briefing claims`'s query language and lists the
same claims; a query that can't run, or a term no claim can have, says why."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Label

from briefing_tui.cli import main
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.review import ReviewScreen

from .conftest import settle

TALKS = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2025-05-05\ntags: [digest]\n---\n\n"
    "# Talks resume\n\n"
    "Delegations met in Geneva on Monday. The ceasefire held overnight. "
    "Observers were cautious.\n\nThey promised to draw a line under the dispute.\n"
)
OLD = (
    "---\nid: old\ntitle: An old cable\ndate: 2005-02-01\n---\n\n"
    "The embassy reported unrest. Nobody confirmed it.\n"
)
QUERIES = [
    "",
    "note:source",
    'claim:"draw a line"',
    "has:claims",
    "date:2005",
    "tag:digest",
    "tag:ceasefire",
    "status:key",
    "status:key OR status:disputed",
    "NOT status:open",
    "anchor:exact",
    "ceasefire",
    "cautious note:who",
    "date:2025 status:open",
    "title:cable",
]
#: How many of QUERIES the claims-screen test types key by key (the rest are pasted).
TYPED = 4


def _seed(library: Path, data: Path) -> None:
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    (library / "talks.md").write_text(TALKS, encoding="utf-8")
    (library / "old.md").write_text(OLD, encoding="utf-8")
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        talks = ws.resolve("talks")
        ws.annotate(talks, "The ceasefire held overnight.", status="key", tags=["ceasefire"])
        ws.annotate(talks, "Observers were cautious.", note="Who are they? Need a source.")
        ws.annotate(talks, "They promised to draw a line under the dispute.", status="disputed")
        ws.annotate(ws.resolve("old"), "The embassy reported unrest.", note="single source")


def _cli_ids(library: Path, data: Path, query: str, capsys) -> list[str]:  # type: ignore[no-untyped-def]
    args = ["claims", *([query] if query else []), "--json"]
    code = main([*args, "--content", str(library), "--data", str(data)])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return [claim["id"] for claim in json.loads(out)]


async def _filter(app, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    box = app.screen.query_one("#claims-filter")
    box.value = ""
    await pilot.press(*text) if text else None
    await settle(app, pilot)


async def _paste(app, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """The query in the box at once, as a paste puts it (typing it is :func:`_filter`)."""
    app.screen.query_one("#claims-filter").value = text
    await settle(app, pilot)


def _message(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#claims-message", Label).render())


async def test_the_claims_screen_lists_what_briefing_claims_lists(
    make_app, library, tmp_path, capsys
) -> None:
    data = tmp_path / "data"
    _seed(library, data)
    expected = {query: _cli_ids(library, data, query, capsys) for query in QUERIES}
    # The cases the old filter missed find something through the CLI.
    for query in ("note:source", 'claim:"draw a line"', "has:claims", "date:2005", "tag:digest"):
        assert expected[query], query
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimsScreen)
        # The first queries are typed key by key, the rest pasted: the listing follows
        # the box's value either way, and typing all of them took 20 s of key presses.
        for number, query in enumerate(QUERIES):
            await (_filter if number < TYPED else _paste)(app, pilot, query)
            assert [claim.id for claim in app.screen.shown] == expected[query], query
            assert "⚠" not in _message(app)


async def test_a_bad_query_says_why_and_keeps_the_claims_listed(
    make_app, library, tmp_path
) -> None:
    _seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await _filter(app, pilot, "status:key")
        assert [claim.quote for claim in app.screen.shown] == ["The ceasefire held overnight."]
        app.screen.query_one("#claims-filter").value = "status:key date:2005-13"  # pasted
        await settle(app, pilot)
        assert _message(app) == "⚠ date:2005-13 is not a valid date (month must be in 1..12)"
        assert [claim.quote for claim in app.screen.shown] == ["The ceasefire held overnight."]
        await _filter(app, pilot, "sort:date")
        assert _message(app).startswith("⚠ unknown field sort: (known fields: title:")
        await _filter(app, pilot, "status:done")
        assert _message(app) == (
            "⚠ status:done is not a claim status "
            "(use status:open, status:key, status:verified, status:disputed, status:false)"
        )
        await _filter(app, pilot, "status:false")  # a status, which no claim has
        assert app.screen.shown == []
        assert _message(app) == "No claims match."
        await _filter(app, pilot, "date:2005")
        assert _message(app) == ""
        count = str(app.screen.query_one("#claims-count", Label).render())
        assert count.startswith("1 of 4 claims")


async def test_a_status_being_typed_is_not_warned_about(make_app, library, tmp_path) -> None:
    """``status:dis`` on its way to ``status:disputed``: each key selects as entered,
    so the walk saw "⚠ status:dis is not a claim status" flash at every letter of a
    right value. Now the screen says where the value is going, and warns only once
    it can become no status."""
    _seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await _filter(app, pilot, "status:dis")
        assert _message(app) == "Keep typing: status:disputed"
        assert app.screen.shown == []
        await pilot.press(*"puted")
        await settle(app, pilot)
        assert _message(app) == ""
        assert [claim.quote for claim in app.screen.shown] == [
            "They promised to draw a line under the dispute."
        ]
        await _filter(app, pilot, "status:dix")
        assert _message(app).startswith("⚠ status:dix is not a claim status")


async def test_sort_and_review_keep_working_with_the_query(make_app, library, tmp_path) -> None:
    _seed(library, tmp_path / "data")
    edited = TALKS.replace("They promised to draw a line under the dispute.\n", "")
    (library / "talks.md").write_text(edited, encoding="utf-8")  # orphans one claim
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await _filter(app, pilot, "note:source")  # in both briefings
        titles = list(dict.fromkeys(app.screen.records[c.doc_id].title for c in app.screen.shown))
        assert titles == ["Talks resume", "An old cable"]  # newest briefing first
        await pilot.press("ctrl+s")
        await pilot.pause()
        titles = list(dict.fromkeys(app.screen.records[c.doc_id].title for c in app.screen.shown))
        assert titles == ["An old cable", "Talks resume"]  # by title
        await pilot.press("escape", "f3")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert [c.anchor for c in app.screen.shown] == ["orphaned"]
        await _filter(app, pilot, "tag:digest")
        assert [c.anchor for c in app.screen.shown] == ["orphaned"]
        await _filter(app, pilot, "date:2005")
        assert app.screen.shown == []


async def test_a_library_without_claims_says_how_to_make_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await _filter(app, pilot, "note:source")
        assert _message(app) == "No claims yet: in a briefing, c starts one (a sentence cursor)."
        await pilot.press("escape", "f3")
        await settle(app, pilot)
        assert _message(app) == "No claims need review."
