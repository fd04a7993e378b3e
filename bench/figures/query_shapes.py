"""Query shapes built to be costly: each answers or is refused within 100 ms of CPU.

Many ANDed ``date:<YEAR`` terms, many ORed ``date:>YEAR``, 8 and 64
two-letter prefixes, dozens of common words ORed, ANDed or negated: the query
language allows them (64 terms), and before one budget covered the whole query
they cost one to two seconds at 10,000 briefings. Each shape is run as the CLI
runs it (``Workspace.search``, 20 hits with snippets) and as the search box
runs it on a keystroke (``search_as_you_type``). CPU time of this thread is
measured, not wall time, so a busy machine does not pass for a slow query.
The reference is a one-word search in the same run and the same way.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from ..context import BenchContext
from ..registry import figure
from ..results import Result, Target
from ..stats import p95, summary

CPU_TARGET_MS = 100.0
_COMMON = [
    *("the", "said", "government", "minister", "prices", "oil", "talks", "officials"),
    *("week", "people", "year", "new", "state", "market", "report", "security"),
]
_TWO_LETTERS = ["go", "mi", "pr", "st", "re", "co", "se", "pa"]
#: 64 different two-letter prefixes, common English beginnings (each its own expansion).
_SIXTY_FOUR_PREFIXES = [first + second for first in "gmpsrcoa" for second in "oaeiurlt"]


def shapes() -> list[tuple[str, str]]:
    """(name, query) of every costly shape measured."""
    words = (_COMMON * 5)[:64]
    years = [1990 + (n * 7) % 40 for n in range(64)]
    return [
        ("64 date:<YEAR ANDed", " ".join(f"date:<{y}" for y in years)),
        ("64 date:>YEAR ORed", " OR ".join(f"date:>{y}" for y in years)),
        ("8 two-letter prefixes ORed", " OR ".join(f"{p}*" for p in _TWO_LETTERS)),
        ("8 two-letter prefixes ANDed", " ".join(f"{p}*" for p in _TWO_LETTERS)),
        ("64 two-letter prefixes ORed", " OR ".join(f"{p}*" for p in _SIXTY_FOUR_PREFIXES)),
        ("64 common words ORed", " OR ".join(words)),
        ("64 common words ANDed", " ".join(words)),
        ("a word NOT 63 common words", "said " + " ".join(f"-{w}" for w in words[:63])),
    ]


def _cpu_ms(call: Callable[[], object]) -> float:
    started = time.thread_time()
    with contextlib.suppress(ValueError):  # QueryError: refused, which is an answer too
        call()
    return (time.thread_time() - started) * 1000


def _row(ctx: BenchContext, name: str, query: str, how: str) -> Result:
    ws = ctx.workspace()

    def run(text: str) -> Callable[[], object]:
        if how == "typing":
            return lambda: ws.search_as_you_type(text)
        return lambda: ws.search(text, limit=20)

    for _ in range(ctx.samples.warmup):
        _cpu_ms(run(query))
        _cpu_ms(run("government"))
    ours: list[float] = []
    reference: list[float] = []
    for _ in range(max(5, ctx.samples.search // 2)):
        ours.append(_cpu_ms(run(query)))
        reference.append(_cpu_ms(run("government")))
    ctx.log(f"  {how} {name}: p95 {p95(ours):.1f} ms CPU")
    return Result(
        figure="query-shapes",
        label=f"{how} {name} (CPU p95)",
        size=ctx.size,
        ours=p95(ours),
        unit="ms",
        reference=p95(reference),
        reference_label="one word, same way",
        target=Target(max_value=CPU_TARGET_MS, text="< 100 ms CPU"),
        details={"query": query, "ours_ms": summary(ours), "reference_ms": summary(reference)},
    )


@figure("query-shapes", "costly query shapes: CPU per query, CLI and as-you-type", order=45)
def query_shapes(ctx: BenchContext) -> list[Result]:
    return [_row(ctx, name, query, how) for name, query in shapes() for how in ("cli", "typing")]
