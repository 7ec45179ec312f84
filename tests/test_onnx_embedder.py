"""The ONNX path of the bundled MiniLM: the same vectors as sentence-transformers, and a query
path that imports neither torch nor sentence-transformers, LlamaIndex or Gradio."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import qa
from qa.config import Config
from qa.embeddings import embedder_id, get_embedder

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
HEAVY = ("torch", "sentence_transformers", "transformers", "llama_index", "gradio", "nltk", "scipy", "sklearn")


def sample_texts() -> list[str]:
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[1]).read_text(encoding="utf-8")
    return [
        "How old was the bomber with the surname Bozrov?", "wounded", "injured", "",
        text[:200], text[1000:1700], text[:6000],  # the last is cut at 256 word pieces by both
        "Ünïcödé — «quotes», emoji 🙂 and \u200b zero width", "x" * 3000,
    ]


def test_onnx_vectors_match_sentence_transformers() -> None:
    onnx, torch = get_embedder("minilm"), get_embedder("minilm-torch")
    assert type(onnx).__name__ == "OnnxEmbedder"
    assert onnx.dimension == torch.dimension == 384
    texts = sample_texts()
    a, b = onnx.embed(texts), torch.embed(texts)
    assert a.shape == b.shape == (len(texts), 384) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(axis=1).min()) >= 0.999


def test_batching_and_order_do_not_change_vectors() -> None:
    embedder = get_embedder("minilm")
    texts = sample_texts()
    whole = embedder.embed(texts, batch_size=64)
    one_by_one = np.stack([embedder.embed([t])[0] for t in texts])
    reversed_ = embedder.embed(texts[::-1], batch_size=3)[::-1]
    assert np.allclose(whole, one_by_one, atol=1e-5)
    assert np.allclose(whole, reversed_, atol=1e-5)


def test_both_paths_record_the_same_embedder_id() -> None:
    assert embedder_id("minilm") == embedder_id("minilm-torch") == "all-MiniLM-L6-v2"


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("onnx")
    shutil.copytree(SEEDS, root / "corpus")
    qa.build_index(config=Config(corpus_dir=root / "corpus", index_dir=root / "index"))
    return root / "index"


def test_ask_imports_no_heavy_library(seeds_index: Path) -> None:
    probe = (
        "import json, sys\n"
        "from qa.cli import main\n"
        "code = main(['ask', 'How old was the bomber with the surname Bozrov?', '--index', sys.argv[1], '--json'])\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
        "print('PROBE', json.dumps({'code': code, 'heavy': heavy}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(seeds_index)], capture_output=True, text=True, timeout=120)
    line = next(line for line in done.stdout.splitlines() if line.startswith("PROBE "))
    result = json.loads(line[len("PROBE "):])
    assert result == {"code": 0, "heavy": []}
    assert '"24-year old' in done.stdout or "24-year old" in done.stdout


def test_word_vectors_give_each_word_its_span_and_a_unit_vector_in_context() -> None:
    embedder = get_embedder("minilm")
    text = "The ferry overturned near Solvenna."
    found = embedder.word_vectors(text)
    assert [text[a:b] for a, b, _ in found] == ["The", "ferry", "overturned", "near", "Solvenna", "."]
    assert all(abs(float(np.linalg.norm(v)) - 1.0) < 1e-5 for _, _, v in found)
    # The same word reads differently in another sentence.
    other = dict((text[a:b], v) for a, b, v in found)["ferry"]
    again = next(v for a, b, v in embedder.word_vectors("A ferry crossed the bay.") if b - a == 5)
    assert float(other @ again) < 0.999


def test_runs_are_cut_where_padding_would_cost_more_than_a_run() -> None:
    from qa.onnx_embedder import batches

    assert batches([6] * 10 + [90] * 2, 32) == [(0, 10), (10, 12)]  # ten short, two long: two runs
    assert batches([30, 31, 32, 33], 32) == [(0, 4)]  # alike: one run
    cut = batches(list(range(1, 101)), 16)
    assert cut[0][0] == 0 and cut[-1][1] == 100 and all(b - a <= 16 for a, b in cut)
    assert all(a2 == b1 for (_, b1), (a2, _) in zip(cut, cut[1:]))
