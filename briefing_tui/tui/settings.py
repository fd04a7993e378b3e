"""The app's settings: one dataclass, loaded and saved in one place."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..core.files import atomic_write


@dataclass
class Settings:
    """User preferences kept in ``settings.json`` in the data folder."""

    theme: str = "textual-dark"
    #: The reader's widest line in columns (0: the whole width of the terminal).
    reading_width: int = 100
    path: Path | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read the settings; a missing or broken file gives the defaults."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        kinds = {f.name: type(f.default) for f in fields(cls) if f.name != "path"}
        values: dict[str, Any] = (
            {
                k: v
                for k, v in data.items()
                # Exactly the default's type: True is not a width.
                if k in kinds and type(v) is kinds[k] and _sane(k, v)
            }
            if isinstance(data, dict)
            else {}
        )
        return cls(**values, path=path)

    def save(self) -> None:
        """Write atomically, so a crash never leaves half a file."""
        if self.path is None:
            return
        data = {k: v for k, v in asdict(self).items() if k != "path"}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(data, indent=2).encode("utf-8"))
        except OSError:
            pass  # a preference not kept is not worth interrupting the user for


def _sane(name: str, value: object) -> bool:
    """Whether a loaded value can be used (a width is 0 or a usable column count)."""
    if name == "reading_width":
        return isinstance(value, int) and (value == 0 or 20 <= value <= 1000)
    return True
