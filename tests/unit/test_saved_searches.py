"""Saved searches (watch queries): kept as typed, in order, counted, never dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.core.search.query import QueryError
from briefing_tui.core.store import SavedSearchError
from briefing_tui.core.workspace import Workspace

from .helpers import briefing

Write = Callable[[str, str], Path]


@pytest.fixture
def ws(write: Write, make_ws: Callable[..., Workspace]) -> Workspace:
    write("oil.md", briefing("Oil rose; the minister spoke.\n", doc_id="oil", tags=["energy"]))
    write("gas.md", briefing("Gas deal signed by the minister.\n", doc_id="gas", tags=["energy"]))
    write("grain.md", briefing("Grain exports fell.\n", doc_id="grain"))
    workspace = make_ws()
    workspace.sync()
    return workspace


def _names(ws: Workspace) -> list[str]:
    return [saved.name for saved in ws.stream.saved()]


def test_saved_searches_are_listed_in_order_with_matches_and_unread(ws: Workspace) -> None:
    ws.stream.add_saved("energy", "tag:energy")
    ws.stream.add_saved("minister", "minister")
    ws.stream.add_saved("everything", "")
    ws.stream.mark_read(["oil"])
    counted = {s.name: (s.matches, s.unread, s.error) for s in ws.stream.saved_counts()}
    assert counted == {
        "energy": (2, 1, None),
        "minister": (2, 1, None),
        "everything": (3, 2, None),
    }
    assert _names(ws) == ["energy", "minister", "everything"]


def test_counts_follow_a_sync(ws: Workspace, write: Write) -> None:
    ws.stream.add_saved("minister", "minister")
    write("more.md", briefing("The minister resigned.\n", doc_id="more"))
    ws.sync()
    assert ws.stream.saved_counts()[0].matches == 3


def test_a_saved_search_may_use_reading_states(ws: Workspace) -> None:
    ws.stream.add_saved("to read", "minister is:unread")
    ws.stream.mark_read(["gas"])
    [saved] = ws.stream.saved_counts()
    assert (saved.matches, saved.unread) == (1, 1)


def test_adding_a_name_in_use_is_refused_whatever_its_case(ws: Workspace) -> None:
    ws.stream.add_saved("Energy", "tag:energy")
    with pytest.raises(SavedSearchError, match="a saved search named 'Energy' already exists"):
        ws.stream.add_saved("energy", "oil")
    assert [(s.name, s.query) for s in ws.stream.saved()] == [("Energy", "tag:energy")]


def test_a_query_that_does_not_parse_is_not_saved(ws: Workspace) -> None:
    with pytest.raises(QueryError, match="unclosed quote"):
        ws.stream.add_saved("broken", '"oil')
    assert _names(ws) == []


def test_a_saved_query_that_no_longer_parses_is_listed_with_its_error(ws: Workspace) -> None:
    ws.stream.add_saved("first", "oil")
    # As if a later version no longer read this query: saved before the syntax changed.
    ws.store.add_saved_search("old syntax", "is:someday OR oil")
    ws.stream.add_saved("last", "gas")
    counted = ws.stream.saved_counts()
    assert [s.name for s in counted] == ["first", "old syntax", "last"]
    broken = counted[1]
    assert broken.error is not None and "is:someday is not a reading state" in broken.error
    assert broken.matches is None and broken.query == "is:someday OR oil"
    assert counted[2].matches == 1  # the others still count
    assert ws.stream.saved()[1].error == broken.error
    assert ws.stream.rename_saved("old syntax", "kept").error == broken.error


def test_names_are_kept_as_typed_with_control_characters_made_visible(ws: Workspace) -> None:
    ws.stream.add_saved("[bold red]Alert[/] \x1b[31m  <b>", "oil")
    [saved] = ws.stream.saved()
    assert saved.name == "[bold red]Alert[/] ␛[31m <b>"
    with pytest.raises(SavedSearchError, match="needs a name"):
        ws.stream.add_saved("  \t ", "oil")
    with pytest.raises(SavedSearchError, match="limit 200"):
        ws.stream.add_saved("x" * 201, "oil")


def test_rename_remove_and_move(ws: Workspace) -> None:
    for name in ("a", "b", "c", "d"):
        ws.stream.add_saved(name, f"{name}x")  # ("a" alone: nothing to search for)
    ws.stream.rename_saved("b", "B two")
    assert _names(ws) == ["a", "B two", "c", "d"]
    with pytest.raises(SavedSearchError, match="named 'c' already exists"):
        ws.stream.rename_saved("a", "C")
    ws.stream.rename_saved("a", "A")  # its own name in another case
    assert [s.name for s in ws.stream.move_saved("d", 0)] == ["d", "A", "B two", "c"]
    assert [s.name for s in ws.stream.move_saved("d", 99)] == ["A", "B two", "c", "d"]
    assert ws.stream.remove_saved("b two").name == "B two"  # found ignoring case
    assert [(s.name, s.position) for s in ws.stream.saved()] == [("A", 0), ("c", 1), ("d", 2)]
    with pytest.raises(SavedSearchError, match="no saved search named 'zz'"):
        ws.stream.remove_saved("zz")
    with pytest.raises(SavedSearchError, match="no saved search named 'zz'"):
        ws.stream.move_saved("zz", 1)
    ws.stream.change_saved_query("c", "minister")
    assert ws.stream.saved()[1].query == "minister"


def test_at_name_runs_a_saved_search(ws: Workspace) -> None:
    ws.stream.add_saved("energy", "tag:energy")
    ws.stream.add_saved("two words", "oil OR grain")
    assert ws.stream.expand("@energy") == "tag:energy"
    assert ws.stream.expand("@ENERGY minister") == "(tag:energy) minister"
    assert ws.stream.expand("@two words") == "oil OR grain"
    assert ws.stream.expand("plain words") == "plain words"
    assert set(ws.stream.matching_ids("@two words")) == {"oil", "grain"}
    assert set(ws.stream.matching_ids("@energy gas")) == {"gas"}


def test_an_unknown_at_name_is_a_query_error_naming_the_saved_ones(ws: Workspace) -> None:
    ws.stream.add_saved("energy", "tag:energy")
    with pytest.raises(QueryError, match=r"no saved search named 'nope' \(saved: energy\)"):
        ws.stream.matching_ids("@nope")


@pytest.mark.parametrize(("saved", "run"), [({"b": "@b"}, "@b"), ({"c": "@d", "d": "@c"}, "@c")])
def test_a_saved_search_of_a_saved_search_is_a_query_error(
    ws: Workspace, saved: dict[str, str], run: str
) -> None:
    """``@b`` saved as ``b`` (or two naming each other) ran one level, then searched
    for the word ``@b``: "No briefings match", silently (a bad-input hunt)."""
    for name, query in saved.items():  # as a version before the refusal kept them
        ws.store.add_saved_search(name, query)
    with pytest.raises(QueryError, match="a saved search cannot run another saved search"):
        ws.stream.expand(run)
    with pytest.raises(QueryError, match="cannot run another"):
        ws.search_as_you_type(run)
