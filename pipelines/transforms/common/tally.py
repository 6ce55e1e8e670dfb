"""Tally: the one stage that counts outcomes (the keys of ``pipelines.core.accounting``).

Each counted PCollection gets a ``TallyFn`` with the function that names its keys; per bundle
it adds the keys up and reports them twice over, from the same sums:

- as Beam counters in the ``wirestream.outcomes`` namespace (not the per-place and per-actor
  keys: a runner's metrics are not meant for thousands of names), which the launcher reads
  from the runner's result (``outcome_counts``) where the runner reports committed metrics;
- as ``(key, count)`` elements, which the batch graph sums and writes to the work directory:
  the portable fallback for a runner without metrics, and the per-name counts.

A retried bundle counts once either way: a bundle's outputs and its committed metrics are kept
only when it succeeds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.transforms.window import GlobalWindows

from pipelines.core.accounting import add_up, is_named

OUTCOMES = "wirestream.outcomes"
"""The Beam metrics namespace of the outcome counters."""

KeysOf = Callable[[Any], Iterable[str | tuple[str, int]]]


def _pairs(keys: Iterable[str | tuple[str, int]]) -> Iterable[tuple[str, int]]:
    for key in keys:
        yield (key, 1) if isinstance(key, str) else key


class TallyFn(beam.DoFn):
    """Elements → ``(key, count)`` per bundle (batch: the global window), and Beam counters."""

    def __init__(self, keys_of: KeysOf) -> None:
        self._keys_of = keys_of

    def start_bundle(self) -> None:
        self._counts: Counter[str] = Counter()

    # No return hint: Beam (2.78 and later) reads process()'s return hint as the output's
    # element type and rejects a non-iterable one such as ``None``.
    def process(self, element: Any):
        for key, n in _pairs(self._keys_of(element)):
            self._counts[key] += n

    def finish_bundle(self):
        for key, count in sorted(self._counts.items()):
            if not is_named(key):
                Metrics.counter(OUTCOMES, key).inc(count)
            yield GlobalWindows.windowed_value((key, count))


def count_pairs(keys_of: KeysOf) -> Callable[[Any], list[tuple[str, int]]]:
    """``keys_of`` as ``(key, n)`` pairs (the streaming graph counts them per window)."""
    return lambda element: list(_pairs(keys_of(element)))


def outcome_counts(result: Any) -> dict[str, int] | None:
    """The committed outcome counters of a finished pipeline, summed over steps; ``None`` when
    the runner reports no metrics (then the tallies in the work directory count)."""
    try:
        counters = result.metrics().query(MetricsFilter().with_namespace(OUTCOMES))["counters"]
    except (AttributeError, NotImplementedError, KeyError, TypeError):
        return None
    values = []
    for counter in counters:
        try:
            committed = counter.committed
        except Exception:  # some runners support attempted metrics only
            return None
        if committed is None:
            return None
        values.append((counter.key.metric.name, committed))
    # No counter at all: a runner that reports none (an empty run has no tallies either).
    return add_up(values) if values else None
