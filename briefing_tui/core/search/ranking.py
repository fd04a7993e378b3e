"""Ranking by score from whole posting blocks, exactly as Whoosh ranks.

Whoosh ranks a query by walking its matcher tree a posting at a time in
Python and calling the scorer for each: ``government`` at 100,000
briefings spent 38 of its ~54 ms of CPU there. Yet a BM25F score of a word
in a document depends only on the word's weight there and the field's
length byte (Whoosh keeps a field's length as one byte), so here each
block's ids and weights are read without unpickling its positions, each
posting's score is looked up in a table of (weight, length byte) that
Whoosh's own scorer fills, and the tree of unions and intersections Whoosh
builds for the query (its own matchers, built by Whoosh) is followed to add
the scores up as Whoosh adds them. Every match comes out with the very
score Whoosh's ranking gives it; the best are picked by score, the lower
document number first among equals, as Whoosh's collector picks them.

A search that lists only its best hits (the CLI's) of one word does not
score every match: the word's document frequency counts them, and a block
whose best possible score cannot beat the worst of the best so far is
skipped unread, as Whoosh's own collector skips it.

A part this does not know (a boost, another scorer, Whoosh's preloaded OR of
a small segment, a block laid out otherwise) leaves the query to Whoosh.
"""

from __future__ import annotations

import heapq
import re
import struct
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import lru_cache
from itertools import compress
from operator import add, itemgetter, neg
from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.mcore import NullMatcherClass
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from .filters import IdFilter
from .phrases import CandidatePhrase
from .postings import _BLOCK_IDS, POSTING_SETS, gap_ids, scores_key
from .scoring import ScoreTable, length_bytes, scores_by_length

#: A query whose scored words hold more postings than this (their document
#: frequencies added up) is left to Whoosh's ranking, which stops at the
#: query's time limit: here every posting is scored, however many.
MAX_SCORED_POSTINGS = 300_000

#: Each match's score, by the searcher's document number.
Scores = dict[int, float]

#: A block's weights, after its ids' tuple and that tuple's memo mark: ``None``
#: (all 1.0), a tuple of floats (BINFLOAT: ``G`` and 8 bytes each) with a MARK
#: or, for one to three, TUPLE1-3, or one float for all (not followed by
#: another float or a TUPLE1-3: then it was a short tuple's first).
_WEIGHTS = re.compile(
    rb"(?:q.|r....)?(?:(N)|\(((?:G.{8})*)t|((?:G.{8}){1,3})[\x85\x86\x87]|G(.{8})(?![G\x85-\x87]))",
    re.DOTALL,
)


@lru_cache(maxsize=64)
def _floats(count: int) -> Callable[[bytes], tuple[float, ...]]:
    """Unpacks ``count`` pickled floats, skipping each one's ``G`` opcode."""
    return struct.Struct(">" + "xd" * count).unpack


def scored_matches(searcher: Searcher, query: wq.Query) -> Scores | None:
    """Every live document matching ``query`` with the score Whoosh's ranking
    gives it, by the searcher's document number; ``None`` when some part of
    the query is left to Whoosh (see the module's description)."""
    reader = searcher.reader()
    if _scored_postings(reader, query) > MAX_SCORED_POSTINGS:
        return None
    if _preloaded_or(query, SMALL_SEGMENT + 1):
        return None  # known before any posting is read twice
    context = searcher.context()
    if context.weighting is None or getattr(context.weighting, "use_final", False):
        return None
    found: Scores = {}
    try:
        for sub, offset in searcher.leaf_searchers():
            matcher = query.matcher(sub, context)
            size = sub.doc_count_all()
            if size <= SMALL_SEGMENT and _preloaded_or(query, size):
                # Whoosh adds this segment's scores its own way (an array): walked
                # with Whoosh's matcher. A segment this small is what an edit or
                # a new briefing makes; the big ones are still read by blocks.
                part: Scores | None = _walked(matcher, offset)
            else:
                part = _scores(matcher, sub.reader(), offset)
            if part is None:
                return None
            found.update(part)
    except (AttributeError, TypeError, ValueError, struct.error, zlib.error):
        return None  # another Whoosh's internals, or bytes not laid out as expected
    return found


