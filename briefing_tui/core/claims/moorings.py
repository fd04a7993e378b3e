"""Whether the text around a place still vouches for a claim's passage.

A quote alone does not say *which* passage a claim is on: briefings repeat
their words ("I agree wholeheartedly with Mr Forsyth." opens two readers'
letters on one BBC page; "so was the IRA." ends two sentences of one
paragraph). The prefix and suffix a selector keeps, as the W3C
TextQuoteSelector does, say which. A place is *moored* when at least one of
them still agrees with the text beside it (similarity at least
:data:`CONTEXT_AGREES`); an *unmoored* place has only the quote to vouch for it.

:mod:`.anchoring` never calls an unmoored place ``exact`` or ``moved``. When
the claimed passage is deleted and an identical copy survives elsewhere, the
copy is, as often as not, someone else's words: moving the claim there put an
analyst's evidence on another reader's letter without a word (the sync said
``moved``, the review did not list it, and the next edit made it ``exact``).
An unmoored copy can only be a ``fuzzy`` candidate, which waits for review.
The price is that a passage whose surroundings were both rewritten while it
moved waits for review too; a passage that merely moved keeps its context and
still follows its text, and so does one with text inserted just before it
(its suffix is intact).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from briefing_tui.core.text.plaintext import BLOCK_SEPARATOR

if TYPE_CHECKING:
    from rapidfuzz.distance import ScoreAlignment

    from briefing_tui.core.claims.anchoring import Selector

__all__ = ["CONTEXT_AGREES", "context_similarity", "fuzz", "moored"]

#: Similarity (0..1) of a stored prefix or suffix to the text around a candidate
#: above which that side "still agrees". Unrelated 32-character snippets of
#: English score 0.34 on average, 0.5 at the 99th percentile; the same context
#: after a small edit scores above 0.8.
CONTEXT_AGREES = 0.6


class Fuzz(Protocol):
    """What re-anchoring uses of ``rapidfuzz.fuzz``."""

    def ratio(self, s1: str, s2: str) -> float: ...
    def partial_ratio_alignment(self, s1: str, s2: str) -> ScoreAlignment | None: ...


def fuzz() -> Fuzz:
    """rapidfuzz, imported on first use: most syncs and every search never need it."""
    from rapidfuzz import fuzz as module

    return module


def context_similarity(text: str, selector: Selector, start: int, end: int) -> tuple[float, float]:
    """Similarity (0..1) of the stored prefix and suffix to the text around a span."""
    prefix, suffix = selector.prefix, selector.suffix
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    ratio = fuzz().ratio
    return ratio(prefix, before) / 100.0, ratio(suffix, after) / 100.0


def moored(text: str, selector: Selector, start: int, end: int) -> bool:
    """Whether the prefix or the suffix still agrees with the text around ``[start, end)``.

    A side with :data:`_OWN_EVIDENCE` characters or more in the quote's own
    paragraph is judged by those alone (:func:`_own_before`, :func:`_own_after`):
    deleting a paragraph makes its neighbours the neighbours of other text, and
    the start of the next letter (a blank line, "Ann Green, Hull: …") followed a
    copy at the end of the letter before as it had followed the deleted one. A side
    with less of its paragraph (the quote ends it, or nearly) is compared whole,
    as before: the next paragraph is then most of the context there is, and a
    sentence inserted just before such a quote must not send it to review.

    An empty side is a quote that began (ended) the text: it agrees while the
    place is still at that edge, and is no evidence elsewhere (an empty string is
    "similar" to the nothing before any place: a claim on a briefing's last
    sentence was moored wherever a copy of it stood). A selector with no context
    at all (another tool's annotation) has nothing to judge by and is taken as it
    comes, as it always was.
    """
    prefix, suffix = selector.prefix, selector.suffix
    if not prefix and not suffix:
        return True
    if (not prefix and start == 0) or (not suffix and end == len(text)):
        return True
    sides: list[tuple[str, str]] = []  # (kept, found now)
    if prefix:
        own = _own_before(prefix)
        if len(own.strip()) >= _OWN_EVIDENCE:
            sides.append((own, _own_before(text[max(0, start - len(own)) : start])))
        else:
            sides.append((prefix, text[max(0, start - len(prefix)) : start]))
    if suffix:
        own = _own_after(suffix)
        if len(own.strip()) >= _OWN_EVIDENCE:
            sides.append((own, _own_after(text[end : end + len(own)])))
        else:
            sides.append((suffix, text[end : end + len(suffix)]))
    if any(kept == found for kept, found in sides):  # a side intact: cheap, and common
        return True
    ratio = fuzz().ratio
    return any(ratio(kept, found) >= CONTEXT_AGREES * 100 for kept, found in sides)


#: Characters (spaces aside) of its own paragraph a side needs to be judged by them
#: alone: fewer say too little ("Jane: " is 0.67 similar to "John: ").
_OWN_EVIDENCE = 8


def _own_before(prefix: str) -> str:
    """The end of ``prefix`` in the paragraph after its last block separator."""
    cut = prefix.rfind(BLOCK_SEPARATOR)
    return prefix if cut < 0 else prefix[cut + len(BLOCK_SEPARATOR) :]


def _own_after(suffix: str) -> str:
    """The start of ``suffix`` up to its first block separator."""
    cut = suffix.find(BLOCK_SEPARATOR)
    return suffix if cut < 0 else suffix[:cut]
