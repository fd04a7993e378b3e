"""Which claims: the selection of ``briefing claims QUERY``, in the order shown.

The query selects briefings as in search; its terms about claims alone
(``status:``, ``tag:``, ``anchor:``, ``note:``, ``claim:``, and the analyst's
``links:``, ``has:links``, ``linked:``, ``reliability:``, ``credibility:``)
also filter the claims themselves. A lone argument naming one briefing (its id,
``id:ID`` or its path) selects that briefing's claims: :func:`select_named`, what
``claims``, ``export`` and ``timeline`` all read their arguments with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.lang.porter import stem as _porter_stem

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.search.index import EMOJI_PATTERN
from briefing_tui.core.search.query import ANALYSIS_FIELDS, And, Node, Not, Or, Phrase, Word, parse
from briefing_tui.core.tags import normalize_tag
from briefing_tui.core.text.sanitize import clean_line

from ..analysis import TermAnswers
from ..resolving import named_document
from ..store import DocumentRecord
from ..workspace import Workspace

#: Query fields that describe one claim, so a query also filters claims by them.
CLAIM_FILTER_FIELDS = ("status", "tag", "anchor")
#: Claim fields matched by words (stemmed, as search matches them).
CLAIM_TEXT_FIELDS = ("note", "claim")
#: Words as the index has them, emoji included (``note:🚀``).
_WORD = re.compile(r"[^\W_]+|" + EMOJI_PATTERN)


@lru_cache(maxsize=65_536)
def porter_stem(word: str) -> str:
    """A word's stem, remembered: ``note:`` and ``claim:`` stem every claim's words at
    each keystroke, from a vocabulary far smaller than their count."""
    return str(_porter_stem(word))


def _stems(text: str) -> list[str]:
    return [porter_stem(word) for word in _WORD.findall(text.lower())]


@lru_cache(maxsize=65_536)
def _words_and_stems(text: str) -> tuple[list[str], list[str], frozenset[str]]:
    """A claim's note or quote as words, their stems, and the set of stems: read once
    per text, not at each keystroke of a ``note:`` or ``claim:`` filter."""
    words = _WORD.findall(text.lower())
    stems = [porter_stem(word) for word in words]
    return words, stems, frozenset(stems)


def _says(text: str, wanted: list[str], prefix: bool) -> bool:
    """Whether ``text`` holds the words ``wanted`` (stems, in a row), the last one
    as a prefix when ``prefix``: ``note:source`` on each claim's own note."""
    if not wanted:
        return False
    words, stems, every = _words_and_stems(text)
    size = len(wanted)
    if size == 1:  # the common case, without a scan when the stem is there
        return wanted[0] in every or (prefix and any(w.startswith(wanted[0]) for w in words))
    for start in range(len(stems) - size + 1):
        if stems[start : start + size - 1] != wanted[:-1]:
            continue
        last, stem = words[start + size - 1], stems[start + size - 1]
        if (prefix and last.startswith(wanted[-1])) or stem == wanted[-1]:
            return True
    return False


#: (claim, its briefing's record or None) -> does the claim pass.
ClaimTest = Callable[[Claim, DocumentRecord | None], bool]
Chosen = list[tuple[Claim, DocumentRecord | None]]


def _claim_test(node: Node, terms: TermAnswers) -> ClaimTest | None:
    """A test on one claim for a node made only of claim terms (status:, tag:,
    anchor:, note:, claim:, and the analyst's, which ``terms`` answers).

    ``None`` when the node says something else (words, dates...), which only
    the index can decide, per briefing.
    """
    if isinstance(node, Word) and (
        node.field in ANALYSIS_FIELDS
        or (node.field == "has" and node.text.strip().lower() == "links" and not node.prefix)
    ):
        if node.field == "has":
            return terms.claim_test("has", "links")
        return terms.claim_test(node.field or "", node.text)
    if isinstance(node, Word | Phrase) and node.field in CLAIM_TEXT_FIELDS:
        wanted = _stems(node.text)
        prefix = isinstance(node, Word) and node.prefix
        if node.field == "note":
            return lambda claim, record: _says(claim.note, wanted, prefix)
        return lambda claim, record: _says(claim.quote, wanted, prefix)
    if isinstance(node, Word | Phrase) and node.field in CLAIM_FILTER_FIELDS:
        name = node.field
        value = normalize_tag(node.text) if name == "tag" else node.text.strip().lower()
        prefix = isinstance(node, Word) and node.prefix

        def matches(values: Sequence[str]) -> bool:
            return any(v.startswith(value) if prefix else v == value for v in values)

        if name == "status":
            return lambda claim, record: matches([claim.status])
        if name == "anchor":
            return lambda claim, record: matches([claim.anchor])
        # tag: covers claim tags and, as in search, the briefing's own tags.
        return lambda claim, record: (
            matches(claim.tags) or (record is not None and matches(record.tags))
        )
    if isinstance(node, Not):
        inner = _claim_test(node.child, terms)
        if inner is None:
            return None
        return lambda claim, record: not inner(claim, record)
    if isinstance(node, And | Or):
        tests = [_claim_test(child, terms) for child in node.children]
        if any(test is None for test in tests):
            return None
        known = [test for test in tests if test is not None]
        combine = all if isinstance(node, And) else any
        return lambda claim, record: combine(test(claim, record) for test in known)
    return None


