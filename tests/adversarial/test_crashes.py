"""Group 9: ``kill -9`` mid-work, then a restart: every acknowledged write is there.

Each case runs the real command in a subprocess and kills it where the work
is: during a sync (its progress bar, on a pseudo-terminal, says how far it
got), during claim saves and tag changes (between the store's commit and the
index update, the one place a crash can leave the two apart: the test's own
script kills itself there), during an export (as soon as the target or its
temporary file appears) and during an import (as soon as its write reaches
the store's WAL). After the kill, the store passes SQLite's integrity check,
everything acknowledged before the kill is there, and search works and
agrees with the store.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.claims.anchoring import make_selector
from briefing_tui.core.exchange import export_claims
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store import Store
from briefing_tui.core.workspace import Workspace

from ._crashkit import (
    REPO,
    Processes,
    assert_clean_stderr,
    briefing,
    cli_command,
    cli_env,
    indexed_fixture,  # noqa: F401 (the indexed fixture)
    kill_9,
    no_stray_processes,
    processes_fixture,  # noqa: F401 (the processes fixture)
    read_lines,
    search_ids,
    search_ids_in_process,
    wait_for,
    write_library,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals and ptys")

QUOTE = "Officials in Kyiv were cautious"
#: Big enough that ``briefing index`` builds with two processes (400 or more files).
BIG = 800


def _zebra(count: int, remainder: int) -> list[str]:
    """The ids whose text holds ``zebra<remainder>`` (see ``briefing_text``)."""
    return [f"doc{n:05d}" for n in range(count) if n % 7 == remainder]


def _check_store(data: Path, content: Path) -> None:
    with Store.open(resolve_paths(content, data).store_file) as store:
        assert store.integrity_report() == []


# -- sync ---------------------------------------------------------------------------


def test_kill_9_during_first_sync_then_search_finds_every_briefing(
    lib_dir: Path, data_dir: Path, processes: Processes, capsys: pytest.CaptureFixture[str]
) -> None:
    write_library(lib_dir, BIG)
    running = processes.on_terminal(lib_dir, data_dir, "index")
    running.wait_for_progress(300)
    kill_9(running.process)

    found, stderr = search_ids(lib_dir, data_dir, "zebra3")
    assert found == _zebra(BIG, 3), stderr
    assert search_ids_in_process(lib_dir, data_dir, "tag:t2", capsys)[0] == [
        f"doc{n:05d}" for n in range(BIG) if n % 5 == 2
    ]
    _check_store(data_dir, lib_dir)
    doctor = briefing(lib_dir, data_dir, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    assert not no_stray_processes([str(data_dir)])


def test_kill_9_during_rebuild_then_search_still_finds_every_briefing(
    lib_dir: Path, data_dir: Path, processes: Processes, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rebuild starts from an empty index: killed half-way, that partial index
    used to open as valid, and since the store called every file unchanged the
    next searches missed whatever the build never reached."""
    write_library(lib_dir, BIG)
    assert briefing(lib_dir, data_dir, "index").returncode == 0
    running = processes.on_terminal(lib_dir, data_dir, "index", "--rebuild")
    running.wait_for_progress(300)
    kill_9(running.process)

    found, stderr = search_ids(lib_dir, data_dir, "zebra3")
    assert found == _zebra(BIG, 3)
    assert stderr.count("Rebuilding the search index") == 1, stderr
    assert "did not finish" in stderr
    assert search_ids_in_process(lib_dir, data_dir, "zebra5", capsys)[0] == _zebra(BIG, 5)
    _check_store(data_dir, lib_dir)


# -- claim saves and tag changes -----------------------------------------------------

#: Opens the library, then makes the index update of the next write kill the
#: process: the write is committed to the store and the index never hears of it.
KILLED_BEFORE_THE_INDEX = """
import os, signal, sys
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search.claim_index import ClaimIndex
from briefing_tui.core.workspace import Workspace

content, data, action = sys.argv[1:4]
ws = Workspace(resolve_paths(content, data))
ws.sync()

def killed(self, doc_ids):
    os.kill(os.getpid(), signal.SIGKILL)

Workspace.reindex_many = killed
ClaimIndex.update = killed  # a claim save writes the claims index only
if action == "claim":
    ws.annotate(ws.resolve("doc00003"), "Officials in Kyiv were cautious", note="crashnote")
elif action == "tag":
    ws.change_tags(ws.resolve("doc00003"), ["crashtag"], [])
elif action == "rename":
    ws.retag("t1", "renamed-tag")
print("not killed", flush=True)
"""


