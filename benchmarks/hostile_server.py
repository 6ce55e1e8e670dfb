"""Hostile-server benchmark: one ``wirestream run`` against the hostile newsroom, measured.

Run from the repository root::

    .venv/bin/python -m benchmarks.hostile_server

Options: ``--timeout S`` (``fetch.timeout_s``, default 5), ``--retries N``
(``fetch.max_retries``, default 1), ``--per-host-concurrency N`` (default 4), ``--json PATH``
(default ``benchmarks/results/hostile_server.json``).

What it does:

1. Serves :class:`~testing.hostile.HostileNewsroom` on 127.0.0.1 and a feed whose items
   hit its worst endpoints: slow drips (body and headers), headers that never come, a huge
   declared ``Content-Length``, an endless chunked body, gzip / brotli / ``gzip, gzip`` bombs,
   a redirect loop and a 13-hop chain, redirects to the never-allowed internal listener (plain,
   decimal and IPv4-mapped spellings), and four good articles.
2. Runs the real launcher in this process (``main(["run", ...])``, DirectRunner), first over
   the good articles only (the *baseline*: what a run costs when nothing is hostile), then over
   the whole feed, with ``fetch.timeout_s`` / ``fetch.max_retries`` from the options, every
   other deadline at its default, no politeness gap (the host is hostile; the gap would only add
   a fixed ``n x per_host_delay_s``) and ``sink.dead_letter_max_ratio=1``.
3. Checks that every item is accounted for (the manifest identity, and each link's own outcome
   against the newsroom's ``expected`` table) and that the internal listener saw no connection.

The bound on wall time. Only the items that can only end at a deadline cost real time: each
costs ``attempts x timeout_s + backoffs`` (slow drip: 2 x 5 s + 0.5 s = 10.5 s); every other
item ends within milliseconds (too large at the cap, refused address, redirect cap) and is
covered by the margin. The run cannot be faster than its slowest such item (the *floor*). With
``L = min(per_host_concurrency, fetch.concurrency)`` lanes for the one host, perfectly spread
work would take ``max(floor, sum / L)`` (the *ideal*); the pipeline deals entries to lanes up
front, so a lane may draw several slow items, and the *bound* is the sum of the ``ceil(n / L)``
costliest items, the most one lane can carry. Expected: ``wall <= bound + baseline wall + 5 s``.

Memory: the pipeline runs in this process, so ``resource.getrusage(RUSAGE_SELF)`` peak RSS
before and after each run is its peak (a bomb inflated in memory would show as a jump of about
1 GiB). Extraction runs in a child process; its peak is sampled from ``/proc/<pid>/status``
(``VmHWM``) every 0.1 s while it lives. ``RUSAGE_CHILDREN`` is reported too but is no measure
of the child: Linux folds the RSS of the forked, not yet exec'ed image (i.e. the parent's) into
a child's max RSS.

Writes ``benchmarks/results/hostile_server.json`` and prints a table. Exits 0 when every item
has its documented outcome, the identity holds, the internal listener saw nothing and the wall
time is within the bound; 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.common import print_metadata, run_metadata, write_results
from pipelines.core.urls import article_id, canonicalize
from pipelines.news_ingest.main import main as wirestream
from pipelines.news_ingest.manifest import read_jsonl
from testing.hostile import HAVE_BROTLI, HostileNewsroom

WINDOW = ("2026-11-27T12:00:00Z", "2026-11-27T12:15:00Z")
GOOD = (
    "/articles/ferry-timetable",
    "/articles/harbour-lights",
    "/articles/library-roof",
    "/articles/orchard-cooperative",
)
# Items that can only end when their deadline passes, whatever the caps are.
DEADLINE_BOUND = ("/http/slow-drip", "/http/slow-headers", "/http/headers-never")
HOSTILE = (
    *DEADLINE_BOUND,
    "/http/huge-length",
    "/http/endless-chunked",
    "/http/gzip-bomb",
    *(("/http/brotli-bomb",) if HAVE_BROTLI else ()),
    "/http/stacked-bomb",
    "/http/redirect/loop",
    "/http/redirect/too-many",
    "/http/redirect/internal",
    "/http/redirect/decimal",
    "/http/redirect/mapped",
)
MARGIN_S = 5.0
DEFAULT_CONCURRENCY = 16  # fetch.concurrency, left at its default
DEFAULT_BACKOFF_S = 0.5  # fetch.backoff_s, left at its default


class ChildPeakSampler:
    """Samples the peak RSS (``VmHWM``) of this process's direct children from /proc.

    ``VmHWM`` is a high-water mark, so sampling only has to happen before a child exits; a
    child that grows in its last 0.1 s is under-reported by that growth.
    """

    def __init__(self, interval_s: float = 0.1) -> None:
        self.interval_s = interval_s
        self.peaks_kib: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="child-rss", daemon=True)

    def __enter__(self) -> ChildPeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    @property
    def available(self) -> bool:
        return Path("/proc/self/status").exists()

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.is_set():
            for stat in Path("/proc").glob("[0-9]*/stat"):
                # OSError/ValueError: the process ended between listing and reading.
                with contextlib.suppress(OSError, ValueError, IndexError):
                    if stat.read_text().rsplit(")", 1)[1].split()[1] != me:
                        continue
                    status = (stat.parent / "status").read_text()
                    hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
                    pid = int(stat.parent.name)
                    self.peaks_kib[pid] = max(self.peaks_kib.get(pid, 0), int(hwm.split()[1]))
            self._stop.wait(self.interval_s)

    def peak_mib(self) -> float | None:
        """The highest peak RSS of any child seen, in MiB (None without /proc or children)."""
        if not self.peaks_kib:
            return None
        return round(max(self.peaks_kib.values()) / 1024, 1)


def peak_rss_mib() -> dict[str, float]:
    """Peak resident set size of this process and of its reaped children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self": round(own, 1), "rusage_children": round(children, 1)}


