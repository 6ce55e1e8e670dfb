"""``wirestream stream`` end to end: feeds that gain items while the stream runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipelines.news_ingest.main import main
from testing.local_site import LocalSite, Reply
from tests.support import article_html, rss

FAST = [
    "--set",
    "fetch.per_host_delay_s=0",
    "--set",
    "fetch.respect_robots=false",
    "--set",
    "stream.tick_s=0.5",
    "--set",
    "stream.poll_min_s=1",
    "--set",
    "stream.poll_interval_s=1",
    "--set",
    "stream.poll_max_s=2",
]


class GrowingFeed:
    """A feed on a loopback server that publishes one new article every ``every_s``."""

    def __init__(self, site: LocalSite, name: str) -> None:
        self.site = site
        self.name = name
        self.items: list[dict[str, str]] = []
        self.published: list[str] = []
        self._stop = threading.Event()

    @property
    def url(self) -> str:
        return self.site.url(f"/{self.name}.xml")

    def publish(self) -> None:
        n = len(self.published)
        path = f"/{self.name}/story-{n}"
        self.site.pages[path] = Reply(
            body=article_html(f"{self.name} story {n}", f"{self.name} topic {n}")
        )
        self.items.insert(0, {"title": f"Story {n}", "link": self.site.url(path), "guid": path})
        self.site.pages[f"/{self.name}.xml"] = Reply(
            body=rss(self.items, "en"), content_type="application/rss+xml"
        )
        self.published.append(self.site.url(path))

    def keep_publishing(self, count: int, every_s: float) -> threading.Thread:
        def run() -> None:
            for _ in range(count):
                if self._stop.wait(every_s):
                    return
                self.publish()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


def stream_args(out: Path, feeds: list[str], *extra: str) -> list[str]:
    args = ["stream", "--output", str(out), "--allow-address", "127.0.0.1", *FAST]
    for feed in feeds:
        args += ["--feed", feed]
    return [*args, *extra]


def window_records(out: Path) -> dict[str, list[dict]]:
    return {
        path.name: [json.loads(line) for line in path.read_text().splitlines()]
        for path in sorted((out / "records").glob("*.jsonl"))
    }


def test_every_published_item_becomes_exactly_one_record_and_a_restart_repeats_none(tmp_path):
    out = tmp_path / "stream"
    with LocalSite() as site:
        wire, local = GrowingFeed(site, "wire"), GrowingFeed(site, "local")
        wire.publish()
        local.publish()
        threads = [wire.keep_publishing(5, 2.5), local.keep_publishing(3, 4.0)]
        try:
            assert (
                main(
                    stream_args(out, [wire.url, local.url], "--window", "5s", "--duration", "18s")
                )
                == 0
            )
        finally:
            wire.stop(), local.stop()
            for thread in threads:
                thread.join()
        published = wire.published + local.published
        files = window_records(out)
        urls = [r["data"]["url"] for records in files.values() for r in records]
        assert sorted(urls) == sorted(published)  # each item exactly once
        assert len([name for name, records in files.items() if records]) >= 2
        windows = [json.loads(p.read_text()) for p in sorted((out / "_windows").glob("*.json"))]
        assert windows and all(w["identity_holds"] for w in windows)
        # Windows are written as they close, not all when the stream stops.
        written = sorted(w["written_at"] for w in windows)
        assert written[0] < written[-1]
        intervals = {f["feed_url"]: f["poll_interval_s"] for w in windows for f in w["feeds"]}
        assert set(intervals) == {wire.url, local.url}
        assert all(1 <= v <= 2 for v in intervals.values())

        # A restart over the same output and state: nothing is written twice, and what is
        # published meanwhile is still picked up.
        wire.publish()
        assert (
            main(stream_args(out, [wire.url, local.url], "--window", "3s", "--duration", "5s"))
            == 0
        )
        again = window_records(out)
        urls_again = [r["data"]["url"] for records in again.values() for r in records]
        assert sorted(urls_again) == sorted([*published, wire.published[-1]])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_signal_finishes_the_open_windows_and_exits_cleanly(tmp_path, signum):
    out = tmp_path / "stream"
    with LocalSite() as site:
        feed = GrowingFeed(site, "wire")
        feed.publish()
        feed.publish()
        command = [sys.executable, "-m", "pipelines.news_ingest"]
        command += stream_args(out, [feed.url], "--window", "60s")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        try:
            deadline = time.monotonic() + 60
            # Wait until the feed has been polled (the first poll is at start-up).
            while time.monotonic() < deadline and not any(
                r.startswith("/wire.xml") for r in site.requests
            ):
                time.sleep(0.2)
            time.sleep(3)
            process.send_signal(signum)
            stdout, stderr = process.communicate(timeout=90)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, stderr.decode()[-2000:]
    # The 60 s window was still open: it was closed and written, not lost.
    urls = [r["data"]["url"] for records in window_records(out).values() for r in records]
    assert sorted(urls) == sorted(feed.published)
    assert b"identity holds" in stdout


@pytest.mark.parametrize("sink", ["parquet", "postgresql"])
def test_the_stream_writes_to_the_other_sinks_too(tmp_path, sink, request):
    out = tmp_path / "stream"
    extra = ["--format", "parquet"] if sink == "parquet" else []
    if sink == "postgresql":
        uri = request.getfixturevalue("postgres_uri")
        extra = ["--sink", uri]
    with LocalSite() as site:
        feed = GrowingFeed(site, "wire")
        for _ in range(3):
            feed.publish()
        args = stream_args(out, [feed.url], "--window", "3s", "--duration", "6s", *extra)
        assert main(args) == 0
    windows = [json.loads(p.read_text()) for p in (out / "_windows").glob("*.json")]
    assert sum(w["counts"].get("records", 0) for w in windows) == 3
    if sink == "parquet":
        import pyarrow.parquet as pq

        tables = [pq.read_table(p) for p in (out / "records").glob("*.parquet")]
        urls = sorted(row["data"]["url"] for t in tables for row in t.to_pylist())
    else:
        import psycopg

        with psycopg.connect(uri) as conn:
            urls = sorted(
                r[0] for r in conn.execute("SELECT record->'data'->>'url' FROM wirestream_records")
            )
    assert urls == sorted(feed.published)
