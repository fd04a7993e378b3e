"""Reliability and credibility (the Admiralty code) and event dates: checked values,
sources folded to one key, ratings shown as "B2", the credibility suggestion, and the
query terms ``reliability:`` and ``credibility:``."""

from __future__ import annotations

import pytest

from briefing_tui.core.analysis import AnalysisError, UnknownSource
from briefing_tui.core.claims.vocabulary import (
    VocabularyError,
    check_credibility,
    check_event_date,
    check_relation,
    check_reliability,
    rating,
    source_key,
)
from briefing_tui.core.exchange import select_claims
from briefing_tui.core.search.query import QueryError, Word, analysis_term, parse

from .helpers import briefing

TALKS = "The talks would resume in March. Officials in Kyiv were cautious about the timetable."
DENIAL = "The talks will not resume in March, a spokesman said. Markets barely moved."
WIRE = "Talks are to resume in March, officials said. The minister was upbeat."


@pytest.fixture
def ws(make_ws, write):  # type: ignore[no-untyped-def]
    for name, body, source in (
        ("talks", TALKS, "Reuters"),
        ("denial", DENIAL, "AP"),
        ("wire", WIRE, "  REUTERS "),
        ("blog", "A blog said the talks were over. Nobody agreed.", None),
    ):
        write(
            f"{name}.md",
            briefing(body, doc_id=name, title=name.title(), date="2024-03-05", source=source),
        )
    workspace = make_ws()
    workspace.sync()
    return workspace


# -- the words -----------------------------------------------------------------------------