def run_once(
    hostile: HostileNewsroom, feed: str, out: Path, settings: dict[str, Any]
) -> dict[str, Any]:
    """One in-process ``wirestream run``; returns code, wall time, memory and output."""
    args = ["run", "--feed", feed, "--output", str(out)]
    args += ["--window-start", WINDOW[0], "--window-end", WINDOW[1]]
    args += ["--allow-address", hostile.allow_addresses[0]]
    for key, value in settings.items():
        args += ["--set", f"{key}={value}"]
    before = peak_rss_mib()
    started = time.monotonic()
    # The run's own summary tables go nowhere: this benchmark prints its own.
    with ChildPeakSampler() as children, contextlib.redirect_stdout(io.StringIO()):
        code = wirestream(args)
    wall = time.monotonic() - started
    after = peak_rss_mib()
    records = [r for p in sorted((out / "records").glob("*.jsonl")) for r in read_jsonl(p)]
    dead = [d for p in sorted((out / "dead_letter").glob("*.jsonl")) for d in read_jsonl(p)]
    manifest = json.loads((out / "_manifest.json").read_text("utf-8"))
    return {
        "code": code,
        "wall_s": round(wall, 2),
        "peak_rss_mib_before": before,
        "peak_rss_mib_after": after,
        "child_peak_rss_mib": children.peak_mib(),
        "manifest": manifest,
        "records": records,
        "dead": dead,
    }


def item_outcomes(hostile: HostileNewsroom, run: dict[str, Any]) -> list[dict[str, Any]]:
    """Per linked path: what the newsroom documents and what the run did with it."""
    rows = []
    for path in (*HOSTILE, *GOOD):
        link = hostile.url(path)
        wanted = article_id(canonicalize(link))
        expected = hostile.expect(path)
        assert expected is not None, path
        records = [r for r in run["records"] if r["data"]["article_id"] == wanted]
        dead = [d for d in run["dead"] if d["article_id"] == wanted]
        if records:
            got, reason, attempts = "record", None, None
        elif dead:
            got, reason, attempts = "dead_letter", dead[0]["reason"], dead[0]["attempts"]
        else:
            got, reason, attempts = "none", None, None
        rows.append(
            {
                "path": path,
                "expected": expected.outcome,
                "expected_reason": expected.reason,
                "outcome": got,
                "reason": reason,
                "attempts": attempts,
                "outcomes_found": len(records) + len(dead),
                "server_requests": hostile.hits(path),
                "server_bytes_sent": hostile.bytes_sent(path),
                "ok": (got, reason) == (expected.outcome, expected.reason)
                and len(records) + len(dead) == 1,
            }
        )
    return rows


