"""Reading one briefing file safely: the one function every caller uses.

``read_briefing`` decides whether a path may be read at all (regular file,
inside the library, not too large, not binary), decodes it without ever
failing, replaces terminal control characters, and parses the front matter.
Everything that went wrong becomes either a :class:`Skipped` (not indexed,
with a reason a person can act on) or a problem string on the
:class:`Briefing` (indexed, flagged).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from briefing_tui.core.briefings.frontmatter import split_front_matter
from briefing_tui.core.text.sanitize import clean_line, clean_text, has_unsafe, normalize_newlines

#: Files above this size are listed as too large and not indexed.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
BRIEFING_SUFFIXES = (".md", ".markdown")
#: An ATX heading line; its closing ``#``s are taken off in Python. The former
#: ``(.+?)(?:[ \t]+#+)?[ \t]*$`` backtracked quadratically over a long run of
#: spaces and tabs: one 60 KB heading line held a sync for minutes.
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was seen but not read, and why."""

    path: str
    reason: str


@dataclass
class Briefing:
    """A briefing as read from disk: metadata, cleaned body and any problems."""

    path: str
    """Path relative to the library root, with ``/`` separators."""
    size: int
    mtime_ns: int
    content_hash: str
    """sha256 of the file's bytes: what change detection confirms with."""
    title: str
    date: datetime
    date_inferred: bool
    body: str
    front_id: str | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @cached_property
    def plain_text(self) -> str:
        from briefing_tui.core.text.plaintext import plain_text

        return plain_text(self.body)

    @cached_property
    def body_hash(self) -> str:
        """Hash of the body text with whitespace collapsed: the same article twice."""
        return text_fingerprint(self.body)


