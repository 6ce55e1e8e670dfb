"""A deterministic, seeded generator of a fictional multilingual news corpus, and its local server.

``Corpus(articles=N, hosts=H, seed=S)`` describes N articles spread over H outlets (hosts), each
outlet publishing in two languages (en, fr, de, es, it, pt, nl) with its own page template
(one outlet serves windows-1252 with the charset only in a ``<meta>`` tag). Each
outlet/language edition has RSS 2.0 or Atom feeds of 50–200 items. A share of the articles
(default 10%) are syndicated copies of an earlier "wire" story from another outlet: same body
paragraphs, the copying outlet's own template, headline and byline.

Pages weigh what real news pages weigh: about 140 KB of HTML (median; 50–60 KB for the old
table-layout outlet, up to ~165 KB), of which the article is a few KB. Around it: inline CSS,
an analytics config and loader, a JSON-LD NewsArticle, a client-side state blob, an icon
sprite, a mega-menu of some 200 links, a consent dialog with its purposes and vendor list,
up to 30–44 teasers (related, most read, section cards; a few with summaries), a "latest news"
ticker, service boxes (league table, markets, weather), comment threads (0–40 comments) and a
footer link farm of some 250 links. Bare ``trafilatura.extract`` takes about 17 ms a page
(median; real news pages about 27 ms on the same machine) and still returns the article:
headline and every body paragraph, none of the teasers, comments or consent text.

Article bodies are 420–960 words (median about 700) in 9–20 paragraphs. The first paragraph
opens with the topic's lead sentence from ``benchmarks/lexicon/<lang>.txt``; about 40% of the
others carry one of the lexicon's templated sentences (filled with the story's names, places
and numbers); the rest is prose of the language's 4,000 most frequent words from the
``wordfreq`` package, drawn by frequency and seeded per story. So two different stories of the
same language and topic share little text: near-duplicate similarity (the pipeline's
``is_copy`` with default settings) median about 0.04, p99 below 0.2, never near the copy
threshold of 0.6, while a copy scores 1.0 against its wire story. The word salad is not meant
to be read, but it is in the page's language: langdetect finds it on every article checked.
The lexicons were written for this project: every person, place, institution, company and
club is fictional.

Only a compact plan (a byte of language, a byte of topic and an int of wire source per
article) is held in memory; every page and feed is rendered on request from ``(seed, index)``
(about 1 ms a page; an outlet edition's fixed furniture is built once, and recent bodies and
teasers are kept). The same seed gives the same bytes in every process. Article i's language,
wire source, body, headline and URL depend only on the seed, the host count and articles 0..i,
so a small corpus is a prefix of a larger one (only the teaser lists and the feeds differ).

This is the benchmarks' one corpus and server module; every server here is a
``pipelines.demo.local_server.LocalServer`` (127.0.0.1, an ephemeral port, its own thread).
``CorpusServer`` serves a corpus over HTTP on 127.0.0.1, one ``LocalServer`` per outlet
on an ephemeral port (so each outlet is its own host:port), with a ``robots.txt`` that allows
everything::

    with CorpusServer(Corpus(articles=300)) as server:
        server.feed_urls          # every feed URL
        server.allow_addresses    # ["127.0.0.1"], for --allow-address
        server.page(17)           # bytes exactly as served, Content-Type and expected language

``SavedPagesServer(folder)`` serves saved ``.html`` pages behind RSS feeds
(``benchmarks.extraction_quality --pages``), ``RespondingServer(respond)`` answers every GET
from a function (``benchmarks.stream_latency``'s growing feeds), and ``fetch_local(url)`` GETs
from any of them, refusing every host but 127.0.0.1.

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
import http.client
import itertools
import json
import random
import re
import sys
import threading
import unicodedata
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote, unquote, urljoin, urlsplit

from pipelines.demo.local_server import HOST, LocalServer, QuietHandler, StartStopContext

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
PRIMARY_SHARE = 0.75
"""Share of an outlet's articles in its home language; the rest are in its second edition."""
START = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)
"""Publication time of article 0; article i follows about 6 minutes after article i - 1."""
STEP_S = 360
BODY_WORDS = (420, 960)
"""Range of an article body's length in words (drawn uniformly per story)."""
TEMPLATED_SHARE = 0.4
"""Chance that a paragraph after the first carries one of the lexicon's templated sentences."""
ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
SINGLE_FEED_PATH = "/feeds/all.xml"
"""Where outlet 0 serves the feed of every article with ``Corpus(single_feed=True)``."""
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


