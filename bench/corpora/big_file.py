"""A library with a 5 MB briefing and a file over the 5 MiB cap: memory stays bounded.

Syncing a library must not hold a big briefing's tokens several times over,
and a file over the size cap must be listed as skipped without being read.
This module makes that library: a copy of a run's library (or none), one
generated briefing just under the cap that ends in a word no other briefing
has (a search finds it only if all of it was indexed), and one file over the
cap. Used by the ``resources`` figure and by
``tests/adversarial/test_resources.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .reader_docs import DocSpec, document

#: The big briefing's size: under the 5 MiB cap, so it is read and indexed.
BIG_BYTES = 5_000_000
#: A file over the cap: listed as too large, never read.
OVER_CAP_BYTES = 5 * 1024 * 1024 + 4096
BIG_NAME, OVER_CAP_NAME = "zz-big-5mb.md", "zz-over-cap.md"
#: The big briefing's last word: found by a search only if all of it was indexed.
BIG_LAST_WORD = "zyzzyvabigfile"


def big_briefing(size: int = BIG_BYTES) -> str:
    """A generated briefing of about ``size`` bytes (prose, headings, lists) ending in a word."""
    text = document(DocSpec("big", "5 MB", size - 200, "prose", 300), seed="resources")
    return text.replace("id: bench-big", "id: resources-big") + f"\nLast word {BIG_LAST_WORD}.\n"


def library_with_a_big_file(source: Path | None, target: Path, big: int = BIG_BYTES) -> Path:
    """``target``: a copy of ``source``'s briefings (if any), a big one, and one over the cap."""
    if target.exists():
        shutil.rmtree(target)
    if source is not None:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))
    else:
        target.mkdir(parents=True)
    (target / BIG_NAME).write_text(big_briefing(big), encoding="utf-8")
    with open(target / OVER_CAP_NAME, "w", encoding="utf-8") as handle:
        handle.write("---\nid: resources-over-cap\ntitle: Over the cap\n---\n\n")
        line = "An over-the-cap briefing line that nobody should ever read whole.\n"
        handle.write(line * (OVER_CAP_BYTES // len(line) + 1))
    return target
