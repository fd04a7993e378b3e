"""What an import did (or, in a dry run, would do): counts and the claims concerned."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    format: str
    dry_run: bool = False
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    #: Claims left as they are because this store's copy was edited later.
    newer_here: list[str] = field(default_factory=list)
    #: Claims (of the file) whose briefing is not in the library: kept, orphaned.
    missing: list[str] = field(default_factory=list)
    #: Claims of the file whose id a claim here has on another briefing or quote: not applied.
    conflicts: list[str] = field(default_factory=list)
    #: Added claims whose bare quote (no prefix, no suffix) is found more than once in
    #: its briefing: the one at the position given (else the first) was taken.
    ambiguous: list[str] = field(default_factory=list)
    #: Added claims by anchor state after re-anchoring (moved, fuzzy, orphaned).
    reanchored: Counter[str] = field(default_factory=Counter)
    #: Briefings of the file by how they were found: id, content hash, url, path (another
    #: tool's path or ``file:`` URL), quote (found by its quotes), missing.
    documents: Counter[str] = field(default_factory=Counter)
    #: (old id, new id) of briefings that took the file's identity (same content).
    renamed: list[tuple[str, str]] = field(default_factory=list)
    #: Briefings whose app tags, and reading state, the import changed.
    tags_restored: int = 0
    reading_restored: int = 0
    #: Briefings marked read by the import, and saved searches it added.
    read_restored: int = 0
    saved_added: int = 0
    #: Reading positions of the file that were no place in a briefing (left out).
    reading_dropped: int = 0
    #: Links between claims, and source ratings, the import added or changed.
    links_added: int = 0
    sources_rated: int = 0
    #: Parts of a W3C file's annotations no claim keeps (``creator``, ``generator``, a body
    #: without text...), by kind, with how many.
    left_out: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "dry_run": self.dry_run,
            "added": len(self.added),
            "unchanged": len(self.unchanged),
            "updated": len(self.updated),
            "newer_here": len(self.newer_here),
            "missing": len(self.missing),
            "conflicts": len(self.conflicts),
            "ambiguous": len(self.ambiguous),
            "reanchored": {s: self.reanchored.get(s, 0) for s in ("moved", "fuzzy", "orphaned")},
            "documents": {
                how: self.documents.get(how, 0)
                for how in ("id", "content_hash", "url", "path", "quote", "missing")
            },
            "renamed": [list(pair) for pair in self.renamed],
            "tags_restored": self.tags_restored,
            "reading_restored": self.reading_restored,
            "reading_dropped": self.reading_dropped,
            "read_restored": self.read_restored,
            "saved_added": self.saved_added,
            "links_added": self.links_added,
            "sources_rated": self.sources_rated,
            "left_out": dict(self.left_out),
            "claims": {
                "added": self.added,
                "updated": self.updated,
                "missing": self.missing,
                "conflicts": self.conflicts,
            },
        }

    def summary(self) -> str:
        total = len(self.added) + len(self.unchanged) + len(self.updated) + len(self.newer_here)
        line = (
            f"{total} claim(s): {len(self.added)} added, "
            f"{len(self.unchanged) + len(self.newer_here)} unchanged, {len(self.updated)} updated"
        )
        if self.missing:
            line += f"; {len(self.missing)} on briefings missing from the library (kept, orphaned)"
        if self.conflicts:
            names = ", ".join(self.conflicts[:5]) + (", …" if len(self.conflicts) > 5 else "")
            line += (
                f"; {len(self.conflicts)} conflict(s) not applied (the id of a claim here on "
                f"another briefing or quote: {names})"
            )
        if self.ambiguous:
            names = ", ".join(self.ambiguous[:5]) + (", …" if len(self.ambiguous) > 5 else "")
            line += (
                f"; {len(self.ambiguous)} quote(s) found more than once, with no prefix or "
                f"suffix to choose by: the one at its position (else the first) taken ({names})"
            )
        if self.read_restored:
            line += f"; {self.read_restored} briefing(s) marked read"
        if self.saved_added:
            line += f"; {self.saved_added} saved search(es) added"
        if self.links_added:
            line += f"; {self.links_added} link(s) added"
        if self.sources_rated:
            line += f"; {self.sources_rated} source rating(s) restored"
        if self.reading_dropped:
            line += f"; {self.reading_dropped} reading position(s) not valid, left out"
        if self.left_out:
            kinds = ", ".join(f"{kind} ({count})" for kind, count in sorted(self.left_out.items()))
            line += f"; not kept (a claim has no place for them): {kinds}"
        return ("dry run, nothing written: " if self.dry_run else "") + line
