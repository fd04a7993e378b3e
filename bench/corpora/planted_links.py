"""Links and ratings planted on a library's claims: the analyst's layer the claims
screen, the timeline and the overview figures measure on.

An analyst links a claim to claims of other briefings (most often another
source's report of the same thing), rates a few sources and gives some claims a
credibility and an event date. :func:`plant_links` does the same over claims
already stored (:mod:`.planted_claims`), deterministically: each link joins two
claims of different briefings, the relations cycle through the four kinds, and
no pair and relation is made twice. Written by SQL in one transaction (a
transaction per link would make the setup longer than the figures).
:func:`analyst_data` makes the data folder the claims screen, timeline and overview
figures share.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from typing import TYPE_CHECKING

from briefing_tui.core.workspace import Workspace

if TYPE_CHECKING:
    from briefing_tui.core.paths import LibraryPaths

    from ..context import BenchContext

#: The issue's figure: 10,000 claims and 5,000 links.
FULL_LINKS, QUICK_LINKS, MINIMAL_LINKS = 5_000, 500, 20
RELATIONS = ("support", "contradict", "repeat", "cite")
GRADES = "ABCDEF"
INSERT_LINK = "INSERT INTO claim_links (from_id, relation, to_id, created) VALUES (?, ?, ?, ?)"


def plant_links(ws: Workspace, count: int, *, seed: str = "briefing-bench-links") -> int:
    """Link ``count`` pairs of stored claims (of different briefings), rate every other
    source and give a third of the claims a credibility and an event date; how many
    links were made."""
    rows = ws.store.query("SELECT id, doc_id FROM claims ORDER BY id")
    claims = [(str(row[0]), str(row[1])) for row in rows]
    if len(claims) < 2:
        return 0
    rng = random.Random(seed)
    made: set[tuple[str, str, str]] = set()
    links: list[tuple[str, str, str, str]] = []
    tries = 0
    while len(links) < count and tries < count * 20:
        tries += 1
        (first, first_doc), (second, second_doc) = rng.sample(claims, 2)
        relation = RELATIONS[len(links) % len(RELATIONS)]
        if first_doc == second_doc or (first, relation, second) in made:
            continue
        if (second, relation, first) in made:
            continue
        made.add((first, relation, second))
        links.append((first, relation, second, "2024-01-01T00:00:00"))
    start = date(2019, 1, 1)
    credibility = [
        (number % 6 + 1, (start + timedelta(days=number % 1900)).isoformat(), claim_id)
        for number, (claim_id, _) in enumerate(claims)
        if number % 3 == 0
    ]
    sources = sorted(ws.store.distinct_sources())
    with ws.store.transaction() as db:
        db.executemany(INSERT_LINK, links)
        db.executemany(
            "UPDATE claims SET credibility = ?, event_date = ? WHERE id = ?", credibility
        )
    for number, source in enumerate(sources[::2]):
        ws.analysis.rate_source(source, reliability=GRADES[number % len(GRADES)])
    return len(links)


def analyst_data(ctx: BenchContext) -> LibraryPaths:
    """A data folder of its own over the library under test, with the claims of
    :mod:`.planted_claims` (10,000 in the full run) and :func:`plant_links`' links
    (5,000) and ratings: what the claims screen, timeline and overview figures open.

    Made once per run and size (``ctx.shared``), from a copy of our full build's
    store and index (so the other figures' store never sees these claims).
    """
    key = "analyst-data"
    if key in ctx.shared:
        return ctx.shared[key]  # type: ignore[no-any-return]
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.store.backup import backup_store

    from .planted_claims import claim_count, make_claims, plan_claims

    count, _ = claim_count(ctx)
    links = MINIMAL_LINKS if ctx.config.minimal else QUICK_LINKS if ctx.config.quick else FULL_LINKS
    ctx.workspace()  # our full build (shared, cached), settled
    root = ctx.work / "analyst-data"
    shutil.rmtree(root, ignore_errors=True)
    paths = resolve_paths(ctx.library, root)
    paths.ensure()
    backup_store(ctx.paths.store_file, paths.store_file)
    shutil.copytree(ctx.paths.index_dir, paths.index_dir, dirs_exist_ok=True)
    with Workspace(paths) as ws:
        ws.sync()
        plan, texts = plan_claims(ws, count)
        make_claims(ws, plan, texts)
        made = plant_links(ws, links)
        ctx.log(
            f"  analyst's data: {len(ws.claims.all())} claims, {made} links, "
            f"{len(ws.analysis.reliabilities())} rated sources"
        )
    ctx.shared[key] = paths
    return paths
