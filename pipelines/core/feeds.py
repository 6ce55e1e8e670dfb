"""Feed sources, feed parsing (feedparser on bytes we fetched ourselves) and reading a feed.

feedparser is only ever handed bytes: its own fetcher has no timeout. An empty document parses
without error and with no entries, and an HTML page parses as a "feed" with no version, so both
are detected explicitly here. A malformed (bozo) feed keeps the entries parsed before the error.
``read_feed`` fetches (or reads a local file), parses and reports one feed: the batch stage,
the stream's poller and ``wirestream feeds`` all read feeds with it.

Parse a saved feed by hand::

    python -c "import sys; from pipelines.core.feeds import parse_feed; \
print(parse_feed(open(sys.argv[1], 'rb').read(), 'file:feed.xml'))" feed.xml
"""

from __future__ import annotations

import calendar
import dataclasses
import hashlib
import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser
import feedparser.encodings
from w3lib.html import remove_tags, replace_entities

from pipelines.core.clock import utc_now
from pipelines.core.http import FetchError, HttpClient

log = logging.getLogger(__name__)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")
_BENIGN_BOZO = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)

# When a feed's bytes do not fit its declared encoding, feedparser asks chardet (if some other
# package happened to install it: Airflow does) before trying UTF-8 and windows-1252, and
# chardet mis-reads short Latin-1/windows-1252 feeds ("naïve à" came out as "naīve ā").
# The fallback must not depend on what else is installed: always UTF-8, then windows-1252.
feedparser.encodings.lazy_chardet_encoding = None


