"""The reader's footer: the app's, drawn again only when the keys it shows change."""

from __future__ import annotations

from briefing_tui.tui.widgets.footer import AppFooter


class ReaderFooter(AppFooter):
    """The app's footer, named for the reader (its CSS and tests find it by this name).

    The reader refreshes its bindings as an open goes on (claims loaded,
    sentences found): about a dozen signals per open, each of which made
    Textual's footer make a dozen keys and restyle each (measured: 40% of the
    event loop's time before the first screen of a 2 KB briefing was
    painted). :class:`AppFooter` is one widget, drawn again only when the keys
    shown change.
    """
