"""A claim whose passage is gone is not moved onto a copy of its words elsewhere.

A newcomer walk over a BBC page of readers' letters: two letters open with "I
agree wholeheartedly with Mr Forsyth."; the claim on the second letter's
sentence, after that letter was deleted, re-anchored ``moved`` onto the first
reader's sentence, was not listed for review, and the next unrelated edit made
it ``exact``. With "so was the IRA." (twice in one paragraph) the same. A copy
whose prefix and suffix both disagree is now a ``fuzzy`` candidate for review,
and stays one through later edits (:mod:`briefing_tui.core.claims.moorings`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_tui.core.claims.anchoring import make_selector, reanchor
from briefing_tui.core.claims.moorings import moored
from briefing_tui.core.text.change_window import ELSEWHERE, same_words, surroundings

from .helpers import briefing

AGREE = "I agree wholeheartedly with Mr Forsyth."
FIRST_LETTER = (
    "Jane Smith, Leeds: If the government has its way with ID cards, we will have lost "
    f"the precious freedom we are told we have. {AGREE} I am shocked at the ease with "
    "which this government is prepared to wipe out our liberties."
)
SECOND_LETTER = (
    "John Brown, Derby: People like Forsyth can only see one side of any argument. "
    f"{AGREE} The very reason this country has been such a wonderful place to live is "
    "under attack, not from terrorists, but from this government."
)
THIRD_LETTER = "Ann Green, Hull: How true. I never thought it would be so easy."
LETTERS = f"# Your views\n\n{FIRST_LETTER}\n\n{SECOND_LETTER}\n\n{THIRD_LETTER}\n"

IRA = "so was the IRA."
PARAGRAPH = (
    "It is based and funded abroad; so was the IRA. It has sleeper fanatics inside our "
    "society; so did the IRA. It is extremely hard to penetrate with our agents; so was "
    "the IRA. The prime movers are not easy to bring to trial; neither were the IRA."
)
PENETRATE = "It is extremely hard to penetrate with our agents; so was the IRA. "
ARTICLE = f"# Terror powers\n\n{PARAGRAPH}\n\nThis is not victory; this is defeat.\n"


def on(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    """The span of the ``occurrence``-th (1-based) place of ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


# -- the anchoring itself ---------------------------------------------------------------


def test_a_deleted_letter_does_not_move_its_claim_onto_the_other_letters_sentence() -> None:
    text = LETTERS
    selector = make_selector(text, *on(text, AGREE, 2))
    edited = text.replace(f"{SECOND_LETTER}\n\n", "")
    anchor = reanchor(selector, edited)
    copy = edited.index(AGREE)
    # Fuzzy, on the first letter's words, for the review to say so: not moved there.
    assert (anchor.state, anchor.start, anchor.text) == ("fuzzy", copy, AGREE)


def test_a_deleted_sentence_does_not_move_a_part_sentence_claim_onto_its_twin() -> None:
    selector = make_selector(ARTICLE, *on(ARTICLE, IRA, 2))
    edited = ARTICLE.replace(PENETRATE, "").replace("fanatics", "cells")
    anchor = reanchor(selector, edited)
    assert anchor.state == "fuzzy"
    assert (anchor.start, anchor.text) == (edited.index(IRA), IRA)


def test_a_copy_that_landed_where_the_passage_was_is_not_exact() -> None:
    """The old offset holding the words is no proof either: text inserted above the
    first letter as long as the gap between the two put its copy there."""
    text = LETTERS
    first, _ = on(text, AGREE, 1)
    second, end = on(text, AGREE, 2)
    selector = make_selector(text, second, end)
    edited = text.replace(f"{SECOND_LETTER}\n\n", "")
    edited = edited.replace(
        "# Your views\n\n", "# Your views\n\n" + "x" * (second - first - 1) + " "
    )
    assert edited[second:end] == AGREE
    anchor = reanchor(selector, edited)
    assert (anchor.state, anchor.start) == ("fuzzy", second)


def test_a_claim_that_ended_the_briefing_has_no_free_suffix() -> None:
    """An empty suffix (the quote ended the text) matched the empty text after any
    place, so every copy was moored by it."""
    text = f"{FIRST_LETTER}\n\nJohn Brown, Derby: Well said. {AGREE}"
    selector = make_selector(text, len(text) - len(AGREE), len(text))
    assert selector.suffix == ""
    edited = f"{FIRST_LETTER}\n\nAnn Green, Hull: How true."
    assert reanchor(selector, edited).state == "fuzzy"
    # Still the text's end, the letter before it edited: its own place, moved.
    moved_on = text.replace("Well said.", "Well said, and better than I could.")
    anchor = reanchor(selector, moved_on)
    assert (anchor.state, anchor.end) == ("moved", len(moved_on))


def test_the_next_letter_brought_next_to_a_copy_does_not_vouch_for_it() -> None:
    """Short letters: the claim's suffix ran into the next letter ("…\n\nAnn Green,
    Hul"), which, the letter deleted, followed the first letter's copy as well."""
    first = f"Jane: We have lost the precious freedom. {AGREE} I am shocked."
    second = f"John: He sees one side of any argument. {AGREE} The very reason."
    text = f"{first}\n\n{second}\n\n{THIRD_LETTER}"
    selector = make_selector(text, *on(text, AGREE, 2))
    assert "\n\nAnn Green" in selector.suffix
    anchor = reanchor(selector, text.replace(f"{second}\n\n", ""))
    assert (anchor.state, anchor.start) == ("fuzzy", text.index(AGREE))


