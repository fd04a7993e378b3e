"""The claim commands: annotate, claims, review, claim-edit/-delete/-accept, and index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_tui.cli import main

from .helpers import annotate, claims_json, one_line_error, rewrite

LEDE = "Oil prices rose as the government minister spoke."
KYIV = "Officials in Kyiv were cautious about the timetable."

LIBRARY = {
    "oil.md": (
        "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\ntags: [energy]\n---\n\n"
        f"# Oil prices climb\n\n{LEDE} Traders said the rally would last.\n\n"
        "Analysts said the rally would fade by May.\n"
    ),
    "talks.md": (
        "---\nid: talks\ntitle: Talks resume\ndate: 2024-04-01\n---\n\n"
        f"Russia's foreign ministry said the talks would resume in March. {KYIV}\n"
    ),
}

CLAIM_FIELDS = {
    "id",
    "doc_id",
    "path",
    "title",
    "quote",
    "note",
    "tags",
    "status",
    "anchor",
    "created",
    "updated",
}


@pytest.fixture
def lib(lib_dir: Path) -> Path:
    for name, text in LIBRARY.items():
        (lib_dir / name).write_text(text)
    return lib_dir


@pytest.fixture
def run(lib: Path, data_dir: Path, capsys):  # type: ignore[no-untyped-def]
    """Run ``briefing`` in-process on the test library: (exit code, stdout, stderr)."""

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


# -- annotate --------------------------------------------------------------------------------


def test_annotate_prints_only_the_new_claims_id(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(
        "annotate",
        "talks",
        "--quote",
        "Officials in  Kyiv\nwere cautious",
        "--note",
        "hedging\nsecond line",
        "--tag",
        "Kyiv",
        "--tag",
        "Follow Up",
        "--status",
        "key",
    )
    assert code == 0, err
    assert out.count("\n") == 1
    claim_id = out.strip()
    assert claim_id.startswith("c") and " " not in claim_id
    [claim] = claims_json(run)
    assert claim["id"] == claim_id
    assert claim["quote"] == "Officials in Kyiv were cautious"
    assert claim["note"] == "hedging\nsecond line"
    assert claim["tags"] == ["follow-up", "kyiv"]
    assert claim["status"] == "key"


def test_annotate_by_path_defaults_to_open(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    claim_id = annotate(run, str(lib / "talks.md"), "--quote", KYIV)
    [claim] = claims_json(run)
    assert (claim["id"], claim["status"], claim["tags"], claim["note"]) == (
        claim_id,
        "open",
        [],
        "",
    )


def test_annotate_a_quote_that_is_not_there(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("annotate", "oil", "--quote", "prices fell")
    assert code == 2 and out == ""
    assert "the quote is not in oil.md" in one_line_error(err)
    assert claims_json(run) == []


def test_annotate_an_ambiguous_quote_needs_occurrence(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("annotate", "oil", "--quote", "the rally would")
    assert code == 2 and out == ""
    message = one_line_error(err)
    assert "occurs 2 times in oil.md" in message and "--occurrence K" in message
    assert claims_json(run) == []

    second = annotate(run, "oil", "--quote", "the rally would", "--occurrence", "2")
    [claim] = claims_json(run)
    assert claim["id"] == second
    assert claim["suffix"].startswith(" fade by May")

    code, _, err = run("annotate", "oil", "--quote", "the rally would", "--occurrence", "3")
    assert code == 2
    assert "--occurrence 3" in one_line_error(err)
    code, _, err = run("annotate", "oil", "--quote", "the rally would", "--occurrence", "0")
    assert code == 2
    one_line_error(err)


@pytest.mark.parametrize("status", ["bogus", "closed"])
def test_annotate_a_bad_status_is_exit_2(run, status: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("annotate", "talks", "--quote", KYIV, "--status", status)
    assert code == 2 and out == ""
    assert "open, key, verified, disputed, false" in one_line_error(err)
    assert claims_json(run) == []


def test_annotate_an_unknown_document_is_exit_2(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("annotate", "nope", "--quote", KYIV)
    assert code == 2
    assert "no briefing" in one_line_error(err)


def test_annotate_sees_an_edit_made_just_before(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    run("index")
    rewrite(lib / "talks.md", LIBRARY["talks.md"] + "\nA brand new closing sentence.\n")
    claim_id = annotate(run, "talks", "--quote", "brand new closing sentence")
    assert claim_id


# -- claims ----------------------------------------------------------------------------------


@pytest.fixture
def claimed(run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "lede": annotate(run, "oil", "--quote", LEDE, "--status", "key", "--tag", "prices"),
        "fade": annotate(
            run,
            "oil",
            "--quote",
            "Analysts said the rally would fade",
            "--status",
            "disputed",
            "--note",
            "Who says?",
        ),
        "kyiv": annotate(run, "talks", "--quote", KYIV, "--status", "disputed", "--tag", "kyiv"),
    }


def test_claims_json_fields(run, claimed: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    listed = claims_json(run)
    # Grouped by briefing, newest briefing first, then in text order.
    assert [c["id"] for c in listed] == [claimed["kyiv"], claimed["lede"], claimed["fade"]]
    for claim in listed:
        assert set(claim) >= CLAIM_FIELDS
        assert claim["anchor"] == "exact"
        assert claim["created"] and claim["updated"]
        assert claim["candidate"] is None
    lede = listed[1]
    assert lede["doc_id"] == "oil"
    assert lede["path"] == "oil.md"
    assert lede["title"] == "Oil prices climb"
    assert lede["quote"] == LEDE
    assert lede["tags"] == ["prices"]
    assert lede["status"] == "key"
    assert lede["end"] - lede["start"] == len(LEDE)


def test_claims_status_filter_lists_only_those_claims(run, claimed: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    disputed = claims_json(run, "status:disputed")
    assert [c["id"] for c in disputed] == [claimed["kyiv"], claimed["fade"]]
    assert {c["status"] for c in disputed} == {"disputed"}
    assert [c["id"] for c in claims_json(run, "status:key")] == [claimed["lede"]]
    assert claims_json(run, "status:verified") == []
    # -status:X reads as NOT, not as an option.
    assert [c["id"] for c in claims_json(run, "-status:disputed")] == [claimed["lede"]]
    either = claims_json(run, "(status:key", "OR", "tag:kyiv)")
    assert [c["id"] for c in either] == [claimed["kyiv"], claimed["lede"]]


def test_claims_query_selects_briefings_and_filters_claims(run, claimed: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    # Words select briefings: every claim of the matching briefing.
    assert [c["id"] for c in claims_json(run, "traders")] == [claimed["lede"], claimed["fade"]]
    # Words and a claim field: claims of those briefings, filtered.
    assert [c["id"] for c in claims_json(run, "traders", "status:disputed")] == [claimed["fade"]]
    # note: and claim: filter the claims by their own note or quote.
    assert [c["id"] for c in claims_json(run, "note:who")] == [claimed["fade"]]
    assert [c["id"] for c in claims_json(run, 'claim:"would fade"')] == [claimed["fade"]]
    assert [c["id"] for c in claims_json(run, "tag:kyiv")] == [claimed["kyiv"]]
    # A briefing's own tag keeps all of its claims, as tag: does in search.
    assert [c["id"] for c in claims_json(run, "tag:energy")] == [claimed["lede"], claimed["fade"]]
    assert claims_json(run, "nothing-like-this") == []


def test_claims_human_output_is_grouped_by_briefing(run, claimed: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("claims")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Talks resume") and "talks.md" in lines[0]
    assert f"{claimed['kyiv']}  disputed  [kyiv]" in out
    assert f"“{KYIV}”" in out
    oil = next(i for i, line in enumerate(lines) if line.startswith("Oil prices climb"))
    assert oil > lines.index(f"    “{KYIV}”")
    assert "note: Who says?" in out
    assert "3 claim(s) in 2 briefing(s)" in err


def test_claims_with_none_is_exit_1_and_a_bad_query_exit_2(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("claims")
    assert code == 1 and out == ""
    assert "No claims match." in err
    code, _, err = run("claims", "status:")
    assert code == 2
    assert "bad query" in one_line_error(err)


# -- edit, delete ---------------------------------------------------------------------------


def test_claim_edit_and_delete(run, claimed: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    claim_id = claimed["kyiv"]
    code, out, err = run(
        "claim-edit", claim_id, "--status", "verified", "--tag", "Later", "--note", "checked"
    )
    assert code == 0, err
    assert out.startswith(f"{claim_id}  verified  [kyiv, later]")
    code, out, err = run("claim-edit", claim_id[:6], "--untag", "kyiv")
    assert code == 0, err
    [claim] = [c for c in claims_json(run) if c["id"] == claim_id]
    assert (claim["status"], claim["tags"], claim["note"]) == ("verified", ["later"], "checked")

    code, _, err = run("claim-edit", claim_id, "--status", "maybe")
    assert code == 2
    one_line_error(err)
    code, _, err = run("claim-edit", claim_id)
    assert code == 2
    assert "nothing to change" in one_line_error(err)

    code, out, err = run("claim-delete", claim_id)
    assert code == 0, err
    assert out.startswith(f"deleted {claim_id}")
    assert claim_id not in [c["id"] for c in claims_json(run)]
    code, _, err = run("claim-delete", claim_id)
    assert code == 2
    assert "no claim with id" in one_line_error(err)


# -- review and index ---------------------------------------------------------------------------


def test_index_reports_claims_reanchored_after_an_edit(run, lib: Path, claimed) -> None:  # type: ignore[no-untyped-def]
    text = LIBRARY["oil.md"]
    text = text.replace("# Oil prices climb\n\n", "# Oil prices climb\n\nA new lede.\n\n")
    text = text.replace("Analysts said the rally", "Analysts argued the rally")
    rewrite(lib / "oil.md", text)
    rewrite(lib / "talks.md", LIBRARY["talks.md"].replace(KYIV, "Nobody commented."))
    code, out, err = run("index")
    assert code == 0, err
    assert "claims re-anchored: 1 fuzzy, 1 moved, 1 orphaned" in out
    assert "briefing review" in out
    code, out, _ = run("index", "--json")
    assert json.loads(out)["reanchored"] == {"moved": 0, "fuzzy": 0, "orphaned": 0}


def test_index_json_has_reanchored_counts(run, lib: Path, claimed) -> None:  # type: ignore[no-untyped-def]
    rewrite(lib / "talks.md", "# New first line\n\n" + LIBRARY["talks.md"])
    code, out, err = run("index", "--json")
    assert code == 0, err
    assert json.loads(out)["reanchored"] == {"moved": 1, "fuzzy": 0, "orphaned": 0}


def test_review_lists_fuzzy_and_orphaned_claims(run, lib: Path, claimed) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("review", "--json")
    assert (code, json.loads(out)) == (0, [])
    rewrite(lib / "oil.md", LIBRARY["oil.md"].replace("Analysts said", "Analysts argued"))
    (lib / "talks.md").unlink()

    code, out, err = run("review", "--json")
    assert code == 0, err
    listed = {c["id"]: c for c in json.loads(out)}
    assert set(listed) == {claimed["fade"], claimed["kyiv"]}
    fade = listed[claimed["fade"]]
    assert fade["anchor"] == "fuzzy"
    assert fade["quote"] == "Analysts said the rally would fade"
    assert fade["candidate"]["text"] == "Analysts argued the rally would fade"
    kyiv = listed[claimed["kyiv"]]
    assert kyiv["anchor"] == "orphaned"
    assert kyiv["title"] == "Talks resume"  # the last known title
    assert kyiv["path"] is None and kyiv["file_missing"] is True
    assert set(kyiv) >= CLAIM_FIELDS

    code, out, err = run("review")
    assert code == 0, err
    assert "was: “Analysts said the rally would fade”" in out
    assert "now: “Analysts argued the rally would fade”" in out
    assert "Talks resume" in out and "file is gone" in out
    assert f"was: “{KYIV}”" in out
    assert "2 claim(s) to review" in err

    # The orphans of a removed file are listed by claims too.
    assert [c["id"] for c in claims_json(run, "anchor:orphaned")] == [claimed["kyiv"]]

    code, out, err = run("claim-accept", claimed["fade"])
    assert code == 0, err
    [accepted] = [c for c in claims_json(run) if c["id"] == claimed["fade"]]
    assert accepted["anchor"] == "exact"
    assert accepted["quote"] == "Analysts argued the rally would fade"
    code, _, err = run("claim-accept", claimed["kyiv"])
    assert code == 2
    assert "not fuzzy" in one_line_error(err)


def test_a_command_that_detaches_claims_says_so(run, lib: Path, claimed) -> None:  # type: ignore[no-untyped-def]
    rewrite(lib / "talks.md", LIBRARY["talks.md"].replace(KYIV, "Nobody commented."))
    code, _, err = run("claims", "status:key", "--json")
    assert code == 0
    assert "1 claim(s) no longer match" in err and "briefing review" in err


def test_rebuild_does_not_report_an_already_orphaned_claim_again(run, lib: Path, claimed) -> None:  # type: ignore[no-untyped-def]
    rewrite(lib / "talks.md", LIBRARY["talks.md"].replace(KYIV, "Nobody commented."))
    code, out, err = run("index", "--json")
    assert code == 0, err
    assert json.loads(out)["reanchored"]["orphaned"] == 1
    for _ in range(2):
        code, out, err = run("index", "--rebuild", "--json")
        assert code == 0, err
        assert json.loads(out)["reanchored"] == {"moved": 0, "fuzzy": 0, "orphaned": 0}
    assert [c["id"] for c in claims_json(run, "anchor:orphaned")] == [claimed["kyiv"]]


def test_a_quote_that_opens_with_its_own_mark_is_not_marked_twice(  # type: ignore[no-untyped-def]
    run, lib: Path
) -> None:
    (lib / "speech.md").write_text(
        "---\nid: speech\ntitle: Speech\n---\n\n"
        "The minister said: “Among our partners, trust is earned.” Then she left.\n"
    )
    annotate(run, "speech", "--quote", "“Among our partners, trust is earned.”")
    annotate(run, "speech", "--quote", "Then she left.")
    code, out, err = run("claims", "speech")
    assert code == 0, err
    assert "““" not in out and "””" not in out, out
    assert "“Among our partners, trust is earned.”" in out
    assert "“Then she left.”" in out, "a quote without its own marks is still marked"


@pytest.mark.parametrize("quote", ["", "   "])
def test_annotate_an_empty_quote_says_it_is_empty(run, quote: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("annotate", "oil", "--quote", quote)
    assert code == 2 and out == ""
    assert one_line_error(err) == "briefing: error: the quote is empty: give the words to claim"
    assert claims_json(run) == []


def test_a_claim_prefix_under_4_characters_says_so(run, claimed: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """A newcomer copies the first few characters of an id, as with git's."""
    short = claimed["lede"][:3]
    code, _out, err = run("claim-edit", short, "--note", "x")
    assert code == 2
    assert "a claim is found by a prefix of 4 characters or more" in one_line_error(err)
    code, _out, err = run("claim-edit", "zzz", "--note", "x")
    assert code == 2
    assert "4 characters" not in err and "no claim with id 'zzz'" in err
    code, out, _err = run("claim-edit", claimed["lede"][:6], "--note", "x")
    assert code == 0, out


