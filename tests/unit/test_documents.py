"""read_briefing: the one safe reader. Every bad file is skipped with a reason or flagged."""

from __future__ import annotations

import os
import threading
from datetime import datetime
from pathlib import Path

import pytest

from briefing_tui.core.briefings.documents import Briefing, Skipped, parse_briefing, read_briefing


def read(path: Path, root: Path, **kwargs: int) -> Briefing:
    result = read_briefing(path, root, **kwargs)
    assert isinstance(result, Briefing), result
    return result


def skipped(path: Path, root: Path, **kwargs: int) -> Skipped:
    result = read_briefing(path, root, **kwargs)
    assert isinstance(result, Skipped), result
    return result


def test_good_file_is_read_with_its_metadata(write, lib_dir: Path) -> None:
    path = write("notes/a.md", "---\ntitle: A title\ndate: 2024-01-02\n---\n\nHello.\n")
    result = read(path, lib_dir)
    assert result.path == "notes/a.md"
    assert result.title == "A title"
    assert result.date == datetime(2024, 1, 2)
    assert not result.date_inferred
    assert result.body == "\nHello.\n"
    assert result.problems == []
    assert result.size == path.stat().st_size


def test_binary_file_with_nul_bytes_is_skipped_with_reason(write, lib_dir: Path) -> None:
    path = write("binary.md", b"PK\x03\x04\x00\x00 not text")
    assert "binary" in skipped(path, lib_dir).reason


def test_broken_utf8_is_decoded_with_replacement_and_flagged(write, lib_dir: Path) -> None:
    path = write("broken.md", b"# Caf\xe9\n\nna\xefve \xff text\n")
    result = read(path, lib_dir)
    assert "\ufffd" in result.body
    assert "text" in result.plain_text
    assert any("UTF-8" in p for p in result.problems)


def test_utf8_bom_is_not_flagged(write, lib_dir: Path) -> None:
    path = write("bom.md", "\ufeff---\ntitle: With BOM\n---\nBody\n".encode())
    result = read(path, lib_dir)
    assert result.title == "With BOM"
    assert result.problems == []


def test_file_over_the_size_cap_is_skipped_as_too_large(write, lib_dir: Path) -> None:
    path = write("big.md", "x" * 2000)
    reason = skipped(path, lib_dir, max_bytes=1000).reason
    assert reason.startswith("too large")
    assert read(path, lib_dir, max_bytes=4000).body == "x" * 2000


def test_file_that_grew_past_the_cap_after_stat_is_still_refused(
    write, lib_dir: Path, monkeypatch
) -> None:
    path = write("growing.md", "x" * 100)
    real_stat = Path.stat

    class SmallStat:
        def __init__(self, info: os.stat_result) -> None:
            self._info = info

        def __getattr__(self, name: str) -> object:
            return 10 if name == "st_size" else getattr(self._info, name)

    monkeypatch.setattr(Path, "stat", lambda self, **kw: SmallStat(real_stat(self, **kw)))
    assert skipped(path, lib_dir, max_bytes=50).reason.startswith("too large")


