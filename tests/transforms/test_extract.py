import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import GlobalWindow, IntervalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP, Timestamp
from apache_beam.utils.windowed_value import WindowedValue

from pipelines.core.settings import ExtractConfig
from pipelines.transforms.common.outputs import DEAD_LETTER
from pipelines.transforms.extract import ExtractText, ExtractTextFn, resolve_overlap
from tests.support import article_html, story_text

EXTRACT = ExtractConfig(timeout_s=30, max_html_bytes=1 << 20, min_words=5)


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
    extract = ExtractTextFn(EXTRACT)
    extract.setup()
    yield extract
    extract.teardown()


GLOBAL = GlobalWindow()


def run(fn, *pages, window=GLOBAL, timestamp=MIN_TIMESTAMP):
    """One bundle through the DoFn as a runner drives it; the outputs, without their windows."""
    fn.start_bundle()
    out = [o for p in pages for o in fn.process(p, timestamp, window)]
    out.extend(fn.finish_bundle())
    return [unwrap(o) for o in out]


def unwrap(output):
    if isinstance(output, beam.pvalue.TaggedOutput) and isinstance(output.value, WindowedValue):
        return beam.pvalue.TaggedOutput(output.tag, output.value.value)
    return output.value if isinstance(output, WindowedValue) else output


def test_article_gets_text_metadata_and_loses_its_body(fn):
    [article] = run(fn, page("/a", article_html("Bridge", "The bridge", lang="en-GB")))
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
    [out] = run(fn, item)
    assert out.tag == DEAD_LETTER
    assert out.value["reason"] == reason
    assert out.value["stage"] == "extract"


def test_html_without_content_type_is_sniffed(fn):
    [article] = run(fn, page("/a", article_html("X", "Trams"), media=None, content_type=None))
    assert "Trams" in article["text"]


def test_each_article_comes_out_while_the_next_page_is_extracted_in_its_own_window(fn):
    first = IntervalWindow(Timestamp(0), Timestamp(60))
    second = IntervalWindow(Timestamp(60), Timestamp(120))
    fn.start_bundle()
    assert list(fn.process(page("/a", article_html("A", "Ferries")), Timestamp(59), first)) == []
    # The next page goes to the child; the first page's article comes out, in its window.
    [ferries] = fn.process(page("/b", article_html("B", "Trams")), Timestamp(119), second)
    assert "Ferries" in ferries.value["text"]
    assert (ferries.timestamp, ferries.windows) == (Timestamp(59), [first])
    # A page refused before extraction is reported at once, with the second still out.
    [refused] = fn.process(page("/pdf", b"%PDF-1.4", media="application/pdf"), 119, second)
    assert refused.tag == DEAD_LETTER and refused.value["url"].endswith("/pdf")
    [trams] = fn.finish_bundle()
    assert "Trams" in trams.value["text"]
    assert (trams.timestamp, trams.windows) == (Timestamp(119), [second])
    assert list(fn.finish_bundle()) == []


def test_a_page_left_in_the_child_by_a_failed_bundle_does_not_block_the_next(fn):
    fn.start_bundle()
    assert list(fn.process(page("/a", article_html("A", "Ferries")), MIN_TIMESTAMP, GLOBAL)) == []
    # The bundle fails here; the runner starts another on the same DoFn.
    [article] = run(fn, page("/b", article_html("B", "Trams")))
    assert "Trams" in article["text"]


def test_without_overlap_each_article_comes_out_with_its_page():
    fn = ExtractTextFn(EXTRACT, overlap=False)
    fn.setup()
    try:
        fn.start_bundle()
        [ferries] = fn.process(page("/a", article_html("A", "Ferries")), Timestamp(59), GLOBAL)
        assert "Ferries" in ferries.value["text"]
        assert list(fn.finish_bundle()) == []
    finally:
        fn.teardown()


@pytest.mark.parametrize(
    ("setting", "args", "expected"),
    [
        ("auto", [], True),  # the DirectRunner by default
        ("auto", ["--runner", "DirectRunner", "--direct_num_workers", "2"], True),
        ("auto", ["--runner", "direct"], True),
        ("auto", ["--runner", "apache_beam.runners.dask.dask_runner.DaskRunner"], False),
        ("auto", ["--runner", "pipelines.runners.dask.DaskRunner"], False),
        (True, ["--runner", "pipelines.runners.dask.DaskRunner"], True),
        (False, [], False),
    ],
)
def test_overlap_is_chosen_from_the_runner(setting, args, expected):
    assert resolve_overlap(setting, PipelineOptions(args)) is expected


def test_extract_text_in_a_pipeline():
    pages = [page("/a", article_html("A", "Ferries")), page("/e", b"<html></html>")]
    with TestPipeline() as p:
        out = p | beam.Create(pages) | ExtractText(EXTRACT)
        assert_that(
            out.articles | beam.Map(lambda a: a["url"]),
            equal_to(["http://127.0.0.1:9/a"]),
            label="articles",
        )
        assert_that(
            out[DEAD_LETTER] | beam.Map(lambda d: d["reason"]), equal_to(["no_text"]), label="dead"
        )
