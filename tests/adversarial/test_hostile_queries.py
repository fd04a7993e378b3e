"""Group 6 of issue #8: hostile queries.

A generator over the whole query language (words, phrases, prefixes, every
field, dates and ranges, NOT and ``-word``, OR, AND, parentheses) mixed with
garbage text. Whatever it makes, the parser answers with a tree or a
:class:`QueryError` whose message a person can read, the search answers with
results or that error (never another exception, which the workspace would
take for index damage and rebuild over), and the work a query can cause is
bounded by construction: terms, nesting and prefix expansions are counted,
not timed. One outer guard checks the 500 ms budget of the issue in the
in-process workspace, on CPU time, so a loaded machine does not make it flaky.

``tests/unit/test_search.py`` already throws random *pieces* of syntax at
``run_search``; this file generates well-formed and nearly well-formed
queries (which reach the compiler and the matcher, not only the tokenizer),
adds characters the other test never draws (lone surrogates, NUL, bidi,
combining marks), and checks the bounds and the CLI.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from briefing_tui.cli import main
from briefing_tui.core.exchange import select_claims
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search import (
    KEYWORD_FIELDS,
    PREFIX_LIMIT,
    SearchResults,
    compile_query,
    run_search,
)
from briefing_tui.core.search.query import (
    FIELDS,
    KEYWORD_VALUES,
    MAX_DEPTH,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    And,
    Node,
    Not,
    Or,
    QueryError,
    parse,
)
from briefing_tui.core.text.sanitize import has_unsafe
from briefing_tui.core.workspace import Workspace

#: A small library whose words share prefixes (``pre…``, ``gov…``), so prefix
#: expansion has many candidates and its bound is actually exercised.
LIBRARY = {
    "budget.md": (
        "---\nid: budget\ntitle: Budget plans\ndate: 2024-01-15\nsource: Wire News\n"
        "tags: [economy, key]\n---\n\nThe government announced the budget. Ministers govern.\n"
    ),
    "oil.md": (
        "---\nid: oil\ntitle: Oil prices\ndate: 2023-06-01\ntags: [energy]\n---\n\n"
        'Oil prices rose; the "prime minister" spoke of sanctions on the S-400.\n'
    ),
    "plain.md": "# Plain\n\nNo front matter: governor, governance, governments.\n",
    "prefixes.md": "# Prefixes\n\n" + " ".join(f"pre{n:04d}word" for n in range(300)) + "\n",
    "unicode.md": "# Ünïcödé\n\nCafé naïve façade Straße İstanbul ﬁnance 東京 😀.\n",
}
MARKER_QUERIES = {"budget": "budget", "oil": "prime minister"}


@pytest.fixture(scope="module")
def small_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One synced workspace for every generated query (they only read)."""
    root = tmp_path_factory.mktemp("queries")
    library = root / "library"
    library.mkdir()
    for name, text in LIBRARY.items():
        (library / name).write_text(text, encoding="utf-8")
    with Workspace(resolve_paths(library, root / "data")) as ws:
        ws.sync()
        # Claims too, so that the claims filter (``briefing claims QUERY``) has work.
        budget = ws.store.get("budget")
        assert budget is not None
        ws.annotate(budget, "announced the budget", tags=["key", "fiscal"], status="key")
        ws.annotate(budget, "Ministers govern", note="check", status="disputed")
        yield ws


# -- the generator --------------------------------------------------------------------

_VOCABULARY = [
    *("budget", "government", "govern", "minister", "prime", "oil", "prices", "sanctions"),
    *("s-400", "pre0001word", "the", "a", "of", "café", "straße", "東京", "😀", "2024"),
    *("İstanbul", "ﬁnance", "x", "and", "or", "not", "e\u0301"),
]

#: Characters the query language treats specially, plus the hostile ones.
_SPECIAL = [
    *"\"()*-:.<>=?\\'!^~&|{}[]/",
    *("\x00", "\x1b", "\x7f", "\u0085", "\u202e", "\u2066", "\ufeff", "\u200b"),
    *("\ud800", "\udcff", "\t", "\n", "\r", "\u3000"),
]

#: Characters that are no syntax but must never crash a search or reach a
#: terminal through an error message: controls, C1, bidi, lone surrogates.
_HOSTILE = st.sampled_from(
    ["\x00", "\x1b", "\x1b]0;t\x07", "\x7f", "\x85", "\x9b", "\u202e", "\ud800", "\udcff"]
)

