"""Events in English news text: who did what to whom, where and when, typed by PLOVER.

An event is a trigger from the lexicon below, found in a sentence that also names its actor
or its target among the actor spans given by the actor extractor. Each gives ``{"type",
"trigger", "actor", "target", "place", "time"}``: the PLOVER type, the trigger's words as
written ("imposed sanctions on"), the names of the actor, target and place spans, and the ISO
value of a time span (each None when the sentence has none).

Taxonomy: the 16 top-level types of PLOVER as the POLECAT data set uses them (its DEMAND is
REQUEST; disapproval, criticism and investigation are folded into ACCUSE). The lexicon is
English and written for this module; ``word~`` stands for every form of the verb (attack,
attacks, attacked, attacking; met for meet, struck for strike)::

    AGREE      agree~ (to/on/with) · sign~/reach~/strike~ an agreement, deal, accord, treaty,
               pact, ceasefire, truce · accept~ an offer, proposal, plan · ratify~ ·
               an agreement/deal/ceasefire between or with
    CONSULT    meet~ (with) · hold~ talks/meeting/negotiations/summit (with) · talks with ·
               visit~ · host~ · negotiate~ · consult~ · speak~/talk~ with · discuss~
    SUPPORT    praise~ · back~ (not "backed down") · endorse~ · support~ · welcome~ ·
               commend~ · hail~ · applaud~ · congratulate~ · thank~ · side~ with ·
               rally~ behind · express~/voice~ support for
    CONCEDE    release~/free~ prisoners, hostages, detainees · ease~/lift~ restrictions,
               sanctions, a blockade · apologise~ · make~ concessions · pardon~ · back~ down ·
               drop~ charges/demands · reopen~ a border/crossing · grant~ an amnesty
    COOPERATE  cooperate~ (with) · collaborate~ · partner~ with · team~ up · join~ forces ·
               share~ intelligence · hold~/conduct~ joint exercises, drills, patrols ·
               joint exercises/patrols with
    AID        send~/deliver~/provide~/ship~/airlift~/donate~/supply~ aid, food, supplies,
               medicine, fuel, funds, weapons · grant~ aid/asylum/a loan · donate~
    RETREAT    withdraw~ (troops) (from) · pull~ out (of) · pull~ back · retreat~ ·
               demobilise~ · call~ off an offensive/attack · end~ a blockade/siege/occupation
    REQUEST    call~ on/for · urge~ · demand~ · appeal~ to/for · request~ · ask~ for ·
               ask~ (someone) · press~ (someone) · petition~ · plead~ with
    ACCUSE     accuse~ · condemn~ · criticise~ · denounce~ · blame~ · sue~ · rebuke~ ·
               censure~ · decry~ · slam~ (not "slammed into") · file~ a complaint/lawsuit ·
               investigate~ (someone) · launch~/open~ an investigation/inquiry/probe into
    REJECT     reject~ · refuse~ · deny~ claims/allegations/reports/involvement · dismiss~
               claims/proposals/calls · veto~ · turn~ down · snub~ · defy~ · walk~ out of ·
               withdraw~ from an agreement/talks · block~ a resolution/bill · decline~ an offer
    THREATEN   threaten~ · warn~ (someone; not "warned that/of/about") · issue~ an ultimatum
               · vow~ to retaliate/respond/hit back
    PROTEST    protest~ · rally~/march~/demonstrate~ against or outside · go~ on (hunger)
               strike · stage~/hold~ a protest/rally/demonstration/sit-in/strike/walkout ·
               take~ to the streets · picket~ · boycott~ · protests/demonstrations against
    SANCTION   impose~/slap~/announce~ sanctions, tariffs, an embargo, a ban, penalties (on) ·
               sanction~ · freeze~ assets · recall~/withdraw~ an ambassador · sever~/cut~
               ties or relations · suspend~/halt~ aid, trade, talks · blacklist~ ·
               ban~ imports/exports/flights · sanctions on/against
    MOBILIZE   deploy~ · mobilise~ · send~/dispatch~ troops, soldiers, forces, warships ·
               mass~/move~/station~ troops · put~ forces on alert · call~ up reservists
    COERCE     arrest~ · detain~ · expel~ · deport~ · seize~ · raid~ · jail~ · imprison~ ·
               sentence~ · confiscate~ · censor~ · evict~ · crack~ down (on) · round~ up ·
               impose~ a curfew · ban~ · blockade~ · outlaw~ · fire~ tear gas · place~/put~
               under (house) arrest
    ASSAULT    attack~ · shell~ · bomb~ · bombard~ · kill~ · strike~ · shoot~ · invade~ ·
               ambush~ · assassinate~ · assault~ · kidnap~ · abduct~ · torture~ · open~ fire
               · fire~ rockets/missiles/shells (at) · launch~/carry~ out/mount~ an attack,
               strike, airstrikes, raid, offensive · attacks/airstrikes on, shelling of

Verb forms: a trigger verb counts in the past ("attacked"), the present ("attacks"), the
perfect ("has attacked"), the future ("will attack", reported "would attack") and the
progressive ("were attacking"). It does not count when it is negated ("did not sign", "has
never attacked", "no longer backs": no event, not an event of the opposite type), under a
modal of possibility ("could", "may", "might", "should", "must", "can"), as an infinitive
("threatened to impose sanctions" is THREATEN only; "began/started/continued/was forced to"
still count), as a gerund without "be" ("accused it of shelling"), or as a noun after a
determiner ("the attack", "new sanctions") unless the lexicon has the noun ("attack on").
Verbs that are often used otherwise need an actor (kill, shoot, donate, deploy), a target
(meet, visit, host, speak, discuss, ask, press, warn, thank, investigate) or both (strike:
"struck oil"); "met the deadline", "released a statement", "warned that" are not events.

Linking rules, within one sentence (sentences end at ``.!?`` before a capital, or at a line
break; not after "Mr.", "Gen.", "Nov." or initials such as "U.S."):

- The clause runs from the last ``;``, ``:`` or subordinating word ("while", "after",
  "because", ", as" …) before the trigger to the next one after it.
- Actor: the nearest actor span before the trigger in its clause (the grammatical subject).
  A comma-delimited appositive right before the verb is skipped ("Ana Torres, the director
  of Corvex, accused …" → Ana Torres), and a span after "in", "at" or "near" is a place, not
  a subject. When the subject is the object of an earlier verb joined by "and", "but" or
  "then" ("Kenya accused Uganda and shelled …"), the earlier verb's subject is used.
  Coordinated subjects give one event each ("Kenya and Uganda imposed …"), except for
  AGREE, CONSULT and COOPERATE without a target, where the second is the target.
- Target: the nearest actor span after the trigger, within eight words, in its clause and
  before the next trigger; not the subject of that next trigger ("… the depot and Uganda
  protested"), not a place ("in Kenya") and not an agent after "by" ("a truce brokered by
  Kenya"). Coordinated targets give one event each.
- Passive ("was attacked by X", "were expelled"): the actor is the span after "by", the
  target the subject. A noun trigger ("attack on", "talks between") takes its actor only
  from "by X", a possessive ("Corvex's attack") or "between X and Y", never from the
  sentence subject.
- Place: a place span in the sentence that is not the actor or target mention, preferring
  one after "in", "at", "near" or "on", and then the nearest to the trigger.
- Time: the time span nearest to the trigger in its clause, else in its sentence.

An event needs an actor or a target; identical events are reported once. Non-English text
gives no events (the lexicon is English).

Try it::

    python -c "from pipelines.core.events.events import Span, extract_events as e; \
print(e('Kenya imposed sanctions on Uganda.', actors=[Span(0, 5, 'Kenya'), \
Span(27, 33, 'Uganda')]))"
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Sequence


@dataclasses.dataclass(frozen=True)
class Span:
    """One mention found by another extractor: offsets into the text, and its name."""

    start: int
    end: int
    name: str


EVENT_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

EVENT_DEFINITIONS = {
    "AGREE": "Commits to a deal or course of action, or accepts another's proposal.",
    "CONSULT": "Meets, visits, talks or negotiates with another party.",
    "SUPPORT": "Voices approval of, praise for or backing of another party or its action.",
    "CONCEDE": "Gives ground: frees captives, eases restrictions, apologises, yields.",
    "COOPERATE": "Works together with another party (joint action, shared intelligence).",
    "AID": "Gives material help: aid, food, supplies, money, weapons, asylum.",
    "RETREAT": "Pulls back forces or ends a hostile operation.",
    "REQUEST": "Asks, urges or demands that another party act.",
    "ACCUSE": "Accuses, blames, criticises, sues or investigates another party.",
    "REJECT": "Refuses, rejects, denies or vetoes a proposal, demand or claim.",
    "THREATEN": "Threatens or warns of harm or hostile action.",
    "PROTEST": "Demonstrates, rallies, strikes or boycotts against a party or policy.",
    "SANCTION": "Cuts or limits relations: sanctions, embargoes, tariffs, severed ties.",
    "MOBILIZE": "Deploys, mobilises or moves armed forces, or raises their alert.",
    "COERCE": "Uses state force short of violence: arrests, expulsions, seizures, curfews.",
    "ASSAULT": "Uses violence: attacks, shelling, bombing, killing, abduction.",
}

# The lexicon, one entry a string: flags, a head word, then a regular expression for the
# words after it, in which a space is any run of spaces and {mod} up to four lowercase words
# or numbers ("a new", "3,000"). The head is "/"-separated alternatives; "word~" stands for
# every form of the verb, "word?" a noun and its plural. Flags: "!" needs an actor, "+" needs
# a target, "@" a noun trigger (actor only from "by X", a possessive or "between"), "-" no
# base or -s form (they are adjectives or nouns: "free").
_AGREE_NOUNS = r"(agreements?|deals?|accords?|treat(y|ies)|pacts?|ceasefire|truce|memorandum)"
_AID_NOUNS = (
    r"(aid|food|supplies|medicines?|medical( supplies| aid| equipment| teams)?|relief"
    r"|assistance|vaccines|tents|water|fuel|blankets|humanitarian|funds|funding|money|loans?|grants?|weapons|arms|ammunition)"
)
_FORCES = (
    r"(troops|soldiers|forces|warships|ships|jets|tanks|reinforcements|police|peacekeepers"
    r"|units|fighters|marines|reservists)"
)
_ATTACKS = (
    r"(attacks?|strikes?|air ?strikes?|drone strikes?|raids?|offensive|assault|bombardment"
    r"|ambush|bombing)"
)
_WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
LEXICON: dict[str, tuple[str, ...]] = {
    "AGREE": (
        rf"sign~/reach~/strike~/conclude~ {{mod}}{_AGREE_NOUNS}( with)?",
        "agree~( to| on| upon| with)?",
        "accept~ {mod}(offer|proposal|plan|terms|deal|invitation|conditions|ceasefire)",
        "ratify~",
        "@agreement?/deal?/accord?/treaty/pact?/ceasefire/truce between",
        "@agreement?/deal?/accord?/treaty/pact?/ceasefire/truce with",
    ),
    "CONSULT": (
        "+meet~(?! (the |its |their )?(deadline|target|demand|requirement|criteria|goal)s?\\b)"
        "( with)?",
        "hold~ {mod}(talks|meetings?|discussions|consultations|negotiations|summit|call)( with)?",
        "@talks/meeting/negotiations between",
        "@talks/meeting/negotiations with",
        "+visit~",
        "+host~",
        "negotiate~( with)?",
        "consult~( with)?",
        "+speak~/talk~( by (tele)?phone)? (with|to)",
        "+telephone~/phone~",
        "+discuss~",
    ),
    "SUPPORT": (
        "praise~",
        "back~(?! (down|away|off|out)\\b)",
        "endorse~",
        "support~",
        "welcome~",
        "commend~",
        "hail~",
        "applaud~",
        "congratulate~",
        "+thank~",
        "side~ with",
        "rally~ (behind|around)",
        "express~/voice~/pledge~ {mod}support( for)?",
    ),
    "CONCEDE": (
        "release~/free~ {mod}(prisoners?|hostages?|detainees?|captives?|activists|journalists)",
        "-free~",
        "ease~/lift~ {mod}(restrictions|sanctions|curbs|blockade|controls|lockdown|curfew"
        "|ban|embargo|siege)( on)?",
        "apologise~/apologize~( to| for)?",
        "make~ {mod}concessions?( to)?",
        "pardon~",
        "back~ down",
        "drop~ {mod}(charges|demands?|objections?|claims?)",
        "reopen~ {mod}(border|borders|crossings?|embassy|airspace)",
        "grant~ {mod}(amnesty|pardons?|concessions)( to)?",
    ),
    "COOPERATE": (
        "cooperate~/collaborate~( with)?",
        "partner~ with",
        "team~ up( with)?",
        "join~ forces( with)?",
        "share~ {mod}(intelligence|information|data)( with)?",
        "hold~/conduct~/stage~/launch~/begin~/start~ {mod}joint {mod}(exercises?|drills?"
        "|patrols?|operations?|manoeuvres|maneuvers|training)( with)?",
        "@joint {mod}(exercises|drills|patrols|manoeuvres|maneuvers)( with| between)",
    ),
    "AID": (
        rf"send~/deliver~/provide~/ship~/airlift~/airdrop~/dispatch~/donate~/supply~/give~"
        rf" {{mod}}{_AID_NOUNS}( to| for)?",
        "grant~ {mod}(aid|loans?|asylum|funds|assistance)( to)?",
        "!donate~( to)?",
    ),
    "RETREAT": (
        rf"withdraw~( {{mod}}{_FORCES})?( from)?",
        "pull~ out( of)?",
        "pull~ back( from)?",
        rf"pull~ {{mod}}{_FORCES} (out|back)( of| from)?",
        "retreat~( from)?",
        "demobilise~/demobilize~",
        "call~ off {mod}(offensive|attack|assault|operation|siege|strikes?)",
        "end~ {mod}(blockade|siege|offensive|occupation)( of)?",
    ),
    "REQUEST": (
        rf"call~ (on|upon)(?! {_WEEKDAY}\b)",
        "call~ for",
        "urge~",
        "demand~",
        "appeal~( to| for)",
        "request~",
        "ask~ for",
        "+ask~",
        "+press~",
        "petition~",
        "implore~",
        "plead~ with",
    ),
    "ACCUSE": (
        "accuse~",
        "condemn~",
        "criticise~/criticize~",
        "denounce~",
        "blame~",
        "sue~",
        "rebuke~",
        "censure~",
        "decry~",
        "lambast~",
        "slam~(?! (into|shut|the door)\\b)",
        "file~ {mod}(complaint|lawsuit|suit|charges)( against)?",
        "+investigate~",
        "launch~/open~ {mod}(investigation|inquiry|probe)( into)?",
    ),
    "REJECT": (
        "reject~",
        "refuse~",
        "deny~ {mod}(claims?|allegations?|accusations?|reports?|charges?|involvement"
        "|responsibility)",
        "dismiss~ {mod}(claims?|allegations?|accusations?|reports?|criticism|proposals?|offer"
        "|demands?|calls?|appeal|request|concerns)",
        "veto~",
        "turn~ down",
        "snub~",
        "defy~",
        "walk~ out( of)?",
        "withdraw~/pull~ (out )?(from|of) {mod}(agreement|deal|treaty|accord|talks"
        "|negotiations|pact)",
        "block~ {mod}(resolution|bill|proposal|motion|measure|deal)",
        "decline~ {mod}(offer|invitation|request|proposal)",
    ),
    "THREATEN": (
        "threaten~",
        "+warn~(?! (that|of|about|on|against|in|it|its)\\b)",
        "issue~ {mod}ultimatum( to)?",
        "vow~ to (retaliate|respond|hit back|strike back)",
    ),
    "PROTEST": (
        "protest~( against| outside)?",
        "rally~/march~/demonstrate~ (against|outside|in front of)",
        "go~ on {mod}strike",
        "stage~/hold~ {mod}(protests?|rall(y|ies)|demonstrations?|sit-ins?|walkouts?"
        "|strikes?|marches|march|boycotts?)( against| outside)?",
        "take~ to the streets",
        "picket~",
        "boycott~",
        "@protest?/demonstration?/rallies against",
    ),
    "SANCTION": (
        "impose~/slap~/announce~/levy~ {mod}(sanctions|tariffs?|embargo|ban|penalties"
        "|fines?|duties|export controls|travel ban|visa restrictions)( on| against)?",
        "sanction~",
        "freeze~ {mod}assets( of)?",
        "recall~/withdraw~/expel~ {mod}(ambassador|envoy)( from| to)?",
        "sever~/cut~/break~ (off )?{mod}(ties|relations)( with)?",
        "suspend~/halt~ {mod}(aid|talks|cooperation|relations|ties|trade|imports|exports"
        "|funding|membership)( with| to| from)?",
        "blacklist~",
        "ban~ {mod}(imports|exports|flights|trade)( from| to)?",
        "@sanctions (on|against)",
    ),
    "MOBILIZE": (
        "!deploy~",
        "mobilise~/mobilize~",
        rf"send~/dispatch~/mass~/move~/station~ {{mod}}{_FORCES}( to| into| near)?",
        "put~/place~ {mod}(troops|forces|military|army) on {mod}alert",
        "call~ up {mod}(reservists|reserves|troops)",
    ),
    "COERCE": (
        "arrest~",
        "detain~",
        "expel~",
        "deport~",
        "seize~",
        "raid~",
        "jail~",
        "imprison~",
        "sentence~",
        "confiscate~",
        "censor~",
        "evict~",
        "crack~ down( on)?",
        "round~ up",
        "impose~ {mod}curfew( on)?",
        "ban~",
        "blockade~",
        "outlaw~",
        "fire~ {mod}tear gas( at| on)?",
        "place~/put~ {mod}under (house )?arrest",
    ),
    "ASSAULT": (
        "attack~",
        "shell~",
        "bomb~",
        "bombard~",
        "!kill~",
        "!+strike~",
        "!shoot~",
        "invade~",
        "ambush~",
        "assassinate~",
        "assault~",
        "kidnap~",
        "abduct~",
        "torture~",
        "open~ fire( on| at)?",
        "fire~ {mod}(rockets?|missiles?|shells|mortars?|drones?|shots) (at|on|into)",
        rf"launch~/mount~/stage~/conduct~ {{mod}}{_ATTACKS}( on| against)?",
        rf"carry~ out {{mod}}{_ATTACKS}( on| against)?",
        "@attack?/airstrike?/strike?/raid? (on|against)",
        "@air strikes? (on|against)",
        "@shelling/bombing/invasion of",
    ),
}


def _words(text: str) -> list[str]:
    """The words of a word list written as one string."""
    return text.split()


# Verbs whose past and participle are not "-ed", and those that double their last letter.
_IRREGULAR = {
    "meet": ("met", "met"),
    "hold": ("held", "held"),
    "strike": ("struck", "struck"),
    "send": ("sent", "sent"),
    "give": ("gave", "given"),
    "go": ("went", "gone"),
    "withdraw": ("withdrew", "withdrawn"),
    "shoot": ("shot", "shot"),
    "freeze": ("froze", "frozen"),
    "put": ("put", "put"),
    "cut": ("cut", "cut"),
    "break": ("broke", "broken"),
    "speak": ("spoke", "spoken"),
    "begin": ("began", "begun"),
    "take": ("took", "taken"),
    "make": ("made", "made"),
}
_DOUBLING = frozenset(_words("ban expel kidnap patrol stop drop plan slam snub ship airdrop"))
# Words of a verb group before the verb ("has also been"), and what they tell.
_AUX = frozenset(
    _words("""has have had having will would shall is are was were be been being get got gets
    did does do could might may should must can cannot to not never also already reportedly
    allegedly previously later then now again repeatedly jointly formally officially finally
    recently once yet still just further no longer subsequently immediately swiftly""")
)
_BE = frozenset(_words("is are was were be been being get got gets"))
_MODAL = frozenset(_words("could might may should must can cannot"))
_NEGATION = frozenset(_words("not never cannot"))
_STILL_REAL = frozenset(
    _words(
        "began begun begin begins started start starts continued continue continues moved forced"
    )
)
# Words before a base or -s form that make it a noun ("the attack", "new sanctions").
_NOUN_BEFORE = frozenset(
    _words("""a an the its their his her our your my this that these those any no every each
    another new fresh further recent latest alleged planned deadly suicide rocket drone air
    military possible joint renewed tough sweeping economic western international under of in on
    for with against from by""")
)
_NOUN_LIKE = frozenset({"base", "s"})  # the forms a verb shares with its noun
_LOCATIVE = frozenset(_words("in at near inside outside across throughout around"))
_SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
_PLACE_PREPS = frozenset(_words("in at near on"))

_MOD = r"(?-i:(?:[a-z0-9](?:[\w'’\-]|[.,](?=\d))*\s+){0,4}?)"
_PUNCTUATION = "\"'“”‘’()[],.;:!?—–-"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Z]")  # "U.S", "J" before the final period
_OPENERS = " \t\n\"“‘'(["
_ABBREVIATIONS = frozenset(
    _words("""mr mrs ms dr st gen lt col capt sgt sen rep gov prof rev adm maj jr sr inc ltd co
    corp no vs jan feb mar apr jun jul aug sep sept oct nov dec""")
)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n")
_CLAUSE_BREAK = re.compile(
    r";|:(?!\d)|,\s+(?:as|while|whereas|although|though|after|before|when|because|since|until"
    r"|unless)\b|\s(?:while|whereas|although|though|after|before|when|because|since|until"
    r"|unless)\s"
)
_BY = re.compile(r"(?:\s+[\w'’,\-]+){0,4}?\s+by\s+")
_COORD_GAP = re.compile(
    r"[^;]*?\b(?:and|but|then|or)\s+(?:(?:[a-z]+ly|then|also|later|again|soon)\s+)*"
    r"(?:(?:has|have|had|will|would|was|were|is|are)\s+)*"
)
_RELATIVE = re.compile(r"\b(?:that|which|who)\s*$")
_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")
_POSSESSIVE = re.compile(r"['’]s?(?:\s+[a-z][\w\-]*){0,2}\s+$")


@dataclasses.dataclass(frozen=True)
class _Entry:
    type: str
    rest: re.Pattern[str]
    verb: bool
    noun: bool
    needs_actor: bool
    needs_target: bool
    no_base: bool


def _forms(lemma: str) -> dict[str, frozenset[str]]:
    """Every written form of a verb, with what it can be: base, s, past, pp, ing."""
    stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) else lemma
    double = lemma + lemma[-1] if lemma in _DOUBLING else lemma
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma in _IRREGULAR:
        past, participle = _IRREGULAR[lemma]
    elif lemma.endswith("e"):
        past = participle = lemma + "d"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past = participle = lemma[:-1] + "ied"
    else:
        past = participle = double + "ed"
    if lemma.endswith("ie"):
        ing = lemma[:-2] + "ying"
    elif stem != lemma:
        ing = stem + "ing"
    else:
        ing = double + "ing"
    forms: dict[str, set[str]] = {}
    for form, tag in ((lemma, "base"), (third, "s"), (past, "past"), (participle, "pp")):
        forms.setdefault(form, set()).add(tag)
    forms.setdefault(ing, set()).add("ing")
    return {form: frozenset(tags) for form, tags in forms.items()}


def _compile() -> dict[str, list[tuple[_Entry, frozenset[str]]]]:
    """The lexicon indexed by the written form of its head words."""
    index: dict[str, list[tuple[_Entry, frozenset[str]]]] = {}
    for event_type, entries in LEXICON.items():
        for raw in entries:
            # Flags, the head (up to a space or a bracket), then what follows it.
            flags, head, rest = re.fullmatch(r"([!+@\-]*)([^\s(]+)(.*)", raw).groups()
            pattern = rest.replace(" ", r"\s+").replace("{mod}", _MOD)
            rest_re = re.compile(pattern + r"(?![\w\-])", re.I)
            for alternative in head.split("/"):
                verb = alternative.endswith("~")
                entry = _Entry(
                    event_type,
                    rest_re,
                    verb=verb,
                    noun="@" in flags,
                    needs_actor="!" in flags,
                    needs_target="+" in flags,
                    no_base="-" in flags,
                )
                if verb:
                    forms = _forms(alternative[:-1])
                else:
                    word = alternative.rstrip("?")  # "attack?": attack or attacks
                    forms = {word: frozenset()}
                    if alternative.endswith("?"):
                        forms[word + "s"] = frozenset()
                for form, tags in forms.items():
                    index.setdefault(form, []).append((entry, tags))
    return index


def _trie(words) -> str:
    """A regular expression matching any of ``words``, as a trie: one letter tested per step."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        arms = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not arms:
            return ""
        body = arms[0] if len(arms) == 1 else "(?:" + "|".join(arms) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(root)


