"""The front-matter fast path reads what YAML reads, or leaves it to YAML.

``simple_mapping`` skips PyYAML for the common shapes of front matter (most of
a full build's reading time was PyYAML's constructors). It is only right if,
whenever it answers, its answer is exactly PyYAML's: generated front matter
full of YAML's special characters and words checks that.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.briefings.yaml_loader import (
    FAST_LOADER,
    _CountingLoader,
    load_yaml,
    simple_mapping,
)

#: Pieces that mean something to YAML, mixed with plain words.
PIECES = [
    "word", "Moscow", "S-400", "2024-03-05", "2024-02-30", "2021-04-06T10:00:00Z", "12:30",
    "1e3", "0x1F", "0o17", "010", "1_000", ".inf", "-.5", "+1", "yes", "No", "on", "OFF",
    "true", "null", "~", "", " ", "  ", ":", ": ", "#", " #", "-", "- ", "?", ",", "[", "]",
    "{", "}", "&a", "*a", "!", "!!str", "|", ">", "'", '"', "%", "@", "`", "\\", "\t",
    "é", "日本", "\u2028", "\x85", "=", "<<", "...", "---",
]  # fmt: skip

value = st.lists(st.sampled_from(PIECES), min_size=0, max_size=5).map("".join)
key = st.one_of(
    st.sampled_from(["id", "title", "date", "tags", "source", "yes", "null", "1", "a b"]),
    st.from_regex(r"[a-z_][a-z0-9_-]{0,6}", fullmatch=True),
)
line = st.one_of(
    st.tuples(key, value).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.tuples(key, st.lists(value, max_size=4)).map(lambda kv: f"{kv[0]}: [{', '.join(kv[1])}]"),
    key.map(lambda k: f"{k}:"),
    st.tuples(st.sampled_from(["", "  ", " "]), value).map(lambda iv: f"{iv[0]}- {iv[1]}"),
    value,
)
front_matter = st.lists(line, min_size=1, max_size=6).map("\n".join)


def _yaml(raw: str) -> object:
    """What both loaders the app uses (libyaml's and the counting one) give."""
    answers = []
    for loader in (_CountingLoader, FAST_LOADER):
        if loader is None:
            continue
        try:
            answers.append(yaml.load(raw, Loader=loader))
        except (yaml.YAMLError, ValueError):
            answers.append("<error>")
    assert all(answer == answers[0] for answer in answers), raw
    return answers[0]


@settings(max_examples=1500, deadline=None)
@given(front_matter)
def test_the_fast_path_answers_only_as_yaml_would(raw: str) -> None:
    fast = simple_mapping(raw)
    if fast is not None:
        assert fast == _yaml(raw), raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            'id: syn-1\ntitle: "Oil: a rise"\ndate: 2019-01-06\nsource: The Guardian\n'
            "tags: [markets, uk]",
            {
                "id": "syn-1",
                "title": "Oil: a rise",
                "date": dt.date(2019, 1, 6),
                "source": "The Guardian",
                "tags": ["markets", "uk"],
            },
        ),
        ("tags:\n- russia\n- s-400\nurl: https://x.org/a?b=1", None),
        ("date: 2024-02-30", {"date": "2024-02-30"}),
        ("summary:", {"summary": None}),
    ],
)
def test_the_common_shapes_are_read_without_yaml(raw: str, expected: object) -> None:
    """The shapes the importer and most scrapers write take the fast path."""
    fast = simple_mapping(raw)
    assert fast is not None
    assert fast == (expected if expected is not None else _yaml(raw))


@pytest.mark.parametrize(
    "raw",
    [
        "title: a # comment",
        "count: 3",
        "draft: yes",
        "anchor: &a x\nother: *a",
        'title: "esc\\tape"',
        "nested:\n  key: value",
        "tags:\n- a\n  - b",
        "title: >\n  folded",
        "k" * 1100 + ": a key too long for a simple key",
    ],
)
def test_everything_else_goes_to_yaml(raw: str) -> None:
    assert simple_mapping(raw) is None
    try:
        loaded = load_yaml(raw)
    except yaml.YAMLError:
        loaded = "<error>"
    assert loaded == _yaml(raw)
