"""CommitWindows under TestStream: one set of files per window, late items in late panes."""

import json

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_stream import TestStream
from apache_beam.transforms import window
from apache_beam.transforms.trigger import AccumulationMode
from apache_beam.utils.timestamp import Duration

from pipelines.core.state import open_state
from pipelines.transforms.window_sink import CommitWindows, tag_events
from tests.conftest import S3_BUCKET

T0 = 1_795_000_000  # 2026-11-18T…Z, a multiple of 10 s


def record(i):
    return {"id": f"{i:032x}", "data": {"article_id": f"{i:032x}"}}


def state_row(i):
    return {
        "article_id": f"{i:032x}",
        "canonical_url": f"http://x.invalid/{i}",
        "record_id": f"{i:032x}",
        "content_sha256": "h",
        "cluster_id": f"{i:032x}",
        "signature": "",
        "shingles": 0,
        "band_keys": [],
    }


def events(i):
    return [
        tag_events("record")(record(i)),
        tag_events("state")(state_row(i)),
        ("window", ("count", ("entries_seen", 1))),
        ("window", ("count", ("records", 1))),
    ]


def test_windows_get_their_own_files_and_late_items_a_late_pane(tmp_path):
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    open_state(uri).close()
    stream = (
        TestStream()
        .add_elements([window.TimestampedValue(e, T0 + 1) for e in events(1) + events(2)])
        .add_elements([window.TimestampedValue(e, T0 + 12) for e in events(3)])
        .advance_watermark_to(T0 + 25)  # windows [T0, T0+10) and [T0+10, T0+20) close
        .add_elements([window.TimestampedValue(e, T0 + 5) for e in events(4)])  # late
        .advance_watermark_to_infinity()
    )
    options = PipelineOptions()
    options.view_as(StandardOptions).streaming = True
    summaries = []
    with beam.Pipeline(options=options) as p:
        out = (
            p
            | stream
            | beam.WindowInto(
                window.FixedWindows(10),
                allowed_lateness=Duration(seconds=60),
                accumulation_mode=AccumulationMode.DISCARDING,
            )
            | CommitWindows(tmp_path, uri, retention_days=30)
        )
        out | beam.Map(summaries.append)
    files = sorted(p.name for p in (tmp_path / "records").glob("*.jsonl"))
    assert len(files) == 3
    first, late, second = files  # sorted: window 1, its late pane, window 2
    assert "-late" in late and "-late" not in first + second
    ids = {
        name: [json.loads(line)["id"] for line in (tmp_path / "records" / name).open()]
        for name in files
    }
    assert ids[first] == [f"{1:032x}", f"{2:032x}"]
    assert ids[second] == [f"{3:032x}"]
    assert ids[late] == [f"{4:032x}"]
    manifests = sorted((tmp_path / "_windows").glob("*.json"))
    assert len(manifests) == 3
    for path in manifests:
        summary = json.loads(path.read_text())
        assert summary["identity_holds"]
    # The late pane added to its window's state; it did not replace the on-time rows.
    with open_state(uri) as store:
        known = store.seen([f"{i:032x}" for i in range(1, 5)], "2099-01-01T00:00:00Z")
    assert len(known) == 4


def test_windows_are_written_to_an_object_store(s3, tmp_path):
    client, beam_args = s3
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    open_state(uri).close()
    stream = (
        TestStream()
        .add_elements([window.TimestampedValue(e, T0 + 1) for e in events(1) + events(2)])
        .advance_watermark_to_infinity()
    )
    options = PipelineOptions(beam_args)
    options.view_as(StandardOptions).streaming = True
    with beam.Pipeline(options=options) as p:
        _ = (
            p
            | stream
            | beam.WindowInto(window.FixedWindows(10))
            | CommitWindows(f"s3://{S3_BUCKET}/stream", uri, retention_days=30)
        )
    keys = [
        o["Key"] for o in client.list_objects_v2(Bucket=S3_BUCKET, Prefix="stream/")["Contents"]
    ]
    assert len(keys) == 2  # no dead letters: no (empty) dead-letter object
    (records_key,) = [k for k in keys if k.startswith("stream/records/")]
    (summary_key,) = [k for k in keys if k.startswith("stream/_windows/")]
    body = client.get_object(Bucket=S3_BUCKET, Key=records_key)["Body"].read().decode()
    assert [json.loads(line)["id"] for line in body.splitlines()] == [f"{1:032x}", f"{2:032x}"]
    summary = json.loads(client.get_object(Bucket=S3_BUCKET, Key=summary_key)["Body"].read())
    assert summary["identity_holds"] and summary["counts"]["records"] == 2
