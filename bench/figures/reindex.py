"""Re-indexing after one edited file: an incremental sync against our full build.

The edit appends a sentence to one briefing of the cached library and the
original bytes and mtime are put back afterwards, so the cache stays the
same library for the next run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..context import BenchContext
from ..reference import library_files
from ..registry import figure
from ..results import Result, Target
from ..stats import p95, summary, timed

#: Files larger than this are not chosen for the edit (a typical briefing is edited).
EDIT_MAX_BYTES = 10_000


def _file_to_edit(root: Path) -> Path:
    """A typical briefing in the middle of the library, the same one every run."""
    files = list(library_files(root))
    middle = len(files) // 2
    for path in files[middle:] + files[:middle]:
        if path.stat().st_size <= EDIT_MAX_BYTES:
            return path
    return files[middle]


@contextmanager
def _restored(path: Path) -> Iterator[None]:
    original = path.read_bytes()
    info = path.stat()
    try:
        yield
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@figure("reindex", "re-index after one edited file (a sentence appended)", order=20)
def reindex_one(ctx: BenchContext) -> list[Result]:
    ws = ctx.workspace()
    build = ctx.build("ours")
    path = _file_to_edit(ctx.library)
    times: list[float] = []
    with _restored(path):
        for n in range(ctx.samples.reindex):
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"\nAn added sentence about oil prices, edit number {n + 1}.\n")
            seconds, report = timed(ws.sync)
            if report.indexed != 1:
                raise RuntimeError(f"one edited file, but the sync says: {report.summary()}")
            times.append(seconds)
    ws.sync()  # index the restored file, so later figures see the library as built
    return [
        Result(
            figure="reindex",
            label=f"re-index one edited file (p95 of {len(times)})",
            size=ctx.size,
            ours=p95(times),
            unit="s",
            reference=build.seconds,
            reference_label="our full build",
            target=Target(max_value=0.5, max_ratio=0.05, text="< 0.5 s, ≤ 5% of build"),
            details={"file": path.relative_to(ctx.library).as_posix(), **summary(times)},
        )
    ]
