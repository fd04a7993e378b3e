"""Mutation testing of the claim anchoring and query-language modules (issue #20).

``make mutation`` runs this. It makes mutmut 2.x's mutants (its operators: ``<``
to ``<=``, ``+ 1``, ``break`` to ``continue``, ``and`` to ``or``, strings to
``"XX...XX"``, a call's result to ``None`` ...) of each module below, runs the
module's unit tests against every mutant and prints the module's score (the
share of mutants some test notices) and the mutants no test noticed, each with
its line, and the reason when it is a known equivalent mutant (one that changes
nothing a caller can observe).

How it runs, and why:

* On a snapshot. The project tree is copied to a temporary folder first, and
  mutants are installed only in the memory of a test process (the mutated
  source is compiled under the module's name before pytest imports it), so
  nothing in the working tree is ever rewritten and people editing it at the
  same time see no mutant.
* Fast. A parent process imports pytest, Hypothesis, rapidfuzz, Whoosh ...
  once and forks a child per mutant, which imports only the project's code.
  ``-x`` stops a child at its first failing test. Hypothesis runs
  derandomized and without its example database, so a run is reproducible.
* Bounded. A mutant whose tests take longer than ``--timeout`` (by default
  three times the unmutated run plus 10 s) is stopped and counted as noticed
  ("timeout": an infinite loop is a change a user would notice).
* Sampled on request. ``--sample N --seed S`` tests a deterministic random
  sample of N mutants per module; by default every mutant is tested (about
  900 in all, 5-10 minutes on two cores).

mutmut is only used to make the mutants: it lives apart from the project's
dependencies (``make mutation`` installs ``mutmut<3`` into ``.venv/mutmut``)
and is found with ``--mutmut DIR``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: module -> the unit tests run against its mutants (most specific first, as ``-x``
#: stops at the first failure). Unit tests only: fast, and they own the promises.
MODULES: dict[str, tuple[str, ...]] = {
    "briefing_tui.core.claims.anchoring": (
        "tests/unit/test_fuzzy_candidate_ends.py",
        "tests/unit/test_anchoring*.py",
        "tests/unit/test_claims.py",
    ),
    # A candidate's sentence and paragraph edges (split out of anchoring.py).
    "briefing_tui.core.claims.boundaries": (
        "tests/unit/test_fuzzy_candidate_ends.py",
        "tests/unit/test_anchoring*.py",
        "tests/unit/test_claims.py",
    ),
    # Split out of anchoring.py: scored with the same tests as when they lived there.
    "briefing_tui.core.text.quotes": (
        "tests/unit/test_anchoring*.py",
        "tests/unit/test_claims.py",
    ),
    "briefing_tui.core.text.sentences": (
        "tests/unit/test_anchoring*.py",
        "tests/unit/test_claims.py",
    ),
    "briefing_tui.core.claims.spans": (
        "tests/unit/test_anchoring*.py",
        "tests/unit/test_claims.py",
    ),
    "briefing_tui.core.search.query": (
        "tests/unit/test_query*.py",
        "tests/unit/test_search.py",
    ),
    # Split out of query.py this session: scored with the same tests.
    "briefing_tui.core.search.date_spans": (
        "tests/unit/test_query*.py",
        "tests/unit/test_search.py",
    ),
}

#: Mutants known to change nothing observable: (module, original line, mutated line)
#: stripped of indentation -> why. Printed beside a survivor so a new survivor stands
#: out; the score counts them as survivors all the same.
_ANNOTATION = "an annotation: with `from __future__ import annotations` it is never evaluated"
_Q = "briefing_tui.core.search.query"
EQUIVALENT: dict[tuple[str, str, str], str] = {
    (_Q, "field: str | None = None", "field: str & None = None"): _ANNOTATION,
    (_Q, "at_end: bool = False", "at_end: bool = True"): (
        "the default is used only by paren, operator and minus tokens, whose at_end "
        "the parser never reads (words, fields and phrases set it explicitly)"
    ),
    (_Q, "at_end: bool = False", "at_end: bool = None"): (
        "as above: at_end of paren, operator and minus tokens is never read"
    ),
    (_Q, "if end < 0:", "if end <= 0:"): (
        "end is found searching from start + 1 >= 1, so it is never 0"
    ),
    (_Q, "if end < 0:", "if end < 1:"): "end is never 0 (as above)",
    (
        _Q,
        'raise QueryError(f"unexpected {token.text!r}")',
        'raise QueryError(f"XXunexpected {token.text!r}XX")',
    ): (
        "unreachable: or_expr returns only at the end or before a ')', so a token left "
        "over is always a ')' (reported above)"
    ),
    (_Q, "break", "continue"): (
        "in or_expr after a dangling OR while typing: the loop's own test then stops "
        "at the end or the ')' that made it break"
    ),
    (
        _Q,
        'raise QueryError("the query ends too early")',
        'raise QueryError("XXthe query ends too earlyXX")',
    ): ("unreachable: unary checks that a token follows NOT before calling atom"),
}


@dataclass
class Mutant:
    module: str
    line: int  # 1-based
    original: str
    mutated: str
    source: str
    outcome: str = "untested"  # killed, timeout, survived
    seconds: float = 0.0


def make_mutants(module: str, path: Path, mutmut_dir: str | None) -> list[Mutant]:
    """Every mutant mutmut 2.x makes of the file at ``path``."""
    if mutmut_dir:
        sys.path.insert(0, mutmut_dir)
    try:
        import mutmut
    except ImportError:
        sys.exit("mutmut is not installed: pip install 'mutmut<3' (or use make mutation)")
    if not mutmut.__version__.startswith("2."):
        sys.exit(f"mutmut {mutmut.__version__} found; this tool uses mutmut 2.x (mutmut<3)")
    source = path.read_text(encoding="utf-8")
    lines = source.split("\n")
    ids = mutmut.list_mutations(mutmut.Context(source=source, filename=str(path)))
    mutants = []
    for mutation_id in ids:
        context = mutmut.Context(source=source, mutation_id=mutation_id, filename=str(path))
        mutated, count = mutmut.mutate(context)
        assert count == 1, mutation_id
        new_lines = mutated.split("\n")
        number = mutation_id.line_number
        changed = new_lines[number] if len(new_lines) == len(lines) else "(lines changed)"
        mutants.append(Mutant(module, number + 1, lines[number].strip(), changed.strip(), mutated))
    return mutants


def snapshot(into: Path, rev: str | None = None) -> None:
    """The code and the unit tests as they are now (or at git ``rev``), so edits made
    meanwhile do not count."""
    if rev is not None:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-tree", "--name-only", rev, "tests/"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        wanted = ("tests/__init__.py", "tests/conftest.py", "tests/unit")
        names = ["briefing_tui", *(name for name in wanted if name in listed)]
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev, *names, "pyproject.toml"],
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
        return
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    shutil.copytree(ROOT / "briefing_tui", into / "briefing_tui", ignore=ignore)
    (into / "tests").mkdir()
    for name in ("__init__.py", "conftest.py"):
        if (ROOT / "tests" / name).exists():
            shutil.copy2(ROOT / "tests" / name, into / "tests" / name)
    shutil.copytree(ROOT / "tests" / "unit", into / "tests" / "unit", ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", into / "pyproject.toml")


def preload(tree: Path) -> None:
    """Import the third-party libraries once, in the parent, then forget the project's modules."""
    import hypothesis
    import pytest  # noqa: F401

    hypothesis.settings.register_profile("mutation", database=None, derandomize=True)
    sys.path.insert(0, str(tree))
    for name in ("claims", "search", "store", "sync", "workspace", "anchoring", "query"):
        importlib.import_module(f"briefing_tui.core.{name}")
    with contextlib.suppress(ImportError):
        import rapidfuzz.fuzz  # noqa: F401
    for name in [name for name in sys.modules if name.split(".")[0] in ("briefing_tui", "tests")]:
        del sys.modules[name]


