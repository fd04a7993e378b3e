"""Replace terminal control characters with visible placeholders.

This runs once, at ingestion, on every string that comes from a file (body,
front-matter values, file names), so no later layer can leak an escape
sequence to the terminal. Each character is replaced by exactly one
character, so offsets into the text stay valid.
"""

from __future__ import annotations

import re

#: The character shown in place of a C1 control or a bidi override.
REPLACEMENT = "\ufffd"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            # U+2400.. are the "control pictures": ␀ ␁ … ␛ (ESC) …
            table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = REPLACEMENT
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[code] = REPLACEMENT
    return table


_TABLE = _build_table()
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")
_NEWLINES = re.compile(r"\r\n?")


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF, so a stray CR can't move the cursor."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def clean_text(text: str) -> str:
    """Return ``text`` with newlines normalised and control characters replaced."""
    text = normalize_newlines(text)
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


def clean_line(text: str) -> str:
    """Like :func:`clean_text` for one-line values (titles, tags): newlines become spaces."""
    return " ".join(clean_text(text).split())


def has_unsafe(text: str) -> bool:
    """True if ``text`` holds a character that :func:`clean_text` would replace."""
    return "\r" in text or _UNSAFE.search(text) is not None


#: A UTF-16 surrogate: never text alone. Python keeps bytes that are not UTF-8 as lone
#: surrogates (a shell's argument, a file name), and JSON may spell half a pair.
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: bytes that were not UTF-8, or half of a
    UTF-16 pair. The store, the index and YAML cannot keep it as text."""
    return _SURROGATE.search(text) is not None
