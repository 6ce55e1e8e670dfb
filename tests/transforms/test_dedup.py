import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.core.feeds import entry_sha256
from pipelines.core.state import open_state
from pipelines.core.urls import article_id, canonicalize
from pipelines.transforms.common.outputs import DEAD_LETTER, SKIPPED_SEEN
from pipelines.transforms.common.spill import entry_id_of, fetch_url_of
from pipelines.transforms.dedup import FILTERED, DeduplicateUrls, FirstSighting, SkipSeen


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


def test_with_a_spill_directory_hosts_come_out_grouped_as_compact_entries(tmp_path):
    from pipelines.transforms.common.spill import REF, Restorer

    spill_dir = str(tmp_path / "spill")
    feed = [
        entry("http://127.0.0.1:9/a", 0),
        entry("http://127.0.0.1:9/a?utm_source=rss", 1),
        entry("http://127.0.0.1:9/b", 2),
        entry("ftp://127.0.0.1:9/c", 3),
        entry("http://localhost:9/e", 4),
    ]
    retried = [entry("HTTP://127.0.0.1:9/a", 0, source="r"), entry("http://127.0.0.1:9/d", 5)]

    most = REF.size + 16 + 30

    def restored(host_entries):
        # One host's unique entries, each one bytes object: reference, article id, URL.
        host, compact = host_entries
        assert all(isinstance(c, bytes) and len(c) < most for c in compact)
        restorer = Restorer(spill_dir)
        for c in compact:
            whole = restorer.restore(c)
            assert (entry_id_of(c), fetch_url_of(c)) == (whole["article_id"], whole["fetch_url"])
            yield host, whole["link"], whole["source_id"], whole["article_id"]
        restorer.close()

    def aid(url):
        return article_id(canonicalize(url))

    with TestPipeline() as p:
        feeds = p | "Feed" >> beam.Create(feed)
        keyed = (feeds, p | "Retried" >> beam.Create(retried)) | DeduplicateUrls(spill_dir)
        assert_that(
            keyed["unique"] | "U" >> beam.FlatMap(restored),
            equal_to(
                [
                    ("127.0.0.1:9", "HTTP://127.0.0.1:9/a", "r", aid("http://127.0.0.1:9/a")),
                    ("127.0.0.1:9", "http://127.0.0.1:9/b", "s", aid("http://127.0.0.1:9/b")),
                    ("127.0.0.1:9", "http://127.0.0.1:9/d", "s", aid("http://127.0.0.1:9/d")),
                    ("localhost:9", "http://localhost:9/e", "s", aid("http://localhost:9/e")),
                ]
            ),
            label="unique",
        )
        assert_that(
            keyed["unique"] | "Hosts" >> beam.Map(lambda group: group[0]),
            equal_to(["127.0.0.1:9", "localhost:9"]),
            label="one group per host",
        )
        assert_that(
            keyed[FILTERED] | "F" >> beam.Map(lambda e: (e["position"], e["reason"])),
            equal_to([(0, "duplicate_url"), (1, "duplicate_url")]),
            label="filtered",
        )
        assert_that(
            keyed[DEAD_LETTER] | "D" >> beam.Map(lambda d: d["reason"]),
            equal_to(["bad_scheme"]),
            label="dead",
        )


W1, W2 = "2026-11-27T12:00:00Z", "2026-11-27T12:15:00Z"


def state_row(aid, entry_hash, window_cluster=None):
    return {
        "article_id": aid,
        "canonical_url": "u",
        "record_id": "r" * 32,
        "content_sha256": "h",
        "entry_sha256": entry_hash,
        "cluster_id": window_cluster or aid,
        "signature": b"",
        "shingles": 0,
        "band_keys": [],
    }


def test_skip_seen_uses_earlier_windows_and_refetches_changed_entries(tmp_path):
    uri = f"sqlite:///{tmp_path / 'state.db'}"
    old = article_id(canonicalize("http://127.0.0.1:9/old"))
    changed = article_id(canonicalize("http://127.0.0.1:9/changed"))
    mine = article_id(canonicalize("http://127.0.0.1:9/mine"))
    entries = [
        {"article_id": old, "entry_title": "Old"},
        {"article_id": changed, "entry_title": "Changed, updated"},
        {"article_id": mine, "entry_title": "Mine"},
        {"article_id": "new", "entry_title": "New"},
    ]
    for item in entries:
        item["entry_sha256"] = entry_sha256(item)
    with open_state(uri) as store:
        store.commit(
            [
                state_row(old, entries[0]["entry_sha256"]),
                state_row(changed, entry_sha256({"entry_title": "Changed"})),
            ],
            W1,
        )
        store.commit([state_row(mine, entries[2]["entry_sha256"])], W2)
    with TestPipeline() as p:
        out = p | beam.Create(entries) | SkipSeen(uri, W2)
        assert_that(
            out.new | "N" >> beam.Map(lambda e: (e["article_id"], "previous" in e)),
            equal_to([(changed, True), (mine, False), ("new", False)]),
            label="new",
        )
        assert_that(
            out[SKIPPED_SEEN] | "S" >> beam.Map(lambda e: (e["article_id"], e["reason"])),
            equal_to([(old, "seen_before")]),
            label="seen",
        )


