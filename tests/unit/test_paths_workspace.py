"""Where data lives, and the Workspace rules: resolving DOC, tags in store and index."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.core.paths import PathsError, library_key, resolve_paths
from briefing_tui.core.workspace import DocumentNotFound

from .helpers import briefing


def test_flags_win_over_environment_which_wins_over_defaults(
    tmp_path: Path, lib_dir: Path, monkeypatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("BRIEFING_CONTENT", str(other))
    monkeypatch.setenv("BRIEFING_DATA", str(tmp_path / "env-data"))
    from_env = resolve_paths()
    assert from_env.content == other.resolve()
    assert from_env.data_root == (tmp_path / "env-data").resolve()
    from_flags = resolve_paths(lib_dir, tmp_path / "flag-data")
    assert from_flags.content == lib_dir
    assert from_flags.data_root == (tmp_path / "flag-data").resolve()


def test_default_data_folder_is_the_platform_one(lib_dir: Path, tmp_path: Path) -> None:
    # conftest points XDG_DATA_HOME into tmp_path: never the real one.
    paths = resolve_paths(lib_dir)
    assert paths.data_root.name == "briefing-tui"
    assert paths.library_data.parent == paths.data_root


def test_missing_library_is_a_paths_error(tmp_path: Path) -> None:
    with pytest.raises(PathsError, match="does not exist"):
        resolve_paths(tmp_path / "missing", tmp_path / "data")


def test_library_that_is_a_file_is_a_paths_error(tmp_path: Path) -> None:
    (tmp_path / "file.md").write_text("x")
    with pytest.raises(PathsError, match="not a folder"):
        resolve_paths(tmp_path / "file.md", tmp_path / "data")


def test_data_folder_inside_the_library_is_refused(lib_dir: Path) -> None:
    with pytest.raises(PathsError, match="inside the library"):
        resolve_paths(lib_dir, lib_dir / ".data")
    with pytest.raises(PathsError, match="inside the library"):
        resolve_paths(lib_dir, lib_dir)


def test_library_keys_differ_for_same_named_folders(tmp_path: Path) -> None:
    one, two = tmp_path / "a" / "Briefings", tmp_path / "b" / "Briefings"
    assert library_key(one) != library_key(two)
    assert library_key(one).startswith("Briefings-")
    assert "/" not in library_key(Path("/x/we ird\x1b name"))


@pytest.fixture
def ws(write, make_ws):  # type: ignore[no-untyped-def]
    write("notes/oil.md", briefing("# Oil\n\nOil rose.\n", doc_id="oil-report"))
    write("gas.md", "# Gas\n\nGas fell.\n")
    workspace = make_ws()
    workspace.sync()
    return workspace


def test_resolve_by_id_and_unique_prefix(ws) -> None:  # type: ignore[no-untyped-def]
    assert ws.resolve("oil-report").path == "notes/oil.md"
    assert ws.resolve("oil-").path == "notes/oil.md"
    gas_id = ws.store.by_path("gas.md").id
    assert ws.resolve(gas_id[:6]).path == "gas.md"


def test_resolve_by_library_relative_cwd_relative_and_absolute_path(  # type: ignore[no-untyped-def]
    ws, lib_dir: Path, tmp_path: Path
) -> None:
    assert ws.resolve("notes/oil.md", cwd=tmp_path).id == "oil-report"
    assert ws.resolve("oil.md", cwd=lib_dir / "notes").id == "oil-report"
    assert ws.resolve("../gas.md", cwd=lib_dir / "notes").path == "gas.md"
    assert ws.resolve(str(lib_dir / "notes" / "oil.md")).id == "oil-report"


def test_resolve_refuses_what_is_not_a_document(ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for ref in ("nothing", "/etc/passwd", "../../outside.md"):
        with pytest.raises(DocumentNotFound):
            ws.resolve(ref, cwd=tmp_path)


def test_ambiguous_prefix_says_so(write, make_ws) -> None:  # type: ignore[no-untyped-def]
    write("a.md", briefing("a", doc_id="report-1"))
    write("b.md", briefing("b", doc_id="report-2"))
    ws = make_ws()
    ws.sync()
    with pytest.raises(DocumentNotFound, match="several"):
        ws.resolve("report-")


def test_read_of_a_file_deleted_since_the_sync_is_skipped(ws, lib_dir: Path) -> None:  # type: ignore[no-untyped-def]
    record = ws.resolve("oil-report")
    (lib_dir / "notes" / "oil.md").unlink()
    result = ws.read(record)
    assert result.path == "notes/oil.md"
    assert "cannot be read" in result.reason


def test_change_tags_updates_store_and_index(ws) -> None:  # type: ignore[no-untyped-def]
    record = ws.resolve("oil-report")
    assert ws.change_tags(record, ["Hot Topic"], []) == ["hot-topic"]
    assert [hit.id for hit in ws.search("tag:hot-topic").hits] == ["oil-report"]
    assert ws.change_tags(record, [], ["hot-topic"]) == []
    assert ws.search("tag:hot-topic").hits == []


def test_rebuild_on_request_keeps_app_tags(ws) -> None:  # type: ignore[no-untyped-def]
    ws.change_tags(ws.resolve("oil-report"), ["kept"], [])
    report = ws.sync(rebuild=True)
    assert report.rebuilt == "rebuild requested"
    assert [hit.id for hit in ws.search("tag:kept").hits] == ["oil-report"]


def test_tagging_while_the_file_cannot_be_read_keeps_the_briefing_searchable(
    write, make_ws, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A tag saved while the library is briefly unreadable (unmounted, a
    permission) must not drop the briefing from search; the new tag reaches
    the index at the next sync once the file reads again."""
    from briefing_tui.core.briefings.documents import Skipped
    from briefing_tui.core.workspace import Workspace

    write("oil.md", briefing("Brent crude rose sharply.\n", title="Oil", doc_id="oil"))
    ws = make_ws()
    ws.sync()
    record = ws.resolve("oil")
    real_read = Workspace.read
    monkeypatch.setattr(Workspace, "read", lambda self, r: Skipped(r.path, "cannot be read"))
    ws.change_tags(record, ["energy"], [])
    assert [hit.id for hit in ws.search("brent").hits] == ["oil"]
    monkeypatch.setattr(Workspace, "read", real_read)
    ws.sync()
    assert [hit.id for hit in ws.search("tag:energy").hits] == ["oil"]
