"""State-store lookup time against the number of stored articles (the real store's API).

    .venv/bin/python -m benchmarks.state_lookup                       # SQLite, up to 200k
    .venv/bin/python -m benchmarks.state_lookup --sizes 10000,50000 --postgresql URI

Fills a fresh store through ``StateStore.commit`` (one window per 10,000 articles) with
signatures of random texts, and at 10k, 50k, 100k and 200k stored articles times the three
queries the pipeline makes: ``similar(keys, window)`` with a new article's band and lead keys
(``text_keys``: what ``ClusterArticles`` asks for every new article), ``template_lines(line
keys, window, dedup.template_pages)`` with a new page's line keys (what ``SignFn`` asks for the
lines it has not seen in the window; the first page of a site in a window asks for all of
them), and ``seen(ids, window)`` for batches of 256 ids, as ``SkipSeen`` does. Every stored
article has ``LINES`` lines of its own and, like a page of one of ``SITES`` sites, its site's
``TEMPLATE`` template lines (so ``template_lines`` finds some). The target is a flat lookup
time: the ratio of the 200k figure to the 10k figure close to 1.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import RESULTS_DIR, print_metadata, run_metadata, write_results
from pipelines.core.neardup import NearDupSettings, line_keys, signature, text_keys
from pipelines.core.state import open_state

WORDS = [f"w{i}" for i in range(5000)]
SITES = 200  # sites whose pages are stored
LINES = 20  # lines of a page's own
TEMPLATE = 3  # template lines of each site, on every page of it


def text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(300))


def window_key(index: int) -> str:
    return f"2026-01-{1 + index // 96:02d}T{(index % 96) // 4:02d}:{15 * (index % 4):02d}:00Z"


def site_template(site: int) -> list[str]:
    return [f"site {site} template line {k}: follow us, share this story" for k in range(TEMPLATE)]


def page_lines(rng: random.Random, site: int) -> list[int]:
    """The line keys of a page of ``site``: its own lines and the site's template lines."""
    own = [" ".join(rng.choice(WORDS) for _ in range(15)) for _ in range(LINES)]
    return line_keys("\n".join(own + site_template(site)), f"site{site}.invalid:80")


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * len(values))]


def measure(uri: str, sizes: list[int], queries: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    settings = NearDupSettings()
    probes, line_probes = [], []
    for q in range(queries):
        body = text(rng)
        probes.append(text_keys(body, signature(body, settings), settings))
        line_probes.append(page_lines(rng, q % SITES))
    # Filler signatures are random values: each article gets its own band keys (the store's
    # size, not the match rate, is what is measured here).
    stored, levels, window = 0, [], 0
    with open_state(uri) as store:
        for size in sizes:
            started = time.perf_counter()
            while stored < size:
                batch = min(10_000, size - stored)
                rows = []
                for n in range(stored, stored + batch):
                    values = rng.randbytes(4 * settings.num_perm)
                    rows.append(
                        {
                            "article_id": f"{n:032x}",
                            "canonical_url": f"http://x.invalid/{n}",
                            "record_id": f"{n:032x}",
                            "content_sha256": f"{n:064x}",
                            "cluster_id": f"{n:032x}",
                            "signature": values,
                            "shingles": 298,
                            "band_keys": [
                                rng.getrandbits(63)
                                for _ in range(settings.bands + settings.lead_bands)
                            ],
                            "line_keys": page_lines(rng, n % SITES),
                        }
                    )
                store.commit(rows, window_key(window))
                window += 1
                stored += batch
            insert_s = time.perf_counter() - started
            later = window_key(window + 1)
            similar_us = []
            for keys in probes:
                t0 = time.perf_counter()
                store.similar(keys, later)
                similar_us.append((time.perf_counter() - t0) * 1e6)
            template_us, found = [], 0
            for keys in line_probes:
                t0 = time.perf_counter()
                found += len(store.template_lines(keys, later, settings.template_pages))
                template_us.append((time.perf_counter() - t0) * 1e6)
            seen_us = []
            for _ in range(max(1, queries // 10)):
                ids = [f"{rng.randrange(2 * stored):032x}" for _ in range(256)]
                t0 = time.perf_counter()
                store.seen(ids, later)
                seen_us.append((time.perf_counter() - t0) * 1e6)
            levels.append(
                {
                    "stored": stored,
                    "insert_s": round(insert_s, 1),
                    "similar_us_median": round(statistics.median(similar_us), 1),
                    "similar_us_p95": round(_p95(similar_us), 1),
                    "template_lines_us_median": round(statistics.median(template_us), 1),
                    "template_lines_us_p95": round(_p95(template_us), 1),
                    "template_lines_found_mean": round(found / len(line_probes), 2),
                    "seen_256_ids_ms_median": round(statistics.median(seen_us) / 1000, 2),
                }
            )
            print(levels[-1], flush=True)
    return levels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000,100000,200000")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--postgresql", help="a postgresql:// URI of an empty database")
    parser.add_argument("--json", default=str(RESULTS_DIR / "state_lookup.json"))
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    meta = run_metadata("benchmarks.state_lookup", argv)
    print_metadata(meta)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        uri = args.postgresql or f"sqlite:///{Path(tmp) / 'state.db'}"
        levels = measure(uri, sizes, args.queries, args.seed)
    first, last = levels[0], levels[-1]
    result = {
        "store": "postgresql" if args.postgresql else "sqlite",
        "levels": levels,
        "similar_ratio_last_to_first": round(
            last["similar_us_median"] / first["similar_us_median"], 2
        ),
        "template_lines_ratio_last_to_first": round(
            last["template_lines_us_median"] / first["template_lines_us_median"], 2
        ),
        "seen_ratio_last_to_first": round(
            last["seen_256_ids_ms_median"] / first["seen_256_ids_ms_median"], 2
        ),
    }
    print(
        f"similar(): {first['similar_us_median']} µs at {first['stored']:,} → "
        f"{last['similar_us_median']} µs at {last['stored']:,} stored "
        f"(×{result['similar_ratio_last_to_first']}); template_lines(): "
        f"{first['template_lines_us_median']} → {last['template_lines_us_median']} µs "
        f"(×{result['template_lines_ratio_last_to_first']}); seen(256 ids): "
        f"×{result['seen_ratio_last_to_first']}"
    )
    write_results("state_lookup", {**meta, **result}, Path(args.json))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
