"""The index's text fields analysed in a few steps per word instead of Whoosh's chain.

Whoosh analyses a field by passing one token object through a chain of
generators (tokenizer, lowercasing, stop words, stemming) and then counts or
positions the words in the field's format: a dozen Python steps per word, and
more than 700,000 words for 1,000 imported news pages, about a third of an
import's indexing. The chains the schema uses (see :func:`.index.make_schema`)
are read here from the field itself, step by step, and run as one loop that
gives Whoosh exactly what ``field.index(text)`` would: the same words, counts,
weights, positions and encoded values. A field with any other chain (an
index of another schema) is left to Whoosh: :func:`fast_index_for` returns
``None`` for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from re import Pattern
from typing import Any

from whoosh.analysis import CompositeAnalyzer, RegexTokenizer, StemFilter
from whoosh.fields import FieldType
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

from briefing_tui.core.search.index import ComposedWords, DottedParts, PartsInPlace
from briefing_tui.core.text.forms import composed

#: (word as bytes, frequency, weight, encoded value) for one word of one field,
#: as Whoosh's ``FieldType.index`` yields them.
Posting = tuple[bytes, int, float, bytes]
FastIndex = Callable[[str], list[Posting]]
#: Stems remembered across documents (a word is stemmed once per process);
#: forgotten when there are more than this many, so memory stays bounded.
_STEMS_KEPT = 200_000


class _Chain:
    """What one field's analyzer does, read from its steps."""

    def __init__(
        self,
        expression: Pattern[str],
        stops: frozenset[str] | None,
        min_size: int,
        max_size: int | None,
        renumber: bool,
        stem: Callable[[str], str] | None,
        unstemmed: frozenset[str],
        compose: bool = False,
    ) -> None:
        self.expression = expression
        self.compose = compose
        self.stops = stops
        self.min_size = min_size
        self.max_size = max_size
        self.renumber = renumber
        self.stem = stem
        self.unstemmed = unstemmed
        self._stems: dict[str, str] = {}

    def words(self, text: str) -> Iterable[tuple[str, int]]:
        """(word, position) as the analyzer gives them in index mode, in order."""
        stops, min_size, max_size = self.stops, self.min_size, self.max_size
        position: int | None = None
        if self.compose:
            text = composed(text)
        for number, whole in enumerate(self.expression.findall(text)):
            word = whole.lower()
            parts = [word, *(part for part in word.split(".") if part)] if "." in word else (word,)
            placed = False  # a dotted name's parts share its position (PartsInPlace)
            for part in parts:
                if stops is not None:
                    if (
                        len(part) < min_size
                        or (max_size is not None and len(part) > max_size)
                        or part in stops
                    ):
                        continue
                    if self.renumber:
                        if position is None or not placed:
                            position = number if position is None else position + 1
                            placed = True
                        yield self._stemmed(part), position
                        continue
                yield self._stemmed(part), number

    def _stemmed(self, word: str) -> str:
        if self.stem is None or word in self.unstemmed:
            return word
        stems = self._stems
        found = stems.get(word)
        if found is None:
            if len(stems) >= _STEMS_KEPT:
                stems.clear()
            found = stems[word] = self.stem(word)
        return found


def _chain_of(analyzer: Any) -> _Chain | None:
    """The analyzer's steps, if it is one of the chains this module knows."""
    if type(analyzer) is not CompositeAnalyzer:
        return None
    steps = list(analyzer.items)
    tokenizers = (RegexTokenizer, ComposedWords)
    if len(steps) < 2 or type(steps[0]) not in tokenizers or type(steps[1]) is not DottedParts:
        return None
    tokenizer = steps[0]
    if tokenizer.gaps or tokenizer.expression.groups:
        return None  # findall gives the whole match only for a pattern without groups
    rest = steps[2:]
    # Only the stop filter keeping a dotted name's parts in place: Whoosh's own
    # numbers each part as a word (an index of an earlier schema: left to Whoosh).
    stop = rest.pop(0) if rest and type(rest[0]) is PartsInPlace else None
    stemmer = rest.pop(0) if rest and type(rest[0]) is StemFilter else None
    if rest:
        return None
    stem = None
    unstemmed: frozenset[str] = frozenset()
    if stemmer is not None:
        if stemmer.lang:
            from whoosh.lang import stemmer_for_language

            stem = stemmer_for_language(stemmer.lang)
        else:
            stem = stemmer.stemfn
        unstemmed = frozenset(stemmer.ignore)
    return _Chain(
        tokenizer.expression,
        frozenset(stop.stops) if stop is not None else None,
        stop.min if stop is not None else 0,
        stop.max if stop is not None else None,
        bool(stop.renumber) if stop is not None else False,
        stem,
        unstemmed,
        compose=type(tokenizer) is ComposedWords,
    )


def fast_index_for(field: FieldType) -> FastIndex | None:
    """A function doing ``list(field.index(text))`` faster, or ``None`` for a field it can't."""
    format_ = field.format
    if not field.indexed or type(format_) not in (Frequency, Positions):
        return None
    if type(field).index is not FieldType.index:  # the field analyses in its own way
        return None
    chain = _chain_of(field.analyzer)
    if chain is None:
        return None
    boost = format_.field_boost
    if type(format_) is Frequency:

        def counted(text: str) -> list[Posting]:
            counts: dict[str, int] = {}
            for word, _ in chain.words(text):
                counts[word] = counts.get(word, 0) + 1
            return [
                (word.encode("utf-8"), count, float(count) * boost, pack_uint(count))
                for word, count in counts.items()
            ]

        return counted
    encode = format_.encode

    def positioned(text: str) -> list[Posting]:
        positions: dict[str, list[int]] = {}
        for word, position in chain.words(text):
            found = positions.get(word)
            if found is None:
                positions[word] = [position]
            else:
                found.append(position)
        return [
            (word.encode("utf-8"), len(where), float(len(where)) * boost, encode(where))
            for word, where in positions.items()
        ]

    return positioned
