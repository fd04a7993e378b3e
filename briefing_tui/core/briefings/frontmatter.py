"""Split and parse YAML front matter without trusting it.

Front matter is whatever a scraper or a person wrote: it may be unclosed, a
list, a YAML alias bomb or simply wrong. Every such case becomes a problem
string on the document and the body is always kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from briefing_tui.core.tags import MAX_TAG_CHARS, normalize_tag
from briefing_tui.core.text.sanitize import clean_line, clean_text, has_unsafe

#: Front matter larger than this is not parsed (the body is kept).
MAX_FRONT_MATTER_CHARS = 64 * 1024
#: Nesting deeper than this in an unknown key is cut.
MAX_DEPTH = 8
#: One-line values (title, source, url) longer than this are cut, with a problem:
#: a 60,000-character title would fill the list and the header.
MAX_LINE_CHARS = 1000
#: The summary is cut here, with a problem: it is shown whole in the preview.
MAX_SUMMARY_CHARS = 10_000
#: Said once when a value held control characters (YAML escapes such as ``"\\e"``
#: make them after the text-level cleaning): they are replaced, and the file flagged.
CONTROLS_PROBLEM = "control characters in front matter replaced with visible placeholders"

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass
class FrontMatter:
    """The known keys, typed and cleaned; ``extra`` keeps every unknown key."""

    id: str | None = None
    title: str | None = None
    date: datetime | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SplitResult:
    front: FrontMatter
    body: str
    #: Offset of the body in the text the split was given.
    body_offset: int
    problems: list[str]
    had_front_matter: bool


def split_front_matter(text: str) -> SplitResult:
    """Split ``---`` delimited front matter from the body and parse it."""
    opening = _OPEN.match(text)
    if opening is None:
        return SplitResult(FrontMatter(), text, 0, [], False)
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        return SplitResult(
            FrontMatter(), text, 0, ["front matter is not closed (no closing ---)"], False
        )
    raw = text[opening.end() : closing.start()]
    body_offset = (
        closing.end() + 1 if text[closing.end() : closing.end() + 1] == "\n" else closing.end()
    )
    body = text[body_offset:]
    front, problems = parse_front_matter(raw)
    return SplitResult(front, body, body_offset, problems, True)


#: How the problems that cost the whole front matter begin (none of it could be read),
#: as against one key's (a date that is not a date): see :func:`unreadable`.
UNREADABLE = (
    "front matter is larger than",
    "front matter is not valid YAML",
    "front matter could not be read",
    "front matter is a ",
)


def unreadable(problems: list[str]) -> str | None:
    """The problem that cost the whole front matter, if one did."""
    return next((problem for problem in problems if problem.startswith(UNREADABLE)), None)


def parse_front_matter(raw: str) -> tuple[FrontMatter, list[str]]:
    """Parse the YAML between the fences into a :class:`FrontMatter`."""
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        return FrontMatter(), [f"front matter is larger than {MAX_FRONT_MATTER_CHARS} characters"]
    if not raw.strip():
        return FrontMatter(), []
    # PyYAML is imported here, not at start-up: a search that reads no file never needs it.
    from briefing_tui.core.briefings.yaml_loader import YAMLError, load_yaml

    try:
        data = load_yaml(raw)
    except YAMLError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return FrontMatter(), [f"front matter is not valid YAML: {clean_line(reason)}"]
    except (RecursionError, ValueError, TypeError) as error:
        return FrontMatter(), [f"front matter could not be read: {type(error).__name__}"]
    if data is None:
        return FrontMatter(), []
    if not isinstance(data, dict):
        return FrontMatter(), [f"front matter is a {type(data).__name__}, not a mapping"]
    try:
        front, problems = _typed(data)
        return front, _repeated_keys(raw) + problems
    except (RecursionError, ValueError, TypeError, OverflowError) as error:
        # A last guard: whatever YAML built that the typing below did not foresee
        # costs the front matter, never the sync (the body is kept).
        return FrontMatter(), [f"front matter could not be read: {type(error).__name__}"]


#: A key of the front matter's top level: a line that starts with one (YAML nests by
#: indenting, and a block scalar's lines are indented too), up to ``:`` and a space.
_TOP_KEY = re.compile(r"^([^\s#'\"?:{}\[\],&*!|>%@`-][^:\n]*?)[ \t]*:(?=[ \t]|$)", re.MULTILINE)


def _repeated_keys(raw: str) -> list[str]:
    """A problem for each top-level key given twice (``tags:`` on two lines): YAML
    keeps the last without a word, and the first line's tags were lost silently."""
    seen: set[str] = set()
    repeated: list[str] = []
    for match in _TOP_KEY.finditer(raw):
        key = match.group(1)
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    said = "front matter '{}' is given twice: the last is used"
    return [said.format(clean_line(key)) for key in repeated]


