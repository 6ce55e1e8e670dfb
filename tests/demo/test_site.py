"""Tests of the demo newsroom's content, pages and feeds (no network).

Run: ``.venv/bin/python -m pytest tests/demo/test_site.py``
"""

from __future__ import annotations

import collections
import re
from datetime import datetime

import feedparser
import pytest

from pipelines.demo import content, site
from pipelines.demo.model import utc

BASES = {outlet: f"http://127.0.0.1:{41000 + i}" for i, outlet in enumerate(site.OUTLETS)}
FIRST_DAY = utc(2026, 11, 20)
LAST_DAY_END = utc(2026, 11, 28)


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, site.Page]]:
    return site.build_site(BASES)


@pytest.fixture(scope="module")
def parsed_feeds(built) -> dict[tuple[str, str], feedparser.FeedParserDict]:
    result = {}
    for feed in content.FEEDS:
        page = built[feed.outlet][feed.path]
        url = BASES[feed.outlet] + feed.path
        result[(feed.outlet, feed.path)] = feedparser.parse(
            page.body, response_headers={"content-location": url}
        )
    return result


def test_feeds_are_well_formed_with_their_content_type(built):
    for feed in content.FEEDS:
        page = built[feed.outlet][feed.path]
        headers = {"content-location": BASES[feed.outlet] + feed.path}
        headers["content-type"] = page.content_type
        parsed = feedparser.parse(page.body, response_headers=headers)
        assert not parsed.bozo, (feed.path, parsed.get("bozo_exception"))


def test_outlets_each_have_a_feed_and_a_page_set(built):
    assert len(site.OUTLETS) >= 4
    assert set(built) == set(site.OUTLETS)
    for outlet in site.OUTLETS:
        assert content.feeds_of(outlet), outlet
        assert built[outlet]["/"].status == 200
        robots = built[outlet]["/robots.txt"]
        assert robots.content_type.startswith("text/plain")
        assert b"Disallow: /private/" in robots.body


def test_build_site_is_deterministic(built):
    assert site.build_site(BASES) == built


def test_build_site_requires_every_base():
    partial = dict(BASES)
    del partial["harbour"]
    with pytest.raises(ValueError, match="harbour"):
        site.build_site(partial)


def test_articles_have_unique_ids_and_paths():
    ids = [a.id for a in content.ARTICLES]
    assert len(ids) == len(set(ids))
    keys = [(a.outlet, a.path) for a in content.ARTICLES]
    assert len(keys) == len(set(keys))
    for article in content.ARTICLES:
        assert article.path.startswith("/") and "?" not in article.path and "#" not in article.path
        assert article.outlet in content.OUTLETS_BY_ID


def test_article_shape():
    assert 35 <= len(content.ARTICLES) <= 50
    for article in content.ARTICLES:
        words = sum(len(p.split()) for p in article.paragraphs)
        assert 150 <= words <= 400, (article.id, words)
        assert 3 <= len(article.paragraphs) <= 6, article.id
        assert FIRST_DAY <= article.published < LAST_DAY_END, article.id
        if article.updated:
            assert article.published < article.updated < LAST_DAY_END, article.id
        assert article.author and article.categories and article.section
        # The headline must not be part of the body, or it would leak into extracted text.
        assert article.headline not in " ".join(article.paragraphs)


def test_article_languages_cover_at_least_five():
    counts = collections.Counter(a.language for a in content.ARTICLES)
    assert {"en", "fr", "de", "es", "it"} <= set(counts)
    assert len(counts) >= 5
    assert all(n >= 2 for n in counts.values()), counts


def test_article_pages_have_realistic_markup(built):
    with_og = 0
    for article in content.ARTICLES:
        page = built[article.outlet][article.path]
        assert page.status == 200
        assert page.content_type == "text/html; charset=utf-8"
        text = page.body.decode("utf-8")
        lang = re.search(r'<html lang="([^"]+)"', text)
        assert lang and lang.group(1).lower().split("-")[0] == article.language, article.id
        assert 'charset="utf-8"' in text or "charset=utf-8" in text
        assert re.search(r'<time[^>]* datetime="2026-11-2\d', text), article.id
        assert "cookie" in text.lower() and "newsletter" in text.lower()
        assert "<nav" in text or 'class="navbar"' in text or 'id="menu"' in text
        assert "footer" in text
        if 'property="article:published_time"' in text:
            with_og += 1
    # Most (not all) pages carry OpenGraph dates; Calder FM only has JSON-LD.
    assert len(content.ARTICLES) * 0.75 <= with_og < len(content.ARTICLES)


def test_some_pages_have_reader_comments(built):
    commented = [a for a in content.ARTICLES if a.comments]
    assert len({a.outlet for a in commented}) >= 3
    for article in commented:
        body = built[article.outlet][article.path].body.decode("utf-8")
        assert article.comments[0].text.replace("'", "&#x27;") in body


