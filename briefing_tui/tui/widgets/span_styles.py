"""Highlight spans (``.find-match``, ``.claim-open``…) styled as the CSS says.

Shared by the reader's paragraphs, code blocks and table cells, which draw the
document's highlights over their own text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.style import Style as VisualStyle
from textual.widget import Widget

if TYPE_CHECKING:
    _Widget = Widget
else:
    _Widget = object


class OpaqueSpans(_Widget):
    """Mixin for widgets drawing highlight spans (``.find``, ``.claim``…): each span's
    style as its CSS says (see :func:`_opaque_style`)."""

    def _get_style(self, style: VisualStyle | str) -> VisualStyle:
        if isinstance(style, str) and style.startswith("."):
            opaque = _opaque_style(self, style[1:])
            if opaque is not None:
                return opaque
        return super()._get_style(style)


def _opaque_style(widget: Widget, name: str) -> VisualStyle | None:
    """The style of component class ``name`` (of ``widget`` or an ancestor) as its CSS
    says, its background blended over the block's; None when it sets no background.

    Textual resolves a span's ``.name`` as a partial style that blends the
    background in by one minus its alpha: an opaque one vanished, and the current
    find match (``$background`` text on ``$warning``) was drawn as text the colour
    of the page, invisible; the tints came out at about a third of their strength
    (the other find matches, ``$warning 40%``, as #322513 where 40% is #704D1C).
    """
    for node in widget.ancestors_with_self:
        if not isinstance(node, Widget):
            break
        try:
            styles = node.get_component_styles(name)
        except KeyError:
            continue
        if not styles.has_rule("background"):
            return None
        background = styles.background
        if background.a < 1:  # a tint: over the block's own background, as CSS blends it
            background = widget.background_colors[1] + background
        text = styles.text_style
        return VisualStyle(
            background=background,
            foreground=styles.color if styles.has_rule("color") else None,
            bold=text.bold,
            dim=text.dim,
            italic=text.italic,
            underline=text.underline,
            strike=text.strike,
            reverse=text.reverse,  # the marks that must show without colour (app.tcss)
        )
    return None
