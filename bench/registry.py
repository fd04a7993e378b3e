"""The registry of figures: the decorator a figure module registers itself with.

A figure is a function ``(BenchContext) -> list[Result]`` registered with
:func:`figure`. Figures run in the order of their ``order`` number, once
per library size (the builds come first because most figures search the
index they make). Add one by writing a module in ``bench/figures/`` and
importing it in ``bench/figures/__init__.py``, for example::

    @figure("tui-keystroke", "TUI keystroke to results painted", order=80)
    def keystroke(ctx: BenchContext) -> list[Result]:
        ...
        return [Result("tui-keystroke", "TUI keystroke → painted (p95)", ctx.size, ...)]

This module imports no figure: figures import it, and :mod:`bench.loader`
(the one place that imports :mod:`bench.figures`) reads what they
registered, so the two never import each other. Expensive shared work (the
builds, the open workspace) lives on the context and is done once, by
whichever figure asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import BenchContext
    from .results import Result

FigureFunction = Callable[["BenchContext"], list["Result"]]


@dataclass(frozen=True)
class Figure:
    name: str
    description: str
    function: FigureFunction
    order: int


_REGISTRY: dict[str, Figure] = {}


def figure(
    name: str, description: str, *, order: int
) -> Callable[[FigureFunction], FigureFunction]:
    """Register ``function`` as the figure ``name``, run in ascending ``order``."""

    def register(function: FigureFunction) -> FigureFunction:
        if name in _REGISTRY:
            raise ValueError(f"figure {name!r} is registered twice")
        _REGISTRY[name] = Figure(name, description, function, order)
        return function

    return register


def figures_registered() -> list[Figure]:
    """The figures registered so far, in the order they run (:mod:`bench.loader` loads them)."""
    return sorted(_REGISTRY.values(), key=lambda f: f.order)
