"""Every tag with its count: rename, merge into another, delete (with confirmation).

Renaming onto an existing tag merges the two. Front-matter tags are not
rewritten in the files; the change is kept as the app's own tagging. The
claims' own tags follow the briefings' (as ``briefing tags`` lists them),
counted in claims, renamed, merged and deleted on the claims alone.
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
from briefing_tui.tui.messages import ClaimsChangedAcross, ListingReady, TagsChanged
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
        #: The briefings' tags with their counts, as listed; then the claims' own.
        self.counts: list[tuple[str, int]] = []
        self.claim_counts: list[tuple[str, int]] = []
        #: The tag a rename or merge made: the cursor goes to it once it is listed.
        self._follow: tuple[str, bool] | None = None

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
    @on(ClaimsChangedAcross)
    def _on_tags_changed(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="tags-load")
    def reload(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is not None:
            counts = workspace.store.tag_counts()
            on_claims = sorted(workspace.claims.tag_counts().items(), key=_most_first)
            self.from_worker(self._show, counts, on_claims)

    def _show(self, counts: list[tuple[str, int]], on_claims: list[tuple[str, int]]) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        # The cursor stays on its tag, not its row: after a merge (oil-watch into
        # energy) or a rename the row held the next tag down, which `d` then deleted.
        shown = self._current()
        wanted = self._follow or ((shown[0], shown[2]) if shown else None)
        self.counts, self.claim_counts = counts, on_claims
        rows = self._rows()
        options.clear_options()
        options.add_options(
            Option(
                Content.assemble(
                    (f"{count:>6}  ", "dim"), tag, ("  on claims" if claims else "", "dim")
                )
            )
            for tag, count, claims in rows
        )
        if rows:
            tags = [(tag, claims) for tag, _count, claims in rows]
            if wanted in tags:
                options.highlighted = tags.index(wanted)
                if wanted == self._follow:
                    self._follow = None
            else:
                options.highlighted = min(highlighted or 0, len(rows) - 1)
        noun = "tag" if len(counts) == 1 else "tags"
        # "7 tags · 5 on claims" over 12 rows read as five of the seven.
        apart = f" on briefings · {len(on_claims):,} on claims" if on_claims else ""
        self.query_one("#tag-count", Label).update(
            f"{len(counts):,} {noun}{apart} · r: rename or merge · d: delete · enter: search"
        )

    def _rows(self) -> list[tuple[str, int, bool]]:
        """The rows as listed: (tag, count, whether a claims' own tag)."""
        return [(t, n, False) for t, n in self.counts] + [
            (t, n, True) for t, n in self.claim_counts
        ]

    def _current(self) -> tuple[str, int, bool] | None:
        options = self.query_one(OptionList)
        rows = self._rows()
        if options.highlighted is None or options.highlighted >= len(rows):
            return None
        return rows[options.highlighted]

    def action_rename(self) -> None:
        current = self._current()
        if current is None:
            return
        tag, count, claims = current
        others = [other for other, _ in (self.claim_counts if claims else self.counts)]
        others = [other for other in others if other != tag]

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
                self._follow = (new, claims)
                retag = self.briefing_app.retag_claims if claims else self.briefing_app.retag
                retag(tag, new, f"{verb} {tag} → {new}")

        noun = _counted(count, claims)
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
        tag, count, claims = current

        def answered(yes: bool | None) -> None:
            if yes:
                retag = self.briefing_app.retag_claims if claims else self.briefing_app.retag
                retag(tag, None, f"Deleted {tag}")

        noun = _counted(count, claims)
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


def _most_first(row: tuple[str, int]) -> tuple[int, str]:
    return -row[1], row[0]


def _counted(count: int, claims: bool) -> str:
    """What a tag's count counts: briefings, or claims (a claims' own tag)."""
    noun = "claim" if claims else "briefing"
    return noun if count == 1 else f"{noun}s"
