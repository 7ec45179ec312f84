"""The default answerer: no language model, only sentences of the retrieved passages.

Every sentence of the retrieved passages is scored against the question: how much of the
question's focus (weighted by rarity) it covers, whether it holds the kind of value asked for,
and how well its passage ranked. The answer is the fewest sentences that cover the question;
when sentences from the sources give different values for a typed question, each value is
stated with its citation; when no sentence covers the question well enough, it abstains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import numpy as np

from .embeddings import get_embedder, remembered, words_in_context
from .entities import (CALENDAR_WORDS, CONTACT, DATE, DEMONYM, EXTRACTORS, HEDGE, NAME, NUMBER, OFFSET, ORDINAL,
                       ORDINAL_NUMBERS, PARTS_OF_DAY, PLACE, PLACE_NOUNS, REASON, TIME, Value, dates_in, hour_of, names,
                       number_range, numbers, offset_counts, ordinals, spelled_date, years)
from .questions import MEASURE_NOUNS, MEASURES, NOUN_INITIALS, OTHER, PART_FIRST, TITLE_INITIALS, WHAT_MEASURE, YESNO, Question
from .retrieval import Retriever
from .text import FOOTNOTE, STOPWORDS, stem, terms, words
from .types import DISAGREE, NOT_SAID, Answer, Citation, Conflict, ConflictValue, Passage

SUPPORT_THRESHOLD = 0.5  # least question support an answer sentence needs (calibrated on evals/)
SOFT_MATCH = 0.62  # cosine between words above which a question word counts as paraphrased
SOFT_WEIGHT = 0.8
GRAY_FLOOR = 0.3  # a best answer with less support than this is refused without a closer reading
CONTEXT_CANDIDATES = 6  # sentences read in context when the best falls short of SUPPORT_THRESHOLD
PREDICATE_MATCH = 0.42  # the same, for what befell what a rival figure counts ("joined" / "signed up")
CONTEXT_MATCH = 0.38  # cosine between words in context (mutual best matches) above which a question word is paraphrased
UNSAID_MATCH = 0.6  # the same, for a sentence with none of the question's words near
SENSE_FLOOR = 0.35  # cosine in context below which one spelling is two words ("found" / "founded")
CONTEXT_WEIGHT = 0.3  # words carried over from the previous turn of a follow-up
NEAR_CREDIT, PASSAGE_CREDIT, DOCUMENT_CREDIT = 0.6, 0.4, 0.25  # a word outside the sentence counts less
DENSE_CANDIDATES = 12  # sentences whose similarity to the question is computed
DENSE_WEIGHT = 0.35
MAX_WORDS = 45
SPARE_NAME_FROM = 3  # a question naming this many things may miss one of them
RARE_NAME_SHARE = 0.05  # a name in at most this share of chunks must stand by the answer
MAIN_YEAR_SHARE = 0.6  # see _main_years
YEAR_CONTEXT = 250  # characters before a sentence whose years say what time it is about
KEY_SHARE = 0.8  # words this close to the most telling one are key words too
TELLING_GAP = 16  # characters within which two question words matched in a sentence tell one thing
SIDE_EVENT_SHARE = 0.05  # an event named in at most this share of the chunks is told in passing
RIVAL_MARGIN = 0.4  # how far below the best a sentence's score may be for its value to compete
COUNTED_RIVAL_SUPPORT = 0.4  # least support of a rival whose figure names what is counted ("nine fires")
EXPANSION_PASSAGES = 4  # passages added by searching with the question's paraphrases
MAX_SENTENCES = 3
HEAD_CREDIT = 0.5  # share of the asked kind's weight credited again where a name is described by it
FORM_PRECEDENCE = 0.3  # score added to a sentence in the form the question asks: what a name is, what it said
BYLINE_PRECEDENCE = 1.0  # an eligible byline outranks every other sentence for "who wrote ...?"
DOER_GAP = 60  # characters between a doer's name and the verb asked
SEEK_DEPTH = 8  # lexical ranks below the passages searched for values a figure question asks for
SEEK_PASSAGES = 3  # passages so found that are added
NEXT_GAP = 3  # characters between a sentence and the next one of its source
APPOSITION_GAP = 3  # characters between a description and the name beside it ("member, Shahram")
UNTYPED_PENALTY = 0.3  # score lost by a sentence without the kind of value a loose question asks for
OFF_TOPIC_PENALTY = 0.25  # score lost by a sentence whose own years are none the corpus is about
CONTEXT_OFF_TOPIC_PENALTY = 0.15  # the same for a sentence with no year, by the years before it
OTHER_SOURCE_MARGIN = 0.3  # another file's sentence this close to the best one is shown too
ANCHOR_SHARE = 0.6  # question words at least half as informative as the rarest one anchor values
QUALIFIER_WORDS = 3  # words before a role where the name qualifying it ("Iran's") stands
MAX_VALUE_GAP = 100  # characters between a typed value and the question word it answers
TYPED = (NUMBER, DATE, TIME, ORDINAL)  # values that can be compared across sources
LOOSE = (NAME, PLACE, REASON, CONTACT)  # the sentence must hold one, anywhere
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_REVISED = re.compile(r"\b(revis\w*|later|now stands|updated|downward|upward)\b", re.I)
# A sentence revising a figure states the old and the new ("later" alone revises nothing).
_REVISION = re.compile(r"\b(?:revis\w*|now stands|updated|downward|upward|corrected)\b", re.I)
_FINAL = re.compile(r"\b(final|official)\b", re.I)
# "early" before a time says when ("by early 2024"), not that a figure was a first report.
_EARLY = re.compile(
    r"\b(early(?!\s+(?:\d|in\b|on\b|that\b|this\b|next\b|last\b|(?:morning|afternoon|evening|hours|days|weeks|months|"
    r"years|spring|summer|autumn|fall|winter|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*))|earlier|initial\w*|"
    r"first reports?|preliminary)\b", re.I)
# Text addressed to a language model rather than a reader is never an answer.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|your)\s+"
    r"(?:instructions|prompts?|rules)|\b(?:answer|respond to|reply to) every question\b|\byou are (?:now )?an? (?:AI|assistant|language model)\b",
    re.I,
)
# A source saying that what is asked was not made known.
_WITHHELD = re.compile(
    r"\b(?:(?:has|have|had|was|were|is|are)\s+(?:yet\s+to\s+be|not\s+(?:yet\s+)?(?:been\s+)?)"
    r"(?:released|disclosed|made public|revealed|announced|published|named|identified|given)|"
    r"(?:declined|refused|would not|did not)\s+(?:to\s+)?(?:release|disclose|give|reveal|name|identify|say)|"
    r"unnamed|unidentified|undisclosed)\b",
    re.IGNORECASE,
)
_WHY = re.compile(r"\s*(?:(?:and|but|so)\s+)?(?:why|how come|for what (?:reason|purpose))\b", re.IGNORECASE)
_PURPOSE = frozenset(("so that", "in order to", "so as to"))  # reason markers that give a purpose
_PURPOSE_INFINITIVE = re.compile(r"\bto\s+[a-z]+\s+(?:the|a|an|her|his|their|its|our|my|your|them|him|me|us)\b")
_WISHED = re.compile(r"\b(?:wish|want|hop)(?:e|es|s|ed|ing)?\s+[\"“‘']?to\s+[a-z]+\b", re.IGNORECASE)
PURPOSE_GAP = 30  # characters from an asked word to the purpose said after it
_CLOCK_ASKED = re.compile(r"\b(?:what|which)\s+time\b(?!\s+of\s+(?:the\s+)?day)", re.IGNORECASE)
_WHICH = re.compile(r"\s*(?:which|what)\b", re.IGNORECASE)
_YEAR_ASKED = re.compile(r"\b(?:what|which)\s+year\b", re.IGNORECASE)
_DAY_ASKED = re.compile(r"\b(?:what|which)\s+(?:dates?|day)\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"(?:(?:in|of|by|since|from|during)\s+)?(?:the\s+(?:year\s+)?)?(?:1[0-9]|20)\d{2}s?", re.IGNORECASE)
_CALENDAR_ASKED = re.compile(r"\b(?:what|which)\s+(?:date|year|month)\b", re.IGNORECASE)
_ABSOLUTE_DATE = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.IGNORECASE)
_NAMED = re.compile(r"\s*,?\s*(?:(?:nick|re)?named|called|(?:also |better )?known as|dubbed|(?:sub)?titled|entitled|"
                    r"christened)\s+[\"“]?", re.IGNORECASE)
_DESTINATION_ASKED = re.compile(r"\bwhere\b.*\b(?:heading|headed|bound|going|travell?ing|sailing|flying|driving|"
                                r"en route|destined|fleeing|fled|moving|moved|sent|taken|go|went)\b(?!\s+(?:from|off)\b)",
                                re.IGNORECASE)
_DESTINATION_BEFORE = re.compile(r"\b(?:to|for|towards?|into|bound for|destined for)\s+(?:[\w'’-]+\s+){0,5}$", re.IGNORECASE)
_HOW_MANY_OF = re.compile(r"\bhow many\s+of\s+(?:the|its|their|these|those|his|her)\b", re.IGNORECASE)


def _part_asked(q: Question) -> bool:
    """Whether a count of part of a whole is asked: "How many of the wounded ...?", "Of the
    wounded, how many ...?"."""
    return bool(_HOW_MANY_OF.search(q.text) or PART_FIRST.match(q.text))


_SIZE_OF = re.compile(r"\b(?:about |roughly |around )?the size of (?:a|an|two|three) (?:[a-z][\w-]* ){0,2}?[a-z][\w-]*(?=[,.;:)]|\s+(?:and|or|but|when|which|that)\b|$)")
# "How much snow ...?" asks an amount of a thing; "how much of", "how much longer" do not.
_NOT_AMOUNT = r"(?:of|more|less|longer|later|earlier)\b"
_HOW_MUCH_OF = re.compile(rf"\bhow\s+much\s+(?!{_NOT_AMOUNT})[a-z]+\s", re.IGNORECASE)
# The thing itself, not an auxiliary: "How much land ...?", not "How much did it cost?".
_HOW_MUCH_NOUN = re.compile(rf"\bhow\s+much\s+(?!{_NOT_AMOUNT}|(?:is|was|are|were|did|does|do|has|have|had|will|would|"
                            r"can|could|should)\b)([a-z]+)\s", re.IGNORECASE)
_HOW_OFTEN = re.compile(r"\bhow\s+(?:often|frequently)\b", re.IGNORECASE)
_FREQUENCY = re.compile(
    r"\b(?:(?:every|each)\s+(?:other\s+|few\s+)?(?:\d+\s+|two\s+|three\s+|few\s+)?|once\s+(?:a|an|per|every)\s+|"
    r"(?:twice|(?:\d+|two|three|four|five|six|ten|several|many)\s+times)\s+(?:a|an|per|every|each)\s+)"
    r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|season|year|decade)s?\b|"
    r"\b(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|annually|yearly)\b", re.IGNORECASE)
_HOW_MUCH = re.compile(r"\bhow much\b", re.IGNORECASE)
_MONEY_ASKED = re.compile(r"\b(?:worth|cost\w*|pa(?:y|id|ys)|price\w*|retail\w*|value\w*|spen[dt]\w*|fetch\w*|sell\w*|sold|"
                          r"insur\w*|reward\w*|fine[ds]?|budget\w*|salar\w*|charg\w*|earn\w*|raise[ds]?|money|penalt\w*|funds?|grants?|"
                          r"compensation|gdp|economy|revenues?|turnover|income|profits?|debts?|loans?|ransoms?|fees?|"
                          r"damages|bail|donations?|bills?|payouts?|bonus\w*|wages?)\b", re.IGNORECASE)
_SUM_ASKED = re.compile(r"\bwhat\s+(?:is|was|are|were)\s+(?:the\s+|its\s+|their\s+|[\w'’.-]+['’]s?\s+)?(?:[\w-]+\s+){0,2}?"
                        r"(?:prices?|costs?|fees?|fines?|salar(?:y|ies)|wages?|budgets?|rewards?|penalt(?:y|ies))\b"
                        # "What did a place on the expedition cost?"
                        r"|\bwhat\s+(?:did|does|do|will|would)\s+(?:[\w'’.-]+\s+){1,8}cost(?:ing)?\b",
                        re.IGNORECASE)
_LENGTH = r"(?:km|kilomet(?:re|er)s?|miles?|m|met(?:re|er)s?|cm|centimet(?:re|er)s?|mm|ft|feet|foot|yards?|inch(?:es)?|nautical miles?|nm)"
_AREA = r"(?:(?:square|sq\.?)\s*(?:km|kilomet(?:re|er)s?|miles?|m|met(?:re|er)s?|ft|feet|foot)|km2|km²|m2|m²|hectares?|ha|acres?)"
_VOLUME = r"(?:(?:cubic|cu\.?)\s*(?:m|met(?:re|er)s?|ft|feet)|m3|m³|lit(?:re|er)s?|l|gallons?)"
_WEIGHT = r"(?:kg|kilo(?:gram)?s?|tonnes?|tons?|pounds|lbs?|grams?|g)"
_TEMPERATURE = r"(?:°\s*[CF]?|℃|℉|degrees?(?:\s+(?:celsius|centigrade|fahrenheit|C|F))?)"
_DURATION = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies))"
_DATA = r"(?:[KMGTP]i?B|(?:kilo|mega|giga|tera|peta)?bytes?)"
_AMOUNT = rf"(?:{_AREA}|{_VOLUME}|{_WEIGHT}|{_LENGTH}|{_TEMPERATURE}|{_DURATION}|{_DATA}|per ?cent|%)"
# "How far ...?" asks for a distance, "how fast" a speed: a figure without such a unit is no answer.
_UNITS_ASKED = {
    "far": _LENGTH, "high": _LENGTH, "tall": _LENGTH, "deep": _LENGTH, "wide": _LENGTH,
    "long": f"(?:{_LENGTH}|{_DURATION})", "old": r"(?:years?|months?|-(?:year|month|week|day)-old|(?:weeks?|days?)(?=\s+old\b))",
    "fast": r"(?:km/h|kph|mph|knots?|kilomet(?:re|er)s? (?:an|per) hour|miles (?:an|per) hour|m/s)",
    "heavy": _WEIGHT,
    # "How big is the canvas?": a size, in any of these, "94 x 71 cm" whole.
    "big": f"(?:(?:\\s*[x×]\\s*\\d[\\d.,]*)*\\s*(?:{_AREA}|{_VOLUME}|{_LENGTH}|{_WEIGHT}))",
    "cold": _TEMPERATURE, "hot": _TEMPERATURE, "warm": _TEMPERATURE,
    "steep": r"(?:degrees?|°|per ?cent|%)",  # "a broad snow slope of about 35 degrees", "a 12% gradient"
}
_MEASURE_STEMS = frozenset(stem(w) for w in MEASURES)
_MEASURE_NOUN_STEMS = frozenset(stem(w) for w in MEASURE_NOUNS)
_HOW_MUCH_TIME = re.compile(r"\bhow\s+much\s+time\b", re.IGNORECASE)
_HOW_MEASURE = re.compile(r"\bhow\s+(" + "|".join([*_UNITS_ASKED, "large"]) + r")\b", re.IGNORECASE)
# "Piet Oldervanger, 44, a Dutch mountaineer", "Tomas Berczi (47)": an age beside a name.
_AGE_BESIDE_NAME = re.compile(r"[A-Z][\w'’-]+(?:,\s*|\s*\()$")
_SYMBOL = r"(?:[€$£¥₹]|\b(?:usd|eur|gbp))"  # what may stand before a sum ("€38 million", "USD 20")
_CURRENCY = (r"(?:[€$£¥₹]|\b(?:euros?|dollars?|pounds?|yen|francs?|kronor|kroner|krona|krone|crowns?|rupees?|yuan|rubles?|"
             r"pesos?|lira|lire|zloty|forints?|dinars?|dirhams?|riyals?|rials?|shekels?|baht|quid|usd|eur|gbp|"
             r"marks?|markkas?|guilders?|escudos?|drachmas?|won|rand|koruna|korun|hryvnias?|tenge|manats?|tomans?|"
             r"ringgit|rupiah|naira|shillings?|kwacha|cedis?|leu|lei|leva|kuna|florins?|ducats?|pence|cents?|reais|"
             r"birr|taka|kyats?|lari|soms?|bitcoins?)\b)")
# A currency named after a sum, past its multiplier: "20,000 euros", "14 million marks".
_CURRENCY_AFTER = re.compile(rf"\s*(?:(?:million|billion|thousand|m|bn|k)\b\s*)?{_CURRENCY}", re.IGNORECASE)


def _quoted(text: str, value: Value) -> bool:
    """Whether a name is a title in quotes: “The Lamplighter's Daughter”."""
    return any(m.start(1) <= value.start and value.end == m.end(1) for m in _TITLE_IN_QUOTES.finditer(text))


_TITLE_IN_QUOTES = re.compile(r"[\"“]([A-Z][^\"”]{0,100}?)[\"”]")


def _measure_asked(q: Question) -> str | None:
    """The measure a figure question asks for ("far", "high", "old"), by its adverb ("how far")
    or its noun ("at what elevation"), or None."""
    if m := _HOW_MEASURE.search(q.text):
        return "big" if m.group(1).lower() == "large" else m.group(1).lower()
    if _HOW_MUCH_TIME.search(q.text):  # "How much time passed between ...?" asks how long
        return "long"
    if m := WHAT_MEASURE.search(q.text):
        return MEASURE_NOUNS[m.group(1).lower()]
    return None


def _age_beside_name(text: str, value: Value, q: Question) -> Value | None:
    """The figure when it is an age set beside a name ("Piet Oldervanger, 44,", "Berczi (47)"):
    the name asked about, or of the earlier turn's, when the question names one."""
    beside = _AGE_BESIDE_NAME.search(text[:value.start])
    if beside is None or not _AGE_CLOSED.match(text, value.end):
        return None
    name = (terms(beside.group()) or [""])[0]
    asked = set(q.named) | set(q.context)
    if asked:
        return value if name in asked else None
    # Else the person must be what is asked about: "The ferry's captain, Emil Sadowski, 56," is
    # how old the captain is, not the ferry; so is "Piet Oldervanger, 44, a Dutch mountaineer".
    plain = set(q.plain)
    before = re.findall(r"[A-Za-z][\w'’-]*", re.sub(r"(?:[A-Z][\w'’.-]*\s+)*$", "", text[:beside.start()]))[-1:]
    after = re.findall(r"[A-Za-z][\w'’-]*", text[value.end:value.end + 60])[:5]
    return value if not plain or plain & {stem(w.lower()) for w in before + after} else None


_AGE_ASKED = re.compile(r"\b(?:ages?|aged|years?\s+old)\b", re.IGNORECASE)


def _is_age(text: str, value: Value) -> bool:
    """Whether a figure is someone's age: "Tobin Esker, 71,", "a 71-year-old farmer", "aged 71"."""
    return bool(_AGE_BESIDE_NAME.search(text[:value.start]) and _AGE_CLOSED.match(text, value.end)
                or _AGE_AFTER.match(text, value.end) or _AGED_BEFORE.search(text[:value.start]))


_AGE_CLOSED = re.compile(r"\s*(?:[,;)]|\.(?!\d))")  # what ends an age set beside a name
_AGE_AFTER = re.compile(r"(?:-|\s)(?:years?|months?)(?:-|\s)old\b", re.IGNORECASE)
_SPAN_BEFORE = re.compile(r"\b(?:in|for|over|within|after)\s+$", re.IGNORECASE)
_AGED_BEFORE = re.compile(r"\baged\s+$", re.IGNORECASE)
_AGED_NOUN = re.compile(r"(?:(?:-|\s)(?:year|month)s?)?-old\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?", re.IGNORECASE)


def _one_unit(text: str) -> list[Value]:
    """"a"/"an" as the figure one of a unit after it, when it measures: "about a kilometer", "an
    hour later" (kept only where a unit asked for follows; "if you've only got an hour" and "a
    second explosion" are no measures)."""
    return [Value(NUMBER, m.start(), m.end(), m.group(), "1") for m in re.finditer(
        rf"\b(?:(?:just\s+)?(?:{HEDGE})\s+an?\b(?=\s+(?!second\b))"
        r"|an?\b(?=\s+(?!second\b)[\w-]+\s+(?:away|later|earlier|after|before|apart|long|from)\b))", text, re.IGNORECASE)]


def _in_units(text: str, value: Value, units: str) -> Value | None:
    """The figure with its unit, when stated in one of `units`: "4 km", "1.5 kilometres"; else None."""
    unit = re.match(rf"\s*-?\s*(?:odd\s+)?{units}(?![/\w])", text[value.end:value.end + 40], re.IGNORECASE)
    if unit is None:
        return value if re.search(rf"\b{units}\s*$", value.surface, re.IGNORECASE) else None
    end = value.end + unit.end()
    # A figure below zero keeps its sign: "-25°C", "minus 18 degrees".
    sign = re.search(r"(?:(?<![\w.,])[-−]|\bminus\s+)$", text[max(0, value.start - 6):value.start], re.IGNORECASE)
    start = value.start - len(sign.group()) if sign else value.start
    return Value(value.kind, start, end, text[start:end], "-" + value.normal if sign else value.normal)


def _sized(value: Value | None, q: Question) -> bool:
    """Whether a figure answering "how big/large" states a size in units ("94 x 71 cm")."""
    return value is not None and _measure_asked(q) == "big" and bool(
        re.search(rf"(?<![A-Za-z]){_UNITS_ASKED['big']}\s*$", value.surface, re.IGNORECASE))


def _is_money(text: str, value: Value) -> bool:
    """Whether a figure is a sum of money: "€38 million", "$1.2bn", "20,000 euros"."""
    before, after = text[max(0, value.start - 4):value.start], text[value.end:value.end + 20]
    return bool(re.search(rf"{_SYMBOL}\s*$", before, re.IGNORECASE) or _CURRENCY_AFTER.match(after)
                or re.match(_SYMBOL, value.surface, re.IGNORECASE))


def _with_currency(text: str, value: Value) -> Value:
    """A sum of money with its currency: "14 million marks" and "£18.4 million", not "14 million"
    and "18.4 million"; a share with what makes it one: "48.6 per cent", which is not 48.6 of
    anything ("41%" has it)."""
    if _is_share(text, value):
        end = share.end() if (share := _PER_CENT.match(text, value.end)) else value.end
        return replace(value, end=end, surface=text[value.start:end], normal=f"{value.normal}%")
    if symbol := re.search(rf"{_SYMBOL}\s?$", text[max(0, value.start - 4):value.start], re.IGNORECASE):
        start = value.start - len(symbol.group())
        return replace(value, start=start, surface=text[start:value.end])
    after = _CURRENCY_AFTER.match(text[value.end:])
    if after is None or after.group().strip()[0] in "€$£¥₹":
        return value
    end = value.end + after.end()
    return replace(value, end=end, surface=text[value.start:end])


_PER_CENT = re.compile(r"\s*(?:per\s?cent|percent|%)", re.IGNORECASE)
_SHARE_ASKED = re.compile(r"\b(?:turnout|share|percentage|proportion|per\s?cent|percent)\b", re.IGNORECASE)


def _is_share(text: str, value: Value) -> bool:
    """Whether a figure is a percentage: "48.6 per cent", "41%"."""
    return bool(_PER_CENT.match(text, value.end) or re.search(rf"{_PER_CENT.pattern}$", value.surface, re.IGNORECASE))


