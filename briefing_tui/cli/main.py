"""The ``briefing`` parser and dispatch: ``main(argv)`` parses, runs a command, reports.

Every command takes the common options (``--content``, ``--data``, ``--debug``,
``--max-size``) before or after its name. Errors become one line on stderr with
exit status 2 (``--debug`` shows the traceback). No command given opens the app.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any, cast

from briefing_tui.core.claims.model import STATUSES
from briefing_tui.core.search.index import IndexBusy

from .. import __version__
from ..core.paths import PathsError
from ..core.search import SORTS
from ..core.store import StoreError
from ..core.workspace import DocumentNotFound
from .arguments import check_arguments
from .common import (
    EXIT_OK,
    CliError,
    OneLineParser,
    dashed_values_attached,
    parse_size,
    positive_count,
    ready_streams,
    refuse_unknown_before_command,
    report_error,
)
from .library import (
    QUERY_MARK,
    cmd_doctor,
    cmd_index,
    cmd_list,
    cmd_search,
    cmd_show,
    cmd_tag,
    cmd_tags,
    cmd_tui,
)
from .stream import add_parsers as add_stream_parsers

#: The commands each other module adds (its ``add_parsers``). A module is imported
#: only for its own commands or the whole parser (one left out here still works:
#: its name finds no parser built, and the whole parser is).
_GROUPS = {
    "ingest": ("feeds", "fetch"),
    "analysis": ("link", "unlink", "sources", "source", "timeline", "overview"),
    "store": ("backup", "restore", "adopt"),
}


def _later(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """The handler ``name`` of ``cli.<module>``, imported when its command runs:
    ``briefing search`` does not load the claims, transfer and analysis commands
    (nor the analyst's layer they import)."""

    def run(args: argparse.Namespace) -> int:
        handler: Callable[[argparse.Namespace], int] = getattr(
            import_module(f"{__package__}.{module}"), name
        )
        return handler(args)

    return run


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
        help="the library folder (env BRIEFING_CONTENT; default ~/Documents/Briefings)",
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
        type=parse_size,
        default=default(5 * 1024 * 1024),
        metavar="MB",
        help="skip briefings larger than this many MB (default 5)",
    )
    return common


