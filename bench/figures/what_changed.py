"""What changed in a 100 KB briefing since it was read: the word diff, in the core and on screen.

A generated 100 KB briefing (:mod:`bench.corpora.reader_docs`) with 20
claims is written into a library of its own, marked read with its text as
it is then (what the reader does after 3 s), and edited the way briefings
are: a few words changed in seven paragraphs, a paragraph inserted, one
removed (:func:`edit`). Then, after a sync:

* core: ``ws.stream.what_changed(doc_id)`` (the kept text unpacked, the file
  read, the two-pass word diff, the claims it concerns), p95; the reference
  is the bare word diff of the same two texts with ``difflib`` in one pass
  (``SequenceMatcher`` on ``str.split()`` words, ``autojunk=False`` as ours, so
  the same diff), alternately in the same loop;
* app: ``d`` pressed in the reader (headless, through the pilot) until the
  first screen of the diff is drawn, scrolled to the first change (the
  moment :class:`~briefing_tui.tui.widgets.diff_lines.DiffLines` renders a
  row of text after the screen stepped to the change), the worst of several
  presses; the reference is opening the same briefing in the reader (first
  screen painted, :func:`bench.reader_timing.open_and_measure`), each round
  opening it anew. The longest event-loop stall from the press until the
  diff is wrapped whole is a row too.

The reader marks a briefing read after 3 s open, which replaces the text
kept (there would be nothing left to diff after the first round): the
session lengthens that to an hour. Runs once per run, at the first size (it
doesn't depend on the library).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from difflib import SequenceMatcher
from typing import Any

from ..context import BenchContext
from ..corpora.planted_claims import spread
from ..corpora.reader_docs import DocSpec, ReaderLibrary, generated_library
from ..corpora.synthetic import Writer
from ..corpora.words import TOPICS
from ..reader_timing import OPEN_TIMEOUT, STALL_TARGET_MS, close_reader, open_and_measure
from ..registry import figure
from ..results import Result, Target
from ..stats import p95, summary, timed

#: The issue's target: the first screen of the word diff of a 100 KB briefing.
FIRST_SCREEN_MS = 300.0
FULL_DOC = DocSpec("changed-100k", "100 KB", 100_000, "prose", 300)
MINIMAL_DOC = DocSpec("changed-8k", "8 KB", 8_000, "prose", 300)
FULL_CLAIMS, MINIMAL_CLAIMS = 20, 3
#: Paragraphs with words changed, and words changed in each.
EDITED_PARAGRAPHS, WORDS_PER_EDIT = 7, 3
#: How long the reader waits before marking read, in the session (s): never, in effect.
NEVER = 3600.0
#: How long a step of a press may take before the figure gives up (s).
STEP_TIMEOUT = 60.0


def load() -> str:
    """The machine's load averages, logged with every number (the machine is shared)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def _prose(block: str) -> bool:
    return bool(block) and not block.startswith(("#", "-", "*", "1.", "|"))


