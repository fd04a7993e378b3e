"""Dates as people read them in lists and reports."""

from __future__ import annotations


def short_date(value: object) -> str:
    """A date or date-time (or its ISO text) as people read it: the day alone at
    midnight, else to the minute; ``""`` for none."""
    if value is None or value == "":
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text[:16]
