"""A fuzzy candidate ends where its sentence ends, if the quote ended one.

Found on a newcomer walk with a real BBC article: the claim "…Ms Hewitt told
GMTV's Sunday programme." became fuzzy after "programme." was edited to
"show.", and its candidate, accepted on the review screen, was stored as
"…told GMTV's Sunday": the candidate stopped where the similarity peaked, not
where the sentence ended. Claims are re-anchored as the core's sync does it:
``reanchor_all`` over the briefing's plain text, on selectors ``make_selector``
made over the plain text the claim was created on.
"""

from __future__ import annotations

import pytest

from briefing_tui.core.claims.anchoring import Anchor, Selector, make_selector, reanchor_all
from briefing_tui.core.claims.boundaries import GROWTH, quote_edges, sentence_edges
from briefing_tui.core.text.plaintext import plain_text

HEADING = "# Maternity pay to be extended\n\nWorking mothers are to get more paid leave. "
HEWITT = (
    "It would mean paid leave would be increased to nine months by 2007, "
    "Ms Hewitt told GMTV's Sunday programme."
)
HEWITT_EDITED = (
    "It would mean paid leave would be raised to nine months by 2007, "
    "Ms Hewitt told GMTV's Sunday show."
)


def anchor_after(old_markdown: str, quote: str, new_markdown: str) -> tuple[Anchor, str]:
    """The claim on ``quote`` (first place) re-anchored on the edited briefing, and its text."""
    old, new = plain_text(old_markdown), plain_text(new_markdown)
    start = old.index(quote)
    [anchor] = reanchor_all([make_selector(old, start, start + len(quote))], new)
    return anchor, new


def assert_fuzzy_on(anchor: Anchor, text: str, passage: str) -> None:
    """The anchor is fuzzy on exactly ``passage``, the only place it has in ``text``."""
    assert text.count(passage) == 1
    start = text.index(passage)
    assert anchor == Anchor("fuzzy", start, start + len(passage), passage, anchor.score)


# --- End to end ----------------------------------------------------------------------


def test_the_bbc_sentence_keeps_its_last_word_after_it_was_edited() -> None:
    """The walk's case: the sentence ends the briefing, so no suffix pulls its end."""
    anchor, text = anchor_after(HEADING + HEWITT + "\n", HEWITT, HEADING + HEWITT_EDITED + "\n")
    assert_fuzzy_on(anchor, text, HEWITT_EDITED)
    assert 0.92 < anchor.score < 0.93


def test_a_sentence_followed_by_another_stops_at_its_own_end() -> None:
    """The next sentence was edited too (the suffix no longer agrees): the
    candidate reaches "show." and not into "Fathers…"."""
    anchor, text = anchor_after(
        HEADING + HEWITT + " She added that fathers would benefit.\n",
        HEWITT,
        HEADING + HEWITT_EDITED + " Fathers would gain as well, she said.\n",
    )
    assert_fuzzy_on(anchor, text, HEWITT_EDITED)


def test_a_phrase_inside_a_sentence_does_not_grow_to_the_sentence() -> None:
    anchor, text = anchor_after(
        HEADING + HEWITT, "paid leave would be increased to nine months", HEADING + HEWITT_EDITED
    )
    assert_fuzzy_on(anchor, text, "paid leave would be raised to nine months")


def test_a_phrase_ending_on_a_changed_word_does_not_grow_to_the_sentence() -> None:
    anchor, text = anchor_after(
        HEADING + HEWITT, "told GMTV's Sunday programme", HEADING + HEWITT_EDITED
    )
    assert_fuzzy_on(anchor, text, "told GMTV's Sunday show")


def test_a_quote_ending_in_a_closing_quotation_mark_keeps_the_mark() -> None:
    """Before, the candidate ended "will restar": a quote ending in "”" was not
    snapped to words at all."""
    quote = "The minister said: “The talks will resume in March.”"
    edited = "The minister said: “The talks will restart after Easter.”"
    before = "# Talks\n\nNews from the capital. "
    anchor, text = anchor_after(before + quote + "\n", quote, before + edited + "\n")
    assert_fuzzy_on(anchor, text, edited)


@pytest.mark.parametrize(
    ("sentence", "edited"),
    [
        (
            "Die Regierung erklärte, die Gespräche würden im März fortgesetzt.",
            "Die Regierung erklärte, die Gespräche würden im Frühjahr weitergeführt.",
        ),
        (
            "Le ministre a déclaré que les négociations reprendraient en février.",
            "Le ministre a déclaré que les négociations reprendraient après l'été.",
        ),
    ],
)
def test_non_ascii_sentences_end_on_their_own_last_word(sentence: str, edited: str) -> None:
    anchor, text = anchor_after("Überblick\n\n" + sentence, sentence, "Überblick\n\n" + edited)
    assert_fuzzy_on(anchor, text, edited)


