"""The event fields of one article (schema v2), from all the extractors of this package.

:class:`EventExtractor` runs the extractors in the order their links need: the dateline first
(it helps resolve places), then places, actors and times (each found with its offsets), then
quotes (the actors' full names complete surnames), sources cited, figures, and the events that
link actors, places and times found in one sentence.

What is attempted depends on the article's language:

- English (``en``): every field.
- Any other language: ``dateline``, ``places`` and ``location`` only. A dateline ("PARIS
  (AFP) —") is written the same way in every language; of the gazetteer's matches only
  countries, regions and seas are kept (``NON_ENGLISH_FEATURES``), because a capitalised word of
  another language is too often a small town's name ("Die", "Une", "Il"), and the location
  comes from the dateline or those. Actors, quotes, figures, sources, times and events need the
  English lexicons, so they stay empty and are not listed as attempted.

An extractor that raises leaves its field empty (``[]`` or ``null``) and is listed in
``extraction.failed``; nothing is dead-lettered for it, and the other fields are still filled.

Try it::

    python -m pipelines.core.events.record "KYIV, Ukraine (AP) — Ana Torres said on Friday..."
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from typing import Any

from pipelines.core.events import actors, events, figures, places, quotes, sources, times
from pipelines.core.events.dateline import extract_dateline
from pipelines.core.events.fields import EMPTY, FIELDS
from pipelines.core.events.gazetteer import gazetteer

_LOG = logging.getLogger(__name__)

LANGUAGE_FREE = ("dateline", "places", "location")
NON_ENGLISH_FEATURES = frozenset({"country", "region", "water"})


def attempted_fields(language: str | None) -> tuple[str, ...]:
    """The fields extracted for an article in ``language`` (ISO 639-1, ``und`` or None)."""
    if (language or "").split("-")[0] == "en":
        return FIELDS
    return LANGUAGE_FREE


class EventExtractor:
    """Extracts the event fields of articles; build one per worker (it loads the gazetteer)."""

    def __init__(self) -> None:
        gazetteer()  # built once per process, before the first article

    def extract(
        self,
        text: str,
        *,
        title: str | None = None,
        language: str | None = "en",
        reference: dt.datetime | None = None,
        feed_country: str | None = None,
    ) -> dict[str, Any]:
        """The event fields and ``extraction`` for one article.

        Args:
            text: The article's main text.
            title: Its headline, if known (places and actors are looked for there too).
            language: The detected language; decides what is attempted.
            reference: The moment relative dates resolve against (``published_at``, else the
                fetch time); without it no times are extracted.
            feed_country: The ISO 3166-1 alpha-2 code of the feed's region, from the registry.
        """
        attempted = attempted_fields(language)
        out: dict[str, Any] = dict(EMPTY)
        failed: list[str] = []
        title = title or ""

        def run(names: tuple[str, ...], step: Callable[[], Any]) -> Any:
            try:
                return step()
            except Exception:  # one extractor's bug must cost its fields, not the record
                _LOG.exception("event extraction failed for %s", ", ".join(names))
                for name in names:
                    out[name] = EMPTY[name]
                    failed.append(name)
                return None

        dateline = run(("dateline",), lambda: extract_dateline(text))
        out["dateline"] = dateline
        dateline_place = (dateline or {}).get("place")
        found_places = (
            run(
                ("places", "location"),
                lambda: places.find_places(
                    text, title, dateline_place=dateline_place, feed_country=feed_country
                ),
            )
            or []
        )
        if attempted is LANGUAGE_FREE:
            found_places = [p for p in found_places if p.feature in NON_ENGLISH_FEATURES]
        if "places" not in failed:
            ok = run(
                ("places", "location"),
                lambda: _set_places(out, found_places, dateline_place, title),
            )
            if ok is None:
                found_places = []
        if attempted is LANGUAGE_FREE:
            out["extraction"] = {"attempted": list(attempted), "failed": failed}
            return out

        found_actors = run(("actors",), lambda: actors.find_actors(text, title)) or []
        if "actors" not in failed:
            run(("actors",), lambda: out.__setitem__("actors", actors.summarize(found_actors)))
        people = [a.name for a in found_actors if a.type == "person"]
        out["quotes"] = run(("quotes",), lambda: quotes.extract_quotes(text, people)) or []
        out["sources_cited"] = (
            run(("sources_cited",), lambda: sources.extract_sources_cited(text)) or []
        )
        out["figures"] = run(("figures",), lambda: figures.extract_figures(text)) or []
        found_times = []
        if reference is not None:
            found_times = run(("times",), lambda: times.find_times(text, reference)) or []
            out["times"] = [{"text": text[s:e], "value": v} for s, e, v in found_times]
        out["events"] = (
            run(
                ("events",),
                lambda: events.extract_events(
                    text,
                    actors=[
                        events.Span(a.start, a.end, a.name)
                        for a in found_actors
                        if not a.in_title  # offsets into the title, not the text
                    ],
                    places=[
                        events.Span(p.start, p.end, p.name) for p in found_places if not p.in_title
                    ],
                    times=[(events.Span(s, e, text[s:e]), v) for s, e, v in found_times],
                ),
            )
            or []
        )
        out["extraction"] = {"attempted": list(attempted), "failed": failed}
        return out


def _set_places(out: dict[str, Any], found, dateline_place: str | None, title: str) -> bool:
    out["places"] = places.aggregate(found)
    location = places.primary_location(out["places"], dateline_place=dateline_place, title=title)
    if location is not None and location["count"] == 0:
        # The dateline names a place the rest of the text does not: the dateline is its one
        # mention, so the location is still one of the places.
        location = {**location, "count": 1, "mentions": [dateline_place.split(",")[0].strip()]}
        out["places"].append(location)
    out["location"] = location
    return True


def main(argv: list[str]) -> int:
    """Prints the event fields of the text given as the argument (or on standard input)."""
    import json

    text = " ".join(argv) if argv else sys.stdin.read()
    fields = EventExtractor().extract(text, reference=dt.datetime.now(dt.UTC))
    print(json.dumps(fields, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
