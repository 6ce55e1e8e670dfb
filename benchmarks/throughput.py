"""Throughput, scaling and memory of the pipeline against the cost of the work itself.

A pipeline cannot be faster than the work it must do per article: decoding the page, extracting
its text (trafilatura), detecting the language (langdetect) and fingerprinting the text. All
else (Beam, HTTP, dedup, serialisation, sinks) is overhead. In one run this benchmark measures,
on the generated corpus of ``benchmarks/corpus.py`` served on 127.0.0.1:

- **bare loop**: the pipeline's own functions, nothing else, over the exact bytes the server
  sends: ``decode_html`` → ``extract_document`` → ``LanguageDetector.detect`` (the default
  ``language.*`` settings, with the page's ``<html lang>`` hint as the pipeline passes it) →
  ``content_sha256`` and the MinHash ``signature`` with its LSH ``band_keys``; in a
  ``multiprocessing`` pool of as many processes as the pipeline has workers, warmed up first;
- **pipeline**: the real command, ``wirestream run --feed … --output TMP --allow-address
  127.0.0.1 --set fetch.per_host_delay_s=0 --set fetch.respect_robots=false`` with
  ``--direct_num_workers N --direct_running_mode multi_processing`` on the DirectRunner, in a
  child process (``benchmarks.pipeline_child``, which calls the launcher's ``main()`` and times
  it) whose whole process tree (launcher, SDK workers, their trafilatura child processes) is
  sampled for CPU time and memory; articles/s is the corpus size over the time spent in
  ``main()`` (plan, pipeline build and run, manifest, state commit; not the interpreter start);
- **overhead ratio** pipeline/bare articles/s with the same number of processes (target
  ≥ 0.85), and the same in CPU seconds per article (less sensitive to other jobs). The bare
  loop runs half its pages (every other one) before the pipeline and half after, so that
  both sides of the ratio see the machine's mean speed; ``drift`` is the second half's rate
  over the first's (this machine's virtual cores have moved by 10-20% within minutes);
- **scaling**: pipeline articles/s with 2 workers over 1 (target ≥ 1.7×); with ``--one-core``
  also over a 1-worker run confined to CPU 0 (one core → two);
- **memory**: peak RSS of the process tree at two or more corpus sizes (target: growth ≤ 20%);
- **language prefix**: ms/article of detection on the ``language.max_chars`` prefix of whole
  extracted article texts and agreement with full-text detection (target ≤ 5 ms, ≥ 99.5%);
  every prefix size of the sweep is timed on each text in turn, so that they are compared at
  the same machine speed, and each is also given as a share of the full text's cost;
- **Dask** (``--dask``): the same corpus on Beam's DaskRunner against a local
  ``dask.distributed`` cluster (2 worker processes, 1 thread each, on 127.0.0.1), its record
  set compared with the DirectRunner's (see ``benchmarks/dask_support.py``).

The bare loop checks its work against the pipeline: the same language and ``content_sha256``
for every article. Writes ``benchmarks/results/throughput.json`` (``--quick``:
``throughput_quick.json``). Benchmarks report; nothing here gates CI on timings.

From the repository root::

    .venv/bin/python -m benchmarks.throughput --quick                  # make bench, ~3-5 min
    .venv/bin/python -m benchmarks.throughput                          # 10,000 articles
    .venv/bin/python -m benchmarks.throughput --articles 2000 --workers 1,2 --dask
    .venv/bin/python -m benchmarks.throughput --memory 10000,50000 --no-overhead --no-language
    .venv/bin/python -m benchmarks.throughput --articles 2000 --workers 1 --pipeline-cpus 0
    .venv/bin/python -m benchmarks.throughput --articles 2000 --workers 2 --no-language \\
        --set extract.overlap=true                                     # a pipeline setting
    .venv/bin/python -m benchmarks.throughput --articles 1810 --workers 2 --feeds 1 \\
        --bare-processes 1,2 --bare-work both --no-language \\
        --set feeds.max_entries=5000                                   # issue 26's set-up
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import logging
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT, print_metadata, run_metadata, write_results
from benchmarks.pipeline_runs import (
    PIPELINE_SETTINGS,
    WINDOW,
    compare_record_sets,
    direct_args,
    pipeline_command,
    read_records,
    run_pipeline,
)
from benchmarks.proctree import MachineLoad

log = logging.getLogger("benchmarks.throughput")

DEFAULT_ARTICLES = 10_000
QUICK_ARTICLES = 1_000
QUICK_MEMORY = (1_000, 3_000)
TARGETS = {
    "overhead_ratio_min": 0.85,
    "scaling_1_to_2_min": 1.7,
    "memory_growth_max": 0.20,
    "language_ms_max": 5.0,
    "language_agreement_min": 0.995,
}
LANGUAGE_SWEEP: tuple[int | None, ...] = (200, 500, None, 2000)  # None: language.max_chars
FULL_TEXT = 10**9
FIXED_COST_ARTICLES = 16


# --- the corpus ------------------------------------------------------------------------------
def served_pages(server: Any, count: int | None = None) -> list[tuple[str, bytes, str]]:
    """(URL, body, Content-Type) of the first ``count`` articles, exactly as served."""
    total = server.corpus.articles if count is None else min(count, server.corpus.articles)
    return [(p.url, p.body, p.content_type) for p in map(server.page, range(total))]


# --- the bare loop ---------------------------------------------------------------------------
_WORK: dict[str, Any] = {}


def _settings() -> Any:
    from pipelines.news_ingest.config import load_settings

    return load_settings(None, [])


BARE_WORKS = ("full", "issue")
"""What the bare loop does per page: ``full`` — decode, extract, language, SHA-256, MinHash and
band keys (the per-article work of the pipeline's stages up to clustering, except events);
``issue`` — only ``decode_html`` → ``extract_document`` → ``LanguageDetector.detect``, the
trafilatura + langdetect loop that issue 26 compares the pipeline with."""


def _bare_init(work: str = "full") -> None:
    """Pool initializer: the pipeline's objects, built once per process as its DoFns do."""
    from pipelines.core.language import LanguageDetector
    from pipelines.core.text import ExtractOptions

    s = _settings()
    _WORK["work"] = work
    _WORK["options"] = ExtractOptions(
        s.extract.include_tables, s.extract.favor_precision, s.extract.favor_recall
    )
    _WORK["detector"] = LanguageDetector(
        s.language.max_chars, s.language.min_chars, s.language.min_confidence, s.language.seed
    )
    _WORK["neardup"] = s.dedup.neardup()
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)


