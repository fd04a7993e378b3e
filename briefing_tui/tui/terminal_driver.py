"""The terminal driver: Textual's, but the app ends when its terminal's input ends.

A terminal closed without a SIGHUP reaching the app (a tmux server killed
under ``make run``, whose ``make`` is the session leader; an SSH connection
that dropped) leaves the app's standard input at end of file. Textual's
:class:`~textual.drivers.linux_driver.LinuxDriver` (8.2) then reads ``b""``
over and over, each read returning at once: the process spun at 100% of a
core, for good, with nobody to see it or quit it (Textual's pull request
6690 proposes stopping the reading). Here the input thread stops at end of
file and tells the app, which exits as after ``ctrl+q``: its workers end, the
store is closed, nothing written is lost.

It also reads ``escape`` then a key typed right after it as the two keys they
are. A terminal sends ``escape`` as the byte ESC, and Textual's parser reads
ESC and a character arriving together (within 0.1 s, or in one write: keys
sent by ``tmux send-keys Escape q``, a fast typist, a slow SSH link) as that
character with Alt: ``alt+q``, which nothing here is bound to, so the escape
was lost and the q with it; ESC and ``/`` lost the escape alone. The app binds
no Alt key: an ESC before a printable character that starts no terminal
sequence is ``escape``, and an ``alt+`` letter or digit is ``escape`` then it.
"""

from __future__ import annotations

import os
import selectors
import time
from codecs import getincrementaldecoder

from textual import events
from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.constants import ESCAPE_DELAY
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message


class TerminalGone(Message):
    """The terminal's input ended: no key can come any more."""


#: After ESC, the characters that begin a terminal's sequence (CSI, SS3, OSC, DCS,
#: ST, APC, PM, SOS) rather than a key typed after ``escape``.
SEQUENCE_STARTS = frozenset("[O]P\\_^X")
ESC = "\x1b"


def split_escapes(text: str) -> list[str | None]:
    """``text`` cut at each ESC that comes before a printable character starting no
    sequence, that ESC given as ``None`` (``"\x1bq/"`` → ``[None, "q/"]``); every other
    ESC stays in the text, for the parser (a sequence, or one cut off at the end)."""
    pieces: list[str | None] = []
    start = 0
    at = text.find(ESC)
    while at >= 0:
        following = text[at + 1 : at + 2]
        if following.isprintable() and following and following not in SEQUENCE_STARTS:
            if at > start:
                pieces.append(text[start:at])
            pieces.append(None)
            start = at + 1
        at = text.find(ESC, at + 1)
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def unalted(event: events.Key) -> list[events.Key]:
    """An ``alt+`` letter or digit as ``escape`` then that key (see the module's
    docstring); any other key as it is."""
    character = event.character
    if event.key.startswith("alt+") and character and len(character) == 1 and character.isalnum():
        return [events.Key("escape", ESC), events.Key(character, character)]
    return [event]


class InputEndingDriver(LinuxDriver):
    """:class:`LinuxDriver` whose input thread ends, and says so, at end of file."""

    def run_input_thread(self) -> None:
        """Textual 8.2's loop (MIT licence), with the end of the input ending it.

        What is read is split at the escapes typed before a key (see the module's
        docstring). An empty read (end of file) or a read the
        closed terminal refuses (``EIO``) stops the loop and posts
        :class:`TerminalGone`; a read that would block or was interrupted is
        tried again at the next wake-up.
        """
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        # An ESC ending a read, kept for the next (a typist's escape and the key after
        # it come in two): with it, split as one read; after ESCAPE_DELAY alone, escape.
        carried: list[float] = []

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> bool:
            """Feed what was read to the parser; False once the input has ended."""
            for last, (_key, mask) in loop_last(ready):
                if mask & selectors.EVENT_READ:
                    try:
                        data = os.read(self.fileno, 1024 * 4)
                    except (BlockingIOError, InterruptedError):
                        continue  # nothing to read after all (a terminal shared non-blocking)
                    except OSError:
                        return False
                    if not data:
                        return False
                    text = ESC * len(carried) + decode(data, final=final and last)
                    carried.clear()
                    if text.endswith(ESC) and not final:
                        text = text[:-1]
                        carried.append(time.monotonic())
                    for piece in split_escapes(text):
                        if piece is None:  # escape, typed before the key after it
                            self.process_message(events.Key("escape", ESC))
                            continue
                        for event in parser.feed(piece):
                            post(event)
            if carried and time.monotonic() - carried[0] >= ESCAPE_DELAY:
                carried.clear()
                self.process_message(events.Key("escape", ESC))
            for event in parser.tick():  # ESC then a key in the next read: alt+ it, here
                post(event)
            return True

        def post(event: Message) -> None:
            for key in unalted(event) if isinstance(event, events.Key) else [event]:
                self.process_message(key)

        try:
            while not self.exit_event.is_set():
                if not process(selector.select(0.1)):
                    self.send_message(TerminalGone())
                    return
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass


def input_ending(driver_class: type[Driver]) -> type[Driver]:
    """The driver to run with: ours where Textual picked its Linux (POSIX) driver."""
    return InputEndingDriver if driver_class is LinuxDriver else driver_class
