"""How a benchmark run is set up: sizes, corpus, sample counts and where files go.

Folders are arguments (with environment overrides) so the smoke test can
run the whole harness inside ``tmp_path`` without touching the user's cache.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Where per-run data folders go (default: a temporary folder removed afterwards).
WORK_ENV = "BRIEFING_BENCH_WORK"
FULL_SIZE, QUICK_SIZE = 10_000, 1_000
#: The TUI's as-you-type time limit (``briefing_tui.tui.screens.library``);
#: copied, not imported, because importing the TUI would import Textual.
#: Seconds between keystrokes when the TUI figures type into the search box
#: (a quick typist); the minimal mode types faster, it only needs numbers.
TYPING_PACE, MINIMAL_TYPING_PACE = 0.12, 0.03

Log = Callable[[str], None]


@dataclass(frozen=True)
class Samples:
    """How many times each figure is measured. p95 needs at least 20 to mean much."""

    search: int
    no_change: int
    reindex: int
    typing_rounds: int
    """Repetitions of every keystroke (the p95 pools all keystrokes)."""
    cli_runs: int
    warmup: int = 1
    build_rounds: int = 1
    """Full builds of each side (alternating); the fastest counts. Small builds are noisy."""
    tui_typing_rounds: int = 2
    """Times the TUI figure types every phrase into the search box (p95 pools the keys)."""
    tui_starts: int = 7
    """Fresh app processes started for the start-up figure (and as many reference ones)."""
    opens: int = 5
    """Times each generated briefing is opened in the reader."""
    anchor_runs: int = 30
    """Timed ``reanchor_all`` calls (p95 needs at least 20)."""
    highlight_opens: int = 5
    """Opens of the briefing with claims (and of the same briefing without)."""

    @classmethod
    def full(cls) -> Samples:
        return cls(search=30, no_change=30, reindex=10, typing_rounds=5, cli_runs=7)

    @classmethod
    def quick(cls) -> Samples:
        return cls(
            search=20,
            no_change=20,
            reindex=5,
            typing_rounds=1,
            cli_runs=5,
            build_rounds=2,
            tui_typing_rounds=1,
            tui_starts=3,
            opens=1,
            anchor_runs=20,
            highlight_opens=1,
        )

    @classmethod
    def minimal(cls, count: int = 2) -> Samples:
        """Enough to produce every number, not to trust it: for the smoke test."""
        return cls(
            count,
            count,
            count,
            1,
            count,
            warmup=0,
            tui_typing_rounds=1,
            tui_starts=count,
            opens=count,
            anchor_runs=count,
            highlight_opens=count,
        )


def make_logger(stream: object = None) -> Log:
    """Progress lines with the time since the run started, flushed at once."""
    started = time.perf_counter()

    def log(message: str) -> None:
        out = stream or sys.stdout
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=out, flush=True)  # type: ignore[call-overload]

    return log


@dataclass
class BenchConfig:
    """One run of the benchmark."""

    sizes: list[int] = field(default_factory=lambda: [FULL_SIZE])
    corpus: str = "synthetic"
    samples: Samples = field(default_factory=Samples.full)
    cache_root: Path | None = None
    """Generated libraries; ``None``: ``$BRIEFING_BENCH_CACHE`` or the user cache folder."""
    work_root: Path | None = None
    """Per-run data folders; ``None``: ``$BRIEFING_BENCH_WORK`` or a temporary folder."""
    keep: bool = False
    """Keep the data folders (indexes, stores) after the run, to look at them."""
    figures: list[str] | None = None
    """Names of the figures to run; ``None``: every registered figure."""
    quick: bool = False
    minimal: bool = False
    """Tiny inputs for the TUI, reader and claims figures (one phrase typed, documents of
    a few KB, a few claims): every number is produced quickly, none is meaningful.
    For the smoke test."""
    log: Log = field(default_factory=make_logger)

    def resolved_work_root(self) -> Path | None:
        if self.work_root is not None:
            return self.work_root
        override = os.environ.get(WORK_ENV)
        return Path(override).expanduser() if override else None

    def settings(self) -> dict[str, object]:
        """The settings a JSON report records next to the figures."""
        return {
            "sizes": self.sizes,
            "corpus": self.corpus,
            "quick": self.quick,
            "minimal": self.minimal,
            "samples": self.samples.__dict__,
            "figures": self.figures,
        }
