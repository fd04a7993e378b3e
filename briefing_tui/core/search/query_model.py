"""The query language's syntax tree: what :func:`.query.parse` makes and
:mod:`.compile` turns into a Whoosh query, apart from the parser so that the
date spans (:mod:`.date_spans`) can be made without it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class QueryError(ValueError):
    """A query that cannot be run; ``str()`` is the reason, for a person."""


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    prefix: bool = False
    #: The word the user is still typing (as-you-type expands it as a prefix).
    last: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class DateSpan:
    start: datetime | None
    end: datetime | None
    """Exclusive."""


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Word | Phrase | DateSpan | Not | And | Or
