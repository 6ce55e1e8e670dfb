import json

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline

from pipelines.transforms.sinks import WriteJsonLines, to_json_line


def test_json_lines_are_deterministic_and_utf8():
    assert to_json_line({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


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
