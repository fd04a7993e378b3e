"""What the analyst's layer hands out: links seen from a claim, rated sources, a
credibility suggestion, and the errors its writes refuse with.

Plain frozen dataclasses, safe to pass between threads (the app reads them
on its event loop after a worker made them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.vocabulary import INVERSES, Relation

from ..store import DocumentRecord


class AnalysisError(ValueError):
    """A link, rating or source the analyst's layer refuses; ``str()`` is one sentence
    saying why, and nothing was changed."""


class UnknownSource(AnalysisError):
    """No briefing names that source (and it was never rated)."""


@dataclass(frozen=True, slots=True)
class ClaimLink:
    """A link seen from one of its claims: ``relation`` as stored, ``outgoing`` when
    this claim is the one that supports, contradicts, repeats or cites the other."""

    relation: Relation
    outgoing: bool
    #: The claim at the other end.
    claim_id: str
    created: str
    #: The other claim's anchor (``orphaned``: the link stays, to an orphaned claim);
    #: ``None`` when not looked up.
    anchor: str | None = None

    @property
    def label(self) -> str:
        """How it reads from this claim: ``supports`` or ``supported by``."""
        return f"{self.relation}s" if self.outgoing else INVERSES[self.relation]

    @property
    def name(self) -> str:
        """The relation as ``briefing claims --json`` gives it: ``support`` (this claim
        supports the other) or ``supported by`` (the other supports this one)."""
        return self.relation if self.outgoing else INVERSES[self.relation]


def link_summary(links: Sequence[ClaimLink]) -> str:
    """Counts by relation as a line: ``2 supports · 1 contradicted by`` (``""``: none)."""
    counts = Counter(link.label for link in links)
    return " · ".join(f"{count} {label}" for label, count in sorted(counts.items()))


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What :meth:`.Analysis.link` did: ``added``, or ``exists`` (nothing changed)."""

    outcome: str
    from_id: str
    relation: Relation
    to_id: str

    @property
    def added(self) -> bool:
        return self.outcome == "added"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source as the source manager lists it: its name (the spelling most of its
    briefings use, else the one it was rated as), counts, and rating."""

    key: str
    name: str
    briefings: int
    claims: int
    reliability: str | None
    note: str
    updated: str | None


@dataclass(frozen=True, slots=True)
class Related:
    """A claim linked to the one in view, with what the contradictions view shows of it."""

    link: ClaimLink
    claim: Claim
    record: DocumentRecord | None
    reliability: str | None
    rating: str | None


@dataclass(frozen=True, slots=True)
class RelatedClaims:
    """The claim in view and the claims that contradict or support it (or that it does)."""

    claim: Claim
    record: DocumentRecord | None
    reliability: str | None
    rating: str | None
    others: list[Related]


@dataclass(frozen=True, slots=True)
class CredibilitySuggestion:
    """A credibility to offer (never set by itself): 1, because claims of other sources
    repeat or support this one."""

    credibility: int
    #: The claims that back it, and their sources (as written).
    claim_ids: list[str]
    sources: list[str]

    @property
    def reason(self) -> str:
        names = ", ".join(self.sources)
        return (
            f"credibility {self.credibility} (confirmed by other sources): "
            f"{len(self.claim_ids)} claim(s) from {names} repeat or support it"
        )


@dataclass(frozen=True, slots=True)
class PickerItem:
    """One claim the link picker offers."""

    claim_id: str
    doc_id: str
    quote: str
    note: str
    title: str
    anchor: str
    status: str
