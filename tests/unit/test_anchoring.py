"""Anchoring: claims follow their passage through real edits of a briefing.

Every edit is made to the Markdown and run through ``plain_text``, because the
plain text (markup gone, whitespace collapsed) is what claims anchor to.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.claims.anchoring import (
    FUZZY_THRESHOLD,
    Anchor,
    Selector,
    make_selector,
    reanchor,
    reanchor_all,
)
from briefing_tui.core.text.plaintext import plain_text
from briefing_tui.core.text.quotes import find_quote
from briefing_tui.core.text.sentences import sentence_spans

BRIEFING = """\
# Russia and the sanctions

Mr. Lavrov said on Tuesday that the U.S. sanctions had failed.
Russia's foreign ministry said the talks would resume in March.
Exports fell to $800 million in 2019. Officials did not comment.

## Oil

Oil output fell sharply in the first quarter. Analysts expect a
recovery by the end of the year. The central bank cut its main rate
by half a point.

## Outlook

“We will not yield,” the minister said. The talks would resume in March.
Nobody expects a breakthrough before the summer.
"""

QUOTE = "Russia's foreign ministry said the talks would resume in March."
PARAGRAPH = "Oil output fell sharply in the first quarter."


def claim(markdown: str, quote: str, occurrence: int = 0) -> Selector:
    """A selector on the ``occurrence``-th place ``quote`` has in the plain text."""
    text = plain_text(markdown)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return make_selector(text, start, start + len(quote))


def anchor_after(selector: Selector, edited_markdown: str) -> tuple[Anchor, str]:
    """Re-anchor on the edited briefing; also return its plain text."""
    text = plain_text(edited_markdown)
    return reanchor(selector, text), text


def edit(old: str, new: str, markdown: str = BRIEFING) -> str:
    """``markdown`` with ``old`` replaced once (and it must be there)."""
    assert old in markdown, old
    return markdown.replace(old, new, 1)


def assert_consistent(anchor: Anchor, text: str) -> None:
    """An anchor's offsets and text agree, whatever its state."""
    if anchor.state == "orphaned":
        assert (anchor.start, anchor.end, anchor.text) == (None, None, "")
    else:
        assert anchor.start is not None and anchor.end is not None
        assert 0 <= anchor.start < anchor.end <= len(text)
        assert text[anchor.start : anchor.end] == anchor.text
    assert 0.0 <= anchor.score <= 1.0


# --- make_selector --------------------------------------------------------------------


def test_selector_keeps_the_quote_its_context_and_position() -> None:
    text = plain_text(BRIEFING)
    selector = claim(BRIEFING, QUOTE)
    assert selector.exact == QUOTE
    assert selector.prefix == " the U.S. sanctions had failed. "
    assert selector.suffix == " Exports fell to $800 million in"
    assert text[selector.start : selector.end] == QUOTE


def test_selector_context_is_clipped_at_the_ends_of_the_text() -> None:
    selector = make_selector("Short text.", 0, 5)
    assert (selector.prefix, selector.exact, selector.suffix) == ("", "Short", " text.")
    assert make_selector("Short text.", 6, 11, context=3).prefix == "rt "


@pytest.mark.parametrize(("start", "end"), [(5, 4), (-1, 3), (0, 12), (12, 12)])
def test_selector_on_a_span_outside_the_text_is_a_value_error(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="span"):
        make_selector("Short text.", start, end)


# --- Re-anchoring through edits -----------------------------------------------------------


def test_unchanged_briefing_is_exact() -> None:
    selector = claim(BRIEFING, QUOTE)
    anchor, _ = anchor_after(selector, BRIEFING)
    assert anchor == Anchor("exact", selector.start, selector.end, QUOTE, 1.0)


def test_paragraph_inserted_before_moves_the_claim_to_its_new_offsets() -> None:
    selector = claim(BRIEFING, QUOTE)
    edited = edit("# Russia", "# Summary\n\nA new opening paragraph, added later.\n\n# Russia")
    anchor, text = anchor_after(selector, edited)
    start = text.index(QUOTE)
    assert start > selector.start
    assert anchor == Anchor("moved", start, start + len(QUOTE), QUOTE, 1.0)


