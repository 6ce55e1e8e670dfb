"""The cost of the ExtractEvents stage: ms per 700-word article, gazetteer load, and its share.

Measured in one run:

- **gazetteer load**: a fresh Python process imports the event extractors and builds the
  gazetteer (``EventExtractor()``); wall time and the RSS it adds (peak RSS after minus before);
  the target is ≤ 3 s and ≤ 300 MB per worker;
- **per article**: ``EventExtractor.extract`` (every field: dateline, places, actors, quotes,
  sources, figures, times, events) on two sets of English texts, median / p90 / max ms, target
  median ≤ 10 ms on a 700-word article, and each extractor's own median alone:

  - ``news``: real news prose, the GeoVirus WikiNews articles of
    ``../shared/bench-data/geoparsing/GeoVirus.xml`` joined in file order into texts of about
    700 words (skipped when the file is missing);
  - ``corpus``: the English article bodies of the benchmark corpus (``benchmarks/corpus.py``,
    fictional, median about 700 words);

- **share**: on the corpus pages, the stage's time against the work every article costs anyway
  in the same run: trafilatura's extraction of the page and langdetect on the text's first
  1,000 characters (the pipeline's ``language.max_chars``).

Writes ``benchmarks/results/events_cost.json``. From the repository root::

    .venv/bin/python -m benchmarks.events_cost
    .venv/bin/python -m benchmarks.events_cost --articles 400 --rounds 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT, print_metadata, run_metadata, write_results

GEOVIRUS = REPO_ROOT.parent / "shared" / "bench-data" / "geoparsing" / "GeoVirus.xml"
TARGET_WORDS = 700
REFERENCE = dt.datetime(2026, 11, 19, 18, 0, tzinfo=dt.UTC)

_LOAD_PROBE = """
import json, resource, sys, time
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
from pipelines.core.events.record import EventExtractor
EventExtractor()
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "rss_mb_before": before / 1024,
                  "rss_mb_added": (after - before) / 1024}))
