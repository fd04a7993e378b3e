"""The session's notices, newest first, each whole (see :mod:`..notice_log`):
what a notification cut short ("… and 8 more") or showed while the user looked
elsewhere can be read here. ``escape`` goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.text.sanitize import clean_text
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.notice_log import KeptNotice
from briefing_tui.tui.widgets.footer import AppFooter

#: How each severity's title is drawn.
SEVERITY_STYLES = {"error": "bold $text-error", "warning": "bold $text-warning"}


def notice_text(notice: KeptNotice) -> Content:
    """``09:41:07  Add  3 imported, 8 failed`` and the notice's lines under it, as data."""
    head: list[Content | str | tuple[str, str]] = [(f"{notice.at:%H:%M:%S}  ", "dim")]
    if notice.title:
        head.append((f"{notice.title}  ", SEVERITY_STYLES.get(notice.severity, "bold")))
    lines = clean_text(notice.message).splitlines() or [""]
    return Content.assemble(*head, lines[0], *(f"\n          {line}" for line in lines[1:]))


class NoticeList(OptionList, inherit_bindings=False):
    """The notices, to read: an option list's keys but ``enter``, which chooses
    nothing here (the help listed "⏎ Choose the highlighted one", which did nothing)."""

    BINDINGS = [
        binding
        for binding in OptionList.BINDINGS
        if not (isinstance(binding, Binding) and binding.action == "select")
    ]


class MessagesScreen(AppAccess, Screen[None]):
    DEFAULT_CSS = """
    MessagesScreen #messages-count { padding: 0 1; height: auto; color: $text-muted; }
    MessagesScreen OptionList { height: 1fr; }
    """

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="messages.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        kept = list(reversed(self.briefing_app.kept_notices))
        said = f"{len(kept):,} notice{'' if len(kept) == 1 else 's'} this session, newest first"
        yield Label(said if kept else "No notices yet this session.", id="messages-count")
        yield NoticeList(*(Option(notice_text(notice)) for notice in kept), id="messages-list")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
