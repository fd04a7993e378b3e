"""The one error of taking claims out and bringing them back."""

from __future__ import annotations


class ExchangeError(Exception):
    """A file that cannot be imported (or written); the message says why."""


class NoPassage(ExchangeError):
    """An annotation with no quoted passage a claim could hold (a page note, a
    position or a fragment alone): valid W3C, left out of a file with others."""
