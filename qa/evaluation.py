"""The eval suite: known-answer questions, a deterministic scorer, and the runner behind `qa eval`.

Question file (JSON Lines, one object per line, blank lines ignored):

    {"id": "fact-red-crescent-head", "type": "fact", "question": "Who ...?",
     "answers": ["Reza Fallah"], "all_of": ["84", ["95", "ninety-five"]],
     "sources": ["000", "001"], "history": [["earlier question", "earlier answer"]]}

- `type` is one of fact, multi, conflict, unanswerable, followup.
- `answers`: the answer is right if any one of these appears in it. Empty for unanswerable
  questions, non-empty for all others.
- `all_of` (optional): every entry must appear; an entry may be a list of alternatives, any one
  of which counts. For conflict questions these are the competing values.
- `sources` (optional): file-name prefixes; the answer should cite a file whose name starts
  with one of them, and retrieval should find one.
- `history` (optional, required for followup): earlier [question, answer] turns.

Matching is deterministic: both sides are NFKC-normalised, case-folded, typographic quotes and
dashes made ASCII and whitespace collapsed; `[n]` citation markers are removed from the answer;
an expected string must then occur as whole words ("84" does not match "284").

Every metric is a plain number and never NaN: a rate over an empty set is 0.0, as are the
mean, median and percentiles of an empty list. No language model judges anything here.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from .errors import InputError

if TYPE_CHECKING:
    from .config import Config

SCHEMA_VERSION = 1
QUESTION_TYPES = ("fact", "multi", "conflict", "unanswerable", "followup")
ANSWERABLE_TYPES = ("fact", "multi", "conflict", "followup")
_KEYS = ("id", "question", "type", "answers", "all_of", "sources", "history")

# (question, history) -> qa.types.Answer, or its dict form
AnswerFn = Callable[[str, "list[tuple[str, str]] | None"], Any]

# Baselines for --compare: keyword arguments given to `qa.answer` next to the full pipeline
# (hybrid retrieval with the configured answerer).
BASELINES: dict[str, dict[str, Any]] = {
    "bm25-top-sentence": {"retrieval": "bm25", "llm": "top-sentence"},
    "bm25": {"retrieval": "bm25"},
    "dense": {"retrieval": "dense"},
    "rerank": {"retrieval": "rerank"},
}


# --- questions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvalQuestion:
    """One known-answer question; each `all_of` entry is a tuple of acceptable alternatives."""

    id: str
    question: str
    type: str
    answers: tuple[str, ...]
    all_of: tuple[tuple[str, ...], ...] = ()
    sources: tuple[str, ...] = ()
    history: tuple[tuple[str, str], ...] = ()

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def expected_strings(self) -> tuple[str, ...]:
        """Every string that counts as stating part of the answer (answers and all_of)."""
        return self.answers + tuple(alt for group in self.all_of for alt in group)


def load_questions(path: str | Path) -> list[EvalQuestion]:
    """Every question in the JSON Lines file; InputError naming the file and line if one is malformed."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read question file {path} ({exc}); pass --questions FILE (UTF-8 JSON Lines).") from None
    questions: list[EvalQuestion] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        question = parse_question(line, f"{path}:{number}")
        if question.id in seen:
            raise InputError(f"{path}:{number}: duplicate id {question.id!r}; give every question its own id.")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise InputError(f"{path} holds no questions; write one JSON object per line.")
    return questions


