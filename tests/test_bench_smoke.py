"""The benchmark harness cannot rot: every registered figure still produces a number.

Runs ``python -m bench``'s machinery on a tiny generated library inside
``tmp_path`` (cache and data folders are arguments, so the user's cache is
never touched), in the minimal mode (one phrase typed, documents of a few KB,
pathological ones at 1% of their size, a few claims), with two samples of
the cheap measurements and one of the costly ones (each briefing opened
once, one app start, one CLI process a side): the reader figures open a
dozen briefings in a headless app, and a second round would add most of the
test's time without running any code the first did not. It checks that
numbers come out, never what they are: speed is judged by the benchmark,
not here.

The figures run in a few shards, each a test of its own (its own tiny
library, builds and data folder), so parallel test workers share the work:
as one test it was the suite's longest by far, run last on one worker while
the others waited. Figures that share a build stay together; a figure not
named in :data:`SHARDS` runs in the last one, so a new figure is covered
without touching this file.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))

from bench.config import BenchConfig, Samples  # noqa: E402
from bench.corpora.synthetic import briefing  # noqa: E402
from bench.loader import registered  # noqa: E402
from bench.results import table, write_json  # noqa: E402
from bench.runner import run  # noqa: E402

TINY = 30
#: Two of the cheap samples, one of the costly ones (app sessions and processes).
SAMPLES = replace(Samples.minimal(2), cli_runs=1, tui_starts=1, opens=1, highlight_opens=1)


#: The shards the figures run in, each a test. A shard whose figures search an index
#: builds it once (two processes), so those figures share few shards; the reader
#: figures build nothing and, the slowest, run apart.
SHARDS = {
    "index": ("build", "reindex", "no-change", "search", "query-shapes", "as-you-type", "cli"),
    "app": ("memory", "tui-keys", "tui-start", "overview-paint", "timeline-paint", "claims-filter"),
    "reader": ("reader-open", "reanchor", "highlight"),
    "hostile": ("reader-hostile",),
    "stream": (
        "tui-start-marks",
        "what-changed",
        "facets",
        "saved-counts",
        "folder-change",
        "watch-idle",
    ),
}
#: Every figure not named above.
REST = "rest"


def shard_of(name: str) -> str:
    return next((shard for shard, names in SHARDS.items() if name in names), REST)


def test_every_registered_figure_is_in_one_shard() -> None:
    names = [item.name for item in registered()]
    assert names, "no figures are registered"
    stale = [name for shard in SHARDS.values() for name in shard if name not in names]
    assert not stale, f"SHARDS names figures that are not registered: {stale}"
    assert {shard_of(name) for name in names} == {*SHARDS, REST}


@pytest.mark.parametrize("shard", [*SHARDS, REST])
def test_every_registered_figure_produces_a_number(tmp_path: Path, shard: str) -> None:
    names = [item.name for item in registered() if shard_of(item.name) == shard]
    assert names, f"no registered figure runs in the {shard!r} shard"
    lines: list[str] = []
    config = BenchConfig(
        sizes=[TINY],
        samples=SAMPLES,
        cache_root=tmp_path / "cache",
        work_root=tmp_path / "work",
        figures=names,
        minimal=True,  # the TUI, reader and claims figures: one phrase, documents of a few KB
        log=lines.append,
    )
    results = run(config)

    for name in names:
        rows = [r for r in results if r.figure == name]
        assert rows, f"figure {name!r} produced no row"
        for row in rows:
            assert row.error is None, f"{row.label}: {row.error}"
            assert math.isfinite(row.ours), f"{row.label}: ours is {row.ours}"
            if row.reference is not None:
                assert math.isfinite(row.reference), f"{row.label}: reference is {row.reference}"
            assert row.size == TINY

    assert (tmp_path / "cache" / f"synthetic-{TINY}-v1").is_dir()
    assert not any((tmp_path / "work").iterdir()), "data folders are removed after the run"
    rendered = table(results)
    assert all(row.label in rendered for row in results)
    report = tmp_path / "bench.json"
    write_json(report, results, settings=config.settings(), started=datetime.now(), seconds=1.0)
    document = json.loads(report.read_text())
    assert len(document["figures"]) == len(results)
    assert document["machine"]["cpu_count"]


def test_the_synthetic_corpus_is_deterministic() -> None:
    assert briefing(7) == briefing(7)
    path, text = briefing(3)
    assert path.endswith(".md") and text.startswith("---\n")
