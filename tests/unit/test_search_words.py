"""Search finds every word the reader shows: words next to marks, dotted names,
underscores; and ``search --json`` points into the plain text a claim anchors in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

BODIES = {
    "escaped": "A line with \\*not emphasized* marks.",
    "html": "<div>\n**Hello** from an HTML block\n</div>",
    "footnote": "Growth* slowed in the third quarter.",
    "domain": "Reported by bbc.co.uk and https://foo.bar.baz/story.",
    "underscore": "The _boolean flag was set.",
    "money": "Yukos will seek $27.5bn (£14.5bn) back. The U.S. court agreed on 1.5.2005 too.",
}


@pytest.fixture
def ws(lib_dir: Path, data_dir: Path):  # type: ignore[no-untyped-def]
    for name, body in BODIES.items():
        (lib_dir / f"{name}.md").write_text(f"---\nid: {name}\ntitle: {name}\n---\n\n{body}\n")
    with Workspace(resolve_paths(lib_dir, data_dir)) as workspace:
        workspace.sync()
        yield workspace


@pytest.mark.parametrize(
    "query, found",
    [
        ("emphasized", "escaped"),
        ("hello", "html"),
        ("growth", "footnote"),
        ("bbc", "domain"),
        ("bbc.co.uk", "domain"),
        ("baz", "domain"),
        ("boolean", "underscore"),
    ],
)
def test_a_word_next_to_marks_or_inside_a_dotted_name_is_found(
    ws: Workspace, query: str, found: str
) -> None:
    assert ws.search(query).ids == [found]
    assert ws.search_as_you_type(query + " ").ids == [found]


def test_every_word_the_plain_text_shows_is_found(ws: Workspace) -> None:
    """Stop words ("and", "the") are left out of the index on purpose."""
    import re

    from whoosh.analysis import STOP_WORDS

    for record in ws.store.list_documents():
        text = ws.read(record).plain_text  # type: ignore[union-attr]
        for word in {w for w in re.findall(r"[^\W_]{3,}", text) if w.lower() not in STOP_WORDS}:
            assert record.id in ws.search(word).ids, (record.id, word)


def test_search_json_text_matches_point_into_the_plain_text(
    ws: Workspace, lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["search", "growth", "--json", "--content", str(lib_dir), "--data", str(data_dir)])
    assert code == 0
    (hit,) = json.loads(capsys.readouterr().out)
    plain = ws.read(ws.store.get("footnote")).plain_text  # type: ignore[arg-type, union-attr]
    assert hit["text_matches"]
    assert [plain[start:end] for start, end in hit["text_matches"]] == ["Growth"]


def test_body_terms_leave_out_what_only_the_title_or_source_matched(ws: Workspace) -> None:
    """The reader highlights and jumps to ``body_terms``: a ``title:`` word must
    not move it to the first place that word appears in the text."""
    assert ws.search("title:footnote").body_terms == frozenset()
    assert ws.search("title:footnote growth").body_terms == {"growth"}
    assert ws.search("growth").body_terms == {"growth"}


@pytest.mark.parametrize(
    "phrase",
    ['"27.5bn 14.5bn"', '"14.5bn back"', '"seek 27.5bn"', '"U.S. court agreed"', '"1.5.2005 too"'],
)
def test_a_phrase_across_a_dotted_word_is_found(ws: Workspace, phrase: str) -> None:
    """A dotted word (an amount, ``U.S.``, a date) is indexed with its parts: each
    part took a position of its own, so a phrase going on past one ("27.5bn
    14.5bn", "U.S. court") found nothing, in search and in the import's quotes."""
    assert ws.search(phrase).ids == ["money"]
