"""The Whoosh index: a rebuildable cache of the library's text.

The index lives in the data folder (mode 0700: Whoosh keeps a pickled schema
in it). It is never the source of truth: when it is missing, damaged or of
an older schema it is rebuilt from the library with one message. Metadata
for listing lives in the store, so listing never walks the index.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh.analysis import Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError
from whoosh.writing import IndexWriter

from briefing_tui.core.search import mapped_files
from briefing_tui.core.search.parallel_writer import ParentBoundMpWriter
from briefing_tui.core.search.segment_writer import faster_commit
from briefing_tui.core.text.forms import composed

if TYPE_CHECKING:
    from briefing_tui.core.claims.model import Claim

#: Bump when the schema or what is indexed changes: old indexes get rebuilt.
INDEX_SCHEMA_VERSION = "8"  # 8: a dotted name's parts at its place (7: emoji are words)

#: An emoji: a flag (two regional indicator letters, ``🇺🇦``) or one pictograph
#: (``🚀``, ``☀``, ``✅``). What only modifies one is left out, as punctuation
#: is: a skin tone (``👍🏽`` is found by ``👍``), the emoji presentation selector
#: (``❤️`` by ``❤``), the joiner of a sequence (``👨‍👩‍👧`` is its three
#: pictographs in a row, found whole as a phrase is, and by each of them).
#: Symbols used as punctuation stay out: arrows, bullets, dingbat quotation
#: marks and brackets. Searching ``🚀`` found nothing: no word in it.
EMOJI_PATTERN = (
    "[\U0001f1e6-\U0001f1ff]{2}"
    "|[\u231a\u231b\u23e9-\u23f3\u23f8-\u23fa\u2600-\u2757\u2761-\u2767"
    "\u2795-\u2797\u27b0\u27bf\u2b50\u2b55"
    "\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff]"
)
#: A word: letters and digits, joined by dots (``bbc.co.uk``, ``3.5``), or an
#: emoji. Whoosh's default also takes ``*`` and ``_`` into words, so ``growth*``
#: (a footnote mark), ``**hello**`` (HTML shown as text) and ``_boolean`` were not
#: found by ``growth``, ``hello`` or ``boolean``.
WORD_PATTERN = r"[^\W_]+(?:\.[^\W_]+)*|" + EMOJI_PATTERN
_VERSION_FILE = "briefing-schema-version"
# Searchers read the index's parts from its memory map instead of copying them
# whole (see :mod:`.mapped_files`): every process that opens an index imports this.
mapped_files.install()
#: Present while a full build runs: an index killed mid-build (kill -9, power
#: cut) opens as a valid but partial index, and the store would then call every
#: file unchanged, so searches would miss what the build never reached.
_BUILDING_FILE = "briefing-build-incomplete"
#: Whoosh's write lock, as :meth:`FileIndex.lock` names it.
_WRITE_LOCK = "MAIN_WRITELOCK"
#: Seconds to wait for another writer (another briefing process) to finish.
WRITER_TIMEOUT = 30.0
#: Briefings handed to an indexing process at a time when two build the index.
#: A process starts on its first batch, so with Whoosh's 100 the second core
#: idled while this one read 200 briefings (0.4 s of an import of 1,000 pages),
#: and the last batch could leave one process indexing alone at the end.
MP_BATCH = 25
#: Whoosh's memory pool (MB) for each process of a full build's writer. With 128
#: the build at 100,000 peaked at 501 MB with its helper; 64 keeps it under 500
#: MB and the build as fast (each pool is flushed to a run file when full).
BUILD_LIMIT_MB = 64


class IndexProblem(Exception):
    """The index cannot be used as it is; it will be rebuilt from the library."""


class IndexBusy(Exception):
    """Another process holds the index's write lock for longer than the timeout."""


