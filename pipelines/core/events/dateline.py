"""Datelines: the place and agency an English news text opens with.

Recognised openings (the dash may be an em dash, an en dash, ``-`` or ``--``)::

    KYIV, Ukraine (AP) — ...         place "KYIV, Ukraine", agency "AP"
    LONDON, March 3 (Reuters) - ...  place "LONDON" (the date is dropped), agency "Reuters"
    GENEVA (AFP) -- ...              place "GENEVA", agency "AFP"
    (Reuters) - ...                  agency only
    NAIROBI, Kenya — ...             place only
    SPRINGFIELD, Ill. (AP) — ...     AP-style state abbreviations

The place keeps the capitalisation it was written with, so "KYIV, Ukraine" stays as it is (a
gazetteer lookup should fold case). A dateline without an agency is only accepted when it can
hardly be an ordinary first sentence: the place is in capitals ("NAIROBI —") or is a
capitalised place with a region ("Nairobi, Kenya —"), is not a rubric or an organisation
("BREAKING —", "NATO —"), and the text after the dash starts like a sentence. An agency in
brackets must be a known agency, or a short capitalised name followed by a dash that is not a
rubric ("(Analysis) -") and has no digits ("(Updated 10:30 GMT) -").

Try it::

    python -c "from pipelines.core.events.dateline import extract_dateline as d; \
print(d('KYIV, Ukraine (AP) — Ferries resumed on Friday.'))"
"""

from __future__ import annotations

import re

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"

# Wire services and broadcasters that put their name in a dateline, in their usual spelling.
KNOWN_AGENCIES = (
    "AP",
    "Associated Press",
    "The Associated Press",
    "Reuters",
    "AFP",
    "Agence France-Presse",
    "dpa",
    "DPA",
    "Xinhua",
    "TASS",
    "Interfax",
    "RIA Novosti",
    "Anadolu",
    "Anadolu Agency",
    "Kyodo",
    "Kyodo News",
    "Yonhap",
    "ANSA",
    "EFE",
    "PTI",
    "IANS",
    "ANI",
    "UNI",
    "Bloomberg",
    "Ukrinform",
    "IRNA",
    "WAFA",
    "KCNA",
    "Bernama",
    "Antara",
    "PA",
    "PA Media",
    "AAP",
    "CP",
    "The Canadian Press",
    "Canadian Press",
    "Europa Press",
    "Prensa Latina",
    "CNN",
    "BBC",
    "UPI",
    "Sputnik",
    "CNA",
    "Jiji",
    "Jiji Press",
    "APA",
    "SDA",
    "Belga",
    "ANP",
    "NTB",
    "TT",
    "Ritzau",
    "STT",
    "PAP",
    "CTK",
    "MTI",
    "BTA",
    "Agerpres",
    "Hina",
    "Tanjug",
    "Lusa",
    "KUNA",
    "WAM",
    "SPA",
    "MENA",
    "APS",
    "MAP",
    "NAN",
    "KNA",
    "Xinhua News Agency",
)
_KNOWN = {a.casefold() for a in KNOWN_AGENCIES}

# Capitalised openings that are rubrics, not places or agencies.
_RUBRICS = {
    w.casefold()
    for w in (
        "Breaking",
        "Update",
        "Updated",
        "Updates",
        "Exclusive",
        "Watch",
        "Opinion",
        "Analysis",
        "Editorial",
        "Live",
        "Video",
        "Photos",
        "Factbox",
        "Explainer",
        "Correction",
        "Corrected",
        "Urgent",
        "Flash",
        "Note",
        "Editor",
        "Editors",
        "Review",
        "Interview",
        "Comment",
        "Warning",
        "Alert",
        "Sponsored",
        "Advertisement",
        "Podcast",
        "Newsletter",
        "Timeline",
        "Preview",
        "Recap",
    )
}
# Capitalised openings of ordinary sentences, and organisations that are not places.
_NOT_PLACES = _RUBRICS | {
    w.casefold()
    for w in (
        "NATO",
        "UN",
        "EU",
        "WHO",
        "IMF",
        "US",
        "UK",
        "G7",
        "G20",
        "OPEC",
        "FBI",
        "CIA",
        "ICC",
        "UNICEF",
        "By",
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "For",
        "From",
        "With",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "But",
        "And",
        "Or",
        "So",
        "Yet",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "As",
        "Meanwhile",
        "However",
        "Yesterday",
        "Today",
        "Tomorrow",
        "Officials",
        "Police",
        "Residents",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Yes",
        "No",
        "Oh",
    )
}
_NOT_AGENCIES = _RUBRICS | {
    w.casefold()
    for w in (
        "File",
        "Photo",
        "Recasts",
        "Adds",
        "Repeats",
        "Refiles",
        "Wrap",
        "Pictured",
        "Map",
        "Officials",
        "Police",
        "Residents",
        "Source",
        "Sources",
    )
}

