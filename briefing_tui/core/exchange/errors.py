"""The one error of taking claims out and bringing them back."""

from __future__ import annotations


class ExchangeError(Exception):
    """A file that cannot be imported (or written); the message says why."""
