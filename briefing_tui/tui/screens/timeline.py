"""The timeline (``f5``): the claims of the claims screen's query placed by event date
(else their briefing's date, marked "(briefing date)"), grouped by day, week or
month; ``+`` / ``-`` zoom out and in; ``enter`` opens a claim in its briefing. The
first :data:`PAGE` rows are listed (a screenful before the first paint, the rest just
after), the next as the highlight nears the end (``end``: all of them), so 10,000
claims are placed without drawing 10,000 rows.

The query is the claims screen's filter when that screen is open, else every
claim; it can be changed here (``/``). Built in a worker: every claim (no query)
is placed from the claims' heads (what a row shows, one narrow read); a query
selects from every full claim, read once then (or taken from the claims screen).
"""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.analysis import Granularity, Timeline, TimelineEntry, zoom
from briefing_tui.core.analysis.timeline import timeline_of_heads
from briefing_tui.core.claims.heads import HeadRow
from briefing_tui.core.exchange.selection import ClaimScope
from briefing_tui.core.search.query import parse
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.analysis_messages import AnalysisChanged
from briefing_tui.tui.messages import ClaimsChanged, ListingReady
from briefing_tui.tui.widgets.claims_panel import quoted
from briefing_tui.tui.widgets.footer import AppFooter

#: Rows (headings and claims) listed at a time; the next as the highlight nears the end.
PAGE = 200
#: Rows listed before the first paint, at most: more than a screen shows (a claim takes
#: two lines), and never more than the screen has lines. The rest of the first page
#: follows right after that paint: wrapping 200 rows took the list ~90 ms at 10,000
#: claims, before anything was shown.
FIRST = 60

#: The timeline of a library with no claims yet: what to do.
NO_CLAIMS = (
    "No claims yet: in a briefing, c starts one (a sentence cursor); each is placed "
    "here on its event date, else its briefing's."
)


def entry_text(entry: TimelineEntry, width: int = 90) -> Content:
    """``2024-03-05  [key] B2 (moved) “quote”`` and the briefing's title, as data (the
    anchor state only when the quote is not where it was)."""
    claim = entry.claim
    day = entry.day or "undated   "
    parts: list[Content | str | tuple[str, str]] = [
        (day, "bold"),
        "  ",
        (f"[{claim.status}]", "bold"),
        " ",
        ((entry.rating or "--"), "bold $text-primary"),
        " ",
        # Where the quote stands since its briefing changed, as the claims screen and
        # `briefing timeline` say it: an orphaned claim looked like any other here.
        *_anchor_state(claim.anchor),
        quoted(claim.quote, width),
        "\n    ",
        ((entry.record.title if entry.record else "(briefing missing)"), "$text-accent"),
    ]
    if entry.placed_by == "briefing":
        parts.extend(["  ", ("(briefing date)", "italic $text-warning")])
    return Content.assemble(*parts)


def _anchor_state(anchor: str) -> list[Content | str | tuple[str, str]]:
    """``(moved) `` and so on; nothing for a quote still where it was."""
    return [] if anchor == "exact" else [(f"({anchor})", "italic $text-warning"), " "]


