"""``export`` and ``timeline`` select as ``claims`` does (a lone DOC is a briefing), an
export that selects nothing writes nothing (exit 1), and a file that cannot be written
is named as asked, never by the temporary file beside it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.cli import main

from .helpers import annotate, one_line_error

Runner = Callable[..., tuple[int, str, str]]

LEDE = "Oil prices rose as the government minister spoke."
KYIV = "Officials in Kyiv were cautious about the timetable."


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsysbinary):  # type: ignore[no-untyped-def]
    (lib_dir / "oil.md").write_text(
        "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\n---\n\n"
        f"{LEDE} Traders said the rally would last.\n"
    )
    (lib_dir / "talks.md").write_text(
        f"---\ntitle: Talks resume\ndate: 2024-04-01\n---\n\n{KYIV}\n"
    )

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return runner


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc takes no new file")
def test_an_unwritable_export_names_the_file_asked_for(run: Runner) -> None:
    annotate(run, "oil", "--quote", LEDE)
    code, out, err = run("export", "-o", "/proc/nope.json")
    assert code == 2 and out == ""
    line = one_line_error(err)
    assert line.startswith("briefing: error: cannot write /proc/nope.json: "), line
    assert ".tmp" not in line and "Errno" not in line
