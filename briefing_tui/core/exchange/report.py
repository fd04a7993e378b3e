"""The ``md`` export: a cited claims report to paste into a memo.

Grouped by briefing (title, date, source, URL, tags), each claim a block
quote with its status, rating ("B2"), event date, tags, note, links and where
it stands (paragraph, character offsets, file); orphaned claims in a section
of their own; optionally a chronology first (the claims by event date, else
their briefing's date). Every piece of text from a briefing or a claim is
escaped so Markdown shows it as it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.text.plaintext import BLOCK_SEPARATOR
from briefing_tui.core.text.sanitize import clean_line, clean_text

from ..analysis import Timeline
from ..dates import short_date
from ..store import DocumentRecord
from ..workspace import Workspace
from .analyst import Extras
from .selection import Chosen

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])|&(?=#?\w+;)")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+\-=|~])")


def _md_escape(text: str) -> str:
    """Text escaped so Markdown shows it as it reads (inside a line)."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _md_line(line: str) -> str:
    """A line of text that starts a Markdown line: block markers escaped too."""
    line = _md_escape(line.lstrip())  # leading spaces would make a code block
    line = _MD_ORDERED.sub(r"\1\\\2", line, count=1)
    return _MD_BLOCK_START.sub(r"\1\\\2", line, count=1)


def _md_inline(text: str) -> str:
    return _md_escape(clean_line(text))


def _md_heading(text: str) -> str:
    text = _md_inline(text)
    # A heading's trailing #s would be read as its closing sequence.
    return text[:-1] + "\\#" if text.endswith("#") else text


def _md_code(text: str) -> str:
    """``text`` as a code span, whatever backticks it holds."""
    text = clean_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_url(url: str) -> str:
    url = clean_line(url)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*", url):
        return f"<{url}>"
    return _md_inline(url)


def _md_quote(text: str) -> list[str]:
    lines = []
    for line in clean_text(text).split("\n"):
        lines.append(f"> {_md_line(line)}" if line.strip() else ">")
    return lines


def _md_note(note: str) -> list[str]:
    lines = clean_text(note).strip().split("\n")
    out = []
    for number, line in enumerate(lines):
        text = _md_line(line.strip())
        text = f"Note: {text}" if number == 0 else text
        out.append(text + ("  " if number < len(lines) - 1 and text else ""))
    return out


def indexed_texts(ws: Workspace, doc_ids: Iterable[str]) -> dict[str, str]:
    """Plain texts of briefings as indexed (to number paragraphs without re-reading files)."""
    texts: dict[str, str] = {}
    wanted = sorted(doc_ids)
    if not wanted:
        return texts
    try:
        with ws.index().searcher() as searcher:
            for doc_id in wanted:
                docnum = searcher.document_number(id=doc_id)
                if docnum is not None:
                    texts[doc_id] = searcher.stored_fields(docnum).get("body", "")
    except Exception:  # an index that cannot be read: cite by offsets only
        return {}
    return texts


def _where(
    start: int, end: int, quote: str, record: DocumentRecord | None, text: str | None
) -> str:
    """ "¶ 3, characters 120–175 of the text of `path`": paragraph only when the text
    confirms it. The offsets count in the briefing's plain text (what claims anchor
    in), not in its file, whose front matter and markup come before and between."""
    parts = []
    if text is not None and text[start:end] == quote:
        parts.append(f"¶ {text.count(BLOCK_SEPARATOR, 0, start) + 1}, ")
    parts.append(f"characters {start}–{end}")
    if record is not None and record.path:
        parts.append(f" of the text of {_md_code(record.path)}")
    return "".join(parts)


def _md_briefing(record: DocumentRecord | None, doc_id: str, level: str) -> list[str]:
    if record is None:
        return [f"{level} Unknown briefing {_md_code(doc_id)}", ""]
    lines = [f"{level} {_md_heading(record.title) or _md_code(doc_id)}", ""]
    facts = []
    if record.date:
        facts.append(f"- Date: {short_date(record.date)}")
    if record.source:
        facts.append(f"- Source: {_md_inline(record.source)}")
    if record.url:
        facts.append(f"- URL: {_md_url(record.url)}")
    if record.tags:
        facts.append(f"- Tags: {_md_inline(', '.join(record.tags))}")
    if record.path:
        facts.append(f"- File: {_md_code(record.path)}")
    else:
        facts.append("- File: gone from the library")
    facts.append(f"- Id: {_md_code(doc_id)}")
    return [*lines, *facts, ""]


