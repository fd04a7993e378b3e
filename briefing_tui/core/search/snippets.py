"""Snippets and highlights: where a search's words are in a text, found cheaply."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from whoosh.analysis import STOP_WORDS
from whoosh.index import FileIndex
from whoosh.lang.porter import stem as porter_stem
from whoosh.searching import Searcher

from briefing_tui.core.search.index import EMOJI_PATTERN, WORD_PATTERN
from briefing_tui.core.text.forms import composed_view

from .results import Snippet

SNIPPET_CHARS = 220

SNIPPET_SCAN_CHARS = 200_000
#: How far back from its width a passage may end to end after a word (a longer
#: word is cut where the width falls).
_WORD_ROOM = 30

_TOKEN = re.compile(WORD_PATTERN)
_EMOJI = re.compile(EMOJI_PATTERN)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    stemmed: str = porter_stem(word)  # Whoosh is untyped
    return stemmed


#: Marks a body highlight of the query read as finished (no word a prefix), beside those
#: of the query as typed; no word of the index holds it (see :mod:`.highlights`).
WHOLE_WORD = "="


def match_spans(
    text: str, terms: frozenset[str] | set[str], limit: int = 10_000
) -> list[tuple[int, int]]:
    """Offsets of words in ``text`` that match ``terms`` exactly or by stem; a term
    holding spaces is a phrase (its words' stems, as :func:`~.highlights.body_highlights`
    gives it), matched only where its words stand in a row.

    A regular expression of the terms as word prefixes finds the candidates
    (stems are nearly always prefixes of their words) at C speed; only those
    words are stemmed to confirm, instead of stemming every word of the text.
    """
    spans: list[tuple[int, int]] = []
    if not terms:
        return spans
    finished = frozenset(term[1:] for term in terms if term.startswith(WHOLE_WORD))
    if finished:
        # As typed, then enter: the words as typed where the text has them, else what
        # they began ("EU" opened on "European", "bank" on "bankruptcy").
        found = match_spans(text, finished, limit)
        rest = frozenset(term for term in terms if not term.startswith(WHOLE_WORD))
        return found or match_spans(text, rest, limit)
    if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        # Decomposed accents (see .text.forms): the words found in the text composed,
        # as the index has them, and their offsets mapped back to the text as it is.
        whole, starts = composed_view(text)
        found = _words_and_phrases(whole, terms, limit)
        return [(starts[start], starts[end]) for start, end in found]
    return _words_and_phrases(text, terms, limit)


def _words_and_phrases(
    text: str, terms: frozenset[str] | set[str], limit: int
) -> list[tuple[int, int]]:
    """:func:`match_spans` in ``text`` as it is: the words, and the phrases whole.

    A phrase's words alone are not matches: ``"33.5bn euros"`` marked every lone
    "euros" and the reader opened on the first of them, parts away from the phrase.
    """
    phrases = [term.split(" ") for term in terms if " " in term]
    if not phrases:
        return _spans(text, terms, limit)
    words = frozenset(term for term in terms if " " not in term)
    spans = _spans(text, words, limit) if words else []
    spans += _phrase_spans(text, phrases, limit)
    spans.sort()
    kept: list[tuple[int, int]] = []
    for start, end in spans:  # a word inside a phrase found is part of it
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end)
            continue
        kept.append((start, end))
    return kept[:limit]


def _phrase_spans(text: str, phrases: list[list[str]], limit: int) -> list[tuple[int, int]]:
    """Where each phrase stands: its words in a row, nothing between them but spaces,
    marks and stop words (the index leaves those out of phrases too)."""
    wanted = frozenset(word for phrase in phrases for word in phrase)
    # Bounded by what is asked: a preview's snippet (64) does not walk every candidate.
    found = _spans(text, wanted, min(100_000, max(limit, 1) * 50))
    keys = [_term_of(text[start:end], wanted) for start, end in found]
    runs: list[tuple[int, int]] = []
    for first in range(len(found)):
        for phrase in phrases:
            last = first + len(phrase) - 1
            if last >= len(found) or keys[first : last + 1] != phrase:
                continue
            if all(_stops_only(text[found[i][1] : found[i + 1][0]]) for i in range(first, last)):
                runs.append((found[first][0], found[last][1]))
                break
        if len(runs) >= limit:
            break
    return runs


def _term_of(word: str, terms: frozenset[str]) -> str:
    """The term a word matched: itself, or its stem."""
    lowered = word.lower()
    return lowered if lowered in terms else _stem(lowered)


def _stops_only(gap: str) -> bool:
    """Whether what stands between two words of a phrase holds no word the index keeps."""
    return all(word.lower() in STOP_WORDS for word in _TOKEN.findall(gap))


#: The most that may stand between two of a search's words for them to be one match.
_JOINED_GAP = 12


def joined_runs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` (in order) with those next to each other joined into one: between
    them only spaces, marks or stop words, within a paragraph. The reader's "Search
    match 2 of 5" counts ``prime minister`` (and ``U.K. but``, ``$1.5bn; £800m``)
    once where it stands, not once for each of its words."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        gap = text[joined[-1][1] : start] if joined else ""
        if joined and len(gap) <= _JOINED_GAP and "\n\n" not in gap and _stops_only(gap):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _spans(text: str, terms: frozenset[str] | set[str], limit: int) -> list[tuple[int, int]]:
    """:func:`match_spans` in ``text`` as it is."""
    spans: list[tuple[int, int]] = []
    chosen = frozenset(terms)
    lowered = text.lower()
    pattern = _lowered_candidates(chosen)
    if pattern is None or len(lowered) != len(text):
        # Lowering moved offsets (a letter lowered to two), or emoji (no word
        # boundary around them): the candidates looked for case-blind in place.
        for candidate in _candidates(chosen).finditer(text):
            if _confirmed(candidate.group(), terms):
                spans.append(candidate.span())
                if len(spans) >= limit:
                    break
        return spans
    # In the lowered text, the words' beginnings are plain letters that the
    # regular expression engine looks for at C speed; the word boundary (which
    # stops that search, as case-blindness does) is checked at each one found.
    # A tenth of the time: the text of a briefing whose title alone matched was
    # scanned a letter at a time (a third of a ``title:`` search).
    position = 0
    while len(spans) < limit and (match := pattern.search(lowered, position)) is not None:
        start, end = match.span()
        if _BOUNDARY.match(lowered, start) is None:
            position = start + 1  # inside a word: the next beginning may be in it
            continue
        if _confirmed(text[start:end], terms):
            spans.append((start, end))
        position = end
    return spans


def _confirmed(word: str, terms: frozenset[str] | set[str]) -> bool:
    """Whether a candidate word is one of ``terms``, as it is or by its stem."""
    word = word.lower()
    return word in terms or _stem(word) in terms


_BOUNDARY = re.compile(r"\b")


@lru_cache(maxsize=256)
def _lowered_candidates(terms: frozenset[str]) -> re.Pattern[str] | None:
    """:func:`_candidates` in a lowered text, the word boundary before them
    left to the caller; ``None`` for emoji (no boundary around them)."""
    if any(map(_EMOJI.fullmatch, terms)):
        return None
    stems = {term[:3] if len(term) > 3 else term for term in terms}
    return re.compile(rf"(?:{_letter_tree(stems)})\w*(?:\.?\w+)*" if stems else "(?!)")


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern[str]:
    """Words starting with the first three letters of any term.

    The beginnings are one alternation shaped as a tree of their letters:
    a flat list of a hundred (a query of prefixes) is tried one by one at
    every word, which was most of a snippet's time; the tree tries each
    letter once. Its longer branches come first, as the list's longest
    beginnings did, so a word is matched the same way.
    """
    words = {term for term in terms if not _EMOJI.fullmatch(term)}
    stems = {term[:3] if len(term) > 3 else term for term in words}
    found = [rf"\b(?:{_letter_tree(stems)})\w*(?:\.?\w+)*"] if stems else []
    # Emoji (see index.EMOJI_PATTERN) are words of their own with no word boundary
    # around them: each is looked for as it is, a flag before a lone pictograph.
    emoji = sorted(terms - words, key=len, reverse=True)
    found.extend(re.escape(term) for term in emoji)
    return re.compile("|".join(found) or "(?!)", re.IGNORECASE)


def _letter_tree(words: set[str]) -> str:
    """``words`` as a regular expression branching letter by letter, each
    branch before the end of a shorter word at the same place."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}
    return _branches(root)


