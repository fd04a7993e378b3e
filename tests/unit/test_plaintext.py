"""Plain text: the indexed text, which claims anchor to, with markup removed."""

from __future__ import annotations

from briefing_tui.core.text.plaintext import plain_text, text_blocks


def test_inline_markup_is_removed() -> None:
    source = "Some *em*, **strong**, ~~struck~~, `code` and a [link](https://x.org).\n"
    assert plain_text(source) == "Some em, strong, struck, code and a link."


def test_headings_lose_their_hashes() -> None:
    assert plain_text("# Title\n\n## Sub *heading*\n") == "Title\n\nSub heading"


def test_blocks_are_joined_with_one_blank_line() -> None:
    source = "# Title\n\n\n\nFirst para.\n\n\n\nSecond para.\n"
    assert plain_text(source) == "Title\n\nFirst para.\n\nSecond para."


def test_soft_line_breaks_become_spaces() -> None:
    assert plain_text("one line\nwraps here\nand here\n") == "one line wraps here and here"


def test_hard_line_breaks_stay_newlines() -> None:
    assert plain_text("one  \ntwo\\\nthree\n") == "one\ntwo\nthree"


def test_whitespace_runs_collapse_to_one_space() -> None:
    assert plain_text("lots    of \t  space\n") == "lots of space"


def test_list_items_and_quotes_are_their_paragraphs() -> None:
    source = "- first item\n- second *item*\n\n> quoted text\n"
    assert plain_text(source) == "first item\n\nsecond item\n\nquoted text"


def test_code_blocks_keep_their_text() -> None:
    source = "Intro.\n\n```python\ndef f():\n    return 1\n```\n"
    assert plain_text(source) == "Intro.\n\ndef f():\n    return 1"


def test_table_cells_are_blocks() -> None:
    source = "| a | b |\n|---|---|\n| 1 | **2** |\n"
    assert plain_text(source) == "a\n\nb\n\n1\n\n2"


def test_images_show_their_alt_text() -> None:
    assert plain_text("![a chart](chart.png)\n") == "🖼  a chart"


def test_rules_add_no_text_and_html_is_shown_as_text() -> None:
    # Textual drops HTML silently; the reader shows it (blocks as code), so it is text.
    assert plain_text("Before\n\n---\n\n<div>raw html</div>\n\nAfter\n") == (
        "Before\n\n<div>raw html</div>\n\nAfter"
    )
    assert plain_text("A <b>bold</b>  word\n") == "A <b>bold</b> word"


def test_empty_document_is_empty() -> None:
    assert plain_text("") == ""
    assert text_blocks("") == []


def test_block_offsets_index_the_plain_text() -> None:
    source = "# Title\n\nFirst *para*.\n\n- item\n\n| c |\n|---|\n| d |\n"
    text = plain_text(source)
    blocks = text_blocks(source)
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph", "cell", "cell"]
    assert blocks[0].level == 1
    for block in blocks:
        assert text[block.start : block.end] == block.text


def test_chunks_cut_at_the_lines_markdown_it_counts() -> None:
    """Only "\\n" ends a line for markdown-it; str.splitlines also cuts at U+2028,
    form feeds and more, so chunks cut by its lines held a block twice or lost it."""
    from briefing_tui.core.text.layout import first_screen, layout_document

    source = "".join(f"Para {i} one\u2028two\x1cthree.\n\n" for i in range(400))
    layout = layout_document(source)
    tops = len(layout.tops)
    chunks = layout.chunks(0, tops, first=7)
    assert "".join(chunks) == source
    assert [b.text for c in chunks for b in text_blocks(c)] == [b.text for b in layout.blocks]
    head = first_screen(source, blocks=7, probe=2_000)
    rest = "".join(layout.chunks(layout.top_after(head), tops))
    assert head + rest == source


BARE_URLS = {
    # A bare URL is text as CommonMark says: entities decoded, escapes removed,
    # emphasis and strikethrough inside it are emphasis, whatever else the
    # document holds (a "%" or "xn--" once switched linkify on for it alone).
    "https://example.com/?a=1&amp;b=2": "https://example.com/?a=1&b=2",
    "https://example.com/a\\_b\\_c": "https://example.com/a_b_c",
    "https://example.com/_private_ page": "https://example.com/private page",
    "https://example.com/~~x~~ and https://example.com/*foo*": (
        "https://example.com/x and https://example.com/foo"
    ),
}


def test_bare_urls_are_commonmark_text_whatever_the_document_holds() -> None:
    for source, text in BARE_URLS.items():
        assert plain_text(source) == text, source
        for extra in ("100%", "xn--caf-dma.example"):
            assert plain_text(f"{source}\n\n{extra}") == f"{text}\n\n{extra}", (source, extra)
