"""Checks on a command's parsed arguments that no one command's parser makes.

``--query ""`` on a command that changes what it matches is refused (see
:func:`refuse_empty_query`). And text arguments must be UTF-8:
an argument holding bytes that are not UTF-8 (``$(printf 'x\\xe9y')``: Python keeps
them as lone surrogates) ended about fourteen commands in a traceback as the store
or the index met it, and ``import --title`` wrote it into front matter no YAML
reader could read again (a walk). Briefings, tags, notes and queries are text: such
an argument is refused up front, named. File names (``-o``, ``FILE``)
may hold any bytes a file system allows, and are taken as they are; ``--into``
names a folder in the library, which must be text for its briefings to be indexed.
"""

from __future__ import annotations

import argparse

from briefing_tui.core.text.sanitize import has_surrogates

from .common import BadQuery, CliError

#: Where an argument names a file or a folder to read or write (any bytes). Not
#: ``--into``: a folder inside the library, whose briefings the index would skip.
FILE_NAMES = frozenset({"output", "file", "files"})


#: What acts on every briefing on purpose, where ``--query ""`` is refused.
EVERY_BRIEFING = "is:read OR is:unread"


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The checks below, before a command runs (:class:`CliError` for the first failed)."""
    refuse_undecodable(parser, args)
    refuse_empty_query(args)


def refuse_empty_query(args: argparse.Namespace) -> None:
    """``tag --query "" +x`` and ``mark --query "" --read`` changed every briefing in the
    library, unasked: a script's unset variable does that (a walk), as ``--data ""``
    did before it was refused. The app asks first; a command cannot, so acting on
    every briefing takes a query that says so."""
    query = getattr(args, "query", None)
    if isinstance(query, str) and not query.strip():
        raise BadQuery(
            "an empty --query would match every briefing; to change them all,"
            f" say so: --query '{EVERY_BRIEFING}'"
        )


def refuse_undecodable(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Raise :class:`CliError` naming the first text argument that is not UTF-8.

    ``--content`` and ``--data`` are refused too: the library's key, the store's
    paths and every message are text, and such a folder ended every command."""
    handler = getattr(args, "handler", None)
    # ``adopt --from OLD`` is the library folder's old path; ``saved rename OLD`` a name.
    adopting = getattr(handler, "__name__", "") == "cmd_adopt"
    for dest, value in vars(args).items():
        if dest in FILE_NAMES or (adopting and dest == "old"):
            continue
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, str) and has_surrogates(one):
                if dest == "query":  # as the query parser says it (``search``, ``claims``)
                    raise BadQuery("the query holds bytes that are not valid UTF-8 text")
                shown = _as_bytes_shown(one)
                raise CliError(
                    f"{_name(parser, dest)} holds bytes that are not valid UTF-8 text"
                    f" ({shown}): names, tags, notes and queries are kept as text"
                )


def _as_bytes_shown(text: str) -> str:
    """``text`` with its undecodable bytes shown as the shell gave them (``x\\xe9y``)."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # half a UTF-16 pair, not a byte (only from Python callers)
        return text.encode("utf-8", "backslashreplace").decode("ascii")


def _name(parser: argparse.ArgumentParser, dest: str) -> str:
    """How the command line writes the argument kept as ``dest`` (``--note``, ``QUERY``),
    looked for in ``parser`` and the commands under it (``saved add``)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found = _name(sub, dest)
                if found != dest:
                    return found
        elif action.dest == dest and action.option_strings:
            return action.option_strings[-1]
        elif action.dest == dest:
            return str(action.metavar or dest)
    return dest