def _branches(node: dict[str, Any]) -> str:
    branches = [re.escape(key) + _branches(child) for key, child in sorted(node.items()) if key]
    if "" in node:
        branches.append("")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def make_snippet(
    text: str, terms: frozenset[str] | set[str], width: int = SNIPPET_CHARS
) -> Snippet:
    """A window around the first match (or the start), with match offsets."""
    scan = text[:SNIPPET_SCAN_CHARS]
    spans = match_spans(scan, terms, limit=64)
    if not spans:  # the start, cut after a word (it was cut mid-word: "from full-ba")
        flat = " ".join(scan[: width * 2].split())
        if len(flat) <= width:
            return Snippet(flat)
        cut = flat.rfind(" ", 0, width + 1)  # a word ending at the width stays
        return Snippet(flat[: cut if cut > width - _WORD_ROOM else width] + "…")
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start > 0:
        space = scan.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(scan), start + width)
    if end < len(scan):  # end after a word, not in one
        space = scan.rfind(" ", start, end + 1)
        end = space if space > end - _WORD_ROOM and space > first else end
    window = scan[start:end]
    flat = _WHITESPACE.sub(" ", window)
    matches = tuple(
        (_flat_offset(window, s - start), _flat_offset(window, e - start))
        for s, e in spans
        if s >= start and e <= end
    )
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(scan) else ""
    shifted = tuple((s + len(prefix), e + len(prefix)) for s, e in matches)
    return Snippet(prefix + flat + suffix, shifted, tuple(spans))


def _flat_offset(raw: str, offset: int) -> int:
    """Where ``offset`` of ``raw`` lands once its whitespace runs are one space
    each; inside a run, just after that space. Worked out for the few offsets
    asked (a snippet's matches) instead of a map of every one of its offsets,
    which was a third of a search's time for 20 hits."""
    return len(_WHITESPACE.sub(" ", raw[:offset]))


_WHITESPACE = re.compile(r"\s+")


def snippet_for_ids(
    source: FileIndex | Searcher, ids: Sequence[str], terms: frozenset[str]
) -> dict[str, Snippet]:
    """Snippets for documents by id (the TUI's preview asks for one at a time)."""
    if not isinstance(source, Searcher):
        with source.searcher() as searcher:
            return snippet_for_ids(searcher, ids, terms)
    found: dict[str, Snippet] = {}
    for doc_id in ids:
        docnum = source.document_number(id=doc_id)
        if docnum is not None:
            body = source.stored_fields(docnum).get("body", "")
            found[doc_id] = make_snippet(body, terms)
    return found
