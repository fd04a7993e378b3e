"""W3C export and import, a tester's walk (session 24): an orphaned claim's made-up
position, a one-item ``bodyValue`` array, a ``Choice`` of targets, two exports in one
second sharing a collection id, and a single annotation with the wrong ``@context``
refused as "neither ... nor a collection"."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ingest_support import Runner

from briefing_tui.cli import main
from briefing_tui.core.exchange import build_w3c

from .helpers import annotate, claims_json, one_line_error

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


# -- another tool's annotations ----------------------------------------------------------------


def _write(tmp_path: Path, data: Any, name: str = "other.jsonld") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def _another(**changes: Any) -> dict[str, Any]:
    """Another tool's annotation quoting LEDE in oil.md (by the briefing's web address)."""
    annotation: dict[str, Any] = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://other.example/anno/1",
        "type": "Annotation",
        "bodyValue": "a comment",
        "target": {
            "source": "https://example.org/news/1",
            "selector": {"type": "TextQuoteSelector", "exact": LEDE},
        },
    }
    return annotation | changes


URL_TEXT = TEXT.replace("title: Oil\n", "title: Oil\nurl: https://example.org/news/1\n")


def _refused(run: Runner, path: Path, *said: str) -> str:
    """``import-annotations PATH`` exits 2 with one line saying ``said``, writing nothing."""
    before = claims_json(run)
    code, out, err = run("import-annotations", str(path))
    assert (code, out) == (2, ""), err
    line = one_line_error(err)
    assert all(part in line for part in said), line
    assert claims_json(run) == before
    return line


def test_a_one_item_body_value_array_is_the_note(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    (lib_dir / "oil.md").write_text(URL_TEXT)
    path = _write(tmp_path, _another(bodyValue=["one item"]))
    code, out, err = run("import-annotations", str(path))
    assert code == 0, err
    assert "1 added" in out
    [claim] = claims_json(run)
    assert (claim["quote"], claim["note"]) == (LEDE, "one item")
    # Two notes, or one that is no text: refused in one line, as before.
    two = _write(tmp_path, _another(id="urn:x:2", bodyValue=["one", "two"]), "two.jsonld")
    _refused(run, two, "annotation 1.bodyValue", "a list of 2")
    not_text = _write(tmp_path, _another(id="urn:x:3", bodyValue=[5]), "number.jsonld")
    _refused(run, not_text, "bodyValue[0]", "expected text, found a number")


def test_a_choice_of_targets_lands_on_the_options_that_quote_a_passage(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    (lib_dir / "oil.md").write_text(URL_TEXT)
    choice = {
        "type": "Choice",
        "items": [
            {
                "source": "https://example.org/news/1",
                "selector": {"type": "TextQuoteSelector", "exact": LEDE},
            },
            "http://x.org/2",  # an option without a selector: no passage to quote
        ],
    }
    path = _write(tmp_path, _another(target=choice, bodyValue="chosen"))
    code, out, err = run("import-annotations", str(path))
    assert code == 0, err
    assert "1 added" in out
    [claim] = claims_json(run)
    assert (claim["doc_id"], claim["quote"], claim["note"]) == ("oil", LEDE, "chosen")
    # Two options quoting the same passage (two copies of the page): one claim, the
    # first option's (each option was a claim of its own: a review).
    copies = {
        "type": "Choice",
        "items": [
            {
                "source": "https://example.org/news/1",
                "selector": {"type": "TextQuoteSelector", "exact": LEDE},
            },
            {
                "source": "urn:briefing-tui:oil",
                "selector": {"type": "TextQuoteSelector", "exact": LEDE},
            },
        ],
    }
    again = _write(tmp_path, _another(target=copies, bodyValue="copies", id="http://ex.org/c"))
    code, out, err = run("import-annotations", str(again))
    assert code == 0 and "1 added" in out, (out, err)
    assert [c["note"] for c in claims_json(run)].count("copies") == 1
    # A Choice whose options quote nothing is refused as any target without a passage.
    nothing = _write(tmp_path, _another(target={"type": "Choice", "items": ["http://x.org/2"]}))
    _refused(run, nothing, "no target with a source and a selector")


def test_two_exports_in_one_second_are_two_collections(run: Runner, lib_dir: Path) -> None:
    (lib_dir / "oil.md").write_text(TEXT)
    annotate(run, "oil", "--quote", LEDE)
    first, second = _export(run), _export(run)
    assert first["id"] != second["id"]
    assert first["first"]["id"] != second["first"]["id"]
    for data in (first, second):
        assert re.fullmatch(r"urn:briefing-tui:export:\d{14}-[0-9a-f]+", data["id"]), data["id"]
        assert data["last"] == data["first"]["id"] == f"{data['id']}:page1"
        assert data["first"]["partOf"] == data["id"]
    # The same second for certain (the two above may straddle one).
    same = "2026-12-08T10:00:00+00:00"
    assert build_w3c([], same)["id"] != build_w3c([], same)["id"]


def test_an_annotation_with_the_wrong_context_is_refused_saying_so(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    (lib_dir / "oil.md").write_text(URL_TEXT)
    missing = _another()
    del missing["@context"]
    line = _refused(run, _write(tmp_path, missing), "a W3C Annotation without an @context")
    assert "http://www.w3.org/ns/anno.jsonld" in line and "neither" not in line
    wrong = _write(tmp_path, _another(**{"@context": "http://example.org/ctx"}), "wrong.jsonld")
    line = _refused(run, wrong, 'a W3C Annotation whose @context "http://example.org/ctx"')
    assert "is not the Web Annotation context http://www.w3.org/ns/anno.jsonld" in line
    # What is no annotation at all is still neither of the two formats.
    for data, name in ((None, "null.json"), ("text", "string.json")):
        _refused(run, _write(tmp_path, data, name), "neither a briefing-tui export")
