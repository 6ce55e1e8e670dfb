"""Serves the demo newsroom over real HTTP on 127.0.0.1 and fetches from it.

Run: ``.venv/bin/python -m pytest tests/demo/test_server.py``
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

import feedparser
import pytest

from pipelines.demo import content, site
from pipelines.demo.server import DemoNewsroom

# Never route loopback requests through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get(url: str, method: str = "GET"):
    return _OPENER.open(urllib.request.Request(url, method=method), timeout=5)


@pytest.fixture(scope="module")
def newsroom():
    with DemoNewsroom() as running:
        yield running


def test_binds_only_loopback_one_port_per_outlet(newsroom):
    assert newsroom.running
    assert set(newsroom.bases) == set(site.OUTLETS)
    ports = set()
    for base in newsroom.bases.values():
        parts = urlsplit(base)
        assert parts.scheme == "http" and parts.hostname == "127.0.0.1"
        ports.add(parts.port)
    assert len(ports) == len(site.OUTLETS)
    assert newsroom.allow_addresses == ["127.0.0.1"]
    assert sorted(newsroom.netlocs) == sorted(b[len("http://") :] for b in newsroom.bases.values())
    for server in newsroom._servers.values():
        assert server.server_address[0] == "127.0.0.1"


def test_feeds_are_served_and_parse(newsroom):
    assert len(newsroom.feed_urls) == len(content.FEEDS)
    versions = set()
    for url in newsroom.feed_urls:
        with _get(url) as response:
            assert response.status == 200
            ctype = response.headers["Content-Type"]
            assert "xml" in ctype
            body = response.read()
        headers = {"content-location": url, "content-type": ctype}
        parsed = feedparser.parse(body, response_headers=headers)
        assert not parsed.bozo and parsed.entries
        versions.add(parsed.version)
        host = urlsplit(url).netloc
        for entry in parsed.entries:
            link = entry.get("link")
            if link and link.startswith("http"):
                # Links point at the outlet's own host:port, i.e. at the running server.
                assert urlsplit(link).netloc == host
    assert {"rss20", "rss10", "atom10"} <= versions


def test_every_feed_entry_fetches_as_expected(newsroom):
    for row in site.expected_outcomes(newsroom.bases):
        if row["path"] is None:
            continue
        url = row["link"]
        if row["reason"] == "http_404":
            with pytest.raises(urllib.error.HTTPError) as err:
                _get(url)
            assert err.value.code == 404
            assert err.value.headers["Content-Type"].startswith("text/html")
            err.value.close()
            continue
        with _get(url) as response:
            assert response.status == 200
            # Redirects are followed: the final URL is the article's own address.
            final = urlsplit(response.geturl())
            assert final.netloc == urlsplit(newsroom.bases[row["outlet"]]).netloc
            assert final.path == row["final_path"]
            ctype = response.headers["Content-Type"]
            if row["reason"] == "unsupported_content_type":
                assert ctype == "application/pdf"
            else:
                assert ctype == "text/html; charset=utf-8"
            assert response.read() == newsroom.site[row["outlet"]][row["final_path"]].body


def test_query_is_ignored_and_head_has_no_body(newsroom):
    article = content.ARTICLES_BY_ID["harbour-rovers-late-winner"]
    base = newsroom.bases["harbour"]
    with _get(base + article.path) as plain, _get(base + article.path + "?utm_source=x") as tagged:
        assert plain.read() == tagged.read()
    with _get(base + article.path, method="HEAD") as head:
        assert head.status == 200
        assert int(head.headers["Content-Length"]) > 1000
        assert head.read() == b""


def test_unknown_path_robots_and_request_log(newsroom, capfd):
    base = newsroom.bases["courrier"]
    newsroom.reset_requests()
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(base + "/nothing/here.html")
    assert err.value.code == 404
    assert "Page introuvable" in err.value.read().decode("utf-8")
    err.value.close()
    with _get(base + "/robots.txt") as robots:
        assert robots.headers["Content-Type"].startswith("text/plain")
        assert b"Disallow: /private/" in robots.read()
    assert newsroom.requests == [("courrier", "/nothing/here.html"), ("courrier", "/robots.txt")]
    # Quiet servers: no access-log lines on stderr.
    assert capfd.readouterr().err == ""


def test_close_releases_ports():
    newsroom = DemoNewsroom()
    with newsroom:
        url = newsroom.feed_urls[0]
        with _get(url) as response:
            assert response.status == 200
    assert not newsroom.running
    with pytest.raises(urllib.error.URLError):
        _get(url)
    newsroom.close()  # idempotent