def test_a_sentence_inserted_just_before_a_paragraphs_last_sentence_moves_it() -> None:
    """Its prefix is the new sentence now and its suffix is all next paragraph:
    that paragraph, still next, vouches for it."""
    text = LETTERS
    quote = "I am shocked at the ease with which this government is prepared to wipe out"
    quote += " our liberties."
    selector = make_selector(text, *on(text, quote, 1))
    edited = text.replace(quote, f"Nobody asked us first. {quote}")
    anchor = reanchor(selector, edited)
    assert (anchor.state, anchor.start) == ("moved", edited.index(quote))


def test_the_claim_still_follows_its_own_letter_when_the_other_one_goes() -> None:
    text = LETTERS
    selector = make_selector(text, *on(text, AGREE, 2))
    edited = text.replace(f"{FIRST_LETTER}\n\n", "")
    anchor = reanchor(selector, edited)
    assert (anchor.state, anchor.start) == ("moved", edited.index(AGREE))


def test_a_single_quote_with_text_inserted_above_is_still_moved() -> None:
    text = LETTERS
    selector = make_selector(text, *on(text, "How true.", 1))
    edited = text.replace("# Your views\n\n", "# Your views\n\nA new introduction.\n\n")
    anchor = reanchor(selector, edited)
    assert (anchor.state, anchor.start) == ("moved", edited.index("How true."))


def test_moored_needs_one_agreeing_side_and_takes_an_empty_side_at_its_edge_only() -> None:
    text = "Alpha said so. The words. Omega."
    selector = make_selector(text, 15, 25)
    assert moored(text, selector, 15, 25)
    assert moored("Alpha said so. The words. Other.", selector, 15, 25)  # the prefix agrees
    assert not moored("Completely new. The words. Other.", selector, 16, 26)
    at_start = make_selector(text, 0, 5)
    assert moored("Alpha", at_start, 0, 5)  # still the start: its empty prefix agrees
    assert not moored("Zz. Alpha xx", at_start, 4, 9)
    no_context = make_selector(text, 15, 25, context=0)
    assert moored("Anything at all. The words.", no_context, 17, 27)  # nothing to judge by


def test_the_review_says_where_a_copy_stood() -> None:
    selector = make_selector(LETTERS, *on(LETTERS, AGREE, 2))
    where = surroundings(selector.prefix, selector.suffix, 160)
    assert where == "after “…see one side of any argument.”, before “The very reason this country…”"
    assert same_words(AGREE, AGREE) and not same_words(AGREE, AGREE.replace(" ", "\n"))
    assert "same words elsewhere" in ELSEWHERE


# -- through syncs, as the analyst sees it ----------------------------------------------------


def rewrite(path: Path, text: str) -> None:
    """Replace a file's text and move its mtime on, so even a same-size edit is seen."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before) + 1_000_000_000
    os.utime(path, ns=(later, later))


@pytest.mark.parametrize(
    ("body", "quote", "deleted", "unrelated"),
    [
        (LETTERS, AGREE, f"{SECOND_LETTER}\n\n", ("How true.", "How very true.")),
        (ARTICLE, IRA, PENETRATE, ("not victory", "no victory")),
    ],
    ids=["letters", "part-sentence"],
)
def test_a_claim_on_a_deleted_copy_goes_to_review_and_stays_there(  # type: ignore[no-untyped-def]
    write, make_ws, body: str, quote: str, deleted: str, unrelated: tuple[str, str]
) -> None:
    path = write("views.md", briefing(body, title="Your views"))
    ws = make_ws()
    ws.sync()
    record = ws.store.by_path("views.md")
    claim = ws.annotate(record, quote, occurrence=2, note="the second speaker")
    after_deletion = body.replace(deleted, "")
    rewrite(path, briefing(after_deletion, title="Your views"))
    report = ws.sync()
    assert report.reanchored == {"fuzzy": 1}  # "1 claim needs review", not "1 moved"
    flagged = ws.claims.get(claim.id)
    assert flagged is not None and flagged.anchor == "fuzzy"
    assert flagged.selector == claim.selector  # its old context, for the review
    assert flagged.candidate is not None and flagged.candidate[2] == quote
    assert [c.id for c in ws.claims.needing_review()] == [claim.id]
    assert [hit.path for hit in ws.search("anchor:fuzzy").hits] == ["views.md"]

    # An unrelated edit elsewhere: still for review, neither exact nor counted again.
    rewrite(path, briefing(after_deletion.replace(*unrelated), title="Your views"))
    assert not ws.sync().reanchored
    still = ws.claims.get(claim.id)
    assert still is not None and still.anchor == "fuzzy"
    assert [c.id for c in ws.claims.needing_review()] == [claim.id]

    # The passage back (the deletion undone): its own context is there, so it is exact.
    rewrite(path, briefing(body, title="Your views"))
    ws.sync()
    back = ws.claims.get(claim.id)
    assert back is not None and (back.anchor, back.candidate) == ("exact", None)
    assert back.selector == claim.selector
