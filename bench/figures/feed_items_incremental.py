"""500 new items from a feed into the size's library: the index update is incremental.

A feed of 500 items (:mod:`bench.corpora.news_feeds`, each with a few
paragraphs of text) is served from 127.0.0.1, followed and fetched the way
``briefing fetch`` does it: the items downloaded, read and written as
briefings (``fetch_feeds``, not timed in the judged row), then the library
synced, which indexes the 500 new files into the existing index. That sync
is judged against our full build of the same library (the build figure's,
measured once per size): at most 5% of it. The whole fetch (download, read,
write and index) is reported too. A search then finds the last item's word.

Afterwards the feed is removed, its briefings deleted from the library
(the cached one) and the library synced, so it is the library it was.
"""

from __future__ import annotations

from briefing_tui.core.feed_fetch import add_feed, fetch_feeds

from ..context import BenchContext
from ..corpora.news_feeds import BENCH_PREFIX, FeedSite, feed_xml, item_word, remove_bench_feeds
from ..registry import figure
from ..results import Result, Target
from ..stats import timed

FULL_ITEMS, MINIMAL_ITEMS = 500, 10
#: The feed's number (its items' words differ from the other feed figure's).
FEED = 99


@figure(
    "feed-items-incremental",
    "500 new feed items into the library: incremental index update vs our full build",
    order=122,
)
def feed_items_incremental(ctx: BenchContext) -> list[Result]:
    ws = ctx.workspace()
    build = ctx.build("ours")
    count = MINIMAL_ITEMS if ctx.config.minimal else FULL_ITEMS
    name = f"{BENCH_PREFIX}news"
    remove_bench_feeds(ws, ctx.library)
    ws.sync()
    with FeedSite() as site:
        try:
            url = site.put("/news.xml", feed_xml(FEED, range(count)))
            add_feed(ws, url, name=name)
            fetch_seconds, fetched = timed(lambda: fetch_feeds(ws, [name], sync=False))
            if fetched.new != count:
                raise RuntimeError(f"the fetch wrote {fetched.new} of {count} items")
            sync_seconds, report = timed(ws.sync)
            if len(report.added) != count or report.removed or report.updated:
                raise RuntimeError(f"{count} new items, but the sync says: {report.summary()}")
            found = ws.search(item_word(FEED, count - 1), snippets=False)
            if found.total != 1:
                raise RuntimeError(f"the last item's word finds {found.total} briefings, not 1")
        finally:
            remove_bench_feeds(ws, ctx.library)
            ws.sync()
    details = {
        "items": count,
        "fetch_and_write_s": round(fetch_seconds, 3),
        "index_update_s": round(sync_seconds, 3),
        "full_build_docs": build.docs,
        "note": "one fetch (items can be new only once); the full build is the build figure's",
    }
    return [
        Result(
            figure="feed-items-incremental",
            label=f"index {count} new feed items (incremental sync)",
            size=ctx.size,
            ours=sync_seconds,
            unit="s",
            reference=build.seconds,
            reference_label="our full build",
            target=Target(max_ratio=0.05, text="≤ 5% of build"),
            details=details,
        ),
        Result(
            figure="feed-items-incremental",
            label=f"fetch {count} new feed items: read, written, indexed",
            size=ctx.size,
            ours=fetch_seconds + sync_seconds,
            unit="s",
            reference=build.seconds,
            reference_label="our full build",
            details=details,
        ),
    ]