def parse_question(line: str, where: str) -> EvalQuestion:
    """One line of the question file as an EvalQuestion; InputError prefixed by `where` if invalid."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno}); write one JSON object per line.") from None
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object with keys {', '.join(_KEYS)}.")
    unknown = sorted(set(obj) - set(_KEYS))
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed keys: {', '.join(_KEYS)}.")
    if "answers" not in obj:
        raise InputError(f'{where}: "answers" is missing; use [] for an unanswerable question.')
    qtype = obj.get("type")
    if qtype not in QUESTION_TYPES:
        raise InputError(f'{where}: "type" must be one of {", ".join(QUESTION_TYPES)}; got {qtype!r}.')
    question = EvalQuestion(
        id=_required_text(obj, "id", where),
        question=_required_text(obj, "question", where),
        type=qtype,
        answers=_strings(obj.get("answers"), "answers", where),
        all_of=_all_of(obj.get("all_of", []), where),
        sources=_strings(obj.get("sources", []), "sources", where),
        history=_history(obj.get("history", []), where),
    )
    _check_consistency(question, where)
    return question


def _required_text(obj: dict, key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f'{where}: "{key}" must be a non-empty string.')
    return value


def _strings(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f'{where}: "{key}" must be a list of non-empty strings (use [] for none).')
    return tuple(value)


def _all_of(value: object, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        raise InputError(f'{where}: "all_of" must be a list of strings or of lists of alternative strings.')
    groups = []
    for entry in value:
        alternatives = [entry] if isinstance(entry, str) else entry
        groups.append(_strings(alternatives, "all_of", where))
        if not groups[-1]:
            raise InputError(f'{where}: "all_of" has an empty list of alternatives; remove it or add a string.')
    return tuple(groups)


def _history(value: object, where: str) -> tuple[tuple[str, str], ...]:
    ok = isinstance(value, list) and all(
        isinstance(turn, list) and len(turn) == 2 and all(isinstance(t, str) for t in turn) for turn in value
    )
    if not ok:
        raise InputError(f'{where}: "history" must be a list of ["question", "answer"] pairs.')
    return tuple((q, a) for q, a in value)


def _check_consistency(question: EvalQuestion, where: str) -> None:
    if question.answerable and not question.answers:
        raise InputError(f'{where}: a {question.type} question needs at least one string in "answers".')
    if not question.answerable and (question.answers or question.all_of or question.sources):
        raise InputError(f'{where}: an unanswerable question must have empty "answers" and no "all_of" or "sources".')
    if question.type == "conflict" and len(question.all_of) < 2:
        raise InputError(f'{where}: a conflict question needs at least two competing values in "all_of".')
    if question.type == "followup" and not question.history:
        raise InputError(f'{where}: a followup question needs a "history" of earlier turns.')


# --- matching --------------------------------------------------------------------------------

_MARKER = re.compile(r"\[\d+(?:\s*[,;]\s*\d+)*\]")
_ASCII = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})


def normalize(text: str) -> str:
    """NFKC, case-folded, typographic quotes and dashes made ASCII, whitespace runs made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_ASCII).casefold().split())


def mentions(text: str, expected: str) -> bool:
    """True if `expected` occurs in `text` as whole words, ignoring case, spacing and `[n]` markers."""
    needle = normalize(expected)
    if not needle:
        return False
    # subtle: markers are removed first, or "[3]" would count as stating "3"
    haystack = normalize(_MARKER.sub(" ", text))
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def missing_groups(text: str, groups: Iterable[Sequence[str]]) -> list[str]:
    """The `all_of` entries none of whose alternatives `text` mentions, each shown as 'a|b'."""
    return ["|".join(group) for group in groups if not any(mentions(text, alt) for alt in group)]


def source_matches(source: str, prefixes: Iterable[str]) -> bool:
    """True if the file name of `source` (a corpus-relative path) starts with one of `prefixes`."""
    name = PurePosixPath(str(source).replace("\\", "/")).name
    return any(name.startswith(prefix) for prefix in prefixes)


def citation_is_valid(citation: Mapping[str, Any], source_texts: Mapping[str, str]) -> bool:
    """True if the citation's quote is exactly `source_text[start:end]` of a known, non-empty span."""
    text = source_texts.get(str(citation.get("source", "")))
    start, end = citation.get("start"), citation.get("end")
    if text is None or not _is_int(start) or not _is_int(end):
        return False
    return 0 <= start < end <= len(text) and text[start:end] == citation.get("quote")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_WORD = re.compile(r"\w+(?:['\u2019.,:-]\w+)*")


