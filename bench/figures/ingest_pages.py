"""``briefing import`` of a folder of saved news pages, against bare trafilatura.

1,000 saved pages (:mod:`bench.corpora.news_pages`: navigation, cookie
banner, article, related links, comments) are imported into an empty library
by the ``briefing import FOLDER`` process: each page read, its main text
written as a briefing, the library synced, so the new briefings are
searchable when the command ends (checked: a search for a word of the last
page finds it, from the index the command left, with no sync of our own).

The reference is the plain way to get the same Markdown out of the same
files: one Python process calling ``trafilatura.extract`` on each (Markdown,
links, tables, formatting and metadata, no comments), writing nothing and
indexing nothing. Ours may read the pages in a process pool over the
machine's cores; the reference is one process. Both are whole processes
(interpreter start and imports included), run alternately, the fastest of
each counted. Their CPU seconds (every process of each, user and system) are
in the details: on a busy machine they say more than the wall times.

Runs once per run, at the first size (the library is the figure's own).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
from pathlib import Path

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

from ..context import REPO_ROOT, BenchContext
from ..corpora.news_pages import page_word, write_pages
from ..registry import figure
from ..results import Result, Target
from ..stats import summary, timed

FULL_PAGES, QUICK_PAGES, MINIMAL_PAGES = 1_000, 300, 12
BARE_EXTRACT = """
import sys
from pathlib import Path

import trafilatura

extracted = 0
for path in sorted(Path(sys.argv[1]).glob("*.html")):
    text = trafilatura.extract(
        path.read_bytes(),
        output_format="markdown",
        with_metadata=True,
        include_links=True,
        include_tables=True,
        include_formatting=True,
        include_comments=False,
    )
    extracted += bool(text)
print(extracted)
"""


def _count(ctx: BenchContext) -> int:
    if ctx.config.minimal:
        return MINIMAL_PAGES
    return QUICK_PAGES if ctx.config.quick else FULL_PAGES


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (a command and the processes it
    waited for: its page readers and indexing processes)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(
    ctx: BenchContext, command: list[str], cpu: list[float] | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall seconds of ``command`` and its result; its CPU seconds go to ``cpu``."""
    before = _children_cpu()
    seconds, done = timed(
        lambda: subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=ctx.subprocess_env(),
            capture_output=True,
            text=True,
            check=False,
        )
    )
    if cpu is not None:
        cpu.append(_children_cpu() - before)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])}… failed ({done.returncode}): {done.stderr[-800:]}"
        )
    return seconds, done


def _import_once(ctx: BenchContext, pages: Path, count: int, cpu: list[float]) -> float:
    """One ``briefing import`` into a fresh library; checks every page is in and searchable."""
    library, data = ctx.work / "ingest-library", ctx.work / "ingest-data"
    for folder in (library, data):
        shutil.rmtree(folder, ignore_errors=True)
    library.mkdir()
    command = [ctx.python(), "-m", "briefing_tui", "--content", str(library)]
    command += ["--data", str(data), "import", str(pages)]
    seconds, done = _run(ctx, command, cpu)
    if f"{count} imported, 0 skipped, 0 failed" not in done.stderr:
        raise RuntimeError(f"not every page was imported: {done.stderr[-500:]}")
    with Workspace(resolve_paths(library, data)) as ws:
        found = ws.search(page_word(count - 1), snippets=False)
    if found.total != 1:
        raise RuntimeError(f"the last page's word finds {found.total} briefings, not 1")
    return seconds


@figure(
    "ingest-pages",
    "`briefing import` of 1,000 saved news pages (pool) vs bare trafilatura (1 process)",
    order=120,
)
def ingest_pages(ctx: BenchContext) -> list[Result]:
    if not ctx.first_size:
        return []
    count = _count(ctx)
    pages = ctx.work / "saved-pages"
    ctx.log(f"  writing {count} saved news pages")
    write_pages(pages, count)
    megabytes = sum(p.stat().st_size for p in pages.iterdir()) / 1e6
    reference_command = [ctx.python(), "-c", BARE_EXTRACT, str(pages)]
    rounds = 1 if ctx.config.minimal else 2
    ours: list[float] = []
    reference: list[float] = []
    ours_cpu: list[float] = []
    reference_cpu: list[float] = []
    for _ in range(rounds):
        ours.append(_import_once(ctx, pages, count, ours_cpu))
        seconds, done = _run(ctx, reference_command, reference_cpu)
        if int(done.stdout.strip() or 0) != count:
            raise RuntimeError(f"bare trafilatura extracted {done.stdout.strip()} of {count}")
        reference.append(seconds)
    ctx.log(
        f"  ours {min(ours):.2f} s ({min(ours_cpu):.1f} CPU-s), "
        f"bare trafilatura {min(reference):.2f} s ({min(reference_cpu):.1f} CPU-s), "
        f"load {os.getloadavg()[0]:.1f}"
    )
    shutil.rmtree(pages, ignore_errors=True)
    return [
        Result(
            figure="ingest-pages",
            label=f"import {count:,} saved pages, searchable (process; fastest of {rounds})",
            size=ctx.size,
            ours=min(ours),
            unit="s",
            reference=min(reference),
            reference_label="bare trafilatura.extract, 1 proc",
            target=Target(max_ratio=1.2, text="≤ 1.2x ref", up_to=None),
            details={
                "pages": count,
                "megabytes": round(megabytes, 1),
                "cpus": os.cpu_count(),
                "ours": summary(ours),
                "reference": summary(reference),
                "ours_cpu_seconds": summary(ours_cpu),
                "reference_cpu_seconds": summary(reference_cpu),
                "note": (
                    "ours: `briefing import FOLDER` into an empty library, pages read in a "
                    "process pool over the machine's cores, written whole, synced once, then "
                    "searched; reference: one process extracting each page's Markdown with "
                    "trafilatura, nothing written or indexed"
                ),
            },
        )
    ]
