"""English-language articles of the demo newsroom (all fictional).

Outlets: the Meridian Press Agency wire (``meridian``), The Harbour Times (``harbour``),
The Lakeshore Ledger (``lakeshore``) and Calder FM News (``calderfm``). The two wire bodies
``WIRE_RATES`` and ``WIRE_STORM`` are reused verbatim by the republishing outlets, because
syndicated copies carry the agency text unchanged and only the headline and page differ.

Data only; imported by ``pipelines.demo.content``.
"""

from pipelines.demo.model import Article, Comment, utc

WIRE_AGENCY = "Meridian Press Agency"

# Republished verbatim by harbour, lakeshore and calderfm (wire group "wire-karsland-rates").
WIRE_RATES = (
    "HALVARD, Nov 24 (MPA) – The Karsland National Bank raised its benchmark interest rate by "
    "a quarter of a percentage point to 4.5 percent on Tuesday, its third increase this year, "
    "saying that price growth in the services sector was proving more stubborn than "
    "policymakers had expected.",
    "Governor Ilse Marrow told reporters that headline inflation had eased to 3.8 percent in "
    "October, but that rents, insurance premiums and restaurant prices were still rising at "
    "roughly twice the bank's target. “We would rather act a little too early than spend next "
    "year explaining why we waited,” she said.",
    "The decision was backed by five of the seven members of the monetary policy committee. "
    "Two members voted to keep rates unchanged, arguing that weaker factory orders and a "
    "slowdown in hiring already pointed to a cooling economy.",
    "Financial markets had largely anticipated the move. The karsk strengthened by about 0.4 "
    "percent against the euro in early trading, while the yield on two-year government bonds "
    "rose to its highest level since March. Shares in the country's largest lenders gained, "
    "and property developers fell.",
    "Economists at Nordvik Securities said the bank had left the door open to a further "
    "increase in January, when it will publish new forecasts. Several retail groups warned that "
    "higher borrowing costs would weigh on spending during the holiday season.",
)

# Republished verbatim by harbour (wire group "wire-storm-bracken"); lakeshore runs a lightly
# rewritten version (STORM_REWRITE) that later near-duplicate detection should link to it.
WIRE_STORM = (
    "SKARNVIK, Ferrin Islands, Nov 22 (MPA) – Storm Bracken swept across the Ferrin Islands on "
    "Sunday with gusts of up to 150 kilometres per hour, cutting power to more than 12,000 homes "
    "and forcing the suspension of all ferry services between the archipelago's four main "
    "islands.",
    "The islands' emergency management office said no deaths had been reported, but three "
    "people were taken to hospital in Skarnvik after a roof collapsed on a fish-processing "
    "warehouse. Coastguard crews rescued the crew of a trawler that lost engine power off the "
    "northern cape in the early hours.",
    "Authorities issued a red warning for coastal flooding ahead of Sunday evening's high tide "
    "and urged residents of low-lying harbour districts to move vehicles and valuables to higher "
    "ground. Schools on the two northern islands will remain closed on Monday.",
    "The utility company Ferrin Energi said repair teams were waiting for the wind to drop "
    "before climbing power lines, and warned that some remote villages could be without "
    "electricity until Tuesday. Mobile phone coverage was also disrupted across parts of the "
    "outer islands.",
    "Forecasters expect the storm to weaken as it moves north-east over open sea on Monday, "
    "although heavy rain is likely to continue across the region for at least another day.",
)

