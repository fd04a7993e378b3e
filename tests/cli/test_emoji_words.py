"""Emoji are words: ``briefing search 🚀`` found nothing ("nothing to search for")
in a briefing about "the 🚀 launch"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

from .helpers import annotate, claims_json, one_line_error

ROCKET = "We watched the 🚀 launch. The 🇺🇦 flag flew. Thanks 👍🏽, love ❤️, family 👨‍👩‍👧 came."
OTHER = "Oil prices rose → fell. A man 👨 and a girl 👧 stood apart."


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsys):  # type: ignore[no-untyped-def]
    (lib_dir / "rocket.md").write_text(f"---\ntitle: Rocket\ndate: 2024-03-05\n---\n\n{ROCKET}\n")
    (lib_dir / "other.md").write_text(f"---\ntitle: Other\ndate: 2024-03-06\n---\n\n{OTHER}\n")

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def _found(run, query: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Title -> the words highlighted in the briefing's text, for ``search QUERY``."""
    code, out, err = run("search", query, "--json")
    assert code in (0, 1), err
    texts = {"Rocket": ROCKET, "Other": OTHER}
    return {
        hit["title"]: [texts[hit["title"]][s:e] for s, e in hit["text_matches"]]
        for hit in json.loads(out)
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("🚀", {"Rocket": ["🚀"]}),
        ("🇺🇦", {"Rocket": ["🇺🇦"]}),
        ("👍", {"Rocket": ["👍"]}),  # the skin tone is left out
        ("👍🏽", {"Rocket": ["👍"]}),
        ("❤", {"Rocket": ["❤"]}),  # the emoji-style mark too
        ("👨‍👩‍👧", {"Rocket": ["👨", "👩", "👧"]}),  # in a row, as a phrase
        ("👧", {"Rocket": ["👧"], "Other": ["👧"]}),
        ("🚀 launch", {"Rocket": ["🚀", "launch"]}),
        ('"the 🚀 launch"', {"Rocket": ["🚀", "launch"]}),
    ],
)
def test_an_emoji_is_found_and_highlighted(run, query: str, found: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    assert _found(run, query) == found


def test_symbols_that_are_not_emoji_are_still_nothing_to_search_for(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("search", "→")
    assert code == 2
    assert "nothing to search for" in one_line_error(err)


def test_an_emoji_is_found_as_it_is_typed_and_in_claims(run, lib_dir: Path, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    first = annotate(run, "rocket.md", "--quote", "the 🚀 launch", "--note", "a 🔥 day")
    annotate(run, "rocket.md", "--quote", "The 🇺🇦 flag flew")
    assert [c["id"] for c in claims_json(run, "claim:🚀")] == [first]
    assert [c["id"] for c in claims_json(run, "note:🔥")] == [first]
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        typed = ws.search_as_you_type("🚀")  # the app's search box, at the keystroke
        assert [ws.resolve(doc_id).title for doc_id in typed.ids] == ["Rocket"]
        assert [hit.title for hit in ws.search("has:claims claim:🚀").hits] == ["Rocket"]
