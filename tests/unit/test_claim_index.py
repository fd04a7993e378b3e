"""Saving a claim: found by ``claim:`` at once, without re-indexing its briefing (#19).

A claim's fields are searched from the claims' own small index, so a save,
an edit or a delete writes the claim's row and its briefing's claims
document there, and the briefing's document in the main index (its whole
text) is left alone: a save costs the same for a 4 MB briefing as for a
short one.
"""

from __future__ import annotations

import shutil

import pytest

from .helpers import briefing

QUOTE = "The minister added that sanctions would stay in place for now."


@pytest.fixture
def ws(make_ws, write):  # type: ignore[no-untyped-def]
    write("talks.md", briefing(f"# Talks\n\n{QUOTE} Markets barely moved.\n", title="Talks"))
    write("other.md", briefing("# Other\n\nNothing claimed here.\n", title="Other"))
    workspace = make_ws()
    workspace.sync()
    return workspace


def paths(ws, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.path for hit in ws.search(query, snippets=False).hits]


def test_a_claim_save_edit_and_delete_are_found_at_once_without_reindexing_the_briefing(ws) -> None:  # type: ignore[no-untyped-def]
    record = ws.store.by_path("talks.md")
    generation = ws.index().latest_generation()

    claim = ws.annotate(record, QUOTE, note="check the source", tags=["economy"])
    assert paths(ws, 'claim:"sanctions would stay"') == ["talks.md"]
    assert paths(ws, "note:source tag:economy has:notes") == ["talks.md"]

    ws.update_claim(claim.id, status="disputed", note="")
    assert paths(ws, "status:disputed") == ["talks.md"]
    assert paths(ws, "has:notes") == []
    ws.change_tags(record, ["tagged"], [])  # re-indexed: its old document deleted, not found
    generation = ws.index().latest_generation()
    assert paths(ws, "status:disputed") == ["talks.md"]

    ws.delete_claim(claim.id)
    assert paths(ws, "has:claims") == []
    assert paths(ws, "claim:sanctions") == []
    # The briefing's document in the main index was never rewritten.
    assert ws.index().latest_generation() == generation


def test_a_claims_index_that_is_missing_or_damaged_is_built_again_from_the_store(
    ws, make_ws
) -> None:  # type: ignore[no-untyped-def]
    ws.annotate(ws.store.by_path("talks.md"), QUOTE, status="key")
    folder = ws.claim_index.folder
    ws.close()
    shutil.rmtree(folder)  # an upgrade from before the claims index, or lost
    again = make_ws()
    assert paths(again, "status:key claim:minister") == ["talks.md"]
    again.close()
    for name in folder.iterdir():  # damaged: every file garbled
        if name.is_file():
            name.write_bytes(b"\0garbage")
    third = make_ws()
    assert paths(third, "status:key claim:minister") == ["talks.md"]


def test_a_claim_on_a_briefing_unchanged_since_the_sync_is_placed_without_converting_it_again(
    ws, write, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Turning a 4 MB briefing's Markdown into text took 3 s: the index holds that text."""
    import briefing_tui.core.text.plaintext as plaintext

    def not_again(body: str) -> str:
        raise AssertionError("the briefing's text was converted again")

    with monkeypatch.context() as patch:
        patch.setattr(plaintext, "plain_text", not_again)
        claim = ws.annotate(ws.store.by_path("talks.md"), "sanctions would stay", note="kept")
    assert claim.quote == "sanctions would stay"
    assert paths(ws, "note:kept") == ["talks.md"]

    # Changed since the sync: the file is read, the claim made on its text as it is now.
    write("talks.md", briefing("# Talks\n\nA new sentence about grain exports.\n", title="Talks"))
    added = ws.annotate(ws.store.by_path("talks.md"), "grain exports")
    assert added.quote == "grain exports"


def test_a_claims_index_damaged_under_a_running_library_is_rebuilt_not_the_main_index(
    ws, make_ws
) -> None:  # type: ignore[no-untyped-def]
    ws.annotate(ws.store.by_path("talks.md"), QUOTE, note="damaged later")
    folder = ws.claim_index.folder
    ws.close()
    again = make_ws()
    again.sync()
    for segment in folder.glob("*.seg"):  # the postings garbled, the table of contents whole
        segment.write_bytes(b"\\0" * segment.stat().st_size)
    assert paths(again, "note:damaged") == ["talks.md"]
    again.annotate(again.store.by_path("other.md"), "Nothing claimed here.", note="damaged too")
    assert sorted(paths(again, "note:damaged")) == ["other.md", "talks.md"]
    assert not any("Rebuilding" in notice.message for notice in again.notices)


def test_claims_a_sync_re_anchored_reach_the_claims_index_even_if_it_died_before(
    ws, make_ws, write, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The sync's store commit holds the mark; the next sync (nothing changed) catches up."""
    ws.annotate(ws.store.by_path("talks.md"), QUOTE)
    write("talks.md", briefing("# Talks\n\nThe sentence is gone.\n", title="Talks"))
    with monkeypatch.context() as patch:  # killed between the sync's commit and the catch-up
        patch.setattr(type(ws), "_catch_up_claims", lambda self, marks: None)
        ws.sync()
    assert paths(ws, "anchor:orphaned") == []
    ws.close()
    again = make_ws()
    again.sync()
    assert paths(again, "anchor:orphaned") == ["talks.md"]
    assert paths(again, "anchor:exact") == []


def test_claim_terms_reuse_one_searcher_until_a_claim_lands_even_with_no_claims(
    ws, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Every ``tag:`` search asks the claims index too. With no claims yet, Whoosh's
    ``up_to_date`` never held and each search opened a new claims searcher."""
    index = ws.claim_index.index()
    opened: list[object] = []
    real_searcher = type(index).searcher

    def counted(self, *args: object, **kwargs: object) -> object:  # type: ignore[no-untyped-def]
        if self is index:  # the claims index's, not the main index's
            opened.append(self)
        return real_searcher(self, *args, **kwargs)

    monkeypatch.setattr(type(index), "searcher", counted)
    for _ in range(3):
        assert paths(ws, "tag:economy") == []
    assert len(opened) == 1
    record = ws.store.by_path("talks.md")
    ws.annotate(record, QUOTE, tags=["economy"])  # a write lands: seen by the next search
    assert paths(ws, "tag:economy") == ["talks.md"]
    assert paths(ws, "tag:economy") == ["talks.md"]
    assert len(opened) == 2
