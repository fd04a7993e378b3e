"""The analyst's words: how claims relate, how sources and claims are rated, event dates.

A claim can **support**, **contradict**, **repeat** (the same claim, another
source) or **cite** (quote) another claim; seen from the other claim the link
reads "supported by", "contradicted by", "repeated by", "cited by". A source
is rated for reliability A to F and a claim for credibility 1 to 6 (the NATO
Admiralty code), shown together as analysts read them ("B2"). An event date
is when the reported thing happened, an ISO date.

Every check here raises :class:`VocabularyError` with a sentence a person can
act on; the query language, the CLI and imports all use them, so a value is
refused the same way wherever it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Literal

Relation = Literal["support", "contradict", "repeat", "cite"]
RELATIONS: tuple[Relation, ...] = ("support", "contradict", "repeat", "cite")
#: How a link reads from the claim it points at.
INVERSES: dict[Relation, str] = {
    "support": "supported by",
    "contradict": "contradicted by",
    "repeat": "repeated by",
    "cite": "cited by",
}
#: Relations that say the same read either way: B contradicts A if A contradicts B, so
#: one link per pair (A to B and B to A are the same link).
SYMMETRIC: frozenset[Relation] = frozenset({"contradict", "repeat"})
#: The words a relation may be typed as (``links:contradicts``, ``briefing link A support B``).
_RELATION_WORDS: dict[str, Relation] = {
    **{name: name for name in RELATIONS},
    **{f"{name}s": name for name in RELATIONS},
}

RELIABILITIES = "ABCDEF"
#: The Admiralty code's words for each grade of a source's reliability.
RELIABILITY_MEANINGS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITIES = (1, 2, 3, 4, 5, 6)
#: The Admiralty code's words for each grade of a piece of information's credibility.
CREDIBILITY_MEANINGS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
#: Longest note on a source's rating.
MAX_SOURCE_NOTE = 2000

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class VocabularyError(ValueError):
    """A relation, rating or date that is not one; ``str()`` says what would be."""


def check_relation(value: str) -> Relation:
    """A relation from what a person typed (``contradicts`` is ``contradict``)."""
    relation = _RELATION_WORDS.get(value.strip().lower())
    if relation is None:
        raise VocabularyError(f"{_shown(value)!r} is not a relation (use {', '.join(RELATIONS)})")
    return relation


def check_reliability(value: str) -> str:
    """A reliability grade, A to F (``b`` is ``B``)."""
    grade = value.strip().upper()
    if len(grade) != 1 or grade not in RELIABILITIES:
        raise VocabularyError(
            f"reliability {_shown(value)!r} is not a grade from A (completely reliable) "
            "to F (cannot be judged)"
        )
    return grade


def check_credibility(value: int | str) -> int:
    """A credibility grade, 1 to 6."""
    text = str(value).strip()
    if not text.isdigit() or int(text) not in CREDIBILITIES:
        raise VocabularyError(
            f"credibility {_shown(text)!r} is not a grade from 1 (confirmed by other sources) "
            "to 6 (cannot be judged)"
        )
    return int(text)


def check_event_date(value: str) -> str:
    """An event date: an ISO date, ``YYYY-MM-DD`` (``2024-03-05``)."""
    text = value.strip()
    if _ISO_DAY.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError as error:
            raise VocabularyError(
                f"event date {_shown(text)!r} is not a valid date ({error})"
            ) from error
    raise VocabularyError(f"event date {_shown(text)!r} is not an ISO date (use YYYY-MM-DD)")


def rating(reliability: str | None, credibility: int | None) -> str | None:
    """The rating analysts read, ``B2``; ``?`` for the half not rated, ``None`` for neither."""
    if reliability is None and credibility is None:
        return None
    return f"{reliability or '?'}{credibility if credibility is not None else '?'}"


def source_key(name: str | None) -> str:
    """A source as one key: the front matter's ``source`` with case, width and spacing
    folded (``Reuters``, ``REUTERS`` and ``reuters `` are one source); ``""`` for none."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(folded.split())


def _shown(text: str) -> str:
    from briefing_tui.core.text.sanitize import clean_line

    flat = clean_line(text)
    return flat if len(flat) <= 40 else flat[:39] + "…"
