"""Searching the index: compile the query tree to Whoosh, bound the slow parts.

Whoosh is slow where it is used naively: a one-letter prefix expands to
thousands of terms (``g*`` took 8.9 s at 10,000 articles). So prefixes are
expanded here, to the most frequent few terms that start with them, fewer
for shorter prefixes; and as-you-type searches run under a time limit and
say when their results are partial. Hits carry snippets as data (text plus
match offsets), never markup.
"""

from __future__ import annotations

import heapq
import re
import time
from array import array
from collections.abc import Sequence
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.collectors import (
    Collector,
    TimeLimit,
    TimeLimitCollector,
    WrappingCollector,
)
from whoosh.index import FileIndex
from whoosh.lang.porter import stem as porter_stem
from whoosh.reading import MultiReader, TermNotFound
from whoosh.searching import Searcher

from .frontmatter import normalize_tag
from .index import WORD_PATTERN
from .query import And, DateSpan, Node, Not, Or, Phrase, QueryError, Word, parse

SortKey = Literal["relevance", "date", "title"]
SORTS: tuple[SortKey, ...] = ("relevance", "date", "title")

#: How many terms a prefix may expand to, by the prefix's length.
PREFIX_LIMITS = {1: 6, 2: 16}
PREFIX_LIMIT = 24
#: The word being typed matches only its most frequent completions: every
#: extra term costs scoring time on every keystroke.
TYPING_PREFIX_LIMIT = 8
#: Terms looked at while choosing the most frequent ones (bounds the scan:
#: at 10,000 briefings ``p`` has 4,000 terms and walking them costs 130 ms).
PREFIX_SCANS = {1: 300, 2: 800}
PREFIX_SCAN = 5_000
#: Terms all the prefixes of one query may look at together, over the title
#: and body (eight two-letter prefixes scanned 5,000, 400 ms cold at 10,000).
#: Applies from three prefixes on: one or two keep their own scans.
PREFIX_SCAN_BUDGET = 800
#: A query of more leaf terms than this is listed newest first, not ranked:
#: Whoosh scores every posting of a wide OR before its time limit is checked.
RANK_TERMS = 48
SNIPPET_CHARS = 220
#: Query fields matched as whole keywords rather than analysed words.
KEYWORD_FIELDS = ("tag", "status", "has", "anchor")
SNIPPET_SCAN_CHARS = 200_000
_TOKEN = re.compile(WORD_PATTERN)


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window of a document's text and the (start, end) offsets of matches in it.

    ``text_matches`` are the same kind of matches as offsets into the briefing's
    whole plain text (the text claims are anchored in), the first 64 of them.
    """

    text: str
    matches: tuple[tuple[int, int], ...] = ()
    text_matches: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class Hit:
    id: str
    path: str
    title: str
    date: datetime | None
    source: str
    tags: list[str]
    score: float
    snippet: Snippet | None = None


@dataclass(slots=True)
class SearchResults:
    """The first ``limit`` hits in full, and the ids of every match in order."""

    query: str
    hits: list[Hit]
    ids: list[str]
    total: int
    partial: bool = False
    elapsed: float = 0.0
    terms: frozenset[str] = field(default_factory=frozenset)
    #: The terms matched in the body (not the title or source): what the reader
    #: highlights and jumps to. A ``title:oil`` search has none.
    body_terms: frozenset[str] = field(default_factory=frozenset)


class _NoTerms(type(wq.NullQuery)):  # type: ignore[misc]
    """A word that analyses to nothing (a stop word such as "the").

    It matches nothing on its own, but inside an AND it must be dropped
    rather than sink the whole query: "the government" means "government".
    A prefix that expands to nothing stays a real ``NullQuery``.
    """


NO_TERMS = _NoTerms()


def _analyze(ix_field: object, text: str) -> list[str]:
    return [t.text for t in ix_field.analyzer(text, mode="query")]  # type: ignore[attr-defined]


class QueryCompiler:
    """Turns the syntax tree into a Whoosh query against one reader."""

    def __init__(self, searcher: Searcher, prefixes: int = 1) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        #: The terms each prefix may look at: one budget shared by the query's
        #: prefixes (each scan reads a term's statistics from disk).
        self.scan_cap = PREFIX_SCAN_BUDGET // (2 * prefixes) if prefixes > 2 else None

    def compile(self, node: Node) -> wq.Query:
        if isinstance(node, Word):
            return self._word(node)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, DateSpan):
            if node is _EMPTY_SPAN:
                return wq.NullQuery
            return wq.DateRange("date", node.start, node.end, endexcl=True)
        if isinstance(node, Not):
            return wq.AndNot(wq.Every(), self.compile(_settled(node.child)))
        if isinstance(node, Or):
            return wq.Or([self.compile(child) for child in _merge_spans(node.children, union=True)])
        assert isinstance(node, And)
        children = _merge_spans(node.children, union=False)
        if len(children) == 1:
            return self.compile(children[0])
        compiled = [self.compile(c) for c in children if not isinstance(c, Not)]
        positives = [q for q in compiled if not isinstance(q, _NoTerms)]
        negatives = [self.compile(_settled(c.child)) for c in children if isinstance(c, Not)]
        negatives = [q for q in negatives if not isinstance(q, _NoTerms)]
        if compiled and not positives and not negatives:
            return NO_TERMS  # nothing but stop words ("the a") matches nothing
        positive: wq.Query = (
            wq.And(positives) if len(positives) > 1 else positives[0] if positives else wq.Every()
        )
        if negatives:
            return wq.AndNot(positive, wq.Or(negatives) if len(negatives) > 1 else negatives[0])
        return positive

    def _fields_for(self, name: str | None) -> list[str]:
        return {
            None: ["title", "body"],
            "title": ["title"],
            "source": ["source"],
            "claim": ["claim"],
            "note": ["note"],
        }.get(name, ["title", "body"])

    def _keyword(self, node: Word | Phrase) -> wq.Query:
        """``tag:`` (document and claim tags), ``status:``, ``has:``, ``anchor:``."""
        value = normalize_tag(node.text) if node.field == "tag" else node.text.strip().lower()
        fields = {"tag": ["tags", "claim_tags"]}.get(node.field or "", [node.field or ""])
        if isinstance(node, Word) and node.prefix:
            parts = [self._prefix(name, value) for name in fields]
        else:
            parts = [wq.Term(name, value) for name in fields]
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _word(self, node: Word) -> wq.Query:
        if node.field in KEYWORD_FIELDS:
            return self._keyword(node)
        if node.prefix:
            if node.field is None:
                return self._text_prefix(node.text.lower())
            field_name = {
                "title": "title",
                "source": "source",
                "claim": "claim",
                "note": "note",
            }.get(node.field, "exact")
            return self._prefix(field_name, node.text.lower())
        parts: list[wq.Query] = []
        for name in self._fields_for(node.field):
            words = _analyze(self.schema[name], node.text)
            if len(words) == 1:
                parts.append(wq.Term(name, words[0]))
            elif words:
                parts.append(wq.Phrase(name, words))
        if node.last and node.field is None:
            if len(node.text) < 2:
                # One letter typed: too broad to expand; wait for the next.
                return NO_TERMS
            # The word being typed: its stemmed form or any frequent completion.
            parts.append(self._prefix("exact", node.text.lower(), TYPING_PREFIX_LIMIT))
        if not parts:
            return NO_TERMS
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _phrase(self, node: Phrase) -> wq.Query:
        if node.field in KEYWORD_FIELDS:
            return self._keyword(node)
        parts: list[wq.Query] = []
        for name in self._fields_for(node.field):
            words = _analyze(self.schema[name], node.text)
            if len(words) == 1:
                parts.append(wq.Term(name, words[0]))
            elif words:
                parts.append(wq.Phrase(name, words))
        if not parts:
            return NO_TERMS
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _text_prefix(self, prefix: str) -> wq.Query:
        """``word*`` over the text: the stems starting with it (one stem stands
        for all its inflections, so few terms to rank), else the unstemmed words
        (``governm*``: no stem starts so, ``government`` does)."""
        stemmed = [self._prefix(name, prefix) for name in ("title", "body")]
        stemmed = [query for query in stemmed if query is not wq.NullQuery]
        if stemmed:
            found = stemmed[0] if len(stemmed) == 1 else wq.Or(stemmed)
        else:
            found = self._prefix("exact", prefix)
        # Like Whoosh's own prefix queries, every completion scores the same:
        # ranking thousands of matches term by term is what made ``minist*`` slow.
        return found if found is wq.NullQuery else ConstantUnion(found)

    def _prefix(self, field_name: str, prefix: str, limit: int | None = None) -> wq.Query:
        cache: dict[tuple[str, str, int | None], list[str]] | None = getattr(
            self.searcher, "_briefing_prefixes", None
        )
        if cache is None:
            cache = {}
            with suppress(AttributeError):  # a searcher that takes no attributes: no cache
                self.searcher._briefing_prefixes = cache  # type: ignore[attr-defined]
        key = (field_name, prefix, self.scan_cap)
        terms = cache.get(key)
        if terms is None:
            terms = cache[key] = expand_prefix(self.reader, field_name, prefix, self.scan_cap)
        if limit is not None:
            terms = terms[:limit]  # the most frequent first
        if not terms:
            return wq.NullQuery
        return wq.Or([wq.Term(field_name, term) for term in terms])


class ConstantUnion(wq.ConstantScoreQuery):
    """A constant-score OR of terms whose matcher is built from posting sets.

    Whoosh's own ``ConstantScoreQuery`` lists its documents by walking the
    union matcher one posting at a time in Python: for ``minist*`` at 10,000
    briefings that walk was most of the search. Reading each term's postings
    whole and uniting them as sets gives the same documents several times
    faster. Where positions or the current match are needed (phrases inside,
    highlighting), it falls back to Whoosh's way.
    """

    def matcher(self, searcher: Searcher, context: Any = None) -> matching.Matcher:
        from whoosh.searching import SearchContext

        context = context or SearchContext()
        if context.needs_current:
            return super().matcher(searcher, context)
        ids = _docnums(searcher, searcher.reader(), self.child)
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(array("I", sorted(ids)), all_weights=self.score)


def _merge_spans(children: tuple[Node, ...], *, union: bool) -> tuple[Node, ...]:
    """``children`` with their date spans merged: one span for an AND (their
    intersection), as few disjoint spans as cover them for an OR.

    Each date range is a walk over the date terms; 64 of them ANDed or ORed
    cost one or two seconds at 10,000 briefings where one span costs a few ms.
    """
    spans = [child for child in children if isinstance(child, DateSpan)]
    if len(spans) < 2:
        return children
    others = tuple(child for child in children if not isinstance(child, DateSpan))
    low, high = datetime.min, datetime.max
    if not union:
        start = max(span.start or low for span in spans)
        end = min(span.end or high for span in spans)
        merged = [DateSpan(start, end)] if start < end else [_EMPTY_SPAN]
    else:
        merged = []
        for span in sorted(spans, key=lambda s: s.start or low):
            if merged and (span.start or low) <= (merged[-1].end or high):
                last = merged[-1]
                merged[-1] = DateSpan(last.start, max(last.end or high, span.end or high))
            else:
                merged.append(span)
    shown = [
        DateSpan(None if s.start == low else s.start, None if s.end == high else s.end)
        for s in merged
    ]
    return (*shown, *others)


#: The intersection of date spans that do not meet: matches nothing.
_EMPTY_SPAN = DateSpan(datetime(1, 1, 2), datetime(1, 1, 1))


def _settled(node: Node) -> Node:
    """A negated word still being typed is not expanded: excluding every
    completion of ``NOT no`` (not, now, north…) would empty the list as you type."""
    if isinstance(node, Word) and node.last:
        return (
            Word(node.text, node.field, node.prefix, last=False) if len(node.text) > 1 else Word("")
        )
    return node


def expand_prefix(
    reader: object, field_name: str, prefix: str, scan_cap: int | None = None
) -> list[str]:
    """The most frequent terms of ``field_name`` starting with ``prefix``, bounded
    (``scan_cap``: at most this many terms looked at, the query's share)."""
    if not prefix:
        return []
    limit = PREFIX_LIMITS.get(len(prefix), PREFIX_LIMIT)
    best: list[tuple[int, str]] = []
    try:
        iterator = reader.iter_prefix(field_name, prefix)  # type: ignore[attr-defined]
        scan = PREFIX_SCANS.get(len(prefix), PREFIX_SCAN)
        if scan_cap is not None:
            scan = min(scan, scan_cap)
        for seen, (raw, info) in enumerate(iterator):
            if seen >= scan:
                break
            entry = (info.doc_frequency(), raw.decode("utf-8") if isinstance(raw, bytes) else raw)
            if len(best) < limit:
                heapq.heappush(best, entry)
            elif entry[0] > best[0][0]:
                heapq.heapreplace(best, entry)
    except (KeyError, TypeError, ValueError):
        return []
    return [term for _, term in sorted(best, reverse=True)]


def compile_query(searcher: Searcher, text: str, *, as_you_type: bool = False) -> wq.Query | None:
    """Parse and compile ``text``; ``None`` means "everything"."""
    node = parse(text, as_you_type=as_you_type)
    if node is None:
        return None
    if isinstance(node, Word) and node.last and len(node.text) < 2:
        return None  # one letter typed: keep listing everything until the next
    return QueryCompiler(searcher, _prefix_count(node)).compile(node)


def _prefix_count(node: Node) -> int:
    """How many words of the tree expand as prefixes (``word*``, the word being typed)."""
    if isinstance(node, Word):
        return int(node.prefix or node.last)
    if isinstance(node, Not):
        return _prefix_count(node.child)
    if isinstance(node, And | Or):
        return sum(_prefix_count(child) for child in node.children)
    return 0


def _typing_short_word(text: str) -> bool:
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    return not text[-1:].isspace() and 0 < len(last) < 4 and last.isalnum()


def matching_docnums(searcher: Searcher, query: wq.Query) -> set[int]:
    """Every live document matching ``query``, without scoring.

    Whoosh's union matchers walk an OR of many terms (a prefix's completions)
    one posting at a time in Python: 200 ms for ``go*`` at 10,000 briefings.
    Terms, ORs, ANDs and NOTs are evaluated here as sets of document numbers
    instead; anything else (phrases, dates) falls back to Whoosh.
    """
    reader = searcher.reader()
    return _docnums(searcher, reader, query) - _deleted(searcher, reader)


#: Within one search, each term's posting set (read once however often the
#: query, its NOT part and its ranking ask for it). Never mutate what it holds.
_POSTING_SETS: ContextVar[dict[tuple[int, str, str], set[int]] | None] = ContextVar(
    "posting_sets", default=None
)


def _docnums(searcher: Searcher, reader: object, query: wq.Query) -> set[int]:
    if isinstance(query, wq.Term):
        cache = _POSTING_SETS.get()
        # Per reader: a segment's reader numbers its documents from 0.
        key = (id(reader), query.fieldname, query.text)
        if cache is not None and key in cache:
            return cache[key]
        leaves = getattr(reader, "readers", None)
        if cache is not None and leaves and isinstance(reader, MultiReader):
            # Segment by segment, so ranking (which matches per segment) finds
            # each segment's set already read.
            found = set()
            for leaf, offset in zip(leaves, reader.doc_offsets, strict=True):
                part = _docnums(searcher, leaf, query)
                found |= {docnum + offset for docnum in part} if offset else part
            cache[key] = found
            return found
        try:
            found = posting_ids(reader.postings(query.fieldname, query.text))  # type: ignore[attr-defined]
        except (KeyError, TermNotFound):
            found = set()
        if cache is not None:
            cache[key] = found
        return found
    if isinstance(query, wq.Or):
        found: set[int] = set()
        for child in query.subqueries:
            found |= _docnums(searcher, reader, child)
        return found
    if isinstance(query, wq.And):
        parts = sorted((_docnums(searcher, reader, c) for c in query.subqueries), key=len)
        return set.intersection(*parts) if parts else set()
    if isinstance(query, wq.AndNot):
        return _docnums(searcher, reader, query.a) - _docnums(searcher, reader, query.b)
    if isinstance(query, wq.ConstantScoreQuery):
        return _docnums(searcher, reader, query.child)
    if isinstance(query, wq.Every):
        return set(range(reader.doc_count_all()))  # type: ignore[attr-defined]
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        return set()
    return set(searcher.docs_for_query(query))


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
            found |= {docnum + offset for docnum in ids} if offset else ids
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
                if matcher._ids is None:
                    matcher._read_ids()
                found.update(matcher._ids)
                matcher._next_block()
            return found
        except AttributeError:  # another Whoosh's internals: read it the slow way
            matcher.reset()
    return set(matcher.all_ids())


def _column(searcher: Searcher, name: str) -> list[Any]:
    """A whole column as a list, read once per searcher: indexing a Whoosh
    column reader costs a Python call per document, 30 ms for 10,000."""
    cache: dict[str, list[Any]] | None = getattr(searcher, "_briefing_columns", None)
    if cache is None:
        cache = {}
        with suppress(AttributeError):
            searcher._briefing_columns = cache  # type: ignore[attr-defined]
    values = cache.get(name)
    if values is None:
        values = cache[name] = list(searcher.reader().column_reader(name))
    return values


class _Recorder(WrappingCollector):
    """Ranks through the wrapped collector and notes every matching document."""

    def __init__(self, child: Collector) -> None:
        super().__init__(child)
        self.seen: set[int] = set()

    def prepare(self, top_searcher: Searcher, q: wq.Query, context: object) -> None:
        self.child.prepare(top_searcher, q, context)
        # Every match must pass through collect(): no skipping by block quality,
        # and no replacing the matcher by one that skips what can't rank.
        self.child.usequality = False
        self.child.replace = 0

    def collect(self, sub_docnum: int) -> Any:
        self.seen.add(self.child.offset + sub_docnum)
        return self.child.collect(sub_docnum)

    def matches(self) -> Any:
        yield from self.child.matches()

    def collect_matches(self) -> None:
        collect = self.collect
        for sub_docnum in self.child.matches():
            collect(sub_docnum)


class _Excluding(WrappingCollector):
    """Passes on every match but those in ``excluded`` (global document numbers).

    Whoosh's own FilterCollector filters only in ``collect_matches``, which a
    time-limit collector around it never calls."""

    def __init__(self, child: Collector, excluded: set[int]) -> None:
        super().__init__(child)
        self.excluded = excluded

    def collect(self, sub_docnum: int) -> Any:
        if self.child.offset + sub_docnum not in self.excluded:
            return self.child.collect(sub_docnum)
        return None

    def collect_matches(self) -> None:
        collect = self.collect
        for sub_docnum in self.child.matches():
            collect(sub_docnum)


def _top_collector(searcher: Searcher, limit: int, all_ids: bool) -> Collector:
    """Ranks enough to order the list (``all_ids``), or just the hits asked for."""
    return searcher.collector(limit=max(limit, SCORED) if all_ids else max(limit, 1))


def _rank(
    searcher: Searcher,
    query: wq.Query,
    collector: Collector,
    excluded: set[int],
    time_limit: float | None,
    started: float,
) -> tuple[list[int], dict[int, float], bool]:
    """Rank ``query`` within what is left of the query's budget (and
    ``time_limit``): the ranked document numbers best first, their scores,
    and whether ranking stopped early."""
    left = QUERY_BUDGET - (time.perf_counter() - started)
    budget = left if time_limit is None else min(time_limit, left)
    if budget <= 0:
        return [], {}, True
    top = collector.child if isinstance(collector, _Recorder) else collector
    wrapped = _Excluding(collector, excluded) if excluded else collector
    timed = TimeLimitCollector(wrapped, timelimit=budget, use_alarm=False)
    stopped = False
    try:
        searcher.search_with_collector(query, timed)
    except TimeLimit:
        stopped = True
    ranked: list[int] = []
    scores: dict[int, float] = {}
    for score, docnum in top.results().top_n or []:
        scores[docnum] = score
        ranked.append(docnum)
    return ranked, scores, stopped


def _leaf_count(query: wq.Query) -> int:
    """The terms (and phrases, ranges) a query would score."""
    if isinstance(query, ConstantUnion):
        return 1  # ranked as one list of documents, all scoring the same
    if isinstance(query, wq.Or | wq.And | wq.AndNot | wq.ConstantScoreQuery):
        return sum(_leaf_count(child) for child in query.children())
    return 0 if query is wq.NullQuery else 1


def _split_negative(query: wq.Query) -> tuple[wq.Query, wq.Query | None]:
    """``a NOT b`` as ``(a, b)``; any other query as ``(query, None)``."""
    if isinstance(query, wq.AndNot):
        return query.a, query.b
    return query, None


def _needs_whoosh_matching(query: wq.Query) -> bool:
    """True when some part of ``query`` can't be listed from posting sets
    (phrases, date ranges): counting it separately would match it twice."""
    if isinstance(query, wq.Term | wq.Every) or query is wq.NullQuery:
        return False
    if isinstance(query, wq.Or | wq.And | wq.AndNot | wq.ConstantScoreQuery):
        return any(_needs_whoosh_matching(child) for child in query.children())
    return not isinstance(query, type(wq.NullQuery))


def warm_columns(searcher: Searcher) -> None:
    """Read the columns a search lists from (if the index has any documents)."""
    if searcher.reader().has_column("date"):
        for name in ("id", "date", "title_sort"):
            _column(searcher, name)


def _deleted(searcher: Searcher, reader: object) -> set[int]:
    """Deleted document numbers, computed once per searcher (it never changes)."""
    cached: set[int] | None = getattr(searcher, "_briefing_deleted", None)
    if cached is None:
        cached = set()
        if reader.has_deletions():  # type: ignore[attr-defined]
            cached = {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}  # type: ignore[attr-defined]
        with suppress(AttributeError):
            searcher._briefing_deleted = cached  # type: ignore[attr-defined]
    return cached


#: As-you-type ranks for at most this long, then lists the rest newest first
#: (and says the ranking is partial): a keystroke must answer within 50 ms.
TYPING_TIME_LIMIT = 0.02
#: Seconds a search may spend matching and ranking before ranking stops (the
#: matches are all listed even then, ranked first, the rest newest first). The
#: hits' stored fields and snippets come after: the whole stays under 100 ms.
QUERY_BUDGET = 0.06

#: Relevance ranks this many matches by score; the rest follow newest first.
SCORED = 200


def run_search(
    source: FileIndex | Searcher,
    text: str,
    *,
    as_you_type: bool = False,
    sort: SortKey = "relevance",
    limit: int = 20,
    time_limit: float | None = None,
    snippets: bool = True,
    all_ids: bool = True,
) -> SearchResults:
    """Search an index (or an open searcher, which is kept open). Raises :class:`QueryError`.

    ``limit`` hits come back in full (stored fields and snippets). ``ids``
    lists every match: by relevance the best :data:`SCORED` by score, then
    the rest newest first, because scoring and sorting every match of a
    broad query costs several times a top-N search; by date or title, all
    of them in that order, read from columns.
    """
    token = _POSTING_SETS.set({})
    try:
        if isinstance(source, Searcher):
            return _search(source, text, as_you_type, sort, limit, time_limit, snippets, all_ids)
        with source.searcher() as searcher:
            return _search(searcher, text, as_you_type, sort, limit, time_limit, snippets, all_ids)
    finally:
        _POSTING_SETS.reset(token)


def _search(
    searcher: Searcher,
    text: str,
    as_you_type: bool,
    sort: SortKey,
    limit: int,
    time_limit: float | None,
    snippets: bool,
    all_ids: bool,
) -> SearchResults:
    started = time.perf_counter()
    query = compile_query(searcher, text, as_you_type=as_you_type)
    if query is None:
        query = wq.Every()
        if sort == "relevance":
            sort = "date"
    elif sort == "relevance" and as_you_type and _typing_short_word(text):
        # A word of two or three letters is still being typed: ranking its
        # thousands of completions costs 100-200 ms and means little, so the
        # list shows them newest first until the word is longer.
        sort = "date"
    reader = searcher.reader()
    partial = False
    scores: dict[int, float] = {}
    ranked: list[int] = []
    recorder: _Recorder | None = None
    matched: set[int] | None = None
    if sort == "relevance":
        # The NOT part is excluded as a set, not ranked: Whoosh finds the first
        # match of "a NOT (b OR c …)" by walking the whole union, before any
        # time limit is looked at (0.7 s for 63 common words at 10,000).
        positive, negative = _split_negative(query)
        excluded = _docnums(searcher, reader, negative) if negative is not None else set()
        if _leaf_count(positive) > RANK_TERMS:
            # Too wide to rank in time (Whoosh scores every posting of a wide
            # OR before its time limit is looked at): listed newest first.
            partial = True
        elif _needs_whoosh_matching(positive):
            # Phrases can't be counted from posting sets: note every match while
            # ranking (without skipping) rather than matching the phrase twice.
            recorder = _Recorder(_top_collector(searcher, limit, all_ids))
            ranked, scores, partial = _rank(
                searcher, positive, recorder, excluded, time_limit, started
            )
            if not partial:
                matched = recorder.seen - excluded - _deleted(searcher, reader)
        else:
            matched = _docnums(searcher, reader, positive) - excluded - _deleted(searcher, reader)
            top = _top_collector(searcher, limit, all_ids)
            ranked, scores, partial = _rank(searcher, positive, top, excluded, time_limit, started)
    # Even when ranking stopped early, every match is listed (ranked first).
    if matched is None:
        matched = matching_docnums(searcher, query)
    matching = sorted(matched)
    has_columns = bool(matching) and reader.has_column("date")
    if sort == "relevance" and not all_ids:
        docnums = ranked + [d for d in matching if d not in scores][: max(0, limit - len(ranked))]
    elif sort == "relevance":
        rest = [docnum for docnum in matching if docnum not in scores]
        if has_columns and rest:
            dates = _column(searcher, "date")
            rest.sort(key=lambda docnum: dates[docnum] or 0, reverse=True)
        docnums = ranked + rest
    elif has_columns:
        dates = _column(searcher, "date")
        if sort == "date":
            docnums = sorted(matching, key=lambda d: dates[d] or 0, reverse=True)
        else:
            titles = _column(searcher, "title_sort")
            by_date = sorted(matching, key=lambda d: dates[d] or 0, reverse=True)
            docnums = sorted(by_date, key=lambda d: titles[d] or "")
    else:
        docnums = matching
    ids: list[str] = []
    if all_ids and docnums:
        # An index with no segment yet (an empty library) has no columns.
        id_column = _column(searcher, "id")
        ids = [id_column[docnum] for docnum in docnums]
    terms = query_terms(query)
    hits = []
    for docnum in docnums[:limit]:
        stored = searcher.stored_fields(docnum)
        hits.append(
            Hit(
                id=stored["id"],
                path=stored.get("path", ""),
                title=stored.get("title", ""),
                date=stored.get("date"),
                source=stored.get("source", ""),
                tags=[t for t in stored.get("tags", "").split(",") if t],
                score=round(float(scores.get(docnum, 0.0)), 4),
                snippet=make_snippet(stored.get("body", ""), terms) if snippets else None,
            )
        )
    return SearchResults(
        query=text,
        hits=hits,
        ids=ids,
        total=len(matching),
        partial=partial,
        elapsed=time.perf_counter() - started,
        terms=terms,
        body_terms=query_terms(query, ("body", "exact")),
    )


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


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return porter_stem(word)


def match_spans(
    text: str, terms: frozenset[str] | set[str], limit: int = 10_000
) -> list[tuple[int, int]]:
    """Offsets of words in ``text`` that match ``terms`` exactly or by stem.

    A regular expression of the terms as word prefixes finds the candidates
    (stems are nearly always prefixes of their words) at C speed; only those
    words are stemmed to confirm, instead of stemming every word of the text.
    """
    spans: list[tuple[int, int]] = []
    if not terms:
        return spans
    for match in _candidates(frozenset(terms)).finditer(text):
        word = match.group().lower()
        if word in terms or _stem(word) in terms:
            spans.append(match.span())
            if len(spans) >= limit:
                break
    return spans


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern[str]:
    """Words starting with any term (longest first, so alternation prefers them)."""
    stems = sorted({term[:3] if len(term) > 3 else term for term in terms}, key=len, reverse=True)
    alternation = "|".join(re.escape(stem) for stem in stems)
    return re.compile(rf"\b(?:{alternation})\w*(?:\.?\w+)*", re.IGNORECASE)


def make_snippet(
    text: str, terms: frozenset[str] | set[str], width: int = SNIPPET_CHARS
) -> Snippet:
    """A window around the first match (or the start), with match offsets."""
    scan = text[:SNIPPET_SCAN_CHARS]
    spans = match_spans(scan, terms, limit=64)
    if not spans:
        window = " ".join(scan[: width * 2].split())[:width]
        return Snippet(window)
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start > 0:
        space = scan.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(scan), start + width)
    flat, shift = _flatten(scan[start:end])
    matches = tuple(
        (shift[s - start], shift[e - start]) for s, e in spans if s >= start and e <= end
    )
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(scan) else ""
    shifted = tuple((s + len(prefix), e + len(prefix)) for s, e in matches)
    return Snippet(prefix + flat + suffix, shifted, tuple(spans))


