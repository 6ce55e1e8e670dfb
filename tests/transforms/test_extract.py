import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.text import ExtractOptions
from pipelines.transforms.errors import DEAD_LETTER
from pipelines.transforms.extract import ExtractText, ExtractTextFn
from tests.support import article_html, story_text


def page(path, body, media="text/html", content_type="text/html; charset=utf-8"):
    return {
        "url": f"http://127.0.0.1:9{path}",
        "article_id": "a" * 32,
        "feed_url": "f",
        "source_id": "s",
        "body": body,
        "media_type": media,
        "content_type": content_type,
    }


@pytest.fixture
def fn():
    extract = ExtractTextFn(ExtractOptions(), timeout_s=30, max_html_bytes=1 << 20, min_words=5)
    extract.setup()
    yield extract
    extract.teardown()


def test_article_gets_text_metadata_and_loses_its_body(fn):
    [article] = list(fn.process(page("/a", article_html("Bridge", "The bridge", lang="en-GB"))))
    assert story_text("The bridge")[2] in article["text"]
    assert "cookies" not in article["text"].lower()
    assert "body" not in article
    assert article["page_lang"] == "en"
    assert article["page_date"].startswith("2026-11-26T10:00:00")
    assert article["word_count"] > 50
    assert len(article["content_sha256"]) == 64


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (page("/pdf", b"%PDF-1.4 fake", media="application/pdf"), "unsupported_content_type"),
        (page("/img", b"\x89PNG....", media="image/png"), "unsupported_content_type"),
        (page("/empty", b"<html><body></body></html>"), "no_text"),
        (page("/script", b"<html><body><script>x()</script></body></html>"), "no_text"),
        (page("/huge", b"<html>" + b"a" * (2 << 20)), "too_large"),
    ],
)
def test_bad_pages_become_dead_letters(fn, item, reason):
    [out] = list(fn.process(item))
    assert out.tag == DEAD_LETTER
    assert out.value["reason"] == reason
    assert out.value["stage"] == "extract"


def test_html_without_content_type_is_sniffed(fn):
    [article] = list(
        fn.process(page("/a", article_html("X", "Trams"), media=None, content_type=None))
    )
    assert "Trams" in article["text"]


def test_extract_text_in_a_pipeline():
    pages = [page("/a", article_html("A", "Ferries")), page("/e", b"<html></html>")]
    with TestPipeline() as p:
        out = p | beam.Create(pages) | ExtractText(ExtractOptions(), 30, 1 << 20, 5)
        assert_that(
            out.articles | beam.Map(lambda a: a["url"]),
            equal_to(["http://127.0.0.1:9/a"]),
            label="articles",
        )
        assert_that(
            out[DEAD_LETTER] | beam.Map(lambda d: d["reason"]), equal_to(["no_text"]), label="dead"
        )
