"""The feeds screen: every followed feed, when it was last fetched, what came of it.

Reached from the command palette ("Feeds"). ``f`` fetches the selected
feed, ``F`` every feed, ``s`` stops a fetch under way (shown only then),
``a`` follows a new one, ``d`` stops following the selected one (after a
confirmation; its briefings stay). The app does the
work (:mod:`..intake_work`) and sends the feeds back as
:class:`~..messages.FeedsChanged`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from briefing_tui.core.stream.facets import source_term
from briefing_tui.core.text.sanitize import clean_line
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.dialogs.add import FeedDialog
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.messages import FeedFollowed, FeedsChanged, FetchFinished, FetchProgress
from briefing_tui.tui.screens.help import INTAKE_HELP
from briefing_tui.tui.screens.library_status import fetch_text
from briefing_tui.tui.widgets.footer import AppFooter
from briefing_tui.tui.widgets.work_bar import WorkBar

if TYPE_CHECKING:
    from briefing_tui.core.briefings.feeds import Feed

COLUMNS = ("Name", "Address", "Last fetched", "New", "Last error")
NO_FEEDS = (
    "No feeds yet. a follows one: the address of an RSS or Atom feed, of a web page "
    "that names its feed, or a feed or OPML file."
)


def when(stamp: str | None) -> str:
    """``2024-03-05 09:30`` in local time, from the UTC stamp ``feeds.json`` keeps."""
    if not stamp:
        return "never"
    try:
        return (
            datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            .astimezone()
            .strftime("%Y-%m-%d %H:%M")
        )
    except ValueError:
        return clean_line(stamp)


def widths(
    total: int, names: int = 0, addresses: int = 0, errors: int | None = None
) -> tuple[int, int, int, int, int]:
    """Column widths for a table ``total`` cells wide (each column has 2 of padding).
    ``names``, ``addresses``, ``errors``: the longest of each (``None``: not known);
    room the address and error columns do not need goes to a longer name (a name
    was cut at 20 cells beside short addresses and no errors)."""
    fetched, new = 16, 7
    rest = max(total - 2 * len(COLUMNS) - fetched - new, 24)
    name = min(20, max(8, rest // 4))
    address = (rest - name) * 11 // 20
    error = rest - name - address
    spare_address = max(0, address - max(addresses, 8))
    spare_error = 0 if errors is None else max(0, error - max(errors, len(COLUMNS[-1])))
    grow = min(spare_address + spare_error, max(0, names - name))
    from_address = min(grow, spare_address)
    return name + grow, address - from_address, fetched, new, error - (grow - from_address)


def _brought(feed: Feed) -> str:
    """What the last fetch brought: ``3 new``, ``failed`` or nothing (never fetched)."""
    if not feed.last_fetched:
        return ""
    return "failed" if feed.last_error else f"{feed.last_new} new"


def _cell(text: str) -> Text:
    """A cell shown as it is (never markup), cut with … when too long."""
    return Text(clean_line(text), no_wrap=True, overflow="ellipsis", end="")


class FeedsScreen(AppAccess, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="feeds.back"),
        Binding(
            "f", "fetch", "Fetch", tooltip="Fetch the selected feed's new items", id="feeds.fetch"
        ),
        Binding("F", "fetch_all", "Fetch all", tooltip="Fetch every feed", id="feeds.fetch_all"),
        Binding("a", "follow", "Add feed", tooltip="Follow a new feed", id="feeds.add"),
        Binding(
            "s",
            "stop_fetch",
            "Stop fetch",
            tooltip="Stop the fetch under way (what was fetched is kept)",
            id="feeds.stop",
        ),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Stop following the selected feed (its briefings stay)",
            id="feeds.remove",
        ),
        Binding("j", "move(1)", "Down", show=False),  # as in the library's list
        Binding("k", "move(-1)", "Up", show=False),
        Binding(
            "ctrl+r",
            "reread",
            "Re-read",
            show=False,
            tooltip="Read the feeds again (one followed with `briefing feeds add` meanwhile)"
            " and re-sync the library",
            id="feeds.reread",
        ),
    ]

    def __init__(self, follow: str | None = None) -> None:
        super().__init__()
        #: An address to offer to follow when the screen opens (a feed given to Add).
        self._follow_first = follow
        self.feeds: list[Feed] = []
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Reading the feeds…", id="feeds-count")
        yield DataTable(id="feeds-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="feed-detail-box", can_focus=False):
            yield Static("", id="feed-detail")
        yield WorkBar(id="feeds-work", hints={"fetch": "s: stop"})
        yield AppFooter()

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        (table.action_cursor_down if step > 0 else table.action_cursor_up)()

    def action_reread(self) -> None:
        self.briefing_app.list_feeds()
        self.briefing_app.start_sync()

    def on_mount(self) -> None:
        self.sub_title = "Feeds"
        self.query_one(DataTable).focus()
        self.briefing_app.list_feeds()
        if self.briefing_app.fetching:
            self.query_one(WorkBar).report("fetch", "Fetching feeds…")
        if self._follow_first is not None:
            self.call_after_refresh(self.action_follow, self._follow_first)

    def help_text(self) -> str:
        """The help's section on getting briefings in (see :class:`.help.HelpScreen`)."""
        return INTAKE_HELP

    # -- news from the app ----------------------------------------------------------------

    def on_feeds_changed(self, event: FeedsChanged) -> None:
        self.feeds, self.error = event.feeds, event.error
        self._fill()

    def on_feed_followed(self, event: FeedFollowed) -> None:
        """A feed just followed gets the cursor."""
        if event.added:
            self._fill(select=event.added[0])

    def on_fetch_progress(self, event: FetchProgress) -> None:
        self.query_one(WorkBar).report("fetch", fetch_text(event), event.done, event.total)
        self.refresh_bindings()  # s (stop) shows while a fetch runs

    def on_fetch_finished(self, _: FetchFinished) -> None:
        self.query_one(WorkBar).end("fetch")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop_fetch":
            return self.briefing_app.fetching
        return True

    def on_resize(self, _: events.Resize) -> None:
        self._fill()

    # -- showing --------------------------------------------------------------------------

    def _fill(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        current = self.current
        selected = select or (current.name if current is not None else None)
        table.clear(columns=True)
        size = widths(
            max(table.size.width or self.size.width, 40) - 2,
            max((cell_len(clean_line(feed.name)) for feed in self.feeds), default=0),
            max((cell_len(clean_line(feed.url)) for feed in self.feeds), default=0),
            max((cell_len(clean_line(feed.last_error or "")) for feed in self.feeds), default=0),
        )
        for label, width in zip(COLUMNS, size, strict=True):
            table.add_column(label, width=width, key=label)
        for feed in self.feeds:
            table.add_row(
                _cell(feed.name),
                _cell(feed.url),
                _cell(when(feed.last_fetched)),
                # A feed whose last fetch failed brought nothing: "failed", not "0 new".
                _cell(_brought(feed)),
                _cell(feed.last_error or ""),
                key=feed.name,
            )
        names = [feed.name for feed in self.feeds]
        if selected is not None and selected in names:
            table.move_cursor(row=names.index(selected))
        count = self.query_one("#feeds-count", Label)
        if self.error:
            count.update(Content(f"The feeds could not be read: {self.error}"))
        else:
            noun = "feed" if len(self.feeds) == 1 else "feeds"
            count.update(
                Content(f"{len(self.feeds)} {noun} · f fetches the selected one, F all")
                if self.feeds
                else Content("No feeds yet · a follows one")
            )
        self._show_detail()

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected feed in full, wrapped: what the columns cut."""
        detail = self.query_one("#feed-detail", Static)
        feed = self.current
        if feed is None:
            detail.update(Content("" if self.error else NO_FEEDS))
            return
        parts = [
            ("Title", feed.title or "(not read yet)"),
            ("Address", feed.url),
            ("Briefings go to", feed.folder),
            ("Tags", ", ".join(feed.tags) or "none"),
            ("Full text", "yes: each item's page is fetched" if feed.full_text else "no"),
            (
                "Last tried" if feed.last_error else "Last fetched",
                ", ".join(filter(None, (when(feed.last_fetched), _brought(feed)))),
            ),
        ]
        if feed.last_error:
            parts.append(("Last error", feed.last_error))
        detail.update(
            Content("\n").join(
                Content.assemble((f"{label}: ", "dim"), clean_line(value)) for label, value in parts
            )
        )

    @property
    def current(self) -> Feed | None:
        """The feed under the cursor."""
        table = self.query_one(DataTable)
        if not self.feeds or table.row_count == 0:
            return None
        row = min(max(table.cursor_row, 0), len(self.feeds) - 1)
        return self.feeds[row]

    # -- actions ---------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """``enter`` on a feed: its briefings in the library (by their source, the
        feed's title). The help called enter "Choose the highlighted one", and it did
        nothing."""
        event.stop()
        feed = self.current
        if feed is None:
            return
        # Items take the feed's title as their source, or its name when it has none.
        term = source_term(feed.title or feed.name) if feed.last_fetched else None
        if term is None:
            self.notify(
                f"{clean_line(feed.name)} has brought nothing in yet: f fetches it.", timeout=4
            )
            return
        self.briefing_app.search_for(term)

    def action_fetch(self) -> None:
        feed = self.current
        if feed is None:
            self.notify(NO_FEEDS, severity="warning")
            return
        self.briefing_app.start_fetch([feed.name])

    def action_fetch_all(self) -> None:
        if not self.feeds:
            self.notify(NO_FEEDS, severity="warning")
            return
        self.briefing_app.start_fetch()

    def action_stop_fetch(self) -> None:
        self.briefing_app.stop_fetch()

    def action_follow(self, address: str = "") -> None:
        # The dialog asks the app to follow the feed and stays open until it is
        # followed (or says why not); the feed added then gets the cursor.
        self.app.push_screen(FeedDialog(address))

    def action_remove(self) -> None:
        feed = self.current
        if feed is None:  # said, as f and F say it: the footer offers d all the same
            self.notify(NO_FEEDS, severity="warning")
            return
        name = feed.name

        def answered(yes: bool | None) -> None:
            if yes:
                self.briefing_app.drop_feed(name)

        self.app.push_screen(
            ConfirmScreen(
                f"Stop following the feed “{name}”?",
                f"Its briefings stay in the library ({feed.folder}); fetching no longer asks "
                f"{feed.url} for new ones.",
            ),
            answered,
        )
