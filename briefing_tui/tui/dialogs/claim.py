"""The claim dialog: the quote, a multi-line note, tags with completion, a status, and
the analyst's credibility (1 to 6) and event date (``YYYY-MM-DD``).

A credibility or event date that is not one is refused in the dialog, with the
reason, and nothing is saved. Editing a claim it was given (``claim=``), the
dialog also offers the link picker (``ctrl+l``) and shows a suggested credibility
when other sources back the claim (never set by itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, TextArea

from briefing_tui.core.claims.model import STATUSES, Claim
from briefing_tui.core.claims.vocabulary import (
    CREDIBILITY_MEANINGS,
    VocabularyError,
    check_credibility,
    check_event_date,
)
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.fitting import FieldsAboveDock
from briefing_tui.tui.dialogs.tags import change_problem, parse_tag_input
from briefing_tui.tui.widgets.choice_set import ChoiceSet

#: The credibility grades and their meanings, as one line under the field.
GRADES = " · ".join(f"{grade} {meaning}" for grade, meaning in CREDIBILITY_MEANINGS.items())


class LastTagSuggester(Suggester):
    """Completes the tag being typed, the last word, from the tags known: Textual's
    ``SuggestFromList`` completed the whole field, so only a first tag (``tax yuk``
    offered nothing)."""

    def __init__(self, known: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._known = known

    async def get_suggestion(self, value: str) -> str | None:
        word = value.rsplit(" ", 1)[-1]
        if not word:
            return None
        folded = word.casefold()
        for tag in self._known:
            if tag.casefold().startswith(folded) and len(tag) > len(word):
                return value[: len(value) - len(word)] + tag
        return None


@dataclass(frozen=True)
class ClaimEdit:
    """What the dialog hands back: the note, the claim's tags and its status."""

    note: str
    tags: list[str] = field(default_factory=list)
    status: str = "open"
    #: 1 to 6, ``None``: not rated; an ISO date, ``None``: not said.
    credibility: int | None = None
    event_date: str | None = None
    #: What the dialog showed for them when it opened (an edit changes only what differs).
    credibility_before: int | None = field(default=None, compare=False)
    event_date_before: str | None = field(default=None, compare=False)


