"""The reader's header: title and metadata, never raw front matter."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from briefing_tui.core.briefings.documents import Briefing


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

    def show(self, briefing: Briefing, tags: list[str], path: str | None = None) -> None:
        """``path``: where the file is now, when a sync found it renamed since it was read
        (the header went on naming the old file)."""
        date = briefing.date.strftime("%Y-%m-%d")
        if briefing.date.hour or briefing.date.minute:
            date = briefing.date.strftime("%Y-%m-%d %H:%M")
        if briefing.date_inferred:
            date += " (date inferred from the file)"
        parts: list[Content | str | tuple[str, str]] = [(briefing.title, "bold $text-primary")]
        shown_path = path or briefing.path
        meta = "  ·  ".join(x for x in (date, briefing.source or "", shown_path) if x)
        parts.extend(["\n", (meta, "$text-muted")])
        if briefing.url:
            parts.extend(["\n", (briefing.url, "underline $text-secondary")])
        if tags:
            parts.extend(["\n", ("tags: " + ", ".join(tags), "$text-accent")])
        for problem in briefing.problems:
            parts.extend(["\n", ("⚠ " + problem, "$text-warning")])
        self.update(Content.assemble(*parts))
