"""Running the registered figures over each library size.

A figure that raises does not stop the run: it becomes an ERROR row with
the exception, so one broken figure never hides the others' numbers.
"""

from __future__ import annotations

import compileall
import math
import os
import shutil
import tempfile
import traceback
from pathlib import Path

from .config import BenchConfig, Log
from .context import REPO_ROOT, BenchContext
from .corpora.synthetic import synthetic_library
from .loader import select
from .reference import library_files
from .registry import Figure
from .results import Result

CORPORA = ("synthetic", "bbc")
#: A one-minute load average above this means something else is using the CPUs.
BUSY_LOAD = 0.5


def load_library(corpus: str, size: int, cache_root: Path | None, log: Log) -> Path:
    """The cached library of ``size`` briefings of ``corpus``, made if missing."""
    if corpus == "synthetic":
        return synthetic_library(size, cache_root, log)
    if corpus == "bbc":
        from .corpora.bbc import bbc_library  # raises CorpusUnavailable with the pip command

        return bbc_library(size, cache_root, log)
    raise ValueError(f"unknown corpus {corpus!r} (known: {', '.join(CORPORA)})")


def warm_page_cache(root: Path) -> int:
    """Read every file once, so neither build pays for a cold disk the other doesn't."""
    total = 0
    for path in library_files(root):
        total += len(path.read_bytes())
    return total


def _run_figure(item: Figure, ctx: BenchContext) -> list[Result]:
    try:
        return item.function(ctx)
    except Exception as error:
        ctx.log(f"  ERROR in {item.name}: {type(error).__name__}: {error}")
        ctx.log("".join(traceback.format_exception(error)).rstrip())
        message = f"{type(error).__name__}: {error}"
        return [Result(item.name, item.description, ctx.size, math.nan, "", error=message)]


def run_size(config: BenchConfig, figures: list[Figure], size: int, work: Path) -> list[Result]:
    """Every figure at one library size, in a fresh data folder."""
    log = config.log
    library = load_library(config.corpus, size, config.cache_root, log)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    megabytes = warm_page_cache(library) / 1e6
    log(f"library {library}: {megabytes:.1f} MB")
    load = os.getloadavg()[0]
    if load > BUSY_LOAD:
        log(f"warning: load average {load:.2f} before starting: other work will add noise")
    ctx = BenchContext(config, size, library, work)
    results: list[Result] = []
    try:
        for item in figures:
            log(f"[{item.name}] {item.description}")
            results.extend(_run_figure(item, ctx))
    finally:
        ctx.close()
        if not config.keep:
            shutil.rmtree(work, ignore_errors=True)
    return results


def compile_bytecode(log: Log) -> None:
    """Write the package's bytecode before any process is timed, as an installed copy
    has it (pip compiles at install; a checkout writes it on its first run).

    Where ``PYTHONDONTWRITEBYTECODE`` is set (this machine sets it) a fresh
    checkout never has it, and every ``briefing`` process the figures time
    (first start, TUI start, fetch, import, peak memory; the CLI figure keeps a
    cache of its own) compiled about 80 modules from source, 0.1 s of CPU
    (78 ``source_to_code`` calls in a CLI search under cProfile), which the
    bare references, compiled at install, never paid. ``compileall`` writes
    it whatever the variable says.
    """
    for package in (REPO_ROOT / "briefing_tui", REPO_ROOT / "bench"):
        if not compileall.compile_dir(str(package), quiet=1, workers=1):
            log(f"warning: some of {package} did not compile; processes will compile it")


def run(config: BenchConfig) -> list[Result]:
    """Run the configured figures at every configured size; the rows, in order."""
    compile_bytecode(config.log)
    figures = select(config.figures)
    work_root = config.resolved_work_root()
    temporary = work_root is None
    root = Path(tempfile.mkdtemp(prefix="briefing-bench-")) if work_root is None else work_root
    results: list[Result] = []
    try:
        for size in config.sizes:
            config.log(f"== {config.corpus}, {size} briefings ==")
            results.extend(run_size(config, figures, size, root / f"{config.corpus}-{size}"))
    finally:
        if temporary and not config.keep:
            shutil.rmtree(root, ignore_errors=True)
        elif config.keep:
            config.log(f"data folders kept in {root}")
    return results
