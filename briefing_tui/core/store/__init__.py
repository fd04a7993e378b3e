"""The store: one library's SQLite database of document records, user data and metadata.

``store`` holds the :class:`Store` (opening, meta, documents), ``user_data``
its app tags and reading state, ``read_marks`` what was read and the visits,
``saved_searches`` the saved searches, ``facets`` facet counts, ``links`` claim
links, ``sources`` source ratings, ``overview`` the overview's counts, ``connection``
its connections and transactions (any thread may read while another writes),
``schema`` the
migrations and the checks that a file holds the schema, ``records`` the
:class:`DocumentRecord`, ``tags`` how app tag changes combine with
front-matter tags, ``errors`` :class:`StoreError` and SQLite's errors in words.
All SQL of the library lives here, but the claims table's (:mod:`..claims.store`).
"""

from __future__ import annotations

from .errors import StoreError, StoreReadOnly
from .facets import FACET_NAMES
from .links import LinkOutcome, LinkRow
from .read_marks import Kept, NewMark, ReadMark
from .records import DocumentKeys, DocumentRecord
from .saved_searches import SavedRow, SavedSearchError
from .schema import MIGRATIONS, SCHEMA_VERSION
from .sources import SourceRow
from .store import BUSY_TIMEOUT_MS, Store
from .tags import TagChange, effective_tags, user_tag_changes

__all__ = [
    "BUSY_TIMEOUT_MS",
    "FACET_NAMES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "DocumentKeys",
    "DocumentRecord",
    "Kept",
    "LinkOutcome",
    "LinkRow",
    "NewMark",
    "ReadMark",
    "SavedRow",
    "SavedSearchError",
    "SourceRow",
    "Store",
    "StoreError",
    "StoreReadOnly",
    "TagChange",
    "effective_tags",
    "user_tag_changes",
]