def test_word_changed_inside_the_quote_is_fuzzy_over_the_new_sentence() -> None:
    selector = claim(BRIEFING, QUOTE)
    new_sentence = "Russia's foreign ministry said the talks would restart in March."
    anchor, text = anchor_after(selector, edit(QUOTE, new_sentence))
    assert anchor.state == "fuzzy"
    assert anchor.text == new_sentence
    assert anchor.start == text.index(new_sentence)
    assert anchor.end == anchor.start + len(new_sentence)
    assert FUZZY_THRESHOLD <= anchor.score < 1.0


def test_changed_last_word_still_covers_the_whole_new_sentence() -> None:
    # Similarity alone would stop before "April." (it shares little with
    # "March."); the suffix that still follows the sentence places the end.
    selector = claim(BRIEFING, QUOTE)
    new_sentence = "Russia's foreign ministry said the negotiations would resume in April."
    anchor, text = anchor_after(selector, edit(QUOTE, new_sentence))
    assert (anchor.state, anchor.text) == ("fuzzy", new_sentence)
    assert anchor.start == text.index(new_sentence)


@pytest.mark.parametrize("word", ["Crude", "Petroleum", "Brent"])
def test_changed_first_word_is_inside_the_claim(word: str) -> None:
    # Similarity alone would start the claim at " output": "Oil output" is
    # more like "output" than "Crude output". The prefix says where it begins.
    selector = claim(BRIEFING, PARAGRAPH)
    anchor, _ = anchor_after(selector, edit("Oil output fell", f"{word} output fell"))
    assert anchor.state == "fuzzy"
    assert anchor.text == f"{word} output fell sharply in the first quarter."


def test_fuzzy_claim_does_not_grow_into_a_changed_heading() -> None:
    edited = edit("## Oil\n", "## Oil and gas\n")
    edited = edit("the first quarter.", "the first quarter of 2024.", edited)
    anchor, _ = anchor_after(claim(BRIEFING, PARAGRAPH), edited)
    assert (anchor.state, anchor.text) == (
        "fuzzy",
        "Oil output fell sharply in the first quarter of 2024.",
    )


def test_fuzzy_claim_does_not_swallow_a_sentence_inserted_before_it() -> None:
    new_sentence = "Russia's foreign ministry said the talks would restart in March."
    edited = edit(QUOTE, "A new sentence was inserted right here today. " + new_sentence)
    anchor, _ = anchor_after(claim(BRIEFING, QUOTE), edited)
    assert (anchor.state, anchor.text) == ("fuzzy", new_sentence)


def test_sentence_inserted_inside_a_multi_sentence_claim_is_covered() -> None:
    quote = "Exports fell to $800 million in 2019. Officials did not comment."
    edited = edit("in 2019.", "in 2019. Imports rose.")
    anchor, _ = anchor_after(claim(BRIEFING, quote), edited)
    assert anchor.state == "fuzzy"
    assert anchor.text == quote.replace("2019.", "2019. Imports rose.")


def test_deleted_sentence_is_orphaned() -> None:
    selector = claim(BRIEFING, "Analysts expect a recovery by the end of the year.")
    edited = edit("Analysts expect a\nrecovery by the end of the year. ", "")
    anchor, text = anchor_after(selector, edited)
    assert anchor.state == "orphaned"
    assert anchor.score < FUZZY_THRESHOLD
    assert_consistent(anchor, text)


def test_deleted_sentence_does_not_latch_onto_a_similar_one_elsewhere() -> None:
    # "the minister said. The talks would resume in March." in the outlook is
    # 0.8 similar to the deleted sentence, but nothing around it agrees.
    selector = claim(BRIEFING, QUOTE)
    anchor, _ = anchor_after(selector, edit(QUOTE + "\n", ""))
    assert anchor.state == "orphaned"
    assert (anchor.start, anchor.end, anchor.text) == (None, None, "")
    assert anchor.score > 0  # the best candidate seen, for the review screen


def test_moved_paragraph_is_moved() -> None:
    oil = "## Oil\n\nOil output fell sharply in the first quarter. Analysts expect a\n"
    oil += "recovery by the end of the year. The central bank cut its main rate\n"
    oil += "by half a point.\n\n"
    edited = edit(oil, "") + "\n" + oil
    selector = claim(BRIEFING, PARAGRAPH)
    anchor, text = anchor_after(selector, edited)
    start = text.index(PARAGRAPH)
    assert start > selector.start
    assert anchor == Anchor("moved", start, start + len(PARAGRAPH), PARAGRAPH, 1.0)


