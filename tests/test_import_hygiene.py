"""The core and the CLI never load Textual: checked in a fresh interpreter."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import briefing_tui.core

REPO = Path(__file__).resolve().parents[1]


def _core_modules() -> list[str]:
    return sorted(
        f"briefing_tui.core.{info.name}"
        for info in pkgutil.iter_modules(briefing_tui.core.__path__)
    )


def _fresh_python(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_core_module_imports_without_textual() -> None:
    modules = _core_modules()
    assert "briefing_tui.core.workspace" in modules and len(modules) >= 10
    result = _fresh_python(
        f"""
        import importlib, json, sys
        for name in {modules!r} + ["briefing_tui.cli"]:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(json.dumps({{"textual": loaded}}))
        """
    )
    assert result["textual"] == []


def test_briefing_search_runs_without_loading_textual(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text("# Oil\n\nOil prices rose.\n")
    argv = ["search", "oil", "--json", "--content", str(library), "--data", str(tmp_path / "d")]
    result = _fresh_python(
        f"""
        import contextlib, io, json, sys
        from briefing_tui.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main({argv!r})
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        hits = len(json.loads(out.getvalue()))
        print(json.dumps({{"code": code, "hits": hits, "textual": loaded}}))
        """
    )
    assert result == {"code": 0, "hits": 1, "textual": []}


def test_briefing_search_loads_only_what_a_search_needs(tmp_path: Path) -> None:
    """A one-shot search pays for every module it imports, every time: the other
    commands (claims, export and backup, the analyst's, feeds) and the analyst's
    layer stay unloaded, and so does every other command's parser."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text("# Oil\n\nOil prices rose.\n")
    argv = ["search", "oil", "--content", str(library), "--data", str(tmp_path / "d")]
    result = _fresh_python(
        f"""
        import contextlib, io, json, sys
        from briefing_tui.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            code = main({argv!r})
        unneeded = ("briefing_tui.cli.claims", "briefing_tui.cli.transfer",
                    "briefing_tui.cli.analysis", "briefing_tui.cli.ingest",
                    "briefing_tui.core.analysis", "briefing_tui.core.exchange",
                    "briefing_tui.core.intake", "uuid")
        loaded = sorted(m for m in sys.modules if m.startswith(unneeded))
        print(json.dumps({{"code": code, "loaded": loaded}}))
        """
    )
    assert result == {"code": 0, "loaded": []}


def test_python_m_briefing_tui_search_imports_no_textual(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text("# Oil\n\nOil prices rose.\n")
    done = subprocess.run(
        [
            *(sys.executable, "-X", "importtime", "-m", "briefing_tui", "search", "oil"),
            *("--content", str(library), "--data", str(tmp_path / "d")),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "briefing_tui.cli" in imported  # the probe sees the imports
    assert [name for name in imported if name.split(".")[0] == "textual"] == []


def test_the_check_would_notice_textual() -> None:
    # The same probe, given a module that does import Textual, must see it.
    result = _fresh_python(
        """
        import json, sys
        import briefing_tui.tui.app
        print(json.dumps({"textual": "textual" in sys.modules}))
        """
    )
    assert result == {"textual": True}
