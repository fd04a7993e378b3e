"""What the app calls from a thread worker: progress after each input, a way to stop, its lock.

The Add dialog runs :func:`intake.ingest`, "Fetch feeds" runs
:func:`feed_fetch.fetch_feeds`; both report one result per input (or feed),
say how far they are, stop when asked, and hold the app's core lock only to
read the library and to sync it.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from ingest_support import FIXTURES, Site

from briefing_tui.core import feed_fetch, intake
from briefing_tui.core.workspace import Workspace


class CountingLock:
    """An RLock that counts how often it was taken, and by which thread."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.threads: list[str] = []

    def __enter__(self) -> bool:
        self.threads.append(threading.current_thread().name)
        return self.lock.__enter__()

    def __exit__(self, *exc: object) -> None:
        self.lock.__exit__(*exc)


def in_thread(work: Callable[[], object]) -> object:
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(work()), name="worker")
    worker.start()
    worker.join(60)
    return result[0]


def test_ingest_from_a_worker_reports_each_input_and_syncs(
    make_ws: Callable[..., Workspace], tmp_path: Path
) -> None:
    ws = make_ws()
    pages = [tmp_path / name for name in ("article.html", "table.html")]
    for page in pages:
        shutil.copy(FIXTURES / page.name, page)
    steps: list[tuple[int, int, str]] = []
    lock = CountingLock()
    given = [str(pages[0]), str(pages[1]), str(tmp_path / "missing.pdf")]
    report = in_thread(
        lambda: intake.ingest(ws, given, progress=lambda *a: steps.append(a), lock=lock)
    )
    assert isinstance(report, intake.IngestReport)
    assert steps == [(1, 3, given[0]), (2, 3, given[1]), (3, 3, given[2])]
    assert [o.status for o in report.outcomes] == ["created", "created", "failed"]
    assert report.outcomes[2].reason == "no such file"
    assert report.sync is not None and len(report.sync.added) == 2
    assert lock.threads == ["worker", "worker"]  # reading the library, then the sync
    assert ws.search("revalorisations").total == 1  # searchable when it returns


def test_ingest_stops_when_asked(make_ws: Callable[..., Workspace]) -> None:
    ws = make_ws()
    given = [str(FIXTURES / "article.html"), str(FIXTURES / "liveblog.html")]
    steps: list[tuple[int, int, str]] = []
    report = intake.ingest(
        ws, given, progress=lambda *a: steps.append(a), cancelled=lambda: bool(steps)
    )
    assert len(report.outcomes) == 1 and len(steps) == 1


def test_fetch_feeds_from_a_worker_reports_each_feed(
    make_ws: Callable[..., Workspace], site: Site
) -> None:
    ws = make_ws()
    ledger = site.put("/l.rss", (FIXTURES / "rss20.xml").read_bytes(), "application/rss+xml")
    site.put("/a.xml", (FIXTURES / "atom.xml").read_bytes(), "application/atom+xml")
    feed_fetch.add_feed(ws, ledger, name="ledger")
    feed_fetch.add_feed(ws, site.url("/a.xml"), name="rail")
    del site.resources["/a.xml"]
    steps: list[tuple[int, int, str]] = []
    report = in_thread(lambda: feed_fetch.fetch_feeds(ws, progress=lambda *a: steps.append(a)))
    assert isinstance(report, feed_fetch.FetchReport)
    # Each feed named as it is waited for (a feed that hangs is the one named), then all done.
    assert steps == [(0, 2, "ledger"), (1, 2, "rail"), (2, 2, "rail")]
    ledger_result, rail_result = report.feeds
    assert len(ledger_result.new) == 2 and ledger_result.error is None
    assert rail_result.error == "the server answered 404 Not Found"
    assert rail_result.summary() == "rail: failed: the server answered 404 Not Found"
    assert [f.name for f in report.failed_feeds] == ["rail"]
    listed = {f.name: (f.last_new, f.last_error) for f in feed_fetch.registry(ws).feeds}
    assert listed == {"ledger": (2, None), "rail": (0, "the server answered 404 Not Found")}
