"""Tests for pipelines.core.events.actors (invented people and organisations, real places)."""

from __future__ import annotations

import pytest

from pipelines.core.events.actors import ActorMention, extract_actors, find_actors, summarize


def actors(text: str, title: str = "") -> list[tuple]:
    """The actors of a text as (name, type, title, country_code, count) tuples."""
    return [
        (a["name"], a["type"], a["title"], a["country_code"], a["count"])
        for a in extract_actors(text, title)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chilean Brigadier General Ana Torres inspected the quay.",
            [("Ana Torres", "person", "Brigadier General", "CL", 1)],
        ),
        (
            "Ukraine's foreign minister, Petro Vale, said the talks would resume.",
            [("Petro Vale", "person", "Foreign Minister", "UA", 1)],
        ),
        (
            "Ana Torres, the port's director, said the ships were ready.",
            [("Ana Torres", "person", "Director", None, 1)],
        ),
        (
            "The convoy was led by Gen. Rafael Okonjo and Lt. Col. Mirela Dascalu.",
            [
                ("Rafael Okonjo", "person", "General", None, 1),
                ("Mirela Dascalu", "person", "Lieutenant Colonel", None, 1),
            ],
        ),
        (
            "Ms. Lena Castell met Mr. Tomas Brandt.",  # honorifics are not titles
            [("Lena Castell", "person", None, None, 1), ("Tomas Brandt", "person", None, None, 1)],
        ),
        (
            "Minister of Foreign Affairs Petro Vale arrived.",
            [("Petro Vale", "person", "Minister of Foreign Affairs", None, 1)],
        ),
        (
            "Tidewater Group said its chief executive, Mercy Wambui, would resign.",
            [
                ("Tidewater Group", "organization", None, None, 1),
                ("Mercy Wambui", "person", "Chief Executive", None, 1),
            ],
        ),
        (
            "Ukrainian President Olena Marchuk said the bridge would reopen.",
            [("Olena Marchuk", "person", "President", "UA", 1)],
        ),
        (
            # The demonym in the appositive describes the person; France acts on its own.
            "Jean-Pierre Dubois, the French ambassador, said France had objected.",
            [
                ("Jean-Pierre Dubois", "person", "Ambassador", "FR", 1),
                ("France", "country", None, "FR", 1),
            ],
        ),
        (
            "Marta Ilves, 61, a retired fisherman, said the nets were gone.",  # not an office
            [("Marta Ilves", "person", None, None, 1)],
        ),
    ],
)
def test_people_and_titles(text, expected):
    assert actors(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials from the World Health Organization (WHO) arrived. The WHO said it would "
            "stay.",
            [("World Health Organization", "organization", None, None, 2)],
        ),
        (
            "The United Nations sent food. The UN said more would follow.",  # initials
            [("United Nations", "organization", None, None, 2)],
        ),
        (
            "The Coastal Relief Fund said the Fund had delivered food.",
            [("Coastal Relief Fund", "organization", None, None, 2)],
        ),
        (
            "Andes Mining Corp. and Eastline Logistics Ltd signed a contract.",
            [
                ("Andes Mining Corp.", "organization", None, None, 1),
                ("Eastline Logistics Ltd", "organization", None, None, 1),
            ],
        ),
        (
            "Lena Okafor of the Harbour Authority met the Ministry of Public Works.",
            [
                ("Lena Okafor", "person", None, None, 1),
                ("Harbour Authority", "organization", None, None, 1),
                ("Ministry of Public Works", "organization", None, None, 1),
            ],
        ),
        (
            "Kenya's President William Ruto met Kenya's Health Ministry officials.",
            [
                ("William Ruto", "person", "President", "KE", 1),
                ("Health Ministry", "organization", None, "KE", 1),
            ],
        ),
        ("She flew from Washington, D.C. to Lima at 9 am GMT.", []),
        ("The Ministry said nothing.", []),  # an organisation word without a name
    ],
)
def test_organisations(text, expected):
    assert actors(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenya said it would send help.", [("Kenya", "country", None, "KE", 1)]),
        ("Kenyan troops arrived at the border.", [("Kenya", "country", None, "KE", 1)]),
        ("Kenya's government said the roads were closed.", [("Kenya", "country", None, "KE", 1)]),
        (
            "Kenya and Uganda signed a deal.",
            [("Kenya", "country", None, "KE", 1), ("Uganda", "country", None, "UG", 1)],
        ),
        (
            "The U.S. said it was pleased. The United States later sent aid.",
            [("United States", "country", None, "US", 2)],
        ),
        ("She bought a farm in Kenya last year.", []),
        ("Floods in Kenya and Uganda killed 40 people.", []),
        ("Kenyan farmers said Kenya's coast was flooded.", []),
        ("Sanctions against Russia were lifted.", []),
        ("Residents of New York and Buenos Aires watched ships on the Red Sea.", []),
    ],
)
def test_countries_act_or_are_places(text, expected):
    assert actors(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("But Marco Diaz said the ferry was late.", [("Marco Diaz", "person", None, None, 1)]),
        ("On Friday Ana Torres left for Lima.", [("Ana Torres", "person", None, None, 1)]),
        (
            "In May, Theresa Okoye said the plan had failed.",
            [("Theresa Okoye", "person", None, None, 1)],
        ),
        ("Officials said the port was closed. Residents said nothing.", []),
        ("Rescue Teams arrived before the rescue boats did.", []),
        ("The World Cup begins in June. Christmas Eve was quiet.", []),
        ("Torres said the port was open.", []),  # a surname never given in full
        ("Gazprom said prices would rise.", []),  # one unknown word: no guess
    ],
)
def test_sentence_starts_and_common_words(text, expected):
    assert actors(text) == expected


