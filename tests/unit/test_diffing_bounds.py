"""The word diff stays a word diff where it matters and bounded where difflib is not.

``difflib`` is quadratic (worse on repetitive text): an edit made in every
paragraph of a briefing with a small vocabulary took minutes as one run.
"""

from __future__ import annotations

import random

from briefing_tui.core.text.diffing import MAX_WORDS_PER_RUN, summarize, word_diff

WORDS = [
    "government",
    "minister",
    "oil",
    "prices",
    "sanctions",
    "talks",
    "cabinet",
    "budget",
    "reform",
    "export",
]


def _paragraphs(count: int, size: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(size)) + "." for _ in range(count)]


def test_an_edit_in_every_paragraph_is_diffed_paragraph_by_paragraph() -> None:
    old_paragraphs = _paragraphs(60, 80)
    new_paragraphs = [p.replace("oil", "OIL", 1) for p in old_paragraphs]
    old, new = "\n\n".join(old_paragraphs), "\n\n".join(new_paragraphs)
    changes = word_diff(old, new)
    touched = sum(1 for p in old_paragraphs if "oil" in p)
    summary = summarize(old, new, changes)
    assert (summary.inserted_words, summary.deleted_words) == (touched, touched)
    assert "".join(new[slice(*c.new)] for c in changes) == new
    assert "".join(old[slice(*c.old)] for c in changes) == old


def test_one_word_changed_in_a_huge_paragraph_is_one_word() -> None:
    (paragraph,) = _paragraphs(1, MAX_WORDS_PER_RUN * 3)
    words = paragraph.split(" ")
    words[len(words) // 2] = "CHANGED"
    changes = word_diff(paragraph, " ".join(words))
    assert [c.kind for c in changes] == ["equal", "replace", "equal"]
    assert " ".join(words)[slice(*changes[1].new)].strip() == "CHANGED"


def test_a_huge_rewritten_stretch_is_one_replaced_block() -> None:
    (old,) = _paragraphs(1, MAX_WORDS_PER_RUN * 2, seed=3)
    (new,) = _paragraphs(1, MAX_WORDS_PER_RUN * 2, seed=4)
    changes = word_diff("Same start. " + old, "Same start. " + new)
    assert [c.kind for c in changes][-1] == "replace"
    assert len(changes) <= 3
