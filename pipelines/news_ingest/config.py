"""Job settings loaded from YAML: the sections of ``pipelines.core.settings``, validated.

A config file is a partial overlay over the defaults: only the keys it names change. ``--set
section.key=value`` overlays single keys on top. Every problem raises
:class:`~pipelines.core.settings.ConfigError` naming the bad key, before any pipeline is built.
Workers never read config files: the launcher passes the section dataclasses (small and
picklable) into the transforms.

Check a file by hand with::

    python -c "from pipelines.news_ingest.config import load_settings as load; \
    print(load('config/prod.yaml'))"
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from pipelines.core.feeds import FeedSource
from pipelines.core.settings import (
    ConfigError,
    DedupConfig,
    ExtractConfig,
    FeedsConfig,
    FetchConfig,
    LanguageConfig,
    Settings,
    SinkConfig,
    StateConfig,
    StreamConfig,
    require,
)

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
        require(type(None) in hints, key, "must not be null")
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
            require(all(isinstance(v, str) for v in value), key, "must be a list of strings")
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
            require(
                section in _SECTION_TYPES,
                str(section),
                f"unknown section (known: {', '.join(_SECTION_TYPES)})",
            )
            if values is None:
                continue
            require(isinstance(values, Mapping), section, "must be a mapping of keys")
            hints = _resolved_hints(_SECTION_TYPES[section])
            for key, value in values.items():
                full = f"{section}.{key}"
                require(key in hints, full, f"unknown key (known: {', '.join(hints)})")
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
