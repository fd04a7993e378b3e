"""Claims planted on a library or a briefing: the inputs the claims figures measure on.

An export, a claim count or a highlight pass costs what it costs because of
how many claims there are and where they sit, so the claims are made the way
an analyst makes them: on sentences of the core's plain text
(``sentence_spans``) addressed with ``make_selector``, spread evenly through
a briefing and over the library. Library-wide claims (:func:`plan_claims`,
:func:`make_claims`) carry notes (some of several lines, some starting with
``=`` for the CSV escaping), up to two tags and a status; the first
:data:`ONE_BY_ONE` go through ``ClaimStore.add`` (one transaction each, as the
app makes them) and the rest are written by the same SQL in a few large
transactions, because a transaction per claim would make the setup longer
than every figure. Used by the export and resources figures and by
``tests/adversarial/test_resources.py``; :func:`spread` places the claims of
the reanchor and highlight figures.
"""

from __future__ import annotations

import math
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.claims.anchoring import Selector, make_selector
from briefing_tui.core.claims.model import STATUSES, check_status
from briefing_tui.core.tags import clean_tags
from briefing_tui.core.text.sanitize import clean_text
from briefing_tui.core.text.sentences import sentence_spans
from briefing_tui.core.workspace import Workspace

if TYPE_CHECKING:
    from ..context import BenchContext

#: Library-wide claims: the full run, ``--quick`` and the smoke test's minimal mode.
FULL_CLAIMS, QUICK_CLAIMS, MINIMAL_CLAIMS = 10_000, 1_000, 50
#: Claims per briefing (more when the library is too small for the claims).
PER_BRIEFING = 5
#: Claims made through ``ClaimStore.add`` (one transaction each) before the batch.
ONE_BY_ONE = 20
#: Rows per transaction of the batch.
BATCH = 2_000
TAG_POOL = ("economy", "energy", "follow-up", "sources", "policy", "to-check", "quote")
INSERT_CLAIM = (
    "INSERT INTO claims (id, doc_id, exact, prefix, suffix, start, end, content_hash, "
    "note, status, anchor, created, updated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'exact', ?, ?)"
)
INSERT_TAG = "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)"


@dataclass(frozen=True)
class Planned:
    """One claim to make: where, and what the analyst wrote."""

    doc_id: str
    start: int
    end: int
    note: str
    tags: tuple[str, ...]
    status: str


def claim_count(ctx: BenchContext) -> tuple[int, str]:
    """How many claims to export, and what the label adds to say it is not the full figure."""
    if getattr(ctx.config, "minimal", False):
        return MINIMAL_CLAIMS, " (minimal)"
    if ctx.config.quick:
        return QUICK_CLAIMS, " (--quick)"
    return FULL_CLAIMS, ""


def spread(count: int, among: int) -> list[int]:
    """``count`` indexes spread evenly over ``range(among)`` (every one if ``count`` is more)."""
    return sorted({i * among // count for i in range(count)}) if among else []


def _spread_short(count: int, among: int) -> list[int]:
    """:func:`spread`, but of the first ``min(count, among)`` positions only.

    When ``count`` is larger than ``among`` (a briefing with fewer sentences
    than claims) fewer than ``among`` indexes come back and the next briefings
    take the claims left over: the plan the library-wide claims were always made by.
    """
    return sorted({i * among // count for i in range(min(count, among))}) if among else []


def _note(number: int, title: str) -> str:
    """A note as an analyst writes it: mostly one line, some several, a few formula-like."""
    if number % 10 == 3:
        return f"Check against {title[:40]}.\nAsked the desk on day {number % 28 + 1}."
    if number % 25 == 7:
        return f"=figure {number} needs a second source"
    if number % 4 == 0:
        return ""
    return f"Claim {number}: compare with the earlier briefing ({title[:30]})."


def _tags(number: int) -> tuple[str, ...]:
    return tuple(TAG_POOL[(number + k) % len(TAG_POOL)] for k in range(number % 3))


Texts = dict[str, tuple[str, str]]


def plan_claims(ws: Workspace, count: int) -> tuple[list[Planned], Texts]:
    """``count`` claims on sentences of briefings spread over the library; with their texts.

    Returns the plan and, per briefing, ``(plain text, content hash)``.
    """
    records = sorted(
        (record for record in ws.store.list_documents() if record.path is not None),
        key=lambda record: record.id,
    )
    per_briefing = max(PER_BRIEFING, math.ceil(count / max(len(records), 1)))
    wanted = _spread_short(math.ceil(count / per_briefing), len(records))
    chosen_set = set(wanted)
    order = wanted + [i for i in range(len(records)) if i not in chosen_set]
    plan: list[Planned] = []
    texts: Texts = {}
    for position, index in enumerate(order):
        if len(plan) >= count:
            break
        record = records[index]
        briefing = ws.read(record)
        if not isinstance(briefing, Briefing):
            continue
        spans = sentence_spans(briefing.plain_text)
        # A briefing with fewer sentences leaves claims over: the next ones take them.
        remaining = count - len(plan)
        take = min(remaining, max(per_briefing, math.ceil(remaining / (len(order) - position))))
        chosen = [spans[i] for i in _spread_short(take, len(spans))]
        if not chosen:
            continue
        texts[record.id] = (briefing.plain_text, briefing.content_hash)
        for start, end in chosen:
            number = len(plan)
            plan.append(
                Planned(
                    record.id,
                    start,
                    end,
                    _note(number, record.title),
                    _tags(number),
                    STATUSES[number % len(STATUSES)],
                )
            )
    return plan, texts


def make_claims(ws: Workspace, plan: list[Planned], texts: Texts) -> list[float]:
    """Store the planned claims; the seconds of each ``ClaimStore.add`` made one by one."""

    def selector_for(item: Planned) -> tuple[Selector, str]:
        text, content_hash = texts[item.doc_id]
        return make_selector(text, item.start, item.end), content_hash

    store = ws.claims
    added: list[float] = []
    for item in plan[:ONE_BY_ONE]:
        selector, content_hash = selector_for(item)
        started = time.perf_counter()
        store.add(
            item.doc_id,
            selector,
            content_hash,
            note=item.note,
            tags=item.tags,
            status=item.status,
        )
        added.append(time.perf_counter() - started)
    rest = plan[ONE_BY_ONE:]
    for first in range(0, len(rest), BATCH):
        now = datetime.now().isoformat(timespec="seconds")
        claims: list[tuple[object, ...]] = []
        tags: list[tuple[str, str]] = []
        for item in rest[first : first + BATCH]:
            selector, content_hash = selector_for(item)
            claim_id = "c" + secrets.token_hex(6)
            claims.append(
                (
                    claim_id,
                    item.doc_id,
                    selector.exact,
                    selector.prefix,
                    selector.suffix,
                    selector.start,
                    selector.end,
                    content_hash,
                    clean_text(item.note),
                    check_status(item.status),
                    now,
                    now,
                )
            )
            tags += [(claim_id, tag) for tag in clean_tags(item.tags)]
        with ws.store.transaction() as db:
            db.executemany(INSERT_CLAIM, claims)
            db.executemany(INSERT_TAG, tags)
    return added
