"""The library's preview: the highlighted briefing's title, meta line and passage.

A mixin of :class:`~.library.LibraryScreen`. The row alone is shown while the
records are still being read; the passage (with the query's words
highlighted) is found in a worker. Handlers go by name: ``@on`` is not
collected from a plain mixin class.
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from briefing_tui.core.search import Snippet
from briefing_tui.core.search.index import IndexBusy
from briefing_tui.tui.listing import meta_line
from briefing_tui.tui.screens.library_status import LibraryBase
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.header import META_SEPARATOR
from briefing_tui.tui.widgets.preview import Preview

#: What the status line says when another process holds the index (search or preview).
INDEX_BUSY = "the index is busy (another briefing process is building it); search again in a moment"


class LibraryPreview(LibraryBase):
    """The preview under the library list."""

    def on_briefing_list_highlighted(self, event: BriefingList.Highlighted) -> None:
        if event.row is not None:
            self._show_preview(event.row.id)

    def _show_preview(self, doc_id: str) -> None:
        record = self.records.get(doc_id)
        if record is None:
            row = self._rows_by_id.get(doc_id)
            if row is not None:  # the records are still being read: what the row knows
                meta = META_SEPARATOR.join(part for part in (row.date, row.source) if part)
                self.query_one(Preview).show(row.title, meta, None, None)
            return
        # The body's words alone, as the reader highlights them: ``title:dome`` marked
        # "Dome" in the preview's passage, and the reader then showed no match (a walk).
        terms = self._body_terms
        passage = bool(terms or not record.summary)  # found in a worker, at once
        preview = self.query_one(Preview)
        preview.show(record.title, meta_line(record), None, record.summary, interim=passage)
        if passage:
            self._preview_worker(record.id, terms)

    @work(thread=True, exclusive=True, group="preview")
    def _preview_worker(self, doc_id: str, terms: frozenset[str]) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            snippets = workspace.snippets([doc_id], terms)
        except IndexBusy:  # another process builds the index: said, never the app's end
            self.from_worker(self._show_status, INDEX_BUSY)
            self.from_worker(self._fit_preview)
            return
        except Exception:  # a preview is a nicety: never let it take the screen down
            self.from_worker(self._fit_preview)
            return
        if get_current_worker().is_cancelled:
            return  # another briefing highlighted: its preview follows
        snippet = snippets.get(doc_id)
        if snippet is None:  # no passage: the summary shown stays, at its own height
            self.from_worker(self._fit_preview)
        else:
            self.from_worker(self._show_snippet, doc_id, snippet)

    # Answers from the worker, through ``from_worker``: dropped when the app is
    # closing and the widgets are gone.
    def _fit_preview(self) -> None:
        self.query_one(Preview).fit()

    def _show_snippet(self, doc_id: str, snippet: Snippet) -> None:
        current = self.query_one(BriefingList).current
        record = self.records.get(doc_id)
        if current is None or current.id != doc_id or record is None:
            return
        summary = record.summary if not snippet.matches else None
        self.query_one(Preview).show(record.title, meta_line(record), snippet, summary)
