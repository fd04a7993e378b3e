"""A word typed precomposed finds it written decomposed, and the other way round.

``café`` is four code points when typed (NFC) and five in text copied from
macOS, some PDFs and web pages (NFD: ``e`` and a combining accent). The index
took the accent for a word break: a decomposed ``café`` was indexed as
``cafe``, found by neither ``café`` nor ``"café noir"``, its tag was another
tag, and its highlight was missing.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search import match_spans
from briefing_tui.core.tags import normalize_tag
from briefing_tui.core.workspace import Workspace

NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")
assert NFC != NFD


def _briefing(title: str, tag: str, body: str) -> str:
    return f"---\ntitle: {title}\ntags: [{tag}]\n---\n\n{body}\n"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("forms")
    library = root / "library"
    library.mkdir()
    (library / "decomposed.md").write_text(
        _briefing(f"Le {NFD} du coin", NFD, f"Un {NFD} noir, puis un autre {NFD} noir.")
    )
    (library / "composed.md").write_text(
        _briefing(f"Le {NFC} d'en face", NFC, f"Un {NFC} noir et un thé.")
    )
    (library / "plain.md").write_text(_briefing("Tea", "drinks", "A cafe without accents."))
    workspace = Workspace(resolve_paths(library, root / "data"))
    workspace.sync()
    return workspace


def _paths(ws: Workspace, ids: list[str]) -> list[str]:
    records = [ws.store.get(doc_id) for doc_id in ids]
    return sorted(record.path for record in records if record is not None)


@pytest.mark.parametrize("form", ["typed composed", "typed decomposed"])
@pytest.mark.parametrize(
    "query",
    ["{w}", '"un {w} noir"', "caf* noir", "title:{w}", "tag:{w}", "{w} -thé"],
)
def test_either_form_finds_both(ws: Workspace, query: str, form: str) -> None:
    word = NFC if form == "typed composed" else NFD
    found = _paths(ws, ws.search(query.format(w=word), limit=10).ids)
    if query == "{w} -thé":
        assert found == ["decomposed.md"]
    else:
        assert found == ["composed.md", "decomposed.md"]


def test_as_you_type_finds_both(ws: Workspace) -> None:
    for typed in (NFC, NFD, NFC[:3] + NFD[3:]):
        found = _paths(ws, ws.search_as_you_type(typed, paused=True).ids)
        assert found == ["composed.md", "decomposed.md"], ascii(typed)


def test_the_tag_is_one_tag_whichever_form_it_came_in() -> None:
    assert normalize_tag(NFD) == normalize_tag(NFC) == NFC


def test_highlights_fall_on_the_decomposed_words_as_written() -> None:
    text = f"Un {NFD} noir, puis un autre {NFD}."
    spans = match_spans(text, frozenset({NFC}))
    assert [text[start:end] for start, end in spans] == [NFD, NFD]


def test_the_snippet_of_a_decomposed_briefing_marks_its_word(ws: Workspace) -> None:
    results = ws.search(NFC, limit=10)
    hit = next(hit for hit in results.hits if hit.path == "decomposed.md")
    assert hit.snippet is not None
    marked = [hit.snippet.text[start:end] for start, end in hit.snippet.matches]
    assert marked and all(unicodedata.normalize("NFC", word) == NFC for word in marked)


def test_an_index_of_the_version_before_is_rebuilt(tmp_path: Path) -> None:
    """Indexes built before words were composed are rebuilt once, by the next sync."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "decomposed.md").write_text(_briefing("Menu", "food", f"Un {NFD} noir."))
    paths = resolve_paths(library, tmp_path / "data")
    with Workspace(paths) as workspace:
        workspace.sync()
    version = next(paths.index_dir.glob("briefing-schema-version"))
    version.write_text("5")
    with Workspace(paths) as workspace:
        report = workspace.sync()
        assert report.rebuilt
        assert _paths(workspace, workspace.search(NFC).ids) == ["decomposed.md"]


BENGALI = "\u0995\u09c7\u09be"  # কো typed as its two vowel-sign halves, as keyboards do


def test_a_two_part_vowel_sign_is_highlighted_not_a_crash() -> None:
    """``ে`` + ``া`` compose to ``ো``: normalised apart, the text stayed unnormalised and
    the highlighting normalised it again, for ever (RecursionError in every search)."""
    text = f"{BENGALI} news, {BENGALI}"
    spans = match_spans(text, frozenset({"news", unicodedata.normalize("NFC", BENGALI)}))
    assert [text[start:end] for start, end in spans] == [BENGALI, "news", BENGALI]


def test_every_pair_that_composes_is_composed_in_view() -> None:
    from briefing_tui.core.text.forms import SECOND_HALVES, composed_view

    halves = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            first, second = (chr(int(part, 16)) for part in parts)
            if not unicodedata.combining(second):
                halves.add(second)
                text = f"a {first}{second} b"
                assert composed_view(text)[0] == unicodedata.normalize("NFC", text), hex(code)
    assert halves <= SECOND_HALVES, sorted(hex(ord(char)) for char in halves - SECOND_HALVES)


def test_the_find_bar_finds_either_form_where_it_is_written() -> None:
    from briefing_tui.core.text.finding import find_all

    text = f"Un {NFD} noir. Un {NFC} blanc. CAFÉ."
    for typed in (NFC, NFD):
        spans = find_all(text, typed)
        assert [text[start:end] for start, end in spans] == [NFD, NFC, "CAFÉ"]
    assert find_all("Un café noir.", NFD) == [(3, 7)]