def test_review_shows_a_change_far_into_a_long_passage(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    """``briefing review`` cut "was" and "now" at 160 characters from their
    starts: a change further on was in neither line."""
    sentence = (
        "Lord Falconer insists that the proposals do not equate to a police state and strike "
        "a balance between protecting the public against the threat of terrorism and "
        "upholding civil liberties."
    )
    (lib / "falconer.md").write_text(f"---\nid: falconer\ntitle: Terror law\n---\n\n{sentence}\n")
    annotate(run, "falconer", "--quote", sentence)
    edited = sentence.replace("civil liberties", "civil freedoms")
    (lib / "falconer.md").write_text(f"---\nid: falconer\ntitle: Terror law\n---\n\n{edited}\n")
    code, out, err = run("review")
    assert code == 0, err
    was = next(line for line in out.splitlines() if "was: " in line)
    now = next(line for line in out.splitlines() if "now: " in line)
    assert "upholding civil liberties.”" in was and "upholding civil freedoms.”" in now
    assert "“…" in was and "“…" in now


def test_doctor_says_how_many_claims_need_review(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    """With claims an edit made fuzzy or orphaned, ``briefing doctor`` said only that
    the store and the index were ok (a newcomer walk): it names them now."""
    annotate(run, "talks", "--quote", KYIV)
    code, out, _ = run("doctor")
    assert code == 0 and "Claims:" not in out  # none to review
    (lib / "talks.md").unlink()
    run("index")  # the sync that finds the file gone (doctor looks, and changes nothing)
    code, out, _ = run("doctor")
    assert code == 0  # the store and the index are sound: nothing to repair
    assert "Claims:  1 need review (0 fuzzy, 1 orphaned); `briefing review` lists them" in out


def test_claims_of_one_briefing_named_as_show_names_it(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    """``briefing claims DOC`` lists that briefing's claims: its id was searched as a
    word and listed none ("No claims match."). An id, ``id:`` and an id or prefix
    (as ``show`` prints it: ``Id: …``), or a path name it; a word is still a query."""
    oil = annotate(run, "oil.md", "--quote", "Traders said the rally would last")
    talks = annotate(run, "talks.md", "--quote", KYIV)
    for named in ("talks", "id:talks", "id:talk", "ID:talks", "talks.md", str(lib / "talks.md")):
        assert [c["id"] for c in claims_json(run, named)] == [talks], named
    assert [c["id"] for c in claims_json(run, "traders")] == [oil]  # a word: a query
    code, out, _ = run("claims", "id:talk")
    assert code == 0 and "Kyiv" in out
    code, out, _ = run("show", "id:oil")
    assert code == 0 and "Title:   Oil prices climb" in out


def test_claims_of_a_briefing_not_named_say_why(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    (lib / "bare.md").write_text("---\nid: bare\ntitle: Bare\n---\n\nNothing claimed here.\n")
    for named, said in (
        ("id:nothing", "no briefing with id 'nothing'"),
        ("id:ta", "an id prefix of 4 characters or more"),
        ("id:", "needs an id"),
        ("./missing.md", "no briefing at './missing.md'"),
    ):
        code, out, err = run("claims", named)
        assert code == 2 and out == "", named
        assert said in one_line_error(err), named
    (lib / "twin.md").write_text("---\nid: talks-twin\ntitle: Twin\n---\n\nSecond.\n")
    code, _, err = run("claims", "id:talk")
    assert code == 2 and "matches several document ids" in one_line_error(err)
    code, out, err = run("claims", "bare.md")
    assert code == 1 and out == ""
    assert err.strip() == "No claims on 'Bare' (bare.md)."


def _paths_and_anchors(run) -> list[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    return [(c["path"], c["anchor"]) for c in claims_json(run)]


def test_claims_follow_a_copy_when_the_original_is_deleted_later(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    """``cp oil.md copy.md``, a sync, then ``rm oil.md``: the claims were orphaned
    though copy.md holds the same text; now they, the tags and the id follow the
    copy, as ``mv oil.md copy.md`` keeps them."""
    annotate(run, "oil.md", "--quote", LEDE)
    assert run("tag", "oil.md", "+watch")[0] == 0
    (lib / "copy.md").write_bytes((lib / "oil.md").read_bytes())
    assert run("index")[0] == 0
    (lib / "oil.md").unlink()
    code, out, err = run("index")
    assert code == 0, err
    assert "renamed  oil.md → copy.md" in out and "orphaned" not in out + err
    assert _paths_and_anchors(run) == [("copy.md", "exact")]
    code, out, _ = run("show", "copy.md")
    assert "Tags:    energy, watch" in out and "Id:      oil" in out


def test_claims_stay_for_review_when_which_copy_is_not_known(run, lib: Path) -> None:  # type: ignore[no-untyped-def]
    """Two bare copies, or a copy with claims of its own: the deleted briefing's
    claims are orphaned as before (`briefing review`), never put on a guess."""
    annotate(run, "oil.md", "--quote", LEDE)
    annotate(run, "talks.md", "--quote", KYIV)
    for name in ("one.md", "two.md"):
        (lib / name).write_bytes((lib / "oil.md").read_bytes())
    (lib / "own.md").write_bytes((lib / "talks.md").read_bytes())
    assert run("index")[0] == 0
    annotate(run, "own.md", "--quote", "Officials in Kyiv")
    (lib / "oil.md").unlink()
    (lib / "talks.md").unlink()
    assert run("index")[0] == 0
    assert sorted(_paths_and_anchors(run), key=str) == sorted(
        [(None, "orphaned"), (None, "orphaned"), ("own.md", "exact")], key=str
    )
