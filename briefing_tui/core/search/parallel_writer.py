"""The full build's writer with two indexing processes, made safe to stop.

Whoosh's :class:`~whoosh.multiproc.MpWriter` hands batches of briefings to
worker processes through a bounded queue and trusts them to live. Here the
workers end with their parent (``kill -9`` of the command, the app told to
stop), leave quietly on ctrl+c when the command does too, and the parent
never waits for ever on a queue no living worker reads, nor commits an index
without the part of a worker that was killed.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
from collections.abc import MutableMapping
from concurrent.futures import thread as futures_thread
from contextlib import suppress
from typing import Any

from whoosh import multiproc as whoosh_multiproc
from whoosh.multiproc import MpWriter, SubWriterTask

from briefing_tui.core.search.segment_writer import FastSegmentWriter

#: How often (seconds) a parent waiting to hand over a batch checks that a worker lives.
WORKER_CHECK_SECONDS = 0.5
#: How long (seconds) the commit waits for the segment of a worker that ended well.
RESULT_WAIT_SECONDS = 30.0


class ParentBoundSubWriter(SubWriterTask):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's indexing subprocess, made to end when its parent is killed.

    Whoosh's workers wait on their job queue forever, and, forked while the
    parent held the index's write lock, they hold it too: after a ``kill -9``
    of ``briefing index`` they lingered and every later write waited for the
    lock and failed as busy. A watchdog thread ends the worker as soon as its
    parent is gone.
    """

    def __init__(self, *args: Any, crew: list[SubWriterTask]) -> None:
        super().__init__(*args)
        self.parent_pid = os.getpid()
        #: Every worker of the writer, this one too (the parent's view).
        self.crew = crew

    def join(self, timeout: float | None = None) -> None:
        """Wait for this worker to end, as ``Process.join``; in the parent, waiting
        without a timeout (Whoosh's commit), fail instead of waiting for ever when
        another worker was killed: it may have died holding the job queue's lock,
        which this one then waits for."""
        if timeout is not None:
            super().join(timeout)
            return
        while self.exitcode is None:
            super().join(WORKER_CHECK_SECONDS)
            if self.exitcode is None and a_worker_died(self.crew):
                codes = ", ".join(str(task.exitcode) for task in self.crew if task.exitcode)
                raise ChildProcessError(f"{_WORKER_DIED} (exit {codes})")

    def run(self) -> None:
        # Ctrl-C reaches the whole process group: the command says it stopped;
        # the worker leaves without a word (it printed a traceback). A command
        # that ignores ctrl+c (started in the background by a script: `briefing
        # index &`) goes on building, so its workers must too: had they left, it
        # would have waited for ever to hand them the next batch. The fork gave
        # this process the command's handlers, so it can tell.
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, _leave_quietly)
        _forget_the_parents_thread_pools()
        threading.Thread(target=self._watch_parent, daemon=True).start()
        # In this worker process only: its segment is committed by the faster writer.
        whoosh_multiproc.SegmentWriter = FastSegmentWriter
        super().run()

    def _watch_parent(self) -> None:
        while os.getppid() == self.parent_pid:
            time.sleep(0.2)
        os._exit(1)


def _leave_quietly(_signal: int, _frame: object) -> None:
    os._exit(130)


def _forget_the_parents_thread_pools() -> None:
    """In a worker: drop the record of the parent's thread-pool threads.

    The app builds in a thread of a pool, so the workers are forked from
    one. The fork copies the pool's record of its threads, and at exit
    Python joins every one, this process's own thread among them: "cannot
    join current thread", and a worker that had handed over its whole part
    ended with exit code 1. The parent, seeing a worker end so while the
    other still worked, failed the build ("an indexing process ended…"),
    at random, on every first start in the app. The threads recorded
    are the parent's; none of them runs here.
    """
    record = getattr(futures_thread, "_threads_queues", None)  # CPython's, private
    if isinstance(record, MutableMapping):
        record.clear()


