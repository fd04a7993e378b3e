"""Fixtures for the pilot tests: a small library and an app factory over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.worker import WorkerCancelled

from briefing_tui.tui.app import BriefingApp, create_app
from briefing_tui.tui.screens.reader.screen import ReaderScreen

BRIEFINGS = {
    "oil.md": """---
id: oil
title: Oil prices climb after OPEC cut
date: 2024-03-05
source: Wire
tags: [energy, markets]
summary: Brent rose four percent.
---

# Oil prices climb

Oil prices rose as the government minister spoke. See the [sanctions note](notes/sanctions.md),
the [web](https://example.org/x), a [file link](file:///etc/passwd) and [escape](../outside.md).

## Outlook

Analysts expect prices to stay high.
""",
    "notes/sanctions.md": """---
id: sanctions
title: S-400 sanctions threat
date: 2021-04-06
tags: [sanctions, india]
---

Washington warned India about sanctions over the S-400.
""",
    "election.md": """---
id: election
title: Election results
date: 2023-11-01
---

The prime minister won the election. [@click=app.quit] [bold]not bold[/bold]
""",
}


def write_library(root: Path, files: dict[str, str] = BRIEFINGS) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


@pytest.fixture
def make_app(library: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    def factory(content: Path | None = None) -> BriefingApp:
        return create_app(str(content or library), str(tmp_path / "data"))

    return factory


def claimed(library: Path, data: Path, path: str, quote: str) -> None:
    """``quote`` of the briefing at ``path`` made a claim, before any app starts."""
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(library, data)) as ws:
        ws.sync()
        record = ws.store.by_path(path)
        assert record is not None
        ws.annotate(record, quote)


async def settle(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until background work (open, sync, search, preview) has finished.

    A worker cancelled meanwhile (an exclusive one replaced, a stage's listing
    dropped once the build is done) is no failure: Textual's wait ends there with
    ``WorkerCancelled``, so the wait starts again for the others (a worker that
    failed still raises ``WorkerFailed``)."""
    for _ in range(3):
        for _tries in range(50):
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                continue
        await pilot.pause()


async def open_top_briefing(app: BriefingApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """Once the app has settled, open the library's top briefing (enter) in the reader."""
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


#: Parsed Textual CSS shared by the apps of this worker's tests. Textual parses
#: each app's stylesheet (its own ``.tcss`` and every widget's DEFAULT_CSS) when
#: the app starts, about 80 ms of a pilot test's CPU, and keeps what it parsed
#: only on that app's ``Stylesheet``; here the rules of the same text, location
#: and theme variables are parsed once per worker. Textual never changes a
#: parsed rule (a new theme is new variables, so a new key).
_PARSED_CSS: dict[tuple[object, ...], list[RuleSet]] = {}
_parse_rules = Stylesheet._parse_rules


def _shared_parse_rules(  # type: ignore[no-untyped-def]
    self: Stylesheet,
    css: str,
    read_from: CSSLocation,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, *sorted(self._variables.items()))
    rules = _PARSED_CSS.get(key)
    if rules is None:
        rules = _PARSED_CSS[key] = _parse_rules(
            self, css, read_from, is_default_rules, tie_breaker, scope
        )
    return rules


Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]
