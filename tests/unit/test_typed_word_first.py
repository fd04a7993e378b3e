"""As you type, briefings holding the typed word itself come before those holding
only its completions ("spec" typed: the spec sheet, then "special" and "specify")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing_tui.core.workspace import Workspace

FILLER = "Ministers met in the capital to discuss the budget and the harvest. " * 60

LIBRARY = {
    # Long, and the word once in its title: scored below the short one's completions.
    "sheet.md": f"---\ntitle: The spec sheet\ndate: 2024-01-01\n---\n\n{FILLER}\n",
    "special.md": (
        "---\ntitle: Talks\ndate: 2024-01-02\n---\n\n"
        "A special envoy would specify the special terms of the special deal.\n"
    ),
    "other.md": "---\ntitle: Weather\ndate: 2024-01-03\n---\n\nRain fell on the capital.\n",
}


def _titles(ws: Workspace, ids: list[str]) -> list[str]:
    return [ws.store.get(doc_id).title for doc_id in ids]  # type: ignore[union-attr]


def test_the_typed_word_itself_is_listed_before_its_completions(
    write: Callable[[str, str], Path], make_ws: Callable[..., Workspace]
) -> None:
    for name, text in LIBRARY.items():
        write(name, text)
    ws = make_ws()
    ws.sync()
    assert _titles(ws, ws.search_as_you_type("spec").ids) == ["The spec sheet", "Talks"]
    assert _titles(ws, ws.search_as_you_type("spec", paused=True).ids)[0] == "The spec sheet"
    # Typed on, past the whole word: its completions alone.
    assert _titles(ws, ws.search_as_you_type("speci").ids) == ["Talks"]
    # In an open quote (a phrase being typed) or as a field's word: not a whole word.
    assert _titles(ws, ws.search_as_you_type('"spec').ids)[0] == "Talks"