def _md_claim(
    claim: Claim, record: DocumentRecord | None, text: str | None, extras: Extras
) -> list[str]:
    lines = _md_quote(claim.quote)
    facts = [f"Status: **{claim.status}**"]
    rated = extras.rating(claim, record)
    if rated:
        facts.append(f"Rating: **{rated}**")
    if claim.event_date:
        facts.append(f"Event: {claim.event_date}")
    if claim.tags:
        facts.append(f"Tags: {_md_inline(', '.join(claim.tags))}")
    if claim.anchor == "orphaned":
        facts.append("**Orphaned**")
        gone = record is None or record.path is None
        facts.append(
            "the briefing's file is gone from the library"
            if gone
            else "nothing close enough in the briefing's current text"
        )
        where = _where(claim.selector.start, claim.selector.end, claim.quote, record, None)
        facts.append(f"was at {where}")
    elif claim.anchor == "fuzzy" and claim.candidate is not None:
        start, end, now = claim.candidate
        facts.append(f"**Changed**: the passage now reads “{_md_inline(now)}”")
        facts.append(_where(start, end, now, record, text))
    else:
        facts.append(_where(claim.selector.start, claim.selector.end, claim.quote, record, text))
    facts.append(f"Claim {_md_code(claim.id)}")
    lines += ["", " · ".join(facts), ""]
    links = extras.links.get(claim.id)
    if links:
        said = ", ".join(f"{link.label} {_md_code(link.claim_id)}" for link in links)
        lines += [f"Links: {said}", ""]
    if claim.note.strip():
        lines += [*_md_note(claim.note), ""]
    return lines


def _by_briefing(chosen: Chosen) -> list[tuple[str, DocumentRecord | None, list[Claim]]]:
    groups: list[tuple[str, DocumentRecord | None, list[Claim]]] = []
    for claim, record in chosen:
        if not groups or groups[-1][0] != claim.doc_id:
            groups.append((claim.doc_id, record, []))
        groups[-1][2].append(claim)
    return groups


def _md_chronology(timeline: Timeline) -> list[str]:
    """The claims in time order: a line each, under its month."""
    lines = [
        "## Chronology",
        "",
        "Each claim on the date of the event it reports; a date marked * is its "
        "briefing's (the claim has no event date).",
        "",
    ]
    month = ""
    for entry in (entry for group in timeline.groups for entry in group.entries):
        day = entry.day or ""
        if day[:7] != month:
            lines += [""] if month else []
            month = day[:7]
            lines += [f"### {month}", ""]
        mark = "\\*" if entry.placed_by == "briefing" else ""
        title = _md_inline(entry.record.title) if entry.record else _md_code(entry.claim.doc_id)
        rated = f", {entry.rating}" if entry.rating else ""
        quote = _md_inline(entry.claim.quote)
        lines.append(f"- {day}{mark}: “{quote}” ({title}{rated}) · {_md_code(entry.claim.id)}")
    if timeline.undated:
        lines += ["", "### Undated", ""]
        for entry in timeline.undated:
            lines.append(f"- “{_md_inline(entry.claim.quote)}” · {_md_code(entry.claim.id)}")
    return [*lines, ""]


def render_markdown(
    chosen: Chosen,
    *,
    exported_at: str,
    query: str = "",
    texts: dict[str, str] | None = None,
    extras: Extras | None = None,
    chronology: Timeline | None = None,
) -> str:
    """The cited claims report (``chosen`` grouped as :func:`select_claims` returns it),
    with a chronology first when one is given."""
    texts = texts or {}
    extras = extras or Extras()
    attached = [(claim, record) for claim, record in chosen if claim.anchor != "orphaned"]
    orphaned = [(claim, record) for claim, record in chosen if claim.anchor == "orphaned"]
    briefings = len({claim.doc_id for claim, _ in chosen})
    summary = (
        f"{len(chosen)} claim(s) from {briefings} briefing(s), exported from briefing-tui "
        f"on {exported_at[:10]}"
    )
    if query.strip():
        summary += f" for the query {_md_code(query.strip())}"
    lines = ["# Claims", "", summary + ".", ""]
    if chronology is not None and chronology.total:
        lines += _md_chronology(chronology)
    for doc_id, record, claims in _by_briefing(attached):
        lines += _md_briefing(record, doc_id, "##")
        for claim in claims:
            lines += _md_claim(claim, record, texts.get(doc_id), extras)
    if orphaned:
        lines += [
            "## Orphaned claims",
            "",
            "These claims lost their passage: its text was rewritten or the briefing's file is "
            "gone. Each quote is as it read when the claim was made.",
            "",
        ]
        for doc_id, record, claims in _by_briefing(orphaned):
            lines += _md_briefing(record, doc_id, "###")
            for claim in claims:
                lines += _md_claim(claim, record, None, extras)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
