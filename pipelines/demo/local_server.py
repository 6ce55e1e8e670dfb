"""The one local HTTP server every wirestream server builds on: 127.0.0.1, an ephemeral port.

``LocalServer`` is a ``ThreadingHTTPServer`` that binds ``127.0.0.1`` on a free port, serves
from a daemon thread of its own, stops cleanly and knows its URLs. The demo newsroom
(``pipelines.demo.server``) uses it, so it ships with the package; the test and benchmark
servers (``testing/``, ``tests/``, ``benchmarks/``) subclass it too::

    class Handler(QuietHandler):
        def do_GET(self) -> None: ...

    with LocalServer(Handler) as server:
        server.url("/feed.xml")   # http://127.0.0.1:PORT/feed.xml

Not runnable by itself; ``python -m pipelines.demo.server`` serves the demo newsroom on it.
"""

from __future__ import annotations

import http.server
import threading
from types import TracebackType
from typing import Any, Self

HOST = "127.0.0.1"
"""The only address a local server ever binds to."""


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A request handler that writes no log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        # Tests, benchmarks and the CLI must not get one stderr line per request.
        return


class StartStopContext:
    """Mixin for things that serve: ``with thing:`` runs ``thing.start()``, then ``close()``."""

    def start(self) -> Self:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class LocalServer(StartStopContext, http.server.ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 (port 0) that serves from its own daemon thread.

    Bound on construction (so ``port`` and the URLs are known before it serves); ``start()``
    (or ``__enter__``) starts serving, ``close()`` (or ``__exit__``) stops and releases the
    port, and is safe to call more than once or without a ``start()``.

    Args:
        handler: The request handler class.
        name: Name of the serving thread.
    """

    daemon_threads = True
    # Fail instead of silently sharing a port with a stale process.
    allow_reuse_address = False
    poll_interval = 0.05
    """Seconds between the serving loop's shutdown checks."""

    def __init__(
        self, handler: type[http.server.BaseHTTPRequestHandler], *, name: str = "local-server"
    ) -> None:
        super().__init__((HOST, 0), handler)
        self.name = name
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> Self:
        """Starts serving in a daemon thread.

        Returns:
            Self, for chaining.

        Raises:
            RuntimeError: If it is already serving.
        """
        if self._thread is not None:
            raise RuntimeError(f"{self.name} is already serving")
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": self.poll_interval},
            name=self.name,
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stops serving and releases the port; idempotent."""
        thread, self._thread = self._thread, None
        # shutdown() blocks until serve_forever() returns, so only call it when serving.
        if thread is not None:
            self.shutdown()
        self.server_close()
        if thread is not None:
            thread.join(timeout=5)

    # --- addresses -------------------------------------------------------------------------
    @property
    def serving(self) -> bool:
        """Whether the serving thread runs."""
        return self._thread is not None

    @property
    def port(self) -> int:
        """The ephemeral port it is bound to."""
        return self.server_address[1]

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{HOST}:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute http URL of a path on this server."""
        return self.base + path
