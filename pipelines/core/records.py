"""Event records (schema v2): assembly, date reconciliation, ids and validation.

A record is a CloudEvents 1.0 envelope in structured JSON mode around the article. Fields that
several signals can give (the published date: feed entry, page metadata, URL; the language:
detector, page, feed) carry a provenance entry saying which one won and how sure it is.

Validate a JSONL file of records by hand::

    python -m pipelines.core.records out/demo/records/*.jsonl
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

from pipelines.core.events.fields import EMPTY
from pipelines.core.urls import canonicalize
from schemas import CURRENT_ID, load_schema

EVENT_TYPE = "wirestream.article.v2"
SCHEMA_VERSION = "2"
# The event fields of schema v2 as a record has them when nothing was extracted: every field
# present, empty, and none of them attempted.
EMPTY_EVENT_FIELDS: dict[str, Any] = {**EMPTY, "extraction": {"attempted": [], "failed": []}}
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)")
# A date this far after the fetch is a publisher's clock or template bug, not a scheduled post.
FUTURE_TOLERANCE = timedelta(days=1)
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def rfc3339(moment: datetime) -> str:
    """RFC 3339 UTC with a trailing Z, whole seconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(value: str | None) -> datetime | None:
    """Parses ISO 8601 / RFC 3339 (with ``Z``, ``+0100`` or no zone = UTC); None if invalid."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def url_date(url: str | None) -> datetime | None:
    """A date in the URL path such as ``/2026/11/27/``, if any."""
    if not url:
        return None
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    try:
        return datetime(*(int(g) for g in match.groups()), tzinfo=UTC)
    except ValueError:
        return None


def choose_published(
    feed_value: str | None, page_value: str | None, url: str | None, fetched_at: datetime
) -> tuple[str | None, dict[str, Any]]:
    """Picks the published date from the feed entry, the page metadata and the URL.

    Order of preference: feed, page, URL. A candidate in the future (beyond a day after the
    fetch) or before 1990 is rejected and flagged. Confidence is ``high`` when another source
    agrees within a day, ``low`` when only the URL gives a date or the sources disagree.

    Returns:
        (published_at or None, provenance entry).
    """
    raw = {
        "feed": parse_timestamp(feed_value),
        "page": parse_timestamp(page_value),
        "url": url_date(url),
    }
    flags: list[str] = []
    valid: dict[str, datetime] = {}
    for name, moment in raw.items():
        if moment is None:
            continue
        if moment > fetched_at + FUTURE_TOLERANCE:
            flags.append(f"{name}_in_future")
        elif moment < EARLIEST:
            flags.append(f"{name}_too_old")
        else:
            valid[name] = moment
    candidates = {name: (rfc3339(m) if m else None) for name, m in raw.items()}
    if not valid:
        return None, {"source": None, "confidence": None, "candidates": candidates, "flags": flags}
    winner = next(name for name in ("feed", "page", "url") if name in valid)
    chosen = valid[winner]
    others = [m for name, m in valid.items() if name != winner]
    agree = [m for m in others if abs(m - chosen) <= timedelta(days=1)]
    if others and not agree:
        flags.append("sources_disagree")
        level = "low"
    elif agree:
        level = "high"
    else:
        level = "low" if winner == "url" else "medium"
    return rfc3339(chosen), {
        "source": winner,
        "confidence": level,
        "candidates": candidates,
        "flags": flags,
    }


def canonical_page_url(final_url: str, declared: str | None) -> str:
    """The page's declared canonical URL when it is on the same host, else the final URL."""
    if declared:
        try:
            if urlsplit(declared).hostname == urlsplit(final_url).hostname and urlsplit(
                declared
            ).scheme in ("http", "https"):
                return canonicalize(declared)
        except ValueError:
            pass
    return canonicalize(final_url)


def record_id(article_id: str, content_sha256: str) -> str:
    """Deterministic event id: the same article with the same text gives the same id."""
    return hashlib.sha256(f"{article_id}:{content_sha256}".encode()).hexdigest()[:32]


