"""Keys typed while a dialog opens go to the dialog, in order, once it can take them.

A dialog is pushed at once but mounts and focuses its first field a moment
later, and Textual gives the keys typed meanwhile to whatever had them before:
``t`` then ``urgent`` typed at speed (one read of the terminal) opened the
tags dialog with an empty field, the letters handed to the list, which has no
use for them, or worse, one that does (``u`` marks read). So the app holds the
keys typed after the one that opened a dialog (those already on their way to
the screen below are caught as they come back unhandled) until the dialog has
focused a widget, or :data:`HOLD_AT_MOST` passed for one that focuses
nothing, and gives them back in the order typed, each with its own time: a
confirmation still drops the keys typed before its question (see
:class:`~.dialogs.confirm.ConfirmScreen`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from textual import _time, events
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding
    from textual.timer import Timer
    from textual.widget import Widget

#: Seconds after which the keys held for a dialog that focused nothing are given back.
HOLD_AT_MOST = 0.5
#: Seconds a dialog said to be coming (:meth:`TypeaheadKeys.expect`) may take to be
#: pushed before the keys held for it are given back to whatever has the focus.
EXPECT_AT_MOST = 1.0

#: How often (seconds) the app looks whether the opening dialog can take the keys.
LOOK_EVERY = 0.02


class _Expected:
    """Stands for a dialog said to be coming, not pushed yet."""


EXPECTED = _Expected()


class TypeaheadKeys:
    """The keys held for the dialog being opened, if any (one app's)."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._screen: Screen[Any] | _Expected | None = None
        self._held: list[events.Key] = []
        #: Keys typed after this time are the opening dialog's.
        self._since = 0.0
        self._opened_at = 0.0
        self._timer: Timer | None = None
        #: The time of the key being handled now, if a key is (the one that may open a dialog).
        self.handling: float | None = None
        #: The last give-back's window: a key typed in it, still on its way, goes behind.
        self._given_back = (0.0, 0.0)
        #: How many holds were started: a key given back is held again only for a
        #: later one (a dialog opened by a key given back before it).
        self._holds = 0
        #: The dialog's field a ``tab`` being handled leaves (held until the focus moves).
        self._tab_from: Widget | _Expected | None = EXPECTED
        #: That ``tab`` came back to the app (its binding ran): the focus moved, or stays.
        self._tab_back = False
        #: A key a text field passes up (``ctrl+n``), held for until its binding has run.
        self._passed_up: events.Key | None = None

    def expect(self) -> None:
        """A dialog will be pushed once some work is done (a worker reads what it
        offers): hold the keys typed after the key being handled until it is.
        ``ctrl+w`` then a name typed at speed put the name into the search box."""
        if self._screen is EXPECTED and self._passed_up is not None:
            # Said by the binding of the key passed up: the keys held are its dialog's.
            self._passed_up, self._opened_at = None, _time.get_time()
            return
        self._start(EXPECTED)

    def not_coming(self) -> None:
        """What was said to be coming will not come (``enter`` in the search box with
        nothing listed): the keys held for it go back now, not a second later."""
        if self._screen is EXPECTED:
            self._give_back()

    def opening(self, screen: Screen[Any]) -> None:
        """``screen`` was just pushed: hold the keys typed since the key that pushed it
        (or since now, or since the key that said it was coming) until it can take them.
        Dialogs only, and a screen said to be coming (the reader, from the list)."""
        if self._screen is EXPECTED:  # the keys held for it are its own
            self._screen, self._opened_at = screen, _time.get_time()
            return
        if not isinstance(screen, ModalScreen):
            return
        self._start(screen)

    def _start(self, screen: Screen[Any] | _Expected) -> None:
        """Hold the keys typed after the key being handled (or from now) for ``screen``."""
        self._give_back()
        self._holds += 1
        now = _time.get_time()
        self._screen, self._opened_at = screen, now
        self._since = self.handling if self.handling is not None else now
        self._timer = self._app.set_interval(LOOK_EVERY, self._look)

    def hold(self, event: events.Key) -> bool:
        """Whether ``event`` (a key typed, or coming back unhandled) is held for the
        opening dialog or given back behind the keys held; ``False``: handled now."""
        given_back: int | None = getattr(event, "given_back", None)
        if given_back == self._holds:
            # Given back by the last hold: never held twice. A tab among them holds
            # the keys given back after it until it has moved the focus: tab tab 4
            # typed at speed in the claim dialog put the 4 in the tags (a walk).
            self._watch_tab(event)
            return False
        if event is self._passed_up:  # back at the app: its binding runs now
            self._app.call_next(self._passed_up_ran, event)
            return False
        if self._screen is None:
            since, until = self._given_back
            if not since < event.time <= until:
                if given_back is None:
                    self._watch_tab(event)
                    self._watch_passed_up(event)
                return False
            self._post(event)  # typed for the dialog, still on its way: behind the others
            return True
        if event.time <= self._since:
            # The tab held for has come back to the app: its binding runs now (a
            # path completed, say): once done, the keys held are given back.
            self._tab_back = self._tab_back or event.key in ("tab", "shift+tab")
            return False  # typed before the key that opened the dialog
        self._held.append(event)
        if self._ready():
            self._give_back()
        return True

    def _watch_tab(self, event: events.Key) -> None:
        """``tab`` (or ``shift+tab``) typed in a dialog: hold the keys typed after it
        until the focus has moved. Its binding runs as it comes back to the app,
        after the keys behind it were handed to the field it leaves: a note, tab,
        then tags typed at speed in the claim dialog put the tags into the note."""
        screen = self._app.screen
        if event.key not in ("tab", "shift+tab") or event.is_forwarded:
            return
        if not isinstance(screen, ModalScreen) or screen.focused is None:
            return
        if _priority(self._app, event.key):
            return  # its binding runs at once, before the keys behind it (Add's completion)
        self._start(screen)
        self._since, self._tab_from, self._tab_back = event.time, screen.focused, False

    def _watch_passed_up(self, event: events.Key) -> None:
        """A key typed in a text field that the field passes up to a binding of its
        screen or the app (``ctrl+n``, ``ctrl+t``): hold the keys typed after it
        until that binding has run. It runs as the key comes back to the app, and the
        field had taken the keys behind it by then: ``ctrl+n`` then a path typed at
        speed in the search box put the path into the query, the Add dialog empty.
        A dialog the binding opens gets them (:meth:`opening`); else they are given
        back once it has run."""
        focused = self._app.focused
        if event.is_forwarded or event.is_printable or not isinstance(focused, Input | TextArea):
            return
        key = event.key
        if not (("+" in key and key != "shift+tab") or re.fullmatch(r"f\d+", key)):
            return
        bindings = [
            binding
            for node, chain in self._app._binding_chain
            if node is not focused
            for binding in chain.key_to_bindings.get(key, ())
        ]
        if not bindings or any(binding.priority for binding in bindings):
            return  # nothing above takes it, or it ran already, as it was read
        if key in focused._bindings.key_to_bindings:
            return  # the field's own (ctrl+a, ctrl+e...)
        self._start(EXPECTED)
        self._since, self._passed_up = event.time, event

    def _passed_up_ran(self, event: events.Key) -> None:
        """The binding of the key passed up has run: no dialog came of it, nor is one
        said to be coming: the keys held go where the focus is."""
        if self._passed_up is event:
            self._passed_up = None
            if self._screen is EXPECTED:
                self._give_back()

    def _look(self) -> None:
        if self._screen is None or self._ready():
            self._give_back()

    def _ready(self) -> bool:
        screen = self._screen
        if isinstance(screen, _Expected):
            return _time.get_time() - self._opened_at >= EXPECT_AT_MOST
        tabbing = self._tab_from is not EXPECTED and screen is self._app.screen
        if tabbing and screen is not None and screen.focused is self._tab_from:
            return self._tab_back or _time.get_time() - self._opened_at >= HOLD_AT_MOST
        return (
            screen is None
            or screen is not self._app.screen
            or screen.focused is not None
            or _time.get_time() - self._opened_at >= HOLD_AT_MOST
        )

    def _give_back(self) -> None:
        """Post the held keys again, in the order typed, each with the time it was typed."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._screen is None:
            return
        held, self._held, self._screen = self._held, [], None
        self._tab_from, self._passed_up = EXPECTED, None
        self._given_back = (self._since, _time.get_time())
        for event in sorted(held, key=lambda key: key.time):
            self._post(event)

    def _post(self, event: events.Key) -> None:
        again = events.Key(event.key, event.character)
        again.time = event.time
        # Our mark: never held twice for the same hold (see ``_holds``).
        again.given_back = self._holds  # type: ignore[attr-defined]
        if hasattr(event, "previous_key_time"):
            again.previous_key_time = event.previous_key_time  # type: ignore[attr-defined]
        self._app.post_message(again)


def _priority(app: App[Any], key: str) -> bool:
    """Whether a priority binding takes ``key`` (run as it is read, not as it comes back)."""
    return any(binding.priority for binding in bindings_of(app, key))


def bindings_of(app: App[Any], key: str) -> list[Binding]:
    """Every binding of ``key`` from the focused widget up to the app, enabled or not
    (Textual's ``active_bindings`` asks each ``check_action`` first, for every key)."""
    chain = app._binding_chain  # Textual's own: the focused widget's up to the app
    return [
        binding for _node, bindings in chain for binding in bindings.key_to_bindings.get(key, ())
    ]


def key_again(event: events.Key) -> events.Key:
    """``event`` as a new key to post to the app: as typed, its time kept."""
    again = events.Key(event.key, event.character)
    again.time = event.time
    if hasattr(event, "previous_key_time"):
        again.previous_key_time = event.previous_key_time  # type: ignore[attr-defined]
    return again


def redirect_if_focus_moved(widget: Widget, event: events.Key) -> bool:
    """Give ``event`` to the widget focused now if the focus left ``widget`` after
    Textual handed the key to it; ``True`` when it was given on.

    Textual hands each key to the widget focused as the key is read, so the keys
    typed at speed after one that moves the focus all went to the widget before
    it: ``down`` then ``u`` in the library's search box typed a "u" into the query
    instead of marking the highlighted briefing read. Posted to the app again, as
    typed, the key goes where the focus is now. Keys reaching a screen under a
    dialog are left to :class:`TypeaheadKeys`.
    """
    screen = widget.screen
    focused = screen.focused
    if focused is None or focused is widget or screen is not widget.app.screen:
        return False
    event.stop()
    event.prevent_default()
    widget.app.post_message(key_again(event))
    return True


class FocusHandOver:
    """The keys typed after one that will send the focus from ``widget`` elsewhere,
    held until it has gone, then posted to the app again for the widget focused.

    A key's binding runs once the key has bubbled up to the app, and a focus moves
    a moment after that: the library's list had already been handed the keys typed
    after its ``escape`` (or ``up`` on its first row), both back to the search box,
    and ran them as its own: ``escape`` then ``tax`` opened the tag editor (``t``)
    and the Add dialog (``a``) instead of typing "tax". Given back after
    :data:`HOLD_AT_MOST` if the focus stays.
    """

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._held: list[events.Key] = []
        self._leaving = False
        self._timer: Timer | None = None

    def leaving(self) -> None:
        """The key being handled will move the focus away: hold the keys after it."""
        self._leaving = True
        if self._timer is None:
            self._timer = self._widget.set_timer(HOLD_AT_MOST, self.give_back)

    def hold(self, event: events.Key) -> bool:
        """Hold ``event`` if a key before it is moving the focus away (or pass it on if
        the focus has already gone); ``False``: the widget handles it."""
        if redirect_if_focus_moved(self._widget, event):
            return True
        if not self._leaving:
            return False
        event.stop()
        event.prevent_default()
        self._held.append(event)
        return True

    def give_back(self) -> None:
        """The focus moved (or stayed too long): the held keys go to the app, in order."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        held, self._held, self._leaving = self._held, [], False
        for event in held:
            self._widget.app.post_message(key_again(event))


#: Seconds ``q`` in the library's list waits before quitting: a letter typed within
#: it makes the ``q`` the first letter of a word for the search box instead.
QUIT_WAIT_S = 0.3


class PendingQuit:
    """``q`` in a list quits, unless it begins a word typed at speed.

    A newcomer typed "quokka" (a title in the library) into the list: its ``q``
    quit the app at once. Now the quit waits :data:`QUIT_WAIT_S`; a printable key
    typed meanwhile cancels it, and the ``q`` and that key are the word's first
    letters (:meth:`begins_word`). ``q`` again quits at once, ``escape`` cancels
    it; another key that is no letter (``down``) does what it does, the quit still comes.
    """

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._timer: Timer | None = None
        #: The ``q`` being waited on, given to the search box if a word follows.
        self._key: events.Key | None = None

    def start(self, key: events.Key) -> None:
        """The ``q`` typed (``key``) asks to quit: quit unless a letter follows."""
        if self._timer is not None:  # q q: no word begins so; the user means it
            self._quit()
            return
        self._key = key
        self._timer = self._widget.set_timer(QUIT_WAIT_S, self._quit)

    def begins_word(self, event: events.Key) -> events.Key | None:
        """If a quit waits and ``event`` is a letter (or other printable key but
        ``q``): the quit is cancelled and its ``q`` returned, to be typed first.
        """
        if self._timer is None or event.key == "q":
            return None
        if event.key == "enter":  # opens a reader: the quit would end it unasked
            self.cancel()
            return None
        if not (event.is_printable and event.character and not event.character.isspace()):
            return None
        key = self._key
        self.cancel()
        return key

    def cancel(self) -> bool:
        """``escape`` while a quit waits: no quit (a newcomer's way back). ``True``
        when one was waiting (the escape is spent on it)."""
        if self._timer is None:
            return False
        self._timer.stop()
        self._timer, self._key = None, None
        return True

    def _quit(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._key = None
        self._widget.app.exit()
