"""The list's passages end after a word: a passage with no search word in it was cut
where its 220 characters fell ("…captain from full-ba")."""

from __future__ import annotations

import random

from briefing_tui.core.search import snippets
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


_PIECES = [
    "oil", "Oil", "OIL", "turmoil", "oil.oil", "turmoil.oil", "oils", "boil", "x_oil", "3oil",
    "Ölpreis", "ÖL", "Ministers", "administer", "U.S.", "S-400", "İstanbul", "ΟΔΟΣ", "ﬁre",
    "Fire", "straße", "STRASSE", "👍", "👍🏽", "oil👍", ".", ",", "—", "\n",
]  # fmt: skip
_TERM_SETS = [
    {"oil"}, {"minist"}, {"u.s"}, {"s"}, {"400"}, {"ölpreis"}, {"fire"}, {"οδος"},
    {"strass", "straße"}, {"oil", "minist", "fire"}, {"👍"}, {"istanbul"},
]  # fmt: skip


def _case_blind_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """The words found case-blind in the text as it is (how every text was scanned)."""
    return [
        found.span()
        for found in snippets._candidates(terms).finditer(text)
        if found.group().lower() in terms or snippets._stem(found.group().lower()) in terms
    ][:64]


def test_the_lowered_scan_finds_the_words_the_case_blind_scan_finds() -> None:
    """Searching the lowered text for plain beginnings (ten times faster) finds the
    same words at the same offsets: inside other words (turmoil), after a dot
    (turmoil.oil), in letters that lower to two (İ) or change with their place (Σ),
    ligatures, emoji."""
    rng = random.Random(3)
    for _ in range(4000):
        pieces = (rng.choice(_PIECES) + rng.choice([" ", "", ".", "\n"]) for _ in range(12))
        text = "".join(pieces)
        for terms in map(frozenset, _TERM_SETS):
            assert snippets.match_spans(text, terms, 64) == _case_blind_spans(text, terms), text


def test_words_of_a_search_side_by_side_are_one_run() -> None:
    text = "The prime minister met the prime\nminister's aide.\n\nPrime time, minister."
    spans = snippets.match_spans(text, frozenset({"prime", "minist"}))
    runs = snippets.joined_runs(text, spans)
    assert [text[start:end] for start, end in runs] == [
        "prime minister",
        "prime\nminister",
        "Prime",
        "minister",
    ]


def test_a_phrase_is_marked_where_its_words_stand_in_a_row_only() -> None:
    """``"33.5bn euros"`` marked every lone "euros" (and the reader opened on the
    first, parts away); only the phrase is marked, across marks and stop words."""
    text = (
        "It cost almost 6bn euros. The deal was worth 33.5bn euros in the end. "
        "The Bank of England agreed; the U.K. but not France."
    )
    for terms, expected in [
        ({"33.5bn euro"}, ["33.5bn euros"]),
        ({"bank england"}, ["Bank of England"]),
        ({"u.k but"}, ["U.K. but"]),
        ({"33.5bn euro", "franc"}, ["33.5bn euros", "France"]),
    ]:
        spans = snippets.match_spans(text, frozenset(terms))
        assert [text[start:end] for start, end in spans] == expected, terms


def test_the_body_highlights_keep_a_phrase_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    library = tmp_path / "library"
    library.mkdir()
    (library / "a.md").write_text("---\ntitle: A\n---\n\nPrime minister and oil.\n")
    with Workspace(resolve_paths(library, tmp_path / "data")) as ws:
        ws.sync()
        assert ws.search('"prime minister" oil').body_terms == {"prime minist", "oil"}
        assert ws.search("prime minister").body_terms == {"prime", "minist"}


def test_words_across_marks_and_stop_words_are_one_run() -> None:
    """``U.K. but`` and ``$1.5bn; £800m`` were counted as two matches each."""
    text = "Harm to the U.K. but it is fine. It paid $1.5bn; £800m went elsewhere."
    spans = snippets.match_spans(text, frozenset({"u.k", "but", "1.5bn", "800m"}))
    runs = snippets.joined_runs(text, spans)
    assert [text[start:end] for start, end in runs] == ["U.K. but", "1.5bn; £800m"]
