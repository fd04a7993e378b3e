"""Index files read from their memory map, never copied whole into memory.

Whoosh packs each segment into one compound file and, with memory mapping on
(as :func:`.index.open_index` opens it), hands each part out as a
``BufferFile`` over a slice of the map. ``BufferFile`` also wraps that slice
in an ``io.BytesIO`` for its sequential reads (``seek``, ``read``, the block
headers' pickles), and ``BytesIO`` copies what it is given: every searcher
opened copied the whole postings and terms files into the process. At
100,000 briefings that was 560 MB of copies (the app's memory went from 0.3
to 1.0 GB a few seconds after it started) and most of the 0.33 s a searcher
took to open, in the app after each index change and in every ``briefing
search`` process.

:class:`MappedFile` reads the slice in place instead: a ``read`` copies only
the bytes asked for, as a ``get`` already did. :func:`install` makes Whoosh's
compound storage use it; :mod:`.index` calls it on import, so every process
that opens an index does.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

#: Bytes read at once for a pickle (a block header is a few hundred).
_PICKLE_WINDOW = 1024


class MappedFile:
    """A read-only file over a buffer (a slice of a memory map), read in place.

    What Whoosh's ``StructFile`` asks of its file to read: ``read``,
    ``readinto`` and ``readline`` (``pickle.load``), ``seek``, ``tell``, ``close``.
    """

    __slots__ = ("_buf", "_pos", "_size")

    def __init__(self, buf: Any) -> None:
        self._buf = memoryview(buf)
        self._pos = 0
        self._size = len(self._buf)

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = self._size if size is None or size < 0 else min(start + size, self._size)
        self._pos = max(start, end)
        return bytes(self._buf[start:end])

    def readinto(self, target: Any) -> int:
        out = memoryview(target).cast("B")
        start = self._pos
        end = min(start + len(out), self._size)
        count = max(0, end - start)
        out[:count] = self._buf[start : start + count]
        self._pos = start + count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        start = end = self._pos
        stop = self._size if size is None or size < 0 else min(start + size, self._size)
        while end < stop:
            chunk = bytes(self._buf[end : min(end + 256, stop)])
            found = chunk.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
        self._pos = end
        return bytes(self._buf[start:end])

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            position = offset
        elif whence == os.SEEK_CUR:
            position = self._pos + offset
        elif whence == os.SEEK_END:
            position = self._size + offset
        else:
            raise ValueError(f"invalid whence ({whence})")
        if position < 0:
            raise ValueError(f"negative seek position {position}")
        self._pos = position
        return position

    def tell(self) -> int:
        return self._pos

    @property
    def size(self) -> int:
        return self._size

    def close(self) -> None:
        # Dropped, not released: slices handed out by ``get`` may still use the map.
        self._buf = memoryview(b"")
        self._size = self._pos = 0


class MappedBufferFile(BufferFile):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's ``BufferFile``, reading sequentially from the buffer itself."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file: MappedFile = MappedFile(buf)

    def read_pickle(self) -> Any:
        """The pickle at the current position (a posting block's header), read
        from a window of bytes in one C call: ``pickle.load`` on a file written
        in Python calls its ``read`` once per opcode, which made every block
        header several microseconds slower than from ``BytesIO``."""
        file = self.file
        start = file.tell()
        window = _PICKLE_WINDOW
        while True:
            chunk = BytesIO(file.read(window))
            try:
                value = pickle.load(chunk)
            except (EOFError, pickle.UnpicklingError):
                if start + window >= file.size:
                    raise
                window *= 8
                file.seek(start)
                continue
            file.seek(start + chunk.tell())
            return value


def install() -> None:
    """Make Whoosh's compound storage hand out :class:`MappedBufferFile` parts."""
    compound.BufferFile = MappedBufferFile


@contextmanager
def stock_whoosh() -> Iterator[None]:
    """Whoosh's own ``BufferFile`` for what is opened inside (the benchmark's bare
    Whoosh reference runs in a process that imported this package)."""
    compound.BufferFile = BufferFile
    try:
        yield
    finally:
        install()
