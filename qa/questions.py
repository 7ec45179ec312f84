"""What a question asks: validation, the expected answer type, and follow-up resolution."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from .config import Config
from .entities import CONTACT, DATE, NAME, NUMBER, ORDINAL, PLACE, REASON, TIME, names, numbers, years
from .errors import InputError
from .text import STOPWORDS, stem, terms, words
from .tokens import count_tokens
from .types import DISAGREE, NOT_SAID

MANNER, YESNO, OTHER = "manner", "yes/no", "other"


def check_question(question: object, config: Config) -> str:
    """The question cleaned of control characters; a clear error if empty or too long."""
    if not isinstance(question, str):
        raise InputError(f"A question must be text, got {type(question).__name__}.")
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in question)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned:
        raise InputError("The question is empty; type a question about the documents.")
    # Every token stands for at least one byte, so a question of no more bytes than the limit
    # is within it: the tokenizer (half a second to load) is needed only for long questions.
    if len(cleaned.encode("utf-8")) <= config.max_question_tokens:
        return cleaned
    tokens = count_tokens(cleaned)
    if tokens > config.max_question_tokens:
        raise InputError(
            f"The question is {tokens} tokens long; the limit is {config.max_question_tokens} "
            "(QA_MAX_QUESTION_TOKENS). Ask a shorter question."
        )
    return cleaned


# -- what the question asks for ----------------------------------------------------------------

# "How far/old/strong ...": the question asks for a figure, and the measure need not be said.
MEASURES = ("far", "long", "old", "large", "big", "often", "strong", "fast", "high", "tall", "deep", "wide", "heavy",
            "cold", "hot", "warm", "steep")
_MEASURE_WORDS = "|".join(MEASURES)
# The same asked by a noun ("at what elevation"), with the measure each stands for.
MEASURE_NOUNS = {"elevation": "high", "altitude": "high", "height": "high", "depth": "deep", "distance": "far",
                 "length": "long", "width": "wide", "speed": "fast", "weight": "heavy", "age": "old",
                 "temperature": "hot", "gradient": "steep", "angle": "steep", "incline": "steep"}
WHAT_MEASURE = re.compile(r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+(?:the|its|their)\s+)?"
                          # ("What is the total weight of the hoard?")
                          r"(?:(?:total|combined|overall|average|maximum|minimum|approximate|estimated|exact|full)\s+)?("
                          + "|".join(MEASURE_NOUNS) + r")\b", re.IGNORECASE)

# Each pattern is tried at the question's first question word: in "What does Iran mean when
# it says ...?" the "when" is a conjunction, not what is asked.
_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (CONTACT, re.compile(r"((what|which) ((tele)?phone|contact|hotline|helpline|fax) numbers?|(what|which) numbers? "
                         r"(\w+ ){0,6}(call|ring|phone|dial|text)|(what|which) (web ?site|web address|url|e-?mail( address)?|"
                         r"internet address)|where (\w+ ){0,6}online)\b")),
    (NUMBER, re.compile(rf"(how (many|much|{_MEASURE_WORDS})|what (number|percentage|share|amount|"
                        r"total|proportion|concentration|quantity|dose|rate)|which number|"
                        rf"(what|which) ((was|is|were|are) (the|its|their) )?({'|'.join(MEASURE_NOUNS)})\b|"
                        r"what (was|is|were|are) (the|that|this|its) "
                        r"(figure|number|toll|death toll|count|total|amount|cost|price|size|population))\b|"
                        # "What were Corvane's total sales revenues in 2023?": a quantity is asked.
                        r"what (was|is|were|are) (the |its |their |[\w'’.-]+['’]s? )?([\w-]+ ){0,2}"
                        r"(revenues?|turnover|profits?|losses|income|budget|costs?|prices?|fees?|fines?|salary|"
                        r"salaries|wages?|population|death toll|toll|attendance|turnout|capacity|gdp|debts?|"
                        r"market value|valuation|sales figures?)\b|"
                        # "What did a place on the spring expedition cost?", "What did the payments
                        # end up costing?" ask a sum.
                        r"what (did|does|do|will|would) ([\w'’.-]+ ){1,8}cost(ing)?\b")),
    (TIME, re.compile(r"((what|which) (time|hour)|at what time)\b")),
    (DATE, re.compile(r"(when|(what|which) (date|day|year|month)|how soon)\b")),
    (ORDINAL, re.compile(r"(which|what) (anniversary|rank)\b")),
    # ("In which Japanese town was ...?" asks a place as "In which town was ...?" does; "Which
    # Kerman province officials ...?" asks officials.)
    (PLACE, re.compile(r"(where|(which|what) (city|country|province|place|town|village|region|location)|"
                       r"(which|what) [\w'’-]+ (city|country|province|place|town|village|region|location)"
                       r"(?=\s+(is|was|are|were|did|does|do|has|have|had|will|would|can|could)\b|\s*\?|$))\b")),
    (NAME, re.compile(r"(who|whom|whose|which|what (is|was|were|are) the names?|what (group|organi[sz]ation|name|"
                      r"agency|news agency|outlet|position|title|role|company|party))\b")),
    (REASON, re.compile(r"(why|what (reason|motive|cause|caused|led to|made|killed|triggered|sparked|was to blame|"
                        r"is to blame|was behind)|for what reason|how come)\b")),
    (MANNER, re.compile(r"how\b")),
]
_YES_NO = re.compile(
    r"\s*(?:and\s+|but\s+|so\s+)?(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b", re.I
)
_PREFIX = re.compile(r"^(?:and|but|so|also|then|in|at|on|by|for|from|since|until|of|roughly|approximately|"
                     r"about|exactly|precisely|near|under)$")
_WH = re.compile(r"\b(who|whom|whose|what|which|when|where|why|how)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|and what|but|so|then)\b|\b(he|she|him|her|his|its|they|them|"
    r"their|it|that|those|this|these|there)\b", re.IGNORECASE,
)
# Words that frame a question without saying what it is about.
# Light verbs ("set off", "carry out") are framing too: their meaning lives in the particle.
_FRAME = frozenset(
    "many much number name named called tell say said says know happen happened happen did does do "
    "please exactly according report reported reports actually give given total altogether overall roughly approximately "
    "precisely nearly almost around about often behind beside across along among toward towards beneath "
    "inside outside within upon onto via could would might must shall supposed "
    # Vague words and verbs of opinion frame a question ("does she reckon the whole thing will cost").
    "thing things stuff whole reckon reckons reckoned think thinks believe believes "
    # So do hedges and intensifiers ("was it ever found", "what really caused it").
    "really basically supposedly apparently reportedly ever still eventually ultimately finally "
    # So do indefinite pronouns ("Was anyone arrested?" asks whether any arrest is told of).
    "anyone anybody someone somebody anything something everyone everybody".split()
)
_LIGHT = frozenset("set sets setting get gets getting got gotten go goes gone went make makes making made take takes "
                   "taking took taken put puts putting carry carries carrying carried".split())
_LIGHT_PARTICIPLES = frozenset("taken made carried gone gotten".split())
# Titles of more than one word by their initials: "CEO" is a chief executive, not a name.
TITLE_INITIALS = {"ceo": "chief executive", "cfo": "chief financial officer", "coo": "chief operating officer"}
# Initials of a common noun, no name: "state TV" is state television.
NOUN_INITIALS = {"tv": "television"}
_FUTURE = re.compile(r"\b(?:going|about)\s+to\b", re.IGNORECASE)  # "is it going to be": no word of what is asked
_TYPE_NOUN = re.compile(
    r"\b(?:since|until|by|in|on|at)?\s*(?:what|which)\s+(?:year|date|day|month|time|hour|number|amount|"
    r"percentage|age)(?:\s+of\s+(?:the\s+)?day)?\b|\bsince when\b|\bwhat (?:caused|led to)\b",
    re.IGNORECASE,
)
_MEASURE = re.compile(rf"\bhow\s+(?:{_MEASURE_WORDS})\b|{WHAT_MEASURE.pattern}", re.IGNORECASE)
# "since when", "until what year": the value asked for follows that word in the answer too.
_BOUND = re.compile(r"\b(since|until|till|before|after|by)\s+(?:when|(?:what|which)\s+(?:year|date|day|month|time))\b",
                    re.IGNORECASE)
_COMPOUND = re.compile(r",?\s+and\s+(?=(?:who|whom|what|when|where|which|how|why|since|in what|in which)\b)", re.IGNORECASE)


# "Who were Iran's president and health minister when ...?": one question per role.
_BOTH_ROLES = re.compile(  # the roles are lowercase words: "Who are Tom and Jerry?" asks no roles
    r"^(?P<ask>(?i:(?:who|whom)\s+(?:was|were|is|are)\s+(?:the\s+)?)(?:[\w-]+['’]s\s+)?)"
    r"(?P<a>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+and\s+(?:the\s+)?(?P<b>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
    r"(?P<rest>\s+(?i:when|while|at|in|during|of|for|on|after|before)\b.*?)?\s*\?*$"
)
# "Which officials spoke, from the Red Crescent and from the governor's office?": one per place.
_BOTH_PREPOSITIONS = re.compile(
    r"^(?P<ask>.+?),?\s+(?P<prep>from|in|at|by|for|of|on|about|with)\s+(?P<a>[^,?]+?)\s+and\s+(?P=prep)\s+"
    r"(?P<b>[^,?]+?)\s*\?*$",
    re.IGNORECASE,
)


def split_compound(question: str) -> list[str]:
    """A question that asks two things, as its two questions: "Where was X killed, and where is
    he buried?", "Who were the president and the health minister?", "Which officials spoke,
    from the ministry and from the police?"; others unchanged."""
    parts = [p.strip(" ,") for p in _COMPOUND.split(question) if p.strip(" ,")]
    if len(parts) > 1:
        return parts
    if m := _BOTH_ROLES.match(question):
        rest = m.group("rest") or ""
        return [f"{m.group('ask')}{m.group(role)}{rest}?" for role in ("a", "b")]
    if m := _BOTH_PREPOSITIONS.match(question):
        return [f"{m.group('ask')} {m.group('prep')} {m.group(place)}?" for place in ("a", "b")]
    return [question]


