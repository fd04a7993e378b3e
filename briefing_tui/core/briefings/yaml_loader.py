"""Safe YAML loading for front matter: alias bombs refused, bad dates kept as text.

Imported only when a file's front matter is parsed, so commands that read no
file (a search with nothing changed) don't pay for PyYAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import yaml
from yaml import YAMLError

#: More YAML aliases than this is treated as an alias bomb.
MAX_ALIASES = 32

__all__ = ["MAX_ALIASES", "YAMLError", "load_yaml", "simple_mapping"]


class _CountingLoader(yaml.SafeLoader):
    """A safe loader that refuses documents with too many aliases."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (an alias bomb?)")
        return super().compose_node(parent, index)


def _lenient_timestamp(loader: _CountingLoader, node: Any) -> Any:
    """A date-shaped scalar that is no date (``2024-02-30``) stays a string.

    PyYAML raises ValueError for it, which would throw away the whole front
    matter (title, id, tags) over one bad date; as a string it becomes a
    "not an ISO date" problem on the ``date`` key alone.
    """
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_CountingLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)

if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's safe loader: six times faster, for front matter with no aliases."""

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
    FAST_LOADER: type | None = _FastLoader
else:
    FAST_LOADER = None


def _loader_for(raw: str) -> type:
    """libyaml when no alias can appear (no ``*``), the counting loader otherwise.

    Aliases need the pure-Python loader, which counts them as it composes.
    """
    if FAST_LOADER is not None and "*" not in raw:
        return FAST_LOADER
    return _CountingLoader


def load_yaml(raw: str) -> Any:
    """Parse ``raw`` with a safe loader; raises :class:`YAMLError` when it isn't valid."""
    simple = simple_mapping(raw)
    if simple is not None:
        return simple
    return yaml.load(raw, Loader=_loader_for(raw))  # both loaders are safe loaders


# -- the common case without a YAML parser -------------------------------------------
#
# Nearly every briefing's front matter is a few ``key: value`` lines: plain words,
# a quoted title, a date, a ``[a, b]`` or ``- a`` list of tags. Even libyaml's
# loader builds that through PyYAML's Python constructors, about half of what
# reading a briefing costs (a full build of 10,000 briefings reads them all).
# Lines of exactly those shapes are read here; anything else (nesting, anchors,
# escapes, comments, multi-line scalars, numbers, booleans) goes to the YAML
# loader. Each plain scalar is typed by PyYAML's own resolver, so a value means
# what YAML says it means; a test checks the two agree on generated input.

#: Keys of up to 1,000 characters (YAML refuses simple keys over 1,024).
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,999}):(?: (.*))?")
_ITEM = re.compile(r"( {0,8})- (.*)")
#: What may not start a plain scalar (YAML indicators, quotes, space).
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` \t")
_FLOW_FORBIDDEN = frozenset(",[]{}?:#")
#: How YAML tags a plain scalar (the stubs leave ``Resolver.resolve`` unannotated).
_resolve = cast(
    Callable[[type[yaml.Node], str, tuple[bool, bool]], str], yaml.resolver.Resolver().resolve
)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _NotSimple(Exception):
    """The front matter is not of the common shape: the YAML loader reads it."""


def simple_mapping(raw: str) -> dict[str, Any] | None:
    """``raw`` as a mapping when every line is of a simple shape, else ``None``."""
    try:
        return _simple_mapping(raw)
    except _NotSimple:
        return None


def _simple_mapping(raw: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    list_key: str | None = None
    indent = ""
    for line in raw.split("\n"):
        if not line.strip():
            if line:
                raise _NotSimple  # whitespace-only lines: leave them to YAML
            continue
        item = _ITEM.fullmatch(line)
        if item is not None:
            if list_key is None or (data[list_key] and item.group(1) != indent):
                raise _NotSimple  # an item under no key, or items out of line
            indent = item.group(1)
            data[list_key].append(_scalar(item.group(2), flow=False))
            continue
        if list_key is not None and not data[list_key]:
            data[list_key] = None  # ``key:`` with nothing under it is null
        list_key = None
        match = _KEY.fullmatch(line)
        if match is None:
            raise _NotSimple
        key, value = match.group(1), match.group(2)
        if _resolve(yaml.ScalarNode, key, (True, False)) != _STR:
            raise _NotSimple  # ``yes:``, ``null:``: keys YAML would not read as text
        if value is None or not value.strip():
            if value:
                raise _NotSimple
            list_key = key
            data[key] = []
        elif value.startswith("["):
            data[key] = _flow_list(value)
        else:
            data[key] = _scalar(value, flow=False)
    if list_key is not None and not data[list_key]:
        data[list_key] = None
    if not data:
        raise _NotSimple  # blank: YAML's null, not an empty mapping
    return data


def _flow_list(value: str) -> list[Any]:
    if not value.isprintable() or not value.endswith("]") or value.count("[") != 1:
        raise _NotSimple
    inner = value[1:-1]
    if not inner.strip():
        if inner:
            raise _NotSimple
        return []
    return [_scalar(part.strip(" "), flow=True) for part in inner.split(",")]


def _scalar(text: str, *, flow: bool) -> Any:
    """A quoted string without escapes, or a plain scalar YAML reads as text or a date."""
    if not text or not text.isprintable() or text != text.strip():
        raise _NotSimple
    first = text[0]
    if first in "\"'":
        if len(text) < 2 or text[-1] != first or first in text[1:-1] or "\\" in text:
            raise _NotSimple
        return text[1:-1]
    if first in _PLAIN_START or ": " in text or " #" in text or text.endswith(":"):
        raise _NotSimple
    if flow and not _FLOW_FORBIDDEN.isdisjoint(text):
        raise _NotSimple
    tag = _resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    if tag == _TIMESTAMP:
        try:
            return _CONSTRUCTOR.construct_yaml_timestamp(yaml.ScalarNode(tag, text))
        except ValueError:
            return text  # as the loaders' lenient timestamp: a bad date stays text
    raise _NotSimple  # numbers, booleans, nulls: YAML's own loader types them