_CAPS_WORD = rf"[{_UP}](?:[{_UP}'’\-]*[{_UP}])?\.?"
_TITLE_WORD = rf"(?:[{_UP}][{_LO}'’\-]+\.?|[{_UP}]\.(?:[{_UP}]\.)*)"
_CONNECTOR = r"(?:of|and|the|de|del|du|la|le|al|el|da|do|dos|das|di|van|von|upon|on|sur)"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
_TITLE_PLACE = rf"{_TITLE_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_TITLE_WORD}){{0,3}}"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?|{_WEEKDAY})"
)
_DASH = r"(?:—|–|―|--?)"

_PLACED = re.compile(
    rf"""\s*
    (?P<place>{_CAPS_PLACE}|{_TITLE_PLACE})
    (?:,\s*(?P<date>{_DATE})
      |,\s*(?P<region>{_CAPS_PLACE}|{_TITLE_PLACE})(?:,?\s+(?P<date2>{_DATE}))?
    )?
    \s*
    (?:\((?P<agency>[^()\n]{{1,60}})\)[ \t]*(?P<adash>{_DASH}|:)?
      |(?P<dash>{_DASH})
    )
    [ \t]*""",
    re.X,
)
_BARE = re.compile(rf"\s*\((?P<agency>[^()\n]{{1,60}})\)[ \t]*(?P<adash>{_DASH}|:)?[ \t]*")
_AGENCY_WORD = re.compile(rf"(?:[{_UP}][\w'’.\-&]*|{_CONNECTOR}|&|dpa)$")
_SENTENCE_START = re.compile(rf"[{_UP}\d\"“‘'(]")


def _is_caps(place: str) -> bool:
    return not any(c.islower() for c in place)


def _agency_ok(agency: str, dashed: bool) -> bool:
    """Tells whether a bracketed opening names an agency (``dashed``: a dash follows it)."""
    parts = [p.strip() for p in re.split(r"[/,]", agency)]
    for part in parts:
        if part.casefold() in _KNOWN:
            continue
        words = part.split()
        if (
            not dashed
            or not words
            or len(words) > 5
            or any(ch.isdigit() for ch in part)
            or words[0].casefold().strip(".") in _NOT_AGENCIES
            or not all(_AGENCY_WORD.match(w) for w in words)
            or not words[0][0].isupper()
        ):
            return False
    return True


def extract_dateline(text: str) -> dict | None:
    """Finds the dateline a text opens with.

    Args:
        text: The article text, starting at its first paragraph.

    Returns:
        ``{"place": str | None, "agency": str | None}`` when the text opens with a dateline,
        ``None`` otherwise. ``place`` is the dateline's place with its region ("KYIV,
        Ukraine"), without the date; ``agency`` is the bracketed agency as written ("AP").
    """
    head = text[:300]
    bare = _BARE.match(head)
    if bare:
        agency = " ".join(bare["agency"].split())
        if _agency_ok(agency, dashed=bool(bare["adash"])):
            return {"place": None, "agency": agency}
        return None
    m = _PLACED.match(head)
    if not m:
        return None
    place, region = m["place"], m["region"]
    first = place.split()[0].rstrip(".")
    letters = sum(c.isalpha() for c in first)
    if letters < 2 or first.casefold() in _NOT_PLACES:
        return None
    surface = " ".join(place.split())
    if region:
        surface += ", " + " ".join(region.split())
    if m["agency"] is not None:
        agency = " ".join(m["agency"].split())
        if not _agency_ok(agency, dashed=bool(m["adash"])):
            return None
        return {"place": surface, "agency": agency}
    # No agency: only a capitals place, or a place with its region, before a sentence.
    if not (_is_caps(place) or region):
        return None
    if not _SENTENCE_START.match(head, m.end()):
        return None
    return {"place": surface, "agency": None}
