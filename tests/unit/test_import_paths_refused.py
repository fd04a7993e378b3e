"""``briefing import`` takes only what was named: no empty name, no way out of a folder.

``briefing import ""`` (a script's unset ``"$FILE"``) imported the whole
current folder, recursively: ``Path("")`` is ``.``. It is now refused in one
line, exit 2, before anything is read. And ``briefing import DIR`` followed a
symlink in ``DIR`` to a file anywhere (``DIR/notes.txt -> ~/secret.txt``), so
the secret's text and name became a briefing; such a symlink is now skipped
with a line of its own, as the library scan skips one leading out of the
library. A symlink named on the command line is still imported: the user chose
that file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_support import FIXTURES, library_files

from briefing_tui.core import intake
from briefing_tui.core.workspace import Workspace

Runner = Callable[..., tuple[int, str, str]]
SECRET = "Secret\n\nThe vault code is 7421-hunter2, do not share it.\n"
NOTE = "Harbour notes\n\nDockworkers returned to the quays on Monday.\n"


def symlink(link: Path, target: Path | str) -> Path:
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError):  # a platform or account without symlinks
        pytest.skip("symlinks cannot be made here")
    return link


def library_text(lib_dir: Path) -> str:
    return "\n".join(
        (lib_dir / name).read_text(encoding="utf-8", errors="replace")
        for name in library_files(lib_dir)
    )


def refused(code: int, out: str, err: str) -> str:
    """The one line of a refused command (exit 2, nothing on stdout, no traceback)."""
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1, (code, out, err)
    assert lines[0].startswith("briefing: error: ") and "Traceback" not in err
    return lines[0]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside every folder imported here: ``~/secret.txt``."""
    home = tmp_path / "home"
    home.mkdir()
    secret = home / "secret.txt"
    secret.write_text(SECRET)
    return secret


# -- an empty name -----------------------------------------------------------------------------


@pytest.mark.parametrize("given", [[""], ["", "{note}"], ["{note}", ""]], ids=repr)
def test_an_empty_path_is_refused_and_nothing_is_imported(
    run: Runner,
    lib_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    given: list[str],
) -> None:
    here = tmp_path / "cwd"
    (here / "sub").mkdir(parents=True)
    (here / "sub" / "draft.txt").write_text(SECRET)
    note = here / "note.txt"
    note.write_text(NOTE)
    monkeypatch.chdir(here)  # what ``""`` used to name, whole
    before = library_files(lib_dir)
    line = refused(*run("import", *(item.format(note=note) for item in given)))
    assert "an empty path" in line
    assert library_files(lib_dir) == before == []


def test_the_core_refuses_an_empty_path_for_the_app_too(
    make_ws: Callable[..., Workspace], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Add dialog calls :func:`intake.ingest`: its error becomes the notification."""
    (tmp_path / "cwd").mkdir()
    (tmp_path / "cwd" / "note.txt").write_text(NOTE)
    monkeypatch.chdir(tmp_path / "cwd")
    ws = make_ws()
    with pytest.raises(ValueError, match="an empty path"):
        intake.ingest(ws, [""])
    assert [p.name for p in ws.root.rglob("*.md")] == []


# -- symlinks in a folder ----------------------------------------------------------------------


def test_a_symlink_in_a_folder_to_a_file_outside_it_is_skipped_and_said(
    run: Runner, lib_dir: Path, tmp_path: Path, outside: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "harbour.txt").write_text(NOTE)
    link = symlink(folder / "notes.txt", outside)
    code, out, err = run("import", str(folder))
    assert code == 0, err
    assert f"skipped {link}: symlink to a file outside the folder (not followed)" in err
    assert "1 imported, 1 skipped, 0 failed" in err
    assert len(out.splitlines()) == 1
    text = library_text(lib_dir)
    assert "Dockworkers" in text
    assert "hunter2" not in text and "secret" not in text.lower()
    assert "notes.txt" not in text  # nor its name (``imported_from``)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda folder, secret: symlink(folder / "deep" / "a.md", secret), id="deep"),
        pytest.param(
            lambda folder, secret: symlink(
                folder / "a.md", symlink(folder / ".hidden" / "hop.txt", secret)
            ),
            id="through-a-link-inside",
        ),
        pytest.param(
            lambda folder, secret: symlink(folder / "a.md", os.path.relpath(secret, folder)),
            id="relative",
        ),
        pytest.param(
            lambda folder, secret: symlink(folder / "a.md", secret.parent / "later.txt"),
            id="dangling",
        ),
        pytest.param(
            lambda folder, secret: symlink(folder / "page.html", secret.with_name("saved.html")),
            id="page",
        ),
    ],
)
def test_every_way_out_of_the_folder_is_skipped(
    run: Runner,
    lib_dir: Path,
    tmp_path: Path,
    outside: Path,
    make: Callable[[Path, Path], Path],
) -> None:
    import shutil

    shutil.copy(FIXTURES / "article.html", outside.with_name("saved.html"))
    folder = tmp_path / "in"
    folder.mkdir()
    link = make(folder, outside)
    code, out, err = run("import", str(folder))
    assert code == 0 and out == "", err
    assert f"skipped {link}: symlink to a file outside the folder (not followed)" in err
    assert "0 imported, 1 skipped, 0 failed" in err
    assert library_files(lib_dir) == []


def test_a_page_linked_out_of_the_folder_is_not_given_to_a_reader(
    tmp_path: Path, outside: Path
) -> None:
    """Pages and PDFs are read in worker processes: a skipped one is never handed over."""
    folder = tmp_path / "in"
    folder.mkdir()
    link = symlink(folder / "saved.html", outside)
    inputs, single = intake.expand_inputs([str(folder)])
    assert not single
    assert [(i.given, i.path, i.skip) for i in inputs] == [
        (str(link), None, "symlink to a file outside the folder (not followed)")
    ]


def test_a_symlink_to_a_file_inside_the_folder_is_followed(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    (folder / ".drafts").mkdir(parents=True)
    (folder / ".drafts" / "harbour.txt").write_text(NOTE)  # hidden: only through the link
    symlink(folder / "sub" / "harbour.md", Path("..") / ".drafts" / "harbour.txt")
    code, _out, err = run("import", str(folder))
    assert code == 0 and "1 imported, 0 skipped, 0 failed" in err, err
    assert "Dockworkers" in library_text(lib_dir)


def test_a_folder_named_through_a_symlink_is_imported(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "harbour.txt").write_text(NOTE)
    symlink(real / "again.txt", real / "harbour.txt")
    named = symlink(tmp_path / "named", real)
    code, _out, err = run("import", str(named))
    assert code == 0 and "1 imported, 1 skipped, 0 failed" in err, err
    assert "already in the library" in err  # the link inside, followed: the same text


def test_a_symlink_named_on_the_command_line_is_imported(
    run: Runner, lib_dir: Path, tmp_path: Path, outside: Path
) -> None:
    link = symlink(tmp_path / "chosen.txt", outside)
    code, _out, err = run("import", str(link))
    assert code == 0, err
    assert "hunter2" in library_text(lib_dir)