_INDEX = _compile()
# Every head word in one pattern, run over the lowercased text: a trie is much faster than
# trying each word at each position, and finds only the ~10% of words worth a look.
_HEADS = re.compile(rf"(?<![\w'’])(?:{_trie(_INDEX)})(?![\w'’])")


@dataclasses.dataclass
class _Trigger:
    start: int  # the head word
    end: int
    group_start: int  # the verb group ("has not been") before the head
    entry: _Entry
    live: bool  # False when negated, modal, an infinitive or a gerund
    passive: bool


def _sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a text as (start, end) offsets."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() != "\n" and text[m.start()] == ".":
            words = text[max(start, m.start() - 20) : m.start()].split()
            word = words[-1].lstrip("\"“‘'([") if words else ""
            if word.lower() in _ABBREVIATIONS or _INITIALS.fullmatch(word):
                continue
        if text[start : m.end()].strip():
            bounds.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def _triggers(text: str, first_words: set[int]) -> list[_Trigger]:
    """The lexicon's triggers in a text, longest first at each word, left to right."""
    found: list[_Trigger] = []
    skip_until = 0
    lowered = text.lower()
    if len(lowered) != len(text):  # a few non-ASCII letters lengthen when lowercased
        lowered = text.translate(_ASCII_LOWER)
    for token in _HEADS.finditer(lowered):
        start, end = token.span()
        if start < skip_until or (text[start].isupper() and start not in first_words):
            continue
        candidates = _INDEX[token.group()]
        # The words right before the head, nearest last (only when a space separates them).
        window_start = max(0, start - 80)
        window = text[window_start:start]
        previous = window.split() if window[-1:].isspace() else []
        if previous and window_start and not window[0].isspace():
            previous.pop(0)  # cut by the window
        before = previous[-1].lower() if previous else ""
        if before.endswith(("'s", "’s")):
            before = "the"
        best: tuple[int, _Entry, frozenset[str]] | None = None
        for entry, tags in candidates:
            if entry.verb and tags <= _NOUN_LIKE and (entry.no_base or before in _NOUN_BEFORE):
                continue
            m = entry.rest.match(text, end)
            # The longest reading wins; on a tie the noun ("talks with", "meeting with").
            if m and (best is None or m.end() > best[0] or (m.end() == best[0] and entry.noun)):
                best = (m.end(), entry, tags)
        if best is None:
            continue
        stop, entry, tags = best
        group_start, live, passive = start, True, False
        if entry.verb:
            group: list[str] = []
            j = len(previous) - 1
            at = len(window)
            while j >= 0:
                written = previous[j]
                aux = written.lower().replace("’", "'")
                adverb = aux.endswith("ly") and len(aux) > 4 and written[0].islower()
                if not (aux in _AUX or aux.endswith("n't") or adverb):
                    break
                group.insert(0, aux)
                at = window.rfind(written, 0, at)
                group_start = window_start + at
                j -= 1
            governor = previous[j].lower() if j >= 0 else ""
            words = set(group)
            negated = (
                not words.isdisjoint(_NEGATION)
                or any(w.endswith("n't") for w in group)
                or {"no", "longer"} <= words
            )
            modal = not words.isdisjoint(_MODAL)
            infinitive = "to" in words and governor not in _STILL_REAL
            has_be = not words.isdisjoint(_BE)
            gerund = tags == {"ing"} and not has_be and "having" not in group
            passive = "pp" in tags and has_be
            live = not (negated or modal or infinitive or gerund)
        found.append(_Trigger(start, stop, group_start, entry, live, passive))
        skip_until = stop
    return found


