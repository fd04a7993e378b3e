"""The feeds screen with no feed followed greys f, F and d (they offered themselves and
only said "No feeds yet"); once a feed is followed they are live."""

from __future__ import annotations

from ingest_support import Site, fixture_text

from .conftest import settle
from .test_feeds_screen import follow, open_feeds

KEYS = ("fetch", "fetch_all", "remove")


async def test_fetch_and_remove_are_greyed_until_a_feed_is_followed(make_app, site: Site) -> None:
    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_feeds(app, pilot)
        assert [screen.check_action(key, ()) for key in KEYS] == [None, None, None]
        assert screen.check_action("follow", ()) is True
        await follow(app, pilot, url, name="World")
        await settle(app, pilot)
        assert [screen.check_action(key, ()) for key in KEYS] == [True, True, True]
