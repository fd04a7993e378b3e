"""Pathological Markdown (issue #8, group 5): the reader opens and shows it whole; it is indexed.

The documents are the benchmark's (:mod:`bench.corpora.hostile_docs`), at the issue's
full sizes: a 100,000-character line (a paragraph, a code line, one unbroken
word), 4,000 headings, a 2,000-row table, lists and quotes nested 200 levels,
HTML blocks and inline HTML. Each ends with a sentence of its own.

No timings here (the project's rule; ``python -m bench --figures
reader-hostile`` measures the stalls against the 100 ms target). What is
asserted is what makes the stalls short, and that nothing is lost:

* every part the reader mounts in one go holds a bounded number of widgets,
  and no text widget holds more than a piece of a long paragraph (so no
  widget wraps 100,000 characters, and only pieces in view are rendered);
* a big table is one widget that renders only the lines in view;
* the outline of 4,000 headings holds one part's headings, not 4,000;
* the whole document is reachable: ``end`` (or the find bar, across parts)
  reaches the last sentence, and the reader's text is the core's plain text,
  which the index searches;
* what Textual would drop silently (HTML, markdown-it's nesting limit) is
  shown: the HTML as text, deep nesting as source under a visible marker.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from textual.widgets import Tree
from textual.widgets._markdown import MarkdownBlock, MarkdownFence

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.text.layout import CHUNK_BLOCKS, FIRST_BLOCKS, first_screen, layout_document
from briefing_tui.core.text.plaintext import DEEP_MARKER, PIECE_CHARS, analyse, plain_text
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.app import BriefingApp, create_app
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.document import BriefingDocument
from briefing_tui.tui.widgets.markdown_blocks import (
    TABLE_WIDGET_CELLS,
    BriefingMarkdown,
    BriefingParagraph,
    piece_cuts,
)
from briefing_tui.tui.widgets.markdown_table import BriefingTable, TableLines

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.corpora.hostile_docs import HostileDoc, hostile_docs, last_words  # noqa: E402

DOCS = {doc.key: doc for doc in hostile_docs()}
#: The most widgets one part (one ``add_part``, one mount) may hold. A chunk is
#: budgeted at CHUNK_BLOCKS widgets; a list item is a few widgets, a code block two.
PART_WIDGETS = 4 * CHUNK_BLOCKS


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A library of every pathological briefing, synced once for the module."""
    root = tmp_path_factory.mktemp("pathological")
    content, data = (root / "library").resolve(), (root / "data").resolve()
    content.mkdir()
    for doc in DOCS.values():
        (content / f"{doc.key}.md").write_text(doc.document(), encoding="utf-8")
    with Workspace(resolve_paths(str(content), str(data))) as ws:
        report = ws.sync()
        assert not report.skipped, report.skipped
    yield content, data


def _record(app: BriefingApp, key: str) -> DocumentRecord:
    store = app.workspace.store  # type: ignore[union-attr]
    record = store.get(f"hostile-{key}") or store.get(f"html-{key}")
    assert record is not None
    return record


