"""What the app tells its screens after an analyst's write (a link, an unlink, a
source's rating): the search index does not change, so screens that show links
or ratings (the claims panel, the claims screen, the contradictions view, the
timeline, the overview, the source manager) read them again.

Posted to every screen on the stack and to every claims panel by
:meth:`~briefing_tui.tui.analysis_writes.AnalysisWrites.tell_analysis_changed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message


@dataclass
class AnalysisChanged(Message, bubble=False):
    """Links or source ratings changed; ``claim_ids`` are the claims whose links did
    (empty for a rating: any claim of that source may read differently)."""

    what: str
    claim_ids: list[str] = field(default_factory=list)
