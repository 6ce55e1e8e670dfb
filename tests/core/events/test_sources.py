"""Tests for pipelines.core.events.sources (fictional outlets and bodies)."""

from __future__ import annotations

import pytest

from pipelines.core.events.sources import extract_sources_cited, is_organisation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aid arrived, according to the Harbour Authority.", ["Harbour Authority"]),
        ("Aid arrived, according to Kyivpress.", ["Kyivpress"]),
        ("According to UNICEF, children were safe.", ["UNICEF"]),
        ("According to U.N. figures, children were safe.", ["U.N."]),
        ("Aid arrived, writes news agency Kyivpress.", ["Kyivpress"]),
        ("Aid arrived, reported state broadcaster Radio Lumen.", ["Radio Lumen"]),
        ("The Kyivpress news agency reported that aid arrived.", ["Kyivpress"]),
        ("Aid arrived, as cited by the Danube Wire.", ["Danube Wire"]),
        ("Aid arrived, as reported by Lumenwire.", ["Lumenwire"]),
        ("The Kyiv Morning Post reported that aid arrived.", ["Kyiv Morning Post"]),
        ("Lumenwire reported that aid arrived.", ["Lumenwire"]),
        ("Ana Torres told Reuters that aid arrived.", ["Reuters"]),
        ("Ana Torres told The Harbour Ledger that aid arrived.", ["Harbour Ledger"]),
        ("Speaking to the Harbour Ledger, she said aid arrived.", ["Harbour Ledger"]),
        ("In an interview with Radio Lumen, she said so.", ["Radio Lumen"]),
        ("The Coastal Relief Fund said in a statement that aid arrived.", ["Coastal Relief Fund"]),
        ("The Health Ministry said aid arrived.", ["Health Ministry"]),
        (
            "Damage was high, citing figures from the Ministry of Public Works.",
            ["Ministry of Public Works"],
        ),
        ("Reuters and AFP reported the landing.", ["Reuters", "AFP"]),
        (
            "According to UNICEF Director Mara Lind, children were safe.",
            ["UNICEF"],
        ),
        ("GENEVA (AFP) — Aid arrived, according to Kyivpress.", ["AFP", "Kyivpress"]),
        (
            "Aid arrived, Reuters reported. Later, Reuters reported more. The reuters said.",
            ["Reuters"],
        ),
    ],
)
def test_sources(text, expected):
    assert extract_sources_cited(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ana Torres said the ferries would sail on Friday.",
        "The ferries will sail on Friday, Ana Torres said.",
        "According to Ana Torres, the port reopened.",
        "Ana Torres led the talks. According to Torres, the port reopened.",
        "Minister Paul Ortega said in a statement that the port reopened.",
        "Officials said the ministry agreed.",
        "Police said two people were hurt.",
        "Witnesses reported loud bangs.",
        "According to officials, the port reopened.",
        "Ana Torres told reporters the port reopened.",
        "Ana Torres told Marco Diaz the port reopened.",
        "UN figures show a rise.",
        "",
    ],
)
def test_no_sources(text):
    assert extract_sources_cited(text) == []


def test_is_organisation():
    assert is_organisation("the Harbour Ledger")
    assert is_organisation("UNICEF")
    assert is_organisation("Ministry of Health")
    assert is_organisation("Reuters")
    assert not is_organisation("Ana Torres")
    assert not is_organisation("Torres")
