"""A hostile newsroom on 127.0.0.1: broken, slow and malicious feeds and pages.

Where the demo newsroom (``pipelines.demo.server``) is a well-behaved set of outlets, this one
serves every bad input of ``RELIABILITY.md`` (sections "Feeds", "HTTP" and "Extraction and
language") from one ``LocalServer`` on ``127.0.0.1`` (port 0): slow drips, responses
that never come, compression bombs, redirect tricks towards an "internal" address, retry
dances, resets, pathological HTML, charset confusion and feeds with entity attacks, as well as
good articles (fictional text) as controls. Each endpoint is linked from a feed entry; the
``expected`` table says which outcome the pipeline documents for it.

Besides the main server it runs:

* an *internal* listener: a bare TCP socket on another loopback port that only counts the
  connections it accepts (``internal_hits``). Redirects and XML entities point at it; since
  ``allow_addresses`` allows only the main server's exact ``127.0.0.1:PORT``, a correct
  pipeline never connects to it;
* a *black hole* listener whose accept queue is full, so connecting to it times out (a connect
  timeout without leaving loopback). It is reachable only when ``connect_timeout_address``
  is allowed explicitly.

The same port also speaks TLS (the first byte of a connection tells which) with a throwaway
self-signed certificate, so ``https://127.0.0.1:PORT/...`` fails certificate verification.

Nothing here sends traffic anywhere: every URL it hands out, and every redirect or entity it
serves, names 127.0.0.1 (in plain or encoded spellings) or ``::1``/``::ffff:127.0.0.1``.

Serve it until Ctrl-C (prints the URLs)::

    python -m testing.hostile

For tests and benchmarks only: ``testing/`` is not part of the installed package.

In tests and benchmarks::

    with HostileNewsroom() as hostile:
        main(["run", "--feed", hostile.feed_urls["http"],
              "--allow-address", hostile.allow_addresses[0], ...])
        assert hostile.internal_hits == 0
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gzip
import importlib.util
import ipaddress
import itertools
import select
import socket
import ssl
import struct
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from html import escape
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from pipelines.demo.local_server import HOST, LocalServer, QuietHandler, StartStopContext
from testing.listeners import BlackHole, CountingListener
from testing.tls import write_pem

MiB = 1024 * 1024
GiB = 1024 * MiB
HTML_TYPE = "text/html; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
RDF_TYPE = "application/rdf+xml; charset=utf-8"
HAVE_BROTLI = importlib.util.find_spec("brotli") is not None
"""Whether the brotli bomb is served (it needs the ``brotli`` module)."""
# A stream that is "endless" still stops eventually, so a forgotten server cannot spin forever.
_ENDLESS_LIMIT_S = 3600.0


# --------------------------------------------------------------------------------------------
# Expected outcomes
# --------------------------------------------------------------------------------------------

#: Outcomes an endpoint can have. Entry outcomes follow the manifest's identity terms;
#: ``feed_read`` means the feed is read (status ``ok`` or ``malformed``) and its entries go on.
OUTCOMES = (
    "record",
    "dead_letter",
    "deferred",
    "skipped_robots",
    "not_fetched",
    "feed_ok",
    "feed_malformed",
    "feed_read",
    "feed_failed",
)


@dataclasses.dataclass(frozen=True)
class Expectation:
    """What the pipeline documents for one endpoint.

    Attributes:
        outcome: One of :data:`OUTCOMES`.
        reason: The dead-letter reason code (``dead_letter`` and ``feed_failed``), else None.
        stage: The dead-letter stage (``feed``, ``entry``, ``fetch``, ``extract``), if any.
        note: What else must hold (from ``RELIABILITY.md``).
    """

    outcome: str
    reason: str | None = None
    stage: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")


@dataclasses.dataclass
class Hit:
    """One request as the main server saw it.

    Attributes:
        path: Request path without query string.
        started: ``time.monotonic()`` when the request line had been read.
        finished: ``time.monotonic()`` when the handler returned (None while running).
        tls: Whether the request came over TLS.
    """

    path: str
    started: float
    finished: float | None = None
    tls: bool = False


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """What the main server had seen at one moment (see :meth:`HostileNewsroom.snapshot`).

    Attributes:
        requests: Every request, in arrival order.
        bytes_sent: Path -> response body bytes written.
        tls_handshakes: TLS handshakes clients attempted on the main port.
        internal_hits: Connections the internal listener accepted.
    """

    requests: tuple[Hit, ...]
    bytes_sent: dict[str, int]
    tls_handshakes: int
    internal_hits: int

    def hits(self, path: str) -> int:
        """Requests for ``path`` (without query string)."""
        return sum(1 for hit in self.requests if hit.path == path)

    def request_counts(self) -> dict[str, int]:
        """Path -> number of requests."""
        counts: dict[str, int] = {}
        for hit in self.requests:
            counts[hit.path] = counts.get(hit.path, 0) + 1
        return counts


def _record(note: str = "") -> Expectation:
    return Expectation("record", note=note)


def _dead(reason: str, stage: str, note: str = "") -> Expectation:
    return Expectation("dead_letter", reason, stage, note)


def _feed_failed(reason: str, note: str = "") -> Expectation:
    return Expectation("feed_failed", reason, "feed", note)


# --------------------------------------------------------------------------------------------
# Fictional content
# --------------------------------------------------------------------------------------------

CONTROL_STORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ferry-timetable": (
        "Winter ferry timetable adds a late crossing to Skerra",
        (
            "The island ferry between Gullhaven and Skerra will run a fourth crossing on "
            "weekday evenings from December, the harbour board announced on Thursday after a "
            "petition signed by more than six hundred residents.",
            "Commuters who work late shifts at the fish market have long complained that the "
            "last boat leaves at half past six, before most of them have finished cleaning "
            "down the stalls and loading the vans.",
            "The new crossing leaves the north quay at nine and returns forty minutes later. "
            "The board expects around eighty passengers a night and will review the service "
            "at the end of March.",
            "Skipper Maud Pennock, who has worked the route for nineteen years, said the crew "
            "had asked for a second deckhand on the late boat because the slipway lights at "
            "Skerra are unreliable in winter storms.",
            "Tickets for the evening crossing cost the same as daytime fares, and season "
            "passes bought before the change remain valid on every sailing.",
        ),
    ),
    "harbour-lights": (
        "Harbour lights relit after a summer of repairs",
        (
            "The two green lanterns at the mouth of Gullhaven harbour shone again on Monday "
            "night for the first time since June, when a supply barge struck the western "
            "breakwater and cut the cable that feeds them.",
            "Divers spent three weeks replacing the cable in water that was rarely clearer "
            "than an arm's length, working only at slack tide because the current through "
            "the gap runs at almost four knots.",
            "Until the repair, fishing boats returning after dark had to wait outside for a "
            "pilot launch, which led the cooperative to warn that some crews would stop "
            "landing their catch in the town altogether.",
            "The harbour master thanked the lifeboat volunteers who kept a temporary lamp "
            "burning on the breakwater every night of the summer, taking turns on a rota "
            "that covered more than ninety nights.",
        ),
    ),
    "library-roof": (
        "Library reading room reopens under a new roof",
        (
            "Readers returned to the domed reading room of the Gullhaven library this week "
            "after a year in which buckets outnumbered chairs under the leaking roof of the "
            "old corn exchange building.",
            "Builders replaced more than four thousand slates and rebuilt the lantern at the "
            "top of the dome, keeping the original iron frame, which turned out to be in "
            "better shape than the survey had feared.",
            "The local history collection, moved to a school gymnasium during the works, "
            "came back in a van convoy on Saturday morning while volunteers formed a chain "
            "to carry the heaviest ledgers up the stairs.",
            "The librarian said the room would stay open until eight on Tuesdays and "
            "Thursdays so that students from the sixth form college can use it after their "
            "evening classes.",
        ),
    ),
    "orchard-cooperative": (
        "Orchard cooperative presses a record apple harvest",
        (
            "The Lantern Hill orchard cooperative pressed more than thirty tonnes of apples "
            "this autumn, its largest harvest since members planted the first rows of trees "
            "on the old quarry terraces twelve years ago.",
            "A dry spring and a wet, warm August produced fruit so heavy that several older "
            "trees lost branches, and members propped the rest with timber left over from "
            "the chapel roof repairs.",
            "Most of the juice goes to cafes along the seafront, but the cooperative also "
            "sold its first bottles of cider at the harvest fair, where the queue stretched "
            "past the bandstand for most of the afternoon.",
            "The cooperative is looking for volunteers to help with winter pruning and will "
            "hold a training morning at the tide mill barn in January.",
        ),
    ),
}
"""Hand-written fictional control articles: slug -> (title, paragraphs)."""

_PEOPLE = (
    "Ines Calloway",
    "Tomas Brierley",
    "Hester Vane",
    "Olu Akande",
    "Rafe Lindqvist",
    "Dora Achterberg",
    "Cyril Moat",
    "Annika Ferrow",
)
_PLACES = (
    "the north quay",
    "Kelp Street",
    "the old ropeworks",
    "Lantern Hill",
    "the tide mill",
    "the Skerra ferry slip",
    "the covered market",
    "Westward Lane",
)
_TOPICS = (
    "a new bus shelter",
    "the winter lifeboat drill",
    "a leaking sea wall",
    "the school choir",
    "a lost racing pigeon",
    "the allotment ballot",
    "a rescued seal pup",
    "the lighthouse clock",
)


def numbered_story(number: int) -> tuple[str, tuple[str, ...]]:
    """A distinct fictional local-news story for any number (deterministic).

    Args:
        number: Any non-negative integer; different numbers give different texts.

    Returns:
        (title, paragraphs).
    """
    topic = _TOPICS[number % len(_TOPICS)]
    person = _PEOPLE[(number * 3) % len(_PEOPLE)]
    place = _PLACES[(number * 5 + 1) % len(_PLACES)]
    crowd = 17 + number * 7
    year = 1950 + number % 70
    title = f"Residents debate {topic} at {place} (report {number})"
    paragraphs = (
        f"About {crowd} residents of Gullhaven gathered at {place} on Wednesday evening to "
        f"talk about {topic}, a subject that has filled the letters page of the weekly "
        f"paper for most of the autumn.",
        f"{person}, who chaired the meeting, said the question had divided neighbours since "
        f"{year}, when the town council first promised to settle it and then quietly "
        f"dropped the plan after an election.",
        f"Several speakers asked for a survey before any money is spent. Others said that "
        f"{number + 3} earlier surveys had already shown what people wanted and that "
        f"another one would only delay the decision by a year.",
        f"The council's officer for coastal affairs promised a written answer within "
        f"{number % 9 + 2} weeks and agreed to publish every comment received, including "
        f"the ones sent by post to the harbour office.",
        f"The meeting ended shortly before ten, when the caretaker reminded everyone that "
        f"the hall had to be locked and the chairs stacked along the back wall, as agreed "
        f"in report number {number}.",
    )
    return title, paragraphs


def _story(slug: str) -> tuple[str, tuple[str, ...]] | None:
    """The story behind ``/articles/<slug>``: a control story or ``story-<n>``."""
    if slug in CONTROL_STORIES:
        return CONTROL_STORIES[slug]
    number = slug.removeprefix("story-")
    if slug.startswith("story-") and number.isdigit():
        return numbered_story(int(number))
    return None


def article_html(
    title: str,
    paragraphs: Iterable[str],
    *,
    lang: str = "en",
    published: str | None = "2026-11-26T10:00:00+00:00",
    charset: str | None = "utf-8",
) -> str:
    """Renders an article page with navigation, cookie notice and footer around the story.

    Args:
        title: Headline.
        paragraphs: Body paragraphs (plain text, escaped here).
        lang: ``<html lang>``.
        published: ``article:published_time`` meta value, or None for an undated page.
        charset: ``<meta charset>`` value, or None for none.

    Returns:
        The page as text (encode it as the ``charset`` says).
    """
    meta = f'<meta charset="{charset}">' if charset else ""
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head>{meta}<title>{escape(title)}</title>{date}'
        "</head><body><nav><a href='/'>Home</a> · <a href='/harbour'>Harbour</a> · "
        "<a href='/council'>Council</a></nav><div class='cookie'>This site uses cookies."
        f"</div><article><h1>{escape(title)}</h1>{body}</article><aside>Most read: tide "
        "tables, ferry times</aside><footer>The Gullhaven Tidings, a fictional paper"
        "</footer></body></html>"
    )


# Short, mixed or borderline texts on which an unseeded langdetect changes its answer from one
# run to the next (measured over 40 seeds: each has at least two different winners).
LANGUAGE_SAMPLES: dict[str, str] = {
    "fr-en": "Le ferry est arrivé late again, and the passengers waited sur le quai.",
    "no-da": "Kafe med kanelbolle og kaffe på kaia i kveld, ok.",
    "drinks": "Kaffe og te, kaffi og te, koffie en thee, café et thé, tea and coffee.",
    "signs": "Hotel Central, Bar Marina, Pizzeria Roma, Café Nord, Taxi Stand.",
    "ferry": "Die Fähre nach Skerra, the ferry to Skerra, la barca per Skerra.",
    "radio": "Radio Gullhaven FM: jazz, blues, rock, pop, disco, salsa, tango.",
    "maybe": "Ja, nee, misschien; ja, nein, vielleicht; yes, no, maybe.",
    "ports": "Porto e Lisboa, Madrid y Sevilla: horario de verano para os barcos.",
}
"""Borderline language samples (fictional): slug -> text, served at ``/lang/<slug>``."""


# --------------------------------------------------------------------------------------------
# Generated bodies (bombs, pathological HTML, small binaries)
# --------------------------------------------------------------------------------------------


@functools.cache
def gzip_bomb() -> bytes:
    """A valid gzip file of 1 GiB of zeros, about 1 MiB compressed; built once per process.

    After a full flush, deflate forgets its history, so every 1 MiB block of zeros compresses
    to the same bytes: the file is one compressed block repeated 1024 times, built in well
    under a second (the CRC-32 of 1 GiB of zeros is what takes the time).

    Returns:
        The gzip file.
    """
    zeros = bytes(MiB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    if deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH) != block:
        raise RuntimeError("zlib did not repeat the flushed block; cannot build the bomb")
    tail = deflate.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(GiB // MiB):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, mtime 0
    trailer = struct.pack("<II", crc, GiB & 0xFFFFFFFF)
    return header + block * (GiB // MiB) + tail + trailer


@functools.cache
def stacked_gzip_bomb() -> bytes:
    """The gzip bomb gzipped once more (for ``Content-Encoding: gzip, gzip``), a few KiB."""
    return gzip.compress(gzip_bomb(), compresslevel=9, mtime=0)


@functools.cache
def brotli_bomb() -> bytes | None:
    """1 GiB of zeros brotli-compressed (about 190 KiB), or None without the brotli module."""
    try:
        import brotli
    except ImportError:
        return None
    compressor = brotli.Compressor(quality=1)
    zeros = bytes(MiB)
    parts = [compressor.process(zeros) for _ in range(GiB // MiB)]
    parts.append(compressor.finish())
    return b"".join(parts)


_WORDS = (
    "harbour",
    "ferry",
    "tide",
    "quay",
    "lantern",
    "council",
    "budget",
    "market",
    "orchard",
    "slipway",
    "gull",
    "rope",
    "pilot",
    "storm",
    "beacon",
    "chapel",
)


def _phrase(index: int, length: int) -> str:
    """Deterministic pseudo-text: ``length`` words picked by ``index``."""
    return " ".join(_WORDS[(index * 7 + k * 3) % len(_WORDS)] for k in range(length)) + "."


@functools.cache
def deep_nesting_html(depth: int = 250, blocks: int = 480) -> bytes:
    """A page of ``blocks`` paragraphs, each wrapped in ``depth`` nested ``<div>`` elements.

    About 1.4 MB; trafilatura needs several seconds for it (about 4 s per MB measured), far
    longer than any extraction deadline a test sets.
    """
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Deep</title>"]
    parts.append("</head><body>")
    for index in range(blocks):
        parts.append("<div>" * depth + f"<p>{_phrase(index, 10)}</p>" + "</div>" * depth)
    parts.append("</body></html>")
    return "".join(parts).encode()


_SPAN_UNIT_COUNT = 1000


def _span_units(start: int) -> str:
    return "".join(f"<span>{_phrase(start + i, 3)}</span>" for i in range(_SPAN_UNIT_COUNT))


@functools.cache
def spans_line_html(size: int = MiB) -> bytes:
    """A single-line page of about ``size`` bytes: one paragraph of tiny inline spans.

    trafilatura's time grows faster than linearly with this shape (about 5 s for 1 MiB).
    """
    head = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Spans</title>"
    parts = [head + "</head><body><article><p>"]
    total = len(parts[0])
    start = 0
    while total < size:
        chunk = _span_units(start)
        parts.append(chunk)
        total += len(chunk)
        start += _SPAN_UNIT_COUNT
    parts.append("</p></article></body></html>")
    return "".join(parts).encode()


def _png_1x1() -> bytes:
    """A valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