def word_count(text: str) -> int:
    """Words in an answer, not counting `[n]` citation markers or bare punctuation."""
    return len(_WORD.findall(_MARKER.sub(" ", text)))


# --- scoring one answer ----------------------------------------------------------------------


@dataclass
class QuestionScore:
    """How one answer fared on one question.

    None means "does not apply": `conflict_disclosed` to non-conflict questions, `supported` and
    `source_cited` to abstentions and unanswerable questions, `retrieval_rank` to questions
    without `sources`. A `retrieval_rank` of 0 means no retrieved passage came from an expected
    source; otherwise it is the 1-based rank of the first that did.
    """

    id: str
    type: str
    correct: bool
    abstained: bool
    conflict_disclosed: bool | None
    retrieval_rank: int | None
    citations: int
    valid_citations: int
    supported: bool | None
    source_cited: bool | None
    words: int
    latency_ms: float
    generated_sentences: int = 0  # a language model's sentences that verification judged
    removed_sentences: int = 0  # of those, the ones it removed
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def score(
    question: EvalQuestion,
    answer_record: Mapping[str, Any],
    source_texts: Mapping[str, str],
    latency_ms: float = 0.0,
) -> QuestionScore:
    """Score one answer (the dict form of `qa.types.Answer`) against `question`, with reasons for every failure.

    An answerable question is `correct` when the answer did not abstain, mentions one of
    `answers`, and (except for conflict questions, where `all_of` is scored as
    `conflict_disclosed`) mentions every `all_of` entry. An unanswerable one is correct when the
    answer abstained. Only citations whose quote matches the source span count as support.
    """
    text = str(answer_record.get("text") or "")
    abstained = bool(answer_record.get("abstained"))
    citations = list(answer_record.get("citations") or [])
    valid = [c for c in citations if citation_is_valid(c, source_texts)]
    verdicts = list(answer_record.get("verification") or [])
    answered = question.answerable and not abstained
    result = QuestionScore(
        id=question.id,
        type=question.type,
        correct=_is_correct(question, text, abstained),
        abstained=abstained,
        conflict_disclosed=_disclosed(question, text, abstained),
        retrieval_rank=retrieval_rank(question, answer_record.get("passages") or []),
        citations=len(citations),
        valid_citations=len(valid),
        supported=_supported(question, valid) if answered else None,
        source_cited=_source_cited(question, valid) if answered and question.sources else None,
        words=word_count(text),
        latency_ms=float(latency_ms),
        generated_sentences=len(verdicts),
        removed_sentences=sum(v.get("verdict") == "removed" for v in verdicts),
    )
    result.failures = _failures(question, result, text, citations, source_texts, answer_record.get("error"))
    return result


def _is_correct(question: EvalQuestion, text: str, abstained: bool) -> bool:
    if not question.answerable:
        return abstained
    if abstained or not any(mentions(text, a) for a in question.answers):
        return False
    return question.type == "conflict" or not missing_groups(text, question.all_of)


def _disclosed(question: EvalQuestion, text: str, abstained: bool) -> bool | None:
    if question.type != "conflict":
        return None
    return not abstained and not missing_groups(text, question.all_of)


def retrieval_rank(question: EvalQuestion, passages: Sequence[Mapping[str, Any]]) -> int | None:
    """1-based rank of the first passage (in the order given) from an expected source; 0 if none; None if no sources."""
    if not question.sources:
        return None
    for rank, passage in enumerate(passages, 1):
        if source_matches(passage.get("source", ""), question.sources):
            return rank
    return 0


def _supported(question: EvalQuestion, valid: Sequence[Mapping[str, Any]]) -> bool:
    return any(mentions(str(c.get("quote", "")), s) for c in valid for s in question.expected_strings)


def _source_cited(question: EvalQuestion, valid: Sequence[Mapping[str, Any]]) -> bool:
    return any(source_matches(c.get("source", ""), question.sources) for c in valid)


