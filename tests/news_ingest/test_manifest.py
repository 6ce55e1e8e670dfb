from pathlib import Path

from pipelines.core.accounting import identity_holds
from pipelines.news_ingest.manifest import (
    remove_stale_shards,
    run_counts,
    shard_files,
    summarize_counts,
    write_json_atomic,
)


def test_identity():
    counts = {
        "entries_seen": 10,
        "records": 5,
        "skipped_seen": 1,
        "dead_letter": 2,
        "skipped_robots": 1,
        "deferred": 0,
        "filtered": 1,
    }
    assert identity_holds(counts)
    assert not identity_holds({**counts, "records": 4})


def test_stale_shards_of_the_window_only_are_removed(tmp_path):
    names = [
        "part-W-00000-of-00002.jsonl",
        "part-W-00001-of-00002.jsonl",
        "part-W-00000-of-00001.jsonl",
        "part-V-00000-of-00002.jsonl",
        "notes.txt",
    ]
    for name in names:
        (tmp_path / name).write_text("")
    removed = remove_stale_shards(tmp_path, "W", 1)
    assert [Path(p).name for p in removed] == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])
    assert [Path(p).name for p in shard_files(tmp_path, "W")] == ["part-W-00000-of-00001.jsonl"]


def test_summarize_counts(tmp_path):
    (tmp_path / "counts.jsonl").write_text(
        '{"key":"entries_seen","count":3}\n{"key":"records","count":2}\n'
        '{"key":"language:fr","count":2}\n{"key":"dead_letter","count":1}\n'
        '{"key":"dead_letter_reason:http_404","count":1}\n'
    )
    summary = summarize_counts(tmp_path)
    assert summary["counts"]["entries_seen"] == 3 and summary["counts"]["filtered"] == 0
    assert summary["languages"] == {"fr": 2}
    assert summary["dead_letter_by_reason"] == {"http_404": 1}


def test_counts_come_from_metrics_with_the_tallies_as_fallback(tmp_path):
    (tmp_path / "counts.jsonl").write_text(
        '{"key":"entries_seen","count":2}\n{"key":"records","count":2}\n'
        '{"key":"place:Oslo (NO)","count":1}\n'
    )
    summary, source, problems = run_counts(tmp_path, None)
    assert source == "work_tallies" and problems == [] and summary["counts"]["records"] == 2
    summary, source, problems = run_counts(tmp_path, {"entries_seen": 2, "records": 2})
    assert source == "beam_metrics" and problems == []
    assert summary["top_places"] == {"Oslo (NO)": 1}  # per-name counts: the tallies only
    summary, source, problems = run_counts(tmp_path, {"entries_seen": 3, "records": 2})
    assert summary["counts"]["entries_seen"] == 3
    assert len(problems) == 1 and "entries_seen" in problems[0]


def test_manifest_write_is_atomic(tmp_path):
    write_json_atomic(tmp_path / "_manifest.json", {"a": 1})
    assert [p.name for p in tmp_path.iterdir()] == ["_manifest.json"]
