"""What a shell user's walk through the command line found (session 19).

Two ``briefing import`` of one folder at once each read what the library
held before the other wrote: every briefing came in twice, two files with the
same id. A feed followed (``feeds add``) while a ``briefing fetch`` ran was
gone when the fetch saved the list it had read at its start. At 40 columns
the progress bar (49 characters) wrapped and scrolled a line per step.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.cli.common import ProgressBar
from briefing_tui.core.feed_fetch import add_feed, fetch_feeds, remove_feed
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

from .helpers import Runner

ROOT = Path(__file__).resolve().parents[2]

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://example.com/</link>
<description>d</description>
<item><title>{title} item</title><link>https://example.com/{slug}/1</link>
<guid isPermaLink="false">tag:{slug},2024:1</guid>
<description>{title} reports on grain shipments through the northern ports.</description>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>
</channel></rss>
"""


def _feed_file(folder: Path, slug: str, title: str) -> Path:
    path = folder / f"{slug}.xml"
    path.write_text(RSS.format(title=title, slug=slug), encoding="utf-8")
    return path


@pytest.fixture
def run(lib_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    def runner(*args: str) -> tuple[int, str, str]:
        try:
            code = main([*args, "--content", str(lib_dir), "--data", str(data_dir)])
        except SystemExit as ended:
            code = ended.code if isinstance(ended.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def test_two_imports_of_one_folder_at_once_bring_each_file_in_once(
    lib_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for number in range(80):
        (incoming / f"t{number}.txt").write_text(
            f"Report number {number}\n\nShips and grain, report {number} of the series.\n",
            encoding="utf-8",
        )
    command = [sys.executable, "-m", "briefing_tui", "--content", str(lib_dir)]
    command += ["--data", str(data_dir), "import", str(incoming)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([*command[:7], "index"], env=env, check=True, capture_output=True)
    both = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    said = [process.communicate(timeout=120) for process in both]
    assert [process.returncode for process in both] == [0, 0], said
    briefings = sorted(path.name for path in lib_dir.glob("*.md"))
    assert len(briefings) == 80, briefings[:6]
    summaries = sorted(err.decode().strip().splitlines()[-1] for _, err in said)
    assert summaries == ["0 imported, 80 skipped, 0 failed", "80 imported, 0 skipped, 0 failed"]
    waited = [err.decode() for _, err in said if b"waiting for another import" in err]
    assert len(waited) <= 1


def test_a_feed_followed_or_dropped_during_a_fetch_stays_so(
    run: Runner, lib_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    ledger = _feed_file(tmp_path, "ledger", "The Ledger")
    courier = _feed_file(tmp_path, "courier", "The Courier")
    harbour = _feed_file(tmp_path, "harbour", "Harbour News")
    assert run("feeds", "add", str(ledger), "--name", "ledger")[0] == 0
    assert run("feeds", "add", str(courier), "--name", "courier")[0] == 0
    with Workspace(resolve_paths(str(lib_dir), str(data_dir))) as ws:

        def meanwhile(done: int, total: int, what: str) -> None:
            """Another command, while the fetch is under way: one feed followed, one dropped."""
            if done == 1:
                with Workspace(resolve_paths(str(lib_dir), str(data_dir))) as other:
                    add_feed(other, str(harbour), name="harbour")
                    remove_feed(other, "courier")

        report = fetch_feeds(ws, progress=meanwhile)
    assert report.new == 2
    code, out, err = run("feeds", "list", "--json")
    assert code == 0, err
    listed = {feed["name"]: feed for feed in json.loads(out)}
    assert sorted(listed) == ["harbour", "ledger"]
    assert listed["ledger"]["last_fetched"] is not None  # what the fetch found is kept too
    assert listed["ledger"]["last_new"] == 1
    assert listed["harbour"]["last_fetched"] is None


class _Terminal(io.StringIO):
    """stderr as a terminal (a narrow one, by ``COLUMNS``)."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("columns", [40, 24, 12])
def test_the_progress_bar_fits_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    terminal = _Terminal()
    bar = ProgressBar(terminal)
    for done in range(0, 2226, 25):
        bar(done, 2225, "business/bbc-business-1.md")
    bar.close()
    written = terminal.getvalue()
    assert written, "nothing drawn"
    assert "\x1b" not in written  # cleared with spaces: TERM=dumb shows escape codes as text
    drawn = [line for line in written.split("\r") if line.strip()]
    assert max(len(line) for line in drawn) < columns, drawn[-1]
    assert written.endswith("\r") and not written.split("\r")[-2].strip()  # left clear


def test_a_non_latin_title_names_its_file(run: Runner, lib_dir: Path, tmp_path: Path) -> None:
    """Every Russian or Japanese page or feed item was ``briefing.md``, ``briefing-2.md``…"""
    russian = tmp_path / "ru.txt"
    russian.write_text(
        "Москва: переговоры о поставках\n\nПереговоры о поставках нефти продолжились.\n",
        encoding="utf-8",
    )
    japanese = tmp_path / "jp.txt"
    japanese.write_text("東京：会議の結果\n\n東京で会議が開かれました。\n", encoding="utf-8")
    code, out, err = run("import", str(russian), str(japanese))
    assert code == 0, err
    names = sorted(Path(line).name for line in out.splitlines())
    assert names == ["москва-переговоры-о-поставках.md", "東京-会議の結果.md"]
    code, out, _ = run("show", "москва-переговоры-о-поставках.md")
    assert code == 0 and "Переговоры о поставках нефти" in out


def test_a_long_title_of_wide_letters_stays_a_valid_file_name(run: Runner, tmp_path: Path) -> None:
    title = "𠀀" * 100  # four bytes each in UTF-8: 60 of them and a date passed 255 bytes
    page = tmp_path / "wide.txt"
    page.write_text(f"{title}\n\nA text about ships.\n", encoding="utf-8")
    code, out, err = run("import", str(page), "--date", "2024-03-05")
    assert code == 0, err
    assert len(Path(out.strip()).name.encode("utf-8")) <= 255
