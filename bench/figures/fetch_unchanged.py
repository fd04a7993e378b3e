"""``briefing fetch`` of 20 feeds with nothing new: what a routine check costs.

Twenty feeds (:mod:`bench.corpora.news_feeds`) are served from 127.0.0.1
with ETags, followed by the size's library and fetched once (their items
imported and indexed). Then the ``briefing fetch`` process runs again and
again: every feed answers ``304 Not Modified`` to its conditional request
(checked: no 200 after the first fetch), nothing is imported, and the whole
command (interpreter start, imports, the no-change sync of the library, the
twenty requests) must take under a second.

The reference is a bare script process sending the same twenty conditional
requests with httpx, one after the other: the floor of the network part.

Afterwards the feeds are removed and their briefings deleted from the
library (which is the cached one) and the library synced, so it is the
library it was.
"""

from __future__ import annotations

import json
import subprocess

from briefing_tui.core.feed_fetch import add_feed, fetch_feeds, registry

from ..context import REPO_ROOT, BenchContext
from ..corpora.news_feeds import BENCH_PREFIX, FeedSite, feed_xml, remove_bench_feeds
from ..registry import figure
from ..results import Result, Target
from ..stats import median, summary, timed

FEEDS = 20
FULL_ITEMS, MINIMAL_ITEMS = 20, 2
BARE_REQUESTS = """
import sys

import httpx

pairs = sys.argv[1:]
with httpx.Client() as client:
    for url, etag in zip(pairs[::2], pairs[1::2]):
        status = client.get(url, headers={"If-None-Match": etag}).status_code
        if status != 304:
            sys.exit(f"{url}: {status}")
"""


def _run(ctx: BenchContext, command: list[str]) -> tuple[float, str]:
    seconds, done = timed(
        lambda: subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=ctx.subprocess_env(),
            capture_output=True,
            text=True,
            check=False,
        )
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])}… failed ({done.returncode}): {done.stderr[-800:]}"
        )
    return seconds, done.stdout


def _nothing_new(output: str) -> None:
    report = json.loads(output)
    changed = [f["name"] for f in report["feeds"] if not f["unchanged"] or f["error"]]
    if report["new"] or changed or len(report["feeds"]) != FEEDS:
        raise RuntimeError(f"an unchanged fetch imported or fetched something: {changed}")


@figure("fetch-unchanged", "`briefing fetch` of 20 local feeds, nothing new (process)", order=121)
def fetch_unchanged(ctx: BenchContext) -> list[Result]:
    ws = ctx.workspace()
    items = MINIMAL_ITEMS if ctx.config.minimal else FULL_ITEMS
    remove_bench_feeds(ws, ctx.library)
    ws.sync()
    ours: list[float] = []
    reference: list[float] = []
    with FeedSite() as site:
        try:
            for number in range(FEEDS):
                url = site.put(f"/feeds/{number}.xml", feed_xml(number, range(items)))
                add_feed(ws, url, name=f"{BENCH_PREFIX}{number:02d}")
            first = fetch_feeds(ws)  # imports every item and syncs
            if first.new != FEEDS * items:
                raise RuntimeError(f"the first fetch imported {first.new} of {FEEDS * items} items")
            pairs = [
                value
                for feed in registry(ws).feeds
                if feed.name.startswith(BENCH_PREFIX)
                for value in (feed.url, feed.etag or "")
            ]
            command = [ctx.python(), "-m", "briefing_tui", "--content", str(ctx.library)]
            command += ["--data", str(ctx.data_root), "fetch", "--json"]
            bare = [ctx.python(), "-c", BARE_REQUESTS, *pairs]
            fetched_before = site.answers[200]
            for _ in range(ctx.samples.warmup):
                _run(ctx, command)
                _run(ctx, bare)
            for _ in range(ctx.samples.cli_runs):
                seconds, output = _run(ctx, command)
                _nothing_new(output)
                ours.append(seconds)
                reference.append(_run(ctx, bare)[0])
            if site.answers[200] != fetched_before:
                raise RuntimeError("a feed was downloaded again instead of answered 304")
            not_modified = site.answers[304]
        finally:
            remove_bench_feeds(ws, ctx.library)
            ws.sync()
    return [
        Result(
            figure="fetch-unchanged",
            label=f"`briefing fetch`, {FEEDS} feeds, nothing new (median of {len(ours)})",
            size=ctx.size,
            ours=median(ours),
            unit="s",
            reference=median(reference),
            reference_label=f"bare httpx script, {FEEDS} conditional GETs",
            target=Target(max_value=1.0, text="< 1 s"),
            details={
                "feeds": FEEDS,
                "items_per_feed": items,
                "answers_304": not_modified,
                "ours": summary(ours),
                "reference": summary(reference),
                "note": "whole processes: interpreter start, imports, no-change sync, requests",
            },
        )
    ]
