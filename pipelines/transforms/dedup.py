"""Deduplication stages.

- ``DeduplicateUrls`` (before fetching): entries without a fetchable URL become dead letters;
  entries are keyed by canonical URL so each article is fetched once per run, the other copies
  are ``filtered`` (reason ``duplicate_url``).
- ``SkipSeen``: articles that an earlier window already emitted are ``skipped_seen``.
- ``DeduplicateArticles`` (after extraction): copies with the same normalised text at different
  URLs are linked: the first-seen copy is the cluster's canonical member (``duplicate_of`` null,
  ``cluster_id`` its own article id) and the others point at it. Nothing is dropped.
  Near-duplicates (MinHash LSH) plug in here later, keyed by band instead of by hash.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.core.state import open_state
from pipelines.core.urls import UrlError, article_id, canonicalize, check_fetchable
from pipelines.transforms.errors import DEAD_LETTER, dead_letter

FILTERED = "filtered"
SKIPPED_SEEN = "skipped_seen"
CLUSTERS = "clusters"


class KeyByCanonicalUrlFn(beam.DoFn):
    """Checks the entry's link and keys it by canonical URL."""

    def __init__(self) -> None:
        self.rejected = Metrics.counter("entries", "rejected_url")

    def process(self, entry: dict[str, Any]):
        try:
            url = check_fetchable(entry.get("link"))
            canonical = canonicalize(url)
        except UrlError as exc:
            self.rejected.inc()
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER, dead_letter("entry", exc.reason, entry, error=exc)
            )
            return
        except Exception as exc:  # a URL library bug must not take the run down
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER, dead_letter("entry", "bad_url", entry, error=exc)
            )
            return
        yield (
            canonical,
            {
                **entry,
                "fetch_url": url,
                "canonical_key": canonical,
                "article_id": article_id(canonical),
            },
        )


def _entry_order(entry: dict[str, Any]) -> tuple:
    return entry["source_id"], entry["feed_url"], entry["position"]


def keep_first_entry(keyed: tuple[str, Any]):
    """One entry per canonical URL; the rest are tagged ``filtered``."""
    _, entries = keyed
    ordered = sorted(entries, key=_entry_order)
    yield ordered[0]
    for extra in ordered[1:]:
        yield beam.pvalue.TaggedOutput(
            FILTERED,
            {**extra, "reason": "duplicate_url", "duplicate_of": ordered[0]["article_id"]},
        )


class DeduplicateUrls(beam.PTransform):
    """Entries → unique entries, with ``filtered`` and ``dead_letter`` outputs."""

    def expand(self, entries):
        keyed = entries | "KeyByCanonicalUrl" >> beam.ParDo(KeyByCanonicalUrlFn()).with_outputs(
            DEAD_LETTER, main="keyed"
        )
        unique = (
            keyed.keyed
            | "GroupByCanonicalUrl" >> beam.GroupByKey()
            | "KeepFirstEntry"
            >> beam.FlatMap(keep_first_entry).with_outputs(FILTERED, main="unique")
        )
        return {
            "unique": unique.unique,
            FILTERED: unique[FILTERED],
            DEAD_LETTER: keyed[DEAD_LETTER],
        }


class SkipSeenFn(beam.DoFn):
    """Drops (as ``skipped_seen``) articles an earlier window already emitted."""

    def __init__(self, state_uri: str, window_id: str) -> None:
        self._state_uri = state_uri
        self._window_id = window_id
        self._store = None
        self.skipped = Metrics.counter("entries", "skipped_seen")

    def setup(self) -> None:
        self._store = open_state(self._state_uri, read_only=True)

    def teardown(self) -> None:
        if self._store is not None:
            self._store.close()

    def process(self, entry: dict[str, Any]):
        assert self._store is not None
        if self._store.seen([entry["article_id"]], self._window_id):
            self.skipped.inc()
            yield beam.pvalue.TaggedOutput(SKIPPED_SEEN, {**entry, "reason": "seen_before"})
        else:
            yield entry


class SkipSeen(beam.PTransform):
    """Unique entries → entries not emitted by an earlier window, with ``skipped_seen``."""

    def __init__(self, state_uri: str, window_id: str) -> None:
        super().__init__()
        self._fn = SkipSeenFn(state_uri, window_id)

    def expand(self, entries):
        return entries | "LookUpState" >> beam.ParDo(self._fn).with_outputs(
            SKIPPED_SEEN, main="new"
        )


def _copy_order(article: dict[str, Any]) -> tuple:
    # The earliest published copy is the original; undated copies come last.
    published = article.get("entry_published") or article.get("page_date")
    return (published is None, published or "", article["article_id"])


def assign_exact_cluster(keyed: tuple[str, Any]):
    """Links copies with identical text to the first-seen copy."""
    _, copies = keyed
    ordered = sorted(copies, key=_copy_order)
    first = ordered[0]
    yield {**first, "cluster_id": first["article_id"], "duplicate_of": None, "similarity": None}
    for copy in ordered[1:]:
        yield {
            **copy,
            "cluster_id": first["article_id"],
            "duplicate_of": first["article_id"],
            "similarity": 1.0,
        }
    if len(ordered) > 1:
        yield beam.pvalue.TaggedOutput(CLUSTERS, (first["article_id"], len(ordered)))


class DeduplicateArticles(beam.PTransform):
    """Articles → articles with ``cluster_id``/``duplicate_of``; ``clusters`` lists each group."""

    def expand(self, articles):
        return (
            articles
            | "KeyByContentHash" >> beam.WithKeys(lambda a: a["content_sha256"])
            | "GroupByContentHash" >> beam.GroupByKey()
            | "AssignCluster"
            >> beam.FlatMap(assign_exact_cluster).with_outputs(CLUSTERS, main="articles")
        )
