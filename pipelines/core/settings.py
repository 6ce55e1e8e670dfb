"""Job settings: frozen, self-validating dataclasses, one per section of the config.

The defaults here are the documented defaults (``config/base.yaml`` mirrors them and a test keeps
the two equal). Every problem raises :class:`ConfigError` naming the bad key. The launcher
loads them from YAML (``pipelines.news_ingest.config``) and hands each stage its section; they
are small and picklable, so they travel to the workers, which never read config files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from pipelines.core.addresses import AddressGuard
from pipelines.core.http import HttpSettings
from pipelines.core.neardup import NearDupSettings
from pipelines.core.text import ExtractOptions

_HTTP = HttpSettings()


class ConfigError(ValueError):
    """A configuration or argument problem, reported as one line before anything runs."""


def require(condition: bool, key: str, message: str) -> None:
    """Raises ``ConfigError("<key>: <message>")`` unless ``condition`` holds."""
    if not condition:
        raise ConfigError(f"{key}: {message}")


@dataclasses.dataclass(frozen=True)
class FetchConfig:
    """HTTP fetching of feeds and article pages."""

    # The HTTP client's own defaults are the documented ones: one place states them.
    user_agent: str = _HTTP.user_agent
    connect_timeout_s: float = _HTTP.connect_timeout_s
    timeout_s: float = _HTTP.timeout_s
    max_bytes: int = _HTTP.max_bytes
    max_retries: int = _HTTP.max_retries
    backoff_s: float = _HTTP.backoff_s
    max_retry_after_s: float = _HTTP.max_retry_after_s
    max_redirects: int = _HTTP.max_redirects
    concurrency: int = 16
    per_host_concurrency: int = _HTTP.per_host_concurrency
    per_host_delay_s: float = _HTTP.per_host_delay_s
    respect_robots: bool = True
    allow_addresses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require(bool(self.user_agent.strip()), "fetch.user_agent", "must not be empty")
        for name in ("connect_timeout_s", "timeout_s"):
            require(getattr(self, name) > 0, f"fetch.{name}", "must be > 0")
        require(self.max_bytes >= 1024, "fetch.max_bytes", "must be at least 1024")
        require(0 <= self.max_retries <= 10, "fetch.max_retries", "must be between 0 and 10")
        require(self.backoff_s >= 0, "fetch.backoff_s", "must be >= 0")
        require(self.max_retry_after_s >= 0, "fetch.max_retry_after_s", "must be >= 0")
        require(0 <= self.max_redirects <= 30, "fetch.max_redirects", "must be between 0 and 30")
        require(1 <= self.concurrency <= 256, "fetch.concurrency", "must be between 1 and 256")
        require(self.per_host_concurrency >= 1, "fetch.per_host_concurrency", "must be >= 1")
        require(self.per_host_delay_s >= 0, "fetch.per_host_delay_s", "must be >= 0")
        try:
            AddressGuard(self.allow_addresses)
        except ValueError as exc:
            raise ConfigError(f"fetch.allow_addresses: {exc}") from None


@dataclasses.dataclass(frozen=True)
class FeedsConfig:
    """The feed registry and feed parsing."""

    registry: str | None = None
    max_bytes: int = 20 * 1024 * 1024
    max_entries: int = 10_000

    def __post_init__(self) -> None:
        require(self.max_bytes >= 1024, "feeds.max_bytes", "must be at least 1024")
        require(self.max_entries >= 1, "feeds.max_entries", "must be >= 1")


@dataclasses.dataclass(frozen=True)
class ExtractConfig:
    """Main-text extraction with trafilatura."""

    timeout_s: float = 15.0
    max_html_bytes: int = 5 * 1024 * 1024
    include_tables: bool = True
    favor_precision: bool = False
    favor_recall: bool = False
    min_words: int = 1
    # The worker finishes one article while its child extracts the next: true, false, or auto
    # (on the DirectRunner, not on other runners).
    overlap: bool | str = "auto"

    def __post_init__(self) -> None:
        require(self.timeout_s > 0, "extract.timeout_s", "must be > 0")
        require(
            isinstance(self.overlap, bool) or self.overlap == "auto",
            "extract.overlap",
            "must be true, false or auto",
        )
        require(self.max_html_bytes >= 1024, "extract.max_html_bytes", "must be >= 1024")
        require(
            not (self.favor_precision and self.favor_recall),
            "extract.favor_precision",
            "cannot be combined with extract.favor_recall",
        )
        require(self.min_words >= 1, "extract.min_words", "must be >= 1")

    def options(self) -> ExtractOptions:
        return ExtractOptions(self.include_tables, self.favor_precision, self.favor_recall)


@dataclasses.dataclass(frozen=True)
class LanguageConfig:
    """Language detection with langdetect."""

    max_chars: int = 1000
    min_chars: int = 20
    min_confidence: float = 0.9
    seed: int = 0

    def __post_init__(self) -> None:
        require(self.max_chars >= 50, "language.max_chars", "must be >= 50")
        require(self.min_chars >= 1, "language.min_chars", "must be >= 1")
        require(0 < self.min_confidence <= 1, "language.min_confidence", "must be in (0, 1]")


@dataclasses.dataclass(frozen=True)
class DedupConfig:
    """Syndicated copies (MinHash LSH) and the retention of cross-run state."""

    threshold: float = 0.5
    shingle_size: int = 3
    num_perm: int = 126
    bands: int = 42
    later_share: float = 0.35
    site_jaccard: float = 0.5
    lead_bands: int = 6
    template_pages: int = 5
    drop_duplicates: bool = False
    retention_days: float = 30.0

    def __post_init__(self) -> None:
        require(0 < self.threshold <= 1, "dedup.threshold", "must be in (0, 1]")
        require(1 <= self.shingle_size <= 20, "dedup.shingle_size", "must be in 1..20")
        require(16 <= self.num_perm <= 1024, "dedup.num_perm", "must be in 16..1024")
        require(
            self.bands >= 1 and self.num_perm % self.bands == 0,
            "dedup.bands",
            "must divide dedup.num_perm",
        )
        require(0 <= self.later_share <= 1, "dedup.later_share", "must be in [0, 1]")
        require(0 <= self.site_jaccard <= 1, "dedup.site_jaccard", "must be in [0, 1]")
        require(self.lead_bands in (0, 6), "dedup.lead_bands", "must be 0 (off) or 6")
        require(
            self.template_pages == 0 or self.template_pages >= 2,
            "dedup.template_pages",
            "must be 0 (off) or at least 2",
        )
        require(self.retention_days > 0, "dedup.retention_days", "must be > 0")

    def neardup(self) -> NearDupSettings:
        return NearDupSettings(
            self.shingle_size,
            self.num_perm,
            self.bands,
            self.threshold,
            self.later_share,
            self.site_jaccard,
            self.lead_bands,
            self.template_pages,
        )


SINK_KINDS = ("jsonl", "parquet", "postgresql")


@dataclasses.dataclass(frozen=True)
class SinkConfig:
    """Where records go, and when a run counts as failed."""

    kind: str = "jsonl"
    uri: str | None = None
    num_shards: int = 1
    batch_size: int = 500
    max_retries: int = 3
    dead_letter_max_ratio: float = 0.5

    def __post_init__(self) -> None:
        require(self.kind in SINK_KINDS, "sink.kind", f"must be one of {SINK_KINDS}")
        if self.kind == "postgresql":
            require(
                bool(self.uri) and str(self.uri).startswith(("postgresql://", "postgres://")),
                "sink.uri",
                "must be a postgresql:// URI when sink.kind is postgresql",
            )
        require(1 <= self.num_shards <= 1024, "sink.num_shards", "must be between 1 and 1024")
        require(1 <= self.batch_size <= 100_000, "sink.batch_size", "must be in 1..100000")
        require(0 <= self.max_retries <= 20, "sink.max_retries", "must be in 0..20")
        require(
            0 <= self.dead_letter_max_ratio <= 1, "sink.dead_letter_max_ratio", "must be in [0, 1]"
        )


@dataclasses.dataclass(frozen=True)
class StateConfig:
    """The cross-run state store. ``uri`` null means ``sqlite:///<output>/_state/state.db``."""

    uri: str | None = None

    def __post_init__(self) -> None:
        if self.uri is not None:
            require(
                self.uri.startswith(("sqlite:///", "postgresql://")),
                "state.uri",
                "must start with sqlite:/// or postgresql://",
            )


