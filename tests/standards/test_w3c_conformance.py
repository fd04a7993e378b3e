"""The W3C export against the Web Annotation Data Model's MUSTs (its conformance tests).

Exports of (a) a realistic library with claims of every status and anchor state, (b) an
empty selection, (c) two briefings sharing a URL and (d) a briefing whose url is not an
IRI are checked against every MUST assertion listed in the W3C conformance tests
(``fixtures/*Musts.test``, see ``fixtures/README.md``); each annotation also on its own,
as if copied out of the collection.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.cli import main

from .w3c_musts import ANNOTATION, COLLECTION, PAGE, check_annotation, check_export, listed

Run = Callable[..., tuple[int, str, str]]

OIL = (
    "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\nsource: Reuters\n"
    "url: https://example.com/oil\ntags: [energy]\n---\n\n# Oil prices climb\n\n"
    "Oil prices rose as the government minister spoke. Traders said the rally would last.\n\n"
    "Analysts said the rally would fade by May.\n"
)
TALKS = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2024-04-01\n---\n\n"
    "Russia's foreign ministry said the talks would resume in March. "
    "Officials in Kyiv were cautious about the timetable.\n"
)
PIPELINE = (
    "---\nid: pipeline\ntitle: Pipeline reopens\ndate: 2024-02-01\n---\n\n"
    "The pipeline reopened on Tuesday after repairs.\n"
)


def _rewrite(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text)
    later = max(path.stat().st_mtime_ns, before) + 1_000_000_000
    os.utime(path, ns=(later, later))


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsysbinary) -> Run:  # type: ignore[no-untyped-def]
    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return runner


def _annotate(run: Run, doc: str, quote: str, *args: str) -> str:
    code, out, err = run("annotate", doc, "--quote", quote, *args)
    assert code == 0, err
    return out.strip()


def _export(run: Run, *query: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run("export", "--format", "w3c", *query)
    assert code == 0, err
    return json.loads(out)


def _conforms(data: dict) -> None:  # type: ignore[type-arg]
    problems = check_export(data)
    assert problems == [], "\n".join(problems)


def test_every_listed_must_has_a_check() -> None:
    assert sorted(listed("annotationMusts.test")) == sorted(ANNOTATION)
    assert sorted(listed("collectionMusts.test")) == sorted(COLLECTION)
    assert sorted(listed("pageMusts.test")) == sorted(PAGE)


def test_a_realistic_library_with_every_status_and_anchor_state(run: Run, lib_dir: Path) -> None:
    for name, text in (("oil.md", OIL), ("talks.md", TALKS), ("pipeline.md", PIPELINE)):
        (lib_dir / name).write_text(text)
    _annotate(
        run,
        "oil",
        "Oil prices rose as the government minister spoke.",
        "--status",
        "key",
        "--tag",
        "prices",
        "--note",
        "Which minister?\nA second line.",
    )
    _annotate(run, "oil", "Analysts said the rally would fade by May.", "--status", "disputed")
    _annotate(
        run,
        "talks",
        "the talks would resume in March.",
        "--status",
        "verified",
        "--tag",
        "status:key",
    )
    _annotate(run, "talks", "Officials in Kyiv were cautious", "--status", "false")
    _annotate(run, "pipeline", "The pipeline reopened on Tuesday", "--note", "check the date")
    _rewrite(lib_dir / "oil.md", OIL.replace("Oil prices rose", "New lede.\n\nOil prices rose"))
    _rewrite(lib_dir / "talks.md", TALKS.replace("resume in March.", "resume in April."))
    (lib_dir / "pipeline.md").unlink()
    assert run("index")[0] == 0
    data = _export(run)
    targets = [item["target"] for item in data["first"]["items"]]
    assert {t["briefing:anchor"] for t in targets} == {"exact", "moved", "fuzzy", "orphaned"}
    statuses = {
        b["value"] for i in data["first"]["items"] for b in i["body"] if b["purpose"] == "assessing"
    }
    assert statuses == {"open", "key", "verified", "disputed", "false"}
    _conforms(data)
    for item in data["first"]["items"]:  # each one alone, as copied out of the collection
        assert check_annotation(item) == []


def test_an_empty_selection(run: Run, lib_dir: Path) -> None:
    (lib_dir / "talks.md").write_text(TALKS)
    data = _export(run)
    assert data["total"] == 0
    _conforms(data)


def test_two_briefings_sharing_a_url(run: Run, lib_dir: Path) -> None:
    for number in (1, 2):
        (lib_dir / f"blog-{number}.md").write_text(
            f"---\nid: blog-{number}\ntitle: Blog {number}\nurl: https://example.com/live\n---\n\n"
            f"Update number {number} of the day.\n"
        )
        _annotate(run, f"blog-{number}", f"Update number {number}")
    data = _export(run)
    assert len({item["target"]["source"] for item in data["first"]["items"]}) == 2
    _conforms(data)


@pytest.mark.parametrize("url", ["www.example.org/port strike", "https://a b/c", "mailto"])
def test_a_briefing_whose_url_is_not_an_iri(run: Run, lib_dir: Path, url: str) -> None:
    (lib_dir / "talks.md").write_text(TALKS.replace("date:", f"url: {url}\ndate:"))
    _annotate(run, "talks", "Officials in Kyiv were cautious")
    _conforms(_export(run))


# -- the checks themselves catch what they are for -------------------------------------------------

_GOOD = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "urn:x:1",
    "type": "Annotation",
    "target": {"source": "urn:x:doc", "selector": {"type": "TextQuoteSelector", "exact": "a"}},
}


@pytest.mark.parametrize(
    ("change", "assertion"),
    [
        ({"@context": "http://example.org/other"}, "3.1-annotationContextValidated"),
        ({"id": "not an iri"}, "3.1-annotationIdValidated"),
        ({"type": "Note"}, "3.1-annotationTypeValidated"),
        (
            {
                "target": {
                    "source": "www.example.org/port strike",
                    "selector": {"type": "TextQuoteSelector", "exact": "a"},
                }
            },
            "3.2-targetObjectsRecognized",
        ),
        (
            {"target": {"source": "urn:x:doc", "via": "not an iri", "selector": "urn:x:s"}},
            "3.2-targetObjectsRecognized",
        ),
        ({"body": [{"type": "TextualBody", "value": 3}]}, "3.2-bodyObjectsRecognized"),
        ({"body": "urn:x:b", "bodyValue": "x"}, "3.2.5-notBodyBodyValue"),
        ({"created": "2024-05-01 10:00"}, "3.3.1-annotationCreatedValidated"),
        ({"via": "a b"}, "3.3.7-annotationViaValidated"),
    ],
)
def test_the_annotation_checks_catch_a_broken_annotation(change: dict, assertion: str) -> None:  # type: ignore[type-arg]
    assert check_annotation(_GOOD) == []
    problems = check_annotation({**_GOOD, **change})
    assert problems and all(f": {assertion}: " in p for p in problems), problems


def test_the_export_checks_catch_an_empty_page_and_a_lone_annotation_without_context() -> None:
    page = {"id": "urn:x:p", "type": "AnnotationPage", "items": []}
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:x:c",
        "type": "AnnotationCollection",
        "total": 0,
        "first": page,
    }
    assert any("one or more" in p for p in check_export(collection))
    page["items"] = [{k: v for k, v in _GOOD.items() if k != "@context"}]
    assert any("annotationContextValidated" in p for p in check_export(collection))
