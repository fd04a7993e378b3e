"""``kill -9`` while links are being saved: every acknowledged link is there, whole.

A process links claims one after another and says each link once its write is
committed (the API's return, the CLI's ``linked:`` line); it is killed while it
links more. After the kill the store passes SQLite's integrity check, every
acknowledged link is there, each link that is there joins two claims that exist,
and the library works on (the links read, a new link saves).
"""

from __future__ import annotations

import os
import signal
import sys
import textwrap
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store import Store
from briefing_tui.core.workspace import Workspace

from ._crashkit import (
    Processes,
    briefing,
    cli_command,
    kill_9,
    processes_fixture,  # noqa: F401 (the processes fixture)
    read_lines,
    write_library,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")

QUOTE = "Officials in Kyiv were cautious"
RELATIONS = ("support", "contradict", "repeat", "cite")

#: Links claim i to claim j for every pair in turn, printing each link once saved.
LINKER = textwrap.dedent(
    """
    import sys
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    content, data = sys.argv[1:3]
    relations = ("support", "contradict", "repeat", "cite")
    ws = Workspace(resolve_paths(content, data))
    ids = sorted(claim.id for claim in ws.claims.all())
    for number in range(10_000):
        first = ids[number % len(ids)]
        second = ids[(number // len(ids) + 1 + number) % len(ids)]
        relation = relations[number % 4]
        if first == second:
            continue
        result = ws.analysis.link(first, relation, second)
        if result.added:
            print(first, relation, second, flush=True)
    """
)


def _library(content: Path, data: Path, count: int) -> list[str]:
    write_library(content, count)
    with Workspace(resolve_paths(content, data)) as ws:
        ws.sync()
        return [ws.annotate(ws.resolve(f"doc{number:05d}"), QUOTE).id for number in range(count)]


def _check(content: Path, data: Path, acknowledged: list[tuple[str, str, str]]) -> None:
    with Store.open(resolve_paths(content, data).store_file) as store:
        assert store.integrity_report() == []
        assert store.query("PRAGMA foreign_key_check") == []
    with Workspace(resolve_paths(content, data)) as ws:
        stored = {(row.from_id, row.relation, row.to_id) for row in ws.store.link_rows()}
        assert set(acknowledged) <= stored
        claims = {claim.id for claim in ws.claims.all()}
        assert all(first in claims and second in claims for first, _, second in stored)
        assert all(relation in RELATIONS for _, relation, _ in stored)
        # the library works on: links read from either end, and a new one saves
        first, relation, second = acknowledged[0]
        assert any(link.claim_id == first for link in ws.analysis.links_of(second))
        ws.analysis.unlink(first, relation, second)
        assert ws.analysis.link(first, relation, second).added


def test_kill_9_while_linking_keeps_every_acknowledged_link(
    lib_dir: Path, data_dir: Path, processes: Processes
) -> None:
    _library(lib_dir, data_dir, 12)
    linker = processes.python(LINKER, str(lib_dir), str(data_dir))
    acknowledged = [tuple(line.split()) for line in read_lines(linker, 25)]
    kill_9(linker)  # while it saves the next ones
    _check(lib_dir, data_dir, acknowledged)  # type: ignore[arg-type]


def test_kill_9_during_cli_links_keeps_every_acknowledged_link(
    lib_dir: Path, data_dir: Path, processes: Processes
) -> None:
    """``briefing link`` in a loop; the loop and the command in flight killed."""
    ids = _library(lib_dir, data_dir, 8)
    assert briefing(lib_dir, data_dir, "index").returncode == 0
    command = " ".join(f"'{part}'" for part in cli_command(lib_dir, data_dir))
    pairs = [
        (ids[i], RELATIONS[(i + j) % 4], ids[j])
        for i in range(len(ids))
        for j in range(len(ids))
        if i < j
    ]
    loop = " && ".join(f"{command} link {a} {r} {b}" for a, r, b in pairs)
    shell = processes.python(f"import os; os.execvp('sh', ['sh', '-c', {loop!r}])")
    lines = read_lines(shell, 3)
    os.killpg(shell.pid, signal.SIGKILL)  # the loop and the link it is saving
    shell.wait(timeout=30)
    acknowledged = []
    for line in lines:
        assert line.startswith("linked: "), line
        first, relation, second = line.removeprefix("linked: ").split()
        acknowledged.append((first, relation.removesuffix("s"), second))
    _check(lib_dir, data_dir, acknowledged)
