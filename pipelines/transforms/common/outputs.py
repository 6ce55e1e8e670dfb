"""Outputs more than one stage emits: dead letters, and entries skipped as seen before.

Dead letters: every element that cannot become a record ends here, with a reason code. Each
stage has a tagged ``dead_letter`` output; the pipeline flattens them into one collection
written beside the records. The local runner does not retry, so one uncaught exception would
fail the whole run: stages catch per element and route the failure here instead.
"""

from __future__ import annotations

from typing import Any

from pipelines.core.clock import utc_now

__all__ = ["DEAD_LETTER", "SKIPPED_SEEN", "dead_letter"]

DEAD_LETTER = "dead_letter"
SKIPPED_SEEN = "skipped_seen"
"""Entries (``SkipSeen``) and articles (``ClusterArticles``) an earlier window emitted."""


def dead_letter(
    stage: str,
    reason: str,
    item: dict[str, Any] | None,
    *,
    error: BaseException | None = None,
    message: str | None = None,
    url: str | None = None,
    attempts: int | None = None,
    http_status: int | None = None,
    entry_level: bool = True,
) -> dict[str, Any]:
    """Builds one dead-letter record.

    Args:
        stage: the stage that gave up (``feed``, ``entry``, ``fetch``, ``extract``, ``record``).
        reason: the reason code, e.g. ``http_404`` or ``no_text``.
        item: the element being processed (an entry or article dict), if any.
        error: the exception, if one was raised.
        message: a human-readable explanation (defaults to the exception's text).
        url: the URL concerned (defaults to the item's).
        attempts: how many HTTP attempts were made.
        http_status: the last HTTP status, if any.
        entry_level: False for failures of a whole feed (not counted against entries).
    """
    item = item or {}
    return {
        "stage": stage,
        "reason": reason,
        "url": url or item.get("url") or item.get("link"),
        "feed_url": item.get("feed_url"),
        "source_id": item.get("source_id"),
        "article_id": item.get("article_id"),
        "error_type": type(error).__name__ if error is not None else None,
        "message": message or (str(error) if error is not None else reason),
        "attempts": attempts,
        "http_status": http_status,
        "entry_level": entry_level,
        "time": utc_now(),
    }
