"""briefing-tui: a keyboard-driven terminal reader for briefings."""

__version__ = "0.1.0"
