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
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message


class TerminalGone(Message):
    """The terminal's input ended: no key can come any more."""


class InputEndingDriver(LinuxDriver):
    """:class:`LinuxDriver` whose input thread ends, and says so, at end of file."""

    def run_input_thread(self) -> None:
        """Textual 8.2's loop (MIT licence), with the end of the input ending it.

        Only the read differs: an empty read (end of file) or a read the
        closed terminal refuses (``EIO``) stops the loop and posts
        :class:`TerminalGone`; a read that would block or was interrupted is
        tried again at the next wake-up.
        """
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> bool:
            """Feed what was read to the parser; False once the input has ended."""
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    try:
                        data = os.read(self.fileno, 1024 * 4)
                    except (BlockingIOError, InterruptedError):
                        continue  # nothing to read after all (a terminal shared non-blocking)
                    except OSError:
                        return False
                    if not data:
                        return False
                    for event in parser.feed(decode(data, final=final and last)):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)
            return True

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