async def _settle(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def _open(app: BriefingApp, pilot, key: str) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await _settle(app, pilot)
    app.open_briefing(_record(app, key))
    await _settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    assert screen.rendered
    return screen


def _shown_text(screen: ReaderScreen) -> str:
    """Every text the reader's widgets hold (blocks, code, table cells), joined."""
    texts: list[str] = []
    for block in screen.query_one(BriefingDocument).query(MarkdownBlock):
        if isinstance(block, MarkdownFence):
            texts.append(block._highlighted_code.plain)
        elif isinstance(block, BriefingTable):
            texts.extend(block.model.cells)
        else:
            texts.append(block._content.plain)
    return "\n".join(texts)


def _assert_parts_bounded(screen: ReaderScreen) -> None:
    """What each mount added is bounded, and no text widget holds a whole long line."""
    for part in screen.query_one(BriefingDocument).parts:
        widgets = len(part.query("*"))
        assert widgets <= PART_WIDGETS, f"one part mounted {widgets} widgets"
    for paragraph in screen.query(BriefingParagraph):
        assert len(paragraph._content.plain) <= PIECE_CHARS


# -- the core: every document is parsed whole, in bounded chunks, and indexed ---------


@pytest.mark.parametrize("key", list(DOCS))
def test_plain_text_keeps_every_part_of_the_document(key: str) -> None:
    doc: HostileDoc = DOCS[key]
    text = plain_text(doc.body())
    assert text.endswith(last_words(key))
    # The deepest, widest or last piece of each shape is in the text, not dropped.
    deepest = {
        "long-line": "Opening line.",
        "long-code": "x = 'abab",
        "long-word": "Opening line.",
        "headings": "Heading 3999",
        "table": "r1999c3",
        "nested-lists": "ordered level 199",
        "nested-quotes": "mixed level 99",
        "html": "<script>alert(199)</script>",
    }[key]
    assert deepest in text
    assert len(max(text.split("\n\n"), key=len)) >= {"long-line": 100_000}.get(key, 0)


@pytest.mark.parametrize("key", list(DOCS))
def test_every_chunk_the_reader_mounts_is_bounded(key: str) -> None:
    """Each chunk is one top-level block, or whole blocks worth at most CHUNK_BLOCKS widgets.

    Checked by parsing each chunk again, independently of how it was cut.
    """
    body = DOCS[key].body()
    layout = layout_document(body)
    chunks = [
        chunk
        for section in layout.sections
        for chunk in layout.chunks(section.top_start, section.top_end)
    ]
    assert "".join(chunks) == "".join(layout.lines[layout.tops[0].line :])
    for chunk in chunks:
        _, tops = analyse(chunk)
        assert len(tops) == 1 or sum(top.weight for top in tops) <= CHUNK_BLOCKS, chunk[:80]
    head = first_screen(body)
    _, tops = analyse(head)
    assert len(tops) <= 1 or sum(top.weight for top in tops) <= FIRST_BLOCKS


def test_a_long_paragraph_counts_as_its_pieces() -> None:
    layout = layout_document(DOCS["long-line"].body())
    assert max(top.weight for top in layout.tops) >= 100_000 // PIECE_CHARS


def test_nesting_far_past_the_parser_limit_neither_recurses_nor_drops_text() -> None:
    deep_list = "".join(f"{'  ' * i}- item {i}\n" for i in range(3_000))
    source = ">" * 5_000 + " the deepest quote\n\nAfter it.\n\n" + deep_list + "\nThe end.\n"
    text = plain_text(source)
    assert text.count(DEEP_MARKER) == 2
    assert "the deepest quote" in text and "After it." in text and "- item 2999" in text
    assert text.endswith("The end.")


def test_pieces_join_to_the_text_and_break_after_spaces() -> None:
    text = DOCS["long-line"].body().split("\n\n")[1]
    cuts = piece_cuts(text)
    pieces = [text[a:b] for a, b in pairwise(cuts)]
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= PIECE_CHARS for piece in pieces)
    assert all(piece.endswith(" ") for piece in pieces[:-1])
    word = "x" * (PIECE_CHARS * 3 + 7)
    assert [b - a for a, b in pairwise(piece_cuts(word))] == [
        PIECE_CHARS,
        PIECE_CHARS,
        PIECE_CHARS,
        7,
    ]


def test_the_index_takes_each_and_finds_its_last_words(synced: tuple[Path, Path]) -> None:
    content, data = synced
    with Workspace(resolve_paths(str(content), str(data))) as ws:
        assert not ws.sync().skipped
        for key in DOCS:
            word = last_words(key).split()[-1].rstrip(".")
            assert [hit.id for hit in ws.search(word).hits] == [f"hostile-{key}"], key
        assert [hit.id for hit in ws.search("r1999c3").hits] == ["hostile-table"]
        assert [hit.id for hit in ws.search('"ordered level 199"').hits] == ["hostile-nested-lists"]


