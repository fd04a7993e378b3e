"""Which of a search's words the reader highlights and jumps to: the body's.

The core's search results carry the terms of every text field the query
matched on (body, title, exact) without saying which field each came from,
so a ``title:oil`` search would jump the reader to the first ``oil`` of the
body. The query is parsed again here and a term is dropped when only
words of another field (``title:``, ``source:``, …) can have made it.
"""

from __future__ import annotations

from ..core.query import And, Node, Or, Phrase, QueryError, Word, parse
from ..core.search import match_spans


def body_terms(terms: frozenset[str], query: str) -> frozenset[str]:
    """``terms`` less those that only a fielded word of ``query`` asked for."""
    if not terms or not query.strip():
        return terms
    try:
        node = parse(query, as_you_type=True)
    except (QueryError, ValueError):
        return terms
    body: list[str] = []
    other: list[str] = []
    for item in _words(node):
        (body if item.field is None else other).append(item.text.lower())
    return frozenset(
        term
        for term in terms
        if any(_made(term, w) for w in body) or not any(_made(term, w) for w in other)
    )


def _words(node: Node | None) -> list[Word | Phrase]:
    if isinstance(node, Word | Phrase):
        return [node]
    if isinstance(node, And | Or):
        return [word for child in node.children for word in _words(child)]
    return []  # dates; negated words find nothing to show


def _made(term: str, words: str) -> bool:
    """Whether ``term`` can come from ``words`` (exactly, by stem, or as a completion)."""
    return any(
        term.startswith(word.rstrip("*")) or match_spans(word, {term}) for word in words.split()
    )