def _failures(
    question: EvalQuestion,
    result: QuestionScore,
    text: str,
    citations: Sequence[Mapping[str, Any]],
    source_texts: Mapping[str, str],
    error: object,
) -> list[str]:
    """Human-readable reasons this answer falls short; empty if it passes everything."""
    reasons = [f"error: {error}"] if error else []
    reasons += _answer_failures(question, result, text)
    for c in citations:
        if not citation_is_valid(c, source_texts):
            reasons.append(f"invalid citation [{c.get('n', '?')}]: quote is not {c.get('source')}[{c.get('start')}:{c.get('end')}]")
    if result.source_cited is False:
        reasons.append(f"cites no file starting with {' or '.join(question.sources)}")
    if result.supported is False:
        reasons.append("no valid cited quote contains an expected answer")
    return reasons


def _answer_failures(question: EvalQuestion, result: QuestionScore, text: str) -> list[str]:
    if not question.answerable:
        return [] if result.abstained else ["answered although the corpus does not support an answer"]
    if result.abstained:
        return ["abstained although the corpus answers this"]
    reasons = []
    if not any(mentions(text, a) for a in question.answers):
        reasons.append(f"none of {' / '.join(question.answers)} is in the answer")
    missing = missing_groups(text, question.all_of)
    if missing:
        label = "conflict not disclosed, missing" if question.type == "conflict" else "incomplete, missing"
        reasons.append(f"{label}: {', '.join(missing)}")
    return reasons


# --- aggregate metrics -----------------------------------------------------------------------


def rate(flags: Iterable[bool]) -> float:
    """Fraction of true flags; 0.0 for none."""
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between ranks; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def aggregate(scores: Sequence[QuestionScore], k: int | None = None) -> dict[str, float]:
    """The suite's metrics over `scores` (flat name -> number); `k` bounds hit@k (None: any rank).

    Rates are over: answerable questions (accuracy, false_refusal_rate), conflict questions
    (conflict_disclosure), unanswerable ones (abstention_rate), all citations
    (citation_validity), answered answerable questions (citation_support,
    expected_source_cited), questions with sources (hit@k, mrr), answered questions (words),
    generated sentences (removed_by_verification).
    """
    answerable = [s for s in scores if s.type != "unanswerable"]
    answered = [s for s in scores if not s.abstained]
    latencies = [s.latency_ms for s in scores]
    cited = sum(s.citations for s in scores)
    generated = sum(s.generated_sentences for s in scores)
    return {
        "questions": len(scores),
        "answerable": len(answerable),
        "unanswerable": len(scores) - len(answerable),
        **retrieval_metrics(scores, k),
        "accuracy": rate(s.correct for s in answerable),
        "conflict_disclosure": rate(s.conflict_disclosed for s in scores if s.conflict_disclosed is not None),
        "abstention_rate": rate(s.abstained for s in scores if s.type == "unanswerable"),
        "false_refusal_rate": rate(s.abstained for s in answerable),
        "citation_validity": sum(s.valid_citations for s in scores) / cited if cited else 0.0,
        "citation_support": rate(s.supported for s in scores if s.supported is not None),
        "expected_source_cited": rate(s.source_cited for s in scores if s.source_cited is not None),
        "pass_rate": rate(s.passed for s in scores),
        "answer_words_mean": statistics.fmean([s.words for s in answered]) if answered else 0.0,
        "answer_words_median": float(statistics.median([s.words for s in answered])) if answered else 0.0,
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "generated_sentences": generated,
        "removed_by_verification": sum(s.removed_sentences for s in scores) / generated if generated else 0.0,
    }


def retrieval_metrics(scores: Sequence[QuestionScore], k: int | None = None) -> dict[str, float]:
    """hit@1, hit@3, hit@k and MRR over questions that name expected sources."""
    ranks = [s.retrieval_rank for s in scores if s.retrieval_rank is not None]
    limit = k if k is not None else max(ranks, default=0)
    return {
        "hit_at_1": rate(0 < r <= 1 for r in ranks),
        "hit_at_3": rate(0 < r <= 3 for r in ranks),
        "hit_at_k": rate(0 < r <= limit for r in ranks),
        "mrr": sum(1 / r for r in ranks if r > 0) / len(ranks) if ranks else 0.0,
    }