def make_schema() -> Schema:
    """Fields: stemmed title and body, an unstemmed ``exact`` field for prefixes.

    As-you-type matches the last typed word against ``exact`` because stems
    break prefixes (``governm*`` finds nothing once ``government`` is stored
    as ``govern``).
    """
    words = ComposedWords(WORD_PATTERN) | DottedParts()
    # Words of one character are indexed (Whoosh's default drops them): "formula 1"
    # found every "formula", and "title:2" nothing.
    stemming = words | PartsInPlace(minsize=1) | StemFilter(cachesize=50_000)
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        path=ID(stored=True),
        title=TEXT(stored=True, analyzer=stemming, field_boost=2.0),
        body=TEXT(stored=True, analyzer=stemming),
        exact=TEXT(analyzer=words, phrase=False),
        tags=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        source=TEXT(stored=True, analyzer=words),
        date=DATETIME(stored=True, sortable=True),
        title_sort=ID(sortable=True),
        **claim_field_types(stemming),
    )


def claim_field_types(stemming: Any) -> dict[str, Any]:
    """The claim fields: quotes and notes (stemmed), and keywords for filters.

    Searched in the claims' own index (``claim_index.make_claims_schema``);
    the main schema still declares them until an index version drops them.
    """
    return {
        "claim": TEXT(analyzer=stemming),
        "note": TEXT(analyzer=stemming),
        "claim_tags": KEYWORD(commas=True, lowercase=True),
        "status": KEYWORD(commas=True, lowercase=True),
        "has": KEYWORD(commas=True, lowercase=True),
        "anchor": KEYWORD(commas=True, lowercase=True),
    }


class ComposedWords(RegexTokenizer):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's regular-expression tokenizer over the text in NFC (see :mod:`.text.forms`).

    A decomposed ``é`` (``e`` and a combining accent, as text copied from macOS
    or a PDF may hold) is not a word character: ``café`` was indexed as ``cafe``
    and found by neither the ``café`` a user types nor its phrase. Indexed and
    queried words are composed alike.
    """

    def __call__(self, value: str, **kwargs: Any) -> Any:
        return super().__call__(composed(value), **kwargs)


class DottedParts(Filter):  # type: ignore[misc]  # Whoosh is untyped
    """Lowercase each word, and index ``bbc.co.uk`` as itself and as ``bbc``,
    ``co`` and ``uk``.

    A dotted name (a domain, ``U.S.``, a version) is one token, so a search
    for ``bbc`` missed ``bbc.co.uk``. The parts are added at the whole's
    position when indexing; a query keeps the token whole (its parts would
    make a phrase of four words). Lowercasing happens here too: one step per
    word instead of two keeps a full build as fast as with Whoosh's own chain.
    """

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            text = token.text = token.text.lower()
            token.part = False
            yield token
            if "." in text and token.mode != "query":
                for part in text.split("."):
                    if part:
                        token.text = part
                        token.part = True  # at the whole's place (PartsInPlace)
                        yield token


class PartsInPlace(StopFilter):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's stop filter, its positions renumbered as it does (stop words leave no
    gap), but the parts :class:`DottedParts` adds stay at their whole's position.

    Whoosh's numbered each part as a word of its own: ``$27.5bn 14.5bn`` put
    ``14.5bn`` three places after ``27.5bn``, so the phrase ``"27.5bn 14.5bn"``,
    and ``"U.S. court"``, found nothing (while ``"seek 27.5bn"`` did).
    """

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        stops, least, most, renumber = self.stops, self.min, self.max, self.renumber
        position: int | None = None
        placed = False  # the current word (a whole and its parts) has a position
        for token in tokens:
            if not getattr(token, "part", False):
                placed = False
            text = token.text
            if len(text) >= least and (most is None or len(text) <= most) and text not in stops:
                if renumber and token.positions:
                    if not placed:
                        position = token.pos if position is None else position + 1
                        placed = True
                    token.pos = position
                token.stopped = False
                yield token
            elif not token.removestops:
                token.stopped = True
                yield token


def document_fields(
    *,
    doc_id: str,
    path: str,
    title: str,
    text: str,
    tags: list[str],
    source: str | None,
    date: datetime,
    claims: Sequence[Claim] = (),
) -> dict[str, Any]:
    """The fields Whoosh gets for one briefing (``text`` is its plain text)."""
    claim_tags = sorted({tag for claim in claims for tag in claim.tags})
    has = []
    if claims:
        has.append("claims")
    if any(claim.note.strip() for claim in claims):
        has.append("notes")
    return {
        "id": doc_id,
        "path": path,
        "title": title,
        "body": text,
        "exact": f"{title}\n{text}",
        "tags": ",".join(tags),
        "claim_tags": ",".join(claim_tags),
        "source": source or "",
        "date": date,
        "title_sort": title.casefold(),
        "claim": "\n".join(claim.quote for claim in claims),
        "note": "\n".join(claim.note for claim in claims),
        "status": ",".join(sorted({claim.status for claim in claims})),
        "has": ",".join(has),
        "anchor": ",".join(sorted({claim.anchor for claim in claims})),
    }


