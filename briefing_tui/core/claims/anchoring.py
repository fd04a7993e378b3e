"""Keep claims attached to their passage when a briefing changes.

A claim remembers what it points at the way the W3C Web Annotation model does:
a *text quote selector* (the exact text plus up to 32 characters of prefix and
suffix) and a *text position selector* (start/end), both over the core's plain
text (:func:`briefing_tui.core.text.plaintext.plain_text`). The position is cheap
and precise but breaks on any edit before the passage; the quote survives
edits but can be ambiguous; the prefix and suffix settle the ambiguity. So
re-anchoring tries, in order of cost and certainty:

``exact``
    The quote is still at its old start, its prefix or suffix still beside it.
    One string comparison, mostly.
``moved``
    The quote occurs elsewhere (``str.find``, fast), with its prefix or suffix.
    When it occurs more than once, the occurrence whose surroundings best agree
    with the stored prefix and suffix wins, then the one nearest the old start.
``fuzzy``
    No exact occurrence, but a close one: a word changed inside the quote,
    punctuation or whitespace changed. Only here do we pay for fuzzy matching,
    and only in small windows around the places the prefix, the suffix, pieces
    of the quote itself or the old position point to, never over the whole
    text. Candidates are seeded with ``rapidfuzz.fuzz.partial_ratio_alignment``,
    their edges refined with ``rapidfuzz.fuzz.ratio``, then moved to sentence
    edges where the quote's were (:mod:`.boundaries`). Or exact occurrences
    only with neither side of the context: a copy of the words (see below).
``orphaned``
    Nothing similar enough. The claim is kept (sync never deletes one); the
    anchor carries the best similarity seen so a review screen can say how
    close it came.

The similarity is rapidfuzz's normalised Indel similarity (``fuzz.ratio`` / 100):
``1 - (insertions + deletions) / (len(a) + len(b))``.

:data:`FUZZY_THRESHOLD` is 0.75. Measured on the sample briefings in
``content/``: replacing one word of a sentence scores 0.95 on average (0.88
for the 5% worst), changing two words of a short sentence (e.g. "talks ...
March" to "negotiations ... April") about 0.85, punctuation or whitespace
changes 0.95 and up; two unrelated sentences score 0.36 on average, 0.5 at the
99th percentile, 0.69 at worst (shared letters and spaces give any two English
sentences some similarity). 0.75 sits in the gap: a passage reworded in a few
places still follows its claim, and a claim whose sentence was deleted is
orphaned rather than attached to its neighbour, which is the failure the
product must not have ("nothing misplaced"). Fuzzy anchors go to the review
screen anyway, so erring towards "fuzzy" for a real rewording is cheap.

Where the candidate sits matters too. If neither the stored prefix nor the
stored suffix agrees with the text around a candidate (similarity below
:data:`CONTEXT_AGREES`, 0.6; unrelated 32-character snippets score 0.34 on
average, 0.5 at the 99th percentile), the passage would have moved *and*
changed, and only the quote vouches for it; then :data:`UNMOORED_THRESHOLD`
(0.9) applies. This keeps a deleted "Russia's foreign ministry said the talks
would resume in March." from latching onto "the minister said. The talks would
resume in March." in another section (0.81): briefings repeat their key
sentences between summary and body.

The same holds for the quote's exact words: where neither side of the context
agrees, they are a copy, maybe someone else's, and the passage is gone
(:mod:`.moorings`). Such a copy is a ``fuzzy`` candidate, ranked with the
reworded passages found, never ``exact`` or ``moved``; as a fuzzy claim keeps
its selector, later edits find it fuzzy again until the analyst decides.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from briefing_tui.core.claims.boundaries import block_bounds, sentence_edges
from briefing_tui.core.claims.moorings import CONTEXT_AGREES, context_similarity, moored
from briefing_tui.core.claims.moorings import fuzz as _fuzz
from briefing_tui.core.claims.spans import (
    ENDING_MARKS,
    around,
    can_reach,
    ends_on_word,
    inside_word,
    merge_windows,
    next_word_start,
    previous_word_end,
    starts_on_word,
    word_end,
    word_start,
)

__all__ = [
    "CONTEXT",
    "CONTEXT_AGREES",
    "FUZZY_THRESHOLD",
    "UNMOORED_THRESHOLD",
    "Anchor",
    "AnchorState",
    "Selector",
    "make_selector",
    "reanchor",
    "reanchor_all",
]

#: Characters of prefix and suffix a selector keeps (the W3C examples use 32).
CONTEXT = 32


#: Minimum similarity (0..1, rapidfuzz ``ratio`` / 100) for a ``fuzzy`` anchor.
#: See the module docstring for why 0.75.
FUZZY_THRESHOLD = 0.75

#: Minimum similarity for a ``fuzzy`` anchor whose prefix and suffix both disagree:
#: a passage that moved *and* changed has only itself to vouch for it, so it must
#: be nearly intact (see the module docstring).
UNMOORED_THRESHOLD = 0.9

AnchorState = Literal["exact", "moved", "fuzzy", "orphaned"]


@dataclass(frozen=True, slots=True)
class Selector:
    """What a claim points at, W3C Web Annotation style, over the plain text."""

    #: The quoted text (TextQuoteSelector ``exact``).
    exact: str
    #: Up to 32 characters before the quote.
    prefix: str
    #: Up to 32 characters after the quote.
    suffix: str
    #: TextPositionSelector start: offset of the quote in the plain text.
    start: int
    #: TextPositionSelector end (exclusive).
    end: int


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a selector lands in a (possibly edited) text, and how sure we are."""

    state: AnchorState
    #: Start of the passage now, ``None`` when orphaned.
    start: int | None
    #: End of the passage now (exclusive), ``None`` when orphaned.
    end: int | None
    #: The text now at ``[start, end)``; ``""`` when orphaned.
    text: str
    #: 1.0 for exact and moved, the similarity for fuzzy, the best seen for orphaned.
    score: float