@dataclass
class Question:
    """A question as the answerers see it."""

    text: str  # as asked, cleaned
    resolved: str  # follow-ups completed from the history; what retrieval searches for
    kind: str  # the expected answer type: number, date, ordinal, name, place, manner, or other
    focus: list[str]  # stems the answer must be about (this turn's)
    context: list[str] = field(default_factory=list)  # stems carried over from earlier turns
    surfaces: dict[str, str] = field(default_factory=dict)  # stem -> a word of the question
    head: str = ""  # for "which X" questions, the stem of X
    named: list[str] = field(default_factory=list)  # stems of proper names and numbers in the question
    names: list[list[str]] = field(default_factory=list)  # the same stems, one list per name ("Abdollah Tajiki")
    years: set[str] = field(default_factory=set)
    counted: str = ""  # for "how many X", the stem of X
    bound: str = ""  # for "since when" and the like, the word the value must follow ("since")
    qualifier: str = ""  # the stem of a name qualifying the head: "iran" in "Iran's president"
    role_of: str = ""  # for "what position did X hold?", X as written: the answer is X's title
    owners: list[str] = field(default_factory=list)  # stems of names the asked-for thing belongs to ("of Kastrel")
    names_of: bool = False  # "the name(s) of the X", "what was the X called": names standing beside X
    part: bool = False  # "how many of the X were Y": only Y of the X are counted, and the answer names Y
    agent: bool = False  # "who carried out / was behind / was responsible for X": who did X, by any account
    # "Who ordered the evacuation?": the stems of the act asked ("order", "evacu") when one doer is
    # asked of a plain "who" (not who died, nor who carried it out), else None.
    doer: tuple[str, str] | None = None
    attributed: list[str] = field(default_factory=list)  # stems of whose account is asked: "according to the minister"

    @property
    def plain(self) -> list[str]:
        """The focus stems that are neither names nor whose account is asked: what is asked of
        them ("killed" in "When was Soleimani killed?", "injured" in "How many were injured
        according to the health minister?")."""
        return [t for t in self.focus if t not in self.named and t not in self.attributed]


