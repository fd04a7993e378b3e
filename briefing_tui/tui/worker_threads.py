"""The threads the app's thread workers run on: each job in a fresh context.

Textual runs a thread worker's function on the event loop's default executor
and sets its ``active_worker`` context variable there, in the executor
thread's own context, which lives as long as the thread. So each executor
thread kept the last worker it ran, and through the worker its screen (the
worker's node, and the context its task was started in): a closed reader,
every widget of it, stayed alive until that thread happened to run another
worker. Measured leaving a 100 KB briefing: the collection that should have
freed it walked ~110,000 objects and freed almost none, and the reader was
then frozen with the app (``gc_hold``), kept for good.

Here every job runs in a new, empty :class:`contextvars.Context` that ends with
it, which is what a job saw before at its start (threads inherit no context;
Textual sets ``active_worker`` first thing), minus what the previous job left.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App


class FreshContextExecutor(ThreadPoolExecutor):
    """A thread pool whose every job runs in a context of its own, dropped after it."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return super().submit(contextvars.Context().run, fn, *args, **kwargs)


def use_fresh_context_threads(loop: asyncio.AbstractEventLoop) -> None:
    """Make ``loop``'s default executor one that runs each job in a fresh context."""
    loop.set_default_executor(FreshContextExecutor(thread_name_prefix="briefing-worker"))


#: Seconds a save waits for the core lock before it says it is waiting.
SAY_WAITING_AFTER = 0.5


@contextlib.contextmanager
def held_saying_so(app: App[Any], lock: threading.RLock, what: str) -> Iterator[None]:
    """Hold ``lock`` (a worker thread's save); when it is not free within
    :data:`SAY_WAITING_AFTER`, say that ``what`` waits for it.

    During a first start's build the index holds the lock for each of its steps:
    a tag saved then was written only when the step ended, and said nothing
    meanwhile (a kill -9 in between lost a save the user thought made).
    """
    if not lock.acquire(timeout=SAY_WAITING_AFTER):
        app.call_from_thread(
            app.notify, f"{what} as soon as the index's current step is done…", timeout=5
        )
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
