"""Claims in and out of the library: export, import-annotations, backup, restore, adopt.

``export`` writes a report or a lossless file, whole or not at all, and no file
when its query selects no claim (exit 1, a file there left as it was);
``import-annotations`` checks a file whole before writing anything; ``backup``
and ``restore`` copy the store itself; ``adopt`` copies here the store a moved
library left with its old path (see :mod:`..core.store.moved`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_tui.core.search.index import IndexBusy
from briefing_tui.core.search.query import QueryError
from briefing_tui.core.text.sanitize import clean_line

from ..core.paths import resolve_paths
from ..core.store import StoreError
from .common import (
    EXIT_ERROR,
    EXIT_NONE,
    EXIT_OK,
    CliError,
    ProgressBar,
    open_workspace,
    print_json,
    sync_library,
)

if TYPE_CHECKING:
    from ..core.exchange import Selection


def _write_stdout(data: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    if buffer is None:  # stdout replaced by a text stream
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def cmd_export(args: argparse.Namespace) -> int:
    from ..core.exchange import (
        ExchangeError,
        export_claims,
        format_for_path,
        select_named,
        write_atomic,
    )

    if args.output == "-":  # the usual spelling of standard output (it made a file "-")
        args.output = None
    fmt = args.format or (format_for_path(args.output) if args.output else None)
    if fmt is None and args.output and Path(args.output).suffix:
        # ``-o claims.w3c`` wrote Markdown, silently.
        raise CliError(
            f"cannot tell the format from {Path(args.output).suffix!r}: give --format "
            "(md, json, csv or w3c) or a .md, .json, .csv or .jsonld file"
        )
    fmt = fmt or "md"
    if args.chronology and fmt != "md":
        raise CliError(f"--chronology is a section of the md report, not of {fmt}")
    text = " ".join(args.query)
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True, reading=True)
        try:  # as `briefing claims QUERY|DOC` selects: a lone DOC is one briefing
            selection = select_named(ws, args.query, Path.cwd())
            chosen = selection.chosen
            export = export_claims(ws, fmt, text, chronology=args.chronology, chosen=chosen)
        except QueryError as error:
            print(f"briefing: bad query: {error}", file=sys.stderr)
            return EXIT_ERROR
    # A query or DOC that selects no claim matched nothing (exit 1); a whole export is the
    # library as it is, claims or none (its json carries tags, reading state, saved searches).
    nothing = not export.claims and bool(text.strip())
    if not args.output:
        _write_stdout(export.data)  # the empty report too, as `claims --json` prints []
        if nothing:
            print(f"{_none_selected(selection)}: the export is empty", file=sys.stderr)
            return EXIT_NONE
        return EXIT_OK
    if nothing:
        # A mistyped query replaced a good export with an empty one, exit 0.
        where = clean_line(args.output)
        kept = f"{where} left as it was" if Path(args.output).exists() else f"{where} not made"
        print(f"{_none_selected(selection)}: nothing written; {kept}", file=sys.stderr)
        return EXIT_NONE
    try:
        path = write_atomic(args.output, export.data)
    except ExchangeError as error:
        raise CliError(str(error)) from error
    print(f"briefing: wrote {export.claims} claim(s) ({fmt}) to {path}", file=sys.stderr)
    return EXIT_OK


def _none_selected(selection: Selection) -> str:
    """Why an export selected no claim, in ``claims``'s words (``No claims match``, ``No
    claims on 'Title' (path)``), without the full stop, for a clause to follow."""
    return selection.nothing().removesuffix(".")


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from ..core.exchange import ExchangeError, import_annotations, load_annotations

    try:
        incoming = load_annotations(args.file)  # checked whole before anything is written
    except ExchangeError as error:
        raise CliError(str(error)) from error
    with open_workspace(args) as ws:
        sync_library(ws, quiet=True)
        report = import_annotations(ws, incoming, dry_run=args.dry_run)
    if args.json:
        print_json(report.as_json())
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
            ("path", "by path"),
            ("url", "by URL"),
            ("quote", "by their quotes"),
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
    elif report.reanchored.get("fuzzy") or report.reanchored.get("orphaned"):
        # On briefings edited since the export: the passage found close is offered in review.
        print("  review       `briefing review` lists the fuzzy and orphaned claims")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from briefing_tui.core.store.backup import BackupError, backup_store, default_backup_path

    if args.output == "-":  # a backup is a database file, not text for a terminal or pipe
        raise CliError("a backup is written to a file: name one (- is standard output)")
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
    from briefing_tui.core.store.backup import BackupError, restore_store

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
    return _rebuilt(args, "restored")


def cmd_adopt(args: argparse.Namespace) -> int:
    from briefing_tui.core.store.backup import BackupError
    from briefing_tui.core.store.moved import adopt, find_moved, own_work_refusal, store_of

    paths = resolve_paths(args.content, args.data)
    try:
        refused = own_work_refusal(paths)  # said first, whatever the other store
        if refused:
            raise CliError(refused)
        if args.old is not None:
            old_store = store_of(paths, Path(args.old))
        else:
            moved = find_moved(paths, adopting=True)
            if moved is None:
                raise CliError(
                    "no other library's store holds this library's briefings and work of yours; "
                    "name the folder's old path with --from OLD"
                )
            old_store = moved.store_file
            print(f"adopting {moved.describe()}")
        report = adopt(paths, old_store)
    except BackupError as error:
        raise CliError(str(error)) from error
    facts = report.facts
    print(f"adopted {facts.claims} claim(s) and the state of {facts.documents} briefing(s)")
    print(f"the old store is left as it was: {old_store}")
    return _rebuilt(args, "adopted")


def _rebuilt(args: argparse.Namespace, done: str) -> int:
    """Rebuild the index over a store just put in place (restore, adopt)."""
    try:
        with open_workspace(args) as ws:
            bar = ProgressBar()
            try:
                synced = ws.sync(rebuild=True, progress=bar)
            finally:
                bar.close()
    except (IndexBusy, StoreError) as error:
        print(
            f"briefing: the store is {done} but the search index is not rebuilt ({error}); "
            "run `briefing index --rebuild`",
            file=sys.stderr,
        )
        return EXIT_NONE
    print(f"rebuilt the search index: {synced.summary()}")
    return EXIT_OK


def add_parsers(add: Any, common: argparse.ArgumentParser) -> None:
    """``backup``, ``restore``, ``adopt``: the store itself, copied."""
    sub = add(
        "backup",
        cmd_backup,
        "copy the store (claims, tags, reading state) to a file",
    )
    sub.description = (
        "Write a consistent copy of the store, safe while the app is running. The default "
        "file is briefing-backup-YYYYMMDD-HHMMSS.sqlite3 in the current folder."
    )
    sub.add_argument(
        "-o", "--output", metavar="FILE", help="the backup file, or a folder to put it in"
    )

    sub = add(
        "restore",
        cmd_restore,
        "replace the store with a backup (the current one is kept)",
    )
    sub.description = (
        "Check FILE (a `briefing backup`), keep the current store aside as "
        "store.sqlite3.before-restore-YYYYMMDD-HHMMSS in the data folder, put the backup in "
        "its place and rebuild the search index. A file that is not a usable backup is "
        "refused (exit 2) and the store is left as it was. Close the app first."
    )
    sub.add_argument("file", metavar="FILE")
    sub = add(
        "adopt",
        cmd_adopt,
        "after moving or renaming the library folder: copy its claims, tags and reading "
        "state here from its old path",
    )
    sub.description = (
        "The data folder keeps one store per library path, so a library opened from a new "
        "path starts empty. With no --from, the store of a path that is gone whose "
        "briefings are here is found; its content is copied here (the current, empty store "
        "kept aside, the followed feeds carried) and the index rebuilt. The old store is "
        "left as it was. Refused (exit 2) when this library has claims, tags, saved searches "
        "or ratings of its own (a reading state of its own is kept aside with its store). "
        "Close the app first."
    )
    sub.add_argument("--from", dest="old", metavar="OLD", help="the library folder's old path")
