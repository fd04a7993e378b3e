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

from .sanitize import clean_line, clean_text

#: Front matter larger than this is not parsed (the body is kept).
MAX_FRONT_MATTER_CHARS = 64 * 1024
#: Nesting deeper than this in an unknown key is cut.
MAX_DEPTH = 8

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


def parse_front_matter(raw: str) -> tuple[FrontMatter, list[str]]:
    """Parse the YAML between the fences into a :class:`FrontMatter`."""
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        return FrontMatter(), [f"front matter is larger than {MAX_FRONT_MATTER_CHARS} characters"]
    if not raw.strip():
        return FrontMatter(), []
    # PyYAML is imported here, not at start-up: a search that reads no file never needs it.
    from .yaml_loader import YAMLError, load_yaml

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
    return _typed(data)


def _typed(data: dict[Any, Any]) -> tuple[FrontMatter, list[str]]:
    problems: list[str] = []
    front = FrontMatter()

    def text_value(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            problems.append(f"front matter '{key}' should be text, not {type(value).__name__}")
            return None
        cleaned = clean_line(str(value))
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
        front.summary = clean_text(summary).strip() or None
    elif summary is not None:
        problems.append(f"front matter 'summary' should be text, not {type(summary).__name__}")

    if "date" in data and data["date"] is not None:
        parsed = parse_date(data["date"])
        if parsed is None:
            shown = clean_line(str(data["date"]))[:40]
            problems.append(f"front matter 'date' is not an ISO date: {shown!r}")
        front.date = parsed

    front.tags, tag_problem = parse_tags(data.get("tags"))
    if tag_problem:
        problems.append(tag_problem)

    known = {"id", "title", "date", "source", "url", "tags", "summary"}
    for key, value in data.items():
        if str(key) not in known:
            front.extra[clean_line(str(key))] = _clean_value(value, 0)
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


def normalize_tag(tag: str) -> str:
    """Tags compare case-insensitively and never hold spaces or commas."""
    return "-".join(clean_line(tag).lower().replace(",", " ").split())


def parse_tags(value: Any) -> tuple[list[str], str | None]:
    """Tags may be a YAML list or a comma-separated string."""
    if value is None:
        return [], None
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        return [], f"front matter 'tags' should be a list or text, not {type(value).__name__}"
    tags: list[str] = []
    bad = 0
    for item in items:
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            tag = normalize_tag(str(item))
            if tag and tag not in tags and len(tag) <= 100:
                tags.append(tag)
        else:
            bad += 1
    return tags, (f"front matter 'tags' has {bad} entries that are not text" if bad else None)


def _clean_value(value: Any, depth: int) -> Any:
    """Keep unknown values, cleaned and bounded, so nothing raw reaches a screen."""
    if depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, str):
        return clean_text(value)[:10_000]
    if isinstance(value, dict):
        return {
            clean_line(str(k)): _clean_value(v, depth + 1) for k, v in list(value.items())[:200]
        }
    if isinstance(value, list | tuple):
        return [_clean_value(v, depth + 1) for v in list(value)[:200]]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return clean_line(str(value))[:1000]
