"""The app's saved-search writes: save, replace, rename, remove and move, in order, off the loop.

Functions that take the running :class:`~briefing_tui.tui.app.BriefingApp` (the one
writer) rather than a mixin of it, so the app class need not change: each write
is one store transaction in a thread worker under the app's core lock, then
:class:`~.stream_messages.SavedSearchesChanged` goes to every screen on the
stack and to every saved-searches panel (:func:`tell_saved_changed`).

Writes run one after another in the order asked: ``J`` pressed twice quickly
must move a search down twice, and two workers racing for the core lock could
run the moves the other way round. So requests wait in a queue (one per app)
that one worker at a time drains, as :mod:`.reading_writes` does. A refused
write (a name in use, a query that does not parse) is said in one
notification, and the panels are told the searches as they still are, so an
order shown ahead of the write goes back.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from briefing_tui.core.store import StoreError
from briefing_tui.core.stream import SavedSearch
from briefing_tui.tui.stream_messages import SavedSearchesChanged

if TYPE_CHECKING:
    from textual.app import App

    from briefing_tui.core.workspace import Workspace
    from briefing_tui.tui.app import BriefingApp
    from briefing_tui.tui.dialogs.save_search import SaveChoice

#: One queued write: run under the core lock, returns what to notify (or ``None``).
Job = Callable[["Workspace"], "str | None"]


@dataclass
class _Queue:
    """An app's pending saved-search writes."""

    jobs: deque[Job] = field(default_factory=deque)
    guard: threading.Lock = field(default_factory=threading.Lock)
    running: bool = False


_QUEUES: WeakKeyDictionary[App[None], _Queue] = WeakKeyDictionary()


# -- the writes ----------------------------------------------------------------------------


def save_search(app: BriefingApp, name: str, query: str) -> None:
    """Save ``query`` as ``name``, at the end of the list."""
    _queue(
        app,
        lambda ws: (
            f"Saved search “{ws.stream.add_saved(name, query).name}” added "
            "(w in the list shows the saved searches)"
        ),
    )


def replace_saved_query(app: BriefingApp, name: str, query: str) -> None:
    """Give the saved search ``name`` the query ``query`` (it keeps its place)."""
    _queue(
        app, lambda ws: f"Saved search “{ws.stream.change_saved_query(name, query).name}” replaced"
    )


def rename_saved(app: BriefingApp, old: str, new: str) -> None:
    _queue(app, lambda ws: f"Renamed to “{ws.stream.rename_saved(old, new).name}”")


def remove_saved(app: BriefingApp, name: str) -> None:
    _queue(app, lambda ws: f"Saved search “{ws.stream.remove_saved(name).name}” deleted")


def move_saved(app: BriefingApp, name: str, position: int) -> None:
    """Put ``name`` at ``position`` (0 is the top). Said by the list itself, not notified."""

    def job(ws: Workspace) -> None:
        ws.stream.move_saved(name, position)

    _queue(app, job)


def ask_to_save(app: BriefingApp, query: str) -> None:
    """The "save this query as…" dialog for ``query``, then the write it asks for.

    The names in use are read first in a worker (the dialog refuses one, or offers
    to replace it)."""
    if app.workspace is None:
        app.notify("The library is still opening: save the search in a moment")
        return

    def read_names() -> None:
        workspace = app.workspace
        try:
            saved = workspace.stream.saved() if workspace is not None else []
        except StoreError as error:
            app.call_from_thread(app.notify, f"Saved searches not read: {error}", severity="error")
            return
        app.call_from_thread(_open_dialog, app, query, saved)

    app.expect_dialog()  # a name typed at once goes to the dialog, not the search box
    app.run_worker(read_names, thread=True, group="saved-read", exit_on_error=False)


def _open_dialog(app: BriefingApp, query: str, saved: list[SavedSearch]) -> None:
    from briefing_tui.tui.dialogs.save_search import SaveSearchDialog

    def chosen(choice: SaveChoice | None) -> None:
        if choice is None:
            return
        if choice.replace:
            replace_saved_query(app, choice.name, choice.query)
        else:
            save_search(app, choice.name, choice.query)

    app.push_screen(SaveSearchDialog(query, saved), chosen)


def tell_saved_changed(app: App[None], news: SavedSearchesChanged) -> None:
    """Post ``news`` to every screen on the stack and to every saved-searches panel
    (a panel is a widget: a message posted to its screen does not reach it)."""
    from briefing_tui.tui.widgets.saved_searches import SavedSearchesPanel

    for screen in app.screen_stack:
        screen.post_message(SavedSearchesChanged(list(news.saved)))
        for panel in screen.query(SavedSearchesPanel):
            panel.post_message(SavedSearchesChanged(list(news.saved)))


# -- the queue -----------------------------------------------------------------------------


def _queue(app: BriefingApp, job: Job) -> None:
    if app.workspace is None:
        app.notify("The library is still opening: try again in a moment")
        return
    queue = _QUEUES.setdefault(app, _Queue())
    with queue.guard:
        queue.jobs.append(job)
        if queue.running:
            return
        queue.running = True
    app.run_worker(
        lambda: _drain(app, queue), thread=True, group="saved-write", exit_on_error=False
    )


def _drain(app: BriefingApp, queue: _Queue) -> None:
    while True:
        with queue.guard:
            if not queue.jobs:
                queue.running = False
                return
            job = queue.jobs.popleft()
        workspace = app.workspace
        if workspace is None:
            continue
        said: str | None = None
        try:
            with app.core_lock:
                said = job(workspace)
        except Exception as error:  # said in one line, never a traceback; nothing half-made
            app.call_from_thread(
                app.notify, f"Saved searches not changed: {error}", severity="error"
            )
        try:
            saved = workspace.stream.saved()
        except StoreError as error:
            app.call_from_thread(app.notify, f"Saved searches not read: {error}", severity="error")
            continue
        app.call_from_thread(tell_saved_changed, app, SavedSearchesChanged(saved))
        if said:
            app.call_from_thread(app.notify, said, timeout=3)
