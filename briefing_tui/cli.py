"""The ``briefing`` command: thin subcommands over the core, for people and scripts.

Errors are one line on stderr with exit status 2 (``--debug`` shows the
traceback). ``briefing search`` exits 0 with hits, 1 with none, 2 on a bad
query, and so does ``briefing claims``. The claim commands sync the library
first, so claims are re-anchored to the files as they are now. Nothing here
imports Textual except the bare ``briefing`` that opens the TUI.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .core.claims import STATUSES, Claim
from .core.documents import Briefing
from .core.frontmatter import normalize_tag
from .core.index import IndexBusy
from .core.paths import LibraryMissing, PathsError, resolve_paths
from .core.query import QueryError
from .core.sanitize import clean_line, clean_text
from .core.search import SORTS, Hit, Snippet
from .core.store import DocumentRecord, StoreError
from .core.sync import SyncReport
from .core.workspace import DocumentNotFound, QuoteNotFound, Workspace

EXIT_OK, EXIT_NONE, EXIT_ERROR = 0, 1, 2


class CliError(Exception):
    """An error reported as one line, exit status 2."""


# -- output helpers ----------------------------------------------------------------


class Style:
    """ANSI emphasis when writing to a terminal, nothing otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.on = stream.isatty() and os.environ.get("NO_COLOR") is None

    def wrap(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text

    def bold(self, text: str) -> str:
        return self.wrap(text, "1")

    def dim(self, text: str) -> str:
        return self.wrap(text, "2")

    def match(self, text: str) -> str:
        return self.wrap(text, "1;33")


def emphasise(snippet: Snippet, style: Style, marker: Callable[[str], str] | None = None) -> str:
    mark = marker or style.match
    parts: list[str] = []
    position = 0
    for start, end in snippet.matches:
        parts.append(snippet.text[position:start])
        parts.append(mark(snippet.text[start:end]))
        position = end
    parts.append(snippet.text[position:])
    return "".join(parts)


class ProgressBar:
    """A one-line progress bar on stderr when it is a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        # Looked up when made, not when this module was imported: stderr may
        # have been replaced since (a test's capture, a redirected logger).
        self.stream = stream if stream is not None else sys.stderr
        self.active = self.stream.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.active or total < 20:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(f"\rindexing {bar} {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _date(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text[:16]


# -- commands ----------------------------------------------------------------------


@contextlib.contextmanager
def _workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The workspace for one command; what it still has to say is said at the end
    (a write saved while the index could not follow, say)."""
    paths = resolve_paths(args.content, args.data)
    with Workspace(paths, max_bytes=args.max_bytes) as ws:
        try:
            yield ws
        finally:
            for notice in ws.notices:
                print(f"briefing: {clean_text(notice.message)}", file=sys.stderr)
            ws.notices.clear()


def _sync(ws: Workspace, quiet: bool = False, review_notice: bool = True) -> SyncReport:
    # A full build takes a while even for commands that are otherwise quiet:
    # say so, and show progress on a terminal, rather than seem to hang.
    building = ws.needs_full_build
    if building:
        for notice in ws.notices:
            print(f"briefing: {notice.message}", file=sys.stderr)
        ws.notices.clear()
        if sys.stderr.isatty():
            print("briefing: building the search index…", file=sys.stderr)
    bar = ProgressBar() if not quiet or building else None
    try:
        report = ws.sync(progress=bar)
    finally:
        if bar is not None:
            bar.close()
    for notice in ws.notices:
        print(f"briefing: {notice.message}", file=sys.stderr)
    ws.notices.clear()
    detached = report.reanchored.get("fuzzy", 0) + report.reanchored.get("orphaned", 0)
    if detached and review_notice:
        # The edit that detached them was seen by this command's sync, so
        # ``briefing index`` will not report it again: say it here.
        print(
            f"briefing: {detached} claim(s) no longer match their passage exactly "
            "(fuzzy or orphaned); `briefing review` lists them",
            file=sys.stderr,
        )
    return report


def _reanchored_json(report: SyncReport) -> dict[str, int]:
    return {state: report.reanchored.get(state, 0) for state in ("moved", "fuzzy", "orphaned")}


def cmd_index(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        bar = ProgressBar()
        try:
            report = ws.sync(rebuild=args.rebuild, progress=bar)
        finally:
            bar.close()
        for notice in ws.notices:
            print(f"briefing: {notice.message}", file=sys.stderr)
        if args.json:
            _json(
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


def _hit_json(hit: Hit) -> dict[str, Any]:
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
    }


def cmd_search(args: argparse.Namespace) -> int:
    text = " ".join(args.query)
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        try:
            results = ws.search(text, sort=args.sort, limit=args.limit, all_ids=False)
        except QueryError as error:
            print(f"briefing: bad query: {error}", file=sys.stderr)
            return EXIT_ERROR
    if args.json:
        _json([_hit_json(hit) for hit in results.hits])
        return EXIT_OK if results.hits else EXIT_NONE
    style = Style(sys.stdout)
    if not results.hits:
        print("No briefings match.", file=sys.stderr)
        return EXIT_NONE
    for hit in results.hits:
        meta = "  ".join(x for x in (_date(hit.date), hit.source, hit.path) if x)
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


def _record_json(record: DocumentRecord) -> dict[str, Any]:
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
    }


def cmd_list(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        _sync(ws, quiet=args.json)
        records = ws.store.list_documents(args.sort)
    if args.json:
        _json([_record_json(record) for record in records])
        return EXIT_OK
    style = Style(sys.stdout)
    for record in records:
        tags = f"  [{', '.join(record.tags)}]" if record.tags else ""
        print(f"{_date(record.date):<10}  {style.bold(record.title)}{style.dim(tags)}")
        print(f"            {style.dim(record.path or '')}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        record = ws.resolve(args.doc)
        briefing = ws.read(record)
    if not isinstance(briefing, Briefing):
        raise CliError(f"{briefing.path}: {briefing.reason}")
    style = Style(sys.stdout)
    header = [
        ("Title", briefing.title),
        (
            "Date",
            _date(briefing.date) + (" (inferred from the file)" if briefing.date_inferred else ""),
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
            setattr(args, dest, _size(value) if dest == "max_bytes" else value)
        else:
            kept.append(item)
        index += 1
    return kept


def cmd_tag(args: argparse.Namespace) -> int:
    add: list[str] = []
    remove: list[str] = []
    for change in _trailing_options(args, list(args.changes)):
        if change.startswith("+") and len(change) > 1:
            add.append(change[1:])
        elif change.startswith("-") and len(change) > 1:
            remove.append(change[1:])
        else:
            raise CliError(f"{change!r}: write +TAG to add a tag or -TAG to remove one")
    if not add and not remove:
        raise CliError("nothing to change: give +TAG or -TAG")
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        record = ws.resolve(args.doc)
        tags = ws.change_tags(record, add, remove)
    print(f"{record.title}: {', '.join(tags) if tags else '(no tags)'}")
    return EXIT_OK


def cmd_tags(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        counts = ws.store.tag_counts()
    if args.json:
        _json([{"tag": tag, "count": count} for tag, count in counts])
        return EXIT_OK
    for tag, count in counts:
        print(f"{count:>6}  {tag}")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from .core.index import IndexProblem, duplicated_ids, open_index

    healthy = True
    with _workspace(args) as ws:
        print(f"Library: {ws.root}")
        print(f"Data:    {ws.paths.library_data}")
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
        flagged = [r for r in ws.store.list_documents() if r.problems]
        if flagged:
            print(f"Problems: {len(flagged)} briefing(s)")
            for record in flagged:
                for problem in record.problems:
                    print(f"  {record.path}: {problem}")
    return EXIT_OK if healthy else EXIT_NONE


def cmd_import(args: argparse.Namespace) -> int:
    from .core.importer import ImportOptions, import_files

    options = ImportOptions(args.title, args.date, args.source, args.url, list(args.tag or []))
    files = [Path(f) for f in args.files]
    if args.title and len(files) > 1:
        raise CliError("--title applies to one file; import the others separately")
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        folder = ws.root / args.into if args.into else ws.root
        if not folder.resolve().is_relative_to(ws.root):
            raise CliError(f"--into {args.into} is outside the library")
        try:
            report = import_files(
                files, folder, options, ws.store.body_hashes(), on_created=lambda p: print(p)
            )
        except ValueError as error:
            raise CliError(str(error)) from error
        if report.created:
            _sync(ws, quiet=True)
    for path, reason in report.skipped:
        print(f"briefing: skipped {path}: {reason}", file=sys.stderr)
    for path, reason in report.failed:
        print(f"briefing: could not import {path}: {reason}", file=sys.stderr)
    for path, reason in report.warnings:
        print(f"briefing: {path}: {clean_text(str(reason))}", file=sys.stderr)
    print(
        f"{len(report.created)} imported, {len(report.skipped)} skipped, "
        f"{len(report.failed)} failed",
        file=sys.stderr,
    )
    return EXIT_OK if not report.failed else EXIT_NONE


# -- claims ------------------------------------------------------------------------


def _one_line(text: str, limit: int) -> str:
    """``text`` on one line (whitespace runs collapsed, controls made visible), cut to ``limit``."""
    flat = clean_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _check_status(value: str | None) -> str | None:
    if value is None:
        return None
    status = value.strip().lower()
    if status not in STATUSES:
        raise CliError(f"status {value!r} is not one of {', '.join(STATUSES)}")
    return status


def _claim_json(claim: Claim, record: DocumentRecord | None) -> dict[str, Any]:
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
    }


def _briefing_heading(record: DocumentRecord | None, doc_id: str, style: Style) -> str:
    if record is None:
        return style.bold(f"(unknown briefing {doc_id})")
    where = record.path if record.path else "(its file is gone from the library)"
    return f"{style.bold(clean_line(record.title))}  {style.dim(where)}"


def _print_claims(
    chosen: list[tuple[Claim, DocumentRecord | None]],
    style: Style,
    details: Callable[[Claim, DocumentRecord | None], list[str]],
) -> None:
    current: str | None = None
    for claim, record in chosen:
        if claim.doc_id != current:
            if current is not None:
                print()
            current = claim.doc_id
            print(_briefing_heading(record, claim.doc_id, style))
        flags = [claim.status]
        if claim.anchor != "exact":
            flags.append(claim.anchor)
        tags = f"  [{', '.join(claim.tags)}]" if claim.tags else ""
        print(f"  {claim.id}  {style.bold(' '.join(flags))}{style.dim(tags)}")
        for line in details(claim, record):
            print(f"    {line}")


def cmd_annotate(args: argparse.Namespace) -> int:
    status = _check_status(args.status) or "open"
    if args.occurrence is not None and args.occurrence < 1:
        raise CliError(f"--occurrence {args.occurrence}: count occurrences from 1")
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        record = ws.resolve(args.doc)
        try:
            claim = ws.annotate(
                record,
                args.quote,
                occurrence=args.occurrence,
                note=args.note or "",
                tags=list(args.tag or []),
                status=status,
            )
        except QuoteNotFound as error:
            raise CliError(str(error)) from error
    print(claim.id)
    return EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    from .core.exchange import select_claims

    text = " ".join(args.query)
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        try:
            chosen = select_claims(ws, text)
        except QueryError as error:
            print(f"briefing: bad query: {error}", file=sys.stderr)
            return EXIT_ERROR
    if args.json:
        _json([_claim_json(claim, record) for claim, record in chosen])
        return EXIT_OK if chosen else EXIT_NONE
    if not chosen:
        print("No claims match.", file=sys.stderr)
        return EXIT_NONE
    style = Style(sys.stdout)

    def details(claim: Claim, record: DocumentRecord | None) -> list[str]:
        lines = [f"“{_one_line(claim.quote, 160)}”"]
        if claim.note.strip():
            lines.append(style.dim("note: ") + _one_line(claim.note, 120))
        return lines

    _print_claims(chosen, style, details)
    briefings = len({claim.doc_id for claim, _ in chosen})
    print(style.dim(f"{len(chosen)} claim(s) in {briefings} briefing(s)"), file=sys.stderr)
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from .core.exchange import group_claims, records_for

    with _workspace(args) as ws:
        _sync(ws, quiet=True, review_notice=False)
        claims = ws.claims.needing_review()
        records = records_for(ws, {claim.doc_id for claim in claims})
    chosen = group_claims([(claim, records.get(claim.doc_id)) for claim in claims])
    if args.json:
        _json([_claim_json(claim, record) for claim, record in chosen])
        return EXIT_OK
    if not chosen:
        print("Nothing to review: every claim is attached to its passage.", file=sys.stderr)
        return EXIT_OK
    style = Style(sys.stdout)

    def details(claim: Claim, record: DocumentRecord | None) -> list[str]:
        lines = [style.dim("was: ") + f"“{_one_line(claim.quote, 160)}”"]
        if claim.anchor == "fuzzy" and claim.candidate is not None:
            lines.append(style.dim("now: ") + f"“{_one_line(claim.candidate[2], 160)}”")
        elif record is None or record.path is None:
            lines.append(style.dim("the briefing's file is gone from the library"))
        else:
            lines.append(style.dim("nothing close enough in the briefing's current text"))
        if claim.note.strip():
            lines.append(style.dim("note: ") + _one_line(claim.note, 120))
        return lines

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
    claim = ws.claims.get(ref)
    if claim is not None:
        return claim
    if len(ref) >= 4:
        pattern = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = ws.store.query(
            "SELECT id FROM claims WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (pattern,)
        )
        if len(rows) > 1:
            raise CliError(f"{ref!r} matches several claim ids; give more of it")
        if rows:
            found = ws.claims.get(rows[0][0])
            if found is not None:
                return found
    raise CliError(f"no claim with id {ref!r} (`briefing claims` lists them)")


def _claim_line(claim: Claim) -> str:
    tags = f"  [{', '.join(claim.tags)}]" if claim.tags else ""
    anchor = f" ({claim.anchor})" if claim.anchor != "exact" else ""
    return f"{claim.id}  {claim.status}{anchor}{tags}  “{_one_line(claim.quote, 60)}”"


def cmd_claim_edit(args: argparse.Namespace) -> int:
    status = _check_status(args.status)
    add = list(args.tag or [])
    remove = {normalize_tag(tag) for tag in args.untag or []}
    if args.note is None and status is None and not add and not remove:
        raise CliError("nothing to change: give --note, --tag, --untag or --status")
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        claim = _resolve_claim(ws, args.claim)
        tags = None
        if add or remove:
            tags = [tag for tag in [*claim.tags, *add] if normalize_tag(tag) not in remove]
        claim = ws.update_claim(claim.id, note=args.note, tags=tags, status=status)
    print(_claim_line(claim))
    return EXIT_OK


def cmd_claim_delete(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        claim = _resolve_claim(ws, args.claim)
        ws.delete_claim(claim.id)
    print(f"deleted {_claim_line(claim)}")
    return EXIT_OK


def cmd_claim_accept(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        _sync(ws, quiet=True, review_notice=False)
        claim = _resolve_claim(ws, args.claim)
        if claim.anchor != "fuzzy" or claim.candidate is None:
            raise CliError(
                f"claim {claim.id} is {claim.anchor}, not fuzzy: there is no new text to accept"
            )
        start, end, _ = claim.candidate
        claim = ws.reattach_claim(claim.id, start, end)
    print(_claim_line(claim))
    return EXIT_OK


# -- export, import, backup -----------------------------------------------------------


def _write_stdout(data: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    if buffer is None:  # stdout replaced by a text stream
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def cmd_export(args: argparse.Namespace) -> int:
    from .core.exchange import ExchangeError, export_claims, format_for_path, write_atomic

    fmt = args.format or (format_for_path(args.output) if args.output else None) or "md"
    text = " ".join(args.query)
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        try:
            export = export_claims(ws, fmt, text)
        except QueryError as error:
            print(f"briefing: bad query: {error}", file=sys.stderr)
            return EXIT_ERROR
    if not args.output:
        _write_stdout(export.data)
        return EXIT_OK
    try:
        path = write_atomic(args.output, export.data)
    except ExchangeError as error:
        raise CliError(str(error)) from error
    print(f"briefing: wrote {export.claims} claim(s) ({fmt}) to {path}", file=sys.stderr)
    return EXIT_OK


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from .core.exchange import ExchangeError, import_annotations, load_annotations

    try:
        incoming = load_annotations(args.file)  # checked whole before anything is written
    except ExchangeError as error:
        raise CliError(str(error)) from error
    with _workspace(args) as ws:
        _sync(ws, quiet=True)
        report = import_annotations(ws, incoming, dry_run=args.dry_run)
    if args.json:
        _json(report.as_json())
        return EXIT_OK
    print(report.summary())
    moved = {state: n for state, n in sorted(report.reanchored.items()) if n}
    if moved:
        print("  re-anchored  " + ", ".join(f"{n} {state}" for state, n in moved.items()))
    found = ", ".join(
        f"{report.documents[how]} {label}"
        for how, label in (
            ("id", "by id"),
            ("content_hash", "by content hash"),
            ("url", "by URL"),
            ("missing", "missing (kept without a file)"),
        )
        if report.documents.get(how)
    )
    if found:
        print(f"  briefings    {found}")
    for old, new in report.renamed:
        print(f"  identity     {old} → {new} (same content as in the file)")
    if report.newer_here:
        print(f"  kept         {len(report.newer_here)} claim(s) edited here after the export")
    if report.tags_restored or report.reading_restored:
        print(
            f"  restored     app tags of {report.tags_restored} briefing(s), reading state of "
            f"{report.reading_restored}"
        )
    if report.missing:
        print("  review       `briefing review` lists the orphaned claims")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from .core.backup import BackupError, backup_store, default_backup_path

    paths = resolve_paths(args.content, args.data)
    destination = Path(args.output) if args.output else default_backup_path(Path.cwd())
    try:
        report = backup_store(paths.store_file, destination)
    except BackupError as error:
        raise CliError(str(error)) from error
    facts = report.facts
    print(
        f"backed up {facts.documents} briefing(s) and {facts.claims} claim(s) to {report.path} "
        f"({report.size / 1024:.0f} KB); `briefing restore {report.path}` brings it back"
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .core.backup import BackupError, restore_store

    paths = resolve_paths(args.content, args.data)
    paths.ensure()
    try:
        report = restore_store(paths.store_file, Path(args.file))
    except BackupError as error:
        raise CliError(str(error)) from error
    facts = report.facts
    print(f"restored {facts.documents} briefing(s) and {facts.claims} claim(s) from {args.file}")
    if report.aside is not None:
        state = " (it could not be read)" if report.previous_damaged else ""
        print(f"the previous store{state} is kept at {report.aside}")
    try:
        with _workspace(args) as ws:
            bar = ProgressBar()
            try:
                synced = ws.sync(rebuild=True, progress=bar)
            finally:
                bar.close()
    except (IndexBusy, StoreError) as error:
        print(
            f"briefing: the store is restored but the search index is not rebuilt ({error}); "
            "run `briefing index --rebuild`",
            file=sys.stderr,
        )
        return EXIT_NONE
    print(f"rebuilt the search index: {synced.summary()}")
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    from .tui.app import run_app

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
    return run_app(paths, max_bytes=args.max_bytes)


# -- parsing -----------------------------------------------------------------------


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    """Options every command takes, before or after the command name.

    The copy given to subcommands suppresses its defaults, so an option
    given before the command is not reset by the subcommand's parser.
    """
    common = argparse.ArgumentParser(add_help=False)

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    common.add_argument(
        "--content",
        metavar="DIR",
        default=default(None),
        help="the library folder (env BRIEFING_CONTENT)",
    )
    common.add_argument(
        "--data",
        metavar="DIR",
        default=default(None),
        help="where the index and store live (env BRIEFING_DATA)",
    )
    common.add_argument(
        "--debug", action="store_true", default=default(False), help="show tracebacks on errors"
    )
    common.add_argument(
        "--max-size",
        dest="max_bytes",
        type=_size,
        default=default(5 * 1024 * 1024),
        metavar="MB",
        help="skip briefings larger than this many MB (default 5)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(suppress=True)
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Search, tag and read briefings. With no command, opens the app.",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"briefing-tui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = add("index", cmd_index, "sync the library into the search index")
    sub.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    sub.add_argument("--json", action="store_true", help="print the summary as JSON")

    sub = add(
        "search", cmd_search, "search the library (exit 0 with hits, 1 with none, 2 on a bad query)"
    )
    sub.add_argument("query", nargs="+", help="the query (see the README for the syntax)")
    sub.add_argument("--limit", type=int, default=10, metavar="N", help="hits to show (default 10)")
    sub.add_argument("--sort", choices=SORTS, default="relevance")
    sub.add_argument("--json", action="store_true", help="print hits as a JSON list")

    sub = add("list", cmd_list, "list every briefing, newest first")
    sub.add_argument("--sort", choices=("date", "title"), default="date")
    sub.add_argument("--json", action="store_true")

    sub = add("show", cmd_show, "print a briefing as plain text")
    sub.add_argument("doc", metavar="DOC", help="a document id or path")

    sub = add("tag", cmd_tag, "add (+TAG) and remove (-TAG) tags: briefing tag DOC +key -todo")
    sub.add_argument("doc", metavar="DOC")
    sub.add_argument("changes", nargs=argparse.REMAINDER, metavar="+TAG|-TAG")

    sub = add("tags", cmd_tags, "every tag with how many briefings carry it")
    sub.add_argument("--json", action="store_true")

    add("doctor", cmd_doctor, "check the store, the index and skipped files")

    sub = add("import", cmd_import, "turn text or Markdown articles into briefings in the library")
    sub.add_argument("files", nargs="+", metavar="FILE")
    sub.add_argument("--title")
    sub.add_argument("--date", help="ISO date, e.g. 2021-04-06")
    sub.add_argument("--source")
    sub.add_argument("--url")
    sub.add_argument("--tag", action="append", help="a tag (repeat for more)")
    sub.add_argument("--into", metavar="SUBDIR", help="a folder inside the library")

    statuses = ", ".join(STATUSES)
    sub = add(
        "annotate",
        cmd_annotate,
        "claim a passage of a briefing and print the new claim's id",
    )
    sub.description = (
        "Claim the passage of DOC that matches --quote and print the new claim's id "
        "(only the id). The quote is matched against the briefing's plain text "
        "(`briefing show DOC`), ignoring differences in whitespace. A quote that is "
        "not found, or found more than once without --occurrence, is an error (exit 2)."
    )
    sub.add_argument("doc", metavar="DOC", help="a document id or path")
    sub.add_argument("--quote", required=True, metavar="TEXT", help="the passage, as it reads")
    sub.add_argument("--note", metavar="N", help="what you think of it")
    sub.add_argument("--tag", action="append", metavar="T", help="a claim tag (repeat for more)")
    sub.add_argument("--status", metavar="S", help=f"one of {statuses} (default open)")
    sub.add_argument(
        "--occurrence",
        type=int,
        metavar="K",
        help="which occurrence of a quote found several times (1 is the first)",
    )

    sub = add("claims", cmd_claims, "list claims (exit 0 with some, 1 with none, 2 on a bad query)")
    sub.formatter_class = argparse.RawDescriptionHelpFormatter
    sub.description = (
        "List every claim, or the claims of the briefings QUERY selects (the search\n"
        "query language). Terms of the query that are about claims, status:S, tag:T\n"
        "and anchor:A (and NOT / OR groups of them) at its top level also filter the\n"
        "claims themselves:\n\n"
        "  briefing claims status:disputed        only the disputed claims\n"
        "  briefing claims sanctions status:key   the key claims of briefings on sanctions\n"
        "  briefing claims tag:follow-up          claims tagged follow-up, and every\n"
        "                                         claim of a briefing tagged follow-up\n"
        "  briefing claims anchor:orphaned        claims that lost their passage\n\n"
        "Other terms (words, claim:, note:, has:, date:...) select briefings only.\n"
        "A query made only of status:, tag: and anchor: terms is decided on the claims\n"
        "alone, so it finds claims whose briefing's file is gone too.\n"
        f"Statuses: {statuses}. Anchors: exact, moved, fuzzy, orphaned.\n"
        "Exit 0 with claims, 1 with none, 2 on a bad query."
    )
    sub.add_argument("query", nargs="*", help="a query (see the README for the syntax)")
    sub.add_argument("--json", action="store_true", help="print claims as a JSON list")

    sub = add(
        "review",
        cmd_review,
        "list the fuzzy and orphaned claims, with their old quote and the new candidate text",
    )
    sub.description = (
        "List the claims that no longer match their passage exactly: fuzzy ones (a close "
        "match was found; shows the old quote and the candidate text) and orphaned ones "
        "(nothing close enough, or the briefing's file is gone; shows the briefing's last "
        "known title). Exit 0."
    )
    sub.add_argument("--json", action="store_true", help="print the claims as a JSON list")

    sub = add("claim-edit", cmd_claim_edit, "change a claim's note, tags or status")
    sub.add_argument("claim", metavar="CLAIM", help="a claim id (or a unique prefix of it)")
    sub.add_argument("--note", metavar="N", help="the new note ('' clears it)")
    sub.add_argument("--tag", action="append", metavar="T", help="add a claim tag (repeat)")
    sub.add_argument("--untag", action="append", metavar="T", help="remove a claim tag (repeat)")
    sub.add_argument("--status", metavar="S", help=f"one of {statuses}")

    sub = add("claim-delete", cmd_claim_delete, "delete a claim")
    sub.add_argument("claim", metavar="CLAIM", help="a claim id (or a unique prefix of it)")

    sub = add(
        "claim-accept",
        cmd_claim_accept,
        "attach a fuzzy claim to the text it now matches (its candidate)",
    )
    sub.add_argument("claim", metavar="CLAIM", help="a claim id (or a unique prefix of it)")

    sub = add(
        "export",
        cmd_export,
        "write claims as a Markdown report, lossless JSON, CSV or W3C Web Annotations",
    )
    sub.formatter_class = argparse.RawDescriptionHelpFormatter
    sub.description = (
        "Write every claim, or those of the briefings QUERY selects (as in\n"
        "`briefing claims QUERY`: status:, tag: and anchor: filter claims too), to FILE\n"
        "(written whole or not at all) or to stdout.\n\n"
        "  md    a cited claims report: grouped by briefing, each claim a block quote\n"
        "        with status, tags, note and where it stands; orphaned ones apart\n"
        "  json  briefing-tui's lossless format (`briefing import-annotations` reads it)\n"
        "  csv   one row per claim, UTF-8 with a byte order mark\n"
        "  w3c   a W3C Web Annotation collection (JSON-LD)\n\n"
        "Without --format the extension of -o decides (.md .json .csv .jsonld), else md."
    )
    sub.add_argument("--format", choices=("md", "json", "csv", "w3c"), help="the format")
    sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default stdout)")
    sub.add_argument("query", nargs="*", help="a query (see the README for the syntax)")

    sub = add(
        "import-annotations",
        cmd_import_annotations,
        "bring back claims, app tags and reading state from a json (or w3c) export",
    )
    sub.description = (
        "Import a `briefing export --format json` file (or a W3C Web Annotation collection). "
        "The whole file is checked first: a file that is not valid is refused (exit 2) and "
        "nothing is written. Briefings are matched by id, then content hash, then URL; "
        "claims are re-anchored on the current text as a sync does; a claim whose briefing "
        "is not in the library is kept, orphaned. Importing the same file again adds nothing."
    )
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    sub.add_argument("--json", action="store_true", help="print the report as JSON")

    sub = add("backup", cmd_backup, "copy the store (claims, tags, reading state) to a file")
    sub.description = (
        "Write a consistent copy of the store, safe while the app is running. The default "
        "file is briefing-backup-YYYYMMDD-HHMMSS.sqlite3 in the current folder."
    )
    sub.add_argument(
        "-o", "--output", metavar="FILE", help="the backup file, or a folder to put it in"
    )

    sub = add("restore", cmd_restore, "replace the store with a backup (the current one is kept)")
    sub.description = (
        "Check FILE (a `briefing backup`), keep the current store aside as "
        "store.sqlite3.before-restore-YYYYMMDD-HHMMSS in the data folder, put the backup in "
        "its place and rebuild the search index. A file that is not a usable backup is "
        "refused (exit 2) and the store is left as it was. Close the app first."
    )
    sub.add_argument("file", metavar="FILE")
    return parser


def _size(value: str) -> int:
    try:
        megabytes = float(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of MB") from error
    if megabytes <= 0:
        raise argparse.ArgumentTypeError("the size limit must be positive")
    return int(megabytes * 1024 * 1024)


_VALUE_OPTIONS = {
    *("--content", "--data", "--max-size", "--limit", "--sort", "--format", "-o", "--output")
}


def _negations_as_words(argv: list[str]) -> list[str]:
    """In ``briefing search``, ``claims`` and ``export``, a ``-word`` is the query's NOT.

    argparse would refuse ``briefing search government -budget``; the query
    language reads ``-budget`` as ``NOT budget``, so the word is passed on in
    that spelling (the same query, which argparse leaves alone).
    """
    command_at = None
    index = 0
    while index < len(argv):
        item = argv[index]
        if item == "--":
            break
        if item.startswith("-"):
            index += 2 if item in _VALUE_OPTIONS else 1
            continue
        command_at = index
        break
    if command_at is None or argv[command_at] not in ("search", "claims", "export"):
        return argv
    rewritten = argv[: command_at + 1]
    tail = argv[command_at + 1 :]
    index = 0
    while index < len(tail):
        item = tail[index]
        if item == "--":
            rewritten.extend(tail[index:])
            break
        if item in _VALUE_OPTIONS:
            rewritten.extend(tail[index : index + 2])
            index += 2
            continue
        if len(item) > 1 and item[0] == "-" and item[1] != "-" and item != "-h":
            rewritten.extend(["NOT", item[1:]])
        else:
            rewritten.append(item)
        index += 1
    return rewritten


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = _negations_as_words(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", cmd_tui)
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``briefing list | head``): not an error. It must
        # come before OSError, its base class; and stdout is pointed at devnull
        # so the flush at exit does not raise again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (CliError, PathsError, StoreError, IndexBusy, DocumentNotFound, OSError) as error:
        if args.debug:
            raise
        # Messages quote the user's own paths: control bytes in them are shown, not run.
        print(f"briefing: error: {clean_text(str(error))}", file=sys.stderr)
        return EXIT_ERROR
