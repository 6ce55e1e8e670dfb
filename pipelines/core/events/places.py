"""Places: the toponyms of an English news text, found and placed on the map, offline.

Recognition needs no language model. Sequences of capitalised words ("Nueva Ecija", "Bay of
Bengal") are looked up in the gazetteer (``pipelines.core.events.gazetteer``), longest first;
abbreviations are matched as written ("U.S.", "UK", "NSW", "DRC"; "Calif." only after a comma).
A match is dropped when it is:

- part of a longer capitalised name that is not a place: "Paris Hilton", "Francisco Duque",
  "Washington Post", "George Washington", "Jordan Peterson"; a name that ended such a person's
  name earlier is not a place later either ("Duque said");
- a title's name: "Mr. Jordan", "President Lincoln", "Sen. Warren";
- an ordinary word: a sentence-initial "Will" or "Police", and any capitalised common word
  ("Mark", "Of", "Bath", "Split") unless it is a country, a state or region, or a large city;
- the place inside an institution's "of" name: "University of Texas", "Bank of England".

A place used as an adjective in a name ("Kenya Medical Research Institute", "Texas Department
of Health") is kept: it still says where the story is. Demonyms and adjectives ("Chilean",
"Filipino") are not places, but they are evidence: "the Chilean port of San Antonio" is the one
in Chile.

Resolution picks, for each distinct name of the text, the candidate with the best score: the
feature (a country before a state, a state before a county, a county before a city), the
population, the countries the text names or its demonyms point to, the dateline and the feed's
country, "X, Y" patterns ("Springfield, Illinois"; "Pandi, Bulacan"), the states named
elsewhere in the text, and nearness to the other places of the text. A name means one place in
one text.

Title mentions are reported with offsets into the title and ``in_title=True``; the others have
offsets into the text.

Try it::

    python -c "from pipelines.core.events.places import extract_places as e; \
print(e('Ferries left the Chilean port of San Antonio for Valparaíso on Monday.'))"
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from pipelines.core.events import countries
from pipelines.core.events.gazetteer import (
    Gazetteer,
    Place,
    abbreviation_after_comma_only,
    fold,
    gazetteer,
)

MAX_WORDS = 6


def _words(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(text.split())


# Words (lower case) joining the capitalised words of one name: "Bay of Bengal".
_CONNECTORS = _words(
    "of the de del della di da do dos das du des la le las los el al and upon on sur am im "
    "an der y i"
)

# Titles and roles that make the next capitalised word a person's name.
_TITLES = _words(
    """mr mrs ms miss dr prof professor sir dame lord lady sen senator rep representative gov
    governor president pres vice minister secretary judge justice gen general col colonel
    capt captain lt sgt sergeant officer detective inspector chief king queen prince princess
    pope father sister brother rev reverend bishop archbishop cardinal rabbi imam sheikh
    chairman chairwoman director coach mayor ambassador commissioner spokesman spokeswoman
    premier chancellor mp st saint"""
)
_ROLE_TITLES = _TITLES - {"st", "saint", "mayor", "premier", "governor", "gov"}

# Capitalised words after which a place is an institution's, not the story's, place:
# "University of Texas", "Bank of England". Not "Republic of", "Gulf of", "City of".
_INSTITUTIONS = _words(
    """university college school academy institute bank museum church cathedral hospital
    society association council court club league library archdiocese diocese"""
)

# Words that follow a person's name rather than a place's, to tell "Duque said" apart.

# Common English words that are also the names of towns somewhere. Capitalised alone, they are
# the word (at the start of a sentence) or a surname, not the town, unless the place is a
# country or state or a large city. Written for this module.
COMMON_WORDS = _words(
    """a about above across after again against all also an and any are as at away back bad
    band bank bar bath be bear been before being best better between big bill black blue
    board bond born both box boy bridge bright brook brown but by call camp can cape cardinal
    care case cash center central centre chance change charity church city clay clear cliff
    coast cold college come common content cook corner could council country county court
    cove cross crown day dead deal dear deep doctor does dover down drive each early east easy
    eden else end energy ever every fair faith fall far farm field fine first five flat
    florence ford forest fort fortune four fox free friend from frost gap garden gate gay
    general gift glen globe gold golden good grace grand grant gray great green grey grove
    had hall hampton happy harbor harbour hard has have he health heart heaven her here hill
    him his holiday home hope hospital hot house how hull hunter if in independence industry
    iron is island it its jack jersey joy just justice key kind king lake land last law lead
    liberty life light like lincoln little live long lord love low lucky luck made main major
    man many march mark market may mayor media mercy middle mill miller mission mobile money
    moon more most mount mountain much must my nation national nature needles new news next
    nice nine no none north not now oak ocean of off office oil old on once one only open or
    orange order other our out over page palm paradise park parker pass patience peace pearl
    people permanent person pine plain planet plenty pleasant point police pool poplar port
    post power price prince progress promise prospect providence pueblo queen rain ranch range
    reading record red regent republic rich ridge ring rise river road rock rose round royal
    rugby rush safety sale salt same sandy say school sea second security see seven she
    shelter sheriff short side silver six sky small smith so some south split spring springs
    square star state station stay still stone storm street strong success such summit sun
    sunday sunrise sunset supply support sure surprise table tell temple ten than that the
    their them then there these they third this those three time today top tower town trade
    trinity true trust truth two under union unity university up upton us usa valley very
    victory view village vista war warren water way we welcome well wells west what when
    where which while white who why will wind winter with wood worth would yes york young
    you your zion january february april june july august september october november december
    monday tuesday wednesday thursday friday saturday god christ jesus allah"""
)

# Capitalised words that are never a place alone, whatever the gazetteer says.
_NEVER_ALONE = _words(
    """i a an the of on in at to by for and or but not no he she it we they you his her its
    our their this that these those mr mrs ms dr god said says will may can would could
    should must might shall police government ministry department officials official
    authorities health news president minister congress parliament senate army navy court
    university hospital however meanwhile also after before since while when where today
    yesterday tomorrow tonight state city county province region district island islands
    republic kingdom union federation north south east west northern southern eastern western
    central ebola virus flu influenza covid sars mers h1n1 h5n1 aids hiv
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"""
)

_UP = "A-ZÀ-ÖØ-Þ"
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_][\w'’]*(?:-[\w'’]+)*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$|^\s*$|\n\s*$|[:;]\s*[\"“]\s*$|[\"“]\s*$")
# The place a name usually means in the news when nothing in the text says otherwise.
_USUAL: dict[str, tuple[str, str | None, str]] = {
    "washington": ("US", "District of Columbia", "city"),
    "new york": ("US", "New York", "city"),
}
_FEATURE_PRIOR = {"country": 7.0, "region": 3.0, "water": 3.0, "landmark": 2.5, "city": 0.0}
_ADMIN_PRIOR = {1: 3.0, 2: 0.5}


@dataclasses.dataclass(frozen=True)
class PlaceMention:
    """One place mention and the place it resolved to.

    ``start`` and ``end`` are offsets into the text, or into the title when ``in_title``.
    """

    start: int
    end: int
    surface: str
    name: str
    country_code: str  # ISO 3166-1 alpha-2; "" for a region across countries
    admin1: str | None
    feature: str  # "city" | "admin" | "country" | "region" | "water" | "landmark"
    lat: float
    lon: float
    geonameid: int | None
    in_title: bool = False


@dataclasses.dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    cap: bool
    initial: bool  # first word of a sentence


@dataclasses.dataclass
class _Candidate:
    """A recognised span and its gazetteer candidates, before resolution."""

    start: int
    end: int
    surface: str
    key: str
    places: list[Place]
    in_title: bool
    token_index: int
    initial: bool
    single_common: bool  # one capitalised common word ("Mark", "Reading")
    comma_next: _Candidate | None = None
    demonym_cc: str | None = None


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    append = out.append
    sentence_end = _SENTENCE_END.search
    prev_end = 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        last = word[-1]
        if last == "s" and word.endswith(("'s", "’s")):
            end -= 2
            word = word[:-2]
        elif last in "'’":
            end -= 1
            word = word[:-1]
        if not word:
            continue
        if not out:
            initial = True
        elif start == prev_end + 1 and text[prev_end - 1].isalnum() and text[prev_end] == " ":
            # The common case, one space after a word that ends in a letter or digit: no
            # sentence end can match there (it needs punctuation, a quote or a line break).
            initial = False
        else:
            gap = text[prev_end:start]
            initial = bool(sentence_end(text[max(0, prev_end - 3) : start]))
            if not initial and out[-1].text.endswith(".") and "\n" in gap:
                initial = True
        append(_Token(start, end, word, word[0].isupper(), initial))
        prev_end = end
    return out


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return letters.isupper() and len(letters) <= 4


def _find_candidates(
    text: str, gaz: Gazetteer, *, in_title: bool, caps_ok_until: int = 0
) -> tuple[list[_Candidate], list[_Token], set[str]]:
    """Spans of ``text`` that name gazetteer places, and the surnames of persons seen."""
    toks = _tokens(text)
    found: list[_Candidate] = []
    persons: set[str] = set()
    demonyms = countries.demonyms()
    all_caps_text = sum(t.cap for t in toks) > 0.8 * max(1, len(toks))
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        if not tok.cap:
            i += 1
            continue
        # The capitalised run from i: capitalised words, with connectors between them, joined
        # by spaces only (a "St." or "Mt." may end with its dot).
        run_end = i + 1
        while run_end < n:
            gap = text[toks[run_end - 1].end : toks[run_end].start]
            if gap not in _RUN_GAPS or (gap == ". " and toks[run_end - 1].text not in _DOTTED):
                break
            nxt = toks[run_end]
            if nxt.cap:
                run_end += 1
                continue
            # Connectors, one or two ("of the"), between capitalised words.
            skip = run_end
            while skip < n and skip - run_end < 2 and toks[skip].text in _CONNECTORS:
                skip += 1
            if skip > run_end and skip < n and toks[skip].cap:
                run_end = skip + 1
                continue
            break
        j = i
        matches: list[tuple[int, int, list[Place], str]] = []
        while j < run_end:
            match = None
            for k in range(min(run_end, j + MAX_WORDS), j, -1):
                last = toks[k - 1]
                if not last.cap:
                    continue
                surface = text[toks[j].start : last.end]
                places = _lookup(gaz, surface, text, last.end, toks, j, k, caps_ok_until)
                if places:
                    if text[last.end : last.end + 1] == "." and gaz.exact(surface + "."):
                        surface += "."  # "Ill." is written with its dot
                    match = (j, k, places, surface)
                    break
            if match:
                matches.append(match)
                j = match[1]
            else:
                j += 1
        for j, k, places, surface in matches:
            cand = _judge(text, toks, i, run_end, j, k, places, surface, in_title, persons)
            if cand is not None:
                found.append(cand)
        i = run_end
    # Demonyms before a candidate in its sentence: "the Chilean port of San Antonio".
    demonym_at: list[tuple[int, str]] = []
    for idx, tok in enumerate(toks):
        if tok.cap:
            code = demonyms.get(tok.text)
            if code is None and idx + 1 < n:
                code = demonyms.get(f"{tok.text} {toks[idx + 1].text}")
            if code:
                demonym_at.append((idx, code))
    if demonym_at:
        for cand in found:
            for idx, code in demonym_at:
                if cand.token_index - 5 <= idx < cand.token_index:
                    cand.demonym_cc = code
    if all_caps_text:
        # A headline in capitals: only multi-word and country matches are trusted.
        found = [c for c in found if " " in c.surface or c.places[0].feature == "country"]
    return found, toks, persons


_DOTTED = frozenset({"St", "Ft", "Mt", "Pt"})
_RUN_GAPS = frozenset({" ", ". ", "'s ", "’s "})


def _lookup(
    gaz: Gazetteer,
    surface: str,
    text: str,
    end: int,
    toks: list[_Token],
    j: int,
    k: int,
    caps_ok_until: int,
) -> list[Place]:
    """The places a span may name: abbreviations as written, other names folded."""
    after_comma = j > 0 and text[toks[j - 1].end : toks[j].start].strip() == ","
    for form in (surface + "." if text[end : end + 1] == "." else None, surface):
        if form is None:
            continue
        place = gaz.exact(form)
        if place is not None:
            if abbreviation_after_comma_only(form) and not after_comma:
                continue
            return [place]
    if k - j == 1 and _is_acronym(surface) and toks[j].start >= caps_ok_until:
        return []
    if surface in _demonyms_only():
        return []
    key = fold(surface)
    if not key:
        return []
    return gaz.lookup_key(key)


@functools.cache
def _demonyms_only() -> frozenset[str]:
    """Demonyms that are not also a country's name ("Canadian", not "New Zealand")."""
    names = countries.country_names()
    return frozenset(d for d in countries.demonyms() if d not in names)


