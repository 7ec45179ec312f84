"""What a question asks: validation, the expected answer type, and follow-up resolution."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .config import Config
from .entities import DATE, NAME, NUMBER, ORDINAL, names, numbers, years
from .errors import InputError
from .text import STOPWORDS, stem, terms, words
from .tokens import count_tokens

PLACE, MANNER, OTHER = "place", "manner", "other"


def check_question(question: object, config: Config) -> str:
    """The question cleaned of control characters; a clear error if empty or too long."""
    if not isinstance(question, str):
        raise InputError(f"A question must be text, got {type(question).__name__}.")
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in question)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned:
        raise InputError("The question is empty; type a question about the documents.")
    tokens = count_tokens(cleaned)
    if tokens > config.max_question_tokens:
        raise InputError(
            f"The question is {tokens} tokens long; the limit is {config.max_question_tokens} "
            "(QA_MAX_QUESTION_TOKENS). Ask a shorter question."
        )
    return cleaned


# -- what the question asks for ----------------------------------------------------------------

_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (NUMBER, re.compile(r"\b(how (many|much|far|long|old|large|big)|what (number|percentage|share|amount|"
                        r"age|total)|number of|death toll|toll|count)\b")),
    (DATE, re.compile(r"\b(when|what (date|day|year|month|time)|which (date|day|year|month)|"
                      r"on what (date|day)|in what year|how soon)\b")),
    (ORDINAL, re.compile(r"\b(which|what) (anniversary|place|position|rank)\b")),
    (NAME, re.compile(r"\b(who|whom|whose|which (group|organi[sz]ation|person|man|woman|country|city|agency|"
                      r"official|minister|leader|president|branch|outlet|news)|what (group|organi[sz]ation|"
                      r"is the name|was the name|name|country|city|agency|news agency|outlet))\b")),
    (PLACE, re.compile(r"\b(where|in which (city|country|province|place)|what (city|country|province|place))\b")),
    (MANNER, re.compile(r"^\s*(and\s+)?how\b(?! (many|much|far|long|old|large|big))")),
]
_WH = re.compile(r"\b(who|whom|whose|what|which|when|where|why|how)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|and what|but|so|then)\b|\b(he|she|him|her|his|its|they|them|"
    r"their|it|that|those|this|these|there)\b", re.IGNORECASE,
)
# Words that frame a question without saying what it is about.
# Light verbs ("set off", "carry out") are framing too: their meaning lives in the particle.
_FRAME = frozenset(
    "many much number name named called tell say said says know happen happened happen did does do "
    "please exactly according report reported reports actually give given total "
    "set get got go went make made take took put carry carried".split()
)
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


def analyze(question: str, history: list[tuple[str, str]] | None = None) -> Question:
    """Work out what `question` asks for; a follow-up borrows the topic of the previous turn."""
    previous = history[-1][0] if history else ""
    follow_up = bool(previous) and _is_follow_up(question)
    kind = answer_kind(question)
    if kind == OTHER and follow_up:
        kind = answer_kind(previous)
    own = _focus(question)
    context = [t for t in _focus(previous) if t not in own] if follow_up else []
    resolved = f"{question} ({previous})" if follow_up else question
    surfaces = {stem(w): w for w in words(question) if w not in STOPWORDS}
    return Question(
        text=question, resolved=resolved, kind=kind, focus=own, context=context, surfaces=surfaces,
        head=_head(question), named=_named(question), years=years(question), counted=_counted(question),
    )


def answer_kind(question: str) -> str:
    """The kind whose cue comes first: in "Who was minister when ...?" it is "who", not "when"."""
    lowered = question.lower()
    found = [(m.start(), i, kind) for i, (kind, pattern) in enumerate(_TYPE_PATTERNS) if (m := pattern.search(lowered))]
    return min(found)[2] if found else OTHER


def _is_follow_up(question: str) -> bool:
    return bool(_FOLLOW_UP.search(question)) or len(_focus(question)) <= 1


def _focus(question: str) -> list[str]:
    kept = [w for w in words(question) if w not in STOPWORDS and w not in _FRAME]
    return list(dict.fromkeys(stem(w[:-2] if w.endswith("'s") else w) for w in kept))


def _head(question: str) -> str:
    match = re.search(r"\b(?:which|what)\s+(\w+)", question, re.IGNORECASE)
    return stem(match.group(1).lower()) if match and match.group(1).lower() not in STOPWORDS else ""


def _counted(question: str) -> str:
    match = re.search(r"\bhow many\s+(?:of the\s+)?([a-z]+)", question, re.IGNORECASE)
    word = match.group(1).lower() if match else ""
    return stem(word) if word and word not in STOPWORDS else ""


def _named(question: str) -> list[str]:
    body = _WH.sub(" ", question, count=1)
    found = [v.surface for v in names(body)] + [v.surface for v in numbers(body)]
    return [t for surface in found for t in terms(surface)]
