"""Syndicated copies: a seeded generator of wire stories and their edited copies, and a benchmark.

The pipeline links syndicated copies of a wire story (the same agency story republished by many
outlets, each of which edits it) with the near-duplicate primitives of
``pipelines/core/neardup.py``. This module measures how well they do, on texts shaped like
trafilatura's output (a headline line perhaps first, then paragraphs, one per line).

**Generator.** ``SyndicationCorpus(bases=N, seed=S)`` writes N fictional wire stories (English,
5–10 paragraphs, six topics; composed from a phrase grammar written for this project, with the
names of ``benchmarks/lexicon/en.txt`` plus generated ones) and, per story, 0..``max_copies``
copies (Poisson, mean ``copies_mean``) as outlets publish them: a new headline line, a wire
dateline ("KESTRELFORD (Reuters) - ", "PORT ELLERY, Nov. 27 (AP) — ", "AFP — "), a byline or a
"Reporting by …; Editing by …" line, the last paragraphs cut (the kept share of the original's
words is recorded), paragraphs reordered, a paragraph of local context, light copy-editing
(American spelling, "per cent" → "%", "1,200" → "1200", "€12 million", "on Monday" → "Monday",
a few synonyms) and outlet boilerplate that leaks into extracted text ("Sign up for …",
"Read more: …", "© Outlet 2026"). Hard negatives, each its own story: a different story on the
same topic with some of the same names, from an outlet that also carries the base story (same
boilerplate); a day-2 follow-up with the same cast that reuses one paragraph of the original as
background; and short briefs from the same outlets (same template lines, little text). Every
text carries its true story, the kept share and the edits applied.

The harder cases of issue 28: copy variants — *short* versions (the first paragraphs, 30–40% of
the words) and copies with a *rewritten headline and lead* (same cast, new sentences) — and
*UPDATE chains* (the wire republishes the story 1–3 times, each version prepending 1–2
paragraphs to the previous one: the same story). Negatives, each its own story: *roundups*
("Markets at midday") quoting 1–3 paragraphs each of two or three wire stories — a roundup is
linked to none of them, since a cluster is one story and linking is transitive (joining it to
both would merge two stories), even when most of it is one story; *shared background* — an
outlet's other story on the topic that carries the same 60–120-word "Background: …" box and
the outlet's disclaimers as its copy of the wire story; and *same event* — another angle on
the same event, the same day (same cast and numbers, no sentence in common). Base stories fall
in a *dev* or *test* split by a seeded hash (``split_of``); ``evaluate`` reports both.

**Evaluator.** ``cluster()`` links texts exactly as the pipeline will: in publication order,
candidates are earlier texts sharing at least one LSH band key (an in-memory dict here), each
verified with ``is_copy``; a text joins the earliest matching one, and its cluster is the root of
that chain. ``pair_metrics()`` gives pairwise precision and recall (pair in the same predicted
cluster vs same true story), overall, for copies that keep at least half of the original, and by
kept-share bucket, plus the LSH candidate recall on its own.

**Sweep, cost, lookup.** ``--sweep`` tries shingle sizes 3–6, thresholds 0.3–0.7 and band
layouts 64×2, 42×3 (126 permutations) and 32×4 on three corpora (seeds S, S+1, S+2), on the
texts as extracted and with two proposed changes (outlet template lines stripped before
fingerprinting, a Jaccard floor in verification), and recommends a setting by the rules of
``recommend()``. The cost is ms per article for the signature and band keys. ``candidate_growth``
counts false candidates and false matches per article as the stored set grows, and
``measure_lookup()`` times band-key lookups in a SQLite schema that mirrors the planned state
store at 10k–200k stored articles; it takes ``insert``/``lookup`` callables, so the real store
can be measured the same way once its API is ready.

From the repository root::

    .venv/bin/python -m benchmarks.syndication                 # default settings, ~2 min
    .venv/bin/python -m benchmarks.syndication --sweep         # + the sweep, 7-12 min
    .venv/bin/python -m benchmarks.syndication --bases 200 --lookup-sizes 10000,20000 \\
        --json /tmp/syndication.json
    .venv/bin/python -m benchmarks.syndication --show 5        # base story 5 and its copies
    .venv/bin/python -m benchmarks.syndication --bases 300 --split dev --lookup-sizes ''
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import hashlib
import math
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np

from benchmarks.common import package_version, print_metadata, run_metadata, write_results
from benchmarks.corpus import lexicon
from pipelines.core.neardup import (
    NearDupSettings,
    Signature,
    candidate_probability,
    is_copy,
    jaccard,
    shingles,
    signature,
    text_keys,
)

# --- names -----------------------------------------------------------------------------------
# Fictional name parts, written for this project; combined with benchmarks/lexicon/en.txt.
FIRST_NAMES = (
    "Alys", "Bram", "Carys", "Dorian", "Elspeth", "Fergus", "Gwen", "Hamish", "Ines", "Jonah",
    "Kit", "Lorna", "Magnus", "Nell", "Orla", "Piers", "Quinn", "Rosalind", "Silas", "Tamsin",
    "Ulric", "Vera", "Wilf", "Yasmin", "Zeb", "Anouk", "Cressida", "Desmond", "Esme", "Felix",
    "Greta", "Hector", "Iona", "Jasper", "Kiran", "Leona", "Milo", "Noor", "Otto", "Petra",
)  # fmt: skip
SURNAMES = (
    "Ashdown", "Brennick", "Calloway", "Daventry", "Everleigh", "Farrant", "Gillow", "Hartwell",
    "Ingleby", "Jessop", "Kettleby", "Lathbury", "Merriden", "Norcott", "Oakhurst", "Pellow",
    "Quarrie", "Rendell", "Stanwick", "Thackley", "Upcott", "Varley", "Whitcombe", "Yardley",
    "Abernant", "Bellweather", "Corran", "Dawlish", "Elstow", "Fenmore", "Garside", "Hollins",
    "Ivesley", "Kilbride", "Lusk", "Maddox", "Nettleford", "Orchard", "Penhallow", "Ridgeway",
    "Sallow", "Tregarth", "Underhill", "Vosper", "Wakeling",
)  # fmt: skip
PLACE_HEADS = (
    "Ash", "Brack", "Cold", "Dun", "Elder", "Fern", "Gorse", "Hazel", "Iron", "Kings", "Lark",
    "Mill", "Nether", "Oak", "Pen", "Raven", "Stone", "Thorn", "Wyn", "Yew", "Marsh", "Heron",
    "Cinder", "Bramble",
)  # fmt: skip
PLACE_TAILS = (
    "ford", "by", "wick", "ham", "ley", "bury", "field", "mouth", "bridge", "stead", "well",
    "holm", "combe", "thorpe",
)  # fmt: skip
REGION_FORMS = ("the {h}dale Valley", "Upper {h}shire", "the {h} Coast", "East {h}moor")
COMPANY_HEADS = (
    "Brevik", "Harrowdale", "Northgate", "Tillbrook", "Copperline", "Alderbank", "Bellmark",
    "Cobalt Ridge", "Driftwood", "Emberly", "Fieldcrest", "Granite Bay", "Halcyon", "Ironvale",
    "Juniper", "Lowmoor", "Meridian Vale", "Nightjar", "Orchard Hill", "Saltire",
)  # fmt: skip
COMPANY_TAILS = (
    "Logistics", "Foods", "Components", "Energy", "Textiles", "Pharma", "Motors", "Robotics",
    "Timber", "Shipping", "Telecom", "Dairies", "Glassworks", "Software",
)  # fmt: skip
EXTRA_INSTITUTIONS = (
    "The regional audit office",
    "The Ministry of Rural Affairs",
    "The Coastal Water Board",
    "The regional transport authority",
    "The provincial assembly",
    "The Office for Fair Competition",
)
TEAM_TAILS = ("Rovers", "United", "Town", "Athletic", "Albion", "City", "Wanderers", "Harriers")
STREETS = ("Station Road", "Market Street", "Harbour Lane", "Church Street", "Mill Road")
PAPER_WORDS = (
    "Courier", "Gazette", "Herald", "Chronicle", "Post", "Observer", "Mercury", "Echo",
    "Standard", "Advertiser", "Journal", "Sentinel", "Record", "Clarion",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AGENCIES = ("Reuters", "AP", "AFP")
"""Wire dateline styles (only the format of the dateline line: all stories are fictional)."""
AGENCY_CREDITS = {"Reuters": "Reuters", "AP": "The Associated Press", "AFP": "AFP"}

# --- the phrase grammar ------------------------------------------------------------------------
# "[a|b|c]" is a choice (may nest), "<name>" a shared phrase below, "{name}" a slot of the
# story's cast (names, places and numbers kept for the whole story).
PHRASES: dict[str, tuple[str, ...]] = {
    "soon": (
        "in the coming weeks",
        "before the end of the month",
        "by the summer",
        "later this year",
        "within weeks",
        "early next year",
    ),
    "critics": ("Critics", "Opponents", "Sceptics", "Campaigners"),
    "said": ("said", "told reporters", "said in a statement", "told local radio"),
}

GENERAL: tuple[str, ...] = (
    "{inst} [confirmed|announced|set out] the [details|figures|timetable] {when} in a "
    "[short|brief|two-page] [written statement|note to members|statement on its website].",
    "A spokesperson for [the town hall|the municipality|the regional authority] in {place} "
    "[declined to comment|would not comment|had no immediate comment] on [the timetable|the "
    "costs|the next steps|the legal questions].",
    "[Further details are|More information is|A detailed report is] expected [to be "
    "published|to follow|to be released] <soon>.",
    "The [question|issue|matter] has been [debated|discussed|argued over] in {place} for "
    "[several|many|at least {n}] years without a clear [outcome|resolution|answer].",
    "Local [newspapers|broadcasters|news sites] in {region} have [followed|covered|reported on] "
    "the [story|affair|dispute] [closely|in detail|at length] since the first [plans|proposals|"
    "reports] [were announced|emerged|became public] in {month_past}.",
    "<critics> say the [decision|move|plan] leaves [many|several|important] practical "
    "questions [unanswered|open|unresolved], [in particular|especially|notably] about "
    "[costs|funding|staffing|the timetable].",
    "{surname2} said the [coming|next few|next] weeks would show whether the [approach|plan|"
    "idea] could work in practice.",
    "Residents who want to [share their views|raise questions|have their say] can attend a "
    "public meeting at the [community centre|town hall|old library|sports hall] in {place2} "
    "on {weekday2}.",
    "The [figures|numbers|estimates] were [compiled|collected|put together] by [the regional "
    "statistics office|an independent panel|the university's economics department] and "
    "[cover|refer to|include] the [period|months] from {month_past} to {month}.",
    "[It was not immediately clear|It remains unclear|It is not yet known] [how|whether|when] "
    "[the measures|the changes|the payments] would [apply to|affect|reach] [smaller towns|rural "
    "areas|villages outside {place}].",
    "[Earlier|Last] [this year|autumn|spring], a [similar|comparable|related] [proposal|"
    "project|dispute] in {place3} [was abandoned|collapsed|was shelved] after [months of|long|"
    "bitter] [negotiations|arguments|legal challenges].",
    "[Asked|Pressed] about [the costs|the timing|the criticism], {surname1} [said|replied|"
    "answered] that [all options remained open|no final decision had been taken|the figures "
    "would be reviewed].",
    "The [proposal|plan|project] [still|also|] needs the [approval|backing|signature] of "
    "{inst_lower} [before it can take effect|before work can begin|to go ahead].",
    "[Around|About|Roughly|Some] {count2} people [live|work|commute] in [the affected area|the "
    "district|the valley], according to [official figures|the latest census|the "
    "municipality].",
    "[Several|A number of|Two] [mayors|councillors|business owners] from {region} [said|told "
    "reporters|wrote in an open letter] that their [communities|towns|members] had not been "
    "[consulted|informed|heard] [in time|properly|at all].",
    "The [organisation|association|federation] representing [local businesses|farmers|"
    "tenants|hauliers] [welcomed|cautiously welcomed|criticised|questioned] the "
    "[announcement|decision|plans] [in a statement|on its website|{when}].",
    "{inst} [has been|was] [criticised|praised|questioned] [in the past|repeatedly|before] for "
    "[its handling of|the way it managed|delays in] [similar|earlier|comparable] [projects|"
    "cases|decisions].",
    "[Under|According to] the [current|present|existing] [rules|plans|timetable], the "
    "[first|initial] [changes|payments|works] [would|could|are due to] [take effect|start|"
    "begin] in {month_next}.",
    "[The local chamber of commerce|A residents' association|The regional farmers' union] "
    "[said|argued|warned] that [nobody|few people|not enough people] had [understood|"
    "considered|looked at] the [long-term|practical|financial] [consequences|effects|costs].",
    "[The story|The debate|The dispute] [has drawn|attracted|prompted] [attention|comment|"
    "interest] [well beyond|far beyond|outside] {region}, [with|and] [neighbouring|"
    "surrounding|other] [regions|municipalities|councils] [watching|following|studying] [the "
    "outcome|the decision|developments] [closely|carefully|with interest].",
)

QUOTES: tuple[str, ...] = (
    "“[We have|We've] [listened carefully|listened] to [everyone involved|all sides|residents "
    "and businesses], and we will [keep doing so|continue to do that|not stop now],” "
    "{surname1} said.",
    "“This is [not the end of the story|only the first step|a day we have waited for],” "
    "[said {surname2}|{surname2} said|{surname2} told reporters].",
    "“[Nobody|No one] [in {place}|here|in this region] [wanted|expected|asked for] [this "
    "outcome|a result like this|things to end this way], but we [have to|must|will] [deal "
    "with it|make the best of it|live with it],” {surname2} [added|said].",
    "“The [numbers|figures|facts] [speak for themselves|are clear|tell a different story],” "
    "{surname1} [told reporters|said|insisted]. “[We will|We intend to|We are going to] [keep "
    "going|press ahead|carry on] [regardless|as planned|with our work].”",
    "“[I|We] [understand|share] the [concerns|frustration|anger] of [people|families|"
    "residents] in {place2},” {surname1} said, [adding|and added] that [support|help|"
    "compensation] would [be available|follow|be offered] <soon>.",
    "“[Frankly|Honestly|To be clear], [this|the plan|the decision] [came far too late|was "
    "rushed|is a mistake],” said {person3}, [a resident of|who runs a [bakery|hardware shop|"
    "guest house] in|a teacher from] {place2}.",
    "“[It is|It's] [a good|an important|a fair] [compromise|result|outcome] [for|for everyone "
    "in] {region},” {surname2} said.",
    "“[Our|My] [priority|concern|job] [is|remains] [the safety|the wellbeing|the future] of "
    "[everyone here|local families|our members],” said {surname1}.",
    "“[We were|I was] [surprised|shocked|relieved] [by|at] [how quickly|how much|how far] "
    "[things moved|it changed|the mood shifted],” said {person3}, [who has lived in|who "
    "grew up in|a volunteer from] {place3}.",
)

LOCAL: tuple[str, ...] = (
    "In {local}, [where|a town where] [many residents|hundreds of people|a large share of "
    "workers] [commute to {place}|depend on the same routes|work for firms in {region}], "
    "[local officials|councillors|business leaders] said they were [watching|following|"
    "studying] the [developments|situation|decision] [closely|with concern|carefully].",
    "{local}'s [mayor|council leader|chamber of commerce] [said|told the {paper}] "
    "[on {weekday2}|in a phone interview|{when}] that [the town|local businesses|families "
    "here] [would|could|might] [be affected|feel the consequences|benefit] [as well|too|in "
    "the coming months].",
    "[A similar|A comparable|A smaller] [dispute|project|problem] [divided|affected|"
    "occupied] {local} [in {year_past}|two years ago|last winter], when [the council|"
    "residents|the local club] [had to|decided to|voted to] [cut|close|postpone] "
    "[services|a branch|the plans].",
    "[Readers|Residents] in {local} [can|may] [find|get] [more information|advice|updates] "
    "[at|from] the [town hall|public library|citizens' advice office] on {street_local}, "
    "which [is open on weekdays|opens until 6 pm|opens every morning].",
    "[For {local}|Locally], the [figures|change|decision] could mean [about|around|roughly] "
    "{local_amount} [more|fewer] [jobs|households affected|visitors a year], [according to|"
    "based on] [calculations by the {paper}|an estimate by the town hall|council figures].",
)


@dataclasses.dataclass(frozen=True)
class Topic:
    """One topic's phrases: story subjects, leads, body sentences, headlines, day-2 leads."""

    roles: tuple[str, ...]
    issues: tuple[tuple[str, str], ...]  # (subject in a sentence, short form for a headline)
    leads: tuple[str, ...]
    body: tuple[str, ...]
    headlines: tuple[str, ...]
    follow_leads: tuple[str, ...]
    follow_body: tuple[str, ...]


