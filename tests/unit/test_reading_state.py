"""Reading state: unread until read, new since the last visit, changed since read,
what changed; the ``is:`` query terms that find them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

import briefing_tui.core.stream.reading as reading_module
import briefing_tui.core.text.diffing as diffing
from briefing_tui.core.search import run_search
from briefing_tui.core.search.query import QueryError, parse
from briefing_tui.core.stream import NoDiff, ReadText, WhatChanged
from briefing_tui.core.workspace import Workspace

from .helpers import briefing

REPO = Path(__file__).resolve().parents[2]

Write = Callable[[str, str], Path]


def _library(write: Write) -> None:
    write(
        "oil.md",
        briefing(
            "Oil prices rose as the government minister spoke about the budget.\n\n"
            "Analysts expect more volatility next quarter.\n",
            doc_id="oil",
            title="Oil prices climb",
            date="2024-03-05",
            tags=["energy"],
        ),
    )
    write(
        "gas.md",
        briefing(
            "The gas deal was signed by the minister.\n",
            doc_id="gas",
            title="Gas deal",
            date="2024-04-01",
        ),
    )
    write(
        "grain.md",
        briefing("Grain exports fell.\n", doc_id="grain", title="Grain", date="2023-01-01"),
    )


def _rewrite(path: Path, old: str, new: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text().replace(old, new))
    later = before + 2_000_000_000
    os.utime(path, ns=(later, later))


@pytest.fixture
def ws(write: Write, make_ws: Callable[..., Workspace]) -> Workspace:
    _library(write)
    workspace = make_ws()
    workspace.sync()
    return workspace


def _found(ws: Workspace, query: str) -> set[str]:
    return set(ws.search(query, limit=0).ids)


# -- read and unread --------------------------------------------------------------


def test_every_briefing_is_unread_until_read(ws: Workspace) -> None:
    counts = ws.stream.counts()
    assert (counts.total, counts.unread, counts.new, counts.changed) == (3, 3, 0, 0)
    assert _found(ws, "is:unread") == {"oil", "gas", "grain"}
    assert _found(ws, "is:read") == set()


def test_marking_read_and_unread_moves_a_briefing_between_the_terms(ws: Workspace) -> None:
    assert ws.stream.mark_read(["oil", "gas"]) == 2
    assert _found(ws, "is:read") == {"oil", "gas"}
    assert _found(ws, "is:unread") == {"grain"}
    assert _found(ws, "minister is:unread") == set()
    assert _found(ws, "minister NOT is:read") == set()
    assert _found(ws, "minister -is:unread") == {"oil", "gas"}
    assert ws.stream.counts().unread == 1
    assert ws.stream.counts(["oil", "grain"]).unread == 1
    assert ws.stream.mark_unread(["gas", "grain"]) == 1  # grain was not read
    assert _found(ws, "is:unread") == {"gas", "grain"}
    assert ws.stream.states(["oil", "gas"])["oil"].read
    assert ws.stream.states(["oil", "gas"])["gas"].unread


def test_marking_unknown_ids_marks_nothing(ws: Workspace) -> None:
    assert ws.stream.mark_read(["nope", "oil", "oil"]) == 1
    assert ws.stream.snapshot().read == {"oil"}


def test_is_alone_lists_newest_first_as_an_empty_query_does(ws: Workspace) -> None:
    assert ws.search("is:unread", limit=0).ids == ["gas", "oil", "grain"]


def test_a_read_mark_follows_the_briefing_when_its_identity_changes(ws: Workspace) -> None:
    ws.stream.mark_read(["grain"])
    ws.store.rename_id("grain", "grain-2023")
    assert ws.stream.snapshot().read == {"grain-2023"}


def test_states_read_from_another_thread_while_the_app_writes(ws: Workspace) -> None:
    seen: list[frozenset[str]] = []
    reader = threading.Thread(target=lambda: seen.append(ws.stream.snapshot().read))
    ws.stream.mark_read(["oil"])
    reader.start()
    reader.join()
    assert seen == [frozenset({"oil"})]


# -- changed since read -----------------------------------------------------------


def test_an_edit_after_reading_marks_the_briefing_changed(ws: Workspace, lib_dir: Path) -> None:
    ws.stream.mark_read(["oil", "gas"])
    _rewrite(lib_dir / "oil.md", "rose as", "fell sharply as")
    ws.sync()
    assert _found(ws, "is:changed") == {"oil"}
    assert ws.stream.snapshot().state("oil").changed
    assert ws.stream.counts().changed == 1
    assert "oil" in _found(ws, "is:read")  # changed briefings stay read

    diff = ws.stream.what_changed("oil")
    assert isinstance(diff, WhatChanged)
    assert not diff.unchanged
    assert (diff.summary.inserted_words, diff.summary.deleted_words) == (2, 1)
    inserted = [diff.new_text[slice(*c.new)] for c in diff.changes if c.kind != "equal"]
    deleted = [diff.old_text[slice(*c.old)] for c in diff.changes if c.kind != "equal"]
    assert inserted == ["fell sharply "] and deleted == ["rose "]

    ws.stream.mark_read(["oil"])  # read again: the text kept is the new one
    assert _found(ws, "is:changed") == set()
    again = ws.stream.what_changed("oil")
    assert isinstance(again, WhatChanged) and again.unchanged


def test_what_changed_marks_the_claims_the_edit_concerns(ws: Workspace, lib_dir: Path) -> None:
    record = ws.resolve("oil")
    before = ws.annotate(record, "Oil prices rose")
    touched = ws.annotate(record, "the government minister spoke")
    after = ws.annotate(record, "Analysts expect more volatility")
    ws.stream.mark_read(["oil"])
    _rewrite(lib_dir / "oil.md", "government minister spoke", "government minister said")
    ws.sync()
    diff = ws.stream.what_changed("oil")
    assert isinstance(diff, WhatChanged)
    concerned = {item.claim_id: item for item in diff.claims}
    assert set(concerned) == {touched.id, after.id}  # not the one before the edit
    assert concerned[touched.id].anchor == "fuzzy" and concerned[touched.id].touched
    assert concerned[after.id].anchor == "moved" and not concerned[after.id].touched
    assert before.id not in concerned
    start, end = concerned[after.id].span or (0, 0)
    assert diff.new_text[start:end] == "Analysts expect more volatility"


def test_what_changed_says_why_when_there_is_no_earlier_text(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    never = ws.stream.what_changed("gas")
    assert isinstance(never, NoDiff) and never.reason == "never_read"
    assert "not been read" in never.message

    monkeypatch.setattr(diffing, "MAX_KEPT_BYTES", 10)
    ws.stream.mark_read(["oil"])
    large = ws.stream.what_changed("oil")
    assert isinstance(large, NoDiff) and large.reason == "too_large"
    assert "too large to keep" in large.message
    assert _found(ws, "is:read") == {"oil"}  # read all the same


def test_a_kept_text_that_would_unpack_past_the_bound_is_refused(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.stream.mark_read(["oil"], texts=lambda ids: {"oil": ReadText("h", "x" * 5000)})
    monkeypatch.setattr(reading_module, "MAX_UNPACKED", 1000)
    found = ws.stream.what_changed("oil", ReadText("h2", "now"))
    assert isinstance(found, NoDiff) and found.reason == "damaged"
    assert reading_module.unpack_bounded(b"not zlib") is None
    assert reading_module.unpack_bounded(zlib.compress(b"fine")) == "fine"
    with ws.store.transaction() as db:  # a row no version writes (a store edited by hand)
        db.execute("UPDATE read_marks SET text = NULL WHERE doc_id = 'oil'")
    found = ws.stream.what_changed("oil", ReadText("h2", "now"))
    assert isinstance(found, NoDiff) and found.reason == "damaged"


def test_the_text_given_by_the_reader_is_the_one_kept(ws: Workspace) -> None:
    shown = ReadText("hash-shown", "What the reader showed.")
    ws.stream.mark_read(["gas"], texts=lambda ids: {"gas": shown})
    diff = ws.stream.what_changed("gas", ReadText("x", "What the reader showed now."))
    assert isinstance(diff, WhatChanged)
    assert diff.old_text == "What the reader showed."
    assert _found(ws, "is:changed") == {"gas"}  # its hash is not the store's


def test_a_briefing_read_again_on_the_same_text_keeps_its_text(ws: Workspace) -> None:
    ws.stream.mark_read(["gas"])
    first = ws.store.read_mark("gas")
    calls: list[list[str]] = []

    def texts(ids: list[str]) -> dict[str, ReadText]:
        calls.append(ids)
        return {}

    ws.stream.mark_read(["gas"], texts=texts)
    assert calls == []  # nothing to read: the same text is kept
    again = ws.store.read_mark("gas")
    assert first is not None and again is not None and again.packed == first.packed


# -- new since the last visit -------------------------------------------------------


def test_new_counts_from_the_previous_visit(
    ws: Workspace, make_ws: Callable[..., Workspace], write: Write
) -> None:
    assert ws.begin_visit() is None  # the first visit: nothing is new
    assert _found(ws, "is:new") == set()
    ws.store.set_meta("visit:current", "2000-01-01T00:00:00")  # as if the app last ran then
    assert ws.begin_visit() == "2000-01-01T00:00:00"
    assert _found(ws, "is:new") == {"oil", "gas", "grain"}
    assert ws.stream.counts().new == 3

    other = make_ws()  # another process (the CLI): counts from the last visit recorded
    assert other.stream.since == ws.store.get_meta("visit:current")
    assert _found(other, "is:new") == set()
    ws.store.set_meta("visit:current", "2000-01-01T00:00:00")
    write("late.md", briefing("Late news.\n", doc_id="late", title="Late"))
    other.sync()
    assert _found(other, "is:new") == {"oil", "gas", "grain", "late"}


# -- the query terms -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("is:unknown", "is:unknown is not a reading state (use is:unread, is:read"),
        ("is:unread*", "is:unread* is not a reading state"),
        ("is:", "is: needs a value, for example is:unread"),
        ("is:\x1b[2J", "is:␛[2J is not a reading state"),
    ],
)
def test_an_unknown_is_value_is_refused_with_the_values_known(query: str, message: str) -> None:
    with pytest.raises(QueryError) as refused:
        parse(query)
    assert message in str(refused.value)
    assert "\x1b" not in str(refused.value)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:read", {"oil", "grain"}),
        ("is:unread OR grain", {"gas", "grain"}),
        ("(is:changed OR is:unread) exports", {"grain"}),
        ("NOT is:read NOT is:changed", {"gas"}),
        ('"gas deal" is:unread', {"gas"}),  # a phrase: matched while ranking
        ("minist* is:read", {"oil"}),
        ("date:2024 is:read", {"oil"}),
        ("is:read -is:changed", {"oil"}),
        ("is:unread is:read", set()),
        ("tag:energy OR is:changed", {"oil", "grain"}),
    ],
)
def test_is_terms_combine_with_every_other_kind(
    ws: Workspace, lib_dir: Path, query: str, expected: set[str]
) -> None:
    ws.stream.mark_read(["oil", "grain"])
    _rewrite(lib_dir / "grain.md", "fell.", "fell again.")
    ws.sync()
    for sort in ("relevance", "date", "title"):
        found = ws.search(query, sort=sort, limit=0).ids  # type: ignore[arg-type]
        assert set(found) == expected and len(found) == len(expected), (query, sort)
    assert set(ws.stream.matching_ids(query)) == expected


def test_is_terms_are_case_insensitive_and_may_be_quoted(ws: Workspace) -> None:
    ws.stream.mark_read(["gas"])
    assert _found(ws, 'is:READ OR is:"changed"') == {"gas"}


def test_is_terms_count_against_the_query_limits() -> None:
    with pytest.raises(QueryError, match="more than 64 terms"):
        parse(" ".join(["is:read"] * 65))


def test_is_terms_need_the_store_that_keeps_the_states(ws: Workspace) -> None:
    with pytest.raises(QueryError, match="is:unread needs the library's store"):
        run_search(ws.index(), "oil is:unread")


def test_while_typing_a_bare_is_waits_for_its_value(ws: Workspace) -> None:
    assert set(ws.search_as_you_type("minister is:").ids) == {"oil", "gas"}


# -- kill -9 ---------------------------------------------------------------------------

_MARK_THEN_HANG = """
import sys, time
from pathlib import Path
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
ws = Workspace(resolve_paths(Path(sys.argv[1]), Path(sys.argv[2])))
ws.sync()
ws.stream.mark_read(["oil"])
ws.stream.add_saved("watch", "minister is:unread")
print("done", flush=True)
time.sleep(600)
"""


def test_read_marks_and_saved_searches_survive_kill_9(
    write: Write, lib_dir: Path, data_dir: Path, make_ws: Callable[..., Workspace]
) -> None:
    _library(write)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-c", _MARK_THEN_HANG, str(lib_dir), str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "done"  # acknowledged
    finally:
        process.kill()  # SIGKILL: no clean close, the WAL left as it is
        process.wait()
    ws = make_ws()
    assert ws.stream.snapshot().read == {"oil"}
    assert [s.name for s in ws.stream.saved()] == ["watch"]
