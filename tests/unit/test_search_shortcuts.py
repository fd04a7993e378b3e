"""The search's shortcuts give exactly what Whoosh's slow way gives.

Posting sets read from the start of each block, prefix queries ranked by
counting sets, words ranked from whole posting blocks, and the snippet's tree
of word beginnings are each checked against the plain Whoosh (or plain
regular expression) answer, on a small library of two segments with deleted
briefings.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher, W3PerDocReader
from whoosh.searching import Searcher

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search import phrases, postings, ranking
from briefing_tui.core.search import run as search_run
from briefing_tui.core.search.compile import compile_query
from briefing_tui.core.search.postings import posting_ids
from briefing_tui.core.search.snippets import _candidates, make_snippet
from briefing_tui.core.workspace import Workspace

from .helpers import briefing

#: Words sharing two-letter beginnings, so prefixes expand to several terms.
VOCABULARY = [
    *("government", "governor", "goal", "gold", "minister", "ministry", "mining", "minor"),
    *("price", "prison", "protest", "press", "state", "steel", "storm", "studio"),
    *("report", "reform", "record", "council", "course", "court", "season", "secret"),
]


def _body(number: int) -> str:
    """Briefing ``number``'s text: a seeded mix of the vocabulary, of varied length
    (so prefix counts differ), and a word every 300th briefing holds (gaps between
    its documents too wide for one byte)."""
    rng = random.Random(number)
    words = [rng.choice(VOCABULARY) for _ in range(3 + number % 17)]
    if number % 300 == 0:
        words.append("lighthouse")
    words.insert(number % len(words), "bulletin")  # a word every briefing holds
    for every, phrase in (
        (5, "prime minister"),
        (7, "minister prime"),
        (11, "prime minister said"),
    ):
        if number % every == 0:
            words.insert(number % len(words), phrase)
    if number % 13 == 0:
        words.append("bbc.co.uk news")  # a dotted name: its parts share its position
    return " ".join(words) + ".\n"


@pytest.fixture(autouse=True)
def _no_time_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results compared whole: a search ranks within a 60 ms budget, which a busy
    machine runs out of (the results are then marked partial, not wrong)."""
    monkeypatch.setattr(search_run, "QUERY_BUDGET", 60.0)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("shortcuts")
    library = root / "library"
    library.mkdir()
    for number in range(420):
        date = f"20{10 + number % 15}-0{1 + number % 9}-1{number % 10}"
        (library / f"b{number:03d}.md").write_text(briefing(_body(number), date=date))
    workspace = Workspace(resolve_paths(library, root / "data"))
    workspace.sync()
    for number in range(420, 700):  # a second segment
        (library / f"b{number:03d}.md").write_text(briefing(_body(number), title=f"Late {number}"))
    workspace.sync()
    for number in (0, 7, 301, 450):  # deleted documents in both segments
        (library / f"b{number:03d}.md").unlink()
    workspace.sync()
    yield workspace
    workspace.close()


def _whoosh_sets(reader: object) -> dict[tuple[int, str, bytes], set[int]]:
    """Every term's live documents per segment, as Whoosh's matcher walks them."""
    found = {}
    for number, (leaf, _offset) in enumerate(reader.leaf_readers()):  # type: ignore[attr-defined]
        for field in leaf.indexed_field_names():
            for term in leaf.lexicon(field):
                matcher = leaf.postings(field, term)
                ids = set()
                while matcher.is_active():
                    ids.add(matcher.id())
                    matcher.next()
                found[(number, field, term)] = ids
    return found


def test_posting_sets_are_read_without_unpickling_positions_and_equal_whoosh(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a block's ids used to unpickle its whole data (every posting's
    positions); now the ids alone are read, and every term of every field, in
    both segments and with deletions, lists what Whoosh's walk lists."""
    with ws.index().searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) >= 2 and reader.has_deletions()
        expected = _whoosh_sets(reader)
        assert max(len(ids) for ids in expected.values()) > 128  # several blocks

        def unpickled(self: W3LeafMatcher) -> None:
            raise AssertionError("a block's positions were unpickled to read its ids")

        leaves = [leaf for leaf, _offset in reader.leaf_readers()]
        # Made first: under a deletion filter Whoosh reads the first block itself.
        matchers = {key: leaves[key[0]].postings(key[1], key[2]) for key in expected}
        monkeypatch.setattr(W3LeafMatcher, "_read_data", unpickled)
        for key, ids in expected.items():
            assert posting_ids(matchers[key]) == ids, key