def test_surnames_count_as_the_full_name():
    text = "Ana Torres met Marco Diaz. Torres said Diaz was late. Diaz agreed."
    assert actors(text) == [
        ("Marco Diaz", "person", None, None, 3),
        ("Ana Torres", "person", None, None, 2),
    ]


def test_a_shared_surname_goes_to_the_nearest_full_name_before_it():
    text = "Ana Torres spoke first. Luis Torres replied. Torres said the vote was close."
    assert actors(text) == [
        ("Luis Torres", "person", None, None, 2),
        ("Ana Torres", "person", None, None, 1),
    ]


def test_mentions_point_into_the_text():
    text = (
        "Chilean Brigadier General Ana Torres met the World Health Organization (WHO). Kenya said"
    )
    mentions = find_actors(text)
    assert mentions == [
        ActorMention(
            8,
            36,
            "Brigadier General Ana Torres",
            "Ana Torres",
            "person",
            "Brigadier General",
            "CL",
        ),
        ActorMention(
            45,
            76,
            "World Health Organization (WHO)",
            "World Health Organization",
            "organization",
            None,
            None,
        ),
        ActorMention(78, 83, "Kenya", "Kenya", "country", None, "KE"),
    ]
    assert all(text[m.start : m.end] == m.surface for m in mentions)


def test_the_headline_counts_re_mentions_only():
    text = "Amina Kiprop said the World Food Programme (WFP) would help. Kenya said it agreed."
    title = "Kenya Sends Engineers as WFP Warns of Grain Shortage, Kiprop Says"
    assert actors(text, title) == [
        ("Amina Kiprop", "person", None, None, 2),
        ("World Food Programme", "organization", None, None, 2),
        ("Kenya", "country", None, "KE", 2),
    ]
    in_title = [(m.surface, m.start) for m in find_actors(text, title) if m.in_title]
    assert in_title == [("Kenya", 0), ("WFP", 25), ("Kiprop", 54)]
    assert extract_actors("", title) == []


