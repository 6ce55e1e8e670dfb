"""ReadFeeds: feed jobs in, feed entries out (plus a status per feed and dead letters).

Each feed is read by ``pipelines.core.feeds.read_feed``: fetched with our own client (or read
from a local file), then parsed with feedparser. A feed that fails entirely becomes one
feed-level dead letter; a malformed feed keeps the entries parsed before the error and is
reported as ``malformed``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import apache_beam as beam

from pipelines.core.feeds import FeedJob, FeedSource, read_feed
from pipelines.core.http import HttpClient, HttpSettings
from pipelines.core.settings import FeedsConfig
from pipelines.transforms.common.feeds import FEED_STATUS, count_feed, feed_dead_letter
from pipelines.transforms.common.outputs import DEAD_LETTER

__all__ = ["ReadFeeds"]


class ReadFeedFn(beam.DoFn):
    """Fetches and parses one feed; yields entry dicts."""

    def __init__(self, http: HttpSettings, feeds: FeedsConfig) -> None:
        self._http = dataclasses.replace(http, max_bytes=feeds.max_bytes)
        self._feeds = feeds
        self._client: HttpClient | None = None

    def setup(self) -> None:
        self._client = HttpClient(self._http)

    def teardown(self) -> None:
        if self._client is not None:
            self._client.close()

    def process(self, job: FeedJob | FeedSource | dict[str, Any]):
        if isinstance(job, dict):  # an entry deferred by an earlier window: tried again as is
            yield job
            return
        if isinstance(job, FeedSource):
            job = FeedJob(job)
        assert self._client is not None
        read = read_feed(self._client, job, self._feeds.max_bytes, self._feeds.max_entries)
        count_feed(read)
        yield beam.pvalue.TaggedOutput(FEED_STATUS, read.status)
        if read.error is not None:
            yield beam.pvalue.TaggedOutput(DEAD_LETTER, feed_dead_letter(read))
        yield from read.elements()


class ReadFeeds(beam.PTransform):
    """Feed jobs → entries, with ``feed_status`` and ``dead_letter`` side outputs.

    Entries deferred by earlier windows may come in with the jobs (as entry dicts); they are
    handed on as entries, so that every entry of a run leaves this one step."""

    def __init__(self, http: HttpSettings, feeds: FeedsConfig) -> None:
        super().__init__()
        self._fn = ReadFeedFn(http, feeds)

    def expand(self, jobs):
        return (
            jobs
            | "SpreadFeeds" >> beam.Reshuffle()
            | "FetchAndParseFeed"
            >> beam.ParDo(self._fn).with_outputs(FEED_STATUS, DEAD_LETTER, main="entries")
        )
