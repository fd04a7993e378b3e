"""The reader: header, literal text, links of each kind, outline, position restore."""

from __future__ import annotations

from pathlib import Path

from confirm_support import answer_yes
from textual.widgets import Markdown

from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.header import BriefingHeader

from .conftest import settle


async def _open(app, pilot, query: str) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press(*query)
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def _visible_text(screen: ReaderScreen) -> str:
    markdown = screen.query_one("#document")
    return "\n".join(
        block._content.plain
        for block in markdown.query("MarkdownBlock")
        if hasattr(block, "_content")
    )


async def test_header_shows_metadata_not_raw_front_matter(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "opec")
        header = str(screen.query_one(BriefingHeader).render())
        assert "Oil prices climb after OPEC cut" in header
        assert "2024-03-05" in header and "Wire" in header and "energy, markets" in header
        assert "summary:" not in header and "---" not in _visible_text(screen)


async def test_markup_in_a_briefing_is_shown_literally_and_runs_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "election")
        await pilot.pause()
        text = _visible_text(screen)
        assert "[@click=app.quit]" in text
        assert "[bold]not bold[/bold]" in text
        # Clicking on the fake action text must not quit the app.
        await pilot.click("#document", offset=(30, 1))
        await pilot.pause()
        assert app.is_running


async def _click_link(screen: ReaderScreen, href: str) -> None:
    markdown = screen.query_one("#document").parts[0]
    screen.post_message(Markdown.LinkClicked(markdown, href))


async def test_link_to_another_briefing_opens_it_and_escape_comes_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "opec")
        await _click_link(screen, "notes/sanctions.md")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.record.id == "sanctions"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.record.id == "oil"


async def test_web_link_asks_first_and_opens_only_on_yes(make_app, monkeypatch) -> None:
    app = make_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "opec")
        await _click_link(screen, "https://example.org/x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert opened == []
        await _click_link(screen, "https://example.org/x")
        await pilot.pause()
        await answer_yes(pilot)
        await pilot.pause()
        assert opened == ["https://example.org/x"]


async def test_file_javascript_and_escaping_links_are_refused_with_a_notice(
    make_app, monkeypatch
) -> None:
    app = make_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "opec")
        for href in ("file:///etc/passwd", "javascript:alert(1)", "../outside.md", "--help"):
            await _click_link(screen, href)
            await pilot.pause()
            assert app.screen is screen, href
        messages = [n.message for n in app._notifications]
        assert any("file: links are not opened" in m for m in messages)
        assert any("javascript: links are not opened" in m for m in messages)
        assert any("outside the library" in m for m in messages)
        assert any("command-line option" in m for m in messages)
        assert opened == []


async def test_outline_lists_headings_and_toggles(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "opec")
        # The outline is made the first time it is shown.
        assert not any(outline.display for outline in screen.query("#outline"))
        await pilot.press("o")
        await pilot.pause()
        outline = screen.query_one("#outline")
        assert outline.display
        tree = outline.query_one("Tree")
        labels = [str(node.label) for node in tree.root.children]
        labels += [str(child.label) for node in tree.root.children for child in node.children]
        assert any("Oil prices climb" in label for label in labels)
        assert any("Outlook" in label for label in labels)


async def test_reading_position_is_restored(make_app, library) -> None:
    long_body = "\n\n".join(f"Paragraph {i} about pipelines." for i in range(200))
    (library / "long.md").write_text(
        f"---\nid: long\ntitle: Long read\ndate: 2025-01-01\n---\n\n{long_body}\n"
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "pipelines")
        scroll = screen.query_one("#reader-scroll")
        scroll.scroll_to(y=scroll.max_scroll_y / 2, animate=False)
        await pilot.pause()
        half = scroll.scroll_y
        assert half > 0
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        # Opened again without a search (which would jump to its first match).
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.2)
        restored = app.screen.query_one("#reader-scroll")
        assert abs(restored.scroll_y - half) <= 2


async def test_find_highlights_matches_and_n_moves_between_them(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "opec")
        await pilot.press("f")
        await pilot.press(*"prices")
        await pilot.pause()
        count = screen.query_one("#find-count")
        assert str(count.render()) == "1 of 3"
        await pilot.press("enter")
        assert str(count.render()) == "2 of 3"
        await pilot.press("escape")  # closes the find bar, stays in the reader
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("n")
        assert str(count.render()) == "3 of 3"
        await pilot.press("N", "N")
        assert str(count.render()) == "1 of 3"
        # The current match is drawn with its own style in the block that holds it.
        block = screen.query_one("#document").block_at(screen.matches[0][0])
        assert any(span.style == ".find-current" for span in block._applied)


