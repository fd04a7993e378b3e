"""Claims: the store, re-anchoring by sync on real edits of a library file, and search."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_tui.core.claims.anchoring import make_selector
from briefing_tui.core.claims.model import STATUSES
from briefing_tui.core.claims.store import ClaimStore
from briefing_tui.core.store import StoreError
from briefing_tui.core.workspace import QuoteNotFound

from .helpers import briefing

FIRST = "Russia's foreign ministry said the talks would resume in March."
SECOND = "Officials in Kyiv were cautious about the timetable."
THIRD = "The minister added that sanctions would stay in place for now."
FOURTH = "Markets barely moved on the news."

BODY = f"# Talks resume\n\n{FIRST} {SECOND}\n\n{THIRD} {FOURTH}\n"


def front(body: str) -> str:
    return briefing(body, title="Talks resume", date="2024-03-05")


def rewrite(path: Path, text: str) -> None:
    """Replace a file's text and move its mtime on, so even a same-size edit is seen."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before) + 1_000_000_000
    os.utime(path, ns=(later, later))


@pytest.fixture
def talks(write) -> Path:  # type: ignore[no-untyped-def]
    return write("talks.md", front(BODY))


@pytest.fixture
def ws(make_ws, talks: Path):  # type: ignore[no-untyped-def]
    workspace = make_ws()
    workspace.sync()
    return workspace


def record(ws):  # type: ignore[no-untyped-def]
    found = ws.store.by_path("talks.md")
    assert found is not None
    return found


def hits(ws, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.path for hit in ws.search(query, limit=50).hits]


# -- the store ----------------------------------------------------------------------------


def test_add_update_delete(ws) -> None:  # type: ignore[no-untyped-def]
    doc = record(ws)
    claims = ClaimStore(ws.store)
    text = ws.read(doc).plain_text
    start = text.index(SECOND)
    selector = make_selector(text, start, start + len(SECOND))
    claim = claims.add(doc.id, selector, doc.content_hash, note="hedging", status="key")
    assert claim.id.startswith("c")
    assert (claim.quote, claim.note, claim.status, claim.anchor) == (
        SECOND,
        "hedging",
        "key",
        "exact",
    )
    assert claim.created and claim.updated
    assert claims.get(claim.id) == claim
    assert [c.id for c in claims.for_document(doc.id)] == [claim.id]
    assert claims.counts() == {doc.id: 1}

    changed = claims.update(claim.id, note="now sure", status="verified", tags=["Kyiv"])
    assert (changed.note, changed.status, changed.tags) == ("now sure", "verified", ["kyiv"])
    # Only what is given changes.
    again = claims.update(claim.id, status="disputed")
    assert (again.note, again.tags, again.status) == ("now sure", ["kyiv"], "disputed")

    claims.delete(claim.id)
    assert claims.get(claim.id) is None
    assert claims.all() == []
    assert claims.tag_counts() == {}


def test_tags_are_normalised_and_deduplicated(ws) -> None:  # type: ignore[no-untyped-def]
    doc = record(ws)
    claim = ws.annotate(doc, SECOND, tags=["Kyiv", "kyiv", " Follow Up ", "", "a,b"])
    assert claim.tags == ["a-b", "follow-up", "kyiv"]
    assert ws.claims.tag_counts() == {"a-b": 1, "follow-up": 1, "kyiv": 1}


@pytest.mark.parametrize("status", ["bogus", "Key", ""])
def test_a_bad_status_is_refused_and_nothing_is_written(ws, status: str) -> None:  # type: ignore[no-untyped-def]
    doc = record(ws)
    with pytest.raises(ValueError, match="status must be one of"):
        ws.annotate(doc, SECOND, status=status)
    assert ws.claims.all() == []
    claim = ws.annotate(doc, SECOND)
    with pytest.raises(ValueError, match="status must be one of"):
        ws.update_claim(claim.id, status=status, note="lost")
    # The failed update is one rolled-back transaction: the note did not change either.
    assert ws.claims.get(claim.id).note == ""  # type: ignore[union-attr]


def test_every_status_is_accepted(ws) -> None:  # type: ignore[no-untyped-def]
    # The list is written out: a loop over STATUSES alone would pass if it were emptied.
    assert STATUSES == ("open", "key", "verified", "disputed", "false")
    claim = ws.annotate(record(ws), SECOND)
    for status in ("open", "key", "verified", "disputed", "false"):
        assert ws.update_claim(claim.id, status=status).status == status


def test_claims_need_a_known_document(ws) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="no document"):
        ClaimStore(ws.store).add("nope", make_selector("abc", 0, 1), "")
    with pytest.raises(StoreError, match="no claim"):
        ws.claims.update("cmissing", note="x")


def test_notes_are_stored_with_control_characters_made_visible(ws) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(record(ws), SECOND, note="line one\nline \x1b[2J two\r\n")
    assert claim.note == "line one\nline \u241b[2J two\n"


