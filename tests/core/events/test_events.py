"""Tests for pipelines.core.events.events (fictional sentences, people and organisations)."""

from __future__ import annotations

import re

import pytest

from pipelines.core.events.events import (
    EVENT_DEFINITIONS,
    EVENT_TYPES,
    LEXICON,
    Span,
    extract_events,
)

# The actors every sentence below may name (invented people and bodies; real countries).
ACTORS = (
    "Ana Torres",
    "Marco Diaz",
    "Lena Okafor",
    "Corvex Shipping",
    "Corvex",
    "Harbour Workers Union",
    "Ardent Council",
    "Delta Front",
    "Kenya",
    "Uganda",
    "Tanzania",
    "Chile",
    "Peru",
    "U.S.",
)


def spans(text, *names):
    """The spans of every occurrence of the given names, longest name first where they overlap."""
    found: list[Span] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(s.start < m.end() and m.start() < s.end for s in found):
                found.append(Span(m.start(), m.end(), name))
    return sorted(found, key=lambda s: s.start)


def when(text, surface, value):
    """A time span for the first occurrence of ``surface``, with its ISO value."""
    start = text.index(surface)
    return (Span(start, start + len(surface), surface), value)


def ev(type_, trigger, actor=None, target=None, place=None, time=None):
    return {
        "type": type_,
        "trigger": trigger,
        "actor": actor,
        "target": target,
        "place": place,
        "time": time,
    }


