"""What a backup carries beside the store: the feeds the library follows.

The followed feeds live in ``feeds.json`` beside the store (see
:mod:`briefing_tui.core.briefings.feeds`), not in it, so a backup of the store
alone lost them: a data folder wiped and restored came back without its feeds.
A backup keeps the file's content (compact JSON) in its ``meta`` table under
:data:`FEEDS_KEY`; a restore writes it back beside the store, whole or not at
all, keeping a different current file aside as ``feeds.json.before-restore-<time>``
as it keeps the store. A ``feeds.json`` that is not JSON is not carried (the
feeds cannot read it either); a backup without the key leaves the file alone.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from briefing_tui.core.files import atomic_write

#: The feeds followed, in a file beside the store (its one name: the feeds module imports it).
FEEDS_FILE = "feeds.json"
#: The ``meta`` key of a backup holding it.
FEEDS_KEY = "backup:feeds.json"
#: A larger file is not carried (thousands of feeds take a few hundred KB).
MAX_BYTES = 16 * 1024 * 1024


def carry_feeds(store_file: Path, copy: sqlite3.Connection) -> None:
    """Put the feeds beside ``store_file`` into the backup ``copy`` (or none, if none)."""
    copy.execute("DELETE FROM meta WHERE key = ?", (FEEDS_KEY,))
    content = _read(store_file.parent / FEEDS_FILE)
    if content is not None:
        copy.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (FEEDS_KEY, content))
    copy.commit()


def carried_feeds(backup: Path) -> str | None:
    """The feeds a backup file carries (its JSON text), or ``None``."""
    try:
        connection = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (FEEDS_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return row[0] if row is not None and isinstance(row[0], str) else None


def bring_back_feeds(store_file: Path, carried: str | None, stamp: str) -> Path | None:
    """Write the feeds a restored backup carried beside ``store_file``; the path written, or
    ``None`` when it carried none (or none readable) or they are the feeds there already."""
    if carried is None:
        return None
    try:
        feeds = json.loads(carried)
    except ValueError:
        return None
    if not isinstance(feeds, dict):
        return None
    target = store_file.parent / FEEDS_FILE
    current = _read(target)
    if current is not None and json.loads(current) == feeds:
        return None
    if target.exists():
        os.replace(target, target.with_name(f"{FEEDS_FILE}.before-restore-{stamp}"))
    atomic_write(target, (json.dumps(feeds, indent=2, ensure_ascii=False) + "\n").encode())
    return target


def _read(path: Path) -> str | None:
    """The file's JSON, compact and ASCII (no control characters), or None."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return json.dumps(json.loads(path.read_bytes()), separators=(",", ":"))
    except (OSError, ValueError):
        return None
