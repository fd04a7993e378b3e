"""What a search marks in a text: the words and phrases of its query, by field.

The snippets' words (title and body), and the body's highlights the reader and the
preview mark (phrases kept whole; as you type, also the query read as finished,
preferred where the text has it). Apart from :mod:`.run`, which runs the search.
"""

from __future__ import annotations

from contextlib import suppress

from whoosh import query as wq
from whoosh.searching import Searcher

from .compile import compile_query
from .filters import StateIds
from .query import QueryError
from .snippets import WHOLE_WORD


def query_terms(
    query: wq.Query, fields: tuple[str, ...] = ("body", "title", "exact")
) -> frozenset[str]:
    """The terms of ``fields`` a query matches on (by default the body, title and
    exact ones: what snippets highlight)."""
    found: set[str] = set()
    try:
        for fieldname, text in query.iter_all_terms():
            if fieldname in fields:
                found.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    except Exception:  # NullQuery and friends have no terms
        return frozenset()
    return frozenset(found)


def marked_highlights(
    searcher: Searcher, text: str, query: wq.Query, as_you_type: bool, states: StateIds | None
) -> frozenset[str]:
    """The body's highlights; as you type, also those of the text read as finished
    (marked :data:`.snippets.WHOLE_WORD`), which the reader prefers where found."""
    found = body_highlights(query)
    if as_you_type:
        with suppress(QueryError):
            final = compile_query(searcher, text, states=states)
            if final is not None:
                found |= {WHOLE_WORD + term for term in body_highlights(final)}
    return found


def body_highlights(query: wq.Query) -> frozenset[str]:
    """What the reader and the preview mark of the body: its words (``body`` and
    ``exact``), and each phrase as its words joined by spaces (marked only where
    they stand in a row, see :func:`.snippets.match_spans`), not word by word."""
    found: set[str] = set()

    def walk(part: wq.Query) -> None:
        if isinstance(part, wq.Phrase):
            if part.fieldname == "body" and len(part.words) > 1:
                found.add(" ".join(part.words))
            elif part.fieldname == "body":
                found.update(part.words)
            return
        children = list(part.children()) if not part.is_leaf() else []
        if children:
            for child in children:
                walk(child)
            return
        found.update(query_terms(part, ("body", "exact")))

    walk(query)
    return frozenset(found)
