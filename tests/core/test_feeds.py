import pytest

from pipelines.core.feeds import (
    FeedError,
    FeedJob,
    FeedSource,
    entry_sha256,
    parse_feed,
    read_feed,
)
from pipelines.core.http import HttpClient, HttpSettings

URL = "http://127.0.0.1:9/feed.xml"

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Ledger</title><language>en-gb</language>
<item><title>Ferry strike ends</title><link>/news/ferry?utm_source=rss#top</link>
<guid isPermaLink="false">hl-1</guid>
<description>&lt;p&gt;Crews return &amp; sail.&lt;/p&gt;</description>
<pubDate>Fri, 27 Nov 2026 09:30:00 +0100</pubDate><author>desk@example.invalid (Ana Ruiz)</author>
<category>Transport</category></item>
<item><title>No date here</title><link>http://127.0.0.1:9/news/b</link></item>
<item><title>Guid only</title><guid isPermaLink="true">http://127.0.0.1:9/news/c</guid></item>
<item><title>Nothing to fetch</title><description>x</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Rundschau</title>
<id>urn:x</id><updated>2026-11-26T08:00:00Z</updated>
<entry><title>Haushalt beschlossen</title><id>urn:x:1</id>
<link rel="alternate" href="http://127.0.0.1:9/artikel/1"/>
<updated>2026-11-26T08:00:00Z</updated><author><name>Jonas Berg</name></author></entry>
</feed>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://127.0.0.1:9/"><title>Courrier</title><link>http://127.0.0.1:9/</link>
<description>d</description><dc:language>fr</dc:language></channel>
<item rdf:about="http://127.0.0.1:9/a/1"><title>Budget</title><link>http://127.0.0.1:9/a/1</link>
<dc:date>2026-11-25T10:00:00+01:00</dc:date></item></rdf:RDF>"""


def test_rss20_entries_keep_metadata():
    feed = parse_feed(RSS20, URL, source_id="ledger")
    assert feed.version == "rss20"
    assert feed.language == "en-gb"
    first = feed.entries[0]
    assert first.link == "http://127.0.0.1:9/news/ferry?utm_source=rss#top"
    assert first.guid == "hl-1"
    assert first.summary == "Crews return & sail."
    assert first.published_at == "2026-11-27T08:30:00Z"
    assert first.categories == ("Transport",)
    assert first.source_id == "ledger"
    assert feed.entries[1].published_at is None
    assert feed.entries[2].link == "http://127.0.0.1:9/news/c"
    assert feed.entries[3].link is None
    assert [e.position for e in feed.entries] == [0, 1, 2, 3]


def test_atom_and_rss10():
    atom = parse_feed(ATOM, URL)
    assert atom.version == "atom10"
    assert atom.entries[0].authors == ("Jonas Berg",)
    assert atom.entries[0].link == "http://127.0.0.1:9/artikel/1"
    rdf = parse_feed(RSS10, URL)
    assert rdf.version == "rss10"
    assert rdf.entries[0].published_at == "2026-11-25T09:00:00Z"
    assert rdf.entries[0].feed_language == "fr"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty_feed"),
        (b"  \n ", "empty_feed"),
        (b"<html><body><p>Welcome to our site</p></body></html>", "not_a_feed"),
        (b"just some text", "not_a_feed"),
    ],
)
def test_empty_and_non_feeds_raise_with_reason(body, reason):
    with pytest.raises(FeedError) as caught:
        parse_feed(body, URL)
    assert caught.value.reason == reason


def test_truncated_feed_keeps_entries_parsed_so_far():
    truncated = RSS20[: RSS20.index(b"<item><title>Guid only")]
    feed = parse_feed(truncated, URL)
    assert feed.malformed
    assert feed.problem
    assert len(feed.entries) >= 1


def test_control_characters_and_wrong_charset_survive():
    body = RSS20.replace(b"Ferry strike ends", b"Ferry\x01 strike\x00 ends \xff")
    feed = parse_feed(body, URL)
    titles = [e.title for e in feed.entries]
    for title in titles:
        if title:
            title.encode("utf-8")
            assert "\x00" not in title and "\x01" not in title


def test_max_entries_caps_the_feed():
    feed = parse_feed(RSS20, URL, max_entries=2)
    assert len(feed.entries) == 2
    assert feed.truncated == 2 and "not read" in feed.problem


def test_feed_source_kinds():
    assert FeedSource.from_argument("feeds/local.xml").is_local_file
    assert not FeedSource.from_argument("https://example.com/rss").is_local_file
    assert FeedSource.from_argument("x").id == FeedSource.from_argument("x").id


def test_the_encoding_fallback_does_not_depend_on_chardet_being_installed():
    # Airflow installs chardet; with it feedparser would guess before UTF-8/windows-1252.
    # tests/news_ingest/test_reliability.py::test_wrong_charset_feed_gives_valid_utf8 shows the
    # effect end to end wherever chardet is installed (make test-latest).
    import feedparser.encodings

    import pipelines.core.feeds  # noqa: F401

    assert feedparser.encodings.lazy_chardet_encoding is None


def test_entry_hash_follows_what_the_feed_says():
    base = {"entry_title": "A", "entry_summary": "s", "entry_published": None}
    assert entry_sha256(base) == entry_sha256({**base, "link": "elsewhere"})
    assert entry_sha256(base) != entry_sha256({**base, "entry_updated": "2026-11-27T13:00:00Z"})


def test_read_feed_reports_each_outcome_of_a_local_feed(tmp_path, caplog):
    path = tmp_path / "feed.xml"
    path.write_bytes(RSS20)
    source = FeedSource(str(path), "local", language="fr", country="cl")
    client = HttpClient(HttpSettings())
    try:
        read = read_feed(client, FeedJob(source), 1 << 20, 1)
        assert read.error is None and read.status["status"] == "ok"
        assert (
            read.status["entries"] == 1
            and read.status["truncated"] == len(parse_feed(RSS20, str(path)).entries) - 1
        )
        assert "not read (counted as truncated)" in caplog.text
        [element] = read.elements()
        assert element["feed_language"] == "fr" and element["source_id"] == "local"
        assert "entry_title" in element and "title" not in element
        again = read_feed(
            client, FeedJob(source, {"body_sha256": read.status["body_sha256"]}), 1 << 20, 1
        )
        assert again.status["status"] == "unchanged" and again.entries == ()
        small = read_feed(client, FeedJob(source), 64, 1)
        assert small.status["status"] == "failed" and small.status["reason"] == "too_large"
        assert small.error is not None and small.status["body_sha256"] is None
        path.write_bytes(b"")
        empty = read_feed(client, FeedJob(source), 1 << 20, 1)
        assert empty.status["reason"] == "empty_feed" and isinstance(empty.error, FeedError)
    finally:
        client.close()
