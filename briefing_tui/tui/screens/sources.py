"""The source manager: every source with its briefings and claims counts and its
reliability (A to F) and note; ``r`` (or ``enter``) rates the highlighted one
in a dialog, ``b`` lists its briefings in the library (``source:="…"``)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.analysis import SourceInfo
from briefing_tui.core.claims.vocabulary import RELIABILITY_MEANINGS
from briefing_tui.core.stream.facets import source_term
from briefing_tui.tui.access import AppAccess, search_library_binding
from briefing_tui.tui.analysis_messages import AnalysisChanged
from briefing_tui.tui.dialogs.rate_source import RateSourceDialog, SourceRating
from briefing_tui.tui.messages import ListingReady
from briefing_tui.tui.widgets.claims_panel import excerpt
from briefing_tui.tui.widgets.footer import AppFooter


def source_text(info: SourceInfo) -> Content:
    grade = info.reliability or "-"
    meaning = RELIABILITY_MEANINGS.get(info.reliability or "", "not rated")
    parts: list[Content | str | tuple[str, str]] = [
        (f"{grade:<2}", "bold $text-primary"),
        (f"{info.briefings:>7,} ", "dim"),
        (f"{info.claims:>7,}  ", "dim"),
        info.name,
        "  ",
        (meaning, "italic $text-muted"),
    ]
    if info.note:
        parts.extend(["\n", " " * 20, (excerpt(info.note, 70), "italic $text-muted")])
    return Content.assemble(*parts)


class SourcesScreen(AppAccess, Screen[None]):
    DEFAULT_CSS = """
    SourcesScreen #sources-count { padding: 0 1; height: auto; color: $text-muted; }
    SourcesScreen OptionList { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="sources.back"),
        Binding("r", "rate", "Rate", id="sources.rate"),
        Binding("b", "briefings", "Briefings", id="sources.briefings"),
        search_library_binding("sources"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[SourceInfo] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Reading the sources…", id="sources-count")
        yield OptionList(id="sources-list")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = "Sources"
        self.query_one(OptionList).focus()
        self.reload()

    # ListingReady: the library opened (this screen may have been opened before it,
    # in the first second, and found nothing to read) or changed.
    @on(ListingReady)
    @on(AnalysisChanged)
    def _changed(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="sources-load")
    def reload(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            sources = workspace.analysis.sources()
        except Exception as error:  # said, never a traceback
            self.from_worker(self._say, f"Cannot read the sources: {error}")
            return
        self.from_worker(self._show, sources)

    def _say(self, text: str) -> None:
        self.query_one("#sources-count", Label).update(Content(text))

    def _show(self, sources: list[SourceInfo]) -> None:
        self.sources = sources
        options = self.query_one(OptionList)
        at = options.highlighted
        options.clear_options()
        options.add_options(Option(source_text(info), id=info.key or "-") for info in sources)
        if sources:
            options.highlighted = min(at or 0, len(sources) - 1)
        noun = "source" if len(sources) == 1 else "sources"
        self._say(
            f"{len(sources):,} {noun} · grade, briefings, claims, name · r: rate · b: briefings"
            if sources
            else "No sources: a briefing names its source in its front matter (source: …)."
        )

    def current(self) -> SourceInfo | None:
        at = self.query_one(OptionList).highlighted
        return self.sources[at] if at is not None and at < len(self.sources) else None

    def action_rate(self) -> None:
        info = self.current()
        if info is None:
            return

        def rated(answer: SourceRating | None) -> None:
            if answer is not None:
                self.briefing_app.rate_source(info.name, answer.reliability, answer.note)

        self.app.push_screen(RateSourceDialog(info), rated)

    def action_briefings(self) -> None:
        """The library, searching for exactly this source's briefings."""
        info = self.current()
        if info is None:
            return
        term = source_term(info.name)
        if term is None:
            self.notify("This source's name cannot be searched for.", severity="warning")
            return
        self.briefing_app.search_for(term)

    @on(OptionList.OptionSelected, "#sources-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_rate()
