"""Tests for the HTTP client against real HTTP servers on the loopback interface.

Every server here listens on 127.0.0.1 (port 0) in a thread of the test process; no test sends
traffic anywhere else. The client under test gets an allow entry for exactly the servers a test
means it to reach, so the address guard is exercised on every request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import itertools
import pickle
import socket
import ssl
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipelines.core.http import (
    ACCEPT_ENCODING,
    REASONS,
    FetchError,
    FetchResult,
    HttpClient,
    HttpSettings,
    parse_retry_after,
)
from pipelines.demo.local_server import LocalServer, QuietHandler
from testing.listeners import CountingListener
from testing.tls import write_pem

MiB = 1024 * 1024


# --------------------------------------------------------------------------------------------
# Loopback test servers
# --------------------------------------------------------------------------------------------


@dataclass
class Hit:
    """One request as seen by a test server."""

    path: str
    headers: dict[str, str]
    started: float
    finished: float | None = None


Handle = Callable[["RequestHandler"], None]


class RequestHandler(QuietHandler):
    """Dispatches every GET to the test's ``handle`` function and records it."""

    server: LoopbackServer

    def do_GET(self) -> None:
        live = self.server.live
        hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        with live.lock:
            live.hits.append(hit)
            live.in_flight += 1
            live.max_in_flight = max(live.max_in_flight, live.in_flight)
        self._counted = True
        try:
            live.handle(self)
        finally:
            self._leave()
            hit.finished = time.monotonic()

    def _leave(self) -> None:
        # Called before the last bytes of a reply are written: once the client holds the whole
        # response it may send its next request, and on a loaded machine that one can arrive
        # before this thread runs again, which would count both as in flight at once.
        if getattr(self, "_counted", False):
            self._counted = False
            with self.server.live.lock:
                self.server.live.in_flight -= 1

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        """Sends a complete response with a Content-Length."""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self._leave()
        self.end_headers()
        self.wfile.write(body)


class LoopbackServer(LocalServer):
    """A local server that counts connections and optionally speaks TLS."""

    live: LiveServer

    def __init__(self, live: LiveServer, tls: ssl.SSLContext | None) -> None:
        self.live = live
        self.tls = tls
        super().__init__(RequestHandler, name="test-http-server")

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = self.socket.accept()
        with self.live.lock:
            self.live.connections += 1
        return sock, address

    def finish_request(self, request: socket.socket, client_address: object) -> None:
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        try:  # the handshake runs in the request thread, not in the accept loop
            tls_sock = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # the client refused our certificate
        try:
            self.RequestHandlerClass(tls_sock, client_address, self)
        finally:
            tls_sock.close()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up on purpose (limits, timeouts) are expected here


@dataclass
class LiveServer:
    """A running loopback server plus what it observed."""

    handle: Handle
    protocol: str = "HTTP/1.0"
    tls: ssl.SSLContext | None = None
    hits: list[Hit] = field(default_factory=list)
    connections: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.server = LoopbackServer(self, self.tls)
        self.port = self.server.port
        handler = type("Handler", (RequestHandler,), {"protocol_version": self.protocol})
        self.server.RequestHandlerClass = handler
        self.server.start()

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    @property
    def allow(self) -> str:
        """Allow entry for exactly this server."""
        return f"127.0.0.1:{self.port}"

    def close(self) -> None:
        self.stop.set()
        self.server.close()


@pytest.fixture
def serve() -> Iterator[Callable[..., LiveServer]]:
    """Factory fixture: ``serve(handle, protocol=..., tls=...)`` starts a loopback server."""
    servers: list[LiveServer] = []

    def start(
        handle: Handle, protocol: str = "HTTP/1.0", tls: ssl.SSLContext | None = None
    ) -> LiveServer:
        live = LiveServer(handle, protocol=protocol, tls=tls)
        servers.append(live)
        return live

    yield start
    for live in servers:
        live.close()


@pytest.fixture
def raw_listener() -> Iterator[CountingListener]:
    listener = CountingListener()
    yield listener
    listener.close()


