"""Phrases matched from posting sets, with positions read only where every word is.

Whoosh matches a phrase by walking the intersection of its words' postings
one document at a time in Python and building span objects from each
candidate's positions: ``"prime minister"`` took 200 ms of CPU at 100,000
briefings, most of it in that walk. Here the candidates are the intersection
of the words' posting sets; only the blocks holding a candidate are decoded,
only the candidates' positions are read, and a candidate matches when the
words stand at consecutive positions, which is what Whoosh's ``SpanNear2``
(slop 1, in order, at least one apart) asks. Each match's score is the one
Whoosh gives it: the sum, in Whoosh's order, of each word's score in that
document from the same scorer. Any phrase this does not cover (another
slop, a boost, another posting format) is left to Whoosh.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from itertools import accumulate, chain, compress
from pickle import loads
from typing import Any

from whoosh import formats, matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import IndexReader, MultiReader, TermNotFound
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE

from .postings import POSTING_SETS, block_ids, docnum_set
from .scoring import ScoreTable, length_bytes, scores_by_length

#: One word's postings in the candidates: document → (weight, raw positions).
_Postings = dict[int, tuple[float, bytes]]


class CandidatePhrase(wq.Phrase):  # type: ignore[misc]  # Whoosh is untyped
    """A phrase whose matches and scores come from :func:`phrase_matches`."""

    def matcher(self, searcher: Searcher, context: Any = None) -> matching.Matcher:
        from whoosh.searching import SearchContext

        context = context or SearchContext()
        found = None
        if not context.needs_current and searcher.is_atomic():
            found = _scored(searcher, self, context.weighting or searcher.weighting)
        if found is None:
            return super().matcher(searcher, context)
        if not found:
            return matching.NullMatcher()
        docnums = sorted(found)
        return _ScoredList(array("I", docnums), weights=[found[d] for d in docnums])


class _ScoredList(matching.ListMatcher):  # type: ignore[misc]  # Whoosh is untyped
    """A list of documents with their scores, its best score found once: Whoosh's
    list matcher looks for it in the whole list each time the ranking asks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # as Whoosh's ``copy`` calls it too
        self._best = max(self._weights) if self._weights else 0.0

    def block_max_weight(self) -> float:
        return self._best


def covered(phrase: wq.Phrase) -> bool:
    """True when :func:`phrase_matches` can answer ``phrase`` (else Whoosh does)."""
    return phrase.slop == 1 and phrase.boost == 1.0 and len(phrase.words) > 1


def phrase_docnums(searcher: Searcher, reader: IndexReader, phrase: wq.Phrase) -> set[int] | None:
    """The live documents of ``reader`` holding ``phrase``; ``None`` when it is
    not covered (see :func:`covered`) or the index is not laid out as expected."""
    if not covered(phrase):
        return None
    if isinstance(reader, MultiReader):
        found: set[int] = set()
        for leaf, offset in zip(reader.readers, reader.doc_offsets, strict=True):
            part = phrase_docnums(searcher, leaf, phrase)
            if part is None:
                return None
            found.update(map(offset.__add__, part) if offset else part)
        return found
    matches = phrase_matches(searcher, reader, phrase)
    return None if matches is None else set(matches)


def phrase_matches(
    searcher: Searcher, reader: IndexReader, phrase: wq.Phrase
) -> dict[int, tuple[float, ...]] | None:
    """For one segment's reader: each live document holding the phrase, with
    each word's weight there (in the phrase's order); read once per search."""
    cache = POSTING_SETS.get()
    key = (id(reader), f"phrase:{phrase.fieldname}", "\0".join(phrase.words))
    cached: dict[int, tuple[float, ...]] | None = cache.lookup(key) if cache is not None else None
    if cached is not None:
        return cached
    try:
        field = reader.schema[phrase.fieldname]
    except KeyError:
        return None
    if not isinstance(field.format, formats.Positions):
        return None
    try:
        words = [field.to_bytes(word) for word in phrase.words]
    except ValueError:
        return None
    field_name = phrase.fieldname
    holding = {word: docnum_set(searcher, reader, wq.Term(field_name, word)) for word in words}
    sets = sorted(holding.values(), key=len)
    candidates = sets[0].intersection(*sets[1:])
    postings: dict[bytes, _Postings] = {}
    for word in holding:
        dense = len(candidates) * DENSE_SHARE >= len(holding[word])
        read = _candidate_postings(reader, phrase.fieldname, word, candidates, dense=dense)
        if read is None:
            return None
        postings[word] = read
    found: dict[int, tuple[float, ...]] = {}
    first = postings[words[0]]
    if len(words) == 2:  # the common case, without the general loop's steps
        # Whether a position of the second word follows one of the first, asked
        # of sets in C (a Python step per position was a sixth of a phrase).
        second = postings[words[1]]
        for docnum in candidates:
            one, two = first[docnum], second[docnum]
            if not set(_positions(two[1])).isdisjoint(map(_NEXT, _positions(one[1]))):
                found[docnum] = (one[0], two[0])
    else:
        rest = [postings[word] for word in words[1:]]
        for docnum in candidates:
            following = [set(_positions(each[docnum][1])) for each in rest]
            starts = _positions(first[docnum][1])
            if any(
                all(start + step in at for step, at in enumerate(following, 1)) for start in starts
            ):
                found[docnum] = tuple(postings[word][docnum][0] for word in words)
    if cache is not None:
        cache[key] = found
    return found


