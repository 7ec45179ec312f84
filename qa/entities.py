"""Typed values found in text: numbers, dates, ordinals and proper names, with their spans.

The extractive answerer uses these to check that a sentence holds the kind of value a question
asks for ("how many" -> a number) and to tell competing values apart across sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

NUMBER, DATE, TIME, ORDINAL, NAME, PLACE, REASON, CONTACT = (
    "number", "date", "time", "ordinal", "name", "place", "reason", "contact"
)

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth twentieth thirtieth fortieth fiftieth hundredth"
).split()
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# The hedges a figure may carry ("at least 84", "an estimated 5,000").
HEDGE = (r"at least|at most|more than|fewer than|less than|over|under|up to|nearly|almost|about|"
         r"around|approximately|roughly|some|as many as|as few as|another|an estimated")
_QUALIFIER = rf"(?:{HEDGE})\s+"
_NUMBER_WORD = "|".join(sorted(list(_UNITS) + list(_SCALES), key=len, reverse=True))
_VAGUE = r"(?:tens|hundreds|thousands|millions|dozens|scores)(?:\s+of\s+(?:thousands|millions))?"
_NUMBER = re.compile(
    rf"(?<![\w.\[])(?<![A-Za-z]-)(?:{_QUALIFIER})?(?:{_VAGUE}|(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    rf"(?:\s+(?:hundred|thousand|million|billion)\b)?|"
    rf"(?:{_NUMBER_WORD})(?:[\s-]+(?:and\s+)?(?:{_NUMBER_WORD}))*)(?![\w\]])(?:\s*(?:%|percent))?",
    re.IGNORECASE,
)
# How a time is told from another moment: "20 minutes after", "two days later", "minutes apart".
OFFSET = r"(?:after|later|before|earlier|apart|prior)"
# "next summer", "the summer of 1950", "in early December", "later this year": a season, a month
# alone (capitalised, so "may" the verb is none) or a year said relative to now.
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_PERIOD = (
    rf"(?:(?:early|late|mid)[-\s]+)?(?:(?:next|last|this|that|the following|the previous)\s+{_SEASON}|"
    rf"(?:the\s+)?{_SEASON}\s+(?:of\s+)?(?:1[6-9]|20)\d{{2}}|(?:(?<=\bin\s)|(?<=\bin\sthe\s)|(?<=\bby\s)){_SEASON})|"
    r"(?:(?<=\bin\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bsince\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\bmid-))"
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December)(?!\s+\d)|"
    r"(?:(?:early|late|later|earlier)\s+)?(?:next|last|this)\s+(?:year|month)"
)
# Dates of the distant past: "c. AD 650", "650 BC", "the fourth century", "the 7th century AD".
# ("a seventh-century hoard" describes a thing, and dates no event.)
# Ordinal words by their numbers, as far as centuries of the common era go.
ORDINAL_NUMBERS = {w: n for n, w in enumerate((
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first").split(), start=1)}
_ERA = (rf"(?:(?:c\.|ca\.|circa)\s*)?(?:AD|CE)\s+\d{{1,4}}|(?:(?:c\.|ca\.|circa)\s*)?\d{{1,4}}\s+(?:AD|CE|BC|BCE)\b|"
        rf"(?:(?:early|late|mid)[-\s]+)?(?:{'|'.join(ORDINAL_NUMBERS)}|\d{{1,2}}(?:st|nd|rd|th))\s+century"
        rf"(?:\s+(?:AD|CE|BC|BCE)\b)?")
# A date in figures: "02/04/2025" (day first, unless it cannot be), "2025-04-02". (Days of one
# month may be given together: "on 20 and 21 May 2025", read as the first of them.)
NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2})")
_DATE = re.compile(
    rf"\b(?:{_ERA}|{NUMERIC_DATE.pattern}|{_PERIOD}|(?:(?:on\s+)?(?:{_WEEKDAYS}),?\s+)?(?:(?:(?:[12]?\d|3[01])(?:st|nd|rd|th)?\s*(?:-|–|and|to)\s*)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th|<sup>\w+</sup>)?(?:,?\s+\d{{4}})?|"
    rf"(?:{_MONTHS})\s+\d{{4}}|(?:in\s+)?(?:1[6-9]|20)\d{{2}}|(?:{_WEEKDAYS})s?|"
    r"(?:the\s+)?(?:following|next|same|previous)\s+(?:day|morning|evening|week)|"
    r"(?:several|a few|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    rf"(?:hours?|days?|weeks?|months?|years?|minutes?)\s+{OFFSET}|"
    r"(?:very\s+)?soon after|(?:in the )?(?:morning|evening|afternoon|night)\s+(?:after|following)|"
    r"(?:around\s+|about\s+|at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?))\b",
    re.IGNORECASE,
)
_HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_CLOCK_TIME = re.compile(
    rf"\b\d{{1,2}}(?::\d{{2}})?\s*(?:[ap]\.m\.|[ap]m\b|o'clock\b)|\b(?:{_HOURS})\s+o'clock\b"
    rf"|\b(?:half|(?:a\s+)?quarter|(?:\w+\s+)?minutes?)\s+(?:past|to|after)\s+(?:{_HOURS}|\d{{1,2}})\b",  # "half past three"
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(?:(?:at|around|about|shortly after|shortly before|just after|just before)\s+)?"
    r"(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?|o'clock|hours)|\d{1,2}:\d{2}|noon|midnight|dawn|dusk|"
    r"(?:in the |that |the same |the following )?(?:morning|afternoon|evening|night))",
    re.IGNORECASE,
)
_ORDINAL = re.compile(rf"\b(?:{'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))\b", re.IGNORECASE)
# A plural possessive may open a name: "the Martyrs' Cemetery".
# "the Church of St. Nicholas", "Mr. Ekberg": an abbreviation's full stop is inside the name.
# So is an initial's before a name ("Cllr D. Okafor"), not before a new sentence ("Plan B. Then").
_ABBREVIATION = (r"(?:(?:St|Mt|Ft|Dr|Mr|Mrs|Ms|Prof|Rev|Gen|Capt|Lt|Col|Sgt|Supt|Insp|Cllr)\.(?=\s+[A-Z])|"
                 r"[A-Z]\.(?=\s+(?!(?:The|Then|This|That|There|It|He|She|They|We|I|In|On|At|But|And|A|An)\b)[A-Z]))")
_NAME = re.compile(
    rf"\b(?:{_ABBREVIATION}|[A-Z][\w.-]*s['’](?=\s+[A-Z])|[A-Z][\w'’.-]*[\w]|[A-Z])"
    rf"(?:\s+(?:(?:of|al|bin|ibn|de|la|van|von)\s+)?(?:{_ABBREVIATION}|[A-Z][\w'’.-]*[\w]|[A-Z]|(?:al|el|bin)-[A-Z][\w'’-]*))*"
)
_FUNCTION_WORDS = frozenset(
    "the a an it its this that these those he she they we i you his her their our my your "
    "in on at of for to from by with and or but if when while as after before".split()
)
# Words that open a sentence in capitals without being part of the name after them: "In Kerman,
# ...", "Several Iranian news agencies ...". ("The" may begin a name: "The Hague".)
_OPENERS = (_FUNCTION_WORDS - {"the"}) | frozenset(
    "several many some most both all each every few no other such any either neither another "
    "during since until although though because".split())
_CALENDAR = re.compile(rf"(?:{_MONTHS}|{_WEEKDAYS})")
CALENDAR_WORDS = (*_MONTHS.split("|"), *_WEEKDAYS.split("|"))  # "January", "Jan", "Monday"
_PLACE = re.compile(
    # ("of" says where only after a place or its people: "the city of Kerman", "a citizen of
    # Tajikistan", not "the death of Soleimani".)
    # ("In Kerman, ...": a sentence may open with the preposition.)
    r"\b(?:(?i:in|at|on|near|from|to|into|outside|inside|via|through|across)|(?:city|town|village|port|province|region|"
    r"capital|outskirts|county|district|island|state|republic|citizens?|natives?|residents?)\s+of)\s+(?:the\s+|its\s+|their\s+|a\s+)?"
    r"(?:[a-z][\w-]*\s+){0,3}(?:of\s+)?$"
)
# The nouns a place phrase ends in ("at the maritime museum").
PLACE_NOUNS = (
    "museum house home building hall church mosque station port harbour harbor square street road park "
    "cemetery hospital school office centre center city town village district area border site "
    "room field camp base airport bridge river coast island country region province capital "
    "underside side top bottom back front edge corner floor roof wall basement cellar attic garden "
    "deck shore beach slope ridge summit mountain lake sea platform stage gate gates entrance "
    "warehouse factory plant works farm estate prison court embassy"
).split()
_PLACE_PHRASE = re.compile(
    r"\b(?:at|in|on|inside|outside|near|beside|behind|under|beneath)\s+(the\s+"
    r"(?:(?!(?:of|that|this|which|and|or|to|for|with|from|in|on|at|by)\b)[a-z][\w-]*\s+){0,3}"
    rf"(?:{'|'.join(sorted(PLACE_NOUNS, key=len, reverse=True))}|car park|parking lot))\b"
)
_REASON = re.compile(
    r"\b(?:because|since|due to|owing to|caused by|as a result of|blamed (?:[\w'’-]+\s+){0,4}on|on account of|"
    r"as (?:a |an )?(?:revenge|retaliation|response|reprisal|punishment)|"
    r"in (?:retaliation|response|revenge|reprisal)|to avenge|revenge|retaliat\w*|in order to|so as to|so that|"
    r"amid(?:st)?|thanks to|in the wake of|prompted by|forced by|unable to|struggl\w* to|(?:had|needed) to be|"
    # "No turbidity monitors were fitted, so the deterioration was not visible": what comes before
    # a consequence in the sentence is its cause ("Therefore, ..." opening one points to the last).
    r"[,;]\s*(?:and\s+)?(?:so(?!\s+(?:that|as|far|much|many|long|too|on|called)\b)|therefore|hence|consequently)|"
    r"which is why|"
    r"motive\w*|(?<!\bno )reasons?\b(?!\s+to\s+(?:believe|think|suspect|doubt))|in part|"
    r"(?:died|dies|dying|death) (?:of|from)|attributed to|traced (?:back )?to|triggered by|brought on by|"
    r"result(?:ed|ing)? from|stemm(?:ed|ing) from|"
    # "the weight of snow ... appeared to have caused the collapse": the cause is the subject.
    r"(?:caused|triggered|sparked|brought about) (?:the|a|an|this|that|its|their)|"
    # "the collapse began with fatigue cracking in a bolted connection": where a failure began.
    r"(?:began|started|originated) (?:with|from)|"
    # "ice build-up ... was the most likely cause", "... was to blame": the cause is the subject.
    r"(?:was|were|is|are) to blame|(?:was|were|is|are) (?:the|a) (?:[\w-]+ ){0,2}(?:cause|explanation)\b|(?:primary |main |root |probable |likely )?cause (?:was|is|of)|"
    # "recalled after reports that the kettles could overheat", "over concerns about safety"
    r"(?:after|following|over) (?:[\w-]+ )?(?:reports?|complaints?|concerns?|fears?|warnings?|findings?|evidence) (?:that|of|about))\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d{2}\b")  # 1600 to 2099
# Telephone numbers ("0800 555 0147", "+44 20 7946 0958", "(01632) 960 001"), web addresses
# ("recall.corvane.com", "https://example.org/help") and e-mail addresses.
_CONTACT = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,3}(?![\w.,]?\d)"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
    r"|\b(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|info|io|eu|co\.uk|org\.uk|gov\.uk|"
    r"[a-z]{2})(?:/[^\s\"”)]*[\w/])?(?![\w@]|\.\w)",
)


@dataclass(frozen=True)
class Value:
    """A typed value in a text: `text[start:end]`, and a normal form for comparing values."""

    kind: str
    start: int
    end: int
    surface: str
    normal: str

    @classmethod
    def matched(cls, kind: str, m: re.Match[str]) -> Value:
        """The value a pattern matched, as the text says it."""
        return cls(kind, m.start(), m.end(), m.group(), m.group().lower())


def numbers(text: str) -> list[Value]:
    """Cardinal numbers with their qualifiers ("at least 84", "nearly one hundred"); years and
    dates excluded."""
    return list(_numbers(text))


def offset_counts(text: str) -> list[Value]:
    """The counts inside times told from another moment ("about 20 minutes after", "two days
    later"), which say how long after rather than when; `numbers` leaves them to the dates."""
    found = []
    for date in _dates(text):
        m = _OFFSET_COUNT.match(date.surface)
        value = _number_value(m.group(1)) if m else None
        if m and value is not None:
            start = date.start + m.start(1)
            found.append(Value(NUMBER, start, start + len(m.group(1)), m.group(1), _format_number(value)))
    return found


# A date's surface starts at its count: "about" in "about 20 minutes after" is outside it.
_OFFSET_COUNT = re.compile(rf"(\d[\d.,]*|[a-z]+)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+{OFFSET}",
                           re.IGNORECASE)
_VAGUE_RANGES = {"tens": (20, 99), "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999),
                 "thousands": (2000, 9999), "millions": (2e6, 9.99e8)}


def number_range(value: Value) -> tuple[float, float] | None:
    """The quantities a figure allows: one for "84", 200 to 999 for "hundreds"; None for a
    hedged figure ("at least 15" is often the early count a later "21" revises) and for one
    read no further ("tens of thousands")."""
    if value.normal in _VAGUE_RANGES:
        return _VAGUE_RANGES[value.normal]
    if re.match(_QUALIFIER, value.surface, re.IGNORECASE):
        return None
    try:
        return float(value.normal), float(value.normal)
    except ValueError:
        return None


def dates_in(text: str) -> list[Value]:
    return list(_dates(text))


# The answerer asks for the same sentences' values question after question.
@lru_cache(maxsize=20_000)
def _numbers(text: str) -> tuple[Value, ...]:
    # A date, a clock time or a telephone number is no count ("0800 555 0193" is not 800, 555
    # and 193; "shortly after 6 a.m." is no 6 of anything).
    dates = [(v.start, v.end) for v in _dates(text)] + [(v.start, v.end) for v in contacts(text) if _dialled(v.surface)]
    dates += [m.span() for m in _CLOCK_TIME.finditer(text)]
    found = []
    for m in _NUMBER.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in dates):
            continue
        if re.search(_VAGUE, m.group(), re.IGNORECASE):
            found.append(Value.matched(NUMBER, m))
            continue
        value = _number_value(m.group())
        if value is not None:
            found.append(Value(NUMBER, m.start(), m.end(), m.group(), _format_number(value)))
    return tuple(found)