class _Unbuilt:
    """Stands in for the parser of a command that is not being run: takes every
    call a command's setup makes (arguments, groups, subcommands) and builds
    nothing. Building all 35 parsers cost about a third of a one-shot
    ``briefing search`` beyond interpreter start and the search itself."""

    def __getattr__(self, _name: str) -> Callable[..., _Unbuilt]:
        return lambda *_args, **_kwargs: self


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only``, the parser of that one command (the others
    are named nowhere). ``only`` that names no command (a misspelling) gets the
    whole parser, whose error lists them all."""
    common = _common_options(suppress=True)
    parser: argparse.ArgumentParser = OneLineParser(
        prog="briefing",
        description="Search, tag and read briefings. With no command, opens the app.",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"briefing-tui {__version__}")
    parser.add_argument(
        "--no-watch",
        action="store_true",
        help="the app does not follow the library folder (its changes show after ctrl+r)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    built: list[str] = []

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return cast(argparse.ArgumentParser, _Unbuilt())
        built.append(name)
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
    sub.add_argument(
        "--limit", type=positive_count, default=10, metavar="N", help="hits to show (default 10)"
    )
    sub.add_argument("--sort", choices=SORTS, default="relevance", help="the order (relevance)")
    sub.add_argument("--json", action="store_true", help="print hits as a JSON list")
    sub.add_argument("--unread", action="store_true", help="only unread briefings")
    sub.add_argument(
        "--facets",
        action="store_true",
        help="print how many matches carry each tag, source, month and claim status, "
        "each with the term that narrows the query to them",
    )

    sub = add("list", cmd_list, "list every briefing, newest first")
    sub.add_argument("--sort", choices=("date", "title"), default="date", help="the order (date)")
    sub.add_argument("--json", action="store_true", help="print the briefings as a JSON list")
    sub.add_argument("--unread", action="store_true", help="only unread briefings")

    sub = add("show", cmd_show, "print a briefing as plain text")
    sub.add_argument("doc", metavar="DOC", help="a document id or path")

    sub = add(
        "tag",
        cmd_tag,
        "add (+TAG) and remove (-TAG) tags: briefing tag DOC +key -todo, or on every "
        "briefing a query matches: briefing tag --query QUERY +key -todo",
    )
    sub.add_argument("doc", metavar="DOC", help="a document id or path (none with --query)")
    sub.add_argument(
        "changes",
        nargs=argparse.REMAINDER,
        metavar="+TAG|-TAG",
        help="+TAG adds a tag, -TAG removes one (-TAG is a tag, not an option)",
    )
    sub.add_argument("--query", metavar="QUERY", help="tag every briefing the query matches")

    sub = add("tags", cmd_tags, "every tag with how many briefings carry it")
    sub.add_argument("--json", action="store_true", help="print the briefing tags as a JSON list")

    add("doctor", cmd_doctor, "check the store, the index and skipped files")

    sub = add(
        "import",
        _later("ingest", "cmd_import"),
        "turn web pages, PDFs, text or Markdown (files, folders or http(s) addresses) "
        "into briefings in the library",
    )
    sub.add_argument("files", nargs="+", metavar="FILE|DIR|URL")
    sub.add_argument("--title", help="the title (default: the first heading or line)")
    sub.add_argument("--date", help="ISO date, e.g. 2021-04-06")
    sub.add_argument("--source", help="who published it (front matter source:)")
    sub.add_argument("--url", help="where it was published, an http(s) address")
    sub.add_argument("--tag", action="append", help="a tag (repeat for more)")
    sub.add_argument("--into", metavar="SUBDIR", help="a folder inside the library")
    if only is None or only in _GROUPS["ingest"]:
        import_module(f"{__package__}.ingest").add_parsers(add, common)
    add_stream_parsers(add, common)

    statuses = ", ".join(STATUSES)
    sub = add(
        "annotate",
        _later("claims", "cmd_annotate"),
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
    _rating_options(sub, clearing=False)

    sub = add(
        "claims",
        _later("claims", "cmd_claims"),
        "list claims (exit 0 with some, 1 with none, 2 on a bad query)",
    )
    sub.formatter_class = argparse.RawDescriptionHelpFormatter
    sub.description = (
        "List every claim, or the claims of the briefings QUERY selects (the search\n"
        "query language). Terms of the query that are about claims, status:S, tag:T,\n"
        "anchor:A, note:WORDS and claim:WORDS (and NOT / OR groups of them) at its top\n"
        "level also filter the claims themselves:\n\n"
        "  briefing claims status:disputed        only the disputed claims\n"
        "  briefing claims sanctions status:key   the key claims of briefings on sanctions\n"
        "  briefing claims tag:follow-up          claims tagged follow-up, and every\n"
        "                                         claim of a briefing tagged follow-up\n"
        "  briefing claims anchor:orphaned        claims that lost their passage\n"
        "  briefing claims note:source            claims whose own note says source\n\n"
        "  briefing claims links:contradicts      claims in a contradiction (either end)\n"
        "  briefing claims reliability:A..B credibility:<=2\n"
        "                                         well-rated claims of well-rated sources\n\n"
        "links:R (supports, contradicts, repeats, cites), has:links, linked:CLAIM,\n"
        "reliability: and credibility: (B, A..C, <=2) filter the claims too.\n"
        "Other terms (words, title:, has:claims, date:...) select briefings only.\n"
        "A query made only of terms about claims is decided on the claims alone, so\n"
        "it finds claims whose briefing's file is gone too.\n\n"
        "  briefing claims DOC                    one briefing's claims: DOC alone, as\n"
        "                                         show takes it (its id, id:ID or an\n"
        "                                         id prefix, or its path)\n\n"
        f"Statuses: {statuses}. Anchors: exact, moved, fuzzy, orphaned.\n"
        "Exit 0 with claims, 1 with none, 2 on a bad query or a DOC that names none."
    )
    sub.add_argument("query", nargs="*", help="a query (see the README for the syntax)")
    sub.add_argument("--json", action="store_true", help="print claims as a JSON list")

    sub = add(
        "review",
        _later("claims", "cmd_review"),
        "list the fuzzy and orphaned claims, with their old quote and the new candidate text",
    )
    sub.description = (
        "List the claims that no longer match their passage exactly: fuzzy ones (a close "
        "match was found; shows the old quote and the candidate text) and orphaned ones "
        "(nothing close enough, or the briefing's file is gone; shows the briefing's last "
        "known title). Exit 0."
    )
    sub.add_argument("--json", action="store_true", help="print the claims as a JSON list")

    sub = add(
        "claim-edit",
        _later("claims", "cmd_claim_edit"),
        "change a claim's note, tags, status, credibility or event date",
    )
    sub.add_argument("claim", metavar="CLAIM", help="a claim id (or a unique prefix of it)")
    sub.add_argument("--note", metavar="N", help="the new note ('' clears it)")
    sub.add_argument("--tag", action="append", metavar="T", help="add a claim tag (repeat)")
    sub.add_argument("--untag", action="append", metavar="T", help="remove a claim tag (repeat)")
    sub.add_argument("--status", metavar="S", help=f"one of {statuses}")
    _rating_options(sub, clearing=True)

    sub = add("claim-delete", _later("claims", "cmd_claim_delete"), "delete a claim and its links")
    sub.add_argument("claim", metavar="CLAIM", help="a claim id (or a unique prefix of it)")

    sub = add(
        "claim-accept",
        _later("claims", "cmd_claim_accept"),
        "attach a fuzzy claim to the text it now matches (its candidate)",
    )
    sub.add_argument("claim", metavar="CLAIM", help="a claim id (or a unique prefix of it)")

    sub = add(
        "export",
        _later("transfer", "cmd_export"),
        "write claims as a Markdown report, lossless JSON, CSV or W3C Web Annotations",
    )
    sub.formatter_class = argparse.RawDescriptionHelpFormatter
    sub.description = (
        "Write every claim, or those QUERY or a briefing (DOC) selects (as `briefing claims`\n"
        "does: status:, tag:, note:, links:... filter claims too), to FILE (written whole\n"
        "or not at all; selecting nothing writes nothing, exit 1) or to stdout.\n\n"
        "  md    a cited claims report: grouped by briefing, each claim a block quote\n"
        "        with status, tags, note and where it stands; orphaned ones apart\n"
        "  json  briefing-tui's lossless format (`briefing import-annotations` reads it)\n"
        "  csv   one row per claim, UTF-8 with a byte order mark\n"
        "  w3c   a W3C Web Annotation collection (JSON-LD)\n\n"
        "Without --format the extension of -o decides (.md .json .csv .jsonld), else md."
    )
    sub.add_argument("--format", choices=("md", "json", "csv", "w3c"), help="the format")
    sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default stdout)")
    sub.add_argument(
        "--chronology",
        action="store_true",
        help="md: add a chronology (the claims by event date, else their briefing's date)",
    )
    sub.add_argument("query", nargs="*", help="a query (see the README for the syntax)")

    sub = add(
        "import-annotations",
        _later("transfer", "cmd_import_annotations"),
        "bring back claims, app tags and reading state from a json (or w3c) export",
    )
    sub.description = (
        "Import a `briefing export --format json` file (or a W3C Web Annotation collection). "
        "The whole file is checked first: a file that is not valid is refused (exit 2) and "
        "nothing is written. Briefings are matched by content hash, then id, then URL, "
        "then the path they had (with their title or claims as a check); "
        "claims are re-anchored on the current text as a sync does; a claim whose briefing "
        "is not in the library is kept, orphaned. Importing the same file again adds nothing."
    )
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    sub.add_argument("--json", action="store_true", help="print the report as JSON")

    if only is None or only in _GROUPS["store"]:
        import_module(f"{__package__}.transfer").add_parsers(add, common)
    if only is None or only in _GROUPS["analysis"]:
        import_module(f"{__package__}.analysis").add_parsers(add, common)
    if only is not None and not built:
        return build_parser()
    return parser


def _rating_options(sub: argparse.ArgumentParser, *, clearing: bool) -> None:
    """``--credibility N`` and ``--event-date D`` of annotate and claim-edit."""
    clears = " (none clears it)" if clearing else ""
    sub.add_argument(
        "--credibility",
        metavar="N",
        help=f"1 confirmed by other sources ... 5 improbable, 6 cannot be judged{clears}",
    )
    sub.add_argument(
        "--event-date", metavar="D", help=f"when the reported thing happened, YYYY-MM-DD{clears}"
    )


_VALUE_OPTIONS = {
    *("--content", "--data", "--max-size", "--limit", "--sort", "--format", "-o", "--output"),
    *("--query", "--by"),
}


def _command_at(argv: list[str]) -> int | None:
    """Where the command name is in ``argv`` (after the common options), if anywhere."""
    index = 0
    while index < len(argv):
        item = argv[index]
        if item == "--":
            return None
        if item.startswith("-"):
            index += 2 if item in _VALUE_OPTIONS else 1
            continue
        return index
    return None


def _tag_query_first(argv: list[str]) -> list[str]:
    """``briefing tag --query Q +t -t``: the query moved before a mark standing for DOC.

    ``briefing tag`` reads its changes after DOC (so ``-todo`` is a tag, not an
    option); with ``--query`` there is no DOC, and a change right after the
    query would be taken for an unknown option. ``--query Q`` is taken from
    wherever it is and put first, followed by :data:`.library.QUERY_MARK`.
    """
    command_at = _command_at(argv)
    if command_at is None or argv[command_at] != "tag":
        return argv
    tail = argv[command_at + 1 :]
    query: str | None = None
    kept: list[str] = []
    index = 0
    while index < len(tail):
        item = tail[index]
        if item == "--query" and index + 1 < len(tail) and query is None:
            query = tail[index + 1]
            index += 2
            continue
        if item.startswith("--query=") and query is None:
            query = item.partition("=")[2]
        else:
            kept.append(item)
        index += 1
    if query is None:
        return argv
    return [*argv[: command_at + 1], f"--query={query}", QUERY_MARK, *kept]


def _negations_as_words(argv: list[str]) -> list[str]:
    """In ``briefing search``, ``claims``, ``export``, ``saved`` and ``timeline``, a
    ``-word`` is the query's NOT.

    argparse would refuse ``briefing search government -budget``; the query
    language reads ``-budget`` as ``NOT budget``, so the word is passed on in
    that spelling (the same query, which argparse leaves alone). Left as they
    are: ``export -oFILE`` (the short option with its value attached, which
    became the query ``NOT oFILE`` and the report went to the terminal) and a
    negative number in ``saved`` (``saved move NAME -1``, a position).
    """
    command_at = _command_at(argv)
    searching = ("search", "claims", "export", "saved", "timeline")
    if command_at is None or argv[command_at] not in searching:
        return argv
    command = argv[command_at]
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
        attached_output = command == "export" and item.startswith("-o") and len(item) > 2
        position = command == "saved" and item[1:].isdigit()
        if attached_output or position:
            rewritten.append(item)
        elif len(item) > 1 and item[0] == "-" and item[1] != "-" and item != "-h":
            rewritten.extend(["NOT", item[1:]])
        else:
            rewritten.append(item)
        index += 1
    return rewritten


def _parser_of(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command`` (``briefing saved add``: of ``saved``), else ``parser``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            chosen: argparse.ArgumentParser = action.choices[command]
            return chosen
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    ready_streams()
    arguments = _tag_query_first(_negations_as_words(list(sys.argv[1:] if argv is None else argv)))
    command_at = _command_at(arguments)
    named = arguments[command_at] if command_at is not None else None
    parser = build_parser(only=named)
    refuse_unknown_before_command(parser, arguments, command_at)
    args, extra = parser.parse_known_args(dashed_values_attached(arguments, parser))
    if extra:  # refused by the command's own parser: its --help is the one to read
        _parser_of(parser, named).error(f"unrecognized arguments: {' '.join(extra)}")
    handler = getattr(args, "handler", cmd_tui)
    try:
        check_arguments(parser, args)
        return handler(args)
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``briefing list | head``): not an error. Before OSError, its
        # base class; stdout is pointed at devnull so the flush at exit does not raise again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (CliError, PathsError, StoreError, IndexBusy, DocumentNotFound, OSError) as error:
        return report_error(error, debug=args.debug)
