"""The one typed way from a screen, dialog or command provider to the running app.

Textual types ``self.app`` as ``App[object]``, so every use of the app's own
attributes (its workspace, its writes) went unchecked, an ignore comment each.
Screens and providers mix in :class:`AppAccess` and use :attr:`briefing_app`
instead: checked against :class:`~briefing_tui.tui.app.BriefingApp`. Requests
go to the app through it (the app is the one writer); news comes back as
messages (see :mod:`.messages`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, ParamSpec, Protocol, cast

from textual.binding import Binding
from textual.css.query import NoMatches

if TYPE_CHECKING:
    from textual.app import App

    from .app import BriefingApp

_Args = ParamSpec("_Args")


def search_library_binding(screen: str) -> Binding:
    """``/`` on a screen with no search box of its own (the overview, the source
    manager, the tag manager): back to the library's search box, the query kept."""
    return Binding(
        "slash",
        "app.return_to_search",
        "Search library",
        tooltip="Back to the library's search box",
        id=f"{screen}.search_library",
        show=False,
    )


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

    def from_worker(
        self, show: Callable[_Args, object], *args: _Args.args, **kwargs: _Args.kwargs
    ) -> None:
        """From a thread worker: run ``show`` on the event loop, unless this screen
        has no widgets to show it on (not mounted yet, or closed and freed since):
        such an answer queried a widget that was not there, and that ended the app
        (seen once on a loaded machine: f6, then ``s``, then ``b``). The screen's own
        mount or resume counts again."""
        cast(_HasApp, self).app.call_from_thread(_unless_gone, show, *args, **kwargs)


def _unless_gone(show: Callable[_Args, object], *args: _Args.args, **kwargs: _Args.kwargs) -> None:
    with suppress(NoMatches):  # the screen's widgets are not there: nothing to show it on
        show(*args, **kwargs)
