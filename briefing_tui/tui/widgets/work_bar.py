"""A line at the foot of a screen saying what runs in the background, with a progress bar.

A sync, an index build and a feed fetch may run at once: each is a *job*
with its own key. The line shows the job that reported last, and hides when
none is left. A job that can be stopped says how, after its text (a
fetch: ``ctrl+p`` "Stop fetching feeds", or the screen's own key).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar


@dataclass
class _Job:
    text: str
    done: int
    #: ``None``: how much there is to do is not known yet (the bar pulses).
    total: int | None


#: How each job that can be stopped is stopped, unless the screen says otherwise.
STOP_HINTS = {"fetch": "ctrl+p Stop fetching"}


class WorkBar(Horizontal):
    """``Syncing 40/120 ███░░░ 33%``: hidden until a job reports."""

    DEFAULT_CSS = """
    WorkBar .work-hint {
        width: auto;
        text-wrap: nowrap;
        color: $text-muted;
        padding-right: 2;
    }
    """

    def __init__(self, *, id: str | None = None, hints: dict[str, str] | None = None) -> None:
        super().__init__(id=id, classes="work-bar")
        self._jobs: dict[str, _Job] = {}
        #: Job → how to stop it (shown after the bar while the job is shown).
        self.hints = {**STOP_HINTS, **(hints or {})}
        self.display = False

    def compose(self) -> ComposeResult:
        yield Label("", classes="work-label")
        # Before the bar: on a narrow screen the bar's end is cut, not how to stop.
        yield Label("", classes="work-hint")
        yield ProgressBar(show_eta=False, classes="work-progress")

    def report(self, job: str, text: str, done: int = 0, total: int | None = None) -> None:
        """Show ``job`` at ``done`` of ``total``; ``text`` is shown as it is (never markup)."""
        self._jobs.pop(job, None)
        self._jobs[job] = _Job(text, done, total)  # the last to report is shown
        self._show()

    def end(self, job: str) -> None:
        """``job`` is over: show another one still running, or hide the line."""
        self._jobs.pop(job, None)
        self._show()

    @property
    def jobs(self) -> list[str]:
        """The jobs under way, the one shown last."""
        return list(self._jobs)

    @property
    def text(self) -> str:
        """What the line says (empty when hidden)."""
        return next(reversed(self._jobs.values())).text if self._jobs else ""

    @property
    def hint(self) -> str:
        """How to stop the job shown (empty when it cannot be stopped, or none is shown)."""
        return self.hints.get(next(reversed(self._jobs)), "") if self._jobs else ""

    def _show(self) -> None:
        if not self._jobs:
            self.display = False
            return
        job = next(reversed(self._jobs.values()))
        self.display = True
        self.query_one(".work-label", Label).update(Content(job.text))
        hint = self.hint
        self.query_one(".work-hint", Label).update(Content(hint))
        self.query_one(".work-hint", Label).display = bool(hint)
        bar = self.query_one(".work-progress", ProgressBar)
        bar.update(total=job.total, progress=job.done)
