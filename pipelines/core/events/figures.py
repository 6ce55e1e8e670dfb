"""Reported figures in English text: counts, amounts of money and percentages.

Each figure is ``{"value": number, "text": surface, "unit_or_subject": str | None}``::

    more than 2,300 households  → 2300, "households" (the qualifier stays in the text only)
    1.2 million people          → 1200000, "people"
    about 3.5 million           → 3500000, None
    $4.5 billion, €20m, £3bn    → 4500000000 "USD", 20000000 "EUR", 3000000000 "GBP"
    4.5 billion dollars         → 4500000000, "USD"
    12 percent, 12%, 12 per cent → 12, "%"; "3 percentage points" → 3, "percentage points"
    40 km, 5kg                  → 40 "km", 5 "kg"
    three people, a dozen ships → 3 "people", 12 "ships" (spelled-out numbers need a noun
                                  after them, or a scale: "two million" → 2000000)

The subject is the noun right after the number (with one modifier before it: "2,300 displaced
households"), or None when a function word follows ("3.5 million in aid").

Skipped, because they are not quantities: years ("in 2024", "the 2026 elections"), dates
("March 3", "3 March", "2026-03-03", "3/4"), times of day ("9 am", "9:30", "0600 GMT"),
ordinals ("3rd"), decades ("1990s"), hyphenated compounds ("10-day", "34-year-old", "5,000-
strong"), scores and ranges written with a hyphen ("3-1"), identifiers ("Flight 17", "Gate 4",
"Boeing 737", "COVID-19", "G7"), negative numbers, and spelled-out numbers after a determiner
("the two sides") or without a noun ("two of them"). Values are exact (decimal arithmetic):
int when whole, float otherwise. Output follows text order.

Try it::

    python -c "from pipelines.core.events.figures import extract_figures as f; \
print(f('More than 2,300 households and 1.2 million people lost power in 2024.'))"
"""

from __future__ import annotations

import re
from decimal import Decimal


def _words(text: str) -> list[str]:
    """The words of a word list written as one string."""
    return text.split()


_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "lakh": 10**5,
    "crore": 10**7,
    "k": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "tn": 10**12,
}
_CURRENCY_SIGNS = {
    "$": "USD",
    "US$": "USD",
    "A$": "AUD",
    "C$": "CAD",
    "HK$": "HKD",
    "NZ$": "NZD",
    "S$": "SGD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₩": "KRW",
    "₺": "TRY",
    "₴": "UAH",
    "RS": "INR",
    "RS.": "INR",
}
_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "CHF", "INR", "RUB", "UAH", "CAD", "AUD")
_CURRENCY_WORDS = {
    "dollars": "USD",
    "us dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "rupees": "INR",
    "roubles": "RUB",
    "rubles": "RUB",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
}
# Units written right after the digits ("5kg"); anything else glued on ("3rd", "5G") is no figure.
_ATTACHED_UNITS = {
    "km",
    "kg",
    "mm",
    "cm",
    "ft",
    "mph",
    "kph",
    "ha",
    "kw",
    "mw",
    "gw",
    "kwh",
    "mwh",
    "gwh",
    "mb",
    "gb",
    "tb",
}
# Number words shared with times.py ("two days ago").
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_SMALL = {
    **NUMBER_WORDS,
    "dozen": 12,
    "a dozen": 12,
    "a": 1,
    "half a": 0.5,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
FUNCTION_WORDS = frozenset(
    _words("""a an the of in on at to for by from with and or but nor was were is are be been being
    has have had will would could should may might can must shall do does did that which who
    whom whose as than per into onto over under since until till after before during this
    these those its their his her our my your more less so such if when while because
    according said says compared against across between among about around up down out off
    each every last next also not no only just yet still then there here it they we he she
    you i both all worth including earlier later ago where how what whether via toward towards
    within without through throughout despite amid beyond above below near like unlike
    respectively alone apiece each other another same further""")
)
# Modifiers that may stand between a number and its noun ("2,300 displaced households").
_MODIFIERS = frozenset(
    _words("""new more additional other extra further young old local foreign international
    registered estimated confirmed suspected reported remaining total""")
)
_DETERMINERS = frozenset(
    _words("""the these those both all its their his her our my your every each first last next
    other any no this that""")
)
_YEAR_BEFORE = frozenset(
    _words("""in since by from until till to through of between and before after during early late
    mid year years the fiscal spring summer autumn fall winter january february march april
    may june july august september october november december""")
)
_IDENTIFIER_BEFORE = frozenset(
    _words("""no no. nos. number article articles resolution route highway flight section chapter
    room gate line platform terminal block level page vol. volume act decree bill law case
    unit ward district sector zone phase category class grade stage round game week day lot
    pier berth dock quay hall building bus train channel radio item rule paragraph clause
    figure table exhibit amendment""")
)
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
_WEEKDAYS_MONTHS = frozenset(
    _words("""monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""")
)

_SPELLED = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+dozen|dozen"
    r"|(?:a|half\s+a)(?=\s+(?:thousand|million|billion|trillion)\b))"
)
_TAIL = (
    r"(?:(?P<short>bn|mn|tn|[mkb])(?![\w])"
    r"|\s*(?P<scale>thousand|million|billion|trillion|lakh|crore)\b)?"
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b|pct\b|percentage\s+points?\b))?"
)
# Numbers are found by their digits (a pattern that starts with a digit is scanned fast);
# the currency and the qualifier before them are looked up afterwards.
_NUMERIC = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)" + _TAIL)
_WORDS = re.compile(rf"(?<![\w-])(?P<word>{_SPELLED})(?![\w-])" + _TAIL)  # on lowercase text
_CUR_BEFORE = re.compile(
    rf"(?P<cur>US\$|A\$|C\$|HK\$|NZ\$|S\$|\$|€|£|¥|₹|₽|₩|₺|₴|\b(?:{'|'.join(_CODES)})|\bRs\.?)"
    r"\s?$"
)
_QUAL_BEFORE = re.compile(
    r"(?P<qual>(?i:\b(?:(?:more|fewer|less)\s+than|at\s+least|at\s+most|up\s+to|about|around"
    r"|nearly|almost|over|some|roughly|approximately|an\s+estimated|estimated|just\s+over"
    r"|just\s+under|close\s+to|as\s+many\s+as|as\s+much\s+as|as\s+few\s+as)))\s+$"
)


