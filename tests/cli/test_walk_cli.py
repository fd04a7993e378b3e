"""What a script writer's walk through the CLI found: a closed standard output or
error (``>&-``, ``2>&-``) and an output that cannot hold every character (a Latin-1 or
ASCII locale, ``PYTHONIOENCODING=ascii``) ended in a traceback; ``NO_COLOR=`` (empty)
turned colour off, which no-color.org says it must not; and ``briefing fetch --json``
with no feeds printed no JSON at all."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.cli.common import Style

from .helpers import Runner, one_line_error

REPO = Path(__file__).resolve().parents[2]

LIBRARY = {
    "cafe.md": (
        "---\nid: cafe\ntitle: Café ☃ naïve\ndate: 2024-03-05\nsource: Agence ☃\n"
        "tags: [日本]\n---\n\nCafé naïve résumé 北京 Москва.\n"
    ),
    "oil.md": "---\nid: oil\ntitle: Oil prices\ndate: 2024-03-06\n---\n\nOil prices rose.\n",
}


@pytest.fixture
def library(lib_dir: Path) -> Path:
    for name, text in LIBRARY.items():
        (lib_dir / name).write_text(text, encoding="utf-8")
    return lib_dir


@pytest.fixture
def run(library: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(library), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def _in_process(library: Path, data_dir: Path, *args: str) -> int:
    return main([*args, "--content", str(library), "--data", str(data_dir)])


@pytest.mark.parametrize(
    ("args", "expected"),
    [(("search", "oil"), 0), (("search", "zzqq"), 1), (("list",), 0), (("show", "cafe"), 0)],
)
@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_closed_output_runs_the_command_without_a_traceback(
    library: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    closed: str,
    args: tuple[str, ...],
    expected: int,
) -> None:
    # Python gives None for a standard stream whose descriptor was closed (>&-).
    monkeypatch.setattr(sys, closed, None)
    try:
        assert _in_process(library, data_dir, *args) == expected
    finally:
        stream = getattr(sys, closed)
        if stream is not None:
            stream.close()


def test_a_closed_stdout_from_the_shell(library: Path, data_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "BRIEFING_CONTENT": str(library)}
    env["BRIEFING_DATA"] = str(data_dir)
    command = f"'{sys.executable}' -m briefing_tui search café --json >&-"
    done = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_narrow_output_encoding_replaces_what_it_cannot_hold(
    library: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    shown = {("show", "cafe"): "Caf", ("list",): "Caf", ("search", "café"): "Caf", ("tags",): "1"}
    for args, fragment in shown.items():
        raw = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding=encoding))
        assert _in_process(library, data_dir, *args) == 0, args
        sys.stdout.flush()
        text = raw.getvalue().decode(encoding)
        assert "?" in text, args  # ☃ and 北京 cannot be written: shown as ?
        assert fragment in text, args


def test_json_on_a_narrow_output_stays_lossless(
    library: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in (("list", "--json"), ("search", "café", "--json")):
        raw = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
        assert _in_process(library, data_dir, *args) == 0, args
        sys.stdout.flush()
        listed = json.loads(raw.getvalue().decode("ascii"))
        assert any(item["title"] == "Café ☃ naïve" for item in listed), args


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_empty_no_color_leaves_colour_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "")
    assert Style(_Terminal()).on  # "present and not an empty string" (no-color.org)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Style(_Terminal()).on
    monkeypatch.delenv("NO_COLOR")
    assert Style(_Terminal()).on


def test_fetch_json_without_feeds_is_still_json(run: Runner) -> None:
    code, out, err = run("fetch", "--json")
    assert code == 1
    assert json.loads(out) == {"new": 0, "updated": 0, "kept": 0, "feeds": []}
    assert "No feeds yet" in err


def test_a_tag_too_long_to_search_is_refused(run: Runner) -> None:
    # ``tag:`` takes words of at most 100 characters: a longer tag could be set
    # (and was: 500 characters), then never found.
    long, longest = "t" * 101, "t" * 100
    for args in (
        ("tag", "oil", f"+{long}"),
        ("annotate", "oil", "--quote", "Oil prices rose", "--tag", long),
        ("import", "--tag", long, "nothing.txt"),
    ):
        code, out, err = run(*args)
        assert code == 2, args
        assert "too long (limit 100)" in one_line_error(err), args
    code, _, err = run("tag", "oil", f"+{longest}")
    assert code == 0, err
    code, out, err = run("search", f"tag:{longest}")
    assert code == 0, err
    assert "Oil prices" in out
    code, _, err = run("tag", "oil", f"-{longest}")
    assert code == 0, err


def test_a_tag_holding_a_double_quote_is_refused_as_the_app_refuses_it(run: Runner) -> None:
    """``tag:"…"`` ends at the quote: a tag holding one could be set and never found."""
    code, _, err = run("tag", "oil", '+say"q"')
    assert code == 2
    assert "double quote" in one_line_error(err)


def test_a_tag_that_cleans_to_nothing_is_refused_not_dropped(run: Runner) -> None:
    """``briefing tag oil +,`` exited 0 and changed nothing, without a word."""
    for args in (
        ("tag", "oil", "+,"),
        ("tag", "oil", "-,"),
        ("annotate", "oil", "--quote", "Oil prices rose", "--tag", ","),
    ):
        code, _, err = run(*args)
        assert code == 2, args
        assert "not a tag name" in one_line_error(err), args
