"""Sinks: JSON Lines files with deterministic names per window.

Beam's file sink writes each shard to a temporary name and renames it when the bundle commits,
so a killed run leaves no partial final file, and the same window always maps to the same file
names, so a rerun replaces its output instead of adding to it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import apache_beam as beam

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
