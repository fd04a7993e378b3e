"""What a search gives back: hits, the ids of every match, snippets as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

SortKey = Literal["relevance", "date", "title"]

SORTS: tuple[SortKey, ...] = ("relevance", "date", "title")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window of a document's text and the (start, end) offsets of matches in it.

    ``text_matches`` are the same kind of matches as offsets into the briefing's
    whole plain text (the text claims are anchored in), the first 64 of them.
    """

    text: str
    matches: tuple[tuple[int, int], ...] = ()
    text_matches: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class Hit:
    id: str
    path: str
    title: str
    date: datetime | None
    source: str
    tags: list[str]
    score: float
    snippet: Snippet | None = None


@dataclass(slots=True)
class SearchResults:
    """The first ``limit`` hits in full, and the ids of every match in order."""

    query: str
    hits: list[Hit]
    ids: list[str]
    total: int
    partial: bool = False
    elapsed: float = 0.0
    terms: frozenset[str] = field(default_factory=frozenset)
    #: The terms matched in the body (not the title or source): what the reader
    #: highlights and jumps to. A ``title:oil`` search has none.
    body_terms: frozenset[str] = field(default_factory=frozenset)
    #: The order the matches are listed in: ``"date"`` (newest first) for a
    #: relevance search with nothing to rank (an empty query, ``is:`` terms alone)
    #: or a last word of under four letters still being typed.
    listed_by: SortKey = "relevance"
    #: No word of the query is indexed (``!!!``, ``the``): while typing it lists
    #: nothing rather than being refused, and the search box says why.
    nothing_indexed: bool = False
