"""FetchArticles: unique entries in, fetched pages out (HTML bytes live only until extraction).

Fetching is I/O-bound: a DoFn that fetched one URL at a time would wait on the network serially,
so entries are batched and each batch is fetched by a bounded thread pool. Politeness (requests
in flight and the gap per host) is enforced by the shared HTTP client across all threads of the
worker. robots.txt is fetched once per host per run (RFC 9309: 4xx allows everything, 5xx or an
unreachable server disallows the host for the run).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import apache_beam as beam
from apache_beam.metrics import Metrics
from protego import Protego

from pipelines.core.clock import utc_now
from pipelines.core.http import FetchError, HttpClient, HttpSettings
from pipelines.core.settings import FetchConfig
from pipelines.core.urls import host_key
from pipelines.transforms.common.outputs import DEAD_LETTER, dead_letter
from pipelines.transforms.common.spill import Restorer, fetch_url_of
from pipelines.transforms.common.windows import in_window

__all__ = ["DEFERRED", "SKIPPED_ROBOTS", "FetchArticles"]

log = logging.getLogger(__name__)
SKIPPED_ROBOTS = "skipped_robots"
DEFERRED = "deferred"
MAX_CRAWL_DELAY_S = 60.0
_ALLOW_ALL = Protego.parse("")
_DISALLOW_ALL = Protego.parse("User-agent: *\nDisallow: /\n")


class RobotsCache:
    """robots.txt per host for the life of a worker, fetched once per host."""

    def __init__(self, client: HttpClient, agent: str) -> None:
        self._client = client
        self._agent = agent
        self._rules: dict[str, Protego] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _rules_for(self, url: str) -> Protego:
        key = host_key(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._rules:
                self._rules[key] = self._fetch(url)
            return self._rules[key]

    def _fetch(self, url: str) -> Protego:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        try:
            result = self._client.get(robots_url)
        except FetchError as exc:
            if exc.reason == "deferred":
                # 429/503 with a long Retry-After: the host asks us to stay away for now.
                return _DISALLOW_ALL
            if exc.status is not None and 400 <= exc.status < 500:
                return _ALLOW_ALL
            if exc.reason in ("blocked_address", "bad_url"):
                # Not the server's answer: the article fetch fails with this same clear reason.
                return _ALLOW_ALL
            return _DISALLOW_ALL
        if 200 <= result.status < 300:
            rules = Protego.parse(result.body.decode("utf-8", errors="replace"))
            delay = rules.crawl_delay(self._agent)
            if delay:
                # Honoured up to a cap: a day-long Crawl-delay would stall the run.
                self._client.set_host_delay(host_key(url), min(float(delay), MAX_CRAWL_DELAY_S))
            return rules
        return _ALLOW_ALL

    def allowed(self, url: str) -> bool:
        return self._rules_for(url).can_fetch(url, self._agent)


class ProgressLog:
    """Logs how far this worker has got, at most every ``every_s`` seconds."""

    def __init__(self, every_s: float = 10.0) -> None:
        self.every_s = every_s
        self.counts: dict[str, int] = {}
        self._last = time.monotonic()

    def count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        now = time.monotonic()
        if now - self._last >= self.every_s:
            self._last = now
            done = ", ".join(f"{n} {k}" for k, n in sorted(self.counts.items()))
            log.info("progress (this worker): %s", done.replace("page", "fetched"))


class FetchHostsFn(beam.DoFn):
    """Fetches the entries of whole hosts; many hosts at once, each host politely.

    Each element is one host's entries (grouped by ``host:port`` upstream, so exactly one
    worker owns each host and the per-host limits hold across the whole run). A host is
    fetched by ``per_host_concurrency`` lanes of the thread pool; different hosts run in
    parallel, so one slow host does not hold up the others. Results flow through a bounded
    queue: when extraction (downstream, in this thread) is slower than fetching, the fetch
    threads wait instead of piling up HTML in memory.
    """

    _LANE_DONE = object()

    def __init__(
        self, http: HttpSettings, fetch: FetchConfig, spill_dir: str | None = None
    ) -> None:
        self._http = http
        self._spill_dir = spill_dir
        self._restorer: Restorer | None = None
        self._concurrency = fetch.concurrency
        self._lanes = fetch.per_host_concurrency
        self._respect_robots = fetch.respect_robots
        self._client: HttpClient | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._robots: RobotsCache | None = None
        self._progress: ProgressLog | None = None
        self._queue: queue.Queue | None = None
        self._open_lanes = 0
        self.fetched = Metrics.counter("fetch", "fetched")
        self.failed = Metrics.counter("fetch", "failed")
        self.robots_skipped = Metrics.counter("fetch", "skipped_robots")
        self.deferred = Metrics.counter("fetch", "deferred")

    def setup(self) -> None:
        self._client = HttpClient(self._http)
        self._pool = ThreadPoolExecutor(self._concurrency, thread_name_prefix="fetch")
        agent = self._http.user_agent.split("/")[0].strip() or "wirestream"
        self._robots = RobotsCache(self._client, agent)
        self._progress = ProgressLog()
        self._restorer = Restorer(self._spill_dir)

    def teardown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._restorer is not None:
            self._restorer.close()
        if self._client is not None:
            self._client.close()

    def start_bundle(self) -> None:
        self._queue = queue.Queue(maxsize=2 * self._concurrency)
        self._open_lanes = 0

    def _fetch_one(self, entry: dict[str, Any]) -> tuple[str, Any]:
        assert self._client is not None and self._robots is not None
        assert self._restorer is not None
        entry = self._restorer.restore(entry)  # a slim entry is read back just before its fetch
        url = entry["fetch_url"]
        try:
            respect = entry.get("respect_robots")
            if (self._respect_robots if respect is None else respect) and not self._robots.allowed(
                url
            ):
                return SKIPPED_ROBOTS, {**entry, "reason": "robots_disallowed"}
            result = self._client.get(url)
        except FetchError as exc:
            if exc.reason == "deferred":
                return DEFERRED, deferral(entry, exc.retry_after_s)
            return DEAD_LETTER, dead_letter(
                "fetch",
                exc.reason,
                entry,
                error=exc,
                url=url,
                attempts=exc.attempts,
                http_status=exc.status,
            )
        except Exception as exc:  # a client bug must not take the run down
            return DEAD_LETTER, dead_letter("fetch", "fetch_failed", entry, error=exc, url=url)
        page = {
            **entry,
            "url": result.final_url,
            "fetched_at": utc_now(),
            "http_status": result.status,
            "content_type": result.headers.get("content-type"),
            "media_type": result.content_type,
            "attempts": result.attempts,
            "body": result.body,
        }
        return "page", page

    def _run_lane(self, work: queue.SimpleQueue, window: Any) -> None:
        # Lanes share one host's work queue, so a lane stuck on a slow page does not hold up
        # entries that another lane could fetch.
        assert self._queue is not None
        try:
            while True:
                try:
                    entry = work.get_nowait()
                except queue.Empty:
                    break
                self._queue.put((*self._fetch_one(entry), window))
        finally:
            self._queue.put((self._LANE_DONE, None, None))

    def _emit(self, kind: str, value: Any, window: Any):
        assert self._progress is not None
        self._progress.count(kind)
        value = in_window(value, window)
        if kind == "page":
            self.fetched.inc()
            return value
        if kind == DEAD_LETTER:
            self.failed.inc()
        elif kind == SKIPPED_ROBOTS:
            self.robots_skipped.inc()
        elif kind == DEFERRED:
            self.deferred.inc()
        return beam.pvalue.TaggedOutput(kind, value)

    def process(self, host_entries: tuple[str, Any], window=beam.DoFn.WindowParam):
        assert self._pool is not None and self._queue is not None
        _, entries = host_entries
        # Grouped upstream by host, or (batch) by the host of their canonical URL, which holds
        # every entry of one or (rarely) a few fetch hosts.
        by_host: dict[str, list[Any]] = {}
        for entry in sorted(entries, key=fetch_url_of):
            by_host.setdefault(host_key(fetch_url_of(entry)), []).append(entry)
        for host_queue in by_host.values():
            work: queue.SimpleQueue = queue.SimpleQueue()
            for entry in host_queue:
                work.put(entry)
            for _ in range(max(1, min(self._lanes, len(host_queue)))):
                self._open_lanes += 1
                self._pool.submit(self._run_lane, work, window)
        # Hand on what is ready without waiting (each result in its own entry's window); the
        # rest comes in finish_bundle.
        while True:
            try:
                kind, value, item_window = self._queue.get_nowait()
            except queue.Empty:
                return
            if kind is self._LANE_DONE:
                self._open_lanes -= 1
            else:
                yield self._emit(kind, value, item_window)

    def finish_bundle(self):
        assert self._queue is not None
        while self._open_lanes:
            kind, value, item_window = self._queue.get()
            if kind is self._LANE_DONE:
                self._open_lanes -= 1
            else:
                yield self._emit(kind, value, item_window)


def deferral(entry: dict[str, Any], retry_after_s: float | None) -> dict[str, Any]:
    """A deferred entry, with the earliest time it should be tried again."""
    wait = retry_after_s or 0.0
    not_before = datetime.now(UTC) + timedelta(seconds=wait)
    return {
        **entry,
        "reason": "retry_after",
        "retry_after_s": retry_after_s,
        "not_before": not_before.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


class FetchArticles(beam.PTransform):
    """Entries → pages (``body`` bytes), with ``skipped_robots``, ``deferred``, ``dead_letter``.

    Entries may be compact (spilled by ``DeduplicateUrls`` in batch, read back from
    ``spill_dir`` one at a time as they are fetched). With ``by_host`` the input is already
    grouped, ``(host, [entries])``, as ``DeduplicateUrls`` hands it on in batch.
    """

    def __init__(
        self,
        http: HttpSettings,
        fetch: FetchConfig,
        *,
        spill_dir: str | None = None,
        by_host: bool = False,
    ) -> None:
        super().__init__()
        self._fn = FetchHostsFn(http, fetch, spill_dir)
        self._by_host = by_host

    def expand(self, entries):
        if not self._by_host:
            entries = (
                entries
                | "KeyByHost" >> beam.WithKeys(lambda e: host_key(fetch_url_of(e)))
                | "GroupByHost" >> beam.GroupByKey()
            )
        return entries | "FetchHosts" >> beam.ParDo(self._fn).with_outputs(
            SKIPPED_ROBOTS, DEFERRED, DEAD_LETTER, main="pages"
        )
