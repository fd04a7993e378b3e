"""Re-anchoring's moving parts, each pinned where a change would move a claim (issue #20).

The fuzzy search is a pipeline (clues -> windows -> seed -> paragraph bounds ->
edge refinement -> word snapping -> acceptance and ranking). The end-to-end tests
in ``test_anchoring*.py`` cannot reach every edge case of every step, so the
steps' small helpers are checked here on inputs whose right answer is clear.
Each test fails on mutants of ``core/anchoring.py`` (``make mutation``) that the
end-to-end tests let through.
"""

from __future__ import annotations

import typing
from dataclasses import FrozenInstanceError

import pytest

from briefing_tui.core.claims import anchoring
from briefing_tui.core.claims.anchoring import (
    FUZZY_THRESHOLD,
    Anchor,
    AnchorState,
    Selector,
    _Matcher,
    _pull,
    make_selector,
    reanchor,
)
from briefing_tui.core.claims.spans import (
    around,
    can_reach,
    inside_word,
    merge_windows,
    next_word_start,
    previous_word_end,
    word_end,
    word_start,
)
from briefing_tui.core.text.forms import composed_view as _composed_view
from briefing_tui.core.text.quotes import find_quote
from briefing_tui.core.text.sentences import sentence_spans

# --- The public types ---------------------------------------------------------------


def test_the_anchor_states_and_public_names() -> None:
    assert typing.get_args(AnchorState) == ("exact", "moved", "fuzzy", "orphaned")
    for name in anchoring.__all__:
        assert hasattr(anchoring, name), name


def test_selectors_and_anchors_are_immutable_slotted_values() -> None:
    selector = Selector("a", "", "", 0, 1)
    anchor = Anchor("exact", 0, 1, "a", 1.0)
    for value in (selector, anchor):
        with pytest.raises(FrozenInstanceError):
            value.start = 5  # type: ignore[misc]
        assert not hasattr(value, "__dict__")  # one per claim: kept small
    assert not hasattr(_Matcher("text"), "__dict__")


def test_bad_selectors_are_refused_with_a_message_saying_why() -> None:
    with pytest.raises(ValueError) as refused:
        make_selector("Short text.", 0, 5, context=-1)
    assert str(refused.value) == "context must not be negative, got -1"
    with pytest.raises(ValueError) as refused:
        make_selector("Short text.", 3, 20)
    assert str(refused.value) == "span [3, 20) is not inside a text of length 11"


# --- Occurrences ---------------------------------------------------------------------------


def test_occurrences_overlap_stop_at_the_limit_and_are_computed_once() -> None:
    matcher = _Matcher("aaaa")
    assert matcher.occurrences("aa") == [0, 1, 2]
    assert matcher.occurrences("aa", 2) == [0, 1]
    assert matcher.occurrences("b") == []
    assert matcher.occurrences("aa") is matcher.occurrences("aa")  # shared between claims


# --- moved: choosing between repeats -------------------------------------------------------


def test_an_occurrence_at_the_start_of_the_text_can_have_its_context_intact() -> None:
    text = "output fell. End. Then output fell. Fin."
    selector = Selector("output fell.", "", " End.", 30, 42)
    assert _Matcher(text)._best_occurrence(selector, [0, 23]) == 0


def test_the_suffix_must_agree_after_the_quote() -> None:
    text = "ab xy ab zz"
    selector = Selector("ab", "", " zz", 0, 2)
    assert _Matcher(text)._best_occurrence(selector, [0, 6]) == 6


def test_between_repeats_with_equally_changed_context_the_nearest_wins() -> None:
    text = "X output fell. Y ... X output fell. Y ... X output fell. Y"
    selector = Selector("output fell.", "Q ", " R", 40, 52)
    starts = [at + 2 for at in (0, 21, 42)]
    assert [text[at : at + 12] for at in starts] == ["output fell."] * 3
    assert _Matcher(text)._best_occurrence(selector, starts) == 44
    assert _Matcher(text)._best_occurrence(Selector("output fell.", "Q ", " R", 3, 15), starts) == 2


def test_context_similarity_is_exact_and_clipped_at_the_text_start() -> None:
    text = "abc quote def"
    matcher = _Matcher(text)
    assert matcher._context_similarity(Selector("quote", "abc ", " def", 4, 9), 4, 9) == (1.0, 1.0)
    # Only "c " precedes a span at 2: compared with the prefix "xxc ", half agrees.
    before, _ = matcher._context_similarity(Selector("q", "xabc", "", 0, 1), 3, 4)
    assert before == pytest.approx(2 * 3 / (4 + 3))


