"""The claims screen's selection, read once and filtered per keystroke (``ClaimScope``),
lists exactly what ``briefing claims QUERY`` listed before it, in the same order; every
claim is read with the same tags, and the credibility suggestions of a whole list
are the ones each claim's own suggestion gives."""

from __future__ import annotations

import pytest

from briefing_tui.core.analysis.links import suggest_credibility
from briefing_tui.core.exchange.selection import (
    ClaimScope,
    ClaimTest,
    _claim_test,
    group_claims,
    records_for,
    select_claims,
)
from briefing_tui.core.search.query import And, parse

from .helpers import briefing

DOCS = {
    "talks": (
        "The talks would resume in March. Officials in Kyiv were cautious about the timetable. "
        "Sources close to the talks said energy prices were discussed.",
        "Talks",
        "2024-03-05",
        "Reuters",
    ),
    "denial": (
        "The talks will not resume in March, a spokesman said. Markets barely moved. "
        "The ministry denied any talks about energy.",
        "Denial",
        "2024-03-06",
        "AP",
    ),
    "wire": (
        "Talks are to resume in March, officials said. The minister was upbeat. "
        "Energy traders watched the talks closely.",
        "Wire",
        "2024-03-07",
        "reuters",
    ),
    "gone": ("Prices of oil rose. The cartel met in Vienna.", "Gone", "2024-03-04", "Bloomberg"),
}
QUERIES = [
    "",
    "status:key",
    "status:ke*",
    "status:open OR status:disputed",
    "NOT status:open",
    "tag:energy",
    "tag:ener*",
    "anchor:orphaned",
    "note:source",
    "note:sourc*",
    'claim:"resume in March"',
    "claim:talk",
    "talks",
    "march status:key",
    "energy tag:energy",
    "links:contradicts",
    "links:supports",
    "links:repeats",
    "has:links",
    "NOT has:links",
    "reliability:A..B",
    "reliability:C",
    "credibility:<=2",
    "credibility:1",
    "credibility:3 OR links:cites",
    "title:wire",
    "date:2024-03",
    "nothing-matches-this",
]


def _old_select_claims(ws, text: str):  # type: ignore[no-untyped-def]
    """``select_claims`` as it was before the scope: every claim read at each call,
    records read for those the words left, tested, then grouped."""
    node = parse(text)
    claims = ws.claims.all()
    tests: list[ClaimTest] = []
    if node is not None:
        children = node.children if isinstance(node, And) else (node,)
        terms = ws.analysis.terms()
        found = [_claim_test(child, terms) for child in children]
        tests = [test for test in found if test is not None]
        if len(tests) < len(found):
            wanted = set(ws.search(text, limit=1, snippets=False).ids)
            claims = [claim for claim in claims if claim.doc_id in wanted]
    records = records_for(ws, {claim.doc_id for claim in claims})
    chosen = [
        (claim, records.get(claim.doc_id))
        for claim in claims
        if all(test(claim, records.get(claim.doc_id)) for test in tests)
    ]
    return group_claims(chosen)


@pytest.fixture
def ws(make_ws, write, lib_dir):  # type: ignore[no-untyped-def]
    for doc_id, (text, title, date, source) in DOCS.items():
        write(f"{doc_id}.md", briefing(text, doc_id=doc_id, title=title, date=date, source=source))
    workspace = make_ws()
    workspace.sync()
    made = []
    statuses = ["open", "key", "disputed", "verified", "open", "false"]
    for number, (doc_id, (text, *_)) in enumerate(sorted(DOCS.items())):
        for position, sentence in enumerate(text.split(". ")):
            quote = sentence.rstrip(".")
            made.append(
                workspace.annotate(
                    workspace.resolve(doc_id),
                    quote,
                    note=["", "a second source says so", "check the sources"][position % 3],
                    tags=[["energy"], [], ["energy", "to-check"]][(number + position) % 3],
                    status=statuses[(number + position) % len(statuses)],
                )
            )
    for number, claim in enumerate(made):
        if number % 2:
            workspace.update_claim(claim.id, credibility=number % 6 + 1)
    links = [(0, "contradict", 3), (4, "support", 0), (6, "repeat", 1), (2, "cite", 7)]
    links += [(8, "support", 5), (9, "repeat", 0), (3, "support", 10)]
    for first, relation, second in links:
        workspace.analysis.link(made[first].id, relation, made[second].id)
    workspace.analysis.rate_source("Reuters", reliability="B")
    workspace.analysis.rate_source("AP", reliability="C")
    (lib_dir / "gone.md").unlink()  # its claims stay, orphaned, with no file
    workspace.sync()
    return workspace


def _ids(chosen) -> list[str]:  # type: ignore[no-untyped-def]
    return [claim.id for claim, _ in chosen]


def test_the_library_has_what_the_comparison_needs(ws) -> None:  # type: ignore[no-untyped-def]
    claims = ws.claims.all()
    assert len(claims) >= 10
    assert {claim.anchor for claim in claims} >= {"exact", "orphaned"}
    assert ws.store.link_rows() and ws.analysis.reliabilities()
    assert any(claim.tags for claim in claims) and any(claim.credibility for claim in claims)


@pytest.mark.parametrize("query", QUERIES)
def test_a_scope_selects_what_the_old_selection_selected(ws, query: str) -> None:  # type: ignore[no-untyped-def]
    before = _old_select_claims(ws, query)
    scope = ClaimScope.load(ws)
    assert _ids(scope.select(ws, query)) == _ids(before)
    assert _ids(select_claims(ws, query)) == _ids(before)
    # The same records go with the claims (or None for a briefing gone).
    assert [r.id if r else None for _, r in scope.select(ws, query)] == [
        r.id if r else None for _, r in before
    ]


def test_a_scope_of_the_claims_to_review_selects_those_alone(ws) -> None:  # type: ignore[no-untyped-def]
    scope = ClaimScope.load(ws, ws.claims.needing_review())
    review = {claim.id for claim in ws.claims.needing_review()}
    assert review and len(scope) == len(review)
    for query in QUERIES:
        old = [i for i in _ids(_old_select_claims(ws, query)) if i in review]
        assert _ids(scope.select(ws, query)) == old, query


def test_every_claim_is_read_with_its_own_tags(ws) -> None:  # type: ignore[no-untyped-def]
    every = {claim.id: claim for claim in ws.claims.all()}
    one_by_one = {}
    for doc_id in DOCS:
        one_by_one.update({claim.id: claim for claim in ws.claims.for_document(doc_id)})
    assert every == one_by_one


def test_a_list_s_suggestions_are_each_claim_s_own(ws) -> None:  # type: ignore[no-untyped-def]
    claims = ws.claims.all()
    each = {
        claim.id: found
        for claim in claims
        if (found := suggest_credibility(ws.store, claim)) is not None
    }
    assert each, "the library has a claim backed by another source"
    assert ws.analysis.suggestions(claims) == each
    assert ws.analysis.suggestions(claims[:3]) == {
        claim.id: each[claim.id] for claim in claims[:3] if claim.id in each
    }
    assert ws.analysis.suggestions([]) == {}
