"""A library folder that is a git repository, changed under the app (walk s19).

``git checkout``, ``git stash``, a sync tool: files deleted, copied and brought
back in whatever order. Claims and tags hang off a briefing's identity, which
follows its content; they must end on the briefing whose file is there.
"""

from __future__ import annotations

from pathlib import Path

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

INK = (
    "# Ink helps drive democracy\n\n"
    "The Kyrgyz Republic is using invisible ink and ultraviolet readers in its "
    "elections as part of a drive to prevent multiple voting. The new technology "
    "is causing both worries and guarded optimism among voters.\n"
)
QUOTE = "The new technology is causing both worries and guarded optimism among voters."


def _library(tmp_path: Path) -> tuple[Path, Workspace]:
    content = tmp_path / "lib"
    content.mkdir()
    (content / "ink.md").write_text(INK, encoding="utf-8")  # no front-matter id
    (content / "other.md").write_text("# Other\n\nSomething else entirely.\n", encoding="utf-8")
    workspace = Workspace(resolve_paths(content, tmp_path / "data"))
    workspace.sync()
    return content, workspace


def test_a_file_restored_where_its_bare_copy_went_gets_its_claims_back(tmp_path: Path) -> None:
    """ink.md claimed and tagged; a copy made (a new briefing, as the README says);
    ink.md deleted (the bare copy takes it over); then ``git checkout -- ink.md`` and
    the copy deleted, in one sync. The restored file took the bare copy's identity
    and the claim and the tag stayed orphaned, its file back in place."""
    content, workspace = _library(tmp_path)
    with workspace:
        record = workspace.resolve("ink.md")
        doc_id = record.id
        workspace.annotate(record, QUOTE)
        workspace.store.change_tags(doc_id, add=["kyrgyz"])
        (content / "copy.md").write_bytes((content / "ink.md").read_bytes())
        workspace.sync()
        (content / "ink.md").unlink()
        workspace.sync()
        # The bare copy takes ink.md over, as a rename would (the claim was orphaned).
        assert workspace.store.get(doc_id).path == "copy.md"  # type: ignore[union-attr]
        assert [claim.anchor for claim in workspace.claims.for_document(doc_id)] == ["exact"]
        (content / "ink.md").write_text(INK, encoding="utf-8")
        (content / "copy.md").unlink()
        workspace.sync()
        back = workspace.store.get(doc_id)
        assert back is not None and back.path == "ink.md"
        assert "kyrgyz" in back.tags
        claims = workspace.claims.for_document(doc_id)
        assert [claim.anchor for claim in claims] == ["exact"]
        listed = {r.path: r.id for r in workspace.store.list_documents()}
        assert listed == {"ink.md": doc_id, "other.md": listed["other.md"]}
