"""Front matter: typed when valid; every bad shape is a warning and the body is kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from briefing_tui.core.briefings.frontmatter import (
    MAX_FRONT_MATTER_CHARS,
    normalize_tag,
    parse_date,
    parse_front_matter,
    parse_tags,
    split_front_matter,
)

from .helpers import billion_laughs

BODY = "# Heading\n\nThe body stays.\n"


def fm(yaml_text: str, body: str = BODY) -> str:
    return f"---\n{yaml_text}\n---\n{body}"


def test_valid_front_matter_is_typed() -> None:
    result = split_front_matter(
        fm(
            "id: abc-123\ntitle: Oil prices climb\ndate: 2024-03-05\nsource: Wire\n"
            "url: https://example.org/a\ntags: [Energy, markets]\nsummary: Brent rose."
        )
    )
    front = result.front
    assert result.problems == []
    assert result.had_front_matter
    assert front.id == "abc-123"
    assert front.title == "Oil prices climb"
    assert front.date == datetime(2024, 3, 5)
    assert front.source == "Wire"
    assert front.url == "https://example.org/a"
    assert front.tags == ["energy", "markets"]
    assert front.summary == "Brent rose."
    assert result.body == BODY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5)),
        ("'2024-03-05'", datetime(2024, 3, 5)),
        ("2024-03-05T14:30:00", datetime(2024, 3, 5, 14, 30)),
        ("2024-03-05 14:30:00", datetime(2024, 3, 5, 14, 30)),
        ("'2024-03-05T14:30:00Z'", datetime(2024, 3, 5, 14, 30)),
        ("2024-03-05T14:30:00+02:00", datetime(2024, 3, 5, 14, 30)),
    ],
)
def test_date_as_iso_date_datetime_or_string(value: str, expected: datetime) -> None:
    result = split_front_matter(fm(f"date: {value}"))
    assert result.problems == []
    assert result.front.date == expected
    assert result.front.date.tzinfo is None  # comparable with every other date


def test_tags_as_a_comma_separated_string() -> None:
    result = split_front_matter(fm("tags: Energy, oil prices ,  , markets,energy"))
    assert result.front.tags == ["energy", "oil-prices", "markets"]
    assert result.problems == []


def test_unknown_keys_are_kept_in_extra_and_cleaned() -> None:
    result = split_front_matter(
        fm('author: Jane\nimported_from: a.txt\nnested: {a: [1, 2]}\nevil: "x\\e[2Jy"')
    )
    assert result.problems == []
    assert result.front.extra["author"] == "Jane"
    assert result.front.extra["imported_from"] == "a.txt"
    assert result.front.extra["nested"] == {"a": [1, 2]}
    assert "\x1b" not in result.front.extra["evil"]


def test_deeply_nested_unknown_key_is_cut() -> None:
    deep = "deep: " + "[" * 30 + "1" + "]" * 30
    result = split_front_matter(fm(deep))
    value = result.front.extra["deep"]
    depth = 0
    while isinstance(value, list):
        value, depth = value[0], depth + 1
    assert depth <= 8 and value == "…"


def test_unclosed_front_matter_warns_and_keeps_the_whole_text_as_body() -> None:
    text = "---\ntitle: Never closed\n\nThe body is still here.\n"
    result = split_front_matter(text)
    assert any("not closed" in p for p in result.problems)
    assert result.body == text
    assert result.front.title is None


def test_list_shaped_front_matter_warns_and_keeps_the_body() -> None:
    result = split_front_matter(fm("- one\n- two"))
    assert result.problems == ["front matter is a list, not a mapping"]
    assert result.body == BODY


def test_scalar_front_matter_warns_and_keeps_the_body() -> None:
    result = split_front_matter(fm("just a sentence"))
    assert any("not a mapping" in p for p in result.problems)
    assert result.body == BODY


def test_yaml_alias_bomb_is_refused_and_the_body_kept() -> None:
    # Refused, not expanded (expanded, it would never finish): the refusal names the
    # aliases. How fast is the benchmark's business, not a wall-clock bound here.
    result = split_front_matter(fm(billion_laughs() + "\ntitle: Bomb"))
    assert len(result.problems) == 1
    assert "alias" in result.problems[0]
    assert result.front.title is None
    assert result.body == BODY


def test_a_few_aliases_are_fine() -> None:
    result = split_front_matter(fm("base: &b x\nother: *b\ntitle: Fine"))
    assert result.problems == []
    assert result.front.title == "Fine"
    assert result.front.extra["other"] == "x"


def test_python_object_tag_is_refused_not_constructed() -> None:
    result = split_front_matter(fm('title: !!python/object/apply:os.system ["echo pwned"]'))
    assert len(result.problems) == 1 and "not valid YAML" in result.problems[0]
    assert result.body == BODY


def test_invalid_yaml_warns_and_keeps_the_body() -> None:
    result = split_front_matter(fm("title: [unclosed\ndate: 2024-01-01"))
    assert any("not valid YAML" in p for p in result.problems)
    assert result.body == BODY


def test_oversized_front_matter_is_not_parsed() -> None:
    big = "summary: " + "x" * (MAX_FRONT_MATTER_CHARS + 10)
    result = split_front_matter(fm(big))
    assert any("larger than" in p for p in result.problems)
    assert result.body == BODY


@pytest.mark.parametrize("value", ["'next tuesday'", "'2024-13-01'", "12345", "[2024, 1, 1]"])
def test_bad_date_warns_and_leaves_the_date_unset(value: str) -> None:
    result = split_front_matter(fm(f"title: Kept\ndate: {value}"))
    assert result.front.date is None
    assert any("'date'" in p for p in result.problems)
    assert result.front.title == "Kept"


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-45", "2024-02-10 25:00:00"])
def test_impossible_unquoted_date_warns_but_keeps_title_and_id(value: str) -> None:
    # YAML resolves these as timestamps and PyYAML raises on construction;
    # that must not throw away the rest of the front matter.
    result = split_front_matter(fm(f"id: keep-me\ntitle: Kept\ndate: {value}"))
    assert result.front.id == "keep-me"
    assert result.front.title == "Kept"
    assert result.front.date is None
    assert result.problems == [f"front matter 'date' is not an ISO date: {value!r}"]


@pytest.mark.parametrize(
    ("yaml_text", "attribute", "key"),
    [
        ("title: [a, b]", "title", "title"),
        ("title: true", "title", "title"),
        ("id: {x: 1}", "id", "id"),
        ("source: [a]", "source", "source"),
        ("url: {a: b}", "url", "url"),
        ("summary: 5", "summary", "summary"),
    ],
)
def test_wrong_type_for_a_text_key_warns_and_drops_only_that_key(
    yaml_text: str, attribute: str, key: str
) -> None:
    result = split_front_matter(fm(f"{yaml_text}\ntags: [kept]"))
    assert getattr(result.front, attribute) is None
    assert any(f"'{key}'" in p for p in result.problems)
    assert result.front.tags == ["kept"]


def test_numbers_are_accepted_as_text() -> None:
    result = split_front_matter(fm("id: 12345\ntitle: 1984"))
    assert result.problems == []
    assert result.front.id == "12345"
    assert result.front.title == "1984"


def test_tags_of_the_wrong_type_warn() -> None:
    result = split_front_matter(fm("tags: {a: 1}"))
    assert result.front.tags == []
    assert any("'tags'" in p for p in result.problems)


def test_tags_list_with_non_text_entries_keeps_the_good_ones() -> None:
    result = split_front_matter(fm("tags: [good, {bad: 1}, [nested], 2024, true]"))
    assert result.front.tags == ["good", "2024"]
    assert result.problems == ["front matter 'tags' has 3 entries that are not text"]


def test_overlong_id_is_refused() -> None:
    result = split_front_matter(fm("id: " + "x" * 300))
    assert result.front.id is None
    assert any("'id'" in p for p in result.problems)


def test_control_characters_in_values_are_replaced() -> None:
    result = split_front_matter(fm('title: "Evil\\e]0;pwned\\a title"\ntags: ["a\\eb"]'))
    assert "\x1b" not in (result.front.title or "")
    assert "\x07" not in (result.front.title or "")
    assert all("\x1b" not in tag for tag in result.front.tags)


def test_no_front_matter_leaves_the_text_alone() -> None:
    result = split_front_matter(BODY)
    assert result.problems == []
    assert not result.had_front_matter
    assert result.body == BODY
    assert result.body_offset == 0


def test_a_rule_later_in_the_text_is_not_front_matter() -> None:
    text = "Intro\n---\ntitle: no\n---\n"
    result = split_front_matter(text)
    assert result.body == text
    assert result.front.title is None


def test_empty_front_matter_is_fine() -> None:
    result = split_front_matter("---\n---\nBody\n")
    assert result.problems == []
    assert result.body == "Body\n"


def test_body_offset_points_at_the_body() -> None:
    text = fm("title: T")
    result = split_front_matter(text)
    assert text[result.body_offset :] == result.body


def test_parse_date_helpers() -> None:
    assert parse_date("2024-06-01") == datetime(2024, 6, 1)
    assert parse_date("June 1st") is None
    assert parse_date(None) is None


def test_tag_normalisation() -> None:
    assert normalize_tag("  Oil Prices ") == "oil-prices"
    assert normalize_tag("a,b") == "a-b"
    assert parse_tags("x, X") == (["x"], None)


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("title: A\ntags: [war]\ntags: [sanctions]\n", ["tags"]),
        ("title: A\nurl: http://x\nsource: S\nurl: https://y\nurl: z\n", ["url"]),
        # Nested keys, block scalars, comments and list items are not the top level.
        ("title: A\nmeta:\n  tags: x\n  tags: y\ntags: [a]\n", []),
        ("title: A\nsummary: |\n  key: value\n  key: value\n", []),
        ("title: A\n# title: B\nlist:\n- title: x\n- title: y\n", []),
        ("title: A\nTitle: B\n", []),
    ],
)
def test_a_key_given_twice_is_a_problem_that_says_which_is_kept(raw: str, said: list[str]) -> None:
    """``tags:`` on two lines kept the last without a word: the first line's tags were
    lost, silently (the header and ``briefing doctor`` show problems)."""
    front, problems = parse_front_matter(raw)
    assert [p for p in problems if "given twice" in p] == [
        f"front matter '{key}' is given twice: the last is used" for key in said
    ]
    if said == ["tags"]:
        assert front.tags == ["sanctions"]
