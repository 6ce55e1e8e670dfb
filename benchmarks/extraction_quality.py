"""Extraction quality is not lost on the way: the pipeline's text against bare trafilatura.

For every article page of a page set, the benchmark runs the real pipeline end to end
(``pipelines.news_ingest.main.main(["run", ...])`` against servers on 127.0.0.1) and compares
each record's ``data.text`` with bare
``trafilatura.extract(html, **ExtractOptions().trafilatura_kwargs())`` on the same bytes,
decoded the same way (``pipelines.core.text.decode_html(body, Content-Type header as
served)``), after collapsing every whitespace run to one space and stripping.

Page sets:

- ``corpus``: the generated corpus of ``benchmarks/corpus.py`` (``--articles``, default 300);
  the baseline takes each page's bytes from the generator, without HTTP.
- ``demo``: the bundled demo newsroom (``pipelines.demo.server.DemoNewsroom``); the baseline
  GETs each page the pipeline reached from the same loopback server.
- ``pages``: with ``--pages DIR``, every ``*.html``/``*.htm`` under DIR served on 127.0.0.1 with
  generated RSS feeds pointing at them (e.g. a public extraction benchmark you have locally).

Counted per set: pages compared, equal, different (up to 10 listed with a hint), both empty
(bare trafilatura returns None and the pipeline dead-lettered ``no_text``), and mismatches in
either direction. Writes ``benchmarks/results/extraction_quality.json``. Target: equal (or
both empty) on at least 99% of compared pages.

Run from the repository root::

    .venv/bin/python -m benchmarks.extraction_quality
    .venv/bin/python -m benchmarks.extraction_quality --articles 2000 --no-demo
    .venv/bin/python -m benchmarks.extraction_quality --pages ~/data/extraction-benchmark/html
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import (
    normalize_ws,
    print_metadata,
    run_argv,
    run_metadata,
    write_results,
)
from benchmarks.corpus import SavedPagesServer, fetch_local
from pipelines.demo.local_server import HOST

TARGET = 0.99
WINDOW = ("2026-01-05T12:00:00Z", "2026-01-05T12:15:00Z")
PIPELINE_SETTINGS = (
    "fetch.per_host_delay_s=0",
    # Saved pages may fail in bulk; the comparison still wants the records that were written.
    "sink.dead_letter_max_ratio=1.0",
)
# Extract-stage reasons given before trafilatura runs: nothing to compare.
DECLINED = ("unsupported_content_type", "too_large")
MAX_EXAMPLES = 10
BASELINE_DECODING = (
    "pipelines.core.text.decode_html(body, Content-Type header as served): w3lib "
    "html_to_unicode (BOM, then HTTP charset, then <meta> charset, then detection), control "
    "characters removed - the same call the pipeline's ExtractText makes"
)


@dataclass(frozen=True)
class Page:
    """One page as served: its URL, bytes and Content-Type header."""

    url: str
    body: bytes
    content_type: str | None


@dataclass
class Outcomes:
    """What the pipeline did, by canonical URL."""

    records: dict[str, dict[str, Any]]
    dead_letters: dict[str, dict[str, Any]]
    manifest: dict[str, Any]

    def find(self, url: str) -> tuple[str, dict[str, Any]] | None:
        from pipelines.core.urls import canonicalize

        key = canonicalize(url)
        if key in self.records:
            return "record", self.records[key]
        if key in self.dead_letters:
            return "dead_letter", self.dead_letters[key]
        return None


@dataclass
class SetResult:
    """Counts of one page set."""

    name: str
    pages: int = 0
    compared: int = 0
    equal: int = 0
    both_none: int = 0
    different: int = 0
    different_but_equal_after_nfc: int = 0
    pipeline_only: int = 0  # a record, but bare trafilatura returns None
    bare_only: int = 0  # bare trafilatura has text, but the pipeline dead-lettered the page
    not_compared: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)
    pipeline: dict[str, Any] = field(default_factory=dict)
    bare_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    note: str | None = None

    @property
    def agreement(self) -> float | None:
        return (self.equal + self.both_none) / self.compared if self.compared else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "pages": self.pages,
            "compared": self.compared,
            "equal": self.equal,
            "both_none_no_text": self.both_none,
            "different": self.different,
            "different_but_equal_after_nfc": self.different_but_equal_after_nfc,
            "pipeline_text_bare_none": self.pipeline_only,
            "bare_text_pipeline_dead_letter": self.bare_only,
            "agreement": None if self.agreement is None else round(self.agreement, 6),
            "meets_target": None if self.agreement is None else self.agreement >= TARGET,
            "not_compared": dict(self.not_compared),
            "differences": self.examples,
            "pipeline": self.pipeline,
            "bare_extract_seconds": round(self.bare_seconds, 3),
            **self.extra,
            "note": self.note,
        }


# --- running the pipeline --------------------------------------------------------------------
def run_pipeline(feed_urls: list[str], allow: list[str], output: Path) -> dict[str, Any]:
    """Runs ``wirestream run`` in this process; returns exit code, status, counts, time."""
    from pipelines.news_ingest.main import main

    argv = run_argv(output, feed_urls, allow, WINDOW, PIPELINE_SETTINGS)
    summary = io.StringIO()
    begun = time.monotonic()
    with contextlib.redirect_stdout(summary):  # the run's summary table
        code = main(argv)
    elapsed = time.monotonic() - begun
    manifest_path = output / "_manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    return {
        "exit_code": code,
        "status": manifest.get("status"),
        "problems": manifest.get("problems"),
        "counts": manifest.get("counts"),
        "dead_letter_by_reason": manifest.get("dead_letter_by_reason"),
        "elapsed_s": round(elapsed, 2),
        "feeds": len(feed_urls),
        "settings": list(PIPELINE_SETTINGS),
        "window": list(WINDOW),
        "_manifest": manifest,
    }


def _jsonl(folder: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)


def read_outcomes(output: Path, manifest: dict[str, Any]) -> Outcomes:
    from pipelines.core.urls import canonicalize

    records: dict[str, dict[str, Any]] = {}
    for record in _jsonl(output / "records"):
        data = record["data"]
        for url in (data["url"], data["canonical_url"]):
            records.setdefault(canonicalize(url), data)
    dead: dict[str, dict[str, Any]] = {}
    for item in _jsonl(output / "dead_letter"):
        if item.get("url") and item.get("entry_level"):
            dead.setdefault(canonicalize(item["url"]), item)
    return Outcomes(records, dead, manifest)


# --- comparing -------------------------------------------------------------------------------
def bare_extract(page: Page) -> str | None:
    """Bare trafilatura on the page, decoded exactly as the pipeline decodes it."""
    import trafilatura

    from pipelines.core.text import ExtractOptions, decode_html

    html, _ = decode_html(page.body, page.content_type)
    return trafilatura.extract(html, **ExtractOptions().trafilatura_kwargs())


def diff_hint(pipeline: str, bare: str) -> dict[str, Any]:
    """Where two normalised texts first differ, with 60 characters of context each."""
    at = next(
        (k for k, (a, b) in enumerate(zip(pipeline, bare, strict=False)) if a != b),
        min(len(pipeline), len(bare)),
    )
    start = max(0, at - 20)
    return {
        "pipeline_chars": len(pipeline),
        "bare_chars": len(bare),
        "first_difference_at": at,
        "pipeline_context": pipeline[start : at + 60],
        "bare_context": bare[start : at + 60],
        "pipeline_contains_bare": bare in pipeline,
        "bare_contains_pipeline": pipeline in bare,
        "equal_after_nfc": unicodedata.normalize("NFC", pipeline) == bare,
    }


def compare(result: SetResult, pages: Iterable[Page], outcomes: Outcomes) -> None:
    """Classifies every page of a set into the result's counts."""
    for page in pages:
        result.pages += 1
        found = outcomes.find(page.url)
        if found is None:
            result.not_compared["no_outcome_for_url"] += 1
            continue
        kind, item = found
        if kind == "dead_letter" and item["stage"] != "extract":
            result.not_compared[f"{item['stage']}:{item['reason']}"] += 1
            continue
        if kind == "dead_letter" and item["reason"] in DECLINED:
            result.not_compared[f"extract:{item['reason']}"] += 1
            continue
        begun = time.perf_counter()
        bare = normalize_ws(bare_extract(page))
        result.bare_seconds += time.perf_counter() - begun
        if kind == "record":
            text = normalize_ws(item["text"])
            result.compared += 1
            if bare is None:
                result.pipeline_only += 1
                _example(result, page.url, "pipeline has text, bare trafilatura returns None")
            elif text == bare:
                result.equal += 1
            else:
                result.different += 1
                hint = diff_hint(text, bare)
                result.different_but_equal_after_nfc += hint["equal_after_nfc"]
                _example(result, page.url, "texts differ", **hint)
            continue
        reason = item["reason"]
        if bare is None and reason == "no_text":
            result.compared += 1
            result.both_none += 1
        elif bare is not None:
            result.compared += 1
            result.bare_only += 1
            _example(
                result,
                page.url,
                f"bare trafilatura has text, pipeline: {reason}",
                bare_chars=len(bare),
                message=item.get("message"),
            )
        else:
            result.not_compared[f"extract:{reason} (bare None)"] += 1