def make_selector(text: str, start: int, end: int, context: int = CONTEXT) -> Selector:
    """The selector for ``text[start:end]``, with ``context`` characters each side.

    Raises ``ValueError`` for a span that is not inside the text, because a
    claim made on a bad span would be wrong from its first moment; everything
    downstream (re-anchoring) is then total and never raises.
    """
    if context < 0:
        raise ValueError(f"context must not be negative, got {context}")
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) is not inside a text of length {len(text)}")
    return Selector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def reanchor(selector: Selector, text: str) -> Anchor:
    """Find where ``selector`` points in ``text`` now (see the module docstring)."""
    return _Matcher(text).reanchor(selector)


def reanchor_all(selectors: Sequence[Selector], text: str) -> list[Anchor]:
    """Re-anchor many selectors on one text; equal to ``[reanchor(s, text) ...]``.

    Faster because the occurrence lists of quotes and context pieces are
    computed once per text and shared between claims (several claims on one
    sentence, or many on repeated boilerplate, scan the text once).
    """
    matcher = _Matcher(text)
    return [matcher.reanchor(selector) for selector in selectors]


# --- Re-anchoring -----------------------------------------------------------------

#: Places of one clue (a context or quote piece) we look at: a clue found more often
#: than this is boilerplate and says little about where the passage is.
_MAX_CLUE_PLACES = 256
#: Places per hint kind tried by the fuzzy search (the nearest to the expected start).
_NEAREST_HINTS = 3
#: Length of the quote pieces (head, middle, tail) used to locate a changed quote.
_PIECE = 16
#: Weight of prefix/suffix agreement when ranking fuzzy candidates of similar score.
_CONTEXT_WEIGHT = 0.1
#: Seeds (best quote-length alignments) scoring below this are not refined.
_SEED_CUTOFF = FUZZY_THRESHOLD - 0.15
#: How strongly agreeing context pulls a fuzzy candidate's edges (see :func:`_pull`).
_EDGE_PULL = 0.5


def _orphaned(score: float = 0.0) -> Anchor:
    return Anchor("orphaned", None, None, "", score)


