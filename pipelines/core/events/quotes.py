"""Direct quotations in English text and who said them.

A quotation is text between double quotes, straight (``"…"``) or curly (``“…”``); single
quotes are not read (they are too often apostrophes). A quote left open at the end of a
paragraph continues when the next paragraph opens with a quote mark, the newspaper convention
for quotes longer than one paragraph; any other unbalanced quote mark is ignored.

The speaker comes from an attribution next to the quote, tried in this order:

1. after it: ``"…," said Ana Torres`` · ``"…," Ana Torres, the port's director, said`` ·
   ``"…," he said`` · ``"…," said the minister`` (speaker None: a description, not a name);
2. before it, in the same sentence: ``Torres said: "…"`` · ``She told reporters, "…"`` ·
   ``Torres said the port was "busier than ever"`` (only when nothing but lowercase words
   stand between the verb and the quote);
3. the quote before it in the same paragraph, when only its attribution stands between them:
   ``"We are ready," she said. "The ships will sail."`` gives both quotes the same speaker.

A pronoun (he, she, they, it) resolves to the speaker of the most recent attribution in the
text, quoted or not (``Ana Torres, the port's director, said …`` counts, and so does a person
opening a sentence: ``Marco Diaz disagreed.``), and only when that speaker fits: he/she need a
person whose gender, when known from a title ("Ms.") or an earlier pronoun, agrees; "it" needs
an organisation; "they" either. When the most recent attribution is to a description
("officials said", "a spokesman added") or to several people ("Torres and Diaz said"), the
pronoun stays unresolved: the speaker is None rather than a guess. Titles are dropped
("Brigadier General Ana Torres" → "Ana Torres"), and a surname alone is completed from
``known_people`` or from a full name met earlier in the text ("Torres" → "Ana Torres").

Quotes without an attribution are kept only when they have at least four words or end a
sentence, and are not a title ("Ports in Crisis: A Global View"), so scare quotes (the
so-called "peace plan") are not reported. The quote text drops the comma that closes a quote
before its attribution.

Try it::

    python -c "from pipelines.core.events.quotes import extract_quotes as q; \
print(q('Ana Torres, the port director, said the ships were ready. \
\\"We are ready,\\" she said. \\"The ships will sail.\\"'))"
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable

from pipelines.core.events.sources import GENERIC_SUBJECTS, PERSON_TITLES, is_organisation


def _words(text: str) -> list[str]:
    """The words of a word list written as one string."""
    return text.split()


_SUBJ_VERBS = (
    r"(?:said|says|told|tells|added|adds|explained|explains|continued|insisted|insists|warned"
    r"|warns|noted|notes|stated|wrote|writes|asked|asks|replied|recalled|argued|argues|stressed"
    r"|acknowledged|conceded|declared|announced|claimed|admitted|cautioned|urged|complained"
    r"|concluded|observed|remarked|confirmed|tweeted|posted|recounted|predicted|vowed|promised"
    r"|pledged|joked|countered|responded|agreed|shouted|whispered|cried|recalls|adds)"
)
_INV_VERBS = (
    r"(?:said|says|added|adds|explained|continued|insisted|warned|noted|stated|wrote|asked"
    r"|replied|recalled|argued|stressed|acknowledged|conceded|declared|announced|claimed"
    r"|admitted|cautioned|urged|complained|concluded|observed|remarked|confirmed|tweeted"
    r"|posted|recounted|predicted|vowed|promised|countered|responded|shouted|cried)"
)
_ADV = (
    r"(?:(?:also|later|previously|earlier|then|further|again|once|reportedly|has|had|have"
    r"|would|will|had\s+earlier|has\s+repeatedly|repeatedly|recently|simply|only)\s+)*"
)
# Abbreviated titles as written before a name ("Gen. Torres"), shared with the actor extractor.
TITLE_ABBREVIATIONS = (
    r"(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Capt|Sgt|Sen|Rep|Gov|Prof|Rev|Adm|Maj|Cmdr|Supt|Insp|Det)\."
)
_TOKEN = (
    rf"(?:{TITLE_ABBREVIATIONS}|(?:[A-Z]\.){{2,}}|[A-Z]\.(?=\s+[A-Z])|[A-Z][a-zà-ÿ'’\-]+"
    r"|[A-Z]{2,}|(?:al|el)-[A-Z][a-zà-ÿ'’\-]+)"
)
_PARTICLE = r"(?:de|da|del|dos|das|van|von|der|den|bin|ibn|al|el|la|le|du|ter|ten|di|y|of|for)"
_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_TOKEN}){{0,5}}"
_DET = r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne|[Aa]nother|[Tt]wo|[Ss]ome)"
_PRONOUNS = {"he": "m", "she": "f", "they": None, "it": None}

# "said Ana Torres" (right after a quote or a comma); "said the port's director, Ana Torres".
_INVERTED = re.compile(
    rf"\b{_INV_VERBS}\s+(?:(?P<desc>{_DET}\s+[^,\"“”.;:!?\n]{{1,60}}?)(?:,\s+(?P<dname>{_NAME})"
    rf"|(?=[,.;:!?\"“”\n]|\s+(?:in|on|at|to|after|before|during|from|with|of)\b|$))"
    rf"|(?P<pron>he|she|they)\b|(?P<name>{_NAME}))"
)
# "Ana Torres, the port's director, said" / "Torres told"
_SUBJECT_BEFORE = re.compile(
    rf"(?<![\w'’\-])(?P<name>{_NAME})(?P<appos>,\s[^,\"“”\n]{{1,90}}?,)?\s+{_ADV}$"
)
_PRONOUN_BEFORE = re.compile(rf"\b(?P<pron>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+{_ADV}$")
# "officials said", "the port's director said", "a spokesman for the ministry added": found
# from the verb backwards, since a pattern starting with lowercase words is slow to scan for.
_SPEECH_VERB = re.compile(rf"\b(?P<verb>{_SUBJ_VERBS})\b")
_DESCRIBED_BEFORE = re.compile(
    rf"(?<![\w'’\-])(?P<desc>(?:{_DET}\s+)?(?:[a-z][\w'’\-]*\s+){{0,4}}[a-z][\w'’\-]*)\s+$"
)
_ACCORDING = re.compile(
    rf"\b[Aa]ccording\s+to\s+(?:(?P<the>the\s+)?(?P<name>{_NAME})|(?P<desc>{_DET}\s+\w+))"
)
_SEVERAL = re.compile(rf"(?:{_NAME}\s*,\s*)*{_NAME}\s+(?:and|&)\s+$")
# A person or organisation opening a sentence with a verb ("Marco Diaz disagreed."): not an
# attribution, but what a later "he said" refers to.
_SENTENCE_START = re.compile(r"(?:[.!?][ \t]+|\n[ \t]*)(?=[A-Z])")
_MENTION = re.compile(
    rf"(?P<name>{_NAME})(?:,\s[^,\"“”\n]{{1,90}}?,)?\s+"
    r"(?P<verb>[a-z]{3,}ed|was|is|has|had|met|went|left|took|made|gave|led|ran|flew|spoke"
    r"|came|saw|won|lost|sent|kept|held|began|sat|stood|fled|drove|wants|won)\b"
)
# Between a verb and the quote it introduces: lowercase words, days, a colon or comma.
# Possessive quantifiers (``*+``): a word is never split into pieces when the match fails,
# which made a long gap cost seconds (2**words ways to split it).
_LEAD_GAP = re.compile(
    r"(?:\s*+(?:[a-z][\w'’\-]*+|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:['’]s)?)){0,12}+\s*+[:,]?\s*+"
)
_CONTINUES = re.compile(r"(?:[ \t]+[\w'’\-]+){0,8}?[ \t]*[,.;:—–\-]?[ \t]*")
_RELATIVE = frozenset(_words("who which that what whom whose it he she they we i you"))
_NOT_HEADS = frozenset(
    _words("""who which that what whom whose it he she they we i you also later previously earlier
    then further again once reportedly has had have would will repeatedly recently simply
    only and or but as than when while where if because so not never""")
)
# Capitalised words that open a sentence before a name ("But Torres said"), shared with the
# actor extractor.
SENTENCE_OPENERS = GENERIC_SUBJECTS | {
    w.casefold()
    for w in _words("""The A An On In At But And Meanwhile However Earlier Later Also Separately
    Elsewhere Last Next Since After Before When While As Then Now Still Yet So Overnight
    Asked Speaking Writing Instead Finally Indeed Similarly Moreover Still""")
}
_MALE = {"mr", "sir", "lord", "king", "prince", "father", "brother", "sheikh", "emir", "pope"}
_FEMALE = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister"}


@dataclasses.dataclass
class _Quote:
    open: int
    close: int
    text: str
    paragraph: int
    event: _Event | None = None
    via: str = ""


@dataclasses.dataclass
class _Event:
    start: int
    end: int
    verb: int
    kind: str  # "name", "pron", "unknown" or "mention" (a subject, not an attribution)
    value: str | None = None
    gender: str | None = None
    org: bool = False
    inverted: bool = False
    speaker: str | None = None


@dataclasses.dataclass
class _Speaker:
    name: str
    org: bool
    gender: str | None


def _quote_spans(text: str) -> list[_Quote]:
    """Pairs the double quote marks of a text, paragraph by paragraph."""
    quotes: list[_Quote] = []
    pending: list[tuple[int, int]] = []  # segments of a quote running over paragraphs
    pending_open = -1
    offset = 0
    for index, paragraph in enumerate(text.split("\n")):
        marks = [m.start() for m in re.finditer(r"[\"“”]", paragraph)]
        open_at: int | None = None
        if pending:
            stripped = len(paragraph) - len(paragraph.lstrip())
            if marks and marks[0] == stripped and paragraph[stripped] != "”":
                open_at = marks.pop(0)  # the quote continues in this paragraph
            else:
                pending, pending_open = [], -1
        for pos in marks:
            char = paragraph[pos]
            if open_at is None:
                if char != "”":
                    open_at = pos
                continue
            if char == "“":
                open_at = pos  # an opening mark while open: the earlier one was stray
                pending, pending_open = [], -1
                continue
            segments = [*pending, (offset + open_at + 1, offset + pos)]
            inner = " ".join(text[a:b].strip() for a, b in segments)
            start = pending_open if pending else offset + open_at
            quotes.append(_Quote(start, offset + pos, inner.strip(), index))
            pending, pending_open, open_at = [], -1, None
        if open_at is not None:
            if not pending:
                pending_open = offset + open_at
            pending.append((offset + open_at + 1, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return quotes


def _gender(tokens: list[str]) -> str | None:
    for token in tokens:
        low = token.casefold().rstrip(".")
        if low in _MALE:
            return "m"
        if low in _FEMALE:
            return "f"
    return None


def _clean(raw: str) -> tuple[str, str | None]:
    """A speaker's name without sentence openers and titles, and the gender a title gives."""
    tokens = raw.split()
    while tokens and tokens[0].casefold().rstrip(".") in SENTENCE_OPENERS:
        tokens.pop(0)
    gender = _gender(tokens)
    titled = [i for i, t in enumerate(tokens) if t.casefold().rstrip(".") in PERSON_TITLES]
    if titled and titled[-1] < len(tokens) - 1 and not is_organisation(" ".join(tokens)):
        tokens = tokens[titled[-1] + 1 :]
    elif titled and titled[-1] == len(tokens) - 1:
        return "", gender  # "the minister": a title without a name
    name = " ".join(tokens)
    name = re.sub(r"['’]s$", "", name)
    return name, gender


