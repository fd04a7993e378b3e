"""The word diff behind the reader's "what changed" view."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.text.diffing import (
    MAX_KEPT_BYTES,
    pack_text,
    summarize,
    unpack_text,
    word_diff,
)


def _render(old: str, new: str) -> str:
    """The diff as a reader would see it: [+inserted+] and [-deleted-]."""
    out = []
    for change in word_diff(old, new):
        if change.kind == "equal":
            out.append(new[slice(*change.new)])
        if change.kind in ("delete", "replace"):
            out.append(f"[-{old[slice(*change.old)]}-]")
        if change.kind in ("insert", "replace"):
            out.append(f"[+{new[slice(*change.new)]}+]")
    return "".join(out)


def test_one_changed_word_is_all_that_is_marked() -> None:
    old = "Moscow said the deal was signed.\n\nA second paragraph stays.\n"
    new = "Moscow said the deal was cancelled.\n\nA second paragraph stays.\n"
    assert _render(old, new) == (
        "Moscow said the deal was [-signed.\n\n-][+cancelled.\n\n+]A second paragraph stays.\n"
    )
    assert summarize(old, new, word_diff(old, new)).inserted_words == 1
    assert summarize(old, new, word_diff(old, new)).deleted_words == 1


def test_an_added_paragraph_is_one_insertion_and_the_rest_is_equal() -> None:
    old = "First.\n\nThird.\n"
    new = "First.\n\nSecond, new.\n\nThird.\n"
    changes = word_diff(old, new)
    assert [c.kind for c in changes] == ["equal", "insert", "equal"]
    assert new[slice(*changes[1].new)] == "Second, new.\n\n"


def test_identical_texts_have_no_change() -> None:
    text = "Same words.\n\nSame again.\n"
    changes = word_diff(text, text)
    assert [c.kind for c in changes] == ["equal"]
    assert summarize(text, text, changes).unchanged


def test_deleted_text_keeps_its_place_in_the_new_text() -> None:
    old = "Keep this. Drop these words. Keep that."
    new = "Keep this. Keep that."
    changes = word_diff(old, new)
    deleted = [c for c in changes if c.kind == "delete"]
    assert len(deleted) == 1
    assert old[slice(*deleted[0].old)] == "Drop these words. "
    assert new[: deleted[0].new[0]] == "Keep this. "


def test_empty_texts() -> None:
    assert [c.kind for c in word_diff("", "New text.")] == ["insert"]
    assert [c.kind for c in word_diff("Old text.", "")] == ["delete"]
    assert word_diff("", "") == []


_words = st.lists(st.sampled_from(["a", "b", "c", "dd", "e.", "\n\n", " "]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_words, _words)
def test_the_diff_covers_both_texts_whole_and_in_order(
    old_parts: list[str], new_parts: list[str]
) -> None:
    old = " ".join(old_parts)
    new = " ".join(new_parts)
    changes = word_diff(old, new)
    old_seen = "".join(old[slice(*c.old)] for c in changes)
    new_seen = "".join(new[slice(*c.new)] for c in changes)
    assert old_seen == old
    assert new_seen == new
    for change in changes:
        if change.kind == "equal":
            assert old[slice(*change.old)].split() == new[slice(*change.new)].split()


def test_kept_text_round_trips_and_a_huge_one_is_not_kept() -> None:
    text = "Élysée said — “no comment”.\n" * 100
    packed = pack_text(text)
    assert packed is not None and unpack_text(packed) == text
    import os

    noise = os.urandom(MAX_KEPT_BYTES).hex()
    assert pack_text(noise) is None
