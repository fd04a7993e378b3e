"""Compiling the query tree to Whoosh, with the slow parts bounded.

A one-letter prefix would expand to thousands of terms (``g*`` took 8.9 s at
10,000 articles): prefixes expand to their most frequent few terms, fewer
for shorter prefixes. A query's prefixes share one budget: of terms looked
at while choosing (from three prefixes on) and of terms expanded to (each
prefix an equal share, its most frequent completions first), so 64 of them
cost what a few do. Date spans in an AND or an OR are merged before they
reach Whoosh.
"""

from __future__ import annotations

import heapq
from array import array
from contextlib import suppress
from datetime import datetime
from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.fields import FieldType
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher

from briefing_tui.core.search.query import (
    ANALYSIS_FIELDS,
    EXACT_SOURCE,
    STATE_FIELD,
    And,
    DateSpan,
    Node,
    Not,
    Or,
    Phrase,
    QueryError,
    Word,
    parse,
)
from briefing_tui.core.tags import normalize_tag

from .claim_index import CLAIM_FIELDS
from .claim_terms import analyses_to_nothing, claim_term_key
from .filters import IdFilter, StateIds
from .phrases import CandidatePhrase
from .postings import docnum_set

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

#: Terms all the prefixes of one query expand to together, shared equally
#: (:func:`share_terms`): every term is a posting list read and, in snippets,
#: a word looked for. 64 two-letter prefixes expanded to 900 terms (1.5 s of
#: CPU at 10,000 briefings). Twice :data:`~.query.MAX_TERMS`: each prefix keeps
#: at least its most frequent completion in each of its fields.
PREFIX_TERM_BUDGET = 128

#: One prefix expanded in one field: (field, prefix, the caller's limit or None).
_Expansion = tuple[str, str, int | None]

#: Query fields matched as whole keywords rather than analysed words.
KEYWORD_FIELDS = ("tag", "status", "has", "anchor")


class _NoTerms(type(wq.NullQuery)):  # type: ignore[misc]  # Whoosh is untyped
    """A word that analyses to nothing (a stop word such as "the").

    It matches nothing on its own, but inside an AND it must be dropped
    rather than sink the whole query: "the government" means "government".
    A prefix that expands to nothing stays a real ``NullQuery``.
    """


NO_TERMS = _NoTerms()
NOTHING_TO_SEARCH = (
    "nothing to search for: no word of the query is indexed (words as common "
    "as 'the', and text without letters, digits or emoji, are left out)"
)


def _analyze(ix_field: FieldType, text: str) -> list[str]:
    return [t.text for t in ix_field.analyzer(text, mode="query")]