# --- word tables and generated prose ---------------------------------------------------------
WORDS_PER_LANGUAGE = 4000
"""Size of each language's word table: its most frequent words in wordfreq's "small" list."""
_SINGLE_LETTER_WORDS = {
    "en": {"a"},
    "fr": {"à", "a", "y"},
    "es": {"a", "e", "o", "y"},
    "it": {"a", "e", "è", "i", "o"},
    "pt": {"a", "e", "o", "é", "à"},
}
# Frequent in wordfreq's lists (which include social media and subtitles) but out of place in
# news copy: left out of the word tables.
_UNFIT_WORDS = frozenset(
    " ".join(
        (
            "fuck fucking fucked shit bitch ass damn dick sex sexy porn gay pussy cock lol omg",
            "scheiße scheisse fick ficken arsch porno geil schwul hure schwanz",
            "merde putain con connard salope bite cul sexe pute bordel chier mdr",
            "mierda puta puto joder coño polla culo sexo pendejo cabrón verga jaja jajaja",
            "cazzo merda stronzo puttana figa vaffanculo minchia sesso",
            "porra caralho foda buceta cu viado pau bosta kkk kkkk",
            "kut lul seks tering kanker hoer godverdomme klote",
        )
    ).split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# German nouns are capitalised; wordfreq's lists are lower case. These endings are nouns.
_GERMAN_NOUN_ENDINGS = (
    "ung", "heit", "keit", "schaft", "tion", "tät", "nis", "ismus", "ment", "ling", "ik",
    "ie", "ei", "tum", "eur", "anz", "enz", "ur",
)  # fmt: skip
_NOT_GERMAN_NOUNS = frozenset({"sowie", "irgendwie", "freie", "keinerlei"})


@dataclass(frozen=True)
class WordTable:
    """A language's frequent words with cumulative frequency weights (for ``random.choices``)."""

    code: str
    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    content: tuple[str, ...]  # less frequent, longer words: labels, tags, menu entries


def _ranked_words(code: str, count: int) -> list[tuple[str, float]]:
    """The ``count`` most frequent entries of wordfreq's "small" list, with their frequencies.

    Read from the list's file and not kept: wordfreq's own look-ups would cache the whole list
    of every language (tens of MB) for the life of the process.
    """
    import wordfreq  # only the prose needs it

    out: list[tuple[str, float]] = []
    buckets = wordfreq.read_cBpack(wordfreq.available_languages("small")[code])
    for index, bucket in enumerate(buckets):  # bucket i: the words of frequency 10^(-i/100)
        frequency = wordfreq.cB_to_freq(-index)
        out.extend((word, frequency) for word in bucket[: count - len(out)])
        if len(out) >= count:
            break
    return out


@functools.cache
def _english_ranks() -> dict[str, int]:
    return {word: rank for rank, (word, _) in enumerate(_ranked_words("en", 20_000))}


@functools.cache
def word_table(code: str) -> WordTable:
    """The language's ``WORDS_PER_LANGUAGE`` most frequent words from wordfreq, filtered.

    Dropped: tokens that are not words (digits, symbols, abbreviations), single letters other
    than the language's one-letter words, words ranked higher in English than in the language
    (loanwords and English fragments in the source lists) and a short list of words unfit for
    news copy. Each word keeps wordfreq's frequency as its weight. German nouns recognised by
    their ending are capitalised.
    """
    english = _english_ranks() if code != "en" else {}
    single = _SINGLE_LETTER_WORDS.get(code, set())
    words: list[str] = []
    weights: list[float] = []
    for rank, (word, frequency) in enumerate(_ranked_words(code, 3 * WORDS_PER_LANGUAGE)):
        if len(words) == WORDS_PER_LANGUAGE:
            break
        if not _WORD.fullmatch(word) or word in _UNFIT_WORDS:
            continue
        if len(word) == 1 and word not in single:
            continue
        if english.get(word, 1 << 30) < rank:
            continue
        if (
            code == "de"
            and len(word) > 4
            and word.endswith(_GERMAN_NOUN_ENDINGS)
            and not word.endswith("bei")
            and word not in _NOT_GERMAN_NOUNS
        ):
            word = word[0].upper() + word[1:]
        words.append(word)
        weights.append(frequency)
    cumulative = tuple(itertools.accumulate(weights))
    content = tuple(w for w in words[150:] if len(w) >= 5)
    return WordTable(code, tuple(words), cumulative, content)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def generated_sentence(
    rng: random.Random, table: WordTable, length: int, names: tuple[str, ...] = ()
) -> str:
    """A sentence of ``length`` words drawn by frequency (Zipf-weighted), with maybe a name."""
    words = rng.choices(table.words, cum_weights=table.cum_weights, k=length)
    for k in range(1, length):
        if words[k] == words[k - 1]:
            words[k] = rng.choice(table.content)
    if names and length > 5 and rng.random() < 0.35:
        words[rng.randrange(1, length - 1)] = rng.choice(names)
    for k in range(2, length - 2):
        if rng.random() < 0.06:
            words[k] += ","
    return _capital(" ".join(words)) + "."


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
        single_feed: Instead of the editions' feeds, one RSS feed of every article (newest
            first, whatever its host and language), served by outlet 0 at ``SINGLE_FEED_PATH``
            (as a mirror of many outlets' pages behind one feed would be); the pipeline then
            needs ``feeds.max_entries`` at least the corpus size.
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
        single_feed: bool = False,
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
        self.single_feed = single_feed
        self._lang = array("B", bytes(articles))
        self._source = array("i", [-1]) * articles
        self._topic = array("B", bytes(articles))
        self._editions: dict[tuple[int, str], array] = {}
        self._bodies: dict[int, tuple[str, ...]] = {}  # a few recent stories' paragraphs
        self._casts: dict[int, dict[str, str]] = {}
        self._teasers: dict[int, Teaser] = {}
        self._summaries: dict[int, str] = {}
        self._chromes: dict[tuple[int, str], Chrome] = {}
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
            if source < 0:
                self._topic[i] = int(_unit(self.seed, "topic", i) * len(TOPICS))
            else:
                self._topic[i] = self._topic[source]
            self._editions[(host, lang)].append(i)

    def _plan_feeds(self) -> tuple[FeedSpec, ...]:
        if self.single_feed:
            return (
                FeedSpec(0, self.editions(0)[0], 0, "rss", SINGLE_FEED_PATH, 0, self.articles),
            )
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
        return TOPICS[self._topic[i]]

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
        cached = self._casts.get(story)
        if cached is None:
            if len(self._casts) >= 4096:
                self._casts.clear()
            cached = self._casts[story] = self._cast(story)
        return dict(cached)

    def _cast(self, story: int) -> dict[str, str]:
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

        ``BODY_WORDS`` words in 9–20 paragraphs of 25–95 words. The first paragraph opens with
        the topic's lead sentence; a ``TEMPLATED_SHARE`` of the others carry one of the topic's
        or the general templated sentences (each at most once), and the rest is prose of the
        language's frequent words (``word_table``) drawn by frequency, seeded by the story, with
        the story's names here and there. So a story stays on its topic, and two different
        stories share little more than their lead sentence and a few templated ones.
        """
        story = self.story(i)
        cached = self._bodies.get(story)
        if cached is not None:
            return cached
        lang = self.language(story)
        lex = lexicon(lang)
        table = word_table(lang)
        cast = self.cast(story)
        rng = _rng(self.seed, "body", story)
        lead, *rest = lex.items(self.topic(story))
        pool = rest + list(lex.items("general"))
        rng.shuffle(pool)
        names = tuple(cast[k] for k in ("person", "person2", "place", "place2", "region", "inst"))
        total = rng.randint(*BODY_WORDS)
        count = min(20, max(9, round(total / rng.uniform(42, 64))))
        shares = list(itertools.accumulate(rng.uniform(0.7, 1.3) for _ in range(count)))
        paragraphs: list[str] = []
        written = 0
        for k in range(count):
            target = max(25, round(total * shares[k] / shares[-1]) - written)
            sentences: list[str] = []
            words = 0
            templated = None
            if k == 0:
                templated = lead
            elif pool and rng.random() < TEMPLATED_SHARE:
                templated = pool.pop()
            if templated is not None:
                sentences.append(templated.format_map(cast))
                words += word_count(sentences[0])
            while words < target or not sentences:
                left = target - words
                length = max(5, left) if left <= 30 else rng.randint(8, min(24, left - 6))
                sentences.append(generated_sentence(rng, table, length, names))
                words += word_count(sentences[-1])
            if templated is not None and k > 0 and rng.random() < 0.5:
                sentences.append(sentences.pop(0))  # the templated sentence closes it
            paragraphs.append(" ".join(sentences))
            written += words
        body = tuple(paragraphs)
        if len(self._bodies) >= 256:
            self._bodies.clear()
        self._bodies[story] = body
        return body

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

    def summary(self, i: int) -> str:
        """Article i's teaser text on other pages: its standfirst and a sentence of its own."""
        cached = self._summaries.get(i)
        if cached is None:
            if len(self._summaries) >= 4096:
                self._summaries.clear()
            cached = self._summaries[i] = self._summary(i)
        return cached

    def _summary(self, i: int) -> str:
        story = self.story(i)
        cast = self.cast(story)
        rng = _rng(self.seed, "summary", i)
        table = word_table(self.language(i))
        names = (cast["person"], cast["place"])
        return f"{self.standfirst(i)} {generated_sentence(rng, table, rng.randint(6, 14), names)}"

    def teaser(self, i: int) -> Teaser:
        """Article i as a teaser on other pages of its edition (kept for the next pages)."""
        cached = self._teasers.get(i)
        if cached is None:
            if len(self._teasers) >= 4096:
                self._teasers.clear()
            lex = lexicon(self.language(i))
            moment = self.published(i)
            headline = self.headline(i)
            cached = self._teasers[i] = Teaser(
                i,
                headline,
                self.path(i, headline),
                lex.sections[self.topic(i)][0],
                lex.human_date(moment),
                moment.isoformat(),
            )
        return cached

    def chrome(self, host: int, lang: str) -> Chrome:
        """The outlet edition's fixed page furniture (menu, footer, CSS, scripts), built once."""
        key = (host, lang)
        chrome = self._chromes.get(key)
        if chrome is None:
            chrome = self._chromes[key] = build_chrome(self, host, lang)
        return chrome

    def byline(self, i: int) -> str:
        lex = lexicon(self.language(i))
        if self.source_of(i) is not None:
            return lex.meta["agency"]
        journalists = lex.items("journalists")
        return journalists[int(_unit(self.seed, "byline", i) * len(journalists))]

    def path(self, i: int, headline: str | None = None) -> str:
        lang = self.language(i)
        slug = lexicon(lang).sections[self.topic(i)][1]
        day = self.published(i)
        title = self.headline(i) if headline is None else headline
        return f"/{lang}/{slug}/{day:%Y/%m/%d}/{_slugify(title)}-{i}.html"

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

    def latest(self, i: int, count: int) -> list[int]:
        """The edition's ``count`` articles published just before article i, newest first."""
        items = self._editions[(self.host_of(i), self.language(i))]
        at = bisect.bisect_left(items, i)
        return [items[k] for k in range(at - 1, max(-1, at - 1 - count), -1)]

    def feed_articles(self, feed: FeedSpec) -> list[int]:
        """Article indices of a feed, newest first."""
        if feed.path == SINGLE_FEED_PATH:
            return list(range(feed.stop - 1, feed.start - 1, -1))
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

    def render_feed(self, feed: FeedSpec, base: str, bases: Sequence[str] | None = None) -> bytes:
        return _render_feed(self, feed, base, bases).encode("utf-8")

    def response(
        self, host: int, path: str, base: str, bases: Sequence[str] | None = None
    ) -> tuple[int, str, bytes, str]:
        """(status, content type, body, kind) for a request path on one outlet.

        ``bases`` (every outlet's base URL, by host) is needed by the single feed, whose items
        link to every outlet; without it their links are on ``base``.
        """
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", ROBOTS_TXT, "robots"
        feed = self._feed_by_path.get((host, path))
        if feed is not None:
            ctype = "application/rss+xml" if feed.fmt == "rss" else "application/atom+xml"
            body = self.render_feed(feed, base, bases)
            return 200, f"{ctype}; charset=utf-8", body, "feed"
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


# --- page furniture --------------------------------------------------------------------------
# Real news pages are 80-200 KB of HTML around a few KB of article: style sheets and scripts
# inlined in the page, a mega-menu, consent dialogs with their vendor lists, teaser lists with
# summaries, comment threads, ad slots and footer link farms. The furniture below is built
# from the seed and the language's word table; an outlet edition's fixed parts (menu, footer,
# CSS, scripts, consent dialog, service boxes) are built once per corpus and reused, rendered,
# on each of its pages. Class names and containers are the kind real sites use, so trafilatura
# meets the furniture as it meets a real page's; the amounts below were tuned so that bare
# trafilatura spends about as long on a page as on real news pages, and summaries appear on a
# few teasers only, as on real pages (more would make trafilatura's fallbacks pick them up).

AD_LABELS = {
    "en": "Advertisement",
    "fr": "Publicité",
    "de": "Anzeige",
    "es": "Publicidad",
    "it": "Pubblicità",
    "pt": "Publicidade",
    "nl": "Advertentie",
}


class _Weight(NamedTuple):
    """How much furniture a template carries (the old regional site carries the least)."""

    css_rules: int
    menu_links: tuple[int, int]  # links per menu section
    footer_links: int
    teasers: int  # related + most read + section cards
    vendors: tuple[int, int]  # consent dialog's vendor list
    latest: int  # the "latest news" ticker


_WEIGHTS = {
    "broadsheet": _Weight(90, (18, 26), 220, 44, (90, 130), 24),
    "portal": _Weight(70, (16, 24), 220, 38, (80, 120), 16),
    "magazine": _Weight(110, (18, 26), 220, 40, (90, 130), 20),
    "regional": _Weight(60, (16, 24), 260, 30, (0, 0), 30),
    "bulletin": _Weight(100, (18, 26), 220, 38, (90, 130), 24),
}

_CSS_BLOCKS = (
    "header", "nav", "mega", "story", "teaser", "card", "footer", "btn", "grid", "ad", "consent",
    "newsletter", "comment", "media", "byline", "kicker", "tag", "search", "modal", "ticker",
    "live", "badge", "icon", "promo", "rail", "hero", "list", "paywall", "gallery", "quote",
)  # fmt: skip
_CSS_PARTS = (
    "item", "link", "title", "body", "image", "meta", "label", "wrapper", "inner", "list", "text",
    "icon", "caption", "footer", "header", "col", "row", "toggle", "panel", "count", "time",
)  # fmt: skip
_CSS_STATES = ("active", "large", "small", "dark", "highlight", "compact", "sticky", "open",
               "featured", "primary", "secondary", "inverted")  # fmt: skip
_CSS_DECLARATIONS = (
    "color:#{hex}", "background:#{hex}", "background-color:#{hex}", "border-bottom:1px solid",
    "margin:{a}px {b}px", "margin-top:{a}px", "padding:{a}px {b}px", "padding-left:{b}px",
    "font-size:{rem}rem", "line-height:{lh}", "font-weight:{fw}", "letter-spacing:.0{a}em",
    "display:flex", "display:grid", "display:block", "display:none", "display:inline-block",
    "align-items:center", "justify-content:space-between", "flex-wrap:wrap", "gap:{a}px",
    "grid-template-columns:repeat({cols},minmax(0,1fr))", "position:relative",
    "position:absolute", "top:{a}px", "left:0", "right:{a}px", "z-index:{z}", "width:{pct}%",
    "max-width:{w}px", "min-height:{h}px", "overflow:hidden", "text-overflow:ellipsis",
    "white-space:nowrap", "border-radius:{a}px", "box-shadow:0 {a}px {b}px rgba(0,0,0,.{a})",
    "transition:opacity .{a}s ease-in-out", "opacity:.{lh1}", "text-transform:uppercase",
    "font-family:var(--font-{family})", "cursor:pointer", "aspect-ratio:16/9", "object-fit:cover",
)  # fmt: skip

# An inline loader for the analytics and ad scripts, written for this project in the style of
# the snippets news sites paste into their pages.
_LOADER_JS = """(function(w,d,cfg){var q=w.siteQueue=w.siteQueue||[];function push(e,p){q.push({\
event:e,props:p||{},ts:Date.now()})}w.track=push;var consent=(d.cookie.match(/(?:^|; )consent=\
([^;]*)/)||[])[1];function load(src,attrs){var s=d.createElement('script');s.async=true;s.src=\
src;for(var k in attrs){if(Object.prototype.hasOwnProperty.call(attrs,k)){s.setAttribute(k,\
attrs[k])}}var f=d.getElementsByTagName('script')[0];f.parentNode.insertBefore(s,f);return s}\
function ready(fn){if(d.readyState!=='loading'){fn()}else{d.addEventListener('DOMContentLoaded',\
fn)}}ready(function(){push('page_view',{section:cfg.section,edition:cfg.edition,template:\
cfg.template});if(consent&&consent.indexOf('measure')>-1){load(cfg.endpoints.metrics+'?v='+\
cfg.version,{'data-property':cfg.property})}var depth=0;w.addEventListener('scroll',function(){\
var h=d.documentElement,p=Math.round((h.scrollTop+w.innerHeight)/h.scrollHeight*100);if(p>=\
depth+25){depth=p-p%25;push('scroll_depth',{percent:depth})}},{passive:true});var links=\
d.querySelectorAll('a[data-track]');for(var i=0;i<links.length;i++){links[i].addEventListener(\
'click',function(ev){push('click',{target:ev.currentTarget.getAttribute('data-track')})})}});\
w.addEventListener('pagehide',function(){if(!q.length||!navigator.sendBeacon){return}navigator.\
sendBeacon(cfg.endpoints.collect,JSON.stringify(q.splice(0,q.length)))})})(window,document,\
window.siteConfig);"""
_ADS_JS = """(function(w,d){var slots=w.adSlots||[],ready=false,queue=[];function size(s){\
return s.sizes.filter(function(x){return x[0]<=w.innerWidth})}function define(s){var el=\
d.getElementById(s.id);if(!el){return}el.setAttribute('data-state','pending');queue.push({id:\
s.id,unit:s.unit,sizes:size(s),targeting:Object.assign({},w.pageTargeting||{},s.targeting)})}\
function flush(){if(!ready||!queue.length){return}var batch=queue.splice(0,queue.length);\
var x=new XMLHttpRequest();x.open('POST','/ads/request',true);x.setRequestHeader(\
'Content-Type','application/json');x.onload=function(){try{var r=JSON.parse(x.responseText);\
r.forEach(function(c){var el=d.getElementById(c.id);if(el){el.innerHTML=c.html;el.\
setAttribute('data-state','filled')}})}catch(e){}};x.send(JSON.stringify(batch))}var io=\
'IntersectionObserver' in w?new IntersectionObserver(function(es){es.forEach(function(e){if(\
e.isIntersecting){io.unobserve(e.target);define({id:e.target.id,unit:e.target.getAttribute(\
'data-ad-unit'),sizes:[[300,250]],targeting:{}});flush()}})},{rootMargin:'200px'}):null;\
slots.forEach(function(s){if(s.lazy&&io){var el=d.getElementById(s.id);if(el){io.observe(el)}}\
else{define(s)}});w.addEventListener('consentready',function(){ready=true;flush()})})(window,\
document);"""


@dataclass(frozen=True)
class Chrome:
    """An outlet edition's fixed furniture, the same on each of its pages."""

    host: int
    lang: str
    menu: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]  # (label, href, links)
    footer: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (heading, links)
    tags: tuple[tuple[str, str], ...]  # trending topics
    purposes: tuple[tuple[str, str], ...]  # consent dialog: (purpose, explanation)
    vendors: tuple[str, ...]
    promo: str  # the subscription promo's pitch
    css: str
    site_js: str  # config + loader, for an inline <script>
    ads_js: str  # ad slots + their loader
    svg: str  # icon sprite
    menu_json: str
    fragments: dict[tuple[str, ...], str] = field(default_factory=dict, compare=False)

    def fragment(self, key: tuple[str, ...], build: Callable[[], str]) -> str:
        """HTML built from the fixed furniture, rendered once and reused on every page."""
        html_text = self.fragments.get(key)
        if html_text is None:
            html_text = self.fragments[key] = build()
        return html_text


