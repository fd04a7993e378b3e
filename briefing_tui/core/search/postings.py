"""Matching as sets of document numbers, read a block of postings at a time.

Whoosh's union matchers walk an OR of many terms one posting at a time in
Python; here terms, ORs, ANDs and NOTs are evaluated as sets instead, each
term's postings read once per search (:data:`POSTING_SETS`), and the columns
a list is sorted by are read once per searcher.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from contextvars import ContextVar
from itertools import accumulate, islice
from pickle import loads
from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import IndexReader, MultiReader, TermNotFound
from whoosh.searching import Searcher


def matching_docnums(searcher: Searcher, query: wq.Query) -> set[int]:
    """Every live document matching ``query``, without scoring.

    Whoosh's union matchers walk an OR of many terms (a prefix's completions)
    one posting at a time in Python: 200 ms for ``go*`` at 10,000 briefings.
    Terms, ORs, ANDs and NOTs are evaluated here as sets of document numbers
    instead; anything else (phrases, dates) falls back to Whoosh.
    """
    reader = searcher.reader()
    return docnum_set(searcher, reader, query) - deleted_docnums(searcher, reader)


def scores_key(reader: IndexReader, fieldname: str, text: str | bytes) -> tuple[int, str, bytes]:
    """Where a :class:`SearchCache` keeps a word's scores in one segment (by the
    searcher's document numbers); the word as the index's bytes."""
    word = text.encode("utf-8") if isinstance(text, str) else text
    return (id(reader), f"scores:{fieldname}", word)


class SearchCache(dict[tuple[int, str, Any], Any]):
    """One search's posting sets (and phrase matches, word scores), by segment
    reader, field and term, each read once however often the query, its NOT part
    and its ranking ask for it; and, as you type, what the previous keystroke's
    search on the same searcher read, taken over when asked for again. Typing
    ``government mi`` then ``government min`` reads ``government``'s postings
    once, not on every keystroke. Never mutate what it holds."""

    def __init__(self, previous: SearchCache | None = None) -> None:
        super().__init__()
        self.previous: SearchCache | None = previous

    def lookup(self, key: tuple[int, str, Any]) -> Any:
        """What this search (or the previous one) read for ``key``, else ``None``."""
        found = self.get(key)
        if found is None and self.previous is not None:
            found = self.previous.get(key)
            if found is not None:
                self[key] = found
        return found

    def finished(self) -> SearchCache:
        """This search's entries alone, to hand to the next search (only one
        search's worth is ever kept: what it used of the one before, and more)."""
        self.previous = None
        return self


#: Within one search, its :class:`SearchCache`.
POSTING_SETS: ContextVar[SearchCache | None] = ContextVar("posting_sets", default=None)


def docnum_set(searcher: Searcher, reader: IndexReader, query: wq.Query) -> set[int]:
    if isinstance(query, wq.Term):
        cache = POSTING_SETS.get()
        # Per reader: a segment's reader numbers its documents from 0.
        key = (id(reader), query.fieldname, query.text)
        cached: set[int] | None = cache.lookup(key) if cache is not None else None
        if cached is not None:
            return cached
        leaves = getattr(reader, "readers", None)
        if cache is not None and leaves and isinstance(reader, MultiReader):
            # Segment by segment, so ranking (which matches per segment) finds
            # each segment's set already read.
            found: set[int] = set()
            for leaf, offset in zip(leaves, reader.doc_offsets, strict=True):
                # A word ranked by the search before has its documents at hand
                # (numbered from the segment's offset already).
                scored = cache.lookup(scores_key(leaf, query.fieldname, query.text))
                if scored is not None:
                    found.update(scored)
                    continue
                part = docnum_set(searcher, leaf, query)
                found.update(map(offset.__add__, part) if offset else part)
            cache[key] = found
            return found
        try:
            found = posting_ids(reader.postings(query.fieldname, query.text))
        except (KeyError, TermNotFound):
            found = set()
        if cache is not None:
            cache[key] = found
        return found
    if isinstance(query, wq.Or):
        found = set()
        for child in query.subqueries:
            found |= docnum_set(searcher, reader, child)
        return found
    if isinstance(query, wq.And):
        parts = sorted((docnum_set(searcher, reader, c) for c in query.subqueries), key=len)
        return set.intersection(*parts) if parts else set()
    if isinstance(query, wq.AndNot):
        return docnum_set(searcher, reader, query.a) - docnum_set(searcher, reader, query.b)
    if isinstance(query, wq.ConstantScoreQuery):
        return docnum_set(searcher, reader, query.child)
    if isinstance(query, wq.NumericRange) and query.constantscore:
        # A date span: the union of the date terms it covers, in this reader.
        return docnum_set(searcher, reader, query._compile_query(reader))
    if isinstance(query, wq.TermRange):
        found = set()
        for btext in query._btexts(reader):
            found |= docnum_set(searcher, reader, wq.Term(query.fieldname, btext))
        return found
    if isinstance(query, wq.Every):
        return set(range(reader.doc_count_all()))
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        return set()
    from .filters import IdFilter  # imported here: filters builds on this module
    from .phrases import phrase_docnums  # and so does phrases

    if isinstance(query, IdFilter):
        return query.docnums(searcher, reader)
    if isinstance(query, wq.Phrase):
        phrased = phrase_docnums(searcher, reader, query)
        if phrased is not None:
            return phrased
    return set(searcher.docs_for_query(query))


