"""The stream on the command line: ``mark``, ``saved``, ``search @NAME``, ``--unread``,
``--facets``, ``tag --query``, and reading state and saved searches carried by the
json export and by backups."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

from .helpers import TO_SCHEMA_3, Runner, one_line_error, rewrite

LIBRARY = {
    "oil.md": (
        "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\nsource: Wire\n"
        "tags: [energy, markets]\n---\n\nOil prices rose as the government minister spoke.\n"
    ),
    "gas.md": (
        "---\nid: gas\ntitle: Gas deal signed\ndate: 2024-04-01\nsource: Reuters\n"
        "tags: [energy]\n---\n\nThe gas deal was signed by the minister.\n"
    ),
    "grain.md": (
        "---\nid: grain\ntitle: Grain exports fall\ndate: 2023-11-02\n---\n\n"
        "Grain exports fell again.\n"
    ),
}


@pytest.fixture
def lib(lib_dir: Path) -> Path:
    for name, text in LIBRARY.items():
        (lib_dir / name).write_text(text)
    return lib_dir


@pytest.fixture
def run(lib: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    def runner(*args: str, data: Path | None = None) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib), "--data", str(data or data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def _ids(run: Runner, *args: str) -> list[str]:
    code, out, err = run(*args, "--json")
    assert code in (0, 1), err
    return [item["id"] for item in json.loads(out)]


def _states(run: Runner, command: str = "list", *query: str) -> dict[str, tuple[bool, ...]]:
    code, out, err = run(command, *query, "--json")
    assert code in (0, 1), err
    return {item["id"]: (item["read"], item["changed"], item["new"]) for item in json.loads(out)}


# -- reading state ------------------------------------------------------------------


def test_list_and_search_json_say_read_changed_new(run: Runner, lib: Path) -> None:
    assert _states(run) == {
        "gas": (False, False, False),
        "oil": (False, False, False),
        "grain": (False, False, False),
    }
    code, out, err = run("mark", "oil", "grain.md", "--read")
    assert code == 0, err
    assert out.splitlines() == ["Oil prices climb: read", "Grain exports fall: read"]
    rewrite(lib / "oil.md", LIBRARY["oil.md"].replace("rose", "fell"))
    assert _states(run, "search", "minister") == {
        "oil": (True, True, False),
        "gas": (False, False, False),
    }
    code, out, _ = run("list")
    assert "oil.md  changed since read" in out


def test_unread_limits_list_and_search(run: Runner) -> None:
    run("mark", "gas", "--read")
    assert _ids(run, "list", "--unread") == ["oil", "grain"]
    assert _ids(run, "search", "minister", "--unread") == ["oil"]
    assert set(_ids(run, "search", "minister OR grain", "--unread")) == {"oil", "grain"}
    code, _, err = run("search", "gas", "--unread")
    assert code == 1 and "No briefings match." in err


def test_search_is_terms(run: Runner) -> None:
    run("mark", "grain", "--read")
    assert _ids(run, "search", "is:read") == ["grain"]
    assert set(_ids(run, "search", "is:unread")) == {"oil", "gas"}
    code, _, err = run("search", "is:later")
    assert code == 2
    assert one_line_error(err) == (
        "briefing: bad query: is:later is not a reading state "
        "(use is:unread, is:read, is:new, is:changed)"
    )


def test_new_counts_from_the_last_visit_recorded(run: Runner, lib: Path, data_dir: Path) -> None:
    assert _states(run)["oil"] == (False, False, False)  # no visit yet: nothing is new
    with Workspace(resolve_paths(lib, data_dir)) as ws:
        ws.store.set_meta("visit:current", "2000-01-01T00:00:00")  # the app last started then
    assert {key: value[2] for key, value in _states(run).items()} == {
        "gas": True,
        "oil": True,
        "grain": True,
    }
    assert set(_ids(run, "search", "is:new minister")) == {"gas", "oil"}
    with Workspace(resolve_paths(lib, data_dir)) as ws:
        assert ws.store.get_meta("visit:current") == "2000-01-01T00:00:00"  # not a visit


def test_mark_by_query_and_back(run: Runner) -> None:
    code, out, err = run("mark", "--query", "minister", "--read")
    assert code == 0, err
    assert out.strip() == "2 briefing(s) match; 2 marked read"
    assert _ids(run, "list", "--unread") == ["grain"]
    code, out, _ = run("mark", "--query", "is:read OR is:unread", "--unread")  # all, said so
    assert out.strip() == "3 briefing(s) match; 2 marked unread"
    assert len(_ids(run, "list", "--unread")) == 3


def test_mark_refuses_what_it_cannot_do(run: Runner) -> None:
    code, _, err = run("mark", "nosuch", "--read")
    assert code == 2
    assert one_line_error(err).startswith("briefing: error: no briefing with id or path 'nosuch'")
    code, _, err = run("mark", "oil", "nosuch", "--read")
    assert code == 2 and _ids(run, "list", "--unread") == ["gas", "oil", "grain"]  # none marked
    code, _, err = run("mark", "--query", '"oil', "--read")
    assert code == 2 and one_line_error(err).startswith("briefing: bad query: unclosed quote")
    code, _, err = run("mark", "oil", "--query", "oil", "--read")
    assert code == 2 and "not both" in one_line_error(err)
    code, _, err = run("mark", "--read")
    assert code == 2 and "nothing to mark" in one_line_error(err)
    with pytest.raises(SystemExit):  # argparse: --read or --unread is required
        main(["mark", "oil"])


# -- saved searches -------------------------------------------------------------------


def test_saved_searches_add_list_and_run(run: Runner) -> None:
    code, out, err = run("saved", "add", "energy", "tag:energy")
    assert code == 0, err
    assert out.strip() == "Saved 'energy': tag:energy"
    run("saved", "add", "no gas", "minister", "-gas")  # -gas: the query's NOT
    run("mark", "gas", "--read")
    code, out, _ = run("saved", "--json")
    assert json.loads(out) == [
        {
            "name": "energy",
            "query": "tag:energy",
            "position": 0,
            "created": json.loads(out)[0]["created"],
            "matches": 2,
            "unread": 1,
        },
        {
            "name": "no gas",
            "query": "minister NOT gas",
            "position": 1,
            "created": json.loads(out)[1]["created"],
            "matches": 1,
            "unread": 1,
        },
    ]
    code, out, _ = run("saved")
    lines = out.splitlines()
    assert lines[1].split() == ["energy", "2", "1", "tag:energy"]
    assert set(_ids(run, "search", "@energy")) == {"gas", "oil"}
    assert _ids(run, "search", "@energy", "--unread") == ["oil"]
    assert _ids(run, "search", "@no gas") == ["oil"]


def test_saved_rename_move_remove(run: Runner) -> None:
    for name in ("a", "b", "c"):
        run("saved", "add", name, f"{name}x")  # ("a" alone: nothing to search for)
    code, out, _ = run("saved", "move", "c", "1")
    assert out.split() == ["1", "c", "2", "a", "3", "b"]
    code, out, _ = run("saved", "rename", "a", "[b]A[/b]")
    assert out.strip() == "Renamed to '[b]A[/b]'"
    code, out, _ = run("saved", "remove", "b")
    assert code == 0 and out.strip() == "Removed 'b' (bx)"
    code, out, _ = run("saved", "--json")
    assert [s["name"] for s in json.loads(out)] == ["c", "[b]A[/b]"]


def test_saved_refuses_what_it_cannot_do(run: Runner) -> None:
    run("saved", "add", "energy", "tag:energy")
    code, _, err = run("saved", "add", "Energy", "oil")
    assert code == 2
    assert one_line_error(err) == "briefing: error: a saved search named 'energy' already exists"
    code, _, err = run("saved", "add", "broken", '"oil')
    assert code == 2 and one_line_error(err).startswith("briefing: bad query: unclosed quote")
    code, _, err = run("saved", "remove", "nope")
    assert code == 2 and one_line_error(err) == "briefing: error: no saved search named 'nope'"
    code, _, err = run("saved", "move", "energy", "0")
    assert code == 2 and "counts from 1" in one_line_error(err)
    code, _, err = run("search", "@nope")
    assert code == 2
    assert one_line_error(err) == (
        "briefing: bad query: no saved search named 'nope' (saved: energy)"
    )
    code, out, _ = run("saved", "--json")
    assert [s["name"] for s in json.loads(out)] == ["energy"]


def test_a_saved_query_that_no_longer_parses_is_listed_with_its_error(
    run: Runner, lib: Path, data_dir: Path
) -> None:
    run("saved", "add", "good", "oil")
    with Workspace(resolve_paths(lib, data_dir)) as ws:
        ws.store.add_saved_search("\x1b[31mold", "is:someday")  # saved before a syntax change
    code, out, err = run("saved", "--json")
    assert code == 0, err
    good, old = json.loads(out)
    assert (good["matches"], good["unread"]) == (1, 1) and "error" not in good
    assert old["name"] == "␛[31mold" and old["matches"] is None
    assert old["error"].startswith("is:someday is not a reading state")
    code, out, _ = run("saved")
    assert "does not run: is:someday is not a reading state" in out
    assert "\x1b" not in out
    code, _, err = run("search", "@␛[31mold")
    assert code == 2 and "is:someday is not a reading state" in one_line_error(err)


# -- facets ---------------------------------------------------------------------------


def test_search_facets(run: Runner) -> None:
    code, out, err = run("search", "minister", "--facets", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["query"] == "minister" and data["total"] == 2
    assert data["facets"]["tag"] == [
        {"value": "energy", "count": 2, "term": "tag:energy"},
        {"value": "markets", "count": 1, "term": "tag:markets"},
    ]
    assert [v["term"] for v in data["facets"]["source"]] == ['source:="Reuters"', 'source:="Wire"']
    assert [v["term"] for v in data["facets"]["month"]] == ["date:2024-04", "date:2024-03"]
    code, out, _ = run("search", "minister", "--facets")
    assert out.splitlines()[0] == "2 briefing(s)"
    assert "Tags" in out and "tag:energy" in out and "date:2024-03" in out
    code, out, _ = run("search", "zebra", "--facets")
    assert code == 1 and out.strip() == "0 briefing(s)"


# -- tag --query ----------------------------------------------------------------------


def test_tag_every_briefing_a_query_matches(run: Runner) -> None:
    code, out, err = run("tag", "--query", "minister", "-energy", "+watch")
    assert code == 0, err
    assert out.strip() == "2 briefing(s) match; 2 changed (+watch -energy)"
    assert set(_ids(run, "search", "tag:watch")) == {"oil", "gas"}
    assert _ids(run, "search", "tag:energy") == []
    code, out, _ = run("tag", "+again", "--query=tag:watch")
    assert out.strip() == "2 briefing(s) match; 2 changed (+again)"
    code, out, err = run("tag", "grain", "-nothing", "+one")  # the DOC form still works
    assert code == 0 and out.strip() == "Grain exports fall: one"


def test_tag_query_refusals(run: Runner) -> None:
    code, _, err = run("tag", "--query", '"oil', "+x")
    assert code == 2 and one_line_error(err).startswith("briefing: bad query:")
    code, _, err = run("tag", "oil", "--query", "oil", "+x")
    assert code == 2 and "with --query, give only +TAG and -TAG" in one_line_error(err)
    code, _, err = run("tag", "--query", "oil")
    assert code == 2 and "nothing to change" in one_line_error(err)


# -- data safety ----------------------------------------------------------------------


def test_json_export_carries_read_marks_and_saved_searches(
    run: Runner, tmp_path: Path, lib: Path
) -> None:
    run("mark", "oil", "--read")
    run("saved", "add", "energy", "tag:energy")
    exported = tmp_path / "all.json"
    code, _, err = run("export", "--format", "json", "-o", str(exported))
    assert code == 0, err
    data = json.loads(exported.read_text())
    oil = next(doc for doc in data["documents"] if doc["id"] == "oil")
    assert oil["read"]["read_at"] and len(oil["read"]["content_hash"]) == 64
    assert [(s["name"], s["query"]) for s in data["saved_searches"]] == [("energy", "tag:energy")]

    fresh = tmp_path / "fresh-data"
    code, out, err = run("import-annotations", str(exported), "--json", data=fresh)
    assert code == 0, err
    report = json.loads(out)
    assert (report["read_restored"], report["saved_added"]) == (1, 1)
    assert _ids(lambda *a: run(*a, data=fresh), "search", "is:read") == ["oil"]
    code, out, _ = run("saved", "--json", data=fresh)
    assert [(s["name"], s["matches"]) for s in json.loads(out)] == [("energy", 2)]
    code, out, _ = run("import-annotations", str(exported), "--json", data=fresh)
    assert (json.loads(out)["read_restored"], json.loads(out)["saved_added"]) == (0, 0)

    # A file from before read marks and saved searches still imports.
    del data["saved_searches"]
    for doc in data["documents"]:
        del doc["read"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data))
    code, out, err = run("import-annotations", str(older), "--json", data=tmp_path / "third")
    assert code == 0, err
    # And what a reader of that text knows: no text as read came with the import.
    rewrite(lib / "oil.md", LIBRARY["oil.md"].replace("rose", "fell"))
    with Workspace(resolve_paths(lib, fresh)) as ws:
        ws.sync()
        said = ws.stream.what_changed("oil")
        assert getattr(said, "reason", None) == "imported"


def test_an_export_with_a_bad_saved_search_is_refused_whole(run: Runner, tmp_path: Path) -> None:
    run("saved", "add", "energy", "tag:energy")
    run("mark", "oil", "--read")
    exported = tmp_path / "all.json"
    run("export", "--format", "json", "-o", str(exported))
    data = json.loads(exported.read_text())
    data["saved_searches"].append(dict(data["saved_searches"][0]))
    exported.write_text(json.dumps(data))
    code, _, err = run("import-annotations", str(exported), data=tmp_path / "other")
    assert code == 2
    assert "saved_searches[1].name: the saved search 'energy' appears twice" in one_line_error(err)


def test_backup_and_restore_carry_read_marks_and_saved_searches(
    run: Runner, tmp_path: Path
) -> None:
    run("mark", "gas", "--read")
    run("saved", "add", "energy", "tag:energy")
    backup = tmp_path / "b.sqlite3"
    code, _, err = run("backup", "-o", str(backup))
    assert code == 0, err
    run("mark", "gas", "--unread")
    run("saved", "remove", "energy")
    code, _, err = run("restore", str(backup))
    assert code == 0, err
    assert _ids(run, "search", "is:read") == ["gas"]
    code, out, _ = run("saved", "--json")
    assert [s["name"] for s in json.loads(out)] == ["energy"]


def test_a_backup_of_the_previous_schema_restores_and_is_migrated(
    run: Runner, tmp_path: Path, data_dir: Path, lib: Path
) -> None:
    run("index")
    backup = tmp_path / "old.sqlite3"
    run("backup", "-o", str(backup))
    old = sqlite3.connect(backup)  # as a briefing-tui of schema 2 wrote it
    old.executescript(TO_SCHEMA_3)
    old.executescript(
        "DROP TABLE read_marks; DROP TABLE saved_searches; DROP INDEX documents_first_seen; "
        "PRAGMA user_version = 2;"
    )
    old.close()
    code, _, err = run("restore", str(backup))
    assert code == 0, err
    code, _, err = run("mark", "oil", "--read")
    assert code == 0, err
    assert _ids(run, "search", "is:read") == ["oil"]
