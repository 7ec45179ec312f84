"""`qa.answer`: validate the question, resolve follow-ups, retrieve, and hand the passages to
the configured answerer.

Answerers are a name -> factory registry. `extractive` (the default) needs no language model;
generative backends register under their own names and share the same `Answer` result. An
answerer may offer two more things: `condense(question, history) -> str`, a follow-up rewritten
to stand alone (used for retrieval), and `streams = True`, meaning its `answer` accepts an
`on_token` callback that receives generated text as it arrives.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Any, Callable, Protocol

from .config import Config
from .entities import names
from .errors import BackendError
from .questions import Question, analyze, check_question, split_compound
from .retrieval import Retriever, open_retriever
from .types import Answer, Passage


_CITE = re.compile(r"\[(\d+)\]")


class Answerer(Protocol):
    name: str

    def answer(self, question: Question, passages: list[Passage]) -> Answer: ...


def _extractive(retriever: Retriever, config: Config) -> Answerer:
    from .extractive import ExtractiveAnswerer

    return ExtractiveAnswerer(retriever)


def _generative(retriever: Retriever, config: Config) -> Answerer:
    from .generative import GenerativeAnswerer

    return GenerativeAnswerer.from_config(retriever, config)


# name -> factory(retriever, config). A backend named "kind:model" registers under "kind".
def _top_sentence(retriever: Retriever, config: Config) -> Answerer:
    from .extractive import TopSentenceAnswerer

    return TopSentenceAnswerer(retriever)


ANSWERERS: dict[str, Callable[[Retriever, Config], Answerer]] = {
    "extractive": _extractive, "top-sentence": _top_sentence,
    "ollama": _generative, "openai": _generative, "smollm": _generative,
}


def get_answerer(name: str, retriever: Retriever, config: Config) -> Answerer:
    kind = name.split(":", 1)[0]
    if kind not in ANSWERERS:
        raise BackendError(f"Unknown answerer {name!r}; choose one of: {', '.join(sorted(ANSWERERS))}.")
    return ANSWERERS[kind](retriever, config)


def answer(
    question: str,
    *,
    history: list[tuple[str, str]] | list[list[str]] | None = None,
    k: int | None = None,
    retrieval: str = "hybrid",
    config: Config | None = None,
    on_token: Callable[[str], None] | None = None,
    **settings,
) -> Answer:
    """A short answer to `question` whose every sentence cites the span supporting it.

    `history` holds earlier (question, answer) turns; a follow-up is read in their light.
    `on_token` receives a language model's raw text as it is generated (the returned answer is
    the verified one); the extractive answerer generates nothing and never calls it.
    `settings` override configuration fields (e.g. `index_dir=`, `llm=`).
    """
    started = time.perf_counter()
    config = (config or Config.load()).with_(**settings)
    text = check_question(question, config)
    turns = [(str(q), str(a)) for q, a in (history or [])]
    retriever = open_retriever(config)
    answerer = get_answerer(config.llm, retriever, config)
    retrieved_at = time.perf_counter()
    parts, notes = [], {}
    compound = split_compound(text)
    for i, part in enumerate(compound):
        parsed = _resolve(answerer, part, turns, notes)
        passages = retriever.search(parsed.resolved, k or config.top_k, retrieval)
        answered_at = time.perf_counter()
        if on_token is not None and getattr(answerer, "streams", False):
            parts.append(answerer.answer(parsed, passages, on_token=on_token))  # type: ignore[call-arg]
        else:
            parts.append(answerer.answer(parsed, passages))
        following = compound[i + 1] if i + 1 < len(compound) else ""
        turns = turns + [(part if following and not analyze(following).focus else _subject(part), "")]
    result = parts[0] if len(parts) == 1 else merge_answers(text, parts)
    result.meta.update(notes)
    done = time.perf_counter()
    result.timings = {
        "retrieve_ms": round((answered_at - retrieved_at) * 1000, 2),
        "answer_ms": round((done - answered_at) * 1000, 2),
        "total_ms": round((done - started) * 1000, 2),
    }
    result.meta.setdefault("answerer", config.llm)
    result.meta.setdefault("retrieval", retrieval)
    if parsed.resolved != parsed.text:
        result.meta["resolved_question"] = parsed.resolved
    return result


def _resolve(answerer: Answerer, question: str, turns: list[tuple[str, str]], notes: dict[str, Any]) -> Question:
    """The question as `analyze` reads it. With history, an answerer that can `condense` rewrites
    it to stand alone, and that is what is analysed and searched for; when the rewrite fails,
    the rule-based reading of the follow-up is used."""
    condense = getattr(answerer, "condense", None)
    if not turns or condense is None:
        return analyze(question, turns)
    try:
        standalone = condense(question, turns)
    except BackendError as exc:
        notes["condense_failed"] = str(exc)
        return analyze(question, turns)
    notes["condensed_by"] = answerer.name
    return replace(analyze(standalone), text=question, resolved=standalone)


def _subject(part: str) -> str:
    """What the next part of a compound question refers back to: the names of this part
    ("Soleimani" in "When was Soleimani born, and when was he killed?"), not what it asked
    ("born"), nor its answer; the part itself when it names nothing. (A next part that asks
    nothing of its own, "..., and in which year?", refers back to the whole part.)"""
    found = [v.surface for v in names(part)]
    return " ".join(dict.fromkeys(found)) or part


# Where one cited sentence of an answer ends and the next begins: "... plant. [1] The motion ..."
# (not inside a list of values: "212 [1]; 116 [2]").
_CITED_SENTENCE_END = re.compile(r"(?<=\])\s+(?=[^\s\[;,.])")


def merge_answers(question: str, parts: list[Answer]) -> Answer:
    """One answer from the answers to the parts of a compound question, citations renumbered."""
    merged = Answer(question, "", abstained=all(p.abstained for p in parts))
    texts = []
    for part in parts:
        numbers = {}
        for c in part.citations:
            same = next((m for m in merged.citations if (m.source, m.start, m.end) == (c.source, c.start, c.end)), None)
            if same is None:
                same = replace(c, n=len(merged.citations) + 1)
                merged.citations.append(same)
            numbers[c.n] = same.n
        text = _CITE.sub(lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", part.text)
        # A sentence (with its citations) that an earlier part already said is said once.
        said = {sentence for earlier in texts for sentence in _CITED_SENTENCE_END.split(earlier)}
        text = " ".join(s for s in _CITED_SENTENCE_END.split(text) if s not in said)
        if text:
            texts.append(text)
        for conflict in part.conflicts:
            values = [replace(v, citations=[numbers.get(n, n) for n in v.citations]) for v in conflict.values]
            merged.conflicts.append(replace(conflict, values=values))
        merged.verification.extend(replace(v, cited=[numbers[n] for n in v.cited]) for v in part.verification)
        merged.passages.extend(p for p in part.passages if p not in merged.passages)
    merged.text = " ".join(texts)
    return merged
