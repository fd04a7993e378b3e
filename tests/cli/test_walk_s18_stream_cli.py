"""The stream walk (s18) on the command line: a saved search named among a
query's terms (``@sport NOT @energy``) runs that search, never the word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_tui.cli import main

from .helpers import Runner, one_line_error

LIBRARY = {
    "oil.md": (
        "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\ntags: [energy]\n---\n\n"
        "Oil prices rose as the minister spoke.\n"
    ),
    "match.md": (
        "---\nid: match\ntitle: Derby won late\ndate: 2024-03-06\ntags: [sport]\n---\n\n"
        "The derby was won late; the club's energy drink sponsor cheered.\n"
    ),
    "fuel.md": (
        "---\nid: fuel\ntitle: Team bus fuel costs\ndate: 2024-03-07\ntags: [sport]\n---\n\n"
        "Oil prices hit the team's travel budget.\n"
    ),
    "note.md": (
        "---\nid: note\ntitle: Derby note\ndate: 2024-03-08\n---\n\n"
        "The derby issue of the oilwatch newsletter came out.\n"
    ),
}


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    for name, text in LIBRARY.items():
        (lib_dir / name).write_text(text)

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def _ids(run: Runner, query: str) -> list[str]:
    code, out, err = run("search", query, "--json")
    assert code in (0, 1), err
    return sorted(hit["id"] for hit in json.loads(out))


def test_a_saved_search_among_the_terms_runs_that_search(run: Runner) -> None:
    assert run("saved", "add", "sports", "tag:sport")[0] == 0
    assert run("saved", "add", "oilwatch", "oil prices")[0] == 0
    # @oilwatch was searched as the word "oilwatch" (nothing, or a plausible wrong count).
    assert _ids(run, "@sports NOT @oilwatch") == ["match"]
    assert _ids(run, "@sports @oilwatch") == ["fuel"]
    assert _ids(run, "tag:sport AND @oilwatch") == ["fuel"]
    assert _ids(run, "@sports -@oilwatch") == ["match"]  # a dash before it, as NOT
    # Quoted, or inside a word, an @ names no saved search: the word is searched.
    assert _ids(run, 'derby "@oilwatch"') == ["note"]


def test_an_unknown_saved_search_among_the_terms_is_said(run: Runner) -> None:
    assert run("saved", "add", "sports", "tag:sport")[0] == 0
    code, _out, err = run("search", "@sports NOT @enrgy")
    assert code == 2
    line = one_line_error(err)
    assert "no saved search named 'enrgy'" in line, line


def test_a_saved_query_naming_another_saved_search_is_refused(run: Runner) -> None:
    assert run("saved", "add", "oilwatch", "oil prices")[0] == 0
    code, _out, err = run("saved", "add", "combo", "tag:sport @oilwatch")
    assert code == 2
    assert "cannot run another saved search (@oilwatch)" in one_line_error(err)
