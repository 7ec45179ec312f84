"""What a question asks: validation, the expected answer type, and follow-up resolution."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .config import Config
from .entities import DATE, NAME, NUMBER, ORDINAL, PLACE, REASON, TIME, names, numbers, years
from .errors import InputError
from .text import STOPWORDS, stem, terms, words
from .tokens import count_tokens

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

# Each pattern is tried at the question's first question word: in "What does Iran mean when
# it says ...?" the "when" is a conjunction, not what is asked.
_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (NUMBER, re.compile(r"(how (many|much|far|long|old|large|big|often)|what (number|percentage|share|amount|"
                        r"age|total|proportion)|which number|what (was|is|were|are) (the|that|this|its) "
                        r"(figure|number|toll|death toll|count|total|amount|cost|price|size|population))\b")),
    (TIME, re.compile(r"((what|which) (time|hour)|at what time)\b")),
    (DATE, re.compile(r"(when|(what|which) (date|day|year|month)|how soon)\b")),
    (ORDINAL, re.compile(r"(which|what) (anniversary|rank)\b")),
    (PLACE, re.compile(r"(where|(which|what) (city|country|province|place|town|village|region|location))\b")),
    (NAME, re.compile(r"(who|whom|whose|which|what (is|was|were|are) the names?|what (group|organi[sz]ation|name|"
                      r"agency|news agency|outlet|position|title|role|company|party))\b")),
    (REASON, re.compile(r"(why|what (reason|motive|cause|caused|led to)|for what reason|how come)\b")),
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
    "please exactly according report reported reports actually give given total roughly approximately "
    "precisely nearly almost around about often".split()
)
_LIGHT = frozenset("set get got go went make made take took put carry carried".split())
_TYPE_NOUN = re.compile(
    r"\b(?:since|until|by|in|on|at)?\s*(?:what|which)\s+(?:year|date|day|month|time|hour|number|amount|"
    r"percentage|age)(?:\s+of\s+(?:the\s+)?day)?\b|\bsince when\b|\bwhat (?:caused|led to)\b",
    re.IGNORECASE,
)
# "since when", "until what year": the value asked for follows that word in the answer too.
_BOUND = re.compile(r"\b(since|until|till|before|after|by)\s+(?:when|(?:what|which)\s+(?:year|date|day|month|time))\b",
                    re.IGNORECASE)
_COMPOUND = re.compile(r",?\s+and\s+(?=(?:who|whom|what|when|where|which|how|why|since|in what|in which)\b)", re.IGNORECASE)


def split_compound(question: str) -> list[str]:
    """ "Where was X killed, and where is he buried?" -> its two questions; others unchanged."""
    parts = [p.strip(" ,") for p in _COMPOUND.split(question) if p.strip(" ,")]
    return parts if len(parts) > 1 else [question]


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
    years: set[str] = field(default_factory=set)
    counted: str = ""  # for "how many X", the stem of X
    bound: str = ""  # for "since when" and the like, the word the value must follow ("since")


def analyze(question: str, history: list[tuple[str, str]] | None = None) -> Question:
    """Work out what `question` asks for; a follow-up borrows the topic of the previous turn."""
    previous, reply = (history[-1][0], _plain(history[-1][1])) if history else ("", "")
    follow_up = bool(previous) and _is_follow_up(question)
    kind = answer_kind(question)
    if kind == OTHER and follow_up:
        kind = answer_kind(previous)
    own = _focus(question)
    # The earlier question says what "it" or "that" refers to; the earlier answer, often, too.
    context = list(dict.fromkeys(t for t in _focus(f"{previous} {reply}") if t not in own)) if follow_up else []
    resolved = f"{question} ({previous} {reply})" if follow_up else question
    surfaces = {stem(w): w for w in words(question) if w not in STOPWORDS}
    return Question(
        text=question, resolved=resolved, kind=kind, focus=own, context=context, surfaces=surfaces,
        head=_head(question), named=_named(question), years=years(question), counted=_counted(question),
        bound=(m.group(1).lower() if (m := _BOUND.search(question)) else ""),
    )


def _plain(answer: str, limit: int = 40) -> str:
    """An earlier answer without citation markers and closest-match listings, cut to `limit` words."""
    text = re.sub(r"\[\d+\]", "", answer.split(" Closest matches")[0])
    return " ".join(text.split()[:limit])


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


def _focus(question: str) -> list[str]:
    # "what year", "since when": the asked-for kind is no word to look for.
    question = _TYPE_NOUN.sub(" ", question)
    kept = [w for w in words(question) if w not in STOPWORDS and w not in _FRAME]
    kept = [w for w in kept if w not in _LIGHT]  # "set off", "carry out": the particle carries the sense
    return list(dict.fromkeys(stem(w[:-2] if w.endswith("'s") else w) for w in kept))


_VERB = r"(?:was|were|is|are|did|do|does|had|have|has|will|would|could|can|died|got)"


def _head(question: str) -> str:
    """The stem of what a "which X" or "who was the X" question asks for."""
    match = re.search(r"\bnames\s+of\s+(?:the\s+)?(\w+)", question, re.IGNORECASE) or re.search(
        r"\b(?:which|what)\s+(\w+)", question, re.IGNORECASE) or re.search(
        rf"\bwho\s+{_VERB}\s+(?:the\s+)?((?:[\w'’]+\s+){{0,3}}?[\w'’]+?)(?:\s+(?:of|in|at|for|when|during|on)\b|\?|$)",
        question, re.IGNORECASE)
    word = match.group(1).split()[-1].lower() if match else ""
    return stem(word) if word and word not in STOPWORDS else ""


def _counted(question: str) -> str:
    """For "how many X ..." the stem of X's head noun: "American personnel" -> "personnel";
    for "how many of the X were Y", Y."""
    match = re.search(rf"\bhow many\s+of\s+the\s+\w+\s+{_VERB}\s+(\w+)", question, re.IGNORECASE) or re.search(
        rf"\bhow many\s+((?:[a-z'’-]+\s+){{0,2}}?[a-z'’-]+?)(?=\s+(?:{_VERB}|in|at|on|of|from)\b|\s*\?|$)",
        question, re.IGNORECASE)
    phrase = match.group(1).lower().split() if match else []
    if not phrase or re.fullmatch(_VERB, phrase[0]):
        return ""  # "how many were injured": nothing named is counted
    return stem(phrase[-1]) if phrase[-1] not in STOPWORDS else ""


def _named(question: str) -> list[str]:
    body = _WH.sub(" ", question, count=1)
    found = [v.surface for v in names(body)] + [v.surface for v in numbers(body)] + sorted(years(body))
    return [t for surface in found for t in terms(surface)]
