"""What a newcomer's walk through the analyst's commands found: ``briefing sources``'
counts out of line under their headings (and pushed by long or wide source names), and
``briefing overview`` leaving out, without a word, the briefings before its span of weeks."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from briefing_tui.cli import main

from .helpers import Runner

LONG = "Local Test Feed with a really quite long title that goes on and on and on"
WIDE = "日本語ニュース"

LIBRARY = {
    "a.md": "---\nid: a\ntitle: A\ndate: 2024-03-05\nsource: Reuters\n---\n\nOne.\n",
    "b.md": f"---\nid: b\ntitle: B\ndate: 2024-03-06\nsource: {LONG}\n---\n\nTwo.\n",
    "c.md": f"---\nid: c\ntitle: C\ndate: 2024-03-07\nsource: {WIDE}\n---\n\nThree.\n",
    # A "no date" placeholder: the weeks shown end there, and the rest come before them.
    "d.md": "---\nid: d\ntitle: D\ndate: 9999-12-31\nsource: Reuters\n---\n\nFour.\n",
}


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    for name, text in LIBRARY.items():
        (lib_dir / name).write_text(text, encoding="utf-8")

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def test_the_sources_counts_stand_under_their_headings(run: Runner) -> None:
    code, out, err = run("sources")
    assert code == 0, err
    header, *rows = out.splitlines()
    briefings_end = header.index("briefings") + len("briefings")
    claims_end = header.index("claims") + len("claims")
    assert len(rows) == 3
    for row in rows:
        # Where each count ends, in terminal cells: under the end of its heading.
        counts = row.rstrip().rsplit(maxsplit=2)[-2:]
        before_claims = row.rstrip()[: -len(counts[1])]
        assert cell_len(before_claims.rstrip()) == briefings_end, row
        assert cell_len(row.rstrip()) == claims_end, row
    long_row = next(row for row in rows if "Local Test Feed" in row)
    assert "…" in long_row and LONG not in long_row  # cut to the column, not pushing it


def test_the_overview_says_the_briefings_before_its_weeks(run: Runner) -> None:
    code, out, err = run("overview")
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith("4 briefing(s), 0 claim(s); weeks ")
    assert "(1 far in the future)" in first
