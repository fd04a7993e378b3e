"""The tag editor: add and remove several tags at once, with completion and counts.

Type tags separated by spaces or commas; a tag written ``-tag`` is removed.
The list below shows the existing tags that match what is being typed, with
how many briefings carry each; ``tab`` completes the highlighted one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.tags import normalize_tag, tag_problem

#: Tags suggested at most (the most used first).
MOST_SUGGESTED = 50


@dataclass(frozen=True)
class TagChange:
    """What the user asked for: tags to add and tags to remove."""

    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.add or self.remove)


def parse_tag_input(text: str) -> TagChange:
    """``"key, -todo +urgent"`` → add [key, urgent], remove [todo]."""
    add: list[str] = []
    remove: list[str] = []
    for word in text.replace(",", " ").split():
        target = remove if word.startswith("-") else add
        tag = normalize_tag(word.lstrip("+-"))
        if tag and tag not in target:
            target.append(tag)
    return TagChange(add, remove)


def change_problem(change: TagChange) -> str | None:
    """Why a tag to add cannot be set (too long, or holding a double quote: no
    ``tag:`` query could find it, as ``briefing tag`` says), or ``None``. A tag
    to remove is never refused: one set before can still be taken off."""
    for tag in change.add:
        problem = tag_problem(tag)
        if problem:
            shown = tag if len(tag) <= 30 else f"{tag[:29]}…"
            return f"{problem}: {shown}"
    return None


class TagEditorScreen(ModalScreen[TagChange | None]):
    """Edit one briefing's tags; dismisses with a :class:`TagChange` or ``None``."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tags.cancel"),
        Binding("tab", "complete", "Complete", id="tags.complete", priority=True),
        Binding("down", "suggestion(1)", "Next suggestion", show=False, priority=True),
        Binding("up", "suggestion(-1)", "Previous suggestion", show=False, priority=True),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    def __init__(self, title: str, current: list[str], counts: list[tuple[str, int]]) -> None:
        super().__init__()
        self._title = title
        self._current = current
        self._counts = counts

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # The title, the current tags (a few lines, scrolling) and the input stay on
            # top; the help stays below; the suggestions take what height is left.
            with Vertical(id="tag-head"):
                yield Label(
                    Content.assemble(("Tags of ", "dim"), (self._title, "bold")), id="tag-title"
                )
                with VerticalScroll(id="current-tags-box", can_focus=False):
                    yield Label(self._current_text(), id="current-tags")
                yield Input(
                    placeholder="tags to add, -tag to remove (enter to save)", id="tag-input"
                )
            yield Label(Content("tab completes · enter saves · escape cancels"), id="tag-help")
            yield OptionList(id="tag-suggestions")

    def _current_text(self) -> Content:
        if not self._current:
            return Content("No tags yet.")
        return Content.assemble(("Now: ", "dim"), (", ".join(self._current), "bold"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._suggest("")

    def _last_word(self, text: str) -> str:
        words = text.replace(",", " ").split(" ")
        return words[-1].lstrip("+-") if words else ""

    def _suggest(self, text: str) -> None:
        fragment = normalize_tag(self._last_word(text))
        options = self.query_one(OptionList)
        options.clear_options()
        wanted = (
            Option(Content(f"{tag}  ({count})"), id=tag)
            for tag, count in self._counts
            if not fragment or tag.startswith(fragment)
        )
        # Added at once: one at a time, each option laid the list out again (50 a keystroke).
        shown = list(islice(wanted, MOST_SUGGESTED))
        if not shown and fragment:
            # An empty box under the field said nothing (a walk): a new tag is fine.
            said = f"“{fragment}” is a new tag: no briefing has it yet"
            if text.replace(",", " ").split(" ")[-1].startswith("-"):
                said = f"No briefing has “{fragment}”: nothing to remove"
            shown = [Option(Content(said), disabled=True)]
        options.add_options(shown)
        if shown and not shown[0].disabled:
            options.highlighted = 0

    @on(Input.Changed, "#tag-input")
    def _on_changed(self, event: Input.Changed) -> None:
        self._suggest(event.value)

    @on(Input.Submitted, "#tag-input")
    def _on_submitted(self, event: Input.Submitted) -> None:
        change = parse_tag_input(event.value)
        problem = change_problem(change)
        if problem:  # said, and the dialog stays open with what was typed
            self.notify(f"Not saved: {problem}", severity="warning", timeout=6)
            return
        self.dismiss(change)

    @on(OptionList.OptionSelected)
    def _on_selected(self, event: OptionList.OptionSelected) -> None:
        self._complete_with(event.option.id or "")

    def action_complete(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            self._complete_with(option.id or "")

    def _complete_with(self, tag: str) -> None:
        field_ = self.query_one(Input)
        text = field_.value
        cut = max(text.rfind(" "), text.rfind(","))
        head, last = text[: cut + 1], text[cut + 1 :]
        sign = last[0] if last[:1] in ("+", "-") else ""
        field_.value = f"{head}{sign}{tag} "
        field_.cursor_position = len(field_.value)
        field_.focus()

    def action_suggestion(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count and options.highlighted is not None:
            current = options.highlighted or 0
            options.highlighted = (current + step) % options.option_count

    def action_cancel(self) -> None:
        self.dismiss(None)
