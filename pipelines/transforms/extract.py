"""ExtractText: fetched pages in, articles with clean text out; the HTML is dropped here.

In a stream it runs fused with FetchArticles; in batch the pages are first spread over the
workers (``pipelines.transforms.common.spill.SpreadOver``: a host's pages are fetched by one
worker, for politeness, and one outlet's feed would otherwise be extracted there alone), with only
references to the spilled pages crossing that shuffle, so raw HTML never sits in a shuffle and
memory does not grow with the corpus. trafilatura runs in a child process with a deadline.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.utils.windowed_value import WindowedValue

from pipelines.core.fingerprint import content_sha256, word_count
from pipelines.core.settings import ExtractConfig
from pipelines.core.text import HTML_TYPES, ExtractError, Extractor, decode_html, html_lang
from pipelines.runners import is_direct_runner
from pipelines.transforms.common.outputs import DEAD_LETTER, dead_letter

__all__ = ["ExtractText"]

log = logging.getLogger(__name__)

# Above this share of link texts, the "main text" is an index page's list of headlines.
MAX_LINK_SHARE = 0.5


def looks_like_html(body: bytes) -> bool:
    """Sniffs a body without a usable Content-Type."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head


class ExtractTextFn(beam.DoFn):
    """Decodes and extracts pages; yields each article without its body.

    One page is in the extraction child at a time. With ``overlap``, its article is yielded
    while the next page is processed (or in ``finish_bundle``), in the page's own window, so
    the worker and the child work side by side; without, the worker waits for each page.
    """

    def __init__(self, extract: ExtractConfig, overlap: bool = True) -> None:
        self._options = extract.options()
        self._overlap = overlap
        self._timeout_s = extract.timeout_s
        self._max_html_bytes = extract.max_html_bytes
        self._min_words = extract.min_words
        self._extractor: Extractor | None = None
        # The page out in the child: (article so far, timestamp, window).
        self._pending: tuple[dict[str, Any], Any, Any] | None = None
        self.extracted = Metrics.counter("extract", "extracted")
        self.failed = Metrics.counter("extract", "failed")

    def setup(self) -> None:
        self._extractor = Extractor(self._options, timeout_s=self._timeout_s)
        # The child imports trafilatura while the fetch threads fetch the first pages.
        self._extractor.start(wait=False)

    def teardown(self) -> None:
        if self._extractor is not None:
            self._extractor.close()

    def start_bundle(self) -> None:
        if self._pending is not None:  # left by a failed bundle, which will be retried
            self._pending = None
            assert self._extractor is not None
            with contextlib.suppress(ExtractError):
                self._extractor.result()

    def _prepare(self, page: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Checks and decodes a page: its HTML text, and the article so far (without body)."""
        body: bytes = page["body"]
        media = page.get("media_type")
        if media not in HTML_TYPES and not (
            media in (None, "text/plain") and looks_like_html(body)
        ):
            raise ExtractError(
                "unsupported_content_type", f"content type {media or '(none)'} is not HTML"
            )
        if len(body) > self._max_html_bytes:
            raise ExtractError(
                "too_large", f"page of {len(body)} bytes exceeds extract.max_html_bytes"
            )
        html, encoding = decode_html(body, page.get("content_type"))
        article = {k: v for k, v in page.items() if k != "body"}
        article.update(encoding=encoding, page_lang=html_lang(body))
        return html, article

    def _article(self, article: dict[str, Any], doc: dict[str, Any] | None) -> dict[str, Any]:
        if doc is None:
            raise ExtractError("no_text", "no main text found on the page")
        if doc["link_share"] > MAX_LINK_SHARE:
            raise ExtractError(
                "no_text", f"{doc['link_share']:.0%} of the text is link texts (an index page)"
            )
        words = word_count(doc["text"])
        if words < self._min_words:
            raise ExtractError("no_text", f"only {words} words of main text")
        article.update(
            text=doc["text"],
            page_title=doc["title"],
            page_authors=doc["authors"],
            page_date=doc["date"],
            page_categories=doc["categories"],
            page_canonical=doc["canonical_url"],
            page_description=doc["description"],
            site_name=doc["site_name"],
            image=doc["image"],
            word_count=words,
            content_sha256=content_sha256(doc["text"]),
        )
        return article

    def _failed(self, page: dict[str, Any], exc: Exception) -> beam.pvalue.TaggedOutput:
        self.failed.inc()
        reason = exc.reason if isinstance(exc, ExtractError) else "extract_failed"
        return beam.pvalue.TaggedOutput(
            DEAD_LETTER, dead_letter("extract", reason, page, error=exc)
        )

    def _collect(self):
        """Waits for the page out in the child and returns its output, in its own window."""
        if self._pending is None:
            return None
        assert self._extractor is not None
        article, timestamp, window = self._pending
        self._pending = None
        try:
            out = self._article(article, self._extractor.result())
        except Exception as exc:  # one bad page must not fail the run
            out = self._failed(article, exc)
        else:
            self.extracted.inc()
        if isinstance(out, beam.pvalue.TaggedOutput):
            return beam.pvalue.TaggedOutput(out.tag, WindowedValue(out.value, timestamp, [window]))
        return WindowedValue(out, timestamp, [window])

    def process(
        self,
        page: dict[str, Any],
        timestamp=beam.DoFn.TimestampParam,
        window=beam.DoFn.WindowParam,
    ):
        # The child extracts this page while this worker finishes the previous one (the fused
        # stages after this one: language, clustering, records) and fetches and decodes the next.
        try:
            html, article = self._prepare(page)
        except Exception as exc:  # refused before extraction; the page in the child stays there
            yield self._failed(page, exc)
            return
        previous = self._collect()
        assert self._extractor is not None
        self._extractor.submit(html, page["url"])
        self._pending = (article, timestamp, window)
        if previous is not None:
            yield previous
        if not self._overlap:
            yield self._collect()

    def finish_bundle(self):
        last = self._collect()
        if last is not None:
            yield last


def resolve_overlap(setting: bool | str, options: PipelineOptions) -> bool:
    """Whether extraction overlaps the rest of the work (``extract.overlap``; ``auto`` decides).

    ``auto`` overlaps on the DirectRunner, where it was measured (``benchmarks/README.md``,
    "seventh round": 21% more articles/s with 1 worker on 2 CPUs, the same or slightly more with
    2 workers), and not on other runners, where it was not.
    """
    if isinstance(setting, bool):
        return setting
    return is_direct_runner(options.view_as(StandardOptions).runner)


class ExtractText(beam.PTransform):
    """Pages → articles (text and page metadata), with a ``dead_letter`` output."""

    def __init__(self, extract: ExtractConfig) -> None:
        super().__init__()
        self._extract = extract

    def expand(self, pages):
        overlap = resolve_overlap(self._extract.overlap, pages.pipeline.options)
        log.info(
            "extraction %s the rest of the work", "overlaps" if overlap else "alternates with"
        )
        fn = ExtractTextFn(self._extract, overlap=overlap)
        return pages | "Extract" >> beam.ParDo(fn).with_outputs(DEAD_LETTER, main="articles")
