"""The review (f3) lists a claim whose passage went while a copy of its words stayed,
and says where the words stood: the newcomer walk's claim on the second reader's "I
agree wholeheartedly with Mr Forsyth." was moved onto the first reader's and never
listed."""

from __future__ import annotations

from .conftest import settle

AGREE = "I agree wholeheartedly with Mr Forsyth."
SECOND = f"John Brown, Derby: He sees one side of any argument. {AGREE} The very reason."
VIEWS = (
    "---\nid: views\ntitle: Your views\ndate: 2005-02-01\n---\n\n"
    f"Jane Smith, Leeds: We have lost the precious freedom. {AGREE} I am shocked.\n\n"
    f"{SECOND}\n\nAnn Green, Hull: How true.\n"
)


async def test_the_review_lists_a_claim_left_on_a_copy_and_says_where_it_stood(
    make_app, library, tmp_path
) -> None:
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace
    from briefing_tui.tui.screens.review import ReviewScreen

    (library / "views.md").write_text(VIEWS, encoding="utf-8")
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        claim = ws.annotate(ws.resolve("views"), AGREE, occurrence=2)
    (library / "views.md").write_text(VIEWS.replace(f"{SECOND}\n\n", ""), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert [(c.id, c.anchor) for c in screen.shown] == [(claim.id, "fuzzy")]
        shown = screen._option_text(screen.shown[0]).plain
        assert "was after “…one side of any argument.”, before “The very reason." in shown
        assert "now: the same words elsewhere" in shown
