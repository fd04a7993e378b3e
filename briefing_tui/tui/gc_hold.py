"""Keeping Python's cyclic garbage collector off the event loop's critical moments.

Measured while opening and leaving briefings (``bench/``, reader figures):
the longest event-loop stalls were full (generation 2) collections, 200 ms
to over a second, not rendering. A full collection walks every tracked
object with every thread stopped, and it grows with the heap: the app's own
objects (~80,000 at start) cost 130-200 ms alone on a loaded 2-core machine,
and a rendered briefing adds 20,000 (2 KB) to 160,000 (100 KB) more.

So the app never lets the interpreter start a full collection on its own
(:func:`no_automatic_full_collections`; young collections, which walk only
objects made since the last one, keep running and stay cheap), and it keeps
what it holds for good out of every walk: at start-up and after a sync,
:func:`settle` collects and freezes what is left (``gc.freeze``: never
walked again, and it costs nothing); only now and then does it unfreeze and
walk everything, to free what died frozen.

A briefing's widgets are not frozen: they reach the oldest generation through
young collections while the briefing opens (a :class:`CollectionHold` keeps
the app's own full collections out of an open), so leaving it needs one walk
of the objects made since the last freeze, the closed reader's among them,
and never of the frozen app (:func:`collect_since_settled`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

_holds = 0
#: How many opens have started: what a reader opened since a freeze was asked
#: for must not be frozen (see collect_since_settled).
_opens = 0
#: How many times everything was frozen: a reader made before the last time
#: had its widgets frozen too, and only a full :func:`settle` frees them.
_freezes = 0
#: How many objects the last full settle left frozen.
_frozen_at_settle = 0
#: At least how many objects are frozen now: the last exact count plus what each
#: freeze since moved. Frozen objects that die (most of a replaced listing) leave
#: it above the true count, so it can only say "grown" too early, and then the
#: exact count decides (see _frozen_grew).
_frozen_at_most = 0
#: Frozen objects that die later (widgets the library remakes as it comes back)
#: are freed only by a full settle: one runs, instead of a freeze,
#: once the frozen heap grew by this fraction since the last (about every ten
#: briefings read without a sync in between).
REFREEZE_GROWTH = 0.25
#: Seconds after a reader closed before what survives is frozen (see collect_since_settled).
FREEZE_AFTER = 1.0
#: The oldest generation's threshold that no count of young collections reaches.
_NEVER = 2**31 - 1


#: A young collection once this many objects were made, not Python's 700. Each young
#: collection also walks the big young lists of the moment: typing in a 100,000
#: library, a search's ids and rows (up to 100,000 each) made every one cost ~0.9 ms,
#: and there were ~8 per keystroke (516 ms of 66 keystrokes, in a pilot script on a
#: built 100,000 library). At 10,000: 176 ms in 20 collections, and keystroke →
#: painted p95 123 → 106 ms in that script (bench/: see the README's Performance).
YOUNG_COLLECTION_EVERY = 10_000


def no_automatic_full_collections() -> None:
    """Young collections only, and fewer: full ones happen when the app asks
    (settle, leaving a briefing).

    CPython starts a full collection after ten young ones once enough objects
    reached the oldest generation; with a briefing's widgets there, that was a
    stall of hundreds of ms at any moment of reading. Idempotent.
    """
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_COLLECTION_EVERY), middle, _NEVER)


class CollectionHold:
    """One hold on full collections while a briefing opens: none while any is held. Nestable.

    Young collections keep running, so what the open makes reaches the oldest
    generation a few thousand objects at a time (a few ms each) instead of
    all at once: with collection off, the first young collection after the
    open walked the whole new reader (160,000 objects at 100 KB). The app's
    own full collections (:func:`settle`, :func:`collect_since_settled`) wait
    until no hold is left. Use it as a context manager around an open;
    :meth:`release` also ends it, for when the code holding it will never
    resume (a worker cancelled while its app shuts down never runs its
    ``finally``).
    """

    def __init__(self) -> None:
        self.held = False

    def __enter__(self) -> CollectionHold:
        global _holds, _opens
        if not self.held:
            self.held = True
            _holds += 1
            _opens += 1
            no_automatic_full_collections()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()

    def release(self) -> None:
        global _holds
        if not self.held:
            return
        self.held = False
        _holds -= 1


def held() -> bool:
    """Whether an open holds off full collections now."""
    return _holds > 0


@contextmanager
def collections_held() -> Iterator[None]:
    """No full collection inside, the app's own included. Nestable."""
    with CollectionHold():
        yield


