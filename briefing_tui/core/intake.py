"""Getting briefings in: files, folders and web addresses, each becoming one briefing.

:func:`ingest` takes what the user named (``briefing import`` or the app's
Add dialog): a saved web page (``.html``, ``.htm``), a PDF, a text or
Markdown file, a folder of them, or an ``http(s)`` address, which is fetched
(the only network use here); :mod:`.briefings.inputs` turns the names into
inputs (refusing an empty one, passing over a folder's symlinks out of it).
Each input comes to one :class:`Outcome`; a bad one is reported with its
reason and the batch goes on. Many pages and PDFs
are read in worker processes (:class:`PageReaders`) while the briefings are
written here, a batch at a time (:class:`.articles.ArticleBatch`: each file
whole or not at all, one wait for the disk per batch). The library is then
synced once, incrementally, so the new briefings are searchable when it
returns.

It is made to run in a thread worker: ``progress(done, total, what)`` is
called after each input, ``cancelled()`` is asked before each, and ``lock``
(the app's core lock) is held around the two moments the store and index
are touched: reading what the library holds, and the final sync.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_tui.core.briefings.articles import (
    Article,
    ArticleBatch,
    IsAFeed,
    Known,
    Outcome,
    OutcomeLists,
    SourceError,
    id_for_text,
)
from briefing_tui.core.briefings.fetching import FetchError, FetchLimits, check_url
from briefing_tui.core.briefings.frontmatter import parse_date
from briefing_tui.core.briefings.importer import ImportOptions
from briefing_tui.core.briefings.inputs import (
    PAGE_SUFFIXES,
    PDF_SUFFIXES,
    Input,
    expand_inputs,
    kind_of_file,
)
from briefing_tui.core.briefings.library_lock import INTAKE_LOCK, LockCancelled, held
from briefing_tui.core.files import folders_of, fsync_folder
from briefing_tui.core.paths import resolved

if TYPE_CHECKING:
    from concurrent.futures import Future

    import httpx

    from briefing_tui.core.sync import SyncReport
    from briefing_tui.core.workspace import Workspace

#: Progress callback: (done, total, what is being done), as the sync's.
Progress = Callable[[int, int, str], None]
#: Pages and PDFs read in worker processes when an import has at least this many.
POOL_MIN_FILES = 40
#: Worker processes reading pages and PDFs, at most (and no more than the cores).
MAX_READERS = 4
#: Pages or PDFs each worker is given ahead of the one being written.
AHEAD_PER_READER = 4


@dataclass
class IngestReport(OutcomeLists):
    """What an import did: one outcome per input, and the sync that followed."""

    outcomes: list[Outcome] = field(default_factory=list)
    sync: SyncReport | None = None
    #: Inputs given as one file or address (not a folder): a failure is the command's.
    single: bool = False
    #: ``cancelled()`` said stop: inputs after the last outcome were not imported.
    stopped: bool = False

    def summary(self) -> str:
        return (
            f"{len(self.created)} imported, {len(self.skipped)} skipped, {len(self.failed)} failed"
        )


def known_briefings(ws: Workspace) -> Known:
    """What the library holds, for the duplicate checks (present and removed briefings)."""
    records = [*ws.store.present_documents().values(), *ws.store.missing_documents()]
    return Known.from_records(records)


def ingest(
    ws: Workspace,
    given: Sequence[str],
    *,
    into: Path | None = None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    lock: AbstractContextManager[object] | None = None,
    limits: FetchLimits | None = None,
    sync: bool = True,
    waiting: Callable[[], None] | None = None,
) -> IngestReport:
    """Import ``given`` (paths and addresses) into ``into`` (a folder in the library).

    Raises ``ValueError`` for options that cannot apply (a date that is not
    ISO) and for an empty name (see :mod:`.briefings.inputs`), before anything is
    read; everything about one input is reported in its :class:`Outcome`.
    ``waiting()`` is called when another import or fetch has to end first.
    """
    options = options or ImportOptions()
    if options.date and parse_date(options.date) is None:
        raise ValueError(f"--date {options.date!r} is not an ISO date (YYYY-MM-DD)")
    folder = into or ws.root
    guard = lock or contextlib.nullcontext()
    inputs, single = expand_inputs(given)
    report = IngestReport(single=single)
    # Another import or fetch into this library waits for this one to end, synced:
    # it then knows what this one wrote (each came in twice, under two names).
    intake = held(ws.paths.library_data / INTAKE_LOCK, waiting=waiting, cancelled=cancelled)
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(intake)
        except LockCancelled:
            report.stopped = True
            return report
        with guard:
            known = known_briefings(ws)
        batch = ArticleBatch(ws.root, known, max_bytes=ws.max_bytes)
        readers = PageReaders.for_inputs(inputs)
        client: httpx.Client | None = None
        try:
            for done, item in enumerate(inputs):
                if cancelled is not None and cancelled():
                    report.stopped = True
                    break
                if item.url is not None and client is None:
                    from briefing_tui.core.briefings.fetching import new_client

                    client = new_client(limits)
                target = folder / item.within if item.within else folder
                outcome = _one(
                    item, target, ws.root, known, options, client, limits, batch, readers, cancelled
                )
                if outcome is None:  # read once stop was asked for: not written
                    report.stopped = True
                    break
                report.outcomes.append(outcome)
                if progress is not None:
                    progress(done + 1, len(inputs), item.given)
        finally:
            if readers is not None:
                readers.close()
            if client is not None:
                client.close()
            batch.flush()
            if report.created:  # the new names last through a crash from here on
                made = (ws.root / outcome.path for outcome in report.created if outcome.path)
                for written in folders_of(made, folder):  # a subfolder made too
                    fsync_folder(written)
        if sync and report.created:
            with guard:
                report.sync = ws.sync()
    return report


def _one(
    item: Input,
    folder: Path,
    root: Path,
    known: Known,
    options: ImportOptions,
    client: httpx.Client | None,
    limits: FetchLimits | None,
    batch: ArticleBatch,
    readers: PageReaders | None,
    cancelled: Callable[[], bool] | None = None,
) -> Outcome | None:
    """What came of ``item``; ``None`` when it was read after ``cancelled()`` turned true.

    A slow address may answer long after escape was pressed: its briefing was
    then written anyway, and the app said "Add stopped" over "1 imported".
    """
    if item.skip is not None:  # a folder's symlink out of it: never opened
        return Outcome(item.given, "skipped", reason=item.skip)
    # A kept subfolder (Input.within), never through a symlink out (as --into is refused).
    if item.within and not resolved(folder).is_relative_to(resolved(root)):
        return Outcome(item.given, "failed", reason=f"{item.within}/ leads out of the library")
    try:
        if item.url is not None:
            article = read_address(item.url, client=client, limits=limits)
        else:
            assert item.path is not None
            if kind_of_file(item.path) == "text":
                batch.flush()  # the text importer names its file after those before it
                if isinstance(made := _made(item, folder), Outcome):
                    return made
                outcome = _import_text(item, folder, root, known, options)
                if outcome.status != "created":  # read and refused: no folder left for it
                    for at in made:
                        with contextlib.suppress(OSError):
                            at.rmdir()
                return outcome
            article = readers.read(item.path) if readers is not None else read_file(item.path)
    except (SourceError, FetchError) as error:
        feed = error.url if isinstance(error, IsAFeed) else None
        return Outcome(item.given, "failed", reason=str(error), feed=feed)
    if cancelled is not None and cancelled():
        return None
    _apply(article, options)
    if isinstance(made := _made(item, folder), Outcome):
        return made
    outcome = batch.add(article, folder)
    outcome.source = item.given
    return outcome


def _made(item: Input, folder: Path) -> list[Path] | Outcome:
    """Make a kept subfolder (see :func:`_one`): the folders made, deepest first, or
    the failure; nothing to make for the folder imported itself."""
    if not item.within:
        return []
    made = list(takewhile(lambda at: not at.exists(), (folder, *folder.parents)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return Outcome(item.given, "failed", reason=f"cannot make {folder}: {error}")
    return made


def _apply(article: Article, options: ImportOptions) -> None:
    """The command's options win over what the page or PDF says."""
    if options.title:
        article.title = options.title
    if options.date:
        article.date = parse_date(options.date)
    if options.source:
        article.source = options.source
    if options.url:
        article.url = options.url
    article.tags = [*article.tags, *options.tags]


