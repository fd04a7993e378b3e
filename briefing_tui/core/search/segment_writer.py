"""Whoosh's segment writer, doing the same work in fewer Python steps.

An import of 1,000 news pages gives Whoosh about 740,000 postings (one word
of one field of one briefing) and 84,000 terms; at that scale Whoosh's own
per-posting steps are most of an import's indexing. What is written is the
same, byte for byte (the tests build one index both ways and compare); only
the way there changes:

- the text fields are analysed by :mod:`.fast_analysis` (one loop per field
  instead of a chain of generators per word) and their postings reach the
  pool a field at a time, not one call each;
- at the commit the postings are sorted per field by their word alone (a
  field's postings arrive in document order, and the sort is stable), not
  as whole tuples, each field's lengths are read once (:class:`LengthsOnce`),
  not once per posting, and each term's posting list is written in one go
  (:mod:`.postings_writer`).
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from whoosh.writing import SegmentWriter

#: Bytes Whoosh counts for one posting in its pool besides its word and value
#: (see ``whoosh.writing.PostingPool.add``): a pool over its memory limit
#: spills to a run on disk at about the same point as Whoosh's own.
_POSTING_OVERHEAD = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21


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

    def table(self, fieldname: str) -> list[int]:
        """The field's length in each document of the segment, by document number."""
        self.doc_field_length(0, fieldname)
        return self._by_field[fieldname]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._lengths, name)


def sorted_postings(pool: Any) -> Iterable[tuple[Any, ...]]:
    """The pool's postings in Whoosh's order: by field, word, then document.

    Whoosh sorts whole ``(field, word, document, weight, value)`` tuples.
    A (field, word) pair appears once per document, and the postings of a
    field were added in document order (a writer numbers its documents as it
    adds them), so a stable sort of each field's postings by word gives the
    same order with much cheaper comparisons. A pool that spilled runs to
    disk is merged by Whoosh, as before.
    """
    if pool.runs:
        return pool.iter_postings()  # type: ignore[no-any-return]
    by_field: dict[str, list[tuple[Any, ...]]] = {}
    for posting in pool.current:
        found = by_field.get(posting[0])
        if found is None:
            by_field[posting[0]] = [posting]
        else:
            found.append(posting)
    word = itemgetter(1)
    ordered: list[tuple[Any, ...]] = []
    for fieldname in sorted(by_field):
        ordered.extend(sorted(by_field[fieldname], key=word))
    return ordered


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """:class:`whoosh.writing.SegmentWriter` with the cheaper steps above."""

    def _fast_fields(self) -> dict[str, Any] | None:
        """Each field's fast analysis (see :mod:`.fast_analysis`; ``None`` for a field it
        can't do); ``None`` for a schema with spelling or vector fields (Whoosh's way)."""
        if "_fast_by_field" not in self.__dict__:  # a writer whose class was swapped
            from briefing_tui.core.search.fast_analysis import fast_index_for

            schema = self.schema
            names = schema.names()
            plain = not any(
                schema[name].separate_spelling() or schema[name].vector for name in names
            )
            self.__dict__["_fast_by_field"] = (
                {name: fast_index_for(schema[name]) for name in names} if plain else None
            )
        return self.__dict__["_fast_by_field"]  # type: ignore[no-any-return]

    def add_document(self, **fields: Any) -> None:
        # As SegmentWriter.add_document (Whoosh 2.7), with a text field's
        # postings made by its fast analysis and added to the pool together.
        fast_fields = self._fast_fields()
        if fast_fields is None:
            SegmentWriter.add_document(self, **fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    fast = fast_fields.get(fieldname) if isinstance(value, str) else None
                    if fast is None:
                        items: Iterable[Any] = field.index(value)
                    else:
                        items = fast(value)
                    scorable = field.scorable
                    postings = []
                    for tbytes, freq, weight, vbytes in items:
                        if scorable:
                            length += freq
                        postings.append((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
                    _add_to_pool(pool, fieldname, postings)
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        # As SegmentWriter._flush_segment (Whoosh 2.7), sorted, lengths read and
        # posting lists written as above.
        from briefing_tui.core.search.postings_writer import write_postings

        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        once = LengthsOnce(lengths) if lengths is not None else None
        postings = sorted_postings(self.pool)
        if not write_postings(
            self.fieldwriter, self.schema, once.table if once is not None else None, postings
        ):
            self.fieldwriter.add_postings(self.schema, once, iter(postings))
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()


def _add_to_pool(pool: Any, fieldname: str, postings: list[tuple[Any, ...]]) -> None:
    """``pool.add`` of each posting, in one step: Whoosh's pool counts each
    posting's size and spills its postings to a run when over its limit."""
    if not postings:
        return
    pool.fieldnames.add(fieldname)
    size = len(postings) * (_POSTING_OVERHEAD + len(fieldname))
    for posting in postings:
        size += 2 * len(posting[1]) + len(posting[4] or b"")
    if pool.currentsize + size > pool.limit:
        pool.save()  # a run on disk; the count starts again
    pool.currentsize += size
    pool.current.extend(postings)


def faster_commit(writer: Any) -> Any:
    """``writer`` (as ``ix.writer()`` made it) writing as :class:`FastSegmentWriter` does.

    Only a plain :class:`SegmentWriter` is changed (the subclass adds no state
    Whoosh needs); any other writer is returned as it is.
    """
    if type(writer) is SegmentWriter:
        writer.__class__ = FastSegmentWriter
    return writer
