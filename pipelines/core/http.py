"""The one HTTP client of the ingestion pipeline.

Feed parsers and article extractors never fetch anything themselves: every byte the pipeline
downloads goes through :class:`HttpClient`, so that one place enforces the rules that matter
when fetching URLs chosen by strangers:

* **SSRF guard at connect time.** The client resolves host names itself and checks every
  resolved address with :class:`~pipelines.core.addresses.AddressGuard` right before opening
  the socket, on the first request and on every redirect hop. Checking the URL text instead
  would miss DNS names that point inside, numeric host spellings and DNS rebinding.
* **Bounded cost.** A total deadline per attempt (connect + headers + body) that a server
  dripping one byte at a time cannot stretch, a cap on the *decoded* body size that defuses
  compression bombs, and a cap on redirects.
* **Politeness.** Per ``host:port`` concurrency limit and minimum gap between request starts,
  shared by every thread using the client, plus ``Retry-After`` support.
* **Predictable failures.** Every failure is a :class:`FetchError` with a short ``reason``
  code (see :data:`REASONS`) that the pipeline can count and route on.

The client is built on urllib3; its own retry and redirect machinery is switched off because
both need the checks above on every hop and attempt.
"""

from __future__ import annotations

import email.utils
import heapq
import http.client
import itertools
import logging
import re
import socket
import ssl
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from urllib3 import HTTPHeaderDict, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    HTTPError,
    LocationValueError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.response import BaseHTTPResponse, HTTPResponse
from urllib3.util import Timeout, parse_url
from urllib3.util.connection import allowed_gai_family
from urllib3.util.ssl_match_hostname import CertificateError

from pipelines.core.addresses import AddressGuard

try:  # certifi gives the same CA bundle on every worker image; fall back to the system store.
    import certifi
except ImportError:  # pragma: no cover - depends on the environment
    certifi = None

__all__ = [
    "ACCEPT_ENCODING",
    "HTTP_REASON_PREFIX",
    "REASONS",
    "RETRYABLE_REASONS",
    "FetchError",
    "FetchResult",
    "HttpClient",
    "HttpSettings",
    "parse_retry_after",
]

logger = logging.getLogger(__name__)

#: Every fixed reason code a :class:`FetchError` can carry. HTTP status failures use the
#: open-ended form ``http_<status>`` (e.g. ``http_404``, ``http_503``) in addition to these.
REASONS: tuple[str, ...] = (
    "bad_url",  # the URL (or a redirect Location) cannot be parsed or has no host
    "bad_scheme",  # not http/https (file:, ftp:, javascript:, ...)
    "blocked_address",  # every address of the host is refused by the address guard
    "dns_error",  # the host name does not resolve
    "connection_error",  # refused, reset, closed early, truncated body, broken framing
    "timeout",  # connect timeout or total deadline of an attempt exceeded
    "tls_error",  # certificate or handshake failure; never retried
    "too_large",  # body larger than HttpSettings.max_bytes (declared or decoded)
    "too_many_redirects",  # more than HttpSettings.max_redirects hops
    "deferred",  # the server asked for a Retry-After longer than we are willing to wait
    "decode_error",  # corrupt compressed content, or a Content-Encoding we cannot decode
)
#: Prefix of the reason codes for HTTP error statuses.
HTTP_REASON_PREFIX = "http_"
#: Reasons retried inside one :meth:`HttpClient.get` call (HTTP 429 and 5xx are retried too).
_RETRIED_WITHIN_CALL = frozenset({"timeout", "connection_error"})
#: Reasons where trying the same URL again later may well succeed (useful for scheduling).
RETRYABLE_REASONS = frozenset({"timeout", "connection_error", "dns_error", "deferred"})

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_READ_CHUNK = 64 * 1024
# Headers that must not follow a redirect to another origin (credentials of the first one).
_ORIGIN_BOUND_HEADERS = ("authorization", "cookie", "proxy-authorization")


def _brotli_is_bounded() -> bool:
    """Tells whether the installed brotli module can cap its output per call.

    urllib3 only limits decompressed output (our defence against compression bombs) with
    Brotli >= 1.2.0; older versions would inflate a whole network chunk at once.
    """
    try:
        import brotlicffi as brotli  # same preference order as urllib3
    except ImportError:
        try:
            import brotli
        except ImportError:
            return False
    return hasattr(brotli.Decompressor(), "can_accept_more_data")