class _Hit:
    """A number with its scale, percent sign, currency and qualifier (a match-like view)."""

    def __init__(self, text: str, m: re.Match) -> None:
        self.groups = {k: m[k] for k in ("short", "scale", "pct")}
        self.groups["num"] = m.groupdict().get("num")
        word = m.groupdict().get("word")
        self.groups["word"] = text[m.start("word") : m.end("word")] if word else None
        for k in ("short", "scale", "pct"):  # back to the original case
            if m[k]:
                self.groups[k] = text[m.start(k) : m.end(k)]
        self.num_start = m.start("num" if self.groups["num"] else "word")
        self.num_end = m.end("num" if self.groups["num"] else "word")
        self.end = m.end()
        self.start = self.num_start
        cur = _CUR_BEFORE.search(text, max(0, self.start - 5), self.start)
        self.groups["cur"] = cur["cur"] if cur else None
        if cur:
            self.start = cur.start()
        qual = _QUAL_BEFORE.search(text, max(0, self.start - 25), self.start)
        self.groups["qual"] = qual["qual"] if qual else None
        if qual:
            self.start = qual.start()

    def __getitem__(self, key: str) -> str | None:
        return self.groups[key]


def _hits(text: str) -> list[_Hit]:
    lower = text.lower()
    words = _WORDS.finditer(lower) if len(lower) == len(text) else ()
    hits = [_Hit(text, m) for m in _NUMERIC.finditer(text)]
    hits += [_Hit(text, m) for m in words]
    return sorted(hits, key=lambda h: h.num_start)


_AFTER_WORD = re.compile(r"[ \t]+(?:(?P<w1>[A-Za-z][a-z\-]*[a-z]|[a-z])(?![\w'’]))")
_CURRENCY_AFTER = re.compile(
    r"[ \t]+(?P<cw>US\s+dollars|dollars|euros?|pounds\s+sterling|yen|yuan|rupees|r[ou]bles"
    r"|hryvnias?)\b",
    re.I,
)
_TIME_AFTER = re.compile(
    r"\s*(?:[ap]\.?m\b\.?|[ap]\.m\.|GMT\b|UTC\b|Z\b|o['’]clock|hrs\b|h\b|local\s+time)", re.I
)
_DATE_AFTER = re.compile(rf"(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS}\b\.?")
_DATE_BEFORE = re.compile(rf"\b{_MONTHS}\.?\s+$")
_PREV_WORD = re.compile(r"([\w.'’]+[.!?]?)[ \t]+$")
_AGE = re.compile(r"[A-Z][\w'’\-]+,[ \t]+$")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”(\[\n])\s*$")


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _spelled(word: str) -> Decimal:
    word = " ".join(word.lower().split())
    if word in _SMALL:
        return Decimal(str(_SMALL[word]))
    tens, _, unit = word.partition("-")
    return Decimal(_TENS[tens] + (_SMALL[unit] if unit else 0))


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _subject(text: str, pos: int) -> tuple[str | None, int]:
    """The noun after ``pos`` (with at most one modifier), and where it ends."""
    m = _AFTER_WORD.match(text, pos)
    if not m:
        return None, pos
    w1 = m["w1"]
    low = w1.lower()
    if low in FUNCTION_WORDS or low in _WEEKDAYS_MONTHS:
        return None, pos
    if w1[0].isupper() and not (w1.endswith("s") and w1[1:].islower()):
        return None, pos
    if low in _MODIFIERS or low.endswith(("ed", "ing")):
        m2 = _AFTER_WORD.match(text, m.end())
        if m2 and m2["w1"].islower() and m2["w1"] not in FUNCTION_WORDS:
            return f"{w1} {m2['w1']}", m2.end()
    return w1, m.end()


