"""The reader: one briefing on screen, with its claims, find bar and outline.

``screen`` is the :class:`ReaderScreen`; ``claims``, ``find``, ``outline`` and
``links`` are its mixins for the claims panel and claim keys, the find bar, the
outline, and following links; ``reading`` (read after a while, ``u``, ``d``),
``citation`` (``y``) and ``reload`` (its file changed on disk, ``r``) are the
daily stream's (``base`` declares what they share, for the type checker);
``selection`` is the pure sentence-cursor state used to select a claim, and
``footer`` the footer that recomposes only when its keys change.
"""

from __future__ import annotations

from .screen import ReaderScreen

__all__ = ["ReaderScreen"]