def read_file(path: Path) -> Article:
    """The article of a saved page or a PDF file. Raises :class:`SourceError`."""
    from briefing_tui.core.briefings.pages import MAX_PAGE_BYTES, read_page
    from briefing_tui.core.briefings.pdfs import MAX_PDF_BYTES, read_pdf

    kind = kind_of_file(path)
    cap = MAX_PDF_BYTES if kind == "pdf" else MAX_PAGE_BYTES
    try:
        if not path.is_file():
            raise SourceError("no such file" if not path.exists() else "not a regular file")
        if path.stat().st_size > cap:
            raise SourceError(f"larger than {cap // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(error.strerror or str(error)) from error
    if kind == "pdf":
        return read_pdf(data, origin=path.name)
    return read_page(data, origin=path.name)


class PageReaders:
    """Saved pages and PDFs read in worker processes, a few ahead of the one being written.

    Reading a page (trafilatura) or a PDF is most of an import's work, and
    each is read on its own: worker processes (as many as the machine has
    cores, up to :data:`MAX_READERS`) read them in the order of the inputs
    while this process writes the briefings (see :func:`_start_method` for
    how they are started). Worth it from :data:`POOL_MIN_FILES` files: a
    worker pays its imports (about half a second) before its first page. A
    reader that dies (its process killed) leaves the rest to be read here,
    as without workers.
    """

    def __init__(self, paths: Sequence[Path], workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._paths = list(paths)
        self._submitted = 0
        self._pending: deque[tuple[Path, Future[Article]]] = deque()
        self._ahead = workers * AHEAD_PER_READER
        self._broken = False
        method = _start_method()
        if method == "fork":
            # Forked readers inherit trafilatura instead of each importing it (0.2 CPU-s each).
            import trafilatura  # noqa: F401

            import briefing_tui.core.briefings.pages  # noqa: F401
        context = multiprocessing.get_context(method)
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_reader_started
        )

    @classmethod
    def for_inputs(cls, inputs: Sequence[Input]) -> PageReaders | None:
        """Readers for the pages and PDFs among ``inputs``; ``None`` when not worth it."""
        workers = min(_cores(), MAX_READERS)
        if workers < 2:
            return None
        paths = [
            item.path
            for item in inputs
            if item.url is None
            and item.path is not None
            and item.path.suffix.lower() in PAGE_SUFFIXES + PDF_SUFFIXES
        ]
        if len(paths) < POOL_MIN_FILES or not _real_stdio():
            return None
        try:
            return cls(paths, workers)
        except (OSError, ValueError):  # no processes to be had: read them here
            return None

    def read(self, path: Path) -> Article:
        """The article of ``path`` (the next page or PDF of the inputs), as :func:`read_file`."""
        from concurrent.futures.process import BrokenProcessPool

        while (
            not self._broken
            and len(self._pending) < self._ahead
            and self._submitted < len(self._paths)
        ):
            upcoming = self._paths[self._submitted]
            try:
                self._pending.append((upcoming, self._pool.submit(read_file, upcoming)))
            except BrokenProcessPool:
                self._broken = True
                break
            self._submitted += 1
        if self._pending and self._pending[0][0] == path:
            _, future = self._pending.popleft()
            try:
                return future.result()
            except BrokenProcessPool:
                self._broken = True
        return read_file(path)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _reader_started() -> None:
    """In a reader process: Ctrl-C is for the command, which stops its readers itself."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_method() -> str:
    """``fork`` where it is safe (a process with one thread: the CLI), else ``spawn``.

    In the app, other threads may hold locks a forked child would wait on
    forever; ``spawn`` starts fresh interpreters (and, unlike ``forkserver``,
    leaves no server process behind)."""
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        return os.cpu_count() or 1


def read_address(
    url: str, *, client: httpx.Client | None = None, limits: FetchLimits | None = None
) -> Article:
    """Fetch ``url`` and read it by its content type: a page, a PDF or text.

    The article's ``url`` is the final address, after redirects. Raises
    :class:`FetchError` or :class:`SourceError` with the reason.
    """
    from briefing_tui.core.briefings.fetching import fetch

    check_url(url)
    fetched = fetch(url, client=client, limits=limits, accept=_ACCEPT)
    kind = fetched.kind
    if kind == "html":
        from briefing_tui.core.briefings.pages import read_page

        article = read_page(fetched.body, origin=url, url=fetched.url, charset=fetched.charset)
        article.url = fetched.url
        return article
    if kind == "pdf":
        from briefing_tui.core.briefings.pdfs import read_pdf

        article = read_pdf(fetched.body, origin=url)
        article.url = fetched.url
        return article
    if kind == "text":
        return Article(title=None, body=fetched.text(), origin=url, url=fetched.url)
    if kind == "feed":
        raise IsAFeed("it is a feed: follow it with `briefing feeds add URL`", fetched.url)
    shown = fetched.content_type or "no content type"
    raise SourceError(f"not a page, a PDF or text ({shown})")


_ACCEPT = "text/html, application/xhtml+xml, application/pdf, text/plain;q=0.8, */*;q=0.5"


def _import_text(
    item: Input, folder: Path, root: Path, known: Known, options: ImportOptions
) -> Outcome:
    """A text or Markdown file, through the text importer as ``briefing import`` always did."""
    from briefing_tui.core.briefings.importer import import_files

    assert item.path is not None
    texts = set(known.by_text)
    result = import_files([item.path], folder, options, texts)
    if result.created:
        target = result.created[0]
        relative = (
            target.relative_to(root).as_posix() if target.is_relative_to(root) else str(target)
        )
        fingerprint = next(iter(texts - set(known.by_text)), "")
        known.add(id_for_text(fingerprint), None, fingerprint, relative)
        warnings = [reason for _, reason in result.warnings]
        return Outcome(item.given, "created", path=relative, warnings=warnings)
    if result.skipped:
        holder = _holder_of_text(item.path, options, known)
        reason = (
            f"already in the library as {holder} (same text)"
            if holder
            else "already in the library"
        )
        return Outcome(item.given, "skipped", path=holder, reason=reason)
    reason = result.failed[0][1] if result.failed else "not imported"
    return Outcome(item.given, "failed", reason=reason)


def _holder_of_text(path: Path, options: ImportOptions, known: Known) -> str | None:
    """The briefing holding the text of ``path``, cleaned as the text importer cleans it."""
    from briefing_tui.core.briefings.documents import import_key, text_fingerprint
    from briefing_tui.core.briefings.frontmatter import split_front_matter
    from briefing_tui.core.briefings.importer import clean_article, decode_text
    from briefing_tui.core.text.sanitize import clean_text

    try:
        text, _ = decode_text(path.read_bytes())
    except OSError:
        return None
    split = split_front_matter(clean_text(text))
    title, body = clean_article(split.body, options.title or split.front.title)
    return known.by_text.get(import_key(title, text_fingerprint(body)))


__all__ = [
    "IngestReport",
    "Input",
    "Progress",
    "expand_inputs",
    "ingest",
    "known_briefings",
    "read_address",
    "read_file",
]


def _real_stdio() -> bool:
    """Whether stdout and stderr are real files a worker process may inherit.

    Inside the app they are Textual's captures (no file descriptor): starting
    processes then fails, and a worker writing a warning to the terminal
    would garble the screen. The app's imports are read in its own process.
    """
    try:
        return sys.stdout.fileno() >= 0 and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        return False