def _named(m: re.Match, group: str, verb: int, inverted: bool, text: str) -> _Event:
    raw = m[group]
    start = m.start(group)
    name, gender = _clean(raw)
    before = text[max(0, start - 80) : start]
    if not name or name.casefold() in GENERIC_SUBJECTS:
        return _Event(start, m.end(), verb, "unknown", inverted=inverted)
    several = _SEVERAL.search(before)
    if not inverted and several:  # "Diaz and Torres said"
        return _Event(start - len(several[0]), m.end(), verb, "unknown")
    the = re.search(r"\b[Tt]he\s+$", before)
    org = is_organisation(name) or bool(the)
    if the and not inverted:
        start -= len(the[0])
    return _Event(start, m.end(), verb, "name", name, gender, org, inverted)


def _events(text: str, inside) -> list[_Event]:
    """Every attribution of the text outside quotes, one per speech verb."""
    by_verb: dict[int, _Event] = {}
    rank = {"pron": 3, "name": 2, "mention": 1, "unknown": 0}

    def score(event: _Event) -> float:
        return rank[event.kind] - 0.5 * event.inverted

    def keep(event: _Event) -> None:
        if inside(event.start) or inside(event.verb):
            return
        old = by_verb.get(event.verb)
        if old is None or score(event) > score(old):
            by_verb[event.verb] = event

    verbs = list(_SPEECH_VERB.finditer(text))
    for v in verbs:
        lo = max(0, v.start() - 160)
        m = _PRONOUN_BEFORE.search(text, max(0, v.start() - 40), v.start())
        if m:
            pron = m["pron"].lower()
            keep(_Event(m.start(), v.end(), v.start(), "pron", pron, _PRONOUNS[pron]))
            continue
        m = _SUBJECT_BEFORE.search(text, lo, v.start())
        if m:
            event = _named(m, "name", v.start(), False, text)
            event.end = v.end()
            keep(event)
    for m in _INVERTED.finditer(text):
        lead = text[max(0, m.start() - 3) : m.start()].rstrip()
        if not lead or lead[-1] not in ',"”—–-':
            continue  # "Torres said Diaz left": the subject form is the attribution
        if m["pron"]:
            pron = m["pron"].lower()
            keep(_Event(m.start(), m.end(), m.start(), "pron", pron, _PRONOUNS[pron], True))
            continue
        group = "dname" if m["dname"] else "name" if m["name"] else None
        if group:
            event = _named(m, group, m.start(), True, text)
            event.start = m.start()
        else:
            event = _Event(m.start(), m.end(), m.start(), "unknown", inverted=True)
        keep(event)
    for v in verbs:
        if v.start() in by_verb:
            continue
        m = _DESCRIBED_BEFORE.search(text, max(0, v.start() - 80), v.start())
        if not m:
            continue
        words = m["desc"].split()
        if words[-1].lower() in _RELATIVE:
            continue  # "who said", "he said": someone named elsewhere, or a pronoun
        while words and words[-1].lower() in _NOT_HEADS:
            words.pop()  # "officials also said"
        if not words or words[-1].lower() in _RELATIVE | {"the", "a", "an"}:
            continue
        keep(_Event(m.start(), v.end(), v.start(), "unknown"))
    sentence_starts = [0, *(m.end() for m in _SENTENCE_START.finditer(text))]
    for m in filter(None, (_MENTION.match(text, pos) for pos in sentence_starts)):
        event = _named(m, "name", m.start("verb"), False, text)
        if event.kind == "name" and (event.org or len((event.value or "").split()) > 1):
            event.kind = "mention"
            keep(event)
    for m in _ACCORDING.finditer(text):
        if m["name"]:
            keep(_named(m, "name", m.start(), False, text))
        else:
            keep(_Event(m.start(), m.end(), m.start(), "unknown"))
    return sorted(by_verb.values(), key=lambda e: e.start)


