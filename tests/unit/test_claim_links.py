"""Claim links: made, refused, read from either end, kept through re-anchoring and
orphaning, removed with their claims; the query terms ``links:``, ``has:links`` and
``linked:``; the link picker and the contradictions view."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_tui.core.analysis import AnalysisError, link_summary
from briefing_tui.core.claims.vocabulary import VocabularyError
from briefing_tui.core.exchange import select_claims
from briefing_tui.core.search.query import QueryError

from .helpers import briefing

TALKS = "The talks would resume in March. Officials in Kyiv were cautious about the timetable."
DENIAL = "The talks will not resume in March, a spokesman said. Markets barely moved."
WIRE = "Talks are to resume in March, officials said. The minister was upbeat."


def _rewrite(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before) + 1_000_000_000
    os.utime(path, ns=(later, later))


@pytest.fixture
def ws(make_ws, write):  # type: ignore[no-untyped-def]
    write(
        "talks.md",
        briefing(TALKS, doc_id="talks", title="Talks", date="2024-03-05", source="Reuters"),
    )
    write(
        "denial.md",
        briefing(DENIAL, doc_id="denial", title="Denial", date="2024-03-06", source="AP"),
    )
    write(
        "wire.md", briefing(WIRE, doc_id="wire", title="Wire", date="2024-03-07", source="reuters")
    )
    workspace = make_ws()
    workspace.sync()
    return workspace


def _claim(ws, doc: str, quote: str):  # type: ignore[no-untyped-def]
    return ws.annotate(ws.resolve(doc), quote)


@pytest.fixture
def three(ws):  # type: ignore[no-untyped-def]
    talks = _claim(ws, "talks", "The talks would resume in March.")
    denial = _claim(ws, "denial", "The talks will not resume in March")
    wire = _claim(ws, "wire", "Talks are to resume in March")
    return talks, denial, wire


def _links(ws) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(row.from_id, row.relation, row.to_id) for row in ws.store.link_rows()]


def test_a_link_reads_from_both_ends(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, _ = three
    result = ws.analysis.link(talks.id, "contradicts", denial.id)
    assert result.added and result.relation == "contradict"
    [out] = ws.analysis.links_of(talks.id)
    assert (out.label, out.name, out.claim_id, out.outgoing) == (
        "contradicts",
        "contradict",
        denial.id,
        True,
    )
    [back] = ws.analysis.links_of(denial.id)
    assert (back.label, back.name, back.claim_id) == (
        "contradicted by",
        "contradicted by",
        talks.id,
    )
    assert link_summary([out]) == "1 contradicts"


@pytest.mark.parametrize("relation", ["support", "contradict", "repeat", "cite"])
def test_every_relation_and_its_inverse(ws, three, relation: str) -> None:  # type: ignore[no-untyped-def]
    talks, denial, _ = three
    ws.analysis.link(talks.id, relation, denial.id)
    inverse = {
        "support": "supported by",
        "contradict": "contradicted by",
        "repeat": "repeated by",
        "cite": "cited by",
    }[relation]
    assert [link.name for link in ws.analysis.links_of(denial.id)] == [inverse]
    assert [link.name for link in ws.analysis.links_of(talks.id)] == [relation]


def test_one_link_per_pair_and_relation(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, _ = three
    assert ws.analysis.link(talks.id, "contradict", denial.id).added
    assert ws.analysis.link(talks.id, "contradict", denial.id).outcome == "exists"
    # contradict and repeat read the same both ways: the reverse is the same link
    assert ws.analysis.link(denial.id, "contradict", talks.id).outcome == "exists"
    # support and cite have a direction: the reverse is another link
    assert ws.analysis.link(talks.id, "support", denial.id).added
    assert ws.analysis.link(denial.id, "support", talks.id).added
    assert len(_links(ws)) == 3
    # another relation on the same pair is another link
    assert ws.analysis.link(talks.id, "cite", denial.id).added


def test_links_by_unique_prefix(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, _ = three
    ws.analysis.link(talks.id[:8], "support", denial.id[:8])
    assert _links(ws) == [(talks.id, "support", denial.id)]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("self", "a claim cannot support itself"),
        ("deleted", "no claim with id"),
        ("unknown", "no claim with id 'cnothere'"),
        ("relation", "'refutes' is not a relation (use support, contradict, repeat, cite)"),
    ],
)
def test_bad_links_are_refused_and_change_nothing(ws, three, case: str, message: str) -> None:  # type: ignore[no-untyped-def]
    talks, denial, _ = three
    ws.analysis.link(talks.id, "contradict", denial.id)
    before = _links(ws)
    if case == "self":
        args = (talks.id, "support", talks.id)
    elif case == "deleted":
        ws.delete_claim(denial.id)
        before = _links(ws)
        args = (talks.id, "support", denial.id)
    elif case == "unknown":
        args = (talks.id, "support", "cnothere")
    else:
        args = (talks.id, "refutes", denial.id)
    with pytest.raises((AnalysisError, VocabularyError)) as raised:
        ws.analysis.link(*args)
    assert message in str(raised.value)
    assert _links(ws) == before


def test_a_claim_deleted_meanwhile_is_refused_inside_the_write(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, _ = three
    ws.claims.delete(denial.id)
    assert ws.store.add_link(talks.id, "support", denial.id, "2024-01-01", either_way=False) == (
        "missing_to"
    )
    assert _links(ws) == []


def test_unlink(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, _ = three
    ws.analysis.link(talks.id, "contradict", denial.id)
    with pytest.raises(AnalysisError, match="there is no such link"):
        ws.analysis.unlink(talks.id, "support", denial.id)
    ws.analysis.unlink(denial.id, "contradicts", talks.id)  # either way for contradict
    assert _links(ws) == []


def test_deleting_a_claim_removes_its_links_and_says_how_many(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, wire = three
    ws.analysis.link(talks.id, "contradict", denial.id)
    ws.analysis.link(wire.id, "repeat", talks.id)
    ws.analysis.link(wire.id, "contradict", denial.id)
    assert ws.delete_claim(talks.id) == 2
    assert _links(ws) == [(wire.id, "contradict", denial.id)]
    assert ws.delete_claim(denial.id) == 1
    assert ws.delete_claim(wire.id) == 0


def test_links_survive_re_anchoring_and_orphaning(ws, three, lib_dir: Path) -> None:  # type: ignore[no-untyped-def]
    talks, denial, wire = three
    ws.analysis.link(talks.id, "contradict", denial.id)
    ws.analysis.link(wire.id, "repeat", talks.id)
    # talks moves (a new first paragraph), denial loses its passage entirely
    _rewrite(
        lib_dir / "talks.md",
        briefing(
            "A new lede.\n\n" + TALKS,
            doc_id="talks",
            title="Talks",
            date="2024-03-05",
            source="Reuters",
        ),
    )
    _rewrite(
        lib_dir / "denial.md",
        briefing(
            "Something else entirely was said today.",
            doc_id="denial",
            title="Denial",
            date="2024-03-06",
            source="AP",
        ),
    )
    ws.sync()
    assert ws.claims.get(talks.id).anchor == "moved"
    assert ws.claims.get(denial.id).anchor == "orphaned"
    assert sorted(_links(ws)) == sorted(
        [(talks.id, "contradict", denial.id), (wire.id, "repeat", talks.id)]
    )
    [to_orphan] = [link for link in ws.analysis.links_of(talks.id) if link.claim_id == denial.id]
    assert to_orphan.anchor == "orphaned"  # shown as a link to an orphaned claim
    # and a file gone from the library keeps its links too
    (lib_dir / "wire.md").unlink()
    ws.sync()
    assert (wire.id, "repeat", talks.id) in _links(ws)


def test_query_terms_for_links(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, wire = three
    ws.analysis.link(talks.id, "contradict", denial.id)
    ws.analysis.link(wire.id, "support", talks.id)

    def claims(query: str) -> set[str]:
        return {claim.id for claim, _ in select_claims(ws, query)}

    def briefings(query: str) -> set[str]:
        return {hit.id for hit in ws.search(query, limit=50).hits}

    assert claims("links:contradicts") == {talks.id, denial.id}
    assert claims("links:contradict") == {talks.id, denial.id}
    assert claims("links:supports") == {talks.id, wire.id}
    assert claims("links:repeats") == set()
    assert claims("has:links") == {talks.id, denial.id, wire.id}
    assert claims(f"linked:{talks.id}") == {denial.id, wire.id}
    assert claims(f"linked:{talks.id[:8]}") == {denial.id, wire.id}
    assert claims("NOT links:contradicts") == {wire.id}
    assert claims("links:contradicts OR links:supports") == {talks.id, denial.id, wire.id}
    assert claims("spokesman links:contradicts") == {denial.id}  # words pick the briefing
    assert briefings("links:contradicts") == {"talks", "denial"}
    assert briefings("has:links") == {"talks", "denial", "wire"}
    assert briefings(f"linked:{denial.id}") == {"talks"}
    assert briefings("march -has:links") == set()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "links:refutes",
            "links:refutes is not a relation (use links:supports, "
            "links:contradicts, links:repeats, links:cites)",
        ),
        ("links:", "links: needs a value, for example links:contradicts"),
        (
            "linked:cnothere",
            "linked:cnothere: no claim with id 'cnothere' (`briefing claims` lists them)",
        ),
    ],
)
def test_bad_link_terms_say_why(ws, three, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as raised:
        select_claims(ws, query)
    assert str(raised.value) == message


def test_the_picker_searches_quote_note_and_title(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, wire = three
    ws.update_claim(wire.id, note="upbeat minister")
    picker = ws.analysis.picker(exclude=talks.id)
    assert {item.claim_id for item in picker.search("resume march")} == {denial.id, wire.id}
    assert [item.claim_id for item in picker.search("UPBEAT")] == [wire.id]
    assert [item.claim_id for item in picker.search("denial")] == [denial.id]  # the title
    assert picker.search("") and talks.id not in {item.claim_id for item in picker.search("")}
    assert len(picker.search("", limit=1)) == 1


def test_the_contradictions_view(ws, three) -> None:  # type: ignore[no-untyped-def]
    talks, denial, wire = three
    ws.analysis.link(talks.id, "contradict", denial.id)
    ws.analysis.link(wire.id, "support", talks.id)
    ws.analysis.link(wire.id, "cite", talks.id)
    ws.analysis.rate_source("AP", reliability="C")
    ws.update_claim(denial.id, credibility=3)
    view = ws.analysis.related(talks.id)
    assert view.claim.id == talks.id and view.record is not None
    shown = {(item.link.label, item.claim.id, item.rating) for item in view.others}
    assert shown == {("contradicts", denial.id, "C3"), ("supported by", wire.id, None)}
    [denied] = [item for item in view.others if item.claim.id == denial.id]
    assert denied.record is not None and denied.record.title == "Denial"
    assert denied.reliability == "C"
    cited = ws.analysis.related(talks.id, relations=("cite",))
    assert [item.link.label for item in cited.others] == ["cited by"]