# --- fuzzy: which candidate ---------------------------------------------------------------

RATE = "The central bank cut its main rate by half a point today."
OLD = "Opening. " + RATE + " Closing remark here."
FILLER = "zzzz qqqq " * 12


def rate_selector() -> Selector:
    return make_selector(OLD, 9, 9 + len(RATE))


def test_a_place_with_nothing_like_the_quote_does_not_stop_the_search() -> None:
    # The old position now holds filler: the passage is found further on.
    changed = RATE.replace("main", "key")
    text = "Opening. " + FILLER + changed + " Closing remark here."
    anchor = reanchor(rate_selector(), text)
    assert (anchor.state, anchor.start, anchor.text) == ("fuzzy", text.index(changed), changed)


def test_a_similar_sentence_too_weak_to_accept_does_not_stop_the_search() -> None:
    changed = RATE.replace("half a", "a quarter of a").replace("main", "key")
    weak = "The bank cut its main rate by a quarter point."  # 0.78, and no context agrees
    text = (
        "Different start. " + weak + " " + FILLER + "Opening. " + changed + " Closing remark here."
    )
    anchor = reanchor(rate_selector(), text)
    assert (anchor.state, anchor.start, anchor.text) == ("fuzzy", text.index(changed), changed)


def test_among_equally_similar_candidates_agreeing_context_beats_nearness() -> None:
    changed = RATE.replace("main", "key")
    text = (
        "Elsewhere entirely, "
        + changed
        + " Unrelated words follow on. "
        + FILLER * 2
        + "Opening. "
        + changed
        + " Closing remark here."
    )
    anchor = reanchor(rate_selector(), text)
    assert (anchor.state, anchor.start) == ("fuzzy", text.rindex(changed))


def test_a_tie_in_similarity_context_and_distance_goes_to_the_earlier() -> None:
    filler = "Filler words that say nothing at all, repeated to keep the copies apart. " * 2
    old = ("Intro here. The talks would resume in March. Outro here. " + filler) * 2
    text = old.replace("resume", "restart")
    first = text.index("The talks")
    second = text.index("The talks", first + 1)
    middle = (first + second) // 2
    quote = "The talks would resume in March."
    assert middle - first == second - middle
    anchor = reanchor(Selector(quote, "o here. ", " Outro h", middle, middle + len(quote)), text)
    assert (anchor.state, anchor.start) == ("fuzzy", first)


# --- fuzzy: where it looks -------------------------------------------------------------------


def test_the_clues_are_the_context_and_pieces_of_the_quote() -> None:
    quote = "The central bank cut its main rate by half a point."  # 51 characters
    prefix = "x" * 20 + "Opening words. "  # 35
    suffix = " Closing words." + "y" * 20  # 35
    clues = list(_Matcher._clues(Selector(quote, prefix, suffix, 35, 86)))
    assert clues == [
        (prefix, -35),
        (prefix[-16:], -16),
        (suffix, 51),
        (suffix[:16], 51),
        (quote[:16], 0),
        (quote[17:33], 17),
        (quote[-16:], 35),
    ]
    # Context of 16 characters or less is a clue once; a quote under 32 has no pieces.
    short = Selector("a" * 31, "p" * 16, "s" * 16, 0, 31)
    assert list(_Matcher._clues(short)) == [("p" * 16, -16), ("s" * 16, 31)]
    assert list(_Matcher._clues(Selector("a" * 32, "", "", 0, 32))) == [
        ("a" * 16, 0),
        ("a" * 16, 8),
        ("a" * 16, 16),
    ]


def test_windows_sit_where_the_clues_point() -> None:
    # Only the prefix locates a passage that moved far and lost its suffix.
    prefix = "A prefix that is quite distinctive: "
    quote = "short quote here"
    old = prefix + quote + " and an old suffix."
    selector = make_selector(old, len(prefix), len(prefix) + len(quote))
    text = "y" * 300 + prefix + "short quota here" + " something new entirely."
    windows = list(_Matcher(text)._windows(selector))
    at = text.index("short quota")
    assert any(low <= at and at + len(quote) <= high for low, high in windows)
    # Around the old start (36): half the quote's length plus 16 either side.
    assert windows[0] == (36 - 24, 36 + 16 + 24)
    anchor = reanchor(selector, text)
    assert (anchor.state, anchor.start, anchor.text) == ("fuzzy", at, "short quota here")


