"""Acting on every listed result at once: tag or untag them all (``T``), mark them
all read (``M``) or unread (``U``), from the keys or the command palette.

A mixin of :class:`~.library.LibraryScreen`. The results are those of the
query listed; the core matches the whole query as it is (while typing, the
list also matches the last word as a prefix), so the count is asked of the
core first, in a worker, and the confirmation names it before anything is
done; an empty query is every briefing, and the confirmation says so. The
app does the writes (:mod:`~briefing_tui.tui.bulk_writes`) and tells every
screen. Handlers go by name: ``@on`` is not collected from a plain mixin.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import partial

from textual import work
from textual.app import SystemCommand
from textual.widgets import Input

from briefing_tui.core.search.index import IndexBusy
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.store import StoreError
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.dialogs.tags import TagChange, change_problem, parse_tag_input
from briefing_tui.tui.screens.library_status import LibraryBase
from briefing_tui.tui.widgets.briefing_list import BriefingList


@dataclass(frozen=True)
class BulkAction:
    """What the user asked to do to every match of ``query``: a tag change, or a mark."""

    query: str
    tags: TagChange | None = None
    #: Mark read (``True``) or unread (``False``); ``None`` for a tag change.
    read: bool | None = None

    def verb(self, count: int) -> str:
        """``Tag 312 briefings +sanctions -old`` or ``Mark 312 briefings read``."""
        noun = "briefing" if count == 1 else "briefings"
        if self.tags is not None:
            change = " ".join(
                [*(f"+{t}" for t in self.tags.add), *(f"-{t}" for t in self.tags.remove)]
            )
            return f"Tag {count:,} {noun} {change}"
        return f"Mark {count:,} {noun} {'read' if self.read else 'unread'}"


class LibraryBulk(LibraryBase):
    """Bulk actions on the listed results."""

    #: Whether a count is under way for a confirmation not shown yet: the keys typed
    #: meanwhile were typed before the question, and the library drops them (a
    #: word typed into the list, ``Mystery``: its ``t`` opened the tags dialog
    #: while ``M``'s question was being counted). See :class:`ConfirmScreen`.
    bulk_counting = False

    def bulk_commands(self) -> list[SystemCommand]:
        """The palette's entries for the listed results (the app adds them on this screen)."""
        return [
            SystemCommand(
                "Tag all results",
                "Add or remove tags on every briefing listed (T in the list)",
                self.action_bulk_tag,
            ),
            SystemCommand(
                "Mark all results read",
                "Every briefing listed (M in the list)",
                partial(self.action_bulk_mark, True),
            ),
            SystemCommand(
                "Mark all results unread",
                "Every briefing listed (U in the list)",
                partial(self.action_bulk_mark, False),
            ),
        ]

    def _listed_query(self) -> str | None:
        """The query of the results listed, or ``None`` (said) when the search box
        holds another one not listed (still searching, or it does not parse)."""
        typed = self.query_one("#search", Input).value
        if self._shown_query is None or typed.strip() != self._shown_query.strip():
            self.notify(
                "The list does not show the results of the search box yet (still "
                "searching, or the query has a problem): bulk actions wait for them.",
                severity="warning",
                timeout=5,
            )
            return None
        return typed.strip()

    def action_bulk_tag(self) -> None:
        """``T``: ask for the tags, then confirm the count, then tag every result."""
        query = self._listed_query()
        if query is None:
            return
        listed = len(self.query_one(BriefingList).rows)
        noun = "briefing" if listed == 1 else "briefings"
        scope = "every briefing in the library" if not query else f"the {listed:,} {noun} listed"

        def answered(text: str | None) -> None:
            change = parse_tag_input(text or "")
            problem = change_problem(change)
            if problem:  # a tag no tag: query could find: refused, as briefing tag does
                self.notify(f"Nothing changed: {problem}", severity="warning", timeout=6)
            elif change:
                self._count(BulkAction(query, tags=change), listed)

        self.app.push_screen(
            PromptScreen(
                f"Tags for {scope}: +tag adds one, -tag removes one (several: spaces).",
                suggestions=[f"+{tag}" for tag, _ in self.tag_counts()],
            ),
            answered,
        )

    def action_bulk_mark(self, read: bool) -> None:
        """``M`` / ``U``: confirm the count, then mark every result read or unread."""
        query = self._listed_query()
        if query is not None:
            self._count(BulkAction(query, read=read), len(self.query_one(BriefingList).rows))

    def _count(self, action: BulkAction, listed: int) -> None:
        if self.bulk_counting:  # the palette asks without the keys' check: one at a time
            self.notify("Still counting the last bulk action's briefings.", timeout=3)
            return
        self.bulk_counting = True
        self.refresh_bindings()
        self._count_worker(action, listed)

    @work(thread=True, exclusive=True, group="bulk-count")
    def _count_worker(self, action: BulkAction, listed: int) -> None:
        try:
            workspace = self.briefing_app.workspace
            if workspace is None:
                return
            try:
                ids = workspace.stream.matching_ids(action.query)
                counts = workspace.stream.counts(ids) if action.read is not None else None
            except (QueryError, IndexBusy, StoreError) as error:
                self.app.call_from_thread(
                    self.notify, f"Nothing changed: {error}", severity="error", timeout=6
                )
                return
            unread = None if counts is None else counts.unread
            self.app.call_from_thread(self._confirm, action, len(ids), listed, unread)
        finally:
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.app.call_from_thread(self._counted)

    def _counted(self) -> None:
        self.bulk_counting = False
        self.refresh_bindings()

    def _confirm(self, action: BulkAction, count: int, listed: int, unread: int | None) -> None:
        if not count:
            self.notify("No briefing matches the query: nothing to change.", timeout=4)
            return
        self.app.push_screen(
            ConfirmScreen(f"{action.verb(count)}?", confirm_detail(action, count, listed, unread)),
            partial(self._confirmed, action, count),
        )

    def _confirmed(self, action: BulkAction, count: int, yes: bool | None) -> None:
        if not yes:
            return
        app = self.briefing_app
        if action.tags is not None:
            app.tag_matching(action.query, action.tags.add, action.tags.remove, count)
        else:
            state = "read" if action.read else "unread"
            noun = "briefing" if count == 1 else "briefings"
            app.mark_matching(
                action.query, read=bool(action.read), say=f"{count:,} {noun} marked {state}"
            )


def confirm_detail(action: BulkAction, count: int, listed: int, unread: int | None) -> str:
    """What the confirmation says under its question: which briefings, and how the
    count differs from the list's when it does."""
    lines: list[str] = []
    if not action.query:
        lines.append("The search is empty: this is every briefing in the library.")
    else:
        lines.append(f"Every briefing the query {action.query!r} matches.")
        if count != listed:
            lines.append(
                f"The list shows {listed:,}: while you type, its last word also matches "
                f"longer words; the whole query matches {count:,}."
            )
    if unread is not None and action.read:
        lines.append(f"{unread:,} of them {_are(unread)} unread now.")
    elif unread is not None:
        read = count - unread
        lines.append(f"{read:,} of them {_are(read)} read now; their text as read is dropped.")
    return "\n".join(lines)


def _are(count: int) -> str:
    return "is" if count == 1 else "are"
