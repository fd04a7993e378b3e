"""What changed in a briefing since it was read: the text now, with the word diff in it.

The reader's ``d`` opens it for a briefing whose text changed since it was
last read (:meth:`briefing_tui.core.stream.Stream.what_changed`). The text as
it is now is shown whole, inserted words highlighted and deleted words struck
through where they stood; claims the change concerns (moved, gone fuzzy, or
touched by an insertion) are underlined after a marker saying which. A
header line sums it up ("12 words added, 3 removed since you read it on
2026-12-01"). ``n`` and ``N`` go from change to change; ``escape`` goes back.

Every text shown is a briefing's, so it is :class:`~textual.content.Content`
made from plain strings, never markup. The model is built off the event loop
(:func:`diff_model`); the view wraps lines as they are scrolled to
(:class:`~briefing_tui.tui.widgets.diff_lines.DiffLines`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content, Span
from textual.screen import Screen
from textual.widgets import Header, Label

from briefing_tui.core.stream import WhatChanged
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.widgets.diff_lines import DiffLines
from briefing_tui.tui.widgets.footer import AppFooter

INSERTED = "bold $text-success on $success-muted"
DELETED = "strike $text-error on $error-muted"
CLAIM = "underline"
CLAIM_MARK = "bold $text-warning"
#: The title of the reader's notice that a briefing changed since read (``d`` answers it).
INVITATION_TITLE = "What changed"
#: What a claim's marker says of it, by anchor (``exact`` ones are marked only when touched).
CLAIM_WORDS = {"moved": "moved", "fuzzy": "fuzzy", "orphaned": "orphaned", "exact": "edited"}


def read_on(read_at: str) -> str:
    """The day a briefing was read, from the store's local time (``2026-12-01T09:30:00``)."""
    return read_at[:10]


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 claim``, ``2 claims``, ``1,204 briefings``."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def drop_invitations(app: App[object]) -> None:
    """Close the reader's notices that a briefing changed since read (``d`` answers
    them): once ``d`` is pressed, the briefing left, or another one's shown."""
    for notification in list(app._notifications):  # Textual has no public way
        if notification.title == INVITATION_TITLE:
            app._unnotify(notification)


def summary_text(what: WhatChanged) -> str:
    """ "12 words added, 3 removed since you read it on 2026-12-01"."""
    added, removed = what.summary.inserted_words, what.summary.deleted_words
    if not added and not removed and what.file_changed:
        # Marked changed in the list (the file is not as read), with no word to show.
        return (
            f"The text is as you read it on {read_on(what.read_at)}; "
            "only the file's front matter (title, date, tags…) or layout changed"
        )
    if not added and not removed:
        return f"Nothing changed since you read it on {read_on(what.read_at)}"
    return (
        f"{plural(added, 'word')} added, {removed:,} removed "
        f"since you read it on {read_on(what.read_at)}"
    )


def claims_text(what: WhatChanged) -> str:
    """ "2 claims concerned: 1 moved, 1 fuzzy", or ""."""
    if not what.claims:
        return ""
    kinds: dict[str, int] = {}
    for claim in what.claims:
        word = CLAIM_WORDS.get(claim.anchor, claim.anchor)
        kinds[word] = kinds.get(word, 0) + 1
    each = ", ".join(f"{count} {word}" for word, count in kinds.items())
    orphans = sum(1 for claim in what.claims if claim.span is None)
    review = " (f3 reviews them)" if orphans or "fuzzy" in kinds else ""
    return f"{plural(len(what.claims), 'claim')} concerned: {each}{review}"


@dataclass
class DiffModel:
    """The diff ready to draw: one styled line per line of the text."""

    lines: list[Content]
    #: Where each change starts: (line, column), in order.
    stops: list[tuple[int, int]]


class _Lines:
    """Lines being assembled from styled pieces."""

    def __init__(self) -> None:
        self.lines: list[Content] = []
        self._text: list[str] = []
        self._spans: list[Span] = []
        self._length = 0

    def here(self) -> tuple[int, int]:
        return len(self.lines), self._length

    def add(self, text: str, style: str = "") -> None:
        first = True
        for part in text.split("\n"):
            if not first:
                self.lines.append(Content("".join(self._text), self._spans))
                self._text, self._spans, self._length = [], [], 0
            first = False
            if part:
                if style:
                    self._spans.append(Span(self._length, self._length + len(part), style))
                self._text.append(part)
                self._length += len(part)

    def done(self) -> list[Content]:
        self.lines.append(Content("".join(self._text), self._spans))
        return self.lines