TOPICS: dict[str, Topic] = {
    "politics": Topic(
        roles=(
            "council leader",
            "chair of the finance committee",
            "deputy mayor",
            "leader of the opposition group",
            "regional minister for local government",
            "mayor of {place}",
        ),
        issues=(
            ("the draft budget", "budget"),
            ("the plan to merge the two districts", "district merger"),
            ("the proposed tourist levy", "tourist levy"),
            ("the school closure programme", "school closures"),
            ("the new housing strategy", "housing plan"),
            ("the reform of rural bus subsidies", "bus subsidy reform"),
            ("the proposed parking charges", "parking charges"),
            ("the plan to sell the old harbour offices", "harbour offices sale"),
        ),
        leads=(
            "The [regional|municipal|district] council of {place} [voted|decided] {when} to "
            "[approve|back|adopt] {issue}, [ending|closing] [months|weeks|more than a year] of "
            "[wrangling|argument|negotiation] [between the coalition parties|over the details|"
            "in the chamber].",
            "[Lawmakers|Councillors|Members of the assembly] in {region} [narrowly|comfortably|"
            "finally] [approved|rejected|backed] {issue} {when}, [a result|an outcome|a "
            "decision] that [is likely to|could|will] [reshape|shape|affect] [local services|"
            "spending|the election campaign] [for years|in {place}|across the region].",
            "{person1}, the {role1}, [survived|won|lost] a [crucial|closely watched|bruising] "
            "vote on {issue} {when} after [a debate|a session|an argument] that [lasted|ran] "
            "[late into the night|more than {n} hours|most of the day].",
            "[Plans|A proposal] to [push through|introduce|revise] {issue} [in {place}|across "
            "{region}] [moved a step closer|suffered a setback|was put on hold] {when} when "
            "[the finance committee|the council's cabinet|a cross-party panel] [voted|ruled|"
            "decided] [on the final text|against an amendment|by a narrow margin].",
        ),
        body=(
            "The [revised|amended|final] version of {issue} [would|will] [cost|require] "
            "[about|around|roughly] {amount} million euros over [three|four|five] years, "
            "according to [documents seen by reporters|a summary published by the council|"
            "figures circulated to members].",
            "{surname1} [argued|insisted|maintained] that the plan [would protect|was needed to "
            "protect|was the only way to safeguard] [bus routes|school meals|library opening "
            "hours|care services for the elderly] [without raising|while freezing|despite "
            "pressure on] [council tax|local charges|staff numbers].",
            "[Opposition members|Councillors from the opposition benches|Several independent "
            "members] [accused|criticised] the [leadership|administration|ruling coalition] of "
            "[rushing|pushing|forcing] {issue} through [without a proper consultation|before "
            "residents had been heard|in the middle of the holiday season].",
            "The [debate|session|sitting] [lasted|ran for|stretched over] more than {n} hours "
            "and ended with [a vote of|a majority of|a tally of] {n2} to {n3}[| with {n4} "
            "abstentions].",
            "[Residents|Campaigners|Shopkeepers|Parents] in {place2} [have collected|have "
            "gathered|handed in] more than {count} signatures [against|opposing|in protest "
            "at] {issue}.",
            "[Under|According to] the [plan|proposal|text adopted {when}], [funding for|spending "
            "on] [district offices|road repairs|youth clubs|street cleaning] [would fall|would "
            "be cut|is set to drop] by {pct} per cent [by {year}|over the next two years|from "
            "next spring].",
            "[Party officials|Campaign organisers|Local party chairs] in {region} said they "
            "would [campaign against|make an issue of|fight] the [measure|decision|plan] "
            "[ahead of|during|in the run-up to] the [elections|regional elections|municipal "
            "vote] [planned|due|scheduled] for {year}.",
            "[Several|A number of|At least {n}] mayors of [smaller|outlying|rural] [villages|"
            "communities|towns] [complained|warned|said] that they would receive less money "
            "for [roads|libraries|sports halls|footpaths] than [last year|in previous years|"
            "they had been promised].",
            "{person2}, the {role2}, [called|described] the [compromise|agreement|deal] "
            "[fragile|imperfect|a first step] but said it was better than [another year of "
            "deadlock|no budget at all|a return to emergency rules].",
            "[The regional audit office|An independent review|The council's own auditors] had "
            "[warned|cautioned|found] [last year|in {month_past}|in a report this spring] that "
            "the [current|existing|old] [arrangements|spending plans|rules] were [not "
            "sustainable|too costly|poorly organised].",
            "[A first|An earlier|The original] [draft|version] of {issue} was [withdrawn|"
            "rejected|sent back] in {month_past} after [protests|objections|legal advice] from "
            "[neighbouring|surrounding|nearby] [municipalities|districts|councils].",
            "[Members of|Councillors from] [the governing coalition|both main groups|the "
            "smaller parties] [also|] [agreed|voted|pledged] to [set up|create|appoint] a "
            "[working group|monitoring panel|citizens' committee] to [review|oversee|assess] "
            "the [effects|results|first year] of {issue}.",
            "The [chamber|public gallery|council hall] was [packed|full|unusually crowded] as "
            "[dozens of|about {n2}|several dozen] [protesters|residents|local traders] "
            "[followed|watched|listened to] the [debate|vote|proceedings], some [holding|"
            "carrying|waving] [banners|placards|signs].",
            "[Turnout|Participation] at [a|the] [consultation|series of public hearings|online "
            "survey] [held|organised|run] in {month_past} was [low|disappointing|higher than "
            "expected], with [about|around|fewer than] {count2} [responses|submissions|people "
            "taking part].",
            "{inst} [is expected to|will|has said it will] [publish|present|set out] a "
            "[detailed|full|binding] [timetable|implementation plan|list of measures] for "
            "{issue} <soon>.",
        ),
        headlines=(
            "{place} council [backs|approves|adopts] {head} after [marathon|stormy|long] session",
            "[Row|Dispute|Anger] over {head} [divides|splits] {region}",
            "{surname1} [defends|stands by] {head} as critics cry foul",
            "[Narrow|Close|Bruising] vote [clears|settles] {head} in {place}",
            "{place2} [residents|campaigners|traders] [vow|promise] to fight {head}",
        ),
        follow_leads=(
            "A day after [the vote|the council's decision|{inst_lower} backed it], [opponents "
            "of|campaigners against|critics of] {issue} in {place} [announced|filed|launched] "
            "a [legal challenge|petition for a referendum|formal complaint].",
            "[The dispute over|The row about|Anger over] {issue} [deepened|intensified|spread] "
            "{when2} as [two|several|three] [councillors|coalition members|committee members] "
            "[resigned|walked out|quit their posts] [in protest|over the decision|within hours "
            "of each other].",
            "{person1} [faced|came under] [fresh|renewed|mounting] [pressure|criticism|calls to "
            "resign] {when2} after [it emerged|documents showed|local reporters revealed] that "
            "{issue} would cost [more than|almost|nearly] {amount2} million euros.",
        ),
        follow_body=(
            "[The group|Campaigners|Opponents] said they had [hired|consulted|instructed] "
            "[lawyers|a legal team|a firm in {place3}] and [expected|hoped|planned] to [file|"
            "lodge|submit] [their case|papers|the complaint] [within days|by the end of next "
            "week|before {month_next}].",
            "{surname1} [dismissed|rejected|brushed aside] the [criticism|calls|challenge] [as "
            "political theatre|as a stunt|as premature], [saying|and said] the [vote|decision|"
            "majority] had been [clear|legitimate|properly taken].",
            "[A spokesperson for|Officials at] {inst_lower} said [the council|the authority|"
            "they] would [study|respond to|examine] [the complaint|the petition|any legal "
            "papers] [once it had been received|in due course|carefully].",
        ),
    ),
    "economy": Topic(
        roles=(
            "chief executive of {company}",
            "finance director at {company}",
            "chief economist at the regional development bank",
            "head of the regional chamber of commerce",
            "union representative at {company}",
        ),
        issues=(
            ("the new distribution centre", "distribution centre"),
            ("the planned merger with {company2}", "merger"),
            ("the expansion of the {place} plant", "plant expansion"),
            ("the takeover offer from {company2}", "takeover offer"),
            ("the restructuring plan", "restructuring"),
            ("the closure of the {place2} factory", "factory closure"),
            ("the new battery plant", "battery plant"),
        ),
        leads=(
            "{company} [said|announced|confirmed] {when} that it [would|plans to] [invest|"
            "spend] {amount} million euros in {issue}, [creating|adding|bringing] [about|"
            "around|up to] {count} jobs [over the next three years|by {year}|in and around "
            "{place}].",
            "[Industrial output|Factory production|Manufacturing activity] in {region} [rose|"
            "grew|climbed] by {pct} per cent in the [third|second|first] quarter, the regional "
            "statistics office [said|reported|announced] {when}, [beating|exceeding|topping] "
            "[forecasts|expectations|most estimates].",
            "Shares in {company} [fell|dropped|slid|jumped|rose] [sharply|more than {pct2} per "
            "cent|to a two-year low] {when} after the [group|company|manufacturer] [unveiled|"
            "announced|set out] {issue}.",
            "[Workers|Staff|Employees] at {company} [in {place}|near {place}] [learned|were "
            "told|heard] {when} [about|of] {issue}, [which|a plan that] [puts|could put|will "
            "affect] [about|around|up to] {count} jobs.",
        ),
        body=(
            "{surname1} told [shareholders|analysts|investors] [on a conference call|at the "
            "annual meeting|in a briefing] that the [group|company] expected [turnover|sales|"
            "revenue] to [grow|rise|increase] by {pct2} per cent [next year|in {year}|over the "
            "coming year].",
            "[Economists|Analysts|Market watchers] [cautioned|warned|noted] that [higher "
            "energy prices|weaker exports|rising interest rates|a shortage of skilled workers] "
            "could [slow|hold back|weigh on] the [recovery|expansion|region's growth] in the "
            "[months|quarters] ahead.",
            "[Small shops|Retailers|Restaurants|Family businesses] in {place2} [reported|said] "
            "that [customers|trade|footfall] had [returned|picked up|recovered] after a "
            "[difficult|long|slow] [winter|year|summer], although [margins|profits|prices] "
            "[remain|are still] [thin|under pressure|volatile].",
            "[Unions|The works council|Labour representatives] [welcomed|cautiously welcomed|"
            "questioned] the [investment|announcement|plan] but [asked for|demanded|called "
            "for] written guarantees on [wages|working conditions|pensions|shift patterns] at "
            "the [new|planned|existing] site.",
            "[House prices|Rents|Commercial rents] in {place} have [climbed|risen|increased] "
            "[steadily|sharply|by {pct} per cent] since [the new rail link opened|{company} "
            "arrived|the last expansion], [pushing|driving|forcing] [many young families|"
            "first-time buyers|small firms] [towards|to] the [outskirts|edge of town|"
            "neighbouring villages].",
            "The regional development bank said it would [review|revise|relax] its lending "
            "[rules|criteria|conditions] for [local businesses|small firms|start-ups] and "
            "[present|publish|share] the [results|findings|details] [before the summer|in "
            "{month_next}|by the end of the year].",
            "{company} [employs|has] [about|around|roughly] {count2} people [in the region|"
            "across {region}|at its {place} headquarters] and [supplies|sells to|works with] "
            "[carmakers|supermarkets|hospitals|builders] in [several|a dozen|more than {n}] "
            "countries.",
            "The [labour|jobs] market in {region} [remains|is still|has stayed] [tight|strong|"
            "robust], with unemployment at {pct3} per cent, [below|close to|just above] the "
            "national average.",
            "[Suppliers|Subcontractors|Hauliers] [in|around|across] {place2} [hope|expect|"
            "fear] that {issue} will [bring|mean|lead to] [new orders|extra work|lower "
            "prices] for [their|local] [firms|businesses|companies].",
            "[Regulators|Competition authorities|The Office for Fair Competition] [must|still "
            "have to|are yet to] [approve|clear|examine] [the deal|the plan|the transaction], "
            "a [process|review|procedure] that [could|may|is likely to] take [several months|"
            "until {month_next}|most of the year].",
            "The [company's|group's] [net profit|operating profit|earnings] [fell|rose|"
            "jumped|slipped] to {amount2} million euros [last year|in {year_past}|in the first "
            "half], [compared with|from] {amount3} million a year earlier.",
            "[Local|Regional] [officials|politicians|leaders] [have offered|promised|approved] "
            "[tax breaks|a land swap|road improvements|training grants] [worth|totalling|of "
            "about] {amount3} million euros to [secure|support|attract] {issue}.",
            "[Energy-intensive|Export-oriented|Smaller] [firms|manufacturers|businesses] in "
            "{region} [have|had] [struggled|suffered|been squeezed] [since|after] [gas prices "
            "rose|orders from abroad slowed|the currency strengthened] [last year|in "
            "{year_past}|two winters ago].",
            "[Construction|Building work|Work on the site] [is due to|should|is expected to] "
            "[begin|start] in {month_next}[ and finish by {year}| and take about two years|, "
            "subject to planning permission].",
        ),
        headlines=(
            "{company} to [create|add] {count} jobs [near|in] {place}",
            "[Industrial output|Factory output|Production] in {region} [beats|tops|exceeds] "
            "expectations",
            "{company} [shares|stock] [slide|jump|fall] on {head} news",
            "[Workers|Unions|Staff] [wary|worried|divided] as {company} [unveils|announces] "
            "{head}",
            "[Shops|Traders|Retailers] in {place2} report a [cautious|slow|fragile] recovery",
        ),
        follow_leads=(
            "[Unions|Workers|Staff representatives] at {company} [threatened|called|voted "
            "for] [a strike|industrial action|a walkout] {when2}, a day after the [group|"
            "company] [announced|unveiled|confirmed] {issue}.",
            "{company} [moved to|sought to|tried to] [reassure|calm] [investors|staff|"
            "suppliers] {when2} after [its shares|the stock|its bonds] [fell|dropped|slid] "
            "[sharply|again|for a second day] following the [announcement|news] of {issue}.",
            "[Regional leaders|Politicians in {region}|The regional government] [demanded|"
            "asked for|called for] [talks|a meeting|guarantees] with {company} {when2} over "
            "{issue}, [saying|warning|arguing] that [jobs|the local economy|suppliers] [must|"
            "should|need to] be protected.",
        ),
        follow_body=(
            "[Management|The board|Executives] [agreed|offered|proposed] to [meet|hold talks "
            "with] [union leaders|employee representatives|the works council] [next week|on "
            "{weekday2}|within days], [according to|said] [a person familiar with the talks|a "
            "union official|local reporters].",
            "[Analysts|Brokers|Two analysts] [cut|lowered|trimmed] their [price targets|"
            "forecasts|recommendations] for {company}, [citing|pointing to|noting] [the cost "
            "of|uncertainty over|the risks of] {issue}.",
            "[Neither side|The company|The union] [gave|offered|would give] [details|a "
            "timetable|a date] for [the next round of talks|a decision|a vote].",
        ),
    ),
    "weather": Topic(
        roles=(
            "duty forecaster at the regional weather service",
            "head of the civil protection agency",
            "chief fire officer for {region}",
            "mayor of {place}",
            "spokesperson for the roads authority",
        ),
        issues=(
            ("the storm", "storm"),
            ("the heatwave", "heatwave"),
            ("the flooding", "flooding"),
            ("the cold snap", "cold snap"),
            ("the drought", "drought"),
            ("the gales", "gales"),
        ),
        leads=(
            "Forecasters [have issued|issued|extended] an [amber|orange|red] warning for "
            "[heavy rain|strong winds|thunderstorms|snow] across {region}, with up to {mm} "
            "millimetres [expected|forecast|likely] [in some valleys|on higher ground|by the "
            "weekend].",
            "Temperatures in {place} [climbed|rose] to {temp} degrees {when}, the highest "
            "[value|reading|temperature] ever recorded there [at this time of year|in {month}|"
            "since records began in {year_past2}].",
            "[Emergency services|Firefighters|Rescue teams] in {region} [worked through the "
            "night|were called out more than {n2} times|evacuated dozens of homes] {when} as "
            "{issue} [swept across|hit|battered] the [area|coast|valleys][, flooding cellars "
            "and closing roads|, bringing down trees and power lines|].",
            "[Thousands of|Around {count}|Several hundred] households [in|around|across] "
            "{place} [were left without|lost] [power|electricity|running water] {when} after "
            "{issue} [brought down|damaged|knocked out] [power lines|a substation|the main "
            "pumping station].",
        ),
        body=(
            "Residents living along the {river} were [advised|told|urged] to [move their cars "
            "away from|stay away from|keep clear of] the [riverbank|embankment|quayside] and "
            "to [follow updates from|listen to|check] the emergency services.",
            "A band of [cold|colder|arctic] air will bring [night frost|ground frost|frost] of "
            "down to {low} degrees to [higher ground|the hills|the uplands] by the weekend, "
            "[forecasters|meteorologists|the weather service] said.",
            "The [regional roads authority|highways agency|local police] said [several|two|"
            "three] [mountain passes|minor roads|bridges] would remain closed until [fallen "
            "trees|debris|flood water] had been [cleared|removed|pumped away].",
            "Farmers near {place2} said the [long dry spell|wet spring|late frost|storm] had "
            "already [reduced|cut|damaged] the [first harvest|hay crop|fruit harvest] by "
            "[almost|nearly|about] a [third|quarter|half].",
            "Schools in {place} will [open an hour later|stay closed|close early] on the next "
            "[two|three] days so that pupils do not have to travel during the worst of "
            "{issue}.",
            "Meteorologists expect the [unsettled|stormy|hot|dry] weather to [continue|last|"
            "persist] [well into next week|until at least {weekday2}|for several more days], "
            "with only [short|brief|occasional] [sunny spells|breaks] [between the showers|in "
            "the afternoons|along the coast].",
            "The [fire brigade|civil protection agency|coastguard] [said|reported] it had "
            "[responded to|dealt with|logged] more than {n2} [calls|incidents|emergencies] "
            "[since {weekday2}|overnight|in 24 hours], [mostly|many of them] [involving|"
            "caused by] [fallen trees|flooded basements|blocked drains].",
            "[Rail services|Trains|Ferries] between {place} and {place3} were [suspended|"
            "cancelled|delayed] [for several hours|until further notice|on {weekday2}] after "
            "[a landslide|flooding|a fallen tree] [blocked|damaged] the [line|track|harbour "
            "entrance].",
            "[Insurers|The regional insurance association|Loss adjusters] [estimated|said|"
            "expect] that [damage|claims] [could|would|might] [reach|exceed|top] {amount} "
            "million euros, [making|which would make] it one of the [costliest|most "
            "expensive|worst] [storms|weather events|summers] in [a decade|years|{region}'s "
            "recent history].",
            "[Hospitals|Doctors|Health officials] [advised|urged|reminded] [older people|"
            "parents of young children|outdoor workers] to [drink plenty of water|stay indoors "
            "during the afternoon|avoid strenuous activity] [while the heat lasts|until the "
            "warning is lifted|this week].",
            "The level of the {river} [at|near] {place3} [rose|climbed] to {level} metres "
            "{when}, [almost|nearly|about] [two|one and a half] metres above [normal|the "
            "seasonal average|the usual level].",
            "[Volunteers|Neighbours|Soldiers] [filled|stacked|laid] [thousands of|hundreds of|"
            "about {count2}] sandbags [along|on|around] the [banks|quays|old town walls] of "
            "{place} [overnight|on {weekday2}|before dawn].",
            "The [weather service|meteorological office|national forecaster] said {issue} was "
            "[linked to|caused by|driven by] a [slow-moving|deep|stationary] [low-pressure "
            "system|area of high pressure|weather front] [over|off|west of] the [coast|sea|"
            "mountains].",
            "[Ski resorts|Campsites|Tourist offices] in {region} [reported|have seen] [a rush "
            "of|a wave of|dozens of] [cancellations|bookings|enquiries] [since|after] the "
            "[warning|forecast|first reports] [was issued|came out|appeared].",
        ),
        headlines=(
            "[Heavy rain|Storm|Flood] warning issued for {region}",
            "{place} records {temp} degrees as the heat builds",
            "Frost and closed passes expected on higher ground [in {region}|]",
            "{Head} [leaves|cuts off] thousands without power in {place}",
            "[Sandbags|Volunteers|Soldiers] [deployed|called in] as the {river} rises",
        ),
        follow_leads=(
            "[Clean-up crews|Residents|Volunteers] in {place} [began|started] [clearing mud|"
            "pumping out cellars|counting the cost] {when2}, a day after {issue} [swept "
            "through|hit|battered] {region}.",
            "[The regional government|{inst}|Officials] [promised|pledged|announced] "
            "[emergency aid|compensation|a relief fund] of {amount2} million euros {when2} for "
            "[households|farmers|businesses] [hit|affected|damaged] by {issue}.",
            "[Power|Electricity|Water supply] had been [restored|reconnected] to most "
            "[homes|households] in {place} by {weekday2} evening, [the operator said|officials "
            "said], but [hundreds of homes|some villages|outlying farms] [remained|were still] "
            "[cut off|without supply].",
        ),
        follow_body=(
            "[Inspectors|Engineers|Surveyors] [were checking|began checking|will check] "
            "[bridges|embankments|roads] [around|near|in] {place2} for [damage|cracks|"
            "subsidence] [before|ahead of] [reopening them|the next storm|the weekend].",
            "[Applications for|Claims for|Requests for] [aid|compensation|support] can be "
            "[made|filed|submitted] [online|at the town hall|through the regional portal] "
            "[until|by] the end of {month_next}, [officials said|according to the authority|a "
            "spokesperson said].",
        ),
    ),
    "sport": Topic(
        roles=(
            "head coach of {team}",
            "captain of {team}",
            "chairman of {team}",
            "manager of {team2}",
            "sporting director at {team}",
        ),
        issues=(
            ("the cup run", "cup run"),
            ("the derby", "derby"),
            ("the title race", "title race"),
            ("the relegation battle", "relegation fight"),
            ("the promotion race", "promotion race"),
        ),
        leads=(
            "{team} [beat|defeated|overcame] {team2} {score1}-{score2} {when} in front of a "
            "[sell-out|record|capacity] crowd of {count} [spectators|supporters|fans] [at|in] "
            "{venue}.",
            "{team} [kept|revived|boosted] their hopes in {issue} with a {score1}-{score2} "
            "[win|victory] over {team2} {when}[, their {nth} win in a row|, thanks to a late "
            "goal|].",
            "A [late|second-half|stoppage-time] goal from {person3} [gave|earned|handed] "
            "{team} a {score1}-{score2} [win|victory] [over|against] {team2} {when}, "
            "[lifting|moving|taking] them [into third place|to the top of the table|out of "
            "the relegation zone].",
            "{team2} [fell|slipped|crashed] to a {score1}-{score2} defeat [against|at home to|"
            "away at] {team} {when}, [piling pressure on|raising questions about|a blow to] "
            "{person2}, the {role2}.",
        ),
        body=(
            "The [decisive|winning|crucial] goal came after {minute} minutes, when a [low|"
            "deep|curling] cross from the [right|left] was [turned in|headed in|tapped in] at "
            "the [near|far] post.",
            "Coach {person1} [praised|hailed|singled out] the [discipline|spirit|composure] of "
            "a [young|youthful|rebuilt] squad that has lost only {n} of its last [twenty|"
            "fifteen|twelve] matches.",
            "The result [moves|lifts|takes] the club [up to|into] [third|fourth|second] place "
            "in the table, [two|three|four] points behind the leaders [with {n} games left|"
            "after {n2} rounds|at the halfway stage].",
            "[Hundreds|Thousands|Several hundred] of supporters [travelled|made the trip] from "
            "{place} on [special trains|extra buses|a convoy of coaches] [laid on|organised|"
            "provided] by [the regional rail operator|the club|the supporters' association].",
            "The two sides meet again in the [cup semi-final|league|regional cup] [next month|"
            "in {month_next}|in the spring], with the [return leg|second game|replay] to be "
            "played in {place2}.",
            "{team2} had the better of the opening [half hour|twenty minutes|quarter of an "
            "hour] but [failed|were unable] to turn their [pressure|possession|chances] into a "
            "goal.",
            "Club captain {person2} said the players would get a day off before [preparing "
            "for|travelling to|starting work on] the next [away game|home match|cup tie].",
            "[The goalkeeper|The visitors' goalkeeper|{surname3}] [made|produced|pulled off] "
            "[a string of|several|two] [fine|excellent|crucial] saves [in the second half|"
            "before the break|late on] to [keep|hold] the [score|result|lead] [level|intact|as "
            "it was].",
            "[The referee|Officials] [showed|handed out] {n} yellow cards and [sent off|"
            "dismissed] a [defender|midfielder|substitute] [from {team2}|for the visitors] "
            "[for a second booking|after a reckless challenge|in stoppage time].",
            "[Ticket sales|Season-ticket sales|Attendances] at {venue} have [risen|grown|"
            "climbed] by [about|around|almost] {pct} per cent this season, according to [the "
            "club|the league|the supporters' trust].",
            "[The club's|{team}'s] [board|owners|chairman] [confirmed|said|announced] {when} "
            "that [talks|negotiations] on a new [contract|deal|stadium lease] for [the coach|"
            "{person1}|the captain] were [continuing|at an advanced stage|on hold].",
            "[Injuries|Suspensions|Illness] [had left|forced] {team} [without|short of] "
            "[three|two|four] [regular starters|first-choice defenders|senior players], "
            "[forcing|prompting] the coach to [field|start|call up] [two teenagers|a reserve "
            "goalkeeper|an untested back line].",
            "[Police|Stewards|Organisers] [reported|said there were|recorded] [no|only minor|a "
            "few] [incidents|arrests|problems] [before or after|around|during] the [match|"
            "game|derby].",
            "{team} had not [beaten|lost to|won against] {team2} [at home|away|in the league] "
            "since {year_past}, [a run|a sequence|a record] [that|which] [supporters|fans|"
            "commentators] had [mentioned|brought up|talked about] [all week|before kick-off|"
            "for days].",
        ),
        headlines=(
            "{team} beat {team2} in front of a full [stadium|house|ground]",
            "Late goal keeps {team} in the {head}",
            "{team} coach [praises|hails] a young squad",
            "{team2} [slump|stumble|fall] to defeat [at|against] {team}",
            "{surname3} [strikes|scores] late as {team} [edge|see off] {team2}",
        ),
        follow_leads=(
            "{team} [confirmed|announced|said] {when2} that {person3}, whose [late goal|"
            "winner|strike] [decided|settled|won] the [match|game] against {team2}, [will "
            "miss|could miss|is doubtful for] the next [two|three] [games|matches|weeks] with "
            "[a hamstring injury|an ankle problem|a knee injury].",
            "The [league|disciplinary committee|federation] [opened|launched|started] [an "
            "inquiry|proceedings|an investigation] {when2} into [crowd trouble|a pitch "
            "invasion|the red card] [during|at|after] {team}'s [win|victory] over {team2}.",
            "{team2} [parted company with|sacked|dismissed] {person2} {when2}, [a day|less "
            "than 24 hours|hours] after the {score1}-{score2} [defeat|loss] [against|at|to] "
            "{team}.",
        ),
        follow_body=(
            "[The club|A spokesperson|Medical staff] said [further|more] [scans|tests|"
            "examinations] [were planned|would follow|were due] [on {weekday2}|later this "
            "week|before the weekend].",
            "[Assistant coach|Youth team coach|Former captain] {person4} will [take charge|"
            "lead the team|be in charge] [for the next game|on an interim basis|until a "
            "replacement is found], the club said.",
        ),
    ),
    "science": Topic(
        roles=(
            "professor of environmental chemistry at the University of {place}",
            "lead author of the study",
            "director of the institute for applied ecology",
            "researcher at the University of {place2}",
            "head of the regional water board",
        ),
        issues=(
            ("the water sensor project", "water sensor"),
            ("the soil study", "soil study"),
            ("the new telescope", "telescope"),
            ("the bee survey", "bee survey"),
            ("the battery project", "battery research"),
            ("the glacier measurements", "glacier study"),
        ),
        leads=(
            "Researchers at the University of {place} have [developed|built|tested] [a "
            "sensor|a device|a portable kit] that [detects|measures|identifies] [pollution|"
            "bacteria|chemical residues] in [drinking water|river water|well water] within "
            "minutes rather than days.",
            "[Scientists|A team of researchers|Ecologists] in {region} [have found|report|say] "
            "that [wild bee numbers|soil quality|the water table|bird populations] [fell|"
            "dropped|declined|recovered] by {pct} per cent [over the past decade|since "
            "{year_past}|in ten years], according to a [study|paper|survey] [published|"
            "released] {when}.",
            "[The observatory|A new telescope|The research station] above {place2} [will open|"
            "has opened|opens] its doors to the public [for a week|this weekend|from "
            "{weekday2}] to [mark|celebrate] the [anniversary|fiftieth anniversary|centenary] "
            "of its founding.",
            "A [research|university|joint] team [led by|headed by] {person1} has [completed|"
            "published|presented] the [first results|final results|initial findings] of "
            "{issue}, [which|a project that] [ran|covered|lasted] [two summers|four years|{n} "
            "field seasons] [across|in] {region}.",
        ),
        body=(
            "The team, led by {person1}, [tested|trialled|used] the [device|method|equipment] "
            "at {n} [rivers and lakes|sites|farms] across {region} over [two summers|three "
            "seasons|eighteen months].",
            "Their findings, published this week in a [peer-reviewed|scientific|specialist] "
            "journal, could help [water companies|farmers|local authorities] [respond|react|"
            "act] much faster to [contamination|pollution|changes].",
            "The project received {amount} thousand euros from a regional [innovation|"
            "research|science] [programme|fund|grant scheme].",
            "Independent experts [described|called] the results [promising|encouraging|"
            "interesting] but said [larger|longer|wider] field trials would be needed before "
            "the [sensor|method|approach] could be used [routinely|widely|commercially].",
            "According to {person2} of the institute for [agricultural ecology|applied "
            "physics|environmental research], the method could also be used to [monitor|"
            "track|measure] [soil quality|air pollution|groundwater levels] [on farms|in "
            "cities|near factories].",
            "The regional parliament has [invited|asked] the researchers to [present their "
            "work|give evidence|speak] at a hearing on [water quality|climate adaptation|"
            "research funding] later this year.",
            "[Samples|Measurements|Readings] were [taken|collected|recorded] [every week|twice "
            "a month|daily] [from|at] [{n2} locations|more than {n2} points|{n2} sampling "
            "stations], [some of them|several of them|most] [in remote upland areas|on private "
            "farmland|in protected wetlands].",
            "The [researchers|scientists|authors] [stressed|noted|cautioned] that the "
            "[sample|study|survey] was [small|limited to one region|based on a few years of "
            "data] and that [other factors|weather|land use] [might|could|may] [also|] "
            "[explain|account for] [part of|some of] the [change|trend|difference].",
            "[Students|Volunteers|Schoolchildren] from [across|around] {region} [helped|took "
            "part|assisted] [with|in] the [fieldwork|counts|sampling], [recording|counting|"
            "collecting] [data|insects|samples] [in their own gardens|along footpaths|at their "
            "schools].",
            "{company} [has|had] [expressed|shown|signalled] [interest|an interest] in "
            "[licensing|producing|marketing] the [technology|device|method], [according to|"
            "said] [the university|a spokesperson for the university|{surname1}].",
            "The [next phase|follow-up project|second stage] [will|is due to|should] [begin|"
            "start] in {month_next} and [extend|expand|widen] the [work|survey|measurements] "
            "to [neighbouring|nearby|other] [regions|valleys|river basins].",
            "[Funding|Money] for [basic research|field studies|long-term monitoring] has "
            "become [harder|more difficult|increasingly difficult] to [secure|obtain|find], "
            "{surname1} [said|told reporters|warned], [pointing to|citing|noting] [cuts|"
            "delays|changes] in [national|regional|European] [programmes|budgets|schemes].",
            "[The data|The results|The full data set] will be [made available|published|"
            "released] [free of charge|online|to other researchers] [under an open licence|on "
            "the university's website|at the end of the year].",
            "[Visitors|Guests|Members of the public] will be able to [look through|use|tour] "
            "the [main telescope|laboratories|instruments] [on clear evenings|in guided "
            "groups|by appointment], [organisers|the institute|the university] said.",
        ),
        headlines=(
            "University of {place} team unveils [rapid|new|portable] water sensor",
            "Researchers in {region} [test|trial] a new [pollution detector|method|instrument]",
            "Observatory above {place2} opens to the public",
            "{Head} [shows|finds|reveals] [worrying|surprising|mixed] [trend|results] in {region}",
            "[Scientists|Researchers] [call for|want] [more|longer] field trials after {head}",
        ),
        follow_leads=(
            "[Water companies|Farmers' groups|Two regional authorities] [said|announced] "
            "{when2} that they [would|wanted to|planned to] [test|trial|adopt] the [method|"
            "device|approach] [described|presented|unveiled] by researchers at the University "
            "of {place} [a day earlier|this week].",
            "[Questions|Doubts|Criticism] [emerged|arose|surfaced] {when2} over {issue} after "
            "[a rival team|another group of scientists|an independent reviewer] [said|argued|"
            "suggested] that the [results|figures|measurements] [had been|were] [overstated|"
            "misread|based on too few samples].",
        ),
        follow_body=(
            "{surname1} [defended|stood by] the [findings|study|results], [saying|and said] "
            "the [methods|data|calculations] had been [checked|reviewed|verified] by "
            "[independent|outside|external] [experts|reviewers|laboratories].",
            "[Talks|Discussions|Meetings] [with|between] [the university|the researchers] and "
            "[potential partners|the water board|industry] [are planned|will take place|are "
            "expected] [in the coming weeks|next month|before the summer].",
        ),
    ),
    "transport": Topic(
        roles=(
            "regional transport commissioner",
            "chief executive of the rail operator",
            "head of the passengers' association",
            "spokesperson for the highways agency",
            "union organiser at the bus depot",
        ),
        issues=(
            ("the new rail link", "rail link"),
            ("the bridge closure", "bridge closure"),
            ("the bus strike", "bus strike"),
            ("the motorway widening", "motorway widening"),
            ("the new ferry timetable", "ferry timetable"),
            ("the cycle lane scheme", "cycle lanes"),
        ),
        leads=(
            "[Commuters|Passengers|Travellers] [in|across|around] {region} [faced|are facing] "
            "[long delays|weeks of disruption|packed trains] {when} as {issue} [took effect|"
            "began|came into force], [affecting|hitting|disrupting] [about|around|some] "
            "{count} [journeys|people|passengers] a day.",
            "{inst} [unveiled|presented|announced] {when} [a|its] [long-awaited|revised|final] "
            "plan for {issue}, [which|a project that] [will|is expected to] cost {amount} "
            "million euros and [take|last] [four|five|six] years.",
            "The [main|old|historic] bridge over the {river} at {place} [will be|has been] "
            "closed [to traffic|to lorries|completely] [for at least {n} months|from "
            "{weekday2}|until further notice] after [inspectors|engineers|surveyors] [found|"
            "discovered] [serious|worrying|significant] [cracks|corrosion|damage] [in its "
            "supports|in the deck|below the waterline].",
            "[Bus drivers|Train crews|Ferry staff] in {place} [walked out|went on strike|"
            "stopped work] {when} [over|in a dispute over|in protest at] [pay|shift patterns|"
            "safety], [leaving|stranding|forcing] [thousands of|many|about {count}] "
            "[commuters|pupils|passengers] [to find other ways to work|without a service|to "
            "walk].",
        ),
        body=(
            "The [regional|local] transport [authority|commissioner|company] said [replacement "
            "buses|extra trains|a shuttle service] would [run|operate] [every|at least every] "
            "[{n3} minutes|half hour|hour] [between|linking] {place} and {place2} [during the "
            "works|until the line reopens|at peak times].",
            "[Journey times|Travel times] between {place} and {place3} [will|would|should] "
            "[fall|drop|be cut] from [about|around|almost] {min1} minutes to {min2} [once|"
            "when|after] {issue} [is completed|is finished|opens].",
            "{person2}, the {role2}, said [passengers|commuters|members] had [waited|been "
            "promised|heard promises about] {issue} [for decades|for years|since the "
            "{decade}], and [urged|called on|asked] the authorities to [stick to|keep to|"
            "respect] the [timetable|budget|plans].",
            "[Hauliers|Delivery firms|Local businesses] [warned|complained|said] that "
            "[diversions|detours|the closure] [would|could|will] add [up to|about|more than] "
            "{n} [hours|kilometres] to [each journey|every trip|a delivery].",
            "[Cyclists|Residents|Shopkeepers] [along|on|near] {street} had [campaigned|"
            "petitioned|argued] [for|against] [the scheme|the changes|the new lanes] [for two "
            "years|for months|for a long time], [saying|arguing|claiming] [it|they] would make "
            "the [road|street|town centre] [safer|quieter|less attractive to shoppers].",
            "[Passenger numbers|Ridership|Traffic] on the [line|route|ferry] [has|have] "
            "[risen|grown|fallen] by {pct} per cent [since {year_past}|since the last "
            "timetable change], according to [the operator|figures from {inst_lower}|the "
            "transport authority].",
            "[Engineers|Contractors|Crews] [will|are due to|plan to] [work|carry out the work] "
            "[overnight|at weekends|in shifts] to [limit|reduce|keep down] [disruption|noise|"
            "closures] for [residents|commuters|nearby homes].",
            "[The union|Union leaders|The drivers' union] [said|argued|insists] that [wages|"
            "pay|conditions] had [not kept pace|fallen behind|worsened] [with|since|compared "
            "with] [inflation|{year_past}|other regions] and that [staff|drivers|crews] were "
            "[leaving|quitting|retiring] [faster|more quickly|sooner] than they could be "
            "replaced.",
            "The [highways agency|transport authority|rail operator] [said|expects|"
            "estimated] that [about|around|up to] {count2} [vehicles|cars and lorries|"
            "passengers] [use|cross|travel on] the [route|bridge|line] [every day|on an "
            "average weekday|daily].",
            "[Ticket prices|Fares|Season tickets] [will|are set to|would] [rise|increase|go "
            "up] by {pct2} per cent from {month_next}, [the operator|the authority|officials] "
            "[confirmed|said|announced] {when}.",
            "[Environmental groups|Campaigners|Residents' associations] [criticised|"
            "questioned|welcomed] {issue}, [arguing|saying|noting] that [money|funds|"
            "investment] [would be better spent on|should go to|was overdue for] [public "
            "transport|rail maintenance|safer footpaths].",
            "[An earlier|A previous|The first] [plan|design|proposal] for {issue} was "
            "[dropped|shelved|rejected] in {year_past} after [costs|estimates|objections] "
            "[rose|doubled|multiplied].",
            "[Travellers|Passengers|Visitors] [were advised|were told|should plan] to [allow "
            "extra time|check timetables online|book seats in advance] [until|before] "
            "{month_next}, [when|by which time] the [works|changes|new services] [should|are "
            "due to|will] be [finished|complete|in place].",
        ),
        headlines=(
            "[Commuters|Travellers] [face|brace for] delays as {head} [begins|starts]",
            "{place} bridge [closed|shut] after [cracks|damage] found",
            "{amount} million euro plan for {head} [unveiled|presented|announced]",
            "[Bus|Rail|Ferry] [strike|walkout] [strands|hits] commuters in {place}",
            "{Head}: [what it means|what changes|the key dates] for {place}",
        ),
        follow_leads=(
            "[Talks|Negotiations] [between|involving] [the union|unions] and [the operator|the "
            "transport company|management] [broke down|resumed|ended without agreement] "
            "{when2}, a day after {issue} [began|brought traffic in {place} to a halt].",
            "[Traffic|Congestion|Queues] in {place} [eased|worsened|stretched for kilometres] "
            "{when2} on the [second|first full] day of {issue}, [as|while] [drivers|commuters|"
            "hauliers] [followed|ignored|found] [diversions|the signs|alternative routes].",
        ),
        follow_body=(
            "[A spokesperson for|Officials at] {inst_lower} [said|admitted|acknowledged] that "
            "the [first day|start|opening days] had been [difficult|chaotic|bumpy] and "
            "[promised|pledged] [better signs|more staff|clearer information].",
            "[Traders|Shop owners|Businesses] [in|on] {street} [said|reported|complained] that "
            "[takings|trade|customer numbers] had [fallen|dropped|halved] since {issue} "
            "[began|started].",
        ),
    ),
}

