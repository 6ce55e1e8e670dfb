import pytest

from pipelines.core.events.countries import (
    all_countries,
    code_for_demonym,
    code_for_name,
    country,
)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Chile", "CL"),
        ("U.S.", "US"),
        ("US", "US"),
        ("United States", "US"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("DRC", "CD"),
        ("DR Congo", "CD"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Burma", "MM"),
        ("Holland", "NL"),
        ("The Netherlands", "NL"),
        ("South Korea", "KR"),
        ("Türkiye", "TR"),
    ],
)
def test_names_and_aliases(name, code):
    assert code_for_name(name) == code


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Chilean", "CL"),
        ("Filipino", "PH"),
        ("Philippine", "PH"),
        ("British", "GB"),
        ("American", "US"),
        ("Dutch", "NL"),
        ("Emirati", "AE"),
        ("Congolese", "CD"),
        ("Kenyan", "KE"),
        ("Ukrainian", "UA"),
    ],
)
def test_demonyms(word, code):
    assert code_for_demonym(word) == code


def test_what_is_not_a_country():
    # Codes other than the two news writes, demonyms as names, and lowercase words are not names.
    for word in ("CL", "FR", "Thai", "chile", "Santiago", ""):
        assert code_for_name(word) is None
    assert code_for_demonym("Chile") is None


def test_countries_have_codes_points_and_capitals():
    chile = country("cl")
    assert chile.name == "Chile" and chile.capital == "Santiago" and chile.continent == "SA"
    assert (round(chile.lat), round(chile.lon)) == (-30, -71)
    assert "AR" in chile.neighbours and chile.population > 10_000_000
    assert country("XX") is None
    assert len(all_countries()) > 240
    # Countries news writes about have a point, the ones countryinfo lacks included.
    for code in ("PS", "XK", "US", "CD"):
        assert all_countries()[code].lat is not None
