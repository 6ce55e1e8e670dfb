"""Content of the bundled demo newsroom: outlets, articles, broken items and feeds.

Everything here is fictional and was written for this project: the outlets, towns, countries,
people and stories do not exist. The article texts live in the ``stories_*`` modules (one per
language); this module assembles them and declares which feed carries which entry.

The newsroom has eight outlets, each served on its own host:port by
``pipelines.demo.server.DemoNewsroom``:

* ``meridian`` - Meridian Press Agency, a wire agency (English wire plus Spanish, Portuguese
  and Dutch services); its stories are republished by other outlets.
* ``harbour`` - The Harbour Times, an English-language daily (Port Calder).
* ``lakeshore`` - The Lakeshore Ledger, an English-language community paper (Millbrook).
* ``calderfm`` - Calder FM News, the news site of a local radio station (Port Calder).
* ``courrier`` - Le Courrier de l'Orbière, a French regional daily (Valcourt).
* ``anzeiger`` - Auenstädter Anzeiger, a German city paper (Auenstadt).
* ``mirador`` - El Mirador de Costaluna, a Spanish daily (Costaluna).
* ``gazzetta`` - La Gazzetta di Valmora, an Italian local paper (Valmora).

Data only; imported by ``pipelines.demo.site``. To see the rendered site, run
``python -m pipelines.demo.server``.
"""

from __future__ import annotations

from pipelines.demo import (
    stories_de,
    stories_en,
    stories_es,
    stories_fr,
    stories_it,
    stories_pt_nl,
)
from pipelines.demo.model import Article, BrokenItem, FeedEntry, FeedSpec, Outlet, utc

OUTLET_LIST: tuple[Outlet, ...] = (
    Outlet(
        id="meridian",
        name="Meridian Press Agency",
        language="en",
        locale="en_GB",
        kind="wire agency",
        city="Halvard",
        tagline="Independent news wire since 1952",
    ),
    Outlet(
        id="harbour",
        name="The Harbour Times",
        language="en",
        locale="en_GB",
        kind="daily newspaper",
        city="Port Calder",
        tagline="Port Calder's newspaper since 1871",
    ),
    Outlet(
        id="lakeshore",
        name="The Lakeshore Ledger",
        language="en",
        locale="en_US",
        kind="community newspaper",
        city="Millbrook",
        tagline="News for Millbrook and the Ashgrove shore",
        utc_offset_hours=-5,
    ),
    Outlet(
        id="calderfm",
        name="Calder FM News",
        language="en",
        locale="en_GB",
        kind="radio station",
        city="Port Calder",
        tagline="Your station for the Calder coast",
    ),
    Outlet(
        id="courrier",
        name="Le Courrier de l'Orbière",
        language="fr",
        locale="fr_FR",
        kind="quotidien régional",
        city="Valcourt",
        tagline="Le quotidien de la vallée de l'Orbière",
        utc_offset_hours=1,
    ),
    Outlet(
        id="anzeiger",
        name="Auenstädter Anzeiger",
        language="de",
        locale="de_DE",
        kind="Tageszeitung",
        city="Auenstadt",
        tagline="Unabhängige Tageszeitung für Auenstadt und Umgebung",
        utc_offset_hours=1,
    ),
    Outlet(
        id="mirador",
        name="El Mirador de Costaluna",
        language="es",
        locale="es_ES",
        kind="diario",
        city="Costaluna",
        tagline="El diario de Costaluna y su comarca",
        utc_offset_hours=1,
    ),
    Outlet(
        id="gazzetta",
        name="La Gazzetta di Valmora",
        language="it",
        locale="it_IT",
        kind="quotidiano locale",
        city="Valmora",
        tagline="Il giornale di Valmora e dell'Alpe Serrana",
        utc_offset_hours=1,
    ),
)

OUTLETS_BY_ID: dict[str, Outlet] = {o.id: o for o in OUTLET_LIST}

ARTICLES: tuple[Article, ...] = (
    *stories_en.ARTICLES,
    *stories_fr.ARTICLES,
    *stories_de.ARTICLES,
    *stories_es.ARTICLES,
    *stories_it.ARTICLES,
    *stories_pt_nl.ARTICLES,
)

ARTICLES_BY_ID: dict[str, Article] = {a.id: a for a in ARTICLES}