def _space_only(text: str, start: int, end: int) -> bool:
    return start <= end and not text[start:end].strip()


def extract_events(
    text: str,
    *,
    actors: Sequence[Span] = (),
    places: Sequence[Span] = (),
    times: Sequence[tuple[Span, str]] = (),
) -> list[dict]:
    """Finds the events of an English text, linked to the actors, places and times given.

    Args:
        text: The article text.
        actors: The actor mentions found in ``text`` (people, organisations, countries).
        places: The place mentions found in ``text``.
        times: The time mentions found in ``text``, each with its ISO 8601 UTC value.

    Returns:
        ``[{"type", "trigger", "actor", "target", "place", "time"}]`` in text order, without
        duplicates: ``type`` one of :data:`EVENT_TYPES`, ``trigger`` the words as written,
        ``actor``/``target``/``place`` names of the given spans (or None), ``time`` the value
        of a time span (or None). Every event has an actor or a target.
    """
    spans = _Spans(actors, places, times, len(text))
    if not spans.actors.spans:
        return []
    sentences = _sentences(text)
    # Where each sentence's first word starts: only there may a trigger be capitalised.
    first_words = set()
    for start, end in sentences:
        chunk = text[start : min(end, start + 40)]
        first_words.add(start + len(chunk) - len(chunk.lstrip(_OPENERS)))
    triggers = _triggers(text, first_words)
    if not triggers:
        return []
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[_Trigger]] = {}
    for trigger in triggers:
        index = bisect.bisect_right(starts, trigger.start) - 1
        if index >= 0 and trigger.end <= sentences[index][1]:
            by_sentence.setdefault(index, []).append(trigger)

    events: dict[tuple, dict] = {}
    for index, sentence_triggers in by_sentence.items():
        s_start, s_end = sentences[index]
        sentence = _Sentence(text, s_start, s_end, spans)
        # The last live trigger and its subject, for verbs joined by "and" that share it.
        previous: _Trigger | None = None
        inherited: list[Span] = []
        for k, trigger in enumerate(sentence_triggers):
            if not trigger.live:
                continue
            following = sentence_triggers[k + 1] if k + 1 < len(sentence_triggers) else None
            subject = sentence.subject(trigger, previous, inherited)
            for event in sentence.link(trigger, subject, following):
                events.setdefault(tuple(event.values()), event)
            previous, inherited = trigger, subject
    return list(events.values())