def _judge(
    text: str,
    toks: list[_Token],
    run_start: int,
    run_end: int,
    j: int,
    k: int,
    places: list[Place],
    surface: str,
    in_title: bool,
    persons: set[str],
) -> _Candidate | None:
    """A candidate for the match ``toks[j:k]`` inside the run, or None when it is no place."""
    first = toks[j]
    word = first.text.rstrip(".").lower()
    single = k - j == 1
    best_feature = _best_feature(places)
    strong = best_feature in ("country", "admin1", "region", "water")
    if (single and word in _NEVER_ALONE) or word in _INSTITUTIONS:
        return None
    # A title before it: "Mr. Jordan", "President Lincoln".
    if j > 0:
        prev = toks[j - 1].text.rstrip(".").lower()
        if prev in _ROLE_TITLES and text[toks[j - 1].end : first.start].strip() in ("", "."):
            persons.add(surface)
            return None
    # Inside a longer capitalised name: "Paris Hilton", "George Washington".
    before = toks[run_start:j]
    after = toks[k:run_end]
    if after and after[0].cap and not _is_acronym(after[0].text):
        head = after[0].text.lower()
        if head not in _PLACE_HEADS and not (strong and word not in _FIRST_NAMES):
            return None
    if before:
        lead = [t for t in before if t.cap]
        if lead and not (lead[-1].initial and lead[-1].text.lower() in _SENTENCE_WORDS):
            last = lead[-1].text.rstrip(".").lower()
            if last in _INSTITUTIONS or (last not in _PLACE_LEADS and toks[j - 1].cap):
                # "George Washington": a country or state is kept after a capitalised word
                # only when the word opens the sentence ("Today Kenya ...").
                opener = toks[j - 1].initial and last in COMMON_WORDS
                if toks[j - 1].cap and not (strong and opener):
                    persons.add(surface)
                    return None
                if last in _INSTITUTIONS:
                    return None
            if not toks[j - 1].cap and j >= 2 and toks[j - 2].text.lower() in _INSTITUTIONS:
                # "University of Texas"
                return None
    if surface in persons:
        return None
    single_common = single and word in COMMON_WORDS
    if single_common and first.initial and not strong:
        return None
    if single and first.initial and word in _SENTENCE_WORDS:
        return None
    return _Candidate(
        start=first.start,
        end=first.start + len(surface),
        surface=surface,
        key=fold(surface),
        places=places,
        in_title=in_title,
        token_index=j,
        initial=first.initial,
        single_common=single_common,
    )


