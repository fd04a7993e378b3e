"""What a newcomer found walking the BBC articles and the CommonMark spec at 80x24
and 120x40 (session 20), pressing the keys they try without reading the help."""

from __future__ import annotations

from briefing_tui.tui.screens.help import HelpScreen

from .conftest import settle
from .test_library_newcomer import screen_text

LAST_HELP_WORDS = "whose claims are listed"


async def test_the_help_scrolls_with_the_readers_keys(make_app) -> None:
    """In the help, j, space and G did nothing (only the arrows, pgdn and end
    scrolled): a newcomer who had just read with them thought it stuck."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert LAST_HELP_WORDS not in " ".join(screen_text(app).split())
        await pilot.press("G")
        await pilot.pause()
        assert LAST_HELP_WORDS in " ".join(screen_text(app).split())
        await pilot.press("g")
        await pilot.pause()
        top = screen_text(app)
        assert "briefing-tui help" in top
        await pilot.press("space")
        await pilot.pause()
        assert "briefing-tui help" not in screen_text(app)
        await pilot.press("b", "j")
        await pilot.pause()
        assert screen_text(app) != top
        await pilot.press("k")
        await pilot.pause()
        assert screen_text(app) == top


async def test_a_query_of_punctuation_says_there_is_nothing_to_search_for(make_app) -> None:
    """`!!!` (or `the ` with its space) emptied the list and said only "No briefings
    match.", as if the library held no such text; the command line said why."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for query in ("!!!", "the "):
            await pilot.press("escape", *query)
            await settle(app, pilot)
            text = " ".join(screen_text(app).split())
            assert "nothing to search for" in text, query
            assert "No briefings match" not in text, query
            assert "Oil prices climb after OPEC cut" in text, query  # the list kept


