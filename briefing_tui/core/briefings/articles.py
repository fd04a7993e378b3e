"""What every source becomes before it is a file: an :class:`Article`, written once.

Pages, PDFs, fetched addresses and feed items are each turned into an
``Article`` by their own module; :func:`write_article` then cleans it the way
the text importer cleans a scraped article, checks the library does not hold
it already (same id, address or text: :class:`Known` names the briefing that
does), and writes it as a new file, whole or not at all. :class:`Outcome` is
what one input came to, for the CLI's lines and the app's notifications.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefing_tui.core.briefings.documents import import_key, text_fingerprint
from briefing_tui.core.briefings.importer import clean_article, render_briefing, slugify
from briefing_tui.core.files import create_many, create_new
from briefing_tui.core.store.records import DocumentRecord
from briefing_tui.core.tags import normalize_tag
from briefing_tui.core.text.sanitize import clean_line, clean_text

#: A summary longer than this is cut (the front matter shows it whole in the app).
MAX_SUMMARY = 1000

Status = Literal["created", "skipped", "failed"]


class SourceError(Exception):
    """An input that cannot become a briefing; ``str()`` is the reason, one line."""


class IsAFeed(SourceError):
    """The address given to import is a feed's: it can be followed, at ``url`` (final)."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(reason)
        self.url = url


@dataclass
class Article:
    """A briefing before it is written: Markdown body and what is known about it."""

    title: str | None
    body: str
    #: The file name or address it came from, for ``imported_from`` and messages.
    origin: str = ""
    author: str | None = None
    date: datetime | None = None
    #: ``date`` is the source's own, and names the file; not so the day an undated
    #: feed item came in (written down, as the text importer writes a file's day).
    date_in_name: bool = True
    source: str | None = None
    url: str | None = None
    summary: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    #: A feed item's guid (or link): the briefing's id is made from it, so the
    #: same item seen again is known by its id.
    key: str | None = None
    #: Extra front matter (a feed item's ``feed`` name).
    extra: dict[str, str] = field(default_factory=dict)
    #: Imported, with something to check.
    warnings: list[str] = field(default_factory=list)
    #: Without a ``title``: whether the text's first line is its title (a text
    #: file's way), or the text is all body (a feed item without a title: its
    #: first line is a sentence of the item, and a one-line item would be left
    #: with no body). Then the title is made from it (:func:`title_from_text`).
    title_in_text: bool = True


@dataclass
class Outcome:
    """What one input (a file, an address, a feed item) came to.

    ``path`` is the new briefing for ``created``, the briefing that already
    holds it for ``skipped`` (library-relative, ``/`` separators), ``None``
    for ``failed``; ``reason`` says why it was skipped or failed.
    """

    source: str
    status: Status
    path: str | None = None
    reason: str = ""
    title: str = ""
    warnings: list[str] = field(default_factory=list)
    #: The input was a feed's address (the final one): it can be followed instead.
    feed: str | None = None


class OutcomeLists:
    """The outcomes of one run (an import, a feed's fetch) by what they came to.

    A base of the reports that hold ``outcomes``: the command line, the app and
    ``--json`` count them the same way.
    """

    outcomes: list[Outcome]

    def _with(self, status: Status) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def created(self) -> list[Outcome]:
        return self._with("created")

    @property
    def skipped(self) -> list[Outcome]:
        return self._with("skipped")

    @property
    def failed(self) -> list[Outcome]:
        return self._with("failed")


def id_for_key(key: str) -> str:
    """The briefing id of a feed item: the same guid always gives the same id."""
    return "b" + hashlib.sha256(("item:" + key).encode("utf-8")).hexdigest()[:12]


def id_for_text(fingerprint: str) -> str:
    """The id the text importer gives (from the body's fingerprint)."""
    return "b" + hashlib.sha256(fingerprint.encode()).hexdigest()[:12]


