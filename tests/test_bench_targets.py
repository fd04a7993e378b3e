"""The bench judges 100,000-briefing rows against issue #19's targets, not 10,000's."""

from __future__ import annotations

from bench.figures import as_you_type, search, tui_keys
from bench.results import Target, sized


def test_a_target_set_at_10000_is_shown_but_not_judged_at_100000_without_one_of_its_own() -> None:
    small = Target(max_value=30, text="< 30 ms")
    assert sized(10_000, small, None).applies(10_000)
    assert not sized(100_000, small, None).applies(100_000)


def test_search_rows_at_100000_are_judged_by_the_issues_targets() -> None:
    expected = {
        ("word", "government"): 40,
        ("phrase", '"prime minister"'): 80,
        ("prefix", "minist*"): 50,
        ("field", "date:2022"): 40,
    }
    for (kind, query), limit in expected.items():
        target = sized(100_000, Target(max_value=30), search._large_target(kind, query))
        assert target.applies(100_000)
        assert target.check(limit - 1, 0.4) is True
        assert target.check(limit + 1, 0.4) is False
        assert target.check(limit - 1, 0.6) is False  # and ≤ 0.5x bare Whoosh
    assert search._large_target("field", "title:oil") is None


def test_typing_targets_at_100000() -> None:
    assert as_you_type.target_ms(10_000) == 50
    assert as_you_type.target_ms(100_000) == 60
    assert tui_keys.keystroke_target_ms(100_000) == 100
