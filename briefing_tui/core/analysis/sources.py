"""Sources and their reliability: every source the library's briefings name, folded to
one key per source, with its counts and its rating.

A source is the front matter's ``source``; ``Reuters``, ``REUTERS`` and
``reuters`` are one source (:func:`..claims.vocabulary.source_key`). Rating
one names it by any of its spellings; a name no briefing uses, and that was
never rated, is refused (:class:`.UnknownSource`).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from briefing_tui.core.claims.vocabulary import (
    MAX_SOURCE_NOTE,
    check_reliability,
    source_key,
)
from briefing_tui.core.text.sanitize import clean_line, clean_text

from ..store import SourceRow, Store
from .model import AnalysisError, SourceInfo, UnknownSource


def list_sources(store: Store) -> list[SourceInfo]:
    """Every source a briefing names or that was rated: most briefings first, then by name."""
    briefings: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for written, present, claimed in store.source_counts():
        key = source_key(written)
        if not key:
            continue
        briefings[key] += present
        claims[key] += claimed
        spellings.setdefault(key, Counter())[written] += max(present, 1)
    for written in store.distinct_sources():  # briefings whose file is gone, or claimless
        key = source_key(written)
        if key and key not in spellings:
            spellings[key] = Counter({written: 1})
    ratings = store.source_ratings()
    found = []
    for key in set(spellings) | set(ratings):
        row = ratings.get(key)
        names = spellings.get(key)
        # The spelling most briefings use; among equals one in mixed case ("Reuters"
        # before "REUTERS" and "reuters"), then the first in order, for a stable name.
        name = (
            sorted(names.items(), key=_spelling_order)[0][0] if names else row.name if row else key
        )
        found.append(
            SourceInfo(
                key=key,
                name=name,
                briefings=briefings[key],
                claims=claims[key],
                reliability=row.reliability if row else None,
                note=row.note if row else "",
                updated=row.updated if row else None,
            )
        )
    return sorted(found, key=lambda info: (-info.briefings, info.name.casefold(), info.key))


def _spelling_order(item: tuple[str, int]) -> tuple[int, bool, bool, str]:
    name, count = item
    return (-count, name.isupper(), name.islower(), name)


def find_source(store: Store, name: str) -> SourceInfo:
    """The source named ``name`` (any spelling); :class:`.UnknownSource` if none is."""
    key = source_key(clean_line(name))
    if not key:
        raise UnknownSource("give the source's name, as briefings name it")
    for info in list_sources(store):
        if info.key == key:
            return info
    raise UnknownSource(
        f"no briefing has the source {clean_line(name)[:80]!r} (`briefing sources` lists them)"
    )


def rate_source(
    store: Store, name: str, *, reliability: str | None = None, note: str | None = None
) -> SourceInfo:
    """Rate a source: ``reliability`` a grade A to F (``""`` clears it), ``note`` a note
    (``""`` clears it); ``None`` leaves either as it is. One transaction."""
    if reliability is None and note is None:
        raise AnalysisError("nothing to change: give a reliability (A to F) or a note")
    grade = check_reliability(reliability) if reliability else None
    cleaned = clean_text(note).strip() if note is not None else None
    if cleaned is not None and len(cleaned) > MAX_SOURCE_NOTE:
        raise AnalysisError(
            f"the note is {len(cleaned)} characters long (a source's note holds {MAX_SOURCE_NOTE})"
        )
    info = find_source(store, name)
    row = SourceRow(
        key=info.key,
        name=info.name,
        reliability=info.reliability if reliability is None else grade,
        note=info.note if cleaned is None else cleaned,
        updated=datetime.now().isoformat(timespec="seconds"),
    )
    store.set_source_rating(row.key, row.name, row.reliability, row.note, row.updated)
    return find_source(store, info.name)


def reliabilities(store: Store) -> dict[str, str]:
    """The grade of every rated source, by key."""
    return {
        key: row.reliability
        for key, row in store.source_ratings().items()
        if row.reliability is not None
    }
