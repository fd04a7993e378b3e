"""Facets of a result set (each value with the term that narrows to it), and acting on
every result at once: tag, untag, mark read or unread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.core.search.query import QueryError, parse
from briefing_tui.core.stream import FacetValue, narrow
from briefing_tui.core.stream.facets import source_term, tag_term
from briefing_tui.core.stream.kept_facets import KeptFacets
from briefing_tui.core.workspace import Workspace

from .helpers import briefing

Write = Callable[[str, str], Path]


@pytest.fixture
def ws(write: Write, make_ws: Callable[..., Workspace]) -> Workspace:
    write(
        "a.md",
        briefing(
            "Sanctions on oil exports.\n",
            doc_id="a",
            date="2024-03-05",
            source="Reuters",
            tags=["sanctions", "energy"],
        ),
    )
    write(
        "b.md",
        briefing(
            "More sanctions announced.\n",
            doc_id="b",
            date="2024-03-20",
            source='The "Daily" Wire',
            tags=["sanctions", "a(b)"],
        ),
    )
    write(
        "c.md",
        briefing(
            "Sanctions eased on grain.\n",
            doc_id="c",
            date="2023-11-02",
            source="Reuters Africa",
            tags=["grain"],
        ),
    )
    write("d.md", briefing("Weather report.\n", doc_id="d", date="2024-01-01"))
    workspace = make_ws()
    workspace.sync()
    workspace.annotate(workspace.resolve("a"), "Sanctions on oil", status="key")
    workspace.annotate(workspace.resolve("a"), "oil exports", status="disputed")
    workspace.annotate(workspace.resolve("c"), "grain", status="key")
    return workspace


def _values(values: list[FacetValue]) -> list[tuple[str, int]]:
    return [(value.value, value.count) for value in values]


def test_facets_count_tags_sources_months_and_claim_statuses(ws: Workspace) -> None:
    facets = ws.stream.facets_for("sanctions")
    assert facets.total == 3
    assert _values(facets.tag) == [("sanctions", 2), ("a(b)", 1), ("energy", 1), ("grain", 1)]
    assert _values(facets.source) == [
        ("Reuters", 1),
        ("Reuters Africa", 1),
        ('The "Daily" Wire', 1),
    ]
    assert _values(facets.month) == [("2024-03", 2), ("2023-11", 1)]  # newest first
    assert _values(facets.status) == [("key", 2), ("disputed", 1)]  # briefings, not claims


def test_each_value_narrows_the_query_to_what_it_counts(ws: Workspace) -> None:
    facets = ws.stream.facets_for("sanctions")
    for value in [*facets.tag, *facets.month, *facets.status]:
        assert value.term is not None
        narrowed = narrow("sanctions", value.term)
        assert len(ws.search(narrowed, limit=0).ids) == value.count, narrowed
    assert [v.term for v in facets.month] == ["date:2024-03", "date:2023-11"]
    assert [v.term for v in facets.status] == ["status:key", "status:disputed"]
    assert {v.value: v.term for v in facets.tag}["a(b)"] == 'tag:"a(b)"'


def test_a_source_narrows_to_exactly_that_source(ws: Workspace) -> None:
    facets = ws.stream.facets_for("sanctions")
    terms = {value.value: value.term for value in facets.source}
    assert terms['The "Daily" Wire'] == 'source:="The Daily Wire"'
    assert set(ws.search(narrow("sanctions", terms['The "Daily" Wire']), limit=0).ids) == {"b"}
    # "Reuters" is not "Reuters Africa" (the phrase source:"Reuters" finds both).
    assert terms["Reuters"] == 'source:="Reuters"'
    assert set(ws.search(narrow("sanctions", terms["Reuters"]), limit=0).ids) == {"a"}
    assert set(ws.search(terms["Reuters Africa"] or "", limit=0).ids) == {"c"}
    assert set(ws.search('source:"Reuters"', limit=0).ids) == {"a", "c"}
    # Case and spacing are folded, and the term combines like any other.
    assert set(ws.search('source:=REUTERS OR source:="reuters  africa"', limit=0).ids) == {
        "a",
        "c",
    }
    assert set(ws.search('NOT source:="Reuters"', limit=0).ids) == {"b", "c", "d"}


def test_an_exact_source_needs_one() -> None:
    with pytest.raises(QueryError, match='source:= needs a source, for example source:="Reuters"'):
        parse('oil source:=""')
    assert parse("source:=", as_you_type=True) is None  # still being typed


def test_the_whole_library_and_an_empty_result(ws: Workspace) -> None:
    everything = ws.stream.facets_for("")
    assert everything.total == 4
    assert ("2024-01", 1) in _values(everything.month)
    assert ws.stream.facets(ws.search("", limit=0).ids) == everything
    nothing = ws.stream.facets_for("zebra")
    assert (nothing.total, nothing.tag, nothing.month, nothing.status) == (0, [], [], [])


def test_narrowing_keeps_an_or_query_whole() -> None:
    assert narrow("", "tag:x") == "tag:x"
    assert narrow("oil OR gas", "tag:x") == "(oil OR gas) tag:x"
    assert narrow("oil", "date:2024-03") == "oil date:2024-03"


def test_values_the_query_language_cannot_name_have_no_term() -> None:
    assert tag_term('say"what') is None
    assert tag_term("star*") == 'tag:"star*"'
    assert tag_term("plain") == "tag:plain"
    assert source_term("— —") is None


def test_facets_as_json_list_each_value_with_its_term(ws: Workspace) -> None:
    data = ws.stream.facets_for("grain").as_json()
    assert data["total"] == 1
    assert data["facets"]["tag"] == [{"value": "grain", "count": 1, "term": "tag:grain"}]
    assert set(data["facets"]) == {"tag", "source", "month", "status"}


# -- bulk ------------------------------------------------------------------------------


def test_tag_and_untag_every_match_at_once(ws: Workspace) -> None:
    done = ws.stream.tag_matching("sanctions", add=["watch"], remove=["energy"])
    assert (done.matched, done.changed) == (3, 3)
    assert set(ws.search("tag:watch", limit=0).ids) == {"a", "b", "c"}
    assert set(ws.search("tag:energy", limit=0).ids) == set()
    again = ws.stream.tag_matching("sanctions", add=["watch"])
    assert (again.matched, again.changed) == (3, 0)  # nothing left to change
    assert ws.store.get("d") is not None and "watch" not in ws.store.get("d").tags  # type: ignore[union-attr]


def test_mark_every_match_read_then_unread(ws: Workspace) -> None:
    done = ws.stream.mark_matching("sanctions", read=True)
    assert (done.matched, done.changed) == (3, 3)
    assert set(ws.search("is:unread", limit=0).ids) == {"d"}
    assert ws.stream.mark_matching("sanctions", read=True).changed == 0
    undone = ws.stream.mark_matching("tag:sanctions", read=False)
    assert (undone.matched, undone.changed) == (2, 2)
    assert set(ws.search("is:read", limit=0).ids) == {"c"}


def test_a_bad_query_changes_nothing(ws: Workspace) -> None:
    with pytest.raises(QueryError):
        ws.stream.tag_matching('"sanctions', add=["x"])
    with pytest.raises(QueryError):
        ws.stream.mark_matching("is:nope", read=True)
    assert ws.stream.snapshot().read == frozenset()


# -- counts kept in memory --------------------------------------------------------------


def test_counting_a_result_set_reads_nothing_from_the_store(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ws.stream.facets_for("sanctions")
    ids = ws.stream.matching_ids("sanctions")

    def no_reads(*_: object) -> None:
        raise AssertionError("the store was read")

    monkeypatch.setattr(ws.store, "query", no_reads)
    assert ws.stream.facets(ids) == first
    assert ws.stream.facets(None).total == 4


def test_the_counts_follow_tags_claims_and_the_folder(ws: Workspace, write: Write) -> None:
    assert ("grain", 1) in _values(ws.stream.facets_for("sanctions").tag)
    record = ws.store.get("c")
    assert record is not None
    ws.change_tags(record, add=["harvest"], remove=["grain"])
    tags = _values(ws.stream.facets_for("sanctions").tag)
    assert ("harvest", 1) in tags and "grain" not in dict(tags)
    key = next(c for c in ws.claims.for_document("c") if c.status == "key")
    ws.update_claim(key.id, status="verified")
    assert _values(ws.stream.facets_for("sanctions").status) == [
        ("disputed", 1),
        ("key", 1),
        ("verified", 1),
    ]
    ws.stream.mark_read(["a", "b"])  # reading changes no count
    write("e.md", briefing("Sanctions again.\n", doc_id="e", date="2024-03-30", source="REUTERS"))
    ws.sync()
    facets = ws.stream.facets_for("sanctions")
    assert facets.total == 4
    assert ("2024-03", 3) in _values(facets.month)


def test_one_source_spelled_two_ways_is_one_value(ws: Workspace, write: Write) -> None:
    write("e.md", briefing("Sanctions again.\n", doc_id="e", date="2024-03-30", source="REUTERS"))
    write("f.md", briefing("Sanctions too.\n", doc_id="f", date="2024-03-31", source=" Reuters "))
    ws.sync()
    sources = ws.stream.facets_for("sanctions").source
    reuters = [value for value in sources if value.value.casefold().strip() == "reuters"]
    assert [(value.count, value.term) for value in reuters] == [(3, 'source:="Reuters"')]
    assert set(ws.search(reuters[0].term or "", limit=0).ids) == {"a", "e", "f"}


def test_common_and_rare_values_are_counted_alike() -> None:
    # 300 briefings: "all" on each (kept as a bit set), "rare" on two (kept as rows).
    rows = [
        (f"d{n}", '["all", "rare"]' if n in (7, 250) else '["all"]', None, "2024-01")
        for n in range(300)
    ]
    kept = KeptFacets(rows, [("d7", "key"), ("d7", "open"), ("gone", "key")])
    chosen = ["d7", "d8", "d9", "nowhere"]
    assert kept.counts(chosen)["tag"] == [("all", 3), ("rare", 1)]
    assert kept.counts(chosen)["status"] == [("key", 1), ("open", 1)]
    assert kept.counts(["d8"])["tag"] == [("all", 1)]  # none of rare: left out
    assert kept.counts(None)["tag"] == [("all", 300), ("rare", 2)]
    assert kept.facets(chosen).total == 4
