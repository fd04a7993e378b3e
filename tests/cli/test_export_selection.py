"""``export`` and ``timeline`` select as ``claims`` does (a lone DOC is a briefing), an
export that selects nothing writes nothing (exit 1), and a file that cannot be written
is named as asked, never by the temporary file beside it."""

from __future__ import annotations

import json
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


def _claim_ids(run: Runner, *words: str) -> list[str]:
    code, out, err = run("claims", *words, "--json")
    assert code == 0, err
    return [claim["id"] for claim in json.loads(out)]


def test_export_and_timeline_take_a_briefing_as_claims_does(run: Runner, tmp_path: Path) -> None:
    """``export`` took ``talks.md`` for a query (0 claims, exit 0) and ``id:…`` for an
    unknown field (exit 2); ``timeline ID`` said "No claims match." (exit 1)."""
    kyiv = annotate(run, "talks.md", "--quote", KYIV)
    annotate(run, "oil", "--quote", LEDE)
    code, out, err = run("claims", "talks.md", "--json")
    assert code == 0, err
    doc_id = json.loads(out)[0]["doc_id"]
    assert _claim_ids(run, "talks.md") == [kyiv]

    target = tmp_path / "talks.json"
    code, out, err = run("export", "-o", str(target), "talks.md")
    assert code == 0 and out == "", err
    assert err.strip() == f"briefing: wrote 1 claim(s) (json) to {target}"
    assert [c["id"] for c in json.loads(target.read_text())["claims"]] == [kyiv]

    code, out, err = run("export", "--format", "json", f"id:{doc_id[:6]}")
    assert code == 0, err
    assert [c["id"] for c in json.loads(out)["claims"]] == [kyiv]

    code, out, err = run("timeline", doc_id)
    assert code == 0, err
    assert kyiv in out and "Oil" not in out and "oil" not in out
    code, out, err = run("timeline", "--json", "talks.md")
    assert code == 0, err
    groups = json.loads(out)["groups"]
    assert [e["claim_id"] for g in groups for e in g["claims"]] == [kyiv]


def test_a_named_briefing_without_claims_or_a_missing_one(run: Runner) -> None:
    annotate(run, "oil", "--quote", LEDE)
    code, out, err = run("timeline", "talks.md")
    assert (code, out) == (1, "")
    assert err.strip() == "No claims on 'Talks resume' (talks.md)."
    # An id: that names no briefing is an error, as in `claims id:zzzz`.
    for command in ("claims", "export", "timeline"):
        code, out, err = run(command, "id:zzzzzz")
        assert code == 2 and out == "", command
        assert "no briefing with id 'zzzzzz'" in one_line_error(err), command


def test_an_export_selecting_nothing_leaves_the_file_as_it_was(run: Runner, tmp_path: Path) -> None:
    """``export -o keep.json xyzzy`` replaced a 157-claim file with an empty one, exit 0."""
    annotate(run, "oil", "--quote", LEDE)
    folder = tmp_path / "ex"
    folder.mkdir()
    keep = folder / "keep.json"
    code, _, err = run("export", "-o", str(keep))
    assert code == 0, err
    before = keep.read_bytes()
    assert len(json.loads(before)["claims"]) == 1

    code, out, err = run("export", "-o", str(keep), "xyzzy")
    assert (code, out) == (1, "")
    assert err.strip() == f"No claims match: nothing written; {keep} left as it was"
    assert keep.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["keep.json"]  # no temporary left

    fresh = folder / "fresh.md"
    code, out, err = run("export", "-o", str(fresh), "talks.md")  # a briefing without claims
    assert (code, out) == (1, "")
    assert (
        err.strip() == f"No claims on 'Talks resume' (talks.md): nothing written; {fresh} not made"
    )
    assert not fresh.exists()


def test_a_whole_export_of_a_library_without_claims_is_written(run: Runner, tmp_path: Path) -> None:
    """No query is the library as it is, not a selection that matched nothing: its json
    carries the reading state and saved searches, claims or none (exit 0). A query that
    selects nothing in it still writes nothing (exit 1)."""
    run("mark", "oil", "--read")
    target = tmp_path / "all.json"
    code, out, err = run("export", "-o", str(target))
    assert (code, out) == (0, ""), err
    assert err.strip() == f"briefing: wrote 0 claim(s) (json) to {target}"
    data = json.loads(target.read_text())
    assert data["claims"] == [] and any(doc.get("read") for doc in data["documents"])

    code, out, err = run("export", "--format", "json", "xyzzy")
    assert code == 1
    assert json.loads(out)["claims"] == []  # to stdout: the empty document, for a pipe
    assert err.strip() == "No claims match: the export is empty"
