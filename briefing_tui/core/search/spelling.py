"""What a search that found nothing offers instead: its words spelt as the library spells them.

``goverment`` said "No briefings match." and no more, though hundreds of
briefings say "government". Here each plain word of the query that no briefing
holds is put to Whoosh's corrector over the index's unstemmed words (the
``exact`` field: a stem, ``govern``, would read as a typo of its own), the
closest word the library holds, the most frequent among equals, first letter
kept. Only after a search found nothing, so its cost (a Levenshtein walk of the
words, 30-120 ms at 100,000 briefings) is never paid while results come.
"""

from __future__ import annotations

import re

from whoosh.searching import Searcher

from briefing_tui.core.search.query import QueryError, tokenize

#: The field of the words as written (lowercased, not stemmed).
WORDS_FIELD = "exact"
#: Words shorter than this are left alone: every two-letter typo is a word.
SHORTEST = 4
#: The most words of a query put to the corrector (each is a walk of the words).
MOST_WORDS = 6
_PLAIN = re.compile(r"[^\W_]+")


def corrected_query(searcher: Searcher, text: str) -> str | None:
    """``text`` with each of its plain words no briefing holds respelt as the closest
    one the library holds (``goverment minister`` → ``government minister``), or
    ``None`` when no word needs it, none has a likely spelling, or the query
    does not parse. Fields (``tag:``), phrases, wildcards and operators stay as typed."""
    try:
        tokens = tokenize(text, lenient=True)
    except QueryError:
        return None
    reader = searcher.reader()
    if WORDS_FIELD not in reader.schema:
        return None
    corrector = None
    fixed = text
    asked = 0
    for token in tokens:
        word = token.text.lower()
        if token.kind != "word" or len(word) < SHORTEST or not _PLAIN.fullmatch(word):
            continue
        if (WORDS_FIELD, word) in reader or asked >= MOST_WORDS:
            continue
        asked += 1
        corrector = corrector or searcher.corrector(WORDS_FIELD)
        maxdist = 1 if len(word) < 6 else 2
        found = corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1)
        if found and found[0] != word:
            fixed = re.sub(rf"(?<![\w:]){re.escape(token.text)}(?!\w)", found[0], fixed, count=1)
    return fixed if fixed != text else None
