"""Saving a claim until a ``claim:`` search finds it, by the size of its briefing.

Issue #19 asks for < 50 ms, independent of the briefing's size: an analyst
saves a claim and searches the claims at once. Today a claim's fields live
in its briefing's index document, so a save re-indexes the whole briefing
(the claim's quote, note and tags with the body); this figure shows what
that costs for a typical briefing, a large one and the library's largest.

Each sample claims one sentence of the briefing, then searches for the
claim's quote with ``claim:"…"`` until the briefing is among the results
(one search: the save returns once the index is committed), and deletes
the claim again (not timed), so the library is as it was. The reference is
the same save without the index: the claim's row written to the store,
the floor of any save.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.workspace import Workspace

from ..context import BenchContext
from ..reference import library_files
from ..registry import figure
from ..results import Result, Target
from ..stats import p95, summary

#: A typical briefing is at most this large; the large one at least this.
TYPICAL_MAX_BYTES = 10_000
LARGE_MIN_BYTES = 100_000
#: A sentence of the briefing this long (characters) makes the quote.
_SENTENCE = re.compile(r"[A-Z][^.!?\n]{40,160}[.!?]")


def _pick(root: Path) -> list[tuple[str, Path]]:
    """A typical briefing, the smallest at least LARGE_MIN_BYTES and the largest."""
    sized = sorted((path.stat().st_size, path) for path in library_files(root))
    typical = next((p for size, p in sized[len(sized) // 2 :] if size <= TYPICAL_MAX_BYTES), None)
    large = next((p for size, p in sized if size >= LARGE_MIN_BYTES), None)
    picked = [("typical", typical), ("large", large), ("largest", sized[-1][1] if sized else None)]
    seen: set[Path] = set()
    chosen: list[tuple[str, Path]] = []
    for name, path in picked:
        if path is not None and path not in seen:
            seen.add(path)
            chosen.append((name, path))
    return chosen


def _quote(ws: Workspace, doc_id: str) -> str | None:
    briefing = ws.read(ws.resolve(doc_id))
    if not isinstance(briefing, Briefing):
        return None
    found = _SENTENCE.search(briefing.plain_text)
    return None if found is None else found.group(0)


def _phrase(quote: str) -> str:
    """``claim:"…"`` of the quote's first words (letters only: a phrase the parser keeps)."""
    words = re.findall(r"[A-Za-z]+", quote)[:4]
    return 'claim:"' + " ".join(words) + '"'


def _save_until_found(ws: Workspace, doc_id: str, quote: str) -> tuple[float, float]:
    """(seconds from save to found, seconds of the store write alone)."""
    record = ws.resolve(doc_id)
    started = time.perf_counter()
    claim = ws.annotate(record, quote, occurrence=1)
    results = ws.search(_phrase(quote), snippets=False, limit=1)
    seconds = time.perf_counter() - started
    try:
        if doc_id not in results.ids:
            raise RuntimeError(f"the claim saved on {record.path} is not found by {_phrase(quote)}")
    finally:
        ws.delete_claim(claim.id)
    # The floor: the same row written to the store, no index involved.
    started = time.perf_counter()
    bare = ws.claims.add(doc_id, claim.selector, claim.content_hash)
    floor = time.perf_counter() - started
    ws.claims.delete(bare.id)
    return seconds, floor


@figure("claim-save", "saving a claim until a claim: search finds it, by briefing size", order=98)
def claim_save(ctx: BenchContext) -> list[Result]:
    ws = ctx.workspace()
    ctx.build("ours")
    rows: list[Result] = []
    for name, path in _pick(ctx.library):
        record = ws.store.by_path(path.relative_to(ctx.library).as_posix())
        if record is None:
            continue
        quote = _quote(ws, record.id)
        if quote is None:
            continue
        times: list[float] = []
        floors: list[float] = []
        for _ in range(ctx.samples.reindex):
            seconds, floor = _save_until_found(ws, record.id, quote)
            times.append(seconds)
            floors.append(floor)
        size_kb = path.stat().st_size / 1024
        rows.append(
            Result(
                figure="claim-save",
                label=f"claim saved → found by claim:, {name} briefing ({size_kb:,.0f} KB), p95",
                size=ctx.size,
                ours=p95(times),
                unit="s",
                reference=p95(floors),
                reference_label="the claim's row written alone (no index)",
                target=Target(max_value=0.05, text="< 50 ms at every size", up_to=None),
                details={"file": path.relative_to(ctx.library).as_posix(), **summary(times)},
            )
        )
    return rows
