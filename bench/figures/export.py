"""Export time for 10,000 claims in each format (md, json, csv, w3c): target < 2 s each.

Setup (untimed): a data folder of its own over the library under test, so
the claims never reach the store the other figures use. It starts as a copy
of the data our full build made (the store through SQLite's backup API,
:func:`briefing_tui.core.store.backup.backup_store`; the index as files), and one
sync on it checks that it is settled. Then the claims are made through the
core: briefings spread over the library (sorted by id), a few claims each,
on sentences of the core's plain text (``sentence_spans``) addressed with
``make_selector``, each with a note (some of several lines, some starting
with ``=`` for the CSV escaping), up to two tags and a status. The first
few go through ``ClaimStore.add`` (one transaction each, as the app makes
them; their time is reported in the details); the rest are written by the
same SQL in a few large transactions, because a transaction per claim with
``synchronous = FULL`` would make the setup longer than every figure. The
index is not re-indexed for the claims: an export of every claim does not
search, and the Markdown report reads only the stored plain texts.

Timed: ``export_claims(ws, fmt)`` (select every claim, render to bytes), the
four formats in turn, :data:`RUNS` rounds. The row is the slowest run (the
first is cold, as a ``briefing export`` process is); the median is in the
details, with the size written and the time ``write_atomic`` then takes to
put the bytes in a file. ``--quick`` makes 1,000 claims and says so in the
label; the smoke test's minimal mode, a handful.
"""

from __future__ import annotations

import math
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import datetime

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.claims.anchoring import Selector, make_selector
from briefing_tui.core.claims.model import STATUSES, check_status
from briefing_tui.core.exchange import FORMATS, Export, export_claims, write_atomic
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store.backup import backup_store
from briefing_tui.core.tags import clean_tags
from briefing_tui.core.text.sanitize import clean_text
from briefing_tui.core.text.sentences import sentence_spans
from briefing_tui.core.workspace import Workspace

from ..context import BenchContext
from ..registry import figure
from ..results import Result, Target
from ..stats import median, summary, timed

FULL_CLAIMS, QUICK_CLAIMS, MINIMAL_CLAIMS = 10_000, 1_000, 50
#: Claims per briefing (more when the library is too small for the claims).
PER_BRIEFING = 5
#: Claims made through ``ClaimStore.add`` (one transaction each) before the batch.
ONE_BY_ONE = 20
#: Rows per transaction of the batch.
BATCH = 2_000
#: Timed exports of each format.
RUNS = 3
TARGET_S = 2.0
TAG_POOL = ("economy", "energy", "follow-up", "sources", "policy", "to-check", "quote")
INSERT_CLAIM = (
    "INSERT INTO claims (id, doc_id, exact, prefix, suffix, start, end, content_hash, "
    "note, status, anchor, created, updated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'exact', ?, ?)"
)
INSERT_TAG = "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)"


@dataclass(frozen=True)
class Planned:
    """One claim to make: where, and what the analyst wrote."""

    doc_id: str
    start: int
    end: int
    note: str
    tags: tuple[str, ...]
    status: str


def claim_count(ctx: BenchContext) -> tuple[int, str]:
    """How many claims to export, and what the label adds to say it is not the full figure."""
    if getattr(ctx.config, "minimal", False):
        return MINIMAL_CLAIMS, " (minimal)"
    if ctx.config.quick:
        return QUICK_CLAIMS, " (--quick)"
    return FULL_CLAIMS, ""