PNG = _png_1x1()
FAKE_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Server TLS context with a throwaway self-signed certificate for ``127.0.0.1``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hostile newsroom (self-signed)")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.IPv4Address(HOST))]), False
        )
        .sign(key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # load_cert_chain only reads files; they live just long enough to be loaded.
    with tempfile.TemporaryDirectory(prefix="hostile-tls-") as folder:
        context.load_cert_chain(*write_pem(Path(folder), cert, key))
    return context


# --------------------------------------------------------------------------------------------
# Feeds
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FeedItem:
    """One feed entry as rendered (all text already final; ``None`` leaves the element out)."""

    title: str | None
    link: str | None
    guid: str | None = None
    date: str | None = None
    summary: str | None = None


def _el(tag: str, value: str | None) -> str:
    return "" if value is None else f"<{tag}>{xml_escape(value)}</{tag}>"


def rss20(items: Iterable[FeedItem], *, title: str = "Hostile newsroom", doctype: str = "") -> str:
    """An RSS 2.0 document (``doctype`` goes between the XML declaration and ``<rss>``)."""
    body = "".join(
        "<item>"
        + _el("title", i.title)
        + _el("link", i.link)
        + _el("guid", i.guid)
        + _el("pubDate", i.date)
        + _el("description", i.summary)
        + "</item>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}<rss version="2.0"><channel>'
        f"{_el('title', title)}<link>http://{HOST}/</link><description>Bad input for "
        f"wirestream</description><language>en</language>{body}</channel></rss>\n"
    )


def _rss09x(version: str, items: Iterable[FeedItem]) -> str:
    """RSS 0.91/0.92: items have a title, link and description, no guid or date."""
    body = "".join(
        "<item>"
        + _el("title", i.title)
        + _el("link", i.link)
        + _el("description", i.summary)
        + "</item>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="{version}"><channel>'
        f"<title>RSS {version}</title><link>http://{HOST}/</link><description>Old RSS"
        f"</description><language>en</language>{body}</channel></rss>\n"
    )


def _rss10(feed_url: str, items: list[FeedItem]) -> str:
    seq = "".join(f'<rdf:li rdf:resource="{xml_escape(i.link or "")}"/>' for i in items)
    body = "".join(
        f'<item rdf:about="{xml_escape(i.link or "")}">'
        + _el("title", i.title)
        + _el("link", i.link)
        + _el("description", i.summary)
        + _el("dc:date", i.date)
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{xml_escape(feed_url)}"><title>RSS 1.0</title>'
        f"<link>http://{HOST}/</link><description>RDF site summary</description>"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>{body}</rdf:RDF>\n"
    )


def _atom03(items: Iterable[FeedItem]) -> str:
    body = "".join(
        "<entry>"
        + _el("title", i.title)
        + f'<link rel="alternate" type="text/html" href="{xml_escape(i.link or "")}"/>'
        + _el("id", i.guid)
        + _el("issued", i.date)
        + _el("modified", i.date)
        + _el("summary", i.summary)
        + "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Atom 0.3</title>'
        f'<link rel="alternate" type="text/html" href="http://{HOST}/"/>'
        f"<modified>2026-11-26T12:00:00Z</modified>{body}</feed>\n"
    )


def _atom10(items: Iterable[FeedItem]) -> str:
    body = "".join(
        "<entry>"
        + _el("title", i.title)
        + f'<link href="{xml_escape(i.link or "")}"/>'
        + _el("id", i.guid)
        + _el("updated", i.date)
        + _el("published", i.date)
        + _el("summary", i.summary)
        + "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom 1.0</title><id>urn:hostile:atom10</id>"
        f'<updated>2026-11-26T12:00:00Z</updated><link href="http://{HOST}/"/>{body}</feed>\n'
    )


_RSS_DATE = "Thu, 26 Nov 2026 08:00:00 GMT"
_ISO_DATE = "2026-11-26T08:00:00Z"

_BILLION_LAUGHS = (
    '<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)


# --------------------------------------------------------------------------------------------
# HTTP serving
# --------------------------------------------------------------------------------------------


class _ClientGone(Exception):
    """The client hung up (or the newsroom is closing); the endpoint stops quietly."""


class _Handler(QuietHandler):
    """Routes each GET to an endpoint of the newsroom and records the request."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "HostileNewsroom/1.0"

    def do_GET(self) -> None:
        newsroom = self.server.newsroom
        self.route = urlsplit(self.path).path or "/"
        hit = newsroom._begin(self.route, tls=isinstance(self.connection, ssl.SSLSocket))
        try:
            newsroom._dispatch(self)
        except (_ClientGone, OSError, ValueError):
            # Most endpoints here exist to make clients hang up: that is the normal end.
            self.close_connection = True
        finally:
            newsroom._end(hit)

    # -- building blocks for endpoints ------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Writes raw bytes to the client and counts them for the current path."""
        newsroom = self.server.newsroom
        if newsroom._stopping.is_set():
            raise _ClientGone()
        self.wfile.write(data)
        newsroom._count_bytes(self.route, len(data))

    def reply(
        self,
        status: int,
        body: bytes = b"",
        content_type: str = HTML_TYPE,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Sends a complete response with ``Content-Length``."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.send(body)

    def start_stream(self, content_type: str, headers: dict[str, str]) -> None:
        """Sends a 200 status line and headers; the body follows via :meth:`send`."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def send_chunked(self, chunks: Iterable[bytes]) -> None:
        """Sends ``chunks`` with chunked framing (after :meth:`start_stream`)."""
        for chunk in chunks:
            if chunk:
                self.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.send(b"0\r\n\r\n")

    def pause(self, seconds: float) -> None:
        """Sleeps, unless the newsroom is closing."""
        if self.server.newsroom._stopping.wait(seconds):
            raise _ClientGone()

    def wait_for_hangup(self, limit_s: float = _ENDLESS_LIMIT_S) -> None:
        """Sends nothing until the client closes the connection (or the newsroom closes)."""
        sock = self.connection
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            self.pause(0)
            readable, _, _ = select.select([sock], [], [], 0.1)
            if readable and not sock.recv(1, socket.MSG_PEEK):
                return

    def abort(self) -> None:
        """Resets the connection (RST, not FIN): SO_LINGER with a zero timeout, then close."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()


class _Server(LocalServer):
    """The main server: plain HTTP, or TLS when a connection starts with a TLS record."""

    # socketserver's default backlog of 5 drops SYNs under a burst of parallel fetches, which
    # a client sees as a one-second connect stall: not a fault this server means to inject.
    request_queue_size = 128

    def __init__(self, newsroom: HostileNewsroom) -> None:
        super().__init__(_Handler, name="hostile-newsroom")
        self.newsroom = newsroom

    def finish_request(self, request: socket.socket, client_address: object) -> None:
        newsroom = self.newsroom
        newsroom._track(request, add=True)  # the raw socket: close() shuts it down
        try:
            try:
                first = request.recv(1, socket.MSG_PEEK)
            except OSError:
                return
            connection = request
            if first == b"\x16":  # a TLS handshake record
                with newsroom._lock:
                    newsroom._tls_handshakes += 1
                try:
                    connection = tls_context().wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError):
                    return  # the client refused the self-signed certificate, as it should
            self.RequestHandlerClass(connection, client_address, self)
        finally:
            newsroom._track(request, add=False)

    def handle_error(self, request: object, client_address: object) -> None:
        return  # clients hanging up mid-response are what this server is for


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One path of the hostile newsroom.

    Attributes:
        path: Request path.
        serve: Writes the response (the newsroom's method, given the request handler).
        expected: The documented outcome when a feed entry links here.
        about: One line for humans.
    """

    path: str
    serve: Callable[[_Handler], None]
    expected: Expectation
    about: str


ROBOTS_MODES = ("rules", "allow", "missing", "error")


class HostileNewsroom(StartStopContext):
    """Hostile endpoints and feeds on 127.0.0.1, plus the internal and black-hole listeners.

    Use as a context manager (or ``start()``/``close()``). URLs and counters are valid while it
    runs. Request counters are per path (query strings ignored).

    Args:
        robots: What ``/robots.txt`` answers: ``"rules"`` (disallow ``/private/``), ``"allow"``
            (empty file), ``"missing"`` (404) or ``"error"`` (500).
        drip_interval_s: Gap between the bytes of the slow-drip endpoints.
        slow_article_delay_s: How long ``/slow-articles/...`` pages take before answering.

    Attributes:
        robots: The robots.txt mode.
    """

    def __init__(
        self,
        *,
        robots: str = "rules",
        drip_interval_s: float = 0.2,
        slow_article_delay_s: float = 0.4,
    ) -> None:
        if robots not in ROBOTS_MODES:
            raise ValueError(f"robots must be one of {ROBOTS_MODES}, got {robots!r}")
        self.robots = robots
        self._drip_s = drip_interval_s
        self._slow_article_s = slow_article_delay_s
        self._server: _Server | None = None
        self._internal: CountingListener | None = None
        self._black_hole: BlackHole | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._hits: list[Hit] = []
        self._bytes: dict[str, int] = {}
        self._tls_handshakes = 0
        self._connections: set[socket.socket] = set()
        self._custom_feeds: dict[str, list[str]] = {}
        self._endpoints = self._build_endpoints()

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> HostileNewsroom:
        """Binds the servers and starts serving.

        Returns:
            Self, for chaining.

        Raises:
            RuntimeError: If already running.
        """
        if self._server is not None:
            raise RuntimeError("HostileNewsroom is already running")
        try:
            self._stopping.clear()
            self._internal = CountingListener(name="hostile-internal-listener")
            self._black_hole = BlackHole()
            self._server = _Server(self)
            self._server.start()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Stops every server and listener and ends open connections; idempotent."""
        self._stopping.set()
        server, self._server = self._server, None
        if server is not None:
            server.close()
        with self._lock:
            connections = list(self._connections)
        for sock in connections:
            # OSError: the handler closed it in the meantime.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for listener in (self._internal, self._black_hole):
            if listener is not None:
                listener.close()
        self._internal = self._black_hole = None

    # --- addresses -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether the servers are up."""
        return self._server is not None

    @property
    def port(self) -> int:
        """Port of the main server."""
        if self._server is None:
            raise RuntimeError("HostileNewsroom is not running")
        return self._server.port

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT`` of the main server."""
        return f"http://{HOST}:{self.port}"

    def url(self, path: str) -> str:
        """Absolute http URL of a path on the main server."""
        return self.base + path

    def tls_url(self, path: str) -> str:
        """Absolute https URL of a path on the main server (self-signed certificate)."""
        return f"https://{HOST}:{self.port}{path}"

    @property
    def allow_addresses(self) -> list[str]:
        """The one allow entry a pipeline needs: the main server's exact ``127.0.0.1:PORT``."""
        return [f"{HOST}:{self.port}"]

    @property
    def internal_port(self) -> int:
        """Port of the internal listener (never allowed; must see 0 connections)."""
        assert self._internal is not None, "HostileNewsroom is not running"
        return self._internal.port

    @property
    def internal_hits(self) -> int:
        """Connections the internal listener accepted so far."""
        return self._internal.accepted if self._internal is not None else 0

    @property
    def connect_timeout_address(self) -> str:
        """Allow entry for the black hole (``--allow-address`` it to test connect timeouts)."""
        assert self._black_hole is not None, "HostileNewsroom is not running"
        return f"{HOST}:{self._black_hole.port}"

    def connect_timeout_url(self, path: str = "/never-answers") -> str:
        """A URL on the black hole: connecting to it times out."""
        assert self._black_hole is not None, "HostileNewsroom is not running"
        return f"http://{HOST}:{self._black_hole.port}{path}"

    # --- endpoints, feeds and expectations -------------------------------------------------
    @property
    def endpoints(self) -> dict[str, Endpoint]:
        """Every fixed path served, with its handler, expectation and description."""
        return dict(self._endpoints)

    @property
    def expected(self) -> dict[str, Expectation]:
        """Fixed path -> the documented outcome of a feed entry linking there (or of the feed).

        Article pages under a prefix (``/articles/``, ...) are covered by :meth:`expect`.
        """
        return {path: ep.expected for path, ep in self._endpoints.items()}

    def expect(self, url_or_path: str) -> Expectation | None:
        """The documented outcome for any URL or path of the main server.

        Args:
            url_or_path: A path (``/http/500``) or a URL on this server (query and fragment
                are ignored, as the pipeline ignores tracking parameters).

        Returns:
            The expectation, or None for a path this newsroom does not serve.
        """
        parts = urlsplit(url_or_path)
        path = parts.path or "/"
        if parts.port is not None and self._black_hole and parts.port == self._black_hole.port:
            return _dead("timeout", "fetch", "connect timeout (needs connect_timeout_address)")
        if parts.scheme == "https":
            return self._endpoints["/http/tls"].expected
        if path in self._endpoints:
            return self._endpoints[path].expected
        if path.startswith("/private/"):
            if self.robots in ("rules", "error"):
                return Expectation("skipped_robots", note=f"robots.txt mode {self.robots}")
            path = "/articles/" + path.removeprefix("/private/")
        for prefix in ("/articles/", "/undated/", "/slow-articles/"):
            slug = path.removeprefix(prefix)
            if path.startswith(prefix) and _story(slug) is not None:
                return _record()
        if path.startswith("/lang/") and path.removeprefix("/lang/") in LANGUAGE_SAMPLES:
            return _record("the same language in every run and worker process")
        if path.startswith("/http/redirect/chain/"):
            hops = path.removeprefix("/http/redirect/chain/")
            if hops.isdigit():
                return _record() if int(hops) <= 5 else _dead("too_many_redirects", "fetch")
        return None

    @property
    def feed_urls(self) -> dict[str, str]:
        """Feed name -> URL: every feed case, the valid formats and the grouped entry feeds."""
        names = {
            path.removeprefix("/feeds/").removesuffix(".xml"): self.url(path)
            for path in self._endpoints
            if path.startswith("/feeds/")
        }
        for name in self._custom_feeds:
            names[name] = self.url(f"/feeds/custom/{name}.xml")
        return names

    def add_feed(self, name: str, links: Iterable[str]) -> str:
        """Serves an extra RSS 2.0 feed at ``/feeds/custom/<name>.xml``, one entry per link.

        Args:
            name: Feed name (letters, digits, ``-``, ``_``).
            links: Paths on the main server (``/http/slow-drip``) or absolute URLs.

        Returns:
            The feed URL.

        Raises:
            ValueError: For a bad name.
        """
        if not name.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"bad custom feed name {name!r}")
        with self._lock:
            self._custom_feeds[name] = list(links)
        return self.url(f"/feeds/custom/{name}.xml")

    def link(self, target: str) -> str:
        """An absolute URL for a path on the main server; absolute URLs pass through."""
        return target if "://" in target or ":" in target.split("/", 1)[0] else self.url(target)

    # --- counters --------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """A frozen copy of the counters: what the servers had seen up to now."""
        with self._lock:
            return Snapshot(
                requests=tuple(dataclasses.replace(hit) for hit in self._hits),
                bytes_sent=dict(self._bytes),
                tls_handshakes=self._tls_handshakes,
                internal_hits=self.internal_hits,
            )

    @property
    def requests(self) -> list[Hit]:
        """Every request so far, in arrival order."""
        return list(self.snapshot().requests)

    def hits(self, path: str) -> int:
        """Requests for ``path`` (without query string) so far."""
        return self.snapshot().hits(path)

    def request_counts(self) -> dict[str, int]:
        """Path -> number of requests so far."""
        return self.snapshot().request_counts()

    def bytes_sent(self, path: str) -> int:
        """Response bytes (headers excluded) written for ``path`` so far."""
        with self._lock:
            return self._bytes.get(path, 0)

    @property
    def tls_handshakes(self) -> int:
        """TLS handshakes attempted by clients on the main port."""
        with self._lock:
            return self._tls_handshakes

    def reset_counters(self) -> None:
        """Forgets requests, byte counts and TLS handshakes (not the internal listener's)."""
        with self._lock:
            self._hits.clear()
            self._bytes.clear()
            self._tls_handshakes = 0

    # --- internals: bookkeeping ------------------------------------------------------------
    def _begin(self, path: str, *, tls: bool) -> Hit:
        hit = Hit(path, time.monotonic(), tls=tls)
        with self._lock:
            self._hits.append(hit)
        return hit

    def _end(self, hit: Hit) -> None:
        with self._lock:
            hit.finished = time.monotonic()

    def _count_bytes(self, path: str, count: int) -> None:
        with self._lock:
            self._bytes[path] = self._bytes.get(path, 0) + count

    def _track(self, sock: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(sock)
            else:
                self._connections.discard(sock)

    def _hits_before(self, path: str) -> int:
        """Requests for ``path`` before the current one (the current one is recorded)."""
        return self.hits(path) - 1

    # --- internals: routing ----------------------------------------------------------------
    def _dispatch(self, h: _Handler) -> None:
        path = h.route
        endpoint = self._endpoints.get(path)
        if endpoint is not None:
            endpoint.serve(h)
            return
        prefixes: tuple[tuple[str, Callable[[_Handler, str], None]], ...] = (
            ("/articles/", self._serve_article),
            ("/undated/", self._serve_undated),
            ("/slow-articles/", self._serve_slow_article),
            ("/private/", self._serve_article),
            ("/http/redirect/chain/", self._serve_chain),
            ("/lang/", self._serve_language),
            ("/feeds/custom/", self._serve_custom_feed),
        )
        for prefix, serve in prefixes:
            if path.startswith(prefix):
                serve(h, path.removeprefix(prefix))
                return
        self._not_found(h)

    @staticmethod
    def _not_found(h: _Handler) -> None:
        h.reply(404, b"<!doctype html><html><body><h1>Not found</h1></body></html>")

    def _build_endpoints(self) -> dict[str, Endpoint]:
        eps: list[Endpoint] = []

        def add(path: str, serve: Callable[[_Handler], None], exp: Expectation, about: str):
            eps.append(Endpoint(path, serve, exp, about))

        # robots.txt and the front page
        add(
            "/robots.txt",
            self._serve_robots,
            _dead("unsupported_content_type", "extract", "if a feed ever linked it"),
            f"robots.txt ({self.robots})",
        )
        add(
            "/",
            lambda h: h.reply(200, self._front_page()),
            _dead("no_text", "extract", "an index page, like /extract/index"),
            "front page listing every endpoint and feed",
        )
        # ---- HTTP faults -------------------------------------------------------------------
        timeout = _dead("timeout", "fetch", "bounded by the total deadline per attempt")
        too_large = _dead("too_large", "fetch", "stops at the byte cap; memory stays bounded")
        blocked = _dead("blocked_address", "fetch", "0 connections to the internal listener")
        add("/http/slow-drip", self._slow_drip_body, timeout, "headers, then 1 body byte/0.2 s")
        add("/http/slow-headers", self._slow_drip_headers, timeout, "status line 1 byte/0.2 s")
        add("/http/headers-never", self._headers_never, timeout, "reads the request, says nothing")
        add("/http/huge-length", self._huge_length, too_large, "Content-Length: 50 GB")
        add("/http/endless-chunked", self._endless_chunked, too_large, "chunked body, no end")
        add("/http/gzip-bomb", self._gzip_bomb, too_large, "1 GiB of zeros, gzip (~1 MiB)")
        add(
            "/http/brotli-bomb",
            self._brotli_bomb,
            too_large if HAVE_BROTLI else _dead("http_404", "fetch"),
            "1 GiB of zeros, brotli (404 without the brotli module)",
        )
        add("/http/stacked-bomb", self._stacked_bomb, too_large, "Content-Encoding: gzip, gzip")
        add(
            "/http/stacked-ok",
            self._stacked_ok,
            _record("decoded through both layers"),
            "a good article with Content-Encoding: gzip, gzip",
        )
        for name in ("internal", "decimal", "short", "hex", "octal", "mapped", "ipv6-loopback"):
            add(
                f"/http/redirect/{name}",
                functools.partial(self._redirect_internal, name),
                blocked,
                f"302 to the internal listener ({name} spelling)",
            )
        add(
            "/http/redirect/file",
            lambda h: self._redirect(h, "file:///etc/passwd"),
            _dead("bad_scheme", "fetch", "never read"),
            "302 to file:///etc/passwd",
        )
        add(
            "/http/redirect/loop",
            lambda h: self._redirect(h, "/http/redirect/loop-b"),
            _dead("too_many_redirects", "fetch"),
            "302 loop between two paths",
        )
        add(
            "/http/redirect/loop-b",
            lambda h: self._redirect(h, "/http/redirect/loop"),
            _dead("too_many_redirects", "fetch"),
            "the other half of the loop",
        )
        add(
            "/http/redirect/too-many",
            lambda h: self._redirect(h, "/http/redirect/chain/12"),
            _dead("too_many_redirects", "fetch"),
            "a chain of 13 redirects",
        )
        add(
            "/http/redirect/short-chain",
            lambda h: self._redirect(h, "/http/redirect/chain/2"),
            _record("followed to the end"),
            "a chain of 3 redirects ending at a good article",
        )
        add(
            "/http/429-long",
            lambda h: h.reply(429, b"slow down", "text/plain", {"Retry-After": "3600"}),
            Expectation("deferred", note="Retry-After above fetch.max_retry_after_s; counted"),
            "429 with Retry-After: 3600",
        )
        add(
            "/http/503-long",
            lambda h: h.reply(503, b"maintenance", "text/plain", {"Retry-After": "86400"}),
            Expectation("deferred", note="Retry-After above fetch.max_retry_after_s; counted"),
            "503 with Retry-After: 86400",
        )
        add(
            "/http/429-then-200",
            self._429_then_200,
            _record("waits out the short Retry-After, then fetches"),
            "429 with Retry-After: 1 once, then the article",
        )
        add(
            "/http/503-then-200",
            self._503_then_200,
            _record("retried, then ok"),
            "503 once, then the article",
        )
        add(
            "/http/500",
            lambda h: h.reply(500, b"<html><body>broken</body></html>"),
            _dead("http_500", "fetch", "after 1 + fetch.max_retries attempts"),
            "500 on every request",
        )
        add(
            "/http/404",
            lambda h: h.reply(404, b"<html><body>gone</body></html>"),
            _dead("http_404", "fetch", "one attempt, no retry"),
            "404",
        )
        add(
            "/http/410",
            lambda h: h.reply(410, b"<html><body>gone for good</body></html>"),
            _dead("http_410", "fetch", "one attempt, no retry"),
            "410",
        )
        add(
            "/http/reset-mid-body",
            self._reset_always,
            _dead("connection_error", "fetch", "retried; never stored truncated"),
            "declares Content-Length, sends half, then RST (every time)",
        )
        add(
            "/http/reset-once",
            self._reset_once,
            _record("retried after the reset; the text is complete"),
            "RST mid-body once, then the full article",
        )
        add(
            "/http/tls",
            lambda h: h.reply(200, self._story_page("ferry-timetable")),
            _dead("tls_error", "fetch", "over https: self-signed, one attempt, never unverified"),
            "a page only meant to be requested over https (untrusted certificate)",
        )
        add(
            "/http/pdf",
            lambda h: h.reply(200, FAKE_PDF, "application/pdf"),
            _dead("unsupported_content_type", "extract"),
            "a PDF",
        )
        add(
            "/http/image",
            lambda h: h.reply(200, PNG, "image/png"),
            _dead("unsupported_content_type", "extract"),
            "a PNG image",
        )
        # ---- extraction and language -------------------------------------------------------
        no_text = _dead("no_text", "extract", "no exception")
        add("/extract/index", self._index_page, no_text, "an index page: links only")
        add("/extract/empty", lambda h: h.reply(200, b""), no_text, "200 with an empty body")
        add("/extract/script-only", self._script_only, no_text, "only <script>, no text")
        add(
            "/extract/deep-nesting",
            lambda h: h.reply(200, deep_nesting_html()),
            _dead("extract_timeout", "extract", "bounded by extract.timeout_s"),
            "~1.4 MB of 250-deep nested divs",
        )
        add(
            "/extract/spans",
            lambda h: h.reply(200, spans_line_html()),
            _dead("extract_timeout", "extract", "bounded by extract.timeout_s"),
            "~1 MiB single line of tiny spans",
        )
        add(
            "/extract/long-line",
            self._long_line,
            _dead("too_large", "fetch", "over fetch.max_bytes (or extract.max_html_bytes)"),
            "~15 MB single-line page (streamed)",
        )
        for name in _CHARSET_CASES:
            add(
                f"/extract/charset/{name}",
                functools.partial(self._charset_page, name),
                _record("correct text, or flagged; never silent mojibake"),
                f"charset confusion: {name}",
            )
        und = _record("language und")
        add("/extract/digits", self._digits_page, und, "text of digits only")
        add("/extract/urls", self._urls_page, und, "text of URLs only")
        add("/extract/symbols", self._symbols_page, und, "text of symbols and punctuation")
        add(
            "/never/js",
            self._not_found,
            Expectation("not_fetched"),
            "named inside a javascript: link",
        )
        add("/never/file", self._not_found, Expectation("not_fetched"), "named by a file: link")
        add("/never/data", self._not_found, Expectation("not_fetched"), "inside a data: link")
        # ---- feeds -------------------------------------------------------------------------
        for fmt in ("rss091", "rss092", "rss10", "rss20", "atom03", "atom10"):
            add(
                f"/feeds/{fmt}.xml",
                functools.partial(self._valid_feed, fmt),
                Expectation("feed_ok", note="records with stable ids"),
                f"valid {fmt} feed of two good articles",
            )
        add(
            "/feeds/empty.xml",
            lambda h: h.reply(200, b"", RSS_TYPE),
            _feed_failed("empty_feed"),
            "200 with an empty body",
        )
        add(
            "/feeds/html.xml",
            lambda h: h.reply(200, self._story_page("harbour-lights")),
            _feed_failed("not_a_feed"),
            "an HTML page on a feed URL",
        )
        add(
            "/feeds/truncated.xml",
            self._truncated_feed,
            Expectation("feed_malformed", note="entries parsed before the cut are kept"),
            "RSS cut off inside its third item",
        )
        add(
            "/feeds/billion-laughs.xml",
            self._billion_laughs_feed,
            Expectation("feed_read", note="no expansion; < 1 s"),
            "nested entity DOCTYPE (10^9 'lol's if expanded)",
        )
        add(
            "/feeds/xxe-file.xml",
            self._xxe_file_feed,
            Expectation("feed_read", note="file:///etc/passwd is never read"),
            "external entity SYSTEM file:///etc/passwd",
        )
        add(
            "/feeds/xxe-url.xml",
            self._xxe_url_feed,
            Expectation("feed_read", note="0 connections to the internal listener"),
            "external (and parameter) entities on the internal listener",
        )
        add(
            "/feeds/wrong-charset.xml",
            self._wrong_charset_feed,
            Expectation("feed_read", note="valid UTF-8 output"),
            "declares utf-8, is latin-1",
        )
        add(
            "/feeds/control-chars.xml",
            self._control_chars_feed,
            Expectation("feed_read", note="valid UTF-8 output without control characters"),
            "NUL and other control characters in titles",
        )
        add(
            "/feeds/bad-links.xml",
            self._bad_links_feed,
            Expectation("feed_ok", note="entries: no_url x2, bad_scheme x4; never fetched"),
            "entries without link/guid; javascript:, file:, data:, mailto: links",
        )
        add(
            "/feeds/dates.xml",
            self._dates_feed,
            Expectation("feed_ok", note="published_at null or flagged"),
            "missing, unparseable, far-future and valid dates",
        )
        add(
            "/feeds/duplicates.xml",
            self._duplicates_feed,
            Expectation("feed_ok", note="one record; the repeats are filtered"),
            "one article five times: same guid, utm_* parameters, fragment",
        )
        add(
            "/feeds/huge.xml",
            self._huge_feed,
            _feed_failed("too_large", "refused at the declared length"),
            "200 MB feed (declared Content-Length, streamed lazily)",
        )
        add(
            "/feeds/endless.xml",
            self._endless_feed,
            _feed_failed("too_large", "stops at feeds.max_bytes"),
            "a chunked feed that never ends",
        )
        for group in _ENTRY_FEEDS:
            add(
                f"/feeds/{group}.xml",
                functools.partial(self._group_feed, group),
                Expectation("feed_ok"),
                f"one entry per {group} endpoint",
            )
        return {ep.path: ep for ep in eps}

    # --- internals: pages ------------------------------------------------------------------
    @staticmethod
    def _story_page(
        slug: str, *, published: str | None = "2026-11-26T10:00:00+00:00"
    ) -> bytes | None:
        story = _story(slug)
        if story is None:
            return None
        return article_html(*story, published=published).encode()

    def _serve_article(self, h: _Handler, slug: str) -> None:
        page = self._story_page(slug)
        if page is None:
            self._not_found(h)
        else:
            h.reply(200, page)

    def _serve_undated(self, h: _Handler, slug: str) -> None:
        page = self._story_page(slug, published=None)
        if page is None:
            self._not_found(h)
        else:
            h.reply(200, page)

    def _serve_slow_article(self, h: _Handler, slug: str) -> None:
        h.pause(self._slow_article_s)
        self._serve_article(h, slug)

    def _serve_language(self, h: _Handler, slug: str) -> None:
        text = LANGUAGE_SAMPLES.get(slug)
        if text is None:
            self._not_found(h)
            return
        page = (
            "<!doctype html><html><head><meta charset='utf-8'><title>Notice</title></head>"
            f"<body><article><p>{escape(text)}</p></article></body></html>"
        )
        h.reply(200, page.encode())

    def _serve_robots(self, h: _Handler) -> None:
        if self.robots == "missing":
            self._not_found(h)
        elif self.robots == "error":
            h.reply(500, b"robots are on strike", "text/plain")
        else:
            rules = "User-agent: *\nDisallow: /private/\n" if self.robots == "rules" else ""
            h.reply(200, rules.encode(), "text/plain")

    def _front_page(self) -> bytes:
        rows = "".join(
            f"<li><a href='{escape(path)}'>{escape(path)}</a>: {escape(ep.about)}</li>"
            for path, ep in self._endpoints.items()
        )
        return (
            "<!doctype html><html><head><meta charset='utf-8'><title>Hostile newsroom</title>"
            f"</head><body><h1>Hostile newsroom</h1><ul>{rows}</ul></body></html>"
        ).encode()

    def _index_page(self, h: _Handler) -> None:
        links = "".join(
            f"<li><a href='/articles/story-{n}'>{escape(numbered_story(n)[0])}</a></li>"
            for n in range(1, 31)
        )
        page = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Latest news"
            "</title></head><body><nav><a href='/'>Home</a></nav><h1>Latest</h1>"
            f"<ul>{links}</ul><footer>The Gullhaven Tidings</footer></body></html>"
        )
        h.reply(200, page.encode())

    @staticmethod
    def _script_only(h: _Handler) -> None:
        page = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Live</title>"
            "<script>window.ticker = {match: 40729};</script></head><body>"
            "<div id='root'></div><script>document.getElementById('root').textContent = "
            "'The ferry is running late again tonight because of the storm.'.repeat(20);"
            "</script></body></html>"
        )
        h.reply(200, page.encode())

    @staticmethod
    def _text_page(paragraphs: Iterable[str]) -> bytes:
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Data</title>"
            f"</head><body><article>{body}</article></body></html>"
        ).encode()

    def _digits_page(self, h: _Handler) -> None:
        rows = (
            f"{1000 + i * 37} {2000 + i * 91} {i * i} {i * 7}.{i * 3} {i * 11}-{i * 13}"
            for i in range(30)
        )
        h.reply(200, self._text_page(rows))

    def _urls_page(self, h: _Handler) -> None:
        rows = (
            f"https://gullhaven.example/{i}/tide-{i * 3}.html http://www.skerra.example/x?id={i}"
            for i in range(30)
        )
        h.reply(200, self._text_page(rows))

    def _symbols_page(self, h: _Handler) -> None:
        rows = (f"★ ★ ★ — … ✦ ✧ ✩ • {i} • ♦ ♣ ♠ ♥ → ← ↑ ↓ ∞ ≈ ≠ ± § ¶" for i in range(30))
        h.reply(200, self._text_page(rows))

    def _charset_page(self, name: str, h: _Handler) -> None:
        body, content_type = _CHARSET_CASES[name]()
        h.reply(200, body, content_type)

    def _long_line(self, h: _Handler, size: int = 15 * 1000 * 1000) -> None:
        head = (
            b"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Long</title>"
            b"</head><body><article><p>"
        )
        tail = b"</p></article></body></html>"
        h.start_stream(HTML_TYPE, {"Content-Length": str(size)})
        h.send(head)
        block = _span_units(0).encode()
        remaining = size - len(head) - len(tail)
        while remaining > 0:
            chunk = block[:remaining]
            h.send(chunk)
            remaining -= len(chunk)
        h.send(tail)

    # --- internals: HTTP faults ------------------------------------------------------------
    def _slow_drip_body(self, h: _Handler) -> None:
        h.start_stream(HTML_TYPE, {"Content-Length": "100000"})
        deadline = time.monotonic() + _ENDLESS_LIMIT_S
        while time.monotonic() < deadline:
            h.send(b"<")
            h.pause(self._drip_s)

    def _slow_drip_headers(self, h: _Handler) -> None:
        h.close_connection = True
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: "
            + "z" * 20000
            + "\r\nContent-Length: 5\r\n\r\nhello"
        ).encode()
        for byte in head:
            h.send(bytes([byte]))
            h.pause(self._drip_s)

    @staticmethod
    def _headers_never(h: _Handler) -> None:
        h.close_connection = True
        h.wait_for_hangup()

    @staticmethod
    def _huge_length(h: _Handler) -> None:
        h.start_stream(HTML_TYPE, {"Content-Length": str(50 * 1000**3)})
        h.send(b"<!doctype html><html><body><p>")
        filler = b"tide " * 13000
        deadline = time.monotonic() + _ENDLESS_LIMIT_S
        while time.monotonic() < deadline:
            h.send(filler)

    @staticmethod
    def _endless_chunked(h: _Handler) -> None:
        h.start_stream(HTML_TYPE, {"Transfer-Encoding": "chunked"})
        deadline = time.monotonic() + _ENDLESS_LIMIT_S

        def chunks() -> Iterator[bytes]:
            yield b"<!doctype html><html><body>"
            number = 0
            while time.monotonic() < deadline:
                number += 1
                yield f"<p>{_phrase(number, 12)}</p>".encode() * 400

        h.send_chunked(chunks())

    @staticmethod
    def _gzip_bomb(h: _Handler) -> None:
        h.reply(200, gzip_bomb(), HTML_TYPE, {"Content-Encoding": "gzip"})

    def _brotli_bomb(self, h: _Handler) -> None:
        bomb = brotli_bomb()
        if bomb is None:
            self._not_found(h)
            return
        h.reply(200, bomb, HTML_TYPE, {"Content-Encoding": "br"})

    @staticmethod
    def _stacked_bomb(h: _Handler) -> None:
        h.reply(200, stacked_gzip_bomb(), HTML_TYPE, {"Content-Encoding": "gzip, gzip"})

    def _stacked_ok(self, h: _Handler) -> None:
        page = self._story_page("library-roof")
        assert page is not None
        body = gzip.compress(gzip.compress(page, mtime=0), mtime=0)
        h.reply(200, body, HTML_TYPE, {"Content-Encoding": "gzip, gzip"})

    def _internal_target(self, spelling: str) -> str:
        port = self.internal_port
        hosts = {
            "internal": "127.0.0.1",
            "decimal": "2130706433",
            "short": "127.1",
            "hex": "0x7f.0.0.1",
            "octal": "0177.0.0.1",
            "mapped": "[::ffff:127.0.0.1]",
            "ipv6-loopback": "[::1]",
        }
        return f"http://{hosts[spelling]}:{port}/internal/{spelling}"

    def _redirect_internal(self, spelling: str, h: _Handler) -> None:
        self._redirect(h, self._internal_target(spelling))

    @staticmethod
    def _redirect(h: _Handler, location: str, status: int = 302) -> None:
        h.reply(status, b"", "text/plain", {"Location": location})

    def _serve_chain(self, h: _Handler, rest: str) -> None:
        if not rest.isdigit():
            self._not_found(h)
        elif int(rest) == 0:
            self._serve_article(h, "story-100")
        else:
            self._redirect(h, f"/http/redirect/chain/{int(rest) - 1}")

    def _429_then_200(self, h: _Handler) -> None:
        if self._hits_before(h.route) == 0:
            h.reply(429, b"slow down", "text/plain", {"Retry-After": "1"})
        else:
            self._serve_article(h, "story-101")

    def _503_then_200(self, h: _Handler) -> None:
        if self._hits_before(h.route) == 0:
            h.reply(503, b"busy", "text/plain")
        else:
            self._serve_article(h, "story-102")

    def _reset_always(self, h: _Handler) -> None:
        self._reset_mid_body(h, "story-103")

    def _reset_once(self, h: _Handler) -> None:
        if self._hits_before(h.route) == 0:
            self._reset_mid_body(h, "story-104")
        else:
            self._serve_article(h, "story-104")

    def _reset_mid_body(self, h: _Handler, slug: str) -> None:
        page = self._story_page(slug)
        assert page is not None
        h.start_stream(HTML_TYPE, {"Content-Length": str(len(page))})
        h.send(page[: len(page) // 2])
        h.wfile.flush()
        h.pause(0.05)  # let the half arrive before the reset discards queued data
        h.abort()

    # --- internals: feeds ------------------------------------------------------------------
    def _items(self, slugs: Iterable[str]) -> list[FeedItem]:
        """Dated RSS items for good articles (``/articles/<slug>``)."""
        items = []
        for slug in slugs:
            story = _story(slug)
            assert story is not None, slug
            items.append(
                FeedItem(
                    title=story[0],
                    link=self.url(f"/articles/{slug}"),
                    guid=f"urn:hostile:{slug}",
                    date=_RSS_DATE,
                    summary=story[1][0][:120],
                )
            )
        return items

    def _valid_feed(self, fmt: str, h: _Handler) -> None:
        slugs = _VALID_FEED_SLUGS[fmt]
        items = self._items(slugs)
        if fmt in ("rss10", "atom03", "atom10"):
            items = [dataclasses.replace(i, date=_ISO_DATE) for i in items]
        if fmt in ("rss091", "rss092"):
            document, ctype = _rss09x(fmt[3] + "." + fmt[4:], items), RSS_TYPE
        elif fmt == "rss10":
            document, ctype = _rss10(self.url(h.route), items), RDF_TYPE
        elif fmt == "rss20":
            document, ctype = rss20(items), RSS_TYPE
        elif fmt == "atom03":
            document, ctype = _atom03(items), ATOM_TYPE
        else:
            document, ctype = _atom10(items), ATOM_TYPE
        h.reply(200, document.encode(), ctype)

    def _truncated_feed(self, h: _Handler) -> None:
        document = rss20(self._items(["story-10", "story-11", "story-12"]))
        cut = document.index("<title>", document.index("urn:hostile:story-11")) + 14
        h.reply(200, document[:cut].encode(), RSS_TYPE)

    def _billion_laughs_feed(self, h: _Handler) -> None:
        items = self._items(["story-13"])
        items.append(FeedItem("&lol9;", self.url("/articles/story-14"), "urn:hostile:lol"))
        document = rss20(items, doctype=_BILLION_LAUGHS).replace("&amp;lol9;", "&lol9;")
        h.reply(200, document.encode(), RSS_TYPE)

    def _xxe_file_feed(self, h: _Handler) -> None:
        doctype = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        items = [
            FeedItem("&xxe;", self.url("/articles/story-15"), "urn:hostile:xxe", None, "&xxe;")
        ]
        document = rss20(items, doctype=doctype).replace("&amp;xxe;", "&xxe;")
        h.reply(200, document.encode(), RSS_TYPE)

    def _xxe_url_feed(self, h: _Handler) -> None:
        internal = f"http://{HOST}:{self.internal_port}"
        doctype = (
            f'<!DOCTYPE rss [<!ENTITY web SYSTEM "{internal}/xxe/entity">'
            f'<!ENTITY % remote SYSTEM "{internal}/xxe/dtd"> %remote;]>\n'
        )
        items = [
            FeedItem("&web;", self.url("/articles/story-16"), "urn:hostile:web", None, "&web;")
        ]
        document = rss20(items, doctype=doctype).replace("&amp;web;", "&web;")
        h.reply(200, document.encode(), RSS_TYPE)

    def _wrong_charset_feed(self, h: _Handler) -> None:
        items = [
            FeedItem(WRONG_CHARSET_TITLE, self.url("/articles/story-17"), "urn:hostile:latin1"),
        ]
        document = rss20(items)  # declares encoding="utf-8" ...
        h.reply(200, document.encode("latin-1"), RSS_TYPE)  # ... and is latin-1

    def _control_chars_feed(self, h: _Handler) -> None:
        items = [
            FeedItem(
                "Tide\x00 tables\x01 for\x1b[31m December\x7f",
                self.url("/articles/story-18"),
                "urn:hostile:ctl-1",
                _RSS_DATE,
                "Summary with a NUL\x00 and a bell\x07.",
            ),
            FeedItem(
                "Lantern\x0b Hill\x0c fair", self.url("/articles/story-19"), "urn:hostile:ctl-2"
            ),
        ]
        h.reply(200, rss20(items).encode(), RSS_TYPE)

    def _bad_links_feed(self, h: _Handler) -> None:
        items = [
            FeedItem("No link, no guid", None, None, _RSS_DATE, "nothing to fetch"),
            FeedItem(
                "No link, a non-URL guid", None, "urn:uuid:5d1c0ffe-0000-4000-8000-000000000001"
            ),
            FeedItem("Script", f"javascript:fetch('{self.url('/never/js')}')", "urn:hostile:js"),
            FeedItem("File", f"file://{HOST}:{self.port}/never/file", "urn:hostile:file"),
            FeedItem(
                "Data",
                f"data:text/html,<a href='{self.url('/never/data')}'>x</a>",
                "urn:hostile:data",
            ),
            FeedItem("Mail", "mailto:desk@gullhaven.invalid", "urn:hostile:mailto"),
            *self._items(["story-20"]),
        ]
        h.reply(200, rss20(items).encode(), RSS_TYPE)

    def _dates_feed(self, h: _Handler) -> None:
        dates = {
            "story-21": None,
            "story-22": "the day after the storm",
            "story-23": "Sat, 01 Jan 2099 00:00:00 GMT",
            "story-24": _RSS_DATE,
        }
        items = [
            dataclasses.replace(item, link=self.url(f"/undated/{slug}"), date=dates[slug])
            for slug, item in zip(dates, self._items(dates), strict=True)
        ]
        h.reply(200, rss20(items).encode(), RSS_TYPE)

    def _duplicates_feed(self, h: _Handler) -> None:
        [item] = self._items(["story-25"])
        link = item.link or ""
        items = [
            item,
            item,  # the same entry again: same guid, same link
            dataclasses.replace(item, link=link + "?utm_source=feed&utm_medium=rss"),
            dataclasses.replace(item, link=link + "#comments", guid="urn:hostile:other-guid"),
            dataclasses.replace(item, link=link + "?utm_campaign=winter#top"),
        ]
        h.reply(200, rss20(items).encode(), RSS_TYPE)

    def _feed_parts(self) -> tuple[bytes, bytes, Callable[[int], bytes]]:
        head, _, tail = rss20([]).partition("</language>")
        head += "</language>"

        def item(number: int) -> bytes:
            link = self.url(f"/articles/story-{1000 + number}")
            return (
                f"<item><title>{_phrase(number, 6)}</title><link>{link}</link>"
                f"<guid>urn:hostile:big-{number}</guid><description>{_phrase(number, 40)}"
                "</description></item>"
            ).encode()

        return head.encode(), tail.encode(), item

    def _huge_feed(self, h: _Handler, size: int = 200 * 1000 * 1000) -> None:
        head, tail, item = self._feed_parts()
        h.start_stream(RSS_TYPE, {"Content-Length": str(size)})
        h.send(head)
        remaining = size - len(head) - len(tail)
        for number in itertools.count():
            chunk = b"".join(item(number * 100 + k) for k in range(100))
            if len(chunk) > remaining:
                h.send(b" " * remaining)
                break
            h.send(chunk)
            remaining -= len(chunk)
        h.send(tail)

    def _endless_feed(self, h: _Handler) -> None:
        head, _, item = self._feed_parts()
        h.start_stream(RSS_TYPE, {"Transfer-Encoding": "chunked"})
        deadline = time.monotonic() + _ENDLESS_LIMIT_S

        def chunks() -> Iterator[bytes]:
            yield head
            for number in itertools.count():
                if time.monotonic() > deadline:
                    return
                yield b"".join(item(number * 100 + k) for k in range(100))

        h.send_chunked(chunks())

    def _group_feed(self, group: str, h: _Handler) -> None:
        links = [self.url(p) for p in _ENTRY_FEEDS[group]]
        if group == "http":
            links += [self.tls_url("/http/tls"), self.connect_timeout_url()]
        h.reply(200, self._links_feed(links), RSS_TYPE)

    def _serve_custom_feed(self, h: _Handler, rest: str) -> None:
        with self._lock:
            feed = self._custom_feeds.get(rest.removesuffix(".xml"))
        if feed is None:
            self._not_found(h)
            return
        h.reply(200, self._links_feed([self.link(t) for t in feed]), RSS_TYPE)

    @staticmethod
    def _links_feed(links: Iterable[str]) -> bytes:
        items = [
            FeedItem(f"Entry {n}: {urlsplit(link).path}", link, f"urn:hostile:link:{link}")
            for n, link in enumerate(links, 1)
        ]
        return rss20(items).encode()


# --------------------------------------------------------------------------------------------
# Tables used above
# --------------------------------------------------------------------------------------------

WRONG_CHARSET_TITLE = "Café naïve à Zürich: the ferry crêpe stall reopens"
"""The title of the wrong-charset feed's entry, as it should come out."""

_VALID_FEED_SLUGS = {
    "rss091": ("ferry-timetable", "story-1"),
    "rss092": ("harbour-lights", "story-2"),
    "rss10": ("library-roof", "story-3"),
    "rss20": ("orchard-cooperative", "story-4"),
    "atom03": ("story-5", "story-6"),
    "atom10": ("story-7", "story-8"),
}

CHARSET_TEXT = (
    "Le café de Zürich a rouvert ses portes après des mois de travaux. Élodie Müller, la "
    "gérante, accueille les habitués dès l'aube avec des crêpes et un thé brûlant."
)
"""The paragraph every charset-confusion page carries (French, fictional)."""


def _charset_html(meta: str | None) -> str:
    return article_html(
        "Café de Zürich", [CHARSET_TEXT, CHARSET_TEXT.upper()], lang="fr", charset=meta
    )


_CHARSET_CASES: dict[str, Callable[[], tuple[bytes, str]]] = {
    # BOM says UTF-8; header and meta say latin-1: the BOM wins.
    "bom-vs-header": lambda: (
        b"\xef\xbb\xbf" + _charset_html("iso-8859-1").encode("utf-8"),
        "text/html; charset=iso-8859-1",
    ),
    # UTF-16 BOM; header says utf-8.
    "utf16-bom": lambda: (
        b"\xff\xfe" + _charset_html(None).encode("utf-16-le"),
        "text/html; charset=utf-8",
    ),
    # Header says windows-1252 (true); meta says utf-8 (false): the header wins.
    "header-vs-meta": lambda: (
        _charset_html("utf-8").encode("cp1252"),
        "text/html; charset=cp1252",
    ),
    # No header charset; meta says latin-1 (true).
    "meta-only": lambda: (_charset_html("iso-8859-1").encode("latin-1"), "text/html"),
    # Header says utf-8 (false), bytes are windows-1252, no meta.
    "lying-header": lambda: (_charset_html(None).encode("cp1252"), "text/html; charset=utf-8"),
    # Meta says utf-8 (false), bytes are latin-1, no header charset.
    "lying-meta": lambda: (_charset_html("utf-8").encode("latin-1"), "text/html"),
}

_ENTRY_FEEDS: dict[str, tuple[str, ...]] = {
    "http": (
        "/http/slow-drip",
        "/http/slow-headers",
        "/http/headers-never",
        "/http/huge-length",
        "/http/endless-chunked",
        "/http/gzip-bomb",
        "/http/brotli-bomb",
        "/http/stacked-bomb",
        "/http/stacked-ok",
        "/http/redirect/internal",
        "/http/redirect/decimal",
        "/http/redirect/short",
        "/http/redirect/hex",
        "/http/redirect/octal",
        "/http/redirect/mapped",
        "/http/redirect/ipv6-loopback",
        "/http/redirect/file",
        "/http/redirect/loop",
        "/http/redirect/too-many",
        "/http/redirect/short-chain",
        "/http/429-long",
        "/http/503-long",
        "/http/429-then-200",
        "/http/503-then-200",
        "/http/500",
        "/http/404",
        "/http/410",
        "/http/reset-mid-body",
        "/http/reset-once",
        "/http/pdf",
        "/http/image",
        "/articles/ferry-timetable",
        "/articles/harbour-lights",
    ),
    "extraction": (
        "/extract/index",
        "/extract/empty",
        "/extract/script-only",
        "/extract/deep-nesting",
        "/extract/spans",
        "/extract/long-line",
        *(f"/extract/charset/{name}" for name in _CHARSET_CASES),
        "/extract/digits",
        "/extract/urls",
        "/extract/symbols",
        "/articles/library-roof",
    ),
    "language": tuple(f"/lang/{slug}" for slug in LANGUAGE_SAMPLES),
    "controls": tuple(f"/articles/{slug}" for slug in CONTROL_STORIES),
}
"""Feeds that group entry endpoints: name -> linked paths (``/feeds/<name>.xml``).

The ``http`` feed also links ``/http/tls`` over https and a URL on the black hole."""


def main() -> None:
    """Serves the hostile newsroom until Ctrl-C and prints its URLs."""
    try:
        with HostileNewsroom() as hostile:
            _print_urls(hostile)
            threading.Event().wait()
    except KeyboardInterrupt:
        print("Stopping.")


def _print_urls(hostile: HostileNewsroom) -> None:
    print(f"Hostile newsroom on {hostile.base} (Ctrl-C to stop)")
    print(f"  allow only:        --allow-address {hostile.allow_addresses[0]}")
    print(f"  connect timeouts:  --allow-address {hostile.connect_timeout_address}")
    print(f"  internal listener: 127.0.0.1:{hostile.internal_port} (must see 0 connections)")
    print("Feeds:")
    for name, url in sorted(hostile.feed_urls.items()):
        print(f"  {name:16} {url}")
    print("Endpoints:")
    for path, endpoint in hostile.endpoints.items():
        exp = endpoint.expected
        outcome = exp.outcome + (f" {exp.reason}" if exp.reason else "")
        print(f"  {path:34} {outcome:32} {endpoint.about}")
    # Flush now: when stdout is a pipe the URLs would otherwise only appear at exit.
    sys.stdout.flush()


if __name__ == "__main__":
    main()
