"""Tags a store kept in their decomposed form (set in the app or on a claim by an
earlier briefing-tui) are composed once, when the store is opened: ``tag:thé`` missed
them, a rename passed them by, and the tag manager showed two ``thé``."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

NFC = unicodedata.normalize("NFC", "thé")
NFD = unicodedata.normalize("NFD", "thé")


def test_decomposed_tags_of_a_schema_4_store_are_composed_and_merged(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "tea.md").write_text("---\ntitle: Tea\n---\n\nThe tea harvest was early.\n")
    (library / "both.md").write_text("---\ntitle: Both\n---\n\nThe tea price rose.\n")
    paths = resolve_paths(library, tmp_path / "data")
    with Workspace(paths) as ws:
        ws.sync()
        tea, both = ws.store.by_path("tea.md"), ws.store.by_path("both.md")
        assert tea is not None and both is not None
        ws.change_tags(both, [NFC], [])
        claim = ws.annotate(tea, "tea harvest", tags=["crops"])
    # What an earlier briefing-tui left: the same tag in the other form, schema 4.
    with sqlite3.connect(paths.store_file) as db:
        db.execute("INSERT INTO user_tags (doc_id, tag, removed) VALUES (?, ?, 0)", (tea.id, NFD))
        db.execute("INSERT INTO user_tags (doc_id, tag, removed) VALUES (?, ?, 0)", (both.id, NFD))
        db.execute("UPDATE documents SET tags = ? WHERE id = ?", (f'["{NFD}"]', tea.id))
        db.execute("UPDATE claim_tags SET tag = ? WHERE claim_id = ?", (NFD, claim.id))
        db.execute("PRAGMA user_version = 4")
    (paths.index_dir / "briefing-schema-version").write_text("5")  # rebuilt, as on upgrade
    with Workspace(paths) as ws:
        ws.sync()
        rows = ws.store.query("SELECT doc_id, tag FROM user_tags ORDER BY doc_id")
        assert sorted(tuple(row) for row in rows) == sorted([(tea.id, NFC), (both.id, NFC)])
        assert ws.store.query("SELECT tag FROM claim_tags")[0][0] == NFC
        assert ws.store.get(tea.id).tags == [NFC]  # type: ignore[union-attr]
        found = {ws.store.get(i).path for i in ws.search(f"tag:{NFC}").ids}  # type: ignore[union-attr]
        assert found == {"tea.md", "both.md"}
        claims = ws.claims.all()
        assert [claim.tags for claim in claims] == [[NFC]]
        assert ws.retag(NFC, "tea") == 2  # a rename reaches both
        assert {ws.store.get(i).path for i in ws.search("tag:tea").ids} == {"tea.md", "both.md"}  # type: ignore[union-attr]
