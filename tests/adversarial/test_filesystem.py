"""Group 11 of issue #8: the file system under the app.

A library folder that disappears (between syncs, during a scan, replaced by
a file) while the core or the TUI runs; a file replaced by a folder named
``x.md``; files and folders the user may not read; names holding a newline
or bytes that are not UTF-8; and a library of 100,000 empty files. Each gets
a clear message, nothing the user made is lost, and the rest keeps working.

The tests run as root, for whom ``chmod 000`` denies nothing: permission
errors are then made by replacing ``open`` (for a file) or ``os.scandir``
(for a folder) with versions that raise ``PermissionError`` for that one
path, which is what the kernel would do for another user.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import io
import json
import os
import resource
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import briefing_tui.core.briefings.documents as documents_module
import briefing_tui.core.briefings.identities as identities_module
import briefing_tui.core.changes as changes_module
import briefing_tui.core.sync as sync_module
from briefing_tui.cli import main
from briefing_tui.core.briefings.documents import parse_briefing
from briefing_tui.core.briefings.identity import derived_id
from briefing_tui.core.briefings.scanning import LibraryUnavailable, scan_library
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search.claim_index import ClaimIndex
from briefing_tui.core.store import Store
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.app import create_app
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle

BRIEFINGS = {
    "alpha.md": "---\nid: alpha\ntitle: Alpha\n---\n\nThe aardvark report says the river rose.\n",
    "beta.md": "---\nid: beta\ntitle: Beta\n---\n\nThe aardvark budget passed.\n",
    "notes/gamma.md": "---\nid: gamma\ntitle: Gamma\n---\n\nAn aardvark in the notes.\n",
}


def _fill(library: Path, files: dict[str, str] = BRIEFINGS) -> None:
    for name, text in files.items():
        path = library / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def synced(library: Path, data: Path) -> Iterator[Workspace]:
    """The three briefings, synced, with a claim on alpha."""
    _fill(library)
    with Workspace(resolve_paths(library, data)) as ws:
        ws.sync()
        ws.annotate(ws.store.get("alpha"), "the river rose", note="check")  # type: ignore[arg-type]
        yield ws


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _nothing_lost(ws: Workspace) -> None:
    """Every briefing still listed and found, and the claim still attached."""
    assert sorted(record.id for record in ws.store.list_documents()) == ["alpha", "beta", "gamma"]
    assert sorted(ws.search("aardvark").ids) == ["alpha", "beta", "gamma"]
    claims = ws.claims.for_document("alpha")
    assert [(claim.note, claim.anchor) for claim in claims] == [("check", "exact")]


# -- the library folder disappears -----------------------------------------------------------


def test_library_folder_removed_between_syncs_changes_nothing_and_says_so(
    synced: Workspace, library: Path
) -> None:
    """An unmounted share or a renamed folder used to scan as empty: every
    briefing left the index and every claim was orphaned."""
    moved = library.with_name("library-away")
    library.rename(moved)
    with pytest.raises(LibraryUnavailable, match=r"library folder .* cannot be read") as raised:
        synced.sync()
    assert "nothing was changed" in str(raised.value).lower()
    assert synced.notices == []  # not taken for a damaged index
    _nothing_lost(synced)  # the index and the store are as they were: search still works
    moved.rename(library)
    report = synced.sync()
    assert report.removed == [] and not report.changed
    _nothing_lost(synced)


def test_an_unmounted_drive_s_empty_mount_point_changes_nothing(
    synced: Workspace, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A drive's mount point stays when the drive is not mounted: an empty,
    readable folder on the parent's file system. Scanned as is, every briefing
    would leave and every claim be orphaned; only an explicit rebuild does that."""
    away = library.with_name("library-contents")
    away.mkdir()
    for child in list(library.iterdir()):
        child.rename(away / child.name)
    real_device = changes_module.device_of
    monkeypatch.setattr(changes_module, "device_of", lambda root: "the parent's device")
    with pytest.raises(LibraryUnavailable, match="empty") as raised:
        synced.sync()
    assert "nothing was removed" in str(raised.value)
    assert "--rebuild" in str(raised.value)
    _nothing_lost(synced)
    monkeypatch.setattr(changes_module, "device_of", real_device)
    for child in list(away.iterdir()):  # the drive is mounted again
        child.rename(library / child.name)
    assert not synced.sync().changed
    _nothing_lost(synced)


