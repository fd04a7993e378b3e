"""A W3C file whose values are of the wrong JSON kind is refused in one line.

``briefing:term`` given as a list ended ``import-annotations`` in a traceback
(``unhashable type: 'list'``); other fields of the wrong kind were read as
something else without a word: a number as a prefix became the text ``"5"``,
a rating's value as a list lost the rating, a ``purpose`` as a number turned a
rating into a note, a link's ``created`` as a list dated it now. Each is now
refused like any other malformed annotation: an ``ExchangeError`` saying where
(the CLI: one line, exit 2, nothing written).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing_tui.core.exchange import ExchangeError, parse_annotations

CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {"briefing": "urn:briefing-tui:ns:"}]
QUOTE = "Oil prices rose"
OIL = f"---\nid: oil\ntitle: Oil prices climb\n---\n\n{QUOTE} as the minister spoke.\n"


def _claim(claim_id: str, exact: str, start: int) -> dict[str, Any]:
    """A claim's annotation as our export writes it: note, tag, status, ratings."""
    return {
        "@context": CONTEXT,
        "id": f"urn:briefing-tui:claim:{claim_id}",
        "type": "Annotation",
        "motivation": "commenting",
        "created": "2024-05-01T10:00:00Z",
        "modified": "2024-05-01T10:00:00Z",
        "body": [
            {"type": "TextualBody", "value": "hedging", "purpose": "commenting"},
            {"type": "TextualBody", "value": "energy", "purpose": "tagging"},
            {"type": "TextualBody", "value": "key", "purpose": "assessing"},
            {
                "type": "TextualBody",
                "value": "credibility:2",
                "purpose": "tagging",
                "briefing:term": "credibility",
            },
            {
                "type": "TextualBody",
                "value": "reliability:B",
                "purpose": "tagging",
                "briefing:term": "reliability",
            },
            {
                "type": "TextualBody",
                "value": "event-date:2024-03-01",
                "purpose": "tagging",
                "briefing:term": "eventDate",
            },
        ],
        "target": {
            "type": "SpecificResource",
            "source": "urn:briefing-tui:oil",
            "via": "https://example.com/oil",
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": " as"},
                {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
            ],
            "briefing:anchor": "fuzzy",
            "briefing:contentHash": "1d01",
            "briefing:candidate": {"start": start, "end": start + 3, "text": exact[:3]},
        },
    }


def _link() -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": "urn:briefing-tui:link:c1:support:c2",
        "type": "Annotation",
        "motivation": "linking",
        "created": "2024-05-01T10:00:00Z",
        "body": [
            "urn:briefing-tui:claim:c1",
            {
                "type": "TextualBody",
                "value": "support",
                "purpose": "classifying",
                "briefing:term": "relation",
            },
        ],
        "target": "urn:briefing-tui:claim:c2",
    }


def collection() -> dict[str, Any]:
    """Two claims and a link between them, in a collection of one embedded page."""
    items = [_claim("c1", QUOTE, 0), _claim("c2", "prices", 4), _link()]
    return {
        "@context": CONTEXT,
        "id": "urn:briefing-tui:export:1",
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {
            "id": "urn:briefing-tui:export:1:page1",
            "type": "AnnotationPage",
            "items": items,
        },
    }


def parse(data: Any) -> Any:
    return parse_annotations(json.dumps(data).encode(), "bad.jsonld")


def test_the_file_the_cases_damage_imports_whole() -> None:
    """Each case below changes one value of this file, which reads as written."""
    incoming = parse(collection())
    first = incoming.claims[0]
    assert (first.note, first.tags, first.status) == ("hedging", ["energy"], "key")
    assert (first.credibility, first.event_date) == (2, "2024-03-01")
    assert first.content_hash == "1d01" and first.candidate == (0, 3, "Oil")
    assert first.selector.suffix == " as"
    assert incoming.documents["oil"].url == "https://example.com/oil"
    assert [(link.from_id, link.relation, link.to_id) for link in incoming.links] == [
        ("c1", "support", "c2")
    ]


Damage = Callable[[dict[str, Any]], None]


def _set(*path: str | int) -> Callable[[Any], Damage]:
    """A damage putting a value at ``path`` (from the page's items)."""

    def with_value(value: Any) -> Damage:
        def damage(data: dict[str, Any]) -> None:
            node: Any = data["first"]["items"]
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = value

        return damage

    return with_value