def bare_work(page: tuple[str, bytes, str]) -> tuple[str, str | None, str | None]:
    """The per-article work alone; returns (URL, language, content_sha256) to check it.

    With the ``issue`` work (``_bare_init("issue")``) the hash is not computed: None.
    """
    from pipelines.core.fingerprint import content_sha256, word_count
    from pipelines.core.neardup import band_keys, signature
    from pipelines.core.text import decode_html, extract_document, html_lang

    url, body, content_type = page
    html, _ = decode_html(body, content_type)
    doc = extract_document(html, url, _WORK["options"])
    if doc is None:
        return url, None, None
    text = doc["text"]
    if _WORK.get("work") == "issue":
        return url, _WORK["detector"].detect(text, html_lang(body), None).language, None
    word_count(text)
    found = _WORK["detector"].detect(text, html_lang(body), None)
    digest = content_sha256(text)
    band_keys(signature(text, _WORK["neardup"]), _WORK["neardup"])
    return url, found.language, digest


def _pool_cpu(pool: Any) -> float:
    import psutil

    total = 0.0
    for proc in pool._pool:  # the pool's worker processes
        try:
            times = psutil.Process(proc.pid).cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def bare_loop(
    pages: Sequence[tuple[str, bytes, str]], processes: int, work: str = "full"
) -> dict[str, Any]:
    """Times ``bare_work`` over ``pages`` in a warmed-up pool of ``processes`` processes."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes, initializer=_bare_init, initargs=(work,)) as pool:
        # Warm-up (imports, langdetect profiles, first-page caches) in every process.
        pool.map(bare_work, list(pages[: 4 * processes]), chunksize=1)
        cpu_before = _pool_cpu(pool)
        begun = time.perf_counter()
        results = list(pool.imap_unordered(bare_work, pages, chunksize=8))
        elapsed = time.perf_counter() - begun
        cpu = _pool_cpu(pool) - cpu_before
    return {
        "processes": processes,
        "work": work,
        "articles": len(pages),
        "elapsed_s": round(elapsed, 2),
        "articles_per_s": round(len(pages) / elapsed, 2),
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_article": round(1000 * cpu / len(pages), 3),
        "no_text": sum(1 for _, language, _ in results if language is None),
        "_results": {url: (language, digest) for url, language, digest in results},
    }


def timed_bare_loop(
    pages: Sequence[tuple[str, bytes, str]], processes: int, label: str, work: str = "full"
) -> dict:
    """``bare_loop`` with the machine's load over it, printed as it ends."""
    print(f"{label}: {len(pages)} articles …", flush=True)
    machine = MachineLoad().start()
    result = bare_loop(pages, processes, work)
    result.update(machine.stop())
    print(
        f"  {result['articles_per_s']:.1f} articles/s, "
        f"{result['cpu_ms_per_article']:.2f} ms CPU/article",
        flush=True,
    )
    return result


