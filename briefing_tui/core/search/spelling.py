"""What a search that found nothing offers instead: its words spelt as the library spells them.

``goverment`` said "No briefings match." and no more, though hundreds of
briefings say "government". Here each plain word of the query that no briefing
holds is put to Whoosh's corrector over the index's unstemmed words (the
``exact`` field: a stem, ``govern``, would read as a typo of its own), the
closest word the library holds, the most frequent among equals, first letter
kept. Only after a search found nothing, so its cost (a Levenshtein walk of the
words, 25-150 ms each at 100,000 briefings) is never paid while results come.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from whoosh.searching import Searcher
from whoosh.spelling import Corrector

from briefing_tui.core.search.query import QueryError, tokenize

#: The field of the words as written (lowercased, not stemmed).
WORDS_FIELD = "exact"
#: Words shorter than this are left alone: every two-letter typo is a word.
SHORTEST = 4
#: The library's words within reach of a typed one, ranked again (see ``_closest``).
CANDIDATES = 30
#: The most words of a query put to the corrector (each is a walk of the words).
MOST_WORDS = 6
_PLAIN = re.compile(r"[^\W_]+")


def corrected_query(
    searching: Callable[[], AbstractContextManager[Searcher]],
    text: str,
    wanted: Callable[[], bool] = lambda: True,
) -> str | None:
    """``text`` with each of its plain words no briefing holds respelt as the closest
    one the library holds (``goverment minister`` → ``government minister``), or
    ``None`` when no word needs it, none has a likely spelling, or the query
    does not parse. Words in a phrase are respelt too (``"prime minster"``);
    fields (``tag:``), wildcards, excluded words and operators stay as typed.

    ``searching`` lends the searcher one word at a time (a search typed meanwhile
    waits for one word's walk, not all of them); ``wanted`` going false (typed
    on) stops it between words."""
    try:
        tokens = tokenize(text, lenient=True)
    except QueryError:
        return None
    fixed, asked = text, 0
    for word in _words(tokens):
        if asked >= MOST_WORDS or not wanted():
            break
        with searching() as searcher:
            reader = searcher.reader()
            if WORDS_FIELD not in reader.schema or (WORDS_FIELD, word.lower()) in reader:
                continue
            asked += 1
            found = _closest(searcher, searcher.corrector(WORDS_FIELD), word.lower())
        if found is not None:
            fixed = _replaced(fixed, word, _cased_as(word, found))
    return fixed if fixed != text else None


def _cased_as(typed: str, found: str) -> str:
    """``found`` (the library's words are kept lowercase) written as ``typed`` was:
    ``Goverment`` → ``Government``, ``NATOO`` → ``NATO``, so the suggestion reads as
    the user's own query with one word mended."""
    if len(typed) > 1 and typed.isupper():
        return found.upper()
    if typed[:1].isupper():
        return found[:1].upper() + found[1:]
    return found


def _words(tokens: list[Any]) -> list[str]:
    """The words of plain terms and phrases, not those excluded (``-oil``, ``NOT oil``)."""
    words: list[str] = []
    excluded = False
    for token in tokens:
        if token.kind == "minus" or (token.kind == "op" and token.text.upper() == "NOT"):
            excluded = True
            continue
        plain = token.kind in ("word", "phrase", "open_phrase") and not token.text.endswith("*")
        if plain and not excluded:
            words += [w for w in _PLAIN.findall(token.text) if len(w) >= SHORTEST]
        excluded = False
    return words


#: A field and its value (``tag:x``, ``title:"two words"``): left as typed.
_FIELD = re.compile(r'[^\s:"()]+:(?:"[^"]*"?|[^\s()]+)')


def _replaced(text: str, word: str, found: str) -> str:
    """``text`` with its first ``word`` that is no field's value, nor excluded, made ``found``."""
    fields = [match.span() for match in _FIELD.finditer(text)]
    for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?!\w)", text):
        if not any(start <= match.start() < end for start, end in fields):
            return text[: match.start()] + found + text[match.end() :]
    return text


def _closest(searcher: Searcher, corrector: Corrector, word: str) -> str | None:
    """The library's word nearest ``word``, the most frequent among the nearest.

    Whoosh ranks what is within its edit distance by frequency alone, and counts
    two letters swapped as two edits: ``minstry`` gave "minister" over
    "ministry" (one edit), ``govermnet`` "governed" over "government" (a swap
    and a letter). Its candidates are ranked here again, by edits counting a
    swap as one (optimal string alignment), then by how many briefings hold them.
    """
    maxdist = 3 if len(word) >= 8 else 2 if len(word) >= 5 else 1
    found = corrector.suggest(word, limit=CANDIDATES, maxdist=maxdist, prefix=1)
    reader = searcher.reader()
    ranked = sorted(
        (_edits(word, other), -reader.doc_frequency(WORDS_FIELD, other), other)
        for other in found
        if other != word
    )
    if not ranked or ranked[0][0] > max(1, maxdist - 1):
        return None  # three edits (a swap counted as one) is another word
    return str(ranked[0][2])


def _edits(one: str, other: str) -> int:
    """Edits from ``one`` to ``other``: a letter added, dropped, changed, or two
    neighbours swapped (optimal string alignment distance)."""
    rows = [list(range(len(other) + 1))]
    for i, a in enumerate(one, start=1):
        row = [i]
        for j, b in enumerate(other, start=1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]