def events(text, places=(), times=()):
    return extract_events(
        text,
        actors=spans(text, *ACTORS),
        places=spans(text, *places),
        times=[when(text, surface, value) for surface, value in times],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One sentence for each of the 16 types.
        (
            "Kenya signed a trade agreement with Uganda.",
            [ev("AGREE", "signed a trade agreement with", "Kenya", "Uganda")],
        ),
        (
            "Ana Torres met with Marco Diaz.",
            [ev("CONSULT", "met with", "Ana Torres", "Marco Diaz")],
        ),
        ("Chile praised Peru for its restraint.", [ev("SUPPORT", "praised", "Chile", "Peru")]),
        (
            "The Ardent Council released 40 prisoners held since the spring.",
            [ev("CONCEDE", "released 40 prisoners", "Ardent Council")],
        ),
        (
            "Tanzania will cooperate with Kenya on border security.",
            [ev("COOPERATE", "cooperate with", "Tanzania", "Kenya")],
        ),
        (
            "Chile sent food and medicine to Peru.",
            [ev("AID", "sent food", "Chile", "Peru")],
        ),
        (
            "The Delta Front pulled out of the northern valley.",
            [ev("RETREAT", "pulled out of", "Delta Front")],
        ),
        (
            "Lena Okafor called on Corvex Shipping to pay its crews.",
            [ev("REQUEST", "called on", "Lena Okafor", "Corvex Shipping")],
        ),
        (
            "The Harbour Workers Union accused Corvex of ignoring safety rules.",
            [ev("ACCUSE", "accused", "Harbour Workers Union", "Corvex")],
        ),
        ("Peru rejected the proposal from Chile.", [ev("REJECT", "rejected", "Peru", "Chile")]),
        (
            "The Delta Front threatened the Ardent Council with a blockade.",
            [ev("THREATEN", "threatened", "Delta Front", "Ardent Council")],
        ),
        (
            "The Harbour Workers Union went on strike against Corvex Shipping.",
            [ev("PROTEST", "went on strike", "Harbour Workers Union", "Corvex Shipping")],
        ),
        (
            "Kenya imposed sanctions on the Delta Front.",
            [ev("SANCTION", "imposed sanctions on", "Kenya", "Delta Front")],
        ),
        (
            "Uganda has deployed 3,000 troops to the border with Kenya.",
            [ev("MOBILIZE", "deployed", "Uganda", "Kenya")],
        ),
        (
            "Peru expelled two diplomats from Chile.",
            [ev("COERCE", "expelled", "Peru", "Chile")],
        ),
        (
            "The Delta Front shelled positions held by the Ardent Council.",
            [ev("ASSAULT", "shelled", "Delta Front")],  # "by" names another verb's agent
        ),
        # More triggers and verb forms.
        (
            "Kenya and Uganda had agreed to a ceasefire.",
            [ev("AGREE", "agreed to", "Kenya", "Uganda")],
        ),
        (
            "Kenya struck a deal with Uganda.",
            [ev("AGREE", "struck a deal with", "Kenya", "Uganda")],
        ),
        (
            "Talks between Chile and Peru resumed.",
            [ev("CONSULT", "Talks between", "Chile", "Peru")],
        ),
        (
            "Lena Okafor is holding talks with the Ardent Council.",
            [ev("CONSULT", "holding talks with", "Lena Okafor", "Ardent Council")],
        ),
        (
            "The Ardent Council lifted restrictions on Corvex.",
            [ev("CONCEDE", "lifted restrictions on", "Ardent Council", "Corvex")],
        ),
        (
            "Kenya and Tanzania held joint naval exercises.",
            [ev("COOPERATE", "held joint naval exercises", "Kenya", "Tanzania")],
        ),
        (
            "Marco Diaz condemned the Delta Front.",
            [ev("ACCUSE", "condemned", "Marco Diaz", "Delta Front")],
        ),
        (
            "Corvex rallied behind Ana Torres.",
            [ev("SUPPORT", "rallied behind", "Corvex", "Ana Torres")],
        ),
        (
            "Uganda mobilised its reservists and urged Kenya to stay calm.",
            [
                ev("MOBILIZE", "mobilised", "Uganda"),
                ev("REQUEST", "urged", "Uganda", "Kenya"),
            ],
        ),
        (
            "Kenya warned Uganda against any incursion.",
            [ev("THREATEN", "warned", "Kenya", "Uganda")],
        ),
        (
            "The Delta Front killed two guards employed by Corvex.",
            [ev("ASSAULT", "killed", "Delta Front")],
        ),
        (
            "An attack on Corvex Shipping by the Delta Front left the quay burning.",
            [ev("ASSAULT", "attack on", "Delta Front", "Corvex Shipping")],
        ),
        (
            "Corvex's attack on the port drew protests.",
            [ev("ASSAULT", "attack on", "Corvex")],
        ),
        # Passive voice: the agent after "by" is the actor, the subject the target.
        (
            "The Ardent Council was attacked by the Delta Front.",
            [ev("ASSAULT", "attacked", "Delta Front", "Ardent Council")],
        ),
        (
            "Ana Torres has been detained by Kenya's police.",
            [ev("COERCE", "detained", "Kenya", "Ana Torres")],
        ),
        ("Marco Diaz was arrested on Friday.", [ev("COERCE", "arrested", None, "Marco Diaz")]),
        # Appositives are skipped when looking for the subject.
        (
            "Ana Torres, the director of Corvex Shipping, accused Kenya of delays.",
            [ev("ACCUSE", "accused", "Ana Torres", "Kenya")],
        ),
        (
            "Lena Okafor, who leads the Harbour Workers Union, denounced Corvex.",
            [ev("ACCUSE", "denounced", "Lena Okafor", "Corvex")],
        ),
        # Negation, modals and infinitives give no event of their own.
        ("Kenya did not sign an agreement with Uganda.", []),
        ("Peru has never attacked Chile.", []),
        ("Chile didn't withdraw from Peru.", []),
        ("The Delta Front could attack Corvex.", []),
        (
            "Kenya threatened to impose sanctions on Uganda.",
            [ev("THREATEN", "threatened", "Kenya")],
        ),
        (
            "Kenya refused to sign the deal with Uganda.",
            [ev("REJECT", "refused", "Kenya")],
        ),
        # Nouns after a determiner are not verbs.
        ("The attack shocked residents.", []),
        # A trigger with neither actor nor target is no event.
        ("Protesters rallied against the new port tax.", []),
        ("Officials said two villages were shelled overnight.", []),
        ("Kenya warned that prices would rise.", []),
        # Other senses of trigger words.
        ("Prices rose as Kenya struck oil in the north.", []),
        ("Marco Diaz met the deadline set by Corvex.", []),
        ("Kenya was hit by floods that killed 12 people.", []),
        ("Corvex released a statement on Friday.", []),
        ("Kenya no longer backs Uganda.", []),
        # "visit" needs a target; no trigger, no event.
        ("Ana Torres visited her family.", []),
        ("Kenya said the weather was fine.", []),
        # Coordinated subjects and objects give one event each.
        (
            "Kenya and Uganda imposed sanctions on Corvex.",
            [
                ev("SANCTION", "imposed sanctions on", "Kenya", "Corvex"),
                ev("SANCTION", "imposed sanctions on", "Uganda", "Corvex"),
            ],
        ),
        (
            "Peru condemned Chile and Kenya.",
            [
                ev("ACCUSE", "condemned", "Peru", "Chile"),
                ev("ACCUSE", "condemned", "Peru", "Kenya"),
            ],
        ),
        # A verb joined by "and" shares the subject; a new subject takes its own verb.
        (
            "Kenya accused Uganda and shelled the depot.",
            [ev("ACCUSE", "accused", "Kenya", "Uganda"), ev("ASSAULT", "shelled", "Kenya")],
        ),
        (
            "Kenya attacked the depot and Uganda protested.",
            [ev("ASSAULT", "attacked", "Kenya"), ev("PROTEST", "protested", "Uganda")],
        ),
        # Sentence splitting keeps "U.S." and "Mr." inside their sentence.
        (
            "Lena Okafor, of the U.S. Navy, accused Corvex. Mr. Marco Diaz praised Chile.",
            [
                ev("ACCUSE", "accused", "Lena Okafor", "Corvex"),
                ev("SUPPORT", "praised", "Marco Diaz", "Chile"),
            ],
        ),
        # Identical events are reported once.
        (
            "Chile attacked Peru. Chile attacked Peru.",
            [ev("ASSAULT", "attacked", "Chile", "Peru")],
        ),
    ],
)
def test_events(text, expected):
    assert events(text) == expected