# "By Jonah Castellane", "by Nadia Ferro, Transport Correspondent", "Lead author: Dr Imogen
# Vale CEng": who wrote the document.
_BYLINE = re.compile(r"(?:(?:[Ww]ritten\s+|[Pp]repared\s+|[Cc]ompiled\s+|[Pp]osted\s+|[Rr]eported\s+|\(?[Rr]eporting\s+)?[Bb]y|"
                     r"(?:[Ll]ead\s+)?[Aa]uthors?:)\s+"
                     r"((?:(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})(?:\s*,.{0,60})?\.?")
# "Who wrote ...?", "Which reporter wrote ...?"
_AUTHORSHIP = re.compile(r"\b(?:who|which(?:\s+[\w'’-]+){1,3}?)\s+(?:wrote|writes|has written|had written|authored|penned)\b|"
                         r"\bwho\s+(?:is|was)\s+the\s+(?:author|writer)\b|\bwritten\s+by\b", re.IGNORECASE)
_AUTHORSHIP_STEMS = frozenset(stem(w) for w in "wrote write writes written writer author authored penned article "
                                               "piece story column blog post feature".split())
_AI_WRITTEN = re.compile(r"\b(written|generated|produced)\s+(entirely\s+|wholly\s+)?by (AI|an AI|artificial intelligence)\b|AI-generated", re.I)


@dataclass
class Sentence:
    """A sentence of a retrieved passage, with what scoring found in it."""

    source: str
    start: int
    end: int
    text: str
    rank: int  # rank of its passage
    passage_terms: set[str]
    terms: set[str]
    near_terms: set[str]  # of the sentence and its neighbours
    document_terms: set[str]
    context_years: set[str]  # years named by the neighbouring sentences
    lexical: float = 0.0
    off_topic: bool = False  # it, or its neighbours, are about another year than the passages
    similarity: float = 0.0
    support: float = 0.0
    score: float = 0.0
    eligible: bool = False
    value: Value | None = None  # the asked-for value nearest the question's words
    values: list[Value] = field(default_factory=list)  # every value that answers it
    unanchored: bool = False  # it holds values of the asked kind, but no telling question word
    read_anchors: list[int] = field(default_factory=list)  # where its words match them in context
    dense_pending: bool = False  # its similarity to the question is computed only if needed