@pytest.mark.parametrize(
    ("markdown", "edited"),
    [
        # At the start of the briefing: no prefix to pull the start.
        ("", ""),
        # After a heading and a sentence that were both rewritten.
        ("Old heading\n\nSome intro. ", "New title\n\nTotally new text. And more. "),
    ],
)
def test_a_sentence_whose_first_word_changed_starts_at_its_new_first_word(
    markdown: str, edited: str
) -> None:
    quote = "Broadcasters said the series would return in March."
    new = "Channel bosses said the series would return in March."
    anchor, text = anchor_after(markdown + quote, quote, edited + new)
    assert_fuzzy_on(anchor, text, new)


def test_a_sentence_that_grew_past_half_its_length_is_not_followed_to_its_end() -> None:
    """ "…in April after a long pause that nobody expected." is more than 1.5
    times the quote: the candidate keeps the words it found."""
    quote = "The talks would resume in March."
    anchor, text = anchor_after(
        "Intro here. " + quote,
        quote,
        "Intro here. The talks would resume in April after a long pause that nobody expected.",
    )
    assert_fuzzy_on(anchor, text, "The talks would resume in")


@pytest.mark.parametrize(
    ("tail", "passage"),
    [
        # 48 characters, 1.5 times the quote, and still similar enough: taken.
        ("April after the break.", "The talks would resume in April after the break."),
        # 46 characters, but below the threshold whole: the words found instead.
        ("April after a pause.", "The talks would resume in"),
    ],
)
def test_a_whole_sentence_is_taken_only_while_it_is_similar_enough(tail: str, passage: str) -> None:
    quote = "The talks would resume in March."
    new = "Intro here. The talks would resume in " + tail
    anchor, text = anchor_after("Intro here. " + quote, quote, new)
    assert_fuzzy_on(anchor, text, passage)
    assert anchor.score >= 0.75


def test_a_sentence_that_lost_its_full_stop_ends_with_its_paragraph() -> None:
    anchor, text = anchor_after(
        HEADING + HEWITT + "\n\nUnions welcomed the plans.",
        HEWITT,
        HEADING + HEWITT_EDITED[:-1] + "\n\nUnions welcomed the plans.",
    )
    assert_fuzzy_on(anchor, text, HEWITT_EDITED[:-1])


# --- The quote's edges -------------------------------------------------------------------


def selector_on(text: str, quote: str) -> Selector:
    start = text.index(quote)
    return make_selector(text, start, start + len(quote))


@pytest.mark.parametrize(
    ("quote", "edges"),
    [
        ("One two.", (True, True)),  # the whole text
        ("Three four five six.", (True, True)),
        ("Three four", (True, False)),
        ("five six.", (False, True)),
        ("four five", (False, False)),
        ("Seven “eight.”", (True, True)),
        ("Mr. Nine", (True, False)),  # "Mr." ends no sentence
        ("Ten eleven", (True, True)),  # a block without a full stop
    ],
)
def test_quote_edges_are_the_readers_sentence_edges(quote: str, edges: tuple[bool, bool]) -> None:
    texts = {
        "One two.": "One two.",
        "Ten eleven": "Heading\n\nTen eleven\n\nMore text here.",
    }
    text = texts.get(quote, "One two. Three four five six. Seven “eight.” Mr. Nine went.")
    assert quote_edges(selector_on(text, quote)) == edges


def test_a_shortened_prefix_or_suffix_is_not_a_sentence_edge() -> None:
    """32 characters of context end mid-sentence: the quote's edges are not its."""
    text = "x" * 40 + " and then the quote itself and " + "y" * 40
    assert quote_edges(selector_on(text, "the quote itself")) == (False, False)


# --- Moving the edges ------------------------------------------------------------------

TEXT = "Aa bb. Cc dd ee ff. Gg hh ii. Jj."
OLD = "Aa bb. Cc dd ee zz. Gg hh ii. Jj."
LONGER = "Aa bb. Cc dd ee zz yy xx. Gg hh ii. Jj."  # "Cc dd ee zz yy xx." reaches 27


def edges(
    quote: str, s: str, e: str, prefer_long: bool = True, old: str = OLD, text: str = TEXT
) -> str:
    """The passage :func:`sentence_edges` makes of the candidate from ``s`` to the end of ``e``."""
    start, end = text.index(s), text.index(e) + len(e)

    def score(a: int, b: int) -> float:
        return b - a if prefer_long else a - b

    s2, e2 = sentence_edges(text, selector_on(old, quote), start, end, (0, len(text)), score)
    return text[s2:e2]


def test_an_end_moves_to_its_sentence_end_or_back_to_the_last_one_inside() -> None:
    assert edges("Cc dd ee zz.", "Cc", "ff") == "Cc dd ee ff."
    # Ran into the next sentence: forward or back, as the score prefers.
    quote = "Cc dd ee zz yy xx."
    assert edges(quote, "Cc", "Gg", True, LONGER) == "Cc dd ee ff. Gg hh ii."
    assert edges(quote, "Cc", "Gg", False, LONGER) == "Cc dd ee ff."
    # One sentence at most either way, though "ii." and "bb." are in reach.
    assert edges(quote, "Cc", "ee", True, LONGER) == "Cc dd ee ff."
    assert edges(quote, "Aa", "hh", False, LONGER) == "Aa bb. Cc dd ee ff."


