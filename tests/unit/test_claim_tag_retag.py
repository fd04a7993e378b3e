"""Claims' own tags renamed, merged and deleted across the library (the tag manager's r
and d on a claim tag): on every claim holding it, the search following."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing_tui.core.workspace import Workspace


def _claimed(write: Callable[[str, str], Path], make_ws: Callable[..., Workspace]) -> Workspace:
    write("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n\nThe court ruled. Yukos appealed.\n")
    write("b.md", "---\ntitle: B\ndate: 2024-01-02\n---\n\nThe judge spoke. Oil fell.\n")
    ws = make_ws()
    ws.sync()
    a, b = ws.store.by_path("a.md"), ws.store.by_path("b.md")
    assert a is not None and b is not None
    ws.annotate(a, "The court ruled.", tags=["court", "yukos"])
    ws.annotate(a, "Yukos appealed.", tags=["court", "courts"])
    ws.annotate(b, "The judge spoke.", tags=["court"])
    return ws


def test_a_claim_tag_renamed_is_renamed_on_every_claim_and_found_by_its_new_name(
    write: Callable[[str, str], Path], make_ws: Callable[..., Workspace]
) -> None:
    ws = _claimed(write, make_ws)
    assert ws.retag_claims("court", "courts") == 3
    assert ws.claims.tag_counts() == {"courts": 3, "yukos": 1}  # merged where both
    assert sorted(ws.search("tag:courts").ids) == sorted(ws.search("").ids)
    assert ws.search("tag:court").ids == []


def test_a_claim_tag_deleted_leaves_every_claim_and_the_other_tags(
    write: Callable[[str, str], Path], make_ws: Callable[..., Workspace]
) -> None:
    ws = _claimed(write, make_ws)
    assert ws.retag_claims("court", None) == 3
    assert ws.claims.tag_counts() == {"courts": 1, "yukos": 1}
    assert len(ws.claims.all()) == 3
    assert ws.search("tag:court").ids == []
    assert ws.retag_claims("nothing", None) == 0