BROKEN_ITEMS: tuple[BrokenItem, ...] = (
    BrokenItem(
        id="harbour-removed-bridge-story",
        outlet="harbour",
        kind="not_found",
        title="Swing bridge closure extended until Friday",
        summary="Engineers need more time to replace the bridge's hydraulic rams.",
        author="Priya Lamont",
        published=utc(2026, 11, 23, 10, 0),
        categories=("Port Calder", "Transport"),
        # The story was taken down after publication: the feed still links to it.
        path="/news/port-calder/2026/nov/23/swing-bridge-closure-extended",
    ),
    BrokenItem(
        id="courrier-supplement-pdf",
        outlet="courrier",
        kind="pdf",
        title="Téléchargez le supplément « Agenda des fêtes »",
        summary="Marchés de Noël, concerts et spectacles : notre supplément de 24 pages.",
        author="La rédaction",
        published=utc(2026, 11, 25, 7, 0),
        categories=("Loisirs", "Supplément"),
        path="/medias/supplements/agenda-des-fetes-2026.pdf",
    ),
    BrokenItem(
        id="anzeiger-liveticker",
        outlet="anzeiger",
        kind="empty_html",
        title="Liveticker: TSV Auenstadt gegen HC Lindheim",
        summary="Das Derby in der Auehalle im Liveticker.",
        author="Jan Petersen",
        published=utc(2026, 11, 22, 17, 0),
        categories=("Sport", "Handball", "Liveticker"),
        # A JavaScript-rendered ticker: the HTML shell has no text of its own.
        path="/sport/liveticker-tsv-auenstadt-hc-lindheim-id40729.html",
    ),
    BrokenItem(
        id="lakeshore-library-redirect",
        outlet="lakeshore",
        kind="redirect",
        title="School board to vote on longer library hours",
        summary="Both high school libraries could stay open until 7 p.m.",
        author="Tom Kessling",
        published=utc(2026, 11, 24, 13, 20),
        categories=("Schools", "Millbrook"),
        # The article was renamed after the feed was generated; the old URL answers 301.
        path="/2026/11/24/library-hours-vote/",
        target="lakeshore-library-hours",
    ),
    BrokenItem(
        id="mirador-galeria-javascript",
        outlet="mirador",
        kind="javascript_link",
        title="Galería: las mejores imágenes del temporal en la costa",
        summary="Olas de seis metros en el paseo marítimo.",
        author="Fotografía El Mirador",
        published=utc(2026, 11, 25, 19, 0),
        categories=("Costaluna", "Fotogalerías"),
        link="javascript:abrirGaleria(2211)",
    ),
    BrokenItem(
        id="calderfm-listen-again",
        outlet="calderfm",
        kind="no_link",
        title="Listen again: the Calder Breakfast Show",
        summary="The whole of this morning's programme is available on the Calder FM app.",
        author="Calder FM",
        published=utc(2026, 11, 26, 10, 0),
        categories=("Shows",),
    ),
)

BROKEN_BY_ID: dict[str, BrokenItem] = {b.id: b for b in BROKEN_ITEMS}


def _e(guid: str, ref: str, *, tracking: str = "", dated: bool = True) -> FeedEntry:
    return FeedEntry(guid=guid, ref=ref, tracking=tracking, dated=dated)


