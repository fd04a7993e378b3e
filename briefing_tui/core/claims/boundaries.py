"""The paragraph and the sentences a fuzzy candidate keeps to.

:mod:`.anchoring` finds a changed quote by similarity, and similarity alone
places a candidate's edges wherever the score peaks: inside the paragraph
before the quote's, or at the last word that still matches. A claim is made on
a passage the reader chose, usually whole sentences (the reader's sentence
cursor, :func:`briefing_tui.core.text.sentences.sentence_spans`), so its
candidate is held to the same structure of the new text:

* :func:`block_bounds`: a quote from one paragraph stays in one paragraph;
* :func:`sentence_edges`: a quote that began (ended) a sentence or a block
  begins (ends) one in the new text too. Without this, "…told GMTV's Sunday
  programme." edited to "…told GMTV's Sunday show." at the end of a briefing
  had the candidate "…told GMTV's Sunday" ("show." scores a little lower than
  nothing against "programme."), and accepting it stored a sentence cut short.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing_tui.core.text.plaintext import BLOCK_SEPARATOR
from briefing_tui.core.text.sentences import sentence_spans

if TYPE_CHECKING:
    from briefing_tui.core.claims.anchoring import Selector

__all__ = ["GROWTH", "block_bounds", "quote_edges", "sentence_edges"]

#: A candidate moved to a sentence edge is at most this many times its quote's
#: length: a sentence that grew a long new tail, or lost its full stop and ran
#: into the next, must not pull a paragraph into the claim.
GROWTH = 1.5

#: A seed's piece in a block is a part of the passage (not a heading or a line the
#: seed strayed into) when it is at least 1 / this of the seed.
_SPLIT_SHARE = 3

#: Characters read beyond the farthest edge a candidate may move to, so that
#: the sentence edges there are judged with the words around them: the window's
#: own ends look like sentence edges to ``sentence_spans`` (block edges), and an
#: abbreviation or the capital after a full stop must be in it to be seen.
_MARGIN = 32


def block_bounds(text: str, exact: str, s: int, e: int) -> tuple[int, int]:
    """The span a fuzzy candidate seeded at ``[s, e)`` may grow within.

    A quote from one paragraph stays in one paragraph: without this bound a
    changed heading just before it ("Oil" to "Oil and gas") agrees with the
    prefix well enough to pull part of the heading into the claim. The block
    is the one holding most of the seed, or the blocks holding a third of it each
    (a paragraph split inside the passage). A quote that spanned blocks is free.
    """
    if BLOCK_SEPARATOR in exact:
        return 0, len(text)
    pieces, at = [], s
    while (gap := text.find(BLOCK_SEPARATOR, at, e)) >= 0:
        pieces.append((at, gap))
        at = gap + len(BLOCK_SEPARATOR)
    pieces.append((at, e))
    # A seed mostly in two or more blocks is a paragraph split inside the passage
    # (its words all there: it was orphaned at 0.98); it may span those blocks.
    whole = [piece for piece in pieces if (piece[1] - piece[0]) * _SPLIT_SHARE >= e - s]
    if len(whole) > 1:
        first, last = whole[0][0], whole[-1][1]
    else:
        first, last = max(pieces, key=lambda piece: piece[1] - piece[0])
    # A piece may begin or end inside a separator (the seed began at its second "\n").
    low = text.rfind(BLOCK_SEPARATOR, 0, first + len(BLOCK_SEPARATOR) - 1)
    high = text.find(BLOCK_SEPARATOR, max(0, last - len(BLOCK_SEPARATOR) + 1))
    return (0 if low < 0 else low + len(BLOCK_SEPARATOR)), (len(text) if high < 0 else high)


def quote_edges(selector: Selector) -> tuple[bool, bool]:
    """Whether the quote began a sentence, and whether it ended one, where it was made.

    Judged on the text the selector remembers (prefix, quote, suffix) by the
    reader's own sentence rules, so "Ms. Hewitt" or "1.5" inside a quote end
    nothing. An empty prefix (suffix) is the start (end) of the text, hence of
    a block and a sentence; a shortened one (32 characters) starts (ends)
    mid-text, which ``sentence_spans`` would take for a block edge, but a quote
    cannot begin (end) there: the prefix (suffix) lies between.
    """
    start = len(selector.prefix)
    end = start + len(selector.exact)
    spans = sentence_spans(selector.prefix + selector.exact + selector.suffix)
    return any(a == start for a, _ in spans), any(b == end for _, b in spans)


def sentence_edges(
    text: str,
    selector: Selector,
    s: int,
    e: int,
    bounds: tuple[int, int],
    score: Callable[[int, int], float],
) -> tuple[int, int]:
    """``[s, e)`` with each edge the quote had at a sentence moved to one in ``text``.

    An end that the quote had at a sentence's end, and that is not at one now,
    moves forward to the end of the sentence it is in (its closing quotes and
    brackets too), or back to the last sentence end inside the candidate (it
    ran into the next sentence): whichever ``score(start, end)`` prefers. The
    start likewise, to the start of its sentence or the next one. No edge leaves
    ``bounds`` (the paragraph) or makes the candidate longer than :data:`GROWTH`
    times the quote: then it stays where it was. Edges the quote had
    mid-sentence are left alone, so a phrase never grows to its sentence, and
    so is an edge already on the quote's own first (last) word.
    """
    begins, ends = quote_edges(selector)
    words, found = selector.exact.split(), text[s:e].split()
    # An edge on the quote's own first (last) word is where the quote's edge is,
    # whatever the splitter says: it misses a sentence that lost its full stop
    # ("Q The central bank…" after the sentence before was cut to "Q").
    begins = begins and found[:1] != words[:1]
    ends = ends and found[-1:] != words[-1:]
    if not (begins or ends):
        return s, e
    low, high = bounds
    limit = int(len(selector.exact) * GROWTH)
    window_low = max(low, s - limit - _MARGIN)
    window_high = min(high, e + limit + _MARGIN)
    spans = sentence_spans(text[window_low:window_high])
    starts = [window_low + a for a, _ in spans]
    stops = [window_low + b for _, b in spans]
    if ends and e not in stops:
        options = [at for at in stops if e < at <= s + limit][:1]
        options += [at for at in stops if s < at < e][-1:]
        if options:
            e = max(options, key=lambda at: score(s, at))
    if begins and s not in starts:
        options = [at for at in starts if e - limit <= at < s][-1:]
        options += [at for at in starts if s < at < e][:1]
        if options:
            s = max(options, key=lambda at: score(at, e))
    return s, e