def test_feed_formats_and_metadata(parsed_feeds):
    versions = set()
    for feed in content.FEEDS:
        parsed = parsed_feeds[(feed.outlet, feed.path)]
        # Without a Content-Type header feedparser only flags NonXMLContentType; the XML
        # itself must be well-formed.
        if parsed.bozo:
            assert isinstance(parsed.bozo_exception, feedparser.NonXMLContentType), feed.path
        assert parsed.version == feed.format
        versions.add(parsed.version)
        assert len(parsed.entries) == len(feed.entries)
        if feed.language:
            assert parsed.feed.get("language") == feed.language
        for entry in parsed.entries:
            assert entry.get("id") and entry.get("title") and entry.get("summary")
            assert entry.get("author") and entry.get("tags")
    assert {"rss20", "rss10", "atom10"} <= versions


def test_feed_entry_links_ids_and_dates(parsed_feeds):
    rows = site.expected_outcomes(BASES)
    by_feed = collections.defaultdict(list)
    for row in rows:
        by_feed[(row["outlet"], row["feed_path"])].append(row)
    undated = 0
    for feed in content.FEEDS:
        parsed = parsed_feeds[(feed.outlet, feed.path)]
        for spec, row, entry in zip(
            feed.entries, by_feed[(feed.outlet, feed.path)], parsed.entries, strict=True
        ):
            assert entry.get("link") == row["link"], spec.guid
            if feed.format == "rss10":
                assert entry.get("dc_identifier") == spec.guid
            else:
                assert entry.get("id") == spec.guid
            dated = bool(entry.get("published_parsed") or entry.get("updated_parsed"))
            assert dated == spec.dated, spec.guid
            undated += not spec.dated
    assert undated >= 2


def test_expected_outcomes_cover_every_case():
    rows = site.expected_outcomes()
    assert len(rows) == sum(len(f.entries) for f in content.FEEDS)
    reasons = {r["reason"] for r in rows if r["outcome"] == "dead_letter"}
    assert reasons == {"http_404", "unsupported_content_type", "no_text", "no_url", "bad_scheme"}
    for row in rows:
        assert set(row) >= {"outlet", "path", "language", "outcome", "reason", "wire_group"}
        if row["outcome"] == "dead_letter":
            assert row["language"] is None and row["reason"]
        else:
            assert row["language"] and row["reason"] is None and row["path"]
            assert datetime.fromisoformat(row["published"]) >= FIRST_DAY
        if row["reason"] in ("no_url", "bad_scheme"):
            assert row["path"] is None
    # Every article is reachable from some feed (directly or through the redirect).
    reached = {r["article_id"] for r in rows if r["outcome"] == "record"}
    assert reached == set(content.ARTICLES_BY_ID)
    assert len([r for r in rows if r["outcome"] == "record"]) == len(content.ARTICLES)


def test_duplicate_url_entries_only_differ_by_tracking():
    rows = site.expected_outcomes()
    duplicates = [r for r in rows if r["outcome"] == "duplicate_url"]
    assert duplicates
    for dup in duplicates:
        assert "utm_source=" in dup["tracking"] and "utm_medium=" in dup["tracking"]
        assert "#" in dup["tracking"]
        earlier = [
            r
            for r in rows[: rows.index(dup)]
            if r["feed_path"] == dup["feed_path"] and r["outcome"] == "record"
        ]
        assert any(r["path"] == dup["path"] and not r["tracking"] for r in earlier)


def test_broken_item_pages(built):
    rows = site.expected_outcomes(BASES)
    for row in rows:
        pages = built[row["outlet"]]
        if row["reason"] == "http_404":
            assert pages[row["path"]].status == 404
        elif row["reason"] == "unsupported_content_type":
            page = pages[row["path"]]
            assert page.status == 200 and page.content_type == "application/pdf"
            assert page.body.startswith(b"%PDF-")
        elif row["reason"] == "no_text":
            page = pages[row["path"]]
            assert page.status == 200 and page.content_type.startswith("text/html")
        elif row["reason"] == "bad_scheme":
            assert row["link"].startswith("javascript:")
        elif row["reason"] == "no_url":
            assert row["link"] is None
        elif row["path"] != row["final_path"]:
            page = pages[row["path"]]
            assert page.status == 301
            assert page.headers["Location"] == BASES[row["outlet"]] + row["final_path"]
            assert pages[row["final_path"]].status == 200
        else:
            assert pages[row["path"]].status == 200


def test_wire_groups():
    groups = collections.defaultdict(list)
    for article in content.ARTICLES:
        if article.wire_group:
            groups[article.wire_group].append(article)
    sizes = {g: len(a) for g, a in groups.items()}
    assert max(sizes.values()) >= 4, sizes
    for members in groups.values():
        assert len({a.paragraphs for a in members}) == 1
        assert len({a.headline for a in members}) == len(members)
        assert len({a.outlet for a in members}) == len(members)
    big = max(groups.values(), key=len)
    # At least three outlets republish the agency's story besides the agency itself.
    assert len({a.outlet for a in big} - {"meridian"}) >= 3
    rewrites = [a for a in content.ARTICLES if a.near_duplicate_of]
    assert rewrites and all(a.near_duplicate_of in groups for a in rewrites)