BOILERPLATE: tuple[str, ...] = (
    "Sign up for {newsletter}, our [free|daily|weekly] newsletter with the [top|most "
    "important|best] stories from {home_region}.",
    "© {outlet} {year_now}. All rights reserved.",
    "Follow {outlet} on [our app|social media] for [live updates|breaking news|the latest "
    "headlines].",
    "This article [was published|comes] from a news agency feed[ and has not been edited by our "
    "newsroom|].",
    "Have a [story tip|news tip|question]? [Write to|Contact] [the newsroom|our reporters] at "
    "[news|tips|desk]@{domain}.",
    "Support [local|independent] journalism: subscribe to {outlet} from {price} euros a month.",
    "Copyright {year_now} {outlet}. [This material may not be published, broadcast or "
    "redistributed.|Reproduction without permission is prohibited.]",
    "[Photo|Image|Picture]: [archive|file photo|agency] / {outlet}",
)
"""An outlet's template lines: fixed per outlet, they leak into the text of every page."""

DISCLAIMERS: tuple[str, ...] = (
    "This story has not been edited by {outlet} staff and is published from a syndicated "
    "[feed|news service].",
    "Our journalism is funded by [readers|subscribers|members] like you. [Become a member|"
    "Subscribe|Give] from {price} euros a month to keep {outlet} [independent|free to read].",
    "Correction: an earlier version of this article [gave the wrong|misstated the|included an "
    "incorrect] [date of the meeting|name of a spokesperson|figure for the budget]. It has "
    "been [corrected|updated].",
    "{outlet} [follows|adheres to] the [press council's code of practice|editors' code]. To "
    "report an error, write to corrections@{domain}.",
)
"""Standard disclaimers: fixed text per outlet, on its background-box pages."""

UPDATE_NOTES: tuple[str, ...] = (
    "(Adds [comment|reaction|a statement] from {person2}[ in paragraph 2|, details of the "
    "timetable|, background])",
    "(Updates with [new figures|reaction|details] [throughout|in paragraphs 1-3|from "
    "{inst_lower}])",
)
UPDATE_LEADS: tuple[str, ...] = (
    "{inst} [said|confirmed|announced] [later|late] {when} that it would [review|delay|speed "
    "up] [parts of|the next steps of|its work on] {issue}, [hours after|shortly after|soon "
    "after] the [first reports|initial announcement|news broke].",
    "{person2}, the {role2}, [said|told reporters] [hours later|in the evening|late in the "
    "day] that [talks|discussions|meetings] on {issue} would [resume|continue|start] [within "
    "days|on {weekday2}|next week].",
    "[About|Around|Some] {count2} people had [gathered|turned up|signed an online petition] "
    "[in {place}|outside the town hall in {place}|by the afternoon] [by early evening|within "
    "hours|by nightfall], [according to|said] [organisers|local officials|{inst_lower}].",
    "The [figures|costs|numbers] [were revised|were corrected|changed] [later|in the "
    "afternoon] {when}: {inst_lower} now [puts|estimates] the [total|cost|figure] at "
    "{amount2} million euros.",
    "[A second|Another|A further] [statement|announcement|briefing] [from|by] {inst_lower} "
    "[late|later] {when} [added|gave|set out] [new details|more details|a timetable] for "
    "{issue}, [including|with] [the first dates|a list of affected areas|the names of the "
    "officials in charge].",
)
"""An UPDATE's editor's note line (under the headline) and new leads (prepended, with perhaps
one more new paragraph, to the previous version)."""

ROUNDUP_NAMES = (
    "Europe briefing", "Markets at midday", "Morning briefing", "The regional roundup",
    "Evening news in brief", "The week in {region}",
)  # fmt: skip
ROUNDUP_INTROS: tuple[str, ...] = (
    "[The main stories|What you need to know|The stories we are following] from {region} and "
    "beyond [this morning|at midday|this evening].",
    "[Good morning|Good afternoon|Good evening]. [Here is|This is] [our|the] [round-up|summary|"
    "digest] of the [day's|latest] [news|stories] [from|across] {region}.",
)
"""A roundup's own lines (it quotes 1–3 paragraphs each of two or three wire stories)."""

_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_PHRASE = re.compile(r"<([a-z_]+)>")
_SLOT = re.compile(r"\{([A-Za-z0-9_]+)\}")


def expand(template: str, rng: random.Random, cast: dict[str, str], *, upper: bool = True) -> str:
    """Fills a template: choices (innermost first), shared phrases, then the cast's slots."""
    while True:
        match = _CHOICE.search(template)
        if match is None:
            break
        option = rng.choice(match.group(1).split("|"))
        template = template[: match.start()] + option + template[match.end() :]
    template = _PHRASE.sub(
        lambda m: expand(rng.choice(PHRASES[m.group(1)]), rng, cast, upper=False), template
    )
    text = _SLOT.sub(lambda m: cast[m.group(1)], template)
    text = re.sub(r"\s+([,.;:?!”])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    return text[:1].upper() + text[1:] if upper else text


def words_of(text: str) -> int:
    """Words as the generator counts them (whitespace-separated tokens)."""
    return len(text.split())


_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[A-Z“\"(])")


def sentences_of(paragraph: str) -> list[str]:
    """A paragraph's sentences (split after ``.``, ``!`` or ``?``, a closing quote included)."""
    return [part for part in _SENTENCE_END.split(paragraph) if part]


SPLITS = ("dev", "test", "both")


def split_of(seed: int, base: int) -> str:
    """``dev`` or ``test`` for base story ``base``: a seeded hash of (seed, base), so a base
    story keeps its split in every corpus size (a smaller corpus is a subset of a larger one)
    and about half of the base stories fall in each."""
    digest = hashlib.sha256(f"{seed}:split:{base}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


# --- outlets -----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Outlet:
    """A publisher: name, home town (for local context), house style and template lines."""

    name: str
    home: str
    domain: str
    boilerplate: tuple[str, ...]
    leak: float  # chance that each template line survives extraction on a given page
    american: bool  # house style converts British spellings
    straight_quotes: bool
    dash: str  # house dash in datelines


def make_outlets(count: int, seed: int) -> tuple[Outlet, ...]:
    rng = random.Random(f"{seed}:outlets")
    names: set[str] = set()
    outlets = []
    while len(outlets) < count:
        home = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
        name = f"The {home} {rng.choice(PAPER_WORDS)}"
        if name in names:
            continue
        names.add(name)
        slug = re.sub(r"[^a-z]+", "", name.lower().removeprefix("the "))
        cast = {
            "outlet": name,
            "newsletter": rng.choice(("The Morning Briefing", "Evening Edition", "The Week")),
            "home_region": f"{home} and the surrounding area",
            "year_now": "2026",
            "domain": f"{slug}.example",
            "price": rng.choice(("2", "3", "4")),
        }
        # Extraction of a template leaks the same 0-3 lines on (almost) every page.
        lines = rng.sample(BOILERPLATE, rng.choices((0, 1, 2, 3), (25, 35, 25, 15))[0])
        outlets.append(
            Outlet(
                name=name,
                home=home,
                domain=cast["domain"],
                boilerplate=tuple(expand(line, rng, cast) for line in lines),
                leak=0.9,
                american=rng.random() < 0.3,
                straight_quotes=rng.random() < 0.4,
                dash=rng.choice(("-", "—", "–")),
            )
        )
    return tuple(outlets)


# --- copy-editing ------------------------------------------------------------------------------
SPELLING: tuple[tuple[str, str], ...] = (
    ("programmes", "programs"),
    ("programme", "program"),
    ("organisation", "organization"),
    ("organised", "organized"),
    ("organising", "organizing"),
    ("centre", "center"),
    ("labour", "labor"),
    ("neighbouring", "neighboring"),
    ("kilometres", "kilometers"),
    ("millimetres", "millimeters"),
    ("metres", "meters"),
    ("criticised", "criticized"),
    ("travelled", "traveled"),
    ("travellers", "travelers"),
    ("cancelled", "canceled"),
    ("sceptics", "skeptics"),
    ("licence", "license"),
    ("enquiries", "inquiries"),
    ("harbour", "harbor"),
    ("councillors", "council members"),
)
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("about", ("around", "some")),
    ("around", ("about",)),
    ("roughly", ("about", "around")),
    ("nearly", ("almost",)),
    ("almost", ("nearly",)),
    ("more than", ("over",)),
    ("told reporters", ("said",)),
    ("said in a statement", ("said",)),
    ("several", ("a number of", "some")),
    ("spokesperson", ("spokesman", "spokeswoman")),
    ("also", ("",)),
    ("still", ("",)),
    ("residents", ("locals", "inhabitants")),
    ("would not", ("wouldn't",)),
    ("was not", ("wasn't",)),
    ("did not", ("didn't",)),
    ("do not", ("don't",)),
)
_WEEKDAY_ON = re.compile(r"\bon (" + "|".join(WEEKDAYS) + r")\b")
_PER_CENT = re.compile(r"\b(\d+(?:\.\d)?) per cent\b")
_THOUSANDS = re.compile(r"\b(\d{1,3}),(\d{3})\b")
_MILLION_EUROS = re.compile(r"\b(\d+(?:\.\d)?) million euros\b")
_NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}
_SMALL_NUMBER = re.compile(r"\b(two|three|four|five|six)\b")


class _Site(NamedTuple):
    start: int
    end: int
    replacement: str
    kind: str  # spelling, synonym, number, weekday


