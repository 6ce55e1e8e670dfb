"""The event fields of schema v2 and their empty values: one list, for the extractor and the
record builder (``pipelines.core.events.record``, ``pipelines.core.records``)."""

from __future__ import annotations

from typing import Any

# A field with nothing found: lists are empty, single places and datelines are null.
EMPTY: dict[str, Any] = {
    "places": [],
    "location": None,
    "actors": [],
    "quotes": [],
    "figures": [],
    "sources_cited": [],
    "dateline": None,
    "times": [],
    "events": [],
}
FIELDS = tuple(EMPTY)
