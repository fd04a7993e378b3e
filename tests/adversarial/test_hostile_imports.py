"""Hostile files given to ``briefing import-annotations``: deep nesting, huge numbers,
impossible positions and times, ids that collide with this library's own.

Each is refused with one line and exit 2 (nothing imported), or cleaned or reported;
none may put a tag or a note on the wrong briefing, or end in a traceback.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Runner, one_line_error

LEDE = "Oil prices rose as the government minister spoke."
KYIV = "Officials in Kyiv were cautious about the timetable."
OIL = (
    "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\n---\n\n"
    f"# Oil prices climb\n\n{LEDE} Traders said the rally would last.\n"
)
TALKS = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2024-04-01\n---\n\n"
    f"Russia's foreign ministry said the talks would resume in March. {KYIV}\n"
)

YEAR_1 = "0001-01-01T00:00:00"


@pytest.fixture
def run(cli: Runner) -> Runner:
    return cli


@pytest.fixture
def two(put: Callable[[str, str], Path]) -> None:
    put("oil.md", OIL)
    put("talks.md", TALKS)


def refused(run: Runner, path: Path) -> str:
    """``import-annotations PATH`` must fail with one line: that line."""
    code, _, err = run("import-annotations", str(path))
    return one_line_error(code, err)


def annotate(run: Runner, *args: str) -> str:
    code, out, err = run("annotate", *args)
    assert code == 0, err
    return out.strip()


def claims(run: Runner) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = run("claims", "--json")
    assert code in (0, 1), err
    return json.loads(out)


def native_export(run: Runner) -> dict:  # type: ignore[type-arg]
    code, out, err = run("export", "--format", "json")
    assert code == 0, err
    return json.loads(out)


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data))
    return path


# -- #12: nesting, huge numbers, huge offsets -----------------------------------------------


def test_a_file_nested_100000_levels_deep_is_refused(
    run: Runner, two: None, tmp_path: Path
) -> None:
    annotate(run, "oil", "--quote", LEDE)
    before = claims(run)
    hostile = tmp_path / "deep.json"
    hostile.write_text('{"format": "briefing-tui", "version": 1, "documents": ' + "[" * 100_000)
    line = refused(run, hostile)
    assert "nested too deeply" in line
    hostile.write_text("[" * 100_000 + "]" * 100_000)
    line = refused(run, hostile)
    assert "nested too deeply" in line
    assert claims(run) == before


def test_a_5000_digit_number_is_refused(run: Runner, two: None, tmp_path: Path) -> None:
    annotate(run, "oil", "--quote", LEDE)
    data = native_export(run)
    text = re.sub(r'"start": \d+', '"start": ' + "9" * 5000, json.dumps(data), count=1)
    hostile = tmp_path / "big.json"
    hostile.write_text(text)
    assert "9" * 5000 in hostile.read_text()
    before = claims(run)
    line = refused(run, hostile)
    assert "number" in line and "too" in line
    assert claims(run) == before


def test_offsets_of_10_to_the_30_are_refused(run: Runner, two: None, tmp_path: Path) -> None:
    claim_id = annotate(run, "oil", "--quote", LEDE)
    data = native_export(run)
    before = claims(run)
    claim = data["claims"][0]
    claim["id"] = "c-huge"
    claim["position"] = {"start": 10**30, "end": 10**30 + len(LEDE)}
    line = refused(run, write_json(tmp_path / "f.json", data))
    assert "claims[0].position.start" in line and "too large" in line
    assert claims(run) == before and [c["id"] for c in before] == [claim_id]
    # The same in a W3C file, and in a candidate.
    claim["position"] = {"start": 0, "end": len(LEDE)}
    claim["anchor"] = "fuzzy"
    claim["candidate"] = {"start": 10**30, "end": 10**30 + 3, "text": "Oil"}
    line = refused(run, write_json(tmp_path / "f.json", data))
    assert "candidate.start" in line
    w3c = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "target": {
            "source": "urn:briefing-tui:oil",
            "selector": [
                {"type": "TextQuoteSelector", "exact": LEDE},
                {"type": "TextPositionSelector", "start": 10**30, "end": 10**30 + 50},
            ],
        },
    }
    line = refused(run, write_json(tmp_path / "w.json", w3c))
    assert "TextPositionSelector.start" in line and "too large" in line
    assert claims(run) == before


# -- #13: reading positions -------------------------------------------------------------------


@pytest.mark.parametrize("position", ["Infinity", "-Infinity", "NaN", "-3", "1e400"])
def test_an_impossible_reading_position_is_not_imported(
    run_in, two: None, tmp_path: Path, position: str
) -> None:  # type: ignore[no-untyped-def]
    here = tmp_path / "here"
    code, _, err = run_in(here, "index")
    assert code == 0, err
    data = {
        "format": "briefing-tui",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00+00:00",
        "documents": [
            {
                "id": "oil",
                "path": "oil.md",
                "title": "Oil prices climb",
                "date": "2024-03-05T00:00:00",
                "source": None,
                "url": None,
                "content_hash": "",
                "front_tags": [],
                "tags": [],
                "app_tags": {"added": [], "removed": []},
                "reading": {"position": "@POS@", "opened_at": "2026-01-01T00:00:00"},
            }
        ],
        "claims": [],
    }
    path = tmp_path / "reading.json"
    path.write_text(json.dumps(data).replace('"@POS@"', position))
    code, out, err = run_in(here, "import-annotations", str(path))
    assert code == 0, err
    assert "reading position" in out and "left out" in out
    exported = run_in(here, "export", "--format", "json")[1]
    reading = json.loads(exported)["documents"]
    assert all(doc["reading"] is None for doc in reading)


def test_a_reading_position_past_the_last_part_is_clamped(
    run_in, two: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    here = tmp_path / "here"
    run_in(here, "index")
    data = {
        "format": "briefing-tui",
        "version": 1,
        "exported_at": "2026-01-01T00:00:00+00:00",
        "documents": [
            {
                "id": "oil",
                "path": "oil.md",
                "title": "Oil",
                "date": "",
                "source": None,
                "url": None,
                "content_hash": "",
                "front_tags": [],
                "tags": [],
                "app_tags": {"added": [], "removed": []},
                "reading": {"position": 1e300, "opened_at": "2026-01-01T00:00:00"},
            }
        ],
        "claims": [],
    }
    code, _, err = run_in(here, "import-annotations", str(write_json(tmp_path / "r.json", data)))
    assert code == 0, err
    exported = json.loads(run_in(here, "export", "--format", "json")[1])
    position = exported["documents"][0]["reading"]["position"]
    assert 0 <= position < 1_000  # the briefing has a handful of parts, not 10^300


# -- #14: timestamps at the edges -------------------------------------------------------------


@pytest.fixture
def kolkata(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_w3c_time_in_year_1_east_of_utc_is_refused(
    run: Runner, two: None, tmp_path: Path, kolkata: None
) -> None:
    w3c = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "created": "0001-01-01T00:00:00+05:00",
        "target": {
            "source": "urn:briefing-tui:oil",
            "selector": {"type": "TextQuoteSelector", "exact": LEDE},
        },
    }
    run("index")
    line = refused(run, write_json(tmp_path / "w.json", w3c))
    assert "annotation 1.created" in line and "out of range" in line
    assert claims(run) == []


def test_a_native_time_in_year_1_is_refused_and_export_never_fails(
    run: Runner, two: None, tmp_path: Path, kolkata: None, data: Path
) -> None:
    annotate(run, "oil", "--quote", LEDE)
    exported = native_export(run)
    exported["claims"][0]["id"] = "c-old"
    exported["claims"][0]["created"] = YEAR_1
    path = write_json(tmp_path / "old.json", exported)
    line = refused(run, path)
    assert "claims[0].created" in line and "out of range" in line
    # A store that already holds such a time (from an older version) still exports.
    store = next(data.glob("*/store.sqlite3"))
    with sqlite3.connect(store) as db:
        db.execute(
            "UPDATE claims SET created = '0001-01-01T00:00:00', updated = '9999-12-31T23:59:59'"
        )
    db.close()
    for fmt in ("w3c", "json", "csv", "md"):
        code, out, err = run("export", "--format", fmt)
        assert code == 0, err
        assert "Traceback" not in err
    code, out, _ = run("export", "--format", "w3c")
    assert json.loads(out)["first"]["items"][0]["created"].startswith("0001-01-01")


# -- #5, #6: ids that name something else here ------------------------------------------------

FIRST = (
    "---\nid: dup\ntitle: The first file\ndate: 2024-01-01\n---\n\n"
    "The first file says the ceasefire held overnight.\n"
)
SECOND = (
    "---\nid: dup\ntitle: The second file\ndate: 2024-01-02\n---\n\n"
    "The second file says the harvest came in early.\n"
)


def tags_of(run: Runner) -> dict[str, list[str]]:
    code, out, err = run("list", "--json")
    assert code == 0, err
    return {item["title"]: item["tags"] for item in json.loads(out)}


def test_a_shared_front_matter_id_is_resolved_by_content_hash(
    run_in, library: Path, put: Callable[[str, str], Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    there, here = tmp_path / "there", tmp_path / "here"
    # There, b.md came first and took the id; a.md, added later, got its own.
    put("b.md", SECOND)
    assert run_in(there, "index")[0] == 0
    put("a.md", FIRST)
    assert run_in(there, "index")[0] == 0
    code, _, err = run_in(there, "tag", "dup", "+harvest")
    assert code == 0, err
    code, _, err = run_in(
        there, "annotate", "dup", "--quote", "the harvest came in early", "--note", "crops"
    )
    assert code == 0, err
    code, out, _ = run_in(there, "export", "--format", "json")
    exported = tmp_path / "there.json"
    exported.write_text(out)
    # Here, a new machine: a.md comes first in the scan and takes the id.
    assert run_in(here, "index")[0] == 0
    assert tags_of(lambda *a: run_in(here, *a))["The first file"] == []
    code, out, err = run_in(here, "import-annotations", str(exported))
    assert code == 0, err
    tags = tags_of(lambda *a: run_in(here, *a))
    assert tags == {"The first file": [], "The second file": ["harvest"]}
    code, out, _ = run_in(here, "claims", "--json")
    [claim] = json.loads(out)
    assert claim["note"] == "crops" and claim["anchor"] == "exact"
    code, out, _ = run_in(here, "show", claim["doc_id"])
    assert "harvest came in early" in out


def test_a_claim_id_used_here_for_another_briefing_is_a_conflict(
    run: Runner, two: None, tmp_path: Path
) -> None:
    mine = annotate(run, "oil", "--quote", LEDE, "--note", "my note", "--tag", "mine")
    exported = native_export(run)
    before = claims(run)
    # A file carrying my claim id, on another briefing and quote, edited later.
    hostile = json.loads(json.dumps(exported))
    claim = hostile["claims"][0]
    talks_doc = dict(hostile["documents"][0], id="talks", path="talks.md", content_hash="")
    hostile["documents"] = [talks_doc]
    claim.update(
        doc_id="talks",
        content_hash="",
        quote={"exact": KYIV, "prefix": "", "suffix": ""},
        position={"start": 0, "end": len(KYIV)},
        note="overwritten",
        status="false",
        tags=["theirs"],
        updated="2099-01-01T00:00:00",
    )
    code, out, err = run("import-annotations", str(write_json(tmp_path / "h.json", hostile)))
    assert code == 0, err
    assert "0 updated" in out and "1 conflict" in out and mine in out
    assert claims(run) == before
    code, out, err = run(
        "import-annotations", "--json", str(write_json(tmp_path / "h.json", hostile))
    )
    report = json.loads(out)
    assert report["conflicts"] == 1 and report["claims"]["conflicts"] == [mine]
    assert report["updated"] == 0
    # The same id on the same briefing with another quote: a conflict too.
    claim.update(
        doc_id="oil",
        quote={"exact": "Traders said", "prefix": "", "suffix": ""},
        position={"start": 0, "end": 12},
    )
    hostile["documents"] = exported["documents"]
    code, out, err = run("import-annotations", str(write_json(tmp_path / "h.json", hostile)))
    assert code == 0, err
    assert "1 conflict" in out and claims(run) == before
    # While the genuine later edit of my claim still updates it.
    exported["claims"][0].update(note="edited there", updated="2099-01-01T00:00:00")
    code, out, err = run("import-annotations", str(write_json(tmp_path / "e.json", exported)))
    assert code == 0, err
    assert "1 updated" in out and "conflict" not in out
    assert [c["note"] for c in claims(run)] == ["edited there"]


def test_a_shared_id_with_edited_content_is_resolved_by_the_quotes(
    run_in, library: Path, put: Callable[[str, str], Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    there, here = tmp_path / "there", tmp_path / "here"
    put("b.md", SECOND)
    assert run_in(there, "index")[0] == 0
    put("a.md", FIRST)
    assert run_in(there, "index")[0] == 0
    code, _, err = run_in(
        there, "annotate", "dup", "--quote", "the harvest came in early", "--note", "crops"
    )
    assert code == 0, err
    code, out, _ = run_in(there, "export", "--format", "json")
    exported = tmp_path / "there.json"
    exported.write_text(out)
    # Here both files were edited since: no content hash names either.
    put("a.md", FIRST + "\nA line added here.\n")
    put("b.md", SECOND + "\nAnother line added here.\n")
    assert run_in(here, "index")[0] == 0
    code, out, err = run_in(here, "import-annotations", str(exported))
    assert code == 0, err
    code, out, _ = run_in(here, "claims", "--json")
    [claim] = json.loads(out)
    assert claim["note"] == "crops" and claim["anchor"] != "orphaned"
    code, out, _ = run_in(here, "show", claim["doc_id"])
    assert "The second file" in out