# Words that may follow a place inside a longer capitalised name and leave it a place.
_PLACE_HEADS = _words(
    """city county province state region district island islands river valley airport
    port bay coast peninsula strait mountains mountain lake sea gulf harbour harbor
    metropolitan area"""
)
# Countries, states and regions that are also first names: "Chad Johnson", "Georgia May".
# Other countries and states stay places before a capitalised word ("U.S. Army", "Texas
# Department of Health").
_FIRST_NAMES = _words(
    """chad jordan georgia victoria india israel kenya florida virginia carolina dakota
    montana nevada indiana asia africa america china lebanon"""
)
# Words that may stand before a place in a capitalised run: "Greater Manchester", "Central
# Luzon" are gazetteer names themselves; these are the words that are not.
_PLACE_LEADS = _words(
    """northern southern eastern western central north south east west northeast northwest
    southeast southwest upper lower greater downtown rural suburban coastal mainland"""
)
# Sentence openings that may start a capitalised run: "In Kenya", "The Hague".
_SENTENCE_WORDS = _words(
    """the a an in on at from to for by with and but or as of this that these those after
    before since during while when where if officials residents police health"""
)


def _best_feature(places: list[Place]) -> str:
    feature = "city"
    rank = {"city": 0, "landmark": 1, "admin2": 2, "region": 3, "water": 3, "admin1": 4}
    rank["country"] = 5
    for p in places:
        f = p.feature if p.feature != "admin" else f"admin{p.level}"
        if rank.get(f, 0) > rank.get(feature, 0):
            feature = f
    return feature


