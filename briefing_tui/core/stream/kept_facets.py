"""Facet counts kept in memory, so counting a result set never asks the store.

Each present briefing gets a row number; each facet value (a tag, a source, a
month, a claim status) keeps the rows that have it. A common value keeps them
as one Python int used as a bit set (bit ``n`` is row ``n``): counting it in a
result set is one ``&`` and ``int.bit_count()``, a few microseconds at 100,000
briefings. A rare one keeps a tuple of its rows, counted against the result
set's rows as a set. The whole library's counts are worked out once.

Built from the store in one read (:meth:`.Store.facet_rows`,
:meth:`.Store.claim_statuses`); :class:`~.stream.Stream` builds it again when the
index's searcher changes (after a sync that changed something, a tag or a
claim written): the same moments searches start to see the change.

Sources are counted by :func:`~..search.query.exact_source_key` (``Reuters`` and
``REUTERS`` are one value, shown as the commoner spelling): what ``source:="…"``,
the term a source value narrows with, finds.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from briefing_tui.core.search.query import exact_source_key

from .facets import Facets, build_facets

#: A value kept as a bit set from this share of the library up (1/64: its bits take
#: no more memory than a tuple of its rows, 8 bytes a row, would).
DENSE_SHARE = 64

#: Per facet, (value, briefings) most first.
Counts = dict[str, list[tuple[str, int]]]


@dataclass(frozen=True, slots=True)
class _Facet:
    """One facet's values: the common ones as bit sets, the rare as row tuples."""

    dense: list[tuple[str, int]]
    sparse: list[tuple[str, tuple[int, ...]]]
    #: (value, briefings) over the whole library, most first.
    totals: list[tuple[str, int]]


def _ordered(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Most first, then by value ignoring case; values no briefing of the set has left out."""
    kept = [pair for pair in pairs if pair[1]]
    return sorted(kept, key=lambda pair: (-pair[1], pair[0].casefold(), pair[0]))


def _facet(rows_by_value: dict[str, list[int]], present: int) -> _Facet:
    dense: list[tuple[str, int]] = []
    sparse: list[tuple[str, tuple[int, ...]]] = []
    for value, rows in rows_by_value.items():
        if len(rows) * DENSE_SHARE >= present:
            dense.append((value, _bits(rows, present)))
        else:
            sparse.append((value, tuple(rows)))
    totals = _ordered((value, len(rows)) for value, rows in rows_by_value.items())
    return _Facet(dense, sparse, totals)


def _bits(rows: Iterable[int], present: int) -> int:
    """``rows`` as one int, bit ``n`` set for row ``n``."""
    flags = bytearray(present // 8 + 1)
    for row in rows:
        flags[row >> 3] |= 1 << (row & 7)
    return int.from_bytes(flags, "little")


class KeptFacets:
    """The facet values of every present briefing, by row; counts any set of them."""

    def __init__(
        self,
        briefings: Sequence[tuple[str, str, str | None, str]],
        statuses: Iterable[tuple[str, str]],
    ) -> None:
        """``briefings``: (id, tags as a JSON list, source, month), as
        :meth:`.Store.facet_rows` gives them; ``statuses``: (id, claim status) pairs."""
        self.present = len(briefings)
        self.row_of: dict[str, int] = {}
        tags: defaultdict[str, list[int]] = defaultdict(list)
        sources: defaultdict[str, list[int]] = defaultdict(list)
        months: defaultdict[str, list[int]] = defaultdict(list)
        spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
        tag_lists: dict[str, list[str]] = {}  # each distinct stored list parsed once
        source_keys: dict[str, str] = {}  # and each spelling of a source folded once
        for row, (doc_id, tag_list, source, month) in enumerate(briefings):
            self.row_of[doc_id] = row
            if tag_list != "[]":
                parsed = tag_lists.get(tag_list)
                if parsed is None:
                    parsed = tag_lists[tag_list] = _tags(tag_list)
                for tag in parsed:
                    tags[tag].append(row)
            if source:
                key = source_keys.get(source)
                if key is None:
                    key = source_keys[source] = exact_source_key(source)
                sources[key].append(row)
                spellings[key][source] += 1
            if month:
                months[month].append(row)
        by_status: defaultdict[str, list[int]] = defaultdict(list)
        for doc_id, status in statuses:
            found = self.row_of.get(doc_id)
            if found is not None:
                by_status[status].append(found)
        shown = {key: names.most_common(1)[0][0] for key, names in spellings.items()}
        self._facets = {
            "tag": _facet(tags, self.present),
            "source": _facet({shown[k]: rows for k, rows in sources.items()}, self.present),
            "month": _facet(months, self.present),
            "status": _facet(by_status, self.present),
        }

    def counts(self, doc_ids: Sequence[str] | None) -> Counts:
        """Per facet, (value, briefings of ``doc_ids``) most first; the whole library's
        when ``None``. Ids of briefings not present are not counted."""
        if doc_ids is None:
            return {name: facet.totals for name, facet in self._facets.items()}
        found = list(map(self.row_of.get, doc_ids))  # one lookup each, in C
        rows = (
            [row for row in found if row is not None] if None in found else cast(list[int], found)
        )
        chosen = _bits(rows, self.present)
        as_set = set(rows) if any(facet.sparse for facet in self._facets.values()) else set()
        counted: Counts = {}
        for name, facet in self._facets.items():
            pairs = [(value, (bits & chosen).bit_count()) for value, bits in facet.dense]
            pairs += [(value, len(as_set.intersection(kept))) for value, kept in facet.sparse]
            counted[name] = _ordered(pairs)
        return counted

    def facets(self, doc_ids: Sequence[str] | None) -> Facets:
        """:class:`Facets` of ``doc_ids`` (the whole library for ``None``)."""
        total = self.present if doc_ids is None else len(doc_ids)
        return build_facets(total, self.counts(doc_ids))


def _tags(stored: str) -> list[str]:
    """A stored tag list's tags, each once (a list that is not one: none)."""
    try:
        parsed = json.loads(stored)
        once = dict.fromkeys(parsed) if isinstance(parsed, list) else {}
    except (ValueError, TypeError):  # not JSON; a list holding lists
        return []
    return [tag for tag in once if isinstance(tag, str) and tag]
