"""From what the user names to what it means: a document from an id, an id prefix
or a path, and a passage from a quote of its text.

The CLI's DOC arguments and ``annotate``'s quotes go through here (by way of
the :class:`~.workspace.Workspace`), so every command reads them the same way.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.store import ClaimStore
from briefing_tui.core.paths import resolved
from briefing_tui.core.text.quotes import find_quote

from .store import DocumentRecord, Store

__all__ = [
    "ClaimNotFound",
    "DocumentNotFound",
    "QuoteNotFound",
    "named_document",
    "place_quote",
    "resolve_claim",
    "resolve_document",
]

#: A DOC written as ``briefing show`` prints it (``Id: h1a2…``) and as an export
#: names it: ``id:h1a2…`` is that id (or a prefix of it), never a path.
_ID_FORM = "id:"
_PATH_FORMS = ("./", "../", "/", "~")


class QuoteNotFound(LookupError):
    """``annotate`` could not place the quote: absent, or ambiguous."""


class DocumentNotFound(LookupError):
    """A DOC argument that names no document; the message says what was tried."""


class ClaimNotFound(LookupError):
    """A CLAIM argument that names no claim, or several; the message says which."""


def resolve_claim(claims: ClaimStore, ref: str) -> Claim:
    """A claim from its id or a unique prefix of it (4 characters or more)."""
    claim = claims.get(ref)
    if claim is not None:
        return claim
    if len(ref) >= 4:
        ids = claims.ids_with_prefix(ref, limit=2)
        if len(ids) > 1:
            raise ClaimNotFound(f"{ref!r} matches several claim ids; give more of it")
        if ids:
            found = claims.get(ids[0])
            if found is not None:
                return found
    if 0 < len(ref) < 4 and claims.ids_with_prefix(ref, limit=1):
        raise ClaimNotFound(
            f"no claim with id {ref!r}; a claim is found by a prefix of 4 characters or more"
        )
    raise ClaimNotFound(f"no claim with id {ref!r} (`briefing claims` lists them)")


def resolve_document(store: Store, root: Path, ref: str, cwd: Path | None) -> DocumentRecord:
    """A document from an id, an id prefix, or a path (absolute, cwd- or library-relative).

    A ref written as a path (``./x.md``, ``/…``, ``~/…``, ``../…``) is only a
    path. Otherwise, when it is both one briefing's path and another's id
    (front matter ``id: gas.md``), it is ambiguous: refused with how to
    say which, never applied to whichever was looked up first.
    """
    if ref[: len(_ID_FORM)].lower() == _ID_FORM:
        return _by_id(store, root, ref[len(_ID_FORM) :].strip(), ref)
    explicit_path = ref.startswith(_PATH_FORMS)
    by_id = None if explicit_path else store.get(ref)
    paths = _library_paths(root, ref, cwd)
    by_path = next(filter(None, map(store.by_path, paths)), None)
    if by_id is not None and by_path is not None and by_id.id != by_path.id:
        raise DocumentNotFound(
            f"{ref!r} is ambiguous: the path of {by_path.title!r} and the id of "
            f"{by_id.title!r}; write ./{ref} for the file, or use the other's path"
        )
    record = by_path or by_id
    if record is not None:
        return record
    for rel in paths:
        reason = store.skip_reason(rel)
        if reason is not None:  # the file is there, and the last sync said why it is not listed
            raise DocumentNotFound(f"{rel} is in the library but was skipped: {reason}")
    if explicit_path:
        raise DocumentNotFound(f"no briefing at {ref!r} in {root}")
    return _by_id(store, root, ref, ref)


def _by_id(store: Store, root: Path, ref: str, said: str) -> DocumentRecord:
    """The document whose id is ``ref`` or starts with it (4 characters or more);
    ``said`` is what the user wrote, for the message."""
    if not ref:
        raise DocumentNotFound(f"{said!r} needs an id, for example id:h1a2b3c4")
    found = store.get(ref)
    if found is not None:
        return found
    matches = store.ids_with_prefix(ref, limit=2) if len(ref) >= 4 else []
    if len(matches) == 1:
        found = store.get(matches[0])
        if found is not None:
            return found
    if len(matches) > 1:
        raise DocumentNotFound(f"{said!r} matches several document ids; give more of it")
    if 0 < len(ref) < 4 and store.ids_with_prefix(ref, limit=1):
        raise DocumentNotFound(
            f"no briefing with id {ref!r}; a briefing is found by an id prefix of 4 "
            "characters or more"
        )
    if said != ref:
        raise DocumentNotFound(f"no briefing with id {ref!r} in {root}")
    raise DocumentNotFound(f"no briefing with id or path {ref!r} in {root}")


def named_document(store: Store, root: Path, ref: str, cwd: Path | None) -> DocumentRecord | None:
    """The briefing a lone argument names as a DOC does, or ``None`` for a query.

    ``briefing claims h1a2b3c4`` listed no claims: the id was searched as a word.
    ``id:…`` and a path written as one (``./x.md``) always name a briefing (an
    error says why not); otherwise a briefing's whole id, or the path of a file
    the library lists, names it, and anything else is a query.
    """
    if ref[: len(_ID_FORM)].lower() == _ID_FORM or ref.startswith(_PATH_FORMS):
        return resolve_document(store, root, ref, cwd)
    if store.get(ref) is not None or any(map(store.by_path, _library_paths(root, ref, cwd))):
        return resolve_document(store, root, ref, cwd)
    return None


def _library_paths(root: Path, ref: str, cwd: Path | None) -> list[str]:
    """``ref`` taken as a path, as paths in the library: cwd-relative first, then
    library-relative (none for a path outside the library)."""
    as_path = Path(ref).expanduser()
    if as_path.is_absolute():
        candidates = [as_path]
    else:
        candidates = [(cwd or Path(os.getcwd())) / as_path, root / as_path]
    found: list[str] = []
    for candidate in candidates:
        # The file as resolved, then the name itself in its resolved folder: a link
        # that is broken, loops or leads outside is skipped by the sync under its own
        # name, and only that name finds the reason ("no briefing" said nothing).
        for where in (candidate, candidate.parent):
            try:
                path = resolved(where)
                rel = (path if where is candidate else path / candidate.name).relative_to(root)
            except (ValueError, OSError):
                continue
            if rel.as_posix() not in found:
                found.append(rel.as_posix())
    return found


def place_quote(text: str, quote: str, occurrence: int | None, *, where: str) -> tuple[int, int]:
    """[start, end) of ``quote`` in ``text`` (whitespace-insensitive); ``occurrence``
    (1-based) says which when it is there several times.

    Raises :class:`QuoteNotFound` when it is absent, when it is there several
    times and ``occurrence`` is ``None``, or when there is no such occurrence;
    ``where`` names the briefing in the message.
    """
    if not quote.strip():
        raise QuoteNotFound("the quote is empty: give the words to claim")
    found = find_quote(text, quote)
    if not found:
        near = written_otherwise(text, quote)
        also = f"; it is there as “{near}” (other quote marks, dashes or capitals)" if near else ""
        raise QuoteNotFound(f"the quote is not in {where}{also}")
    if occurrence is None and len(found) > 1:
        raise QuoteNotFound(
            f"the quote occurs {len(found)} times in {where}; say which with --occurrence K"
        )
    index = (occurrence or 1) - 1
    if not 0 <= index < len(found):
        raise QuoteNotFound(f"--occurrence {occurrence}: the quote occurs {len(found)} time(s)")
    return found[index]


#: Quote marks and dashes as a keyboard types them: a quote copied from a page with
#: curly marks, or typed with straight ones, is found under the other (one to one).
_PLAIN_MARKS = str.maketrans("‘’‚‛′“”„‟″–—‒―−", "'''''\"\"\"\"\"-----")


def written_otherwise(text: str, quote: str) -> str | None:
    """The words of ``text`` that ``quote`` names but for its quote marks, dashes or
    capitals (``‘tyranny’`` for ``'tyranny'``, ``the oecd`` for ``the OECD``), as
    the briefing writes them; ``None`` if none. A claim quotes the text exactly,
    so these are offered, not taken: "the quote is not in omnibus.md" left the
    user to guess what differed (a walk)."""
    words = _folded(quote).split()
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), _folded(text))
    return None if found is None else text[found.start() : found.end()]


def _folded(text: str) -> str:
    """``text`` with plain quote marks and dashes, lowercased letter by letter (one
    character each, so a place in it is the same place in ``text``)."""
    marks = text.translate(_PLAIN_MARKS)
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in marks)