class TimelineScreen(AppAccess, Screen[None]):
    DEFAULT_CSS = """
    /* The screen's width, so a query's error wraps: at 80 columns its tail was cut off. */
    TimelineScreen #timeline-count { padding: 0 1; color: $text-muted; height: auto; width: 1fr; }
    TimelineScreen OptionList { height: 1fr; }
    """
    #: The list has the focus from the start: focusing the query box first (Textual's
    #: default) and then the list moved the focus twice, and each move rebuilds the
    #: footer's keys (twice: on the move and after the next refresh), a restyle per key.
    AUTO_FOCUS = "#timeline-list"

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="timeline.back"),
        Binding("plus,equals_sign", "zoom(1)", "Zoom out", id="timeline.zoom_out"),
        Binding("minus", "zoom(-1)", "Zoom in", id="timeline.zoom_in"),
        Binding("slash", "focus_query", "Query", id="timeline.query"),
        Binding("down", "focus_list", "To the list", show=False),
    ]

    def __init__(self, query: str | None = None, by: Granularity = "month") -> None:
        super().__init__()
        self.by: Granularity = by
        self._query = query
        self.timeline: Timeline | None = None
        #: The entry of each option listed (``None`` for a group's heading).
        self.entries: list[TimelineEntry | None] = []
        #: Every row to list: a group's heading, or a claim's entry.
        self._rows: list[str | TimelineEntry] = []
        #: Every claim with its record, read once (or taken from the claims screen
        #: below): zooming and changing the query place them again without a read.
        self._scope: ClaimScope | None = None
        #: Every claim's head, read once for the timeline of every claim (no query).
        self._heads: list[HeadRow] | None = None
        #: enter was pressed in the query box (at this generation of the claims): its
        #: list takes the focus once that query's timeline is shown.
        self._focus_list_when_shown: int | None = None
        #: Whether the rest of the first page is still to be listed (after the first paint).
        self._filling = False
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Query: status:key tag:x source… (empty: every claim)", id="tl-q")
        yield Label("Placing the claims…", id="timeline-count")
        yield OptionList(id="timeline-list")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = "Timeline"
        if self._query is None:
            from briefing_tui.tui.screens.claims import ClaimsScreen

            shown = [s for s in self.app.screen_stack if type(s) is ClaimsScreen]
            self._query = shown[-1].query_one(Input).value if shown else ""
            # Its claims, when it is the screen f5 was pressed on (one below a reader
            # may not have seen the reader's writes yet).
            below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
            self._scope = shown[-1].scope if shown and below is shown[-1] else None
        self.query_one(Input).value = self._query
        self.reload()

    # ListingReady: the library opened (this screen may have been opened before it,
    # in the first second, and found nothing to read) or changed.
    @on(ListingReady)
    @on(AnalysisChanged)
    @on(ClaimsChanged)
    def _changed(self) -> None:
        self._scope = None
        self._heads = None
        self._generation += 1
        self.reload()

    @on(Input.Submitted, "#tl-q")
    def _query_changed(self) -> None:
        """enter: the query's timeline, then its list focused. A query refused keeps the
        focus in its box, its reason under it: the list (the last good query's) took
        it, and the next enter opened a briefing (a walk)."""
        self._focus_list_when_shown = self._generation
        self.reload()

    def reload(self) -> None:
        self._build(self.query_one(Input).value, self.by, self._generation)

    @work(thread=True, exclusive=True, group="timeline")
    def _build(self, query: str, by: Granularity, generation: int) -> None:
        """What ``workspace.analysis.timeline(query, by)`` gives, from the claims read once."""
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            scope = self._scope
            if scope is None and parse(query) is None:  # every claim: their heads suffice
                heads = self._heads
                if heads is None:
                    heads = workspace.claims.heads()
                    if generation == self._generation:
                        self._heads = heads
                timeline = timeline_of_heads(heads, workspace.analysis.reliabilities(), by)
            else:
                if scope is None:
                    scope = ClaimScope.load(workspace)
                    if generation == self._generation:
                        self._scope = scope
                timeline = workspace.analysis.timeline_of(scope.select(workspace, query), by)
        except Exception as error:  # a query that cannot run: said, never a traceback
            self.from_worker(self._say, f"⚠ {error}")
            return
        self.from_worker(self._show, timeline)

    def _say(self, text: str) -> None:
        if text.startswith("⚠"):
            self._focus_list_when_shown = None
        self.query_one("#timeline-count", Label).update(Content(text))

    def _show(self, timeline: Timeline) -> None:
        """List the first :data:`PAGE` rows (group headings and claims); the rest are
        listed as the highlight nears the end (:meth:`_list_more`)."""
        self.timeline = timeline
        options = self.query_one(OptionList)
        # The answer to the query entered (not a reload for claims changed since).
        if self._focus_list_when_shown == self._generation:
            options.focus()
        self._focus_list_when_shown = None
        keep = self.current()
        options.clear_options()
        self.entries = []
        self._rows = []
        groups = [(g.label, g.entries) for g in timeline.groups]
        if timeline.undated:
            groups.append(("Undated", timeline.undated))
        for label, entries in groups:
            noun = "claim" if len(entries) == 1 else "claims"
            self._rows.append(f"{label} · {len(entries)} {noun}")
            self._rows.extend(entries)
        # A highlight kept through a zoom may lie past the first screenful: the page then.
        # A screenful: a row takes a line at least, so no more rows than the screen's lines.
        screenful = min(FIRST, PAGE, max(1, self.app.size.height))
        # Listed through the kept claim's row: past the first page (the last weeks of a
        # zoom to days), it was not listed and the highlight went back to the top.
        kept = next(
            (
                i
                for i, row in enumerate(self._rows)
                if keep is not None and not isinstance(row, str) and row.claim.id == keep.claim.id
            ),
            -1,
        )
        self._list_more(screenful if keep is None else max(PAGE, kept + 1 + PAGE // 4))
        # The rest once that is shown, as a message of its own: run among the refresh's
        # callbacks, its wrapping held back whatever else waited for that first paint.
        self._filling = True
        self.call_after_refresh(self.call_later, self._fill_first_page)
        at = next(
            (
                i
                for i, e in enumerate(self.entries)
                if e is not None and keep is not None and e.claim.id == keep.claim.id
            ),
            None,
        )
        if at is None:
            at = next((i for i, e in enumerate(self.entries) if e is not None), None)
        options.highlighted = at
        if not timeline.total and self.query_one(Input).value.strip():
            self._say("No claims match this query (/ to change it; empty: every claim).")
            return
        if not timeline.total:  # no claim at all: "no claims match" pointed at a query
            self._say(NO_CLAIMS)
            return
        noun = "claim" if timeline.total == 1 else "claims"
        self._say(
            f"{timeline.total:,} {noun} by {timeline.by} · +/-: zoom out/in · "
            "enter: open · /: query"
        )

    def _fill_first_page(self) -> None:
        """The rest of the first :data:`PAGE` rows, once the first screenful is shown."""
        self._filling = False
        self._list_more(PAGE - len(self.entries))
        at = self.query_one(OptionList).highlighted
        if at is not None:  # its highlight was not followed while the page was to come
            self._follow(at)

    def _list_more(self, count: int | None = None) -> None:
        """Add the next ``count`` (else :data:`PAGE`) rows to the list (made here: only
        those drawn)."""
        start = len(self.entries)
        count = PAGE if count is None else count
        shown: list[Option] = []
        for row in self._rows[start : start + max(0, count)]:
            if isinstance(row, str):
                shown.append(Option(Content.styled(row, "bold reverse"), disabled=True))
                self.entries.append(None)
            else:
                number = len(self.entries)
                shown.append(Option(entry_text(row), id=f"{row.claim.id}-{number}"))
                self.entries.append(row)
        self.query_one(OptionList).add_options(shown)

    @on(OptionList.OptionHighlighted, "#timeline-list")
    def _on_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Not before the first page is filled: the first highlight, on a screenful,
        # is "near its end", and listing a page then delayed the first paint.
        if not self._filling:
            self._follow(event.option_index)

    def _follow(self, at: int) -> None:
        """List the next page when the highlight (at ``at``) nears the end of the list."""
        near_end = at >= len(self.entries) - max(1, PAGE // 4)
        if near_end and len(self.entries) < len(self._rows):
            self._list_more()

    def on_key(self, event: events.Key) -> None:
        """``end`` on the list: every row listed first, so the list's own ``end`` (run
        after this) reaches the last claim; it went to the last listed (200 of 260)."""
        if event.key == "end" and self.query_one(OptionList).has_focus:
            self._list_more(len(self._rows) - len(self.entries))

    def current(self) -> TimelineEntry | None:
        options = self.query_one(OptionList)
        at = options.highlighted
        return self.entries[at] if at is not None and at < len(self.entries) else None

    def action_zoom(self, step: int) -> None:
        self.by = zoom(self.by, step)
        self.refresh_bindings()  # at days (months) zoom in (out) goes no further
        self.reload()

    def action_focus_query(self) -> None:
        self.query_one(Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``/`` leaves the footer while the query box has the focus: there it types a slash;
        so do ``+`` and ``-``, which type themselves there (the footer offered "- Zoom in")."""
        if action in ("focus_query", "zoom") and self.query_one(Input).has_focus:
            return False
        # Greyed at its end (and listed apart in the help): by day, "- Zoom in" did
        # nothing, by month "+ Zoom out", and both still looked like keys to press.
        if action == "zoom" and parameters and zoom(self.by, int(str(parameters[0]))) == self.by:
            return None
        return super().check_action(action, parameters)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#timeline-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.current()
        if entry is not None:
            self.briefing_app.open_claim(entry.claim.doc_id, entry.claim.id)