def _distance_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _prior(place: Place, key: str, gaz: Gazetteer) -> float:
    if place.feature == "admin":
        score = _ADMIN_PRIOR.get(place.level, 1.5)
    else:
        score = _FEATURE_PRIOR.get(place.feature, 0.0)
    score += 0.6 * math.log10(place.population + 1)
    if gaz.is_main_name(key, place):
        score += 1.0
    if place.feature == "city" and (place.country_code, place.name) in _capitals():
        score += 1.5
    return score


@functools.cache
def _capitals() -> frozenset[tuple[str, str]]:
    return frozenset((c.code, c.capital) for c in countries.all_countries().values())


def _resolve(
    cands: list[_Candidate],
    gaz: Gazetteer,
    *,
    dateline: Place | None,
    feed_country: str | None,
    demonym_counts: Counter[str],
) -> dict[str, Place]:
    """The place each distinct key means, by prior and context."""
    groups: dict[str, list[_Candidate]] = defaultdict(list)
    for cand in cands:
        groups[cand.key].append(cand)
    options: dict[str, list[Place]] = {}
    for key, members in groups.items():
        seen: dict[tuple, Place] = {}
        for cand in members:
            for p in cand.places:
                seen.setdefault((p.name, p.country_code, p.feature, p.lat, p.lon), p)
        opts = list(seen.values())
        # A state named after its main city is that city in a text: "Amman", "Tbilisi".
        cities = [p for p in opts if p.feature == "city"]
        options[key] = [
            p
            for p in opts
            if not (
                p.feature == "admin"
                and any(
                    c.country_code == p.country_code
                    and c.name == p.name
                    and c.population >= 0.2 * p.population
                    for c in cities
                )
            )
        ] or opts
    priors = {key: [_prior(p, key, gaz) for p in opts] for key, opts in options.items()}
    for key, opts in options.items():
        usual = _USUAL.get(key)
        if usual:
            for idx, p in enumerate(opts):
                if (p.country_code, p.admin1, p.feature) == usual:
                    priors[key][idx] += 4.5

    # Evidence the text gives that does not depend on the resolution.
    fixed_cc: Counter[str] = Counter()
    for code, count in demonym_counts.items():
        fixed_cc[code] += min(count, 3) * 0.7
    if feed_country:
        fixed_cc[feed_country.upper()] += 1.5
    if dateline is not None and dateline.country_code:
        fixed_cc[dateline.country_code] += 3.0
    pattern_bonus: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for key, members in groups.items():
        for cand in members:
            nxt = cand.comma_next
            for idx, p in enumerate(options[key]):
                bonus = 0.0
                if cand.demonym_cc and cand.demonym_cc == p.country_code:
                    bonus = max(bonus, 4.0)
                if nxt is not None and p.feature not in ("country", "region", "water"):
                    for q in nxt.places:
                        if q.feature == "country" and q.country_code == p.country_code:
                            bonus = max(bonus, 5.0)
                        elif (
                            q.feature == "admin"
                            and q.country_code == p.country_code
                            and (q.name in (p.admin1, p.name) or q.admin1 == p.admin1)
                            and q is not p
                        ):
                            bonus = max(bonus, 6.0 if q.level == 1 else 5.0)
                if bonus:
                    pattern_bonus[key][idx] = max(pattern_bonus[key][idx], bonus)
            if nxt is not None:
                # "Atlanta, Georgia": the second name is the one containing the first.
                for idx, q in enumerate(options.get(nxt.key, ())):
                    if q.feature not in ("admin", "country"):
                        continue
                    if any(
                        p.country_code == q.country_code
                        and (q.feature == "country" or q.name in (p.admin1, p.name))
                        and p is not q
                        for p in cand.places
                    ):
                        bonus = 5.0 if q.feature == "admin" else 4.0
                        pattern_bonus[nxt.key][idx] = max(pattern_bonus[nxt.key][idx], bonus)

    choice = {
        key: max(
            range(len(opts)),
            key=lambda i, key=key, opts=opts: (
                priors[key][i]
                + pattern_bonus[key].get(i, 0.0)
                + 1.5 * min(fixed_cc.get(opts[i].country_code, 0.0), 3.0)
            ),
        )
        for key, opts in options.items()
    }
    for _ in range(2):
        chosen = {key: options[key][i] for key, i in choice.items()}
        cc_count: Counter[str] = Counter()
        admin1s: Counter[tuple[str, str]] = Counter()
        for key, p in chosen.items():
            weight = len(groups[key])
            if p.country_code:
                cc_count[p.country_code] += (1.0 if p.feature == "country" else 0.6) * weight
            if p.feature == "admin" and p.level == 1:
                admin1s[(p.country_code, p.name)] += weight
        anchors = [(key, p) for key, p in chosen.items() if p.feature in ("city", "admin")]
        new_choice = {}
        for key, opts in options.items():
            own = chosen[key]
            own_weight = len(groups[key])
            best, best_score = 0, -1e9
            if len(opts) == 1:
                new_choice[key] = 0
                continue
            for idx, p in enumerate(opts):
                score = priors[key][idx] + pattern_bonus[key].get(idx, 0.0)
                cc = p.country_code
                evidence = fixed_cc.get(cc, 0.0) + cc_count.get(cc, 0.0)
                if own.country_code == cc:
                    evidence -= (1.0 if own.feature == "country" else 0.6) * own_weight
                score += 1.5 * min(max(evidence, 0.0), 3.0)
                if p.feature != "admin" or p.level != 1:
                    a1 = admin1s.get((cc, p.admin1 or ""), 0)
                    if own.feature == "admin" and (own.country_code, own.name) == (cc, p.admin1):
                        a1 -= own_weight
                    if a1 > 0:
                        score += 2.5
                if p.feature in ("city", "admin") and anchors:
                    near = min(
                        (_distance_km(p, q) for k2, q in anchors if k2 != key),
                        default=1e9,
                    )
                    if near < 50:
                        score += 2.0
                    elif near < 250:
                        score += 1.0
                elif p.feature == "country" and any(
                    q.country_code == cc for k2, q in anchors if k2 != key
                ):
                    score += 2.0
                if score > best_score:
                    best, best_score = idx, score
            new_choice[key] = best
        if new_choice == choice:
            break
        choice = new_choice
    return {key: options[key][i] for key, i in choice.items()}


