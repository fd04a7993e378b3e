"""The stream commands: ``mark`` (read, unread), ``saved`` (watch queries), and what
``search`` and ``list`` show of the stream (reading state, facets, ``@NAME``).

Each ``cmd_*`` takes the parsed arguments and returns the exit status.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from briefing_tui.core.search.query import QueryError
from briefing_tui.core.text.sanitize import clean_line

from ..core.store import SavedSearchError
from ..core.stream import Facets, SavedSearch, StreamSnapshot
from ..core.workspace import Workspace
from .common import EXIT_ERROR, EXIT_OK, CliError, Style, open_workspace, print_json
from .common import sync_library as sync

#: The facets as ``briefing search --facets`` titles them.
FACET_TITLES = {"tag": "Tags", "source": "Sources", "month": "Months", "status": "Claim status"}


def state_json(snapshot: StreamSnapshot, doc_id: str) -> dict[str, bool]:
    """``read``, ``changed``, ``new`` of one briefing, for ``--json``."""
    state = snapshot.state(doc_id)
    return {"read": state.read, "changed": state.changed, "new": state.new}


def state_words(snapshot: StreamSnapshot, doc_id: str) -> str:
    """``new``, ``changed`` (or nothing): what a listing line says of a briefing's state."""
    words = [word for word, on in (("new", doc_id in snapshot.new),) if on]
    if doc_id in snapshot.changed:
        words.append("changed since read")
    return ", ".join(words)


def unread_only(query: str) -> str:
    """``query`` limited to unread briefings (``--unread``)."""
    return f"({query}) is:unread" if query.strip() else "is:unread"


def print_facets(facets: Facets, style: Style) -> None:
    print(f"{facets.total} briefing(s)")
    for name, values in facets.by_name().items():
        if not values:
            continue
        print()
        print(style.bold(FACET_TITLES[name]))
        width = max(len(clean_line(value.value)) for value in values[:50])
        for value in values:
            term = style.dim(value.term) if value.term else ""
            print(f"  {value.count:>6}  {clean_line(value.value):<{min(width, 40)}}  {term}")


# -- briefing mark -----------------------------------------------------------------


def cmd_mark(args: argparse.Namespace) -> int:
    read = bool(args.read)
    if args.query is not None and args.docs:
        raise CliError("give briefings (DOC...) or --query QUERY, not both")
    if args.query is None and not args.docs:
        raise CliError("nothing to mark: give DOC... or --query QUERY")
    word = "read" if read else "unread"
    with open_workspace(args) as ws:
        sync(ws, quiet=True)
        if args.query is not None:
            try:
                result = ws.stream.mark_matching(args.query, read=read)
            except QueryError as error:
                print(f"briefing: bad query: {clean_line(str(error))}", file=sys.stderr)
                return EXIT_ERROR
            print(f"{result.matched} briefing(s) match; {result.changed} marked {word}")
            return EXIT_OK
        records = [ws.resolve(doc) for doc in args.docs]  # an unknown DOC stops here
        ids = list(dict.fromkeys(record.id for record in records))
        if read:
            ws.stream.mark_read(ids)
        else:
            ws.stream.mark_unread(ids)
    for record in records:
        print(f"{record.title}: {word}")
    return EXIT_OK


# -- briefing saved ----------------------------------------------------------------


def _saved_line(saved: SavedSearch, width: int, style: Style) -> str:
    name = clean_line(saved.name)
    query = clean_line(saved.query)
    if saved.error is not None:
        return f"  {name:<{width}}  {query}\n  {'':<{width}}  " + style.bold(
            f"does not run: {clean_line(saved.error)}"
        )
    counts = f"{saved.matches:>6}  {saved.unread:>6}"
    if len(name) > width:  # on a line of its own: the counts stay in their columns
        return f"  {name}\n  {'':<{width}}  {counts}  {style.dim(query)}"
    return f"  {name:<{width}}  {counts}  {style.dim(query)}"


def cmd_saved(args: argparse.Namespace) -> int:
    action = getattr(args, "saved_action", None)
    with open_workspace(args) as ws:
        if action is None:
            sync(ws, quiet=True)
            listed = ws.stream.saved_counts()
            if args.json:
                print_json([saved.as_json() for saved in listed])
                return EXIT_OK
            if not listed:
                print("No saved searches (`briefing saved add NAME QUERY` saves one).")
                return EXIT_OK
            style = Style(sys.stdout)
            width = min(max(len(clean_line(saved.name)) for saved in listed), 30)
            print(f"  {'name':<{width}}  {'match':>6}  {'unread':>6}  query")
            for saved in listed:
                print(_saved_line(saved, width, style))
            return EXIT_OK
        try:
            return _change_saved(ws, action, args)
        except QueryError as error:
            print(f"briefing: bad query: {clean_line(str(error))}", file=sys.stderr)
            return EXIT_ERROR
        except SavedSearchError as error:
            raise CliError(str(error)) from error


def _change_saved(ws: Workspace, action: str, args: argparse.Namespace) -> int:
    stream = ws.stream
    if action == "add":
        saved = stream.add_saved(args.name, " ".join(args.query))
        print(f"Saved {saved.name!r}: {saved.query}")
    elif action == "remove":
        saved = stream.remove_saved(args.name)
        print(f"Removed {saved.name!r} ({saved.query})")
    elif action == "rename":
        saved = stream.rename_saved(args.old, args.new)
        print(f"Renamed to {saved.name!r}")
    elif action == "move":
        if args.position < 1:
            raise CliError("POSITION counts from 1 (the top)")
        order = stream.move_saved(args.name, args.position - 1)
        for number, saved in enumerate(order, start=1):
            print(f"{number:>3}  {saved.name}")
    return EXIT_OK


def add_parsers(add: Any, common: argparse.ArgumentParser) -> None:
    """``briefing mark`` and ``briefing saved`` (with its own subcommands)."""
    sub = add("mark", cmd_mark, "mark briefings read or unread (by DOC, or all a query matches)")
    sub.add_argument("docs", nargs="*", metavar="DOC", help="document ids or paths")
    sub.add_argument("--query", metavar="QUERY", help="mark every briefing the query matches")
    which = sub.add_mutually_exclusive_group(required=True)
    which.add_argument("--read", action="store_true", help="mark them read")
    which.add_argument("--unread", action="store_true", help="mark them unread")

    sub = add(
        "saved",
        cmd_saved,
        "saved searches with their matches and unread matches; add, remove, rename, move",
    )
    sub.description = (
        "With no subcommand, list the saved searches with how many briefings each matches "
        "and how many of those are unread (a query that no longer runs is listed with why). "
        "`briefing search @NAME` runs one."
    )
    sub.add_argument("--json", action="store_true", help="print the list as JSON")
    actions = sub.add_subparsers(dest="saved_action", metavar="ACTION")
    one = actions.add_parser("add", parents=[common], help="save QUERY as NAME")
    one.add_argument("name", metavar="NAME")
    one.add_argument("query", nargs="+", metavar="QUERY")
    one = actions.add_parser("remove", parents=[common], help="remove a saved search")
    one.add_argument("name", metavar="NAME")
    one = actions.add_parser("rename", parents=[common], help="rename a saved search")
    one.add_argument("old", metavar="OLD")
    one.add_argument("new", metavar="NEW")
    one = actions.add_parser(
        "move", parents=[common], help="move a saved search to POSITION (1 is the top)"
    )
    one.add_argument("name", metavar="NAME")
    one.add_argument("position", type=int, metavar="POSITION")