def test_place_and_time_in_the_sentence():
    text = (
        "Marco Diaz, 54, met with Ana Torres in Nairobi on Friday. "
        "Kenya deployed troops near Eldoret on Saturday, a day after Uganda arrested Lena Okafor."
    )
    got = events(
        text,
        places=("Nairobi", "Eldoret"),
        times=(("Friday", "2026-11-20"), ("Saturday", "2026-11-21")),
    )
    assert got == [
        ev("CONSULT", "met with", "Marco Diaz", "Ana Torres", "Nairobi", "2026-11-20"),
        ev("MOBILIZE", "deployed", "Kenya", None, "Eldoret", "2026-11-21"),
        ev("COERCE", "arrested", "Uganda", "Lena Okafor", "Eldoret", "2026-11-21"),
    ]


def test_place_prefers_a_preposition_and_is_not_the_actor():
    text = "Kenya attacked Uganda's forces in Gulu."
    got = extract_events(
        text,
        actors=spans(text, "Kenya", "Uganda"),
        places=spans(text, "Kenya", "Uganda", "Gulu"),
    )
    assert got == [ev("ASSAULT", "attacked", "Kenya", "Uganda", "Gulu")]


def test_time_prefers_the_clause():
    text = "On Monday, Chile praised Peru; on Tuesday it rejected Kenya's plan."
    got = events(text, times=(("Monday", "2026-11-16"), ("Tuesday", "2026-11-17")))
    assert got == [
        ev("SUPPORT", "praised", "Chile", "Peru", time="2026-11-16"),
        ev("REJECT", "rejected", None, "Kenya", time="2026-11-17"),
    ]


def test_several_events_in_one_paragraph():
    text = (
        "The Delta Front attacked a convoy of the Ardent Council near Gulu on Tuesday. "
        "The Ardent Council condemned the attack and called on Uganda to intervene. "
        "Uganda sent troops to the area, while Kenya delivered aid to the Ardent Council. "
        "Ana Torres said the talks would go on."
    )
    got = events(text, places=("Gulu",), times=(("Tuesday", "2026-11-17"),))
    assert got == [
        ev("ASSAULT", "attacked", "Delta Front", "Ardent Council", "Gulu", "2026-11-17"),
        ev("ACCUSE", "condemned", "Ardent Council"),
        ev("REQUEST", "called on", "Ardent Council", "Uganda"),
        ev("MOBILIZE", "sent troops to", "Uganda"),
        ev("AID", "delivered aid to", "Kenya", "Ardent Council"),
    ]


def test_future_and_perfect_tenses():
    assert events("Peru will withdraw its forces from Chile.") == [
        ev("RETREAT", "withdraw its forces from", "Peru", "Chile")
    ]
    assert events("Chile has sanctioned Corvex Shipping.") == [
        ev("SANCTION", "sanctioned", "Chile", "Corvex Shipping")
    ]


def test_no_actor_spans_or_no_text():
    assert extract_events("Kenya imposed sanctions on Uganda.") == []
    assert extract_events("") == []


@pytest.mark.parametrize(
    "text",
    [
        "Kenya a signé un accord avec l'Ouganda.",
        "Kenia hat Uganda angegriffen und Sanktionen verhängt.",
        "肯尼亚对乌干达实施了制裁。",
        "Kenya и Uganda подписали соглашение.",
    ],
)
def test_non_english_text_gives_nothing(text):
    assert events(text) == []


def test_spans_outside_the_text_are_ignored():
    text = "Chile praised Peru."
    got = extract_events(text, actors=[Span(0, 5, "Chile"), Span(40, 50, "Nowhere")])
    assert got == [ev("SUPPORT", "praised", "Chile")]


def test_taxonomy_is_documented():
    assert len(EVENT_TYPES) == 16
    assert set(EVENT_DEFINITIONS) == set(EVENT_TYPES) == set(LEXICON)
    assert all(EVENT_DEFINITIONS[t] and LEXICON[t] for t in EVENT_TYPES)
