"""The library commands: index, search, list, show, tag, tags, doctor, and the app.

Each ``cmd_*`` takes the parsed arguments and returns the exit status. The
bare ``briefing`` runs ``cmd_tui``, the only one that imports Textual (there,
when it runs).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.search.tag_hints import unknown_tag_note
from briefing_tui.core.tags import normalize_tag
from briefing_tui.core.text.sanitize import clean_line, clean_text

from ..core.changes import ForkedCheck
from ..core.dates import short_date
from ..core.paths import LibraryMissing, resolve_paths
from ..core.search import Hit, SearchResults
from ..core.store import DocumentRecord
from ..core.stream import Facets, StreamSnapshot
from ..core.sync import SyncReport
from .common import (
    EXIT_ERROR,
    EXIT_NONE,
    EXIT_OK,
    CliError,
    ProgressBar,
    Style,
    answer_synced,
    check_tags,
    emphasise,
    open_workspace,
    parse_size,
    print_json,
    sync_library,
)
from .stream import print_facets, state_json, state_words, unread_only


def _reanchored_json(report: SyncReport) -> dict[str, int]:
    return {state: report.reanchored.get(state, 0) for state in ("moved", "fuzzy", "orphaned")}


def cmd_index(args: argparse.Namespace) -> int:
    from .read_only import DataReadOnly, sync_unless_read_only

    with open_workspace(args) as ws:
        bar = ProgressBar()
        try:
            rebuild = bool(args.rebuild)
            report = sync_unless_read_only(
                ws, lambda: ws.sync(rebuild=rebuild, progress=bar), None, False, rebuild
            )
        except DataReadOnly as error:  # (it said "permission denied" on the build's lock)
            raise CliError(str(error)) from error
        finally:
            bar.close()
        for notice in ws.notices:
            print(f"briefing: {clean_text(notice.message)}", file=sys.stderr)
        ws.notices.clear()  # said: not again when the workspace closes
        if args.json:
            print_json(
                {
                    "added": report.added,
                    "updated": report.updated,
                    "renamed": [list(pair) for pair in report.renamed],
                    "removed": report.removed,
                    "unchanged": report.unchanged,
                    "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
                    "problems": report.problems,
                    "rebuilt": report.rebuilt,
                    "reanchored": _reanchored_json(report),
                    "elapsed": round(report.elapsed, 3),
                }
            )
            return EXIT_OK
        if report.rebuilt:
            print(f"Built the index ({report.rebuilt}).")
        print(report.summary())
        for old, new in report.renamed:
            print(f"  renamed  {old} → {new}")
        for skipped in report.skipped:
            print(f"  skipped  {skipped.path}: {skipped.reason}")
        for path, problems in sorted(report.problems.items()):
            for problem in problems:
                print(f"  problem  {path}: {problem}")
        if report.reanchored.get("fuzzy") or report.reanchored.get("orphaned"):
            print("  review   `briefing review` lists the fuzzy and orphaned claims")
    return EXIT_OK


def _hit_json(hit: Hit, snapshot: StreamSnapshot) -> dict[str, Any]:
    return {
        "id": hit.id,
        "path": hit.path,
        "title": hit.title,
        "date": hit.date.isoformat() if hit.date else None,
        "source": hit.source or None,
        "tags": hit.tags,
        "score": hit.score,
        "snippet": hit.snippet.text if hit.snippet else "",
        "matches": [list(m) for m in hit.snippet.matches] if hit.snippet else [],
        "text_matches": [list(m) for m in hit.snippet.text_matches] if hit.snippet else [],
        **state_json(snapshot, hit.id),
    }


def cmd_search(args: argparse.Namespace) -> int:
    # The sync's stat pass starts first, in a child process, and runs while the
    # workspace opens and searches (see answer_synced).
    paths = resolve_paths(args.content, args.data)
    forked = ForkedCheck.for_library(paths.content, paths.store_file, args.max_bytes)
    try:
        return _search(args, forked)
    finally:
        if forked is not None:
            forked.close()


def _search(args: argparse.Namespace, forked: ForkedCheck | None) -> int:
    with open_workspace(args) as ws:

        def answer() -> tuple[str, Facets | SearchResults]:
            text = ws.stream.expand(" ".join(args.query))  # @NAME: a saved search
            if args.unread:
                text = unread_only(text)
            if args.facets:
                return text, ws.stream.facets_for(text)
            return text, ws.search(text, sort=args.sort, limit=args.limit, all_ids=False)

        try:
            text, found = answer_synced(ws, answer, forked)
        except QueryError as error:
            print(f"briefing: bad query: {clean_line(str(error))}", file=sys.stderr)
            return EXIT_ERROR
        snapshot = ws.stream.snapshot()
        empty = isinstance(found, SearchResults) and not found.hits
        note = unknown_tag_note(text, (tag for tag, _ in ws.store.tag_counts())) if empty else ""
        if empty and not note and not args.json:  # the words typed, as the library spells them
            with contextlib.suppress(Exception):  # a nicety: "none found" stays exit 1
                fixed = ws.did_you_mean(" ".join(args.query))
                note = f" Did you mean “{fixed}”?" if fixed else ""
    if isinstance(found, Facets):
        if args.json:
            print_json({"query": text, **found.as_json()})
        else:
            print_facets(found, Style(sys.stdout))
        return EXIT_OK if found.total else EXIT_NONE
    results = found
    if args.json:
        print_json([_hit_json(hit, snapshot) for hit in results.hits])
        if results.total > len(results.hits):  # a script could not tell the list was cut
            shown = len(results.hits)
            print(f"{results.total} briefing(s) match (showing {shown}; --limit N for more)",
                  file=sys.stderr)  # fmt: skip
        return EXIT_OK if results.hits else EXIT_NONE
    style = Style(sys.stdout)
    if not results.hits:
        print(f"No briefings match.{note}", file=sys.stderr)
        return EXIT_NONE
    for hit in results.hits:
        state = state_words(snapshot, hit.id)
        meta = "  ".join(x for x in (short_date(hit.date), hit.source, hit.path, state) if x)
        print(style.bold(hit.title))
        print("  " + style.dim(meta))
        if hit.tags:
            print("  " + style.dim("tags: " + ", ".join(hit.tags)))
        if hit.snippet and hit.snippet.text:
            print("  " + emphasise(hit.snippet, style))
        print()
    shown = len(results.hits)
    more = f" (showing {shown}; --limit N for more)" if results.total > shown else ""
    print(style.dim(f"{results.total} briefing(s) match{more}"), file=sys.stderr)
    return EXIT_OK


def _record_json(record: DocumentRecord, snapshot: StreamSnapshot) -> dict[str, Any]:
    return {
        "id": record.id,
        "path": record.path,
        "title": record.title,
        "date": record.date,
        "date_inferred": record.date_inferred,
        "source": record.source,
        "url": record.url,
        "tags": record.tags,
        "problems": record.problems,
        **state_json(snapshot, record.id),
    }


def cmd_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        sync_library(ws, quiet=args.json, reading=True)
        records = ws.store.list_documents(args.sort)
        snapshot = ws.stream.snapshot()
    if args.unread:
        records = [record for record in records if record.id not in snapshot.read]
    if args.json:
        print_json([_record_json(record, snapshot) for record in records])
        return EXIT_OK
    if not records and not args.unread:
        _say_why_empty(ws.root)
    style = Style(sys.stdout)
    for record in records:
        tags = f"  [{', '.join(record.tags)}]" if record.tags else ""
        state = state_words(snapshot, record.id)
        # The day, as the app's list shows it: a date inferred from the file's time
        # ("2026-12-07T03:49") pushed its title out of the column.
        day = short_date(record.date)[:10]
        print(f"{day:<10}  {style.bold(record.title)}{style.dim(tags)}")
        print(f"            {style.dim(record.path or '')}" + (f"  {state}" if state else ""))
    return EXIT_OK


def _say_why_empty(root: Path) -> None:
    """An empty library's line on stderr: what it holds that an import would read."""
    from briefing_tui.core.briefings.strays import empty_library_hint

    hint = empty_library_hint(root)
    print(f"The library is empty{f': {hint}' if hint else '.'}", file=sys.stderr)


