"""Sentence verification: is every generated sentence stated by the passages it cites?

A generated reply is split into sentences and its `[n]` markers parsed. A sentence is kept
only when the passages it cites state it:

- every number in it appears in one sentence of a cited passage, *about the same thing*: the
  clause around the number there shares a content word with the clause around it here (so
  "284 were killed" fails against "killed at least 95 people, and injured 284 others");
- every date and every name in it appears in a cited passage;
- at least COVERAGE of its content words appear in at most MAX_EVIDENCE sentences of the
  cited passages (words the question itself used need only appear in the cited passage).

A sentence the cited passages do not state, but another numbered passage does, keeps its
claim and has its citation corrected; a sentence no passage states is removed. The sentences
that support a kept claim are its evidence, cited as exact spans of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .entities import Value, dates_in, names, numbers
from .text import terms
from .types import Passage

# Least share of a sentence's content words its evidence must hold. 0.7 lets a model rephrase
# a fact with one or two words of its own ("led" for "head of") in a sentence of five or more
# content words, and rejects a sentence whose main predicate ("weather", "sunny") is absent.
COVERAGE = 0.7
MAX_EVIDENCE = 3  # sentences of the passages quoted for one generated sentence
# Least share of a sentence's content words not taken from the question that the evidence from
# one passage must hold by itself: a model stitching words of unrelated sentences ("the other
# bomber carried out the attack on the Houthi movement's capital city of Tehran") covers them
# only together.
SINGLE_COVERAGE = 0.6
PREFIX = 5  # stems sharing this many leading letters, one a prefix of the other, match

SUPPORTED, CORRECTED, REMOVED = "supported", "corrected", "removed"

_MARKER = re.compile(
    r"\s*\[(?:(?:passages?|sources?|documents?|doc)\s*)?(\d+(?:\s*(?:,|;|and|&)\s*\d+)*)\]", re.IGNORECASE
)
# A full stop, closing quotes or brackets, and the markers that follow it.
_STOP = r"[.!?]+[\"'”’)]*(?:\s*\[[^\[\]\n]{1,30}\])*"
_SENTENCE_END = re.compile(_STOP + r"(?=\s+[\"'“(\[]?[A-Z0-9]|\s*$)|\n+")
_FINISHED = re.compile(_STOP + r"\s*$")
_BULLET = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+(?=[^\W\d_])", re.MULTILINE)
_SOURCE = r"(?:the\s+)?(?:passages?|sources?|documents?|text)(?:\s*\[?\d+\]?)?"  # "the passage [2]"
_LEAD_IN = re.compile(
    rf"^\s*(?:(?:according to|as stated in|based on)\s+{_SOURCE}\s*,?\s*|(?:the\s+)?answer\s+is\s*:\s*|"
    rf"{_SOURCE}\s+(?:states?|says?|mentions?|notes?|reports?)\s+that\s+)?",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;:()|]|\s[-–—]\s|\b(?:and|but|while|whereas|which|who|after|before)\b", re.IGNORECASE)
# Words a model uses to talk about the passages rather than about the world.
_DISCOURSE = frozenset(terms("according passage passages document documents text mention mentioned "
                             "provided also however additionally"))
_NO_ANSWER = re.compile(
    r"\b(?:passages?|documents?|sources?|context|texts?|information)\b[^.]*?\b(?:do|does|did)\s*(?:not|n't)\s+"
    r"(?:contain|say|mention|include|provide|state|specify|give|answer|have)|\bno (?:information|mention)\b|"
    r"\b(?:cannot|can't|can not|unable to)\s+(?:be\s+)?(?:answer|determine|find)|\bnot (?:mentioned|stated|"
    r"specified|provided|contained)\b|^\s*i (?:do not|don't) know\b",
    re.IGNORECASE,
)


@dataclass
class Evidence:
    """A sentence of numbered passage `n`: `text == source_text[start:end]` of `source`."""

    n: int
    source: str
    start: int
    end: int
    text: str
    terms: set[str] = field(default_factory=set)


@dataclass
class Check:
    """The verdict on one generated sentence, and the evidence that supports it if kept."""

    sentence: str  # as generated, markers included
    claim: str  # the sentence without markers or lead-in
    cited: list[int]  # passage numbers the model cited
    verdict: str  # supported, corrected or removed
    reason: str = ""
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def kept(self) -> bool:
        return self.verdict != REMOVED


@dataclass
class _Claim:
    text: str
    terms: set[str]
    numbers: list[Value]
    dates: list[Value]
    names: list[Value]


@dataclass
class _Support:
    evidence: list[Evidence]
    coverage: float
    reason: str = ""  # why the passages do not state the claim; empty when they do


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each keeping the `[n]` markers that follow its full stop."""
    text = _BULLET.sub("", text)
    pieces, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append(text[start:m.end()].strip())
        start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if _MARKER.sub("", p).strip(" .!?")]