def _killed_between_store_and_index(content: Path, data: Path, action: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_BEFORE_THE_INDEX, str(content), str(data), action],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("action", "query", "expected"),
    [
        ("claim", "note:crashnote", ["doc00003"]),
        ("tag", "tag:crashtag", ["doc00003"]),
        ("rename", "tag:renamed-tag", [f"doc{n:05d}" for n in range(30) if n % 5 == 1]),
    ],
    ids=["claim_save", "tag_change", "tag_rename"],
)
def test_kill_9_between_store_commit_and_index_update_is_caught_up_by_next_sync(
    lib_dir: Path,
    data_dir: Path,
    action: str,
    query: str,
    expected: list[str],
    indexed: Callable[[int], list[Path]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    indexed(30)
    _killed_between_store_and_index(lib_dir, data_dir, action)

    found, stderr = search_ids(lib_dir, data_dir, query)
    assert found == expected, stderr
    if action == "rename":  # all of the rename or none: here, all
        assert search_ids_in_process(lib_dir, data_dir, "tag:t1", capsys)[0] == []
        tags = briefing(lib_dir, data_dir, "tags", "--json")
        counts = {item["tag"]: item["count"] for item in json.loads(tags.stdout)}
        assert "t1" not in counts and counts["renamed-tag"] == len(expected)
    _check_store(data_dir, lib_dir)
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:  # caught up once, for good
        assert ws.store.meta_with_prefix("pending_reindex:") == {}


def test_kill_9_during_cli_annotations_keeps_every_acknowledged_claim(
    lib_dir: Path, data_dir: Path, processes: Processes, indexed: Callable[[int], list[Path]]
) -> None:
    """``briefing annotate`` in a loop, the loop and the command in flight killed."""
    indexed(30)
    command = " ".join(f"'{part}'" for part in cli_command(lib_dir, data_dir))
    loop = (
        "for i in $(seq 0 40); do "
        f'{command} annotate doc000$((10 + i % 20)) --quote "{QUOTE}" --note "loop$i" '
        "--tag looped || exit 1; done"
    )
    shell = processes.python(f"import os; os.execvp('sh', ['sh', '-c', {loop!r}])")
    acknowledged = read_lines(shell, 3)
    os.killpg(shell.pid, signal.SIGKILL)  # the loop and the annotate it is running
    shell.wait(timeout=30)

    _check_store(data_dir, lib_dir)
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        ws.sync()
        stored = {claim.id: claim for claim in ws.claims.all()}
        assert set(acknowledged) <= set(stored)
        for claim in stored.values():  # whole claims only, each found by its note
            assert claim.tags == ["looped"] and claim.quote == QUOTE
            hits = [hit.id for hit in ws.search(f'note:"{claim.note}"').hits]
            assert hits == [claim.doc_id], claim.note


# -- export and import --------------------------------------------------------------


def _claims_library(content: Path, data: Path, extra: int) -> tuple[Path, int]:
    """A library with a few claims, and a json export file holding ``extra`` more.

    The extra claims are passages of their own (the import merges claims on
    the same passage) with long notes, so the file is big enough for a kill
    to land while it is being handled. The notes are long in bytes, not in
    words: 920 characters of one word each (the index would spend seconds on
    160 words a note, and the kills land in the store's write, not there).
    """
    write_library(content, 30)
    with Workspace(resolve_paths(content, data)) as ws:
        ws.sync()
        for number in range(0, 30, 3):
            ws.annotate(ws.resolve(f"doc{number:05d}"), QUOTE, note=f"first{number}")
        exported = json.loads(export_claims(ws, "json", "").data)
        present = len(ws.claims.all())
        texts = {}
        for document in exported["documents"]:  # the briefings the file describes
            briefing_ = ws.read(ws.resolve(document["id"]))
            assert isinstance(briefing_, Briefing)
            texts[document["id"]] = (briefing_.plain_text, briefing_.content_hash)
    template = exported["claims"][0]
    doc_ids = sorted(texts)
    for number in range(extra):
        doc_id = doc_ids[number % len(doc_ids)]
        text, content_hash = texts[doc_id]
        first = (number // len(doc_ids)) % 600
        selector = make_selector(text, first, first + 12 + number // (len(doc_ids) * 600))
        claim = copy.deepcopy(template)
        claim.update(
            id=f"cbulk{number:07d}",
            doc_id=doc_id,
            content_hash=content_hash,
            quote={"exact": selector.exact, "prefix": selector.prefix, "suffix": selector.suffix},
            position={"start": selector.start, "end": selector.end},
            note=f"bulknote{number} " + "~" * 920,
        )
        exported["claims"].append(claim)
    bundle = content.parent / "bundle.json"
    bundle.write_text(json.dumps(exported))
    return bundle, present


def test_kill_9_during_import_annotations_writes_all_or_nothing(
    lib_dir: Path, data_dir: Path, processes: Processes, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = 20000
    bundle, present = _claims_library(lib_dir, data_dir, extra)
    paths = resolve_paths(lib_dir, data_dir)
    wal = Path(f"{paths.store_file}-wal")
    baseline = wal.stat().st_size if wal.exists() else 0
    running = processes.python(
        "import sys; from briefing_tui.cli import main; sys.exit(main(sys.argv[1:]))",
        "--content",
        str(lib_dir),
        "--data",
        str(data_dir),
        "import-annotations",
        str(bundle),
    )
    # The import's one transaction spills into the WAL as it writes: kill then.
    wait_for(
        lambda: (
            (wal.exists() and wal.stat().st_size > baseline + 256 * 1024)
            or running.poll() is not None
        ),
        "the import to write",
    )
    kill_9(running)

    _check_store(data_dir, lib_dir)
    with Workspace(paths) as ws:
        count = len(ws.claims.all())
        assert count in (present, present + extra), "an import is one transaction"
    again = briefing(lib_dir, data_dir, "import-annotations", str(bundle), "--json")
    assert again.returncode == 0, again.stderr
    assert_clean_stderr(again.stderr)
    with Workspace(paths) as ws:
        assert len(ws.claims.all()) == present + extra
    # What the index holds once the import (a real process) has dealt with it.
    assert search_ids_in_process(lib_dir, data_dir, "note:bulknote7", capsys)[0] == ["doc00021"]
    assert search_ids_in_process(lib_dir, data_dir, "note:first9", capsys)[0] == ["doc00009"]


def test_kill_9_during_export_leaves_the_old_file_or_a_complete_one(
    lib_dir: Path, data_dir: Path, tmp_path: Path, processes: Processes
) -> None:
    extra = 20000
    bundle, present = _claims_library(lib_dir, data_dir, extra)
    assert briefing(lib_dir, data_dir, "import-annotations", str(bundle)).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    target = out / "claims.json"
    old = b'{"an": "older export the user keeps"}\n'
    target.write_bytes(old)
    original = target.stat()

    running = processes.python(
        "import sys; from briefing_tui.cli import main; sys.exit(main(sys.argv[1:]))",
        *("--content", str(lib_dir), "--data", str(data_dir)),
        *("export", "-o", str(target)),
    )

    def writing() -> bool:
        now = target.stat()
        changed = (now.st_ino, now.st_size, now.st_mtime_ns) != (
            original.st_ino,
            original.st_size,
            original.st_mtime_ns,
        )
        return changed or len(list(out.iterdir())) > 1 or running.poll() is not None

    wait_for(writing, "the export to start writing")
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=30)

    data = target.read_bytes()
    if data != old:  # then it is the whole export, never a part of one
        exported = json.loads(data)
        assert len(exported["claims"]) == present + extra
    # A leftover temporary file is allowed; it is never the target's name.
    assert all(path == target or path.name.endswith(".tmp") for path in out.iterdir())
    # The export can be run again and completes.
    done = briefing(lib_dir, data_dir, "export", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(target.read_bytes())["claims"]) == present + extra
    assert search_ids(lib_dir, data_dir, "zebra3")[0] == _zebra(30, 3)


# -- restore --------------------------------------------------------------------------


def test_crash_at_the_swap_of_a_restore_over_a_damaged_store_never_leaves_no_store(
    lib_dir: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``briefing restore`` over a damaged store, interrupted just before the backup is
    renamed into place (an exception stands in for the kill, at that exact instant).

    The damaged store used to be moved aside first: interrupted there, the
    data folder had no store, and the next start made a new, empty one.
    """
    from briefing_tui.core.store import backup

    write_library(lib_dir, 5)
    paths = resolve_paths(lib_dir, data_dir)
    with Workspace(paths) as ws:
        ws.sync()
        ws.annotate(ws.resolve("doc00002"), QUOTE, note="keep me")
    saved = tmp_path / "backup.sqlite3"
    backup.backup_store(paths.store_file, saved)
    garbage = os.urandom(8192)
    paths.store_file.write_bytes(garbage)

    real_replace = os.replace

    def interrupted(source: object, target: object) -> None:
        if Path(str(target)) == paths.store_file:
            raise KeyboardInterrupt  # the process dies here
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(backup.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        backup.restore_store(paths.store_file, saved)
    monkeypatch.undo()

    assert paths.store_file.read_bytes() == garbage  # still there, still refused
    refused = briefing(lib_dir, data_dir, "list")
    assert refused.returncode == 2 and "briefing restore" in refused.stderr
    aside = [p for p in data_dir.glob("*/store.sqlite3.before-restore-*")]
    assert [p.read_bytes() for p in aside] == [garbage]
    again = briefing(lib_dir, data_dir, "restore", str(saved))
    assert again.returncode == 0, again.stderr
    with Workspace(paths) as ws:
        assert [claim.note for claim in ws.claims.all()] == ["keep me"]


def test_ctrl_c_during_a_rebuild_is_one_line_from_every_process(
    lib_dir: Path, data_dir: Path, processes: Processes, indexed: Callable[..., list[Path]]
) -> None:
    """Ctrl-C at a terminal reaches the command's whole process group, its
    indexing workers too: each printed its own ``KeyboardInterrupt`` traceback
    under the command's "interrupted". Now only the command speaks, and the
    next search rebuilds. The briefings are long enough (1,500 words) that
    the workers are busy indexing when the key comes."""
    indexed(BIG, words=1500)  # an index built before, as write_library then index leave
    running = processes.on_terminal(lib_dir, data_dir, "index", "--rebuild")
    running.wait_for_progress(300)
    children = Path(f"/proc/{running.process.pid}/task/{running.process.pid}/children")
    wait_for(lambda: bool(children.read_text().split()), "its indexing workers", timeout=30)
    os.killpg(running.process.pid, signal.SIGINT)  # what the terminal does on ctrl+c
    assert running.finish() == 130
    deadline = time.monotonic() + 3  # a worker's last words may come after its parent's
    while time.monotonic() < deadline:
        if select.select([running.master], [], [], 0.2)[0]:
            try:
                chunk = os.read(running.master, 65536)
            except OSError:  # every process holding the terminal has ended
                break
            if not chunk:
                break
            running.seen.extend(chunk)
    assert "briefing: interrupted" in running.text
    assert_clean_stderr(running.text)
    assert "KeyboardInterrupt" not in running.text, running.text
    found, _stderr = search_ids(lib_dir, data_dir, "zebra3")
    assert found == _zebra(BIG, 3)


def test_ctrl_c_at_a_rebuild_started_in_the_background_leaves_it_building(
    lib_dir: Path, data_dir: Path, processes: Processes, indexed: Callable[..., list[Path]]
) -> None:
    """A script's ``briefing index --rebuild &`` ignores ctrl+c, as every background
    job of a script does, but its indexing workers left on it: the command then
    waited for ever to hand them the next batch (seen as a hang of the ctrl+c test
    above whenever the test run was itself started in the background). Now the
    workers ignore it too and the build finishes."""
    indexed(BIG, words=1500)  # an index built before, as write_library then index leave
    running = processes.on_terminal(lib_dir, data_dir, "index", "--rebuild", background=True)
    running.wait_for_progress(300)
    children = Path(f"/proc/{running.process.pid}/task/{running.process.pid}/children")
    wait_for(lambda: bool(children.read_text().split()), "its indexing workers", timeout=30)
    os.killpg(running.process.pid, signal.SIGINT)
    assert running.finish() == 0, running.text[-500:]
    assert "interrupted" not in running.text
    assert_clean_stderr(running.text)
    found, stderr = search_ids(lib_dir, data_dir, "zebra3")
    assert found == _zebra(BIG, 3)
    assert "did not finish" not in stderr  # the build was whole: nothing to build again


@pytest.mark.parametrize("killed", ["every worker", "one worker"])
def test_indexing_workers_killed_mid_build_end_the_command_in_one_line_and_lose_nothing(
    lib_dir: Path, data_dir: Path, processes: Processes, killed: str
) -> None:
    """The out-of-memory killer (or a user's ``kill``) ends the build's worker
    processes, not the command: it waited for ever to hand them the next batch,
    and when one of two died, its stage committed without that worker's briefings
    (the index said they were there; searches never found them).
    Now the command says so in one line, and the next search builds the index
    whole."""
    write_library(lib_dir, BIG, words=1500)
    running = processes.on_terminal(lib_dir, data_dir, "index", "--rebuild")
    running.wait_for_progress(300)
    children = Path(f"/proc/{running.process.pid}/task/{running.process.pid}/children")
    wait_for(lambda: bool(children.read_text().split()), "its indexing workers", timeout=30)
    workers = children.read_text().split()
    for pid in workers if killed == "every worker" else workers[:1]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)
    assert running.finish() == 2, running.text[-500:]  # an error, as every command exits on one
    assert "briefing: error: " in running.text
    assert "indexing process" in running.text, running.text[-500:]
    assert_clean_stderr(running.text)
    found, _stderr = search_ids(lib_dir, data_dir, "zebra3")
    assert found == _zebra(BIG, 3)