def _none_if_empty(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _unique(*lists: Any) -> list[str]:
    out: list[str] = []
    for items in lists:
        for item in items or ():
            if item and item not in out:
                out.append(item)
    return out


def build_record(article: dict[str, Any]) -> dict[str, Any]:
    """Assembles the schema-v2 event from a processed article dict.

    The event fields come from ``article["event_fields"]`` (the ExtractEvents stage); an
    article that did not pass that stage gets them empty and marked as not attempted.
    """
    fetched_at = parse_timestamp(article["fetched_at"]) or datetime.now(UTC)
    published_at, published_prov = choose_published(
        article.get("entry_published"), article.get("page_date"), article["url"], fetched_at
    )
    canonical = canonical_page_url(article["url"], article.get("page_canonical"))
    data = {
        "article_id": article["article_id"],
        "url": article["url"],
        "canonical_url": canonical,
        "feed_url": article["feed_url"],
        "source_id": article["source_id"],
        "title": _none_if_empty(article.get("entry_title") or article.get("page_title")),
        "text": article["text"],
        "summary": _none_if_empty(article.get("entry_summary") or article.get("page_description")),
        "authors": _unique(article.get("entry_authors"), article.get("page_authors")),
        "published_at": published_at,
        "fetched_at": rfc3339(fetched_at),
        "language": article["language"],
        "language_confidence": article.get("language_confidence"),
        "word_count": article["word_count"],
        "content_sha256": article["content_sha256"],
        "cluster_id": article["cluster_id"],
        "duplicate_of": article.get("duplicate_of"),
        "similarity": article.get("similarity"),
        "revision_of": article.get("revision_of"),
        "categories": _unique(article.get("entry_categories"), article.get("page_categories")),
        "site_name": _none_if_empty(article.get("site_name")),
        "image": _none_if_empty(article.get("image")),
        "schema_version": SCHEMA_VERSION,
        "provenance": {
            "published_at": published_prov,
            "language": article["language_provenance"],
        },
        **(article.get("event_fields") or EMPTY_EVENT_FIELDS),
    }
    return {
        "specversion": "1.0",
        "id": record_id(article["article_id"], article["content_sha256"]),
        "source": article["source_id"],
        "type": EVENT_TYPE,
        "time": rfc3339(fetched_at),
        "subject": canonical,
        "datacontenttype": "application/json",
        "dataschema": CURRENT_ID,
        "data": data,
    }


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every ``#/$defs/NAME`` reference replaced by the definition itself.

    Raises ValueError on a recursive definition (which cannot be inlined).
    """
    defs = schema.get("$defs", {})

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: inline(v, seen) for k, v in node.items() if k not in ("$ref", "$defs")}
        ref = node.get("$ref")
        if ref is None:
            return out
        name = ref.removeprefix("#/$defs/")
        if name == ref or name not in defs:
            raise ValueError(f"cannot inline the reference {ref}")
        if name in seen:
            raise ValueError(f"recursive definition {name}")
        return {**inline(defs[name], (*seen, name)), **out}

    return inline(schema, ())


class RecordValidator:
    """Validates records against the JSON Schema; build once per worker."""

    def __init__(self) -> None:
        # The same schema with its local $refs replaced by their targets: jsonschema resolves
        # a $ref on every use, which was 40% of the time spent validating a record.
        self._validator = Draft202012Validator(inline_refs(load_schema()))

    def errors(self, record: dict[str, Any]) -> list[str]:
        """Human-readable problems, empty when the record is valid."""
        problems = []
        for error in sorted(self._validator.iter_errors(record), key=lambda e: list(e.path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(record)"
            problems.append(f"{where}: {error.message[:200]}")
        return problems


def main(paths: list[str]) -> int:
    """Validates JSONL files of records; prints problems; exit 1 if any."""
    validator = RecordValidator()
    bad = total = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                total += 1
                problems = validator.errors(json.loads(line))
                if problems:
                    bad += 1
                    print(f"{path}:{number}: {problems[0]}")
    print(f"{total - bad} valid, {bad} invalid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
