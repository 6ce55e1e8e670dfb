"""ExtractEvents: adds the schema-v2 event fields to each article (after language detection).

A thin stage over :class:`pipelines.core.events.record.EventExtractor`: the gazetteer loads in
``setup`` (once per worker process), and each article gains ``event_fields``, which
``build_record`` puts into the record. Nothing is dead-lettered here: a failed extractor
leaves its fields empty and lists them in ``extraction.failed`` (counted as
``events/failed``).
"""

from __future__ import annotations

import gc
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.core.events.record import EventExtractor
from pipelines.core.records import choose_published, parse_timestamp

__all__ = ["ExtractEvents"]


def reference_time(article: dict[str, Any]):
    """The moment relative dates resolve against: the published date, else the fetch time."""
    fetched = parse_timestamp(article.get("fetched_at"))
    if fetched is None:
        return None
    published, _ = choose_published(
        article.get("entry_published"), article.get("page_date"), article.get("url"), fetched
    )
    return parse_timestamp(published) or fetched


class ExtractEventsFn(beam.DoFn):
    """One article → the same article with ``event_fields``; never raises for an article."""

    def __init__(self) -> None:
        self._extractor: EventExtractor | None = None
        self.attempted = Metrics.counter("events", "attempted")
        self.failed = Metrics.counter("events", "failed")

    def setup(self) -> None:
        self._extractor = EventExtractor()
        # The gazetteer's tables are read-only for the worker's life: out of the collector's
        # sight, full collections do not walk them and the worker exits without freeing them.
        gc.freeze()

    def process(self, article: dict[str, Any]):
        assert self._extractor is not None
        fields = self._extractor.extract(
            article["text"],
            title=article.get("entry_title") or article.get("page_title"),
            language=article.get("language"),
            reference=reference_time(article),
            feed_country=article.get("feed_country"),
        )
        self.attempted.inc()
        if fields["extraction"]["failed"]:
            self.failed.inc()
        yield {**article, "event_fields": fields}


class ExtractEvents(beam.PTransform):
    """Articles → articles with ``event_fields`` (places, actors, quotes, …, events)."""

    def expand(self, articles):
        return articles | "Extract" >> beam.ParDo(ExtractEventsFn())
