"""Claims exported, briefings edited a little, imported into a fresh data folder.

A newcomer walk with BBC articles (session 23): briefings without a front-matter
``id`` have an id derived from their content when a store first sees them, so
once edited they have another id in a fresh data folder. The import matched
by content hash, id and URL only: the claims landed "without a file" on
briefings that were in the library at the same path with the same title
(``briefing claims``: "its file is gone from the library"), and could never be
re-attached. They land on their briefings now, found by the exported path,
re-anchored as after any edit; only a briefing truly absent stays missing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.cli import main

from .helpers import annotate, claims_json, rewrite

RULING = "A Houston court ruled that it had no jurisdiction over the Russian oil giant."
FILED = "Yukos had filed for Chapter 11 protection in December."
EURO = "Exporters blamed the strong euro for weak orders."

YUKOS = (
    "# Yukos loses US bankruptcy battle\n\n"
    "Yukos has lost its attempt to use US bankruptcy law to stop the sale of its main "
    f"oil unit. {RULING}\n\n"
    "The judge said the company had only a small presence in the United States. "
    f"{FILED}\n"
)
EUROPE = (
    "# Euro firms miss out on optimism\n\n"
    "More than 90 large German companies are expecting to cut jobs this year. "
    "The Ifo institute said business confidence fell sharply in January.\n\n"
    f"{EURO} Economists warned that growth could stall.\n"
)

Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_in(lib_dir: Path, capsysbinary):  # type: ignore[no-untyped-def]
    """``briefing ...`` in-process over the library and a data folder: (code, out, err)."""

    def runner(data: Path, *args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data)])
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return runner


@pytest.fixture
def exported(lib_dir: Path, tmp_path: Path, run_in) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Two briefings without a front-matter id, three claims, exported as json and w3c
    from a first data folder; the claims' ids by name."""
    (lib_dir / "business-025.md").write_text(YUKOS)
    (lib_dir / "business-031.md").write_text(EUROPE)
    first = tmp_path / "first"
    run = lambda *args: run_in(first, *args)  # noqa: E731
    ids = {
        "ruling": annotate(run, "business-025.md", "--quote", RULING, "--status", "key"),
        "filed": annotate(run, "business-025.md", "--quote", FILED, "--note", "date"),
        "euro": annotate(run, "business-031.md", "--quote", EURO, "--tag", "fx"),
    }
    for fmt, name in (("json", "export.json"), ("w3c", "export.jsonld")):
        code, _out, err = run("export", "--format", fmt, "-o", str(tmp_path / name))
        assert code == 0, err
    return ids


def _edit_a_word_in_each(lib_dir: Path) -> None:
    """One word changed inside the ruling's quote (fuzzy; the claim after it moves), and
    one inside the euro claim's quote (fuzzy): their ids here differ from the export's."""
    rewrite(lib_dir / "business-025.md", YUKOS.replace("Russian oil giant", "Russian energy giant"))
    rewrite(lib_dir / "business-031.md", EUROPE.replace("strong euro", "strong currency"))


