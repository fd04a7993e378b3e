"""Whoosh's segment writer with a cheaper commit: each field's lengths read once.

When a new segment is committed, Whoosh writes every posting (one word of
one field of one briefing) and asks the segment's length column for that
field's length in that briefing, one call per posting: about 740,000 calls,
a quarter of the commit, for 1,000 imported news pages. Here the lengths of
a field are read once, in one pass over its column, and each posting looks
its length up in a list. What is written is the same.
"""

from __future__ import annotations

from typing import Any

from whoosh.writing import SegmentWriter


class LengthsOnce:
    """A segment's per-document reader whose field lengths are read once per field."""

    def __init__(self, lengths: Any) -> None:
        self._lengths = lengths
        self._count = lengths.doc_count_all()
        self._by_field: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        table = self._by_field.get(fieldname)
        if table is None:
            read = self._lengths.doc_field_length
            table = [read(number, fieldname, 0) for number in range(self._count)]
            self._by_field[fieldname] = table
        if 0 <= docnum < self._count:
            return table[docnum] or default
        return int(self._lengths.doc_field_length(docnum, fieldname, default))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._lengths, name)


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """:class:`whoosh.writing.SegmentWriter`, its postings given :class:`LengthsOnce`."""

    def _flush_segment(self) -> None:
        # As SegmentWriter._flush_segment (Whoosh 2.7), the lengths wrapped.
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        postings = self.pool.iter_postings()
        self.fieldwriter.add_postings(
            self.schema, LengthsOnce(lengths) if lengths is not None else None, postings
        )
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()


def faster_commit(writer: Any) -> Any:
    """``writer`` (as ``ix.writer()`` made it) committing as :class:`FastSegmentWriter` does.

    Only a plain :class:`SegmentWriter` is changed (the subclass adds no state);
    any other writer is returned as it is.
    """
    if type(writer) is SegmentWriter:
        writer.__class__ = FastSegmentWriter
    return writer
