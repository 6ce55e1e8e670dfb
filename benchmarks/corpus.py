"""A deterministic, seeded generator of a fictional multilingual news corpus, and its local server.

``Corpus(articles=N, hosts=H, seed=S)`` describes N articles spread over H outlets (hosts), each
outlet publishing in two languages (en, fr, de, es, it, pt, nl) with its own page template
(masthead, navigation, cookie banner, related links, newsletter box, footer, some with reader
comments; one outlet serves windows-1252 with the charset only in a ``<meta>`` tag). Each
outlet/language edition has RSS 2.0 or Atom feeds of 50–200 items. A share of the articles
(default 10%) are syndicated copies of an earlier "wire" story from another outlet: same body
paragraphs, the copying outlet's own template, headline and byline.

Only a compact plan (one byte of language and one int of wire source per article) is held in
memory; every page and feed is rendered on request from ``(seed, index)``, so 100,000 articles
cost a few megabytes. The same seed gives the same bytes in every process. Article i's
language, wire source, body, headline and URL depend only on the seed, the host count and
articles 0..i, so a small corpus is a prefix of a larger one (only the related-links lists and
the feeds differ).

The prose comes from the per-language vocabularies and sentence templates in
``benchmarks/lexicon/*.txt``, written for this project: every person, place, institution,
company and club is fictional.

``CorpusServer`` serves a corpus over HTTP on 127.0.0.1, one ``ThreadingHTTPServer`` per outlet
on an ephemeral port (so each outlet is its own host:port), with a ``robots.txt`` that allows
everything::

    with CorpusServer(Corpus(articles=300)) as server:
        server.feed_urls          # every feed URL
        server.allow_addresses    # ["127.0.0.1"], for --allow-address
        server.page(17)           # bytes exactly as served, Content-Type and expected language

From the repository root::

    .venv/bin/python -m benchmarks.corpus --articles 10000 --stats
    .venv/bin/python -m benchmarks.corpus --articles 300 --show 17 > page.html
    .venv/bin/python -m benchmarks.corpus --articles 10000 --serve
"""

from __future__ import annotations

import argparse
import bisect
import functools
import hashlib
import html
import http.server
import json
import random
import re
import sys
import threading
import unicodedata
from array import array
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es", "it", "pt", "nl")
TOPICS: tuple[str, ...] = ("politics", "economy", "weather", "sport", "science")
TEMPLATES: tuple[str, ...] = ("broadsheet", "portal", "magazine", "regional", "bulletin")
OUTLET_NAMES: tuple[str, ...] = (
    "The Kestrel Gazette",
    "Le Courrier des Vallées",
    "Hügelmark Tagesblatt",
    "El Heraldo de la Sierra",
    "La Voce di Valmarena",
    "Jornal do Planalto",
    "Dagblad de Kustmark",
    "The Evening Lantern",
)
HOST = "127.0.0.1"
"""The only address a CorpusServer binds to."""

PRIMARY_SHARE = 0.75
"""Share of an outlet's articles in its home language; the rest are in its second edition."""
START = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)
"""Publication time of article 0; article i follows about 6 minutes after article i - 1."""
STEP_S = 360
ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
LEXICON_DIR = Path(__file__).with_name("lexicon")


# --- lexicons --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Lexicon:
    """One language's vocabulary, sentence templates and page strings (see lexicon/*.txt)."""

    code: str
    meta: dict[str, str]
    lists: dict[str, tuple[str, ...]]
    ui: dict[str, str]
    sections: dict[str, tuple[str, str]]

    def items(self, name: str) -> tuple[str, ...]:
        return self.lists[name]

    def fmt_int(self, value: int) -> str:
        """Thousands separated in the language's style (fr and pt leave 4-digit numbers bare)."""
        separator = self.meta["thousands"]
        if value < 10_000 and self.code in ("fr", "pt"):
            separator = ""
        return f"{value:,}".replace(",", separator)

    def fmt_decimal(self, value: float) -> str:
        return f"{value:.1f}".replace(".", self.meta["decimal"])

    def human_date(self, moment: datetime) -> str:
        return self.meta["date"].format(
            d=moment.day,
            month=self.lists["months"][moment.month - 1],
            y=moment.year,
            hh=f"{moment.hour:02d}",
            mi=f"{moment.minute:02d}",
        )


