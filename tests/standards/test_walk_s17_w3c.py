"""Annotations exchanged with other tools, judged by the W3C Web Annotation model.

- a ``TextualBody`` whose ``format`` is ``text/html`` is kept as the text it shows
  (model 3.2.4 ``format``), not as markup with ``&amp;`` in the note;
- what a claim has no place for (an annotation's ``creator`` and ``generator``, a body
  that is only an IRI or has no text) is reported by the import, not dropped silently;
- our export counts ``TextPositionSelector`` offsets in code points (model 4.2.5), after
  emoji and combining marks too, and survives export → import → export unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.exchange.loading import parse_annotations

from .w3c_musts import check_export

Run = Callable[..., tuple[int, str, str]]

CTX = "http://www.w3.org/ns/anno.jsonld"
TEXT = (
    "---\nid: uni\ntitle: Unicode\ndate: 2024-03-01\n---\n\n"
    "The minister said \u201cwe will act\u201d and left \U0001f389\U0001f389 after the "
    "cafe\u0301 meeting. Zo\u00eb met the \U0001f469\u200d\U0001f469\u200d\U0001f467 "
    "family; target phrase after emoji.\n"
)


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsysbinary) -> Run:  # type: ignore[no-untyped-def]
    def runner(*args: str, data: Path = data_dir) -> tuple[int, str, str]:
        code = main([*args, "--content", str(lib_dir), "--data", str(data)])
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return runner


def _foreign(body: object, **extra: object) -> bytes:
    annotation = {
        "@context": CTX,
        "id": "https://hypothes.is/a/abc",
        "type": "Annotation",
        "body": body,
        "target": {
            "source": "uni.md",
            "selector": {"type": "TextQuoteSelector", "exact": "target phrase"},
        },
        **extra,
    }
    return json.dumps(annotation).encode("utf-8")


def test_an_html_body_is_kept_as_the_text_it_shows() -> None:
    body = {
        "type": "TextualBody",
        "format": "text/html",
        "value": "<p>Lost <b>many</b> &amp; more</p><p>Next<br>line</p><script>x()</script>",
    }
    incoming = parse_annotations(_foreign(body))
    assert incoming.claims[0].note == "Lost many & more\nNext\nline"


def test_a_plain_body_keeps_its_angle_brackets() -> None:
    body = {"type": "TextualBody", "format": "text/plain", "value": "a <b> &amp; c"}
    assert parse_annotations(_foreign(body)).claims[0].note == "a <b> &amp; c"


def test_what_a_claim_cannot_keep_is_reported(write, run: Run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("uni.md", TEXT)
    assert run("index")[0] == 0
    bodies = [
        {"type": "TextualBody", "value": "kept", "creator": {"name": "Ann"}},
        "http://example.org/elsewhere",
        {"type": "SpecificResource", "source": "http://example.org/x"},
    ]
    agent = {"id": "https://recogito.example/", "type": "Software"}
    path = tmp_path / "foreign.jsonld"
    path.write_bytes(_foreign(bodies, creator="acct:bob@hypothes.is", generator=agent))
    code, out, err = run("import-annotations", str(path))
    assert code == 0, err
    assert "not kept" in out
    for kind in ("creator (2)", "generator (1)", "body that is only a link (1)"):
        assert kind in out, out
    assert "body without text (1)" in out
    code, out, err = run("import-annotations", str(path), "--dry-run", "--json")
    assert json.loads(out)["left_out"] == {
        "creator": 2,
        "generator": 1,
        "body that is only a link": 1,
        "body without text": 1,
    }


def test_positions_count_code_points_and_survive_a_round_trip(
    write,  # type: ignore[no-untyped-def]
    run: Run,
    tmp_path: Path,
) -> None:
    write("uni.md", TEXT)
    assert run("index")[0] == 0
    first = run("annotate", "uni", "--quote", "target phrase", "--note", "<b>x</b> &amp;")[1]
    other = run("annotate", "uni", "--quote", "\u201cwe will act\u201d", "--tag", "two words")
    assert run("link", first.strip(), "contradict", other[1].strip())[0] == 0
    code, out, err = run("export", "--format", "w3c")
    assert code == 0, err
    exported = json.loads(out)
    assert check_export(exported) == []
    items = exported["first"]["items"]
    claim = next(item for item in items if "target phrase" in json.dumps(item))
    quote, position = claim["target"]["selector"]
    plain = TEXT.split("---\n\n", 1)[1]
    start = plain.index("target phrase")  # code points: Python's own indexing
    assert (position["start"], position["end"]) == (start, start + len("target phrase"))
    assert quote["prefix"] == plain[start - len(quote["prefix"]) : start]
    assert quote["suffix"] == plain[start + 13 : start + 13 + len(quote["suffix"])]
    path = tmp_path / "out.jsonld"
    path.write_text(out, encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert run("index", data=fresh)[0] == 0
    code, report, err = run("import-annotations", str(path), data=fresh)
    assert code == 0 and "not kept" not in report, report + err
    again = json.loads(run("export", "--format", "w3c", data=fresh)[1])
    assert again["first"]["items"] == items


def test_an_html_body_reads_its_entities_once() -> None:
    """``&amp;lt;`` in HTML is the text "&lt;", not "<" (read twice, it was)."""
    from briefing_tui.core.exchange.w3c_parts import html_text

    assert html_text("<p>a &amp;lt;b&amp;gt; &amp; c</p>") == "a &lt;b&gt; & c"


def test_page_notes_and_positions_alone_are_left_out_the_rest_lands(  # type: ignore[no-untyped-def]
    write, run: Run, tmp_path: Path
) -> None:
    """A Hypothesis export holds page notes (a target that is the page's IRI alone),
    and other tools write a TextPositionSelector or a FragmentSelector alone (valid,
    model 4.2.5 and 4.2.1): one of them refused the whole file, every quoted
    annotation with it. Now they are left out and counted; a file of nothing else is
    still refused in one line."""
    write("uni.md", TEXT)
    assert run("index")[0] == 0
    quoted = json.loads(_foreign({"type": "TextualBody", "value": "kept"}))
    page_note = quoted | {"id": "https://hypothes.is/a/page", "target": "uni.md"}
    position = quoted | {
        "id": "https://hypothes.is/a/pos",
        "target": {
            "source": "uni.md",
            "selector": {"type": "TextPositionSelector", "start": 4, "end": 12},
        },
    }
    path = tmp_path / "mixed.jsonld"
    path.write_text(json.dumps([page_note, quoted, position]), encoding="utf-8")
    code, out, err = run("import-annotations", str(path))
    assert code == 0, err
    assert "annotation without a quoted passage (a page note, a position alone) (2)" in out, out
    code, out, _ = run("claims", "--json")
    assert [claim["quote"] for claim in json.loads(out)] == ["target phrase"]
    alone = tmp_path / "notes.jsonld"
    alone.write_text(json.dumps([page_note, position]), encoding="utf-8")
    code, out, err = run("import-annotations", str(alone))
    assert code == 2 and "cannot be imported" in err and err.count("\n") == 1, err