def test_a_start_moves_to_its_sentence_start_or_on_to_the_next_one_inside() -> None:
    assert edges("Cc dd ee zz.", "dd", "ff.") == "Cc dd ee ff."
    quote = "Cc dd ee zz yy xx."
    assert edges(quote, "bb", "ff.", True, LONGER) == "Aa bb. Cc dd ee ff."
    assert edges(quote, "bb", "ff.", False, LONGER) == "Cc dd ee ff."
    # One sentence at most either way, though "Aa" and "Gg" are in reach.
    assert edges(quote, "ee", "ff.", True, LONGER) == "Cc dd ee ff."
    assert edges(quote, "bb", "ii.", False, LONGER) == "Cc dd ee ff. Gg hh ii."


def test_edges_the_quote_had_mid_sentence_stay() -> None:
    assert edges("dd ee zz", "dd", "ff") == "dd ee ff"
    assert edges("Cc dd ee", "dd", "ee") == "Cc dd ee"  # only the start was a sentence's
    assert edges("dd ee zz.", "Cc", "ff") == "Cc dd ee ff."  # only the end was
    assert edges("dd ee zz.", "dd", "ff") == "dd ee ff."


def test_edges_on_the_quotes_own_first_and_last_words_stay() -> None:
    """The splitter sees no sentence edge after "ff." before a small letter, or
    before "Cc" after a word without a full stop; the quote's words say there is."""
    text = "Aa bb Cc dd ee ff. gg."
    # "Aa bb Cc dd ee ff." and "Cc dd ee ff. gg." are both in reach (18).
    assert edges("Cc dd ee ff.", "Cc", "ff.", text=text, old="Aa bb. Cc dd ee ff. Gg.") == (
        "Cc dd ee ff."
    )
    # Words that differ do move, to the splitter's edges.
    old = "Aa bb. Xx dd ee zz. Gg."
    assert edges("Xx dd ee zz.", "Cc", "ff.", text=text, old=old) == "Cc dd ee ff. gg."
    assert edges("Cc dd ee zz.", "Cc", "ee", text=text, old=OLD) == "Cc dd ee ff. gg."
    assert edges("Xx dd ee ff.", "Cc", "ff.", text=text, old=old.replace("zz", "ff")) == (
        "Aa bb Cc dd ee ff."
    )


def test_an_edge_moves_at_most_to_growth_times_the_quote() -> None:
    assert GROWTH == 1.5
    # "Cc dd ee ff." is 12 characters: reachable from an 8-character quote (12)...
    assert edges("Cc dd z.", "Cc", "ee", old="Aa bb. Cc dd z. Gg hh ii. Jj.") == "Cc dd ee ff."
    # ...not from a 7-character one (10.5, rounded down to 10).
    assert edges("Cc d z.", "Cc", "ee", old="Aa bb. Cc d z. Gg hh ii. Jj.") == "Cc dd ee"
    # 9 characters reach 13, not 14: rounded down, not to the nearest.
    old = "Aa bb. Cc ddd z. Gg."
    assert edges("Cc ddd z.", "Cc", "ee", old=old, text="Aa bb. Cc dd ee fff. Gg.") == (
        "Cc dd ee fff."
    )
    assert edges("Cc ddd z.", "Cc", "ee", old=old, text="Aa bb. Cc dd ee ffff. Gg.") == "Cc dd ee"
    # The start likewise, measured from the end.
    assert edges("Cc z ff.", "dd", "ff.", old="Aa bb. Cc z ff. Gg hh ii. Jj.") == "Cc dd ee ff."
    assert edges("C z ff.", "dd", "ff.", old="Aa bb. C z ff. Gg hh ii. Jj.") == "dd ee ff."


def test_an_abbreviation_at_the_edge_of_reach_ends_no_sentence() -> None:
    """The text is read beyond the farthest reachable edge: cut right after
    "Mr. ", the splitter would take "Mr." for the end of a sentence."""
    text = "Aa bb. C ddd Mr. Smith went home."
    # A 6-character quote reaches 9 characters from "C": exactly "C ddd Mr.".
    assert edges("C zzz.", "C", "C", old="Aa bb. C zzz. Gg.", text=text) == "C"


def test_edges_stay_inside_their_bounds() -> None:
    selector = selector_on(OLD, "Cc dd ee zz.")
    start, end = TEXT.index("dd"), TEXT.index("ff") + 2
    assert sentence_edges(TEXT, selector, start, end, (start, end), lambda a, b: 0.0) == (
        start,
        end,
    )
