"""French-language articles of the demo newsroom (all fictional).

Outlet: Le Courrier de l'Orbière (``courrier``), a regional daily of the fictional Orbière
valley.

Data only; imported by ``pipelines.demo.content``.
"""

from pipelines.demo.model import Article, utc

ARTICLES = (
    Article(
        id="courrier-budget-valcourt",
        outlet="courrier",
        language="fr",
        section="Valcourt",
        headline="Valcourt : le conseil municipal adopte un budget en hausse de 4 %",
        standfirst="La rénovation des écoles et le nouveau centre aquatique pèsent sur les "
        "investissements.",
        paragraphs=(
            "Après plus de trois heures de débats, le conseil municipal de Valcourt a adopté "
            "lundi soir le budget primitif pour 2027, qui s'élève à 48,6 millions d'euros, "
            "soit une progression de 4 % par rapport à l'année précédente. Le texte a été voté "
            "par 27 voix contre 8.",
            "La maire, Claire Delmotte, a défendu un budget « d'investissement et de "
            "responsabilité ». Près de 11 millions d'euros seront consacrés à la rénovation "
            "énergétique de quatre écoles élémentaires et à la première tranche du futur centre "
            "aquatique du quartier des Tanneurs, dont l'ouverture est prévue pour 2029.",
            "Les taux de la taxe foncière restent inchangés, a rappelé l'adjoint aux finances, "
            "Bruno Lacaze. La commune compte en revanche sur une hausse des recettes de "
            "stationnement et sur une baisse de ses dépenses d'éclairage public grâce au "
            "passage aux lampes à diodes.",
            "L'opposition a dénoncé un endettement « préoccupant ». Son chef de file, Étienne "
            "Morvan, estime que la ville a sous-estimé le coût du centre aquatique et réclame "
            "un audit indépendant avant le lancement des travaux.",
            "Le budget doit désormais être transmis à la préfecture. Les associations sportives "
            "et culturelles connaîtront le montant de leurs subventions lors du prochain "
            "conseil, prévu à la mi-décembre.",
        ),
        author="Sophie Garnier",
        published=utc(2026, 11, 24, 5, 30),
        path="/actualite/valcourt/budget-2027-le-conseil-municipal-vote-une-hausse-de-4_184512"
        ".html",
        categories=("Politique", "Valcourt", "Budget"),
    ),
    Article(
        id="courrier-fromagerie-pontmerac",
        outlet="courrier",
        language="fr",
        section="Économie",
        headline="Pontmérac : la fromagerie Bréval investit 12 millions d'euros",
        standfirst="L'entreprise familiale va doubler ses caves d'affinage et recruter "
        "trente salariés.",
        paragraphs=(
            "La fromagerie Bréval, installée à Pontmérac depuis 1932, va investir 12 millions "
            "d'euros dans l'agrandissement de son site. Le projet, présenté mercredi aux "
            "salariés et aux producteurs de lait, prévoit notamment de doubler la surface des "
            "caves d'affinage.",
            "L'entreprise familiale, qui emploie aujourd'hui 85 personnes, fabrique chaque année "
            "près de 2 000 tonnes de tomme et de fromage à pâte pressée. Ses ventes à "
            "l'étranger ont progressé de plus de 20 % en deux ans, portées par la demande en "
            "Europe du Nord.",
            "« Nous refusons des commandes faute de place pour affiner nos meules », explique "
            "Hélène Bréval, qui dirige la société avec son frère. Trente emplois doivent être "
            "créés d'ici à 2028, principalement des affineurs, des conducteurs de ligne et des "
            "techniciens de maintenance.",
            "Les 64 exploitations qui livrent leur lait à la fromagerie se disent rassurées. "
            "L'entreprise s'engage à maintenir un prix d'achat supérieur à la moyenne régionale "
            "pendant cinq ans, en échange d'un cahier des charges plus strict sur "
            "l'alimentation des troupeaux.",
            "Les travaux débuteront au printemps. La région a accordé une aide de 900 000 "
            "euros au titre du soutien à l'industrie agroalimentaire.",
        ),
        author="Julien Ferrand",
        published=utc(2026, 11, 26, 6, 0),
        path="/actualite/economie/la-fromagerie-breval-investit-12-millions-d-euros_184733.html",
        categories=("Économie", "Pontmérac", "Agroalimentaire"),
    ),
    Article(
        id="courrier-crue-orbiere",
        outlet="courrier",
        language="fr",
        section="Météo",
        headline="Crue de l'Orbière : la vigilance orange levée, les riverains soulagés",
        standfirst="La rivière a atteint 3,9 mètres à Pontmérac dans la nuit de samedi à "
        "dimanche.",
        paragraphs=(
            "La préfecture a levé dimanche en fin d'après-midi la vigilance orange pour les "
            "crues de l'Orbière, après une décrue plus rapide que prévu. La rivière avait "
            "atteint 3,9 mètres à la station de Pontmérac dans la nuit de samedi à dimanche, "
            "son plus haut niveau depuis quatre ans.",
            "Une trentaine de caves et de garages ont été inondés dans le bas de Pontmérac et "
            "dans le hameau des Saules, où les pompiers sont intervenus à plusieurs reprises. "
            "Aucun blessé n'est à déplorer. La route départementale entre Valcourt et "
            "Saint-Aubin est restée coupée pendant une douzaine d'heures.",
            "« On a surélevé les meubles dès vendredi soir, on commence à avoir l'habitude », "
            "confie Marcel Thibault, un retraité dont la maison borde la rivière. Les services "
            "techniques de la commune nettoyaient lundi matin les quais recouverts de boue.",
            "Selon Météo-Orbière, les pluies tombées en quarante-huit heures représentent "
            "l'équivalent de trois semaines de précipitations. Le temps doit rester sec jusqu'à "
            "mercredi, avant l'arrivée d'une nouvelle perturbation plus faible.",
            "Les agriculteurs dont les parcelles ont été submergées peuvent se signaler auprès "
            "de la chambre d'agriculture, qui recense les dégâts.",
        ),
        author="Nadia Belkacem",
        published=utc(2026, 11, 23, 6, 45),
        path="/actualite/meteo/crue-de-l-orbiere-la-vigilance-orange-levee_184390.html",
        categories=("Météo", "Pontmérac", "Crue"),
    ),
    Article(
        id="courrier-rugby-valcourt",
        outlet="courrier",
        language="fr",
        section="Sports",
        headline="Rugby : l'US Valcourt arrache la victoire face à Montclaret",
        standfirst="Une pénalité dans les arrêts de jeu offre le derby aux Valcourtois.",
        paragraphs=(
            "Il a fallu attendre la dernière action du match pour voir l'US Valcourt "
            "l'emporter dimanche au stade des Peupliers. Une pénalité de l'ouvreur Théo "
            "Lambert, passée des quarante mètres dans les arrêts de jeu, a permis aux "
            "Valcourtois de battre Montclaret 19 à 17 devant près de 2 500 spectateurs.",
            "Sur une pelouse rendue glissante par les pluies de la semaine, les deux équipes "
            "ont longtemps joué au pied. Montclaret a pris l'avantage juste avant la pause "
            "grâce à un essai de son troisième-ligne Karim Sadi, consécutif à une mêlée "
            "enfoncée à cinq mètres.",
            "Les locaux ont réagi au retour des vestiaires. Leur pilier, Romain Castagné, a "
            "marqué en force après une longue séquence de pick-and-go, avant que Lambert ne "
            "transforme deux pénalités. Montclaret a repris la tête à dix minutes de la fin sur "
            "un drop, ce qui rendait le dénouement d'autant plus cruel pour les visiteurs.",
            "« On n'a pas été brillants, mais ce groupe ne lâche rien », s'est réjoui "
            "l'entraîneur valcourtois, Pascal Rieu. Grâce à ce succès, son équipe remonte à la "
            "troisième place de la poule.",
            "Valcourt se déplacera à Saint-Aubin dimanche prochain pour le dernier match de la "
            "phase aller.",
        ),
        author="Antoine Mercier",
        published=utc(2026, 11, 22, 19, 50),
        path="/sports/rugby/l-us-valcourt-arrache-la-victoire-face-a-montclaret_184366.html",
        categories=("Sports", "Rugby", "Valcourt"),
    ),
    Article(
        id="courrier-comete-amateur",
        outlet="courrier",
        language="fr",
        section="Sciences",
        headline="Un astronome amateur du plateau des Cendres découvre une comète",
        standfirst="L'objet, repéré depuis un observatoire de jardin, porte désormais son nom.",
        paragraphs=(
            "Chaque nuit claire depuis quinze ans, Gérard Aubertin pointe son télescope vers le "
            "ciel depuis le petit observatoire qu'il a construit au fond de son jardin, sur le "
            "plateau des Cendres. Début novembre, cet ancien professeur de physique a repéré un "
            "point flou qui ne figurait sur aucune carte.",
            "Après plusieurs nuits d'observation, il a transmis ses mesures à un centre "
            "international qui recense les petits corps du système solaire. Les observations "
            "d'autres astronomes ont confirmé jeudi qu'il s'agissait bien d'une comète, "
            "désormais baptisée de son nom.",
            "L'objet se trouve actuellement au-delà de l'orbite de Mars et reste invisible à "
            "l'œil nu. Selon les premiers calculs, il mettrait plus de deux siècles à faire le "
            "tour du Soleil et pourrait devenir accessible aux jumelles au printemps.",
            "« C'est la récompense de milliers d'heures passées dans le froid », sourit le "
            "retraité, qui anime aussi le club d'astronomie de Valcourt. Il espère que cette "
            "découverte donnera envie aux plus jeunes de lever les yeux, loin des éclairages "
            "urbains.",
            "Le club organise une soirée d'observation ouverte au public le 12 décembre, si la "
            "météo le permet.",
        ),
        author="Camille Roussel",
        published=utc(2026, 11, 27, 10, 10),
        path="/actualite/sciences/un-astronome-amateur-decouvre-une-comete_184801.html",
        categories=("Sciences", "Astronomie", "Plateau des Cendres"),
    ),
)
