"""Portuguese- and Dutch-language articles of the demo newsroom (all fictional).

Outlet: the Portuguese and Dutch services of the Meridian Press Agency (``meridian``), which
appear in its international Atom feed.

Data only; imported by ``pipelines.demo.content``.
"""

from pipelines.demo.model import Article, utc

ARTICLES = (
    Article(
        id="meridian-pt-bolsa-karsland",
        outlet="meridian",
        language="pt",
        section="Mercados",
        headline="Bolsa de Karsland fecha em queda após subida dos juros",
        standfirst="Construtoras lideram as perdas; bancos beneficiam da decisão.",
        paragraphs=(
            "HALVARD, 24 nov (MPA) – A bolsa de Karsland fechou em queda nesta terça-feira, "
            "pressionada pelas ações do setor imobiliário, depois de o banco central ter "
            "aumentado a taxa de juro de referência para 4,5 por cento.",
            "O índice principal recuou 1,2 por cento, para o nível mais baixo em seis semanas. "
            "As construtoras foram as mais afetadas, com perdas superiores a 4 por cento, "
            "enquanto os bancos avançaram graças à expectativa de margens mais elevadas nos "
            "empréstimos.",
            "Os operadores disseram que a decisão era esperada, mas que o tom do comunicado "
            "surpreendeu o mercado. O banco central deixou claro que poderá voltar a subir os "
            "juros em janeiro se a inflação dos serviços não abrandar.",
            "No mercado cambial, a moeda de Karsland valorizou-se face ao euro e ao dólar. Os "
            "analistas acreditam que uma moeda mais forte ajudará a conter o preço das "
            "importações, mas avisam que os exportadores de máquinas e de madeira poderão "
            "perder competitividade nos próximos meses.",
            "Os investidores aguardam agora os números do desemprego, que serão publicados na "
            "sexta-feira, e os resultados trimestrais das principais cadeias de "
            "supermercados do país.",
        ),
        author="Beatriz Lobo",
        published=utc(2026, 11, 24, 16, 45),
        path="/pt/noticia/2026-11-24/bolsa-de-karsland-fecha-em-queda-mpa0430",
        categories=("Mercados", "Economia", "Karsland"),
    ),
    Article(
        id="meridian-pt-nova-ra",
        outlet="meridian",
        language="pt",
        section="Ciência",
        headline="Biólogos descobrem nova espécie de rã na Serra do Almaraz",
        standfirst="O anfíbio vive numa área com menos de dez quilómetros quadrados.",
        paragraphs=(
            "DUNMARRA, 26 nov (MPA) – Uma equipa de biólogos identificou uma nova espécie de rã "
            "nas florestas de nevoeiro da Serra do Almaraz, no sul de Velmar, uma descoberta "
            "que os cientistas consideram rara numa região estudada há várias décadas.",
            "O anfíbio, com pouco mais de dois centímetros de comprimento, tem o dorso "
            "verde-oliva e manchas alaranjadas nas patas traseiras. Os investigadores "
            "batizaram-no provisoriamente de rã-do-almaraz, em homenagem à serra onde foi "
            "encontrado.",
            "Segundo o coordenador do estudo, o biólogo Rui Canedo, o canto do animal foi "
            "gravado pela primeira vez em 2023, mas a equipa precisou de três anos de trabalho "
            "de campo para confirmar que se tratava de uma espécie desconhecida. A análise "
            "genética mostrou diferenças claras em relação às rãs das montanhas vizinhas.",
            "Os investigadores alertam que a espécie vive numa área inferior a dez quilómetros "
            "quadrados, ameaçada pela expansão das plantações de abacate e pelos incêndios "
            "florestais. Por isso, propõem que seja classificada como criticamente em perigo.",
            "O governo regional anunciou que vai estudar a criação de uma reserva natural na "
            "zona ainda antes do verão.",
        ),
        author="Rui Tavares Lima",
        published=utc(2026, 11, 26, 10, 20),
        path="/pt/noticia/2026-11-26/nova-especie-de-ra-na-serra-do-almaraz-mpa0468",
        categories=("Ciência", "Ambiente", "Velmar"),
    ),
    Article(
        id="meridian-nl-pensioenakkoord",
        outlet="meridian",
        language="nl",
        section="Politiek",
        headline="Regeringspartijen in Karsland sluiten pensioenakkoord",
        standfirst="De pensioenleeftijd stijgt vanaf 2030 stapsgewijs naar 67 jaar.",
        paragraphs=(
            "HALVARD, 21 nov (MPA) – De drie regeringspartijen in Karsland hebben na weken van "
            "moeizaam onderhandelen een akkoord bereikt over de hervorming van het "
            "pensioenstelsel. De pensioenleeftijd gaat vanaf 2030 stapsgewijs omhoog van 66 "
            "naar 67 jaar.",
            "Premier Annelie Storvik sprak zaterdag op een persconferentie van een "
            "evenwichtig compromis. Volgens haar blijft het stelsel zo betaalbaar voor jongere "
            "generaties, zonder dat mensen met zware beroepen langer hoeven door te werken. "
            "Voor bouwvakkers, verpleegkundigen en schoonmakers komt er een vervroegde "
            "regeling.",
            "De vakbonden reageerden verdeeld. De grootste vakcentrale noemde het akkoord een "
            "stap in de goede richting, maar de bond voor het openbaar vervoer kondigde voor "
            "begin december een staking van vierentwintig uur aan.",
            "Het voorstel moet nog door het parlement worden goedgekeurd. De regering heeft "
            "daar een krappe meerderheid van drie zetels, en twee parlementsleden van de "
            "liberale partij lieten al weten dat zij twijfels hebben over de kosten van de "
            "overgangsregeling.",
            "De eerste stemming staat gepland voor half december. Als het parlement instemt, "
            "krijgen alle werknemers in het voorjaar een brief met hun nieuwe "
            "pensioendatum.",
        ),
        author="Pieter Vossen",
        published=utc(2026, 11, 21, 13, 15),
        path="/nl/nieuws/2026-11-21/regeringspartijen-sluiten-pensioenakkoord-mpa0344",
        categories=("Politiek", "Pensioenen", "Karsland"),
    ),
    Article(
        id="meridian-nl-schaatsen",
        outlet="meridian",
        language="nl",
        section="Sport",
        headline="Karslandse schaatssters winnen ploegachtervolging in vernieuwde ijshal",
        standfirst="Het drietal was ruim een seconde sneller dan Lindmark.",
        paragraphs=(
            "HALVARD, 27 nov (MPA) – De Karslandse schaatssters hebben vrijdag bij de eerste "
            "wedstrijd van het internationale seizoen in Halvard de ploegachtervolging "
            "gewonnen. Het drietal was ruim een seconde sneller dan de ploeg uit Lindmark, "
            "die als tweede eindigde.",
            "Het was de eerste wedstrijd in de vernieuwde ijshal, die twee jaar gesloten was "
            "voor een grondige renovatie. Volgens de organisatie is het ijs dankzij een nieuw "
            "koelsysteem harder en sneller geworden, terwijl het energieverbruik met bijna een "
            "derde is gedaald.",
            "Kopvrouw Sanne Ekholm was na afloop tevreden. „We hebben de hele zomer op de "
            "wissels getraind en dat zag je vandaag terug,” zei ze. „Maar het seizoen is lang "
            "en dit is pas het begin.”",
            "Bij de mannen ging de overwinning naar Lindmark. De Karslandse mannen werden "
            "vierde, nadat een van de rijders in de laatste ronde het contact met zijn "
            "ploeggenoten verloor.",
            "Zaterdag staan de 500 en de 1500 meter op het programma. De organisatie verwacht "
            "dan ongeveer vijfduizend toeschouwers in de hal.",
        ),
        author="Pieter Vossen",
        published=utc(2026, 11, 27, 19, 30),
        path="/nl/nieuws/2026-11-27/karslandse-schaatssters-winnen-ploegachtervolging-mpa0489",
        categories=("Sport", "Schaatsen"),
    ),
)