def wall_time_bounds(settings: dict[str, Any], lanes: int, links: list[str]) -> dict[str, float]:
    """Floor, ideal, bound and as-dealt estimate of the hostile run (see the module docstring).

    The as-dealt estimate follows how ``FetchHostsFn`` splits a host today (entries sorted by
    URL, dealt round-robin to the lanes); it explains the measurement and is not a check.
    """
    retries = settings["fetch.max_retries"]
    backoff = sum(DEFAULT_BACKOFF_S * 2**k for k in range(retries))
    per_item = (retries + 1) * settings["fetch.timeout_s"] + backoff
    cost = {link: per_item if urlsplit(link).path in DEADLINE_BOUND else 0.0 for link in links}
    costs = sorted(cost.values())
    dealt = sorted(links)
    return {
        "deadline_item_s": per_item,
        "floor_s": per_item,
        "ideal_s": max(per_item, sum(costs) / lanes),
        "bound_s": sum(costs[-math.ceil(len(links) / lanes) :]),
        "as_dealt_s": max(sum(cost[link] for link in dealt[lane::lanes]) for lane in range(lanes)),
    }


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile_server")
    parser.add_argument("--timeout", type=float, default=5.0, help="fetch.timeout_s")
    parser.add_argument("--retries", type=int, default=1, help="fetch.max_retries")
    parser.add_argument("--per-host-concurrency", type=int, default=4)
    parser.add_argument("--json", type=Path, default=None, help="result file")
    args = parser.parse_args(argv)
    argv = list(sys.argv[1:] if argv is None else argv)
    meta = run_metadata("benchmarks.hostile_server", argv)
    print_metadata(meta)

    settings: dict[str, Any] = {
        "fetch.timeout_s": args.timeout,
        "fetch.max_retries": args.retries,
        "fetch.per_host_concurrency": args.per_host_concurrency,
        "fetch.per_host_delay_s": 0,
        "sink.dead_letter_max_ratio": 1,
    }
    lanes = min(args.per_host_concurrency, DEFAULT_CONCURRENCY)
    with HostileNewsroom() as hostile, tempfile.TemporaryDirectory() as tmp:
        baseline_feed = hostile.add_feed("benchmark-baseline", GOOD)
        feed = hostile.add_feed("benchmark", [*HOSTILE, *GOOD])
        baseline = run_once(hostile, baseline_feed, Path(tmp) / "baseline", settings)
        hostile.reset_counters()
        run = run_once(hostile, feed, Path(tmp) / "hostile", settings)
        rows = item_outcomes(hostile, run)
        internal_hits = hostile.internal_hits
        links = [hostile.url(path) for path in (*HOSTILE, *GOOD)]

    manifest = run["manifest"]
    bounds = wall_time_bounds(settings, lanes, links)
    allowed_s = bounds["bound_s"] + baseline["wall_s"] + MARGIN_S
    checks = {
        "exit_code_0": run["code"] == 0 and baseline["code"] == 0,
        "identity_holds": bool(manifest["identity_holds"]),
        "every_item_once_as_documented": all(row["ok"] for row in rows),
        "entries_seen_equals_items": manifest["counts"]["entries_seen"] == len(rows),
        "internal_listener_0_connections": internal_hits == 0,
        "wall_within_bound": run["wall_s"] <= allowed_s,
    }
    growth = run["peak_rss_mib_after"]["self"] - baseline["peak_rss_mib_after"]["self"]
    result = {
        "benchmark": "hostile_server",
        **meta,
        "settings": settings,
        "lanes": lanes,
        "items": len(rows),
        "wall_s": {
            "baseline_good_pages_only": baseline["wall_s"],
            "hostile": run["wall_s"],
            "allowed": round(allowed_s, 2),
            **{k: round(v, 2) for k, v in bounds.items()},
        },
        "peak_rss_mib": {
            "before_runs": baseline["peak_rss_mib_before"],
            "after_baseline": baseline["peak_rss_mib_after"],
            "after_hostile": run["peak_rss_mib_after"],
            "hostile_run_growth_self": round(growth, 1),
            "extraction_child_peak": {
                "baseline": baseline["child_peak_rss_mib"],
                "hostile": run["child_peak_rss_mib"],
            },
        },
        "counts": manifest["counts"],
        "dead_letter_by_reason": manifest["dead_letter_by_reason"],
        "identity_holds": manifest["identity_holds"],
        "internal_hits": internal_hits,
        "checks": checks,
        "outcomes": rows,
    }
    path = write_results("hostile_server", result, args.json)
    print_report(result)
    print(f"results:  {path}")
    return 0 if all(checks.values()) else 1