def _as_text(value: Any) -> str | None:
    """``str(value)``, or ``None`` when it cannot be made: an integer of more
    than 4,300 digits (``0xfff…`` in YAML) raises ValueError on conversion."""
    try:
        return str(value)
    except ValueError:
        return None


def _typed(data: dict[Any, Any]) -> tuple[FrontMatter, list[str]]:
    problems: list[str] = []
    front = FrontMatter()

    controls = False

    def text_value(key: str) -> str | None:
        nonlocal controls
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            problems.append(f"front matter '{key}' should be text, not {type(value).__name__}")
            return None
        text = _as_text(value)
        if text is None:
            problems.append(f"front matter '{key}' is a number too large to show")
            return None
        controls = controls or has_unsafe(text)
        cleaned = clean_line(text)
        if len(cleaned) > MAX_LINE_CHARS:
            problems.append(
                f"front matter '{key}' is longer than {MAX_LINE_CHARS} characters (cut)"
            )
            cleaned = cleaned[:MAX_LINE_CHARS] + "…"
        return cleaned or None

    front.id = text_value("id")
    if front.id is not None and len(front.id) > 200:
        problems.append("front matter 'id' is longer than 200 characters")
        front.id = None
    front.title = text_value("title")
    front.source = text_value("source")
    front.url = text_value("url")
    summary = data.get("summary")
    if isinstance(summary, str):
        controls = controls or has_unsafe(summary)
        front.summary = clean_text(summary).strip() or None
        if front.summary is not None and len(front.summary) > MAX_SUMMARY_CHARS:
            problems.append(
                f"front matter 'summary' is longer than {MAX_SUMMARY_CHARS} characters (cut)"
            )
            front.summary = front.summary[:MAX_SUMMARY_CHARS] + "…"
    elif summary is not None:
        problems.append(f"front matter 'summary' should be text, not {type(summary).__name__}")

    if "date" in data and data["date"] is not None:
        parsed = parse_date(data["date"])
        if parsed is None:
            shown = clean_line(_as_text(data["date"]) or "a number too large to show")[:40]
            problems.append(f"front matter 'date' is not an ISO date: {shown!r}")
        front.date = parsed

    front.tags, tag_problems = _parse_tags(data.get("tags"))
    problems.extend(tag_problems)
    if controls and CONTROLS_PROBLEM not in problems:
        problems.append(CONTROLS_PROBLEM)

    known = {"id", "title", "date", "source", "url", "tags", "summary"}
    for key, value in data.items():
        name = _as_text(key)
        if name is not None and name not in known:
            front.extra[clean_line(name)] = _clean_value(value, 0)
    return front, problems


def parse_date(value: Any) -> datetime | None:
    """Accept a YAML date/datetime or an ISO string; ``None`` when it is neither."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed
    return None


def parse_tags(value: Any) -> tuple[list[str], str | None]:
    """Tags may be a YAML list or a comma-separated string."""
    tags, problems = _parse_tags(value)
    return tags, "; ".join(problems) or None


def _parse_tags(value: Any) -> tuple[list[str], list[str]]:
    """The tags, and one problem per kind of entry that had to be dropped."""
    if value is None:
        return [], []
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        return [], [f"front matter 'tags' should be a list or text, not {type(value).__name__}"]
    tags: list[str] = []
    bad = long = 0
    controls = False
    for item in items:
        text = _as_text(item) if isinstance(item, str | int | float) else None
        if text is None or isinstance(item, bool):
            bad += 1
            continue
        controls = controls or has_unsafe(text)
        tag = normalize_tag(text)
        if len(tag) > MAX_TAG_CHARS:
            long += 1
        elif tag and tag not in tags:
            tags.append(tag)
    problems = []
    if bad:
        problems.append(f"front matter 'tags' has {bad} entries that are not text")
    if long:
        problems.append(
            f"front matter 'tags' has {long} entries longer than {MAX_TAG_CHARS} characters "
            "(dropped)"
        )
    if controls:
        problems.append(CONTROLS_PROBLEM)
    return tags, problems


def _clean_value(value: Any, depth: int) -> Any:
    """Keep unknown values, cleaned and bounded, so nothing raw reaches a screen."""
    if depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, str):
        return clean_text(value)[:10_000]
    if isinstance(value, dict):
        return {
            clean_line(_as_text(k) or "…"): _clean_value(v, depth + 1)
            for k, v in list(value.items())[:200]
        }
    if isinstance(value, list | tuple):
        return [_clean_value(v, depth + 1) for v in list(value)[:200]]
    if isinstance(value, int) and not isinstance(value, bool) and _as_text(value) is None:
        return "…"  # kept as is, it would raise wherever it is later shown
    if isinstance(value, bool | int | float) or value is None:
        return value
    return clean_line(_as_text(value) or "…")[:1000]
