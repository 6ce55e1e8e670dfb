"""ReadFeeds: feed sources in, feed entries out (plus a status per feed and dead letters).

Feed bytes are fetched with our own client (or read from a local file), then parsed with
feedparser. A feed that fails entirely becomes one feed-level dead letter; a malformed feed keeps
the entries parsed before the error and is reported as ``malformed``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.core.feeds import FeedEntry, FeedError, FeedSource, parse_feed
from pipelines.core.http import FetchError, HttpClient, HttpSettings
from pipelines.transforms.errors import DEAD_LETTER, dead_letter, utc_now

log = logging.getLogger(__name__)


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


def entry_element(entry: FeedEntry) -> dict[str, Any]:
    """The pipeline's element for a feed entry: entry metadata under ``entry_*`` names, so it
    never collides with what the page itself says (``page_*``)."""
    element = dataclasses.asdict(entry)
    for name in _ENTRY_PREFIXED:
        element["entry_" + name.removesuffix("_at")] = element.pop(name)
    for name in ("entry_authors", "entry_categories"):
        element[name] = list(element[name])
    return element


class ReadFeedFn(beam.DoFn):
    """Fetches and parses one feed; yields entry dicts."""

    STATUS = "feed_status"

    def __init__(self, http: HttpSettings, max_bytes: int, max_entries: int) -> None:
        self._http = dataclasses.replace(http, max_bytes=max_bytes)
        self._max_bytes = max_bytes
        self._max_entries = max_entries
        self._client: HttpClient | None = None
        self.feeds_ok = Metrics.counter("feeds", "ok")
        self.feeds_malformed = Metrics.counter("feeds", "malformed")
        self.feeds_failed = Metrics.counter("feeds", "failed")
        self.entries = Metrics.counter("feeds", "entries")
        self.feeds_unchanged = Metrics.counter("feeds", "unchanged")
        self.truncated = Metrics.counter("feeds", "truncated_entries")

    def setup(self) -> None:
        self._client = HttpClient(self._http)

    def teardown(self) -> None:
        if self._client is not None:
            self._client.close()

    def _fetch(self, job: FeedJob) -> tuple[bytes | None, str | None, dict[str, str | None]]:
        """Returns (body or None when not modified, content type, new validators)."""
        source = job.source
        if source.is_local_file:
            return read_local_feed(source.url, self._max_bytes), None, {}
        assert self._client is not None
        headers = conditional_headers(job.validators)
        result = self._client.get(source.url, headers=headers)
        if result.status == 304:
            return None, None, {}
        validators = {
            "etag": result.headers.get("etag"),
            "last_modified": result.headers.get("last-modified"),
        }
        return result.body, result.headers.get("content-type"), validators

    def process(self, job: FeedJob | FeedSource | dict[str, Any]):
        if isinstance(job, dict):  # an entry deferred by an earlier window: tried again as is
            yield job
            return
        if isinstance(job, FeedSource):
            job = FeedJob(job)
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
        item = {"feed_url": source.url, "source_id": source.id, "url": source.url}
        try:
            body, content_type, validators = self._fetch(job)
            if body is None:
                status.update(status="not_modified", message="HTTP 304: no entry work")
                self.feeds_unchanged.inc()
                yield beam.pvalue.TaggedOutput(ReadFeedFn.STATUS, status)
                return
            digest = hashlib.sha256(body).hexdigest()
            status.update(validators, body_sha256=digest)
            previous = (job.validators or {}).get("body_sha256")
            if previous == digest:
                # Servers that ignore or lie about validators: the body hash is the fallback.
                status.update(status="unchanged", message="same body as last time: no entry work")
                self.feeds_unchanged.inc()
                yield beam.pvalue.TaggedOutput(ReadFeedFn.STATUS, status)
                return
            parsed = parse_feed(
                body,
                source.url,
                source_id=source.id,
                content_type=content_type,
                max_entries=self._max_entries,
            )
        except (FetchError, FeedError, OSError) as exc:
            reason = getattr(exc, "reason", None) or "feed_unreadable"
            status.update(status="failed", reason=reason, message=str(exc)[:500])
            status.update(etag=None, last_modified=None, body_sha256=None)
            self.feeds_failed.inc()
            yield beam.pvalue.TaggedOutput(ReadFeedFn.STATUS, status)
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER,
                dead_letter(
                    "feed",
                    reason,
                    item,
                    error=exc,
                    attempts=getattr(exc, "attempts", None),
                    http_status=getattr(exc, "status", None),
                    entry_level=False,
                ),
            )
            return
        except Exception as exc:  # a parser bug must not take the run down
            status.update(status="failed", reason="feed_parse_error", message=str(exc)[:500])
            status.update(etag=None, last_modified=None, body_sha256=None)
            self.feeds_failed.inc()
            yield beam.pvalue.TaggedOutput(ReadFeedFn.STATUS, status)
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER,
                dead_letter("feed", "feed_parse_error", item, error=exc, entry_level=False),
            )
            return
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
                self._max_entries,
            )
            self.truncated.inc(parsed.truncated)
        (self.feeds_malformed if parsed.malformed else self.feeds_ok).inc()
        self.entries.inc(len(parsed.entries))
        yield beam.pvalue.TaggedOutput(ReadFeedFn.STATUS, status)
        language_hint = source.language
        for entry in parsed.entries:
            record = entry_element(entry)
            record["respect_robots"] = source.respect_robots
            if language_hint:
                # The registry's language beats the feed's own <language>: operators know.
                record["feed_language"] = language_hint
            if source.country:
                record["feed_country"] = source.country
            yield record


class ReadFeeds(beam.PTransform):
    """Feed jobs → entries, with ``feed_status`` and ``dead_letter`` side outputs.

    Entries deferred by earlier windows may come in with the jobs (as entry dicts); they are
    handed on as entries, so that every entry of a run leaves this one step."""

    def __init__(self, http: HttpSettings, max_bytes: int, max_entries: int) -> None:
        super().__init__()
        self._fn = ReadFeedFn(http, max_bytes, max_entries)

    def expand(self, jobs):
        return (
            jobs
            | "SpreadFeeds" >> beam.Reshuffle()
            | "FetchAndParseFeed"
            >> beam.ParDo(self._fn).with_outputs(ReadFeedFn.STATUS, DEAD_LETTER, main="entries")
        )
