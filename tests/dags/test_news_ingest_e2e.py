"""news_ingest end to end with ``dag.test()``: the Beam task really runs the pipeline against a
loopback newsroom, records land in the interval's partition, the gate passes and the Asset
event is emitted; a rerun replaces the partition with identical records; the next interval
sees the shared state; a run the gate rejects emits no event."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from testing.local_site import LocalSite, Reply
from tests.dags.conftest import DAGS_DIR, airflow_cli, load_dag_file, need_airflow
from tests.support import article_html, rss

need_airflow()

from airflow.dag_processing.dagbag import DagBag  # noqa: E402
from airflow.models.asset import AssetDagRunQueue, AssetEvent, AssetModel  # noqa: E402
from airflow.utils.session import create_session  # noqa: E402
from sqlalchemy import select  # noqa: E402

# Fields that differ between two runs of the same window: when the page was fetched.
# Everything else in a record (ids, text, clusters, provenance) must be reproduced exactly.
VOLATILE_FIELDS = ("time", "data.fetched_at")
# `airflow dags test news_ingest DATE` (and dag.test) runs the interval that ends at DATE.
INTERVAL_1200 = datetime(2026, 11, 27, 12, 15, tzinfo=UTC)  # 12:00-12:15
INTERVAL_1215 = datetime(2026, 11, 27, 12, 30, tzinfo=UTC)  # 12:15-12:30
INTERVAL_1230 = datetime(2026, 11, 27, 12, 45, tzinfo=UTC)  # 12:30-12:45

consumer = load_dag_file("news_records_consumer.py")


class Newsroom:
    """Two outlets of a fictional valley on one loopback server."""

    def __init__(self, site: LocalSite) -> None:
        self.site = site
        self.stories = {
            "/herald/ferry": ("Ferry back on the lake", "lake ferry timetable"),
            "/herald/budget": ("Council passes the budget", "council budget vote"),
            "/courier/school": ("New school wing opens", "school wing opening"),
            "/courier/bridge": ("Bridge repairs delayed", "bridge repair delay"),
        }
        for path, (title, topic) in self.stories.items():
            site.pages[path] = Reply(body=article_html(title, topic))
        self.listed = {"/herald.xml": ["/herald/ferry", "/herald/budget"]}
        self.listed["/courier.xml"] = ["/courier/school", "/courier/bridge"]
        self.publish()

    def publish(self) -> None:
        for feed, paths in self.listed.items():
            items = [
                {
                    "title": self.stories[p][0],
                    "link": self.site.url(p),
                    "guid": p,
                    "pubDate": f"Fri, 27 Nov 2026 {8 + i:02d}:00:00 GMT",
                }
                for i, p in enumerate(paths)
            ]
            self.site.pages[feed] = Reply(
                body=rss(items, "en"), content_type="application/rss+xml"
            )

    def add(self, feed: str, path: str, title: str, topic: str) -> None:
        self.stories[path] = (title, topic)
        self.site.pages[path] = Reply(body=article_html(title, topic))
        self.listed[feed] = [path, *self.listed[feed]]
        self.publish()

    @property
    def feeds(self) -> list[str]:
        return [self.site.url(f) for f in self.listed]


def conf(newsroom: Newsroom, output_root: Path, **changes: Any) -> dict[str, Any]:
    return {
        "feeds": newsroom.feeds,
        "allow_addresses": ["127.0.0.1"],
        "output_root": str(output_root),
        "overrides": ["fetch.per_host_delay_s=0", "fetch.max_retries=0"],
        **changes,
    }


def run_dag(new_dag, logical_date: datetime, run_conf: dict[str, Any]) -> dict[str, Any]:
    """One ``dag.test()`` run; its state, task states and Asset events."""
    dr = new_dag().test(logical_date=logical_date, run_conf=run_conf)
    with create_session() as session:
        tasks = {ti.task_id: ti.state for ti in dr.get_task_instances(session=session)}
        events = session.scalars(
            select(AssetEvent)
            .join(AssetModel, AssetEvent.asset_id == AssetModel.id)
            .where(AssetModel.name == "wirestream_news_records")
            .where(AssetEvent.source_run_id == dr.run_id)
        ).all()
        queued = session.scalars(
            select(AssetDagRunQueue.target_dag_id).where(
                AssetDagRunQueue.target_dag_id == "news_records_consumer"
            )
        ).all()
        return {
            "state": dr.state,
            "tasks": tasks,
            "events": [dict(e.extra) for e in events],
            "consumer_queued": list(queued),
            "interval": (dr.data_interval_start, dr.data_interval_end),
        }


def normalized(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its VOLATILE_FIELDS."""
    out = json.loads(json.dumps(record))
    for dotted in VOLATILE_FIELDS:
        *parents, leaf = dotted.split(".")
        node = out
        for key in parents:
            node = node[key]
        del node[leaf]
    return out


