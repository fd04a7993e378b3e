"""Facet counts of a result set: ``Stream.facets`` against bare SQLite ``GROUP BY``s.

What the facets panel waits for after each search: how many briefings of the
results carry each tag, source, month and claim status, counted from the values
kept in memory; and, reported apart, what reading those values again costs
the first count after a change. Two result sets: a
broad query's matches (a common word, about half the library) and the whole
library. The ids are found beforehand (the search is measured elsewhere); the
counts alone are timed. The reference is what one would write with bare
SQLite on the same store file: one ``GROUP BY`` per facet (tags through
``json_each``) over the same ids, on its own read-only connection, timed
alternately in the same loop.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from statistics import median

from briefing_tui.core.stream.kept_facets import KeptFacets

from ..context import BenchContext
from ..registry import figure
from ..results import Result, Target
from ..stats import p95, summary, timed

#: A word most synthetic briefings hold: its matches are a broad result set.
BROAD_QUERY = "government"

_IDS = "SELECT value FROM json_each(?)"
_BARE = [
    f"SELECT t.value, count(*) FROM documents AS d, json_each(d.tags) AS t "
    f"WHERE d.id IN ({_IDS}) GROUP BY t.value",
    f"SELECT source, count(*) FROM documents WHERE id IN ({_IDS}) AND source IS NOT NULL "
    "GROUP BY source",
    f"SELECT substr(date, 1, 7), count(*) FROM documents WHERE id IN ({_IDS}) "
    "AND date IS NOT NULL GROUP BY 1",
    f"SELECT status, count(DISTINCT doc_id) FROM claims WHERE doc_id IN ({_IDS}) GROUP BY status",
]
_BARE_ALL = [query.replace(f"IN ({_IDS})", "IS NOT NULL") for query in _BARE[:3]] + [
    "SELECT status, count(DISTINCT doc_id) FROM claims GROUP BY status"
]


def _bare_counts(db: sqlite3.Connection, ids: Sequence[str] | None) -> int:
    """The four facets with bare SQL; how many values they hold."""
    if ids is None:
        return sum(len(db.execute(query).fetchall()) for query in _BARE_ALL)
    wanted = json.dumps(list(ids))
    return sum(len(db.execute(query, (wanted,)).fetchall()) for query in _BARE)


def _target(size: int) -> Target:
    if size <= 10_000:
        return Target(max_value=50, text="< 50 ms", up_to=None)
    return Target(max_value=300, text="< 300 ms at 100,000", up_to=None)


@figure("facets", "facet counts for a result set (tag, source, month, claim status)", order=130)
def facets(ctx: BenchContext) -> list[Result]:
    ws = ctx.workspace()
    broad = ws.stream.matching_ids(BROAD_QUERY)
    sets: list[tuple[str, list[str] | None]] = [(f"results of {BROAD_QUERY!r}", broad)]
    sets.append(("whole library", None))
    db = sqlite3.connect(f"file:{ctx.paths.store_file}?mode=ro", uri=True)
    try:
        return [*(_row(ctx, db, label, ids) for label, ids in sets), _reread(ctx)]
    finally:
        db.close()


def _reread(ctx: BenchContext) -> Result:
    """What the first count after a change costs on top: the values kept in memory
    read from the store again (after a sync that changed something, a tag or a claim
    written). Reported, not judged: it happens once per change, in the panel's worker."""
    store = ctx.workspace().store
    rounds: list[float] = []
    rounds_cpu: list[float] = []
    for _ in range(max(3, ctx.samples.search // 5)):
        cpu = time.process_time()
        seconds, _kept = timed(lambda: KeptFacets(store.facet_rows(), store.claim_statuses()))
        rounds_cpu.append(time.process_time() - cpu)
        rounds.append(seconds)
    ms = p95(rounds) * 1000
    cpu_ms = median(rounds_cpu) * 1000
    ctx.log(f"  facet values read again after a change: p95 {ms:.1f} ms (CPU median {cpu_ms:.1f})")
    return Result(
        figure="facets",
        label="facet values read again after a change (p95)",
        size=ctx.size,
        ours=ms,
        unit="ms",
        target=Target(text="reported: once per change", up_to=None),
        details={"ours_ms": summary(rounds, 1000), "ours_cpu_ms": summary(rounds_cpu, 1000)},
    )


def _row(ctx: BenchContext, db: sqlite3.Connection, label: str, ids: list[str] | None) -> Result:
    stream = ctx.workspace().stream
    for _ in range(ctx.samples.warmup):
        stream.facets(ids)
        _bare_counts(db, ids)
    ours: list[float] = []
    ours_cpu: list[float] = []  # others share the machine: the CPU it took, apart
    reference: list[float] = []
    values = bare_values = total = 0
    for _ in range(ctx.samples.search):
        cpu = time.process_time()
        seconds, counted = timed(lambda: stream.facets(ids))
        ours_cpu.append(time.process_time() - cpu)
        ours.append(seconds)
        total = counted.total
        values = sum(len(found) for found in counted.by_name().values())
        seconds, bare_values = timed(lambda: _bare_counts(db, ids))
        reference.append(seconds)
    ms = p95(ours) * 1000
    cpu_ms = median(ours_cpu) * 1000
    ctx.log(
        f"  facets of {label}: {total} briefings, {values} values, p95 {ms:.1f} ms "
        f"(CPU median {cpu_ms:.1f} ms)"
    )
    return Result(
        figure="facets",
        label=f"facets of {label} (p95)",
        size=ctx.size,
        ours=ms,
        unit="ms",
        reference=p95(reference) * 1000,
        reference_label="bare SQLite GROUP BYs",
        target=_target(ctx.size),
        details={
            "briefings": total,
            "values": values,
            "reference_values": bare_values,
            "ours_ms": summary(ours, 1000),
            "ours_cpu_ms": summary(ours_cpu, 1000),
            "reference_ms": summary(reference, 1000),
        },
    )
