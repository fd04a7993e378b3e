"""The benchmark's layout holds: harness at the top, corpora/ for inputs, figures/ one each.

``bench/*.py`` is the harness (registry, context, runner, results, the
instruments), ``bench/corpora/`` makes every input, and ``bench/figures/``
holds one module per figure. Figures depend on the harness and the corpora,
never on each other, and the harness reaches the figures in one place only
(:mod:`bench.loader`), so a figure can be added, changed or removed without
touching another. Read from the sources with ``ast`` (every import,
including those inside functions), so nothing is imported to check it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH = REPO_ROOT / "bench"
FIGURES = BENCH / "figures"
CORPORA = BENCH / "corpora"
#: The one harness module allowed to import ``bench.figures``.
LOADER = BENCH / "loader.py"
MAX_LINES = 500

if str(REPO_ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(REPO_ROOT))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imported(path: Path, source: str | None = None) -> set[str]:
    """Every module ``path`` imports, anywhere in it, as absolute dotted names.

    ``from X import a`` counts as ``X`` and ``X.a`` (``a`` may be a submodule).
    ``source`` stands in for the file's text (the file need not exist).
    """
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package(path).split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _is_figures(name: str) -> bool:
    return name == "bench.figures" or name.startswith("bench.figures.")


def figure_modules() -> list[Path]:
    return sorted(p for p in FIGURES.glob("*.py") if p.name != "__init__.py")


def harness_and_corpora() -> list[Path]:
    return sorted([*BENCH.glob("*.py"), *CORPORA.glob("*.py")])


def test_the_three_parts_exist() -> None:
    assert LOADER.is_file()
    assert (CORPORA / "__init__.py").is_file()
    assert figure_modules(), "no figure modules"
    assert not [
        p
        for p in BENCH.iterdir()
        if p.is_dir()
        and p.name not in {"corpora", "figures"}
        and not p.name.startswith((".", "__"))
    ], "bench/ holds only corpora/ and figures/"


@pytest.mark.parametrize("path", figure_modules(), ids=lambda p: p.name)
def test_a_figure_imports_the_harness_and_corpora_only(path: Path) -> None:
    bench = {name for name in imported(path) if name.split(".")[0] == "bench"}
    others = sorted(name for name in bench if _is_figures(name))
    assert not others, f"{path.name} imports another figure module: {others}"
    harness = {p.stem for p in BENCH.glob("*.py")} | {"corpora"}
    stray = sorted(
        name for name in bench if len(name.split(".")) > 1 and name.split(".")[1] not in harness
    )
    assert not stray, f"{path.name} imports from outside the harness and corpora: {stray}"


def test_only_the_loader_imports_the_figures() -> None:
    importers = [p for p in harness_and_corpora() if any(_is_figures(n) for n in imported(p))]
    assert importers == [LOADER], (
        "the harness and the corpora reach bench.figures through bench/loader.py only; also: "
        f"{[p.relative_to(REPO_ROOT).as_posix() for p in importers if p != LOADER]}"
    )


def test_every_figure_module_is_imported_and_registers_one_figure_named_after_it() -> None:
    listed = {name.rpartition(".")[2] for name in imported(FIGURES / "__init__.py")}
    missing = sorted(p.stem for p in figure_modules() if p.stem not in listed)
    assert not missing, f"bench/figures/__init__.py does not import {missing}"

    from bench.loader import registered

    by_module: dict[str, list[str]] = {}
    for item in registered():
        by_module.setdefault(item.function.__module__, []).append(item.name)
    for path in figure_modules():
        names = by_module.get(_module_name(path), [])
        assert names == [path.stem.replace("_", "-")], (
            f"{path.name} registers {names}: one figure per module, named after the module"
        )
    assert set(by_module) == {_module_name(p) for p in figure_modules()}


def test_no_module_is_over_500_lines() -> None:
    long = {
        p.relative_to(REPO_ROOT).as_posix(): n
        for p in sorted(BENCH.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_the_checker_sees_relative_and_nested_imports() -> None:
    """The rules are only as good as :func:`imported`: it resolves what figures write."""
    assert {"bench.context", "bench.registry", "bench.results"} <= imported(FIGURES / "build.py")
    source = (
        "import bench.figures.cli\n"
        "def f():\n"
        "    from . import search\n"
        "    from .reanchor import spread\n"
        "    from .. import figures\n"
    )
    found = imported(FIGURES / "probe.py", source)
    assert {"bench.figures.cli", "bench.figures.search", "bench.figures.reanchor"} <= found
    assert "bench.figures" in found
    assert "bench.figures" in imported(BENCH / "probe.py", "from . import figures\n")
    assert imported(CORPORA / "probe.py", "from ..context import X\n") >= {"bench.context"}
