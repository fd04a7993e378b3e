"""The analyst's layer: claims linked to claims, source reliability and claim
credibility (the Admiralty code, "B2"), event dates and the timeline, the overview.

The package's face is :class:`Analysis` (``Workspace.analysis``). The words
(relations, grades, event dates) are :mod:`..claims.vocabulary`; the SQL is
the store's (``links``, ``sources``, ``overview``) and the claims table's
(credibility, event date). :mod:`.links` makes and reads links and suggests a
credibility; :mod:`.sources` lists and rates sources; :mod:`.terms` answers
the query terms ``links:``, ``has:links``, ``linked:``, ``reliability:``,
``credibility:``; :mod:`.timeline` and :mod:`.overview` build what their
screens draw.
"""

from __future__ import annotations

from .analysis import SIDE_BY_SIDE, Analysis, ClaimPicker
from .model import (
    AnalysisError,
    ClaimLink,
    CredibilitySuggestion,
    LinkResult,
    PickerItem,
    Related,
    RelatedClaims,
    SourceInfo,
    UnknownSource,
    link_summary,
)
from .overview import Overview, WeekCount
from .terms import ClaimTest, TermAnswers
from .timeline import (
    GRANULARITIES,
    Granularity,
    Timeline,
    TimelineEntry,
    TimelineGroup,
    check_granularity,
    zoom,
)

__all__ = [
    "GRANULARITIES",
    "SIDE_BY_SIDE",
    "Analysis",
    "AnalysisError",
    "ClaimLink",
    "ClaimPicker",
    "ClaimTest",
    "CredibilitySuggestion",
    "Granularity",
    "LinkResult",
    "Overview",
    "PickerItem",
    "Related",
    "RelatedClaims",
    "SourceInfo",
    "TermAnswers",
    "Timeline",
    "TimelineEntry",
    "TimelineGroup",
    "UnknownSource",
    "WeekCount",
    "check_granularity",
    "link_summary",
    "zoom",
]
