"""The app's footer: Textual's, rebuilt at most once per refresh and only when its keys change.

Measured opening the overview and the timeline (``bench/``, ``overview-paint``
and ``timeline-paint``): the footer was most of the time to the first paint.
Textual 8's footer rebuilds every key on each bindings signal (a focus change,
the screen stack, ``set_focus``'s after-refresh: three or four per screen
opened, most showing the same keys), and each new key mounts ``compact``
(its default), gets the ``-compact`` class, then is bound back to the footer's
``compact``: two restyles per key per rebuild. Here the signals of one refresh
make one rebuild, none when the keys shown are the same, and each key starts
with the footer's ``compact``.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class AppFooter(Footer):
    """Textual's footer, rebuilt once per refresh, only when the keys it shows change."""

    _shown: tuple[object, ...] | None = None
    _rebuild_asked = False

    def compose(self) -> Iterator[Widget]:
        for widget in super().compose():
            # The palette's key is not bound to the footer's compact: it keeps its own.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if not self.is_attached or screen is not self.screen or self._rebuild_asked:
            return
        self._rebuild_asked = True
        self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_asked = False
        if not self.is_attached:
            return
        shown = tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "app.command_palette"
        )
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()