def comparable_url(url: str, *, fragment: bool = False) -> str:
    """An address as compared for duplicates: no fragment (unless ``fragment``), no
    ``utm_`` tracking, scheme and host in lower case, no trailing slash on the path."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.startswith("utm_")
        ]
    )
    path = parts.path.rstrip("/") or "/"
    kept = parts.fragment if fragment else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, kept))


def _has_fragment(url: str | None) -> bool:
    return bool(url) and "#" in str(url) and bool(str(url).split("#", 1)[1].strip())


@dataclass
class Known:
    """The library's briefings by id, comparable address and text fingerprint → path."""

    by_id: dict[str, str] = field(default_factory=dict)
    by_url: dict[str, str] = field(default_factory=dict)
    by_text: dict[str, str] = field(default_factory=dict)
    #: Addresses with a fragment, fragment kept: a feed item's link names its
    #: entry on a page by it (``day.html#item572``; the RSS 2.0 spec's samples).
    by_entry: dict[str, str] = field(default_factory=dict)
    #: Briefings whose file was removed from the library: id → title. A feed
    #: item deleted after it was read is not brought back by the next fetch.
    gone: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_records(cls, records: Iterable[DocumentRecord]) -> Known:
        """From the store's records, present (with a path) and missing (without)."""
        known = cls()
        for record in records:
            if record.path is None:
                known.gone[record.id] = record.title
            else:
                key = import_key(record.title, record.body_hash)
                known.add(record.id, record.url, key, record.path)
        return known

    def add(self, doc_id: str, url: str | None, fingerprint: str, path: str) -> None:
        self.by_id.setdefault(doc_id, path)
        if url:
            self.by_url.setdefault(comparable_url(url), path)
            if _has_fragment(url):
                self.by_entry.setdefault(comparable_url(url, fragment=True), path)
        if fingerprint:
            self.by_text.setdefault(fingerprint, path)

    def forget(self, path: str) -> None:
        """Forget the briefing at ``path`` (it could not be written after all)."""
        for table in (self.by_id, self.by_url, self.by_text, self.by_entry):
            for key in [key for key, held in table.items() if held == path]:
                del table[key]

    def moved(self, path: str, new: str) -> None:
        """The briefing said to be at ``path`` is at ``new``."""
        for table in (self.by_id, self.by_url, self.by_text, self.by_entry):
            for key in [key for key, held in table.items() if held == path]:
                table[key] = new

    def holder(
        self, doc_id: str, url: str | None, fingerprint: str, *, by_key: bool = False
    ) -> tuple[str, str] | None:
        """(path, what matched) of a briefing that already holds this, or ``None``.

        ``by_key``: ``doc_id`` was made from a feed item's guid (else from the text).
        """
        if by_key and doc_id in self.by_id:
            return self.by_id[doc_id], "same guid"
        if by_key and url and _has_fragment(url):
            # Entries of one page (``#item573``, ``#item572``) are not each other.
            if comparable_url(url, fragment=True) in self.by_entry:
                return self.by_entry[comparable_url(url, fragment=True)], "same address"
        elif url and comparable_url(url) in self.by_url:
            return self.by_url[comparable_url(url)], "same address"
        if fingerprint in self.by_text:
            return self.by_text[fingerprint], "same text"
        if doc_id in self.by_id:
            return self.by_id[doc_id], "same id" if by_key else "same text"
        return None


def front_matter(article: Article, title: str, doc_id: str) -> dict[str, object]:
    """The front matter of ``article``, in the order a reader expects; values one line each."""
    front: dict[str, object] = {"id": doc_id, "title": title}
    when = article.date
    if when is not None:
        midnight = when == datetime(when.year, when.month, when.day)
        front["date"] = when.date() if midnight else when.replace(microsecond=0)
    for key, value in (
        ("author", article.author),
        ("source", article.source),
        ("url", article.url),
    ):
        if value and clean_line(value):
            front[key] = clean_line(value)
    if article.summary:
        summary = clean_line(article.summary)
        if len(summary) > MAX_SUMMARY:
            summary = summary[: MAX_SUMMARY - 1].rstrip() + "…"
        if summary:
            front["summary"] = summary
    if article.language and clean_line(article.language):
        front["language"] = clean_line(article.language)[:20]
    tags = [normalize_tag(t) for t in article.tags]
    tags = [t for i, t in enumerate(tags) if t and t not in tags[:i]]
    if tags:
        front["tags"] = tags
    for key, value in article.extra.items():
        front[key] = clean_line(value)
    if article.origin and not article.url:
        front["imported_from"] = clean_line(article.origin)
    return front


