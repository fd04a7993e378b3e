"""As you type, the briefings holding the last word as typed come before those
holding only its completions.

The word being typed matches itself and its most frequent completions
(``spec`` also finds "special" and "specify"), all scored alike. A short
briefing using two completions then outscored a long one whose title is the
word itself, and enter opened the wrong one: the user had typed a whole word.
Its own matches are moved ahead, each group still in its order by score.
"""

from __future__ import annotations

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from .compile import compile_query
from .postings import docnum_set
from .query import QueryError


def _typed_word(text: str) -> str | None:
    """The last word of ``text`` while it is being typed, if a plain one (not in an
    open quote, not a field's, not excluded); else ``None``."""
    if not text or text[-1:].isspace() or text.count('"') % 2:
        return None
    word = text.rsplit(None, 1)[-1]
    return word if word.isalnum() else None


def whole_word_first(
    searcher: Searcher, reader: IndexReader, text: str, scores: dict[int, float]
) -> None:
    """Order the documents in ``scores`` that hold the typed word itself before
    every other, each group's scores still in their order (in place)."""
    word = _typed_word(text)
    if word is None or len(scores) < 2:
        return
    try:
        query = compile_query(searcher, word)
    except QueryError:
        return
    if query is None:
        return
    holding = docnum_set(searcher, reader, query)
    if not holding:
        return
    # The smaller group moves (a common word is in most of the matches): the
    # others lowered below zero, or the word's own raised above the highest.
    others = scores.keys() - holding
    if not others:
        return
    lift = max(scores.values())
    if len(others) * 2 < len(scores):
        moved, lift = others, -lift
    else:
        moved = scores.keys() & holding
    get = scores.__getitem__
    scores.update(zip(moved, map(lift.__add__, map(get, moved)), strict=True))