_WORKER_DIED = "an indexing process ended before its part of the index was written"


def a_worker_died(crew: list[SubWriterTask]) -> bool:
    """Whether a worker ended other than by finishing its part (a worker ends only
    when told to, with 0: any other exit is a kill or a crash)."""
    return any(task.exitcode not in (None, 0) for task in crew)


class _WatchedJobs:
    """The writer's job queue as the writer uses it (``put``), never blocking for
    ever: while it is full, each :data:`WORKER_CHECK_SECONDS` it checks the
    workers, and raises :class:`ChildProcessError` once one was killed (out of
    memory, a user's ``kill``, a signal the command itself ignored) or none lives
    to empty it. One killed worker is enough: it may have died holding the
    queue's lock, which the others then wait for."""

    def __init__(self, jobs: Any, tasks: list[SubWriterTask]) -> None:
        self.jobs = jobs
        self.tasks = tasks

    def put(self, job: object) -> None:
        while True:
            try:
                self.jobs.put(job, timeout=WORKER_CHECK_SECONDS)
                return
            except queue.Full:
                if a_worker_died(self.tasks) or not any(task.is_alive() for task in self.tasks):
                    raise ChildProcessError(
                        "the indexing processes ended before the index was built"
                    ) from None


class _CheckedResults:
    """The writer's result queue as the writer's commit uses it (``get``): Whoosh
    joins its workers, then takes one segment from each, and went on without a
    segment that was not there (a worker killed mid-build), committing an index
    that silently lacked that worker's briefings. Here a missing segment fails
    the commit; the index stays marked unfinished and the next sync builds it."""

    def __init__(self, results: Any, tasks: list[SubWriterTask]) -> None:
        self.results = results
        self.tasks = tasks

    def get(self, timeout: float | None = None) -> object:
        # Whoosh waits a second for each segment; a worker that ended well put its
        # segment before it ended, so while none ended otherwise, waiting longer
        # only lets a loaded machine deliver it.
        deadline = time.monotonic() + RESULT_WAIT_SECONDS
        while True:
            try:
                return self.results.get(timeout=timeout)
            except queue.Empty:
                ended = [task.exitcode for task in self.tasks if task.exitcode not in (None, 0)]
                if ended or time.monotonic() > deadline:
                    codes = ", ".join(str(code) for code in ended) or "0"
                    raise ChildProcessError(f"{_WORKER_DIED} (exit {codes})") from None


class ParentBoundMpWriter(MpWriter):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's multiprocess writer with workers that die with it, or when it is
    cancelled, and a parent that notices when they are gone (see the module)."""

    #: Whoosh's put of each batch (and of the end), through the watch.
    jobqueue: Any
    #: The queue itself, which the workers read.
    jobs: Any
    #: Whoosh's get of each worker's segment at the commit, checked.
    resultqueue: Any
    #: The queue itself, which the workers write.
    results: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Exiting must not wait to flush jobs no worker will read; a build that
        # ends well has handed every job over already.
        self.jobs = self.jobqueue
        self.jobs.cancel_join_thread()
        self.jobqueue = _WatchedJobs(self.jobs, self.tasks)
        self.results = self.resultqueue
        self.resultqueue = _CheckedResults(self.results, self.tasks)

    def cancel(self) -> None:
        # Whoosh's cancel only flags its copy of each worker; the worker itself
        # waits on its queue (holding the write lock it was forked with) until
        # this process ends. A build stopped in a process that lives on (the app
        # told to stop) ends them here.
        for task in self.tasks:
            with suppress(Exception):
                task.terminate()
                task.join(timeout=5)
        super().cancel()

    def _new_task(self) -> SubWriterTask:
        task = ParentBoundSubWriter(
            self.storage,
            self.indexname,
            self.jobs,
            self.results,
            self.subargs,
            self.multisegment,
            crew=self.tasks,
        )
        self.tasks.append(task)
        task.start()
        return task
