import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.feeds import FeedSource
from pipelines.core.settings import FeedsConfig
from pipelines.transforms.common.feeds import FEED_STATUS
from pipelines.transforms.common.outputs import DEAD_LETTER
from pipelines.transforms.feeds import ReadFeedFn, ReadFeeds
from testing.local_site import Reply
from tests.support import rss

FEEDS = FeedsConfig(max_bytes=1 << 20, max_entries=100)
SMALL = FeedsConfig(max_bytes=1024, max_entries=100)


def run_fn(fn, element):
    fn.setup()
    try:
        return list(fn.process(element))
    finally:
        fn.teardown()


def test_fn_yields_entries_and_an_ok_status(site, http):
    site.pages["/rss"] = Reply(
        body=rss([{"title": "A", "link": site.url("/a")}], "fr"),
        content_type="application/rss+xml",
    )
    out = run_fn(ReadFeedFn(http, FEEDS), FeedSource(site.url("/rss"), "src", "de"))
    entries = [o for o in out if isinstance(o, dict)]
    tagged = [o for o in out if isinstance(o, beam.pvalue.TaggedOutput)]
    assert [e["link"] for e in entries] == [site.url("/a")]
    assert entries[0]["source_id"] == "src"
    assert entries[0]["feed_language"] == "de"  # the registry hint wins over <language>
    [status] = tagged
    assert status.tag == FEED_STATUS and status.value["status"] == "ok"


def test_fn_turns_failures_into_feed_dead_letters(site, http):
    site.pages["/empty"] = Reply(body=b"")
    site.pages["/html"] = Reply(body=b"<html><body><p>Hello</p></body></html>")
    fn = ReadFeedFn(http, FEEDS)
    for path, reason in (
        ("/empty", "empty_feed"),
        ("/html", "not_a_feed"),
        ("/missing", "http_404"),
    ):
        out = run_fn(fn, FeedSource(site.url(path), "src"))
        dead = [o.value for o in out if o.tag == DEAD_LETTER]
        status = [o.value for o in out if o.tag == FEED_STATUS]
        assert dead[0]["reason"] == reason
        assert dead[0]["entry_level"] is False
        assert status[0]["status"] == "failed"


def test_fn_reads_local_files_and_caps_them(tmp_path, http):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss([{"title": "A", "link": "http://127.0.0.1:9/a"}]))
    out = run_fn(ReadFeedFn(http, FEEDS), FeedSource.from_argument(str(path)))
    assert [o["link"] for o in out if isinstance(o, dict)] == ["http://127.0.0.1:9/a"]
    out = run_fn(ReadFeedFn(http, SMALL), FeedSource.from_argument(str(path)))
    path.write_bytes(b" " * 2048)
    out = run_fn(ReadFeedFn(http, SMALL), FeedSource.from_argument(str(path)))
    assert [o.value["reason"] for o in out if o.tag == DEAD_LETTER] == ["too_large"]


def test_read_feeds_in_a_pipeline(site, http):
    site.pages["/one"] = Reply(
        body=rss([{"title": "A", "link": site.url("/a")}, {"title": "B", "link": site.url("/b")}])
    )
    site.pages["/two"] = Reply(body=b"")
    with TestPipeline() as p:
        out = (
            p
            | beam.Create(
                [FeedSource(site.url("/one"), "one"), FeedSource(site.url("/two"), "two")]
            )
            | ReadFeeds(http, FEEDS)
        )
        assert_that(
            out.entries | "Links" >> beam.Map(lambda e: e["link"]),
            equal_to([site.url("/a"), site.url("/b")]),
            label="entries",
        )
        assert_that(
            out[DEAD_LETTER] | "Reasons" >> beam.Map(lambda d: d["reason"]),
            equal_to(["empty_feed"]),
            label="dead",
        )
        assert_that(
            out[FEED_STATUS] | "Statuses" >> beam.Map(lambda s: s["status"]),
            equal_to(["ok", "failed"]),
            label="status",
        )
