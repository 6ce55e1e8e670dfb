"""The graph of the batch pipeline, and nothing else: it wires stages and returns outputs.

    feeds ─► ReadFeeds ─► DeduplicateUrls ─► SkipSeen ─► FetchArticles ─► ExtractText
          ─► DetectLanguage ─► ExtractEvents ─► ClusterArticles ─► ToEventRecords
          ─► records/*.jsonl
    every stage's failures ─► dead_letter/*.jsonl;   outcome counts ─► _work/<window>/

Run it through the launcher: ``wirestream run --feed FEED --output out/run``.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam

from pipelines.core import storage
from pipelines.core.accounting import (
    counted_as,
    dead_letter_keys,
    dropped_copy_keys,
    feed_status_keys,
    record_keys,
)
from pipelines.core.storage import to_json_line
from pipelines.news_ingest.plan import RunPlan
from pipelines.transforms.cluster import CLUSTERS, ClusterArticles
from pipelines.transforms.common.feeds import FEED_STATUS
from pipelines.transforms.common.outputs import DEAD_LETTER, SKIPPED_SEEN
from pipelines.transforms.common.spill import SpreadOver
from pipelines.transforms.common.tally import TallyFn
from pipelines.transforms.dedup import FILTERED, DeduplicateUrls, SkipSeen
from pipelines.transforms.events import ExtractEvents
from pipelines.transforms.extract import ExtractText
from pipelines.transforms.feeds import ReadFeeds
from pipelines.transforms.fetch import DEFERRED, SKIPPED_ROBOTS, FetchArticles
from pipelines.transforms.language import DetectLanguage
from pipelines.transforms.records import STATE, ToEventRecords
from pipelines.transforms.sinks import WriteJsonLines, WriteLines


def outcome_sources(
    entries, statuses, out: dict[str, Any], dead_letters, filtered, retried=None
) -> list[tuple[str, Any, Any]]:
    """What each counted PCollection counts as (``(label, pcoll, keys_of)``), for the batch
    tallies and the stream's per-window counts alike (keys: ``pipelines.core.accounting``)."""
    sources = [
        ("Entries", entries, counted_as("entries_seen")),
        ("FeedStatuses", statuses, feed_status_keys),
        ("Records", out["records"], record_keys),
        ("Dropped", out["dropped"], dropped_copy_keys),
        ("DeadLetters", dead_letters, dead_letter_keys),
        ("Filtered", filtered, counted_as("filtered")),
        ("SkippedSeen", out[SKIPPED_SEEN], counted_as("skipped_seen")),
        ("SkippedRobots", out[SKIPPED_ROBOTS], counted_as("skipped_robots")),
        ("Deferred", out[DEFERRED], counted_as("deferred")),
        ("Clusters", out[CLUSTERS], counted_as("duplicate_clusters")),
        ("Revisions", out["revisions"], counted_as("revisions")),
    ]
    if retried is not None:
        sources.append(("Retried", retried, counted_as("deferred_retried")))
    return sources


class SplitCopies(beam.DoFn):
    """With ``dedup.drop_duplicates``: copies of an earlier story go to ``filtered``."""

    def process(self, record: dict[str, Any]):
        data = record["data"]
        if data["duplicate_of"] is not None:
            yield beam.pvalue.TaggedOutput(FILTERED, record)
        else:
            yield record


def spill_directory(plan: RunPlan) -> str | None:
    """Where batch elements wait for a shuffle (``pipelines.transforms.common.spill``), or
    ``None``.

    Spilling exists for runners that hold a shuffle in the memory of this machine (the
    DirectRunner, Dask): it keeps pickles in a work directory every worker reads with ``os``
    calls. So it is used only with a local work directory; with the output in an object store
    (a runner on a cluster, whose workers share no disk and whose shuffles are its own) the
    elements cross the shuffles whole, as in a stream.
    """
    return storage.join(plan.work_dir, "spill") if storage.is_local(plan.work_dir) else None


