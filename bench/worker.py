"""A full build (ours or the bare reference) in a fresh process, then a few searches.

Why a separate process: the build spawns Whoosh writer processes, and peak
memory (its own ``VmHWM``, see :mod:`.peak_memory`) is only meaningful for a
process that did nothing else; a fresh interpreter also keeps one side's caches from helping the
other. The build is timed inside the process (imports excluded) and the
result is one JSON line on stdout; progress goes to stderr.

    python -m bench.worker ours --content LIB --data DATA [--query Q]...
    python -m bench.worker reference --content LIB --index DIR [--query Q]...
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from .peak_memory import own_peak_kb


def _progress_printer(label: str) -> Any:
    shown = {"step": -1}

    def show(done: int, total: int, _what: str = "") -> None:
        step = done * 10 // max(total, 1)
        if step != shown["step"]:
            shown["step"] = step
            print(f"    {label}: {done}/{total}", file=sys.stderr, flush=True)

    return show


def build_ours(content: Path, data: Path, queries: list[str]) -> dict[str, Any]:
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(content, data)) as ws:
        started = time.perf_counter()
        report = ws.sync(rebuild=True, progress=_progress_printer("ours"))
        seconds = time.perf_counter() - started
        hits = sum(len(ws.search(q).hits) for q in queries)
    return {
        "seconds": seconds,
        "docs": report.indexed,
        "skipped": len(report.skipped),
        "hits": hits,
    }


def build_reference(content: Path, index_dir: Path, queries: list[str]) -> dict[str, Any]:
    from whoosh import index as whoosh_index

    from .reference import BareSearcher, bare_build, library_files

    total = sum(1 for _ in library_files(content))
    show = _progress_printer("reference")
    started = time.perf_counter()
    docs = bare_build(content, index_dir, lambda done: show(done, total))
    seconds = time.perf_counter() - started
    ix = whoosh_index.open_dir(str(index_dir))
    searcher = BareSearcher(ix)
    hits = sum(len(searcher.search(q)) for q in queries)
    ix.close()
    return {"seconds": seconds, "docs": docs, "skipped": 0, "hits": hits}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("side", choices=("ours", "reference"))
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--data", type=Path, help="data folder (ours)")
    parser.add_argument("--index", type=Path, help="index folder (reference)")
    parser.add_argument("--query", action="append", default=[])
    args = parser.parse_args(argv)
    if args.side == "ours":
        report = build_ours(args.content, args.data, args.query)
    else:
        report = build_reference(args.content, args.index, args.query)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Its own peak (VmHWM): ru_maxrss outlives exec and would carry the harness's.
    report["maxrss_self_kb"] = own_peak_kb()
    report["maxrss_children_kb"] = children.ru_maxrss
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