@lru_cache(maxsize=20_000)
def _dates(text: str) -> tuple[Value, ...]:
    return tuple(Value(DATE, m.start(), m.end(), m.group(), normal_date(m.group())) for m in _DATE.finditer(text))


def times(text: str) -> list[Value]:
    """Clock times and parts of the day ("around 10:30 a.m.", "in the evening"); a clock time's
    normal form is its 24-hour reading, so "6:15 p.m." and "18:15" are one value."""
    return [Value(TIME, m.start(), m.end(), m.group(), _normal_time(m.group())) for m in _TIME.finditer(text)]


# The hours each part of the day spans: a clock time inside one does not dispute it.
PARTS_OF_DAY = {"morning": range(5, 12), "noon": range(12, 13), "afternoon": range(12, 18),
                "evening": range(17, 22), "night": (*range(20, 24), *range(0, 6)), "midnight": (23, 0),
                "dawn": range(4, 8), "dusk": range(17, 21)}


def hour_of(normal: str) -> int | None:
    """The hour of a normalised clock time ("18:15" -> 18), else None."""
    clock = re.fullmatch(r"(\d{2}):\d{2}", normal)
    return int(clock.group(1)) if clock else None


def _normal_time(surface: str) -> str:
    text = surface.lower()
    clock = re.search(r"(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?|o'clock|hours)?", text)
    if clock and (clock.group(2) or clock.group(3)):
        hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
        if clock.group(3) == "p" and hour < 12:
            hour += 12
        elif clock.group(3) == "a" and hour == 12:
            hour = 0
        return f"{hour:02d}:{minute:02d}"
    part = re.sub(r"^(?:(?:at|around|about|shortly after|shortly before|just after|just before)\s+)?(?:in the\s+|that\s+)?", "", text)
    return {"noon": "12:00", "midnight": "00:00"}.get(part, part)


