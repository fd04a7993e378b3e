"""What a walk of the command line found in session 25 (bad input, W3C import);
each test fails without its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .helpers import Runner, annotate, claims_json, one_line_error

#: What a shell hands Python for the bytes ``x``, 0xE9, ``y`` (not UTF-8): lone surrogates.
NOT_UTF8 = os.fsdecode(b"x\xe9y")

BRIEFING = """---
id: b1
title: Rum exports
source: Wire
---

Havana Club rum sales rose. The budget would rise by ten percent next year.
"""


@pytest.fixture
def library(write) -> None:  # type: ignore[no-untyped-def]
    write("b1.md", BRIEFING)
    write("new.txt", "A plain text article to import.\n")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["show", NOT_UTF8], "DOC"),
        (["tag", "b1", "+" + NOT_UTF8], "+TAG|-TAG"),
        (["tag", NOT_UTF8, "+x"], "DOC"),
        (["mark", NOT_UTF8, "--read"], "DOC"),
        (["claims", "tag:" + NOT_UTF8], "QUERY"),
        (["annotate", "b1", "--quote", "rum sales", "--note", NOT_UTF8], "--note"),
        (["annotate", "b1", "--quote", "rum sales", "--tag", NOT_UTF8], "--tag"),
        (["saved", "add", NOT_UTF8, "rum"], "NAME"),
        (["source", "Wire", "--note", NOT_UTF8], "--note"),
        (["import", "new.txt", "--title", NOT_UTF8], "--title"),
        (["import", "new.txt", "--source", NOT_UTF8], "--source"),
        (["search", NOT_UTF8], "QUERY"),
    ],
)
def test_an_argument_that_is_not_utf8_is_refused_by_name_and_nothing_is_written(
    library: None, run: Runner, lib_dir: Path, args: list[str], named: str
) -> None:
    """``briefing show $(printf 'x\\xe9y')`` ended in a UnicodeEncodeError traceback
    (and 13 other commands the same); ``import --title`` said "1 imported" and wrote
    front matter no YAML reader could read."""
    code, _, _ = run("index")
    assert code == 0
    before = sorted(p.name for p in lib_dir.rglob("*"))
    if args[0] == "import":
        args = [args[0], str(lib_dir / args[1]), *args[2:]]
    code, out, err = run(*args)
    line = one_line_error(err)
    assert code == 2, (out, err)
    assert "not valid UTF-8" in line, line
    if named == "QUERY":  # as the query parser says it
        assert line == "briefing: bad query: the query holds bytes that are not valid UTF-8 text"
    else:
        assert line.startswith(f"briefing: error: {named} holds bytes") and "x\\xe9y" in line, line
    assert sorted(p.name for p in lib_dir.rglob("*")) == before
    assert claims_json(run) == []


def test_a_library_folder_whose_name_is_not_utf8_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing_tui.cli import main

    folder = tmp_path / f"lib{NOT_UTF8}"
    folder.mkdir()
    code = main(["list", "--content", str(folder), "--data", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2
    assert "--content" in one_line_error(err)
    assert not (tmp_path / "data").exists()


def test_an_annotation_argument_in_utf8_still_works(library: None, run: Runner) -> None:
    """The check refuses bytes, not text: accents and emoji are taken."""
    claim = annotate(run, "b1", "--quote", "rum sales", "--note", "café 🍹", "--tag", "rhum-été")
    assert claim
    (saved,) = claims_json(run)
    assert saved["note"] == "café 🍹"


@pytest.mark.parametrize(
    "args",
    [
        ["tag", "--query", "", "+x"],
        ["tag", "--query", "   ", "-x"],
        ["mark", "--query", "", "--read"],
    ],
)
def test_an_empty_query_changes_nothing_and_says_how_to_change_everything(
    library: None, run: Runner, args: list[str]
) -> None:
    """``tag --query '' +x`` tagged all 98 briefings, ``mark --query '' --read`` marked
    them all read, unasked: what a script's unset variable gives (a walk)."""
    code, out, err = run(*args)
    line = one_line_error(err)
    assert code == 2, out
    assert line.startswith("briefing: bad query: an empty --query would match every briefing")
    assert "--query 'is:read OR is:unread'" in line, line
    code, out, _ = run("list", "--unread", "--json")
    assert code == 0 and "b1" in out  # not marked read
    code, out, _ = run("tags", "--json")
    assert '"x"' not in out
    # Said so, every briefing is changed.
    code, out, err = run("tag", "--query", "is:read OR is:unread", "+x")
    assert code == 0 and out.strip() == "1 briefing(s) match; 1 changed (+x)", (out, err)


def test_a_data_folder_that_is_a_file_is_said_so(
    tmp_path: Path, lib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--data FILE`` said "cannot create the data folder …: File exists"."""
    from briefing_tui.cli import main

    afile = tmp_path / "afile"
    afile.write_text("mine\n")
    code = main(["list", "--content", str(lib_dir), "--data", str(afile)])
    line = one_line_error(capsys.readouterr().err)
    assert code == 2
    assert line.startswith(f"briefing: error: {afile} is not a folder"), line
    assert afile.read_text() == "mine\n"


def test_import_annotations_of_an_empty_name_asks_for_a_file(run: Runner) -> None:
    """``import-annotations ''`` said "cannot read : Is a directory" (the current one)."""
    code, _, err = run("import-annotations", "")
    assert code == 2
    assert one_line_error(err) == "briefing: error: no file named: give the export to import"


def test_into_and_a_saved_search_name_not_utf8_are_refused_too(
    library: None, run: Runner, lib_dir: Path
) -> None:
    """``--into`` names a folder in the library, whose briefings the index skips when its
    name is not text: ``import --into $'d\\xe9'`` said "1 imported", then nothing was
    listed. ``saved rename OLD`` is a name, not ``adopt --from``'s old path (a review)."""
    code, _, err = run("import", str(lib_dir / "new.txt"), "--into", NOT_UTF8)
    assert code == 2 and "--into holds bytes" in one_line_error(err)
    assert not any(p.is_dir() for p in lib_dir.iterdir())
    code, _, err = run("saved", "rename", NOT_UTF8, "fine")
    assert code == 2 and "not valid UTF-8" in one_line_error(err)


def test_a_data_folder_beyond_one_not_searchable_is_said_in_one_line(
    tmp_path: Path, lib_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """``--data /x/priv/sub`` where ``priv`` may not be searched: the check of what the
    folder is raised PermissionError itself (Path.exists on 3.11), a traceback (a review).
    Root may search anything, so the refusal is made as the file system makes it."""
    import errno

    from briefing_tui.cli import main

    data = tmp_path / "priv" / "sub" / "data"
    real_stat = os.stat

    def refused(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(tmp_path / "priv")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    def mkdir(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(os, "stat", refused)
    code = main(["list", "--content", str(lib_dir), "--data", str(data)])
    monkeypatch.undo()
    line = one_line_error(capsys.readouterr().err)
    assert code == 2
    assert "Permission denied (give another with --data or BRIEFING_DATA)" in line, line