def cmd_show(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, reading=True)
        record = ws.resolve(args.doc)
        briefing = ws.read(record)
    if not isinstance(briefing, Briefing):
        raise CliError(f"{briefing.path}: {briefing.reason}")
    style = Style(sys.stdout)
    header = [
        ("Title", briefing.title),
        (
            "Date",
            short_date(briefing.date)
            + (" (inferred from the file)" if briefing.date_inferred else ""),
        ),
        ("Source", briefing.source),
        ("URL", briefing.url),
        ("Tags", ", ".join(record.tags)),
        ("Path", briefing.path),
        ("Id", record.id),
    ]
    for name, value in header:
        if value:
            print(f"{style.bold(name + ':'):<8} {value}")
    for problem in briefing.problems:
        print(f"{style.bold('Problem:')} {problem}")
    print()
    print(briefing.plain_text)
    return EXIT_OK


#: Options that may follow the tag changes, which ``REMAINDER`` would swallow.
_TRAILING_OPTIONS = {"--content": "content", "--data": "data", "--max-size": "max_bytes"}


def _trailing_options(args: argparse.Namespace, changes: list[str]) -> list[str]:
    """Take ``--content DIR`` etc. out of the tag changes, as after any other command.

    A ``-tag`` (one dash) stays a tag to remove; only the common long options
    are taken, so ``briefing tag DOC -todo --content DIR`` does what it says.
    """
    kept: list[str] = []
    index = 0
    while index < len(changes):
        item = changes[index]
        name, equals, value = item.partition("=")
        if item == "--debug":
            args.debug = True
        elif name in _TRAILING_OPTIONS and (equals or index + 1 < len(changes)):
            if not equals:
                index += 1
                value = changes[index]
            dest = _TRAILING_OPTIONS[name]
            setattr(args, dest, parse_size(value) if dest == "max_bytes" else value)
        else:
            kept.append(item)
        index += 1
    return kept


