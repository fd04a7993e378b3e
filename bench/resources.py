"""Peak memory of real ``briefing`` commands: syncing a library with a 5 MB file, exporting.

Issue #8, group 12 ("memory stays bounded when syncing a library with a 5 MB
file among 10,000 and when exporting 10,000 claims"), measured the honest
way: the command a user runs (``briefing index``, ``briefing export``), in
a fresh process of its own that does nothing else (it calls the CLI's
``main`` with the arguments), reporting its peak resident memory plus the
largest of its helper processes' (the index writer's), as
:mod:`bench.worker` does for the builds. Shared by the ``resources`` figure
and by ``tests/adversarial/test_resources.py`` (which runs it at a smaller
scale).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: The measured process: the CLI's ``main``, then its peak RSS (kB on Linux) and output.
_RUNNER = """
import contextlib, io, json, resource, sys
from briefing_tui.cli import main
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 2
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
helpers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"returncode": code, "stdout": out.getvalue(),
                  "stderr": err.getvalue()[-4000:], "peak_kb": own + helpers}))
"""

#: The big briefing's size: under the 5 MiB cap, so it is read and indexed.
BIG_BYTES = 5_000_000
#: A file over the cap: listed as too large, never read.
OVER_CAP_BYTES = 5 * 1024 * 1024 + 4096
BIG_NAME, OVER_CAP_NAME = "zz-big-5mb.md", "zz-over-cap.md"
#: The big briefing's last word: found by a search only if all of it was indexed.
BIG_LAST_WORD = "zyzzyvabigfile"


@dataclass(frozen=True)
class Measured:
    """One command's exit status, output and peak resident memory."""

    returncode: int
    stdout: str
    stderr: str
    peak_mb: float


def run_briefing(content: Path, data: Path, *args: str) -> Measured:
    """``briefing --content C --data D ARGS`` in a fresh process; its output and peak RSS (MB).

    The peak is the process's own plus its largest helper's (an upper bound
    of the two together), as the build figures report it.
    """
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, "--content", str(content), "--data", str(data), *args],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"the measuring process failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    return Measured(
        report["returncode"], report["stdout"], report["stderr"], report["peak_kb"] / 1024
    )


def big_briefing(size: int = BIG_BYTES) -> str:
    """A generated briefing of about ``size`` bytes (prose, headings, lists) ending in a word."""
    from .reader_docs import DocSpec, document

    text = document(DocSpec("big", "5 MB", size - 200, "prose", 300), seed="resources")
    return text.replace("id: bench-big", "id: resources-big") + f"\nLast word {BIG_LAST_WORD}.\n"


def library_with_a_big_file(source: Path | None, target: Path, big: int = BIG_BYTES) -> Path:
    """``target``: a copy of ``source``'s briefings (if any), a big one, and one over the cap."""
    if target.exists():
        shutil.rmtree(target)
    if source is not None:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))
    else:
        target.mkdir(parents=True)
    (target / BIG_NAME).write_text(big_briefing(big), encoding="utf-8")
    with open(target / OVER_CAP_NAME, "w", encoding="utf-8") as handle:
        handle.write("---\nid: resources-over-cap\ntitle: Over the cap\n---\n\n")
        line = "An over-the-cap briefing line that nobody should ever read whole.\n"
        handle.write(line * (OVER_CAP_BYTES // len(line) + 1))
    return target


def child_env() -> dict[str, str]:
    """The environment for the measured processes: this checkout importable, no user data."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("BRIEFING_CONTENT", None)
    env.pop("BRIEFING_DATA", None)
    return env
