"""The pipeline on Beam's DaskRunner: a local cluster, what fails, and a runner that works.

Beam 2.77's ``apache_beam.runners.dask.dask_runner.DaskRunner`` cannot run the batch pipeline.
Run on a local ``dask.distributed`` cluster, it failed in four ways (2–4 are shown by
``dask_section`` and ``tests/benchmarks/test_throughput.py``):

1. ``wirestream run … --runner …DaskRunner --dask_client_address ADDR`` stopped with
   ``wirestream: error: unrecognized arguments: --dask_client_address ADDR``: the Dask options
   are declared in ``dask_runner.py``, which nothing had imported when
   ``pipelines/news_ingest/options.py`` collected the flags Beam knows (fixed there since).
2. ``DaskRunner.run_pipeline`` computes only the Dask bag of the *last* transform it visited
   (``dask.optimize(list(dask_visitor.bags.values())[-1])``). A pipeline with several sinks
   runs only the one that happens to come last: here the feed-status file; records, dead
   letters and counts are never written, and the launcher fails on the missing
   ``_work/<window>/counts.jsonl``.
3. A multi-output ``ParDo`` loses its tags: ``apply_dofn_to_bundle`` returns
   ``[v.value for v in tagged_receivers.values]`` for all outputs together, and the visitor
   hands a consumer the producing transform's whole bag, whatever output tag it reads. The
   feed-status file holds the feed statuses *and* every feed entry.
4. ``finish_bundle`` outputs are dropped: the results are collected before
   ``invoke_finish_bundle()``. ``FetchHostsFn`` emits most pages from ``finish_bundle``, and
   ``SkipSeenFn`` flushes its last batch there.

Side inputs (``AsDict``, ``AsSingleton``) are read by computing their bag *inside* a running
task (``DaskBagWindowedIterator.__iter__`` calls ``list(bag)``), which on a cluster with one
thread per worker can wait on itself.

The runner that works is wirestream's own, ``pipelines.runners.dask.DaskRunner`` (``--runner
dask``): Beam's DaskRunner with those four things done differently; its module docstring says
how, and what it still does not do (global window only, no metrics, state or timers).
``FIXED_RUNNER`` names it. Fault 1 is gone too: ``pipelines/news_ingest/options.py`` imports
the Dask runner module when dask is installed.

``local_cluster()`` starts ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``
with everything, the dashboard's HTTP server included, on ephemeral 127.0.0.1 ports
(``dashboard_address=None`` does not turn it off in distributed 2026.8: it binds 8787).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import apache_beam as beam

from benchmarks.pipeline_runs import (
    compare_record_sets,
    direct_args,
    pipeline_command,
    read_records,
    run_pipeline,
)
from pipelines.runners import BEAM_DASK_RUNNER, DASK_RUNNER

STOCK_RUNNER = BEAM_DASK_RUNNER  # "apache_beam.runners.dask.dask_runner.DaskRunner"
FIXED_RUNNER = DASK_RUNNER  # "pipelines.runners.dask.DaskRunner"
LOOPBACK = "127.0.0.1"


def dask_available() -> str | None:
    """None when ``dask.distributed`` can be imported, else the reason it cannot."""
    try:
        import dask
        import dask.distributed  # noqa: F401
    except ImportError as exc:
        return f"dask[distributed] is not installed ({exc})"
    return None


@contextlib.contextmanager
def local_cluster(workers: int = 2) -> Iterator[tuple[str, dict[int, str]]]:
    """(scheduler address, {worker pid: "dask_worker"}) of a loopback cluster."""
    import dask
    from dask.distributed import Client, LocalCluster

    # ExtractTextFn runs trafilatura in a child process (a multiprocessing pool); Dask starts
    # its worker processes as daemons, which may not have children.
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host=LOOPBACK,
            dashboard_address="127.0.0.1:0",  # ephemeral loopback port
        ) as cluster,
        Client(cluster) as client,
    ):
        pids = client.run(os.getpid)
        yield cluster.scheduler_address, {pid: "dask_worker" for pid in pids.values()}


# --- the stock runner's faults ----------------------------------------------------------------
def _append_line(value: Any, path: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{value}\n")


class _EvenOdd(beam.DoFn):
    def process(self, n: int):
        yield n if n % 2 == 0 else beam.pvalue.TaggedOutput("odd", n)


class _EmitAtFinish(beam.DoFn):
    """Buffers its input and emits it in finish_bundle, as FetchHostsFn and SkipSeenFn do."""

    def start_bundle(self) -> None:
        self._held: list[int] = []

    def process(self, n: int):
        self._held.append(n)

    def finish_bundle(self):
        from apache_beam.transforms.window import GlobalWindows

        for n in self._held:
            yield GlobalWindows.windowed_value(n)


def stock_runner_probes(scheduler: str, tmp: Path) -> dict[str, Any]:
    """Faults 3 and 4 on the stock DaskRunner, each in a three-element pipeline."""
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.runners.dask.dask_runner import DaskRunner

    out: dict[str, Any] = {}
    probes = {
        "main_output_of_a_two_output_pardo": (
            lambda p: (
                (
                    p
                    | beam.Create([1, 2, 3])
                    | beam.ParDo(_EvenOdd()).with_outputs("odd", main="even")
                ).even
            ),
            ["2"],
        ),
        "outputs_emitted_in_finish_bundle": (
            lambda p: p | beam.Create([1, 2, 3]) | beam.ParDo(_EmitAtFinish()),
            ["1", "2", "3"],
        ),
    }
    for name, (build, expected) in probes.items():
        path = tmp / f"probe-{name}.txt"
        options = PipelineOptions(["--dask_client_address", scheduler])
        p = beam.Pipeline(runner=DaskRunner(), options=options)
        _ = build(p) | beam.Map(_append_line, str(path))
        result = p.run()
        try:
            result.wait_until_finish()
        finally:
            result.client.close()  # or it keeps trying to reach the cluster once it is gone
        got = sorted(path.read_text().split()) if path.exists() else []
        out[name] = {"expected": expected, "got": got, "correct": got == expected}
    return out


def feed_status_file(output: Path) -> dict[str, int]:
    """What the run's feed-status file holds: statuses, and anything else (feed entries)."""
    counts = {"feed_statuses": 0, "other_lines": 0}
    for path in output.glob("_work/*/feeds.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                counts["feed_statuses" if "status" in item else "other_lines"] += 1
    return counts


def output_files(output: Path) -> list[str]:
    return sorted(
        str(p.relative_to(output))
        for p in output.rglob("*")
        if p.is_file() and "beam-temp" not in str(p) and p.suffix in (".jsonl", ".json")
    )


def dask_section(corpus_args: dict[str, Any], tmp: Path, workers: int = 2) -> dict[str, Any]:
    """The corpus on the DirectRunner, Beam's DaskRunner and wirestream's (``FIXED_RUNNER``)."""
    from benchmarks.corpus import Corpus, CorpusServer

    reason = dask_available()
    if reason:
        return {"skipped": reason}
    corpus = Corpus(**corpus_args)
    out: dict[str, Any] = {"articles": corpus.articles, "cluster": {"workers": workers}}
    with CorpusServer(corpus) as server, local_cluster(workers) as (scheduler, roots):
        feeds, allow = server.feed_urls, server.allow_addresses
        out["cluster"]["scheduler"] = "tcp://127.0.0.1:(ephemeral)"
        print(f"dask: DirectRunner reference, {workers} workers …", flush=True)
        ref_dir = tmp / "dask-ref-direct"
        reference = run_pipeline(
            pipeline_command(feeds, allow, ref_dir, direct_args(workers)),
            ref_dir,
            corpus.articles,
            label="direct-reference",
        )
        ref_records = read_records(ref_dir)
        out["direct"] = _brief(reference)
        out["stock_runner_probes"] = stock_runner_probes(scheduler, tmp)
        for name, runner in (("stock", STOCK_RUNNER), ("fixed", FIXED_RUNNER)):
            print(f"dask: {name} runner …", flush=True)
            run_dir = tmp / f"dask-{name}"
            beam_args = ["--runner", runner, "--dask_client_address", scheduler]
            run = run_pipeline(
                pipeline_command(feeds, allow, run_dir, beam_args),
                run_dir,
                corpus.articles,
                label=f"dask-{name}",
                extra_roots=roots,
                timeout_s=3600,
            )
            entry = _brief(run)
            entry["files"] = output_files(run_dir)
            entry["feed_status_file"] = feed_status_file(run_dir)
            records = read_records(run_dir)
            entry["comparison_with_direct"] = compare_record_sets(ref_records, records)
            entry["verdict"] = _verdict(run, entry["comparison_with_direct"])
            out[name] = entry
            print(f"  {entry['verdict']}", flush=True)
            shutil.rmtree(run_dir, ignore_errors=True)
    return out


def _brief(run: dict[str, Any]) -> dict[str, Any]:
    keep = (
        "exit_code", "status", "records", "elapsed_s", "articles_per_s", "cpu_ms_per_article",
        "log_tail", "machine_cpu_busy_share",
    )  # fmt: skip
    out = {k: run[k] for k in keep if k in run}
    out["peak_tree_rss_mib"] = run["tree"]["peak_tree_rss_mib"]
    out["by_role"] = run["tree"]["by_role"]
    return out


def _verdict(run: dict[str, Any], comparison: dict[str, Any]) -> str:
    if run["exit_code"] != 0:
        tail = [line for line in run.get("log_tail", []) if "wirestream" in line][-1:]
        return f"failed (exit {run['exit_code']}): {' '.join(tail)[:300]}"
    if comparison["equal"]:
        return (
            f"ran, {comparison['records'][1]} records identical to the DirectRunner's "
            f"(ignoring {', '.join(comparison['ignored_fields'])}); "
            f"{run['articles_per_s']} articles/s"
        )
    return f"ran, records differ: {json.dumps(comparison)[:300]}"


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.dask_support [ARTICLES]``: the Dask section alone."""
    argv = list(sys.argv[1:] if argv is None else argv)
    articles = int(argv[0]) if argv else 30
    with tempfile.TemporaryDirectory(prefix="wirestream-dask-") as name:
        result = dask_section({"articles": articles, "hosts": 8, "seed": 0}, Path(name))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
