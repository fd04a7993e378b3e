"""Search through the index: the query language end to end, sorting, snippets, as-you-type."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search import SearchResults, make_snippet, run_search
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.workspace import Workspace

from .helpers import briefing

LIBRARY = {
    "budget.md": briefing(
        "The government announced the budget. Taxes rise for ministers.\n",
        title="Budget plans announced",
        date="2024-01-15",
        tags=["economy", "uk"],
        source="BBC News",
    ),
    "football.md": briefing(
        "The cup final ended in a draw. The minister attended.\n",
        title="Football final",
        date="2024-03-02",
        tags=["sport"],
        source="Guardian",
    ),
    "zebra.md": briefing(
        "Wildlife officials counted zebras across the plains.\n",
        title="Zebra census",
        date="2024-07-20",
        tags=["nature"],
        source="Reuters",
    ),
    "election.md": briefing(
        "The general election result surprised the government.\n",
        title="Old election",
        date="2023-11-05",
        tags=["politics", "uk"],
        source="BBC News",
    ),
    "resigns.md": briefing(
        "He stepped down after a row over the railway.\n",
        title="Government minister resigns",
        date="2024-06-01",
        tags=["politics"],
        source="Wire",
    ),
}


def _fresh_workspace(root: Path) -> tuple[Path, Workspace]:
    """The test library in a folder of the test's own, for tests that change it."""
    library = root / "library"
    library.mkdir()
    for name, text in LIBRARY.items():
        (library / name).write_text(text)
    return library, Workspace(resolve_paths(library, root / "data"))


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    _library, workspace = _fresh_workspace(tmp_path_factory.mktemp("search"))
    workspace.sync()
    yield workspace
    workspace.close()


def paths(ws: Workspace, query: str, **kwargs: object) -> list[str]:
    return [hit.path for hit in ws.search(query, limit=100, **kwargs).hits]  # type: ignore[arg-type]


def found(ws: Workspace, query: str, **kwargs: object) -> set[str]:
    return {path.removesuffix(".md") for path in paths(ws, query, **kwargs)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("government", {"budget", "election", "resigns"}),
        ("government budget", {"budget"}),
        ("government AND budget", {"budget"}),
        ("government OR zebras", {"budget", "election", "resigns", "zebra"}),
        ("government NOT budget", {"election", "resigns"}),
        ("government -budget", {"election", "resigns"}),
        ("NOT government", {"football", "zebra"}),
        ("(government OR zebras) -budget", {"election", "resigns", "zebra"}),
        ('"cup final"', {"football"}),
        ('"final cup"', set()),
        ("minist*", {"budget", "football", "resigns"}),
        ("title:minister", {"resigns"}),
        ("title:final", {"football"}),
        ('title:"minister resigns"', {"resigns"}),
        ("tag:uk", {"budget", "election"}),
        ("tag:UK", {"budget", "election"}),
        ("tag:polit*", {"election", "resigns"}),
        ("source:bbc", {"budget", "election"}),
        ('source:"bbc news"', {"budget", "election"}),
        ("source:reuters", {"zebra"}),
        ("date:2024", {"budget", "football", "zebra", "resigns"}),
        ("date:2023", {"election"}),
        ("date:2024-01..2024-03", {"budget", "football"}),
        ("date:>2024-06-01", {"zebra"}),
        ("date:>=2024-06-01", {"zebra", "resigns"}),
        ("date:<2024", {"election"}),
        ("date:2024-06-01", {"resigns"}),
        ("tag:uk date:2024", {"budget"}),
        ("zebra", {"zebra"}),  # stemmed: "zebras" in the text
        ("elections", {"election"}),
        ("nothingmatchesthis", set()),
    ],
)
def test_query_language(ws: Workspace, query: str, expected: set[str]) -> None:
    assert found(ws, query) == expected


def test_stop_words_do_not_sink_a_query(ws: Workspace) -> None:
    assert found(ws, "the government") == found(ws, "government")
    assert found(ws, "government of the") == found(ws, "government")
    assert found(ws, "the -budget") == found(ws, "-budget")
    # Alone, nothing is left to search for: said, not "no briefings match".
    for text in ("the", "-", ", …", '"the"'):
        with pytest.raises(QueryError, match="nothing to search for"):
            found(ws, text)