def by_type(scores: Sequence[QuestionScore], k: int | None = None) -> dict[str, dict[str, float]]:
    """Per question type: count, accuracy (for unanswerable: correct abstention), and the main rates."""
    table = {}
    for qtype in QUESTION_TYPES:
        group = [s for s in scores if s.type == qtype]
        if group:
            overall = aggregate(group, k)
            table[qtype] = {
                "n": len(group),
                "accuracy": rate(s.correct for s in group),
                **{name: overall[name] for name in _TYPE_COLUMNS},
            }
    return table


_TYPE_COLUMNS = ("conflict_disclosure", "hit_at_k", "citation_validity", "expected_source_cited", "latency_p50_ms")


# --- gates -----------------------------------------------------------------------------------


def load_gates(path: str | Path) -> dict[str, Any]:
    """The thresholds in a gates file ({"schema_version": 1, "min": {...}, "max": {...}})."""
    path = Path(path)
    try:
        gates = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"Cannot read gates file {path} ({exc}); pass --gates FILE holding a JSON object.") from None
    if not isinstance(gates, dict) or gates.get("schema_version") != SCHEMA_VERSION:
        raise InputError(f'{path}: expected a JSON object with "schema_version": {SCHEMA_VERSION} and "min"/"max" tables.')
    return gates


def check_gates(metrics: Mapping[str, float], gates: Mapping[str, Any]) -> list[str]:
    """One message per metric outside its gate (empty list: all gates pass).

    A gate naming a metric that does not exist raises InputError, so a typo cannot pass silently.
    """
    unknown_keys = set(gates) - {"schema_version", "min", "max", "description"}
    if unknown_keys:
        raise InputError(f"Gates hold unknown key(s) {', '.join(sorted(unknown_keys))}; use \"min\" and \"max\".")
    failures = []
    for bound in ("min", "max"):
        for name, limit in dict(gates.get(bound, {})).items():
            if name not in metrics:
                raise InputError(f"Gate {bound}.{name} names no metric; known metrics: {', '.join(metrics)}.")
            value = metrics[name]
            if (bound == "min" and value < limit) or (bound == "max" and value > limit):
                word = "below the minimum" if bound == "min" else "above the maximum"
                failures.append(f"{name} = {value:.4g} is {word} {limit}")
    return failures


# --- running the suite -----------------------------------------------------------------------


@dataclass
class SystemRun:
    """One system's answers and scores over the whole question file."""

    name: str
    scores: list[QuestionScore]
    rows: list[dict[str, Any]]
    metrics: dict[str, float]
    by_type: dict[str, dict[str, float]]


@dataclass
class EvalResult:
    """What `run_eval` measured; the first system is the one gates apply to."""

    out_dir: Path
    runs: dict[str, SystemRun]
    params: dict[str, Any]
    gate_failures: list[str] = field(default_factory=list)

    @property
    def primary(self) -> str:
        return next(iter(self.runs))

    @property
    def metrics(self) -> dict[str, float]:
        return self.runs[self.primary].metrics