class FeedError(Exception):
    """A feed that yields nothing; ``reason`` is the dead-letter reason code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class FeedSource:
    """One feed of the registry (or of ``--feed``)."""

    url: str
    id: str
    language: str | None = None
    # The feed's region, ISO 3166-1 alpha-2 ("CL"): evidence for resolving place names.
    country: str | None = None
    respect_robots: bool | None = None
    # Streaming mode: bounds of this feed's adaptive poll interval (None: stream.* defaults).
    poll_min_s: float | None = None
    poll_max_s: float | None = None

    @classmethod
    def from_mapping(cls, item: Mapping[str, Any]) -> FeedSource:
        url = str(item["url"]).strip()
        source_id = item.get("id") or default_source_id(url)
        language = item.get("language")
        bounds = {}
        for key in ("poll_min_s", "poll_max_s"):
            value = item.get(key)
            if value is not None:
                if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                    raise ValueError(f"{key} must be a positive number of seconds")
                bounds[key] = float(value)
        if bounds.get("poll_min_s", 0) > bounds.get("poll_max_s", float("inf")):
            raise ValueError("poll_min_s must not exceed poll_max_s")
        country = item.get("country")
        if country is not None and not re.fullmatch(r"[A-Za-z]{2}", str(country)):
            raise ValueError("country must be an ISO 3166-1 alpha-2 code such as CL")
        return cls(
            url=url,
            id=str(source_id),
            language=str(language).lower() if language else None,
            country=str(country).upper() if country else None,
            respect_robots=item.get("respect_robots"),
            **bounds,
        )

    @classmethod
    def from_argument(cls, url_or_path: str) -> FeedSource:
        return cls(url=url_or_path, id=default_source_id(url_or_path))

    @property
    def is_local_file(self) -> bool:
        return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", self.url)


def default_source_id(url: str) -> str:
    """A readable, stable id for a feed given only by URL or path."""
    return "feed-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


@dataclasses.dataclass(frozen=True)
class FeedEntry:
    """One feed entry, with the metadata the records keep."""

    feed_url: str
    source_id: str
    position: int
    link: str | None
    guid: str | None
    title: str | None
    summary: str | None
    published_at: str | None
    updated_at: str | None
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    feed_language: str | None


@dataclasses.dataclass(frozen=True)
class ParsedFeed:
    """The outcome of parsing one feed document."""

    version: str | None
    language: str | None
    title: str | None
    entries: tuple[FeedEntry, ...]
    malformed: bool
    problem: str | None
    truncated: int = 0
    """Entries the feed lists beyond ``max_entries``: seen, not read."""


def clean_text(value: Any) -> str | None:
    """Strips control characters and collapses whitespace; empty becomes None."""
    if value is None:
        return None
    text = _CONTROL_CHARS.sub("", str(value))
    text = _WHITESPACE.sub(" ", text).strip()
    return text or None


def _struct_to_rfc3339(value: Any) -> str | None:
    if not value:
        return None
    try:
        stamp = calendar.timegm(value)
        return datetime.fromtimestamp(stamp, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _entry_link(entry: Mapping[str, Any]) -> str | None:
    link = clean_text(entry.get("link"))
    guid = clean_text(entry.get("id"))
    # feedparser copies a permalink guid into "link"; a guid like "urn:…" or "1234" is an
    # identifier, not a link.
    from_guid = entry.get("guidislink") and link == guid
    if link and not (from_guid and not re.match(r"^https?://", link, re.I)):
        return link
    for candidate in entry.get("links") or ():
        href = clean_text(candidate.get("href"))
        if href and candidate.get("rel", "alternate") == "alternate":
            return href
    # RSS guids are permalinks unless isPermaLink="false" says otherwise.
    return None


def _authors(entry: Mapping[str, Any]) -> tuple[str, ...]:
    names: list[str] = []
    for author in entry.get("authors") or ():
        name = clean_text(author.get("name") if isinstance(author, Mapping) else author)
        if name and name not in names:
            names.append(name)
    single = clean_text(entry.get("author"))
    if single and not names:
        names.append(single)
    return tuple(names)


def _categories(entry: Mapping[str, Any]) -> tuple[str, ...]:
    terms: list[str] = []
    for tag in entry.get("tags") or ():
        term = clean_text(tag.get("term") or tag.get("label"))
        if term and term not in terms:
            terms.append(term)
    return tuple(terms)


def _language(value: Any) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    code = text.lower().replace("_", "-")
    return code if re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", code) else None


def parse_feed(
    body: bytes,
    feed_url: str,
    *,
    source_id: str | None = None,
    content_type: str | None = None,
    max_entries: int = 1000,
) -> ParsedFeed:
    """Parses feed bytes into entries.

    Args:
        body: the raw document.
        feed_url: where it came from; relative links resolve against it.
        source_id: the registry id (defaults to one derived from the URL).
        content_type: the HTTP Content-Type, which may carry the charset.
        max_entries: entries beyond this are not read; ``truncated`` counts them.

    Raises:
        FeedError: ``empty_feed`` for an empty body, ``not_a_feed`` for anything that is not
            RSS or Atom and has no entries, ``feed_parse_error`` when feedparser itself raises.
    """
    if not body.strip():
        raise FeedError("empty_feed", "the feed body is empty")
    # Without a Content-Type (a local file, or a server that sends none) feedparser would apply
    # HTTP's ISO-8859-1 default; application/xml gives XML's rules: declared encoding, BOM,
    # UTF-8, then chardet when installed.
    headers = {"content-location": feed_url, "content-type": content_type or "application/xml"}
    try:
        parsed = feedparser.parse(body, response_headers=headers)
    except Exception as exc:
        # feedparser raises instead of setting bozo on some malformed input, e.g. &#xD800;,
        # &#x110000; or a backslash in a DOCTYPE entity (kurtmckee/feedparser#591, #599).
        raise FeedError("feed_parse_error", f"{type(exc).__name__}: {exc}") from exc
    version = parsed.get("version") or None
    raw_entries = parsed.get("entries") or []
    if not version and not raw_entries:
        exc = parsed.get("bozo_exception")
        detail = f": {clean_text(exc)}" if exc else ""
        raise FeedError("not_a_feed", f"the document is not RSS or Atom{detail}")
    feed_meta = parsed.get("feed") or {}
    feed_language = _language(feed_meta.get("language"))
    sid = source_id or default_source_id(feed_url)
    entries: list[FeedEntry] = []
    for position, raw in enumerate(raw_entries[:max_entries]):
        guid = clean_text(raw.get("id"))
        entries.append(
            FeedEntry(
                feed_url=feed_url,
                source_id=sid,
                position=position,
                link=_entry_link(raw),
                guid=guid,
                title=clean_text(raw.get("title")),
                summary=clean_text(replace_entities(remove_tags(raw.get("summary") or ""))),
                published_at=_struct_to_rfc3339(
                    raw.get("published_parsed") or raw.get("updated_parsed")
                ),
                updated_at=_struct_to_rfc3339(raw.get("updated_parsed")),
                authors=_authors(raw),
                categories=_categories(raw),
                feed_language=_language(raw.get("language")) or feed_language,
            )
        )
    problem = None
    bozo = parsed.get("bozo_exception")
    # A served-as-text/html or charset-override warning leaves the entries intact.
    malformed = bool(parsed.get("bozo")) and not isinstance(bozo, _BENIGN_BOZO)
    if parsed.get("bozo"):
        problem = clean_text(bozo) or "malformed feed"
    truncated = max(0, len(raw_entries) - max_entries)
    if truncated:
        note = f"{truncated} entries beyond feeds.max_entries={max_entries} not read"
        problem = f"{problem}; {note}" if problem else note
    return ParsedFeed(
        version=version,
        language=feed_language,
        title=clean_text(feed_meta.get("title")),
        entries=tuple(entries),
        malformed=malformed,
        problem=problem,
        truncated=truncated,
    )


@dataclasses.dataclass(frozen=True)
class FeedJob:
    """One feed to read in this run, with the validators an earlier window stored for it."""

    source: FeedSource
    validators: dict[str, str | None] | None = None


def conditional_headers(validators: dict[str, str | None] | None) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` from stored validators."""
    headers: dict[str, str] = {}
    if validators and validators.get("etag"):
        headers["If-None-Match"] = str(validators["etag"])
    if validators and validators.get("last_modified"):
        headers["If-Modified-Since"] = str(validators["last_modified"])
    return headers