def test_annotate_finds_the_quote_whitespace_insensitively(ws) -> None:  # type: ignore[no-untyped-def]
    doc = record(ws)
    claim = ws.annotate(doc, "  Officials in\n Kyiv   were cautious ")
    assert claim.quote == "Officials in Kyiv were cautious"
    text = ws.read(doc).plain_text
    assert text[claim.selector.start : claim.selector.end] == claim.quote


def test_annotate_absent_and_ambiguous_quotes(ws) -> None:  # type: ignore[no-untyped-def]
    doc = record(ws)
    with pytest.raises(QuoteNotFound, match=r"not in talks\.md"):
        ws.annotate(doc, "not in the text")
    with pytest.raises(QuoteNotFound, match="occurs 2 times"):
        ws.annotate(doc, "would")
    second = ws.annotate(doc, "would", occurrence=2)
    assert second.selector.prefix.endswith("that sanctions ")
    with pytest.raises(QuoteNotFound, match="--occurrence 3"):
        ws.annotate(doc, "would", occurrence=3)
    assert [c.id for c in ws.claims.all()] == [second.id]


# -- re-anchoring on real edits -----------------------------------------------------------


def test_insert_a_paragraph_before_moves_the_claim_with_new_offsets(ws, talks: Path) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(record(ws), SECOND, note="kept")
    rewrite(talks, front(BODY.replace("# Talks resume\n\n", "# Talks resume\n\nA new lede.\n\n")))
    report = ws.sync()
    assert report.reanchored == {"moved": 1}
    moved = ws.claims.get(claim.id)
    assert moved is not None
    assert moved.anchor == "moved"
    assert moved.selector.start == claim.selector.start + len("A new lede.\n\n")
    text = ws.read(record(ws)).plain_text
    assert text[moved.selector.start : moved.selector.end] == SECOND
    assert moved.span == (moved.selector.start, moved.selector.end)
    assert moved.content_hash == record(ws).content_hash
    assert (moved.note, moved.created) == ("kept", claim.created)


def test_a_word_changed_inside_makes_it_fuzzy_with_a_candidate(ws, talks: Path) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(record(ws), SECOND)
    rewrite(talks, front(BODY.replace("were cautious", "were wary")))
    report = ws.sync()
    assert report.reanchored == {"fuzzy": 1}
    fuzzy = ws.claims.get(claim.id)
    assert fuzzy is not None
    assert fuzzy.anchor == "fuzzy"
    # The user's quote is kept; the new text waits for review.
    assert fuzzy.quote == SECOND
    assert fuzzy.candidate is not None
    start, end, candidate = fuzzy.candidate
    assert candidate == "Officials in Kyiv were wary about the timetable."
    assert ws.read(record(ws)).plain_text[start:end] == candidate
    assert fuzzy.span == (start, end)
    assert [c.id for c in ws.claims.needing_review()] == [claim.id]


def test_the_sentence_deleted_orphans_the_claim_and_keeps_it(ws, talks: Path) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(record(ws), SECOND, note="my note", tags=["kyiv"])
    rewrite(talks, front(BODY.replace(f" {SECOND}", "")))
    report = ws.sync()
    assert report.reanchored == {"orphaned": 1}
    orphan = ws.claims.get(claim.id)
    assert orphan is not None
    assert orphan.anchor == "orphaned"
    assert orphan.span is None
    assert (orphan.quote, orphan.note, orphan.tags) == (SECOND, "my note", ["kyiv"])
    assert [c.id for c in ws.claims.needing_review()] == [claim.id]


def test_an_undone_edit_reattaches_a_fuzzy_or_orphaned_claim(ws, talks: Path) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(record(ws), SECOND)
    rewrite(talks, front(BODY.replace("were cautious", "were wary")))
    ws.sync()
    assert ws.claims.get(claim.id).anchor == "fuzzy"  # type: ignore[union-attr]
    rewrite(talks, front(BODY))  # back to the text the claim was made on
    ws.sync()
    back = ws.claims.get(claim.id)
    assert back is not None
    assert (back.anchor, back.candidate) == ("exact", None)
    assert hits(ws, "anchor:fuzzy") == []

    rewrite(talks, front(BODY.replace(f" {SECOND}", "")))
    ws.sync()
    assert ws.claims.get(claim.id).anchor == "orphaned"  # type: ignore[union-attr]
    rewrite(talks, front(BODY))
    ws.sync()
    assert ws.claims.get(claim.id).anchor == "exact"  # type: ignore[union-attr]


