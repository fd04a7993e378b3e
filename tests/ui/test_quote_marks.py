"""A claim's quote in the claims panel, the claims screen, the timeline and the link
picker: in quotation marks, but not marked twice when the passage opens with its own
("““Among other things …" read as a typo)."""

from __future__ import annotations

from briefing_tui.core.claims.anchoring import make_selector
from briefing_tui.core.claims.model import Claim
from briefing_tui.tui.widgets.claims_panel import claim_option_text


def _claim(quote: str) -> Claim:
    text = f"Intro. {quote} Outro."
    start = text.index(quote)
    return Claim("c1", "doc", make_selector(text, start, start + len(quote)), "hash")


def test_a_quote_opening_with_its_own_mark_is_not_marked_twice() -> None:
    shown = claim_option_text(_claim("“Prospects are discussed,” he said.")).plain
    assert "““" not in shown
    assert "“Prospects are discussed,” he said." in shown


def test_a_plain_quote_is_put_in_quotation_marks() -> None:
    shown = claim_option_text(_claim("Prices rose four percent.")).plain
    assert "“Prices rose four percent.”" in shown
