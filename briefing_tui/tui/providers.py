"""Command-palette providers: open a briefing by title, search by tag.

They call the same app methods as the keys do, so the palette and the
bindings never drift apart.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from briefing_tui.core.stream.facets import tag_term

from .access import AppAccess

MAX_HITS = 50


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate as data with the matched letters styled.

    ``Matcher.highlight`` parses the candidate as markup: a title holding
    ``[bold]`` lost its brackets, and an unbalanced ``[/]`` raised inside the
    provider, which the palette swallows, so that briefing could not be found.
    """
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _help(text: str) -> str:
    """``text`` as help the palette shows as it is, never parsed as markup.

    Textual types a hit's ``help`` as ``str`` but passes it through
    ``Content.from_markup``, which keeps a ``Content`` as it is: a path holding
    ``[b]`` is shown, not parsed.
    """
    return Content(text)  # type: ignore[return-value]  # a Content on purpose: see above


class BriefingTitleProvider(AppAccess, Provider):
    """``ctrl+p`` then part of a title: open that briefing."""

    async def search(self, query: str) -> Hits:
        app = self.briefing_app
        library = app.library
        matcher = self.matcher(query)
        found = 0
        for record in list(library.records.values()):
            score = matcher.match(record.title)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, record.title),
                    partial(app.open_briefing, record),
                    help=_help(f"{record.date[:10]}  {record.path or ''}"),
                )
                found += 1
                if found >= MAX_HITS:
                    return


class AfterCommandsHit(DiscoveryHit):
    """A discovery hit listed after the commands (ctrl+p with nothing typed).

    The palette sorts what it discovers by score, all 0, in the order the
    providers answer, and they run together: from one start to the next the
    twenty most used tags came first and pushed Add briefings, Claims and Quit
    below the fold, or came last (a newcomer walk). Scored below 0, the tags
    come after the commands every time.
    """

    @property
    def score(self) -> float:
        return -1.0


class TagProvider(AppAccess, Provider):
    """``ctrl+p`` then a tag: list the briefings carrying it."""

    def _tags(self) -> Counter[str]:
        library = self.briefing_app.library
        counts: Counter[str] = Counter()
        for record in library.records.values():
            counts.update(record.tags)
        return counts

    async def discover(self) -> Hits:
        for tag, count in self._tags().most_common(20):
            if (term := tag_term(tag)) is None:
                continue  # no query can name it (see tag_term)
            yield AfterCommandsHit(
                Content(f"Tag: {tag}"),
                partial(self.briefing_app.search_for, term),
                help=_help(f"{count} {_briefings(count)}"),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for tag, count in self._tags().most_common():
            score = matcher.match(f"tag {tag}")
            term = tag_term(tag)
            if score > 0 and term is not None:
                yield Hit(
                    score,
                    highlight(matcher, f"tag {tag}"),
                    partial(self.briefing_app.search_for, term),
                    help=_help(f"search for {term} ({count} {_briefings(count)})"),
                )


def _briefings(count: int) -> str:
    return "briefing" if count == 1 else "briefings"
