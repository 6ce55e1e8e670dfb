"""The streaming sink: one set of files per fixed window, written when the window closes.

Everything a window produced — records, dead letters, the state rows of its records, the ids
it skipped as seen, feed statuses and one count per outcome — is grouped under one key per
window. When the watermark passes the window's end the group fires once and
``CommitWindowFn``:

1. writes ``records/part-<window>-00000-of-00001.jsonl`` (or ``.parquet``) and the dead
   letters beside it (temporary name, then rename: a reader never sees half a file), or
   upserts them into PostgreSQL with ``sink.kind: postgresql``;
2. then commits the window to the state store (articles, clusters, band keys, still-listed
   articles, feed validators) — only after its records are on disk, as in a batch run;
3. writes ``_windows/<window>.json``: the window's counts, its accounting identity and the feed
   statuses (with each feed's current poll interval).

A window is written exactly once per stream (items arriving after it closed, within the
allowed lateness, go to ``part-<window>-lateNNN-…`` files); a restarted stream writes later
windows.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from datetime import timedelta
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.utils.windowed_value import PaneInfoTiming

from pipelines.core import storage
from pipelines.core.accounting import identity_holds
from pipelines.core.clock import rfc3339_seconds
from pipelines.core.settings import SinkConfig
from pipelines.core.state import open_state
from pipelines.core.storage import to_json_line
from pipelines.transforms.common.tally import count_pairs
from pipelines.transforms.common.windows import window_end_key, window_start_key, window_tag

__all__ = ["CommitWindows", "count_events", "tag_events"]

JSONL_SINK = SinkConfig()
"""The default sink: JSON Lines files under the output."""


def write_atomic(path: str, lines: list[str]) -> None:
    storage.write_bytes(path, "".join(line + "\n" for line in lines).encode("utf-8"))


class CommitWindowFn(beam.DoFn):
    """Writes one window's files, then commits its state; yields the window's summary."""

    def __init__(
        self,
        output: str,
        state_uri: str,
        retention_days: float,
        sink: SinkConfig = JSONL_SINK,
    ) -> None:
        self._output = str(output)
        self._state_uri = state_uri
        self._retention_days = retention_days
        self._sink = sink
        self.windows = Metrics.counter("stream", "windows_written")

    def _write_records(self, tag: str, records: list[dict], dead: list[dict]) -> str:
        """The window's records (and dead letters) to the configured sink; returns where."""
        name = f"part-{tag}-00000-of-00001"
        sink = self._sink
        if sink.kind == "postgresql":
            from pipelines.core.pgsink import PgWriter

            assert sink.uri is not None
            for table, items, size in (
                ("records", records, sink.batch_size),
                ("dead_letters", dead, max(1, len(dead))),  # numbered together: one batch
            ):
                with PgWriter(sink.uri, tag, table, max_retries=sink.max_retries) as writer:
                    for start in range(0, len(items), size):
                        writer.write(items[start : start + size])
            return "postgresql"
        if dead:
            lines = [to_json_line(d) for d in dead]
            write_atomic(storage.join(self._output, "dead_letter", f"{name}.jsonl"), lines)
        if sink.kind == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            from pipelines.core.arrow_schema import arrow_schema, to_arrow_rows
            from schemas import load_schema

            schema = arrow_schema(load_schema())
            table = pa.Table.from_pylist(list(to_arrow_rows(records, schema)), schema=schema)
            with storage.create_atomic(
                storage.join(self._output, "records", f"{name}.parquet")
            ) as handle:
                pq.write_table(table, handle)
            return f"records/{name}.parquet"
        write_atomic(
            storage.join(self._output, "records", f"{name}.jsonl"),
            [to_json_line(r) for r in records],
        )
        return f"records/{name}.jsonl"

    def process(
        self, keyed: tuple[str, Any], window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam
    ):
        _, events = keyed
        tag = window_tag(window)
        start = window_start_key(window)
        late = pane.timing == PaneInfoTiming.LATE
        if late:
            # Items that arrive after their window closed get files of their own, never lost
            # and never overwriting the window's on-time files.
            tag = f"{tag}-late{pane.index:03d}"
        records, dead, rows, seen, feeds, deferred = [], [], [], [], [], []
        counts: Counter[str] = Counter()
        for kind, value in events:
            if kind == "record":
                records.append(value)
            elif kind == "dead_letter":
                dead.append(value)
            elif kind == "state":
                rows.append({**value, "signature": base64.b64decode(value["signature"])})
            elif kind == "seen":
                seen.append(value)
            elif kind == "feed":
                feeds.append(value)
            elif kind == "deferred":
                deferred.append(value)
            elif kind == "count":
                key, n = value
                counts[key] += n
        records.sort(key=lambda r: r["id"])
        feeds.sort(key=lambda f: (f["feed_url"], f["checked_at"]))  # the latest poll wins
        dead.sort(key=lambda d: (d["stage"], d["reason"], d.get("url") or "", d["time"]))
        where = self._write_records(tag, records, dead)
        horizon = window.start.to_utc_datetime() - timedelta(days=self._retention_days)
        with open_state(self._state_uri) as store:
            committed = {
                "records": store.commit(rows, start, replace=not late),
                "still_listed": store.touch(seen, start),
                "feeds": store.commit_feeds(feeds, start),
                # Retried by the next batch run over these feeds (or the next stream's start).
                "deferred": store.commit_deferred(deferred, [], start),
                "pruned": store.prune(horizon.strftime("%Y-%m-%dT%H:%M:%SZ")),
            }
        summary = {
            "window_tag": tag,
            "window": {"start": start, "end": window_end_key(window)},
            "written_at": rfc3339_seconds(),
            "counts": dict(sorted(counts.items())),
            "identity_holds": identity_holds(counts),
            "state_committed": committed,
            "feeds": feeds,
            "files": {"records": where},
        }
        manifest = storage.join(self._output, "_windows", f"{tag}.json")
        write_atomic(manifest, [json.dumps(summary, indent=2, ensure_ascii=False)])
        self.windows.inc()
        yield summary


def tag_events(kind: str):
    """``(kind, value)`` pairs under the one key that groups a window's events."""
    return lambda value: ("window", (kind, value))


def count_events(keys_of):
    """``("count", (key, n))`` events for each outcome key ``keys_of(value)`` yields."""
    pairs = count_pairs(keys_of)
    return lambda value: [("window", ("count", pair)) for pair in pairs(value)]


class CommitWindows(beam.PTransform):
    """Per-window events → files and state, once each window closes; → window summaries."""

    def __init__(
        self,
        output: str,
        state_uri: str,
        retention_days: float,
        sink: SinkConfig = JSONL_SINK,
    ) -> None:
        super().__init__()
        self._fn = CommitWindowFn(str(output), state_uri, retention_days, sink)

    def expand(self, events):
        return events | "GroupWindow" >> beam.GroupByKey() | "Commit" >> beam.ParDo(self._fn)