def _flatten(raw: str) -> tuple[str, list[int]]:
    """Collapse whitespace runs to one space; map each old offset to its new one."""
    flat = _WHITESPACE.sub(" ", raw)
    if len(flat) == len(raw):
        return flat, list(range(len(raw) + 1))
    shift: list[int] = []
    removed = 0
    position = 0
    for run in _WHITESPACE.finditer(raw):
        start, end = run.span()
        shift.extend(offset - removed for offset in range(position, start + 1))
        # Inside the run every offset maps to just after its single space.
        shift.extend([start - removed + 1] * (end - start - 1))
        removed += end - start - 1
        position = end
    shift.extend(offset - removed for offset in range(position, len(raw) + 1))
    return flat, shift


_WHITESPACE = re.compile(r"\s+")


def snippet_for_ids(
    source: FileIndex | Searcher, ids: Sequence[str], terms: frozenset[str]
) -> dict[str, Snippet]:
    """Snippets for documents by id (the TUI's preview asks for one at a time)."""
    if not isinstance(source, Searcher):
        with source.searcher() as searcher:
            return snippet_for_ids(searcher, ids, terms)
    found: dict[str, Snippet] = {}
    for doc_id in ids:
        docnum = source.document_number(id=doc_id)
        if docnum is not None:
            body = source.stored_fields(docnum).get("body", "")
            found[doc_id] = make_snippet(body, terms)
    return found


__all__ = [
    "SORTS",
    "Hit",
    "QueryError",
    "SearchResults",
    "Snippet",
    "SortKey",
    "make_snippet",
    "run_search",
]
