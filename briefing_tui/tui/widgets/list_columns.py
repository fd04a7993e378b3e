"""How wide the library list's columns are: title, source and tags share a row.

Apart from the list widget (which draws rows) because the widths depend only on
the library's longest title, tags and source and on the list's width: a wide
screen gives the tags what the titles leave unused, a library without sources
keeps no source column, and a narrow list shows the titles alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from briefing_tui.tui.widgets.briefing_rows import Row

#: A list narrower than this (50 columns beside a side panel at 80, 60 between
#: both at 120) shows the marker, date and title only: the source and tags (in
#: the preview too) would leave a title 17 to 23 columns.
TITLES_ONLY_BELOW = 72
#: The marker and the date before a title ("● 2024-03-05 ").
LEAD = 13


@dataclass(frozen=True)
class ColumnNeeds:
    """The library's longest title, tags and source text (characters)."""

    title: int = 0
    tags: int = 0
    #: Until the library is listed, a source column of its usual width.
    source: int = 18

    @classmethod
    def of(cls, rows: list[Row]) -> ColumnNeeds:
        """What ``rows`` need. ``len``, not ``cell_len``: a C call per row (100,000 rows
        in a few ms); a row of wide characters is only cut a little sooner."""
        return cls(
            max(map(len, (row.title for row in rows)), default=0),
            max(map(len, (row.tags for row in rows)), default=0),
            max(map(len, (row.source for row in rows)), default=0),
        )

    def with_row(self, row: Row) -> ColumnNeeds:
        """These needs grown to hold ``row`` too (a row changed in place)."""
        return ColumnNeeds(
            max(self.title, len(row.title)),
            max(self.tags, len(row.tags)),
            max(self.source, len(row.source)),
        )

    def widths(self, width: int, claims: int) -> tuple[int, int, int]:
        """(title, source, tags) cells of a row ``width`` wide whose claims marker
        takes ``claims`` cells; source and tags are 0 in a list of titles only."""
        if width < TITLES_ONLY_BELOW:  # beside a panel at 80 columns: the titles whole
            return max(8, width - LEAD - claims), 0, 0
        source = min(18, max(0, width // 6), self.source)
        tags = self._tags_width(width, source)
        title = max(8, width - LEAD - source - tags - claims - 2)
        if self.title:  # room to spare is left after the tags, not inside the titles
            title = min(title, max(8, self.title + 5 - claims))
        return title, source, tags

    def _tags_width(self, width: int, source: int) -> int:
        """A fifth of the width (at most 24), or more when the titles leave room (up
        to the longest tags), or less when no tags need it."""
        share = min(24, max(0, width // 5))
        if not self.tags:
            return share if not self.title else 0
        # Marker and date, two gaps, and room for a claims marker after the longest title.
        spare = width - LEAD - source - 2 - self.title - 5
        return max(0, min(self.tags, max(share, spare)))


def fit(text: str, width: int) -> str:
    """``text`` in ``width`` cells, ending in "…" when cut: a tag cut to "entertainme"
    read as a tag of its own (a newcomer walk at 80 columns)."""
    if cell_len(text) <= width or width < 2:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
