"""Sinks: JSON Lines and Parquet files with deterministic names per window.

Each bundle writes its own file (JSON Lines: a DoFn; Parquet: Beam's file sink without a fixed
shard count), so no record waits in a shuffle; then one step merges the bundle files into the
window's ``num_shards`` final files, streaming, and renames each into place. Nothing holds a
window's records in memory, a killed run leaves no partial final file, and the same window
always maps to the same file names, so a rerun replaces its output instead of adding to it.

The Parquet sink's columns come from the JSON Schema (``pipelines.core.arrow_schema``), so the
two formats cannot drift apart.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import uuid
from collections.abc import Sequence
from typing import Any

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.windowed_value import WindowedValue

from pipelines.core import storage
from pipelines.core.arrow_schema import arrow_schema
from pipelines.core.storage import to_json_line
from schemas import load_schema

__all__ = ["WriteJsonLines", "WriteLines", "WriteParquet"]

SHARD_TEMPLATE = "-SSSSS-of-NNNNN"


def shard_prefix(directory: str, window_tag: str) -> str:
    """The path prefix of a window's shards in ``directory`` (local or an object store)."""
    return storage.join(str(directory), f"part-{window_tag}")


def shard_paths(prefix: str, suffix: str, num_shards: int) -> list[str]:
    """The final file names of a window: ``<prefix>-SSSSS-of-NNNNN<suffix>``."""
    return [f"{prefix}-{n:05d}-of-{num_shards:05d}{suffix}" for n in range(num_shards)]


def _staging_dir(final_paths: Sequence[str]) -> str:
    first = final_paths[0]
    return storage.join(storage.parent(first), f".staging-{storage.name(first)}")


def merge_lines(staged: Sequence[str], final_paths: Sequence[str]) -> list[str]:
    """Streams the lines of the bundle files into the final files (round robin over lines
    with several), each appearing whole when all are written (``storage.create_atomic``)."""
    with contextlib.ExitStack() as stack:
        outs = [stack.enter_context(storage.create_atomic(path)) for path in final_paths]
        if len(outs) == 1:
            for name in sorted(staged):
                with storage.open_read(name) as source:
                    shutil.copyfileobj(source, outs[0], 1 << 20)
        else:
            n = 0
            for name in sorted(staged):
                with storage.open_read(name) as source:
                    for line in source:
                        outs[n % len(outs)].write(line)
                        n += 1
    return list(final_paths)


def merge_parquet(
    staged: Sequence[str], final_paths: Sequence[str], schema: pa.Schema, codec: str
) -> list[str]:
    """Streams the row batches of the bundle files into the final files (round robin over
    batches with several); every final file exists, with no rows if none came its way."""
    with contextlib.ExitStack() as stack:
        writers = []
        for path in final_paths:
            handle = stack.enter_context(storage.create_atomic(path))
            writer = pq.ParquetWriter(
                handle, schema, compression=codec, use_compliant_nested_type=True
            )
            stack.callback(writer.close)  # closed before its file (callbacks run last first)
            writers.append(writer)
        n = 0
        for name in sorted(staged):
            with storage.open_read(name) as source:
                for batch in pq.ParquetFile(source).iter_batches(batch_size=1024):
                    if batch.num_rows:
                        writers[n % len(writers)].write_batch(batch)
                        n += 1
    return list(final_paths)


class _MergeFn(beam.DoFn):
    """Merges the staged bundle files into the final files once all are written."""

    def __init__(self, final_paths: Sequence[str], merge: Any) -> None:
        self._final_paths = list(final_paths)
        self._merge = merge

    def process(self, _: Any, staged: list[str]):
        replayed = not any(storage.exists(name) for name in staged) and all(
            storage.exists(path) for path in self._final_paths
        )
        if staged and replayed:  # the first attempt merged and removed the staged files
            yield from self._final_paths
            return
        yield from self._merge(staged, self._final_paths)
        storage.delete_tree(_staging_dir(self._final_paths))