#: The position after another.
_NEXT = (1).__add__

#: A word whose documents are at least one in this many candidates (every block of
#: 128 postings then holds one, but for a chance under 0.3%) has every block read
#: whole at once: looking at a block's ids first would decompress its start twice.
DENSE_SHARE = 20


def _candidate_postings(
    reader: IndexReader, fieldname: str, word: bytes, candidates: set[int], *, dense: bool = False
) -> _Postings | None:
    """The weight and raw positions of ``word`` in each candidate, decoding only
    the blocks that hold one (``dense``: every block, without looking at its ids
    first; see :data:`DENSE_SHARE`)."""
    found: _Postings = {}
    if not candidates:
        return found
    try:
        matcher = reader.postings(fieldname, word)
    except (KeyError, TermNotFound):
        return found
    if isinstance(matcher, matching.FilterMatcher):
        matcher = matcher.child  # the candidates are live documents already
    if not isinstance(matcher, W3LeafMatcher):
        return None
    try:
        matcher.reset()
        while not matcher._atend:
            ids = block_ids(matcher) if not (dense or matcher._byteids) else None
            if ids is None or not candidates.isdisjoint(ids):
                if ids is None and dense and not matcher._byteids:
                    matcher._read_data()  # the ids as Whoosh's delta_decode, in C
                    matcher._ids = tuple(accumulate(matcher._data[0]))
                elif ids is None:
                    matcher._read_ids()
                else:
                    matcher._read_data()
                    matcher._ids = ids
                matcher._read_weights()
                matcher._read_values()
                # The candidates' postings of the block, picked out in C.
                chosen = list(map(candidates.__contains__, matcher._ids))
                found.update(
                    zip(
                        compress(matcher._ids, chosen),
                        zip(
                            compress(matcher._weights, chosen),
                            compress(matcher._values, chosen),
                            strict=True,
                        ),
                        strict=True,
                    )
                )
            matcher._next_block()
    except AttributeError:  # another Whoosh's internals
        return None
    return found


#: A posting's value when every gap between its positions is under 256 but
#: perhaps the first (the first position itself): the count, then the pickled
#: list of gaps, one (APPEND) or several (MARK, ..., APPENDS), each gap ``K`` and
#: a byte, the first perhaps ``M`` and two (little-endian), its final stop
#: perhaps left off.
_SMALL_GAPS = re.compile(
    rb"\x80\x02\]q\x00(?:(?:K(.)|M(..))a|\((?:K(.)|M(..))((?:K.)*)e)\.?", re.DOTALL
)


def _positions(value: bytes) -> Iterable[int]:
    """A posting's positions, decoded as ``formats.Positions.decode_positions`` does
    (its pickle's final stop may have been left off). Gaps under 256 after the
    first position, the common case, are read from the bytes: unpickling each
    candidate's positions was most of a phrase's time at 100,000 briefings
    (17,000 calls, ~45 ms)."""
    small = _SMALL_GAPS.fullmatch(value, _INT_SIZE)
    if small is not None:
        one, one_wide, first, first_wide, rest = small.groups()
        if rest is None:
            return (one[0] if one is not None else int.from_bytes(one_wide, "little"),)
        start = first[0] if first is not None else int.from_bytes(first_wide, "little")
        return accumulate(chain((start,), rest[1::2]))
    return accumulate(loads(value[_INT_SIZE:] if value[-1:] == b"." else value[_INT_SIZE:] + b"."))


def _scored(searcher: Searcher, phrase: CandidatePhrase, weighting: Any) -> dict[int, float] | None:
    """Each match's score in this segment, as Whoosh's phrase matcher gives it:
    its words' scores added up the way Whoosh's intersection tree adds them."""
    if not covered(phrase):
        return None
    reader = searcher.reader()
    matches = phrase_matches(searcher, reader, phrase)
    if matches is None:
        return None
    if not matches:
        return {}
    field = searcher.schema[phrase.fieldname]
    scorers = []
    for word in phrase.words:
        scorer = weighting.scorer(searcher, phrase.fieldname, field.to_bytes(word), qf=1)
        if not scores_by_length(scorer):
            return None
        scorers.append(scorer)
    scores: dict[int, float] = {}
    lengths = length_bytes(reader, phrase.fieldname)
    if lengths is None:
        for docnum, weights in matches.items():
            each = [
                scorer._score(weight, scorer.dfl(docnum))
                for scorer, weight in zip(scorers, weights, strict=True)
            ]
            scores[docnum] = _tree_sum(each)
        return scores
    # Each word's score looked up by (weight, length byte): the scorer's own
    # values, without a scorer call and a length read per word and document.
    tables = [ScoreTable(scorer).__getitem__ for scorer in scorers]
    if len(tables) == 2:
        first, second = tables
        for docnum, (weight, other) in matches.items():
            length = lengths[docnum]
            scores[docnum] = first((weight, length)) + second((other, length))
        return scores
    for docnum, weights in matches.items():
        length = lengths[docnum]
        each = [table((weight, length)) for table, weight in zip(tables, weights, strict=True)]
        scores[docnum] = _tree_sum(each)
    return scores


def _tree_sum(values: list[float]) -> float:
    """``values`` added as Whoosh's ``make_binary_tree`` of intersections adds
    its children's scores (floating-point sums depend on the order)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])
