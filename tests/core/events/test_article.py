"""All five extractors on one fictional 380-word article, with exact expected outputs."""

from __future__ import annotations

import datetime as dt
import pathlib

from pipelines.core.events.dateline import extract_dateline
from pipelines.core.events.figures import extract_figures
from pipelines.core.events.quotes import extract_quotes
from pipelines.core.events.sources import extract_sources_cited
from pipelines.core.events.times import extract_times

# Invented people, outlets and events; the places are real.
ARTICLE = (
    "VALPARAÍSO, Chile (AP) — Ferries returned to the northern quay on Thursday after a "
    "storm that cut power to more than 2,300 households and forced about 1,200 people "
    "from their homes, according to the Regional Emergency Office.\n\n"
    "Ana Torres, the port's director, said the terminal would reopen in stages. \"We are "
    'ready," she said. "The ships will sail on Friday from 9 am [1200 GMT], and we expect '
    'the first cargo by the weekend."\n\n'
    "The storm, which struck the coast on Tuesday, caused damage estimated at $4.5 "
    "billion, the Harbour Ledger reported, citing figures from the Ministry of Public "
    "Works. Prices for diesel rose 12 percent in the week after the storm, writes news "
    "agency Andespress.\n\n"
    '"Nobody expected the water to rise so fast," said Marco Diaz, a fisherman who has '
    'worked from the quay since 1998. "It took the boats, the nets, everything." He said '
    "three neighbours lost their homes.\n\n"
    "Officials said repairs to the breakwater, first built in 1961, would cost another 80 "
    'million dollars. "We will need help from the central government," they said.\n\n'
    "The Coastal Relief Fund said in a statement that it had delivered 14 tonnes of food "
    'and 3.5 million litres of water since Sunday. "Our teams worked through the night," '
    "it said.\n\n"
    "Brigadier General Lucía Méndez, who leads the army's relief effort, told the Harbour "
    'Ledger that soldiers had cleared 40 km of coastal road. "The road to the south is '
    'open again," Méndez said. "We are now moving north." She added that a second convoy '
    "would leave tomorrow at 6:30 am.\n\n"
    "The regional assembly will meet next Monday to vote on an emergency budget of about "
    "3.5 million, as cited by Radio Bahía. Ms. Méndez said on Wednesday that the army "
    'would stay "for as long as the people of this coast need us".\n\n'
    "Last year, a smaller storm damaged 400 homes in the same district, and in March 2025 "
    'the port was closed for nine days. Residents said the warning came too late. "The '
    'sirens sounded at 2 am, and the water was already in the street," said Elena Rojas, '
    "67, a retired teacher.\n\n"
    'Torres said the port would publish a full damage report on 3 December. "It is the '
    'worst season I have seen in 20 years," she said.\n'
)
PUBLISHED = dt.datetime(2026, 11, 19, 18, 0, tzinfo=dt.UTC)  # a Thursday


def test_dateline():
    assert extract_dateline(ARTICLE) == {"place": "VALPARAÍSO, Chile", "agency": "AP"}


def test_figures():
    got = [(f["value"], f["text"], f["unit_or_subject"]) for f in extract_figures(ARTICLE)]
    assert got == [
        (2300, "more than 2,300 households", "households"),
        (1200, "about 1,200 people", "people"),
        (4500000000, "$4.5 billion", "USD"),
        (12, "12 percent", "%"),
        (3, "three neighbours", "neighbours"),
        (80000000, "80 million dollars", "USD"),
        (14, "14 tonnes", "tonnes"),
        (3500000, "3.5 million litres", "litres"),
        (40, "40 km", "km"),
        (3500000, "about 3.5 million", None),
        (400, "400 homes", "homes"),
        (9, "nine days", "days"),
        (20, "20 years", "years"),
    ]


def test_quotes():
    assert extract_quotes(ARTICLE) == [
        {"text": "We are ready", "speaker": "Ana Torres"},
        {
            "text": "The ships will sail on Friday from 9 am [1200 GMT], and we expect the first "
            "cargo by the weekend.",
            "speaker": "Ana Torres",
        },
        {"text": "Nobody expected the water to rise so fast", "speaker": "Marco Diaz"},
        {"text": "It took the boats, the nets, everything.", "speaker": "Marco Diaz"},
        {"text": "We will need help from the central government", "speaker": None},
        {"text": "Our teams worked through the night", "speaker": "Coastal Relief Fund"},
        {"text": "The road to the south is open again", "speaker": "Lucía Méndez"},
        {"text": "We are now moving north.", "speaker": "Lucía Méndez"},
        {"text": "for as long as the people of this coast need us", "speaker": "Lucía Méndez"},
        {
            "text": "The sirens sounded at 2 am, and the water was already in the street",
            "speaker": "Elena Rojas",
        },
        {"text": "It is the worst season I have seen in 20 years", "speaker": "Ana Torres"},
    ]


def test_sources_cited():
    assert extract_sources_cited(ARTICLE) == [
        "AP",
        "Regional Emergency Office",
        "Harbour Ledger",
        "Ministry of Public Works",
        "Andespress",
        "Coastal Relief Fund",
        "Radio Bahía",
    ]


def test_times():
    got = [(x["text"], x["value"]) for x in extract_times(ARTICLE, PUBLISHED)]
    assert got == [
        ("Thursday", "2026-11-19"),
        ("Friday from 9 am [1200 GMT]", "2026-11-20T12:00:00Z"),
        ("Tuesday", "2026-11-17"),
        ("1998", "1998"),
        ("1961", "1961"),
        ("Sunday", "2026-11-15"),
        ("tomorrow at 6:30 am", "2026-11-20"),
        ("next Monday", "2026-11-23"),
        ("Wednesday", "2026-11-18"),
        ("Last year", "2025"),
        ("March 2025", "2025-03"),
        ("3 December", "2026-12-03"),
    ]


def test_extractors_are_plain_python():
    package = pathlib.Path(__file__).parents[3] / "pipelines" / "core" / "events"
    for module in package.glob("*.py"):
        assert "apache_beam" not in module.read_text(encoding="utf-8"), module.name
