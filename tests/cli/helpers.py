"""What the CLI tests share: a one-line error's check, a file rewritten with a later
mtime (so a sync sees it changed), and the commands most tests start from."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

#: ``briefing ARGS`` in-process: (exit code, stdout, stderr).
Runner = Callable[..., tuple[int, str, str]]


def one_line_error(err: str) -> str:
    """The one line a refused command prints, without a traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: ")
    assert "Traceback" not in err
    return lines[0]


def rewrite(path: Path, text: str) -> None:
    """Write ``text`` with an mtime a second later than before: a change any sync sees."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    later = max(path.stat().st_mtime_ns, before) + 1_000_000_000
    os.utime(path, ns=(later, later))


def annotate(run: Runner, *args: str) -> str:
    """``briefing annotate ARGS``; the new claim's id."""
    code, out, err = run("annotate", *args)
    assert code == 0, err
    return out.strip()


def claims_json(run: Runner, *query: str) -> list[dict]:  # type: ignore[type-arg]
    """``briefing claims QUERY --json``: exit 0 with claims, 1 with none."""
    code, out, err = run("claims", *query, "--json")
    assert code in (0, 1), err
    listed = json.loads(out)
    assert (code == 0) == bool(listed)
    return listed  # type: ignore[no-any-return]


#: Turns a store of the current schema into one of schema 3, as a briefing-tui of that
#: time wrote it (no claim links, no source ratings, claims without ratings or event dates).
TO_SCHEMA_3 = (
    "DROP TABLE claim_links; DROP TABLE sources; "
    "ALTER TABLE claims DROP COLUMN credibility; ALTER TABLE claims DROP COLUMN event_date; "
    "PRAGMA user_version = 3;"
)
