"""Many inputs at once: files written a batch at a time, pages read by worker processes.

Writing a batch syncs its files together (one wait for the disk), but each
file still appears whole or not at all, never over another, and gets the
name one write after another would give it. Reading pages in worker
processes changes nothing of what is imported, only how fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_support import FIXTURES, library_files

from briefing_tui.core import intake
from briefing_tui.core.briefings.articles import Article, ArticleBatch, Known
from briefing_tui.core.files import create_many, create_new
from briefing_tui.core.workspace import Workspace


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


def pages(folder: Path, count: int) -> list[Path]:
    """``count`` different saved pages (the fixture article, each with its own title and word)."""
    folder.mkdir()
    template = (FIXTURES / "article.html").read_text(encoding="utf-8")
    made = []
    for number in range(count):
        text = template.replace("Port strike halts grain exports", f"Port strike day {number}")
        text = text.replace("/world/port-strike", f"/world/port-strike-{number}")
        text = text.replace("walked out on Monday", f"walked out on Monday (tally{number}x)")
        made.append(folder / f"page-{number:02d}.html")
        made[-1].write_text(text, encoding="utf-8")
    return made


def test_pages_read_by_workers_import_as_read_here(
    make_ws: Callable[..., Workspace], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "saved"
    pages(folder, 6)
    (folder / "notes.md").write_text("# Notes\n\nA text file between the pages.\n")
    (folder / "page-03.html").write_text(
        (folder / "page-02.html").read_text().replace("day 2", "day 2 again")
    )  # the same article at another address: skipped as the same text
    (folder / "page-99.html").write_text("<html><body><nav>only a menu</nav></body></html>")
    monkeypatch.setattr(intake, "POOL_MIN_FILES", 2)
    readers = intake.PageReaders.for_inputs(intake.expand_inputs([str(folder)])[0])
    if readers is None:
        pytest.skip("one core: pages are read here")
    readers.close()
    reports = []
    for name, pool_min in (("pooled", 2), ("here", 10_000)):
        monkeypatch.setattr(intake, "POOL_MIN_FILES", pool_min)
        (tmp_path / name).mkdir()
        ws = make_ws(content=tmp_path / name, data=tmp_path / f"{name}-data")
        reports.append(intake.ingest(ws, [str(folder)]))
        assert ws.search("tally5x").total == 1
    pooled, here = reports
    assert pooled.summary() == "6 imported, 1 skipped, 1 failed"

    def seen(report: intake.IngestReport) -> list[tuple[str, str, str | None, str, str]]:
        return [(o.source, o.status, o.path, o.title, o.reason) for o in report.outcomes]

    assert seen(pooled) == seen(here)
    assert [o.source for o in pooled.outcomes] == [str(p) for p in sorted(folder.iterdir())]
    assert pooled.outcomes[-1].status == "failed"  # a page with no article


def test_a_reader_that_dies_leaves_the_rest_to_be_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = pages(tmp_path / "saved", 4)
    monkeypatch.setattr(intake, "POOL_MIN_FILES", 2)
    inputs = [intake.Input(str(path), path=path) for path in made]
    readers = intake.PageReaders.for_inputs(inputs)
    if readers is None:
        pytest.skip("one core: pages are read here")
    try:
        assert readers.read(made[0]).title == "Port strike day 0"
        for process in list(readers._pool._processes.values()):  # type: ignore[union-attr]
            process.kill()
            process.join()
        titles = [readers.read(path).title for path in made[1:]]
    finally:
        readers.close()
    assert titles == ["Port strike day 1", "Port strike day 2", "Port strike day 3"]