@dataclass(frozen=True)
class Teaser:
    """Another article as a teaser: headline, link, section and time (``Corpus.summary`` has
    its summary)."""

    index: int
    headline: str
    path: str
    section: str
    when: str
    iso: str


class Comment(NamedTuple):
    author: str
    text: str
    when: str
    depth: int  # 0 for a top-level comment, 1 for a reply
    likes: int


def _label(rng: random.Random, table: WordTable, words: int = 1) -> str:
    return _capital(" ".join(rng.choice(table.content) for _ in range(words)))


def _links(
    rng: random.Random, table: WordTable, count: int, prefix: str
) -> tuple[tuple[str, str], ...]:
    out = []
    for _ in range(count):
        label = _label(rng, table, 1 if rng.random() < 0.6 else 2)
        out.append((label, f"{prefix}{_slugify(label, 40)}/"))
    return tuple(out)


def _css(rng: random.Random, rules: int, prefix: str) -> str:
    out = [
        f":root{{--font-serif:Georgia,serif;--font-sans:system-ui,sans-serif;--brand:#"
        f"{rng.randrange(1 << 24):06x};--ink:#1b1b1b;--rule:#e2e2e2}}",
        "*,*::before,*::after{box-sizing:border-box}",
        "body{margin:0;font-family:var(--font-sans);color:var(--ink)}",
    ]
    media = 0
    for k in range(rules):
        block = rng.choice(_CSS_BLOCKS)
        selector = f".{prefix}-{block}"
        if rng.random() < 0.8:
            selector += f"__{rng.choice(_CSS_PARTS)}"
        if rng.random() < 0.3:
            selector += f"--{rng.choice(_CSS_STATES)}"
        if rng.random() < 0.2:
            selector += rng.choice((":hover", ":focus-visible", "::before", ":first-child", " a"))
        if rng.random() < 0.15:
            selector += f",.{prefix}-{rng.choice(_CSS_BLOCKS)}__{rng.choice(_CSS_PARTS)}"
        declarations = ";".join(
            d.format(
                hex=f"{rng.randrange(1 << 24):06x}",
                a=rng.randint(1, 9),
                b=rng.randint(4, 32),
                rem=f"{rng.randint(7, 28) / 10:.1f}",
                lh=f"{rng.randint(10, 18) / 10:.1f}",
                lh1=rng.randint(1, 9),
                fw=rng.choice((400, 500, 600, 700)),
                cols=rng.randint(2, 6),
                z=rng.choice((1, 2, 10, 100, 999)),
                pct=rng.choice((25, 33, 50, 66, 75, 100)),
                w=rng.choice((320, 640, 728, 960, 1140, 1280)),
                h=rng.choice((90, 250, 280, 600)),
                family=rng.choice(("serif", "sans")),
            )
            for d in rng.sample(_CSS_DECLARATIONS, rng.randint(2, 7))
        )
        rule = f"{selector}{{{declarations}}}"
        if k % 45 == 44:
            media = rng.choice((480, 768, 1024, 1280))
            out.append(f"@media (min-width:{media}px){{{rule}")
        elif media and k % 45 == 9:
            out.append(f"{rule}}}")
            media = 0
        else:
            out.append(rule)
    if media:
        out.append("}")
    return "\n".join(out)