async def test_question_mark_in_the_empty_search_box_is_the_help(make_app) -> None:
    """`?` is the help everywhere, but typed into the empty search box (where the
    library starts) it said "'?': * may only end a word"; in a query it stays typed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", *"oil", "question_mark")
        await settle(app, pilot)
        assert not isinstance(app.screen, HelpScreen)
        assert "oil?" in screen_text(app)


async def test_q_goes_back_from_every_screen_as_from_the_reader(make_app) -> None:
    """`q` left the reader, the help and the changes view, but on the overview, the
    tag manager, the timeline or the claims list it did nothing (only `escape`); in
    a query box it is still typed."""
    from textual.widgets import Input

    from briefing_tui.tui.screens.library import LibraryScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in ("f6", "f4", "f5"):
            await pilot.press(key)
            await settle(app, pilot)
            assert not isinstance(app.screen, LibraryScreen), key
            if isinstance(app.focused, Input):
                await pilot.press("tab")
            await pilot.press("q")
            await settle(app, pilot)
            assert isinstance(app.screen, LibraryScreen), key
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("q")
        await settle(app, pilot)
        assert not isinstance(app.screen, LibraryScreen)
        assert app.focused.value == "q"
        await pilot.press("backspace", "tab", "q")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_a_claims_export_given_to_add_says_how_to_bring_it_back(make_app, tmp_path) -> None:
    """ctrl+n with the W3C export just written: it was added as a briefing titled "{"."""
    from pathlib import Path

    from textual.widgets import Label

    from .test_add_dialog import add, open_add, titles

    example = Path(__file__).resolve().parents[1] / "standards/fixtures/examples/example01.jsonld"
    exported = tmp_path / "claims.jsonld"
    exported.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_add(app, pilot, "ctrl+n")
        before = titles(app)
        await add(app, pilot, str(exported))
        assert app.screen is dialog  # nothing added: the dialog says why
        status = str(dialog.query_one("#add-status", Label).content)
        assert "W3C Web Annotations, not an article: briefing import-annotations" in status
        await pilot.press("escape")
        await settle(app, pilot)
        assert titles(app) == before and "{" not in titles(app)


async def test_a_part_cut_inside_a_chapter_is_no_parent_of_the_next_chapters(
    make_app, library
) -> None:
    """The CommonMark spec in parts: a part cut inside a chapter was "Part 10", drawn
    in the outline as a level-1 entry with the next chapters (parts of their own) as
    its children. It is titled after the chapter it continues, at that chapter's level,
    and the line above the text says so too."""
    from textual.widgets import Tree

    from .test_reader_screen import _open

    chapters = []
    for name in ("Alpha", "Beta", "Gamma"):
        paragraphs = "\n\n".join(f"{name} grain paragraph {i}." for i in range(400))
        chapters.append(f"## {name}\n\n{paragraphs}\n")
    (library / "spec.md").write_text(
        "---\nid: spec\ntitle: Spec in parts\ndate: 2025-02-02\n---\n\n" + "\n".join(chapters)
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "title:spec")
        await pilot.press("o")
        await settle(app, pilot)
        tree = screen.query_one("#outline").query_one(Tree)
        top = [
            str(node.label.plain if hasattr(node.label, "plain") else node.label)
            for node in tree.root.children
        ]
        assert not any("Part " in label for label in top), top
        for name in ("Alpha (continued)", "Beta", "Beta (continued)", "Gamma"):
            assert any(label.endswith(name) for label in top), (name, top)
        await pilot.press("escape", "right_curly_bracket")
        await settle(app, pilot)
        label = str(screen.query_one("#section-label").render())
        assert label.startswith("Part 2 of ") and "Alpha (continued)" in label, label


async def test_a_chapter_begun_inside_another_part_is_in_the_outline(make_app, library) -> None:
    """ "Links" began inside the part cut in "Emphasis" (the CommonMark spec): the
    outline listed each other part by its first heading, so "Links" was nowhere in
    it; enter on it goes to that chapter."""
    from textual.widgets import Tree

    from .test_reader_screen import _open

    sizes = {"Alpha": 600, "Beta": 10, "Gamma": 10, "Delta": 600}
    chapters = [
        f"## {name}\n\n" + "\n\n".join(f"{name} grain paragraph {i}." for i in range(count))
        for name, count in sizes.items()
    ]
    (library / "spec.md").write_text(
        "---\nid: spec\ntitle: Spec in parts\ndate: 2025-02-02\n---\n\n" + "\n".join(chapters)
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "title:spec")
        layout = screen.doc_layout
        assert layout is not None and layout.sectioned and screen.section == 0
        assert "Gamma" not in [part.title for part in layout.sections]
        await pilot.press("o")
        await settle(app, pilot)
        tree = screen.query_one("#outline").query_one(Tree)
        nodes = {str(node.label).split(" ", 1)[-1]: node for node in tree.root.children}
        assert {"Beta", "Gamma", "Delta"} <= set(nodes), list(nodes)
        tree.move_cursor(nodes["Gamma"])
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Gamma grain paragraph 0." in " ".join(screen_text(app).split())


async def test_an_introduction_part_is_no_parent_of_the_chapters(make_app, library) -> None:
    """A briefing that opens with a paragraph before its first chapter: its first
    part, "Part 1", was a level-1 entry and every chapter was drawn as its child."""
    from textual.widgets import Tree

    from .test_reader_screen import _open

    chapters = [
        f"## {name}\n\n" + "\n\n".join(f"{name} grain paragraph {i}." for i in range(400))
        for name in ("Alpha", "Beta", "Gamma")
    ]
    (library / "spec.md").write_text(
        "---\nid: spec\ntitle: Spec in parts\ndate: 2025-02-02\n---\n\n"
        "An introduction before the chapters.\n\n" + "\n".join(chapters)
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "title:spec")
        await pilot.press("right_curly_bracket", "o")
        await settle(app, pilot)
        tree = screen.query_one("#outline").query_one(Tree)
        top = [str(node.label).split(" ", 1)[-1] for node in tree.root.children]
        assert top[0] == "Part 1" and {"Beta", "Gamma"} <= set(top), top