def constant_counts(
    searcher: Searcher, reader: IndexReader, query: wq.Query
) -> Counter[int] | None:
    """Each matching document's score, for a query whose every scored part is a
    constant-score union scoring 1 (``word*``) under ORs and ANDs; ``None`` for
    any other query.

    Whoosh scores such a document by how many of the unions it is in (an OR
    adds its children's scores, an AND all of them), so counting the unions'
    sets gives the same scores exactly. Whoosh's ranking of them walks every
    posting of every union one at a time in Python, and eight two-letter
    prefixes ORed ran out of the query's budget with their ranking unfinished;
    counting sets takes a few milliseconds.
    """
    counted = _counted(searcher, reader, query)
    if counted is None or isinstance(counted, Counter):
        return counted
    return Counter(counted)


def _counted(
    searcher: Searcher, reader: IndexReader, query: wq.Query
) -> set[int] | Counter[int] | None:
    """:func:`constant_counts`, where a set stands for a count of 1 in each of
    its documents (a union's set is counted in C, never copied)."""
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        return set()
    if isinstance(query, wq.ConstantScoreQuery):
        return docnum_set(searcher, reader, query.child) if query.score == 1.0 else None
    if isinstance(query, wq.NumericRange) and query.constantscore:  # a date span
        return docnum_set(searcher, reader, query) if query.boost == 1.0 else None
    is_or, is_and = type(query) is wq.Or, type(query) is wq.And
    if not (is_or or is_and) or query.boost != 1.0:
        return None
    if is_or and (getattr(query, "minmatch", False) or getattr(query, "scale", None) is not None):
        return None
    parts: list[set[int] | Counter[int]] = []
    for child in query.subqueries:
        counted = _counted(searcher, reader, child)
        if counted is None:
            return None
        parts.append(counted)
    if len(parts) < 2:
        return parts[0] if parts else set()
    if is_or:
        total: Counter[int] = Counter()
        for part in parts:
            total.update(part)
        return total
    keys = sorted((part if isinstance(part, set) else set(part) for part in parts), key=len)
    common = keys[0].intersection(*keys[1:])
    if all(isinstance(part, set) for part in parts):
        return Counter(dict.fromkeys(common, len(parts)))
    return Counter(
        {
            docnum: sum(part[docnum] if isinstance(part, Counter) else 1 for part in parts)
            for docnum in common
        }
    )


def posting_ids(matcher: matching.Matcher) -> set[int]:
    """The document numbers of a term's postings, a block at a time.

    ``Matcher.all_ids`` yields one posting per Python call (three calls deep);
    Whoosh's on-disk matcher keeps each block's ids as one array, so reading
    whole blocks is several times faster for common terms. Only Whoosh's own
    block matcher, under its deletion filter and segment offsets, is read this
    way; any other matcher goes through ``all_ids``.
    """
    if isinstance(matcher, matching.MultiMatcher):
        found: set[int] = set()
        for child, offset in zip(matcher.matchers, matcher.offsets, strict=True):
            ids = posting_ids(child)
            found.update(map(offset.__add__, ids) if offset else ids)
        return found
    if isinstance(matcher, matching.FilterMatcher) and getattr(matcher, "_exclude", False):
        # The filter has already stepped its child past leading deleted documents.
        child = matcher.child
        child.reset()
        deleted = matcher._ids  # the segment's deleted set: used as is, not copied
        return posting_ids(child) - (
            deleted if isinstance(deleted, set | frozenset) else set(deleted)
        )
    if isinstance(matcher, W3LeafMatcher) and getattr(matcher, "_i", None) == 0:
        found = set()
        try:
            while not matcher._atend and matcher._i < matcher._blocklength:
                block = matcher._ids
                if block is None and not matcher._byteids:
                    block = block_ids(matcher)
                if block is None:
                    matcher._read_ids()
                    block = matcher._ids
                found.update(block)
                matcher._next_block()
            return found
        except AttributeError:  # another Whoosh's internals: read it the slow way
            matcher.reset()
    return set(matcher.all_ids())


