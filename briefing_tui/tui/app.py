"""The Textual app: the one writer, and the router between screens.

Screens ask the app for things (through :attr:`~.access.AppAccess.briefing_app`);
the app does them in workers and tells every screen what changed with a
message (:mod:`.messages`, :meth:`BriefingApp.broadcast`). Opening and syncing
the library are in :mod:`.sync`, claim writes in :mod:`.claim_writes`, marking
read and unread in :mod:`.reading_writes`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.filter import Monochrome, NoColor
from textual.screen import Screen, SystemModalScreen
from textual.worker import WorkerFailed

from briefing_tui.core.briefings.documents import DEFAULT_MAX_BYTES
from briefing_tui.core.search.index import IndexBusy, IndexProblem
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.store.backup import BackupError
from briefing_tui.tui.dialogs.confirm import ConfirmScreen, HoldsTyping
from briefing_tui.tui.dialogs.export import ExportChoice, ExportDialog
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.dialogs.tags import TagChange, TagEditorScreen
from briefing_tui.tui.gc_hold import settle as settle_collections
from briefing_tui.tui.listing import listing_for
from briefing_tui.tui.messages import (
    News,
    ReadingWidthChanged,
    RecordChanged,
    SearchRequested,
    TagsChanged,
)
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.screens.review import ReviewScreen
from briefing_tui.tui.typeahead import TypeaheadKeys

from ..core.exchange import ExchangeError, export_claims, write_atomic
from ..core.paths import LibraryPaths, PathsError, resolve_paths
from ..core.store import BUSY_TIMEOUT_MS, DocumentRecord, StoreError
from ..core.workspace import DocumentNotFound, QuoteNotFound, Workspace
from .analysis_writes import AnalysisWrites
from .bulk_writes import BulkWrites
from .claim_writes import ClaimWrites
from .intake_work import IntakeWork
from .notice_log import NoticeKeeping
from .palette import palette_commands
from .providers import BriefingTitleProvider, TagProvider
from .reading_writes import ReadingWrites
from .screens.help import HelpScreen, close_help
from .screens.library import LibraryScreen
from .screens.tag_manager import TagManagerScreen
from .settings import Settings
from .terminal_driver import TerminalGone, input_ending
from .watch import FolderWatch
from .worker_threads import held_saying_so, use_fresh_context_threads

#: Errors the core raises about the user's data, files or other processes: a
#: worker that meets one ends with a notification, never with the app.
CORE_ERRORS: tuple[type[Exception], ...] = (BackupError, ExchangeError, IndexBusy, IndexProblem)
CORE_ERRORS += (DocumentNotFound, OSError, PathsError, QueryError, QuoteNotFound, StoreError)
#: Textual's palette commands not offered: its key panel (f1 is the help here; it
#: showed j and k undescribed, cut at 80 columns), a screenshot into a Downloads
#: folder that may not exist ("Failed to save screenshot"), and maximizing the focused
#: widget (the search box, filling the screen, the list and footer gone).
NOT_OFFERED = frozenset({"Keys", "Screenshot", "Maximize"})

#: The palette's export: on the claims screen (its ``action_export``), what its filter shows.


class BriefingApp(
    AnalysisWrites,
    IntakeWork,
    BulkWrites,
    ReadingWrites,
    ClaimWrites,
    FolderWatch,
    NoticeKeeping,
    App[None],
):
    """Briefings: search as you type, read, tag and weigh claims."""

    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {BriefingTitleProvider, TagProvider}
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        # f1 in a dialog too: a modal screen takes only the app's priority keys.
        Binding("f1", "help_in_dialog", "Help", priority=True, show=False),
        Binding("f2", "claims", "Claims", id="app.claims"),
        Binding("f3", "review", "Review", id="app.review"),
        Binding("f4", "tag_manager", "Tag manager", id="app.tag_manager"),
        Binding("f5", "timeline", "Timeline", id="app.timeline"),
        Binding("f6", "overview", "Overview", id="app.overview"),
    ]

    def __init__(
        self,
        paths: LibraryPaths,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        store_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.max_bytes = max_bytes
        self.store_timeout_ms = store_timeout_ms
        self.workspace: Workspace | None = None
        #: Serialises the core's writes (sync, tags, reading state) across workers.
        self.core_lock = threading.RLock()
        #: Held around each change of ``feeds.json`` (a fetch, an add, a remove).
        self.feeds_lock = threading.Lock()
        self.settings = Settings.load(paths.settings_file)
        self.library = LibraryScreen()
        self._claim_tags: list[str] = []
        self._claim_counts: dict[str, int] = {}
        self._typeahead = TypeaheadKeys(self)
        self._last_key_time: float | None = None

    def on_mount(self) -> None:
        # Before any thread worker starts: none may keep a closed screen alive.
        use_fresh_context_threads(asyncio.get_running_loop())
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.sub_title = str(self.paths.content)
        self.push_screen(self.library)
        self._open_workspace()

    def watch_theme(self, theme: str) -> None:
        if self.settings.theme != theme:
            self.settings.theme = theme
            self.settings.save()
        if self.no_color:
            # The filter Textual chose at start made an ANSI theme black on black.
            wanted = NoColor() if self.native_ansi_color else Monochrome()
            kept = [each for each in self._filters if not isinstance(each, NoColor | Monochrome)]
            self._filters = [*kept, wanted]
            self.refresh()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Push, holding the keys typed while a dialog opens (see :mod:`.typeahead`)."""
        pushed = super().push_screen(screen, *args, **kwargs)
        if isinstance(screen, Screen):
            self._typeahead.opening(screen)
        return pushed

    def expect_dialog(self, coming: bool = True) -> None:
        """A screen will open once a worker is done: hold the keys typed meanwhile (or not)."""
        self._typeahead.expect() if coming else self._typeahead.not_coming()

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        if self._typeahead.hold(event):
            return
        if not event.is_forwarded and not hasattr(event, "previous_key_time"):
            # When the key before it was typed (a confirmation tells typing from answers).
            event.previous_key_time = self._last_key_time  # type: ignore[attr-defined]
            self._last_key_time = event.time
        # A dialog this key opens holds the keys typed after it (see .typeahead).
        self._typeahead.handling = event.time
        try:
            await super().on_event(event)
        finally:
            self._typeahead.handling = None

    def get_driver_class(self) -> type[Driver]:
        return input_ending(super().get_driver_class())

    def on_terminal_gone(self, _message: TerminalGone) -> None:
        """The terminal closed without a SIGHUP: end as ctrl+q does (see .terminal_driver)."""
        self.exit()

    #: The question ``ctrl+q`` asked over unsaved typing, if it is showing.
    _quit_question: Screen[Any] | None = None

    async def action_quit(self) -> None:
        """``ctrl+q``: quit; first asked when a dialog holds what was typed and not saved
        (a new claim's note was thrown away unasked, a walk). ``ctrl+q`` at the question
        quits: the user meant it twice."""
        if self.screen is self._quit_question:
            self.exit()
            return
        lost = [s.unsaved_typing() for s in self.screen_stack if isinstance(s, HoldsTyping)]
        what = next((one for one in reversed(lost) if one), None)
        if what is None:
            self.exit()
            return
        question = ConfirmScreen(f"Quit and discard {what}?", "What was typed is not saved.")
        self._quit_question = question

        def answered(quit: bool | None) -> None:
            self._quit_question = None
            if quit:
                self.exit()

        self.push_screen(question, answered)

    def action_help_quit(self) -> None:
        """ctrl+c (copy where text can be selected): how to quit, in plain text (Textual's
        notice is markup, which this app's plain notices showed as ``[b]ctrl+q[/b]``)."""
        self.notify("Press ctrl+q to quit (q in the library's list).", title="Do you want to quit?")

    def _handle_exception(self, error: Exception) -> None:
        """A core error that escaped a worker is shown as a notification.

        Workers catch what they expect; this is the net under all of them, so
        a core error nobody foresaw (a full disk, a file gone, another process
        holding a lock) never ends the app with a traceback. Anything else is
        a bug and still stops the app, so tests see it.
        """
        if isinstance(error, WorkerFailed) and isinstance(error.error, CORE_ERRORS):
            self.notify(f"Not done: {error.error}", title="Error", severity="error", timeout=10)
            return
        super()._handle_exception(error)

    def broadcast(self, message: News) -> None:
        """Post ``message`` to every screen on the stack (each gets its own copy)."""
        for screen in self.screen_stack:
            screen.post_message(replace(message))

    # -- navigation ----------------------------------------------------------------

    def open_briefing(
        self,
        record: DocumentRecord,
        terms: frozenset[str] = frozenset(),
        *,
        at_offset: int | None = None,
        reattach_id: str | None = None,
    ) -> None:
        if self.workspace is None:
            return
        close_help(self)
        # Already open further down (a claim of it from f2, f5 or x): back to it, at
        # the claim, not a second reader of it that escape left for the first through
        # the screens between. (Only the library, at the bottom of the stack, passes
        # search terms: no reader is under it.) Not for review's re-attach: escape,
        # once done, goes back to the review for the next.
        reusable = () if terms or reattach_id is not None else self.screen_stack
        for screen in reusable:
            if isinstance(screen, ReaderScreen) and screen.record.id == record.id:
                self._back_to(screen)
                screen.go_back_to(at_offset)
                return
        self.push_screen(ReaderScreen(record, terms, at_offset=at_offset, reattach_id=reattach_id))

    def _go_to(self, kind: type[Screen[None]], make: Callable[[], Screen[None]]) -> None:
        """Show the screen of ``kind``: back to it when it is already open
        under the current one, so going round (f2, a claim, f2 …) never
        stacks screens without bound; otherwise a new one on top."""
        close_help(self)
        for screen in reversed(self.screen_stack):
            if type(screen) is kind:
                self._back_to(screen)
                return
        self.push_screen(make())

    def _back_to(self, screen: Screen[Any]) -> None:
        """Close the screens above ``screen`` (dialogs first), saving where each reader was."""
        if screen is self.screen:
            return
        while self.screen is not screen and len(self.screen_stack) > 2:
            top = self.screen
            if isinstance(top, ReaderScreen):
                top.save_position()  # where it was, as escape would remember it
            self.pop_screen()
        self.call_after_refresh(self.settle_memory)

    def action_claims(self) -> None:
        self._go_to(ClaimsScreen, ClaimsScreen)

    def action_export(self, query: str = "") -> None:
        """Ask for a format and a file, then export the claims ``query`` selects."""

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self._export(choice)

        self.push_screen(ExportDialog(query), chosen)

    @work(thread=True, group="export")
    def _export(self, choice: ExportChoice) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with self.core_lock:
                export = export_claims(workspace, choice.format, choice.query)
            if not export.claims and choice.query.strip():  # as `briefing export` does
                said = f"No claims match “{choice.query.strip()}”: nothing written"
                self.call_from_thread(self.notify, said, severity="warning")
                return
            written = write_atomic(choice.path, export.data)
        except (ExchangeError, QueryError, ValueError, OSError) as error:
            self.call_from_thread(self.notify, f"Not exported: {error}", severity="error")
            return
        noun = "claim" if export.claims == 1 else "claims"
        # The name on a line of its own: after its folder it broke mid-name at 80 columns.
        said = f"Exported {export.claims} {noun} ({choice.format}) to\n{written.name}\n"
        self.call_from_thread(self.notify, f"{said}in {written.parent}", timeout=8)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from (c for c in super().get_system_commands(screen) if c.title not in NOT_OFFERED)
        for title, help_text, callback in palette_commands(self, screen):
            yield SystemCommand(title, help_text, callback)
        if screen is self.library:  # bulk actions and passages act on its results
            yield from self.library.palette_commands()

    def _width_text(self) -> str:
        width = self.settings.reading_width
        return f"{width} columns" if width else "the full width"

    def action_reading_width(self) -> None:
        """Ask for the reader's widest line (0: the full width), save it, apply it."""

        def wrong(value: str) -> str | None:
            width = int(value) if value.isascii() and value.isdigit() and len(value) < 5 else -1
            if width == 0 or 20 <= width <= 1000:
                return None
            return f"Not a width: {value} (20 to 1000 columns, or 0 for the full width)"

        def answered(value: str | None) -> None:
            if value is None:
                return
            width = int(value)  # (checked in the dialog)
            self.settings.reading_width = width
            self.settings.save()
            self.broadcast(ReadingWidthChanged(width))
            self.notify(f"Reading width: {self._width_text()}", timeout=3)

        self.push_screen(
            PromptScreen(
                "The reader's widest line, in columns (0: the whole width of the terminal):",
                str(self.settings.reading_width),
                check=wrong,
            ),
            answered,
        )

    def action_tag_manager(self) -> None:
        self._go_to(TagManagerScreen, TagManagerScreen)

    def action_feeds(self) -> None:
        from .screens.feeds import FeedsScreen  # its table loads when first asked for

        self._go_to(FeedsScreen, FeedsScreen)

    @work(thread=True, group="store-write")
    def retag(self, old: str, new: str | None, done: str) -> None:
        """Rename ``old`` to ``new`` (merging into it if it exists), or delete it (``None``)."""
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with self.core_lock:
                changed = workspace.retag(old, new)
                records = workspace.store.list_documents()
                counts = self._claim_counts
        except Exception as error:
            self.call_from_thread(self.notify, f"Tags not changed: {error}", severity="error")
            return
        listing = listing_for(records, counts)
        self.call_from_thread(self.broadcast, TagsChanged(listing))
        noun = "briefing" if changed == 1 else "briefings"
        self.call_from_thread(self.notify, f"{done} ({changed} {noun})", timeout=3)

    def action_review(self) -> None:
        self._go_to(ReviewScreen, ReviewScreen)

    # -- tags ----------------------------------------------------------------------

    def edit_tags(self, record: DocumentRecord) -> None:
        """Open the tag editor for ``record``; the change is saved in a worker."""
        counts = self.library.tag_counts()

        def chosen(change: TagChange | None) -> None:
            if change:
                self._save_tags(record, change)

        self.push_screen(TagEditorScreen(record.title, record.tags, counts), chosen)

    @work(thread=True, group="store-write")
    def _save_tags(self, record: DocumentRecord, change: TagChange) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with held_saying_so(self, self.core_lock, "Saving the tags"):
                tags = workspace.change_tags(record, change.add, change.remove)
                updated = workspace.store.get(record.id)
        except Exception as error:  # shown, never a traceback
            self.call_from_thread(self.notify, f"Tags not saved: {error}", severity="error")
            return
        if updated is not None:
            self.call_from_thread(self._tags_saved, updated, tags)

    def _tags_saved(self, record: DocumentRecord, tags: list[str]) -> None:
        self.broadcast(RecordChanged(record))
        shown = ", ".join(tags) if tags else "no tags"
        self.notify(f"{record.title}: {shown}", title="Tags saved", timeout=3)

    def search_for(self, query: str) -> None:
        """Go to the library and search for ``query`` (the tag provider uses this)."""
        self._back_to_library(query)

    def settle_memory(self, *, full: bool = False) -> None:
        """Collect and freeze what survives, at a quiet moment (start-up, after
        a sync, going back to the library over several screens): frozen objects
        are never scanned again, so later collections walk only what was made
        since. ``full`` (and now and then, see ``gc_hold.settle``) unfreezes
        first, so garbage frozen earlier (a listing a sync replaced, readers
        open while a sync froze everything) is freed too. Leaving one briefing
        does not come here: the reader's objects are never frozen and escape
        collects only what was made since the last freeze (see
        ``gc_hold.collect_since_settled``)."""
        settle_collections(self, full=full)

    def action_return_to_search(self) -> None:
        """Close every screen above the library and focus its search box (``/`` on a
        screen with no search box of its own, and from the reader)."""
        self._back_to_library(None)

    def _back_to_library(self, query: str | None) -> None:
        closed = len(self.screen_stack) > 2
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.broadcast(SearchRequested(query))
        if closed:  # as after `escape`: closed readers' memory, once the library shows
            self.call_after_refresh(self.settle_memory, full=True)

    def save_reading_position(self, doc_id: str, fraction: float) -> None:
        self._save_position(doc_id, fraction)

    @work(thread=True, group="store-write")
    def _save_position(self, doc_id: str, fraction: float) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with self.core_lock:
                workspace.store.set_reading_position(doc_id, fraction)
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), severity="warning")

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    action_help_in_dialog = action_help

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "help_in_dialog":  # over a dialog, not the help nor the palette
            top = self.screen
            return top.is_modal and not isinstance(top, HelpScreen | SystemModalScreen)
        return super().check_action(action, parameters)

    def on_unmount(self) -> None:
        if self.workspace is not None:
            with self.core_lock:
                self.workspace.close()


def create_app(
    content: str | None = None,
    data: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    store_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> BriefingApp:
    """The app factory the tests and ``__main__`` use."""
    return BriefingApp(
        resolve_paths(content, data), max_bytes=max_bytes, store_timeout_ms=store_timeout_ms
    )


def run_app(
    paths: LibraryPaths, *, max_bytes: int = DEFAULT_MAX_BYTES, follow_folder: bool = True
) -> int:
    app = BriefingApp(paths, max_bytes=max_bytes)
    app.follow_folder = follow_folder  # off with `briefing --no-watch`
    app.run()
    app.wait_for_watch_end()
    return 0