def _example(result: SetResult, url: str, what: str, **details: Any) -> None:
    if len(result.examples) < MAX_EXAMPLES:
        result.examples.append({"url": url, "what": what, **details})


# --- page sets -------------------------------------------------------------------------------
def corpus_set(articles: int, seed: int, hosts: int, decomposed: float = 0.0) -> SetResult:
    from benchmarks.corpus import Corpus, CorpusServer

    result = SetResult("corpus")
    corpus = Corpus(articles=articles, hosts=hosts, seed=seed, decomposed_share=decomposed)
    with (
        tempfile.TemporaryDirectory(prefix="wirestream-bench-") as tmp,
        CorpusServer(corpus) as server,
    ):
        output = Path(tmp) / "out"
        result.pipeline = run_pipeline(server.feed_urls, server.allow_addresses, output)
        outcomes = read_outcomes(output, result.pipeline.pop("_manifest"))
        pages = (Page(p.url, p.body, p.content_type) for p in server.pages())
        compare(result, pages, outcomes)
        result.extra = _corpus_checks(server, outcomes)
    result.extra["corpus"] = {
        "articles": articles,
        "hosts": hosts,
        "seed": seed,
        "decomposed_share": decomposed,
        "decomposed_pages": sum(corpus.decomposed(i) for i in range(articles)),
        "templates": sorted({corpus.template(h) for h in range(hosts)}),
        "languages": corpus.stats()["languages"],
        "syndicated_copies": corpus.stats()["syndicated_copies"],
    }
    return result


