"""The query parser: the syntax tree for each construct, and clear errors for hostile input."""

from __future__ import annotations

from datetime import datetime

import pytest

from briefing_tui.core.search.query import (
    MAX_TOKEN_CHARS,
    And,
    DateSpan,
    Not,
    Or,
    Phrase,
    QueryError,
    Word,
    parse,
    parse_date_span,
    tokenize,
    value_being_typed,
)


def test_words_are_anded() -> None:
    assert parse("oil prices") == And((Word("oil"), Word("prices")))
    assert parse("oil AND prices") == parse("oil prices")


def test_or_binds_looser_than_and() -> None:
    assert parse("oil prices OR gas") == Or((And((Word("oil"), Word("prices"))), Word("gas")))


def test_parentheses_group() -> None:
    assert parse("(oil OR gas) prices") == And((Or((Word("oil"), Word("gas"))), Word("prices")))


def test_not_and_leading_minus_negate() -> None:
    assert parse("oil NOT gas") == And((Word("oil"), Not(Word("gas"))))
    assert parse("oil -gas") == parse("oil NOT gas")


def test_a_hyphen_inside_a_word_is_not_a_negation() -> None:
    assert parse("s-400") == Word("s-400")


def test_phrases_and_prefixes() -> None:
    assert parse('"oil prices"') == Phrase("oil prices")
    assert parse("minist*") == Word("minist", prefix=True)


def test_fields() -> None:
    assert parse("title:oil") == Word("oil", "title")
    assert parse("TAG:Energy") == Word("Energy", "tag")
    assert parse('source:"bbc news"') == Phrase("bbc news", "source")
    assert parse("title:gov*") == Word("gov", "title", prefix=True)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", datetime(2024, 1, 1), datetime(2025, 1, 1)),
        ("2024-02", datetime(2024, 2, 1), datetime(2024, 3, 1)),
        ("2024-12", datetime(2024, 12, 1), datetime(2025, 1, 1)),
        ("2024-02-29", datetime(2024, 2, 29), datetime(2024, 3, 1)),
        ("2024-01..2024-03", datetime(2024, 1, 1), datetime(2024, 4, 1)),
        ("..2023", None, datetime(2024, 1, 1)),
        ("2023..", datetime(2023, 1, 1), None),
        (">2024-06-01", datetime(2024, 6, 2), None),
        (">=2024-06-01", datetime(2024, 6, 1), None),
        ("<2024", None, datetime(2024, 1, 1)),
        ("<=2024", None, datetime(2025, 1, 1)),
    ],
)
def test_date_spans(text: str, start: datetime | None, end: datetime | None) -> None:
    assert parse(f"date:{text}") == DateSpan(start, end)
    assert parse_date_span(text) == DateSpan(start, end)


@pytest.mark.parametrize(
    "text", ["date:2024-13", "date:2023-02-29", "date:soon", "date:2024..2023"]
)
def test_bad_dates_are_query_errors(text: str) -> None:
    with pytest.raises(QueryError, match="date"):
        parse(text)


def test_empty_query_is_none() -> None:
    assert parse("") is None
    assert parse("   ") is None


def test_as_you_type_marks_the_last_word() -> None:
    assert parse("oil pri", as_you_type=True) == And((Word("oil"), Word("pri", last=True)))
    # A finished word (followed by a space) is not being typed any more.
    assert parse("oil pri ", as_you_type=True) == And((Word("oil"), Word("pri")))
    assert parse("oil pri") == And((Word("oil"), Word("pri")))


def test_as_you_type_forgives_what_is_still_being_typed() -> None:
    # An open phrase is its words until the quote closes: as a phrase, "oil pri"
    # matched nothing until "prices" was whole (a newcomer walk: 0 of 3 listed).
    assert parse('"oil pri', as_you_type=True) == And((Word("oil"), Word("pri", last=True)))
    assert parse("oil title:", as_you_type=True) == Word("oil")
    assert parse("(oil OR ga", as_you_type=True) == Or((Word("oil"), Word("ga", last=True)))
    assert parse("oil OR", as_you_type=True) == Word("oil")


