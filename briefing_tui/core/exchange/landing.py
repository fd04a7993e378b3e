"""Landing an import: the file's claims, app tags and reading states in the store.

Claims are re-anchored on the current text with the rules of sync; a claim
whose briefing is not in the library is kept, orphaned, on a document record
without a file; a claim whose id is that of a claim here on another briefing
or quote is a conflict, reported and never applied; a claim edited later
here than in the file is left as it is. The file's links land between the
claims they name here (never to a claim in conflict), and a source's rating
when there is none here or the file's is newer. Everything is written in one
transaction. Importing the same file twice adds nothing. A claim of the file under an id
not used here, on a passage a claim here quotes, is another claim beside it
(two readers may comment on one sentence), unless it says word for word what
that one says: then it is that claim, come back under another tool's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.claims.anchoring import Selector, make_selector, reanchor_all
from briefing_tui.core.claims.model import Claim, check_anchor, check_status
from briefing_tui.core.claims.store import ClaimStore
from briefing_tui.core.claims.vocabulary import SYMMETRIC, source_key

from ..store import DocumentRecord, SourceRow, Store
from ..workspace import Workspace
from .import_report import ImportReport
from .incoming import Incoming, IncomingClaim
from .matching import DocumentMatcher
from .spacing import respaced
from .times import as_local, is_newer


@dataclass
class _Landing:
    """Where an incoming claim ends up in this store."""

    selector: Selector
    content_hash: str
    anchor: str
    candidate: tuple[int, int, str] | None
    #: Places the quote is found with no prefix or suffix to tell them apart (1: none).
    repeats: int = 1


def import_annotations(ws: Workspace, incoming: Incoming, *, dry_run: bool = False) -> ImportReport:
    """Bring a checked file's claims, app tags and reading states into the store.

    Call after a sync (claims are re-anchored on the files as they are now).
    Everything is written in one transaction, then the briefings touched are
    re-indexed so search sees their claims and tags.
    """
    report = ImportReport(incoming.format, dry_run=dry_run, left_out=dict(incoming.left_out))
    plan = _Plan(ws, incoming, report)
    plan.match_documents()
    plan.plan_claims()
    plan.plan_tags_and_reading()
    plan.plan_links_and_sources()
    if not dry_run:
        plan.write()
    return report


class _Plan(DocumentMatcher):
    """The claims to insert and update, the app tags and reading states to restore."""

    def __init__(self, ws: Workspace, incoming: Incoming, report: ImportReport) -> None:
        super().__init__(ws, incoming, report)
        self.inserts: list[tuple[IncomingClaim, str, _Landing]] = []
        self.updates: list[IncomingClaim] = []
        self.tag_rows: dict[str, dict[str, int]] = {}
        self.readings: dict[str, tuple[float, str]] = {}
        self.read_marks: dict[str, tuple[str, str]] = {}
        self.saved: list[tuple[str, str, str]] = []
        self.touched: set[str] = set()
        #: The file's claim ids to the store's (the claims that land; not conflicts).
        self.landed: dict[str, str] = {}
        self.links: list[tuple[str, str, str, str]] = []
        self.sources: list[SourceRow] = []

    def _has_file(self, target: str) -> bool:
        keys = self.known.get(self._store_id(target))
        return keys is not None and keys.path is not None

    # -- claims -----------------------------------------------------------------------

    def plan_claims(self) -> None:
        landings = self._land_all()
        existing = self.ws.claims.all()
        renamed = {old: new for old, new in self.renames}
        by_id = {claim.id: claim for claim in existing}
        by_key: dict[tuple[str, str, int, int], list[Claim]] = {}
        for mine in existing:
            doc = renamed.get(mine.doc_id, mine.doc_id)
            key = (doc, mine.quote, mine.selector.start, mine.selector.end)
            by_key.setdefault(key, []).append(mine)
        # The claims here the file names by their ids: none of them is also the twin
        # of another of the file's claims.
        taken = {claim.id for claim in self.incoming.claims if claim.id in by_id}
        for claim in self.incoming.claims:
            target = self.target[claim.doc_id]
            landing = landings[claim.id]
            found = by_id.get(claim.id)
            if found is not None and self._conflict(found, claim, target, landing):
                self.report.conflicts.append(claim.id)  # never applied
                continue
            if found is None:
                found = _twin(claim, by_key, taken, target, landing)
            if not self._has_file(target):
                self.report.missing.append(claim.id)
            self.landed[claim.id] = found.id if found is not None else claim.id
            if found is None:
                self.inserts.append((claim, target, landing))
                self.report.added.append(claim.id)
                if landing.anchor != "exact":
                    self.report.reanchored[landing.anchor] += 1
                if landing.repeats > 1:
                    self.report.ambiguous.append(claim.id)
                self.touched.add(target)
                continue
            if not claim.rated:  # a version 1 file: the ratings here stay
                claim = replace_ratings(claim, found.credibility, found.event_date)
            if _same(found, claim):
                self.report.unchanged.append(found.id)
            elif is_newer(claim.updated, found.updated):
                self.updates.append(replace_id(claim, found.id))
                self.report.updated.append(found.id)
                self.touched.add(renamed.get(found.doc_id, found.doc_id))
            else:
                self.report.newer_here.append(found.id)

    def _conflict(self, found: Claim, claim: IncomingClaim, target: str, landing: _Landing) -> bool:
        """The file's claim has the id of a claim here on another briefing or quote."""
        doc = dict(self.renames).get(found.doc_id, found.doc_id)
        return doc != target or found.quote not in (claim.selector.exact, landing.selector.exact)

    def _land_all(self) -> dict[str, _Landing]:
        """Each incoming claim re-anchored on its briefing's current text (sync's rules)."""
        landings: dict[str, _Landing] = {}
        stale: dict[str, list[IncomingClaim]] = {}
        texts: dict[str, Briefing | None] = {}
        for claim in self.incoming.claims:
            target = self.target[claim.doc_id]
            if target not in texts:
                texts[target] = self._briefing(target)
            briefing = texts[target]
            if briefing is None:
                # The briefing is not in the library: kept, orphaned, as sync leaves it.
                landings[claim.id] = _Landing(claim.selector, claim.content_hash, "orphaned", None)
            elif claim.content_hash == briefing.content_hash and claim.anchor in ("exact", "moved"):
                # Made on this very text: nothing to re-anchor.
                landings[claim.id] = _Landing(
                    claim.selector, claim.content_hash, claim.anchor, None
                )
            else:
                stale.setdefault(target, []).append(claim)
        for target, claims in stale.items():
            briefing = texts[target]
            assert briefing is not None
            text = briefing.plain_text
            # A quote that differs from the text only in its spacing (another tool's
            # quote across paragraphs) is the text's own passage (:mod:`.spacing`).
            selectors = [respaced(claim.selector, text) for claim in claims]
            anchors = reanchor_all(selectors, text)
            for claim, anchor, asked in zip(claims, anchors, selectors, strict=True):
                if anchor.state in ("exact", "moved") and anchor.start is not None:
                    assert anchor.end is not None
                    selector = make_selector(text, anchor.start, anchor.end)
                    # A quote given without a place is where it is found: not "moved"
                    # (every Hypothesis import showed "moved", a walk).
                    state = anchor.state if claim.positioned else "exact"
                    landings[claim.id] = _Landing(
                        selector, briefing.content_hash, state, None, _repeats(asked, text)
                    )
                elif anchor.state == "fuzzy" and anchor.start is not None:
                    assert anchor.end is not None
                    landings[claim.id] = _Landing(
                        claim.selector,
                        claim.content_hash,
                        "fuzzy",
                        (anchor.start, anchor.end, anchor.text),
                    )
                else:
                    landings[claim.id] = _Landing(
                        claim.selector, claim.content_hash, "orphaned", None
                    )
        return landings

    # -- app tags and reading state ---------------------------------------------------------

    def plan_tags_and_reading(self) -> None:
        current_tags = self.ws.store.user_tag_flags()
        current_reading = {
            doc_id: opened_at for doc_id, (_, opened_at) in self.ws.store.reading_states().items()
        }
        current_read = self.ws.store.read_times()
        for doc in sorted(self.incoming.documents.values(), key=lambda doc: doc.id):
            target = self.target[doc.id]
            here = self._store_id(target)
            wanted = {tag: 0 for tag in doc.added} | {tag: 1 for tag in doc.removed}
            have = current_tags.get(here, {})
            changed = {tag: flag for tag, flag in wanted.items() if have.get(tag) != flag}
            if changed:
                self.tag_rows[target] = changed
                self.report.tags_restored += 1
                self.touched.add(target)
            self.report.reading_dropped += doc.bad_reading
            if doc.reading is not None:
                opened = current_reading.get(here)
                if opened is None or is_newer(doc.reading[1], opened):
                    self.readings[target] = (self._clamp(target, doc.reading[0]), doc.reading[1])
                    self.report.reading_restored += 1
            if doc.read is not None:
                mine = current_read.get(here)
                # A mark here on the same text keeps the text it holds (the file has none).
                if mine is None or (mine[1] != doc.read[1] and is_newer(doc.read[0], mine[0])):
                    self.read_marks[target] = (as_local(doc.read[0]), doc.read[1])
                    self.report.read_restored += 1
        names = {row.name.casefold() for row in self.ws.store.saved_searches()}
        for name, query, created in self.incoming.saved:
            if name.casefold() not in names:
                names.add(name.casefold())
                self.saved.append((name, query, as_local(created)))
        self.report.saved_added = len(self.saved)

    def _clamp(self, target: str, position: float) -> float:
        """A position (part + fraction) within the briefing's parts, as the reader makes it."""
        briefing = self._briefing(target) if position >= 1 else None
        if briefing is None:
            return position
        from briefing_tui.core.text.layout import layout_document

        return min(position, len(layout_document(briefing.body).sections) - 1 + 0.999)

    # -- links and source ratings ------------------------------------------------------------

    def plan_links_and_sources(self) -> None:
        """The file's links between claims that land (not there yet), and the ratings of
        sources not rated here or rated later in the file."""
        have = {(row.from_id, row.relation, row.to_id) for row in self.ws.store.link_rows()}
        for link in self.incoming.links:
            first, second = self.landed.get(link.from_id), self.landed.get(link.to_id)
            if first is None or second is None or first == second:
                continue
            keys = {(first, link.relation, second)}
            if link.relation in SYMMETRIC:
                keys.add((second, link.relation, first))
            if keys & have:
                continue
            have |= keys
            self.links.append((first, link.relation, second, _local_or_now(link.created)))
        self.report.links_added = len(self.links)
        ratings = self.ws.store.source_ratings()
        for source in self.incoming.sources:
            key = source_key(source.name)
            mine = ratings.get(key)
            if mine is not None and (
                (mine.reliability, mine.note) == (source.reliability, source.note)
                or not is_newer(source.updated, mine.updated)
            ):
                continue
            self.sources.append(
                SourceRow(
                    key, source.name, source.reliability, source.note, as_local(source.updated)
                )
            )
        self.report.sources_rated = len(self.sources)

    # -- writing -----------------------------------------------------------------------------

    def write(self) -> None:
        now = datetime.now().isoformat(timespec="seconds")
        store = self.ws.store
        # Every briefing this import touches is re-indexed once the transaction
        # is in; recorded first, so a crash before that is caught up by the next sync.
        renamed = {name for pair in self.renames for name in pair}
        with (
            self.ws.pending_reindex(sorted(self.touched | renamed)),
            store.transaction() as db,
        ):
            for old, new in self.renames:
                store.rename_document(db, old, new)
            for doc in self.placeholders:
                store.add_placeholder(
                    db,
                    DocumentRecord(
                        id=doc.id,
                        path=None,
                        title=doc.title,
                        date=doc.date,
                        content_hash=doc.content_hash,
                        source=doc.source,
                        url=doc.url,
                        front_tags=doc.front_tags,
                        first_seen=now,
                        missing_since=now,
                    ),
                )
            for target, rows in self.tag_rows.items():
                store.set_user_tag_flags(db, target, rows)
            for target in {*self.tag_rows, *(doc.id for doc in self.placeholders)}:
                store.recompute_tags(db, target)
            for target, (position, opened_at) in self.readings.items():
                store.restore_reading_state(db, target, position, opened_at)
            for target, (read_at, content_hash) in self.read_marks.items():
                store.restore_read_mark(db, target, read_at, content_hash)
            for name, query, created in self.saved:
                store.insert_saved_search(db, name, query, created)
            for claim, target, landing in self.inserts:
                ClaimStore.insert(
                    db,
                    Claim(
                        id=claim.id,
                        doc_id=target,
                        selector=landing.selector,
                        content_hash=landing.content_hash,
                        note=claim.note,
                        tags=claim.tags,
                        status=check_status(claim.status),
                        anchor=check_anchor(landing.anchor),
                        candidate=landing.candidate,
                        created=claim.created,
                        updated=claim.updated,
                        credibility=claim.credibility,
                        event_date=claim.event_date,
                    ),
                )
            for claim in self.updates:
                ClaimStore.take_edits(
                    db,
                    claim.id,
                    note=claim.note,
                    status=claim.status,
                    tags=claim.tags,
                    updated=claim.updated,
                    credibility=claim.credibility,
                    event_date=claim.event_date,
                )
            for first, relation, second, created in self.links:
                either_way = relation in SYMMETRIC
                Store.insert_link(db, first, relation, second, created, either_way=either_way)
            for row in self.sources:
                Store.put_source_rating(db, row)