_WH_CONTRACTION = re.compile(r"\b(what|who|where|when|how|which|why)['’](s|re)\b", re.IGNORECASE)
# "What was the ferry that sank called?" asks what "What was the name of the ferry that sank?" asks.
_CALLED = re.compile(r"^\s*what\s+(?P<verb>is|was|are|were)\s+(?:the\s+|a\s+|an\s+)?(?P<thing>.+?)\s+"
                     r"(?:called|named|known\s+as)\s*\?*\s*$", re.IGNORECASE)
# "What is the deputy's name?" asks what "What is the name of the deputy?" asks, after any
# sentence that sets the question up ("... was succeeded by her deputy. What is the deputy's name?").
_NAME_OWNED = re.compile(r"(?:^|(?<=[.!?]\s))\s*what\s+(?P<verb>is|was|are|were)\s+(?P<owner>[^.!?]+?)['’]s?\s+"
                         r"(?:full\s+|first\s+)?names?\s*\?*\s*$", re.IGNORECASE)
# "Of the wounded, how many were in critical condition?" asks what "How many of the wounded were
# in critical condition?" asks.
PART_FIRST = re.compile(r"^\s*of\s+(?P<whole>(?:the|its|their|these|those|his|her)\s+[^,?]{1,60}?)\s*,\s*"
                        r"how\s+many\s+(?P<rest>[^?]*)\?*\s*$", re.IGNORECASE)
