"""`qa bench` at toy scale: the whole pipeline runs and its report holds every figure.

The smoke run uses `--quick` settings over two seed files, so it takes seconds, not minutes;
the real figures come from `qa bench` itself (see the Performance section of README.md).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.bench import (
    BenchParams, BenchQuestion, evaluate_targets, is_correct, run_benchmark, summarize, synthesize_corpus,
)
from qa.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def quick_result(tmp_path_factory) -> tuple[dict, Path]:
    root = tmp_path_factory.mktemp("bench")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, corpus / path.name)
    out = root / "out"
    params = BenchParams.for_quick(out=out, seeds_dir=corpus, questions=ROOT / "evals" / "seeds.jsonl")
    return run_benchmark(params), out


def test_quick_run_writes_json_markdown_and_plot(quick_result: tuple[dict, Path]) -> None:
    result, out = quick_result
    assert json.loads((out / "bench.json").read_text()) == json.loads(json.dumps(result))
    assert (out / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = (out / "bench.md").read_text()
    assert "| seeds |" in table and "no GPU" in table


def test_quick_run_reports_every_figure(quick_result: tuple[dict, Path]) -> None:
    result, _ = quick_result
    assert result["schema"] == 1 and result["machine"]["cpus"] >= 1
    [row] = result["corpora"]
    assert row["chunks"] > 0 and row["embedder"] == "minilm"
    assert row["raw_embedder"]["chunks_per_s"] > 0
    assert row["index"]["chunks_embedded"] == row["chunks"] and 0 < row["index"]["fraction_of_raw"]
    assert row["reindex_unchanged"]["nothing_to_do"] and row["reindex_unchanged"]["chunks_embedded"] == 0
    for figure in (row["ask"]["search_ms"], row["ask"]["answer_ms"], row["anchor"]["answer_ms"]):
        assert figure["n"] == 8 and 0 < figure["p50"] <= figure["p95"]
    assert row["ask"]["peak_rss_mb"] > 0 and row["index"]["peak_rss_mb"] > 0
    assert row["cold_start_ask"]["median_s"] > 0
    assert row["ask"]["accuracy"]["answerable"] + row["ask"]["accuracy"]["unanswerable"] == 8
    assert set(row["ratios"]) >= {"answer_p50_ours_over_anchor", "accuracy_ours_over_anchor"}
    assert result["web"] == {"available": False, "reason": "skipped (--quick)"}
    assert {t["target"] for t in result["targets"]} >= {"`qa ask` cold start (s)", "peak RSS while answering (MB)"}


def test_synthetic_corpus_is_deterministic_and_sized(tmp_path: Path) -> None:
    a = synthesize_corpus(SEEDS, tmp_path / "a", 400)
    b = synthesize_corpus(SEEDS, tmp_path / "b", 400)
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*.txt"))
    assert files == sorted(p.relative_to(b).as_posix() for p in b.rglob("*.txt"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert len(files) > len(list(SEEDS.glob("*.txt")))
    characters = sum((a / f).stat().st_size for f in files)
    assert 400 * 300 < characters < 400 * 800  # about 450 characters a chunk


def test_scoring_counts_abstention_only_for_unanswerable() -> None:
    fact = BenchQuestion("Who?", "fact", ["Reza Fallah"])
    nothing = BenchQuestion("Who?", "unanswerable", [])
    assert is_correct(fact, "It was reza fallah [1].", abstained=False)
    assert not is_correct(fact, "The documents don't say. Closest: Reza Fallah", abstained=True)
    assert is_correct(nothing, "The documents don't say.", abstained=True)
    assert not is_correct(nothing, "Reza Fallah", abstained=False)
    assert summarize([10.0, 20.0, 30.0])["p50"] == 20.0


def test_targets_are_judged_on_the_right_rows() -> None:
    def row(name: str, chunks: int, p50: float, p95: float, reindex: float) -> dict:
        return {"corpus": name, "chunks": chunks, "ask": {"answer_ms": {"p50": p50, "p95": p95}, "peak_rss_mb": 400.0},
                "index": {"fraction_of_raw": 0.8}, "reindex_unchanged": {"seconds": reindex},
                "cold_start_ask": {"median_s": 2.0}}

    result = {"corpora": [row("seeds", 66, 30, 40, 0.5), row("10k", 10100, 60, 90, 1.5), row("50k", 50200, 70, 200, 4)]}
    verdicts = {t["target"]: t for t in evaluate_targets(result)}
    assert verdicts["warm answer p50 on the seeds (ms)"]["met"] is True
    assert verdicts["warm answer p95 at 50k chunks (ms)"]["value"] == 200
    assert verdicts["warm answer p95 at 50k chunks (ms)"]["met"] is False
    assert verdicts["re-indexing an unchanged 10k-chunk corpus (s)"]["value"] == 1.5


def test_cli_parses_bench_options() -> None:
    args = build_parser().parse_args(["bench", "--out", "x", "--scales", "1000,5000", "--quick"])
    assert (args.out, args.scales, args.quick) == (Path("x"), "1000,5000", True)


def test_sentence_mean_embeds_a_single_sentence_as_minilm_does_and_a_chunk_as_the_mean() -> None:
    import numpy as np

    from qa.bench import SentenceMeanEmbedder, seed_sentences
    from qa.embeddings import get_embedder

    minilm = get_embedder("minilm")
    embedder = SentenceMeanEmbedder(minilm, SEEDS)
    question = "How many people were injured in the U.S. strike on Jan. 3?"
    assert np.allclose(embedder.embed([question]), minilm.embed([question]), atol=1e-5)
    assert not embedder.cache, "a question must not make it embed every seed sentence"
    # Words in context, which the answerer reads at query time, are MiniLM's own.
    ours, theirs = embedder.word_vectors(question), minilm.word_vectors(question)
    assert [(a, b) for a, b, _ in ours] == [(a, b) for a, b, _ in theirs]
    assert all(np.allclose(u, v) for (_, _, u), (_, _, v) in zip(ours, theirs))

    first, second = seed_sentences(SEEDS)[3:5]
    chunk = embedder.embed([f"{first} {second}"])[0]
    mean = minilm.embed([first, second]).mean(axis=0)
    assert np.allclose(chunk, mean / np.linalg.norm(mean), atol=1e-5)
