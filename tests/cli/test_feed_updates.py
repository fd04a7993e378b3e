"""``briefing fetch`` of feed items updated upstream, against a local web site.

A news feed re-publishes a corrected or developing story under the same id
with a later ``updated`` (Atom, RFC 4287) or, in RSS, the same guid with
changed text. It was skipped as "already in the library": the old text
stayed and the analyst was never told. What a user notices now: the
briefing is rewritten in place (same file, same id), the fetch says
"1 updated", the briefing is "changed since read", claims on passages that
did not change stay exact; an edited copy is kept and said; an unchanged,
older or equal revision changes nothing, however often it is fetched.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest_support import Runner, Site, front_and_body

ATOM_NAME = "feeds/rail/2024-01-19-night-trains-return-to-the-valley-line.md"
FIRST = (
    "<p>Sleeper carriages rolled along the valley line again after a decade.</p>"
    "<p>The first departure was fully booked.</p>"
)
SECOND = (
    "<p>Sleeper carriages rolled along the valley line again after a decade.</p>"
    "<p>The first departure was delayed by two hours by a signal fault.</p>"
)


def atom(updated: str, content: str) -> str:
    """A one-entry Atom feed: the same entry id, at the revision ``updated``."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Rail Freight Notes</title>'
        "<id>urn:rail</id><updated>2024-01-21T00:00:00Z</updated>"
        "<entry><title>Night trains return to the valley line</title>"
        '<link href="https://rail.example.org/night-trains"/>'
        "<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>"
        f"<published>2024-01-19T07:00:00Z</published><updated>{updated}</updated>"
        f'<content type="html">{content.replace("<", "&lt;")}</content></entry></feed>'
    )


def rss(description: str) -> str:
    return (
        '<rss version="2.0"><channel><title>Harbour Wire</title>'
        "<item><title>Pilots strike at Eastport</title><guid>harbour-pilots</guid>"
        "<link>https://harbour.example.net/pilots</link>"
        "<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate>"
        f"<description>{description}</description></item></channel></rss>"
    )


def fetch(run: Runner, *names: str) -> str:
    code, out, err = run("fetch", *names)
    assert code == 0, err
    return out


