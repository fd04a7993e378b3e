"""Terminal control characters never survive ingestion; offsets stay valid."""

from __future__ import annotations

import pytest

from briefing_tui.core.text.sanitize import REPLACEMENT, clean_line, clean_text, has_unsafe

ESC_PICTURE = "\u241b"  # ␛
BEL_PICTURE = "\u2407"  # ␇


@pytest.mark.parametrize(
    "raw",
    [
        "before\x1b]0;evil title\x07after",  # OSC: set the window title
        "before\x1b]52;c;ZWNobyBwd25lZA==\x07after",  # OSC 52: write the clipboard
        "before\x1b[2Jafter",  # CSI: clear the screen
        "before\x1b[31mred\x1b[0mafter",  # CSI: colours
        "before\x9b2Jafter",  # C1 CSI
        "before\x9d0;t\x9cafter",  # C1 OSC ... ST
        "before\x7fafter",  # DEL
        "before\u202egnp.exe\u202cafter",  # RIGHT-TO-LEFT OVERRIDE ... PDF
        "before\u2066isolated\u2069after",  # LEFT-TO-RIGHT ISOLATE ... PDI
        "before\u202a\u202b\u202d\u2067\u2068after",
        "bell\x07 backspace\x08 null\x00 vt\x0b ff\x0c",
    ],
)
def test_escape_sequences_and_controls_are_replaced_one_for_one(raw: str) -> None:
    cleaned = clean_text(raw)
    assert len(cleaned) == len(raw), "one character for one: offsets stay valid"
    assert not has_unsafe(cleaned)
    for position, (before, after) in enumerate(zip(raw, cleaned, strict=True)):
        code = ord(before)
        dangerous = (
            (code < 0x20 and before not in "\t\n")
            or 0x7F <= code < 0xA0
            or 0x202A <= code <= 0x202E
            or 0x2066 <= code <= 0x2069
        )
        if dangerous:
            assert after != before, f"{before!r} at {position} kept"
            assert after.isprintable(), f"{after!r} at {position} is not visible"
        else:
            assert after == before


def test_esc_becomes_the_visible_escape_picture() -> None:
    assert clean_text("\x1b]0;title\x07") == f"{ESC_PICTURE}]0;title{BEL_PICTURE}"


def test_c1_and_bidi_overrides_become_the_replacement_character() -> None:
    assert clean_text("a\x9bb\u202ec\u2066d") == f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT}d"


def test_del_becomes_the_delete_picture() -> None:
    assert clean_text("a\x7fb") == "a\u2421b"


def test_tab_and_newline_are_kept() -> None:
    assert clean_text("col1\tcol2\nnext line") == "col1\tcol2\nnext line"


def test_crlf_and_lone_cr_become_newlines() -> None:
    # A lone CR would move the cursor back over what was already printed.
    assert clean_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"
    assert not has_unsafe(clean_text("fake\rreal"))


def test_clean_text_leaves_ordinary_unicode_alone() -> None:
    text = "Café “quoted” — naïve 日本語 emoji 🖼 and Arabic مرحبا"
    assert clean_text(text) == text
    assert not has_unsafe(text)


def test_clean_line_turns_newlines_and_runs_of_space_into_one_space() -> None:
    assert clean_line("  A title\nwith a\r\nbreak\t and tab ") == "A title with a break and tab"
    assert clean_line("evil\x1b[2J") == f"evil{ESC_PICTURE}[2J"
