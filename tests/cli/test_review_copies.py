"""``briefing review`` lists a claim whose passage is gone while a copy of its words
stays, and says where the words stood (a newcomer walk: the claim on the second of
two readers' "I agree wholeheartedly with Mr Forsyth." was moved onto the first
reader's, and ``index`` said only "1 moved")."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.cli import main

from .helpers import annotate, claims_json, rewrite

AGREE = "I agree wholeheartedly with Mr Forsyth."
FIRST = f"Jane Smith, Leeds: We have lost the precious freedom. {AGREE} I am shocked."
SECOND = f"John Brown, Derby: He sees one side of any argument. {AGREE} The very reason."
FRONT = "---\nid: views\ntitle: Your views\n---\n\n"
BODY = f"{FRONT}{FIRST}\n\n{SECOND}\n\nAnn Green, Hull: How true.\n"


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsys):  # type: ignore[no-untyped-def]
    """Run ``briefing`` in-process on the test library: (exit code, stdout, stderr)."""
    (lib_dir / "views.md").write_text(BODY)

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def test_a_claim_on_a_deleted_letter_is_listed_for_review_with_where_it_stood(  # type: ignore[no-untyped-def]
    run, lib_dir: Path
) -> None:
    claim = annotate(run, "views.md", "--quote", AGREE, "--occurrence", "2")
    [made] = claims_json(run)
    rewrite(lib_dir / "views.md", BODY.replace(f"{SECOND}\n\n", ""))
    code, out, err = run("index")
    assert code == 0, err
    assert "claims re-anchored: 1 fuzzy in" in out and "moved in" not in out
    code, out, err = run("review")
    assert code == 0, err
    assert claim in out
    lines = out.splitlines()
    was = next(at for at, line in enumerate(lines) if "was: " in line)
    assert lines[was].endswith(f"“{AGREE}”")
    assert (
        "after “…one side of any argument.”, before “The very reason. ¶ Ann Green,…”"
        in lines[was + 1]
    )
    assert "now: the same words elsewhere" in lines[was + 2]
    assert "1 claim(s) to review" in err

    # An unrelated edit: still to review, never exact on the first reader's words.
    rewrite(lib_dir / "views.md", BODY.replace(f"{SECOND}\n\n", "").replace("How", "So"))
    [listed] = claims_json(run)
    assert (listed["anchor"], listed["start"], listed["prefix"]) == (
        "fuzzy",
        made["start"],
        made["prefix"],
    )
    assert listed["candidate"]["text"] == AGREE
    assert listed["candidate"]["start"] < made["start"]  # the first reader's, for review