STORM_REWRITE = (
    "SKARNVIK, Ferrin Islands, Nov 22 (MPA) – Storm Bracken tore across the Ferrin Islands on "
    "Sunday with gusts reaching 150 kilometres per hour, leaving more than 12,000 homes without "
    "power and halting all ferry services between the archipelago's four main islands.",
    "The islands' emergency management office said no deaths had been reported, although three "
    "people were taken to hospital in Skarnvik when a roof collapsed on a fish-processing "
    "warehouse. Coastguard crews rescued the crew of a trawler that lost engine power off the "
    "northern cape overnight.",
    "Authorities issued a red warning for coastal flooding ahead of Sunday evening's high tide "
    "and told residents of low-lying harbour districts to move cars and valuables to higher "
    "ground. Schools on the two northern islands will stay closed on Monday.",
    "The utility Ferrin Energi said repair teams were waiting for the wind to drop before "
    "climbing power lines, and warned that some remote villages could be without electricity "
    "until Tuesday. Mobile coverage was also patchy across parts of the outer islands.",
    "Forecasters expect the storm to weaken as it heads north-east over open sea on Monday, but "
    "heavy rain is likely to continue across the region for at least another day. Several "
    "readers in Millbrook with family on the islands told the Ledger they had been unable to "
    "reach relatives by phone on Sunday afternoon.",
)

