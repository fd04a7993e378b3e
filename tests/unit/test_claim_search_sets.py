"""Claim terms in search: the same briefings whichever index answers them.

The expected sets were written down from the code that kept a briefing's
claims in its own index document (before claims got their own index, issue
#19), so moving the claim fields out of the main index changes no answer:
alone, ANDed, ORed and NOTed with body words, prefixes, phrases, ``has:``,
``status:``, ``anchor:`` and claim tags.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_tui.core.search import QueryError

from .helpers import briefing

SANCTIONS = "The minister added that sanctions would stay in place for now."
MARKETS = "Markets barely moved on the news."
VOTE = "Officials said the vote was counted twice in the northern region."
TURNOUT = "Turnout rose to a record level across the country."
GONE = "The harbour pilots walked out over pay on Monday morning."

LIBRARY = {
    "sanctions.md": briefing(
        f"# Sanctions stay\n\n{SANCTIONS} Talks resume in March.\n",
        title="Sanctions stay", date="2024-03-05", tags=["europe"],
    ),
    "markets.md": briefing(
        f"# Markets calm\n\n{MARKETS} Traders expected sanctions news.\n",
        title="Markets calm", date="2024-03-06",
    ),
    "vote.md": briefing(
        f"# Vote counted\n\n{VOTE} {TURNOUT}\n", title="Vote counted", date="2023-11-02"
    ),
    "plain.md": briefing(
        "# Minister speaks\n\nThe minister spoke about sanctions and markets.\n",
        title="Minister speaks", date="2024-01-10", tags=["economy"],
    ),
    "strike.md": briefing(f"# Strike\n\n{GONE}\n", title="Strike", date="2022-05-01"),
}  # fmt: skip

#: (file, quote, fields) for each claim made before the searches.
CLAIMS = [
    (
        "sanctions.md",
        SANCTIONS,
        {"note": "Check the Reuters source", "tags": ["economy"], "status": "key"},
    ),
    ("markets.md", MARKETS, {"tags": ["markets"]}),
    (
        "vote.md",
        VOTE,
        {"note": "Disputed by officials", "tags": ["politics"], "status": "disputed"},
    ),
    ("vote.md", TURNOUT, {"status": "verified"}),
    ("strike.md", GONE, {"note": "pay dispute"}),
]

#: Each query and the files it finds (the answers of the code before #19).
EXPECTED = {
    "claim:sanctions": {"sanctions.md"},
    "claim:sanction": {"sanctions.md"},
    "claim:sanc*": {"sanctions.md"},
    "claim:m*": {"sanctions.md", "markets.md", "strike.md"},
    'claim:"sanctions would stay"': {"sanctions.md"},
    'claim:"stay sanctions"': set(),
    "claim:the markets": {"markets.md", "plain.md"},  # claim:the is dropped
    "claim:markets OR claim:vote": {"markets.md", "vote.md"},
    "note:source": {"sanctions.md"},
    "note:sourc*": {"sanctions.md"},
    'note:"reuters source"': {"sanctions.md"},
    "note:dispute": {"vote.md", "strike.md"},
    "has:claims": {"sanctions.md", "markets.md", "vote.md", "strike.md"},
    "has:notes": {"sanctions.md", "vote.md", "strike.md"},
    "NOT has:claims": {"plain.md"},
    "NOT has:notes": {"markets.md", "plain.md"},
    "status:key": {"sanctions.md"},
    "status:disputed OR status:verified": {"vote.md"},
    "status:k*": {"sanctions.md"},
    "NOT status:open": {"sanctions.md", "vote.md", "plain.md"},
    "status:open": {"markets.md", "strike.md"},
    "anchor:orphaned": {"strike.md"},
    "anchor:exact": {"sanctions.md", "markets.md", "vote.md"},
    "tag:economy": {"sanctions.md", "plain.md"},
    "tag:markets": {"markets.md"},
    "tag:pol*": {"vote.md"},
    "tag:e*": {"sanctions.md", "plain.md"},
    "sanctions claim:minister": {"sanctions.md"},
    "sanctions NOT has:claims": {"plain.md"},
    "sanctions AND NOT claim:sanctions": {"markets.md", "plain.md"},
    "minister OR note:officials": {"sanctions.md", "plain.md", "vote.md"},
    "(markets OR vote) has:notes": {"vote.md"},
    "has:claims date:2024": {"sanctions.md", "markets.md"},
    "title:vote claim:turnout": {"vote.md"},
    "claim:pilots": {"strike.md"},
}


@pytest.fixture
def library(make_ws, write):  # type: ignore[no-untyped-def]
    for name, text in LIBRARY.items():
        write(name, text)
    ws = make_ws()
    ws.sync()
    for name, quote, fields in CLAIMS:
        record = ws.store.by_path(name)
        assert record is not None
        ws.annotate(record, quote, **fields)
    # The strike briefing loses its claimed sentence: its claim is orphaned.
    strike = Path(ws.root) / "strike.md"
    strike.write_text(briefing("# Strike\n\nNothing left.\n", title="Strike", date="2022-05-01"))
    later = strike.stat().st_mtime_ns + 2_000_000_000
    os.utime(strike, ns=(later, later))
    ws.sync()
    return ws


def found(ws, query: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {hit.path for hit in ws.search(query, limit=50, snippets=False).hits}


def test_claim_terms_find_what_they_found_with_claims_in_the_main_index(library) -> None:  # type: ignore[no-untyped-def]
    answers = {query: found(library, query) for query in EXPECTED}
    wrong = {query: answers[query] for query in EXPECTED if answers[query] != EXPECTED[query]}
    assert wrong == {}


def test_a_claim_term_of_stop_words_alone_is_nothing_to_search_for(library) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="nothing to search for"):
        found(library, "claim:the")