def _import(run_in: Runner, data: Path, file: Path) -> dict:  # type: ignore[type-arg]
    code, out, err = run_in(data, "import-annotations", str(file), "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _landed(run_in: Runner, data: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return {claim["id"]: claim for claim in claims_json(lambda *a: run_in(data, *a))}


def _on_their_briefings(claims: dict[str, dict], ids: dict[str, str]) -> None:  # type: ignore[type-arg]
    assert {name: claims[ids[name]]["path"] for name in ids} == {
        "ruling": "business-025.md",
        "filed": "business-025.md",
        "euro": "business-031.md",
    }
    assert not any(claim["file_missing"] for claim in claims.values())
    assert {name: claims[ids[name]]["anchor"] for name in ids} == {
        "ruling": "fuzzy",  # "oil" became "energy" in the quote: offered in review
        "filed": "moved",  # three characters later
        "euro": "fuzzy",
    }
    ruling = claims[ids["ruling"]]
    assert ruling["candidate"]["text"] == RULING.replace("oil", "energy")
    assert ruling["status"] == "key" and claims[ids["euro"]]["tags"] == ["fx"]


@pytest.mark.parametrize("name", ["export.json", "export.jsonld"])
def test_claims_land_on_edited_briefings_in_a_fresh_data_folder(
    name: str, exported: dict[str, str], lib_dir: Path, tmp_path: Path, run_in: Runner
) -> None:
    _edit_a_word_in_each(lib_dir)
    fresh = tmp_path / "fresh"
    report = _import(run_in, fresh, tmp_path / name)
    assert report["added"] == 3 and report["missing"] == 0, report
    assert report["documents"]["path"] == 2 and report["documents"]["missing"] == 0
    assert report["reanchored"] == {"moved": 1, "fuzzy": 2, "orphaned": 0}
    _on_their_briefings(_landed(run_in, fresh), exported)
    code, out, _err = run_in(fresh, "claims")
    assert code == 0 and "file is gone" not in out
    # Importing it again adds nothing (found by the same path).
    again = _import(run_in, fresh, tmp_path / name)
    assert (again["added"], again["unchanged"], again["missing"]) == (0, 3, 0)


def test_the_report_says_the_briefings_were_found_by_path(
    exported: dict[str, str], lib_dir: Path, tmp_path: Path, run_in: Runner
) -> None:
    _edit_a_word_in_each(lib_dir)
    code, out, err = run_in(tmp_path / "fresh", "import-annotations", str(tmp_path / "export.json"))
    assert code == 0, err
    assert "  briefings    2 by path\n" in out
    assert "missing" not in out and "orphaned" not in out.split("\n")[0]
    assert "`briefing review` lists the fuzzy and orphaned claims" in out


def test_w3c_export_names_the_briefings_path(exported: dict[str, str], tmp_path: Path) -> None:
    data = json.loads((tmp_path / "export.jsonld").read_text())
    paths = {item["target"]["briefing:path"] for item in data["first"]["items"]}
    assert paths == {"business-025.md", "business-031.md"}


@pytest.mark.parametrize("name", ["export.json", "export.jsonld"])
def test_a_briefing_truly_absent_is_still_missing(
    name: str, exported: dict[str, str], lib_dir: Path, tmp_path: Path, run_in: Runner
) -> None:
    """Gone from the library: kept without a file. Its path holding another briefing
    altogether (another title, none of the claims in it) is not taken for it."""
    _edit_a_word_in_each(lib_dir)
    (lib_dir / "business-031.md").unlink()
    rewrite(lib_dir / "business-025.md", "# Tea prices\n\nTea prices rose in Kenya.\n")
    (lib_dir / "yukos.md").write_text(YUKOS)  # the Yukos story as exported, renamed
    fresh = tmp_path / "fresh"
    report = _import(run_in, fresh, tmp_path / name)
    claims = _landed(run_in, fresh)
    euro = claims[exported["euro"]]
    assert euro["file_missing"] and euro["anchor"] == "orphaned"
    assert report["documents"]["path"] == 0 and report["missing"] == 1
    assert report["documents"]["id"] == 1  # the Yukos story as exported: the same id
    assert claims[exported["ruling"]]["path"] == "yukos.md"
    code, out, _err = run_in(fresh, "claims")
    # A W3C file has no titles: the briefing missing is named by the path it had.
    title = "Euro firms miss out on optimism" if name == "export.json" else "business-031.md"
    assert code == 0 and f"{title}  (its file is gone from the library)" in out
    assert "Tea prices" not in out


def test_another_tools_quote_with_dotted_numbers_finds_its_briefing(
    lib_dir: Path, tmp_path: Path, run_in: Runner
) -> None:
    """Found by its quote: ``$27.5bn`` is one word to the index (it was cut into ``27``
    and ``5bn``, a phrase no briefing held) and the index's phrase misses
    ``27.5bn (£14.5bn) back``: the words are looked for one by one, the text decides."""
    quote = "the company's $27.5bn (£14.5bn) back-tax bill is unlawful"
    (lib_dir / "yukos.md").write_text(f"# Yukos appeals\n\nIt said {quote}, and would appeal.\n")
    (lib_dir / "other.md").write_text("# Tax\n\nThe back-tax bill is unlawful, it said.\n")
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://notes.example/a/1",
        "type": "Annotation",
        "target": {
            "source": "https://news.example/yukos-appeal",
            "selector": {"type": "TextQuoteSelector", "exact": quote},
        },
    }
    file = tmp_path / "other-tool.jsonld"
    file.write_text(json.dumps(annotation))
    data = tmp_path / "data"
    report = _import(run_in, data, file)
    assert report["documents"]["quote"] == 1 and report["missing"] == 0, report
    [claim] = _landed(run_in, data).values()
    assert claim["path"] == "yukos.md" and claim["anchor"] in ("exact", "moved")
