"""Saved news pages: what ``briefing import`` reads when a user saved articles from a browser.

Each page is shaped like a real news site's: a ``<head>`` with Open Graph
and article meta tags, a canonical address, JSON-LD and a block of inline
script and style; a header with a long navigation menu; a cookie banner; the
article (headline, byline, ``<time>``, a lead, paragraphs with links and
emphasis, sub-headings, a block quote, a figure with its caption, a list and
now and then a table); a share bar and a "Related" box of links; a comment
thread; a footer of links. The words come from the synthetic corpus
(:class:`.synthetic.Writer`), each page from its own seeded stream, so page
``i`` is the same in every run and the 1,000-page folder starts with the
300-page one.

Every page's article holds one word no other page holds
(:func:`page_word`), so a search can show a given page made it in.
"""

from __future__ import annotations

import html
import random
import string
from datetime import date, timedelta
from pathlib import Path

from .synthetic import Writer
from .words import SOURCES, TOPICS

FIRST_DAY, DAYS = date(2021, 1, 1), 3 * 365
SECTIONS = ["World", "UK", "Business", "Politics", "Tech", "Science", "Health", "Sport", "Culture"]


def page_word(index: int) -> str:
    """A word only page ``index`` holds (letters only, so any tokenizer keeps it whole)."""
    letters = []
    number = index
    for _ in range(5):
        number, rest = divmod(number, 26)
        letters.append(string.ascii_lowercase[rest])
    return "quorvex" + "".join(reversed(letters))


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class _Page:
    def __init__(self, index: int) -> None:
        self.index = index
        self.rng = random.Random(f"briefing-bench-page:{index}")
        self.topic = self.rng.choice(sorted(TOPICS))
        self.writer = Writer(self.rng, self.topic)
        self.site = self.rng.choice(SOURCES)
        self.host = "www." + "".join(c for c in self.site.lower() if c.isalnum()) + ".example"
        self.day = FIRST_DAY + timedelta(days=self.rng.randrange(DAYS))
        self.title = self.writer.title()
        slug = "-".join(self.title.lower().split()[:6])
        self.url = f"https://{self.host}/news/{self.day:%Y/%m/%d}/{slug}-{index}"
        self.author = " ".join(w.capitalize() for w in self.writer.words(2))

    def words(self, low: int, high: int) -> str:
        return " ".join(self.writer.words(self.rng.randint(low, high)))

    def link(self, text: str | None = None) -> str:
        slug = "-".join(self.writer.words(3))
        shown = text or self.words(2, 6).capitalize()
        return f'<a href="https://{self.host}/news/{slug}">{_e(shown)}</a>'

    def sentence_html(self) -> str:
        text = _e(self.writer.sentence())
        roll = self.rng.random()
        if roll < 0.15:
            words = text.split(" ")
            at = self.rng.randrange(1, len(words))
            words[at] = f"<strong>{words[at]}</strong>"
            text = " ".join(words)
        elif roll < 0.3:
            text += " " + self.link() + "."
        return text

    def paragraph(self) -> str:
        return (
            "<p>" + " ".join(self.sentence_html() for _ in range(self.rng.randint(2, 5))) + "</p>"
        )

    def head(self) -> str:
        summary = _e(self.writer.sentence())
        hour, minute = self.rng.randint(6, 22), self.rng.randint(0, 59)
        published = f"{self.day.isoformat()}T{hour:02d}:{minute:02d}:00Z"
        script = "".join(
            f"window.__cfg{n} = {{id: {self.rng.randint(0, 10**9)}, slot: 'ad-{n}', "
            f"lazy: true, sizes: [[300, 250], [728, 90]]}};\n"
            for n in range(40)
        )
        style = "".join(
            f".c{n} {{ margin: {n % 7}px; padding: {n % 5}px; color: #{n * 4099:06x}; }}\n"
            for n in range(80)
        )
        return f"""<head>
<meta charset="utf-8">
<title>{_e(self.title)} - {_e(self.site)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{summary}">
<meta name="author" content="{_e(self.author)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{_e(self.title)}">
<meta property="og:site_name" content="{_e(self.site)}">
<meta property="og:url" content="{self.url}">
<meta property="article:published_time" content="{published}">
<meta property="article:section" content="{_e(self.topic.capitalize())}">
<link rel="canonical" href="{self.url}">
<link rel="stylesheet" href="https://{self.host}/static/site.css">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{_e(self.title)}", "datePublished": "{published}",
"author": {{"@type": "Person", "name": "{_e(self.author)}"}}}}</script>
<style>{style}</style>
<script>{script}</script>
</head>"""

    def header(self) -> str:
        menu = "".join(
            f'<li><a href="https://{self.host}/{s.lower()}">{s}</a></li>' for s in SECTIONS
        )
        more = "".join(f"<li>{self.link(self.words(1, 3).capitalize())}</li>" for _ in range(25))
        return f"""<header class="site-header">
<a class="logo" href="https://{self.host}/">{_e(self.site)}</a>
<nav aria-label="Sections"><ul class="menu">{menu}</ul><ul class="more">{more}</ul></nav>
<form action="/search"><input name="q" placeholder="Search"><button>Search</button></form>
</header>
<div id="cookie-banner" class="consent">
<p>We use cookies and similar technologies to improve your experience, measure audiences and
show you personalised advertising. You can accept all cookies or manage your choices.</p>
<button>Accept all</button> <button>Manage choices</button> <a href="/privacy">Privacy notice</a>
</div>"""

    def article(self) -> str:
        blocks = [f'<p class="lead"><strong>{_e(self.writer.sentence())}</strong></p>']
        blocks += [self.paragraph() for _ in range(self.rng.randint(2, 3))]
        blocks.append(
            f"<p>{_e(self.words(6, 12).capitalize())} {page_word(self.index)} "
            f"{_e(self.words(6, 12))}.</p>"
        )
        for _ in range(self.rng.randint(4, 9)):
            roll = self.rng.random()
            if roll < 0.2:
                blocks.append(f"<h2>{_e(self.words(3, 7).capitalize())}</h2>")
            elif roll < 0.28:
                blocks.append(f"<blockquote><p>{_e(self.writer.sentence())}</p></blockquote>")
            elif roll < 0.36:
                items = "".join(
                    f"<li>{_e(self.words(4, 10))}</li>" for _ in range(self.rng.randint(3, 6))
                )
                blocks.append(f"<ul>{items}</ul>")
            elif roll < 0.42:
                blocks.append(
                    f'<figure><img src="https://{self.host}/img/{self.rng.randint(1, 10**6)}.jpg" '
                    f'alt="{_e(self.words(3, 6))}"><figcaption>{_e(self.writer.sentence())}'
                    "</figcaption></figure>"
                )
            elif roll < 0.46:
                rows = "".join(
                    f"<tr><td>{_e(self.words(1, 2))}</td><td>{self.rng.uniform(0, 99):.1f}</td>"
                    f"<td>{self.rng.uniform(0, 99):.1f}</td></tr>"
                    for _ in range(self.rng.randint(2, 5))
                )
                blocks.append(
                    f"<table><tr><th>Item</th><th>Then</th><th>Now</th></tr>{rows}</table>"
                )
            else:
                blocks.append(self.paragraph())
        blocks += [self.paragraph() for _ in range(self.rng.randint(2, 4))]
        body = "\n".join(blocks)
        share = "".join(
            f'<a class="share" href="https://{n}.example/share">{n}</a>'
            for n in ("Facebook", "X", "Email", "WhatsApp")
        )
        return f"""<main id="main">
<article class="story">
<h1>{_e(self.title)}</h1>
<div class="byline">By <a rel="author" href="https://{self.host}/people/{self.index}">{_e(self.author)}</a>,
<time datetime="{self.day.isoformat()}">{self.day:%d %B %Y}</time></div>
<div class="share-bar">{share}</div>
<div class="story-body">
{body}
</div>
</article>
<aside class="related"><h2>Related</h2><ul>
{"".join(f"<li>{self.link()}</li>" for _ in range(self.rng.randint(6, 12)))}
</ul></aside>
<section id="comments" class="comments"><h2>Comments ({self.rng.randint(3, 9)})</h2>
{"".join(self.comment() for _ in range(self.rng.randint(3, 9)))}
</section>
</main>"""

    def comment(self) -> str:
        name = self.words(1, 2).replace(" ", "_")
        return (
            f'<div class="comment"><span class="user">{_e(name)}</span>'
            f"<p>{_e(self.writer.sentence())} {_e(self.writer.sentence())}</p>"
            '<a href="#reply">Reply</a> <a href="#report">Report</a></div>'
        )

    def footer(self) -> str:
        links = "".join(f"<li>{self.link(self.words(1, 3).capitalize())}</li>" for _ in range(30))
        return f"""<footer class="site-footer"><ul>{links}</ul>
<p>&copy; {self.day.year} {_e(self.site)}. All rights reserved.</p></footer>
<script src="https://{self.host}/static/app.js" async></script>"""

    def render(self) -> str:
        return (
            f'<!DOCTYPE html>\n<html lang="en-GB">\n{self.head()}\n<body>\n{self.header()}\n'
            f"{self.article()}\n{self.footer()}\n</body>\n</html>\n"
        )


def news_page(index: int) -> str:
    """Saved page ``index``: the same HTML every time."""
    return _Page(index).render()


def write_pages(folder: Path, count: int) -> list[Path]:
    """Pages ``0 .. count-1`` as ``page-00000.html``… in ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"page-{index:05d}.html"
        path.write_text(news_page(index), encoding="utf-8")
        paths.append(path)
    return paths