def _link_commas(text: str, cands: list[_Candidate]) -> None:
    for a, b in itertools.pairwise(cands):
        if a.in_title == b.in_title and text[a.end : b.start].strip() == ",":
            a.comma_next = b


def _dateline_place(dateline_place: str, gaz: Gazetteer) -> Place | None:
    """The place of a dateline's place ("KYIV, Ukraine", "SPRINGFIELD, Ill.")."""
    parts = [p.strip() for p in dateline_place.split(",") if p.strip()]
    if not parts:
        return None
    exact = gaz.exact(parts[0])
    options = [exact] if exact else list(gaz.lookup(parts[0]))
    if not options:
        return None
    region: list[Place] = []
    if len(parts) > 1:
        hint = gaz.exact(parts[1]) or gaz.exact(parts[1] + ".")
        region = [hint] if hint else list(gaz.lookup(parts[1]))

    def score(p: Place) -> float:
        s = _prior(p, fold(parts[0]), gaz)
        for q in region:
            if q.country_code == p.country_code:
                s += 5.0
                if q.feature == "admin" and q.name == p.admin1:
                    s += 5.0
        return s

    return max(options, key=score)


def find_places(
    text: str,
    title: str = "",
    *,
    dateline_place: str | None = None,
    feed_country: str | None = None,
) -> list[PlaceMention]:
    """Finds the place mentions of a text (and its title) and resolves each one.

    Args:
        text: The article text.
        title: The article's title; its mentions come first, with ``in_title=True`` and
            offsets into the title.
        dateline_place: The dateline's place as ``extract_dateline`` gives it ("KYIV,
            Ukraine"): its country counts as strong evidence.
        feed_country: The ISO 3166-1 alpha-2 code of the feed's country, weak evidence.

    Returns:
        The mentions in order (title first), each with the place it resolved to.
    """
    gaz = gazetteer()
    caps_until = 0
    if dateline_place and text[: len(dateline_place) + 5].lstrip().startswith(dateline_place):
        caps_until = len(dateline_place) + 5
    title_cands, title_toks, persons_t = _find_candidates(title, gaz, in_title=True)
    body_cands, body_toks, persons_b = _find_candidates(
        text, gaz, in_title=False, caps_ok_until=caps_until
    )
    persons = persons_t | persons_b
    body_cands = [c for c in body_cands if c.surface not in persons]
    _link_commas(title, title_cands)
    _link_commas(text, body_cands)
    cands = title_cands + body_cands
    if not cands:
        return []
    demonym_counts: Counter[str] = Counter()
    demonyms = countries.demonyms()
    for tok in (*title_toks, *body_toks):
        if tok.cap:
            code = demonyms.get(tok.text)
            if code:
                demonym_counts[code] += 1
    dateline = _dateline_place(dateline_place, gaz) if dateline_place else None
    resolved = _resolve(
        cands,
        gaz,
        dateline=dateline,
        feed_country=feed_country,
        demonym_counts=demonym_counts,
    )
    out = []
    for cand in cands:
        place = resolved[cand.key]
        if cand.single_common and not _common_word_ok(place):
            continue
        out.append(
            PlaceMention(
                start=cand.start,
                end=cand.end,
                surface=cand.surface,
                name=place.name,
                country_code=place.country_code,
                admin1=place.admin1,
                feature=place.feature,
                lat=place.lat,
                lon=place.lon,
                geonameid=place.geonameid,
                in_title=cand.in_title,
            )
        )
    return out