def snapshot(partition: Path) -> dict[str, Any]:
    """The partition's record files: name → sorted normalized records; and the raw ids."""
    files = {}
    ids = []
    for path in sorted((partition / "records").glob("*.jsonl")):
        lines = [json.loads(line) for line in path.read_text().splitlines()]
        ids += [r["id"] for r in lines]
        files[path.name] = sorted((normalized(r) for r in lines), key=lambda r: r["id"])
    manifest = json.loads((partition / "_manifest.json").read_text())
    return {"files": files, "ids": ids, "manifest": manifest}


def fresh_dag():
    """news_ingest parsed anew, as a worker would: dag.test() leaves a run's conf in the
    task objects' params, so one DAG object must not serve two runs."""
    dag = DagBag(dag_folder=str(DAGS_DIR)).dags["news_ingest"]
    # Failures here should fail the test at once, not after the production retry delays.
    for task in dag.tasks:
        task.retries = 0
    return dag


@pytest.fixture(scope="module")
def dag(airflow_db):
    # The example consumer listens once unpaused: an event must queue a run of it.
    airflow_cli("dags", "unpause", "news_records_consumer")
    return fresh_dag


@pytest.fixture(scope="module")
def runs(dag, tmp_path_factory):
    """Interval 12:00 twice, then 12:15 with one new article, sharing one output root."""
    root = tmp_path_factory.mktemp("news")
    out: dict[str, Any] = {"root": root}
    with LocalSite() as site:
        newsroom = Newsroom(site)
        out["first"] = run_dag(dag, INTERVAL_1200, conf(newsroom, root))
        out["first_files"] = snapshot(root / "dt=2026-11-27" / "1200")
        out["again"] = run_dag(dag, INTERVAL_1200, conf(newsroom, root))
        out["again_files"] = snapshot(root / "dt=2026-11-27" / "1200")
        newsroom.add("/herald.xml", "/herald/museum", "Museum roof mended", "museum roof work")
        out["next"] = run_dag(dag, INTERVAL_1215, conf(newsroom, root))
        out["next_files"] = snapshot(root / "dt=2026-11-27" / "1215")
        out["requests"] = list(site.requests)
    return out


def test_a_run_writes_the_interval_partition_and_publishes_the_asset(runs):
    first, root = runs["first"], runs["root"]
    assert first["state"] == "success", first["tasks"]
    assert first["tasks"] == {
        "plan": "success",
        "beam_ingest": "success",
        "quality_gate": "success",
    }
    partition = root / "dt=2026-11-27" / "1200"
    manifest = runs["first_files"]["manifest"]
    assert manifest["status"] == "succeeded" and manifest["identity_holds"] is True
    assert manifest["window"] == {"start": "2026-11-27T12:00:00Z", "end": "2026-11-27T12:15:00Z"}
    assert manifest["counts"]["records"] == 4 and manifest["dead_letter_ratio"] == 0
    # The state store is shared under the output root, not kept per partition.
    assert manifest["state_uri"] == f"sqlite:///{root}/_state/state.db"
    assert (root / "_state" / "state.db").is_file() and not (partition / "_state").exists()
    [name] = runs["first_files"]["files"]
    assert name == "part-20261127T1200Z-20261127T1215Z-00000-of-00001.jsonl"
    urls = sorted(r["data"]["url"] for r in runs["first_files"]["files"][name])
    assert [u.split("/", 3)[3] for u in urls] == [
        "courier/bridge",
        "courier/school",
        "herald/budget",
        "herald/ferry",
    ]
    # Exactly one Asset event, pointing at what the gate checked.
    [event] = first["events"]
    assert event["partition"] == str(partition)
    assert event["window"] == manifest["window"] and event["record_count"] == 4
    assert event["records"] == [str(partition / "records" / name)]
    assert event["run_id"] == manifest["run_id"]
    assert "news_records_consumer" in first["consumer_queued"]
    # The example consumer reads the published records.
    summary = consumer.summarize(event)
    assert summary["records"] == 4 and summary["languages"] == {"en": 4}
    assert sum(summary["sources"].values()) == 4 and len(summary["sources"]) == 2


