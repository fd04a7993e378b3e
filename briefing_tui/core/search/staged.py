"""A full build's index writer, committed in growing stages.

A first build of a large library takes minutes (100,000 briefings: several);
committed only at its end, nothing could be searched until then. Committed
in stages, each stage is a set of whole segments the searcher can open: the
first after twenty briefings (the list and search have something within
a second or two: a stage's commit costs with the words it holds, and a
hundred briefings of 100,000 hold 20,000 words, 0.85 s to write against
0.2 s for twenty), each next one five times as far: a build of 100,000
commits seven times rather than once. Stages commit without merging (a merge would rewrite
what the stages before it wrote), and the last one folds the stages before
it into one segment, so the built index has three segments rather than two.

A build stopped half-way keeps the stages it committed, but the index stays
marked unfinished (see :mod:`.index`), so the next sync builds it again.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from types import TracebackType
from typing import Any

from whoosh.index import FileIndex
from whoosh.writing import IndexWriter

from briefing_tui.core.search.index import index_writer

#: The first stage ends after this many briefings were added.
FIRST_STAGE = 20
#: Each next stage ends when this many times as many were added.
STAGE_GROWTH = 5
#: Below this many briefings, a stage is indexed by one process: starting the
#: helper process and committing its segment costs more than it gains.
PARALLEL_STAGE = 400


def stage_ends(total: int) -> list[int]:
    """Where the stages of a build adding ``total`` briefings end (the last: at the end)."""
    ends: list[int] = []
    end = FIRST_STAGE
    while end < total:
        ends.append(end)
        end *= STAGE_GROWTH
    return ends


class StagedWriter:
    """One index writer at a time, committed when a stage ends (see the module).

    Used as a context manager: leaving it normally commits the last stage;
    leaving it by an exception cancels the stage being written (the committed
    ones stay). ``committed(searchable)`` is called after each stage's commit
    but the last, with how many briefings the index then holds.
    """

    def __init__(
        self,
        ix: FileIndex,
        *,
        total: int,
        procs: int,
        staged: bool,
        committed: Callable[[int], None] | None = None,
    ) -> None:
        self.ix = ix
        self.procs = procs
        self.committed = committed
        #: Where the stages end (added briefings); empty: one commit at the end.
        self.ends = stage_ends(total) if staged else []
        #: Briefings added so far, and how many of them are committed (searchable).
        self.added = 0
        self.searchable = 0
        self._stack: ExitStack | None = None
        self._writer: IndexWriter | None = None

    def __enter__(self) -> StagedWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        stack, self._stack, self._writer = self._stack, None, None
        if stack is not None:
            stack.__exit__(kind, error, trace)

    @property
    def writer(self) -> IndexWriter:
        """The writer of the stage under way (opened on first use)."""
        if self._writer is None:
            left = (self.ends[0] if self.ends else None, self.added)
            procs = self.procs
            if left[0] is not None and left[0] - left[1] < PARALLEL_STAGE:
                procs = 1
            stack = ExitStack()
            # The last stage folds the stages before it into one segment: searching
            # the app's index over every stage's segments was slower (10,000: seven
            # segments, date:2019 17 ms at p50 against 3 ms over two).
            last = not self.ends and self.searchable > 0
            self._writer = stack.enter_context(
                index_writer(self.ix, procs=procs, merge=not self.ends, fold=last)
            )
            self._stack = stack
        return self._writer

    def add_document(self, **fields: Any) -> None:
        self.writer.add_document(**fields)
        self.added += 1

    def update_document(self, **fields: Any) -> None:
        self.writer.update_document(**fields)
        self.added += 1

    def delete_by_term(self, field: str, value: str) -> None:
        self.writer.delete_by_term(field, value)

    @property
    def stage_done(self) -> bool:
        """Whether the stage under way has all its briefings (the caller then
        stores their records and calls :meth:`commit_stage`)."""
        return bool(self.ends) and self.added >= self.ends[0]

    def commit_stage(self) -> None:
        """Commit the stage under way; the next briefing starts the next stage."""
        stack, self._stack, self._writer = self._stack, None, None
        if stack is not None:
            stack.close()
        self.ends.pop(0)
        self.searchable = self.added
        if self.committed is not None:
            self.committed(self.searchable)
