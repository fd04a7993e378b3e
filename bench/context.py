"""What every figure at one library size shares: folders, the builds, the workspace.

The full builds are expensive (tens of seconds at 10,000), so they run
once, on first request, and every figure that needs them (the build figure,
the memory figure, anything that searches) reads the same reports.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefing_tui.core.paths import LibraryPaths, resolve_paths
from briefing_tui.core.workspace import Workspace

from .config import BenchConfig, Log, Samples

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Searched by the build workers after building, so peak memory covers sync + search.
MEMORY_QUERIES = ["government", '"prime minister"', "minist*", "title:oil", "date:2024"]


@dataclass(frozen=True)
class BuildRun:
    """What a build worker reported."""

    seconds: float
    docs: int
    skipped: int
    hits: int
    maxrss_self_kb: int
    maxrss_children_kb: int

    @property
    def peak_mb(self) -> float:
        """Main process plus its largest helper: an upper bound of the peak together."""
        return (self.maxrss_self_kb + self.maxrss_children_kb) / 1024


class BenchContext:
    """One library size's folders and shared, lazily computed state."""

    def __init__(self, config: BenchConfig, size: int, library: Path, work: Path) -> None:
        self.config = config
        self.size = size
        self.library = library
        self.work = work
        self.data_root = work / "data"
        self.reference_index = work / "reference-index"
        self.paths: LibraryPaths = resolve_paths(library, self.data_root)
        #: Scratch space for figures added later (TUI, export) to share results.
        self.shared: dict[str, Any] = {}
        self._builds: dict[str, BuildRun] = {}
        self._workspace: Workspace | None = None

    @property
    def samples(self) -> Samples:
        return self.config.samples

    @property
    def log(self) -> Log:
        return self.config.log

    def python(self) -> str:
        """The interpreter the benchmark runs under (the project's venv)."""
        return sys.executable

    def subprocess_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env.pop("BRIEFING_CONTENT", None)
        env.pop("BRIEFING_DATA", None)
        return env

    # -- the builds ------------------------------------------------------------------

    def build(self, side: str) -> BuildRun:
        """The full build of ``side`` ("ours" or "reference"): the fastest of the rounds.

        Rounds alternate ours and the reference, each in a fresh process and
        a fresh folder, so a noisy minute on the machine hits both; the
        fastest round is the least disturbed one. Peak memory is the largest
        of the rounds.
        """
        if not self._builds:
            if self._workspace is not None:
                raise RuntimeError("the builds must run before the workspace is opened")
            rounds: dict[str, list[BuildRun]] = {"ours": [], "reference": []}
            for number in range(1, self.samples.build_rounds + 1):
                for each in rounds:
                    rounds[each].append(self._build_once(each, number))
            for each, runs in rounds.items():
                fastest = min(runs, key=lambda run: run.seconds)
                self._builds[each] = replace(
                    fastest,
                    maxrss_self_kb=max(run.maxrss_self_kb for run in runs),
                    maxrss_children_kb=max(run.maxrss_children_kb for run in runs),
                )
        return self._builds[side]

    def _build_once(self, side: str, number: int) -> BuildRun:
        folder = self.data_root if side == "ours" else self.reference_index
        shutil.rmtree(folder, ignore_errors=True)
        command = [self.python(), "-m", "bench.worker", side, "--content", str(self.library)]
        command += ["--data" if side == "ours" else "--index", str(folder)]
        for query in MEMORY_QUERIES:
            command += ["--query", query]
        rounds = self.samples.build_rounds
        which = f", round {number} of {rounds}" if rounds > 1 else ""
        self.log(f"  full build, {side}, {self.size} documents (fresh process{which})")
        done = subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=self.subprocess_env(),
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the {side} build worker failed (exit {done.returncode})")
        report = json.loads(done.stdout.strip().splitlines()[-1])
        self.log(f"  {side}: {report['docs']} documents in {report['seconds']:.2f} s")
        return BuildRun(**report)

    # -- our workspace on the built index ---------------------------------------------

    def workspace(self) -> Workspace:
        """Our workspace on the index our build made, settled by one sync."""
        if self._workspace is None:
            self.build("ours")
            # Long-lived, as a program searching many times keeps it (the index
            # memory-mapped, as the bare Whoosh reference opens it).
            self._workspace = Workspace(self.paths, long_lived=True)
            report = self._workspace.sync()
            if report.changed:
                self.log(
                    f"  warning: the first sync after a full build changed: {report.summary()}"
                )
        return self._workspace

    @property
    def first_size(self) -> bool:
        """True at the run's first library size.

        Figures that don't depend on the library (opening a generated briefing,
        re-anchoring) run there only, once per run.
        """
        return self.size == self.config.sizes[0]

    def sample_tag(self) -> str:
        """The most common tag in the library, so ``tag:`` queries find something."""
        counts = self.workspace().store.tag_counts()
        return max(counts, key=lambda pair: pair[1])[0] if counts else "politics"

    def sample_year(self) -> str:
        """The year with the most documents, so ``date:`` queries find something."""
        if "sample_year" not in self.shared:
            records = self.workspace().store.list_documents()
            years = Counter(record.date[:4] for record in records if record.date)
            self.shared["sample_year"] = years.most_common(1)[0][0] if years else "2024"
        return str(self.shared["sample_year"])

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