#: Pickle (protocol 2) opcodes of one non-negative int below 2**31: BININT1,
#: BININT2, BININT (Whoosh pickles a block's id gaps this way).
_INT_OPS = rb"(?:K.|M..|J....)"
#: The start of a block's pickled ``(id gaps, weights, values)``: the gaps as a
#: tuple of more than three (MARK ... TUPLE) or of one to three (TUPLE1-3).
_BLOCK_IDS = re.compile(
    rb"\x80\x02(?:\((" + _INT_OPS + rb"*)t|(" + _INT_OPS + rb"{1,3})[\x85\x86\x87])", re.DOTALL
)


def block_ids(matcher: W3LeafMatcher) -> Iterable[int] | None:
    """The document numbers of the matcher's current block, read from the start
    of its data only; ``None`` when the bytes are not laid out as expected.

    A block's data is one pickle of its id gaps, weights and values, and the
    values of a text field are every posting's positions: unpickling them all
    (a call to rebuild each position string) and decompressing them was most
    of reading a common term's documents. The gaps come first, so only as much
    is decompressed as they can take (five bytes a gap), and the regular
    expression walks their opcodes in C.
    """
    length = matcher._nextoffset - matcher._dataoffset
    raw = matcher._postfile.get(matcher._dataoffset, length)
    if matcher._compression:
        raw = zlib.decompressobj().decompress(raw, 5 * matcher._blocklength + 8)
    found = _BLOCK_IDS.match(raw)
    if found is None:
        return None
    ids = gap_ids(found)
    return ids if len(ids) == matcher._blocklength else None


