"""Every tag with its count: rename, merge into another, delete (with confirmation).

Renaming onto an existing tag merges the two. Front-matter tags are not
rewritten in the files; the change is kept as the app's own tagging.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.stream.facets import tag_term
from briefing_tui.core.tags import normalize_tag, tag_problem
from briefing_tui.core.text.sanitize import clean_line
from briefing_tui.tui.access import AppAccess, search_library_binding
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.messages import ListingReady, TagsChanged
from briefing_tui.tui.widgets.footer import AppFooter


class TagManagerScreen(AppAccess, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="tag_manager.back"),
        Binding("r", "rename", "Rename / merge", id="tag_manager.rename"),
        Binding("d,delete", "delete", "Delete", id="tag_manager.delete"),
        Binding("enter", "search", "Search for it", id="tag_manager.search"),
        search_library_binding("tag_manager"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counts: list[tuple[str, int]] = []
        #: The tag a rename or merge made: the cursor goes to it once it is listed.
        self._follow: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="tag-count")
        yield OptionList(id="tag-list")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = "Tags"
        self.query_one(OptionList).focus()
        self.reload()

    # ListingReady: the library opened (this screen may have been opened before it,
    # in the first second, and found nothing to read) or changed.
    @on(ListingReady)
    @on(TagsChanged)
    def _on_tags_changed(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="tags-load")
    def reload(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is not None:
            counts = workspace.store.tag_counts()
            self.from_worker(self._show, counts)

    def _show(self, counts: list[tuple[str, int]]) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        # The cursor stays on its tag, not its row: after a merge (oil-watch into
        # energy) or a rename the row held the next tag down, which `d` then deleted.
        shown = self._current()
        wanted = self._follow or (shown[0] if shown else None)
        self.counts = counts
        options.clear_options()
        options.add_options(
            Option(Content.assemble((f"{count:>6}  ", "dim"), tag), id=tag) for tag, count in counts
        )
        if counts:
            tags = [tag for tag, _count in counts]
            if wanted in tags:
                options.highlighted = tags.index(wanted)
                if wanted == self._follow:
                    self._follow = None
            else:
                options.highlighted = min(highlighted or 0, len(counts) - 1)
        noun = "tag" if len(counts) == 1 else "tags"
        self.query_one("#tag-count", Label).update(
            f"{len(counts):,} {noun} · r: rename or merge · d: delete · enter: search"
        )

    def _current(self) -> tuple[str, int] | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or options.highlighted >= len(self.counts):
            return None
        return self.counts[options.highlighted]

    def action_rename(self) -> None:
        current = self._current()
        if current is None:
            return
        tag, count = current
        others = [other for other, _ in self.counts if other != tag]

        def renamed(typed: str | None) -> None:
            # As the store will keep it: "Tech" is tech, "," no tag at all. Renamed onto
            # nothing, the tag was deleted from every briefing without the question d asks.
            new = normalize_tag(typed or "")
            if typed and not new:
                self.notify(
                    f"“{clean_line(typed)}” is not a tag name: {tag} is unchanged "
                    "(d deletes a tag).",
                    severity="warning",
                )
            elif new and new != tag and (problem := tag_problem(new)):
                self.notify(f"{tag} is unchanged: {problem}.", severity="warning", timeout=6)
            elif new and new != tag:
                verb = "Merged" if new in others else "Renamed"
                self._follow = new
                self.briefing_app.retag(tag, new, f"{verb} {tag} → {new}")

        noun = "briefing" if count == 1 else "briefings"
        self.app.push_screen(
            PromptScreen(
                f"Rename “{tag}” ({count} {noun}) to (an existing tag merges):", tag, others
            ),
            renamed,
        )

    def action_delete(self) -> None:
        current = self._current()
        if current is None:
            return
        tag, count = current

        def answered(yes: bool | None) -> None:
            if yes:
                self.briefing_app.retag(tag, None, f"Deleted {tag}")

        noun = "briefing" if count == 1 else "briefings"
        self.app.push_screen(
            ConfirmScreen(f"Delete the tag “{tag}” from {count} {noun}?"), answered
        )

    @on(OptionList.OptionSelected, "#tag-list")
    def _on_selected(self, event: OptionList.OptionSelected) -> None:
        # The list takes enter (and a click) first and says so with this message;
        # the screen's own enter binding never sees the key while the list has focus.
        event.stop()
        self.action_search()

    def action_search(self) -> None:
        current = self._current()
        if current is None:
            return
        # Quoted when the tag holds ( ) or *, which a bare tag:word would read as
        # the query's own (tag:(p) was "tag: needs a value", tag:st*r refused).
        term = tag_term(current[0])
        if term is None:
            shown = current[0] if len(current[0]) <= 30 else f"{current[0][:29]}…"
            self.notify(
                f"“{shown}” cannot be searched for: no query can name a tag "
                "holding a double quote or longer than 100 characters (r renames it).",
                severity="warning",
                timeout=6,
            )
        else:
            self.briefing_app.search_for(term)
