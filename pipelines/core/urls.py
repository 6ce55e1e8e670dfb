"""URL canonicalisation and identity.

Two feed entries that point at the same article (tracking parameters, a fragment, a default port,
upper-case host, unsorted query) must map to one canonical URL, and that URL to one stable
article id. The heavy lifting is done by well-kept libraries: courlan drops tracking parameters
and default ports, w3lib resolves dot segments, sorts the query and drops the fragment.

Try it::

    python -c "from pipelines.core.urls import canonicalize; print(canonicalize('HTTP://A.example:80/x?utm_source=y#top'))"
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from courlan import normalize_url
from w3lib.url import canonicalize_url

ALLOWED_SCHEMES = ("http", "https")


class UrlError(ValueError):
    """A URL that cannot be fetched; ``reason`` is the dead-letter reason code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def check_fetchable(url: str | None) -> str:
    """Returns the stripped URL if it is an absolute http(s) URL, else raises UrlError."""
    if not url or not url.strip():
        raise UrlError("no_url", "the entry has no link")
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise UrlError("bad_url", f"unparseable URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UrlError("bad_scheme", f"scheme {scheme or '(none)'!r} is not fetched")
    if not parts.hostname:
        raise UrlError("bad_url", "the URL has no host")
    return url


def canonicalize(url: str) -> str:
    """Canonical form of an http(s) URL: no tracking parameters, fragment or default port."""
    try:
        cleaned = normalize_url(url)
    except (ValueError, AttributeError):
        cleaned = url
    return canonicalize_url(cleaned, keep_fragments=False)


def article_id(canonical_url: str) -> str:
    """Stable 32-hex id of an article, derived from its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:32]


def host_key(url: str) -> str:
    """``host:port`` of a URL: the unit of politeness."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"
