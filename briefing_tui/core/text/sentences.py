"""Splitting plain text into sentences, for the reader's sentence cursor.

:func:`sentence_spans` cuts the core's plain text
(:func:`briefing_tui.core.text.plaintext.plain_text`) into ``(start, end)`` spans the
reader steps through and selects a claim's passage from. It knows English
punctuation and the usual abbreviations (:data:`ABBREVIATIONS`), not grammar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["ABBREVIATIONS", "sentence_spans"]

#: Words that end with a full stop without ending a sentence (compared case-sensitively:
#: "No. 5" is an abbreviation, "the answer was no." is not).
_ABBREVIATION_WORDS = """
    Mr Mrs Ms Mx Dr Prof Sr Jr St Mt Ft Rev Hon Fr Sgt Cpl Pvt Lt Capt Cmdr Col Gen Maj Adm
    Gov Sen Rep Pres Amb Supt Insp Det Messrs Mmes
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Thu Thur Thurs Fri
    No Nos Vol Vols Ch Fig Figs Eq Pp Inc Ltd Co Corp Bros Dept Univ Assn Ave Blvd
    vs etc approx cf al eg ie viz esp incl excl fig vol p pp ca dept
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

_TERMINATOR = re.compile(r"[.!?…]+[”\"’'»)\]]*")
_OPENERS = frozenset("“\"‘'«([")
_LEADING_PUNCTUATION = "“\"‘'«(["
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of the plain text as ``(start, end)``, for a sentence cursor.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or
    brackets, which stay in the sentence) followed by whitespace and a capital,
    a digit or an opening quote, or by the end of its block; a blank line always
    ends one, so headings and list items are sentences of their own. A full
    stop after a known abbreviation ("Mr.", "U.S.", "e.g."), a single capital
    ("J. Smith") or inside a number ("$1.5") does not end a sentence. Spans
    never include the whitespace around them.
    """
    spans: list[tuple[int, int]] = []
    for low, high in _blocks(text):
        start = low
        for end in _sentence_ends(text, low, high):
            _add_trimmed(spans, text, start, end)
            start = end
        _add_trimmed(spans, text, start, high)
    return spans


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the text between blank lines."""
    at = 0
    for gap in _BLOCK_BREAK.finditer(text):
        yield at, gap.start()
        at = gap.end()
    yield at, len(text)


def _sentence_ends(text: str, low: int, high: int) -> Iterator[int]:
    """Offsets inside ``[low, high)`` where a sentence ends (before the whitespace)."""
    for match in _TERMINATOR.finditer(text, low, high):
        end = match.end()
        following = end
        while following < high and text[following].isspace():
            following += 1
        if following == high:
            continue  # the block's end closes the sentence anyway
        if following == end:
            continue  # "1.5", "U.S", "e.g": no space after the mark
        nxt = text[following]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        if match.group().rstrip("”\"’'»)]") == "." and _is_abbreviation(text, low, match.start()):
            continue
        yield end


def _is_abbreviation(text: str, low: int, dot: int) -> bool:
    """Whether the word just before the full stop at ``dot`` is an abbreviation."""
    begin = dot
    while begin > low and not text[begin - 1].isspace():
        begin -= 1
    word = text[begin:dot].lstrip(_LEADING_PUNCTUATION)
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    return _DOTTED.fullmatch(word) is not None  # "U.S", "e.g", "a.m"


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append ``[start, end)`` without its surrounding whitespace, unless empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