#: Values of each wrong kind where text is expected. (``null`` is not among them:
#: JSON-LD reads a key whose value is null as absent; see the test of it below. Nor
#: is a value object, ``{"@value": "x", "@language": "fr"}``: JSON-LD's form of the
#: text "x" in French, read as the text, see tests/standards/test_w3c_examples.py.)
NOT_TEXT = [["credibility"], {"@language": "x"}, 2, 2.5, True, [], {}]
#: Where a text or a list of text (a JSON-LD type, purpose, motivation, via) is expected.
NOT_NAMES = [{"@id": "x"}, 5, False, ["tagging", 5]]
#: ``bodyValue``: a list of one text is that text (the model's test schema takes it).
NOT_BODY_VALUE = [["one", "two"], [5], [["x"]], {"@language": "x"}, 2, 2.5, True, [], {}]

FIELDS: list[tuple[str, Callable[[Any], Damage], list[Any], str]] = [
    # (label, where, wrong values, where the refusal says it is)
    ("credibility term", _set(0, "body", 3, "briefing:term"), NOT_TEXT, "body[3].briefing:term"),
    ("reliability term", _set(0, "body", 4, "briefing:term"), NOT_TEXT, "body[4].briefing:term"),
    ("event date term", _set(0, "body", 5, "briefing:term"), NOT_TEXT, "body[5].briefing:term"),
    ("credibility value", _set(0, "body", 3, "value"), NOT_TEXT, "body[3].value"),
    ("event date value", _set(0, "body", 5, "value"), NOT_TEXT, "body[5].value"),
    ("note value", _set(0, "body", 0, "value"), NOT_TEXT, "body[0].value"),
    ("status value", _set(0, "body", 2, "value"), NOT_TEXT, "body[2].value"),
    ("rating purpose", _set(0, "body", 3, "purpose"), NOT_NAMES, "body[3].purpose"),
    ("bodyValue", _set(0, "bodyValue"), NOT_BODY_VALUE, "annotation 1.bodyValue"),
    ("annotation id", _set(0, "id"), NOT_TEXT, "annotation 1.id"),
    ("motivation", _set(0, "motivation"), NOT_NAMES, "annotation 1.motivation"),
    (
        "annotation type",
        _set(0, "type"),
        [["Annotation", 5], ["Annotation", {}]],
        "annotation 1.type[1]",
    ),
    ("via", _set(0, "target", "via"), NOT_NAMES, "target.via"),
    ("selector type", _set(0, "target", "selector", 1, "type"), NOT_NAMES, "selector[1].type"),
    ("selector", _set(0, "target", "selector", 1), [5, True], "selector[1]"),
    ("prefix", _set(0, "target", "selector", 0, "prefix"), NOT_TEXT, "prefix"),
    ("suffix", _set(0, "target", "selector", 0, "suffix"), NOT_TEXT, "suffix"),
    ("content hash", _set(0, "target", "briefing:contentHash"), NOT_TEXT, "contentHash"),
    (
        "candidate",
        _set(0, "target", "briefing:candidate"),
        ["0-3", [0, 3, "Oil"], 3, True],
        "briefing:candidate",
    ),
    ("link created", _set(2, "created"), NOT_TEXT, "annotation 3.created"),
    ("link motivation", _set(2, "motivation"), NOT_NAMES, "annotation 3.motivation"),
    ("link target", _set(2, "target"), [5, True, [5]], "annotation 3.target"),
    ("link body item", _set(2, "body", 0), [5, False], "annotation 3.body[0]"),
    ("link relation value", _set(2, "body", 1, "value"), NOT_TEXT, "annotation 3.body[1].value"),
]
CASES = [
    pytest.param(damage(value), where, id=f"{label}={json.dumps(value)}")
    for label, damage, values, where in FIELDS
    for value in values
]


@pytest.mark.parametrize(("damage", "where"), CASES)
def test_a_value_of_the_wrong_kind_is_refused_saying_where(damage: Damage, where: str) -> None:
    data = collection()
    damage(data)
    with pytest.raises(ExchangeError) as refused:
        parse(data)
    message = str(refused.value)
    assert message.startswith("bad.jsonld cannot be imported: "), message
    assert where in message and "\n" not in message, message


