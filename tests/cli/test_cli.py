"""The ``briefing`` command: output, exit codes, JSON, and one-line errors."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

import briefing_tui.core.workspace as workspace_module
from briefing_tui.cli import main
from briefing_tui.core.store import Store

from .helpers import one_line_error

REPO = Path(__file__).resolve().parents[2]

LIBRARY = {
    "oil.md": (
        "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\nsource: Wire\n"
        "tags: [energy, markets]\n---\n\n# Oil prices climb\n\n"
        "Oil prices rose as the government minister spoke.\n"
    ),
    "notes/sanctions.md": (
        "---\nid: sanctions\ntitle: S-400 sanctions threat\ndate: 2021-04-06\n"
        "tags: [sanctions]\n---\n\nWashington warned India about sanctions.\n"
    ),
    "untitled.md": "# Election results\n\nThe prime minister won the election.\n",
}


@pytest.fixture
def lib(lib_dir: Path) -> Path:
    for name, text in LIBRARY.items():
        path = lib_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    # The file without a date gets its mtime: make it the oldest, deterministically.
    old = datetime(2020, 1, 2, 3, 4).timestamp()
    os.utime(lib_dir / "untitled.md", (old, old))
    return lib_dir


@pytest.fixture
def run(lib: Path, data_dir: Path, capsys):  # type: ignore[no-untyped-def]
    """Run ``briefing`` in-process on the test library: (exit code, stdout, stderr)."""

    def runner(*args: str, where: str = "after") -> tuple[int, str, str]:
        location = ["--content", str(lib), "--data", str(data_dir)]
        argv = [*location, *args] if where == "before" else [*args, *location]
        if where == "none":
            argv = list(args)
        code = main(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return runner


# -- index ----------------------------------------------------------------------------


def test_index_prints_a_summary(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("index")
    assert code == 0
    assert "3 indexed, 0 unchanged, 0 removed, 0 skipped" in out
    code, out, _ = run("index")
    assert "0 indexed, 3 unchanged" in out


def test_index_lists_skipped_files_with_their_reason(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    (lib / "binary.md").write_bytes(b"\x00\x01")
    (lib / "folder.md").mkdir()
    (lib / "bad-front.md").write_text("---\n- a list\n---\nbody\n")
    code, out, _ = run("index")
    assert code == 0
    assert "2 skipped" in out
    assert "skipped  binary.md: binary file (contains NUL bytes)" in out
    assert "skipped  folder.md: a folder, not a file" in out
    assert "problem  bad-front.md: front matter is a list, not a mapping" in out


def test_index_json_and_rebuild(run) -> None:  # type: ignore[no-untyped-def]
    run("index")
    code, out, _ = run("index", "--rebuild", "--json")
    assert code == 0
    summary = json.loads(out)
    indexed = summary["added"] + summary["updated"]
    assert sorted(indexed) == ["notes/sanctions.md", "oil.md", "untitled.md"]
    assert summary["rebuilt"] == "rebuild requested"
    assert summary["skipped"] == []


def test_index_of_a_huge_file_lists_it_as_too_large_and_keeps_the_rest(  # type: ignore[no-untyped-def]
    run, lib: Path
) -> None:
    huge = lib / "huge.md"
    with open(huge, "wb") as handle:
        handle.truncate(30 * 1024 * 1024)  # sparse: 30 MB of NULs, no disk used
    code, out, _ = run("index")
    assert code == 0
    assert "skipped  huge.md: too large (30.0 MB > 5.0 MB limit)" in out
    code, out, _ = run("search", "sanctions", "--json")
    assert code == 0
    assert [hit["path"] for hit in json.loads(out)] == ["notes/sanctions.md"]


# -- search ---------------------------------------------------------------------------


def test_search_exit_0_with_hits(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("search", "minister")
    assert code == 0
    assert "Oil prices climb" in out and "Election results" in out
    assert "2024-03-05" in out and "oil.md" in out
    assert "2 briefing(s) match" in err
    assert "\x1b[" not in out  # no emphasis codes when stdout is not a terminal


def test_search_exit_1_with_none(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("search", "nothingmatches")
    assert code == 1
    assert out == ""
    assert "No briefings match" in err
    code, out, _ = run("search", "nothingmatches", "--json")
    assert code == 1
    assert json.loads(out) == []


@pytest.mark.parametrize("query", ["(oil", "NOT NOT oil", "*", "author:x", "x" * 2000])
def test_search_exit_2_on_a_bad_query(run, query: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("search", query)
    assert code == 2
    assert out == ""
    assert one_line_error(err).startswith("briefing: bad query: ")


def test_search_json_fields(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("search", "oil", "--json")
    assert code == 0
    (hit,) = json.loads(out)
    assert {"id", "path", "title", "date", "tags", "score", "snippet"} <= set(hit)
    assert hit["id"] == "oil"
    assert hit["path"] == "oil.md"
    assert hit["title"] == "Oil prices climb"
    assert hit["date"] == "2024-03-05T00:00:00"
    assert hit["tags"] == ["energy", "markets"]
    assert hit["score"] > 0
    assert "Oil prices rose" in hit["snippet"]
    for start, end in hit["matches"]:
        assert hit["snippet"][start:end].lower() == "oil"


def test_search_sort_and_limit(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("search", "minister OR sanctions", "--sort", "date", "--json")
    assert code == 0
    hits = json.loads(out)
    assert [hit["path"] for hit in hits] == ["oil.md", "notes/sanctions.md", "untitled.md"]
    code, out, err = run("search", "minister OR sanctions", "--limit", "2", "--json")
    assert len(json.loads(out)) == 2
    code, out, err = run("search", "minister", "OR", "sanctions", "--sort", "title", "--limit", "1")
    assert code == 0
    assert "Election results" in out
    assert "3 briefing(s) match (showing 1; --limit N for more)" in err


def test_search_words_are_joined_into_one_query(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("search", "tag:energy", "date:2024", "--json")
    assert code == 0
    assert [hit["id"] for hit in json.loads(out)] == ["oil"]


def test_search_picks_up_new_files_without_an_index_command(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    run("search", "oil")
    (lib / "new.md").write_text("# Zebra news\n\nA zebra escaped.\n")
    code, out, _ = run("search", "zebra", "--json")
    assert code == 0
    assert [hit["path"] for hit in json.loads(out)] == ["new.md"]


# -- list, show, tag, tags, doctor ----------------------------------------------------


def test_list_json(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("list", "--json")
    assert code == 0
    records = json.loads(out)
    by_id = {record["id"]: record for record in records}
    assert set(by_id) >= {"oil", "sanctions"}
    assert by_id["oil"]["path"] == "oil.md"
    assert by_id["oil"]["title"] == "Oil prices climb"
    assert by_id["oil"]["tags"] == ["energy", "markets"]
    assert by_id["oil"]["date_inferred"] is False
    untitled = next(r for r in records if r["path"] == "untitled.md")
    assert untitled["title"] == "Election results"
    assert untitled["date_inferred"] is True
    assert [r["path"] for r in records] == ["oil.md", "notes/sanctions.md", "untitled.md"]
    assert untitled["date"] == "2020-01-02T03:04:00"


def test_list_plain(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("list", "--sort", "title")
    assert code == 0
    titles = [line for line in out.splitlines() if not line.startswith(" ")]
    assert [t.split("  ", 1)[1].split("  [")[0] for t in titles] == [
        "Election results",
        "Oil prices climb",
        "S-400 sanctions threat",
    ]


def test_show_by_id(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("show", "oil")
    assert code == 0
    assert "Title:" in out and "Oil prices climb" in out
    assert "Date:" in out and "2024-03-05" in out
    assert "Tags:" in out and "energy, markets" in out
    assert "Oil prices rose as the government minister spoke." in out
    assert "---" not in out and "# Oil" not in out  # plain text, not the raw file


def test_show_by_path_relative_to_the_library(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # the library is tmp_path/library: not the cwd
    code, out, _ = run("show", "notes/sanctions.md")
    assert code == 0
    assert "Washington warned India" in out


def test_show_by_path_relative_to_the_current_folder(run, lib: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(lib / "notes")
    code, out, _ = run("show", "sanctions.md")
    assert code == 0
    assert "Washington warned India" in out


def test_show_by_absolute_path(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("show", str(lib / "untitled.md"))
    assert code == 0
    assert "Election results" in out
    assert "(inferred from the file)" in out


def test_show_a_file_whose_name_has_two_spaces(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    (lib / "meeting  notes.md").write_text("# Meeting\n\nAgreed on the zebra.\n")
    code, out, _ = run("show", str(lib / "meeting  notes.md"))
    assert code == 0
    assert "Agreed on the zebra." in out
    code, out, _ = run("search", "zebra", "--json")
    (hit,) = json.loads(out)
    assert hit["path"] == "meeting  notes.md"
    code, out, _ = run("show", hit["id"])
    assert code == 0 and "Agreed on the zebra." in out


def test_show_unknown_document_is_one_line_exit_2(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("show", "no-such-doc")
    assert code == 2
    assert "no briefing with id or path" in one_line_error(err)


def test_show_or_tag_of_a_skipped_file_says_why_it_is_not_a_briefing(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    (lib / "scan.md").write_bytes(b"%PDF-1.7\x00\x01\x02 not text")
    for command in (["show", "scan.md"], ["show", str(lib / "scan.md")], ["tag", "scan.md", "+x"]):
        code, _, err = run(*command)
        assert code == 2
        message = one_line_error(err)
        assert "scan.md is in the library but was skipped: binary file" in message
    code, _, err = run("show", "nothing-here.md")  # no such file: said as before
    assert code == 2 and "no briefing with id or path" in one_line_error(err)


def test_show_never_prints_terminal_escapes(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    (lib / "evil.md").write_text("# Evil \x1b]0;pwned\x07\n\nBody \x1b[2J \u202eeht\n")
    code, out, _ = run("show", "evil.md")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Problem:" in out


def test_tag_adds_and_removes_with_minus_as_a_tag_not_an_option(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("tag", "oil", "+urgent", "-markets", "+Follow Up")
    assert code == 0, err
    assert out.strip() == "Oil prices climb: energy, follow-up, urgent"
    code, out, _ = run("tags", "--json")
    counts = {entry["tag"]: entry["count"] for entry in json.loads(out)}
    assert counts == {"energy": 1, "follow-up": 1, "urgent": 1, "sanctions": 1}
    code, out, _ = run("search", "tag:urgent", "--json")
    assert [hit["id"] for hit in json.loads(out)] == ["oil"]


def test_tag_with_options_after_the_changes(run, lib: Path, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(
        "tag", "oil", "-energy", "--content", str(lib), f"--data={data_dir}", where="none"
    )
    assert code == 0, err
    assert out.strip() == "Oil prices climb: markets"


def test_tag_by_path(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("tag", "notes/sanctions.md", "+india")
    assert code == 0
    assert out.strip() == "S-400 sanctions threat: sanctions, india"


@pytest.mark.parametrize("changes", [[], ["urgent"], ["+"]])
def test_tag_without_a_valid_change_is_an_error(run, changes: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("tag", "oil", *changes)
    assert code == 2
    assert "+TAG" in one_line_error(err)


def test_tags_counts(run) -> None:  # type: ignore[no-untyped-def]
    run("tag", "sanctions", "+energy")
    code, out, _ = run("tags", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"tag": "energy", "count": 2},
        {"tag": "markets", "count": 1},
        {"tag": "sanctions", "count": 1},
    ]
    code, out, _ = run("tags")
    assert out.splitlines()[0].split() == ["2", "energy"]


def test_doctor_reports_a_healthy_library(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    (lib / "binary.md").write_bytes(b"\x00")
    run("index")
    code, out, _ = run("doctor")
    assert code == 0
    assert "Store:   ok (3 briefings)" in out
    assert "Index:   ok (3 briefings)" in out
    assert "binary.md: binary file" in out


def test_doctor_reports_a_damaged_index(run, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    run("index")
    for toc in data_dir.glob("*/index/_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    code, out, _ = run("doctor")
    assert code == 1
    assert "Index:   the index is damaged" in out
    assert "briefing index --rebuild" in out
    code, out, err = run("index")
    assert code == 0
    assert "Rebuilding the search index" in err
    assert run("doctor")[0] == 0


def test_import_prints_created_paths(run, lib: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "article.txt"
    source.write_text("Zebra Article\n\nZebra Article\n\nA zebra crossed.\nALSO READ: x\n")
    code, out, err = run("import", str(source), "--tag", "animals", "--date", "2024-02-02")
    assert code == 0, err
    created = Path(out.strip())
    assert created == lib / "2024-02-02-zebra-article.md"
    assert "1 imported, 0 skipped, 0 failed" in err
    code, out, _ = run("search", "tag:animals", "--json")
    assert [hit["path"] for hit in json.loads(out)] == [created.name]
    code, out, err = run("import", str(source))
    assert code == 0
    assert "skipped" in err and "already in the library" in err


def test_import_bad_date_is_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "a.txt"
    source.write_text("T\n\nB\n")
    code, _, err = run("import", str(source), "--date", "someday")
    assert code == 2
    assert "not an ISO date" in one_line_error(err)


# -- errors and options ---------------------------------------------------------------


def test_missing_library_folder_is_one_line_exit_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["search", "x", "--content", str(tmp_path / "nope"), "--data", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2
    line = one_line_error(err)
    assert "does not exist" in line and str(tmp_path / "nope") in line


def test_a_named_missing_folder_is_not_told_to_pass_content(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["list", "--content", str(tmp_path / "nope"), "--data", str(tmp_path)])
    line = one_line_error(capsys.readouterr()[1])
    assert code == 2
    assert "--content" not in line and "check the path" in line


def test_first_start_without_a_library_says_how_to_make_one(
    tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    default = tmp_path / "documents" / "Briefings"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "documents"))
    code = main(["list", "--data", str(tmp_path / "data")])
    line = one_line_error(capsys.readouterr()[1])
    assert code == 2
    assert f"mkdir -p '{default}'" in line and "--content" in line
    assert not default.exists()


def test_first_start_on_a_terminal_offers_to_create_the_library(
    tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    import briefing_tui.tui.app as app_module

    default = tmp_path / "documents" / "Briefings"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "documents"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    opened: list[Path] = []
    monkeypatch.setattr(app_module, "run_app", lambda paths, **_: opened.append(paths.content) or 0)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["--data", str(tmp_path / "data")]) == 2
    assert not default.exists() and opened == []
    assert "Nothing created" in capsys.readouterr().err
    monkeypatch.setattr("builtins.input", lambda prompt: "")
    assert main(["--data", str(tmp_path / "data")]) == 0
    assert default.is_dir() and opened == [default.resolve()]


def test_control_bytes_in_a_path_argument_are_not_echoed(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    hostile = tmp_path / "lib\x1b]0;PWNED\x07"
    code = main(["list", "--content", str(hostile), "--data", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "\x1b" not in err and "\x07" not in err
    assert "␛]0;PWNED␇" in err


def test_data_folder_inside_the_library_is_refused(lib: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["list", "--content", str(lib), "--data", str(lib / "data")])
    assert code == 2
    assert "inside the library" in one_line_error(capsys.readouterr().err)


def test_locked_store_is_one_line_exit_2(run, data_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run("index")

    class QuickStore(Store):
        @classmethod
        def open(cls, path: Path, *, check: bool = True, timeout_ms: int = 100) -> Store:  # type: ignore[override]
            return super().open(path, check=check, timeout_ms=100)

    monkeypatch.setattr(workspace_module, "Store", QuickStore)
    (store_file,) = data_dir.glob("*/store.sqlite3")
    other = sqlite3.connect(store_file, isolation_level=None, timeout=0.1)
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run("tag", "oil", "+x")
    finally:
        other.rollback()
        other.close()
    assert code == 2
    line = one_line_error(err)
    assert "locked by another process" in line and str(store_file) in line


def test_damaged_store_is_one_line_exit_2(run, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    run("index")
    (store_file,) = data_dir.glob("*/store.sqlite3")
    for extra in store_file.parent.glob("store.sqlite3-*"):
        extra.unlink()
    store_file.write_bytes(os.urandom(4096))
    code, _, err = run("list")
    assert code == 2
    line = one_line_error(err)
    assert "damaged" in line and "briefing restore" in line


def test_options_before_the_command_name(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("search", "sanctions", "--json", where="before")
    assert code == 0
    assert [hit["id"] for hit in json.loads(out)] == ["sanctions"]


def test_options_from_the_environment(lib: Path, data_dir: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFING_CONTENT", str(lib))
    monkeypatch.setenv("BRIEFING_DATA", str(data_dir))
    assert main(["search", "sanctions", "--json"]) == 0
    assert [hit["id"] for hit in json.loads(capsys.readouterr().out)] == ["sanctions"]
    assert list(data_dir.glob("*/store.sqlite3"))


def test_flags_win_over_the_environment(
    lib: Path, data_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFING_CONTENT", str(tmp_path / "missing"))
    monkeypatch.setenv("BRIEFING_DATA", str(tmp_path / "env-data"))
    assert main(["list", "--json", "--content", str(lib), "--data", str(data_dir)]) == 0
    assert not (tmp_path / "env-data").exists()
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_max_size_option(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    (lib / "medium.md").write_text("medium " * 300_000)  # about 2 MB
    code, out, _ = run("index", "--max-size", "1")
    assert code == 0
    assert "skipped  medium.md: too large (2.0 MB > 1.0 MB limit)" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--max-size", "inf"), "at most 1,000,000 MB"),
        (("--max-size", "1e400"), "at most 1,000,000 MB"),
        (("--max-size", "nan"), "must be positive"),
        (("--max-size", "0.0000001"), "less than one byte"),
        (("--limit", "0"), "at least 1"),
        (("--limit", "-1"), "at least 1"),
    ],
)
def test_sizes_and_limits_out_of_reach_are_refused(run, capsys, args, said: str) -> None:  # type: ignore[no-untyped-def]
    """``--max-size inf`` ended in a traceback (an infinite float made an int), a
    size under a byte became 0, and ``--limit 0`` said "No briefings match" of a
    query that matched: each is refused as a bad argument (exit 2)."""
    with pytest.raises(SystemExit) as refused:
        run("search", "oil", *args)
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert said in err.strip().splitlines()[-1] and "Traceback" not in err, err


def test_output_cut_short_by_a_closed_pipe_is_not_an_error(run, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    run("index")

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def isatty(self) -> bool:
            return False

        def fileno(self) -> int:
            raise io.UnsupportedOperation("fileno")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code, _, err = run("list")
    assert code == 0
    assert err == ""


# -- real processes -------------------------------------------------------------------


def _briefing(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


def test_python_m_briefing_tui_searches(lib: Path, data_dir: Path) -> None:
    done = _briefing("search", "--content", str(lib), "--data", str(data_dir), "--json", "oil")
    assert done.returncode == 0, done.stderr
    assert [hit["id"] for hit in json.loads(done.stdout)] == ["oil"]
    done = _briefing("search", "--content", str(lib), "--data", str(data_dir), "zzzq")
    assert done.returncode == 1


def test_python_m_briefing_tui_piped_into_head(lib: Path, data_dir: Path) -> None:
    for n in range(300):  # enough output to fill the pipe
        (lib / f"long-{n}.md").write_text(f"# {'A long title ' * 20} {n}\n\nzebra\n")
    command = [sys.executable, "-m", "briefing_tui", "list", "--content", str(lib)]
    listing = subprocess.Popen(
        [*command, "--data", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert listing.stdout is not None and listing.stderr is not None
    assert listing.stdout.readline()  # like `| head -1`: read one line, then go away
    listing.stdout.close()
    stderr = listing.stderr.read().decode()
    assert listing.wait(timeout=60) == 0, stderr
    assert stderr == ""


def test_python_m_briefing_tui_error_has_no_traceback(tmp_path: Path) -> None:
    done = _briefing("list", "--content", str(tmp_path / "missing"), "--data", str(tmp_path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert one_line_error(done.stderr)


def test_search_minus_word_is_a_negation_not_an_unknown_option(tmp_path, capsys) -> None:
    from briefing_tui.cli import main

    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.md").write_text("# Budget talks\n\nThe government budget.\n", encoding="utf-8")
    (library / "b.md").write_text("# Cabinet\n\nThe government reshuffle.\n", encoding="utf-8")
    code = main(
        [
            "--content",
            str(library),
            "--data",
            str(tmp_path / "d"),
            "search",
            "government",
            "-budget",
            "--json",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert '"Cabinet"' in out and "Budget talks" not in out


def test_import_says_when_a_url_is_not_a_web_address(run, lib: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "article.txt"
    source.write_text("Port strike\n\nDockers walked out.\n")
    code, _, err = run("import", str(source), "--url", "www.example.org/port strike")
    assert code == 0
    assert "url 'www.example.org/port strike' is not an absolute http(s) address" in err


@pytest.mark.parametrize("command", [("index",), ("search", "oil"), ("list",)])
def test_notices_quoting_control_bytes_are_shown_as_pictures(
    run, monkeypatch, command: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    from briefing_tui.core.workspace import Notice, Workspace

    real = Workspace.sync

    def noisy(self, **kwargs):  # type: ignore[no-untyped-def]
        self.notices.append(Notice("Rebuilding the search index: \x1b]0;PWNED\x07 broke."))
        return real(self, **kwargs)

    monkeypatch.setattr(Workspace, "sync", noisy)
    _, _, err = run(*command)
    assert "\x1b" not in err and "\x07" not in err
    assert "␛]0;PWNED␇" in err


@pytest.mark.parametrize("command", [["search", "oil"], ["list"], ["index"]])
def test_a_data_folder_that_cannot_be_made_is_named_with_the_reason(
    lib: Path,
    tmp_path: Path,
    capsys,
    command: list[str],  # type: ignore[no-untyped-def]
) -> None:
    """``--data`` under a file (or /proc): it said Python's "[Errno 20] Not a
    directory: '…'", not which folder it was or what to do."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["--content", str(lib), "--data", str(blocker / "data"), *command])
    assert code == 2
    line = one_line_error(capsys.readouterr().err)
    assert line == (
        f"briefing: error: cannot create the data folder {blocker / 'data'}: Not a directory "
        "(give another with --data or BRIEFING_DATA)"
    )


