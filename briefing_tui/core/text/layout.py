"""Planning how a briefing is rendered: a fast first screen, chunks, sections.

Textual's Markdown widget costs about 2.5-3 ms per block widget and every
append re-lays out the whole document, so the reader shows a small first
chunk at once (parsed from a prefix, before the whole document is parsed),
appends the rest in bounded chunks, and above a size shows one section at a
time. Offsets stay global: a section knows where its text blocks start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from briefing_tui.core.text.plaintext import TextBlock, TopBlock, analyse

#: Above this many characters or widgets (top-level blocks' weights), show one
#: section at a time. Widgets, not blocks: every layout of the screen walks every
#: widget of the document, so its cost (and each chunk's stall) grows with them.
SECTION_CHARS = 150_000
SECTION_BLOCKS = 1_000
#: Widgets per section when headings don't cut the document finer.
SECTION_SIZE = 250
#: Blocks in the first chunk (the first screen) and the most in any later chunk.
FIRST_BLOCKS = 30
CHUNK_BLOCKS = 60
#: How much of the source is parsed to find the first screen.
PROBE_CHARS = 32_000


#: An ordered list item's number and delimiter, at the start of its first line.
_ITEM_NUMBER = re.compile(r"^( {0,3})\d{1,9}([.)])")


class Chunk(str):
    """A chunk's Markdown source. ``loose_list_goes_on``: it begins by going on with a
    loose list the chunk before it ends in (a blank line between them, as between
    the list's items; a tight list's cut has none)."""

    loose_list_goes_on: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """A run of top-level blocks [top_start, top_end) shown together."""

    top_start: int
    top_end: int
    title: str
    #: The outline level of its entry: its heading's, or the chapter's it continues.
    level: int = 1


@dataclass
class DocumentLayout:
    """The parsed shape of one briefing's Markdown body."""

    source: str
    lines: list[str]
    blocks: list[TextBlock]
    tops: list[TopBlock]
    sections: list[Section]
    #: The document's link reference definitions (markdown-it's ``env["references"]``):
    #: document-wide, so every part and the first screen are parsed with them.
    references: dict[str, Any] = field(default_factory=dict)

    @property
    def plain_text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def sectioned(self) -> bool:
        return len(self.sections) > 1

    def source_between(self, top_start: int, top_end: int) -> str:
        """Source text of top-level blocks [top_start, top_end)."""
        first = self.tops[top_start].line if top_start < len(self.tops) else len(self.lines)
        last = self.tops[top_end].line if top_end < len(self.tops) else len(self.lines)
        return "".join(self.lines[first:last])

    def chunks(self, top_start: int, top_end: int, first: int = FIRST_BLOCKS) -> list[Chunk]:
        """The source of [top_start, top_end) in chunks of about CHUNK_BLOCKS widgets; a
        chunk going on with a list cut before it is written as the whole list reads
        (see :meth:`_chunk`), so it may differ from the source there."""
        cuts = [top_start]
        budget, used = first, 0
        for index in range(top_start, top_end):
            weight = self.tops[index].weight
            if used and used + weight > budget:
                cuts.append(index)
                budget, used = CHUNK_BLOCKS, 0
            used += weight
        cuts.append(top_end)
        return [self._chunk(a, b) for a, b in pairwise(cuts) if a < b]

    def _chunk(self, top_start: int, top_end: int) -> Chunk:
        """The source of [top_start, top_end), parsed alone as it shows in the whole.

        A list cut between its items goes on in the next chunk, which markdown-it
        reads as a list of its own: numbered from its first item's number as
        written (``1.`` on every line began again at 1 at each cut), and tight or
        loose by its own items. So the first item takes the number the whole list
        gives it, and the items of a loose list are kept a blank line apart."""
        tops = self.tops
        first_line = tops[top_start].line
        last_line = tops[top_end].line if top_end < len(tops) else len(self.lines)
        lines = self.lines[first_line:last_line]
        head = tops[top_start]
        goes_on = head.list_at not in (-1, top_start) and (
            top_start == 0 or tops[top_start - 1].list_at == head.list_at
        )
        # (Ten digits or more are no list marker: CommonMark's numbers have at most nine.)
        if goes_on and head.number is not None and head.number < 10**9 and lines:
            lines[0] = _ITEM_NUMBER.sub(rf"\g<1>{head.number}\g<2>", lines[0], count=1)
        for index in range(top_end - 1, top_start, -1):  # from the end: earlier lines stay put
            top = tops[index]
            at = top.line - first_line
            if top.loose and top.list_at == tops[index - 1].list_at and lines[at - 1].strip():
                lines.insert(at, "\n")
        chunk = Chunk("".join(lines))
        chunk.loose_list_goes_on = goes_on and head.loose
        return chunk

    def text_range(self, section: Section) -> tuple[int, int]:
        """Indexes [start, end) of the text blocks a section holds."""
        start = (
            self.tops[section.top_start].text_index
            if section.top_start < len(self.tops)
            else len(self.blocks)
        )
        end = (
            self.tops[section.top_end].text_index
            if section.top_end < len(self.tops)
            else len(self.blocks)
        )
        return start, end

    def section_of_offset(self, offset: int) -> int:
        """The section holding plain-text ``offset``."""
        for index, section in enumerate(self.sections):
            start, end = self.text_range(section)
            if end > start and self.blocks[end - 1].end >= offset:
                return index
        return max(0, len(self.sections) - 1)

    def top_after(self, head: str) -> int:
        """The index of the first top-level block not shown by ``head``, a prefix of the source.

        ``head`` is :func:`first_screen`'s cut: whole lines, perhaps the whole
        source. A last line without its newline is a line of ``head`` too (its
        block is shown), so lines are counted, not newlines.
        """
        return self.top_at_line(len(source_lines(head)))

    def head_differs(self, head: str) -> bool:
        """Whether ``head`` (the first screen) parsed alone shows other than here.

        It does when it uses a link reference defined further down: it was
        shown before the whole document was parsed. One parse of ``head``,
        only when some definition lies beyond it. Or when it ends in a loose
        list whose blank lines are all further on, so it drew the list tight.
        """
        shown = len(source_lines(head))
        # A loose list cut after the first screen: drawn tight there (its blank line
        # further on), spaced from the next part on (a review). As the whole reads:
        end = self.top_after(head)
        last, after = (
            (self.tops[end - 1], self.tops[end]) if 0 < end < len(self.tops) else (None, None)
        )
        if last is not None and after is not None and last.loose and after.list_at == last.list_at:
            return self._chunk(0, end) != head
        if not any(ref.get("map", (0,))[0] >= shown for ref in self.references.values()):
            return False
        alone = [block.text for block in analyse(head)[0]]
        return alone != [block.text for block in self.blocks[: len(alone)]]

    def top_at_line(self, line: int) -> int:
        """The index of the first top-level block starting at or after ``line``."""
        for index, top in enumerate(self.tops):
            if top.line >= line:
                return index
        return len(self.tops)