def test_symlink_to_a_file_outside_the_library_is_skipped(tmp_path: Path, lib_dir: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nprivate key\n")
    link = lib_dir / "link.md"
    link.symlink_to(secret)
    assert "outside the library" in skipped(link, lib_dir).reason


def test_symlink_to_a_file_inside_the_library_is_read(write, lib_dir: Path) -> None:
    target = write("real.md", "# Real\n")
    link = lib_dir / "alias.md"
    link.symlink_to(target)
    assert read(link, lib_dir).title == "Real"


def test_broken_symlink_is_skipped(lib_dir: Path) -> None:
    link = lib_dir / "dangling.md"
    link.symlink_to(lib_dir / "nowhere.md")
    assert "cannot be read" in skipped(link, lib_dir).reason


def test_fifo_is_skipped_without_blocking(lib_dir: Path) -> None:
    fifo = lib_dir / "pipe.md"
    os.mkfifo(fifo)
    outcome: list[Briefing | Skipped] = []
    # Opening a FIFO for reading blocks until a writer appears: run it aside.
    worker = threading.Thread(target=lambda: outcome.append(read_briefing(fifo, lib_dir)))
    worker.daemon = True
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the reader so the test run can end
        with open(fifo, "wb"):
            pass
        pytest.fail("read_briefing blocked on a FIFO")
    assert isinstance(outcome[0], Skipped)
    assert "FIFO" in outcome[0].reason


def test_folder_named_like_a_briefing_is_skipped(lib_dir: Path) -> None:
    folder = lib_dir / "x.md"
    folder.mkdir()
    assert "folder" in skipped(folder, lib_dir).reason


def test_path_outside_the_root_is_skipped(tmp_path: Path, lib_dir: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text("x")
    assert "outside" in skipped(other, lib_dir).reason


def test_empty_file_is_read_with_title_from_file_name(write, lib_dir: Path) -> None:
    result = read(write("empty_notes-2024.md", b""), lib_dir)
    assert result.title == "empty notes 2024"
    assert result.body == ""
    assert result.plain_text == ""
    assert result.problems == []


def test_title_from_the_first_heading_without_markup(write, lib_dir: Path) -> None:
    path = write("a.md", "Intro line\n\n## The **real** `title` ##\n\n# Later\n")
    assert read(path, lib_dir).title == "The real title"


def test_title_from_the_file_name_without_a_heading(write, lib_dir: Path) -> None:
    path = write("2024-01-05_budget-plans.md", "No heading at all.\n")
    assert read(path, lib_dir).title == "2024 01 05 budget plans"


def test_front_matter_title_wins_over_the_heading(write, lib_dir: Path) -> None:
    path = write("a.md", "---\ntitle: From front matter\n---\n# From heading\n")
    assert read(path, lib_dir).title == "From front matter"


def test_date_from_mtime_is_marked_inferred(write, lib_dir: Path) -> None:
    path = write("a.md", "# No date\n")
    when = datetime(2020, 5, 17, 8, 30).timestamp()
    os.utime(path, (when, when))
    result = read(path, lib_dir)
    assert result.date == datetime(2020, 5, 17, 8, 30)
    assert result.date_inferred


def test_bad_date_falls_back_to_mtime_flagged_inferred(write, lib_dir: Path) -> None:
    path = write("a.md", "---\ntitle: T\ndate: someday\n---\nBody\n")
    when = datetime(2019, 2, 3, 4, 5, 6).timestamp()
    os.utime(path, (when, when))
    result = read(path, lib_dir)
    assert result.date == datetime(2019, 2, 3, 4, 5, 6)
    assert result.date_inferred
    assert any("'date'" in p for p in result.problems)


def test_control_characters_in_the_body_are_replaced_and_flagged(write, lib_dir: Path) -> None:
    path = write("evil.md", "# Title \x1b]0;pwned\x07\n\nBody \x1b[2J with \u202e override\r\n")
    result = read(path, lib_dir)
    for bad in ("\x1b", "\x07", "\u202e", "\r"):
        assert bad not in result.body
        assert bad not in result.title
        assert bad not in result.plain_text
    assert any("control characters" in p for p in result.problems)


def test_file_name_with_control_characters_is_skipped_and_shown_safely(lib_dir: Path) -> None:
    path = lib_dir / "evil\x1b[2J.md"
    path.write_text("body")
    result = skipped(path, lib_dir)
    assert result.path == "evil\u241b[2J.md"
    assert "control characters" in result.reason


def test_file_name_that_is_not_utf8_is_skipped_and_shown_safely(lib_dir: Path) -> None:
    name = os.fsdecode(b"caf\xe9.md")  # as Linux hands it over: with a lone surrogate
    (lib_dir / name).write_text("body")
    result = skipped(lib_dir / name, lib_dir)
    assert result.path == "caf\ufffd.md"
    result.path.encode("utf-8")  # storable and printable
    assert "not valid UTF-8" in result.reason


def test_file_name_with_runs_of_spaces_keeps_its_exact_path(write, lib_dir: Path) -> None:
    # A cleaned path ("my notes.md") would name no file: the briefing could not be opened.
    result = read(write("my  notes  .md", "# Notes\n"), lib_dir)
    assert result.path == "my  notes  .md"
    assert (lib_dir / result.path).is_file()


@pytest.mark.parametrize("front", ["---\ntitle: x\nunclosed\n", "---\n- a\n- b\n---\n"])
def test_bad_front_matter_keeps_the_body_searchable(write, lib_dir: Path, front: str) -> None:
    result = read(write("a.md", front + "\nThe zebra body.\n"), lib_dir)
    assert "zebra" in result.plain_text
    assert result.problems


def test_content_hash_is_of_the_bytes() -> None:
    one = parse_briefing(b"same", "a.md", size=4, mtime_ns=0)
    two = parse_briefing(b"same", "b.md", size=4, mtime_ns=10**18)
    three = parse_briefing(b"same ", "a.md", size=5, mtime_ns=0)
    assert one.content_hash == two.content_hash != three.content_hash
    assert one.body_hash == three.body_hash  # whitespace layout does not count


@pytest.mark.parametrize(
    ("size", "limit", "reason"),
    [
        (30 * 2**20, 5 * 2**20, "too large (30.0 MB > 5.0 MB limit)"),
        (5 * 2**20 + 20_000, 5 * 2**20, "too large (5.02 MB > 5.00 MB limit)"),
        (5 * 2**20 + 10, 5 * 2**20, "too large (5,242,890 bytes > 5,242,880 bytes limit)"),
    ],
)
def test_a_file_just_over_the_cap_says_by_how_much(size: int, limit: int, reason: str) -> None:
    from briefing_tui.core.briefings.documents import too_large

    assert too_large(size, limit) == reason