def combine_bare_halves(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """One bare result from the runs before and after the pipeline, with the drift between them.

    Articles/s is all articles over both halves' time (as one run split in two would give);
    ``drift`` is the second half's rate over the first's (1.0: the machine kept its speed).
    """
    articles = before["articles"] + after["articles"]
    elapsed = before["elapsed_s"] + after["elapsed_s"]
    cpu = before["cpu_s"] + after["cpu_s"]

    def half(run: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in run.items() if k != "_results"}

    return {
        "processes": before["processes"],
        "work": before.get("work", "full"),
        "articles": articles,
        "elapsed_s": round(elapsed, 2),
        "articles_per_s": round(articles / elapsed, 2),
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_article": round(1000 * cpu / articles, 3),
        "no_text": before["no_text"] + after["no_text"],
        "halves": [half(before), half(after)],
        "drift": round(after["articles_per_s"] / before["articles_per_s"], 3),
        "_results": {**before["_results"], **after["_results"]},
    }


def against_bare(
    pipe: dict[str, Any], bare: dict[str, Any], marginal: float | None = None
) -> dict[str, Any]:
    """The pipeline run against one bare loop: articles/s ratio (start-up included), once
    started, and CPU per article, with the bare loop's machine load."""
    rate = pipe.get("articles_per_s")
    halves = bare.get("halves") or []
    return {
        "bare_processes": bare["processes"],
        "bare_work": bare.get("work", "full"),
        "bare_articles_per_s": bare["articles_per_s"],
        "bare_cpu_ms_per_article": bare["cpu_ms_per_article"],
        "bare_drift": bare.get("drift"),
        "bare_machine_cpu_busy_share": [h.get("machine_cpu_busy_share") for h in halves],
        "pipeline_articles_per_s": rate,
        "ratio": _ratio(rate, bare["articles_per_s"]),
        "ratio_once_started": _ratio(marginal, bare["articles_per_s"]),
        "cpu_ratio": _ratio(bare["cpu_ms_per_article"], pipe.get("cpu_ms_per_article")),
    }


def print_pipeline_run(pipe: dict[str, Any]) -> None:
    """Time in main(), start-up, CPU of the tree by role, and what the rest of the machine did."""
    tree = pipe["tree"]
    roles = ", ".join(
        f"{role} {info.get('cpu_s')} s" for role, info in sorted(tree.get("by_role", {}).items())
    )
    own = tree.get("cpu_s", 0.0) + pipe.get("server_cpu_s", 0.0)
    busy = pipe.get("machine_cpu_busy_s")
    others = None if busy is None else round(busy - own, 1)
    print(
        f"  main() {pipe['elapsed_s']} s (interpreter and imports before it "
        f"{pipe['startup_s']} s), tree CPU {tree.get('cpu_s')} s ({roles}), server CPU "
        f"{pipe.get('server_cpu_s')} s; machine busy {pipe.get('machine_cpu_busy_share')}, "
        f"other processes' CPU ≈ {others} s",
        flush=True,
    )


# --- the pipeline ----------------------------------------------------------------------------
def compare_to_bare(output: Path, bare: dict[str, tuple[str | None, str | None]]) -> dict:
    """Does the pipeline agree with the bare loop, article by article (language, hash)?"""
    same_language = same_hash = found = 0
    for record in read_records(output):
        data = record["data"]
        expected = bare.get(data["url"])
        if expected is None:
            continue
        found += 1
        same_language += data["language"] == expected[0]
        same_hash += data["content_sha256"] == expected[1]
    return {
        "records_matched_to_bare": found,
        "same_language": same_language,
        "same_content_sha256": same_hash,
    }


# --- language prefix -------------------------------------------------------------------------
def _extract_text(page: tuple[str, bytes, str]) -> str | None:
    from pipelines.core.text import decode_html, extract_document

    html, _ = decode_html(page[1], page[2])
    doc = extract_document(html, page[0], _WORK["options"])
    return doc["text"] if doc else None


def language_cost(server: Any, count: int, processes: int) -> dict[str, Any]:
    """Detection on the configured prefix vs the full text, over whole extracted articles."""
    cfg = _settings().language
    pages = served_pages(server, count)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes, initializer=_bare_init) as pool:
        texts = pool.map(_extract_text, pages, chunksize=16)
    truth = [server.corpus.language(i) for i in range(len(pages))]
    rows = [(t, lang) for t, lang in zip(texts, truth, strict=True) if t]
    lengths = [len(t) for t, _ in rows]

    out_pairs = candidate_pairs([t for t, _ in rows], server.corpus)
    limits = [cfg.max_chars if x is None else int(x) for x in LANGUAGE_SWEEP] + [FULL_TEXT]
    found, timings = interleaved_detection(rows, limits, cfg)
    full, full_s = found[-1], timings[-1]
    full_mean = statistics.fmean(full_s)
    sweep = []
    for setting, max_chars, got, seconds in zip(
        (*LANGUAGE_SWEEP, "full"), limits, found, timings, strict=True
    ):
        capped = None if max_chars == FULL_TEXT else max_chars
        same = sum(1 for a, b in zip(got, full, strict=True) if a == b)
        right = sum(1 for a, (_, t) in zip(got, rows, strict=True) if a == t)
        sweep.append(
            {
                "max_chars": "full" if capped is None else capped,
                "default": setting is None,
                "texts_truncated": sum(1 for n in lengths if capped and n > capped),
                "agreement_with_full_text": round(same / len(rows), 6),
                "agreement_with_generated_language": round(right / len(rows), 6),
                **_timing(seconds),
                "share_of_full_text_cost": round(statistics.fmean(seconds) / full_mean, 3),
                "disagreements": [
                    {"truth": t, "prefix": a, "full": b, "chars": len(text)}
                    for a, b, (text, t) in zip(got, full, rows, strict=True)
                    if a != b
                ][:10],
            }
        )
    default = next(entry for entry in sweep if entry["default"])
    return {
        "texts": len(rows),
        "pages": len(pages),
        "text_chars": {
            "median": statistics.median(lengths),
            "mean": round(statistics.fmean(lengths), 1),
            "max": max(lengths),
        },
        "settings": {
            "max_chars": cfg.max_chars,
            "min_chars": cfg.min_chars,
            "min_confidence": cfg.min_confidence,
            "seed": cfg.seed,
        },
        "detection": "LanguageDetector.detect(text) without hints: the detector's own decision",
        "timing": "interleaved: each text through every setting in turn, the order rotated "
        "per text, so that a drift in the machine's speed falls on all settings alike",
        "_candidate_pairs": out_pairs,
        "default_prefix": {
            "ms_per_article": default["mean_ms"],
            "agreement_with_full_text": default["agreement_with_full_text"],
            "share_of_full_text_cost": default["share_of_full_text_cost"],
            "full_text_ms_per_article": round(1000 * full_mean, 3),
            "meets_target": default["mean_ms"] <= TARGETS["language_ms_max"]
            and default["agreement_with_full_text"] >= TARGETS["language_agreement_min"],
        },
        "sweep": sweep,
    }


