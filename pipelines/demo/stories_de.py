"""German-language articles of the demo newsroom (all fictional).

Outlet: Auenstädter Anzeiger (``anzeiger``), the city paper of the fictional Auenstadt.

Data only; imported by ``pipelines.demo.content``.
"""

from pipelines.demo.model import Article, utc

ARTICLES = (
    Article(
        id="anzeiger-radwegenetz",
        outlet="anzeiger",
        language="de",
        section="Lokales",
        headline="Stadtrat beschließt neues Radwegenetz für Auenstadt",
        standfirst="Bis 2030 sollen 42 Kilometer neue oder verbreiterte Radwege entstehen.",
        paragraphs=(
            "Der Stadtrat hat am Donnerstag mit großer Mehrheit ein Konzept für ein "
            "durchgehendes Radwegenetz beschlossen. Bis zum Jahr 2030 sollen in Auenstadt "
            "insgesamt 42 Kilometer neue oder deutlich verbreiterte Radwege entstehen, vor "
            "allem entlang der großen Ausfallstraßen.",
            "Herzstück des Plans ist eine geschützte Fahrradspur auf der Hafenallee zwischen "
            "dem Hauptbahnhof und dem Nordhafen. Dafür fällt auf einem Abschnitt von rund "
            "zwei Kilometern eine Autospur weg. Auch am Lindenplatz, der als Unfallschwerpunkt "
            "gilt, soll die Kreuzung umgebaut werden.",
            "Baubürgermeisterin Petra Hollmann sprach von einem „überfälligen Schritt“. In "
            "keiner anderen Stadt der Region sei der Anteil des Radverkehrs in den vergangenen "
            "Jahren so stark gestiegen. Die Kosten werden auf rund 31 Millionen Euro "
            "geschätzt, gut die Hälfte soll aus Förderprogrammen des Landes kommen.",
            "Kritik kam vom Einzelhandelsverband. Dessen Vorsitzender Werner Braun befürchtet, "
            "dass Kunden aus dem Umland wegen fehlender Parkplätze wegbleiben. Die Stadt will "
            "deshalb zwei Parkhäuser am Rand der Innenstadt besser ausschildern.",
            "Die ersten Bauarbeiten sollen im kommenden Sommer beginnen. Bürgerinnen und "
            "Bürger können sich im Januar bei drei Informationsabenden über die einzelnen "
            "Abschnitte informieren.",
        ),
        author="Markus Feldmann",
        published=utc(2026, 11, 26, 16, 30),
        path="/lokales/stadtrat-beschliesst-neues-radwegenetz-id40871.html",
        categories=("Lokales", "Verkehr", "Stadtrat"),
    ),
    Article(
        id="anzeiger-brauerei-maelzerei",
        outlet="anzeiger",
        language="de",
        section="Wirtschaft",
        headline="Brauerei Kessler übernimmt Mälzerei im Nordhafen",
        standfirst="Alle 46 Arbeitsplätze in der traditionsreichen Mälzerei bleiben erhalten.",
        paragraphs=(
            "Die Auenstädter Brauerei Kessler übernimmt die insolvente Mälzerei Brandt im "
            "Nordhafen. Das teilten beide Unternehmen am Mittwoch mit. Über den Kaufpreis "
            "wurde Stillschweigen vereinbart. Alle 46 Beschäftigten sollen übernommen werden.",
            "Die Mälzerei hatte im Sommer Insolvenz angemeldet, nachdem die Energiekosten für "
            "das Trocknen der Gerste stark gestiegen waren. Seitdem lief der Betrieb unter der "
            "Aufsicht eines Insolvenzverwalters weiter, während nach einem Käufer gesucht "
            "wurde.",
            "Brauereichef Jonas Kessler will das Werk auf eine Wärmepumpe umstellen, die die "
            "Abwärme eines benachbarten Rechenzentrums nutzt. „Wir sichern uns damit unser "
            "wichtigstes Rohstoffvorprodukt direkt vor der Haustür“, sagte er. Bisher bezieht "
            "die Brauerei ihr Malz überwiegend aus anderen Bundesländern.",
            "Der Betriebsratsvorsitzende Stefan Ahrens zeigte sich erleichtert. Die "
            "Belegschaft habe monatelang um ihre Zukunft gebangt. Nun gebe es endlich wieder "
            "eine Perspektive für den Standort, an dem seit mehr als hundert Jahren Malz "
            "hergestellt wird.",
            "Die Übernahme muss noch vom Gläubigerausschuss gebilligt werden. Dies gilt "
            "jedoch als Formsache.",
        ),
        author="Lena Hofstetter",
        published=utc(2026, 11, 25, 10, 15),
        path="/wirtschaft/brauerei-kessler-uebernimmt-maelzerei-im-nordhafen-id40812.html",
        categories=("Wirtschaft", "Nordhafen", "Unternehmen"),
    ),
    Article(
        id="anzeiger-erster-frost",
        outlet="anzeiger",
        language="de",
        section="Wetter",
        headline="Erster Frost: Winterdienst in Auenstadt im Dauereinsatz",
        standfirst="Glatte Straßen sorgten am Freitagmorgen für mehrere Unfälle.",
        paragraphs=(
            "Der erste Frost des Winters hat am Freitagmorgen in Auenstadt für glatte Straßen "
            "und zahlreiche Blechschäden gesorgt. Die Polizei zählte zwischen fünf und neun Uhr "
            "fast zwanzig Unfälle, verletzt wurde nach ersten Angaben niemand schwer.",
            "Besonders betroffen waren die Brücken über die Aue und die Steigung am "
            "Wartbergring. Dort rutschte ein Linienbus gegen einen Lichtmast, die Fahrgäste "
            "konnten den Bus unverletzt verlassen. Die Strecke blieb für etwa eine Stunde "
            "gesperrt.",
            "Der städtische Winterdienst war nach eigenen Angaben seit drei Uhr mit allen "
            "vierzehn Streufahrzeugen unterwegs. Die Lager seien mit mehr als 2000 Tonnen "
            "Streusalz gut gefüllt, sagte ein Sprecher des Betriebshofs.",
            "Für das Wochenende erwarten die Meteorologen weitere klare Nächte mit Tiefstwerten "
            "von bis zu minus sechs Grad. Tagsüber soll es bei Sonnenschein leicht über null "
            "Grad geben, in höheren Lagen ist auch etwas Schnee möglich.",
            "Die Stadt erinnert Hausbesitzer daran, dass sie die Gehwege vor ihren Grundstücken "
            "werktags bis sieben Uhr räumen und streuen müssen.",
        ),
        author="Tobias Krämer",
        published=utc(2026, 11, 20, 11, 0),
        path="/lokales/erster-frost-winterdienst-im-dauereinsatz-id40655.html",
        categories=("Wetter", "Verkehr", "Lokales"),
    ),
    Article(
        id="anzeiger-handball-derby",
        outlet="anzeiger",
        language="de",
        section="Sport",
        headline="Handball: TSV Auenstadt gewinnt Derby gegen Lindheim",
        standfirst="Torhüter Niklas Berger hält in der Schlussphase zwei Siebenmeter.",
        paragraphs=(
            "Der TSV Auenstadt hat das Derby gegen den HC Lindheim mit 29:26 gewonnen und "
            "bleibt in der Tabelle an der Spitze. Vor 1800 Zuschauern in der ausverkauften "
            "Auehalle lag die Mannschaft von Trainer Uwe Schramm am Sonntagabend nur in den "
            "ersten Minuten zurück.",
            "Zur Pause führte der TSV mit 15:12. Nach dem Wechsel kam Lindheim durch schnelle "
            "Gegenstöße noch einmal auf einen Treffer heran, doch in der entscheidenden Phase "
            "parierte Torhüter Niklas Berger zwei Siebenmeter und hielt seine Mannschaft im "
            "Spiel.",
            "Bester Werfer der Gastgeber war Rückraumspieler Malte Iversen mit acht Toren. "
            "„Die Halle hat uns getragen, als es eng wurde“, sagte er nach dem Schlusspfiff. "
            "Trainer Schramm lobte vor allem die Abwehr, die in der zweiten Halbzeit kaum "
            "Lücken gelassen habe.",
            "Lindheims Trainerin Sabine Kroll haderte mit der Chancenverwertung ihres Teams. "
            "Ihre Mannschaft habe zu viele freie Würfe vergeben und sich in den letzten zehn "
            "Minuten zu viele technische Fehler geleistet.",
            "Am kommenden Samstag tritt der TSV beim Tabellendritten in Oberwald an.",
        ),
        author="Jan Petersen",
        published=utc(2026, 11, 22, 20, 30),
        path="/sport/handball-tsv-auenstadt-gewinnt-derby-gegen-lindheim-id40733.html",
        categories=("Sport", "Handball", "TSV Auenstadt"),
    ),
    Article(
        id="anzeiger-wasserstoffbus",
        outlet="anzeiger",
        language="de",
        section="Wissenschaft",
        headline="Hochschule testet Wasserstoffbus auf der Linie 7",
        standfirst="Ein Jahr lang messen Studierende Verbrauch, Reichweite und Kosten.",
        paragraphs=(
            "Auf der Buslinie 7 zwischen dem Campus und dem Lindenviertel fährt seit dieser "
            "Woche ein Bus mit Brennstoffzelle. Die Hochschule Auenstadt will gemeinsam mit "
            "den Stadtwerken ein Jahr lang untersuchen, ob sich Wasserstoff für den "
            "Linienverkehr in einer mittelgroßen Stadt eignet.",
            "Der Bus ist mit zahlreichen Sensoren ausgestattet. Gemessen werden unter anderem "
            "der Verbrauch bei Frost, die Reichweite an langen Betriebstagen und der "
            "Verschleiß der Brennstoffzelle. Studierende der Fahrzeugtechnik werten die Daten "
            "aus und vergleichen sie mit zwei Batteriebussen auf derselben Strecke.",
            "„Uns interessiert nicht die Technik allein, sondern die Frage, was ein Kilometer "
            "am Ende wirklich kostet“, erklärte Projektleiterin Professorin Miriam Hagedorn. "
            "Der Wasserstoff stammt aus einem Elektrolyseur im Nordhafen, der mit Strom aus "
            "Windkraft betrieben wird.",
            "Für die Fahrgäste ändert sich wenig. Der Bus ist etwas leiser als die "
            "Dieselfahrzeuge und bietet Platz für 80 Personen. Auf einem Bildschirm im "
            "Innenraum wird angezeigt, wie viel Kohlendioxid im Vergleich zu einem Dieselbus "
            "eingespart wird.",
            "Die ersten Ergebnisse will die Hochschule im Sommer vorstellen.",
        ),
        author="Miriam Sommer",
        published=utc(2026, 11, 21, 9, 45),
        path="/wissenschaft/hochschule-testet-wasserstoffbus-auf-linie-7-id40690.html",
        categories=("Wissenschaft", "Verkehr", "Hochschule"),
    ),
)
