"""Streaming sources: a clock that ticks until stopped, and per-feed adaptive polling.

``Ticks`` is a splittable DoFn that emits the tick times ``start, start + tick, …`` as they come
due, deferring itself in between (no sleeping inside a DoFn), and advances the watermark with
them. It ends at ``stop`` (``--duration``) or as soon as a stop file appears (SIGINT/SIGTERM):
then the watermark moves to the end of time, every open window closes and its records are
written — the stream drains instead of dying.

``PollFeedsFn`` is keyed by feed URL and keeps, in Beam state, each feed's conditional-GET
validators, the keys of the entries it has already handed on, and its poll interval. On each
tick it polls the feeds that are due with the same ``read_feed`` as the batch pipeline. The
interval adapts to how often the feed really has new entries: halfway towards "one new entry
per poll" when it had some, 1.5× longer when it had none, within the feed's bounds.
"""

from __future__ import annotations

import dataclasses
import math
import time
from pathlib import Path
from typing import Any

import apache_beam as beam
from apache_beam.coders import FastPrimitivesCoder, PickleCoder
from apache_beam.io.restriction_trackers import OffsetRange, OffsetRestrictionTracker
from apache_beam.io.watermark_estimators import ManualWatermarkEstimator
from apache_beam.metrics import Metrics
from apache_beam.portability.api import beam_runner_api_pb2
from apache_beam.transforms.core import RestrictionProvider
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec
from apache_beam.transforms.window import TimestampedValue
from apache_beam.utils.timestamp import Duration, Timestamp

from pipelines.core.clock import rfc3339_seconds
from pipelines.core.feeds import FeedJob, FeedSource, entry_sha256, read_feed
from pipelines.core.http import HttpClient, HttpSettings
from pipelines.core.settings import FeedsConfig, StreamConfig
from pipelines.core.state import open_state
from pipelines.transforms.common.feeds import FEED_STATUS, count_feed, feed_dead_letter
from pipelines.transforms.common.outputs import DEAD_LETTER

__all__ = ["PollFeeds", "PollFeedsFn", "Ticks"]


class _TickRange(RestrictionProvider):
    """Tick indices 0..n-1 of one clock element ``(start, stop, tick_s, stop_file)``."""

    def initial_restriction(self, element: tuple) -> OffsetRange:
        start, stop, tick, _ = element
        return OffsetRange(0, max(1, math.ceil((stop - start) / tick)))

    def create_tracker(self, restriction: OffsetRange) -> OffsetRestrictionTracker:
        return OffsetRestrictionTracker(restriction)

    def restriction_size(self, element: tuple, restriction: OffsetRange) -> int:
        return restriction.size()


TICK_RANGE = _TickRange()
TICK_WATERMARK = ManualWatermarkEstimator.default_provider()


class TickFn(beam.DoFn):
    """Emits each tick time when it comes due; stops at ``stop`` or when the stop file exists."""

    @beam.DoFn.unbounded_per_element()
    def process(
        self,
        element: tuple,
        tracker=beam.DoFn.RestrictionParam(TICK_RANGE),
        watermark=beam.DoFn.WatermarkEstimatorParam(TICK_WATERMARK),
    ):
        start, _, tick, stop_file = element
        index = tracker.current_restriction().start
        while True:
            if stop_file and Path(stop_file).exists():
                # Claim the rest at once: the clock is done, the watermark may close windows.
                tracker.try_claim(tracker.current_restriction().stop - 1)
                return
            due = start + index * tick
            now = time.time()
            if due > now:
                self._advance(watermark, Timestamp(due))
                tracker.defer_remainder(Duration(seconds=min(tick, due - now)))
                return
            if not tracker.try_claim(index):
                return
            self._advance(watermark, Timestamp(due))
            yield TimestampedValue(due, due)
            index += 1

    @staticmethod
    def _advance(watermark: ManualWatermarkEstimator, moment: Timestamp) -> None:
        current = watermark.current_watermark()
        if current is None or moment > current:
            watermark.set_watermark(moment)