#: Any character, lone surrogates included (hypothesis leaves them out by default).
_ANY_CHAR = st.characters(codec=None, categories=None) | st.sampled_from(_SPECIAL)


def _plain_word() -> st.SearchStrategy[str]:
    invented = st.text(
        alphabet=st.characters(categories=("L", "N", "M", "Pd", "So"), exclude_characters='"()*-:'),
        min_size=1,
        max_size=12,
    )
    hostile = st.tuples(invented | st.just(""), _HOSTILE, invented | st.just("")).map("".join)
    return st.one_of(st.sampled_from(_VOCABULARY), invented, hostile)


_WORD = _plain_word()


def _date_value() -> st.SearchStrategy[str]:
    year = st.integers(-1, 10_001).map(lambda y: f"{y:04d}")
    month = st.integers(0, 13).map(lambda m: f"{m:02d}")
    day = st.integers(0, 32).map(lambda d: f"{d:02d}")
    one = st.one_of(
        year,
        st.tuples(year, month).map("-".join),
        st.tuples(year, month, day).map("-".join),
        st.sampled_from(["9999-12-31", "0001-01-01", "2024-02-29", "2023-02-29", "soon", ""]),
    )
    one = one | st.tuples(one, _HOSTILE).map("".join)
    return st.one_of(
        one,
        st.tuples(one, one).map(lambda pair: f"{pair[0]}..{pair[1]}"),
        st.tuples(st.sampled_from([">", ">=", "<", "<=", "=", ">>"]), one).map("".join),
        st.just(".."),
    )


def _term(field: str, word: str, *, prefix: bool = False) -> str:
    """``field:word`` (``word*`` with ``prefix``); ``status:``, ``has:`` and
    ``anchor:`` take only their own values (another is refused), so the word
    picks one of them (or, as a prefix, its first two letters)."""
    if field in KEYWORD_VALUES:
        # (not has:links, which the store answers: these searches run on the index alone)
        values = tuple(v for v in KEYWORD_VALUES[field][1] if v != "links")
        word = values[sum(map(ord, word)) % len(values)]
        word = word[:2] if prefix else word
    return f"{field}:{word}*" if prefix else f"{field}:{word}"


def _field_name() -> st.SearchStrategy[str]:
    known = st.sampled_from(FIELDS)
    cased = known.map(str.upper) | known.map(str.title)
    return known | cased | st.sampled_from(["author", "x", "Date", "url", "id"])


def _atom(broken_too: bool) -> st.SearchStrategy[str]:
    """One term: only well-formed kinds, or those and broken ones.

    Queries built from well-formed parts alone get past the parser to the
    compiler and the matcher; a single broken part anywhere in a tree sinks
    it, so the broken kinds have their own strategy instead of a share.
    """
    phrase_words = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)
    well_formed = st.one_of(
        _WORD,
        _WORD.map(lambda w: w + "*"),
        phrase_words.map(lambda p: f'"{p}"'),
        st.tuples(st.sampled_from(FIELDS), _WORD).map(lambda fw: _term(*fw)),
        # The keyword fields look their value up as one index term, unanalysed.
        st.tuples(st.sampled_from(KEYWORD_FIELDS), _WORD).map(lambda fw: _term(*fw)),
        st.tuples(st.sampled_from(FIELDS), _WORD).map(lambda fw: _term(*fw, prefix=True)),
        st.tuples(st.sampled_from(FIELDS), phrase_words).map(lambda fp: f'{fp[0]}:"{fp[1]}"'),
        _date_value().map(lambda d: f"date:{d}"),
    )
    broken = st.one_of(
        st.sampled_from(["*", "**", "*x", "g*v", "w?rd", "-", "--x", "NOT", "OR", '""']),
        phrase_words.map(lambda p: f'"{p}'),  # unclosed
        st.tuples(_field_name(), _WORD).map(lambda fw: f"{fw[0]}:{fw[1]}"),
        _field_name().map(lambda f: f + ":"),
        _date_value().map(lambda d: f'date:"{d}"'),
    )
    return st.one_of(well_formed, broken) if broken_too else well_formed


def _operand(query: str) -> str:
    """``query`` as the operand of a negation: grouped when it is negated itself,
    since a double negation is refused (the broken strategies still make those)."""
    return f"({query})" if query.startswith(("NOT", "-")) else query


