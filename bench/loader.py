"""The one place that loads the figures: every registered figure, or the ones asked for.

Importing :mod:`bench.figures` imports each figure module, and each
registers itself with :func:`bench.registry.figure`. No other module of the
harness imports :mod:`bench.figures` (``tests/test_bench_layout.py`` checks
it), so figures depend on the harness and never the other way round. The
import happens on first use, so ``python -m bench --help`` does not pay for
loading every figure.
"""

from __future__ import annotations

from .registry import Figure, figures_registered


def registered() -> list[Figure]:
    """Every registered figure, in the order it runs."""
    from . import figures  # noqa: F401  (importing registers them)

    return figures_registered()


def select(names: list[str] | None) -> list[Figure]:
    """The figures named (all when ``None``), refusing names that don't exist."""
    figures = registered()
    if names is None:
        return figures
    known = {f.name: f for f in figures}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown figure(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [f for f in figures if f.name in names]
