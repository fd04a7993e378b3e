"""Reading the parts of a W3C annotation a claim is made of: its selectors and its bodies.

**Selectors.** A target's ``selector`` is one selector or a list of alternatives;
each may be ``refinedBy`` more (a selection within a selection, as the model's
Example 29: a ``FragmentSelector`` for a paragraph refined by the
``TextQuoteSelector`` of a phrase in it). The quote is the first
``TextQuoteSelector`` found, outer ones before those they refine; the position
the first ``TextPositionSelector`` that refines nothing: one that refines
another selector counts from the start of that selection, not of the text, so
it is no position in the briefing.

**Bodies.** The ``bodyValue`` is a note (text, or a list of that one text). A
``TextualBody`` (with or without its ``type``) is a note, a tag (purpose
``tagging``), the status (purpose ``assessing``, a status as value) or one of
our rating bodies (:mod:`.w3c_links`). A ``Choice`` stands for the first
of its items that has text (the model lists the default option first). A body
without a purpose of its own takes ``tagging`` from an annotation whose
motivation is ``tagging`` (the model's Example 43: a tag, not a note). A body
whose ``format`` is ``text/html`` (or XHTML) is kept as the text it shows: its
markup and entities (``&amp;``) would otherwise land in the note as they are. A
body that is only an IRI, or a resource with no text of its own, has nothing to
keep: it is counted in ``left_out`` (the import reports it), not lost without a
word.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any

from briefing_tui.core.claims.model import STATUSES
from briefing_tui.core.tags import clean_tags
from briefing_tui.core.text.sanitize import clean_text

from .errors import NoPassage
from .incoming import Checker
from .w3c_links import read_rating_body

#: The purpose of the body that carries a claim's status (tags are ``tagging`` bodies).
STATUS_PURPOSE = "assessing"
#: ("status", s) for each status: how exports before the ``assessing`` body said it.
_LEGACY_STATUS = {("status", status) for status in STATUSES}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def read_selectors(
    value: Any, where: str, check: Checker
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(the ``TextQuoteSelector``, the ``TextPositionSelector`` or None) of a target's
    selectors, their refinements included; no quote refuses the file."""
    quote = position = None
    pending = [
        (item, f"{where}.selector[{number}]", True) for number, item in enumerate(_as_list(value))
    ]
    while pending:  # breadth first: a selector before those that refine it
        item, at, outer = pending.pop(0)
        if isinstance(item, str):
            continue  # a link to a selector elsewhere: nothing to read
        selector = check.object(item, at)
        kinds = check.names(selector, "type", at)
        if "TextQuoteSelector" in kinds and quote is None:
            quote = selector
        elif "TextPositionSelector" in kinds and position is None and outer:
            position = selector
        refined = selector.get("refinedBy")
        if refined is not None:
            pending += [
                (inner, f"{at}.refinedBy[{number}]", False)
                for number, inner in enumerate(_as_list(refined))
            ]
    if quote is None:
        check.no_passage(f"{where}.selector", "no TextQuoteSelector (a claim needs its quote)")
    return quote, position