class _Resolver:
    """Turns names into full names and pronouns into the speaker they refer to."""

    def __init__(self, known_people: Iterable[str] | None) -> None:
        self.full: dict[str, str] = {}
        self.by_part: dict[str, set[str]] = {}
        for name in known_people or ():
            self._learn(" ".join(name.split()))
        self.genders: dict[str, str] = {}
        self.last: _Speaker | None = None

    def _learn(self, name: str) -> None:
        self.full.setdefault(name.casefold(), name)
        tokens = name.split()
        if len(tokens) > 1:
            self.by_part.setdefault(tokens[-1].casefold(), set()).add(name)

    def canonical(self, name: str) -> str:
        if name.casefold() in self.full:
            return self.full[name.casefold()]
        tokens = name.split()
        matches = self.by_part.get(tokens[-1].casefold(), set()) if len(tokens) == 1 else set()
        if len(matches) == 1:
            return next(iter(matches))
        for known in self.full.values():
            if len(known.split()) > 1 and re.search(rf"\b{re.escape(known)}$", name):
                return known
        return name

    def resolve(self, event: _Event) -> str | None:
        if event.kind == "unknown":
            self.last = None
            return None
        if event.kind in ("name", "mention"):
            name = self.canonical(event.value or "")
            if not event.org and len(name.split()) > 1:
                self._learn(name)
            gender = event.gender or self.genders.get(name)
            if gender:
                self.genders[name] = gender
            self.last = _Speaker(name, event.org, gender)
            return name
        last = self.last
        pron = event.value
        if last is None:
            return None
        fits = (
            (pron == "it" and last.org)
            or (pron == "they")
            or (pron in ("he", "she") and not last.org and last.gender in (None, event.gender))
        )
        if not fits:
            self.last = None
            return None
        if event.gender and not last.org:
            last.gender = event.gender
            self.genders[last.name] = event.gender
        return last.name