DUPLICATED = """\
# Summary

Oil output fell sharply. Exports held up better than expected.

# Detail

In the north, oil output fell sharply. Pipelines were damaged by the floods.
"""


@pytest.mark.parametrize(
    ("occurrence", "context"),
    [(0, "Exports held up"), (1, "Pipelines were damaged")],
)
def test_duplicate_quote_goes_where_prefix_and_suffix_agree(occurrence: int, context: str) -> None:
    quote = "output fell sharply."
    selector = claim(DUPLICATED, quote, occurrence)
    # Text inserted before both occurrences: neither sits at the old offset.
    edited = edit("# Summary", "# Summary\n\nWritten on Monday, revised on Friday.", DUPLICATED)
    anchor, text = anchor_after(selector, edited)
    assert anchor.state == "moved"
    assert anchor.start is not None and anchor.text == quote
    assert text[anchor.end : anchor.end + 1 + len(context)] == " " + context


def test_duplicate_with_equal_context_goes_to_the_nearest() -> None:
    text = "Same words here. Other. Same words here. Other. Same words here."
    selector = make_selector(text, 24, 39, context=4)
    anchor = reanchor(selector, "X" + text)
    assert (anchor.state, anchor.start) == ("moved", 25)


def test_whitespace_change_in_the_markdown_keeps_the_claim_exact() -> None:
    # Reflowed lines and extra spaces collapse in the plain text.
    selector = claim(BRIEFING, QUOTE)
    edited = edit("Russia's foreign ministry said", "Russia's   foreign\nministry  said")
    anchor, _ = anchor_after(selector, edited)
    assert anchor.state == "exact"


def test_whitespace_change_in_the_plain_text_is_fuzzy_over_the_same_words() -> None:
    # A hard line break is a newline in the plain text, so the quote changed.
    selector = claim(BRIEFING, QUOTE)
    anchor, text = anchor_after(selector, edit("foreign ministry", "foreign\\\nministry"))
    assert anchor.state == "fuzzy"
    assert anchor.text == QUOTE.replace("foreign ministry", "foreign\nministry")
    assert anchor.score > 0.95
    assert_consistent(anchor, text)


@pytest.mark.parametrize(
    "marked",
    [
        "Russia's *foreign ministry* said",
        "Russia's **foreign ministry** said",
        "Russia's [foreign ministry](https://mid.ru) said",
        "Russia's `foreign ministry` said",
    ],
)
def test_markup_added_inside_the_quote_keeps_it_exact(marked: str) -> None:
    selector = claim(BRIEFING, QUOTE)
    anchor, _ = anchor_after(selector, edit("Russia's foreign ministry said", marked))
    assert anchor == Anchor("exact", selector.start, selector.end, QUOTE, 1.0)


def test_markup_change_that_shifts_the_text_moves_the_claim() -> None:
    # Turning the first paragraph into a list moves nothing; a new list item does.
    selector = claim(BRIEFING, PARAGRAPH)
    edited = edit("## Oil\n\n", "## Oil\n\n- *Bold* new item\n\n")
    anchor, text = anchor_after(selector, edited)
    assert anchor.state == "moved"
    assert anchor.start == text.index(PARAGRAPH)


def test_punctuation_change_is_fuzzy() -> None:
    selector = claim(BRIEFING, QUOTE)
    new_sentence = "Russias foreign ministry, said the talks would resume in March!"
    anchor, _ = anchor_after(selector, edit(QUOTE, new_sentence))
    assert (anchor.state, anchor.text) == ("fuzzy", new_sentence)


def test_rewritten_sentence_is_orphaned_not_misplaced() -> None:
    selector = claim(BRIEFING, QUOTE)
    edited = edit(QUOTE, "Moscow gave no date for new negotiations with Kyiv.")
    anchor, _ = anchor_after(selector, edited)
    assert anchor.state == "orphaned"


