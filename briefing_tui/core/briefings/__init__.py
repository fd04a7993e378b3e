"""Briefings as files: reading one, its front matter, its identity, scanning the folder, importing.

``documents`` reads a file safely into a :class:`Briefing`; ``frontmatter`` and
``yaml_loader`` read its YAML header; ``identity`` and ``identities`` decide which
stored briefing a file is (renames and edits included); ``scanning`` lists the
library folder by ``stat`` alone; ``links`` classifies a link before it is opened;
``importer`` turns outside text into briefing files. Getting briefings in from
elsewhere: ``pages`` (saved web pages, by trafilatura), ``pdfs`` (pypdf),
``fetching`` (one http(s) address, bounded), ``feeds`` (the followed feeds and
their items, by feedparser); each source becomes an ``articles.Article``,
written as one briefing file by ``articles.write_article``. They load their
libraries when first used, and are driven by ``core.intake`` and
``core.feed_fetch``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .documents import DEFAULT_MAX_BYTES, Briefing, Skipped, parse_briefing, read_briefing
from .frontmatter import parse_date, parse_tags, split_front_matter
from .identities import Identities
from .links import classify_link
from .scanning import FileEntry, LibraryUnavailable, scan_library

if TYPE_CHECKING:
    from .importer import ImportOptions, import_files

#: Names loaded when first asked for: the importer brings temporary files and a
#: thread pool, ~9 ms of imports that ``briefing search`` and every other command
#: that imports nothing paid before its stat pass could start.
_LAZY = {"ImportOptions": "importer", "import_files": "importer"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_MAX_BYTES",
    "Briefing",
    "FileEntry",
    "Identities",
    "ImportOptions",
    "LibraryUnavailable",
    "Skipped",
    "classify_link",
    "import_files",
    "parse_briefing",
    "parse_date",
    "parse_tags",
    "read_briefing",
    "scan_library",
    "split_front_matter",
]
