"""The one typed way from a screen, dialog or command provider to the running app.

Textual types ``self.app`` as ``App[object]``, so every use of the app's own
attributes (its workspace, its writes) went unchecked, an ignore comment each.
Screens and providers mix in :class:`AppAccess` and use :attr:`briefing_app`
instead: checked against :class:`~briefing_tui.tui.app.BriefingApp`. Requests
go to the app through it (the app is the one writer); news comes back as
messages (see :mod:`.messages`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from .app import BriefingApp


class _HasApp(Protocol):
    """What :class:`AppAccess` is mixed into: a Textual node or command provider."""

    @property
    def app(self) -> App[object]: ...


class AppAccess:
    """Mixin: :attr:`briefing_app`, the running app, typed."""

    __slots__ = ()

    @property
    def briefing_app(self) -> BriefingApp:
        """The app this screen (dialog, provider) runs in: always a :class:`BriefingApp`."""
        return cast("BriefingApp", cast(_HasApp, self).app)