def _svg_sprite(rng: random.Random, icons: int) -> str:
    symbols = []
    for k in range(icons):
        points = " ".join(
            f"{rng.choice('MLQCL')}{rng.randint(0, 24)}.{rng.randint(0, 99)} "
            f"{rng.randint(0, 24)}.{rng.randint(0, 99)}"
            for _ in range(rng.randint(6, 14))
        )
        symbols.append(f'<symbol id="i-{k}" viewBox="0 0 24 24"><path d="{points}z"/></symbol>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" style="display:none">'
        + "".join(symbols)
        + "</svg>"
    )


def build_chrome(corpus: Corpus, host: int, lang: str) -> Chrome:
    """The fixed furniture of outlet ``host``'s edition in ``lang`` (see ``Corpus.chrome``)."""
    lex = lexicon(lang)
    table = word_table(lang)
    template = corpus.template(host)
    weight = _WEIGHTS[template]
    rng = _rng(corpus.seed, f"chrome:{host}", LANGUAGES.index(lang))
    prefix = "".join(w[0] for w in corpus.outlet_name(host).split()).lower()

    menu = []
    for label, href in _nav_items(lex)[1:]:
        menu.append((label, href, _links(rng, table, rng.randint(*weight.menu_links), href)))
    for _ in range(3):
        label = _label(rng, table)
        href = f"/{lang}/{_slugify(label, 40)}/"
        menu.append((label, href, _links(rng, table, rng.randint(*weight.menu_links), href)))

    places = [*lex.items("places"), *lex.items("regions")]
    groups = [
        (lex.ui["home"], tuple((label, href) for label, href in _nav_items(lex))),
        (_label(rng, table), tuple((p, f"/{lang}/local/{_slugify(p, 40)}/") for p in places)),
    ]
    left = weight.footer_links - sum(len(links) for _, links in groups)
    while left > 0:
        count = min(left, rng.randint(14, 26))
        heading = _label(rng, table)
        groups.append((heading, _links(rng, table, count, f"/{lang}/{_slugify(heading, 20)}/")))
        left -= count
    outlets = tuple(
        (corpus.outlet_name(h), f"{corpus.default_base(h)}/") for h in range(corpus.hosts)
    )
    groups.append((_label(rng, table, 2), outlets))

    people = lex.items("people")
    tags = tuple(
        (name, f"/{lang}/topic/{_slugify(name, 40)}/")
        for name in [*rng.sample(people, 4), *(_label(rng, table) for _ in range(8))]
    )
    purposes = tuple(
        (_label(rng, table, 2), generated_sentence(rng, table, rng.randint(16, 30)))
        for _ in range(rng.randint(6, 9))
    )
    suffixes = ("Media", "Analytics", "Ads", "Data", "Digital", "Labs", "Metrics", "Exchange")
    vendors = tuple(
        f"{_label(rng, table)} {rng.choice(suffixes)}" for _ in range(rng.randint(*weight.vendors))
    )
    promo = generated_sentence(rng, table, rng.randint(12, 20))

    sections = [label for label, _, _ in menu]
    config = {
        "property": f"WS-{rng.randrange(10**6, 10**7)}-{host}",
        "outlet": corpus.outlet_name(host),
        "edition": lang,
        "template": template,
        "version": f"{rng.randint(3, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}",
        "section": None,
        "sections": sections,
        "sampleRate": rng.choice((0.1, 0.25, 0.5, 1.0)),
        "endpoints": {"metrics": "/static/m.js", "collect": "/collect"},
        "consentVendors": list(range(1, len(vendors) + 1)),
        "experiments": {
            f"exp_{_slugify(rng.choice(table.content), 20)}_{k}": rng.choice(("a", "b", "control"))
            for k in range(rng.randint(6, 14))
        },
        "paywall": {"meter": rng.randint(3, 10), "regwall": rng.random() < 0.5},
    }
    site_js = (
        "window.siteConfig=" + json.dumps(config, ensure_ascii=False).replace("</", "<\\/") + ";\n"
    ) + _LOADER_JS
    units = ("top", "sky", "rectangle", "inline", "native", "billboard", "sticky", "footer")
    slots = [
        {
            "id": f"ad-{unit}",
            "unit": f"/{10**7 + host}/{prefix}/{lang}/{unit}",
            "sizes": rng.sample([[728, 90], [970, 250], [300, 250], [300, 600], [320, 50]], 3),
            "lazy": unit not in ("top", "sky"),
            "targeting": {"pos": unit, "kw": [rng.choice(table.content) for _ in range(4)]},
        }
        for unit in units
    ]
    ads_js = (
        "window.adSlots=" + json.dumps(slots, ensure_ascii=False).replace("</", "<\\/") + ";\n"
    ) + _ADS_JS
    menu_json = json.dumps(
        [{"label": label, "href": href, "children": len(links)} for label, href, links in menu],
        ensure_ascii=False,
    ).replace("</", "<\\/")
    return Chrome(
        host=host,
        lang=lang,
        menu=tuple(menu),
        footer=tuple(groups),
        tags=tags,
        purposes=purposes,
        vendors=vendors,
        promo=promo,
        css=_css(rng, weight.css_rules, prefix),
        site_js=site_js,
        ads_js=ads_js,
        svg=_svg_sprite(rng, rng.randint(18, 30)),
        menu_json=menu_json,
    )


# --- page templates --------------------------------------------------------------------------
def _nav_items(lex: Lexicon) -> list[tuple[str, str]]:
    items = [(lex.ui["home"], f"/{lex.code}/")]
    items += [(label, f"/{lex.code}/{slug}/") for label, slug in lex.sections.values()]
    items += [(lex.ui["opinion"], f"/{lex.code}/opinion/")]
    items += [(lex.ui["culture"], f"/{lex.code}/culture/")]
    return items


def _teasers(corpus: Corpus, view: ArticleView) -> list[Teaser]:
    """Other articles of the edition around this one, as teasers (the template's number)."""
    count = _WEIGHTS[corpus.template(view.host)].teasers
    return [corpus.teaser(k) for k in corpus.related(view.index, count)]


_COMMENTERS = (
    "river_walker", "anna.k", "Old Miller", "jpb1958", "greenbench", "Lotte", "marco_v",
    "night owl", "kestrel42", "tinamaria", "B. Okonkwo", "hanneke", "els_v", "pedro.m",
    "quietreader", "Sanne", "Dr. Faulk", "ilse", "martina_r", "northsider", "joão p.", "F.",
)  # fmt: skip


def _comments(corpus: Corpus, view: ArticleView) -> list[Comment]:
    """A seeded reader discussion: mostly a few comments, sometimes a long thread."""
    lex = lexicon(view.lang)
    table = word_table(view.lang)
    rng = _rng(corpus.seed, "comments", view.index)
    count = 0 if rng.random() < 0.15 else min(40, 1 + int(rng.expovariate(1 / 9)))
    out = []
    for k in range(count):
        when = view.published + timedelta(minutes=20 + 23 * k + rng.randint(0, 30))
        parts = [rng.choice(lex.items("comments"))] if rng.random() < 0.5 else []
        parts += [
            generated_sentence(rng, table, rng.randint(6, 22)) for _ in range(rng.randint(1, 3))
        ]
        depth = 1 if k and rng.random() < 0.3 else 0
        out.append(
            Comment(rng.choice(_COMMENTERS), " ".join(parts), lex.human_date(when), depth,
                    int(rng.expovariate(1 / 6)))
        )  # fmt: skip
    return out


