"""What a figure produces, and the table and JSON it is reported in.

Every row carries our value, a reference measured in the same run, their
ratio and a target, so no figure can be read without its context.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

#: The targets are set for 10,000 briefings unless said otherwise; a figure whose
#: target is set for every size (as-you-type, the TUI, memory) says so.
TARGET_SIZE = 10_000


def sized(size: int, small: Target, large: Target | None) -> Target:
    """A figure's target at ``size``: ``small`` (set for :data:`TARGET_SIZE`) up to
    it, and issue #19's target for 100,000 briefings (``large``, judged) above
    it; ``large=None``: the issue sets none, and ``small`` is shown, not judged."""
    if size <= TARGET_SIZE or large is None:
        return small
    return Target(large.max_value, large.max_ratio, large.text, up_to=None)


@dataclass(frozen=True)
class Target:
    """A bound on our value, on the ratio to the reference, or both (``None``: report only).

    ``up_to``: the largest library the bound is set for; above it the row is
    reported with the target shown for reference, not judged (a 30 ms search
    target set at 10,000 briefings says nothing about 100,000).
    """

    max_value: float | None = None
    max_ratio: float | None = None
    text: str = ""
    up_to: int | None = TARGET_SIZE

    def applies(self, size: int) -> bool:
        return self.up_to is None or size <= self.up_to

    def check(self, value: float, ratio: float | None) -> bool | None:
        checks: list[bool] = []
        if self.max_value is not None:
            checks.append(math.isfinite(value) and value < self.max_value)
        if self.max_ratio is not None:
            checks.append(ratio is not None and math.isfinite(ratio) and ratio <= self.max_ratio)
        return all(checks) if checks else None


@dataclass
class Result:
    """One row of the table: one figure (or one variant of it) at one library size."""

    figure: str
    """The registered figure that produced the row."""
    label: str
    size: int
    ours: float
    unit: str
    reference: float | None = None
    reference_label: str = ""
    target: Target = field(default_factory=Target)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.reference is None or not self.reference or not math.isfinite(self.reference):
            return None
        return self.ours / self.reference

    @property
    def passed(self) -> bool | None:
        if self.error is not None:
            return False
        if not self.target.applies(self.size):
            return None
        return self.target.check(self.ours, self.ratio)

    def as_dict(self) -> dict[str, Any]:
        ratio = self.ratio
        return {
            "figure": self.figure,
            "label": self.label,
            "size": self.size,
            "ours": _finite(self.ours),
            "reference": _finite(self.reference),
            "reference_label": self.reference_label,
            "unit": self.unit,
            "ratio": None if ratio is None else round(ratio, 4),
            "target": self.target.text,
            "target_max_value": self.target.max_value,
            "target_max_ratio": self.target.max_ratio,
            "target_up_to": self.target.up_to,
            "passed": self.passed,
            "details": self.details,
            "error": self.error,
        }


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, 4)


def _number(value: float | None, unit: str) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}"


def _verdict(result: Result) -> str:
    if result.error is not None:
        return "ERROR"
    return {True: "pass", False: "FAIL", None: "-"}[result.passed]


def _target_text(result: Result) -> str:
    text = result.target.text
    if not text:
        return "reported"
    if not result.target.applies(result.size):
        return f"({text} at {result.target.up_to:,})"
    return text


def table(results: list[Result]) -> str:
    """One aligned text table of every row."""
    header = ("docs", "figure", "ours", "reference", "ratio", "target", "result")
    rows = [header]
    for r in results:
        ratio = r.ratio
        reference = _number(r.reference, r.unit)
        if r.reference_label and r.reference is not None:
            reference = f"{reference} ({r.reference_label})"
        rows.append(
            (
                str(r.size),
                r.label,
                _number(r.ours, r.unit),
                reference,
                "-" if ratio is None else f"{ratio:.2f}x",
                _target_text(r),
                _verdict(r),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    right = {0, 2, 4}
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the figures were measured on: they mean nothing without it."""
    return {
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def write_json(
    path: Path,
    results: list[Result],
    *,
    settings: dict[str, Any],
    started: datetime,
    seconds: float,
) -> None:
    """The table's data as JSON, with the date, the machine and the run's settings."""
    document = {
        "date": started.isoformat(timespec="seconds"),
        "duration_s": round(seconds, 1),
        "machine": machine(),
        "settings": settings,
        "figures": [r.as_dict() for r in results],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
