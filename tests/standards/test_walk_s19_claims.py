"""Walk s19 (claims and their exchange formats, a demanding analyst's).

- another tool's quote that runs from one paragraph or list item into the next is
  written with a space, a newline or nothing where the briefing's plain text has a
  blank line: it lands on those very words (it came in orphaned);
- an annotation with several text targets (model 3.2: the body is about each) makes
  a claim of each passage (the second and later targets were dropped without a word);
- a bare quote found twice is placed at one of them, and the report says so (silently).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing_tui.cli import main

Run = Callable[..., tuple[int, str, str]]

CTX = "http://www.w3.org/ns/anno.jsonld"
MINE = (
    "---\nid: mine\ntitle: Мир и код\ndate: 2024-05-01\nurl: https://example.com/mine\n---\n\n"
    "Президент заявил, что переговоры продолжатся. The talks resume 🎉.\n\n"
    "Second paragraph begins here. It has two sentences.\n\n"
    "- First list item says the deal is off.\n"
    "- Second list item says it is on 🤝.\n"
)
OTHER = (
    "---\nid: other\ntitle: Other\ndate: 2024-05-02\nurl: https://example.com/other\n---\n\n"
    "The minister denied every word of it on Tuesday.\n"
)


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsysbinary) -> Run:  # type: ignore[no-untyped-def]
    (lib_dir / "mine.md").write_text(MINE, encoding="utf-8")
    (lib_dir / "other.md").write_text(OTHER, encoding="utf-8")

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    assert runner("index")[0] == 0
    return runner


def _claims(run: Run) -> list[dict[str, Any]]:
    code, out, err = run("claims", "--json")
    assert code in (0, 1), err
    return json.loads(out) if code == 0 else []


def _import(run: Run, tmp_path: Path, data: Any) -> tuple[int, str, str]:
    path = tmp_path / "in.jsonld"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return run("import-annotations", str(path))


def _annotation(target: Any, **fields: Any) -> dict[str, Any]:
    return {
        "@context": CTX,
        "id": "https://hypothes.is/a/xyz",
        "type": "Annotation",
        "target": target,
    } | fields


def _quote(source: str, exact: str, **more: str) -> dict[str, Any]:
    return {"source": source, "selector": {"type": "TextQuoteSelector", "exact": exact, **more}}


@pytest.mark.parametrize(
    "exact",
    [
        "two sentences.\nFirst list item",  # a single newline (an HTML page's source)
        "two sentences. First list item",  # a space (the page's text as shown)
        "two sentences.First list item",  # nothing (textContent of <p> then <li>)
    ],
)
def test_a_quote_across_paragraphs_lands_whatever_its_spacing(
    run: Run, tmp_path: Path, exact: str
) -> None:
    code, out, err = _import(run, tmp_path, _annotation(_quote("https://example.com/mine", exact)))
    assert code == 0, err
    assert "orphaned" not in out
    [claim] = _claims(run)
    assert claim["anchor"] != "orphaned"
    assert claim["quote"] == "two sentences.\n\nFirst list item"  # the text's own spelling
    code, out, _ = run("show", "mine")
    assert out.count(claim["quote"]) == 1
    # A second import of the same file adds nothing.
    code, out, err = _import(run, tmp_path, _annotation(_quote("https://example.com/mine", exact)))
    assert code == 0, err
    assert "0 added" in out
    assert len(_claims(run)) == 1


def test_respacing_picks_the_occurrence_its_context_names(
    run: Run, lib_dir: Path, tmp_path: Path
) -> None:
    """A quote found twice (whitespace aside): the prefix decides, as for any repeat."""
    (lib_dir / "twice.md").write_text(
        "---\nid: twice\ntitle: Twice\ndate: 2024-05-03\nurl: https://example.com/twice\n"
        "---\n\nAlpha said it.\n\nThe deal is off. Beta said it.\n\nThe deal is off.\n",
        encoding="utf-8",
    )
    assert run("index")[0] == 0
    data = _annotation(
        _quote("https://example.com/twice", "said it. The deal", prefix="Beta ", suffix=" is off")
    )
    code, _, err = _import(run, tmp_path, data)
    assert code == 0, err
    [claim] = [c for c in _claims(run) if c["doc_id"] == "twice"]
    assert claim["prefix"].endswith("Beta ")
    assert claim["quote"] == "said it.\n\nThe deal"


def test_each_text_target_of_an_annotation_is_a_claim(run: Run, tmp_path: Path) -> None:
    data = _annotation(
        [
            _quote("https://example.com/mine", "Second paragraph begins here."),
            "https://example.com/other",  # the page itself: no passage, no claim
            _quote("https://example.com/other", "denied every word"),
        ],
        bodyValue="both say so",
    )
    code, out, err = _import(run, tmp_path, data)
    assert code == 0, err
    assert "2 added" in out
    claims = {claim["doc_id"]: claim for claim in _claims(run)}
    assert set(claims) == {"mine", "other"}
    assert claims["other"]["quote"] == "denied every word"
    assert claims["other"]["anchor"] != "orphaned"
    assert {claim["note"] for claim in claims.values()} == {"both say so"}
    assert claims["mine"]["id"] != claims["other"]["id"]
    # Again: nothing added, nothing doubled.
    code, out, err = _import(run, tmp_path, data)
    assert code == 0, err
    assert "0 added" in out
    assert len(_claims(run)) == 2


def test_a_bare_quote_found_twice_is_said_to_have_been_chosen(run: Run, tmp_path: Path) -> None:
    """'list item says' is in both list items; with no prefix or suffix the import takes
    one, and says so (it took the first without a word)."""
    code, out, err = _import(run, tmp_path, _annotation(_quote("mine.md", "list item says")))
    assert code == 0, err
    assert "1 added" in out
    assert "found more than once" in out
    [claim] = _claims(run)
    assert (
        "found more than once"
        not in _import(run, tmp_path, _annotation(_quote("mine.md", "list item says")))[1]
    )
    assert claim["quote"] == "list item says"
    # A prefix tells them apart: nothing to say.
    data = _annotation(_quote("mine.md", "list item says", prefix="Second "))
    data["id"] = "https://hypothes.is/a/other"
    code, out, err = _import(run, tmp_path, data)
    assert code == 0, err
    assert "1 added" in out and "more than once" not in out


def test_several_targets_of_an_annotation_with_our_claim_id_are_a_claim_each() -> None:
    """The first target keeps the claim's id, the others get one made from it: they were
    one id twice, and the whole file was refused ("appears twice")."""
    from briefing_tui.core.exchange.incoming import Checker
    from briefing_tui.core.exchange.w3c import parse_w3c
    from briefing_tui.core.exchange.w3c_links import CLAIM_URN

    def target(quote: str) -> dict[str, Any]:
        return {
            "source": "https://example.com/a",
            "selector": {"type": "TextQuoteSelector", "exact": quote},
        }

    annotation = {
        "type": "Annotation",
        "id": CLAIM_URN + "c1",
        "body": {"type": "TextualBody", "value": "a note"},
        "target": [target("one quote"), target("another quote")],
    }
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [annotation]},
    }
    ids = [claim.id for claim in parse_w3c(data, Checker("f.json")).claims]
    assert ids[0] == "c1" and len(set(ids)) == 2
    assert [claim.id for claim in parse_w3c(data, Checker("f.json")).claims] == ids
