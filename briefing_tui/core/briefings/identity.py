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
SKETCH_WORDS = 5_000
#: Estimated resemblance above which two texts are "nearly identical".
SIMILAR = 0.6
_WORD = re.compile(r"\w+")


def derived_id(
    content_hash: str, taken: set[str] | frozenset[str] = frozenset(), *, first_copy: int = 2
) -> str:
    """A short id from the content hash; longer if a copy already took it.

    Copies of one content (a library of empty files, say) are numbered
    ``-2``, ``-3``, …; ``first_copy`` lets a caller that numbers many copies
    in a row start where it left off, so the n-th copy costs a few probes
    of ``taken`` instead of n (100,000 empty files made a first sync quadratic).
    """
    for length in (12, 16, 24, 64):
        candidate = f"h{content_hash[:length]}"
        if candidate not in taken:
            return candidate
    counter = max(2, first_copy)
    while f"h{content_hash[:12]}-{counter}" in taken:
        counter += 1
    return f"h{content_hash[:12]}-{counter}"


def sketch(text: str) -> bytes:
    """The ``SKETCH_SIZE`` smallest shingle hashes of ``text`` (a bottom-k sketch).

    Computed for every briefing indexed, so it is kept cheap: each word is
    hashed once and a shingle's hash combines its words' hashes; only the
    first :data:`SKETCH_WORDS` words count (enough to recognise a renamed,
    lightly edited file).
    """
    words = _WORD.findall(text[: SKETCH_WORDS * 12].lower())[:SKETCH_WORDS]
    hashes = [zlib.crc32(word.encode()) for word in words]
    if len(hashes) < SHINGLE_WORDS:
        shingles = {zlib.crc32(" ".join(words).encode())} if words else set()
    else:
        shingles = {
            (a * 0x9E3779B1 ^ b * 0x85EBCA77 ^ c * 0xC2B2AE3D) & 0xFFFFFFFF
            for a, b, c in zip(hashes, hashes[1:], hashes[2:], strict=False)
        }
    return array.array("I", heapq.nsmallest(SKETCH_SIZE, shingles)).tobytes()


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
