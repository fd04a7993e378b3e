"""The best postings of one word kept by score, then newest first, in one heap.

A one-word search that lists its best hits orders equal scores newest first,
then by title. Collected by score alone, every posting that ties with the
worst kept had to be scored and set aside for the tie order: a tag scores
every briefing alike, so ``tag:x`` scored all its postings where Whoosh reads
a block or two (1.4x bare Whoosh at 10,000 briefings). When the searcher has
its order by date (the app's and any searcher kept open have it; a one-shot
search does not, and would pay more to make it), each document's place in
that order is known, the heap is kept by (score, newer), and a block that can
only tie gives up every posting older than the worst kept before any is
scored.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from contextlib import suppress
from itertools import compress
from operator import itemgetter, neg
from typing import Any

from whoosh.searching import Searcher

#: (score, -place in the order by date, document number): the worst kept first.
Kept = tuple[float, int, int]


def date_places(searcher: Searcher) -> list[int] | None:
    """Each document number's place in the searcher's order by date (newest
    first, then by title), made once per searcher from that order; ``None``
    when the searcher has not read the order."""
    places: list[int] | None = getattr(searcher, "_briefing_date_places", None)
    if places is not None:
        return places
    order: list[int] | None = getattr(searcher, "_briefing_date_order", None)
    if order is None:
        return None
    places = [0] * len(order)
    for place, docnum in enumerate(order):
        places[docnum] = place
    with suppress(AttributeError):
        searcher._briefing_date_places = places
    return places


def keep_newest_best(
    best: list[Kept],
    wanted: int,
    block: tuple[Sequence[int], Sequence[float]],
    lengths: bytes,
    lookup: Callable[[tuple[float, int]], float],
    offset: int,
    places: list[int],
    quality: float,
) -> None:
    """Adds one block's postings to the heap ``best`` of the ``wanted`` best by
    (score, newer). A block whose best possible score (``quality``) only ties
    with the worst kept offers only its postings newer than that one."""
    ids, weights = block
    full = len(best) >= wanted
    if full and quality <= best[0][0]:
        # Only ties can come of this block: those older than the worst kept
        # are let go before any is scored.
        docnums = list(map(offset.__add__, ids)) if offset else ids
        ranks = (places[docnums[0]],) if len(docnums) == 1 else itemgetter(*docnums)(places)
        newer = list(map((-best[0][1]).__gt__, ranks))
        if not any(newer):
            return
        ids = list(compress(ids, newer))
        weights = list(compress(weights, newer))
    sizes = (lengths[ids[0]],) if len(ids) == 1 else itemgetter(*ids)(lengths)
    scores = list(map(lookup, zip(weights, sizes, strict=True)))
    if full:
        # Only those scoring at least the worst kept are looked at again (a
        # common word's blocks are mostly below it).
        reach = list(map(best[0][0].__le__, scores))
        if not any(reach):
            return
        ids = list(compress(ids, reach))
        scores = list(compress(scores, reach))
    docnums = list(map(offset.__add__, ids)) if offset else list(ids)
    ranks = (places[docnums[0]],) if len(docnums) == 1 else itemgetter(*docnums)(places)
    entries: Any = zip(scores, map(neg, ranks), docnums, strict=True)
    if full and len(docnums) > wanted:
        # Many newer ties (a block of briefings newer than those kept): the
        # heap takes no more than its size of them, the best first.
        entries = sorted(entries, reverse=True)[:wanted]
    for entry in entries:
        if len(best) < wanted:
            heapq.heappush(best, entry)
        elif entry > best[0]:
            heapq.heapreplace(best, entry)
