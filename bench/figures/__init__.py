"""The figures; importing a module registers its figures (see :mod:`bench.registry`).

This package's ``__init__`` is the one registration point: :mod:`bench.loader`
imports it, and it imports every figure module. A new figure is a module here
(imports from the harness and :mod:`bench.corpora` only, never from another
figure) with an ``order`` (the core figures use 10 to 70, the TUI 80-85, the
reader and claims 90-97, export and the rest from 100), imported below;
nothing else needs to change.
"""

from . import as_you_type, build, claims, cli, memory, reader, search, sync, tui  # noqa: F401

# isort: split
from . import export, fts5, hostile, query_shapes, resources  # noqa: F401