def run_eval(
    questions_path: str | Path,
    corpus_dir: str | Path,
    index_dir: str | Path,
    out_dir: str | Path,
    *,
    config: Config | None = None,
    compare: bool = False,
    answer_fn: AnswerFn | None = None,
    systems: Mapping[str, AnswerFn] | None = None,
    gates: Mapping[str, Any] | None = None,
    progress: bool = True,
    off_corpus: bool = False,
) -> EvalResult:
    """Index the corpus, answer every question with each system, score, and write the reports.

    Systems, in order: `systems` if given; else `answer_fn` (named "qa") or the full `qa.answer`
    pipeline, plus the BASELINES (and the extractive answerer, when another is configured) if
    `compare` is set. Writes answers.jsonl, metrics.json, report.md and eval.png into
    `out_dir`; `gates` are checked against the first system. With `off_corpus`, the questions
    were written for another corpus and every one is scored as unanswerable: the abstention
    rate is then how often the system declines what the corpus does not cover.
    """
    import qa

    questions = load_questions(questions_path)
    if off_corpus:
        questions = [replace(q, type="unanswerable", answers=(), all_of=(), sources=()) for q in questions]
    config = (config or qa.Config.load()).with_(corpus_dir=Path(corpus_dir), index_dir=Path(index_dir))
    qa.build_index(corpus_dir=config.corpus_dir, index_dir=config.index_dir, config=config)
    source_texts = load_source_texts(config.corpus_dir)
    chosen = dict(systems) if systems else choose_systems(config, answer_fn, compare)
    runs = {name: run_system(name, fn, questions, source_texts, config.top_k, progress) for name, fn in chosen.items()}
    result = EvalResult(Path(out_dir), runs, _params(questions_path, questions, config, runs) | {"off_corpus": off_corpus})
    result.gate_failures = check_gates(result.metrics, gates) if gates else []
    write_outputs(result, questions, gates)
    return result


def choose_systems(config: Config, answer_fn: AnswerFn | None, compare: bool) -> dict[str, AnswerFn]:
    """The named systems to evaluate: the pipeline (or `answer_fn`) first, then baselines if `compare`."""
    systems: dict[str, AnswerFn] = {"qa": answer_fn or qa_system(config)}
    if compare:
        systems.update({name: qa_system(config, **options) for name, options in BASELINES.items()})
        if config.llm != "extractive":
            systems["unverified"] = qa_system(config, verify=False)
            systems["extractive"] = qa_system(config, llm="extractive")
    return systems


def qa_system(config: Config, **options: Any) -> AnswerFn:
    """A system that calls the public `qa.answer` with `config` and extra keyword `options`."""

    def ask(question: str, history: list[tuple[str, str]] | None) -> Any:
        import qa

        return qa.answer(question, history=history, config=config, **options)

    return ask


def load_source_texts(corpus_dir: Path) -> dict[str, str]:
    """Full text of every readable corpus file, keyed by source id, exactly as the indexer reads it."""
    from .corpus import list_files, read_documents, source_id

    ids = [source_id(path, corpus_dir) for path in list_files(corpus_dir)]
    return {doc.source: doc.text for doc in read_documents(corpus_dir, ids) if hasattr(doc, "text")}


def run_system(
    name: str,
    fn: AnswerFn,
    questions: Sequence[EvalQuestion],
    source_texts: Mapping[str, str],
    k: int | None,
    progress: bool = True,
) -> SystemRun:
    """Ask `fn` every question in order, timing each call, and score the answers.

    One untimed call comes first: it loads models and caches, so latency measures answering
    rather than start-up.
    """
    from tqdm import tqdm

    if questions:
        ask(fn, questions[0])
    scores, rows = [], []
    for question in tqdm(questions, desc=f"eval {name}", unit="q", file=sys.stderr, disable=not progress):
        record, latency_ms = ask(fn, question)
        scores.append(score(question, record, source_texts, latency_ms))
        rows.append(answer_row(name, question, record, scores[-1]))
    return SystemRun(name, scores, rows, aggregate(scores, k), by_type(scores, k))


def ask(fn: AnswerFn, question: EvalQuestion) -> tuple[dict[str, Any], float]:
    """The answer record and wall-clock milliseconds; a rejected question becomes a record with `error`."""
    history = [tuple(turn) for turn in question.history] or None
    started = time.perf_counter()
    try:
        answer = fn(question.question, history)
    except InputError as exc:
        answer = {"question": question.question, "text": "", "error": str(exc)}
    latency_ms = (time.perf_counter() - started) * 1000
    return as_record(answer), latency_ms


