"""A one-word search that lists only its best hits (the CLI's) skips the
posting blocks that cannot rank, and still gives what ranking every match gives.

The library has two segments, and a copy of it has briefings edited and
removed (deleted documents in both segments); its words and tags are spread
so that scores vary from block to block and tie within them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search import postings, ranking
from briefing_tui.core.search import run as search_run
from briefing_tui.core.search.compile import compile_query
from briefing_tui.core.workspace import Workspace

from .helpers import briefing

WORDS = ("harbour", "treaty", "senate", "grain", "export", "tariff", "summit", "ferry")

QUERIES = ["tag:energy", "bulletin", "harbour", "title:late", "lighthouse", "source:wire"]


def _text(number: int) -> str:
    """A seeded run of words of varied length; ``bulletin`` in every briefing,
    more than once in some; ``lighthouse`` in every 90th (a short posting list)."""
    rng = random.Random(number)
    words = [rng.choice(WORDS) for _ in range(2 + number % 23)]
    words.extend(["bulletin"] * (1 + number % 4 // 3))
    if number % 90 == 0:
        words.append("lighthouse")
    return " ".join(words) + ".\n"


def _tags(number: int) -> list[str]:
    tags = ["energy"] if number % 3 else []
    return tags + [f"t{number % 7}", "x"][: number % 3]


def _library(root: Path) -> tuple[Path, Workspace]:
    library = root / "library"
    library.mkdir()
    workspace = Workspace(resolve_paths(library, root / "data"))
    for number in range(500):
        _write(library, number)
    workspace.sync()
    for number in range(500, 800):  # a second segment
        _write(library, number)
    workspace.sync()
    return library, workspace


def _write(library: Path, number: int, extra: str = "") -> None:
    title = f"Late {number}" if number >= 500 else f"Early {number}"
    date = f"20{10 + number % 15}-0{1 + number % 9}-1{number % 10}"
    body = _text(number) + extra
    text = briefing(body, title=title, date=date, tags=_tags(number), source="Wire")
    (library / f"b{number:03d}.md").write_text(text)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    _, workspace = _library(tmp_path_factory.mktemp("best-hits"))
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The library after edits and removals: every edit deletes the briefing's old
    document (in the first segment or the second) and adds one in a third."""
    library, workspace = _library(tmp_path_factory.mktemp("best-hits-edited"))
    for number in range(0, 800, 37):  # more of the words, so some rank higher
        _write(library, number, extra="bulletin bulletin lighthouse.\n")
    for number in range(5, 800, 53):
        (library / f"b{number:03d}.md").unlink()
    workspace.sync()
    with workspace.index().searcher() as searcher:
        assert searcher.reader().has_deletions()
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def _no_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results compared whole, never cut short by a busy machine."""
    monkeypatch.setattr(search_run, "QUERY_BUDGET", 60.0)


def _best(ws: Workspace, text: str, limit: int) -> list[tuple[str, float]]:
    return [(hit.id, hit.score) for hit in ws.search(text, limit=limit, all_ids=False).hits]


@pytest.mark.parametrize("limit", [1, 7, 20, 1000])
@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("which", ["ws", "edited"])
def test_the_best_hits_are_those_of_ranking_every_match(
    request: pytest.FixtureRequest, which: str, text: str, limit: int
) -> None:
    """Same briefings, order, scores and count as the search that ranks every
    match and lists them all (what the app runs), and as Whoosh's own ranking;
    with deleted documents too (never counted, never listed)."""
    ws: Workspace = request.getfixturevalue(which)
    everything = ws.search(text, limit=limit, all_ids=True)
    found = ws.search(text, limit=limit, all_ids=False)
    assert found.total == everything.total == len(everything.ids) > 0
    assert [(hit.id, hit.score) for hit in found.hits] == [
        (hit.id, hit.score) for hit in everything.hits
    ]
    with ws.index().searcher() as searcher:
        whoosh = searcher.search(compile_query(searcher, text), limit=None)
        # Equal scores newest first, then by title (Whoosh: in the index's order).
        scores = {hit.docnum: hit.score for hit in whoosh}
        ids = {hit.docnum: hit["id"] for hit in whoosh}
        order = postings.best_first(searcher, scores, scores)[:limit]
        assert [ids[docnum] for docnum in order] == [hit.id for hit in found.hits]


@pytest.mark.parametrize("text", ["title:late", "tag:energy"])
@pytest.mark.parametrize("which", ["ws", "edited"])
def test_blocks_that_cannot_rank_are_not_read(
    request: pytest.FixtureRequest, which: str, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Of a word in hundreds of briefings (blocks of 128 postings) scoring
    alike, the blocks whose best possible score (highest weight, shortest
    length) cannot beat the tenth best so far are skipped unread: after edits
    too (a segment with deleted documents was ranked whole: at 100,000
    briefings ``tag:europe`` took 1.4 ms, and 8.7 ms after one edit). Without
    a tie order, that is: a search passes one (equal scores newest first), and
    a block to skip that could tie sends it to scoring every match (see
    ``test_the_best_hits_are_those_of_ranking_every_match`` for ``tag:energy``)."""
    ws: Workspace = request.getfixturevalue(which)
    read: list[int] = []
    keep_best = ranking._keep_best

    def counted(best, wanted, block, *rest):  # type: ignore[no-untyped-def]
        read.append(len(block[0]))
        keep_best(best, wanted, block, *rest)

    monkeypatch.setattr(ranking, "_keep_best", counted)
    with ws.index().searcher() as searcher:
        found = ranking.best_of_one_word(searcher, compile_query(searcher, text), 10)
        assert found is not None, "the one-word way was not taken"
    assert read
    assert sum(read) < found[2] / 2


