import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import GlobalWindow, IntervalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP, Timestamp
from apache_beam.utils.windowed_value import WindowedValue

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


BATCH = (MIN_TIMESTAMP, GlobalWindow())  # a batch element's timestamp and window


def bundle(fn, *pages):
    """One bundle through the DoFn: its outputs, each unwrapped from its window."""
    fn.start_bundle()
    out = [o for item in pages for o in fn.process(item, *BATCH)] + list(fn.finish_bundle())
    unwrapped = []
    for o in out:
        if isinstance(o, beam.pvalue.TaggedOutput) and isinstance(o.value, WindowedValue):
            o = beam.pvalue.TaggedOutput(o.tag, o.value.value)
        unwrapped.append(o.value if isinstance(o, WindowedValue) else o)
    return unwrapped


def test_article_gets_text_metadata_and_loses_its_body(fn):
    [article] = bundle(fn, page("/a", article_html("Bridge", "The bridge", lang="en-GB")))
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
    [out] = bundle(fn, item)
    assert out.tag == DEAD_LETTER
    assert out.value["reason"] == reason
    assert out.value["stage"] == "extract"


def test_html_without_content_type_is_sniffed(fn):
    [article] = bundle(fn, page("/a", article_html("X", "Trams"), media=None, content_type=None))
    assert "Trams" in article["text"]


def test_a_page_is_extracted_while_the_previous_article_is_passed_on(fn):
    first, second = (
        page("/1", article_html("1", "Ferries")),
        page("/2", article_html("2", "Trams")),
    )
    windows = [IntervalWindow(0, 60), IntervalWindow(60, 120)]
    fn.start_bundle()
    # The first page goes to the child; nothing is ready yet.
    assert list(fn.process(first, Timestamp(10), windows[0])) == []
    assert fn._extractor.busy
    # The second page goes in as the first article comes out, in its own window and time.
    [out] = fn.process(second, Timestamp(70), windows[1])
    assert isinstance(out, WindowedValue)
    assert out.value["url"].endswith("/1") and "Ferries" in out.value["text"]
    assert (out.timestamp, list(out.windows)) == (Timestamp(10), [windows[0]])
    # The last one comes out at the end of the bundle.
    [last] = fn.finish_bundle()
    assert last.value["url"].endswith("/2") and "Trams" in last.value["text"]
    assert (last.timestamp, list(last.windows)) == (Timestamp(70), [windows[1]])
    assert not fn._extractor.busy


def test_a_failure_of_the_page_in_the_child_is_its_own_dead_letter(fn):
    slow = page("/slow", article_html("S", "Harbour", paragraphs=4000))  # ~0.8 MB, seconds
    fn._extractor.timeout_s = 0.3
    fn.start_bundle()
    assert list(fn.process(slow, Timestamp(10), IntervalWindow(0, 60))) == []
    # Waiting for the slow page times out; the next page goes to a new child.
    [dead] = fn.process(
        page("/a", article_html("A", "Trams")), Timestamp(70), IntervalWindow(60, 120)
    )
    assert dead.tag == DEAD_LETTER
    assert dead.value.value["reason"] == "extract_timeout"
    assert dead.value.value["url"].endswith("/slow")
    assert list(dead.value.windows) == [IntervalWindow(0, 60)]
    fn._extractor.timeout_s = 30
    [article] = fn.finish_bundle()
    assert "Trams" in article.value["text"]
    assert fn._extractor.restarts == 1


def test_a_page_left_in_the_child_by_a_failed_bundle_is_dropped(fn):
    fn.start_bundle()
    assert list(fn.process(page("/lost", article_html("L", "Ferries")), *BATCH)) == []
    # The runner gives up on that bundle (a later stage failed) and retries it elsewhere.
    [article] = bundle(fn, page("/a", article_html("A", "Trams")))
    assert article["url"].endswith("/a")
    assert fn._extractor.restarts == 1


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