def _edit_sites(text: str, rng: random.Random) -> list[_Site]:
    """Every place in the text where a copy editor could make one light edit."""
    sites: list[_Site] = []
    for british, american in SPELLING:
        for m in re.finditer(rf"\b{british}\b", text, flags=re.IGNORECASE):
            word = m.group(0)
            new = american.capitalize() if word[:1].isupper() else american
            sites.append(_Site(m.start(), m.end(), new, "spelling"))
    for phrase, options in SYNONYMS:
        for m in re.finditer(rf"\b{phrase}\b", text):
            sites.append(_Site(m.start(), m.end(), rng.choice(options), "synonym"))
    for m in _WEEKDAY_ON.finditer(text):
        sites.append(_Site(m.start(), m.end(), m.group(1), "weekday"))
    for m in _PER_CENT.finditer(text):
        new = rng.choice((f"{m.group(1)}%", f"{m.group(1)} percent"))
        sites.append(_Site(m.start(), m.end(), new, "number"))
    for m in _THOUSANDS.finditer(text):
        sites.append(_Site(m.start(), m.end(), m.group(1) + m.group(2), "number"))
    for m in _MILLION_EUROS.finditer(text):
        new = rng.choice((f"€{m.group(1)} million", f"{m.group(1)}m euros", f"EUR {m.group(1)}m"))
        sites.append(_Site(m.start(), m.end(), new, "number"))
    for m in _SMALL_NUMBER.finditer(text):
        sites.append(_Site(m.start(), m.end(), _NUMBER_WORDS[m.group(1)], "number"))
    sites.sort()
    kept: list[_Site] = []
    for site in sites:  # no overlaps: the first site at a position wins
        if not kept or site.start >= kept[-1].end:
            kept.append(site)
    return kept


def _changed_words(old: str, new: str) -> int:
    before, after = re.findall(r"\w+", old), re.findall(r"\w+", new)
    return max(len(before), len(after)) if before != after else 0


def copy_edit(
    paragraphs: list[str], rate: float, american: bool, rng: random.Random
) -> tuple[list[str], int, Counter[str]]:
    """Light copy-editing of about ``rate`` of the words (all British spellings if ``american``).

    Returns the edited paragraphs, the number of words changed and the edits by kind.
    """
    out, changed, kinds = [], 0, Counter[str]()
    total = sum(words_of(p) for p in paragraphs)
    budget = rate * total
    sites_by_para = [_edit_sites(p, rng) for p in paragraphs]
    chosen: set[tuple[int, int]] = set()
    order = [(k, s) for k, sites in enumerate(sites_by_para) for s in range(len(sites))]
    rng.shuffle(order)
    spent = 0
    for k, s in order:
        site = sites_by_para[k][s]
        if american and site.kind == "spelling":
            chosen.add((k, s))
            continue
        if spent >= budget:
            continue
        chosen.add((k, s))
        spent += max(1, _changed_words(paragraphs[k][site.start : site.end], site.replacement))
    for k, paragraph in enumerate(paragraphs):
        text = paragraph
        for s in range(len(sites_by_para[k]) - 1, -1, -1):
            if (k, s) not in chosen:
                continue
            site = sites_by_para[k][s]
            changed += _changed_words(text[site.start : site.end], site.replacement)
            kinds[site.kind] += 1
            text = text[: site.start] + site.replacement + text[site.end :]
        out.append(re.sub(r"\s{2,}", " ", text).replace(" ,", ",").strip())
    return out, changed, kinds


