"""Another tool's annotation on a passage a claim here quotes, under an id of its own, is
another reader's claim: added beside ours, never taken for an edit of it (session 24: the
import replaced the note, dropped the tags, reset ``key`` to ``open`` and said "1 updated")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest_support import Runner

from .helpers import annotate, claims_json

QUOTE = "State-owned Rosneft bought the Yugansk unit for $9.3bn"
TEXT = f"---\nid: oil\ntitle: Yukos\n---\n\n{QUOTE} in 2004. The sale was disputed.\n"


def _annotation(anno_id: str, comment: str, exact: str = QUOTE) -> dict[str, Any]:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": anno_id,
        "type": "Annotation",
        "bodyValue": comment,
        "target": {
            "source": "http://example.com/somewhere",
            "selector": {"type": "TextQuoteSelector", "exact": exact},
        },
    }


def _import(run: Runner, path: Path) -> dict[str, Any]:
    code, out, err = run("import-annotations", str(path), "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _ours(run: Runner, lib_dir: Path) -> str:
    (lib_dir / "oil.md").write_text(TEXT)
    return annotate(
        run, "oil", "--quote", QUOTE, "--note", "Key figure for the timeline",
        "--tag", "money", "--tag", "russia", "--status", "key",
    )  # fmt: skip


def test_another_readers_comment_on_our_passage_is_added_and_ours_kept(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    mine = _ours(run, lib_dir)
    path = tmp_path / "other.jsonld"
    path.write_text(json.dumps(_annotation("https://other.example/anno/2", "Another reader's")))
    report = _import(run, path)
    assert (report["added"], report["updated"], report["unchanged"]) == (1, 0, 0)
    listed = {claim["id"]: claim for claim in claims_json(run)}
    assert len(listed) == 2
    kept = listed.pop(mine)
    assert kept["note"] == "Key figure for the timeline"
    assert (kept["tags"], kept["status"]) == (["money", "russia"], "key")
    [theirs] = listed.values()
    assert (theirs["quote"], theirs["note"]) == (QUOTE, "Another reader's")
    assert theirs["status"] == "open"
    # The same file again adds nothing and changes nothing.
    report = _import(run, path)
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 1)
    assert len(claims_json(run)) == 2


def test_two_other_readers_on_one_word_are_two_claims(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    _ours(run, lib_dir)
    annotate(run, "oil", "--quote", "Yugansk", "--note", "the unit", "--status", "disputed")
    path = tmp_path / "two.jsonld"
    path.write_text(
        json.dumps(
            [
                _annotation("https://other.example/anno/3", "first reader", "Yugansk"),
                _annotation("https://other.example/anno/4", "second reader", "Yugansk"),
            ]
        )
    )
    report = _import(run, path)
    assert (report["added"], report["updated"]) == (2, 0)
    on_word = [claim for claim in claims_json(run) if claim["quote"] == "Yugansk"]
    assert sorted((c["note"], c["status"]) for c in on_word) == [
        ("first reader", "open"),
        ("second reader", "open"),
        ("the unit", "disputed"),
    ]


def test_our_claim_come_back_under_another_tools_id_is_unchanged(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    """The same note, tags and status on the same passage: the same claim, not a copy."""
    _ours(run, lib_dir)
    code, out, err = run("export", "--format", "w3c")
    assert code == 0, err
    data = json.loads(out)
    [item] = data["first"]["items"]
    item["id"] = "https://other.example/anno/99"  # re-exported by another tool
    path = tmp_path / "back.jsonld"
    path.write_text(json.dumps(item))
    report = _import(run, path)
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 1)
    assert len(claims_json(run)) == 1
