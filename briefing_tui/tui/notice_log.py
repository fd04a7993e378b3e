"""Every notice of the session, kept whole, and the app's one way to notify.

A notification shows for a few seconds and, on a small terminal, a few
lines: an add of a folder said "… and 8 more" of what was not added and why,
and a fetch of many feeds the same, with nowhere to read the rest; a notice
missed while reading was gone for good. Each notice (with its whole text when
the shown one was cut, ``whole``) is kept here, the newest
:data:`MOST_KEPT`, and the "Messages" screen (the palette) lists them.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from briefing_tui.tui.app_base import AppBase

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

#: How many notices are kept (the oldest go first).
MOST_KEPT = 200


@dataclass(frozen=True)
class KeptNotice:
    """One notice as it was given, its text whole."""

    at: datetime
    title: str
    message: str
    severity: str


class NoticeKeeping(AppBase):
    """Mixed into the app: notifies in plain text, and keeps each notice whole."""

    @property
    def kept_notices(self) -> deque[KeptNotice]:
        """The session's notices, oldest first (made on the first one)."""
        kept: deque[KeptNotice] | None = self.__dict__.get("_kept_notices")
        if kept is None:
            kept = self.__dict__["_kept_notices"] = deque(maxlen=MOST_KEPT)
        return kept

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
        whole: str | None = None,
    ) -> None:
        """Notify with the message as plain text, whatever the caller asks, and keep it
        (``whole``: its whole text, when ``message`` is a shortened one).

        Messages quote titles, tags, links and file names, so Textual's default
        (parse markup) let a briefing style or add actions to a notice, and an
        unbalanced ``[/]`` raised while painting it and took the app down.
        """
        self.kept_notices.append(KeptNotice(datetime.now(), title, whole or message, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_messages(self) -> None:
        """The "Messages" screen: every notice of the session, newest first, whole."""
        from briefing_tui.tui.screens.messages import MessagesScreen

        if not isinstance(self.screen, MessagesScreen):
            self.push_screen(MessagesScreen())