def as_record(answer: Any) -> dict[str, Any]:
    """The dict form of an answer: `Answer.to_dict()`, or the mapping itself."""
    if hasattr(answer, "to_dict"):
        return answer.to_dict()
    if isinstance(answer, Mapping):
        return dict(answer)
    raise TypeError(f"An eval system returned {type(answer).__name__}; it must return qa.types.Answer or a dict.")


def answer_row(system: str, question: EvalQuestion, record: Mapping[str, Any], result: QuestionScore) -> dict[str, Any]:
    """One line of answers.jsonl."""
    return {
        "system": system,
        "id": question.id,
        "type": question.type,
        "question": question.question,
        "answer": record.get("text") or "",
        "abstained": result.abstained,
        "citations": [{key: c.get(key) for key in ("source", "start", "end", "quote")} for c in record.get("citations") or []],
        "retrieved": [p.get("source") for p in record.get("passages") or []],
        "latency_ms": round(result.latency_ms, 1),
        "passed": result.passed,
        "failures": result.failures,
    }


def _params(path: str | Path, questions: Sequence[EvalQuestion], config: Config, runs: Mapping[str, SystemRun]) -> dict[str, Any]:
    settings = {f.name: getattr(config, f.name) for f in fields(config)}
    return {
        "questions_path": str(path),
        "questions_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        "questions": len(questions),
        "k": config.top_k,
        "systems": list(runs),
        "config": {name: str(value) if isinstance(value, Path) else value for name, value in settings.items()},
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


# --- reports ---------------------------------------------------------------------------------


def write_outputs(result: EvalResult, questions: Sequence[EvalQuestion], gates: Mapping[str, Any] | None) -> None:
    """answers.jsonl, metrics.json, report.md and eval.png in `result.out_dir`."""
    result.out_dir.mkdir(parents=True, exist_ok=True)
    with open(result.out_dir / "answers.jsonl", "w", encoding="utf-8") as out:
        for run in result.runs.values():
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in run.rows)
    (result.out_dir / "metrics.json").write_text(json.dumps(metrics_document(result, gates), indent=2), encoding="utf-8")
    (result.out_dir / "report.md").write_text(render_report(result, questions, gates), encoding="utf-8")
    write_plot(result, result.out_dir / "eval.png")


def metrics_document(result: EvalResult, gates: Mapping[str, Any] | None) -> dict[str, Any]:
    """metrics.json: schema version, the parameters of the run, each system's metrics, gate results."""
    return {
        "schema_version": SCHEMA_VERSION,
        "params": result.params,
        "primary": result.primary,
        "systems": {name: {"metrics": run.metrics, "by_type": run.by_type} for name, run in result.runs.items()},
        "gates": {"thresholds": dict(gates or {}), "failures": result.gate_failures, "passed": not result.gate_failures},
    }


_SUMMARY_ROWS = (
    ("questions", "questions"), ("accuracy", "accuracy (answerable)"),
    ("conflict_disclosure", "conflict disclosure"), ("abstention_rate", "abstention on unanswerable"),
    ("false_refusal_rate", "false refusals (answerable)"), ("citation_validity", "citation validity"),
    ("citation_support", "citation support"), ("expected_source_cited", "expected source cited"),
    ("hit_at_1", "retrieval hit@1"), ("hit_at_3", "retrieval hit@3"), ("hit_at_k", "retrieval hit@k"),
    ("mrr", "retrieval MRR"), ("pass_rate", "questions passing every check"),
    ("answer_words_mean", "answer words (mean)"), ("answer_words_median", "answer words (median)"),
    ("latency_p50_ms", "latency p50 (ms)"), ("latency_p95_ms", "latency p95 (ms)"),
    ("generated_sentences", "generated sentences verified"),
    ("removed_by_verification", "share removed by verification"),
)