def _corpus_checks(server: Any, outcomes: Outcomes) -> dict[str, Any]:
    """Against the generator's truth: body paragraphs kept, language, copies linked."""
    corpus = server.corpus
    with_record = all_paragraphs = exact_body = language_ok = 0
    copies = linked = 0
    for i in range(corpus.articles):
        found = outcomes.find(server.article_url(i))
        if not found or found[0] != "record":
            continue
        data = found[1]
        with_record += 1
        text = unicodedata.normalize("NFC", normalize_ws(data["text"]) or "")
        paragraphs = [normalize_ws(p) or "" for p in corpus.paragraphs(i)]
        all_paragraphs += all(p in text for p in paragraphs)
        exact_body += text == " ".join(paragraphs)
        language_ok += data["language"] == corpus.language(i)
        source = corpus.source_of(i)
        if source is not None:
            wire = outcomes.find(server.article_url(source))
            if wire and wire[0] == "record":
                copies += 1
                linked += data["cluster_id"] == wire[1]["cluster_id"]
    return {
        "truth": {
            "records": with_record,
            "records_with_every_body_paragraph": all_paragraphs,
            "records_whose_text_is_exactly_the_body": exact_body,
            "records_with_the_generated_language": language_ok,
            "copies_with_wire_record": copies,
            "copies_in_the_wire_story_cluster": linked,
        }
    }


def demo_set() -> SetResult:
    result = SetResult("demo")
    try:
        from pipelines.demo.server import DemoNewsroom
    except ImportError as exc:
        result.note = f"skipped: pipelines.demo.server.DemoNewsroom not importable ({exc})"
        return result
    with tempfile.TemporaryDirectory(prefix="wirestream-bench-") as tmp, DemoNewsroom() as room:
        output = Path(tmp) / "out"
        result.pipeline = run_pipeline(list(room.feed_urls), list(room.allow_addresses), output)
        outcomes = read_outcomes(output, result.pipeline.pop("_manifest"))
        # The pages the pipeline reached, as the same server serves them now.
        urls = sorted(
            {data["url"] for data in outcomes.records.values()}
            | {d["url"] for d in outcomes.dead_letters.values() if d["stage"] == "extract"}
        )
        pages = []
        for url in urls:
            final, status, ctype, body = fetch_local(url)
            if status == 200:
                pages.append(Page(final, body, ctype))
            else:
                result.not_compared[f"baseline_fetch:http_{status}"] += 1
        compare(result, pages, outcomes)
        # Entries that never reached extraction, for the record.
        reasons = Counter(
            f"{d['stage']}:{d['reason']}"
            for d in outcomes.dead_letters.values()
            if d["stage"] != "extract"
        )
        result.extra["not_reaching_extraction"] = dict(reasons)
    return result


