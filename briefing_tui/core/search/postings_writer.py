"""A new segment's posting lists written as Whoosh's W3 codec writes them, in fewer steps.

When a segment is committed, Whoosh's field writer takes its sorted postings
one call at a time and, for every term (84,000 for 1,000 news pages), starts
a posting writer, a term info and a block, fills the block a posting at a
time and writes it: about half of a commit, in Python steps around the few
that do the work (pickling, compressing, writing). Here each term's postings
are taken together and its blocks are built from lists. The bytes written
are Whoosh's, but for one choice: a block too small for zlib to shrink
(:data:`MIN_COMPRESSED`) is written uncompressed, which Whoosh's reader
reads as it reads any block (the tests build a segment both ways and
compare the files and every posting); a field writer or codec other than
Whoosh 2.7's W3 with its usual settings is left to Whoosh
(:func:`write_postings` returns ``False``).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

#: A block's pickled postings shorter than this are written as they are, not
#: compressed (its info then says so, as Whoosh's reader expects of any block).
#: Most of a segment's 84,000 blocks are a rare word's few postings, 30 to 250
#: bytes, which zlib shrinks by a few bytes or not at all, at about 13 µs a call
#: (over a second of a 1,000-page import's indexing); blocks of 256 bytes and
#: more still hold nearly all that compression saves (the index of those pages
#: is 24.0 MB instead of 22.9 MB; 34.5 MB with nothing compressed).
MIN_COMPRESSED = 256
#: Lengths of one field in the segment, by document number.
LengthTable = Callable[[str], Sequence[int]]


class _Block:
    """What :meth:`W3TermInfo.add_block` reads from a block of postings."""

    __slots__ = ("_ids", "_maxlength", "_maxweight", "_minlength", "_weights")

    def __init__(
        self,
        ids: array[int],
        weights: array[float],
        minlength: int | None,
        maxlength: int,
        maxweight: float,
    ) -> None:
        self._ids = ids
        self._weights = weights
        self._minlength = minlength
        self._maxlength = maxlength
        self._maxweight = maxweight

    def __len__(self) -> int:
        return len(self._ids)

    def min_id(self) -> int:
        return self._ids[0]

    def max_id(self) -> int:
        return self._ids[-1]

    def min_length(self) -> int | None:
        return self._minlength

    def max_length(self) -> int:
        return self._maxlength

    def max_weight(self) -> float:
        return self._maxweight


def write_postings(
    fieldwriter: Any, schema: Any, lengths: LengthTable | None, postings: Iterable[Any]
) -> bool:
    """Write ``postings`` (sorted as Whoosh sorts them) through ``fieldwriter``.

    Returns ``False``, having written nothing, when the writer is not one
    this function reproduces; the caller then uses Whoosh's own
    ``add_postings``.
    """
    codec: Any = getattr(fieldwriter, "_codec", None)
    if type(fieldwriter) is not W3FieldWriter or type(codec) is not W3Codec:
        return False
    if codec._inlinelimit > 1 or codec._blocklimit < 1:  # every term gets blocks only at 1
        return False
    if any(schema[name].separate_spelling() for name in schema.names()):
        return False  # spelling postings take another way through Whoosh's writer
    limit, compression = codec._blocklimit, codec._compression
    postfile = fieldwriter._postfile
    # Each term's bytes go to the file in one write, and where they start is
    # counted here: the file's tell() asks the kernel (a seek) each time, twice
    # per term in Whoosh's writer, which was 9% of an import's indexing.
    write = postfile.raw_file().write
    add_term = fieldwriter._tindex.add
    for fieldname, in_field in groupby(postings, key=itemgetter(0)):
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        position = postfile.tell()
        prefix = pack_ushort(fieldwriter._fieldid)
        fixed_size = fieldobj.format.fixed_value_size()
        table = lengths(fieldname) if lengths is not None else None
        for btext, in_term in groupby(in_field, key=itemgetter(1)):
            term = list(in_term)
            terminfo = W3TermInfo()
            pieces = [WHOOSH3_HEADER_MAGIC]
            for first in range(0, len(term), limit):
                block = term[first : first + limit]
                last = first + limit >= len(term)
                data, info, stats = _block_bytes(block, table, fixed_size, compression)
                terminfo.add_block(stats)
                size = len(info) + len(data)
                pieces += (pack_int(-size if last else size), info, data)
            written = b"".join(pieces)
            write(written)
            terminfo.set_extent(position, len(written))
            position += len(written)
            add_term(prefix + btext, terminfo.to_bytes())
        fieldwriter.finish_field()
    return True


def _block_bytes(
    block: list[Any], table: Sequence[int] | None, fixed_size: int | None, compression: int
) -> tuple[bytes, bytes, _Block]:
    """One block's data and info bytes, as ``W3PostingsWriter._write_block`` makes them."""
    if len(block) == 1:
        return _single_bytes(block[0], table, fixed_size, compression)
    docnums = [posting[2] for posting in block]
    raw_weights = [posting[3] for posting in block]
    ids = array("I", docnums)
    weights = array("f", raw_weights)
    top = max(raw_weights)
    maxweight = top if top > 0 else 0  # Whoosh starts from 0 and keeps a greater weight
    values = [posting[4] for posting in block if posting[4]]
    minlength: int | None = None
    maxlength = 0
    if table is not None:
        known = [length for length in (table[docnum] for docnum in docnums) if length]
        if known:
            minlength, maxlength = min(known), max(known)
    if all(weight == 1.0 for weight in weights):
        mini_weights: Any = None
    elif all(weight == weights[0] for weight in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    if fixed_size is None or fixed_size < 0:
        mini_values: Any = tuple(values)
    elif fixed_size == 0:
        mini_values = None
    else:
        mini_values = b"".join(values)
    data = dumps((tuple(delta_encode(ids)), mini_weights, mini_values), 2)
    if len(data) < MIN_COMPRESSED:
        compression = 0
    elif compression:
        data = zlib.compress(data, compression)
    info = dumps(
        (
            len(ids),
            ids[-1],
            maxweight,
            compression,
            length_to_byte(minlength),
            length_to_byte(maxlength),
        ),
        2,
    )
    return data, info, _Block(ids, weights, minlength, maxlength, maxweight)


def _single_bytes(
    posting: Any, table: Sequence[int] | None, fixed_size: int | None, compression: int
) -> tuple[bytes, bytes, _Block]:
    """:func:`_block_bytes` of a block of one posting (most terms are in one document
    of a segment: half of a 1,000-page import's blocks), without its lists."""
    docnum, raw_weight, value = posting[2], posting[3], posting[4]
    ids = array("I", (docnum,))
    weights = array("f", (raw_weight,))
    weight = weights[0]
    maxweight = raw_weight if raw_weight > 0 else 0
    length = table[docnum] if table is not None else 0
    minlength = length or None
    if fixed_size is None or fixed_size < 0:
        mini_values: Any = (value,) if value else ()
    elif fixed_size == 0:
        mini_values = None
    else:
        mini_values = value or b""
    data = dumps(((docnum,), None if weight == 1.0 else weight, mini_values), 2)
    if len(data) < MIN_COMPRESSED:
        compression = 0
    elif compression:
        data = zlib.compress(data, compression)
    info = dumps(
        (1, docnum, maxweight, compression, length_to_byte(minlength), length_to_byte(length)),
        2,
    )
    return data, info, _Block(ids, weights, minlength, length, maxweight)
