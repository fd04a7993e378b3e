"""The app's footer: every key the screen shows, drawn as one line of one widget.

Textual's footer is a container of one widget per key, made again on each
bindings signal (a focus change, the screen stack: three or four per screen
opened), each key then styled, laid out and drawn on its own. Measured on
the pilot tests, those key widgets were 39% of the widgets the app made and
about a tenth of its CPU; opening the reader made 44 of them. And whether a
key fitted could only be checked once the new keys were laid out, a refresh
later: at 120 columns, back from the reader, the library's footer showed
"f6 Ov▏^p palette". Here the keys are laid out as the line is drawn, at the
width it is drawn at: a key that does not fit whole is left out, with the
keys after it, by construction; F1 Help is kept at any width, the keys before
it giving way.

It draws what Textual's footer draws, in its colours (its theme variables):
each key and its description, disabled keys dim, the key under the mouse
highlighted, its tooltip shown, a click runs it; the palette's key at the
right edge. Below :data:`COMPACT_BELOW` columns it is compact (one space
between keys, not two), so that the keys a screen lists first fit at 80
columns; the app's own keys (quit and the screens' F-keys, in the help and
the palette) stand aside there, all but F1 Help.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widget import Widget

#: Below this width the footer is compact, so that more of its keys fit at 80 columns.
COMPACT_BELOW = 100
#: The app's own keys that a compact footer leaves out (F1 lists them, so does
#: the palette): at 80 columns they pushed the screen's own keys, and Help,
#: off the edge.
APP_WIDE_ACTIONS = frozenset({"quit", "claims", "review", "tag_manager", "timeline", "overview"})
#: The actions of F1 Help: kept on the footer when the keys before it do not all fit.
HELP_ACTIONS = frozenset({"help", "app.help", "help_in_dialog"})
#: The palette key's left edge (Textual's ``vkey`` border).
PALETTE_EDGE = "▏"


@dataclass(frozen=True)
class FooterKey:
    """One key as the footer shows it, or a group of keys (``K J Move``)."""

    key: str
    #: The key as shown (``^p``, ``⏎``; a group's keys, ``K J``).
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    #: A group's keys (a :class:`Binding.Group` of several), each drawn, and run
    #: when clicked, on its own; empty for a key alone.
    members: tuple[FooterKey, ...] = ()


@dataclass(frozen=True)
class PlacedKey:
    """A key drawn on the footer's line, from column ``x``, ``width`` columns wide."""

    shown: FooterKey
    x: int
    width: int
    palette: bool = False

    @property
    def right(self) -> int:
        return self.x + self.width


