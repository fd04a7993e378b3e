"""Getting briefings in: ``import`` (files, folders, pages, PDFs, addresses), ``feeds``, ``fetch``.

Thin: the work is in :mod:`briefing_tui.core.intake` and
:mod:`briefing_tui.core.feed_fetch`, imported when a command runs so that
the other commands never load httpx, trafilatura or feedparser. Only
``import URL``, ``feeds add URL`` and ``fetch`` touch the network.

A single input (one file or address, one feed) that fails is one line on
stderr and exit 2; in a batch each failure is a line, the rest goes on, and
the exit status is 1 if anything failed.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
from dataclasses import asdict
from typing import Any, TextIO

from briefing_tui.core.paths import resolved
from briefing_tui.core.text.sanitize import clean_line, clean_text

from .common import (
    EXIT_ERROR,
    EXIT_NONE,
    EXIT_OK,
    CliError,
    ProgressBar,
    check_tags,
    open_workspace,
    print_json,
    sync_library,
)


class _Progress(ProgressBar):
    """``importing ███░░ 3/40`` on stderr when it is a terminal and the batch is long."""

    least = 5

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        super().__init__(stream, label)


def _say(text: str) -> None:
    print(f"briefing: {clean_text(text)}", file=sys.stderr)


def intake_turn(ws: Any, what: str) -> contextlib.AbstractContextManager[None]:
    """This command's turn at the library: another import or fetch into it ends first.

    Held over the syncs before and after too, so the next one knows what this
    one wrote (two at once brought every briefing in twice). Waiting is said.
    """
    from briefing_tui.core.briefings.library_lock import INTAKE_LOCK, held

    def waiting() -> None:
        _say(f"waiting for another import or fetch into this library to end before this {what}…")

    return held(ws.paths.library_data / INTAKE_LOCK, waiting=waiting)


# -- import --------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from briefing_tui.core.briefings.importer import ImportOptions
    from briefing_tui.core.intake import ingest

    options = ImportOptions(
        args.title, args.date, args.source, args.url, check_tags(list(args.tag or []))
    )
    if args.title and len(args.files) > 1:
        raise CliError("--title applies to one file; import the others separately")
    with open_workspace(args) as ws, intake_turn(ws, "import"):
        sync_library(ws, quiet=True)
        folder = ws.root / args.into if args.into else ws.root
        if not resolved(folder).is_relative_to(ws.root):
            raise CliError(f"--into {args.into} is outside the library")
        bar = _Progress("importing")
        try:
            report = ingest(ws, args.files, into=folder, options=options, progress=bar, sync=False)
        except ValueError as error:
            raise CliError(str(error)) from error
        finally:
            bar.close()
        if report.created:
            sync_library(ws, quiet=True)
    if not report.outcomes:  # folders with nothing to import: "0 imported", exit 0, was all
        _say(
            "nothing to import: no page (.html, .htm), PDF, text or Markdown file "
            f"(.md, .txt) in {', '.join(args.files)}"
        )
        return EXIT_NONE
    for outcome in report.created:
        print(ws.root / (outcome.path or ""))
    if report.single and report.failed:
        (failed,) = report.failed
        _say(f"could not import {failed.source}: {failed.reason}")
        return EXIT_ERROR
    for outcome in report.skipped:
        _say(f"skipped {outcome.source}: {outcome.reason}")
    for outcome in report.failed:
        _say(f"could not import {outcome.source}: {outcome.reason}")
    for outcome in report.created:
        for warning in outcome.warnings:
            _say(f"{outcome.source}: {warning}")
    print(report.summary(), file=sys.stderr)
    return EXIT_OK if not report.failed else EXIT_NONE


# -- feeds -----------------------------------------------------------------------------------


def _feed_errors() -> tuple[type[Exception], ...]:
    from briefing_tui.core.briefings.feeds import FeedError
    from briefing_tui.core.briefings.fetching import FetchError

    return FeedError, FetchError


def cmd_feeds_add(args: argparse.Namespace) -> int:
    from briefing_tui.core.feed_fetch import add_feed

    if not args.address.strip():  # said as `import ""` says it, not ": not a regular file"
        raise CliError("an empty address: name a feed's address or file (nothing was followed)")
    with open_workspace(args) as ws:
        try:
            added = add_feed(
                ws,
                args.address,
                name=args.name,
                tags=check_tags(list(args.tag or [])),
                full_text=args.full_text,
            )
        except _feed_errors() as error:
            raise CliError(f"{args.address}: {error}") from error
    for feed in added:
        title = f" ({feed.title})" if feed.title and feed.title != feed.name else ""
        print(f"Following {feed.name}{title}: {feed.url}")
    then = (
        "`briefing fetch` imports their items"
        if len(added) > 1
        else (f"`briefing fetch {shlex.quote(added[0].name)}` imports its items")
    )
    print(clean_line(then), file=sys.stderr)
    return EXIT_OK


def _feed_json(feed: Any) -> dict[str, Any]:
    data = asdict(feed)
    data.pop("etag", None)
    data.pop("last_modified", None)
    return data


def cmd_feeds_list(args: argparse.Namespace) -> int:
    from briefing_tui.core.feed_fetch import registry

    with open_workspace(args) as ws:
        try:
            feeds = registry(ws).feeds
        except _feed_errors() as error:
            raise CliError(str(error)) from error
    if args.json:
        print_json([_feed_json(feed) for feed in feeds])
        return EXIT_OK
    if not feeds:
        print("No feeds yet: `briefing feeds add URL` follows one.", file=sys.stderr)
        return EXIT_OK
    for feed in feeds:
        when = (feed.last_fetched or "never").replace("T", " ").removesuffix("Z")
        flags = ", ".join([*feed.tags, *(["full text"] if feed.full_text else [])])
        title = f"  {clean_line(feed.title)}" if feed.title else ""
        print(f"{clean_line(feed.name)}{title}")
        # The indent outside clean_line, which strips a line's edges: the
        # "fetched" and tags lines stood at the margin, as if feeds of their own.
        print(f"  {clean_line(feed.url)}")
        status = f"error: {feed.last_error}" if feed.last_error else f"{feed.last_new} new"
        print(f"  {clean_line(f'fetched {when} ({status}) → {feed.folder}')}")
        if flags:
            print(f"  {clean_line(flags)}")
    return EXIT_OK


def cmd_feeds_remove(args: argparse.Namespace) -> int:
    from briefing_tui.core.feed_fetch import remove_feed

    with open_workspace(args) as ws:
        try:
            feed = remove_feed(ws, args.name)
        except _feed_errors() as error:
            raise CliError(str(error)) from error
    print(f"No longer following {feed.name}; its briefings stay in {feed.folder}.")
    return EXIT_OK


# -- fetch -----------------------------------------------------------------------------------


def _result_json(result: Any) -> dict[str, Any]:
    return {
        "name": result.name,
        "url": result.url,
        "unchanged": result.unchanged,
        "error": result.error,
        "new": [o.path for o in result.new],
        "skipped": [{"title": o.title, "path": o.path, "reason": o.reason} for o in result.skipped],
        "failed": [{"title": o.source, "reason": o.reason} for o in result.failed],
        "warnings": result.warnings + [f"{o.source}: {w}" for o in result.new for w in o.warnings],
        # Items the feed changed since they were imported: rewritten, or the edited copy kept.
        "updated": [o.path for o in result.updated],
        "kept": [{"title": o.title, "path": o.path, "reason": o.reason} for o in result.kept],
    }


def cmd_fetch(args: argparse.Namespace) -> int:
    from briefing_tui.core.feed_fetch import fetch_feeds, registry

    with open_workspace(args) as ws, intake_turn(ws, "fetch"):
        sync_library(ws, quiet=True)
        try:
            if not registry(ws).feeds:
                if args.json:  # still JSON, as every other --json prints when empty
                    print_json({"new": 0, "feeds": [], "updated": 0, "kept": 0})
                print("No feeds yet: `briefing feeds add URL` follows one.", file=sys.stderr)
                return EXIT_NONE
            bar = _Progress("fetching")
            try:
                report = fetch_feeds(ws, args.names, progress=bar, sync=False)
            finally:
                bar.close()
        except _feed_errors() as error:
            raise CliError(str(error)) from error
        if report.new or report.updated:
            sync_library(ws, quiet=True)
    if args.json:
        print_json(
            {
                "new": report.new,
                "feeds": [_result_json(r) for r in report.feeds],
                "updated": report.updated,
                "kept": report.kept,
            }
        )
    else:
        _print_fetch(report)
    if len(report.feeds) == 1 and report.failed_feeds:
        if not args.json:
            _say(f"could not fetch {report.feeds[0].name}: {report.feeds[0].error}")
        return EXIT_ERROR
    return EXIT_NONE if report.failed_feeds else EXIT_OK


def _print_fetch(report: Any) -> None:
    """A summary line per feed, then what came of its items (same-guid skips are counted only)."""
    for result in report.feeds:
        if result.error and len(report.feeds) == 1:
            continue  # said as the command's one error line
        print(clean_line(result.summary()))
        lines = [("new", o.path or "") for o in result.new]
        lines += [("updated", o.path or "") for o in result.updated]
        lines += [("kept", f"{o.path}: {o.reason}") for o in result.kept]
        lines += [
            ("skipped", f"{o.source}: {o.reason}")
            for o in result.skipped
            if "(same guid)" not in o.reason
            and "since removed" not in o.reason
            and o not in result.kept
        ]
        lines += [("failed", f"{o.source}: {o.reason}") for o in result.failed]
        lines += [("note", warning) for warning in result.warnings]
        lines += [
            ("note", f"{o.path}: {w}") for o in [*result.new, *result.updated] for w in o.warnings
        ]
        for label, text in lines:
            print(f"  {label:<8} {clean_line(text)}")


def add_parsers(add: Any, common: argparse.ArgumentParser) -> None:
    """Register ``feeds`` (add, list, remove) and ``fetch``; ``add(name, handler, help)``
    makes a command, ``common`` holds the options every command takes."""
    sub = add("feeds", cmd_feeds_list, "the feeds this library follows: add, list, remove")
    actions = sub.add_subparsers(dest="feeds_command", metavar="ACTION")

    def action(name: str, handler: Any, text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(
            name, parents=[common], help=text, description=text
        )
        parser.set_defaults(handler=handler)
        return parser

    parser = action("add", cmd_feeds_add, "follow a feed (RSS or Atom): an address or a file")
    parser.add_argument(
        "address", metavar="URL|FILE", help="the feed's address, or a feed or OPML file"
    )
    parser.add_argument("--name", metavar="N", help="what to call it (default: from its title)")
    parser.add_argument("--tag", action="append", metavar="T", help="a tag for its items (repeat)")
    parser.add_argument(
        "--full-text",
        action="store_true",
        help="fetch each item's page when the feed carries only a summary",
    )
    parser = action("list", cmd_feeds_list, "list the feeds, when each was fetched, what came")
    parser.add_argument("--json", action="store_true", help="print the feeds as a JSON list")
    parser = action("remove", cmd_feeds_remove, "stop following a feed (its briefings stay)")
    parser.add_argument("name", metavar="NAME")
    sub.set_defaults(json=False)

    sub = add("fetch", cmd_fetch, "fetch the feeds (all, or those named) and import new items")
    sub.add_argument("names", nargs="*", metavar="NAME", help="feeds to fetch (default: all)")
    sub.add_argument("--json", action="store_true", help="print the results as JSON")