def gap_ids(found: re.Match[bytes]) -> tuple[int, ...]:
    """The document numbers of a block whose start :data:`_BLOCK_IDS` matched."""
    ops = found.group(1) if found.group(1) is not None else found.group(2)
    if ops[::2] == b"K" * (len(ops) // 2) and len(ops) % 2 == 0:
        # Every gap under 256, one byte each (the common case): no unpickling.
        gaps: Iterable[int] = ops[1::2]
    else:
        gaps = loads(b"\x80\x02(" + ops + b"t.")
    return tuple(accumulate(gaps))


def column_values(searcher: Searcher, name: str) -> list[Any]:
    """A whole column as a list, read once per searcher: indexing a Whoosh
    column reader costs a Python call per document, 30 ms for 10,000."""
    cache: dict[str, list[Any]] | None = getattr(searcher, "_briefing_columns", None)
    if cache is None:
        cache = {}
        with suppress(AttributeError):
            searcher._briefing_columns = cache
    values = cache.get(name)
    if values is None:
        values = cache[name] = list(searcher.reader().column_reader(name))
    return values


def newest_first(searcher: Searcher, docnums: Iterable[int], first: int | None = None) -> list[int]:
    """``docnums`` newest first, by title among equal dates (as ``briefing list``
    orders them), then the lower number; only the ``first`` so many if given
    (the walk over the order by date stops there).

    A large set is picked out of every document's order by date, read once per
    searcher, instead of sorted by a key: one letter typed lists all 100,000
    briefings, whose sort by date cost about 40 ms on every such keystroke.
    """
    chosen = docnums if isinstance(docnums, set | frozenset) else set(docnums)
    count = searcher.reader().doc_count_all()
    # Walking the order by date until ``first`` are found takes about
    # first * count / len(chosen) steps in C: cheaper than sorting a few
    # hundred by date and title in Python unless ``chosen`` is very few. Only
    # when this searcher has the order already: a one-shot ``briefing search``
    # would read two whole columns to make it (0.1 to 0.2 s at 100,000).
    # (A few wanted of a searcher without that order sort however many there
    # are from their own dates: reading two columns whole costs more.)
    ordered = getattr(searcher, "_briefing_date_order", None) is not None
    walk = ordered and first is not None and first * count <= 20 * len(chosen) ** 2
    few = len(chosen) * 16 < count or (first is not None and not ordered)
    if few and not walk:
        return _by_date_then_title(searcher, sorted(chosen))[:first]
    return list(islice(filter(chosen.__contains__, _date_order(searcher)), first))


def _column_of(searcher: Searcher, name: str, docnums: list[int]) -> Callable[[int], Any]:
    """``name``'s value of each of ``docnums``: from the whole column if this searcher
    read it, else looked up one by one. A one-shot ``briefing search`` ordering its
    ten best read the whole date column for them (0.06 s at 10,000 briefings)."""
    cached: dict[str, list[Any]] = getattr(searcher, "_briefing_columns", {})
    if name in cached:
        return cached[name].__getitem__
    column = searcher.reader().column_reader(name)
    return {docnum: column[docnum] for docnum in docnums}.get  # None for the others


def best_first(
    searcher: Searcher, docnums: Iterable[int], scores: Mapping[int, float]
) -> list[int]:
    """``docnums`` by score, equal scores newest first, then by title.

    Equal scores are common (briefings as long as each other, a word once in
    each): they came out in the index's order, which means nothing to a user.
    """
    if not searcher.reader().has_column("date"):
        return sorted(docnums, key=lambda d: (-scores[d], d))
    return sorted(newest_first(searcher, docnums), key=scores.__getitem__, reverse=True)


def _by_date_then_title(
    searcher: Searcher, docnums: list[int], *, every: bool = False
) -> list[int]:
    """``docnums`` (in ascending order) newest first, by title among equal dates;
    stable sorts keep the lower number first among equals.

    Only ``every`` document (the order read once per searcher) reads the whole
    title column; a few results look up the titles of those sharing a date. At
    100,000 briefings the column is 0.1 to 0.2 s to read, and a one-shot
    ``briefing search`` ordering its ten best paid all of it.
    """
    date_of: Callable[[int], Any]
    title_of: Callable[[int], Any]
    tied: list[int] = []
    if every:
        date_of = column_values(searcher, "date").__getitem__
        title_of = column_values(searcher, "title_sort").__getitem__
    else:
        date_of = _column_of(searcher, "date", docnums)
        shared = Counter(map(date_of, docnums))
        tied = [d for d in docnums if shared[date_of(d)] > 1]
        title_of = _column_of(searcher, "title_sort", tied)
    if every or tied:
        docnums.sort(key=lambda d: title_of(d) or "")
    docnums.sort(key=lambda d: date_of(d) or 0, reverse=True)
    return docnums


def _date_order(searcher: Searcher) -> list[int]:
    """Every document number (deleted ones too) newest first, by title among equal
    dates, read once per searcher."""
    order: list[int] | None = getattr(searcher, "_briefing_date_order", None)
    if order is None:
        dates = column_values(searcher, "date")
        order = _by_date_then_title(searcher, list(range(len(dates))), every=True)
        with suppress(AttributeError):
            searcher._briefing_date_order = order
    return order


def warm_columns(searcher: Searcher) -> None:
    """Read the columns a search lists from (if the index has any documents),
    and the order by date."""
    if searcher.reader().has_column("date"):
        for name in ("id", "date", "title_sort"):
            column_values(searcher, name)
        _date_order(searcher)


def deleted_docnums(searcher: Searcher, reader: IndexReader) -> set[int]:
    """Deleted document numbers, computed once per searcher (it never changes)."""
    cached: set[int] | None = getattr(searcher, "_briefing_deleted", None)
    if cached is None:
        cached = set()
        if reader.has_deletions():
            # Each segment's own set (Whoosh keeps it), not a call per document:
            # 38 ms at 100,000 briefings for every new searcher after an edit.
            for leaf, offset in reader.leaf_readers():
                gone = getattr(leaf, "deleted_docs_set", None)
                if not isinstance(gone, frozenset):
                    count = leaf.doc_count_all()
                    gone = frozenset(d for d in range(count) if leaf.is_deleted(d))
                cached.update(map(offset.__add__, gone) if offset else gone)
        with suppress(AttributeError):
            searcher._briefing_deleted = cached
    return cached
