"""Defects a newcomer scripting the command line found (session 24), each test
failing without its fix."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing_tui.cli import main


@pytest.fixture
def where(tmp_path: Path) -> list[str]:
    library = tmp_path / "library"
    library.mkdir()
    for number in range(12):
        (library / f"b{number:02d}.md").write_text(
            f"---\ntitle: Budget {number}\n---\n\nThe minister spoke on the budget.\n",
            encoding="utf-8",
        )
    return ["--content", str(library), "--data", str(tmp_path / "data")]


def test_search_json_says_on_stderr_that_the_list_was_cut(
    where: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``search '' --json`` gave 10 of 12 and nothing said so: a script could not tell."""
    assert main(["search", "budget", "--json", *where]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == 10
    assert err == "12 briefing(s) match (showing 10; --limit N for more)\n"
    assert main(["search", "budget", "--json", "--limit", "20", *where]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == 12 and err == ""


@pytest.mark.parametrize("flag", ["--data", "--content"])
def test_an_empty_folder_name_is_refused_not_taken_as_the_default(
    where: list[str], flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--data ""`` (a script's unset variable) put the store in the user's own data
    folder; ``--content ""`` looked in ~/Documents/Briefings."""
    given = list(where)
    given[given.index(flag) + 1] = ""
    assert main(["list", *given]) == 2
    err = capsys.readouterr().err
    what = "data" if flag == "--data" else "library"
    assert (
        err == f"briefing: error: the {what} folder given is an empty name (an unset variable?)\n"
    )
    home = Path(os.environ["XDG_DATA_HOME"])  # the user's own data folder (see conftest)
    assert not home.exists() or not any(home.rglob("*.sqlite3"))


def test_saved_add_refuses_a_query_that_cannot_run(
    where: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``saved add bad '!!!'`` said "Saved" (exit 0); only ``saved`` later said it
    does not run."""
    assert main(["saved", "add", "bad", "!!!", *where]) == 2
    assert "nothing to search for" in capsys.readouterr().err
    assert main(["saved", "--json", *where]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["saved", "add", "fine", "minister", *where]) == 0
    assert capsys.readouterr().out == "Saved 'fine': minister\n"


def test_a_quote_written_otherwise_is_named_as_the_briefing_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--quote "… ‘tyranny’"`` (curly marks; the text has straight ones) or
    ``the oecd`` said "the quote is not in omnibus.md" and no more (a walk)."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text(
        "---\ntitle: Powers\n---\n\nTerror powers expose 'tyranny', according to the OECD.\n",
        encoding="utf-8",
    )
    where = ["--content", str(library), "--data", str(tmp_path / "data")]
    assert main(["annotate", "a.md", "--quote", "Terror powers expose ‘tyranny’", *where]) == 2
    err = capsys.readouterr().err
    assert "the quote is not in a.md; it is there as “Terror powers expose 'tyranny'”" in err
    assert main(["annotate", "a.md", "--quote", "according to the oecd", *where]) == 2
    assert "it is there as “according to the OECD”" in capsys.readouterr().err
    assert main(["annotate", "a.md", "--quote", "according to the OECD", *where]) == 0


def test_annotate_run_again_makes_no_second_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same ``annotate`` twice (a script run again) made two claims on the passage."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text("---\ntitle: A\n---\n\nThe pledged assets are here.\n")
    where = ["--content", str(library), "--data", str(tmp_path / "data")]
    given = ["annotate", "a.md", "--quote", "The pledged assets", "--note", "n", *where]
    assert main(given) == 0
    first = capsys.readouterr().out.strip()
    assert main(given) == 0
    out, err = capsys.readouterr()
    assert out.strip() == first  # the same claim's id, for the script
    assert err == "That passage is claimed already, as given: nothing added.\n"
    assert main(["claims", "--json", *where]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    # Another note on the same words is another claim (two readers of one sentence).
    assert main([*given[:4], "--note", "other", *where]) == 0
    capsys.readouterr()
    assert main(["claims", "--json", *where]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
