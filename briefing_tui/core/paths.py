"""Where the library and the data live.

The index and the store are per library and live in the user's data
directory, never inside the library folder. ``--content``/``--data`` flags win
over ``BRIEFING_CONTENT``/``BRIEFING_DATA``, which win over the defaults.
Two libraries never share an index or a store: each gets its own folder,
named after the library and a hash of its resolved path.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "briefing-tui"
CONTENT_ENV = "BRIEFING_CONTENT"
DATA_ENV = "BRIEFING_DATA"


class PathsError(Exception):
    """A library or data folder that cannot be used; the message says why."""


class LibraryMissing(PathsError):
    """The library folder does not exist.

    ``default`` is true when no folder was named (no ``--content``, no
    ``BRIEFING_CONTENT``): a first start, where the caller may offer to create
    the default folder instead of only refusing.
    """

    def __init__(self, folder: Path, *, default: bool) -> None:
        self.folder = folder
        self.default = default
        if default:
            message = (
                f"no library yet: {folder} does not exist. Create it "
                f"(mkdir -p '{folder}') and put briefings (Markdown files) in it, "
                f"or pass --content DIR (or set {CONTENT_ENV}) to use another folder"
            )
        elif folder.is_symlink():  # "does not exist" of a path that is there, as a link
            message = (
                f"library folder {folder} is a symbolic link to {os.readlink(folder)}, "
                "which does not exist (a drive not mounted, a folder moved?); check the link"
            )
        else:
            message = f"library folder {folder} does not exist; check the path"
        super().__init__(message)


#: The store's file name in each library's data subfolder.
STORE_NAME = "store.sqlite3"


@dataclass(frozen=True)
class LibraryPaths:
    """Every location one library uses. Create folders with :meth:`ensure`."""

    content: Path
    data_root: Path
    library_data: Path

    @property
    def index_dir(self) -> Path:
        return self.library_data / "index"

    @property
    def store_file(self) -> Path:
        return self.library_data / STORE_NAME

    @property
    def settings_file(self) -> Path:
        return self.data_root / "settings.json"

    def ensure(self) -> None:
        """Create the data folders, private to the user (the index holds a pickle).

        Only others' access is taken away: a folder the user made read-only
        (``chmod -w``) stays so, and is read as it is (it was made writable again).
        """
        try:
            for folder in (self.data_root, self.library_data, self.index_dir):
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            for folder in (self.index_dir, self.library_data):
                mode = folder.stat().st_mode & 0o7777
                if mode & 0o077:
                    try:
                        os.chmod(folder, mode & 0o700)
                    except OSError as error:
                        if error.errno != errno.EROFS:  # a read-only disk: no one writes
                            raise
        except OSError as error:  # the folder it names, and why, not Python's words
            where = str(error.filename) if error.filename else str(self.data_root)
            # (os.path's checks, which never raise: Path's raise on a folder not searchable)
            if os.path.exists(where) and not os.path.isdir(where):  # "File exists": a file
                why = f"{where} is not a folder"
            elif os.path.isdir(self.data_root):  # there, but what it needs cannot be made
                why = f"cannot write in the data folder {self.data_root}: "
                why += str(error.strerror or error)
            else:
                why = f"cannot create the data folder {self.data_root}: "
                why += str(error.strerror or error)
            raise PathsError(f"{why} (give another with --data or BRIEFING_DATA)") from error


# platformdirs is imported only where a default is asked for: a script that names
# its folders (--content, --data, or the variables) does not pay its 2 ms.
def default_content_dir() -> Path:
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "Briefings"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def library_key(content: Path) -> str:
    """A folder name unique to one library path, readable by a person."""
    digest = hashlib.sha256(str(content).encode("utf-8")).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", content.name).strip("-") or "library"
    return f"{name[:40]}-{digest}"


def resolved(path: Path) -> Path:
    """``path.resolve()``, with a symlink loop an :class:`OSError` (``ELOOP``) like every
    other path that cannot be followed: Python 3.11 raises ``RuntimeError`` for it,
    which callers ready for ``OSError`` let through as a traceback (``briefing show``
    of a looping link, ``--data`` or ``backup -o`` naming one)."""
    try:
        return path.resolve()
    except RuntimeError as error:
        raise OSError(errno.ELOOP, "a symbolic link loops back on itself", str(path)) from error


def resolve_paths(
    content: str | os.PathLike[str] | None = None, data: str | os.PathLike[str] | None = None
) -> LibraryPaths:
    """Resolve the library and data folders from flags, environment and defaults.

    A folder given as an empty name (``--data ""``: a script's unset variable) is
    refused: taken as not given, it put that library's store in the user's own
    data folder (a walk). An empty environment variable is unset, as usual."""
    for given, what in ((content, "library"), (data, "data")):
        if given is not None and not str(given).strip():
            raise PathsError(f"the {what} folder given is an empty name (an unset variable?)")
    named = content or os.environ.get(CONTENT_ENV)
    content_value = named or default_content_dir()
    data_value = data or os.environ.get(DATA_ENV) or default_data_dir()
    content_dir = Path(content_value).expanduser()
    if not content_dir.exists():
        raise LibraryMissing(content_dir, default=not named)
    if not content_dir.is_dir():
        raise PathsError(f"library {content_dir} is not a folder")
    content_dir = resolved(content_dir)
    data_root = resolved(Path(data_value).expanduser())
    if data_root == content_dir or data_root.is_relative_to(content_dir):
        raise PathsError(
            f"data folder {data_root} is inside the library {content_dir}; choose another"
        )
    return LibraryPaths(content_dir, data_root, data_root / library_key(content_dir))
