"""The app's analyst's writes and screens: link and unlink claims, rate a source, and
the way to the link picker, the contradictions view, the timeline, the overview
and the source manager.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`, the one writer. Each write
is one store transaction in a worker under the core lock (as
:mod:`.claim_writes`); none touches the search index, so once it is committed the
app tells every screen, and every claims panel, with
:class:`~.analysis_messages.AnalysisChanged`, and they read links and ratings again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from briefing_tui.core.analysis import PickerItem
from briefing_tui.tui.analysis_messages import AnalysisChanged
from briefing_tui.tui.app_base import AppBase

from ..core.store import DocumentRecord
from ..core.workspace import Workspace


class AnalysisWrites(AppBase):
    """Links, ratings, and the analyst's screens, for the app."""

    # -- writes -----------------------------------------------------------------------

    def link_claims(self, from_id: str, relation: str, to_id: str) -> None:
        """``from_id relation to_id`` (``support``, ``contradict``, ``repeat``, ``cite``)."""

        def write(workspace: Workspace) -> str:
            result = workspace.analysis.link(from_id, relation, to_id)
            said = "Linked" if result.added else "Already linked"
            suggestion = workspace.analysis.suggest_credibility(to_id)
            target = workspace.claims.get(to_id)
            if suggestion is not None and target is not None and target.credibility != 1:
                said += f". Suggested for the other claim: {suggestion.reason}"
            return said

        self._analysis_write(write, AnalysisChanged("links", [from_id, to_id]))

    def unlink_claims(self, from_id: str, relation: str, to_id: str) -> None:
        def write(workspace: Workspace) -> str:
            workspace.analysis.unlink(from_id, relation, to_id)
            return "Unlinked"

        self._analysis_write(write, AnalysisChanged("links", [from_id, to_id]))

    def rate_source(self, name: str, reliability: str, note: str) -> None:
        """Rate ``name`` A to F (``""`` clears) with a note (``""`` clears)."""

        def write(workspace: Workspace) -> str:
            info = workspace.analysis.rate_source(name, reliability=reliability, note=note)
            grade = info.reliability or "not rated"
            return f"{info.name}: {grade}"

        self._analysis_write(write, AnalysisChanged("sources"))

    @work(thread=True, group="store-write")
    def _analysis_write(self, write: Callable[[Workspace], str], news: AnalysisChanged) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with self.core_lock:
                said = write(workspace)
        except Exception as error:  # one sentence, nothing changed
            self.call_from_thread(self.notify, f"Not saved: {error}", severity="error")
            return
        self.call_from_thread(self.tell_analysis_changed, news)
        self.call_from_thread(self.notify, said, timeout=4)

    def tell_analysis_changed(self, news: AnalysisChanged) -> None:
        """Post ``news`` to every screen on the stack and to every claims panel."""
        from briefing_tui.tui.widgets.claims_panel import ClaimsPanel

        for screen in self.screen_stack:
            screen.post_message(AnalysisChanged(news.what, list(news.claim_ids)))
            for panel in screen.query(ClaimsPanel):
                panel.post_message(AnalysisChanged(news.what, list(news.claim_ids)))

    # -- the analyst's screens ----------------------------------------------------------

    def pick_link(self, claim_id: str) -> None:
        """The link picker for ``claim_id``: a claim, then how this one relates to it."""
        from briefing_tui.tui.dialogs.link_picker import LinkPicker, RelationDialog

        def related(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                relation, other = choice
                self.link_claims(claim_id, relation, other)

        picker = LinkPicker(claim_id)

        def picked(item: PickerItem | None) -> None:
            if item is not None:
                self.push_screen(RelationDialog(item, picker.this_quote), related)

        self.push_screen(picker, picked)

    def show_related(self, claim_id: str) -> None:
        """The contradictions view of ``claim_id`` (a new one: it is for that claim)."""
        from briefing_tui.tui.screens.contradictions import ContradictionsScreen

        for screen in list(self.screen_stack):
            if isinstance(screen, ContradictionsScreen):
                self._back_to_below(screen)
                break
        self.push_screen(ContradictionsScreen(claim_id))

    def _back_to_below(self, screen: object) -> None:
        """Close ``screen`` and every screen above it (one view of a kind at a time)."""
        while len(self.screen_stack) > 2 and screen in self.screen_stack:
            self.pop_screen()

    def action_timeline(self) -> None:
        from briefing_tui.tui.screens.timeline import TimelineScreen

        self._go_to(TimelineScreen, TimelineScreen)

    def action_overview(self) -> None:
        from briefing_tui.tui.screens.overview import OverviewScreen

        self._go_to(OverviewScreen, OverviewScreen)

    def action_sources(self) -> None:
        from briefing_tui.tui.screens.sources import SourcesScreen

        self._go_to(SourcesScreen, SourcesScreen)

    def open_claim(self, doc_id: str, claim_id: str) -> None:
        """Open ``claim_id`` where it stands in its briefing (read in a worker)."""
        self._open_claim(doc_id, claim_id)

    @work(thread=True, group="open-claim")
    def _open_claim(self, doc_id: str, claim_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        record = workspace.store.get(doc_id)
        claim = workspace.claims.get(claim_id)
        if record is None or record.path is None or claim is None:
            self.call_from_thread(
                self.notify, "Its briefing is no longer in the library.", severity="warning"
            )
            return
        span = claim.span
        start = span[0] if span else None
        self.call_from_thread(self._open_at, record, start)

    def _open_at(self, record: DocumentRecord, start: int | None) -> None:
        self.open_briefing(record, at_offset=start)

    if TYPE_CHECKING:  # the app's own (app.py)

        def open_briefing(
            self,
            record: DocumentRecord,
            terms: frozenset[str] = frozenset(),
            *,
            at_offset: int | None = None,
            reattach_id: str | None = None,
        ) -> None: ...
