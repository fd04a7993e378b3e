"""A library folder moved or renamed: its new path starts an empty store, which says
where the user's work is kept (the old path's store), and ``briefing adopt`` copies it.

Before: the claims, tags and reading state were kept for the old path and the new one
opened empty without a word; the README's way back was renaming data folders by hand.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.paths import library_key

LIBRARY = {
    "oil.md": (
        "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\n---\n\n"
        "Oil prices rose after the cut. Officials in Kyiv were cautious.\n"
    ),
    "notes/gas.md": (
        "---\nid: gas\ntitle: Gas deal\ndate: 2024-03-06\n---\n\nThe gas deal was signed.\n"
    ),
}


def _write(root: Path) -> Path:
    for name, text in LIBRARY.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root.resolve()


def _run(capsys: pytest.CaptureFixture[str], content: Path, data: Path, *args: str):  # type: ignore[no-untyped-def]
    try:
        code = main([*args, "--content", str(content), "--data", str(data)])
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def moved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, Path, str]:
    """A library used at ``old`` (a claim, a tag, a saved search), then moved to ``new``:
    (old path, new path, data folder, the claim's id)."""
    old, data = _write(tmp_path / "briefings"), tmp_path / "data"
    code, claim, err = _run(capsys, old, data, "annotate", "oil", "--quote", "Kyiv", "--note", "n")
    assert code == 0, err
    assert _run(capsys, old, data, "tag", "gas", "+energy")[0] == 0
    assert _run(capsys, old, data, "saved", "add", "kyiv", "Kyiv")[0] == 0
    new = tmp_path / "archive" / "briefings-2024"
    new.parent.mkdir()
    old.rename(new)
    return old, new.resolve(), data, claim.strip()


def test_the_moved_library_says_where_its_work_is_and_adopt_brings_it_here(
    moved: tuple[Path, Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, data, claim = moved
    code, out, err = _run(capsys, new, data, "claims", "--json")
    assert code == 1 and json.loads(out) == []  # the new path's store is empty...
    assert f"look like the library at {old}" in err  # ...and says whose work is elsewhere
    assert "1 claim, 1 briefing tagged, 1 saved search" in err
    assert "`briefing adopt`" in err
    # Said at the first build of the new store, not by every command after it...
    assert "adopt" not in _run(capsys, new, data, "list")[2]
    # ...and by `briefing doctor`, as long as it holds.
    code, out, _ = _run(capsys, new, data, "doctor")
    assert f"Moved:   These briefings look like the library at {old}" in out

    code, out, err = _run(capsys, new, data, "adopt")
    assert code == 0, err
    assert f"adopting the library at {old}" in out
    assert "adopted 1 claim(s)" in out
    code, out, err = _run(capsys, new, data, "claims", "--json")
    assert code == 0, err
    assert [each["id"] for each in json.loads(out)] == [claim]
    assert "Moved:" not in _run(capsys, new, data, "doctor")[1]
    code, out, _ = _run(capsys, new, data, "search", "tag:energy", "--json")
    assert code == 0 and [hit["id"] for hit in json.loads(out)] == ["gas"]
    code, out, _ = _run(capsys, new, data, "search", "@kyiv", "--json")
    assert code == 0 and [hit["id"] for hit in json.loads(out)] == ["oil"]
    # The old path's store is a copy's source: left as it was.
    assert (data / library_key(old) / "store.sqlite3").is_file()


def test_adopt_from_a_named_old_path_and_refusals(
    moved: tuple[Path, Path, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old, new, data, _ = moved
    code, _, err = _run(capsys, new, data, "adopt", "--from", str(tmp_path / "never-used"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"nothing is kept for {tmp_path / 'never-used'}" in err
    assert f"(its stores are for: {old})" in err  # the paths it could have meant
    code, out, err = _run(capsys, new, data, "adopt", "--from", str(old))
    assert code == 0, err
    assert "adopted 1 claim(s)" in out
    # Now this library has work of its own: adopting again would set it aside.
    code, _, err = _run(capsys, new, data, "adopt", "--from", str(old))
    assert code == 2
    assert "this library has work of its own (1 claim, 1 briefing tagged" in err
    assert len(err.strip().splitlines()) == 1


def test_a_library_elsewhere_that_still_exists_is_not_taken_for_this_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of a library (both folders there) is two libraries: no hint, and
    ``adopt`` without ``--from`` finds nothing to take."""
    first, data = _write(tmp_path / "first"), tmp_path / "data"
    assert _run(capsys, first, data, "tag", "gas", "+energy")[0] == 0
    copy = _write(tmp_path / "copy")
    code, _, err = _run(capsys, copy, data, "list")
    assert code == 0 and "look like" not in err
    code, _, err = _run(capsys, copy, data, "adopt")
    assert code == 2 and "name the folder's old path with --from OLD" in err


def test_another_moved_library_with_other_files_is_not_offered(
    moved: tuple[Path, Path, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, _, data, _ = moved
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.md").write_text("# Something else\n\nNothing alike.\n", encoding="utf-8")
    code, _, err = _run(capsys, other, data, "list")
    assert code == 0 and "look like" not in err


def test_a_store_that_cannot_be_read_is_passed_over(
    moved: tuple[Path, Path, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A damaged or foreign file where a store would be is no reason to fail a command."""
    old, new, data, _ = moved
    junk = data / "junk-000000000000"
    junk.mkdir()
    (junk / "store.sqlite3").write_bytes(b"not a database at all" * 100)
    code, _, err = _run(capsys, new, data, "list")
    assert code == 0
    assert f"look like the library at {old}" in err
    with sqlite3.connect(junk / "store.sqlite3") as connection, pytest.raises(sqlite3.Error):
        connection.execute("SELECT 1 FROM meta").fetchall()


def test_a_store_of_reading_state_alone_is_adopted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its briefings read, nothing else: adopted, it was found again at once (this
    library's reading state did not count as work), said by doctor, adopted again."""
    old, data = _write(tmp_path / "briefings"), tmp_path / "data"
    assert _run(capsys, old, data, "mark", "oil", "--read")[0] == 0
    new = tmp_path / "moved"
    old.rename(new)
    code, _, err = _run(capsys, new, data, "list")
    assert code == 0 and "(1 briefing read)" in err
    code, _, err = _run(capsys, new, data, "adopt")
    assert code == 0, err
    assert "look like" not in err  # the rebuild after it says nothing of it
    assert "Moved:" not in _run(capsys, new, data, "doctor")[1]
    code, _, err = _run(capsys, new, data, "adopt")
    assert code == 2 and "name the folder's old path with --from OLD" in err


def test_adopt_says_this_librarys_own_work_first_and_names_its_own_path(
    moved: tuple[Path, Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, new, data, _ = moved
    assert _run(capsys, new, data, "tag", "gas", "+mine")[0] == 0  # work of its own
    code, _, err = _run(capsys, new, data, "adopt")  # was: "no other library's store…"
    assert code == 2 and "this library has work of its own (1 briefing tagged)" in err
    code, _, err = _run(capsys, new, data, "adopt", "--from", str(new))
    assert code == 2 and "this library has work of its own" in err
    (new.parent / "empty").mkdir()
    empty = (new.parent / "empty").resolve()
    code, _, err = _run(capsys, empty, data, "adopt", "--from", str(empty))
    assert code == 2 and "is this library's own path" in err