def ordinals(text: str) -> list[Value]:
    return [Value.matched(ORDINAL, m) for m in _ORDINAL.finditer(text)]


_LEAD = re.compile(r"(?:\s*(?:[-*•–|,=#>]|\(?[a-z]\)|\d{1,2}:\d{2}(?::\d{2})?|"
                   r"\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{4})?|"
                   r"\d+(?:\.\d+)*\.?(?=\s)))*\s*")


_JOINED = re.compile(r"\s+(?:in|on|at|for|to|of|the|a|an)\s+")
_SET_OFF_BEFORE = re.compile(r"(?:^|[,;:(\"“‘]\s*)$")
_SET_OFF_AFTER = re.compile(r"[,;:)\"”’.!?]")


def names(text: str) -> list[Value]:
    """Runs of capitalised words. A lone capitalised word that opens the text is not a name."""
    found = []
    # The text opens past a list mark, a section number, a time or a date: "- 20:40 Evacuation
    # order issued", "3.2 Evacuation began".
    lead = _LEAD.match(text)
    opening = lead.end() if lead.group().strip() else 0
    for m in _NAME.finditer(text):
        surface, start = m.group().rstrip("."), m.start()
        first = surface.split(" ", 1)
        if len(first) > 1 and first[0].lower() in _OPENERS and not text[:start].strip(" \"“‘'(["):
            # "In Kerman, ...": the sentence's opening word is not part of the name after it.
            surface, start = first[1], start + len(first[0]) + 1
        single = " " not in surface
        if (single and (start in (0, opening) or surface.lower() in _FUNCTION_WORDS)) or _CALENDAR.fullmatch(surface):
            continue
        found.append(Value(NAME, start, start + len(surface), surface, surface.lower()))
    # "A local campaign, Keep It in Kestlow, argued ...": capitalised words joined by small words
    # and set apart by punctuation on both sides are one name ("Iran and Pakistan" are two).
    for i in range(len(found) - 2, -1, -1):
        first, then = found[i], found[i + 1]
        if (_JOINED.fullmatch(text, first.end, then.start) and _SET_OFF_BEFORE.search(text, 0, first.start)
                and _SET_OFF_AFTER.match(text, then.end)):
            surface = text[first.start:then.end]
            found[i:i + 2] = [Value(NAME, first.start, then.end, surface, surface.lower())]
    # "Golzar Shohada (Garden of Martyrs)", "Islamic Revolutionary Guard Corps (IRGC)": a name
    # glossed in brackets is one name.
    for i in range(len(found) - 2, -1, -1):
        name, gloss = found[i], found[i + 1]
        if re.fullmatch(r"\s*\(", text[name.end:gloss.start]) and text.startswith(")", gloss.end):
            surface = text[name.start:gloss.end + 1]
            found[i:i + 2] = [Value(NAME, name.start, gloss.end + 1, surface, surface.lower())]
    return found


