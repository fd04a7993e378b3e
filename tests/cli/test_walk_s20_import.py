"""`briefing import` (and the app's Add, through the same intake) given a claims export:
it became a briefing titled "{" holding the JSON (a newcomer walk, session 20)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ingest_support import Runner, library_files

from .helpers import one_line_error

W3C_EXAMPLE = (
    Path(__file__).resolve().parents[1] / "standards" / "fixtures" / "examples" / "example01.jsonld"
)


def _refused(run: Runner, lib_dir: Path, target: Path, reason: str) -> None:
    before = library_files(lib_dir)
    code, _out, err = run("import", str(target))
    assert code == 2, err
    line = one_line_error(err)
    assert str(target) in line and reason in line, line
    assert library_files(lib_dir) == before


def test_annotations_given_to_import_point_to_import_annotations(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    w3c = tmp_path / "claims.jsonld"
    shutil.copy(W3C_EXAMPLE, w3c)
    _refused(run, lib_dir, w3c, "W3C Web Annotations, not an article: briefing import-annotations")
    native = tmp_path / "claims.json"
    native.write_text(json.dumps({"format": "briefing-tui", "version": 2, "documents": []}))
    _refused(run, lib_dir, native, "a claims export, not an article: briefing import-annotations")
    data = tmp_path / "data.json"
    data.write_text('{"a": [1, 2]}')
    _refused(run, lib_dir, data, "JSON data, not an article's text")


def test_text_that_starts_with_a_brace_is_still_an_article(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("{Draft} Grain markets\n\nGrain prices rose in spring.\n")
    code, _out, err = run("import", str(note))
    assert code == 0, err
