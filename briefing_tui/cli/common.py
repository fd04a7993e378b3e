"""What every ``briefing`` command shares: errors and exit codes, output, the workspace.

``CliError`` is the one-line error (exit 2); ``Style`` and ``ProgressBar`` write
for a terminal and stay plain otherwise; ``open_workspace`` opens the library for
one command and ``sync_library`` brings it up to date with the files first.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import difflib
import io
import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, TextIO, TypeVar, cast

from briefing_tui.core.files import ERROR_MEANINGS, disk_reason
from briefing_tui.core.tags import normalize_tag, tag_problem
from briefing_tui.core.text.sanitize import clean_line, clean_text

from ..core.changes import FolderCheck, ForkedCheck
from ..core.paths import resolve_paths
from ..core.search import Snippet
from ..core.sync import SyncReport
from ..core.workspace import Workspace

EXIT_OK, EXIT_NONE, EXIT_ERROR = 0, 1, 2
#: What a command's answer is (search results, facets): see :func:`answer_synced`.
Answer = TypeVar("Answer")


class CliError(Exception):
    """An error reported as one line, exit status 2."""


class BadQuery(CliError):
    """A query refused before it runs, said as a query's own errors are ("bad query: …")."""


def report_error(error: BaseException, *, debug: bool) -> int:
    """A command's error as its one line on stderr (after the traceback with
    ``--debug``, which used to re-raise it: exit 1, what ``search`` says of no hits)."""
    if debug:
        traceback.print_exception(error)
    # Messages quote the user's own paths: control bytes in them are shown, not run.
    kind = "bad query" if isinstance(error, BadQuery) else "error"
    print(f"briefing: {kind}: {clean_text(_said(error))}", file=sys.stderr)
    return EXIT_ERROR


def _said(error: BaseException) -> str:
    """An error as its line: a file system error named by its file and what it means."""
    if isinstance(error, OSError) and error.errno in ERROR_MEANINGS:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{disk_reason(error)}"
    return str(error)


class OneLineParser(argparse.ArgumentParser):
    """argparse, with its refusals as the one line every error is (exit 2).

    argparse printed its usage (up to six lines) above the error, and named an
    unknown argument as typed, control characters and all (``briefing list
    $'\\e[2J'`` cleared the terminal of whoever read the error). The usage is
    one ``--help`` away, and the line says so.
    """

    def error(self, message: str) -> NoReturn:
        message = _with_suggestion(message, self)
        self.exit(
            EXIT_ERROR,
            f"briefing: error: {clean_line(message)} (see `{clean_line(self.prog)} --help`)\n",
        )


#: argparse's refusal of a value not among the choices, and the choices.
_INVALID_CHOICE = re.compile(r"(argument \S+: invalid choice: '([^']*)')( \(choose from (.*)\))?$")


def _with_suggestion(message: str, parser: argparse.ArgumentParser) -> str:
    """argparse's refusal of a misspelt command, action or option, with the name
    meant: ``briefing serach`` listed all 29 commands and left the reader to find
    the one, ``--limt`` and ``--jsn`` were only "unrecognized"."""
    choice = _INVALID_CHOICE.match(message)
    if choice is not None:
        options = re.findall(r"'([^']*)'", choice.group(4) or "")
        close = difflib.get_close_matches(choice.group(2), options, n=1)
        if close:
            return f"{choice.group(1)}: did you mean '{close[0]}'?{choice.group(3) or ''}"
        return message
    unknown = re.match(r"unrecognized arguments: (\S+)", message)
    if unknown is not None and unknown.group(1).startswith("--"):
        typed = unknown.group(1).partition("=")[0]
        close = difflib.get_close_matches(typed, sorted(option_names(parser)), n=1)
        if close:
            return f"{message}: did you mean {close[0]}?"
    return message