# "according to Iranian media", "from British police": a people's adjective before a noun is no place.
DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish)\s+[a-z]")


def places(text: str) -> list[Value]:
    """Where something is: names shortly after a preposition of place ("in Baghdad", "on
    Telegram", "in the border areas of Pakistan"), else a place phrase ("at the maritime museum")."""
    # "in a U.S. drone strike": a name after "a" describes a thing, it is not where.
    named = [v for v in names(text) if _PLACE.search(text[max(0, v.start - 40):v.start])
             and not re.search(r"\b(?:a|an)\s+$", text[max(0, v.start - 4):v.start], re.IGNORECASE)
             and not DEMONYM.match(text, v.start)]
    # "the fire in the Brevik hotel started in the basement": a name may be what is asked about.
    phrases = [Value(PLACE, m.start(1), m.end(1), m.group(1), m.group(1).lower()) for m in _PLACE_PHRASE.finditer(text)]
    return named + [p for p in phrases if not any(n.start < p.end and p.start < n.end for n in named)]


def reasons(text: str) -> list[Value]:
    """Phrases that give a cause or purpose ("because ...", "in retaliation for ..."), not those
    a clause denies ("is not considered by the Board to be the primary cause of the collapse")."""
    return [Value.matched(REASON, m) for m in _REASON.finditer(text)
            if not (_CAUSE_NOUN.match(m.group()) and _DENIED.search(text[:m.start()]))]


