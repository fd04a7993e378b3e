"""The reader's links: to a heading, to another briefing, to the web (asked first).

A mixin for :class:`~.screen.ReaderScreen`; the handler is named ``on_…``
because ``@on`` is not collected from a plain mixin class.
"""

from __future__ import annotations

from textual.widgets import Markdown

from briefing_tui.core.briefings.links import classify_link
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.widgets.document import BriefingDocument


class LinksMixin(ReaderBase):
    """Following a link clicked in the briefing."""

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        workspace = self.briefing_app.workspace
        assert workspace is not None  # readers are opened only once the library is
        target = classify_link(event.href, self.record.path, workspace.root)
        if target.kind == "anchor":
            self.query_one("#document", BriefingDocument).goto_anchor(target.target)
        elif target.kind == "briefing":
            record = workspace.store.by_path(target.target)
            if record is None:
                self.notify(f"No briefing at {target.target} in the library.", severity="warning")
            else:
                self.briefing_app.open_briefing(record)
        elif target.kind == "web":

            def answered(yes: bool | None) -> None:
                if yes:
                    self.app.open_url(target.target)

            self.app.push_screen(
                ConfirmScreen("Open this link in your browser?", target.target), answered
            )
        else:
            self.notify(f"Not opened: {target.reason}.\n{target.target}", severity="warning")
