"""Tests for pipelines.core.events.quotes (fictional quotes and people)."""

from __future__ import annotations

import pytest

from pipelines.core.events.quotes import extract_quotes


def q(text, speaker):
    return {"text": text, "speaker": speaker}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We are ready," said Ana Torres.', [q("We are ready", "Ana Torres")]),
        ('"We are ready," Ana Torres said.', [q("We are ready", "Ana Torres")]),
        (
            '"We are ready," Ana Torres, the port\'s director, told reporters.',
            [q("We are ready", "Ana Torres")],
        ),
        ('"We are ready," Torres, 54, said on Friday.', [q("We are ready", "Torres")]),
        ("“We are ready,” said Ana Torres.", [q("We are ready", "Ana Torres")]),
        ('"We are ready", she said.', [q("We are ready", None)]),  # nobody named before
        ('"Are we ready?" asked Ana Torres.', [q("Are we ready?", "Ana Torres")]),
        (
            '"We are ready," said Brigadier General Ana Torres.',
            [q("We are ready", "Ana Torres")],
        ),
        ('"We are ready," said Ms. Torres.', [q("We are ready", "Torres")]),
        (
            'Torres said: "We will rebuild the northern quay before winter."',
            [q("We will rebuild the northern quay before winter.", "Torres")],
        ),
        (
            'Torres told reporters on Friday, "The quay is open."',
            [q("The quay is open.", "Torres")],
        ),
        (
            'Torres said the port was "busier than it has been in years".',
            [q("busier than it has been in years", "Torres")],
        ),
        (
            '"The port is open," the Harbour Authority said in a statement.',
            [q("The port is open", "Harbour Authority")],
        ),
        ('"The port is open," UNICEF said.', [q("The port is open", "UNICEF")]),
    ],
)
def test_attributions(text, expected):
    assert extract_quotes(text) == expected


def test_pronoun_resolves_to_a_speaker_named_outside_quotes():
    text = (
        "Ana Torres, the port's director, said the ships were ready. "
        '"We are ready," she said. "The ships will sail."'
    )
    assert extract_quotes(text) == [
        q("We are ready", "Ana Torres"),
        q("The ships will sail.", "Ana Torres"),
    ]


def test_quote_split_by_its_attribution():
    text = 'Ana Torres spoke first. "We are ready," she said, "and the ships will sail."'
    assert extract_quotes(text) == [
        q("We are ready", "Ana Torres"),
        q("and the ships will sail.", "Ana Torres"),
    ]


def test_multi_sentence_quote_and_continuation_after_attribution():
    text = "“We are ready,” Torres told reporters. “Nobody expected this. The storm was brutal.”"
    assert extract_quotes(text) == [
        q("We are ready", "Torres"),
        q("Nobody expected this. The storm was brutal.", "Torres"),
    ]


def test_quote_running_over_two_paragraphs():
    text = (
        '"This is the first paragraph of a long quote.\n"And this is the second," said Ana Torres.'
    )
    assert extract_quotes(text) == [
        q("This is the first paragraph of a long quote. And this is the second", "Ana Torres")
    ]


def test_surname_completed_from_earlier_full_name_and_pronoun_across_paragraphs():
    text = (
        '"We are ready," said Brigadier General Ana Torres.\n'
        '"It was a long night," she said.\n'
        '"The ships will sail on Friday," Torres added.'
    )
    assert extract_quotes(text) == [
        q("We are ready", "Ana Torres"),
        q("It was a long night", "Ana Torres"),
        q("The ships will sail on Friday", "Ana Torres"),
    ]


def test_known_people_complete_a_surname():
    text = '"We are ready," Torres said.'
    assert extract_quotes(text, known_people=["Ana Torres", "Marco Diaz"]) == [
        q("We are ready", "Ana Torres")
    ]
    # Two known people with that surname: the surface is kept rather than a guess.
    both = ["Ana Torres", "Luis Torres"]
    assert extract_quotes(text, known_people=both) == [q("We are ready", "Torres")]


def test_pronoun_follows_a_person_mentioned_as_a_subject():
    text = 'Ana Torres said ships were ready. Marco Diaz disagreed.\n"It is a disaster," he said.'
    assert extract_quotes(text) == [q("It is a disaster", "Marco Diaz")]


def test_it_resolves_to_an_organisation():
    text = '"The port is open," the Harbour Authority said. "Ships may dock," it said.'
    assert extract_quotes(text) == [
        q("The port is open", "Harbour Authority"),
        q("Ships may dock", "Harbour Authority"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A description, not a name: no speaker, and no pronoun resolved through it.
        (
            'Ana Torres spoke. "We are ready," the minister said. "Ships will sail," she added.',
            [q("We are ready", None), q("Ships will sail", None)],
        ),
        (
            'Ana Torres spoke. Officials said the port would reopen. "We are ready," they said.',
            [q("We are ready", None)],
        ),
        (
            '"Ready," a spokesman for the ministry said. "Go," she said.',
            [q("Ready", None), q("Go", None)],
        ),
        # Gender known from the title disagrees with the pronoun.
        (
            '"We are ready," said Mr. Diaz. "Ships will sail," she added.',
            [q("We are ready", "Diaz"), q("Ships will sail", None)],
        ),
        # "she" cannot be an organisation.
        (
            '"The port is open," UNICEF said. "Ships may dock," she said.',
            [q("The port is open", "UNICEF"), q("Ships may dock", None)],
        ),
        # Several speakers.
        ('"We are ready," Torres and Diaz said.', [q("We are ready", None)]),
        # A quote closed by a full stop, then a new sentence about something else.
        (
            '"We are ready." Torres said the ships would sail on Friday.',
            [q("We are ready.", None)],
        ),
        # Somebody else named between the verb and a partial quote.
        (
            'Torres said Diaz had called the plan "a recipe for disaster on the coast".',
            [q("a recipe for disaster on the coast", None)],
        ),
        (
            'Torres spoke, but Diaz called it "a recipe for disaster on the coast".',
            [q("a recipe for disaster on the coast", None)],
        ),
        # No attribution at all.
        (
            'The ministry called the plan a "recipe for total disaster on the coast".',
            [q("recipe for total disaster on the coast", None)],
        ),
    ],
)
def test_no_wrong_speakers(text, expected):
    assert extract_quotes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "peace plan" failed.',
        'She read the report "Ports in Crisis: A Global View" on Friday.',
        "The port's director said the ships were ready.",
        'An unbalanced " quote mark.',
        "It's the captain's ship, isn't it?",
        "",
    ],
)
def test_not_quotes(text):
    assert extract_quotes(text) == []