def _struck(gone: str, replaced: bool) -> tuple[str, str]:
    """Deleted text as drawn. Replaced, it loses the paragraph break it ended with: the
    words replacing it carry their own, and drawn, it put them (``years.`` → ``long
    years — more.``) in a paragraph of their own, apart from the sentence they end."""
    kept = gone.rstrip()
    if replaced and kept and "\n" in gone[len(kept) :]:
        return kept + " ", DELETED
    return gone, DELETED


def diff_model(what: WhatChanged) -> DiffModel:
    """The text now with the changes in it, as lines; pure, for a worker thread."""
    old, new = what.old_text, what.new_text
    marks = sorted(
        (claim.span[0], claim.span[1], CLAIM_WORDS.get(claim.anchor, claim.anchor))
        for claim in what.claims
        if claim.span is not None and claim.span[0] < claim.span[1]
    )
    starts = [start for start, _, _ in marks]
    cuts = sorted({offset for start, end, _ in marks for offset in (start, end)})
    out = _Lines()
    stops: list[tuple[int, int]] = []

    def emit_new(start: int, end: int, style: str) -> None:
        """New text [start, end), cut where claims start and end (markers, underlines)."""
        points = [start, *cuts[bisect_right(cuts, start) : bisect_left(cuts, end)], end]
        for a, b in pairwise(points):
            first = bisect_left(starts, a)
            while first < len(starts) and starts[first] == a:
                out.add(f"‹claim {marks[first][2]}›", CLAIM_MARK)
                out.add(" ")
                first += 1
            inside = any(s <= a < e for s, e, _ in marks[: bisect_right(starts, a)])
            out.add(new[a:b], " ".join(part for part in (style, CLAIM if inside else "") if part))

    previous = "equal"
    for change in what.changes:
        if change.kind != "equal" and previous == "equal":
            stops.append(out.here())
        previous = change.kind
        if change.kind in ("delete", "replace") and change.old[0] < change.old[1]:
            out.add(*_struck(old[slice(*change.old)], change.kind == "replace"))
        if change.kind in ("insert", "replace", "equal") and change.new[0] < change.new[1]:
            emit_new(*change.new, INSERTED if change.kind != "equal" else "")
    return DiffModel(out.done(), stops)


class WhatChangedScreen(AppAccess, Screen[None]):
    """The word diff of one briefing since it was read (see the module docstring)."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="changes.back"),
        Binding("n", "step(1)", "Next change", id="changes.next"),
        Binding("N", "step(-1)", "Previous change", id="changes.previous"),
    ]

    def __init__(self, title: str, what: WhatChanged, model: DiffModel) -> None:
        super().__init__()
        self.what = what
        self.model = model
        self.briefing_title = title
        self._stop = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(
            Content.assemble(("What changed · ", "bold"), Content(self.briefing_title)),
            id="changes-title",
        )
        yield Label(self._summary(), id="changes-summary")
        # Opened at the first change: its first frame shows it (n goes on from there).
        first = self.model.stops[0] if self.model.stops else None
        self._stop = 0 if first is not None else -1
        yield DiffLines(
            self.model.lines,
            width=self.briefing_app.settings.reading_width,
            start=first,
            id="changes-text",
        )
        yield AppFooter()

    def _summary(self) -> Content:
        parts: list[str | tuple[str, str]] = [(summary_text(self.what), "bold")]
        claims = claims_text(self.what)
        if claims:
            parts += [" · ", claims]
        parts += [
            "\n",
            ("inserted", INSERTED),
            "  ",
            ("deleted", DELETED),
        ]
        if any(claim.span is not None for claim in self.what.claims):
            parts += ["  ", ("‹claim›", CLAIM_MARK)]
        parts += [
            (f" · {plural(len(self.model.stops), 'change')} · n next · N previous", "dim"),
        ]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.sub_title = self.briefing_title
        self.query_one(DiffLines).focus()
        # The reader's "Changed since you read it on …: d shows what changed" has done
        # its work once ``d`` is pressed; left for its 8 s, it covered the bottom right
        # of the diff, where an added closing paragraph is drawn (80x24).
        drop_invitations(self.app)

    def action_step(self, step: int) -> None:
        stops = self.model.stops
        if not stops:
            return
        self._stop = (self._stop + step) % len(stops)
        line, column = stops[self._stop]
        self.query_one(DiffLines).show_line(line, column)

    def action_back(self) -> None:
        self.app.pop_screen()