#: Orders documents of equal score (newest first, then by title, in a search):
#: the first ``count`` of them in that order.
TieOrder = Callable[[list[int], int], list[int]]


def best_scored(scores: Scores, wanted: int, ties: TieOrder | None = None) -> list[int]:
    """The ``wanted`` best documents of ``scores``: the higher score first, and
    among equals the order ``ties`` gives, else the lower document number (as
    Whoosh's top collector has it).

    Only those scoring exactly the wanted-th best score compete for the last
    places, and only as many as are left are taken from the tie order: a tag
    every match scores alike (``tag:x``, 1,900 matches at 10,000) put all of
    them in order to keep 20 (a third of the search)."""
    if wanted <= 0 or not scores:
        return []
    if len(scores) <= wanted:
        best = sorted(scores) if ties is None else ties(list(scores), len(scores))
        best.sort(key=scores.__getitem__, reverse=True)  # stable: equals keep the tie order
        return best
    # The wanted-th best score; those above it are all kept, those equal to it
    # compete for the places left in the tie order (both picked in C).
    least = heapq.nlargest(wanted, scores.values())[-1]
    above = list(compress(scores, map(least.__lt__, scores.values())))
    equal = list(compress(scores, map(least.__eq__, scores.values())))
    left = wanted - len(above)
    if ties is None:
        above.sort()
        equal = sorted(equal)[:left]
    else:
        above = ties(above, len(above))
        equal = ties(equal, left)
    above.sort(key=scores.__getitem__, reverse=True)
    return above + equal


def best_of_one_word(
    searcher: Searcher, query: wq.Query, wanted: int, ties: TieOrder | None = None
) -> tuple[list[int], Scores, int] | None:
    """The ``wanted`` best documents of a one-word query, their scores, and how
    many documents match; ``None`` when the word is not read this way.

    For a search that lists only its best hits (the CLI's): the count is the
    word's document frequency, and a block whose best possible score
    (Whoosh's own block quality: the scorer's score of its highest weight and
    shortest length) cannot beat the worst of the best so far is skipped
    unread, as Whoosh's collector skips it. The best are the ones the other
    ways pick: equal scores are ordered by ``ties`` (newest first, then by
    title), so a block that could tie with the worst kept (briefings scoring
    alike: ``tag:x``) is read, and its ties compete in that order.

    A segment with deletions (every edit of a briefing deletes its old
    document) counts them in its frequency: the blocks whose span of ids may
    hold a deleted document are read, to take those out of the count and of
    the best. They are few; leaving such a segment to the other ways scored
    every match (``tag:europe`` at 100,000: 1.4 ms, then 8.7 ms after one edit).
    """
    if wanted <= 0:
        return None
    query = _one_word(searcher.reader(), query)
    if query is None:
        return None
    context = searcher.context()
    if context.weighting is None or getattr(context.weighting, "use_final", False):
        return None
    best: list[tuple[float, int]] = []  # (score, -docnum): the worst kept first
    tied: list[tuple[float, int]] = []  # passed over or let go: some may tie with the worst
    total = 0
    try:
        for sub, offset in searcher.leaf_searchers():
            leaf = sub.reader()
            matcher = query.matcher(sub, context)
            if isinstance(matcher, NullMatcherClass):
                continue
            deleted: frozenset[int] = leaf.deleted_docs_set if leaf.has_deletions() else frozenset()
            if deleted and isinstance(matcher, FilterMatcher):
                matcher = matcher.child  # Whoosh's filter of the deleted: done here per block
            scoring = _scoring(matcher, leaf) if type(matcher) is W3LeafMatcher else None
            if scoring is None:
                return None
            lengths, lookup = scoring
            total += leaf.doc_frequency(*matcher._term)
            dead = sorted(deleted)
            after = -1  # a block's ids all follow the last block's highest
            matcher.reset()
            while not matcher._atend:
                highest = matcher.block_max_id()
                may_hold_dead = bisect_right(dead, highest) > bisect_right(dead, after)
                after = highest
                quality = matcher.block_quality()
                # With a tie order, a block whose best could only tie with the worst
                # kept is read too (its ties may come first in that order); only a
                # block that cannot reach it is skipped. (Falling back to scoring
                # every match instead cost `briefing search government` 0.12 s at
                # 100,000 briefings.)
                worst = best[0][0] if len(best) >= wanted else None
                beaten = worst is not None and (
                    quality < worst if ties is not None else quality <= worst
                )
                if beaten and not may_hold_dead:
                    matcher._next_block()
                    continue
                block = _read_block(matcher)
                if may_hold_dead:
                    block, gone = _without(block, deleted)
                    total -= gone
                if block[0] and not beaten:
                    _keep_best(best, wanted, block, lengths, lookup, offset, tied)
                matcher._next_block()
    except (AttributeError, TypeError, ValueError, struct.error, zlib.error):
        return None
    least = best[0][0] if len(best) >= wanted else 0.0
    scores = {-negated: score for score, negated in best}
    scores.update((-negated, score) for score, negated in tied if score >= least)
    ranked = best_scored(scores, wanted, ties)
    return ranked, {docnum: scores[docnum] for docnum in ranked}, total


