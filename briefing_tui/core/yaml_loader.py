"""Safe YAML loading for front matter: alias bombs refused, bad dates kept as text.

Imported only when a file's front matter is parsed, so commands that read no
file (a search with nothing changed) don't pay for PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml import YAMLError

#: More YAML aliases than this is treated as an alias bomb.
MAX_ALIASES = 32

__all__ = ["MAX_ALIASES", "YAMLError", "load_yaml"]


class _CountingLoader(yaml.SafeLoader):
    """A safe loader that refuses documents with too many aliases."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
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

    class _FastLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
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
    return yaml.load(raw, Loader=_loader_for(raw))  # both loaders are safe loaders