@pytest.fixture
def client_for() -> Iterator[Callable[..., HttpClient]]:
    """Factory fixture: a client allowed to reach the given servers, with fast test settings."""
    clients: list[HttpClient] = []

    def make(*servers: LiveServer, **overrides: object) -> HttpClient:
        values: dict[str, object] = {
            "connect_timeout_s": 1.0,
            "timeout_s": 2.0,
            "max_retries": 2,
            "backoff_s": 0.01,
            "per_host_delay_s": 0.0,
            "allow_addresses": tuple(live.allow for live in servers),
        }
        values.update(overrides)
        client = HttpClient(HttpSettings(**values))  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def fetch_error(client: HttpClient, url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        client.get(url, **kwargs)  # type: ignore[arg-type]
    return info.value


# --------------------------------------------------------------------------------------------
# Success, headers, decoding
# --------------------------------------------------------------------------------------------


def test_ok_response_with_body_headers_and_charset(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        h.reply(
            200,
            "caf\xe9!".encode("latin-1"),
            {"Content-Type": 'Text/HTML; Charset="ISO-8859-1"', "X-Feed-Id": "42"},
        )

    live = serve(handle)
    client = client_for(live)
    result = client.get(live.url("/page"), headers={"If-None-Match": '"v1"'})

    assert isinstance(result, FetchResult)
    assert result.status == 200
    assert result.body == "caf\xe9!".encode("latin-1")
    assert result.url == result.final_url == live.url("/page")
    assert result.headers["x-feed-id"] == "42"
    assert result.headers["content-length"] == "5"
    assert result.content_type == "text/html"
    assert result.charset == "iso-8859-1"
    assert result.attempts == 1
    assert result.redirects == []
    assert 0 < result.elapsed_s < 2

    (hit,) = live.hits
    assert hit.path == "/page"
    assert hit.headers["user-agent"] == HttpSettings().user_agent
    assert hit.headers["if-none-match"] == '"v1"'
    assert hit.headers["accept-encoding"] == ACCEPT_ENCODING
    assert ACCEPT_ENCODING.startswith("gzip,deflate")  # br/zstd only if bounded decoders exist


def test_missing_content_type_gives_none(serve, client_for) -> None:
    live = serve(lambda h: h.reply(200, b"x"))
    result = client_for(live).get(live.url())
    assert result.content_type is None
    assert result.charset is None


def test_gzip_body_is_decoded(serve, client_for) -> None:
    payload = b"<rss>" + b"item " * 1000 + b"</rss>"

    def handle(h: RequestHandler) -> None:
        h.reply(200, gzip.compress(payload), {"Content-Encoding": "gzip"})

    live = serve(handle)
    result = client_for(live).get(live.url())
    assert result.body == payload


def test_corrupt_gzip_is_decode_error_and_not_retried(serve, client_for) -> None:
    live = serve(lambda h: h.reply(200, b"this is not gzip", {"Content-Encoding": "gzip"}))
    error = fetch_error(client_for(live), live.url())
    assert error.reason == "decode_error"
    assert len(live.hits) == 1


def test_unknown_content_encoding_is_decode_error(serve, client_for) -> None:
    live = serve(lambda h: h.reply(200, b"\x1f\x9d...", {"Content-Encoding": "compress"}))
    error = fetch_error(client_for(live), live.url())
    assert error.reason == "decode_error"
    assert "compress" in str(error)


def test_not_modified_is_a_result(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"abc"':
            h.send_response(304)
            h.send_header("ETag", '"abc"')
            h.end_headers()
        else:
            h.reply(200, b"full")

    live = serve(handle)
    result = client_for(live).get(live.url(), headers={"If-None-Match": '"abc"'})
    assert (result.status, result.body, result.headers["etag"]) == (304, b"", '"abc"')


# --------------------------------------------------------------------------------------------
# Redirects
# --------------------------------------------------------------------------------------------


def test_redirect_chain_is_recorded(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        port = h.server.server_address[1]
        routes = {
            "/a": (302, "/b"),  # absolute path
            "/b": (301, f"http://127.0.0.1:{port}/c/x"),  # absolute URL
            "/c/x": (307, "../d?q=1"),  # relative path
            "/d?q=1": (308, "/e#frag"),  # fragment never sent
            "/e": (303, "/final"),
        }
        if h.path in routes:
            status, location = routes[h.path]
            h.reply(status, b"moved", {"Location": location})
        else:
            h.reply(200, b"done")

    live = serve(handle)
    result = client_for(live).get(live.url("/a"))
    assert result.body == b"done"
    assert result.redirects == [
        live.url("/b"),
        live.url("/c/x"),
        live.url("/d?q=1"),
        live.url("/e#frag"),
        live.url("/final"),
    ]
    assert result.final_url == live.url("/final")
    assert result.url == live.url("/a")
    assert result.attempts == 6
    assert [hit.path for hit in live.hits] == ["/a", "/b", "/c/x", "/d?q=1", "/e", "/final"]


def test_redirect_loop_is_too_many_redirects(serve, client_for) -> None:
    live = serve(lambda h: h.reply(302, b"", {"Location": "/loop"}))
    error = fetch_error(client_for(live, max_redirects=3), live.url("/loop"))
    assert error.reason == "too_many_redirects"
    assert len(live.hits) == 4  # the first request plus three followed hops


def test_redirect_without_location_is_an_http_error(serve, client_for) -> None:
    live = serve(lambda h: h.reply(302, b""))
    error = fetch_error(client_for(live), live.url())
    assert (error.reason, error.status) == ("http_302", 302)


def test_redirect_to_other_origin_drops_credentials(serve, client_for) -> None:
    target = serve(lambda h: h.reply(200, b"ok"))
    origin = serve(lambda h: h.reply(302, b"", {"Location": target.url("/x")}))
    client = client_for(origin, target)
    headers = {"Authorization": "Bearer secret", "X-Trace": "t1"}
    assert client.get(origin.url(), headers=headers).body == b"ok"
    assert origin.hits[0].headers["authorization"] == "Bearer secret"
    assert "authorization" not in target.hits[0].headers
    assert target.hits[0].headers["x-trace"] == "t1"


def test_redirect_to_a_non_http_scheme_is_bad_scheme(serve, client_for) -> None:
    live = serve(lambda h: h.reply(302, b"", {"Location": "file:///etc/passwd"}))
    error = fetch_error(client_for(live), live.url())
    assert error.reason == "bad_scheme"
    assert error.final_url == "file:///etc/passwd"
    assert len(live.hits) == 1


# --------------------------------------------------------------------------------------------
# Status handling and retries
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [404, 410, 403, 400])
def test_client_errors_fail_at_once(serve, client_for, status: int) -> None:
    live = serve(lambda h: h.reply(status, b"nope"))
    error = fetch_error(client_for(live), live.url("/missing"))
    assert (error.reason, error.status, error.attempts) == (f"http_{status}", status, 1)
    assert error.url == live.url("/missing")
    assert not error.retryable
    assert len(live.hits) == 1


def test_503_then_200_is_retried(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        if len(h.server.live.hits) == 1:
            h.reply(503, b"busy")
        else:
            h.reply(200, b"ok")

    live = serve(handle)
    result = client_for(live).get(live.url())
    assert (result.status, result.body, result.attempts) == (200, b"ok", 2)
    assert len(live.hits) == 2


def test_500_is_retried_then_fails(serve, client_for) -> None:
    live = serve(lambda h: h.reply(500, b"boom"))
    started = time.monotonic()
    error = fetch_error(client_for(live, max_retries=2, backoff_s=0.05), live.url())
    assert (error.reason, error.status, error.attempts) == ("http_500", 500, 3)
    assert error.retryable
    assert len(live.hits) == 3
    assert time.monotonic() - started >= 0.05 + 0.1  # exponential backoff between attempts


def test_429_with_short_retry_after_waits_then_succeeds(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        if len(h.server.live.hits) == 1:
            h.reply(429, b"slow down", {"Retry-After": "1"})
        else:
            h.reply(200, b"ok")

    live = serve(handle)
    result = client_for(live).get(live.url())
    assert (result.status, result.attempts) == (200, 2)
    assert live.hits[1].started - live.hits[0].started >= 0.95


@pytest.mark.parametrize("status", [429, 503])
def test_long_retry_after_is_deferred(serve, client_for, status: int) -> None:
    live = serve(lambda h: h.reply(status, b"", {"Retry-After": "3600"}))
    started = time.monotonic()
    error = fetch_error(client_for(live, max_retry_after_s=30), live.url())
    assert (error.reason, error.retry_after_s, error.status) == ("deferred", 3600.0, status)
    assert error.retryable
    assert len(live.hits) == 1
    assert time.monotonic() - started < 1


def test_retry_after_http_date_is_deferred(serve, client_for) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    stamp = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    live = serve(lambda h: h.reply(503, b"", {"Retry-After": stamp}))
    error = fetch_error(client_for(live), live.url())
    assert error.reason == "deferred"
    assert error.retry_after_s is not None and 7000 < error.retry_after_s <= 7200


def test_429_without_retry_after_backs_off_then_fails(serve, client_for) -> None:
    live = serve(lambda h: h.reply(429, b""))
    error = fetch_error(client_for(live, max_retries=1), live.url())
    assert (error.reason, error.attempts, error.retry_after_s) == ("http_429", 2, None)
    assert len(live.hits) == 2


def test_connection_refused_is_retried_connection_error(client_for) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on this port any more
    client = client_for(allow_addresses=(f"127.0.0.1:{port}",))
    error = fetch_error(client, f"http://127.0.0.1:{port}/")
    assert (error.reason, error.attempts) == ("connection_error", 3)


# --------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------


def _drip(h: RequestHandler, data: bytes, interval: float) -> None:
    for byte in data:
        if h.server.live.stop.wait(interval):
            return
        h.wfile.write(bytes([byte]))
        h.wfile.flush()


@pytest.mark.parametrize("framing", ["content-length", "close-delimited"])
def test_slow_drip_body_times_out_at_the_deadline(serve, client_for, framing: str) -> None:
    def handle(h: RequestHandler) -> None:
        h.send_response(200)
        if framing == "content-length":
            h.send_header("Content-Length", "1000")
        h.end_headers()
        h.wfile.flush()
        _drip(h, b"x" * 1000, 0.2)  # each byte arrives well inside any per-read timeout

    live = serve(handle)
    client = client_for(live, timeout_s=1.0, max_retries=0)
    started = time.monotonic()
    error = fetch_error(client, live.url())
    elapsed = time.monotonic() - started
    # Close-delimited matters most: the deadline's socket shutdown looks like a clean end of
    # body there, and a truncated body must still not come back as a result.
    assert error.reason == "timeout"
    assert error.retryable
    assert 0.9 <= elapsed < 1.5


def test_slow_drip_headers_time_out_at_the_deadline(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        _drip(h, b"HTTP/1.0 200 OK\r\nX-Padding: " + b"y" * 100, 0.2)

    live = serve(handle)
    client = client_for(live, timeout_s=1.0, max_retries=0)
    started = time.monotonic()
    error = fetch_error(client, live.url())
    assert error.reason == "timeout"
    assert time.monotonic() - started < 1.5


def test_timeouts_are_retried(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        if len(h.server.live.hits) == 1:
            h.server.live.stop.wait(2)  # first attempt: never answer
        else:
            h.reply(200, b"ok")

    live = serve(handle)
    result = client_for(live, timeout_s=0.5, max_retries=1).get(live.url())
    assert (result.body, result.attempts) == (b"ok", 2)


def test_keep_alive_connection_survives_a_past_deadline(serve, client_for) -> None:
    live = serve(lambda h: h.reply(200, b"ok"), protocol="HTTP/1.1")
    client = client_for(live, timeout_s=0.3)
    assert client.get(live.url("/1")).body == b"ok"
    time.sleep(0.5)  # the first attempt's deadline passes while its socket sits in the pool
    assert client.get(live.url("/2")).body == b"ok"
    assert live.connections == 1  # the pooled connection was reused, not shut down


# --------------------------------------------------------------------------------------------
# Size limits
# --------------------------------------------------------------------------------------------


def test_declared_huge_content_length_is_refused_without_reading(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(10**12))
        h.end_headers()
        with contextlib.suppress(OSError):  # the client hangs up after the headers
            for _ in range(200):
                h.wfile.write(b"z" * 65536)

    live = serve(handle)
    started = time.monotonic()
    error = fetch_error(client_for(live, max_bytes=MiB), live.url())
    assert error.reason == "too_large"
    assert time.monotonic() - started < 1
    assert len(live.hits) == 1  # not retried


def test_endless_chunked_body_stops_at_the_cap(serve, client_for) -> None:
    def handle(h: RequestHandler) -> None:
        h.send_response(200)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"a" * 65536
        try:
            for _ in range(10_000):  # bounded: ~650 MB if nobody stops reading
                if h.server.live.stop.is_set():
                    return
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass

    live = serve(handle, protocol="HTTP/1.1")
    started = time.monotonic()
    error = fetch_error(client_for(live, max_bytes=512 * 1024), live.url())
    assert error.reason == "too_large"
    assert time.monotonic() - started < 2
    assert len(live.hits) == 1


def test_body_of_exactly_max_bytes_is_accepted(serve, client_for) -> None:
    live = serve(lambda h: h.reply(200, b"b" * 1000))
    assert len(client_for(live, max_bytes=1000).get(live.url()).body) == 1000
    assert fetch_error(client_for(live, max_bytes=999), live.url()).reason == "too_large"


@functools.cache
def gzip_bomb() -> bytes:
    """256 MiB of zeros, gzipped to about 250 KiB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
    block = bytes(MiB)
    return b"".join([compressor.compress(block) for _ in range(256)] + [compressor.flush()])


def test_gzip_bomb_stops_at_the_cap_quickly_with_bounded_memory(serve, client_for) -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 2 * MiB

    def handle(h: RequestHandler) -> None:
        with contextlib.suppress(OSError):  # the client hangs up once it hits the cap
            h.reply(200, bomb, {"Content-Encoding": "gzip", "Content-Type": "text/html"})

    live = serve(handle)
    client = client_for(live, max_bytes=MiB)
    tracemalloc.start()
    try:
        started = time.monotonic()
        error = fetch_error(client, live.url())
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.reason == "too_large"
    assert elapsed < 2
    assert peak < 24 * MiB  # the decoded size would be 256 MiB
    assert len(live.hits) == 1


# --------------------------------------------------------------------------------------------
# Broken transfers
# --------------------------------------------------------------------------------------------


def _reset(h: RequestHandler) -> None:
    """Aborts the connection with a TCP RST instead of an orderly close."""
    h.wfile.flush()
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.rfile.close()
    h.connection.close()


def test_connection_reset_mid_body_is_retried(serve, client_for) -> None:
    body = bytes(range(256)) * 4

    def handle(h: RequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if len(h.server.live.hits) == 1:
            h.wfile.write(body[:400])
            _reset(h)
        else:
            h.wfile.write(body)

    live = serve(handle)
    result = client_for(live).get(live.url())
    assert (result.body, result.attempts) == (body, 2)


@pytest.mark.parametrize("how", ["reset", "short-content-length", "unterminated-chunked"])
def test_truncated_body_is_never_returned(serve, client_for, how: str) -> None:
    def handle(h: RequestHandler) -> None:
        h.send_response(200)
        if how == "unterminated-chunked":
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            h.wfile.write(b"5\r\nhello\r\n")  # no final 0-size chunk
            h.close_connection = True
            return
        h.send_header("Content-Length", "1000")
        h.end_headers()
        h.wfile.write(b"p" * 400)
        if how == "reset":
            _reset(h)

    live = serve(handle, protocol="HTTP/1.1" if how == "unterminated-chunked" else "HTTP/1.0")
    error = fetch_error(client_for(live, max_retries=2), live.url())
    assert (error.reason, error.attempts) == ("connection_error", 3)
    assert len(live.hits) == 3


# --------------------------------------------------------------------------------------------
# Address guard at connect time
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "127.1", "2130706433", "[::ffff:127.0.0.1]"],
)
def test_redirect_to_another_loopback_port_is_blocked_before_connecting(
    serve, client_for, raw_listener: CountingListener, host: str
) -> None:
    inner = f"http://{host}:{raw_listener.port}/admin"
    live = serve(lambda h: h.reply(302, b"", {"Location": inner}))
    client = client_for(live)  # allowed: only the first server's own address and port
    error = fetch_error(client, live.url())
    assert error.reason == "blocked_address"
    assert error.final_url == inner
    assert not error.retryable
    assert len(live.hits) == 1
    time.sleep(0.1)  # would-be connections get time to show up at the listener
    assert raw_listener.accepted == 0


def test_raw_listener_counts_connections(raw_listener: CountingListener) -> None:
    # Guards the meaning of "accepted == 0" in the tests below.
    with socket.create_connection(("127.0.0.1", raw_listener.port), timeout=1):
        pass
    deadline = time.monotonic() + 1
    while raw_listener.accepted == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert raw_listener.accepted == 1


def test_https_to_a_blocked_address_makes_no_connection(client_for, raw_listener) -> None:
    error = fetch_error(client_for(), f"https://localhost:{raw_listener.port}/")
    assert error.reason == "blocked_address"
    time.sleep(0.1)
    assert raw_listener.accepted == 0


def test_loopback_is_refused_without_allow_entries(client_for, raw_listener) -> None:
    client = client_for(allow_addresses=())
    for url in (
        f"http://127.0.0.1:{raw_listener.port}/",
        f"http://localhost:{raw_listener.port}/",
    ):
        error = fetch_error(client, url)
        assert error.reason == "blocked_address"
        assert "loopback" in str(error)
        assert error.attempts == 1  # never retried
    time.sleep(0.1)
    assert raw_listener.accepted == 0


def test_allow_entry_for_another_port_does_not_open_this_one(client_for, raw_listener) -> None:
    client = client_for(allow_addresses=(f"127.0.0.1:{raw_listener.port + 1}",))
    assert fetch_error(client, f"http://127.0.0.1:{raw_listener.port}/").reason == (
        "blocked_address"
    )
    assert raw_listener.accepted == 0


def test_allow_entry_without_port_allows_the_range(serve, client_for) -> None:
    live = serve(lambda h: h.reply(200, b"ok"))
    client = client_for(allow_addresses=("127.0.0.0/8",))
    assert client.get(live.url()).body == b"ok"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://127.0.0.1/pub",
        "gopher://127.0.0.1:70/",
        "data:text/html,hi",
    ],
)
def test_non_http_schemes_are_refused(client_for, url: str) -> None:
    error = fetch_error(client_for(allow_addresses=("127.0.0.0/8",)), url)
    assert (error.reason, error.attempts) == ("bad_scheme", 0)


@pytest.mark.parametrize(
    "url", ["", "not a url", "//127.0.0.1/x", "http://", "http://[::1", "http://h:99999/"]
)
def test_malformed_urls_are_bad_url(client_for, url: str) -> None:
    error = fetch_error(client_for(), url)
    assert (error.reason, error.attempts) == ("bad_url", 0)


# --------------------------------------------------------------------------------------------
# Politeness
# --------------------------------------------------------------------------------------------


def _slow_ok(h: RequestHandler) -> None:
    time.sleep(0.1)
    h.reply(200, b"ok")


def test_per_host_delay_and_concurrency_do_not_slow_other_hosts(serve, client_for) -> None:
    busy = serve(_slow_ok)
    other = serve(lambda h: h.reply(200, b"ok"))
    client = client_for(busy, other, per_host_delay_s=0.3, per_host_concurrency=1)

    def timed(url: str) -> float:
        started = time.monotonic()
        client.get(url)
        return time.monotonic() - started

    with ThreadPoolExecutor(max_workers=6) as pool:
        busy_futures = [pool.submit(timed, busy.url(f"/{i}")) for i in range(4)]
        time.sleep(0.05)  # let the busy host's queue form first
        other_duration = pool.submit(timed, other.url()).result()
        busy_durations = [future.result() for future in busy_futures]

    starts = sorted(hit.started for hit in busy.hits)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert len(starts) == 4
    assert min(gaps) >= 0.27, gaps
    assert busy.max_in_flight == 1
    assert max(busy_durations) >= 0.9  # the last one queued behind three gaps
    assert other_duration < 0.5  # the other host did not queue behind the busy one


@pytest.mark.parametrize("limit", [1, 2])
def test_per_host_concurrency_limit(serve, client_for, limit: int) -> None:
    def held_until_limit(h: RequestHandler) -> None:
        # Each request waits (up to 3 s) until `limit` requests are in flight, so the limit is
        # reached however slowly a loaded machine starts the client's threads; a client that
        # let more through would show more.
        deadline = time.monotonic() + 3
        while h.server.live.in_flight < limit and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)
        h.reply(200, b"ok")

    live = serve(held_until_limit)
    client = client_for(live, per_host_concurrency=limit)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda i: client.get(live.url(f"/{i}")), range(6)))
    assert all(result.body == b"ok" for result in results)
    assert live.max_in_flight == limit


def test_many_threads_share_one_client(serve, client_for) -> None:
    first = serve(lambda h: h.reply(200, h.path.encode()), protocol="HTTP/1.1")
    second = serve(lambda h: h.reply(200, h.path.encode()))
    client = client_for(first, second, per_host_concurrency=3)
    urls = [(first if i % 2 else second).url(f"/{i}") for i in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        bodies = list(pool.map(lambda url: client.get(url).body, urls))
    assert bodies == [f"/{i}".encode() for i in range(40)]


# --------------------------------------------------------------------------------------------
# TLS (a throwaway CA generated for the test; verification stays on)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Writes a test CA and a server certificate for ``localhost`` (no IP address SAN)."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)

    def name(common_name: str) -> object:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(name("wirestream test CA"))
        .issuer_name(name("wirestream test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    ca_path = folder / "ca.pem"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return (ca_path, *write_pem(folder, cert, key))


@pytest.fixture
def tls_server(serve, tls_material) -> LiveServer:
    _, cert_path, key_path = tls_material
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return serve(lambda h: h.reply(200, b"secure"), tls=context)


def test_https_with_trusted_ca_verifies_the_host_name(tls_server, tls_material, client_for):
    client = client_for(tls_server, ca_certs=str(tls_material[0]))
    # The guard resolves "localhost" itself; SNI and certificate checks still use the name.
    result = client.get(tls_server.url("/", host="localhost"))
    assert (result.status, result.body) == (200, b"secure")


def test_https_untrusted_certificate_is_tls_error_without_retry(tls_server, client_for):
    error = fetch_error(client_for(tls_server), tls_server.url("/", host="localhost"))
    assert (error.reason, error.attempts) == ("tls_error", 1)
    assert tls_server.connections == 1
    assert tls_server.hits == []


def test_https_host_name_mismatch_is_tls_error(tls_server, tls_material, client_for):
    client = client_for(tls_server, ca_certs=str(tls_material[0]))
    error = fetch_error(client, tls_server.url("/", host="127.0.0.1"))  # cert is for localhost
    assert error.reason == "tls_error"
    assert tls_server.hits == []


# --------------------------------------------------------------------------------------------
# Small pieces of the public API
# --------------------------------------------------------------------------------------------


def test_reasons_are_listed() -> None:
    assert set(REASONS) >= {
        "bad_url",
        "bad_scheme",
        "blocked_address",
        "connection_error",
        "timeout",
        "tls_error",
        "too_large",
        "too_many_redirects",
        "deferred",
    }


def test_fetch_error_survives_pickling() -> None:
    error = FetchError(
        "deferred", "wait", url="http://a/", status=429, attempts=2, retry_after_s=60.0
    )
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.reason, clone.url, clone.status, clone.attempts, clone.retry_after_s) == (
        "deferred",
        "http://a/",
        429,
        2,
        60.0,
    )
    assert str(clone) == "wait"
    assert clone.final_url == "http://a/"


def test_fetch_error_message_defaults() -> None:
    assert str(FetchError("too_large", "file.xml is larger than 10 bytes")) == (
        "file.xml is larger than 10 bytes"
    )
    assert str(FetchError("timeout", url="http://a/")) == "timeout: http://a/"
    assert FetchError("timeout").retryable
    assert FetchError("http_503", status=503).retryable
    assert not FetchError("http_404", status=404).retryable


def test_parse_retry_after() -> None:
    now = dt.datetime(2024, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"timeout_s": 0},
        {"max_bytes": -1},
        {"max_retries": -1},
        {"per_host_concurrency": 0},
        {"user_agent": "a\r\nX-Injected: 1"},
        {"allow_addresses": ("localhost",)},
    ],
)
def test_invalid_settings_are_rejected(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        HttpSettings(**overrides)  # type: ignore[arg-type]


def test_settings_accept_a_list_of_allow_entries() -> None:
    settings = HttpSettings(allow_addresses=["127.0.0.1:80"])  # type: ignore[arg-type]
    assert settings.allow_addresses == ("127.0.0.1:80",)


def test_closed_client_refuses_work(client_for) -> None:
    client = client_for()
    client.close()
    client.close()  # idempotent
    with pytest.raises(RuntimeError):
        client.get("http://127.0.0.1:1/")
