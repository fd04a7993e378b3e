"""The claim commands: annotate, claims, review, claim-edit, claim-delete, claim-accept.

They sync the library first, so claims are re-anchored to the files as they
are now. ``briefing claims`` exits 0 with claims, 1 with none, 2 on a bad query.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing_tui.core.claims.model import STATUSES, Claim
from briefing_tui.core.claims.vocabulary import rating, source_key
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.tags import normalize_tag
from briefing_tui.core.text.change_window import (
    ELSEWHERE,
    same_words,
    surroundings,
    windows_at_change,
)
from briefing_tui.core.text.marks import in_quotation_marks
from briefing_tui.core.text.sanitize import clean_line

from ..core.analysis import ClaimLink, link_summary
from ..core.resolving import ClaimNotFound
from ..core.store import DocumentRecord
from ..core.workspace import QuoteNotFound, Workspace
from .analysis import credibility_option, event_date_option
from .common import (
    EXIT_ERROR,
    EXIT_NONE,
    EXIT_OK,
    CliError,
    Style,
    check_tags,
    one_line,
    open_workspace,
    print_json,
    sync_library,
)


def _check_status(value: str | None) -> str | None:
    if value is None:
        return None
    status = value.strip().lower()
    if status not in STATUSES:
        raise CliError(f"status {value!r} is not one of {', '.join(STATUSES)}")
    return status


def _claim_json(
    claim: Claim,
    record: DocumentRecord | None,
    links: list[ClaimLink] | None = None,
    reliability: str | None = None,
) -> dict[str, Any]:
    candidate = None
    if claim.candidate is not None:
        start, end, text = claim.candidate
        candidate = {"start": start, "end": end, "text": text}
    return {
        "id": claim.id,
        "doc_id": claim.doc_id,
        "path": record.path if record else None,
        "title": record.title if record else "",
        "quote": claim.quote,
        "note": claim.note,
        "tags": claim.tags,
        "status": claim.status,
        "anchor": claim.anchor,
        "created": claim.created,
        "updated": claim.updated,
        "start": claim.selector.start,
        "end": claim.selector.end,
        "prefix": claim.selector.prefix,
        "suffix": claim.selector.suffix,
        "candidate": candidate,
        "file_missing": record is None or record.path is None,
        "credibility": claim.credibility,
        "reliability": reliability,
        "rating": rating(reliability, claim.credibility),
        "event_date": claim.event_date,
        "links": [
            {"relation": link.name, "claim_id": link.claim_id, "anchor": link.anchor}
            for link in links or []
        ],
    }


class _Analysis:
    """The links and source grades of listed claims, read once for ``briefing claims``."""

    def __init__(self, ws: Workspace, chosen: list[tuple[Claim, DocumentRecord | None]]) -> None:
        self.links = ws.analysis.links_by_claim({claim.id for claim, _ in chosen})
        self.grades = ws.analysis.reliabilities()

    def grade(self, record: DocumentRecord | None) -> str | None:
        return self.grades.get(source_key(record.source)) if record is not None else None

    def rating(self, claim: Claim, record: DocumentRecord | None) -> str | None:
        return rating(self.grade(record), claim.credibility)

    def json(self, chosen: list[tuple[Claim, DocumentRecord | None]]) -> list[dict[str, Any]]:
        return [
            _claim_json(claim, record, self.links.get(claim.id), self.grade(record))
            for claim, record in chosen
        ]


def _briefing_heading(record: DocumentRecord | None, doc_id: str, style: Style) -> str:
    if record is None:
        return style.bold(f"(unknown briefing {doc_id})")
    where = record.path if record.path else "(its file is gone from the library)"
    return f"{style.bold(clean_line(record.title))}  {style.dim(where)}"


def _print_claims(
    chosen: list[tuple[Claim, DocumentRecord | None]],
    style: Style,
    details: Callable[[Claim, DocumentRecord | None], list[str]],
    ratings: Callable[[Claim, DocumentRecord | None], str | None] | None = None,
) -> None:
    current: str | None = None
    for claim, record in chosen:
        if claim.doc_id != current:
            if current is not None:
                print()
            current = claim.doc_id
            print(_briefing_heading(record, claim.doc_id, style))
        flags: list[str] = [claim.status]
        shown = ratings(claim, record) if ratings is not None else None
        if shown:
            flags.append(shown)
        if claim.anchor != "exact":
            flags.append(claim.anchor)
        tags = f"  [{', '.join(claim.tags)}]" if claim.tags else ""
        print(f"  {claim.id}  {style.bold(' '.join(flags))}{style.dim(tags)}")
        for line in details(claim, record):
            print(f"    {line}")


def cmd_annotate(args: argparse.Namespace) -> int:
    status = _check_status(args.status) or "open"
    credibility = credibility_option(args.credibility, clearing=False)
    event_date = event_date_option(args.event_date, clearing=False)
    if args.occurrence is not None and args.occurrence < 1:
        raise CliError(f"--occurrence {args.occurrence}: count occurrences from 1")
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True)
        record = ws.resolve(args.doc)
        before = {claim.id for claim in ws.claims.for_document(record.id)}
        try:
            claim = ws.annotate(
                record,
                args.quote,
                occurrence=args.occurrence,
                note=args.note or "",
                tags=check_tags(list(args.tag or [])),
                status=status,
                credibility=credibility,
                event_date=event_date,
            )
        except QuoteNotFound as error:
            raise CliError(str(error)) from error
    if claim.id in before:
        print("That passage is claimed already, as given: nothing added.", file=sys.stderr)
    print(claim.id)
    return EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    from ..core.exchange import select_named

    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, reading=True)
        # `briefing claims DOC`: one briefing named as `show` names it (id, id:ID, path).
        try:
            selection = select_named(ws, args.query, Path.cwd())
        except QueryError as error:
            print(f"briefing: bad query: {error}", file=sys.stderr)
            return EXIT_ERROR
        chosen = selection.chosen
        extras = _Analysis(ws, chosen)
    if args.json:
        print_json(extras.json(chosen))
        return EXIT_OK if chosen else EXIT_NONE
    if not chosen:
        print(selection.nothing(), file=sys.stderr)
        return EXIT_NONE
    style = Style(sys.stdout)

    def details(claim: Claim, record: DocumentRecord | None) -> list[str]:
        lines = [in_quotation_marks(one_line(claim.quote, 160))]
        if claim.note.strip():
            lines.append(style.dim("note: ") + one_line(claim.note, 120))
        if claim.event_date:
            lines.append(style.dim("event: ") + claim.event_date)
        links = extras.links.get(claim.id)
        if links:
            lines.append(style.dim("links: ") + link_summary(links))
        return lines

    _print_claims(chosen, style, details, extras.rating)
    briefings = len({claim.doc_id for claim, _ in chosen})
    print(style.dim(f"{len(chosen)} claim(s) in {briefings} briefing(s)"), file=sys.stderr)
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from ..core.exchange import group_claims, records_for

    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, review_notice=False, reading=True)
        claims = ws.claims.needing_review()
        records = records_for(ws, {claim.doc_id for claim in claims})
        chosen = group_claims([(claim, records.get(claim.doc_id)) for claim in claims])
        listed = _Analysis(ws, chosen).json(chosen)
    if args.json:
        print_json(listed)
        return EXIT_OK
    if not chosen:
        print("Nothing to review: every claim is attached to its passage.", file=sys.stderr)
        return EXIT_OK
    style = Style(sys.stdout)

    def details(claim: Claim, record: DocumentRecord | None) -> list[str]:
        if claim.anchor == "fuzzy" and claim.candidate is not None:
            if same_words(claim.quote, claim.candidate[2]):
                # Only a copy of the words is left: where they stood tells them apart.
                where = surroundings(claim.selector.prefix, claim.selector.suffix, 160)
                return [
                    style.dim("was: ") + in_quotation_marks(one_line(claim.quote, 160)),
                    style.dim("     ") + clean_line(where),
                    style.dim("now: ") + style.dim(ELSEWHERE),
                    *_note_line(claim),
                ]
            # Both cut around where they differ, so the change is in sight.
            was, now = windows_at_change(
                clean_line(claim.quote), clean_line(claim.candidate[2]), 160
            )
            return [
                style.dim("was: ") + in_quotation_marks(was),
                style.dim("now: ") + in_quotation_marks(now),
                *_note_line(claim),
            ]
        lines = [style.dim("was: ") + in_quotation_marks(one_line(claim.quote, 160))]
        if record is None or record.path is None:
            lines.append(style.dim("the briefing's file is gone from the library"))
        else:
            lines.append(style.dim("nothing close enough in the briefing's current text"))
        return lines + _note_line(claim)

    def _note_line(claim: Claim) -> list[str]:
        return [style.dim("note: ") + one_line(claim.note, 120)] if claim.note.strip() else []

    _print_claims(chosen, style, details)
    print(
        style.dim(
            f"{len(chosen)} claim(s) to review: `briefing claim-accept CLAIM` takes a fuzzy "
            "claim's new text, `briefing claim-delete CLAIM` drops a claim; the app's review "
            "screen re-attaches one to another passage"
        ),
        file=sys.stderr,
    )
    return EXIT_OK


def _resolve_claim(ws: Workspace, ref: str) -> Claim:
    """A claim from its id or a unique prefix of it (4 characters or more)."""
    try:
        return ws.resolve_claim(ref)
    except ClaimNotFound as error:
        raise CliError(str(error)) from error


def _claim_line(claim: Claim) -> str:
    tags = f"  [{', '.join(claim.tags)}]" if claim.tags else ""
    anchor = f" ({claim.anchor})" if claim.anchor != "exact" else ""
    rated = f" credibility {claim.credibility}" if claim.credibility else ""
    dated = f" event {claim.event_date}" if claim.event_date else ""
    quote = in_quotation_marks(one_line(claim.quote, 60))
    return f"{claim.id}  {claim.status}{anchor}{rated}{dated}{tags}  {quote}"


def cmd_claim_edit(args: argparse.Namespace) -> int:
    status = _check_status(args.status)
    credibility = credibility_option(args.credibility, clearing=True)
    event_date = event_date_option(args.event_date, clearing=True)
    add = check_tags(list(args.tag or []))
    remove = {normalize_tag(tag) for tag in args.untag or []}
    given = (args.note, status, credibility, event_date)
    if all(value is None for value in given) and not add and not remove:
        raise CliError(
            "nothing to change: give --note, --tag, --untag, --status, --credibility "
            "or --event-date"
        )
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True)
        claim = _resolve_claim(ws, args.claim)
        tags = None
        if add or remove:
            tags = [tag for tag in [*claim.tags, *add] if normalize_tag(tag) not in remove]
        claim = ws.update_claim(
            claim.id,
            note=args.note,
            tags=tags,
            status=status,
            credibility=credibility,
            event_date=event_date,
        )
    print(_claim_line(claim))
    return EXIT_OK


def cmd_claim_delete(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True)
        claim = _resolve_claim(ws, args.claim)
        links = ws.delete_claim(claim.id)
    print(f"deleted {_claim_line(claim)}")
    if links:
        print(f"removed {links} link(s) to and from it")
    return EXIT_OK


def cmd_claim_accept(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, review_notice=False)
        claim = _resolve_claim(ws, args.claim)
        if claim.anchor != "fuzzy" or claim.candidate is None:
            raise CliError(
                f"claim {claim.id} is {claim.anchor}, not fuzzy: there is no new text to accept"
            )
        start, end, _ = claim.candidate
        claim = ws.reattach_claim(claim.id, start, end)
    print(_claim_line(claim))
    return EXIT_OK