def interleaved_detection(
    rows: Sequence[tuple[str, str]], limits: Sequence[int], cfg: Any
) -> tuple[list[list[str]], list[list[float]]]:
    """Languages and seconds per text for each prefix limit, the limits taken in turn per text.

    Timing each setting over all texts one after the other would compare settings measured
    minutes apart; on a shared machine its speed moves by more than the settings differ.
    """
    from pipelines.core.language import LanguageDetector

    detectors = [
        LanguageDetector(limit, cfg.min_chars, cfg.min_confidence, cfg.seed) for limit in limits
    ]
    for detector in detectors:
        for text, _ in rows[:20]:  # warm-up
            detector.detect(text)
    found: list[list[str]] = [[] for _ in limits]
    seconds: list[list[float]] = [[] for _ in limits]
    count = len(limits)
    for index, (text, _) in enumerate(rows):
        for step in range(count):
            k = (index + step) % count
            begun = time.perf_counter()
            result = detectors[k].detect(text)
            seconds[k].append(time.perf_counter() - begun)
            found[k].append(result.language)
    return found, seconds


def candidate_pairs(texts: list[str], corpus: Any) -> dict[str, Any]:
    """What ``ClusterArticles`` shuffles for these texts, computed without Beam.

    Band keys from the pipeline's own ``signature``/``band_keys`` with the configured
    ``dedup.*``; pairs as the band buckets form them (each member with its ``MAX_BUCKET``
    predecessors in each band bucket; ``bucket_pairs`` verifies a pair once per band partition
    it occurs in), then distinct pairs, then pairs ``is_copy`` verifies.
    """
    from collections import defaultdict

    from pipelines.core.neardup import band_keys, is_copy, signature
    from pipelines.transforms.cluster import MAX_BUCKET

    settings = _settings().dedup.neardup()
    begun = time.perf_counter()
    sigs = [signature(text, settings) for text in texts]
    keys = [band_keys(sig, settings) for sig in sigs]
    sign_s = time.perf_counter() - begun
    buckets: dict[int, list[int]] = defaultdict(list)
    for index, article_keys in enumerate(keys):
        for key in article_keys:
            buckets[key].append(index)
    emitted = 0
    distinct: set[tuple[int, int]] = set()
    for members in buckets.values():
        for k in range(1, len(members)):
            earlier = members[max(0, k - MAX_BUCKET) : k]
            emitted += len(earlier)
            distinct.update((members[k], e) for e in earlier)
    verified = {(a, b) for a, b in distinct if is_copy(sigs[a], sigs[b], settings)[0]}
    sizes = sorted((len(m) for m in buckets.values()), reverse=True)
    n = len(texts)
    return {
        "texts": n,
        "settings": dataclasses.asdict(settings),
        "max_bucket": MAX_BUCKET,
        "signature_ms_per_article": round(1000 * sign_s / n, 3),
        "band_memberships": sum(sizes),
        "buckets_with_2_or_more": sum(1 for x in sizes if x > 1),
        "largest_buckets": sizes[:5],
        "pairs_emitted": emitted,
        "pairs_emitted_per_article": round(emitted / n, 1),
        "distinct_pairs": len(distinct),
        "verified_pairs": len(verified),
        "articles_with_a_verified_earlier_copy": len({a for a, _ in verified}),
        "generated_syndicated_copies": sum(1 for i in range(n) if corpus.source_of(i) is not None),
    }


def _timing(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "mean_ms": round(1000 * statistics.fmean(seconds), 3),
        "median_ms": round(1000 * statistics.median(seconds), 3),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 3),
    }