def citations_in(sentence: str) -> list[int]:
    """The passage numbers a sentence cites, in order, without repeats."""
    found = [int(n) for m in _MARKER.finditer(sentence) for n in re.findall(r"\d+", m.group(1))]
    return list(dict.fromkeys(found))


def replace_markers(text: str, replace: Callable[[list[int]], str]) -> str:
    """`text` with each `[n]` marker (and the space before it) replaced by `replace(its numbers)`."""
    return _MARKER.sub(lambda m: replace(citations_in(m.group(0))), text)


def strip_markers(sentence: str) -> str:
    """The sentence without `[n]` markers, list bullets or an "According to passage 2," lead-in."""
    text = _MARKER.sub("", sentence)
    text = _LEAD_IN.sub("", text, count=1).strip()
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return text[:1].upper() + text[1:]


def says_no_answer(text: str) -> bool:
    """Whether a sentence says the passages do not answer the question."""
    return bool(_NO_ANSWER.search(strip_markers(text)))


def evidence_of(passages: list[Passage], spans: list[list[tuple[int, int]]] | None = None) -> list[list[Evidence]]:
    """The sentences of each passage, numbered from 1. `spans[i]` holds absolute sentence spans
    of passage i (the chunk records' spans); without them the passage text is split here."""
    found = []
    for i, p in enumerate(passages):
        own = spans[i] if spans is not None else _own_spans(p)
        inside = [(s, e) for s, e in own if p.start <= s < e <= p.end]
        found.append([_evidence(i + 1, p, s, e) for s, e in inside])
    return found


def verify(text: str, passages: list[Passage], spans: list[list[tuple[int, int]]] | None = None,
           question_terms: list[str] | None = None, cut_off: bool = False) -> list[Check]:
    """A Check for every sentence of `text`, a reply whose `[n]` markers number `passages` from 1.

    `question_terms` are the question's focus stems: a bare value ("284.") is read as a claim
    about them, and the words are accepted anywhere in a cited passage. A sentence that repeats
    an earlier one is removed, and so is an unfinished last sentence of a reply that was
    `cut_off` at its length limit ("The attacks killed at least").
    """
    evidence = evidence_of(passages, spans)
    asked = set(question_terms or [])
    sentences = split_sentences(text)
    checks, seen = [], set()
    for i, sentence in enumerate(sentences):
        claim = strip_markers(sentence)
        said = " ".join(terms(claim))
        reason = ("repeats an earlier sentence" if said and said in seen else
                  "unfinished: the reply was cut off at its length limit"
                  if cut_off and i == len(sentences) - 1 and not _FINISHED.search(sentence) else "")
        checks.append(Check(sentence, claim, citations_in(sentence), REMOVED, reason) if reason
                      else _check(sentence, evidence, asked))
        seen.add(said)
    return checks


