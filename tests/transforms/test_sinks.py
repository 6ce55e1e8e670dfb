import json

import apache_beam as beam
from apache_beam.runners.portability.fn_api_runner import fn_runner as fn_api_runner
from apache_beam.testing.test_pipeline import TestPipeline

from pipelines.transforms.sinks import WriteJsonLines


def write(tmp_path, items, shards):
    with TestPipeline() as p:
        _ = p | beam.Create(items) | WriteJsonLines(tmp_path, "W1", shards)
    return sorted(tmp_path.glob("part-W1-*.jsonl"))


def test_same_window_rewrites_the_same_files(tmp_path):
    first = write(tmp_path, [{"n": i} for i in range(10)], 2)
    assert [f.name for f in first] == [
        "part-W1-00000-of-00002.jsonl",
        "part-W1-00001-of-00002.jsonl",
    ]
    again = write(tmp_path, [{"n": i} for i in range(3)], 2)
    assert again == first
    rows = [json.loads(line) for f in again for line in f.read_text().splitlines()]
    assert sorted(r["n"] for r in rows) == [0, 1, 2]
    assert not list(tmp_path.glob("*.tmp*")) and not [p for p in tmp_path.iterdir() if p.is_dir()]


def test_replayed_bundles_write_each_item_once(tmp_path):
    # Every bundle runs twice (the first run's outputs are discarded, its files are not).
    runner = fn_api_runner.FnApiRunner(bundle_repeat=1)
    items = [{"n": i} for i in range(25)]
    with beam.Pipeline(runner=runner) as p:
        _ = p | beam.Create(items) | WriteJsonLines(tmp_path, "W1", 1)
    (only,) = tmp_path.glob("part-W1-*.jsonl")
    assert only.name == "part-W1-00000-of-00001.jsonl"
    assert sorted(json.loads(line)["n"] for line in only.read_text().splitlines()) == list(
        range(25)
    )
    assert [p.name for p in tmp_path.iterdir()] == [only.name]  # no staging left behind


def test_a_window_without_items_gets_empty_files_in_a_new_directory(tmp_path):
    directory = tmp_path / "dead_letter"
    with TestPipeline() as p:
        _ = p | beam.Create([]) | WriteJsonLines(directory, "W1", 2)
    assert sorted(f.name for f in directory.iterdir()) == [
        "part-W1-00000-of-00002.jsonl",
        "part-W1-00001-of-00002.jsonl",
    ]
    assert all(f.stat().st_size == 0 for f in directory.iterdir())