@pytest.mark.parametrize("kinds", [["AnnotationCollection", 5]])
def test_a_collection_type_of_the_wrong_kind_is_refused(kinds: list[Any]) -> None:
    data = collection()
    data["type"] = kinds
    with pytest.raises(ExchangeError, match=r"collection\.type\[1\]: expected text"):
        parse(data)


@pytest.mark.parametrize("total", [False, 0.0], ids=repr)
def test_a_total_that_is_not_the_whole_number_0_does_not_make_an_empty_collection(
    total: Any,
) -> None:
    data = collection()
    del data["first"]
    data["total"] = total
    with pytest.raises(ExchangeError, match="no first page"):
        parse(data)


def test_lists_of_names_and_links_to_things_elsewhere_are_still_read() -> None:
    """What stays as it was: a list of names, a body or a selector that is a link."""
    data = collection()
    claim = data["first"]["items"][0]
    claim["motivation"] = ["commenting", "tagging"]
    claim["target"]["via"] = ["https://example.com/oil", "https://example.com/other"]
    claim["body"].append("https://example.com/a-body-elsewhere")
    claim["target"]["selector"].append("https://example.com/a-selector-elsewhere")
    first = parse(data).claims[0]
    assert first.note == "hedging" and first.credibility == 2


# -- through the command line --------------------------------------------------------------


def test_import_annotations_refuses_a_list_as_briefing_term_in_one_line(
    run: Callable[..., tuple[int, str, str]], lib_dir: Path, tmp_path: Path
) -> None:
    """The report's case: an export of ours, its rating bodies' term made a list."""
    (lib_dir / "oil.md").write_text(OIL)
    code, out, err = run("annotate", "oil", "--quote", QUOTE, "--credibility", "2")
    assert code == 0, err
    code, out, err = run("annotate", "oil", "--quote", "minister", "--event-date", "2024-01-02")
    assert code == 0, err
    exported = tmp_path / "e.jsonld"
    code, _, err = run("export", "--format", "w3c", "-o", str(exported))
    assert code == 0, err
    data = json.loads(exported.read_text())
    for term in (["x"], {"x": 1}):
        bad = copy.deepcopy(data)
        for annotation in bad["first"]["items"]:
            for body in annotation.get("body", []):
                if isinstance(body, dict) and body.get("briefing:term") != "relation":
                    body.update({"briefing:term": term} if "briefing:term" in body else {})
        path = tmp_path / "bad.jsonld"
        path.write_text(json.dumps(bad))
        for dry in ((), ("--dry-run",)):
            code, out, err = run("import-annotations", str(path), *dry)
            lines = err.strip().splitlines()
            assert code == 2 and out == "" and len(lines) == 1, err
            assert "Traceback" not in err
            assert lines[0].startswith(f"briefing: error: {path} cannot be imported: ")
            assert "briefing:term: expected text, found " in lines[0]
    code, out, err = run("import-annotations", str(exported), "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 2, err


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_set(0, "target", "selector", 0, "prefix")(None), id="prefix"),
        pytest.param(_set(0, "target", "via")(None), id="via"),
        pytest.param(_set(0, "target", "via")([None, "https://example.com/oil"]), id="via item"),
    ],
)
def test_null_is_read_as_an_absent_key_as_json_ld_says(damage: Damage) -> None:
    """JSON-LD ignores a key whose value is null (and nulls in a list): a tool that
    writes ``"prefix": null`` for "no prefix" is read, not refused."""
    data = collection()
    damage(data)
    incoming = parse(data)
    assert [claim.note for claim in incoming.claims][:1] == ["hedging"]


@pytest.mark.parametrize("where", ["id", "source"])
def test_half_a_character_is_refused_not_a_traceback(where: str) -> None:
    """``"\\ud800"`` is valid JSON but no text: it ended the import in a
    UnicodeEncodeError when it reached the store (found by the same hunt)."""
    data = collection()
    marker = "SURROGATE-HERE"
    if where == "id":
        data["first"]["items"][0]["id"] = marker
    else:
        data["first"]["items"][0]["target"]["source"] = marker
    raw = json.dumps(data).replace(marker, "urn:x:\\ud800").encode()
    with pytest.raises(ExchangeError, match="half of a character"):
        parse_annotations(raw, "bad.jsonld")