# --- sections --------------------------------------------------------------------------------
def overhead_and_scaling(
    corpus_args: dict[str, Any],
    workers: Sequence[int],
    tmp: Path,
    cpus: str | None = None,
    settings: Sequence[str] = (),
    one_core: bool = False,
    bare_processes: Sequence[int] = (),
    bare_works: Sequence[str] = ("full",),
) -> dict[str, Any]:
    """Bare loop and pipeline per worker count, and the scaling between 1 and 2 workers.

    ``bare_processes`` (default: the pipeline's worker count) are the bare loops' process
    counts and ``bare_works`` their work (``BARE_WORKS``), all bracketing each pipeline run;
    ``against_bare_loops`` holds the pipeline's ratio to each.

    With ``one_core``, one more pipeline of 1 worker runs confined to CPU 0 (its extraction
    child included), for the scaling from one core to two (``scaling.one_core``).
    """
    from benchmarks.corpus import Corpus, CorpusServer

    corpus = Corpus(**corpus_args)
    articles = corpus.articles
    pinned: dict[str, Any] | None = None
    pinned_records: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    records_by_workers: dict[int, list[dict[str, Any]]] = {}
    with CorpusServer(corpus) as server:
        server.prerender()  # the timed runs pay for fetching pages, not for generating them
        pages = served_pages(server)
        for n in workers:
            # The bare loop runs half its pages before the pipeline and half after: on a
            # machine whose speed drifts (a shared host), both sides of the ratio then see
            # the same mean speed, and the two halves show how much it drifted. With several
            # bare loops (process counts, works), the halves after run in the reverse order of
            # the halves before, so each loop's two halves sit symmetrically around the run.
            loops = [(b, w) for b in (bare_processes or [n]) for w in bare_works]
            befores = {
                (b, w): timed_bare_loop(
                    pages[0::2], b, f"bare loop ({w}), {b} process(es), first half", w
                )
                for b, w in loops
            }
            print(f"pipeline, {n} worker(s), {articles} articles …", flush=True)
            output = tmp / f"pipeline-w{n}"
            command = pipeline_command(
                server.feed_urls, server.allow_addresses, output, direct_args(n), cpus, settings
            )
            pipe = run_pipeline(command, output, articles, label=f"direct-{n}")
            print_pipeline_run(pipe)
            afters = {
                (b, w): timed_bare_loop(
                    pages[1::2], b, f"bare loop ({w}), {b} process(es), second half", w
                )
                for b, w in reversed(loops)
            }
            bares = {key: combine_bare_halves(befores[key], afters[key]) for key in loops}
            results = [bares[k].pop("_results") for k in loops]
            checked = next(
                (r for (_, w), r in zip(loops, results, strict=True) if w == "full"), results[0]
            )
            pipe["agreement_with_bare"] = compare_to_bare(output, checked)
            records_by_workers[n] = read_records(output)
            pipe["command"] = _shorten(command)
            fixed = fixed_cost(corpus_args, n, tmp, cpus, settings)
            pipe["fixed_cost_run"] = fixed
            marginal = _marginal_rate(articles, pipe["elapsed_s"], fixed)
            pipe["marginal_articles_per_s"] = marginal
            print(
                f"  exit {pipe['exit_code']}, {pipe['records']} records, "
                f"{pipe['articles_per_s']} articles/s, "
                f"{pipe['cpu_ms_per_article']:.2f} ms CPU/article, "
                f"peak tree RSS {pipe['tree']['peak_tree_rss_mib']} MiB",
                flush=True,
            )
            bare = bares.get((n, bare_works[0]), bares[loops[0]])
            ratio = (
                pipe["articles_per_s"] / bare["articles_per_s"] if pipe["articles_per_s"] else None
            )
            runs.append(
                {
                    "workers": n,
                    "bare": bare,
                    "pipeline": pipe,
                    "overhead_ratio": None if ratio is None else round(ratio, 3),
                    "marginal_overhead_ratio": _ratio(marginal, bare["articles_per_s"]),
                    "cpu_ratio": round(bare["cpu_ms_per_article"] / pipe["cpu_ms_per_article"], 3),
                    "against_bare_loops": [
                        against_bare(pipe, bares[(b, w)], marginal) for b, w in loops
                    ],
                }
            )
        if one_core:
            print(f"pipeline, 1 worker on CPU 0 only, {articles} articles …", flush=True)
            output = tmp / "pipeline-w1-cpu0"
            command = pipeline_command(
                server.feed_urls, server.allow_addresses, output, direct_args(1), "0", settings
            )
            pinned = run_pipeline(command, output, articles, label="direct-1-cpu0")
            pinned["command"] = _shorten(command)
            pinned_records = read_records(output)
            print(f"  {pinned['records']} records, {pinned['articles_per_s']} articles/s")
    by_workers = {run["workers"]: run for run in runs}
    scaling = (
        scaling_of(by_workers[1], by_workers[2], pinned) if {1, 2} <= by_workers.keys() else {}
    )
    consistency = {}
    if len(records_by_workers) >= 2:
        if pinned is not None:  # the pinned run against the unconfined 1-worker run
            consistency["1_worker_vs_1_on_one_core"] = compare_record_sets(
                records_by_workers[1], pinned_records
            )
        first, *others = sorted(records_by_workers)
        for n in others:
            consistency[f"{first}_vs_{n}_workers"] = compare_record_sets(
                records_by_workers[first], records_by_workers[n]
            )
    return {
        "corpus": corpus_args,
        "runs": runs,
        "scaling": scaling,
        "records_across_worker_counts": consistency,
    }


def scaling_of(
    one: dict[str, Any], two: dict[str, Any], pinned: dict[str, Any] | None = None
) -> dict[str, Any]:
    """1 → 2 workers: articles/s, and how many CPUs each run kept busy.

    ``cpus_used`` is the pipeline tree's CPU time over its wall time. A worker whose
    extraction child works beside it (``extract.overlap``) keeps more than one CPU busy, so
    on two cores the second worker has less than a CPU left to add: ``articles_per_cpu_2_over_1``
    says whether each CPU-second did as much work with 2 workers as with 1 (1.0 = no loss).
    ``pinned``, a 1-worker pipeline run confined to one CPU, adds ``one_core``: the 2-worker
    run's articles/s over that run's, i.e. the scaling from one core to two.
    """
    runs = {1: one["pipeline"], 2: two["pipeline"]}
    if pinned is not None:
        runs[0] = pinned
    rate = {n: pipe["articles_per_s"] for n, pipe in runs.items()}
    # The tree's CPU counts from the interpreter's start, so it is taken over the process's
    # whole wall time, not only main()'s.
    walls = {n: pipe.get("process_wall_s") or pipe.get("elapsed_s") for n, pipe in runs.items()}
    cpus = {n: pipe["tree"]["cpu_s"] / walls[n] if walls[n] else None for n, pipe in runs.items()}
    per_cpu = {n: rate[n] / cpus[n] if rate[n] and cpus[n] else None for n in runs}
    pipe_scale = _ratio(rate[2], rate[1])
    one_core = None
    if pinned is not None:
        one_core = {
            "articles_per_s": rate[0],
            "cpus_used": None if cpus[0] is None else round(cpus[0], 2),
            "extract_overlap": pinned.get("extract_overlap"),
            "two_workers_over_it": _ratio(rate[2], rate[0]),
        }
    return {
        "pipeline_2_over_1": pipe_scale,
        "pipeline_marginal_2_over_1": _ratio(
            runs[2]["marginal_articles_per_s"], runs[1]["marginal_articles_per_s"]
        ),
        "bare_2_over_1": _ratio(two["bare"]["articles_per_s"], one["bare"]["articles_per_s"]),
        "extract_overlap": [runs[n].get("extract_overlap") for n in (1, 2)],
        "cpus_used": [None if cpus[n] is None else round(cpus[n], 2) for n in (1, 2)],
        "articles_per_cpu_2_over_1": _ratio(per_cpu[2], per_cpu[1]),
        "meets_target": None
        if pipe_scale is None
        else pipe_scale >= TARGETS["scaling_1_to_2_min"],
        "one_core": one_core,
    }


