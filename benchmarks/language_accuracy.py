"""Language detection: accuracy on real paragraphs, determinism, and the cost of the prefix.

Data: ``../shared/bench-data/langid/udhr_paragraphs.jsonl`` next to the repository (paragraphs
of the Universal Declaration of Human Rights in 30 languages, ``{"text", "lang"}`` with ISO
639-1 codes). Only paragraphs of at least 200 characters are used. Without the file the
benchmark says so and exits 0.

Measured, with the pipeline's ``LanguageDetector`` and the default ``language.*`` settings
(``max_chars`` 1000, ``min_chars`` 20, ``min_confidence`` 0.9, ``seed`` 0):

- agreement with the known language, overall and per language, and ms per paragraph;
  langdetect's ``no`` and ``zh-cn``/``zh-tw`` are compared as ``nb`` and ``zh``, which is what
  ``pipelines.core.language.normalize_code`` makes of them;
- determinism: the Beam stage ``pipelines.transforms.language.DetectLanguage`` on the
  DirectRunner (in memory, and with 2 worker processes) must give exactly the direct results,
  and so must two separate Python processes (with different ``PYTHONHASHSEED``);
- a prefix sweep: ``max_chars`` 200 / 500 / 1000 / full text, agreement with full-text
  detection and with the known language, and ms per paragraph.

Writes ``benchmarks/results/language_accuracy.json``. Run from the repository root::

    .venv/bin/python -m benchmarks.language_accuracy
    .venv/bin/python -m benchmarks.language_accuracy --data PATH.jsonl --min-chars 200
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT, print_metadata, run_metadata, write_results

DATA = REPO_ROOT.parent / "shared" / "bench-data" / "langid" / "udhr_paragraphs.jsonl"
MIN_CHARS = 200
SWEEP: tuple[int | None, ...] = (200, 500, 1000, None)  # None: the whole paragraph
FULL_TEXT = 10**9

Result = tuple[str, float | None]  # (language, confidence)


def load(path: Path, min_chars: int) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if len(row["text"]) >= min_chars:
                    rows.append({"text": row["text"], "lang": row["lang"]})
    return rows


def language_settings() -> Any:
    """The pipeline's default ``language`` settings (as ``config/base.yaml`` spells them)."""
    from pipelines.news_ingest.config import load_settings

    return load_settings(None, []).language


def detect_all(
    texts: list[str], max_chars: int | None = None, *, unseeded: bool = False
) -> tuple[list[Result], list[float]]:
    """Direct detection with the default settings (``max_chars`` overridable); per-call times.

    ``unseeded`` (a control only) clears langdetect's seed after the detector set it.
    """
    from langdetect import DetectorFactory

    from pipelines.core.language import LanguageDetector

    cfg = language_settings()
    detector = LanguageDetector(
        max_chars=cfg.max_chars if max_chars is None else max_chars,
        min_chars=cfg.min_chars,
        min_confidence=cfg.min_confidence,
        seed=cfg.seed,
    )
    if unseeded:
        DetectorFactory.seed = None
    results: list[Result] = []
    seconds: list[float] = []
    for text in texts:
        begun = time.perf_counter()
        found = detector.detect(text)
        seconds.append(time.perf_counter() - begun)
        results.append((found.language, found.confidence))
    return results, seconds


# --- Beam ------------------------------------------------------------------------------------
def _to_article(item: tuple[int, str]) -> dict[str, Any]:
    index, text = item
    return {"index": index, "text": text, "page_lang": None, "feed_language": None}


def _to_line(article: dict[str, Any]) -> str:
    return json.dumps([article["index"], article["language"], article["language_confidence"]])


