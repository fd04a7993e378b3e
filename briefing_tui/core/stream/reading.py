"""Reading state: read or unread, new since the last visit, changed since read.

A briefing is **unread** until marked read (the app does it once one has been
open for a few seconds or scrolled past its first screen; ``briefing mark``
does it from the command line). Marking it read keeps its content hash and
its plain text as they are then (compressed, bounded), replacing what an
earlier read kept. It is **changed** when its content hash now is not the
one it had when read, and :meth:`Reading.what_changed` gives the word diff
between the two texts. It is **new** when it arrived (``first_seen``) after
the previous visit began: the app records a visit when it starts
(:meth:`Reading.begin_visit`) and counts from the one before; a process that
records none (the CLI) counts from the last one recorded.

Every read here is one or two queries on the store's read connections, safe
from any thread; writes are one transaction each.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.store import Kept, NewMark, Store
from briefing_tui.core.text.diffing import Change, DiffSummary, pack_text, summarize, word_diff

#: The most text a kept copy may unpack to (bytes of UTF-8): a store restored
#: from a hostile backup could hold a small blob that unpacks to gigabytes.
MAX_UNPACKED = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadText:
    """A briefing's text as it is read: its content hash and its plain text."""

    content_hash: str
    text: str


#: Given ids, the texts of those it can read now (the others are left out).
TextSource = Callable[[list[str]], dict[str, ReadText]]


@dataclass(frozen=True, slots=True)
class DocState:
    """One briefing's reading state."""

    read: bool
    changed: bool
    new: bool

    @property
    def unread(self) -> bool:
        return not self.read


@dataclass(frozen=True, slots=True)
class StreamSnapshot:
    """The reading state of every present briefing at one moment (two queries).

    ``read`` and ``changed`` (read, then changed) and ``new`` are sets of ids;
    every other present briefing is unread, not changed, not new.
    """

    read: frozenset[str]
    changed: frozenset[str]
    new: frozenset[str]
    #: The visit ``new`` counts from (``None``: no visit recorded before, nothing is new).
    since: str | None

    def state(self, doc_id: str) -> DocState:
        return DocState(doc_id in self.read, doc_id in self.changed, doc_id in self.new)


@dataclass(frozen=True, slots=True)
class StreamCounts:
    """How many briefings (of a set, or of the library) are unread, new, changed."""

    total: int
    unread: int
    new: int
    changed: int


@dataclass(frozen=True, slots=True)
class ClaimInDiff:
    """A claim of a changed briefing that the change concerns: its anchor is not
    ``exact`` any more, or an insertion or a replacement touches its passage."""

    claim_id: str
    quote: str
    anchor: str
    #: Where it stands in the text now (for a ``fuzzy`` claim: its candidate); ``None``
    #: when orphaned.
    span: tuple[int, int] | None
    touched: bool


@dataclass(frozen=True, slots=True)
class WhatChanged:
    """The text as last read and as it is now, and the word diff between them.

    ``changes`` cover both texts whole (``old`` offsets index ``old_text``, ``new``
    ones ``new_text``, the text claims and the reader address).
    """

    doc_id: str
    read_at: str
    old_text: str
    new_text: str
    changes: list[Change]
    summary: DiffSummary
    claims: list[ClaimInDiff]
    #: The file is not as read though its text is (its front matter, say): the list
    #: marks it changed, and the diff has no word to show.
    file_changed: bool = False

    @property
    def unchanged(self) -> bool:
        return self.summary.unchanged


@dataclass(frozen=True, slots=True)
class NoDiff:
    """Why there is no "what changed" for a briefing; ``message`` says it to a person."""

    doc_id: str
    #: ``never_read``, ``too_large``, ``unreadable`` (its file could not be read when
    #: marked read), ``imported`` (marked read by an import, which carries no text),
    #: ``damaged`` (the kept copy cannot be unpacked), ``missing`` (no text now).
    reason: str
    message: str


_REASONS = {
    "never_read": "it has not been read yet",
    "too_large": "its text was too large to keep when it was read",
    "unreadable": "its file could not be read when it was marked read",
    "imported": "it was marked read by an import, which does not carry the text as read",
    "damaged": "the text kept when it was read cannot be unpacked",
    "missing": "its text cannot be read now",
}


def no_diff(doc_id: str, reason: str) -> NoDiff:
    return NoDiff(doc_id, reason, f"No earlier text to compare: {_REASONS[reason]}.")


def unpack_bounded(packed: bytes) -> str | None:
    """A kept text, or ``None`` when it is damaged or unpacks past :data:`MAX_UNPACKED`."""
    try:
        unpacker = zlib.decompressobj()
        raw = unpacker.decompress(packed, MAX_UNPACKED)
        if unpacker.unconsumed_tail or not unpacker.eof:
            return None
        return raw.decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        return None


