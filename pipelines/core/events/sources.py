"""Sources cited: the agencies, outlets and bodies an English text attributes information to.

Recognised attributions (X is a capitalised name, "the" and a possessive "'s" are dropped)::

    according to X · as cited by X · quoted by X · as reported by X · X reported · X wrote
    writes news agency X · reported state broadcaster X · the X news agency said
    X said in a statement (a report, a briefing, ...) · told X · in an interview with X
    X said, X announced, X confirmed   (only when X is clearly an organisation)
    the agency of the dateline         ("KYIV (AP) —" → "AP")

People are not sources here: a name that looks like a person's ("Ana Torres", "Minister
Torres", or "Torres" when "Ana Torres" appears in the text) is skipped, and so are generic
subjects ("officials", "Police", "Witnesses"). A name counts as an organisation when it is a
known agency or outlet, an acronym ("UNICEF", "U.N."), contains an organisation word
("Health Ministry", "Harbour Ledger", "Coastal Relief Fund"), or follows an outlet word ("news
agency Kyivpress"). After "according to", "cited by", "reported by" and before "reported" a
single unknown name that is not a person's surname is accepted too. Names are deduplicated
case-insensitively; aliases are not merged ("AP" and "Associated Press" are two entries).

Try it::

    python -c "from pipelines.core.events.sources import extract_sources_cited as s; \
print(s('GENEVA (AFP) — Aid arrived, according to the Harbour Authority, writes news agency \
Kyivpress.'))"
"""

from __future__ import annotations

import re

from pipelines.core.events.dateline import KNOWN_AGENCIES, extract_dateline


def _words(text: str) -> list[str]:
    """The words of a word list written as one string."""
    return text.split()


KNOWN_OUTLETS = (
    "Al Jazeera",
    "NPR",
    "Politico",
    "Axios",
    "Euronews",
    "Deutsche Welle",
    "DW",
    "France 24",
    "RFI",
    "Sky News",
    "ABC",
    "CBS",
    "NBC",
    "Fox News",
    "Haaretz",
    "Le Monde",
    "El País",
    "Der Spiegel",
    "Kommersant",
    "Vedomosti",
    "Meduza",
    "Yle",
    "NHK",
    "CCTV",
    "RT",
    "Reuters",
)
_KNOWN = {n.casefold() for n in (*KNOWN_AGENCIES, *KNOWN_OUTLETS)}

# A name containing one of these words is an organisation (a body or an outlet).
ORG_WORDS = frozenset(
    _words("""Ministry Ministries Department Office Agency Authority Authorities Council Commission
    Committee Court Police Army Navy Forces Force Guard Service Services Bank Fund
    Organization Organisation Institute Institution University College Centre Center
    Foundation Programme Program Board Bureau Federation Union Association Alliance Coalition
    Party Government Parliament Senate Congress Assembly Cabinet Presidency Kremlin Pentagon
    Observatory Watch Group Corporation Company Inc Ltd LLC Plc Airlines Airways Network
    Society Cross Crescent Trust Directorate Secretariat Mission Embassy Consulate
    Administration Inspectorate Nations Monitor Project Initiative Council Registry Exchange
    Times Post Herald Tribune Gazette Journal Chronicle Observer Guardian Telegraph Independent
    Mirror Express Daily News Press Wire Review Courier Standard Sun Star Insider Bulletin
    Record Dispatch Reporter Examiner Register Inquirer Sentinel Globe Mail Mercury Weekly
    Magazine Radio Television TV Channel Broadcasting Media Online Ledger Post Tribune
    Agencies Industries Holdings Partners Laboratory Laboratories Hospital Clinic Port Ports
    Railways Utility Utilities Energy Electric Statistics Census Meteorological Weather
    Survey Red Coast Relief""")
)
# Capitalised words that open sentences but name no source.
GENERIC_SUBJECTS = frozenset(
    w.casefold()
    for w in _words("""Officials Official Police Authorities Residents Witnesses Analysts Experts
    Sources Source Doctors Rescuers Medics Investigators Prosecutors Diplomats Lawmakers
    Activists Critics Observers Scientists Researchers Officers Soldiers Troops Workers Locals
    Media Reports Report Organisers Organizers Protesters Volunteers Survivors Families
    Spokesman Spokeswoman Spokesperson Farmers Fishermen Engineers Firefighters Teachers
    Students Parents Voters Leaders Negotiators Mediators Relatives Neighbours Neighbors
    It They He She We I You This That These Those Some Many Others Both All Most Several
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Today Yesterday Tomorrow""")
)
# Words that make the name after them a person's ("Minister Ana Torres").
PERSON_TITLES = frozenset(
    w.casefold()
    for w in _words("""Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady President
    Vice Prime Minister Secretary General Gen Lt Lieutenant Colonel Col Major Maj Captain Capt
    Sergeant Sgt Admiral Adm Brigadier Commander Cmdr Marshal Senator Sen Representative Rep
    Governor Gov Mayor Judge Justice Chief Director Spokesman Spokeswoman Spokesperson
    Ambassador Chancellor King Queen Prince Princess Pope Father Rev Reverend Sheikh Emir
    Commissioner Inspector Superintendent Detective Deputy Chairman Chairwoman Chair CEO
    Founder Coach Officer Envoy Premier Attorney Prosecutor Lawmaker Councillor Councilor
    Speaker Rabbi Imam Bishop Archbishop Cardinal Sister Brother Dean Rector Minister""")
)

