"""Getting briefings in: the Add dialog (an address, a file or a folder) and the feed dialog.

The Add dialog asks the app to import what was given
(:meth:`~briefing_tui.tui.intake_work.IntakeWork.add_briefings`), shows the
progress the app broadcasts, and closes when something came in; when
everything failed it stays open saying why, the text kept for a fix. An
address that is a feed's is offered to be followed instead: ``enter`` again
opens the feeds screen with the Follow dialog filled in.
``escape`` stops the import under way. :class:`FeedDialog` asks what
``briefing feeds add`` asks: the address, a name, tags, full text; it closes once
the feed checks out, else it stays open saying why, what was typed kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar

from briefing_tui.core.text.sanitize import clean_line
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.dialogs.fitting import FieldsAboveDock
from briefing_tui.tui.dialogs.tab_order import TAB_AS_READ
from briefing_tui.tui.messages import AddFinished, AddProgress, FeedFollowed

#: Folder entries looked at for one completion (a huge folder is not listed whole).
MAX_ENTRIES = 5000


def clean_given(text: str) -> str:
    """What was pasted, as a path or address: quotes around it and ``\\ `` escapes undone.

    File managers and terminals paste ``'/a b/page.html'`` or ``/a\\ b/page.html``.
    """
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    if "\\ " in text and "://" not in text and not Path(text).expanduser().exists():
        return text.replace("\\ ", " ")
    return text


class PathSuggester(Suggester):
    """Completes a path being typed from what the folder holds (folders end with ``/``)."""

    def __init__(self, cwd: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.cwd = cwd

    async def get_suggestion(self, value: str) -> str | None:
        return self.complete(value)

    def complete(self, value: str) -> str | None:
        """``value`` completed with the first name in its folder that it starts, or
        ``None``: what the field shows in grey (the right arrow takes it)."""
        found = self.names(value)
        if found is None:
            return None
        stem, names = found
        return value + names[0][len(stem) :]

    def path_of(self, value: str) -> Path | None:
        """The path ``value`` names (``~`` expanded, from ``cwd`` when relative);
        ``None`` for nothing or a web address."""
        if not value or "://" in value or value.startswith(("http:", "https:")):
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.cwd / path

    def names(self, value: str) -> tuple[str, list[str]] | None:
        """The name being typed and the names in its folder that it starts, in
        order (folders end with ``/``); ``None`` when there is nothing to add."""
        path = self.path_of(value)
        if path is None:
            return None
        folder, stem = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    entry.name + ("/" if entry.is_dir() else "")
                    for entry in islice(entries, MAX_ENTRIES)
                    if entry.name.startswith(stem) and (stem or not entry.name.startswith("."))
                )
        except OSError:
            return None
        if not names or names == [stem]:
            return None
        return stem, names


class AddDialog(AppAccess, FieldsAboveDock, ModalScreen[None]):
    """Paste an address or a path; the app imports it and the new briefings are listed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="add.cancel"),
        Binding("tab", "complete", "Complete the path", id="add.complete", priority=True),
    ]
    FIELDS = "#add-body"

    def __init__(self, cwd: Path | None = None, given: str = "") -> None:
        super().__init__()
        self.cwd = cwd or Path.cwd()
        #: Filled in to start with (an empty library's own folder of .txt files).
        self.given = given
        #: An import is under way (the input waits, escape stops it).
        self.working = False
        #: (what was given, the feed's address) when what was given is a feed.
        self.feed_offer: tuple[str, str] | None = None
        self._given = ""
        #: The field's value when tab last said what completes it (said until it changes).
        self._completed: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content("Add briefings"), id="add-title")
            # Short enough not to need the keyboard (tab completes the path instead).
            with VerticalScroll(id="add-body", can_focus=False):
                yield Label(
                    Content(
                        "A web address (https://…), or a saved web page, a PDF, a text or "
                        "Markdown file, or a folder of them. ~ is your home folder; other "
                        f"paths start from {self.cwd}."
                    ),
                    id="add-hint",
                )
            with Vertical(id="add-foot"):
                yield Input(
                    self.given,
                    placeholder="https://…  or  ~/Downloads/page.html",
                    id="add-input",
                    suggester=PathSuggester(self.cwd),
                )
                yield Label("", id="add-status")
                yield ProgressBar(id="add-progress", show_eta=False)
                yield Label(
                    Content("enter: add · tab: complete the path · escape: cancel"),
                    id="add-help",
                )

    def on_mount(self) -> None:
        self.query_one("#add-progress").display = False
        self.query_one("#add-status").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted, "#add-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.working:
            return
        given = clean_given(event.value)
        if not given:
            self._say("Give a web address or the path of a file or folder.", problem=True)
            return
        if self.feed_offer is not None and self.feed_offer[0] == given:
            address = self.feed_offer[1]
            self.dismiss(None)
            self.briefing_app.follow_from_add(address)
            return
        self.feed_offer = None
        self._given = given
        self.working = True
        self.query_one(Input).disabled = True
        self._say(f"Adding {given}…")
        bar = self.query_one("#add-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.call_after_refresh(self.fit_fields)  # the docked part changed
        self.query_one("#add-help", Label).update(Content("escape: stop adding"))
        self.briefing_app.add_briefings(given)

    def on_add_progress(self, event: AddProgress) -> None:
        if not self.working:
            return
        if event.total is not None and event.done >= event.total:
            self._say(f"Read {event.total:,}; now indexing what is new…")
        elif event.total is not None:
            self._say(f"Read {event.done:,} of {event.total:,}: {event.what}")
        self.query_one("#add-progress", ProgressBar).update(total=event.total, progress=event.done)

    def on_add_finished(self, event: AddFinished) -> None:
        if not self.working:
            return
        self.working = False
        if event.problem is None:
            self.dismiss(None)  # the notification says what came in
            return
        self.query_one("#add-progress").display = False
        self.call_after_refresh(self.fit_fields)  # the docked part changed
        self.query_one("#add-help", Label).update(
            Content("enter: add · tab: complete the path · escape: cancel")
        )
        field_ = self.query_one(Input)
        field_.disabled = False
        field_.focus()
        if event.feed is not None:
            self.feed_offer = (self._given, event.feed)
            self.query_one("#add-help", Label).update(
                Content("enter: follow it as a feed · escape: cancel")
            )
            self._say(
                "Not added: it is a feed, not a page. Follow it to bring in its items "
                "now and at each fetch: enter opens the feeds screen with it filled in.",
                problem=True,
            )
            return
        self._say(f"Not added: {event.problem}", problem=True)

    def _say(self, text: str, *, problem: bool = False) -> None:
        status = self.query_one("#add-status", Label)
        status.update(Content(text))
        status.set_class(problem, "-problem")
        status.display = True
        self.call_after_refresh(self.fit_fields)  # the docked part changed

    def action_complete(self) -> None:
        """Complete the path (the rest of a file or folder name, as shown in grey).

        Worked out here, at once, not taken from the field's suggestion: that is
        worked out a moment after each change, so a second ``tab`` typed at speed
        found none yet and was lost (``al`` tab tab stopped at ``alpha/``)."""
        field_ = self.query_one(Input)
        if field_.disabled:
            return
        suggester = field_.suggester
        found = suggester.names(field_.value) if isinstance(suggester, PathSuggester) else None
        if found is not None:
            # As a shell does: the part every name shares, and the names when
            # more than one goes on from there (``a`` tab took the first of
            # ``alpha/`` and ``alps/``, and the other could not be reached).
            stem, names = found
            common = os.path.commonprefix(names)  # noqa: RUF071 (names, letter by letter)
            field_.value += common[len(stem) :]
            if len(names) > 1:
                shown = "  ".join(names[:8]) + ("  …" if len(names) > 8 else "")
                self._say_completion(field_.value, f"{len(names)} names go on from here: {shown}")
        elif isinstance(suggester, PathSuggester):
            path = suggester.path_of(field_.value)
            if path is not None and not field_.value.endswith("/") and not path.exists():
                text = f"Nothing in {path.parent} starts with “{path.name}”."
                self._say_completion(field_.value, text)
        field_.cursor_position = len(field_.value)

    def _say_completion(self, value: str, text: str) -> None:
        self._completed = value
        self._say(text)

    @on(Input.Changed, "#add-input")
    def _typed(self, event: Input.Changed) -> None:
        """What tab said is for the value it completed: gone once the path changes
        (it listed the last folder's names under a path typed since)."""
        if self._completed is not None and event.value != self._completed:
            self._completed = None
            self.query_one("#add-status").display = False
            self.call_after_refresh(self.fit_fields)  # the docked part changed

    def action_cancel(self) -> None:
        if self.working:
            self.briefing_app.cancel_add()
        self.dismiss(None)


@dataclass(frozen=True)
class FeedRequest:
    """A feed to follow, as the feed dialog was filled in."""

    address: str
    name: str | None = None
    tags: list[str] = field(default_factory=list)
    full_text: bool = False


class FeedDialog(AppAccess, FieldsAboveDock, ModalScreen[FeedRequest | None]):
    """The address of a feed (or a page naming one, or a feed or OPML file), a name,
    tags, and whether to fetch each item's page; ``enter`` in a field asks the app to
    follow it and waits, open, for the outcome (:class:`.FeedFollowed`): it closed
    at once, and a failure lost the address, name and tags typed. ``address`` fills
    the address in (a feed given to the Add dialog)."""

    DEFAULT_CSS = """
    FeedDialog #feed-foot { dock: bottom; height: auto; }
    FeedDialog #feed-status {
        width: 1fr; height: auto; max-height: 3; padding: 0 2; display: none;
    }
    FeedDialog #feed-status.-problem { color: $text-error; }
    """

    def __init__(self, address: str = "") -> None:
        super().__init__()
        self.address = address
        #: The app is following the address (the fields wait; escape closes).
        self.working = False
        #: What was asked of the app, the outcome awaited.
        self._asked: FeedRequest | None = None

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="feed.cancel"),
        # ctrl+s saves in the claim dialog; here it did nothing (a walk).
        Binding("ctrl+s", "follow", "Follow", id="feed.follow", priority=True),
        *TAB_AS_READ,
    ]
    #: Under 30 rows no blank lines: the whole dialog shows at 80x24.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    FIELDS = "#feed-body"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content("Follow a feed"), id="feed-title")
            with VerticalScroll(id="feed-body"):
                yield Label(
                    Content(
                        "The address of an RSS or Atom feed, of a web page that names its "
                        "feed, or the path of a feed or OPML file."
                    ),
                    classes="field-label",
                )
                yield Input(
                    self.address,
                    placeholder="https://…/feed.xml  or  ~/feeds.opml",
                    id="feed-address",
                )
                yield Label(Content("Name (optional)"), classes="field-label")
                yield Input(placeholder="from the feed's title", id="feed-name")
                yield Label(
                    Content("Tags (optional, space or comma separated)"), classes="field-label"
                )
                yield Input(id="feed-tags")
                yield Checkbox(
                    "Full text: fetch each item's page (for feeds of summaries)",
                    id="feed-full-text",
                )
            # Docked below the fields with the buttons: the fields scroll to make room,
            # and a reason of two lines never pushes the buttons off at 80x24.
            with Vertical(id="feed-foot"):
                yield Label("", id="feed-status")
                with Horizontal(id="buttons"):
                    yield Button("Follow (ctrl+s)", id="follow", variant="primary")
                    yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        # Given an address, the name comes next (enter alone follows it as it is).
        self.query_one("#feed-name" if self.address else "#feed-address", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#follow")
    def _follow(self) -> None:
        if self.working:
            return
        address = clean_given(self.query_one("#feed-address", Input).value)
        if not address:
            self.notify("Give the feed's address or file.", severity="warning")
            self.query_one("#feed-address", Input).focus()
            return
        name = self.query_one("#feed-name", Input).value.strip() or None
        tags = self.query_one("#feed-tags", Input).value.replace(",", " ").split()
        full_text = self.query_one("#feed-full-text", Checkbox).value
        self._wait(True)
        self._say(f"Checking {address}…")
        self._asked = FeedRequest(address, name, tags, full_text)
        self.briefing_app.follow_feed(address, name, tags, full_text)

    def awaits_follow(self, address: str) -> bool:
        """Whether the outcome of following ``address`` is awaited here (and said here)."""
        return self.working and self._asked is not None and self._asked.address == address

    def on_feed_followed(self, event: FeedFollowed) -> None:
        asked = self._asked
        if not self.working or asked is None or event.address != asked.address:
            return  # another follow's outcome (this dialog's has not come yet)
        if event.error is None:
            self.dismiss(asked)
        else:
            self._refused(asked, event.error)

    def _refused(self, request: FeedRequest, reason: str) -> None:
        """Not followed: said here, every field as it was typed, for a fix."""
        self._wait(False)
        self._say(clean_line(f"Not following {request.address}: {reason}"), problem=True)
        self.query_one("#feed-address", Input).focus()

    def _wait(self, working: bool) -> None:
        self.working = working
        for widget in self.query("#feed-body Input, #feed-body Checkbox, #follow"):
            widget.disabled = working

    def _say(self, text: str, *, problem: bool = False) -> None:
        status = self.query_one("#feed-status", Label)
        status.update(Content(text))
        status.set_class(problem, "-problem")
        status.display = True
        self.call_after_refresh(self.fit_fields)  # the docked part changed

    def action_follow(self) -> None:
        """``ctrl+s`` (a priority key): followed once the field has taken the keys typed
        before it, as enter does."""
        focused = self.focused
        (focused.call_later if focused is not None else self.call_later)(self._follow)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
