"""Test helpers: a real HTTP server on 127.0.0.1 serving a dict of pages, and fixture HTML."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


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
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
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

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.split("?", 1)[0] == path)


_WORD_LIST = """
the council harbour ferry bridge valley assembly budget river road school hospital market
farmers weather storm minister mayor village town station museum library port said on Monday
after before during while because although would could should will has have had been was
were is are a an of in on at for with from by to and but or not new old public local regional
northern southern late early long short main final vote plan project report repairs opening
closure delay contract workers residents engineers officials police judges students teachers
nurses drivers traders visitors
"""
_STORY_WORDS = tuple(_WORD_LIST.split())


def story_text(topic: str, paragraphs: int = 5) -> list[str]:
    """Paragraphs of English words that depend on ``topic``: different topics give different
    texts (not near-duplicates of each other), the same topic the same text."""
    out = []
    for i in range(paragraphs):
        rng = random.Random(f"{topic}/{i}")
        words = " ".join(rng.choice(_STORY_WORDS) for _ in range(28))
        out.append(f"{topic}, part {i}: {words}.")
    return out


def article_html(title: str, topic: str, lang: str = "en", paragraphs: int = 5) -> bytes:
    """A fictional article page with navigation and footer boilerplate around the story."""
    body = "".join(f"<p>{p}</p>" for p in story_text(topic, paragraphs))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta property="article:published_time" content="2026-11-26T10:00:00+01:00"></head>'
        "<body><nav><a href='/'>Home</a> · <a href='/world'>World</a></nav>"
        f"<div id='cookie'>We use cookies.</div><article><h1>{title}</h1>{body}</article>"
        "<aside>Related: other stories</aside><footer>© Vell Valley Post</footer></body></html>"
    ).encode()


def rss(items: list[dict[str, str]], language: str | None = None) -> bytes:
    """An RSS 2.0 document of the given items (title, link, guid, pubDate)."""
    parts = []
    for item in items:
        fields = "".join(f"<{k}>{v}</{k}>" for k, v in item.items())
        parts.append(f"<item>{fields}</item>")
    lang = f"<language>{language}</language>" if language else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
        f"{lang}{''.join(parts)}</channel></rss>"
    ).encode()
