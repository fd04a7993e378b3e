"""Defects found walking the daily stream in a real terminal: saved searches as
the CLI and the panels list them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.workspace import Workspace

from .helpers import briefing

Write = Callable[[str, str], Path]


@pytest.fixture
def ws(write: Write, make_ws: Callable[..., Workspace]) -> Workspace:
    write("oil.md", briefing("Oil rose; the minister spoke.\n", doc_id="oil", tags=["energy"]))
    write("gas.md", briefing("Gas deal signed by the minister.\n", doc_id="gas", tags=["energy"]))
    workspace = make_ws()
    workspace.sync()
    return workspace


def test_a_saved_search_of_a_saved_search_is_listed_with_why_it_does_not_run(
    ws: Workspace,
) -> None:
    """``briefing saved add Self "@energy oil"`` was listed as 0 matches, 0 unread (the
    panel too), while ``briefing search @Self`` refused to run it."""
    ws.stream.add_saved("energy", "tag:energy")
    ws.store.add_saved_search("self", "@energy oil")  # as a version before the refusal kept it
    ws.stream.add_saved("gas", "gas")
    counted = {s.name: (s.matches, s.unread, s.error) for s in ws.stream.saved_counts()}
    assert counted["energy"] == (2, 2, None)
    assert counted["gas"] == (1, 1, None)  # the ones after it still count
    matches, unread, error = counted["self"]
    assert (matches, unread) == (None, None)
    assert error is not None and "cannot run another saved search" in error
    assert ws.stream.saved()[1].error == error


def test_saved_lists_a_long_name_on_its_own_line_and_says_a_nested_one_does_not_run(
    ws: Workspace, lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name over 30 characters pushed its counts out of their columns, and
    ``saved add`` of ``@NAME …`` said "Saved" (the README says it is refused)."""
    ws.close()

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    long_name = "Russian arms and Indian defence procurement watch"
    assert run("saved", "add", "energy", "tag:energy")[0] == 0
    assert run("saved", "add", long_name, "minister")[0] == 0
    code, out, err = run("saved", "add", "self", "@energy oil")
    assert code == 2 and "Saved" not in out
    assert err.startswith("briefing: ") and "cannot run another saved search" in err
    code, out, _ = run("saved")
    assert code == 0
    lines = out.splitlines()
    header = lines[0]
    counts = lines[lines.index(f"  {long_name}") + 1]
    assert counts.index("2") == header.index("match") + len("match") - 1
    energy = next(line for line in lines if line.startswith("  energy "))
    assert energy.index("2") == counts.index("2")
