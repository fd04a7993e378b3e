"""Passages in the library list: under each result, its best-matching passage
with the query's words highlighted (``v`` toggles them).

A mixin of :class:`~.library.LibraryScreen`. The list asks for the passages
of the rows it draws (:class:`~..widgets.briefing_list.BriefingList.SnippetsWanted`);
the ids wait in a queue that one worker at a time drains, finding passages only
for the rows still on screen when it gets to them (scrolling through 10,000
results asks for each page, and the pages scrolled past are skipped). The list
keeps what was found until the query's words change. An empty query shows none.
"""

from __future__ import annotations

import threading

from textual import work

from briefing_tui.core.search import Snippet
from briefing_tui.core.search.index import IndexBusy
from briefing_tui.tui.screens.library_status import LibraryBase
from briefing_tui.tui.widgets.briefing_list import BriefingList

#: Said when passages are turned on with nothing typed.
NO_QUERY = "Passages show under each result once you search: type words in the search box."


class LibraryPassages(LibraryBase):
    """The passage line under each result."""

    #: Whether the user asked for passages (shown only for a non-empty query).
    _passages_on = False
    _passage_guard: threading.Lock | None = None
    _passage_queue: dict[str, frozenset[str]]
    _passage_running = False

    def action_toggle_passages(self) -> None:
        """``v``: passages under the results, or not."""
        self._passages_on = not self._passages_on
        if self._passages_on and not (self._shown_query or "").strip():
            self.notify(NO_QUERY, timeout=4)
        elif not self._passages_on:
            self.notify("Passages hidden.", timeout=2)
        self.sync_passages()

    def sync_passages(self) -> None:
        """Show passages for the listed results' words, or none (after each search)."""
        wanted = self._passages_on and bool((self._shown_query or "").strip())
        # The body's words, phrases whole, as the preview and the reader mark them:
        # ``"prime minister"`` showed "The prime movers…" (a walk). A query of
        # fields alone (``title:dome``) has none: its words, as before.
        terms = self._body_terms or self._terms
        self.query_one(BriefingList).show_passages(terms if wanted else None)

    def on_briefing_list_snippets_wanted(self, event: BriefingList.SnippetsWanted) -> None:
        if self._passage_guard is None:
            self._passage_guard = threading.Lock()
            self._passage_queue = {}
        with self._passage_guard:
            self._passage_queue.update(dict.fromkeys(event.ids, event.terms))
            if self._passage_running:
                return
            self._passage_running = True
        self._passage_worker(self.query_one(BriefingList), self._passage_guard)

    @work(thread=True, group="list-passages")
    def _passage_worker(self, listing: BriefingList, guard: threading.Lock) -> None:
        while True:
            with guard:
                queued, self._passage_queue = self._passage_queue, {}
                if not queued:
                    self._passage_running = False
                    return
            visible = set(self.app.call_from_thread(listing.visible_ids))
            skipped = [doc_id for doc_id in queued if doc_id not in visible]
            if skipped:  # scrolled past: asked again if drawn again
                self.app.call_from_thread(listing.forget_asked, skipped)
            by_terms: dict[frozenset[str], list[str]] = {}
            for doc_id, terms in queued.items():
                if doc_id in visible:
                    by_terms.setdefault(terms, []).append(doc_id)
            for terms, ids in by_terms.items():
                found = self._find_passages(ids, terms)
                self.app.call_from_thread(listing.add_snippets, terms, found)

    def _find_passages(self, ids: list[str], terms: frozenset[str]) -> dict[str, Snippet]:
        """The passages of ``ids``; a row whose text the index lacks gets an empty one
        (asked once, not at every redraw)."""
        workspace = self.briefing_app.workspace
        found: dict[str, Snippet] = {}
        if workspace is not None:
            try:
                found = workspace.snippets(ids, terms)
            except IndexBusy:
                self.app.call_from_thread(
                    self._show_status, "the index is busy: passages not found (v twice tries again)"
                )
            except Exception:  # a passage is a nicety: never let it take the screen down
                pass
        return {doc_id: found.get(doc_id, Snippet("")) for doc_id in ids}
