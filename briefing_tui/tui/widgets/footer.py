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

Below :data:`COMPACT_BELOW` columns every screen's footer is compact (one
space between keys, not two), so that the keys a screen lists first fit at
80 columns; the app's own keys (quit and the screens' F-keys, in the
help and the palette) stand aside there, all but F1 Help.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Below this width the footer is compact, so that more of its keys fit at 80 columns.
COMPACT_BELOW = 100
#: The app's own keys that a compact footer leaves out (F1 lists them, so does
#: the palette): at 80 columns they pushed the screen's own keys, and Help,
#: off the edge.
APP_WIDE_ACTIONS = frozenset({"quit", "claims", "review", "tag_manager", "timeline", "overview"})


class AppFooter(Footer):
    """Textual's footer, rebuilt once per refresh, only when the keys it shows change."""

    #: The compact footer, tidied: the palette key flush right (its margin let a
    #: key cut off under it show through), a group of keys (``K J Move``) spaced
    #: as the other keys are.
    DEFAULT_CSS = """
    AppFooter.-compact FooterKey.-command-palette { margin-right: 0; }
    AppFooter.-compact FooterKey.-grouped { margin: 0 1 0 0; }
    AppFooter.-compact FooterLabel { margin: 0 1 0 0; }
    """

    _shown: tuple[object, ...] | None = None
    _rebuild_asked = False
    _width = -1
    #: Whether keys were left out for want of room (a wider footer may show them).
    _left_out = False

    def compose(self) -> Iterator[Widget]:
        # Compact from the start at its width: a second compose once sized would
        # make every key again on each screen opened below 100 columns.
        narrow = self.app.size.width < COMPACT_BELOW
        if narrow != self.compact:
            self.set_reactive(Footer.compact, narrow)
            self.set_class(narrow, "-compact")
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey) and widget.action in APP_WIDE_ACTIONS:
                continue
            # The palette's key is not bound to the footer's compact: it keeps its own.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        width, grew = event.size.width, event.size.width > self._width
        self._width = width
        if (width < COMPACT_BELOW) != self.compact or (grew and self._left_out):
            # Other keys to show: the app's come and go, or some left out may fit now.
            self.compact = width < COMPACT_BELOW
            self._shown = None
            self.call_after_refresh(self._rebuild)
        else:
            self.call_after_refresh(self._leave_out_cut_keys)

    def _leave_out_cut_keys(self, tries: int = 3) -> None:
        """A key that does not fit whole is left out, not cut mid-word ("u Rea▏")."""
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        if tries and any(key.display and not key.region.width for key in [*keys, *palette]):
            # Not placed yet (a rebuild's keys mounted, not laid out): read as 0 wide,
            # none was left out, and the reader's "y Copy quote" ran under the palette.
            self.call_after_refresh(self._leave_out_cut_keys, tries - 1)
            return
        edge = palette[0].region.x if palette else self.region.right
        cut = False
        for key in keys:
            cut = cut or key.region.right > edge
            if cut:
                key.display = False
        self._left_out = cut

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
        self.call_after_refresh(self._leave_out_cut_keys)
