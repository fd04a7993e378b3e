"""The figures; importing a module registers its figures (see :mod:`bench.registry`).

Later issues add modules here (TUI start-up, keystroke to paint, opening a
briefing, export), give each figure an ``order`` (the current ones use 10
to 70) and import the module below; nothing else needs to change.
"""

from . import as_you_type, build, cli, memory, search, sync  # noqa: F401
