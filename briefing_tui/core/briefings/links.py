"""Deciding what following a link in a briefing may do.

A briefing is untrusted text, so a link never opens by itself: a link to
another briefing in the library opens it in the reader; ``http(s)`` and
``mailto`` open in the system browser only after the user confirms; anything
else (``file:``, ``javascript:``, paths that leave the library, option-like
targets) is refused with the reason.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from briefing_tui.core.briefings.documents import is_briefing_name
from briefing_tui.core.text.sanitize import clean_line, has_unsafe

MAX_URL_CHARS = 2048
#: A refused link is quoted in its notice up to this many characters.
SHOWN_CHARS = 200
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WINDOWS_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")

LinkKind = Literal["briefing", "anchor", "web", "refused"]


@dataclass(frozen=True)
class LinkTarget:
    kind: LinkKind
    #: For "briefing": the library-relative path; for "web": the URL; for "anchor": the name.
    target: str
    reason: str = ""


def _refused(href: str, reason: str) -> LinkTarget:
    """Refuse ``href``, quoting it safely: the notice that shows it goes to the terminal.

    Hrefs are cleaned at ingestion, but a link can come from elsewhere (a
    widget, a test, a future source), so the quote is cleaned and shortened here
    too rather than trusting every caller.
    """
    shown = clean_line(href)
    if len(shown) > SHOWN_CHARS:
        shown = shown[: SHOWN_CHARS - 1] + "…"
    return LinkTarget("refused", shown, reason)


def classify_link(href: str, current_path: str | None, root: Path) -> LinkTarget:
    """What a click on ``href`` in the briefing at ``current_path`` may do."""
    href = href.strip()
    if not href:
        return _refused(href, "the link is empty")
    if len(href) > MAX_URL_CHARS:
        return _refused(href, f"the link is over {MAX_URL_CHARS} characters")
    # Raw controls (C0, DEL, C1, bidi) or the placeholders ingestion put in their place.
    if has_unsafe(href) or any(ord(ch) < 0x20 or ch in "\u2400\u241b\ufffd" for ch in href):
        return _refused(href, "the link holds control characters")
    if href.startswith("#"):
        return LinkTarget("anchor", href[1:])
    if href.startswith("-"):
        return _refused(href, "the link looks like a command-line option")
    if _WINDOWS_PATH.match(href):
        return _refused(href, "links to files on disk are not opened")
    scheme = _SCHEME.match(href)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            parts = urlsplit(href)
            if not parts.netloc:
                return _refused(href, "the web address has no host")
            return LinkTarget("web", href)
        if name == "mailto":
            return LinkTarget("web", href)
        return _refused(href, f"{name}: links are not opened")
    path_part = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if not path_part:
        return _refused(href, "the link has no target")
    if path_part.startswith("/"):
        return _refused(href, "absolute paths are not opened")
    base = posixpath.dirname(current_path or "")
    joined = posixpath.normpath(posixpath.join(base, path_part))
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        return _refused(href, "the link points outside the library")
    if not is_briefing_name(posixpath.basename(joined)):
        return _refused(href, "only links to briefings (.md) open in the reader")
    try:
        resolved = (root / joined).resolve()
    except (OSError, RuntimeError):
        return _refused(href, "the link cannot be resolved")
    if not resolved.is_relative_to(root):
        return _refused(href, "the link points outside the library")
    return LinkTarget("briefing", resolved.relative_to(root).as_posix())


@dataclass(frozen=True)
class LinkInText:
    """A link as the reader shows it: its words and where it goes."""

    text: str
    href: str


def links_in(markdown: str, limit: int = 500) -> list[LinkInText]:
    """The links of a briefing's Markdown in reading order (the first ``limit``),
    as the reader's parser makes them: what the keyboard can follow (the
    mouse clicks them). An image's text is its alt text."""
    from briefing_tui.core.text.plaintext import bare_links, parser_for

    found: list[LinkInText] = []
    tokens = parser_for(markdown).parse(markdown)
    bare_links(tokens)  # bare addresses, as the reader makes them links
    for block in tokens:
        children = block.children or []
        for index, token in enumerate(children):
            if token.type != "link_open":
                continue
            words = []
            for inner in children[index + 1 :]:
                if inner.type == "link_close":
                    break
                # A line break in the link's text is a space ("the annual\nreport").
                breaks = ("softbreak", "hardbreak")
                words.append(" " if inner.type in breaks else inner.content)
            href = str(token.attrs.get("href", ""))
            found.append(LinkInText(clean_line("".join(words)) or href, href))
            if len(found) >= limit:
                return found
    return found