_NAMES_OF = re.compile(r"\bnames?\s+of\b", re.IGNORECASE)
# Whose account a question asks for: its words say who says it, not what happened.
_ATTRIBUTION = re.compile(r"\b(?:according\s+to|as\s+(?:reported|stated|said|told)\s+by|in\s+the\s+(?:view|words|opinion)\s+of)"
                          r"\s+([^,;?]+)", re.IGNORECASE)


def analyze(question: str, history: list[tuple[str, str]] | None = None) -> Question:
    """Work out what `question` asks for; a follow-up borrows the topic of the previous turn."""
    asked = question
    # "What's the name ...?" is read as "What is the name ...?".
    question = _WH_CONTRACTION.sub(lambda m: f"{m.group(1)} {'is' if m.group(2).lower() == 's' else 'are'}", question)
    if m := _CALLED.match(question):
        question = f"What {m.group('verb')} the name of the {m.group('thing')}?"
    elif m := _NAME_OWNED.search(question):
        question = f"{question[:m.start('verb')]}{m.group('verb')} the name of {m.group('owner')}?"
    elif m := PART_FIRST.match(question):
        question = f"How many of {m.group('whole')} {m.group('rest')}?"
    previous, reply = (history[-1][0], _plain(history[-1][1])) if history else ("", "")
    if len(history or ()) > 1 and _is_follow_up(previous):
        # "Where?" after "When was he killed?" after "Who was Qasem Soleimani?": he is still him.
        earlier = _person_for_pronoun(previous, history[-2][0], _plain(history[-2][1]))
        previous = f"{previous} ({earlier})" if earlier else previous
    follow_up = bool(previous) and _is_follow_up(question)
    person = _person_for_pronoun(question, previous, reply) if follow_up else ""
    role_of = _role_of(question)
    kind = answer_kind(question)
    if kind == OTHER and follow_up and not _WH.search(question):
        kind = answer_kind(previous)  # "And in 2020?" asks what the earlier question asked
    if role_of:
        kind = NAME  # a title is answered like a name: the words beside the person
    own = _focus(question)
    if kind == CONTACT:  # "what phone number ...?": the number itself says it is one
        own = [t for t in own if t not in _CONTACT_WORDS] or own
    agent = kind == NAME and bool(_AGENT_ASKED.match(question))
    if agent:  # "Who perpetrated the bombings?": what was done is what the answer must be about
        own = [t for t in own if t not in _AGENT_STEMS] or own
    did = _WHO_DID.match(asked) if kind == NAME and not (_head(question) or role_of or agent) else None
    doer = (stem(did.group(1).lower()), stem(did.group(2).lower())) if did else None
    if role_of:  # "what position did X hold": only X is what the answer is about
        own = [t for t in own if not re.fullmatch(rf"{_ROLE}|hold|held|have|has|had|occupy|fill|take|play|living|"
                                                  r"work|works|worked|professionally",
                                                  _question_word(question, t) or t)]
    # The earlier question says what "it" or "that" refers to; the earlier answer, often, too.
    context = list(dict.fromkeys(t for t in _focus(f"{previous} {reply}") if t not in own)) if follow_up else []
    resolved = f"{question} ({' '.join(filter(None, (previous, reply)))})" if follow_up else question
    surfaces = {stem(w): w for w in words(question) if w not in STOPWORDS}
    # "she" is the person the earlier turn names: the answer must be about her, as if named.
    referred = [terms(person)] if person and terms(person) not in _names(question) else []
    return Question(
        text=asked, resolved=resolved, kind=kind, focus=own, context=context, surfaces=surfaces,
        head=_head(question), named=[t for name in _names(question) + referred for t in name],
        names=_names(question) + referred,
        qualifier=_qualifier(question, _head(question)), years=years(question), counted=_counted(question),
        bound=(m.group(1).lower() if (m := _BOUND.search(question)) else ""), role_of=role_of,
        owners=_owners(question), names_of=_asks_names(question),
        part=bool(_PART.search(question)), agent=agent,
        doer=doer,
        attributed=[t for m in _ATTRIBUTION.finditer(question) for t in terms(m.group(1)) if t in own],
    )


