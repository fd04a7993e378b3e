"""The reader's outline: Markdown's table of contents, each heading under the one it belongs to.

Textual's table of contents nests a heading by its level alone: an ``h3``
right after an ``h1`` (or a briefing opening with an ``h2``) was put under a
blank placeholder row for the level skipped, ``▼ Ⅲ`` with no text, one such
row per level skipped (the CommonMark spec's examples, a newcomer walk).
Here a heading goes under the nearest heading above it of a higher level
(the root when there is none), as a reader of the document would place it;
each row still shows its own level's numeral.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets._markdown import NUMERALS  # the levels' numerals, as Textual shows them
from textual.widgets.markdown import MarkdownTableOfContents, TableOfContentsType
from textual.widgets.tree import TreeNode


class OutlineTree(Tree[object]):
    """The outline's tree, its keys in the footer: focused, the footer still showed
    the reader's keys and nothing of ``enter`` going to the heading (a walk)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Go to heading", id="outline.go"),
        Binding("escape", "screen.close_outline", "Close outline", id="outline.close"),
    ]


class Outline(MarkdownTableOfContents):
    """Headings nested under the headings they follow, without placeholder rows."""

    def compose(self) -> ComposeResult:
        tree = OutlineTree("TOC")  # as Textual's own, with the keys shown
        tree.show_root = False
        tree.show_guides = True
        tree.guide_depth = 4
        tree.auto_expand = False
        yield tree

    def rebuild_table_of_contents(self, table_of_contents: TableOfContentsType) -> None:
        tree: Tree[object] = self.query_one(Tree)
        tree.clear()
        above: list[tuple[int, TreeNode[object]]] = []  # the open headings, outermost first
        for level, name, block_id in table_of_contents:
            while above and above[-1][0] >= level:
                above.pop()
            parent = above[-1][1] if above else tree.root
            if parent is not tree.root and not parent.allow_expand:
                parent.allow_expand = True
                parent.expand()
            label = Text.assemble((f"{NUMERALS[level]} ", "dim"), name)
            node = parent.add(label, {"block_id": block_id}, expand=True, allow_expand=False)
            above.append((level, node))
