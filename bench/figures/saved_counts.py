"""Counts for 20 saved searches after a sync: ``Stream.saved_counts`` against bare Whoosh.

What the saved-searches panel waits for after each sync: every saved query's
matches and unread matches. Twenty saved searches of the shapes people save
(words, phrases, tags, sources, titles, AND, OR, NOT) are added to the store
for the figure and removed after it. Each sample is a sync (nothing changed:
its time is the no-change figure's) and then the counts, timed alone. The
reference counts the same twenty queries' matches, as sets, with Whoosh's own
parser on an open searcher (no unread counts, no saved-search store),
alternately in the same loop.
"""

from __future__ import annotations

import time

from whoosh import index as whoosh_index
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher

from ..context import BenchContext
from ..reference import whoosh_syntax
from ..registry import figure
from ..results import Result, Target
from ..stats import p95, summary, timed


def saved_queries(tag: str) -> list[str]:
    """Twenty queries people save; ``tag`` is one the library has."""
    return [
        "sanctions",
        "oil prices",
        '"prime minister"',
        "election OR ballot",
        f"tag:{tag}",
        "tag:energy",
        "tag:sanctions oil",
        "tag:politics -election",
        "title:oil",
        "title:election OR title:vote",
        "minister budget",
        "government -minister",
        '"interest rates"',
        "inflation OR growth",
        "nuclear talks",
        "pipeline gas",
        "investors shares",
        "tag:markets dollar",
        "parliament vote",
        "embargo OR treaty",
    ]


def _bare_counts(searcher: Searcher, parser: QueryParser, queries: list[str]) -> int:
    """Every query's matches as a set, Whoosh's way; the sum of their sizes."""
    return sum(len(set(searcher.docs_for_query(parser.parse(whoosh_syntax(q))))) for q in queries)


@figure("saved-counts", "counts for 20 saved searches after a sync", order=131)
def saved_counts(ctx: BenchContext) -> list[Result]:
    ws = ctx.workspace()
    queries = saved_queries(ctx.sample_tag())
    names = [f"bench {number:02d}" for number in range(len(queries))]
    for name, query in zip(names, queries, strict=True):
        ws.stream.add_saved(name, query)
    ix = whoosh_index.open_dir(str(ctx.paths.index_dir))
    parser = QueryParser("body", ix.schema)
    try:
        ws.stream.saved_counts()
        ours: list[float] = []
        reference: list[float] = []
        matches = bare_matches = unread = 0
        for _ in range(ctx.samples.search):
            ws.sync()
            seconds, counted = timed(ws.stream.saved_counts)
            ours.append(seconds)
            errors = [s.error for s in counted if s.error]
            if errors:
                raise RuntimeError(f"a saved query does not parse: {errors[0]}")
            matches = sum(s.matches or 0 for s in counted)
            unread = sum(s.unread or 0 for s in counted)
            with ix.searcher() as searcher:
                started = time.perf_counter()
                bare_matches = _bare_counts(searcher, parser, queries)
                reference.append(time.perf_counter() - started)
    finally:
        ix.close()
        for name in names:
            ws.stream.remove_saved(name)
    ctx.log(f"  20 saved searches: {matches} matches in all, p95 {p95(ours) * 1000:.1f} ms")
    return [
        Result(
            figure="saved-counts",
            label="counts of 20 saved searches after a sync (p95)",
            size=ctx.size,
            ours=p95(ours) * 1000,
            unit="ms",
            reference=p95(reference) * 1000,
            reference_label="bare Whoosh, 20 match sets",
            target=Target(max_value=300, text="< 300 ms"),
            details={
                "queries": queries,
                "matches": matches,
                "unread": unread,
                "reference_matches": bare_matches,
                "ours_ms": summary(ours, 1000),
                "reference_ms": summary(reference, 1000),
            },
        )
    ]
