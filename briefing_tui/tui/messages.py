"""The app's own messages: workers report through these, widgets never do I/O."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..core.store import DocumentRecord


@dataclass
class LibraryLoaded(Message):
    """The store's document list is available (at start and after each sync)."""

    records: list[DocumentRecord]


@dataclass
class SyncProgress(Message):
    done: int
    total: int


@dataclass
class SyncFinished(Message):
    summary: str
    changed: bool