def test_a_library_emptied_on_its_own_device_is_emptied(synced: Workspace, library: Path) -> None:
    """Deleting every briefing (same folder, same device) is what the user meant."""
    for child in list(library.iterdir()):
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    report = synced.sync()
    assert sorted(report.removed) == ["alpha.md", "beta.md", "notes/gamma.md"]
    assert synced.store.list_documents() == []


def test_library_folder_replaced_by_a_file_changes_nothing_and_says_so(
    synced: Workspace, library: Path
) -> None:
    shutil.rmtree(library)
    library.write_text("not a folder any more")
    with pytest.raises(LibraryUnavailable, match="no longer a folder"):
        synced.sync()
    _nothing_lost(synced)


def test_library_folder_vanishing_during_the_scan_changes_nothing(
    synced: Workspace, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder goes while its subfolders are being listed: the scan has seen
    part of the library only, and must not be taken for the whole of it."""
    real_scandir = os.scandir
    away = library.with_name("library-away")

    def scandir_then_vanish(path: Any = ".") -> Any:
        if str(path).endswith("notes") and library.exists():
            library.rename(away)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir_then_vanish)
    with pytest.raises(LibraryUnavailable):
        synced.sync()
    monkeypatch.setattr(os, "scandir", real_scandir)
    _nothing_lost(synced)


def test_library_folder_that_cannot_be_listed_is_one_line_from_the_cli(
    library: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``briefing index`` when the folder exists but cannot be listed (permission
    taken away, a stale network mount): exit 2 and one line naming the folder."""
    _fill(library)
    base = ["--content", str(library), "--data", str(data)]
    assert _cli([*base, "index"])[0] == 0
    real_scandir = os.scandir

    def denied(path: Any = ".") -> Any:
        if os.fspath(path) == str(library):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    code, _, err = _cli([*base, "index"])
    monkeypatch.setattr(os, "scandir", real_scandir)
    assert code == 2
    assert err.startswith("briefing: error: the library folder ")
    assert "Permission denied" in err and err.count("\n") == 1, err
    code, out, _ = _cli([*base, "search", "aardvark", "--json"])
    assert code == 0 and len(json.loads(out)) == 3  # nothing was removed meanwhile


async def test_tui_library_folder_disappearing_is_a_notification_and_the_list_stays(
    library: Path, data: Path
) -> None:
    """While the app runs, the folder goes and a re-sync is asked for (ctrl+r):
    an error notification naming the folder, the app keeps running, the list
    keeps every briefing; when the folder is back, a re-sync is quiet again."""
    _fill(library)
    app = create_app(str(library), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        listed = app.screen.query_one(BriefingList)
        assert len(listed.rows) == 3
        away = library.with_name("library-away")
        library.rename(away)
        app.screen.action_resync()  # type: ignore[attr-defined]
        await settle(app, pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert "library folder" in errors[0].message and "cannot be read" in errors[0].message
        assert app.is_running
        assert len(app.screen.query_one(BriefingList).rows) == 3
        away.rename(library)
        app.screen.action_resync()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert len([n for n in app._notifications if n.severity == "error"]) == 1
        assert len(app.screen.query_one(BriefingList).rows) == 3
        assert app.is_running


# -- a file replaced by a folder -------------------------------------------------------------


def test_file_replaced_by_a_folder_named_like_it_is_skipped_and_its_claim_kept(
    synced: Workspace, library: Path
) -> None:
    """``alpha.md`` becomes a folder holding a briefing: the folder is listed as
    skipped with the reason, the briefing inside is indexed, alpha's claim is
    kept (orphaned), and it comes back when the file does."""
    original = (library / "alpha.md").read_text()
    (library / "alpha.md").unlink()
    (library / "alpha.md").mkdir()
    (library / "alpha.md" / "inside.md").write_text("# Inside\n\nThe okapi hides here.\n")
    report = synced.sync()
    assert ("alpha.md", "a folder, not a file") in {(s.path, s.reason) for s in report.skipped}
    assert [hit.path for hit in synced.search("okapi").hits] == ["alpha.md/inside.md"]
    assert sorted(synced.search("aardvark").ids) == ["beta", "gamma"]
    assert [c.anchor for c in synced.claims.for_document("alpha")] == ["orphaned"]
    shutil.rmtree(library / "alpha.md")
    (library / "alpha.md").write_text(original)
    synced.sync()
    _nothing_lost(synced)


def test_file_turning_into_a_folder_between_the_scan_and_the_read_is_skipped(
    synced: Workspace, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: the scan saw a file, the read finds a folder. It is skipped
    with the reason, and the sync goes on."""
    (library / "beta.md").write_text("---\nid: beta\n---\n\nThe aardvark budget failed.\n")
    real_read = sync_module.read_briefing

    def swap_then_read(path: Path, root: Path, **kwargs: Any) -> Any:
        if path.name == "beta.md" and path.is_file():
            path.unlink()
            path.mkdir()
        return real_read(path, root, **kwargs)

    monkeypatch.setattr(sync_module, "read_briefing", swap_then_read)
    report = synced.sync()
    assert ("beta.md", "a folder, not a file") in {(s.path, s.reason) for s in report.skipped}
    assert sorted(synced.search("aardvark").ids) == ["alpha", "gamma"]


# -- permission denied ---------------------------------------------------------------------------


class Denier:
    """Makes paths unreadable, and readable again (:meth:`allow`)."""

    def __init__(self) -> None:
        self.denied: set[str] = set()
        self.deny_path: Callable[[Path], None] = lambda path: None

    def __call__(self, path: Path) -> None:
        self.deny_path(path)

    def allow(self) -> None:
        for name in self.denied:
            with contextlib.suppress(OSError):
                os.chmod(name, 0o755 if os.path.isdir(name) else 0o644)
        self.denied.clear()


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch) -> Iterator[Denier]:
    """Make a path unreadable: ``chmod`` where that works, else refuse to open it.

    Root reads a mode-000 file anyway, so as root ``open`` (as the reader calls
    it) and ``os.scandir`` raise the PermissionError the kernel would.
    """
    real_open = open
    real_scandir = os.scandir
    denier = Denier()
    denied = denier.denied

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) in denied:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    def guarded_scandir(path: Any = ".") -> Any:
        if os.fspath(path) in denied:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def deny_path(path: Path) -> None:
        os.chmod(path, 0)
        denied.add(str(path))
        try:
            if path.is_dir():
                os.listdir(path)
            else:
                path.open("rb").close()
        except PermissionError:
            return  # not root: the mode is enough
        monkeypatch.setattr(documents_module, "open", guarded_open, raising=False)
        monkeypatch.setattr(os, "scandir", guarded_scandir)

    denier.deny_path = deny_path
    yield denier
    denier.allow()


def test_permission_denied_file_is_skipped_with_the_reason_and_comes_back(
    synced: Workspace, library: Path, deny: Denier
) -> None:
    """An unreadable briefing is skipped with "Permission denied" (in the sync
    report and ``doctor``); the others are found; its claim is kept; and it
    is read again when allowed (an unreadable file is not remembered as bad)."""
    alpha = library / "alpha.md"
    os.utime(alpha, ns=(1, 1))  # a changed signature makes the sync read it
    deny(alpha)
    report = synced.sync()
    assert ("alpha.md", "cannot be read: Permission denied") in {
        (s.path, s.reason) for s in report.skipped
    }
    assert sorted(synced.search("aardvark").ids) == ["beta", "gamma"]
    assert [c.note for c in synced.claims.for_document("alpha")] == ["check"]
    assert synced.read(synced.store.get("beta")).title == "Beta"  # type: ignore[arg-type, union-attr]
    deny.allow()
    synced.sync()
    _nothing_lost(synced)


def test_permission_denied_file_in_briefing_show_and_doctor_is_one_clear_line(
    library: Path, data: Path, deny: Denier
) -> None:
    _fill(library)
    base = ["--content", str(library), "--data", str(data)]
    assert _cli([*base, "index"])[0] == 0
    deny(library / "beta.md")
    code, _, err = _cli([*base, "show", "beta"])
    assert code == 2
    assert err == "briefing: error: beta.md: cannot be read: Permission denied\n"
    os.utime(library / "beta.md", ns=(1, 1))
    _cli([*base, "index"])
    code, out, _ = _cli([*base, "doctor"])
    assert "  beta.md: cannot be read: Permission denied" in out.splitlines()
    code, out, _ = _cli([*base, "search", "aardvark", "--json"])
    assert sorted(hit["id"] for hit in json.loads(out)) == ["alpha", "gamma"]


def test_permission_denied_subfolder_is_skipped_and_the_rest_is_indexed(
    library: Path, data: Path, deny: Denier
) -> None:
    _fill(library)
    deny(library / "notes")
    with Workspace(resolve_paths(library, data)) as ws:
        report = ws.sync()
        assert ("notes", "folder cannot be read: Permission denied") in {
            (s.path, s.reason) for s in report.skipped
        }
        assert sorted(ws.search("aardvark").ids) == ["alpha", "beta"]


# -- file times past 2262 ------------------------------------------------------------------------


def test_a_file_dated_past_2262_is_indexed_and_not_read_again(library: Path, data: Path) -> None:
    """ext4 keeps file times up to 2446 (``touch -d 2300-01-01``): in nanoseconds
    that is past the 64-bit integers SQLite stores, and every sync raised
    OverflowError (taken for index damage: rebuilt, and raised again)."""
    _fill(library)
    far = 253_402_300_800 * 10**9  # the year 10000; the file system keeps what it can
    os.utime(library / "beta.md", ns=(far, far))
    if os.stat(library / "beta.md").st_mtime_ns <= 2**63 - 1:
        pytest.skip("this file system cannot keep a time past 2262")
    with Workspace(resolve_paths(library, data)) as ws:
        report = ws.sync()
        assert report.skipped == [] and ws.notices == []
        assert sorted(ws.search("aardvark").ids) == ["alpha", "beta", "gamma"]
        assert not ws.sync().changed  # the clamped time still compares equal


# -- a tree deeper than Python's recursion limit ---------------------------------------------------


def test_folders_nested_1500_deep_are_scanned_without_a_recursion_error(
    library: Path, data: Path
) -> None:
    """1,500 one-letter folders fit in a path (PATH_MAX is 4,096). The scan
    recursed once per level and raised RecursionError; the workspace took it
    for index damage, rebuilt the index, and failed again: no sync at all."""
    _fill(library)
    levels = 1500
    chain = [str(library)]
    for _ in range(levels):
        chain.append(os.path.join(chain[-1], "d"))
        os.mkdir(chain[-1])
    bottom = os.path.join(chain[-1], "bottom.md")
    Path(bottom).write_text("# Bottom\n\nThe aardvark at the bottom.\n")
    try:
        with Workspace(resolve_paths(library, data)) as ws:
            report = ws.sync()
            assert report.skipped == [] and ws.notices == []
            found = {hit.path for hit in ws.search("aardvark").hits}
            assert "/".join(["d"] * levels + ["bottom.md"]) in found
            assert len(found) == 4
            assert not ws.sync().changed
    finally:
        # shutil.rmtree (and so pytest's clean-up) recurses too: unwind by hand.
        os.remove(bottom)
        for folder in reversed(chain[1:]):
            os.rmdir(folder)


# -- names the file system allows and nothing else does -------------------------------------------


def _create(folder: Path, name: bytes, text: bytes = b"# Odd\n\nThe aardvark again.\n") -> None:
    """Create a file by a bytes name: no str can spell a name that is not UTF-8."""
    path = os.path.join(os.fsencode(folder), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(text)


def test_names_with_a_newline_or_bytes_that_are_not_utf8_are_skipped_with_a_readable_name(
    library: Path, data: Path
) -> None:
    """Each is skipped saying to rename it, shown in one line of valid UTF-8 that
    names no other file (a newline as ␊, not as a space), and everything else,
    even in a folder next to them, is indexed."""
    _fill(library)
    odd = {
        b"new\nline.md": "new\u240aline.md",
        b"caf\xe9.md": "caf\ufffd.md",
        b"dir\xff/inside.md": "dir\ufffd/inside.md",
        b"tab\there.md": "tab\u2409here.md",
        b"bell\x07\x1b[2J.md": "bell\u2407\u241b[2J.md",
    }
    for name in odd:
        _create(library, name)
    (library / "new line.md").write_text("# Space\n\nThe aardvark with a space.\n")
    base = ["--content", str(library), "--data", str(data)]
    code, out, _ = _cli([*base, "index", "--json"])
    assert code == 0
    summary = json.loads(out)
    reasons = {item["path"]: item["reason"] for item in summary["skipped"]}
    assert set(reasons) == set(odd.values())
    assert all("rename the file" in reason for reason in reasons.values())
    code, out, _ = _cli([*base, "doctor"])
    out.encode("utf-8")  # printable as it is
    lines = out.splitlines()
    for shown, reason in reasons.items():
        assert f"  {shown}: {reason}" in lines  # each on one line of its own
    with Workspace(resolve_paths(library, data)) as ws:
        paths = {hit.path for hit in ws.search("aardvark").hits}
        assert paths == {"alpha.md", "beta.md", "notes/gamma.md", "new line.md"}
        assert not ws.sync().changed


# -- 100,000 empty files ---------------------------------------------------------------------------


class _CountingView:
    """A read-only view of a set that counts membership tests and stops at a budget."""

    def __init__(self, ids: Any, budget: list[int]) -> None:
        self.ids = ids
        self.budget = budget

    def __contains__(self, item: object) -> bool:
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise AssertionError("derived ids probe the taken set more than linearly")
        return item in self.ids


@pytest.fixture
def probe_budget(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], list[int]]:
    """Give every derived id at most ``per_id`` probes of the taken ids, in total."""

    def install(files: int, per_id: int = 6) -> list[int]:
        budget = [files * per_id]

        def counted(content_hash: str, taken: Any = frozenset(), **kwargs: Any) -> str:
            return derived_id(content_hash, _CountingView(taken, budget), **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(identities_module, "derived_id", counted)
        return budget

    return install


def _empty_files(library: Path, count: int, per_folder: int = 1000) -> None:
    """``count`` empty briefings, a thousand per folder, made with bare system calls."""
    flags = os.O_CREAT | os.O_WRONLY | os.O_EXCL
    for start in range(0, count, per_folder):
        folder = library / f"batch-{start // per_folder:03d}"
        folder.mkdir()
        prefix = f"{folder}/empty-"
        for number in range(start, min(count, start + per_folder)):
            os.close(os.open(f"{prefix}{number:06d}.md", flags, 0o644))


def test_100000_empty_briefings_get_distinct_ids_with_a_bounded_cost_each(
    data: Path, probe_budget: Callable[[int], list[int]]
) -> None:
    """Every empty file has the same content hash, so each needs a numbered id.
    Numbering them by probing ``-2``, ``-3``, … from the start each time (and
    copying the taken set for every file) made a first sync quadratic: 10,000
    empty files spent 2.8 s there, 100,000 would spend hours. Checked here at
    the full 100,000 through the identity resolution sync uses, without the
    indexing around it (see the next tests for the whole sync)."""
    count = 100_000
    budget = probe_budget(count)
    data.mkdir()
    store = Store.open(data / "store.sqlite3")
    empty = parse_briefing(b"", "empty.md", size=0, mtime_ns=0)
    try:
        identities = identities_module.Identities(store, {}, set(), set())
        ids = set()
        for number in range(count):
            briefing = dataclasses.replace(empty, path=f"empty-{number:06d}.md")
            doc_id, renamed_from = identities.resolve(briefing)
            assert renamed_from is None
            ids.add(doc_id)
    finally:
        store.close()
    assert len(ids) == count
    assert budget[0] >= 0


def test_3000_empty_files_sync_are_listed_with_distinct_ids_and_resync_reads_none(
    library: Path, data: Path, probe_budget: Callable[[int], list[int]]
) -> None:
    """The whole sync over empty files (what the previous test checks at 100,000
    for identities): each listed, titled after its name, found by it, and an
    unchanged library reads none of them again."""
    count = 3000
    _empty_files(library, count)
    probe_budget(count)
    with Workspace(resolve_paths(library, data)) as ws:
        report = ws.sync()
        assert len(report.added) == count and report.skipped == []
        records = ws.store.list_documents()
        assert len(records) == count
        assert len({record.id for record in records}) == count
        assert {record.title for record in records} >= {"empty 000000", "empty 002999"}
        assert ws.search('title:"empty 001234"').total == 1
        assert not ws.sync().changed


@pytest.mark.skipif(
    os.environ.get("BRIEFING_SLOW_TESTS") != "1",
    reason="about 85 s on 2 busy cores (13 s creating the files, 62 s syncing): "
    "set BRIEFING_SLOW_TESTS=1; the identities are checked at 100,000 above",
)
def test_100000_empty_files_sync_completes_with_bounded_memory_and_all_are_listed(
    library: Path, data: Path
) -> None:
    """The library of the issue in full: scanned, synced, listed, with the peak
    resident memory of this process reported (250 MB for the whole pytest
    process when measured; 181 MB for a bare script)."""
    count = 100_000
    _empty_files(library, count)
    entries, skipped = scan_library(library)
    assert len(entries) == count and skipped == []
    with Workspace(resolve_paths(library, data)) as ws:
        report = ws.sync()
        assert len(report.added) == count
        assert ws.store.count() == count
        assert len({record.id for record in ws.store.list_documents()}) == count
        assert not ws.sync().changed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS after syncing {count} empty files: {peak_mb:.0f} MB")
    assert peak_mb < 1024


# -- the disk fills up -------------------------------------------------------------------------


def test_a_claim_saved_while_the_index_cannot_be_written_is_reported_saved_once(
    library: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk fails the index update after the store committed the claim:
    ``annotate`` said it failed, so the user's retry made a second copy."""
    _fill(library)
    base = ["--content", str(library), "--data", str(data)]
    assert _cli([*base, "index"])[0] == 0

    def disk_full(self: Workspace, doc_ids: object) -> list[str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(Workspace, "reindex_many", disk_full)
        patch.setattr(ClaimIndex, "update", disk_full)  # what a claim save writes
        code, out, err = _cli([*base, "annotate", "beta", "--quote", "budget passed"])
    assert code == 0, err
    assert "Saved; the search index could not be updated (the disk is full)" in err
    assert "Traceback" not in err
    claim_id = out.strip()
    code, out, _ = _cli([*base, "claims", "--json"])
    assert [claim["id"] for claim in json.loads(out)] == [claim_id]
    # The next command's sync catches the index up: the claim's words are found.
    code, out, _ = _cli([*base, "search", "claim:budget", "--json"])
    assert code == 0 and [hit["id"] for hit in json.loads(out)] == ["beta"]


def test_a_full_disk_during_a_sync_is_said_and_the_index_is_left_whole(
    library: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was taken for index damage: a rebuild that waited 30 s on the lock the
    failed writer still held, then blamed another briefing process."""
    from whoosh.writing import SegmentWriter

    _fill(library)
    base = ["--content", str(library), "--data", str(data)]
    assert _cli([*base, "index"])[0] == 0
    (library / "delta.md").write_text("---\nid: delta\ntitle: Delta\n---\n\nA new aardvark.\n")

    def disk_full(self: SegmentWriter, **_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(SegmentWriter, "commit", disk_full)
        code, _, err = _cli([*base, "index"])
    assert code == 2
    assert err.strip() == (
        "briefing: error: the search index could not be updated (the disk is full); "
        "it is left as it was: free some space and sync again"
    )
    # Whole, not rebuilt: the three briefings are found, and the next sync adds the fourth
    # without waiting for a lock the failed writer kept.
    with Workspace(resolve_paths(library, data)) as ws:
        assert sorted(ws.search("aardvark").ids) == ["alpha", "beta", "gamma"]
        report = ws.sync()
        assert report.rebuilt is None and report.indexed == 1
        assert sorted(ws.search("aardvark").ids) == ["alpha", "beta", "delta", "gamma"]


# -- identity follows content, not the path ------------------------------------------------------

_FILLER = (
    "Officials said the talks would resume next week in the capital, where delegations "
    "from both sides are expected to discuss the timetable, the monitors and the corridors "
    "that aid convoys will use once the roads are cleared of mines and debris."
)
_PLAIN = {  # no front-matter ids: identity is derived and must follow the text
    "first.md": f"# First\n\nThe aardvark crossed the river at dawn and the scouts followed it. "
    f"{_FILLER}\n",
    "second.md": f"# Second\n\nThe pangolin stayed in the forest while the rain fell. "
    f"{_FILLER.replace('capital', 'port')}\n",
}


def _bump(path: Path) -> None:
    later = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(later, later))


def _tags_and_claims(ws: Workspace) -> dict[str, tuple[list[str], list[tuple[str, str]]]]:
    return {
        record.title: (
            record.tags,
            [(c.quote, c.anchor) for c in ws.claims.for_document(record.id)],
        )
        for record in ws.store.list_documents()
    }


def test_two_files_swapping_names_keep_their_tags_and_claims(library: Path, data: Path) -> None:
    _fill(library, _PLAIN)
    with Workspace(resolve_paths(library, data)) as ws:
        ws.sync()
        first, second = ws.resolve("first.md"), ws.resolve("second.md")
        ws.change_tags(first, ["dawn"], [])
        ws.change_tags(second, ["rain"], [])
        ws.annotate(first, "crossed the river at dawn")
        ws.annotate(second, "stayed in the forest")
        before = _tags_and_claims(ws)
        texts = {name: (library / name).read_text() for name in _PLAIN}
        (library / "first.md").write_text(texts["second.md"])
        (library / "second.md").write_text(texts["first.md"])
        _bump(library / "first.md")
        _bump(library / "second.md")
        report = ws.sync()
        assert sorted(report.renamed) == [("first.md", "second.md"), ("second.md", "first.md")]
        assert _tags_and_claims(ws) == before
        assert ws.resolve("second.md").title == "First"
        assert sorted(ws.search("tag:dawn").ids) == [first.id]


def test_a_file_moved_out_edited_and_moved_back_keeps_its_identity(
    library: Path, data: Path, tmp_path: Path
) -> None:
    _fill(library, _PLAIN)
    with Workspace(resolve_paths(library, data)) as ws:
        ws.sync()
        first = ws.resolve("first.md")
        ws.change_tags(first, ["dawn"], [])
        ws.annotate(first, "the scouts followed it")
        outside = tmp_path / "away.md"
        shutil.move(library / "first.md", outside)
        assert ws.sync().removed == ["first.md"]
        outside.write_text(outside.read_text().replace("at dawn", "at dusk"))
        shutil.move(outside, library / "first.md")
        ws.sync()
        back = ws.resolve("first.md")
        assert back.id == first.id and back.tags == ["dawn"]
        (claim,) = ws.claims.for_document(first.id)
        assert claim.quote == "the scouts followed it" and claim.anchor in ("exact", "moved")


def test_a_briefing_grown_past_the_size_cap_and_trimmed_back_keeps_its_identity(
    library: Path, data: Path
) -> None:
    _fill(library, _PLAIN)
    with Workspace(resolve_paths(library, data), max_bytes=2_000) as ws:
        ws.sync()
        first = ws.resolve("first.md")
        ws.change_tags(first, ["dawn"], [])
        path = library / "first.md"
        original = path.read_text()
        path.write_text(original + "\nPadding the report. " * 200)
        _bump(path)
        report = ws.sync()
        assert [s.path for s in report.skipped] == ["first.md"]
        assert report.removed == ["first.md"]  # it left the list: said so
        path.write_text(original.replace("at dawn", "before dawn"))
        _bump(path)
        ws.sync()
        back = ws.resolve("first.md")
        assert back.id == first.id and back.tags == ["dawn"]