def test_rerunning_an_interval_replaces_its_output_exactly(runs):
    first, again = runs["first_files"], runs["again_files"]
    assert runs["again"]["state"] == "success"
    assert again["files"] == first["files"]  # same file names, same records but VOLATILE_FIELDS
    assert len(again["ids"]) == len(set(again["ids"])) == 4
    assert sorted(again["ids"]) == sorted(first["ids"])
    assert again["manifest"]["counts"] == first["manifest"]["counts"]
    assert again["manifest"]["run_id"] != first["manifest"]["run_id"]
    partition = runs["root"] / "dt=2026-11-27" / "1200"
    # Nothing else accumulates (the pipeline leaves an empty _work/ behind).
    assert {p.name for p in partition.iterdir()} - {"_work"} == {
        "_manifest.json",
        "dead_letter",
        "records",
    }
    assert not any(p.is_file() for p in partition.glob("_work/**/*"))
    assert [p.name for p in (partition / "dead_letter").iterdir()] == [
        "part-20261127T1200Z-20261127T1215Z-00000-of-00001.jsonl"
    ]
    # The rerun publishes its (identical) records again, under its own run.
    [event] = runs["again"]["events"]
    assert event["run_id"] == again["manifest"]["run_id"]


def test_the_next_interval_sees_the_history_of_earlier_ones(runs):
    nxt = runs["next_files"]
    assert runs["next"]["state"] == "success"
    assert runs["next"]["interval"] == (INTERVAL_1200.replace(minute=15), INTERVAL_1215)
    manifest = nxt["manifest"]
    counts = manifest["counts"]
    # Only the new article: the herald's two others are known from the shared state store,
    # and the courier's feed is unchanged since 12:00 (its body hash is in the store too).
    assert counts["records"] == 1 and counts["skipped_seen"] == 2
    assert {f["feed_url"].rsplit("/", 1)[1]: f["status"] for f in manifest["feeds"]} == {
        "courier.xml": "unchanged",
        "herald.xml": "ok",
    }
    [records] = nxt["files"].values()
    assert [r["data"]["title"] for r in records] == ["Museum roof mended"]
    assert set(nxt["ids"]).isdisjoint(runs["first_files"]["ids"])
    [event] = runs["next"]["events"]
    assert event["partition"].endswith("dt=2026-11-27/1215") and event["record_count"] == 1


def test_a_run_the_gate_rejects_emits_no_asset_event(dag, tmp_path):
    with LocalSite() as site:
        newsroom = Newsroom(site)
        site.pages["/courier/bridge"] = Reply(404, b"<html><body>gone</body></html>")
        # The pipeline's own limit (0.5) lets 1 dead letter in 4 entries through; the gate's
        # stricter threshold does not.
        result = run_dag(dag, INTERVAL_1230, conf(newsroom, tmp_path, max_dead_letter_ratio=0.1))
    assert result["tasks"] == {
        "plan": "success",
        "beam_ingest": "success",
        "quality_gate": "failed",
    }
    assert result["state"] == "failed"
    assert result["events"] == []
    manifest = json.loads((tmp_path / "dt=2026-11-27" / "1230" / "_manifest.json").read_text())
    assert manifest["status"] == "succeeded" and manifest["dead_letter_ratio"] == 0.25


def test_a_run_without_feeds_stops_in_plan(dag, tmp_path):
    result = run_dag(dag, INTERVAL_1230, {"output_root": str(tmp_path)})
    assert result["tasks"]["plan"] == "failed" and result["events"] == []
    assert result["tasks"]["beam_ingest"] == "upstream_failed"
    assert list(tmp_path.iterdir()) == []
