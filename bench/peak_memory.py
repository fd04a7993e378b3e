"""Peak memory of a real ``briefing`` command, in a fresh process of its own.

The honest way to measure what a user's command costs: the command a user
runs (``briefing index``, ``briefing export``), in a process that does
nothing else (it calls the CLI's ``main`` with the arguments), reporting its
peak resident memory plus the largest of its helper processes' (the index
writer's), as :mod:`bench.worker` does for the builds. Used by the
``resources`` figure and by ``tests/adversarial/test_resources.py`` (which
runs it at a smaller scale); the library it runs on is
:mod:`bench.corpora.big_file`'s.

The process's own peak is its ``VmHWM`` (``/proc/self/status``), not its
``ru_maxrss``: on Linux ``ru_maxrss`` survives ``exec``, so a process started
from the benchmark reports the benchmark's own high-water mark when that is
the larger. At 100,000 briefings the harness, having run the figures before
this one in-process, had peaked at ~3.3 GB, and every measured command
(`briefing list` included) "peaked" at that: the 3.3-3.6 GB of issue #19.
``VmHWM`` belongs to the address space ``exec`` made, so it counts only the
command. The index writer's helpers are forked from the command, never from
the benchmark: their ``ru_maxrss`` (``RUSAGE_CHILDREN``) starts at the
command's resident memory when forked (pages shared with it counted again,
so the sum stays an upper bound), never at the benchmark's.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: The measured process: the CLI's ``main``, then its peak RSS (kB on Linux) and output.
_RUNNER = """
import contextlib, io, json, resource, sys
from briefing_tui.cli import main
from bench.peak_memory import own_peak_kb
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 2
own = own_peak_kb()
helpers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"returncode": code, "stdout": out.getvalue(),
                  "stderr": err.getvalue()[-4000:], "peak_kb": own + helpers}))
"""


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


def own_peak_kb() -> int:
    """This process's peak resident memory (kB): ``VmHWM``, else ``ru_maxrss``.

    ``ru_maxrss`` outlives ``exec`` on Linux (see the module's docstring): a
    process the benchmark started would report the benchmark's peak. Any
    measured process the harness starts (this module's runner,
    :mod:`bench.worker`) takes its own peak from here.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # elsewhere it does not outlive exec


def child_env() -> dict[str, str]:
    """The environment for the measured processes: this checkout importable, no user data."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("BRIEFING_CONTENT", None)
    env.pop("BRIEFING_DATA", None)
    return env
