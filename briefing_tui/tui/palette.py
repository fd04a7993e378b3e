"""The app's own commands in the command palette (``ctrl+p``), with what each does.

Apart from the app (:mod:`.app`) so that it reads as a list: each title, the line
of help the palette shows under it, and what it calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    from briefing_tui.tui.app import BriefingApp

EXPORT_HELP = "Write claims as md, json, csv or w3c (on the claims screen: those it shows)"


def palette_commands(
    app: BriefingApp, screen: Screen[object]
) -> list[tuple[str, str, Callable[[], object]]]:
    """(title, help, callback) of every app command, for ``screen`` (the claims screen
    exports what it shows)."""
    return [
        (
            "Add briefings",
            "A web address, a saved page, a PDF, a text file or a folder (a on the library)",
            app.open_add_dialog,
        ),
        ("Fetch feeds", "Every followed feed's new items into the library", app.start_fetch),
        (
            "Feeds",
            "The followed feeds: last fetched, new items, errors; fetch, add, remove",
            app.action_feeds,
        ),
        ("Export claims", EXPORT_HELP, getattr(screen, "action_export", app.action_export)),
        (
            "Import claims",
            "Claims from a json or W3C (.jsonld) export, onto the briefings here",
            app.open_claims_import,
        ),
        ("Claims", "Every claim in the library (f2)", app.action_claims),
        ("Review claims", "Claims an edit moved or lost (f3)", app.action_review),
        ("Tag manager", "Rename, merge, delete tags (f4)", app.action_tag_manager),
        ("Timeline", "The claims screen's claims by event date (f5)", app.action_timeline),
        (
            "Overview",
            "Briefings per week, claims by status and rating (f6)",
            app.action_overview,
        ),
        ("Sources", "Every source with its reliability; rate them A-F", app.action_sources),
        (
            "Reading width",
            f"The reader's widest line, now {app._width_text()}",
            app.action_reading_width,
        ),
        ("Messages", "Every notice of this session, whole, newest first", app.action_messages),
    ]
