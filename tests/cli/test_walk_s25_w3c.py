"""W3C import: what a walk found dropped without a word, or misreported (session 25);
each test fails without its fix. The report's ``left_out`` names what a claim has
no place for; nothing goes unsaid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest_support import Runner

from .helpers import annotate, claims_json, one_line_error
from .test_w3c_other_readers import QUOTE, TEXT, _annotation

CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {"briefing": "urn:briefing-tui:ns:"}]


def _import(run: Runner, tmp_path: Path, *annotations: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "in.jsonld"
    path.write_text(json.dumps(list(annotations) if len(annotations) > 1 else annotations[0]))
    code, out, err = run("import-annotations", str(path), "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _link(relation: str, source: str, target: str) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": f"urn:briefing-tui:link:{source}:{relation}:{target}",
        "type": "Annotation",
        "motivation": "linking",
        "body": [
            f"urn:briefing-tui:claim:{source}",
            {"type": "TextualBody", "value": relation, "purpose": "classifying",
             "briefing:term": "relation"},
        ],
        "target": f"urn:briefing-tui:claim:{target}",
    }  # fmt: skip


def test_targets_beside_the_quoted_one_are_said_left_out(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    """Two more targets (the page itself, a CSS selector alone) vanished unsaid."""
    (lib_dir / "oil.md").write_text(TEXT)
    annotation = _annotation("https://other.example/anno/1", "Three targets")
    annotation["target"] = [
        annotation["target"],
        "http://example.org/just-a-page",
        {"source": "http://example.org/p", "selector": {"type": "CssSelector", "value": "#x"}},
    ]
    report = _import(run, tmp_path, annotation)
    assert report["added"] == 1
    assert report["left_out"]["target without a quoted passage (beside one quoting)"] == 2


def test_links_that_cannot_be_kept_are_said_left_out(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    """A link naming claims not in the file, and one of an unknown relation: "0 claims,
    0 added", exit 0, nothing said of them."""
    (lib_dir / "oil.md").write_text(TEXT)
    report = _import(
        run,
        tmp_path,
        _annotation("urn:briefing-tui:claim:cAAAA", "A claim"),
        _link("support", "cAAAA", "cZZZZ"),
        _link("frobnicate", "cAAAA", "cAAAA"),
    )
    assert report["left_out"]["link to a claim not in the file"] == 1
    assert report["left_out"]["link of a kind not kept"] == 1