def _parse_value(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


@functools.cache
def lexicon(code: str) -> Lexicon:
    """Loads ``lexicon/<code>.txt`` once per process."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in (LEXICON_DIR / f"{code}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        if current is None:
            raise ValueError(f"lexicon {code}: text before the first section: {line!r}")
        current.append(line)

    def pairs(name: str) -> dict[str, str]:
        out = {}
        for line in sections.pop(name):
            key, _, value = line.partition("=")
            out[key.strip()] = _parse_value(value)
        return out

    meta, ui = pairs("meta"), pairs("ui")
    section_pairs = pairs("sections")
    sections_map = {}
    for topic, value in section_pairs.items():
        label, _, slug = value.partition("|")
        sections_map[topic] = (label.strip(), slug.strip())
    lists = {name: tuple(lines) for name, lines in sections.items()}
    return Lexicon(code, meta, lists, ui, sections_map)


# --- deterministic draws ---------------------------------------------------------------------
def _unit(seed: int, salt: str, index: int) -> float:
    """A uniform draw in [0, 1) that depends only on (seed, salt, index)."""
    digest = hashlib.blake2b(f"{seed}:{salt}:{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _rng(seed: int, salt: str, index: int) -> random.Random:
    # A str seed is hashed with SHA-512: the same stream in every process and Python run.
    return random.Random(f"{seed}:{salt}:{index}")


def _slugify(text: str, limit: int = 64) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "article"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def word_count(text: str) -> int:
    """Words as the generator counts them (whitespace-separated tokens)."""
    return len(text.split())


# --- the plan --------------------------------------------------------------------------------
class FeedSpec(NamedTuple):
    """One feed: an outlet's edition (language), page ``number`` (0 = newest), RSS or Atom."""

    host: int
    lang: str
    number: int
    fmt: str  # "rss" or "atom"
    path: str
    start: int  # slice of the edition's articles, newest first
    stop: int


class ServedPage(NamedTuple):
    """An article page exactly as the server sends it."""

    index: int
    url: str
    body: bytes
    content_type: str
    language: str


@dataclass(frozen=True)
class ArticleView:
    """Everything a template needs to render one article page."""

    index: int
    host: int
    lang: str
    topic: str
    story: int
    is_copy: bool
    path: str
    headline: str
    standfirst: str
    byline: str
    published: datetime
    paragraphs: tuple[str, ...]
    caption: str


class Corpus:
    """The plan of a generated corpus; pages and feeds are rendered on request.

    Args:
        articles: Number of article pages (N).
        hosts: Number of outlets; each is served on its own port.
        seed: Everything is a function of the seed and the article index.
        syndicated_share: Share of articles that are copies of an earlier wire story.
        feed_items: (min, max) items per feed; the oldest feed of an edition may be shorter.
        decomposed_share: Share of pages served in Unicode NFD (decomposed accents, as some
            editors and CMSes emit); 0 by default.
    """

    def __init__(
        self,
        articles: int = 10_000,
        hosts: int = 8,
        seed: int = 0,
        syndicated_share: float = 0.10,
        feed_items: tuple[int, int] = (50, 200),
        decomposed_share: float = 0.0,
    ) -> None:
        if articles < 1 or hosts < 1:
            raise ValueError("articles and hosts must be at least 1")
        if not 0.0 <= syndicated_share < 1.0:
            raise ValueError("syndicated_share must be in [0, 1)")
        if not 1 <= feed_items[0] <= feed_items[1]:
            raise ValueError("feed_items must be (min, max) with 1 <= min <= max")
        self.articles = articles
        self.hosts = hosts
        self.seed = seed
        self.syndicated_share = syndicated_share
        self.feed_items = feed_items
        self.decomposed_share = decomposed_share
        self._lang = array("B", bytes(articles))
        self._source = array("i", [-1]) * articles
        self._editions: dict[tuple[int, str], array] = {}
        self._plan()
        self.feeds: tuple[FeedSpec, ...] = self._plan_feeds()
        self._feed_by_path = {(f.host, f.path): f for f in self.feeds}

    # plan ---------------------------------------------------------------------------------
    def editions(self, host: int) -> tuple[str, str]:
        """(home language, second language) of an outlet."""
        n = len(LANGUAGES)
        return LANGUAGES[host % n], LANGUAGES[(host + 3) % n]

    def _plan(self) -> None:
        recent: dict[str, deque[int]] = {lang: deque(maxlen=24) for lang in LANGUAGES}
        carried: set[tuple[int, int]] = set()  # (host, wire story): an outlet copies it once
        for host in range(self.hosts):
            for lang in self.editions(host):
                self._editions.setdefault((host, lang), array("i"))
        for i in range(self.articles):
            host = i % self.hosts
            home, second = self.editions(host)
            lang = home if _unit(self.seed, "lang", i) < PRIMARY_SHARE else second
            source = -1
            if _unit(self.seed, "copy", i) < self.syndicated_share:
                candidates = [
                    k for k in recent[lang] if k % self.hosts != host and (host, k) not in carried
                ]
                if candidates:
                    source = candidates[int(_unit(self.seed, "wire", i) * len(candidates))]
                    carried.add((host, source))
            if source < 0:
                recent[lang].append(i)
            self._lang[i] = LANGUAGES.index(lang)
            self._source[i] = source
            self._editions[(host, lang)].append(i)

    def _plan_feeds(self) -> tuple[FeedSpec, ...]:
        feeds = []
        low, high = self.feed_items
        for (host, lang), items in sorted(self._editions.items()):
            start, number = 0, 0
            while start < len(items):
                draw = _unit(self.seed, f"feed:{host}:{lang}", number)
                size = low + int(draw * (high - low + 1))
                fmt = "rss" if (host + number + LANGUAGES.index(lang)) % 2 == 0 else "atom"
                ext = "xml" if fmt == "rss" else "atom"
                path = f"/{lang}/feeds/{number}.{ext}"
                stop = min(start + size, len(items))
                feeds.append(FeedSpec(host, lang, number, fmt, path, start, stop))
                start, number = stop, number + 1
        return tuple(feeds)

    # per-article facts --------------------------------------------------------------------
    def __len__(self) -> int:
        return self.articles

    def host_of(self, i: int) -> int:
        return i % self.hosts

    def language(self, i: int) -> str:
        """The language the article is written in (ISO 639-1)."""
        return LANGUAGES[self._lang[i]]

    def source_of(self, i: int) -> int | None:
        """Index of the wire story a syndicated copy reproduces, or None for an original."""
        source = self._source[i]
        return None if source < 0 else source

    def story(self, i: int) -> int:
        """The index whose body the article carries (itself for an original)."""
        source = self._source[i]
        return i if source < 0 else source

    def topic(self, i: int) -> str:
        return TOPICS[int(_unit(self.seed, "topic", self.story(i)) * len(TOPICS))]

    def template(self, host: int) -> str:
        return TEMPLATES[host % len(TEMPLATES)]

    def outlet_name(self, host: int) -> str:
        name = OUTLET_NAMES[host % len(OUTLET_NAMES)]
        return name if host < len(OUTLET_NAMES) else f"{name} {host // len(OUTLET_NAMES) + 1}"

    def published(self, i: int) -> datetime:
        offset = i * STEP_S + int(_unit(self.seed, "time", i) * (STEP_S - 60))
        return START + timedelta(seconds=offset)

    def decomposed(self, i: int) -> bool:
        """Whether article i's page is served in NFD (see ``decomposed_share``)."""
        return _unit(self.seed, "nfd", i) < self.decomposed_share

    def content_type(self, i: int) -> str:
        """The Content-Type header of an article page (windows-1252 outlets omit the charset)."""
        if self.template(self.host_of(i)) == "regional":
            return "text/html"
        return "text/html; charset=utf-8"

    def encoding(self, host: int) -> str:
        return "windows-1252" if self.template(host) == "regional" else "utf-8"

    # text ---------------------------------------------------------------------------------
    def cast(self, story: int) -> dict[str, str]:
        """The slot values (names, places, numbers) shared by every sentence of a story."""
        lex = lexicon(self.language(story))
        topic = self.topic(story)
        rng = _rng(self.seed, "cast", story)
        place, place2 = rng.sample(lex.items("places"), 2)
        person, person2 = rng.sample(lex.items("people"), 2)
        team, team2 = rng.sample(lex.items("teams"), 2)
        score2 = rng.randint(0, 2)
        count = rng.randint(120, 1800) if topic == "economy" else rng.randint(1200, 24000)
        return {
            "place": place,
            "place2": place2,
            "region": rng.choice(lex.items("regions")),
            "river": rng.choice(lex.items("rivers")),
            "person": person,
            "person2": person2,
            "inst": rng.choice(lex.items("institutions")),
            "company": rng.choice(lex.items("companies")),
            "team": team,
            "team2": team2,
            "when": rng.choice(lex.items("weekdays")),
            "n": str(rng.randint(3, 9)),
            "n2": str(rng.randint(21, 64)),
            "amount": str(rng.randint(12, 940)),
            "pct": lex.fmt_decimal(rng.randint(20, 79) / 10),
            "pct2": lex.fmt_decimal(rng.randint(20, 79) / 10),
            "temp": str(rng.randint(24, 38)),
            "low": f"-{rng.randint(2, 9)}",
            "mm": str(rng.randint(30, 120)),
            "score1": str(score2 + rng.randint(1, 3)),
            "score2": str(score2),
            "minute": str(rng.randint(52, 89)),
            "count": lex.fmt_int(count),
            "year": str(rng.randint(2027, 2030)),
        }

    def paragraphs(self, i: int) -> tuple[str, ...]:
        """The body paragraphs of article i (a copy has its wire story's paragraphs).

        4–8 paragraphs of 30–80 words: a lead sentence, then the story's other sentences in a
        seeded order, each at most once (an article ends early when its sentences run out).
        """
        story = self.story(i)
        lex = lexicon(self.language(story))
        topic = self.topic(story)
        cast = self.cast(story)
        rng = _rng(self.seed, "body", story)
        lead, *rest = lex.items(topic)
        pool = rest + list(lex.items("general"))
        rng.shuffle(pool)
        queue = [sentence.format_map(cast) for sentence in (lead, *pool)]
        left = sum(word_count(sentence) for sentence in queue)
        wanted = rng.randint(4, 8)
        paragraphs: list[str] = []
        while len(paragraphs) < wanted and queue:
            # Aim low enough that the story's sentences last for the paragraphs still wanted.
            target = rng.randint(30, max(30, min(80, left // (wanted - len(paragraphs)))))
            sentences: list[str] = []
            words = 0
            while queue and words < target and words + word_count(queue[0]) <= 80:
                sentence = queue.pop(0)
                sentences.append(sentence)
                words += word_count(sentence)
            left -= words
            if words < 30:
                break  # the sentences ran out: end the article rather than repeat one
            paragraphs.append(" ".join(sentences))
        return tuple(paragraphs)

    def headline(self, i: int) -> str:
        story = self.story(i)
        lex = lexicon(self.language(story))
        options = lex.items(f"headline.{self.topic(story)}")
        choice = int(_unit(self.seed, "headline", i) * len(options))
        if story != i:
            # A copy carries its own headline, never the wire story's.
            original = int(_unit(self.seed, "headline", story) * len(options))
            if choice == original:
                choice = (choice + 1) % len(options)
        text = options[choice].format_map(self.cast(story))
        return text[0].upper() + text[1:]

    def standfirst(self, i: int) -> str:
        story = self.story(i)
        lex = lexicon(self.language(story))
        options = lex.items(f"standfirst.{self.topic(story)}")
        choice = int(_unit(self.seed, "standfirst", i) * len(options))
        return options[choice].format_map(self.cast(story))

    def byline(self, i: int) -> str:
        lex = lexicon(self.language(i))
        if self.source_of(i) is not None:
            return lex.meta["agency"]
        journalists = lex.items("journalists")
        return journalists[int(_unit(self.seed, "byline", i) * len(journalists))]

    def path(self, i: int) -> str:
        lang = self.language(i)
        slug = lexicon(lang).sections[self.topic(i)][1]
        day = self.published(i)
        return f"/{lang}/{slug}/{day:%Y/%m/%d}/{_slugify(self.headline(i))}-{i}.html"

    def view(self, i: int) -> ArticleView:
        if not 0 <= i < self.articles:
            raise IndexError(f"article {i} out of range 0..{self.articles - 1}")
        story = self.story(i)
        lex = lexicon(self.language(i))
        captions = lex.items("captions")
        caption = captions[int(_unit(self.seed, "caption", i) * len(captions))]
        return ArticleView(
            index=i,
            host=self.host_of(i),
            lang=self.language(i),
            topic=self.topic(i),
            story=story,
            is_copy=story != i,
            path=self.path(i),
            headline=self.headline(i),
            standfirst=self.standfirst(i),
            byline=self.byline(i),
            published=self.published(i),
            paragraphs=self.paragraphs(i),
            caption=caption.format_map(self.cast(story)),
        )

    # neighbours -----------------------------------------------------------------------------
    def related(self, i: int, count: int = 5) -> list[int]:
        """Other articles of the same outlet edition published around article i."""
        items = self._editions[(self.host_of(i), self.language(i))]
        at = bisect.bisect_left(items, i)
        around = [items[k] for k in range(max(0, at - count), min(len(items), at + count + 1))]
        return [k for k in around if k != i][:count]

    def feed_articles(self, feed: FeedSpec) -> list[int]:
        """Article indices of a feed, newest first."""
        items = self._editions[(feed.host, feed.lang)]
        newest_first = range(len(items) - 1 - feed.start, len(items) - 1 - feed.stop, -1)
        return [items[k] for k in newest_first]

    def default_base(self, host: int) -> str:
        """A placeholder base URL for rendering without a server (reserved .test domain)."""
        return f"http://outlet{host}.test"

    # rendering ----------------------------------------------------------------------------
    def render_article(self, i: int, base: str | None = None) -> bytes:
        """The article page's bytes, with absolute URLs on ``base`` (scheme://host:port)."""
        host = self.host_of(i)
        base = base or self.default_base(host)
        view = self.view(i)
        page = _TEMPLATES[self.template(host)](self, view, base)
        if self.decomposed(i):
            page = unicodedata.normalize("NFD", page)
        return page.encode(self.encoding(host), errors="xmlcharrefreplace")

    def render_feed(self, feed: FeedSpec, base: str) -> bytes:
        return _render_feed(self, feed, base).encode("utf-8")

    def response(self, host: int, path: str, base: str) -> tuple[int, str, bytes, str]:
        """(status, content type, body, kind) for a request path on one outlet."""
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", ROBOTS_TXT, "robots"
        feed = self._feed_by_path.get((host, path))
        if feed is not None:
            ctype = "application/rss+xml" if feed.fmt == "rss" else "application/atom+xml"
            return 200, f"{ctype}; charset=utf-8", self.render_feed(feed, base), "feed"
        match = re.search(r"-(\d+)\.html$", path)
        if match:
            i = int(match.group(1))
            if i < self.articles and self.host_of(i) == host and self.path(i) == path:
                return 200, self.content_type(i), self.render_article(i, base), "article"
        body = _not_found(self.outlet_name(host)).encode("utf-8")
        return 404, "text/html; charset=utf-8", body, "not_found"

    def stats(self) -> dict[str, Any]:
        """Counts by language, topic, template and copies; feed counts and sizes."""
        languages = Counter(LANGUAGES[code] for code in self._lang)
        copies = sum(1 for s in self._source if s >= 0)
        return {
            "articles": self.articles,
            "hosts": self.hosts,
            "seed": self.seed,
            "languages": dict(sorted(languages.items())),
            "topics": dict(Counter(self.topic(i) for i in range(self.articles))),
            "syndicated_copies": copies,
            "feeds": len(self.feeds),
            "feed_formats": dict(Counter(f.fmt for f in self.feeds)),
            "feed_items_max": max(f.stop - f.start for f in self.feeds),
            "templates": {self.outlet_name(h): self.template(h) for h in range(self.hosts)},
        }


# --- page templates --------------------------------------------------------------------------
def _nav_items(lex: Lexicon) -> list[tuple[str, str]]:
    items = [(lex.ui["home"], f"/{lex.code}/")]
    items += [(label, f"/{lex.code}/{slug}/") for label, slug in lex.sections.values()]
    items += [(lex.ui["opinion"], f"/{lex.code}/opinion/")]
    items += [(lex.ui["culture"], f"/{lex.code}/culture/")]
    return items


def _related(corpus: Corpus, view: ArticleView) -> list[tuple[str, str]]:
    return [(corpus.headline(k), corpus.path(k)) for k in corpus.related(view.index)]


def _comments(corpus: Corpus, view: ArticleView) -> list[tuple[str, str, str]]:
    """(author, text, time) of 0–5 seeded reader comments."""
    lex = lexicon(view.lang)
    rng = _rng(corpus.seed, "comments", view.index)
    names = (
        "river_walker",
        "anna.k",
        "Old Miller",
        "jpb1958",
        "greenbench",
        "Lotte",
        "marco_v",
        "night owl",
        "kestrel42",
        "tinamaria",
        "B. Okonkwo",
        "hanneke",
    )
    out = []
    for k in range(rng.randint(0, 5)):
        when = view.published + timedelta(minutes=20 + 37 * k + rng.randint(0, 30))
        out.append((rng.choice(names), rng.choice(lex.items("comments")), lex.human_date(when)))
    return out


def _head(corpus: Corpus, view: ArticleView, base: str, charset_tag: str, extra: str = "") -> str:
    lex = lexicon(view.lang)
    url = base + view.path
    label = lex.sections[view.topic][0]
    iso = view.published.isoformat()
    name = corpus.outlet_name(view.host)
    return f"""<head>
{charset_tag}
<title>{_esc(view.headline)} | {_esc(name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{_esc(view.standfirst)}">
<meta name="author" content="{_esc(view.byline)}">
<link rel="canonical" href="{_esc(url)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{_esc(name)}">
<meta property="og:title" content="{_esc(view.headline)}">
<meta property="og:description" content="{_esc(view.standfirst)}">
<meta property="og:url" content="{_esc(url)}">
<meta property="og:image" content="{_esc(base)}/media/{view.index}/lead.jpg">
<meta property="og:locale" content="{view.lang}">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{_esc(label)}">
<link rel="alternate" type="application/rss+xml" href="/{view.lang}/feeds/0.xml">
<link rel="stylesheet" href="/static/site.css">
{extra}</head>"""


def _paragraphs(view: ArticleView, indent: str = "") -> str:
    return "\n".join(f"{indent}<p>{_esc(p)}</p>" for p in view.paragraphs)


def _footer_links(lex: Lexicon) -> str:
    keys = ("about", "contact", "privacy", "terms", "advertise", "careers")
    return "".join(f'<li><a href="/{k}">{_esc(lex.ui[k])}</a></li>' for k in keys)


def _broadsheet(corpus: Corpus, view: ArticleView, base: str) -> str:
    """HTML5, semantic elements, cookie dialog, related list and newsletter box after the story."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    nav = "".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _nav_items(lex))
    related = "\n".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _related(corpus, view))
    label, slug = lex.sections[view.topic]
    minutes = max(1, sum(word_count(p) for p in view.paragraphs) // 200)
    return f"""<!DOCTYPE html>
<html lang="{view.lang}">
{_head(corpus, view, base, '<meta charset="utf-8">')}
<body class="article-page">
<div id="cookie-banner" class="cookie-banner" role="dialog" aria-live="polite">
<p>{_esc(ui["cookie_text"])}</p>
<button type="button" class="accept">{_esc(ui["cookie_accept"])}</button>
<button type="button" class="reject">{_esc(ui["cookie_reject"])}</button>
<a href="/privacy#settings">{_esc(ui["cookie_settings"])}</a>
</div>
<header class="site-header">
<a class="logo" href="/{view.lang}/">{_esc(name)}</a>
<nav class="main-nav" aria-label="main"><ul>{nav}</ul></nav>
<form class="search" role="search" action="/search"><input type="search" name="q" \
placeholder="{_esc(ui["search"])}"></form>
<a class="subscribe" href="/subscribe">{_esc(ui["subscribe"])}</a>
</header>
<main id="content">
<article class="story">
<header class="story-header">
<p class="kicker"><a href="/{view.lang}/{slug}/">{_esc(label)}</a></p>
<h1>{_esc(view.headline)}</h1>
<p class="byline">{_esc(ui["by"])} <a rel="author" href="/authors/{_slugify(view.byline)}">\
{_esc(view.byline)}</a></p>
<p class="dateline"><time datetime="{view.published.isoformat()}">\
{_esc(lex.human_date(view.published))}</time> · {_esc(ui["reading_time"].format(n=minutes))}</p>
</header>
<div class="story-body">
{_paragraphs(view)}
</div>
<div class="share"><span>{_esc(ui["share"])}</span> <a href="#">Facebook</a> <a href="#">X</a> \
<a href="#">E-mail</a></div>
</article>
<aside class="related">
<h2>{_esc(ui["related"])}</h2>
<ul>
{related}
</ul>
</aside>
<section class="newsletter-signup">
<h2>{_esc(ui["newsletter_title"])}</h2>
<p>{_esc(ui["newsletter_text"])}</p>
<form action="/newsletter" method="post"><input type="email" name="email" \
placeholder="{_esc(ui["email"])}"><button type="submit">{_esc(ui["signup"])}</button></form>
</section>
</main>
<footer class="site-footer">
<nav aria-label="footer"><ul>{_footer_links(lex)}</ul></nav>
<p>© {view.published.year} {_esc(name)}. {_esc(ui["rights"])}</p>
</footer>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</body>
</html>
"""


def _portal(corpus: Corpus, view: ArticleView, base: str) -> str:
    """XHTML-era div soup: top bar, menu, consent overlay, sidebar widgets, reader comments."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    menu = " | ".join(f'<a href="{p}">{_esc(t)}</a>' for t, p in _nav_items(lex))
    popular = "".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _related(corpus, view))
    comments = _comments(corpus, view)
    comment_items = "\n".join(
        f'<li class="comment"><div class="comment-author vcard"><b class="fn">{_esc(who)}</b> '
        f'<span class="comment-date">{_esc(when)}</span></div><div class="comment-content">'
        f'<p>{_esc(text)}</p></div><a class="reply" href="#">{_esc(ui["reply"])}</a></li>'
        for who, text, when in comments
    )
    label = lex.sections[view.topic][0]
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="{view.lang}" xml:lang="{view.lang}">
{
        _head(
            corpus,
            view,
            base,
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
            '<script type="text/javascript" src="/js/ads.js"></script>',
        )
    }
<body>
<div id="top-bar"><span class="today">{_esc(lex.human_date(view.published))}</span> \
<a href="/login">{_esc(ui["login"])}</a> <a href="/subscribe">{_esc(ui["subscribe"])}</a></div>
<div id="header"><div class="logo"><a href="/{view.lang}/">{_esc(name)}</a></div>
<div id="menu">{menu}</div></div>
<div id="consent-overlay" class="gdpr-consent"><div class="gdpr-box">{_esc(ui["cookie_text"])}
<a class="btn" href="#">{_esc(ui["cookie_accept"])}</a> <a class="btn" href="#">\
{_esc(ui["cookie_settings"])}</a></div></div>
<div id="page">
<div class="breadcrumbs"><a href="/{view.lang}/">{_esc(ui["home"])}</a> &gt; {_esc(label)}</div>
<div class="col-main">
<div class="entry">
<h1 class="entry-title">{_esc(view.headline)}</h1>
<div class="entry-meta">{_esc(ui["by"])} <span class="author vcard"><span class="fn">\
{_esc(view.byline)}</span></span> | <time class="published" \
datetime="{view.published.isoformat()}">{_esc(lex.human_date(view.published))}</time></div>
<div class="entry-content">
{_paragraphs(view)}
</div>
<div class="share-buttons">{_esc(ui["share"])}: <a href="#">Facebook</a> <a href="#">X</a></div>
</div>
<div id="comments" class="comments-area">
<h3 class="comments-title">{_esc(ui["comments"])} ({len(comments)})</h3>
<ol class="comment-list">
{comment_items}
</ol>
<div id="respond" class="comment-respond"><p>{_esc(ui["comment_prompt"])}</p>
<form class="comment-form" action="/comment" method="post"><textarea name="comment"></textarea>
<input type="submit" value="{_esc(ui["comment_button"])}" /></form></div>
</div>
</div>
<div class="col-side">
<div class="widget popular"><h4>{_esc(ui["most_read"])}</h4><ul>{popular}</ul></div>
<div class="widget newsletter"><h4>{_esc(ui["newsletter_title"])}</h4>
<p>{_esc(ui["newsletter_text"])}</p><form action="/nl"><input type="text" name="email" />
<input type="submit" value="{_esc(ui["signup"])}" /></form></div>
</div>
</div>
<div id="footer"><ul>{_footer_links(lex)}</ul>
<p class="copyright">© {view.published.year} {_esc(name)} - {_esc(ui["rights"])}</p></div>
</body>
</html>
"""


def _magazine(corpus: Corpus, view: ArticleView, base: str) -> str:
    """JSON-LD, microdata, lead figure, newsletter box inside the article, comment list."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    url = base + view.path
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": view.headline,
            "datePublished": view.published.isoformat(),
            "dateModified": (view.published + timedelta(minutes=42)).isoformat(),
            "author": {"@type": "Person", "name": view.byline},
            "publisher": {"@type": "Organization", "name": name},
            "inLanguage": view.lang,
            "mainEntityOfPage": url,
            "articleSection": lex.sections[view.topic][0],
        },
        ensure_ascii=False,
    ).replace("</", "<\\/")
    nav = "".join(f'<a class="nav-link" href="{p}">{_esc(t)}</a>' for t, p in _nav_items(lex))
    cut = min(3, len(view.paragraphs) - 1)
    first = "\n".join(f"<p>{_esc(p)}</p>" for p in view.paragraphs[:cut])
    second = "\n".join(f"<p>{_esc(p)}</p>" for p in view.paragraphs[cut:])
    cards = "\n".join(
        f'<div class="card"><a href="{p}"><h3>{_esc(t)}</h3></a></div>'
        for t, p in _related(corpus, view)
    )
    comments = _comments(corpus, view)
    comment_items = "\n".join(
        f'<div class="user-comment"><span class="user">{_esc(who)}</span>'
        f'<span class="when">{_esc(when)}</span><p>{_esc(text)}</p></div>'
        for who, text, when in comments
    )
    updated = lex.human_date(view.published + timedelta(minutes=42))
    script = f'<script type="application/ld+json">{ld}</script>\n'
    head = _head(corpus, view, base, '<meta charset="UTF-8">', script)
    return f"""<!doctype html>
<html lang="{view.lang}" class="no-js">
{head}
<body>
<svg style="display:none"><symbol id="i-share" viewBox="0 0 8 8"><path d="M0 0h8v8z"/>\
</symbol></svg>
<div class="masthead"><a href="/{view.lang}/" class="brand">{_esc(name)}</a>
<div class="nav-scroller">{nav}</div>
<button class="menu-toggle" aria-label="menu">☰</button></div>
<main>
<article class="post" itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">{_esc(view.headline)}</h1>
<div class="meta"><span itemprop="author">{_esc(view.byline)}</span>
<time itemprop="datePublished" datetime="{view.published.isoformat()}">\
{_esc(lex.human_date(view.published))}</time>
<span class="updated">{_esc(ui["updated"])} {_esc(updated)}</span></div>
<figure class="lead-image"><img src="/media/{view.index}/lead.jpg" alt="{_esc(view.caption)}">
<figcaption>{_esc(view.caption)} {_esc(ui["photo"])}: {_esc(name)}</figcaption></figure>
<div class="article-body" itemprop="articleBody">
{first}
<aside class="inline-newsletter"><strong>{_esc(ui["newsletter_title"])}</strong>
<span>{_esc(ui["newsletter_text"])}</span> <a href="/newsletter">{_esc(ui["signup"])}</a></aside>
{second}
</div>
<div class="tags"><span>{_esc(ui["tags"])}:</span> <a href="/t/{view.topic}">\
{_esc(lex.sections[view.topic][0])}</a></div>
</article>
<section class="more-stories"><h2>{_esc(ui["more_stories"])}</h2>
{cards}
</section>
<section class="reader-comments" id="comments"><h2>{_esc(ui["comments"])}</h2>
{comment_items}
<p class="comment-note">{_esc(ui["comment_prompt"])}</p></section>
</main>
<div class="cookie-consent-bar">{_esc(ui["cookie_text"])} <button>{_esc(ui["cookie_accept"])}\
</button></div>
<footer><div class="footer-links">{_footer_links(lex)}</div>
<small>© {view.published.year} {_esc(name)}. {_esc(ui["rights"])}</small></footer>
</body>
</html>
"""


def _regional(corpus: Corpus, view: ArticleView, base: str) -> str:
    """Old table layout in windows-1252, charset only in <meta http-equiv>, left navigation."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    nav = "\n".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _nav_items(lex))
    related = "\n".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _related(corpus, view))
    local = view.published.astimezone(timezone(timedelta(hours=1)))
    charset = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    return f"""<html lang="{view.lang}">
{_head(corpus, view, base, charset)}
<body bgcolor="#ffffff">
<table id="layout" width="100%" cellpadding="0" cellspacing="0">
<tr><td colspan="2" id="banner"><a href="/{view.lang}/"><img src="/img/logo.gif" \
alt="{_esc(name)}"></a> <span class="edition">{_esc(ui["edition"])}</span></td></tr>
<tr>
<td id="leftnav" valign="top" width="180"><ul class="sidebar">
{nav}
</ul>
<p class="sidebar-box"><b>{_esc(ui["newsletter_title"])}</b><br>{_esc(ui["newsletter_text"])}<br>
<a href="/newsletter">{_esc(ui["signup"])}</a></p></td>
<td id="main" valign="top">
<div class="cookie-notice">{_esc(ui["cookie_text"])} <a href="#">{_esc(ui["cookie_accept"])}</a>\
</div>
<h1>{_esc(view.headline)}</h1>
<div class="dateline">{_esc(ui["by"])} {_esc(view.byline)} - \
<time datetime="{local.isoformat()}">{_esc(lex.human_date(local))}</time></div>
<div class="text">
{_paragraphs(view)}
</div>
<div class="related"><b>{_esc(ui["related"])}</b>
<ul>
{related}
</ul></div>
</td></tr>
<tr><td colspan="2" id="footer"><ul>{_footer_links(lex)}</ul>
© {view.published.year} {_esc(name)}. {_esc(ui["rights"])}</td></tr>
</table>
</body>
</html>
"""


def _bulletin(corpus: Corpus, view: ArticleView, base: str) -> str:
    """Minimal modern layout: sticky header, standfirst, comments as a discussion section."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    nav = "".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _nav_items(lex))
    related = "".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _related(corpus, view))
    comments = _comments(corpus, view)
    comment_items = "\n".join(
        f'<li><p class="who">{_esc(who)} · {_esc(when)}</p><p>{_esc(text)}</p></li>'
        for who, text, when in comments
    )
    style = "<style>body{font-family:sans-serif}.sticky{position:sticky;top:0}</style>\n"
    head = _head(corpus, view, base, '<meta charset="utf-8">', style)
    return f"""<!DOCTYPE html>
<html lang="{view.lang}">
{head}
<body>
<header class="sticky"><div class="brand">{_esc(name)}</div>
<nav><ul class="menu">{nav}</ul></nav></header>
<main class="container">
<article class="news-item">
<h1 class="title">{_esc(view.headline)}</h1>
<p class="meta"><span class="author">{_esc(ui["by"])} {_esc(view.byline)}</span>,
<time datetime="{view.published.isoformat()}">{_esc(lex.human_date(view.published))}</time></p>
<div class="content">
{_paragraphs(view)}
</div>
</article>
<aside class="read-next"><h2>{_esc(ui["related"])}</h2><ul>{related}</ul></aside>
<section id="discussion" class="comments"><h2>{_esc(ui["comments"])}</h2>
<ul class="comment-thread">
{comment_items}
</ul>
<form class="comment-box"><label>{_esc(ui["comment_prompt"])}</label><textarea></textarea>
<button>{_esc(ui["comment_button"])}</button></form>
</section>
</main>
<div class="newsletter-popup" hidden><h3>{_esc(ui["newsletter_title"])}</h3>
<p>{_esc(ui["newsletter_text"])}</p><input type="email" placeholder="{_esc(ui["email"])}">\
<button>{_esc(ui["signup"])}</button></div>
<footer class="site-footer"><ul>{_footer_links(lex)}</ul>
<p>© {view.published.year} {_esc(name)}. {_esc(ui["rights"])}</p>
<div class="cookie-bar">{_esc(ui["cookie_text"])} <button>{_esc(ui["cookie_accept"])}</button>
<button>{_esc(ui["cookie_reject"])}</button></div></footer>
</body>
</html>
"""