@dataclass
class Prepared:
    """An article checked and rendered, ready to be written."""

    outcome: Outcome
    data: bytes
    stem: str
    doc_id: str
    url: str | None
    fingerprint: str


def prepare(article: Article, known: Known) -> Outcome | Prepared:
    """The cleaned and rendered briefing of ``article``, or its outcome if it is not written."""
    source = article.origin or article.url or ""
    given = clean_line(article.title) if article.title else None
    if given or article.title_in_text:
        title, body = clean_article(clean_text(article.body), given or None)
    else:
        # A blank title: no line of the text repeats it, so none is taken off the top.
        _, body = clean_article(clean_text(article.body), " ")
        title = title_from_text(body) if body.strip() else "Untitled"
    title = title[:300]
    if not body.strip():
        return Outcome(source, "failed", reason="no text to import", title=title)
    fingerprint = text_fingerprint(body)
    doc_id = id_for_key(article.key) if article.key else id_for_text(fingerprint)
    found = known.holder(doc_id, article.url, fingerprint, by_key=bool(article.key))
    if found is not None:
        path, why = found
        reason = f"already in the library as {path} ({why})"
        return Outcome(source, "skipped", path=path, reason=reason, title=title)
    if article.key and doc_id in known.gone:  # a feed item: asked for by nobody this time
        reason = f"imported before as {known.gone[doc_id]!r}, since removed from the library"
        return Outcome(source, "skipped", reason=reason, title=title)
    content = render_briefing(front_matter(article, title, doc_id), body)
    named = article.date if article.date_in_name else None
    stem = (f"{named:%Y-%m-%d}-" if named else "") + slugify(title)
    created = Outcome(source, "created", title=title, warnings=list(article.warnings))
    return Prepared(created, content.encode("utf-8"), stem, doc_id, article.url, fingerprint)


def _relative(target: Path, root: Path) -> str:
    return target.relative_to(root).as_posix() if target.is_relative_to(root) else str(target)


def _cannot_write(outcome: Outcome, folder: Path, error: OSError) -> None:
    outcome.status, outcome.path = "failed", None
    outcome.reason = f"cannot write into {folder}: {error.strerror or error}"
    outcome.warnings = []


def write_article(
    article: Article, folder: Path, root: Path, known: Known, *, sync_folder: bool = True
) -> Outcome:
    """Write ``article`` as a new briefing in ``folder`` unless ``known`` holds it already.

    The body is cleaned as the text importer cleans one (title repeated at the
    top, teasers, blank runs, control characters); an empty body fails. The
    file appears whole or not at all, and never replaces another. ``known``
    learns the new briefing, so the same item twice in one batch is written once.
    A batch passes ``sync_folder=False`` and syncs each folder once at its end
    (or writes through an :class:`ArticleBatch`).
    """
    prepared = prepare(article, known)
    if isinstance(prepared, Outcome):
        return prepared
    outcome = prepared.outcome
    try:
        target = create_new(folder, prepared.stem, prepared.data, sync_folder=sync_folder)
    except OSError as error:
        _cannot_write(outcome, folder, error)
        return outcome
    outcome.path = _relative(target, root)
    known.add(prepared.doc_id, prepared.url, prepared.fingerprint, outcome.path)
    return outcome


#: Articles an :class:`ArticleBatch` holds before it writes them.
BATCH_SIZE = 64


@dataclass
class _Queued:
    prepared: Prepared
    folder: Path
    target: Path