def test_a_prefix_that_matches_nothing_still_narrows(ws: Workspace) -> None:
    assert found(ws, "government zzzq*") == set()


def test_empty_query_lists_everything_newest_first(ws: Workspace) -> None:
    results = ws.search("", limit=100)
    assert [hit.path for hit in results.hits] == [
        "zebra.md",
        "resigns.md",
        "football.md",
        "budget.md",
        "election.md",
    ]
    assert results.total == 5


def test_sort_by_date_newest_first(ws: Workspace) -> None:
    assert paths(ws, "government", sort="date") == ["resigns.md", "budget.md", "election.md"]


def test_sort_by_title(ws: Workspace) -> None:
    assert paths(ws, "government", sort="title") == ["budget.md", "resigns.md", "election.md"]
    assert paths(ws, "", sort="title") == [
        "budget.md",
        "football.md",
        "resigns.md",
        "election.md",
        "zebra.md",
    ]


def test_sort_by_relevance_puts_a_title_match_first(ws: Workspace) -> None:
    hits = ws.search("minister", sort="relevance").hits
    assert hits[0].path == "resigns.md"
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_hits_carry_their_metadata(ws: Workspace) -> None:
    (hit,) = ws.search("zebras").hits
    record = ws.store.by_path("zebra.md")
    assert hit.id == record.id
    assert hit.title == "Zebra census"
    assert hit.date == datetime(2024, 7, 20)
    assert hit.source == "Reuters"
    assert hit.tags == ["nature"]


def test_limit_keeps_every_id_in_order(ws: Workspace) -> None:
    results = ws.search("", limit=2)
    assert len(results.hits) == 2
    assert results.total == 5
    assert len(results.ids) == 5
    assert results.ids[:2] == [hit.id for hit in results.hits]


def test_as_you_type_expands_the_last_word_past_its_stem(ws: Workspace) -> None:
    # "government" is stored stemmed as "govern": a plain prefix search for the
    # stem "governm" finds nothing; as-you-type matches the unstemmed words.
    assert found(ws, "governm") == set()
    assert found(ws, "governm", as_you_type=True) == {"budget", "election", "resigns"}
    assert found(ws, "g", as_you_type=True) >= {"budget", "election", "resigns"}
    assert found(ws, "the gov", as_you_type=True) == {"budget", "election", "resigns"}
    assert found(ws, "budget gov", as_you_type=True) == {"budget"}
    assert found(ws, "zeb", as_you_type=True) == {"zebra"}


def test_results_say_when_a_relevance_search_was_listed_newest_first(ws: Workspace) -> None:
    """What the app's status line reports: relevance asked for, newest first given."""
    typing = ws.search("gov", as_you_type=True)  # a short last word, still being typed
    assert typing.listed_by == "date"
    assert [hit.path for hit in typing.hits] == ["resigns.md", "budget.md", "election.md"]
    assert ws.search("govern", as_you_type=True).listed_by == "relevance"
    assert ws.search("gov ", as_you_type=True).listed_by == "relevance"  # the word ended
    assert ws.search("gov").listed_by == "relevance"  # not typing: ranked
    assert ws.search("").listed_by == "date"
    assert ws.search("government", sort="title").listed_by == "title"


def test_as_you_type_tolerates_half_typed_syntax(ws: Workspace) -> None:
    assert found(ws, "zebras title:", as_you_type=True) == {"zebra"}
    assert found(ws, "(zebras OR cup", as_you_type=True) == {"zebra", "football"}


def test_snippet_offsets_point_at_the_matched_words(ws: Workspace) -> None:
    (hit,) = ws.search("government budget").hits
    snippet = hit.snippet
    assert snippet is not None
    marked = [snippet.text[start:end] for start, end in snippet.matches]
    assert marked == ["government", "budget"]


def test_snippet_marks_inflected_forms_of_the_word(ws: Workspace) -> None:
    marked = {
        hit.path: [hit.snippet.text[s:e] for s, e in hit.snippet.matches]
        for hit in ws.search("minister").hits
        if hit.snippet
    }
    assert marked["budget.md"] == ["ministers"]
    assert marked["football.md"] == ["minister"]


