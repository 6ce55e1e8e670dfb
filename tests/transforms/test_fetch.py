import dataclasses
import itertools

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.settings import FetchConfig
from pipelines.core.urls import article_id, host_key
from pipelines.transforms.common.outputs import DEAD_LETTER
from pipelines.transforms.fetch import DEFERRED, SKIPPED_ROBOTS, FetchArticles, FetchHostsFn
from testing.local_site import LocalSite, Reply
from tests.support import article_html


def entry(site, path, **extra):
    return {
        "fetch_url": site.url(path),
        "link": site.url(path),
        "feed_url": site.url("/rss"),
        "source_id": "s",
        "article_id": article_id(site.url(path)),
        **extra,
    }


def unwrap(item):
    """finish_bundle yields windowed values; tests look at the values."""
    if isinstance(item, beam.pvalue.TaggedOutput):
        return beam.pvalue.TaggedOutput(item.tag, getattr(item.value, "value", item.value))
    return getattr(item, "value", item)


def run_batch(fn, batch):
    """One bundle: setup, start_bundle, process per host group, finish_bundle."""
    hosts = {}
    for item in batch:
        hosts.setdefault(host_key(item["fetch_url"]), []).append(item)
    fn.setup()
    try:
        fn.start_bundle()
        out = [unwrap(o) for group in hosts.items() for o in fn.process(group)]
        return out + [unwrap(o) for o in fn.finish_bundle()]
    finally:
        fn.teardown()


def test_batch_fn_fetches_pages_and_routes_failures(site, http):
    site.pages["/ok"] = Reply(body=article_html("Ok", "Roads"))
    site.pages["/moved"] = Reply(301, headers={"Location": "/ok"})
    site.pages["/slow-down"] = Reply(429, headers={"Retry-After": "3600"})
    out = run_batch(
        FetchHostsFn(http, FetchConfig(concurrency=4, respect_robots=False)),
        [
            entry(site, "/ok"),
            entry(site, "/moved"),
            entry(site, "/gone"),
            entry(site, "/slow-down"),
        ],
    )
    pages = sorted((o for o in out if isinstance(o, dict)), key=lambda p: p["fetch_url"])
    tagged = {o.tag: o.value for o in out if not isinstance(o, dict)}
    assert [p["url"] for p in pages] == [site.url("/ok"), site.url("/ok")]
    assert pages[0]["fetch_url"] == site.url("/moved")  # the final URL is recorded
    assert all(p["media_type"] == "text/html" and p["body"] for p in pages)
    assert tagged[DEAD_LETTER]["reason"] == "http_404"
    assert tagged[DEAD_LETTER]["http_status"] == 404
    assert tagged[DEFERRED]["retry_after_s"] == 3600


