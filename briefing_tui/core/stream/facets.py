"""Facets: for a set of briefings (a search's matches), how many carry each tag, source,
month and claim status, each value with the query term that narrows to it.

The counts come from the values kept in memory (:mod:`.kept_facets`); the terms
are the query language's: ``tag:x``, ``source:="…"``, ``date:2024-03``,
``status:key``. A value no term can name (a tag holding a double quote) has
``term`` ``None``: it is counted but cannot narrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from briefing_tui.core.search.query import MAX_TOKEN_CHARS

_MONTH = re.compile(r"^\d{4}-\d{2}$")
_WORD = re.compile(r"[^\W_]+")
#: Characters that end a bare query word (or make it a prefix): such a tag is quoted.
_QUOTE_IF = re.compile(r'[\s()"*]')


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet: how many briefings of the set have it, and the term
    that narrows a query to them (``None`` when the query language cannot say it)."""

    value: str
    count: int
    term: str | None


@dataclass(frozen=True, slots=True)
class Facets:
    """The facets of a set of ``total`` briefings: tags, sources and claim statuses
    most first; months newest first. ``status`` counts briefings with at least one
    claim of that status."""

    total: int
    tag: list[FacetValue] = field(default_factory=list)
    source: list[FacetValue] = field(default_factory=list)
    month: list[FacetValue] = field(default_factory=list)
    status: list[FacetValue] = field(default_factory=list)

    def by_name(self) -> dict[str, list[FacetValue]]:
        return {
            "tag": self.tag,
            "source": self.source,
            "month": self.month,
            "status": self.status,
        }

    def as_json(self) -> dict[str, Any]:
        facets = {
            name: [{"value": v.value, "count": v.count, "term": v.term} for v in values]
            for name, values in self.by_name().items()
        }
        return {"total": self.total, "facets": facets}


def tag_term(tag: str) -> str | None:
    """``tag:x``; quoted when the tag holds what would end or widen a word."""
    if not tag or '"' in tag or len(tag) > MAX_TOKEN_CHARS:
        return None
    return f'tag:"{tag}"' if _QUOTE_IF.search(tag) else f"tag:{tag}"


def source_term(source: str) -> str | None:
    """``source:="…"``: exactly that source (case and spacing folded; double quotes,
    which a query cannot hold, read as spaces), so ``"Reuters"`` does not find
    *Reuters Africa*, as the phrase ``source:"Reuters"`` would."""
    words = " ".join(source.replace('"', " ").split())
    if not _WORD.search(words) or len(words) > MAX_TOKEN_CHARS:
        return None
    return f'source:="{words}"'


def month_term(month: str) -> str | None:
    return f"date:{month}" if _MONTH.match(month) else None


def status_term(status: str) -> str:
    return f"status:{status}"


def build_facets(total: int, counts: dict[str, list[tuple[str, int]]]) -> Facets:
    """:class:`Facets` from counts per facet (see :meth:`.KeptFacets.counts`)."""
    months = sorted(counts.get("month", []), key=lambda pair: pair[0], reverse=True)
    return Facets(
        total=total,
        tag=[FacetValue(v, n, tag_term(v)) for v, n in counts.get("tag", [])],
        source=[FacetValue(v, n, source_term(v)) for v, n in counts.get("source", [])],
        month=[FacetValue(v, n, month_term(v)) for v, n in months],
        status=[FacetValue(v, n, status_term(v)) for v, n in counts.get("status", [])],
    )


def narrow(query: str, term: str) -> str:
    """``query`` narrowed by ``term`` (what choosing a facet value puts in the box):
    the term ANDed at the end; a query with a top-level OR is put in parentheses;
    a query (without OR) that already holds the term is left as it is."""
    text = query.strip()
    if not text:
        return term
    if re.search(r"(^|\s)OR(\s|$)", text):
        text = f"({text})"
    elif re.search(rf"(^|\s){re.escape(term)}(\s|$)", text):
        return text  # already narrowed by it: "date:2005-06 date:2005-06" said nothing more
    return f"{text} {term}"