def _combine(inner: st.SearchStrategy[str], broken_too: bool) -> st.SearchStrategy[str]:
    many = st.lists(inner, min_size=2, max_size=4)
    well_formed = st.one_of(
        many.map(" ".join),
        many.map(" OR ".join),
        many.map(" AND ".join),
        inner.map(lambda q: f"({q})"),
        inner.map(lambda q: f"NOT {_operand(q)}"),
        inner.map(lambda q: f"-{_operand(q)}"),
    )
    broken = st.one_of(
        inner.map(lambda q: f"({q}"),  # unbalanced
        inner.map(lambda q: f"{q})"),
        inner.map(lambda q: f"NOT NOT {q}"),
        inner.map(lambda q: f"{q} OR"),
    )
    return st.one_of(well_formed, broken) if broken_too else well_formed


_WELL_FORMED = st.recursive(_atom(False), lambda q: _combine(q, False), max_leaves=24)
_ANY_SHAPE = st.recursive(_atom(True), lambda q: _combine(q, True), max_leaves=24)


@st.composite
def queries(draw: st.DrawFn) -> str:
    """A query of the language, often with garbage spliced in, or plain garbage."""
    kind = draw(st.sampled_from(["well-formed"] * 4 + ["any", "any", "spliced", "garbage", "deep"]))
    if kind == "garbage":
        return draw(st.text(alphabet=_ANY_CHAR, max_size=60))
    if kind == "deep":
        depth = draw(st.integers(MAX_DEPTH - 2, MAX_DEPTH + 3))
        return "(" * depth + draw(_WELL_FORMED) + ")" * draw(st.integers(0, depth + 1))
    text = draw(_ANY_SHAPE if kind == "any" else _WELL_FORMED)
    if kind == "spliced":
        junk = draw(st.text(alphabet=_ANY_CHAR, min_size=1, max_size=5))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + junk + text[at:]
    return text


# -- measuring a tree and a compiled query ------------------------------------------------


def _tree_size(node: Node | None, depth: int = 1) -> tuple[int, int]:
    """(leaves, depth) of a parsed query."""
    if node is None:
        return 0, 0
    if isinstance(node, Not):
        return _tree_size(node.child, depth + 1)
    if isinstance(node, And | Or):
        sizes = [_tree_size(child, depth + 1) for child in node.children]
        return sum(s[0] for s in sizes), max(s[1] for s in sizes)
    return 1, depth


def _leaf_terms(query: wq.Query) -> int:
    """How many index terms a compiled query looks up: what its cost grows with."""
    if isinstance(query, wq.Term):
        return 1
    if isinstance(query, wq.Phrase):
        return len(query.words)
    children = list(query.children()) if hasattr(query, "children") else []
    return sum(_leaf_terms(child) for child in children)


#: Each parsed term compiles to at most a prefix in two fields (title, body),
#: each expanded to at most PREFIX_LIMIT terms (a keyword prefix: two fields
#: too), or a word in two fields plus the typed word's completions.
MAX_LEAF_TERMS = MAX_TERMS * 2 * PREFIX_LIMIT


# -- the properties -------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(text=queries(), as_you_type=st.booleans())
def test_generated_and_garbage_queries_parse_to_a_bounded_tree_or_a_query_error(
    text: str, as_you_type: bool
) -> None:
    """The parser never raises anything but QueryError, and what it accepts is
    bounded: at most MAX_TERMS terms, nesting at most MAX_DEPTH groups deep."""
    try:
        node = parse(text, as_you_type=as_you_type)
    except QueryError as error:
        message = str(error)
        # Shown next to the search box and on the CLI's stderr: one line, and
        # no control character of the query may reach the terminal through it.
        assert message and "\n" not in message
        assert not has_unsafe(message), message
        return
    leaves, depth = _tree_size(node)
    assert leaves <= MAX_TERMS
    # Each group level adds at most an Or, an And and a Not above the atom.
    assert depth <= 3 * (MAX_DEPTH + 2)
    assert len(text) <= MAX_QUERY_CHARS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=queries(),
    as_you_type=st.booleans(),
    sort=st.sampled_from(["relevance", "date", "title"]),
)
def test_generated_queries_search_with_bounded_expansion_or_raise_query_error(
    small_ws: Workspace, text: str, as_you_type: bool, sort: str
) -> None:
    """run_search (what both the CLI and the TUI call) answers every query;
    the compiled query looks up a bounded number of index terms however
    many words the library has under a prefix."""
    searcher = small_ws.index().searcher()
    try:
        try:
            compiled = compile_query(searcher, text, as_you_type=as_you_type)
        except QueryError as error:
            assert str(error)
            return
        if compiled is not None:
            assert _leaf_terms(compiled) <= MAX_LEAF_TERMS
        results = run_search(searcher, text, as_you_type=as_you_type, sort=sort)  # type: ignore[arg-type]
    finally:
        searcher.close()
    assert isinstance(results, SearchResults)
    assert results.total == len(results.ids)
    for hit in results.hits:
        assert hit.snippet is not None
        for start, end in hit.snippet.matches:
            assert 0 <= start < end <= len(hit.snippet.text)


