"""Job settings: frozen, self-validating dataclasses loaded from YAML.

The defaults here are the documented defaults (``config/base.yaml`` mirrors them and a test keeps
the two equal). A config file is a partial overlay: only the keys it names change. ``--set
section.key=value`` overlays single keys on top. Every problem raises :class:`ConfigError` naming
the bad key, before any pipeline is built. Workers never read config files: the launcher passes
these dataclasses (small and picklable) into the transforms.

Check a file by hand with::

    python -c "from pipelines.news_ingest.config import load_settings as load; \
    print(load('config/prod.yaml'))"
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from pipelines.core.addresses import AddressGuard
from pipelines.core.feeds import FeedSource
from pipelines.core.http import HttpSettings
from pipelines.core.neardup import NearDupSettings

_HTTP = HttpSettings()


class ConfigError(ValueError):
    """A configuration or argument problem, reported as one line before anything runs."""


def _require(condition: bool, key: str, message: str) -> None:
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
        _require(bool(self.user_agent.strip()), "fetch.user_agent", "must not be empty")
        for name in ("connect_timeout_s", "timeout_s"):
            _require(getattr(self, name) > 0, f"fetch.{name}", "must be > 0")
        _require(self.max_bytes >= 1024, "fetch.max_bytes", "must be at least 1024")
        _require(0 <= self.max_retries <= 10, "fetch.max_retries", "must be between 0 and 10")
        _require(self.backoff_s >= 0, "fetch.backoff_s", "must be >= 0")
        _require(self.max_retry_after_s >= 0, "fetch.max_retry_after_s", "must be >= 0")
        _require(0 <= self.max_redirects <= 30, "fetch.max_redirects", "must be between 0 and 30")
        _require(1 <= self.concurrency <= 256, "fetch.concurrency", "must be between 1 and 256")
        _require(self.per_host_concurrency >= 1, "fetch.per_host_concurrency", "must be >= 1")
        _require(self.per_host_delay_s >= 0, "fetch.per_host_delay_s", "must be >= 0")
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
        _require(self.max_bytes >= 1024, "feeds.max_bytes", "must be at least 1024")
        _require(self.max_entries >= 1, "feeds.max_entries", "must be >= 1")


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
        _require(self.timeout_s > 0, "extract.timeout_s", "must be > 0")
        _require(
            isinstance(self.overlap, bool) or self.overlap == "auto",
            "extract.overlap",
            "must be true, false or auto",
        )
        _require(self.max_html_bytes >= 1024, "extract.max_html_bytes", "must be >= 1024")
        _require(
            not (self.favor_precision and self.favor_recall),
            "extract.favor_precision",
            "cannot be combined with extract.favor_recall",
        )
        _require(self.min_words >= 1, "extract.min_words", "must be >= 1")


@dataclasses.dataclass(frozen=True)
class LanguageConfig:
    """Language detection with langdetect."""

    max_chars: int = 1000
    min_chars: int = 20
    min_confidence: float = 0.9
    seed: int = 0

    def __post_init__(self) -> None:
        _require(self.max_chars >= 50, "language.max_chars", "must be >= 50")
        _require(self.min_chars >= 1, "language.min_chars", "must be >= 1")
        _require(0 < self.min_confidence <= 1, "language.min_confidence", "must be in (0, 1]")


@dataclasses.dataclass(frozen=True)
class DedupConfig:
    """Syndicated copies (MinHash LSH) and the retention of cross-run state."""

    threshold: float = 0.6
    shingle_size: int = 3
    num_perm: int = 126
    bands: int = 42
    drop_duplicates: bool = False
    retention_days: float = 30.0

    def __post_init__(self) -> None:
        _require(0 < self.threshold <= 1, "dedup.threshold", "must be in (0, 1]")
        _require(1 <= self.shingle_size <= 20, "dedup.shingle_size", "must be in 1..20")
        _require(16 <= self.num_perm <= 1024, "dedup.num_perm", "must be in 16..1024")
        _require(
            self.bands >= 1 and self.num_perm % self.bands == 0,
            "dedup.bands",
            "must divide dedup.num_perm",
        )
        _require(self.retention_days > 0, "dedup.retention_days", "must be > 0")

    def neardup(self) -> NearDupSettings:
        return NearDupSettings(self.shingle_size, self.num_perm, self.bands, self.threshold)


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
        _require(self.kind in SINK_KINDS, "sink.kind", f"must be one of {SINK_KINDS}")
        if self.kind == "postgresql":
            _require(
                bool(self.uri) and str(self.uri).startswith(("postgresql://", "postgres://")),
                "sink.uri",
                "must be a postgresql:// URI when sink.kind is postgresql",
            )
        _require(1 <= self.num_shards <= 1024, "sink.num_shards", "must be between 1 and 1024")
        _require(1 <= self.batch_size <= 100_000, "sink.batch_size", "must be in 1..100000")
        _require(0 <= self.max_retries <= 20, "sink.max_retries", "must be in 0..20")
        _require(
            0 <= self.dead_letter_max_ratio <= 1, "sink.dead_letter_max_ratio", "must be in [0, 1]"
        )


@dataclasses.dataclass(frozen=True)
class StateConfig:
    """The cross-run state store. ``uri`` null means ``sqlite:///<output>/_state/state.db``."""

    uri: str | None = None

    def __post_init__(self) -> None:
        if self.uri is not None:
            _require(
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
        _require(self.window_s >= 1, "stream.window_s", "must be at least 1 second")
        _require(self.tick_s > 0, "stream.tick_s", "must be > 0")
        _require(self.poll_min_s >= self.tick_s, "stream.poll_min_s", "must be >= stream.tick_s")
        _require(
            self.poll_min_s <= self.poll_interval_s <= self.poll_max_s,
            "stream.poll_interval_s",
            "must be between stream.poll_min_s and stream.poll_max_s",
        )
        _require(self.seen_ttl_s >= self.window_s, "stream.seen_ttl_s", "must be >= window_s")


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


_SECTION_TYPES: dict[str, type] = {
    "fetch": FetchConfig,
    "feeds": FeedsConfig,
    "extract": ExtractConfig,
    "language": LanguageConfig,
    "dedup": DedupConfig,
    "sink": SinkConfig,
    "state": StateConfig,
    "stream": StreamConfig,
}


def _coerce(key: str, value: Any, annotation: Any) -> Any:
    """Checks and converts one YAML value to the field's declared type."""
    hints = typing.get_args(annotation) if _is_union(annotation) else (annotation,)
    if value is None:
        _require(type(None) in hints, key, "must not be null")
        return None
    for hint in hints:
        origin = typing.get_origin(hint)
        if hint is bool and isinstance(value, bool):
            return value
        if hint is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if hint is str and isinstance(value, str):
            return value
        if origin is tuple and isinstance(value, list | tuple):
            _require(all(isinstance(v, str) for v in value), key, "must be a list of strings")
            return tuple(value)
        if origin is tuple and isinstance(value, str):
            return (value,)
    names = ", ".join(getattr(h, "__name__", str(h)) for h in hints if h is not type(None))
    raise ConfigError(f"{key}: expected {names}, got {value!r}")


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _resolved_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def build_settings(overlays: Iterable[Mapping[str, Any]]) -> Settings:
    """Applies overlays (parsed YAML mappings) in order over the defaults and validates."""
    merged: dict[str, dict[str, Any]] = {name: {} for name in _SECTION_TYPES}
    for overlay in overlays:
        if not isinstance(overlay, Mapping):
            raise ConfigError("config: the top level must be a mapping of sections")
        for section, values in overlay.items():
            _require(
                section in _SECTION_TYPES,
                str(section),
                f"unknown section (known: {', '.join(_SECTION_TYPES)})",
            )
            if values is None:
                continue
            _require(isinstance(values, Mapping), section, "must be a mapping of keys")
            hints = _resolved_hints(_SECTION_TYPES[section])
            for key, value in values.items():
                full = f"{section}.{key}"
                _require(key in hints, full, f"unknown key (known: {', '.join(hints)})")
                merged[section][key] = _coerce(full, value, hints[key])
    sections = {name: cls(**merged[name]) for name, cls in _SECTION_TYPES.items()}
    return Settings(**sections)


def read_yaml(path: str | Path) -> dict[str, Any]:
    """Reads one YAML file; a missing or malformed file is a ConfigError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"config file {path}: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"config file {path}{where}: not valid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path}: the top level must be a mapping of sections")
    return data


def parse_set(assignment: str) -> dict[str, Any]:
    """Turns ``section.key=value`` into an overlay; the value is parsed as YAML."""
    if "=" not in assignment:
        raise ConfigError(f"--set {assignment!r}: expected section.key=value")
    dotted, raw = assignment.split("=", 1)
    if dotted.count(".") != 1 or not all(dotted.split(".")):
        raise ConfigError(f"--set {assignment!r}: expected section.key=value")
    section, key = dotted.split(".")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return {section: {key: value}}


def load_settings(
    config_file: str | Path | None = None, assignments: Iterable[str] = ()
) -> Settings:
    """Defaults, then the config file (if any), then each ``--set`` assignment."""
    overlays: list[Mapping[str, Any]] = []
    if config_file is not None:
        overlays.append(read_yaml(config_file))
    overlays.extend(parse_set(a) for a in assignments)
    settings = build_settings(overlays)
    if config_file is not None and settings.feeds.registry:
        # A registry path is relative to the config file that names it.
        registry = Path(settings.feeds.registry)
        if not registry.is_absolute():
            registry = Path(config_file).resolve().parent / registry
        settings = dataclasses.replace(
            settings, feeds=dataclasses.replace(settings.feeds, registry=str(registry))
        )
    return settings


def load_registry(path: str | Path) -> list[FeedSource]:
    """Reads a feed registry: a YAML list (or ``{feeds: [...]}``) of sources.

    Each source has ``url`` and optional ``id``, ``language`` (a hint used when detection is
    unsure), ``enabled`` (default true), ``respect_robots`` and, for the streaming mode,
    ``poll_min_s``/``poll_max_s`` (bounds of its adaptive poll interval). Disabled sources are
    dropped.
    """
    data = read_yaml_any(path)
    if isinstance(data, dict):
        data = data.get("feeds")
    if not isinstance(data, list):
        raise ConfigError(f"feed registry {path}: expected a list of feeds under 'feeds'")
    sources: list[FeedSource] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        where = f"feed registry {path}: feeds[{index}]"
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise ConfigError(f"{where}: needs a 'url'")
        known = {"id", "url", "language", "enabled", "respect_robots", "poll_min_s", "poll_max_s"}
        unknown = set(item) - known
        if unknown:
            raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        if item.get("enabled", True) is False:
            continue
        try:
            source = FeedSource.from_mapping(item)
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        if source.id in seen:
            raise ConfigError(f"{where}: duplicate feed id {source.id!r}")
        seen.add(source.id)
        sources.append(source)
    return sources


def read_yaml_any(path: str | Path) -> Any:
    """Reads a YAML file of any shape; errors become ConfigError."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    except yaml.YAMLError:
        raise ConfigError(f"{path}: not valid YAML") from None
