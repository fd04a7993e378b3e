"""``briefing backup`` and ``briefing restore``: a consistent copy while another process
writes claims, restored with nothing lost; bad files refused with the store untouched."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store import SCHEMA_VERSION
from briefing_tui.core.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
KYIV = "Officials in Kyiv were cautious about the timetable."
TALKS = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2024-03-05\n---\n\n"
    f"# Talks resume\n\nThe talks would resume in March. {KYIV}\n"
)

#: Adds claims in a loop through the core (no CLI), printing each id once committed,
#: until the stop file appears.
WRITER = textwrap.dedent(
    """
    import os, sys, time
    from briefing_tui.core.claims.anchoring import make_selector
    from briefing_tui.core.claims.store import ClaimStore
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    content, data, stop = sys.argv[1:4]
    ws = Workspace(resolve_paths(content, data))
    record = ws.resolve("talks")
    briefing = ws.read(record)
    text = briefing.plain_text
    start = text.index("Officials")
    selector = make_selector(text, start, start + len("Officials in Kyiv"))
    claims = ClaimStore(ws.store)
    number = 0
    while not os.path.exists(stop):
        claim = claims.add(record.id, selector, briefing.content_hash, note=f"n{number}")
        print(claim.id, flush=True)
        number += 1
        time.sleep(0.002)
    ws.close()
    """
)


@pytest.fixture
def library(lib_dir: Path, data_dir: Path) -> tuple[Path, Path]:
    (lib_dir / "talks.md").write_text(TALKS)
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        ws.sync()
    return lib_dir, data_dir


@pytest.fixture
def run(library: tuple[Path, Path], capsys):  # type: ignore[no-untyped-def]
    content, data = library

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(content), "--data", str(data)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


Runner = Callable[..., tuple[int, str, str]]


def store_file(library: tuple[Path, Path]) -> Path:
    return resolve_paths(*library).store_file


def claim_ids(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT id FROM claims")}
    finally:
        connection.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def annotate(run: Runner, note: str) -> str:
    code, out, err = run("annotate", "talks", "--quote", KYIV, "--note", note)
    assert code == 0, err
    return out.strip()


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: ") and "Traceback" not in err
    return lines[0]


def test_backup_while_another_process_writes_claims_then_restore(
    library: tuple[Path, Path], run: Runner, tmp_path: Path
) -> None:
    content, data = library
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(content), str(data), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    written: list[str] = []
    reader = threading.Thread(target=lambda: written.extend(iter(writer.stdout.readline, "")))  # type: ignore[union-attr]
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while len(written) < 25 and time.monotonic() < deadline and writer.poll() is None:
            time.sleep(0.01)
        assert len(written) >= 25, writer.stderr.read() if writer.poll() is not None else "slow"  # type: ignore[union-attr]
        committed = {line.strip() for line in list(written)}  # committed before the backup
        backup = tmp_path / "backup.sqlite3"
        done = subprocess.run(
            [
                *(sys.executable, "-m", "briefing_tui", "backup", "-o", str(backup)),
                *("--content", str(content), "--data", str(data)),
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
        during = len(written)
        deadline = time.monotonic() + 30
        while len(written) < during + 10 and time.monotonic() < deadline:
            time.sleep(0.01)  # the writer went on while and after we backed up
    finally:
        stop.touch()
        writer.wait(timeout=30)
        reader.join(timeout=30)
    assert writer.returncode == 0, writer.stderr.read()  # type: ignore[union-attr]
    assert done.returncode == 0, done.stderr
    assert re.match(r"backed up 1 briefing\(s\) and \d+ claim\(s\) to ", done.stdout)
    everything = {line.strip() for line in written}
    assert len(everything) > len(committed)

    assert integrity(backup) == "ok"
    in_backup = claim_ids(backup)
    assert committed <= in_backup  # nothing committed before the backup is missing
    assert in_backup <= everything  # and nothing half-written or invented
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert not Path(f"{backup}-wal").exists()  # a file that stands alone

    code, out, err = run("restore", str(backup))
    assert code == 0, err
    assert f"restored 1 briefing(s) and {len(in_backup)} claim(s) from {backup}" in out
    aside = re.search(r"the previous store is kept at (\S+)", out)
    assert aside, out
    assert claim_ids(store_file(library)) == in_backup
    assert claim_ids(Path(aside.group(1))) == everything  # the store as it was before
    assert "rebuilt the search index" in out
    code, out, _ = run("claims", "--json")
    assert {c["id"] for c in json.loads(out)} == in_backup


def test_restore_brings_back_the_backup_and_the_index_follows(
    library: tuple[Path, Path], run: Runner, tmp_path: Path
) -> None:
    kept = annotate(run, "before the backup")
    backup = tmp_path / "b.sqlite3"
    code, out, err = run("backup", "-o", str(backup))
    assert code == 0, err
    later = annotate(run, "zebra after the backup")
    code, out, _ = run("search", "note:zebra", "--json")
    assert code == 0 and [h["id"] for h in json.loads(out)] == ["talks"]

    code, out, err = run("restore", str(backup))
    assert code == 0, err
    code, out, _ = run("claims", "--json")
    assert [c["id"] for c in json.loads(out)] == [kept]
    # The index reflects the restored store: the later claim's note is not found.
    code, out, _ = run("search", "note:zebra", "--json")
    assert code == 1 and json.loads(out) == []
    code, out, _ = run("search", "note:before", "--json")
    assert code == 0
    asides = list(store_file(library).parent.glob("store.sqlite3.before-restore-*"))
    assert len(asides) == 1
    assert claim_ids(asides[0]) == {kept, later}
    assert stat.S_IMODE(asides[0].stat().st_mode) == 0o600


def test_backup_default_name_in_the_current_folder(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    annotate(run, "one")
    code, out, err = run("backup")
    assert code == 0, err
    [made] = list(folder.iterdir())
    assert re.fullmatch(r"briefing-backup-\d{8}-\d{6}\.sqlite3", made.name)
    assert str(made) in out or made.name in out
    code, _, err = run("backup")  # the same second: another name, not an overwrite
    assert code == 0, err
    assert len(list(folder.iterdir())) == 2
    # A folder as -o: the dated name inside it.
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert run("backup", "-o", str(other))[0] == 0
    assert len(list(other.glob("briefing-backup-*.sqlite3"))) == 1


def test_backup_refuses_the_store_itself_and_a_missing_store(
    library: tuple[Path, Path], run: Runner, tmp_path: Path
) -> None:
    store = store_file(library)
    before = store.read_bytes()
    code, _, err = run("backup", "-o", str(store))
    assert code == 2 and "is the store itself" in one_line_error(err)
    assert store.read_bytes() == before
    content, _ = library
    code = main(["backup", "--content", str(content), "--data", str(tmp_path / "empty")])
    assert code == 2


def _newer_schema(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()


def _other_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("garbage", "cannot be read as a briefing-tui store"),
        ("empty", "not a briefing-tui store"),
        ("other database", "not a briefing-tui store"),
        ("truncated backup", "cannot be read as a briefing-tui store"),
        ("newer schema", "newer briefing-tui"),
        ("missing", "does not exist"),
        ("folder", "is not a file"),
    ],
)
def test_restore_refuses_a_bad_file_and_leaves_the_store_alone(
    library: tuple[Path, Path], run: Runner, tmp_path: Path, kind: str, message: str
) -> None:
    annotate(run, "precious")
    good = tmp_path / "good.sqlite3"
    assert run("backup", "-o", str(good))[0] == 0
    bad = tmp_path / "bad.sqlite3"
    if kind == "garbage":
        bad.write_bytes(os.urandom(8192))
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "other database":
        _other_database(bad)
    elif kind == "truncated backup":
        raw = good.read_bytes()
        bad.write_bytes(raw[:100] + os.urandom(len(raw) - 100))
    elif kind == "newer schema":
        bad.write_bytes(good.read_bytes())
        _newer_schema(bad)
    elif kind == "folder":
        bad.mkdir()
    store = store_file(library)
    folder = store.parent
    before = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    bad_before = bad.read_bytes() if bad.is_file() else None
    code, out, err = run("restore", str(bad))
    assert code == 2 and out == ""
    assert message in one_line_error(err), err
    after = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    assert after == before  # no aside, no leftover, the store byte for byte
    if bad_before is not None:
        assert bad.read_bytes() == bad_before  # the file itself is only read
    code, out, _ = run("claims", "--json")
    assert [c["note"] for c in json.loads(out)] == ["precious"]


def test_restore_over_a_damaged_store(
    library: tuple[Path, Path], run: Runner, tmp_path: Path
) -> None:
    kept = annotate(run, "safe in the backup")
    backup = tmp_path / "b.sqlite3"
    assert run("backup", "-o", str(backup))[0] == 0
    store = store_file(library)
    for extra in ("-wal", "-shm"):
        Path(f"{store}{extra}").unlink(missing_ok=True)
    store.write_bytes(b"this is not a database any more" * 200)
    code, out, err = run("restore", str(backup))
    assert code == 0, err
    assert "the previous store (it could not be read) is kept at" in out
    code, out, _ = run("claims", "--json")
    assert [c["id"] for c in json.loads(out)] == [kept]
    [aside] = store.parent.glob("store.sqlite3.before-restore-*")
    assert aside.read_bytes().startswith(b"this is not a database")


def test_backup_and_restore_count_the_briefings_in_the_library(
    library: tuple[Path, Path], run: Runner, tmp_path: Path
) -> None:
    """A removed briefing keeps its row (for its claims): backup said "backed up 2231
    briefing(s)" and restore "restored 2233" where doctor said 2226 (a CLI walk)."""
    content, _ = library
    (content / "gone.md").write_text("---\ntitle: Gone\n---\n\nSoon removed.\n")
    assert run("index")[0] == 0
    (content / "gone.md").unlink()
    assert run("index")[0] == 0
    backup = tmp_path / "b.sqlite3"
    code, out, err = run("backup", "-o", str(backup))
    assert code == 0, err
    assert out.startswith("backed up 1 briefing(s)"), out
    code, out, err = run("restore", str(backup))
    assert code == 0, err
    assert "1 briefing(s)" in out + err, out + err