FEEDS: tuple[FeedSpec, ...] = (
    FeedSpec(
        outlet="meridian",
        path="/rss/world.xml",
        format="rss20",
        title="MPA – World wire (English)",
        description="Latest stories from the Meridian Press Agency English wire.",
        language="en",
        entries=(
            _e("MPA-2026-0455", "meridian-velmar-satellite"),
            _e("MPA-2026-0417", "meridian-karsland-rates"),
            _e("MPA-2026-0362", "meridian-storm-bracken"),
        ),
    ),
    FeedSpec(
        outlet="meridian",
        path="/intl/atom.xml",
        format="atom10",
        title="MPA International services",
        description="Spanish, Portuguese and Dutch services of the Meridian Press Agency.",
        # Mixed-language feed: the language is declared per entry (xml:lang), not per feed.
        language=None,
        entries=(
            _e("tag:mpa.example,2026:nl-0489", "meridian-nl-schaatsen"),
            _e("tag:mpa.example,2026:pt-0468", "meridian-pt-nova-ra"),
            _e("tag:mpa.example,2026:pt-0430", "meridian-pt-bolsa-karsland"),
            _e("tag:mpa.example,2026:es-0391", "meridian-es-copa-atlantica"),
            _e("tag:mpa.example,2026:nl-0344", "meridian-nl-pensioenakkoord"),
        ),
    ),
    FeedSpec(
        outlet="harbour",
        path="/feeds/latest.rss",
        format="rss20",
        title="The Harbour Times – Latest",
        description="The latest news from Port Calder and beyond.",
        language="en-gb",
        entries=(
            _e("harbourtimes-2026-118245", "harbour-shipyard-jobs", dated=False),
            _e("harbourtimes-2026-118203", "harbour-karsland-rates"),
            _e("harbourtimes-2026-118177", "harbour-removed-bridge-story"),
            _e("harbourtimes-2026-118150", "harbour-rovers-late-winner"),
            _e("harbourtimes-2026-118141", "harbour-storm-bracken"),
            _e("harbourtimes-2026-118090", "harbour-congestion-charge"),
            # Same article as 118150, re-promoted by the sports desk with tracking parameters.
            _e(
                "harbourtimes-2026-118151",
                "harbour-rovers-late-winner",
                tracking="?utm_source=rss&utm_medium=feed&utm_campaign=sport#comments",
            ),
        ),
    ),
    FeedSpec(
        outlet="lakeshore",
        path="/feeds/all.atom",
        format="atom10",
        title="The Lakeshore Ledger",
        description="News for Millbrook and the Ashgrove shore.",
        language="en-us",
        entries=(
            _e("urn:uuid:6f1d2c3a-0b7e-4c55-9a10-2026112401", "lakeshore-library-redirect"),
            _e("urn:uuid:6f1d2c3a-0b7e-4c55-9a10-2026112402", "lakeshore-karsland-rates"),
            _e(
                "urn:uuid:6f1d2c3a-0b7e-4c55-9a10-2026112201",
                "lakeshore-storm-bracken-rewrite",
            ),
            _e("urn:uuid:6f1d2c3a-0b7e-4c55-9a10-2026112001", "lakeshore-lake-levels"),
        ),
    ),
    FeedSpec(
        outlet="calderfm",
        path="/rss/news.xml",
        format="rss20",
        title="Calder FM News",
        description="News, sport, travel and weather for the Calder coast.",
        # No <language>: some small sites never declare one.
        language=None,
        entries=(
            _e("calderfm-news-48402", "calderfm-rail-upgrade"),
            _e("calderfm-shows-9921", "calderfm-listen-again"),
            _e("calderfm-news-48377", "calderfm-airport-fog"),
            _e("calderfm-news-48213", "calderfm-karsland-rates"),
        ),
    ),
    FeedSpec(
        outlet="courrier",
        path="/rss/actualites.rdf",
        format="rss10",
        title="Le Courrier de l'Orbière – Actualités",
        description="Toute l'actualité de Valcourt, Pontmérac et de la vallée de l'Orbière.",
        language="fr",
        entries=(
            _e("184801", "courrier-comete-amateur"),
            _e("184733", "courrier-fromagerie-pontmerac"),
            _e("184700", "courrier-supplement-pdf"),
            _e("184512", "courrier-budget-valcourt"),
            _e("184390", "courrier-crue-orbiere", dated=False),
            _e("184366", "courrier-rugby-valcourt"),
        ),
    ),
    FeedSpec(
        outlet="anzeiger",
        path="/feed/atom.xml",
        format="atom10",
        title="Auenstädter Anzeiger – Nachrichten",
        description="Aktuelle Nachrichten aus Auenstadt und der Region.",
        language="de",
        entries=(
            _e("tag:auenstaedter-anzeiger.example,2026:40871", "anzeiger-radwegenetz"),
            _e("tag:auenstaedter-anzeiger.example,2026:40812", "anzeiger-brauerei-maelzerei"),
            _e("tag:auenstaedter-anzeiger.example,2026:40733", "anzeiger-handball-derby"),
            _e("tag:auenstaedter-anzeiger.example,2026:40729", "anzeiger-liveticker"),
            _e("tag:auenstaedter-anzeiger.example,2026:40690", "anzeiger-wasserstoffbus"),
            _e("tag:auenstaedter-anzeiger.example,2026:40655", "anzeiger-erster-frost"),
        ),
    ),
    FeedSpec(
        outlet="mirador",
        path="/rss/portada.xml",
        format="rss20",
        title="El Mirador de Costaluna – Portada",
        description="Últimas noticias de Costaluna y su comarca.",
        language="es",
        entries=(
            _e("mirador-90412", "mirador-puerto-record"),
            _e("mirador-90398", "mirador-peatonalizacion"),
            _e("mirador-galeria-2211", "mirador-galeria-javascript"),
            _e("mirador-90377", "mirador-posidonia"),
            _e("mirador-90351", "mirador-copa-atlantica"),
            _e("mirador-90330", "mirador-cosecha-aceituna", dated=False),
        ),
    ),
    FeedSpec(
        outlet="gazzetta",
        path="/rss/ultimora.rdf",
        format="rss10",
        title="La Gazzetta di Valmora – Ultim'ora",
        description="Le notizie di Valmora, Borgo San Teodoro e dell'Alpe Serrana.",
        language="it",
        entries=(
            _e("77203", "gazzetta-mosaico-romano"),
            _e("77164", "gazzetta-cartiera-assunzioni"),
            _e("77120", "gazzetta-fusione-comuni"),
            _e("77059", "gazzetta-calcio-valmora"),
            _e("77031", "gazzetta-prima-neve", dated=False),
            # The morning newsletter links the same article with its own tracking tags.
            _e(
                "77120-nl",
                "gazzetta-fusione-comuni",
                tracking="?utm_source=newsletter&utm_medium=email&utm_campaign=buongiorno"
                "#commenti",
            ),
        ),
    ),
)


def articles_of(outlet_id: str) -> list[Article]:
    """Returns an outlet's articles, newest first.

    Args:
        outlet_id: Outlet id.

    Returns:
        The outlet's articles ordered by publication time, newest first.
    """
    found = [a for a in ARTICLES if a.outlet == outlet_id]
    return sorted(found, key=lambda a: a.published, reverse=True)


def feeds_of(outlet_id: str) -> list[FeedSpec]:
    """Returns the feeds of one outlet, in declaration order.

    Args:
        outlet_id: Outlet id.

    Returns:
        The outlet's feeds.
    """
    return [f for f in FEEDS if f.outlet == outlet_id]
