"""The ``briefing`` command: thin subcommands over the core, for people and scripts.

Errors are one line on stderr with exit status 2 (``--debug`` shows the
traceback). ``briefing search`` exits 0 with hits, 1 with none, 2 on a bad
query, and so does ``briefing claims``. The claim commands sync the library
first, so claims are re-anchored to the files as they are now. Nothing here
imports Textual except the bare ``briefing`` that opens the TUI.

``main`` parses and dispatches (``main.py``); the commands live by what they
work on: ``library.py`` (index, search, list, show, tags, doctor, import, the
app), ``claims.py`` (annotate, claims, review, claim-*), ``transfer.py``
(export, import-annotations, backup, restore); ``common.py`` holds what they
share (errors, exit codes, output, the workspace).
"""

from __future__ import annotations

from .common import EXIT_ERROR, EXIT_NONE, EXIT_OK, CliError
from .main import build_parser, main

__all__ = ["EXIT_ERROR", "EXIT_NONE", "EXIT_OK", "CliError", "build_parser", "main"]
