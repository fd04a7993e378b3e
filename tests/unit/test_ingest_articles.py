"""Every source ends as one briefing file: written whole, never over another, never twice."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from ingest_support import front_and_body, library_files

from briefing_tui.core.briefings.articles import (
    Article,
    Known,
    comparable_url,
    id_for_key,
    write_article,
)
from briefing_tui.core.files import create_new
from briefing_tui.core.store.records import DocumentRecord


def article(**fields: object) -> Article:
    values: dict[str, object] = {
        "title": "Port strike",
        "body": "Dockers walked out on Monday.\n",
        "origin": "page.html",
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def test_create_new_never_replaces_a_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("mine")
    written = create_new(tmp_path, "note", b"new")
    assert written == tmp_path / "note-2.md"
    assert (tmp_path / "note.md").read_text() == "mine"
    assert library_files(tmp_path) == ["note-2.md", "note.md"]


def test_create_new_that_fails_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_fsync(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        create_new(tmp_path, "note", b"data")
    assert library_files(tmp_path) == []


def test_written_article_front_matter_in_order(tmp_path: Path) -> None:
    outcome = write_article(
        article(
            author="Maria Okonkwo",
            date=datetime(2024, 3, 5),
            source="Ledger",
            url="https://ledger.example.com/a",
            summary="Dockers out.\nOver pay.",
            language="en",
            tags=["Ports", "ports", "labour"],
        ),
        tmp_path,
        tmp_path,
        Known(),
    )
    assert outcome.status == "created" and outcome.path == "2024-03-05-port-strike.md"
    front, body = front_and_body(tmp_path / outcome.path)
    assert list(front) == [
        "id",
        "title",
        "date",
        "author",
        "source",
        "url",
        "summary",
        "language",
        "tags",
    ]
    assert front["summary"] == "Dockers out. Over pay."
    assert front["tags"] == ["ports", "labour"]
    assert body == "\nDockers walked out on Monday.\n"


def test_a_saved_file_without_address_says_where_it_came_from(tmp_path: Path) -> None:
    outcome = write_article(article(), tmp_path, tmp_path, Known())
    front, _ = front_and_body(tmp_path / str(outcome.path))
    assert front["imported_from"] == "page.html"


def test_an_empty_article_is_not_written(tmp_path: Path) -> None:
    outcome = write_article(article(body="  \n\n"), tmp_path, tmp_path, Known())
    assert outcome.status == "failed" and outcome.reason == "no text to import"
    assert library_files(tmp_path) == []


def test_duplicates_name_the_briefing_that_holds_them(tmp_path: Path) -> None:
    known = Known()
    first = write_article(article(key="guid-1", url="https://x.org/a"), tmp_path, tmp_path, known)
    again = write_article(article(key="guid-1", body="Other text.\n"), tmp_path, tmp_path, known)
    assert again.status == "skipped" and again.path == first.path
    assert again.reason == f"already in the library as {first.path} (same guid)"
    same_url = write_article(
        article(body="Else.\n", url="https://X.org/a/?utm_source=feed#top"),
        tmp_path,
        tmp_path,
        known,
    )
    assert same_url.reason.endswith("(same address)")
    same_text = write_article(article(title="Other title"), tmp_path, tmp_path, known)
    assert same_text.reason.endswith("(same text)")
    assert len(library_files(tmp_path)) == 1


def test_known_from_the_store_remembers_removed_feed_items(tmp_path: Path) -> None:
    records = [
        DocumentRecord(id="b1", path="a.md", title="A", date="", url="https://x.org/a"),
        DocumentRecord(id=id_for_key("guid-9"), path=None, title="Gone one", date=""),
    ]
    known = Known.from_records(records)
    outcome = write_article(article(key="guid-9"), tmp_path, tmp_path, known)
    assert outcome.status == "skipped"
    assert outcome.reason == "imported before as 'Gone one', since removed from the library"
    # A file imported again on purpose is not refused for having been removed.
    assert write_article(article(), tmp_path, tmp_path, known).status == "created"


def test_comparable_url() -> None:
    assert comparable_url("HTTPS://Example.org/a/?utm_medium=x&id=3#frag") == (
        "https://example.org/a?id=3"
    )