def straighten_quotes(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("’", "'")


# --- the corpus --------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Text:
    """One extracted article text and its ground truth.

    ``story`` is the true story id (copies share their original's). ``kind`` is ``original``
    or ``copy``; ``story_kind`` says what the story is: ``wire`` (a base story), ``same_topic``
    (a different story on the base's topic, same names sometimes, same outlet boilerplate),
    ``follow_up`` (the day-2 story of the same series, one background paragraph reused),
    ``brief`` (a short item of an outlet that also carries the base story), ``roundup`` (a
    briefing with paragraphs of two or three wire stories: a story of its own, linked to
    neither), ``shared_background`` (another story of an outlet that carries the base story,
    with the outlet's background box and disclaimers) or ``same_event`` (the same event, same
    day, same cast and numbers, other sentences). ``kind`` is ``original``, ``copy`` or
    ``update`` (a wire revision that prepends paragraphs to the previous version); ``variant``
    marks the hard copies: ``short``, ``rewritten_lead``, ``update``. ``kept`` is the share of
    the original's body words the text keeps (1.0 for an original or an update).
    """

    text_id: str
    story: str
    base: int  # the base story this text belongs to or is a hard negative of
    kind: str
    story_kind: str
    outlet: str
    minute: float  # publication time, minutes after the corpus start
    kept: float
    paragraphs_kept: int
    paragraphs_original: int
    edited_words: int  # words changed by copy-editing
    edits: tuple[str, ...]
    text: str
    variant: str = ""  # a copy variant: short, rewritten_lead, update ("" for a plain copy)
    split: str = "dev"  # dev or test, by base story (split_of)


@dataclasses.dataclass
class _Story:
    story: str
    topic: str
    cast: dict[str, str]
    headline_index: int
    paragraphs: list[str]
    agency: str
    outlet: Outlet | None  # None for a wire story (published by the agency itself)


STORY_KINDS = {
    "": "wire",
    "t": "same_topic",
    "f": "follow_up",
    "r": "brief",
    "g": "roundup",
    "s": "shared_background",
    "e": "same_event",
}
"""Story id suffix (``b<i>-<suffix>``) → story kind."""
VARIANTS = ("short", "rewritten_lead", "update")


def short_prefix(paragraphs: Sequence[str], target: float) -> list[str] | None:
    """The first paragraphs up to the sentence end nearest ``target`` (a share of the words),
    if that prefix keeps 30-40% of the words; the last paragraph may end early."""
    total = sum(words_of(p) for p in paragraphs)
    best: tuple[float, list[str]] | None = None
    done: list[str] = []
    for paragraph in paragraphs:
        sentences = sentences_of(paragraph)
        for m in range(1, len(sentences) + 1):
            prefix = [*done, " ".join(sentences[:m])]
            share = sum(words_of(p) for p in prefix) / total
            if 0.3 <= share <= 0.4 and (best is None or abs(share - target) < best[0]):
                best = (abs(share - target), prefix)
        done.append(paragraph)
        if sum(words_of(p) for p in done) / total > 0.4:
            break
    return best[1] if best else None


def _poisson(rng: random.Random, mean: float, cap: int) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return min(k, cap)
        k += 1


class SyndicationCorpus:
    """A seeded corpus of wire stories, their syndicated copies and hard negatives.

    Args:
        bases: Number of base (wire) stories.
        seed: Everything is a function of the seed; base story i depends only on (seed, i), so
            a small corpus is a prefix of a larger one.
        copies_mean: Mean number of copies of a base story (Poisson, at most ``max_copies``).
        cut_share: Share of copies that cut their last paragraphs; the kept share is then
            drawn in ``[min_keep, 1]`` (the nearest paragraph boundary is used).
        same_topic_share / follow_up_share / brief_share: Chance, per base story, of a hard
            negative of that kind.
        original_missing_share: Chance that the wire original itself is not in the corpus
            (only its copies are).
        early_copy_share: Chance that the original is crawled after some of its copies.
        max_edit_rate: Copy-editing changes up to this share of a copy's words.
        outlets: Number of outlets publishing copies.
        short_share / rewritten_lead_share: Share of copies that are short versions (the first
            paragraphs, 30–40% of the words) or have a newly written headline and lead.
        update_share: Chance, per wire story, of an UPDATE chain (1..``max_updates`` revisions
            by the wire, each prepending 1–2 paragraphs to the previous version).
        roundup_share: Chance, per base story, of a roundup with paragraphs of this and one or
            two other wire stories of the same split (a story of its own).
        shared_background_share: Chance, per base story with a copy, that the first outlet
            carrying it also runs a story of its own on the topic, and both carry that outlet's
            background box for the topic and its disclaimers.
        same_event_share: Chance, per base story, of another story on the same event (same
            cast and numbers, other sentences) by another outlet or the wire, hours later.
        split: ``dev``, ``test`` or ``both``: only the base stories of that split (and their
            copies and negatives) are generated (``split_of``).
    """

    def __init__(
        self,
        bases: int = 2000,
        seed: int = 0,
        *,
        copies_mean: float = 3.0,
        max_copies: int = 10,
        cut_share: float = 0.6,
        min_keep: float = 0.3,
        same_topic_share: float = 0.3,
        follow_up_share: float = 0.2,
        brief_share: float = 0.15,
        original_missing_share: float = 0.1,
        early_copy_share: float = 0.1,
        max_edit_rate: float = 0.05,
        outlets: int = 40,
        short_share: float = 0.15,
        rewritten_lead_share: float = 0.15,
        update_share: float = 0.2,
        max_updates: int = 3,
        roundup_share: float = 0.05,
        shared_background_share: float = 0.15,
        same_event_share: float = 0.15,
        split: str = "both",
    ) -> None:
        if bases < 1:
            raise ValueError("bases must be at least 1")
        if not 0 < min_keep <= 1:
            raise ValueError("min_keep must be in (0, 1]")
        if split not in SPLITS:
            raise ValueError(f"split must be one of {', '.join(SPLITS)}")
        if short_share + rewritten_lead_share > 1:
            raise ValueError("short_share + rewritten_lead_share must be at most 1")
        self.bases = bases
        self.seed = seed
        self.copies_mean = copies_mean
        self.max_copies = max_copies
        self.cut_share = cut_share
        self.min_keep = min_keep
        self.same_topic_share = same_topic_share
        self.follow_up_share = follow_up_share
        self.brief_share = brief_share
        self.original_missing_share = original_missing_share
        self.early_copy_share = early_copy_share
        self.max_edit_rate = max_edit_rate
        self.short_share = short_share
        self.rewritten_lead_share = rewritten_lead_share
        self.update_share = update_share
        self.max_updates = max_updates
        self.roundup_share = roundup_share
        self.shared_background_share = shared_background_share
        self.same_event_share = same_event_share
        self.split = split
        self.outlets = make_outlets(outlets, seed)
        self.bodies: dict[str, tuple[str, ...]] = {}
        """Each story's body paragraphs as written, before any outlet's edits."""
        self.topics: dict[str, str] = {}
        self.versions: dict[str, tuple[str, ...]] = {}
        """The body paragraphs of each UPDATE text (by text id), before dateline and edits."""
        self.roundup_parts: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        """Per roundup story: (source story, the paragraphs taken from it), in order."""
        self.backgrounds: dict[tuple[str, str], str] = {}
        """(outlet, topic) → that outlet's background box for the topic."""
        self._wires: dict[int, _Story] = {}
        texts: list[Text] = []
        for i in range(bases):
            if split == "both" or split_of(seed, i) == split:
                texts.extend(self._base(i))
        texts.sort(key=lambda t: (t.minute, t.text_id))
        self.texts: tuple[Text, ...] = tuple(texts)

    def __len__(self) -> int:
        return len(self.texts)

    def __iter__(self) -> Iterator[Text]:
        return iter(self.texts)

    # stories ------------------------------------------------------------------------------
    def _rng(self, *parts: object) -> random.Random:
        # A str seed is hashed with SHA-512: the same stream in every process and Python run.
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def _cast(self, rng: random.Random, topic: str) -> dict[str, str]:
        lex = lexicon("en")
        places = list(lex.items("places")) + [h + t for h in PLACE_HEADS for t in PLACE_TAILS]
        regions = list(lex.items("regions")) + [
            form.format(h=h) for form in REGION_FORMS for h in PLACE_HEADS
        ]
        people = list(lex.items("people")) + [f"{f} {s}" for f in FIRST_NAMES for s in SURNAMES]
        companies = list(lex.items("companies")) + [
            f"{h} {t}" for h in COMPANY_HEADS for t in COMPANY_TAILS
        ]
        institutions = list(lex.items("institutions")) + list(EXTRA_INSTITUTIONS)
        place, place2, place3 = rng.sample(places, 3)
        person1, person2, person3, person4 = rng.sample(people, 4)
        team_places = rng.sample(places, 2)
        teams = [f"{p} {rng.choice(TEAM_TAILS)}" for p in team_places]
        day = rng.randrange(7)
        month = rng.randrange(12)
        score2 = rng.randint(0, 2)
        inst = rng.choice(institutions)
        company, company2 = rng.sample(companies, 2)
        cast = {
            "place": place,
            "place2": place2,
            "place3": place3,
            "region": rng.choice(regions),
            "river": rng.choice(lex.items("rivers")),
            "person1": person1,
            "person2": person2,
            "person3": person3,
            "person4": person4,
            "surname1": person1.split()[-1],
            "surname2": person2.split()[-1],
            "surname3": person3.split()[-1],
            "inst": inst,
            "inst_lower": inst[0].lower() + inst[1:] if inst.startswith("The ") else inst,
            "company": company,
            "company2": company2,
            "team": teams[0],
            "team2": teams[1],
            "venue": f"the {rng.choice(('Mill Lane', 'Harbour Road', 'Castle Park'))} ground",
            "street": rng.choice(STREETS),
            "when": f"on {WEEKDAYS[day]}",
            "when2": f"on {WEEKDAYS[(day + 1) % 7]}",
            "weekday2": WEEKDAYS[(day + 2) % 7],
            "month": MONTHS[month],
            "month_past": MONTHS[(month - rng.randint(2, 6)) % 12],
            "month_next": MONTHS[(month + rng.randint(1, 5)) % 12],
            "n": str(rng.randint(3, 9)),
            "n2": str(rng.randint(21, 64)),
            "n3": str(rng.randint(5, 20)),
            "n4": str(rng.randint(1, 6)),
            "nth": rng.choice(("third", "fourth", "fifth", "sixth")),
            "count": f"{rng.randint(1200, 24000):,}",
            "count2": f"{rng.randint(150, 9800):,}",
            "amount": str(rng.randint(12, 940)),
            "amount2": str(rng.randint(12, 940)),
            "amount3": f"{rng.randint(10, 300) / 10:.1f}",
            "pct": f"{rng.randint(11, 89) / 10:.1f}",
            "pct2": f"{rng.randint(11, 89) / 10:.1f}",
            "pct3": f"{rng.randint(31, 99) / 10:.1f}",
            "temp": str(rng.randint(31, 41)),
            "low": f"minus {rng.randint(2, 9)}",
            "mm": str(rng.randint(40, 160)),
            "level": f"{rng.randint(30, 75) / 10:.1f}",
            "score1": str(score2 + rng.randint(1, 3)),
            "score2": str(score2),
            "minute": str(rng.randint(52, 89)),
            "min1": str(rng.randint(55, 95)),
            "min2": str(rng.randint(25, 50)),
            "decade": rng.choice(("1980s", "1990s", "2000s")),
            "year": str(rng.randint(2027, 2031)),
            "year_past": str(rng.randint(2012, 2024)),
            "year_past2": str(rng.randint(1881, 1979)),
        }
        data = TOPICS[topic]
        cast["role1"], cast["role2"] = (
            _SLOT.sub(lambda m: cast[m.group(1)], role) for role in rng.sample(data.roles, 2)
        )
        issue, head = rng.choice(data.issues)
        cast["issue"] = _SLOT.sub(lambda m: cast[m.group(1)], issue)
        cast["head"] = _SLOT.sub(lambda m: cast[m.group(1)], head)
        cast["Head"] = cast["head"][:1].upper() + cast["head"][1:]
        return cast

    def _compose(
        self,
        rng: random.Random,
        topic: str,
        cast: dict[str, str],
        *,
        paragraphs: tuple[int, int] = (5, 10),
        follow_up: bool = False,
        avoid: frozenset[str] = frozenset(),
    ) -> list[str]:
        """Paragraphs of 1–3 sentences: a lead, then topic, general and quoted sentences.

        With ``avoid``, a sentence in it is drawn again (up to ten times, then left out), so the
        text shares no sentence with the story the set comes from.
        """
        data = TOPICS[topic]
        if avoid:
            return self._compose_avoiding(rng, topic, cast, paragraphs, avoid)
        lead = rng.choice(data.follow_leads if follow_up else data.leads)
        body = list(data.body)
        if follow_up:
            body = list(data.follow_body) + rng.sample(body, len(body) // 2)
        pool = (
            body + rng.sample(GENERAL, rng.randint(7, 11)) + rng.sample(QUOTES, rng.randint(2, 3))
        )
        rng.shuffle(pool)
        wanted = rng.randint(*paragraphs)
        out = [expand(lead, rng, cast)]
        if rng.random() < 0.3 and pool:
            out[0] += " " + expand(pool.pop(), rng, cast)
        while len(out) < wanted and pool:
            size = rng.choice((1, 2, 2, 3, 3, 3))
            out.append(
                " ".join(expand(pool.pop(), rng, cast) for _ in range(min(size, len(pool))))
            )
        return out

    def _compose_avoiding(
        self,
        rng: random.Random,
        topic: str,
        cast: dict[str, str],
        paragraphs: tuple[int, int],
        avoid: frozenset[str],
    ) -> list[str]:
        data = TOPICS[topic]

        def fill(template: str) -> str | None:
            for _ in range(10):
                text = expand(template, rng, cast)
                if not avoid.intersection(sentences_of(text)):
                    return text
            return None

        leads = list(data.leads)
        rng.shuffle(leads)
        lead = next((text for text in map(fill, leads) if text is not None), None)
        pool = (
            list(data.body)
            + rng.sample(GENERAL, rng.randint(7, 11))
            + rng.sample(QUOTES, rng.randint(2, 3))
        )
        rng.shuffle(pool)
        sentences = [text for text in map(fill, pool) if text is not None]
        wanted = rng.randint(*paragraphs)
        out = [lead if lead is not None else sentences.pop()]
        while len(out) < wanted and sentences:
            size = min(rng.choice((1, 2, 2, 3, 3, 3)), len(sentences))
            out.append(" ".join(sentences.pop() for _ in range(size)))
        return out

    def _headline(self, rng: random.Random, story: _Story, avoid: int | None = None) -> str:
        options = TOPICS[story.topic].headlines
        choice = rng.randrange(len(options))
        if avoid is not None and choice == avoid:
            choice = (choice + 1 + rng.randrange(len(options) - 1)) % len(options)
        return expand(options[choice], rng, story.cast)

    def _dateline(self, rng: random.Random, agency: str, cast: dict[str, str], dash: str) -> str:
        place = cast["place"].upper()
        month = MONTHS[rng.randrange(12)]
        day = rng.randint(1, 28)
        forms = {
            "Reuters": (f"{place} (Reuters) - ", f"{place}, {month[:3]} {day} (Reuters) - "),
            "AP": (f"{place} (AP) — ", f"{place}, {month[:3]}. {day} (AP) — "),
            "AFP": (f"{place} (AFP) - ", f"{cast['place']}, {day} {month} (AFP) – ", "AFP — "),
        }[agency]
        if rng.random() < 0.15:
            return f"{place} {dash} "
        return rng.choice(forms)

    def _byline_top(self, rng: random.Random, agency: str) -> str:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        return rng.choice((f"By {name}", f"By {name}, {AGENCY_CREDITS[agency]}", f"By {name} |"))

    def _byline_end(self, rng: random.Random, cast: dict[str, str]) -> str:
        a, b, c = (f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}" for _ in range(3))
        return rng.choice(
            (
                f"Reporting by {a}; Editing by {b}",
                f"Reporting by {a} in {cast['place']}; Additional reporting by {b}; "
                f"Editing by {c}",
                f"{a} contributed to this report.",
            )
        )

    def _wire(self, i: int) -> tuple[_Story, random.Random]:
        """Base story i as the wire writes it, and its random stream (a function of (seed, i):
        a roundup regenerates the other stories it quotes this way)."""
        rng = self._rng("base", i)
        topic = rng.choice(tuple(TOPICS))
        cast = self._cast(rng, topic)
        agency = rng.choice(AGENCIES)
        headline_index = rng.randrange(len(TOPICS[topic].headlines))
        story = _Story(f"b{i}", topic, cast, headline_index, [], agency, None)
        story.paragraphs = self._compose(rng, topic, cast)
        return story, rng

    def _wire_story(self, i: int) -> _Story:
        if i not in self._wires:
            if len(self._wires) > 256:
                self._wires.clear()
            self._wires[i] = self._wire(i)[0]
        return self._wires[i]

    def _base(self, i: int) -> list[Text]:
        story, rng = self._wire(i)
        topic, cast, agency = story.topic, story.cast, story.agency
        start = i * 6.0 + rng.uniform(0, 5)
        n_copies = _poisson(rng, self.copies_mean, self.max_copies)
        outlets = rng.sample(self.outlets, min(n_copies + 2, len(self.outlets)))
        # Decided on streams of their own, so that the older kinds keep their texts.
        series = n_copies > 0 and self._rng("series", i).random() < self.shared_background_share
        box = self._background(outlets[0], topic) if series else None
        texts = self._publish(story, i, start, n_copies, outlets[:n_copies], rng, box=box)
        if self._rng("update", i).random() < self.update_share:
            texts += self._updates(story, i, start, self._rng("update", i, "chain"))
        if self._rng("same_event", i).random() < self.same_event_share:
            texts += self._same_event(story, i, start, outlets[:n_copies])
        if series:
            texts += self._series(story, i, start, outlets[0])
        if self._rng("roundup", i).random() < self.roundup_share:
            texts += self._roundup(story, i, start)

        if rng.random() < self.same_topic_share:  # another story on the same topic
            srng = self._rng("same_topic", i)
            scast = self._cast(srng, topic)
            for keys in (("place",), ("person1", "surname1"), ("region",), ("company",)):
                if srng.random() < 0.4:
                    scast.update({key: cast[key] for key in keys})
            if srng.random() < 0.4:
                scast.update({key: cast[key] for key in ("issue", "head", "Head", "team")})
            outlet = outlets[0] if n_copies else srng.choice(self.outlets)
            sibling = _Story(f"b{i}-t", topic, scast, srng.randrange(5), [], agency, outlet)
            sibling.paragraphs = self._compose(srng, topic, scast)
            k = _poisson(srng, 1.0, 4)
            texts += self._publish(
                sibling, i, start + srng.uniform(-240, 240), k, srng.sample(self.outlets, k), srng
            )
        if rng.random() < self.follow_up_share:  # day 2 of the same series
            frng = self._rng("follow_up", i)
            fcast = dict(cast)
            fcast.update(
                {
                    k: v
                    for k, v in self._cast(frng, topic).items()
                    if k.startswith(("amount", "count", "pct", "n", "person3", "person4"))
                }
            )
            fcast["surname3"] = fcast["person3"].split()[-1]
            follow = _Story(f"b{i}-f", topic, fcast, frng.randrange(5), [], agency, None)
            follow.paragraphs = self._compose(
                frng, topic, fcast, paragraphs=(4, 8), follow_up=True
            )
            background = frng.choice(story.paragraphs[1:] or story.paragraphs)
            at = frng.randint(2, max(2, len(follow.paragraphs)))
            follow.paragraphs.insert(at, background)
            k = _poisson(frng, 1.5, 6)
            texts += self._publish(
                follow, i, start + 1440 + frng.uniform(0, 600), k, frng.sample(self.outlets, k),
                frng,
            )  # fmt: skip
        if rng.random() < self.brief_share:  # short items of an outlet carrying the story
            brng = self._rng("brief", i)
            outlet = outlets[0] if n_copies else brng.choice(self.outlets)
            btopic = brng.choice(tuple(TOPICS))
            bcast = self._cast(brng, btopic)
            brief = _Story(f"b{i}-r", btopic, bcast, brng.randrange(5), [], agency, outlet)
            brief.paragraphs = self._compose(brng, btopic, bcast, paragraphs=(1, 2))
            texts += self._publish(brief, i, start + brng.uniform(0, 600), 0, [], brng)
        split = split_of(self.seed, i)
        return [dataclasses.replace(t, split=split) for t in texts]

    # publication ------------------------------------------------------------------------------
    def _publish(
        self,
        story: _Story,
        base: int,
        start: float,
        n_copies: int,
        outlets: Sequence[Outlet],
        rng: random.Random,
        *,
        box: str | None = None,
    ) -> list[Text]:
        """The story's original (unless missing) and its copies, with their publication times
        (with ``box``, the first copy carries that background box of its outlet)."""
        texts = []
        self.bodies[story.story] = tuple(story.paragraphs)
        self.topics[story.story] = story.topic
        story_kind = STORY_KINDS[story.story.partition("-")[2]]
        original_missing = story_kind == "wire" and rng.random() < self.original_missing_share
        delay = rng.uniform(60, 600) if rng.random() < self.early_copy_share else 0.0
        if not original_missing:
            texts.append(self._original(story, base, start + delay, story_kind, rng))
        for k, outlet in enumerate(outlets[:n_copies]):
            minute = start + min(4320.0, rng.lognormvariate(math.log(90), 1.0))
            texts.append(
                self._copy(
                    story, base, k, outlet, minute, story_kind, rng, box=box if k == 0 else None
                )
            )
        return texts

    def _original(
        self, story: _Story, base: int, minute: float, story_kind: str, rng: random.Random
    ) -> Text:
        lines: list[str] = []
        edits = []
        if rng.random() < 0.85:
            lines.append(
                expand(TOPICS[story.topic].headlines[story.headline_index], rng, story.cast)
            )
            edits.append("headline")
        paragraphs = list(story.paragraphs)
        if story.outlet is None and rng.random() < 0.7:
            paragraphs[0] = self._dateline(rng, story.agency, story.cast, "-") + paragraphs[0]
            edits.append("dateline")
        lines += paragraphs
        if story.outlet is None and rng.random() < 0.4:
            lines.append(self._byline_end(rng, story.cast))
            edits.append("byline")
        if story.outlet is not None:
            board = [line for line in story.outlet.boilerplate if rng.random() < story.outlet.leak]
            if story_kind == "brief" and rng.random() < 0.5:
                board.insert(0, "Read more: " + self._other_headline(rng))
            if story_kind == "shared_background":
                board[:0] = self._disclaimer_lines(story.outlet, rng)
                edits.append("disclaimer")
            if board:
                lines += board
                edits.append("boilerplate")
            if story.outlet.straight_quotes:
                lines = [straighten_quotes(line) for line in lines]
        return Text(
            text_id=f"{story.story}/o",
            story=story.story,
            base=base,
            kind="original",
            story_kind=story_kind,
            outlet=story.outlet.name if story.outlet else story.agency,
            minute=round(minute, 3),
            kept=1.0,
            paragraphs_kept=len(story.paragraphs),
            paragraphs_original=len(story.paragraphs),
            edited_words=0,
            edits=tuple(edits),
            text="\n".join(lines),
        )

    def _other_headline(self, rng: random.Random) -> str:
        topic = rng.choice(tuple(TOPICS))
        cast = self._cast(rng, topic)
        return expand(rng.choice(TOPICS[topic].headlines), rng, cast)

    def _copy(
        self,
        story: _Story,
        base: int,
        k: int,
        outlet: Outlet,
        minute: float,
        story_kind: str,
        rng: random.Random,
        box: str | None = None,
    ) -> Text:
        edits: list[str] = []
        original = story.paragraphs
        # The hard variants are drawn on a stream of their own (a copy carrying a background
        # box stays plain, so that the box is what it shares with its outlet's other story).
        vrng = self._rng("variant", story.story, k)
        draw = vrng.random()
        variant = ""
        if box is None and draw < self.short_share:
            variant = "short"
        elif box is None and draw < self.short_share + self.rewritten_lead_share:
            variant = "rewritten_lead"
        words = [words_of(p) for p in original]
        total = sum(words)
        # Cut the last paragraphs: keep the prefix whose share is nearest the drawn target.
        count = len(original)
        if rng.random() < self.cut_share and len(original) > 1:
            target = rng.uniform(self.min_keep, 1.0)
            shares = [sum(words[: m + 1]) / total for m in range(len(original))]
            count = 1 + min(range(len(original)), key=lambda m: abs(shares[m] - target))
            if count < len(original):
                edits.append("cut")
        paragraphs = list(original[:count])
        kept = sum(words[:count]) / total
        if variant == "short":  # the first paragraphs only, 30-40% of the words
            short = short_prefix(original, vrng.uniform(0.3, 0.4))
            if short is None:
                variant = ""
            else:
                paragraphs = short
                count = len(short)
                kept = sum(words_of(p) for p in short) / total
                edits = [e for e in edits if e != "cut"] + ["short"]
        elif variant == "rewritten_lead":  # a new lead (same cast), the rest kept
            if len(original) < 3:
                variant = ""
            else:
                count = max(count, 2)
                paragraphs = [self._new_lead(story, vrng), *original[1:count]]
                kept = sum(words[1:count]) / total
                edits = [e for e in edits if e != "cut" or count < len(original)]
                edits.append("rewritten_lead")
        # Reorder a few paragraphs (never the lead).
        if len(paragraphs) >= 4 and rng.random() < 0.3 and variant != "short":
            for _ in range(rng.randint(1, 2)):
                a = rng.randrange(1, len(paragraphs))
                b = rng.randrange(1, len(paragraphs))
                paragraphs.insert(b, paragraphs.pop(a))
            if paragraphs[1:] != list(original[1:count]):
                edits.append("reorder")
        # Light copy-editing; an American outlet converts every British spelling.
        rate = rng.uniform(0.0, self.max_edit_rate)
        paragraphs, changed, _ = copy_edit(paragraphs, rate, outlet.american, rng)
        if changed:
            edits.append("copy_edit")
        # A dateline on the first paragraph.
        if rng.random() < 0.7:
            paragraphs[0] = (
                self._dateline(rng, story.agency, story.cast, outlet.dash) + paragraphs[0]
            )
            edits.append("dateline")
        # A paragraph of local context.
        if rng.random() < 0.35 and variant != "short":
            local = dict(story.cast)
            local.update(
                local=outlet.home,
                paper=outlet.name.removeprefix("The "),
                street_local=rng.choice(STREETS),
                local_amount=str(rng.randint(20, 900)),
            )
            sentences = rng.sample(LOCAL, rng.randint(2, 3))
            at = rng.randint(min(2, len(paragraphs)), len(paragraphs))
            paragraphs.insert(at, " ".join(expand(s, rng, local) for s in sentences))
            edits.append("local_context")
        if rng.random() < 0.25 and len(paragraphs) >= 3 and variant != "short":
            at = rng.randint(2, len(paragraphs) - 1)
            paragraphs.insert(at, "Read more: " + self._other_headline(rng))
            edits.append("read_more")
        if box is not None:  # the outlet's background box for the topic, verbatim
            paragraphs.insert(rng.randint(min(2, len(paragraphs)), len(paragraphs)), box)
            edits.append("background_box")
        lines: list[str] = []
        if rng.random() < 0.85:
            lines.append(self._headline(rng, story, avoid=story.headline_index))
            edits.append("headline")
        if variant == "rewritten_lead":  # always a headline of its own
            headline = self._headline(vrng, story, avoid=story.headline_index)
            lines[:1] = [headline] if lines else []
            if not lines:
                lines.append(headline)
                edits.append("headline")
        if rng.random() < 0.3:
            lines.append(self._byline_top(rng, story.agency))
            edits.append("byline")
        lines += paragraphs
        if rng.random() < 0.3:
            lines.append(self._byline_end(rng, story.cast))
            edits.append("byline")
        if box is not None:
            lines += self._disclaimer_lines(outlet, vrng)
            edits.append("disclaimer")
        board = [line for line in outlet.boilerplate if rng.random() < outlet.leak]
        if board:
            lines += board
            edits.append("boilerplate")
        if outlet.straight_quotes:
            lines = [straighten_quotes(line) for line in lines]
        return Text(
            text_id=f"{story.story}/c{k}",
            story=story.story,
            base=base,
            kind="copy",
            story_kind=story_kind,
            outlet=outlet.name,
            minute=round(minute, 3),
            kept=round(kept, 4),
            paragraphs_kept=count,
            paragraphs_original=len(original),
            edited_words=changed,
            edits=tuple(dict.fromkeys(edits)),
            text="\n".join(lines),
            variant=variant,
        )

    # the harder kinds ----------------------------------------------------------------------
    def _new_lead(self, story: _Story, rng: random.Random) -> str:
        """A lead newly written on the story's cast, sharing no sentence with the original."""
        avoid = frozenset(s for p in story.paragraphs for s in sentences_of(p))
        data = TOPICS[story.topic]
        leads = list(data.leads)
        rng.shuffle(leads)
        for template in leads * 3:
            text = expand(template, rng, story.cast)
            if not avoid.intersection(sentences_of(text)):
                return text
        return expand(rng.choice(GENERAL), rng, story.cast)

    def _disclaimers(self, outlet: Outlet) -> tuple[str, ...]:
        """An outlet's standard disclaimers (2-3, fixed text per outlet)."""
        rng = self._rng("disclaimers", outlet.name)
        cast = {
            "outlet": outlet.name,
            "domain": outlet.domain,
            "price": rng.choice(("2", "3", "4")),
        }
        lines = rng.sample(DISCLAIMERS, rng.randint(2, 3))
        return tuple(expand(line, rng, cast) for line in lines)

    def _disclaimer_lines(self, outlet: Outlet, rng: random.Random) -> list[str]:
        lines = [line for line in self._disclaimers(outlet) if rng.random() < 0.8]
        return lines or list(self._disclaimers(outlet)[:1])

    def _background(self, outlet: Outlet, topic: str) -> str:
        """The outlet's "Background: …" box for a topic, 60-120 words, the same on every page
        of that outlet about the topic."""
        key = (outlet.name, topic)
        if key not in self.backgrounds:
            rng = self._rng("background", outlet.name, topic)
            cast = self._cast(rng, topic)
            pool = list(TOPICS[topic].body) + list(GENERAL)
            rng.shuffle(pool)
            target = rng.randint(70, 110)
            sentences: list[str] = []
            words = 1  # "Background:"
            for template in pool:
                sentence = expand(template, rng, cast)
                if words + words_of(sentence) <= 120:
                    sentences.append(sentence)
                    words += words_of(sentence)
                if words >= target:
                    break
            box = "Background: " + " ".join(sentences)
            self.backgrounds[key] = straighten_quotes(box) if outlet.straight_quotes else box
        return self.backgrounds[key]

    def _series(self, story: _Story, base: int, start: float, outlet: Outlet) -> list[Text]:
        """Another story of ``outlet`` on the base story's topic with the same background box
        and disclaimers as the outlet's copy of the base story: a different story."""
        rng = self._rng("series", base, "story")
        cast = self._cast(rng, story.topic)
        other = _Story(f"b{base}-s", story.topic, cast, rng.randrange(5), [], story.agency, outlet)
        other.paragraphs = self._compose(rng, story.topic, cast)
        at = rng.randint(2, len(other.paragraphs))
        other.paragraphs.insert(at, self._background(outlet, story.topic))
        return self._publish(other, base, start + rng.uniform(-720, 720), 0, [], rng)

    def _same_event(
        self, story: _Story, base: int, start: float, carriers: Sequence[Outlet]
    ) -> list[Text]:
        """The same event, another angle: same cast and numbers, no sentence of the base
        story, published hours later by an outlet not carrying the base story, or the wire."""
        rng = self._rng("same_event", base, "story")
        others = [o for o in self.outlets if o not in carriers]
        outlet = rng.choice(others) if others and rng.random() < 0.5 else None
        headline = (story.headline_index + 1 + rng.randrange(4)) % 5
        other = _Story(
            f"b{base}-e", story.topic, dict(story.cast), headline, [], story.agency, outlet
        )
        avoid = frozenset(s for p in story.paragraphs for s in sentences_of(p))
        other.paragraphs = self._compose(
            rng, story.topic, other.cast, paragraphs=(4, 8), avoid=avoid
        )
        k = _poisson(rng, 1.0, 4)
        outlets = rng.sample(self.outlets, k)
        return self._publish(other, base, start + rng.uniform(20, 360), k, outlets, rng)

    def _updates(self, story: _Story, base: int, start: float, rng: random.Random) -> list[Text]:
        """An UPDATE chain: the wire republishes the story 1..max_updates times, each version
        prepending 1-2 new paragraphs (a note and/or a new lead) to the previous one."""
        texts = []
        previous = list(story.paragraphs)
        minute = start
        for version in range(1, rng.randint(1, self.max_updates) + 1):
            minute += rng.uniform(30, 240)
            new = [expand(rng.choice(UPDATE_LEADS), rng, story.cast)]
            if rng.random() < 0.5:
                extra = rng.sample((*GENERAL, *QUOTES), rng.randint(1, 2))
                new.append(" ".join(expand(t, rng, story.cast) for t in extra))
            body = new + previous
            text_id = f"{story.story}/u{version}"
            self.versions[text_id] = tuple(body)
            headline = expand(TOPICS[story.topic].headlines[story.headline_index], rng, story.cast)
            # The editor's note of this version only ("(Adds …)"), not carried into the next.
            note = (
                [expand(rng.choice(UPDATE_NOTES), rng, story.cast)] if rng.random() < 0.5 else []
            )
            lines = [f"UPDATE {version}-{headline}", *note, *body]
            edits = ["headline", "update"]
            if rng.random() < 0.7:
                first = 1 + len(note)
                lines[first] = self._dateline(rng, story.agency, story.cast, "-") + lines[first]
                edits.append("dateline")
            if rng.random() < 0.4:
                lines.append(self._byline_end(rng, story.cast))
                edits.append("byline")
            texts.append(
                Text(
                    text_id=text_id,
                    story=story.story,
                    base=base,
                    kind="update",
                    story_kind="wire",
                    outlet=story.agency,
                    minute=round(minute, 3),
                    kept=1.0,
                    paragraphs_kept=len(story.paragraphs),
                    paragraphs_original=len(story.paragraphs),
                    edited_words=0,
                    edits=tuple(edits),
                    text="\n".join(lines),
                    variant="update",
                )
            )
            previous = body
        return texts

    def _roundup(self, story: _Story, base: int, start: float) -> list[Text]:
        """A briefing quoting 1-3 first paragraphs each of this and one or two other wire
        stories of the same split, under its own title and intro line. It is a story of its
        own (see ``story_relation``)."""
        rng = self._rng("roundup", base, "story")
        split = split_of(self.seed, base)
        near = [
            j for j in range(max(0, base - 40), base + 41)
            if j != base and split_of(self.seed, j) == split
        ]  # fmt: skip
        earlier = [j for j in near if j < base]
        pool = earlier if len(earlier) >= 2 else near
        others = rng.sample(pool, 1 if rng.random() < 0.7 else 2)
        sources = [story, *(self._wire_story(j) for j in others)]
        rng.shuffle(sources)
        name = expand(rng.choice(ROUNDUP_NAMES), rng, story.cast)
        body = [expand(rng.choice(ROUNDUP_INTROS), rng, story.cast)]
        parts = []
        for source in sources:
            taken = tuple(source.paragraphs[: rng.randint(1, 3)])
            if rng.random() < 0.5:
                headlines = TOPICS[source.topic].headlines
                body.append(expand(headlines[source.headline_index], rng, source.cast))
            body += taken
            parts.append((source.story, taken))
        outlet = rng.choice(self.outlets) if rng.random() < 0.7 else None
        roundup = _Story(f"b{base}-g", story.topic, story.cast, 0, body, story.agency, outlet)
        self.bodies[roundup.story] = tuple(body)
        self.topics[roundup.story] = story.topic
        self.roundup_parts[roundup.story] = tuple(parts)
        lines = [f"{name}, {story.cast['when'].removeprefix('on ')}", *body]
        edits = ["headline"]
        if outlet is not None:
            board = [line for line in outlet.boilerplate if rng.random() < outlet.leak]
            if board:
                lines += board
                edits.append("boilerplate")
            if outlet.straight_quotes:
                lines = [straighten_quotes(line) for line in lines]
        return [
            Text(
                text_id=f"{roundup.story}/o",
                story=roundup.story,
                base=base,
                kind="original",
                story_kind="roundup",
                outlet=outlet.name if outlet else story.agency,
                minute=round(start + rng.uniform(60, 600), 3),
                kept=1.0,
                paragraphs_kept=len(body),
                paragraphs_original=len(body),
                edited_words=0,
                edits=tuple(edits),
                text="\n".join(lines),
            )
        ]

    # summaries --------------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        copies = [t for t in self.texts if t.kind == "copy"]
        kinds = Counter(t.story_kind for t in self.texts)
        stories = Counter(
            t.story_kind for t in {(t.story, t.story_kind): t for t in self}.values()
        )
        return {
            "bases": self.bases,
            "seed": self.seed,
            "texts": len(self.texts),
            "split": self.split,
            "originals": sum(1 for t in self.texts if t.kind == "original"),
            "copies": len(copies),
            "updates": sum(1 for t in self.texts if t.kind == "update"),
            "texts_by_variant": dict(Counter(t.variant for t in self.texts if t.variant)),
            "texts_by_split": dict(Counter(t.split for t in self.texts)),
            "stories": dict(stories),
            "texts_by_story_kind": dict(kinds),
            "outlets": len(self.outlets),
            "words_mean": round(statistics.fmean(words_of(t.text) for t in self.texts), 1),
            "copies_keeping_half": sum(1 for t in copies if t.kept >= 0.5),
            "copy_edits": dict(Counter(e for t in copies for e in t.edits).most_common()),
            "copy_edited_words_mean_share": round(
                statistics.fmean(t.edited_words / max(1, words_of(t.text)) for t in copies), 4
            )
            if copies
            else 0.0,
        }


def story_relation(a: str, b: str) -> str:
    """How two different true stories relate, in this order: ``brief`` (either is a short
    item sharing an outlet's template lines), ``roundup`` (either is a roundup: it quotes
    paragraphs of other wire stories, possibly of other bases, yet is a story of its own, so
    joining it to any of them is a false pair), ``shared_background`` (either is an outlet's
    story carrying its background box and disclaimers, which it shares with other stories of
    that outlet, of any base), then for two stories of one base ``follow_up`` / ``same_topic``
    / ``same_event`` (a hard negative of the other; two negatives of one base give both names
    joined by ``~``), else ``unrelated``. Story ids are ``b<i>`` for base story i and
    ``b<i>-t|f|r|g|s|e`` for its hard negatives (``STORY_KINDS``); others are ``unrelated``."""
    base_a, _, kind_a = a.partition("-")
    base_b, _, kind_b = b.partition("-")
    for suffix in ("r", "g", "s"):
        if suffix in (kind_a, kind_b):
            return STORY_KINDS[suffix]
    if base_a != base_b:
        return "unrelated"
    kinds = sorted(STORY_KINDS.get(kind, "unrelated") for kind in {kind_a, kind_b} - {""})
    return "~".join(kinds) if kinds else "unrelated"


def strip_template_lines(
    texts: Sequence[str], hosts: Sequence[str], min_seen: int = 2
) -> list[str]:
    """Drops lines already seen on ``min_seen`` earlier pages of the same host (a proposed
    pipeline step, measured here; not what the pipeline does today).

    Template text that survives extraction ("Sign up for …", "© Outlet 2026") repeats on every
    page of an outlet, while an outlet carries a given story once, so a line seen on two earlier
    pages of the same host is boilerplate. A text made only of such lines is kept whole.
    """
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    out = []
    for text, host in zip(texts, hosts, strict=True):
        lines = text.split("\n")
        counts = seen[host]
        kept = [line for line in lines if counts[line] < min_seen]
        counts.update(set(lines))
        out.append("\n".join(kept) if kept else text)
    return out


LEARNED_MIN_PAGES = 5
LEARNED_WINDOW_MINUTES = 60.0


def strip_learned_templates(
    texts: Sequence[str],
    hosts: Sequence[str],
    minutes: Sequence[float],
    min_pages: int = LEARNED_MIN_PAGES,
    window_minutes: float = LEARNED_WINDOW_MINUTES,
) -> list[str]:
    """Drops the lines a host carried on ``min_pages`` or more pages of *earlier windows*:
    what ``SignFn`` leaves out of a page's fingerprint with ``dedup.template_pages``.

    A run knows the pages of the windows before its own, through the lines the state store
    keeps per article (``StateStore.template_lines``). Five pages, not two, so that an UPDATE
    chain (up to four versions of one story on the wire's site) keeps its shared body. A text
    made only of such lines is kept whole.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    out = list(texts)
    window: int | None = None
    pending: list[int] = []
    for i in sorted(range(len(texts)), key=lambda i: minutes[i]):
        current = int(minutes[i] // window_minutes)
        if current != window:  # a new window sees the counts of every earlier one
            for j in pending:
                counts[hosts[j]].update(set(texts[j].split("\n")))
            pending, window = [], current
        seen = counts[hosts[i]]
        kept = [line for line in texts[i].split("\n") if seen[line] < min_pages]
        out[i] = "\n".join(kept) if kept else texts[i]
        pending.append(i)
    return out


# --- linking, exactly as the pipeline links texts -----------------------------------------------
@dataclasses.dataclass
class Fingerprints:
    """Signatures and band keys of texts in publication order, with their cost."""

    settings: NearDupSettings
    signatures: list[Signature]
    keys: list[list[int]]
    signature_s: float
    keys_s: float


def fingerprint(
    texts: Sequence[str],
    settings: NearDupSettings,
    signatures: list[Signature] | None = None,
    signature_s: float = 0.0,
) -> Fingerprints:
    """``signature()`` and ``text_keys()`` (band and lead keys) of every text (signatures may
    be reused)."""
    if signatures is None:
        started = time.perf_counter()
        signatures = [signature(text, settings) for text in texts]
        signature_s = time.perf_counter() - started
    started = time.perf_counter()
    keys = [text_keys(text, sig, settings) for text, sig in zip(texts, signatures, strict=True)]
    return Fingerprints(settings, signatures, keys, signature_s, time.perf_counter() - started)


class Scored(NamedTuple):
    """One candidate of a text: an earlier text's position, ``is_copy``'s score, the Jaccard
    estimate, the share of the later text found in the earlier one, and whether both texts are
    of one outlet (``is_copy``'s guards, so that they can be swept without recomputing)."""

    earlier: int
    score: float
    jaccard: float
    later_share: float = 1.0
    same_site: bool = False


@dataclasses.dataclass
class Candidates:
    """Per text, the earlier texts sharing a band key, each scored."""

    scored: list[list[Scored]]  # by position
    lookup_s: float
    verify_s: float
    largest_bucket: int

    def mean(self) -> float:
        return statistics.fmean(len(c) for c in self.scored) if self.scored else 0.0


def find_candidates(fp: Fingerprints, sites: Sequence[str] | None = None) -> Candidates:
    """In publication order: earlier texts sharing ≥ 1 band key, each verified with is_copy
    (``sites``: each text's outlet, for the same-site guard).

    The band index is an in-memory dict band key → positions (this measures the algorithm, not
    Beam). Every candidate is scored so that thresholds can be swept without recomputing; a
    pipeline may stop at the first match, so ``verify_s`` is an upper bound of its cost.
    """
    index: dict[int, list[int]] = {}
    scored: list[list[Scored]] = []
    lookup_s = verify_s = 0.0
    settings = fp.settings
    sigs = fp.signatures
    for i, keys in enumerate(fp.keys):
        started = time.perf_counter()
        found: set[int] = set()
        for key in keys:
            bucket = index.get(key)
            if bucket is None:
                index[key] = [i]
            else:
                found.update(bucket)
                bucket.append(i)
        middle = time.perf_counter()
        sig = sigs[i]
        scored.append([_scored(sig, sigs[j], j, sites, i, settings) for j in sorted(found)])
        ended = time.perf_counter()
        lookup_s += middle - started
        verify_s += ended - middle
    largest = max((len(b) for b in index.values()), default=0)
    return Candidates(scored, lookup_s, verify_s, largest)


def _scored(
    sig: Signature,
    other: Signature,
    j: int,
    sites: Sequence[str] | None,
    i: int,
    settings: NearDupSettings,
) -> Scored:
    same = sites is not None and sites[i] == sites[j]
    j_value = jaccard(sig, other)
    score = is_copy(sig, other, settings, same_site=same)[1]
    common = j_value * (sig.shingles + other.shingles) / (1.0 + j_value) if j_value else 0.0
    share = min(1.0, common / sig.shingles) if sig.shingles else 0.0
    return Scored(j, score, j_value, round(share, 4), same)


POLICIES = ("earliest", "best")


def link(
    scored: Sequence[Sequence[Scored]],
    threshold: float,
    policy: str = "earliest",
    jaccard_floor: float = 0.0,
    later_share: float = 0.0,
    site_jaccard: float = 0.0,
) -> list[int]:
    """The text each text joins (-1: none): the earliest earlier text it matches (``policy``
    "earliest", the pipeline's rule) or the best-scoring one ("best", for comparison). A match
    is ``is_copy``'s rule: ``score >= threshold``, ``later_share`` of the later text in the
    earlier one, ``jaccard >= site_jaccard`` for two texts of one outlet; and, with a floor,
    ``jaccard >= jaccard_floor``."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    parents = []
    for candidates in scored:
        matches = [
            c
            for c in candidates
            if c.score >= threshold
            and c.jaccard >= jaccard_floor
            and c.later_share >= later_share
            and (not c.same_site or c.jaccard >= site_jaccard)
        ]
        if not matches:
            parents.append(-1)
        elif policy == "earliest":
            parents.append(matches[0].earlier)
        else:
            parents.append(max(matches, key=lambda c: (c.score, -c.earlier)).earlier)
    return parents


def roots_of(parents: Sequence[int]) -> list[int]:
    """Cluster of each text: the root of its chain of parents (parents are always earlier)."""
    roots: list[int] = []
    for i, parent in enumerate(parents):
        roots.append(i if parent < 0 else roots[parent])
    return roots


def cluster(
    scored: Sequence[Sequence[Scored]],
    threshold: float,
    policy: str = "earliest",
    jaccard_floor: float = 0.0,
) -> list[int]:
    """Cluster root of each text (see ``link``)."""
    return roots_of(link(scored, threshold, policy, jaccard_floor))


# --- pairwise precision and recall -------------------------------------------------------------
KEPT_BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("<0.3", 0.0, 0.3),
    ("0.3-0.4", 0.3, 0.4),
    ("0.4-0.5", 0.4, 0.5),
    ("0.5-0.6", 0.5, 0.6),
    ("0.6-0.7", 0.6, 0.7),
    ("0.7-0.8", 0.7, 0.8),
    ("0.8-0.9", 0.8, 0.9),
    ("0.9-1.0", 0.9, 1.0),
    ("1.0", 1.0, math.inf),
)
HALF = 0.5
SHORT = 0.3
"""The least a short version keeps (issue 28: 30–40% of the text); ``keeps_30`` counts pairs
whose two texts keep at least that."""


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def kept_bucket(kept: float) -> str:
    for name, low, high in KEPT_BUCKETS:
        if low <= kept < high:
            return name
    raise ValueError(f"kept share out of range: {kept}")


def precision_recall(truth: Sequence[Any], predicted: Sequence[Any]) -> dict[str, Any]:
    """Pairwise precision and recall: a pair is predicted when both texts share a predicted
    cluster, true when they share a story (precision is 1.0 when nothing is predicted)."""
    both = Counter(zip(predicted, truth, strict=True))
    correct = sum(_pairs(n) for n in both.values())
    predicted_pairs = sum(_pairs(n) for n in Counter(predicted).values())
    true_pairs = sum(_pairs(n) for n in Counter(truth).values())
    return {
        "precision": round(correct / predicted_pairs, 6) if predicted_pairs else 1.0,
        "recall": round(correct / true_pairs, 6) if true_pairs else 1.0,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
        "correct_pairs": correct,
    }


def _keeping(
    truth: Sequence[str], predicted: Sequence[int], kept: Sequence[float], least: float
) -> dict[str, Any]:
    """Precision and recall over the texts keeping at least ``least`` of the original."""
    where = [i for i in range(len(truth)) if kept[i] >= least]
    sub = precision_recall([truth[i] for i in where], [predicted[i] for i in where])
    return {
        "texts": len(where),
        "precision": sub["precision"],
        "recall": sub["recall"],
        "true_pairs": sub["true_pairs"],
        "correct_pairs": sub["correct_pairs"],
    }


def pair_metrics(
    truth: Sequence[str],
    predicted: Sequence[int],
    kept: Sequence[float],
    scored: Sequence[Sequence[Scored]] | None = None,
    threshold: float | None = None,
    parents: Sequence[int] | None = None,
    variants: Sequence[str] | None = None,
    story_kinds: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Pairwise precision and recall of a clustering against the true stories.

    Texts are in publication order. Besides the overall figures: ``keeps_half`` (recall over
    the true pairs whose two texts both keep ≥ half of the original, i.e. min(kept) ≥ 0.5 with
    an original counting 1.0; precision over the texts that keep ≥ half), recall by the pair's
    kept-share bucket, and with ``scored``: the LSH candidate recall (share of true pairs where
    the later text had the earlier as a candidate) and the direct match recall (a candidate
    scoring ≥ ``threshold``). Wrongly joined pairs are counted by how their stories relate;
    with ``parents``, texts linked to a text of another story are counted too. With
    ``variants`` (per text: ``short``, ``rewritten_lead``, ``update`` or ""), recall of the
    true pairs with a text of each variant (a pair counts for each variant of its two texts;
    ``plain``: neither is one); with ``story_kinds``, per story kind the precision over the
    predicted pairs with a text of that kind and the recall over its stories' true pairs.
    """
    n = len(truth)
    if not len(predicted) == len(kept) == n:
        raise ValueError("truth, predicted and kept must have one entry per text")
    out = precision_recall(truth, predicted)
    out["keeps_half"] = _keeping(truth, predicted, kept, HALF)
    out["keeps_30"] = _keeping(truth, predicted, kept, SHORT)
    members: dict[str, list[int]] = defaultdict(list)
    for i, story in enumerate(truth):
        members[story].append(i)
    counts: dict[str, list[int]] = {name: [0, 0, 0, 0] for name, _, _ in KEPT_BUCKETS}
    lookup = [{c.earlier: c.score for c in cands} for cands in scored] if scored else None
    for ids in members.values():
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]  # i is the earlier text
                entry = counts[kept_bucket(min(kept[i], kept[j]))]
                entry[0] += 1
                entry[1] += predicted[i] == predicted[j]
                if lookup is not None:
                    score = lookup[j].get(i)
                    if score is not None:
                        entry[2] += 1
                        entry[3] += threshold is not None and score >= threshold
    out["by_kept_share"] = {}
    for name, (pairs, joined, candidate, direct) in counts.items():
        if pairs:
            entry = {"true_pairs": pairs, "recall": round(joined / pairs, 6)}
            if lookup is not None:
                entry["candidate_recall"] = round(candidate / pairs, 6)
                entry["direct_match_recall"] = round(direct / pairs, 6)
            out["by_kept_share"][name] = entry
    if lookup is not None:
        total = sum(c[0] for c in counts.values())
        half_counts = [counts[name] for name, low, _ in KEPT_BUCKETS if low >= HALF]
        half_total = sum(c[0] for c in half_counts)
        out["candidate_recall"] = (
            round(sum(c[2] for c in counts.values()) / total, 6) if total else 1.0
        )
        out["direct_match_recall"] = (
            round(sum(c[3] for c in counts.values()) / total, 6) if total else 1.0
        )
        out["keeps_half"]["candidate_recall"] = (
            round(sum(c[2] for c in half_counts) / half_total, 6) if half_total else 1.0
        )
    wrong: Counter[str] = Counter()
    clusters: dict[int, Counter[str]] = defaultdict(Counter)
    for p, s in zip(predicted, truth, strict=True):
        clusters[p][s] += 1
    for stories in clusters.values():
        if len(stories) > 1:
            items = sorted(stories.items())
            for x in range(len(items)):
                for y in range(x + 1, len(items)):
                    wrong[story_relation(items[x][0], items[y][0])] += items[x][1] * items[y][1]
    out["wrong_pairs_by_relation"] = dict(wrong.most_common())
    out["clusters"] = len(set(predicted))
    if variants is not None:
        out["by_variant"] = _recall_by_variant(members, predicted, variants, lookup, threshold)
    if story_kinds is not None:
        out["by_story_kind"] = _metrics_by_story_kind(truth, predicted, story_kinds)
    if parents is not None:
        wrong_links = [i for i, p in enumerate(parents) if p >= 0 and truth[p] != truth[i]]
        out["wrong_links"] = len(wrong_links)
        out["wrong_links_by_relation"] = dict(
            Counter(story_relation(truth[i], truth[parents[i]]) for i in wrong_links).most_common()
        )
    return out


def _recall_by_variant(
    members: Mapping[str, list[int]],
    predicted: Sequence[int],
    variants: Sequence[str],
    lookup: Sequence[Mapping[int, float]] | None,
    threshold: float | None,
) -> dict[str, Any]:
    counts: dict[str, list[int]] = {name: [0, 0, 0, 0] for name in (*VARIANTS, "plain")}
    for ids in members.values():
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                names = {variants[i], variants[j]} - {""} or {"plain"}
                score = lookup[j].get(i) if lookup is not None else None
                for name in names:
                    entry = counts[name]
                    entry[0] += 1
                    entry[1] += predicted[i] == predicted[j]
                    entry[2] += score is not None
                    entry[3] += score is not None and threshold is not None and score >= threshold
    out = {}
    for name, (pairs, joined, candidate, direct) in counts.items():
        if pairs:
            out[name] = {"true_pairs": pairs, "recall": round(joined / pairs, 6)}
            if lookup is not None:
                out[name]["candidate_recall"] = round(candidate / pairs, 6)
                out[name]["direct_match_recall"] = round(direct / pairs, 6)
    return out


def _metrics_by_story_kind(
    truth: Sequence[str], predicted: Sequence[int], story_kinds: Sequence[str]
) -> dict[str, Any]:
    """Per story kind K: precision over the predicted pairs with at least one text of kind K
    (a wrong pair there involves a K text), recall over the true pairs of K's stories."""
    per_cluster: dict[int, Counter[str]] = defaultdict(Counter)
    per_story: dict[tuple[int, str], int] = Counter()
    true_by_story: Counter[str] = Counter(truth)
    kind_of_story = dict(zip(truth, story_kinds, strict=True))
    for p, s, k in zip(predicted, truth, story_kinds, strict=True):
        per_cluster[p][k] += 1
        per_story[(p, s)] += 1
    out = {}
    for kind in sorted(set(story_kinds)):
        predicted_pairs = sum(
            _pairs(sum(c.values())) - _pairs(sum(c.values()) - c[kind])
            for c in per_cluster.values()
        )
        correct = sum(_pairs(n) for (_, s), n in per_story.items() if kind_of_story[s] == kind)
        true_pairs = sum(_pairs(n) for s, n in true_by_story.items() if kind_of_story[s] == kind)
        out[kind] = {
            "texts": sum(1 for k in story_kinds if k == kind),
            "true_pairs": true_pairs,
            "predicted_pairs": predicted_pairs,
            "precision": round(correct / predicted_pairs, 6) if predicted_pairs else 1.0,
            "recall": round(correct / true_pairs, 6) if true_pairs else 1.0,
        }
    return out


def subset_metrics(
    positions: Sequence[int],
    truth: Sequence[str],
    predicted: Sequence[int],
    kept: Sequence[float],
    scored: Sequence[Sequence[Scored]],
    threshold: float,
    parents: Sequence[int],
    variants: Sequence[str],
    story_kinds: Sequence[str],
) -> dict[str, Any]:
    """``pair_metrics`` over some texts only (e.g. one split): the clustering is the one of
    the whole corpus, pairs with a text outside the subset are left out."""
    where = {old: new for new, old in enumerate(positions)}
    return pair_metrics(
        [truth[i] for i in positions],
        [predicted[i] for i in positions],
        [kept[i] for i in positions],
        [
            [c._replace(earlier=where[c.earlier]) for c in scored[i] if c.earlier in where]
            for i in positions
        ],
        threshold,
        [where.get(parents[i], -1) if parents[i] >= 0 else -1 for i in positions],
        [variants[i] for i in positions],
        [story_kinds[i] for i in positions],
    )


def score_profile(
    truth: Sequence[str], scored: Sequence[Sequence[Scored]], threshold: float
) -> dict[str, Any]:
    """Scores of candidate pairs: true pairs and pairs of other stories (by relation)."""
    true_scores: list[float] = []
    false_scores: dict[str, list[float]] = defaultdict(list)
    for j, candidates in enumerate(scored):
        for c in candidates:
            if truth[c.earlier] == truth[j]:
                true_scores.append(c.score)
            else:
                false_scores[story_relation(truth[c.earlier], truth[j])].append(c.score)

    def summary(values: list[float]) -> dict[str, Any]:
        values = sorted(values)
        if not values:
            return {"pairs": 0}

        def q(share: float) -> float:
            return values[min(len(values) - 1, int(share * len(values)))]

        return {
            "pairs": len(values),
            "min": values[0],
            "p01": q(0.01),
            "p05": q(0.05),
            "median": q(0.5),
            "p95": q(0.95),
            "p99": q(0.99),
            "max": values[-1],
            "at_or_above_threshold": sum(1 for v in values if v >= threshold),
        }

    return {
        "true_pairs": summary(true_scores),
        "other_stories": {k: summary(v) for k, v in sorted(false_scores.items())},
    }


def estimator_check(
    texts: Sequence[str],
    fp: Fingerprints,
    scored: Sequence[Sequence[Scored]],
    limit: int = 3000,
) -> list[dict[str, Any]]:
    """``similarity()`` against the exact overlap coefficient of the two shingle sets, for a
    sample of candidate pairs, by size ratio (the estimate comes from a Jaccard estimate, so its
    error grows when one text is much larger than the other)."""
    size = fp.settings.shingle_size
    pairs = [(c.earlier, j, c.score) for j, cands in enumerate(scored) for c in cands]
    random.Random(0).shuffle(pairs)
    cache: dict[int, set[bytes]] = {}

    def grams(i: int) -> set[bytes]:
        if i not in cache:
            cache[i] = shingles(texts[i], size)
        return cache[i]

    groups: dict[str, list[float]] = defaultdict(list)
    for i, j, estimate in pairs[:limit]:
        a, b = grams(i), grams(j)
        if a and b:
            exact = len(a & b) / min(len(a), len(b))
            ratio = max(len(a), len(b)) / min(len(a), len(b))
            group = "1-1.5" if ratio < 1.5 else "1.5-3" if ratio < 3 else ">=3"
            groups[group].append(estimate - exact)
    return [
        {
            "size_ratio": group,
            "pairs": len(errors),
            "mean_error": round(statistics.fmean(errors), 4),
            "sd_error": round(statistics.pstdev(errors), 4),
            "share_over_by_0.1": round(sum(1 for e in errors if e > 0.1) / len(errors), 4),
        }
        for group, errors in sorted(groups.items())
    ]


# --- one configuration, end to end -------------------------------------------------------------
def evaluate(
    corpus: SyndicationCorpus,
    settings: NearDupSettings,
    *,
    fp: Fingerprints | None = None,
    texts: Sequence[str] | None = None,
    jaccard_floor: float = 0.0,
    policies: Iterable[str] = ("earliest",),
) -> tuple[dict[str, Any], Candidates]:
    """Fingerprints, candidates, links and metrics of one setting over the corpus (``texts``
    replaces the corpus texts, e.g. with template lines stripped)."""
    texts = texts if texts is not None else [t.text for t in corpus.texts]
    fp = fp or fingerprint(texts, settings)
    candidates = find_candidates(fp, [t.outlet for t in corpus.texts])
    truth = [t.story for t in corpus.texts]
    kept = [t.kept for t in corpus.texts]
    n = len(texts)
    result: dict[str, Any] = {
        "settings": dataclasses.asdict(settings) | {"rows": settings.rows},
        "jaccard_floor": jaccard_floor,
        "texts": n,
        "cost_ms_per_article": {
            "signature": round(1000 * fp.signature_s / n, 4),
            "band_keys": round(1000 * fp.keys_s / n, 4),
            "lookup_in_memory": round(1000 * candidates.lookup_s / n, 4),
            "verify_all_candidates": round(1000 * candidates.verify_s / n, 4),
        },
        "candidates_per_article": round(candidates.mean(), 2),
        "largest_bucket": candidates.largest_bucket,
    }
    variants = [t.variant for t in corpus.texts]
    story_kinds = [t.story_kind for t in corpus.texts]
    for policy in policies:
        parents = link(
            candidates.scored, settings.threshold, policy, jaccard_floor,
            settings.later_share, settings.site_jaccard,
        )  # fmt: skip
        predicted = roots_of(parents)
        result[policy] = pair_metrics(
            truth, predicted, kept, candidates.scored, settings.threshold, parents,
            variants, story_kinds,
        )  # fmt: skip
        positions = {
            split: [i for i, t in enumerate(corpus.texts) if t.split == split]
            for split in ("dev", "test")
        }
        context = (truth, predicted, kept, candidates.scored, settings.threshold, parents)
        result[policy]["by_split"] = {
            split: subset_metrics(where, *context, variants, story_kinds)
            for split, where in positions.items()
            if where
        }
        # A wrong pair may join texts of both splits: counted for each split here.
        crossing = _metrics_by_story_kind(truth, predicted, [t.split for t in corpus.texts])
        for split, entry in result[policy]["by_split"].items():
            entry["precision_with_cross_split_pairs"] = crossing[split]["precision"]
    result["scores"] = score_profile(truth, candidates.scored, settings.threshold)
    return result, candidates


def candidate_growth(
    fp: Fingerprints,
    truth: Sequence[str],
    steps: Sequence[int],
    *,
    probe: int = 500,
    jaccard_floor: float = 0.0,
) -> list[dict[str, Any]]:
    """False candidates and false matches per article as the stored set grows.

    For the last ``probe`` texts of each prefix of the corpus: how many earlier texts of
    *other* stories share a band key (rows a store lookup returns only for verification to
    reject them) and how many of those verification accepts anyway (wrong links). Both grow in
    proportion to the stored set, so the per-1,000 rates extrapolate to a larger store.
    """
    out = []
    settings = fp.settings
    sigs = fp.signatures
    for size in steps:
        if size > len(fp.keys):
            break
        index: dict[int, list[int]] = {}
        for i in range(size):
            for key in fp.keys[i]:
                index.setdefault(key, []).append(i)
        false_candidates, false_matches = [], []
        for j in range(max(0, size - probe), size):
            found = {i for key in fp.keys[j] for i in index.get(key, ()) if i < j}
            wrong = [i for i in found if truth[i] != truth[j]]
            false_candidates.append(len(wrong))
            false_matches.append(
                sum(
                    1
                    for i in wrong
                    if is_copy(sigs[j], sigs[i], settings)[0]
                    and jaccard(sigs[j], sigs[i]) >= jaccard_floor
                )
            )
        mean_c, mean_m = statistics.fmean(false_candidates), statistics.fmean(false_matches)
        out.append(
            {
                "stored": size,
                "false_candidates_per_article": round(mean_c, 2),
                "false_candidates_per_1000_stored": round(1000 * mean_c / size, 3),
                "false_matches_per_article": round(mean_m, 3),
                "false_matches_per_1000_stored": round(1000 * mean_m / size, 4),
            }
        )
    return out


def growth_steps(n: int) -> list[int]:
    return [*(s for s in (1000, 2500, 5000, 10_000, 20_000, 50_000) if s < n), n]


# --- the parameter sweep ------------------------------------------------------------------------
SWEEP_SHINGLES = (3, 4, 5, 6)
SWEEP_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
SWEEP_LAYOUTS = ((128, 64), (126, 42), (128, 32))  # (num_perm, bands): rows 2, 3, 4
SWEEP_FLOORS = (0.0, 0.1)
PROPOSED_FLOOR = 0.1
TARGET_PRECISION = 0.98
TARGET_RECALL_HALF = 0.95
FLAT_LOOKUP_RATE = 0.5
"""False candidates per 1,000 stored articles above which lookups are not flat (at 200k stored
that is 100 extra rows per lookup, about the measured cost of the index itself)."""
MODES = {"as_is": (False, 0.0), "strip_only": (True, 0.0), "proposed": (True, PROPOSED_FLOOR)}
"""Sweep modes: (template lines stripped, Jaccard floor)."""


def sweep(
    corpus: SyndicationCorpus,
    *,
    strip: bool = False,
    floors: Sequence[float] = SWEEP_FLOORS,
    progress: Callable[[str], None] = print,
) -> list[dict[str, Any]]:
    """Every (shingle size, band layout, Jaccard floor, threshold), policy "earliest":
    precision, recall (overall and keeps ≥ half), candidate recall, candidates, cost."""
    texts = [t.text for t in corpus.texts]
    if strip:
        texts = strip_template_lines(texts, [t.outlet for t in corpus.texts])
    truth = [t.story for t in corpus.texts]
    kept = [t.kept for t in corpus.texts]
    n = len(texts)
    stored_total = n * (n - 1) / 2  # text i is looked up against i stored texts
    rows = []
    for size in SWEEP_SHINGLES:
        signatures: dict[int, tuple[list[Signature], float]] = {}
        for num_perm, bands in SWEEP_LAYOUTS:
            settings = NearDupSettings(size, num_perm, bands, 0.5)
            if num_perm not in signatures:
                started = time.perf_counter()
                sigs = [signature(text, settings) for text in texts]
                signatures[num_perm] = (sigs, time.perf_counter() - started)
            fp = fingerprint(texts, settings, *signatures[num_perm])
            candidates = find_candidates(fp, [t.outlet for t in corpus.texts])
            false = sum(
                1 for j, cands in enumerate(candidates.scored) for c in cands
                if truth[c.earlier] != truth[j]
            )  # fmt: skip
            fixed_ms = 1000 * (fp.signature_s + fp.keys_s) / n
            search_ms = 1000 * (candidates.lookup_s + candidates.verify_s) / n
            for floor in floors:
                for threshold in SWEEP_THRESHOLDS:
                    parents = link(
                        candidates.scored, threshold, "earliest", floor,
                        settings.later_share, settings.site_jaccard,
                    )  # fmt: skip
                    m = pair_metrics(
                        truth, roots_of(parents), kept, candidates.scored, threshold, parents
                    )
                    rows.append(
                        {
                            "seed": corpus.seed,
                            "strip_template_lines": strip,
                            "jaccard_floor": floor,
                            "shingle_size": size,
                            "num_perm": num_perm,
                            "bands": bands,
                            "rows": num_perm // bands,
                            "threshold": threshold,
                            "precision": m["precision"],
                            "recall": m["recall"],
                            "precision_half": m["keeps_half"]["precision"],
                            "recall_half": m["keeps_half"]["recall"],
                            "candidate_recall": m["candidate_recall"],
                            "candidate_recall_half": m["keeps_half"]["candidate_recall"],
                            "wrong_links": m["wrong_links"],
                            "candidates_per_article": round(candidates.mean(), 2),
                            "false_candidates_per_1000_stored": round(
                                1000 * false / stored_total, 3
                            ),
                            "ms_signature_and_keys": round(fixed_ms, 4),
                            "ms_lookup_and_verify": round(search_ms, 4),
                            "ms_per_article": round(fixed_ms + search_ms, 4),
                            "wrong_pairs_by_relation": m["wrong_pairs_by_relation"],
                            "meets_targets": m["precision"] >= TARGET_PRECISION
                            and m["keeps_half"]["recall"] >= TARGET_RECALL_HALF,
                        }
                    )
            progress(
                f"  seed {corpus.seed}, {'stripped' if strip else 'as extracted'}: shingle "
                f"{size}, {bands}x{num_perm // bands}: {candidates.mean():.1f} candidates/article"
            )
    return rows


def _sweep_job(bases: int, seed: int, strip: bool) -> list[dict[str, Any]]:
    corpus = SyndicationCorpus(bases=bases, seed=seed, split="dev")
    return sweep(corpus, strip=strip, progress=lambda line: print(line, flush=True))


def run_sweeps(bases: int, seeds: Sequence[int]) -> list[dict[str, Any]]:
    """The sweep for every seed, texts as extracted and with template lines stripped; the jobs
    run in two processes when there are two cores (timings are then indicative)."""
    jobs = [(bases, seed, strip) for seed in seeds for strip in (False, True)]
    if (os.cpu_count() or 1) < 2:
        return [row for job in jobs for row in _sweep_job(*job)]
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_sweep_job, *job) for job in jobs]
        return [row for future in futures for row in future.result()]


