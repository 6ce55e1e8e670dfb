"""Tests for the scoring of benchmarks.geoparsing, on a small fictional GeoVirus-style file."""

from __future__ import annotations

import pytest

from benchmarks import geoparsing

FIXTURE = """<articles>
    <article>
        <source>https://news.example/one</source>
        <text>Goats fell ill near Lismore, Australia, and in Lismore town.</text>
        <locations>
            <location><name>Lismore</name><start>21</start><end>28</end>
                <lat>-28.81</lat><lon>153.28</lon></location>
            <location><name>Australia</name><start>30</start><end>39</end>
                <lat>-25</lat><lon>133</lon></location>
            <location><name>Lismore</name><start>48</start><end>55</end>
                <lat>-28.81</lat><lon>153.28</lon></location>
        </locations>
    </article>
    <article>
        <source>https://news.example/two</source>
        <text>A vet from Galway flew to Accra.</text>
        <locations>
            <location><name>Galway</name><start>12</start><end>18</end>
                <lat>53.27</lat><lon>-9.05</lon></location>
            <location><name>Accra</name><start>27</start><end>32</end>
                <lat>5.56</lat><lon>-0.2</lon></location>
        </locations>
    </article>
</articles>
"""


@pytest.fixture
def articles(tmp_path):
    path = tmp_path / "fixture.xml"
    path.write_text(FIXTURE, encoding="utf-8")
    return geoparsing.load(path)


def test_load(articles):
    assert [a["source"] for a in articles] == [
        "https://news.example/one",
        "https://news.example/two",
    ]
    assert articles[0]["gold"][0] == ("Lismore", -28.81, 153.28)
    assert len(articles[1]["gold"]) == 2


def test_split_is_deterministic_and_complete(articles):
    first, second = geoparsing.split(articles), geoparsing.split(articles)
    assert first == second
    assert len(first["dev"]) + len(first["held_out"]) == len(articles)
    assert first["whole"] == articles


def test_score_unique_phrases_and_distance(articles):
    predictions = [
        # Lismore right twice (one unique phrase), Australia 600 km off, one spurious phrase.
        [("Lismore", -28.8, 153.3), ("Australia", -25.0, 139.0), ("Lismore", -28.8, 153.3)],
        [("Galway", 53.27, -9.05), ("Vet", 0.0, 0.0)],  # Accra missed
    ]
    result = geoparsing.score(articles, predictions)
    assert (result["true_positives"], result["false_positives"], result["false_negatives"]) == (
        3,
        1,
        1,
    )
    assert result["precision"] == 0.75 and result["recall"] == 0.75 and result["f1"] == 0.75
    assert result["accuracy_at_161km"] == round(2 / 3, 4)
    assert 150 < result["mean_error_km"] < 250


def test_score_of_nothing(articles):
    result = geoparsing.score(articles, [[], []])
    assert result["f1"] == 0.0 and result["accuracy_at_161km"] == 0.0
    assert result["mean_error_km"] is None


def test_distance():
    assert geoparsing.distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)


def test_missing_data_exits_zero(tmp_path, capsys):
    assert geoparsing.main(["--data", str(tmp_path / "absent.xml")]) == 0
    assert "data not found" in capsys.readouterr().out
