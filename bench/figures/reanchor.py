"""Re-anchoring 200 claims after an edit (core only).

The plain text of a generated ~100 KB briefing, 200 claims on sentences
spread through it, then an edit a user makes: a paragraph inserted near the
top (every later claim moves) and one word changed inside 3 claims (those
become fuzzy). ``reanchor_all`` is timed on the edited text; the reference
is re-anchoring each claim on its own (``reanchor`` per claim, no shared
occurrence cache), alternately in the same loop. The anchor states are
checked, not only timed.

Runs once per run, at the first size (it doesn't depend on the library).
"""

from __future__ import annotations

import random
from collections import Counter

from ..context import BenchContext
from ..corpora.planted_claims import spread
from ..corpora.reader_docs import body, claims_spec
from ..registry import figure
from ..results import Result, Target
from ..stats import p95, summary, timed

ANCHOR_TARGET_MS = 50.0
FULL_TEXT, MINIMAL_TEXT = 100_000, 8_000
#: Claims whose text gets one word changed by the edit.
CHANGED_CLAIMS = 3


def edited_text(text: str, spans: list[tuple[int, int]], rng: random.Random) -> tuple[str, int]:
    """``text`` with one word changed inside each span and a paragraph inserted near the top.

    Returns the new text and where the paragraph went.
    """
    for start, end in sorted(spans, reverse=True):
        words = [
            (i, j)
            for i, j in _word_spans(text, start, end)
            if j - i >= 4  # a real word, not "a" or "of"
        ]
        i, j = words[len(words) // 2]
        text = text[:i] + "reworded" + text[j:]
    first_break = text.find("\n\n")
    at = first_break + 2 if first_break >= 0 else 0
    paragraph = body(600, "prose", f"inserted:{rng.random()}").strip()
    return text[:at] + paragraph + "\n\n" + text[at:], at


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    import re

    return [(m.start() + start, m.end() + start) for m in re.finditer(r"\w+", text[start:end])]


@figure("reanchor", "re-anchor 200 claims after an edit (core)", order=95)
def reanchor_claims(ctx: BenchContext) -> list[Result]:
    if not ctx.first_size:
        ctx.log("  (independent of the library size: measured at the first size only)")
        return []
    from briefing_tui.core.claims.anchoring import make_selector, reanchor, reanchor_all
    from briefing_tui.core.text.plaintext import plain_text
    from briefing_tui.core.text.sentences import sentence_spans

    _, _, count = claims_spec(ctx)
    size = MINIMAL_TEXT if ctx.config.minimal else FULL_TEXT
    text = plain_text(body(size, "prose", "reanchor"))
    sentences = sentence_spans(text)
    chosen = [sentences[i] for i in spread(count, len(sentences))]
    selectors = [make_selector(text, start, end) for start, end in chosen]
    changed = [chosen[i] for i in spread(CHANGED_CLAIMS, len(chosen))]
    edited, inserted_at = edited_text(text, changed, random.Random("briefing-bench-edit"))
    anchors = reanchor_all(selectors, edited)
    states = Counter(anchor.state for anchor in anchors)
    expected_fuzzy = len(changed)
    ctx.log(
        f"  {len(selectors)} claims on {len(text):,} characters; edit inserts at {inserted_at}; "
        f"states {dict(states)}"
    )
    if states.get("fuzzy", 0) != expected_fuzzy or states.get("orphaned", 0):
        ctx.log(f"  warning: expected {expected_fuzzy} fuzzy and none orphaned: {dict(states)}")
    ours: list[float] = []
    reference: list[float] = []
    for _ in range(ctx.samples.warmup):
        reanchor_all(selectors, edited)
        [reanchor(selector, edited) for selector in selectors]
    for _ in range(ctx.samples.anchor_runs):
        ours.append(timed(lambda: reanchor_all(selectors, edited))[0])
        reference.append(timed(lambda: [reanchor(s, edited) for s in selectors])[0])
    return [
        Result(
            figure="reanchor",
            label=f"re-anchor {len(selectors)} claims after an edit (p95 of {len(ours)})",
            size=ctx.size,
            ours=p95(ours) * 1000,
            unit="ms",
            reference=p95(reference) * 1000,
            reference_label="reanchor() per claim",
            target=Target(
                max_value=ANCHOR_TARGET_MS, text=f"p95 < {ANCHOR_TARGET_MS:.0f} ms", up_to=None
            ),
            details={
                "characters": len(text),
                "claims": len(selectors),
                "changed_claims": len(changed),
                "states": dict(states),
                "ours_ms": summary(ours, 1000),
                "reference_ms": summary(reference, 1000),
            },
        )
    ]