_CAUSE_NOUN = re.compile(r"(?:\w+ )?(?:cause|reason)", re.IGNORECASE)
_DENIED = re.compile(r"\b(?:not|never|nor)\b[^,;.]{0,60}$", re.IGNORECASE)  # within the clause


def years(text: str) -> set[str]:
    return set(_YEAR.findall(text))


def contacts(text: str) -> list[Value]:
    """Telephone numbers (of seven digits or more), web and e-mail addresses."""
    found = []
    for m in _CONTACT.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if _dialled(m.group()):
            if len(digits) < 7 or _NOT_A_PHONE.fullmatch(m.group()):
                continue
        elif "." not in m.group() or m.group().lower().rstrip(".") in _NOT_ADDRESSES:
            continue
        found.append(Value(CONTACT, m.start(), m.end(), m.group(), re.sub(r"[\s.()-]", "", m.group().lower())))
    return found


# A date ("12.05.2024"), a span of years ("1998-2004"), thousands set apart ("1 200 000").
def _dialled(surface: str) -> bool:
    """Whether a contact is a telephone number (not a web or e-mail address)."""
    return surface[0].isdigit() or surface[0] in "+("


_NOT_A_PHONE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:1[6-9]|20)\d{2}\s*[-–]\s*(?:1[6-9]|20)?\d{2}|"
                          r"[1-9]\d{0,2}(?:[\s.]\d{3})+")