def _previous_word(text: str, pos: int) -> tuple[str, bool]:
    """The word before ``pos`` and whether it opens a sentence."""
    m = _PREV_WORD.search(text, max(0, pos - 40), pos)
    if not m:
        return "", True
    if m[1][-1] in ".!?":
        return m[1], True  # the number opens a sentence
    return m[1], bool(_SENTENCE_END.search(text, max(0, m.start() - 3), m.start()))


def extract_figures(text: str) -> list[dict]:
    """Finds the reported figures of a text, in text order.

    Args:
        text: English text.

    Returns:
        ``[{"value": int | float, "text": str, "unit_or_subject": str | None}]``; ``text``
        is the surface from the qualifier ("more than") to the unit or subject.
    """
    figures = []
    for m in _hits(text):
        start = m.start
        num_end = m.num_end
        before = text[start - 1] if start else " "
        if before.isalnum() or before in "-./:#@$€£¥_'’":
            continue
        after = text[num_end : num_end + 2]
        if m["num"] and not m["short"] and re.match(r"[\w\-/:]|[.,]\d|['’]s", after):
            glued = re.match(r"[A-Za-z]+", text[num_end:])  # "5kg" is a figure, "3rd" is not
            glued_end = num_end + len(glued[0]) if glued else num_end
            if (
                not glued
                or glued[0].lower() not in _ATTACHED_UNITS
                or text[glued_end : glued_end + 1].isalnum()
            ):
                continue
        if m["short"] in ("m", "k", "b") and not m["cur"]:
            continue
        if _TIME_AFTER.match(text, num_end) and not (m["scale"] or m["pct"] or m["cur"]):
            continue
        if _DATE_AFTER.match(text, num_end) or _DATE_BEFORE.search(
            text, max(0, start - 12), start
        ):
            continue
        prev, opens = _previous_word(text, start)
        prev_low = prev.lower()
        if prev_low in _IDENTIFIER_BEFORE or prev_low.rstrip(".") in _IDENTIFIER_BEFORE:
            continue
        if (
            m["num"]
            and not (m["qual"] or m["cur"])
            and prev[:1].isupper()
            and not opens
            and prev_low not in FUNCTION_WORDS
        ):
            continue  # "Boeing 737", "France 24"
        if (
            m["num"]
            and not (m["qual"] or m["cur"] or m["short"] or m["scale"] or m["pct"])
            and _AGE.search(text, max(0, start - 40), start)
            and text[num_end : num_end + 1] == ","
        ):
            continue  # "Elena Rojas, 67, a retired teacher": an age
        value = _number(m["num"]) if m["num"] else _spelled(m["word"])
        scale = m["short"] or m["scale"]
        if scale:
            value *= _SCALES[scale.lower()]
        end = m.end
        unit: str | None = None
        if m["cur"]:
            unit = _CURRENCY_SIGNS.get(m["cur"].strip().upper(), m["cur"].strip().upper())
        elif m["pct"]:
            unit = "percentage points" if m["pct"].startswith("percentage") else "%"
        else:
            glued = re.match(r"[A-Za-z]+", text[num_end:]) if m["num"] and not scale else None
            if glued:
                unit, end = glued[0], num_end + len(glued[0])
            else:
                cw = _CURRENCY_AFTER.match(text, end)
                if cw:
                    unit = _CURRENCY_WORDS[" ".join(cw["cw"].lower().split())]
                    end = cw.end()
                else:
                    unit, end = _subject(text, end)
        is_year = (
            m["num"]
            and re.fullmatch(r"1[89]\d\d|20\d\d|2100", m["num"])
            and not (m["qual"] or m["cur"] or scale or m["pct"])
        )
        if is_year and (unit is None or prev_low in _YEAR_BEFORE):
            continue
        if m["word"] and not scale:
            if unit is None or m["pct"] or m["word"].lower() in ("one", "a", "half a"):
                continue
            if prev_low in _DETERMINERS:
                continue  # "the two sides"
        figures.append({"value": _plain(value), "text": text[start:end], "unit_or_subject": unit})
    return figures
