"""Blocks the reader drew unlike the spec's HTML (found by a walk over the CommonMark
spec 0.31.2 in session 25); each test fails without its fix."""

from __future__ import annotations

import pytest

from briefing_tui.core.briefings.links import links_in

from .test_walk_s24_lists import _example, _shown


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_two_paragraphs_in_a_quote_are_apart_and_a_hard_break_is_not(
    tmp_path,
    size,  # type: ignore[no-untyped-def]
) -> None:
    """Example 244 (``> foo / > / > bar``: ``<p>foo</p><p>bar</p>``) showed "▌ foo" and
    "▌ bar" on touching lines, as a hard break inside one paragraph shows."""
    body = "Before.\n\n" + _example(244) + "\nBetween.\n\n> hard\\\n> break\n\nAfter.\n"
    lines = await _shown(tmp_path, body, size, blank=True)
    foo = lines.index("▌ foo")
    assert lines[foo : foo + 3] == ["▌ foo", "▌", "▌ bar"], lines
    hard = lines.index("▌ hard")
    assert lines[hard + 1] == "▌ break", lines


@pytest.mark.parametrize("number", [7, 273, 292])
async def test_a_list_item_opening_with_code_or_a_quote_starts_on_its_bullets_line(
    tmp_path,
    number: int,  # type: ignore[no-untyped-def]
) -> None:
    """The bullet or number stood alone on a line, a blank line under it, and read as
    an empty item followed by code (the spec's ``<li><pre>`` and ``<li><blockquote>``)."""
    first = {7: "foo", 273: "indented code", 292: "Blockquote continued here."}[number]
    lines = await _shown(tmp_path, "Before.\n\n" + _example(number) + "\nAfter.\n", (80, 24))
    at = next(n for n, line in enumerate(lines) if first in line)
    marker = {7: "•", 273: "1.", 292: "1."}[number]
    assert marker in lines[at] and lines[at].index(marker) < lines[at].index(first), lines
    assert not any(line in ("•", "1.", "▌  1.") for line in lines), lines


def test_a_link_whose_text_wraps_in_the_source_is_listed_with_its_space() -> None:
    """``[the annual⏎report](…)`` was listed by ``L`` as "the annualreport"."""
    text = "See [the annual\nreport](https://example.org/r) and [a\\\nb](https://example.org/x).\n"
    assert [link.text for link in links_in(text)] == ["the annual report", "a b"]