# "Who ordered the evacuation of Brenholm?", "Who chaired the recount?": one person's act.
_WHO_DID = re.compile(r"\s*who\s+(?!(?:died|attended|survived|visited|joined|received)\b)"
                      r"([a-z]+ed|led|gave|took|made|ran|wrote|sent|set|chose)\s+(?:the|a|an)\s+([a-z][\w-]*)", re.IGNORECASE)
# "Who carried out the attack?", "Which group was behind it?", "Who was responsible for the
# fire?": asks who did it, which sources say as claiming or bearing responsibility, as the
# agent of a passive ("carried out by"), or as blame.
_AGENT_ASKED = re.compile(
    # ("Which orchestra did Vosk lead?" asks what he led: "did" makes it an object's question.)
    r"\s*(?:who\s+|which\s+(?:(?!(?:did|does|do|had|has|have|will|would)\b)[\w'’-]+\s+){1,3}?)"
    r"(?:(?:was|were|is|are|had\s+been|has\s+been)\s+)?(?:really\s+|actually\s+)?"
    r"(?:carr(?:y|ied)\s+out|committ?(?:ed)?|perpetrat(?:e|ed)|behind|responsible\s+for|to\s+blame\s+for|"
    r"stag(?:e|ed)|orchestrat(?:e|ed)|mastermind(?:ed)?|"
    # "Who is leading the inquiry?", "Who chaired it?": who did it, as its leader. ("Who led /
    # headed the Red Crescent?" asks a role as often: "Reza Fallah, the head of the Red Crescent".)
    r"leading|heading|chair(?:ed|ing))\b",
    re.IGNORECASE,
)
_AGENT_STEMS = frozenset(stem(w) for w in "commit committed perpetrated perpetrate responsible blame staged stage "
                                          "orchestrated orchestrate masterminded mastermind leading heading "
                                          "chairing chaired".split())


_PERSONAL = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.IGNORECASE)
# The last word of a name that is an institution, a work or a place rather than a person.
_NOT_A_PERSON = frozenset(
    "university college school academy conservatory institute museum gallery research group company corporation "
    "inc ltd llp plc council police service services agency office ministry department committee commission court "
    "hospital clinic bank water lines airlines holdings partners society orchestra philharmonic players association "
    "union party church times news courier post press works team club foundation fund trust board authority guard "
    "army navy force forces unit centre center street road square hall house station port island river valley "
    "city town county province region state republic kingdom".split())
_TITLES = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Professor|Sir|Dame|Judge|Captain|Commodore|Major|Colonel|General|"
                     r"Cllr|Councillor|Chief|Inspector|Superintendent|Detective)\.?\s+)+")


def _person_for_pronoun(question: str, previous: str, reply: str) -> str:
    """The one person a follow-up's "he" or "she" refers to: the one the earlier turn names, its
    answer first ("What instrument does she play?" after "His daughter is Marta Vosk-Ellery."),
    or "" when the earlier turn names no person, or several."""
    if not _PERSONAL.search(question):
        return ""
    asked = _people(previous)
    for people in (_people(reply), asked):
        if len(people) > 1:
            # "When was he killed?" after "Who was Soleimani?", answered with the Quds Force and
            # the IRGC beside him: the one the earlier question named.
            people = [p for p in people if any(p.split()[-1] == a.split()[-1] for a in asked)]
        if people:
            return people[0] if len(people) == 1 else ""
    return ""


