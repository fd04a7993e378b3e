"""The library's rows kept current in place: a briefing's record changed (its tags),
or the claim counts the rows show.

A mixin of :class:`~.library.LibraryScreen`: such a change redraws the rows it
touches (and the preview of the highlighted one) without searching again.
"""

from __future__ import annotations

from briefing_tui.core.store import DocumentRecord
from briefing_tui.tui.listing import row_for
from briefing_tui.tui.screens.library_status import LibraryBase
from briefing_tui.tui.widgets.briefing_list import BriefingList, Row


class LibraryRows(LibraryBase):
    """Rows redrawn when their record or claim count changes."""

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag in the library with its count, most used first."""
        counts: dict[str, int] = {}
        for record in self.records.values():
            for tag in record.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @staticmethod
    def kept_row(listing: BriefingList, keep: str, rows: list[Row]) -> str | None:
        """The row the cursor stays on as ``rows`` replace the list: ``keep`` (the
        row it was on), else, that one gone (its file deleted, its tag removed from
        under a ``tag:`` search), the first of the 50 after it still listed. The
        cursor went back to the top of the list."""
        if any(row.id == keep for row in rows):
            return keep
        following = {row.id for row in listing.rows[listing.cursor + 1 : listing.cursor + 51]}
        return next((row.id for row in rows if row.id in following), None)

    def update_record(self, record: DocumentRecord) -> None:
        """One document changed (its tags, say): refresh its row in place."""
        self.records[record.id] = record
        self.__dict__.pop("_tag_names_of", None)  # its tags may have changed
        row = row_for(record, self._claim_counts.get(record.id, 0))
        self._rows_by_id[record.id] = row
        for rows in self._all_rows.values():
            for index, existing in enumerate(rows):
                if existing.id == record.id:
                    rows[index] = row
        listing = self.query_one(BriefingList)
        listing.replace_row(row)
        listing.set_column_needs(listing.column_needs.with_row(row))
        current = listing.current
        if current is not None and current.id == record.id:
            # Shown as a highlight shows it: the passage of the query's words, when
            # there is a query (a claim saved in the reader left the summary, or
            # nothing, under a search for the briefing's words).
            self._show_preview(record.id)

    def set_claim_counts(self, counts: dict[str, int], redraw: bool = True) -> None:
        """Claims per briefing, shown in the rows; redraws the rows that changed."""
        changed = {
            doc_id
            for doc_id in set(counts) | set(self._claim_counts)
            if counts.get(doc_id, 0) != self._claim_counts.get(doc_id, 0)
        }
        self._claim_counts = dict(counts)
        if redraw:
            for doc_id in changed:
                record = self.records.get(doc_id)
                if record is not None:
                    self.update_record(record)