_TEMPLATES = {
    "broadsheet": _broadsheet,
    "portal": _portal,
    "magazine": _magazine,
    "regional": _regional,
    "bulletin": _bulletin,
}


def _not_found(outlet: str) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 | {_esc(outlet)}</title>'
        "</head><body><h1>404</h1><p>Not found.</p></body></html>"
    )


def _render_feed(corpus: Corpus, feed: FeedSpec, base: str) -> str:
    lex = lexicon(feed.lang)
    name = corpus.outlet_name(feed.host)
    title = f"{name} – {lex.ui['feed_title']} ({lex.ui['edition']})"
    description = lex.ui["feed_description"].format(outlet=name)
    indices = corpus.feed_articles(feed)
    newest = corpus.published(indices[0]) if indices else START
    self_url = base + feed.path
    if feed.fmt == "rss":
        items = []
        for i in indices:
            url = base + corpus.path(i)
            items.append(
                f"<item><title>{_esc(corpus.headline(i))}</title><link>{_esc(url)}</link>"
                f'<guid isPermaLink="true">{_esc(url)}</guid>'
                f"<pubDate>{format_datetime(corpus.published(i))}</pubDate>"
                f"<dc:creator>{_esc(corpus.byline(i))}</dc:creator>"
                f"<category>{_esc(lex.sections[corpus.topic(i)][0])}</category>"
                f"<description>{_esc(corpus.standfirst(i))}</description></item>"
            )
        body = "\n".join(items)
        return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" \
xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{_esc(title)}</title>
<link>{_esc(base)}/{feed.lang}/</link>
<description>{_esc(description)}</description>
<language>{feed.lang}</language>
<lastBuildDate>{format_datetime(newest)}</lastBuildDate>
<atom:link href="{_esc(self_url)}" rel="self" type="application/rss+xml"/>
{body}
</channel>
</rss>
"""
    entries = []
    for i in indices:
        url = base + corpus.path(i)
        stamp = corpus.published(i).isoformat()
        entries.append(
            f"<entry><title>{_esc(corpus.headline(i))}</title>"
            f'<link rel="alternate" type="text/html" href="{_esc(url)}"/>'
            f"<id>tag:outlet{feed.host}.test,2025:article-{i}</id>"
            f"<published>{stamp}</published><updated>{stamp}</updated>"
            f"<author><name>{_esc(corpus.byline(i))}</name></author>"
            f'<category term="{_esc(lex.sections[corpus.topic(i)][0])}"/>'
            f"<summary>{_esc(corpus.standfirst(i))}</summary></entry>"
        )
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{feed.lang}">
<title>{_esc(title)}</title>
<subtitle>{_esc(description)}</subtitle>
<id>tag:outlet{feed.host}.test,2025:{feed.lang}:{feed.number}</id>
<updated>{newest.isoformat()}</updated>
<link rel="self" type="application/atom+xml" href="{_esc(self_url)}"/>
<link rel="alternate" type="text/html" href="{_esc(base)}/{feed.lang}/"/>
{body}
</feed>
"""