def _version_file(folder: Path) -> Path:
    return folder / _VERSION_FILE


def create_index(folder: Path) -> FileIndex:
    """Create an empty index in ``folder``, removing whatever was there.

    An existing index is cleared while holding its write lock, so a rebuild
    waits for another process's writer to finish instead of deleting the
    files under it. The index is marked as being built until
    :func:`mark_built` says the full build finished, so a build that dies
    half-way is rebuilt next time.
    """
    if folder.is_dir() and not folder.is_symlink():
        with _write_lock(folder):
            for entry in folder.iterdir():
                if entry.name == _WRITE_LOCK:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            return _fresh_index(folder)
    if folder.is_symlink() or folder.exists():
        folder.unlink()
    folder.mkdir(parents=True, mode=0o700)
    return _fresh_index(folder)


def _fresh_index(folder: Path) -> FileIndex:
    os.chmod(folder, 0o700)
    (folder / _BUILDING_FILE).write_text("a full build started and has not finished\n")
    ix = whoosh_index.create_in(str(folder), make_schema())
    _version_file(folder).write_text(INDEX_SCHEMA_VERSION)
    return ix


@contextmanager
def _write_lock(folder: Path) -> Iterator[None]:
    """Hold the index's write lock (as Whoosh's writers take it), waiting for another holder."""
    lock = FileStorage(str(folder)).lock(_WRITE_LOCK)
    deadline = time.monotonic() + WRITER_TIMEOUT
    while not lock.acquire(blocking=False):
        if time.monotonic() > deadline:
            raise IndexBusy(
                "the index is being written by another briefing process; try again shortly"
            )
        time.sleep(0.1)
    try:
        yield
    finally:
        lock.release()


def mark_built(folder: Path) -> None:
    """Record that the full build of the index in ``folder`` finished (committed)."""
    (folder / _BUILDING_FILE).unlink(missing_ok=True)


class BuildLock:
    """Held by the one process building the index, from clearing it to marking it built.

    Whoosh's write lock is taken and released several times in a full build
    (to clear the folder, then by the writer): between two of them a second
    builder could clear the index too, and both then filled it, every
    briefing twice. This lock spans the whole build. It is a ``flock`` on a
    file beside the index folder (clearing the folder leaves it), so it goes
    with its process: a build killed half-way holds nothing.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder.parent / f"{folder.name}.build-lock"
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = WRITER_TIMEOUT) -> bool:
        """Take the lock, waiting up to ``timeout`` for another builder; True if it waited."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        waited = False
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise IndexBusy(
                        "the index is being built by another briefing process; try again shortly"
                    ) from None
                waited = True
                time.sleep(0.1)
        self._fd = fd
        return waited

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def build_running(folder: Path) -> bool:
    """True while some process (this one included) holds ``folder``'s :class:`BuildLock`."""
    probe = BuildLock(folder)
    if not probe.path.exists():
        return False
    try:
        probe.acquire(timeout=0)
    except IndexBusy:
        return True
    probe.release()
    return False


def _wait_for_builder(folder: Path) -> None:
    """An index marked as being built: wait while another process builds it.

    If nobody holds the build lock, the build died (its lock went with its
    process) and the index is partial: :class:`IndexProblem`. If another
    process holds it, wait (up to :data:`WRITER_TIMEOUT`) and look again, so
    two processes never tear down each other's build.
    """
    deadline = time.monotonic() + WRITER_TIMEOUT
    while True:
        if not build_running(folder):
            if (folder / _BUILDING_FILE).exists():
                raise IndexProblem("the last build of the index did not finish")
            return
        if time.monotonic() > deadline:
            raise IndexBusy(
                "the index is being built by another briefing process; try again shortly"
            )
        time.sleep(0.1)


