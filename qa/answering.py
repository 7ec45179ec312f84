"""`qa.answer`: validate the question, resolve follow-ups, retrieve, and hand the passages to
the configured answerer.

Answerers are a name -> factory registry. `extractive` (the default) needs no language model;
generative backends register under their own names and share the same `Answer` result.
"""

from __future__ import annotations

import time
from typing import Callable, Protocol

from .config import Config
from .errors import BackendError
from .questions import Question, analyze, check_question
from .retrieval import Retriever, open_retriever
from .types import Answer, Passage


class Answerer(Protocol):
    name: str

    def answer(self, question: Question, passages: list[Passage]) -> Answer: ...


def _extractive(retriever: Retriever, config: Config) -> Answerer:
    from .extractive import ExtractiveAnswerer

    return ExtractiveAnswerer(retriever)


# name -> factory(retriever, config). A backend named "kind:model" registers under "kind".
ANSWERERS: dict[str, Callable[[Retriever, Config], Answerer]] = {"extractive": _extractive}


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
    **settings,
) -> Answer:
    """A short answer to `question` whose every sentence cites the span supporting it.

    `history` holds earlier (question, answer) turns; a follow-up is read in their light.
    `settings` override configuration fields (e.g. `index_dir=`, `llm=`).
    """
    started = time.perf_counter()
    config = (config or Config.load()).with_(**settings)
    text = check_question(question, config)
    turns = [(str(q), str(a)) for q, a in (history or [])]
    parsed = analyze(text, turns)
    retriever = open_retriever(config)
    retrieved_at = time.perf_counter()
    passages = retriever.search(parsed.resolved, k or config.top_k, retrieval)
    answered_at = time.perf_counter()
    result = get_answerer(config.llm, retriever, config).answer(parsed, passages)
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
