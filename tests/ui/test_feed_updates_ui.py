"""A feed item updated upstream, fetched from the app: the open reader offers to reload
it and the notification counts it (the list and reader kept the old text until ctrl+r,
and the notification said "0 new")."""

from __future__ import annotations

from ingest_support import Site

from briefing_tui.tui.screens.reader.reload import CHANGED_ON_DISK
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import settle
from .test_feeds_screen import follow, notices, open_feeds

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Port news</title>
<id>urn:uuid:port-news</id><updated>{updated}</updated>
<entry><title>Harbour strike enters its second week</title>
<id>urn:uuid:strike-1</id><link href="https://example.org/strike"/>
<updated>{updated}</updated><published>2024-03-05T08:00:00Z</published>
<content type="html">&lt;p&gt;{text}&lt;/p&gt;</content></entry></feed>
"""
FIRST = "Dockers at the northern ports stayed out for a second week over pay."
LATER = "Dockers at the northern ports voted to return to work after a pay offer."


async def test_an_updated_item_reaches_the_open_reader(make_app, site: Site) -> None:
    feed = ATOM.format(updated="2024-03-05T08:00:00Z", text=FIRST)
    url = site.put("/port.xml", feed, "application/atom+xml")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_feeds(app, pilot)
        await follow(app, pilot, url, name="Port")
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press(*"harbour strike", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert "stayed out" in app.screen.plain
        site.put("/port.xml", ATOM.format(updated="2024-03-06T09:00:00Z", text=LATER),
                 "application/atom+xml")  # fmt: skip
        app.clear_notifications()
        await pilot.press("ctrl+p", *"Fetch feeds")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        [message] = notices(app, "Fetch feeds")
        assert message.splitlines()[0] == "0 new, 1 updated from 1 feed"
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.reload_offered
        assert any(CHANGED_ON_DISK in str(n.message) for n in app._notifications)
        await pilot.press("r")
        await settle(app, pilot)
        assert "voted to return to work" in app.screen.plain
