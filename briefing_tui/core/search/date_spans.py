"""``date:`` values: a year, a month or a day, ranges of them and comparisons,
as the [start, end) span of datetimes the index compares."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from briefing_tui.core.search.query_model import DateSpan, QueryError
from briefing_tui.core.text.sanitize import clean_line


def shown_in_message(text: str) -> str:
    """Query text quoted in an error message, with control characters made visible:
    the message goes to a terminal (the CLI's stderr, the TUI's search box), and
    ``date:\\x1b]0;…`` must not reach it as an escape sequence."""
    return clean_line(text)


_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _span_of(text: str) -> tuple[datetime, datetime]:
    """The [start, end) span a partial ISO date names: a year, a month or a day."""
    match = _DAY.match(text.strip())
    if match is None:
        raise QueryError(
            f"date:{shown_in_message(text)} is not a date (use 2024, 2024-03 or 2024-03-15)"
        )
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        start = datetime(year, month, day)
    except ValueError as error:
        raise QueryError(f"date:{shown_in_message(text)} is not a valid date ({error})") from error
    try:
        if match.group(3):
            end = start + timedelta(days=1)
        elif match.group(2):
            end = datetime(year + (month == 12), month % 12 + 1, 1)
        else:
            end = datetime(year + 1, 1, 1)
    except (ValueError, OverflowError):  # a span ending with 9999: to the last date there is
        end = datetime.max
    return start, end


def parse_date_span(value: str) -> DateSpan:
    """``2024``, ``2024-01..2024-03``, ``..2024``, ``>2024-06-01``, ``<=2024`` …"""
    value = value.strip()
    if ".." in value:
        left, _, right = value.partition("..")
        start = _span_of(left)[0] if left.strip() else None
        end = _span_of(right)[1] if right.strip() else None
        if start and end and start >= end:
            raise QueryError(f"date:{shown_in_message(value)}: the range ends before it starts")
        return DateSpan(start, end)
    for operator in (">=", "<=", ">", "<"):
        if value.startswith(operator):
            first, after = _span_of(value[len(operator) :])
            return {
                ">=": DateSpan(first, None),
                ">": DateSpan(after, None),
                "<=": DateSpan(None, after),
                "<": DateSpan(None, first),
            }[operator]
    return DateSpan(*_span_of(value))
