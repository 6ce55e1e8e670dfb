"""Serves the demo newsroom over HTTP on 127.0.0.1, one port per outlet.

Each outlet gets its own ``LocalServer`` bound to ``127.0.0.1`` on a free port, so every
outlet is a separate host:port (politeness and robots rules are per host). Pages come from
``pipelines.demo.site.build_site`` rendered with the real base URLs.

Run ``python -m pipelines.demo.server`` to serve until Ctrl-C; it prints the feed URLs.
In code and tests::

    with DemoNewsroom() as newsroom:
        for url in newsroom.feed_urls:
            ...
"""

from __future__ import annotations

import sys
import threading

from pipelines.demo.content import FEEDS
from pipelines.demo.local_server import HOST, LocalServer, QuietHandler, StartStopContext
from pipelines.demo.site import OUTLETS, Page, build_site, not_found_page


class _Handler(QuietHandler):
    """Serves one outlet's pages; the outlet is attached to the server object."""

    server: _OutletServer
    protocol_version = "HTTP/1.1"
    server_version = "WirestreamDemo/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        # Lookup ignores the query string: tracking parameters must not change the page.
        path = self.path.split("#", 1)[0].split("?", 1)[0] or "/"
        newsroom = self.server.newsroom
        outlet = self.server.outlet_id
        newsroom._record(outlet, path)
        page = newsroom.page(outlet, path)
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        for name, value in page.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(page.body)


class _OutletServer(LocalServer):
    def __init__(self, newsroom: DemoNewsroom, outlet_id: str):
        super().__init__(_Handler, name=f"demo-newsroom-{outlet_id}")
        self.newsroom = newsroom
        self.outlet_id = outlet_id


class DemoNewsroom(StartStopContext):
    """The demo newsroom served on 127.0.0.1, one HTTP server per outlet.

    Use as a context manager; servers start in ``__enter__`` (or ``start()``) and stop in
    ``__exit__`` (or ``close()``). All properties are valid only while running.

    Attributes:
        requests: Property; ``(outlet id, path)`` of every request served so far, in arrival
            order (path without query string).
    """

    def __init__(self) -> None:
        self._servers: dict[str, _OutletServer] = {}
        self._site: dict[str, dict[str, Page]] = {}
        self._not_found: dict[str, Page] = {}
        self._bases: dict[str, str] = {}
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str]] = []

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> DemoNewsroom:
        """Binds one server per outlet, renders the site for the real ports and serves it.

        Returns:
            Self, for chaining.

        Raises:
            RuntimeError: If the newsroom is already running.
        """
        if self._servers:
            raise RuntimeError("DemoNewsroom is already running")
        try:
            # Bind every port first: the pages need all base URLs before they can be rendered.
            for outlet in OUTLETS:
                server = _OutletServer(self, outlet)
                self._servers[outlet] = server
                self._bases[outlet] = server.base
            self._site = build_site(self._bases)
            self._not_found = {o: not_found_page(o, b) for o, b in self._bases.items()}
            for server in self._servers.values():
                server.start()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Stops all servers and releases their ports; safe to call more than once."""
        servers, self._servers = self._servers, {}
        for server in servers.values():
            server.close()

    # --- serving ---------------------------------------------------------------------------
    def page(self, outlet_id: str, path: str) -> Page:
        """The page served for a path (the outlet's 404 page if unknown).

        Args:
            outlet_id: Outlet id.
            path: Request path without query string.

        Returns:
            The page.
        """
        return self._site[outlet_id].get(path) or self._not_found[outlet_id]

    def _record(self, outlet_id: str, path: str) -> None:
        with self._lock:
            self._requests.append((outlet_id, path))

    # --- introspection ---------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether the servers are up."""
        return bool(self._servers)

    @property
    def bases(self) -> dict[str, str]:
        """Outlet id -> base URL, e.g. ``http://127.0.0.1:41234``."""
        return dict(self._bases)

    @property
    def feed_urls(self) -> list[str]:
        """Absolute URLs of every feed (one or more per outlet), in a stable order."""
        return [self._bases[f.outlet] + f.path for f in FEEDS]

    @property
    def allow_addresses(self) -> list[str]:
        """IP addresses the pipeline must be allowed to fetch from (loopback only)."""
        return [HOST]

    @property
    def netlocs(self) -> list[str]:
        """The exact ``host:port`` of every outlet, in ``OUTLETS`` order."""
        return [self._bases[o].removeprefix("http://") for o in OUTLETS if o in self._bases]

    @property
    def site(self) -> dict[str, dict[str, Page]]:
        """The rendered site being served (outlet id -> path -> page)."""
        return self._site

    @property
    def requests(self) -> list[tuple[str, str]]:
        """Snapshot of ``(outlet id, path)`` for every request served so far."""
        with self._lock:
            return list(self._requests)

    def reset_requests(self) -> None:
        """Forgets the request log (e.g. between two pipeline runs in one test)."""
        with self._lock:
            self._requests.clear()


def main() -> None:
    """Serves the demo newsroom until Ctrl-C and prints its feed URLs."""
    with DemoNewsroom() as newsroom:
        print("Demo newsroom running on 127.0.0.1 (Ctrl-C to stop)")
        for outlet, base in newsroom.bases.items():
            print(f"  {outlet:10} {base}/")
        print("Feeds:")
        for url in newsroom.feed_urls:
            print(f"  {url}")
        # Flush now: when stdout is a pipe the URLs would otherwise only appear at exit.
        sys.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("Stopping.")


if __name__ == "__main__":
    main()