@pytest.mark.parametrize(
    "text",
    [
        "NAIROBI, Kenya (AP) — Ana Torres arrived.",
        "Port-au-Prince, Haiti (Reuters) - Ana Torres arrived.",
    ],
)
def test_a_dateline_is_not_an_actor(text):
    assert actors(text) == [("Ana Torres", "person", None, None, 1)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  \n ",
        "Кенийские войска прибыли на границу. Министр Ана Торрес заявила.",
        "肯尼亚军队抵达边境。",
        "وصلت القوات الكينية إلى الحدود",
        "« Le président a dit » que la France aiderait. Der Bundeskanzler sagte nichts.",
        "ÉÉÉ ((( ))) — 'Ş' ’s ’ Ā. A. B. C. & & of of the",
    ],
)
def test_other_scripts_and_languages_are_harmless(text):
    found = extract_actors(text)
    assert all(a["type"] in ("person", "organization", "country") for a in found)
    assert not [a for a in found if a["type"] == "person"]


# An invented story; the people, companies and agencies are fictional, the places real.
ARTICLE = (
    "NAIROBI, Kenya (AP) — Kenya said on Tuesday it would send 400 engineers to repair the "
    "flooded rail line to Mombasa, after talks with Tanzania and the World Food Programme "
    "(WFP) ended late on Monday.\n\n"
    "Transport Minister Amina Kiprop said the first crews would leave Nairobi on Thursday. "
    '"We cannot wait for the rains to stop," Kiprop told reporters. She said the line '
    "carried most of the country's grain.\n\n"
    "Tanzania's deputy foreign minister, Joseph Mwakalinga, said his government would open "
    "the border crossing at Namanga to relief convoys. Ugandan officials said they were "
    "studying a similar request.\n\n"
    "The WFP said it had moved 1,200 tonnes of maize from its depot in Kisumu. Its regional "
    "director, Helena Varga, warned that prices in Kenya had risen by a fifth since March.\n\n"
    "Chilean Brigadier General Rodrigo Alvear, who leads a United Nations engineering team, "
    "said his soldiers would rebuild two bridges near Voi. General Alvear said the work "
    "would take six weeks.\n\n"
    "Farmers near the Tana River said the water had destroyed their crops. "
    '"Everything is gone," said Peter Otieno, 52, a maize farmer from Garissa. Otieno said '
    "the Kenya Red Cross had given his family food.\n\n"
    "Kenya Railways, the state operator, said in a statement that freight would be carried "
    "by road until the line reopened. Eastline Logistics Ltd, a private haulier, said it had "
    "added 60 trucks. Its chief executive, Mercy Wambui, said the company expected losses.\n\n"
    "In New York, the United Nations said the floods had displaced 90,000 people. The UN "
    "appealed for $25 million, and Ms. Varga said the WFP would need a third of it.\n\n"
    "Kiprop said on Wednesday that Kenya would repay the loan from the African Development "
    'Bank within three years. Asked about the border, Mwakalinga said: "Tanzania will '
    'keep it open."\n'
)
TITLE = "Kenya Sends Engineers as WFP Warns of Grain Shortage, Kiprop Says"


def test_article():
    assert actors(ARTICLE, TITLE) == [
        ("World Food Programme", "organization", None, None, 4),  # first named before Kiprop
        ("Amina Kiprop", "person", "Transport Minister", None, 4),
        ("Kenya", "country", None, "KE", 3),
        ("United Nations", "organization", None, None, 3),
        ("Joseph Mwakalinga", "person", "Deputy Foreign Minister", "TZ", 2),
        ("Helena Varga", "person", "Regional Director", None, 2),
        ("Rodrigo Alvear", "person", "Brigadier General", "CL", 2),
        ("Peter Otieno", "person", None, None, 2),
        ("Uganda", "country", None, "UG", 1),
        ("Kenya Red Cross", "organization", None, "KE", 1),
        ("Kenya Railways", "organization", None, "KE", 1),
        ("Eastline Logistics Ltd", "organization", None, None, 1),
        ("Mercy Wambui", "person", "Chief Executive", None, 1),
        ("African Development Bank", "organization", None, None, 1),
        ("Tanzania", "country", None, "TZ", 1),
    ]


def test_summarize_groups_found_mentions_as_extract_actors_does():
    assert summarize(find_actors(ARTICLE, TITLE)) == extract_actors(ARTICLE, TITLE)