def _title_like(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’\-]*", text)
    if not words:
        return True
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised / len(words) >= 0.6 and not re.search(r"[.!?,]$", text)


def extract_quotes(text: str, known_people: Iterable[str] | None = None) -> list[dict]:
    """Finds the direct quotations of a text and resolves their speakers.

    Args:
        text: English article text, paragraphs separated by newlines.
        known_people: Full names already known to be people in the text (from an actor
            extractor); they complete surnames ("Torres" → "Ana Torres").

    Returns:
        ``[{"text": str, "speaker": str | None}]`` in text order; ``speaker`` is None when
        the quote has no attribution or its attribution cannot be resolved to a name.
    """
    quotes = _quote_spans(text)
    if not quotes:
        return []
    opens = [q.open for q in quotes]

    def inside(pos: int) -> bool:
        i = bisect.bisect_right(opens, pos) - 1
        return i >= 0 and quotes[i].open <= pos <= quotes[i].close

    events = _events(text, inside)
    attributions = [e for e in events if e.kind != "mention"]
    starts = [e.start for e in attributions]
    used: set[int] = set()
    for q in quotes:
        # 1. an attribution right after the quote
        i = bisect.bisect_left(starts, q.close + 1)
        if i < len(attributions):
            event = attributions[i]
            gap = text[q.close + 1 : event.start]
            tail = text[event.end :]
            if (
                re.fullmatch(r"[\s,—–\-]*", gap)
                and "\n" not in gap
                and not re.match(r"\s*:\s*[\"“]", tail)
                and (
                    not q.text.endswith(".")
                    or "," in gap
                    or event.kind == "pron"
                    or event.inverted
                    or re.match(r"(?:\s+[\w'’]+){0,3}?\s*[.!?]", tail)
                )
            ):
                q.event, q.via = event, "after"
                used.add(id(event))
                continue
        # 2. an attribution before it, in the same sentence
        i = bisect.bisect_left(starts, q.open) - 1
        while i >= 0 and attributions[i].end > q.open:
            i -= 1
        if i >= 0:
            event = attributions[i]
            gap = text[event.end : q.open]
            if (
                (id(event) not in used or re.search(r"[:,]\s*$", gap))
                and _LEAD_GAP.fullmatch(gap)
                and not re.search(r"\b(?:but|while|whereas|and)\b", gap)
            ):
                q.event, q.via = event, "before"
                used.add(id(event))
    # Speakers, in text order of the attributions.
    resolver = _Resolver(known_people)
    for event in events:
        event.speaker = resolver.resolve(event)
    results = []
    previous: _Quote | None = None
    previous_speaker: str | None = None
    for q in quotes:
        speaker = q.event.speaker if q.event else None
        if q.event is None and previous is not None and previous.paragraph == q.paragraph:
            after = max(previous.close + 1, previous.event.end if previous.event else 0)
            # Only the attribution, and a short rest of its sentence, between the two quotes.
            if previous.via and _CONTINUES.fullmatch(text, after, q.open):
                q.via = "inherited"
                speaker = previous_speaker
        quote_text = re.sub(r",$", "", q.text).strip()
        previous, previous_speaker = q, speaker
        if not quote_text:
            continue
        if not q.via and (
            _title_like(quote_text)
            or (len(quote_text.split()) < 4 and not re.search(r"[.!?]$", quote_text))
        ):
            continue
        results.append({"text": quote_text, "speaker": speaker})
    return results
