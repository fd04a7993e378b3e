"""A first build in stages (the app's) killed after a stage landed, then started again.

The app's first build commits the index in stages, so what a stage holds is
searched while the rest is built (see ``core/search/staged.py``). Killed with
``kill -9`` once a stage is searchable, the next start must still end with
every briefing searchable once and listed once: the committed stages are not
taken for a finished index, nor added to a second time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search.index import duplicated_ids, open_index
from briefing_tui.core.search.staged import FIRST_STAGE, STAGE_GROWTH

from ._crashkit import (
    Processes,
    briefing,
    kill_9,
    no_stray_processes,
    processes_fixture,  # noqa: F401 (the processes fixture)
    read_lines,
    search_ids,
    wait_for,
    write_library,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")

#: Four stages: 20 briefings, 80 more, 400 more, then the rest with both cores
#: (and helpers); the first build is killed once the third is searchable.
BIG = 800
STAGES = [FIRST_STAGE, FIRST_STAGE * STAGE_GROWTH, FIRST_STAGE * STAGE_GROWTH**2]

#: The app's start-up sync, as its worker runs it: a build in stages, each one said.
STAGED_BUILD = """
import sys
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

with Workspace(resolve_paths(sys.argv[1], sys.argv[2]), long_lived=True) as ws:
    def committed(searchable, total):
        if total:  # (0, 0) first: the build began
            found = ws.search_as_you_type("zebra3").ids
            print(f"stage {searchable} of {total}: {len(found)} found", flush=True)
    report = ws.sync(committed=committed)
    print(f"done {report.indexed}", flush=True)
"""


def _zebra(count: int, remainder: int) -> list[str]:
    return [f"doc{n:05d}" for n in range(count) if n % 7 == remainder]


def test_a_staged_first_build_killed_after_a_stage_ends_whole_and_once(
    lib_dir: Path, data_dir: Path, processes: Processes
) -> None:
    write_library(lib_dir, BIG)
    first = processes.python(STAGED_BUILD, str(lib_dir), str(data_dir))
    # The first stages are searched while the build goes on: the zebra3s among them.
    assert STAGES[-1] < BIG
    assert read_lines(first, len(STAGES)) == [
        f"stage {end} of {BIG}: {len(_zebra(end, 3))} found" for end in STAGES
    ]
    kill_9(first)
    # Its helper goes with it: it looks for its parent every 0.2 s.
    wait_for(
        lambda: not no_stray_processes([str(data_dir)]), "the build's helper to end", timeout=10
    )

    again = processes.python(STAGED_BUILD, str(lib_dir), str(data_dir))
    lines = read_lines(again, len(STAGES) + 1)
    assert lines[-1] == f"done {BIG}", lines
    again.wait(timeout=60)

    assert search_ids(lib_dir, data_dir, "zebra3")[0] == _zebra(BIG, 3)
    listed = briefing(lib_dir, data_dir, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    ids = [row["id"] for row in json.loads(listed.stdout)]
    assert sorted(ids) == [f"doc{n:05d}" for n in range(BIG)]  # each once
    ix = open_index(resolve_paths(lib_dir, data_dir).index_dir)
    try:
        assert ix.doc_count() == BIG
        assert duplicated_ids(ix) == 0
        # The stages folded into one segment by the last: the built index is
        # searched over three segments (its helpers' two and that one), not five.
        with ix.reader() as reader:
            assert len(reader.leaf_readers()) == 3
    finally:
        ix.close()