def test_renaming_the_file_keeps_every_claim_exact(ws, talks: Path, lib_dir: Path) -> None:  # type: ignore[no-untyped-def]
    first = ws.annotate(record(ws), FIRST, status="key")
    second = ws.annotate(record(ws), FOURTH, tags=["markets"])
    (lib_dir / "archive").mkdir()
    talks.rename(lib_dir / "archive" / "2024-talks.md")
    report = ws.sync()
    assert report.renamed == [("talks.md", "archive/2024-talks.md")]
    assert not report.reanchored
    after = {c.id: c for c in ws.claims.all()}
    assert set(after) == {first.id, second.id}
    assert all(c.anchor == "exact" and c.doc_id == first.doc_id for c in after.values())
    assert after[first.id].selector == first.selector
    assert hits(ws, "has:claims") == ["archive/2024-talks.md"]
    assert hits(ws, "tag:markets") == ["archive/2024-talks.md"]


def test_a_removed_file_keeps_its_claims_orphaned(ws, talks: Path) -> None:  # type: ignore[no-untyped-def]
    doc = record(ws)
    fuzzy = ws.annotate(doc, SECOND)
    kept = ws.annotate(doc, THIRD, note="still mine")
    rewrite(talks, front(BODY.replace("were cautious", "were wary")))
    ws.sync()
    assert ws.claims.get(fuzzy.id).candidate is not None  # type: ignore[union-attr]
    talks.unlink()
    report = ws.sync()
    assert report.removed == ["talks.md"]
    assert report.reanchored == {"orphaned": 2}
    claims = {c.id: c for c in ws.claims.needing_review()}
    assert set(claims) == {fuzzy.id, kept.id}
    assert all(c.anchor == "orphaned" and c.candidate is None for c in claims.values())
    assert claims[kept.id].note == "still mine"
    # The briefing's last known title is still in the store for the review screen.
    last = ws.store.get(doc.id)
    assert last is not None and last.path is None and last.title == "Talks resume"
    # A second sync does not count them again.
    assert not ws.sync().reanchored


def test_an_unrelated_edit_elsewhere_leaves_claims_exact(ws, talks: Path) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(record(ws), FIRST)
    rewrite(talks, front(BODY.replace(FOURTH, "Markets rallied.")))
    report = ws.sync()
    assert not report.reanchored
    assert ws.claims.get(claim.id).anchor == "exact"  # type: ignore[union-attr]


# -- search ---------------------------------------------------------------------------------


def test_claims_are_searchable_as_soon_as_they_are_saved(ws, write) -> None:  # type: ignore[no-untyped-def]
    write("other.md", briefing("Nothing claimed here about Kyiv.", title="Other"))
    ws.sync()
    assert hits(ws, "has:claims") == []
    claim = ws.annotate(
        record(ws), SECOND, note="Hedging language", tags=["Follow Up"], status="disputed"
    )
    assert hits(ws, "claim:cautious") == ["talks.md"]
    assert hits(ws, "claim:minister") == []  # in the text, not in a claim
    assert hits(ws, "note:hedging") == ["talks.md"]
    assert hits(ws, "status:disputed") == ["talks.md"]
    assert hits(ws, "status:key") == []
    assert hits(ws, "has:claims") == ["talks.md"]
    assert hits(ws, "has:notes") == ["talks.md"]
    assert hits(ws, "tag:follow-up") == ["talks.md"]
    assert hits(ws, "anchor:exact") == ["talks.md"]
    assert sorted(hits(ws, "kyiv")) == ["other.md", "talks.md"]
    assert hits(ws, "kyiv -has:claims") == ["other.md"]

    ws.update_claim(claim.id, note="Firm", status="key", tags=["later"])
    assert hits(ws, "note:hedging") == []
    assert hits(ws, "note:firm") == ["talks.md"]
    assert hits(ws, "status:key") == ["talks.md"]
    assert hits(ws, "tag:follow-up") == []
    assert hits(ws, "tag:later") == ["talks.md"]

    ws.delete_claim(claim.id)
    assert hits(ws, "has:claims") == []
    assert hits(ws, "claim:cautious") == []


def test_anchor_states_are_searchable_after_sync(ws, talks: Path) -> None:  # type: ignore[no-untyped-def]
    ws.annotate(record(ws), SECOND)
    ws.annotate(record(ws), THIRD)
    rewrite(talks, front(BODY.replace(f" {SECOND}", "")))
    ws.sync()
    assert hits(ws, "anchor:orphaned") == ["talks.md"]
    assert hits(ws, "anchor:moved") == ["talks.md"]  # THIRD, now earlier in the text
    assert hits(ws, "anchor:exact") == []
    assert hits(ws, "anchor:fuzzy") == []


def test_claim_tags_and_document_tags_share_tag(make_ws, write) -> None:  # type: ignore[no-untyped-def]
    write("a.md", briefing("Alpha text about grain.", title="A", tags=["grain"]))
    write("b.md", briefing("Beta text about grain exports.", title="B"))
    ws = make_ws()
    ws.sync()
    doc = ws.store.by_path("b.md")
    ws.annotate(doc, "grain exports", tags=["grain"])
    assert sorted(hit.path for hit in ws.search("tag:grain").hits) == ["a.md", "b.md"]
    # The claim's tag does not become a document tag.
    assert ws.store.by_path("b.md").tags == []