def _common_word_ok(place: Place) -> bool:
    """Whether a capitalised common word resolved to a place worth keeping as one."""
    if place.feature in ("country", "region", "water"):
        return True
    if place.feature == "admin" and place.level == 1:
        return True
    return place.feature == "city" and place.population >= 100_000


def _record(m: PlaceMention) -> dict:
    return {
        "name": m.name,
        "country_code": m.country_code or None,  # a region of several countries has none
        "admin1": m.admin1,
        "feature": m.feature,
        "lat": round(m.lat, 4),
        "lon": round(m.lon, 4),
        "geonameid": m.geonameid,
    }


def aggregate(mentions: Iterable[PlaceMention]) -> list[dict]:
    """One entry per resolved place, by count (descending), then by first appearance."""
    entries: dict[tuple, dict] = {}
    for m in mentions:
        key = (m.name, m.country_code, m.feature, round(m.lat, 4), round(m.lon, 4))
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = {**_record(m), "mentions": [], "count": 0}
        if m.surface not in entry["mentions"]:
            entry["mentions"].append(m.surface)
        entry["count"] += 1
    order = {key: i for i, key in enumerate(entries)}
    ranked = sorted(entries.items(), key=lambda kv: (-kv[1]["count"], order[kv[0]]))
    return [
        {
            "name": e["name"],
            "mentions": e["mentions"],
            "country_code": e["country_code"],
            "admin1": e["admin1"],
            "feature": e["feature"],
            "lat": e["lat"],
            "lon": e["lon"],
            "geonameid": e["geonameid"],
            "count": e["count"],
        }
        for _, e in ranked
    ]


