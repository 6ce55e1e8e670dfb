"""The accounting of a run, defined once: the outcome keys, the identity and the count sections.

Every entry a feed lists ends in exactly one outcome, so the counts of a batch run (and of each
window of a stream) satisfy::

    entries_seen == records + skipped_seen + dead_letter + skipped_robots + deferred
                    + filtered + truncated

``truncated`` are the entries a feed listed beyond ``feeds.max_entries``: they are seen (the
feed names them) but not read. Feed-level failures (a feed that could not be read at all) are
not entries; they are counted separately as ``feed_dead_letter``.

The keys are counted by one stage (``pipelines.transforms.common.tally``): as Beam metrics,
which the launcher reads from the runner's result where the runner reports them, and as
per-bundle tallies in the work directory, the portable fallback (and the only source of the
per-place and per-actor counts, too many names for a runner's metrics).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

IDENTITY_TERMS = (
    "records",
    "skipped_seen",
    "dead_letter",
    "skipped_robots",
    "deferred",
    "filtered",
    "truncated",
)
"""The outcomes an entry can end in; they add up to ``entries_seen``."""
IDENTITY = "entries_seen == " + " + ".join(IDENTITY_TERMS)
COUNT_KEYS = (
    "entries_seen",
    *IDENTITY_TERMS,
    "duplicates",
    "duplicate_clusters",
    "duplicates_dropped",
    "revisions",
    "feed_dead_letter",
    "deferred_retried",
    "event_extraction_failed",
)
"""The manifest's ``counts`` section: every key, 0 when nothing was counted."""
NAMED_PREFIXES = ("place", "actor")
"""Keyed counts with one key per name (``place:…``): too many for a runner's metrics."""
TOP_N = 10  # places and actors listed in the manifest and the summary


def identity_holds(counts: Mapping[str, int]) -> bool:
    """The accounting identity: every entry seen ended in exactly one outcome."""
    return counts.get("entries_seen", 0) == sum(counts.get(key, 0) for key in IDENTITY_TERMS)


def record_keys(record: dict[str, Any]) -> Iterator[str]:
    """Outcome keys counted for each record (places and actors: once per record naming them)."""
    data = record["data"]
    yield "records"
    yield f"language:{data['language']}"
    if data["duplicate_of"]:
        yield "duplicates"
    for place in data.get("places", ()):
        yield f"place:{place['name']} ({place['country_code'] or '-'})"
    for actor in data.get("actors", ()):
        yield f"actor:{actor['name']}"
    for event_type in {event["type"] for event in data.get("events", ())}:
        yield f"event_type:{event_type}"
    if data.get("extraction", {}).get("failed"):
        yield "event_extraction_failed"


def dead_letter_keys(item: dict[str, Any]) -> Iterator[str]:
    """Outcome keys counted for each dead letter (feed failures are not entries)."""
    kind = "dead_letter" if item["entry_level"] else "feed_dead_letter"
    yield kind
    yield f"{kind}_reason:{item['reason']}"


def feed_status_keys(status: dict[str, Any]) -> Iterator[tuple[str, int]]:
    """``(key, n)`` for a feed's status: the entries it listed beyond the cap, which are seen
    (and so in ``entries_seen``) and end as ``truncated``."""
    truncated = int(status.get("truncated") or 0)
    if truncated:
        yield "entries_seen", truncated
        yield "truncated", truncated


def counted_as(key: str) -> Callable[[Any], tuple[str]]:
    """The keys of a collection whose every element counts once as ``key`` (one of
    ``COUNT_KEYS``: a misspelt key fails when the graph is built, not in the manifest)."""
    if key not in COUNT_KEYS:
        raise KeyError(f"{key!r} is not a count key (pipelines.core.accounting.COUNT_KEYS)")
    return lambda _: (key,)


def dropped_copy_keys(_: Any) -> tuple[str, ...]:
    """Keys of a record dropped as a copy of an earlier story (``dedup.drop_duplicates``)."""
    return ("filtered", "duplicates_dropped")


def sections(raw: Mapping[str, int]) -> dict[str, Any]:
    """The manifest's count sections from the tallied keys (``key`` or ``prefix:name``)."""
    counts = {key: int(raw.get(key, 0)) for key in COUNT_KEYS}
    by_prefix: dict[str, dict[str, int]] = {}
    for key, value in raw.items():
        if ":" in key:
            prefix, name = key.split(":", 1)
            by_prefix.setdefault(prefix, {})[name] = int(value)
    return {
        "counts": counts,
        "languages": dict(sorted(by_prefix.get("language", {}).items())),
        "dead_letter_by_reason": dict(sorted(by_prefix.get("dead_letter_reason", {}).items())),
        "feed_dead_letter_by_reason": dict(
            sorted(by_prefix.get("feed_dead_letter_reason", {}).items())
        ),
        # Records naming each place / actor, the most named first (ties by name).
        "top_places": _top(by_prefix.get("place", {})),
        "top_actors": _top(by_prefix.get("actor", {})),
        "event_types": dict(sorted(by_prefix.get("event_type", {}).items())),
    }


def _top(counts: dict[str, int]) -> dict[str, int]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict(ranked[:TOP_N])


def is_named(key: str) -> bool:
    """Whether ``key`` is one of the per-name counts (kept out of runner metrics)."""
    return key.split(":", 1)[0] in NAMED_PREFIXES and ":" in key


def add_up(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Sums ``(key, n)`` pairs by key."""
    total: dict[str, int] = {}
    for key, n in pairs:
        total[key] = total.get(key, 0) + int(n)
    return total
