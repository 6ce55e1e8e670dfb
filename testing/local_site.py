"""A loopback HTTP site for tests: a dict of canned replies served on 127.0.0.1.

``site.pages["/path"] = Reply(...)``; ``site.url("/path")``; the site records every request.
Used by the tests (``from testing.local_site import LocalSite, Reply``); not runnable by itself.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from pipelines.demo.local_server import LocalServer, QuietHandler


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(QuietHandler):
    server: _SiteServer

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        conditional = {
            name: self.headers[name]
            for name in ("If-None-Match", "If-Modified-Since")
            if self.headers.get(name)
        }
        with site._lock:
            site.requests.append(self.path)
            site.arrivals.append((path, time.monotonic()))
            if path.endswith(".xml"):
                site.conditional_headers.append(conditional)
        tag = site.not_modified_if_none_match
        if tag and conditional.get("If-None-Match") == tag:
            self.send_response(304)
            self.end_headers()
            return
        reply = site.pages.get(path, Reply(404, b"<html><body>not found</body></html>"))
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)


class _SiteServer(LocalServer):
    def __init__(self, site: LocalSite) -> None:
        super().__init__(_Handler, name="local-site")
        self.site = site


class LocalSite:
    """A loopback HTTP server: ``site.pages['/path'] = Reply(...)``; ``site.url('/path')``."""

    def __init__(self) -> None:
        self.pages: dict[str, Reply] = {}
        self.requests: list[str] = []
        self.arrivals: list[tuple[str, float]] = []  # (path, monotonic arrival time)
        # Conditional request headers of each feed request (paths ending in .xml), in order.
        self.conditional_headers: list[dict[str, str]] = []
        # When set, a request with this If-None-Match gets 304 Not Modified.
        self.not_modified_if_none_match: str | None = None
        self._lock = threading.Lock()
        self._server = _SiteServer(self)
        self.port = self._server.port
        self.base = self._server.base

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LocalSite:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.close()

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.split("?", 1)[0] == path)
