"""Document identity: front-matter ``id`` where present, else derived and kept.

A derived id is made once, from the content hash, when a document is first
seen; afterwards it follows the document. Renames are recognised by an equal
content hash, and "renamed and edited" by a bottom-k sketch of the text's word
shingles: a file that disappears while a nearly identical one appears in the
same sync is the same document.
"""

from __future__ import annotations

import array
import heapq
import re
import zlib

SKETCH_SIZE = 64
SHINGLE_WORDS = 3
#: Estimated resemblance above which two texts are "nearly identical".
SIMILAR = 0.6
_WORD = re.compile(r"\w+")


def derived_id(content_hash: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A short id from the content hash; longer if a copy already took it."""
    for length in (12, 16, 24, 64):
        candidate = f"h{content_hash[:length]}"
        if candidate not in taken:
            return candidate
    counter = 2
    while f"h{content_hash[:12]}-{counter}" in taken:
        counter += 1
    return f"h{content_hash[:12]}-{counter}"


def sketch(text: str) -> bytes:
    """The ``SKETCH_SIZE`` smallest shingle hashes of ``text`` (a bottom-k sketch)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        }
    hashes = heapq.nsmallest(SKETCH_SIZE, {zlib.crc32(s.encode()) for s in shingles})
    return array.array("I", hashes).tobytes()


def resemblance(a: bytes | None, b: bytes | None) -> float:
    """Estimated Jaccard resemblance of two texts from their sketches."""
    if not a or not b:
        return 0.0
    set_a = set(array.array("I", a))
    set_b = set(array.array("I", b))
    union_smallest = set(heapq.nsmallest(SKETCH_SIZE, set_a | set_b))
    if not union_smallest:
        return 0.0
    return len(union_smallest & set_a & set_b) / len(union_smallest)
