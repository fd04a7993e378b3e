"""The analyst's layer on the command line: ``link``, ``unlink``, ``sources``, ``source``,
``--credibility`` and ``--event-date``, ``claims --json``'s new fields, ``timeline``,
``overview``, ``export --chronology``, and links, ratings and event dates carried by the
json, csv and w3c exports and by backups. Every bad input: one line, exit 2, nothing
changed."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from briefing_tui.cli import main

from .helpers import TO_SCHEMA_3, Runner, annotate, claims_json, one_line_error

TALKS = "The talks would resume in March."
DENIAL = "The talks will not resume in March"
WIRE = "Talks are to resume in March"

LIBRARY = {
    "talks.md": (
        "---\nid: talks\ntitle: Talks resume\ndate: 2024-03-05\nsource: Reuters\n---\n\n"
        f"{TALKS} Officials in Kyiv were cautious about the timetable.\n"
    ),
    "denial.md": (
        "---\nid: denial\ntitle: A denial\ndate: 2024-04-10\nsource: AP\n---\n\n"
        f"{DENIAL}, a spokesman said. Markets barely moved.\n"
    ),
    "wire.md": (
        "---\nid: wire\ntitle: On the wire\ndate: 2024-03-07\nsource: REUTERS\n---\n\n"
        f"{WIRE}, officials said. The minister was upbeat.\n"
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


@pytest.fixture
def claims(run: Runner) -> dict[str, str]:
    return {
        "talks": annotate(
            run, "talks", "--quote", TALKS, "--credibility", "2", "--event-date", "2024-03-01"
        ),
        "denial": annotate(run, "denial", "--quote", DENIAL),
        "wire": annotate(run, "wire", "--quote", WIRE),
    }


def _state(run: Runner) -> tuple[str, str]:
    """Everything a bad command could have changed: every claim (with its links and
    ratings) and every source."""
    code, sources, err = run("sources", "--json")
    assert code == 0, err
    return json.dumps(claims_json(run), sort_keys=True), sources


def _by_id(run: Runner, *query: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {claim["id"]: claim for claim in claims_json(run, *query)}


# -- link, unlink ------------------------------------------------------------------------


def test_link_and_claims_json_links(run: Runner, claims: dict[str, str]) -> None:
    code, out, err = run("link", claims["talks"], "contradicts", claims["denial"])
    assert (code, err) == (0, "")
    assert out == f"linked: {claims['talks']} contradicts {claims['denial']}\n"
    code, out, _ = run("link", claims["wire"], "support", claims["talks"][:8])
    assert code == 0 and out.startswith("linked:")
    listed = _by_id(run)
    assert listed[claims["talks"]]["links"] == [
        {"relation": "contradict", "claim_id": claims["denial"], "anchor": "exact"},
        {"relation": "supported by", "claim_id": claims["wire"], "anchor": "exact"},
    ]
    assert [(x["relation"], x["claim_id"]) for x in listed[claims["denial"]]["links"]] == [
        ("contradicted by", claims["talks"])
    ]
    assert [(x["relation"], x["claim_id"]) for x in listed[claims["wire"]]["links"]] == [
        ("support", claims["talks"])
    ]
    # the same link again, or the reverse of a contradiction: nothing changes, exit 0
    before = _state(run)
    code, out, _ = run("link", claims["denial"], "contradict", claims["talks"])
    assert code == 0 and out.startswith("already linked:") and "nothing changed" in out
    assert _state(run) == before
    code, out, _ = run("claims")
    assert "links: 1 contradicts · 1 supported by" in out


def test_unlink(run: Runner, claims: dict[str, str]) -> None:
    run("link", claims["talks"], "cite", claims["denial"])
    code, out, _ = run("unlink", claims["talks"], "cites", claims["denial"])
    assert code == 0 and out == f"unlinked: {claims['talks']} cites {claims['denial']}\n"
    assert all(claim["links"] == [] for claim in claims_json(run))
    before = _state(run)
    code, out, err = run("unlink", claims["talks"], "cite", claims["denial"])
    assert code == 2 and out == ""
    assert "there is no such link" in one_line_error(err)
    assert _state(run) == before


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("self-link", "a claim cannot support itself"),
        ("deleted claim", "no claim with id"),
        ("bad relation", "'refutes' is not a relation (use support, contradict, repeat, cite)"),
        ("unknown claim", "no claim with id 'cnothere'"),
    ],
)
def test_bad_links_one_line_exit_2_nothing_changed(
    run: Runner, claims: dict[str, str], case: str, message: str
) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    if case == "deleted claim":
        code, _, err = run("claim-delete", claims["wire"])
        assert code == 0, err
    before = _state(run)
    args = {
        "self-link": (claims["talks"], "support", claims["talks"]),
        "deleted claim": (claims["talks"], "support", claims["wire"]),
        "bad relation": (claims["talks"], "refutes", claims["denial"]),
        "unknown claim": ("cnothere", "support", claims["denial"]),
    }[case]
    code, out, err = run("link", *args)
    assert code == 2 and out == ""
    assert message in one_line_error(err)
    assert _state(run) == before


def test_deleting_a_claim_says_how_many_links_went(run: Runner, claims: dict[str, str]) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    run("link", claims["wire"], "repeat", claims["talks"])
    code, out, _ = run("claim-delete", claims["talks"])
    assert code == 0
    assert out.splitlines()[-1] == "removed 2 link(s) to and from it"
    assert all(claim["links"] == [] for claim in claims_json(run))
    code, out, _ = run("claim-delete", claims["wire"])
    assert "link" not in out


# -- ratings and event dates on claims ----------------------------------------------------------


def test_annotate_and_claim_edit_take_credibility_and_event_date(
    run: Runner, claims: dict[str, str]
) -> None:
    talks = _by_id(run)[claims["talks"]]
    assert (talks["credibility"], talks["event_date"], talks["rating"]) == (2, "2024-03-01", "?2")
    assert talks["reliability"] is None
    code, out, err = run(
        "claim-edit", claims["denial"], "--credibility", "5", "--event-date", "2024-04-09"
    )
    assert code == 0, err
    assert "credibility 5" in out and "event 2024-04-09" in out
    denial = _by_id(run)[claims["denial"]]
    assert (denial["credibility"], denial["event_date"]) == (5, "2024-04-09")
    code, _, err = run(
        "claim-edit", claims["denial"], "--credibility", "none", "--event-date", "none"
    )
    assert code == 0, err
    denial = _by_id(run)[claims["denial"]]
    assert (denial["credibility"], denial["event_date"], denial["rating"]) == (None, None, None)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--credibility", "7", "credibility '7' is not a grade from 1"),
        ("--credibility", "0", "credibility '0' is not a grade"),
        ("--event-date", "yesterday-ish", "event date 'yesterday-ish' is not an ISO date"),
        ("--event-date", "2024-02-30", "event date '2024-02-30' is not a valid date"),
    ],
)
def test_bad_credibility_and_event_dates_one_line_exit_2_nothing_changed(
    run: Runner, claims: dict[str, str], option: str, value: str, message: str
) -> None:
    before = _state(run)
    code, out, err = run("annotate", "talks", "--quote", "Officials in Kyiv", option, value)
    assert code == 2 and out == ""
    assert message in one_line_error(err)
    code, out, err = run("claim-edit", claims["talks"], "--note", "no", option, value)
    assert code == 2 and out == ""
    assert message in one_line_error(err)
    assert _state(run) == before


# -- sources ---------------------------------------------------------------------------------------


def test_sources_and_rating_one(run: Runner, claims: dict[str, str]) -> None:
    code, out, err = run("sources", "--json")
    assert code == 0, err
    listed = {s["key"]: (s["briefings"], s["claims"], s["reliability"]) for s in json.loads(out)}
    assert listed == {"reuters": (2, 2, None), "ap": (1, 1, None)}
    code, out, err = run("source", "reuters", "--reliability", "b", "--note", "wire service")
    assert code == 0, err
    assert out.startswith("Reuters: B (usually reliable); 2 briefing(s), 2 claim(s)")
    assert "note: wire service" in out
    listed = _by_id(run)
    assert (listed[claims["talks"]]["reliability"], listed[claims["talks"]]["rating"]) == (
        "B",
        "B2",
    )
    assert listed[claims["wire"]]["rating"] == "B?"
    code, out, _ = run("sources")
    assert "B  Reuters" in out and "wire service" in out
    code, out, _ = run("source", "Reuters", "--json")
    assert json.loads(out)["reliability"] == "B" and json.loads(out)["note"] == "wire service"
    code, out, _ = run("source", "REUTERS", "--reliability", "none")
    assert "not rated" in out
    code, out, _ = run("claims", "reliability:A..F")
    assert code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Nobody", "--reliability", "B"), "no briefing has the source 'Nobody'"),
        (("Reuters", "--reliability", "G"), "reliability 'G' is not a grade from A"),
        (("Reuters", "--reliability", "AB"), "reliability 'AB' is not a grade"),
    ],
)
def test_bad_source_ratings_one_line_exit_2_nothing_changed(
    run: Runner, claims: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    run("source", "AP", "--reliability", "C")
    before = _state(run)
    code, out, err = run("source", *args)
    assert code == 2 and out == ""
    assert message in one_line_error(err)
    assert _state(run) == before


# -- query terms ----------------------------------------------------------------------------------


def test_the_analysts_query_terms(run: Runner, claims: dict[str, str]) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    run("source", "Reuters", "--reliability", "B")
    assert set(_by_id(run, "links:contradicts")) == {claims["talks"], claims["denial"]}
    assert set(_by_id(run, "has:links")) == {claims["talks"], claims["denial"]}
    assert set(_by_id(run, f"linked:{claims['denial']}")) == {claims["talks"]}
    assert set(_by_id(run, "reliability:A..B")) == {claims["talks"], claims["wire"]}
    assert set(_by_id(run, "credibility:<=2")) == {claims["talks"]}
    assert set(_by_id(run, "reliability:A..B", "-credibility:<=2")) == {claims["wire"]}
    code, out, _ = run("search", "links:contradicts", "--json")
    assert code == 0 and {hit["id"] for hit in json.loads(out)} == {"talks", "denial"}
    for bad, message in (
        ("credibility:7", "credibility:7 is not a grade (use 1 to 6"),
        ("links:refutes", "links:refutes is not a relation"),
        ("linked:cnothere", "linked:cnothere: no claim with id 'cnothere'"),
    ):
        code, out, err = run("claims", bad)
        assert code == 2 and out == ""
        assert message in one_line_error(err)


# -- timeline, overview ---------------------------------------------------------------------------


def test_timeline(run: Runner, claims: dict[str, str]) -> None:
    code, out, err = run("timeline", "--by", "week", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["by"] == "week"
    placed = [
        (group["key"], claim["claim_id"], claim["day"], claim["placed_by"])
        for group in data["groups"]
        for claim in group["claims"]
    ]
    assert placed == [
        ("2024-W09", claims["talks"], "2024-03-01", "event"),
        ("2024-W10", claims["wire"], "2024-03-07", "briefing"),
        ("2024-W15", claims["denial"], "2024-04-10", "briefing"),
    ]
    code, out, _ = run("timeline", "-credibility:1..6")
    assert code == 0
    assert out.splitlines()[0] == "March 2024"
    assert f"2024-03-07* {claims['wire']}" in out and claims["talks"] not in out
    code, out, _ = run("timeline", "status:false")
    assert code == 1 and out == ""
    code, out, err = run("timeline", "credibility:9")
    assert code == 2 and "credibility:9 is not a grade" in one_line_error(err)
    code, out, err = run("timeline", "--by", "year")
    assert code == 2 and out == ""
    assert "group by day, week or month, not 'year'" in one_line_error(err)


def test_overview(run: Runner, claims: dict[str, str]) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    code, out, err = run("overview", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["briefings"], data["claims"]) == (3, 3)
    assert data["by_status"]["open"] == 3 and data["links"]["contradict"] == 1
    assert data["by_rating"] == {"unrated": 2, "?2": 1}
    assert [s["key"] for s in data["top_sources"]] == ["reuters", "ap"]
    code, out, _ = run("overview")
    assert code == 0 and out.startswith("3 briefing(s), 3 claim(s); weeks 2024-03-04 to")


# -- exports ---------------------------------------------------------------------------------------


def test_md_report_with_rating_links_and_chronology(run: Runner, claims: dict[str, str]) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    run("source", "Reuters", "--reliability", "B")
    code, out, err = run("export", "--format", "md", "--chronology")
    assert code == 0, err
    assert "## Chronology" in out
    chronology = out[out.index("## Chronology") : out.index("## On the wire")]
    order = [chronology.index(claims[name]) for name in ("talks", "wire", "denial")]
    assert order == sorted(order)
    assert f"- 2024-03-01: “{TALKS}” (Talks resume, B2) · `{claims['talks']}`" in chronology
    assert "- 2024-03-07\\*:" in chronology  # the briefing's date, marked
    assert "Rating: **B2** · Event: 2024-03-01" in out
    assert f"Links: contradicts `{claims['denial']}`" in out
    code, out, _ = run("export", "--format", "md")
    assert "## Chronology" not in out and "Rating: **B2**" in out
    code, out, err = run("export", "--format", "csv", "--chronology")
    assert code == 2 and out == ""
    assert "--chronology is a section of the md report" in one_line_error(err)


def test_csv_carries_ratings_event_dates_and_links(run: Runner, claims: dict[str, str]) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    run("source", "Reuters", "--reliability", "B")
    _, out, _ = run("export", "--format", "csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    talks = rows[claims["talks"]]
    assert (talks["credibility"], talks["reliability"], talks["event_date"]) == (
        "2",
        "B",
        "2024-03-01",
    )
    assert talks["links"] == f"contradicts {claims['denial']}"
    assert rows[claims["denial"]]["links"] == f"contradicted by {claims['talks']}"
    assert rows[claims["wire"]]["credibility"] == "" and rows[claims["wire"]]["links"] == ""


def _without_time(text: str) -> dict:  # type: ignore[type-arg]
    data = json.loads(text)
    data.pop("exported_at")
    return data


def test_json_round_trip_is_lossless(run: Runner, claims: dict[str, str], tmp_path: Path) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    run("link", claims["wire"], "repeat", claims["talks"])
    run("link", claims["wire"], "cite", claims["denial"])
    run("source", "Reuters", "--reliability", "B", "--note", "wire service")
    run("source", "AP", "--note", "not rated yet")
    run("claim-edit", claims["denial"], "--credibility", "6")
    code, first, _ = run("export", "--format", "json")
    data = json.loads(first)
    assert data["version"] == 2
    assert len(data["links"]) == 3 and {s["name"] for s in data["sources"]} == {"Reuters", "AP"}
    exported = tmp_path / "all.json"
    exported.write_text(first)
    other = tmp_path / "other"
    code, out, err = run("import-annotations", str(exported), data=other)
    assert code == 0, err
    assert "3 link(s) added" in out and "2 source rating(s) restored" in out
    code, second, _ = run("export", "--format", "json", data=other)
    assert _without_time(second) == _without_time(first)
    # importing again adds nothing
    code, out, _ = run("import-annotations", str(exported), data=other)
    assert "link(s) added" not in out and "source rating" not in out
    code, third, _ = run("export", "--format", "json", data=other)
    assert _without_time(third) == _without_time(first)


def test_a_version_1_file_still_imports_and_keeps_ratings_here(
    run: Runner, claims: dict[str, str], tmp_path: Path
) -> None:
    code, text, _ = run("export", "--format", "json")
    data = json.loads(text)
    data["version"] = 1
    del data["links"], data["sources"]
    for claim in data["claims"]:
        del claim["credibility"], claim["event_date"]
        claim["note"] = "edited elsewhere, later"
        claim["updated"] = "2099-01-01T00:00:00"
    old = tmp_path / "v1.json"
    old.write_text(json.dumps(data))
    code, out, err = run("import-annotations", str(old))
    assert code == 0, err
    assert "3 updated" in out
    talks = _by_id(run)[claims["talks"]]
    assert talks["note"] == "edited elsewhere, later"
    assert (talks["credibility"], talks["event_date"]) == (2, "2024-03-01")  # kept here
    code, out, err = run("import-annotations", str(old), data=tmp_path / "fresh")
    assert code == 0, err
    assert "3 added" in out


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda d: d["links"].append({**d["links"][0], "to": "cnothere"}),
            "links[1]: no claim 'cnothere' in the file",
        ),
        (
            lambda d: d["links"].append({**d["links"][0], "to": d["links"][0]["from"]}),
            "is linked to itself",
        ),
        (
            lambda d: d["links"].append({**d["links"][0], "relation": "refutes"}),
            "links[1].relation: 'refutes' is not one of support, contradict, repeat, cite",
        ),
        (lambda d: d["claims"][0].update(credibility=7), "credibility '7' is not a grade"),
        (
            lambda d: d["claims"][0].update(event_date="yesterday-ish"),
            "event date 'yesterday-ish' is not an ISO date",
        ),
        (lambda d: d["sources"][0].update(reliability="G"), "reliability 'G' is not a grade"),
    ],
)
def test_a_bad_v2_file_is_refused_whole(
    run: Runner,
    claims: dict[str, str],
    tmp_path: Path,
    damage,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    run("source", "Reuters", "--reliability", "B")
    code, text, _ = run("export", "--format", "json")
    data = json.loads(text)
    damage(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    other = tmp_path / "other"
    code, out, err = run("import-annotations", str(bad), data=other)
    assert code == 2 and out == ""
    assert message in one_line_error(err)
    code, out, _ = run("claims", "--json", data=other)
    assert json.loads(out) == []


def test_w3c_round_trip_keeps_links_credibility_and_event_dates(
    run: Runner, claims: dict[str, str], tmp_path: Path
) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    run("link", claims["wire"], "support", claims["talks"])
    run("source", "Reuters", "--reliability", "B")
    code, text, _ = run("export", "--format", "w3c")
    data = json.loads(text)
    items = data["first"]["items"]
    assert data["total"] == len(items) == 5
    links = [item for item in items if item["motivation"] == "linking"]
    assert {(link["body"][0], link["target"]) for link in links} == {
        (f"urn:briefing-tui:claim:{claims['talks']}", f"urn:briefing-tui:claim:{claims['denial']}"),
        (f"urn:briefing-tui:claim:{claims['wire']}", f"urn:briefing-tui:claim:{claims['talks']}"),
    }
    [talks] = [i for i in items if i["id"] == f"urn:briefing-tui:claim:{claims['talks']}"]
    tagged = {b["value"] for b in talks["body"] if b.get("purpose") == "tagging"}
    assert tagged == {"credibility:2", "reliability:B", "event-date:2024-03-01"}
    exported = tmp_path / "all.jsonld"
    exported.write_text(text)
    other = tmp_path / "other"
    code, out, err = run("import-annotations", str(exported), data=other)
    assert code == 0, err
    assert "2 link(s) added" in out
    back = {c["id"]: c for c in json.loads(run("claims", "--json", data=other)[1])}
    assert (back[claims["talks"]]["credibility"], back[claims["talks"]]["event_date"]) == (
        2,
        "2024-03-01",
    )
    assert back[claims["talks"]]["tags"] == []  # ratings are not tags
    assert [(x["relation"], x["claim_id"]) for x in back[claims["talks"]]["links"]] == [
        ("contradict", claims["denial"]),
        ("supported by", claims["wire"]),
    ]


# -- backups -----------------------------------------------------------------------------------


def test_backup_and_restore_carry_links_and_ratings(
    run: Runner, claims: dict[str, str], tmp_path: Path
) -> None:
    run("link", claims["talks"], "contradict", claims["denial"])
    run("source", "Reuters", "--reliability", "B")
    before = _state(run)
    backup = tmp_path / "b.sqlite3"
    assert run("backup", "-o", str(backup))[0] == 0
    run("claim-delete", claims["talks"])
    run("source", "Reuters", "--reliability", "none")
    code, _, err = run("restore", str(backup))
    assert code == 0, err
    assert _state(run) == before


def test_a_schema_3_backup_restores_and_is_migrated(
    run: Runner, claims: dict[str, str], tmp_path: Path
) -> None:
    backup = tmp_path / "old.sqlite3"
    assert run("backup", "-o", str(backup))[0] == 0
    old = sqlite3.connect(backup)  # as a briefing-tui of schema 3 wrote it
    old.executescript(TO_SCHEMA_3)
    old.close()
    code, _, err = run("restore", str(backup))
    assert code == 0, err
    listed = _by_id(run)
    assert set(listed) == set(claims.values())
    assert all(c["credibility"] is None and c["links"] == [] for c in listed.values())
    code, _, err = run("link", claims["talks"], "contradict", claims["denial"])
    assert code == 0, err
    assert run("source", "AP", "--reliability", "A")[0] == 0


def test_a_backup_with_an_unplaceable_event_date_is_refused(
    run: Runner, claims: dict[str, str], tmp_path: Path
) -> None:
    backup = tmp_path / "b.sqlite3"
    assert run("backup", "-o", str(backup))[0] == 0
    bad = sqlite3.connect(backup)
    bad.execute("UPDATE claims SET event_date = 'yesterday-ish'")
    bad.commit()
    bad.close()
    before = _state(run)
    code, _, err = run("restore", str(backup))
    assert code == 2
    assert "claims.event_date of 3 row(s) is not an ISO date" in one_line_error(err)
    assert _state(run) == before
