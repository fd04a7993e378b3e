"""The reader's header: title and metadata, never raw front matter."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widgets import Static

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.tui.widgets.list_columns import fit

#: Between the date, the source and the path on the metadata line.
META_SEPARATOR = "  ·  "


class BriefingHeader(Static):
    """Title, date (and whether it was inferred), source, URL, tags and file problems."""

    DEFAULT_CSS = """
    BriefingHeader {
        height: auto;
        padding: 0 1;
        background: $boost;
        border-bottom: solid $primary 50%;
    }
    """

    #: What :meth:`show` was given, drawn again when the width changes.
    _shown: tuple[Briefing, list[str], str | None] | None = None
    #: The width the metadata was laid out for.
    _drawn_width = 0

    def show(self, briefing: Briefing, tags: list[str], path: str | None = None) -> None:
        """``path``: where the file is now, when a sync found it renamed since it was read
        (the header went on naming the old file)."""
        self._shown = (briefing, list(tags), path)
        self._draw()

    def on_resize(self, _: events.Resize) -> None:
        if self._shown is not None and self.content_size.width != self._drawn_width:
            self._draw()

    def _draw(self) -> None:
        assert self._shown is not None
        briefing, tags, path = self._shown
        self._drawn_width = width = self.content_size.width
        date = briefing.date.strftime("%Y-%m-%d")
        if briefing.date.hour or briefing.date.minute:
            date = briefing.date.strftime("%Y-%m-%d %H:%M")
        if briefing.date_inferred:
            date += " (date inferred from the file)"
        parts: list[Content | str | tuple[str, str]] = [(briefing.title, "bold $text-primary")]
        meta = meta_lines((date, briefing.source or "", path or briefing.path), width)
        parts.extend(["\n", (meta, "$text-muted")])
        if briefing.url:
            parts.extend(["\n", (briefing.url, "underline $text-secondary")])
        if tags:
            parts.extend(["\n", ("tags: " + ", ".join(tags), "$text-accent")])
        for problem in briefing.problems:
            parts.extend(["\n", ("⚠ " + problem, "$text-warning")])
        if not briefing.body.strip():  # the page under it blank, nothing said (a walk)
            parts.extend(["\n", ("No text: this briefing is its front matter only.", "italic")])
        self.update(Content.assemble(*parts))


def meta_one_line(items: tuple[str, ...], width: int) -> str:
    """The non-empty ``items`` joined by " · " on one line of ``width`` cells: the
    longest shortened (a path from its start, "…central-asia.md": its end tells it
    apart) if that leaves it 8 cells, else the last item left out (the tags, which
    the list's row shows), and so on; one item alone is cut at its end."""
    parts = [item for item in items if item]
    while True:
        line = META_SEPARATOR.join(parts)
        over = cell_len(line) - width
        if over <= 0 or width <= 0:
            return line
        longest = max(range(len(parts)), key=lambda index: cell_len(parts[index]))
        keep = cell_len(parts[longest]) - over - 1  # one cell for the "…"
        if keep >= 8:
            text = parts[longest]
            if "/" in text or "." in text[-10:]:  # a path: its end tells it apart
                while cell_len(text) > keep:
                    text = text[1:]
                parts[longest] = "…" + text
            else:
                parts[longest] = fit(text, keep + 1)
            return META_SEPARATOR.join(parts)
        if len(parts) == 1:
            return fit(line, width)
        parts.pop()


def meta_lines(items: tuple[str, ...], width: int) -> str:
    """The non-empty ``items`` joined by " · ", an item that does not fit beside the
    ones before it starting a line of its own without the separator: wrapped at its
    spaces, a long path left "2021-04-06  ·" with nothing after the dot (a newcomer
    walk, the bundled Lavrov briefing at 80 columns). ``width`` 0: one line."""
    lines: list[str] = []
    for item in items:
        if not item:
            continue
        if lines and (width <= 0 or cell_len(lines[-1] + META_SEPARATOR + item) <= width):
            lines[-1] += META_SEPARATOR + item
        else:
            lines.append(item)
    return "\n".join(lines)