#: What ``briefing tag --query Q`` puts where DOC goes (see ``main._tag_query_first``):
#: a NUL can't be in a real argument, so no DOC is ever taken for it.
QUERY_MARK = "\x00--query"


def cmd_tag(args: argparse.Namespace) -> int:
    add: list[str] = []
    remove: list[str] = []
    changes = _trailing_options(args, list(args.changes))
    query = getattr(args, "query", None)
    if query is not None and args.doc != QUERY_MARK:
        changes.insert(0, args.doc)  # ``briefing tag +x --query Q``: DOC took a change
    for change in changes:
        if change.startswith("+") and len(change) > 1:
            add.append(change[1:])
        elif change.startswith("-") and len(change) > 1:
            remove.append(change[1:])
        elif query is not None:
            raise CliError(f"{change!r}: with --query, give only +TAG and -TAG (no DOC)")
        else:
            raise CliError(f"{change!r}: write +TAG to add a tag or -TAG to remove one")
    if not add and not remove:
        raise CliError("nothing to change: give +TAG or -TAG")
    check_tags(add)
    check_tags([tag for tag in remove if not normalize_tag(tag)])  # "-," removed nothing
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True)
        if query is not None:
            try:
                result = ws.stream.tag_matching(query, add, remove)
            except QueryError as error:
                print(f"briefing: bad query: {clean_line(str(error))}", file=sys.stderr)
                return EXIT_ERROR
            said = " ".join([*(f"+{t}" for t in add), *(f"-{t}" for t in remove)])
            print(f"{result.matched} briefing(s) match; {result.changed} changed ({said})")
            return EXIT_OK
        record = ws.resolve(args.doc)
        tags = ws.change_tags(record, add, remove)
    print(f"{record.title}: {', '.join(tags) if tags else '(no tags)'}")
    return EXIT_OK


