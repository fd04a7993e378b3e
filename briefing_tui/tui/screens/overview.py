"""The overview (``f6``): the library at a glance. Briefings per week (a sparkline
over the library's span), claims by status and by rating, the top sources (with
their reliability) and tags, the claims waiting in review, links by relation.
``s`` opens the source manager. Read in a worker; fits 80x24 (it scrolls below).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, Sparkline, Static

from briefing_tui.core.analysis import Overview
from briefing_tui.tui.access import AppAccess, search_library_binding
from briefing_tui.tui.analysis_messages import AnalysisChanged
from briefing_tui.tui.messages import ClaimsChanged, ListingReady
from briefing_tui.tui.screens.what_changed import plural
from briefing_tui.tui.widgets.claims_panel import excerpt
from briefing_tui.tui.widgets.footer import AppFooter

#: Ratings listed by name; the others are counted on one line.
RATINGS = 8


def _table(title: str, rows: list[tuple[str, str]], width: int = 24, note: str = "") -> Content:
    """A titled column of ``name  count`` lines, names as data; ``note`` under them."""
    parts: list[Content | str | tuple[str, str]] = [(title, "bold")]
    if not rows:
        parts.extend(["\n", ("none", "$text-muted")])
    for name, count in rows:
        parts.extend(["\n", f"{excerpt(name, width):<{width}} ", (count, "$text-accent")])
    if note:
        parts.extend(["\n", (note, "$text-muted")])
    return Content.assemble(*parts)


def _no_claims(overview: Overview) -> str:
    """Under the statuses of a library without claims: how one is made (five zeros
    said nothing of it)."""
    return "" if overview.claims else "No claims yet: in a briefing, c starts one."


class OverviewScreen(AppAccess, Screen[None]):
    DEFAULT_CSS = """
    /* The screen's width, so the line wraps: at 80 columns "(4 earlier)" was cut mid-word. */
    OverviewScreen #overview-head { padding: 0 1; height: auto; width: 1fr; }
    OverviewScreen #overview-weeks { height: 3; margin: 0 1; }
    OverviewScreen #overview-grid {
        grid-size: 2;
        grid-rows: auto;
        grid-gutter: 1 2;
        height: auto;
        padding: 0 1;
    }
    /* No margin on the tables: a grid row as tall as its tables' text, less the
       margin, cut the last row of each ("false", "cite", the fifth tag). */
    OverviewScreen #overview-grid Static { height: auto; }
    """

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="overview.back"),
        Binding("s", "app.sources", "Sources", id="overview.sources"),
        search_library_binding("overview"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="overview-body"):
            yield Label("Counting…", id="overview-head")
            yield Sparkline([], id="overview-weeks")
            with Grid(id="overview-grid"):
                for name in ("status", "rating", "sources", "tags", "review", "links"):
                    yield Static("", id=f"overview-{name}")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = "Overview"
        self.query_one(VerticalScroll).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    # ListingReady: the library opened (this screen may have been opened before it,
    # in the first second, and found nothing to read) or changed.
    @on(ListingReady)
    @on(AnalysisChanged)
    @on(ClaimsChanged)
    def _changed(self) -> None:
        if self.is_current:
            self.reload()

    @work(thread=True, exclusive=True, group="overview")
    def reload(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            overview = workspace.analysis.overview()
        except Exception as error:  # said, never a traceback
            self.from_worker(self._head, Content(f"Cannot count: {error}"))
            return
        self.from_worker(self._show, overview)

    def _head(self, text: Content) -> None:
        self.query_one("#overview-head", Label).update(text)

    def _show(self, overview: Overview) -> None:
        self.overview = overview
        weeks = overview.weeks
        if len(weeks) > 1:
            span = f"briefings per week, {weeks[0].start} to {weeks[-1].start}"
        elif weeks:  # one bar would fill the width: said instead
            span = f"every dated briefing in the week of {weeks[0].start}"
        else:
            span = "no dated briefings"
        more = f" ({apart})" if (apart := overview.apart) else ""
        self._head(
            Content.assemble(
                (plural(overview.briefings, "briefing"), "bold"),
                " · ",
                (plural(overview.claims, "claim"), "bold"),
                f" · {span}{more}" + (":" if len(weeks) > 1 else ""),
            )
        )
        chart = self.query_one(Sparkline)
        chart.display = len(weeks) > 1
        chart.data = overview.per_week if len(weeks) > 1 else [0]
        statuses = [(name, f"{count:,}") for name, count in overview.by_status.items()]
        ratings = [(name, f"{count:,}") for name, count in overview.by_rating[:RATINGS]]
        if rest := overview.by_rating[RATINGS:]:  # said, so the column adds up to the claims
            ratings.append((f"{len(rest)} other ratings", f"{sum(n for _, n in rest):,}"))
        sources = [
            (f"{s.name} ({s.reliability or '-'})", f"{s.briefings:,}")
            for s in overview.top_sources[:6]
        ]
        tags = [(tag, f"{count:,}") for tag, count in overview.top_tags[:6]]
        review = [(state, f"{count:,}") for state, count in overview.review.items()]
        links = [(name, f"{count:,}") for name, count in overview.links.items()]
        for name, content in (
            ("status", _table("Claims by status", statuses, note=_no_claims(overview))),
            ("rating", _table("Claims by rating", ratings)),
            ("sources", _table("Top sources (reliability)  s: all", sources)),
            ("tags", _table("Top tags", tags)),
            ("review", _table(f"To review (f3): {overview.unresolved:,}", review)),
            ("links", _table("Links", links)),
        ):
            self.query_one(f"#overview-{name}", Static).update(content)
