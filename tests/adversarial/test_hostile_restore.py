"""``briefing restore`` given a hostile store file.

A restore accepts only the schema briefing-tui makes (no triggers, views, unknown
tables or indexes), refuses values the app could not read (tags that are not JSON, ids
with control characters) and cleans text that would drive the terminal. A refused
restore says why in one line and leaves the current store byte for byte as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ALL_PAYLOADS, Runner, leaks, one_line_error

KYIV = "Officials in Kyiv were cautious about the timetable."
TALKS = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2024-03-05\ntags: [diplomacy]\n---\n\n"
    f"# Talks resume\n\nThe talks would resume in March. {KYIV}\n"
)


@pytest.fixture
def run(cli: Runner, put: Callable[[str, str], Path]) -> Runner:
    put("talks.md", TALKS)
    runner = cli
    code, _, err = runner("annotate", "talks", "--quote", KYIV, "--note", "precious")
    assert code == 0, err
    return runner


@pytest.fixture
def backup(run: Runner, tmp_path: Path) -> Path:
    path = tmp_path / "backup.sqlite3"
    code, _, err = run("backup", "-o", str(path))
    assert code == 0, err
    return path


def edit(path: Path, *statements: str | tuple[str, tuple[object, ...]]) -> None:
    connection = sqlite3.connect(path)
    for statement in statements:
        if isinstance(statement, tuple):
            connection.execute(*statement)
        else:
            connection.execute(statement)
    connection.commit()
    connection.close()


def data_files(data: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(data)): path.read_bytes()
        for path in sorted(data.rglob("store.sqlite3*"))
        if path.is_file()
    }


def notes(run: Runner) -> list[str]:
    code, out, err = run("claims", "--json")
    assert code == 0, err
    return [claim["note"] for claim in json.loads(out)]


HOSTILE_SCHEMA = {
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON claims BEGIN DELETE FROM claims; END",
    "view": "CREATE VIEW everything AS SELECT * FROM claims",
    "table": "CREATE TABLE extra (x)",
    "index": "CREATE INDEX claims_note ON claims(note)",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_SCHEMA))
def test_a_store_with_a_trigger_view_or_unknown_table_is_refused(
    run: Runner, backup: Path, data: Path, kind: str
) -> None:
    edit(backup, HOSTILE_SCHEMA[kind])
    before = data_files(data)
    line = one_line_error(*run("restore", str(backup))[::2])
    assert kind in line and "does not make" in line
    assert data_files(data) == before  # byte for byte, no aside, no leftover
    # The next annotate keeps every claim.
    code, _, err = run("annotate", "talks", "--quote", "The talks would resume", "--note", "more")
    assert code == 0, err
    assert sorted(notes(run)) == ["more", "precious"]


def test_tags_that_are_not_json_are_refused(run: Runner, backup: Path, data: Path) -> None:
    edit(backup, "UPDATE documents SET tags = 'not json'")
    before = data_files(data)
    line = one_line_error(*run("restore", str(backup))[::2])
    assert "documents.tags" in line and "JSON" in line
    assert data_files(data) == before
    for command in ("doctor", "tags", "list"):
        code, _, err = run(command)
        assert code == 0, (command, err)
    assert notes(run) == ["precious"]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE documents SET front_tags = '[1, 2]'",
        "UPDATE documents SET problems = '{\"a\": 1}'",
        "UPDATE claims SET start = 'soon'",
        "UPDATE claims SET id = 'c' || char(27) || '[2J', note = note",
    ],
)
def test_values_the_app_cannot_read_are_refused(
    run: Runner, backup: Path, data: Path, statement: str
) -> None:
    edit(backup, "PRAGMA foreign_keys = OFF", "DELETE FROM claim_tags", statement)
    before = data_files(data)
    one_line_error(*run("restore", str(backup))[::2])
    assert data_files(data) == before
    assert notes(run) == ["precious"]


def test_control_characters_are_cleaned(run: Runner, backup: Path, data: Path) -> None:
    payload = "x" + ALL_PAYLOADS
    edit(
        backup,
        ("INSERT INTO user_tags (doc_id, tag, removed) VALUES ('talks', ?, 0)", (payload,)),
        ("UPDATE documents SET tags = ?, title = ?", (json.dumps([payload]), payload)),
        ("INSERT INTO claim_tags (claim_id, tag) SELECT id, ? FROM claims", (payload,)),
        ("UPDATE claims SET note = ?", (payload,)),
    )
    code, out, err = run("restore", str(backup))
    assert code == 0, err
    assert leaks(out + err) == []
    for command in (("tags",), ("list",), ("show", "talks"), ("claims",), ("claims", "--json")):
        code, out, err = run(*command)
        assert code == 0, (command, err)
        assert leaks(out + err) == [], command
        assert "\x1b" not in out + err and "\x9b" not in out + err, command
    code, out, _ = run("tags")
    assert "x␛]0;PWNED-TITLE␇" in out
    # The store itself holds no raw control character: the app reads it clean too.
    [store] = data.glob("*/store.sqlite3")
    connection = sqlite3.connect(store)
    rows = [
        *connection.execute("SELECT tag FROM user_tags"),
        *connection.execute("SELECT tag FROM claim_tags"),
        *connection.execute("SELECT note FROM claims"),
        *connection.execute("SELECT tags FROM documents"),
    ]
    connection.close()
    assert rows and all(leaks(row[0]) == [] for row in rows)
    assert all("\x1b" not in row[0] for row in rows)