class QueryCompiler:
    """Turns the syntax tree into a Whoosh query against one reader."""

    def __init__(
        self, searcher: Searcher, prefixes: int = 1, states: StateIds | None = None
    ) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        #: The terms each prefix may look at: one budget shared by the query's
        #: prefixes (each scan reads a term's statistics from disk).
        self.scan_cap = PREFIX_SCAN_BUDGET // (2 * prefixes) if prefixes > 2 else None
        self.prefixes = prefixes
        #: Where ``is:`` terms get their briefings (the store), asked once per state.
        self.states = states
        self._state_ids: dict[str, frozenset[str]] = {}
        #: How many terms each expansion (field, prefix, limit) would take on its
        #: own, noted by a first compile; then each one's share of the budget.
        self._wanted: dict[_Expansion, int] = {}
        self._shares: dict[_Expansion, int] | None = None

    def compile_whole(self, node: Node) -> wq.Query:
        """Compile a whole query, its prefixes sharing :data:`PREFIX_TERM_BUDGET`.

        A first compile reads every prefix's completions (remembered on the
        searcher) and notes how many each would take; the second builds the
        query with each one's share, so no prefix is starved by those before it.
        """
        if self.prefixes < 2:
            return self.compile(node)
        self.compile(node)
        self._shares = share_terms(self._wanted, PREFIX_TERM_BUDGET)
        return self.compile(node)

    def compile(self, node: Node) -> wq.Query:
        if isinstance(node, Word):
            return self._word(node)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, DateSpan):
            if node is _EMPTY_SPAN:
                return wq.NullQuery
            return DateSpanQuery("date", node.start, node.end, endexcl=True)
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
        if self.states is not None and node.field == "tag":
            # The briefing's own tags here; its claims' tags from the claims index.
            prefix = isinstance(node, Word) and node.prefix
            own = self._prefix("tags", value) if prefix else wq.Term("tags", value)
            return wq.Or([own, self._claims(node)])
        if isinstance(node, Word) and node.prefix:
            parts = [self._prefix(name, value) for name in fields]
        else:
            parts = [wq.Term(name, value) for name in fields]
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _state(self, name: str) -> wq.Query:
        """``is:unread`` and friends: the briefings the store says are in that state."""
        if self.states is None:
            raise QueryError(f"is:{name} needs the library's store, where reading states are kept")
        wanted = "read" if name == "unread" else name
        ids = self._state_ids.get(wanted)
        if ids is None:
            ids = self._state_ids[wanted] = frozenset(self.states(wanted))
        return IdFilter(ids, complement=name == "unread", label=f"is:{name}")

    def _stored(self, key: str, kept: str = "links and ratings") -> wq.Query:
        """The analyst's terms (``links:contradict``, ``credibility:12``, ``has:links``...)
        and ``source:="…"``: the briefings the store says the term selects (asked once
        per query)."""
        if self.states is None:
            raise QueryError(f"{key} needs the library's store, where {kept} are kept")
        ids = self._state_ids.get(key)
        if ids is None:
            ids = self._state_ids[key] = frozenset(self.states(key))
        return IdFilter(ids, label=key)

    def _claims(self, node: Word | Phrase) -> wq.Query:
        """A claim term: the briefings the claims index says match it (see
        :mod:`.claim_terms`), so a claim save never re-indexes its briefing."""
        if analyses_to_nothing(node):
            return NO_TERMS
        return self._stored(claim_term_key(node), "claims")

    def _word(self, node: Word) -> wq.Query:
        if node.field == STATE_FIELD:
            return self._state(node.text)
        if node.field in ANALYSIS_FIELDS:
            return self._stored(f"{node.field}:{node.text}")
        if node.field == EXACT_SOURCE:
            # The index holds a source's words; the store, the source as written.
            return self._stored(f"{EXACT_SOURCE}:{node.text}", "sources")
        if node.field == "has" and node.text.strip().lower() == "links" and not node.prefix:
            return self._stored("has:links")
        if self.states is not None and node.field in CLAIM_FIELDS:
            return self._claims(node)
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
                parts.append(CandidatePhrase(name, words))
        if node.last and node.field is None and node.text[:1].isalnum():
            if len(node.text) < 2:
                # One letter typed: too broad to expand; wait for the next.
                return NO_TERMS
            # The word being typed: its stemmed form or any frequent completion.
            parts.append(self._prefix("exact", node.text.lower(), TYPING_PREFIX_LIMIT))
        if not parts:
            return NO_TERMS
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _phrase(self, node: Phrase) -> wq.Query:
        if self.states is not None and node.field in CLAIM_FIELDS:
            return self._claims(node)
        if node.field in KEYWORD_FIELDS:
            return self._keyword(node)
        parts: list[wq.Query] = []
        for name in self._fields_for(node.field):
            words = _analyze(self.schema[name], node.text)
            if len(words) == 1:
                parts.append(wq.Term(name, words[0]))
            elif words:
                parts.append(CandidatePhrase(name, words))
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
            # The word itself, as typed: its stem may be shorter than it (news → new,
            # gas → ga), and then no stem starts with it: ``news*`` found "newspaper"
            # and never "news". Unstemmed, so ``news*`` does not take in "new".
            if not all(stem.startswith(prefix) for stem in _analyze(self.schema["body"], prefix)):
                stemmed.append(wq.Term("exact", prefix))
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
                self.searcher._briefing_prefixes = cache
        key = (field_name, prefix, self.scan_cap)
        terms = cache.get(key)
        if terms is None:
            terms = cache[key] = expand_prefix(self.reader, field_name, prefix, self.scan_cap)
        if limit is not None:
            terms = terms[:limit]  # the most frequent first
        expansion = (field_name, prefix, limit)
        if self._shares is None:
            self._wanted[expansion] = len(terms)
        else:
            terms = terms[: self._shares.get(expansion, len(terms))]
        if not terms:
            return wq.NullQuery
        return wq.Or([wq.Term(field_name, term) for term in terms])


class ConstantUnion(wq.ConstantScoreQuery):  # type: ignore[misc]  # Whoosh is untyped
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
        ids = docnum_set(searcher, searcher.reader(), self.child)
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(array("I", sorted(ids)), all_weights=self.score)