class ClaimDialog(AppAccess, FieldsAboveDock, ModalScreen[ClaimEdit | None]):
    """Create or edit a claim; ``ctrl+s`` saves, ``escape`` cancels, ``ctrl+l`` links."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="claim.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="claim.cancel"),
        Binding("ctrl+l", "link", "Link", id="claim.link", priority=True),
    ]
    # A short terminal gets a smaller quote box and note (see app.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    FIELDS = "#claim-body"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]

    def __init__(
        self,
        quote: str,
        *,
        note: str = "",
        tags: list[str] | None = None,
        status: str = "open",
        known_tags: list[str] | None = None,
        title: str = "New claim",
        credibility: int | None = None,
        event_date: str | None = None,
        claim: Claim | None = None,
    ) -> None:
        super().__init__()
        #: The claim edited (its rating, event date, links), when the caller gave it.
        self.claim = claim
        self._credibility = claim.credibility if claim is not None else credibility
        self._event_date = claim.event_date if claim is not None else event_date
        self._quote = quote
        self._note = note
        self._tags = tags or []
        self._status = status if status in STATUSES else "open"
        self._known = known_tags or []
        self._title = title

    @classmethod
    def editing(cls, claim: Claim, known_tags: list[str]) -> ClaimDialog:
        """The dialog that edits ``claim``: its quote, note, tags, status, rating and date
        (the claims screen and the reader's claims panel open the same one)."""
        return cls(
            claim.quote,
            note=claim.note,
            tags=claim.tags,
            status=claim.status,
            known_tags=known_tags,
            title="Edit claim",
            claim=claim,
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content(self._title), id="claim-title")
            # The fields scroll (focus scrolls to them); Save and Cancel stay docked below.
            with VerticalScroll(id="claim-body"):
                with VerticalScroll(id="claim-quote"):
                    # The box's bar marks it as a quote: marks around it doubled
                    # those the passage opens with ("““Among …").
                    yield Label(Content(self._quote))
                yield Label("Note", classes="field-label")
                yield TextArea(self._note, id="claim-note", soft_wrap=True, tab_behavior="focus")
                yield Label("Tags (space separated)", classes="field-label")
                # Placeholders: at 80x24 the fields have no frame, and an empty one
                # was a blank line, nowhere to see where to type (a walk).
                yield Input(
                    " ".join(self._tags),
                    placeholder="e.g. sanctions energy",
                    id="claim-tags",
                    suggester=LastTagSuggester(self._known),
                )
                yield Label("Status", classes="field-label")
                with ChoiceSet(id="claim-status"):
                    for status in STATUSES:
                        yield RadioButton(status, value=status == self._status, name=status)
                # Side by side, both narrow: one below the other pushed the event
                # date under the buttons at 120x40 with a two-line quote (a walk).
                with Horizontal(id="claim-rating-row"):
                    with Vertical(id="claim-rating"):
                        yield Label("Credibility (1 to 6, or empty)", classes="field-label")
                        yield Input(
                            "" if self._credibility is None else str(self._credibility),
                            placeholder="1-6",
                            id="claim-credibility",
                            max_length=3,
                        )
                    with Vertical(id="claim-when"):
                        yield Label("Event date (YYYY-MM-DD, or empty)", classes="field-label")
                        yield Input(
                            self._event_date or "",
                            placeholder="YYYY-MM-DD",
                            id="claim-event-date",
                            max_length=40,
                        )
                yield Label(Content(GRADES), classes="field-hint")
                yield Label("", id="claim-suggestion")
                if self.claim is not None:
                    yield Button("Link… (ctrl+l)", id="claim-link")
            with Horizontal(id="buttons"):
                yield Label("", id="claim-error")
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        note = self.query_one("#claim-note", TextArea)
        # After the note's last word: an edit typed at once went in front of the note
        # ("editeddeleted file", a newcomer walk), the cursor being at its start.
        note.move_cursor(note.document.end)
        note.focus()
        # Focus scrolled the fields past the note's label: start at the top (the quote).
        body = self.query_one("#claim-body", VerticalScroll)
        self.call_after_refresh(body.scroll_home, animate=False)
        if self.claim is not None and self.claim.credibility != 1:
            self._suggest(self.claim)

    @work(thread=True, exclusive=True, group="claim-suggest")
    def _suggest(self, claim: Claim) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            found = workspace.analysis.suggest_credibility(claim)
        except Exception:  # a suggestion only: none then
            return
        if found is not None:
            self.app.call_from_thread(self._show_suggestion, f"Suggested: {found.reason}")

    def _show_suggestion(self, text: str) -> None:
        line = self.query_one("#claim-suggestion", Label)
        line.update(Content(text))
        line.display = True

    def _result(self) -> ClaimEdit:
        """What the dialog holds; :class:`VocabularyError` for a bad grade, date or tag,
        naming every field refused (a bad grade and a bad date: the date was said only
        once the grade was mended, a walk), the first of them focused."""
        note = self.query_one("#claim-note", TextArea).text.strip()
        change = parse_tag_input(self.query_one("#claim-tags", Input).value)
        refused: list[tuple[str, str]] = []  # (field, why)
        problem = change_problem(change)  # a tag no search could find, as t refuses it
        if problem is not None:
            refused.append(("#claim-tags", problem))
        pressed = self.query_one("#claim-status", RadioSet).pressed_button
        status = pressed.name if pressed is not None and pressed.name else "open"
        grade = self.query_one("#claim-credibility", Input).value.strip()
        day = self.query_one("#claim-event-date", Input).value.strip()
        credibility = event_date = None
        try:
            credibility = check_credibility(grade) if grade else None
        except VocabularyError as error:
            refused.append(("#claim-credibility", str(error)))
        try:
            event_date = check_event_date(day) if day else None
        except VocabularyError as error:
            refused.append(("#claim-event-date", str(error)))
        self._refused = {field: self.query_one(field, Input).value for field, _ in refused}
        if refused:
            self.query_one(refused[0][0], Input).focus()
            raise VocabularyError("; ".join(why for _, why in refused))
        return ClaimEdit(
            note, change.add, status, credibility, event_date, self._credibility, self._event_date
        )

    # Enter did nothing in the fields and on the status. It goes on to the next field
    # (the tags taking the completion shown), and saves from the last: saving at once
    # closed the dialog on a newcomer confirming the status or a tag.
    @on(ChoiceSet.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted)
    def _field_entered(self, event: Input.Submitted) -> None:
        if event.input.id == "claim-event-date":
            self.action_save()
            return
        if event.input.id == "claim-tags" and event.input.cursor_at_end:
            event.input.action_cursor_right()  # takes the completion shown, if any
        self.focus_next()

    @on(Input.Changed)
    def _mended(self, event: Input.Changed) -> None:
        """A refused field changed: once every one has, "Not saved: …" goes (it stayed
        on screen under a date already corrected). Save says it again if still wrong."""
        refused: dict[str, str] = self.__dict__.get("_refused", {})
        field = f"#{event.input.id}"
        if field in refused and refused[field] != event.value:  # not the change refused
            del refused[field]
        line = self.query_one("#claim-error", Label)
        if line.display and not refused:
            line.display = False
            self.call_after_refresh(self.fit_fields)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """``ctrl+s`` (a priority key, run as it is read): saved once the field has
        taken the keys typed before it. A note then ``ctrl+s`` typed at speed (or
        tags, then ``ctrl+s``) was saved without its last words, still on their way
        to the field."""
        focused = self.focused
        if focused is None:
            self._save()
        else:
            focused.call_later(self._save)

    def _save(self) -> None:
        if not self.is_attached or self.app.screen is not self:
            return  # closed meanwhile (escape typed after ctrl+s)
        try:
            edit = self._result()
        except VocabularyError as error:
            line = self.query_one("#claim-error", Label)
            line.update(Content(f"Not saved: {error}"))
            line.display = True
            self.call_after_refresh(self.fit_fields)  # the buttons' row grew
            return
        self.dismiss(edit)

    @on(Button.Pressed, "#claim-link")
    def action_link(self) -> None:
        if self.claim is None:
            self.notify("Save the claim first, then link it.", timeout=3)
            return
        self.briefing_app.pick_link(self.claim.id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close unsaved; asked first when something was typed (escape pressed for
        "back" lost a note being written, a walk)."""
        what = self.unsaved_typing()
        if what is None:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(f"Discard {what}?", "What was typed here is not saved."), answered
        )

    def unsaved_typing(self) -> str | None:
        """What ``escape`` or ``ctrl+q`` would throw away (see :class:`.confirm.HoldsTyping`);
        nothing before its fields are there (``ctrl+q`` typed as it opens)."""
        if not self.is_mounted or not self.query("#claim-note") or not self._typed():
            return None
        return "this claim's changes" if self.claim is not None else "this new claim"

    def _typed(self) -> bool:
        """Whether a field holds other than what the dialog opened with."""
        pressed = self.query_one("#claim-status", RadioSet).pressed_button
        now = (
            self.query_one("#claim-note", TextArea).text.strip(),
            self.query_one("#claim-tags", Input).value.split(),
            pressed.name if pressed is not None else self._status,
            self.query_one("#claim-credibility", Input).value.strip(),
            self.query_one("#claim-event-date", Input).value.strip(),
        )
        grade = "" if self._credibility is None else str(self._credibility)
        opened = (self._note.strip(), self._tags, self._status, grade, self._event_date or "")
        return now != opened
