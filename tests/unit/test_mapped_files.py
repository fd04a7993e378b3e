"""Index parts are read from the index's memory map, never copied whole.

Whoosh's ``BufferFile`` copied every part of a segment into an ``io.BytesIO``
when a searcher opened: at 100,000 briefings 560 MB more memory for the app
and every ``briefing search``. :mod:`briefing_tui.core.search.mapped_files`
reads in place; these tests hold it to the results and the memory.
"""

from __future__ import annotations

import io
import os
import pickle
import tracemalloc
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.search.mapped_files import MappedBufferFile, MappedFile

from .helpers import briefing


def _library(write, count: int = 40) -> None:  # type: ignore[no-untyped-def]
    # Distinct words per briefing, so the postings part is a few megabytes.
    for n in range(count):
        body = " ".join(f"w{n}x{k} w{k % 997}y shared" for k in range(400))
        write(f"doc{n:03d}.md", briefing(f"{body}\n", title=f"Doc {n}", doc_id=f"doc{n:03d}"))


def _postings_bytes(index_dir: Path) -> int:
    return sum(p.stat().st_size for p in index_dir.iterdir() if p.suffix == ".seg")


def test_opening_a_searcher_does_not_copy_the_index_into_memory(write, make_ws) -> None:
    _library(write)
    ws = make_ws()
    ws.sync()
    size = _postings_bytes(ws.paths.index_dir)
    assert size > 2_000_000, size  # large enough that a copy stands out
    ws.close()

    ws = make_ws(long_lived=True)  # as the app and `briefing search` open it: mapped
    tracemalloc.start()
    try:
        found = ws.search("w7y", limit=200)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found.total == 40
    # A copy of the segment's parts would hold about ``size`` bytes.
    assert held < size // 4, (held, size)


def test_searches_over_the_mapped_index_find_what_they_did(write, make_ws) -> None:
    _library(write, count=40)
    ws = make_ws(long_lived=True)
    ws.sync()
    queries = ("w3x5", "shared", "w3*", '"w3x5 w5y"', "title:doc", "w1x1 OR w2x2")
    found = {q: sorted(hit.id for hit in ws.search(q, limit=100).hits) for q in queries}
    assert found["w3x5"] == ["doc003"]
    assert len(found["shared"]) == 40
    assert found['"w3x5 w5y"'] == ["doc003"]
    assert found["w1x1 OR w2x2"] == ["doc001", "doc002"]
    assert "doc003" in found["w3*"]


_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(-1, 70)),
        st.tuples(st.just("readinto"), st.integers(0, 70)),
        st.tuples(st.just("readline"), st.integers(-1, 70)),
        st.tuples(st.just("seek"), st.integers(0, 130), st.sampled_from([0, 1, 2])),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=120), ops=_OPS)
def test_a_mapped_file_reads_exactly_as_a_bytes_file(data: bytes, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    mine, theirs = MappedFile(memoryview(data)), io.BytesIO(data)
    for op in ops:
        if op[0] == "seek":
            whence = op[2]
            offset = op[1] if whence == os.SEEK_SET else op[1] - 65
            base = {os.SEEK_SET: 0, os.SEEK_CUR: theirs.tell(), os.SEEK_END: len(data)}[whence]
            if base + offset < 0:
                continue  # both refuse it (BytesIO says so differently)
            assert mine.seek(offset, whence) == theirs.seek(offset, whence)
        elif op[0] == "readinto":
            a, b = bytearray(op[1]), bytearray(op[1])
            assert mine.readinto(a) == theirs.readinto(b)
            assert a == b
        else:
            assert getattr(mine, op[0])(op[1]) == getattr(theirs, op[0])(op[1])
        assert mine.tell() == theirs.tell()


def test_pickles_are_read_one_after_another_whatever_their_size() -> None:
    values = [{"small": 1}, list(range(5000)), "x" * 3000, (1, 2.5, b"bytes")]
    stream = io.BytesIO()
    for value in values:
        pickle.dump(value, stream, 2)
    stream.write(b"tail")
    file = MappedBufferFile(memoryview(stream.getvalue()))
    assert [file.read_pickle() for _ in values] == values
    assert file.read(4) == b"tail"


def test_the_benchmarks_bare_whoosh_reads_as_stock_whoosh() -> None:
    from whoosh.filedb import compound
    from whoosh.filedb.structfile import BufferFile

    from briefing_tui.core.search.mapped_files import stock_whoosh

    assert compound.BufferFile is MappedBufferFile
    with stock_whoosh():
        assert compound.BufferFile is BufferFile
    assert compound.BufferFile is MappedBufferFile