def _equal_scores_newest_first(searcher: Searcher, hits: list) -> list:  # type: ignore[type-arg]
    """Whoosh's hits with equal scores listed newest first, then by title (Whoosh
    lists them in the index's order, which means nothing to a user)."""
    by_number = {hit.docnum: hit for hit in hits}
    scores = {hit.docnum: hit.score for hit in hits}
    return [by_number[d] for d in postings.best_first(searcher, by_number, scores)]


def _whoosh_ranking(
    searcher: Searcher, query: wq.Query
) -> tuple[list[str], dict[str, float], set[str]]:
    """Whoosh's own answer with no time limit: the ids of the best
    :data:`~.run.SCORED` in order, their scores, and every match. A NOT part is
    left out as a set, as the search does (Whoosh's own ``AndNot`` kept a
    briefing holding the negated word when its positive side was a date range)."""
    positive, negative = (query.a, query.b) if isinstance(query, wq.AndNot) else (query, None)
    excluded = set(searcher.docs_for_query(negative)) if negative is not None else set()
    ranked = [hit for hit in searcher.search(positive, limit=None) if hit.docnum not in excluded]
    ranked = _equal_scores_newest_first(searcher, ranked)
    best = ranked[: search_run.SCORED]
    return (
        [hit["id"] for hit in best],
        {hit["id"]: round(hit.score, 4) for hit in best},
        {hit["id"] for hit in ranked},
    )


