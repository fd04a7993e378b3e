"""The reader's footer: Textual's, recomposed only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class ReaderFooter(Footer):
    """Textual's footer, recomposed only when the keys it shows change.

    The footer recomposes on every bindings refresh, and the reader refreshes
    its bindings as an open goes on (claims loaded, sentences found): about a
    dozen recompositions per open, each making a dozen keys and restyling each
    (measured: 40% of the event loop's time before the first screen of a
    2 KB briefing was painted). Most of them showed the same keys.
    """

    _shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not self.is_attached or screen is not self.screen:
            return
        shown = tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show or binding.action == "app.command_palette"
        )
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
