"""An imported file once checked (documents and claims), and the checker that reads it.

Every value of a parsed file goes through :class:`Checker`, which fails with
where in the file and what is wrong; nothing is written before the whole
file is read.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, NoReturn, overload

from briefing_tui.core.claims.anchoring import Selector
from briefing_tui.core.text.sanitize import clean_line

from .errors import ExchangeError, NoPassage
from .times import as_local

#: Longest id (of a document or a claim) an imported file may carry.
MAX_ID = 200
#: Largest character offset an imported file may carry (SQLite stops at 2**63).
MAX_OFFSET = 2**40


@dataclass
class IncomingDocument:
    id: str
    title: str
    date: str = ""
    path: str | None = None
    source: str | None = None
    url: str | None = None
    content_hash: str = ""
    front_tags: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reading: tuple[float, str] | None = None
    #: When it was marked read, and its content hash then (``None``: unread).
    read: tuple[str, str] | None = None
    #: The file's reading position was not a place in a briefing (left out).
    bad_reading: bool = False
    #: Another tool's name for the briefing (a path, an id, a ``file:`` or web URL).
    hint: str | None = None


@dataclass
class IncomingClaim:
    id: str
    doc_id: str
    selector: Selector
    content_hash: str
    note: str
    tags: list[str]
    status: str
    anchor: str
    candidate: tuple[int, int, str] | None
    created: str
    updated: str
    credibility: int | None = None
    event_date: str | None = None
    #: The file says the claim's credibility and event date (a version 1 file does not:
    #: the claim keeps those it has here).
    rated: bool = False
    #: The file says where the quote stands (a position): without one (a bare quote,
    #: as Hypothesis and others may write), the quote found is where it is, not moved.
    positioned: bool = True


@dataclass(frozen=True)
class IncomingLink:
    """A link between two claims of the file (by the file's claim ids)."""

    from_id: str
    relation: str
    to_id: str
    created: str


@dataclass(frozen=True)
class IncomingSource:
    """A source's rating: its name as rated, its grade, note and when it was rated."""

    name: str
    reliability: str | None
    note: str
    updated: str


@dataclass
class Incoming:
    """A checked file, ready to import."""

    format: str  # "json" or "w3c"
    version: int
    documents: dict[str, IncomingDocument]
    claims: list[IncomingClaim]
    #: Saved searches (name, query, created), in the file's order.
    saved: list[tuple[str, str, str]] = field(default_factory=list)
    links: list[IncomingLink] = field(default_factory=list)
    sources: list[IncomingSource] = field(default_factory=list)
    #: Parts of another tool's annotations a claim has no place for (a ``creator``, a
    #: body without text...), by kind, with how many: reported, not lost without a word.
    left_out: dict[str, int] = field(default_factory=dict)


class Checker:
    """Reads values out of a parsed file, failing with where and what is wrong."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, message: str) -> NoReturn:
        raise ExchangeError(f"{self.name} cannot be imported: {where}: {message}")

    def no_passage(self, where: str, message: str) -> NoReturn:
        """As :meth:`fail`, for an annotation without a quoted passage (see :class:`NoPassage`)."""
        raise NoPassage(f"{self.name} cannot be imported: {where}: {message}")

    def object(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, found {_kind(value)}")
        return value

    def list(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, f"expected a list, found {_kind(value)}")
        return value

    @overload
    def text(
        self, obj: dict[str, Any], key: str, where: str, *, null: Literal[False] = False
    ) -> str: ...

    @overload
    def text(self, obj: dict[str, Any], key: str, where: str, *, null: bool) -> str | None: ...

    def text(self, obj: dict[str, Any], key: str, where: str, *, null: bool = False) -> str | None:
        if key not in obj:
            self.fail(where, f"'{key}' is missing")
        value = _literal(obj[key])
        if value is None and null:
            return None
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", f"expected text, found {_kind(value)}")
        return value

    def optional_text(self, obj: dict[str, Any], key: str, where: str) -> str | None:
        """The text at ``key``, ``None`` when there is no ``key`` or it is ``null`` (JSON-LD
        ignores a key whose value is null). Any other kind (a list, an object, a number,
        true/false) is refused: read as text it crashed the reader (a list is no dict
        key) or became text of its own (``"['x']"``)."""
        return self.text(obj, key, where) if _literal(obj.get(key)) is not None else None

    def names(self, obj: dict[str, Any], key: str, where: str) -> builtins.list[str]:
        """A value of one text or a list of them (a JSON-LD ``type``, ``purpose``,
        ``motivation``, ``via``); ``[]`` when there is no ``key``. Anything else is
        refused rather than read as no value: a claim's rating must not turn silently
        into a note because its ``purpose`` was a number."""
        value = obj.get(key)
        if value is None:  # absent, or null: JSON-LD ignores the key
            return []
        if isinstance(value, str):
            return [value]
        values = [item for item in self.list(value, f"{where}.{key}") if item is not None]
        for number, item in enumerate(values):
            if not isinstance(item, str):
                self.fail(f"{where}.{key}[{number}]", f"expected text, found {_kind(item)}")
        return values

    def references(self, value: Any, where: str) -> builtins.list[Any]:
        """A ``body`` or ``target``: an IRI or an object, or a list of them; a number,
        true/false or null (as it or in the list) is refused, as in a claim's body."""
        values = value if isinstance(value, builtins.list) else [value]
        values = [item for item in values if item is not None]  # JSON-LD drops nulls
        for number, item in enumerate(values):
            if not isinstance(item, str | dict):
                at = f"{where}[{number}]" if isinstance(value, builtins.list) else where
                self.fail(at, f"expected an IRI or an object, found {_kind(item)}")
        return values

    def identity(self, obj: dict[str, Any], key: str, where: str) -> str:
        value = self.text(obj, key, where)
        if not value or len(value) > MAX_ID or clean_line(value) != value:
            self.fail(f"{where}.{key}", f"{value[:40]!r} is not a usable id")
        return value

    def integer(self, obj: dict[str, Any], key: str, where: str) -> int:
        if key not in obj:
            self.fail(where, f"'{key}' is missing")
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(f"{where}.{key}", f"expected a whole number >= 0, found {value!r:.40}")
        if value > MAX_OFFSET:
            self.fail(f"{where}.{key}", f"{str(value)[:20]}... is too large for a position")
        return value

    def texts(self, obj: dict[str, Any], key: str, where: str) -> builtins.list[str]:
        values = self.list(obj.get(key), f"{where}.{key}")
        for number, value in enumerate(values):
            if not isinstance(value, str):
                self.fail(f"{where}.{key}[{number}]", f"expected text, found {_kind(value)}")
        return values

    def time(self, obj: dict[str, Any], key: str, where: str) -> str:
        value = self.text(obj, key, where)
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail(f"{where}.{key}", f"{value[:40]!r} is not an ISO date and time")
        if not _in_range(moment):
            self.fail(f"{where}.{key}", f"{value[:40]!r} is out of range (years 1900 to 9998)")
        return value

    def choice(self, obj: dict[str, Any], key: str, where: str, allowed: Sequence[str]) -> str:
        value = self.text(obj, key, where)
        if value not in allowed:
            self.fail(f"{where}.{key}", f"{value[:40]!r} is not one of {', '.join(allowed)}")
        return value


def _literal(value: Any) -> Any:
    """A JSON-LD value object's value: ``{"@value": "bonjour", "@language": "fr"}`` is
    the text ``bonjour`` (a language-tagged string, valid wherever a string is); any
    other value as it is."""
    if isinstance(value, dict) and "@value" in value:
        return value["@value"]
    return value


def _in_range(moment: datetime) -> bool:
    """A time every zone can convert (to local and to UTC) and that a claim can carry."""
    try:
        as_local(moment.isoformat())
        (moment if moment.tzinfo else moment.astimezone()).astimezone(UTC)
    except (ValueError, OverflowError):
        return False
    return 1900 <= moment.year <= 9998


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "nothing" if value is None else "a number"
    )