@pytest.mark.parametrize(
    "text",
    [
        "go* OR mi* OR pr* OR st* OR re* OR co* OR se*",
        "go* mi*",
        "pr* (go* OR st*)",
        "(go* OR mi*) -lighthouse",
        "go* OR go* OR mi*",
    ],
)
def test_prefix_queries_rank_as_whoosh_ranks_them_with_all_the_time_needed(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """With no time left to rank (a busy machine), a query of prefixes alone is
    still ranked in full, exactly as Whoosh's own ranking with no time limit:
    the same best briefings in the same order with the same scores, and the same
    matches in all."""
    reference = ws.search(text, limit=30)
    with ws.index().searcher() as searcher:
        compiled = compile_query(searcher, text)
        expected_order, expected_scores, everything = _whoosh_ranking(searcher, compiled)
    monkeypatch.setattr(search_run, "QUERY_BUDGET", 60.0)
    results = ws.search(text, limit=30)
    assert not results.partial
    assert results.ids[: len(expected_order)] == expected_order
    assert {hit.id: hit.score for hit in results.hits} == {
        hit_id: expected_scores[hit_id] for hit_id in expected_order[:30]
    }
    assert set(results.ids) == everything == set(reference.ids)
    assert results.total == len(everything) > 30


def _whoosh_date_ranges(query: wq.Query) -> wq.Query:
    """``query`` with Whoosh's own date ranges in place of the set-built spans."""

    def stock(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.DateRange) and type(node) is not wq.DateRange:
            return wq.DateRange(node.fieldname, node.startdate, node.enddate, endexcl=True)
        return node

    return query.accept(stock)


@pytest.mark.parametrize(
    "text",
    [
        "date:2015",
        "date:>2019",
        "date:2012 OR date:2019",
        "minister date:<2018",
        "pr* date:2013",
        "date:2016 -minister",
        "(court OR date:2020) state",
    ],
)
def test_date_spans_find_and_rank_as_whoosh_date_ranges_without_walking_them(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """A date span's briefings are read as sets (Whoosh walked its union of date
    terms a posting at a time: ``date:2022`` as slow as bare Whoosh at 100,000);
    every match, the ranked order and the scores stay Whoosh's own."""
    with ws.index().searcher() as searcher:
        stock = _whoosh_date_ranges(compile_query(searcher, text))
        assert any(isinstance(leaf, wq.DateRange) for leaf in stock.leaves())
        expected_order, expected_scores, everything = _whoosh_ranking(searcher, stock)

    def walked(*_args: object) -> None:
        raise AssertionError("a date span's union was walked posting by posting")

    monkeypatch.setattr(wq.NumericRange, "matcher", walked)
    monkeypatch.setattr(wq.NumericRange, "docs", walked)
    results = ws.search(text, limit=30)
    assert not results.partial
    assert results.ids[: len(expected_order)] == expected_order
    assert {hit.id: hit.score for hit in results.hits} == {
        hit_id: expected_scores[hit_id] for hit_id in expected_order[:30]
    }
    assert set(results.ids) == everything
    assert everything
    assert sorted(ws.search_as_you_type(text + " ").ids) == sorted(everything)


def _whoosh_phrases(query: wq.Query) -> wq.Query:
    """``query`` with Whoosh's own phrases in place of the candidate phrases."""

    def stock(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Phrase) and type(node) is not wq.Phrase:
            return wq.Phrase(node.fieldname, list(node.words))
        return node

    return query.accept(stock)


@pytest.mark.parametrize(
    "text",
    [
        '"prime minister"',
        '"minister prime"',
        '"prime minister said"',
        '"prime minister" steel',
        '"prime minister" OR court',
        '"prime minister" -steel',
        'title:"late 451"',
        '"uk news"',
        '"co uk"',
        '"steel storm" OR "storm steel"',
    ],
)
@pytest.mark.parametrize("blocks", ["by share", "every block whole", "ids first"])
def test_phrases_find_and_rank_as_whoosh_phrases_without_walking_spans(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, text: str, blocks: str
) -> None:
    """A phrase's candidates are the briefings holding all its words, and only
    their positions are read (Whoosh walked every candidate building spans:
    ``"prime minister"`` took 200 ms of CPU at 100,000 briefings), each word's
    score is looked up by weight and length byte, not computed per document;
    every match, the ranked order and the scores stay Whoosh's own, dotted
    names included. Both ways of reading a word's blocks (each whole, when
    candidates are dense; the ids first, to skip a block without one) are held
    to that, whichever this small index's shares would choose."""
    from whoosh.query.spans import SpanNear2

    share = {"by share": phrases.DENSE_SHARE, "every block whole": 10**9, "ids first": 0}
    monkeypatch.setattr(phrases, "DENSE_SHARE", share[blocks])

    with ws.index().searcher() as searcher:
        stock = _whoosh_phrases(compile_query(searcher, text))
        assert any(type(leaf) is wq.Phrase for leaf in stock.leaves()) or "OR" in text
        expected_order, expected_scores, everything = _whoosh_ranking(searcher, stock)

    def walked(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a phrase was matched by walking Whoosh's spans")

    def measured(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a field length was read document by document to score")

    monkeypatch.setattr(SpanNear2.SpanNear2Matcher, "_get_spans", walked)
    monkeypatch.setattr(W3PerDocReader, "doc_field_length", measured)
    results = ws.search(text, limit=30)
    assert not results.partial
    assert results.ids[: len(expected_order)] == expected_order
    assert {hit.id: hit.score for hit in results.hits} == {
        hit_id: expected_scores[hit_id] for hit_id in expected_order[:30]
    }
    assert set(results.ids) == everything
    assert sorted(ws.search_as_you_type(text + " ").ids) == sorted(everything)
    if text != '"co uk"':  # the parts of bbc.co.uk stand at one position: not a phrase
        assert everything


WORD_QUERIES = [
    "government",
    "bulletin",  # in every briefing: scores tie by the hundred
    "lighthouse",  # a rare word: gaps of 300 between its briefings
    "government minister",
    "government OR steel",
    "government OR steel OR storm OR prison",
    "(court OR steel) (government OR bulletin)",
    "title:late",
    "title:451",  # one posting, kept in the term's entry (inlined)
    "government -steel",
    '"prime minister" OR court',
    "pr* bulletin",
]


def _whoosh_scores(searcher: Searcher, query: wq.Query) -> dict[int, float]:
    """Every match of ``query`` with the score Whoosh's own ranking gives it."""
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


@pytest.fixture(params=["auto", "tree"])
def or_matchers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Whoosh's choice of OR matcher ("auto": an array of scores for three or more
    words in a segment under 5,000 briefings, left to Whoosh) or its tree of
    unions, which larger segments get (their sums depend on the tree's shape)."""
    if request.param == "tree":
        monkeypatch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)
    return str(request.param)


@pytest.mark.parametrize("text", WORD_QUERIES)
def test_words_are_scored_from_whole_blocks_exactly_as_whoosh_scores_them(
    ws: Workspace, or_matchers: str, text: str
) -> None:
    """Each match's score from blocks of ids and weights and a table of
    (weight, length byte) is the very float Whoosh's ranking computes a
    posting at a time, in both segments, without the deleted briefings."""
    with ws.index().searcher() as searcher:
        positive = compile_query(searcher, text)
        if isinstance(positive, wq.AndNot):
            positive = positive.a
        expected = _whoosh_scores(searcher, positive)
        found = ranking.scored_matches(searcher, positive)
    if found is None:
        # Only Whoosh's array of scores (small segments, three words or more) is left to it.
        assert or_matchers == "auto" and text.count(" OR ") >= 2
        return
    assert found == expected
    assert len(expected) > 0


@pytest.mark.parametrize("text", WORD_QUERIES)
def test_words_rank_as_whoosh_ranks_them_without_its_ranking(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, or_matchers: str, text: str
) -> None:
    """The best briefings, their order (the lower number first among equal
    scores), their scores and every match are Whoosh's own, while Whoosh's
    posting-at-a-time ranking is never run (it took 38 ms of ``government``'s
    54 at 100,000 briefings)."""
    with ws.index().searcher() as searcher:
        compiled = compile_query(searcher, text)
        expected_order, expected_scores, everything = _whoosh_ranking(searcher, compiled)
        typed = compile_query(searcher, text + " ", as_you_type=True)
        typed_order = _whoosh_ranking(searcher, typed)[0]

    def ranked_by_whoosh(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Whoosh's ranking walked the postings")

    shortcut = or_matchers == "tree" or text.count(" OR ") < 2
    if shortcut:
        monkeypatch.setattr(Searcher, "search_with_collector", ranked_by_whoosh)
        monkeypatch.setattr(W3PerDocReader, "doc_field_length", ranked_by_whoosh)
    results = ws.search(text, limit=30)
    assert not results.partial
    assert set(results.ids) == everything
    if not shortcut:
        # Left to Whoosh's ranking, whose skipping of blocks that cannot rank may
        # add an array's scores in another order than its ranking of everything.
        return
    assert results.ids[: len(expected_order)] == expected_order
    assert {hit.id: hit.score for hit in results.hits} == {
        hit_id: expected_scores[hit_id] for hit_id in expected_order[:30]
    }
    assert set(results.ids) == everything
    assert results.total == len(everything) > 0
    assert ws.search_as_you_type(text + " ").ids[: len(typed_order)] == typed_order


def test_every_layout_of_a_block_scores_as_whoosh_scores_it(tmp_path: Path) -> None:
    """Blocks of one to five postings (a short tuple's weights are pickled without
    a mark, and one weight for all as a bare float), weights all 1.0, all equal or
    mixed, and a block too small to compress: scored as Whoosh scores them."""
    from whoosh import fields, index

    schema = fields.Schema(body=fields.TEXT(stored=False))
    ix = index.create_in(str(tmp_path), schema)
    layouts = {
        "ones": [1] * 5,
        "twos": [2] * 5,
        "mixed": [1, 3, 2, 5, 4],
        "rising": [1, 2, 2, 2, 3],
    }
    writer = ix.writer()
    for count in range(1, 6):
        for number in range(count):
            words = [f"{name}{count}" for name, tfs in layouts.items() for _ in range(tfs[number])]
            writer.add_document(body=" ".join(words + ["filler"] * (number * 7 % 11)))
    writer.commit()
    with ix.searcher() as searcher:
        for name in layouts:
            for count in range(1, 6):
                term = wq.Term("body", f"{name}{count}")
                found = ranking.scored_matches(searcher, term)
                assert found is not None, term
                assert found == _whoosh_scores(searcher, term), term
                assert len(found) == count


@pytest.mark.parametrize(
    "typed",
    [
        ["government m", "government mi", "government min"],  # listed newest first
        ["government mini", "government minis", "government minist"],  # ranked
    ],
)
def test_each_keystroke_reuses_what_the_one_before_read(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, typed: list[str]
) -> None:
    """Typing on after ``government m…``: ``government``'s postings are not read
    again (a search hands what it read to the next on the same searcher), and
    every keystroke lists what it lists after an unrelated search."""
    # Whoosh's tree of unions, as segments of over 5,000 briefings get: every
    # ranked keystroke is then ranked from blocks.
    monkeypatch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)
    fresh = []
    for text in typed:
        ws.search_as_you_type("court")  # forgets what the keystroke before read
        fresh.append(ws.search_as_you_type(text))
    reads: list[tuple[str, Any]] = []
    scored, listed = ranking._block_scores, postings.posting_ids
    now = [""]

    def counted_scores(matcher: W3LeafMatcher, *args: object) -> object:
        reads.append((now[0], matcher._term))
        return scored(matcher, *args)

    def counted_ids(matcher: object) -> set[int]:
        reads.append((now[0], getattr(getattr(matcher, "child", matcher), "_term", None)))
        return listed(matcher)

    ws.search_as_you_type(typed[0])
    monkeypatch.setattr(ranking, "_block_scores", counted_scores)
    monkeypatch.setattr(postings, "posting_ids", counted_ids)
    for text, expected in zip(typed[1:], fresh[1:], strict=True):
        now[0] = text
        results = ws.search_as_you_type(text)
        assert results.ids == expected.ids and results.total == expected.total
        assert not results.partial
    assert reads  # the new words' postings are read
    assert not [(text, term) for text, term in reads if term and b"govern" in term[1]]
    # A search entered (not typed) reads afresh: repeating it costs what it cost.
    ws.search(typed[-1])
    del reads[:]
    ws.search(typed[-1])
    assert [term for _text, term in reads if term and b"govern" in term[1]]


def test_three_words_ored_in_a_small_segment_are_scored_by_whoosh_once(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three words ORed in a segment under 5,000 briefings are ranked by Whoosh's
    array of scores (added in its own order): that segment is walked with
    Whoosh's own matcher, its words' postings read once (not also by blocks),
    and the scores are Whoosh's. (The whole query was left to Whoosh's ranking,
    which read every posting again: after one edit of a library of 100,000,
    the edit's one-briefing segment sent every such query there, as-you-type
    p95 53 → 80 ms.)"""

    def read(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a small segment's postings read by blocks")

    monkeypatch.setattr(ranking, "_block_scores", read)
    with ws.index().searcher() as searcher:
        assert all(
            sub.doc_count_all() <= ranking.SMALL_SEGMENT for sub, _ in searcher.leaf_searchers()
        )
        for text in ("government (steel OR storm OR prison)", "(steel OR storm OR prison) court"):
            query = compile_query(searcher, text)
            scores = ranking.scored_matches(searcher, query)
            whoosh = searcher.search(query, limit=None)
            assert scores == {hit.docnum: hit.score for hit in whoosh}
            assert scores


def test_the_best_of_equal_scores_are_the_lowest_numbers() -> None:
    scores = {9: 1.0, 3: 2.0, 7: 1.0, 1: 1.0, 5: 0.5, 2: 1.0}
    assert ranking.best_scored(scores, 3) == [3, 1, 2]
    assert ranking.best_scored(scores, 10) == [3, 1, 2, 7, 9, 5]
    assert ranking.best_scored(scores, 0) == []


def test_large_sets_are_listed_newest_first_as_a_sort_by_date_lists_them(ws: Workspace) -> None:
    """A large set is picked out of the searcher's order by date (a sort of all
    100,000 briefings by a key cost ~40 ms on each letter typed): the same order
    as sorting by date, then title, then the lower number among equals."""
    with ws.index().searcher() as searcher:
        dates = postings.column_values(searcher, "date")
        titles = postings.column_values(searcher, "title_sort")
        assert len(set(dates)) < len(dates)  # equal dates: ties to break
        live = set(range(len(dates))) - postings.deleted_docnums(searcher, searcher.reader())
        rng = random.Random(7)
        for size in (0, 1, 30, 200, len(live) // 2, len(live)):
            chosen = set(rng.sample(sorted(live), size))
            by_title = sorted(sorted(chosen), key=lambda d: titles[d] or "")
            expected = sorted(by_title, key=lambda d: dates[d] or 0, reverse=True)
            assert postings.newest_first(searcher, chosen) == expected
    everything = ws.search("", sort="date").ids
    assert len(everything) == len(live)
    assert everything == ws.search_as_you_type("b").ids


def test_positions_with_small_gaps_are_read_without_unpickling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A candidate's positions whose gaps are all under 256 (most of them; the
    first position up to 65,535) are read from the value's bytes, every byte
    value included; larger gaps are unpickled as before. Both as Whoosh's
    Positions format decodes them, with and without the pickle's final stop."""
    from whoosh import formats

    from briefing_tui.core.search import phrases

    encoded = formats.Positions()
    rng = random.Random(11)
    small = [[gap] for gap in range(256)] + [
        list(accumulate(rng.randint(1, 255) for _ in range(rng.randint(2, 40)))) for _ in range(300)
    ]
    # A first position of 256 and more (two bytes) is read too; a later wide gap is not.
    small += [[300], [300, 301, 302], [1_000, 1_255], [65_535, 65_600]]
    large = [[5, 400], [5, 70_000], [1, 2, 2**20]]
    expected = {}
    for positions in small + large:
        value = encoded.encode(sorted(set(positions)))
        for each in (value, value[:-1]):
            expected[each] = encoded.decode_positions(each)
    unpickled = phrases.loads
    calls = []

    def counted(data: bytes) -> object:
        calls.append(data)
        return unpickled(data)

    monkeypatch.setattr(phrases, "loads", counted)
    for value, positions in expected.items():
        assert list(phrases._positions(value)) == positions
    assert len(calls) == 2 * len(large)


def _flat_candidates(terms: frozenset[str]) -> re.Pattern[str]:
    """The candidate words as one flat alternation, longest beginnings first."""
    stems = sorted({term[:3] if len(term) > 3 else term for term in terms}, key=len, reverse=True)
    alternation = "|".join(re.escape(stem) for stem in stems)
    return re.compile(rf"\b(?:{alternation})\w*(?:\.?\w+)*", re.IGNORECASE)


def test_snippet_candidates_are_the_words_a_flat_alternation_finds() -> None:
    """The tree of word beginnings finds the same words, the same length, as the
    list of beginnings tried one by one: on seeded random texts and terms sharing
    beginnings, with dots, apostrophes, underscores and letters that change case."""
    rng = random.Random(19)
    letters = "abcoéGu.'_"
    for _ in range(600):
        terms = frozenset(
            "".join(rng.choice(letters) for _ in range(rng.randint(1, 6)))
            for _ in range(rng.randint(1, 12))
        )
        text = "".join(rng.choice(letters + " 1İß") for _ in range(300))
        ours = [found.span() for found in _candidates(terms).finditer(text)]
        flat = [found.span() for found in _flat_candidates(terms).finditer(text)]
        assert ours == flat, (sorted(terms), text)


def test_snippets_of_a_prefix_query_mark_the_words_found_by_a_flat_alternation(
    ws: Workspace, tmp_path: Path
) -> None:
    results = ws.search("go* OR mi* OR pr* OR st* OR re* OR co* OR se*", limit=10)
    assert results.hits and all(hit.snippet and hit.snippet.matches for hit in results.hits)
    with ws.index().searcher() as searcher:
        for hit in results.hits:
            body = searcher.document(id=hit.id)["body"]
            flat = [m.span() for m in _flat_candidates(results.terms).finditer(body)]
            marked = [span for span in flat if _matches(body[span[0] : span[1]], results.terms)]
            assert hit.snippet is not None
            assert list(hit.snippet.text_matches) == marked[:64]
            assert make_snippet(body, results.terms) == hit.snippet


def _matches(word: str, terms: frozenset[str]) -> bool:
    from whoosh.lang.porter import stem

    lowered = word.lower()
    return lowered in terms or stem(lowered) in terms