ARTICLES = (
    # --- Meridian Press Agency, English wire -------------------------------------------------
    Article(
        id="meridian-karsland-rates",
        outlet="meridian",
        language="en",
        section="Markets",
        headline="Karsland central bank lifts key rate to 4.5% as services inflation lingers",
        standfirst="Third rise of the year; two committee members wanted to hold.",
        paragraphs=WIRE_RATES,
        author="Halla Brenn",
        published=utc(2026, 11, 24, 7, 31),
        updated=utc(2026, 11, 24, 9, 5),
        path="/en/story/2026-11-24/karsland-central-bank-lifts-key-rate-mpa0417",
        categories=("Markets", "Economy", "Karsland", "Central banks"),
        wire_group="wire-karsland-rates",
    ),
    Article(
        id="meridian-storm-bracken",
        outlet="meridian",
        language="en",
        section="World",
        headline="Storm Bracken cuts power to thousands across the Ferrin Islands",
        standfirst="Ferries suspended and a red flood warning issued before the evening tide.",
        paragraphs=WIRE_STORM,
        author="Jonas Ekwall",
        published=utc(2026, 11, 22, 16, 5),
        path="/en/story/2026-11-22/storm-bracken-ferrin-islands-power-cuts-mpa0362",
        categories=("World", "Weather", "Ferrin Islands"),
        wire_group="wire-storm-bracken",
    ),
    Article(
        id="meridian-velmar-satellite",
        outlet="meridian",
        language="en",
        section="Science",
        headline="Velmar puts its first home-built weather satellite into orbit",
        standfirst="Kestrel-1 will image storms over the western ocean every ten minutes.",
        paragraphs=(
            "DUNMARRA, Nov 25 (MPA) – The Republic of Velmar placed its first domestically built "
            "weather satellite into orbit on Wednesday, a milestone for a space programme that "
            "began less than a decade ago with a handful of engineers working out of a converted "
            "university laboratory.",
            "The 340-kilogram satellite, named Kestrel-1, was carried aloft by a commercial "
            "launcher and separated from the rocket's upper stage about 50 minutes after "
            "lift-off. The Velmar Space Agency said ground stations had received the first "
            "signals and that its solar panels had unfolded as planned.",
            "Once calibrated, Kestrel-1 will photograph cloud systems over the western ocean "
            "every ten minutes, data that meteorologists say should improve warnings for the "
            "tropical storms that regularly strike the country's southern coast. Officials "
            "expect the first images to be released in early January.",
            "Agency director Mirela Tansk said the project had cost about 85 million dollars, "
            "far less than comparable satellites bought abroad. Critics in parliament have "
            "questioned whether a country of six million people needs its own space programme, "
            "but the government argues that the investment is creating skilled jobs.",
            "A second satellite, designed to monitor crops and forests from a lower orbit, is "
            "scheduled for launch in 2028.",
        ),
        author="Pietro Anselm",
        published=utc(2026, 11, 25, 11, 0),
        path="/en/story/2026-11-25/velmar-first-weather-satellite-orbit-mpa0455",
        categories=("Science", "Space", "Velmar"),
    ),
    # --- The Harbour Times ------------------------------------------------------------------
    Article(
        id="harbour-congestion-charge",
        outlet="harbour",
        language="en",
        section="Port Calder",
        headline="Port Calder council approves congestion charge after eight-hour debate",
        standfirst="Drivers will pay £8 a day to enter the city centre from next September.",
        paragraphs=(
            "Drivers entering Port Calder's city centre on weekdays will pay a daily charge of "
            "£8 from next September after councillors narrowly approved the scheme on Thursday "
            "night at the end of an eight-hour debate.",
            "The motion passed by 31 votes to 27, with two abstentions. Supporters said the "
            "charge would cut traffic on the inner ring road by around a fifth and raise £14m a "
            "year for buses and cycle lanes. Opponents argued that it would punish shift "
            "workers and drive shoppers to the out-of-town retail park at Eastbrook.",
            "Council leader Diane Okafor-Reid told the chamber that the city could not keep "
            "postponing difficult choices. “Our air quality is among the worst on the coast, "
            "and our buses are stuck in the same queues as everybody else,” she said.",
            "The opposition group leader, Graham Pell, said his party would campaign to scrap "
            "the charge at the next local election and called for a public vote on the scheme. "
            "More than 4,000 people signed a petition against it during the consultation.",
            "Blue badge holders, taxis and residents living inside the zone will be exempt. "
            "Businesses will be able to apply for discounted permits for up to three delivery "
            "vans, and the first month will be free while camera equipment is tested.",
        ),
        author="Megan Holloway",
        published=utc(2026, 11, 20, 7, 40),
        updated=utc(2026, 11, 20, 11, 15),
        path="/news/port-calder/2026/nov/20/council-approves-congestion-charge",
        categories=("Port Calder", "Politics", "Transport"),
        comments=(
            Comment(
                "tidewatcher",
                utc(2026, 11, 20, 8, 12),
                "About time. The ring road has been a car park every morning for years.",
            ),
            Comment(
                "NightShiftNurse",
                utc(2026, 11, 20, 8, 47),
                "Nobody has explained how I am supposed to get to the hospital at 6am when the "
                "first bus from my estate leaves at 6.40.",
            ),
            Comment(
                "G. Marsh",
                utc(2026, 11, 20, 9, 30),
                "Thirty-one votes to twenty-seven is hardly a mandate for something this big.",
            ),
        ),
    ),
    Article(
        id="harbour-rovers-late-winner",
        outlet="harbour",
        language="en",
        section="Sport",
        headline="Calder Rovers snatch late winner to sink Eastbrook",
        standfirst="Substitute Kieran Doyle scores in the 89th minute to lift Rovers to fifth.",
        paragraphs=(
            "Calder Rovers climbed to fifth in the table with a 2-1 victory over local rivals "
            "Eastbrook Town at a rain-soaked Quayside Park on Sunday, thanks to a header from "
            "substitute Kieran Doyle a minute from the end of normal time.",
            "Eastbrook had taken the lead shortly before half-time when their captain, Sam "
            "Whitlow, curled a free kick over the wall and into the top corner. Rovers struggled "
            "to create chances in a scrappy first half played in a strong wind.",
            "Manager Lena Castellano changed the shape of her side at the break, and the "
            "equaliser arrived on the hour when winger Tobi Adeyemi cut inside and drove a low "
            "shot past the goalkeeper. Doyle, on the pitch for only eleven minutes, then met a "
            "corner at the near post to send the home crowd of 8,200 into raptures.",
            "“Derby days are never pretty, but the players showed real character,” Castellano "
            "said afterwards. “We talked at half-time about being braver with the ball, and "
            "they responded.”",
            "Rovers travel to Highmoor on Saturday, while Eastbrook, who have now lost three "
            "games in a row, host the league leaders.",
        ),
        author="Callum Reeve",
        published=utc(2026, 11, 22, 18, 30),
        path="/sport/2026/nov/22/calder-rovers-late-winner-eastbrook",
        categories=("Sport", "Football", "Calder Rovers"),
    ),
    Article(
        id="harbour-shipyard-jobs",
        outlet="harbour",
        language="en",
        section="Business",
        headline="Reopened shipyard to create 600 jobs, new owners promise",
        standfirst="The Westquay yard, closed since 2019, will build offshore service vessels.",
        paragraphs=(
            "The Westquay shipyard in Port Calder, which closed in 2019 with the loss of more "
            "than 900 jobs, is to reopen next spring under new owners who say they will employ "
            "around 600 people within three years.",
            "Brightwater Marine, a company based in the north of the country, has bought the "
            "site from the administrators for an undisclosed sum. It plans to build and repair "
            "service vessels for offshore wind farms, a market that has grown rapidly as new "
            "turbines are installed along the coast.",
            "Chief executive Oona Farrant said the yard's deep-water dock and its two cranes "
            "made it one of the few sites in the region able to handle large vessels. “The "
            "skills are still here in Port Calder. Many of the welders and fitters we want to "
            "hire learned their trade in this yard,” she said.",
            "The first 150 posts will be advertised in January, and the company has agreed to "
            "run an apprenticeship scheme with Calder College. Union officials welcomed the "
            "announcement but said they would seek guarantees on pay and pensions.",
            "The council's economic development committee will be asked next month to approve "
            "a grant of £3.5m towards repairs to the dock gates.",
        ),
        author="Priya Lamont",
        published=utc(2026, 11, 25, 9, 0),
        path="/business/2026/nov/25/westquay-shipyard-reopen-600-jobs",
        categories=("Business", "Port Calder", "Jobs"),
    ),
    Article(
        id="harbour-karsland-rates",
        outlet="harbour",
        language="en",
        section="World",
        headline="Karsland raises interest rates again",
        standfirst="The Karsland National Bank moves for a third time this year.",
        paragraphs=WIRE_RATES,
        author="Halla Brenn",
        credit=WIRE_AGENCY,
        published=utc(2026, 11, 24, 8, 2),
        path="/news/world/2026/nov/24/karsland-raises-interest-rates-again",
        categories=("World", "Business", "Karsland"),
        wire_group="wire-karsland-rates",
        comments=(
            Comment(
                "harbourlights",
                utc(2026, 11, 24, 9, 1),
                "Our own bank will follow within months, you watch.",
            ),
            Comment(
                "Dr Flint",
                utc(2026, 11, 24, 9, 44),
                "Services inflation is sticky everywhere. Rents are the real problem.",
            ),
        ),
    ),
    Article(
        id="harbour-storm-bracken",
        outlet="harbour",
        language="en",
        section="World",
        headline="Ferrin Islands battered as Storm Bracken makes landfall",
        standfirst="Ferries halted and thousands of homes without power.",
        paragraphs=WIRE_STORM,
        author="Jonas Ekwall",
        credit=WIRE_AGENCY,
        published=utc(2026, 11, 22, 17, 20),
        path="/news/world/2026/nov/22/ferrin-islands-storm-bracken-landfall",
        categories=("World", "Weather"),
        wire_group="wire-storm-bracken",
    ),
    # --- The Lakeshore Ledger ---------------------------------------------------------------
    Article(
        id="lakeshore-lake-levels",
        outlet="lakeshore",
        language="en",
        section="Lake & Outdoors",
        headline="Lake Ashgrove water level falls to ten-year low",
        standfirst="A dry autumn leaves boat ramps stranded and worries marina owners.",
        paragraphs=(
            "The water level of Lake Ashgrove has fallen to its lowest point in ten years after "
            "the driest autumn on record in the Millbrook area, leaving two public boat ramps "
            "stranded on dry mud and exposing sandbars that have not been seen since 2016.",
            "Readings published on Thursday by the county water authority show the lake "
            "standing 1.3 metres below its long-term average for the time of year. Rainfall "
            "since the start of September has been less than half of what normally falls.",
            "Hydrologist Dana Whitcombe said the situation was not yet a threat to drinking "
            "water supplies, because Millbrook draws most of its water from wells, but warned "
            "that a dry winter would put pressure on farmers who irrigate from the lake.",
            "Marina owners on the eastern shore say several boats have been damaged after "
            "striking rocks that are normally well below the surface. The Harbor Point marina "
            "has moved its fuel dock twenty metres further out into deeper water.",
            "The authority has asked residents to avoid walking on the exposed lakebed, where "
            "soft sediment can trap people and pets, and will review restrictions on lawn "
            "watering at its meeting in December.",
        ),
        author="Ruth Abernathy",
        published=utc(2026, 11, 20, 14, 0),
        path="/2026/11/20/lake-ashgrove-water-level-ten-year-low/",
        categories=("Environment", "Lake Ashgrove", "Weather"),
        comments=(
            Comment(
                "Pete on Birch Rd",
                utc(2026, 11, 20, 16, 2),
                "Walked the dog out to the old pier pilings on Sunday. Never seen them before.",
            ),
            Comment(
                "marina_mom",
                utc(2026, 11, 20, 18, 30),
                "Please put up signs at the ramps, people are still trying to launch there.",
            ),
        ),
    ),
    Article(
        id="lakeshore-library-hours",
        outlet="lakeshore",
        language="en",
        section="Schools",
        headline="Millbrook school board votes to keep libraries open until 7 p.m.",
        standfirst="Extended hours at both high schools start after the winter break.",
        paragraphs=(
            "Students at Millbrook's two high schools will be able to use their school "
            "libraries until 7 p.m. on weekdays from January, after the school board voted "
            "unanimously on Monday evening to extend opening hours on a one-year trial.",
            "The libraries currently close at 4 p.m. Board member Alicia Fenwick, who proposed "
            "the change, said many students had no quiet place to study at home and were "
            "relying on coffee shops or the public library downtown, which is a long bus ride "
            "from the eastern neighbourhoods.",
            "The extra hours will cost about $62,000 for the year, mostly to pay for two "
            "part-time library assistants. The money will come from a state grant for "
            "after-school programs that the district received in the summer.",
            "Several parents who spoke during the public comment period supported the plan, "
            "while one asked the board to make sure there would be safe transport home for "
            "students who stay late. Superintendent Mark Oduya said the district would add a "
            "late bus on two routes.",
            "The board will review attendance figures in June before deciding whether to make "
            "the change permanent.",
        ),
        author="Tom Kessling",
        published=utc(2026, 11, 24, 13, 20),
        path="/2026/11/24/school-board-extends-library-hours/",
        categories=("Schools", "Millbrook", "Education"),
    ),
    Article(
        id="lakeshore-karsland-rates",
        outlet="lakeshore",
        language="en",
        section="Business",
        headline="Rate rise in Karsland rattles bond traders",
        standfirst="Two-year yields jump after the Karsland National Bank's decision.",
        paragraphs=WIRE_RATES,
        author="Halla Brenn",
        credit=WIRE_AGENCY,
        published=utc(2026, 11, 24, 10, 45),
        path="/2026/11/24/rate-rise-in-karsland-rattles-bond-traders/",
        categories=("Business", "World"),
        wire_group="wire-karsland-rates",
    ),
    Article(
        id="lakeshore-storm-bracken-rewrite",
        outlet="lakeshore",
        language="en",
        section="World",
        headline="Islanders count the cost after Storm Bracken",
        standfirst="The storm left thousands of Ferrin Islands homes without power.",
        paragraphs=STORM_REWRITE,
        author="Jonas Ekwall",
        credit=f"{WIRE_AGENCY}, with additional reporting by the Ledger",
        published=utc(2026, 11, 22, 21, 10),
        path="/2026/11/22/islanders-count-the-cost-after-storm-bracken/",
        categories=("World", "Weather"),
        near_duplicate_of="wire-storm-bracken",
    ),
    # --- Calder FM News ---------------------------------------------------------------------
    Article(
        id="calderfm-airport-fog",
        outlet="calderfm",
        language="en",
        section="Travel",
        headline="Fog grounds morning flights at Calder airport",
        standfirst="Passengers are told to check with their airline before travelling.",
        paragraphs=(
            "Thick fog has disrupted flights at Calder airport this morning, with eleven "
            "departures cancelled and several arrivals diverted to Highmoor, around ninety "
            "minutes away by coach.",
            "Visibility on the runway fell below 200 metres shortly after 5 o'clock. The "
            "airport says its instrument landing system is working normally, but some of the "
            "smaller aircraft used on island routes are not equipped to land in such "
            "conditions.",
            "Passengers have been queuing at the information desks in the terminal since early "
            "this morning. One traveller told Calder FM she had been due to fly to a family "
            "funeral and was now trying to find a seat on a later ferry instead.",
            "The weather service expects the fog to lift slowly from late morning, although it "
            "could return this evening as temperatures drop again. Drivers on the coast road "
            "are also being urged to slow down and use dipped headlights.",
            "The airport is advising anyone due to fly today to contact their airline before "
            "setting off, and says free drinking water is being handed out in the departure "
            "lounge.",
        ),
        author="Calder FM newsroom",
        published=utc(2026, 11, 26, 7, 5),
        updated=utc(2026, 11, 26, 9, 40),
        path="/news/travel/fog-grounds-morning-flights-at-calder-airport-48377",
        categories=("Travel", "Weather", "Calder airport"),
    ),
    Article(
        id="calderfm-rail-upgrade",
        outlet="calderfm",
        language="en",
        section="Politics",
        headline="Regional mayor demands faster trains on the coast line",
        standfirst="Journey times to the capital have barely changed in thirty years, she says.",
        paragraphs=(
            "The mayor of the Calder region has called on the national government to commit "
            "money to upgrading the coast railway line, saying journey times between Port "
            "Calder and the capital have barely improved in three decades.",
            "Speaking at a business conference in the city yesterday, Rosalind Achebe said the "
            "fastest train still takes almost three hours to cover a distance of 240 "
            "kilometres. She wants the line electrified and a new passing loop built near "
            "Eastbrook so that express and freight trains no longer share the same track.",
            "A feasibility study published last year estimated the cost of the work at around "
            "£1.2bn. The transport ministry said it was considering the proposal alongside "
            "other projects and would set out its priorities in the spring.",
            "Local business leaders at the conference backed the mayor, arguing that poor "
            "connections make it harder to attract investment and persuade young people to "
            "stay in the region after university.",
            "Campaign group Coastline Rail Users says overcrowding on peak services has become "
            "worse since two carriages were withdrawn for repairs in the summer.",
        ),
        author="Imran Sadiq",
        published=utc(2026, 11, 27, 6, 30),
        path="/news/politics/regional-mayor-demands-faster-trains-coast-line-48402",
        categories=("Politics", "Transport", "Calder region"),
    ),
    Article(
        id="calderfm-karsland-rates",
        outlet="calderfm",
        language="en",
        section="Business",
        headline="Karsland's central bank puts up interest rates",
        standfirst="The benchmark rate rises to 4.5 percent.",
        paragraphs=WIRE_RATES,
        author="Halla Brenn",
        credit="MPA",
        published=utc(2026, 11, 24, 12, 15),
        path="/news/business/karsland-central-bank-puts-up-interest-rates-48213",
        categories=("Business", "World"),
        wire_group="wire-karsland-rates",
    ),
)