def extract_places(
    text: str,
    title: str = "",
    *,
    dateline_place: str | None = None,
    feed_country: str | None = None,
) -> list[dict]:
    """The record's ``places`` field: the resolved places of a text and its title.

    Returns:
        ``[{name, mentions, country_code, admin1, feature, lat, lon, geonameid, count}]``,
        one entry per place, by count (descending) then first appearance; ``mentions`` are
        the distinct surface strings in order of appearance, title first.
    """
    return aggregate(
        find_places(text, title, dateline_place=dateline_place, feed_country=feed_country)
    )


_SPECIFICITY = {"city": 1.0, "landmark": 1.0, "water": 0.3, "admin": 0.6, "country": 0.2}


def primary_location(
    places: list[dict], *, dateline_place: str | None = None, title: str = ""
) -> dict | None:
    """The story's main place (the record's ``location`` field), or None.

    The rule: the dateline's place when there is one (the entry of ``places`` it names, or
    the gazetteer's place for it); otherwise the entry with the best score, where the score
    is its count, plus 2 when the title names it, plus its specificity (a city 1, a state or
    county 0.6, a country 0.2, a region 0); ties go to the first in ``places``.

    Returns:
        A dict shaped like an entry of ``places`` (with ``count`` 0 for a dateline place the
        text does not mention), or None when there is no place.
    """
    if dateline_place:
        head = dateline_place.split(",")[0].strip()
        key = fold(head)
        for entry in places:
            if any(fold(s) == key for s in entry["mentions"]) or fold(entry["name"]) == key:
                return entry
        place = _dateline_place(dateline_place, gazetteer())
        if place is not None:
            record = _record(
                PlaceMention(0, 0, head, *place[:4], place.lat, place.lon, place.geonameid)
            )
            return {
                "name": record["name"],
                "mentions": [head],
                "country_code": record["country_code"],
                "admin1": record["admin1"],
                "feature": record["feature"],
                "lat": record["lat"],
                "lon": record["lon"],
                "geonameid": record["geonameid"],
                "count": 0,
            }
    if not places:
        return None
    title_key = fold(title)

    def score(entry: dict) -> float:
        s = entry["count"] + _SPECIFICITY.get(entry["feature"], 0.0)
        if title_key and any(fold(m) in title_key for m in entry["mentions"]):
            s += 2.0
        return s

    return max(places, key=score)
