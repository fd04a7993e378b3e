"""Running a search: match as sets, rank within the query's budget, list every match.

Every match is listed, the best :data:`SCORED` by score first and the rest
newest first; ranking gets what matching left of :data:`QUERY_BUDGET` (and
a caller's time limit), so a query of any shape answers in bounded time and
says when its ranking stopped early.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Collection
from contextlib import suppress
from typing import Any

from whoosh import query as wq
from whoosh.collectors import (
    Collector,
    TimeLimit,
    TimeLimitCollector,
    WrappingCollector,
)
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from .compile import NO_TERMS, ConstantUnion, compile_query, typing_short_word
from .filters import IdFilter, StateIds, only_filters
from .highlights import marked_highlights, query_terms
from .phrases import CandidatePhrase, covered
from .postings import (
    POSTING_SETS,
    SearchCache,
    best_first,
    column_values,
    constant_counts,
    deleted_docnums,
    docnum_set,
    matching_docnums,
    newest_first,
)
from .query import QueryError
from .ranking import TieOrder, best_of_one_word, best_scored, scored_matches
from .results import Hit, SearchResults, SortKey
from .snippets import make_snippet
from .typed_word import whole_word_first

#: A query of more leaf terms than this is listed newest first, not ranked:
#: Whoosh scores every posting of a wide OR before its time limit is checked.
RANK_TERMS = 48


class _Recorder(WrappingCollector):  # type: ignore[misc]  # Whoosh is untyped
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


class _Excluding(WrappingCollector):  # type: ignore[misc]  # Whoosh is untyped
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


def _ranked_count(limit: int, all_ids: bool) -> int:
    """How many matches are ranked by score: enough to order the list
    (``all_ids``), or just the hits asked for."""
    return max(limit, SCORED) if all_ids else max(limit, 1)


def _top_collector(searcher: Searcher, limit: int, all_ids: bool) -> Collector:
    return searcher.collector(limit=_ranked_count(limit, all_ids))


def _tie_order(searcher: Searcher) -> TieOrder | None:
    """Equal scores newest first, then by title (as ``briefing list`` orders the
    library): the index's order among them meant nothing to a user."""
    if not searcher.reader().has_column("date"):
        return None  # an index with no segment yet
    return lambda docnums, first: newest_first(searcher, docnums, first)


def _alike(scores: dict[int, float]) -> bool:
    """Whether every score is the same (a field's word, as ``tag:x``)."""
    return bool(scores) and min(scores.values()) == max(scores.values())


def _ties_ordered(searcher: Searcher, ranked: list[int], scores: dict[int, float]) -> list[int]:
    """Whoosh's own ranking (phrases it matches, a ranking stopped early) picks among
    equal scores by index order: they are listed in the tie order (the other ways
    rank in it already)."""
    if len(ranked) > 1 and searcher.reader().has_column("date"):
        return best_first(searcher, ranked, scores)
    return ranked


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
    if isinstance(query, wq.Term | wq.Every | IdFilter) or query is wq.NullQuery:
        return False
    if isinstance(query, wq.NumericRange) and query.constantscore:
        return False  # a date span: a union of date terms
    if isinstance(query, CandidatePhrase) and covered(query):
        return False  # matched from posting sets and the candidates' positions
    if isinstance(query, wq.Or | wq.And | wq.AndNot | wq.ConstantScoreQuery):
        return any(_needs_whoosh_matching(child) for child in query.children())
    return not isinstance(query, type(wq.NullQuery))


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
    states: StateIds | None = None,
    rank_short: bool = False,
) -> SearchResults:
    """Search an index (or an open searcher, which is kept open). Raises :class:`QueryError`.

    ``states`` answers ``is:`` terms (the briefings the store says are read,
    new or changed); without it, a query using them is refused.

    ``rank_short``: a short last word being typed is ranked all the same (the
    typing paused), not listed newest first.

    ``limit`` hits come back in full (stored fields and snippets). ``ids``
    lists every match: by relevance the best :data:`SCORED` by score, then
    the rest newest first, because scoring and sorting every match of a
    broad query costs several times a top-N search; by date or title, all
    of them in that order, read from columns.
    """
    # As you type on a searcher kept open, what the previous keystroke's search
    # read is at hand (see SearchCache): each keystroke mostly asks again for
    # the words of the last. Other searches (the CLI, a query entered) read afresh.
    previous = getattr(source, "_briefing_last_search", None) if as_you_type else None
    memory = SearchCache(previous if isinstance(previous, SearchCache) else None)
    token = POSTING_SETS.set(memory)
    try:
        args = (text, as_you_type, sort, limit, time_limit, snippets, all_ids, states, rank_short)
        if isinstance(source, Searcher):
            return _search(source, *args)
        with source.searcher() as searcher:
            return _search(searcher, *args)
    finally:
        POSTING_SETS.reset(token)
        if as_you_type and isinstance(source, Searcher):
            with suppress(AttributeError):
                source._briefing_last_search = memory.finished()


