"""What one run does: settings, feeds, window, output and state, resolved by the launcher."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from pipelines.core import storage
from pipelines.core.clock import window_tag
from pipelines.core.feeds import FeedJob, FeedSource
from pipelines.core.http import HttpSettings
from pipelines.core.settings import ConfigError, Settings

DEFAULT_WINDOW = timedelta(minutes=15)


def parse_moment(value: str, flag: str) -> datetime:
    """Parses an ISO 8601 time; naive times are UTC."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"{flag}: {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclasses.dataclass(frozen=True)
class Window:
    """The data interval of a run; it names the output files and scopes the state."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ConfigError("--window-start must be before --window-end")

    @classmethod
    def from_args(cls, start: str | None, end: str | None, now: datetime | None = None) -> Window:
        """Both bounds, or neither (the 15-minute interval containing now)."""
        if bool(start) != bool(end):
            raise ConfigError("--window-start and --window-end go together")
        if start and end:
            return cls(parse_moment(start, "--window-start"), parse_moment(end, "--window-end"))
        now = now or datetime.now(UTC)
        floor = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
        return cls(floor, floor + DEFAULT_WINDOW)

    @property
    def tag(self) -> str:
        """File-name-safe id, e.g. ``20261127T1200Z-20261127T1215Z``."""
        return window_tag(self.start, self.end)

    @property
    def start_key(self) -> str:
        """The window start as sortable RFC 3339 text: the key of per-window state."""
        return self.start.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def end_key(self) -> str:
        return self.end.strftime("%Y-%m-%dT%H:%M:%SZ")

    def as_dict(self) -> dict[str, str]:
        return {
            "start": self.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": self.end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


@dataclasses.dataclass(frozen=True)
class RunPlan:
    """Everything the graph needs; built and validated before the pipeline exists."""

    settings: Settings
    sources: tuple[FeedSource, ...]
    output: str
    """A local directory (absolute) or an object store prefix (``s3://bucket/run``)."""
    window: Window
    state_uri: str
    allow_addresses: tuple[str, ...]
    feed_validators: dict[str, dict[str, str | None]] = dataclasses.field(default_factory=dict)
    retry_entries: tuple[dict[str, Any], ...] = ()

    def feed_jobs(self) -> list[FeedJob]:
        """The feeds to read, each with the validators of the latest earlier window."""
        return [FeedJob(source, self.feed_validators.get(source.url)) for source in self.sources]

    def path(self, *parts: str) -> str:
        """A path under the output (``plan.path("records")``), local or in an object store."""
        return storage.join(self.output, *parts)

    @property
    def work_dir(self) -> str:
        return self.path("_work", self.window.tag)

    def work_file(self, name: str) -> str:
        """``<work_dir>/<name>.jsonl``: what the graph writes and the manifest reads."""
        return storage.join(self.work_dir, f"{name}.jsonl")

    def http_settings(self) -> HttpSettings:
        return http_settings(self.settings, self.allow_addresses)


def http_settings(settings: Settings, allow_addresses: tuple[str, ...]) -> HttpSettings:
    """The HTTP client settings of a run."""
    f = settings.fetch
    return HttpSettings(
        user_agent=f.user_agent,
        connect_timeout_s=f.connect_timeout_s,
        timeout_s=f.timeout_s,
        max_bytes=f.max_bytes,
        max_retries=f.max_retries,
        backoff_s=f.backoff_s,
        max_retry_after_s=f.max_retry_after_s,
        max_redirects=f.max_redirects,
        per_host_concurrency=f.per_host_concurrency,
        per_host_delay_s=f.per_host_delay_s,
        allow_addresses=allow_addresses,
    )