def test_snippet_marks_as_you_type_completions(ws: Workspace) -> None:
    hits = ws.search("governm", as_you_type=True).hits
    assert sorted(hit.path for hit in hits) == ["budget.md", "election.md", "resigns.md"]
    for hit in hits:
        if hit.path != "resigns.md":  # a title-only match has nothing to mark in the body
            assert hit.snippet is not None
            assert [hit.snippet.text[s:e] for s, e in hit.snippet.matches] == ["government"]


def test_snippet_of_a_long_text_is_a_window_around_the_match() -> None:
    text = ("filler words here. " * 200) + "The needle sits here. " + ("tail text. " * 200)
    snippet = make_snippet(text, frozenset({"needl"}))
    assert len(snippet.text) <= 222
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    (match,) = snippet.matches
    assert snippet.text[match[0] : match[1]] == "needle"


def test_snippet_offsets_survive_collapsed_whitespace() -> None:
    snippet = make_snippet("a  lot\n\n\nof   space before the   needle", frozenset({"needl"}))
    (match,) = snippet.matches
    assert snippet.text[match[0] : match[1]] == "needle"
    assert "  " not in snippet.text


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(["needle", "hay", "stack", "a", "needles"]), min_size=1),
    gaps=st.lists(st.sampled_from([" ", "  ", "\n\n", " \t ", "\u00a0", "\r\n  "]), min_size=1),
)
def test_snippet_matches_mark_the_words_whatever_the_whitespace(
    words: list[str], gaps: list[str]
) -> None:
    text = "".join(word + gaps[number % len(gaps)] for number, word in enumerate(words))
    snippet = make_snippet(text, frozenset({"needl"}), width=10_000)
    shown = [snippet.text[start:end] for start, end in snippet.matches]
    assert shown == [word for word in words if word.startswith("needle")]
    assert "  " not in snippet.text


def test_search_without_snippets(ws: Workspace) -> None:
    assert all(hit.snippet is None for hit in ws.search("government", snippets=False).hits)


