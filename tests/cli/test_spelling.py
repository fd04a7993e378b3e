"""A search that found nothing offers its words as the library spells them.

``goverment`` over BBC articles said "No briefings match." and no more (a walk),
though hundreds say "government". ``briefing search`` says it on stderr; the
app's preview says it too (tests/ui/test_walk_s24.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

ARTICLES = {
    "a.md": "---\ntitle: Budget\n---\n\nThe government minister spoke. The government fell.\n",
    "b.md": "---\ntitle: Vote\n---\n\nThe governor and the government of the day.\n",
    "c.md": "---\ntitle: Oil\n---\n\nSanctions on oil, the sanctions widened.\n",
    "d.md": "---\ntitle: Rule\n---\n\nThe country was governed by the prime minister.\n",
}


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_each_unknown_word_is_respelt_as_the_librarys_closest(lib: Path, tmp_path: Path) -> None:
    with Workspace(resolve_paths(lib.resolve(), (tmp_path / "data").resolve())) as ws:
        ws.sync()
        assert ws.did_you_mean("goverment minister") == "government minister"
        # Written as typed: a capital kept, a word in capitals kept in capitals.
        assert ws.did_you_mean("Sanctoins oil") == "Sanctions oil"
        assert ws.did_you_mean("GOVERMENT") == "GOVERNMENT"
        # A word the library holds, fields, phrases, wildcards, short words: as typed.
        assert ws.did_you_mean("minister") is None
        assert ws.did_you_mean("tag:goverment goverm*") is None
        assert ws.did_you_mean("teh") is None
        assert ws.did_you_mean("zzzqqqxx") is None  # nothing like it
        assert ws.did_you_mean('"unclosed') is None
        # Two letters swapped are one slip: "governed" is nearer by Whoosh's count
        # (two edits, "government" three) and was offered (a walk).
        assert ws.did_you_mean("govermnet") == "government"
        assert ws.did_you_mean('"prime minster"') == '"prime minister"'  # in a phrase too


def test_briefing_search_says_what_it_means(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--content", str(lib), "--data", str(tmp_path / "data")]
    assert main(["search", "goverment", *where]) == 1
    assert capsys.readouterr().err == "No briefings match. Did you mean “government”?\n"
    assert main(["search", "zzzqqqxx", *where]) == 1
    assert capsys.readouterr().err == "No briefings match.\n"
    assert main(["search", "government", *where]) == 0


def test_fields_excluded_words_and_expansions_stay_as_typed(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``title:"goverment" goverment`` respelt the field's word, not the plain one;
    ``-goverment`` was respelt; ``--unread goverment`` offered "(government) is:unread"
    (the query as run, not as typed: a review)."""
    with Workspace(resolve_paths(lib.resolve(), (tmp_path / "data").resolve())) as ws:
        ws.sync()
        fixed = ws.did_you_mean('title:"goverment" goverment')
        assert fixed == 'title:"goverment" government'
        assert ws.did_you_mean("minister -goverment") is None
        assert ws.did_you_mean("tag:goverment-x goverment") == "tag:goverment-x government"
    where = ["--content", str(lib), "--data", str(tmp_path / "data")]
    assert main(["search", "--unread", "goverment", *where]) == 1
    assert capsys.readouterr().err == "No briefings match. Did you mean “government”?\n"
