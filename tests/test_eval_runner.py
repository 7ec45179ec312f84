"""`run_eval` end to end on a tiny corpus: the real index, the real `qa.answer`, the four reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.config import Config
from qa.evaluation import load_questions, run_eval

DOCS = {
    "010_harbour.txt": (
        "The Lindqvist harbour bridge opened on 4 May 1931. Its chief engineer was Mara Olofsson. "
        "The bridge carries two railway tracks and a road for cars."
    ),
    "020_museum.txt": (
        "The Tallberg museum displays the ship Sjofrun, which sank in 1702. "
        "The museum was founded by Henrik Dahl in 1960 and receives about 300000 visitors a year."
    ),
}
QUESTIONS = [
    {"id": "bridge-engineer", "type": "fact", "question": "Who was the chief engineer of the harbour bridge?",
     "answers": ["Mara Olofsson"], "sources": ["010"]},
    {"id": "museum-founder", "type": "fact", "question": "Who founded the Tallberg museum?",
     "answers": ["Henrik Dahl"], "sources": ["020"]},
    {"id": "bridge-toll", "type": "unanswerable", "question": "How much is the toll for crossing the bridge?", "answers": []},
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    (root / "corpus").mkdir()
    for name, text in DOCS.items():
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    (root / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    return root


def test_run_eval_writes_reports_for_every_system(tiny):
    gates = {"schema_version": 1, "min": {"citation_validity": 1.0, "questions": 4}}
    result = run_eval(tiny / "questions.jsonl", tiny / "corpus", tiny / "index", tiny / "out",
                      config=Config(), compare=True, gates=gates, progress=False)
    assert list(result.runs) == ["qa", "bm25-top-sentence", "bm25", "dense", "rerank"]
    assert result.gate_failures == ["questions = 3 is below the minimum 4"]
    rows = [json.loads(line) for line in (tiny / "out" / "answers.jsonl").read_text().splitlines()]
    assert [(r["system"], r["id"]) for r in rows] == [(s, q["id"]) for s in result.runs for q in QUESTIONS]
    for row in rows:
        for c in row["citations"]:
            assert DOCS[c["source"]][c["start"]:c["end"]] == c["quote"]
    metrics = json.loads((tiny / "out" / "metrics.json").read_text())
    assert metrics["schema_version"] == 1 and metrics["primary"] == "qa"
    assert metrics["params"]["questions"] == 3 and metrics["params"]["config"]["corpus_dir"] == str(tiny / "corpus")
    qa_metrics = metrics["systems"]["qa"]["metrics"]
    assert qa_metrics == result.metrics
    assert qa_metrics["hit_at_k"] == 1.0
    assert set(metrics["systems"]["qa"]["by_type"]) == {"fact", "unanswerable"}
    report = (tiny / "out" / "report.md").read_text()
    assert "| metric | qa | bm25-top-sentence | bm25 | dense | rerank |" in report and "FAIL: questions = 3" in report
    failed = [r["id"] for r in rows if r["system"] == "qa" and not r["passed"]]
    assert all(f"### {qid} (" in report for qid in failed)
    assert (tiny / "out" / "eval.png").stat().st_size > 1000


def test_run_eval_uses_a_given_answer_function(tiny):
    seen = []

    def always_abstain(question, history):
        seen.append(question)
        return {"question": question, "text": "The documents don't say.", "abstained": True}

    result = run_eval(tiny / "questions.jsonl", tiny / "corpus", tiny / "index", tiny / "out2",
                      config=Config(), answer_fn=always_abstain, progress=False)
    assert seen[1:] == [q.question for q in load_questions(tiny / "questions.jsonl")]
    m = result.metrics
    assert (m["accuracy"], m["false_refusal_rate"], m["abstention_rate"], m["citation_validity"]) == (0.0, 1.0, 1.0, 0.0)


def test_questions_written_for_another_corpus_are_scored_as_unanswerable(tiny, tmp_path):
    other = tmp_path / "other.jsonl"
    other.write_text("".join(json.dumps(q) + "\n" for q in [
        {"id": "ferry-toll", "type": "conflict", "question": "How many people died when the ferry capsized?",
         "answers": ["12", "27"], "all_of": ["12", "27"], "sources": ["000"]},
        {"id": "museum-founder", "type": "fact", "question": "Who founded the Tallberg museum?",
         "answers": ["Henrik Dahl"], "sources": ["020"]},
    ]), encoding="utf-8")
    result = run_eval(other, tiny / "corpus", tiny / "index", tmp_path / "out", config=Config(), progress=False,
                      off_corpus=True)
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "out" / "answers.jsonl").read_text().splitlines())}
    assert rows["ferry-toll"]["abstained"] and rows["ferry-toll"]["passed"]
    # A question the corpus does answer is answered, and so counts against abstention.
    assert not rows["museum-founder"]["abstained"] and not rows["museum-founder"]["passed"]
    assert result.metrics["abstention_rate"] == 0.5 and result.metrics["questions"] == 2
    assert json.loads((tmp_path / "out" / "metrics.json").read_text())["params"]["off_corpus"] is True
