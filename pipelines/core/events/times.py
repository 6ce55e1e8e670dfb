"""Dates and times in English text, resolved against the publication time.

Each expression gives ``{"text": surface, "value": ISO 8601}``, at the precision the text
supports:

- a day: ``"2026-11-20"`` ("March 3", "3 March 2026", "2026-03-03", "Friday", "yesterday");
- a day and a clock time in UTC: ``"2026-11-20T06:00:00Z"``, only when the text gives a zone
  ("on Friday from 9 am [0600 GMT]", "at 1400 GMT", "10:00 CET", "2026-11-20T06:00:00Z");
- a week ``"2026-W48"`` ("next week"), a month ``"2026-03"`` ("in March"), a year
  ``"2024"`` ("in 2024", "last year").

Assumptions, stated because the text leaves them open:

- The calendar is the writer's: relative days count from ``published_at`` in its own time
  zone (a naive ``published_at`` is taken as UTC).
- A clock time without a zone ("at 9 am") is local time at an unknown offset, so it is not
  converted: the value keeps only the day it falls on ("Friday at 9 am" → "2026-11-20"), and a
  zoneless time with no day is not reported. When a local time comes with its GMT/UTC
  equivalent ("9 am [0600 GMT]"), the UTC one gives the value and the pair gives the offset,
  so a day crossing ("1 am Saturday [2200 GMT]") lands on the right UTC day.
- A zoned time without a day ("at 1400 GMT") is on the publication day (UTC).
- A date without a year is in the year that puts it nearest to the publication date, so
  "December 30" in an article of January 2 is in the previous year.
- A weekday ("on Friday") is resolved by, in order: a qualifier ("last Friday" → the previous
  one, 1 to 7 days back; "next Friday", "this Friday", "this coming Friday" → the next one, 1
  to 7 days ahead; "this past Friday" → the previous one); else the tense nearest to it in its
  sentence (future: "will", "would", "is due", "scheduled", "expected to", "set to", "plans
  to", "going to"; past: "was", "were", "had", "said", "ago" and other "-ed" verbs), past
  giving the most recent such day (today included) and future the next one (today included);
  else the nearest such day, so in an article published on a Thursday "Friday" is the next
  day and "Wednesday" the day before. "every Friday" and "Fridays" are not dates.
- Numeric dates with slashes ("3/4/2026") are not read: day-month and month-day orders are
  both in use.

Try it::

    python -c "import datetime as d; from pipelines.core.events.times import extract_times as t; \
print(t('Voting starts on Friday from 9 am [0600 GMT].', d.datetime(2026, 11, 19, 15)))"
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from pipelines.core.events.figures import NUMBER_WORDS

UTC = dt.UTC

_MONTH_NAMES = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_FULL = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SMALL = {"a": 1, "an": 1, **NUMBER_WORDS}
# Unambiguous zone abbreviations (CST, IST and GST name several zones and are left out).
_ZONES = {
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "BST": 60,
    "WET": 0,
    "WEST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "WAT": 60,
    "CAT": 120,
    "EAT": 180,
    "SAST": 120,
    "PKT": 300,
    "ICT": 420,
    "WIB": 420,
    "HKT": 480,
    "SGT": 480,
    "JST": 540,
    "KST": 540,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
    "EST": -300,
    "EDT": -240,
    "PST": -480,
    "PDT": -420,
    "MST": -420,
    "MDT": -360,
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_AMPM = r"(?:[ap]\.m\.|[ap]m\b)"
_ZONE_NAMES = "|".join(sorted(_ZONES, key=len, reverse=True))


def _local_clock(p: str) -> str:
    """A zoneless clock time: "9 am", "9.30pm", "21:00", "noon" (groups prefixed ``p``)."""
    return (
        rf"(?:(?P<{p}h>\d{{1,2}})(?:[:.](?P<{p}mi>\d{{2}}))?\s*(?P<{p}ap>{_AMPM})"
        rf"|(?P<{p}h24>[01]?\d|2[0-3]):(?P<{p}mi24>[0-5]\d)(?![\d:])"
        rf"|(?P<{p}noon>noon|midday|midnight))(?!\s*(?:{_ZONE_NAMES})(?![\w]))"
    )


def _zoned_clock(p: str) -> str:
    """A clock time with a zone: "0600 GMT", "06:00 UTC", "9 am GMT", "noon CET"."""
    return (
        rf"(?:(?P<{p}h>[01]?\d|2[0-3])(?:[:.h]?(?P<{p}mi>[0-5]\d))?\s*(?P<{p}ap>{_AMPM})?\s*"
        rf"|(?P<{p}noon>noon|midday|midnight)\s+)(?P<{p}zone>{_ZONE_NAMES})(?![\w])"
    )


# Every pattern starts with a digit or a fixed word, which the regex engine scans for fast;
# what may stand before it ("last Friday", "in 2024") is looked up backwards afterwards.
_PATTERNS = [
    (
        "iso",
        re.compile(
            r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
            r"(?:[T ](?P<H>[0-2]\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?:\.\d+)?"
            r"(?P<tz>Z|[+-][0-2]\d:?[0-5]\d)?)?(?![\d-])"
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"(?P<mon>{_MONTH})\b\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
            r"(?:,?\s+(?P<y>(?:19|20)\d\d)(?!\d))?"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{_MONTH})\b\.?"
            r"(?:,?\s+(?P<y>(?:19|20)\d\d)(?!\d))?"
        ),
    ),
    ("month", re.compile(rf"(?P<mon>{_FULL_MONTH})\b(?:\s+(?P<y>(?:19|20)\d\d)(?!\d))?")),
    (
        "year",
        re.compile(r"(?P<y>(?:19|20)\d\d)(?![\d/\-%]|\s*(?:percent|per\s+cent|people))"),
    ),
    ("weekday", re.compile(r"(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?![\w])")),
    (
        "relative",
        re.compile(
            r"(?P<rel>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow"
            r"|[Tt]his\s+(?:morning|afternoon|evening))\b"
        ),
    ),
    ("span", re.compile(r"(?P<q>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<unit>week|month|year)\b")),
    ("ago", re.compile(r"\bago\b")),
    ("clock", re.compile(r"\d|noon|midday|midnight")),
]
_PAIR = re.compile(
    rf"{_local_clock('l')}(?:\s+local\s+time)?\s*[\[(]\s*{_zoned_clock('z')}\s*[\])]"
)
_ZONED_CLOCK = re.compile(_zoned_clock("z"))
_LOCAL_CLOCK = re.compile(_local_clock("l"))
_MONTH_BEFORE = re.compile(
    r"(?:\b(?i:in|by|since|until|till|from|through|during|early|late|mid|of|before|after)[\s-]+"
    r"|\b(?P<q>last|next|this)\s+)$"
)
_YEAR_BEFORE = re.compile(r"\b(?i:in|since|by|until|till|before|after|during|from|through)\s+$")
_WEEKDAY_BEFORE = re.compile(
    r"\b(?P<q>(?i:last|next|this\s+coming|this\s+past|this|coming|past|every|since|on))\s+$"
)
_RELATIVE_BEFORE = re.compile(r"\b(?i:the\s+day\s+(?P<ba>before|after)|earlier)\s+$")
_AGO_BEFORE = re.compile(
    r"\b(?P<n>\d{1,2}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten))\s+"
    r"(?P<unit>(?i:days?|weeks?))\s+$"
)
_DATE_KINDS = ("iso", "mdy", "dmy", "weekday", "relative", "ago")
_TIME_KINDS = ("pair", "zoned", "local")
_DATE_TO_TIME = re.compile(
    r"\s*,?\s*(?:(?:from|at|around|about|by|until|till|after|before|starting|beginning"
    r"|between|in\s+the\s+(?:morning|afternoon|evening)|morning|afternoon|evening|night)"
    r"(?:\s+at)?\s+)?"
)
_TIME_TO_DATE = re.compile(r"\s*,?\s*(?:on\s+|this\s+)?")
_WEEKDAY_TO_DATE = re.compile(r"\s*,?\s*\(?\s*")
_FUTURE = re.compile(
    r"\b(?:will|shall|would|'ll|due|scheduled|expected\s+to|set\s+to|plans?\s+to|planned"
    r"|planning|going\s+to|is\s+to|are\s+to|upcoming|intends?\s+to|hopes?\s+to)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|ago|earlier|began|came|went|met|left|took|made|gave"
    r"|held|led|fled|flew|fell|won|lost|saw|sent|spoke|struck|hit|killed|\w{3,}ed)\b",
    re.I,
)
_SENTENCE = re.compile(r"[.!?](?!\d)|\n")
_CLAUSE = re.compile(r"[.!?](?!\d)|\n|,(?!\d)|[;:()\[\]—–]")


@dataclasses.dataclass
class _Item:
    start: int
    end: int
    kind: str
    value: str | None = None
    day: dt.date | None = None
    clock: tuple[int, int] | None = None  # hour, minute
    offset: int | None = None  # minutes east of UTC, when the zone is known


def _nearest_year(ref: dt.date, month: int, day: int) -> dt.date | None:
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs(candidate - ref) < abs(best - ref):
            best = candidate
    return best


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_tense(text: str, start: int, end: int, left: int, right: int) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, tense in ((_FUTURE, "future"), (_PAST, "past")):
        for m in pattern.finditer(text, left, right):
            if tense == "past" and _FUTURE.fullmatch(m[0]):
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end
            if distance >= 0 and (best is None or distance < best[0]):
                best = (distance, tense)
    return best[1] if best else None


def _tense(text: str, start: int, end: int) -> str | None:
    """The tense nearest to ``text[start:end]`` in its clause, else in its sentence."""
    for boundary in (_CLAUSE, _SENTENCE):
        before = [m.end() for m in boundary.finditer(text, max(0, start - 200), start)]
        left = before[-1] if before else max(0, start - 200)
        after = boundary.search(text, end, end + 200)
        right = after.start() if after else min(len(text), end + 200)
        tense = _nearest_tense(text, start, end, left, right)
        if tense:
            return tense
    return None


def _weekday(text: str, m: re.Match, qualifier: str, ref: dt.date) -> dt.date | None:
    target = _WEEKDAYS.index(m["wd"].lower())
    ahead = (target - ref.weekday()) % 7
    behind = (ref.weekday() - target) % 7
    if qualifier == "every":
        return None
    if qualifier == "since":
        return ref - dt.timedelta(days=behind)
    if qualifier in ("last", "past", "this past"):
        return ref - dt.timedelta(days=behind or 7)
    if qualifier in ("next", "this", "coming", "this coming"):
        return ref + dt.timedelta(days=ahead or 7)
    tense = _tense(text, m.start("wd"), m.end("wd"))
    if tense == "past":
        return ref - dt.timedelta(days=behind)
    if tense == "future":
        return ref + dt.timedelta(days=ahead)
    return ref + dt.timedelta(days=ahead) if ahead <= behind else ref - dt.timedelta(days=behind)


def _clock(m: re.Match, p: str) -> tuple[int, int] | None:
    """The (hour, minute) of the clock groups prefixed ``p`` of a match."""
    g = m.groupdict()
    if g.get(f"{p}noon"):
        return (0, 0) if g[f"{p}noon"].lower() == "midnight" else (12, 0)
    if g.get(f"{p}h24") is not None:
        return int(g[f"{p}h24"]), int(g[f"{p}mi24"])
    hour, minute = int(g[f"{p}h"]), int(g[f"{p}mi"] or 0)
    ampm = g.get(f"{p}ap")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    return (hour, minute) if hour < 24 and minute < 60 else None


def _clock_item(text: str, pos: int) -> _Item | None:
    """A clock time starting at ``pos``: a local/UTC pair, a zoned time or a local one."""
    m = _PAIR.match(text, pos)
    if m:
        local, zoned = _clock(m, "l"), _clock(m, "z")
        if local is None or zoned is None:
            return None
        diff = (local[0] * 60 + local[1]) - (zoned[0] * 60 + zoned[1])
        diff = (diff + 12 * 60) % (24 * 60) - 12 * 60  # into [-12h, +12h)
        return _Item(pos, m.end(), "pair", clock=local, offset=diff + _ZONES[m["zzone"]])
    m = _ZONED_CLOCK.match(text, pos)
    if m:
        clock = _clock(m, "z")
        if clock is None:
            return None
        return _Item(pos, m.end(), "zoned", clock=clock, offset=_ZONES[m["zzone"]])
    m = _LOCAL_CLOCK.match(text, pos)
    if m:
        clock = _clock(m, "l")
        return _Item(pos, m.end(), "local", clock=clock) if clock else None
    return None


def _items(text: str, ref: dt.datetime) -> list[_Item]:
    """Every date or time expression, longest first where they overlap."""
    day0 = ref.date()
    found: list[_Item] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start = m.start()
            prev = text[start - 1] if start else " "
            item = _Item(start, m.end(), kind)
            if kind in ("iso", "dmy", "year", "clock") and (prev.isalnum() or prev in "-:."):
                continue
            if kind == "iso":
                day = _date(int(m["y"]), int(m["m"]), int(m["d"]))
                if day is None:
                    continue
                item.day = day
                if m["H"] is not None and m["tz"]:
                    tz = m["tz"].replace(":", "")
                    sign = -1 if tz[0] == "-" else 1
                    offset = 0 if tz == "Z" else sign * (int(tz[1:3]) * 60 + int(tz[3:]))
                    item.clock, item.offset = (int(m["H"]), int(m["M"])), offset
            elif kind in ("mdy", "dmy"):
                if kind == "mdy" and prev.isalpha():
                    continue
                month, day = _MONTH_NAMES[m["mon"].lower()], int(m["d"])
                if m["y"]:
                    item.day = _date(int(m["y"]), month, day)
                else:
                    item.day = _nearest_year(day0, month, day)
                if item.day is None:
                    continue
                if m[0].endswith(".") and m["mon"].lower() in _FULL:
                    item.end -= 1  # "3 December." ends a sentence; "3 Dec." is abbreviated
            elif kind == "month":
                before = _MONTH_BEFORE.search(text, max(0, start - 12), start)
                if prev.isalpha() or not (before or m["y"]):
                    continue
                month = _MONTH_NAMES[m["mon"].lower()]
                q = before["q"] if before else None
                if m["y"]:
                    year = int(m["y"])
                elif q == "last":
                    year = day0.year if month < day0.month else day0.year - 1
                elif q == "next":
                    year = day0.year if month > day0.month else day0.year + 1
                else:
                    year = min(
                        (day0.year - 1, day0.year, day0.year + 1),
                        key=lambda y, mo=month: abs((y - day0.year) * 12 + mo - day0.month),
                    )
                item.value = f"{year:04d}-{month:02d}"
                if q:
                    item.start = before.start("q")
            elif kind == "year":
                if not _YEAR_BEFORE.search(text, max(0, start - 10), start):
                    continue
                item.value = m["y"]
            elif kind == "weekday":
                before = _WEEKDAY_BEFORE.search(text, max(0, start - 15), start)
                qualifier = " ".join(before["q"].lower().split()) if before else ""
                item.day = _weekday(text, m, qualifier, day0)
                if item.day is None:
                    continue
                if qualifier not in ("", "on", "since"):
                    item.start = before.start("q")
            elif kind == "relative":
                rel = m["rel"].lower()
                shift = {"yesterday": -1, "tomorrow": 1}.get(rel, 0)
                before = _RELATIVE_BEFORE.search(text, max(0, start - 20), start)
                if before and before["ba"] and rel in ("yesterday", "tomorrow"):
                    shift *= 2  # "the day before yesterday", "the day after tomorrow"
                    item.start = before.start()
                elif before and rel == "today":
                    item.start = before.start()  # "earlier today"
                item.day = day0 + dt.timedelta(days=shift)
            elif kind == "span":
                unit, q = m["unit"].lower(), m["q"].lower()
                step = {"last": -1, "next": 1, "this": 0}[q]
                if unit == "week":
                    year, week, _ = (day0 + dt.timedelta(weeks=step)).isocalendar()
                    item.value = f"{year:04d}-W{week:02d}"
                elif unit == "month":
                    months = day0.year * 12 + day0.month - 1 + step
                    item.value = f"{months // 12:04d}-{months % 12 + 1:02d}"
                else:
                    item.value = f"{day0.year + step:04d}"
            elif kind == "ago":
                before = _AGO_BEFORE.search(text, max(0, start - 20), start)
                if not before:
                    continue
                n = before["n"].lower()
                count = int(n) if n.isdigit() else _SMALL[n]
                item.start = before.start()
                if before["unit"].lower().startswith("week"):
                    year, week, _ = (day0 - dt.timedelta(weeks=count)).isocalendar()
                    item.value = f"{year:04d}-W{week:02d}"
                else:
                    item.day = day0 - dt.timedelta(days=count)
            elif kind == "clock":
                clock_item = _clock_item(text, start)
                if clock_item is None:
                    continue
                item = clock_item
            found.append(item)
    found.sort(key=lambda i: (i.start, -(i.end - i.start)))
    items: list[_Item] = []
    for item in found:
        if items and item.start < items[-1].end:
            continue
        items.append(item)
    return items


def _utc(day: dt.date, clock: tuple[int, int], offset: int) -> str:
    moment = dt.datetime(day.year, day.month, day.day, *clock) - dt.timedelta(minutes=offset)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def extract_times(text: str, published_at: dt.datetime) -> list[dict]:
    """Finds the date and time expressions of a text and resolves them.

    Args:
        text: English text.
        published_at: When the text was published; naive means UTC.

    Returns:
        ``[{"text": str, "value": str}]`` in text order; ``value`` is ISO 8601: a day
        ("2026-11-20"), a UTC time ("2026-11-20T06:00:00Z"), a week ("2026-W48"), a month
        ("2026-03") or a year ("2024"). See the module docstring for the rules.
    """
    return [
        {"text": text[start:end], "value": value}
        for start, end, value in find_times(text, published_at)
    ]


def find_times(text: str, published_at: dt.datetime) -> list[tuple[int, int, str]]:
    """:func:`extract_times` with the offsets: ``[(start, end, value)]`` in text order."""
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=UTC)
    items = _items(text, published_at)
    utc_day = published_at.astimezone(UTC).date()
    results = []
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        start, end = item.start, item.end
        day, clock, offset = item.day, item.clock, item.offset
        # "Friday, March 3": the explicit date wins.
        if (
            item.kind == "weekday"
            and nxt
            and nxt.kind in ("mdy", "dmy", "iso")
            and _WEEKDAY_TO_DATE.fullmatch(text, item.end, nxt.start)
        ):
            day, end = nxt.day, nxt.end
            if text[end : end + 1] == ")" and "(" in text[item.end : nxt.start]:
                end += 1
            i += 1
            nxt = items[i + 1] if i + 1 < len(items) else None
        if item.kind in _DATE_KINDS and day is not None and clock is None and nxt:
            if nxt.kind in _TIME_KINDS and _DATE_TO_TIME.fullmatch(text, end, nxt.start):
                clock, offset, end = nxt.clock, nxt.offset, nxt.end
                i += 1
        elif (
            item.kind in _TIME_KINDS
            and nxt
            and nxt.kind in _DATE_KINDS
            and nxt.day
            and _TIME_TO_DATE.fullmatch(text, end, nxt.start)
        ):
            day, end = nxt.day, nxt.end  # "9 am on Friday"
            i += 1
        i += 1
        if item.value is not None:
            value = item.value
        elif clock is not None and offset is not None:
            value = _utc(day or utc_day, clock, offset)
        elif day is not None:
            value = day.isoformat()
        else:
            continue  # a local time with no day
        results.append((start, end, value))
    return results