@pytest.mark.parametrize(
    ("text", "going"),
    [
        ("status:ver", ("status:verified",)),
        ("oil status:VER", ("status:verified",)),  # any case, after other words
        ("status:d", ("status:disputed",)),
        ("has:c", ("has:claims",)),
        ("anchor:fuz", ("anchor:fuzzy",)),
        ("status:verified", ()),  # finished
        ("status:ver ", ()),  # the user moved on: refused as entered
        ("status:bogus", ()),  # can become no value
        ('status:"ver', ()),
        ("tag:eu", ()),  # tags are any word, never refused
        ("date:2005-13 status:ver", ()),  # the rest is refused as entered
        ("status:ver oil", ()),
    ],
)
def test_a_keyword_value_being_typed_names_where_it_is_going(
    text: str, going: tuple[str, ...]
) -> None:
    """The claims screen filters at every key: ``status:ver`` is on its way to
    ``status:verified``, not a mistake to warn about (parsed as entered, it is one)."""
    assert value_being_typed(text) == going
    if going:
        with pytest.raises(QueryError, match="is not"):
            parse(text)


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("over 1000 characters", "oil " * 300, "characters long"),
        ("50 levels of parentheses", "(" * 50 + "x" + ")" * 50, "nested"),
        ("13 levels of parentheses", "(" * 13 + "x" + ")" * 13, "nested"),
        ("NOT NOT", "NOT NOT x", "double negation"),
        ("NOT minus", "NOT -x", "double negation"),
        ("lone star", "*", "lone \\*"),
        ("lone star in a field", "tag:*", "lone \\*"),
        ("a 10,000-character token", "x" * 10_000, "characters long"),
        ("a 101-character token", "x" * 101, "too long"),
        ("unbalanced open paren", "(oil gas", "unbalanced \\("),
        ("unbalanced close paren", "oil gas)", "unbalanced \\)"),
        ("unclosed quote", '"oil prices', "unclosed quote"),
        ("empty group", "()", "empty group"),
        ("dangling OR", "oil OR", "OR needs"),
        ("leading OR", "OR oil", "OR needs"),
        ("AND alone", "AND", "AND needs"),
        ("dangling NOT", "oil NOT", "NOT needs"),
        ("inner star", "o*l", "may only end"),
        ("question mark", "o?l", "may only end"),
        ("unknown field", "author:jane", "unknown field"),
        ("field without value", "title:", "needs a value"),
        ("too many terms", " ".join(f"w{n}" for n in range(70)), "more than 64 terms"),
    ],
)
def test_hostile_queries_raise_query_error(name: str, query: str, message: str) -> None:
    # How fast the refusal comes is the benchmark's business: a wall-clock bound here
    # would flake on a loaded machine. What must hold is that it is a QueryError.
    with pytest.raises(QueryError, match=message):
        parse(query)


@pytest.mark.parametrize(
    "query", ["oil " * 300, "x" * 10_000, "x" * 101, '"oil prices', "author:jane", "title:"]
)
def test_oversized_and_malformed_queries_are_refused_before_parsing(query: str) -> None:
    """The length limits and malformed tokens stop the tokenizer: no tree is ever built."""
    with pytest.raises(QueryError):
        tokenize(query)


@pytest.mark.parametrize(
    "query",
    ["oil " * 300, "(" * 50 + "x" + ")" * 50, "NOT NOT x", "*", "x" * 10_000, "oil gas)", "o*l"],
)
def test_hostile_queries_are_refused_while_typing_too(query: str) -> None:
    with pytest.raises(QueryError):
        parse(query, as_you_type=True)


def test_deep_nesting_never_reaches_the_recursion_limit() -> None:
    for depth in (100, 1000, 400):
        with pytest.raises(QueryError):
            parse("(" * depth + "x" + ")" * depth)
        with pytest.raises(QueryError):
            parse("NOT " * depth + "x")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("status:verifed", "status:verifed is not a claim status (use status:open, status:key,"),
        ("oil status:bogus", "status:bogus is not a claim status"),
        ("has:foo", "has:foo is not something a briefing has (use has:claims, has:notes,"),
        ("anchor:lost", "anchor:lost is not an anchor state (use anchor:exact, anchor:moved,"),
        ("status:x*", "status:x* is not a claim status"),
        ('status:"done"', "status:done is not a claim status"),
    ],
)
def test_a_value_status_has_or_anchor_cannot_take_is_refused_with_the_list(
    text: str, message: str
) -> None:
    """A misspelt value found nothing, silently (``is:`` refused its own)."""
    with pytest.raises(QueryError) as raised:
        parse(text)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "text",
    [
        "status:key",
        "STATUS:Verified",
        "status:ver*",
        "has:claims",
        "has:notes",
        "has:links",
        "anchor:fuzzy",
        'status:"key"',
    ],
)
def test_every_value_of_status_has_and_anchor_is_taken(text: str) -> None:
    assert parse(text) is not None


def test_while_typing_the_beginning_of_a_value_waits() -> None:
    assert parse("oil status:ver", as_you_type=True) is not None
    with pytest.raises(QueryError):
        parse("oil status:ver")  # entered as it is: not a status
    with pytest.raises(QueryError):
        parse("status:vex", as_you_type=True)
    with pytest.raises(QueryError):
        parse("status:ver oil", as_you_type=True)  # not the word being typed


def test_a_long_phrase_is_held_to_the_word_limit_word_by_word() -> None:
    """A sentence pasted to find its source (121 characters) was refused as "a word
    of 121 characters" (a bad-input hunt); its words are what the limit is for."""
    sentence = (
        "Maternity pay for new mothers is to rise by 1,400 as part of new proposals "
        "announced by the Trade and Industry Secretary"
    )
    assert len(sentence) > MAX_TOKEN_CHARS
    assert parse(f'"{sentence}"') == Phrase(sentence)
    assert parse(f'title:"{sentence}"') == Phrase(sentence, "title")
    assert parse(f'"{sentence}', as_you_type=True) is not None
    with pytest.raises(QueryError, match="a word of 120 characters is too long"):
        parse(f'"short {"x" * 120}"')
