"""The CommonMark spec's examples (0.31.2, all 652): the reader and the core agree.

For every example:

(a) the core's plain text (what is indexed and what claims anchor in) equals
    what the reader's Markdown widget shows, block by block;
(b) on a sample, a claim anchored on a passage of the text maps back to the
    same text, in the core and in the reader's blocks (offsets are exact);
(c) every word the reader shows is found by search (``[^\\W_]+`` words of 3+
    letters, stop words excepted), over a library of the examples as briefings.

What cannot hold is listed in :data:`EXCEPTIONS` with the reason, never
skipped silently; an exception that starts to hold fails the test, so the
list stays true. The examples are CC-BY-SA 4.0 (see fixtures/README.md).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from unit.test_plaintext_matches_textual import _rendered_blocks  # tests/ is on sys.path

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.text.plaintext import plain_text, text_blocks
from briefing_tui.core.text.sanitize import clean_text
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.widgets.document import BriefingDocument
from briefing_tui.tui.widgets.markdown_blocks import BriefingMarkdown

SPEC = Path(__file__).parent / "fixtures" / "commonmark-spec-0.31.2.json"
EXAMPLES: list[dict[str, Any]] = json.loads(SPEC.read_text(encoding="utf-8"))
#: Every how many examples a claim is anchored and mapped back (b).
CLAIM_EVERY = 3
WORD = re.compile(r"[^\W_]{3,}")

#: Example number -> why the check named cannot hold for it. (a), (b), (c) as above.
EXCEPTIONS: dict[tuple[str, int], str] = {}


def _exception(check: str, number: int) -> str | None:
    return EXCEPTIONS.get((check, number))


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield BriefingMarkdown()
        yield BriefingDocument(id="document")


def test_the_fixture_is_the_whole_spec() -> None:
    assert len(EXAMPLES) == 652
    assert [e["example"] for e in EXAMPLES] == list(range(1, 653))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The examples as briefings (front matter first, so a body's own ``---`` is body)."""
    root = tmp_path_factory.mktemp("commonmark")
    lib, data = root / "library", root / "data"
    lib.mkdir()
    for example in EXAMPLES:
        number = example["example"]
        header = f"---\nid: ex{number:03d}\ntitle: Spec example\n---\n"
        (lib / f"ex{number:03d}.md").write_bytes((header + example["markdown"]).encode())
    with Workspace(resolve_paths(lib.resolve(), data.resolve())) as workspace:
        workspace.sync()
        yield workspace


def _body(workspace: Workspace, number: int) -> tuple[Any, str, str]:
    record = workspace.store.get(f"ex{number:03d}")
    assert record is not None
    briefing = workspace.read(record)
    return record, briefing.body, briefing.plain_text  # type: ignore[union-attr]


async def test_the_reader_shows_the_core_plain_text_for_every_example() -> None:
    """(a): raw examples, and as ingestion cleans them (controls shown as pictures)."""
    failures: list[str] = []
    held: set[int] = set()
    app = _Host()
    async with app.run_test():
        markdown = app.query_one(BriefingMarkdown)
        for example in EXAMPLES:
            number = example["example"]
            ok = True
            for source in {example["markdown"], clean_text(example["markdown"])}:
                shown = _rendered_blocks(markdown, source)
                core = [block.text for block in text_blocks(source)]
                ok = ok and core == shown and plain_text(source) == "\n\n".join(shown)
            if ok:
                held.add(number)
            elif not _exception("a", number):
                failures.append(f"example {number}: core {core!r} != reader {shown!r}")
    assert not failures, "\n".join(failures)
    stale = [n for check, n in EXCEPTIONS if check == "a" and n in held]
    assert not stale, f"listed as exceptions to (a) but they hold: {stale}"


async def test_a_claim_on_an_example_maps_back_to_its_text(
    library: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(b): a claim on the middle of a paragraph or heading, in the core and on screen."""
    # What (b) checks is the claim's stored span and quote, and the screen. The
    # search index's update after each save (a Whoosh commit each, two thirds
    # of this test's time) cannot fail a save (an error there is a notice) and
    # is not looked at here, so it is left out.
    monkeypatch.setattr(library, "reindex_many", lambda doc_ids: [])
    failures: list[str] = []
    app = _Host()
    async with app.run_test() as pilot:
        document = app.query_one(BriefingDocument)
        for example in EXAMPLES[::CLAIM_EVERY]:
            number = example["example"]
            record, body, plain = _body(library, number)
            blocks = [b for b in text_blocks(body) if b.kind in ("paragraph", "heading") and b.text]
            if not blocks:
                continue
            block = max(blocks, key=lambda b: len(b.text))
            start = block.start + len(block.text) // 4
            end = max(start + 1, block.end - len(block.text) // 4)
            wanted = plain[start:end]
            claim = library.add_claim(record, start, end)
            (stored,) = [c for c in library.claims.for_document(record.id) if c.id == claim.id]
            span = stored.span
            assert span is not None
            core_ok = plain[span[0] : span[1]] == wanted == stored.quote
            await document.clear()
            await document.add_part(body)
            await pilot.pause()
            document.index_blocks(text_blocks(body))
            shown_block = document.block_at(span[0])
            shown = ""
            if shown_block is not None and shown_block.doc_start is not None:
                at = span[0] - shown_block.doc_start
                shown = shown_block._content.plain[at : at + span[1] - span[0]]
            if not (core_ok and shown == wanted) and not _exception("b", number):
                failures.append(
                    f"example {number}: {wanted!r} -> core {stored.quote!r}, shown {shown!r}"
                )
    assert not failures, "\n".join(failures)


def test_every_word_the_reader_shows_is_found(library: Workspace) -> None:
    """(c): the shown text is the core's by (a); each word's search finds its examples."""
    from whoosh.analysis import STOP_WORDS

    where: dict[str, set[str]] = defaultdict(set)
    for example in EXAMPLES:
        number = example["example"]
        record, _, plain = _body(library, number)
        for word in WORD.findall(plain):
            if word.lower() not in STOP_WORDS and not _exception("c", number):
                where[word.lower()].add(record.id)
    failures = []
    for word, ids in sorted(where.items()):
        found = set(library.search(word, limit=1, snippets=False).ids)
        if not ids <= found:
            failures.append(f"{word!r} not found in {sorted(ids - found)}")
    assert not failures, "\n".join(failures)
