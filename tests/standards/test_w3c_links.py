"""The W3C export with the analyst's layer (links as ``linking`` annotations, ratings and
event dates as ``tagging`` bodies) still meets every MUST of the Web Annotation Data
Model's conformance tests, each annotation also on its own; and the vocabulary holds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.cli import main

from .w3c_musts import check_annotation, check_export

Run = Callable[..., tuple[int, str, str]]

TALKS = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2024-03-05\nsource: Reuters\n"
    "url: https://example.com/talks\n---\n\n"
    "The talks would resume in March. Officials in Kyiv were cautious about the timetable.\n"
)
DENIAL = (
    "---\nid: denial\ntitle: A denial\ndate: 2024-04-10\nsource: AP\n---\n\n"
    "The talks will not resume in March, a spokesman said. Markets barely moved.\n"
)


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsysbinary) -> Run:  # type: ignore[no-untyped-def]
    (lib_dir / "talks.md").write_text(TALKS)
    (lib_dir / "denial.md").write_text(DENIAL)

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return runner


def _annotate(run: Run, doc: str, quote: str, *args: str) -> str:
    code, out, err = run("annotate", doc, "--quote", quote, *args)
    assert code == 0, err
    return out.strip()


def test_links_ratings_and_event_dates_meet_every_must(run: Run, lib_dir: Path) -> None:
    talks = _annotate(
        run,
        "talks",
        "The talks would resume in March.",
        "--credibility",
        "2",
        "--event-date",
        "2024-03-01",
        "--tag",
        "credibility:2",
    )
    kyiv = _annotate(run, "talks", "Officials in Kyiv were cautious", "--credibility", "6")
    denial = _annotate(run, "denial", "The talks will not resume in March")
    for relation, first, second in (
        ("contradict", talks, denial),
        ("support", kyiv, talks),
        ("repeat", kyiv, denial),
        ("cite", denial, kyiv),
    ):
        assert run("link", first, relation, second)[0] == 0
    assert run("source", "Reuters", "--reliability", "B")[0] == 0
    (lib_dir / "denial.md").unlink()  # a link to an orphaned claim stays, and is exported
    code, out, err = run("export", "--format", "w3c")
    assert code == 0, err
    data = json.loads(out)
    items = data["first"]["items"]
    assert data["total"] == len(items) == 7
    problems = check_export(data)
    assert problems == [], "\n".join(problems)
    for item in items:
        assert check_annotation(item) == []
    links = {item["id"]: item for item in items if item["motivation"] == "linking"}
    assert set(links) == {
        f"urn:briefing-tui:link:{talks}:contradict:{denial}",
        f"urn:briefing-tui:link:{kyiv}:support:{talks}",
        f"urn:briefing-tui:link:{kyiv}:repeat:{denial}",
        f"urn:briefing-tui:link:{denial}:cite:{kyiv}",
    }
    link = links[f"urn:briefing-tui:link:{talks}:contradict:{denial}"]
    assert link["target"] == f"urn:briefing-tui:claim:{denial}"  # the other claim's id
    assert link["body"][0] == f"urn:briefing-tui:claim:{talks}"
    assert link["body"][1] == {
        "type": "TextualBody",
        "value": "contradict",
        "purpose": "classifying",
        "briefing:term": "relation",
    }
    claim_ids = {item["id"] for item in items if item["motivation"] != "linking"}
    assert all(link["target"] in claim_ids for link in links.values())
    [first] = [item for item in items if item["id"] == f"urn:briefing-tui:claim:{talks}"]
    ours = [b for b in first["body"] if "briefing:term" in b]
    assert ours == [
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
    ]
    # the user's own tag of the same spelling stays a tag (no briefing:term)
    assert {"type": "TextualBody", "value": "credibility:2", "purpose": "tagging"} in first["body"]


def test_a_selection_exports_only_the_links_among_its_claims(run: Run) -> None:
    talks = _annotate(run, "talks", "The talks would resume in March.")
    denial = _annotate(run, "denial", "The talks will not resume in March")
    assert run("link", talks, "contradict", denial)[0] == 0
    _, out, _ = run("export", "--format", "w3c", "source:reuters")
    data = json.loads(out)
    assert [item["motivation"] for item in data["first"]["items"]] == ["highlighting"]
    assert check_export(data) == []