@dataclass(slots=True)
class _Matcher:
    """Re-anchors selectors on one text, caching needle occurrences across calls."""

    text: str
    _found: dict[tuple[str, int | None], list[int]] = field(default_factory=dict)

    def occurrences(self, needle: str, limit: int | None = None) -> list[int]:
        """Starts of ``needle`` in the text (overlapping ones too), the first ``limit``."""
        key = (needle, limit)
        cached = self._found.get(key)
        if cached is not None:
            return cached
        starts: list[int] = []
        find = self.text.find
        at = find(needle)
        while at >= 0 and (limit is None or len(starts) < limit):
            starts.append(at)
            at = find(needle, at + 1)
        self._found[key] = starts
        return starts

    def reanchor(self, selector: Selector) -> Anchor:
        exact, text = selector.exact, self.text
        if not exact or not text or not can_reach(len(exact), len(text), FUZZY_THRESHOLD):
            return _orphaned()
        start, size = selector.start, len(exact)
        if start >= 0 and text.startswith(exact, start) and self._moored(selector, start):
            return Anchor("exact", start, start + size, exact, 1.0)
        candidates = self.occurrences(exact)
        anchored = self._intact(selector, candidates) or [
            at for at in candidates if self._moored(selector, at)
        ]
        if anchored:
            best = self._best_occurrence(selector, anchored)
            return Anchor("moved", best, best + size, exact, 1.0)
        # Copies of the words with nothing of the passage around them (:mod:`.moorings`):
        # the best is a candidate for review, weighed against passages reworded in place.
        copy = self._best_occurrence(selector, candidates) if candidates else None
        return self._fuzzy(selector, copy)

    def _moored(self, selector: Selector, start: int) -> bool:
        """Whether the quote's copy at ``start`` still has the passage's context."""
        return moored(self.text, selector, start, start + len(selector.exact))

    # --- moved ---------------------------------------------------------------------

    def _best_occurrence(self, selector: Selector, candidates: list[int]) -> int:
        """The occurrence whose surroundings agree best with prefix and suffix."""
        if len(candidates) == 1:
            return candidates[0]
        intact = self._intact(selector, candidates)
        if intact:
            return min(intact, key=lambda at: (abs(at - selector.start), at))

        def rank(at: int) -> tuple[float, int, int]:
            agreement = self._context_agreement(selector, at, at + len(selector.exact))
            return (-agreement, abs(at - selector.start), at)

        return min(candidates, key=rank)

    def _intact(self, selector: Selector, candidates: list[int]) -> list[int]:
        """Occurrences with both contexts intact: they win outright, cheap and common."""
        text, size = self.text, len(selector.exact)
        prefix, suffix = selector.prefix, selector.suffix
        ends, starts = text.endswith, text.startswith
        return [at for at in candidates if ends(prefix, 0, at) and starts(suffix, at + size)]

    def _context_agreement(self, selector: Selector, start: int, end: int) -> float:
        """0..1: how well the text around ``[start, end)`` matches prefix and suffix."""
        before, after = self._context_similarity(selector, start, end)
        return (before + after) / 2

    def _context_similarity(self, selector: Selector, start: int, end: int) -> tuple[float, float]:
        """Similarity (0..1) of the stored prefix and suffix to the text around a span."""
        return context_similarity(self.text, selector, start, end)

    # --- fuzzy ---------------------------------------------------------------------

    def _fuzzy(self, selector: Selector, copy: int | None = None) -> Anchor:
        """The most similar passage near where the selector's clues point.

        A candidate must be similar enough for where it is: ``FUZZY_THRESHOLD``
        when its prefix or suffix still agrees, ``UNMOORED_THRESHOLD`` when
        neither does. Among accepted candidates the most similar wins, context
        agreement and then nearness to the old start breaking near-ties. Each is
        tried first with the sentence edges the quote had (:func:`.sentence_edges`),
        so a claim is not accepted cut short; if that is not similar enough, as found.
        ``copy`` is the start of an unmoored exact copy of the quote, a candidate too.
        """
        text = self.text
        best: tuple[float, int] | None = None  # (rank, -distance) of the chosen candidate
        chosen = _orphaned()
        seen = 0.0
        if copy is not None:
            end = copy + len(selector.exact)
            seen, best = self._judge(selector, copy, end)
            if best is not None:
                chosen = Anchor("fuzzy", copy, end, text[copy:end], seen)
        for low, high in merge_windows(self._windows(selector)):
            seed, first = self._seed(selector.exact, low, high)
            seen = max(seen, first)
            if seed is None:
                continue
            low, high = self._block_bounds(selector.exact, *seed)
            s, e = max(seed[0], low), min(seed[1], high)
            if s >= e:
                continue
            s, e = self._refine(selector, s, e, low, high)
            snapped = self._snap_to_words(selector, s, e)
            score_edges = partial(self._edge_score, selector)
            whole = sentence_edges(text, selector, *snapped, (low, high), score_edges)
            # Whole sentences when they are still similar enough, else the words found.
            for s, e in dict.fromkeys((whole, snapped)):
                score, key = self._judge(selector, s, e)
                seen = max(seen, score)
                if key is None:
                    continue
                if best is None or key > best:
                    best, chosen = key, Anchor("fuzzy", s, e, text[s:e], score)
                break
        return chosen if best is not None else _orphaned(seen)

    def _judge(self, selector: Selector, s: int, e: int) -> tuple[float, tuple[float, int] | None]:
        """A candidate's similarity, and its rank if it is similar enough for where it is."""
        score = _fuzz().ratio(selector.exact, self.text[s:e]) / 100.0
        before, after = self._context_similarity(selector, s, e)
        held = moored(self.text, selector, s, e)
        if score < (FUZZY_THRESHOLD if held else UNMOORED_THRESHOLD):
            return score, None
        return score, (score + _CONTEXT_WEIGHT * (before + after) / 2, -abs(s - selector.start))

    def _windows(self, selector: Selector) -> Iterator[tuple[int, int]]:
        """Regions of the text worth aligning the quote against.

        Each clue gives an expected start for the quote: just after the prefix,
        ``len(exact)`` before the suffix, a quote piece's place minus its offset
        in the quote, or the old start. Around each we allow half the quote's
        length plus a margin of slack, so a few words inserted or removed still
        fit; a bigger rewrite would not score above the threshold anyway.
        """
        text, exact = self.text, selector.exact
        size = len(exact)
        slack = size // 2 + _PIECE
        old = min(max(selector.start, 0), len(text))
        expected: list[int] = [old]
        for needle, offset in self._clues(selector):
            places = self.occurrences(needle, _MAX_CLUE_PLACES)
            # (places ascend, so ties keep their order as a stable sort by distance would)
            nearest = [at for _, at in sorted((abs(at - offset - old), at) for at in places)]
            expected.extend(at - offset for at in nearest[:_NEAREST_HINTS])
        for at in expected:
            low, high = max(0, at - slack), min(len(text), at + size + slack)
            if low < high:
                yield low, high

    @staticmethod
    def _clues(selector: Selector) -> Iterator[tuple[str, int]]:
        """(needle, where the needle starts relative to the quote's start)."""
        exact, prefix, suffix = selector.exact, selector.prefix, selector.suffix
        size = len(exact)
        if prefix:
            yield prefix, -len(prefix)
            if len(prefix) > _PIECE:
                yield prefix[-_PIECE:], -_PIECE
        if suffix:
            yield suffix, size
            if len(suffix) > _PIECE:
                yield suffix[:_PIECE], size
        if size >= 2 * _PIECE:
            middle = (size - _PIECE) // 2
            yield exact[:_PIECE], 0
            yield exact[middle : middle + _PIECE], middle
            yield exact[-_PIECE:], size - _PIECE

    def _seed(self, exact: str, low: int, high: int) -> tuple[tuple[int, int] | None, float]:
        """The quote-length span in ``text[low:high]`` most like the quote, and its score.

        The span is ``None`` when even it is too far from the quote for refining
        to bring it over the threshold (refining moves edges by a few characters
        and gains a few points at most); skipping those keeps orphans cheap.
        """
        window = self.text[low:high]
        if len(window) <= len(exact):
            span, score = (low, high), _fuzz().ratio(exact, window)
        else:
            found = _fuzz().partial_ratio_alignment(exact, window)
            if found is None:
                return None, 0.0
            span, score = (low + found.dest_start, low + found.dest_end), found.score
        if span[0] >= span[1] or score < _SEED_CUTOFF * 100:
            return None, score / 100.0
        return span, score / 100.0

    def _edge_score(self, selector: Selector, s: int, e: int) -> float:
        """What edge placement maximises: quote similarity plus a pull from the context.

        The quote alone cannot place an edge next to a changed word: against
        "resume in April." the quote "resume in March." is more similar without
        "April.", and "Oil output" is more like " output" than "Crude output".
        Where the stored prefix or suffix agrees with the text beside an edge,
        that edge is where the passage really begins or ends, so agreement above
        :data:`CONTEXT_AGREES` pulls the edge there (see :func:`_pull`). Context
        that disagrees (it was edited too) adds nothing and leaves the quote to
        decide.
        """
        text, prefix, suffix = self.text, selector.prefix, selector.suffix
        before = text[max(0, s - len(prefix)) : s]
        after = text[e : e + len(suffix)]
        quote = _fuzz().ratio(selector.exact, text[s:e])
        return quote + _pull(_fuzz().ratio(prefix, before)) + _pull(_fuzz().ratio(suffix, after))

    def _block_bounds(self, exact: str, s: int, e: int) -> tuple[int, int]:
        """The paragraph a candidate seeded at ``[s, e)`` stays in (:func:`.block_bounds`)."""
        return block_bounds(self.text, exact, s, e)

    def _refine(self, selector: Selector, s: int, e: int, low: int, high: int) -> tuple[int, int]:
        """Move each edge, within ``[low, high]``, to where :meth:`_edge_score` is highest.

        ``partial_ratio`` aligns a window of the quote's own length, so when the
        new passage is longer or shorter its edges are off by the difference;
        coordinate ascent (best start for this end, best end for that start,
        again while it moves) fixes that. Each pass scores only the side whose
        context changes: this is the hot loop of a fuzzy re-anchor.
        """
        text, exact, prefix, suffix = self.text, selector.exact, selector.prefix, selector.suffix
        ratio = _fuzz().ratio
        reach = max(8, min(len(exact) // 4, 48))

        def start_score(at: int) -> float:
            before = text[max(0, at - len(prefix)) : at]
            return ratio(exact, text[at:e]) + _pull(ratio(prefix, before))

        def end_score(at: int) -> float:
            return ratio(exact, text[s:at]) + _pull(ratio(suffix, text[at : at + len(suffix)]))

        for _ in range(3):
            old = (s, e)
            s = max(around(s, reach, low, e - 1, include_centre=True), key=start_score)
            e = max(around(e, reach, s + 1, high, include_centre=True), key=end_score)
            if (s, e) == old:
                break
        return s, e

    def _snap_to_words(self, selector: Selector, s: int, e: int) -> tuple[int, int]:
        """Do not start or end on whitespace, or cut a word, unless the quote did.

        Similarity alone prefers dropping a changed first letter ("rices" for
        "Prices" vs "prices"), which would show a claim starting mid-word. At a
        cut word we take whichever of its two edges scores better.
        """
        text, exact = self.text, selector.exact
        if not exact[0].isspace():
            while s < e - 1 and text[s].isspace():
                s += 1
        if not exact[-1].isspace():
            while e > s + 1 and text[e - 1].isspace():
                e -= 1
        starts_word = starts_on_word(exact, selector.prefix)
        ends_word = ends_on_word(exact, selector.suffix)
        if starts_word and s < e and inside_word(text, s):
            options = [word_start(text, s)]
            after = next_word_start(text, s, e)
            if after < e:
                options.append(after)
            s = max(options, key=lambda at: self._edge_score(selector, at, e))
        if ends_word and s < e and inside_word(text, e):
            end = word_end(text, e)
            options = [end]
            if exact[-1] in ENDING_MARKS and text[end : end + 1] == exact[-1]:
                options.append(end + 1)  # and the mark the quote ended with
            before = previous_word_end(text, e, s)
            if before > s:
                options.append(before)
            e = max(options, key=lambda at: self._edge_score(selector, s, at))
        return s, e


def _pull(context_ratio: float) -> float:
    """The pull (in ``fuzz.ratio`` points) of one side's context on an edge.

    Nothing below :data:`CONTEXT_AGREES`, then half a point per point above,
    so at most 20 points. That outweighs the 5-15 points the quote gains by
    leaving a changed word out, and stays below the 25 and more it loses when
    a whole new sentence was inserted between the context and the passage (the
    passage should not swallow it).
    """
    return _EDGE_PULL * max(0.0, context_ratio - CONTEXT_AGREES * 100)