def fixed_cost(
    corpus_args: dict[str, Any],
    workers: int,
    tmp: Path,
    cpus: str | None = None,
    settings: Sequence[str] = (),
) -> dict[str, Any]:
    """The same command over a tiny corpus: start-up and finish costs that do not grow with N."""
    from benchmarks.corpus import Corpus, CorpusServer

    corpus = Corpus(**{**corpus_args, "articles": FIXED_COST_ARTICLES})
    with CorpusServer(corpus) as server:
        output = tmp / f"fixed-w{workers}"
        command = pipeline_command(
            server.feed_urls, server.allow_addresses, output, direct_args(workers), cpus, settings
        )
        run = run_pipeline(command, output, corpus.articles, label=f"fixed-{workers}")
    return {
        "articles": corpus.articles,
        "exit_code": run["exit_code"],
        "elapsed_s": run["elapsed_s"],
        "startup_s": run["startup_s"],
        "cpu_s": run["tree"]["cpu_s"],
        "peak_tree_rss_mib": run["tree"]["peak_tree_rss_mib"],
    }


def _marginal_rate(articles: int, elapsed: float | None, fixed: dict[str, Any]) -> float | None:
    """Articles/s once started: (N - n0) / (T(N) - T(n0))."""
    if not elapsed or not fixed.get("elapsed_s") or elapsed <= fixed["elapsed_s"]:
        return None
    return round((articles - fixed["articles"]) / (elapsed - fixed["elapsed_s"]), 2)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def _shorten(command: list[str]) -> str:
    """The command with its many ``--feed URL`` pairs folded into a count."""
    out: list[str] = []
    feeds = 0
    skip = False
    for k, token in enumerate(command):
        if skip:
            skip = False
            continue
        if token == "--feed" and k + 1 < len(command):
            feeds += 1
            skip = True
            if feeds == 1:
                out += ["--feed", "URL"]
            continue
        out.append(token)
    text = " ".join(out).replace(sys.executable, os.path.relpath(sys.executable, REPO_ROOT))
    return f"{text}   ({feeds} --feed URLs)"


def memory(
    corpus_args: dict[str, Any],
    sizes: Sequence[int],
    workers: int,
    tmp: Path,
    reuse: dict[int, dict[str, Any]],
) -> dict[str, Any]:
    """Peak RSS of the whole process tree at each corpus size."""
    from benchmarks.corpus import Corpus, CorpusServer

    points = []
    for size in sizes:
        if size in reuse:
            run = reuse[size]
        else:
            print(f"memory: pipeline, {workers} worker(s), {size} articles …", flush=True)
            corpus = Corpus(**{**corpus_args, "articles": size})
            with CorpusServer(corpus) as server:
                output = tmp / f"memory-{size}"
                command = pipeline_command(
                    server.feed_urls, server.allow_addresses, output, direct_args(workers)
                )
                run = run_pipeline(command, output, size, label=f"memory-{size}")
                run["command"] = _shorten(command)
        tree = run["tree"]
        points.append(
            {
                "articles": size,
                "exit_code": run["exit_code"],
                "records": run["records"],
                "elapsed_s": run["elapsed_s"],
                "articles_per_s": run["articles_per_s"],
                "peak_tree_rss_mib": tree["peak_tree_rss_mib"],
                "sum_of_process_peaks_mib": tree["sum_of_process_peaks_mib"],
                "by_role": tree["by_role"],
                "machine_cpu_busy_share": run.get("machine_cpu_busy_share"),
            }
        )
        print(
            f"  {size} articles: peak tree RSS {tree['peak_tree_rss_mib']} MiB "
            f"(sum of process peaks {tree['sum_of_process_peaks_mib']} MiB), "
            f"{run['articles_per_s']} articles/s",
            flush=True,
        )
    out: dict[str, Any] = {"workers": workers, "points": points}
    if len(points) >= 2:
        small, large = points[0], points[-1]
        growth = large["peak_tree_rss_mib"] / small["peak_tree_rss_mib"] - 1
        slope = (large["peak_tree_rss_mib"] - small["peak_tree_rss_mib"]) / (
            (large["articles"] - small["articles"]) / 1000
        )
        out.update(
            growth=round(growth, 3),
            meets_target=growth <= TARGETS["memory_growth_max"],
            mib_per_1000_articles=round(slope, 2),
            per_role_growth={
                role: _ratio(
                    large["by_role"].get(role, {}).get("max_peak_rss_mib"),
                    small["by_role"].get(role, {}).get("max_peak_rss_mib"),
                )
                for role in large["by_role"]
            },
        )
        if large["articles"] < 100_000:
            # A straight line through the two points, for the sizes not measured.
            out["linear_extrapolation_mib"] = {
                str(n): round(small["peak_tree_rss_mib"] + slope * (n - small["articles"]) / 1000)
                for n in (10_000, 100_000)
                if n not in {p["articles"] for p in points}
            }
    return out


