"""A library opened from a new path: finding, and taking over, what was kept for its old one.

The data folder holds one store per library *path* (see
:func:`~briefing_tui.core.paths.library_key`), so a library folder moved or
renamed opens with a new, empty store: its claims, tags and reading state are
not lost, but they stay with the old path, and the user sees none of them.

A store remembers the path it was last synced from (:data:`ROOT_KEY`). When a
library's store holds nothing the user made, the other stores of the data
folder are looked at, read-only: one that holds the user's work, whose path
is gone (or was never recorded, a store of an earlier version), and whose
briefings are here under the same names (:data:`SAME_SHARE` of a sample) is
the library as it was. :func:`adopt` copies it here the way ``briefing
restore`` brings back a backup (the current store kept aside, the followed
feeds carried): a copy, so the old folder is left as it was.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from briefing_tui.core.changes import LIBRARY_ROOT as ROOT_KEY
from briefing_tui.core.paths import STORE_NAME, LibraryPaths, library_key
from briefing_tui.core.store.backup import RestoreReport, backup_store, restore_store
from briefing_tui.core.store.connection import fixed_file_uri
from briefing_tui.core.store.errors import BackupError

#: How many of an old store's briefings are looked for in the library.
SAMPLE = 200
#: The share of them that must be here, at the same paths, to call it this library.
SAME_SHARE = 0.8


@dataclass(frozen=True)
class UserWork:
    """What the user made in one store: what moving the library would hide."""

    claims: int = 0
    tagged: int = 0
    read: int = 0
    saved: int = 0
    rated: int = 0

    @property
    def total(self) -> int:
        return self.made + self.read

    @property
    def made(self) -> int:
        """What was made, not only read: what adopting another store must not set aside."""
        return self.claims + self.tagged + self.saved + self.rated

    def summary(self) -> str:
        """``"40 claims, tags on 12 briefings, 30 read"``: the parts that are there."""
        parts = [
            (self.claims, "claim", "claims"),
            (self.tagged, "briefing tagged", "briefings tagged"),
            (self.read, "briefing read", "briefings read"),
            (self.saved, "saved search", "saved searches"),
            (self.rated, "source rated", "sources rated"),
        ]
        said = [f"{count:,} {one if count == 1 else many}" for count, one, many in parts if count]
        return ", ".join(said) or "nothing"


@dataclass(frozen=True)
class MovedLibrary:
    """Another library path's store that holds this library's files and the user's work."""

    store_file: Path
    #: The path it was synced from, when it was recorded.
    old_root: str | None
    work: UserWork
    #: Of the old store's briefings looked for (``checked``), how many are here.
    found: int
    checked: int

    def describe(self) -> str:
        where = f"at {self.old_root}" if self.old_root else f"kept in {self.store_file.parent}"
        return f"the library {where} ({self.work.summary()})"


def user_work(connection: sqlite3.Connection) -> UserWork:
    """Count what the user made in an open store (tables a schema lacks count 0)."""

    def count(sql: str) -> int:
        try:
            return int(connection.execute(sql).fetchone()[0])
        except sqlite3.Error:  # a table an older schema has not got yet
            return 0

    return UserWork(
        claims=count("SELECT count(*) FROM claims"),
        tagged=count("SELECT count(DISTINCT doc_id) FROM user_tags"),
        read=count(
            "SELECT count(*) FROM "
            "(SELECT doc_id FROM reading_state UNION SELECT doc_id FROM read_marks)"
        ),
        saved=count("SELECT count(*) FROM saved_searches"),
        rated=count("SELECT count(*) FROM sources WHERE reliability IS NOT NULL"),
    )


#: How long a look waits for a store another process is writing (a hint is not
#: worth a wait: a busy store is passed over).
LOOK_TIMEOUT_S = 0.1
#: At most this many other stores are looked at for a moved library's (the most recent
#: first), each waited for at most :data:`LOOK_TIMEOUT_S`.
MOST_LOOKED_AT = 50
#: Meta key of a store that adopted another: that store's file, not offered again.
ADOPTED_KEY = "adopted_from"
#: How long adopting waits for this library's store (the app, or a command, writing).
ADOPT_TIMEOUT_S = 5.0


@contextlib.contextmanager
def _read_only(store_file: Path, timeout: float = LOOK_TIMEOUT_S):  # type: ignore[no-untyped-def]
    uri = fixed_file_uri(store_file) or f"{store_file.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=timeout)
    try:
        yield connection
    finally:
        connection.close()


