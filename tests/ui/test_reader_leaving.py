"""Leaving a briefing: the library answers at once, and the reader's memory is given back.

What made ``escape`` stall (300 ms to over a second at 100 KB) was work on a
reader already gone: restyling its whole document when its scroll column lost
the focus, and one garbage collection walking every object the app holds.
These tests check the work is not done, not how long anything takes.
"""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual.dom import DOMNode

from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.document import BriefingDocument
from briefing_tui.tui.widgets.markdown_blocks import BriefingParagraph

from .conftest import settle, write_library


async def _open_first(app, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("tab")  # from the search box to the list
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen) and app.screen.rendered
    return app.screen


async def _given_back(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until a closed reader's memory has been given back (its collection done)."""
    from briefing_tui.tui.closed_widgets import releasing

    for _ in range(100):
        if not releasing(app):
            return
        await pilot.pause()
    raise AssertionError("the closed reader's memory is still being given back")


async def test_after_escape_the_list_moves_and_no_closed_widget_is_restyled(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_first(app, pilot)
        closed = {id(node) for node in reader.walk_children(with_self=True)}
        restyled: list[int] = []
        update_nodes = app.stylesheet.update_nodes

        def recording(nodes: Iterable[DOMNode], animate: bool = False) -> None:
            nodes = list(nodes)
            restyled.extend(id(node) for node in nodes)
            update_nodes(nodes, animate=animate)

        app.stylesheet.update_nodes = recording  # type: ignore[method-assign]
        await pilot.press("escape")
        listing = app.screen.query_one(BriefingList)
        before = listing.current
        await pilot.press("down")  # right away: the reader's teardown may still be going
        assert listing.current != before, "the library answers a key at once after escape"
        await settle(app, pilot)
        assert not isinstance(app.screen, ReaderScreen)
        assert not closed & set(restyled), "a widget of the closed reader was restyled"


async def test_leaving_frees_the_reader_without_thawing_the_app(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's own objects stay frozen (never walked) while a closed reader is freed:
    a long one, whose hundreds of widgets take a while to close."""
    body = "".join(f"Paragraph {n} of a long briefing, about oil.\n\n" for n in range(300))
    content = write_library(tmp_path / "long", {"long.md": "# Long\n\n" + body})
    app = make_app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_first(app, pilot)
        closed = weakref.ref(reader)
        document = weakref.ref(reader.query_one(BriefingDocument))
        del reader
        thawed: list[object] = []
        unfreeze = gc.unfreeze

        def recording() -> None:
            thawed.append(None)
            unfreeze()

        monkeypatch.setattr(gc, "unfreeze", recording)
        await pilot.press("escape")
        await settle(app, pilot)
        assert document() is None and closed() is None, "the closed reader is freed"
        assert not thawed, "leaving unfroze (and walked) every object of the app"


async def test_a_reader_whose_workers_ran_last_on_every_thread_is_still_freed(
    make_app, tmp_path: Path
) -> None:
    """A thread keeps no worker it ran: Textual marks the running worker in the
    thread's own context, and a reader's worker, the last one a thread ran,
    kept the closed reader alive (and frozen with the app, for good)."""
    body = "".join(f"Paragraph {n} of a long briefing, about oil.\n\n" for n in range(100))
    content = write_library(tmp_path / "long", {"long.md": "# Long\n\n" + body})
    app = make_app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_first(app, pilot)
        # More overlapping jobs than the pool has threads: each thread's last job is the reader's.
        for _ in range(16):
            reader.run_worker(partial(time.sleep, 0.1), thread=True, group="test-last-jobs")
        await reader.workers.wait_for_complete()
        closed = weakref.ref(reader)
        del reader
        await pilot.press("escape")
        await settle(app, pilot)
        assert closed() is None, "the closed reader is kept alive by a worker thread"


async def test_inline_styles_still_show_with_no_style_nodes_per_block(
    make_app, tmp_path: Path
) -> None:
    """Bold, italic, struck and code words look as before; the styles come from the part."""
    body = "A **strong** word, an *emphasised* one, a ~~struck~~ one and `code`.\n\n" * 3
    content = write_library(tmp_path / "styled", {"styled.md": "# Styled\n\n" + body})
    app = make_app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_first(app, pilot)
        paragraphs = list(reader.query(BriefingParagraph))
        assert len(paragraphs) == 3
        for paragraph in paragraphs:
            # Textual gives every block four styled DOM nodes of its own (most of
            # a rendered briefing's objects); these blocks have none.
            assert paragraph._component_styles == {}
            style: Any = paragraph._get_style
            assert style(".strong").bold and style(".em").italic and style(".s").strike
            assert style(".code_inline").background is not None


def _long_briefing(size: int) -> str:
    """Prose of ``size`` characters: paragraphs of a few wrapped lines, a heading now and then."""
    words = [
        "oil",
        "prices",
        "rose",
        "again",
        "as",
        "the",
        "ministers",
        "met",
        "to",
        "discuss",
        "supply",
        "and",
        "demand",
    ]
    blocks = ["# A long briefing"]
    while sum(len(block) + 2 for block in blocks) < size:
        number = len(blocks)
        if number % 12 == 0:
            blocks.append(f"## Part {number // 12}")
        else:
            sentence = " ".join(words[(number + n) % len(words)] for n in range(60))
            blocks.append(f"Paragraph {number}: {sentence}.")
    return "\n\n".join(blocks) + "\n"


@pytest.mark.parametrize("with_dialog", [False, True], ids=["read", "after a dialog"])
async def test_leaving_empties_the_closed_widgets_caches_before_the_collection(
    make_app, tmp_path: Path, with_dialog: bool
) -> None:
    """The collection after escape stops the app for as long as what it frees takes:
    the box models and rendered lines every widget cached are let go of before it
    starts, a slice of widgets per frame (freed as they go), so it frees the widgets
    alone. A box-model cache's entries are linked in a ring only a collection frees:
    the ring is cut. The same after a dialog showed over the reader and closed."""
    content = write_library(tmp_path / "long", {"long.md": _long_briefing(100_000)})
    app = make_app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_first(app, pilot)
        if with_dialog:  # the reader is suspended under the tags dialog, then back
            await pilot.press("t")
            await settle(app, pilot)
            assert app.screen is not reader
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is reader
        paragraphs = list(reader.query(BriefingParagraph))
        # The caches alone (they hold nothing of their widget), to look at later.
        box_models = [paragraph._box_model_cache for paragraph in paragraphs]
        links = [link for cache in box_models for link in cache._cache.values()]
        lines = [paragraph._styles_cache for paragraph in paragraphs]
        assert links and any(cache._cache for cache in lines), "the reader cached its layout"
        assert all(paragraph._inline_token is not None for paragraph in paragraphs)
        # Held weakly: the widgets are what the collection frees.
        widgets = [weakref.ref(paragraph) for paragraph in paragraphs]
        closed = weakref.ref(reader)
        del reader, paragraphs
        # What each full collection found cached when it started.
        found: list[tuple[int, int, int, int]] = []

        def at_start(phase: str, info: dict[str, int]) -> None:
            if phase == "start" and info["generation"] == 2:
                found.append(
                    (
                        sum(len(cache) for cache in box_models),
                        sum(1 for link in links if link),
                        sum(len(cache._cache) for cache in lines),
                        sum(getattr(ref(), "_inline_token", None) is not None for ref in widgets),
                    )
                )

        gc.callbacks.append(at_start)
        try:
            await pilot.press("escape")
            await settle(app, pilot)
            await _given_back(app, pilot)
        finally:
            gc.callbacks.remove(at_start)
        assert closed() is None, "the closed reader is freed"
        assert found, "a full collection freed it"
        box_models_left, linked_left, lines_left, tokens_left = found[0]
        assert box_models_left == 0, "box models are let go of before the collection"
        assert linked_left == 0, "the rings of box models are cut before the collection"
        assert lines_left == 0, "rendered lines are let go of before the collection"
        assert tokens_left == 0, "parsed inline text is let go of before the collection"


async def test_inline_styles_come_from_the_document_not_from_each_part(
    make_app, tmp_path: Path
) -> None:
    """Bold words in every part of a long briefing look the same, with four style
    nodes for the whole document instead of four per part (each a styled DOM node
    of ~60 objects, made as it opens and walked by the collection that frees it)."""
    body = "".join(f"Paragraph {n} has a **strong** word.\n\n" for n in range(400))
    content = write_library(tmp_path / "long", {"long.md": "# Long\n\n" + body})
    app = make_app(content)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_first(app, pilot)
        document = reader.query_one(BriefingDocument)
        assert len(document.parts) > 1, "a long briefing is drawn in several parts"
        last = list(reader.query(BriefingParagraph))[-1]
        style: Any = last._get_style
        assert style(".strong").bold and style(".em").italic
        for part in document.parts:
            assert part._component_styles == {}, "a part has no style nodes of its own"


async def test_a_reader_left_as_soon_as_it_opened_is_freed(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Escape right after a short briefing appears frees it: the open's wait for its
    first frame (with a time limit) kept the reader alive, through its worker, until
    that limit was due, so the collection on leaving walked it and freed nothing."""
    from briefing_tui.tui.screens.reader import screen as reader_screen

    monkeypatch.setattr(reader_screen, "FRAME_WAIT_S", 60.0)  # still waiting when left
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_first(app, pilot)
        closed = weakref.ref(reader)
        del reader
        await pilot.press("escape")
        await settle(app, pilot)
        await _given_back(app, pilot)
        assert closed() is None, "the reader left is freed by the collection on leaving"