_NOT_ADDRESSES = frozenset("e.g i.e a.m p.m u.s u.k no st mr mrs dr".split())

EXTRACTORS = {NUMBER: numbers, DATE: dates_in, TIME: times, ORDINAL: ordinals, NAME: names, PLACE: places, REASON: reasons,
              CONTACT: contacts}


def _number_value(surface: str) -> float | None:
    words = re.sub(_QUALIFIER, "", surface.lower(), flags=re.IGNORECASE)
    words = words.replace("percent", "").replace("%", "").strip()
    digits = words.replace(",", "")
    scaled = re.fullmatch(r"(\d+(?:\.\d+)?)\s+(hundred|thousand|million|billion)", digits)
    if scaled:
        return float(scaled.group(1)) * _SCALES[scaled.group(2)]
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits)
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return float(total + current)


def _format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


_MONTH_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH_NAMES = "January February March April May June July August September October November December".split()


def _read_in_figures(surface: str) -> tuple[int, int, str] | None:
    """The day, month and year of a date in figures ("09/03/2025", read day first unless it
    cannot be; "2025-03-09"), or None."""
    numeric = NUMERIC_DATE.fullmatch(surface)
    if numeric is None:
        return None
    day, month, year = (numeric.group(1, 2, 3) if numeric.group(1) else numeric.group(6, 5, 4))
    day, month = (int(month), int(day)) if int(month) > 12 else (int(day), int(month))
    return (day, month, year) if 1 <= month <= 12 else None


def spelled_date(surface: str) -> str:
    """A date in figures spelled out as it is read ("09/03/2025" -> "9 March 2025"); any other
    date as written."""
    read = _read_in_figures(surface)
    return f"{read[0]} {_MONTH_NAMES[read[1] - 1]} {read[2]}" if read else surface


def normal_date(surface: str) -> str:
    """A date's normal form: "3 January 2024" and "Jan. 3, 2024" are both "jan 3 2024"."""
    if read := _read_in_figures(surface):
        return f"{_MONTH_ABBREVIATIONS[read[1] - 1]} {read[0]} {read[2]}"
    if era := re.search(r"\b(?:AD|CE)\s+(\d{1,4})|(\d{1,4})\s+(AD|CE|BC|BCE)\b", surface, re.IGNORECASE):
        # "c. AD 650" and "650 AD" are one date; "650 BC" another.
        year = era.group(1) or era.group(2)
        return f"{year} bc" if (era.group(3) or "").lower() in ("bc", "bce") else year
    if century := re.search(rf"({'|'.join(ORDINAL_NUMBERS)}|\d{{1,2}})(?:st|nd|rd|th)?\s+century", surface, re.IGNORECASE):
        number = str(ORDINAL_NUMBERS.get(century.group(1).lower(), century.group(1)))
        return f"century {number}" + (" bc" if re.search(r"\bBCE?\b", surface) else "")
    text = re.sub(r"<sup>(\w+)</sup>", r"\1", surface.lower())
    text = re.sub(r"\b(on|in|the)\s+", "", text)
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    month = re.search(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", text)
    day = re.search(r"\b(\d{1,2})\b", text)
    year = re.search(r"\b(\d{4})\b", text)
    if month and day:
        return f"{month.group(1)} {int(day.group(1))}" + (f" {year.group(1)}" if year else "")
    # "on Sundays" is the same day of the week as "on Sunday".
    return re.sub(rf"\b({_WEEKDAYS.lower()})s\b", r"\1", re.sub(r"\s+", " ", text.replace(",", "")).strip())