class Reading:
    """One library's reading state, on its store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        #: Set by :meth:`begin_visit`: the visit this process counts "new" from.
        self._since: str | None = None
        self._began = False

    # -- visits ------------------------------------------------------------------------

    def begin_visit(self) -> str | None:
        """Record a visit starting now (the app, at start); returns when the previous
        one began, which "new" counts from in this process from then on."""
        previous = self.store.record_visit()
        with self._lock:
            self._since, self._began = previous, True
        return previous

    @property
    def since(self) -> str | None:
        """The visit "new" counts from: the previous one after :meth:`begin_visit`,
        else the last one recorded (``None`` if none was: then nothing is new)."""
        with self._lock:
            if self._began:
                return self._since
        return self.store.last_visit()

    # -- states ------------------------------------------------------------------------

    def snapshot(self) -> StreamSnapshot:
        """Every present briefing's state: two or three queries, ids as sets."""
        since = self.since
        read, changed = self.store.read_and_changed()
        new = self.store.ids_seen_after(since) if since is not None else set()
        return StreamSnapshot(frozenset(read), frozenset(changed), frozenset(new), since)

    def state_ids(self, name: str) -> set[str]:
        """The present briefings that are ``read``, ``changed`` or ``new`` (what
        ``is:`` terms match; ``is:unread`` is every other one)."""
        if name == "new":
            since = self.since
            return self.store.ids_seen_after(since) if since is not None else set()
        read, changed = self.store.read_and_changed()
        if name == "read":
            return read
        if name == "changed":
            return changed
        raise ValueError(f"no reading state {name!r}")

    def states(self, doc_ids: Iterable[str]) -> dict[str, DocState]:
        """The state of each of ``doc_ids`` (from one snapshot)."""
        snapshot = self.snapshot()
        return {doc_id: snapshot.state(doc_id) for doc_id in doc_ids}

    def counts(self, doc_ids: Collection[str] | None = None) -> StreamCounts:
        """Unread, new and changed among ``doc_ids`` (every present briefing when ``None``)."""
        snapshot = self.snapshot()
        if doc_ids is None:
            total = self.store.count()
            read, new, changed = len(snapshot.read), len(snapshot.new), len(snapshot.changed)
        else:
            wanted = doc_ids if isinstance(doc_ids, set | frozenset) else set(doc_ids)
            total = len(wanted)
            read = len(snapshot.read & wanted)
            new = len(snapshot.new & wanted)
            changed = len(snapshot.changed & wanted)
        return StreamCounts(total, total - read, new, changed)

    # -- marking -----------------------------------------------------------------------

    def mark_read(self, doc_ids: Sequence[str], texts: TextSource) -> int:
        """Mark briefings read now, keeping each one's text as ``texts`` gives it (one
        transaction). A briefing already read with the same content hash keeps the
        text it has. Ids the store does not know are left out; returns how many
        were marked."""
        wanted = list(dict.fromkeys(doc_ids))
        hashes = self.store.content_hashes(wanted)
        wanted = [doc_id for doc_id in wanted if doc_id in hashes]
        if not wanted:
            return 0
        kept = self.store.read_hashes(wanted)
        same = [d for d in wanted if kept.get(d) == (hashes[d], "text")]
        fresh = [d for d in wanted if kept.get(d) != (hashes[d], "text")]
        found = texts(fresh) if fresh else {}
        marks: list[NewMark] = []
        for doc_id in fresh:
            text = found.get(doc_id)
            if text is None:
                marks.append(NewMark(doc_id, hashes[doc_id], None, "unreadable"))
                continue
            packed = pack_text(text.text)
            kind: Kept = "text" if packed is not None else "too_large"
            marks.append(NewMark(doc_id, text.content_hash, packed, kind))
        self.store.write_read_marks(marks, touched=same)
        return len(wanted)

    def mark_unread(self, doc_ids: Sequence[str]) -> int:
        """Mark briefings unread (their kept text goes too); returns how many were read."""
        return self.store.delete_read_marks(list(dict.fromkeys(doc_ids)))

    # -- what changed ------------------------------------------------------------------

    def what_changed(
        self, doc_id: str, current: ReadText | None, claims: Sequence[Claim] = ()
    ) -> WhatChanged | NoDiff:
        """The text as last read against ``current`` (the text now), word by word,
        with the ``claims`` (the briefing's) the change concerns; or why not."""
        mark = self.store.read_mark(doc_id)
        if mark is None:
            return no_diff(doc_id, "never_read")
        if mark.packed is None:
            # ("text" with nothing kept, or a reason this version does not know: damage.)
            return no_diff(doc_id, mark.kept if mark.kept in _REASONS else "damaged")
        if current is None:
            return no_diff(doc_id, "missing")
        old = unpack_bounded(mark.packed)
        if old is None:
            return no_diff(doc_id, "damaged")
        new = current.text
        if old == new:
            changes = [Change("equal", (0, len(old)), (0, len(new)))] if old else []
        else:
            changes = word_diff(old, new)
        return WhatChanged(
            doc_id,
            mark.read_at,
            old,
            new,
            changes,
            summarize(old, new, changes),
            claims_in_diff(claims, changes),
            file_changed=bool(current.content_hash) and current.content_hash != mark.content_hash,
        )


def claims_in_diff(claims: Sequence[Claim], changes: Sequence[Change]) -> list[ClaimInDiff]:
    """The claims a change concerns: not ``exact`` any more, or whose passage (in
    the text now) an insertion or replacement overlaps. In text order."""
    inserted = [c.new for c in changes if c.kind in ("insert", "replace") and c.new[0] < c.new[1]]
    found: list[ClaimInDiff] = []
    for claim in claims:
        span = claim.span
        touched = span is not None and any(a < span[1] and span[0] < b for a, b in inserted)
        if claim.anchor != "exact" or touched:
            found.append(ClaimInDiff(claim.id, claim.quote, claim.anchor, span, touched))
    found.sort(key=lambda item: item.span or (-1, -1))
    return found