class _WriteMerged(beam.PTransform):
    """Bundle files in a staging directory next to the final files, then one merge."""

    def __init__(self, final_paths: Sequence[str], suffix: str) -> None:
        super().__init__()
        if not final_paths:
            raise ValueError("at least one final file is needed")
        self._final_paths = list(final_paths)
        self._suffix = suffix

    def write_bundles(self, items, staging: str):
        """Writes each bundle's items to a file in ``staging``; returns the file names."""
        raise NotImplementedError

    def merger(self) -> Any:
        """A picklable ``(staged, final_paths) -> final_paths``."""
        raise NotImplementedError

    def expand(self, items):
        staging = _staging_dir(self._final_paths)
        staged = self.write_bundles(items, staging)
        return (
            items.pipeline
            | "MergeOnce" >> beam.Create([None])
            | "MergeBundles"
            >> beam.ParDo(_MergeFn(self._final_paths, self.merger()), beam.pvalue.AsList(staged))
        )


class _WriteBundleLinesFn(beam.DoFn):
    """Writes the lines of a bundle to one new file; yields its name when the bundle ends.

    A bundle that fails and is retried leaves an unnamed file behind, which the merge never
    reads (it reads the names only) and removes with the staging directory."""

    def __init__(self, staging_dir: str, suffix: str) -> None:
        self._staging_dir = staging_dir
        self._suffix = suffix
        self._file: Any = None
        self._path = ""

    def start_bundle(self) -> None:
        self._file = None

    def process(self, line: str):
        if self._file is None:
            self._path = storage.join(self._staging_dir, f"{uuid.uuid4().hex}{self._suffix}")
            self._file = storage.create(self._path)
        self._file.write(line.encode("utf-8"))
        self._file.write(b"\n")

    def finish_bundle(self):
        if self._file is not None:
            self._file.close()
            self._file = None
            yield WindowedValue(self._path, GlobalWindow().max_timestamp(), [GlobalWindow()])


class WriteLines(_WriteMerged):
    """Writes strings, one per line, to the given files; returns the file names."""

    def write_bundles(self, items, staging: str):
        return items | "WriteBundles" >> beam.ParDo(_WriteBundleLinesFn(staging, self._suffix))

    def merger(self) -> Any:
        return merge_lines


class WriteJsonLines(beam.PTransform):
    """Writes dicts as ``<dir>/part-<window>-SSSSS-of-NNNNN.jsonl``; returns the file names."""

    def __init__(self, directory: str, window_tag: str, num_shards: int = 1) -> None:
        super().__init__()
        self._paths = shard_paths(shard_prefix(directory, window_tag), ".jsonl", num_shards)

    def expand(self, items):
        return (
            items
            | "ToJson" >> beam.Map(to_json_line)
            | "WriteFiles" >> WriteLines(self._paths, ".jsonl")
        )


class _ParquetBundles(_WriteMerged):
    def __init__(self, final_paths: Sequence[str], schema: pa.Schema, codec: str) -> None:
        super().__init__(final_paths, ".parquet")
        self._schema = schema
        self._codec = codec

    def write_bundles(self, items, staging: str):
        return items | "WriteBundles" >> beam.io.WriteToParquet(
            storage.join(staging, "bundle"),
            self._schema,
            codec=self._codec,
            use_compliant_nested_type=True,
            file_name_suffix=".parquet",
            shard_name_template=SHARD_TEMPLATE,
        )

    def merger(self) -> Any:
        return functools.partial(merge_parquet, schema=self._schema, codec=self._codec)


class WriteParquet(beam.PTransform):
    """Writes records as ``<dir>/part-<window>-SSSSS-of-NNNNN.parquet``; returns the file names.

    The records are the schema-v1 dicts of ``build_record``; the Parquet schema is derived
    from the JSON Schema. Nested lists use the Parquet spec's compliant layout, which Spark,
    Trino and DuckDB read alike.
    """

    def __init__(
        self, directory: str, window_tag: str, num_shards: int = 1, *, codec: str = "snappy"
    ) -> None:
        super().__init__()
        self._paths = shard_paths(shard_prefix(directory, window_tag), ".parquet", num_shards)
        self._schema = arrow_schema(load_schema())
        self._codec = codec

    def expand(self, records):
        return records | "WriteFiles" >> _ParquetBundles(self._paths, self._schema, self._codec)