def _same(found: Claim, claim: IncomingClaim) -> bool:
    """Whether the file's claim says what the claim here says: note, tags, status, ratings."""
    return (
        found.note,
        sorted(found.tags),
        found.status,
        found.credibility,
        found.event_date,
    ) == (claim.note, sorted(claim.tags), claim.status, claim.credibility, claim.event_date)


def _twin(
    claim: IncomingClaim,
    by_key: dict[tuple[str, str, int, int], list[Claim]],
    taken: set[str],
    target: str,
    landing: _Landing,
) -> Claim | None:
    """The claim here that the file's claim (under another id) repeats word for word on
    the same passage, or None; one found is ``taken``, so it stands for one claim only.

    Only an identical claim is one: another id with another note, tags or status on
    a passage is another reader's claim on it (two readers comment on one sentence),
    added beside this one; taking it for an edit of this one replaced a note, dropped
    tags and reset a status. An identical one is the same claim come back under an
    id another tool gave it (its file imported twice adds nothing).
    """
    keys = (
        (target, claim.selector.exact, claim.selector.start, claim.selector.end),
        (target, landing.selector.exact, landing.selector.start, landing.selector.end),
    )
    for key in dict.fromkeys(keys):
        for mine in by_key.get(key, []):
            here = (
                claim if claim.rated else replace_ratings(claim, mine.credibility, mine.event_date)
            )
            if mine.id not in taken and _same(mine, here):
                taken.add(mine.id)
                return mine
    return None


def _local_or_now(value: str) -> str:
    """A link's time as the store keeps times; now when the file gave none usable."""
    try:
        return as_local(value)
    except (ValueError, OverflowError):
        return datetime.now().isoformat(timespec="seconds")


def replace_ratings(
    claim: IncomingClaim, credibility: int | None, event_date: str | None
) -> IncomingClaim:
    """The incoming claim with the credibility and event date it has here."""
    from dataclasses import replace

    return replace(claim, credibility=credibility, event_date=event_date)


def replace_id(claim: IncomingClaim, claim_id: str) -> IncomingClaim:
    """The incoming claim, addressed to the store's claim it matched."""
    from dataclasses import replace

    return replace(claim, id=claim_id)


def _repeats(selector: Selector, text: str) -> int:
    """How often a quote with neither prefix nor suffix occurs in ``text`` (at most 2):
    another tool's bare quote found twice lands on one place the import has to pick."""
    if selector.prefix or selector.suffix:
        return 1
    first = text.find(selector.exact)
    return 2 if first >= 0 and text.find(selector.exact, first + 1) >= 0 else 1