@pytest.mark.parametrize("prefix", ["p", "pr", "pre", "pre0", "pre00", "g", "go", "gov"])
def test_a_prefix_shared_by_hundreds_of_words_expands_to_a_bounded_number_of_terms(
    small_ws: Workspace, prefix: str
) -> None:
    """``pre*`` has 300 completions in this library; the query looks up at most
    PREFIX_LIMIT per field, fewer for one or two letters."""
    searcher = small_ws.index().searcher()
    try:
        for text in (f"{prefix}*", f"title:{prefix}*", f"tag:{prefix}*", f"NOT {prefix}*"):
            compiled = compile_query(searcher, text)
            assert compiled is not None
            assert _leaf_terms(compiled) <= 2 * PREFIX_LIMIT, text
        typed = compile_query(searcher, f"budget {prefix}", as_you_type=True)
        assert typed is not None and _leaf_terms(typed) <= 2 + 2 * PREFIX_LIMIT
    finally:
        searcher.close()


def _cpu_seconds(run: object) -> float:
    started = time.process_time()
    run()  # type: ignore[operator]
    return time.process_time() - started


#: The issue's budget for one query, checked on this process's CPU time: a
#: loaded machine stretches wall time but not the work a query does.
BUDGET_SECONDS = 0.5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=queries())
def test_generated_queries_answer_within_500_ms_in_the_workspace_and_never_rebuild_the_index(
    small_ws: Workspace, text: str
) -> None:
    """The outer guard: each query, as the CLI runs it (``Workspace.search``)
    and as the TUI runs it on a keystroke (``search_as_you_type``), costs
    under 500 ms of CPU; and a query never passes for index damage (the
    workspace rebuilds the index when a search raises anything else)."""

    def both() -> None:
        for run in (small_ws.search, small_ws.search_as_you_type):
            with contextlib.suppress(QueryError):
                assert isinstance(run(text), SearchResults)

    spent = _cpu_seconds(both)
    if spent >= BUDGET_SECONDS:
        spent = _cpu_seconds(both)  # once more: the first may have paid a cache fill
    assert spent < BUDGET_SECONDS, f"{text!r} took {spent:.3f} s of CPU"
    assert small_ws.notices == [], small_ws.notices


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=queries())
def test_generated_queries_select_claims_or_raise_query_error(
    small_ws: Workspace, text: str
) -> None:
    """``briefing claims QUERY`` and ``briefing export QUERY`` decide status:,
    tag: and anchor: terms on the claims themselves, outside the index: the
    same promise holds there."""
    try:
        chosen = select_claims(small_ws, text)
    except QueryError as error:
        assert str(error)
        return
    assert all(claim.doc_id == "budget" for claim, _ in chosen)
    assert small_ws.notices == []


# -- the positive half: valid queries find what they name ---------------------------------
#
# The properties above pass for a parser that refuses every query (a QueryError is
# an allowed answer). These build queries from the grammar out of what is known to
# be in one briefing of LIBRARY, so each must parse, and the search must find it.