# --- Never raise -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selector", "text"),
    [
        (Selector("", "", "", 0, 0), "Some text."),
        (Selector("text", "Some ", ".", 5, 9), ""),
        (Selector("Some text. " * 10, "", "", 0, 110), "Some text."),
        (Selector("text", "Some ", ".", -7, -2), "Some text."),
        (Selector("text", "Some ", ".", 10**9, 3), "Some text."),
        (Selector("\ud800 broken", "\x00", "\uffff", 0, 8), "\ud800 broken surrogate"),
        (Selector("tekst", "", "", 0, 5), "a"),
        (Selector("a", "", "", 0, 1), "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
        (Selector(" ", "", "", 0, 1), "\n\n\n"),
    ],
)
def test_garbage_never_raises(selector: Selector, text: str) -> None:
    anchor = reanchor(selector, text)
    assert_consistent(anchor, text)
    assert reanchor_all([selector], text) == [anchor]


def test_empty_quote_and_empty_text_are_orphaned() -> None:
    assert reanchor(Selector("", "", "", 0, 0), "Text.").state == "orphaned"
    assert reanchor(Selector("Text.", "", "", 0, 5), "").state == "orphaned"


selectors_and_texts = st.tuples(
    st.builds(
        Selector,
        exact=st.text(max_size=40),
        prefix=st.text(max_size=32),
        suffix=st.text(max_size=32),
        start=st.integers(-100, 300),
        end=st.integers(-100, 300),
    ),
    st.text(alphabet="ab .\n", max_size=200) | st.text(max_size=200),
)


@settings(max_examples=200, deadline=None)
@given(selectors_and_texts)
def test_any_selector_on_any_text_gives_a_consistent_anchor(pair: tuple[Selector, str]) -> None:
    selector, text = pair
    assert_consistent(reanchor(selector, text), text)


# --- reanchor_all -------------------------------------------------------------------------


def test_reanchor_all_equals_one_by_one() -> None:
    text = plain_text(BRIEFING)
    selectors = [make_selector(text, start, end) for start, end in sentence_spans(text)]
    selectors += [claim(DUPLICATED, "output fell sharply.", 1), Selector("", "", "", 0, 0)]
    edited = edit("# Russia", "# Summary\n\nNew paragraph.\n\n# Russia")
    edited = edit("would resume in March.\nExports", "would restart in March.\nExports", edited)
    edited = edit("Nobody expects a breakthrough before the summer.\n", "", edited)
    edited_text = plain_text(edited)
    anchors = reanchor_all(selectors, edited_text)
    assert anchors == [reanchor(selector, edited_text) for selector in selectors]
    assert {anchor.state for anchor in anchors} == {"moved", "fuzzy", "orphaned"}
    for anchor in anchors:
        assert_consistent(anchor, edited_text)


def test_reanchor_all_of_nothing_is_nothing() -> None:
    assert reanchor_all([], "Text.") == []


# --- Properties -------------------------------------------------------------------------------

texts = st.text(alphabet=st.sampled_from("ab c.\n’é🖼"), min_size=1, max_size=300) | st.text(
    min_size=1, max_size=300
)


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@given(text_and_span())
def test_a_fresh_selector_anchors_exactly_where_it_was_made(case: tuple[str, int, int]) -> None:
    text, start, end = case
    anchor = reanchor(make_selector(text, start, end), text)
    assert anchor == Anchor("exact", start, end, text[start:end], 1.0)


@settings(deadline=None)
@given(text_and_span(), st.text(max_size=50), st.booleans())
def test_a_quote_still_present_is_never_lost(
    case: tuple[str, int, int], inserted: str, before: bool
) -> None:
    text, start, end = case
    selector = make_selector(text, start, end)
    at = start if before else end
    edited = text[:at] + inserted + text[at:]
    anchor = reanchor(selector, edited)
    assert anchor.state in ("exact", "moved")
    assert anchor.text == selector.exact
    assert_consistent(anchor, edited)


# --- find_quote ------------------------------------------------------------------------------


def test_find_quote_ignores_how_whitespace_is_laid_out() -> None:
    text = "The talks would\nresume in   March. Later."
    assert find_quote(text, "talks would resume in March.") == [(4, 34)]
    assert find_quote(text, "  talks   would\tresume\n in March.  ") == [(4, 34)]


def test_find_quote_returns_every_occurrence() -> None:
    text = plain_text(DUPLICATED)
    spans = find_quote(text, "output  fell sharply.")
    assert len(spans) == 2
    assert [text[start:end] for start, end in spans] == ["output fell sharply."] * 2
    assert find_quote("aaaa", "aa") == [(0, 2), (1, 3), (2, 4)]