# -- the reader ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["long-line", "long-code", "long-word", "nested-lists", "nested-quotes", "html"]
)
async def test_reader_opens_bounded_and_reaches_the_last_words(
    synced: tuple[Path, Path], key: str
) -> None:
    content, data = synced
    app = create_app(str(content), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, key)
        _assert_parts_bounded(screen)
        body = DOCS[key].body()
        assert screen.plain == plain_text(body)
        layout = screen.doc_layout
        assert layout is not None
        # A document of many widgets is shown a part at a time: `}` walks to the last.
        for _ in range(len(layout.sections) - 1):
            await pilot.press("right_curly_bracket")
            await _settle(app, pilot)
            _assert_parts_bounded(screen)
        assert screen.section == len(layout.sections) - 1
        shown = _shown_text(screen)
        assert last_words(key) in shown
        await pilot.press("end")
        await _settle(app, pilot)
        scroll = screen.query_one("#reader-scroll")
        assert scroll.scroll_y == scroll.max_scroll_y
        last = [b for b in screen.query_one(BriefingDocument).highlightable_blocks()][-1]
        assert last._content.plain == last_words(key)
        assert last.region.height, "the last sentence is on screen after `end`"


async def test_a_long_paragraph_is_pieces_that_carry_highlights(synced: tuple[Path, Path]) -> None:
    content, data = synced
    app = create_app(str(content), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "long-line")
        document = screen.query_one(BriefingDocument)
        pieces = [b for b in document.highlightable_blocks() if b.has_class("-piece")]
        assert len(pieces) >= 100_000 // PIECE_CHARS - 1
        # One paragraph on screen: no blank line between its pieces (each kept the
        # paragraph's bottom margin, a blank line mid-sentence at every cut).
        first, second = pieces[0], pieces[1]
        assert first.styles.margin.bottom == 0
        assert first.virtual_region.bottom == second.virtual_region.y
        # A find match near the end of the 100,000 characters lands on a piece whose
        # offset is its place in the plain text, and is highlighted there.
        tail = screen.plain[-len(last_words("long-line")) - 60 :].split()[1]
        await pilot.press("f", *tail, "shift+enter")  # from the first match back to the last
        await _settle(app, pilot)
        assert screen.current_match == len(screen.matches) - 1 > 0
        start, end = screen.matches[screen.current_match]
        block = document.block_at(start)
        assert block is not None and block.doc_start is not None and block.doc_start > 90_000
        applied = {(s.start + block.doc_start, s.end + block.doc_start) for s in block._applied}
        assert (start, end) in applied


async def test_html_is_shown_as_text_never_dropped_silently(synced: tuple[Path, Path]) -> None:
    content, data = synced
    app = create_app(str(content), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "html")
        fences = [f._highlighted_code.plain for f in screen.query(MarkdownFence)]
        assert any(code.startswith('<div class="ad" id="n0">') for code in fences)
        assert any("A comment block" in code for code in fences)
        paragraphs = [b._content.plain for b in screen.query(BriefingParagraph)]
        assert any("<b>bold 0</b>" in p and "<script>alert(0)</script>" in p for p in paragraphs)


async def test_deep_nesting_is_shown_as_source_under_a_visible_marker(
    synced: tuple[Path, Path],
) -> None:
    content, data = synced
    app = create_app(str(content), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "nested-quotes")
        paragraphs = [b._content.plain for b in screen.query(BriefingParagraph)]
        assert DEEP_MARKER in paragraphs
        code = "\n".join(f._highlighted_code.plain for f in screen.query(MarkdownFence))
        assert ">" * 200 + " quote level 199" in code
        # The widget tree stays shallow: nothing near Python's recursion limit.
        deepest = max(len(list(w.ancestors)) for w in screen.query("*"))
        assert deepest < 60