#: What each briefing of LIBRARY holds, as a query can name it (no stop words: the
#: analyser drops "the", "of" ...).
FACTS: dict[str, dict[str, list[str]]] = {
    "budget.md": {
        "words": ["government", "announced", "budget", "ministers", "govern"],
        "phrases": ["government announced", "ministers govern"],
        "title": ["budget", "plans"],
        "tag": ["economy", "key"],
        "source": ['"wire news"', "wire"],
        "date": ["2024", "2024-01", "2024-01-15", "2023..2024", ">=2024-01-15", "<2024-01-16"],
    },
    "oil.md": {
        "words": ["oil", "prices", "rose", "sanctions", "prime", "minister", "spoke"],
        "phrases": ["oil prices rose", "prime minister"],
        "title": ["oil", "prices"],
        "tag": ["energy"],
        "source": [],
        "date": ["2023", "2023-06", "2023-06-01", "..2023-06", ">2023-05-31", "<=2023"],
    },
    "plain.md": {
        "words": ["governor", "governance", "governments", "front", "matter"],
        "phrases": ["front matter"],
        "title": ["plain"],
        "tag": [],
        "source": [],
        "date": [],
    },
}
#: A word of no briefing of LIBRARY.
ABSENT = ["zeppelin", "quokka", "marmalade"]


def _must_match(path: str) -> st.SearchStrategy[str]:
    """A well-formed query every term of which ``path`` satisfies."""
    facts = FACTS[path]
    # Only words of no briefing: the analyser stems ("governments" is "govern"), so a
    # word of another briefing may well match this one too.
    absent = ABSENT
    word = st.sampled_from(facts["words"])
    kinds = [
        word,
        word.map(str.upper),
        # A prefix long enough not to be crowded out of the expansion limit.
        word.filter(lambda w: len(w) >= 5).map(lambda w: w[: len(w) - 1] + "*"),
        st.sampled_from(facts["phrases"]).map(lambda p: f'"{p}"'),
        st.sampled_from(facts["title"]).map(lambda w: f"title:{w}"),
        st.sampled_from(absent).map(lambda w: f"NOT {w}"),
        st.sampled_from(absent).map(lambda w: f"-{w}"),
    ]
    for field in ("tag", "source", "date"):
        if facts[field]:
            kinds.append(st.sampled_from(facts[field]).map(lambda v, f=field: f"{f}:{v}"))
    atom = st.one_of(kinds)

    def combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(" ".join),
            st.lists(inner, min_size=2, max_size=3).map(" AND ".join),
            inner.map(lambda q: f"({q})"),
            # Either side of an OR may name anything: the other side still holds.
            st.tuples(inner, _WELL_FORMED_SMALL).map(lambda pair: f"({pair[0]}) OR ({pair[1]})"),
            st.tuples(_WELL_FORMED_SMALL, inner).map(lambda pair: f"({pair[0]}) OR ({pair[1]})"),
        )

    return st.recursive(atom, combine, max_leaves=8)


#: Any valid query (of no briefing in particular), for the other side of an OR.
_SOME_WORD = st.sampled_from([*ABSENT, "budget", "café", "東京", "s-400", "x"])
_WELL_FORMED_SMALL = st.recursive(
    st.one_of(
        _SOME_WORD,
        _SOME_WORD.map(lambda w: w + "*"),
        st.lists(_SOME_WORD, min_size=1, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
        st.tuples(st.sampled_from([f for f in FIELDS if f != "date"]), _SOME_WORD).map(
            lambda fw: _term(*fw)
        ),
        st.sampled_from(["date:2020", "date:2019-02..2020", "date:>2030-01-01"]),
    ),
    lambda q: _combine(q, False),
    max_leaves=3,
)


@st.composite
def _named(draw: st.DrawFn) -> tuple[str, str]:
    path = draw(st.sampled_from(sorted(FACTS)))
    return path, draw(_must_match(path))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(named=_named(), as_you_type=st.booleans())
def test_generated_valid_queries_parse_and_find_the_briefing_they_name(
    small_ws: Workspace, named: tuple[str, str], as_you_type: bool
) -> None:
    path, text = named
    node = parse(text, as_you_type=as_you_type)  # a QueryError here fails the test
    assert node is not None
    searcher = small_ws.index().searcher()
    try:
        results = run_search(searcher, text, as_you_type=as_you_type, limit=100, snippets=False)
    finally:
        searcher.close()
    assert path in [hit.path for hit in results.hits], text
    assert small_ws.notices == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pair=st.sampled_from([(p, w) for p, f in FACTS.items() for w in f["words"]]),
    typed=st.integers(3, 20),
)
def test_a_word_being_typed_finds_the_briefing_that_holds_it(
    small_ws: Workspace, pair: tuple[str, str], typed: int
) -> None:
    path, word = pair
    hits = small_ws.search(word[:typed], as_you_type=True, limit=100, snippets=False).hits
    assert path in [hit.path for hit in hits], word[:typed]


