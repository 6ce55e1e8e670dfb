"""A run whose output is an object store: Beam's S3 filesystem against moto's S3 server.

moto's server is started by the test on 127.0.0.1 (no other address is ever contacted: the
endpoint, the keys and the region are given, so boto3 looks for nothing else). The run's
records, dead letters, work files and manifest all go through Beam's ``FileSystems``; with
the work directory in the bucket nothing is spilled to this machine's disk.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.core.accounting import identity_holds
from pipelines.news_ingest.main import main
from testing.local_site import LocalSite, Reply
from tests.conftest import S3_BUCKET
from tests.support import article_html, rss

BUCKET = S3_BUCKET
WINDOW = ["--window-start", "2026-11-27T12:00:00Z", "--window-end", "2026-11-27T12:15:00Z"]
FAST = ["--set", "fetch.per_host_delay_s=0", "--set", "fetch.backoff_s=0.01"]


def newsroom(site: LocalSite, later: bool = False) -> str:
    for i in range(5):
        site.pages[f"/news/{i}"] = Reply(
            body=article_html(f"Harbour report {i}", f"Ferry timetable number {i} changes")
        )
    site.pages["/news/copy"] = Reply(
        body=article_html("Harbour report 0", "Ferry timetable number 0 changes").replace(
            b"Vell Valley Post", b"Other Desk"
        )
    )
    items = [{"title": f"R{i}", "link": site.url(f"/news/{i}"), "guid": str(i)} for i in range(5)]
    items += [
        {"title": "Copy", "link": site.url("/news/copy"), "guid": "c"},
        {"title": "Gone", "link": site.url("/gone"), "guid": "g"},
        {"title": "Again", "link": site.url("/news/1?utm_source=x"), "guid": "1b"},
    ]
    if later:  # the next window's feed: one story more
        site.pages["/news/new"] = Reply(body=article_html("Harbour late", "A night ferry added"))
        items.insert(0, {"title": "New", "link": site.url("/news/new"), "guid": "n"})
    site.pages["/rss.xml"] = Reply(body=rss(items, "en"), content_type="application/rss+xml")
    return site.url("/rss.xml")


def objects(client, prefix: str) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {
        o["Key"][len(prefix) :]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read()
        for o in listed
    }


def jsonl(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def run(feed: str, output: str, state: Path, site: LocalSite, *beam: str, window=WINDOW) -> int:
    return main(
        [
            "run",
            "--feed",
            feed,
            "--output",
            output,
            "--state",
            f"sqlite:///{state}",
            "--allow-address",
            f"127.0.0.1:{site.port}",
            *window,
            *FAST,
            "--",
            *beam,
        ]
    )


@pytest.mark.parametrize(
    "workers",
    [[], ["--direct_num_workers=2", "--direct_running_mode=multi_processing"]],
    ids=["in_process", "two_worker_processes"],
)
def test_records_dead_letters_and_manifest_land_in_the_bucket(s3, tmp_path, workers):
    client, beam_args = s3
    prefix = f"runs/{len(workers)}"
    local_out = tmp_path / "local"
    with LocalSite() as site:
        feed = newsroom(site)
        code = run(feed, f"s3://{BUCKET}/{prefix}", tmp_path / "s3.db", site, *beam_args, *workers)
        assert code == 0
        # The same feed, written locally (with spilling), for comparison.
        assert run(feed, str(local_out), tmp_path / "local.db", site) == 0
    stored = objects(client, prefix + "/")
    manifest = json.loads(stored["_manifest.json"])
    assert manifest["status"] == "succeeded" and manifest["identity_holds"]
    counts = manifest["counts"]
    assert identity_holds(counts)
    assert counts["entries_seen"] == 8 and counts["records"] == 6
    assert counts["dead_letter"] == 1 and counts["filtered"] == 1 and counts["duplicates"] == 1
    tag = manifest["window_tag"]
    assert manifest["files"]["records"] == [f"records/part-{tag}-00000-of-00001.jsonl"]
    # Everything listed is in the bucket, and the work directory is gone.
    assert sorted(stored) == sorted(
        ["_manifest.json", *manifest["files"]["records"], *manifest["files"]["dead_letter"]]
    )
    records = jsonl(stored[manifest["files"]["records"][0]])
    dead = jsonl(stored[manifest["files"]["dead_letter"][0]])
    assert len(records) == 6 and [d["reason"] for d in dead] == ["http_404"]
    # Nothing of the run on this machine's disk but the state store it was given.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["local", "local.db", "s3.db"]
    # Spilled locally or passed whole: the same records.
    local = json.loads((local_out / "_manifest.json").read_text())
    local_records = [
        json.loads(line)
        for name in local["files"]["records"]
        for line in (local_out / name).read_text().splitlines()
    ]

    def key(r):
        return (r["id"], r["data"]["content_sha256"], r["data"]["duplicate_of"])

    assert sorted(map(key, records)) == sorted(map(key, local_records))
    assert local["counts"] == counts


def test_a_second_window_in_the_bucket_skips_what_the_first_emitted(s3, tmp_path):
    client, beam_args = s3
    output = f"s3://{BUCKET}/again"
    with LocalSite() as site:
        feed = newsroom(site)
        assert run(feed, output, tmp_path / "state.db", site, *beam_args) == 0
        newsroom(site, later=True)
        later = [
            "--window-start",
            "2026-11-27T12:15:00Z",
            "--window-end",
            "2026-11-27T12:30:00Z",
        ]
        code = run(feed, output, tmp_path / "state.db", site, *beam_args, window=later)
    assert code == 0
    manifest = json.loads(objects(client, "again/")["_manifest.json"])
    counts = manifest["counts"]
    assert counts["entries_seen"] == 9 and counts["records"] == 1  # the new story only
    assert counts["skipped_seen"] == 6 and manifest["identity_holds"]


def test_an_object_store_output_needs_a_state_store(s3, capsys):
    _, beam_args = s3
    code = main(["run", "--feed", "feeds/x.xml", "--output", f"s3://{BUCKET}/x", "--", *beam_args])
    assert code == 2
    assert "--state" in capsys.readouterr().err