def run_child(tree: Path, module: str, source: str | None, tests: list[str]) -> None:
    """In a forked child: install the mutant (or nothing) and run the tests; never returns."""
    code = 3
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.chdir(tree)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        import hypothesis
        import pytest

        hypothesis.settings.load_profile("mutation")
        if source is not None:
            package_name, _, short = module.rpartition(".")
            package = importlib.import_module(package_name)
            path = tree / (module.replace(".", "/") + ".py")
            spec = importlib.util.spec_from_file_location(module, path)
            assert spec is not None
            mutant = importlib.util.module_from_spec(spec)
            sys.modules[module] = mutant
            try:
                exec(compile(source, str(path), "exec"), mutant.__dict__)
            except Exception:
                os._exit(1)  # a mutant that cannot even be imported is noticed
            setattr(package, short, mutant)
        args = ["-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=", *tests]
        code = int(pytest.main(args))
    finally:
        os._exit(code)


def test_files(tree: Path, patterns: tuple[str, ...]) -> list[str]:
    files: list[str] = []
    for pattern in patterns:
        for path in sorted(tree.glob(pattern)):
            name = str(path.relative_to(tree))
            if name not in files:
                files.append(name)
    return files


def run_all(tree: Path, jobs: list[tuple[Mutant, list[str]]], workers: int, timeout: float) -> None:
    """Run each mutant's tests in a forked child, ``workers`` at a time."""
    running: dict[int, tuple[Mutant, float]] = {}
    try:
        _run(tree, running, list(jobs), workers, timeout)
    finally:
        for child in running:  # interrupted: stop the children this run started
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def _run(
    tree: Path,
    running: dict[int, tuple[Mutant, float]],
    pending: list[tuple[Mutant, list[str]]],
    workers: int,
    timeout: float,
) -> None:
    total, done = len(pending), 0
    while pending or running:
        while pending and len(running) < workers:
            mutant, tests = pending.pop(0)
            pid = os.fork()
            if pid == 0:
                run_child(tree, mutant.module, mutant.source, tests)
            running[pid] = (mutant, time.monotonic())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for child, (mutant, started) in list(running.items()):
                if now - started > timeout:
                    os.kill(child, signal.SIGKILL)
                    os.waitpid(child, 0)
                    del running[child]
                    mutant.outcome, mutant.seconds = "timeout", now - started
                    done += 1
            time.sleep(0.02)
            continue
        mutant, started = running.pop(pid)
        mutant.seconds = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        mutant.outcome = "survived" if code == 0 else "killed"
        done += 1
        if done % 25 == 0:
            print(f"  {done}/{total} mutants tested", flush=True)


