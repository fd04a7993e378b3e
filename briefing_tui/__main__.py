"""``python -m briefing_tui`` and the ``briefing`` console script."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        _check_early(sys.argv[1:])
        from .cli import main as cli_main

        code = cli_main()
    except KeyboardInterrupt:
        # Ctrl-C while the program still loads (its imports take a fifth of a second,
        # more on a loaded machine): said as a command interrupted later says it, not
        # as a traceback of whichever import it landed in.
        print("briefing: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code)


def _check_early(argv: list[str]) -> None:
    """For ``briefing search``: start the library's stat pass now, in a child process,
    while the rest of the program loads (see ``core.changes.ForkedCheck``). Only the
    plain forms are read here; the command itself checks that the check is of its
    own library, store and size cap before it trusts it, so a misreading costs time,
    never a wrong answer."""
    folders: dict[str, str | None] = {"--content": None, "--data": None}
    command = None
    at = 0
    while at < len(argv) and argv[at] != "--":
        item = argv[at]
        if item in folders and at + 1 < len(argv):
            folders[item] = argv[at + 1]
            at += 2
            continue
        if item.startswith(("--max-size", "--content=", "--data=", "-h", "--help", "--version")):
            return  # a size cap or a form not read here: the command starts its own
        if command is None and not item.startswith("-"):
            command = item
        at += 1
    if command != "search":
        return
    from .core.briefings.documents import DEFAULT_MAX_BYTES
    from .core.changes import ForkedCheck
    from .core.paths import PathsError, resolve_paths

    try:
        paths = resolve_paths(folders["--content"], folders["--data"])
    except (PathsError, OSError):
        return  # the command says why, in its own words
    ForkedCheck.start_early(paths.content, paths.store_file, DEFAULT_MAX_BYTES)


if __name__ == "__main__":
    main()