def article_stages(entries, plan: RunPlan, window_start: str | None) -> dict[str, Any]:
    """The stages every mode shares, from unique entries to validated records.

    SkipSeen → FetchArticles → ExtractText → DetectLanguage → ExtractEvents → ClusterArticles
    → ToEventRecords (→ SplitCopies with ``dedup.drop_duplicates``). ``window_start`` is the
    batch window's start; ``None`` in a stream, where each element's fixed window gives it.
    """
    s = plan.settings
    http = plan.http_settings()
    # In batch, entries and articles wait in spill files in the work directory
    # (pipelines.transforms.common.spill), not whole in the runner's memory: the entries come
    # grouped by host, as compact references, and the articles cross the cluster shuffles slim.
    spill_dir = None if window_start is None else spill_directory(plan)
    fresh = entries | "SkipSeen" >> SkipSeen(plan.state_uri, window_start, spill_dir)
    fetched = fresh.new | "FetchArticles" >> FetchArticles(
        http, s.fetch, spill_dir=spill_dir, by_host=spill_dir is not None
    )
    pages = fetched.pages
    if window_start is not None:
        # A host's entries are fetched by one worker (politeness); its pages are spread over
        # all of them for the CPU-bound steps (a feed of one outlet would use one worker).
        pages = pages | "SpreadPages" >> SpreadOver(spill_dir)
    extracted = pages | "ExtractText" >> ExtractText(s.extract)
    languages = extracted.articles | "DetectLanguage" >> DetectLanguage(s.language)
    with_events = languages | "ExtractEvents" >> ExtractEvents()
    clustered = with_events | "ClusterArticles" >> ClusterArticles(
        s.dedup, plan.state_uri, window_start, spill_dir
    )
    records = clustered["articles"] | "ToEventRecords" >> ToEventRecords()
    if s.dedup.drop_duplicates:  # one record per story: copies are counted, not written
        split = records.records | "DropCopies" >> beam.ParDo(SplitCopies()).with_outputs(
            FILTERED, main="kept"
        )
        to_write, dropped = split.kept, split[FILTERED]
    else:
        to_write = records.records
        dropped = records.records | "NoCopiesDropped" >> beam.Filter(lambda _: False)
    return {
        "records": to_write,
        "dropped": dropped,
        STATE: records[STATE],
        SKIPPED_SEEN: (fresh[SKIPPED_SEEN], clustered[SKIPPED_SEEN])
        | "AllSkippedSeen" >> beam.Flatten(),
        SKIPPED_ROBOTS: fetched[SKIPPED_ROBOTS],
        DEFERRED: fetched[DEFERRED],
        CLUSTERS: clustered[CLUSTERS],
        "revisions": clustered["articles"]
        | "Revisions" >> beam.Filter(lambda a: a["revision_of"] is not None),
        DEAD_LETTER: (fetched[DEAD_LETTER], extracted[DEAD_LETTER], records[DEAD_LETTER])
        | "StageDeadLetters" >> beam.Flatten(),
    }


def write_sinks(records, dead_letters, plan: RunPlan):
    """Records and dead letters to the configured sink (``sink.kind``)."""
    s = plan.settings
    tag = plan.window.tag
    if s.sink.kind == "postgresql":
        from pipelines.transforms.pgsink import WriteToPostgres

        written = records | "WriteRecords" >> WriteToPostgres(s.sink, tag, "records")
        dead_written = dead_letters | "WriteDeadLetters" >> WriteToPostgres(
            s.sink, tag, "dead_letters"
        )
        return written, dead_written
    if s.sink.kind == "parquet":
        from pipelines.transforms.sinks import WriteParquet

        written = records | "WriteRecords" >> WriteParquet(
            plan.path("records"), tag, s.sink.num_shards
        )
    else:
        written = records | "WriteRecords" >> WriteJsonLines(
            plan.path("records"), tag, s.sink.num_shards
        )
    dead_written = dead_letters | "WriteDeadLetters" >> WriteJsonLines(
        plan.path("dead_letter"), tag, s.sink.num_shards
    )
    return written, dead_written


