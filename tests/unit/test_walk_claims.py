"""Re-anchoring cases a newcomer walk found broken."""

from __future__ import annotations

from briefing_tui.core.claims.anchoring import make_selector, reanchor
from briefing_tui.core.text.plaintext import plain_text

BRIEFING = """# Oil exports fall

Russian oil exports fell sharply in March. Analysts blamed the new sanctions regime.

## Details

The ministry said the talks would resume in April.
"""


def test_a_paragraph_split_inside_a_claim_keeps_it_fuzzy_not_orphaned() -> None:
    """Two claimed sentences of one paragraph, the paragraph split between them in
    the file and not a word changed: the claim was orphaned (best seen 0.98)."""
    quote = "Russian oil exports fell sharply in March. Analysts blamed the new sanctions regime."
    before = plain_text(BRIEFING)
    start = before.index(quote)
    selector = make_selector(before, start, start + len(quote))
    after = plain_text(BRIEFING.replace("March. Analysts", "March.\n\nAnalysts"))
    anchor = reanchor(selector, after)
    assert anchor.state == "fuzzy"
    assert anchor.text.split() == quote.split()
