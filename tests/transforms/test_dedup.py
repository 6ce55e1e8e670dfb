import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.state import open_state
from pipelines.core.urls import article_id, canonicalize
from pipelines.transforms.dedup import (
    CLUSTERS,
    FILTERED,
    SKIPPED_SEEN,
    DeduplicateArticles,
    DeduplicateUrls,
    SkipSeen,
    assign_exact_cluster,
)
from pipelines.transforms.errors import DEAD_LETTER


def entry(link, position, source="s"):
    return {"link": link, "position": position, "source_id": source, "feed_url": f"f-{source}"}


def test_one_entry_per_canonical_url_and_bad_links_dead_lettered():
    entries = [
        entry("http://127.0.0.1:9/a", 0),
        entry("http://127.0.0.1:9/a?utm_source=rss#top", 1),
        entry("HTTP://127.0.0.1:9/a", 0, source="t"),
        entry("http://127.0.0.1:9/b", 2),
        entry(None, 3),
        entry("javascript:void(0)", 4),
    ]
    with TestPipeline() as p:
        out = p | beam.Create(entries) | DeduplicateUrls()
        assert_that(
            out["unique"] | "U" >> beam.Map(lambda e: (e["link"], e["source_id"])),
            equal_to([("http://127.0.0.1:9/a", "s"), ("http://127.0.0.1:9/b", "s")]),
            label="unique",
        )
        assert_that(
            out[FILTERED] | "F" >> beam.Map(lambda e: e["reason"]),
            equal_to(["duplicate_url", "duplicate_url"]),
            label="filtered",
        )
        assert_that(
            out[DEAD_LETTER] | "D" >> beam.Map(lambda d: d["reason"]),
            equal_to(["no_url", "bad_scheme"]),
            label="dead",
        )


def test_skip_seen_uses_earlier_windows_only(tmp_path):
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    old = article_id(canonicalize("http://127.0.0.1:9/old"))
    mine = article_id(canonicalize("http://127.0.0.1:9/mine"))
    with open_state(uri) as store:
        store.commit(
            [{"article_id": old, "canonical_url": "u", "content_sha256": "h", "cluster_id": old}],
            "w1",
        )
        store.commit(
            [
                {
                    "article_id": mine,
                    "canonical_url": "u",
                    "content_sha256": "h",
                    "cluster_id": mine,
                }
            ],
            "w2",
        )
    entries = [{"article_id": i} for i in (old, mine, "new")]
    with TestPipeline() as p:
        out = p | beam.Create(entries) | SkipSeen(uri, "w2")
        assert_that(
            out.new | "N" >> beam.Map(lambda e: e["article_id"]),
            equal_to([mine, "new"]),
            label="new",
        )
        assert_that(
            out[SKIPPED_SEEN] | "S" >> beam.Map(lambda e: e["article_id"]),
            equal_to([old]),
            label="seen",
        )


def art(aid, sha, published=None):
    return {"article_id": aid, "content_sha256": sha, "entry_published": published}


def test_exact_copies_link_to_the_earliest_published():
    out = list(
        assign_exact_cluster(
            (
                "h",
                [
                    art("b", "h", "2026-11-26T10:00:00Z"),
                    art("c", "h", None),
                    art("a", "h", "2026-11-26T11:00:00Z"),
                ],
            )
        )
    )
    articles = {o["article_id"]: o for o in out if isinstance(o, dict)}
    assert articles["b"]["duplicate_of"] is None
    assert articles["a"]["duplicate_of"] == "b" and articles["c"]["duplicate_of"] == "b"
    assert {a["cluster_id"] for a in articles.values()} == {"b"}
    [cluster] = [o.value for o in out if not isinstance(o, dict)]
    assert cluster == ("b", 3)


def test_deduplicate_articles_in_a_pipeline():
    items = [art("a", "h1"), art("b", "h1"), art("c", "h2")]
    with TestPipeline() as p:
        out = p | beam.Create(items) | DeduplicateArticles()
        assert_that(
            out.articles | "A" >> beam.Map(lambda a: (a["article_id"], a["duplicate_of"])),
            equal_to([("a", None), ("b", "a"), ("c", None)]),
            label="articles",
        )
        assert_that(out[CLUSTERS], equal_to([("a", 2)]), label="clusters")
