"""Tests for pipelines.core.events.dateline (fictional openings)."""

from __future__ import annotations

import pytest

from pipelines.core.events.dateline import extract_dateline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "KYIV, Ukraine (AP) — Night ferries resumed on Friday.",
            {"place": "KYIV, Ukraine", "agency": "AP"},
        ),
        ("(Reuters) - The harbour reopened.", {"place": None, "agency": "Reuters"}),
        ("GENEVA (AFP) -- Talks resumed.", {"place": "GENEVA", "agency": "AFP"}),
        ("NAIROBI, Kenya — Heavy rain fell.", {"place": "NAIROBI, Kenya", "agency": None}),
        ("LONDON, March 3 (Reuters) - Prices rose.", {"place": "LONDON", "agency": "Reuters"}),
        (
            "KYIV, Ukraine, Nov. 20 (AP) — Power returned.",
            {"place": "KYIV, Ukraine", "agency": "AP"},
        ),
        (
            "SPRINGFIELD, Ill. (AP) — A bridge closed.",
            {"place": "SPRINGFIELD, Ill.", "agency": "AP"},
        ),
        (
            "WASHINGTON, D.C., Nov. 20 (UPI) -- Lawmakers met.",
            {"place": "WASHINGTON, D.C.", "agency": "UPI"},
        ),
        (
            "PORT-AU-PRINCE, Haiti (AP) — Schools reopened.",
            {"place": "PORT-AU-PRINCE, Haiti", "agency": "AP"},
        ),
        ("SAN JOSÉ, Costa Rica — Rain fell.", {"place": "SAN JOSÉ, Costa Rica", "agency": None}),
        (
            "KINSHASA, Democratic Republic of Congo (AP) — Flights resumed.",
            {"place": "KINSHASA, Democratic Republic of Congo", "agency": "AP"},
        ),
        ("Nairobi, Kenya — Heavy rain fell.", {"place": "Nairobi, Kenya", "agency": None}),
        ("BRUSSELS — NATO allies met.", {"place": "BRUSSELS", "agency": None}),
        ("(CNN)Ferries resumed on Friday.", {"place": None, "agency": "CNN"}),
        (
            "(The Harbour Ledger) — Ferries resumed.",
            {"place": None, "agency": "The Harbour Ledger"},
        ),
        ("(Reuters/AP) - Ferries resumed.", {"place": None, "agency": "Reuters/AP"}),
        ("  \nGENEVA (AFP) — Talks resumed.", {"place": "GENEVA", "agency": "AFP"}),
        (
            "VALPARAÍSO, Chile (AP) — Ferries returned.",
            {"place": "VALPARAÍSO, Chile", "agency": "AP"},
        ),
    ],
)
def test_datelines(text, expected):
    assert extract_dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officials said on Friday that the harbour would reopen.",
        "The mayor — who arrived late — spoke first.",
        "Nairobi — Kenyan officials said.",  # a capitalised word alone may be a sentence
        "NATO — the alliance met on Friday.",
        "NATO — The alliance met on Friday.",
        "BREAKING — Ships collide off the coast.",
        "In Kyiv, Ukraine — A long night.",
        "Paris, Barcelona and Rome — three cities agreed.",
        "(Updated 10:30 GMT) - Ships docked.",
        "(Analysis) - Ships docked.",
        "(Officials) - Ships docked.",
        "Ana Torres, the port's director, said the ships were ready.",
        "",
        "A — B",
    ],
)
def test_no_false_datelines(text):
    assert extract_dateline(text) is None


def test_only_the_opening_counts():
    assert extract_dateline("Ships docked.\nGENEVA (AFP) — Talks resumed.") is None