def test_touching_windows_merge() -> None:
    assert merge_windows(iter([(5, 8), (0, 5), (10, 12)])) == [(0, 8), (10, 12)]
    assert merge_windows(iter([(0, 4), (2, 3)])) == [(0, 4)]


# --- fuzzy: the edges ----------------------------------------------------------------------


def test_block_bounds_at_the_edges_of_the_text() -> None:
    assert _Matcher("\n\nAbc")._block_bounds("x", 0, 5) == (2, 5)
    assert _Matcher("\n\nAb")._block_bounds("x", 2, 4) == (2, 4)
    assert _Matcher("\n\nAb")._block_bounds("x", 0, 1) == (0, 0)
    assert _Matcher("A\n\nB")._block_bounds("x", 0, 4) == (0, 1)
    assert _Matcher("Ab\n\nC")._block_bounds("x", 4, 5) == (4, 5)


def test_edge_score_is_the_quote_plus_the_pull_of_each_side() -> None:
    text = "Opening words here. The quote itself. Closing words here."
    selector = make_selector(text, 20, 37, context=20)
    matcher = _Matcher(text)
    assert matcher._edge_score(selector, 20, 37) == 100 + 20 + 20
    assert matcher._edge_score(Selector("The quote itself.", "zzzz", "qqqq", 0, 0), 20, 37) == 100


def test_refining_leaves_a_passage_that_fits_exactly_where_it_is() -> None:
    text = "Opening words here. The quote itself. Closing words here."
    selector = make_selector(text, 20, 37, context=20)
    assert _Matcher(text)._refine(selector, 20, 37, 0, len(text)) == (20, 37)
    assert _Matcher(text)._refine(selector, 17, 40, 0, len(text)) == (20, 37)


def test_pull_is_nothing_below_agreement_then_half_a_point_per_point() -> None:
    assert _pull(50.0) == 0.0
    assert _pull(60.0) == 0.0
    assert _pull(80.0) == 10.0
    assert _pull(100.0) == 20.0


def test_a_quote_can_anchor_only_in_a_text_long_enough() -> None:
    assert can_reach(5, 3, FUZZY_THRESHOLD)  # 2*3/8 = 0.75 exactly: may still reach it
    assert not can_reach(100, 50, FUZZY_THRESHOLD)  # 100/150: too short to ever reach 0.75
    assert can_reach(10, 1000, FUZZY_THRESHOLD)


def test_around_yields_nearest_first_within_bounds() -> None:
    assert list(around(5, 2, 0, 10)) == [4, 6, 3, 7]
    assert list(around(5, 2, 0, 10, include_centre=True)) == [5, 4, 6, 3, 7]
    assert list(around(5, 2, 5, 6, include_centre=True)) == [5, 6]
    assert list(around(5, 3, 4, 6)) == [4, 6]


# --- fuzzy: snapping to words --------------------------------------------------------------


def snap(text: str, selector: Selector, s: int, e: int) -> tuple[int, int]:
    return _Matcher(text)._snap_to_words(selector, s, e)


def test_snapping_trims_whitespace_but_keeps_one_character() -> None:
    ab = Selector("ab", "", "", 0, 2)
    assert snap("x   y", ab, 1, 4) == (3, 4)
    assert snap("x   ", ab, 1, 4) == (3, 4)
    assert snap("x   yz", Selector("yz", "", "", 0, 2), 1, 6) == (4, 6)
    assert snap("x a  ", ab, 2, 5) == (2, 3)


def test_a_quote_ending_in_a_space_may_end_on_one() -> None:
    assert snap("x ab  ", Selector("ab ", "", "", 0, 3), 2, 6) == (2, 6)


def test_only_a_quote_starting_with_a_letter_snaps_its_start() -> None:
    assert snap("xyab", Selector("-ab", "", "", 0, 3), 2, 4) == (2, 4)


