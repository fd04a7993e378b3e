"""What else could be used: SQLite FTS5 over the same files (build time and query latency).

A speed figure says more next to what else could be used: a user without
briefing-tui could put the same Markdown files into an FTS5 table with
Python's own ``sqlite3`` and search that.

Build: a fresh database file in the run's work folder, one FTS5 table
``docs(title, body)`` with the Porter stemmer (ours stems too), filled in
one transaction from the same files with the front matter split crudely,
exactly as the bare Whoosh reference does (:func:`bench.reference.crude_fields`),
then committed. Timed from opening the file to the commit, in this process
(imports excluded, as the build worker excludes them); ``build_rounds``
rounds in fresh files, the fastest counts, as for the other builds. Ours is
the full build the build figure measured (the context caches it). No
``optimize`` is run: a program wouldn't need one to search.

Search: the word, phrase and prefix queries of the search figure, as FTS5
``MATCH`` expressions over both columns (``government``, ``"prime minister"``,
``minist*``), ranked by BM25 with the title weighted 2 (ours boosts the title
2x), ``LIMIT 20``, with a ``snippet()`` of each hit, on a connection opened
beforehand. Ours is the same call the search figure times,
``Workspace.search(q, limit=20, all_ids=False)``, which also counts every
match exactly; both are timed alternately in one loop. The rows are
reported, not judged: FTS5 is a different engine (its own tokenizer and
ranking, no fields, no as-you-type), the figures show what it would cost.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

from ..context import BenchContext
from ..reference import crude_fields, library_files
from ..registry import figure
from ..results import Result
from ..stats import p95, summary, timed

LIMIT = 20
#: (kind, our query, the FTS5 MATCH expression): the word, phrase and prefix queries
#: of the search figure. FTS5 spells them the same way.
QUERIES = [
    ("word", "government", "government"),
    ("phrase", '"prime minister"', '"prime minister"'),
    ("prefix", "minist*", "minist*"),
]
SCHEMA = "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61')"
#: Ours boosts the title 2x (``make_schema``); FTS5's rank is BM25 with column weights.
RANK = "INSERT INTO docs(docs, rank) VALUES ('rank', 'bm25(2.0, 1.0)')"
SEARCH = (
    "SELECT rowid, title, snippet(docs, -1, '[', ']', '…', 16) FROM docs "
    "WHERE docs MATCH ? ORDER BY rank LIMIT ?"
)
COUNT = "SELECT count(*) FROM docs WHERE docs MATCH ?"
BUILD_LABEL = "full index build, SQLite FTS5 (what else could be used)"


def fts5_missing() -> str | None:
    """Why this Python's sqlite3 cannot do FTS5, or ``None`` when it can."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.Error as error:
        return f"SQLite {sqlite3.sqlite_version} has no FTS5 ({error})"
    return None


def fts5_build(content: Path, database: Path) -> tuple[float, int]:
    """(seconds, documents) of filling a fresh FTS5 table at ``database`` from ``content``."""
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(database, isolation_level=None)
    try:
        db.execute(SCHEMA)
        db.execute(RANK)
        db.execute("BEGIN")
        count = 0
        for path in library_files(content):
            fields = crude_fields(path, content)
            db.execute(
                "INSERT INTO docs (title, body) VALUES (?, ?)", (fields["title"], fields["body"])
            )
            count += 1
        db.execute("COMMIT")
    finally:
        db.close()
    return time.perf_counter() - started, count


def _build_row(ctx: BenchContext, folder: Path) -> tuple[Result, Path]:
    """FTS5's full build, fastest of ``build_rounds``; the row and the database kept."""
    runs: list[float] = []
    documents = 0
    database = folder / "fts5.sqlite3"
    for number in range(1, ctx.samples.build_rounds + 1):
        seconds, documents = fts5_build(ctx.library, database)
        runs.append(seconds)
        ctx.log(f"  SQLite FTS5 build, round {number}: {documents} documents in {seconds:.2f} s")
    ours = ctx.build("ours")  # cached by the context: measured once per size
    row = Result(
        figure="fts5",
        label=BUILD_LABEL,
        size=ctx.size,
        ours=ours.seconds,
        unit="s",
        reference=min(runs),
        reference_label="SQLite FTS5, 1 proc",
        details={
            "docs": ours.docs,
            "fts5_docs": documents,
            "fts5_rounds_s": [round(s, 4) for s in runs],
            "fts5_mb": round(database.stat().st_size / 1e6, 2),
            "sqlite": sqlite3.sqlite_version,
            "note": "ours: the build figure's full build (fresh process); FTS5: in this "
            "process, one transaction, crude front-matter split, porter tokenizer",
        },
    )
    return row, database


def _search_row(
    ctx: BenchContext, db: sqlite3.Connection, kind: str, query: str, match: str
) -> Result:
    ws = ctx.workspace()

    def fts5() -> list[tuple[int, str, str]]:
        return db.execute(SEARCH, (match, LIMIT)).fetchall()

    for _ in range(ctx.samples.warmup):
        ws.search(query, limit=LIMIT, all_ids=False)
        fts5()
    ours: list[float] = []
    reference: list[float] = []
    hits = total = reference_hits = 0
    for _ in range(ctx.samples.search):
        seconds, results = timed(lambda: ws.search(query, limit=LIMIT, all_ids=False))
        ours.append(seconds)
        hits, total = len(results.hits), results.total
        seconds, found = timed(fts5)
        reference.append(seconds)
        reference_hits = len(found)
    reference_total = db.execute(COUNT, (match,)).fetchone()[0]  # untimed: for the record
    ctx.log(
        f"  {query}: ours {total} matches, p95 {p95(ours) * 1000:.1f} ms; "
        f"FTS5 {reference_total} matches, p95 {p95(reference) * 1000:.1f} ms"
    )
    return Result(
        figure="fts5",
        label=f"search {kind} {query}: ours vs SQLite FTS5 (p95)",
        size=ctx.size,
        ours=p95(ours) * 1000,
        unit="ms",
        reference=p95(reference) * 1000,
        reference_label="SQLite FTS5",
        details={
            "query": query,
            "fts5_match": match,
            "fts5_sql": SEARCH,
            "hits": hits,
            "matches": total,
            "fts5_hits": reference_hits,
            "fts5_matches": reference_total,
            "ours_ms": summary(ours, 1000),
            "fts5_ms": summary(reference, 1000),
            "note": "ours also counts every match and makes snippets with offsets; "
            "FTS5 returns the top 20 with snippet() and does not count",
        },
    )


@figure(
    "fts5",
    "what else could be used: SQLite FTS5 over the same files (build, search p95)",
    order=110,
)
def sqlite_fts5(ctx: BenchContext) -> list[Result]:
    missing = fts5_missing()
    ctx.workspace()  # our build first (cached if the build figure ran), then our workspace
    if missing is not None:
        ctx.log(f"  {missing}: FTS5 not measured")
        ours = ctx.build("ours")
        return [
            Result(
                figure="fts5",
                label=f"{BUILD_LABEL}: not available, {missing}",
                size=ctx.size,
                ours=ours.seconds,
                unit="s",
                details={"fts5": missing, "sqlite": sqlite3.sqlite_version},
            )
        ]
    folder = ctx.work / "fts5"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        build, database = _build_row(ctx, folder)
        rows = [build]
        db = sqlite3.connect(database)
        try:
            rows += [_search_row(ctx, db, kind, q, match) for kind, q, match in QUERIES]
        finally:
            db.close()
    finally:
        if not ctx.config.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return rows
