"""Walk s18, the timeline of odd event dates: a claim dated in year 1 was grouped under
"January 1" (read as the first of January) and "Week of 1 January 1", and its month's
key in ``--json`` was ``1-01`` where every other key is ISO (``2024-03``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_tui.cli import main

from .helpers import Runner, annotate

TEXT = "---\nid: old\ntitle: Old\ndate: 2024-03-06\n---\n\nRome was founded. Far ahead.\n"


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    (lib_dir / "old.md").write_text(TEXT, encoding="utf-8")

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


@pytest.mark.parametrize(
    ("by", "label", "key"),
    [
        ("month", "January 0001", "0001-01"),
        ("week", "Week of 1 January 0001", "0001-W01"),
        ("day", "1 January 0001", "0001-01-01"),
    ],
)
def test_year_one_reads_as_a_year(run: Runner, by: str, label: str, key: str) -> None:
    annotate(run, "old", "--quote", "Rome was founded.", "--event-date", "0001-01-01")
    annotate(run, "old", "--quote", "Far ahead.", "--event-date", "2999-12-31")
    code, out, err = run("timeline", "--by", by)
    assert code == 0, err
    assert out.splitlines()[0] == label
    code, out, err = run("timeline", "--by", by, "--json")
    assert code == 0, err
    groups = json.loads(out)["groups"]
    assert groups[0]["key"] == key
    assert groups[0]["label"] == label