def test_a_second_status_and_an_assessment_of_no_status_are_said(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    """``verified`` and ``false`` in two assessing bodies: stored as ``false``,
    ``verified`` gone unsaid; ``nonsense-status`` quietly became the note."""
    (lib_dir / "oil.md").write_text(TEXT)
    annotation = _annotation("https://other.example/anno/2", "")
    del annotation["bodyValue"]
    annotation["body"] = [
        {"type": "TextualBody", "value": value, "purpose": "assessing"}
        for value in ("verified", "false", "nonsense-status")
    ]
    report = _import(run, tmp_path, annotation)
    left = report["left_out"]
    assert left["second status (assessing body): the last one kept"] == 1
    assert left["assessment that is no status: kept in the note"] == 1
    [claim] = claims_json(run)
    assert (claim["status"], claim["note"]) == ("false", "nonsense-status")


def test_a_quote_without_a_position_is_exact_where_found_not_moved(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    """Every Hypothesis-style import (a quote, no position) said "re-anchored 1 moved",
    and the timeline showed "moved" of a passage that never moved."""
    (lib_dir / "oil.md").write_text(TEXT)
    later = "The sale was disputed"  # not at the text's start: a position 0 was assumed
    assert TEXT.index(later) > TEXT.index(QUOTE)
    report = _import(run, tmp_path, _annotation("https://other.example/anno/3", "Bare", later))
    assert report["added"] == 1
    assert report["reanchored"]["moved"] == 0, report
    [claim] = claims_json(run)
    assert (claim["quote"], claim["anchor"]) == (later, "exact")


def test_a_url_with_a_stray_percent_is_exported_as_a_valid_via(run: Runner, lib_dir: Path) -> None:
    """``url: https://example.com/%zz`` went out as ``via`` unchanged: no URI (a bad
    escape), failing the model's "via an IRI" check."""
    (lib_dir / "oil.md").write_text(
        TEXT.replace("title: Yukos", "title: Yukos\nurl: https://example.com/a%zz%41")
    )
    annotate(run, "oil", "--quote", QUOTE)
    code, out, err = run("export", "--format", "w3c")
    assert code == 0, err
    [item] = json.loads(out)["first"]["items"]
    assert item["target"]["via"] == "https://example.com/a%25zz%41"


def test_an_annotation_written_with_json_ld_keywords_is_read(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    """``@id`` and ``@type`` are the keys ``id`` and ``type`` name in the model's context:
    such an annotation was refused as not "a W3C Web Annotation collection"."""
    (lib_dir / "oil.md").write_text(TEXT)
    annotation = _annotation("https://other.example/anno/4", "Keywords")
    annotation["@id"] = annotation.pop("id")
    annotation["@type"] = annotation.pop("type")
    annotation["target"]["selector"]["@type"] = annotation["target"]["selector"].pop("type")
    report = _import(run, tmp_path, annotation)
    assert report["added"] == 1
    [claim] = claims_json(run)
    assert (claim["quote"], claim["note"]) == (QUOTE, "Keywords")
    # Imported again under the same id: nothing new.
    assert _import(run, tmp_path, annotation)["unchanged"] == 1


def test_the_json_export_keeps_times_across_time_zones(
    run: Runner, lib_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Exported in New York and imported in UTC, every claim's created and updated times
    moved by five hours: the json export wrote them without their zone (a walk). The
    W3C export, in UTC, kept them."""
    import time

    from briefing_tui.cli import main

    (lib_dir / "oil.md").write_text(TEXT)
    try:
        monkeypatch.setenv("TZ", "America/New_York")
        time.tzset()
        annotate(run, "oil", "--quote", QUOTE, "--note", "Made in New York")
        [made] = claims_json(run)
        code, out, err = run("export", "--format", "json")
        assert code == 0, err
        exported = json.loads(out)["claims"][0]["created"]
        assert exported.endswith(("-05:00", "-04:00")), exported  # the zone said
        path = tmp_path / "claims.json"
        path.write_text(out)
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
        fresh = ["--content", str(lib_dir), "--data", str(tmp_path / "fresh")]
        assert main(["import-annotations", str(path), *fresh]) == 0, capsys.readouterr()
        capsys.readouterr()
        assert main(["claims", "--json", *fresh]) == 0
        [landed] = json.loads(capsys.readouterr().out)
    finally:
        monkeypatch.undo()
        time.tzset()
    from datetime import datetime, timedelta

    made_at = datetime.fromisoformat(made["created"])
    landed_at = datetime.fromisoformat(landed["created"])
    assert landed_at - made_at in (timedelta(hours=5), timedelta(hours=4)), (made, landed)


def test_a_malformed_old_place_of_ours_is_refused_in_one_line(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    """``briefing:position`` (a fuzzy claim's old place, ours) not an object: TypeError,
    a traceback (a review)."""
    (lib_dir / "oil.md").write_text(TEXT)
    annotation = _annotation("urn:briefing-tui:claim:cFUZZ", "Ours", "The sale was disputed")
    annotation["target"]["briefing:position"] = 5
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(annotation))
    code, _, err = run("import-annotations", str(path))
    assert code == 2
    line = one_line_error(err)
    assert "position" in line, line
    assert claims_json(run) == []


def test_a_tagging_and_assessing_body_that_is_no_status_stays_a_tag(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    (lib_dir / "oil.md").write_text(TEXT)
    annotation = _annotation("https://other.example/anno/5", "Tagged")
    annotation["body"] = [
        {"type": "TextualBody", "value": "urgent", "purpose": ["assessing", "tagging"]}
    ]
    del annotation["bodyValue"]
    _import(run, tmp_path, annotation)
    [claim] = claims_json(run)
    assert (claim["tags"], claim["note"]) == (["urgent"], "")
