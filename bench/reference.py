"""The references: what a user could do with bare Whoosh instead of briefing-tui.

The bare build reads the same files, splits the front matter crudely (no
YAML, no Markdown parsing, no hashing, no store) and feeds the same fields
with the same schema to a two-process writer: the floor our build is held
to. The bare searcher parses with Whoosh's own ``QueryParser`` over ``body``
and loads the stored fields of the top hits from an open searcher, nothing
more.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import FileIndex
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher

from briefing_tui.core.search.index import document_fields, make_schema
from briefing_tui.core.search.mapped_files import stock_whoosh

SUFFIXES = (".md", ".markdown")
#: The writer settings a first measurement took 22 s with for 10,000 articles.
WRITER_ARGS: dict[str, Any] = {"procs": 2, "multisegment": True, "limitmb": 128}


def library_files(root: Path) -> Iterator[Path]:
    """Briefing files under ``root`` in a stable order, hidden files and folders skipped."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                yield Path(folder) / name


def crude_fields(path: Path, root: Path) -> dict[str, Any]:
    """The index fields of one file, with the front matter split by hand."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    meta: dict[str, str] = {}
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            for line in text[4:end].splitlines():
                key, colon, value = line.partition(":")
                if colon:
                    meta[key.strip()] = value.strip().strip('"')
            body = text[end + 4 :]
    rel = path.relative_to(root).as_posix()
    title = meta.get("title") or rel
    try:
        date = datetime.fromisoformat(meta["date"])
    except (KeyError, ValueError):
        date = datetime.fromtimestamp(path.stat().st_mtime)
    tags = [t.strip().lower() for t in meta.get("tags", "").strip("[]").split(",") if t.strip()]
    # The same field set as ours (document_fields only maps values to field names).
    return document_fields(
        doc_id=meta.get("id") or rel,
        path=rel,
        title=title,
        text=body,
        tags=tags,
        source=meta.get("source"),
        date=date,
    )


def bare_build(
    content: Path, index_dir: Path, progress: Callable[[int], None] | None = None
) -> int:
    """Build a fresh index of ``content`` in ``index_dir``; the number of documents."""
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), make_schema())
    writer = ix.writer(**WRITER_ARGS)
    count = 0
    for count, path in enumerate(library_files(content), 1):
        writer.add_document(**crude_fields(path, content))
        if progress is not None and count % 1000 == 0:
            progress(count)
    writer.commit()
    ix.close()
    return count


_OUR_FIELDS = re.compile(r"\btag:")


def whoosh_syntax(query: str) -> str:
    """Our query in Whoosh's syntax: only ``tag:`` is spelled differently (``tags:``)."""
    return _OUR_FIELDS.sub("tags:", query)


class BareSearcher:
    """Whoosh's own parser and searcher, as a long-running program would use them.

    Opening a Whoosh searcher is not free (it copies each segment file out of
    the memory map: tens of ms at 10,000 briefings), so a program that cares
    opens one and reuses it; the reference is therefore the search on an
    open searcher, with the opening left out of the time. The searcher is
    closed again before :meth:`timed` returns, so nothing of the reference
    stays open (mapped) while our side is being timed.
    """

    def __init__(self, ix: FileIndex) -> None:
        self.ix = ix
        self.parser = QueryParser("body", ix.schema)

    def _top(self, searcher: Searcher, text: str, limit: int) -> list[dict[str, Any]]:
        query = self.parser.parse(whoosh_syntax(text))
        return [hit.fields() for hit in searcher.search(query, limit=limit)]

    def _searcher(self) -> Searcher:
        # Stock Whoosh, not this package's zero-copy reads (core/search/mapped_files.py,
        # installed in this process by importing the package): the reference is bare.
        with stock_whoosh():
            return self.ix.searcher()

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """The stored fields of the top ``limit`` hits."""
        with self._searcher() as searcher:
            return self._top(searcher, text, limit)

    def timed(self, text: str, limit: int = 20) -> tuple[float, list[dict[str, Any]]]:
        """(seconds, hits) of the search alone, on a searcher opened beforehand."""
        with self._searcher() as searcher:
            started = time.perf_counter()
            hits = self._top(searcher, text, limit)
            return time.perf_counter() - started, hits