def _one_word(reader: IndexReader, query: wq.Query) -> wq.Term | None:
    """The one word of ``query``: a word, or an OR of words in which only one
    is in the index and no claim (``tag:x`` is the briefings' tag or the
    claims', and claims seldom have it); an OR scores a document matched by one of its
    words alone as that word scores it."""
    if isinstance(query, wq.Term):
        return query
    if not isinstance(query, wq.Or) or query.boost != 1.0 or query.scale:
        return None
    found: list[wq.Term] = []
    for part in query.subqueries:
        if isinstance(part, IdFilter) and not part.ids and not part.complement:
            continue  # the claims' term matching no claim
        if not isinstance(part, wq.Term):
            return None
        if reader.doc_frequency(part.fieldname, part.text):
            found.append(part)
    return found[0] if len(found) == 1 else None


def _without(
    block: tuple[Sequence[int], Sequence[float]], deleted: frozenset[int]
) -> tuple[tuple[Sequence[int], Sequence[float]], int]:
    """A block's postings but those of deleted documents, and how many those were."""
    ids, weights = block
    live = [docnum not in deleted for docnum in ids]
    gone = len(live) - sum(live)
    if not gone:
        return block, 0
    return (list(compress(ids, live)), list(compress(weights, live))), gone


def _keep_best(
    best: list[tuple[float, int]],
    wanted: int,
    block: tuple[Sequence[int], Sequence[float]],
    lengths: bytes,
    lookup: Callable[[tuple[float, int]], float],
    offset: int,
    tied: list[tuple[float, int]],
) -> None:
    """Adds one block's postings to the heap ``best`` of the ``wanted`` best;
    the scores are looked up and compared with the worst kept in C. Those
    scoring as much as the worst kept but not kept, and those let go, go to
    ``tied``: the tie order decides among equals once every block is read."""
    ids, weights = block
    sizes = (lengths[ids[0]],) if len(ids) == 1 else itemgetter(*ids)(lengths)
    if len(set(weights)) == 1:
        # One weight for the block (a tag, a title's word once): a score per
        # length byte, looked up by the byte alone.
        weight = weights[0]
        by_size = {size: lookup((weight, size)) for size in set(sizes)}
        scores = list(map(by_size.__getitem__, sizes))
    else:
        scores = list(map(lookup, zip(weights, sizes, strict=True)))
    negated = list(map(neg, map(offset.__add__, ids) if offset else ids))
    pairs: Any = zip(scores, negated, strict=True)
    if len(best) >= wanted:
        # Those equal to the worst kept go straight to ``tied`` (every posting of
        # a tag scores alike: a Python step each was most of ``tag:x``); only
        # those above it meet the heap.
        worst = best[0][0]
        if worst in scores:
            tied.extend(compress(zip(scores, negated, strict=True), map(worst.__eq__, scores)))
        pairs = compress(pairs, map(worst.__lt__, scores))
    for pair in pairs:
        if len(best) < wanted:
            heapq.heappush(best, pair)
        elif pair > best[0]:
            tied.append(heapq.heapreplace(best, pair))
        else:
            tied.append(pair)