class ExtractiveAnswerer:
    """Answers from sentences of the passages; see the module docstring."""

    name = "extractive"

    def __init__(self, retriever: Retriever):
        self.retriever = retriever
        self._full_names: dict[str, list[tuple[int, list[str]]]] = {}  # each file's names of two words or more
        self._written_as_name: dict[tuple[str, str], bool] = {}  # (file, word): see _opening_name

    def answer(self, question: Question, passages: list[Passage]) -> Answer:
        sentences = self._sentences(passages)
        weights = self._weights(question)
        same = self._equivalents(question, sentences)
        extra = self._expand(question, same, passages)
        extra += self._seek_values(question, same, passages + extra)
        main = _main_years(passages)  # what the retrieved passages are about, before any added
        if extra:
            have = {(s.source, s.start, s.end) for s in sentences}
            sentences = sentences + [s for s in self._sentences(extra, first_rank=len(passages))
                                     if (s.source, s.start, s.end) not in have]
            passages = passages + extra
            same = self._equivalents(question, sentences)
        for s in sentences:
            self._score(s, question, weights, same, main)
        if question.kind in TYPED:
            self._anchor_in_context(question, sentences, weights, same, main)
        self._add_similarity(question, sentences)
        eligible = sorted((s for s in sentences if s.eligible), key=lambda s: -s.score)
        if question.kind == NAME and question.head:
            # "President Trump", where another sentence read says "then-President Donald Trump".
            # (Each name is looked up once, however many sentences give it.)
            values = {s.value.surface: s.value for s in eligible if s.value}
            other = {name for name, v in values.items() if _holds_other_role(v, sentences, question, same)}
            eligible = [s for s in eligible if not (s.value and s.value.surface in other)]
        if eligible and GRAY_FLOOR <= eligible[0].support < SUPPORT_THRESHOLD:
            self._read_in_context(question, eligible[:CONTEXT_CANDIDATES], weights, same)
            eligible.sort(key=lambda s: -s.score)
        if not self._best_in_sense(question, eligible, same) or eligible[0].support < SUPPORT_THRESHOLD:
            return self._abstain(question, sentences, passages)
        if question.kind in EXTRACTORS and not eligible[0].values and _WITHHELD.search(eligible[0].text):
            # "an 11-year-old boy, whose name has not been released": the source says it does not say.
            return self._abstain(question, sentences, passages, withheld=eligible[0])
        return self._compose(question, eligible, passages, same, sentences)

    def _best_in_sense(self, q: Question, eligible: list[Sentence], same: dict[str, set[str]]) -> bool:
        """Drop from the front of `eligible` the answers that use the question's words in another
        sense ("Who found the painting?": "he founded the Kelmora Chamber Players"); False when none
        is left, or when the question places its event by something the corpus never names."""
        plain = q.plain
        # A word the corpus never uses is matched only by others said alike, which are read too:
        # "painting" asked of a corpus on water works, "drawn" is water drawn from a reservoir.
        # (An abbreviation or a shared prefix says the same by its letters: "Supt", "provincial".)
        unused = {t: {w for w in same.get(t, set()) - _ABBREVIATED.get(t, set()) if not _same_prefix(t, w)}
                  for t in plain if not self.retriever.lexical.doc_freq.get(t)}
        while eligible and eligible[0].support >= SUPPORT_THRESHOLD and not self._in_sense(q, eligible[0], plain, unused):
            eligible.pop(0)
        # "How many people were hurt in the avalanche?", of a corpus never saying avalanche or
        # anything like it: a figure of some other event is no answer.
        return bool(eligible) and not any(not same.get(t) and not self._reads_key(q, eligible[0], [t])
                                          for t in _events_named(q, of=False) if t in unused)

    # -- candidates ---------------------------------------------------------------------------
    def _sentences(self, passages: list[Passage], first_rank: int = 0) -> list[Sentence]:
        found: dict[tuple[str, int, int], Sentence] = {}
        self.retriever.read_sources(p.source for p in passages)
        for rank, passage in enumerate(passages, start=first_rank):
            cut = [_without_markers(a, b, passage.text[a - passage.start:b - passage.start])
                   for a, b in self.retriever.record(passage.chunk_id).sentences]
            cut = [c for c in cut if c[2]]  # a line of footnote markers is no sentence, nor a neighbour
            spans, texts = [(a, b) for a, b, _ in cut], [t for _, _, t in cut]
            term_sets = [set(terms(t)) for t in texts]
            passage_terms = set().union(*term_sets) if term_sets else set()
            for i, ((start, end), text) in enumerate(zip(spans, texts)):
                key = (passage.source, start, end)
                if key in found or len(words(text)) < 3:
                    continue
                near = set().union(*term_sets[max(0, i - 1):i + 2])
                before = self.retriever.source_text(passage.source)[max(0, start - YEAR_CONTEXT):start]
                around = set().union(years(before), *(years(t) for t in texts[i:i + 2]))
                found[key] = Sentence(
                    passage.source, start, end, text, rank, passage_terms, term_sets[i], near,
                    self.retriever.source_terms(passage.source), around,
                )
        return list(found.values())

    def _expand(self, q: Question, same: dict[str, set[str]], passages: list[Passage]) -> list[Passage]:
        """Passages found by the question's words together with the words that say the same in
        the first passages ("died" -> "killed", "dead"): sources phrasing the answer differently."""
        if not q.focus:
            return []
        key = max(q.focus, key=self.retriever.lexical.idf)  # the word that decides what is asked
        expanded = list(q.focus) + sorted(same.get(key, ()))
        if len(expanded) == len(q.focus):
            return []
        have = {p.chunk_id for p in passages}
        found = self.retriever.search_terms(expanded, len(passages) + EXPANSION_PASSAGES)
        return [p for p in found if p.chunk_id not in have][:EXPANSION_PASSAGES]

    def _seek_values(self, q: Question, same: dict[str, set[str]], passages: list[Passage]) -> list[Passage]:
        """For a figure, date or time: passages further down the lexical ranking that hold a
        value of the asked kind and the question's telling word. A second source's figure often
        stands in a passage that ranks below the first source's several passages."""
        plain = q.plain
        if q.kind not in TYPED or not plain:
            return []
        # "How many symphonies ...": what is counted is what a figure must stand by.
        key = q.counted or max(plain, key=self.retriever.lexical.idf)
        wanted = {key} | same.get(key, set())
        have = {p.chunk_id for p in passages}
        found = self.retriever.search_terms(list(q.focus) + sorted(same.get(key, ())), len(passages) + SEEK_DEPTH)
        extract = EXTRACTORS[q.kind]
        # Asked when someone was born or died, a life span says it without the word: "(b. 1957 - d. 2020)".
        life = q.kind == DATE and bool(_LIFE_ASKED.search(q.text))
        return [p for p in found if p.chunk_id not in have and extract(p.text)
                and (wanted & set(terms(p.text)) or life and _LIFE_SPAN.search(p.text))][:SEEK_PASSAGES]

    def _weights(self, question: Question) -> dict[str, float]:
        """Each question word's weight: its rarity in the corpus (idf)."""
        idf = self.retriever.lexical.idf
        return {t: idf(t) for t in list(question.focus) + [c for c in question.context if c not in question.focus]}

    def _equivalents(self, question: Question, sentences: list[Sentence]) -> dict[str, set[str]]:
        """For each question stem, the stems of candidate words that say the same: shared
        prefixes ("province"/"provincial") and close word vectors ("wounded"/"injured")."""
        if not sentences:
            return {}
        vocabulary = sorted({w for s in sentences for w in words(s.text) if w not in STOPWORDS and not w.isdigit()})
        stems = [stem(w) for w in vocabulary]
        vectors = self._word_vectors(tuple(vocabulary))
        found: dict[str, set[str]] = {}
        asked = set(question.focus) | set(question.context)
        looked_up = [t for t in list(question.focus) + list(question.context) if t not in question.named]
        question_vectors = self._word_vectors(tuple(question.surfaces.get(t, t) for t in looked_up))
        for term, vector in zip(looked_up, question_vectors):
            similar = vectors @ vector
            found[term] = {stems[i] for i in np.flatnonzero(similar >= SOFT_MATCH)}
            found[term] |= {st for st in stems if _same_prefix(term, st)}
            found[term] |= _ABBREVIATED.get(term, set())  # "Cllr Thwaite" is a councillor
            # A word the question also uses is its own concept: in "arrested ... convicted?",
            # "arrested" does not say "convicted".
            found[term] -= asked
        # A name may be written as its acronym: "ISIS" for the Islamic State, "IRGC" for the
        # Islamic Revolutionary Guard Corps.
        acronyms = {a for s in sentences for a in _ACRONYM.findall(s.text)}
        for name in question.names:
            if len(name) == 1:  # "Which Japanese town ...?": "in Onomichi, Japan"
                found[name[0]] = found.get(name[0], set()) | {st for st in stems if _same_people(name[0], st)}
            initials = "".join(t[0] for t in name)
            if len(name) < 2:
                continue
            short = {t for a in acronyms if a.lower().startswith(initials) and len(a) <= len(initials) + 2
                     for t in terms(a)}
            for t in name:
                found[t] = found.get(t, set()) | short
        return found

    def _word_vectors(self, words_: tuple[str, ...]) -> np.ndarray:
        """Unit vectors of single words: stored with the index when it has them, else embedded."""
        table = self.retriever.lexical.words
        if table is None:
            return remembered(self.retriever.config.embedder, words_)
        rows = [table.rows.get(w, -1) for w in words_]
        unknown = tuple(w for w, r in zip(words_, rows) if r < 0)
        if not unknown:
            return np.asarray(table.matrix[rows])
        fresh = dict(zip(unknown, remembered(self.retriever.config.embedder, unknown)))
        return np.stack([table.matrix[r] if r >= 0 else fresh[w] for w, r in zip(words_, rows)])

    # -- scoring ------------------------------------------------------------------------------
    def _score(self, s: Sentence, q: Question, weights: dict[str, float], same: dict[str, set[str]],
               main_years: set[str]) -> None:
        s.lexical = _coverage(q.focus, s, weights, same)
        if given := _given_names(s, q):
            # "Which city does Clara Mendhurst come from?": "Mendhurst, 38, is a teacher from
            # Leeds" names her as fully as the file's first mention of her did.
            total = sum(weights[t] for t in q.focus) or 1.0
            s.lexical += sum(weights[t] * (1.0 - _credit(t, s, same)) for t in given) / total
        referent = self._referred_to(s) if q.names else []
        if referred := [t for name in q.names if name[-1] in referent for t in name if t in q.focus]:
            # "How old is Penhallow?": "Penhallow himself arrived ... The 61-year-old, who has led
            # the city since 2017, said ..." is about him as if it named him.
            total = sum(weights[t] for t in q.focus) or 1.0
            s.lexical += sum(weights[t] * (1.0 - _credit(t, s, same)) for t in referred) / total
        life_span = _life_span(s, q)
        if life_span:  # "Qasem Soleimani (b. 11 March 1957 - d. 3 January 2020)" says born and died
            said = [t for t in q.focus if _LIFE_ASKED.fullmatch(q.surfaces.get(t, t))]
            total = sum(weights[t] for t in q.focus) or 1.0
            s.lexical += sum(weights[t] * (1.0 - _credit(t, s, same)) for t in said) / total
        if q.context:
            # A follow-up that names almost nothing itself ("why did they do that?") leans on
            # the earlier turn, one that names nothing ("When did that happen?") wholly;
            # otherwise the earlier turn only breaks ties.
            share = CONTEXT_WEIGHT if len(q.focus) > 1 else 2 * CONTEXT_WEIGHT if q.focus else 1.0
            s.lexical = (1 - share) * s.lexical + share * _coverage(q.context, s, weights, same)
        s.support = s.lexical
        # A question naming several things may word one of them differently from the source
        # ("American personnel" / "U.S. personnel"); the others still pin the sentence down.
        # A record line ("Iran: Population: 87.92 Mn") is about what it names, not what is
        # around it.
        record = _is_record(s.text)
        missing = sum(not self._named_by(s, name, q, same, record) for name in q.names)
        named_ok = missing == 0 or (missing == 1 and len(q.names) >= SPARE_NAME_FROM)
        opener = self._opening_name(s) if q.kind == NAME else None
        s.values = _values_for(s, q, weights, same, s.read_anchors, opener)
        if q.kind == NUMBER:
            s.values = [_with_currency(s.text, v) for v in _without_parts(s.text, s.values)]
        s.value = s.values[0] if s.values else None
        says = _says_what(s, q, same) or bool(s.read_anchors) or life_span
        # A figure or date not tied to the question's words, which the sentence may word otherwise.
        s.unanchored = q.kind in TYPED and (not s.values or not says) and bool(EXTRACTORS[q.kind](s.text))
        typed_ok = q.kind not in TYPED + LOOSE or s.value is not None
        names_of = q.kind == NAME and bool(q.head) and q.names_of
        if names_of:
            typed_ok = typed_ok and _beside_head(s, q, same)  # "the names of the students": names of them
        # A name may be worded plainly ("blamed it on anarchists"): such a sentence still
        # answers, behind any that holds the kind of value asked for; "the names of" asks for
        # names themselves. A place is said as one ("in Kelmora", "near the stage", "on the
        # underside"): a sentence with none does not say where.
        # "Which publishing house ...?" asks for the name of one: "his publisher" is none.
        which_kind = q.kind == NAME and bool(q.head) and bool(_WHICH.match(q.text))
        # "Who is the governor?" asks a name as "which governor?" does: "The deputy governor
        # said ..." names no one ("She is the chair ..." names who its passage names).
        which = which_kind or (q.kind == NAME and bool(q.head) and bool(_WHO_IS.match(q.text))
                          and not _PERSONAL_SUBJECT.match(s.text)) or (q.kind == NAME and bool(_WHOSE.match(q.text)))
        # ("What is the name of the dairy farm?" asks a name, whatever kind it names.)
        untyped = s.value is None and q.kind in (NAME, PLACE) and not q.names_of and not which and not q.role_of
        typed_ok = typed_ok or (untyped and q.kind == NAME)
        if q.kind in TYPED and not record:  # a record line says by position what its values are
            typed_ok = typed_ok and says
        if q.part and q.counted:
            # "How many of the injured were children?": a sentence with no children in it counts all.
            typed_ok = typed_ok and (q.counted in s.terms or bool(same.get(q.counted, set()) & s.terms))
        if q.kind == YESNO:
            # "Were any convicted?" is answered only by a sentence about the key word ("convicted").
            typed_ok = typed_ok and _has_key(s, q, weights, same)
        if q.kind == OTHER and (verb := _verb_asked(q)):
            # "What did the review conclude?" is answered where its verb, or one said alike, is
            # said: "has commissioned an external review" tells nothing it concluded.
            typed_ok = typed_ok and _says_word(s, verb, same)
        if q.kind not in TYPED and _OUTCOME_ASKED.search(q.text):
            # "What verdict was reached at the trial?" is answered only where an outcome is told:
            # "a trial is expected in 2024", "is expected to report next summer" tell none yet.
            typed_ok = typed_ok and _tells_outcome(s.text)
        if q.kind == NAME and _SUCCESSION.search(q.text):
            # "Who took over from Petra Alvang?" is answered where one is said to follow another:
            # "Petra Alvang told Radio Lorrin ..." names only whom she was followed by, and "was
            # succeeded by her deputy" names no one.
            typed_ok = (typed_ok and s.value is not None
                        and bool(_SUCCESSION.search(s.text) or _SUCCESSION_TOLD.search(s.text)))
        if q.kind == OTHER and (doer := _DONE_BY_NAMED.match(q.text)):
            # "What did Khamenei blame the US and Israel for?": "Iranian president Ebrahim Raisi
            # blamed Israel" tells what another did.
            typed_ok = typed_ok and not _done_by_other(s.text, doer.group(1), stem(doer.group(2).lower()))
        if q.agent:
            # "Who carried out the attack?" is answered where a source says who did it: "Islamic
            # State claimed responsibility", "executed by ...", "Raisi blamed Israel for ...".
            typed_ok = typed_ok and bool(_responsibility(s.text))
        relevant = bool(s.terms & set(weights) or any(same.get(t, set()) & s.terms for t in weights) or s.read_anchors)
        # "She was succeeded by the finance director, Ivo Branke": "she" is the person the question
        # names, as the sentence before says.
        relevant = relevant or bool(q.names and missing == 0 and _PERSONAL_SUBJECT.match(s.text))
        if q.agent:
            # "Islamic State claimed responsibility for the attack", in a passage on the bombings.
            relevant = relevant or bool(s.passage_terms & set(q.focus))
        # A question answers nothing ("What caused the contamination?" heading an FAQ's answer).
        asks = bool(_ASKING.match(s.text)) and s.text.rstrip(" \"”’)").endswith("?")
        s.eligible = (named_ok and typed_ok and relevant and not asks and not _is_heading(s.text)
                      and not _INSTRUCTION.search(s.text))
        byline = _BYLINE.fullmatch(s.text.strip()) if q.kind == NAME and _AUTHORSHIP.search(q.text) else None
        if byline:
            self._byline(s, q, weights, same, byline)
        # The year a "since when" question is answered with says nothing of what the sentence is
        # about: "the deadliest since the Cinema Rex attack of 1978" is about this year's attack.
        # Nor, for a question asking the year, does the year of a sentence that itself says what
        # was asked: "in the spring of 1887 he painted it" answers in what year it was painted,
        # whatever year the rest of the corpus is about. ("When was it found?" keeps the guard:
        # "founded in 1874" shares the stem.)
        dated = q.kind == DATE and (bool(q.bound) or life_span or (
            bool(_YEAR_ASKED.search(q.text)) and not q.years
            and (_says_itself(s, q, {t: w for t, w in weights.items() if t in self.retriever.lexical.doc_freq}, same)
                 or bool(s.read_anchors))))
        # Such a sentence is about its own dates: "chief pilot from 1952 to 1979"; so is a life
        # span beside the name of a question asking a birth or death: "Vosk (1912-1984)".
        answer_years = years(s.text) if dated else set()
        # A claim of who did it is judged by its own years, not its neighbours': "On the following
        # day, Islamic State claimed responsibility for the attack" after a paragraph on 2020.
        mentioned = (years(s.text) or (set() if q.agent and s.values else s.context_years)) - answer_years
        # A sentence giving the day the question names is about it, whatever year it also gives:
        # "On 11 January, the Ministry of Intelligence said ... entered Iran in December 2023".
        s.off_topic = bool(mentioned) and not (mentioned & (q.years or main_years)) and not _gives_day_asked(s.text, q)
        if which_kind and s.eligible and s.value and _called_as_asked(s, q):
            # "Which solicitors are taking the residents' case to court?": "solicitors Kettering
            # Dunmore LLP" names one as the kind asked; the rest of the question, which says which
            # one, the source may word otherwise ("issued a group claim on behalf of 340 households").
            added = HEAD_CREDIT * weights.get(q.head, 0.0) / (sum(weights[t] for t in q.focus) or 1.0)
            s.lexical += added
            s.support += added
        # A sentence off the corpus's years by its own is surely about another time; one only by
        # the paragraph around it less surely ("The main building, designed by the architect Jonas
        # Feldt ..." after the museum's founding in 1874).
        off_topic = (OFF_TOPIC_PENALTY if years(s.text) else CONTEXT_OFF_TOPIC_PENALTY) if s.off_topic else 0.0
        s.score = s.support + 0.12 / (1 + s.rank) - off_topic - (UNTYPED_PENALTY if untyped else 0.0)
        if byline:
            s.score += BYLINE_PRECEDENCE  # who wrote it is said by the byline, not a title naming the publisher
        if _in_form_asked(s.text, q):
            s.score += FORM_PRECEDENCE
        if s.off_topic and q.years:
            s.eligible = False  # the question names a year this sentence is not about

    def _byline(self, s: Sentence, q: Question, weights: dict[str, float], same: dict[str, set[str]],
                byline: re.Match[str]) -> None:
        """A byline ("By Jonah Castellane") answers who wrote the document it heads, when the
        document is the one asked about: its words and names are looked for in the whole document."""
        about = [t for t in q.focus if t not in _AUTHORSHIP_STEMS] or q.focus
        total = sum(weights[t] for t in about) or 1.0
        s.lexical = sum(weights[t] for t in about if _mentions(s.document_terms, t)
                        or same.get(t, set()) & s.document_terms) / total
        s.support = s.lexical
        s.values = [Value(NAME, byline.start(1), byline.end(1), byline.group(1), byline.group(1).lower())]
        s.value = s.values[0]
        s.eligible = all(_mentions(s.document_terms, t) for name in q.names for t in name)

    def _named_by(self, s: Sentence, name: list[str], q: Question, same: dict[str, set[str]], record: bool) -> bool:
        """Whether each word of a name from the question stands where it must (see _named_near).
        A record line is about what it names itself. A first name may stand anywhere in the file
        when the surname is in the sentence ("Mendhurst, 38, is ..." after "Clara Mendhurst
        remembers ..."), or in its passage when the sentence's subject is "He" or "She"."""
        if record:
            return all(_mentions(s.terms, t) or bool(same.get(t, set()) & s.terms) for t in name)
        surname = _mentions(s.passage_terms if _PERSONAL_SUBJECT.match(s.text) else s.terms, name[-1])
        # A surname alone is of whom the file last named in full by it: "Wennerholm died in 1912"
        # after "Tobias Wennerholm" is not of his daughter Elise Wennerholm, named further on.
        other = surname and len(name) > 1 and not _mentions(s.near_terms, name[-2]) and (
            self._surname_of(s, name[-1]) not in ("", name[-2]))
        return not other and all(self._named_near(s, t, same.get(t, set()), q.kind in TYPED and t in q.owners)
                                 or (i < len(name) - 1 and surname and _mentions(s.document_terms, t))
                                 for i, t in enumerate(name))

    def _referred_to(self, s: Sentence) -> list[str]:
        """The words of the name that a sentence opening "He", "She" or "The 61-year-old" refers
        back to: the last that may be a person's before it in its paragraph."""
        if not _PERSONAL_SUBJECT.match(s.text):
            return []
        before = self.retriever.source_text(s.source)[:s.start]
        paragraph = before[before.rfind("\n\n") + 1:]
        people = [v for v in names(paragraph) if _names_a_person(paragraph, v)]
        return terms(people[-1].surface) if people else []

    def _surname_of(self, s: Sentence, surname: str) -> str:
        """The stem of the given name whom the file last named in full before `s` by `surname`
        ("Tobias" for "Wennerholm died in 1912" after "Tobias Wennerholm was born ..."), else "":
        a surname alone is of that person, not of a daughter the file names later."""
        if s.source not in self._full_names:
            self._full_names[s.source] = [(v.start, t) for v in names(self.retriever.source_text(s.source))
                                          if len(t := terms(v.surface)) >= 2]
        full = [t for start, t in self._full_names[s.source] if start < s.start and t[-1] == surname]
        return full[-1][-2] if full else ""

    def _opening_name(self, s: Sentence) -> Value | None:
        """The word opening `s`, as a name, when its file also writes it capitalised after a
        lowercase word on a line: "Tavigrid, the company that runs the network, said ..." after
        "Shares in Tavigrid plc fell". (A capital that only opens sentences is no name: "Officials
        said ...".)"""
        m = _OPENING_WORD.match(s.text)
        if m is None or m.group(1).lower() in STOPWORDS or any(v.start == m.start(1) for v in names(s.text)):
            return None
        word = m.group(1)
        key = (s.source, word)
        if key not in self._written_as_name:
            self._written_as_name[key] = bool(re.search(rf"[a-z][,;:]?[ \t]+{re.escape(word)}\b",
                                                        self.retriever.source_text(s.source)))
        return Value(NAME, m.start(1), m.end(1), word, word.lower()) if self._written_as_name[key] else None

    def _named_near(self, s: Sentence, name: str, alike: set[str], owner: bool = False) -> bool:
        """A name from the question must be by the sentence when it is rare in the corpus (the
        question is about it) or a number ("the AS-180", "Flight 752": the model or flight, not
        its sibling), and in it when it owns the figure or date asked for ("the population of
        Kastrel"); a name the whole corpus is about may be anywhere in the file. A sentence whose
        subject is "He" or "She" may be about a person its passage names."""
        lexical = self.retriever.lexical
        rare = lexical.doc_freq.get(name, 0) <= max(2, RARE_NAME_SHARE * lexical.size) or name.isdigit()
        where = s.terms if owner else s.near_terms if rare else s.document_terms
        if rare and not owner and _PERSONAL_SUBJECT.match(s.text):
            where = s.passage_terms
        return _mentions(where, name) or bool(alike & where)

    def _add_similarity(self, q: Question, sentences: list[Sentence]) -> None:
        """Blend in the dense similarity of question and sentence for the strongest candidates
        and for every eligible sentence holding an asked-for value. Of the strongest, those not
        eligible to answer are compared only if the question is refused (see _settle_similarity):
        then they may be the closest matches; an answer never reads them."""
        # A source that words its figure differently ("up to 211 others were injured") must
        # not lose the dense share of its support for ranking low on words alone.
        # Only where values compete (see _compose), and only sentences whose words leave them a
        # chance of SUPPORT_THRESHOLD however similar they are.
        ranked = sorted(sentences, key=lambda s: -s.score)
        competing = q.kind in TYPED or (q.kind == NAME and bool(q.head or q.role_of or q.agent))
        reachable = (SUPPORT_THRESHOLD - DENSE_WEIGHT) / (1 - DENSE_WEIGHT)
        top = ranked[:DENSE_CANDIDATES] + [s for s in ranked[DENSE_CANDIDATES:]
                                           if competing and s.eligible and s.values and s.lexical >= reachable]
        for s in sentences:
            s.support = (1 - DENSE_WEIGHT) * s.lexical
            s.score += s.support - s.lexical
        for s in top:
            s.dense_pending = not s.eligible
        self._blend_dense(q, [s for s in top if s.eligible])

    def _settle_similarity(self, q: Question, sentences: list[Sentence]) -> None:
        """The dense share of the strongest ineligible sentences, put off by _add_similarity."""
        self._blend_dense(q, [s for s in sentences if s.dense_pending])

    def _blend_dense(self, q: Question, chosen: list[Sentence]) -> None:
        """Add to `chosen` (whose support holds only its lexical share) the dense share."""
        if not chosen:
            return
        embedder = self.retriever.config.embedder
        question_vector = remembered(embedder, (q.resolved,))[0]  # a follow-up with what it refers to
        similarity = remembered(embedder, tuple(s.text for s in chosen)) @ question_vector
        for s, sim in zip(chosen, similarity):
            s.similarity = float(sim)
            dense = DENSE_WEIGHT * min(1.0, max(0.0, (s.similarity - 0.15) / 0.55))
            s.support += dense
            s.score += dense
            s.dense_pending = False

    def _context_reader(self) -> str | None:
        """The configured embedder's name when it reads words in context (the bundled ONNX
        MiniLM does), else None: the readings in context are then skipped."""
        embedder = self.retriever.config.embedder
        return embedder if hasattr(get_embedder(embedder), "word_vectors") else None

    def _read_in_context(self, q: Question, candidates: list[Sentence], weights: dict[str, float],
                         same: dict[str, set[str]]) -> None:
        """For an answer short of support: match the question's missing words against each
        candidate's words in context, as the embedder reads them in their sentences ("turned
        over" / "overturned", "started" / "founded"), and credit those that match as paraphrases.
        Single-word vectors miss these; contextual ones cost a model run per sentence, so only
        the few best candidates of a question about to be refused are read."""
        embedder = self._context_reader()
        if embedder is None:
            return
        asked = {t: v for t, v, _ in words_in_context(embedder, q.text) if t in q.focus and t not in q.named}
        total = sum(weights[t] for t in q.focus) or 1.0
        share = (1 - (CONTEXT_WEIGHT if len(q.focus) > 1 else 2 * CONTEXT_WEIGHT)) if q.context else 1.0
        for s in candidates:
            missing = {t: v for t, v in asked.items() if _credit(t, s, same) < SOFT_WEIGHT}
            matched = _read_matches(embedder, q.text, missing, s.text)
            if q.head in matched and _WHO.match(q.text) and stem(_word_at(s.text, matched[q.head]).lower()) in _PLACE_NOUN_STEMS:
                del matched[q.head]  # who "the mayor of Kerman" was is not told by "the city of Kerman"
            # What is read must outweigh what its source never says: "speed" read as "traffic"
            # does not make a sentence whose source has no "limit" say what the speed limit is.
            unsaid = [t for t in missing if t not in matched and _credit(t, s, same) == 0.0]
            if sum(weights[t] for t in unsaid) >= sum(weights[t] for t in matched):
                continue
            gain = sum(weights[t] * (SOFT_WEIGHT - _credit(t, s, same)) for t in matched)
            added = share * gain / total
            s.lexical += added
            s.support += (1 - DENSE_WEIGHT) * added
            s.score += (1 - DENSE_WEIGHT) * added

    def _anchor_in_context(self, q: Question, sentences: list[Sentence], weights: dict[str, float],
                           same: dict[str, set[str]], main_years: set[str]) -> None:
        """A figure or date stands by the question's telling word, which a source may word
        differently ("turned over" / "overturned"): for the best few sentences holding values of
        the asked kind but not that word, the words matching it in context anchor the values."""
        embedder = self._context_reader()
        unanchored = [s for s in sentences if s.unanchored]
        if not unanchored or embedder is None:
            return
        # The likeliest first, by words and by sense (these sentence vectors are reused later).
        similarity = remembered(embedder, tuple(s.text for s in unanchored)) @ remembered(embedder, (q.resolved,))[0]
        likely = sorted(zip(unanchored, similarity), key=lambda p: -((1 - DENSE_WEIGHT) * p[0].lexical + DENSE_WEIGHT * p[1]))
        candidates = [s for s, _ in likely[:CONTEXT_CANDIDATES]]
        focus = [t for t in q.focus if t != q.counted] or q.focus
        if not focus:  # "How many were there?" names nothing to anchor a figure to
            return
        strongest = max(weights.get(t, 0.0) for t in focus)
        keys = {t for t in focus if t not in q.named and weights.get(t, 0.0) >= ANCHOR_SHARE * strongest}
        asked = {t: v for t, v, _ in words_in_context(embedder, q.text) if t in keys}
        total = sum(weights[t] for t in q.focus) or 1.0
        for s in candidates:
            missing = {t: v for t, v in asked.items() if _credit(t, s, same) < SOFT_WEIGHT}
            # A sentence with none of the question's words near must match more closely ("pass
            # away" / "died", not "population" / "people").
            # So may a follow-up's sentence about what the earlier turn was about ("he entered the
            # Conservatory" after a turn on where he studied).
            about = bool(q.context) and _coverage(q.context, s, weights, same) >= SUPPORT_THRESHOLD
            floor = CONTEXT_MATCH if _says_what(s, q, same) or about else UNSAID_MATCH
            matched = _read_matches(embedder, q.text, missing, s.text, floor)
            aside = _asides_of_others(s.text, q)
            matched = {t: at for t, at in matched.items() if not _inside(at, aside)}
            if not matched:
                continue
            s.read_anchors = sorted(matched.values())
            gain = sum(weights[t] * (SOFT_WEIGHT - _credit(t, s, same)) for t in matched)
            self._score(s, q, weights, same, main_years)
            added = (1 - CONTEXT_WEIGHT if q.context else 1.0) * gain / total
            s.lexical += added
            s.support += added
            s.score += added

    # -- composing ----------------------------------------------------------------------------
    def _compose(self, q: Question, eligible: list[Sentence], passages: list[Passage],
                 same: dict[str, set[str]], sentences: list[Sentence]) -> Answer:
        if (place := _named_asked(q, _WHERE_IS_NAMED)) and any(_located(s.text, place) for s in eligible):
            # "Where is Kerman?": told by what it lies in, not by the places named beside it.
            eligible = [s for s in eligible if _located(s.text, place)]
        doer = q.doer
        if q.kind in TYPED or (q.kind == NAME and bool(q.head or q.role_of)) or doer:
            on_topic = [s for s in eligible if s.values and not s.off_topic]
            top = on_topic[0].score if on_topic else 0.0
            keys = _key_words(q, self._weights(q), on_topic[0] if on_topic else None, same)
            close = [s for s in on_topic if s.score >= top - RIVAL_MARGIN and (
                s.support >= SUPPORT_THRESHOLD or s.support >= COUNTED_RIVAL_SUPPORT and _names_counted(s, q, same))]
            # (A figure of what is counted is about it however the rest is worded, if it says more
            # of what is asked: "data relating to 118,400 patients", where the best says "personal
            # information belonging to ...", not "hit 4,200 households", asked who joined a claim.)
            rivals = [s for s in close if not keys or any(_says_word(s, k, same) for k in keys) or _life_span(s, q)
                      or (q.kind == NUMBER and bool(q.counted) and _names_counted(s, q, same)
                          and any(_says_word(s, t, same) for t in q.plain if t != q.counted))]
            # Another source may word the key otherwise ("affected" for "hit"): read in context.
            reworded = [s for s in close if s not in rivals][:CONTEXT_CANDIDATES]
            read = {id(s): self._key_read_at(q, s, keys) for s in reworded}
            # A date beside the key only referred to is of something else, and no other source's
            # view of it: "A mass funeral for the victims of the attack was held ... on 5 January",
            # asked when the bombings were.
            other = [s for s in reworded if q.kind == DATE and read[id(s)] and _only_referred_to(s.text, s.value, read[id(s)])]
            rivals = sorted(rivals + [s for s in reworded if read[id(s)] and s not in other], key=lambda s: -s.score)
            eligible = [s for s in eligible if s not in other]
            if doer:
                # "Who ordered the evacuation of Brenholm?": each source's person doing it, by
                # the verb asked ("Konrad Viel, ordered" / "Petra Alvang ... ordered").
                rivals = [s for s in rivals if _does_asked(s, doer, [t for t in q.plain if t not in doer], same)]
                if on_topic and on_topic[0] not in rivals:
                    rivals = []
            elif q.kind == NAME and not q.role_of:
                rivals = [s for s in rivals if _beside_head(s, q, same)]
            rivals = [s for s in rivals if s is on_topic[0] or self._in_sense(q, s, keys)]
            done = _predicate(q)
            if done and on_topic and _says_word(on_topic[0], done, same):
                # "How many people died?": a rival figure counts those who died too, not those
                # "arrested" in a sentence about the bombers.
                rivals = [s for s in rivals if s is on_topic[0] or _says_word(s, done, same)
                          or self._reads_key(q, s, [done], floor=PREDICATE_MATCH)]
            # "How many people died in the stampede?", of a corpus on a bombing that mentions a
            # stampede once: a figure from nowhere near it counts the dead of the bombing, and is
            # neither a rival nor another source's view.
            event = [t for t in _events_named(q) if t in q.plain and self._side_event(t)]
            if event and on_topic and all(_says_word(on_topic[0], t, same) for t in event):
                elsewhere = [s for s in rivals if s is not on_topic[0] and not all(
                    _credit(t, s, same) >= NEAR_CREDIT * SOFT_WEIGHT for t in event) and not self._reads_key(q, s, event)]
                rivals = [s for s in rivals if s not in elsewhere]
                eligible = [s for s in eligible if s not in elsewhere]
            if on_topic and _sized(on_topic[0].value, q):
                # "ninety-odd centimetres" is how big the canvas is; "one painting" is no rival size.
                rivals = [s for s in rivals if _sized(s.value, q)]
            groups = _group_values(rivals, every=_part_asked(q),
                                   relative=bool(_RELATIVE_ASKED.search(q.text)))
            if len(groups) > 1:
                return self._conflict(q, groups, passages)
            if groups and q.kind == NAME and q.head and on_topic[0] not in rivals and _WHO.match(q.text):
                # "Who is Norland's president?": the names beside the role answer it, not a better
                # scored sentence naming its former holder or Turkey's president.
                return self._finish(q, groups[0][1][:MAX_SENTENCES], passages)
        chosen = _cover(q, eligible, self._weights(q))
        keys = _key_words(q, self._weights(q), chosen[0], same)
        chosen = chosen[:1] + [s for s in chosen[1:] if self._in_sense(q, s, keys)]
        if q.agent:
            # Who did it is told first by who says they did or whom a source names as doing it;
            # blame and accusation follow as other views ("Raisi blamed Israel").
            chosen.sort(key=lambda s: all(_ACCUSATION.match(m.group()) for m in _responsibility(s.text)))
        if q.kind == NAME:
            chosen[1:1] = [n for n in [_named_next(chosen[0], sentences, q)] if n and n not in chosen]
            # "He blamed the U.S. and Israel": each "he" comes with the sentence naming him.
            for s in list(chosen):
                if (named := _named_before(s, sentences)) and named not in chosen:
                    chosen.insert(chosen.index(s), named)
        return self._finish(q, chosen, passages)

    def _side_event(self, term: str) -> bool:
        """Whether the corpus speaks of `term` in few of its chunks: an event told in passing."""
        lexical = self.retriever.lexical
        return lexical.doc_freq.get(term, 0) <= SIDE_EVENT_SHARE * lexical.size

    def _reads_key(self, q: Question, s: Sentence, keys: list[str], floor: float = CONTEXT_MATCH) -> bool:
        """Whether a key word of the question matches a word of the sentence as the embedder
        reads both in context ("homes were hit" / "homes were affected")."""
        return bool(self._key_read_at(q, s, keys, floor))

    def _key_read_at(self, q: Question, s: Sentence, keys: list[str], floor: float = CONTEXT_MATCH) -> list[int]:
        """The offsets of the sentence's words that read as a key word of the question."""
        embedder = self._context_reader()
        if embedder is None:
            return []
        asked = {t: v for t, v, _ in words_in_context(embedder, q.text) if t in keys}
        return sorted(_read_matches(embedder, q.text, asked, s.text, floor).values())

    def _in_sense(self, q: Question, s: Sentence, keys: list[str], same: dict[str, set[str]] | None = None) -> bool:
        """Whether the question's key words that the sentence spells alike, or words `same` says
        say the same, are used in the same sense, as the embedder reads them in context: "found"
        the painting, not "founded" the museum; "fired" a rocket, not "fired" an employee."""
        same = same or {}
        embedder = self._context_reader()
        if not keys or embedder is None:
            return True
        alike = {t: ({t} & s.terms) | (same.get(t, set()) & s.terms) for t in keys}
        asked = [(t, v, at) for t, v, at in words_in_context(embedder, q.text) if alike.get(t)]
        if not asked:
            return True
        found = words_in_context(embedder, s.text)
        pieces = getattr(get_embedder(embedder), "word_pieces", lambda word: 1)
        for term, vector, at in asked:
            here = [(w, where) for t, w, where in found if t in alike[term]]
            if not here or max(float(w @ vector) for w, _ in here) >= SENSE_FLOOR:
                continue
            # One word cut into pieces otherwise than its other form ("allege" / "alleged") is
            # read from pieces that say little of its sense: its spelling decides. So does a verb
            # the question gives in its base form after "did": "What ensemble did Vosk found?" asks
            # what he founded ("Who found the painting?" asks who found it).
            asked_as = _word_at(q.text, at)
            base = bool(re.search(r"\b(?:did|does|do|to|will|would|can|could)\b", q.text[:at], re.IGNORECASE))
            if not any(t == term and _spelling_decides(asked_as, _word_at(s.text, where), base, pieces)
                       for t, _, where in found):
                return False
        return True

    def _finish(self, q: Question, chosen: list[Sentence], passages: list[Passage]) -> Answer:
        citations: list[Citation] = []
        parts = []
        # "Who is Abdollah Tajiki?" asks what the sentence says of him, not for a value in it.
        whole = bool(_named_asked(q))
        for s in chosen:
            start, end = (s.start, s.end) if whole else _trim_to_value(s)
            citation = self._cite(citations, s.source, start, end, s.score)
            shown = FOOTNOTE.sub("", self.retriever.source_text(s.source)[start:end]).rstrip()
            parts.append(f"{shown} [{citation.n}]")
        return Answer(q.text, " ".join(parts), citations, passages=passages)

    def _conflict(self, q: Question, groups: list[tuple[Value, list[Sentence]]], passages: list[Passage]) -> Answer:
        citations: list[Citation] = []
        values: list[ConflictValue] = []
        for value, group in groups:
            # "2024", "Friday" or "20 minutes apart" joined "3 January 2024" as no rival, but say
            # nothing of the day disputed: a date is cited by the sentences stating it. ("Hundreds"
            # beside "284" does say how many, roughly; a shorter name is the same name.)
            stating = [s for s in group if value.kind not in (DATE, TIME) or any(v.normal == value.normal for v in s.values)]
            marks = sorted({self._cite(citations, s.source, s.start, s.end, s.score).n for s in stating or group})
            note = self._note(group, value)
            values.append(ConflictValue(_display(value.surface), marks, note))
        listed = "; ".join(
            f"{v.value}{f' ({v.note})' if v.note else ''} {''.join(f'[{n}]' for n in v.citations)}" for v in values
        )
        text = f"{DISAGREE} {listed}."
        topic = q.text.rstrip("?").strip()
        return Answer(q.text, text, citations, conflicts=[Conflict(topic, values)], passages=passages)

    def _note(self, group: list[Sentence], value: Value) -> str:
        """How the texts qualify a value: revised or early, said by any of its sentences; from
        an AI-written source, only when every source stating it says that of itself."""
        found = [_qualifier(s, _stated(s, value)) for s in group]
        notes = [next((n for n in found if n), "")]
        if all(_AI_WRITTEN.search(self.retriever.source_text(s.source)) for s in group):
            notes.append("from a source that says it is AI-written")
        return ", ".join(n for n in notes if n)

    def _abstain(self, q: Question, sentences: list[Sentence], passages: list[Passage],
                 withheld: Sentence | None = None) -> Answer:
        citations: list[Citation] = []
        text = NOT_SAID
        if withheld is not None:
            citation = self._cite(citations, withheld.source, withheld.start, withheld.end, withheld.score)
            text += f" One source says it has not been made known: “{FOOTNOTE.sub('', withheld.text)}” [{citation.n}]"
            return Answer(q.text, text, citations, abstained=True, passages=passages)
        self._settle_similarity(q, sentences)
        closest = sorted(sentences, key=lambda s: -s.score)[:2]
        quoted = []
        for s in closest:
            citation = self._cite(citations, s.source, s.start, s.end, s.score)
            quoted.append(f"“{FOOTNOTE.sub('', s.text)}” [{citation.n}]")
        if quoted:
            text += " Closest matches, which do not answer the question: " + "; ".join(quoted)
        return Answer(q.text, text, citations, abstained=True, passages=passages)

    def _cite(self, citations: list[Citation], source: str, start: int, end: int, score: float) -> Citation:
        for c in citations:
            if (c.source, c.start, c.end) == (source, start, end):
                return c
        quote = self.retriever.source_text(source)[start:end]
        citations.append(Citation(len(citations) + 1, source, start, end, quote, round(score, 4)))
        return citations[-1]


def _without_markers(start: int, end: int, text: str) -> tuple[int, int, str]:
    """A sentence's span without the reference markers a source's own footnotes open or close
    it with ("[31] A mass funeral ... attendance.[32]"): they would read as citations."""
    lead = _LEADING_REFERENCES.match(text)
    trail = _TRAILING_REFERENCES.search(text)
    cut_start = lead.end() if lead else 0
    cut_end = trail.start() if trail and trail.start() >= cut_start else len(text)
    return start + cut_start, start + cut_end, text[cut_start:cut_end]


# A closing quote the sentence splitter left before the markers belongs to the sentence before.
_LEADING_REFERENCES = re.compile(rf"^[\"”’]?\s*(?:{FOOTNOTE.pattern}\s*)+")
_TRAILING_REFERENCES = re.compile(rf"(?:\s*{FOOTNOTE.pattern})+$")


def _spelling_decides(asked: str, said: str, base: bool, pieces: Callable[[str], int]) -> bool:
    """Whether two forms of one stem are one word by their spelling, whatever their readings
    in context: cut into different word pieces, or the question's base form (`base`, after
    "did") and the sentence's inflection of it ("found" / "founded")."""
    inflected = re.fullmatch(rf"{re.escape(asked.lower())}(?:e?d|e?s|ing)", said.lower())
    return pieces(said) != pieces(asked) or base and bool(inflected)


