"""Export (md, json, csv, w3c) and ``import-annotations``: formats parsed back, round trip,
idempotence, invalid files refused with nothing written, missing briefings kept."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing_tui.cli import main
from briefing_tui.core.exchange import FORMAT_VERSION, W3C_CONTEXT, parse_annotations
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

from .helpers import annotate, claims_json, one_line_error, rewrite

LEDE = "Oil prices rose as the government minister spoke."
KYIV = "Officials in Kyiv were cautious about the timetable."
FADE = "Analysts said the rally would fade by May."
GONE = "The pipeline reopened on Tuesday after repairs."

LIBRARY = {
    "oil.md": (
        "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\nsource: Reuters\n"
        "url: https://example.com/oil\ntags: [energy]\n---\n\n"
        f"# Oil prices climb\n\n{LEDE} Traders said the rally would last.\n\n{FADE}\n"
    ),
    "talks.md": (
        "---\nid: talks\ntitle: Talks resume\ndate: 2024-04-01\n---\n\n"
        f"Russia's foreign ministry said the talks would resume in March. {KYIV}\n"
    ),
    "pipeline.md": (
        "---\nid: pipeline\ntitle: Pipeline reopens\ndate: 2024-02-01\n"
        "url: https://example.com/pipeline\n---\n\n"
        f"{GONE} Flows were back to normal by the evening.\n"
    ),
    # No front-matter id: its id is derived from its content when first seen.
    "plain.md": "# Grain deal\n\nThe grain deal was extended for sixty days.\n",
}


@pytest.fixture
def lib(lib_dir: Path) -> Path:
    for name, text in LIBRARY.items():
        (lib_dir / name).write_text(text)
    return lib_dir


Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_in(lib: Path, capsysbinary):  # type: ignore[no-untyped-def]
    """``briefing ...`` in-process over a library and data folder: (code, stdout, stderr)."""

    def runner(data: Path, *args: str, content: Path | None = None) -> tuple[int, str, str]:
        code = main([*args, "--content", str(content or lib), "--data", str(data)])
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return runner


@pytest.fixture
def run(run_in, data_dir: Path) -> Runner:  # type: ignore[no-untyped-def]
    return lambda *args: run_in(data_dir, *args)


def export(run: Runner, fmt: str, *query: str) -> str:
    code, out, err = run("export", "--format", fmt, *query)
    assert code == 0, err
    return out


@pytest.fixture
def claimed(run: Runner) -> dict[str, str]:
    return {
        "lede": annotate(
            run,
            "oil",
            "--quote",
            LEDE,
            "--status",
            "key",
            "--tag",
            "prices",
            "--note",
            "Which minister?\n=SUM(A1) looks like a formula",
        ),
        "fade": annotate(run, "oil", "--quote", FADE, "--status", "disputed", "--tag", "follow-up"),
        "kyiv": annotate(run, "talks", "--quote", KYIV, "--note", "hedging, as usual"),
    }


@pytest.fixture
def orphaned(run: Runner, lib: Path, claimed: dict[str, str]) -> str:
    """A claim on pipeline.md, whose file is then removed from the library."""
    claim_id = annotate(run, "pipeline", "--quote", GONE, "--note", "check the date")
    (lib / "pipeline.md").unlink()
    code, _, err = run("index")
    assert code == 0, err
    return claim_id


# -- md --------------------------------------------------------------------------------------


def _blockquotes(rendered: str) -> list[str]:
    found = re.findall(r"<blockquote>(.*?)</blockquote>", rendered, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", q)).split()) for q in found]


def test_markdown_report_quotes_and_cites_each_claim(
    run: Runner, claimed: dict[str, str], orphaned: str
) -> None:
    text = export(run, "md")
    rendered = MarkdownIt("commonmark").render(text)
    # Every claim is a block quote that reads exactly as the passage.
    assert sorted(_blockquotes(rendered)) == sorted([LEDE, FADE, KYIV, GONE])
    main_part, orphan_part = text.split("## Orphaned claims")
    # Grouped by briefing, newest first, with its facts.
    assert main_part.index("## Talks resume") < main_part.index("## Oil prices climb")
    assert "- Date: 2024-03-05" in main_part
    assert "- Source: Reuters" in main_part
    assert "- URL: <https://example.com/oil>" in main_part
    assert "- Tags: energy" in main_part
    assert "- File: `oil.md`" in main_part
    # Where each claim stands: paragraph, characters and file, and its claim id.
    lede_at = LIBRARY["oil.md"].split("---\n\n", 1)[1].replace("# ", "").index(LEDE)
    assert f"¶ 2, characters {lede_at}–{lede_at + len(LEDE)} of the text of `oil.md`" in main_part
    assert f"Claim `{claimed['lede']}`" in main_part
    assert "Status: **key** · Tags: prices" in main_part
    assert "Status: **disputed** · Tags: follow-up" in main_part
    # The note, both lines, as text.
    assert "Which minister?" in rendered and "=SUM(A1) looks like a formula" in rendered
    # The orphaned claim is apart, marked, with its briefing's last known facts.
    assert GONE not in main_part
    assert "### Pipeline reopens" in orphan_part
    assert "**Orphaned**" in orphan_part
    assert "file is gone from the library" in orphan_part
    assert f"Claim `{orphaned}`" in orphan_part
    assert "check the date" in orphan_part


def test_markdown_escapes_text_that_would_be_markup(run: Runner, lib: Path) -> None:
    rewrite(
        lib / "talks.md",
        '---\nid: talks\ntitle: "Talks *resume* #"\ndate: 2024-04-01\n---\n\n'
        "Prices rose 5 \\* 3 \\[sic\\] \\<b\\>bold\\</b\\> &amp; more_x_ `co*de`.\n",
    )
    quote = "5 * 3 [sic] <b>bold</b> & more_x_ co*de."
    annotate(run, "talks", "--quote", quote, "--note", "# not a heading\n1. not a list")
    rendered = MarkdownIt("commonmark").render(export(run, "md"))
    assert _blockquotes(rendered) == [quote]
    assert "<h2>Talks *resume* #</h2>" in rendered
    assert "Note: # not a heading<br />\n1. not a list" in rendered
    assert "<em>" not in rendered and "<ol>" not in rendered and "<h1>" in rendered


# -- csv -------------------------------------------------------------------------------------


def test_csv_one_row_per_claim_with_bom_and_quoted_newlines(
    run: Runner, claimed: dict[str, str], orphaned: str, tmp_path: Path
) -> None:
    target = tmp_path / "claims.csv"
    code, out, err = run("export", "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    assert f"wrote 4 claim(s) (csv) to {target}" in err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 4
    by_id = {row["id"]: row for row in rows}
    lede = by_id[claimed["lede"]]
    assert lede["title"] == "Oil prices climb"
    assert lede["date"] == "2024-03-05"
    assert lede["source"] == "Reuters"
    assert lede["quote"] == LEDE
    assert lede["status"] == "key"
    assert lede["tags"] == "prices"
    # A newline inside a cell survives; a cell that would start a formula is defused.
    assert lede["note"] == "Which minister?\n=SUM(A1) looks like a formula"
    assert lede["anchor"] == "exact"
    assert (lede["doc_id"], lede["path"], lede["url"]) == (
        "oil",
        "oil.md",
        "https://example.com/oil",
    )
    assert int(lede["end"]) - int(lede["start"]) == len(LEDE)
    assert by_id[claimed["kyiv"]]["note"] == "hedging, as usual"
    assert by_id[orphaned]["anchor"] == "orphaned"
    assert by_id[orphaned]["path"] == ""
    assert list(rows[0]) == [
        *("title", "date", "source", "quote", "status", "tags", "note", "anchor"),
        *("id", "doc_id", "path", "url", "start", "end", "created", "updated"),
        *("credibility", "reliability", "event_date", "links"),
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_csv_defuses_formulas(run: Runner, lib: Path) -> None:
    rewrite(lib / "talks.md", "---\nid: talks\ntitle: =HYPERLINK(1)\n---\n\n=1+2 said nobody.\n")
    annotate(run, "talks", "--quote", "=1+2 said nobody.", "--note", "@handle")
    [row] = list(csv.DictReader(io.StringIO(export(run, "csv").lstrip("\ufeff"))))
    assert (row["title"], row["quote"], row["note"]) == (
        "'=HYPERLINK(1)",
        "'=1+2 said nobody.",
        "'@handle",
    )


# -- json --------------------------------------------------------------------------------------


def test_json_structure(run: Runner, data_dir: Path, lib: Path, claimed: dict[str, str]) -> None:
    code, _, err = run("tag", "oil", "+watch", "-energy")
    assert code == 0, err
    with Workspace(resolve_paths(lib, data_dir)) as ws:
        ws.store.set_reading_position("talks", 0.25)
    data = json.loads(export(run, "json"))
    assert data["format"] == "briefing-tui" and data["version"] == FORMAT_VERSION
    assert isinstance(data["exported_at"], str)
    assert [d["id"] for d in data["documents"]] == ["oil", "talks"]
    oil, talks = data["documents"]
    assert oil == {
        "id": "oil",
        "path": "oil.md",
        "title": "Oil prices climb",
        "date": oil["date"],
        "source": "Reuters",
        "url": "https://example.com/oil",
        "content_hash": oil["content_hash"],
        "front_tags": ["energy"],
        "tags": ["watch"],
        "app_tags": {"added": ["watch"], "removed": ["energy"]},
        "reading": None,
        "read": None,
    }
    assert oil["date"].startswith("2024-03-05") and len(oil["content_hash"]) == 64
    assert talks["reading"]["position"] == 0.25 and talks["reading"]["opened_at"]
    # Claims by briefing, then position.
    assert [c["id"] for c in data["claims"]] == [claimed["lede"], claimed["fade"], claimed["kyiv"]]
    lede = data["claims"][0]
    assert set(lede) == {
        *("id", "doc_id", "content_hash", "quote", "position", "note", "tags", "status"),
        *("anchor", "candidate", "created", "updated", "credibility", "event_date"),
    }
    assert lede["quote"]["exact"] == LEDE
    assert lede["quote"]["suffix"].startswith(" Traders")
    assert lede["position"]["end"] - lede["position"]["start"] == len(LEDE)
    assert (lede["doc_id"], lede["status"], lede["tags"], lede["anchor"]) == (
        "oil",
        "key",
        ["prices"],
        "exact",
    )
    assert lede["content_hash"] == oil["content_hash"]


def test_export_query_selects_like_claims(run: Runner, claimed: dict[str, str]) -> None:
    data = json.loads(export(run, "json", "status:disputed"))
    assert [c["id"] for c in data["claims"]] == [claimed["fade"]]
    assert [d["id"] for d in data["documents"]] == ["oil"]
    # A negated term is the query's NOT, not an option.
    data = json.loads(export(run, "json", "-status:disputed"))
    assert {c["id"] for c in data["claims"]} == {claimed["lede"], claimed["kyiv"]}
    data = json.loads(export(run, "json", "kyiv"))
    assert [c["id"] for c in data["claims"]] == [claimed["kyiv"]]
    code, out, err = run("export", "--format", "json", "(status:key")
    assert code == 2 and out == ""
    assert "bad query" in err


def test_export_refuses_a_missing_folder(
    run: Runner, claimed: dict[str, str], tmp_path: Path
) -> None:
    code, out, err = run("export", "--format", "md", "-o", str(tmp_path / "nope" / "x.md"))
    assert code == 2 and out == ""
    assert "does not exist" in one_line_error(err)


def test_format_follows_the_file_extension(
    run: Runner, claimed: dict[str, str], tmp_path: Path
) -> None:
    code, _, err = run("export", "-o", str(tmp_path / "x.jsonld"))
    assert code == 0, err
    assert json.loads((tmp_path / "x.jsonld").read_text())["type"] == "AnnotationCollection"


# -- w3c ---------------------------------------------------------------------------------------


def test_w3c_collection_structure(run: Runner, claimed: dict[str, str], orphaned: str) -> None:
    data = json.loads(export(run, "w3c"))
    assert data["@context"] == [W3C_CONTEXT, {"briefing": "urn:briefing-tui:ns:"}]
    assert data["type"] == "AnnotationCollection"
    assert data["id"].startswith("urn:briefing-tui:export:")
    assert data["total"] == 4
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    assert data["last"] == page["id"]  # the model's SHOULD: first and last
    # Each annotation stands alone when copied out of the collection.
    assert all(item["@context"] == data["@context"] for item in page["items"])
    items = {item["id"]: item for item in page["items"]}
    assert set(items) == {f"urn:briefing-tui:claim:{c}" for c in [*claimed.values(), orphaned]}
    lede = items[f"urn:briefing-tui:claim:{claimed['lede']}"]
    assert lede["type"] == "Annotation"
    assert lede["motivation"] == "commenting"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lede["created"])
    target = lede["target"]
    # The briefing by its identity (one URL may be several briefings), its address as via.
    assert target["source"] == "urn:briefing-tui:oil"
    assert target["via"] == "https://example.com/oil"
    assert target["briefing:anchor"] == "exact"
    quote, position = target["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": LEDE,
        "prefix": quote["prefix"],
        "suffix": quote["suffix"],
    }
    assert quote["suffix"].startswith(" Traders")
    assert position["type"] == "TextPositionSelector"
    assert position["end"] - position["start"] == len(LEDE)
    bodies = [(b["type"], b["purpose"], b["value"]) for b in lede["body"]]
    assert bodies == [
        ("TextualBody", "commenting", "Which minister?\n=SUM(A1) looks like a formula"),
        ("TextualBody", "tagging", "prices"),
        ("TextualBody", "assessing", "key"),
    ]
    # A briefing without a URL is named by its identity.
    kyiv = items[f"urn:briefing-tui:claim:{claimed['kyiv']}"]
    assert kyiv["target"]["source"] == "urn:briefing-tui:talks"
    assert "via" not in kyiv["target"]
    fade = items[f"urn:briefing-tui:claim:{claimed['fade']}"]
    assert fade["motivation"] == "highlighting"


def test_w3c_import_into_a_fresh_data_folder(
    run: Runner,
    run_in,
    claimed: dict[str, str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "claims.jsonld"
    code, _, err = run("export", "--format", "w3c", "-o", str(target))
    assert code == 0, err
    fresh = tmp_path / "fresh"
    code, out, err = run_in(fresh, "import-annotations", str(target), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["format"] == "w3c" and report["added"] == 3
    assert report["documents"]["id"] == 2 and report["documents"]["missing"] == 0
    before = {c["id"]: c for c in claims_json(run)}
    after = {c["id"]: c for c in claims_json(lambda *a: run_in(fresh, *a))}
    assert set(after) == set(before)
    for claim_id, claim in before.items():
        for key in ("doc_id", "quote", "note", "tags", "status", "anchor", "start", "end"):
            assert after[claim_id][key] == claim[key], key
    code, out, err = run_in(fresh, "import-annotations", str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 0 and json.loads(out)["unchanged"] == 3


def test_w3c_import_of_another_tools_annotations(run_in, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    foreign = {
        "@context": W3C_CONTEXT,
        "type": "AnnotationPage",
        "items": [
            {
                "id": "https://hypothes.is/a/abc123",
                "type": "Annotation",
                "created": "2024-05-01T10:00:00Z",
                "bodyValue": "Seen elsewhere too",
                "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Energy Policy"}],
                "target": {
                    "source": "https://example.com/oil",
                    "selector": [{"type": "TextQuoteSelector", "exact": "the rally would fade"}],
                },
            }
        ],
    }
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps(foreign))
    data = tmp_path / "data"
    for added in (1, 0):
        code, out, err = run_in(data, "import-annotations", str(path), "--json")
        assert code == 0, err
        assert json.loads(out)["added"] == added
    [claim] = claims_json(lambda *a: run_in(data, *a))
    assert claim["doc_id"] == "oil"
    assert claim["quote"] == "the rally would fade"
    assert claim["note"] == "Seen elsewhere too"
    assert claim["tags"] == ["energy-policy"]
    assert claim["status"] == "open"
    assert claim["anchor"] == "exact"  # found by its quote (no position said: not moved)
    assert claim["created"] and "T" in claim["created"]


# -- round trip and idempotence ------------------------------------------------------------------


def _without_time(text: str) -> dict:  # type: ignore[type-arg]
    data = json.loads(text)
    del data["exported_at"]
    return data


def test_round_trip_through_a_fresh_data_folder(
    run: Runner,
    run_in,
    lib: Path,
    data_dir: Path,
    claimed: dict[str, str],
    orphaned: str,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    # Every anchor state and every kind of user data, in the first store.
    plain = annotate(run, "plain.md", "--quote", "extended for sixty days")
    rewrite(lib / "plain.md", LIBRARY["plain.md"] + "\nMarkets shrugged.\n")  # id stays derived
    fuzzy = annotate(run, "talks", "--quote", "the talks would resume in March.")
    rewrite(  # the claim's passage changes: fuzzy
        lib / "talks.md", LIBRARY["talks.md"].replace("resume in March.", "resume in April.")
    )
    rewrite(  # text inserted before the claims: moved
        lib / "oil.md", LIBRARY["oil.md"].replace(LEDE, f"A new opening line.\n\n{LEDE}")
    )
    assert run("tag", "oil", "+watch", "-energy")[0] == 0
    with Workspace(resolve_paths(lib, data_dir)) as ws:
        ws.store.set_reading_position("talks", 0.5)
    states = {c["id"]: c["anchor"] for c in claims_json(run)}
    assert states[claimed["lede"]] == "moved"
    assert states[fuzzy] == "fuzzy"
    assert states[orphaned] == "orphaned"
    assert states[plain] == "exact"

    first = export(run, "json")
    exported = tmp_path / "claims.json"
    exported.write_text(first)
    fresh = tmp_path / "fresh"
    code, out, err = run_in(fresh, "import-annotations", str(exported), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["added"] == 6
    assert report["missing"] == 1  # the pipeline briefing is not in the library
    assert report["documents"]["missing"] == 1
    assert report["documents"]["content_hash"] == 1  # plain.md: same text, another derived id
    second = run_in(fresh, "export", "--format", "json")[1]
    assert _without_time(second) == _without_time(first)
    assert second.split("\n", 4)[4] == first.split("\n", 4)[4]  # the very same bytes

    # Importing the same file again adds nothing and changes nothing.
    code, out, err = run_in(fresh, "import-annotations", str(exported), "--json")
    assert code == 0, err
    again = json.loads(out)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 6)
    assert (again["tags_restored"], again["reading_restored"]) == (0, 0)
    assert _without_time(run_in(fresh, "export", "--format", "json")[1]) == _without_time(first)
    # And into the store it came from: nothing to add either.
    code, out, err = run("import-annotations", str(exported), "--json")
    assert json.loads(out)["added"] == 0
    # Search sees the imported claims and app tags.
    fresh_run = lambda *a: run_in(fresh, *a)  # noqa: E731
    found = claims_json(fresh_run, "note:minister")  # the claim whose note says it
    assert {c["id"] for c in found} == {claimed["lede"]}
    code, out, _ = run_in(fresh, "search", "note:minister", "--json")  # the index has it too
    assert [hit["id"] for hit in json.loads(out)] == ["oil"]
    code, out, _ = run_in(fresh, "search", "tag:watch", "--json")
    assert [hit["id"] for hit in json.loads(out)] == ["oil"]


def test_import_updates_only_from_a_newer_edit(
    run: Runner,
    run_in,
    claimed: dict[str, str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    data = json.loads(export(run, "json"))
    for claim in data["claims"]:
        if claim["id"] == claimed["kyiv"]:
            claim["note"], claim["status"], claim["updated"] = (
                "edited elsewhere",
                "verified",
                "2999-01-01T00:00:00",
            )
        if claim["id"] == claimed["fade"]:
            claim["note"], claim["updated"] = "older edit", "2000-01-01T00:00:00"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    code, out, err = run("import-annotations", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["added"], report["updated"], report["newer_here"]) == (0, 1, 1)
    after = {c["id"]: c for c in claims_json(run)}
    assert (after[claimed["kyiv"]]["note"], after[claimed["kyiv"]]["status"]) == (
        "edited elsewhere",
        "verified",
    )
    assert after[claimed["fade"]]["note"] == ""
    assert claims_json(run, "note:elsewhere")  # re-indexed


def test_dry_run_writes_nothing(
    run: Runner, run_in, claimed: dict[str, str], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "claims.json"
    path.write_text(export(run, "json"))
    fresh = tmp_path / "fresh"
    code, out, err = run_in(fresh, "import-annotations", str(path), "--dry-run")
    assert code == 0, err
    assert out.startswith("dry run, nothing written: 3 claim(s): 3 added")
    assert claims_json(lambda *a: run_in(fresh, *a)) == []


# -- missing briefings and re-anchoring ------------------------------------------------------------


def test_a_claim_whose_briefing_is_missing_is_kept_orphaned(
    run: Runner,
    run_in,
    lib: Path,
    claimed: dict[str, str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "claims.json"
    path.write_text(export(run, "json"))
    other = tmp_path / "other-library"
    other.mkdir()
    shutil.copy(lib / "talks.md", other / "talks.md")  # oil.md is not in this library
    data = tmp_path / "other-data"
    code, out, err = run_in(data, "import-annotations", str(path), content=other)
    assert code == 0, err
    assert "3 claim(s): 3 added" in out
    assert "2 on briefings missing from the library (kept, orphaned)" in out
    other_run = lambda *a: run_in(data, *a, content=other)  # noqa: E731
    listed = {c["id"]: c for c in claims_json(other_run)}
    lede = listed[claimed["lede"]]
    assert (lede["anchor"], lede["file_missing"], lede["title"]) == (
        "orphaned",
        True,
        "Oil prices climb",
    )
    assert lede["note"].startswith("Which minister?")
    assert listed[claimed["kyiv"]]["anchor"] == "exact"
    review = json.loads(other_run("review", "--json")[1])
    assert {c["id"] for c in review} == {claimed["lede"], claimed["fade"]}
    # The briefing arrives: its claims find their passages again.
    shutil.copy(lib / "oil.md", other / "oil.md")
    listed = {c["id"]: c for c in claims_json(other_run)}
    assert listed[claimed["lede"]]["anchor"] == "exact"
    assert listed[claimed["lede"]]["path"] == "oil.md"


def test_import_reanchors_on_the_current_text(
    run: Runner,
    run_in,
    lib: Path,
    claimed: dict[str, str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "claims.json"
    path.write_text(export(run, "json"))
    other = tmp_path / "edited-library"
    shutil.copytree(lib, other)
    text = (other / "oil.md").read_text()
    text = text.replace(LEDE, "A new first sentence. " + LEDE)
    text = text.replace("the rally would fade", "the surge would fade")
    (other / "oil.md").write_text(text)
    data = tmp_path / "edited-data"
    code, out, err = run_in(data, "import-annotations", str(path), "--json", content=other)
    assert code == 0, err
    assert json.loads(out)["reanchored"] == {"moved": 1, "fuzzy": 1, "orphaned": 0}
    listed = {c["id"]: c for c in claims_json(lambda *a: run_in(data, *a, content=other))}
    lede = listed[claimed["lede"]]
    assert lede["anchor"] == "moved" and lede["quote"] == LEDE
    fade = listed[claimed["fade"]]
    assert (
        fade["anchor"] == "fuzzy"
        and fade["candidate"]["text"] == "Analysts said the surge would fade by May."
    )


# -- invalid files ---------------------------------------------------------------------------------


def _valid(run: Runner) -> dict:  # type: ignore[type-arg]
    return json.loads(export(run, "json"))


@pytest.mark.parametrize(
    ("name", "damage", "message"),
    [
        (
            "wrong format",
            lambda d, t: json.dumps({**d, "format": "zotero"}),
            "'zotero' is not 'briefing-tui'",
        ),
        (
            "newer version",
            lambda d, t: json.dumps({**d, "version": FORMAT_VERSION + 1}),
            f"newer briefing-tui (format version {FORMAT_VERSION + 1}",
        ),
        (
            "truncated",
            lambda d, t: t[: len(t) * 2 // 3],
            "not valid JSON (the file looks truncated)",
        ),
        ("not json", lambda d, t: "hello, world", "not valid JSON"),
        ("empty", lambda d, t: "", "is empty"),
        ("a list of numbers", lambda d, t: "[1, 2]", "neither a briefing-tui export"),
        (
            "bad status",
            lambda d, t: json.dumps({**d, "claims": [{**d["claims"][0], "status": "maybe"}]}),
            "claims[0].status: 'maybe' is not one of open",
        ),
        (
            "unknown document",
            lambda d, t: json.dumps({**d, "claims": [{**d["claims"][0], "doc_id": "nope"}]}),
            "claims[0].doc_id: no document 'nope'",
        ),
        (
            "missing field",
            lambda d, t: json.dumps(
                {**d, "claims": [{k: v for k, v in d["claims"][0].items() if k != "quote"}]}
            ),
            "claims[0].quote: expected an object",
        ),
        (
            "bad position",
            lambda d, t: json.dumps(
                {**d, "claims": [{**d["claims"][0], "position": {"start": 5, "end": 2}}]}
            ),
            "claims[0].position",
        ),
    ],
)
def test_an_invalid_file_is_refused_and_nothing_written(
    run: Runner,
    run_in,
    data_dir: Path,
    claimed: dict[str, str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    name: str,
    damage,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    text = export(run, "json")
    bad = tmp_path / "bad.json"
    bad.write_text(damage(json.loads(text), text))
    # Into a fresh data folder: it is not even created.
    fresh = tmp_path / "fresh"
    code, out, err = run_in(fresh, "import-annotations", str(bad))
    assert code == 2 and out == ""
    assert message in one_line_error(err), err
    assert not fresh.exists()
    # Into the store it came from: the store is not touched.
    store_file = next(data_dir.glob("*/store.sqlite3"))
    before = _dump(store_file)
    code, out, err = run("import-annotations", str(bad))
    assert code == 2 and message in one_line_error(err)
    assert _dump(store_file) == before


def _dump(store_file: Path) -> list[str]:
    connection = sqlite3.connect(store_file)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_parse_refuses_a_w3c_collection_without_its_pages() -> None:
    raw = json.dumps(
        {
            "@context": W3C_CONTEXT,
            "type": "AnnotationCollection",
            "total": 3,
            "first": "https://x/1",
        }
    ).encode()
    with pytest.raises(Exception, match="pages are not in the file"):
        parse_annotations(raw, "remote.jsonld")


# -- W3C fidelity (#14) ------------------------------------------------------------------------


def _w3c(run: Runner, *query: str) -> dict:  # type: ignore[type-arg]
    return json.loads(export(run, "w3c", *query))


def _annotations(data: dict) -> list[dict]:  # type: ignore[type-arg]
    return data["first"]["items"] if "first" in data else []


def test_w3c_an_empty_selection_is_a_collection_without_a_page(
    run: Runner, claimed: dict[str, str], tmp_path: Path
) -> None:
    code, out, err = run("export", "--format", "w3c", "status:false")
    assert code == 1, err  # none match: the empty collection is printed, exit 1
    data = json.loads(out)
    assert data["type"] == "AnnotationCollection" and data["total"] == 0
    # The model: a page MUST hold one annotation or more; so no page at all.
    assert "first" not in data and "last" not in data
    path = tmp_path / "empty.jsonld"
    path.write_text(json.dumps(data))
    code, out, err = run("import-annotations", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 0


def test_w3c_a_url_that_is_not_an_iri_is_never_a_source(run: Runner, lib: Path) -> None:
    rewrite(
        lib / "talks.md",
        LIBRARY["talks.md"].replace("date:", "url: www.example.org/port strike\ndate:"),
    )
    annotate(run, "talks", "--quote", KYIV)
    [item] = _annotations(_w3c(run))
    assert item["target"]["source"] == "urn:briefing-tui:talks"
    assert "via" not in item["target"]
    assert "port strike" not in json.dumps(item)


def test_w3c_an_iri_with_accents_is_given_as_a_uri(run: Runner, lib: Path) -> None:
    rewrite(
        lib / "talks.md",
        LIBRARY["talks.md"].replace("date:", "url: https://example.org/grève-à-odesa\ndate:"),
    )
    annotate(run, "talks", "--quote", KYIV)
    [item] = _annotations(_w3c(run))
    assert item["target"]["via"] == "https://example.org/gr%C3%A8ve-%C3%A0-odesa"


SHARED_URL = "https://example.com/liveblog"
FIRST = "The port of Odesa was closed on Monday."
SECOND = "Grain ships were turned back at the Bosphorus."


@pytest.fixture
def shared(lib: Path) -> Path:
    """Two briefings (two updates of one live blog) with the same URL."""
    for name, sentence in (("blog-1", FIRST), ("blog-2", SECOND)):
        (lib / f"{name}.md").write_text(
            f"---\nid: {name}\ntitle: Live blog {name}\ndate: 2024-05-0{name[-1]}\n"
            f"url: {SHARED_URL}\n---\n\nUpdate. {sentence} More later.\n"
        )
    return lib


def test_w3c_two_briefings_sharing_a_url_come_back_on_their_own_briefing(
    run: Runner, run_in, shared: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = annotate(run, "blog-1", "--quote", FIRST, "--status", "key")
    second = annotate(run, "blog-2", "--quote", SECOND, "--status", "disputed")
    data = _w3c(run, "status:key OR status:disputed")
    sources = {item["id"]: item["target"]["source"] for item in _annotations(data)}
    assert sources == {
        f"urn:briefing-tui:claim:{first}": "urn:briefing-tui:blog-1",
        f"urn:briefing-tui:claim:{second}": "urn:briefing-tui:blog-2",
    }
    assert {item["target"]["via"] for item in _annotations(data)} == {SHARED_URL}
    path = tmp_path / "blog.jsonld"
    path.write_text(json.dumps(data))
    fresh = tmp_path / "fresh"
    code, out, err = run_in(fresh, "import-annotations", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["missing"] == 0
    after = {c["id"]: c for c in claims_json(lambda *a: run_in(fresh, *a))}
    assert (after[first]["doc_id"], after[first]["anchor"]) == ("blog-1", "exact")
    assert (after[second]["doc_id"], after[second]["anchor"]) == ("blog-2", "exact")
    assert all(not c["file_missing"] for c in after.values())


def test_w3c_another_tools_annotation_on_a_shared_url_lands_where_its_quote_is(
    run_in, shared: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    foreign = {
        "@context": W3C_CONTEXT,
        "id": "https://hypothes.is/a/shared1",
        "type": "Annotation",
        "target": {
            "source": SHARED_URL,
            "selector": {"type": "TextQuoteSelector", "exact": "turned back at the Bosphorus"},
        },
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(foreign))
    data = tmp_path / "data"
    code, out, err = run_in(data, "import-annotations", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["missing"], report["documents"]["url"]) == (0, 1)
    [claim] = claims_json(lambda *a: run_in(data, *a))
    assert (claim["doc_id"], claim["title"], claim["anchor"]) == (
        "blog-2",
        "Live blog blog-2",
        "exact",  # a quote alone: where it is found (session 25)
    )


def test_w3c_a_status_looking_tag_stays_a_tag(
    run: Runner, run_in, claimed: dict[str, str], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    kyiv = claimed["kyiv"]
    assert run("claim-edit", kyiv, "--tag", "status:verified")[0] == 0
    data = _w3c(run)
    [item] = [i for i in _annotations(data) if i["id"].endswith(kyiv)]
    bodies = [(b["purpose"], b["value"]) for b in item["body"]]
    assert ("tagging", "status:verified") in bodies
    assert ("assessing", "open") in bodies
    path = tmp_path / "claims.jsonld"
    path.write_text(json.dumps(data))
    # Back into the store it came from: nothing reads as changed.
    code, out, err = run("import-annotations", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["updated"], report["newer_here"], report["unchanged"]) == (0, 0, 3)
    # Into a fresh data folder: the tag is a tag and the status is the status.
    fresh = tmp_path / "fresh"
    assert run_in(fresh, "import-annotations", str(path))[0] == 0
    after = {c["id"]: c for c in claims_json(lambda *a: run_in(fresh, *a))}
    assert (after[kyiv]["status"], after[kyiv]["tags"]) == ("open", ["status:verified"])


def test_w3c_an_export_from_before_the_status_body_still_reads_its_status() -> None:
    old = {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "total": 1,
        "first": {
            "type": "AnnotationPage",
            "items": [
                {
                    "id": "urn:briefing-tui:claim:c1",
                    "type": "Annotation",
                    "body": [
                        {"type": "TextualBody", "value": "status:verified", "purpose": "tagging"},
                        {"type": "TextualBody", "value": "status:key", "purpose": "tagging"},
                    ],
                    "target": {
                        "source": "urn:briefing-tui:oil",
                        "selector": [{"type": "TextQuoteSelector", "exact": LEDE}],
                    },
                }
            ],
        },
    }
    [claim] = parse_annotations(json.dumps(old).encode()).claims
    assert (claim.status, claim.tags) == ("key", ["status:verified"])


def _every_state(run: Runner, lib: Path, claimed: dict[str, str], orphaned: str) -> dict[str, str]:
    """Claims of every status and anchor state (as in the json round trip)."""
    plain = annotate(run, "plain.md", "--quote", "extended for sixty days", "--status", "false")
    fuzzy = annotate(run, "talks", "--quote", "the talks would resume in March.")
    assert run("claim-edit", fuzzy, "--status", "verified", "--tag", "status:key")[0] == 0
    rewrite(lib / "talks.md", LIBRARY["talks.md"].replace("resume in March.", "resume in April."))
    rewrite(lib / "oil.md", LIBRARY["oil.md"].replace(LEDE, f"A new opening line.\n\n{LEDE}"))
    # A claim whose passage was rewritten beyond recognition while its file stays.
    lost = annotate(run, "talks", "--quote", "Russia's foreign ministry said")
    rewrite(
        lib / "talks.md",
        (lib / "talks.md").read_text().replace("Russia's foreign ministry said", "It was said"),
    )
    states = {c["id"]: c["anchor"] for c in claims_json(run)}
    assert states[claimed["lede"]] == "moved" and states[fuzzy] == "fuzzy"
    assert states[orphaned] == "orphaned" and states[lost] == "orphaned"
    assert states[plain] == "exact"
    return {"plain": plain, "fuzzy": fuzzy, "lost": lost}


def test_w3c_carries_the_anchor_state_and_the_fuzzy_candidate(
    run: Runner, lib: Path, claimed: dict[str, str], orphaned: str
) -> None:
    more = _every_state(run, lib, claimed, orphaned)
    items = {i["id"].rsplit(":", 1)[1]: i["target"] for i in _annotations(_w3c(run))}
    assert items[claimed["lede"]]["briefing:anchor"] == "moved"
    assert items[orphaned]["briefing:anchor"] == "orphaned"
    assert items[more["lost"]]["briefing:anchor"] == "orphaned"
    fuzzy = items[more["fuzzy"]]
    assert fuzzy["briefing:anchor"] == "fuzzy"
    assert fuzzy["briefing:candidate"]["text"] == "the talks would resume in April."
    assert fuzzy["selector"][0]["exact"] == "the talks would resume in March."
    # Its place is the old text's: in the briefing named now it points at other words
    # (session 25's walk). Only our own import reads it back.
    assert [selector["type"] for selector in fuzzy["selector"]] == ["TextQuoteSelector"]
    assert set(fuzzy["briefing:position"]) == {"start", "end"}


def test_w3c_round_trip_through_a_fresh_data_folder(
    run: Runner, run_in, lib: Path, claimed: dict[str, str], orphaned: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _every_state(run, lib, claimed, orphaned)
    path = tmp_path / "claims.jsonld"
    path.write_bytes(export(run, "w3c").encode())
    fresh = tmp_path / "fresh"
    code, out, err = run_in(fresh, "import-annotations", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 7
    keys = ("doc_id", "quote", "note", "tags", "status", "anchor", "start", "end", "candidate")
    before = {c["id"]: {k: c[k] for k in keys} for c in claims_json(run)}
    after = {c["id"]: {k: c[k] for k in keys} for c in claims_json(lambda *a: run_in(fresh, *a))}
    assert after == before
    # And again: nothing added, nothing changed.
    code, out, err = run_in(fresh, "import-annotations", str(path), "--json")
    again = json.loads(out)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 7)


def test_w3c_another_tools_sources_are_resolved_to_the_briefing(
    run_in, lib: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sources = {
        "path": "oil.md",
        "id": "oil",
        "file": (lib / "oil.md").as_uri(),
        "elsewhere": "/home/someone/briefings/oil.md",
        "unknown": "https://mirror.example.net/oil-story",  # found by its quote
    }
    items = [
        {
            "id": f"https://tool.example/a/{name}",
            "type": "Annotation",
            "target": {
                "source": source,
                "selector": {"type": "TextQuoteSelector", "exact": FADE},
            },
        }
        for name, source in sources.items()
    ]
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"@context": W3C_CONTEXT, "type": "AnnotationPage", "items": items}))
    data = tmp_path / "data"
    code, out, err = run_in(data, "import-annotations", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["missing"] == 0
    assert report["documents"] == {
        "id": 1,
        "content_hash": 0,
        "url": 0,
        "path": 3,
        "quote": 1,
        "missing": 0,
    }
    claims = claims_json(lambda *a: run_in(data, *a))
    assert len(claims) == 5
    assert {(c["doc_id"], c["anchor"], c["file_missing"]) for c in claims} == {
        ("oil", "exact", False)  # quotes alone: where found, not moved
    }