def _search(
    searcher: Searcher,
    text: str,
    as_you_type: bool,
    sort: SortKey,
    limit: int,
    time_limit: float | None,
    snippets: bool,
    all_ids: bool,
    states: StateIds | None,
    rank_short: bool,
) -> SearchResults:
    started = time.perf_counter()
    query = compile_query(searcher, text, as_you_type=as_you_type, states=states)
    nothing_indexed = query is NO_TERMS
    if query is None:
        query = wq.Every()
        if sort == "relevance":
            sort = "date"
    elif sort == "relevance" and only_filters(query):
        sort = "date"  # ``is:unread`` alone: nothing to rank, listed newest first
    elif sort == "relevance" and as_you_type and not rank_short and typing_short_word(text):
        # A word of two or three letters is still being typed: ranking its
        # thousands of completions costs 100-200 ms and means little, so the
        # list shows them newest first until the word is longer, or until the
        # typing pauses (``rank_short``: "oil" is a whole word too).
        sort = "date"
    reader = searcher.reader()
    partial = False
    scores: dict[int, float] = {}
    ranked: list[int] = []
    #: Every match in its final order, when ranking them all gave it at once.
    listed: list[int] | None = None
    recorder: _Recorder | None = None
    matched: set[int] | None = None
    total: int | None = None  # when counted without listing every match
    if sort == "relevance":
        # The NOT part is excluded as a set, not ranked: Whoosh finds the first
        # match of "a NOT (b OR c …)" by walking the whole union, before any
        # time limit is looked at (0.7 s for 63 common words at 10,000).
        positive, negative = _split_negative(query)
        excluded = docnum_set(searcher, reader, negative) if negative is not None else set()
        wide = _leaf_count(positive) > RANK_TERMS
        counts = None if wide else constant_counts(searcher, reader, positive)
        if counts is not None:
            # Prefixes alone (``go* OR mi*``): their scores are counts of sets,
            # exact and cheap (Whoosh's ranking of them ran out of the budget).
            matched = set(counts) - excluded - deleted_docnums(searcher, reader)
            # Newest first, then by count (a stable sort keeps equal counts newest
            # first): one pass over the order by date, not a tie order per score.
            dated = reader.has_column("date")
            by_date = newest_first(searcher, matched) if dated else sorted(matched)
            ranked = sorted(by_date, key=counts.__getitem__, reverse=True)
            ranked = ranked[: _ranked_count(limit, all_ids)]
            scores = {docnum: float(counts[docnum]) for docnum in ranked}
            if all_ids:
                # The rest, newest first, from the same order (walking the order
                # by date again for them was a second pass a keystroke).
                listed = ranked + [docnum for docnum in by_date if docnum not in scores]
        elif wide:
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
            ranked = _ties_ordered(searcher, ranked, scores)
            if not partial:
                matched = recorder.seen - excluded - deleted_docnums(searcher, reader)
        elif (
            not all_ids
            and not excluded
            and (best := best_of_one_word(searcher, positive, limit, _tie_order(searcher)))
            is not None
        ):
            # One word, only the best hits wanted (the CLI): counted from its
            # document frequency, its blocks that cannot rank skipped unread.
            ranked, scores, total = best
            matched = set(ranked)
        elif (scored := scored_matches(searcher, positive)) is not None:
            # Words (and phrases, sets) scored from whole posting blocks, the
            # same scores Whoosh's ranking gives a posting at a time.
            # (An id filter's list may hold deleted briefings: dropped here.)
            for docnum in (excluded | deleted_docnums(searcher, reader)) & scored.keys():
                del scored[docnum]
            if as_you_type:
                whole_word_first(searcher, reader, text, scored)  # "spec" before "special"
            matched = set(scored)
            if all_ids and _alike(scored) and reader.has_column("date"):
                # Every match scores alike (``tag:x``): the list is the matches
                # newest first, made once (not ranked, then the rest again).
                listed = newest_first(searcher, matched)
                ranked = listed[: _ranked_count(limit, all_ids)]
            else:
                ranked = best_scored(scored, _ranked_count(limit, all_ids), _tie_order(searcher))
            scores = {docnum: scored[docnum] for docnum in ranked}
        else:
            matched = (
                docnum_set(searcher, reader, positive)
                - excluded
                - deleted_docnums(searcher, reader)
            )
            top = _top_collector(searcher, limit, all_ids)
            ranked, scores, partial = _rank(searcher, positive, top, excluded, time_limit, started)
            ranked = _ties_ordered(searcher, ranked, scores)
    # Even when ranking stopped early, every match is listed (ranked first).
    if matched is None:
        matched = matching_docnums(searcher, query)
    has_columns = bool(matched) and reader.has_column("date")
    hits_only = sort == "relevance" and not all_ids
    if hits_only:
        # The few hits after the ranked ones, without sorting every match.
        wanted = max(0, limit - len(ranked))
        unranked = (docnum for docnum in matched if docnum not in scores)
        docnums = ranked + (heapq.nsmallest(wanted, unranked) if wanted else [])
    elif sort == "relevance" and listed is not None:
        docnums = listed
    elif sort == "relevance":
        rest = matched - scores.keys()
        docnums = ranked + (newest_first(searcher, rest) if has_columns else sorted(rest))
    elif has_columns and sort == "date":
        docnums = newest_first(searcher, matched)
    elif has_columns:
        titles = column_values(searcher, "title_sort")
        docnums = sorted(newest_first(searcher, matched), key=lambda d: titles[d] or "")
    else:
        docnums = sorted(matched)
    ids: list[str] = []
    if all_ids and docnums:
        # An index with no segment yet (an empty library) has no columns.
        id_column = column_values(searcher, "id")
        ids = list(map(id_column.__getitem__, docnums))
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
        total=len(matched) if total is None else total,
        partial=partial,
        listed_by=sort,
        elapsed=time.perf_counter() - started,
        terms=terms,
        body_terms=marked_highlights(searcher, text, query, as_you_type, states),
        nothing_indexed=nothing_indexed,
    )


def matching_sets(
    searcher: Searcher, texts: list[str], states: StateIds | None = None
) -> list[set[int] | QueryError]:
    """For each query, the live document numbers it matches (no ranking, no hits),
    or why it cannot run. What counts and bulk actions use: a set per query,
    each term's postings read once for all of them."""
    token = POSTING_SETS.set(SearchCache())
    asked: dict[str, Collection[str]] = {}

    def once(name: str) -> Collection[str]:  # each state read from the store once for all
        if name not in asked:
            assert states is not None
            asked[name] = states(name)
        return asked[name]

    try:
        found: list[set[int] | QueryError] = []
        for text in texts:
            try:
                query = compile_query(searcher, text, states=once if states else None)
            except QueryError as error:
                found.append(error)
                continue
            found.append(matching_docnums(searcher, wq.Every() if query is None else query))
        return found
    finally:
        POSTING_SETS.reset(token)


def ids_of(searcher: Searcher, docnums: set[int]) -> list[str]:
    """The ids of documents by number, newest first."""
    if not docnums or not searcher.reader().has_column("date"):
        return []
    ids = column_values(searcher, "id")
    return [ids[d] for d in newest_first(searcher, docnums)]