def render_report(result: EvalResult, questions: Sequence[EvalQuestion], gates: Mapping[str, Any] | None) -> str:
    """report.md: summary table (one column per system), gates, per-type tables, and every failure."""
    p = result.params
    lines = [
        "# Eval report", "",
        f"{p['questions']} questions from `{p['questions_path']}` (sha256 {p['questions_sha256'][:12]}), "
        f"corpus `{p['config']['corpus_dir']}`, k = {p['k']}, answerer `{p['config'].get('llm', '')}`, {p['created_at']}.",
        "", "## Summary", "", *_summary_table(result), "",
    ]
    if gates:
        lines += ["## Gates", "", *(_gate_lines(result)), ""]
    for run in result.runs.values():
        lines += [f"## By question type: {run.name}", "", *_type_table(run), ""]
    by_id = {q.id: q for q in questions}
    for run in result.runs.values():
        lines += [f"## Failures: {run.name}", "", *_failure_lines(run, by_id)]
    return "\n".join(lines) + "\n"


def _summary_table(result: EvalResult) -> list[str]:
    names = list(result.runs)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for key, label in _SUMMARY_ROWS:
        lines.append(f"| {label} | " + " | ".join(_fmt(result.runs[n].metrics[key]) for n in names) + " |")
    return lines


def _gate_lines(result: EvalResult) -> list[str]:
    if not result.gate_failures:
        return [f"All gates pass for `{result.primary}`."]
    return [f"- FAIL: {failure}" for failure in result.gate_failures]


def _type_table(run: SystemRun) -> list[str]:
    columns = ("n", "accuracy", *_TYPE_COLUMNS)
    lines = ["| type | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for qtype, row in run.by_type.items():
        lines.append(f"| {qtype} | " + " | ".join(_fmt(row[c]) for c in columns) + " |")
    return lines


def _failure_lines(run: SystemRun, by_id: Mapping[str, EvalQuestion]) -> list[str]:
    failed = [(row, by_id[row["id"]]) for row in run.rows if not row["passed"]]
    if not failed:
        return ["None.", ""]
    lines = []
    for row, question in failed:
        lines += [f"### {question.id} ({question.type})", "", f"- **Question:** {question.question}"]
        lines += [f"- **Earlier turn:** {q} -> {a}" for q, a in question.history]
        answer = "(abstained) " if row["abstained"] else ""
        lines += [f"- **Answer:** {answer}{_one_line(row['answer'])}", f"- **Expected:** {_expected(question)}"]
        lines += [f"- **Why:** {reason}" for reason in row["failures"]] + [""]
    return lines


def _expected(question: EvalQuestion) -> str:
    if not question.answerable:
        return "an abstention"
    parts = ["any of " + " / ".join(question.answers)]
    if question.all_of:
        parts.append("all of " + ", ".join("|".join(group) for group in question.all_of))
    if question.sources:
        parts.append("citing " + " or ".join(question.sources))
    return "; ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "(empty)"


def _fmt(value: float) -> str:
    """Counts as integers, rates (0..1) to three places, words and milliseconds to one."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}" if abs(value) <= 1 else f"{value:.1f}"


def write_plot(result: EvalResult, path: Path) -> None:
    """eval.png: accuracy per question type (one bar per system) and a latency histogram."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    width = 0.8 / max(len(result.runs), 1)
    slowest = max((s.latency_ms for run in result.runs.values() for s in run.scores), default=0.0)
    bins = [slowest * i / 20 for i in range(21)] if slowest > 0 else 20
    for i, run in enumerate(result.runs.values()):
        types = list(run.by_type)
        left.bar([t + i * width for t in range(len(types))], [run.by_type[t]["accuracy"] for t in types], width, label=run.name)
        left.set_xticks([t + 0.4 - width / 2 for t in range(len(types))], types)
        right.hist([s.latency_ms for s in run.scores], bins=bins, histtype="step", linewidth=2, label=run.name)
    left.set(title="Accuracy by question type", ylabel="accuracy", ylim=(0, 1))
    right.set(title="Latency per question", xlabel="ms", ylabel="questions")
    left.legend()
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