def _config(row: dict[str, Any]) -> tuple:
    return (
        row["strip_template_lines"], row["jaccard_floor"], row["shingle_size"], row["num_perm"],
        row["bands"], row["threshold"],
    )  # fmt: skip


def summarize_sweep(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per setting, over the seeds: the worst precision and recalls, the mean candidates and
    cost, the highest false-candidate rate, whether every seed meets the targets and how many
    neighbouring settings (shingle size ± 1, threshold ± 0.1, same layout and mode) do too."""
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[_config(row)].append(row)
    summary = []
    for config, items in groups.items():
        strip, floor, size, num_perm, bands, threshold = config
        worst_p = min(r["precision"] for r in items)
        worst_h = min(r["recall_half"] for r in items)
        summary.append(
            {
                "strip_template_lines": strip,
                "jaccard_floor": floor,
                "shingle_size": size,
                "num_perm": num_perm,
                "bands": bands,
                "rows": num_perm // bands,
                "threshold": threshold,
                "precision_min": worst_p,
                "recall_min": min(r["recall"] for r in items),
                "recall_half_min": worst_h,
                "candidate_recall_half_min": min(r["candidate_recall_half"] for r in items),
                "candidates_per_article": round(
                    statistics.fmean(r["candidates_per_article"] for r in items), 2
                ),
                "false_candidates_per_1000_stored": max(
                    r["false_candidates_per_1000_stored"] for r in items
                ),
                "ms_per_article": round(statistics.fmean(r["ms_per_article"] for r in items), 4),
                "margin": round(min(worst_p - TARGET_PRECISION, worst_h - TARGET_RECALL_HALF), 4),
                "meets_targets_every_seed": all(r["meets_targets"] for r in items),
                "by_seed": {
                    key: [r[key] for r in sorted(items, key=lambda r: r["seed"])]
                    for key in ("precision", "recall", "recall_half", "wrong_links")
                },
            }
        )
    feasible = {
        (s["strip_template_lines"], s["jaccard_floor"], s["shingle_size"], s["num_perm"],
         s["bands"], round(s["threshold"], 2))
        for s in summary
        if s["meets_targets_every_seed"]
    }  # fmt: skip
    for s in summary:
        base = (s["strip_template_lines"], s["jaccard_floor"])
        layout = (s["num_perm"], s["bands"])
        k, t = s["shingle_size"], s["threshold"]
        neighbours = [(k - 1, t), (k + 1, t), (k, round(t - 0.1, 2)), (k, round(t + 0.1, 2))]
        s["feasible_neighbours"] = sum(
            1 for nk, nt in neighbours if (*base, nk, *layout, nt) in feasible
        )
    return summary


def recommend(
    summary: Sequence[dict[str, Any]], strip: bool, floor: float
) -> dict[str, Any] | None:
    """The setting to use in one mode, by these rules in order:

    1. it meets both targets on every seed;
    2. lookups stay flat: at most ``FLAT_LOOKUP_RATE`` false candidates per 1,000 stored
       (dropped if no setting passes 1 and 2);
    3. most neighbouring settings also meet the targets on every seed (the middle of the
       feasible region, least likely to fall out of it on a corpus unlike this one);
    4. the largest worst-case margin over the targets, in steps of 0.005;
    5. fewer candidates per article.
    """
    mode = [
        s for s in summary if s["strip_template_lines"] == strip and s["jaccard_floor"] == floor
    ]
    feasible = [s for s in mode if s["meets_targets_every_seed"]]
    flat = [s for s in feasible if s["false_candidates_per_1000_stored"] <= FLAT_LOOKUP_RATE]
    pool = flat or feasible
    if not pool:
        return None
    return max(
        pool,
        key=lambda s: (
            s["feasible_neighbours"],
            math.floor(s["margin"] / 0.005 + 1e-9),
            -s["candidates_per_article"],
        ),
    ) | {"flat_lookup": bool(flat)}


CHOICE_THRESHOLDS = (0.45, 0.5, 0.55, 0.6, 0.65)
CHOICE_LATER_SHARES = (0.0, 0.25, 0.35, 0.45)
CHOICE_SITE_JACCARDS = (0.0, 0.3, 0.5, 0.7)
CHOICE_LAYOUT = (3, 126, 42)
"""Shingle size and band layout held fixed while the defaults are chosen: the layout that keeps
lookups flat (see the sweep) and the shingle size the sweep preferred on texts as extracted."""


def corpus_texts(
    corpus: SyndicationCorpus, strip: bool = False, min_pages: int = LEARNED_MIN_PAGES
) -> list[str]:
    """The corpus texts, or with ``strip`` the texts after ``strip_learned_templates``."""
    texts = [t.text for t in corpus.texts]
    if not strip:
        return texts
    hosts = [t.outlet for t in corpus.texts]
    return strip_learned_templates(texts, hosts, [t.minute for t in corpus.texts], min_pages)


def choose_grid(corpus: SyndicationCorpus, strip: bool = False) -> list[dict[str, Any]]:
    """Every (threshold, later_share, site_jaccard) of the choice grid on one corpus (with
    ``strip``, on its texts after ``strip_learned_templates``)."""
    size, num_perm, bands = CHOICE_LAYOUT
    texts = corpus_texts(corpus, strip)
    truth = [t.story for t in corpus.texts]
    kept = [t.kept for t in corpus.texts]
    fp = fingerprint(texts, NearDupSettings(size, num_perm, bands))
    candidates = find_candidates(fp, [t.outlet for t in corpus.texts])
    rows = []
    for threshold in CHOICE_THRESHOLDS:
        for share in CHOICE_LATER_SHARES:
            for site in CHOICE_SITE_JACCARDS:
                parents = link(candidates.scored, threshold, "earliest", 0.0, share, site)
                m = pair_metrics(truth, roots_of(parents), kept, parents=parents)
                rows.append(
                    {
                        "seed": corpus.seed,
                        "split": corpus.split,
                        "threshold": threshold,
                        "later_share": share,
                        "site_jaccard": site,
                        "precision": m["precision"],
                        "recall": m["recall"],
                        "recall_half": m["keeps_half"]["recall"],
                        "recall_30": m["keeps_30"]["recall"],
                        "wrong_pairs_by_relation": m["wrong_pairs_by_relation"],
                    }
                )
    return rows


def choose_defaults(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The setting of the grid to make the default, from the dev corpora's rows, by these
    rules in order: it meets both targets (precision ≥ 0.98, recall of copies keeping half
    ≥ 0.95) on every corpus; it also reaches recall ≥ 0.95 over the pairs keeping ≥ 30% (the
    short versions) on every corpus, if any setting does; most of its grid neighbours (one
    step on one axis) meet both targets too; the largest worst-case margin over the targets,
    in steps of 0.005; the best worst-case recall over the pairs keeping ≥ 30%. Returns the
    summary of every setting and the choice."""
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(row["threshold"], row["later_share"], row["site_jaccard"])].append(row)
    summary = []
    for (threshold, share, site), items in groups.items():
        worst_p = min(r["precision"] for r in items)
        worst_h = min(r["recall_half"] for r in items)
        summary.append(
            {
                "threshold": threshold,
                "later_share": share,
                "site_jaccard": site,
                "precision_min": worst_p,
                "recall_min": min(r["recall"] for r in items),
                "recall_half_min": worst_h,
                "recall_30_min": min(r["recall_30"] for r in items),
                "margin": round(min(worst_p - TARGET_PRECISION, worst_h - TARGET_RECALL_HALF), 4),
                "meets_targets_every_seed": worst_p >= TARGET_PRECISION
                and worst_h >= TARGET_RECALL_HALF,
            }
        )
    axes = (CHOICE_THRESHOLDS, CHOICE_LATER_SHARES, CHOICE_SITE_JACCARDS)
    feasible = {
        (s["threshold"], s["later_share"], s["site_jaccard"])
        for s in summary
        if s["meets_targets_every_seed"]
    }
    for s in summary:
        point = (s["threshold"], s["later_share"], s["site_jaccard"])
        neighbours = []
        for axis, values in enumerate(axes):
            at = values.index(point[axis])
            for step in (-1, 1):
                if 0 <= at + step < len(values):
                    neighbours.append((*point[:axis], values[at + step], *point[axis + 1 :]))
        s["feasible_neighbours"] = sum(1 for nb in neighbours if nb in feasible)
        s["neighbours"] = len(neighbours)
    pool = [s for s in summary if s["meets_targets_every_seed"]]
    choice = (
        max(
            pool,
            key=lambda s: (
                s["recall_30_min"] >= TARGET_RECALL_HALF,
                s["feasible_neighbours"],
                math.floor(s["margin"] / 0.005 + 1e-9),
                s["recall_30_min"],
            ),
        )
        if pool
        else None
    )
    return {"summary": summary, "choice": choice}


