"""Finding a web page's feed: the ``<link rel="alternate">`` that names its RSS or Atom.

Apart from :mod:`.feeds` (the feeds followed and their items): only following
an address (``feeds add`` given a page) needs it.
"""

from __future__ import annotations

import html
import re


def discover(page: bytes, base: str) -> str | None:
    """The address of the feed a web page names (``<link rel="alternate" type=…rss…>``)."""
    from urllib.parse import urljoin

    text = page[:200_000].decode("utf-8", errors="replace")
    for tag in re.finditer(r"<link\b[^>]*>", text, re.IGNORECASE):
        attributes = _attributes(tag.group(0))
        kind = attributes.get("type", "").lower()
        if "alternate" in attributes.get("rel", "").lower() and ("rss" in kind or "atom" in kind):
            href = attributes.get("href")
            if href:
                return urljoin(base, href)
    return None


def _attributes(tag: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in re.finditer(r"([\w:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", tag):
        value = match.group(2) if match.group(2) is not None else match.group(3) or match.group(4)
        found[match.group(1).lower()] = html.unescape(value or "")
    return found
