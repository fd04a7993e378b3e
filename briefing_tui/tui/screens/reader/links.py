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


def link_offsets(plain: str, links: list[LinkInText]) -> list[int]:
    """Where each link's words are in the reader's plain text, looked for in order
    after the one before (a link whose words are not found is put where the one
    before it is): the links come from the Markdown, the view's place is a plain
    offset."""
    offsets: list[int] = []
    at = 0
    for link in links:
        words = link.text.split()
        found = plain.find(" ".join(words), at) if words else -1
        if found < 0 and words:
            found = plain.find(words[0], at)
        at = found if found >= 0 else at
        offsets.append(at)
    return offsets


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
        url = (self.record.url or "").strip()
        if url and all(link.href != url for link in links):
            # The address in the header (a fetched page's, a feed item's): shown, and
            # L said "This briefing has no links" (a walk).
            links.append(LinkInText("This briefing's own web page (its url)", url))
        if not links:
            self.notify("This briefing has no links.", timeout=3)
            return

        def chosen(link: LinkInText | None) -> None:
            if link is not None:
                self.follow_link(link.href)

        self.app.push_screen(LinksDialog(links, start=self._first_link_in_view(links)), chosen)

    def _first_link_in_view(self, links: list[LinkInText]) -> int:
        """The link the list starts on: the first at or after the top of the view,
        else (scrolled past them all) the last. It started on the briefing's first
        link wherever one was reading: a page down, ``tab`` to reach the link in
        front of you put the cursor a screen of links above it."""
        scroll = self._scroll()
        if scroll.scroll_y <= 0:
            return 0
        here = self._first_visible_offset(self.query_one("#document", BriefingDocument))
        at = link_offsets(self.plain, links)
        return next((i for i, offset in enumerate(at) if offset >= here), len(links) - 1)

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
