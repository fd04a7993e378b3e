"""Files in the library folder that are not briefings, but could be imported as ones.

A briefing is a ``.md`` or ``.markdown`` file. A newcomer who points the app at
a folder of plain-text articles (``.txt``, as the BBC's news corpus comes), saved
pages or PDFs saw an empty library, and ``briefing list`` printed nothing at
all, with no word of why. When the library is empty, the folder is looked at
once (a bounded walk) for files ``briefing import`` turns into briefings, so
the empty library can say what is there and how to bring it in.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from briefing_tui.core.briefings.documents import BRIEFING_SUFFIXES
from briefing_tui.core.briefings.inputs import FOLDER_SUFFIXES

#: Entries looked at, at most: enough to name what a folder holds, bounded in time.
MOST_ENTRIES = 20_000
#: What ``briefing import`` reads in a folder that the library itself does not.
IMPORTABLE = tuple(suffix for suffix in FOLDER_SUFFIXES if suffix not in BRIEFING_SUFFIXES)


def importable_files(root: Path, most: int = MOST_ENTRIES) -> Counter[str]:
    """Suffix (``.txt``) → how many such files are under ``root`` that an import could
    read; hidden files and folders and symlinked folders are passed over, as the scan
    passes them; unreadable folders count nothing."""
    found: Counter[str] = Counter()
    folders = [root]
    seen = 0
    while folders and seen < most:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    seen += 1
                    if seen > most:
                        break
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(Path(entry.path))
                        continue
                    suffix = os.path.splitext(entry.name)[1].lower()
                    if suffix in IMPORTABLE and entry.is_file():
                        found[suffix] += 1
        except OSError:
            continue
    return found


def described(found: Counter[str]) -> str:
    """``3 .txt files and 1 .pdf file`` (most first); empty for nothing found."""
    parts = [f"{n:,} {suffix} file{'s' if n != 1 else ''}" for suffix, n in found.most_common()]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""


def empty_library_hint(root: Path) -> str | None:
    """What an empty library says of the files it does not read; ``None`` for none."""
    found = importable_files(root)
    if not found:
        return None
    return (
        f"{described(found)} here are not briefings (a briefing is a .md or .markdown "
        f"file): `briefing import {_shell_word(str(root))}` brings them in"
    )


def _shell_word(text: str) -> str:
    """``text`` as one word of a shell command line (quoted only when it needs to be)."""
    import shlex

    return shlex.quote(text)