def _meta(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row is not None else None


def _looked_at(store_file: Path, content: Path) -> MovedLibrary | None:
    """``store_file`` as a candidate for ``content``'s old store, or ``None``."""
    with _read_only(store_file) as connection:
        old_root = _meta(connection, ROOT_KEY)
        if old_root is not None and Path(old_root).is_dir():
            return None  # still there: another library (or a copy), not this one moved
        work = user_work(connection)
        if not work.total:
            return None  # nothing of the user's to carry
        names = [
            str(name)
            for (name,) in connection.execute(
                "SELECT path FROM documents WHERE missing_since IS NULL ORDER BY id LIMIT ?",
                (SAMPLE,),
            )
        ]
    found = sum(1 for name in names if (content / name).is_file())
    if not names or found < SAME_SHARE * len(names):
        return None
    return MovedLibrary(store_file, old_root, work, found, len(names))


def find_moved(paths: LibraryPaths, *, adopting: bool = False) -> MovedLibrary | None:
    """The store this library had at another path, when its own holds nothing of the user's
    (``adopting``: nothing made, claims, tags, saved searches, ratings; else not even a
    reading state, so a library already in use is not told of another).

    Stores that cannot be read (locked, damaged, not a store) are passed over:
    this is a hint, never a reason to fail. A store this one adopted is not
    offered again. The one with the most of its briefings here wins; then the
    one with the most work in it.
    """
    adopted = None
    own = paths.store_file
    if own.is_file():
        try:
            with _read_only(own) as connection:
                work = user_work(connection)
                if work.made or (work.read and not adopting):
                    return None
                adopted = _meta(connection, ADOPTED_KEY)
        except sqlite3.Error:
            return None
    best: MovedLibrary | None = None
    # Bounded: it runs in a first build (the app's under its core lock), for a hint.
    for store_file in _other_stores(paths)[:MOST_LOOKED_AT]:
        if str(store_file) == adopted:
            continue
        try:
            candidate = _looked_at(store_file, paths.content)
        except (sqlite3.Error, OSError):
            continue
        if candidate is not None and (
            best is None
            or (candidate.found / candidate.checked, candidate.work.total)
            > (best.found / best.checked, best.work.total)
        ):
            best = candidate
    return best


def _other_stores(paths: LibraryPaths) -> list[Path]:
    """The store files of the data folder's other libraries, the most recently used first."""
    try:
        folders = list(paths.data_root.iterdir())
    except OSError:
        return []
    stores = [
        folder / STORE_NAME
        for folder in folders
        if folder != paths.library_data and (folder / STORE_NAME).is_file()
    ]
    return sorted(stores, key=_modified, reverse=True)  # the most recently used first


def _modified(store_file: Path) -> float:
    try:
        return store_file.stat().st_mtime
    except OSError:
        return 0.0


def moved_notice(paths: LibraryPaths) -> str | None:
    """What a full build of a library whose store holds nothing of the user's says, once
    (the app's notice, the CLI's stderr), when it is a moved library (``None``: it is not)."""
    moved = find_moved(paths)
    if moved is None:
        return None
    return (
        f"These briefings look like {moved.describe()}: that work is kept for the old path. "
        "`briefing adopt` copies it here (quit the app first)"
    )


def store_of(paths: LibraryPaths, old: Path) -> Path:
    """The store kept for the library path ``old``: its data subfolder's store file."""
    absolute = old.expanduser().absolute()
    if paths.content in (absolute, absolute.resolve()):
        raise BackupError(f"{old} is this library's own path: name the path it had before")
    for candidate in dict.fromkeys((absolute, Path(absolute).resolve())):
        store_file = paths.data_root / library_key(candidate) / STORE_NAME
        if store_file.is_file() and store_file != paths.store_file:
            return store_file
    kept = [root for root in kept_for(paths) if root != str(paths.content)]
    listed = "; ".join(kept[:5]) + (f"; and {len(kept) - 5} more" if len(kept) > 5 else "")
    raise BackupError(
        f"nothing is kept for {old} in {paths.data_root}"
        + (f" (its stores are for: {listed})" if kept else " (it holds no other library's store)")
    )


def kept_for(paths: LibraryPaths) -> list[str]:
    """The library paths the data folder keeps other stores for (a store of an earlier
    version, which did not record its path, by its subfolder's name)."""
    roots = []
    for store_file in _other_stores(paths):
        try:
            with _read_only(store_file) as connection:
                root = _meta(connection, ROOT_KEY)
        except sqlite3.Error:
            continue
        roots.append(root or f"{store_file.parent.name} (path not recorded)")
    return roots


def own_work_refusal(paths: LibraryPaths) -> str | None:
    """Why this library cannot adopt another's store: claims, tags, saved searches or
    ratings of its own, which adopting would set aside (that is ``briefing restore``'s
    to do, said as such); ``None`` when it may. A reading state of its own (a briefing
    opened before adopting) is kept aside with the store it is in."""
    if not paths.store_file.is_file():
        return None
    try:
        with _read_only(paths.store_file, timeout=ADOPT_TIMEOUT_S) as connection:
            own = user_work(connection)
    except sqlite3.Error:  # not readable: restoring over it sets it aside as it is
        return None
    if not own.made:
        return None
    return (
        f"this library has work of its own ({own.summary()}); adopting would set it "
        "aside. Back it up (`briefing backup`) and use `briefing restore` if that is wanted"
    )


def adopt(paths: LibraryPaths, old_store: Path) -> RestoreReport:
    """Copy the store ``old_store`` (and the feeds it follows) to this library, and
    remember it as adopted (not offered again); refused as :func:`own_work_refusal` says."""
    if old_store.resolve() == paths.store_file.resolve():
        raise BackupError("that is this library's own store")
    refused = own_work_refusal(paths)
    if refused:
        raise BackupError(refused)
    paths.ensure()
    copy = paths.library_data / "adopted.sqlite3"
    try:
        backup_store(old_store, copy)  # a consistent copy, the feeds beside it carried
        report = restore_store(paths.store_file, copy)
    finally:
        with contextlib.suppress(OSError):
            copy.unlink()
    connection = sqlite3.connect(paths.store_file, timeout=ADOPT_TIMEOUT_S)
    try:
        with connection:
            connection.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                (ADOPTED_KEY, str(old_store)),
            )
    except sqlite3.Error:  # adopted all the same: only offered again, and refused then
        pass
    finally:
        connection.close()
    return report
