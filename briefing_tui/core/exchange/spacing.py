"""A quote from another tool found in the text whatever its spacing.

Another tool quotes a passage as its page showed it: a quote that runs from one
paragraph (or list item) into the next is written with a space, a single newline
or nothing between them, where the briefing's plain text has a blank line. The
re-anchoring rules (:mod:`briefing_tui.core.claims.anchoring`) compare characters,
and keep a fuzzy candidate inside one paragraph, so such a quote of the very words
of the text came in orphaned. ``briefing annotate`` already matches a quote
"ignoring differences in whitespace"; an import does the same before re-anchoring.
"""

from __future__ import annotations

import re

from briefing_tui.core.claims.anchoring import Selector

#: Longest quote (characters without whitespace) looked for this way: a pattern of
#: one character class per character stays cheap well past any passage one claims.
_MOST = 20_000
#: Occurrences compared, at most (a quote repeated more often is boilerplate).
_PLACES = 256


def _squeezed(text: str) -> str:
    return "".join(text.split())


def respaced(selector: Selector, text: str) -> Selector:
    """``selector`` with its quote spelt as ``text`` spells it, when the two differ only
    in whitespace; else ``selector`` itself.

    Among several such places the one whose surroundings hold the prefix and
    suffix (whitespace aside) wins, then the one nearest the old start; the prefix,
    suffix and start are kept, so re-anchoring still chooses and names the place.
    """
    exact = selector.exact
    squeezed = _squeezed(exact)
    if not squeezed or exact in text or len(squeezed) > _MOST:
        return selector
    pattern = re.compile(r"\s*".join(re.escape(char) for char in squeezed))
    places = []
    for number, found in enumerate(pattern.finditer(text)):
        if number >= _PLACES:
            break
        places.append((found.start(), found.end()))
    if not places:
        return selector
    prefix, suffix = _squeezed(selector.prefix), _squeezed(selector.suffix)

    def rank(place: tuple[int, int]) -> tuple[int, int]:
        start, end = place
        before = _squeezed(text[max(0, start - 2 * len(selector.prefix) - 8) : start])
        after = _squeezed(text[end : end + 2 * len(selector.suffix) + 8])
        agree = int(before.endswith(prefix)) + int(after.startswith(suffix))
        return (-agree, abs(start - selector.start))

    start, end = min(places, key=rank)
    spelt = text[start:end]
    return Selector(
        exact=spelt,
        prefix=selector.prefix,
        suffix=selector.suffix,
        start=selector.start,
        end=selector.start + len(spelt),
    )
