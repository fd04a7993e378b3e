"""What the app tells its screens: Textual messages, posted to every screen on the stack.

The app is the one writer (see :mod:`.claim_writes`, :mod:`.sync`): its
workers change the library under the core lock, then post one of these with
:meth:`~briefing_tui.tui.app.BriefingApp.broadcast`. Each screen handles
what concerns it (``on_claims_changed`` and so on) and ignores the rest; the
app never calls a screen to hand it data. None of them bubbles: a screen
that does not handle one lets it go, and the app does not see it again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.stream import StreamCounts
from briefing_tui.tui.listing import Listing

if TYPE_CHECKING:  # the feed modules load when feeds are first used, not at start-up
    from briefing_tui.core.briefings.feeds import Feed


@dataclass
class ClaimsChanged(Message, bubble=False):
    """A claim was added, edited, deleted or re-attached (accepted in review, too).

    Posted by the app's claim writes once the write is committed. Readers of
    ``doc_id`` show ``claims``; the library shows ``counts`` in its rows; a
    claims or review screen in view selects again.
    """

    #: The briefing whose claims changed.
    doc_id: str
    #: Its claims now, as the store holds them.
    claims: list[Claim]
    #: Claims per briefing, across the library.
    counts: dict[str, int]


@dataclass
class ClaimsChangedAcross(Message, bubble=False):
    """Claims changed across the library, not on one briefing: a claims' tag renamed,
    merged or deleted (the tag manager), claims imported (the palette's "Import
    claims"). Readers read their claims again, the claims screen selects again,
    the tag manager counts again."""

    #: Claims per tag, as the store holds them now.
    tag_counts: dict[str, int]


@dataclass
class RecordChanged(Message, bubble=False):
    """One briefing's record changed: its tags were saved in the tag editor.

    Posted by the app after the save. The library redraws its row (and
    preview); a reader of that briefing shows the tags in its header.
    """

    record: DocumentRecord


@dataclass
class TagsChanged(Message, bubble=False):
    """A tag was renamed, merged or deleted across the library (the tag manager).

    Posted by the app after the change. ``listing`` is the library listed
    again, every record as it is now: the library shows it, readers take their
    briefing's record from it, the tag manager counts the tags again.
    """

    listing: Listing


@dataclass
class ListingReady(Message, bubble=False):
    """The library listed: at start-up (rows only, from summaries) or after a
    sync that changed it. The library screen shows it."""

    listing: Listing
    #: Claims per briefing, at start-up (the listing's rows already show them).
    claim_counts: dict[str, int] | None = None
    #: Set once the listing is painted: the start-up worker waits for it.
    painted: threading.Event | None = None
    #: A briefing to put the cursor on: the first one an add brought in.
    select: str | None = None


@dataclass
class DetailsReady(Message, bubble=False):
    """The full records, read at start-up after the rows-only listing was shown.

    The library shows the preview that waited for them and opens a briefing
    asked for meanwhile, unless ``listing`` is no longer the one it shows.
    """

    records: dict[str, DocumentRecord]
    #: The rows-only listing these records complete.
    listing: Listing


@dataclass
class LibraryUnavailable(Message, bubble=False):
    """The library could not be opened (its store locked or damaged): the app
    says why in a notification, and the library screen's count line says so."""

    reason: str


@dataclass
class SyncProgress(Message, bubble=False):
    """A sync went on: ``done`` of ``total`` files seen. The library shows a bar."""

    done: int
    total: int
    #: During a first build committed in stages: how many briefings search finds
    #: so far (the count line says "indexing 41% — 41,000 of 100,000 searchable").
    searchable: int | None = None

    def can_replace(self, message: Message) -> bool:
        # Only the latest progress matters: one still waiting is replaced.
        return isinstance(message, SyncProgress)


@dataclass
class SyncFinished(Message, bubble=False):
    """A sync ended: the library hides its bar; ``error`` says why it failed.

    A sync that changed the library posts :class:`ListingReady` after this.
    """

    error: str | None = None


@dataclass
class ReadStateChanged(Message, bubble=False):
    """Briefings were marked read or unread (the reader after a few seconds or a
    page, ``u``, a bulk mark), once the mark is committed.

    The library redraws those rows' unread markers and its counts (``counts``:
    the library's unread, new and changed now); a reader of one of them
    remembers the state for ``u``.
    """

    doc_ids: list[str]
    read: bool
    #: The library's reading counts after the change (``None`` if they could not be read).
    counts: StreamCounts | None = None


@dataclass
class ReadingWidthChanged(Message, bubble=False):
    """The reading width was set (the command palette): readers re-wrap their text."""

    #: The widest line in columns; 0 for the whole width of the terminal.
    width: int


@dataclass
class SearchRequested(Message, bubble=False):
    """Back to the library's search box (``/`` in the reader, a tag chosen in
    the palette or the tag manager); the app has closed the screens above it.
    The library focuses the box and, given a ``query``, types it there."""

    query: str | None = None


@dataclass
class AddProgress(Message, bubble=False):
    """The Add dialog's work went on: ``done`` of ``total`` inputs read, the last ``what``.

    ``total`` is ``None`` before the first input is read. The dialog shows a bar.
    """

    done: int
    total: int | None
    what: str = ""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AddProgress)


@dataclass
class AddFinished(Message, bubble=False):
    """The Add dialog's work ended (the app has notified what came of it).

    The dialog closes when something came in or was found already there;
    when everything failed it stays open and says ``problem``.
    """

    created: int = 0
    skipped: int = 0
    #: Why nothing came in (the first failure's reason), when nothing did.
    problem: str | None = None
    #: What was given is a feed, at this address: the dialog offers to follow it.
    feed: str | None = None


@dataclass
class FetchProgress(Message, bubble=False):
    """Feeds are being fetched: ``done`` of ``total`` (``None``: not counted yet).

    The library and the feeds screen show a bar."""

    done: int
    total: int | None
    what: str = ""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FetchProgress)


@dataclass
class FetchFinished(Message, bubble=False):
    """A feed fetch ended: the bars go; a fetch that brought briefings posts
    :class:`ListingReady` before this, and :class:`FeedsChanged` after it."""


@dataclass
class FeedsChanged(Message, bubble=False):
    """The followed feeds, as ``feeds.json`` holds them after a fetch, an add or a
    remove (or when the feeds screen asked). The feeds screen shows them."""

    feeds: list[Feed]
    #: Why the feeds could not be read (a damaged ``feeds.json``), if they could not.
    error: str | None = None


@dataclass
class FeedFollowed(Message, bubble=False):
    """A follow asked for ended (after its :class:`FeedsChanged`): ``error`` says why
    ``address`` is not followed, else ``added`` names the feeds it added. The Follow
    dialog waits for it, open, so that a failure keeps what was typed."""

    address: str
    error: str | None = None
    added: list[str] = field(default_factory=list)


#: Every message the app broadcasts to its screens.
News = (
    ClaimsChanged
    | ClaimsChangedAcross
    | RecordChanged
    | TagsChanged
    | ListingReady
    | DetailsReady
    | LibraryUnavailable
    | SyncProgress
    | SyncFinished
    | ReadingWidthChanged
    | ReadStateChanged
    | SearchRequested
    | AddProgress
    | AddFinished
    | FetchProgress
    | FetchFinished
    | FeedsChanged
    | FeedFollowed
)
