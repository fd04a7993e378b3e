"""Claim terms of a query, answered by the claims index (:mod:`.claim_index`).

The main query's compiler hands each claim term (``claim:``, ``note:``,
``status:``, ``has:claims``, ``anchor:``, the claim-tag half of ``tag:``) to
the workspace as a key, the way it asks the store for ``is:unread``; the
workspace answers with the briefings whose claims match, compiled here
against the claims index with the same analysers, prefix expansion and
phrase matching the main index used for them.
"""

from __future__ import annotations

import json

from whoosh import query as wq
from whoosh.searching import Searcher

from briefing_tui.core.search.query import Phrase, Word
from briefing_tui.core.tags import normalize_tag

from .claim_index import make_claims_schema

#: How a claim term's key begins (the rest is the term, as JSON).
CLAIM_TERM = "claim-term:"
#: The claims index's fields, for analysing a query's words as they were indexed.
CLAIMS_SCHEMA = make_claims_schema()


def claim_term_key(node: Word | Phrase) -> str:
    """The key the workspace is asked for ``node``'s briefings under."""
    prefix = isinstance(node, Word) and node.prefix
    kind = "phrase" if isinstance(node, Phrase) else "word"
    return CLAIM_TERM + json.dumps([kind, node.field, node.text, prefix])


def analyses_to_nothing(node: Word | Phrase) -> bool:
    """True for ``claim:the`` and the like: stop words only, dropped from an AND."""
    if node.field not in ("claim", "note") or (isinstance(node, Word) and node.prefix):
        return False
    analyzer = CLAIMS_SCHEMA[node.field].analyzer
    return not any(True for _ in analyzer(node.text, mode="query"))


def compile_claim_term(searcher: Searcher, key: str) -> wq.Query | None:
    """The claims index's query for a key of :func:`claim_term_key`."""
    from .compile import QueryCompiler

    kind, field, text, prefix = json.loads(key[len(CLAIM_TERM) :])
    node: Word | Phrase = Phrase(text, field) if kind == "phrase" else Word(text, field, prefix)
    compiler = QueryCompiler(searcher)  # no store: its terms are compiled here
    if field == "tag":
        value = normalize_tag(text)
        return compiler._prefix("claim_tags", value) if prefix else wq.Term("claim_tags", value)
    return compiler.compile(node)
