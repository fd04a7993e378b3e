"""The Whoosh index is a cache: damage of any kind is rebuilt with one notice."""

from __future__ import annotations

import random
import shutil
import stat
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

import briefing_tui.core.search.index as index_module
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search.index import IndexBusy, IndexProblem, index_writer, open_index

from .helpers import briefing, words


def _library(write) -> None:  # type: ignore[no-untyped-def]
    for n in range(12):
        write(
            f"doc{n}.md",
            briefing(f"{words(60, n)} zebra number{n}\n", title=f"Doc {n}", tags=[f"t{n % 3}"]),
        )


def _results(ws) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    found = []
    for query in ("zebra", "tag:t1", "number3", "minist*"):
        found.append(tuple(sorted(hit.id for hit in ws.search(query, limit=100).hits)))
    return found


def _segment_files(index_dir: Path) -> list[Path]:
    return [p for p in index_dir.iterdir() if p.suffix == ".seg"]


def _truncate_segments(index_dir: Path) -> None:
    for path in _segment_files(index_dir):
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size // 3)


def _garble_segments(index_dir: Path) -> None:
    for path in _segment_files(index_dir):
        data = bytearray(path.read_bytes())
        for i in range(0, len(data), 5):
            data[i] ^= 0x5A
        path.write_bytes(bytes(data))


def _delete_toc(index_dir: Path) -> None:
    tocs = list(index_dir.glob("_MAIN_*.toc"))
    assert tocs
    for path in tocs:
        path.unlink()


def _garble_toc(index_dir: Path) -> None:
    for path in index_dir.glob("_MAIN_*.toc"):
        path.write_bytes(b"\x00garbage" * 20)


def _random_bytes_everywhere(index_dir: Path) -> None:
    rng = random.Random(7)
    for path in index_dir.iterdir():
        if path.is_file():
            size = max(64, path.stat().st_size)
            path.write_bytes(bytes(rng.randrange(256) for _ in range(size)))


def _remove_folder(index_dir: Path) -> None:
    shutil.rmtree(index_dir)


def _old_schema_version(index_dir: Path) -> None:
    (index_dir / "briefing-schema-version").write_text("0")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated segments": _truncate_segments,
    "garbled segments": _garble_segments,
    "deleted TOC": _delete_toc,
    "garbled TOC": _garble_toc,
    "random bytes in every file": _random_bytes_everywhere,
    "index folder removed": _remove_folder,
    "built by another version": _old_schema_version,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("first_call", ["sync", "search"])
def test_damaged_index_is_rebuilt_once_with_the_same_results(
    write, make_ws, damage: str, first_call: str
) -> None:
    _library(write)
    ws = make_ws()
    ws.sync()
    before = _results(ws)
    assert all(before), "every probe query finds something"
    index_dir = ws.paths.index_dir
    ws.close()
    DAMAGE[damage](index_dir)

    ws = make_ws()
    if first_call == "sync":
        report = ws.sync()
        assert report.rebuilt
    after = _results(ws)
    assert after == before
    assert len(ws.notices) == 1
    assert ws.notices[0].message.startswith("Rebuilding the search index")
    assert ws.notices[0].severity == "warning"
    # Rebuilt for good: a fresh workspace opens it without another notice.
    ws.close()
    again = make_ws()
    assert _results(again) == before
    assert again.notices == []


def test_open_index_explains_what_is_wrong(write, make_ws) -> None:
    _library(write)
    ws = make_ws()
    ws.sync()
    index_dir = ws.paths.index_dir
    ws.close()
    _garble_toc(index_dir)
    with pytest.raises(IndexProblem, match="damaged"):
        open_index(index_dir)
    _remove_folder(index_dir)
    with pytest.raises(IndexProblem, match="missing"):
        open_index(index_dir)


def test_index_damaged_where_opening_does_not_look_is_rebuilt_on_update(
    write, make_ws, monkeypatch
) -> None:
    _library(write)
    ws = make_ws()
    ws.sync()
    before = _results(ws)
    write("doc3.md", briefing("zebra number3 edited\n", title="Doc 3", tags=["t0"]))

    # A segment that opens fine but fails when the writer reads it (seen with
    # bytes garbled mid-file): Whoosh raises struct.error from deep inside.
    def failing_writer(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise struct.error("unpack requires a buffer of 8 bytes")

    monkeypatch.setattr(ws.index(), "writer", failing_writer)
    report = ws.sync()
    assert report.rebuilt and "could not be updated" in report.rebuilt
    assert len(ws.notices) == 1
    assert _results(ws)[0] == before[0]
    assert [hit.path for hit in ws.search("edited").hits] == ["doc3.md"]


def test_index_folder_is_private_to_the_user(write, make_ws) -> None:
    write("a.md", "text")
    ws = make_ws()
    ws.sync()
    for folder in (ws.paths.index_dir, ws.paths.library_data):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    ws.sync(rebuild=True)
    assert stat.S_IMODE(ws.paths.index_dir.stat().st_mode) == 0o700


def test_two_libraries_with_one_data_folder_never_mix(
    tmp_path: Path, data_dir: Path, make_ws
) -> None:
    first = tmp_path / "first" / "briefings"
    second = tmp_path / "second" / "briefings"  # same folder name, different library
    for folder, word in ((first, "aardvark"), (second, "zeppelin")):
        folder.mkdir(parents=True)
        (folder / "same-name.md").write_text(f"# Shared name\n\nonly {word} here\n")
    one = make_ws(first, data_dir)
    two = make_ws(second, data_dir)
    one.sync()
    two.sync()
    assert one.paths.library_data != two.paths.library_data
    assert one.paths.library_data.parent == two.paths.library_data.parent == data_dir
    assert [h.path for h in one.search("aardvark").hits] == ["same-name.md"]
    assert one.search("zeppelin").hits == []
    assert [h.path for h in two.search("zeppelin").hits] == ["same-name.md"]
    assert two.search("aardvark").hits == []
    assert one.store.count() == two.store.count() == 1


def test_same_library_through_another_spelling_of_its_path_shares_its_data(
    tmp_path: Path, lib_dir: Path, data_dir: Path
) -> None:
    (tmp_path / "alias").symlink_to(lib_dir)
    assert resolve_paths(tmp_path / "alias", data_dir) == resolve_paths(lib_dir, data_dir)


def test_a_second_writer_waits_then_reports_busy(write, make_ws, monkeypatch) -> None:
    write("a.md", "text")
    ws = make_ws()
    ws.sync()
    monkeypatch.setattr(index_module, "WRITER_TIMEOUT", 0.1)
    holder = ws.index().writer()
    try:
        with pytest.raises(IndexBusy, match="another briefing process"), index_writer(ws.index()):
            pass
    finally:
        holder.cancel()