class DateSpanQuery(wq.DateRange):  # type: ignore[misc]  # Whoosh is untyped
    """A date span whose matcher is built from posting sets.

    Whoosh's date range is a constant-score union of the date terms in the span
    (a few hundred at 100,000 briefings), whose matcher lists its documents by
    walking the union one posting at a time in Python: ``date:2022`` cost as
    much as with bare Whoosh. Its documents are read here as sets, as
    :class:`ConstantUnion`'s are; each scores the span's boost, as in Whoosh.
    """

    def matcher(self, searcher: Searcher, context: Any = None) -> matching.Matcher:
        from whoosh.searching import SearchContext

        context = context or SearchContext()
        if context.needs_current or not self.constantscore:
            return super().matcher(searcher, context)
        ids = docnum_set(searcher, searcher.reader(), self)
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(array("I", sorted(ids)), all_weights=self.boost)


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
    reader: IndexReader, field_name: str, prefix: str, scan_cap: int | None = None
) -> list[str]:
    """The most frequent terms of ``field_name`` starting with ``prefix``, bounded
    (``scan_cap``: at most this many terms looked at, the query's share).

    Each segment's terms are read in order, their counts added up: through the
    whole index's reader every term's statistics are looked up segment by
    segment, about ten times slower (``pr`` in the body: 430 ms against 35 ms
    at 10,000 briefings). The same first ``scan`` terms of the prefix are
    looked at in every segment.
    """
    if not prefix:
        return []
    limit = PREFIX_LIMITS.get(len(prefix), PREFIX_LIMIT)
    scan = PREFIX_SCANS.get(len(prefix), PREFIX_SCAN)
    if scan_cap is not None:
        scan = min(scan, scan_cap)
    counts: dict[str, int] = {}
    try:
        for leaf, _base in reader.leaf_readers():
            for seen, (raw, info) in enumerate(leaf.iter_prefix(field_name, prefix)):
                if seen >= scan:
                    break
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                counts[term] = counts.get(term, 0) + info.doc_frequency()
    except (KeyError, TypeError, ValueError, TermNotFound):
        return []
    best = heapq.nlargest(limit, counts.items(), key=lambda item: (item[1], item[0]))
    return [term for term, _count in best]


def share_terms(wanted: dict[_Expansion, int], budget: int) -> dict[_Expansion, int]:
    """How many terms each expansion keeps of ``budget``: equal shares, what one
    does not need going to those that want more, and at least one each (its most
    frequent completion: every prefix still matches what it matches most)."""
    shares = dict.fromkeys(wanted, 0)
    hungry = [key for key, count in wanted.items() if count > 0]
    for key in hungry:
        shares[key] = 1
    left = budget - len(hungry)
    hungry = [key for key in hungry if wanted[key] > 1]
    while left > 0 and hungry:
        each = max(1, left // len(hungry))
        for key in hungry:
            given = min(each, wanted[key] - shares[key], left)
            shares[key] += given
            left -= given
        hungry = [key for key in hungry if shares[key] < wanted[key]]
    return shares


def compile_query(
    searcher: Searcher, text: str, *, as_you_type: bool = False, states: StateIds | None = None
) -> wq.Query | None:
    """Parse and compile ``text``; ``None`` means "everything". ``states`` answers
    ``is:`` terms (without it they are a :class:`QueryError`)."""
    node = parse(text, as_you_type=as_you_type)
    if node is None:
        return None
    # One letter typed: keep listing everything until the next. A field's
    # (``title:2``) is meant as it is, and so is an emoji, a whole word.
    typed = node if isinstance(node, Word) and node.last and node.field is None else None
    if typed is not None and len(typed.text) < 2 and typed.text.isalnum():
        return None
    query = QueryCompiler(searcher, _prefix_count(node), states).compile_whole(node)
    if query is NO_TERMS and not as_you_type:
        # `briefing search -` (or `the`) said "No briefings match" (exit 1), as if
        # the library held no such text; while typing, the next word may come.
        raise QueryError(NOTHING_TO_SEARCH)
    return query


def _prefix_count(node: Node) -> int:
    """How many different words of the tree expand as prefixes (``word*``, the word
    being typed): ``go* OR go*`` expands once, and gets the scan of one."""
    return len(_prefix_words(node))


def _prefix_words(node: Node) -> set[tuple[str | None, str]]:
    if isinstance(node, Word):
        return {(node.field, node.text.lower())} if node.prefix or node.last else set()
    if isinstance(node, Not):
        return _prefix_words(node.child)
    if isinstance(node, And | Or):
        return set().union(*(_prefix_words(child) for child in node.children))
    return set()


def typing_short_word(text: str) -> bool:
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    return not text[-1:].isspace() and 0 < len(last) < 4 and last.isalnum()