def _decodable_encodings() -> tuple[str, ...]:
    """Content codings we advertise and accept: those urllib3 can decode with bounded output."""
    encodings = ["gzip", "deflate"]
    decoders = set(HTTPResponse.CONTENT_DECODERS)
    if "br" in decoders and _brotli_is_bounded():
        encodings.append("br")
    if "zstd" in decoders:
        encodings.append("zstd")
    return tuple(encodings)


_ENCODINGS = _decodable_encodings()
#: The ``Accept-Encoding`` header value the client sends.
ACCEPT_ENCODING = ",".join(_ENCODINGS)
# What a response may use; anything else (a coding the server chose on its own) is refused
# rather than handed on still compressed or inflated without limits.
_ACCEPTED_CODINGS = frozenset({*_ENCODINGS, "x-gzip", "identity"})


@dataclass(frozen=True)
class HttpSettings:
    """Configuration of :class:`HttpClient`.

    Attributes:
        user_agent: Sent as ``User-Agent`` on every request.
        connect_timeout_s: Limit for establishing a TCP connection (per attempt).
        timeout_s: Total deadline of one attempt: connect, headers and body together.
        max_bytes: Cap on the body after decompression; larger bodies fail as ``too_large``.
        max_retries: Extra attempts after the first for 5xx, 429, timeouts and connection
            errors.
        backoff_s: Base of the exponential backoff: ``backoff_s * 2**retry_index``.
        max_retry_after_s: A ``Retry-After`` longer than this is not waited for; the fetch
            fails as ``deferred`` with :attr:`FetchError.retry_after_s` set.
        max_redirects: Redirect hops followed before failing as ``too_many_redirects``.
        per_host_concurrency: Requests in flight at once per ``host:port``.
        per_host_delay_s: Minimum gap between the starts of two requests to one ``host:port``.
        allow_addresses: Address guard allow entries (``"127.0.0.1:8080"``, ``"10.0.0.0/8"``,
            ``"[::1]:8080"``); everything non-public is blocked otherwise.
        ca_certs: Path of a CA bundle to trust instead of the default (certifi, else the
            system store), e.g. for an internal CA. Verification is never disabled.
    """

    user_agent: str = "wirestream/0.1 (news ingestion; +https://example.invalid/wirestream)"
    connect_timeout_s: float = 5.0
    timeout_s: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_retries: int = 2
    backoff_s: float = 0.5
    max_retry_after_s: float = 30.0
    max_redirects: int = 5
    per_host_concurrency: int = 1
    per_host_delay_s: float = 1.0
    allow_addresses: tuple[str, ...] = ()
    ca_certs: str | None = None

    def __post_init__(self) -> None:
        """Validates the settings so that configuration mistakes surface at start-up.

        Raises:
            ValueError: If a value is out of range or an allow entry is invalid.
        """
        allow = self.allow_addresses
        if isinstance(allow, str):
            allow = (allow,)
        # Frozen dataclass: normalise lists from config files to a tuple (hashable, immutable).
        object.__setattr__(self, "allow_addresses", tuple(allow))
        if not self.user_agent or any(c in self.user_agent for c in "\r\n"):
            raise ValueError("user_agent must be a non-empty single line")
        positive = {
            "connect_timeout_s": self.connect_timeout_s,
            "timeout_s": self.timeout_s,
            "max_bytes": self.max_bytes,
            "per_host_concurrency": self.per_host_concurrency,
        }
        for name, value in positive.items():
            if not value > 0:
                raise ValueError(f"{name} must be > 0, got {value!r}")
        non_negative = {
            "max_retries": self.max_retries,
            "backoff_s": self.backoff_s,
            "max_retry_after_s": self.max_retry_after_s,
            "max_redirects": self.max_redirects,
            "per_host_delay_s": self.per_host_delay_s,
        }
        for name, value in non_negative.items():
            if not value >= 0:
                raise ValueError(f"{name} must be >= 0, got {value!r}")
        AddressGuard(self.allow_addresses)  # raises ValueError naming a bad entry