def build_pipeline(p: beam.Pipeline, plan: RunPlan) -> dict[str, Any]:
    """Adds the whole batch graph to ``p``; returns the named output PCollections."""
    s = plan.settings
    http = plan.http_settings()
    # Entries deferred by earlier windows (429/503 with a long Retry-After) are retried here.
    # They go in with the feed jobs and come out with the feeds' entries: one stage reads,
    # keys and spills every entry, and only the names of its files cross the URL shuffle.
    retried = p | "DeferredEntries" >> beam.Create(list(plan.retry_entries))
    feeds = (
        (p | "FeedJobs" >> beam.Create(plan.feed_jobs()), retried)
        | "JobsAndRetries" >> beam.Flatten()
        | "ReadFeeds" >> ReadFeeds(http, s.feeds)
    )
    urls = feeds.entries | "DeduplicateUrls" >> DeduplicateUrls(spill_directory(plan))
    out = article_stages(urls["unique"], plan, plan.window.start_key)
    to_write, dropped, skipped_seen = out["records"], out["dropped"], out[SKIPPED_SEEN]
    dead_letters = (
        feeds[DEAD_LETTER],
        urls[DEAD_LETTER],
        out[DEAD_LETTER],
    ) | "AllDeadLetters" >> beam.Flatten()

    written, dead_written = write_sinks(to_write, dead_letters, plan)

    # Each tally is counted in the stage that makes it: per-bundle counts cross the shuffle,
    # not a string per entry; the same sums go to Beam's metrics
    # (pipelines.transforms.common.tally).
    sources = outcome_sources(
        feeds.entries, feeds[FEED_STATUS], out, dead_letters, urls[FILTERED], retried
    )
    counts = (
        [
            pcoll | f"Tally{label}" >> beam.ParDo(TallyFn(keys_of))
            for label, pcoll, keys_of in sources
        ]
        | "AllOutcomes" >> beam.Flatten()
        | "CountOutcomes" >> beam.CombinePerKey(sum)
        | "CountsToJson" >> beam.MapTuple(lambda key, n: to_json_line({"key": key, "count": n}))
        | "WriteCounts" >> WriteLines([plan.work_file("counts")], ".jsonl")
    )
    # For the state commit, which happens only after the run's records are written.
    state_rows = (
        out[STATE]
        | "StateToJson" >> beam.Map(to_json_line)
        | "WriteStateRows" >> WriteLines([plan.work_file("state")], ".jsonl")
    )
    seen_ids = (
        skipped_seen
        | "SeenIds" >> beam.Map(lambda e: to_json_line({"article_id": e["article_id"]}))
        | "WriteSeenIds" >> WriteLines([plan.work_file("seen")], ".jsonl")
    )
    deferred = (
        out[DEFERRED]
        | "DeferredToJson" >> beam.Map(to_json_line)
        | "WriteDeferred" >> WriteLines([plan.work_file("deferred")], ".jsonl")
    )
    feed_status = (
        feeds[FEED_STATUS]
        | "FeedStatusToJson" >> beam.Map(to_json_line)
        | "WriteFeedStatus" >> WriteLines([plan.work_file("feeds")], ".jsonl")
    )
    return {
        "records": to_write,
        "dropped_copies": dropped,
        "dead_letters": dead_letters,
        "filtered": urls[FILTERED],
        "skipped_seen": skipped_seen,
        "skipped_robots": out[SKIPPED_ROBOTS],
        "deferred": out[DEFERRED],
        "feed_status": feeds[FEED_STATUS],
        "written": written,
        "dead_written": dead_written,
        "counts": counts,
        "feed_status_written": feed_status,
        "deferred_written": deferred,
        "state_rows_written": state_rows,
        "seen_ids_written": seen_ids,
    }