def chosen_settings(choice: dict[str, Any], template_pages: int = 0) -> NearDupSettings:
    size, num_perm, bands = CHOICE_LAYOUT
    return NearDupSettings(
        size, num_perm, bands, choice["threshold"], choice["later_share"], choice["site_jaccard"],
        template_pages=template_pages,
    )  # fmt: skip


def print_choice(summary: Sequence[dict[str, Any]], choice: dict[str, Any] | None) -> None:
    print(
        f"{'thr':>5} {'later':>5} {'site J':>6} {'prec':>8} {'recall':>8} {'rec>=½':>8} "
        f"{'rec>=30%':>8}  worst over the dev corpora (* meets both targets on each)"
    )
    for s in sorted(summary, key=lambda s: (s["threshold"], s["later_share"], s["site_jaccard"])):
        mark = (
            f"*  {s['feasible_neighbours']}/{s['neighbours']}"
            if s["meets_targets_every_seed"]
            else ""
        )
        pick = "  <- chosen" if s is choice else ""
        print(
            f"{s['threshold']:>5} {s['later_share']:>5} {s['site_jaccard']:>6} "
            f"{_pct(s['precision_min']):>8} {_pct(s['recall_min']):>8} "
            f"{_pct(s['recall_half_min']):>8} {_pct(s['recall_30_min']):>8}  {mark}{pick}"
        )


def parse_settings(text: str) -> NearDupSettings:
    """``"5,126,42,0.5"`` → NearDupSettings(shingle_size=5, num_perm=126, bands=42, 0.5)."""
    try:
        size, num_perm, bands, threshold = text.split(",")
        return NearDupSettings(int(size), int(num_perm), int(bands), float(threshold))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected K,PERM,BANDS,THRESHOLD: {exc}") from None


def settings_of(row: dict[str, Any]) -> NearDupSettings:
    return NearDupSettings(row["shingle_size"], row["num_perm"], row["bands"], row["threshold"])


# --- lookup time in a persistent band index -----------------------------------------------------
class StoredArticle(NamedTuple):
    """One article version as the state store would keep it, with its band keys."""

    ref: int
    article_id: str
    window_start: str
    cluster_id: str
    signature: bytes
    shingles: int
    band_keys: Sequence[int]


SCHEMA = (
    "CREATE TABLE IF NOT EXISTS articles (ref INTEGER PRIMARY KEY, article_id TEXT, "
    "window_start TEXT, cluster_id TEXT, signature BLOB, shingles INTEGER)",
    "CREATE TABLE IF NOT EXISTS bands (band INTEGER, ref INTEGER, PRIMARY KEY (band, ref)) "
    "WITHOUT ROWID",
)
LOOKUP_SQL = (
    "SELECT DISTINCT a.ref, a.article_id, a.cluster_id, a.signature, a.shingles "
    "FROM bands b JOIN articles a USING (ref) WHERE b.band IN ({marks})"
)