def test_skip_seen_takes_a_hosts_compact_entries_and_reads_back_only_the_seen(tmp_path):
    from pipelines.transforms.common.spill import Spiller, compact_entry

    uri = f"sqlite:///{tmp_path / 'state.db'}"
    spill_dir = str(tmp_path / "spill")
    urls = [f"http://127.0.0.1:9/{name}" for name in ("old", "changed", "new", "newer")]
    entries = [
        {"article_id": article_id(canonicalize(u)), "fetch_url": u, "entry_title": u} for u in urls
    ]
    for item in entries:
        item["entry_sha256"] = entry_sha256(item)
    spiller = Spiller(spill_dir, ())
    compact = [compact_entry(spiller, item) for item in entries]
    spiller.close()
    with open_state(uri) as store:
        store.commit(
            [
                state_row(entries[0]["article_id"], entries[0]["entry_sha256"]),
                state_row(entries[1]["article_id"], "an older entry hash"),
            ],
            W1,
        )
    skip = SkipSeen(uri, W2, spill_dir)
    skip._fn.BATCH = 3  # two look-ups for the host's four entries
    with TestPipeline() as p:
        out = p | beam.Create([("127.0.0.1:9", compact)]) | skip

        def shape(host, items):
            return host, sorted(
                "compact"
                if isinstance(i, bytes)
                else f"whole, previous {i['previous']['article_id']}"
                for i in items
            )

        assert_that(
            out.new | "Shape" >> beam.MapTuple(shape),
            equal_to(
                [
                    (
                        "127.0.0.1:9",
                        ["compact", "compact", f"whole, previous {entries[1]['article_id']}"],
                    )
                ]
            ),
            label="new: unseen ones as they came, the changed one read back",
        )
        assert_that(
            out.new | "Ids" >> beam.FlatMapTuple(lambda _, items: map(entry_id_of, items)),
            equal_to([e["article_id"] for e in entries[1:]]),
            label="ids",
        )
        assert_that(
            out[SKIPPED_SEEN] | "S" >> beam.Map(lambda e: (e["fetch_url"], e["reason"])),
            equal_to([(urls[0], "seen_before")]),
            label="seen",
        )


def test_first_sighting_filters_repeats_across_windows_until_the_state_expires():
    from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
    from apache_beam.testing.test_stream import TestStream
    from apache_beam.transforms import window

    def sighting(link, title, feed):
        item = {"link": link, "entry_title": title, "feed_url": feed, "source_id": feed}
        return {**item, "position": 0}

    a = "http://127.0.0.1:9/a"
    stream = (
        TestStream()
        .add_elements([window.TimestampedValue(sighting(a, "A", "f1"), 100)])
        .advance_watermark_to(150)
        # The same entry from another feed, later (another window): a repeat.
        .add_elements([window.TimestampedValue(sighting(a + "?utm_source=x", "A", "f2"), 160)])
        # The entry changed (new title): handed on, so the page is checked for a revision.
        .add_elements([window.TimestampedValue(sighting(a, "A (updated)", "f1"), 170)])
        .advance_watermark_to(500)  # past the 300 s expiry of the first sighting
        .add_elements([window.TimestampedValue(sighting(a, "A", "f3"), 510)])
        .advance_watermark_to_infinity()
    )
    options = PipelineOptions()
    options.view_as(StandardOptions).streaming = True
    with TestPipeline(options=options) as p:
        out = p | stream | FirstSighting(ttl_s=300)
        assert_that(
            out["unique"] | "U" >> beam.Map(lambda e: (e["feed_url"], e["entry_title"])),
            equal_to([("f1", "A"), ("f1", "A (updated)"), ("f3", "A")]),
            label="unique",
        )
        assert_that(
            out[FILTERED] | "F" >> beam.Map(lambda e: (e["feed_url"], e["reason"])),
            equal_to([("f2", "duplicate_url")]),
            label="filtered",
        )
