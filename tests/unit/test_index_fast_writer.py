"""The index written the faster way is Whoosh's index: the same files, byte for byte,
but for posting lists too small to compress (stored plain), which read back as Whoosh's.

:mod:`briefing_tui.core.search.fast_analysis` and the segment writer redo
Whoosh's analysis, pooling and sorting in fewer steps; a search must find
exactly what it found before. These tests compare with Whoosh's own code.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from whoosh.index import open_dir
from whoosh.writing import SegmentWriter

from briefing_tui.core.briefings.documents import Briefing, read_briefing
from briefing_tui.core.claims.model import Claim
from briefing_tui.core.search.fast_analysis import fast_index_for
from briefing_tui.core.search.index import create_index, document_fields, make_schema
from briefing_tui.core.search.segment_writer import faster_commit

REPO = Path(__file__).resolve().parents[2]

#: Words the analysis must split, lowercase, stop, stem and number as Whoosh does.
TRICKY = [
    "",
    "a",
    "The a an of it was: the growth of the U.S. economy",
    "U.S. growth*, **hello** _boolean 3.5 bbc.co.uk e.g. i.e. v2.0.1-beta a_b",
    "the.a.of x.y..z .leading trailing. ... a.b.c",
    "İstanbul ǅemal STRASSE straße ΣΊΣΥΦΟΣ ﬁnance Ⅻ ½ ٣٤ Café naïve coöperate",
    "running runs ran runner's governments government's governm generalization",
    "日本語のテキスト 中文 한국어 — em dash – ‘quotes’ don't it's\ttab\nnew line",
    # Decomposed (NFD): an e and a combining accent, Hangul as jamo; composed when indexed.
    "Cafe\u0301 nai\u0308ve re\u0301sume\u0301 \u1100\u1161\u11a8 e\u0301.u\u0308.x",
    "x" * 300 + " " + "abc." * 50,
]


def test_each_text_field_is_analysed_as_whoosh_analyses_it() -> None:
    schema = make_schema()
    fast_fields = [name for name in schema.names() if fast_index_for(schema[name])]
    assert {"title", "body", "exact", "source", "claim", "note"} <= set(fast_fields)
    for name in fast_fields:
        fast = fast_index_for(schema[name])
        assert fast is not None
        for text in [*TRICKY, " ".join(TRICKY)]:
            assert sorted(fast(text)) == sorted(schema[name].index(text)), (name, text[:40])


def _documents() -> list[dict[str, Any]]:
    """The bundled library's briefings (and the tricky texts, with a claim), as indexed."""
    root = REPO / "content"
    documents = []
    for number, path in enumerate(sorted(root.glob("*.md"))):
        found = read_briefing(path, root)
        assert isinstance(found, Briefing)
        documents.append(
            document_fields(
                doc_id=f"d{number}",
                path=found.path,
                title=found.title,
                text=found.plain_text,
                tags=list(found.tags),
                source=found.source,
                date=found.date,
            )
        )
    claim = cast(
        Claim,
        SimpleNamespace(
            quote="the U.S. economy", note="Growth e.g. 3.5", tags=["x"], status="open"
        ),
    )
    claim.anchor = "exact"
    for number, text in enumerate(TRICKY):
        documents.append(
            document_fields(
                doc_id=f"t{number}",
                path=f"t{number}.md",
                title=text[:40] or "Untitled",
                text=text,
                tags=["a", "b.c"],
                source="bbc.co.uk",
                date=datetime(2024, 1, number + 1),
                claims=[claim] if number == 0 else [],
            )
        )
    return documents


def _index_files(folder: Path, fast: bool, pool_limit: int | None) -> tuple[dict[str, str], int]:
    """The segment's files (their hashes by name) and how many runs the pool spilled."""
    ix = create_index(folder)
    writer = ix.writer(compound=False)
    assert type(writer) is SegmentWriter
    if fast:
        writer = faster_commit(writer)
    if pool_limit is not None:
        writer.pool.limit = pool_limit  # spill postings to runs on disk, as a big import does
    for _ in range(12):  # common words in more documents than a block holds (128)
        for fields in _documents():
            writer.add_document(**fields)
    runs = len(writer.pool.runs)
    writer.commit()
    files = {
        re.sub(r"MAIN_[a-z0-9]+", "SEGMENT", entry.name): hashlib.sha256(
            entry.read_bytes()
        ).hexdigest()
        for entry in folder.iterdir()
        if entry.is_file() and entry.suffix != ".toc"
    }
    return files, runs


def _all_postings(folder: Path) -> dict[tuple[str, bytes], tuple[Any, ...]]:
    """Every term of the index with its statistics and its postings, as Whoosh reads them."""
    with open_dir(str(folder)).reader() as reader:
        found: dict[tuple[str, bytes], tuple[Any, ...]] = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            found[(fieldname, text)] = (stats, info.max_weight(), postings)
    return found


@pytest.mark.parametrize("pool_limit", [None, 20_000], ids=["in memory", "spilled to disk"])
def test_the_fast_writer_writes_whoosh_s_segment(tmp_path: Path, pool_limit: int | None) -> None:
    """Byte for byte but for the posting lists (small blocks are not compressed, so the
    postings and the term offsets differ), which read back exactly as Whoosh's."""
    whoosh, whoosh_runs = _index_files(tmp_path / "whoosh", fast=False, pool_limit=pool_limit)
    fast, fast_runs = _index_files(tmp_path / "fast", fast=True, pool_limit=pool_limit)
    postings_files = {name for name in whoosh if name.endswith((".pst", ".trm"))}
    assert len(postings_files) == 2
    assert {name: digest for name, digest in fast.items() if name not in postings_files} == {
        name: digest for name, digest in whoosh.items() if name not in postings_files
    }
    assert fast.keys() == whoosh.keys()
    assert _all_postings(tmp_path / "fast") == _all_postings(tmp_path / "whoosh")
    assert (fast_runs > 0) == (whoosh_runs > 0) == (pool_limit is not None)


def test_only_blocks_worth_compressing_are_compressed(tmp_path: Path) -> None:
    """A rare word's few postings are stored as they are (zlib would not shrink them);
    a common word's full block is still compressed, so the index stays small."""
    _index_files(tmp_path, fast=True, pool_limit=None)
    with open_dir(str(tmp_path)).reader() as reader:
        rare = reader.postings("exact", "strasse")
        [(_, most_frequent)] = reader.most_frequent_terms("exact", 1)
        common = reader.postings("exact", most_frequent)
        assert rare._blocklength == 12  # the tricky text, in each of the 12 rounds
        assert rare._compression == 0
        assert common._blocklength >= 60
        assert common._compression == 3