def settle(app: App[Any] | None = None, *, full: bool = False) -> None:
    """At a quiet moment: collect what is not frozen, and freeze what is left.

    Everything frozen is unfrozen and walked too (``full``) only when asked,
    the first time, or once the frozen heap grew by :data:`REFREEZE_GROWTH`
    since the last full settle: that walk is the whole app (130-200 ms at
    ~80,000 objects, more with a large listing), and a settle runs after
    every sync, so a file saved in the library cost the event loop that
    stall each time. What dies frozen meanwhile (the listing a sync
    replaced) waits for the next full settle, so at most that growth.

    First let go of what Textual keeps of widgets that are gone (see
    :func:`release_styles_caches` and :func:`prune_watchers`): otherwise a
    closed reader stays alive for good, and every collection walks it.
    """
    global _freezes
    if _holds:
        return
    release_styles_caches()
    if app is not None:
        prune_watchers(app)
    no_automatic_full_collections()
    if full or _frozen_grew():
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        frozen_counted(gc.get_freeze_count(), full=True)
    else:
        gc.collect()
        _freeze_counted()
    _freezes += 1


def _frozen_grew() -> bool:
    """Whether the frozen heap is new or grew past :data:`REFREEZE_GROWTH` since
    the last full settle (what died frozen is freed only by one).

    ``gc.get_freeze_count`` walks every frozen object in Python 3.11 (5 ms at
    100,000 briefings, 30 ms in a test worker holding earlier tests' apps), so
    it is asked only when the upper bound (:data:`_frozen_at_most`) passes the
    limit: below it, the true count is below it too.
    """
    global _frozen_at_most
    if _frozen_at_settle == 0:
        return True
    limit = _frozen_at_settle * (1 + REFREEZE_GROWTH)
    if _frozen_at_most <= limit:
        return False
    _frozen_at_most = gc.get_freeze_count()
    return _frozen_at_most > limit


def _freeze_counted() -> None:
    """``gc.freeze()``, adding what it moves to :data:`_frozen_at_most`.

    Called right after a collection, so every object not frozen is in the
    oldest generation: counting them lists only those, not the frozen heap.
    (An object another thread makes between the count and the freeze is
    missed; a few objects against a limit of tens of thousands.)
    """
    global _frozen_at_most
    _frozen_at_most += sum(len(gc.get_objects(generation)) for generation in range(3))
    gc.freeze()


def frozen_counted(frozen: int, *, full: bool = False) -> None:
    """Say that ``frozen`` objects are frozen now: an exact count (or an upper bound),
    made by whoever froze or counted last; ``full``: measure growth from it too."""
    global _frozen_at_most, _frozen_at_settle
    _frozen_at_most = frozen
    if full:
        _frozen_at_settle = frozen


def freezes() -> int:
    """A mark to give :func:`collect_since_settled`: how many times everything was frozen."""
    return _freezes


def collect_since_settled(
    app: App[Any] | None = None, mark: int | None = None, *, freeze: bool = True
) -> None:
    """After a reader closed: collect what was made since the last freeze, not the rest.

    The closed reader's widgets were never frozen (see :class:`CollectionHold`),
    so one full collection without unfreezing frees them and walks neither the
    app's frozen objects nor the library's. What survives is frozen a moment
    later (:data:`FREEZE_AFTER`), once the widgets the library drops as it
    comes back have closed too: frozen while still
    closing, they stayed for good. So the next reader's collection walks only
    its own objects. ``freeze=False`` while a reader is still open (a part
    left): its widgets must stay unfrozen. ``mark`` is :func:`freezes` when
    the reader was made: if everything was frozen since (a sync finishing
    while it was open), only a full :func:`settle` frees it.
    """
    if _holds:
        return
    if mark is not None and mark != _freezes:
        settle(app, full=True)
        return
    release_styles_caches()
    if app is not None:
        prune_watchers(app)
    no_automatic_full_collections()
    gc.collect()
    if not freeze:
        return
    if app is None:
        _collect_and_freeze(app, _freezes, _opens)
    else:
        app.set_timer(FREEZE_AFTER, partial(_collect_and_freeze, app, _freezes, _opens))


def _collect_and_freeze(app: App[Any] | None, mark: int, opens: int) -> None:
    """Collect what is not frozen (a few thousand objects by now) and freeze the rest.

    Not once a briefing was opened since (its widgets would be walked, and
    frozen), nor when something froze everything since ``mark``: the next
    reader to close does it then. A full :func:`settle` instead when the
    frozen heap grew by :data:`REFREEZE_GROWTH`.
    """
    global _freezes
    if _holds or mark != _freezes or opens != _opens:
        return
    if _frozen_grew():
        settle(app, full=True)
        return
    gc.collect()
    _freeze_counted()
    _freezes += 1


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
    (which never changes), and each key of Textual's footer its ``compact``:
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
