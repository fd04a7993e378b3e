"""W3C export and import, a tester's walk (session 24): an orphaned claim's made-up
position, a one-item ``bodyValue`` array, a ``Choice`` of targets, two exports in one
second sharing a collection id, and a single annotation with the wrong ``@context``
refused as "neither ... nor a collection"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ingest_support import Runner

from briefing_tui.cli import main

from .helpers import annotate, claims_json

LEDE = "Oil prices rose as the government minister spoke."
TEXT = f"---\nid: oil\ntitle: Oil\n---\n\nMarkets opened. {LEDE} Traders said it would last.\n"


def _export(run: Runner) -> dict[str, Any]:
    code, out, err = run("export", "--format", "w3c")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["first"]["items"]  # type: ignore[no-any-return]


def _kinds(item: dict[str, Any]) -> list[str]:
    return [selector["type"] for selector in item["target"]["selector"]]


def _run_in(lib_dir: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """``briefing ARGS`` in-process on the library with another data folder."""

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


# -- an orphaned claim's position ---------------------------------------------------------------


def test_an_orphaned_claim_is_exported_without_a_position_and_imports_back(
    run: Runner, lib_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (lib_dir / "oil.md").write_text(TEXT)
    claim_id = annotate(run, "oil", "--quote", LEDE, "--note", "which minister?")
    [mine] = claims_json(run)
    [placed] = _items(_export(run))
    assert _kinds(placed) == ["TextQuoteSelector", "TextPositionSelector"]
    (lib_dir / "oil.md").unlink()
    assert run("index")[0] == 0
    [item] = _items(_export(run))
    assert item["target"]["briefing:anchor"] == "orphaned"
    # Placed nowhere: no position that would point another tool at other words.
    assert _kinds(item) == ["TextQuoteSelector"]
    assert item["target"]["selector"][0]["exact"] == LEDE
    path = tmp_path / "orphaned.jsonld"
    path.write_text(json.dumps(_export(run)))
    # Read back into a fresh data folder whose library has the briefing again.
    (lib_dir / "oil.md").write_text(TEXT)
    fresh = _run_in(lib_dir, tmp_path / "fresh", capsys)
    code, out, err = fresh("import-annotations", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 1
    [back] = claims_json(fresh)
    assert (back["id"], back["quote"], back["note"]) == (claim_id, LEDE, "which minister?")
    # Its quote finds its passage again, where it was before.
    assert back["anchor"] in ("exact", "moved")
    assert (back["start"], back["end"]) == (mine["start"], mine["end"])