def baseline(tree: Path, module: str, tests: list[str]) -> float:
    """Seconds the unmutated tests take; exits if they do not pass."""
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        run_child(tree, module, None, tests)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"the tests for {module} fail without any mutant: fix them first ({tests})")
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutmut", help="folder mutmut 2.x is installed in (pip --target)")
    parser.add_argument("--module", action="append", choices=sorted(MODULES), help="repeatable")
    parser.add_argument("--sample", type=int, help="test only N mutants per module")
    parser.add_argument("--seed", type=int, default=20, help="seed of the sample (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--timeout", type=float, help="seconds before a mutant counts as a hang")
    parser.add_argument("--line", type=int, action="append", help="only mutants on this line")
    parser.add_argument("--rev", help="test the code and unit tests of this git revision")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so the copy is removed
    modules = args.module or list(MODULES)

    with tempfile.TemporaryDirectory(prefix="briefing-mutation-") as folder:
        tree = Path(folder)
        snapshot(tree, args.rev)
        plan: list[tuple[Mutant, list[str]]] = []
        slowest = 0.0
        for module in modules:
            path = tree / (module.replace(".", "/") + ".py")
            mutants = make_mutants(module, path, args.mutmut)
            if args.line:
                mutants = [m for m in mutants if m.line in args.line]
            if args.sample is not None and args.sample < len(mutants):
                mutants = random.Random(args.seed).sample(mutants, args.sample)
                mutants.sort(key=lambda m: m.line)
            tests = test_files(tree, MODULES[module])
            plan.extend((mutant, tests) for mutant in mutants)
        preload(tree)
        for module in modules:
            seconds = baseline(tree, module, test_files(tree, MODULES[module]))
            slowest = max(slowest, seconds)
            print(f"{module}: unmutated tests pass in {seconds:.1f} s", flush=True)
        timeout = args.timeout or 3 * slowest + 10
        sampled = f", a sample with seed {args.seed}" if args.sample is not None else ""
        print(
            f"testing {len(plan)} mutants{sampled}, {args.jobs} at a time, timeout {timeout:.0f} s",
            flush=True,
        )
        started = time.monotonic()
        run_all(tree, plan, args.jobs, timeout)
        elapsed = time.monotonic() - started

    failed = False
    for module in modules:
        mutants = [mutant for mutant, _ in plan if mutant.module == module]
        if not mutants:
            continue
        noticed = sum(m.outcome in ("killed", "timeout") for m in mutants)
        timeouts = sum(m.outcome == "timeout" for m in mutants)
        score = 100.0 * noticed / len(mutants)
        failed |= score < 90.0
        print(
            f"\n{module}: {score:.1f}% ({noticed} of {len(mutants)} mutants noticed, "
            f"{timeouts} of them by timing out)"
        )
        for outcome in ("killed", "timeout", "survived"):
            took = [m.seconds for m in mutants if m.outcome == outcome]
            if took:
                print(f"  {outcome}: {len(took)}, {sum(took) / len(took):.1f} s each on average")
        for mutant in (m for m in mutants if m.outcome == "survived"):
            print(f"  line {mutant.line}: {mutant.original}")
            print(f"      survived as: {mutant.mutated}")
            reason = EQUIVALENT.get((module, mutant.original, mutant.mutated))
            print(f"      equivalent: {reason}" if reason else "      NOT KNOWN TO BE EQUIVALENT")
    print(f"\n{len(plan)} mutants in {elapsed / 60:.1f} minutes")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
