"""The reader: one briefing on screen, with its claims, find bar and outline.

``screen`` is the :class:`ReaderScreen`; ``claims``, ``find`` and ``outline``
are its mixins for the claims panel and claim keys, the find bar, and the
outline; ``selection`` is the pure sentence-cursor state used to select a claim.
"""

from __future__ import annotations

from .screen import ReaderScreen

__all__ = ["ReaderScreen"]