def spread(count: int, among: int) -> list[int]:
    """``count`` indexes spread evenly over ``range(among)``."""
    return sorted({i * among // count for i in range(min(count, among))}) if among else []


def _note(number: int, title: str) -> str:
    """A note as an analyst writes it: mostly one line, some several, a few formula-like."""
    if number % 10 == 3:
        return f"Check against {title[:40]}.\nAsked the desk on day {number % 28 + 1}."
    if number % 25 == 7:
        return f"=figure {number} needs a second source"
    if number % 4 == 0:
        return ""
    return f"Claim {number}: compare with the earlier briefing ({title[:30]})."


def _tags(number: int) -> tuple[str, ...]:
    return tuple(TAG_POOL[(number + k) % len(TAG_POOL)] for k in range(number % 3))


Texts = dict[str, tuple[str, str]]


def plan_claims(ws: Workspace, count: int) -> tuple[list[Planned], Texts]:
    """``count`` claims on sentences of briefings spread over the library; with their texts.

    Returns the plan and, per briefing, ``(plain text, content hash)``.
    """
    records = sorted(
        (record for record in ws.store.list_documents() if record.path is not None),
        key=lambda record: record.id,
    )
    per_briefing = max(PER_BRIEFING, math.ceil(count / max(len(records), 1)))
    wanted = spread(math.ceil(count / per_briefing), len(records))
    chosen_set = set(wanted)
    order = wanted + [i for i in range(len(records)) if i not in chosen_set]
    plan: list[Planned] = []
    texts: Texts = {}
    for position, index in enumerate(order):
        if len(plan) >= count:
            break
        record = records[index]
        briefing = ws.read(record)
        if not isinstance(briefing, Briefing):
            continue
        spans = sentence_spans(briefing.plain_text)
        # A briefing with fewer sentences leaves claims over: the next ones take them.
        remaining = count - len(plan)
        take = min(remaining, max(per_briefing, math.ceil(remaining / (len(order) - position))))
        chosen = [spans[i] for i in spread(take, len(spans))]
        if not chosen:
            continue
        texts[record.id] = (briefing.plain_text, briefing.content_hash)
        for start, end in chosen:
            number = len(plan)
            plan.append(
                Planned(
                    record.id,
                    start,
                    end,
                    _note(number, record.title),
                    _tags(number),
                    STATUSES[number % len(STATUSES)],
                )
            )
    return plan, texts


def make_claims(ws: Workspace, plan: list[Planned], texts: Texts) -> list[float]:
    """Store the planned claims; the seconds of each ``ClaimStore.add`` made one by one."""

    def selector_for(item: Planned) -> tuple[Selector, str]:
        text, content_hash = texts[item.doc_id]
        return make_selector(text, item.start, item.end), content_hash

    store = ws.claims
    added: list[float] = []
    for item in plan[:ONE_BY_ONE]:
        selector, content_hash = selector_for(item)
        started = time.perf_counter()
        store.add(
            item.doc_id,
            selector,
            content_hash,
            note=item.note,
            tags=item.tags,
            status=item.status,
        )
        added.append(time.perf_counter() - started)
    rest = plan[ONE_BY_ONE:]
    for first in range(0, len(rest), BATCH):
        now = datetime.now().isoformat(timespec="seconds")
        claims: list[tuple[object, ...]] = []
        tags: list[tuple[str, str]] = []
        for item in rest[first : first + BATCH]:
            selector, content_hash = selector_for(item)
            claim_id = "c" + secrets.token_hex(6)
            claims.append(
                (
                    claim_id,
                    item.doc_id,
                    selector.exact,
                    selector.prefix,
                    selector.suffix,
                    selector.start,
                    selector.end,
                    content_hash,
                    clean_text(item.note),
                    check_status(item.status),
                    now,
                    now,
                )
            )
            tags += [(claim_id, tag) for tag in clean_tags(item.tags)]
        with ws.store.transaction() as db:
            db.executemany(INSERT_CLAIM, claims)
            db.executemany(INSERT_TAG, tags)
    return added


@figure("export", "export 10,000 claims in each format (md, json, csv, w3c): < 2 s", order=100)
def export_time(ctx: BenchContext) -> list[Result]:
    count, mode = claim_count(ctx)
    ctx.workspace()  # our full build (shared, cached), settled
    root, out = ctx.work / "export-data", ctx.work / "export-out"
    shutil.rmtree(root, ignore_errors=True)
    try:
        paths = resolve_paths(ctx.library, root)
        paths.ensure()
        backup_store(ctx.paths.store_file, paths.store_file)
        shutil.copytree(ctx.paths.index_dir, paths.index_dir, dirs_exist_ok=True)
        out.mkdir(parents=True, exist_ok=True)
        with Workspace(paths) as ws:
            report = ws.sync()
            if report.changed:
                ctx.log(f"  warning: the copied data folder was not settled: {report.summary()}")
            seconds, (plan, texts) = timed(lambda: plan_claims(ws, count))
            made, added = timed(lambda: make_claims(ws, plan, texts))
            stored = len(ws.claims.all())
            if stored != count:
                ctx.log(f"  warning: {stored} claims made, not {count}: too few sentences")
            ctx.log(
                f"  {stored} claims on {len(texts)} briefings "
                f"(planned in {seconds:.1f} s, stored in {made:.1f} s; "
                f"ClaimStore.add median {median(added) * 1000:.1f} ms)"
            )
            times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
            exports: dict[str, Export] = {}
            for _ in range(RUNS):
                for fmt in FORMATS:
                    elapsed, exports[fmt] = timed(lambda fmt=fmt: export_claims(ws, fmt))
                    times[fmt].append(elapsed)
            rows = []
            for fmt in FORMATS:
                export = exports[fmt]
                if export.claims != stored:
                    raise RuntimeError(f"{fmt}: exported {export.claims} of {stored} claims")
                target = out / f"claims-{fmt}"
                written, _ = timed(
                    lambda export=export, target=target: write_atomic(target, export.data)
                )
                slowest, middle = max(times[fmt]), median(times[fmt])
                runs = len(times[fmt])
                ctx.log(
                    f"  {fmt}: median {middle:.3f} s, slowest {slowest:.3f} s, "
                    f"{len(export.data) / 1e6:.1f} MB"
                )
                rows.append(
                    Result(
                        figure="export",
                        label=f"export {stored:,} claims{mode}, {fmt} (slowest of {runs})",
                        size=ctx.size,
                        ours=slowest,
                        unit="s",
                        target=Target(max_value=TARGET_S, text=f"< {TARGET_S:g} s", up_to=None),
                        details={
                            "format": fmt,
                            "claims": export.claims,
                            "briefings": export.documents,
                            "bytes": len(export.data),
                            "seconds": summary(times[fmt]),
                            "median_s": round(middle, 4),
                            "write_atomic_s": round(written, 4),
                            "claimstore_add_ms": summary(added, 1000),
                            "note": "export_claims(ws, fmt): select every claim and render "
                            "to bytes; the slowest run counts (the first is the coldest, as a "
                            "`briefing export` process is)",
                        },
                    )
                )
    finally:
        if not ctx.config.keep:
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    return rows