def pages_set(folder: Path) -> SetResult:
    result = SetResult(f"pages:{folder}")
    with (
        tempfile.TemporaryDirectory(prefix="wirestream-bench-") as tmp,
        SavedPagesServer(folder) as server,
    ):
        if not server.files:
            result.note = f"skipped: no .html/.htm files under {folder}"
            return result
        output = Path(tmp) / "out"
        result.pipeline = run_pipeline(server.feed_urls, [HOST], output)
        outcomes = read_outcomes(output, result.pipeline.pop("_manifest"))
        pages = (
            Page(server.page_url(name), (server.root / name).read_bytes(), "text/html")
            for name in server.files
        )
        compare(result, pages, outcomes)
    return result


# --- report ----------------------------------------------------------------------------------
def print_table(results: list[SetResult]) -> None:
    header = (
        f"{'set':<10} {'pages':>6} {'compared':>8} {'equal':>6} {'no_text':>7} {'differ':>6} "
        f"{'bare_only':>9} {'pipe_only':>9} {'agreement':>10}  pipeline run"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        if r.note and not r.pages:
            print(f"{r.name[:10]:<10} {r.note}")
            continue
        share = "-" if r.agreement is None else f"{100 * r.agreement:.2f}%"
        run = r.pipeline
        print(
            f"{r.name[:10]:<10} {r.pages:>6} {r.compared:>8} {r.equal:>6} {r.both_none:>7} "
            f"{r.different:>6} {r.bare_only:>9} {r.pipeline_only:>9} {share:>10}  "
            f"exit {run.get('exit_code')}, {run.get('elapsed_s')} s"
        )
    print(
        "no_text: bare None and pipeline dead-lettered no_text (agreement); bare_only: bare has"
        " text, pipeline dead-lettered; pipe_only: pipeline has a record, bare returns None"
    )
    for r in results:
        if r.different:
            print(
                f"{r.name}: {r.different} different, {r.different_but_equal_after_nfc} of them "
                "equal once the pipeline's text is NFC-normalised"
            )
        if r.not_compared:
            print(f"{r.name}: not compared: {dict(r.not_compared)}")
        truth = r.extra.get("truth")
        if truth:
            print(f"{r.name}: against the generator: {truth}")
        for example in r.examples:
            print(f"  {r.name} differs: {json.dumps(example, ensure_ascii=False)[:400]}")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.extraction_quality",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--articles", type=int, default=300, help="generated corpus size")
    parser.add_argument("--hosts", type=int, default=8, help="generated corpus outlets")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--decomposed-share",
        type=float,
        default=0.0,
        metavar="F",
        help="serve this share of corpus pages in Unicode NFD (default 0)",
    )
    parser.add_argument("--no-corpus", action="store_true", help="skip the generated corpus")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo newsroom")
    parser.add_argument("--pages", type=Path, metavar="DIR", help="also saved .html files")
    parser.add_argument("--json", type=Path, help="result file (default benchmarks/results/…)")
    args = parser.parse_args(argv)
    # Before the launcher configures logging: keep Beam's and the run's INFO lines quiet.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    meta = run_metadata("benchmarks.extraction_quality", argv)
    print_metadata(meta)
    print(
        f"baseline: trafilatura.extract(html, **ExtractOptions().trafilatura_kwargs()); "
        f"decoding: {BASELINE_DECODING}"
    )
    print()
    results = []
    if not args.no_corpus:
        results.append(corpus_set(args.articles, args.seed, args.hosts, args.decomposed_share))
    if not args.no_demo:
        results.append(demo_set())
    if args.pages:
        results.append(pages_set(args.pages))
    print_table(results)
    compared = sum(r.compared for r in results)
    agreeing = sum(r.equal + r.both_none for r in results)
    overall = agreeing / compared if compared else None
    payload = {
        "benchmark": "extraction_quality",
        **meta,
        "baseline": "trafilatura.extract(html, **ExtractOptions().trafilatura_kwargs())",
        "baseline_decoding": BASELINE_DECODING,
        "normalisation": "every whitespace run collapsed to one space, then stripped",
        "target": TARGET,
        "overall": {
            "compared": compared,
            "agreeing": agreeing,
            "agreement": None if overall is None else round(overall, 6),
            "meets_target": None if overall is None else overall >= TARGET,
        },
        "sets": [r.as_dict() for r in results],
    }
    path = write_results("extraction_quality", payload, args.json)
    if overall is not None:
        verdict = "meets" if overall >= TARGET else "MISSES"
        print(
            f"\noverall: {agreeing}/{compared} = {100 * overall:.2f}% agree "
            f"({verdict} the {100 * TARGET:.0f}% target)"
        )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
