"""``word*`` finds the word itself when its stem is shorter than it: ``news*`` found
"newspaper" and "newsletter" but none of the briefings that say "news" (stemmed to
"new", which does not start with "news"), and ``gas*`` missed "gas" (stem "ga")."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

TEXTS = {
    "news": "The news came late in the evening.",
    "paper": "The newspaper printed it on Monday.",
    "new": "A new bridge opened in the city.",
    "gas": "Gas supplies ran short over winter.",
    "gases": "Two gases leaked from the plant.",
    "other": "Nothing of the kind was said here.",
}


@pytest.fixture
def ws(lib_dir: Path, data_dir: Path):  # type: ignore[no-untyped-def]
    for name, text in TEXTS.items():
        (lib_dir / f"{name}.md").write_text(
            f"---\nid: {name}\ntitle: Item {name}\ndate: 2024-01-01\n---\n\n{text}\n",
            encoding="utf-8",
        )
    with Workspace(resolve_paths(lib_dir, data_dir)) as workspace:
        workspace.sync()
        yield workspace


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("news*", {"news", "paper"}),  # not "new": the word as typed, unstemmed
        ("gas*", {"gas", "gases"}),
        ("newspap*", {"paper"}),
    ],
)
def test_a_prefix_finds_the_word_itself(ws: Workspace, query: str, found: set[str]) -> None:
    assert {hit.id for hit in ws.search(query).hits} == found
