"""Reading a file to import: bytes to a checked :class:`~.incoming.Incoming`.

The file is decoded, parsed as JSON and handed to the reader of its format
(``json`` or ``w3c``); anything unfit raises :class:`~.errors.ExchangeError`
with the reason.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from briefing_tui.core.text.sanitize import clean_line, has_surrogates

from .csv_format import CSV_COLUMNS
from .errors import ExchangeError
from .incoming import Checker, Incoming
from .native import FORMAT_NAME, parse_native
from .w3c import is_w3c, parse_w3c
from .w3c_links import W3C_CONTEXT


def load_annotations(path: str | os.PathLike[str]) -> Incoming:
    """Read and check an export (``json`` or ``w3c``); raise :class:`ExchangeError` if unfit."""
    name = str(path)
    if not name:  # "cannot read : Is a directory" (the current one), a walk
        raise ExchangeError("no file named: give the export to import")
    try:
        raw = _read_regular(Path(path), name)
    except OSError as error:
        raise ExchangeError(f"cannot read {name}: {error.strerror or error}") from error
    return parse_annotations(raw, name)


def _read_regular(path: Path, name: str) -> bytes:
    """The bytes of the regular file at ``path``. A FIFO is opened without waiting
    for a writer and refused, as are devices: ``import-annotations`` of a pipe no one
    writes to hung for ever, and of ``/dev/zero`` read until memory ran out."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise ExchangeError(
                f"{name} is not a regular file (a FIFO, device or socket): "
                "give an export file; nothing was imported"
            )
        return file.read()


#: A JSON escape of a UTF-16 surrogate, which only a pair of them makes a character.
_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(data: object) -> bool:
    """Whether any string in ``data`` (keys too) holds a surrogate JSON left unpaired."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_surrogates(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _written_for_reading(text: str) -> str | None:
    """Which of our exports for reading ``text`` is (``briefing import-annotations``
    on one said "not valid JSON: Expecting value (line 1, column 1)"), or None."""
    if text.split("\n", 1)[0].strip() == ",".join(CSV_COLUMNS):
        return "a CSV export of claims"
    if text.startswith("# Claims\n"):
        return "a Markdown report of claims"
    return None


#: What a W3C object says it is, by its ``type``.
_W3C_KINDS = {
    "Annotation": "a W3C Annotation",
    "AnnotationPage": "a W3C AnnotationPage",
    "AnnotationCollection": "a W3C AnnotationCollection",
}


def _w3c_without_its_context(data: object) -> str | None:
    """What is wrong with an Annotation (page, collection) whose ``@context`` is missing
    or another one, or None when ``data`` is no such object. It was refused as "neither
    a briefing-tui export nor a W3C Web Annotation collection", which it says it is."""
    if not isinstance(data, dict):
        return None
    kinds = data.get("type")
    named = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
    kind = next((_W3C_KINDS[k] for k in named if isinstance(k, str) and k in _W3C_KINDS), None)
    if kind is None:
        return None
    context = data.get("@context")
    wanted = f"the Web Annotation context {W3C_CONTEXT}"
    if context is None:
        return f"{kind} without an @context (it needs {wanted})"
    said = clean_line(json.dumps(context, ensure_ascii=False))
    said = said if len(said) <= 60 else said[:59] + "…"
    return f"{kind} whose @context {said} is not {wanted}"


def parse_annotations(raw: bytes, name: str = "the file") -> Incoming:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeError(
            f"{name} is not UTF-8 text (byte {error.start}): not an export"
        ) from error
    if not text.strip():
        raise ExchangeError(f"{name} is empty")
    try:
        data = json.loads(text)
    except RecursionError as error:
        raise ExchangeError(f"{name} cannot be imported: it is nested too deeply") from error
    except json.JSONDecodeError as error:
        stripped = text.strip()
        made_here = _written_for_reading(stripped)
        if made_here:
            raise ExchangeError(
                f"{name} is {made_here}, written to be read: import the json or w3c "
                "export (`briefing export --format json`)"
            ) from error
        truncated = stripped.startswith(("{", "[")) and not stripped.endswith(("}", "]"))
        hint = " (the file looks truncated)" if truncated else ""
        raise ExchangeError(
            f"{name} is not valid JSON{hint}: {error.msg} (line {error.lineno}, "
            f"column {error.colno})"
        ) from error
    except ValueError as error:  # a number of thousands of digits (int conversion limit)
        raise ExchangeError(
            f"{name} cannot be imported: it holds a number too long to read"
        ) from error
    if _LONE_SURROGATE.search(text) and _has_lone_surrogate(data):
        # JSON may spell half a UTF-16 pair ("\ud800"); such a string is no text: it
        # ended an import in UnicodeEncodeError when it reached the store.
        raise ExchangeError(
            f"{name} cannot be imported: it holds an escape (\\uD800-\\uDFFF) that is "
            "half of a character, not text"
        )
    check = Checker(name)
    if isinstance(data, dict) and "format" in data:
        return parse_native(data, check)
    data = _keywords_as_aliases(data)
    if is_w3c(data):
        return parse_w3c(data, check)
    wrong_context = _w3c_without_its_context(data)
    if wrong_context is not None:
        raise ExchangeError(f"{name} cannot be imported: {wrong_context}")
    raise ExchangeError(
        f'{name} is neither a briefing-tui export ("format": "{FORMAT_NAME}") nor '
        "W3C Web Annotations (an annotation, a list of them, a page or a collection)"
    )


def _keywords_as_aliases(data: Any, depth: int = 0) -> Any:
    """``@id`` and ``@type`` as the model's context names them, ``id`` and ``type``: in
    JSON-LD they are the same keys, and an annotation written with them was refused as
    no "W3C Web Annotation collection" (a walk). Only where the alias is not there too."""
    if depth > 64:  # (nesting is bounded by the JSON reader; annotations are shallow)
        return data
    if isinstance(data, list):
        return [_keywords_as_aliases(item, depth + 1) for item in data]
    if not isinstance(data, dict):
        return data
    out = {key: _keywords_as_aliases(value, depth + 1) for key, value in data.items()}
    for keyword in ("@id", "@type"):
        if keyword in out and keyword[1:] not in out:
            out[keyword[1:]] = out.pop(keyword)
    return out