def print_report(result: dict[str, Any]) -> None:
    """Prints the per-item table, the timing and memory figures and the checks."""
    print()
    header = f"{'endpoint':30} {'expected':31} {'got':31} {'att':>3} {'req':>3} {'bytes sent':>10}"
    print(header)
    print("-" * len(header))
    for row in result["outcomes"]:
        expected = row["expected"] + (
            f" {row['expected_reason']}" if row["expected_reason"] else ""
        )
        got = row["outcome"] + (f" {row['reason']}" if row["reason"] else "")
        mark = "" if row["ok"] else "  <-- MISMATCH"
        attempts = "" if row["attempts"] is None else str(row["attempts"])
        print(
            f"{row['path']:30} {expected:31} {got:31} {attempts:>3} "
            f"{row['server_requests']:>3} {row['server_bytes_sent']:>10}{mark}"
        )
    wall = result["wall_s"]
    settings = result["settings"]
    print()
    print(
        f"deadlines: timeout {settings['fetch.timeout_s']} s x {settings['fetch.max_retries'] + 1}"
        f" attempts + backoff = {wall['deadline_item_s']} s per deadline-bound item; "
        f"{result['lanes']} lanes for {result['items']} items"
    )
    print(
        f"wall time: hostile {wall['hostile']} s | floor {wall['floor_s']} s, ideal "
        f"{wall['ideal_s']} s, as dealt {wall['as_dealt_s']} s, bound {wall['bound_s']} s | "
        f"baseline (good pages only) {wall['baseline_good_pages_only']} s | allowed "
        f"{wall['allowed']} s"
    )
    mem = result["peak_rss_mib"]
    print(
        f"peak RSS:  this process {mem['before_runs']['self']} MiB before the runs, "
        f"{mem['after_baseline']['self']} after baseline, {mem['after_hostile']['self']} after "
        f"hostile (+{mem['hostile_run_growth_self']}); extraction child "
        f"{mem['extraction_child_peak']['hostile']} MiB (/proc VmHWM; RUSAGE_CHILDREN says "
        f"{mem['after_hostile']['rusage_children']}, see the docstring)"
    )
    counts = result["counts"]
    print(
        f"accounting: {counts['entries_seen']} entries = {counts['records']} records + "
        f"{counts['dead_letter']} dead letters + {counts['deferred']} deferred + "
        f"{counts['skipped_robots']} robots + {counts['filtered']} filtered + "
        f"{counts['skipped_seen']} seen; identity holds: {result['identity_holds']}; "
        f"internal listener connections: {result['internal_hits']}"
    )
    failed = [name for name, ok in result["checks"].items() if not ok]
    print("checks:    " + ("all passed" if not failed else "FAILED: " + ", ".join(failed)))


if __name__ == "__main__":
    sys.exit(main())
