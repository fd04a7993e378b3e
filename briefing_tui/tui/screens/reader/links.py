"""The reader's links: to a heading, to another briefing, to the web (asked first).

A mixin for :class:`~.screen.ReaderScreen`; the handler is named ``on_…``
because ``@on`` is not collected from a plain mixin class.
"""

from __future__ import annotations

from textual.widgets import Markdown

from briefing_tui.core.briefings.links import LinkInText, classify_link, links_in
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.links import LinksDialog
from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.widgets.document import BriefingDocument


class LinksMixin(ReaderBase):
    """Following a link of the briefing: clicked, or chosen from its list (``L``)."""

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.follow_link(event.href)

    def action_links(self) -> None:
        """``L``: the briefing's links in a list, to follow one from the keyboard."""
        briefing = self.briefing
        # A link with neither words nor a target (``[]()``) shows nothing in the text
        # and leads nowhere: listed, it was a blank entry of two empty lines.
        found = links_in(briefing.body) if briefing is not None else []
        links = [link for link in found if link.text.strip() or link.href.strip()]
        if not links:
            self.notify("This briefing has no links.", timeout=3)
            return

        def chosen(link: LinkInText | None) -> None:
            if link is not None:
                self.follow_link(link.href)

        self.app.push_screen(LinksDialog(links), chosen)

    def action_tab_links(self) -> None:
        """``tab``: the next panel, as everywhere (an outline, a claims panel or
        the find bar open); in the text with nothing else to go to, the links (see
        ``L``): tab, as in a browser, was pressed to reach a link and did nothing."""
        if self.focused is self.query_one("#reader-scroll") and len(self.focus_chain) <= 1:
            self.action_links()
        else:
            self.focus_next()

    def follow_link(self, href: str) -> None:
        """Follow ``href`` as a click does: within the briefing, to another, or
        (asked first) to the browser; anything else is refused with the reason."""
        workspace = self.briefing_app.workspace
        assert workspace is not None  # readers are opened only once the library is
        target = classify_link(href, self.record.path, workspace.root)
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
