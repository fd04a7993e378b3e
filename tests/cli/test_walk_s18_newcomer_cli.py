"""What a newcomer's first commands found: a misspelt command, action, option or
value was refused without the name meant (``briefing serach`` listed all 29
commands); an unknown option before the command (``--contnet lib list``) was
reported as the command "lib"; ``briefing tag --help`` said nothing of DOC and
``+TAG|-TAG``, and no help said where the library is when ``--content`` is not
given."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.cli import main

from .helpers import Runner, one_line_error


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    (lib_dir / "oil.md").write_text("---\ntitle: Oil\n---\n\nOil rose.\n", encoding="utf-8")

    def runner(*args: str) -> tuple[int, str, str]:
        try:
            code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        except SystemExit as ended:
            code = ended.code if isinstance(ended.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return runner


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (("serach", "oil"), "did you mean 'search'?"),
        (("saved", "ad", "x", "oil"), "did you mean 'add'?"),
        (("search", "oil", "--sort", "dat"), "did you mean 'date'?"),
        (("search", "oil", "--limt", "3"), "did you mean --limit?"),
        (("list", "--jsn"), "did you mean --json?"),
    ],
)
def test_a_misspelt_name_is_refused_with_the_name_meant(
    run: Runner, args: tuple[str, ...], meant: str
) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    line = one_line_error(err)
    assert meant in line and "--help`" in line, line


def test_a_name_like_none_gets_no_guess(run: Runner) -> None:
    code, _, err = run("nosuch")
    assert code == 2 and "did you mean" not in one_line_error(err)


def test_an_unknown_option_before_the_command_is_named(
    lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["--contnet", str(lib_dir), "--data", str(data_dir), "list"])
    line = one_line_error(capsys.readouterr().err)
    assert ended.value.code == 2
    # Was: "argument COMMAND: invalid choice: '/tmp/…/library' (choose from …)".
    assert "unrecognized arguments: --contnet" in line and "--content?" in line, line
    assert "invalid choice" not in line


def test_an_abbreviated_option_before_the_command_still_works(
    lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (lib_dir / "oil.md").write_text("---\ntitle: Oil\n---\n\nOil rose.\n", encoding="utf-8")
    code = main(["--cont", str(lib_dir), "--data", str(data_dir), "list"])
    assert code == 0 and "Oil" in capsys.readouterr().out


def test_a_dashed_value_of_an_option_before_the_command_is_a_value(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """``briefing --content -lib list`` (a folder named ``-lib``) ran before the check
    of unknown options came, which took ``-lib`` for one (a review)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-lib").mkdir()
    (tmp_path / "-lib" / "oil.md").write_text("---\ntitle: Oil\n---\n\nOil rose.\n")
    code = main(["--content", "-lib", "--data", str(data_dir), "list"])
    assert code == 0 and "Oil" in capsys.readouterr().out


def test_the_help_says_what_tags_and_the_default_library_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["tag", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "+TAG adds a tag, -TAG removes one" in text
    assert "DOC a document id or path (none with --query)" in text
    assert "default ~/Documents/Briefings" in text
