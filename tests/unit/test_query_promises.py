"""The query language's promises pinned down: nothing after a phrase is dropped, every limit
holds at the limit and one past it, half-typed queries keep what follows, and each refusal
says what to do in words a person reads (issue #20: each test here fails on a mutant of
``core/query.py`` that the older tests let through).

The limits are written as numbers, not as the module's constants: a test over
``MAX_DEPTH`` would follow the constant wherever it went.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import datetime

import pytest

from briefing_tui.core.search.query import (
    And,
    DateSpan,
    Node,
    Not,
    Or,
    Phrase,
    QueryError,
    Word,
    parse,
    parse_date_span,
    tokenize,
)

# --- Nothing is dropped --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ('"oil prices" OR government', Or((Phrase("oil prices"), Word("government")))),
        ('"oil prices" government', And((Phrase("oil prices"), Word("government")))),
        (
            'government "oil prices" tax',
            And((Word("government"), Phrase("oil prices"), Word("tax"))),
        ),
        ('source:"bbc news" oil', And((Phrase("bbc news", "source"), Word("oil")))),
        (
            'date:"2024" oil',
            And((DateSpan(datetime(2024, 1, 1), datetime(2025, 1, 1)), Word("oil"))),
        ),
        ("-gas oil", And((Not(Word("gas")), Word("oil")))),
        ("(oil) gas", And((Word("oil"), Word("gas")))),
        ("oil OR gas OR coal", Or((Word("oil"), Word("gas"), Word("coal")))),
    ],
)
def test_terms_after_a_phrase_a_field_or_a_group_are_kept(query: str, tree: object) -> None:
    assert parse(query) == tree
    assert parse(query + " ", as_you_type=True) == tree


def test_a_bare_field_typed_mid_query_keeps_what_follows() -> None:
    # The user typed "title:" and went back to edit the start: the rest still counts.
    assert parse("oil title: gas", as_you_type=True) == And((Word("oil"), Word("gas", last=True)))
    assert parse("title: oil gas", as_you_type=True) == And((Word("oil"), Word("gas", last=True)))
    assert parse("oil tag: gas ", as_you_type=True) == And((Word("oil"), Word("gas")))


def test_a_phrase_right_after_a_field_belongs_to_it() -> None:
    assert parse('title:"oil prices"') == Phrase("oil prices", "title")
    # "title:" then a space then a phrase: the field waits for a value, the phrase stands alone.
    assert parse('oil title: "gas"', as_you_type=True) == And((Word("oil"), Phrase("gas")))


def test_only_the_word_being_typed_is_marked_last() -> None:
    assert parse("title:oi", as_you_type=True) == Word("oi", "title", last=True)
    assert parse("oil minist*", as_you_type=True) == And((Word("oil"), Word("minist", prefix=True)))
    # A phrase still open: its words, the last being typed (a space after it: whole).
    assert parse('oil "gas', as_you_type=True) == And((Word("oil"), Word("gas", last=True)))
    assert parse('"prime minis', as_you_type=True) == And((Word("prime"), Word("minis", last=True)))
    assert parse('"prime ', as_you_type=True) == Word("prime")
    assert parse('"prime minister"', as_you_type=True) == Phrase("prime minister")
    assert parse("oil (gas)", as_you_type=True) == And((Word("oil"), Word("gas")))
    assert parse("oil title:gas") == And((Word("oil"), Word("gas", "title")))


def test_a_hyphen_before_a_space_or_another_hyphen_is_a_word() -> None:
    assert parse("oil - gas") == And((Word("oil"), Word("-"), Word("gas")))
    assert parse("--x") == Word("--x")
    assert parse("x-") == Word("x-")
    assert parse("-") == Word("-")


def test_a_word_ends_at_a_parenthesis_or_a_quote() -> None:
    assert parse('oil"gas"') == And((Word("oil"), Phrase("gas")))
    assert parse("(oil)gas") == And((Word("oil"), Word("gas")))


def test_operators_are_upper_case_only() -> None:
    assert parse("oil or gas") == And((Word("oil"), Word("or"), Word("gas")))
    assert parse("oil and not gas") == And((Word("oil"), Word("and"), Word("not"), Word("gas")))


def test_tokens_remember_whether_they_end_the_query() -> None:
    assert [t.at_end for t in tokenize("oil gas")] == [False, True]
    assert [t.at_end for t in tokenize('"oil" "gas"')] == [False, True]
    assert [t.at_end for t in tokenize('title:"oil" source:gas')] == [False, True]
    assert [t.at_end for t in tokenize("oil gas ")] == [False, False]


# --- Every limit at the limit and one past ----------------------------------------------


def nested(levels: int) -> str:
    return "(" * levels + "oil" + ")" * levels


def test_12_levels_of_parentheses_parse_and_13_are_refused() -> None:
    assert parse(nested(12)) == Word("oil")
    with pytest.raises(QueryError) as refused:
        parse(nested(13))
    assert str(refused.value) == "the query is nested more than 12 levels deep"


def test_64_terms_parse_and_65_are_refused() -> None:
    words = [f"w{n}" for n in range(65)]
    assert parse(" ".join(words[:64])) == And(tuple(Word(word) for word in words[:64]))
    with pytest.raises(QueryError) as refused:
        parse(" ".join(words))
    assert str(refused.value) == "the query has more than 64 terms"
    # Phrases, fields and dates are terms too.
    assert parse(" ".join(['"a b"'] * 32 + ["title:x"] * 31 + ["date:2024"])) is not None
    with pytest.raises(QueryError, match="more than 64 terms"):
        parse(" ".join(['"a b"'] * 33 + ["title:x"] * 31 + ["date:2024"]))


def test_64_prefixes_parse_and_a_65th_is_refused_as_a_term() -> None:
    """No limit of its own on ``word*`` (the prefixes share one expansion budget):
    a query of 64 prefixes is answered; the 65th is refused as the 65th term."""
    prefixes = [f"p{n}*" for n in range(65)]
    assert parse(" OR ".join(prefixes[:64])) == Or(
        tuple(Word(f"p{n}", prefix=True) for n in range(64))
    )
    with pytest.raises(QueryError) as refused:
        parse(" OR ".join(prefixes))
    assert str(refused.value) == "the query has more than 64 terms"


def test_1000_characters_parse_and_1001_are_refused() -> None:
    query = "oil" + " " * 997
    assert parse(query) == Word("oil")
    with pytest.raises(QueryError) as refused:
        parse(query + "x")
    assert str(refused.value) == "the query is 1,001 characters long (limit 1,000)"


def test_a_100_character_word_parses_and_101_is_refused() -> None:
    assert parse("x" * 100) == Word("x" * 100)
    assert parse(f'"{"y" * 100}"') == Phrase("y" * 100)
    with pytest.raises(QueryError) as refused:
        parse("x" * 101)
    assert str(refused.value) == "a word of 101 characters is too long (limit 100)"
    with pytest.raises(QueryError, match="101 characters"):
        parse(f'oil "{"y" * 101}"')


# --- Refusals a person can act on ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("oil gas)", "unbalanced ): there is no ( to close"),
        ("(oil))", "unbalanced ): there is no ( to close"),
        ("(oil gas", "unbalanced (: add the closing )"),
        ('"oil prices', 'unclosed quote: add the closing "'),
        ("oil OR", "OR needs something on both sides"),
        ("(oil OR)", "OR needs something on both sides"),
        ("()", "an empty group: write something between ( and )"),
        ("((", "an empty group: write something between ( and )"),
        ("OR oil", "OR needs something on both sides"),
        ("AND", "AND needs something on both sides"),
        ("AND AND", "AND needs something on both sides"),
        ("oil NOT", "NOT needs something after it"),
        ("NOT NOT x", "NOT NOT: a double negation; remove both"),
        ("NOT -x", "NOT NOT: a double negation; remove both"),
        ("NOT AND x", "AND needs a word after it"),
        ("o*l", "'o*l': * may only end a word (as in minist*)"),
        ("o?l", "'o?l': ? is no wildcard here, and * may only end a word (as in minist*)"),
        ("*", "a lone * would match everything: type at least one letter before it"),
        ("title:", "title: needs a value, for example title:word"),
        # A value the field takes: "status:word" named a status there is not.
        ("status:", "status: needs a value, for example status:key"),
        ("tag:", "tag: needs a value, for example tag:sanctions"),
        ("date:", "date: needs a value, for example date:2024"),
        ("source:", 'source: needs a value, for example source:"Reuters"'),
        (
            "author:jane",
            "unknown field author: (known fields: title:, tag:, source:, date:, claim:, "
            "note:, status:, has:, anchor:, is:, links:, linked:, reliability:, credibility:)",
        ),
        ("oil \udcff", "the query holds bytes that are not valid UTF-8 text"),
        ("date:soon", "date:soon is not a date (use 2024, 2024-03 or 2024-03-15)"),
        ("date:2024-13", "date:2024-13 is not a valid date (month must be in 1..12)"),
        ("date:2024..2023", "date:2024..2023: the range ends before it starts"),
    ],
)
def test_each_refusal_says_what_to_do(query: str, message: str) -> None:
    with pytest.raises(QueryError) as refused:
        parse(query)
    assert str(refused.value) == message


def test_a_field_name_may_be_any_case_but_only_letters() -> None:
    assert parse("Title:oil") == Word("oil", "title")
    assert parse("x1:oil") == Word("x1:oil")  # not a field: a word with a colon
    assert parse("10:30") == Word("10:30")
    assert parse("title:a:b") == Word("a:b", "title")


# --- Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-11", datetime(2024, 11, 1), datetime(2024, 12, 1)),
        ("2024-12-31", datetime(2024, 12, 31), datetime(2025, 1, 1)),
        (" 2024 ", datetime(2024, 1, 1), datetime(2025, 1, 1)),
        ("2024 .. 2025", datetime(2024, 1, 1), datetime(2026, 1, 1)),
        ("2024-03-15..2024-03-15", datetime(2024, 3, 15), datetime(2024, 3, 16)),
        ("<2024-06", None, datetime(2024, 6, 1)),
        ("<=2024-06", None, datetime(2024, 7, 1)),
        (">2024-06", datetime(2024, 7, 1), None),
        (">=2024-06", datetime(2024, 6, 1), None),
        ("..", None, None),
    ],
)
def test_more_date_spans(text: str, start: datetime | None, end: datetime | None) -> None:
    assert parse_date_span(text) == DateSpan(start, end)


def test_a_range_of_one_year_is_not_empty() -> None:
    assert parse("date:2024..2024") == DateSpan(datetime(2024, 1, 1), datetime(2025, 1, 1))


def test_a_date_in_a_phrase_is_a_date() -> None:
    assert parse('date:"2024-01 .. 2024-02"') == DateSpan(
        datetime(2024, 1, 1), datetime(2024, 3, 1)
    )


# --- Small things a caller sees ---------------------------------------------------------


def test_trees_are_immutable_hashable_values() -> None:
    for query in ('oil "gas prices" OR NOT title:x date:2024', "(a OR b) -c", 'source:"b c"'):
        tree = parse(query)
        assert isinstance(tree, Node)
        assert hash(tree) == hash(parse(query))  # usable as a cache key
    with pytest.raises(FrozenInstanceError):
        Word("oil").text = "gas"  # type: ignore[misc]
    for node in (Phrase("a"), DateSpan(None, None), Not(Word("a")), And(()), Or(())):
        with pytest.raises(FrozenInstanceError):
            node.field = "x"  # type: ignore[misc, union-attr]


def test_a_phrase_without_a_field_has_none() -> None:
    assert parse('"oil prices"').field is None  # type: ignore[union-attr]
    assert Phrase("oil prices").field is None


def test_words_that_look_like_syntax_are_words() -> None:
    assert parse("Xi Jinping") == And((Word("Xi"), Word("Jinping")))
    assert parse("MAX*") == Word("MAX", prefix=True)
    assert parse('oil "NOT"') == And((Word("oil"), Phrase("NOT")))
    assert parse("title:NOT") == Word("NOT", "title")
    assert parse('""') == Phrase("")  # an empty phrase, not an unclosed quote


def test_a_field_of_letters_with_any_value_must_be_known() -> None:
    for query in ("author:2024", "author:j4ne", "author:-", "author:é"):
        with pytest.raises(QueryError, match="unknown field author:"):
            parse(query)


def test_a_closing_parenthesis_after_not_is_unbalanced() -> None:
    with pytest.raises(QueryError) as refused:
        parse("oil NOT )")
    assert str(refused.value) == "unbalanced ): there is no ( to close"


def test_tokens_say_what_they_are() -> None:
    tokens = tokenize('oil "gas" title:x title:"y z" ( ) -w OR')
    assert [(t.kind, t.text, t.field) for t in tokens] == [
        ("word", "oil", None),
        ("phrase", "gas", None),
        ("field", "x", "title"),
        ("field_phrase", "y z", "title"),
        ("lparen", "(", None),
        ("rparen", ")", None),
        ("minus", "-", None),
        ("word", "w", None),
        ("op", "OR", None),
    ]
    assert [t.at_end for t in tokenize('source:"gas"')] == [True]
    assert [t.at_end for t in tokenize('source:"gas" ')] == [False]