async def test_opening_from_a_search_highlights_its_words(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "analysts")
        await pilot.pause()
        markdown = screen.query_one("#document")
        styled = [
            (block._content.plain[s.start : s.end], s.style)
            for block in markdown.query("MarkdownBlock")
            for s in getattr(block, "_applied", ())
        ]
        # The first match is the one shown and counted ("Search match 1 of 1"): it
        # stands out as the one n or N went to would.
        assert ("Analysts", ".find-current") in styled
        assert str(screen.query_one("#section-label").render()).startswith("Search match 1 of 1")


async def test_large_briefing_is_shown_a_part_at_a_time_and_find_crosses_parts(
    make_app, library
) -> None:
    sections = []
    for number in range(40):
        paragraphs = "\n\n".join(f"Paragraph {number}.{i} on grain exports." for i in range(60))
        sections.append(f"## Chapter {number}\n\n{paragraphs}\n")
    body = "\n".join(sections) + "\nThe unique needle sentence.\n"
    (library / "big.md").write_text(
        f"---\nid: big\ntitle: Big report\ndate: 2025-02-02\n---\n\n{body}"
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "grain")
        await settle(app, pilot)
        label = str(screen.query_one("#section-label").render())
        assert label.startswith("Part 1 of ")
        parts = screen.doc_layout.sections
        assert len(parts) > 1
        await pilot.press("right_curly_bracket")
        await settle(app, pilot)
        assert str(screen.query_one("#section-label").render()).startswith("Part 2 of ")
        await pilot.press("f", *"unique needle")
        await settle(app, pilot)
        assert screen.section == len(parts) - 1
        assert str(screen.query_one("#find-count").render()) == "1 of 1"


def _write_big_report(library: Path) -> None:
    """``big.md``: 40 chapters of 60 paragraphs, shown a part at a time."""
    chapters = []
    for number in range(40):
        paragraphs = "\n\n".join(f"Paragraph {number}.{i} on grain exports." for i in range(60))
        chapters.append(f"## Chapter {number}\n\n{paragraphs}\n")
    (library / "big.md").write_text(
        "---\nid: big\ntitle: Big report\ndate: 2025-02-02\n---\n\n" + "\n".join(chapters)
    )


def _tree_labels(tree) -> list[str]:  # type: ignore[no-untyped-def]
    """Every label of the outline's tree, depth first."""
    labels: list[str] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            labels.append(str(child.label).removeprefix("Ⅱ "))  # the level's mark
            walk(child)

    walk(tree.root)
    return labels


async def test_the_outline_of_a_briefing_shown_in_parts_lists_every_part(make_app, library) -> None:
    """The outline (``o``) listed the headings of the part on screen only: a long
    report's other chapters could not be found from it. It lists every other part
    by its title (here each chapter is a part); choosing one goes to that part,
    with its heading in view."""
    _write_big_report(library)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "grain")
        await settle(app, pilot)
        assert screen.doc_layout.sectioned and screen.section == 0
        await pilot.press("o")
        await settle(app, pilot)
        tree = screen.query_one("#outline").query_one("Tree")
        labels = _tree_labels(tree)
        assert [label for label in labels if label.startswith("Chapter")] == [
            f"Chapter {number}" for number in range(40)
        ]
        nodes = [tree.root]
        while not str(nodes[0].label).endswith(" Chapter 37"):
            nodes.extend(nodes.pop(0).children)
        tree.move_cursor(nodes[0])
        await pilot.press("enter")
        await settle(app, pilot)
        target = screen.doc_layout.section_of_offset(screen.plain.index("Chapter 37"))
        assert target > 0 and screen.section == target
        heading = next(
            block
            for block in screen.query_one("#document").query("MarkdownHeader")
            if block._content.plain == "Chapter 37"
        )
        scroll = screen._scroll()
        assert scroll.region.contains_region(heading.region) or heading.region.y >= scroll.region.y
        assert heading.region.y < scroll.region.bottom  # on screen
        # Back in the first part's chapters, by the outline again.
        labels = _tree_labels(screen.query_one("#outline").query_one("Tree"))
        assert [label for label in labels if label.startswith("Chapter")][:3] == [
            "Chapter 0",
            "Chapter 1",
            "Chapter 2",
        ]