class _ClockEvents:
    """Tick events for a TestStream served over gRPC: element ``t`` at ``t``, watermark ``t``.

    Waiting happens here, in the service's thread, never inside a DoFn.
    """

    def __init__(self, start: float, stop: float, tick: float, stop_file: str | None) -> None:
        self._clock = (start, stop, tick, stop_file)
        self._coder = FastPrimitivesCoder()

    def read_multiple(self, _specs):
        start, stop, tick, stop_file = self._clock
        index = 0
        while (due := start + index * tick) < stop:
            while time.time() < due:
                if stop_file and Path(stop_file).exists():
                    return
                time.sleep(min(0.2, max(0.0, due - time.time())))
            if stop_file and Path(stop_file).exists():
                return
            micros = int(due * 1_000_000)
            event = beam_runner_api_pb2.TestStreamPayload.Event
            yield event(
                element_event=event.AddElements(
                    elements=[
                        beam_runner_api_pb2.TestStreamPayload.TimestampedElement(
                            encoded_element=self._coder.encode(due), timestamp=micros
                        )
                    ],
                    tag="None",
                )
            )
            yield event(watermark_event=event.AdvanceWatermark(new_watermark=micros, tag="None"))
            index += 1


class Ticks(beam.PTransform):
    """A clock: tick times from ``start`` until ``stop`` (epoch seconds) or the stop file.

    On runners that track a splittable DoFn's watermark (Flink, Dataflow, Prism …) the clock
    is :class:`TickFn`. Beam's Python DirectRunner holds the output watermark of a splittable
    DoFn at -inf until it finishes (``runners/direct/sdf_direct_runner.py``), so no window
    would close before the stream stops; with ``served=True`` (the launcher's choice on the
    DirectRunner) the same ticks come from a ``TestStream`` fed live by Beam's
    ``TestStreamServiceController`` on a loopback port, which advances the watermark with
    every tick. Call :meth:`close` after the run.
    """

    def __init__(
        self,
        start: float,
        stop: float,
        tick_s: float,
        stop_file: str | None,
        served: bool = False,
    ) -> None:
        super().__init__()
        self._element = (start, stop, tick_s, stop_file)
        self._served = served
        self._service = None

    def expand(self, pbegin):
        if self._served:
            from apache_beam.testing.test_stream import TestStream
            from apache_beam.testing.test_stream_service import TestStreamServiceController

            self._service = TestStreamServiceController(
                _ClockEvents(*self._element), endpoint=None
            )
            self._service.start()
            return pbegin | "ServedClock" >> TestStream(
                coder=FastPrimitivesCoder(), endpoint=self._service.endpoint
            )
        element = self._element
        return (
            pbegin
            | "Impulse" >> beam.Impulse()
            | "ClockElement" >> beam.Map(lambda _: element)
            | "Tick" >> beam.ParDo(TickFn())
        )

    def close(self) -> None:
        if self._service is not None:
            self._service.stop()
            self._service = None


def entry_key(entry: dict[str, Any]) -> str:
    """What identifies an entry within its feed between polls (a changed entry is new)."""
    return f"{entry.get('guid') or entry.get('link')}|{entry.get('entry_sha256') or ''}"


def next_interval(
    interval: float, new_entries: int, elapsed: float, low: float, high: float
) -> float:
    """The adaptive poll interval after a poll that found ``new_entries`` in ``elapsed`` s."""
    if new_entries > 0:
        target = elapsed / new_entries  # about one new entry per poll
        interval = (interval + target) / 2
    else:
        interval *= 1.5
    return float(min(high, max(low, interval)))


