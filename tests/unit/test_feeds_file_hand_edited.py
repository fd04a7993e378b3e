"""``feeds.json`` edited by hand: a field of the wrong type is one line, and the file stays.

The README lets ``name``, ``url``, ``tags``, ``full_text`` and ``folder`` be
edited by hand. A wrong type must not become a traceback later (a fetch), be
read in a harmful way (a string of tags read letter by letter, ``"no"`` read
as on), nor make the entry vanish and be dropped at the next save. Every
command that reads the file refuses it with one line naming the file, the
feed and the field, exit 2, and leaves the file byte for byte as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from ingest_support import FIXTURES, Runner, Site, library_files

from briefing_tui.core.briefings import feeds as feeds_module
from briefing_tui.core.briefings.feeds import Feed, FeedError, FeedRegistry


def entry(**changes: Any) -> dict[str, Any]:
    """A feed as ``briefing feeds add`` writes it, with ``changes`` made by hand."""
    feed = {
        "name": "a",
        "url": "https://ledger.example.com/world.rss",
        "tags": ["world"],
        "full_text": False,
        "title": "The Daily Ledger - World",
        "folder": "feeds/a",
        "added": "2024-03-05T10:00:00Z",
        "etag": '"v1"',
        "last_modified": "Fri, 01 Mar 2024 10:00:00 GMT",
        "last_fetched": "2024-03-05T10:05:00Z",
        "last_new": 2,
        "last_error": None,
    }
    feed.update(changes)
    return feed


def feeds_text(feeds: list[Any], version: Any = 1) -> str:
    return json.dumps({"version": version, "feeds": feeds}, indent=2) + "\n"


#: (what the hand edit leaves in the file, given the followed feed's entry; what the line says)
BAD_EDITS: dict[str, tuple[Any, str]] = {
    "tags-numbers": (
        lambda feed: feeds_text([{**feed, "tags": [1, 2]}]),
        "feed 1 ('a'): tags must be a list of words",
    ),
    "tags-string": (
        lambda feed: feeds_text([{**feed, "tags": "world"}]),
        "feed 1 ('a'): tags must be a list of words",
    ),
    "url-number": (
        lambda feed: feeds_text([{**feed, "url": 5}]),
        "feed 1 ('a'): url must be an http(s) address or the path of a feed file",
    ),
    "url-ftp": (
        lambda feed: feeds_text([{**feed, "url": "ftp://x"}]),
        "feed 1 ('a'): url must be an http(s) address or the path of a feed file",
    ),
    "folder-number": (
        lambda feed: feeds_text([{**feed, "folder": 5}]),
        "feed 1 ('a'): folder must be a string",
    ),
    "etag-number": (
        lambda feed: feeds_text([{**feed, "etag": 5}]),
        "feed 1 ('a'): etag must be a string or null",
    ),
    "full-text-word": (
        lambda feed: feeds_text([{**feed, "full_text": "no"}]),
        "feed 1 ('a'): full_text must be true or false",
    ),
    "name-number": (
        lambda feed: feeds_text([{**feed, "name": 5}]),
        "feed 1: name must be a non-empty string",
    ),
    "name-twice": (
        lambda feed: feeds_text([feed, {**feed, "name": "A", "url": feed["url"] + "?2"}]),
        "feed 2 ('A'): name is feed 1's too",
    ),
    "newer-version": (
        lambda feed: feeds_text([feed], version=99),
        "was written by a newer briefing-tui (version 99; this one reads version 1)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_EDITS))
def test_the_registry_refuses_a_bad_field_with_its_error_type(tmp_path: Path, case: str) -> None:
    make, message = BAD_EDITS[case]
    path = tmp_path / "feeds.json"
    path.write_text(make(entry()), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(FeedError) as raised:
        FeedRegistry(tmp_path)
    line = str(raised.value)
    assert message in line and str(path) in line
    assert "\n" not in line
    assert path.read_bytes() == before


def one_line(err: str) -> str:
    """The one line a refused command prints: no traceback, nothing else."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: ") and "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("case", list(BAD_EDITS))
def test_every_feeds_command_refuses_the_edited_file_and_leaves_it(
    run: Runner, site: Site, lib_dir: Path, data_dir: Path, case: str
) -> None:
    url = site.put("/world.rss", (FIXTURES / "rss20.xml").read_bytes(), "application/rss+xml")
    other = site.put("/other.rss", (FIXTURES / "rss20.xml").read_bytes(), "application/rss+xml")
    code, _, err = run("feeds", "add", url, "--name", "a")
    assert code == 0, err
    (path,) = data_dir.glob("*/feeds.json")
    (followed,) = json.loads(path.read_text(encoding="utf-8"))["feeds"]
    make, message = BAD_EDITS[case]
    path.write_text(make(followed), encoding="utf-8")
    before = path.read_bytes()
    commands = [
        ("feeds", "list"),
        ("feeds", "list", "--json"),
        ("fetch",),
        ("fetch", "a"),
        ("feeds", "add", other, "--name", "b"),
        ("feeds", "remove", "a"),
    ]
    for command in commands:
        code, out, err = run(*command)
        assert (code, out) == (2, ""), (command, err)
        line = one_line(err)
        assert message in line and str(path) in line, (command, line)
        assert path.read_bytes() == before, command
    assert library_files(lib_dir) == []


def test_an_entry_that_is_not_an_object_or_lacks_its_address_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feeds.json"
    cases: list[tuple[list[Any], str]] = [
        ([entry(), "a"], "feed 2 is not an object of fields"),
        ([{"name": "a"}], "feed 1 ('a'): url is missing"),
        ([{"url": "https://x.example/rss"}], "feed 1: name is missing"),
        ([entry(**{"full-text": True})], "feed 1 ('a'): unknown field 'full-text'"),
        ([entry(last_new=True)], "feed 1 ('a'): last_new must be a whole number"),
        ([entry(url="http://")], "feed 1 ('a'): url must be an http(s) address"),
    ]
    for feeds, message in cases:
        path.write_text(feeds_text(feeds), encoding="utf-8")
        with pytest.raises(FeedError, match=re.escape(message)):
            FeedRegistry(tmp_path)
    for version, message in [("1", "version must be 1"), (True, "version must be 1")]:
        path.write_text(feeds_text([entry()], version=version), encoding="utf-8")
        with pytest.raises(FeedError, match=message):
            FeedRegistry(tmp_path)
    path.write_bytes(b'{"version": 1, "feeds": [{"name": "\xff"}]}')
    with pytest.raises(FeedError, match="not UTF-8"):
        FeedRegistry(tmp_path)


def test_good_hand_edits_are_read_and_missing_optional_fields_keep_their_defaults(
    tmp_path: Path,
) -> None:
    (tmp_path / "feeds.json").write_text(
        json.dumps(
            {
                "feeds": [
                    entry(name="ledger", tags=["world", "news"], full_text=True, folder="in/l"),
                    {"name": "almanac", "url": "/srv/feeds/almanac.rdf"},
                ]
            }
        ),
        encoding="utf-8",
    )
    ledger, almanac = FeedRegistry(tmp_path).feeds
    assert (ledger.tags, ledger.full_text, ledger.folder) == (["world", "news"], True, "in/l")
    assert almanac == Feed("almanac", "/srv/feeds/almanac.rdf")
    assert almanac.is_file


def test_every_field_of_a_feed_has_a_rule() -> None:
    assert set(feeds_module._RULES) == {f.name for f in fields(Feed)}
