"""The figures, one module each, named after it; importing a module registers it.

This ``__init__`` is the one registration point: :mod:`bench.loader` imports
it, and it imports every figure module. A new figure is a module here, named
after the figure (``tui-keys`` is ``tui_keys.py``), that imports from the
harness and :mod:`bench.corpora` only, never from another figure; it gets an
``order`` (the core figures use 10 to 70, the TUI 80-85, the reader and
claims 90-97, export and the rest from 100) and is imported below. Nothing
else needs to change (``tests/test_bench_layout.py`` checks all of this).
"""

from . import (  # noqa: F401  (importing a module registers its figure)
    as_you_type,
    build,
    claim_save,
    claims_filter,
    cli,
    export,
    facets,
    feed_items_incremental,
    fetch_unchanged,
    first_start,
    folder_change,
    fts5,
    highlight,
    ingest_pages,
    memory,
    no_change,
    overview_paint,
    query_shapes,
    reader_hostile,
    reader_open,
    reanchor,
    reindex,
    resources,
    saved_counts,
    search,
    timeline_paint,
    tui_keys,
    tui_start,
    tui_start_marks,
    watch_idle,
    what_changed,
)
