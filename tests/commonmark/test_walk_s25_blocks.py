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


#: A list written ``1.`` on every line (the spec: only the first number counts), then a
#: list whose only blank line, before its last item, makes all of it loose (rule 306).
LONG_LISTS = (
    "".join(f"1. item {n}\n" for n in range(1, 31))
    + "\nPara.\n\n"
    + "".join(f"- tight {n}\n" for n in range(1, 21))
    + "\n- loose at end\n\nAfter.\n"
)


def test_a_list_cut_into_chunks_is_numbered_on_and_spaced_as_the_whole() -> None:
    """Each chunk is parsed alone: the 30 items restarted at 1 at every cut, and the
    loose list was tight in the chunks without its blank line (a walk)."""
    from briefing_tui.core.text.layout import layout_document

    layout = layout_document(LONG_LISTS)
    chunks = layout.chunks(0, len(layout.tops), first=7)
    assert len(chunks) >= 4
    numbers = [int(line.split(".")[0]) for c in chunks for line in c.splitlines() if "item" in line]
    assert [n for n in numbers if n != 1][:1] == [2]  # the first cut goes on at 2
    starts = [c.splitlines()[0] for c in chunks if c.startswith(("1", "2", "3"))]
    assert all(not s.startswith("1. item") or s == "1. item 1" for s in starts), starts
    bullets = [c for c in chunks if "- tight" in c]
    for chunk in bullets:  # every chunk of the loose list keeps its items apart
        assert "\n- " not in chunk.replace("\n\n- ", ""), chunk
    assert [c.loose_list_goes_on for c in chunks if c.startswith("- ")] == [True] * len(
        [c for c in chunks if c.startswith("- ")]
    )
    # The same text, as the whole is read: nothing lost or doubled.
    text = [b.text for c in chunks for b in text_blocks_of(c)]
    assert text == [b.text for b in layout.blocks]


def text_blocks_of(source: str) -> list:  # type: ignore[type-arg]
    from briefing_tui.core.text.plaintext import text_blocks

    return text_blocks(source)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_list_reads_as_one_list_across_the_readers_parts(
    tmp_path,
    size,  # type: ignore[no-untyped-def]
) -> None:
    lines = await _shown(tmp_path, LONG_LISTS, (size[0], 200), blank=True)
    numbered = [line for line in lines if "item" in line]
    assert numbered == [f"{n}. item {n}" for n in range(1, 31)], numbered
    first = lines.index("• tight 1")
    last = lines.index("• loose at end")
    shown = lines[first : last + 1]
    assert shown[1::2] == [""] * (len(shown) // 2), shown  # a blank line between each
    assert [line for line in shown if line] == [f"• tight {n}" for n in range(1, 21)] + [
        "• loose at end"
    ]


async def test_a_long_paragraph_in_a_quote_has_no_blank_line_inside(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A quoted paragraph over 4,000 characters is drawn in pieces: the quote's new
    paragraph spacing put a blank "▌" line between them, mid-sentence (a review)."""
    words = " ".join(f"w{n:05d}" for n in range(800))  # 5,600 characters
    lines = await _shown(tmp_path, f"Before.\n\n> {words}\n\nAfter.\n", (120, 200), blank=True)
    first = next(n for n, line in enumerate(lines) if "w00000" in line)
    last = next(n for n, line in enumerate(lines) if "w00799" in line)
    assert all(line.startswith("▌ w") for line in lines[first : last + 1]), lines[first:last]


async def test_a_loose_list_cut_after_the_first_screen_is_spaced_there_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The first screen is parsed before the whole: a loose list whose blank line comes
    later was drawn tight there, spaced from the next part on (a review)."""
    body = "".join(f"- tight {n}\n" for n in range(1, 21)) + "\n- loose at end\n\nAfter.\n"
    lines = await _shown(tmp_path, body, (80, 200), blank=True)
    first, last = lines.index("• tight 1"), lines.index("• loose at end")
    shown = lines[first : last + 1]
    assert shown[1::2] == [""] * (len(shown) // 2), shown


def test_a_continued_list_is_not_numbered_past_nine_digits() -> None:
    """CommonMark's list numbers have at most nine digits: ``1000000000.`` is text."""
    from briefing_tui.core.text.layout import layout_document

    source = "".join(f"999999998. item {n}\n" for n in range(40)) + "\nAfter.\n"
    layout = layout_document(source)
    chunks = layout.chunks(0, len(layout.tops), first=5)
    assert len(chunks) > 1
    assert not any(c.startswith("1000000000.") for c in chunks), [c[:20] for c in chunks]
    texts = [b.text for c in chunks for b in text_blocks_of(c)]
    assert texts == [b.text for b in layout.blocks]
