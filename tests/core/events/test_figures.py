"""Tests for pipelines.core.events.figures (fictional sentences)."""

from __future__ import annotations

import pytest

from pipelines.core.events.figures import extract_figures


def fig(value, text, unit):
    return {"value": value, "text": text, "unit_or_subject": unit}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The storm cut power to more than 2,300 households.",
            [fig(2300, "more than 2,300 households", "households")],
        ),
        ("It displaced 1.2 million people.", [fig(1200000, "1.2 million people", "people")]),
        ("The fund raised about 3.5 million.", [fig(3500000, "about 3.5 million", None)]),
        ("Repairs cost $4.5 billion.", [fig(4500000000, "$4.5 billion", "USD")]),
        ("Repairs cost US$ 3 million.", [fig(3000000, "US$ 3 million", "USD")]),
        ("Repairs cost USD 3 million.", [fig(3000000, "USD 3 million", "USD")]),
        ("It cost 4.5 billion dollars.", [fig(4500000000, "4.5 billion dollars", "USD")]),
        (
            "Loans of €20m and £3bn.",
            [fig(20000000, "€20m", "EUR"), fig(3000000000, "£3bn", "GBP")],
        ),
        ("A budget of Rs 500 crore.", [fig(5000000000, "Rs 500 crore", "INR")]),
        ("Prices rose 12 percent.", [fig(12, "12 percent", "%")]),
        ("Prices rose 12%.", [fig(12, "12%", "%")]),
        ("Prices rose 2.5 per cent.", [fig(2.5, "2.5 per cent", "%")]),
        (
            "Turnout fell 3 percentage points.",
            [fig(3, "3 percentage points", "percentage points")],
        ),
        ("They won 0.5% of the vote.", [fig(0.5, "0.5%", "%")]),
        ("The wall is 40 km long and weighs 5kg.", [fig(40, "40 km", "km"), fig(5, "5kg", "kg")]),
        (
            "It affected 2,300 displaced households.",
            [fig(2300, "2,300 displaced households", "displaced households")],
        ),
        ("It reached 1,000,000 people.", [fig(1000000, "1,000,000 people", "people")]),
        ("Some 300 Ukrainians crossed.", [fig(300, "Some 300 Ukrainians", "Ukrainians")]),
        ("They sent 3.5 million in aid.", [fig(3500000, "3.5 million", None)]),
        ("Three people died.", [fig(3, "Three people", "people")]),
        ("A dozen ships sank.", [fig(12, "A dozen ships", "ships")]),
        ("He said three neighbours left.", [fig(3, "three neighbours", "neighbours")]),
        ("Half a million people fled.", [fig(500000, "Half a million people", "people")]),
        ("It hit two million residents.", [fig(2000000, "two million residents", "residents")]),
        ("We built 2000 households.", [fig(2000, "2000 households", "households")]),
        ("The port closed for nine days.", [fig(9, "nine days", "days")]),
        (
            "Between 20 and 30 people fled.",
            [fig(20, "20", None), fig(30, "30 people", "people")],
        ),
    ],
)
def test_figures(text, expected):
    assert extract_figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The port was built in 2024.",
        "In 2024 prices rose.",
        "The year 2024 saw storms.",
        "Ahead of the 2026 elections.",
        "It was founded in March 2026.",
        "On March 3, 2026, ships sailed.",
        "On 3 March, ships sailed.",
        "It opened on 2026-03-03.",
        "The ferry leaves at 9 am.",
        "The ferry leaves at 9:30.",
        "The ferry leaves at 9.30pm.",
        "Voting opens at 0600 GMT.",
        "Voting opens [0600 GMT].",
        "It was the 3rd day and the 21st hour.",
        "In the 1990s the port grew.",
        "A 10-day truce began.",
        "A 34-year-old man was hurt.",
        "The match ended 3-1.",
        "Flight 17 landed at Gate 4.",
        "A Boeing 737 landed.",
        "No. 10 said nothing.",
        "COVID-19 and G7 and 5G.",
        "The two sides met.",
        "Two of them left.",
        "One of the ships sank.",
        "Elena Rojas, 67, a retired teacher, spoke.",
        "Resolution 2231 was cited.",
    ],
)
def test_not_figures(text):
    assert extract_figures(text) == []


def test_text_order_and_whole_values():
    figures = extract_figures("About 1.5 million people and 40 ships, at a cost of $2.25 billion.")
    assert [f["value"] for f in figures] == [1500000, 40, 2250000000]
    assert all(isinstance(f["value"], int) for f in figures)
    assert extract_figures("It rose 3.75%.")[0]["value"] == 3.75