class ArticleBatch:
    """Articles written as briefings a batch at a time: as :func:`write_article` does,
    with one wait for the disk per batch instead of one per file.

    :meth:`add` checks an article against ``known`` and the batch, and queues
    it: its :class:`Outcome` says ``created``, with the name it will get
    (``known`` learns it at once, so a duplicate later in the batch is
    skipped). :meth:`flush` (at :data:`BATCH_SIZE` queued, and by the caller
    at the end) writes the queued files with :func:`~.files.create_many`:
    each whole or not at all, never over another, named in order as one
    :func:`write_article` after another would name them. A file that cannot
    be written turns its outcome to ``failed``; one whose name was taken
    meanwhile (by another program) gets the next free name, and its outcome
    says so. Folders are not synced: the caller syncs each once at the end.
    """

    def __init__(
        self, root: Path, known: Known, *, size: int = BATCH_SIZE, max_bytes: int | None = None
    ) -> None:
        self.root = root
        self.known = known
        self.size = size
        #: The library's size limit: a briefing over it would be written and never indexed.
        self.max_bytes = max_bytes
        self._queued: list[_Queued] = []
        self._names: set[Path] = set()

    def add(self, article: Article, folder: Path) -> Outcome:
        prepared = prepare(article, self.known)
        if isinstance(prepared, Outcome):
            return prepared
        if self.max_bytes is not None and len(prepared.data) > self.max_bytes:
            mb = f"{len(prepared.data) / 2**20:.1f} MB > {self.max_bytes / 2**20:.1f} MB"
            reason = f"too large for the library ({mb} limit; --max-size raises it)"
            return Outcome(
                prepared.outcome.source, "failed", reason=reason, title=article.title or ""
            )
        target = self._free_name(folder, prepared.stem)
        self._names.add(target)
        self._queued.append(_Queued(prepared, folder, target))
        prepared.outcome.path = _relative(target, self.root)
        self.known.add(prepared.doc_id, prepared.url, prepared.fingerprint, prepared.outcome.path)
        if len(self._queued) >= self.size:
            self.flush()
        return prepared.outcome

    def _free_name(self, folder: Path, stem: str) -> Path:
        """The name :func:`~.files.create_new` would give, with the batch's names taken."""
        counter = 1
        while True:
            target = folder / (f"{stem}.md" if counter == 1 else f"{stem}-{counter}.md")
            counter += 1
            if target not in self._names and not target.exists():
                return target

    def flush(self) -> None:
        """Write what is queued; the outcomes say how it went."""
        queued, self._queued, self._names = self._queued, [], set()
        if not queued:
            return
        files = [(each.folder, each.prepared.stem, each.prepared.data) for each in queued]
        for each, result in zip(queued, create_many(files, sync_folders=False), strict=True):
            outcome = each.prepared.outcome
            promised = outcome.path or ""
            if isinstance(result, OSError):
                self.known.forget(promised)
                _cannot_write(outcome, each.folder, result)
            elif result != each.target:
                outcome.path = _relative(result, self.root)
                self.known.moved(promised, outcome.path)


_SPACES = re.compile(r"[ \t]+")


def short_text(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters."""
    flat = _SPACES.sub(" ", clean_line(text)).strip()
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip() + "…"


#: Words of a title made from a text whose first sentence is longer.
TITLE_WORDS = 12
#: Characters of such a title (a text of long words, or without spaces, is cut too).
TITLE_CHARS = 100


def title_from_text(markdown: str) -> str:
    """A title for a text that came without one (a feed item): its first sentence,
    or the first :data:`TITLE_WORDS` words of it, cut at a word and ended with "…".

    The text importer takes a file's first line, which is a heading or a
    headline there; a feed item's text has no headline, and its first line may
    be all of it (a one-line item then had an empty body and was refused), or a
    whole paragraph. The sentence is read from the rendered text (no Markdown
    marks); a headline's closing full stop is dropped.
    """
    from briefing_tui.core.text.plaintext import plain_text
    from briefing_tui.core.text.sentences import sentence_spans

    plain = plain_text(markdown)
    spans = sentence_spans(plain)
    if not spans:
        return "Untitled"
    start, end = spans[0]
    sentence = clean_line(plain[start:end])
    words = sentence.split()
    cut = len(words) > TITLE_WORDS
    if cut:
        sentence = " ".join(words[:TITLE_WORDS])
    if len(sentence) > TITLE_CHARS:
        return short_text(sentence, TITLE_CHARS)
    if cut:
        return sentence.rstrip(",;:") + "…"
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    return sentence or "Untitled"
