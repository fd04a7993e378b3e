"""A failed atomic write is said of the file asked for, never of its temporary file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from briefing_tui.core import files
from briefing_tui.core.files import atomic_write


def test_a_failed_rename_names_the_target_not_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "claims.json"
    target.write_bytes(b"old")

    def refuse(source: str, destination: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), source, str(destination))

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OSError) as caught:
        atomic_write(target, b"new")
    said = str(caught.value)
    assert said == f"cannot write {target}: {os.strerror(errno.EXDEV).lower()}"
    assert ".tmp" not in said
    # Still the OS's error, by number: a full disk is told apart from the rest.
    assert caught.value.errno == errno.EXDEV
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.json"]  # no stray temporary
