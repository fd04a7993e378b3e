"""The analyst's commands: ``link`` and ``unlink`` (claims linked to claims), ``sources``
and ``source`` (reliability A to F), ``timeline`` (claims by event date) and ``overview``.

Each ``cmd_*`` takes the parsed arguments and returns the exit status. A bad
value (a relation, a grade, a claim, a source) is one line and exit 2, checked
before anything is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.cells import cell_len, set_cell_size

from briefing_tui.core.claims.vocabulary import (
    CREDIBILITY_MEANINGS,
    RELATIONS,
    RELIABILITY_MEANINGS,
    VocabularyError,
    check_credibility,
    check_event_date,
    check_reliability,
)
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.text.marks import in_quotation_marks
from briefing_tui.core.text.sanitize import clean_line

from ..core.analysis import (
    GRANULARITIES,
    AnalysisError,
    LinkResult,
    SourceInfo,
    Timeline,
    check_granularity,
)
from .common import (
    EXIT_ERROR,
    EXIT_NONE,
    EXIT_OK,
    CliError,
    Style,
    one_line,
    open_workspace,
    print_json,
    sync_library,
)

#: What ``--credibility`` and ``--event-date`` take to clear a value (``claim-edit``).
CLEAR = ("none", "")


def credibility_option(value: str | None, *, clearing: bool) -> int | None:
    """``--credibility N``: 1 to 6 (``none`` clears, with ``clearing``: 0); checked
    before anything is opened."""
    if value is None:
        return None
    if clearing and value.strip().lower() in CLEAR:
        return 0
    try:
        return check_credibility(value)
    except VocabularyError as error:
        raise CliError(str(error)) from error


def event_date_option(value: str | None, *, clearing: bool) -> str | None:
    """``--event-date D``: an ISO date (``none`` clears, with ``clearing``: "")."""
    if value is None:
        return None
    if clearing and value.strip().lower() in CLEAR:
        return ""
    try:
        return check_event_date(value)
    except VocabularyError as error:
        raise CliError(str(error)) from error


# -- link, unlink ----------------------------------------------------------------------


def _link_line(result: LinkResult) -> str:
    return f"{result.from_id} {result.relation}s {result.to_id}"


def cmd_link(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        try:
            result = ws.analysis.link(args.claim, args.relation, args.other)
        except (AnalysisError, VocabularyError) as error:
            raise CliError(str(error)) from error
    if result.added:
        print(f"linked: {_link_line(result)}")
    else:
        print(f"already linked: {_link_line(result)} (nothing changed)")
    return EXIT_OK


def cmd_unlink(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        try:
            result = ws.analysis.unlink(args.claim, args.relation, args.other)
        except (AnalysisError, VocabularyError) as error:
            raise CliError(str(error)) from error
    print(f"unlinked: {_link_line(result)}")
    return EXIT_OK


# -- sources, source --------------------------------------------------------------------------


def source_json(info: SourceInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "key": info.key,
        "briefings": info.briefings,
        "claims": info.claims,
        "reliability": info.reliability,
        "note": info.note,
        "updated": info.updated,
    }


def _cell(text: str, width: int) -> str:
    """``text`` on one line, cut with … or padded to ``width`` terminal cells (a wide
    character takes two: padded by characters, 日本語 pushed the counts out of line)."""
    flat = clean_line(text)
    if cell_len(flat) > width:
        flat = set_cell_size(flat, width - 1).rstrip() + "…"
    return set_cell_size(flat, width)


def _source_line(info: SourceInfo, width: int, style: Style) -> str:
    grade = info.reliability or "-"
    note = f"  {style.dim(one_line(info.note, 60))}" if info.note else ""
    counts = f"{info.briefings:>9}  {info.claims:>6}"  # under "briefings" and "claims"
    return f"  {grade}  {_cell(info.name, width)}  {counts}{note}"


def cmd_sources(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, reading=True)
        sources = ws.analysis.sources()
    if args.json:
        print_json([source_json(info) for info in sources])
        return EXIT_OK
    if not sources:
        print("No briefing names a source (front matter `source:`).", file=sys.stderr)
        return EXIT_OK
    style = Style(sys.stdout)
    width = max(min(max(cell_len(clean_line(info.name)) for info in sources), 40), 6)
    print(style.bold(f"  R  {'source':<{width}}  briefings  claims"))
    for info in sources:
        print(_source_line(info, width, style))
    rated = sum(1 for info in sources if info.reliability)
    print(
        style.dim(
            f"{len(sources)} source(s), {rated} rated; `briefing source NAME "
            "--reliability B` rates one"
        ),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_source(args: argparse.Namespace) -> int:
    reliability = args.reliability
    if reliability is not None and reliability.strip().lower() in CLEAR:
        reliability = ""
    elif reliability is not None:
        try:
            reliability = check_reliability(reliability)
        except VocabularyError as error:
            raise CliError(str(error)) from error
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, reading=reliability is None and args.note is None)
        try:
            if reliability is None and args.note is None:
                info = ws.analysis.source(args.name)
            else:
                info = ws.analysis.rate_source(args.name, reliability=reliability, note=args.note)
        except (AnalysisError, VocabularyError) as error:
            raise CliError(str(error)) from error
    if args.json:
        print_json(source_json(info))
        return EXIT_OK
    grade = info.reliability
    said = f"{grade} ({RELIABILITY_MEANINGS[grade]})" if grade else "not rated"
    print(f"{clean_line(info.name)}: {said}; {info.briefings} briefing(s), {info.claims} claim(s)")
    if info.note:
        print(f"  note: {one_line(info.note, 200)}")
    return EXIT_OK


# -- timeline ----------------------------------------------------------------------------------


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    def entry_json(entry: Any) -> dict[str, Any]:
        claim, record = entry.claim, entry.record
        return {
            "claim_id": claim.id,
            "doc_id": claim.doc_id,
            "title": record.title if record else "",
            "source": record.source if record else None,
            "quote": claim.quote,
            "status": claim.status,
            "anchor": claim.anchor,
            "day": entry.day,
            "placed_by": entry.placed_by,
            "event_date": claim.event_date,
            "credibility": claim.credibility,
            "reliability": entry.reliability,
            "rating": entry.rating,
        }

    return {
        "by": timeline.by,
        "groups": [
            {
                "key": group.key,
                "label": group.label,
                "start": group.start,
                "end": group.end,
                "claims": [entry_json(entry) for entry in group.entries],
            }
            for group in timeline.groups
        ],
        "undated": [entry_json(entry) for entry in timeline.undated],
    }


def cmd_timeline(args: argparse.Namespace) -> int:
    try:
        by = check_granularity(args.by)
    except ValueError as error:
        raise CliError(str(error)) from error
    from ..core.exchange import select_named

    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, reading=True)
        try:  # as `briefing claims QUERY|DOC` selects: a lone DOC is one briefing
            selection = select_named(ws, args.query, Path.cwd())
        except QueryError as error:
            print(f"briefing: bad query: {clean_line(str(error))}", file=sys.stderr)
            return EXIT_ERROR
        timeline = ws.analysis.timeline_of(selection.chosen, by)
    if args.json:
        print_json(timeline_json(timeline))
        return EXIT_OK if timeline.total else EXIT_NONE
    if not timeline.total:
        print(selection.nothing(), file=sys.stderr)
        return EXIT_NONE
    style = Style(sys.stdout)
    for number, group in enumerate(timeline.groups):
        if number:
            print()
        print(style.bold(group.label))
        for entry in group.entries:
            print(_timeline_line(entry, style))
    if timeline.undated:
        print()
        print(style.bold("Undated"))
        for entry in timeline.undated:
            print(_timeline_line(entry, style))
    print(
        style.dim(
            f"{timeline.total} claim(s); a day marked * is the briefing's date (the "
            "claim has no event date)"
        ),
        file=sys.stderr,
    )
    return EXIT_OK


def _timeline_line(entry: Any, style: Style) -> str:
    day = entry.day or "          "
    mark = "*" if entry.placed_by == "briefing" else " "
    rating = f" {entry.rating}" if entry.rating else ""
    flags = (
        entry.claim.status
        + rating
        + (f" {entry.claim.anchor}" if entry.claim.anchor != "exact" else "")
    )
    quote = in_quotation_marks(one_line(entry.claim.quote, 100))
    return f"  {day}{mark} {entry.claim.id}  {style.bold(flags)}  {quote}"


# -- overview -----------------------------------------------------------------------------------


def cmd_overview(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, reading=True)
        overview = ws.analysis.overview()
    if args.json:
        print_json(
            {
                "briefings": overview.briefings,
                "claims": overview.claims,
                "weeks": [{"start": w.start, "briefings": w.briefings} for w in overview.weeks],
                "earlier": overview.earlier,
                "undated": overview.undated,
                "later": overview.later,
                "after": overview.after,
                "by_status": overview.by_status,
                "by_rating": dict(overview.by_rating),
                "top_sources": [source_json(info) for info in overview.top_sources],
                "top_tags": dict(overview.top_tags),
                "review": overview.review,
                "links": overview.links,
            }
        )
        return EXIT_OK
    style = Style(sys.stdout)
    span = f"{overview.weeks[0].start} to {overview.weeks[-1].start}" if overview.weeks else "-"
    # As the app's overview says them: else those before the span, those dated far
    # ahead (9999-12-31, a "no date" placeholder) and the undated were left out unsaid.
    more = f" ({overview.apart})" if overview.apart else ""
    print(f"{overview.briefings} briefing(s), {overview.claims} claim(s); weeks {span}{more}")
    busiest = max(overview.per_week, default=0)
    print(f"  busiest week: {busiest} briefing(s)")
    sections = [
        ("Claims by status", list(overview.by_status.items())),
        ("Claims by rating", overview.by_rating),
        (
            "Top sources",
            [(f"{i.name} ({i.reliability or '-'})", i.briefings) for i in overview.top_sources],
        ),
        ("Top tags", overview.top_tags),
        ("Review", list(overview.review.items())),
        ("Links", list(overview.links.items())),
    ]
    for title, pairs in sections:
        print()
        print(style.bold(title))
        for name, count in pairs:
            print(f"  {count:>6}  {clean_line(str(name))}")
    return EXIT_OK


# -- the parsers -------------------------------------------------------------------------------


def add_parsers(add: Any, common: argparse.ArgumentParser) -> None:
    """``link``, ``unlink``, ``sources``, ``source``, ``timeline``, ``overview``."""
    relations = ", ".join(RELATIONS)
    for name, handler, verb in (
        ("link", cmd_link, "link"),
        ("unlink", cmd_unlink, "remove the link of"),
    ):
        sub = add(name, handler, f"{verb} two claims: CLAIM RELATION CLAIM ({relations})")
        sub.description = (
            f"{verb.capitalize()} CLAIM to OTHER: CLAIM supports, contradicts, repeats (the same "
            "claim, another source) or cites (quotes) OTHER. From OTHER the link reads "
            "supported by, contradicted by, repeated by, cited by. contradict and repeat read "
            "the same both ways (one link per pair). CLAIM and OTHER are ids or unique "
            "prefixes (4+ characters)."
        )
        sub.add_argument("claim", metavar="CLAIM")
        sub.add_argument("relation", metavar="RELATION", help=relations)
        sub.add_argument("other", metavar="OTHER")

    sub = add("sources", cmd_sources, "every source with its briefings, claims and reliability")
    sub.add_argument("--json", action="store_true", help="print the sources as a JSON list")

    grades = "; ".join(f"{g} {meaning}" for g, meaning in RELIABILITY_MEANINGS.items())
    sub = add("source", cmd_source, "show or rate a source's reliability (A to F)")
    sub.description = (
        f"Show a source, or rate its reliability: {grades}. NAME is the front matter's "
        "source, in any case and spacing. A claim's credibility is rated with "
        "`briefing claim-edit CLAIM --credibility N` ("
        + "; ".join(f"{n} {meaning}" for n, meaning in CREDIBILITY_MEANINGS.items())
        + ")."
    )
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--reliability", metavar="R", help="A to F (none clears it)")
    sub.add_argument("--note", metavar="N", help="a note on the rating ('' clears it)")
    sub.add_argument("--json", action="store_true", help="print the source as JSON")

    sub = add(
        "timeline",
        cmd_timeline,
        "claims by the date of the event they report (else their briefing's date)",
    )
    sub.description = (
        "List the claims QUERY selects, or those of the one briefing a lone DOC names (as "
        "`briefing claims QUERY|DOC`), on a time line: each on "
        "its event date (`--event-date` on annotate and claim-edit), else on its briefing's "
        "date (marked *), grouped by day, week or month. Exit 0 with claims, 1 with none, "
        "2 on a bad query."
    )
    sub.add_argument("query", nargs="*", help="a query (see the README for the syntax)")
    sub.add_argument(
        "--by", default="month", metavar="|".join(GRANULARITIES), help="group by (month)"
    )
    sub.add_argument("--json", action="store_true", help="print the timeline as JSON")

    sub = add("overview", cmd_overview, "the library at a glance: weeks, claims, sources, tags")
    sub.add_argument("--json", action="store_true", help="print the overview as JSON")