@dataclass
class FetchResult:
    """A successful (2xx or 304) response with its complete, decoded body.

    Attributes:
        url: The URL as requested.
        final_url: The URL that produced this response, after redirects.
        status: HTTP status code.
        headers: Response headers with lower-case names; repeated headers are joined by ", ".
        body: The body after content decoding (gzip, deflate, ...). Never truncated.
        attempts: HTTP requests sent for this fetch, counting retries and redirect hops.
        redirects: Target URL of each redirect hop, in order.
        elapsed_s: Wall time of the whole fetch, including politeness waits and retries.
    """

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    attempts: int = 1
    redirects: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def content_type(self) -> str | None:
        """The media type of ``Content-Type`` in lower case (``"text/html"``), if any."""
        media_type, _ = _parse_content_type(self.headers.get("content-type"))
        return media_type

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of ``Content-Type`` in lower case, if any."""
        _, params = _parse_content_type(self.headers.get("content-type"))
        return params.get("charset") or None


class FetchError(Exception):
    """A fetch that produced no usable response.

    Attributes:
        reason: One of :data:`REASONS`, or ``http_<status>`` for an HTTP error status.
        url: The URL as requested.
        final_url: The URL being fetched when the failure happened (after redirects).
        status: The HTTP status for ``http_*`` reasons, ``deferred`` and
            ``too_many_redirects``, else ``None``.
        attempts: Request attempts made, counting retries and redirect hops; an attempt
            refused by the address guard counts although nothing was sent (0 when no attempt
            was made, e.g. for ``bad_scheme`` on the first URL).
        retry_after_s: The server's ``Retry-After`` in seconds, when it sent one.
        message: Human-readable detail; also ``str(error)``.
    """

    def __init__(
        self,
        reason: str,
        message: str = "",
        *,
        url: str = "",
        final_url: str | None = None,
        status: int | None = None,
        attempts: int = 0,
        retry_after_s: float | None = None,
    ) -> None:
        self.reason = reason
        self.url = url
        self.final_url = final_url if final_url is not None else url
        self.status = status
        self.attempts = attempts
        self.retry_after_s = retry_after_s
        self.message = message or (f"{reason}: {url}" if url else reason)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments are not in ``self.args``; without this the error would not
        # survive pickling (Beam ships exceptions between workers).
        return (self.__class__, (self.reason, self.message), dict(self.__dict__))

    @property
    def retryable(self) -> bool:
        """Whether fetching the same URL again later may succeed (5xx, 429, timeouts, ...)."""
        if self.reason in RETRYABLE_REASONS:
            return True
        return self.status is not None and (self.status == 429 or self.status >= 500)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Parses a ``Retry-After`` header value.

    Args:
        value: Either delay seconds (``"120"``) or an HTTP-date.
        now: Current time for HTTP-dates (tests); defaults to the system clock.

    Returns:
        The delay in seconds (0 for dates in the past), or ``None`` if absent or unparsable.
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:  # pragma: no cover - older Pythons returned None for garbage
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def _parse_content_type(value: str | None) -> tuple[str | None, dict[str, str]]:
    """Splits a ``Content-Type`` value into the lower-case media type and its parameters."""
    if not value:
        return None, {}
    media_type, *raw_params = value.split(";")
    params: dict[str, str] = {}
    for raw in raw_params:
        name, sep, param_value = raw.partition("=")
        if sep:
            params[name.strip().lower()] = param_value.strip().strip('"').strip().lower()
    return media_type.strip().lower() or None, params


# --------------------------------------------------------------------------------------------
# Total deadline per attempt
# --------------------------------------------------------------------------------------------


class _DeadlineExceeded(Exception):
    """Raised by :meth:`_Attempt.tighten` when an attempt has no time left."""


def _shutdown_socket(sock: socket.socket) -> None:
    """Shuts a socket down so a read blocked on it in another thread returns at once."""
    # OSError: already closed (or detached), so there is nothing left to interrupt.
    with suppress(OSError):
        # The plain-socket method on purpose: SSLSocket.shutdown also drops the TLS object,
        # which the reading thread may be using at this very moment.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Attempt:
    """The deadline of one request attempt and the socket it is enforced on.

    Socket timeouts alone bound each ``recv`` call, not the whole response: a server sending
    one byte every few seconds would never trip them. So the read loop shrinks the socket
    timeout to the time left before every read, and a watchdog thread shuts the socket down
    when the deadline passes, which also covers the status line and headers (read inside
    urllib3, beyond our loop's reach).
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._expired = False
        self._finished = False

    def remaining(self) -> float:
        """Seconds left before the deadline (negative once it has passed)."""
        return self.deadline - time.monotonic()

    def attach(self, sock: socket.socket) -> None:
        """Registers the socket the response is read from."""
        with self._lock:
            if self._finished:
                return
            self._sock = sock
            if self._expired:
                _shutdown_socket(sock)

    def tighten(self) -> None:
        """Caps the socket timeout at the time left.

        Raises:
            _DeadlineExceeded: If the deadline has passed.
        """
        remaining = self.remaining()
        with self._lock:
            if self._expired or remaining <= 0:
                raise _DeadlineExceeded()
            sock = self._sock
        if sock is not None:
            # OSError: closed underneath us; the read that follows reports the problem.
            with suppress(OSError):
                sock.settimeout(remaining)

    def expire(self) -> None:
        """Called by the watchdog at the deadline: interrupts any blocked read."""
        with self._lock:
            if self._finished:
                return
            self._expired = True
            # Shut down under the lock so that finish() cannot hand the socket back to the
            # pool between our decision and the shutdown (a pooled socket must stay healthy).
            if self._sock is not None:
                _shutdown_socket(self._sock)

    def finish(self) -> bool:
        """Ends the attempt; after this the watchdog leaves the socket alone.

        Returns:
            True if the deadline expired before the attempt finished.
        """
        with self._lock:
            self._finished = True
            self._sock = None
            return self._expired

    @property
    def finished(self) -> bool:
        """Whether :meth:`finish` was called (read without lock: only a hint for cleanup)."""
        return self._finished


class _Watchdog:
    """One background thread per client that expires attempts at their deadlines."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Attempt]] = []
        self._sequence = itertools.count()  # tie-breaker: attempts themselves do not compare
        self._thread: threading.Thread | None = None
        self._closed = False

    def watch(self, attempt: _Attempt) -> None:
        """Schedules ``attempt.expire()`` at ``attempt.deadline``."""
        with self._cond:
            if self._closed:
                raise RuntimeError("HttpClient is closed")
            if self._thread is None or not self._thread.is_alive():
                # Started lazily, and again in a forked child (threads do not survive fork),
                # so deadlines are enforced wherever requests are actually made.
                self._thread = threading.Thread(
                    target=self._run, name="wirestream-http-deadlines", daemon=True
                )
                self._thread.start()
            heapq.heappush(self._heap, (attempt.deadline, next(self._sequence), attempt))
            if self._heap[0][2] is attempt:
                self._cond.notify()  # only an earlier deadline changes the thread's wait

    def close(self) -> None:
        """Stops the thread; pending attempts are no longer expired."""
        with self._cond:
            self._closed = True
            self._heap.clear()
            self._cond.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                while self._heap and (self._heap[0][0] <= now or self._heap[0][2].finished):
                    _, _, attempt = heapq.heappop(self._heap)
                    attempt.expire()  # no-op for finished attempts
                wait = self._heap[0][0] - now if self._heap else None
                self._cond.wait(wait)


# Handed from HttpClient._attempt to the connection objects urllib3 creates on the same
# thread: urllib3 offers no way to pass per-request state down to a connection.
_current = threading.local()


# --------------------------------------------------------------------------------------------
# Guarded connections
# --------------------------------------------------------------------------------------------


class _AddressBlocked(Exception):
    """No resolved address of a host passed the address guard.

    Deliberately not an ``OSError`` (nor a urllib3 error): urllib3's connection pool catches
    those, wraps them and may retry, while this must reach :class:`HttpClient` untouched.
    """


class _GuardedConnectionMixin:
    """Replaces urllib3's socket creation with one that checks the address guard.

    Only the TCP socket creation changes; TLS (SNI, certificate and host name verification)
    is still done by urllib3 against the host name from the URL.
    """

    address_guard: AddressGuard  # set on the per-client subclasses built by _pool_classes

    def _new_conn(self) -> socket.socket:
        host: str = self._dns_host  # type: ignore[attr-defined]  # no IPv6 brackets
        port: int = self.port  # type: ignore[attr-defined]
        try:
            candidates = socket.getaddrinfo(host, port, allowed_gai_family(), socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise NameResolutionError(host, self, exc) from exc  # type: ignore[arg-type]

        allowed = []
        refused = []
        seen = set()
        for family, sock_type, proto, _, sockaddr in candidates:
            ip = sockaddr[0]
            if (family, ip) in seen:
                continue
            seen.add((family, ip))
            verdict = self.address_guard.explain(ip, port)
            if verdict is None:
                allowed.append((family, sock_type, proto, sockaddr))
            else:
                refused.append(f"{ip} ({verdict})")
        if not allowed:
            raise _AddressBlocked(
                f"refusing to connect to {host}:{port}: " + ", ".join(refused or ["no address"])
            )

        timeout = Timeout.resolve_default_timeout(self.timeout)  # type: ignore[attr-defined]
        # One connect budget for all candidates, like a single connect() would have.
        budget_end = None if timeout is None else time.monotonic() + timeout
        last_error: OSError | None = None
        for family, sock_type, proto, sockaddr in allowed:
            remaining = None if budget_end is None else budget_end - time.monotonic()
            if remaining is not None and remaining <= 0:
                break
            sock = None
            try:
                sock = socket.socket(family, sock_type, proto)
                for option in self.socket_options or ():  # type: ignore[attr-defined]
                    sock.setsockopt(*option)
                sock.settimeout(remaining)
                if self.source_address:  # type: ignore[attr-defined]
                    sock.bind(self.source_address)  # type: ignore[attr-defined]
                sock.connect(sockaddr)
            except OSError as exc:
                if sock is not None:
                    sock.close()
                last_error = exc
                continue
            sys.audit("http.client.connect", self, self.host, self.port)  # type: ignore[attr-defined]
            return sock

        if last_error is None or isinstance(last_error, TimeoutError):
            raise ConnectTimeoutError(
                self, f"Connection to {host}:{port} timed out (connect timeout={timeout})"
            )
        raise NewConnectionError(
            self,  # type: ignore[arg-type]
            f"Failed to establish a new connection: {last_error}",
        )

    def getresponse(self) -> Any:
        # The socket is registered before the status line is read, so the watchdog can cut a
        # server that drips its headers. It is captured here because http.client drops
        # ``self.sock`` as soon as a response says "Connection: close".
        attempt: _Attempt | None = getattr(_current, "attempt", None)
        sock = self.sock  # type: ignore[attr-defined]
        if attempt is not None and sock is not None:
            attempt.attach(sock)
        return super().getresponse()  # type: ignore[misc]


class _GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    """Plain HTTP connection with the address guard."""


class _GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    """HTTPS connection with the address guard."""


def _pool_classes(guard: AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
    """Builds connection pool classes whose connections use ``guard``.

    urllib3 instantiates connections itself from ``ConnectionCls``; a class attribute on a
    subclass made for this client is the least intrusive way to get the guard to them.
    """
    http_conn = type("GuardedHTTPConnection", (_GuardedHTTPConnection,), {"address_guard": guard})
    https_conn = type(
        "GuardedHTTPSConnection", (_GuardedHTTPSConnection,), {"address_guard": guard}
    )
    return {
        "http": type(
            "GuardedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}
        ),
        "https": type(
            "GuardedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}
        ),
    }


# --------------------------------------------------------------------------------------------
# Per-host politeness
# --------------------------------------------------------------------------------------------


@dataclass
class _HostState:
    semaphore: threading.Semaphore
    next_start: float = 0.0
    users: int = 0


class _HostGate:
    """Limits concurrency and request rate per ``host:port`` across threads."""

    _PRUNE_ABOVE = 512  # idle hosts kept before a sweep; keeps memory flat on long crawls

    def __init__(self, concurrency: int, delay_s: float) -> None:
        self._concurrency = concurrency
        self._delay_s = delay_s
        self._lock = threading.Lock()
        self._hosts: dict[str, _HostState] = {}
        self._delays: dict[str, float] = {}  # per-host gaps longer than the default

    def _state(self, key: str) -> _HostState:
        # Caller holds self._lock.
        state = self._hosts.get(key)
        if state is None:
            if len(self._hosts) >= self._PRUNE_ABOVE:
                now = time.monotonic()
                for old_key, old in list(self._hosts.items()):
                    if old.users == 0 and old.next_start <= now:
                        del self._hosts[old_key]
            state = _HostState(semaphore=threading.Semaphore(self._concurrency))
            self._hosts[key] = state
        return state

    @contextmanager
    def slot(self, key: str) -> Iterator[None]:
        """Holds one of the host's concurrency slots, after waiting for its start gap."""
        with self._lock:
            state = self._state(key)
            state.users += 1
        try:
            with state.semaphore:
                with self._lock:
                    # Reserve a start time; later callers queue behind it.
                    now = time.monotonic()
                    start = max(now, state.next_start)
                    state.next_start = start + self._delays.get(key, self._delay_s)
                if start > now:
                    time.sleep(start - now)  # outside the lock: other hosts carry on
                yield
        finally:
            with self._lock:
                state.users -= 1

    def set_delay(self, key: str, delay_s: float) -> None:
        """Sets a longer gap for one host (e.g. a robots.txt Crawl-delay); never a shorter one."""
        with self._lock:
            if delay_s > self._delay_s:
                self._delays[key] = delay_s
            else:
                self._delays.pop(key, None)

    def defer(self, key: str, until: float) -> None:
        """Makes every thread hold off ``key`` until ``until`` (a monotonic time)."""
        with self._lock:
            state = self._state(key)
            state.next_start = max(state.next_start, until)


# --------------------------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int

    @property
    def host_key(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)


@dataclass
class _Reply:
    status: int
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class _FetchState:
    url: str
    current_url: str
    started: float
    attempts: int = 0
    redirects: list[str] = field(default_factory=list)

    def error(
        self,
        reason: str,
        message: str,
        *,
        status: int | None = None,
        retry_after_s: float | None = None,
    ) -> FetchError:
        return FetchError(
            reason,
            message,
            url=self.url,
            final_url=self.current_url,
            status=status,
            attempts=self.attempts,
            retry_after_s=retry_after_s,
        )


def _is_success(status: int) -> bool:
    return 200 <= status < 300 or status == 304


class HttpClient:
    """Thread-safe HTTP GET client with SSRF guard, limits, retries and politeness.

    One instance is meant to be shared by all threads of a worker (politeness limits apply
    per instance). Use it as a context manager or call :meth:`close`.

    Example:
        >>> with HttpClient(HttpSettings()) as client:  # doctest: +SKIP
        ...     result = client.get("https://example.org/feed.xml")
    """

    def __init__(self, settings: HttpSettings) -> None:
        """Creates the client.

        Args:
            settings: Client configuration.

        Raises:
            ValueError: If an ``allow_addresses`` entry is invalid.
        """
        self._settings = settings
        self._guard = AddressGuard(settings.allow_addresses)
        self._gate = _HostGate(settings.per_host_concurrency, settings.per_host_delay_s)
        self._watchdog = _Watchdog()
        ca_certs = settings.ca_certs or (certifi.where() if certifi is not None else None)
        self._pool = PoolManager(
            num_pools=64,
            maxsize=settings.per_host_concurrency,
            block=False,
            retries=False,
            ca_certs=ca_certs,
        )
        self._pool.pool_classes_by_scheme = _pool_classes(self._guard)  # type: ignore[assignment]
        self._closed = False

    @property
    def settings(self) -> HttpSettings:
        """The settings the client was built with."""
        return self._settings

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes pooled connections and stops the deadline thread. Idempotent."""
        self._closed = True
        self._pool.clear()
        self._watchdog.close()

    def set_host_delay(self, host_key: str, delay_s: float) -> None:
        """Raises the gap between requests to ``host:port`` (e.g. from a Crawl-delay)."""
        self._gate.set_delay(host_key, delay_s)

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> FetchResult:
        """Fetches ``url`` with GET, following redirects.

        Args:
            url: An absolute ``http`` or ``https`` URL.
            headers: Extra request headers (e.g. ``If-None-Match``); they override the
                defaults. Credentials headers are dropped on redirects to another origin.

        Returns:
            The response for a 2xx or 304 status, with the complete decoded body.

        Raises:
            FetchError: For every failure; see :data:`REASONS`.
            RuntimeError: If the client is closed.
        """
        if self._closed:
            raise RuntimeError("HttpClient is closed")
        state = _FetchState(url=url, current_url=url, started=time.monotonic())
        request_headers = HTTPHeaderDict(
            {"User-Agent": self._settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
        )
        request_headers.setdefault("Accept", "*/*")
        for name, value in (headers or {}).items():
            request_headers[name] = value  # case-insensitive: caller values replace defaults

        target = self._parse_target(url, state)
        while True:
            reply = self._fetch_with_retries(target, request_headers, state)
            if reply.status not in _REDIRECT_STATUSES:
                return FetchResult(
                    url=url,
                    final_url=state.current_url,
                    status=reply.status,
                    headers=reply.headers,
                    body=reply.body,
                    attempts=state.attempts,
                    redirects=list(state.redirects),
                    elapsed_s=time.monotonic() - state.started,
                )
            location = reply.headers.get("location", "").strip()
            if not location:
                raise state.error(
                    f"{HTTP_REASON_PREFIX}{reply.status}",
                    f"HTTP {reply.status} without Location from {target.url}",
                    status=reply.status,
                )
            if len(state.redirects) >= self._settings.max_redirects:
                raise state.error(
                    "too_many_redirects",
                    f"more than {self._settings.max_redirects} redirects from {url}",
                    status=reply.status,
                )
            next_url = urljoin(target.url, location)
            state.redirects.append(next_url)
            state.current_url = next_url
            next_target = self._parse_target(next_url, state)
            if next_target.origin != target.origin:
                for name in _ORIGIN_BOUND_HEADERS:
                    request_headers.discard(name)
            target = next_target

    # -- steps of a fetch ------------------------------------------------------------------

    @staticmethod
    def _parse_target(url: str, state: _FetchState) -> _Target:
        """Validates a URL (the requested one or a redirect target).

        Raises:
            FetchError: ``bad_scheme`` or ``bad_url``.
        """
        text = url.strip() if isinstance(url, str) else ""
        match = _SCHEME_RE.match(text)
        if match is None:
            raise state.error("bad_url", f"not an absolute URL: {url!r}")
        # Checked before parsing: "javascript:alert(1)" does not even parse as a URL.
        scheme = match.group(1).lower()
        if scheme not in _DEFAULT_PORTS:
            raise state.error("bad_scheme", f"scheme {scheme!r} is not allowed: {url!r}")
        try:
            parsed = parse_url(text)
        except LocationValueError as exc:
            raise state.error("bad_url", f"malformed URL {url!r}: {exc}") from exc
        if not parsed.host:
            raise state.error("bad_url", f"URL without host: {url!r}")
        # The fragment never goes on the wire.
        clean = parsed._replace(scheme=scheme, fragment=None).url
        return _Target(
            url=clean,
            scheme=scheme,
            host=parsed.host.lower(),
            port=parsed.port or _DEFAULT_PORTS[scheme],
        )

    def _fetch_with_retries(
        self, target: _Target, headers: HTTPHeaderDict, state: _FetchState
    ) -> _Reply:
        """Requests one URL (one redirect hop), retrying transient failures."""
        settings = self._settings
        for retry_index in range(settings.max_retries + 1):
            last = retry_index == settings.max_retries
            try:
                reply = self._attempt(target, headers, state)
            except FetchError as error:
                if error.reason not in _RETRIED_WITHIN_CALL or last:
                    raise
                delay = settings.backoff_s * 2**retry_index
                logger.debug("retrying %s in %.2fs after %s", target.url, delay, error)
                time.sleep(delay)
                continue

            status = reply.status
            if _is_success(status) or status in _REDIRECT_STATUSES:
                return reply
            reason = f"{HTTP_REASON_PREFIX}{status}"
            if status in (429, 503):
                retry_after = parse_retry_after(reply.headers.get("retry-after"))
                if retry_after is not None and retry_after > settings.max_retry_after_s:
                    raise state.error(
                        "deferred",
                        f"HTTP {status} from {target.url}: Retry-After {retry_after:.0f}s exceeds "
                        f"{settings.max_retry_after_s:.0f}s",
                        status=status,
                        retry_after_s=retry_after,
                    )
                if last:
                    raise state.error(
                        reason,
                        f"HTTP {status} from {target.url} after {state.attempts} attempts",
                        status=status,
                        retry_after_s=retry_after,
                    )
                if retry_after is not None:
                    # Every thread of this client holds off the host, not just this one.
                    self._gate.defer(target.host_key, time.monotonic() + retry_after)
                    delay = retry_after
                else:
                    delay = settings.backoff_s * 2**retry_index
            elif status >= 500 and not last:
                delay = settings.backoff_s * 2**retry_index
            else:
                raise state.error(
                    reason,
                    f"HTTP {status} from {target.url}"
                    + (f" after {state.attempts} attempts" if status >= 500 else ""),
                    status=status,
                )
            logger.debug("retrying %s in %.2fs after HTTP %d", target.url, delay, status)
            time.sleep(delay)
        raise AssertionError("unreachable: the last iteration returns or raises")

    def _attempt(self, target: _Target, headers: HTTPHeaderDict, state: _FetchState) -> _Reply:
        """Sends one request and reads the response under the total deadline."""
        settings = self._settings
        with self._gate.slot(target.host_key):
            state.attempts += 1
            attempt = _Attempt(time.monotonic() + settings.timeout_s)
            self._watchdog.watch(attempt)
            timeout = Timeout(
                total=settings.timeout_s,
                connect=min(settings.connect_timeout_s, settings.timeout_s),
                read=settings.timeout_s,
            )
            response: BaseHTTPResponse | None = None
            complete = False
            in_body = False
            try:
                _current.attempt = attempt
                try:
                    response = self._pool.urlopen(
                        "GET",
                        target.url,
                        headers=headers,
                        redirect=False,
                        retries=False,
                        preload_content=False,
                        decode_content=True,
                        timeout=timeout,
                    )
                finally:
                    _current.attempt = None
                reply = _Reply(status=response.status, headers=_lower_headers(response.headers))
                if _is_success(reply.status):
                    self._check_content_encoding(reply.headers, target, state)
                    in_body = True
                    reply.body = self._read_body(response, attempt, target, state)
                    complete = True
                if attempt.finish():
                    # A clean-looking end of a body may be the watchdog's shutdown.
                    raise _DeadlineExceeded()
                return reply
            except FetchError:
                raise
            except Exception as exc:
                raise self._translate(exc, attempt.finish(), in_body, target, state) from exc
            finally:
                attempt.finish()  # before the connection can go back to the pool
                if response is not None:
                    if not complete:
                        # Unread or half-read body: the connection cannot be reused.
                        response.close()
                    response.release_conn()

    @staticmethod
    def _check_content_encoding(
        headers: Mapping[str, str], target: _Target, state: _FetchState
    ) -> None:
        """Refuses content codings we cannot decode with bounded memory.

        Raises:
            FetchError: ``decode_error``.
        """
        codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",")]
        unknown = [c for c in codings if c and c not in _ACCEPTED_CODINGS]
        if unknown:
            raise state.error(
                "decode_error",
                f"{target.url}: unsupported Content-Encoding {', '.join(unknown)}",
            )

    def _read_body(
        self,
        response: BaseHTTPResponse,
        attempt: _Attempt,
        target: _Target,
        state: _FetchState,
    ) -> bytes:
        """Reads the decoded body, enforcing the byte cap and the deadline."""
        max_bytes = self._settings.max_bytes
        declared = response.length_remaining
        if declared is not None and declared > max_bytes:
            raise state.error(
                "too_large",
                f"{target.url} declares {declared} bytes, limit is {max_bytes}",
                status=response.status,
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            attempt.tighten()
            # read1 returns what is available (at most _READ_CHUNK decoded bytes, even from a
            # compression bomb) instead of blocking until the chunk is full.
            chunk = response.read1(_READ_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise state.error(
                    "too_large",
                    f"{target.url} body exceeds {max_bytes} bytes after decoding",
                    status=response.status,
                )
            chunks.append(chunk)
        if response.length_remaining:
            # urllib3 already raises on a short body; this is a second line of defence, since
            # a truncated document must never be returned as a result.
            raise ProtocolError(f"body ended {response.length_remaining} bytes short")
        return b"".join(chunks)

    def _translate(
        self,
        exc: BaseException,
        expired: bool,
        in_body: bool,
        target: _Target,
        state: _FetchState,
    ) -> FetchError:
        """Maps an exception from urllib3 or the socket layer to a :class:`FetchError`."""
        while isinstance(exc, MaxRetryError) and exc.reason is not None:
            exc = exc.reason  # not expected with retries=False, but unwrap if it happens
        url = target.url
        if expired or isinstance(exc, _DeadlineExceeded):
            return state.error(
                "timeout", f"{url}: no complete response within {self._settings.timeout_s}s"
            )
        if isinstance(exc, _AddressBlocked):
            return state.error("blocked_address", f"{url}: {exc}")
        if isinstance(exc, NameResolutionError):
            return state.error("dns_error", f"{url}: cannot resolve {target.host}")
        if isinstance(exc, NewConnectionError):  # before timeouts: it subclasses them
            return state.error("connection_error", f"{url}: {exc}")
        if isinstance(exc, (ConnectTimeoutError, ReadTimeoutError, TimeoutError)):
            return state.error("timeout", f"{url}: {exc}")
        if isinstance(exc, (SSLError, ssl.SSLError, CertificateError)):
            if in_body:
                # The handshake succeeded; a TLS record error now is a broken transfer.
                return state.error("connection_error", f"{url}: {exc}")
            return state.error("tls_error", f"{url}: {exc}")
        if isinstance(exc, DecodeError):
            return state.error("decode_error", f"{url}: {exc}")
        if isinstance(exc, (LocationValueError, http.client.InvalidURL)):
            return state.error("bad_url", f"{url}: {exc}")
        if isinstance(exc, (ProtocolError, HTTPError, http.client.HTTPException, OSError)):
            return state.error("connection_error", f"{url}: {exc}")
        raise exc  # a programming error, not a network condition


def _lower_headers(headers: HTTPHeaderDict) -> dict[str, str]:
    """Lower-cases header names; repeated headers are joined with ", " by HTTPHeaderDict."""
    return {name.lower(): headers[name] for name in headers}
