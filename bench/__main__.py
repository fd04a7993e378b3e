"""``python -m bench``: measure every speed target against its reference, in one run.

python -m bench                      # 10,000 synthetic briefings, full samples
python -m bench --quick              # 2,000 briefings, fewer samples: under a minute
python -m bench --sizes 2000,10000 --corpus bbc --json bench.json
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

from .config import FULL_SIZE, QUICK_SIZE, BenchConfig, Samples, make_logger
from .corpora.bbc import CorpusUnavailable
from .loader import registered
from .provenance import code_version
from .results import machine, table, write_json
from .runner import CORPORA, run


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"sizes must be numbers like 2000,10000: {error}"
        ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least one size of 1 or more")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 briefings, fewer samples")
    parser.add_argument("--sizes", type=_sizes, help="library sizes, e.g. 2000,10000")
    parser.add_argument("--corpus", choices=CORPORA, default="synthetic")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--samples", type=int, metavar="N", help="N samples of everything")
    parser.add_argument("--figures", help="only these figures, comma-separated (see --list)")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    parser.add_argument("--cache", type=Path, metavar="DIR", help="where libraries are cached")
    parser.add_argument("--work", type=Path, metavar="DIR", help="where data folders go")
    parser.add_argument("--keep", action="store_true", help="keep the data folders afterwards")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.list:
        for item in registered():
            print(f"{item.name:12}  {item.description}")
        return 0
    samples = Samples.quick() if args.quick else Samples.full()
    if args.samples is not None:
        samples = Samples.minimal(args.samples)
    config = BenchConfig(
        sizes=args.sizes or [QUICK_SIZE if args.quick else FULL_SIZE],
        corpus=args.corpus,
        samples=samples,
        cache_root=args.cache,
        work_root=args.work,
        keep=args.keep,
        figures=args.figures.split(",") if args.figures else None,
        quick=args.quick,
        log=make_logger(),
    )
    started, clock = datetime.now(), time.perf_counter()
    code_before = code_version()
    try:
        results = run(config)
    except (CorpusUnavailable, ValueError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - clock
    code_after = code_version()
    print()
    print(table(results))
    print(f"\n{config.corpus} corpus, {seconds:.0f} s, {started:%Y-%m-%d %H:%M}, {_machine_line()}")
    dirty = " + uncommitted changes" if code_before["dirty"] else ""
    print(f"code: commit {code_before['commit']}{dirty}, sources {code_before['sources']}")
    if code_after["sources"] != code_before["sources"]:
        print("WARNING: briefing_tui's sources changed during the run: the figures mix versions")
    if args.json:
        settings = {**config.settings(), "code": code_before, "code_at_end": code_after}
        write_json(args.json, results, settings=settings, started=started, seconds=seconds)
        print(f"wrote {args.json}")
    return 1 if any(r.error for r in results) else 0


def _machine_line() -> str:
    info = machine()
    load = ", ".join(f"{x:.2f}" for x in info["load_average"])
    return f"{info['cpu_count']} CPUs, Python {info['python']}, {info['platform']}, load {load}"


if __name__ == "__main__":
    sys.exit(main())