HOSTILE = {
    "over 1000 characters": "government " * 100,
    "50 levels of parentheses": "(" * 50 + "government" + ")" * 50,
    "NOT NOT x": "NOT NOT government",
    "lone star": "*",
    "10,000-character token": "g" * 10_000,
    "unbalanced open paren": "(government budget",
    "unbalanced close paren": "government budget)",
    "unbalanced quote": '"government budget',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_query_gives_query_error(ws: Workspace, name: str) -> None:
    with pytest.raises(QueryError):
        ws.search(HOSTILE[name])
    assert ws.notices == []  # a bad query is not a damaged index


def test_search_of_an_empty_library_finds_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with Workspace(resolve_paths(tmp_path / "empty", tmp_path / "data")) as empty:
        empty.sync()
        for query, kwargs in (("x", {}), ("", {}), ("x", {"sort": "date"})):
            results = empty.search(query, **kwargs)  # type: ignore[arg-type]
            assert results.hits == [] and results.total == 0
        assert empty.notices == []


def test_search_before_the_first_sync_builds_the_index(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.md").write_text("# A\n\nzebra\n")
    with Workspace(resolve_paths(tmp_path / "lib", tmp_path / "data")) as fresh:
        assert [hit.path for hit in fresh.search("zebra").hits] == ["a.md"]


QUERY_PIECES = st.sampled_from(
    [
        *("government", "budget", "zebra", "minist", "the", "é", "s-400", "2024"),
        *("OR", "AND", "NOT", "-", "*", '"', "(", ")", ":", "..", ">", "<", "="),
        *("title:", "tag:", "source:", "date:", "date:2024", "date:>2024-06", "foo:"),
        *(" ", "  ", "\t", "\x1b", "\u202e", "?", "\\", "'", "!", "^", "~", "0"),
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(QUERY_PIECES, max_size=14),
    noise=st.text(max_size=12),
    as_you_type=st.booleans(),
    sort=st.sampled_from(["relevance", "date", "title"]),
)
def test_any_query_returns_results_or_raises_query_error(
    ws: Workspace, pieces: list[str], noise: str, as_you_type: bool, sort: str
) -> None:
    query = "".join(pieces) + noise
    try:
        # run_search directly: Workspace.search would treat a crash as damage.
        results = run_search(ws.index(), query, as_you_type=as_you_type, sort=sort)  # type: ignore[arg-type]
    except QueryError as error:
        assert str(error)
    else:
        assert isinstance(results, SearchResults)
        for hit in results.hits:
            assert hit.snippet is not None
            for start, end in hit.snippet.matches:
                assert 0 <= start < end <= len(hit.snippet.text)


#: Per briefing of LIBRARY, query terms it satisfies (no stop words: the analyser drops them).
NAMED = {
    "budget.md": [
        "announced",
        "budget",
        "taxes",
        '"government announced"',
        "title:plans",
        "tag:economy",
        'source:"bbc news"',
        "date:2024-01",
        "announc*",
    ],
    "football.md": [
        "cup",
        "final",
        "draw",
        '"cup final"',
        "title:football",
        "tag:sport",
        "source:guardian",
        "date:>=2024-03",
        "footb*",
    ],
    "zebra.md": [
        "wildlife",
        "zebras",
        "plains",
        '"wildlife officials"',
        "title:census",
        "tag:nature",
        "source:reuters",
        "date:2024-07..2024-08",
        "wildl*",
    ],
    "election.md": [
        "election",
        "result",
        "surprised",
        '"general election"',
        "title:old",
        "tag:politics",
        'source:"bbc news"',
        "date:<2024",
        "electi*",
    ],
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), path=st.sampled_from(sorted(NAMED)), as_you_type=st.booleans())
def test_queries_built_from_what_a_briefing_holds_find_it(
    ws: Workspace, data: st.DataObject, path: str, as_you_type: bool
) -> None:
    """The positive half of the property above (where a QueryError is an allowed
    answer, so a parser refusing everything would pass): valid queries of terms a
    briefing satisfies, ANDed, grouped, negating absent words and ORed with
    anything, parse and find that briefing."""
    terms = data.draw(st.lists(st.sampled_from(NAMED[path]), min_size=1, max_size=4))
    shapes = st.sampled_from(
        [
            "{}",
            "({})",
            "{} NOT quokka",
            "-zeppelin {}",
            "{} OR zebra*",
            "quokka OR ({})",
            "{} AND ({} OR zeppelin)",
        ]
    )
    query = " ".join(data.draw(shapes).format(term, term) for term in terms)
    results = run_search(ws.index(), query, as_you_type=as_you_type, limit=100)
    assert path in [hit.path for hit in results.hits], query


@pytest.mark.parametrize(
    "query", ['"prime minister"', 'oil "prime minister"', '"oil prices" OR government', "oil"]
)
def test_the_count_of_matches_is_exact_with_and_without_ranking(ws: Workspace, query: str) -> None:
    """Ranking may skip documents that can't make the top; the count never does."""
    ranked = ws.search(query, limit=1, all_ids=False)
    listed = ws.search(query, limit=1, sort="date")
    assert ranked.total == listed.total == len(listed.ids)


def test_one_typed_letter_keeps_everything_listed(ws: Workspace) -> None:
    """A single letter is too broad to expand: the list stays whole until the next."""
    everything = ws.search("", limit=0)
    typed = ws.search_as_you_type("g")
    assert typed.total == everything.total
    assert ws.search_as_you_type("oil g").total == ws.search("oil", limit=0).total


def test_a_negated_word_being_typed_is_not_expanded(ws: Workspace) -> None:
    """``government NOT pl`` must not drop "Budget plans" for holding a word starting pl."""
    assert ws.search_as_you_type("government NOT pl").total == 3


def test_a_prefix_finds_the_same_briefings_as_whoosh_own_constant_score_query(
    ws: Workspace,
) -> None:
    """The prefix union is built from posting sets: it must list exactly what
    Whoosh's own (slower) ConstantScoreQuery lists for the same terms."""
    from whoosh import query as wq

    from briefing_tui.core.search import ConstantUnion, QueryCompiler
    from briefing_tui.core.search.query import parse

    with ws.index().searcher() as searcher:
        for text in ("minist*", "gov*", "ele*", "zebr*"):
            compiled = QueryCompiler(searcher).compile(parse(text))
            assert isinstance(compiled, ConstantUnion)
            stock = wq.ConstantScoreQuery(compiled.child)
            ours = {searcher.stored_fields(n)["path"] for n in compiled.docs(searcher)}
            theirs = {searcher.stored_fields(n)["path"] for n in stock.docs(searcher)}
            assert ours == theirs and ours, text


def test_a_prefix_never_finds_a_removed_briefing(tmp_path: Path) -> None:
    library, workspace = _fresh_workspace(tmp_path)
    try:
        workspace.sync()
        (library / "football.md").unlink()
        workspace.sync()
        assert found(workspace, "minist*") == {"budget", "resigns"}
        assert found(workspace, "minist* -budget") == {"resigns"}
    finally:
        workspace.close()


def test_posting_ids_read_by_block_equal_whoosh_own_listing(tmp_path: Path) -> None:
    """Block-wise posting reads must give what Whoosh lists, across segments,
    with deleted documents left out (Whoosh's own ``all_ids`` under a deletion
    filter still lists them: the walk with ``next`` is the reference here)."""
    from briefing_tui.core.search import posting_ids

    def walked(matcher) -> set[int]:  # type: ignore[no-untyped-def]
        ids = set()
        while matcher.is_active():
            ids.add(matcher.id())
            matcher.next()
        return ids

    library, workspace = _fresh_workspace(tmp_path)
    try:
        workspace.sync()
        many = " ".join(["minister government"] * 3)
        for number in range(300):  # more postings than one block holds
            (library / f"extra{number}.md").write_text(f"# Extra {number}\n\n{many}\n")
        workspace.sync()
        (library / "budget.md").unlink()  # the first posting of several terms
        (library / "football.md").unlink()  # one in the middle
        workspace.sync()
        with workspace.index().searcher() as searcher:
            reader = searcher.reader()
            assert len(list(reader.leaf_readers())) > 1 and reader.has_deletions()
            for term in ("minist", "govern", "zebra", "cup", "extra", "budget"):
                expected = walked(reader.postings("body", term))
                assert posting_ids(reader.postings("body", term)) == expected, term
            # The removed briefings were the only ones with these words.
            assert posting_ids(reader.postings("body", "budget")) == set()
            assert posting_ids(reader.postings("body", "cup")) == set()
    finally:
        workspace.close()


def test_words_of_one_character_are_found(make_ws, write) -> None:  # type: ignore[no-untyped-def]
    """The newcomer walk: ``"formula 1"`` listed every *formula* (Formula 3,
    Formula One) and ``title:2`` nothing: words of one character were dropped
    from the index and from the query alike."""
    write("f1.md", "---\nid: f1\ntitle: Formula 1 returns\n---\n\nThe Formula 1 season starts.\n")
    write("f3.md", "---\nid: f3\ntitle: Formula One\n---\n\nA Formula 3 champion. A formula.\n")
    write("ex.md", "---\nid: ex\ntitle: Example 2\n---\n\nPlan B and type 2 diabetes.\n")
    ws = make_ws()
    ws.sync()
    assert ws.search('"formula 1"').ids == ["f1"]
    assert ws.search("formula 1").ids == ["f1"]
    assert ws.search("title:2").ids == ["ex"]
    assert ws.search('"plan b"').ids == ["ex"]
    assert sorted(ws.search("formula").ids) == ["f1", "f3"]
    assert ws.search("a formula").ids == ws.search("formula").ids  # "a" is still a stop word
    record = ws.resolve("ex")
    ws.annotate(record, "type 2 diabetes")
    assert ws.search('claim:"type 2"').ids == ["ex"]


def test_a_fields_one_character_value_typed_last_is_searched(make_ws, write) -> None:  # type: ignore[no-untyped-def]
    """``title:2`` as the word being typed listed every briefing (a lone letter
    still waits for the next one)."""
    write("a.md", "---\nid: a\ntitle: Example 2 tabs\n---\n\nText.\n")
    write("b.md", "---\nid: b\ntitle: Example 3 tabs\n---\n\nText.\n")
    ws = make_ws()
    ws.sync()
    assert ws.search_as_you_type("title:2").ids == ["a"]
    assert sorted(ws.search_as_you_type("x").ids) == ["a", "b"]  # everything, as before
