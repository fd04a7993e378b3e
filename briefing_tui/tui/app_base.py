"""What the app's mixins (:mod:`.claim_writes`, :mod:`.sync`) may rely on, declared once.

At run time they are plain classes mixed into
:class:`~briefing_tui.tui.app.BriefingApp`, as before; for the type checker
they extend :class:`AppBase`, an ``App`` with the attributes and methods
``BriefingApp`` provides, so their use of them is checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable

    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from briefing_tui.core.paths import LibraryPaths
    from briefing_tui.core.workspace import Workspace
    from briefing_tui.tui.messages import News
    from briefing_tui.tui.screens.library import LibraryScreen
    from briefing_tui.tui.settings import Settings

    class AppBase(App[None]):
        """The app as its mixins see it (type checking only)."""

        paths: LibraryPaths
        max_bytes: int
        store_timeout_ms: int
        workspace: Workspace | None
        core_lock: threading.RLock
        #: Held around each change of ``feeds.json`` (a fetch, an add, a remove).
        feeds_lock: threading.Lock
        settings: Settings
        library: LibraryScreen
        #: Claim tags, for completion in the claim dialog.
        _claim_tags: list[str]
        #: Claims per briefing, as the last write or start-up counted them.
        _claim_counts: dict[str, int]

        def broadcast(self, message: News) -> None: ...

        def notify(  # see .notice_log: plain text, kept whole
            self,
            message: str,
            *,
            title: str = "",
            severity: SeverityLevel = "information",
            timeout: float | None = None,
            markup: bool = False,
            whole: str | None = None,
        ) -> None: ...

        def settle_memory(self) -> None: ...

        def request_sync(self, *, asked: bool) -> None: ...

        def refused_as_read_only(self, workspace: Workspace, error: BaseException) -> bool: ...

        def _go_to(self, kind: type[Screen[None]], make: Callable[[], Screen[None]]) -> None: ...

else:
    AppBase = object
