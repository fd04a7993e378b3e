"""The list's passages end after a word: a passage with no search word in it was cut
where its 220 characters fell ("…captain from full-ba")."""

from __future__ import annotations

from briefing_tui.core.search.snippets import SNIPPET_CHARS, make_snippet

TEXT = (
    "The England captain returned from a long lay-off and spoke about his fitness, "
    "the coming tour and the selectors' choice of a new vice-captain from full-back "
    "after the autumn series, which ended with two wins, a draw and a narrow defeat "
    "away from home in difficult conditions at the end of a very long season."
)


def _words_whole(passage: str) -> bool:
    body = passage.strip("…")
    return all(word in TEXT.split() or word in TEXT for word in body.split()) and (
        TEXT.find(body) >= 0 and (TEXT.find(body) + len(body) == len(TEXT)
                                  or TEXT[TEXT.find(body) + len(body)] == " ")
    )  # fmt: skip


def test_a_passage_without_a_search_word_ends_after_a_word() -> None:
    snippet = make_snippet(TEXT, frozenset())
    assert len(snippet.text) <= SNIPPET_CHARS + 1
    assert snippet.text.endswith("…")
    assert _words_whole(snippet.text)


def test_a_passage_around_a_match_ends_after_a_word_and_keeps_its_match() -> None:
    snippet = make_snippet(TEXT * 2, frozenset({"selector"}))
    body = snippet.text.strip("…")
    assert snippet.text.endswith("…")
    assert (TEXT * 2).find(body) >= 0
    after = (TEXT * 2)[(TEXT * 2).find(body) + len(body)]
    assert after == " "  # the next character is a space: the last word is whole
    [(start, end)] = snippet.matches[:1]
    assert snippet.text[start:end].lower().startswith("selector")


def test_a_word_ending_exactly_at_the_width_is_kept() -> None:
    words = "alpha beta " * 30
    width = len("alpha beta alpha")  # the width ends right after a whole word
    snippet = make_snippet(words, frozenset(), width=width)
    assert snippet.text == "alpha beta alpha…"