def fetch_json(run: Runner) -> dict:  # type: ignore[type-arg]
    code, out, err = run("fetch", "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def follow(run: Runner, url: str, name: str) -> None:
    code, _, err = run("feeds", "add", url, "--name", name)
    assert code == 0, err


def states(run: Runner) -> dict[str, tuple[bool, bool]]:
    code, out, err = run("list", "--json")
    assert code == 0, err
    return {item["path"]: (item["read"], item["changed"]) for item in json.loads(out)}


def claims(run: Runner) -> dict[str, str]:
    code, out, err = run("claims", "--json")
    assert code == 0, err
    return {claim["quote"]: claim["anchor"] for claim in json.loads(out)}


def test_an_atom_entry_updated_upstream_rewrites_its_briefing(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    url = site.put("/rail.atom", atom("2024-01-20T18:30:02Z", FIRST), "application/atom+xml")
    follow(run, url, "rail")
    assert fetch(run).startswith("rail: 1 new, 0 skipped, 0 failed")
    briefing = lib_dir / ATOM_NAME
    front, body = front_and_body(briefing)
    assert "fully booked" in body
    doc_id = front["id"]
    kept_quote = "Sleeper carriages rolled along the valley line again after a decade."
    code, _, err = run("annotate", ATOM_NAME, "--quote", kept_quote)
    assert code == 0, err
    code, _, err = run("annotate", ATOM_NAME, "--quote", "The first departure was fully booked.")
    assert code == 0, err
    code, _, err = run("mark", ATOM_NAME, "--read")
    assert code == 0, err

    # The publisher corrects the story: same id, a later `updated`.
    site.put("/rail.atom", atom("2024-01-21T09:15:00Z", SECOND), "application/atom+xml")
    out = fetch(run)
    assert out.splitlines() == [
        "rail: 0 new, 0 skipped, 0 failed, 1 updated",
        f"  updated  {ATOM_NAME}",
    ]
    assert [p.name for p in briefing.parent.iterdir()] == [briefing.name]  # in place
    front, body = front_and_body(briefing)
    assert front["id"] == doc_id
    assert str(front["date"]) == "2024-01-19 07:00:00"  # the story's date, not the update's
    assert "delayed by two hours" in body and "fully booked" not in body
    assert states(run)[ATOM_NAME] == (True, True)  # changed since read
    anchors = claims(run)
    assert anchors[kept_quote] == "exact"
    assert anchors["The first departure was fully booked."] in ("fuzzy", "orphaned")

    # Never twice: the same revision again changes nothing.
    before = briefing.read_bytes()
    data = fetch_json(run)
    assert data["updated"] == 0 and data["feeds"][0]["updated"] == []
    assert briefing.read_bytes() == before

    # An older revision (a stale mirror) changes nothing either.
    site.put("/rail.atom", atom("2024-01-20T18:30:02Z", FIRST), "application/atom+xml")
    assert fetch(run) == "rail: nothing new (1 already in the library)\n"
    assert briefing.read_bytes() == before


def test_an_equal_updated_with_other_text_changes_nothing(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    url = site.put("/rail.atom", atom("2024-01-20T18:30:02Z", FIRST), "application/atom+xml")
    follow(run, url, "rail")
    fetch(run)
    site.put("/rail.atom", atom("2024-01-21T09:15:00Z", SECOND), "application/atom+xml")
    assert fetch(run).startswith("rail: 0 new, 0 skipped, 0 failed, 1 updated")
    written = (lib_dir / ATOM_NAME).read_bytes()
    # The same `updated`, other text: the publisher calls it no change.
    third = SECOND.replace("two hours", "three hours")
    site.put("/rail.atom", atom("2024-01-21T09:15:00Z", third), "application/atom+xml")
    assert fetch(run) == "rail: nothing new (1 already in the library)\n"
    assert (lib_dir / ATOM_NAME).read_bytes() == written


def test_an_edited_copy_is_kept_and_said(run: Runner, site: Site, lib_dir: Path) -> None:
    url = site.put("/rail.atom", atom("2024-01-20T18:30:02Z", FIRST), "application/atom+xml")
    follow(run, url, "rail")
    fetch(run)
    briefing = lib_dir / ATOM_NAME
    edited = briefing.read_text(encoding="utf-8") + "\nMy note: check the timetable.\n"
    briefing.write_text(edited, encoding="utf-8")

    site.put("/rail.atom", atom("2024-01-21T09:15:00Z", SECOND), "application/atom+xml")
    out = fetch(run)
    assert out.splitlines() == [
        "rail: 0 new, 1 skipped, 0 failed, 0 updated (1 edited copy kept)",
        f"  kept     {ATOM_NAME}: updated in the feed since 2024-01-20 18:30; "
        "your edited copy kept",
    ]
    assert briefing.read_text(encoding="utf-8") == edited
    data = fetch_json(run)
    assert data["kept"] == 1 and data["updated"] == 0
    (kept,) = data["feeds"][0]["kept"]
    assert kept["path"] == ATOM_NAME and kept["reason"].endswith("your edited copy kept")
    assert briefing.read_text(encoding="utf-8") == edited


def test_an_rss_item_with_new_text_under_its_guid_is_updated(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    url = site.put("/wire.rss", rss("Pilots walked out at dawn."), "application/rss+xml")
    follow(run, url, "harbour")
    fetch(run)
    (briefing,) = (lib_dir / "feeds/harbour").iterdir()
    # The same text again: nothing.
    assert fetch(run) == "harbour: nothing new (1 already in the library)\n"

    site.put("/wire.rss", rss("Pilots walked out at dawn; talks resume Monday."), "text/xml")
    data = fetch_json(run)
    assert data["updated"] == 1 and data["new"] == 0
    assert data["feeds"][0]["updated"] == [f"feeds/harbour/{briefing.name}"]
    assert data["feeds"][0]["skipped"] == []
    _, body = front_and_body(briefing)
    assert "talks resume Monday" in body
    after = briefing.read_bytes()
    assert fetch(run) == "harbour: nothing new (1 already in the library)\n"
    assert briefing.read_bytes() == after
    assert [p.name for p in (lib_dir / "feeds/harbour").iterdir()] == [briefing.name]
