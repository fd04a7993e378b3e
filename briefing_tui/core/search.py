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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Literal

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.index import FileIndex
from whoosh.lang.porter import stem as porter_stem
from whoosh.searching import Searcher
from whoosh.sorting import FieldFacet, ScoreFacet

from .frontmatter import normalize_tag
from .query import And, DateSpan, Node, Not, Or, Phrase, QueryError, Word, parse

SortKey = Literal["relevance", "date", "title"]
SORTS: tuple[SortKey, ...] = ("relevance", "date", "title")

#: How many terms a prefix may expand to, by the prefix's length.
PREFIX_LIMITS = {1: 6, 2: 24}
PREFIX_LIMIT = 64
#: Terms looked at while choosing the most frequent ones (bounds the scan).
PREFIX_SCAN = 50_000
SNIPPET_CHARS = 220
#: Query fields matched as whole keywords rather than analysed words.
KEYWORD_FIELDS = ("tag", "status", "has", "anchor")
SNIPPET_SCAN_CHARS = 200_000
_TOKEN = re.compile(r"\w+(?:\.?\w+)*")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window of a document's text and the (start, end) offsets of matches in it."""

    text: str
    matches: tuple[tuple[int, int], ...] = ()


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

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema

    def compile(self, node: Node) -> wq.Query:
        if isinstance(node, Word):
            return self._word(node)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, DateSpan):
            return wq.DateRange("date", node.start, node.end, endexcl=True)
        if isinstance(node, Not):
            return wq.AndNot(wq.Every(), self.compile(node.child))
        if isinstance(node, Or):
            return wq.Or([self.compile(child) for child in node.children])
        assert isinstance(node, And)
        compiled = [self.compile(c) for c in node.children if not isinstance(c, Not)]
        positives = [q for q in compiled if not isinstance(q, _NoTerms)]
        negatives = [self.compile(c.child) for c in node.children if isinstance(c, Not)]
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
            field_name = {
                "title": "title",
                "source": "source",
                "claim": "claim",
                "note": "note",
            }.get(node.field or "", "exact")
            return self._prefix(field_name, node.text.lower())
        parts: list[wq.Query] = []
        for name in self._fields_for(node.field):
            words = _analyze(self.schema[name], node.text)
            if len(words) == 1:
                parts.append(wq.Term(name, words[0]))
            elif words:
                parts.append(wq.Phrase(name, words))
        if node.last and node.field is None:
            # The word being typed: its stemmed form or any frequent completion.
            parts.append(self._prefix("exact", node.text.lower()))
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

    def _prefix(self, field_name: str, prefix: str) -> wq.Query:
        terms = expand_prefix(self.reader, field_name, prefix)
        if not terms:
            return wq.NullQuery
        return wq.Or([wq.Term(field_name, term) for term in terms])


def expand_prefix(reader: object, field_name: str, prefix: str) -> list[str]:
    """The most frequent terms of ``field_name`` starting with ``prefix``, bounded."""
    if not prefix:
        return []
    limit = PREFIX_LIMITS.get(len(prefix), PREFIX_LIMIT)
    best: list[tuple[int, str]] = []
    try:
        iterator = reader.iter_prefix(field_name, prefix)  # type: ignore[attr-defined]
        for seen, (raw, info) in enumerate(iterator):
            if seen >= PREFIX_SCAN:
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
    return QueryCompiler(searcher).compile(node)


def run_search(
    ix: FileIndex,
    text: str,
    *,
    as_you_type: bool = False,
    sort: SortKey = "relevance",
    limit: int = 20,
    time_limit: float | None = None,
    snippets: bool = True,
    all_ids: bool = True,
) -> SearchResults:
    """Search ``ix``. Raises :class:`QueryError` for a query that cannot run.

    ``limit`` hits come back in full (stored fields and snippets); ``ids``
    lists every match in order, read from a column, which is cheap.
    """
    started = time.perf_counter()
    with ix.searcher() as searcher:
        query = compile_query(searcher, text, as_you_type=as_you_type)
        if query is None:
            query = wq.Every()
            if sort == "relevance":
                sort = "date"
        sortedby = {
            "relevance": None,
            "date": [FieldFacet("date", reverse=True), ScoreFacet()],
            "title": [FieldFacet("title_sort"), FieldFacet("date", reverse=True)],
        }[sort]
        collector = searcher.collector(limit=None, sortedby=sortedby)
        partial = False
        if time_limit is not None:
            timed = TimeLimitCollector(collector, timelimit=time_limit, use_alarm=False)
            try:
                searcher.search_with_collector(query, timed)
            except TimeLimit:
                partial = True
            results = timed.results()
        else:
            searcher.search_with_collector(query, collector)
            results = collector.results()
        docnums = [docnum for _, docnum in results.top_n] if results.top_n else []
        if not docnums:
            docnums = list(results.docs())
        ids: list[str] = []
        if all_ids and docnums:
            # An index with no segment yet (an empty library) has no columns.
            id_column = searcher.reader().column_reader("id")
            ids = [id_column[docnum] for docnum in docnums]
        terms = query_terms(query)
        # Sorted collectors put the sort key (a tuple), not the score, in
        # ``top_n``: only a relevance search has scores to report.
        scores = (
            {docnum: score for score, docnum in results.top_n or []} if sortedby is None else {}
        )
        hits = []
        for docnum in docnums[:limit]:
            stored = searcher.stored_fields(docnum)
            body = stored.get("body", "")
            hits.append(
                Hit(
                    id=stored["id"],
                    path=stored.get("path", ""),
                    title=stored.get("title", ""),
                    date=stored.get("date"),
                    source=stored.get("source", ""),
                    tags=[t for t in stored.get("tags", "").split(",") if t],
                    score=round(float(scores.get(docnum, 0.0)), 4),
                    snippet=make_snippet(body, terms) if snippets else None,
                )
            )
        total = len(docnums)
    return SearchResults(
        query=text,
        hits=hits,
        ids=ids,
        total=total,
        partial=partial,
        elapsed=time.perf_counter() - started,
        terms=terms,
    )


def query_terms(query: wq.Query) -> frozenset[str]:
    """The body/title/exact terms a query matches on: what snippets highlight."""
    found: set[str] = set()
    try:
        for fieldname, text in query.iter_all_terms():
            if fieldname in ("body", "title", "exact"):
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
    """Offsets of words in ``text`` that match ``terms`` exactly or by stem."""
    spans: list[tuple[int, int]] = []
    if not terms:
        return spans
    for match in _TOKEN.finditer(text):
        word = match.group().lower()
        if word in terms or _stem(word) in terms:
            spans.append(match.span())
            if len(spans) >= limit:
                break
    return spans


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
    return Snippet(prefix + flat + suffix, shifted)


def _flatten(raw: str) -> tuple[str, list[int]]:
    """Collapse whitespace runs to one space; map each old offset to its new one."""
    out: list[str] = []
    shift: list[int] = []
    previous_space = False
    for ch in raw:
        shift.append(len(out))
        if ch.isspace():
            if not previous_space:
                out.append(" ")
            previous_space = True
        else:
            out.append(ch)
            previous_space = False
    shift.append(len(out))
    return "".join(out), shift


def snippet_for_ids(ix: FileIndex, ids: Sequence[str], terms: frozenset[str]) -> dict[str, Snippet]:
    """Snippets for documents by id (the TUI's preview asks for one at a time)."""
    found: dict[str, Snippet] = {}
    with ix.searcher() as searcher:
        for doc_id in ids:
            docnum = searcher.document_number(id=doc_id)
            if docnum is None:
                continue
            body = searcher.stored_fields(docnum).get("body", "")
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