def option_names(parser: argparse.ArgumentParser) -> set[str]:
    """The long options ``parser`` and the subcommands it built take."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= option_names(sub)
        found |= {name for name in action.option_strings if name.startswith("--")}
    return found


def refuse_unknown_before_command(
    parser: argparse.ArgumentParser, argv: list[str], command_at: int | None
) -> None:
    """An unknown option before the command is named as such.

    ``briefing --contnet lib list`` took ``lib`` for the command and said
    "invalid choice: 'lib'" with the list of commands, never naming the
    misspelt option (a newcomer walk). argparse's own prefixes (``--cont``)
    still work.
    """
    if command_at is None:
        return
    actions = parser._option_string_actions
    known = set(actions)
    value_next = False
    for item in argv[:command_at]:
        if value_next:  # an option's value, which may start with a dash (--content -lib)
            value_next = False
            continue
        name, equals, _ = item.partition("=")
        if not name.startswith("-"):
            continue
        if name in known:
            value_next = not equals and actions[name].nargs != 0
            continue
        meant = [option for option in known if option.startswith(name)]
        if name.startswith("--") and len(meant) == 1:  # an abbreviation argparse takes
            value_next = not equals and actions[meant[0]].nargs != 0
            continue
        parser.error(f"unrecognized arguments: {item}")


def dashed_values_attached(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """``--note -x`` as ``--note=-x``: a value starting with one dash, given to a long
    option that takes one.

    argparse takes ``-x`` for an unknown option and refused ``briefing mark --query
    -tag:done --read``, ``claim-edit C --note -ok`` or ``--tag -x`` ("expected one
    argument"), though ``tag --query -oil +x`` ran. A value starting with two dashes
    is left alone: that is an option, the value forgotten.
    """
    takes_value = _long_value_options(parser)
    attached: list[str] = []
    index = 0
    while index < len(argv):
        item = argv[index]
        if item == "--":
            attached.extend(argv[index:])
            break
        following = argv[index + 1] if index + 1 < len(argv) else ""
        if item in takes_value and following[:1] == "-" and following[:2] != "--":
            attached.append(f"{item}={following}")
            index += 2
            continue
        attached.append(item)
        index += 1
    return attached


def _long_value_options(parser: argparse.ArgumentParser) -> set[str]:
    """The long options of ``parser`` and its subcommands that take one value."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _long_value_options(sub)
        elif action.nargs is None and action.option_strings:
            found |= {name for name in action.option_strings if name.startswith("--")}
    return found


# -- output helpers ----------------------------------------------------------------


class Style:
    """ANSI emphasis when writing to a terminal, nothing otherwise."""

    def __init__(self, stream: TextIO) -> None:
        # NO_COLOR set to an empty string is as good as unset (no-color.org).
        self.on = stream.isatty() and not os.environ.get("NO_COLOR")

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
    """A one-line progress bar on stderr when it is a terminal, as wide as it has room for.

    At 40 columns the fixed 49-character line wrapped, and each ``\r`` went
    back to the start of its second half only: the bar scrolled the screen, a
    line per step, and left them there. It is cleared with spaces, not an
    escape code a dumb terminal (``TERM=dumb``) prints as it is.
    """

    #: Fewer steps than this finish too fast for a bar to be worth drawing.
    least = 20

    def __init__(self, stream: TextIO | None = None, label: str = "indexing") -> None:
        # Looked up when made, not when this module was imported: stderr may
        # have been replaced since (a test's capture, a redirected logger).
        self.stream = stream if stream is not None else sys.stderr
        self.active = self.stream.isatty()
        self.label = label
        self.drawn = 0

    def _columns(self) -> int:
        """The terminal's width: ``COLUMNS`` if set, else the stream's terminal, else 80."""
        try:
            return max(int(os.environ.get("COLUMNS", "")), 1)
        except ValueError:
            pass
        try:
            return os.get_terminal_size(self.stream.fileno()).columns or 80
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            return 80

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.active or total < self.least:
            return
        room = self._columns() - 1  # the last column wraps on some terminals
        count = f"{done}/{total}"
        width = min(30, room - len(self.label) - len(count) - 2)
        if width >= 5:
            filled = int(width * done / max(total, 1))
            line = f"{self.label} {'█' * filled}{'░' * (width - filled)} {count}"
        else:
            line = f"{self.label} {count}"[:room]
        self.stream.write("\r" + line.ljust(self.drawn))
        self.stream.flush()
        self.drawn = len(line)

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0


def print_json(data: Any) -> None:
    # Lossless on an output that cannot hold every character (LANG=en_US.ISO-8859-1,
    # PYTHONIOENCODING=ascii): there, the JSON escapes them.
    ascii_only = not _writes_unicode(sys.stdout)
    json.dump(data, sys.stdout, ensure_ascii=ascii_only, indent=2, default=str)
    sys.stdout.write("\n")


def _writes_unicode(stream: TextIO) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:
        return False


def ready_streams() -> None:
    """Standard output and error as a command can write them, whatever it was given.

    A closed one (``briefing search x >&-``, ``2>&-``) is ``None`` in Python, and
    the commands that write to it ended in a traceback: it becomes the null device,
    the command runs and its exit status says how it went. Its file descriptor is
    taken by the null device too, so no file the command opens later (the store)
    takes its number and receives what a library writes to "standard error". An
    output whose encoding cannot hold every character (a Latin-1 or ASCII locale)
    writes ``?`` for those rather than stopping at the first with a traceback.
    """
    for fd, name in ((1, "stdout"), (2, "stderr")):
        stream = getattr(sys, name)
        if stream is None:
            _null_in(fd)
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif name == "stdout" and _strict_narrow(stream):
            stream.reconfigure(errors="replace")


def _strict_narrow(stream: TextIO) -> bool:
    """A text stream that raises on a character its encoding lacks (ASCII, Latin-1)."""
    return (
        isinstance(stream, io.TextIOWrapper)
        and stream.errors == "strict"
        and not _writes_unicode(stream)
    )


def _null_in(fd: int) -> None:
    """The null device at file descriptor ``fd`` when nothing is open there."""
    try:
        os.fstat(fd)
        return  # in use (by something opened meanwhile): left alone
    except OSError:
        pass
    null = os.open(os.devnull, os.O_WRONLY)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def one_line(text: str, limit: int) -> str:
    """``text`` on one line (whitespace runs collapsed, controls made visible), cut to ``limit``."""
    flat = clean_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


#: The largest ``--max-size`` taken, in MB (a million: a terabyte, past any briefing).
MOST_MB = 1_000_000


def parse_size(value: str) -> int:
    """``--max-size`` in MB, as bytes: at least one byte, at most :data:`MOST_MB`
    (``inf`` and ``1e400`` ended in a traceback; ``0.0000001`` became 0 bytes)."""
    try:
        megabytes = float(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of MB") from error
    if not megabytes > 0:  # NaN too
        raise argparse.ArgumentTypeError("the size limit must be positive")
    if megabytes > MOST_MB:
        raise argparse.ArgumentTypeError(f"the size limit is at most {MOST_MB:,} MB")
    size = int(megabytes * 1024 * 1024)
    if size < 1:
        raise argparse.ArgumentTypeError(f"{value} MB is less than one byte")
    return size


def positive_count(value: str) -> int:
    """``--limit N``: a whole number of at least one (0 and -1 listed nothing and
    said "No briefings match" of a query that matched)."""
    try:
        count = int(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from error
    if count < 1:
        raise argparse.ArgumentTypeError("the limit must be at least 1")
    return count


def check_tags(tags: list[str]) -> list[str]:
    """``tags`` as given, once none is longer than a tag may be: ``tag:`` takes words
    of at most that length, so a longer tag could be set and never searched."""
    for tag in tags:
        name = normalize_tag(tag)
        problem = tag_problem(name) if name else "not a tag name (nothing left once cleaned)"
        if problem is not None:  # as the app refuses it; "," was dropped without a word
            raise CliError(f"{problem}: {one_line(tag, 30)}")
    return tags


# -- the workspace -----------------------------------------------------------------


@contextlib.contextmanager
def open_workspace(args: argparse.Namespace) -> Iterator[Workspace]:
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


def sync_library(
    ws: Workspace,
    quiet: bool = False,
    review_notice: bool = True,
    checked: FolderCheck | None = None,
    reading: bool = False,
) -> SyncReport:
    """Sync the library for one command, with a progress bar and notices on stderr.

    ``reading``: the command only reads, so a data folder that cannot be written
    does not stop it (see :mod:`.read_only`); a command that writes fails, saying so.
    """
    from .read_only import DataReadOnly, sync_unless_read_only

    try:
        return sync_unless_read_only(
            ws, lambda: _sync(ws, quiet, review_notice, checked), checked, reading
        )
    except DataReadOnly as error:
        raise CliError(str(error)) from error


def _sync(
    ws: Workspace, quiet: bool, review_notice: bool, checked: FolderCheck | None
) -> SyncReport:
    # A full build takes a while even for commands that are otherwise quiet:
    # say so, and show progress on a terminal, rather than seem to hang.
    building = ws.needs_full_build
    if building:
        for notice in ws.notices:
            print(f"briefing: {clean_text(notice.message)}", file=sys.stderr)
        ws.notices.clear()
        if sys.stderr.isatty():
            print("briefing: building the search index…", file=sys.stderr)
    bar = ProgressBar() if not quiet or building else None
    try:
        report = ws.sync(progress=bar, checked=checked)
    finally:
        if bar is not None:
            bar.close()
    for notice in ws.notices:
        print(f"briefing: {clean_text(notice.message)}", file=sys.stderr)
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


def answer_synced(
    ws: Workspace, answer: Callable[[], Answer], forked: ForkedCheck | None
) -> Answer:
    """``answer()`` over the library as it is on disk, as after :func:`sync_library`.

    ``forked`` is the sync's stat pass, started in a child process before the
    workspace was opened (see :class:`.changes.ForkedCheck`): ``answer`` runs
    meanwhile, over the index as it is. When the child found nothing to do, the
    sync is only the workspace's own catching up; otherwise (a file edited a
    moment ago) it is a whole sync. Either way, if the sync changed anything
    the answer is asked for again, so what the user sees is what syncing first
    gives; an error of the answer (a bad query) is raised after the sync, as
    before. Without a child (no fork here), the sync simply comes first.
    """
    if forked is None or ws.needs_full_build:
        sync_library(ws, quiet=True, reading=True)
        return answer()
    try:
        result: Answer | None = answer()
        error: Exception | None = None
    except Exception as raised:
        result, error = None, raised
    unchanged = forked.unchanged()
    checked = None if unchanged is None else FolderCheck.made_elsewhere(ws.root, unchanged)
    report = sync_library(ws, quiet=True, checked=checked, reading=True)
    if report.changed or report.caught_up or report.rebuilt is not None:
        return answer()
    if error is not None:
        raise error
    return cast(Answer, result)
