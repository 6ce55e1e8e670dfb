"""Emitting elements into a given window from DoFns that buffer across elements.

Stages that batch work (fetch lanes, state look-ups) hand results on after the element that
caused them, in ``finish_bundle`` or while processing another element. Those results must keep
the window of the element they came from: in a batch run that is the global window, in a
streaming run a fixed window, and the two must not be mixed up.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apache_beam.transforms.window import BoundedWindow, GlobalWindow, GlobalWindows
from apache_beam.utils.windowed_value import WindowedValue

from pipelines.core import clock

__all__ = ["in_window", "is_global", "window_end_key", "window_start_key", "window_tag"]


def is_global(window: Any) -> bool:
    """True for the global window, and outside a runner (a DoFn called directly in a test)."""
    return not isinstance(window, BoundedWindow) or isinstance(window, GlobalWindow)


def in_window(value: Any, window: Any) -> WindowedValue:
    """``value`` in ``window`` (timestamped at the window's end, or as batch values are)."""
    if is_global(window):
        return GlobalWindows.windowed_value(value)
    return WindowedValue(value, window.max_timestamp(), [window])


def window_start_key(window: Any, default: str | None = None) -> str:
    """The state key of a window: its start as RFC 3339 text (``default`` for the global one)."""
    if is_global(window):
        if default is None:
            raise ValueError("a global-window element needs an explicit window start")
        return default
    return clock.rfc3339_seconds(window.start.micros / 1e6)


def window_end_key(window: Any) -> str:
    """The end of a fixed window as RFC 3339 text."""
    return clock.rfc3339_seconds(window.end.micros / 1e6)


def window_tag(window: Any) -> str:
    """The file-name tag of a fixed window, as the batch launcher names its windows."""
    return clock.window_tag(
        datetime.fromtimestamp(window.start.micros / 1e6, UTC),
        datetime.fromtimestamp(window.end.micros / 1e6, UTC),
    )
