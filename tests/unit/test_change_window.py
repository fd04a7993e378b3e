"""Review shows a changed passage cut around where it changed, not from its start."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing_tui.core.text.change_window import first_difference, windows_at_change

FALCONER = (
    "Lord Falconer insists that the proposals do not equate to a police state and strike "
    "a balance between protecting the public against the threat of terrorism and "
    "upholding civil liberties."
)


def test_a_change_near_the_end_is_in_both_excerpts() -> None:
    """The newcomer walk's case: cut at 90 from the start, both read "…strike a bal…"."""
    was, now = windows_at_change(FALCONER, FALCONER.replace("liberties", "freedoms"), 90)
    assert was.endswith("upholding civil liberties.") and now.endswith("upholding civil freedoms.")
    assert was.startswith("…") and now.startswith("…")
    assert was.split()[0] == now.split()[0] == "…protecting"  # the same word, a whole one
    assert len(was) <= 90 and len(now) <= 90


def test_a_change_near_the_start_keeps_the_start() -> None:
    was, now = windows_at_change(FALCONER, FALCONER.replace("insists", "argues"), 90)
    assert was.startswith("Lord Falconer insists") and now.startswith("Lord Falconer argues")
    assert was.endswith("…") and len(was) == 90


def test_short_passages_are_whole() -> None:
    assert windows_at_change("The talks  ended.", "The talks\nfailed.", 90) == (
        "The talks ended.",
        "The talks failed.",
    )


@given(
    st.text(alphabet="ab c", min_size=0, max_size=400),
    st.text(alphabet="ab cd", min_size=0, max_size=400),
    st.integers(min_value=20, max_value=200),
)
def test_both_fit_and_show_where_they_differ(was: str, now: str, width: int) -> None:
    shown_was, shown_now = windows_at_change(was, now, width)
    assert len(shown_was) <= width and len(shown_now) <= width
    flat_was, flat_now = " ".join(was.split()), " ".join(now.split())
    at = first_difference(flat_was, flat_now)
    if flat_was != flat_now and at < len(flat_was):
        # the first differing character of the old text is in its excerpt
        body = shown_was.split(" … ")[0].strip("…")  # before a differing end's tail
        start = flat_was.find(body) if body else -1
        assert start != -1 and start <= at < start + len(body) + 1


def test_ends_that_differ_past_the_window_are_shown_too() -> None:
    """A fuzzy candidate changed near its start and at its end ("…Sunday programme."
    → "…Sunday show."): cut at 90 around the first change, its end was "…Su…" and
    whether the candidate kept the sentence's end could not be seen (a newcomer walk)."""
    was = (
        "It would mean paid leave would be increased to nine months by 2007, "
        "Ms Hewitt told GMTV's Sunday programme."
    )
    now = (
        "It would mean paid leave would be raised to nine months by 2007, "
        "Ms Hewitt told GMTV's Sunday show."
    )
    shown_was, shown_now = windows_at_change(was, now, 90)
    assert shown_was.startswith("It would mean paid leave would be increased")
    assert shown_now.startswith("It would mean paid leave would be raised")
    assert shown_was.endswith(" Sunday programme.") and shown_now.endswith(" Sunday show.")
    assert " … " in shown_now and len(shown_was) <= 90 and len(shown_now) <= 90