# --- HTTP ------------------------------------------------------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    server: _OutletServer
    protocol_version = "HTTP/1.1"
    server_version = "WirestreamCorpus/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        path = self.path.split("#", 1)[0].split("?", 1)[0] or "/"
        outlet = self.server
        status, ctype, body, kind = outlet.corpus.response(outlet.host_index, path, outlet.base)
        outlet.owner._count(kind)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: one line per request would drown the benchmark's output


class _OutletServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, owner: CorpusServer, host_index: int) -> None:
        super().__init__((HOST, 0), _Handler)
        self.owner = owner
        self.corpus = owner.corpus
        self.host_index = host_index
        self.base = f"http://{HOST}:{self.server_address[1]}"


class CorpusServer:
    """Serves a Corpus on 127.0.0.1, one HTTP server (own port) per outlet.

    Args:
        corpus: The corpus to serve; by default ``Corpus(**corpus_args)``.
        **corpus_args: Passed to ``Corpus`` when no corpus is given.
    """

    def __init__(self, corpus: Corpus | None = None, **corpus_args: Any) -> None:
        self.corpus = corpus if corpus is not None else Corpus(**corpus_args)
        self._servers: list[_OutletServer] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def start(self) -> CorpusServer:
        if self._servers:
            raise RuntimeError("CorpusServer is already running")
        try:
            for host in range(self.corpus.hosts):
                self._servers.append(_OutletServer(self, host))
            for server in self._servers:
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.05},
                    name=f"corpus-outlet-{server.host_index}",
                    daemon=True,
                )
                thread.start()
                self._threads.append(thread)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        servers, self._servers = self._servers, []
        threads, self._threads = self._threads, []
        running = {t.name for t in threads}
        for server in servers:
            if f"corpus-outlet-{server.host_index}" in running:
                server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)

    def __enter__(self) -> CorpusServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _count(self, kind: str) -> None:
        with self._lock:
            self._counts[kind] += 1

    @property
    def requests(self) -> dict[str, int]:
        """Requests served so far by kind (article, feed, robots, not_found)."""
        with self._lock:
            return dict(self._counts)

    @property
    def bases(self) -> list[str]:
        """Base URL (``http://127.0.0.1:PORT``) of each outlet, by host index."""
        return [server.base for server in self._servers]

    @property
    def feed_urls(self) -> list[str]:
        bases = self.bases
        return [bases[feed.host] + feed.path for feed in self.corpus.feeds]

    @property
    def allow_addresses(self) -> list[str]:
        """Addresses the pipeline must be allowed to fetch from (loopback only)."""
        return [HOST]

    def article_url(self, i: int) -> str:
        return self.bases[self.corpus.host_of(i)] + self.corpus.path(i)

    def page(self, i: int) -> ServedPage:
        """Article i as the server sends it, without HTTP (for a bare baseline)."""
        base = self.bases[self.corpus.host_of(i)]
        return ServedPage(
            i,
            base + self.corpus.path(i),
            self.corpus.render_article(i, base),
            self.corpus.content_type(i),
            self.corpus.language(i),
        )

    def pages(self) -> Iterator[ServedPage]:
        """Every article page, rendered one at a time."""
        for i in range(self.corpus.articles):
            yield self.page(i)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--share", type=float, default=0.10, help="syndicated copies")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--stats", action="store_true", help="print counts as JSON (default)")
    action.add_argument("--show", type=int, metavar="I", help="print article I's HTML")
    action.add_argument("--serve", action="store_true", help="serve on 127.0.0.1 until Ctrl-C")
    args = parser.parse_args(argv)
    corpus = Corpus(args.articles, args.hosts, args.seed, args.share)
    if args.show is not None:
        sys.stdout.buffer.write(corpus.render_article(args.show))
        return 0
    if args.serve:
        with CorpusServer(corpus) as server:
            for host, base in enumerate(server.bases):
                print(f"{corpus.outlet_name(host):28} {base}/")
            print(f"{len(server.feed_urls)} feeds, e.g. {server.feed_urls[0]}")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                print("Stopping.")
        return 0
    print(json.dumps(corpus.stats(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
