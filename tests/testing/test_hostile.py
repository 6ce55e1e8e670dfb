"""Quick checks of the hostile newsroom itself: it serves, binds only loopback, closes cleanly.

The pipeline's behaviour against it is tested in ``tests/news_ingest/test_reliability.py``.

Run: ``.venv/bin/python -m pytest tests/testing/test_hostile.py``
"""

from __future__ import annotations

import gzip
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from testing.hostile import (
    CONTROL_STORIES,
    GiB,
    HostileNewsroom,
    gzip_bomb,
    stacked_gzip_bomb,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
# Never route loopback requests through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get(url: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def hostile():
    with HostileNewsroom() as running:
        yield running


def test_binds_only_loopback(hostile: HostileNewsroom) -> None:
    assert hostile.running
    assert hostile._server is not None
    assert hostile._server.server_address[0] == "127.0.0.1"
    assert urlsplit(hostile.base).hostname == "127.0.0.1"
    assert hostile.allow_addresses == [f"127.0.0.1:{hostile.port}"]  # this exact port only
    listeners = {
        hostile.port,
        hostile.internal_port,
        int(hostile.connect_timeout_address.rsplit(":", 1)[1]),
    }
    assert len(listeners) == 3
    assert hostile.connect_timeout_address.startswith("127.0.0.1:")
    for url in hostile.feed_urls.values():
        assert urlsplit(url).hostname == "127.0.0.1"


def test_serves_a_good_article_and_a_feed(hostile: HostileNewsroom) -> None:
    status, headers, body = _get(hostile.url("/articles/ferry-timetable"))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    title, paragraphs = CONTROL_STORIES["ferry-timetable"]
    assert title.encode() in body and paragraphs[-1].encode() in body

    status, headers, body = _get(hostile.feed_urls["rss20"])
    assert status == 200 and "rss" in headers["Content-Type"]
    parsed = feedparser.parse(body)
    assert parsed.version == "rss20" and not parsed.bozo
    links = [entry.link for entry in parsed.entries]
    assert links and all(link.startswith(hostile.base + "/articles/") for link in links)
    assert hostile.hits("/feeds/rss20.xml") >= 1


def test_every_fixed_endpoint_has_an_expectation(hostile: HostileNewsroom) -> None:
    expected = hostile.expected
    assert set(expected) == set(hostile.endpoints)
    assert expected["/http/slow-drip"].reason == "timeout"
    assert expected["/feeds/empty.xml"].outcome == "feed_failed"
    assert hostile.expect(hostile.url("/articles/story-7?utm_source=x")).outcome == "record"
    assert hostile.expect(hostile.connect_timeout_url()).reason == "timeout"
    assert hostile.expect(hostile.tls_url("/http/tls")).reason == "tls_error"
    assert hostile.expect("/nowhere") is None
    for name in ("http", "extraction", "language", "controls"):
        _, _, body = _get(hostile.feed_urls[name])
        for entry in feedparser.parse(body).entries:
            assert hostile.expect(entry.link) is not None, entry.link


def test_retry_endpoints_count_per_path(hostile: HostileNewsroom) -> None:
    first, _, _ = _get(hostile.url("/http/503-then-200"))
    second, _, body = _get(hostile.url("/http/503-then-200"))
    assert (first, second) == (503, 200) and b"<article>" in body


def test_internal_listener_counts_connections(hostile: HostileNewsroom) -> None:
    before = hostile.internal_hits
    with socket.create_connection(("127.0.0.1", hostile.internal_port), timeout=2):
        pass
    deadline = time.monotonic() + 2
    while hostile.internal_hits == before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert hostile.internal_hits == before + 1


def test_black_hole_times_out_in_connect(hostile: HostileNewsroom) -> None:
    port = int(hostile.connect_timeout_address.rsplit(":", 1)[1])
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        socket.create_connection(("127.0.0.1", port), timeout=0.3)
    assert time.monotonic() - started < 1.0


def test_gzip_bomb_is_a_valid_1_gib_gzip_file() -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 1.1 * 1024 * 1024
    assert struct.unpack("<I", bomb[-4:])[0] == GiB % 2**32  # ISIZE trailer
    decoder = zlib.decompressobj(31)
    head = decoder.decompress(bomb[: 64 * 1024], 8 * 1024 * 1024)
    assert len(head) == 8 * 1024 * 1024 and not head.strip(b"\0")
    assert gzip.decompress(stacked_gzip_bomb()) == bomb


def test_tls_on_the_same_port_uses_an_untrusted_certificate(hostile: HostileNewsroom) -> None:
    with pytest.raises(urllib.error.URLError) as error:
        _OPENER.open(hostile.tls_url("/http/tls"), timeout=5)
    assert "CERTIFICATE_VERIFY_FAILED" in str(error.value)
    assert hostile.tls_handshakes >= 1


def test_closes_cleanly_and_releases_its_ports() -> None:
    threads_before = {t.ident for t in threading.enumerate()}
    newsroom = HostileNewsroom().start()
    port, internal = newsroom.port, newsroom.internal_port
    # A request left hanging must not keep the newsroom (or its thread) alive.
    hanging = socket.create_connection(("127.0.0.1", port), timeout=2)
    hanging.sendall(b"GET /http/headers-never HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.1)
    started = time.monotonic()
    newsroom.close()
    assert time.monotonic() - started < 3
    assert not newsroom.running
    assert hanging.recv(1) == b""  # the server ended the hanging connection
    hanging.close()
    for closed_port in (port, internal):
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", closed_port), timeout=1)
    newsroom.close()  # idempotent
    time.sleep(0.3)
    leftovers = [
        t
        for t in threading.enumerate()
        if t.ident not in threads_before and t.name.startswith("hostile")
    ]
    assert leftovers == []


def test_module_serves_until_interrupted() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "testing.hostile"],
        cwd=REPO_ROOT,  # testing/ is not installed: it is found from the repository root
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("Hostile newsroom on http://127.0.0.1:")
        base = first.split()[3]
        # Read the URL listing up to its last section before interrupting: with
        # PYTHONUNBUFFERED set (as on CI) the lines arrive one by one, and an early
        # Ctrl-C would cut the listing short.
        listing = [first]
        while not listing[-1].startswith("Endpoints:"):
            line = proc.stdout.readline()
            assert line, "the listing ended before its Endpoints section"
            listing.append(line)
        status, _, _ = _get(base + "/articles/harbour-lights")
        assert status == 200
    finally:
        proc.send_signal(subprocess.signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert any("/feeds/http.xml" in line for line in listing)
    assert "Stopping." in out