def _json_ld(corpus: Corpus, view: ArticleView, base: str) -> str:
    """A JSON-LD NewsArticle and BreadcrumbList, as most news pages carry."""
    lex = lexicon(view.lang)
    name = corpus.outlet_name(view.host)
    url = base + view.path
    label, slug = lex.sections[view.topic]
    words = sum(word_count(p) for p in view.paragraphs)
    graph = [
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": view.headline,
            "description": view.standfirst,
            "datePublished": view.published.isoformat(),
            "dateModified": (view.published + timedelta(minutes=42)).isoformat(),
            "author": {"@type": "Person", "name": view.byline},
            "publisher": {
                "@type": "Organization",
                "name": name,
                "logo": {"@type": "ImageObject", "url": f"{base}/img/logo.png", "width": 600},
            },
            "image": [f"{base}/media/{view.index}/lead-{w}.jpg" for w in (1200, 800, 400)],
            "inLanguage": view.lang,
            "mainEntityOfPage": url,
            "articleSection": label,
            "wordCount": words,
            "isAccessibleForFree": True,
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": lex.ui["home"],
                 "item": f"{base}/{view.lang}/"},
                {"@type": "ListItem", "position": 2, "name": label,
                 "item": f"{base}/{view.lang}/{slug}/"},
                {"@type": "ListItem", "position": 3, "name": view.headline, "item": url},
            ],
        },
    ]  # fmt: skip
    ld = json.dumps(graph, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{ld}</script>\n'


def _page_targeting(view: ArticleView) -> str:
    targeting = {
        "article": view.index,
        "section": view.topic,
        "lang": view.lang,
        "copy": view.is_copy,
        "words": sum(word_count(p) for p in view.paragraphs),
    }
    return f"window.pageTargeting={json.dumps(targeting)};"


def _state(
    corpus: Corpus, chrome: Chrome, view: ArticleView, teasers: list[Teaser], comments: int
) -> str:
    """The client-side state blob a JavaScript front end hydrates from (article included)."""
    article = {
        "id": view.index,
        "headline": view.headline,
        "standfirst": view.standfirst,
        "byline": view.byline,
        "published": view.published.isoformat(),
        "section": view.topic,
        "body": [{"type": "paragraph", "text": p} for p in view.paragraphs],
        "comments": comments,
    }
    related = [
        {"id": t.index, "headline": t.headline, "url": t.path, "summary": corpus.summary(t.index),
         "section": t.section, "published": t.iso, "image": f"/media/{t.index}/thumb.jpg"}
        for t in teasers[:12]
    ]  # fmt: skip
    page = json.dumps({"article": article, "related": related}, ensure_ascii=False)
    return ('{"navigation":' + chrome.menu_json + "," + page[1:]).replace("</", "<\\/")


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


def _paragraphs(view: ArticleView, indent: str = "", ad: str = "") -> str:
    """The body paragraphs, with ``ad`` (an inline ad slot) after the third if given."""
    out = [f"{indent}<p>{_esc(p)}</p>" for p in view.paragraphs]
    if ad and len(out) > 4:
        out.insert(3, ad)
    return "\n".join(out)


def _inline_ad(view: ArticleView, tag: str = "div") -> str:
    return (
        f'<{tag} class="ad-slot ad-slot--inline" id="ad-inline" data-ad-unit="inline" '
        f'data-lazy="true"><span class="ad-label">{AD_LABELS[view.lang]}</span></{tag}>'
    )


def _ticker(corpus: Corpus, view: ArticleView, tag: str = "section") -> str:
    """The edition's latest headlines before this article, with their times and sections."""
    lex = lexicon(view.lang)
    items = []
    for k in corpus.latest(view.index, _WEIGHTS[corpus.template(view.host)].latest):
        t = corpus.teaser(k)
        items.append(
            f'<li class="ticker-item"><time datetime="{t.iso}">{t.iso[11:16]}</time> '
            f'<a href="{_esc(t.path)}">{_esc(t.headline)}</a> <span '
            f'class="ticker-section">{_esc(t.section)}</span></li>'
        )
    return (
        f'<{tag} class="latest-news"><h2>{_esc(lex.ui["feed_title"])}</h2><ol class="ticker-list">'
        + "".join(items)
        + f"</ol></{tag}>"
    )


def _footer_links(lex: Lexicon) -> str:
    keys = ("about", "contact", "privacy", "terms", "advertise", "careers")
    return "".join(f'<li><a href="/{k}">{_esc(lex.ui[k])}</a></li>' for k in keys)


def _link_list(links: tuple[tuple[str, str], ...], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    items = "".join(f'<li><a href="{_esc(h)}">{_esc(t)}</a></li>' for t, h in links)
    return f"<ul{attr}>{items}</ul>"


def _icon(n: int) -> str:
    return f'<svg class="icon" aria-hidden="true"><use href="#i-{n}"></use></svg>'


def _mega_menu(chrome: Chrome, cls: str) -> str:
    """Sections with their sub-section panels and a promo, as nested lists (rendered once)."""

    def build() -> str:
        out = []
        for n, (label, href, links) in enumerate(chrome.menu):
            items = "".join(
                f'<li><a href="{_esc(h)}"><span>{_esc(t)}</span></a></li>' for t, h in links
            )
            out.append(
                f'<li class="{cls}__item"><a class="{cls}__link" href="{_esc(href)}">'
                f"<span>{_esc(label)}</span>{_icon(n % 5)}</a>"
                f'<div class="{cls}__panel"><div class="{cls}__col"><ul class="{cls}__links">'
                f'{items}</ul></div><div class="{cls}__promo"><a href="{_esc(href)}">'
                f'<img src="/img/menu-{n}.jpg" alt="" loading="lazy"><span>{_esc(label)}</span>'
                "</a></div></div></li>"
            )
        return f'<ul class="{cls}">' + "".join(out) + "</ul>"

    return chrome.fragment(("menu", cls), build)


def _footer_grid(chrome: Chrome, heading: str = "h3") -> str:
    def build() -> str:
        return "".join(
            f'<div class="footer-col"><{heading} class="footer-col__title">{_esc(title)}'
            f"</{heading}>{_link_list(links, 'footer-col__links')}</div>"
            for title, links in chrome.footer
        )

    return chrome.fragment(("footer", heading), build)


def _consent_details(chrome: Chrome, lex: Lexicon) -> str:
    """The consent dialog's purposes and vendor list (rendered once)."""

    def build() -> str:
        purposes = "".join(
            f'<div class="purpose"><label><input type="checkbox" name="p{k}"> '
            f"{_esc(title)}</label><p>{_esc(text)}</p></div>"
            for k, (title, text) in enumerate(chrome.purposes)
        )
        vendors = "".join(
            f'<li><label><input type="checkbox" name="v{k}" checked> <span>{_esc(v)}</span>'
            f'</label> <a href="/privacy/vendors/{k + 1}">{_esc(lex.ui["privacy"])}</a></li>'
            for k, v in enumerate(chrome.vendors)
        )
        return (
            f'<div class="cookie-consent__details"><div class="purposes">{purposes}</div>'
            f'<ul class="vendor-list">{vendors}</ul></div>'
        )

    return chrome.fragment(("consent",), build)


def _teaser_items(corpus: Corpus, teasers: list[Teaser], cls: str, summaries: int = 4) -> str:
    """Teasers as list items; the first ``summaries`` of them with their summary."""
    out = []
    for n, t in enumerate(teasers):
        text = (
            f'<p class="{cls}__summary">{_esc(corpus.summary(t.index))}</p>'
            if n < summaries
            else ""
        )
        out.append(
            f'<li class="{cls}"><div class="{cls}__media"><a href="{_esc(t.path)}" '
            f'tabindex="-1">{_picture(t)}</a></div><div class="{cls}__content"><span '
            f'class="{cls}__kicker">{_esc(t.section)}</span><h3 class="{cls}__title"><a '
            f'href="{_esc(t.path)}" data-track="{cls}">{_esc(t.headline)}</a></h3>{text}'
            f'<div class="{cls}__meta"><time datetime="{t.iso}">{_esc(t.when)}</time> '
            f"{_icon(t.index % 7)}</div></div></li>"
        )
    return "\n".join(out)


def _picture(t: Teaser, width: int = 160) -> str:
    media = f"/media/{t.index}/w{width}"
    return (
        f'<picture><source type="image/avif" srcset="{media}.avif 1x, {media}@2x.avif 2x">'
        f'<source type="image/webp" srcset="{media}.webp 1x, {media}@2x.webp 2x">'
        f'<img src="{media}.jpg" alt="" loading="lazy" width="{width}" '
        f'height="{width * 9 // 16}"></picture>'
    )


def _cards(corpus: Corpus, teasers: list[Teaser], cls: str, summaries: int = 4) -> str:
    """A section-front grid of teaser cards in the wrapper-heavy markup of component front ends."""
    out = []
    for n, t in enumerate(teasers):
        summary = (
            f'<div class="{cls}__summary"><p>{_esc(corpus.summary(t.index))}</p></div>'
            if n < summaries
            else ""
        )
        out.append(
            f'<div class="{cls} {cls}--{"lead" if n == 0 else "standard"}"><div '
            f'class="{cls}__inner"><div class="{cls}__media"><a href="{_esc(t.path)}" '
            f'tabindex="-1">{_picture(t, 320 if n == 0 else 160)}</a><span class="{cls}__badge">'
            f'{_icon(n % 4)}</span></div><div class="{cls}__body"><div class="{cls}__kicker">'
            f'<span>{_esc(t.section)}</span></div><h3 class="{cls}__title"><a '
            f'href="{_esc(t.path)}">{_esc(t.headline)}</a></h3>{summary}<div class="{cls}__meta">'
            f'<span class="{cls}__time"><time datetime="{t.iso}">{_esc(t.when)}</time></span>'
            f'<span class="{cls}__count">{_icon(6)}<span>{t.index % 97}</span></span></div>'
            "</div></div></div>"
        )
    return f'<div class="{cls}-grid"><div class="{cls}-grid__row">' + "".join(out) + "</div></div>"


def _widgets(corpus: Corpus, chrome: Chrome, lang: str) -> str:
    """Service boxes of the edition: a league table, market prices and a weather strip."""

    def build() -> str:
        lex = lexicon(lang)
        table = word_table(lang)
        rng = _rng(corpus.seed, f"widgets:{chrome.host}", LANGUAGES.index(lang))
        teams = [*lex.items("teams"), *(_label(rng, table) for _ in range(6))]
        rows = []
        points = sorted((rng.randint(4, 40) for _ in teams), reverse=True)
        ranked = zip(rng.sample(teams, len(teams)), points, strict=True)
        for rank, (team, pts) in enumerate(ranked, 1):
            won, drawn = rng.randint(0, 12), rng.randint(0, 6)
            rows.append(
                f"<tr><td>{rank}</td><td>{_esc(team)}</td><td>{won + drawn + rng.randint(0, 8)}"
                f"</td><td>{won}</td><td>{drawn}</td><td>{pts}</td></tr>"
            )
        companies = [*lex.items("companies"), *(_label(rng, table) for _ in range(5))]
        markets = "".join(
            f'<li><span class="name">{_esc(c)}</span> <span class="price">'
            f"{lex.fmt_decimal(rng.randint(100, 9000) / 10)}</span> <span "
            f'class="change change--{"up" if rng.random() < 0.5 else "down"}">'
            f"{lex.fmt_decimal(rng.randint(1, 60) / 10)} %</span></li>"
            for c in companies
        )
        weather = "".join(
            f'<li><span class="place">{_esc(p)}</span> {_icon(rng.randint(0, 4))} <span '
            f'class="temp">{rng.randint(-3, 24)}° / {rng.randint(-8, 12)}°</span></li>'
            for p in lex.items("places")
        )
        return (
            f'<div class="service-boxes"><div class="service-box service-box--table"><h3>'
            f'{_esc(lex.sections["sport"][0])}</h3><table class="league"><thead><tr><th>#</th>'
            f"<th></th><th>P</th><th>W</th><th>D</th><th>Pts</th></tr></thead><tbody>"
            f'{"".join(rows)}</tbody></table></div><div class="service-box service-box--markets">'
            f"<h3>{_esc(lex.sections['economy'][0])}</h3><ul>{markets}</ul></div>"
            f'<div class="service-box service-box--weather"><h3>{_esc(lex.sections["weather"][0])}'
            f"</h3><ul>{weather}</ul></div></div>"
        )

    return chrome.fragment(("widgets",), build)


def _broadsheet(corpus: Corpus, view: ArticleView, base: str) -> str:
    """HTML5, semantic elements, cookie dialog, related list and newsletter box after the story."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    chrome = corpus.chrome(view.host, view.lang)
    nav = "".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _nav_items(lex))
    teasers = _teasers(corpus, view)
    related = _teaser_items(corpus, teasers[:6], "related-item")
    popular = "\n".join(
        f'<li><span class="rank">{n}</span><a href="{_esc(t.path)}">{_esc(t.headline)}</a></li>'
        for n, t in enumerate(teasers[6:11], 1)
    )
    cards = _cards(corpus, teasers[11:], "section-card", 4)
    label, slug = lex.sections[view.topic]
    minutes = max(1, sum(word_count(p) for p in view.paragraphs) // 200)
    extra = (
        f"<style>{chrome.css}</style>\n<script>{chrome.site_js}</script>\n"
        f"{_json_ld(corpus, view, base)}<script>{_page_targeting(view)}</script>\n"
    )
    return f"""<!DOCTYPE html>
<html lang="{view.lang}">
{_head(corpus, view, base, '<meta charset="utf-8">', extra)}
<body class="article-page">
{chrome.svg}
<div id="cookie-banner" class="cookie-banner" role="dialog" aria-live="polite">
<p>{_esc(ui["cookie_text"])}</p>
<button type="button" class="accept">{_esc(ui["cookie_accept"])}</button>
<button type="button" class="reject">{_esc(ui["cookie_reject"])}</button>
<a href="/privacy#settings">{_esc(ui["cookie_settings"])}</a>
{_consent_details(chrome, lex)}
</div>
<div class="ad-slot ad-slot--top" id="ad-top" data-ad-unit="top"></div>
<header class="site-header">
<a class="logo" href="/{view.lang}/">{_esc(name)}</a>
<nav class="main-nav" aria-label="main"><ul>{nav}</ul>
{_mega_menu(chrome, "mega-menu")}</nav>
<form class="search" role="search" action="/search"><input type="search" name="q" \
placeholder="{_esc(ui["search"])}"></form>
<a class="subscribe" href="/subscribe">{_esc(ui["subscribe"])}</a>
</header>
<div class="trending-bar">{_link_list(chrome.tags)}</div>
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
{_paragraphs(view, ad=_inline_ad(view))}
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
<section class="most-read" data-component="MostPopularStories"><h2>{_esc(ui["most_read"])}</h2>
<ol>
{popular}
</ol></section>
<section class="section-stories"><h2>{_esc(ui["more_stories"])}</h2>
{cards}
</section>
<div class="promo-box"><p>{_esc(chrome.promo)}</p><a href="/subscribe">{_esc(ui["subscribe"])}\
</a></div>
{_ticker(corpus, view)}
{_widgets(corpus, chrome, view.lang)}
<div class="ad-slot ad-slot--billboard" id="ad-billboard" data-ad-unit="billboard"></div>
</main>
<footer class="site-footer">
<div class="footer-grid">{_footer_grid(chrome)}</div>
<nav aria-label="footer"><ul>{_footer_links(lex)}</ul></nav>
<p>© {view.published.year} {_esc(name)}. {_esc(ui["rights"])}</p>
</footer>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
<script id="app-state" type="application/json">{_state(corpus, chrome, view, teasers, 0)}</script>
<script>{chrome.ads_js}</script>
</body>
</html>
"""


def _portal(corpus: Corpus, view: ArticleView, base: str) -> str:
    """XHTML-era div soup: top bar, menu, consent overlay, sidebar widgets, reader comments."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    chrome = corpus.chrome(view.host, view.lang)
    menu = " | ".join(f'<a href="{p}">{_esc(t)}</a>' for t, p in _nav_items(lex))
    teasers = _teasers(corpus, view)
    popular = "".join(
        f'<li><a href="{_esc(t.path)}">{_esc(t.headline)}</a></li>' for t in teasers[:6]
    )
    latest = _teaser_items(corpus, teasers[6:14], "latest-post", 4)
    more = _cards(corpus, teasers[14:], "news-box", 3)
    comments = _comments(corpus, view)
    comment_items = "\n".join(
        f'<li class="comment depth-{c.depth + 1}"><div class="comment-author vcard"><b class="fn">'
        f'{_esc(c.author)}</b> <span class="comment-date">{_esc(c.when)}</span></div>'
        f'<div class="comment-content"><p>{_esc(c.text)}</p></div><span class="likes">{c.likes}'
        f'</span> <a class="reply" href="#">{_esc(ui["reply"])}</a></li>'
        for c in comments
    )
    label = lex.sections[view.topic][0]
    head_extra = (
        '<script type="text/javascript" src="/js/ads.js"></script>\n'
        f'<style type="text/css">{chrome.css}</style>\n'
        f'<script type="text/javascript">{chrome.site_js}</script>\n'
        f'{_json_ld(corpus, view, base)}<script type="text/javascript">{_page_targeting(view)}'
        "</script>"
    )
    tags = " ".join(
        f'<a href="{_esc(h)}" style="font-size:{11 + n % 7}px">{_esc(t)}</a>'
        for n, (t, h) in enumerate(chrome.tags)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="{view.lang}" xml:lang="{view.lang}">
{
        _head(
            corpus,
            view,
            base,
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
            head_extra,
        )
    }
<body>
<div id="top-bar"><span class="today">{_esc(lex.human_date(view.published))}</span> \
<a href="/login">{_esc(ui["login"])}</a> <a href="/subscribe">{_esc(ui["subscribe"])}</a></div>
<div id="header"><div class="logo"><a href="/{view.lang}/">{_esc(name)}</a></div>
<div id="menu">{menu}
{_mega_menu(chrome, "dropdown-menu")}</div></div>
<div id="consent-overlay" class="gdpr-consent"><div class="gdpr-box">{_esc(ui["cookie_text"])}
<a class="btn" href="#">{_esc(ui["cookie_accept"])}</a> <a class="btn" href="#">\
{_esc(ui["cookie_settings"])}</a>
{_consent_details(chrome, lex)}</div></div>
<div id="ad-top" class="ad-banner" style="min-height:90px"></div>
<div id="page">
<div class="breadcrumbs"><a href="/{view.lang}/">{_esc(ui["home"])}</a> &gt; {_esc(label)}</div>
<div class="col-main">
<div class="entry">
<h1 class="entry-title">{_esc(view.headline)}</h1>
<div class="entry-meta">{_esc(ui["by"])} <span class="author vcard"><span class="fn">\
{_esc(view.byline)}</span></span> | <time class="published" \
datetime="{view.published.isoformat()}">{_esc(lex.human_date(view.published))}</time></div>
<div class="entry-content">
{_paragraphs(view, ad=_inline_ad(view))}
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
<div class="more-news"><h3>{_esc(ui["more_stories"])}</h3>
{more}
</div>
</div>
<div class="col-side">
{_ticker(corpus, view, "div")}
<div class="widget popular"><h4>{_esc(ui["most_read"])}</h4><ul>{popular}</ul></div>
<div class="widget ad-widget" id="ad-sky"></div>
<div class="widget newsletter"><h4>{_esc(ui["newsletter_title"])}</h4>
<p>{_esc(ui["newsletter_text"])}</p><form action="/nl"><input type="text" name="email" />
<input type="submit" value="{_esc(ui["signup"])}" /></form></div>
<div class="widget latest"><h4>{_esc(ui["more_stories"])}</h4><ul>
{latest}
</ul></div>
<div class="widget tag-cloud">{tags}</div>
{_widgets(corpus, chrome, view.lang)}
</div>
</div>
<div id="footer"><div class="footer-columns">{_footer_grid(chrome, "h4")}</div>
<ul>{_footer_links(lex)}</ul>
<p class="copyright">© {view.published.year} {_esc(name)} - {_esc(ui["rights"])}</p></div>
<script type="text/javascript">{chrome.ads_js}</script>
</body>
</html>
"""


def _magazine(corpus: Corpus, view: ArticleView, base: str) -> str:
    """JSON-LD, microdata, lead figure, newsletter box inside the article, comment list."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    chrome = corpus.chrome(view.host, view.lang)
    nav = "".join(f'<a class="nav-link" href="{p}">{_esc(t)}</a>' for t, p in _nav_items(lex))
    cut = min(3, len(view.paragraphs) - 1)
    first = "\n".join(f"<p>{_esc(p)}</p>" for p in view.paragraphs[:cut])
    second = "\n".join(f"<p>{_esc(p)}</p>" for p in view.paragraphs[cut:])
    teasers = _teasers(corpus, view)
    cards = "\n".join(
        f'<div class="card"><a href="{_esc(t.path)}"><img src="/media/{t.index}/card.jpg" alt="" '
        f'loading="lazy"><h3>{_esc(t.headline)}</h3></a>'
        + (f'<p class="card-summary">{_esc(corpus.summary(t.index))}</p>' if n < 4 else "")
        + f'<span class="card-time">{_esc(t.when)}</span></div>'
        for n, t in enumerate(teasers[:8])
    )
    recommended = _teaser_items(corpus, teasers[8:14], "recommended-item", 2)
    feed = _cards(corpus, teasers[14:], "feed-card", 2)
    comments = _comments(corpus, view)
    comment_items = "\n".join(
        f'<div class="user-comment{" is-reply" if c.depth else ""}"><span class="user">'
        f'{_esc(c.author)}</span><span class="when">{_esc(c.when)}</span><p>{_esc(c.text)}</p>'
        f'<button class="like">♥ {c.likes}</button></div>'
        for c in comments
    )
    updated = lex.human_date(view.published + timedelta(minutes=42))
    extra = (
        f"{_json_ld(corpus, view, base)}<style>{chrome.css}</style>\n"
        f"<script>{chrome.site_js}</script>\n<script>{_page_targeting(view)}</script>\n"
    )
    head = _head(corpus, view, base, '<meta charset="UTF-8">', extra)
    state = _state(corpus, chrome, view, teasers, len(comments))
    return f"""<!doctype html>
<html lang="{view.lang}" class="no-js">
{head}
<body>
{chrome.svg}
<div class="masthead"><a href="/{view.lang}/" class="brand">{_esc(name)}</a>
<div class="nav-scroller">{nav}</div>
<button class="menu-toggle" aria-label="menu">☰</button></div>
<nav class="site-menu" aria-label="sections">{_mega_menu(chrome, "site-menu")}</nav>
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
<div class="recirculation-widget"><h2>{_esc(ui["related"])}</h2><ul>
{recommended}
</ul></div>
<section class="story-feed"><h2>{_esc(ui["most_read"])}</h2>
{feed}
</section>
{_widgets(corpus, chrome, view.lang)}
<section class="reader-comments" id="comments"><h2>{_esc(ui["comments"])}</h2>
{comment_items}
<p class="comment-note">{_esc(ui["comment_prompt"])}</p></section>
{_ticker(corpus, view)}
</main>
<div class="cookie-consent-bar">{_esc(ui["cookie_text"])} <button>{_esc(ui["cookie_accept"])}\
</button>
{_consent_details(chrome, lex)}</div>
<footer><div class="footer-links">{_footer_links(lex)}</div>
<div class="footer-directory">{_footer_grid(chrome, "h4")}</div>
<small>© {view.published.year} {_esc(name)}. {_esc(ui["rights"])}</small></footer>
<script id="__NEXT_DATA__" type="application/json">{state}</script>
<script>{chrome.ads_js}</script>
</body>
</html>
"""


def _regional(corpus: Corpus, view: ArticleView, base: str) -> str:
    """Old table layout in windows-1252, charset only in <meta http-equiv>, left navigation,
    briefs and the latest headlines in a right-hand column."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    chrome = corpus.chrome(view.host, view.lang)
    nav = "\n".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _nav_items(lex))
    sub = "\n".join(
        f'<li class="sub"><a href="{_esc(h)}">{_esc(t)}</a></li>'
        for _, _, links in chrome.menu[:6]
        for t, h in links
    )
    teasers = _teasers(corpus, view)
    related = "\n".join(
        f'<li><a href="{_esc(t.path)}">{_esc(t.headline)}</a></li>' for t in teasers[:6]
    )
    briefs = "\n".join(
        f'<tr><td valign="top"><img src="/media/{t.index}/thumb.jpg" width="80" height="60">'
        f'</td><td valign="top"><b><a href="{_esc(t.path)}">{_esc(t.headline)}</a></b><br>'
        f'<font size="-1">{_esc(t.when)}{summary}</font></td></tr>'
        for n, t in enumerate(teasers[6:])
        for summary in [" - " + _esc(corpus.summary(t.index)) if n < 6 else ""]
    )
    footer = "\n".join(
        f'<td valign="top"><b>{_esc(title)}</b><br>'
        + " | ".join(f'<a href="{_esc(h)}">{_esc(t)}</a>' for t, h in links)
        + "</td>"
        for title, links in chrome.footer
    )
    local = view.published.astimezone(timezone(timedelta(hours=1)))
    charset = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    extra = (
        f'<style type="text/css">{chrome.css}</style>\n'
        f'<script language="javascript">{chrome.site_js}</script>\n'
    )
    return f"""<html lang="{view.lang}">
{_head(corpus, view, base, charset, extra)}
<body bgcolor="#ffffff">
<table id="layout" width="100%" cellpadding="0" cellspacing="0">
<tr><td colspan="3" id="banner"><a href="/{view.lang}/"><img src="/img/logo.gif" \
alt="{_esc(name)}"></a> <span class="edition">{_esc(ui["edition"])}</span></td></tr>
<tr>
<td id="leftnav" valign="top" width="180"><ul class="sidebar">
{nav}
{sub}
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
</td>
<td id="rightcol" valign="top" width="300">
<table class="briefs" width="100%" cellpadding="4"><tr><th colspan="2">\
{_esc(ui["more_stories"])}</th></tr>
{briefs}
</table>
{_ticker(corpus, view, "div")}
{_widgets(corpus, chrome, view.lang)}
</td></tr>
<tr><td colspan="3" id="footer"><table width="100%"><tr>
{footer}
</tr></table><ul>{_footer_links(lex)}</ul>
© {view.published.year} {_esc(name)}. {_esc(ui["rights"])}</td></tr>
</table>
<script language="javascript">{chrome.ads_js}</script>
</body>
</html>
"""


def _bulletin(corpus: Corpus, view: ArticleView, base: str) -> str:
    """Minimal modern layout: sticky header, standfirst, comments as a discussion section."""
    lex = lexicon(view.lang)
    ui = lex.ui
    name = corpus.outlet_name(view.host)
    chrome = corpus.chrome(view.host, view.lang)
    nav = "".join(f'<li><a href="{p}">{_esc(t)}</a></li>' for t, p in _nav_items(lex))
    teasers = _teasers(corpus, view)
    related = _teaser_items(corpus, teasers[:8], "read-next-item", 4)
    tiles = _cards(corpus, teasers[8:], "story-tile", 4)
    comments = _comments(corpus, view)
    comment_items = "\n".join(
        f'<li class="depth-{c.depth}"><p class="who">{_esc(c.author)} · '
        f"{_esc(c.when)}</p><p>{_esc(c.text)}</p></li>"
        for c in comments
    )
    style = (
        "<style>body{font-family:sans-serif}.sticky{position:sticky;top:0}</style>\n"
        f"<style>{chrome.css}</style>\n<script>{chrome.site_js}</script>\n"
        f"{_json_ld(corpus, view, base)}"
    )
    head = _head(corpus, view, base, '<meta charset="utf-8">', style)
    state = _state(corpus, chrome, view, teasers, len(comments))
    return f"""<!DOCTYPE html>
<html lang="{view.lang}">
{head}
<body>
{chrome.svg}
<header class="sticky"><div class="brand">{_esc(name)}</div>
<nav><ul class="menu">{nav}</ul>{_mega_menu(chrome, "menu-panel")}</nav></header>
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
<section class="story-tiles"><h2>{_esc(ui["more_stories"])}</h2>
{tiles}
</section>
{_widgets(corpus, chrome, view.lang)}
{_ticker(corpus, view)}
</main>
<div class="newsletter-popup" hidden><h3>{_esc(ui["newsletter_title"])}</h3>
<p>{_esc(ui["newsletter_text"])}</p><input type="email" placeholder="{_esc(ui["email"])}">\
<button>{_esc(ui["signup"])}</button></div>
<footer class="site-footer"><div class="footer-grid">{_footer_grid(chrome, "h4")}</div>
<ul>{_footer_links(lex)}</ul>
<p>© {view.published.year} {_esc(name)}. {_esc(ui["rights"])}</p>
<div class="cookie-bar">{_esc(ui["cookie_text"])} <button>{_esc(ui["cookie_accept"])}</button>
<button>{_esc(ui["cookie_reject"])}</button>
{_consent_details(chrome, lex)}</div></footer>
<script>window.__INITIAL_STATE__={state};</script>
<script>{chrome.ads_js}</script>
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


def _render_feed(
    corpus: Corpus, feed: FeedSpec, base: str, bases: Sequence[str] | None = None
) -> str:
    lex = lexicon(feed.lang)
    name = corpus.outlet_name(feed.host)
    title = f"{name} – {lex.ui['feed_title']} ({lex.ui['edition']})"
    description = lex.ui["feed_description"].format(outlet=name)
    indices = corpus.feed_articles(feed)
    newest = corpus.published(indices[0]) if indices else START
    self_url = base + feed.path

    def link(i: int) -> str:
        return (bases[corpus.host_of(i)] if bases else base) + corpus.path(i)

    if feed.fmt == "rss":
        items = []
        for i in indices:
            url = link(i)
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
        url = link(i)
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
class _Handler(QuietHandler):
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
        cached = outlet.owner.prerendered.get((outlet.host_index, path))
        status, ctype, body, kind = cached or outlet.corpus.response(
            outlet.host_index, path, outlet.base, outlet.owner.bases
        )
        outlet.owner._count(kind)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _OutletServer(LocalServer):
    def __init__(self, owner: CorpusServer, host_index: int) -> None:
        super().__init__(_Handler, name=f"corpus-outlet-{host_index}")
        self.owner = owner
        self.corpus = owner.corpus
        self.host_index = host_index


class CorpusServer(StartStopContext):
    """Serves a Corpus on 127.0.0.1, one HTTP server (own port) per outlet.

    Args:
        corpus: The corpus to serve; by default ``Corpus(**corpus_args)``.
        **corpus_args: Passed to ``Corpus`` when no corpus is given.
    """

    def __init__(self, corpus: Corpus | None = None, **corpus_args: Any) -> None:
        self.corpus = corpus if corpus is not None else Corpus(**corpus_args)
        self._servers: list[_OutletServer] = []
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self.prerendered: dict[tuple[int, str], tuple[int, str, bytes, str]] = {}

    def prerender(self) -> None:
        """Render every feed and article page now and serve those bytes from then on.

        The server shares the machine with what it serves; rendering a page costs about 2 ms of
        CPU, which a pipeline fetching from real outlets never pays. A timed run calls this
        first so the server only sends bytes. Holds the corpus in memory (~145 KB per article).
        """
        bases = self.bases
        if not bases:
            raise RuntimeError("start the server before prerendering")
        paths = [(f.host, f.path) for f in self.corpus.feeds]
        paths += [
            (self.corpus.host_of(i), self.corpus.path(i)) for i in range(self.corpus.articles)
        ]
        for host, path in paths:
            self.prerendered[(host, path)] = self.corpus.response(host, path, bases[host], bases)

    def start(self) -> CorpusServer:
        if self._servers:
            raise RuntimeError("CorpusServer is already running")
        try:
            for host in range(self.corpus.hosts):
                self._servers.append(_OutletServer(self, host))
            for server in self._servers:
                server.start()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        servers, self._servers = self._servers, []
        for server in servers:
            server.close()

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
        host, path = self.corpus.host_of(i), self.corpus.path(i)
        base = self.bases[host]
        cached = self.prerendered.get((host, path))
        return ServedPage(
            i,
            base + path,
            cached[2] if cached else self.corpus.render_article(i, base),
            self.corpus.content_type(i),
            self.corpus.language(i),
        )

    def pages(self) -> Iterator[ServedPage]:
        """Every article page, rendered one at a time."""
        for i in range(self.corpus.articles):
            yield self.page(i)


Response = tuple[int, str, bytes]
"""``(status, Content-Type, body)`` of one answer of a ``RespondingServer``."""


class _RespondingHandler(QuietHandler):
    server: RespondingServer

    def do_GET(self) -> None:
        status, ctype, body = self.server.respond(self.path)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class RespondingServer(LocalServer):
    """A local server that answers every GET with ``respond(request path with query)``.

    Args:
        respond: Called from the request threads; returns ``(status, Content-Type, body)``.
        protocol_version: ``HTTP/1.1`` (keep-alive) or ``HTTP/1.0``.
        name: Name of the serving thread.
    """

    def __init__(
        self,
        respond: Callable[[str], Response],
        *,
        protocol_version: str = "HTTP/1.1",
        name: str = "responding-server",
    ) -> None:
        handler = type("Handler", (_RespondingHandler,), {"protocol_version": protocol_version})
        super().__init__(handler, name=name)
        self.respond = respond


SAVED_PAGES_PER_FEED = 500
"""Items per RSS feed of a ``SavedPagesServer``."""


class SavedPagesServer(RespondingServer):
    """Serves saved .html files under ``/pages/…`` plus RSS feeds ``/feeds/<k>.xml``.

    Args:
        root: Folder of saved pages (searched recursively for ``.html``/``.htm``).
    """

    def __init__(self, root: Path) -> None:
        super().__init__(self._answer, name="saved-pages")
        self.root = root.resolve()
        self.files = sorted(
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.is_file() and p.suffix.lower() in (".html", ".htm")
        )

    def page_url(self, name: str) -> str:
        return f"{self.base}/pages/{quote(name)}"

    @property
    def feed_urls(self) -> list[str]:
        count = (len(self.files) + SAVED_PAGES_PER_FEED - 1) // SAVED_PAGES_PER_FEED
        return [f"{self.base}/feeds/{k}.xml" for k in range(count)]

    def _answer(self, target: str) -> Response:
        path = unquote(target.split("?", 1)[0])
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path.startswith("/feeds/") and path.endswith(".xml"):
            try:
                k = int(path[len("/feeds/") : -len(".xml")])
            except ValueError:
                return 404, "text/plain", b"not found"
            return 200, "application/rss+xml; charset=utf-8", self._feed(k)
        if path.startswith("/pages/"):
            name = path[len("/pages/") :]
            if name in self.files:  # only listed files: no path traversal
                # No charset: decoding falls to the page's own <meta> or detection.
                return 200, "text/html", (self.root / name).read_bytes()
        return 404, "text/plain", b"not found"

    def _feed(self, k: int) -> bytes:
        stamp = format_datetime(datetime.now(UTC))
        items = "\n".join(
            f"<item><title>{_esc(name)}</title><link>{_esc(self.page_url(name))}</link>"
            f"<guid>{_esc(self.page_url(name))}</guid><pubDate>{stamp}</pubDate></item>"
            for name in self.files[k * SAVED_PAGES_PER_FEED : (k + 1) * SAVED_PAGES_PER_FEED]
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Saved pages {k}</title><link>{self.base}/</link>"
            f"<description>Local pages</description>\n{items}\n</channel></rss>\n"
        ).encode()


def fetch_local(url: str, max_redirects: int = 5) -> tuple[str, int, str | None, bytes]:
    """GETs a URL from a server on 127.0.0.1, following redirects; refuses any other host.

    Returns:
        (final URL, status, Content-Type header, body). No Accept-Encoding is sent, so the
        body is what the server wrote.
    """
    for _ in range(max_redirects + 1):
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname != HOST:
            raise ValueError(f"benchmarks only fetch from http://{HOST}: {url}")
        connection = http.client.HTTPConnection(HOST, parts.port or 80, timeout=30)
        try:
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
            connection.request("GET", target, headers={"User-Agent": "wirestream-benchmark"})
            response = connection.getresponse()
            body = response.read()
            location = response.getheader("Location")
            status = response.status
            ctype = response.getheader("Content-Type")
        finally:
            connection.close()
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        return url, status, ctype, body
    raise ValueError(f"too many redirects: {url}")


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
