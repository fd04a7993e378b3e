"""Equal relevance is listed newest first, then by title, in ``briefing search`` and
in the app's list (the same core search): it came out in the index's order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

#: (file, title, date): written in this order, so the index's order is the files'.
BRIEFINGS = [
    ("t0.md", "Tie A", "2024-04-01"),
    ("t1.md", "Tie 4", "2024-01-01"),
    ("t2.md", "Tie 3", "2024-02-01"),
    ("t3.md", "Tie 2", "2024-03-01"),
    ("t4.md", "Tie 1", "2024-04-01"),
]
NEWEST_THEN_TITLE = ["Tie 1", "Tie A", "Tie 2", "Tie 3", "Tie 4"]


@pytest.fixture(params=[0, 100], ids=["ties alone", "ties among 100 others"])
def lib(lib_dir: Path, data_dir: Path, request: pytest.FixtureRequest) -> Path:
    """The tied briefings, alone (every document is ordered) or among others (a few
    results are ordered by themselves, their titles looked up one by one)."""
    for number in range(request.param):
        day = f"2023-05-{number % 28 + 1:02}"
        (lib_dir / f"other{number:03}.md").write_text(
            f"---\ntitle: Other {number}\ndate: {day}\n---\n\nNothing here.\n"
        )
    for name, title, date in BRIEFINGS:
        text = f"---\ntitle: {title}\ndate: {date}\n---\n\nThe zebra crossing was repainted.\n"
        (lib_dir / name).write_text(text)
        assert main(["index", "--content", str(lib_dir), "--data", str(data_dir)]) == 0
    return lib_dir


def _titles(lib: Path, data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    code = main(["search", *args, "--json", "--content", str(lib), "--data", str(data)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return [hit["title"] for hit in json.loads(out)]


@pytest.mark.parametrize("query", ["zebra", "zebra crossing", '"zebra crossing"', "zeb*"])
def test_equal_scores_are_listed_newest_first_then_by_title(
    lib: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert _titles(lib, data_dir, capsys, query) == NEWEST_THEN_TITLE
    assert _titles(lib, data_dir, capsys, query, "--limit", "2") == NEWEST_THEN_TITLE[:2]
    with Workspace(resolve_paths(lib, data_dir)) as ws:  # what the app's list shows
        assert [hit.title for hit in ws.search(query).hits] == NEWEST_THEN_TITLE


def test_equal_dates_are_listed_by_title(
    lib: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--sort date`` as ``briefing list``: newest first, then by title."""
    assert _titles(lib, data_dir, capsys, "zebra", "--sort", "date") == NEWEST_THEN_TITLE
