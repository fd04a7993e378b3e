"""Removing a tag the app added forgets it; only a front-matter tag is recorded as
removed. A "removed" record of a tag the file never had hid that tag for good once
the file gained it (a tags walk: ``+foo``, ``-foo``, then ``foo`` in the file,
never shown, ``tag:foo`` finding nothing)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from briefing_tui.core.workspace import Workspace


def _front(path: Path, tags: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(f"---\nid: note\ntitle: Note\ntags: [{tags}]\n---\n\nA short note.\n")
    later = before + 2_000_000_000  # a change any sync sees
    os.utime(path, ns=(later, later))


def test_a_tag_added_then_removed_in_the_app_shows_once_the_file_gains_it(
    write: Callable[[str, str], Path], make_ws: Callable[..., Workspace]
) -> None:
    path = write("note.md", "---\nid: note\ntitle: Note\ntags: [kept]\n---\n\nA short note.\n")
    ws = make_ws()
    ws.sync()
    ws.change_tags(ws.resolve("note"), ["foo"], [])
    ws.change_tags(ws.resolve("note"), [], ["foo"])
    assert ws.resolve("note").tags == ["kept"]
    _front(path, "kept, foo")
    ws.sync()
    assert ws.resolve("note").tags == ["kept", "foo"]
    assert ws.search("tag:foo").ids == ["note"]


def test_bulk_removal_records_only_the_tags_a_file_has(
    write: Callable[[str, str], Path], make_ws: Callable[..., Workspace]
) -> None:
    path = write("note.md", "---\nid: note\ntitle: Note\ntags: [kept]\n---\n\nA short note.\n")
    ws = make_ws()
    ws.sync()
    assert ws.store.change_tags_many(["note"], [], ["kept", "s-400"]) == ["note"]
    assert ws.store.get("note").tags == []  # the file's own tag: removed in the app
    _front(path, "kept, s-400")
    ws.sync()
    # "kept" stays removed (the user removed the file's tag); "s-400" was never there.
    assert ws.resolve("note").tags == ["s-400"]