def edit(text: str, seed: str) -> tuple[str, dict[str, int]]:
    """``text`` edited as a briefing is: words changed in :data:`EDITED_PARAGRAPHS`
    paragraphs spread through it (the first at 7%), a paragraph inserted at 40%,
    one removed at 75%.
    Deterministic; returns the text and what was done."""
    rng = random.Random(f"briefing-bench-what-changed:{seed}")
    writer = Writer(rng, sorted(TOPICS)[1])
    front, separator, body = text.partition("\n---\n")
    blocks = body.split("\n\n")
    prose = [i for i, block in enumerate(blocks) if _prose(block) and len(block.split()) > 8]
    # Spread evenly, half a step in: the first change is a few screens down, so ``d``
    # scrolls to it (and wraps the lines before it) as it would after most edits.
    count = min(EDITED_PARAGRAPHS, len(prose))
    edited = [prose[(2 * i + 1) * len(prose) // (2 * count)] for i in range(count)]
    changed_words = 0
    for index in edited:
        words = blocks[index].split(" ")
        for position in rng.sample(range(1, len(words) - 1), WORDS_PER_EDIT):
            words[position] = writer.words(1)[0]
            changed_words += 1
        blocks[index] = " ".join(words)
    removed = prose[len(prose) * 3 // 4]
    del blocks[removed]
    inserted = writer.paragraph()
    blocks.insert(prose[len(prose) * 2 // 5], inserted)
    done = {
        "paragraphs_edited": len(edited),
        "words_changed": changed_words,
        "paragraphs_inserted": 1,
        "paragraphs_removed": 1,
        "inserted_words": len(inserted.split()),
    }
    return front + separator + "\n\n".join(blocks), done


def _spec(ctx: BenchContext) -> tuple[DocSpec, int]:
    return (MINIMAL_DOC, MINIMAL_CLAIMS) if ctx.config.minimal else (FULL_DOC, FULL_CLAIMS)


def prepare(ctx: BenchContext) -> dict[str, Any]:
    """The library, its briefing read (with claims) then edited and synced: made once."""
    if "what-changed" in ctx.shared:
        return ctx.shared["what-changed"]  # type: ignore[no-any-return]
    from briefing_tui.core.briefings.documents import Briefing
    from briefing_tui.core.claims.anchoring import make_selector
    from briefing_tui.core.stream import ReadText, WhatChanged
    from briefing_tui.core.text.sentences import sentence_spans
    from briefing_tui.core.workspace import Workspace

    spec, claim_count = _spec(ctx)
    library = generated_library(ctx, "what-changed", [(spec, spec.key)])
    record = library.records[spec.key]
    path = library.content / f"{spec.key}.md"
    with Workspace(library.paths) as ws:
        briefing = ws.read(record)
        assert isinstance(briefing, Briefing)
        text = briefing.plain_text
        if not ws.claims.for_document(record.id):
            sentences = sentence_spans(text)
            for start, end in (sentences[i] for i in spread(claim_count, len(sentences))):
                selector = make_selector(text, start, end)
                ws.claims.add(record.id, selector, briefing.content_hash)
            ws.reindex(record.id)
        shown = {record.id: ReadText(briefing.content_hash, text)}
        ws.stream.mark_read([record.id], lambda ids: shown)
        changed, done = edit(path.read_text(encoding="utf-8"), spec.key)
        path.write_text(changed, encoding="utf-8")
        report = ws.sync()
        if not report.changed:
            raise RuntimeError("the edited briefing was not seen changed by the sync")
        what = ws.stream.what_changed(record.id)
        if not isinstance(what, WhatChanged) or what.unchanged:
            raise RuntimeError(f"no word diff after the edit: {what!r}")
        record = ws.store.get(record.id) or record
        done.update(
            old_chars=len(what.old_text),
            new_chars=len(what.new_text),
            words=len(what.new_text.split()),
            inserted=what.summary.inserted_words,
            deleted=what.summary.deleted_words,
            runs=len(what.changes),
            claims=claim_count,
            claims_concerned=len(what.claims),
        )
    ctx.log(
        f"  {spec.label} briefing read, then edited: {done['inserted']} words added, "
        f"{done['deleted']} removed ({done['runs']} runs), {done['claims_concerned']} of "
        f"{claim_count} claims concerned"
    )
    prepared = {"library": library, "record": record, "edit": done}
    ctx.shared["what-changed"] = prepared
    return prepared


def bare_word_diff(old: str, new: str) -> int:
    """The reference: one ``difflib`` pass over the two texts' words, as ours would
    be without its two passes (``autojunk=False``: the diff is the same)."""
    matcher = SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return len(matcher.get_opcodes())


def _core(ctx: BenchContext, prepared: dict[str, Any]) -> dict[str, Any]:
    from briefing_tui.core.stream import WhatChanged
    from briefing_tui.core.workspace import Workspace
    from briefing_tui.tui.screens.what_changed import diff_model

    library: ReaderLibrary = prepared["library"]
    doc_id = prepared["record"].id
    ours: list[float] = []
    reference: list[float] = []
    models: list[float] = []
    with Workspace(library.paths) as ws:
        what = ws.stream.what_changed(doc_id)  # warm: the store's pages, the file
        assert isinstance(what, WhatChanged)
        junked, _ = timed(
            lambda: SequenceMatcher(
                None, what.old_text.split(), what.new_text.split()
            ).get_opcodes()
        )
        for _ in range(ctx.samples.search):
            started = time.perf_counter()
            what = ws.stream.what_changed(doc_id)
            ours.append(time.perf_counter() - started)
            assert isinstance(what, WhatChanged)
            started = time.perf_counter()
            bare_word_diff(what.old_text, what.new_text)
            reference.append(time.perf_counter() - started)
            started = time.perf_counter()
            diff_model(what)
            models.append(time.perf_counter() - started)
    return {"ours": ours, "reference": reference, "models": models, "autojunk": junked}


@contextmanager
def _diff_drawn() -> Iterator[list[tuple[float, int]]]:
    """Each row of text the what-changed view draws, while installed: (time, the
    view's scroll position then).

    Wraps ``DiffLines.render_line`` (the compositor calls it for the rows it
    draws in a frame): the figure's numbers are the first such rows after a
    press. Blank rows (nothing wrapped yet) are not recorded.
    """
    from briefing_tui.tui.widgets.diff_lines import DiffLines

    drawn: list[tuple[float, int]] = []
    original = DiffLines.render_line

    def render_line(view: DiffLines, y: int) -> Any:
        strip = original(view, y)
        if int(view.scroll_y) + y < len(view._rows):
            drawn.append((time.perf_counter(), int(view.scroll_y)))
        return strip

    DiffLines.render_line = render_line  # type: ignore[method-assign]
    try:
        yield drawn
    finally:
        DiffLines.render_line = original  # type: ignore[method-assign]


async def _press_d(app: Any, pilot: Any, meter: Any, drawn: list[Any]) -> dict[str, float]:
    """``d`` in the reader until the diff is drawn at its first change, then ``escape``."""
    from briefing_tui.tui.screens.what_changed import WhatChangedScreen
    from briefing_tui.tui.widgets.diff_lines import DiffLines

    from ..pilot import painted, settle, wait_until

    reader = app.screen
    await settle(app, pilot)
    meter.reset()
    drawn.clear()
    started = time.perf_counter()
    await pilot.press("d")
    await wait_until(
        lambda: isinstance(app.screen, WhatChangedScreen), STEP_TIMEOUT, "the what-changed view"
    )
    screen = app.screen
    pushed = time.perf_counter()
    view = screen.query_one(DiffLines)
    # The view goes to the first change (as it is laid out, or, in earlier versions,
    # stepping there after its first frame); the first screen is the first frame
    # drawn where it stands then.
    await wait_until(
        lambda: screen._stop >= 0 and view._wrap_width > 0, STEP_TIMEOUT, "the first change"
    )
    target = int(view.scroll_y)
    await wait_until(
        lambda: any(y == target for _, y in drawn), STEP_TIMEOUT, "the first change drawn"
    )
    first_text = drawn[0][0]
    at_change = next(when for when, y in drawn if y == target)
    await wait_until(
        lambda: view.wrapped_lines >= len(view._lines), STEP_TIMEOUT, "the diff wrapped"
    )
    await app.workers.wait_for_complete()
    await painted(screen)
    stall = meter.longest_stall()
    await pilot.press("escape")
    await wait_until(lambda: app.screen is reader, STEP_TIMEOUT, "back in the reader")
    return {
        "first_screen": at_change - started,
        "first_text": first_text - started,
        "pushed": pushed - started,
        "stall": stall,
    }


async def _session(ctx: BenchContext, prepared: dict[str, Any]) -> dict[str, Any]:
    from briefing_tui.core.stream import WhatChanged
    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.screens.reader.screen import ReaderScreen

    from ..pilot import LagMeter, settle, wait_until

    library: ReaderLibrary = prepared["library"]
    record = prepared["record"]
    app = create_app(str(library.content), str(library.data))
    presses: list[dict[str, float]] = []
    openings: list[Any] = []
    read_after = ReaderScreen.READ_AFTER_S
    ReaderScreen.READ_AFTER_S = NEVER
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(lambda: app.workspace is not None, 60, "the workspace")
            await settle(app, pilot)
            meter = LagMeter(app)
            meter.start()
            with _diff_drawn() as drawn:
                for number in range(ctx.samples.warmup + ctx.samples.opens):
                    opening, reader = await open_and_measure(app, pilot, meter, record)
                    # d before the reader has asked what changed says "one moment".
                    await wait_until(
                        lambda r=reader: r._checked, OPEN_TIMEOUT, "what changed known"
                    )
                    if not isinstance(reader._changes, WhatChanged):
                        raise RuntimeError(f"the reader has no word diff: {reader._changes!r}")
                    press = await _press_d(app, pilot, meter, drawn)
                    await close_reader(app, pilot)
                    warm = number >= ctx.samples.warmup
                    which = f"round {number + 1 - ctx.samples.warmup}" if warm else "warm-up"
                    ctx.log(
                        f"  {which}: d → first screen {press['first_screen'] * 1000:.0f} ms (text "
                        f"{press['first_text'] * 1000:.0f} ms), stall "
                        f"{press['stall'] * 1000:.0f} ms; open → first screen "
                        f"{opening.first_paint * 1000:.0f} ms; {load()}"
                    )
                    if warm:
                        presses.append(press)
                        openings.append(opening)
            meter.stop()
    finally:
        ReaderScreen.READ_AFTER_S = read_after
    return {"presses": presses, "openings": openings}


@figure(
    "what-changed", "word diff of a 100 KB briefing since read: core and d → first screen", order=97
)
def what_changed(ctx: BenchContext) -> list[Result]:
    if not ctx.first_size:
        ctx.log("  (independent of the library size: measured at the first size only)")
        return []
    spec, _ = _spec(ctx)
    prepared = prepare(ctx)
    core = _core(ctx, prepared)
    ctx.log(
        f"  core what_changed p95 {p95(core['ours']) * 1000:.1f} ms; bare difflib p95 "
        f"{p95(core['reference']) * 1000:.1f} ms (autojunk on: {core['autojunk'] * 1000:.1f} "
        f"ms); diff_model p95 {p95(core['models']) * 1000:.1f} ms; {load()}"
    )
    session = asyncio.run(_session(ctx, prepared))
    presses: list[dict[str, float]] = session["presses"]
    first = [press["first_screen"] for press in presses]
    stalls = [press["stall"] for press in presses]
    opens = [opening.first_paint for opening in session["openings"]]
    opens_stall = [opening.stall for opening in session["openings"]]
    worst = f"worst of {len(first)}"
    details = {
        "edit": prepared["edit"],
        "load": load(),
        "core_ms": summary(core["ours"], 1000),
        "reference_ms": summary(core["reference"], 1000),
        "reference_autojunk_ms": round(core["autojunk"] * 1000, 1),
        "diff_model_ms": summary(core["models"], 1000),
        "first_screen_s": summary(first),
        "first_text_s": summary([press["first_text"] for press in presses]),
        "screen_pushed_s": summary([press["pushed"] for press in presses]),
        "stall_s": summary(stalls),
        "reader_first_paint_s": summary(opens),
        "reader_stall_s": summary(opens_stall),
    }
    bound = Target(max_value=FIRST_SCREEN_MS, text=f"< {FIRST_SCREEN_MS:.0f} ms", up_to=None)
    return [
        Result(
            figure="what-changed",
            label=f"what changed in a {spec.label} briefing: ws.stream.what_changed (p95)",
            size=ctx.size,
            ours=p95(core["ours"]) * 1000,
            unit="ms",
            reference=p95(core["reference"]) * 1000,
            reference_label="difflib word diff, one pass",
            target=bound,
            details=details,
        ),
        Result(
            figure="what-changed",
            label=f"d in the reader → first screen of the diff painted ({worst})",
            size=ctx.size,
            ours=max(first) * 1000,
            unit="ms",
            reference=max(opens) * 1000,
            reference_label="opening it in the reader",
            target=bound,
            details=details,
        ),
        Result(
            figure="what-changed",
            label=f"d in the reader → diff wrapped whole: longest stall ({worst})",
            size=ctx.size,
            ours=max(stalls) * 1000,
            unit="ms",
            reference=max(opens_stall) * 1000,
            reference_label="opening it in the reader",
            target=Target(
                max_value=STALL_TARGET_MS, text=f"< {STALL_TARGET_MS:.0f} ms", up_to=None
            ),
            details=details,
        ),
    ]
