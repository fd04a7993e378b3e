"""Fixtures for the pilot tests: a small library and an app factory over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.tui.app import BriefingApp, create_app

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


async def settle(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until background work (open, sync, search, preview) has finished."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
