"""Scores by weight and field length byte, and the length bytes they are looked up by.

Whoosh's BM25F score of a word in a document depends only on the word's
weight there and the field's length, which Whoosh keeps as one byte: so a
table of (weight, length byte) filled by the scorer's own ``_score`` gives
each posting the score Whoosh computes for it, at the cost of a dictionary
look-up instead of a scorer call and a column read per posting.
"""

from __future__ import annotations

from contextlib import suppress

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import IndexReader
from whoosh.scoring import WeightLengthScorer
from whoosh.util.numeric import byte_to_length

#: How a scorer scores a posting: its ``_score`` of the weight and field length.
PLAIN_SCORE = WeightLengthScorer.score


def scores_by_length(scorer: object) -> bool:
    """True when ``scorer`` scores a posting by weight and field length only,
    as Whoosh's own BM25F does (what :class:`ScoreTable` relies on)."""
    return isinstance(scorer, WeightLengthScorer) and type(scorer).score is PLAIN_SCORE


class ScoreTable(dict[tuple[float, int], float]):
    """Scores by (weight, length byte), each computed once by the scorer's own
    ``_score`` with the length Whoosh's reader gives for that byte."""

    def __init__(self, scorer: WeightLengthScorer) -> None:
        super().__init__()
        self._score = scorer._score

    def __missing__(self, key: tuple[float, int]) -> float:
        weight, length_byte = key
        # The reader gives no length for a zero byte (Whoosh would fail too).
        length = byte_to_length(length_byte) if length_byte else None
        score: float = self._score(weight, length)
        self[key] = score
        return score


def length_bytes(reader: IndexReader, fieldname: str) -> bytes | None:
    """One segment's length bytes of a field, by document (0 where none),
    read once per reader."""
    cache: dict[str, bytes] | None = getattr(reader, "_briefing_lengths", None)
    if cache is None:
        cache = {}
        with suppress(AttributeError):
            reader._briefing_lengths = cache
    if fieldname in cache:
        return cache[fieldname]
    try:
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None or column._fixedlen != 1:
            return None
        found = column._dbfile.get(column._basepos, column._count)
    except AttributeError:  # not a segment of Whoosh's W3 codec
        return None
    doccount = reader.doc_count_all()
    found = bytes(found[:doccount]) + bytes(max(0, doccount - len(found)))
    cache[fieldname] = found
    return found