def cmd_tags(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, reading=True)
        counts = ws.store.tag_counts()
        by_claims = ws.claims.tag_counts()
    claim_counts = sorted(by_claims.items(), key=lambda item: (-item[1], item[0]))
    if args.json:
        print_json([{"tag": tag, "count": count} for tag, count in counts])
        return EXIT_OK
    for tag, count in counts:
        print(f"{count:>6}  {tag}")
    if claim_counts:
        # ``tag:`` finds briefings by their claims' tags too: listed apart (a
        # rename here or in the app's f4 changes briefing tags, in their files).
        print("Claim tags (claims):" if counts else "No briefing tags. Claim tags (claims):")
        for tag, count in claim_counts:
            print(f"{count:>6}  {tag}")
    elif not counts:
        print(
            "No tags yet: a briefing's front matter (tags: [a, b]), `briefing tag DOC +TAG`"
            " or t in the app tags one.",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from briefing_tui.core.search.index import IndexProblem, duplicated_ids, open_index

    healthy = True
    with open_workspace(args) as ws:
        print(f"Library: {ws.root}")
        from .read_only import cannot_write

        marked = (
            "  (read-only: read as last synced; nothing can be saved)" if cannot_write(ws) else ""
        )
        print(f"Data:    {ws.paths.library_data}{marked}")
        problems = ws.store.integrity_report()
        if problems:
            healthy = False
            print(f"Store:   DAMAGED ({'; '.join(problems[:3])}) — restore a backup")
        else:
            print(f"Store:   ok ({ws.store.count()} briefings)")
        try:
            ix = open_index(ws.paths.index_dir)
            with ix.searcher() as searcher:
                count = searcher.doc_count()
            duplicates = duplicated_ids(ix)
            ix.close()
            stored = ws.store.count()
            if duplicates:
                healthy = False
                print(
                    f"Index:   {duplicates} briefing(s) indexed more than once; "
                    "run `briefing index --rebuild` to rebuild it"
                )
            elif count == stored:
                print(f"Index:   ok ({count} briefings)")
            else:
                healthy = False
                print(
                    f"Index:   out of date ({count} indexed, {stored} known); "
                    "run `briefing index` to update"
                )
        except IndexProblem as problem:
            healthy = False
            print(f"Index:   {problem}; `briefing index --rebuild` rebuilds it")
        skipped = ws.store.skipped()
        if skipped:
            print(f"Skipped: {len(skipped)} file(s)")
            for path, reason in skipped:
                print(f"  {path}: {reason}")
        review = Counter(claim.anchor for claim in ws.claims.needing_review())
        if review:  # an edit moved or lost their passages (f3 in the app reviews them)
            states = ", ".join(f"{review[state]} {state}" for state in ("fuzzy", "orphaned"))
            count = sum(review.values())
            print(f"Claims:  {count} need review ({states}); `briefing review` lists them")
        from briefing_tui.core.store.moved import moved_notice

        if said := moved_notice(ws.paths):  # a moved library: its work is at its old path
            print(f"Moved:   {said}")
        if not ws.store.count():
            from briefing_tui.core.briefings.strays import empty_library_hint

            if hint := empty_library_hint(ws.root):
                print(f"Empty:   {hint}")
        flagged = [r for r in ws.store.list_documents() if r.problems]
        if flagged:
            print(f"Problems: {len(flagged)} briefing(s)")
            for record in flagged:
                for said in record.problems:
                    print(f"  {record.path}: {said}")
    return EXIT_OK if healthy else EXIT_NONE


def cmd_tui(args: argparse.Namespace) -> int:
    from ..tui.app import run_app

    # Started with its output to a file or a pipe (`briefing > out`, from a script),
    # the app wrote its escape sequences there and waited for keys forever.
    not_terminal = [name for name in ("stdin", "stdout") if not getattr(sys, name).isatty()]
    if not_terminal:
        raise CliError(
            f"the app needs a terminal, and {' and '.join(not_terminal)} "
            f"{'is not one' if len(not_terminal) == 1 else 'are not'}: "
            "in a script use a command (`briefing search`, `briefing list`; see `briefing --help`)"
        )
    try:
        paths = resolve_paths(args.content, args.data)
    except LibraryMissing as missing:
        # A first start with no library named: offer the default folder
        # rather than stop (a script, without a terminal, gets the message).
        if not (missing.default and sys.stdin.isatty() and sys.stdout.isatty()):
            raise
        folder = clean_line(str(missing.folder))
        answer = input(f"No library yet. Create {folder} and open it? [Y/n] ")
        if answer.strip().lower() not in ("", "y", "yes"):
            print(f"Nothing created. {missing}", file=sys.stderr)
            return EXIT_ERROR
        missing.folder.mkdir(parents=True, exist_ok=True)
        print(f"Created {folder}: put briefings (Markdown files) in it.")
        paths = resolve_paths(args.content, args.data)
    return run_app(paths, max_bytes=args.max_bytes, follow_folder=not args.no_watch)