# --- report ----------------------------------------------------------------------------------
def print_summary(payload: dict[str, Any]) -> None:
    print("\n=== summary ===")
    over = payload.get("overhead")
    if over:
        for run in over["runs"]:
            bare, pipe = run["bare"], run["pipeline"]
            print(
                f"{run['workers']} process(es): bare {bare['articles_per_s']:.1f}/s "
                f"({bare['cpu_ms_per_article']:.2f} ms CPU), pipeline "
                f"{pipe['articles_per_s']}/s ({pipe['cpu_ms_per_article']:.2f} ms CPU, "
                f"extraction overlapped: {pipe['extract_overlap']}): "
                f"ratio {run['overhead_ratio']} (target ≥ {TARGETS['overhead_ratio_min']}), "
                f"CPU ratio {run['cpu_ratio']}; once started "
                f"{pipe['marginal_articles_per_s']}/s, ratio {run['marginal_overhead_ratio']}; "
                f"bare after/before the pipeline {bare['drift']}× in articles/s"
            )
            fixed = pipe.get("fixed_cost_run") or {}
            print(
                f"  start-up: interpreter and imports {pipe['startup_s']} s before main(); a "
                f"{fixed.get('articles')}-article run of the same command takes "
                f"{fixed.get('elapsed_s')} s in main() (start-up and finish)"
            )
            for against in run.get("against_bare_loops", ()):
                print(
                    f"  vs bare {against['bare_processes']}-process loop "
                    f"({against['bare_work']}): {against['bare_articles_per_s']}/s "
                    f"({against['bare_cpu_ms_per_article']} ms CPU, drift "
                    f"{against['bare_drift']}, machine busy "
                    f"{against['bare_machine_cpu_busy_share']}): ratio {against['ratio']}, "
                    f"once started {against['ratio_once_started']}, CPU ratio "
                    f"{against['cpu_ratio']}"
                )
        if over["scaling"]:
            s = over["scaling"]
            print(
                f"scaling 1→2: pipeline {s['pipeline_2_over_1']}× "
                f"(target ≥ {TARGETS['scaling_1_to_2_min']}), once started "
                f"{s['pipeline_marginal_2_over_1']}×, bare {s['bare_2_over_1']}×; CPUs kept "
                f"busy {s['cpus_used'][0]} → {s['cpus_used'][1]}, articles per CPU-second "
                f"2 over 1 {s['articles_per_cpu_2_over_1']}×"
            )
            if s.get("one_core"):
                c = s["one_core"]
                print(
                    f"one core → two: 1 worker on CPU 0 {c['articles_per_s']}/s "
                    f"({c['cpus_used']} CPUs busy), 2 workers on both "
                    f"{over['runs'][-1]['pipeline']['articles_per_s']}/s: "
                    f"{c['two_workers_over_it']}×"
                )
    if over and over.get("records_across_worker_counts"):
        for name, c in over["records_across_worker_counts"].items():
            print(f"records {name}: equal={c['equal']} {c['records']}")
    cand = payload.get("cluster_candidates")
    if cand:
        print(
            f"cluster candidates over {cand['texts']} texts: {cand['pairs_emitted_per_article']} "
            f"pairs/article emitted, {cand['distinct_pairs']} distinct, "
            f"{cand['articles_with_a_verified_earlier_copy']} articles with a verified copy "
            f"(generated copies: {cand['generated_syndicated_copies']})"
        )
    mem = payload.get("memory")
    if mem and "growth" in mem:
        sizes = " → ".join(f"{p['articles']}: {p['peak_tree_rss_mib']} MiB" for p in mem["points"])
        print(
            f"memory: {sizes}; growth {100 * mem['growth']:.0f}% "
            f"(target ≤ {100 * TARGETS['memory_growth_max']:.0f}%)"
        )
    lang = payload.get("language")
    if lang:
        d = lang["default_prefix"]
        print(
            f"language prefix {lang['settings']['max_chars']}: {d['ms_per_article']} ms/article, "
            f"{100 * d['agreement_with_full_text']:.2f}% agree with full text "
            f"({lang['texts']} texts); {d['share_of_full_text_cost']} of the full text's "
            f"{d['full_text_ms_per_article']} ms"
        )
    dask = payload.get("dask")
    if dask:
        for name in ("stock", "fixed"):
            entry = dask.get(name)
            if entry:
                print(f"dask ({name} runner): {entry.get('verdict')}")