#: Media types of a body whose value is markup: kept as the text it shows.
_HTML_FORMATS = {"text/html", "application/xhtml+xml"}
#: Elements whose end (or, for ``br``, whose place) starts a new line of the text.
_BLOCKS = {"address", "blockquote", "br", "dd", "div", "dt", "h1", "h2", "h3", "h4", "h5"}
_BLOCKS |= {"h6", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul"}


class _HtmlText(HTMLParser):
    """The text an HTML fragment shows: tags out, entities read, blocks as lines,
    ``script`` and ``style`` left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML body: its lines stripped, runs of blank lines as one."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    # Entities are read once, by the parser (``&amp;lt;`` is the text "&lt;").
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _body_value(part: dict[str, Any], at: str, check: Checker) -> str | None:
    """A body's text: its ``value``, read as HTML when its ``format`` says so."""
    value = check.optional_text(part, "value", at)
    if value is not None and _HTML_FORMATS & set(check.names(part, "format", at)):
        return html_text(value)
    return value


def _body_value_text(annotation: dict[str, Any], where: str, check: Checker) -> str | None:
    """The annotation's ``bodyValue``: one text, or a list of one text, which the model's
    test schema (``bodyValueValidIfPresent``) accepts as the same (it refused the whole
    file). Two texts or more are refused: an annotation has one ``bodyValue``."""
    value = annotation.get("bodyValue")
    if not isinstance(value, list) or not value:
        return check.optional_text(annotation, "bodyValue", where)
    if len(value) > 1:
        check.fail(
            f"{where}.bodyValue",
            f"expected one text, found a list of {len(value)} (an annotation has one bodyValue)",
        )
    return check.optional_text({"bodyValue[0]": value[0]}, "bodyValue[0]", where)


def _body_parts(
    annotation: dict[str, Any], where: str, check: Checker, left_out: Counter[str]
) -> list[tuple[dict[str, Any], str, list[str]]]:
    """Each body object as (body, where, purposes); a ``Choice`` as the first of its
    items with text, taking the Choice's purpose when it has none of its own."""
    motivations = check.names(annotation, "motivation", where)
    default = ["tagging"] if "tagging" in motivations else []
    parts: list[tuple[dict[str, Any], str, list[str]]] = []
    for number, item in enumerate(_as_list(annotation.get("body", []))):
        if isinstance(item, str):
            left_out["body that is only a link"] += 1  # a body elsewhere: no text to keep
            continue
        at = f"{where}.body[{number}]"
        part = check.object(item, at)
        left_out["creator"] += "creator" in part  # who wrote it: claims keep no author
        purposes = check.names(part, "purpose", at) or default
        if "Choice" in check.names(part, "type", at):
            for index, option in enumerate(_as_list(part.get("items", []))):
                if not isinstance(option, dict):
                    continue  # an IRI: a resource elsewhere, no text to keep
                inner = f"{at}.items[{index}]"
                if check.optional_text(option, "value", inner) is not None:
                    parts.append((option, inner, check.names(option, "purpose", inner) or purposes))
                    break
            else:
                left_out["body without text"] += 1
            continue
        parts.append((part, at, purposes))
    return parts


def read_bodies(
    annotation: dict[str, Any],
    where: str,
    check: Checker,
    *,
    legacy: bool = False,
    left_out: Counter[str] | None = None,
) -> tuple[str, list[str], str, dict[str, Any]]:
    """(note, tags, status, {credibility, event_date}). The status is an ``assessing``
    body whose value is a status; a ``tagging`` body is a tag, ``status:verified`` too,
    but for our rating bodies (:mod:`.w3c_links`). ``legacy``: an export of ours from
    before the status had its own body, where the last ``status:<s>`` tag was it.
    ``left_out`` counts the bodies with no text to keep."""
    left_out = Counter() if left_out is None else left_out
    notes: list[str] = []
    tags: list[str] = []
    rated: dict[str, Any] = {}
    status = "open"
    status_read: str | None = None  # the status a body gave, if one did
    notes.append(_body_value_text(annotation, where, check) or "")
    for part, at, purposes in _body_parts(annotation, where, check, left_out):
        value = _body_value(part, at, check)
        if "tagging" in purposes and read_rating_body(part, rated, at, check):
            continue
        if value is None:
            left_out["body without text"] += 1  # another tool's resource: no text of its own
            continue
        if STATUS_PURPOSE in purposes and value in STATUSES:
            # A claim has one status: another one was dropped, unsaid (a walk).
            left_out["second status (assessing body): the last one kept"] += (
                status_read is not None and status_read != value
            )
            status = status_read = value
        elif "tagging" in purposes:
            tags.append(value)
        elif STATUS_PURPOSE in purposes:  # an assessment of no status of ours: kept as a note
            left_out["assessment that is no status: kept in the note"] += 1
            notes.append(value)
        else:
            notes.append(value)
    if legacy:
        said = [tag for tag in tags if tag.partition(":")[::2] in _LEGACY_STATUS]
        if said:
            status = said[-1].partition(":")[2]
            tags.reverse()
            tags.remove(said[-1])
            tags.reverse()
    note = clean_text("\n\n".join(note for note in notes if note))
    return note, clean_tags(tags), status, rated


def w3c_passages(
    value: Any, where: str, check: Checker, left_out: Counter[str]
) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]]:
    """(target, its ``TextQuoteSelector``, its ``TextPositionSelector`` or None) of each
    target that quotes a passage; a target that quotes none (the page itself) among
    them is no claim. None at all: :class:`NoPassage`. A ``Choice`` stands for the
    first of its items that quotes a passage (the model lists the default first:
    another tool's way of naming one passage in several copies of a page); it was
    refused as "no target with a source and a selector", then read as one claim
    per option (three claims on one passage, a review)."""
    targets: list[tuple[Any, int]] = []  # each with its Choice's number (0: none)
    for number, target in enumerate(value if isinstance(value, list) else [value], start=1):
        if isinstance(target, dict) and "Choice" in check.names(target, "type", f"{where}.target"):
            items = check.list(target.get("items", []), f"{where}.target.items")
            targets += [(item, number) for item in items]
        else:
            targets.append((target, 0))
    passages = []
    missed: NoPassage | None = None
    chosen: set[int] = set()
    unquoted = 0  # targets beside those quoting a passage (a page, a CSS selector alone)
    for target, choice in targets:
        if choice in chosen:
            continue  # that Choice's default is taken
        if isinstance(target, dict) and "source" in target and "selector" in target:
            try:
                quote, position = read_selectors(target["selector"], f"{where}.target", check)
            except NoPassage as error:
                missed = missed or error
                unquoted += not choice
                continue
            passages.append((target, quote, position))
            if choice:
                chosen.add(choice)
        else:
            unquoted += not choice
    if passages:
        # Said in the report: one of several targets went unsaid (a walk).
        left_out["target without a quoted passage (beside one quoting)"] += unquoted
        return passages
    if missed is not None:
        raise missed
    check.no_passage(f"{where}.target", "no target with a source and a selector")
