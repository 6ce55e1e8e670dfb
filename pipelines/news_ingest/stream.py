"""The graph of the streaming pipeline (``wirestream stream``): the batch stages, unbounded.

    Ticks ─► PollFeeds (per feed, adaptive interval, conditional GET; stateful)
          ─► FirstSighting (per canonical URL, across windows; stateful, with expiry timers)
          ─► fixed windows (stream.window_s)
          ─► SkipSeen ─► FetchArticles ─► ExtractText ─► DetectLanguage ─► ExtractEvents
          ─► ClusterArticles ─► ToEventRecords          (the batch pipeline's own stages)
          ─► CommitWindows: per window, once it closes: records/ and dead_letter/ files, then
             the state store commit, then _windows/<window>.json

Run it through the launcher: ``wirestream stream --feed URL --output out/stream --window 5m``.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.transforms import window as beam_window
from apache_beam.transforms.trigger import AccumulationMode
from apache_beam.utils.timestamp import Duration

from pipelines.news_ingest.pipeline import article_stages, outcome_sources
from pipelines.news_ingest.plan import RunPlan
from pipelines.transforms.common.feeds import FEED_STATUS
from pipelines.transforms.common.outputs import DEAD_LETTER, SKIPPED_SEEN
from pipelines.transforms.dedup import FILTERED, FirstSighting
from pipelines.transforms.fetch import DEFERRED
from pipelines.transforms.poll import PollFeeds, PollFeedsFn, Ticks
from pipelines.transforms.records import STATE
from pipelines.transforms.window_sink import CommitWindows, count_events, tag_events


def build_stream(
    p: beam.Pipeline,
    plan: RunPlan,
    start: float,
    stop: float,
    stop_file: str | None,
    served_clock: bool = False,
) -> dict[str, Any]:
    """Adds the streaming graph to ``p``; returns the window summaries, the feed statuses and
    the clock (``close()`` it after the run). ``served_clock``: see :class:`Ticks`."""
    s = plan.settings
    sources = {source.url: source for source in plan.sources}
    poller = PollFeedsFn(sources, plan.http_settings(), s.feeds, s.stream, plan.state_uri)
    clock = Ticks(start, stop, s.stream.tick_s, stop_file, served=served_clock)
    polled = p | "Ticks" >> clock | "PollFeeds" >> PollFeeds(poller, list(sources))
    first = polled.entries | "FirstSighting" >> FirstSighting(s.stream.seen_ttl_s)

    def windowed(pcoll, label: str):
        # Entries are stamped with their poll time, so they are on time; anything late still
        # gets its own late pane (see CommitWindows) rather than being dropped.
        return pcoll | f"Window{label}" >> beam.WindowInto(
            beam_window.FixedWindows(s.stream.window_s),
            allowed_lateness=Duration(seconds=s.stream.window_s),
            accumulation_mode=AccumulationMode.DISCARDING,
        )

    entries = windowed(polled.entries, "Entries")
    out = article_stages(windowed(first["unique"], "Unique"), plan, None)
    statuses = windowed(polled[FEED_STATUS], "Statuses")
    dead_letters = (
        windowed(polled[DEAD_LETTER], "FeedDeadLetters"),
        windowed(first[DEAD_LETTER], "EntryDeadLetters"),
        out[DEAD_LETTER],
    ) | "AllDeadLetters" >> beam.Flatten()
    events = (
        out["records"] | "Records" >> beam.Map(tag_events("record")),
        dead_letters | "DeadLetters" >> beam.Map(tag_events("dead_letter")),
        out[STATE] | "StateRows" >> beam.Map(tag_events("state")),
        out[SKIPPED_SEEN] | "SeenIds" >> beam.Map(lambda e: tag_events("seen")(e["article_id"])),
        statuses | "FeedStatuses" >> beam.Map(tag_events("feed")),
        out[DEFERRED] | "DeferredEntries" >> beam.Map(tag_events("deferred")),
        *(
            pcoll | f"Count{label}" >> beam.FlatMap(count_events(keys_of))
            for label, pcoll, keys_of in outcome_sources(
                entries, statuses, out, dead_letters, windowed(first[FILTERED], "Filtered")
            )
        ),
    ) | "AllEvents" >> beam.Flatten()
    summaries = events | "CommitWindows" >> CommitWindows(
        plan.output, plan.state_uri, s.dedup.retention_days, s.sink
    )
    return {"windows": summaries, "statuses": statuses, "clock": clock}
