"""The facets panel: for the results shown, how many carry each tag, source, month
and claim status, grouped under headings; ``enter`` on a value narrows the query.

The screen holding it calls :meth:`FacetsPanel.show` with the query and the ids
it lists (``None``: the whole library); the counts are made in a worker
(``Workspace.stream.facets``), never on the event loop, and a newer ``show``
wins over an older one still counting. ``enter`` on a value posts
:class:`~..stream_messages.FacetChosen` with the term (``tag:x``,
``source:="…"``, ``date:2024-03``, ``status:key``) and the query narrowed by it
(:func:`~briefing_tui.core.stream.narrow`); the screen puts that in its search
box. Values come from documents and are shown as data; a value no term can
name is listed, greyed, and cannot be chosen. ``escape`` asks the screen to
close the panel (:class:`~..stream_messages.PanelCloseAsked`). Each facet lists its first
:data:`MAX_VALUES` values, then says how many more there are.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.search.query import QueryError
from briefing_tui.core.stream import Facets, FacetValue, narrow
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.stream_messages import FacetChosen, PanelCloseAsked

#: Values listed per facet (a library may have thousands of tags; the rest are counted).
MAX_VALUES = 100
#: Each facet's heading, in the order shown.
HEADINGS = {"tag": "Tags", "source": "Sources", "month": "Months", "status": "Claim status"}


def value_text(value: FacetValue) -> Content:
    """``   12 energy``: the count right-aligned, then the value, as data."""
    count = (f"{value.count:>6,} ", "$text-muted")
    if value.term is None:  # counted, but no query term can name it
        return Content.assemble(count, (value.value, "$text-disabled"))
    return Content.assemble(count, value.value)


class FacetsPanel(AppAccess, OptionList):
    """Facet counts of a result set; ``enter`` on a value posts :class:`FacetChosen`."""

    DEFAULT_CSS = """
    FacetsPanel {
        width: 30;
        height: 1fr;
        border: round $primary-darken-2;
        border-title-color: $text-primary;
    }
    FacetsPanel:focus { border: round $primary; }
    """

    #: Shown in the footer while the panel has the focus.
    BINDINGS = [
        Binding("enter", "select", "Narrow", id="facets_panel.narrow"),
        Binding("escape", "close", "Close", id="facets_panel.close"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Facets"
        #: The query the counts are for: what a chosen value narrows.
        self.search_text = ""
        #: The facet value of each option, by option index (``None``: a heading or a note).
        self._values: list[FacetValue | None] = []
        self._asked = 0

    def show(self, query: str, doc_ids: Sequence[str] | None) -> None:
        """Count the facets of ``doc_ids`` (the results of ``query``; ``None``: the
        whole library for an empty query, else what ``query`` matches) in a worker."""
        self._asked += 1
        self.border_subtitle = "counting…"
        self._count(self._asked, query, None if doc_ids is None else list(doc_ids))

    @work(thread=True, exclusive=True, group="facets-count")
    def _count(self, asked: int, query: str, doc_ids: list[str] | None) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        stream = workspace.stream
        try:
            if doc_ids is None and query.strip():
                facets: Facets | str = stream.facets_for(query)
            else:
                facets = stream.facets(doc_ids)
        except QueryError as error:
            facets = f"No facets: {error}"
        except Exception as error:  # the panel says why; the app goes on
            facets = f"Facets not counted: {error}"
        self.app.call_from_thread(self._show_facets, asked, query, facets)

    def _show_facets(self, asked: int, query: str, facets: Facets | str) -> None:
        if asked != self._asked:
            return  # a newer show() is counting
        self.search_text = query
        self.clear_options()
        self._values = []
        if isinstance(facets, str):
            self.border_subtitle = ""
            self._note(facets)
            self.refresh_bindings()
            return
        noun = "briefing" if facets.total == 1 else "briefings"
        self.border_subtitle = f"{facets.total:,} {noun}"
        options: list[Option] = []
        for name, values in facets.by_name().items():
            options.append(self._heading(HEADINGS[name]))
            if not values:
                options.append(self._quiet("  none"))
            for value in values[:MAX_VALUES]:
                options.append(Option(value_text(value), disabled=value.term is None))
                self._values.append(value)
            if len(values) > MAX_VALUES:
                more = len(values) - MAX_VALUES
                options.append(self._quiet(f"  … {more:,} more (narrow the query)"))
        self.add_options(options)
        first = next((i for i, v in enumerate(self._values) if v and v.term), None)
        self.highlighted = first
        self.refresh_bindings()  # narrow greyed or offered again (check_action)

    def _heading(self, text: str) -> Option:
        self._values.append(None)
        return Option(Content.styled(text, "bold $text-accent"), disabled=True)

    def _quiet(self, text: str) -> Option:
        self._values.append(None)
        return Option(Content.styled(text, "$text-muted"), disabled=True)

    def _note(self, text: str) -> None:
        self.add_option(self._quiet(text))

    @property
    def current(self) -> FacetValue | None:
        """The highlighted value, if it is one."""
        index = self.highlighted
        if index is None or index >= len(self._values):
            return None
        return self._values[index]

    def action_close(self) -> None:
        self.post_message(PanelCloseAsked(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``enter`` (narrow) greyed while no value can narrow the search (no results,
        facets not counted)."""
        if action == "select" and not any(v and v.term for v in self._values):
            return None
        return True

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = self.current
        if value is not None and value.term is not None:
            self.post_message(FacetChosen(value.term, narrow(self.search_text, value.term)))
