"""Spanish-language articles of the demo newsroom (all fictional).

Outlets: El Mirador de Costaluna (``mirador``) and the Spanish service of the Meridian Press
Agency (``meridian``). ``WIRE_HANDBALL`` is the agency text that El Mirador republishes
verbatim (wire group ``wire-copa-atlantica``).

Data only; imported by ``pipelines.demo.content``.
"""

from pipelines.demo.model import Article, Comment, utc

WIRE_HANDBALL = (
    "DUNMARRA, 23 nov (MPA) – La selección de Velmar conquistó este lunes la Copa Atlántica de "
    "balonmano tras derrotar a Karsland por 31-28 en una final muy disputada que se decidió en "
    "los últimos cinco minutos, ante más de 9.000 espectadores.",
    "Karsland llegó al descanso con dos goles de ventaja gracias a la actuación de su portero, "
    "Erik Valstad, que detuvo tres lanzamientos de siete metros. Sin embargo, el equipo local "
    "ajustó su defensa en la segunda parte y encadenó un parcial de 6-1 que cambió por completo "
    "el rumbo del partido.",
    "El extremo Tomás Ferran fue el máximo goleador del encuentro con nueve tantos y fue "
    "elegido mejor jugador del torneo. «Hemos sufrido mucho, pero este grupo nunca deja de "
    "creer», declaró al término del partido.",
    "Es el primer título internacional de Velmar desde 2019. El seleccionador, Andrés Mayol, "
    "dedicó la victoria a los clubes de base del país, que, según dijo, han sostenido este "
    "deporte durante años con muy pocos recursos.",
    "Karsland, que defendía el título, se consoló con su mejor actuación en una final desde la "
    "creación del torneo. Ambas selecciones volverán a enfrentarse en marzo en la fase de "
    "clasificación para el campeonato del mundo.",
)