def _people(text: str) -> list[str]:
    """The names of `text` that may be people's, longest form only."""
    # "Professor Leonie Hart of Northmoor University": the person, then where she works.
    runs = [_TITLES.sub("", v.surface.split(" of ")[0]) for v in names(text)]
    people = list(dict.fromkeys(r for r in runs if r.split()[-1].lower() not in _NOT_A_PERSON
                                and (" " in r or re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", r))))
    return [p for p in people if not any(p != o and p in o for o in people)]


def _owners(question: str) -> list[str]:
    """Stems of the names that own what is asked: "the population of the island of Kastrel",
    "the capital of Norland" -> the answer must be about Kastrel or Norland, not just near them."""
    found = []
    for v in names(question):
        before = question[:v.start]
        if re.search(r"\b[a-z]{3,}\s+of\s+(?:the\s+(?:[a-z]+\s+){0,2}of\s+)?$", before):
            found += terms(v.surface)
    return found


def _question_word(question: str, term: str) -> str:
    """The question's word whose stem is `term` ("position" for "posit"), lowercased."""
    return next((w for w in words(question) if stem(w) == term), "")


def _plain(answer: str, limit: int = 40) -> str:
    """An earlier answer without citation markers, closest-match listings and the answerer's own
    words ("The sources disagree:", "(revised figure)"), cut to `limit` words."""
    text = re.sub(r"\[\d+\]", "", answer.split(" Closest matches")[0])
    text = _OWN_WORDS.sub(" ", text)
    return " ".join(text.split()[:limit])


# What the extractive answerer says itself: its openings and the notes it gives values.
_OWN_WORDS = re.compile(rf"{re.escape(NOT_SAID)}|{re.escape(DISAGREE)}|\((?:revised|early|initial|final|later|"
                        r"from a source)[^()]*\)")


_CONTACT_WORDS = frozenset(stem(w) for w in "phone telephone number numbers web website address url email e-mail "
                                           "internet online call ring dial text contact".split())


def answer_kind(question: str) -> str:
    """The expected answer type, read at the first question word ("who" -> a name, ...)."""
    first = _WH.search(question)
    if not first:
        return YESNO if _YES_NO.match(question) else OTHER
    rest = question[first.start():].lower()
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.match(rest):
            return kind
    return OTHER


def _is_follow_up(question: str) -> bool:
    return bool(_FOLLOW_UP.search(question)) or len(_focus(question)) <= 1


# "the country's transport minister": the country the documents are about, as "its" would be.
_GENERIC_OWNER = re.compile(r"\bthe\s+(?:country|nation|city|town|state|region|province|island|government)['’]s\b",
                            re.IGNORECASE)


# "died as a result of the avalanche": the phrase links what is asked; it is not asked about.
# Nor is "take place" anything but "happen": "placed" is no word of it.
_LINKING_PHRASE = re.compile(r"\b(?:t[ao]ke[sn]? place|took place|taking place|as a (?:result|consequence) of|in the (?:wake|course|event) of|by means of|"
                             r"on account of|in terms of|with regard to|in relation to)\b", re.IGNORECASE)


def _focus(question: str) -> list[str]:
    # "how far", "at what elevation": a distance or height is asked, and the word need not be
    # said (the units say it); but in "How old is she?" the
    # measure is all the question says itself.
    return _words_of(_MEASURE.sub(" ", question)) or _words_of(question)


def _words_of(question: str) -> list[str]:
    # "what year", "since when": the asked-for kind is no word to look for.
    question = _TYPE_NOUN.sub(" ", question)
    question = _FUTURE.sub(" ", question)
    question = _GENERIC_OWNER.sub(" ", question)
    question = _LINKING_PHRASE.sub(" ", question)
    # "according to reports" frames a question; "Who does the Quds Force report to?" asks whom
    # it answers to.
    answers_to = {m.group(1).lower() for m in _ANSWERS_TO.finditer(question)}
    kept = [w for w in words(question) if w not in STOPWORDS and (w not in _FRAME or w in answers_to)]
    # "set off", "carry out": the particle carries the sense; a participle ending the question
    # carries its own ("Where were the victims taken?"; "how did the vote go?" is still framing).
    last = (words(question) or [""])[-1]
    kept = [w for w in kept if w not in _LIGHT or w == last and w in _LIGHT_PARTICIPLES]
    return list(dict.fromkeys(stem(w[:-2] if w.endswith("'s") else w) for w in kept))


_ANSWERS_TO = re.compile(r"\b(reports?|reported|reporting)\s+(?:directly\s+)?to\b(?!\s+(?:be|have)\b)", re.IGNORECASE)
_VERB = r"(?:was|were|is|are|did|do|does|had|have|has|will|would|could|can|died|got)"
# "Who was the captain?", "Who got the award?": the noun after asks whose it is. After "did",
# "will" or "can" it is the subject of another verb ("Who does the Quds Force report to?").
_HOLDING = r"(?:was|were|is|are|had|have|has|died|got)"
# Past verbs that end what a count question counts: "How many people fell ill?" counts people.
_PAST = (r"(?:[a-z]+ed|fell|rose|left|became|went|came|fled|ran|took|gave|lost|won|sold|grew|flew|stood|sat|bought|"
         r"fought|felt|heard|led|sent|broke|spoke|stole|struck|shot|sank|drove|wrote|hid|caught|met|paid|spent|kept)")


# Past participles that do not end in "-ed", which may follow the noun asked for.
_IRREGULAR_PARTICIPLES = frozenset(
    "hit built held made taken given known shot struck stolen sold found left run set put cut caught seen written "
    "led paid kept sent spent lost won told brought bought begun done hidden broken chosen driven fallen frozen "
    "hung laid shown shut sunk spoken thrown torn worn sworn beaten blown drawn grown flown".split())


def _kind_asked(question: str) -> re.Match[str] | None:
    """Where a "which X" question, or one asking "the names of X", names the X. "What were the
    names of the students?" asks for students; "At which church ... have the names of the
    victims been posted?" for a church: the earlier phrase is what is asked."""
    named = _NAMES_OF_KIND.search(question)
    which = re.search(r"\b[Ww](?:hich|hat)\s+(?:[A-Z][\w'’.-]*\s+)+(?P<asked>[a-z]\w*)", question) or re.search(
        r"\b(?:which|what)\s+(?P<asked>\w+)", question, re.IGNORECASE)
    if which and re.fullmatch(r"(?:is|was|are|were)", which.group("asked"), re.IGNORECASE):
        which = None  # "What were the names of ...": no kind follows the question word
    return min((m for m in (named, which) if m), key=lambda m: m.start(), default=None)


_NAMES_OF_KIND = re.compile(r"\bnames?\s+of\s+(?:the\s+|a\s+|an\s+)?(?P<asked>(?:[\w'’-]+\s+){0,3}?[\w'’-]+?)"
                            r"(?=\s+(?:who|that|which|whose|where|in|at|on|of|from|for|with|to|by|about|when|during|was|"
                            r"were|is|are|above|below|near|beside|behind|under|over|outside|inside|along|across)\b|[,?]|$)",
                            re.IGNORECASE)


def _asks_names(question: str) -> bool:
    """Whether the question asks for the names of the kind it names ("the names of the students")."""
    match = _kind_asked(question)
    return bool(_NAMES_OF.search(question)) and (match is None or match.re is _NAMES_OF_KIND)


def _head(question: str) -> str:
    """The stem of what a "which X" or "who was the X" question asks for."""
    match = _kind_asked(question)
    if match is None:
        match = re.search(
            rf"\bwho\s+{_HOLDING}\s+(?!(?:behind|from|with|by|in|at|on|for|after|before)\b|[a-z]+(?:ed|en)\b)(?P<article>the\s+)?"
            r"(?P<asked>(?:[\w'’]+\s+){0,3}?[\w'’]+?)"
            r"(?:\s+(?:of|in|at|for|when|during|on|behind|from|with|by|who|that|after|before)\b|\?|$)",
            question, re.IGNORECASE)
        if match is None or (match.group("asked")[0].isupper() and not match.group("article")
                             and not re.match(r"[\w-]+['’]s?\s", match.group("asked"))):
            return ""  # "Who was Qasem Soleimani?" asks who a name is: no kind of thing is asked
    phrase = match.group("asked").split()
    # "the Halveston Maritime Lines spokesman": a name before the noun qualifies it.
    qualifier = list(itertools.takewhile(lambda w: w[0].isupper(), phrase))
    if qualifier and len(qualifier) < len(phrase) and match.groupdict().get("article"):
        phrase = phrase[len(qualifier):]
    # "the opera Vosk composed": the phrase ends before a name; "the museum devoted to ...": a
    # participle after the noun is no head; "-ing" ending the question is a noun ("the best-known painting?").
    phrase = phrase[:1] + list(itertools.takewhile(lambda w: not w[0].isupper(), phrase[1:]))
    last = len(phrase) == len(match.group("asked").split()) and not question[match.end("asked"):].strip(" ?.!")
    # "the security guard working alone": what follows a participle after the noun is no head either.
    phrase = phrase[:1] + list(itertools.takewhile(lambda w: not re.search(r"ing$", w, re.IGNORECASE) or last,
                                                   phrase[1:]))
    while len(phrase) > 1 and (re.search(r"ed$" if last else r"(?:ed|ing)$", phrase[-1], re.IGNORECASE)
                               or phrase[-1].lower() in _IRREGULAR_PARTICIPLES):
        phrase.pop()  # "the Shiraz mosque hit by the 2022 shooting": a mosque is asked
    word = phrase[-1].lower() if phrase else ""
    return stem(word) if word and word not in STOPWORDS else ""


def _qualifier(question: str, head: str) -> str:
    """The stem of the proper name that qualifies the asked-for role: "Iran's president",
    "the Iranian health minister", "the mayor of Boston"."""
    if not head:
        return ""
    tokens = re.findall(r"[\w'’-]+", question)
    at = next((i for i, t in enumerate(tokens) if stem(t.lower()) == head), -1)
    if at < 0:
        return ""
    before = [t for t in tokens[max(1, at - 3):at] if t[0].isupper() and t.lower() not in STOPWORDS]
    after = tokens[at + 1:at + 4]
    if after[:1] in (["of"], ["for"], ["in"]):
        after = [t for t in after[1:] if t.lower() != "the"][:1]
        after = [t for t in after if t[0].isupper()]
    else:
        after = []
    found = before[-1:] or after
    return (terms(found[0]) or [""])[0] if found else ""


_ROLE = r"(?:position|post|title|role|job|office|rank|occupation|profession)s?"


def _role_of(question: str) -> str:
    """The person whose title is asked for: "What position did Ahmad Vahidi hold?", "What was
    Vahidi's role?", "Which office does Anne Morel have?"; else ""."""
    asked = re.search(rf"\b(?:what|which)\s+{_ROLE}\s+(?:did|does|do|has|had|was|is)\s+(.+?)\s+"
                      r"(?:hold|have|has|had|held|occupy|fill|take|play)\b", question, re.IGNORECASE) or re.search(
        rf"\b(?:what|which)\s+(?:was|is|were|are)\s+(.+?)['’]s?\s+{_ROLE}\b", question, re.IGNORECASE) or re.search(
        rf"\b(?:what|which)\s+(?:was|is|were|are)\s+the\s+{_ROLE}\s+of\s+(.+?)\s*\??$", question, re.IGNORECASE) or re.search(
        # "What does Clara Mendhurst do for a living?", "What did Berczi work as?"
        r"\bwhat\s+(?:does|did|do)\s+(.+?)\s+(?:do\s+(?:for\s+(?:a\s+)?(?:living|work|job)|professionally)|work\s+as)\b",
        question, re.IGNORECASE)
    if not asked:
        return ""
    person = [v.surface for v in names(question) if asked.start(1) <= v.start < asked.end(1)]
    return person[0].removesuffix("'s").removesuffix("’s") if person else ""


_PART = re.compile(r"\bhow many\s+of\s+(?:the|its|their|these|those|his|her)\s+[^?]{1,60}?\s+(?:were|was|are|is)\s+"
                   r"(?!(?:killed|injured|wounded|hurt|there|found|made|sold|left)\b)(\w+)", re.IGNORECASE)


_PEOPLE_BEFALLEN = re.compile(r"\bhow many\s+(?:(?:were|have been|had been|are)\s+)?(?:killed|injured|wounded|hurt|died|"
                              r"dead|missing|arrested|detained|rescued|evacuated)\b", re.IGNORECASE)


def _counted(question: str) -> str:
    """For "how many X ..." the stem of X's head noun: "American personnel" -> "personnel";
    for "how many of the X were Y", Y."""
    match = _PART.search(question) or re.search(
        rf"\bhow many\s+((?:[a-z'’-]+\s+){{0,2}}?[a-z'’-]+?)(?=\s+(?:{_VERB}|{_PAST}|in|at|on|of|from)\b|\s*\?|$)",
        question, re.IGNORECASE)
    phrase = match.group(1).lower().split() if match else []
    if _PEOPLE_BEFALLEN.search(question):
        return stem("people")  # "how many were injured": people, as if named
    if not phrase or re.fullmatch(_VERB, phrase[0]):
        return ""  # "how many were sold": nothing named is counted
    return stem(phrase[-1]) if phrase[-1] not in STOPWORDS else ""


# "roughly two decades": the count is "two"; a source need not hedge it alike.
_APPROXIMATELY = re.compile(r"^(?:roughly|about|around|approximately|nearly|almost|some|over|under|just|only|exactly|"
                            r"more than|less than|fewer than|at least|at most|up to)\s+", re.IGNORECASE)


def _names(question: str) -> list[list[str]]:
    """The stems of each proper name, number and year the question states."""
    body = _WH.sub(" ", question, count=1)
    # "one of the ships", "the one who": "one" is a pronoun in a question far more often than a count.
    counts = [_APPROXIMATELY.sub("", v.surface) for v in numbers(body) if v.surface.lower() != "one"]
    # "the CEO of Corvane": the title is no name, what it is of is.
    titled = [re.sub(rf"^(?:{'|'.join(TITLE_INITIALS)})(?:\s+of\s+|$)|^(?:{'|'.join(NOUN_INITIALS)})$", "", v.surface,
                     flags=re.IGNORECASE) for v in names(body)]
    found = [surface for surface in titled if surface] + counts + sorted(years(body))
    return [stems for surface in found if (stems := terms(surface))]

