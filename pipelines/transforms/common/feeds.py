"""Reading feeds in a stage: what ``ReadFeeds`` (batch) and ``PollFeeds`` (stream) share.

Both read each feed with ``pipelines.core.feeds.read_feed``; these turn its outcome into the
stages' outputs: the ``feed_status`` records, a feed-level dead letter for a failed feed, and
the ``feeds`` counters.
"""

from __future__ import annotations

from typing import Any

from apache_beam.metrics import Metrics

from pipelines.core.feeds import FeedRead
from pipelines.transforms.common.outputs import dead_letter

__all__ = ["FEED_STATUS", "count_feed", "feed_dead_letter"]

FEED_STATUS = "feed_status"
"""The output of one status record per feed read."""


def feed_dead_letter(read: FeedRead) -> dict[str, Any]:
    """The feed-level dead letter of a failed read (not counted against entries)."""
    source, error = read.source, read.error
    return dead_letter(
        "feed",
        read.status["reason"],
        {"feed_url": source.url, "source_id": source.id, "url": source.url},
        error=error,
        attempts=getattr(error, "attempts", None),
        http_status=getattr(error, "status", None),
        entry_level=False,
    )


def count_feed(read: FeedRead) -> None:
    """Counts one read in the ``feeds`` namespace: its outcome, entries and truncated ones."""
    status = read.status["status"]
    Metrics.counter("feeds", "unchanged" if status == "not_modified" else status).inc()
    if status in ("ok", "malformed"):
        Metrics.counter("feeds", "entries").inc(len(read.entries))
    if read.status["truncated"]:
        Metrics.counter("feeds", "truncated_entries").inc(read.status["truncated"])