def _scored_postings(reader: IndexReader, query: wq.Query) -> int:
    """How many postings ranking ``query`` would score one by one: its words'
    document frequencies (phrases and constant-score sets are read as sets)."""
    if isinstance(query, wq.Term):
        with suppress(Exception):
            return int(reader.doc_frequency(query.fieldname, query.text))
        return 0
    if isinstance(query, CandidatePhrase | wq.ConstantScoreQuery):
        return 0
    if isinstance(query, wq.Or | wq.And):
        return sum(_scored_postings(reader, child) for child in query.subqueries)
    return 0


#: Whoosh matches an OR of three words or more with an array of preloaded
#: scores in a segment of this many documents or fewer (``Or.matcher``).
SMALL_SEGMENT = 5000


def _walked(matcher: matching.Matcher, offset: int) -> Scores:
    """Each document of one (small) segment's matcher with the score Whoosh's
    collector would take from it, numbered from ``offset``."""
    found: Scores = {}
    while matcher.is_active():
        found[offset + matcher.id()] = matcher.score()
        matcher.next()
    return found


def _preloaded_or(query: wq.Query, smallest: int) -> bool:
    """True when Whoosh would match some OR of ``query`` with its array of
    preloaded scores (three words or more in a segment of 5,000 documents or
    fewer, or 1,024 words), which adds scores in its own order: left to Whoosh."""
    if not isinstance(query, wq.Or | wq.And):
        return False
    if isinstance(query, wq.Or) and len(query.subqueries) > 2:
        kind = query.matcher_type
        if kind not in (wq.Or.AUTO_MATCHER, wq.Or.DEFAULT_MATCHER):
            return True
        if len(query.subqueries) >= query.TOO_MANY_CLAUSES:
            return True
        if kind == wq.Or.AUTO_MATCHER and smallest <= SMALL_SEGMENT and not query.scale:
            return True
    return any(_preloaded_or(child, smallest) for child in query.subqueries)


def _scores(matcher: matching.Matcher, reader: IndexReader, offset: int) -> Scores | None:
    """What each document of one segment's matcher scores (numbered from ``offset``)."""
    kind = type(matcher)
    if kind is matching.UnionMatcher or kind is matching.IntersectionMatcher:
        first = _scores(matcher.a, reader, offset)
        second = _scores(matcher.b, reader, offset) if first is not None else None
        if first is None or second is None:
            return None
        small, large = (first, second) if len(first) <= len(second) else (second, first)
        # a.score() + b.score() where both match: two floats add up the same
        # either way round. Done with C-level maps, not a loop per document.
        common = small.keys() & large.keys()
        sums = map(add, map(small.__getitem__, common), map(large.__getitem__, common))
        if kind is matching.IntersectionMatcher:
            return dict(zip(common, sums, strict=True))
        only_small = small.keys() - common
        merged = dict(large)  # (a word's scores may be kept for the next search)
        merged.update(zip(common, sums, strict=True))
        merged.update(zip(only_small, map(small.__getitem__, only_small), strict=True))
        return merged
    if isinstance(matcher, NullMatcherClass):
        return {}
    deleted: Any = ()
    if kind is FilterMatcher:
        if not matcher._exclude or matcher.boost != 1.0:
            return None
        deleted, matcher = matcher._ids, matcher.child
    cache, key = POSTING_SETS.get(), None
    if type(matcher) is W3LeafMatcher:
        if cache is not None and isinstance(matcher._term, tuple):
            # A word's scores in a segment, kept for this search and the next.
            key = scores_key(reader, *matcher._term)
            kept: Scores | None = cache.lookup(key)
            if kept is not None:
                return kept
        found = _block_scores(matcher, reader, offset)
    elif isinstance(matcher, matching.ListMatcher):
        found = _list_scores(matcher, offset)
    else:
        return None
    if found and deleted:
        for docnum in deleted:
            found.pop(docnum + offset, None)
    if cache is not None and key is not None and found is not None:
        cache[key] = found
    return found


