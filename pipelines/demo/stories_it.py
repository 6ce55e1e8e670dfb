"""Italian-language articles of the demo newsroom (all fictional).

Outlet: La Gazzetta di Valmora (``gazzetta``), the local paper of the fictional town of Valmora.

Data only; imported by ``pipelines.demo.content``.
"""

from pipelines.demo.model import Article, Comment, utc

ARTICLES = (
    Article(
        id="gazzetta-fusione-comuni",
        outlet="gazzetta",
        language="it",
        section="Politica",
        headline="Valmora e Borgo San Teodoro, sì del consiglio alla fusione dei comuni",
        standfirst="L'ultima parola spetterà ai cittadini con un referendum in primavera.",
        paragraphs=(
            "Il consiglio comunale di Valmora ha approvato martedì sera, con 14 voti "
            "favorevoli e 3 contrari, la proposta di fusione con il vicino comune di Borgo San "
            "Teodoro. Lo stesso testo era già stato votato la settimana scorsa dall'assemblea "
            "del borgo, che conta poco più di 2.300 abitanti.",
            "Se il progetto andrà in porto, nascerà un unico comune di circa 19.000 residenti. "
            "Secondo il sindaco di Valmora, Giorgio Bellandi, l'unione permetterà di ottenere "
            "contributi statali per dieci anni e di condividere servizi come la polizia locale, "
            "la raccolta dei rifiuti e l'ufficio tecnico.",
            "Non tutti sono convinti. I consiglieri di minoranza temono che le frazioni più "
            "piccole perdano voce e chiedono garanzie sul mantenimento degli sportelli "
            "comunali e della scuola elementare di Borgo San Teodoro.",
            "«Nessuno vuole cancellare la storia del borgo, il nome resterà e avrà un suo "
            "municipio», ha assicurato la sindaca di Borgo San Teodoro, Anna Ferrucci, "
            "presente in aula tra il pubblico.",
            "L'ultima parola spetterà ai cittadini dei due comuni, chiamati a esprimersi con un "
            "referendum consultivo che la Regione dovrebbe indire per la prossima primavera.",
        ),
        author="Luca Benedetti",
        published=utc(2026, 11, 24, 21, 20),
        path="/cronaca/2026/11/24/news/valmora-si-del-consiglio-alla-fusione-dei-comuni-77120/",
        categories=("Politica", "Valmora", "Borgo San Teodoro"),
        comments=(
            Comment(
                "teodorese58",
                utc(2026, 11, 24, 22, 3),
                "Il borgo finirà per diventare un quartiere di Valmora, altro che storia.",
            ),
            Comment(
                "Marta B.",
                utc(2026, 11, 25, 7, 15),
                "Con un solo ufficio tecnico forse le pratiche andranno più veloci.",
            ),
        ),
    ),
    Article(
        id="gazzetta-cartiera-assunzioni",
        outlet="gazzetta",
        language="it",
        section="Economia",
        headline="La cartiera di Borgo San Teodoro assume ottanta persone",
        standfirst="Nuova linea per il cartone riciclato: investimento da 35 milioni.",
        paragraphs=(
            "La cartiera Rinaldi di Borgo San Teodoro assumerà ottanta persone entro la fine "
            "del prossimo anno. L'annuncio è arrivato mercoledì mattina durante la "
            "presentazione della nuova linea produttiva per il cartone riciclato, un "
            "investimento complessivo di 35 milioni di euro.",
            "L'impianto potrà lavorare fino a 400 tonnellate di carta da macero al giorno, "
            "raccolta in gran parte nelle province vicine. Secondo l'amministratore delegato, "
            "Paolo Rinaldi, la domanda di imballaggi sostenibili è cresciuta in modo costante "
            "con lo sviluppo del commercio elettronico.",
            "Le nuove figure richieste sono soprattutto operai specializzati, manutentori e "
            "tecnici di laboratorio. L'azienda ha avviato una collaborazione con l'istituto "
            "tecnico di Valmora per corsi di formazione retribuiti rivolti ai neodiplomati.",
            "I sindacati hanno accolto con favore la notizia, ricordando che pochi anni fa lo "
            "stabilimento aveva rischiato la chiusura. Resta aperta la questione del traffico "
            "dei camion sulla provinciale, che attraversa il centro abitato.",
            "La Provincia ha promesso di presentare entro gennaio il progetto di una "
            "circonvallazione.",
        ),
        author="Silvia Moretti",
        published=utc(2026, 11, 25, 8, 10),
        path="/economia/2026/11/25/news/la-cartiera-rinaldi-assume-ottanta-persone-77164/",
        categories=("Economia", "Lavoro", "Borgo San Teodoro"),
    ),
    Article(
        id="gazzetta-prima-neve",
        outlet="gazzetta",
        language="it",
        section="Meteo",
        headline="Prima neve sull'Alpe Serrana, chiusi due passi",
        standfirst="Fino a quaranta centimetri in quota, disagi per i mezzi pesanti.",
        paragraphs=(
            "La prima nevicata della stagione ha imbiancato nella notte tra venerdì e sabato "
            "l'Alpe Serrana, con accumuli fino a quaranta centimetri sopra i 1.500 metri. Le "
            "strade dei passi del Lupo e della Croce sono state chiuse al traffico in via "
            "precauzionale.",
            "Nei paesi del fondovalle la neve si è presto trasformata in pioggia, ma lungo la "
            "strada statale diversi camion sono rimasti bloccati perché privi di catene. I "
            "mezzi spazzaneve della Provincia hanno lavorato senza sosta fino all'alba.",
            "Soddisfatti invece i gestori degli impianti sciistici, che sperano di anticipare "
            "l'apertura della stagione all'inizio di dicembre. «Con qualche notte fredda "
            "potremo anche produrre neve artificiale», spiega Davide Sartori, direttore del "
            "comprensorio.",
            "Per domenica è previsto un netto miglioramento, con cielo sereno e temperature "
            "minime fino a otto gradi sotto lo zero in quota. La protezione civile raccomanda "
            "prudenza per il rischio di ghiaccio sulle strade in ombra.",
            "La riapertura dei due passi sarà valutata lunedì mattina dopo un sopralluogo dei "
            "tecnici.",
        ),
        author="Redazione",
        published=utc(2026, 11, 21, 7, 30),
        path="/cronaca/2026/11/21/news/prima-neve-sull-alpe-serrana-chiusi-due-passi-77031/",
        categories=("Meteo", "Alpe Serrana", "Viabilità"),
    ),
    Article(
        id="gazzetta-calcio-valmora",
        outlet="gazzetta",
        language="it",
        section="Sport",
        headline="Calcio, il Valmora batte il Pieve Alta e sale al terzo posto",
        standfirst="Decidono un rigore di Conti e un colpo di testa di Esposito.",
        paragraphs=(
            "Il Valmora conquista la terza vittoria consecutiva e sale al terzo posto in "
            "classifica. Domenica pomeriggio, davanti a circa 1.200 spettatori, la squadra di "
            "mister Franco Lupi ha superato per 2-0 il Pieve Alta al termine di una partita "
            "dominata soprattutto nel secondo tempo.",
            "Nel primo tempo le occasioni sono state poche, complice il vento che soffiava "
            "forte sul campo comunale. Il Pieve Alta si è difeso con ordine e ha sfiorato il "
            "vantaggio con una conclusione dalla distanza finita di poco a lato.",
            "La partita si è sbloccata al decimo minuto della ripresa, quando l'attaccante "
            "Matteo Conti ha trasformato un calcio di rigore concesso per un fallo in area su "
            "Bianchi. Venti minuti più tardi il difensore Ciro Esposito ha chiuso i conti di "
            "testa su calcio d'angolo.",
            "«I ragazzi hanno avuto pazienza e non hanno mai perso la calma», ha commentato "
            "Lupi nel dopo partita. «Adesso però non dobbiamo montarci la testa, il campionato "
            "è ancora lungo.»",
            "Domenica prossima il Valmora sarà impegnato in trasferta sul difficile campo "
            "della capolista.",
        ),
        author="Stefano Greco",
        published=utc(2026, 11, 22, 18, 0),
        path="/sport/2026/11/22/news/calcio-il-valmora-batte-il-pieve-alta-77059/",
        categories=("Sport", "Calcio", "Valmora"),
    ),
    Article(
        id="gazzetta-mosaico-romano",
        outlet="gazzetta",
        language="it",
        section="Cultura",
        headline="Scavi per il parcheggio, spunta un mosaico di epoca romana",
        standfirst="Il pavimento decorato apparteneva probabilmente a una villa del II secolo.",
        paragraphs=(
            "I lavori per il nuovo parcheggio di via delle Mura, a Valmora, si sono fermati "
            "dopo il ritrovamento di un pavimento a mosaico di epoca romana. Gli archeologi "
            "della Soprintendenza, intervenuti giovedì, ritengono che appartenesse a una villa "
            "costruita nel secondo secolo dopo Cristo.",
            "Il mosaico, in gran parte ben conservato, occupa una superficie di circa trenta "
            "metri quadrati e presenta motivi geometrici in bianco e nero con una cornice di "
            "tralci di vite. Accanto sono emersi frammenti di intonaco dipinto e alcune "
            "monete ancora da studiare.",
            "«È una scoperta importante per la storia della città, perché finora non avevamo "
            "prove di insediamenti così antichi fuori dalle mura», ha spiegato l'archeologa "
            "Chiara Valentini, che coordina lo scavo.",
            "Il Comune ha deciso di sospendere il cantiere per almeno tre mesi. Il sindaco "
            "Bellandi non esclude di modificare il progetto per rendere visibile una parte "
            "del pavimento attraverso una copertura in vetro.",
            "Domenica mattina il sito sarà aperto eccezionalmente al pubblico per visite "
            "guidate gratuite a gruppi di venti persone.",
        ),
        author="Elisa Marchetti",
        published=utc(2026, 11, 27, 9, 0),
        path="/cultura/2026/11/27/news/scavi-per-il-parcheggio-spunta-un-mosaico-romano-77203/",
        categories=("Cultura", "Archeologia", "Valmora"),
    ),
)