class _Sorted:
    """Spans in text order, to take those of one sentence without reading them all."""

    def __init__(self, spans: Sequence[Span], size: int) -> None:
        self.spans = sorted((s for s in spans if 0 <= s.start < s.end <= size), key=_offsets)
        self.starts = [s.start for s in self.spans]

    def within(self, start: int, end: int) -> list[Span]:
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end, first)
        return [s for s in self.spans[first:last] if s.end <= end]


class _Spans:
    """The actor, place and time spans of a text, sorted once."""

    def __init__(self, actors, places, times, size: int) -> None:
        self.actors = _Sorted(actors, size)
        self.places = _Sorted(places, size)
        self.times = _Sorted([s for s, _ in times], size)
        self.values = {id(s): value for s, value in times}


class _Sentence:
    """The spans of one sentence, and the rules that link them to its triggers."""

    def __init__(self, text: str, start: int, end: int, spans: _Spans) -> None:
        self.text, self.start, self.end = text, start, end
        self.spans = spans
        self.actors = spans.actors.within(start, end)
        self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, start, end)]
        self._clauses: dict[int, tuple[int, int]] = {}
        self._before: dict[int, str] = {}

    @functools.cached_property
    def places(self) -> list[Span]:
        return self.spans.places.within(self.start, self.end)

    @functools.cached_property
    def times(self) -> list[tuple[Span, str]]:
        values = self.spans.values
        return [(s, values[id(s)]) for s in self.spans.times.within(self.start, self.end)]

    def clause(self, trigger: _Trigger) -> tuple[int, int]:
        found = self._clauses.get(trigger.start)
        if found is None:
            breaks = self.breaks
            at = bisect.bisect_left(breaks, trigger.group_start)
            begin = breaks[at - 1] if at else self.start
            at = bisect.bisect_left(breaks, trigger.end)
            finish = breaks[at] if at < len(breaks) else self.end
            found = self._clauses[trigger.start] = (begin, finish)
        return found

    def _word_before(self, span: Span) -> str:
        """The word before a span, passing over "the" ("in the U.S." → "in")."""
        word = self._before.get(span.start)
        if word is None:
            words = self.text[max(self.start, span.start - 24) : span.start].split()
            if len(words) > 1 and words[-1].lower() == "the":
                words.pop()
            word = words[-1].strip(_PUNCTUATION).lower() if words else ""
            self._before[span.start] = word
        return word

    def _candidate(self, span: Span) -> bool:
        return self._word_before(span) not in _LOCATIVE

    def subject(self, trigger: _Trigger, previous: _Trigger | None, inherited: list[Span]):
        """The subject spans of a trigger (one, or several joined by "and")."""
        text = self.text
        begin, _ = self.clause(trigger)
        limit = trigger.group_start
        # Skip an appositive right before the verb: "Ana Torres, the director of Corvex, …".
        head = text[begin:limit].rstrip()
        if head.endswith(","):
            comma = begin + len(head) - 1
            opening = text.rfind(",", begin, comma)
            if opening > begin and any(
                _space_only(text, s.end, opening) for s in self.actors if s.end <= opening
            ):
                limit = opening
        # After an earlier verb of the clause, only what follows it can be this one's subject.
        joined = previous is not None and begin <= previous.group_start
        first = previous.end if joined and previous.end <= limit else begin
        before = [s for s in self.actors if s.start >= first and s.end <= limit]
        before = [s for s in before if self._candidate(s)]
        subject = before[-1] if before else None
        if subject is not None:
            # "floods that killed": the relative pronoun stands for a noun after the span.
            relative = _RELATIVE.search(text, subject.end, limit)
            if relative and text[subject.end : relative.start()].strip(" ,"):
                subject = None
        if previous is not None and previous.end <= trigger.group_start:
            after_previous = subject is None or subject.start >= previous.end
            gap_from = subject.end if subject is not None else previous.end
            if (
                after_previous
                and inherited
                and joined
                and _COORD_GAP.fullmatch(text, gap_from, trigger.group_start)
            ):
                return inherited
        if subject is None:
            return []
        chain = [subject]
        for span in [] if first > begin else reversed(before[:-1]):
            if _JOIN.fullmatch(text, span.end, chain[0].start):
                chain.insert(0, span)
            else:
                break
        return chain

    def _after(self, trigger: _Trigger, following: _Trigger | None, skip: Span | None):
        """The target spans after a trigger (one, or several joined by "and")."""
        text = self.text
        _, finish = self.clause(trigger)
        if following is not None:
            finish = min(finish, following.group_start)
        found: list[Span] = []
        for span in self.actors:
            if span.start < trigger.end or span.end > finish or span == skip:
                continue
            if not found:
                if len(text[trigger.end : span.start].split()) > 8:
                    break
                # After "in"/"at" a place; after "by" the agent of another verb ("a truce
                # brokered by Kenya"), or of this one in the passive.
                if not self._candidate(span) or self._word_before(span) == "by":
                    continue
                found.append(span)
            elif _JOIN.fullmatch(text, found[-1].end, span.start):
                found.append(span)
            else:
                break
        if (
            following is not None
            and found
            and finish == following.group_start
            and _space_only(text, found[-1].end, finish)
            and not text.startswith("to", finish)
        ):
            found.pop()  # the subject of the next verb, not an object of this one
        return found

    def _agent(self, trigger: _Trigger) -> Span | None:
        m = _BY.match(self.text, trigger.end)
        if not m:
            return None
        for span in self.actors:
            if span.start >= m.end():
                between = self.text[m.end() : span.start]
                return span if len(between.split()) <= 4 and ";" not in between else None
        return None

    def link(self, trigger: _Trigger, subject: list[Span], following: _Trigger | None):
        """The events of one live trigger."""
        entry = trigger.entry
        pairs: list[tuple[Span | None, Span | None]] = []
        if entry.noun:
            agent = self._agent(trigger)
            owner = [
                s
                for s in self.actors
                if s.end <= trigger.start
                and _POSSESSIVE.fullmatch(self.text, s.end, trigger.start)
            ]
            targets = self._after(trigger, following, agent)
            if self.text[trigger.start : trigger.end].lower().endswith("between"):
                if len(targets) >= 2:
                    pairs.append((targets[0], targets[1]))
            else:
                actor = agent or (owner[-1] if owner else None)
                pairs.extend((actor, t) for t in targets or [None])
        elif trigger.passive:
            agent = self._agent(trigger)
            targets = subject or [t for t in self._after(trigger, following, agent)]
            pairs.extend((agent, t) for t in targets or [None])
        else:
            targets = self._after(trigger, following, None)
            if not targets and len(subject) >= 2 and entry.type in _SYMMETRIC:
                pairs.append((subject[0], subject[1]))
            else:
                pairs.extend((a, t) for a in subject or [None] for t in targets or [None])
        for actor, target in pairs:
            if actor is not None and target is not None and actor.name == target.name:
                target = None
            if actor is None and target is None:
                continue
            if (entry.needs_actor and actor is None) or (entry.needs_target and target is None):
                continue
            yield {
                "type": entry.type,
                "trigger": self.text[trigger.start : trigger.end],
                "actor": actor.name if actor else None,
                "target": target.name if target else None,
                "place": self._place(trigger, actor, target),
                "time": self._time(trigger),
            }

    def _place(self, trigger: _Trigger, actor: Span | None, target: Span | None) -> str | None:
        taken = [s for s in (actor, target) if s is not None]
        free = [
            p for p in self.places if not any(p.start < s.end and s.start < p.end for s in taken)
        ]
        if not free:
            return None
        preferred = [p for p in free if self._word_before(p) in _PLACE_PREPS] or free
        return min(preferred, key=lambda p: _distance(p, trigger)).name

    def _time(self, trigger: _Trigger) -> str | None:
        if not self.times:
            return None
        begin, finish = self.clause(trigger)
        near = [(s, v) for s, v in self.times if begin <= s.start and s.end <= finish]
        return min(near or self.times, key=lambda pair: _distance(pair[0], trigger))[1]


def _offsets(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _distance(span: Span, trigger: _Trigger) -> int:
    if span.end <= trigger.group_start:
        return trigger.group_start - span.end
    return max(0, span.start - trigger.end)
