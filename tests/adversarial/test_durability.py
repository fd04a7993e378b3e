"""Durability of claims: a ``kill -9`` right after a save, and two processes writing at once.

Each test runs real processes (the same interpreter, importing the package)
over one library and data folder, so SQLite's locking, WAL and fsync and
Whoosh's write lock are the real ones.
"""

from __future__ import annotations

import itertools
import os
import selectors
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from briefing_tui.core.claims.store import ClaimStore
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store import Store
from briefing_tui.core.workspace import Workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")

REPO = Path(__file__).resolve().parents[2]
SENTENCE = "Officials in Kyiv were cautious about the timetable."
TALKS = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2024-03-05\n---\n\n"
    f"# Talks resume\n\nThe talks would resume in March. {SENTENCE}\n\n"
    "The minister added that sanctions would stay. Markets barely moved.\n"
)

#: Opens the library, then annotates COUNT times, printing each claim's id once it is
#: saved (flushed), then sleeps so that the test can kill it.
ANNOTATOR = textwrap.dedent(
    """
    import os, sys, time
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    content, data, name, count, sleep, barrier = sys.argv[1:7]
    ws = Workspace(resolve_paths(content, data))
    ws.sync()
    record = ws.resolve("talks")
    if barrier:  # say we are ready, then wait for the go, so that both write at once
        open(f"{barrier}/ready-{name}", "w").close()
        while not os.path.exists(f"{barrier}/go"):
            time.sleep(0.005)
    for number in range(int(count)):
        claim = ws.annotate(
            record,
            "Officials in Kyiv were cautious",
            note=f"{name}{number} note",
            tags=[name],
            status="key",
        )
        print(claim.id, flush=True)
    time.sleep(float(sleep))
    ws.close()
    """
)


@pytest.fixture
def library(lib_dir: Path, data_dir: Path) -> tuple[Path, Path]:
    (lib_dir / "talks.md").write_text(TALKS)
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        ws.sync()  # the index and store exist before the processes start
    return lib_dir, data_dir


def start(
    library: tuple[Path, Path], name: str, count: int, sleep: float, barrier: Path | None = None
) -> subprocess.Popen:  # type: ignore[type-arg]
    content, data = library
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    arguments = [str(content), str(data), name, str(count), str(sleep), str(barrier or "")]
    return subprocess.Popen(
        [sys.executable, "-c", ANNOTATOR, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def read_ids(process: subprocess.Popen, count: int, timeout: float = 15.0) -> list[str]:  # type: ignore[type-arg]
    """The first ``count`` ids the process prints, waiting at most ``timeout`` seconds."""
    assert process.stdout is not None
    ids: list[str] = []
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while len(ids) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                process.kill()
                pytest.fail(f"no claim id within {timeout} s (got {len(ids)})")
            line = process.stdout.readline()
            if not line:
                stderr = process.stderr.read() if process.stderr else ""
                pytest.fail(f"the annotating process ended early: {stderr}")
            ids.append(line.strip())
    return ids


def kill(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def test_kill_9_right_after_a_claim_is_saved_loses_nothing(library: tuple[Path, Path]) -> None:
    process = start(library, "alpha", 1, sleep=60)
    [claim_id] = read_ids(process, 1)
    kill(process)

    content, data = library
    with Store.open(resolve_paths(content, data).store_file) as store:
        claim = ClaimStore(store).get(claim_id)
        assert claim is not None
        assert claim.note == "alpha0 note"
        assert claim.tags == ["alpha"]
        assert claim.status == "key"
        assert claim.quote == "Officials in Kyiv were cautious"
        assert store.integrity_report() == []
    # The library opens normally afterwards and search finds the claim.
    with Workspace(resolve_paths(content, data)) as ws:
        ws.sync()
        assert [hit.id for hit in ws.search("note:alpha0").hits] == ["talks"]


def test_kill_9_in_the_middle_of_saving_keeps_every_acknowledged_claim(
    library: tuple[Path, Path],
) -> None:
    process = start(library, "beta", 1000, sleep=0)
    acknowledged = read_ids(process, 15)
    kill(process)  # while it is saving the next ones

    content, data = library
    with Workspace(resolve_paths(content, data)) as ws:
        assert ws.store.integrity_report() == []
        stored = {claim.id: claim for claim in ws.claims.all()}
        assert set(acknowledged) <= set(stored)
        # A claim is all there or not there: never without its tag.
        assert all(claim.tags == ["beta"] for claim in stored.values())
        ws.sync()
        assert [hit.id for hit in ws.search("has:claims").hits] == ["talks"]


def test_two_processes_annotating_at_once_both_succeed(
    library: tuple[Path, Path], tmp_path: Path
) -> None:
    count = 100
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    processes = {
        name: start(library, name, count, sleep=0, barrier=barrier) for name in ("alpha", "beta")
    }
    deadline = time.monotonic() + 15
    while not all((barrier / f"ready-{name}").exists() for name in processes):
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes.values()):
            for process in processes.values():
                process.kill()
            pytest.fail("the annotating processes did not get ready")
        time.sleep(0.01)
    (barrier / "go").touch()
    results: dict[str, tuple[int, str, str]] = {}
    for name, process in processes.items():
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            for other in processes.values():
                other.kill()
            pytest.fail(f"{name} did not finish in 60 s")
        results[name] = (process.returncode, out, err)

    for name, (code, out, err) in results.items():
        assert code == 0, f"{name}: {err}"
        assert "locked" not in err.lower(), err
        assert "Traceback" not in err, err
        assert len(out.split()) == count

    content, data = library
    with Workspace(resolve_paths(content, data)) as ws:
        claims = ws.claims.all()
        assert len(claims) == 2 * count
        printed = {claim_id for _, out, _ in results.values() for claim_id in out.split()}
        assert {claim.id for claim in claims} == printed
        notes = {claim.note for claim in claims}
        assert notes == {f"{name}{n} note" for name in ("alpha", "beta") for n in range(count)}
        assert ws.claims.tag_counts() == {"alpha": count, "beta": count}
        # They really wrote at the same time: their claims are interleaved in the table.
        order = [row[0] for row in ws.store.query("SELECT note FROM claims ORDER BY rowid")]
        switches = sum(1 for a, b in itertools.pairwise(order) if a[0] != b[0])
        assert switches >= 3, f"the two processes did not overlap ({switches} switches)"
        # The index kept up: the last writer of each process saw every claim.
        for query in ("note:alpha0", f"note:alpha{count - 1}", f"note:beta{count - 1}"):
            assert [hit.id for hit in ws.search(query).hits] == ["talks"], query
