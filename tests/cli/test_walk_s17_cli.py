"""What a script author's walk through the README's command line found: argparse's
refusals (a missing value, ``--limit 0``, an unknown option) printed a usage block above
the error, not the one line the README promises, and echoed an unknown argument's
control characters; ``--debug`` turned an error's exit status 2 into 1 (what ``search``
says of no hits); an option's value starting with a dash (``mark --query -tag:done``,
``claim-edit C --note -ok``) was refused; and ``claims --help`` and
``import-annotations --help`` said otherwise than the README and the code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

from briefing_tui.cli import build_parser, main

from .helpers import Runner, annotate, claims_json, one_line_error

LIBRARY = {
    "oil.md": "---\nid: oil\ntitle: Oil prices\ndate: 2024-03-06\n---\n\nOil prices rose.\n",
    "gas.md": (
        "---\nid: gas\ntitle: Gas deal\ndate: 2024-03-05\ntags: [done]\n---\n\nGas deal signed.\n"
    ),
}


@pytest.fixture
def library(lib_dir: Path) -> Path:
    for name, text in LIBRARY.items():
        (lib_dir / name).write_text(text, encoding="utf-8")
    return lib_dir


@pytest.fixture
def run(library: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    def runner(*args: str) -> tuple[int, str, str]:
        try:
            code = main([*args, "--content", str(library), "--data", str(data_dir)])
        except SystemExit as ended:  # argparse's refusals and --help
            code = ended.code if isinstance(ended.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return runner


@pytest.mark.parametrize(
    ("args", "said", "help_named"),
    [
        (("search", "oil", "--limit", "0"), "the limit must be at least 1", "briefing search"),
        (("search", "oil", "--limit"), "expected one argument", "briefing search"),
        (("search",), "required: query", "briefing search"),
        (("search", "oil", "--sort", "size"), "invalid choice", "briefing search"),
        (("list", "--bogus"), "unrecognized arguments: --bogus", "briefing list"),
        (("mark", "oil"), "--read --unread is required", "briefing mark"),
        (("saved", "move", "a", "x"), "invalid int value", "briefing saved move"),
        (("nosuch",), "invalid choice: 'nosuch'", "briefing"),
    ],
)
def test_a_mistyped_command_is_one_line_on_stderr_with_exit_2(
    run: Runner, args: tuple[str, ...], said: str, help_named: str
) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    line = one_line_error(err)  # was the usage block, then the error
    assert said in line and f"`{help_named} --help`" in line, line


def test_an_unknown_argument_is_named_without_its_control_characters(run: Runner) -> None:
    code, _, err = run("list", "x\x1b[2J\x07")
    assert code == 2
    line = one_line_error(err)
    assert "\x1b" not in line and "\x07" not in line and "␛[2J" in line, line


def test_debug_shows_the_traceback_and_keeps_exit_status_2(run: Runner) -> None:
    code, out, err = run("show", "nothing-like-it", "--debug")
    assert code == 2 and out == ""  # was 1: the exception went out of main
    assert "Traceback" in err
    assert err.strip().splitlines()[-1].startswith("briefing: error: no briefing with id")
    code, _, err = run("show", "nothing-like-it")
    assert code == 2 and "Traceback" not in err


def test_an_option_value_may_start_with_a_dash(run: Runner) -> None:
    code, out, err = run("mark", "--query", "-tag:done", "--read")
    assert code == 0, err
    assert "1 briefing(s) match; 1 marked read" in out
    code, out, _ = run("list", "--unread", "--json")
    assert [item["id"] for item in json.loads(out)] == ["gas"]
    claim = annotate(run, "oil", "--quote", "Oil prices rose")
    code, _, err = run("claim-edit", claim, "--note", "-ok")
    assert code == 0, err
    assert claims_json(run)[0]["note"] == "-ok"
    code, _, err = run("claim-edit", claim, "--note", "--status")  # a value forgotten
    assert code == 2 and "expected one argument" in one_line_error(err)


def _help(run: Runner, command: str) -> str:
    """``briefing COMMAND --help``, its whitespace runs made one space."""
    code, out, _ = run(command, "--help")
    assert code == 0
    return " ".join(out.split())


def test_claims_help_names_note_and_claim_as_filters_of_the_claims(run: Runner) -> None:
    """The README: ``note:`` and ``claim:`` filter the claims themselves (and the code
    does); the help said they "select briefings only"."""
    text = _help(run, "claims")
    assert "claim:, note:" not in text and "note:WORDS and claim:WORDS" in text
    first = annotate(run, "oil", "--quote", "Oil prices", "--note", "source unclear")
    annotate(run, "oil", "--quote", "rose")
    assert [item["id"] for item in claims_json(run, "note:source")] == [first]
    assert [item["id"] for item in claims_json(run, 'claim:"oil prices"')] == [first]


def test_import_annotations_help_matches_by_content_hash_first(run: Runner) -> None:
    """The README (and the code): content hash, then id, then URL; the help said id first."""
    text = _help(run, "import-annotations")
    assert "matched by content hash, then id, then URL" in text


def test_every_option_of_every_command_says_what_it_does() -> None:
    """``briefing list --help`` showed ``--json`` and ``--sort`` with no word, and so did
    ``tags --json``, ``search --sort`` and ``import --title``/``--source``/``--url``."""

    def bare(parser: argparse.ArgumentParser, name: str) -> list[str]:
        found: list[str] = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for command, sub in action.choices.items():
                    found += bare(sub, f"{name} {command}")
            elif action.option_strings and not action.help:
                found.append(f"{name} {action.option_strings[-1]}")
        return found

    assert bare(build_parser(), "briefing") == []


@pytest.mark.parametrize("stream", ["stdin", "stdout"])
def test_the_app_without_a_terminal_says_so_and_starts_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stream: str
) -> None:
    """`briefing > out` (or from a script) wrote the app's escape sequences into the
    file and waited for keys that never came."""
    import briefing_tui.tui.app as app_module

    started: list[object] = []
    monkeypatch.setattr(app_module, "run_app", lambda paths, **_: started.append(paths) or 0)
    for name in ("stdin", "stdout"):
        monkeypatch.setattr(getattr(sys, name), "isatty", lambda name=name: name != stream)
    library = tmp_path / "library"
    library.mkdir()
    assert main(["--content", str(library), "--data", str(tmp_path / "data")]) == 2
    assert started == []
    err = capsys.readouterr().err
    assert f"the app needs a terminal, and {stream} is not one" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("number", "meaning"),
    [
        (27, "file too large (a file size limit, `ulimit -f`"),  # EFBIG: `export` under ulimit -f
        (13, "permission denied (a read-only folder"),  # EACCES: `index` on a read-only folder
        (28, "the disk is full"),  # ENOSPC
    ],
)
def test_a_file_system_error_is_said_by_its_file_and_what_it_means(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    number: int,
    meaning: str,
) -> None:
    """`briefing export -o x.json` under `ulimit -f` said "[Errno 27] File too large";
    `index --rebuild` on a read-only data folder "[Errno 13] Permission denied:
    '…/index.build-lock'"."""
    import importlib

    target = tmp_path / "out" / "x.json"

    def failing(args):  # type: ignore[no-untyped-def]
        raise OSError(number, "raw", str(target))

    monkeypatch.setattr(importlib.import_module("briefing_tui.cli.main"), "cmd_list", failing)
    library = tmp_path / "library"
    library.mkdir()
    assert main(["list", "--content", str(library), "--data", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert err == f"briefing: error: {target}: {meaning}" + err.split(meaning, 1)[1]
    assert "Errno" not in err and err.count("\n") == 1


@pytest.mark.parametrize(("kind", "said"), [("csv", "a CSV export"), ("md", "a Markdown report")])
def test_importing_an_export_made_for_reading_says_which_to_import(
    run: Runner, tmp_path: Path, kind: str, said: str
) -> None:
    """`import-annotations` of a CSV export said "is not valid JSON: Expecting value
    (line 1, column 1)", as if the file were damaged."""
    annotate(run, "oil", "--quote", "Oil prices rose")
    exported = tmp_path / f"claims.{kind}"
    assert run("export", "-o", str(exported))[0] == 0
    code, _, err = run("import-annotations", str(exported))
    assert code == 2
    assert f"is {said} of claims, written to be read: import the json or w3c export" in err
    assert one_line_error(err)
