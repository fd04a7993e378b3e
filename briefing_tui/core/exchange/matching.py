"""Which briefing of this library each document of an imported file is.

A content hash that names a briefing wins (a front-matter id two files share
is ambiguous), then the identity, then another tool's name for the briefing
(a path, a bare id, a ``file:`` URL), then the web address, then the path the
export gave it, then, for a W3C file, the briefing holding its quotes. A
document found nowhere is kept as a placeholder record without a file, its
claims orphaned.

The exported path matters because an id is not always stable across stores:
a briefing without a front-matter ``id`` has one derived from its content
when a store first sees it, so the same file, edited after the export and
synced into a fresh data folder, has another id there. Its claims belong on
it all the same (re-anchored as after any edit), never on a record "without
a file" that nothing can re-attach.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import unquote as url_unquote
from urllib.parse import urlsplit

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.claims.anchoring import reanchor_all
from briefing_tui.core.search.index import WORD_PATTERN
from briefing_tui.core.text.forms import composed

from ..workspace import Workspace
from .import_report import ImportReport
from .incoming import Incoming, IncomingDocument
from .spacing import respaced


class DocumentMatcher:
    """The first step of an import's plan: the file's documents matched to the store's."""

    def __init__(self, ws: Workspace, incoming: Incoming, report: ImportReport) -> None:
        self.ws = ws
        self.incoming = incoming
        self.report = report
        self.known = {keys.id: keys for keys in ws.store.document_keys()}
        self.target: dict[str, str] = {}  # incoming doc id -> id in this store (after renames)
        self.renames: list[tuple[str, str]] = []
        self._old_ids: dict[str, str] = {}
        self.placeholders: list[IncomingDocument] = []

    # -- documents --------------------------------------------------------------------

    def match_documents(self) -> None:
        docs = sorted(self.incoming.documents.values(), key=lambda doc: doc.id)
        used: set[str] = set()
        how: dict[str, str] = {}

        def take(doc: IncomingDocument, found: str, way: str) -> None:
            self.target[doc.id], how[doc.id] = found, way
            used.add(found)

        # A content hash that names a briefing wins over an id: a front-matter id
        # two files share belongs to whichever file a library saw first.
        for doc in docs:
            keys = self.known.get(doc.id)
            if keys is not None and doc.content_hash and keys.content_hash == doc.content_hash:
                take(doc, doc.id, "id")
        by_hash: dict[str, list[str]] = {}
        by_url: dict[str, list[str]] = {}
        for keys in self.known.values():
            if keys.content_hash:
                by_hash.setdefault(keys.content_hash, []).append(keys.id)
            if keys.url:
                by_url.setdefault(keys.url, []).append(keys.id)
        for doc in docs:
            if doc.id in self.target or not doc.content_hash:
                continue
            free = [i for i in by_hash.get(doc.content_hash, []) if i not in used]
            if free:
                take(doc, free[0], "content_hash")
        for doc in docs:  # edited since (or no hash): the id, when no hash took it
            if doc.id not in self.target and doc.id in self.known and doc.id not in used:
                take(doc, self._by_quotes(doc.id, used), "id")
        for doc in docs:  # another tool's name for a briefing: its id, path or file: URL
            if doc.id not in self.target and doc.hint is not None:
                named = self._by_name(doc.hint)
                if named is not None:
                    take(doc, *named)
        for doc in docs:
            if doc.id in self.target or not doc.url:
                continue
            free = [i for i in by_url.get(doc.url, []) if i not in used]
            if len(free) > 1:  # briefings sharing a web address: the one holding the quotes
                free = [found] if (found := self._holding_quotes(doc.id, free)) else []
            if len(free) == 1:
                take(doc, free[0], "url")
        for doc in docs:  # the id unknown here (derived from content since edited): its path
            if doc.id not in self.target and (found := self._by_path(doc, used)) is not None:
                take(doc, found, "path")
        for doc in docs:  # a W3C file's briefing named nowhere here: the one with its quotes
            if doc.id not in self.target and self.incoming.format == "w3c":
                found = self._holding_quotes(doc.id, self._quoted_in(doc.id))
                if found is not None:
                    take(doc, found, "quote")
        for doc in docs:
            found = self.target.get(doc.id)
            if found is None and doc.id in self.known:  # its id, though another took it
                self.target[doc.id], how[doc.id] = doc.id, "id"
            elif found is None:
                self.target[doc.id], how[doc.id] = doc.id, "missing"
                self.placeholders.append(doc)
            elif (
                how[doc.id] == "content_hash"
                and not self.known[found].id_from_front
                and doc.id not in self.known
            ):
                # The same bytes under another derived id: take the file's identity,
                # so that the next import (and export) agree with the one it came from.
                self.renames.append((found, doc.id))
                self.target[doc.id] = doc.id
            self.report.documents[how[doc.id]] += 1
        self.report.renamed = list(self.renames)
        self._old_ids = {new: old for old, new in self.renames}

    def _by_quotes(self, doc_id: str, used: set[str]) -> str:
        """Of the briefings here whose front matter says ``doc_id``, the one holding most
        of the file's quotes for it (the one that has the id, on a tie)."""
        said = f"front matter id {doc_id!r} is already used"
        shares = [
            keys.id
            for keys in self.known.values()
            if keys.id not in used
            and keys.id != doc_id
            and any(said in problem for problem in keys.problems)
        ]
        quotes = [c.selector.exact for c in self.incoming.claims if c.doc_id == doc_id]
        if not shares or not quotes:
            return doc_id

        def found(candidate: str) -> int:
            briefing = self._briefing(candidate)
            return -1 if briefing is None else sum(q in briefing.plain_text for q in quotes)

        return max([doc_id, *shares], key=found)

    def _by_name(self, name: str) -> tuple[str, str] | None:
        """(id, how) of the briefing ``name`` names: an id, a path (absolute, or relative
        to the library), a ``file:`` URL; an absolute path from another machine by its
        longest tail that is a path here."""
        if name in self.known:
            return name, "id"
        if name.lower().startswith("file:"):
            path = url_unquote(urlsplit(name).path)
        elif re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", name):
            return None  # a web URL (or another scheme): matched by url, then by quotes
        else:
            path = name
        try:
            resolved = Path(path).expanduser()
            if not resolved.is_absolute():
                resolved = self.ws.root / resolved
            relative = resolved.resolve().relative_to(self.ws.root).as_posix()
        except (ValueError, OSError, RuntimeError):
            relative = None
        if relative is not None and (record := self.ws.store.by_path(relative)) is not None:
            return record.id, "path"
        parts = [part for part in PurePosixPath(path.replace("\\", "/")).parts if part != "/"]
        for cut in range(len(parts)):
            record = self.ws.store.by_path("/".join(parts[cut:]))
            if record is not None:
                return record.id, "path"
        return None

    def _by_path(self, doc: IncomingDocument, used: set[str]) -> str | None:
        """The briefing at the path the export gave ``doc`` (relative to the library, as
        exports write it), when it is the same briefing: its title is the file's, or one
        of the file's claims on it is found in its text (exactly, moved or fuzzy: a
        retitled briefing; a W3C export, which names no title). A path now holding
        another briefing altogether is not taken for it.

        Only the store is asked (no file is opened by a path from the file).
        """
        if not doc.path:
            return None
        record = self.ws.store.by_path(doc.path)
        if record is None or record.path is None or record.id in used:
            return None
        if _folded(record.title) == _folded(doc.title) or self._anchors_in(doc.id, record.id):
            return record.id
        return None

    def _anchors_in(self, doc_id: str, candidate: str) -> bool:
        """Whether one of the file's claims for ``doc_id`` re-anchors (sync's rules, not
        orphaned) in the text of the briefing ``candidate``."""
        briefing = self._briefing(candidate)
        selectors = [c.selector for c in self.incoming.claims if c.doc_id == doc_id]
        if briefing is None or not selectors:
            return False
        text = briefing.plain_text
        anchors = reanchor_all([respaced(selector, text) for selector in selectors], text)
        return any(anchor.state != "orphaned" for anchor in anchors)

    def _quotes(self, doc_id: str) -> list[str]:
        return [c.selector.exact for c in self.incoming.claims if c.doc_id == doc_id]

    def _quoted_in(self, doc_id: str) -> list[str]:
        """Briefings whose indexed text has the words of one of the file's quotes for it.

        The words are cut as the index cuts them (``27.5bn`` and ``U.S.`` are one
        word each: cut at the dot they matched nothing). The phrase first; when the
        index finds no such phrase (its phrases miss some runs of dotted words), the
        same words anywhere in a briefing: the candidates are checked against the
        text itself (:meth:`_holding_quotes`), so a loose query costs no precision.
        """
        found: list[str] = []
        for quote in self._quotes(doc_id)[:5]:
            words = re.findall(WORD_PATTERN, composed(quote))[:12]
            if not words:
                continue
            for query in ('"' + " ".join(words) + '"', " ".join(f'"{w}"' for w in words)):
                try:
                    hits = self.ws.search(query, limit=1, snippets=False)
                except Exception:  # a query the words cannot make, an unreadable index
                    continue
                found += [i for i in hits.ids if i not in found]
                if hits.ids:
                    break
        return found[:50]

    def _holding_quotes(self, doc_id: str, candidates: Sequence[str]) -> str | None:
        """Of ``candidates``, the one briefing whose text holds most of the file's quotes
        for ``doc_id`` (whitespace aside); None when none holds one, or on a tie."""
        quotes = [" ".join(quote.split()) for quote in self._quotes(doc_id)]
        scores: list[tuple[int, str]] = []
        for candidate in candidates:
            briefing = self._briefing(candidate)
            if briefing is not None:
                text = " ".join(briefing.plain_text.split())
                scores.append((sum(quote in text for quote in quotes), candidate))
        scores.sort(reverse=True)
        if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
            return None
        return scores[0][1]

    def _store_id(self, doc_id: str) -> str:
        """The id a document of this store has now (before the renames are written)."""
        return self._old_ids.get(doc_id, doc_id)

    def _briefing(self, target: str) -> Briefing | None:
        record = self.ws.store.get(self._store_id(target))
        if record is None or record.path is None:
            return None
        briefing = self.ws.read(record)
        return briefing if isinstance(briefing, Briefing) else None


def _folded(title: str) -> str:
    """A title compared as a reader reads it: case and runs of spacing aside."""
    return " ".join(title.split()).casefold()
