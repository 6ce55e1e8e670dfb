"""ExtractText: fetched pages in, articles with clean text out; the HTML is dropped here.

Runs fused with FetchArticles (no shuffle in between), so raw HTML never crosses a shuffle and
memory does not grow with the corpus. trafilatura runs in a child process with a deadline.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.core.fingerprint import content_sha256, word_count
from pipelines.core.text import (
    HTML_TYPES,
    ExtractError,
    ExtractOptions,
    Extractor,
    decode_html,
    html_lang,
)
from pipelines.transforms.errors import DEAD_LETTER, dead_letter

# Above this share of link texts, the "main text" is an index page's list of headlines.
MAX_LINK_SHARE = 0.5


def looks_like_html(body: bytes) -> bool:
    """Sniffs a body without a usable Content-Type."""
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head


class ExtractTextFn(beam.DoFn):
    """Decodes and extracts one page; yields the article without its body."""

    def __init__(
        self, options: ExtractOptions, timeout_s: float, max_html_bytes: int, min_words: int
    ) -> None:
        self._options = options
        self._timeout_s = timeout_s
        self._max_html_bytes = max_html_bytes
        self._min_words = min_words
        self._extractor: Extractor | None = None
        self.extracted = Metrics.counter("extract", "extracted")
        self.failed = Metrics.counter("extract", "failed")

    def setup(self) -> None:
        self._extractor = Extractor(self._options, timeout_s=self._timeout_s)
        # The child imports trafilatura while the fetch threads fetch the first pages.
        self._extractor.start(wait=False)

    def teardown(self) -> None:
        if self._extractor is not None:
            self._extractor.close()

    def _extract(self, page: dict[str, Any]) -> dict[str, Any]:
        assert self._extractor is not None
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
        doc = self._extractor.extract(html, page["url"])
        if doc is None:
            raise ExtractError("no_text", "no main text found on the page")
        if doc["link_share"] > MAX_LINK_SHARE:
            raise ExtractError(
                "no_text", f"{doc['link_share']:.0%} of the text is link texts (an index page)"
            )
        words = word_count(doc["text"])
        if words < self._min_words:
            raise ExtractError("no_text", f"only {words} words of main text")
        article = {k: v for k, v in page.items() if k != "body"}
        article.update(
            text=doc["text"],
            encoding=encoding,
            page_lang=html_lang(body),
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

    def process(self, page: dict[str, Any]):
        try:
            article = self._extract(page)
        except ExtractError as exc:
            self.failed.inc()
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER, dead_letter("extract", exc.reason, page, error=exc)
            )
            return
        except Exception as exc:  # one bad page must not fail the run
            self.failed.inc()
            yield beam.pvalue.TaggedOutput(
                DEAD_LETTER, dead_letter("extract", "extract_failed", page, error=exc)
            )
            return
        self.extracted.inc()
        yield article


class ExtractText(beam.PTransform):
    """Pages → articles (text and page metadata), with a ``dead_letter`` output."""

    def __init__(
        self, options: ExtractOptions, timeout_s: float, max_html_bytes: int, min_words: int
    ) -> None:
        super().__init__()
        self._fn = ExtractTextFn(options, timeout_s, max_html_bytes, min_words)

    def expand(self, pages):
        return pages | "Extract" >> beam.ParDo(self._fn).with_outputs(DEAD_LETTER, main="articles")
