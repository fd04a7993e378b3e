"""The Add dialog as a newcomer met it (session 18): escape pressed while a slow
server thought, and the page that came in afterwards was added all the same,
under a notification titled "Add stopped" that said "1 imported"."""

from __future__ import annotations

import threading
from typing import Any

from ingest_support import Site
from textual.widgets import Input

from briefing_tui.tui.dialogs.add import AddDialog
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle

PAGE = """<html><head><title>Levy tipped for Whitbread prize</title></head><body><article>
<h1>Levy tipped for Whitbread prize</h1>
<p>Novelist Andrea Levy is favourite to win the main Whitbread Prize book of the year
award, after winning novel of the year with her book Small Island.</p>
<p>Her book has already won the Orange Prize for fiction, and the judges are to announce
the winner of the overall award next week at a ceremony in London.</p>
</article></body></html>"""


def titles(app: Any) -> list[str]:
    return [row.title for row in app.library.query_one(BriefingList).rows]


async def test_escape_while_a_slow_page_comes_in_adds_nothing(make_app, site: Site) -> None:
    # The server answers once escape was pressed: the page arrives whole after it.
    # (It trickled in over a second, byte by byte: the pilot's enter, waiting for the
    # busy process to go idle, sometimes returned only once it had all come.)
    gate = threading.Event()
    url = site.put("/slow", PAGE, gate=gate)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.library.query_one(BriefingList).focus()
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddDialog)
        dialog.query_one(Input).value = url
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.working
        await pilot.press("escape")
        await pilot.pause()
        gate.set()
        assert isinstance(app.screen, LibraryScreen)
        for _ in range(200):
            if any(n.title.startswith("Add") for n in app._notifications):
                break
            await pilot.pause(0.05)
        await settle(app, pilot)
        [notice] = [n for n in app._notifications if n.title.startswith("Add")]
        assert notice.title == "Add stopped"
        assert notice.message == "Nothing added: stopped before anything was written."
        assert "Levy tipped for Whitbread prize" not in titles(app)
        assert site.asked("/slow")  # the page was asked for, and came
