"""ToEventRecords: articles in, schema-v1 CloudEvents records out; invalid ones dead-lettered."""

from __future__ import annotations

import base64
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.core.records import RecordValidator, build_record
from pipelines.transforms.common.outputs import DEAD_LETTER, dead_letter

__all__ = ["STATE", "ToEventRecords"]

STATE = "state"


def state_row(article: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """What the state store keeps of a written record (committed after the run succeeds)."""
    data = record["data"]
    return {
        "article_id": data["article_id"],
        "canonical_url": data["canonical_url"],
        "feed_url": data["feed_url"],
        "record_id": record["id"],
        "content_sha256": data["content_sha256"],
        "entry_sha256": article.get("entry_sha256"),
        "cluster_id": data["cluster_id"],
        "duplicate_of": data["duplicate_of"],
        "signature": base64.b64encode(article.get("signature") or b"").decode("ascii"),
        "shingles": article.get("shingles") or 0,
        "band_keys": article.get("band_keys") or [],
        "line_keys": article.get("line_keys") or [],
    }


class ToEventRecordFn(beam.DoFn):
    """Builds and validates one record; nothing invalid reaches the sink."""

    def __init__(self) -> None:
        self._validator: RecordValidator | None = None
        self.records = Metrics.counter("records", "valid")
        self.invalid = Metrics.counter("records", "invalid")

    def setup(self) -> None:
        self._validator = RecordValidator()

    def process(self, article: dict[str, Any]):
        assert self._validator is not None
        try:
            record = build_record(article)
        except Exception as exc:  # a missing field is a bug, but one article must not fail all
            self.invalid.inc()
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER, dead_letter("record", "record_failed", article, error=exc)
            )
            return
        problems = self._validator.errors(record)
        if problems:
            self.invalid.inc()
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER,
                dead_letter("record", "invalid_record", article, message="; ".join(problems[:3])),
            )
            return
        self.records.inc()
        yield record
        yield beam.pvalue.TaggedOutput(STATE, state_row(article, record))


class ToEventRecords(beam.PTransform):
    """Articles → validated event records, with ``dead_letter`` and ``state`` outputs."""

    def expand(self, articles):
        return articles | "BuildAndValidate" >> beam.ParDo(ToEventRecordFn()).with_outputs(
            DEAD_LETTER, STATE, main="records"
        )
