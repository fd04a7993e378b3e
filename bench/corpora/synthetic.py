"""A deterministic synthetic library of briefings, cached outside the repository.

Why synthetic: the benchmark must run anywhere, at any size, and give the
same files every time so figures from different days compare. Each document
is generated from its own seeded ``random.Random``, so the 2,000-document
library is the first 2,000 files of the 10,000 one, and a change to one
document's recipe doesn't reshuffle the rest.

Words follow a Zipf-Mandelbrot distribution over real English words (head)
and invented ones (tail), with topic words and collocations mixed in, so
term statistics, posting-list lengths and prefix expansions look like a
news archive's rather than uniform noise.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from .words import (
    COLLOCATIONS,
    EXTRA_TAGS,
    FUNCTION_WORDS,
    NEWS_WORDS,
    SOURCES,
    TOPICS,
    invented_words,
)

#: Bump when the recipe changes: cached libraries of an older recipe are ignored.
RECIPE_VERSION = "v1"
CACHE_ENV = "BRIEFING_BENCH_CACHE"
#: Written last into a finished library; a folder without it is regenerated.
COMPLETE_MARKER = ".bench-complete"
#: Share of documents between 64 KB and 512 KB.
LARGE_SHARE = 0.001
#: One document in this many (at a fixed offset) is a 4 MB briefing.
HUGE_EVERY, HUGE_OFFSET, HUGE_BYTES = 25_000, 4242, 4 * 1024 * 1024
FIRST_DAY, DAYS = date(2019, 1, 1), 7 * 365
#: Chance that a run of words (a sentence, a list item) holds a collocation.
COLLOCATION_SHARE = 0.012
#: One word in this many is replaced by a word of the document's topic.
TOPIC_EVERY = 10
#: News words take one rank in this many after the function words.
NEWS_SPREAD = 8
ZIPF_EXPONENT, ZIPF_SHIFT = 1.07, 2.7
INVENTED_WORDS = 40_000

Log = Callable[[str], None]


def default_cache_root() -> Path:
    """``$BRIEFING_BENCH_CACHE``, else the user's cache folder (never the repository)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefing-tui-bench", appauthor=False))


@dataclass(frozen=True)
class Vocabulary:
    """Words in rank order and their cumulative Zipf weights, for ``Random.choices``."""

    words: list[str]
    cumulative: list[float]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Function words first, news words spread among invented ones, then the tail."""
    invented = invented_words(INVENTED_WORDS)
    spread = NEWS_SPREAD - 1
    mixed: list[str] = []
    for i, word in enumerate(NEWS_WORDS):
        mixed += [word, *invented[i * spread : (i + 1) * spread]]
    ranked = FUNCTION_WORDS + mixed + invented[len(NEWS_WORDS) * spread :]
    weights = (1.0 / (rank + ZIPF_SHIFT) ** ZIPF_EXPONENT for rank in range(1, len(ranked) + 1))
    return Vocabulary(ranked, list(itertools.accumulate(weights)))


class Writer:
    """Generates one document's text from its own random stream."""

    def __init__(self, rng: random.Random, topic: str) -> None:
        self.rng = rng
        self.vocab = vocabulary()
        self.topic_words = TOPICS[topic]

    def words(self, count: int) -> list[str]:
        rng = self.rng
        chosen = rng.choices(self.vocab.words, cum_weights=self.vocab.cumulative, k=count)
        for _ in range(count // TOPIC_EVERY):
            chosen[rng.randrange(count)] = rng.choice(self.topic_words)
        if rng.random() < COLLOCATION_SHARE:
            chosen.insert(rng.randrange(count), rng.choice(COLLOCATIONS))
        return chosen

    def sentence(self) -> str:
        words = self.words(self.rng.randint(8, 24))
        if self.rng.random() < 0.25:
            cut = self.rng.randrange(3, len(words) - 2)
            words[cut] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(2, 6))]
        if self.rng.random() < 0.3:
            slug = "-".join(self.words(3))
            i = self.rng.randrange(len(sentences))
            sentences[i] += f" See [{' '.join(self.words(2))}](https://example.org/news/{slug})."
        if self.rng.random() < 0.3:
            words = sentences[0].split(" ")
            i = self.rng.randrange(1, len(words) - 1)
            words[i] = f"**{words[i]}**"
            sentences[0] = " ".join(words)
        return " ".join(sentences)

    def heading(self, level: int) -> str:
        return "#" * level + " " + " ".join(self.words(self.rng.randint(2, 6))).capitalize()

    def bullets(self) -> str:
        marker = self.rng.choice(("-", "*", "1."))
        items = (
            " ".join(self.words(self.rng.randint(4, 12))) for _ in range(self.rng.randint(3, 7))
        )
        return "\n".join(f"{marker} {item}" for item in items)

    def table(self) -> str:
        columns = self.rng.randint(2, 4)
        header = "| " + " | ".join(w.capitalize() for w in self.words(columns)) + " |"
        rule = "|" + "---|" * columns
        rows = [
            "| "
            + " | ".join(
                [self.words(1)[0], *(f"{self.rng.uniform(0, 99):.1f}" for _ in range(columns - 1))]
            )
            + " |"
            for _ in range(self.rng.randint(2, 6))
        ]
        return "\n".join([header, rule, *rows])

    def quote(self) -> str:
        return "> " + self.sentence()

    def body(self, target_bytes: int) -> str:
        blocks = [self.paragraph()]
        size = len(blocks[0])
        has_table = False
        while size < target_bytes:
            roll = self.rng.random()
            if roll < 0.18:
                block = self.heading(self.rng.choice((2, 2, 3)))
            elif roll < 0.30:
                block = self.bullets()
            elif roll < 0.34 and not has_table and target_bytes < 100_000:
                block, has_table = self.table(), True
            elif roll < 0.37:
                block = self.quote()
            else:
                block = self.paragraph()
            blocks.append(block)
            size += len(block) + 2
        return "\n\n".join(blocks) + "\n"

    def title(self) -> str:
        words = self.words(self.rng.randint(3, 7))
        words.insert(self.rng.randrange(len(words)), self.rng.choice(self.topic_words))
        return " ".join(words).capitalize()