ARTICLES = (
    Article(
        id="meridian-es-copa-atlantica",
        outlet="meridian",
        language="es",
        section="Deportes",
        headline="Velmar conquista la Copa Atlántica de balonmano tras vencer 31-28 a Karsland",
        standfirst="Un parcial de 6-1 en la segunda parte decidió la final.",
        paragraphs=WIRE_HANDBALL,
        author="Lucía Andrade",
        published=utc(2026, 11, 23, 21, 40),
        path="/es/noticia/2026-11-23/velmar-conquista-la-copa-atlantica-mpa0391",
        categories=("Deportes", "Balonmano", "Velmar"),
        wire_group="wire-copa-atlantica",
    ),
    Article(
        id="mirador-copa-atlantica",
        outlet="mirador",
        language="es",
        section="Deportes",
        headline="Velmar gana la Copa Atlántica de balonmano ante Karsland",
        standfirst="Tomás Ferran, mejor jugador del torneo con nueve goles en la final.",
        paragraphs=WIRE_HANDBALL,
        author="Lucía Andrade",
        credit="Agencia MPA",
        published=utc(2026, 11, 24, 7, 0),
        path="/deportes/2026-11-24/velmar-gana-la-copa-atlantica-de-balonmano.html",
        categories=("Deportes", "Balonmano"),
        wire_group="wire-copa-atlantica",
    ),
    Article(
        id="mirador-peatonalizacion",
        outlet="mirador",
        language="es",
        section="Costaluna",
        headline="Costaluna aprueba peatonalizar el casco antiguo a partir de 2027",
        standfirst="El pleno saca adelante el plan con los votos del gobierno municipal y "
        "la abstención de la oposición.",
        paragraphs=(
            "El pleno del Ayuntamiento de Costaluna aprobó este jueves el plan para "
            "peatonalizar el casco antiguo, que prohibirá el paso de vehículos privados por "
            "catorce calles del centro histórico a partir de la primavera de 2027. Solo podrán "
            "circular residentes, servicios de emergencia y vehículos de reparto en horario "
            "de mañana.",
            "La alcaldesa, Marta Ibarra, defendió que la medida devolverá el centro a los "
            "vecinos y reducirá el ruido y la contaminación. «Las calles del barrio de San "
            "Telmo no se diseñaron para soportar miles de coches al día», afirmó durante el "
            "debate, que se prolongó durante más de dos horas.",
            "El plan incluye la construcción de un aparcamiento disuasorio junto a la estación "
            "de autobuses, con capacidad para 600 plazas, y una nueva línea de microbús "
            "eléctrico que recorrerá el perímetro del casco antiguo cada diez minutos.",
            "La asociación de comerciantes del centro ha pedido un periodo de prueba antes de "
            "la implantación definitiva. Su presidente, Rafael Quintero, teme que las ventas "
            "caigan durante las obras, que se prolongarán al menos ocho meses.",
            "La oposición se abstuvo en la votación al considerar que el proyecto es "
            "necesario, pero que el calendario es demasiado ambicioso.",
        ),
        author="Elena Sarmiento",
        published=utc(2026, 11, 26, 13, 0),
        path="/costaluna/2026-11-26/costaluna-aprueba-peatonalizar-el-casco-antiguo.html",
        categories=("Costaluna", "Política municipal", "Movilidad"),
        comments=(
            Comment(
                "vecina_santelmo",
                utc(2026, 11, 26, 14, 5),
                "Por fin podremos dormir con la ventana abierta en verano.",
            ),
            Comment(
                "Paco R.",
                utc(2026, 11, 26, 15, 20),
                "¿Y los mayores que no pueden caminar tanto? Nadie ha pensado en ellos.",
            ),
            Comment(
                "ComercioVivo",
                utc(2026, 11, 26, 18, 42),
                "Sin aparcamiento cerca el pequeño comercio lo va a pasar muy mal.",
            ),
        ),
    ),
    Article(
        id="mirador-cosecha-aceituna",
        outlet="mirador",
        language="es",
        section="Economía",
        headline="La sequía reduce un 20 % la cosecha de aceituna en la comarca",
        standfirst="Las cooperativas prevén precios altos del aceite durante todo el invierno.",
        paragraphs=(
            "La campaña de recogida de aceituna que acaba de comenzar en la comarca de "
            "Costaluna será un 20 % inferior a la del año pasado, según las primeras "
            "estimaciones de las cooperativas agrícolas. La falta de lluvias durante la "
            "primavera y un verano especialmente caluroso han reducido el tamaño del fruto.",
            "En los olivares de secano, que representan la mayor parte de la superficie "
            "cultivada, las pérdidas podrían superar el 30 %. Los agricultores con riego han "
            "salvado mejor la cosecha, aunque se quejan del aumento del precio de la "
            "electricidad para bombear el agua.",
            "«Llevamos tres años muy duros y muchos jóvenes se están planteando dejar el "
            "campo», explica Josefa Molina, presidenta de la cooperativa Virgen del Olivar, "
            "que agrupa a más de 800 socios en cinco municipios.",
            "Los responsables del sector prevén que el precio del aceite de oliva se mantenga "
            "elevado durante todo el invierno. Algunas almazaras ya han anunciado que "
            "reducirán los turnos de trabajo y contratarán menos temporeros que en campañas "
            "anteriores.",
            "La Diputación provincial estudia una línea de ayudas para la modernización de "
            "los sistemas de riego que se presentará antes de final de año.",
        ),
        author="Andrés Villalobos",
        published=utc(2026, 11, 23, 8, 30),
        path="/economia/2026-11-23/la-sequia-reduce-un-20-la-cosecha-de-aceituna.html",
        categories=("Economía", "Agricultura", "Sequía"),
    ),
    Article(
        id="mirador-posidonia",
        outlet="mirador",
        language="es",
        section="Ciencia",
        headline="Científicos de Costaluna logran replantar praderas de posidonia dañadas",
        standfirst="El 70 % de los esquejes trasplantados hace dos años sigue vivo.",
        paragraphs=(
            "Un equipo de biólogos marinos de la Universidad de Costaluna ha conseguido que "
            "sobrevivan siete de cada diez esquejes de posidonia replantados en una zona de la "
            "bahía que había sido arrasada por las anclas de las embarcaciones de recreo.",
            "El proyecto comenzó hace dos años con la plantación de más de 3.000 fragmentos "
            "recogidos tras los temporales, cuando las olas arrancan trozos de pradera y los "
            "depositan en la playa. Los investigadores los cultivaron durante varias semanas "
            "en tanques del laboratorio antes de devolverlos al mar.",
            "«La posidonia crece apenas unos centímetros al año, así que cada metro cuadrado "
            "recuperado es una victoria», señala la directora del estudio, la bióloga Inés "
            "Cardona. Las praderas sirven de refugio a cientos de especies y protegen la costa "
            "de la erosión.",
            "Los resultados, publicados este mes en una revista científica especializada, "
            "muestran además que los peces han vuelto a la zona restaurada. El equipo ha "
            "contado hasta veinte especies distintas en las últimas inmersiones.",
            "El Ayuntamiento estudia instalar boyas de fondeo ecológico para que los barcos no "
            "tengan que echar el ancla sobre las praderas.",
        ),
        author="Marina Castell",
        published=utc(2026, 11, 25, 9, 15),
        path="/ciencia/2026-11-25/cientificos-logran-replantar-praderas-de-posidonia.html",
        categories=("Ciencia", "Medio ambiente", "Mar"),
    ),
    Article(
        id="mirador-puerto-record",
        outlet="mirador",
        language="es",
        section="Economía",
        headline="El puerto de Costaluna bate su récord de contenedores",
        standfirst="El tráfico crece un 12 % gracias a dos nuevas líneas con el norte de Europa.",
        paragraphs=(
            "El puerto de Costaluna movió entre enero y octubre más de 410.000 contenedores, "
            "una cifra que ya supera el total de todo el año pasado y que convierte 2026 en el "
            "mejor ejercicio de su historia, según los datos difundidos este viernes por la "
            "Autoridad Portuaria.",
            "El crecimiento, del 12 %, se debe sobre todo a la llegada de dos nuevas líneas "
            "regulares que conectan la ciudad con puertos del norte de Europa. También han "
            "aumentado las exportaciones de productos agrícolas refrigerados y de piedra "
            "natural procedente de las canteras de la provincia.",
            "El presidente de la Autoridad Portuaria, Luis Echevarría, atribuyó el resultado a "
            "la ampliación de la terminal sur, que entró en servicio en marzo, y anunció que el "
            "puerto invertirá otros 45 millones de euros en nuevas grúas y en la conexión "
            "ferroviaria con el polígono logístico.",
            "Los sindicatos de estibadores reclaman que el aumento de la actividad se traduzca "
            "en más contrataciones. Por su parte, las asociaciones vecinales del barrio del "
            "Grao piden medidas contra el ruido de los camiones durante la noche.",
            "La Autoridad Portuaria prevé cerrar el año por encima de los 480.000 contenedores.",
        ),
        author="Andrés Villalobos",
        published=utc(2026, 11, 27, 11, 0),
        path="/economia/2026-11-27/el-puerto-de-costaluna-bate-su-record-de-contenedores.html",
        categories=("Economía", "Puerto", "Mercados"),
    ),
)
