"""Many inputs at once: files written a batch at a time.

Writing a batch syncs its files together (one wait for the disk), but each
file still appears whole or not at all, never over another, and gets the
name one write after another would give it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ingest_support import library_files

from briefing_tui.core.briefings.articles import Article, ArticleBatch, Known
from briefing_tui.core.files import create_many, create_new


def test_create_many_names_files_as_one_create_new_after_another(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("mine")
    written = create_many(
        [(tmp_path, "note", b"one"), (tmp_path, "note", b"two"), (tmp_path / "sub", "a", b"3")]
    )
    assert written == [tmp_path / "note-2.md", tmp_path / "note-3.md", tmp_path / "sub" / "a.md"]
    assert (tmp_path / "note.md").read_text() == "mine"
    assert (tmp_path / "note-3.md").read_bytes() == b"two"
    assert library_files(tmp_path) == ["note-2.md", "note-3.md", "note.md", "sub/a.md"]
    assert create_new(tmp_path, "note", b"four") == tmp_path / "note-4.md"


def test_create_many_a_file_that_cannot_be_synced_is_not_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if os.pread(descriptor, 3, 0) == b"bad":
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    files = [(tmp_path, "a", b"good a"), (tmp_path, "b", b"bad b"), (tmp_path, "c", b"good c")]
    written = create_many(files)
    assert written[0] == tmp_path / "a.md" and written[2] == tmp_path / "c.md"
    assert isinstance(written[1], OSError) and written[1].errno == 28
    assert library_files(tmp_path) == ["a.md", "c.md"]  # no temporary left


def article(title: str, body: str, **fields: object) -> Article:
    return Article(title=title, body=body, origin=f"{title}.html", **fields)  # type: ignore[arg-type]


def test_a_batch_skips_a_duplicate_of_a_briefing_not_yet_written(tmp_path: Path) -> None:
    known = Known()
    batch = ArticleBatch(tmp_path, known, size=10)
    first = batch.add(article("Port strike", "Dockers out.\n", url="https://x.org/a"), tmp_path)
    again = batch.add(article("Other title", "Other text.\n", url="https://x.org/a"), tmp_path)
    same_name = batch.add(article("Port strike", "Another strike.\n"), tmp_path)
    assert first.status == "created" and first.path == "port-strike.md"
    assert again.status == "skipped" and again.path == "port-strike.md"
    assert "(same address)" in again.reason
    assert same_name.path == "port-strike-2.md"
    assert library_files(tmp_path) == []  # nothing written before the flush
    batch.flush()
    assert library_files(tmp_path) == ["port-strike-2.md", "port-strike.md"]
    assert "Dockers out." in (tmp_path / "port-strike.md").read_text()


def test_a_batch_writes_itself_when_full(tmp_path: Path) -> None:
    batch = ArticleBatch(tmp_path, Known(), size=2)
    batch.add(article("One", "First.\n"), tmp_path)
    assert library_files(tmp_path) == []
    batch.add(article("Two", "Second.\n"), tmp_path)
    assert library_files(tmp_path) == ["one.md", "two.md"]


def test_a_name_taken_before_the_flush_moves_the_briefing_to_the_next(tmp_path: Path) -> None:
    known = Known()
    batch = ArticleBatch(tmp_path, known, size=10)
    outcome = batch.add(article("Port strike", "Dockers out.\n"), tmp_path)
    (tmp_path / "port-strike.md").write_text("written meanwhile by someone else")
    batch.flush()
    assert outcome.status == "created" and outcome.path == "port-strike-2.md"
    assert (tmp_path / "port-strike.md").read_text() == "written meanwhile by someone else"
    assert known.holder("", None, next(iter(known.by_text))) == ("port-strike-2.md", "same text")


def test_a_briefing_that_cannot_be_written_fails_and_is_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_fsync(_: int) -> None:
        raise OSError(28, "No space left on device")

    known = Known()
    batch = ArticleBatch(tmp_path, known, size=10)
    outcome = batch.add(article("Port strike", "Dockers out.\n", url="https://x.org/a"), tmp_path)
    monkeypatch.setattr(os, "fsync", broken_fsync)
    batch.flush()
    assert outcome.status == "failed" and outcome.path is None
    assert outcome.reason == f"cannot write into {tmp_path}: No space left on device"
    assert known.by_url == {} and known.by_text == {} and known.by_id == {}
    assert library_files(tmp_path) == []
