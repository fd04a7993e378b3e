"""Claim after claim in one briefing: its text is read from the index once, not for
every save (a 4 MB briefing's text took 12 ms to decompress on each), and read
again as soon as the file changes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.core.workspace import Workspace

BODY = "The talks ended late. Officials said a deal was near. Markets barely moved.\n"


def test_claims_in_one_briefing_read_its_text_once_until_it_changes(
    write: Callable[[str, str], Path],
    make_ws: Callable[..., Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write("talks.md", f"---\nid: talks\ntitle: Talks\n---\n\n{BODY}")
    ws = make_ws()
    ws.sync()
    reads: list[str] = []
    indexed = ws.indexed_text

    def counted(doc_id: str) -> str | None:
        reads.append(doc_id)
        return indexed(doc_id)

    monkeypatch.setattr(ws, "indexed_text", counted)
    first = ws.annotate(ws.resolve("talks"), "The talks ended late.")
    second = ws.annotate(ws.resolve("talks"), "Markets barely moved.")
    assert reads == ["talks"]
    assert (first.quote, second.quote) == ("The talks ended late.", "Markets barely moved.")
    # Changed and synced: the text is read again, and the claim is on the new text.
    before = path.stat().st_mtime_ns
    path.write_text(f"---\nid: talks\ntitle: Talks\n---\n\nA new opening. {BODY}")
    later = before + 2_000_000_000  # a time any sync sees as a change
    os.utime(path, ns=(later, later))
    ws.sync()
    third = ws.annotate(ws.resolve("talks"), "A new opening.")
    assert reads == ["talks", "talks"]
    assert third.quote == "A new opening." and third.selector.start == 0