def source_lines(source: str) -> list[str]:
    """``source`` cut into lines as markdown-it counts them: only "\\n" ends one.

    ``str.splitlines`` also cuts at U+2028, U+2029, form feeds and other
    separators, which would shift every block's line number after them.
    """
    lines = [line + "\n" for line in source.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


def layout_document(source: str) -> DocumentLayout:
    """Parse ``source`` once and plan its sections."""
    env: dict[str, Any] = {}
    blocks, tops = analyse(source, env)
    lines = source_lines(source)
    large = len(source) > SECTION_CHARS or sum(top.weight for top in tops) > SECTION_BLOCKS
    sections = plan_sections(tops) if large else [Section(0, len(tops), "")]
    return DocumentLayout(source, lines, blocks, tops, sections, env.get("references", {}))


def plan_sections(tops: list[TopBlock], size: int = SECTION_SIZE) -> list[Section]:
    """Cut at top-level headings (h1/h2) and wherever a run exceeds ``size`` widgets."""
    sections: list[Section] = []
    start = 0
    weight = 0
    first = tops[0] if tops else None
    # A part before any chapter (an introduction) is at the chapters' level, not their parent.
    top_level = min((top.heading for top in tops if 0 < top.heading <= 2), default=1)
    title, level = (first.title, first.heading) if first and first.heading else ("", top_level)
    # The last h1/h2 passed: a part cut inside its chapter is titled after it. Titled
    # "Part 17", it sat in the outline as a level-1 entry, the next chapters (parts of
    # their own) drawn as its children (a newcomer walk on the CommonMark spec).
    chapter = (title, level) if title and level <= 2 else ("", top_level)
    for index, top in enumerate(tops):
        if index != start:
            at_heading = 0 < top.heading <= 2 and weight >= 50
            if at_heading or weight + top.weight > size:
                sections.append(Section(start, index, title or f"Part {len(sections) + 1}", level))
                start, weight = index, 0
                if top.heading:
                    title, level = top.title, top.heading
                else:
                    title = f"{chapter[0]} (continued)" if chapter[0] else ""
                    level = chapter[1]
        if 0 < top.heading <= 2:
            chapter = (top.title, top.heading)
        weight = top.weight if index == start else weight + top.weight
    if start < len(tops) or not sections:
        sections.append(Section(start, len(tops), title or f"Part {len(sections) + 1}", level))
    return sections


def first_screen(source: str, blocks: int = FIRST_BLOCKS, probe: int = PROBE_CHARS) -> str:
    """A prefix of ``source`` holding whole top-level blocks worth about ``blocks`` widgets.

    Parsed from a bounded prefix, so it costs the same for a 5 MB briefing as
    for a 5 KB one. The cut is at a top-level block start, and the last block
    of the probe (perhaps cut short) is never included.
    """
    if len(source) <= probe:
        head = source
        complete = True
    else:
        cut = source.rfind("\n\n", 0, probe)
        head = source[: cut + 1] if cut > 0 else source[:probe]
        complete = False
    _, tops = analyse(head)
    lines = source_lines(head)
    whole = tops if complete else tops[:-1]
    limit, used = 0, 0
    for top in whole:
        # Whole top-level blocks up to ``blocks`` widgets (at least one: what's on screen).
        if limit and used + top.weight > blocks:
            break
        limit, used = limit + 1, used + top.weight
    if complete and limit == len(whole):
        return head
    if limit == 0:
        return ""
    end_line = tops[limit].line if limit < len(tops) else len(lines)
    return "".join(lines[:end_line])
