"""A sync its caller stops (the app closing, by raising :class:`SyncStopped` from
its progress callback) writes nothing more and takes nothing for damage."""

from __future__ import annotations

import pytest

from briefing_tui.core.sync import SyncStopped

from .helpers import words


def _stop(done: int, total: int, path: str) -> None:
    raise SyncStopped


def test_a_sync_stopped_by_its_caller_leaves_the_index_as_it_was(write, make_ws) -> None:  # type: ignore[no-untyped-def]
    for n in range(6):
        write(f"doc{n}.md", f"---\nid: doc{n}\ntitle: Doc {n}\n---\n\nzebra {words(20, n)}\n")
    ws = make_ws()
    ws.sync()
    write("doc0.md", f"---\nid: doc0\ntitle: Doc 0\n---\n\nokapi {words(20, 0)}\n")

    with pytest.raises(SyncStopped):
        ws.sync(progress=_stop)

    assert not ws.needs_full_build  # not taken for a damaged index and cleared
    assert not ws.notices  # no "Rebuilding the search index"
    assert sorted(ws.search("zebra", limit=0).ids) == [f"doc{n}" for n in range(6)]
    assert ws.sync().updated == ["doc0.md"]  # the next sync does what was stopped
    assert ws.search("okapi", limit=0).ids == ["doc0"]