def text_fingerprint(text: str) -> str:
    """A hash that ignores whitespace layout, used to spot a text already imported."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


#: The fingerprint of a briefing with no body (a headline alone).
EMPTY_BODY = text_fingerprint("")


def import_key(title: str, fingerprint: str) -> str:
    """What an import compares to tell a text already in the library: the body's
    ``fingerprint``, or for a briefing with no body its title. By the empty body,
    every headline-only file after the first was skipped as "the same text"."""
    return fingerprint if fingerprint != EMPTY_BODY else text_fingerprint(f"title: {title}")


def is_briefing_name(name: str) -> bool:
    return name.lower().endswith(BRIEFING_SUFFIXES) and not name.startswith(".")


#: Byte-order marks of the wide encodings, UTF-32 first (its LE mark starts like UTF-16's).
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def wide_codec(data: bytes) -> tuple[str, int, bool] | None:
    """(codec, length of its byte-order mark, whether it was guessed) for a file in
    UTF-16 or UTF-32, or ``None``.

    Windows tools (Notepad, PowerShell's ``>``) write UTF-16, whose bytes are
    full of NULs: without this, such a briefing was skipped as binary while
    ``briefing import`` read the same file. With a byte-order mark the codec
    is certain; without one, UTF-16 is guessed only when every other byte is
    NUL on one side, none on the other (mostly Latin text) and the whole decodes.
    """
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            return codec, len(bom), False
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    for zeros, letters, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if b"\x00" not in letters and zeros.count(0) * 2 >= len(zeros):
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec, 0, True
    return None


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode UTF-8 (with or without BOM), UTF-16 or UTF-32; replace what is not, and say so."""
    wide = wide_codec(data)
    if wide is not None:
        codec, bom, guessed = wide
        name = codec[:6].upper()
        payload = data[bom:]
        note = f"read as {name} (no byte-order mark)" if guessed else None
        try:
            return payload.decode(codec), note
        except UnicodeDecodeError:
            text = payload.decode(codec, errors="replace")
            bad = text.count("\ufffd")
            return text, f"not valid {name}: {bad} undecodable byte sequence(s) shown as �"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        return text, f"not valid UTF-8: {bad} undecodable byte sequence(s) shown as �"


def relative_path(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


_SURROGATE = re.compile("[\ud800-\udfff]")


def unsafe_name(rel: str) -> str | None:
    """Why ``rel`` cannot be a document's path, or ``None`` when it can.

    Paths are kept exactly as on disk, because a cleaned path (spaces
    collapsed, controls replaced) names no file and the briefing could never
    be opened. A name holding control characters, or bytes that are not
    UTF-8 (which SQLite and Whoosh refuse), is skipped with this reason.
    """
    if _SURROGATE.search(rel):
        return "the file name is not valid UTF-8 (rename the file to index it)"
    if has_unsafe(rel) or "\t" in rel or "\n" in rel:
        return "the file name holds control characters (rename the file to index it)"
    return None


def shown_path(rel: str) -> str:
    """``rel`` safe to store and print: undecodable bytes as �, controls as placeholders.

    A newline or tab is shown as its control picture (␊, ␉), not as the space
    one-line cleaning would make of it: ``a\nb.md`` must not read as the
    name of another file, ``a b.md``.
    """
    rel = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in rel)
    return clean_line(rel.replace("\n", "\u240a").replace("\t", "\u2409"))


def read_briefing(
    path: Path, root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Briefing | Skipped:
    """Read ``path`` (inside the library ``root``) as a briefing, never raising.

    ``root`` must be absolute and resolved. A symlink is followed only when
    its target is a regular file inside ``root``.
    """
    try:
        rel = relative_path(path, root)
    except ValueError:
        return Skipped(shown_path(str(path)), "outside the library folder")
    problem = unsafe_name(rel)
    if problem is not None:
        return Skipped(shown_path(rel), problem)
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(root):
                return Skipped(rel, "symlink to a file outside the library (not followed)")
        info = path.stat()
    except (OSError, RuntimeError) as error:
        reason = error.strerror if isinstance(error, OSError) else None
        return Skipped(rel, f"cannot be read: {reason or error}")
    if stat.S_ISDIR(info.st_mode):
        return Skipped(rel, "a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        return Skipped(rel, "not a regular file (FIFO, device or socket)")
    if info.st_size > max_bytes:
        return Skipped(rel, too_large(info.st_size, max_bytes))
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return Skipped(rel, f"cannot be read: {error.strerror or error}")
    if len(data) > max_bytes:
        return Skipped(rel, f"too large (> {_mb(max_bytes)} limit)")
    if b"\x00" in data and wide_codec(data) is None:
        return Skipped(rel, "binary file (contains NUL bytes)")
    return parse_briefing(data, rel, size=info.st_size, mtime_ns=storable_ns(info.st_mtime_ns))


def parse_briefing(data: bytes, rel: str, *, size: int, mtime_ns: int) -> Briefing:
    """Build a :class:`Briefing` from the bytes of a file already judged readable."""
    content_hash = hashlib.sha256(data).hexdigest()
    text, decode_problem = decode_bytes(data)
    problems = [decode_problem] if decode_problem else []
    normalized = normalize_newlines(text)
    text = clean_text(normalized)
    if text != normalized:
        problems.append("control characters replaced with visible placeholders")
    split = split_front_matter(text)
    problems.extend(split.problems)
    front = split.front
    body = split.body
    title = front.title or _first_heading(body) or _title_from_name(rel)
    if front.date is not None:
        when, inferred = front.date, False
    else:
        when, inferred = _mtime_date(mtime_ns), True
    return Briefing(
        path=rel,
        size=size,
        mtime_ns=mtime_ns,
        content_hash=content_hash,
        title=title,
        date=when,
        date_inferred=inferred,
        body=body,
        front_id=front.id,
        source=front.source,
        url=front.url,
        tags=front.tags,
        summary=front.summary,
        extra=front.extra,
        problems=problems,
    )


#: The range of a signed 64-bit integer, what SQLite stores.
_NS_MIN, _NS_MAX = -(2**63), 2**63 - 1


def storable_ns(mtime_ns: int) -> int:
    """A file time in nanoseconds, clamped to what SQLite can store.

    ext4 keeps times up to the year 2446 (``touch -d 2300-01-01``), past
    2262 and the 64-bit nanosecond range: storing one raised OverflowError
    and stopped every sync. Clamped the same way at the scan and the read,
    so the unchanged check still compares equal values.
    """
    return max(_NS_MIN, min(mtime_ns, _NS_MAX))


def _mtime_date(mtime_ns: int) -> datetime:
    """The date a file without one in its front matter is listed under."""
    try:
        return datetime.fromtimestamp(mtime_ns / 1e9).replace(microsecond=0)
    except (OverflowError, OSError, ValueError):  # outside what the platform can show
        return datetime(1970, 1, 1)


def _first_heading(body: str) -> str | None:
    match = _HEADING.search(body, 0, 65536)
    if match is None:
        return None
    text = match.group(1).rstrip(" \t")
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed[-1] in " \t"):
        text = unclosed  # "# Title ##": the closing sequence is not part of it
    title = clean_line(re.sub(r"[*_`]", "", text))
    return title or None


def _title_from_name(rel: str) -> str:
    stem = os.path.splitext(os.path.basename(rel))[0]
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or stem


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def too_large(size: int, limit: int) -> str:
    """The skip reason, with the two sizes told apart: a file a few bytes over
    the cap read "5.0 MB > 5.0 MB limit", which looks like a bug."""
    for digits in (1, 2, 3):
        shown = f"{size / (1024 * 1024):.{digits}f}"
        cap = f"{limit / (1024 * 1024):.{digits}f}"
        if shown != cap:
            return f"too large ({shown} MB > {cap} MB limit)"
    return f"too large ({size:,} bytes > {limit:,} bytes limit)"