def test_only_a_quote_ending_with_a_word_snaps_its_end() -> None:
    """A word, or a word and a mark that ends a sentence or clause ("ab."); not
    a quote cut mid-word (its suffix goes on with a letter) nor one ending in
    another mark ("ab-")."""
    assert snap("ab xyz", Selector("ab-", "", "", 0, 3), 0, 4) == (0, 4)
    assert snap("ab xyz", Selector("ab", "", "a-", 0, 2), 0, 4) == (0, 4)
    # "ab." ending inside "xyz": back to the end of "ab", not "ab x".
    assert snap("ab xyz", Selector("ab.", "", "", 0, 3), 0, 4) == (0, 2)
    # To the end of the word, and the full stop the quote ended with.
    assert snap("ab xyz.", Selector("ab xyz.", "", "", 0, 7), 0, 5) == (0, 7)
    # Ending inside "xyz": back to the end of "ab", which scores better than "ab xyz".
    assert snap("ab xyz", Selector("ab x", "", " x", 0, 4), 0, 4) == (0, 2)


def test_word_helpers() -> None:
    assert [inside_word("ab", at) for at in (0, 1, 2)] == [False, True, False]
    assert inside_word("ab ", 1) and not inside_word("a b", 1) and not inside_word("a b", 2)
    assert word_start("ab cd", 4) == 3
    assert word_start("abc", 2) == 0
    assert word_end("abc d", 1) == 3
    assert word_end("abcd", 1) == 4
    assert word_end("abc", 1) == 3
    assert next_word_start("ab  cd", 1, 6) == 4
    assert next_word_start("ab   cd", 0, 7) == 5
    assert next_word_start("ab  cd", 0, 3) == 3
    assert next_word_start("ab", 0, 2) == 2
    assert next_word_start("abc d", 0, 5) == 4
    assert previous_word_end("ab  cd", 6, 0) == 2
    assert previous_word_end("ab cd", 5, 3) == 3
    assert previous_word_end("a  bcd", 6, 0) == 1
    assert previous_word_end("ab   c", 5, 0) == 2


# --- Finding a typed quote and sentences --------------------------------------------------


def test_composed_view_maps_every_cluster_back() -> None:
    assert _composed_view("ab") == ("ab", [0, 1, 2])
    assert _composed_view("e\u0301ab") == ("\u00e9ab", [0, 2, 3, 4])
    assert _composed_view("\u1100\u1161\u11a8") == ("\uac01", [0, 3])
    assert _composed_view("\u1100\u1160") == ("\u1100\u1160", [0, 0, 2])
    assert _composed_view("\u1100\u1161\u11ff") == ("\uac00\u11ff", [0, 0, 3])


def test_find_quote_finds_plain_letters_before_a_combining_accent() -> None:
    assert find_quote("cafe\u0301", "cafe") == [(0, 4)]


def test_sentence_edges_around_abbreviations_and_punctuation() -> None:
    assert sentence_spans("Size XL. Next one.") == [(0, 8), (9, 18)]
    assert sentence_spans("He met (Mr. Smith) there.") == [(0, 25)]
    assert sentence_spans("Talks in the U.S. Senate went on.") == [(0, 33)]
    assert sentence_spans("Wait . Next one.") == [(0, 6), (7, 16)]


def test_a_changed_passage_exactly_at_the_threshold_is_fuzzy() -> None:
    old = "Alpha beta gamma. The cat sat on a mat. Delta epsilon zeta."
    selector = make_selector(old, 18, 38)
    anchor = reanchor(selector, old.replace("cat sat on a mat", "cot sut an e mot"))
    assert (anchor.state, anchor.text, anchor.score) == ("fuzzy", "The cot sut an e mot", 0.75)


def test_an_orphan_reports_the_similarity_of_the_best_place_seen() -> None:
    anchor = reanchor(Selector("hello world", "", "", 0, 11), "jolly gizmo")
    assert anchor.state == "orphaned"
    assert anchor.score == pytest.approx(4 / 11)  # fuzz.ratio: 2 * 4 shared / 22


def test_the_suffix_is_compared_after_the_quote_not_before_it() -> None:
    selector = Selector("ab", "", "Z", 2, 4)
    assert _Matcher("Zxab abZ")._best_occurrence(selector, [2, 5]) == 5


def test_more_word_edges() -> None:
    assert previous_word_end("abcd", 4, 2) == 2
    # A quote starting with punctuation: only the whitespace is trimmed, one at a time.
    assert snap("x   (yz", Selector("(yz", "", "", 0, 3), 1, 7) == (4, 7)
