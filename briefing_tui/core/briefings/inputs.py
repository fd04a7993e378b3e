"""What the user named for ``briefing import`` (or the app's Add dialog), as inputs.

Each name is a web address, a file, or a folder searched for saved pages, PDFs
and text files. Two names are not taken as they would read:

- an empty name (``briefing import "$FILE"`` with ``FILE`` unset) is refused
  whole, before anything is read: ``Path("")`` is the current folder, and the
  import took in all of it;
- in a folder, a symlink to a file outside that folder is skipped (not
  followed) and reported, as the library scan does for the library: importing
  a folder of downloads copied ``~/secret.txt``'s text, and its name, into a
  briefing through ``notes.txt -> ~/secret.txt``. A file named on the command
  line that is itself a symlink is the user's choice, and is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing_tui.core.briefings.fetching import looks_like_url

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text")
#: What a folder given to import is searched for.
FOLDER_SUFFIXES = PAGE_SUFFIXES + PDF_SUFFIXES + TEXT_SUFFIXES
#: Why a file of a folder was not imported: the folder's own words for the library's.
OUTSIDE = "symlink to a file outside the folder (not followed)"
EMPTY = "an empty path: name a file, a folder or an address (nothing was imported)"


@dataclass(frozen=True)
class Input:
    """One thing to import: a file (``path``) or an address (``url``), as the user named it;
    or a file of a folder passed over (``skip`` says why: nothing of it is read)."""

    given: str
    path: Path | None = None
    url: str | None = None
    skip: str | None = None
    #: A folder's file: the subfolder it is in (``business``), kept in the library, so
    #: a corpus sorted into folders stays sorted ("" for the folder itself).
    within: str = ""


def expand_inputs(given: Sequence[str]) -> tuple[list[Input], bool]:
    """Files, folders (searched for pages, PDFs and text) and addresses, in order.

    Returns the inputs and whether it was a single one (one file or address).
    A name that is neither an existing file nor an address stays an input:
    it fails with "no such file or folder". Raises ``ValueError`` for an empty
    name (see the module docstring).
    """
    if any(item == "" for item in given):
        raise ValueError(EMPTY)
    inputs: list[Input] = []
    folders = 0
    for item in given:
        if looks_like_url(item):
            inputs.append(Input(item, url=item))
            continue
        path = Path(item).expanduser()
        if path.is_dir():
            folders += 1
            inputs.extend(folder_inputs(path))
        else:
            inputs.append(Input(item, path=path))
    return inputs, len(given) == 1 and not folders


def folder_inputs(folder: Path) -> list[Input]:
    """The pages, PDFs and text files in ``folder`` and its subfolders (not hidden ones;
    a symlinked subfolder is not entered). A symlink that leads outside ``folder`` is an
    input to skip (one line each), not to follow; one that leads nowhere is no file,
    and left out as before."""
    try:
        inside = folder.resolve()
    except (OSError, RuntimeError):  # a symlink loop above it: as the folder says
        inside = folder.absolute()
    found: list[Input] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() not in FOLDER_SUFFIXES:
            continue
        if path.is_symlink() and _leads_outside(path, inside):
            found.append(Input(str(path), skip=OUTSIDE))
        elif path.is_file():
            found.append(Input(str(path), path=path, within="/".join(relative[:-1])))
    return found


def _leads_outside(path: Path, inside: Path) -> bool:
    """Whether the symlink ``path`` leads out of the folder (``inside``, resolved). The
    whole chain is followed, so a link to a link that leaves the folder leaves it too;
    a dangling one is judged by where it points, since what it names may appear there
    before it is read."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop: no file, left out by ``is_file``
        return False
    return not target.is_relative_to(inside)


def kind_of_file(path: Path) -> str:
    """``page``, ``pdf`` or ``text``: by the suffix, else by the first bytes."""
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return "page"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if not path.is_file():
        # The text importer reports why (a FIFO, a device, gone): opening a FIFO
        # here to sniff its first bytes waited for a writer for ever.
        return "text"
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip().lower()
    except OSError:
        return "text"  # the text importer reports why it cannot be read
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")):
        return "page"
    return "text"
