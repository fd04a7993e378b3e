"""Found walking the reader and the library list as a newcomer (80x24 and 120x40):
the header's dangling "·", an empty link's blank entry, "Part 1 of 7  Part 1",
passages cut mid-word, and "0 new" on a first start."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label, OptionList

from briefing_tui.tui.dialogs.links import LinksDialog
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.header import BriefingHeader

from .conftest import settle, write_library
from .test_library_newcomer import screen_text
from .test_reader_newcomer import label, open_newest

LONG_NAME = "2030-01-01-moscow-and-new-delhi-discuss-expanding-russian-arms.md"


def _brief(body: str, title: str = "Newest", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2030-01-01\n{extra}---\n\n{body}\n"


# -- 1. the header's metadata line ----------------------------------------------------


async def test_a_path_too_long_for_the_line_starts_its_own_without_a_dangling_dot(
    make_app, library: Path
) -> None:
    """The bundled Lavrov briefing at 80 columns: no source, and its long file name
    wrapped to the next line left "2021-04-06  ·" with nothing after the dot."""
    (library / LONG_NAME).write_text(_brief("Arms talks."), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_newest(app, pilot)
        header = screen.query_one(BriefingHeader)
        assert f"2030-01-01  ·  {LONG_NAME}" in screen_text(app)  # fits at 120: one line
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert not [line for line in lines if line.endswith("·")]
        date = lines.index("2030-01-01")
        assert lines[date + 1] == LONG_NAME
        assert header.size.height >= 3  # title, date, path (and the border)
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert f"2030-01-01  ·  {LONG_NAME}" in screen_text(app)


# -- 2. an empty link in the links list -------------------------------------------------


async def test_an_empty_link_is_not_a_blank_entry_of_the_links_list(
    make_app, library: Path
) -> None:
    (library / "links.md").write_text(
        _brief("An empty link [](), and a [real one](https://example.org)."), encoding="utf-8"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_newest(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, LinksDialog)
        assert [(link.text, link.href) for link in dialog.links] == [
            ("real one", "https://example.org")
        ]
        assert dialog.query_one(OptionList).option_count == 1
        assert "1 link in this briefing" in screen_text(app)


async def test_a_briefing_whose_only_link_is_empty_has_no_links(make_app, library: Path) -> None:
    (library / "links.md").write_text(_brief("Only an empty link [](). "), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_newest(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        assert app.screen is reader
        assert any("no links" in str(n.message) for n in app._notifications)


# -- 3. the part label ---------------------------------------------------------------


@pytest.mark.parametrize("headings", [False, True])
async def test_a_part_without_a_heading_is_named_once(
    make_app, library: Path, headings: bool
) -> None:
    """The CommonMark spec's examples, no heading of their own in a part: the label
    read "Part 1 of 7  Part 1"."""
    paragraphs = [f"Example {i} of the spec, on its own." for i in range(1200)]
    if headings:
        paragraphs = [
            f"## Chapter {i // 300}\n\n{text}" if i % 300 == 0 else text
            for i, text in enumerate(paragraphs)
        ]
    (library / "spec.md").write_text(_brief("\n\n".join(paragraphs)), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await settle(app, pilot)
        assert screen.doc_layout is not None and screen.doc_layout.sectioned
        count = len(screen.doc_layout.sections)
        text = label(screen)
        assert text.startswith(f"Part 1 of {count}  ")
        assert text.count("Part 1") == 1
        assert ("Chapter 0" in text) is headings
        assert text.endswith("} next part")  # the first part: nothing before it


# -- 4. passages in the list -----------------------------------------------------------

LONG_TEXT = (
    "Kilroy-Silk named the seat he will fight at the next general election. Labour's "
    "Elizabeth Blackman won the seat in 2001 with a majority of several thousand votes, "
    "and the party says it will hold it again whatever the polls say this spring."
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_passage_cut_short_ends_in_an_ellipsis(
    make_app, tmp_path: Path, size: tuple[int, int]
) -> None:
    library = write_library(
        tmp_path / "bbc",
        {
            "long.md": _brief(LONG_TEXT, "Kilroy names election seat target", "id: long\n"),
            "short.md": _brief("A short election note.", "Short note", "id: short\n"),
        },
    )
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press(*"election", "tab", "v")
        await settle(app, pilot)
        listing = app.screen.query_one(BriefingList)
        shown = {}
        for index, row in enumerate(listing.rows):
            assert listing.passage(row.id) is not None
            shown[row.id] = listing.render_line(2 * index + 1).text.rstrip()
        assert "election" in shown["long"] and shown["long"].endswith("…")
        # It starts at the passage's first word, or with "…" where it starts further in.
        assert shown["long"].strip().startswith(("…", "Kilroy"))
        assert shown["short"].strip() == "A short election note."


# -- 5. "new" on a first start ---------------------------------------------------------


def _count(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#count", Label).render())


async def test_a_first_start_says_nothing_about_new_and_the_next_does(make_app) -> None:
    """New counts what arrived since the previous start: a first start has none, and
    "0 new" read as false when everything had just arrived."""
    first = make_app()
    async with first.run_test(size=(100, 24)) as pilot:
        await settle(first, pilot)
        assert _count(first).startswith("3 of 3 briefings · 3 unread")
        assert "new" not in _count(first)
    second = make_app()  # the same data folder: nothing arrived since the first start
    async with second.run_test(size=(100, 24)) as pilot:
        await settle(second, pilot)
        assert "3 of 3 briefings · 3 unread · 0 new" in _count(second)
