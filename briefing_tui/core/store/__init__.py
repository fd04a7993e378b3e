"""The store: one library's SQLite database of document records, user data and metadata.

``store`` holds the :class:`Store` (opening, meta, documents), ``user_data``
its app tags and reading state, ``connection`` its connections and
transactions (any thread may read while another writes), ``schema`` the
migrations and the checks that a file holds the schema, ``records`` the
:class:`DocumentRecord`, ``tags`` how app tag changes combine with
front-matter tags, ``errors`` :class:`StoreError` and SQLite's errors in words.
All SQL of the library lives here, but the claims table's (:mod:`..claims.store`).
"""

from __future__ import annotations

from .errors import StoreError
from .records import DocumentKeys, DocumentRecord
from .schema import MIGRATIONS, SCHEMA_VERSION
from .store import BUSY_TIMEOUT_MS, Store
from .tags import TagChange, effective_tags, user_tag_changes

__all__ = [
    "BUSY_TIMEOUT_MS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "DocumentKeys",
    "DocumentRecord",
    "Store",
    "StoreError",
    "TagChange",
    "effective_tags",
    "user_tag_changes",
]
