"""Streaming latency: from an item appearing in its feed to its record being on disk.

    .venv/bin/python -m benchmarks.stream_latency                # 90 s stream, 10 s windows
    .venv/bin/python -m benchmarks.stream_latency --duration 300 --window 30 --poll 10

A loopback server publishes fictional articles into three feeds at random moments while
``wirestream stream`` runs in this process (DirectRunner, streaming). For every item the
latency is the modification time of the record file holding it minus the moment it was
added to its feed. The target is p95 ≤ poll interval + window length + 5 s: an item waits at
most one poll interval to be seen and at most one window to be written.

Options: ``--duration S`` (default 90), ``--window S`` (10), ``--poll S`` (5; the poll interval
is fixed: min = max), ``--every S`` (mean gap between items per feed, 3), ``--seed N``,
``--json PATH`` (default ``benchmarks/results/stream_latency.json``).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS_DIR, print_metadata, run_metadata, write_results
from benchmarks.corpus import RespondingServer, Response

_VOCABULARY = """
harbour council ferry bridge valley assembly budget river school market weather storm minister
mayor village station museum library port vote plan project report repairs opening delay
contract workers residents engineers officials traders visitors the a of in on at for with from
by to and but said after before while would could will has
"""
WORDS = tuple(_VOCABULARY.split())


def article_page(seed: int, title: str) -> bytes:
    rng = random.Random(seed)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)) + ".</p>" for _ in range(5)
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


class Newsroom:
    """Feeds that gain items at random moments; remembers when each item appeared."""

    def __init__(self, feeds: int, seed: int) -> None:
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.items: dict[str, list[tuple[str, str]]] = {f"/feed{i}.xml": [] for i in range(feeds)}
        self.appeared: dict[str, float] = {}
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.server = RespondingServer(
            self._answer, protocol_version="HTTP/1.0", name="stream-newsroom"
        )
        self.base = self.server.base
        self.server.start()
        for feed in self.items:
            self._render(feed)

    def _answer(self, path: str) -> Response:
        with self.lock:
            found = self.pages.get(path)
        body, ctype = found or (b"not found", "text/plain")
        return 200 if found else 404, ctype, body

    def _render(self, feed: str) -> None:
        entries = "".join(
            f"<item><title>{title}</title><link>{self.base}{path}</link><guid>{path}</guid></item>"
            for path, title in self.items[feed][:50]
        )
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{feed}'
            f"</title><language>en</language>{entries}</channel></rss>"
        ).encode()
        self.pages[feed] = (body, "application/rss+xml")

    def publish(self, feed: str) -> None:
        with self.lock:
            n = len(self.appeared)
            path = f"/story/{n}"
            title = f"Story {n}"
            self.pages[path] = (article_page(n, title), "text/html; charset=utf-8")
            self.items[feed].insert(0, (path, title))
            self._render(feed)
            self.appeared[self.base + path] = time.time()

    def run(self, until: float, every_s: float, stop: threading.Event) -> None:
        due = {feed: time.time() + self.rng.expovariate(1 / every_s) for feed in self.items}
        while not stop.is_set() and time.time() < until:
            feed, moment = min(due.items(), key=lambda kv: kv[1])
            if stop.wait(max(0.0, moment - time.time())):
                return
            if time.time() >= until:
                return
            self.publish(feed)
            due[feed] = time.time() + self.rng.expovariate(1 / every_s)

    def close(self) -> None:
        self.server.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(duration: float, window: float, poll: float, every: float, seed: int) -> dict:
    from pipelines.news_ingest.main import main as wirestream

    newsroom = Newsroom(3, seed)
    out = Path(tempfile.mkdtemp(prefix="wirestream-latency-"))
    stop = threading.Event()
    # Items stop appearing one window + two polls before the end, so each can be written.
    publisher = threading.Thread(
        target=newsroom.run, args=(time.time() + duration - window - 2 * poll, every, stop)
    )
    args = ["stream", "--output", str(out), "--allow-address", "127.0.0.1"]
    for feed in newsroom.items:
        args += ["--feed", newsroom.base + feed]
    args += ["--window", f"{window:g}s", "--duration", f"{duration:g}s"]
    for key, value in {
        "fetch.per_host_delay_s": 0,
        "fetch.respect_robots": "false",
        "stream.tick_s": min(1.0, poll),
        "stream.poll_min_s": poll,
        "stream.poll_interval_s": poll,
        "stream.poll_max_s": poll,
    }.items():
        args += ["--set", f"{key}={value}"]
    publisher.start()
    started = time.time()
    try:
        code = wirestream(args)
    finally:
        stop.set()
        publisher.join()
        newsroom.close()
    written: dict[str, float] = {}
    for path in (out / "records").glob("*.jsonl"):
        mtime = path.stat().st_mtime
        for line in path.read_text().splitlines():
            written[json.loads(line)["data"]["url"]] = mtime
    latencies = [written[url] - at for url, at in newsroom.appeared.items() if url in written]
    missing = sorted(set(newsroom.appeared) - set(written))
    windows = [json.loads(p.read_text()) for p in (out / "_windows").glob("*.json")]
    result: dict[str, Any] = {
        "exit_code": code,
        "stream_wall_s": round(time.time() - started, 1),
        "items_published": len(newsroom.appeared),
        "records_written": len(written),
        "items_missing": missing,
        "windows": len(windows),
        "identity_holds_in_every_window": all(w["identity_holds"] for w in windows),
        "latency_s": {
            "p50": round(statistics.median(latencies), 2) if latencies else None,
            "p95": round(percentile(latencies, 0.95), 2) if latencies else None,
            "max": round(max(latencies), 2) if latencies else None,
            "min": round(min(latencies), 2) if latencies else None,
        },
        "target_p95_s": poll + window + 5,
        "output": str(out),
    }
    result["meets_target"] = bool(latencies) and result["latency_s"]["p95"] <= poll + window + 5
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=90.0)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--poll", type=float, default=5.0)
    parser.add_argument("--every", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=str(RESULTS_DIR / "stream_latency.json"))
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    meta = run_metadata("benchmarks.stream_latency", argv)
    print_metadata(meta)
    result = measure(args.duration, args.window, args.poll, args.every, args.seed)
    result["settings"] = vars(args)
    lat = result["latency_s"]
    print(
        f"\nitems {result['items_published']}, records {result['records_written']}, "
        f"missing {len(result['items_missing'])}, windows {result['windows']}, identity "
        f"{'holds' if result['identity_holds_in_every_window'] else 'FAILS'}\n"
        f"latency p50 {lat['p50']} s, p95 {lat['p95']} s (max {lat['max']} s) against a "
        f"target p95 ≤ {result['target_p95_s']:g} s (poll {args.poll:g} + window "
        f"{args.window:g} + 5): {'met' if result['meets_target'] else 'MISSED'}"
    )
    write_results("stream_latency", {**meta, **result}, Path(args.json))
    return 0 if result["meets_target"] and not result["items_missing"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