def records_for(ws: Workspace, doc_ids: Iterable[str]) -> dict[str, DocumentRecord]:
    """The records of ``doc_ids`` that exist, by id (one query)."""
    return ws.store.get_many(doc_ids)


def select_claims(ws: Workspace, text: str) -> Chosen:
    """The claims ``briefing claims QUERY`` lists, grouped by briefing (newest first).

    The query selects briefings as in search. Its top-level terms that are
    only about claims (``status:``, ``tag:``, ``anchor:``, ``note:``,
    ``claim:``, ``links:``, ``has:links``, ``linked:``, ``reliability:``,
    ``credibility:``, and NOT / OR groups of them) also filter the claims
    themselves. A query made of nothing else is decided on the claims alone,
    so it also finds the claims of briefings whose file is gone. Raises :class:`~.query.QueryError`.
    """
    return ClaimScope.load(ws).select(ws, text)


@dataclass
class Selection:
    """The claims the words of ``briefing claims WORDS`` select, and the one briefing
    they name, if they name one."""

    chosen: Chosen
    named: DocumentRecord | None

    def nothing(self) -> str:
        """What to say when :attr:`chosen` is empty."""
        if self.named is None:
            return "No claims match."
        return f"No claims on {clean_line(self.named.title)!r} ({self.named.path})."


def select_named(ws: Workspace, words: Sequence[str], cwd: Path | None) -> Selection:
    """The claims ``briefing claims WORDS`` lists: a lone word naming one briefing
    (:func:`~..resolving.named_document`: its id, ``id:ID``, a path) selects its
    claims, else the words are a query (:func:`select_claims`).

    One function, so ``export`` and ``timeline`` select as ``claims`` does: they
    took ``business-030.md`` as a query (no claims) and ``id:h0b0`` as an
    unknown field. Raises :class:`~..resolving.DocumentNotFound` for an ``id:`` or
    a path naming no briefing and :class:`~.query.QueryError` for a bad query.
    """
    text = " ".join(words)
    named = named_document(ws.store, ws.root, text, cwd) if len(words) == 1 else None
    if named is None:
        return Selection(select_claims(ws, text), None)
    return Selection(group_claims([(c, named) for c in ws.claims.for_document(named.id)]), named)


class ClaimScope:
    """Every claim with its briefing's record, read once and kept in the order
    :func:`group_claims` gives: what a screen filtering as the user types selects
    from, so a keystroke costs the query alone, never a read of 10,000 claims.

    A snapshot: whoever keeps one reads it again when claims or briefings change
    (the claims screen does on ``ClaimsChanged``, ``AnalysisChanged`` and a sync).
    The analyst's terms and the query's words are still answered from the store and
    the index at each :meth:`select`.
    """

    def __init__(self, chosen: Chosen) -> None:
        self.chosen = group_claims(chosen)

    @classmethod
    def load(cls, ws: Workspace, claims: list[Claim] | None = None) -> ClaimScope:
        """Every claim (or ``claims``) with its record: two queries."""
        every = ws.claims.all() if claims is None else claims
        records = records_for(ws, {claim.doc_id for claim in every})
        return cls([(claim, records.get(claim.doc_id)) for claim in every])

    def __len__(self) -> int:
        return len(self.chosen)

    def prepare(self) -> None:
        """Split every note and quote into words and stems now (once; later scopes of
        the same claims find them remembered), so the first keystroke of a ``note:``
        or ``claim:`` filter costs what the next ones do."""
        for claim, _ in self.chosen:
            _words_and_stems(claim.note)
            _words_and_stems(claim.quote)

    def select(self, ws: Workspace, text: str) -> Chosen:
        """The claims ``text`` selects, in the scope's order (:func:`select_claims`'s)."""
        node = parse(text)
        if node is None:
            return list(self.chosen)
        children = node.children if isinstance(node, And) else (node,)
        terms = ws.analysis.terms()
        found = [_claim_test(child, terms) for child in children]
        tests = [test for test in found if test is not None]
        chosen = self.chosen
        if len(tests) < len(found):
            wanted = set(ws.search(text, limit=1, snippets=False).ids)
            chosen = [item for item in chosen if item[0].doc_id in wanted]
        if not tests:
            return list(chosen)
        if len(tests) == 1:
            (only,) = tests
            return [item for item in chosen if only(*item)]
        return [item for item in chosen if all(test(*item) for test in tests)]


def group_claims(chosen: Chosen) -> Chosen:
    """Briefings newest first (then by title), each briefing's claims in text order."""

    def key(item: tuple[Claim, DocumentRecord | None]) -> tuple[str, str, int, int]:
        claim, record = item
        title = record.title.casefold() if record else ""
        return (title, claim.doc_id, claim.selector.start, claim.selector.end)

    by_title = sorted(chosen, key=key)
    return sorted(by_title, key=lambda item: item[1].date if item[1] else "", reverse=True)


def claim_order(claim: Claim) -> tuple[str, int, int, str]:
    return (claim.doc_id, claim.selector.start, claim.selector.end, claim.id)