def test_tags_lists_claim_tags_apart_and_says_when_there_are_none(
    lib_dir: Path,
    data_dir: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    """``tag:uk`` found briefings by their claims' tags while ``briefing tags``
    listed none of them, and with no tag at all it printed nothing."""
    (lib_dir / "a.md").write_text("---\nid: a\ntitle: A\n---\n\nThe talks ended.\n")
    where = ["--content", str(lib_dir), "--data", str(data_dir)]
    assert main([*where, "tags"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("No tags yet:")
    assert main([*where, "annotate", "a", "--quote", "The talks ended", "--tag", "uk"]) == 0
    capsys.readouterr()
    assert main([*where, "tags"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "No briefing tags. Claim tags (claims):"
    assert lines[1].split() == ["1", "uk"]
    assert main([*where, "tags", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # briefing tags, as before


def test_ctrl_c_while_the_program_loads_is_one_line(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C in the first fifth of a second (the imports) printed a traceback of
    whichever import it landed in; it is said as a later ctrl+c is."""
    import briefing_tui.__main__ as entry

    def interrupted(argv: list[str]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(entry, "_check_early", interrupted)
    monkeypatch.setattr(sys, "argv", ["briefing", "search", "oil"])
    with pytest.raises(SystemExit) as ended:
        entry.main()
    assert ended.value.code == 130
    assert capsys.readouterr().err == "briefing: interrupted\n"


def test_an_attached_short_option_and_a_negative_position_are_not_negated_words(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """``export -oFILE`` became the query ``NOT oFILE`` and the report went to the
    terminal, no file written; ``saved move NAME -1`` became ``NOT 1`` (argparse:
    "invalid int value: 'NOT'"). A bad-input hunt."""
    target = tmp_path / "report.md"
    code, out, err = run("export", f"-o{target}")
    assert code == 0, err
    assert target.is_file() and out == ""
    assert run("saved", "add", "first", "oil")[0] == 0
    code, _, err = run("saved", "move", "first", "-1")
    assert code == 2 and "POSITION counts from 1" in one_line_error(err)
    code, out, _ = run("search", "oil", "-sanctions")  # still NOT sanctions
    assert code in (0, 1) and "sanctions" not in out.lower()


def test_dash_is_standard_output_and_an_unknown_extension_is_asked_about(
    run, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """``export -o -`` wrote a file named "-" (replacing a backup of that name),
    ``backup -o -`` too, and ``export -o claims.w3c`` wrote Markdown (a bad-input
    hunt)."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run("export", "-o", "-")
    assert code == 0 and out.startswith("# Claims"), err
    assert not (tmp_path / "-").exists()
    code, _, err = run("backup", "-o", "-")
    assert code == 2 and "a backup is written to a file" in one_line_error(err)
    assert not (tmp_path / "-").exists()
    code, _, err = run("export", "-o", str(tmp_path / "claims.w3c"))
    assert code == 2 and "cannot tell the format from '.w3c'" in one_line_error(err)
    assert not (tmp_path / "claims.w3c").exists()
    code, _, err = run("export", "-o", str(tmp_path / "claims.w3c"), "--format", "w3c")
    assert code == 0 and (tmp_path / "claims.w3c").read_text().lstrip().startswith("{")


def test_index_rebuild_says_it_rebuilds_once(run) -> None:  # type: ignore[no-untyped-def]
    """It said "Rebuilding the search index: rebuild requested." before its summary
    and again as the workspace closed (a bad-input hunt)."""
    assert run("index")[0] == 0
    code, _, err = run("index", "--rebuild")
    assert code == 0
    assert err.count("Rebuilding the search index") == 1, err


def test_list_plain_shows_an_inferred_date_as_a_day(run) -> None:  # type: ignore[no-untyped-def]
    """A briefing dated by its file's time was listed "2020-01-02T03:04", its title
    pushed out of the column every other row keeps (a newcomer walk)."""
    code, out, _ = run("list")
    assert code == 0
    rows = [line for line in out.splitlines() if not line.startswith(" ")]
    assert rows and all(line[10:12] == "  " and line[12] != " " for line in rows), rows
    assert any(line.startswith("2020-01-02  ") for line in rows)
