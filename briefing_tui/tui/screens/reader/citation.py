"""``y`` in the reader: copy a quote with its citation, ``"…" — Title, Source, Date, URL``.

What is quoted: the sentences selected (the sentence cursor, or text selected
with the mouse), else the sentence holding the current find match, else the
claim jumped to or the first one in view. Everything copied goes through the
same control-character cleaning as everything the app writes to the
terminal (:mod:`briefing_tui.core.text.sanitize`): a quote is one line, and
an escape sequence in a title reaches the clipboard as ``␛``, never as ESC.
A mixin of :class:`~.screen.ReaderScreen`.
"""

from __future__ import annotations

from bisect import bisect_right

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.text.sanitize import clean_line
from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.widgets.document import BriefingDocument

#: The most of the citation copied that ``y``'s notification shows.
SHOWN_CHARS = 160


def citation(quote: str, briefing: Briefing) -> str:
    """``"quote" — Title, Source, Date, URL``, leaving out what the briefing lacks
    (a date inferred from the file's time is not the briefing's: left out)."""
    date = None if briefing.date_inferred else briefing.date.date().isoformat()
    parts = [briefing.title, briefing.source, date, briefing.url]
    shown = [clean_line(part) for part in parts if part and clean_line(part)]
    cited = f'"{clean_line(quote)}"'
    return f"{cited} — {', '.join(shown)}" if shown else cited


def sentence_around(sentences: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The span of the sentences that hold [start, end) (itself when none does)."""
    starts = [s for s, _ in sentences]
    first = bisect_right(starts, start) - 1
    if first < 0 or sentences[first][1] <= start:
        return start, end
    last = max(first, bisect_right(starts, max(start, end - 1)) - 1)
    return sentences[first][0], max(end, sentences[last][1])


class CitationMixin(ReaderBase):
    """``y``: copy with citation."""

    def action_copy_quote(self) -> None:
        briefing = self.briefing
        span = self._quote_span() if briefing is not None else None
        quote = self.plain[span[0] : span[1]].strip() if span is not None else ""
        if briefing is None or not quote:
            self.notify(
                "Nothing to copy: select sentences (c), find a word (f) or go to a claim (]).",
                severity="warning",
                timeout=4,
            )
            return
        cited = citation(quote, briefing)
        self.app.copy_to_clipboard(cited)
        # What was copied, above the word that it was: "Copied" alone left the
        # reader guessing which sentence (the find bar closed, no match in view).
        shown = cited if len(cited) <= SHOWN_CHARS else cited[: SHOWN_CHARS - 1] + "…"
        self.notify("Copied with citation", title=shown, timeout=4, markup=False)

    def _quote_span(self) -> tuple[int, int] | None:
        if self.selection is not None:
            return self.selection.span
        document = self.query_one("#document", BriefingDocument)
        selected = document.mouse_selection(self.selections)
        if selected is not None:
            return selected
        if self.matches and 0 <= self.current_match < len(self.matches):
            start, end = self.matches[self.current_match]
            return sentence_around(self.sentences, start, end)
        claims = self._claims_in_order()
        jumped = next((c for c in claims if c.id == self._jumped_claim), None)
        if jumped is not None and self._in_view(jumped):
            return jumped.span
        return next((c.span for c in claims if self._in_view(c)), None)
