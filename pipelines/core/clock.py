"""Times as the pipeline writes them: RFC 3339 UTC text, and the file-name tag of a window.

Plain Python: the launcher, the stages and the manifest all stamp times with these.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime


def utc_now() -> str:
    """The current time, RFC 3339 UTC with microseconds and a trailing Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rfc3339_seconds(epoch_s: float | None = None) -> str:
    """``epoch_s`` (default: now) as RFC 3339 UTC text to the second, e.g. ``…T12:00:00Z``."""
    moment = datetime.fromtimestamp(time.time() if epoch_s is None else epoch_s, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def window_tag(start: datetime, end: datetime) -> str:
    """The file-name-safe tag of a window, e.g. ``20261127T1200Z-20261127T1215Z`` (seconds
    only where a bound has them)."""
    fmt = "%Y%m%dT%H%M%SZ" if start.second or end.second else "%Y%m%dT%H%MZ"
    return f"{start.strftime(fmt)}-{end.strftime(fmt)}"