class PollFeedsFn(beam.DoFn):
    """Keyed by feed URL; on each tick, polls the feed when it is due. Stateful."""

    FEED_STATE = ReadModifyWriteStateSpec("feed", PickleCoder())
    KNOWN_LIMIT = 5000

    def __init__(
        self,
        sources: dict[str, FeedSource],
        http: HttpSettings,
        feeds: FeedsConfig,
        stream: StreamConfig,
        state_uri: str,
    ) -> None:
        self._sources = sources
        self._http = dataclasses.replace(http, max_bytes=feeds.max_bytes)
        self._feeds = feeds
        self._stream = stream
        self._state_uri = state_uri
        self._client: HttpClient | None = None
        self.polls = Metrics.counter("stream", "polls")

    def setup(self) -> None:
        self._client = HttpClient(self._http)

    def teardown(self) -> None:
        if self._client is not None:
            self._client.close()

    def _bounds(self, source: FeedSource) -> tuple[float, float]:
        low = source.poll_min_s or self._stream.poll_min_s
        high = max(low, source.poll_max_s or self._stream.poll_max_s)
        return low, high

    def _first_state(self, source: FeedSource, now: float) -> dict[str, Any]:
        # A restarted stream starts from the validators the store has: an unchanged feed
        # answers 304 and nothing is handed on twice.
        validators = None
        if not source.is_local_file:
            with open_state(self._state_uri, read_only=True) as store:
                validators = store.feed_validators(source.url, rfc3339_seconds(now + 1))
        low, high = self._bounds(source)
        interval = min(high, max(low, self._stream.poll_interval_s))
        return {
            "validators": validators,
            "known": [],
            "interval": interval,
            "next_due": now,
            "last_poll": None,
        }

    def process(self, tick: tuple[str, float], feed=beam.DoFn.StateParam(FEED_STATE)):
        url, now = tick
        source = self._sources[url]
        state = feed.read() or self._first_state(source, now)
        if now < state["next_due"]:
            return
        self.polls.inc()
        assert self._client is not None
        read = read_feed(
            self._client,
            FeedJob(source, state["validators"]),
            self._feeds.max_bytes,
            self._feeds.max_entries,
        )
        count_feed(read)
        if read.error is not None:
            yield beam.pvalue.TaggedOutput(DEAD_LETTER, feed_dead_letter(read))
        status, entries = read.status, read.elements()
        known = set(state["known"])
        fresh = []
        for entry in entries:
            entry["entry_sha256"] = entry_sha256(entry)
            key = entry_key(entry)
            if key not in known:
                fresh.append(entry)
                known.add(key)
                state["known"].append(key)
        state["known"] = state["known"][-self.KNOWN_LIMIT :]
        elapsed = now - state["last_poll"] if state["last_poll"] is not None else state["interval"]
        low, high = self._bounds(source)
        state["interval"] = next_interval(state["interval"], len(fresh), elapsed, low, high)
        state["last_poll"] = now
        state["next_due"] = now + state["interval"]
        if status.get("body_sha256"):
            state["validators"] = {
                "etag": status.get("etag"),
                "last_modified": status.get("last_modified"),
                "body_sha256": status["body_sha256"],
            }
        status.update(new_entries=len(fresh), poll_interval_s=round(state["interval"], 1))
        yield beam.pvalue.TaggedOutput(FEED_STATUS, status)
        feed.write(state)
        yield from fresh


class PollFeeds(beam.PTransform):
    """Ticks → new feed entries, with ``feed_status`` and ``dead_letter`` outputs."""

    def __init__(self, fn: PollFeedsFn, feed_urls: list[str]) -> None:
        super().__init__()
        self._fn = fn
        self._urls = list(feed_urls)

    def expand(self, ticks):
        urls = self._urls
        return (
            ticks
            | "PerFeed" >> beam.FlatMap(lambda t: [(url, float(t)) for url in urls])
            | "Poll" >> beam.ParDo(self._fn).with_outputs(FEED_STATUS, DEAD_LETTER, main="entries")
        )