async def test_the_outline_cursor_follows_a_move_to_another_part(make_app, library) -> None:
    """After ``enter`` on another part's entry, the outline's tree is made anew for
    that part and its cursor kept its line number: it sat on another heading than
    the one shown, and enter or down from there went elsewhere (a newcomer walk)."""
    chapters = []
    for number in range(40):
        half = "\n\n".join(f"Paragraph {number}.{i} on grain exports." for i in range(30))
        chapters.append(f"## Chapter {number}\n\n{half}\n\n### Detail {number}\n\n{half}\n")
    (library / "big.md").write_text(
        "---\nid: big\ntitle: Big report\ndate: 2025-02-02\n---\n\n" + "\n".join(chapters)
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "grain")
        await settle(app, pilot)
        assert screen.doc_layout.sectioned
        await pilot.press("o")
        await settle(app, pilot)
        tree = screen.query_one("#outline").query_one("Tree")
        nodes = [tree.root]
        while not str(nodes[0].label).endswith(" Chapter 37"):
            nodes.extend(nodes.pop(0).children)
        tree.move_cursor(nodes[0])
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.section == screen.doc_layout.section_of_offset(
            screen.plain.index("Chapter 37")
        )
        tree = screen.query_one("#outline").query_one("Tree")
        assert str(tree.cursor_node.label).endswith("Chapter 37"), tree.cursor_node.label


async def test_the_claim_cursor_takes_the_view_into_the_next_part(make_app, library) -> None:
    """Down past the last sentence of a part moved the claim cursor into the next part
    out of sight (the view stayed), and enter quoted text never shown (a newcomer
    walk on a 40-part report). The view follows it into that part."""
    _write_big_report(library)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "grain")
        await settle(app, pilot)
        assert screen.doc_layout.sectioned and screen.section == 0
        screen._scroll().scroll_end(animate=False)  # the part's end (`end`: the briefing's)
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert screen.selection is not None
        last_of_part = screen.doc_layout.section_of_offset(screen.selection.cursor_span[0])
        for _ in range(40):  # down to the first sentence past the part's end
            await pilot.press("down")
            await settle(app, pilot)
            start, _ = screen.selection.cursor_span
            if screen.doc_layout.section_of_offset(start) != last_of_part:
                break
        assert screen.doc_layout.section_of_offset(start) == screen.section == last_of_part + 1
        block = screen.query_one("#document").block_at(start)
        assert block is not None
        scroll = screen._scroll()
        assert scroll.region.y <= block.region.y < scroll.region.bottom  # on screen


async def test_part_keys_at_either_end_say_so(make_app, library) -> None:
    """``{`` on the first part and ``}`` on the last did nothing and said nothing."""
    _write_big_report(library)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "grain")
        await settle(app, pilot)
        count = len(screen.doc_layout.sections)
        await pilot.press("{")
        await settle(app, pilot)
        assert f"This is the first part (1 of {count})." in [n.message for n in app._notifications]
        screen._goto_section(count - 1)
        await settle(app, pilot)
        await pilot.press("}")
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert f"This is the last part ({count} of {count})." in said
        assert screen.section == count - 1