_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’&\-]*|al-[A-Z][\w'’\-]*|dpa)"
_LINK = r"(?:of|for|and|the|de|du|des|del|la|le|&)"
NAME = rf"{_TOKEN}(?:\s+(?:{_LINK}\s+){{0,2}}(?:{_TOKEN}|\d{{1,3}}(?![\w,.]\d)))*"
_THE = r"(?:[Tt]he\s+)?"
_OUTLET = (
    r"(?:(?:state|state-run|state-owned|official|semi-official|independent|local|private|"
    r"public|national|regional|online|investigative)[ \t]+)*"
    r"(?:news[ \t]+agency|news[ \t]+outlet|news[ \t]+site|news[ \t]+website|agency|newspaper|"
    r"daily|weekly|broadcaster|outlet|website|channel|television|TV|radio|magazine|"
    r"wire[ \t]+service|network|tabloid|paper)"
)
_SAY = (
    r"(?:said|says|reported|reports|wrote|writes|quoted|cited|told|announced|confirmed|"
    r"stated|added|warned)"
)

# (pattern, how sure the match is that the name is an organisation)
_PATTERNS = (
    # writes news agency X · reported state broadcaster X · according to the daily X
    (
        re.compile(
            rf"(?:[Aa]ccording[ \t]+to|{_SAY}|by|cited[ \t]+by|quoted[ \t]+by|told)[ \t]+"
            rf"(?:the[ \t]+|a[ \t]+)?{_OUTLET}[ \t]+(?P<name>{NAME})"
        ),
        "outlet",
    ),
    (re.compile(rf"\b[Aa]ccording[ \t]+to[ \t]+{_THE}(?P<name>{NAME})"), "loose"),
    (
        re.compile(
            r"\b[Cc]iting[ \t]+(?:(?:an?[ \t]+)?(?:\w+[ \t]+)?(?:data|figures|information|"
            r"estimates|numbers|statistics|report|statement|sources|officials)[ \t]+"
            rf"(?:from|by|of|at)[ \t]+)?{_THE}(?P<name>{NAME})"
        ),
        "loose",
    ),
    (
        re.compile(
            rf"\b(?:[Aa]s[ \t]+)?(?:cited|quoted|reported|published|carried)[ \t]+by[ \t]+"
            rf"{_THE}(?P<name>{NAME})"
        ),
        "loose",
    ),
    (
        re.compile(
            rf"\b(?:told|[Ss]peaking[ \t]+to|spoke[ \t]+to|[Ii]n[ \t]+comments[ \t]+to|"
            rf"[Ii]n[ \t]+an[ \t]+interview[ \t]+with|an[ \t]+interview[ \t]+with)[ \t]+"
            rf"{_THE}(?P<name>{NAME})"
        ),
        "strict",
    ),
)  # Attributions whose name comes before the verb are found from the verb backwards: a pattern
# that starts with a name would be tried at every capital letter of the text.
_VERB = re.compile(
    r"\b(?P<verb>reported|reports|wrote|writes|said|says|announced|confirmed|stated|warned"
    r"|added)\b"
)
_NAME_BEFORE = re.compile(rf"(?<![\w-]){_THE}(?P<name>{NAME})[ \t]+(?:(?:has|had|also)[ \t]+)?$")
_OUTLET_NAME_BEFORE = re.compile(rf"(?<![\w,]){_THE}(?P<name>{NAME})[ \t]+{_OUTLET}[ \t]+$")
_IN_A_STATEMENT = re.compile(
    r"[ \t]+in[ \t]+an?[ \t]+(?:\w+[ \t]+)?(?:statement|report|post|press[ \t]+release"
    r"|bulletin|briefing|communiqu[ée]|note|update|notice|filing|letter|email|message)\b"
)
_OPENERS = GENERIC_SUBJECTS | {
    w.casefold()
    for w in _words("""On In At But And Meanwhile However Earlier Later Also Separately Elsewhere
    Last Next Since After Before When While As Then Now Still Yet So Overnight""")
}
_PERSON_NAME = re.compile(r"[A-Z][a-zà-ÿ'’\-]+(?:\s+[A-Z][a-zà-ÿ'’\-]+){1,3}")


def canonical(name: str) -> str:
    """A source name without a leading "the", a possessive or trailing punctuation."""
    name = " ".join(name.split())
    name = re.sub(r"^(?:[Tt]he)\s+", "", name)
    name = re.sub(r"['’]s$", "", name)
    while name and (name[-1] in ",;:" or (name.endswith(".") and name.count(".") == 1)):
        name = name[:-1]
    return name


def is_organisation(name: str) -> bool:
    """Tells whether a capitalised name is clearly an organisation (known, acronym, org word)."""
    name = canonical(name)
    if name.casefold() in _KNOWN:
        return True
    tokens = name.split()
    if any(t in ORG_WORDS or re.sub(r"['’]s$", "", t) in ORG_WORDS for t in tokens):
        return True
    bare = name.replace(".", "").replace("-", "").replace("&", "")
    return len(tokens) == 1 and 2 <= len(bare) <= 8 and bare.isupper() and bare.isalpha()


def _surnames(text: str) -> set[str]:
    """Last words of person-looking names ("Ana Torres" → "Torres")."""
    out = set()
    for m in _PERSON_NAME.finditer(text):
        tokens = m[0].split()
        if tokens[0].casefold() in _OPENERS or any(t in ORG_WORDS for t in tokens):
            continue
        out.add(tokens[-1])
    return out


def _trim(name: str) -> str:
    """Cuts what is not part of the name: sentence openers before it ("Yesterday"), a person's
    title and name after it ("UNICEF Director Ana Torres" → "UNICEF")."""
    tokens = name.split()
    while tokens and tokens[0].casefold().strip(".") in _OPENERS:
        tokens.pop(0)
    for i, token in enumerate(tokens[1:], start=1):
        if token.casefold().strip(".") in PERSON_TITLES:
            del tokens[i:]
            break
    while tokens and re.fullmatch(_LINK, tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def _accept(name: str, kind: str, surnames: set[str]) -> bool:
    tokens = name.split()
    if not tokens or tokens[0].casefold().strip(".") in GENERIC_SUBJECTS:
        return False
    if kind == "outlet":
        return True
    if is_organisation(name):
        return True
    if kind == "strict":
        return False
    if tokens[0].casefold().strip(".") in PERSON_TITLES:
        return False
    # An unknown single word is a source unless it is someone's surname; more words that
    # look like a name ("Ana Torres") are a person.
    return len(tokens) == 1 and tokens[0] not in surnames and not tokens[0].isdigit()


def _split(name: str) -> list[str]:
    """Splits "Reuters and AFP" into its parts when every part is an organisation."""
    parts = re.split(r"\s+(?:and|&)\s+", name)
    if len(parts) > 1 and all(is_organisation(p) for p in parts):
        return parts
    return [name]


def _matches(text: str) -> list[tuple[re.Match, str]]:
    """Every attribution match with how sure it is that its name is an organisation."""
    matches: list[tuple[re.Match, str]] = []
    for pattern, kind in _PATTERNS:
        matches.extend((m, kind) for m in pattern.finditer(text))
    for v in _VERB.finditer(text):
        lo = max(0, v.start() - 100)
        outlet = _OUTLET_NAME_BEFORE.search(text, lo, v.start())
        if outlet:
            matches.append((outlet, "outlet"))  # "the Kyivpress news agency reported"
            continue
        m = _NAME_BEFORE.search(text, lo, v.start())
        if not m:
            continue
        if v["verb"] in ("reported", "reports", "wrote", "writes"):
            matches.append((m, "loose"))
        elif _IN_A_STATEMENT.match(text, v.end()):
            matches.append((m, "loose"))  # "X said in a statement"
        elif v["verb"] != "added":
            matches.append((m, "strict"))  # "UNICEF said"
    return matches


def extract_sources_cited(text: str) -> list[str]:
    """Finds the agencies, outlets and bodies a text attributes information to.

    Args:
        text: English article text, dateline included.

    Returns:
        Source names in order of first appearance, deduplicated case-insensitively, without a
        leading "the" ("Health Ministry", "Reuters", "AP").
    """
    found: list[tuple[int, str]] = []
    dateline = extract_dateline(text)
    if dateline and dateline["agency"]:
        found.extend((-1, a.strip()) for a in re.split(r"[/,]", dateline["agency"]))
    surnames = _surnames(text)
    for m, kind in _matches(text):
        name = _trim(canonical(m["name"]))
        for part in _split(name):
            if _accept(part, kind, surnames):
                found.append((m.start("name"), canonical(part)))
    found.sort(key=lambda item: item[0])
    seen: set[str] = set()
    sources = []
    for _, name in found:
        key = name.casefold()
        if name and key not in seen:
            seen.add(key)
            sources.append(name)
    return sources