def _check(sentence: str, evidence: list[list[Evidence]], asked: set[str]) -> Check:
    claim = _claim(strip_markers(sentence))
    cited = citations_in(sentence)
    check = Check(sentence, claim.text, cited, REMOVED)
    if says_no_answer(sentence):
        check.reason = "says the passages do not answer; not a claim"
        return check
    if not claim.terms and not (claim.numbers or claim.dates or claim.names):
        check.reason = "states nothing that can be checked"
        return check
    if asked and not claim.numbers and not claim.dates and all(_matches(t, asked) for t in claim.terms):
        check.reason = "only restates the question"
        return check
    existing = [n for n in cited if 1 <= n <= len(evidence)]
    support = _support(claim, [evidence[n - 1] for n in existing], asked) if existing else None
    if support is not None and not support.reason:
        check.verdict, check.evidence = SUPPORTED, support.evidence
        if len(existing) < len(cited):
            check.verdict = CORRECTED
            check.reason = f"dropped citations to passages that do not exist: {_listed(set(cited) - set(existing))}"
        return check
    return _correct(check, claim, evidence, asked, support)


def _correct(check: Check, claim: _Claim, evidence: list[list[Evidence]], asked: set[str],
             failed: _Support | None) -> Check:
    """Cite the other passage that best states the claim, or remove the sentence."""
    others = [i for i in range(len(evidence)) if i + 1 not in check.cited]
    options = [_support(claim, [evidence[i]], asked) for i in others]
    if len(others) > 1:
        options.append(_support(claim, [evidence[i] for i in others], asked))
    good = [s for s in options if not s.reason]
    if good:
        best = max(good, key=lambda s: (s.coverage, -len(s.evidence)))
        check.verdict, check.evidence = CORRECTED, best.evidence
        found = _listed({e.n for e in best.evidence})
        check.reason = (f"cited {_listed(set(check.cited))} but {found} states it" if check.cited
                        else f"cited nothing; {found} states it")
        return check
    if failed is not None:
        check.reason = failed.reason
    elif check.cited:
        check.reason = f"cites {_listed(set(check.cited))}, which does not exist"
    else:
        check.reason = f"cites nothing; {options[-1].reason}" if options else "cites nothing"
    return check


def _support(claim: _Claim, passages: list[list[Evidence]], asked: set[str]) -> _Support:
    """The evidence sentences in `passages` that state `claim`, or the reason there are none."""
    sentences = [s for p in passages for s in p]
    scope = " ".join(s.text for s in sentences)
    scope_terms = set().union(*(s.terms for s in sentences)) if sentences else set()
    chosen: list[Evidence] = []
    for value in claim.numbers:
        found = _number_evidence(claim, value, sentences, asked)
        if found is None:
            return _Support([], 0.0, f"the number '{value.surface}' is not stated about this in {_where(passages)}")
        if found not in chosen:
            chosen.append(found)
    reason = _missing_dates(claim, scope) or _missing_names(claim, scope_terms)
    if reason:
        return _Support([], 0.0, f"{reason} in {_where(passages)}")
    chosen = _cover(claim.terms, sentences, chosen)
    given = {t for t in claim.terms if _matches(t, asked) and _matches(t, scope_terms)}
    covered = {t for t in claim.terms if t in given or any(_matches(t, s.terms) for s in chosen)}
    coverage = len(covered) / len(claim.terms) if claim.terms else 1.0
    if coverage < COVERAGE:
        missing = ", ".join(sorted(claim.terms - covered))
        return _Support([], coverage, f"words not found in {_where(passages)}: {missing}")
    if not chosen:
        return _Support([], coverage, f"no sentence of {_where(passages)} states it")
    new = {t for t in claim.terms if not _matches(t, asked)}  # what the sentence adds to the question
    by_passage = [{t for s in chosen if s.n == n for t in new if _matches(t, s.terms)} for n in {s.n for s in chosen}]
    if len(new) > 1 and max(map(len, by_passage)) / len(new) < SINGLE_COVERAGE:
        return _Support([], coverage, f"no one passage of {_where(passages)} states most of it; "
                                      "pieces of several do not make a claim")
    return _Support(sorted(chosen, key=lambda e: (e.n, e.start)), coverage)


