"""The figures; importing a module registers its figures (see :mod:`bench.registry`).

Later issues add modules here (export, say), give each figure an ``order``
(the core ones use 10 to 70, the TUI 80-85, the reader and claims 90-96) and
import the module below; nothing else needs to change.
"""

from . import as_you_type, build, claims, cli, memory, reader, search, sync, tui  # noqa: F401

# isort: split
from . import export, fts5, hostile, query_shapes, resources  # noqa: F401
