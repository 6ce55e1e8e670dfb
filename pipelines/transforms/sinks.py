"""Sinks: JSON Lines and Parquet files with deterministic names per window.

Beam's file sink writes each shard to a temporary name and renames it when the bundle commits,
so a killed run leaves no partial final file, and the same window always maps to the same file
names, so a rerun replaces its output instead of adding to it.

The Parquet sink's columns come from the JSON Schema (``pipelines.core.arrow_schema``), so the
two formats cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import apache_beam as beam

from pipelines.core.arrow_schema import arrow_schema
from schemas import load_schema

SHARD_TEMPLATE = "-SSSSS-of-NNNNN"


def to_json_line(item: Any) -> str:
    """One compact, key-sorted JSON document (UTF-8, not ASCII-escaped)."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def shard_prefix(directory: Path, window_tag: str) -> str:
    """The path prefix of a window's shards in ``directory``."""
    return str(directory / f"part-{window_tag}")


class WriteJsonLines(beam.PTransform):
    """Writes dicts as ``<dir>/part-<window>-SSSSS-of-NNNNN.jsonl``; returns the file names."""

    def __init__(self, directory: Path, window_tag: str, num_shards: int = 1) -> None:
        super().__init__()
        self._prefix = shard_prefix(directory, window_tag)
        self._num_shards = num_shards

    def expand(self, items):
        return (
            items
            | "ToJson" >> beam.Map(to_json_line)
            | "WriteFiles"
            >> beam.io.WriteToText(
                self._prefix,
                file_name_suffix=".jsonl",
                num_shards=self._num_shards,
                shard_name_template=SHARD_TEMPLATE,
            )
        )


class WriteParquet(beam.PTransform):
    """Writes records as ``<dir>/part-<window>-SSSSS-of-NNNNN.parquet``; returns the file names.

    The records are the schema-v1 dicts of ``build_record``; the Parquet schema is derived
    from the JSON Schema. Nested lists use the Parquet spec's compliant layout, which Spark,
    Trino and DuckDB read alike.
    """

    def __init__(
        self, directory: Path, window_tag: str, num_shards: int = 1, *, codec: str = "snappy"
    ) -> None:
        super().__init__()
        self._prefix = shard_prefix(directory, window_tag)
        self._num_shards = num_shards
        self._codec = codec
        self._schema = arrow_schema(load_schema())

    def expand(self, records):
        return records | "WriteFiles" >> beam.io.WriteToParquet(
            self._prefix,
            self._schema,
            codec=self._codec,
            use_compliant_nested_type=True,
            file_name_suffix=".parquet",
            num_shards=self._num_shards,
            shard_name_template=SHARD_TEMPLATE,
        )
