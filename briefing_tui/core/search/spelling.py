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


def corrected_query(searcher: Searcher, text: str) -> str | None:
    """``text`` with each of its plain words no briefing holds respelt as the closest
    one the library holds (``goverment minister`` → ``government minister``), or
    ``None`` when no word needs it, none has a likely spelling, or the query
    does not parse. Words in a phrase are respelt too (``"prime minster"``);
    fields (``tag:``), wildcards and operators stay as typed."""
    try:
        tokens = tokenize(text, lenient=True)
    except QueryError:
        return None
    reader = searcher.reader()
    if WORDS_FIELD not in reader.schema:
        return None
    words = [
        word
        for token in tokens
        if token.kind in ("word", "phrase", "open_phrase")
        for word in _PLAIN.findall(token.text)
        if len(word) >= SHORTEST and not token.text.endswith("*")
    ]
    fixed, asked = text, 0
    corrector = None
    for word in words:
        lowered = word.lower()
        if (WORDS_FIELD, lowered) in reader or asked >= MOST_WORDS:
            continue
        asked += 1
        corrector = corrector or searcher.corrector(WORDS_FIELD)
        found = _closest(searcher, corrector, lowered)
        if found is not None:
            fixed = re.sub(rf"(?<![\w:]){re.escape(word)}(?!\w)", found, fixed, count=1)
    return fixed if fixed != text else None


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
