"""A query's prefixes share one expansion budget: many are answered, each still
matching its most frequent completions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from whoosh import query as wq

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search.compile import PREFIX_TERM_BUDGET, compile_query, share_terms
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.workspace import Workspace

from .helpers import briefing

#: 64 different two-letter prefixes.
PREFIXES = [first + second for first in "gmpsrcoa" for second in "oaeiurlt"]
#: Word endings Porter's stemmer leaves alone, so each word is its own term.
ENDINGS = "abcdfghjkmnopqrtuvwz"
#: Briefing ``n`` holds the first ``n + 1`` completions of every prefix (in the
#: body; its title the ``n``-th only): the completion ending in ``a`` is in all of
#: them, the most frequent; the one ending in ``z`` in one.
COUNT = len(ENDINGS)


def completion(prefix: str, rank: int) -> str:
    """The ``rank``-th most frequent completion of ``prefix`` (0: in every briefing)."""
    return f"{prefix}x{ENDINGS[rank]}"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("prefix-budget")
    library = root / "library"
    library.mkdir()
    for n in range(COUNT):
        body = " ".join(completion(p, rank) for rank in range(n + 1) for p in PREFIXES)
        title = " ".join(completion(p, n) for p in PREFIXES[:8])
        (library / f"b{n:02d}.md").write_text(briefing(body + ".\n", title=title))
    # A briefing holding one word only: the most frequent completion of ``go``.
    (library / "only-go.md").write_text(briefing(f"{completion('go', 0)}.\n", title="Alone"))
    workspace = Workspace(resolve_paths(library, root / "data"))
    workspace.sync()
    yield workspace
    workspace.close()


def _terms(query: wq.Query) -> set[tuple[str, str]]:
    return {
        (name, text.decode() if isinstance(text, bytes) else text)
        for name, text in query.iter_all_terms()
    }


def test_64_ored_two_letter_prefixes_are_answered_and_find_every_briefing(
    ws: Workspace,
) -> None:
    text = " OR ".join(f"{p}*" for p in PREFIXES)
    results = ws.search(text, limit=100)
    assert {hit.path for hit in results.hits} == {
        *(f"b{n:02d}.md" for n in range(COUNT)),
        "only-go.md",
    }
    # As you type too: every match listed.
    assert ws.search_as_you_type(text).total == COUNT + 1


@pytest.mark.parametrize(("count", "operator"), [(8, " "), (8, " OR "), (64, " "), (64, " OR ")])
def test_many_prefixes_share_one_budget_and_keep_their_most_frequent_completion(
    ws: Workspace, count: int, operator: str
) -> None:
    """Eight two-letter prefixes looked up 256 terms here (16 in the body and 16 in
    the title each); the whole query now looks up at most PREFIX_TERM_BUDGET."""
    with ws.index().searcher() as searcher:
        compiled = compile_query(searcher, operator.join(f"{p}*" for p in PREFIXES[:count]))
    assert compiled is not None
    terms = _terms(compiled)
    assert len(terms) <= PREFIX_TERM_BUDGET
    for prefix in PREFIXES[:count]:
        assert ("body", completion(prefix, 0)) in terms, prefix
    for prefix in PREFIXES[:8]:  # the prefixes titles hold words of
        assert any(name == "title" and word.startswith(prefix) for name, word in terms), prefix
    # Every briefing holds the most frequent completion of every prefix: all are found.
    results = ws.search(operator.join(f"{p}*" for p in PREFIXES[:count]), limit=100)
    assert {f"b{n:02d}.md" for n in range(COUNT)} <= {hit.path for hit in results.hits}


def test_the_same_prefix_repeated_expands_as_once_alone(ws: Workspace) -> None:
    """The budget bites only when the prefixes together want more than it holds:
    ``go*`` alone, or 64 times, keeps its own sixteen most frequent completions."""
    with ws.index().searcher() as searcher:
        once = compile_query(searcher, "go*")
        repeated = compile_query(searcher, " OR ".join(["go*"] * 64))
    assert once is not None and repeated is not None
    body = {word for name, word in _terms(once) if name == "body"}
    assert body == {completion("go", rank) for rank in range(16)}
    assert _terms(repeated) == _terms(once)


def test_65_prefixes_are_refused_as_65_terms(ws: Workspace) -> None:
    with pytest.raises(QueryError, match="more than 64 terms"):
        ws.search(" OR ".join(f"{p}*" for p in [*PREFIXES, "zz"]))


def test_a_budget_shared_equally_gives_what_one_does_not_need_to_the_others() -> None:
    wanted = {("body", "go", None): 16, ("body", "xq", None): 1, ("title", "go", None): 0}
    assert share_terms(wanted, 8) == {
        ("body", "go", None): 7,
        ("body", "xq", None): 1,
        ("title", "go", None): 0,
    }
    many = {("body", f"p{n}", None): 16 for n in range(200)}
    assert set(share_terms(many, 128).values()) == {1}  # each keeps its most frequent
