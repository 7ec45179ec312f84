"""Hostile input never crashes `qa.answer` or `qa.search`.

Hypothesis feeds random Unicode, control characters, very long, empty and word-salad strings
(as questions and as conversation history) to the real library over a real index of the seed
corpus. Every call must end in an answer, an abstention or a clear `QAError`; an answer's
citations must quote the source file exactly.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qa
from qa.config import Config
from qa.types import Answer, Passage

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CHECKS = settings(max_examples=25, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VOCABULARY = [
    "bomber", "Bozrov", "killed", "Kerman", "funeral", "Soleimani", "2024", "how", "many", "who",
    "when", "where", "why", "the", "of", "?", "Islamic", "State", "Raisi", "?!", "'s", "—",
]
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
controls = st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), max_size=80)
long_text = st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=12), st.integers(200, 3000))
word_salad = st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=8), max_size=30).map(" ".join)
questions = any_text | controls | long_text | word_salad | st.just("") | st.just("   \n\t ")
# Questions of every asked-for kind that name little or nothing: "How many were there?"
OPENERS = ["How many", "How much", "When", "What time", "In what year", "On what date", "Where", "Who", "Which",
           "Why", "What", "How", "Since when", "Which anniversary", "What was the name of the", "And"]
FILLERS = ["were", "was", "there", "it", "they", "the", "did", "happen", "of", "that", "called", "one", "their",
           "he", "this", "is", "so", "many", "name", "2024", "Kerman"]
sparse_questions = st.builds(lambda opener, rest, mark: " ".join([opener, *rest]) + mark, st.sampled_from(OPENERS),
                             st.lists(st.sampled_from(FILLERS), max_size=4), st.sampled_from(["?", "", " ?"]))
history = st.lists(st.tuples(any_text | word_salad, any_text | word_salad), max_size=3)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Config:
    root = tmp_path_factory.mktemp("robust")
    config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
    shutil.copytree(SEEDS, config.corpus_dir)
    qa.build_index(config=config)
    return config


def check_answer(result: Answer, config: Config) -> None:
    assert isinstance(result, Answer)
    assert result.text.strip(), "an answer or an abstention always says something"
    assert isinstance(result.abstained, bool)
    for c in result.citations:
        source = (config.corpus_dir / c.source).read_text(encoding="utf-8")
        assert source[c.start:c.end] == c.quote


@CHECKS
@given(question=questions)
def test_answer_survives_any_question(config: Config, question: str) -> None:
    try:
        result = qa.answer(question, config=config)
    except qa.QAError as exc:
        assert str(exc).strip()
        return
    check_answer(result, config)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(question=sparse_questions)
def test_questions_naming_little_get_an_answer_or_an_abstention(config: Config, question: str) -> None:
    # Each kind of question reaches the answerer's typed paths with few or no words to go on.
    check_answer(qa.answer(question, config=config), config)


@CHECKS
@given(question=word_salad | any_text, turns=history)
def test_answer_survives_any_history(config: Config, question: str, turns: list[tuple[str, str]]) -> None:
    try:
        result = qa.answer(question, history=turns, config=config)
    except qa.QAError as exc:
        assert str(exc).strip()
        return
    check_answer(result, config)


@CHECKS
@given(query=questions, k=st.integers(1, 40), mode=st.sampled_from(["hybrid", "bm25", "dense", "rerank"]))
def test_search_survives_any_query(config: Config, query: str, k: int, mode: str) -> None:
    try:
        passages = qa.search(query, k, mode=mode, config=config)
    except qa.QAError as exc:
        assert str(exc).strip()
        return
    assert len(passages) <= k
    for p in passages:
        assert isinstance(p, Passage)
        assert (config.corpus_dir / p.source).read_text(encoding="utf-8")[p.start:p.end] == p.text


@pytest.mark.parametrize("question", ["", " ", "\x00", "\u200b\u200b", "?" * 5000, "bomber " * 400])
def test_empty_and_oversized_questions_are_clear_errors(config: Config, question: str) -> None:
    with pytest.raises(qa.InputError) as caught:
        qa.answer(question, config=config)
    assert "question" in str(caught.value).lower()


def test_threads_racing_to_open_an_index_all_get_answers(config: Config, tmp_path: Path) -> None:
    # A fresh copy is a path no thread has opened yet: the chat page's first concurrent questions.
    copy = config.with_(index_dir=tmp_path / "index")
    shutil.copytree(config.index_dir, copy.index_dir)
    questions = ["How old was the bomber with the surname Bozrov?", "Who ordered that strike?",
                 "Where was the mass funeral held?", "What happened in Kerman?"] * 2

    def ask(question: str) -> str:
        try:
            return "answer" if qa.answer(question, config=copy).text else "empty"
        except Exception as exc:  # any failure is what this test reports
            return f"{type(exc).__name__}: {exc}"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(ask, questions))
    assert outcomes == ["answer"] * len(questions)


@given(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.5]) | st.floats(0, 10), max_size=300), st.integers(1, 50))
def test_top_indices_are_a_stable_sort_cut_short(values: list[float], k: int) -> None:
    import numpy as np

    from qa.retrieval import top_indices

    scores = np.asarray(values, dtype=np.float32)
    assert top_indices(scores, k).tolist() == np.argsort(-scores, kind="stable")[:k].tolist()