def code_state() -> dict[str, Any]:
    """Where the measured code comes from, and a digest of uncommitted pipeline changes."""
    import pipelines

    try:
        diff = subprocess.run(
            ["git", "diff", "HEAD", "--", "pipelines", "config", "schemas", "setup.py"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        diff = b""
    return {
        "pipelines_package": str(Path(pipelines.__file__).parent),
        "repo_root": str(REPO_ROOT),
        "uncommitted_pipeline_changes": bool(diff),
        "uncommitted_pipeline_diff_sha256": hashlib.sha256(diff).hexdigest()[:16]
        if diff
        else None,
    }


def parse_sizes(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.throughput",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--articles", type=int, help=f"corpus size (default {DEFAULT_ARTICLES})")
    parser.add_argument("--workers", default="1,2", help="worker process counts (default 1,2)")
    parser.add_argument("--quick", action="store_true", help="1,000 articles, memory 1k vs 3k")
    parser.add_argument("--dask", action="store_true", help="also run on the DaskRunner")
    parser.add_argument(
        "--dask-articles", type=int, metavar="N", help="corpus size of the Dask runs (--articles)"
    )
    parser.add_argument("--memory", type=parse_sizes, metavar="N,M", help="corpus sizes")
    parser.add_argument("--language-texts", type=int, help="texts for the prefix measurement")
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument(
        "--feeds",
        choices=("editions", "1"),
        default="editions",
        help="editions: each outlet edition's feeds of 50-200 items (default); 1: one feed of "
        "every article on outlet 0 (issue 26's set-up; pass --set feeds.max_entries=N ≥ the "
        "corpus size)",
    )
    parser.add_argument(
        "--bare-processes",
        metavar="N,M",
        help="process counts of the bare loops that bracket each pipeline run (default: the "
        "pipeline's worker count), e.g. 1,2 for issue 26's two ratios",
    )
    parser.add_argument(
        "--bare-work",
        choices=(*BARE_WORKS, "both"),
        default="full",
        help="full: decode, extract, language, SHA-256, MinHash (default); issue: decode, "
        "extract and language only (issue 26's bare loop); both: one loop of each",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-overhead", action="store_true", help="skip bare vs pipeline")
    parser.add_argument("--no-language", action="store_true", help="skip the prefix cost")
    parser.add_argument(
        "--pipeline-cpus",
        metavar="CPUS",
        help="run the timed pipelines under `taskset -c CPUS` (e.g. 0); the server and the "
        "bare loop keep every CPU",
    )
    parser.add_argument(
        "--set",
        dest="pipeline_set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a pipeline setting for the timed pipelines, e.g. extract.overlap=true (repeatable)",
    )
    parser.add_argument(
        "--one-core",
        action="store_true",
        help="also time 1 worker confined to CPU 0 (taskset -c 0, its extraction child "
        "included) and report the 2-worker run over it: scaling from one core to two",
    )
    parser.add_argument("--json", type=Path, help="result file (default benchmarks/results/…)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    articles = args.articles or (QUICK_ARTICLES if args.quick else DEFAULT_ARTICLES)
    workers = sorted({int(x) for x in args.workers.split(",") if x.strip()})
    if args.one_core and (workers != [1, 2] or args.pipeline_cpus or args.no_overhead):
        parser.error("--one-core needs --workers 1,2, no --pipeline-cpus and no --no-overhead")
    sizes = args.memory or (list(QUICK_MEMORY) if args.quick else None)
    language_texts = args.language_texts or min(articles, 10_000)
    corpus_args: dict[str, Any] = {"articles": articles, "hosts": args.hosts, "seed": args.seed}
    if args.feeds == "1":
        corpus_args["single_feed"] = True
    bare_processes = sorted({int(x) for x in (args.bare_processes or "").split(",") if x.strip()})
    bare_works = list(BARE_WORKS) if args.bare_work == "both" else [args.bare_work]

    meta = run_metadata("benchmarks.throughput", argv)
    meta["versions"].update(
        {n: _version(n) for n in ("dask", "distributed", "datasketch", "psutil")}
    )
    print_metadata(meta)
    print(f"load:     {os.getloadavg()} (1/5/15 min) at start; other jobs share this machine")
    settings = _settings()
    payload: dict[str, Any] = {
        "benchmark": "throughput",
        **meta,
        "code_measured": code_state(),
        "settings": {
            "dedup": dataclasses.asdict(settings.dedup),
            "language": dataclasses.asdict(settings.language),
            "extract": dataclasses.asdict(settings.extract),
        },
        "quick": args.quick,
        "targets": TARGETS,
        "pipeline_settings": [*PIPELINE_SETTINGS, *args.pipeline_set],
        "pipeline_cpus": args.pipeline_cpus,
        "window": list(WINDOW),
    }
    with tempfile.TemporaryDirectory(prefix="wirestream-throughput-") as name:
        tmp = Path(name)
        reuse: dict[int, dict[str, Any]] = {}
        if not args.no_overhead:
            payload["overhead"] = overhead_and_scaling(
                corpus_args,
                workers,
                tmp,
                args.pipeline_cpus,
                args.pipeline_set,
                args.one_core,
                bare_processes,
                bare_works,
            )
            for run in payload["overhead"]["runs"]:
                if run["workers"] == max(workers):
                    reuse[articles] = run["pipeline"]
        if sizes:
            payload["memory"] = memory(corpus_args, sizes, max(workers), tmp, reuse)
        if not args.no_language:
            from benchmarks.corpus import Corpus, CorpusServer

            print(f"language prefix over {language_texts} article texts …", flush=True)
            corpus = Corpus(**{**corpus_args, "articles": max(articles, language_texts)})
            with CorpusServer(corpus) as server:
                payload["language"] = language_cost(server, language_texts, max(workers))
            payload["cluster_candidates"] = payload["language"].pop("_candidate_pairs")
        if args.dask:
            from benchmarks.dask_support import dask_section

            dask_corpus = {**corpus_args, "articles": args.dask_articles or articles}
            payload["dask"] = dask_section(dask_corpus, tmp, max(workers))
    payload["load_average_at_end"] = list(os.getloadavg())
    print_summary(payload)
    default = "throughput_quick" if args.quick else "throughput"
    path = write_results(default, payload, args.json)
    print(f"\nwrote {path}")
    return 0


def _version(name: str) -> str | None:
    from benchmarks.common import package_version

    return package_version(name)


if __name__ == "__main__":
    sys.exit(main())