def read_local_feed(path: str, max_bytes: int) -> bytes:
    """Reads a feed file, refusing files over the byte cap."""
    with open(path, "rb") as handle:
        body = handle.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise FetchError("too_large", f"{path} is larger than {max_bytes} bytes")
    return body


_ENTRY_PREFIXED = ("title", "summary", "published_at", "updated_at", "authors", "categories")
_ENTRY_HASHED = ("entry_title", "entry_summary", "entry_published", "entry_updated")


def entry_element(entry: FeedEntry) -> dict[str, Any]:
    """The pipeline's element for a feed entry: entry metadata under ``entry_*`` names, so it
    never collides with what the page itself says (``page_*``)."""
    element = dataclasses.asdict(entry)
    for name in _ENTRY_PREFIXED:
        element["entry_" + name.removesuffix("_at")] = element.pop(name)
    for name in ("entry_authors", "entry_categories"):
        element[name] = list(element[name])
    return element


def entry_sha256(entry: dict[str, Any]) -> str:
    """Hash of what a feed says about an entry; a change suggests the article was updated."""
    fields = [entry.get(name) for name in _ENTRY_HASHED]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class FeedRead:
    """What reading one feed came to."""

    source: FeedSource
    status: dict[str, Any]
    """The feed's status record: ``status`` (ok, malformed, not_modified, unchanged, failed),
    counts, validators, ``reason`` and ``message``."""
    entries: tuple[FeedEntry, ...] = ()
    error: BaseException | None = None
    """What failed the feed (``status["reason"]`` names it), else ``None``."""

    def elements(self) -> list[dict[str, Any]]:
        """The entries as pipeline elements (``entry_element``), with the registry's hints."""
        elements = []
        for entry in self.entries:
            element = entry_element(entry)
            element["respect_robots"] = self.source.respect_robots
            if self.source.language:
                # The registry's language beats the feed's own <language>: operators know.
                element["feed_language"] = self.source.language
            if self.source.country:
                element["feed_country"] = self.source.country
            elements.append(element)
        return elements


def _failed(source: FeedSource, status: dict[str, Any], reason: str, error: BaseException):
    status.update(status="failed", reason=reason, message=str(error)[:500])
    status.update(etag=None, last_modified=None, body_sha256=None)
    return FeedRead(source, status, error=error)


def read_feed(client: HttpClient, job: FeedJob, max_bytes: int, max_entries: int) -> FeedRead:
    """Fetches (conditionally, with the job's validators) or reads, then parses one feed.

    A local file is read from disk (at most ``max_bytes``); a URL with ``client`` (whose own
    ``max_bytes`` caps the body). A 304, or a body with the same hash as last time, means no
    entry work. Entries beyond ``max_entries`` are counted as ``truncated`` (and logged). A
    failure of any kind becomes a ``failed`` status with the reason code and the error: one
    bad feed never raises.
    """
    source = job.source
    status: dict[str, Any] = {
        "feed_url": source.url,
        "source_id": source.id,
        "status": "ok",
        "entries": 0,
        "truncated": 0,
        "version": None,
        "reason": None,
        "message": None,
        "checked_at": utc_now(),
        "etag": None,
        "last_modified": None,
        "body_sha256": None,
    }
    try:
        if source.is_local_file:
            body, content_type = read_local_feed(source.url, max_bytes), None
        else:
            result = client.get(source.url, headers=conditional_headers(job.validators))
            if result.status == 304:
                status.update(status="not_modified", message="HTTP 304: no entry work")
                return FeedRead(source, status)
            body, content_type = result.body, result.headers.get("content-type")
            status.update(
                etag=result.headers.get("etag"), last_modified=result.headers.get("last-modified")
            )
        digest = hashlib.sha256(body).hexdigest()
        status.update(body_sha256=digest)
        if (job.validators or {}).get("body_sha256") == digest:
            # Servers that ignore or lie about validators: the body hash is the fallback.
            status.update(status="unchanged", message="same body as last time: no entry work")
            return FeedRead(source, status)
        parsed = parse_feed(
            body,
            source.url,
            source_id=source.id,
            content_type=content_type,
            max_entries=max_entries,
        )
    except (FetchError, FeedError, OSError) as exc:
        return _failed(source, status, getattr(exc, "reason", None) or "feed_unreadable", exc)
    except Exception as exc:  # a parser bug must not take the run down
        return _failed(source, status, "feed_parse_error", exc)
    status.update(
        status="malformed" if parsed.malformed else "ok",
        entries=len(parsed.entries),
        truncated=parsed.truncated,
        version=parsed.version,
        message=parsed.problem,
    )
    if parsed.truncated:
        log.warning(
            "feed %s lists %d entries; the %d beyond feeds.max_entries=%d are not read "
            "(counted as truncated)",
            source.url,
            len(parsed.entries) + parsed.truncated,
            parsed.truncated,
            max_entries,
        )
    return FeedRead(source, status, parsed.entries)
