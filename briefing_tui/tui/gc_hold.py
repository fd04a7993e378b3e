"""Holding off Python's cyclic garbage collector while a briefing is opened.

Measured while opening briefings (``bench/``, reader figures): the longest
event-loop stalls were full (generation 2) collections, 200 ms to over a
second, not rendering. Opening a briefing creates hundreds of thousands of
objects that live for a while: the parser's tokens (a whole 1 MB document's,
in a thread, until its plain text is made) and the new widgets with their
styles and rendered lines. Each full collection walks every one of them,
with every thread stopped. So while a briefing opens, automatic collection
is off; when it has rendered, what survived is frozen (``gc.freeze``: no
later collection walks it, and it costs nothing), and collection is back on.
Tokens are freed by reference counting as soon as the parse is done (they
hold no cycles), so nothing is lost by not collecting meanwhile; the cyclic
garbage an open leaves is collected at the next quiet moment, when the app
unfreezes, collects and freezes again (see ``BriefingApp.settle_memory``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

_holds = 0


class CollectionHold:
    """One hold on automatic collection: none while any is held; nestable, idempotent.

    Use it as a context manager around an open; :meth:`release` also ends it,
    for when the code holding it will never resume (a worker cancelled while
    its app shuts down never runs its ``finally``), so collection is never
    left off for good.
    """

    def __init__(self) -> None:
        self.held = False

    def __enter__(self) -> CollectionHold:
        global _holds
        if not self.held:
            self.held = True
            _holds += 1
            if _holds == 1:
                gc.disable()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()

    def release(self) -> None:
        global _holds
        if not self.held:
            return
        self.held = False
        _holds -= 1
        if _holds == 0:
            gc.freeze()
            gc.enable()


@contextmanager
def collections_held() -> Iterator[None]:
    """No automatic collection inside; survivors frozen on the way out. Nestable."""
    with CollectionHold():
        yield


def settle(app: App[Any] | None = None) -> None:
    """At a quiet moment: collect everything (frozen too) once, and freeze what is left.

    First let go of what Textual keeps of widgets that are gone (see
    :func:`release_styles_caches` and :func:`prune_watchers`): otherwise a
    closed reader stays alive for good, and every collection walks it.
    """
    if _holds:
        return
    release_styles_caches()
    if app is not None:
        prune_watchers(app)
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def release_styles_caches() -> None:
    """Let go of the rendered lines of widgets that are gone.

    Textual 8's ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a
    method, so its keys hold the last 1,024 ``StylesCache`` objects, each
    with its widget's rendered lines: after a reader closed, about a
    thousand ``Strip`` lines (and six thousand of their caches) per open
    stayed alive, and every full collection walked them. Clearing it costs
    a few recomputed colour pairs.
    """
    from textual._styles_cache import StylesCache

    cache_clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


def prune_watchers(app: App[Any]) -> None:
    """Drop the watches that widgets no longer mounted keep on the app and live widgets.

    ``DOMNode.watch`` keeps ``(watching widget, callback)`` on the watched
    object, and Textual 8 drops the entries of closed widgets only when that
    attribute next changes. The reader's ``Header`` watches the app's title
    (which never changes) and each ``FooterKey`` its footer's ``compact``:
    every reader ever opened stayed alive through them.
    """
    nodes: list[DOMNode] = [app]
    for screen in app.screen_stack:
        nodes.append(screen)
        nodes.extend(screen.walk_children(with_self=False))
    for node in nodes:
        watchers: dict[str, list[tuple[DOMNode, object]]] | None = getattr(node, "__watchers", None)
        for entries in (watchers or {}).values():
            entries[:] = [
                (watcher, callback)
                for watcher, callback in entries
                if not (watcher._closing or watcher._closed)
            ]
