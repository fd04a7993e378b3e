"""Every claim in the library: filter by status, tag or text; open one where it stands.

The filter box takes ``status:key``, ``tag:sanctions``, ``anchor:fuzzy`` and
free words (matched in the quote, the note and the briefing's title).
``ctrl+s`` switches between newest briefings first and briefing title.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from ...core.claims import Claim
from ...core.store import DocumentRecord
from ..widgets.claims_panel import claim_option_text


@dataclass(frozen=True)
class ClaimFilter:
    statuses: frozenset[str]
    tags: frozenset[str]
    anchors: frozenset[str]
    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> ClaimFilter:
        statuses, tags, anchors, words = set(), set(), set(), []
        for token in text.split():
            name, colon, value = token.partition(":")
            if colon and value and name.lower() in ("status", "tag", "anchor"):
                {"status": statuses, "tag": tags, "anchor": anchors}[name.lower()].add(
                    value.lower()
                )
            else:
                words.append(token.casefold())
        return cls(frozenset(statuses), frozenset(tags), frozenset(anchors), tuple(words))

    def accepts(self, claim: Claim, record: DocumentRecord | None) -> bool:
        if self.statuses and claim.status not in self.statuses:
            return False
        if self.anchors and claim.anchor not in self.anchors:
            return False
        if self.tags and not (self.tags & set(claim.tags)):
            return False
        if self.words:
            haystack = f"{claim.quote}\n{claim.note}\n{record.title if record else ''}".casefold()
            return all(word in haystack for word in self.words)
        return True


class ClaimsScreen(Screen[None]):
    """The claims of the whole library, filtered as you type."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="claims.back"),
        Binding("ctrl+s", "cycle_sort", "Sort", id="claims.sort"),
        Binding("down,tab", "focus_list", "To the list", show=False),
        Binding("slash", "focus_filter", "Filter", id="claims.filter"),
        Binding("ctrl+e", "export", "Export", id="claims.export", priority=True),
    ]

    def __init__(self, *, review: bool = False) -> None:
        super().__init__()
        self.review = review
        self.claims: list[Claim] = []
        self.records: dict[str, DocumentRecord] = {}
        self.shown: list[Claim] = []
        self.sort = "date"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="Filter: status:key tag:sanctions anchor:fuzzy or words", id="claims-filter"
        )
        yield Label("", id="claims-count")
        yield OptionList(id="claims-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Claims to review" if self.review else "All claims"
        self.query_one(Input).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from the reader, where a claim may have been edited or re-attached.
        self.reload()

    @work(thread=True, exclusive=True, group="claims-load")
    def reload(self) -> None:
        workspace = self.app.workspace  # type: ignore[attr-defined]
        if workspace is None:
            return
        claims = workspace.claims.needing_review() if self.review else workspace.claims.all()
        records = {record.id: record for record in workspace.store.list_documents()}
        for record in workspace.store.missing_documents():
            records.setdefault(record.id, record)
        self.app.call_from_thread(self._loaded, claims, records)

    def _loaded(self, claims: list[Claim], records: dict[str, DocumentRecord]) -> None:
        self.claims = claims
        self.records = records
        self._refilter()

    @on(Input.Changed, "#claims-filter")
    def _refilter(self) -> None:
        wanted = ClaimFilter.parse(self.query_one(Input).value)
        shown = [c for c in self.claims if wanted.accepts(c, self.records.get(c.doc_id))]

        def by_date(claim: Claim) -> tuple[str, int]:
            record = self.records.get(claim.doc_id)
            return (record.date if record else "", -claim.selector.start)

        def by_title(claim: Claim) -> tuple[str, int]:
            record = self.records.get(claim.doc_id)
            return ((record.title if record else "").casefold(), claim.selector.start)

        if self.sort == "date":
            shown.sort(key=by_date, reverse=True)
        else:
            shown.sort(key=by_title)
        self.shown = shown
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(self._option_text(claim), id=claim.id) for claim in shown)
        if shown:
            options.highlighted = 0
        order = "newest briefing first" if self.sort == "date" else "by briefing title"
        self.query_one("#claims-count", Label).update(
            f"{len(shown):,} of {len(self.claims):,} claims · {order} · ctrl+s to sort"
        )

    def _option_text(self, claim: Claim) -> Content:
        record = self.records.get(claim.doc_id)
        title = record.title if record else claim.doc_id
        where = f"{record.date[:10]}  " if record else ""
        missing = " (briefing missing)" if record is None or record.path is None else ""
        head = Content.assemble((f"{where}{title}{missing}", "bold"), "\n")
        body = claim_option_text(claim, width=90)
        if claim.anchor == "fuzzy" and claim.candidate is not None:
            body = body + Content.assemble("\n  now: ", (f"“{claim.candidate[2][:90]}”", "italic"))
        return head + body

    def action_cycle_sort(self) -> None:
        self.sort = "title" if self.sort == "date" else "date"
        self._refilter()

    def action_export(self) -> None:
        """Export what the filter shows (its status:, tag: and anchor: terms select claims)."""
        self.app.action_export(self.query_one(Input).value.strip())  # type: ignore[attr-defined]

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def current(self) -> Claim | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or options.highlighted >= len(self.shown):
            return None
        return self.shown[options.highlighted]

    @on(Input.Submitted, "#claims-filter")
    @on(OptionList.OptionSelected, "#claims-list")
    def _open(self) -> None:
        claim = self.current()
        if claim is None:
            return
        record = self.records.get(claim.doc_id)
        if record is None or record.path is None:
            self.notify("Its briefing is no longer in the library.", severity="warning")
            return
        span = claim.span
        self.app.open_briefing(record, at_offset=span[0] if span else None)  # type: ignore[attr-defined]
