"""The daily stream: what is new, what changed since it was read, watch queries,
facets, and acting on every result at once.

The package's face is :class:`Stream` (``Workspace.stream``): reading state
(:mod:`.reading`: read or unread, new since the last visit, changed since
read, what changed), saved searches (:mod:`.saved`), facets (:mod:`.facets`)
and bulk actions. The SQL is the store's (``read_marks``, ``saved_searches``,
``facets``); ``is:`` terms are matched by :mod:`..search.filters`.
"""

from __future__ import annotations

from .facets import Facets, FacetValue, build_facets, narrow
from .reading import (
    ClaimInDiff,
    DocState,
    NoDiff,
    Reading,
    ReadText,
    StreamCounts,
    StreamSnapshot,
    TextSource,
    WhatChanged,
)
from .saved import SavedSearch
from .stream import BulkResult, Stream, check_saved_query

__all__ = [
    "BulkResult",
    "ClaimInDiff",
    "DocState",
    "FacetValue",
    "Facets",
    "NoDiff",
    "ReadText",
    "Reading",
    "SavedSearch",
    "Stream",
    "StreamCounts",
    "StreamSnapshot",
    "TextSource",
    "WhatChanged",
    "build_facets",
    "check_saved_query",
    "narrow",
]
