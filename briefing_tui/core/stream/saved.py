"""Saved searches (watch queries) as the app and the CLI show them, and ``@NAME``.

A saved search is kept as typed (:mod:`..store.saved_searches`). Listed with
counts, each one's query is matched as a set (no ranking) on one searcher, and
a query that no longer parses is listed with its error, never dropped.
``@NAME`` in a search box or ``briefing search @NAME`` runs one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing_tui.core.store import SavedRow, SavedSearchError


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A saved search; ``matches`` and ``unread`` when counted, ``error`` when its
    query does not parse (then it has no counts)."""

    name: str
    query: str
    position: int
    created: str
    matches: int | None = None
    unread: int | None = None
    error: str | None = None

    @classmethod
    def of(cls, row: SavedRow) -> SavedSearch:
        return cls(row.name, row.query, row.position, row.created)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "query": self.query,
            "position": self.position,
            "created": self.created,
            "matches": self.matches,
            "unread": self.unread,
        }
        if self.error is not None:
            data["error"] = self.error
        return data


def saved_parts(text: str, rows: list[SavedRow]) -> tuple[str, str] | None:
    """``@NAME [more terms]`` as the saved query and the terms after the name (``""``:
    none), stripped; ``None`` when ``text`` does not start with ``@``. Raises
    :class:`SavedSearchError` for a name that is not saved."""
    stripped = text.strip()
    if not stripped.startswith("@"):
        return None
    wanted = stripped[1:]
    row = _find(wanted, rows)
    rest = ""
    if row is None and wanted.split():
        first, _, rest = wanted.partition(" ")
        row = _find(first, rows)
    if row is None:
        raise _unknown(wanted, rows)
    return row.query.strip(), rest.strip()


def _unknown(wanted: str, rows: list[SavedRow]) -> SavedSearchError:
    shown = wanted if len(wanted) <= 60 else wanted[:59] + "…"
    names = ", ".join(r.name for r in rows[:8]) + (", …" if len(rows) > 8 else "")
    known = f" (saved: {names})" if rows else " (none are saved)"
    return SavedSearchError(f"no saved search named {shown!r}{known}")


def _word_starts(text: str, at: int) -> bool:
    return at == 0 or text[at - 1].isspace() or text[at - 1] == "("


def names_in(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` names saved searches after its start (``oil NOT @energy``):
    each ``@NAME`` beginning a word (or after its ``-``: ``oil -@energy``), outside
    quotes, as (start, end, name). An ``@`` inside a word (``a@b.org``) or a phrase
    (``"@bbc"``) names none."""
    spans: list[tuple[int, int, str]] = []
    quoted = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            quoted = not quoted
        elif (
            char == "@"
            and not quoted
            and _word_starts(text, i - 1 if text[i - 1 : i] == "-" else i)
        ):
            end = i + 1
            while end < len(text) and not text[end].isspace() and text[end] not in '()"':
                end += 1
            if end > i + 1:
                spans.append((i, end, text[i + 1 : end]))
            i = end
            continue
        i += 1
    return spans


def expand_names(text: str, rows: list[SavedRow]) -> str:
    """``text`` with each ``@NAME`` (see :func:`names_in`) replaced by its saved
    query in parentheses: ``@sport NOT @energy`` had ``@energy`` searched as the
    word *energy*, a plausible count of the wrong thing. Raises
    :class:`SavedSearchError` for a name that is not saved (quoted, ``"@bbc"`` is
    searched as a word) or whose query names another saved search."""
    spans = names_in(text)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end, name in spans:
        row = _find(name, rows)
        if row is None:
            raise SavedSearchError(f'{_unknown(name, rows)}; "@{name}" searches the word')
        if names_in(row.query):
            raise SavedSearchError(
                f"@{name} stands for {row.query.strip()!r}: "
                "a saved search cannot run another saved search"
            )
        parts += [text[last:start], f"({row.query.strip()})"]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _find(name: str, rows: list[SavedRow]) -> SavedRow | None:
    name = " ".join(name.split())
    for row in rows:
        if row.name == name:
            return row
    folded = [row for row in rows if row.name.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None