def _number_evidence(claim: _Claim, value: Value, sentences: list[Evidence], asked: set[str]) -> Evidence | None:
    """The sentence stating `value` about what the claim says it is about, if any."""
    about = _clause_terms(claim.text, value) or asked
    best, best_overlap = None, -1
    for s in sentences:
        for other in numbers(s.text):
            if other.normal != value.normal:
                continue
            overlap = len({t for t in about if _matches(t, _clause_terms(s.text, other))})
            if (overlap > 0 or not about) and overlap > best_overlap:
                best, best_overlap = s, overlap
    return best


def _missing_dates(claim: _Claim, scope: str) -> str:
    known = {part for d in dates_in(scope) for part in d.normal.split()}
    for d in claim.dates:
        if not set(d.normal.split()) <= known:
            return f"the date '{d.surface}' is not stated"
    return ""


def _missing_names(claim: _Claim, scope_terms: set[str]) -> str:
    for name in claim.names:
        if not all(_matches(t, scope_terms) for t in terms(name.surface)):
            return f"the name '{name.surface}' does not appear"
    return ""


def _cover(wanted: set[str], sentences: list[Evidence], chosen: list[Evidence]) -> list[Evidence]:
    """`chosen` plus, greedily, the sentences adding most of `wanted`, up to MAX_EVIDENCE."""
    chosen = list(chosen)
    covered = {t for t in wanted if any(_matches(t, s.terms) for s in chosen)}
    while len(chosen) < MAX_EVIDENCE:
        gains = [(len({t for t in wanted - covered if _matches(t, s.terms)}), -i) for i, s in enumerate(sentences)]
        if not gains or max(gains)[0] == 0:
            break
        best = sentences[-max(gains)[1]]
        chosen.append(best)
        covered |= {t for t in wanted if _matches(t, best.terms)}
    return chosen


def _claim(text: str) -> _Claim:
    found_numbers, found_dates = numbers(text), dates_in(text)
    blanked = list(text)
    for v in found_numbers + found_dates:
        blanked[v.start:v.end] = " " * (v.end - v.start)
    content = set(terms("".join(blanked))) - _DISCOURSE
    return _Claim(text, content, found_numbers, found_dates, names(text))


def _clause_terms(text: str, value: Value) -> set[str]:
    """Content stems of the clause of `text` that holds `value`, the value itself left out."""
    cuts = [0] + [m.start() for m in _CLAUSE.finditer(text)] + [len(text)]
    left = max(c for c in cuts if c <= value.start)
    right = min([c for c in cuts if c >= value.end] or [len(text)])
    clause = text[left:value.start] + " " + text[value.end:right]
    return set(terms(clause)) - _DISCOURSE - set(terms(" ".join(d.surface for d in dates_in(clause))))


def _matches(term: str, pool: set[str]) -> bool:
    if term in pool:
        return True
    return len(term) >= PREFIX and any(
        len(p) >= PREFIX and (p.startswith(term) or term.startswith(p)) for p in pool
    )


def _evidence(n: int, p: Passage, start: int, end: int) -> Evidence:
    text = p.text[start - p.start:end - p.start]
    return Evidence(n, p.source, start, end, text, set(terms(text)))


def _own_spans(p: Passage) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for sentence in split_sentences(p.text):
        at = p.text.index(sentence, offset)
        spans.append((p.start + at, p.start + at + len(sentence)))
        offset = at + len(sentence)
    return spans


def _where(passages: list[list[Evidence]]) -> str:
    numbers_ = {s.n for p in passages for s in p}
    return _listed(numbers_) if numbers_ else "the cited passages"


def _listed(numbers_: set[int]) -> str:
    """Passage numbers as the prompt gave them: "passage [2]", "passages [1] [3]"."""
    marks = " ".join(f"[{n}]" for n in sorted(numbers_))
    return f"passage {marks}" if len(numbers_) == 1 else f"passages {marks}"