def _target_bytes(rng: random.Random, index: int) -> int:
    if index % HUGE_EVERY == HUGE_OFFSET:
        return HUGE_BYTES
    if rng.random() < LARGE_SHARE:
        return int(64 * 1024 * (8 ** rng.random()))  # log-uniform 64 KB .. 512 KB
    return int(min(max(rng.lognormvariate(7.75, 0.45), 900), 6000))  # mostly 1-5 KB


def briefing(index: int) -> tuple[str, str]:
    """Document ``index`` of the synthetic library: (relative path, file text)."""
    rng = random.Random(f"briefing-bench:{index}")
    topic = rng.choice(sorted(TOPICS))
    writer = Writer(rng, topic)
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    title = writer.title()
    tags = [topic, *rng.sample(EXTRA_TAGS, rng.randint(0, 3))]
    body = writer.body(_target_bytes(rng, index))
    doc_id = f"syn-{index:06d}"
    path = f"{day.year}/{doc_id}-{'-'.join(title.lower().split()[:4])}.md"
    kind = rng.random()
    if kind < 0.02:  # no front matter: title from the heading, date from mtime
        return path, f"# {title}\n\n{body}"
    lines = ["---"]
    if kind >= 0.05:  # a few have no id: identity is derived
        lines.append(f"id: {doc_id}")
    lines += [
        f'title: "{title}"',
        f"date: {day.isoformat()}",
        f"source: {rng.choice(SOURCES)}",
        f"tags: [{', '.join(tags)}]",
        "---",
        "",
    ]
    return path, "\n".join(lines) + body


def materialize(folder: Path, files: Iterable[tuple[str, bytes]], log: Log, total: int) -> Path:
    """Write ``files`` into ``folder`` atomically (a partial folder is never used)."""
    if (folder / COMPLETE_MARKER).exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    made: set[Path] = set()
    for done, (rel, data) in enumerate(files, 1):
        target = partial / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
        if done % 2000 == 0 or done == total:
            log(f"  written {done}/{total}")
    (partial / COMPLETE_MARKER).write_text(f"{total}\n")
    partial.rename(folder)
    return folder


def synthetic_library(size: int, cache_root: Path | None = None, log: Log = print) -> Path:
    """The synthetic library of ``size`` briefings, generated once and cached."""
    root = cache_root or default_cache_root()
    folder = root / f"synthetic-{size}-{RECIPE_VERSION}"
    if (folder / COMPLETE_MARKER).exists():
        log(f"using cached library {folder}")
        return folder
    log(f"generating {size} synthetic briefings into {folder}")
    files = ((path, text.encode("utf-8")) for path, text in map(briefing, range(size)))
    return materialize(folder, files, log, size)