def test_find_quote_needs_whitespace_where_the_quote_has_it() -> None:
    assert find_quote("talkswould", "talks would") == []
    assert find_quote("Talks would", "talks would") == []


def test_find_quote_of_nothing_finds_nothing() -> None:
    assert find_quote("Some text.", "") == []
    assert find_quote("Some text.", " \n\t") == []
    assert find_quote("", "text") == []


def test_find_quote_treats_regex_characters_literally() -> None:
    assert find_quote("Costs (est.) rose [sic] by $1.5*2.", "(est.) rose [sic]") == [(6, 23)]


# --- sentence_spans ----------------------------------------------------------------------------

SENTENCES = """\
Mr. Lavrov met Dr. J. Smith in the U.S. on Tuesday. Exports reached \
$800 million in 2019. Prices rose 1.5 percent, e.g. in Moscow. \
The minister said: “We will not yield.” Then he left! Was it a bluff? \
Nobody knows…

“Quoted opening,” he said (twice.) 3 more items followed."""


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_sentence_spans_split_a_briefing_paragraph() -> None:
    assert sentences(SENTENCES) == [
        "Mr. Lavrov met Dr. J. Smith in the U.S. on Tuesday.",
        "Exports reached $800 million in 2019.",
        "Prices rose 1.5 percent, e.g. in Moscow.",
        "The minister said: “We will not yield.”",
        "Then he left!",
        "Was it a bluff?",
        "Nobody knows…",
        "“Quoted opening,” he said (twice.)",
        "3 more items followed.",
    ]


def test_sentence_spans_end_at_every_blank_line() -> None:
    text = plain_text(BRIEFING)
    spans = sentence_spans(text)
    found = sentences(text)
    assert found[:3] == [
        "Russia and the sanctions",
        "Mr. Lavrov said on Tuesday that the U.S. sanctions had failed.",
        QUOTE,
    ]
    assert "Oil" in found and "Outlook" in found
    for start, end in spans:
        assert "\n\n" not in text[start:end]
        assert not text[start].isspace() and not text[end - 1].isspace()


def test_sentence_spans_keep_abbreviations_together() -> None:
    text = "Gen. Gerasimov and Lt. Col. Ivanov arrived on Jan. 5. They left. See No. 4 etc. Then."
    assert sentences(text) == [
        "Gen. Gerasimov and Lt. Col. Ivanov arrived on Jan. 5.",
        "They left.",
        "See No. 4 etc. Then.",
    ]
    assert sentences("As noted on p. 5 of the i.e. report. Done.") == [
        "As noted on p. 5 of the i.e. report.",
        "Done.",
    ]


def test_sentence_spans_need_a_capital_after_the_stop() -> None:
    assert sentences("It rose by 3 p.c. and fell. it is lowercase. Next.") == [
        "It rose by 3 p.c. and fell. it is lowercase.",
        "Next.",
    ]


def test_sentence_spans_of_nothing() -> None:
    assert sentence_spans("") == []
    assert sentence_spans(" \n\n  \n") == []
    assert sentences("No stop at the end") == ["No stop at the end"]


@given(st.text(alphabet=st.sampled_from("Ab. !?…”\n1 "), max_size=200))
def test_sentence_spans_are_ordered_trimmed_and_disjoint(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    covered = {at for start, end in spans for at in range(start, end)}
    assert all(at in covered for at, char in enumerate(text) if not char.isspace())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("civil liberties.", "civil freedoms."),
        ("civil liberties!", "civil rights!"),
        ("civil liberties;", "civil freedoms;"),
    ],
)
def test_a_sentence_whose_last_word_changed_at_the_end_of_a_briefing_ends_on_a_word(
    old: str, new: str
) -> None:
    """With no text after it to pull the edge, the candidate of a sentence
    ending "…civil liberties." in "…civil freedoms." ended "civil fre": the
    review offered to accept a claim cut mid-word."""
    sentence = (
        "Lord Falconer insists that the proposals do not equate to a police state and strike "
        "a balance between protecting the public against the threat of terrorism and "
        f"upholding {old}"
    )
    text = f"Terror law\n\n{sentence}"
    selector = make_selector(text, text.index("Lord"), len(text))
    anchor = reanchor(selector, text.replace(old, new))
    assert anchor.state == "fuzzy"
    assert anchor.text.endswith(f"upholding {new}")