def _scoring(
    matcher: W3LeafMatcher, reader: IndexReader
) -> tuple[bytes, Callable[[tuple[float, int]], float]] | None:
    """A term's field length bytes and a score lookup by (weight, length byte),
    or ``None`` when its postings are not scored that way (another scorer,
    byte ids, a term not laid out as a field and its text)."""
    term = matcher._term
    if not scores_by_length(matcher.scorer) or matcher._byteids or not isinstance(term, tuple):
        return None
    lengths = length_bytes(reader, term[0])
    if lengths is None:
        return None
    return lengths, ScoreTable(matcher.scorer).__getitem__


def _read_block(matcher: W3LeafMatcher) -> tuple[Sequence[int], Sequence[float]]:
    """The current block's ids and weights, read from the start of its data,
    else the way Whoosh reads them."""
    block = _ids_and_weights(matcher)
    if block is None:
        matcher._read_ids()
        matcher._read_weights()
        block = matcher._ids, matcher._weights
    return block


def _block_scores(matcher: W3LeafMatcher, reader: IndexReader, offset: int) -> Scores | None:
    """A term's postings scored a block at a time from their ids, weights and
    the field's length bytes."""
    scoring = _scoring(matcher, reader)
    if scoring is None:
        return None
    lengths, lookup = scoring
    found: Scores = {}
    matcher.reset()  # an intersection may have moved it on when it was built
    while not matcher._atend:
        ids, weights = _read_block(matcher)
        shifted = map(offset.__add__, ids) if offset else ids
        if len(ids) == 1:
            found[next(iter(shifted))] = lookup((weights[0], lengths[ids[0]]))
        else:
            keys = zip(weights, itemgetter(*ids)(lengths), strict=True)
            found.update(zip(shifted, map(lookup, keys), strict=True))
        matcher._next_block()
    return found


def _ids_and_weights(
    matcher: W3LeafMatcher,
) -> tuple[Sequence[int], Sequence[float]] | None:
    """The current block's ids and weights, read from the start of its data
    only (its positions come after and are neither decompressed nor unpickled);
    ``None`` when the bytes are not laid out as expected. The weights are what
    Whoosh's ``_read_weights`` makes of them (one weight for all is a float32)."""
    count = matcher._blocklength
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    if matcher._compression:
        raw = zlib.decompressobj().decompress(raw, 14 * count + 32)
    ids_found = _BLOCK_IDS.match(raw)
    if ids_found is None:
        return None
    ids = gap_ids(ids_found)
    weights_found = _WEIGHTS.match(raw, ids_found.end())
    if len(ids) != count or weights_found is None:
        return None
    none, marked, short, one = weights_found.groups()
    if none is not None:
        return ids, (1.0,) * count
    if one is not None:
        return ids, (array("f", struct.unpack(">d", one))[0],) * count
    floats = marked if marked is not None else short
    if len(floats) != 9 * count:
        return None
    return ids, _floats(count)(floats)


def _list_scores(matcher: matching.ListMatcher, offset: int) -> Scores:
    """A list matcher's scores: an inlined term's few postings scored one by one,
    a set's constant weight or a phrase's scores as they stand."""
    ids = matcher._ids
    shifted = list(map(offset.__add__, ids)) if offset else ids
    if matcher._scorer is not None:
        matcher.reset()
        found: Scores = {}
        while matcher.is_active():
            found[matcher.id() + offset] = matcher.score()
            matcher.next()
        return found
    if matcher._all_weights:
        return dict.fromkeys(shifted, matcher._all_weights)
    if matcher._weights:
        return dict(zip(shifted, matcher._weights, strict=True))
    return dict.fromkeys(shifted, 1.0)