def open_index(folder: Path, *, mmap: bool = False, lock_held: bool = False) -> FileIndex:
    """Open the index, or raise :class:`IndexProblem` saying why it can't be used.

    ``mmap`` suits a long-lived process (the TUI): Whoosh then copies each
    segment into memory when a searcher opens (about 100 ms at 10,000
    briefings) and searches run a quarter faster. Without it segments are
    read from the file as needed, which is what a one-shot command wants
    (the CLI opens in 16 ms instead). ``lock_held``: the caller holds the
    :class:`BuildLock`, so an unfinished build is not waited for.
    """
    try:
        # exists_in reads the TOC, so a garbled TOC raises here already.
        present = folder.is_dir() and whoosh_index.exists_in(str(folder))
    except Exception as error:  # Whoosh raises many kinds on damaged files
        raise IndexProblem(f"the index is damaged ({type(error).__name__})") from error
    if not present:
        raise IndexProblem("the index is missing")
    try:
        version = _version_file(folder).read_text().strip()
    except (OSError, ValueError):  # missing, or garbled into undecodable bytes
        version = ""
    if version != INDEX_SCHEMA_VERSION:
        raise IndexProblem("the index was built by another version of briefing-tui")
    if (folder / _BUILDING_FILE).exists():
        if lock_held:  # the caller holds the build lock: nobody else is building
            raise IndexProblem("the last build of the index did not finish")
        _wait_for_builder(folder)
    try:
        # The health check reads through files, which costs no copy.
        checked = FileStorage(str(folder), supports_mmap=False).open_index()
        expected = set(make_schema().names())
        if set(checked.schema.names()) != expected:
            raise IndexProblem("the index has an unexpected schema")
        with checked.reader() as reader:
            reader.doc_count()
        ix = FileStorage(str(folder), supports_mmap=True).open_index() if mmap else checked
    except IndexProblem:
        raise
    except Exception as error:  # Whoosh raises many kinds on damaged files
        raise IndexProblem(f"the index is damaged ({type(error).__name__})") from error
    return ix


@contextmanager
def index_writer(
    ix: FileIndex, *, procs: int = 1, merge: bool = True, fold: bool = False
) -> Iterator[IndexWriter]:
    """A writer that commits on success and cancels on error.

    ``procs=2`` builds with both cores (one segment per process), which is
    what a full build uses; incremental updates use one process. ``merge=False``
    commits without merging existing segments (a full build's stages: each
    merge would rewrite what the stages before it wrote); ``fold=True`` merges
    every existing segment into this writer's own (a full build's last stage:
    with two processes, while its helpers finish their segments).
    """
    try:
        if procs > 1:
            writer = ParentBoundMpWriter(
                ix,
                procs=procs,
                batchsize=MP_BATCH,
                multisegment=True,
                limitmb=BUILD_LIMIT_MB,
                timeout=WRITER_TIMEOUT,
            )
        else:
            writer = faster_commit(ix.writer(timeout=WRITER_TIMEOUT, limitmb=128))
    except LockError as error:
        raise IndexBusy(
            "the index is being written by another briefing process; try again shortly"
        ) from error
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    else:
        try:
            if fold:
                writer.commit(optimize=True)
            elif merge:
                writer.commit()
            else:
                writer.commit(merge=False)
        except BaseException:
            # A commit that failed half-way (a full disk) keeps Whoosh's write
            # lock: let it go, or this process's own next writer would wait
            # for it and then blame "another briefing process".
            _release_write_lock(writer)
            raise


def _release_write_lock(writer: IndexWriter) -> None:
    with suppress(Exception):
        writer.cancel()
    lock = getattr(writer, "writelock", None)
    if lock is not None:
        with suppress(Exception):
            lock.release()


def duplicated_ids(ix: FileIndex) -> int:
    """How many briefings the index holds more than once (two builds filling one
    index did that); 0 for a healthy index. Reads the id column, not the stored text."""
    with ix.reader() as reader:
        if not reader.doc_count_all():  # Whoosh's empty reader has no columns to read
            return 0
        ids = reader.column_reader("id")
        seen: set[str] = set()
        duplicates = 0
        for docnum in reader.all_doc_ids():
            doc_id = ids[docnum]
            if doc_id in seen:
                duplicates += 1
            seen.add(doc_id)
    return duplicates
