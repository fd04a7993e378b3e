"""What a user does to their data folder while the app runs (walk s17, "never lost").

The data folder deleted, moved or renamed under an open store: SQLite keeps
writing into the file it opened, now unseen, so every save would be reported
done and lost at exit. A write is refused instead, with one message saying
what happened; a folder moved back makes writes land again.
"""

from __future__ import annotations

import json
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store import Store, StoreError
from briefing_tui.core.workspace import Workspace

from ._crashkit import (
    DEADLINE,
    REPO,
    assert_clean_stderr,
    briefing,
    cli_command,
    cli_env,
    write_library,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX unlink semantics")

TALKS = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2024-03-05\n---\n\n"
    "# Talks resume\n\nThe talks would resume in March. Officials were cautious.\n"
)


def _workspace(tmp_path: Path) -> Workspace:
    content = tmp_path / "lib"
    content.mkdir()
    (content / "talks.md").write_text(TALKS, encoding="utf-8")
    workspace = Workspace(resolve_paths(content, tmp_path / "data"))
    workspace.sync()
    return workspace


def test_a_write_after_the_data_folder_is_deleted_is_refused_not_lost(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    store = workspace.store
    store.change_tags("talks", add=["before"])
    shutil.rmtree(tmp_path / "data")
    with pytest.raises(StoreError, match="is gone: its data folder was deleted"):
        store.change_tags("talks", add=["after"])
    with pytest.raises(StoreError, match="is gone"):
        store.add_saved_search("s", "talks")
    # A read on a new connection does not make an empty store where the old one was.
    assert not workspace.paths.store_file.exists()
    store.close()


def test_writes_land_again_once_the_moved_folder_is_back(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    store = workspace.store
    moved = tmp_path / "moved"
    (tmp_path / "data").rename(moved)
    with pytest.raises(StoreError, match="is gone"):
        store.change_tags("talks", add=["while-moved"])
    moved.rename(tmp_path / "data")
    store.change_tags("talks", add=["back"])
    store.close()
    with Store.open(workspace.paths.store_file) as again:
        tags = dict(again.tag_counts())
    assert "back" in tags and "while-moved" not in tags


# -- a full disk (a file size limit standing in for it) ------------------------------------

#: Bytes a file may grow to in the limited command: the store's log outgrows it at once.
LIMIT = 16 * 1024


def _limited(
    content: Path, data: Path, *args: str, size: int = LIMIT
) -> subprocess.CompletedProcess[str]:
    """``briefing ARGS`` under ``ulimit -f`` (Python ignores SIGXFSZ: a write fails, EFBIG)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return subprocess.run(
        [*cli_command(content, data), *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=REPO,
        timeout=DEADLINE,
        stdin=subprocess.DEVNULL,
        preexec_fn=limit,
    )


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, Path]:
    content, data = tmp_path / "lib", tmp_path / "data"
    write_library(content, 60)
    done = briefing(content, data, "index")
    assert done.returncode == 0, done.stderr
    return content, data


def _said(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert_clean_stderr(done.stderr)
    assert "[Errno" not in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_tagging_on_a_full_disk_says_so_and_saves_nothing(library: tuple[Path, Path]) -> None:
    content, data = library
    _said(
        _limited(content, data, "tag", "--query", "kyiv", "+full"),
        "could not write the store",
        "free some space",
    )
    assert "full" not in briefing(content, data, "tags").stdout


def test_a_backup_or_restore_on_a_full_disk_names_the_copy_not_the_store(
    library: tuple[Path, Path], tmp_path: Path
) -> None:
    content, data = library
    _said(
        _limited(content, data, "backup", "-o", str(tmp_path / "b.sqlite3")),
        "cannot write the backup",
        "the store is untouched",
    )
    assert not (tmp_path / "b.sqlite3").exists()
    assert briefing(content, data, "backup", "-o", str(tmp_path / "b.sqlite3")).returncode == 0
    _said(
        _limited(content, data, "restore", str(tmp_path / "b.sqlite3")),
        "cannot be copied into",
        "the store is untouched",
    )


def test_an_index_rebuild_on_a_full_disk_says_why_in_words(library: tuple[Path, Path]) -> None:
    content, data = library
    _said(
        # The store's writes fit; the index's segment (over 300 KB) does not.
        _limited(content, data, "index", "--rebuild", size=160 * 1024),
        "the search index could not be built",
        "file size limit",
    )
    again = briefing(content, data, "search", "kyiv", "--json", "--limit", "1000")
    assert again.returncode == 0, again.stderr
    assert len(json.loads(again.stdout)) == 60


# -- the feeds followed travel with a backup ------------------------------------------------


def _feeds(data: Path) -> Path:
    (folder,) = [path for path in data.iterdir() if path.is_dir()]
    return folder / "feeds.json"


def test_backup_then_wiping_the_data_folder_then_restore_keeps_the_feeds(
    library: tuple[Path, Path], tmp_path: Path
) -> None:
    content, data = library
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<link>http://x.test</link></channel></rss>",
        encoding="utf-8",
    )
    added = briefing(content, data, "feeds", "add", str(feed), "--name", "mine", "--tag", "w")
    assert added.returncode == 0, added.stderr
    before = json.loads(briefing(content, data, "feeds", "list", "--json").stdout)
    backup = tmp_path / "b.sqlite3"
    assert briefing(content, data, "backup", "-o", str(backup)).returncode == 0
    shutil.rmtree(data)
    restored = briefing(content, data, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert json.loads(briefing(content, data, "feeds", "list", "--json").stdout) == before

    # Restored over other feeds: those are kept aside, as the store is.
    _feeds(data).write_text('{"version": 1, "feeds": []}', encoding="utf-8")
    assert briefing(content, data, "restore", str(backup)).returncode == 0
    assert json.loads(briefing(content, data, "feeds", "list", "--json").stdout) == before
    (aside,) = _feeds(data).parent.glob("feeds.json.before-restore-*")
    assert json.loads(aside.read_text(encoding="utf-8")) == {"version": 1, "feeds": []}


def test_a_backup_without_feeds_leaves_the_feeds_alone(
    library: tuple[Path, Path], tmp_path: Path
) -> None:
    content, data = library
    backup = tmp_path / "b.sqlite3"
    assert briefing(content, data, "backup", "-o", str(backup)).returncode == 0
    with sqlite3.connect(backup) as connection:  # junk where the feeds would be
        connection.execute("INSERT INTO meta(key, value) VALUES ('backup:feeds.json', '[1')")
    connection.close()
    mine = '{"version": 1, "feeds": []}'
    _feeds(data).write_text(mine, encoding="utf-8")
    assert briefing(content, data, "restore", str(backup)).returncode == 0
    assert _feeds(data).read_text(encoding="utf-8") == mine


def test_a_library_that_is_a_dangling_symlink_is_named_as_one(tmp_path: Path) -> None:
    """A library given as a symlink whose target is gone (a drive not mounted) said
    only "does not exist", of a path the user can see with ls."""
    from briefing_tui.core.paths import LibraryMissing, resolve_paths

    link = tmp_path / "briefings"
    link.symlink_to(tmp_path / "mounted" / "briefings")
    with pytest.raises(LibraryMissing, match=r"is a symbolic link to .*mounted/briefings"):
        resolve_paths(link, tmp_path / "data")


def test_a_lowered_size_limit_skips_what_was_indexed_over_it(make_ws, write) -> None:  # type: ignore[no-untyped-def]
    """`briefing index --max-size 0.001` said "3 unchanged" and left every larger
    briefing indexed: their stamps had not changed, so none was read again. Files
    over the limit are listed as too large and not indexed, as the README says."""
    write("big.md", "---\ntitle: Big\n---\n\n" + "Harbour cranes stood idle. " * 100)
    write("small.md", "---\ntitle: Small\n---\n\nHarbour news.\n")
    assert make_ws().sync().indexed == 2
    limited = make_ws(max_bytes=1024)
    report = limited.sync()
    assert [(s.path, s.reason.split(" (")[0]) for s in report.skipped] == [("big.md", "too large")]
    assert set(limited.search("harbour").ids) == {limited.store.list_documents()[0].id}
    again = limited.sync()  # once skipped, not read again while the limit stands
    assert (again.indexed, again.unchanged) == (0, 1)
    assert make_ws().sync().indexed == 1  # the limit raised: back in the index