@dataclasses.dataclass(frozen=True)
class StreamConfig:
    """The streaming mode (``wirestream stream``): polling and windows."""

    window_s: float = 300.0
    poll_interval_s: float = 60.0
    poll_min_s: float = 15.0
    poll_max_s: float = 900.0
    tick_s: float = 5.0
    seen_ttl_s: float = 86400.0

    def __post_init__(self) -> None:
        require(self.window_s >= 1, "stream.window_s", "must be at least 1 second")
        require(self.tick_s > 0, "stream.tick_s", "must be > 0")
        require(self.poll_min_s >= self.tick_s, "stream.poll_min_s", "must be >= stream.tick_s")
        require(
            self.poll_min_s <= self.poll_interval_s <= self.poll_max_s,
            "stream.poll_interval_s",
            "must be between stream.poll_min_s and stream.poll_max_s",
        )
        require(self.seen_ttl_s >= self.window_s, "stream.seen_ttl_s", "must be >= window_s")


@dataclasses.dataclass(frozen=True)
class Settings:
    """All job settings of one run."""

    fetch: FetchConfig = dataclasses.field(default_factory=FetchConfig)
    feeds: FeedsConfig = dataclasses.field(default_factory=FeedsConfig)
    extract: ExtractConfig = dataclasses.field(default_factory=ExtractConfig)
    language: LanguageConfig = dataclasses.field(default_factory=LanguageConfig)
    dedup: DedupConfig = dataclasses.field(default_factory=DedupConfig)
    sink: SinkConfig = dataclasses.field(default_factory=SinkConfig)
    state: StateConfig = dataclasses.field(default_factory=StateConfig)
    stream: StreamConfig = dataclasses.field(default_factory=StreamConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def digest(self) -> str:
        """SHA-256 of the resolved settings, recorded in the manifest."""
        blob = json.dumps(self.to_dict(), sort_keys=True, default=list).encode()
        return hashlib.sha256(blob).hexdigest()
