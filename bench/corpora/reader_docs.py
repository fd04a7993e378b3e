"""Generated briefings of chosen sizes for the reader and claims figures.

The library's own documents are mostly 1-5 KB, so opening "a 1 MB briefing"
needs documents made for it: prose paragraphs with a heading every dozen
blocks or so and a bullet list now and then, and one list-heavy document
(lists are the expensive case: every item is several widgets). They are
written into a small library of their own in the run's work folder and
synced once (the claims figure has a library of its own).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_tui.core.paths import LibraryPaths, resolve_paths
from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.workspace import Workspace

from .synthetic import Writer
from .words import TOPICS

if TYPE_CHECKING:
    from ..context import BenchContext

#: Blocks between headings, on average.
HEADING_EVERY = 12


@dataclass(frozen=True)
class DocSpec:
    """One generated briefing: a key (its file name), what the table calls it, its shape."""

    key: str
    label: str
    size: int
    """Target size of the file in bytes (the body is cut to fit)."""
    kind: str
    """``prose`` (paragraphs, headings, a few lists) or ``lists`` (mostly bullet lists)."""
    first_paint_ms: float
    """The first-screen target for this size."""
    in_quick: bool = True
    """Opened by ``--quick`` too (the 5 MB one is not: indexing it alone takes ~5 s)."""


FULL_DOCS = [
    DocSpec("prose-2k", "2 KB", 2_000, "prose", 150),
    DocSpec("prose-100k", "100 KB", 100_000, "prose", 300),
    DocSpec("lists-100k", "100 KB list-heavy", 100_000, "lists", 300),
    DocSpec("prose-1m", "1 MB", 1_000_000, "prose", 300),
    # Under the 5 MiB cap (files above it are not read at all).
    DocSpec("prose-5m", "5 MB", 5_000_000, "prose", 300, in_quick=False),
]
MINIMAL_DOCS = [
    DocSpec("prose-2k", "2 KB", 2_000, "prose", 150),
    DocSpec("lists-8k", "8 KB list-heavy", 8_000, "lists", 300),
]
#: The briefing claims are made on, and its twin without claims (same body, another id).
FULL_CLAIMS_DOC = DocSpec("claims-100k", "100 KB", 100_000, "prose", 300)
FULL_PLAIN_DOC = DocSpec("plain-100k", "100 KB", 100_000, "prose", 300)
MINIMAL_CLAIMS_DOC = DocSpec("claims-8k", "8 KB", 8_000, "prose", 300)
MINIMAL_PLAIN_DOC = DocSpec("plain-8k", "8 KB", 8_000, "prose", 300)
FULL_CLAIMS, MINIMAL_CLAIMS = 200, 20


def doc_specs(ctx: BenchContext) -> list[DocSpec]:
    """The briefings the reader figure opens in this run."""
    if ctx.config.minimal:
        return MINIMAL_DOCS
    if ctx.config.quick:
        return [spec for spec in FULL_DOCS if spec.in_quick]
    return FULL_DOCS


def claims_spec(ctx: BenchContext) -> tuple[DocSpec, DocSpec, int]:
    """(the briefing with claims, the same briefing without, how many claims)."""
    if ctx.config.minimal:
        return MINIMAL_CLAIMS_DOC, MINIMAL_PLAIN_DOC, MINIMAL_CLAIMS
    return FULL_CLAIMS_DOC, FULL_PLAIN_DOC, FULL_CLAIMS


def body(size: int, kind: str, seed: str) -> str:
    """Markdown of about ``size`` characters (ASCII, so bytes too), deterministic."""
    rng = random.Random(f"briefing-bench-reader:{seed}")
    writer = Writer(rng, sorted(TOPICS)[0])
    blocks: list[str] = []
    total = 0
    since_heading = 0
    while True:
        since_heading += 1
        roll = rng.random()
        if (since_heading >= HEADING_EVERY and roll < 0.5) or since_heading > HEADING_EVERY * 1.5:
            block = writer.heading(rng.choice((2, 2, 3)))
            since_heading = 0
        elif kind == "lists":
            block = writer.bullets() if roll < 0.8 else writer.paragraph()
        else:
            block = writer.bullets() if roll < 0.1 else writer.paragraph()
        if blocks and total + len(block) + 2 > size:
            break
        blocks.append(block)
        total += len(block) + 2
    return "\n\n".join(blocks) + "\n"


def document(spec: DocSpec, seed: str | None = None) -> str:
    """The whole file: front matter and a body that keeps the file under ``spec.size``."""
    front = (
        "---\n"
        f"id: bench-{spec.key}\n"
        f'title: "Generated {spec.label} briefing ({spec.kind})"\n'
        "date: 2024-01-15\n"
        "source: Bench\n"
        "tags: [bench]\n"
        "---\n\n"
        f"# Generated {spec.label} briefing\n\n"
    )
    return front + body(spec.size - len(front), spec.kind, seed or spec.key)


@dataclass
class ReaderLibrary:
    """Generated briefings, synced: where they are and their records."""

    content: Path
    data: Path
    paths: LibraryPaths
    records: dict[str, DocumentRecord]
    """By spec key."""
    sync_seconds: float


def generated_library(
    ctx: BenchContext, name: str, specs: list[tuple[DocSpec, str]]
) -> ReaderLibrary:
    """A library ``name`` in the work folder holding ``(spec, seed)`` briefings, made once."""
    if name in ctx.shared:
        return ctx.shared[name]  # type: ignore[no-any-return]
    content = ctx.work / f"{name}-library"
    data = ctx.work / f"{name}-data"
    content.mkdir(parents=True, exist_ok=True)
    for spec, seed in specs:
        (content / f"{spec.key}.md").write_text(document(spec, seed), encoding="utf-8")
    paths = resolve_paths(content, data)
    ctx.log(f"  generated {len(specs)} briefings in {content}; syncing")
    started = time.perf_counter()
    with Workspace(paths) as ws:
        report = ws.sync()
        if report.skipped:
            raise RuntimeError(f"generated briefings were skipped: {report.skipped}")
        records = {
            Path(record.path).stem: record for record in ws.store.list_documents() if record.path
        }
    seconds = time.perf_counter() - started
    missing = {spec.key for spec, _ in specs} - set(records)
    if missing:
        raise RuntimeError(f"generated briefings missing from the store: {sorted(missing)}")
    ctx.log(f"  synced in {seconds:.1f} s")
    library = ReaderLibrary(content, data, paths, records, seconds)
    ctx.shared[name] = library
    return library


def reader_library(ctx: BenchContext) -> ReaderLibrary:
    """The briefings of every size the reader figure opens."""
    return generated_library(ctx, "reader", [(spec, spec.key) for spec in doc_specs(ctx)])


def claims_library(ctx: BenchContext) -> ReaderLibrary:
    """Two copies of one briefing (the claims go on one): a library of their own.

    Kept apart from the reader's library so saving claims (which re-indexes
    the briefing, and now and then merges index segments) doesn't merge the
    5 MB briefing's postings too.
    """
    with_claims, without, _ = claims_spec(ctx)
    return generated_library(ctx, "claims", [(without, without.key), (with_claims, without.key)])
