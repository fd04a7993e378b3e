"""The W3C Web Annotation Data Model's own examples (and odd but valid JSON-LD) imported.

``fixtures/examples/exampleNN.jsonld`` are the model's Examples 1-44 (see
``fixtures/README.md``). The library holds the texts the text examples point at
(``http://example.org/page1``: Examples 23 and 29). Each example either imports or is
refused in one line saying why, never with a traceback; a valid annotation whose quote
the library holds is imported with what the claim model can keep (note, tags, times).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing_tui.cli import main

Run = Callable[..., tuple[int, str, str]]

EXAMPLES = Path(__file__).parent / "fixtures" / "examples"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PAGE1 = (
    "---\nid: page1\ntitle: Page one\ndate: 2024-05-01\nurl: http://example.org/page1\n---\n\n"
    "Note that this is an anotation that has some typos. Here is text before the "
    "Selected Text and text after it, in the fifth paragraph.\n"
)
DOCUMENT1 = (
    "---\nid: document1\ntitle: Document one\ndate: 2024-05-03\n"
    "url: http://example.com/document1\n---\n\n"
    "Intro. The particular bit of text we love is here.\n"
)
#: Examples whose target is a passage of a briefing here: imported.
IMPORTED = {"example23.jsonld", "example29.jsonld"}
#: A quote in page1, as another tool would target it.
TARGET = {
    "type": "SpecificResource",
    "source": "http://example.org/page1",
    "selector": {
        "type": "TextQuoteSelector",
        "exact": "anotation",
        "prefix": "this is an ",
        "suffix": " that has some",
    },
}


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsysbinary) -> Run:  # type: ignore[no-untyped-def]
    (lib_dir / "page1.md").write_text(PAGE1)
    (lib_dir / "document1.md").write_text(DOCUMENT1)

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


def _import(run: Run, tmp_path: Path, data: Any) -> list[dict[str, Any]]:
    path = tmp_path / "in.jsonld"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run("import-annotations", str(path))
    assert code == 0, err
    return _claims(run)


def _annotation(**fields: Any) -> dict[str, Any]:
    return {"@context": CONTEXT, "id": "http://example.org/mine", "type": "Annotation"} | fields


def test_every_example_of_the_model_is_here() -> None:
    assert sorted(path.name for path in EXAMPLES.glob("*.jsonld")) == [
        f"example{number:02d}.jsonld" for number in range(1, 45)
    ]


@pytest.mark.parametrize("name", sorted(path.name for path in EXAMPLES.glob("*.jsonld")))
def test_each_example_imports_or_is_refused_in_one_line(run: Run, name: str) -> None:
    code, out, err = run("import-annotations", str(EXAMPLES / name))
    assert "Traceback" not in out + err
    if name in IMPORTED:
        assert code == 0, err
        assert len(_claims(run)) == 1
        return
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: error: ") and "cannot be imported" in lines[0]
    assert _claims(run) == []  # nothing written


def test_a_text_quote_selector_lands_on_its_quote(run: Run) -> None:
    """Example 23 (a TextQuoteSelector alone): found by its quote in page1."""
    code, _, err = run("import-annotations", str(EXAMPLES / "example23.jsonld"))
    assert code == 0, err
    [claim] = _claims(run)
    assert (claim["quote"], claim["doc_id"]) == ("anotation", "page1")
    assert claim["start"] == PAGE1.split("---\n\n")[1].index("anotation")


def test_a_quote_refining_another_selector(run: Run) -> None:
    """Example 29: a FragmentSelector refinedBy a TextQuoteSelector (was refused)."""
    code, _, err = run("import-annotations", str(EXAMPLES / "example29.jsonld"))
    assert code == 0, err
    [claim] = _claims(run)
    assert (claim["quote"], claim["doc_id"]) == ("Selected Text", "page1")


def test_a_position_refining_a_fragment_is_no_place_in_the_text(run: Run) -> None:
    """Example 41's TextPositionSelector counts within an XML paragraph: refused, and a
    quote refined so keeps its own place rather than those offsets."""
    code, _, err = run("import-annotations", str(EXAMPLES / "example41.jsonld"))
    assert code != 0 and "no TextQuoteSelector" in err


def test_a_choice_body_keeps_its_first_option(run: Run, tmp_path: Path) -> None:
    """Example 10's Choice, with text: the default (first) option is the note."""
    options = [
        {"type": "TextualBody", "value": "English note", "language": "en"},
        {"type": "TextualBody", "value": "Note française", "language": "fr"},
    ]
    body = {"type": "Choice", "items": options}
    [claim] = _import(run, tmp_path, _annotation(body=body, target=TARGET))
    assert claim["note"] == "English note"


def test_the_complete_example_choice_and_tag(run: Run, tmp_path: Path) -> None:
    """Example 41's bodies (a tag and a Choice of a described text and an audio file)
    on a target here: the tag, the English text, the creation time."""
    data = json.loads((EXAMPLES / "example41.jsonld").read_text(encoding="utf-8"))
    data["target"] = TARGET
    [claim] = _import(run, tmp_path, data)
    assert claim["tags"] == ["love"]
    assert claim["note"] == "I really love this particular bit of text in this XML. No really."
    assert claim["created"].startswith("2015-10-1")  # 13:00 UTC in the local zone


def test_a_tagging_annotation_makes_tags(run: Run, tmp_path: Path) -> None:
    """Example 43's shape: motivation tagging, a TextualBody without a purpose."""
    body = {"type": "TextualBody", "value": "important"}
    [claim] = _import(run, tmp_path, _annotation(motivation="tagging", body=body, target=TARGET))
    assert (claim["tags"], claim["note"]) == (["important"], "")


def test_language_tagged_values(run: Run, tmp_path: Path) -> None:
    """JSON-LD value objects ({"@value", "@language"}) where text belongs."""
    body = {"type": "TextualBody", "value": {"@value": "bonjour", "@language": "fr"}}
    target = {
        "source": "http://example.org/page1",
        "selector": {"type": "TextQuoteSelector", "exact": {"@value": "anotation"}},
    }
    [claim] = _import(run, tmp_path, _annotation(body=body, target=target))
    assert (claim["note"], claim["quote"]) == ("bonjour", "anotation")


def test_odd_but_valid_shapes_import(run: Run, tmp_path: Path) -> None:
    """An @context list, a string body, a TextualBody without type, alternative
    selectors, a language on the body, a collection with its page embedded."""
    selectors = [
        {"type": "FragmentSelector", "value": "para1"},
        {"type": "TextQuoteSelector", "exact": "anotation"},
    ]
    items = [
        _annotation(
            **{"@context": [CONTEXT, {"ex": "http://example.org/ns#"}]},
            id="http://example.org/a1",
            body=["http://example.org/comment1", {"value": "untyped", "language": "en"}],
            target={"source": "http://example.org/page1", "selector": selectors},
        )
    ]
    page = {"id": "http://example.org/p1", "type": "AnnotationPage", "items": items}
    collection = {
        "@context": CONTEXT,
        "id": "http://example.org/c1",
        "type": "AnnotationCollection",
        "total": 1,
        "first": page,
    }
    [claim] = _import(run, tmp_path, collection)
    assert (claim["quote"], claim["note"], claim["doc_id"]) == ("anotation", "untyped", "page1")
