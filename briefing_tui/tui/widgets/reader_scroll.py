"""The reader's scrolling column: every move is immediate; leaving restyles nothing.

Textual animates ``home``, ``end`` and page moves. In the reader, keys
pressed while such a jump was still under way (``G`` then ``c``, ``G`` then
``g``) acted on a position the view was only passing through: the sentence
cursor started above the screen, ``g`` stopped short of the top.

The column holds the focus while a briefing is read, so when ``escape``
removes the reader Textual blurs it, and losing focus restyles the widget
and everything in it: the whole document, 400 blocks at 100 KB, 300-800 ms
of the event loop spent on widgets about to be thrown away. Gaining or
losing it while reading (the find bar, the outline, the claims panel
opening and closing) restyled the whole document the same way, for
nothing: only the column's own style depends on its focus, unless a rule
styles what is inside a focused (or blurred) widget, and then the whole
document is restyled as before.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.containers import VerticalScroll
from textual.css.model import CombinatorType, RuleSet, Selector, SelectorType
from textual.dom import DOMNode

from briefing_tui.tui.typeahead import FocusHandOver

#: The reader's keys that send the focus from the text to a panel or the find bar.
FOCUS_LEAVING_KEYS = frozenset({"f", "ctrl+f", "o", "p"})

#: Pseudo-classes that follow the focus of the widget they are written on.
_FOCUS_CLASSES = frozenset({"focus", "blur"})


def focus_styles_reach_inside(rules: list[RuleSet], node: DOMNode) -> bool:
    """Whether a rule styles what is inside ``node`` by its focus (``X:focus Y``, X ``node``).

    Without such a rule the focus of ``node`` changes its own style only.
    Rules whose focused part names another widget (``App:blur HeaderTitle``,
    ``OptionList:focus > .option-list--option-highlighted``) do not count.
    """
    for rule in rules:
        for selector_set in rule.selector_set:
            compounds = _compounds(selector_set.selectors)
            for compound in compounds[:-1]:  # the last one is the styled widget itself
                focused = any(_FOCUS_CLASSES & part.pseudo_classes for part in compound)
                if focused and all(_may_match(part, node) for part in compound):
                    return True
    return False


def _compounds(selectors: list[Selector]) -> list[list[Selector]]:
    """The selectors grouped as written: ``A.b:focus C`` is ``[A, .b]``, ``[C]``."""
    compounds: list[list[Selector]] = []
    for selector in selectors:
        if compounds and selector.combinator == CombinatorType.SAME:
            compounds[-1].append(selector)
        else:
            compounds.append([selector])
    return compounds


def _may_match(selector: Selector, node: DOMNode) -> bool:
    """Whether ``selector`` (pseudo-classes aside) matches ``node``; when unsure, yes."""
    if selector.type == SelectorType.TYPE:
        return selector.name in node._css_type_names
    if selector.type == SelectorType.ID:
        return selector.name == node.id
    if selector.type == SelectorType.CLASS:
        return selector.name in node.classes
    return True


class ReaderScroll(VerticalScroll):
    """A ``VerticalScroll`` whose keyboard moves jump instead of animating."""

    #: The stylesheet's rules and this column's classes last looked at, and
    #: whether they style the document by its focus (see focus_styles_reach_inside).
    _rules_checked: tuple[list[RuleSet], frozenset[str]] | None = None
    _inside_follows_focus = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hand_over = FocusHandOver(self)

    def on_key(self, event: events.Key) -> None:
        """The keys typed at speed after ``f`` (or ``o``, ``p``) go where the focus went.

        The reader's bindings run as a key comes back to the app, after the keys
        typed behind it were handed to the text: ``f`` then ``subsid`` in one read
        ran ``s``, ``u`` (marked the briefing unread), ``b``, ``d`` (the diff)… as
        the reader's keys and left the find bar empty (see
        :class:`~briefing_tui.tui.typeahead.FocusHandOver`)."""
        if self._hand_over.hold(event):
            return
        if event.key in FOCUS_LEAVING_KEYS:
            self._hand_over.leaving()

    def on_blur(self) -> None:
        self._hand_over.give_back()

    def watch_has_focus(self, has_focus: bool) -> None:
        # ``_pruning`` is set on every widget being removed before the blur arrives.
        if self._pruning or self._closing or self._closed:
            return
        rules = self.app.stylesheet.rules
        checked = self._rules_checked
        if checked is None or checked[0] is not rules or checked[1] != self.classes:
            self._rules_checked = (rules, frozenset(self.classes))
            self._inside_follows_focus = focus_styles_reach_inside(rules, self)
        if self._inside_follows_focus:
            super().watch_has_focus(has_focus)
        else:
            self.app.stylesheet.update_nodes([self], animate=True)

    def action_scroll_home(self) -> None:
        # The reader's own: a briefing shown in parts turns to its first part.
        reader_scroll = getattr(self.screen, "action_scroll", None)
        if callable(reader_scroll):
            reader_scroll("home")
        else:
            self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        # As home: to the last part's end (it stopped at the end of the part shown).
        reader_scroll = getattr(self.screen, "action_scroll", None)
        if callable(reader_scroll):
            reader_scroll("end")
        else:
            self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        # The reader's own page down, as space's: at the end of a part of a large
        # briefing it goes on into the next (this binding took pagedown first).
        reader_page = getattr(self.screen, "action_scroll", None)
        if callable(reader_page):
            reader_page("page_down")
        else:
            self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        # As page down: at the top of a part, back into the one before.
        reader_page = getattr(self.screen, "action_scroll", None)
        if callable(reader_page):
            reader_page("page_up")
        else:
            self.scroll_page_up(animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_up(animate=False)