#: The claims on budget.md (see small_ws): (quote, tags, note, status).
CLAIM_FACTS = {
    "announced the budget": {"status:key", "tag:key", "tag:fiscal", "claim:announced"},
    "Ministers govern": {"status:disputed", "note:check", "claim:ministers"},
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    quote=st.sampled_from(sorted(CLAIM_FACTS)),
    data=st.data(),
)
def test_generated_claim_queries_select_the_claims_they_name(
    small_ws: Workspace, quote: str, data: st.DataObject
) -> None:
    facts = sorted(CLAIM_FACTS[quote])
    terms = data.draw(st.lists(st.sampled_from(facts), min_size=1, max_size=3, unique=True))
    other = sorted(set().union(*CLAIM_FACTS.values()) - set(facts))
    if data.draw(st.booleans()):
        terms.append("(" + data.draw(st.sampled_from(facts)) + " OR " + other[0] + ")")
    if data.draw(st.booleans()):
        terms.append("NOT status:false")
    text = " ".join(data.draw(st.permutations(terms)))
    chosen = select_claims(small_ws, text)  # a QueryError here fails the test
    assert quote in [claim.quote for claim, _ in chosen], text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lone surrogate", "\udcff"),
        ("surrogate in a tag", "tag:\udcff"),
        ("surrogate in a status", "status:\ud800"),
        ("surrogate in a prefix", "gov\udcff*"),
        ("surrogate in a phrase", 'title:"\udcff a"'),
    ],
)
def test_a_query_with_bytes_that_are_not_utf8_is_a_query_error_not_an_index_rebuild(
    small_ws: Workspace, name: str, text: str
) -> None:
    """A shell hands ``briefing search`` undecodable bytes as lone surrogates;
    ``tag:`` and ``status:`` looked them up as index terms and raised
    UnicodeEncodeError, which the workspace took for a damaged index."""
    for as_you_type in (False, True):
        with pytest.raises(QueryError, match="not valid UTF-8"):
            small_ws.search(text, as_you_type=as_you_type)
    assert small_ws.notices == [], name


def test_the_library_still_answers_after_the_hostile_queries(small_ws: Workspace) -> None:
    """The module's library was searched with every hostile query above: the
    index is intact and ordinary queries still find what they should."""
    for doc_id, text in MARKER_QUERIES.items():
        assert doc_id in small_ws.search(text).ids
    assert [claim.status for claim, _ in select_claims(small_ws, "status:key")] == ["key"]


# -- the command line -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cli-queries")
    library = root / "library"
    library.mkdir()
    for name, text in LIBRARY.items():
        (library / name).write_text(text, encoding="utf-8")
    data = root / "data"
    assert main(["--content", str(library), "--data", str(data), "index"]) == 0
    return library, data


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=queries(), separated=st.booleans())
def test_briefing_search_answers_garbage_with_exit_2_and_one_line(
    cli_library: tuple[Path, Path], text: str, separated: bool
) -> None:
    """``briefing search QUERY`` (or ``search -- QUERY`` for text starting with
    a dash) exits 0 with hits, 1 with none, and 2 with one line on stderr
    for a query that can't run: never a traceback."""
    library, data = cli_library
    if not separated and (text.startswith("-") or not text.strip()):
        separated = True  # an option to argparse otherwise, not a query
    query = ["--", text] if separated else [text]
    argv = ["--content", str(library), "--data", str(data), "search", *query]
    code, out, err = _run_cli(argv)
    assert "Traceback" not in out + err
    assert code in (0, 1, 2)
    if code == 2:
        assert err.startswith("briefing: bad query: ")
        assert err.count("\n") == 1, err
        assert not has_unsafe(err.rstrip("\n")), err


