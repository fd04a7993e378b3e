"""A search for a tag no briefing carries says so, and names the tags like it.

``tag:sport`` over BBC articles tagged ``sports`` said "No briefings match" and
no more (a walk): a tag is matched whole, and nothing told the user theirs was
not one. Said by ``briefing search`` and by the app's preview (tests/ui)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.search.tag_hints import tags_asked, unknown_tag_note


def test_the_tags_a_query_names_as_they_are_stored() -> None:
    assert tags_asked('oil tag:Sport -tag:"Foreign Policy" tag:ene*') == ("sport",)
    assert tags_asked("tag:a NOT tag:b tag:c") == ("a", "c")  # excluded: no reason
    assert tags_asked('"unclosed') == () and tags_asked("oil") == ()


def test_the_note_names_the_first_unknown_tag_and_those_containing_it() -> None:
    known = ["sports", "motorsport", "sport-business", "economy", "a", "b"]
    assert unknown_tag_note("tag:economy tag:sport", known) == (
        " No briefing is tagged “sport”; tags like it: motorsport, sport-business, sports."
    )
    assert unknown_tag_note("tag:zzz", known) == " No briefing is tagged “zzz”."
    assert unknown_tag_note("tag:economy oil", known) == ""


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Cup final\ntags: [sports]\n---\n\nA goal.\n")
    return folder


def test_briefing_search_says_the_tag_is_not_one_and_names_those_like_it(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--content", str(lib), "--data", str(tmp_path / "data")]
    assert main(["search", "tag:sport", *where]) == 1
    err = capsys.readouterr().err
    assert err == "No briefings match. No briefing is tagged “sport”; tags like it: sports.\n"
    assert main(["search", "tag:sports", "zebra", *where]) == 1
    assert capsys.readouterr().err == "No briefings match.\n"  # the tag is one