class SqliteBandIndex:
    """A standalone SQLite file with the planned state-store tables (``articles``, ``bands``).

    It is a ``BandStore``: ``measure_lookup`` can as well time the real state store, through
    an object whose ``lookup`` calls ``store.similar(keys, window_start)`` and whose
    ``insert`` commits ``StoredArticle`` rows to it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")  # as the state store opens its file
        for statement in SCHEMA:
            self.db.execute(statement)

    def insert(self, rows: Sequence[StoredArticle]) -> None:
        bands = sorted((key, row.ref) for row in rows for key in row.band_keys)
        with self.db:
            self.db.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                [(r.ref, r.article_id, r.window_start, r.cluster_id, r.signature, r.shingles)
                 for r in rows],
            )  # fmt: skip
            self.db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", bands)

    def lookup(self, keys: Sequence[int]) -> list[tuple]:
        sql = LOOKUP_SQL.format(marks=", ".join("?" * len(keys)))
        return self.db.execute(sql, list(keys)).fetchall()

    def size_bytes(self) -> int:
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    def close(self) -> None:
        self.db.close()


def random_articles(
    start: int,
    stop: int,
    settings: NearDupSettings,
    seed: int = 0,
    *,
    collide_with: Sequence[Sequence[int]] = (),
    collisions_per_article: float = 0.0,
) -> list[StoredArticle]:
    """Filler articles: uniformly random 32-bit signatures and 64-bit band keys (band keys are
    hashes, so random values are distributed like real ones and never collide by chance).

    With ``collisions_per_article`` > 0, each filler article also takes, on average that many
    band keys from random ``collide_with`` key lists (the queries): the background collisions
    that real texts have (common phrases, template lines), at a rate measured on the corpus.
    """
    rng = np.random.default_rng([seed, start])
    count = stop - start
    sigs = rng.integers(0, 2**32, size=(count, settings.num_perm), dtype=np.uint32)
    width = settings.bands + settings.lead_bands  # as many keys as a real article has
    keys = rng.integers(-(2**63), 2**63 - 1, size=(count, width), dtype=np.int64)
    shingle_counts = rng.integers(150, 700, size=count)
    key_lists = keys.tolist()
    if collisions_per_article > 0 and collide_with:
        hits = rng.poisson(collisions_per_article, size=count)
        for k in np.flatnonzero(hits):
            for _ in range(int(hits[k])):
                query = collide_with[int(rng.integers(len(collide_with)))]
                band = int(rng.integers(min(width, len(query))))
                key_lists[k][band] = query[band]
    return [
        StoredArticle(
            ref=start + k,
            article_id=f"filler-{start + k}",
            window_start="2026-11-01T00:00:00Z",
            cluster_id=f"filler-{start + k}",
            signature=sigs[k].tobytes(),
            shingles=int(shingle_counts[k]),
            band_keys=key_lists[k],
        )
        for k in range(count)
    ]


class BandStore(Protocol):
    """What ``measure_lookup`` needs of a store: ``insert`` ``StoredArticle`` rows, ``lookup``
    the rows sharing any of some band keys (optionally ``size_bytes``)."""

    def insert(self, rows: Sequence[StoredArticle]) -> None: ...

    def lookup(self, keys: Sequence[int]) -> Sequence[Any]: ...


def measure_lookup(
    open_store: Callable[[int], BandStore],
    sizes: Sequence[int],
    queries: Mapping[str, Sequence[Sequence[int]]],
    rows_for: Callable[[int, int], Sequence[StoredArticle]],
    *,
    repeats: int = 3,
    chunk: int = 20_000,
) -> dict[str, Any]:
    """Fills one store per size, then times ``lookup(keys)`` for every query on all of them.

    ``open_store(size)`` gives an empty store; ``rows_for(start, stop)`` makes the articles
    with refs start..stop-1; ``queries`` maps a group name to the band keys of new articles
    (one lookup each). The stores exist side by side and each query is timed on every size in
    turn (``repeats`` rounds, the order of the sizes reversed every round), so that the
    machine's drift and noise fall on all sizes alike: timed one size after another, the ratio
    of two sizes moved by ±30% between runs on this machine. Reports per group and size the µs
    per lookup (median of the repeats per query, then mean, median and p95 over the queries)
    and the rows returned, and the ratio of the last size to the first.
    """
    stores = []
    growth = []
    for size in sizes:
        started = time.perf_counter()
        store = open_store(size)
        for start in range(0, size, chunk):
            store.insert(rows_for(start, min(size, start + chunk)))
        stores.append(store)
        size_bytes = getattr(store, "size_bytes", None)
        growth.append(
            {
                "stored": size,
                "insert_s": round(time.perf_counter() - started, 2),
                **({"file_mb": round(size_bytes() / 1e6, 1)} if size_bytes else {}),
            }
        )
    result: dict[str, Any] = {"inserts": growth, "groups": {}}
    for name, group in queries.items():
        for store in stores:  # warm-up
            for keys in group:
                store.lookup(keys)
        times: list[list[list[float]]] = [[[] for _ in group] for _ in stores]
        returned: list[list[int]] = [[0] * len(group) for _ in stores]
        for round_ in range(repeats):
            order = list(range(len(stores)))[:: -1 if round_ % 2 else 1]
            for q, keys in enumerate(group):
                for at in order:
                    t0 = time.perf_counter()
                    rows = stores[at].lookup(keys)
                    times[at][q].append(time.perf_counter() - t0)
                    returned[at][q] = len(rows)
        levels = []
        for at, size in enumerate(sizes):
            per_query = sorted(statistics.median(t) * 1e6 for t in times[at])
            levels.append(
                {
                    "stored": size,
                    "us_per_lookup_mean": round(statistics.fmean(per_query), 1),
                    "us_per_lookup_median": round(statistics.median(per_query), 1),
                    "us_per_lookup_p95": round(per_query[int(0.95 * (len(per_query) - 1))], 1),
                    "rows_returned_mean": round(statistics.fmean(returned[at]), 2),
                }
            )
        first, last = levels[0], levels[-1]
        result["groups"][name] = {
            "queries": len(group),
            "levels": levels,
            "ratio_last_to_first_median": round(
                last["us_per_lookup_median"] / first["us_per_lookup_median"], 3
            ),
            "ratio_last_to_first_mean": round(
                last["us_per_lookup_mean"] / first["us_per_lookup_mean"], 3
            ),
        }
    return result


def lookup_benchmark(
    corpus: SyndicationCorpus,
    fp: Fingerprints,
    sizes: Sequence[int],
    *,
    queries: int = 600,
    false_candidates_per_1000: float = 0.0,
    directory: str | Path | None = None,
) -> dict[str, Any]:
    """``measure_lookup`` on a temporary ``SqliteBandIndex``.

    The corpus texts before the last ``queries`` are stored first (real signatures and band
    keys, so lookups find their copies), at most as many as the smallest size so that every
    size holds the same real texts (otherwise the smallest store would lack some of the
    queries' copies and return fewer rows for a reason other than its size); random filler
    makes up the rest. The last ``queries``
    texts are looked up, in two groups split by story (copies share band keys): for
    ``index_only`` the filler never collides, so its time is the index's alone; for
    ``with_background`` the filler collides at ``false_candidates_per_1000`` false candidates
    per 1,000 stored filler articles, the rate ``candidate_growth`` measures on real texts.
    """
    settings = fp.settings
    held = min(queries, max(2, len(corpus) // 10))
    first = len(corpus) - held  # the first query
    real = min(first, min(sizes, default=first))
    real_rows = [
        StoredArticle(
            ref=ref,
            article_id=corpus.texts[i].text_id,
            window_start="2026-11-01T00:00:00Z",
            cluster_id=corpus.texts[i].story,
            signature=fp.signatures[i].values,
            shingles=fp.signatures[i].shingles,
            band_keys=fp.keys[i],
        )
        for ref, i in enumerate(range(first - real, first))
    ]
    groups: dict[str, list[list[int]]] = {"index_only": [], "with_background": []}
    for i in range(first, len(corpus)):
        exposed = int(corpus.texts[i].story.lstrip("b").partition("-")[0]) % 2
        groups["with_background" if exposed else "index_only"].append(fp.keys[i])
    exposed_keys = groups["with_background"]
    # Each filler article takes q random (query, band) keys of the exposed group on average.
    # A key is shared by m queries (copies of one story share band keys), so an exposed query
    # meets q * m * filler / len(exposed) filler articles: q = rate / 1000 * len(exposed) / m.
    shared = Counter(key for keys in exposed_keys for key in keys)
    multiplicity = statistics.fmean(shared[key] for keys in exposed_keys for key in keys)
    per_article = false_candidates_per_1000 / 1000 * len(exposed_keys) / multiplicity

    def rows_for(start: int, stop: int) -> list[StoredArticle]:
        out = real_rows[start:stop]
        if stop > real:
            out += random_articles(
                max(start, real), stop, settings, corpus.seed,
                collide_with=exposed_keys, collisions_per_article=per_article,
            )  # fmt: skip
        return out

    with tempfile.TemporaryDirectory(prefix="syndication-", dir=directory) as tmp:
        opened: list[SqliteBandIndex] = []

        def open_store(size: int) -> SqliteBandIndex:
            opened.append(SqliteBandIndex(Path(tmp) / f"bands-{size}.db"))
            return opened[-1]

        try:
            result = measure_lookup(open_store, sizes, groups, rows_for)
        finally:
            for index in opened:
                index.close()
    result["settings"] = dataclasses.asdict(settings)
    result["real_articles_stored"] = real
    result["false_candidates_per_1000_filler"] = false_candidates_per_1000
    result["query"] = LOOKUP_SQL.format(marks=f"<{settings.bands + settings.lead_bands} keys>")
    return result


# --- output -------------------------------------------------------------------------------------
def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def print_evaluation(result: dict[str, Any], policy: str = "earliest") -> None:
    m = result[policy]
    s = result["settings"]
    floor = f", jaccard >= {result['jaccard_floor']}" if result["jaccard_floor"] else ""
    print(
        f"settings: shingle_size={s['shingle_size']} num_perm={s['num_perm']} "
        f"bands={s['bands']} (rows {s['rows']}) threshold={s['threshold']}{floor}, "
        f"policy {policy}"
    )
    print(
        f"  pairwise precision {_pct(m['precision'])}  recall {_pct(m['recall'])}  "
        f"({m['correct_pairs']:,} of {m['true_pairs']:,} true pairs, "
        f"{m['predicted_pairs']:,} predicted; {m['clusters']:,} clusters)"
    )
    half = m["keeps_half"]
    print(
        f"  keeps >= half:     precision {_pct(half['precision'])}  recall "
        f"{_pct(half['recall'])}  ({half['true_pairs']:,} true pairs)"
    )
    if "keeps_30" in m:
        k30 = m["keeps_30"]
        print(
            f"  keeps >= 30%:      precision {_pct(k30['precision'])}  recall "
            f"{_pct(k30['recall'])}  ({k30['true_pairs']:,} true pairs)"
        )
    for split, sub in m.get("by_split", {}).items():
        print(
            f"  split {split:<5}       precision {_pct(sub['precision'])}  recall "
            f"{_pct(sub['recall'])}, keeps >= half {_pct(sub['keeps_half']['recall'])}; "
            f"precision with cross-split pairs {_pct(sub['precision_with_cross_split_pairs'])}"
        )
    for name, entry in m.get("by_variant", {}).items():
        print(
            f"  copy variant {name:<15} recall {_pct(entry['recall']):>8} (candidates "
            f"{_pct(entry.get('candidate_recall'))}; {entry['true_pairs']:,} true pairs)"
        )
    for name, entry in m.get("by_story_kind", {}).items():
        print(
            f"  story kind {name:<18} precision {_pct(entry['precision']):>8} recall "
            f"{_pct(entry['recall']):>8} ({entry['texts']:,} texts, {entry['true_pairs']:,} "
            f"true pairs, {entry['predicted_pairs']:,} predicted with one)"
        )
    print(
        f"  LSH candidate recall {_pct(m['candidate_recall'])} (keeps >= half "
        f"{_pct(half['candidate_recall'])}), direct match recall "
        f"{_pct(m['direct_match_recall'])}; {result['candidates_per_article']} candidates/article"
    )
    print(
        f"  texts linked to another story: {m['wrong_links']} "
        f"{m['wrong_links_by_relation'] or ''}; wrong pairs by relation: "
        f"{m['wrong_pairs_by_relation'] or 'none'}"
    )
    print(f"  {'kept share':<10} {'pairs':>7} {'recall':>8} {'cand.':>8} {'direct':>8}")
    for name, entry in m["by_kept_share"].items():
        print(
            f"  {name:<10} {entry['true_pairs']:>7} {_pct(entry['recall']):>8} "
            f"{_pct(entry.get('candidate_recall')):>8} {_pct(entry.get('direct_match_recall')):>8}"
        )


def print_sweep(summary: Sequence[dict[str, Any]]) -> None:
    print(
        f"{'k':>2} {'bands':>7} {'thr':>4} {'prec':>8} {'recall':>8} {'rec>=½':>8} "
        f"{'cand>=½':>8} {'cand/art':>8} {'false/1k':>8} {'ms/art':>7}  all seeds, neighbours"
    )
    for r in summary:
        mark = f"*  {r['feasible_neighbours']}" if r["meets_targets_every_seed"] else ""
        print(
            f"{r['shingle_size']:>2} {r['bands']:>3}x{r['rows']:<3} {r['threshold']:>4} "
            f"{_pct(r['precision_min']):>8} {_pct(r['recall_min']):>8} "
            f"{_pct(r['recall_half_min']):>8} {_pct(r['candidate_recall_half_min']):>8} "
            f"{r['candidates_per_article']:>8} {r['false_candidates_per_1000_stored']:>8.3f} "
            f"{r['ms_per_article']:>7.3f}  {mark}"
        )


def print_growth(growth: Sequence[dict[str, Any]]) -> None:
    for g in growth:
        print(
            f"  {g['stored']:>7,} stored: {g['false_candidates_per_article']:>7.2f} false "
            f"candidates/article ({g['false_candidates_per_1000_stored']:.3f} per 1,000 "
            f"stored), {g['false_matches_per_article']:.3f} false matches/article "
            f"({g['false_matches_per_1000_stored']:.4f} per 1,000)"
        )


def print_lookup(lookup: dict[str, Any]) -> None:
    labels = {
        "index_only": "no background collisions (the index alone)",
        "with_background": f"background collisions, {lookup['false_candidates_per_1000_filler']} "
        "per 1,000 stored",
    }
    for name, group in lookup["groups"].items():
        print(f"  {labels.get(name, name)}, {group['queries']} queries:")
        for level in group["levels"]:
            print(
                f"    {level['stored']:>8,} stored: {level['us_per_lookup_median']:>8.1f} µs "
                f"median, {level['us_per_lookup_mean']:>8.1f} mean, p95 "
                f"{level['us_per_lookup_p95']:>8.1f}; {level['rows_returned_mean']:>7.1f} rows"
            )
        first, last = group["levels"][0]["stored"], group["levels"][-1]["stored"]
        print(
            f"    ratio {last:,}/{first:,}: median {group['ratio_last_to_first_median']}, "
            f"mean {group['ratio_last_to_first_mean']}"
        )
    inserts = ", ".join(
        f"{g['stored']:,}: {g['insert_s']} s, {g.get('file_mb', 0):.0f} MB"
        for g in lookup["inserts"]
    )
    print(f"  inserts (time to grow to each size, file size): {inserts}")


def show(corpus: SyndicationCorpus, base: int) -> None:
    for t in corpus.texts:
        if t.base == base:
            print(
                f"===== {t.text_id} ({t.kind}, {t.story_kind}, {t.variant or 'plain'}, "
                f"{t.outlet}, minute {t.minute:.0f}, kept {t.kept:.2f}, split {t.split}, "
                f"edits {', '.join(t.edits) or '-'})"
            )
            print(t.text)


def _growth_for(
    corpus: SyndicationCorpus, settings: NearDupSettings, texts: Sequence[str], floor: float
) -> list[dict[str, Any]]:
    truth = [t.story for t in corpus.texts]
    return candidate_growth(
        fingerprint(texts, settings), truth, growth_steps(len(texts)), jaccard_floor=floor
    )


def real_background(texts: Sequence[str], settings: NearDupSettings) -> dict[str, Any]:
    """False candidates among real news articles of different stories (every pair of
    ``texts``): the background collision rate a lookup meets on real text, where the
    generator's templated prose shares far more shingles. With no candidate among P pairs, the
    95% upper bound on the rate is 3 / P (the rule of three)."""
    sigs = [signature(text, settings) for text in texts]
    keys = [set(text_keys(t, sig, settings)) for t, sig in zip(texts, sigs, strict=True)]
    pairs = candidates = copies = 0
    values = []
    for i in range(len(sigs)):
        for j in range(i):
            pairs += 1
            candidates += bool(keys[i] & keys[j])
            copies += is_copy(sigs[i], sigs[j], settings)[0]
            values.append(jaccard(sigs[i], sigs[j]))
    rate = candidates / pairs if pairs else 0.0
    return {
        "texts": len(texts),
        "pairs": pairs,
        "false_candidates": candidates,
        "false_copies": copies,
        "false_candidates_per_1000_stored": round(1000 * rate, 4),
        "upper_95_per_1000_stored": round(1000 * max(rate, 3 / pairs), 4) if pairs else None,
        "jaccard_mean": round(statistics.fmean(values), 4) if values else None,
        "jaccard_max": round(max(values), 4) if values else None,
    }


def load_geovirus(path: Path) -> list[str]:
    """The article texts of GeoVirus.xml (``../shared/bench-data/geoparsing``)."""
    root = ET.parse(path).getroot()
    return [text for text in (a.findtext("text") for a in root.iter("article")) if text]


REAL_NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "bench-data" / "geoparsing"
REAL_NEWS = REAL_NEWS / "GeoVirus.xml"


def run_choice(bases: int, seeds: Sequence[int]) -> dict[str, Any]:
    """``choose_defaults`` on the dev corpora of ``seeds``, then the choice on their test
    corpora (each split generated on its own: ``SyndicationCorpus(split=…)``); for the texts
    as extracted (``dedup.template_pages`` 0) and as the pipeline fingerprints them by default
    (after ``strip_learned_templates``)."""
    out: dict[str, Any] = {"seeds": list(seeds)}
    for mode, strip in (("as_extracted", False), ("learned_templates_stripped", True)):
        out[mode] = _choose_mode(bases, seeds, strip)
    return out


def _choose_mode(bases: int, seeds: Sequence[int], strip: bool) -> dict[str, Any]:
    label = "template lines learned and left out" if strip else "texts as extracted"
    started = time.perf_counter()
    rows = [
        row
        for seed in seeds
        for row in choose_grid(SyndicationCorpus(bases, seed, split="dev"), strip)
    ]
    picked = choose_defaults(rows)
    choice = picked["choice"]
    print(
        f"\n{label}: choosing threshold, later_share, site_jaccard on the dev split of seeds "
        f"{list(seeds)} (shingle size {CHOICE_LAYOUT[0]}, {CHOICE_LAYOUT[2]} bands of "
        f"{CHOICE_LAYOUT[1] // CHOICE_LAYOUT[2]} + lead keys; "
        f"{time.perf_counter() - started:.0f} s):"
    )
    print_choice(picked["summary"], choice)
    out: dict[str, Any] = {"dev_rows": rows, **picked}
    if choice is None:
        print("no setting meets both targets on every dev corpus")
        return out
    settings = chosen_settings(choice, LEARNED_MIN_PAGES if strip else 0)
    print(f"\n{label}, chosen on dev: {settings}; on the test split:")
    out["test"] = []
    for seed in seeds:
        corpus = SyndicationCorpus(bases, seed, split="test")
        evaluation, _ = evaluate(corpus, settings, texts=corpus_texts(corpus, strip))
        m = evaluation["earliest"]
        print(
            f"  seed {seed}: {len(corpus):,} texts, precision {_pct(m['precision'])}, recall "
            f"{_pct(m['recall'])}, keeps >= half {_pct(m['keeps_half']['recall'])}, keeps "
            f">= 30% {_pct(m['keeps_30']['recall'])}"
        )
        out["test"].append({"seed": seed, "texts": len(corpus), "evaluation": evaluation})
    print(f"{label}, seed {seeds[0]}, test split, in detail:")
    print_evaluation(out["test"][0]["evaluation"])
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.syndication",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--bases", type=int, default=2000, help="base wire stories")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default="both",
        help="base stories of the dev split, the test split, or both (reported apart)",
    )
    parser.add_argument(
        "--sweep", action="store_true", help="also sweep shingles/thresholds/bands"
    )
    parser.add_argument(
        "--sweep-seeds",
        type=int,
        default=3,
        help="corpora (seeds S, S+1, …) for the sweep and the choice of defaults",
    )
    parser.add_argument(
        "--choose",
        action="store_true",
        help="choose threshold, later_share and site_jaccard on the dev split of each seed's "
        "corpus, then report the choice on the test split",
    )
    parser.add_argument(
        "--lookup-sizes",
        default="10000,50000,100000,200000",
        help="stored articles at which lookups are timed (empty: skip)",
    )
    parser.add_argument(
        "--settings",
        type=parse_settings,
        metavar="K,PERM,BANDS,THR",
        help="the setting evaluated in detail (default: NearDupSettings(), i.e. dedup.* defaults)",
    )
    parser.add_argument("--json", type=Path, help="result file (default benchmarks/results/…)")
    parser.add_argument("--show", type=int, metavar="I", help="print base story I's texts")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.lookup_sizes.split(",") if s.strip()]
    started = time.perf_counter()
    corpus = SyndicationCorpus(bases=args.bases, seed=args.seed, split=args.split)
    generate_s = time.perf_counter() - started
    if args.show is not None:
        show(corpus, args.show)
        return 0

    meta = run_metadata("benchmarks.syndication", argv)
    meta["versions"].update(
        datasketch=package_version("datasketch"),
        numpy=np.__version__,
        sqlite=sqlite3.sqlite_version,
    )
    print_metadata(meta)
    stats = corpus.stats() | {"generate_s": round(generate_s, 1)}
    print(
        f"corpus:   {stats['bases']} base stories, seed {stats['seed']}: {stats['texts']:,} "
        f"texts ({stats['originals']:,} originals, {stats['copies']:,} copies, "
        f"{stats['copies_keeping_half']:,} keep >= half, {stats['updates']:,} updates; "
        f"variants {stats['texts_by_variant']}), split {stats['split']} "
        f"{stats['texts_by_split']}, stories {stats['stories']}, "
        f"{stats['words_mean']} words/text; generated in {generate_s:.1f} s\n"
    )
    settings = args.settings or NearDupSettings()
    # What the pipeline fingerprints: with dedup.template_pages, the texts without the lines
    # their outlet carried on that many pages of earlier (hourly) windows.
    texts = corpus_texts(corpus, settings.template_pages > 0, settings.template_pages)
    truth = [t.story for t in corpus.texts]
    fp = fingerprint(texts, settings)
    result, candidates = evaluate(corpus, settings, fp=fp, policies=POLICIES)
    print_evaluation(result)
    best = result["best"]
    print(
        f"  joining the best-scoring match instead of the earliest: precision "
        f"{_pct(best['precision'])}, recall {_pct(best['recall'])}, keeps >= half "
        f"{_pct(best['keeps_half']['recall'])}"
    )
    cost = result["cost_ms_per_article"]
    print(
        f"\ncost per article: signature {cost['signature']:.3f} ms + band keys "
        f"{cost['band_keys']:.3f} ms = {cost['signature'] + cost['band_keys']:.3f} ms; "
        f"in-memory lookup {cost['lookup_in_memory']:.3f} ms, verifying all candidates "
        f"{cost['verify_all_candidates']:.3f} ms"
    )
    scores = result["scores"]
    print(f"similarity of candidate pairs, same story: {scores['true_pairs']}")
    for relation, summary in scores["other_stories"].items():
        print(f"  other story, {relation}: {summary}")
    result["estimator_error"] = estimator_check(texts, fp, candidates.scored)
    print("similarity() minus the exact overlap coefficient, candidate pairs by size ratio:")
    for row in result["estimator_error"]:
        print(f"  {row}")
    del candidates
    growth = candidate_growth(fp, truth, growth_steps(len(texts)))
    print("as the stored set grows (last 500 texts of each prefix of the corpus):")
    print_growth(growth)
    payload: dict[str, Any] = {
        "benchmark": "syndication",
        **meta,
        "corpus": stats,
        "targets": {"precision": TARGET_PRECISION, "recall_keeps_half": TARGET_RECALL_HALF},
        "default": result,
        "default_growth": growth,
        "candidate_probability": {
            f"{j:.1f}": {
                f"{b}x{p // b}": round(candidate_probability(j, NearDupSettings(5, p, b)), 4)
                for p, b in SWEEP_LAYOUTS
            }
            for j in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
        },
    }

    if REAL_NEWS.is_file():
        payload["real_background"] = real_background(load_geovirus(REAL_NEWS), settings)
        rb = payload["real_background"]
        print(
            f"\nreal news as background ({REAL_NEWS.name}, {rb['texts']} WikiNews articles, "
            f"{rb['pairs']:,} pairs of different stories): {rb['false_candidates']} share a band, "
            f"{rb['false_copies']} are copies; {rb['false_candidates_per_1000_stored']} false "
            f"candidates per 1,000 stored (95% bound {rb['upper_95_per_1000_stored']}); Jaccard "
            f"mean {rb['jaccard_mean']}, max {rb['jaccard_max']}"
        )
    else:
        print(f"\n{REAL_NEWS} is not here: real-news background not measured")
    if sizes:
        rate = growth[-1]["false_candidates_per_1000_stored"]
        print(
            f"\nlookup in SQLite (articles + bands, {settings.bands + settings.lead_bands} keys "
            "per lookup):"
        )
        payload["lookup"] = lookup_benchmark(corpus, fp, sizes, false_candidates_per_1000=rate)
        print_lookup(payload["lookup"])

    if args.choose:
        payload["choice"] = run_choice(
            args.bases, [args.seed + k for k in range(args.sweep_seeds)]
        )

    if args.sweep:
        seeds = [args.seed + k for k in range(args.sweep_seeds)]
        print(
            f"\nsweep over seeds {seeds} ({args.bases} bases each), policy earliest; worst case "
            "over the seeds (* meets precision >= 0.98 and recall(keeps >= half) >= 0.95 on "
            "every seed, then how many of its neighbours do too):"
        )
        started = time.perf_counter()
        rows = run_sweeps(args.bases, seeds)
        summary = summarize_sweep(rows)
        print(f"sweep took {time.perf_counter() - started:.0f} s")
        payload["sweep_seeds"] = seeds
        payload["sweep_summary"] = summary  # the per-seed rows are in its "by_seed" lists
        picks: dict[str, Any] = {}
        for mode, (strip, floor) in MODES.items():
            label = "texts as extracted" if not strip else "template lines stripped"
            print(f"\n{mode}: {label}, jaccard floor {floor}:")
            print_sweep(
                [
                    r
                    for r in summary
                    if (r["strip_template_lines"], r["jaccard_floor"]) == (strip, floor)
                ]
            )
            choice = recommend(summary, strip, floor)
            picks[mode] = choice
            if choice is None:
                print(f"{mode}: no setting meets both targets on every seed")
                continue
            picked = settings_of(choice)
            print(
                f"{mode}: recommended shingle_size={picked.shingle_size} "
                f"num_perm={picked.num_perm} bands={picked.bands} threshold={picked.threshold}"
                + ("" if choice["flat_lookup"] else " (no setting also keeps lookups flat)")
            )
            mode_texts = (
                strip_template_lines(texts, [t.outlet for t in corpus.texts]) if strip else texts
            )
            choice["growth"] = _growth_for(corpus, picked, mode_texts, floor)
            print_growth(choice["growth"])
            evaluation, _ = evaluate(
                corpus, picked, texts=mode_texts, jaccard_floor=floor, policies=POLICIES
            )
            choice["evaluation"] = evaluation
            print(f"{mode}, the recommended setting on seed {args.seed}:")
            print_evaluation(evaluation)
        payload["recommended"] = picks
        chosen = picks.get("proposed") or picks.get("as_is")
        if sizes and chosen and settings_of(chosen) != settings:
            picked = settings_of(chosen)
            rate = chosen["growth"][-1]["false_candidates_per_1000_stored"]
            print(
                f"\nlookup with the recommended setting ({picked.bands} keys), background "
                f"{rate} per 1,000 stored:"
            )
            payload["lookup_recommended"] = lookup_benchmark(
                corpus, fingerprint(texts, picked), sizes, false_candidates_per_1000=rate
            )
            print_lookup(payload["lookup_recommended"])
    path = write_results("syndication", payload, args.json)
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
