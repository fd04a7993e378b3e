"""The sentence cursor in a paragraph taller than the view, and re-attaching an
orphaned claim, as a newcomer walk found them.

What is on screen is read back through Textual (the widget and the line and
column under each row of the view), not through the reader's own line
arithmetic, so these tests check what a user sees.
"""

from __future__ import annotations

import pytest

from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.screens.reader.selection import SentenceCursor

from .conftest import settle

WORDS = [
    "ports",
    "tariffs",
    "grain",
    "quotas",
    "shipping",
    "lanes",
    "carry",
    "ministers",
    "talks",
    "ceasefire",
]


def one_long_paragraph(sentences: int = 400) -> str:
    """A briefing whose body is mostly one paragraph of ``sentences`` (about 41 KB)."""
    said = [
        f"Sentence {i} says that {' '.join(WORDS[(i + k) % len(WORDS)] for k in range(8))} "
        "and the rest of it."
        for i in range(sentences)
    ]
    body = " ".join(said)
    return (
        "---\nid: long\ntitle: Long paragraph\ndate: 2030-01-01\n---\n\n"
        f"# Heading\n\nIntro paragraph.\n\n{body}\n\nA closing paragraph.\n"
    )


async def open_newest(app, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")  # the newest briefing: dated 2030
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    await pilot.pause()
    return app.screen


def shown_range(screen: ReaderScreen) -> tuple[int, int]:
    """The plain-text offsets from the start of the view's first text line to the
    end of its last one, as Textual maps the screen's cells back to the text."""
    document = screen.query_one("#document")
    view = screen.query_one("#reader-scroll").content_region

    def text_at(x: int, y: int) -> int | None:
        return document.offset_at(*screen.get_widget_and_offset_at(x, y))

    def first_in(rows: range, columns: range) -> int | None:
        for y in rows:
            for x in columns:
                offset = text_at(x, y)
                if offset is not None:
                    return offset
        return None

    columns = range(view.x, view.right)
    first = first_in(range(view.y, view.bottom), columns)
    last = first_in(range(view.bottom - 1, view.y - 1, -1), columns[::-1])
    assert first is not None and last is not None, "no text on screen"
    return first, last + 1


def cursor_shown(screen: ReaderScreen) -> bool:
    assert screen.selection is not None
    start, _ = screen.selection.cursor_span
    first, last = shown_range(screen)
    return first <= start < last


# -- 1. a paragraph taller than the view ----------------------------------------------


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_c_in_a_long_paragraph_starts_at_the_top_of_the_view(make_app, library, size) -> None:
    """Three pages into one paragraph of 400 sentences, ``c`` jumped the view back
    to the top of the piece drawn there (sentences 307-339 of the walk) and put the
    cursor on its first sentence, off screen."""
    (library / "long.md").write_text(one_long_paragraph(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_newest(app, pilot)
        scroll = screen.query_one("#reader-scroll")
        await pilot.press("space", "space", "space")
        await pilot.pause()
        before = scroll.scroll_y
        top, _ = shown_range(screen)
        await pilot.press("c")
        await pilot.pause()
        assert screen.selection is not None
        assert scroll.scroll_y == before  # the view stays where it was
        assert shown_range(screen)[0] == top
        # The cursor: the first sentence starting on screen (the top line may be the
        # end of one begun above), within the first lines of the view.
        start, _ = screen.selection.cursor_span
        assert top <= start < top + 2 * size[0]
        assert screen.sentences[screen.selection.cursor - 1][0] < top
        assert cursor_shown(screen)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_cursor_stays_in_view_moving_through_a_long_paragraph(
    make_app, library, size
) -> None:
    (library / "long.md").write_text(one_long_paragraph(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("space", "space", "space", "c")
        await pilot.pause()
        assert screen.selection is not None
        first = screen.selection.cursor
        for step in range(60):
            await pilot.press("down")
            if step % 7 == 0:
                await pilot.pause()
                assert cursor_shown(screen), f"down {step + 1}"
        await pilot.pause()
        assert screen.selection.cursor == first + 60 and cursor_shown(screen)
        for _ in range(12):  # the selection grows over several sentences
            await pilot.press("shift+down")
        await pilot.pause()
        assert screen.selection.count == 13 and cursor_shown(screen)
        for step in range(100):
            await pilot.press("up")
            if step % 9 == 0:
                await pilot.pause()
                assert cursor_shown(screen), f"up {step + 1}"
        await pilot.pause()
        assert screen.selection.cursor == first + 72 - 100 and cursor_shown(screen)
        for _ in range(5):
            await pilot.press("shift+up")
        await pilot.pause()
        assert cursor_shown(screen)


async def test_find_shows_a_match_deep_in_a_long_paragraph(make_app, library) -> None:
    """A match far into a piece taller than the view was scrolled to the piece's top."""
    (library / "long.md").write_text(one_long_paragraph(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("f", *"Sentence 250 says")
        await pilot.pause()
        start, _ = screen.matches[screen.current_match]
        first, last = shown_range(screen)
        assert first <= start < last


# -- 2. re-attaching an orphaned claim ------------------------------------------------

GONE = "The envoy signed a secret accord with Zanzibar at noon."


def many_paragraphs(with_gone: bool) -> str:
    parts = ["# Opening", "The first paragraph."]
    for i in range(60):
        extra = f" {GONE}" if i == 40 and with_gone else ""
        parts.append(f"Paragraph {i} opens here.{extra} It ends with sentence {i}.")
    body = "\n\n".join(parts)
    return f"---\nid: many\ntitle: Many paragraphs\ndate: 2030-01-01\n---\n\n{body}\n"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_reattach_starts_where_the_orphaned_claim_was(
    make_app, library, tmp_path, size
) -> None:
    """F3 then ``r`` on an orphaned claim started the cursor on the heading at the
    top of the briefing, though the text around the claim's passage was intact."""
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    (library / "many.md").write_text(many_paragraphs(with_gone=True), encoding="utf-8")
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        ws.annotate(ws.resolve("many"), GONE)
    (library / "many.md").write_text(many_paragraphs(with_gone=False), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert [c.anchor for c in app.screen.shown] == ["orphaned"]
        await pilot.press("tab", "r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for _ in range(60):
            if screen.selection is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert screen.selection is not None
        start, end = screen.selection.cursor_span
        # Where the passage was: between "Paragraph 40 opens here." and its end.
        assert screen.plain[start:end] in ("Paragraph 40 opens here.", "It ends with sentence 40.")
        assert cursor_shown(screen)
        assert screen.query_one("#reader-scroll").scroll_y > 0


def test_nearest_sentence_to_an_offset() -> None:
    sentences = [(0, 10), (12, 20), (40, 50)]
    pick = lambda offset: SentenceCursor.nearest(sentences, offset).cursor  # noqa: E731
    assert [pick(o) for o in (0, 5, 11, 15, 21, 35, 45, 60)] == [0, 0, 1, 1, 1, 2, 2, 2]
    assert SentenceCursor.nearest([], 3) is None