def detect_in_beam(texts: list[str], beam_args: list[str]) -> list[Result]:
    """The real ``DetectLanguage`` stage on the DirectRunner; results in input order."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    from pipelines.transforms.language import DetectLanguage

    cfg = language_settings()
    with tempfile.TemporaryDirectory(prefix="wirestream-lang-") as tmp:
        prefix = str(Path(tmp) / "languages")
        options = PipelineOptions(["--runner=DirectRunner", *beam_args])
        with beam.Pipeline(options=options) as p:
            _ = (
                p
                | "Paragraphs" >> beam.Create(list(enumerate(texts)))
                | "ToArticles" >> beam.Map(_to_article)
                | "DetectLanguage" >> DetectLanguage(cfg)
                | "ToJson" >> beam.Map(_to_line)
                | "Write"
                >> beam.io.WriteToText(prefix, ".jsonl", num_shards=1, shard_name_template="")
            )
        out: dict[int, Result] = {}
        with open(prefix + ".jsonl", encoding="utf-8") as handle:
            for line in handle:
                index, language, confidence = json.loads(line)
                out[index] = (language, confidence)
    return [out[k] for k in range(len(texts))]


# --- separate processes ----------------------------------------------------------------------
def detect_in_subprocess(
    data: Path, min_chars: int, hash_seed: int, *, unseeded: bool = False
) -> list[Result]:
    """Runs ``--worker`` mode in a fresh interpreter; returns its results."""
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    command = [
        sys.executable, "-m", "benchmarks.language_accuracy",
        "--worker", "--data", str(data), "--min-chars", str(min_chars),
    ]  # fmt: skip
    if unseeded:
        command.append("--unseeded")
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True
    )
    return [(language, confidence) for language, confidence in json.loads(done.stdout)]


def agreement(a: list[Result], b: list[Result]) -> dict[str, Any]:
    same = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    return {"identical": same, "of": len(a), "share": round(same / len(a), 6) if a else None}


# --- report ----------------------------------------------------------------------------------
def per_language(rows: list[dict[str, str]], results: list[Result]) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"paragraphs": 0, "correct": 0, "detected_as": Counter()}
    )
    for row, (language, _) in zip(rows, results, strict=True):
        entry = table[row["lang"]]
        entry["paragraphs"] += 1
        entry["correct"] += language == row["lang"]
        if language != row["lang"]:
            entry["detected_as"][language] += 1
    out = {}
    for lang in sorted(table):
        entry = table[lang]
        out[lang] = {
            "paragraphs": entry["paragraphs"],
            "correct": entry["correct"],
            "agreement": round(entry["correct"] / entry["paragraphs"], 4),
            "detected_as": dict(entry["detected_as"].most_common()),
        }
    return out


def timing(seconds: list[float]) -> dict[str, float]:
    return {
        "mean_ms": round(1000 * statistics.fmean(seconds), 3),
        "median_ms": round(1000 * statistics.median(seconds), 3),
        "p95_ms": round(1000 * sorted(seconds)[int(0.95 * (len(seconds) - 1))], 3),
        "total_s": round(sum(seconds), 3),
    }


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.language_accuracy",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=DATA, help="JSONL of {text, lang}")
    parser.add_argument("--min-chars", type=int, default=MIN_CHARS)
    parser.add_argument("--json", type=Path, help="result file (default benchmarks/results/…)")
    parser.add_argument("--no-beam", action="store_true", help="skip the Beam runs")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--unseeded", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not args.data.is_file():
        print(f"language_accuracy: data not found: {args.data}")
        print(
            "It comes from ../shared/bench-data/langid/ (not part of the repository); "
            "nothing measured."
        )
        return 0
    rows = load(args.data, args.min_chars)
    texts = [row["text"] for row in rows]
    if args.worker:  # one detection pass for the cross-process check
        results, _ = detect_all(texts, unseeded=args.unseeded)
        print(json.dumps(results))
        return 0
    if not rows:
        print(f"language_accuracy: no paragraph of at least {args.min_chars} characters")
        return 0

    import logging

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("apache_beam").setLevel(logging.ERROR)  # runner chatter, not results
    meta = run_metadata("benchmarks.language_accuracy", argv)
    print_metadata(meta)
    cfg = language_settings()
    print(
        f"data:     {args.data} ({len(rows)} paragraphs of >= {args.min_chars} characters, "
        f"{len({r['lang'] for r in rows})} languages)"
    )
    print(
        f"settings: language.max_chars={cfg.max_chars} min_chars={cfg.min_chars} "
        f"min_confidence={cfg.min_confidence} seed={cfg.seed}\n"
    )

    direct, seconds = detect_all(texts)
    correct = sum(1 for row, (lang, _) in zip(rows, direct, strict=True) if lang == row["lang"])
    languages = per_language(rows, direct)
    undetermined = sum(1 for lang, _ in direct if lang == "und")
    low = sum(1 for _, conf in direct if conf is not None and conf < cfg.min_confidence)

    print(f"{'lang':<5} {'paras':>5} {'correct':>7} {'agree':>7}  wrong as")
    for lang, entry in sorted(languages.items(), key=lambda kv: (kv[1]["agreement"], kv[0])):
        print(
            f"{lang:<5} {entry['paragraphs']:>5} {entry['correct']:>7} "
            f"{100 * entry['agreement']:>6.1f}%  {entry['detected_as'] or ''}"
        )
    print(
        f"\noverall: {correct}/{len(rows)} = {100 * correct / len(rows):.2f}% "
        f"({undetermined} und, {low} below min_confidence); {timing(seconds)}"
    )

    determinism: dict[str, Any] = {}
    if not args.no_beam:
        in_memory = detect_in_beam(texts, [])
        determinism["beam_direct_runner_in_memory_vs_direct"] = agreement(in_memory, direct)
        workers = detect_in_beam(
            texts,
            [
                "--direct_num_workers=2",
                "--direct_running_mode=multi_processing",
                "--default_sdk_harness_log_level=WARNING",
            ],
        )
        determinism["beam_direct_runner_2_processes_vs_direct"] = agreement(workers, direct)
    first = detect_in_subprocess(args.data, args.min_chars, hash_seed=1)
    second = detect_in_subprocess(args.data, args.min_chars, hash_seed=2)
    determinism["process_a_vs_process_b"] = agreement(first, second)
    determinism["process_a_vs_this_process"] = agreement(first, direct)
    # Control: without the seed two processes disagree, so the checks above can fail.
    control_a = detect_in_subprocess(args.data, args.min_chars, hash_seed=1, unseeded=True)
    control_b = detect_in_subprocess(args.data, args.min_chars, hash_seed=2, unseeded=True)
    determinism["control_unseeded_process_a_vs_b"] = agreement(control_a, control_b)
    determinism["control_unseeded_same_language_a_vs_b"] = {
        "identical": sum(1 for x, y in zip(control_a, control_b, strict=True) if x[0] == y[0]),
        "of": len(texts),
    }
    print("\ndeterminism (language and confidence identical):")
    for name, value in determinism.items():
        print(f"  {name:<45} {value['identical']}/{value['of']}")

    full, _ = detect_all(texts, FULL_TEXT)
    sweep = []
    print(f"\n{'max_chars':>9} {'truncated':>9} {'vs full':>8} {'vs truth':>8} {'ms/para':>8}")
    for max_chars in SWEEP:
        results, secs = detect_all(texts, FULL_TEXT if max_chars is None else max_chars)
        same = sum(1 for a, b in zip(results, full, strict=True) if a[0] == b[0])
        right = sum(1 for row, (lang, _) in zip(rows, results, strict=True) if lang == row["lang"])
        cut = sum(1 for t in texts if max_chars is not None and len(t) > max_chars)
        entry = {
            "max_chars": max_chars or "full",
            "paragraphs_truncated": cut,
            "agreement_with_full_text": round(same / len(rows), 6),
            "agreement_with_truth": round(right / len(rows), 6),
            **timing(secs),
            "wrong": [
                {"lang": row["lang"], "detected": lang, "confidence": conf, "chars": len(t)}
                for row, t, (lang, conf) in zip(rows, texts, results, strict=True)
                if lang != row["lang"]
            ][:10],
        }
        sweep.append(entry)
        print(
            f"{entry['max_chars']!s:>9} {cut:>9} {100 * same / len(rows):>7.2f}% "
            f"{100 * right / len(rows):>7.2f}% {entry['mean_ms']:>8.2f}"
        )

    payload = {
        "benchmark": "language_accuracy",
        **meta,
        "data": str(args.data),
        "paragraphs": len(rows),
        "min_chars": args.min_chars,
        "settings": {
            "max_chars": cfg.max_chars,
            "min_chars": cfg.min_chars,
            "min_confidence": cfg.min_confidence,
            "seed": cfg.seed,
        },
        "code_mapping": "langdetect no -> nb, zh-cn/zh-tw -> zh (normalize_code)",
        "overall": {
            "correct": correct,
            "agreement": round(correct / len(rows), 6),
            "undetermined": undetermined,
            "below_min_confidence": low,
            **timing(seconds),
        },
        "per_language": languages,
        "determinism": determinism,
        "prefix_sweep": sweep,
    }
    path = write_results("language_accuracy", payload, args.json)
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
