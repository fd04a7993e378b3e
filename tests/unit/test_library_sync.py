"""Scanning and syncing: change detection, identity across renames, tags kept with it."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import briefing_tui.core.sync as sync_module
from briefing_tui.core.briefings.scanning import scan_library

from .helpers import billion_laughs, briefing, words


def ids_by_path(ws) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {record.path: record.id for record in ws.store.list_documents()}


def search_paths(ws, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(hit.path for hit in ws.search(query, limit=100).hits)


# -- scanning -----------------------------------------------------------------------


def test_scan_finds_briefings_recursively_and_skips_hidden_folders(write, lib_dir: Path) -> None:
    write("a.md", "a")
    write("deep/er/b.markdown", "b")
    write("notes.txt", "not a briefing")
    write(".git/config.md", "hidden folder")
    write(".hidden.md", "hidden file")
    write("sub/.cache/c.md", "hidden nested folder")
    entries, skipped = scan_library(lib_dir)
    assert [entry.path for entry in entries] == ["a.md", "deep/er/b.markdown"]
    assert skipped == []


def test_scan_reports_folder_named_md_fifo_and_outside_symlink(
    write, lib_dir: Path, tmp_path: Path
) -> None:
    write("good.md", "good")
    (lib_dir / "x.md").mkdir()
    os.mkfifo(lib_dir / "pipe.md")
    outside = tmp_path / "outside.md"
    outside.write_text("secret")
    (lib_dir / "link.md").symlink_to(outside)
    (lib_dir / "dangling.md").symlink_to(lib_dir / "missing.md")
    (lib_dir / "folder-link.md").symlink_to(tmp_path)
    entries, skipped = scan_library(lib_dir)
    assert [entry.path for entry in entries] == ["good.md"]
    reasons = {s.path: s.reason for s in skipped}
    assert "folder" in reasons["x.md"]
    assert "FIFO" in reasons["pipe.md"]
    assert "outside the library" in reasons["link.md"]
    assert "broken symlink" in reasons["dangling.md"]
    assert "outside the library" in reasons["folder-link.md"]


def test_symlinked_folders_are_not_followed(write, lib_dir: Path) -> None:
    write("real/a.md", "a")
    (lib_dir / "loop").symlink_to(lib_dir)
    entries, _ = scan_library(lib_dir)
    assert [entry.path for entry in entries] == ["real/a.md"]


def test_awkward_file_names(lib_dir: Path, write, make_ws) -> None:
    write("two  spaces.md", "# Spaces\n\nzebra spaced\n")
    write("ok.md", "# Fine\n\nzebra fine\n")
    (lib_dir / os.fsdecode(b"caf\xe9.md")).write_text("# Cafe\n\nzebra cafe\n")
    (lib_dir / "bell\x07.md").write_text("# Bell\n\nzebra bell\n")
    ws = make_ws()
    report = ws.sync()  # one undecodable name used to crash every sync
    reasons = {s.path: s.reason for s in report.skipped}
    assert "not valid UTF-8" in reasons["caf\ufffd.md"]
    assert "control characters" in reasons["bell\u2407.md"]
    assert search_paths(ws, "zebra") == ["ok.md", "two  spaces.md"]
    record = ws.store.by_path("two  spaces.md")
    assert ws.read(record).title == "Spaces"  # the stored path opens the file
    assert not ws.sync().changed


# -- change detection ---------------------------------------------------------------


def test_first_sync_adds_everything(write, make_ws) -> None:
    write("a.md", "# A\n\nalpha\n")
    write("b.md", "# B\n\nbravo\n")
    report = make_ws().sync()
    assert sorted(report.added) == ["a.md", "b.md"]
    assert report.rebuilt == "first build of this library"


def test_new_changed_removed_are_classified(write, lib_dir: Path, make_ws) -> None:
    write("keep.md", "# Keep\n\nkept text\n")
    write("edit.md", "# Edit\n\nold text\n")
    write("gone.md", "# Gone\n\ngone text\n")
    ws = make_ws()
    ws.sync()
    write("edit.md", "# Edit\n\nnew wording entirely\n")
    (lib_dir / "gone.md").unlink()
    write("new.md", "# New\n\nfresh words\n")
    report = ws.sync()
    assert report.added == ["new.md"]
    assert report.updated == ["edit.md"]
    assert report.removed == ["gone.md"]
    assert report.unchanged == 1
    assert search_paths(ws, "entirely") == ["edit.md"]
    assert search_paths(ws, "old") == []
    assert search_paths(ws, "gone") == []
    assert ws.store.by_path("gone.md") is None


def test_touched_file_with_same_bytes_is_not_reindexed(write, lib_dir: Path, make_ws) -> None:
    path = write("a.md", "# A\n\nalpha\n")
    ws = make_ws()
    ws.sync()
    later = path.stat().st_mtime + 100
    os.utime(path, (later, later))
    report = ws.sync()
    assert not report.changed
    assert report.unchanged == 1
    # And the new mtime is remembered, so the next sync does not read it again.
    assert ws.store.by_path("a.md").mtime_ns == path.stat().st_mtime_ns


def _count_reads(monkeypatch, lib_dir: Path) -> list[str]:  # type: ignore[no-untyped-def]
    reads: list[str] = []
    real_open = builtins.open
    real_read = sync_module.read_briefing

    def counting_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).startswith(str(lib_dir)):
            reads.append(str(file))
        return real_open(file, *args, **kwargs)

    def counting_read(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(str(path))
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(sync_module, "read_briefing", counting_read)
    return reads


def test_no_change_sync_reads_no_file(write, lib_dir: Path, make_ws, monkeypatch) -> None:
    for n in range(20):
        write(f"folder{n % 3}/doc{n}.md", f"# Doc {n}\n\n{words(40, n)}\n")
    ws = make_ws()
    ws.sync()
    reads = _count_reads(monkeypatch, lib_dir)
    report = ws.sync()
    assert reads == []
    assert report.unchanged == 20
    assert not report.changed


def test_no_change_sync_with_bad_files_reads_no_file(
    write, lib_dir: Path, make_ws, monkeypatch
) -> None:
    write("good.md", "# Good\n\nzebra\n")
    write("binary.md", b"\x00" * 100_000)
    write("big.md", "x" * 5000)
    ws = make_ws(max_bytes=4000)
    first = ws.sync()
    reads = _count_reads(monkeypatch, lib_dir)
    again = ws.sync()
    assert reads == []
    assert {(s.path, s.reason) for s in again.skipped} == {
        (s.path, s.reason) for s in first.skipped
    }
    assert {s.path for s in again.skipped} == {"binary.md", "big.md"}
    assert not again.changed


def test_bad_file_that_gets_fixed_is_indexed(write, make_ws) -> None:
    write("a.md", b"zebra\x00")
    ws = make_ws()
    assert [s.path for s in ws.sync().skipped] == ["a.md"]
    write("a.md", "# Fixed\n\nzebra now readable\n")
    report = ws.sync()
    assert report.added == ["a.md"] and report.skipped == []
    assert [hit.path for hit in ws.search("readable").hits] == ["a.md"]


def test_raising_the_size_cap_reads_a_file_skipped_as_too_large(write, make_ws) -> None:
    write("big.md", "zebra " * 1000)
    assert [s.path for s in make_ws(max_bytes=1000).sync().skipped] == ["big.md"]
    ws = make_ws(max_bytes=100_000)
    assert ws.sync().added == ["big.md"]
    assert [hit.path for hit in ws.search("zebra").hits] == ["big.md"]


def test_renamed_file_keeps_its_id_and_app_tags(write, lib_dir: Path, make_ws) -> None:
    write("old-name.md", "# Report\n\nthe harbour report\n")
    ws = make_ws()
    ws.sync()
    record = ws.store.by_path("old-name.md")
    ws.change_tags(record, ["important"], [])
    (lib_dir / "moved").mkdir()
    (lib_dir / "old-name.md").rename(lib_dir / "moved" / "new-name.md")
    report = ws.sync()
    assert report.renamed == [("old-name.md", "moved/new-name.md")]
    assert report.added == [] and report.removed == []
    moved = ws.store.by_path("moved/new-name.md")
    assert moved.id == record.id
    assert moved.tags == ["important"]
    hits = ws.search("tag:important").hits
    assert [(hit.id, hit.path) for hit in hits] == [(record.id, "moved/new-name.md")]


def test_renamed_and_edited_in_one_sync_keeps_its_id(write, lib_dir: Path, make_ws) -> None:
    text = words(300)
    write("draft.md", f"# Draft\n\n{text}\n")
    ws = make_ws()
    ws.sync()
    original = ws.store.by_path("draft.md")
    ws.change_tags(original, ["keep"], [])
    (lib_dir / "draft.md").unlink()
    write("final.md", f"# Final\n\n{text} and one more closing sentence\n")
    report = ws.sync()
    assert report.renamed == [("draft.md", "final.md")]
    final = ws.store.by_path("final.md")
    assert final.id == original.id
    assert final.tags == ["keep"]


def test_a_different_file_appearing_as_one_disappears_gets_a_new_id(
    write, lib_dir: Path, make_ws
) -> None:
    write("one.md", f"# One\n\n{words(200, seed=1)}\n")
    ws = make_ws()
    ws.sync()
    first = ws.store.by_path("one.md").id
    (lib_dir / "one.md").unlink()
    write("two.md", f"# Two\n\n{words(200, seed=2)}\n")
    report = ws.sync()
    assert report.renamed == []
    assert report.added == ["two.md"] and report.removed == ["one.md"]
    assert ws.store.by_path("two.md").id != first


def test_front_matter_id_wins(write, make_ws) -> None:
    write("a.md", briefing("text", doc_id="my-id", title="A"))
    ws = make_ws()
    ws.sync()
    assert ids_by_path(ws) == {"a.md": "my-id"}
    assert ws.resolve("my-id").path == "a.md"


def test_front_matter_id_added_later_replaces_the_derived_id(write, make_ws) -> None:
    write("a.md", "# A\n\nthe zebra text\n")
    ws = make_ws()
    ws.sync()
    derived = ws.store.by_path("a.md")
    ws.change_tags(derived, ["mine"], [])
    write("a.md", briefing("# A\n\nthe zebra text\n", doc_id="chosen"))
    ws.sync()
    assert ids_by_path(ws) == {"a.md": "chosen"}
    assert ws.store.get("chosen").tags == ["mine"]
    # The index follows: one hit, under the new id, still tagged.
    assert [hit.id for hit in ws.search("zebra").hits] == ["chosen"]
    assert [hit.id for hit in ws.search("tag:mine").hits] == ["chosen"]


def test_duplicate_front_matter_id_gets_a_problem_and_a_distinct_id(write, make_ws) -> None:
    write("a.md", briefing("first copy", doc_id="same"))
    write("b.md", briefing("second file", doc_id="same"))
    ws = make_ws()
    report = ws.sync()
    ids = ids_by_path(ws)
    assert ids["a.md"] == "same"
    assert ids["b.md"] != "same"
    assert any("already used" in p for p in report.problems["b.md"])
    assert ws.store.by_path("b.md").problems


def test_duplicate_front_matter_id_problem_survives_an_edit(write, make_ws) -> None:
    write("a.md", briefing("first copy", doc_id="same"))
    write("b.md", briefing("second file", doc_id="same"))
    ws = make_ws()
    ws.sync()
    own_id = ws.store.by_path("b.md").id
    write("b.md", briefing("second file, edited", doc_id="same"))
    report = ws.sync()
    assert ws.store.by_path("b.md").id == own_id
    assert any("already used" in p for p in report.problems["b.md"])


def test_removed_file_tags_come_back_when_it_returns(write, lib_dir: Path, make_ws) -> None:
    write("a.md", "# A\n\nthe returning text\n")
    ws = make_ws()
    ws.sync()
    record = ws.store.by_path("a.md")
    ws.change_tags(record, ["starred"], [])
    (lib_dir / "a.md").rename(lib_dir.parent / "a.md")
    report = ws.sync()
    assert report.removed == ["a.md"]
    assert ws.store.tag_counts() == []
    assert ws.search("tag:starred").hits == []
    (lib_dir.parent / "a.md").rename(lib_dir / "back.md")
    report = ws.sync()
    back = ws.store.by_path("back.md")
    assert back.id == record.id
    assert back.tags == ["starred"]
    assert [hit.path for hit in ws.search("tag:starred").hits] == ["back.md"]


def test_app_tag_removal_hides_a_front_matter_tag(write, make_ws) -> None:
    write("a.md", briefing("body", tags=["draft", "oil"]))
    ws = make_ws()
    ws.sync()
    record = ws.store.by_path("a.md")
    assert ws.change_tags(record, ["done"], ["draft"]) == ["oil", "done"]
    write("a.md", briefing("body edited", tags=["draft", "oil"]))
    ws.sync()
    assert ws.store.by_path("a.md").tags == ["oil", "done"]
    assert ws.search("tag:draft").hits == []


def test_file_becoming_unreadable_leaves_the_index(write, make_ws) -> None:
    write("a.md", "# A\n\nzebra\n")
    ws = make_ws()
    ws.sync()
    write("a.md", b"zebra\x00binary now")
    report = ws.sync()
    assert any(s.path == "a.md" and "binary" in s.reason for s in report.skipped)
    assert ws.search("zebra").hits == []
    assert ws.store.by_path("a.md") is None


def test_copies_of_one_file_get_distinct_ids(write, make_ws) -> None:
    write("a.md", "# Same\n\nsame text\n")
    write("b.md", "# Same\n\nsame text\n")
    ws = make_ws()
    ws.sync()
    ids = ids_by_path(ws)
    assert len(set(ids.values())) == 2


def test_progress_is_reported(write, make_ws) -> None:
    count = 3
    for n in range(count):
        write(f"{n}.md", f"doc {n}")
    calls: list[tuple[int, int]] = []
    make_ws().sync(progress=lambda done, total, what: calls.append((done, total)))
    assert calls[0] == (1, count)
    assert calls[-1] == (count, count)


def test_bad_files_are_skipped_and_the_good_ones_stay_searchable(
    write, lib_dir: Path, tmp_path: Path, make_ws
) -> None:
    write("good.md", "# Good\n\nthe zebra is searchable\n")
    write("binary.md", b"zebra\x00\x01\x02")
    write("broken.md", b"zebra caf\xe9\n")
    with open(lib_dir / "huge.md", "wb") as handle:
        handle.truncate(30 * 1024 * 1024)  # a sparse 30 MB file: over the 5 MB default cap
    write("unclosed.md", "---\ntitle: x\n\nzebra unclosed\n")
    write("list.md", "---\n- a\n---\nzebra list\n")
    write("bomb.md", "---\n" + billion_laughs() + "\n---\nzebra bomb\n")
    write("empty.md", b"")
    (lib_dir / "x.md").mkdir()
    os.mkfifo(lib_dir / "fifo.md")
    outside = tmp_path / "outside.md"
    outside.write_text("zebra outside")
    (lib_dir / "link.md").symlink_to(outside)
    ws = make_ws()
    report = ws.sync()
    reasons = {s.path: s.reason for s in report.skipped}
    assert set(reasons) == {"binary.md", "huge.md", "x.md", "fifo.md", "link.md"}
    assert reasons["huge.md"] == "too large (30.0 MB > 5.0 MB limit)"
    assert set(report.problems) == {"broken.md", "unclosed.md", "list.md", "bomb.md"}
    assert search_paths(ws, "zebra") == [
        "bomb.md",
        "broken.md",
        "good.md",
        "list.md",
        "unclosed.md",
    ]
    assert sorted(ws.store.skipped()) == sorted(reasons.items())
    assert ws.store.by_path("empty.md").title == "empty"
    # The next sync still lists them, and still finds the good ones.
    again = ws.sync()
    assert {s.path for s in again.skipped} == set(reasons)
    assert search_paths(ws, "searchable") == ["good.md"]


def test_size_cap_is_configurable(write, make_ws) -> None:
    write("big.md", "zebra " * 400)
    report = make_ws(max_bytes=1000).sync()
    assert [(s.path, s.reason.split(" (")[0]) for s in report.skipped] == [("big.md", "too large")]
