"""Letting go of what a closed screen's widgets hold, a few widgets per frame.

Leaving a briefing ends in one full garbage collection (``gc_hold``) that
frees the closed reader: it stops the event loop for as long as it walks and
frees the reader's objects, about 97,000 at 100 KB, 1-3 µs each on this
machine (more under load). A quarter of them were each widget's box-model
cache, an LRU cache whose entries are linked in a ring (a cycle: only a
collection frees it); more were rendered lines (``Strip``, each with seven
small caches of its own, some holding the line itself) and layout caches.
None of it is needed once a widget has closed, and none of it is part of a
cycle once the rings are cut and the lines' caches emptied: dropped here,
reference counting frees it at once, a slice of widgets per frame, and the
collection after the last slice frees about 56,000 objects at 100 KB. What
it still frees: the widgets themselves (about 75 objects each, in cycles of
Textual's), and lines and layout maps Textual replaced while the briefing
was read (cycles of its own, made garbage long before the reader closed).

Only caches are emptied, each of which Textual refills when asked: a closed
widget asked to lay out or render again (it never is) would compute it anew.
Textual's private names are read with ``getattr``: under a Textual that
renamed them, nothing is released and the collection frees it all, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App
from textual.strip import Strip
from textual.widget import Widget

#: The caches of a rendered line (``Strip``) that hold lines made from it.
_STRIP_CACHES = (
    "_divide_cache",
    "_crop_cache",
    "_style_cache",
    "_filter_cache",
    "_line_length_cache",
    "_crop_extend_cache",
    "_offsets_cache",
)

#: Widgets released per step: a step of this many took 1-3 ms here.
STEP_WIDGETS = 200

#: Releases still going on, by app (see :func:`releasing`).
_pending: WeakKeyDictionary[App[Any], int] = WeakKeyDictionary()


def releasing(app: App[Any]) -> bool:
    """Whether a closed screen's widgets are still being let go of (the collection follows)."""
    return _pending.get(app, 0) > 0


def release_caches(widget: Widget) -> None:
    """Empty what ``widget`` caches of its layout and rendering, so it is freed now.

    For a widget that has closed (removed from the DOM): the cached box
    models, arrangements, rendered lines and styles go, and reference
    counting frees them without waiting for a collection.
    """
    for name in ("_box_model_cache", "_query_one_cache"):
        _empty_lru(getattr(widget, name, None))
    styles_lines = getattr(getattr(widget, "_styles_cache", None), "_cache", None)
    if isinstance(styles_lines, dict):
        _empty_strips(styles_lines.values())
    render_lines = getattr(getattr(widget, "_render_cache", None), "lines", None)
    if isinstance(render_lines, list):
        _empty_strips(render_lines)
    for name in ("_styles_cache", "_arrangement_cache"):
        cache = getattr(widget, name, None)
        clear: Callable[[], None] | None = getattr(cache, "clear", None)
        if clear is not None:
            clear()
    for name in ("_layout_cache", "_rich_style_cache", "_visual_style_cache"):
        mapping = getattr(widget, name, None)
        if isinstance(mapping, dict):
            mapping.clear()
    if isinstance(render_lines, list):
        # A named tuple Textual replaces whole; its list of lines can be emptied in place.
        render_lines.clear()
    for name in ("_dirty_regions", "_repaint_regions"):
        regions = getattr(widget, name, None)
        if isinstance(regions, set):
            regions.clear()
    if getattr(widget, "_inline_token", None) is not None:
        # A Markdown block's parsed inline text: read once, when it was built.
        widget._inline_token = None  # type: ignore[attr-defined]


def _empty_strips(lines: Iterable[object]) -> None:
    """Empty the caches of rendered lines (``Strip``) and of the lines made from them.

    A line keeps what it was cut, cropped and styled into in seven small
    caches, and some of those hold the line itself (a line "divided" at its
    own width is cached as ``[self]``): a cycle, freed by a collection only.
    Emptied, every line is freed by reference counting once nothing else
    holds it.
    """
    waiting = [line for line in lines if isinstance(line, Strip)]
    while waiting:
        line = waiting.pop()
        for name in _STRIP_CACHES:
            cache = getattr(line, name, None)
            entries = getattr(cache, "_cache", None)
            if not isinstance(entries, dict):
                continue
            for made in entries.values():
                if isinstance(made, Strip):
                    waiting.append(made)
                elif isinstance(made, list):
                    waiting.extend(part for part in made if isinstance(part, Strip))
            # A line met again (itself, cached) finds its caches empty: the walk ends.
            entries.clear()


def _empty_lru(cache: Any) -> None:
    """Empty a Textual ``LRUCache``, cutting the ring its entries form.

    Its ``clear`` forgets the entries but leaves them linked to each other
    (``[previous, next, key, value]`` lists): a cycle, freed by a collection
    only. Each entry emptied, reference counting frees keys, values and links.
    """
    entries = getattr(cache, "_cache", None)
    clear = getattr(cache, "clear", None)
    if not isinstance(entries, dict) or clear is None:
        return
    links = list(entries.values())
    clear()
    for link in links:
        if isinstance(link, list):
            link.clear()


def release_then(app: App[Any], widgets: list[Widget], then: Callable[[], None]) -> None:
    """Empty ``widgets``' caches :data:`STEP_WIDGETS` at a time, a step per frame, then ``then``.

    Each step runs once the app has handled its messages and refreshed the
    screen (``call_after_refresh``): keys pressed meanwhile are answered
    between steps. ``widgets`` must have closed. The list is taken, and
    emptied as it goes: no reference to them is left when ``then`` (the
    collection) runs. :func:`releasing` is true from this call until ``then``
    has run.
    """
    widgets.reverse()  # popped from the end: the first widgets go first
    _pending[app] = _pending.get(app, 0) + 1

    def step() -> None:
        for _ in range(min(STEP_WIDGETS, len(widgets))):
            # Only a saving: a cache that will not empty is freed by the collection.
            with suppress(Exception):
                release_caches(widgets.pop())
        app.call_after_refresh(step if widgets else last)

    def last() -> None:
        # A step of its own: run after the last slice, it would lengthen that stop.
        try:
            then()
        finally:
            _pending[app] -= 1

    # Asked of the app by the app: a callback a screen asks for names that
    # screen as its sender, and would keep a closed one alive through ``then``.
    app.call_later(app.call_after_refresh, step)