def test_a_claim_with_the_tag_is_found_the_other_way(tmp_path: Path) -> None:
    """``tag:x`` also finds a briefing by its claims' tags: with such a claim
    the one-word way is not taken, and the briefing is counted and listed."""
    library = tmp_path / "library"
    library.mkdir()
    first = briefing("Grain exports rose.\n", title="A", tags=["energy"], doc_id="a")
    (library / "a.md").write_text(first)
    (library / "b.md").write_text(briefing("The treaty was signed.\n", title="B", doc_id="b"))
    ws = Workspace(resolve_paths(library, tmp_path / "data"))
    try:
        ws.sync()
        assert [hit.id for hit in ws.search("tag:energy", all_ids=False).hits] == ["a"]
        record = ws.store.by_path("b.md")
        assert record is not None
        ws.annotate(record, "The treaty was signed", tags=["energy"])
        found = ws.search("tag:energy", all_ids=False)
        assert found.total == 2
        assert sorted(hit.id for hit in found.hits) == ["a", "b"]
    finally:
        ws.close()


def test_the_deleted_documents_are_those_whoosh_says(edited: Workspace) -> None:
    """Taken from each segment's own set, numbered from its offset (they were
    asked of Whoosh one document at a time: 38 ms at 100,000 briefings)."""
    with edited.index().searcher() as searcher:
        reader = searcher.reader()
        expected = {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}
        second = [offset for _, offset in reader.leaf_readers()][1]
        assert any(d < second for d in expected) and any(d >= second for d in expected)
        assert postings.deleted_docnums(searcher, reader) == expected


@pytest.mark.parametrize("warm", [False, True])
def test_the_first_few_newest_are_those_of_the_whole_order(ws: Workspace, warm: bool) -> None:
    """``newest_first(…, first=k)`` (the few ties a top-k keeps) is the first k of
    the whole order, whether it walks the searcher's order by date (read once,
    as the app's searcher has it) or sorts the few it is given."""
    rng = random.Random(7)
    with ws.index().searcher() as searcher:
        if warm:
            postings.warm_columns(searcher)
        count = searcher.reader().doc_count_all()
        for size in (1, 3, 40, 300, count):
            chosen = set(rng.sample(range(count), size))
            whole = postings.newest_first(searcher, chosen)
            assert len(whole) == size
            for first in (1, 5, 20, size):
                assert postings.newest_first(searcher, chosen, first) == whole[:first]


@pytest.mark.parametrize("text", QUERIES)
def test_a_one_shot_search_reads_no_whole_column(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """The CLI's search (best hits only, a searcher of its own) orders its ties
    from the few documents' own dates and titles: reading the date and title
    columns whole cost 0.1 to 0.2 s at 100,000 briefings."""
    read: list[str] = []
    whole = postings.column_values

    def counted(searcher, name):  # type: ignore[no-untyped-def]
        read.append(name)
        return whole(searcher, name)

    ws.warm_up()  # the app's searcher: its ties taken from its order by date, read once
    warm = ws.search(text, limit=20, all_ids=False)
    monkeypatch.setattr(postings, "column_values", counted)
    monkeypatch.setattr(search_run, "column_values", counted)
    found = search_run.run_search(ws.index(), text, limit=20, all_ids=False)
    assert found.hits
    assert read == []
    # The same best, in the same order, as the searcher that walks its order by date.
    assert [(hit.id, hit.score) for hit in found.hits] == [(hit.id, hit.score) for hit in warm.hits]