def test_the_checks_accept_what_they_should() -> None:
    assert check_reliability(" b ") == "B"
    assert check_credibility("6") == 6 and check_credibility(1) == 1
    assert check_event_date(" 2024-03-05 ") == "2024-03-05"
    assert check_relation("Contradicts") == "contradict"
    assert rating("B", 2) == "B2" and rating("B", None) == "B?" and rating(None, 2) == "?2"
    assert rating(None, None) is None
    assert source_key("  The   REUTERS ") == source_key("the reuters") == "the reuters"
    assert source_key("Ｒｅｕｔｅｒｓ") == "reuters"  # full width folded
    assert source_key(None) == ""


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (check_reliability, "G", "reliability 'G' is not a grade from A"),
        (check_reliability, "AB", "reliability 'AB' is not a grade"),
        (check_credibility, "7", "credibility '7' is not a grade from 1"),
        (check_credibility, "0", "credibility '0' is not a grade"),
        (check_credibility, "two", "credibility 'two' is not a grade"),
        (check_event_date, "yesterday-ish", "event date 'yesterday-ish' is not an ISO date"),
        (check_event_date, "2024-02-30", "event date '2024-02-30' is not a valid date"),
        (check_event_date, "5 March 2024", "is not an ISO date (use YYYY-MM-DD)"),
        (check_relation, "refutes", "'refutes' is not a relation"),
    ],
)
def test_the_checks_refuse_with_a_sentence(check, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(VocabularyError) as raised:
        check(value)
    assert message in str(raised.value)


# -- credibility and event dates on claims ---------------------------------------------------


def test_a_claim_carries_credibility_and_an_event_date(ws) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(
        ws.resolve("talks"), "The talks would resume", credibility=2, event_date="2024-03-01"
    )
    assert (claim.credibility, claim.event_date) == (2, "2024-03-01")
    again = ws.claims.get(claim.id)
    assert (again.credibility, again.event_date) == (2, "2024-03-01")
    edited = ws.update_claim(claim.id, note="later")  # other edits leave them alone
    assert (edited.credibility, edited.event_date, edited.note) == (2, "2024-03-01", "later")
    edited = ws.update_claim(claim.id, credibility=5, event_date="2024-02-28")
    assert (edited.credibility, edited.event_date) == (5, "2024-02-28")
    cleared = ws.update_claim(claim.id, credibility=0, event_date="")
    assert (cleared.credibility, cleared.event_date) == (None, None)


@pytest.mark.parametrize(
    "fields", [{"credibility": 7}, {"event_date": "yesterday-ish"}, {"credibility": -1}]
)
def test_bad_values_on_a_claim_change_nothing(ws, fields: dict) -> None:  # type: ignore[type-arg,no-untyped-def]
    claim = ws.annotate(ws.resolve("talks"), "The talks would resume", credibility=2)
    with pytest.raises(VocabularyError):
        ws.update_claim(claim.id, note="not saved", **fields)
    assert ws.claims.get(claim.id) == claim
    with pytest.raises(VocabularyError):
        ws.annotate(ws.resolve("denial"), "The talks will not resume", **fields)
    assert [c.id for c in ws.claims.all()] == [claim.id]


# -- sources -------------------------------------------------------------------------------------


def test_sources_are_folded_and_counted(ws) -> None:  # type: ignore[no-untyped-def]
    ws.annotate(ws.resolve("talks"), "The talks would resume")
    ws.annotate(ws.resolve("wire"), "Talks are to resume")
    ws.annotate(ws.resolve("denial"), "The talks will not resume")
    listed = {(info.key, info.briefings, info.claims) for info in ws.analysis.sources()}
    assert listed == {("reuters", 2, 2), ("ap", 1, 1)}
    assert ws.analysis.sources()[0].name in ("Reuters", "REUTERS")


def test_rating_a_source_by_any_spelling(ws) -> None:  # type: ignore[no-untyped-def]
    rated = ws.analysis.rate_source("reuters", reliability="b", note="wire service")
    assert (rated.key, rated.reliability, rated.note) == ("reuters", "B", "wire service")
    assert ws.analysis.source("REUTERS").reliability == "B"
    # a note alone keeps the grade; a grade alone keeps the note
    assert ws.analysis.rate_source("Reuters", note="checked").reliability == "B"
    assert ws.analysis.rate_source("Reuters", reliability="A").note == "checked"
    assert ws.analysis.rate_source("Reuters", reliability="").reliability is None
    assert ws.analysis.reliability_of(ws.resolve("wire")) is None


@pytest.mark.parametrize(
    ("name", "fields", "error", "message"),
    [
        ("Nobody", {"reliability": "B"}, UnknownSource, "no briefing has the source 'Nobody'"),
        ("Reuters", {"reliability": "G"}, VocabularyError, "reliability 'G' is not a grade"),
        ("Reuters", {}, AnalysisError, "nothing to change"),
        ("", {"reliability": "B"}, UnknownSource, "give the source's name"),
    ],
)
def test_bad_source_ratings_change_nothing(ws, name, fields, error, message) -> None:  # type: ignore[no-untyped-def]
    ws.analysis.rate_source("Reuters", reliability="C")
    with pytest.raises(error) as raised:
        ws.analysis.rate_source(name, **fields)
    assert message in str(raised.value)
    assert {key: row.reliability for key, row in ws.store.source_ratings().items()} == {
        "reuters": "C"
    }


def test_the_rating_of_a_claim(ws) -> None:  # type: ignore[no-untyped-def]
    claim = ws.annotate(ws.resolve("talks"), "The talks would resume", credibility=2)
    record = ws.resolve("talks")
    assert ws.analysis.rating_of(claim, record) == "?2"
    ws.analysis.rate_source("Reuters", reliability="B")
    assert ws.analysis.rating_of(claim, record) == "B2"
    blog = ws.annotate(ws.resolve("blog"), "A blog said")
    assert ws.analysis.rating_of(blog, ws.resolve("blog")) is None


# -- the suggestion -------------------------------------------------------------------------------


def test_credibility_1_is_suggested_by_another_source_never_set(ws) -> None:  # type: ignore[no-untyped-def]
    talks = ws.annotate(ws.resolve("talks"), "The talks would resume")
    wire = ws.annotate(ws.resolve("wire"), "Talks are to resume")  # Reuters too
    denial = ws.annotate(ws.resolve("denial"), "The talks will not resume")  # AP
    blog = ws.annotate(ws.resolve("blog"), "A blog said")  # no source
    ws.analysis.link(wire.id, "repeat", talks.id)  # the same source: no suggestion
    ws.analysis.link(blog.id, "support", talks.id)  # no source: cannot say it is another
    assert ws.analysis.suggest_credibility(talks.id) is None
    ws.analysis.link(talks.id, "support", denial.id)  # talks supports denial, not the reverse
    assert ws.analysis.suggest_credibility(talks.id) is None
    suggestion = ws.analysis.suggest_credibility(denial.id)
    assert suggestion is not None and suggestion.credibility == 1
    assert suggestion.claim_ids == [talks.id] and suggestion.sources == ["Reuters"]
    assert "Reuters" in suggestion.reason
    assert ws.claims.get(denial.id).credibility is None  # never set silently
    ws.analysis.link(denial.id, "repeat", wire.id)  # repeat counts either way
    assert ws.analysis.suggest_credibility(wire.id) is not None
    ws.update_claim(denial.id, credibility=1)
    assert ws.analysis.suggest_credibility(denial.id) is None  # already 1


# -- query terms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "value"),
    [
        ("reliability:A..B", "AB"),
        ("reliability:b", "B"),
        ("reliability:<=C", "ABC"),
        ("reliability:>D", "EF"),
        ("reliability:..B", "AB"),
        ("reliability:E..", "EF"),
        ("credibility:<=2", "12"),
        ("credibility:>=5", "56"),
        ("credibility:<2", "1"),
        ("credibility:2..4", "234"),
        ("credibility:6", "6"),
    ],
)
def test_grade_terms_parse_to_the_grades_they_cover(term: str, value: str) -> None:
    field = term.partition(":")[0]
    assert parse(term) == Word(value, field)


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("credibility:7", "credibility:7 is not a grade (use 1 to 6"),
        ("credibility:<1", "credibility:<1 covers no grade"),
        # Its example once (it said "as in reliability:A..B or reliability:A..B").
        ("reliability:G", "reliability:G is not a grade (use A to F, as in reliability:A..B)"),
        ("reliability:C..A", "reliability:C..A covers no grade"),
        ("credibility:", "credibility: needs a value, for example credibility:<=2"),
        ("reliability:", "reliability: needs a value, for example reliability:A..B"),
    ],
)
def test_bad_grade_terms_say_why(term: str, message: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse(term)
    assert message in str(raised.value)


def test_analysis_term_checks_values() -> None:
    assert analysis_term("links", "Supports") == Word("support", "links")
    assert analysis_term("linked", " c123 ") == Word("c123", "linked")
    with pytest.raises(QueryError):
        analysis_term("linked", "c1*")


def test_rating_terms_select_claims_and_briefings(ws) -> None:  # type: ignore[no-untyped-def]
    talks = ws.annotate(ws.resolve("talks"), "The talks would resume", credibility=2)
    wire = ws.annotate(ws.resolve("wire"), "Talks are to resume", credibility=5)
    denial = ws.annotate(ws.resolve("denial"), "The talks will not resume")
    blog = ws.annotate(ws.resolve("blog"), "A blog said", credibility=1)
    ws.analysis.rate_source("Reuters", reliability="B")
    ws.analysis.rate_source("AP", reliability="E")

    def claims(query: str) -> set[str]:
        return {claim.id for claim, _ in select_claims(ws, query)}

    def briefings(query: str) -> set[str]:
        return {hit.id for hit in ws.search(query, limit=50).hits}

    assert claims("credibility:<=2") == {talks.id, blog.id}
    assert claims("reliability:A..B") == {talks.id, wire.id}
    assert claims("reliability:A..B credibility:<=2") == {talks.id}
    assert claims("reliability:E") == {denial.id}
    assert claims("reliability:C") == set()
    assert claims("NOT credibility:1..6") == {denial.id}
    assert briefings("reliability:A..B") == {"talks", "wire"}
    assert briefings("credibility:<=2") == {"talks", "blog"}
    assert briefings("resume reliability:E") == {"denial"}
    # right the moment a rating changes: the store answers, not the index
    ws.analysis.rate_source("AP", reliability="A")
    assert briefings("reliability:A") == {"denial"}
    ws.update_claim(denial.id, credibility=2)
    assert claims("credibility:2") == {talks.id, denial.id}