class AppFooter(Widget, can_focus=False):
    """The keys of the screen it is on, drawn as one line (see the module)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "app-footer--key",
        "app-footer--description",
        "app-footer--hover",
        "app-footer--edge",
    }
    DEFAULT_CSS = """
    AppFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .app-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .app-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .app-footer--hover { background: $block-hover-background; }
        & > .app-footer--edge { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: The keys to show (before any is left out for want of room).
        self._keys: tuple[FooterKey, ...] = ()
        self._palette: FooterKey | None = None
        #: Where each key was drawn last, for the mouse.
        self._placed: list[PlacedKey] = []
        self._hover: FooterKey | None = None

    @property
    def compact(self) -> bool:
        return (self.size.width or self.app.size.width) < COMPACT_BELOW

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self._read_keys(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._read_keys(screen)

    def _read_keys(self, screen: Screen[object]) -> None:
        """The keys the screen shows now; drawn again only when they changed.

        Under a dialog, the dialog's keys and F1 Help: the screen's own keys, shown
        on under the tag manager's rename dialog ("r Rename / merge d Delete ? Help"),
        typed into its field instead, and ``?`` typed a question mark there too.
        """
        by_action: dict[str, list[tuple[Binding, FooterKey]]] = {}  # the first bound is shown
        palette = None
        palette_key = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        top = self.app.screen
        dialog = top is not screen and top.is_modal and screen in self.app.screen_stack
        active = dict(top.active_bindings if dialog else screen.active_bindings)
        if dialog:  # the app's f1 over a dialog (a modal screen takes no other app key)
            active.update(_dialog_help(self.app))
        for key, (_, binding, enabled, tooltip) in active.items():
            shown = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
            )
            if key == palette_key:
                palette = replace(shown, tooltip=binding.tooltip or binding.description)
            if binding.show:
                by_action.setdefault(binding.action, []).append((binding, shown))
        keys: list[FooterKey] = []
        # As Textual's footer: the keys of a group of several, side by side, then its name.
        for group, runs in groupby(by_action.values(), lambda run: run[0][0].group):
            firsts = [run[0] for run in runs]
            if group is None or len(firsts) == 1:
                keys.extend(shown for _, shown in firsts)
                continue
            members = tuple(
                replace(shown, description="", tooltip=shown.tooltip or binding.description)
                for binding, shown in firsts
            )
            keys.append(
                FooterKey(
                    members[0].key,
                    " ".join(member.display for member in members),
                    group.description,
                    members[0].action,
                    any(member.enabled for member in members),
                    "",
                    members,
                )
            )
        shown_keys = tuple(keys)
        if shown_keys != self._keys or palette != self._palette:
            self._keys, self._palette = shown_keys, palette
            self.refresh()

    def placed(self, width: int | None = None) -> list[PlacedKey]:
        """The keys drawn at ``width`` columns (the footer's own by default),
        left to right, the palette's last; a key that does not fit whole is left
        out, with those after it."""
        width = self.size.width if width is None else width
        compact = self.compact
        placed: list[PlacedKey] = []
        right = width
        if self._palette is not None:
            palette_width = 1 + _item_width(self._palette, compact=True) + (0 if compact else 1)
            right = max(0, width - palette_width)
            palette = PlacedKey(self._palette, right, palette_width, palette=True)
        gap = 1 if compact else 0
        keys = [k for k in self._keys if not (compact and k.action in APP_WIDE_ACTIONS)]
        # Help stays whatever the width (the keys before it give way): at 60
        # columns, and at 80 with the claims panel's keys first, it was left out,
        # and with it the one key that lists all the others.
        help_key = next((k for k in keys if k.action in HELP_ACTIONS), None)
        helped = help_key is None
        help_width = 0 if help_key is None else _item_width(help_key, compact=compact)
        x = 0
        for index, shown in enumerate(keys):
            item = _item_width(shown, compact=compact)
            rest = sum(_item_width(k, compact=compact) + gap for k in keys[index:]) - gap
            room = right
            if x + rest > right and not helped and shown is not help_key:
                room -= help_width + gap
            if x + item > room:
                if help_key is not None and not helped and x + help_width <= right:
                    placed.append(PlacedKey(help_key, x, help_width))
                break
            placed.append(PlacedKey(shown, x, item))
            helped = helped or shown is help_key
            x += item + gap
        if self._palette is not None:
            placed.append(palette)
        return placed

    def render(self) -> Text:
        compact = self.compact
        key_style = self.get_component_rich_style("app-footer--key", partial=True)
        text_style = self.get_component_rich_style("app-footer--description", partial=True)
        # Colours with alpha ($block-hover-background, $foreground 20%), blended with
        # the footer's background: given to Rich as they are, the hovered key was
        # drawn on solid white.
        under = self.background_colors[1]
        hover = self.get_component_styles("app-footer--hover").background
        hover_style = Style(bgcolor=(under + hover).rich_color)
        edge = self.get_component_styles("app-footer--edge").color
        edge_style = Style(color=(under + edge).rich_color)
        self._placed = placed = self.placed()
        line = Text(no_wrap=True, overflow="crop", end="")
        for each in placed:
            if len(line) < each.x:
                line.append(" " * (each.x - len(line)))
            shown = each.shown
            if each.palette:
                line.append(PALETTE_EDGE, edge_style)
            start = len(line)
            tight = compact or each.palette
            if shown.members:  # a group: its keys, spaced, as Textual draws them
                line.append("" if tight else " ")
                for number, member in enumerate(shown.members):
                    line.append(" " if number else "")
                    line.append(member.display, key_style + _dim(member, self.app.no_color))
            else:
                key = shown.display if tight or not shown.description else f" {shown.display} "
                line.append(key, key_style)
            if shown.description:
                # After a key's own padding (`` k ``), or a group's last key (``K J``).
                before = " " if tight or shown.members else ""
                line.append(f"{before}{shown.description}{'' if tight else ' '}", text_style)
            if each.palette and not compact:
                line.append(" ")
            if not shown.enabled and not shown.members:
                line.stylize(_dim(shown, self.app.no_color), start)
            if shown == self._hover:
                line.stylize_before(hover_style, start)
        return line

    def _key_at(self, x: int) -> FooterKey | None:
        for each in self._placed:
            if not each.x <= x < each.right:
                continue
            if not each.shown.members:
                return each.shown
            # A group: the member drawn at x, or the group's name (nothing to run).
            left = each.x + (0 if self.compact else 1)
            for member in each.shown.members:
                if left <= x < left + cell_len(member.display):
                    return member
                left += cell_len(member.display) + 1
            return None
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.tooltip = (hover.tooltip or None) if hover is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self._key_at(event.x)
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()


def _dialog_help(app: App[object]) -> dict[str, ActiveBinding]:
    """The app's F1 over a dialog, as the footer shows it (bound ``show=False``, as
    the app's ``help`` shows it on the screens), if it works over this one."""
    for key, binding in app._bindings:
        if binding.action == "help_in_dialog" and app.check_action(binding.action, ()):
            shown = replace(binding, show=True)
            return {key: ActiveBinding(app, shown, True, "Help: the keys that work here")}
    return {}


def _dim(shown: FooterKey, no_color: bool = False) -> Style:
    """A greyed key's look: dim, which Textual draws as a colour blend; struck through
    too without colour (NO_COLOR), where the blend is gone and it looked live."""
    if shown.enabled:
        return Style.null()
    return Style(dim=True, strike=no_color or None)


def _item_width(shown: FooterKey, *, compact: bool) -> int:
    """Columns of a key and its description (compact: ``k Desc``, else `` k Desc ``)."""
    if not shown.description:
        return cell_len(shown.display)
    width = cell_len(shown.display) + 1 + cell_len(shown.description)
    return width if compact else width + 2