async def test_a_2000_row_table_is_one_widget_rendering_only_what_is_in_view(
    synced: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[int] = []
    original = TableLines.render_line

    def counting(self: TableLines, y: int):  # type: ignore[no-untyped-def]
        rendered.append(y)
        return original(self, y)

    monkeypatch.setattr(TableLines, "render_line", counting)
    content, data = synced
    app = create_app(str(content), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "table")
        _assert_parts_bounded(screen)
        (table,) = screen.query(BriefingTable)
        assert len(table.query("*")) == 1
        assert len(table.model.cells) == 4 * 2_001 > TABLE_WIDGET_CELLS
        assert table.region.height >= 2_000
        assert len(rendered) < 400, "lines out of view were rendered"
        await pilot.press("end")
        await _settle(app, pilot)
        assert "r1999c3" in _shown_text(screen)
        assert screen.query_one("#reader-scroll").scroll_y > 1_900
        lines = [table.query_one(TableLines).render_line(y).text for y in range(3)]
        assert "Column 0" in lines[0] and "─" in lines[1] and "r0c0" in lines[2]


async def test_4000_headings_are_shown_a_part_at_a_time_with_a_bounded_outline(
    synced: tuple[Path, Path],
) -> None:
    content, data = synced
    app = create_app(str(content), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "headings")
        layout = screen.doc_layout
        assert layout is not None and layout.sectioned
        _assert_parts_bounded(screen)
        await pilot.press("o")
        await _settle(app, pilot)
        tree = screen.query_one("#outline").query_one(Tree)
        nodes = sum(1 for _ in _walk(tree.root))
        assert 0 < nodes <= 260, f"the outline holds {nodes} entries"
        # The last words are reachable: the find bar crosses parts.
        await pilot.press("o", "f", *last_words("headings").split()[-1].rstrip("."))
        await _settle(app, pilot)
        assert screen.section == len(layout.sections) - 1
        assert str(screen.query_one("#find-count").render()) == "1 of 1"
        assert last_words("headings") in _shown_text(screen)


def _walk(node) -> Iterator[object]:  # type: ignore[no-untyped-def]
    for child in node.children:
        yield child
        yield from _walk(child)


async def test_html_in_a_small_briefing_reaches_the_widget_as_text(tmp_path: Path) -> None:
    """The parser the reader uses is ours even for a two-line briefing."""
    from textual.app import App, ComposeResult

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield BriefingMarkdown()

    app = Host()
    async with app.run_test() as pilot:
        markdown = app.query_one(BriefingMarkdown)
        await markdown.update("<p>x</p>\n\nA <kbd>key</kbd>.\n")
        await pilot.pause()
        assert [b._content.plain for b in markdown.query(BriefingParagraph)] == [
            "A <kbd>key</kbd>."
        ]
        assert [f._highlighted_code.plain for f in markdown.query(MarkdownFence)] == ["<p>x</p>"]


async def test_a_claim_made_before_html_became_text_is_still_highlighted_on_its_words(
    tmp_path: Path,
) -> None:
    """HTML used to add no text; a claim made then has offsets that are now too small.

    Sync does not re-anchor an unchanged file, so the reader finds the quote
    again for display instead of highlighting whatever the old offsets hit.
    """
    content = (tmp_path / "library").resolve()
    content.mkdir()
    (content / "h.md").write_text(
        "---\nid: html-claim\ntitle: HTML then a claim\n---\n\n"
        "<div>\nA block of HTML that used to show nothing at all.\n</div>\n\n"
        "The minister denied the report on Tuesday.\n",
        encoding="utf-8",
    )
    with Workspace(resolve_paths(str(content), str(tmp_path / "data"))) as ws:
        ws.sync()
        record = ws.store.get("html-claim")
        assert record is not None
        claim = ws.annotate(record, "denied the report")
        # The offsets as the old rule (HTML adds no text) would have stored them.
        html = "<div>\nA block of HTML that used to show nothing at all.\n</div>\n\n"
        with ws.store.transaction() as db:
            db.execute(
                "UPDATE claims SET start = start - ?, end = end - ? WHERE id = ?",
                (len(html), len(html), claim.id),
            )
    app = create_app(str(content), str(tmp_path / "data"))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        screen = await _open(app, pilot, "claim")
        (shown,) = screen.claims
        start, end = shown.span or (0, 0)
        assert screen.plain[start:end] == "denied the report"
        highlighted = [
            block._content.plain[s.start : s.end]
            for block in screen.query_one(BriefingDocument).highlightable_blocks()
            for s in block._applied
        ]
        assert highlighted == ["denied the report"]
