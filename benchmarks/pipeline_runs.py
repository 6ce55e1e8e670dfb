"""Pipeline runs for the benchmarks: ``wirestream run`` in a child process, watched, and compared.

``pipeline_command`` builds the command (through ``benchmarks.pipeline_child``, which times
``main()``), ``run_pipeline`` runs it while ``benchmarks.proctree`` watches its process tree,
and ``compare_record_sets`` tells whether two runs wrote the same records. Shared by
``benchmarks.throughput``, ``benchmarks.dask_support`` and ``benchmarks.stage_memory``; not a
benchmark itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT, run_argv
from benchmarks.proctree import MachineLoad, TreeMonitor

WINDOW = ("2026-01-05T12:00:00Z", "2026-01-05T12:15:00Z")
PIPELINE_SETTINGS = ("fetch.per_host_delay_s=0", "fetch.respect_robots=false")
PIPELINE_TIMEOUT_S = 4 * 3600
MEMORY_FLOOR = 2 * 1024**3
"""A pipeline run is stopped when the machine has less memory available than this."""
VOLATILE_FIELDS = ("time", "data.fetched_at")
"""Record fields that differ between two runs over the same pages: the fetch time."""


# --- the pipeline ----------------------------------------------------------------------------
def pipeline_command(
    feed_urls: Iterable[str],
    allow: Iterable[str],
    output: Path,
    beam_args: Sequence[str],
    cpus: str | None = None,
    settings: Sequence[str] = (),
) -> list[str]:
    """``wirestream run …`` through ``benchmarks.pipeline_child``, which times ``main()``.

    ``cpus`` (``taskset -c`` syntax, e.g. ``0``) confines the pipeline's whole process tree to
    those CPUs; the corpus server and the bare loop keep all of them. ``settings`` are more
    ``--set KEY=VALUE`` for the pipeline, after the benchmark's own.
    """
    timing = output.parent / f"{output.name}.timing.json"
    argv = [sys.executable, "-m", "benchmarks.pipeline_child", "--timing", str(timing), "--"]
    argv += run_argv(output, feed_urls, allow, WINDOW, (*PIPELINE_SETTINGS, *settings))
    return [*(["taskset", "-c", cpus] if cpus else []), *argv, *beam_args]


def direct_args(workers: int) -> list[str]:
    return [
        "--direct_num_workers",
        str(workers),
        "--direct_running_mode",
        "multi_processing",
    ]


def logged_overlap(log_path: Path) -> bool | None:
    """Whether the run overlapped extraction (``extract.overlap``), as its log says."""
    text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    if "extraction overlaps the rest of the work" in text:
        return True
    if "extraction alternates with the rest of the work" in text:
        return False
    return None


def run_pipeline(
    command: list[str],
    output: Path,
    articles: int,
    *,
    label: str,
    extra_roots: dict[int, str] | None = None,
    timeout_s: float = PIPELINE_TIMEOUT_S,
    code_root: Path = REPO_ROOT,
) -> dict[str, Any]:
    """Runs one pipeline command in a child process while watching its process tree.

    ``code_root`` is the checkout whose ``pipelines`` package runs (another copy of the
    repository, to measure a change before and after against the same server).
    """
    import psutil

    log_path = output.parent / f"{output.name}.log"
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    env.pop("COLUMNS", None)
    own = psutil.Process()
    own_before = own.cpu_times()
    machine = MachineLoad().start()
    begun = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log_file:
        proc = subprocess.Popen(
            command, cwd=code_root, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
        stopped = None
        with TreeMonitor(proc.pid, extra_roots=dict(extra_roots or {})) as monitor:
            while (code := proc.poll()) is None:
                if psutil.virtual_memory().available < MEMORY_FLOOR:
                    stopped = "machine memory below the floor: run stopped to spare other jobs"
                elif time.monotonic() - begun > timeout_s:
                    stopped = f"timeout after {timeout_s:g} s"
                if stopped:
                    kill_tree(proc.pid)
                    code = proc.wait()
                    break
                time.sleep(0.5)
    wall = time.monotonic() - begun
    own_after = own.cpu_times()
    manifest_path = output / "_manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    timing_path = output.parent / f"{output.name}.timing.json"
    timing = json.loads(timing_path.read_text()) if timing_path.exists() else {}
    elapsed = round(timing["main_s"], 2) if "main_s" in timing else None
    counts = manifest.get("counts") or {}
    result: dict[str, Any] = {
        "label": label,
        "articles": articles,
        "exit_code": code,
        "stopped": stopped,
        "status": manifest.get("status"),
        "problems": manifest.get("problems"),
        "records": counts.get("records"),
        "dead_letter": counts.get("dead_letter"),
        "duplicates": counts.get("duplicates"),
        "extract_overlap": logged_overlap(log_path),
        "elapsed_s": elapsed,
        "startup_s": round(timing["startup_s"], 2) if "startup_s" in timing else None,
        "process_wall_s": round(wall, 2),
        "articles_per_s": round(articles / elapsed, 2) if elapsed else None,
        "tree": monitor.summary(),
        "cpu_ms_per_article": round(1000 * monitor.cpu_s / articles, 3),
        # The corpus server (threads of this process) serves the pages: CPU it took.
        "server_cpu_s": round(
            (own_after.user + own_after.system) - (own_before.user + own_before.system), 2
        ),
        **machine.stop(),
    }
    if code != 0 or not manifest:
        lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        result["log_tail"] = [line[:300] for line in lines[-40:]]
    return result


def kill_tree(pid: int) -> None:
    """Kills a process and its descendants (this benchmark's own pipeline run only)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [*root.children(recursive=True), root]
    except psutil.Error:
        return
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(procs, timeout=30)


# --- comparing runs --------------------------------------------------------------------------
def read_records(output: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted((output / "records").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle if line.strip())
    return records


def stable(record: dict[str, Any], volatile: Iterable[str] = VOLATILE_FIELDS) -> dict[str, Any]:
    """A deep copy of a record without the fields that name the moment of the fetch."""
    out = json.loads(json.dumps(record))
    for dotted in volatile:
        *parents, leaf = dotted.split(".")
        node = out
        for name in parents:
            node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(leaf, None)
    return out


def record_set(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Record id → canonical JSON of the stable part of the record."""
    return {r["id"]: json.dumps(stable(r), sort_keys=True, ensure_ascii=False) for r in records}


def differing_fields(a: dict[str, Any], b: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths where two JSON documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += differing_fields(a.get(key), b.get(key), f"{prefix}{key}.")
        return out
    return [] if a == b else [prefix.rstrip(".")]


def compare_record_sets(
    first: list[dict[str, Any]], second: list[dict[str, Any]]
) -> dict[str, Any]:
    """Equality of two runs' records, ignoring the volatile fields; what differs if not."""
    a, b = record_set(first), record_set(second)
    differing = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    fields: dict[str, int] = {}
    for key in differing:
        for name in differing_fields(json.loads(a[key]), json.loads(b[key])):
            fields[name] = fields.get(name, 0) + 1
    return {
        "equal": a == b,
        "records": [len(first), len(second)],
        "ids_only_in_first": len(set(a) - set(b)),
        "ids_only_in_second": len(set(b) - set(a)),
        "differing_records": len(differing),
        "differing_fields": fields,
        "duplicate_ids": [len(first) - len(a), len(second) - len(b)],
        "ignored_fields": list(VOLATILE_FIELDS),
    }