# "When was Soleimani killed?", "Where was the painting found?": what was done to the name asked.
_PASSIVE_ASKED = re.compile(r"\b(?:was|were|is|are|been)\s+(?:(?:he|she|they|it)\s+|(?:[A-Z][\w'’-]*\s+|the\s+[\w'’-]+\s+){1,4})"
                            r"[a-z]+(?:ed|en|wn|t)\b")
# A verb that takes an object right after it: "killing at least 50 mourners", "killed Hamas's deputy leader".
_OBJECT_AFTER = re.compile(rf"\s+(?:(?:{HEDGE})\s+)?(?:\d|(?:a|an|the|his|her|their|its|"
                           r"dozens|hundreds|thousands|several|many|two|three|four|five|six|seven|eight|nine|ten)\b|[A-Z])")


def _done_to_other(text: str, at: int, q: Question) -> bool:
    """Whether the verb at `at` is done, in the active, to something other than the question's
    name: "killing at least 50 mourners" asked when Soleimani was killed."""
    verb = _word_at(text, at)
    if not re.search(r"(?:ing|ed)$", verb):
        return False
    end = at + len(verb)
    if not _OBJECT_AFTER.match(text, end):
        return False
    return not any(t in q.named for t in terms(" ".join(_words_after(text, end)[:6])))


def _word_at(text: str, start: int) -> str:
    """The word of `text` that starts at offset `start`."""
    m = _WORD.match(text, start)
    return m.group() if m else ""


_WORD = re.compile(r"[\w'’-]+")  # a word as _word_at, _words_at and the role check read it


def _key(q: Question, weights: dict[str, float]) -> str:
    """The question's most telling word that is not a name ("captured", "convicted"), or ""."""
    plain = q.plain
    return max(plain, key=lambda t: weights.get(t, 0.0)) if plain else ""


def _has_key(s: Sentence, q: Question, weights: dict[str, float], same: dict[str, set[str]]) -> bool:
    """Whether the question's key word is in the sentence or beside it, itself or in other words."""
    key = _key(q, weights)
    return not key or _credit(key, s, same) >= NEAR_CREDIT * SOFT_WEIGHT


def _says_itself(s: Sentence, q: Question, weights: dict[str, float], same: dict[str, set[str]]) -> bool:
    """Whether the question's key word (of those `weights` has), or one said alike, is in the
    sentence itself ("sold" for "best-selling")."""
    key = _key(q, weights)
    return bool(key) and _says_word(s, key, same)


