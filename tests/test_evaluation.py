"""The eval scorer on hand-made answer records, with exact metric values, and question-file checks."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from qa.errors import InputError
from qa.evaluation import (
    EvalQuestion,
    aggregate,
    by_type,
    check_gates,
    load_gates,
    load_questions,
    mentions,
    percentile,
    render_report,
    run_system,
    score,
    source_matches,
    write_outputs,
    EvalResult,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "001_a.txt": "Reza Fallah, the head of the provincial Red Crescent, spoke. At least 84 people were killed.",
    "sub/002_b.txt": "Interior minister Ahmad Vahidi vowed a response. The death toll stands at 95.",
    "003_c.txt": "Unrelated text about the weather.",
}

FACT = EvalQuestion("f1", "Who heads the Red Crescent?", "fact", ("Reza Fallah",), sources=("001",))
CONFLICT = EvalQuestion("c1", "How many died?", "conflict", ("84", "95"), all_of=(("84",), ("95",)), sources=("001", "002"))
MULTI = EvalQuestion("m1", "Who spoke?", "multi", ("Reza Fallah", "Vahidi"), all_of=(("Reza Fallah",), ("Vahidi",)), sources=("001", "002"))
UNANSWERABLE = EvalQuestion("u1", "What was the weather?", "unanswerable", ())


def cite(n: int, source: str, phrase: str) -> dict:
    start = SOURCES[source].index(phrase)
    return {"n": n, "source": source, "start": start, "end": start + len(phrase), "quote": phrase, "score": 1.0}


def passage(source: str) -> dict:
    return {"source": source, "start": 0, "end": 10, "text": SOURCES[source][:10], "score": 0.5, "chunk_id": ""}


def record(text: str, citations=(), abstained: bool = False, passages=()) -> dict:
    return {"question": "q", "text": text, "citations": list(citations), "abstained": abstained,
            "conflicts": [], "passages": list(passages), "timings": {}}


CORRECT = record("The head was Reza Fallah [1].", [cite(1, "001_a.txt", "Reza Fallah")], passages=[passage("001_a.txt")])
WRONG = record("It was Ahmad Vahidi [1].", [cite(1, "sub/002_b.txt", "Ahmad Vahidi")],
               passages=[passage("003_c.txt"), passage("001_a.txt")])
REFUSAL = record("The documents do not say.", abstained=True, passages=[passage("003_c.txt")])
ABSTENTION = record("The documents do not say.", abstained=True, passages=[passage("003_c.txt")])
MISSED_CONFLICT = record("At least 84 people were killed [1].", [cite(1, "001_a.txt", "At least 84 people were killed")],
                         passages=[passage("003_c.txt"), passage("003_c.txt"), passage("sub/002_b.txt")])


# --- matching


@pytest.mark.parametrize("text, expected, found", [
    ("At least 84 people", "84", True),
    ("284 were injured", "84", False),
    ("1984", "84", False),
    ("REZA   fallah said", "Reza Fallah", True),
    ("the ISIS\u2013K branch", "ISIS-K", True),
    ("Soleimani\u2019s family", "Soleimani's family", True),
    ("three paramedics [3]", "3", False),
    ("killed 84[1][2]", "84", True),
    ("anything", "", False),
])
def test_mentions_is_whole_word_case_and_space_insensitive(text, expected, found):
    assert mentions(text, expected) is found


def test_source_matches_file_name_prefix_in_any_folder():
    assert source_matches("sub/002_b.txt", ["002"])
    assert not source_matches("002dir/005_x.txt", ["002"])
    assert source_matches("001_a.txt", ["003", "001"])


# --- scoring single answers


def test_correct_answer_passes_every_check():
    s = score(FACT, CORRECT, SOURCES, latency_ms=12.0)
    assert (s.correct, s.abstained, s.supported, s.source_cited, s.retrieval_rank) == (True, False, True, True, 1)
    assert (s.citations, s.valid_citations, s.words, s.latency_ms) == (1, 1, 5, 12.0)
    assert s.conflict_disclosed is None
    assert s.failures == [] and s.passed


def test_wrong_answer_is_incorrect_and_unsupported():
    s = score(FACT, WRONG, SOURCES)
    assert (s.correct, s.supported, s.source_cited, s.retrieval_rank) == (False, False, False, 2)
    assert s.failures == [
        "none of Reza Fallah is in the answer",
        "cites no file starting with 001",
        "no valid cited quote contains an expected answer",
    ]


def test_false_refusal_is_incorrect_and_support_does_not_apply():
    s = score(FACT, REFUSAL, SOURCES)
    assert (s.correct, s.abstained, s.supported, s.source_cited, s.retrieval_rank) == (False, True, None, None, 0)
    assert s.failures == ["abstained although the corpus answers this"]


def test_abstaining_on_unanswerable_is_correct():
    s = score(UNANSWERABLE, ABSTENTION, SOURCES)
    assert (s.correct, s.retrieval_rank, s.supported, s.failures) == (True, None, None, [])


def test_answering_an_unanswerable_question_fails():
    s = score(UNANSWERABLE, CORRECT, SOURCES)
    assert s.correct is False
    assert s.failures == ["answered although the corpus does not support an answer"]


def test_citation_whose_quote_is_not_the_span_is_invalid_and_gives_no_support():
    bad = dict(cite(1, "001_a.txt", "Reza Fallah"), quote="Reza Fallah, head")
    s = score(FACT, record("Reza Fallah [1].", [bad]), SOURCES)
    assert (s.correct, s.citations, s.valid_citations, s.supported, s.source_cited) == (True, 1, 0, False, False)
    assert s.failures[0] == "invalid citation [1]: quote is not 001_a.txt[0:11]"


@pytest.mark.parametrize("change", [
    {"source": "missing.txt"}, {"start": -1}, {"end": 10_000}, {"start": "0"}, {"end": True}, {"start": 11, "end": 11},
])
def test_citation_with_impossible_span_is_invalid(change):
    bad = dict(cite(1, "001_a.txt", "Reza Fallah"), **change)
    assert score(FACT, record("Reza Fallah [1].", [bad]), SOURCES).valid_citations == 0


def test_missed_conflict_is_accurate_but_not_disclosed():
    s = score(CONFLICT, MISSED_CONFLICT, SOURCES)
    assert (s.correct, s.conflict_disclosed, s.supported, s.source_cited, s.retrieval_rank) == (True, False, True, True, 3)
    assert s.failures == ["conflict not disclosed, missing: 95"]


def test_disclosed_conflict_names_both_values():
    text = "Sources disagree: 84 [1] or 95 [2]."
    cites = [cite(1, "001_a.txt", "At least 84 people were killed"), cite(2, "sub/002_b.txt", "stands at 95")]
    s = score(CONFLICT, record(text, cites), SOURCES)
    assert (s.correct, s.conflict_disclosed, s.failures) == (True, True, [])


def test_cited_wrong_source_is_flagged_even_when_the_text_is_right():
    s = score(FACT, record("Reza Fallah [1].", [cite(1, "sub/002_b.txt", "Ahmad Vahidi")]), SOURCES)
    assert (s.correct, s.source_cited, s.supported) == (True, False, False)


def test_multi_question_needs_every_part():
    half = score(MULTI, record("Reza Fallah spoke [1].", [cite(1, "001_a.txt", "Reza Fallah")]), SOURCES)
    assert half.correct is False
    assert half.failures == ["incomplete, missing: Vahidi"]
    full = score(MULTI, record("Reza Fallah and Ahmad Vahidi [1].", [cite(1, "001_a.txt", "Reza Fallah")]), SOURCES)
    assert full.correct is True


def test_error_record_is_reported():
    s = score(FACT, {"text": "", "error": "Question is too long"}, SOURCES)
    assert s.correct is False
    assert s.failures[0] == "error: Question is too long"


# --- aggregate metrics


def suite_scores():
    return [
        score(FACT, CORRECT, SOURCES, 10.0),           # rank 1
        score(FACT, WRONG, SOURCES, 20.0),             # rank 2
        score(FACT, REFUSAL, SOURCES, 30.0),           # rank 0
        score(UNANSWERABLE, ABSTENTION, SOURCES, 40.0),  # no rank
        score(CONFLICT, MISSED_CONFLICT, SOURCES, 50.0),  # rank 3
    ]


def test_aggregate_exact_values():
    m = aggregate(suite_scores(), k=2)
    assert (m["questions"], m["answerable"], m["unanswerable"]) == (5, 4, 1)
    assert m["accuracy"] == 0.5                     # correct, missed conflict (still accurate)
    assert m["conflict_disclosure"] == 0.0
    assert m["abstention_rate"] == 1.0
    assert m["false_refusal_rate"] == 0.25
    assert m["citation_validity"] == 1.0            # 3 citations, all valid
    assert m["citation_support"] == pytest.approx(2 / 3)  # answered answerable: correct, wrong, conflict
    assert m["expected_source_cited"] == pytest.approx(2 / 3)
    assert m["hit_at_1"] == 0.25
    assert m["hit_at_3"] == 0.75
    assert m["hit_at_k"] == 0.5
    assert m["mrr"] == pytest.approx((1 + 1 / 2 + 0 + 1 / 3) / 4)
    assert m["pass_rate"] == 0.4                    # correct answer and correct abstention
    assert m["answer_words_mean"] == pytest.approx((5 + 4 + 6) / 3)
    assert m["answer_words_median"] == 5.0
    assert m["latency_p50_ms"] == 30.0
    assert m["latency_p95_ms"] == pytest.approx(48.0)


def test_share_removed_by_verification_counts_generated_sentences():
    verdicts = [{"sentence": "a", "cited": [1], "verdict": "supported"},
                {"sentence": "b", "cited": [], "verdict": "removed"},
                {"sentence": "c", "cited": [1], "verdict": "corrected"}]
    generated = dict(CORRECT, verification=verdicts)
    one = score(FACT, generated, SOURCES)
    assert (one.generated_sentences, one.removed_sentences) == (3, 1)
    m = aggregate([one, score(FACT, CORRECT, SOURCES), score(FACT, dict(CORRECT, verification=verdicts[1:2]), SOURCES)])
    assert m["generated_sentences"] == 4
    assert m["removed_by_verification"] == 0.5
    assert aggregate([score(FACT, CORRECT, SOURCES)])["removed_by_verification"] == 0.0


def test_hit_at_k_without_k_counts_any_retrieved_rank():
    assert aggregate(suite_scores())["hit_at_k"] == 0.75


def test_invalid_citations_lower_validity():
    bad = dict(cite(1, "001_a.txt", "Reza Fallah"), quote="nope")
    scores = [score(FACT, CORRECT, SOURCES), score(FACT, record("Reza Fallah [1]", [bad]), SOURCES)]
    assert aggregate(scores)["citation_validity"] == 0.5


def test_empty_sets_give_zero_never_nan():
    m = aggregate([])
    assert all(value == 0 and not math.isnan(value) for value in m.values())
    only_abstentions = aggregate([score(UNANSWERABLE, ABSTENTION, SOURCES)])
    assert (only_abstentions["accuracy"], only_abstentions["citation_validity"], only_abstentions["mrr"]) == (0.0, 0.0, 0.0)


def test_by_type_counts_and_accuracy():
    table = by_type(suite_scores(), k=2)
    assert list(table) == ["fact", "conflict", "unanswerable"]
    assert table["fact"]["n"] == 3 and table["fact"]["accuracy"] == pytest.approx(1 / 3)
    assert table["unanswerable"]["accuracy"] == 1.0
    assert table["conflict"]["conflict_disclosure"] == 0.0


def test_percentile_interpolates_and_handles_empty():
    assert percentile([40, 10, 30, 20], 50) == 25.0
    assert percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)
    assert percentile([7], 95) == 7
    assert percentile([], 50) == 0.0


# --- gates


def test_check_gates_reports_each_metric_outside_its_bound():
    metrics = {"accuracy": 0.5, "false_refusal_rate": 0.3, "mrr": 0.9}
    gates = {"schema_version": 1, "min": {"accuracy": 0.8, "mrr": 0.5}, "max": {"false_refusal_rate": 0.1}}
    assert check_gates(metrics, gates) == [
        "accuracy = 0.5 is below the minimum 0.8",
        "false_refusal_rate = 0.3 is above the maximum 0.1",
    ]
    assert check_gates(metrics, {"min": {"accuracy": 0.5}}) == []


def test_gate_on_unknown_metric_is_an_error():
    with pytest.raises(InputError, match="accuracyy"):
        check_gates({"accuracy": 1.0}, {"min": {"accuracyy": 0.5}})


def test_shipped_gates_name_real_metrics_and_fail_an_empty_run():
    gates = load_gates(ROOT / "evals" / "gates.json")
    failures = check_gates(aggregate([]), gates)
    assert len(failures) == sum(1 for limit in gates["min"].values() if limit > 0)


# --- question file


def write_lines(tmp_path: Path, *rows) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


GOOD = {"id": "a", "type": "fact", "question": "Who?", "answers": ["X"]}


def test_load_questions_parses_every_field(tmp_path):
    row = {"id": "c", "type": "followup", "question": "And then?", "answers": ["84"],
           "all_of": ["84", ["95", "ninety-five"]], "sources": ["001"], "history": [["Q?", "A."]]}
    [q] = load_questions(write_lines(tmp_path, row))
    assert q == EvalQuestion("c", "And then?", "followup", ("84",), (("84",), ("95", "ninety-five")), ("001",), (("Q?", "A."),))


@pytest.mark.parametrize("row, message", [
    ("{not json", r"q.jsonl:2: not valid JSON"),
    ([1, 2], r"q.jsonl:2: expected a JSON object"),
    (dict(GOOD, id="b", type="trivia"), r'q.jsonl:2: "type" must be one of'),
    (dict(GOOD, id="b", answers=[]), r"q.jsonl:2: a fact question needs at least one"),
    (dict(GOOD, id="b", answers="X"), r'q.jsonl:2: "answers" must be a list'),
    ({"id": "b", "type": "fact", "question": "Who?"}, r'q.jsonl:2: "answers" is missing'),
    (dict(GOOD, id="b", type="unanswerable"), r"q.jsonl:2: an unanswerable question must have empty"),
    (dict(GOOD, id="b", type="conflict", all_of=["X"]), r"q.jsonl:2: a conflict question needs at least two"),
    (dict(GOOD, id="b", type="followup"), r'q.jsonl:2: a followup question needs a "history"'),
    (dict(GOOD, id="b", history=[["only one"]]), r'q.jsonl:2: "history" must be a list'),
    (dict(GOOD, id="b", all_of=[[]]), r'q.jsonl:2: "all_of" has an empty list'),
    (dict(GOOD, id="b", source=["001"]), r"q.jsonl:2: unknown key\(s\) source"),
    (dict(GOOD, question=" "), r'q.jsonl:2: "question" must be a non-empty string'),
    (dict(GOOD), r"q.jsonl:2: duplicate id 'a'"),
])
def test_load_questions_names_the_line_and_the_fix(tmp_path, row, message):
    with pytest.raises(InputError, match=message):
        load_questions(write_lines(tmp_path, GOOD, row))


def test_load_questions_rejects_empty_and_missing_files(tmp_path):
    with pytest.raises(InputError, match="holds no questions"):
        load_questions(write_lines(tmp_path, ""))
    with pytest.raises(InputError, match="--questions FILE"):
        load_questions(tmp_path / "absent.jsonl")


def test_seed_questions_cover_every_type_and_match_their_documents():
    questions = load_questions(ROOT / "evals" / "seeds.jsonl")
    counts = Counter(q.type for q in questions)
    assert len(questions) >= 70
    assert counts["fact"] >= 30 and counts["conflict"] >= 12 and counts["unanswerable"] >= 14
    assert counts["multi"] >= 10 and counts["followup"] >= 8
    docs = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    for q in questions:
        named = [text for name, text in docs.items() if source_matches(name, q.sources)]
        assert not q.answerable or named, q.id
        assert not q.answerable or any(mentions(t, a) for t in named for a in q.answers), q.id
        for group in q.all_of:
            assert any(mentions(t, alt) for t in named for alt in group), (q.id, group)


# --- running systems and writing the reports (no index needed)


def test_run_system_and_reports(tmp_path):
    answers = {FACT.question: CORRECT, UNANSWERABLE.question: CORRECT}
    run = run_system("fake", lambda question, history: answers[question], [FACT, UNANSWERABLE], SOURCES, k=6, progress=False)
    assert [s.correct for s in run.scores] == [True, False]
    assert run.metrics["accuracy"] == 1.0 and run.metrics["abstention_rate"] == 0.0
    params = {"questions_path": "q.jsonl", "questions_sha256": "0" * 64, "questions": 2, "k": 6,
              "systems": ["fake"], "config": {"corpus_dir": "c", "llm": "extractive"}, "created_at": "now"}
    result = EvalResult(tmp_path, {"fake": run}, params, gate_failures=["accuracy = 0.5 is below the minimum 0.8"])
    write_outputs(result, [FACT, UNANSWERABLE], {"schema_version": 1, "min": {"accuracy": 0.8}})
    rows = [json.loads(line) for line in (tmp_path / "answers.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["f1", "u1"]
    assert rows[0]["citations"] == [{"source": "001_a.txt", "start": 0, "end": 11, "quote": "Reza Fallah"}]
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["schema_version"] == 1 and metrics["params"]["k"] == 6
    assert metrics["systems"]["fake"]["metrics"]["accuracy"] == 1.0
    assert metrics["gates"]["passed"] is False
    report = (tmp_path / "report.md").read_text()
    assert "### u1 (unanswerable)" in report and "answered although" in report and "FAIL: accuracy" in report
    assert "### f1" not in report
    assert (tmp_path / "eval.png").read_bytes().startswith(b"\x89PNG")
    assert render_report(result, [FACT, UNANSWERABLE], None).count("## Failures: fake") == 1