@pytest.mark.parametrize(
    ("name", "argument"),
    [
        ("undecodable bytes", os.fsdecode(b"tag:\xff\xfe")),
        ("a 10,000-character query", "x " * 5000),
        ("50 levels of parentheses", "(" * 50 + "oil" + ")" * 50),
        ("escape sequence in a date", "date:\x1b]0;pwned\x07"),
        ("C1 control in a date range", "date:2024..\x9b2J"),
        ("lone star", "*"),
        ("impossible date", "date:2024-02-30"),
    ],
)
def test_briefing_search_in_a_real_process_exits_2_with_one_line(
    cli_library: tuple[Path, Path], name: str, argument: str
) -> None:
    """The installed entry point, in its own process (argv decoding, stderr
    encoding and exit status as a shell sees them)."""
    library, data = cli_library
    command = [sys.executable, "-m", "briefing_tui"]
    command += ["--content", str(library), "--data", str(data), "search", "--", argument]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    stderr = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 2, (name, stderr)
    assert "Traceback" not in stderr
    assert stderr.startswith("briefing: bad query: ")
    assert stderr.count("\n") == 1, stderr
    assert not has_unsafe(stderr.rstrip("\n")), stderr


# -- many terms: one budget for the whole query ----------------------------------------------


def test_64_prefixes_are_answered_and_a_65th_is_refused_as_a_term(
    small_ws: Workspace,
) -> None:
    """No limit of its own on ``word*``: 64 prefixes share one expansion budget."""
    from briefing_tui.core.search.query import MAX_TERMS

    at_limit = " OR ".join(["gov*"] * MAX_TERMS)
    assert sorted(small_ws.search(at_limit).ids) == sorted(small_ws.search("gov*").ids)
    with pytest.raises(QueryError, match=f"more than {MAX_TERMS} terms"):
        small_ws.search(at_limit + " OR pre*")


def test_many_prefixes_share_one_scan_budget(
    small_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each prefix used to scan its own few hundred terms: eight two-letter ones
    read 5,000 term statistics from disk (400 ms at 10,000 briefings)."""
    import briefing_tui.core.search.compile as search_module

    scanned: list[int] = []
    real = search_module.expand_prefix

    def counting(reader: object, field: str, prefix: str, scan_cap: int | None = None) -> list:
        scanned.append(scan_cap or search_module.PREFIX_SCANS.get(len(prefix), 5_000))
        return real(reader, field, prefix, scan_cap)

    monkeypatch.setattr(search_module, "expand_prefix", counting)
    searcher = small_ws.index().searcher()
    try:
        compile_query(searcher, " OR ".join(f"{p}*" for p in ["pr", "go", "mi", "bu", "oi"]))
    finally:
        searcher.close()
    assert scanned and sum(scanned) <= search_module.PREFIX_SCAN_BUDGET


def test_64_date_terms_become_one_span_and_find_what_the_tightest_one_finds(
    small_ws: Workspace,
) -> None:
    years = [2030 - n % 9 for n in range(64)]  # date:<2022 is the tightest
    anded = " ".join(f"date:<{year}" for year in years)
    ored = " OR ".join(f"date:>{year}" for year in years)
    searcher = small_ws.index().searcher()
    try:
        for text in (anded, ored):
            compiled = compile_query(searcher, text)
            ranges = [q for q in compiled.leaves() if isinstance(q, wq.NumericRange)]
            assert len(ranges) == 1, text
    finally:
        searcher.close()
    assert sorted(small_ws.search(anded).ids) == sorted(small_ws.search("date:<2022").ids)
    assert sorted(small_ws.search(ored).ids) == sorted(small_ws.search("date:>2021").ids)
    assert small_ws.search("date:<2022 date:>2023").ids == []  # spans that never meet


def test_a_query_too_wide_to_rank_still_lists_every_match(small_ws: Workspace) -> None:
    from briefing_tui.core.search import RANK_TERMS

    words = ["budget", "oil", "prices", "governor", "government", "sanctions"]
    wide = " OR ".join((words * RANK_TERMS)[: RANK_TERMS // 2 + 1])  # two fields per word
    results = small_ws.search(wide)
    assert results.partial
    assert sorted(results.ids) == sorted(small_ws.search(" OR ".join(words)).ids)


def test_many_negations_exclude_exactly_what_they_name(small_ws: Workspace) -> None:
    everything = set(small_ws.search("the OR governor OR prefixes OR café").ids)
    query = "(the OR governor OR prefixes OR café) " + " ".join(["-budget", "-oil"] * 30)
    found = set(small_ws.search(query).ids)
    assert found == everything - set(small_ws.search("budget OR oil").ids)
    assert found  # not emptied