def _says_what(s: Sentence, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether the sentence, or one beside it, has any of the question's words that are not
    names, itself or in other words: a date beside "Tajiki" is no answer to when he was captured
    unless something near says what happened."""
    # "How big is Iran's GDP?": the measure asked for ("big") is a word of the question's form.
    measure = {stem(m.group(1).lower()) for m in re.finditer(r"\bhow\s+(\w+)", q.text, re.IGNORECASE)}
    plain = [t for t in q.focus if t not in q.named and t != q.head and t not in measure]
    return not plain or any(_credit(t, s, same) >= NEAR_CREDIT * SOFT_WEIGHT for t in plain)


_EVENT_NAMED = re.compile(r"\b(?:in|by|from|during|after|at|on|of|since|before)\s+the\s+(?:[A-Za-z][\w-]*\s+)?([a-z][\w-]*)\b")


def _events_named(q: Question, of: bool = True) -> list[str]:
    """The stems of what the question places its event by: "avalanche" in "hurt in the
    avalanche", "explosion" in "killed by the third explosion"; with `of` False, not what another
    word is of ("the operation" in "at the height of the operation")."""
    return [t for m in _EVENT_NAMED.finditer(q.text) if of or not m.group().lower().startswith("of ")
            for t in terms(m.group(1))]


_CALENDAR_STEMS = frozenset(stem(w.lower()) for w in CALENDAR_WORDS)


def _key_words(q: Question, weights: dict[str, float], best: Sentence | None, same: dict[str, set[str]]) -> list[str]:
    """The question's most telling words that are not names, among those the best answer has:
    a rival value must be about one of them ("started" in "when did the ferry service start?")."""
    plain = [t for t in q.focus or q.context if t not in q.named]  # "When did that happen?": what "that" was
    # The words of a date the question gives place what is asked; they do not say what it is
    # ("At what time on 6 February 2025 did Brellmoor lose power?").
    plain = [t for t in plain if not (t.isdigit() or t in _CALENDAR_STEMS)] or plain
    if best is not None:
        plain = [t for t in plain if t in best.terms or same.get(t, set()) & best.terms]
    if not plain:
        return []
    strongest = max(weights.get(t, 0.0) for t in plain)
    return [t for t in plain if weights.get(t, 0.0) >= KEY_SHARE * strongest]


def _coverage(words_: list[str], s: Sentence, weights: dict[str, float], same: dict[str, set[str]]) -> float:
    """The idf-weighted share of `words_` found at or near the sentence."""
    total = sum(weights[t] for t in words_) or 1.0
    return sum(_credit(t, s, same) * weights[t] for t in words_) / total


def _credit(term: str, s: Sentence, same: dict[str, set[str]]) -> float:
    """How near to the sentence the question's `term` (or a word saying the same) occurs."""
    alike = same.get(term, set())
    best = 0.0
    for where, credit in ((s.terms, 1.0), (s.near_terms, NEAR_CREDIT), (s.passage_terms, PASSAGE_CREDIT),
                          (s.document_terms, DOCUMENT_CREDIT)):
        if term in where:
            return max(best, credit)
        if alike & where:
            best = max(best, credit * SOFT_WEIGHT)
    return best


# A capitalised word opening a sentence, not followed by another ("Tavigrid, the company", "Marsk said").
_OPENING_WORD = re.compile(r"[\"“‘(*_]*([A-Z][a-z][\w'’-]*)(?=[,;:]?\s+[a-z(\"“]|[,;:.])")


def _values_for(s: Sentence, q: Question, weights: dict[str, float], same: dict[str, set[str]],
                read_anchors: list[int] | None = None, opener: Value | None = None) -> list[Value]:
    """The values of the asked-for kind in `s` that answer the question, nearest first.

    A figure counts only in the clause of what it counts: in "killed 95 people, and injured
    284 others", 95 answers "how many were killed" and 284 "how many were injured"."""
    if q.role_of:
        return _titles(s.text, q.role_of)
    if q.kind not in EXTRACTORS:
        return []
    if q.kind == DATE and not q.plain and not q.context and not all(_says_whole(s.text, n) for n in q.names if len(n) > 1):
        # "When did the Iranian Revolution happen?" asks of the name alone: "the Islamic
        # Revolutionary Guard Corps ... (1998-2020)" does not say it.
        return []
    question_words = {w.removesuffix("'s") for w in q.surfaces.values()} | set(q.surfaces.values())
    asked = {v.normal for v in EXTRACTORS[q.kind](q.text)} if q.kind in TYPED else set()
    # A reason is said by its marker, which may repeat the question's verb ("What caused it?" /
    # "caused by agricultural runoff"); other values repeating the question's words are no answer.
    found = EXTRACTORS[q.kind](s.text)
    if opener is not None:
        found = [opener, *found]  # "Tavigrid, the company that runs the network, said ..."
    candidates = [v for v in found if (q.kind == REASON or not _restates(v, question_words)) and v.normal not in asked]
    if q.kind == NAME and not _named_asked(q):
        # "Who was the captain of the Aurelia Star?": "the ... ferry MV Aurelia Star" is what the
        # question names, not a name it asks for ("Who is Bahram Eynollahi?" asks of the name).
        candidates = [v for v in candidates if not any(len(n) > 1 and _says_whole(v.surface, n) for n in q.names)]
    if q.kind == NUMBER and _measure_asked(q) == "long" and _RELATIVE_ASKED.search(q.text):
        candidates += offset_counts(s.text)  # "How long after ...?": "about 20 minutes after"
    if q.kind == NUMBER and _HOW_OFTEN.search(q.text):
        # "How often were the names read out?": "every hour", "twice a day", not a count.
        candidates = [Value.matched(NUMBER, m) for m in _FREQUENCY.finditer(s.text)]
    if q.kind == REASON:
        # "it was caused by the avalanche" tells what the avalanche caused, not what caused it.
        candidates = [v for v in candidates if not _caused_by_asked(s.text, v, q, same)]
    if q.kind == REASON and not _WHY.match(q.text):
        # "What made the ferry overturn?" asks a cause: "held back so that lorries could board"
        # gives a purpose, which answers only "why".
        candidates = [v for v in candidates if v.normal not in _PURPOSE]
    if q.kind == TIME and _CLOCK_ASKED.search(q.text):
        # "What time ...?" asks for the clock: "that night" does not answer it.
        candidates = [v for v in candidates if hour_of(v.normal) is not None]
    if q.kind == DATE and _CALENDAR_ASKED.search(q.text):
        # "On what date ...?" is not answered by "the following day".
        candidates = [v for v in candidates if _ABSOLUTE_DATE.search(v.surface)]
    if q.kind == DATE and _DAY_ASKED.search(q.text):
        # "On what date ...?" asks for a day: "* 2019 - ..." gives only the year, "at 03:40" only the time.
        candidates = [v for v in candidates if not _YEAR_ONLY.fullmatch(v.surface.strip()) and not _CLOCK.fullmatch(v.normal)]
    if q.kind == DATE and _YEAR_ASKED.search(q.text):
        # "In what year ...?": "3 November 1911" says 1911 (and is no rival to it); "19 February" no year.
        candidates = [replace(v, normal=next(iter(y))) for v in candidates if len(y := years(v.surface)) == 1]
    if q.named and (kin := _KIN_SUBJECT.match(s.text)) and stem(kin.group(1).lower()) not in q.focus:
        # "His wife, the soprano Lidia Carrow, ... died in 1977": what the sentence tells befell
        # her, not the person the question names (unless it asks about his wife).
        return []
    # "Vosk married the soprano Lidia Carrow (died 1977)": the date, and the word it stands by,
    # are hers, not his.
    aside = _asides_of_others(s.text, q)
    candidates = [v for v in candidates if not _inside(v.start, aside)]
    if q.kind == DATE and not _RELATIVE_ASKED.search(q.text):
        # "two days before the bombings" dates something else by the bombings themselves.
        candidates = [v for v in candidates if not _dated_by_asked(s.text, v, q, same)]
    if q.kind == DATE:
        # "The inquiry, which published its findings in November, says the avalanche struck at
        # 04:52": a date in a clause set apart about something else dates that.
        asked = set(q.plain)
        candidates = [v for v in candidates if not any(
            m.start() < v.start < m.end() and not asked & set(terms(m.group())) for m in _RELATIVE_ASIDE.finditer(s.text))]
    if q.kind == DATE and len(candidates) > 1:
        candidates = _range_end_asked(s.text, candidates, q.text)
    if q.kind in (NAME, PLACE):
        candidates = [c for c in (_without(v, question_words) for v in candidates) if c]
    if q.kind == PLACE and _DESTINATION_ASKED.search(q.text):
        # "Where was the ferry heading?" asks where to: "capsized off the port of Solvenna" is not it.
        candidates = [v for v in candidates if _DESTINATION_BEFORE.search(s.text[max(0, v.start - 60):v.start])]
    if q.kind == NAME:
        # "Iran's First Vice President **Mohammad Mokhber**": the title is not the name.
        candidates = [v for v in candidates if not _is_title_of_next(s.text, v, candidates)]
        # "Several Iranian news agencies reported ...": a people's adjective alone names no one.
        candidates = [v for v in candidates if " " in v.surface or not DEMONYM.match(s.text, v.start)]
    if q.kind == NAME and (owned := _WHOSE.match(q.text)):
        # "Whose helicopters flew the rescue flights?": a name owning them ("the 4th Rescue
        # Squadron, whose helicopters", "the museum's helicopters"); "a cloned key card" is no one's.
        candidates = [v for v in candidates if _owns(s.text, v, stem(owned.group(1).lower()))]
    if q.kind == NAME and _PERSON_ASKED.match(q.text):
        # "Which fire service officer led the rescue?" asks for a person: "Kaldmark Regional Fire
        # and Rescue Service" is the service, not its officer.
        candidates = [p for p in (_as_person(s.text, v) for v in candidates) if p]
    if q.kind == NAME and q.head and not _WHOSE.match(q.text):
        # "Soleimani's grave in the Golzar Shohada cemetery": whose grave, not what it is called.
        if q.head not in _PLACE_NOUN_STEMS:
            # "Death toll in Solvenna ferry disaster": asked the ferry's name, a place is none; nor
            # is "Kerman province" a governor.
            # "senior analyst at Harcourt Lowe Research" names her employer, not where she is.
            candidates = [v for v in candidates if not (_PLACED.search(s.text[max(0, v.start - 12):v.start])
                                                        and not _EMPLOYED_AT.search(s.text[max(0, v.start - 40):v.start]))
                          and not _place_noun_after(s.text, v.end)]
        candidates = [v for v in candidates if not _owns_head(s.text, v, q, same)] or candidates
    if q.kind == NUMBER:
        # "Symphony No. 3", "pump No. 2": a number that labels a thing does not count it; nor
        # does "one of the bombers" say how many bombers there were.
        candidates = [v for v in candidates if not _is_label(s.text, v)
                      and not (v.normal == "1" and _PARTITIVE.match(s.text, v.end))]
    if q.kind == NUMBER and (q.counted or _measure_asked(q) == "big") and not _CASUALTY_ASKED.search(q.text):
        # "How many climbers were on the mountain?": "nine climbers killed", "three missing
        # climbers" count what befell some of them, not how many there were.
        # Nor does "a fire ... killed four people", the figure the object of what befell them.
        candidates = [v for v in candidates if not {stem(w.lower()) for w in _words_after(s.text, v.end)} & _CASUALTY_WORDS
                      and stem(_word_before(s.text, v.start).lower()) not in _CASUALTY_WORDS]
    elif q.kind == NUMBER and q.counted and (asked := _casualty_kind(q.text)):
        # "How many climbers died?": "three missing climbers" counts the missing, "200 injured"
        # the injured; only a figure said of the dead, or of no casualty at all, answers.
        candidates = [v for v in candidates if _befell(s.text, v) in ("", asked)]
    if q.kind == NUMBER and not _part_asked(q):
        # "three missing climbers, two of them from the Kestrel team": a part of the figure before.
        candidates = [v for v in candidates if not _OF_THEM.match(s.text, v.end)]
    if q.kind == NUMBER and q.counted:
        # "How many people had gathered?": "€3.2 million to the families" counts no one.
        candidates = [v for v in candidates if _counts(s.text, v, q, same) and not _is_money(s.text, v)]
        if q.counted not in _ANYONE:
            # "the tally of people hurt climbed to 27, with 11 fires": beside a figure that
            # names the thing counted, a bare figure counts something else.
            # (Unless it is an earlier count of it: "a figure initially reported as 600,000".)
            candidates = [v for v in candidates if _counted_nouns(s.text, v)
                          or _earlier_count(s.text, v)] or candidates
    if q.bound:
        # "since when?": "since the Cinema Rex attack of 1978" answers it, "on 3 January" does not.
        bounded = re.compile(rf"\b{q.bound}\s+([^.;]{{0,60}})$", re.IGNORECASE)
        # The value is stated as the whole phrase that follows "since" (same normal form).
        candidates = [Value(v.kind, m.start(1), v.end, s.text[m.start(1):v.end], v.normal)
                      for v in candidates if (m := bounded.search(s.text[:v.start]))] or candidates
    if q.kind == NAME and q.agent and (agents := _agents(s.text, candidates)):
        return agents[:1]  # "Raisi blamed Israel": asked who did it, Israel, by Raisi's account
    if q.kind == PLACE and (place := _named_asked(q, _WHERE_IS_NAMED)):
        if located := _located(s.text, place):
            return located  # "Where is Kerman?": "in eastern Kerman, Iran"
        # "Where is Brightwell Thermal based?": "its previous supplier Brightwell Thermal ...
        # switched to Pellham Controls, a manufacturer based in Gradenz" places another name.
        candidates = [v for v in candidates if _placed_of(s.text, v, place)]
    if q.kind == NAME and not re.match(r"\s*(?:who|whom|whose)\b", q.text, re.IGNORECASE):
        # "What is Marren's best-known painting called?": "Ilse Marren" is who owns what is asked.
        candidates = [v for v in candidates if (terms(v.surface) or [""])[-1] not in q.named]
        # "Which painting was stolen?": a title in quotes is the name of a work.
        quoted = [v for v in candidates if _quoted(s.text, v)]
        if quoted:
            return quoted[:1]
        if not candidates and q.head and not q.names_of and _WHICH.match(q.text):
            # "Which instrument did he start on?": "His first instrument was the cello" says it
            # in lower case, the asked-for kind the subject of a copula.
            return (_said_to_be(s.text, q) or _ordinal_of_head(s.text, q))[:1]
    anchors = [p for p in _anchors(s.text, q, weights, same) + list(read_anchors or ())
               if not _inside(p, aside)]
    measured = _measure_asked(q) if q.kind == NUMBER else None
    if q.kind == NUMBER and measured != "old" and not _AGE_ASKED.search(q.text):
        # "How many sheep did Tobin Esker have?": "Tobin Esker, 71," is his age, and counts nothing;
        # nor is it how many years he had worked there.
        candidates = [v for v in candidates if not _is_age(s.text, v)]
    if measured == "big":
        # "How big a reward ...?" asks a sum of money; "How big is the canvas?" a size, where the
        # sentence gives one ("94 x 71 cm"), else a figure ("a crowd of 5,000"), never a price.
        if _MONEY_ASKED.search(q.text):
            candidates = [v for v in candidates if _is_money(s.text, v)]
        else:
            candidates = [v for v in candidates if not _is_money(s.text, v)]
            sized = [m for v in candidates if (m := _in_units(s.text, v, _UNITS_ASKED[measured]))]
            # "a burn mark ... the size of a saucer": a size told by a thing of that size.
            likened = [Value.matched(NUMBER, m) for m in _SIZE_OF.finditer(s.text)]
            # "94 x 71 cm" is one size, not also "71 cm".
            candidates = [v for v in sized if not any(o.start < v.start < o.end for o in sized)] or likened or candidates
    elif measured:
        # "How far from the harbour ...?": 27 dead is no distance.
        aged = [v for v in candidates if measured == "old" and (
            _age_beside_name(s.text, v, q) or q.named and (m := _AGED_SUBJECT.match(s.text)) and v.end <= m.end())]
        # "Piet Oldervanger, 44,": set beside the name, the age is his; so is "The 61-year-old"
        # opening a sentence of a passage naming him.
        if aged:
            return aged[:1]
        # "How long after the first explosion ...?" asks a time: 700 metres is no answer.
        units = _DURATION if measured == "long" and _RELATIVE_ASKED.search(q.text) else _UNITS_ASKED[measured]
        candidates = [m for v in candidates + _one_unit(s.text) if (m := _in_units(s.text, v, units))
                      and not _measure_of_other(s.text, m, q, same)]
        if measured in _SIZES:
            # "How long was the ferry?": "about 4 km off Solvenna harbour" is how far it was.
            candidates = [v for v in candidates if not (_DISTANCE_AFTER.match(s.text, v.end) and _in_units(s.text, v, _LENGTH))]
        # "about a kilometer (1,093 yards)": a measure in brackets after another is the same one.
        candidates = [v for v in candidates if not any(
            o.end <= v.start and re.fullmatch(r"\s*\(\s*", s.text[o.end:v.start]) for o in candidates)]
        plain = q.plain
        if measured == "old" and plain:
            # "How old was the captain?": "an 11-year-old boy" is the boy's age ("a 56-year-old
            # local skipper", the skipper's).
            candidates = [v for v in candidates if not (whose := _AGED_NOUN.match(s.text, v.end)) or any(
                _says_same(stem(w.lower()), plain + q.context, same) for w in whose.groups() if w)]
        if measured == "old":
            # "never left those sheep for a single night in fifty years": a span of time, no age.
            candidates = [v for v in candidates if not _SPAN_BEFORE.search(s.text[:v.start])]
    if q.kind == NUMBER and (_HOW_MUCH.search(q.text) and _MONEY_ASKED.search(q.text) or _SUM_ASKED.search(q.text)):
        # "How much were they worth?": three chalices is no sum; nor is "a reward of up to
        # €250,000" what the painting is worth. "What is the retail price?" asks a sum as well.
        candidates = [v for v in candidates if _is_money(s.text, v) and not _sum_of_other(s.text, v, q, same)
                      and _paid_by_asked(s.text, v, q) and _received_by_asked(s.text, q)]
    elif q.kind == NUMBER and _SHARE_ASKED.search(q.text):
        # "What was the turnout?": "at about 52 per cent", not the "eleven wards" it was across.
        candidates = [v for v in candidates if _is_share(s.text, v)] or candidates
    elif q.kind == NUMBER and _HOW_MUCH_OF.search(q.text):
        # "How much snow came down ...?" asks an amount, in units or a sum: "day one", "thirty
        # metres from where it came down" (a distance) are none.
        candidates = [v for v in candidates if _is_money(s.text, v)] + [
            m for v in candidates if (m := _in_units(s.text, v, _AMOUNT)) and not _DISTANCE_AFTER.match(s.text, m.end)]
    if candidates and not anchors and q.kind == NUMBER and _HOW_MUCH.search(q.text):
        # "How much is it worth?": a sum of money answers it wherever it stands in a sentence
        # about it ("insured it for €38 million").
        return [v for v in candidates if _is_money(s.text, v)]
    if q.kind == REASON and not candidates and _WHY.match(q.text):
        # "Why was she travelling to Kastrel?": "travelling to Kastrel to visit her mother" says
        # what for, by a verb with its object right after what was asked.
        candidates = [Value.matched(REASON, m) for m in _PURPOSE_INFINITIVE.finditer(s.text)
                      if any(0 <= m.start() - a <= PURPOSE_GAP for a in anchors)]
        # "moved back to Kelmora, ..., saying that he wished "to hear the water I started with"": a
        # wish told after what was asked is what it was done for.
        candidates += [Value.matched(REASON, m) for m in _WISHED.finditer(s.text) if any(a < m.start() for a in anchors)]
    if not candidates or not anchors:
        return candidates[:1] if q.kind in LOOSE and not anchors else []
    if q.kind in TYPED and q.named and (items := _list_items(s.text)):
        # "the 1.7-litre AS-170, retailing at €49.99; the stainless-steel AS-170S at €64.99; and the
        # smaller AS-120 Mini": of a list, a value is of the item it stands in, and the asked item
        # (the one holding most of the asked name) is given none. A part naming nothing is no other
        # item: "his 23rd expedition on the mountain; he had worked on 22 before it".
        held = [len(set(terms(s.text[start:end])) & set(q.named)) for start, end in items]
        others = [(start, end) for (start, end), n in zip(items, held) if n < max(held) and names(s.text[start:end])]
        if max(held):
            candidates = [v for v in candidates if not any(start <= v.start < end for start, end in others)]
            if not candidates:
                return []
    # "Where was Razi Mousavi killed by an Israeli airstrike the week before?": the killing is
    # told, not the week.
    key = (_done_asked(q) if q.kind in (PLACE, DATE) else "") or _key(q, weights)
    bounds = [m.start() for m in _CLAUSE.finditer(s.text) if not _joins_names(s.text, m)]
    told = [pos for pos, tok in _positions(s.text) if key and tok and _says_same(tok, [key], same)]
    if q.kind in (PLACE, DATE) and q.named and told and _PASSIVE_ASKED.search(q.text) and all(
            _done_to_other(s.text, at, q) for at in told):
        # "When was Soleimani killed?": "a stampede occurred, killing at least 50 mourners" tells
        # of others killed.
        return []
    # Words of one phrase are one telling: "two bomb explosions".
    tellings = [a for i, a in enumerate(told) if i == 0 or a - told[i - 1] > TELLING_GAP]
    if q.kind in (PLACE, DATE) and q.named and len(tellings) > 1:
        # "84 people were killed ... in Iran on Thursday for Qassem Soleimani, the commander killed
        # by a U.S. drone strike": asked where (or when) Soleimani was killed, of a sentence telling
        # two killings, the one by his name is asked, and the value must be in its clause.
        named_at = [pos for pos, tok in _positions(s.text) if tok in q.named]
        if named_at:
            own = min(told, key=lambda a: min(abs(a - n) for n in named_at))
            candidates = [v for v in candidates if _same_clause(v, own, bounds)]
            if not candidates:
                return []
            anchors = [own]
    distance = {v: min(_gap(v, a) for a in anchors) for v in candidates}
    done_at = [pos for pos, tok in _positions(s.text) if q.doer and _says_same(tok, [q.doer[0]], same)]
    if done_at and not _may_do(s.text, min(candidates, key=distance.get)):
        # "Who ordered the evacuation?": "Mr Jarek Olufsen, duty controller of Brellmoor Metro,
        # orders the evacuation" names the one ordering it, not the metro. The subject comes
        # first; a passive's doer follows ("was chaired by ... Ms Helga Mornay").
        gap = {v: min(pos - v.end if pos >= v.end else v.start - pos for pos in done_at) for v in candidates}
        near = [v for v in candidates if 0 <= gap[v] <= DOER_GAP and _may_do(s.text, v)]
        before = [v for v in near if any(0 <= pos - v.end <= DOER_GAP for pos in done_at)]
        if near:
            return [min(before, key=lambda v: v.start) if before else min(near, key=gap.get)]
    if q.kind == NAME and q.head and q.names_of:
        # "What was the name of the Shiraz mosque ...?": "enter the Shah Cheragh mosque, a popular
        # Shia pilgrimage site" names one by the word of the kind asked.
        candidates = [v for v in candidates if q.head in (stem(_word_before(s.text, v.start).lower()),
                                                         _stem_after(s.text, v.end))] or candidates
    if q.kind in LOOSE:
        return [min(candidates, key=distance.get)]
    if q.kind == DATE:
        if (done := _event_asked(q)) and not any(s.text[at].islower() for at in read_anchors or ()) and not any(
                _says_same(tok, [done], same) and s.text[pos].islower() for pos, tok in _positions(s.text)):
            # "When was the painting stolen?": "On 29 April, officers of the National Art Crimes Unit
            # ... found the painting" dates another thing done to it (a name's word says nothing done).
            return []
        asked = [pos for pos, tok in _positions(s.text) if tok in q.focus and tok not in q.named] or anchors
        # "died on Sunday, 19 February 1984, at his home in the town where he was born": the date
        # is the death's, set by its own verb, not the birth's in a later clause.
        candidates = [v for v in candidates if not (
            (verb := _verb_before(s.text, v)) and verb not in q.focus and not (same.get(verb, set()) & set(q.focus))
            and not (verb in _REPORTING and verb in {stem(w.lower()) for w in words(q.text)})
            and all(a > v.end and (verb in _REPORTING or not _same_clause(v, a, bounds)) for a in asked))]
        # "On 16 January, Iran launched missile attacks in response to the bombing": the date is
        # of what was done in response, the bombing only referred to.
        candidates = [v for v in candidates if not _only_referred_to(s.text, v, told)]
        # "No group claimed responsibility for the Jan. 3 explosions": a date set before a noun
        # dates that noun.
        plain = q.plain
        candidates = [v for v in candidates if not (
            (noun := _ATTRIBUTIVE_DATE.match(s.text, v.end)) and re.search(r"\b(?:the|a|an|its|their)\s+$", s.text[:v.start])
            and not _says_same(stem(noun.group(1).lower()), plain, same))]
        if not candidates:
            return []
    # Clauses matter for figures ("killed 95, and injured 284"); a date or time may open the
    # sentence far from its verb ("At 10:30, as ..., two explosions went off"): the nearest counts.
    if q.kind != NUMBER:
        # Of several, one in the clause of a question word: "the summit push ... on 15 May 2024,
        # despite a storm warning issued ... on 14 May" dates the warning 14 May.
        return sorted(candidates, key=lambda v: (not any(_same_clause(v, a, bounds, strict=True) for a in anchors),
                                                 distance[v]))[:1]
    # A figure in the units asked for says what it measures: "the hut, at 2,310 metres," is its height.
    kept = [v for v in candidates
            if any(_gap(v, a) <= MAX_VALUE_GAP and (bool(measured) or _same_clause(v, a, bounds)) for a in anchors)]
    # "14 minor injuries; the notice recorded 23, four of them ...": a bare figure a later clause
    # reports in the same breath counts what the figure before it counts.
    kept += [v for v in candidates if v not in kept and any(k.end < v.start for k in kept)
             and _REPORTED.search(s.text[max(0, v.start - 30):v.start]) and not _counted_nouns(s.text, v)]
    # "About 1.14 million customers lost power, a figure initially reported as more than 600,000":
    # the earlier count of the same figure, which the sentence itself sets against it.
    kept += [v for v in candidates if v not in kept and any(k.end < v.start for k in kept)
             and _earlier_count(s.text, v)]
    earlier = [v for v in kept if _earlier_count(s.text, v)]
    if earlier and len(earlier) == len(kept):
        # "In all, 2,640 people were evacuated; earlier reports said about 1,800 people had left":
        # an earlier count is set against the figure before it, whatever word the question used.
        kept = [v for v in candidates if v.end <= earlier[0].start][-1:] + kept
    # "84 people were killed and over 200 injured in the bombings": asked how many people, the
    # figure naming people comes first, whichever question word is nearer.
    return sorted(kept, key=lambda v: (v in earlier, not _names_what_is_counted(s.text, v, q, same), distance[v]))


def _list_items(text: str) -> list[tuple[int, int]]:
    """The spans of the items of a list set apart by semicolons, or [] for a sentence without."""
    cuts = [m.end() for m in re.finditer(r";", text)]
    return [(a, b) for a, b in zip([0, *cuts], [*cuts, len(text)])] if cuts else []


def _caused_by_asked(text: str, value: Value, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether a cause marker's agent is what the question asks the cause of: "caused by the
    avalanche" asked what caused the avalanche."""
    if not re.search(r"\bby$", value.surface, re.IGNORECASE):
        return False
    agent = [t for _, t in _positions(text[value.end:value.end + 40]) if t][:2]
    return any(_says_same(t, q.plain + q.named, same) for t in agent)


_AUXILIARY = frozenset("were was are is have has had been be being got get".split())


def _predicate(q: Question) -> str:
    """What befell or was done to what a count question counts, as a stem of its focus: "died"
    in "How many people died in the bombings?", "arrested" in "How many people were arrested?"."""
    return _predicate_of(q.text, q.counted, tuple(q.focus), tuple(q.named))


@lru_cache(maxsize=1_000)  # asked for every figure of every sentence read for one question
def _predicate_of(text: str, counted: str, focus: tuple[str, ...], named: tuple[str, ...]) -> str:
    m = re.search(r"\bhow many\s+(.*)", text, re.IGNORECASE)
    tokens = re.findall(r"[A-Za-z][\w'’-]*", m.group(1)) if m else []
    stems = [stem(t.lower()) for t in tokens]
    at = stems.index(counted) + 1 if counted in stems else 0
    while at < len(tokens) and tokens[at].lower() in _AUXILIARY:
        at += 1
    word = stems[at] if at < len(tokens) else ""
    return word if word in focus and word != counted and word not in named else ""


def _event_asked(q: Question) -> str:
    """The stem of what was done, asked when: "stolen" in "When was the painting stolen?", "quit"
    in "When did Edvin Marstrand quit?" (not a verb any event does: "When did it happen?")."""
    m = _WHEN_DONE.fullmatch(q.text) or _WHEN_DID.fullmatch(q.text)
    word = stem(m.group(1).lower()) if m and m.group(1).lower() not in _EVENT_VERBS else ""
    return word if word in q.plain else ""


def _done_asked(q: Question) -> str:
    """The stem of what was done, asked where or when it was: "killed" in "Where was the Iranian
    general Razi Mousavi killed by an Israeli airstrike?"."""
    m = _WHERE_WHEN_DONE.match(q.text)
    word = stem(m.group(1).lower()) if m else ""
    return word if word in q.plain else ""


_WHEN = r"\s*(?:when|in\s+what\s+year|on\s+what\s+date)\s+"
_WHEN_DID = re.compile(_WHEN + r"did\s+(?:the\s+|a\s+|an\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?"
                       r"\s+([a-z]+)\s*\?*\s*", re.IGNORECASE)
_EVENT_VERBS = frozenset("happen occur start begin end finish take come go arrive".split())
_WHERE_WHEN_DONE = re.compile(r"\s*(?:where|when|in\s+what\s+year|on\s+what\s+date)\s+(?:was|were|is|are|has\s+been|had\s+been)\s+"
                              r"(?:[\w'’-]+\s+){1,6}?([a-z]+(?:ed|en|wn|t))\b", re.IGNORECASE)
_WHEN_DONE = re.compile(_WHEN + r"(?:was|were|is|are|has\s+been|had\s+been)\s+"
                        r"(?:the\s+|a\s+|an\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?\s+([a-z]+(?:ed|en|wn|t))\s*\?*\s*", re.IGNORECASE)


def _verb_asked(q: Question) -> str:
    """The stem of the verb ending a "what did X do?" question ("What did the review commissioned by
    Renate Falk conclude?"), when it is a question word; else "" ("What did the plastic
    versions cost in the shops?" ends in a noun)."""
    m = _WHAT_DID.fullmatch(q.text)
    return verb if m and (verb := stem(m.group(1))) in q.focus else ""


_WHAT_AUX = r"\s*[Ww]hat\s+(?:did|does|do|has|have|had|will|would)\s+"  # "What did ...", "What has ..."
_WHAT_DID = re.compile(_WHAT_AUX + r".+\s+(?!(?:the|a|an|his|her|its|their|our|my|"
                       r"your|this|that|these|those|of|in|on|at|to|for|with|by|from|about|after|before|during|over|"
                       r"into)\s)[\w'’-]+\s+([a-z]+)\s*\?*\s*")


_SUCCESSION = re.compile(r"\b(?:succe(?:ed|eded|eds|eding|ssor)|replac\w*|t(?:ook|aken?|aking|akes) over|stood in for|"
                         r"came after)\b", re.IGNORECASE)
_SUCCESSION_TOLD = re.compile(r"\b(?:interim|appointed|became|was made)\b", re.IGNORECASE)
# "Which fire service officer ...?", "Which Tavigrid executive ...?", "What is the name of the
# interim manager?", "the name of Vosk's son": a person is asked for.
_PERSON_NOUNS = (
    r"officers?|officials?|executives?|ministers?|directors?|managers?|leaders?|spokes(?:man|woman|person)|reporters?|"
    r"journalists?|editors?|judges?|doctors?|engineers?|scientists?|councillors?|captains?|commanders?|pilots?|"
    r"guards?|employees?|person|man|woman|survivors?|victims?|residents?|witness(?:es)?|operators?|workers?|nurses?|"
    r"teachers?|lawyers?|chair(?:man|woman|person)?|presidents?|governors?|mayors?|secretar(?:y|ies)|coach(?:es)?|"
    r"players?|singers?|soloists?|conductors?|composers?|authors?|writers?|founders?|owners?|sons?|daughters?|"
    r"wife|wives|husbands?|mothers?|fathers?|brothers?|sisters?|deput(?:y|ies)|successors?|climbers?|guides?|"
    r"firefighters?|farmers?|bloggers?|consultants?|analysts?|investigators?|inspectors?|detectives?|referees?|"
    r"volunteers?|clerks?|surgeons?|paramedics?|architects?|painters?|artists?|drivers?|technicians?|pharmacists?|"
    r"patients?|boss(?:es)?|coroners?|researchers?|archaeologists?")
# (Not "Which road did residents take?", nor "Which café owner Sunita Rowe had to shut?", nor "At
# which church have the names of the victims been posted?", where the noun is not what is asked for.)
_PERSON_ASKED = re.compile(rf"\s*(?:which|what)\s+(?:(?!(?:did|does|do|was|were|is|are|has|have|had|the|a|an|his|her|its|"
                           rf"their|[a-z]+ed)\b)[\w'’-]+\s+){{0,3}}?"
                           rf"(?:{_PERSON_NOUNS})\b(?!\s+(?-i:[A-Z]))|"
                           rf"\s*what\s+(?:is|was|are|were)\s+the\s+(?:full\s+)?names?\s+of\s+(?:the\s+|[\w'’-]+['’]s?\s+)?"
                           rf"(?:[\w'’.-]+\s+){{0,3}}?(?:{_PERSON_NOUNS})\b|"
                           rf".*\b(?:{_PERSON_NOUNS})['’]s?\s+(?:full\s+)?names?\b|"
                           # "Who was the man killed in the fire?"
                           rf"\s*who\s+(?:is|was|are|were)\s+the\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_PERSON_NOUNS})\b"
                           rf"(?!\s+(?-i:[A-Z]))",
                           re.IGNORECASE)
# What ends the name of a body or a place, not of a person.
_BODY_STEMS = frozenset(stem(w) for w in (
    "service services company ltd plc inc group council ministry department agency authority board association "
    "union trust university hospital stadium museum station stand ground street road fire police rescue fc press "
    "news courier times institute commission office operations lines water network party club team army force "
    "court parliament government bank works plant").split())
# ("How did the court rule ...?", "How did the appeal turn out?" ask one too.)
_OUTCOME_ASKED = re.compile(r"\b(?:conclu\w*|verdict|outcome|ruling|sentence|findings|decision)\b|"
                            r"\bhow\s+(?:did|does|will|would)\s+(?:[\w'’-]+\s+){1,4}?(?:rule|decide|end|turn)\b", re.IGNORECASE)
_OUTCOME_TOLD = re.compile(r"\b(?:conclu\w*|found|finds|findings?|verdict|ruled|ruling|sentenced|jailed|convicted|"
                           r"acquitted|cleared|guilty|decided|decision|outcome|resulted|rejected|upheld|dismissed|blamed|"
                           r"attributed|determined|identified)\b", re.IGNORECASE)
# ("had not concluded", "has never ruled": an outcome denied is none either.)
_YET_TO = re.compile(r"\b(?:(?:expected|due|yet|set|plans?|planning|going|hopes?)\s+to\s+(?:\w+\s+){0,2}|"
                     r"(?:pending|awaiting|until|before)\s+(?:the\s+|its\s+|their\s+)?|"
                     r"(?:not|never|n't)\s+(?:yet\s+|been\s+|fully\s+)?)$", re.IGNORECASE)


def _as_person(text: str, value: Value) -> Value | None:
    """The name as a person's ("Dr Owen Farrant" of "Dr Owen Farrant of Station Road Surgery"),
    or None when it names no person (see _names_a_person)."""
    if (of := value.surface.find(" of ")) > 0:
        value = replace(value, end=value.start + of, surface=value.surface[:of], normal=value.normal[:of])
    return value if _names_a_person(text, value) else None


# "the nearby village of Felsby": a name after a settlement's kind and "of" is the settlement's.
_SETTLEMENT_OF = re.compile(r"\b(?:city|town|village|hamlet|district|province|region|county|country|island|port|"
                            r"capital|municipality)\s+of\s+$", re.IGNORECASE)


def _names_a_person(text: str, value: Value) -> bool:
    """Whether a name may be a person's: not a body's or a place's ("Kaldmark Regional Fire and
    Rescue Service", "Estvale Opera House", "the bombings in Kerman"), an acronym ("SCADA"), a
    label ("Camp 3"), a thing named with an article ("the Islamic State") or a run of title
    words ("Why Aurelian Vosk Is The Best Composer You've Never Heard Of")."""
    last = (terms(value.surface.split()[-1]) or [""])[0]
    return (last not in _BODY_STEMS and last not in _PLACE_NOUN_STEMS
            and not re.search(r"\b(?:(?:in|at|near|outside|inside)\s+(?:the\s+)?|the\s+)$",
                              text[max(0, value.start - 12):value.start], re.IGNORECASE)
            and not _SETTLEMENT_OF.search(text[max(0, value.start - 20):value.start])
            and not re.fullmatch(r"[A-Z]{2,}s?", value.surface)
            and not any(w.lower() in STOPWORDS for w in re.findall(r"[\w'’]+", value.surface)[1:])
            and not re.match(r"\s+(?:No\.?\s*)?[A-Z]?\d", text[value.end:]))


def _tells_outcome(text: str) -> bool:
    """Whether `text` tells an outcome as reached, not as still to come ("is expected to conclude")."""
    # ("when the hoard was found" tells a discovery, not a finding.)
    return any(not _YET_TO.search(text[max(0, m.start() - 40):m.start()])
               and not (m.group().lower() == "found" and _PASSIVE_BEFORE.search(text[max(0, m.start() - 12):m.start()]))
               for m in _OUTCOME_TOLD.finditer(text))


_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+$", re.IGNORECASE)


_DONE_BY_NAMED = re.compile(_WHAT_AUX + r"((?:[A-Z][\w'’.-]*\s+)+)([a-z]+)\b")


# A name doing what follows, past an adverb or auxiliary ("General Mohsen Rezaee also blamed").
_SUBJECT_BEFORE = re.compile(r"([A-Z][\w'’.-]*)\s+(?:(?:also|then|later|had|has|have|would|[a-z]+ly)\s+){0,2}$")


def _done_by_other(text: str, doer: str, verb: str) -> bool:
    """Whether every time the sentence says `verb`, a name other than `doer` says it right before."""
    asked = set(terms(doer))
    told = [m.start() for m in _WORD.finditer(text) if stem(m.group().lower()) == verb]
    before = [_SUBJECT_BEFORE.search(text[max(0, at - 60):at]) for at in told]
    return bool(told) and all(m and stem(m.group(1).lower()) not in asked and m.group(1).lower() not in STOPWORDS
                              for m in before)


def _gives_day_asked(text: str, q: Question) -> bool:
    """Whether the sentence gives a day the question names ("on 11 January")."""
    asked = {v.normal for v in dates_in(q.text) if re.search(r"\d", v.normal) and not _YEAR_ONLY.fullmatch(v.surface)}
    return bool(asked) and any(v.normal in asked for v in dates_in(text))


def _says_word(s: Sentence, term: str, same: dict[str, set[str]]) -> bool:
    """Whether the sentence has the question's `term` itself or a word saying the same."""
    return term in s.terms or bool(same.get(term, set()) & s.terms)


def _says_same(word: str, asked: list[str], same: dict[str, set[str]]) -> bool:
    """Whether the stem `word` is one of the question's stems `asked` or a word saying the same."""
    return any(word == t or word in same.get(t, set()) for t in asked)


def _names_what_is_counted(text: str, value: Value, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether the word right after a figure is what the question counts ("84 people")."""
    word = _stem_after(text, value.end)
    return bool(q.counted and word) and _says_same(word, [q.counted], same)


_RELATIVE_ASKED = re.compile(r"\b(?:before|after|since|soon|later|earlier|prior|following|apart|between)\b", re.IGNORECASE)
_RELATIVE_DATE = re.compile(r"\b(?:after|later|before|earlier|prior|following)$", re.IGNORECASE)


def _dated_by_asked(text: str, value: Value, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether a date is told relative to what the question asks the date of: "two days before
    the bombings" is when something else happened."""
    if not _RELATIVE_DATE.search(value.surface):
        return False
    following = [t for _, t in _positions(text[value.end:value.end + 60]) if t][:3]
    asked = q.plain
    return any(_says_same(t, asked, same) for t in following)


_SIZES = frozenset(("long", "tall", "high", "deep", "wide", "thick"))  # what "how ..." asks of a thing's own size
_DISTANCE_AFTER = re.compile(r"\s+(?:off|from|away|offshore|out|short\s+of|behind|ahead|beyond|south|north|east|west)\b",
                             re.IGNORECASE)


def _measure_of_other(text: str, value: Value, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether a measure belongs to a noun the question does not ask about: "winds of about
    55 km/h" is no speed of the ferry; "a depth of 30 m" is what "how deep" asks."""
    owner = _MEASURE_OWNER.search(text[max(0, value.start - 40):value.start])
    if owner is None:
        return False
    noun = stem(owner.group(1).lower())
    # ("the best part of two days", "the bulk of a week": a share of the measure, not another's.)
    return (noun not in _MEASURE_STEMS and noun not in _MEASURE_NOUN_STEMS and noun not in _SHARE_OF
            and not _says_same(noun, q.focus + q.context, same))


_SHARE_OF = frozenset(stem(w) for w in "part bulk most majority best better half whole rest remainder".split())


def _sum_of_other(text: str, value: Value, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether a sum of money is named as a sum of another kind than the question asks: "a
    reward of up to €250,000" is not what the painting is worth, "a fine of £5,000" not what
    the repairs cost."""
    owner = _MEASURE_OWNER.search(text[max(0, value.start - 50):value.start])
    if owner is None:
        return False
    noun = stem(owner.group(1).lower())
    return noun in _OTHER_SUMS and not _says_same(noun, q.focus + q.context, same)


def _paid_by_asked(text: str, value: Value, q: Question) -> bool:
    """Whether a sum is paid by whom the question says pays: asked how much Altavera paid its
    porters, "Altavera clients each paid about 48,500 euros" is what its clients paid it. The
    payer is the head of each part of the subject of the paying verb before the sum."""
    asked = _PAY_ASKED.search(q.text)
    paying = list(_PAYING.finditer(text[:value.start]))
    if asked is None or not paying:
        return True
    payer = set(terms(asked.group(1)))
    verb = paying[-1]
    by = _PAID_BY.match(text, value.end)
    if by:  # "€3 million was paid by the insurer"
        return bool(payer & set(terms(by.group(1))))
    subject = re.split(r"[,;:(]|\bthat\b|\bwho\b", text[:verb.start()])[-1]
    subject = _SUBJECT_TAIL.sub("", subject)
    heads = [(terms(part.split()[-1]) or [""])[0] for part in re.split(r"\s+and\s+", subject.strip()) if part.split()]
    if heads and not payer & set(heads) and heads[-1] not in _PRONOUN_STEMS:
        return False
    # Paid to whom: asked what Northwind paid Tomas Greyholt, "agreed to pay €3.2 million to the
    # families" is paid to others.
    payee = set(terms(_PAYEE_END.split(q.text[asked.end():])[0]))
    to = _PAID_TO.match(text, value.end)
    return not payee or to is None or bool(payee & set(terms(to.group(1))))


def _received_by_asked(text: str, q: Question) -> bool:
    """Whether a sum asked as received by someone is said of them: asked how much reward Agnes
    Rook received, "The museum has paid 265,000 marks for the hoard" names no one it was paid to."""
    asked = _RECEIVE_ASKED.search(q.text)
    return asked is None or bool(set(terms(asked.group(1))) & set(terms(text))) or bool(_PERSONAL.search(text))


# (The one receiving is named in a few words: "How much does it cost to get in?" asks a price.)
_RECEIVE_ASKED = re.compile(r"\bhow\s+much\s+(?:[a-z]+\s+){0,2}?(?:did|does|do|has|have|had|will|would|was|were|is|are)\s+"
                            r"((?:(?!(?:to|cost|costs)\b)[\w'’.-]+\s+){0,3}?[\w'’.-]+)\s+"
                            r"(?:receive|get|earn|collect|win|make|pocket|be\s+paid|been\s+paid|paid|awarded|given)\b",
                            re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:he|she|they|him|her|them|his|their)\b", re.IGNORECASE)
_PAY_ASKED = re.compile(r"\bhow\s+much\s+(?:[a-z]+\s+)?(?:did|does|do|has|have|had|will|would)\s+(.+?)\s+(?:itself\s+)?"
                        r"(?:agree\s+to\s+)?(?:pay|spend|give|offer(?:ed)?)\b", re.IGNORECASE)
_PAYEE_END = re.compile(r"\b(?:for|on|over|in|during|when|after|before|per|to\s+buy)\b|\?", re.IGNORECASE)
_PAID_TO = re.compile(r"\s+(?:[\w-]+\s+){0,2}?to\s+([^,;.]+)", re.IGNORECASE)
_PAYING = re.compile(r"\b(?:pa(?:y|ys|id|ying)|spen[dt]|spending|offer(?:ed|s|ing)?)\b", re.IGNORECASE)
_PAID_BY = re.compile(r"[^,;.]{0,40}?\b(?:was|were|is|are|been)\s+(?:paid|spent|offered)\s+by\s+([^,;.]+)", re.IGNORECASE)
# What may stand between the paying verb and its subject: "each", "has agreed to", "will".
_SUBJECT_TAIL = re.compile(r"(?:\s+(?:each|also|already|jointly|then|later|finally|eventually|still|reportedly|has|have|"
                           r"had|will|would|could|must|did|does|do|not|agreed|to|promised|offered|decided))*\s*$", re.IGNORECASE)
_PRONOUN_STEMS = frozenset({"he", "she", "it", "they", "we", "i", "you", "which", "who"})
_OTHER_SUMS = frozenset(stem(w) for w in "reward rewards fine fines penalty ransom bail salary bonus fee fees".split())
# The noun a measure or sum is "of": "winds of about 55 km/h", "a reward of up to €250,000".
_MEASURE_OWNER = re.compile(rf"\b([A-Za-z]+)\s+of\s+(?:(?:{HEDGE}|just|only)\s+)?(?:{_CURRENCY}\s*)?$", re.IGNORECASE)


_KIN_SUBJECT = re.compile(r"\W*(?:His|Her|Their)\s+(?:(?:late|former|elder|younger|eldest|youngest|only|first|second)\s+)?"
                          r"(wife|husband|widow|widower|son|sons|daughter|daughters|mother|father|parents|brother|"
                          r"brothers|sister|sisters|child|children|partner|fiancée?|grandson|granddaughter)\b")


def _asides_of_others(text: str, q: Question) -> list[tuple[int, int]]:
    """For a date question naming someone, the spans of brackets right after a name the question
    does not ask about: what they say is that other person's."""
    if q.kind != DATE or not q.named:
        return []
    spans = []
    for m in _NAME_ASIDE.finditer(text):
        owner = terms(m.group(1))
        if not any(_mentions(set(owner), n) for n in q.named):
            spans.append((m.start(2), m.end(2)))
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


_RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|whose|whom)\b[^,;()]*,")
_NAME_ASIDE = re.compile(r"((?:[A-Z][\w'’-]+,?\s+){0,3}[A-Z][\w'’-]+)\s*(\([^()]{0,40}\))")


def _restates(value: Value, question_words: set[str]) -> bool:
    """Whether a value only repeats the question's own words ("the Tay Bridge" when asked about
    the Tay Bridge); its stop words do not count."""
    content = set(words(value.surface)) - STOPWORDS
    return bool(content) and content <= question_words


_REPORTED = re.compile(r"[;,]\s+(?:[\w'’-]+\s+){0,4}?(?:recorded|reported|gave|counted|listed|confirmed|cited|"
                       r"put (?:it|the \w+) at|says?|said)\s+$", re.IGNORECASE)
_EARLIER_FIGURE = re.compile(r"\b(?:initial(?:ly)?|earlier|original(?:ly)?|previous(?:ly)?|first)\s+(?:[\w'’-]+\s+){0,3}?"
                             r"(?:reported|estimated|put|given|stated|cited|estimates?|reports?|figures?|counts?)"
                             r"(?:\s+(?:as|at|of|said|gave))?\s+$", re.IGNORECASE)


def _earlier_count(text: str, value: Value) -> bool:
    """Whether a figure is told as an earlier count of another: "a figure initially reported as
    more than 600,000", "earlier reports said about 1,800"."""
    return bool(_EARLIER_FIGURE.search(text[max(0, value.start - 60):value.start]))


_JOINED = r";|\s(?:and|but|while|whereas)\s"  # clauses joined, not set apart by a comma
_CLAUSE = re.compile(rf"{_JOINED}|,\s")


_EVENT_VERB = re.compile(r"\b([a-z]+ed|died|born|left|fell|won|wrote|rose|sank|met|lost|became|gave|sold|bought|"
                         r"built|ran|shot|struck|broke|flew|married|quit|said|told)\s+(?:on\s+|in\s+|at\s+)?$")
# "IRNA reported on 4 January that the attacks were carried out by suicide bombers": the date is
# the report's, whatever the words after it say happened.
_REPORTING = frozenset(stem(w) for w in "reported said told announced stated confirmed claimed revealed disclosed "
                       "added noted warned declared wrote published".split())
_GENERIC_EVENT = frozenset(stem(w) for w in "happened occurred took held came began started".split())


# What another event is told by: "in response to the bombing", "the victims of the attack".
_REFERENCE = re.compile(r"\b(?:(?:response|reaction|reply) to|retaliation for|after|following|since|before|ahead of|"
                        r"(?:victims|wake|memory|aftermath) of|responsibility for|involvement in|against|over|into|about)\s+"
                        r"(?:(?:the|a|an|this|that|these|those|its|their|his|her)\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)


# "a field survey of the avalanche site in June 2024": the word only names what another noun is of.
_MODIFIES = re.compile(r"\s+(?:site|scene|zone|area|victims?|survivors?|toll|debris|anniversary|memorial|inquiry|report|"
                       r"investigation|probe|survey|aftermath)\b")


_ATTRIBUTIVE_DATE = re.compile(r"\s+([a-z][a-z-]+)\b(?<!\bin)(?<!\bat)(?<!\bon)(?<!\bof)(?<!\band)")


def _only_referred_to(text: str, value: Value, asked: list[int]) -> bool:
    """Whether every word of the question in a sentence is only referred to, by what happened
    after, in response to or against it, with the date not set beside it ("after the bombing on
    3 January" dates the bombing)."""
    return bool(asked) and all(
        _REFERENCE.search(text[max(0, a - 60):a]) and not 0 <= value.start - a <= MAX_VALUE_GAP // 3
        or _MODIFIES.match(text, a + len(_word_at(text, a))) for a in asked)


def _verb_before(text: str, value: Value) -> str:
    """The stem of a past verb that sets a date ("died on", "married in"), unless it only says
    that something happened; else ""."""
    preposition = re.match(r"(?:on|in|at)\s+", value.surface, re.IGNORECASE)  # part of the date: "on Sunday, ..."
    at = value.start + (preposition.end() if preposition else 0)
    m = _EVENT_VERB.search(text[max(0, value.start - 30):at])
    return "" if m is None or (verb := stem(m.group(1))) in _GENERIC_EVENT else verb


def _joins_names(text: str, bound: re.Match[str]) -> bool:
    """Whether an "and" joins two names or models ("AS-170 and AS-170S kettles", "95 and 100
    people") rather than two clauses."""
    if bound.group().strip() != "and":
        return False
    before = re.search(r"(\S+)\s*$", text[:bound.start() + 1])
    after = re.match(r"\s*(\S+)", text[bound.end() - 1:])
    return all(w is not None and (w.group(1)[0].isupper() or any(c.isdigit() for c in w.group(1)))
               for w in (before, after))


def _same_clause(value: Value, anchor: int, bounds: list[int], strict: bool = False) -> bool:
    """Whether no clause bound stands between a value and a question word; `strict` counts a
    bound right at the value's end too ("on 15 May 2024, despite a storm warning")."""
    low, high = (value.end, anchor) if anchor >= value.end else (anchor, value.start)
    return not any(low < b < high or strict and b == low for b in bounds)


def _without(value: Value, question_words: set[str]) -> Value | None:
    """A name with the question's own leading words dropped: "Iran's Interior Minister Rahmani
    Fazli" -> "Rahmani Fazli" for a question about Iran's interior minister."""
    start = value.start
    for m in re.finditer(r"\S+", value.surface):
        word = m.group().lower().replace("’", "'").removesuffix("'s")
        if m.start() and word in STOPWORDS:
            return value  # a name worded as a phrase ("Keep It in Kestlow") is kept whole
        if not _mentions(question_words, word) and word not in STOPWORDS:
            start = value.start + m.start()
            break
    else:
        return None
    surface = value.surface[start - value.start:]
    return Value(value.kind, start, value.end, surface, surface.lower())


def _beside_head(s: Sentence, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether the sentence's name stands right beside the role asked about, as in "Interior
    minister Ahmad Vahidi": only such names compete as answers to "who was the minister"."""
    if _POSSESSIVE.search(s.value.surface) and _stem_after(s.text, s.value.end) != q.head:
        return False  # "the deadly bombings, Iran's leadership": the name owns another noun
    # Who holds a role is named beside the role's own word: "perpetrators" said alike as
    # "suspect" is another role ("Iran may still suspect U.S. ... involvement").
    wanted = {q.head} | (set() if _WHO.match(q.text) else same.get(q.head, set()))
    heads = [m for m in _WORD.finditer(s.text) if _positions(m.group())[:1] and _positions(m.group())[0][1] in wanted]
    # "the captain of the ferry": "skipper of the trawler Marta II" holds another role.
    heads = [h for h in heads if not _of_another(s.text, h.end(), q, same)]
    # "Vice President Mohammad Mokhber", "then-President Donald Trump": another role, or a past
    # one, unless the question asks that one ("Kerman's deputy governor").
    heads = [h for h in heads if not ((other := _OTHER_ROLE.search(s.text[max(0, h.start() - 12):h.start()]))
                                      and stem(other.group(1).lower()) not in q.focus)]
    # The role may also open a run of titles before the name: "IRGC's leader and Iran's First
    # Vice President Mohammad Mokhber".
    titled = [t for t in _titles_before(s.text, s.value.start) if any(t.start <= h.start() < t.end for h in heads)]
    # A name before a word only said alike qualifies that word: "the Kerman bombings" names no bomber.
    heads = [h for h in heads if _positions(h.group())[0][1] == q.head or not 0 <= h.start() - s.value.end <= 1]
    # Or in an apposition after it: "Aldo Venn, 67, a retired schoolteacher".
    after = _APPOSITION.match(s.text, s.value.end) or _COPULA.match(s.text, s.value.end)
    return any((abs(s.value.start - h.end()) <= 3 or abs(h.start() - s.value.end) <= 3 or
                bool(_SET_APART.fullmatch(s.text, h.end(), s.value.start)) or  # "her café, The Copper Kettle"
                bool(after and after.start(1) <= h.start() < after.end(1)) or
                # The name holds the very word asked about: "the Vestergaard Museum of Art".
                (s.value.start < h.start() < s.value.end and _positions(h.group())[0][1] == q.head) or
                bool(_NAMED.fullmatch(s.text[h.end():s.value.start])) or  # "a ferry named Saint Brenna"
                any(t.start <= h.start() < t.end for t in titled))
               and _qualified(s.text, min(h.start(), s.value.start), max(h.end(), s.value.end), q) for h in heads)


# A name set apart after its kind, which a phrase may qualify: "deputy governor for security,
# Rahman Jalali", "the Minister of the Interior, Mr Oskar Lennmark".
_SET_APART = re.compile(r"(?:\s+(?:for|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?[\w'’-]+)?\s*,\s*(?:the\s+)?", re.IGNORECASE)
_WHO = re.compile(r"\s*who\b", re.IGNORECASE)
_WHO_IS = re.compile(r"\s*who\s+(?:is|was|are|were)\b", re.IGNORECASE)


def _may_do(text: str, value: Value) -> bool:
    """Whether a name may be a person doing something: not a body's ("the chief executive of
    Brellmoor Metro") nor a people's word ("a 24-year old Tajikistani")."""
    return (_names_a_person(text, value) and not re.search(r"\bof\s+(?:the\s+)?$", text[:value.start])
            and (" " in value.surface or not DEMONYM.match(text, value.start)
                 and not re.search(r"[A-Z][\w'’-]*\s+(?:and|&)\s+$", text[:value.start])))  # "Head of Safety and Security"


def _does_asked(s: Sentence, doer: tuple[str, str], others: list[str], same: dict[str, set[str]]) -> bool:
    """Whether the sentence's person (see _may_do) does what is asked to what is asked, the verb
    near the name: "Konrad Viel, ordered the evacuation", "was chaired by ... Ms Helga Mornay"."""
    verb, thing = doer
    value = s.value
    if value is None or not _may_do(s.text, value):
        return False
    return (_says_word(s, thing, same) or sum(_says_word(s, t, same) for t in others) >= 2) and any(
        _says_same(tok, [verb], same) and (0 <= pos - value.end <= DOER_GAP or 0 <= value.start - pos <= DOER_GAP)
        for pos, tok in _positions(s.text))
_PLACE_NOUN_STEMS = frozenset(stem(w) for w in PLACE_NOUNS)
_PLACE_NOUN_WORDS = frozenset(PLACE_NOUNS)


def _place_noun_after(text: str, at: int) -> bool:
    """Whether the word right after `at` is a place noun, by its spelling: "Kerman province", not
    "The Flooding builds" (whose stem is a building's)."""
    following = (_words_after(text, at) or [""])[0].lower()
    return following in _PLACE_NOUN_WORDS or following.removesuffix("s") in _PLACE_NOUN_WORDS


_PLACED = re.compile(r"\b(?:in|at|near|off|outside|inside)\s+$", re.IGNORECASE)
# The same, where a place may follow an article or "on" ("based in Gradenz", "on the harbour front").
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside|on|off)\s+(?:the\s+)?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")  # "Iran's", "the Martyrs'"


def _called_as_asked(s: Sentence, q: Question) -> bool:
    """Whether the sentence's name stands right beside the very word of the kind asked, which
    describes it ("solicitors Kettering Dunmore LLP", "Larchfield House, a care home"), not only inside it: "the Northline Press
    Agency" is a name, and tells no more of what was asked than any other agency's would."""
    assert s.value is not None
    beside = (stem(_word_before(s.text, s.value.start).lower()), _stem_after(s.text, s.value.end))
    # Or in the words that set it apart: "Larchfield House, a care home in the Saltings ward".
    after = _APPOSITION.match(s.text, s.value.end)
    described = bool(after) and q.head in {stem(w.lower()) for w in after.group(1).split()[1:4]}
    return s.value.surface[:1].isupper() and (q.head in beside or described) and _beside_head(s, q, {})


_WHOSE = re.compile(r"\s*whose\s+([a-z][\w-]*)", re.IGNORECASE)


def _owns(text: str, value: Value, owned: str) -> bool:
    """Whether the sentence gives the name as the owner of the thing `owned` (a stem): "the
    Squadron's helicopters", "the helicopters of the Squadron", "the Squadron, whose helicopters"."""
    near = lambda words_: owned in {stem(w.lower()) for w in words_}
    after = text[value.end:value.end + 60]
    if (_POSSESSIVE.search(value.surface) or re.match(r"['’]s?\s", after)) and near(_words_after(text, value.end)[:4]):
        return True
    if (m := re.match(r"\s*,\s*whose\s+", after)) and near(_words_after(text, value.end + m.end())[:3]):
        return True
    return bool(re.search(r"\bof\s+(?:the\s+)?$", text[:value.start])) and near(words(text[max(0, value.start - 50):value.start])[-5:])


def _owns_head(text: str, value: Value, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether a name is the owner of the kind asked for, right before it ("Iran's president"):
    a name only when the sentence has no other ("Redfern's employment was terminated")."""
    word = _stem_after(text, value.end)
    return bool(_POSSESSIVE.search(value.surface) and word) and _says_same(word, [q.head], same)


def _holds_other_role(value: Value, sentences: list[Sentence], q: Question, same: dict[str, set[str]]) -> bool:
    """Whether a sentence read gives the name the role asked about as a past one or another
    place's: "then-President Donald Trump", "US President Donald Trump" asked who Iran's
    president is."""
    surname = value.surface.split()[-1]
    wanted = {q.head} | same.get(q.head, set())
    for s in sentences:
        for m in re.finditer(re.escape(surname), s.text):
            role = re.search(r"([\w'’.]+)\s+(?:[A-Z][\w'’.-]*\s+){0,2}$", s.text[max(0, m.start() - 40):m.start()])
            if role is None or (terms(role.group(1)) or [""])[0] not in wanted:
                continue
            start = max(0, m.start() - 40) + role.start(1)
            if _OTHER_ROLE.search(s.text[max(0, start - 12):start]):
                return True
            # Only a country's own word right before the role qualifies it here ("U.S. President",
            # "Spain's president", "French President"): a heading run into the sentence ("ISIS
            # Claims Attack Ambassador Amir Saeid Iravani said") does not.
            qualifier = re.search(r"(?:\b[A-Z]\.(?:[A-Z]\.)+|\b[A-Z]{2,}|\b[A-Z][a-z]+(?:['’]s|ian|ean|ese|ish|i))\s+$",
                                  s.text[max(0, start - 20):start])
            if q.qualifier and qualifier and not _mentions(set(terms(qualifier.group())), q.qualifier):
                return True
    return False


_OTHER_ROLE = re.compile(r"\b(vice|deputy|former|then|ex|assistant|late)[\s-]+$", re.IGNORECASE)


def _of_another(text: str, end: int, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether the role ending at `end` is of another thing than the question's role is of:
    asked for "the captain of the ferry", "skipper of the trawler" is."""
    asked = re.search(rf"\b{re.escape(q.surfaces.get(q.head, q.head))}\s+of\s+(?:the|a|an|its|their|this)\s+([a-z][\w-]*)",
                      q.text, re.IGNORECASE)
    here = re.match(r"\s+of\s+(?:the|a|an|its|their|this)\s+([a-z][\w-]*)", text[end:])
    if asked is None or here is None:
        return False
    owner, other = stem(asked.group(1).lower()), stem(here.group(1).lower())
    return other != owner and other not in same.get(owner, set())


def _qualified(text: str, start: int, end: int, q: Question) -> bool:
    """Whether the role at text[start:end] may be the one the question qualifies by a name.
    For "Iran's president": "Iranian President Ebrahim Raisi" and "the president of Iran" are;
    "US President Donald Trump" and "Spain's president" are other roles; an unqualified
    "Interior minister Ahmad Vahidi" may be, the source taking the country as read."""
    if not q.qualifier:
        return True
    stems = _qualifier_stems(text, start, end)
    if _mentions(stems, q.qualifier):
        return True
    return not (stems - set(q.focus))


def _qualifier_stems(text: str, start: int, end: int) -> set[str]:
    """The stems of the capitalised words qualifying the role at text[start:end]: "Iranian"
    in "Iranian President", "Iran" in "the president of Iran"."""
    before = re.findall(r"[\w'’.-]+", text[:start])[-QUALIFIER_WORDS:]
    after = re.match(r"\s*,?\s*(?:of|for|in)\s+(?:the\s+)?([\w'’.-]+)", text[end:])
    capitalised = [w for w in before + ([after.group(1)] if after else []) if w[:1].isupper()]
    return {t for w in capitalised if not EXTRACTORS[DATE](w) for t in terms(w)}


def _says_whole(text: str, name: list[str]) -> bool:
    """Whether the words of a name stand together in `text`, as written in the question."""
    stems = [t for _, t in _positions(text)]
    return any(stems[i:i + len(name)] == name for i in range(len(stems) - len(name) + 1))


def _mentions(present: set[str], name: str) -> bool:
    """A name from the question is in `present`, also as its adjective ("Iran" / "Iranian"), and
    an ordinal as its number ("the Third Symphony" / "Symphony No. 3", "3rd")."""
    if name in _ORDINALS and ({_ORDINALS[name], _ORDINALS[name] + _SUFFIX[name]} & present):
        return True
    return name in present or (len(name) >= 4 and any(p.startswith(name) or name.startswith(p) and len(p) >= 4 for p in present))


_ORDINALS = {w: str(n) for w, n in ORDINAL_NUMBERS.items() if n <= 12}  # those a name may hold: "Third Symphony"
_SUFFIX = {w: {"1": "st", "2": "nd", "3": "rd"}.get(n, "th") for w, n in _ORDINALS.items()}


def _same_prefix(a: str, b: str) -> bool:
    """Stems that one extends the other closely ("provinc"/"provinci", not "minist"/"ministri")."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.startswith(short) and len(short) >= 0.8 * len(long)


def _same_people(a: str, b: str) -> bool:
    """Stems of a country and its people ("japan"/"japanes", "iran"/"iranian", "kenya"/"kenyan")."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and long[len(short):] in ("es", "ian", "n", "i")


def _is_record(text: str) -> bool:
    """A line of labelled values rather than a statement: no lowercase word but stop words
    ("*Qasem Soleimani (b.11 March 1957 – d.3 January 2020)*", "Population: 87.92 Mn")."""
    return not any(w.islower() and len(w) > 2 and w not in STOPWORDS for w in re.findall(r"[^\W\d_]+", text))


_MENU_SEPARATOR = re.compile(r" [|>»›] ")


def _is_heading(text: str) -> bool:
    """A title line ("Iran Vows Revenge"), not a statement: no closing punctuation, and short or
    in title case."""
    if len(_MENU_SEPARATOR.findall(text)) >= 2 and not text.lstrip().startswith("|"):
        # A menu, a list of categories or contents ("1 Background | 2 Vessel | ..."), a trail of
        # links ("ShopFair.com > Kitchen > Kettles > Corvane AquaSwift AS-170").
        return True
    if re.search(r"[.!?\"”')]\s*$", text.rstrip("*_ ")):
        return False
    tokens = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w.lower() not in STOPWORDS]
    capitalised = sum(w[0].isupper() for w in tokens)
    title_case = capitalised >= 0.6 * max(1, len(tokens)) and not re.search(r"\d", text)
    return len(words(text)) < 7 or title_case


_PAIRED = re.compile(r"\s*(?:and|or|to|-|–)\s*")


def _counted_nouns(text: str, value: Value) -> list[str]:
    """The stems of the few words after a figure, or none when it stands bare ("killed 95.",
    "95 were killed", "recorded 23, four of them"). The first of a pair counts what the second
    does ("between 10 and 20 minutes", "two or three bombs")."""
    pair = _PAIRED.match(text, value.end)
    value = next((v for v in numbers(text) + offset_counts(text) if pair and v.start == pair.end()), value)
    if re.match(r"\s*[,;:.)]", text[value.end:]):
        return []
    following = _words_after(text, value.end)
    if not _opens_noun(following):
        return []
    # "310,000 AquaSwift AS-170 and AS-170S kettles": names and models before the noun say which.
    if named := _NAMED_RUN.match(text, value.end):
        noun = _words_after(text, named.end())
        if _opens_noun(noun) and noun[0][0].islower():
            following = noun
    return [(terms(w) or [""])[0] for w in following]


def _words_after(text: str, at: int) -> list[str]:
    return [w.rstrip(".") for w in re.findall(r"[A-Za-z][\w'’.-]*", text[at:at + 40])[:3]]


def _word_before(text: str, at: int) -> str:
    """The word before `at`, past a hedge on a figure ("killed at least four"), or ""."""
    before = re.sub(rf"(?:\s+(?:{HEDGE}|a further))+\s*$", "", text[max(0, at - 60):at].rstrip(), flags=re.IGNORECASE)
    found = re.findall(r"[A-Za-z][\w'’-]*$", before)
    return found[0] if found else ""


def _stem_after(text: str, at: int) -> str:
    """The stem of the word right after `at` ("peopl" after "84"), or ""."""
    following = _words_after(text, at)
    return stem(following[0].lower()) if following else ""


def _opens_noun(following: list[str]) -> bool:
    """Whether the words after a figure open with what it counts, not with a verb or "people"."""
    return bool(following) and following[0].lower() not in _NEUTRAL_AFTER_NUMBER and bool(terms(following[0]))


def _counts(text: str, value: Value, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether `value` counts the thing the question counts: "23 students" does not answer
    "how many people", "95 people" and a bare "95" do, and so does "27 injuries" when people
    are asked of as the injured. "35 people" or "200 injured" are not 35 or 200 bombers: people
    count only as what is usually counted in people (victims, passengers, cases)."""
    nouns = _counted_nouns(text, value)
    if (_stem_after(text, value.end) in _ANYONE | _CASUALTY_WORDS and q.counted
            and q.counted not in _ANYONE and q.counted not in _PEOPLE_COUNTED):
        return False
    if not nouns:
        return True
    # "more than 1.2 million sold", "1.2 million units sold": what was sold is what is asked of.
    # ("Three thefts", a plural, counts thefts, not the people asked of who carried out "the theft".)
    # (What the question places its event by is not what was done: "killed in the bombings" is
    # not answered by "two bomb explosions".)
    done = [t for t in q.focus if t != q.counted and t not in q.named and t not in _events_named(q)]
    following = (_words_after(text, value.end) or [""])[0].lower()
    plural = bool(q.counted) and following.endswith("s") and not following.endswith("ss")
    if nouns[0] in done and not plural or (nouns[0] in _UNIT_NOUNS and nouns[1:2] and nouns[1] in done):
        return True
    # Asked how many people died, "27 deaths" counts them; "two bombers" counts no one who died;
    # asked how many people carried out the robbery, "three thefts" counts no people at all.
    befell = _predicate(q)
    asked = [q.counted, *([befell] if befell and q.counted in _ANYONE else [])]
    if q.counted in _ANYONE and nouns[0] in _PEOPLE_COUNTED:
        return True  # "96 cases", "12 passengers": people, counted by what befell them or what they were
    return any(_says_same(n, asked, same) for n in nouns)


def _names_counted(s: Sentence, q: Question, same: dict[str, set[str]]) -> bool:
    """Whether a figure of `s` says it counts what is asked ("nine fires", "14 injuries")."""
    return q.kind == NUMBER and bool(q.counted) and any(
        _counted_nouns(s.text, v) and _counts(s.text, v, q, same) for v in s.values)


def _without_parts(text: str, values: list[Value]) -> list[Value]:
    """A sentence's figures less those that are parts of a total it states: in "Seven people
    died: six on the mountain and one in hospital", six is a part of seven, not a rival."""
    # Only exact figures add up: "hundreds" allows too many quantities to be a sum.
    stated = [(v, low) for v in numbers(text) if (bounds := number_range(v)) and (low := bounds[0]) == bounds[1]]
    for total, whole in stated:
        after = [(v, n) for v, n in stated if v.start > total.end]
        if len(after) >= 2 and sum(n for _, n in after) == whole:
            parts = [v for v, _ in after]
            return [v for v in values if v not in parts]
    return values


def _is_label(text: str, value: Value) -> bool:
    """Whether a number names a thing rather than counting: "Symphony No. 3", "Camp 2",
    "Gallery 7", "ARB 2217", a section number opening a heading ("2.7 Injuries."), the base of
    a rate ("per 100 millilitres")."""
    if _LABEL_BEFORE.search(text[max(0, value.start - 12):value.start]):
        return True
    named = re.search(r"(?:(?<=\S)\s+|\()([A-Z][a-z]+)\s$", text[max(0, value.start - 30):value.start])  # "(Revision 2)"
    # (A figure with its scale or currency is no label: "fined Tavigrid 40 million crowns".)
    if (named and re.fullmatch(r"\d[\d.,]*", value.surface) and not _CALENDAR_WORD.fullmatch(named.group(1))
            and not _is_money(text, value)):
        return True
    # A catalogue or model code: "ARB 2217", "KS-2" (a currency code is no label: "EUR 20").
    code = re.search(r"\b([A-Z]{2,5})[\s-]$", text[max(0, value.start - 8):value.start])
    if code and value.surface[:1].isdigit() and not re.fullmatch(_CURRENCY, code.group(1), re.IGNORECASE):
        return True
    return value.start == 0 and bool(re.match(r"\d+(?:\.\d+)+\.?\s+[A-Z]", text))


_CALENDAR_WORD = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_NAMED_RUN = re.compile(r"(?:\s+(?:[A-Z][\w'’-]*|[\w-]*\d[\w-]*|and|or|&)){1,6}?(?=\s+(?!(?:and|or)\b)[a-z])")
_UNIT_NOUNS = frozenset(stem(w) for w in "units copies items pieces".split())
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom|which|those)\b", re.IGNORECASE)
# "one of the most popular kettles", "one of the bombers", "one of 62 homes": one of a group
# counts nothing of it.
_PARTITIVE = re.compile(r"\s+of\s+(?:the|its|his|her|their|our|my|your|these|those|\d)", re.IGNORECASE)
_LABEL_BEFORE = re.compile(r"(?:\bno|\bnr|\bnos|\bnumber|#|\bop|\bvol|\bchapter|\bsection|\bpart|\bpage|\bpp?|\bitem|"
                           r"\brev|\bversion|\bv|\bper|/)\.?\s*$", re.IGNORECASE)
_ANYONE = frozenset(stem(w) for w in "people persons person individuals others men women children adults".split())
_PEOPLE_COUNTED = frozenset(stem(w) for w in "cases patients victims casualties fatalities passengers residents "
                                              "survivors climbers workers porters guides staff crew suspects "
                                              # those at the event, by what they came to do: "killing 50 mourners"
                                              "mourners attendees spectators pilgrims worshippers visitors tourists "
                                              "participants guests hikers commuters travellers travelers fans "
                                              "protesters demonstrators".split())
_CASUALTY_ASKED = re.compile(r"\b(?:kill\w*|dead|death\w*|died|die|dying|injur\w*|wound\w*|hurt|missing|casualt\w*|"
                             r"victims?|fatalit\w*|toll|lost|survi\w*|rescued|evacuated|hospitali[sz]ed)\b", re.IGNORECASE)
_CASUALTY_KINDS = {
    "dead": re.compile(r"\b(?:kill\w*|dead|deaths?|died|die|dying|fatalit\w*|lost\s+their\s+lives)\b", re.IGNORECASE),
    "injured": re.compile(r"\b(?:injur\w*|wounded|wounds?|hurt)\b", re.IGNORECASE),
    "missing": re.compile(r"\bmissing\b", re.IGNORECASE),
}


def _befell(text: str, value: Value) -> str:
    """The casualties a figure counts: "killing at least 13 and wounding dozens" counts dead,
    "84 people were killed" too; "" when its clause does not say."""
    before = _casualty_kind(_word_before(text, value.start))
    clause = re.split(r"[,;:.]|\s(?:and|but|after|before|when|while|as|since|until|because|with)\s", text[value.end:])[0]
    return before or _casualty_kind(" ".join(_words_after(clause, 0)))


def _casualty_kind(text: str) -> str:
    """Which casualties `text` speaks of first: "dead", "injured", "missing", or ""."""
    found = [(m.start(), kind) for kind, pattern in _CASUALTY_KINDS.items() if (m := pattern.search(text))]
    return min(found)[1] if found else ""


_CASUALTY_WORDS = frozenset(stem(w) for w in "killed dead died injured wounded hurt missing".split())
_NEUTRAL_AFTER_NUMBER = frozenset("others more were was are had have people persons killed dead injured".split())


def _amount_of(q: Question) -> str:
    """The stem of what a "how much <noun>" question asks an amount of ("land"), or ""."""
    m = _HOW_MUCH_NOUN.search(q.text)
    return stem(m.group(1).lower()) if m else ""


def _anchors(text: str, q: Question, weights: dict[str, float], same: dict[str, set[str]]) -> list[int]:
    """Where the most informative question word (or a word saying the same) occurs in `text`."""
    tokens = _positions(text)
    # What is counted ("people" in "how many people were injured") is checked by _counts; as an
    # anchor it would tie "94 people were killed" to the question. Unless it is something in
    # particular: "nine symphonies" answers how many symphonies he wrote.
    # A follow-up that names nothing itself ("When did that happen?") asks about what the
    # earlier turn named: its words anchor the value.
    # Nor is what an amount is of: "How much land did the fire burn?" is answered by "burned some
    # 4,870 hectares".
    measured = _amount_of(q)
    focus = [t for t in q.focus if t not in (q.counted, measured) and t not in q.attributed] or q.focus
    earlier = not focus or (bool(q.context) and set(focus) <= _MEASURE_STEMS)  # "How long is it?"
    focus = q.context if earlier else focus
    present = [t for t in focus if any(_says_same(tok, [t], same) for _, tok in tokens)]
    particular = [q.counted] if q.counted and q.counted not in _ANYONE and any(
        tok == q.counted for _, tok in tokens) else []
    if not present:
        return [pos for pos, tok in tokens if tok in particular]
    # Only the informative words anchor a value; of an earlier turn's many words, those here.
    strongest = max(weights.get(t, 0.0) for t in (present if earlier else focus))
    keys = [t for t in present if weights.get(t, 0.0) >= ANCHOR_SHARE * strongest] + particular
    # A date or name may stand beside a lesser word ("b. 1957"); so may a figure in the units
    # asked for ("barely 1.5 km from the harbour" asked how far from the harbour it sank).
    if not keys and (q.kind != NUMBER or _measure_asked(q)):
        keys = [max(present, key=lambda t: weights.get(t, 0.0))]
    return [pos for pos, tok in tokens if any(tok == k or tok in same.get(k, ()) for k in keys)]


@lru_cache(maxsize=20_000)
def _positions(text: str) -> tuple[tuple[int, str], ...]:
    """Each word's start and stem ("" for a stop word), computed once per sentence text."""
    # Hyphenated words count by their parts: "old" stands in "34-year-old".
    return tuple((m.start(), (terms(m.group()) or [""])[0]) for m in re.finditer(r"\b[\w'’]+\b", text))


def _gap(value: Value, anchor: int) -> int:
    return value.start - anchor if value.start >= anchor else (anchor - value.end) + 4


# "Aurelian Vosk (3 November 1912 - 19 February 1984)": a name with the dates of a life.
_LIFE_SPAN = re.compile(r"\(\s*(?:b\.\s*)?[^()]{0,25}?\b(?:1[0-9]|20)\d{2}\s*(?:[-–—]|to)\s*[^()]{0,25}?\b(?:1[0-9]|20)\d{2}\s*\)")
_LIFE_ASKED = re.compile(r"\b(?:born|birth|die[ds]?|death)\b", re.IGNORECASE)


def _given_names(s: Sentence, q: Question) -> set[str]:
    """The question's words naming someone before a surname the sentence gives in capitals, when
    its file names them in full: "Clara" of "Clara Mendhurst" in "Mendhurst, 38, is ...". Not of
    "Who is Bahram Eynollahi?": what introduces him names him in full."""
    if _named_asked(q):
        return set()
    given = set()
    for name in q.names:
        surname = q.surfaces.get(name[-1], name[-1])
        if len(name) > 1 and any(m.group()[0].isupper() for m in re.finditer(rf"\b{re.escape(surname)}\b", s.text, re.IGNORECASE)):
            given |= {t for t in name[:-1] if t in q.focus and _mentions(s.document_terms, t)}
    return given


def _life_span(s: Sentence, q: Question) -> bool:
    """Whether a date question asking when someone was born or died is answered by a life span
    right after a name the question names: the span says what its dates are."""
    if q.kind != DATE or not q.named or not _LIFE_ASKED.search(q.text):
        return False
    for m in _LIFE_SPAN.finditer(s.text):
        before = terms(s.text[max(0, m.start() - 40):m.start()])[-3:]
        if any(_mentions(set(before), t) for t in q.named):
            return True
    return False


_RANGE_JOIN = re.compile(r"^\s*(?:to|until|till|through|and|[–—-])\s*$", re.IGNORECASE)
_BEGINNING_ASKED = re.compile(
    r"\b(?:becomes?|became|start\w*|began|begins?|join\w*|appoint\w*|t[oa]ke?s? over|took over|elected|first|"
    r"found(?:ed|s)?|establish\w*|open\w*|launch\w*|since when|enrol\w*|enter\w*|born|birth)\b", re.IGNORECASE)
_END_ASKED = re.compile(
    r"\b(?:leaves?|left|end\w*|retir\w*|resign\w*|stop\w*|quit|step(?:ped|s)? down|until when|last|clos\w*|"
    r"finish\w*|die[ds]?)\b", re.IGNORECASE)


def _range_end_asked(text: str, candidates: list[Value], question: str) -> list[Value]:
    """Of a span of time ("from 1948 to 1966"), the end a question asks for: when he became
    conductor is its start, when he left its end; a question asking neither keeps both."""
    ends = {b for a, b in zip(candidates, candidates[1:]) if _RANGE_JOIN.match(text[a.end:b.start])}
    if not ends:
        return candidates
    starts = {a for a, b in zip(candidates, candidates[1:]) if b in ends}
    beginning, ending = bool(_BEGINNING_ASKED.search(question)), bool(_END_ASKED.search(question))
    if beginning == ending:
        return candidates
    dropped = ends if beginning else starts
    return [v for v in candidates if v not in dropped]


def _group_values(sentences: list[Sentence], every: bool = False,
                  relative: bool = False) -> list[tuple[Value, list[Sentence]]]:
    """Sentences grouped by the values they state, the best-supported value first. A name all
    of whose words are in a longer one is the same ("Trump", "Donald Trump"; "Vice President",
    "Iran's First Vice President"): it joins the longer one's group. Unless the question asks
    how long after something (`relative`), a time told from another moment joins a date."""
    groups: dict[str, tuple[Value, list[Sentence]]] = {}
    for s in sentences:
        # A sentence states one value for what is asked ("arrested two people ... and a total of
        # 35"), unless it revises one ("now stands at 95, a downward revision after ... 103"),
        # reports another source's ("14 minor injuries; the notice recorded 23") or `every` part
        # of a whole is asked for ("23, four of them needing hospital treatment").
        every_value = every or bool(_REVISION.search(s.text))
        for value in s.values if every_value else s.values[:1] + [
                v for v in s.values[1:] if _REPORTED.search(s.text[max(0, v.start - 30):v.start])
                or _earlier_count(s.text, v)]:
            group = groups.setdefault(value.normal, (value, []))[1]
            if s not in group:
                group.append(s)
    names_ = sorted((n for n, (v, _) in groups.items() if v.kind == NAME), key=lambda n: -len(_name_words(n)))
    for i, short in enumerate(names_):
        longer = next((n for n in names_[:i] if n in groups and _name_words(short) < _name_words(n)), None)
        if longer is not None and short in groups:
            _join(groups, longer, short)
    # "in 2020" and "Jan. 3" do not dispute "January 3, 2020": a date that says less joins the
    # best-supported date group that says more and agrees with it.
    # So does "the summer of 1950" join "1950".
    for short in sorted((n for n, (v, _) in groups.items() if v.kind == DATE), key=lambda n: len(_date_parts(n))):
        parts = _date_parts(short)
        if short not in groups or not parts:
            continue
        _join_strongest(groups, [n for n in groups if n != short and (
            parts < _date_parts(n) or parts == _date_parts(n) and _SEASON_YEAR.fullmatch(short))], short)
    # "earlier this year" does not dispute "3 January 2024": a date told from the writer's now
    # joins the best-supported date that says its year.
    for now in [n for n, (v, _) in groups.items() if v.kind == DATE and _FROM_NOW.fullmatch(n)]:
        _join_strongest(groups, [n for n in groups if ("year", n[-4:]) in _date_parts(n)], now)
    # Nor does a time of day ("18:15"), the weekday a date fell on ("Saturday", of 15 March 2025)
    # or a time within the day told from another moment ("20 minutes after", "minutes apart").
    for other in [n for n, (v, _) in groups.items() if v.kind == DATE and (
            _CLOCK.fullmatch(n) or n in _WEEKDAY_NUMBERS or not relative and _WITHIN_THE_DAY.fullmatch(n))]:
        _join_strongest(groups, [n for n in groups if n != other and "day" in dict(_date_parts(n)) and (
            other not in _WEEKDAY_NUMBERS or _weekday(n) == _WEEKDAY_NUMBERS[other])], other)
    # "the mid-seventh century" does not dispute "c. AD 650": a century joins the best-supported
    # date whose year lies in it.
    for century in [n for n, (v, _) in groups.items() if v.kind == DATE and _CENTURY.fullmatch(n)]:
        number = int(_CENTURY.fullmatch(century).group(1))
        _join_strongest(groups, [n for n in groups if (year := _AD_YEAR.search(n))
                                 and (number - 1) * 100 < int(year.group(1)) <= number * 100], century)
    # "next summer" does not dispute "30 June 2025": a season joins the best-supported date in it.
    for season in [n for n, (v, _) in groups.items() if v.kind == DATE and any(k in n for k in _SEASON_MONTHS)]:
        _join_strongest(groups, [n for n in groups if n != season and _in_season(season, n)], season)
    # "dozens" does not dispute "50": a vague figure joins the best-supported exact one it allows.
    # (A hedged one may: "at least 15" injured is often the early count a later "21" revises.)
    exact = {n for n, (v, _) in groups.items() if v.kind == NUMBER and (r := number_range(v)) and r[0] == r[1]}
    for loose in [n for n, (v, _) in groups.items() if v.kind == NUMBER and n not in exact]:
        allowed = number_range(groups[loose][0])
        _join_strongest(groups, [n for n in exact if allowed and allowed[0] <= float(n) <= allowed[1]], loose)
    # "in the evening" does not dispute "18:15": a part of the day joins a clock time inside it.
    for part in [n for n, (v, _) in groups.items() if v.kind == TIME and n in PARTS_OF_DAY]:
        inside = next((n for n in groups if hour_of(n) is not None and hour_of(n) in PARTS_OF_DAY[part]), None)
        if inside is not None:
            _join(groups, inside, part)
    return sorted(groups.values(), key=lambda g: (-max(s.score for s in g[1]), g[1][0].source, g[0].start))


_WITHIN_THE_DAY = re.compile(rf"(?:[\w-]+\s+)*(?:seconds?|minutes?|hours?)\s+{OFFSET}")


def _join_strongest(groups: dict[str, tuple[Value, list[Sentence]]], agreeing: list[str], other: str) -> None:
    """Move group `other` into the best-supported of the `agreeing` groups, if there is one."""
    if agreeing:
        _join(groups, max(agreeing, key=lambda n: max(s.score for s in groups[n][1])), other)


def _join(groups: dict[str, tuple[Value, list[Sentence]]], into: str, other: str) -> None:
    """Move the sentences of group `other` into group `into`, each once."""
    kept = groups[into][1]
    kept.extend(s for s in groups.pop(other)[1] if s not in kept)


_CENTURY = re.compile(r"century (\d{1,2})")  # see entities.normal_date
_AD_YEAR = re.compile(r"(?<![\d.,])(\d{1,4})$")


def _date_parts(normal: str) -> set[tuple[str, str]]:
    """The parts a normalised date states ("jan 3 2020": month, day and year), or none for a
    date of another form ("the following day")."""
    m = re.fullmatch(r"(?:([a-z]{3}) (\d{1,2})(?: (\d{4}))?|(?:([a-z]{3})[a-z]* )?(\d{4})|(?:[a-z-]+ )+(?:of )?(\d{4})|"
                     r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)", normal)
    if m is None or (m.group(6) and not _SEASON_YEAR.fullmatch(normal)):
        return set()
    month, day, year = m.group(1) or m.group(4) or m.group(7), m.group(2), m.group(3) or m.group(5) or m.group(6)
    return {(k, v) for k, v in (("month", month), ("day", day), ("year", year)) if v}


_CLOCK = re.compile(r"(?:(?:around|about|at) )?\d{1,2}(?::\d{2})\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?")
_WEEKDAY_NUMBERS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_MONTH_NUMBERS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def _weekday(normal: str) -> int | None:
    """The weekday (Monday = 0) of a full normalised date ("mar 15 2025"), else None."""
    parts = dict(_date_parts(normal))
    if not {"day", "month", "year"} <= parts.keys():
        return None
    try:
        return date(int(parts["year"]), _MONTH_NUMBERS[parts["month"]], int(parts["day"])).weekday()
    except (ValueError, KeyError):
        return None


_FROM_NOW = re.compile(r"(?:(?:early|late|later|earlier) )?(?:next|last|this) (?:year|month)")
# "the summer of 1950" says its year; "next summer" agrees with any date in its months.
_SEASON_YEAR = re.compile(r"(?:(?:early|late|mid)[- ])?(?:spring|summer|autumn|fall|winter) (?:of )?\d{4}")
_SEASON_MONTHS = {"spring": ("mar", "apr", "may"), "summer": ("jun", "jul", "aug"), "autumn": ("sep", "oct", "nov"),
                  "fall": ("sep", "oct", "nov"), "winter": ("dec", "jan", "feb")}


def _in_season(season: str, normal: str) -> bool:
    """Whether a season ("next summer", "summer of 1950") may be the date `normal` ("jun 30 2025")."""
    name = next((k for k in _SEASON_MONTHS if re.search(rf"\b{k}\b", season)), None)
    parts = dict(_date_parts(normal))
    if name is None or parts.get("month") not in _SEASON_MONTHS[name]:
        return False
    year = re.search(r"\d{4}", season)
    return year is None or parts.get("year") in (None, year.group())


def _stated(s: Sentence, value: Value) -> Value:
    """The sentence's own wording of `value` (it may state the shorter name of its group)."""
    return next((v for v in s.values if v.normal == value.normal), None) or next(
        (v for v in s.values if _name_words(v.normal) <= _name_words(value.normal)), s.values[0])


def _name_words(normal: str) -> set[str]:
    return set(terms(normal))


def _responsibility(text: str) -> list[re.Match[str]]:
    """Where a sentence says who did something: claims of responsibility, "responsible for",
    the agent of a passive ("perpetrated by"), blame and accusation; not "those responsible"
    or "no group claimed responsibility", which name no one."""
    return [m for m in _RESPONSIBILITY.finditer(text) if not _NO_ONE.search(text[max(0, m.start() - 25):m.start()])]


def _agents(text: str, names_: list[Value]) -> list[Value]:
    """The names a sentence holds responsible: before a claim or "responsible for" ("Islamic
    State claimed responsibility"), after "by" or blame ("Raisi blamed Israel")."""
    found = []
    for m in _responsibility(text):
        if m.group("after"):
            side = [v for v in names_ if v.start >= m.end()]
            nearest = min(side, key=lambda v: v.start - m.end(), default=None)
        else:
            # "Islamic State, a Sunni extremist group, claimed ...": the description is not the claimant.
            side = [v for v in names_ if v.end <= m.start() and not _DESCRIBED.search(text[:v.start])]
            nearest = min(side, key=lambda v: m.start() - v.end, default=None)
        if nearest is not None and nearest not in found:
            found.append(nearest)
    return found


# Blame and accusation: who did it by another's account ("Raisi blamed Israel").
_ACCUSING = r"blam(?:ed|es|ing)|accus(?:ed|es|ing)|(?:laid|put|placed|pinned)\s+the\s+blame|the\s+fault\s+of"
_RESPONSIBILITY = re.compile(
    r"\b(?:claim(?:ed|s|ing)?\s+(?:of\s+)?responsibility|claims?\s+of\s+responsibility|(?:was|were|is|are)\s+"
    r"responsible\s+for|perpetrators?\s+(?:was|were|is|are)|(?:led|coordinated|organi[sz]ed|oversaw|directed|"
    r"chaired|headed|commanded)(?!\s+(?:to|by)\b))\b"
    r"|(?P<after>\b(?:(?:carried\s+out|committed|perpetrated|executed|staged|orchestrated|masterminded|conducted|caused|"
    r"led|coordinated|organi[sz]ed|directed|chaired|headed|commanded|sent|dispatched|ordered|planned|sponsored|funded)\s+by|"
    rf"{_ACCUSING}|attributed\s+(?:[\w'’-]+\s+){{0,4}}to)\b)",
    re.IGNORECASE,
)
_ACCUSATION = re.compile(_ACCUSING, re.IGNORECASE)
_DESCRIBED = re.compile(r",\s+(?:a|an)\s+$")
_NO_ONE = re.compile(r"\b(?:no|not|never|nobody|those|anyone|whoever|who)\b[^,.;]*$", re.IGNORECASE)


def _said_to_be(text: str, q: Question) -> list[Value]:
    """The noun phrase a copula gives the asked-for kind: "the cello" in "His first instrument
    was the cello, which he took up at seven"."""
    # The kind itself, not a word near it in sense ("harbour is a ferry exposed ..." for "ferry").
    return [Value(NAME, m.start(1), m.end(1), m.group(1), m.group(1).lower())
            for word in re.finditer(r"[A-Za-z][\w'’-]*", text) if stem(word.group().lower()) == q.head
            and (m := _COPULA_PHRASE.match(text, word.end())) and q.head not in terms(m.group(1))]


_LOWER_WORDS = re.compile(r"(?:\s+[a-z][\w'’-]*){0,3}")  # up to three lower-case words


def _ordinal_of_head(text: str, q: Question) -> list[Value]:
    """The asked-for kind told by its place in a series: "the second explosion" answers which
    explosion caused most of the casualties."""
    found = []
    for o in ordinals(text):
        # "the second explosion", "a second more powerful explosion"
        following = _LOWER_WORDS.match(text, o.end)
        for word in re.finditer(r"[a-z][\w'’-]*", following.group()):
            if stem(word.group()) == q.head:
                end = o.end + word.end()
                found.append(Value(NAME, o.start, end, text[o.start:end], text[o.start:end].lower()))
                break
    return found


_COPULA_PHRASE = re.compile(
    r"\s+(?:was|is|were|are|had been|has been)\s+((?:the|a|an|his|her|their|its)\s+[A-Za-z][\w'’-]*"
    r"(?:\s+(?!(?:which|that|who|and|but|when|where|while|with|for|in|at|on|of|to|by|from)\b)[A-Za-z][\w'’-]*){0,3})")


def _is_title_of_next(text: str, value: Value, candidates: list[Value]) -> bool:
    """Whether `value` ends in a title word and another name follows it at once."""
    last = value.surface.split()[-1].lower()
    return last in _TITLE_WORDS and any(0 < v.start - value.end <= 4 and not text[value.end:v.start].strip("*_ ")
                                        for v in candidates)


def _titles(text: str, person: str) -> list[Value]:
    """The titles a sentence gives `person`: the title words before the name ("Interior minister
    Ahmad Vahidi"; both of "IRGC's leader and Iran's First Vice President Mohammad Mokhber") and
    an apposition after it ("Reza Fallah, the head of the provincial Red Crescent, said")."""
    parts = person.split()
    found: list[Value] = []
    for m in re.finditer(rf"\b{re.escape(parts[-1])}\b", text):
        start = m.start()
        if len(parts) > 1 and text[:start].rstrip().endswith(" ".join(parts[:-1])):
            start = text[:start].rstrip().rfind(" ".join(parts[:-1]))
        elif (given := re.search(r"\b([A-Z][\w'’-]+)\s+$", text[:start])) and given.group(1).lower() not in _TITLE_WORDS:
            start = given.start(1)  # asked by surname: "General Qasem Soleimani" is a general, not "General Qasem"
        found += _titles_before(text, start)
        after = _APPOSITION.match(text, m.end()) or _COPULA.match(text, m.end())
        # "For Mendhurst, the hardest part now is the silence of the company": a clause, no title.
        if after and not _FINITE.search(after.group(1)):
            found.append(Value(NAME, after.start(1), after.end(1), after.group(1), after.group(1).lower()))
    return found


def _titles_before(text: str, name_start: int) -> list[Value]:
    """Runs of title words that end right before a name, "and" joining two of them."""
    tokens = list(re.finditer(r"[\w'’.-]+|[^\w\s]", text[:name_start]))
    runs: list[list[re.Match]] = [[]]
    for t in reversed(tokens):
        word = t.group()
        if word in ("*", "_") and not runs[-1]:
            continue  # emphasis around the name
        if word == "and" and runs[-1] and len(runs) == 1:
            runs.append([])
            continue
        inner = word in ("of", "the") and runs[-1]
        if not (word[:1].isupper() or word.lower() in _TITLE_WORDS or inner):
            break
        runs[-1].insert(0, t)
    values = []
    for run in runs:
        while run and run[0].group() in ("of", "the"):
            run.pop(0)
        if run:
            surface = text[run[0].start():run[-1].end()]
            values.append(Value(NAME, run[0].start(), run[-1].end(), surface, surface.lower()))
    return values


# "Reza Fallah, the head of ...,", "Tomas Berczi, 47, a lorry driver from ...", and "Mendhurst, 38, is
# a primary school teacher".
_APPOSITION = re.compile(r"[*_]*\s*,\s*(?:\d{1,3},\s*)?((?:the|a|an)\s+[^,.;()]{3,80}?)\s*[,.;]")
_FINITE = re.compile(r"\b(?:is|was|are|were|has|have|had)\b")
_COPULA = re.compile(r"[*_]*(?:\s*,\s*\d{1,3},)?\s+(?:is|was)\s+((?:the|a|an)\s+[^,.;()]{3,80}?)\s*[,.;]")
# Titles and their abbreviations, either way round ("Cllr" / "councillor", "Supt" / "superintendent").
_TITLE_ABBREVIATIONS = {
    "councillor": "cllr", "doctor": "dr", "professor": "prof", "general": "gen", "lieutenant": "lt",
    "colonel": "col", "captain": "capt", "sergeant": "sgt", "inspector": "insp", "superintendent": "supt",
    "reverend": "rev", "senator": "sen", "representative": "rep", "governor": "gov", "president": "pres",
    "detective": "det", "commander": "cmdr", "admiral": "adm", "major": "maj", "constable": "pc",
}
_ABBREVIATED = {**{stem(full): {stem(short)} for full, short in _TITLE_ABBREVIATIONS.items()},
                **{stem(short): {stem(full)} for full, short in _TITLE_ABBREVIATIONS.items()},
                # "CEO" by its telling word: "chief" alone is any head, "officer" any official.
                **{short: set(terms(full)) - {"chief", "offic"} for short, full in TITLE_INITIALS.items()},
                **{short: set(terms(full)) for short, full in NOUN_INITIALS.items()},
                stem("executive"): {"ceo"}}
_TITLE_WORDS = frozenset(
    "minister leader commander head chief president general spokesman spokeswoman spokesperson director "
    "governor deputy secretary ambassador chairman chairwoman chair founder mayor judge officer member "
    "adviser advisor envoy prosecutor representative manager editor reporter vice acting former".split()
)
# "senior analyst at Harcourt Lowe Research": who employs the person, not where they are.
_EMPLOYED_AT = re.compile(rf"\b(?:{'|'.join(sorted(_TITLE_WORDS))}|analyst|professor|lecturer|researcher|economist|"
                          r"engineer|scientist|consultant|partner|fellow|correspondent|works?|worked|working|employed)\s+at\s+$",
                          re.IGNORECASE)


def _display(surface: str) -> str:
    """A value as listed mid-sentence: "At least 84" -> "at least 84"; names keep their capitals;
    a date in figures is spelled out as read ("09/03/2025" -> "9 March 2025 (09/03/2025)")."""
    if (spelled := spelled_date(surface)) != surface:
        return f"{spelled} ({surface})"
    first = surface.split(" ", 1)[0]
    return surface[0].lower() + surface[1:] if first.lower() in _LOWER_FIRST else surface


_LOWER_FIRST = frozenset("at more over under up nearly almost about around approximately roughly some as another an".split())


def _cover(q: Question, eligible: list[Sentence], weights: dict[str, float]) -> list[Sentence]:
    """The fewest sentences that answer: the best one, then a sentence that covers more of the
    question, or another file's answer that says something different (a different value, or
    different words), so that where sources disagree each is heard."""
    best = eligible[0]
    chosen = [best]
    covered = set(best.terms)
    total = sum(weights.values()) or 1.0
    # Another source's view is about what the best answer names ("the Red Crescent"), by itself.
    named = [t for t in q.named if _mentions(best.terms, t)]
    for s in eligible[1:]:
        if len(chosen) == MAX_SENTENCES:
            break
        if s.support < SUPPORT_THRESHOLD or s.off_topic:
            continue
        gain = sum(w for t, w in weights.items() if t in s.terms and t not in covered) / total
        # Asked who did it, every other source's account of who did is heard ("Islamic State claimed
        # responsibility", "Raisi blamed Israel"): they are what sources dispute, and a claim "for
        # the attack" is about what its passage names.
        other_view = (
            s.source not in {c.source for c in chosen} and (q.agent or s.score >= best.score - OTHER_SOURCE_MARGIN)
            and all(_mentions(s.passage_terms if q.agent else s.terms, t) or _refers_back(s, t) for t in named)
            and _says_else(s, chosen)
        )
        if gain >= 0.25 or other_view:
            chosen.append(s)
            covered |= s.terms
    return chosen


def _refers_back(s: Sentence, name: str) -> bool:
    """Whether `s` speaks of the name its neighbour gives by what it is: "ordered the town to be
    evacuated", after a sentence on Brenholm."""
    return bool(_THE_PLACE.search(s.text)) and _mentions(s.near_terms, name)


_THE_PLACE = re.compile(r"\bthe\s+(?:town|city|village|port|island|region|province|district|country|company|firm|club|"
                        r"museum|hospital|school|plant|works|stadium|ground)\b", re.IGNORECASE)


def _named_before(best: Sentence, sentences: list[Sentence]) -> Sentence | None:
    """The sentence before the best when the best calls whom it is about only "he" or "she" and
    that one names someone: "That is not enough for Sunita Rowe, who had to close her café."
    before "She is the lead claimant in a group action ..." answers who the lead claimant is."""
    if not _PERSONAL_SUBJECT.match(best.text):
        return None
    before = [n for n in sentences if n.source == best.source and 0 <= best.start - n.end <= NEXT_GAP]
    return next((n for n in before if EXTRACTORS[NAME](n.text)), None)


_ASKING = re.compile(r"[\"“‘]?(?:What|Who|Whom|Whose|Why|When|Where|Which|How|Is|Are|Was|Were|Do|Does|Did|Can|Could|"
                     r"Will|Would|Should|Has|Have|Had)\b")
# "He", "She" and "The 61-year-old" open a sentence about someone named before.
_AGED_SUBJECT = re.compile(r"[\"“]?The\s+(?:\d+|[a-z]+(?:-[a-z]+)?)-year-old\b")
_PERSONAL_SUBJECT = re.compile(rf"[\"“]?(?:He|She)\b|{_AGED_SUBJECT.pattern}")


def _named_next(best: Sentence, sentences: list[Sentence], q: Question) -> Sentence | None:
    """The next sentence of the source when it names whom the best one only describes: "... a
    suspected IRGC member ..." followed by "The suspected IRGC member, Shahram Poursafi, ..."."""
    following = [n for n in sentences if n.source == best.source and 0 <= n.start - best.end <= NEXT_GAP]
    for n in following:
        shared = (n.terms & best.terms) - set(q.focus)
        if len(shared) < 2:
            continue
        ends = [start + len(word) for start, word in _words_at(n.text) if (terms(word) or [""])[0] in shared]
        named = [v for v in EXTRACTORS[NAME](n.text) if v.surface not in best.text]
        if any(0 < v.start - end <= APPOSITION_GAP for v in named for end in ends):
            return n
    return None


def _words_at(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _WORD.finditer(text)]


def _says_else(s: Sentence, chosen: list[Sentence]) -> bool:
    """Whether `s` adds a value or wording that none of the chosen sentences has."""
    if s.value is not None:
        return all(c.value is None or c.value.normal != s.value.normal for c in chosen)
    return all(_overlap(s.terms, c.terms) < 0.5 for c in chosen)


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _named_asked(q: Question, asked: re.Pattern[str] | None = None) -> str:
    """The name of "Who is Abdollah Tajiki?", "What is the MEK?" (or of another `asked`
    pattern: "Where is Kerman?"), when the question asks nothing more of it; else ""."""
    m = (asked or _WHO_IS_NAMED).fullmatch(q.text)
    return m.group(1) if m and any(v.surface == m.group(1) for v in names(q.text)) else ""


_WHO_IS_NAMED = re.compile(r"\s*(?:who|what)\s+(?:is|was|are|were)\s+(?:the\s+)?(.+?)\s*\?*\s*", re.IGNORECASE)


# "What did Khamenei say?" is answered where he says something, not by a caption naming him.
_SAYING_ASKED = re.compile(r"\s*what\s+(?:did|does|do|has|have|had)\s+.+?\s+(?:say|tell|state|announce|declare|write|"
                           r"claim|promise|pledge|vow|warn|reply|respond|answer)\b", re.IGNORECASE)
_SAYING = re.compile(r"[\"“”]|\b(?:said|says|stated|states|told|tells|declared|announced|pledged|promised|vowed|warned|"
                     r"called|claimed|blamed|accused|added|noted|urged|condemned|insisted|alleged|denied|described|wrote|"
                     r"asserted|expressed|critici[sz]ed|praised|threatened|replied|responded|argued|admitted|confirmed)\b")


_WHERE_IS_NAMED = re.compile(r"\s*where\s+(?:is|was|are|were)\s+(?:the\s+)?(.+?)\s*(?:located|situated|based)?\s*\?*\s*",
                             re.IGNORECASE)


def _placed_of(text: str, value: Value, name: str) -> bool:
    """Whether `value` is where `name` is: set in place by "in", "at" and the like, or "-based",
    and said of the name nearest before it, with no other clause joined between ("Pellham
    Controls, a manufacturer based in Gradenz" places Pellham; "..., and the company moved to
    Pellham" places nothing)."""
    if not (_LOCATIVE.search(text[max(0, value.start - 20):value.start]) or text.startswith("-based", value.end)):
        return False
    before = [n for n in names(text) if n.end <= value.start]
    return bool(before) and bool(set(terms(before[-1].surface)) & set(terms(name))) and not re.search(
        _JOINED, text[before[-1].end:value.start])


def _located(text: str, name: str) -> list[Value]:
    """What the sentence says `name` lies in: "Kerman, Iran", "Kerman, in southeastern Iran",
    "the southeastern Iranian city of Kerman"."""
    n = re.escape(name)
    found = [m for m in (
        re.search(rf"\b{n},\s+(?:in\s+)?(?:the\s+)?((?:[a-z]+ern\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", text),
        re.search(rf"\b(?:the\s+)?((?:[a-z]+ern\s+)?[A-Z][\w'’-]*)\s+(?:city|town|village|port|province|region)\s+of\s+{n}\b", text),
    ) if m]
    return [Value(PLACE, m.start(1), m.end(1), m.group(1), m.group(1).lower()) for m in found]


# "What was stolen from the museum?", "Which painting was stolen?" ask what the verb was done to.
_WHAT_DONE = re.compile(r"\s*(?:what|which\s+[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
                        r"([a-z]+(?:ed|en|wn|t))\b", re.IGNORECASE)


def _done_to_named(text: str, verb: str) -> bool:
    """Whether the sentence says what `verb` was done to by a name or a title in quotes before
    it: '"The Lamplighter's Daughter" was stolen', not "Stolen masterpieces are not stolen"."""
    return bool(re.search(rf"(?:[\"”]|\b[A-Z][\w'’-]*),?\s+(?:was|were|had\s+been|has\s+been)\s+{re.escape(verb)}\b", text))


def _in_form_asked(text: str, q: Question) -> bool:
    """Whether the sentence is in the form the question asks for: "What is the MEK?", where it
    is said what the MEK is; "Where is Kerman?", what it lies in; "What was stolen?", '"The
    Lamplighter's Daughter" was stolen'; "What did Khamenei say?", where he says something."""
    if name := _named_asked(q):
        return _defines(text, name)
    if place := _named_asked(q, _WHERE_IS_NAMED):
        return bool(_located(text, place))
    if done := _WHAT_DONE.match(q.text):
        return _done_to_named(text, done.group(1))
    return bool(_SAYING_ASKED.match(q.text) and _SAYING.search(text))


def _defines(text: str, name: str) -> bool:
    """Whether the sentence says what `name` is: "the People's Mojahedin Organization of Iran,
    also known as Mojahedin-e-Khalq (MEK)", "al-Muhandis, who was commander of ...", "Vosk
    was a composer", "Poursafi, a suspected IRGC member"."""
    n = re.escape(name)
    return bool(re.search(
        rf"\(\s*{n}\s*\)|\b(?:known\s+as|called|named)\s+{n}\b|\b{n}\W{{0,2}}\s*\((?!\s*\d)"
        rf"|\b{n}\W{{0,2}}(?:,\s+(?:a|an|the|who|which)\b|\s+(?:is|was|are|were)\s+(?:a|an|the)\b)", text))


def _trim_to_value(s: Sentence) -> tuple[int, int]:
    """The sentence's span, cut to the clauses around its value when it is over MAX_WORDS words."""
    if len(words(s.text)) <= MAX_WORDS or s.value is None:
        return s.start, s.end
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:]\s", s.text)] + [len(s.text)]
    left = max(c for c in cuts if c <= s.value.start)
    right = min(c for c in cuts if c >= s.value.end)
    while len(words(s.text[left:right])) < 12 and (left > 0 or right < len(s.text)):
        left = max([c for c in cuts if c < left] or [0])
        right = min([c for c in cuts if c > right] or [len(s.text)])
    text = s.text[left:right]
    stripped = text.rstrip(",;: ")
    return s.start + left + (len(text) - len(text.lstrip())), s.start + left + len(stripped)


def _qualifier(s: Sentence, value: Value) -> str:
    """How the sentence qualifies its value: a revised or final figure, or an early report.
    A date is revised only in so many words: "later in 2024" dates something later."""
    window = s.text[max(0, value.start - 60):value.start]
    figure = value.kind == NUMBER
    if (_REVISED if figure else _REVISION).search(window):
        return "revised figure" if figure else "revised"
    if _FINAL.search(window):
        return "final figure" if figure else "final"
    return "early report" if _EARLY.search(window) else ""


def _main_years(passages: list[Passage]) -> set[str]:
    """The years the passages are mostly about: each named by at least MAIN_YEAR_SHARE as many
    passages as the most named one (a report on this year's attack names last year's often)."""
    counts: dict[str, int] = {}
    for p in passages:
        for y in years(p.text):
            counts[y] = counts.get(y, 0) + 1
    if not counts:
        return set()
    top = max(counts.values())
    return {y for y, c in counts.items() if c >= MAIN_YEAR_SHARE * top}


def _read_matches(embedder: str, question: str, wanted: dict[str, np.ndarray], text: str,
                  floor: float = CONTEXT_MATCH) -> dict[str, int]:
    """For each wanted question word, the offset of the word of `text` that is its mutual best
    match in context at `floor` or more: the sentence's word is the question word's closest,
    and the question word is the closest to it of all the question's words. A word next to a
    matched one in the question that reads as the same word of `text` is matched with it: the
    two are one expression ("pass away" / "died")."""
    found = words_in_context(embedder, text)
    if not found or not wanted:
        return {}
    asked = words_in_context(embedder, question)
    question_words = np.stack([v for _, v, _ in asked])
    words_ = np.stack([v for _, v, _ in found])
    matched, best_of = {}, {}
    for t, v in wanted.items():
        similar = words_ @ v
        best = int(similar.argmax())
        best_of[t] = (best, float(similar[best]))
        if similar[best] >= floor and (question_words @ words_[best]).max() <= float(similar[best]) + 1e-6:
            matched[t] = found[best][2]
    order = [t for t, _, _ in asked]
    for t, (best, similarity) in best_of.items():
        if t in matched or similarity < CONTEXT_MATCH or t not in order:
            continue
        i = order.index(t)
        beside = {order[j] for j in (i - 1, i + 1) if 0 <= j < len(order)}
        if any(matched.get(n) == found[best][2] for n in beside):
            matched[t] = found[best][2]
    return matched


class TopSentenceAnswerer:
    """A baseline for `qa eval --compare`: the retrieved sentence sharing the most rare words
    with the question, cited, with no answer types, conflicts or abstention."""

    name = "top-sentence"

    def __init__(self, retriever: Retriever):
        self.retriever = retriever

    def answer(self, question: Question, passages: list[Passage]) -> Answer:
        inner = ExtractiveAnswerer(self.retriever)
        sentences = inner._sentences(passages)
        if not sentences:
            return Answer(question.text, "No passage matches.", abstained=True, passages=passages)
        idf = self.retriever.lexical.idf
        best = max(sentences, key=lambda s: (sum(idf(t) for t in set(question.focus) & s.terms), -s.rank))
        citations: list[Citation] = []
        citation = inner._cite(citations, best.source, best.start, best.end, 0.0)
        return Answer(question.text, f"{best.text} [{citation.n}]", citations, passages=passages)

