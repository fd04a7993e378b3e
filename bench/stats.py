"""Timing and summary statistics, kept tiny so both sides are timed the same way."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (numpy's default), ``fraction`` in [0, 1]."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 0.5)


def p95(values: Sequence[float]) -> float:
    return percentile(values, 0.95)


def timed(call: Callable[[], T]) -> tuple[float, T]:
    """(seconds, result) of one call, on the monotonic high-resolution clock."""
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def summary(values: Sequence[float], scale: float = 1.0) -> dict[str, float]:
    """Median, p95, min, max and count, multiplied by ``scale`` (1000 for ms)."""
    return {
        "median": round(median(values) * scale, 3),
        "p95": round(p95(values) * scale, 3),
        "min": round(min(values) * scale, 3) if values else math.nan,
        "max": round(max(values) * scale, 3) if values else math.nan,
        "samples": len(values),
    }
