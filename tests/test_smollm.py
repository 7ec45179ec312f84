"""SmolLM2-135M-Instruct, a real small model run offline, answering over the seed corpus.

A model this small states wrong numbers and invents details; these tests check that what
reaches the reader is only what the passages state. Slow (a minute or more per question on
two cores) and skipped unless the `smollm` extra is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import qa
from qa.config import Config
from qa.entities import numbers
from qa.errors import BackendError
from qa.generative import GenerativeAnswerer, build_prompt
from qa.llm import reply_tokens, smollm_file
from qa.questions import analyze
from qa.retrieval import open_retriever
from qa.verify import verify

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KILLED = "How many people were killed?"
WEATHER = "What was the weather in Kerman on the day of the attack?"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    pytest.importorskip("gguf")
    pytest.importorskip("accelerate")
    try:
        smollm_file()
    except BackendError as exc:
        pytest.skip(str(exc))
    config = Config(corpus_dir=SEEDS, index_dir=tmp_path_factory.mktemp("smollm") / "index",
                    llm="smollm", llm_timeout=600.0)
    qa.build_index(config=config)
    return config


def raw_reply(config: Config, question: str) -> tuple[str, list]:
    """What SmolLM says to `question` before verification, and the passages it was shown."""
    answerer = GenerativeAnswerer.from_config(open_retriever(config), config)
    parsed = analyze(question)
    passages = answerer.retriever.search(parsed.resolved, config.top_k)
    prompt = build_prompt(parsed.resolved, passages, config.context_window, reply_tokens(config))
    return answerer.llm.chat(prompt.messages).text, prompt.passages


def test_every_number_smollm_gets_past_verification_is_in_its_citations(config):
    pieces: list[str] = []
    answer = qa.answer(KILLED, config=config, on_token=pieces.append)
    assert "".join(pieces) == answer.meta["generated_text"]
    quotes = {c.n: c.quote for c in answer.citations}
    for verdict in answer.verification:
        if verdict.verdict == "removed":
            continue
        cited = " ".join(quotes[n] for n in verdict.cited)
        for value in numbers(re.sub(r"\[\d+\]", "", verdict.sentence)):
            assert value.normal in {v.normal for v in numbers(cited)}, verdict
    assert not re.search(r"\b284\b[^.]*\bkilled|\bkilled\b[^.]*\b284\b", answer.text.split("The sources disagree")[0])


def test_invented_weather_never_reaches_the_reader(config):
    answer = qa.answer(WEATHER, config=config)
    assert answer.abstained
    text, passages = raw_reply(config, WEATHER)
    kept = [c for c in verify(text, passages, question_terms=analyze(WEATHER).focus) if c.kept]
    assert not any(re.search(r"weather|sunny|rain|cloud|degrees|cold|hot|warm", c.claim, re.I) for c in kept), kept
