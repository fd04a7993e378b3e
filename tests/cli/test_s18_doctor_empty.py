"""``briefing doctor`` on a library whose index is built and holds no briefing (an empty
folder indexed, or an import stopped with ctrl+c before its first file): it ended in
Whoosh's ``NotImplementedError`` traceback, reading the id column of an empty index."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.cli import main


def test_doctor_on_an_empty_built_index_says_it_is_ok(
    lib_dir: Path, data_dir: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    common = ["--content", str(lib_dir), "--data", str(data_dir)]
    assert main(["index", *common]) == 0
    capsys.readouterr()
    assert main(["doctor", *common]) == 0
    out, err = capsys.readouterr()
    assert "Index:   ok (0 briefings)" in out
    assert "Traceback" not in err and not err
