"""The store: one library's SQLite database of document records, user data and metadata.

``store`` holds the :class:`Store` (opening, transactions, reads and writes),
``schema`` the migrations and the checks that a file holds the schema,
``records`` the :class:`DocumentRecord`, ``tags`` how app tag changes combine
with front-matter tags, ``errors`` :class:`StoreError` and SQLite's errors in words.
"""

from __future__ import annotations

from .errors import StoreError
from .records import DocumentRecord
from .schema import MIGRATIONS, SCHEMA_VERSION
from .store import BUSY_TIMEOUT_MS, Store
from .tags import TagChange, effective_tags, user_tag_changes

__all__ = [
    "BUSY_TIMEOUT_MS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "DocumentRecord",
    "Store",
    "StoreError",
    "TagChange",
    "effective_tags",
    "user_tag_changes",
]
