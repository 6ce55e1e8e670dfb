"""WriteToPostgres: records or dead letters upserted into PostgreSQL (``--sink postgresql://…``).

Each worker connects in ``setup()``, creates or migrates the tables once, buffers elements and
writes a batch every ``batch_size`` elements and at the end of each bundle, one transaction
per batch (:class:`pipelines.core.pgsink.PgWriter`). Rows are keyed by deterministic ids, so
a replayed bundle or a rerun window upserts the same rows again instead of adding to them. A
batch that still fails after the writer's retries raises, which fails the bundle and so the
run: nothing is dropped.

The output is one count per batch written; sum it to check it against what went in::

    written = records | WriteToPostgres(settings.sink, window_tag, "records")
    _ = written | beam.CombineGlobally(sum)
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindows

from pipelines.core.pgsink import TABLES, PgWriter, dead_letter_key
from pipelines.core.settings import SinkConfig

__all__ = ["WriteToPostgres"]


class WritePostgresBatchesFn(beam.DoFn):
    """Buffers elements and upserts them in batches; yields the rows written per batch.

    For ``dead_letters`` the elements are ``(key, dead letters)`` groups, kept whole in one
    batch so that copies sharing their key fields are numbered together.
    """

    def __init__(
        self,
        uri: str,
        window_tag: str,
        table: str,
        batch_size: int,
        max_retries: int,
        backoff_s: float,
    ) -> None:
        self._uri = uri
        self._window_tag = window_tag
        self._table = table
        self._batch_size = batch_size
        self._max_retries = max_retries
        self._backoff_s = backoff_s
        self._writer: PgWriter | None = None
        self._buffer: list[dict[str, Any]] = []
        self.rows = Metrics.counter("postgres_sink", f"{table}_written")
        self.batches = Metrics.counter("postgres_sink", f"{table}_batches")
        self.retries = Metrics.counter("postgres_sink", f"{table}_retries")

    def setup(self) -> None:
        self._writer = PgWriter(
            self._uri,
            self._window_tag,
            self._table,
            max_retries=self._max_retries,
            backoff_s=self._backoff_s,
        )
        self._writer.open()

    def start_bundle(self) -> None:
        self._buffer = []

    def process(self, element: Any):
        if self._table == "dead_letters":
            _, group = element
            self._buffer.extend(group)
        else:
            self._buffer.append(element)
        if len(self._buffer) >= self._batch_size:
            yield self._flush()

    def finish_bundle(self):
        if self._buffer:
            yield GlobalWindows.windowed_value(self._flush())

    def teardown(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _flush(self) -> int:
        assert self._writer is not None
        batch, self._buffer = self._buffer, []
        retried = self._writer.retries
        try:
            written = self._writer.write(batch)  # raises SinkError after the retries
        finally:
            self.retries.inc(self._writer.retries - retried)
        self.rows.inc(written)
        self.batches.inc()
        return written


class WriteToPostgres(beam.PTransform):
    """Upserts a window's records or dead letters into PostgreSQL; returns rows per batch.

    Args:
        sink: the sink settings: ``uri`` (``postgresql://user[:password]@host[:port]/db``),
            ``batch_size`` (elements per transaction) and ``max_retries`` (retries of a batch
            on connection loss, serialization failure or deadlock before the run fails).
        window_tag: the window the rows belong to, e.g. ``20261127T1200Z-20261127T1215Z``.
        table: ``records`` (event records) or ``dead_letters``.
        backoff_s: the first wait between attempts; doubled on each retry.
    """

    def __init__(
        self,
        sink: SinkConfig,
        window_tag: str,
        table: str = "records",
        *,
        backoff_s: float = 0.5,
    ) -> None:
        super().__init__()
        if table not in TABLES:
            raise ValueError(f"table must be one of {sorted(TABLES)}, not {table!r}")
        if not sink.uri:
            raise ValueError("sink.uri must name the PostgreSQL database")
        self._uri = sink.uri
        self._window_tag = window_tag
        self._table = table
        self._batch_size = sink.batch_size
        self._max_retries = sink.max_retries
        self._backoff_s = backoff_s

    def expand(self, items):
        fn = WritePostgresBatchesFn(
            self._uri,
            self._window_tag,
            self._table,
            self._batch_size,
            self._max_retries,
            self._backoff_s,
        )
        if self._table == "dead_letters":
            # Dead letters with the same key fields (two link-less entries of one feed) get
            # numbered ids; grouping brings them to one batch whatever the bundles.
            window_tag = self._window_tag
            items = (
                items
                | "KeyByFailure"
                >> beam.Map(lambda item: (dead_letter_key(window_tag, item), item))
                | "GroupSameFailures" >> beam.GroupByKey()
            )
        return items | "UpsertBatches" >> beam.ParDo(fn)