def test_robots_disallow_skips_without_fetching(site, http):
    site.pages["/robots.txt"] = Reply(
        body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    site.pages["/private/a"] = Reply(body=article_html("Secret", "Budget"))
    site.pages["/public"] = Reply(body=article_html("Open", "Budget"))
    out = run_batch(
        FetchHostsFn(http, FetchConfig(concurrency=2)),
        [entry(site, "/private/a"), entry(site, "/public")],
    )
    assert [o.tag for o in out if not isinstance(o, dict)] == [SKIPPED_ROBOTS]
    assert site.hits("/private/a") == 0
    assert site.hits("/robots.txt") == 1
    # A per-feed override for licensed sources ignores robots.txt.
    out = run_batch(
        FetchHostsFn(http, FetchConfig(concurrency=2)),
        [entry(site, "/private/a", respect_robots=False)],
    )
    assert [type(o) for o in out] == [dict]


def test_robots_server_error_disallows_the_host(site, http):
    site.pages["/robots.txt"] = Reply(503, body=b"down")
    site.pages["/a"] = Reply(body=article_html("A", "Rail"))
    http = dataclasses.replace(http, max_retries=0)
    out = run_batch(FetchHostsFn(http, FetchConfig(concurrency=2)), [entry(site, "/a")])
    assert [o.tag for o in out] == [SKIPPED_ROBOTS]
    assert site.hits("/a") == 0


def test_fetch_articles_in_a_pipeline(site, http):
    for i in range(6):
        site.pages[f"/a{i}"] = Reply(body=article_html(f"A{i}", "Rail"))
    entries = [entry(site, f"/a{i}") for i in range(6)] + [entry(site, "/nope")]
    with TestPipeline() as p:
        out = p | beam.Create(entries) | FetchArticles(http, FetchConfig(concurrency=3))
        assert_that(
            out.pages | beam.Map(lambda pg: pg["url"]),
            equal_to([site.url(f"/a{i}") for i in range(6)]),
            label="pages",
        )
        assert_that(
            out[DEAD_LETTER] | beam.Map(lambda d: d["reason"]),
            equal_to(["http_404"]),
            label="dead",
        )


def test_slim_entries_are_read_back_from_the_spill_files_and_fetched_whole(site, http, tmp_path):
    from pipelines.transforms.common.spill import Spiller, compact_entry

    for i in range(4):
        site.pages[f"/s{i}"] = Reply(body=article_html(f"S{i}", "Ferries"))
    spiller = Spiller(str(tmp_path), ("fetch_url",))
    entries = [entry(site, f"/s{i}", entry_title=f"S{i}") for i in range(4)]
    slims = [compact_entry(spiller, e) for e in entries[:2]]  # as DeduplicateUrls
    slims += [spiller.spill(e) for e in entries[2:]]  # slim dicts
    spiller.close()
    slims[3] = {**slims[3], "previous": {"record_id": "r" * 32}}  # added on the way, kept
    with TestPipeline() as p:
        out = (
            p
            | beam.Create(slims)
            | FetchArticles(
                http, FetchConfig(concurrency=3, respect_robots=False), spill_dir=str(tmp_path)
            )
        )
        assert_that(
            out.pages
            | beam.Map(lambda pg: (pg["entry_title"], pg["url"], "previous" in pg, "body" in pg)),
            equal_to([(f"S{i}", site.url(f"/s{i}"), i == 3, True) for i in range(4)]),
        )


def test_entries_grouped_upstream_are_fetched_per_fetch_host(http):
    # In batch the groups come by the host of the canonical URL, with no shuffle by host
    # before the fetcher; a group holding two fetch hosts gets each host's own lanes, so the
    # slow host (whose URLs sort first) does not hold up the other.
    with LocalSite() as one, LocalSite() as two:
        slow, fast = sorted((one, two), key=lambda site: site.base)
        for site in (slow, fast):
            for i in range(4):
                site.pages[f"/g{i}"] = Reply(body=article_html(f"G{i}", "Trams"))
        slow.pages["/robots.txt"] = Reply(
            body=b"User-agent: *\nCrawl-delay: 0.5\n", content_type="text/plain"
        )
        http = dataclasses.replace(
            http, allow_addresses=(f"127.0.0.1:{slow.port}", f"127.0.0.1:{fast.port}")
        )
        group = [entry(site, f"/g{i}") for site in (slow, fast) for i in range(4)]
        with TestPipeline() as p:
            out = (
                p
                | beam.Create([("one group", group)])
                | FetchArticles(http, FetchConfig(concurrency=4), by_host=True)
            )
            assert_that(
                out.pages | beam.Map(lambda pg: pg["url"]),
                equal_to([e["fetch_url"] for e in group]),
            )
        fast_done = max(t for p, t in fast.arrivals if p.startswith("/g"))
        slow_done = max(t for p, t in slow.arrivals if p.startswith("/g"))
    assert slow_done - fast_done > 1.0


def test_crawl_delay_spaces_requests_to_the_host(site, http):
    site.pages["/robots.txt"] = Reply(
        body=b"User-agent: *\nCrawl-delay: 0.4\n", content_type="text/plain"
    )
    for i in range(3):
        site.pages[f"/p{i}"] = Reply(body=article_html(f"P{i}", "Buses"))
    run_batch(
        FetchHostsFn(http, FetchConfig(concurrency=4, per_host_concurrency=2)),
        [entry(site, f"/p{i}") for i in range(3)],
    )
    starts = [t for path, t in site.arrivals if path.startswith("/p")]
    assert len(starts) == 3
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(gap >= 0.35 for gap in gaps), gaps


def test_one_slow_host_does_not_hold_up_another(http):
    with LocalSite() as slow, LocalSite() as fast:
        for i in range(4):
            slow.pages[f"/s{i}"] = Reply(body=article_html(f"S{i}", "Rail"))
            fast.pages[f"/f{i}"] = Reply(body=article_html(f"F{i}", "Rail"))
        slow.pages["/robots.txt"] = Reply(
            body=b"User-agent: *\nCrawl-delay: 0.5\n", content_type="text/plain"
        )
        http = dataclasses.replace(
            http, allow_addresses=(f"127.0.0.1:{slow.port}", f"127.0.0.1:{fast.port}")
        )
        entries = [entry(slow, f"/s{i}") for i in range(4)] + [
            entry(fast, f"/f{i}") for i in range(4)
        ]
        run_batch(FetchHostsFn(http, FetchConfig(concurrency=4)), entries)
        fast_done = max(t for p, t in fast.arrivals if p.startswith("/f"))
        slow_done = max(t for p, t in slow.arrivals if p.startswith("/s"))
    assert slow_done - fast_done > 1.0  # the fast host finished long before the slow one
