"""Where the pipeline's memory goes, stage by stage: RSS of the launcher and each SDK worker.

Runs the real command once on the generated corpus (``benchmarks.corpus``, 127.0.0.1), like
``benchmarks.throughput``'s memory runs, with ``benchmarks/stage_memory_site`` on the
``PYTHONPATH``: its ``sitecustomize`` makes the launcher and every SDK worker write their RSS
once a second with what they are running (the launcher: the FnApiRunner's fused stage; a worker:
our innermost functions). The summary gives, for the launcher, each stage's RSS when it started
and at its highest, so a stage whose input the runner holds shows as a step; for each worker
its peak and what it was running then. Sampling costs nothing measurable (one thread, 1 Hz).

    .venv/bin/python -m benchmarks.stage_memory --articles 10000 --json /tmp/stages.json

This is how the entry and signature shuffles were found to hold most of the growth (see
benchmarks/README.md, "Memory, stage by stage").
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT, print_metadata, run_metadata, write_results

SITE = REPO_ROOT / "benchmarks" / "stage_memory_site"


def short_stage(name: str) -> str:
    """The first and last transform of a fused stage's name."""
    parts = [p for p in re.split(r"[()+]+", name) if p]
    names = [re.sub(r"^ref_(AppliedPTransform|PCollection)_", "", p) for p in parts]
    return names[0] if len(names) == 1 else f"{names[0]} … {names[-1]}"


def read_samples(path: Path) -> list[tuple[float, float, str]]:
    rows = []
    for line in path.read_text().splitlines():
        fields = line.split("\t")
        if len(fields) == 3:
            rows.append((float(fields[0]), float(fields[1]), fields[2]))
    return rows


def launcher_stages(rows: list[tuple[float, float, str]]) -> list[dict[str, Any]]:
    """Consecutive samples in one stage → its start, RSS at start, peak RSS, seconds."""
    stages: list[dict[str, Any]] = []
    for seconds, rss, stage in rows:
        if not stage:
            continue
        if stages and stages[-1]["stage"] == short_stage(stage):
            current = stages[-1]
            current["peak_rss_mib"] = max(current["peak_rss_mib"], rss)
            current["seconds"] = round(seconds - current["at_s"], 1)
        else:
            stages.append(
                {
                    "stage": short_stage(stage),
                    "at_s": seconds,
                    "rss_at_start_mib": rss,
                    "peak_rss_mib": rss,
                    "seconds": 0.0,
                }
            )
    for before, after in itertools.pairwise(stages):
        before["rss_step_mib"] = round(after["rss_at_start_mib"] - before["rss_at_start_mib"], 1)
    return stages


def worker_summary(rows: list[tuple[float, float, str]]) -> dict[str, Any]:
    peak = max(rows, key=lambda r: r[1])
    return {
        "peak_rss_mib": peak[1],
        "peak_at_s": peak[0],
        "running_at_peak": peak[2],
        "rss_at_first_fetch_mib": next((r[1] for r in rows if "fetch.py" in r[2]), None),
        "rss_at_end_mib": rows[-1][1],
    }


def main(argv: list[str] | None = None) -> int:
    from benchmarks.corpus import Corpus, CorpusServer
    from benchmarks.pipeline_runs import direct_args, pipeline_command

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the summary here (default: results/)")
    args = parser.parse_args(argv)
    meta = run_metadata("benchmarks.stage_memory", sys.argv[1:] if argv is None else argv)
    print_metadata(meta)
    with tempfile.TemporaryDirectory(prefix="wirestream-stages-") as tmp:
        samples = Path(tmp) / "samples"
        samples.mkdir()
        corpus = Corpus(articles=args.articles, seed=args.seed)
        with CorpusServer(corpus) as server:
            output = Path(tmp) / "run"
            command = pipeline_command(
                server.feed_urls, server.allow_addresses, output, direct_args(args.workers)
            )
            env = {
                **os.environ,
                "PYTHONPATH": f"{SITE}{os.pathsep}{REPO_ROOT}",
                "WIRESTREAM_STAGE_MEMORY_DIR": str(samples),
            }
            begun = time.monotonic()
            with (Path(tmp) / "run.log").open("w") as log:
                code = subprocess.call(
                    command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                )
            wall = time.monotonic() - begun
        launcher = [read_samples(p) for p in samples.glob("launcher-*.tsv")]
        workers = [read_samples(p) for p in sorted(samples.glob("worker-*.tsv"))]
    payload = {
        **meta,
        "articles": args.articles,
        "workers": args.workers,
        "exit_code": code,
        "wall_s": round(wall, 1),
        "launcher_stages": launcher_stages(launcher[0]) if launcher else [],
        "sdk_workers": [worker_summary(rows) for rows in workers if rows],
    }
    for stage in payload["launcher_stages"]:
        print(
            f"launcher  {stage['rss_at_start_mib']:7.1f} → peak {stage['peak_rss_mib']:7.1f} MiB"
            f"  {stage['seconds']:6.1f} s  {stage['stage'][:90]}"
        )
    for index, worker in enumerate(payload["sdk_workers"]):
        print(
            f"worker {index}  peak {worker['peak_rss_mib']} MiB at {worker['peak_at_s']} s "
            f"({worker['running_at_peak'] or 'idle'}); at first fetch "
            f"{worker['rss_at_first_fetch_mib']} MiB; at end {worker['rss_at_end_mib']} MiB"
        )
    path = write_results(f"stage_memory_{args.articles}", payload, args.json)
    print(f"wrote {path}")
    return code


if __name__ == "__main__":
    sys.exit(main())
