"""The phrases the as-you-type figures type, one keystroke at a time.

Short prefixes are where a search box is slowest (every word starting with
``g``), and a phrase is what a user types, so both the core's as-you-type
figure and the TUI's keystroke figure type these, letter by letter: the
same words the synthetic corpus makes frequent (:mod:`.words`), so every
prefix finds something.
"""

from __future__ import annotations

PHRASES = ["government minister", "prime minister blair", "oil prices"]


def keystrokes(phrases: list[str] = PHRASES) -> list[str]:
    """Every prefix of every phrase, from its first letter on."""
    return [phrase[:end] for phrase in phrases for end in range(1, len(phrase) + 1)]
