"""Which code the figures were measured on.

The product is developed while the benchmark runs (a full run takes minutes),
so the report records the commit and a hash of the package's sources at the
start and the end; if they differ, the figures mix two versions and the run
says so instead of printing a table that looks trustworthy.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = REPO_ROOT / "briefing_tui"


def sources_hash(package: Path = PACKAGE) -> str:
    """sha256 over the package's Python sources, names and contents, in a stable order."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def code_version() -> dict[str, Any]:
    """The commit, whether the package has uncommitted changes, and the sources' hash."""
    status = _git("status", "--porcelain", "--", "briefing_tui")
    return {
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(status) if status is not None else None,
        "sources": sources_hash(),
    }
