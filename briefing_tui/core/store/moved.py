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
from briefing_tui.core.paths import LibraryPaths, library_key
from briefing_tui.core.store.backup import RestoreReport, backup_store, restore_store
from briefing_tui.core.store.errors import BackupError

#: How many of an old store's briefings are looked for in the library.
SAMPLE = 200
#: The share of them that must be here, at the same paths, to call it this library.
SAME_SHARE = 0.8
#: The store file's name in each library's data subfolder.
STORE_NAME = "store.sqlite3"


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


@contextlib.contextmanager
def _read_only(store_file: Path):  # type: ignore[no-untyped-def]  # a generator's context
    connection = sqlite3.connect(f"{store_file.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    try:
        yield connection
    finally:
        connection.close()


def _looked_at(store_file: Path, content: Path) -> MovedLibrary | None:
    """``store_file`` as a candidate for ``content``'s old store, or ``None``."""
    with _read_only(store_file) as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (ROOT_KEY,)).fetchone()
        old_root = str(row[0]) if row is not None else None
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


def find_moved(paths: LibraryPaths) -> MovedLibrary | None:
    """The store this library had at another path, when its own holds nothing of the user's.

    Stores that cannot be read (locked, damaged, not a store) are passed over:
    this is a hint, never a reason to fail. The one with the most of its
    briefings here wins; then the one with the most work in it.
    """
    own = paths.store_file
    if own.is_file():
        try:
            with _read_only(own) as connection:
                if user_work(connection).made:
                    return None
        except sqlite3.Error:
            return None
    best: MovedLibrary | None = None
    try:
        folders = sorted(paths.data_root.iterdir())
    except OSError:
        return None
    for folder in folders:
        store_file = folder / STORE_NAME
        if folder == paths.library_data or not store_file.is_file():
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
    """The library paths the data folder keeps stores for (a store of an earlier
    version, which did not record its path, by its subfolder's name)."""
    roots = []
    try:
        folders = sorted(paths.data_root.iterdir())
    except OSError:
        return []
    for folder in folders:
        if not (folder / STORE_NAME).is_file():
            continue
        try:
            with _read_only(folder / STORE_NAME) as connection:
                row = connection.execute(
                    "SELECT value FROM meta WHERE key = ?", (ROOT_KEY,)
                ).fetchone()
        except sqlite3.Error:
            continue
        roots.append(str(row[0]) if row is not None else f"{folder.name} (path not recorded)")
    return roots


def adopt(paths: LibraryPaths, old_store: Path) -> RestoreReport:
    """Copy the store ``old_store`` (and the feeds it follows) to this library.

    Refused when this library's store already holds claims, tags, saved searches or
    ratings: setting those aside is ``briefing restore``'s to do, said as such. A
    reading state of its own (a briefing opened before adopting) is kept aside
    with the store it is in.
    """
    if old_store.resolve() == paths.store_file.resolve():
        raise BackupError("that is this library's own store")
    if paths.store_file.is_file():
        with _read_only(paths.store_file) as connection:
            own = user_work(connection)
        if own.made:
            raise BackupError(
                f"this library has work of its own ({own.summary()}); adopting would set it "
                "aside. Back it up (`briefing backup`) and use `briefing restore` if that is wanted"
            )
    paths.ensure()
    copy = paths.library_data / "adopted.sqlite3"
    try:
        backup_store(old_store, copy)  # a consistent copy, the feeds beside it carried
        return restore_store(paths.store_file, copy)
    finally:
        with contextlib.suppress(OSError):
            copy.unlink()
