"""The demo newsroom end to end: ``wirestream demo`` against the bundled fictional outlets."""

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest

from pipelines.core.records import RecordValidator
from pipelines.demo.site import expected_outcomes
from pipelines.news_ingest.main import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    code = main(["demo", "--output", str(out)])
    manifest = json.loads((out / "_manifest.json").read_text())
    records = [
        json.loads(line)
        for f in sorted((out / "records").glob("*.jsonl"))
        for line in f.read_text().splitlines()
    ]
    dead = [
        json.loads(line)
        for f in sorted((out / "dead_letter").glob("*.jsonl"))
        for line in f.read_text().splitlines()
    ]
    return code, manifest, records, dead


def test_demo_outcomes_match_the_newsroom(demo):
    code, manifest, records, dead = demo
    expected = expected_outcomes()
    assert code == 0 and manifest["status"] == "succeeded" and manifest["identity_holds"]
    outcomes = Counter(row["outcome"] for row in expected)
    assert manifest["counts"]["entries_seen"] == len(expected)
    assert manifest["counts"]["records"] == outcomes["record"] == len(records)
    assert manifest["counts"]["filtered"] == outcomes["duplicate_url"]
    assert Counter(d["reason"] for d in dead) == Counter(
        row["reason"] for row in expected if row["outcome"] == "dead_letter"
    )


def test_demo_records_languages_and_wire_copies(demo):
    _, manifest, records, _ = demo
    validator = RecordValidator()
    assert all(validator.errors(r) == [] for r in records)
    by_path = {urlsplit(r["data"]["url"]).path: r["data"] for r in records}
    expected = [row for row in expected_outcomes() if row["outcome"] == "record"]
    assert {row["final_path"] for row in expected} == set(by_path)
    for row in expected:
        assert by_path[row["final_path"]]["language"] == row["language"], row["final_path"]
    assert len(manifest["languages"]) >= 5
    # Identical wire copies and lightly rewritten copies both join their story's cluster;
    # no other article is linked.
    groups: dict[str, set] = {}
    for row in expected:
        story = row["wire_group"] or row["near_duplicate_of"]
        if story:
            groups.setdefault(story, set()).add(by_path[row["final_path"]]["cluster_id"])
    assert groups and all(len(clusters) == 1 for clusters in groups.values())
    assert manifest["counts"]["duplicate_clusters"] == len(groups)
    copies = sum(1 for r in expected if r["wire_group"] or r["near_duplicate_of"]) - len(groups)
    assert manifest["counts"]["duplicates"] == copies
    rewrites = [by_path[r["final_path"]] for r in expected if r["near_duplicate_of"]]
    assert rewrites and all(0.5 <= d["similarity"] < 1.0 for d in rewrites)
    for data in by_path.values():
        if data["duplicate_of"] is None:
            assert data["cluster_id"] == data["article_id"] and data["similarity"] is None


def test_demo_is_reproducible(demo, tmp_path):
    _, _, records, _ = demo
    assert main(["demo", "--output", str(tmp_path)]) == 0
    again = [
        json.loads(line)
        for f in sorted((tmp_path / "records").glob("*.jsonl"))
        for line in f.read_text().splitlines()
    ]

    # Ports are ephemeral, so ids (derived from URLs) differ; everything else is identical.
    def view(recs):
        return sorted(
            (
                urlsplit(r["data"]["url"]).path,
                r["data"]["content_sha256"],
                r["data"]["language"],
                r["data"]["duplicate_of"] is None,
                r["data"]["published_at"],
                r["data"]["title"],
            )
            for r in recs
        )

    assert view(again) == view(records)