"""


def load_cost() -> dict[str, float]:
    """Gazetteer load in a fresh process: seconds and MB of peak RSS added."""
    out = subprocess.run(
        [sys.executable, "-c", _LOAD_PROBE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {k: round(v, 3) for k, v in json.loads(out.stdout.splitlines()[-1]).items()}


def news_texts(path: Path, words: int = TARGET_WORDS) -> list[str]:
    """The GeoVirus article texts joined, in file order, into texts of about ``words`` words."""
    root = ET.parse(path).getroot()
    texts, current, count = [], [], 0
    for article in root.iter("article"):
        text = (article.findtext("text") or "").strip()
        if not text:
            continue
        current.append(text)
        count += len(text.split())
        if count >= words:
            texts.append("\n\n".join(current))
            current, count = [], 0
    return texts


def corpus_articles(count: int) -> list[dict[str, Any]]:
    """English articles of the benchmark corpus: headline, body and the served page."""
    from benchmarks.corpus import Corpus, CorpusServer

    corpus = Corpus(articles=count * 8)
    out = []
    with CorpusServer(corpus) as server:
        for i in range(len(corpus)):
            view = corpus.view(i)
            if view.lang != "en":
                continue
            out.append(
                {
                    "title": view.headline,
                    "text": "\n\n".join(view.paragraphs),
                    "html": server.page(i).body,
                }
            )
            if len(out) == count:
                break
    return out


def _ms(fn, items, rounds: int) -> list[float]:
    """Per-item ms, the best of ``rounds`` passes over all items."""
    best = [float("inf")] * len(items)
    for _ in range(rounds):
        for i, item in enumerate(items):
            start = time.perf_counter()
            fn(item)
            best[i] = min(best[i], (time.perf_counter() - start) * 1000)
    return best


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 3),
        "max_ms": round(ordered[-1], 3),
    }


def measure_texts(texts: list[dict[str, str]], rounds: int) -> dict[str, Any]:
    """The whole stage and each extractor alone on ``[{"title", "text"}]``."""
    from pipelines.core.events import actors, figures, places, quotes, sources, times
    from pipelines.core.events.dateline import extract_dateline
    from pipelines.core.events.record import EventExtractor

    extractor = EventExtractor()
    words = [len(t["text"].split()) for t in texts]
    stage = _ms(
        lambda t: extractor.extract(
            t["text"], title=t["title"], language="en", reference=REFERENCE
        ),
        texts,
        rounds,
    )
    parts = {
        "dateline": lambda t: extract_dateline(t["text"]),
        "places": lambda t: places.find_places(t["text"], t["title"]),
        "actors": lambda t: actors.find_actors(t["text"], t["title"]),
        "quotes": lambda t: quotes.extract_quotes(t["text"]),
        "sources_cited": lambda t: sources.extract_sources_cited(t["text"]),
        "figures": lambda t: figures.extract_figures(t["text"]),
        "times": lambda t: times.find_times(t["text"], REFERENCE),
    }
    return {
        "texts": len(texts),
        "words_median": statistics.median(words),
        "stage": _stats(stage),
        "stage_ms_per_700_words": round(
            statistics.median(
                ms * TARGET_WORDS / max(1, w) for ms, w in zip(stage, words, strict=True)
            ),
            3,
        ),
        "extractors_median_ms": {
            name: round(statistics.median(_ms(fn, texts, rounds)), 3) for name, fn in parts.items()
        },
    }


def measure_share(articles: list[dict[str, Any]], rounds: int) -> dict[str, float]:
    """Stage time against trafilatura + langdetect on the same corpus pages."""
    import trafilatura

    from pipelines.core.language import LanguageDetector

    detector = LanguageDetector(1000, 20, 0.9, 0)
    from pipelines.core.events.record import EventExtractor

    extractor = EventExtractor()
    extract = statistics.median(_ms(lambda a: trafilatura.extract(a["html"]), articles, 1))
    language = statistics.median(
        _ms(lambda a: detector.detect(a["text"], None, None), articles, rounds)
    )
    stage = statistics.median(
        _ms(
            lambda a: extractor.extract(
                a["text"], title=a["title"], language="en", reference=REFERENCE
            ),
            articles,
            rounds,
        )
    )
    return {
        "trafilatura_median_ms": round(extract, 3),
        "langdetect_median_ms": round(language, 3),
        "events_median_ms": round(stage, 3),
        "events_share": round(stage / (extract + language + stage), 3),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="corpus articles (English)")
    parser.add_argument("--rounds", type=int, default=3, help="passes; the best is kept")
    args = parser.parse_args(argv)
    meta = run_metadata("benchmarks.events_cost", argv)
    print_metadata(meta)

    load = load_cost()
    print(f"gazetteer load: {load['seconds']:.2f} s, +{load['rss_mb_added']:.0f} MB RSS")
    results: dict[str, Any] = {"load": load}
    if GEOVIRUS.is_file():
        texts = [{"title": "", "text": t} for t in news_texts(GEOVIRUS)]
        results["news"] = measure_texts(texts, args.rounds)
    else:
        print(f"{GEOVIRUS} not found: the news set is skipped")
    articles = corpus_articles(args.articles)
    results["corpus"] = measure_texts(articles, args.rounds)
    results["share"] = measure_share(articles, args.rounds)
    for name in ("news", "corpus"):
        if name in results:
            r = results[name]
            print(
                f"{name}: {r['texts']} texts, median {r['words_median']:.0f} words: stage "
                f"median {r['stage']['median_ms']:.2f} ms (p90 {r['stage']['p90_ms']:.2f}), "
                f"{r['stage_ms_per_700_words']:.2f} ms per 700 words; "
                + ", ".join(f"{k} {v:.2f}" for k, v in r["extractors_median_ms"].items())
            )
    share = results["share"]
    print(
        f"share: events {share['events_median_ms']:.2f} ms vs trafilatura "
        f"{share['trafilatura_median_ms']:.2f} + langdetect {share['langdetect_median_ms']:.2f}"
        f" ms per article: {share['events_share']:.1%} of the three"
    )
    path = write_results("events_cost", {"meta": meta, **results})
    print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