async def test_paging_on_at_the_end_of_a_part_goes_into_the_next(make_app, library) -> None:
    """Space and pagedown stopped at the end of a part with nothing said: a
    reader paging through took it for the end of the briefing."""
    _write_big_report(library)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "grain")
        await settle(app, pilot)
        assert screen.doc_layout.sectioned and screen.section == 0
        screen._scroll().scroll_end(animate=False)  # the part's end (`end`: the briefing's)
        await settle(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        assert screen.section == 1
        assert str(screen.query_one("#section-label").render()).startswith("Part 2 of ")
        assert screen.query_one("#reader-scroll").scroll_y == 0
        await pilot.press("pagedown")  # not at the end: a page, in the same part
        await settle(app, pilot)
        assert screen.section == 1 and screen.query_one("#reader-scroll").scroll_y > 0
        screen._scroll().scroll_end(animate=False)
        await settle(app, pilot)
        await pilot.press("pagedown")  # pagedown as space (the scroll view took it first)
        await settle(app, pilot)
        assert screen.section == 2
        # And back: pageup at the top of a part goes into the end of the one before
        # (it stopped there, a newcomer walk).
        scroll = screen.query_one("#reader-scroll")
        assert scroll.scroll_y == 0
        await pilot.press("pageup")
        await settle(app, pilot)
        assert screen.section == 1
        assert scroll.max_scroll_y > 0 and scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("pageup")  # not at the top: a page, in the same part
        await settle(app, pilot)
        assert screen.section == 1 and 0 < scroll.scroll_y < scroll.max_scroll_y


async def _open_path(app, pilot, path: str, terms: frozenset[str] = frozenset()) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """Open the briefing at ``path`` as the library does, with the search's body terms."""
    await settle(app, pilot)
    record = app.workspace.store.by_path(path)
    assert record is not None, path
    app.open_briefing(record, terms)
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def _shown_blocks(screen: ReaderScreen) -> list[str]:
    """The text of each paragraph and heading on screen, in order."""
    return [
        block._content.plain
        for block in screen.query_one("#document").query("MarkdownBlock")
        if getattr(block, "_inline_token", None) is not None
    ]


async def test_a_file_without_a_final_newline_shows_its_last_block_once(make_app, library) -> None:
    """#14 item 1: the first screen ended on the unterminated last line, and the
    rest of the document was appended from that line: its block twice."""
    bodies = {"ab.md": "a\n\nb", "list.md": "- one\n- two", "title.md": "# Title\n\nSome text"}
    for number, (name, body) in enumerate(bodies.items()):
        (library / name).write_text(f"---\nid: nl{number}\ntitle: T{number}\n---\n\n{body}")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for name in bodies:
            screen = await _open_path(app, pilot, name)
            await pilot.pause()
            assert _shown_blocks(screen) == [b.text for b in screen.doc_layout.blocks], name
            await pilot.press("escape")
            await settle(app, pilot)


async def test_claims_in_a_paragraph_with_a_bare_url_are_highlighted(make_app, library) -> None:
    """#14 item 2: the reader showed a bare URL's source (``a\\_b``, ``&amp;``), the
    core its text, so such paragraphs had no offsets and no claim showed in them."""
    body = (
        "Read https://example.com/a\\_b\\_c?x=1&amp;y=2 today, the _private_ way.\n\n"
        "See https://example.com/_private_ page.\n"
    )
    (library / "urls.md").write_text(f"---\nid: urls\ntitle: Urls\n---\n\n{body}")
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await _open_path(app, pilot, "urls.md")
        assert screen.plain == (
            "Read https://example.com/a_b_c?x=1&y=2 today, the private way.\n\n"
            "See https://example.com/private page."
        )
        document = screen.query_one("#document")
        assert _shown_blocks(screen) == screen.plain.split("\n\n")
        assert len(document.highlightable_blocks()) == 2
        await _claim(app, pilot, screen, "today")
        block = document.block_at(screen.plain.index("today"))
        assert any(span.style.startswith(".claim") for span in block._applied)


async def _claim(app, pilot, screen: ReaderScreen, word: str) -> None:  # type: ignore[no-untyped-def]
    """Claim the sentence holding ``word`` the way the CLI does, and show it."""
    start = screen.plain.index(word)
    sentence = next(s for s in screen.sentences if s[0] <= start < s[1])
    quote = screen.plain[sentence[0] : sentence[1]]
    app.workspace.annotate(screen.record, quote)
    claims = app.workspace.claims.for_document(screen.record.id)
    screen.show_claims(claims)
    await pilot.pause()


def _section_texts(screen: ReaderScreen) -> list[str]:
    layout = screen.doc_layout
    start, end = layout.text_range(layout.sections[screen.section])
    return [b.text for b in layout.blocks[start:end] if b.kind != "cell"]


async def test_a_link_reference_defined_in_a_later_part_is_resolved(make_app, library) -> None:
    """#14 item 3: definitions are document-wide; a part (or the first screen)
    parsed alone showed ``[ref]`` for a reference defined further down."""
    sections = [
        f"## Chapter {n}\n\n"
        + "\n\n".join(f"Paragraph {n}.{i} on grain exports." for i in range(60))
        + "\n"
        for n in range(20)
    ]
    sections[0] += "\nSee [the report][ref] and [ref] for the grain figures.\n"
    body = "\n".join(sections) + '\n[ref]: https://example.org/report "Report"\n'
    (library / "big.md").write_text(f"---\nid: big\ntitle: Big report\n---\n\n{body}")
    small = "See [the report][ref] for grain.\n\n" + "".join(
        f"Paragraph {i} on grain.\n\n" for i in range(80)
    )
    (library / "small.md").write_text(f"---\nid: small\ntitle: Small\n---\n\n{small}[ref]: /r\n")
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await _open_path(app, pilot, "big.md")
        assert screen.doc_layout.sectioned
        assert "See the report and ref for the grain figures." in screen.plain
        assert _shown_blocks(screen) == _section_texts(screen)
        document = screen.query_one("#document")
        assert len(document.highlightable_blocks()) == len(_shown_blocks(screen))
        await pilot.press("escape")
        await settle(app, pilot)
        screen = await _open_path(app, pilot, "small.md")
        assert not screen.doc_layout.sectioned
        assert _shown_blocks(screen) == _section_texts(screen)
        assert _shown_blocks(screen)[0] == "See the report for grain."


async def test_the_reader_highlights_the_terms_it_is_given(make_app) -> None:
    """The library passes the search's body terms (``SearchResults.body_terms``);
    the reader uses them as they are, without reading the library's search box."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"title:prices")
        await settle(app, pilot)
        screen = await _open_path(app, pilot, "oil.md", frozenset({"prices"}))
        found = [screen.plain[h.start : h.end] for h in screen._search_highlights]
        assert found == ["prices"] * screen.plain.count("prices") and len(found) == 3
        await pilot.press("escape")
        await settle(app, pilot)
        screen = await _open_path(app, pilot, "oil.md", frozenset())
        assert screen._search_highlights == []
