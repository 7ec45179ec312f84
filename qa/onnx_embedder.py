"""all-MiniLM-L6-v2 on ONNX Runtime: the sentence-transformers vectors without importing torch.

Importing sentence-transformers (and so torch) costs several seconds, which a `qa ask` would
pay on every start. The bundled model is therefore exported to ONNX once, with torch, into a
cache folder (written atomically); from then on a process needs only onnxruntime and
tokenizers, both installed with chromadb. The vectors are the same as sentence-transformers'
(mean pooling over the attention mask, then L2 normalisation); tests check cosine >= 0.999.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .errors import BackendError

EXPORT_VERSION = 1  # bump when the export changes, so cached models are re-exported
OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def cache_dir() -> Path:
    """Where exported models are kept: `QA_CACHE_DIR`, else `$XDG_CACHE_HOME/qa`, else ~/.cache/qa."""
    if os.environ.get("QA_CACHE_DIR"):
        return Path(os.environ["QA_CACHE_DIR"]).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qa"


def onnx_path(model_dir: Path, folder: Path | None = None) -> Path:
    """The cached ONNX file for the model in `model_dir`, named by what determines its content."""
    key = hashlib.sha256()
    for name in ("config.json", "tokenizer.json"):
        key.update((model_dir / name).read_bytes())
    key.update(str((model_dir / "model.safetensors").stat().st_size).encode())
    key.update(f"export-v{EXPORT_VERSION}-opset{OPSET}".encode())
    return (folder or cache_dir()) / f"{model_dir.name}-{key.hexdigest()[:16]}.onnx"


def export_onnx(model_dir: Path, target: Path) -> Path:
    """Export the transformer in `model_dir` to `target` (its last hidden state); needs torch and onnx."""
    for name, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_VERBOSITY", "error"), ("HF_HUB_DISABLE_PROGRESS_BARS", "1")):
        os.environ.setdefault(name, value)
    try:
        import onnx  # noqa: F401  (torch.onnx needs it to write the file)
        import torch
        from transformers import AutoModel
    except ImportError:
        raise BackendError(
            "Exporting the embedder to ONNX needs torch, transformers and onnx once: "
            "pip install onnx sentence-transformers (or set QA_EMBEDDER=minilm-torch)."
        ) from None
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    sample = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes about shapes the dynamic axes cover
            torch.onnx.export(
                _last_hidden_state(model), (sample, sample, torch.zeros_like(sample)), tmp,
                input_names=list(_INPUTS), output_names=["last_hidden_state"],
                dynamic_axes=axes, opset_version=OPSET, dynamo=False,
            )
        os.replace(tmp, target)  # a reader sees no file or the whole file, never half of one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _last_hidden_state(model: Any) -> Any:
    import torch

    class Wrapper(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    return Wrapper()


@dataclass
class OnnxEmbedder:
    """Unit-length sentence vectors from an ONNX transformer, mean-pooled like sentence-transformers."""

    name: str
    dimension: int
    session: Any
    tokenizer: Any

    def embed(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self.embed_with_words(texts, batch_size)[0]

    def embed_with_words(self, texts: Sequence[str], batch_size: int = 32,
                         words: bool = False) -> tuple[np.ndarray, list[list[tuple[int, int, np.ndarray]]]]:
        """Sentence vectors and, with `words`, each text's words in context (see word_vectors),
        both from one run of the model."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        in_context: list[list[tuple[int, int, np.ndarray]]] = [[] for _ in texts]
        if not texts:
            return out, in_context
        encoded = self.tokenizer.encode_batch(texts)  # padded to the longest; each run is cut to its own
        lengths = [sum(e.attention_mask) for e in encoded]
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        for first, last in batches([lengths[i] for i in order], batch_size):
            rows = order[first:last]
            out[rows], found = self._embed_batch([encoded[j] for j in rows], lengths[rows[-1]], words)
            for j, w in zip(rows, found):
                in_context[j] = w
        return out, in_context

    def _embed_batch(self, encoded: list[Any], width: int, words: bool = False) -> tuple[np.ndarray, list]:
        ids = np.array([e.ids[:width] for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask[:width] for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        vectors = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return vectors, [_words(e, h) for e, h in zip(encoded, hidden)] if words else [[] for _ in encoded]

    def word_pieces(self, word: str) -> int:
        """How many word pieces the tokenizer cuts `word` into ("alleged" 1, "allege" 2)."""
        return len(self.tokenizer.encode(word, add_special_tokens=False).ids)

    def word_vectors(self, text: str) -> list[tuple[int, int, np.ndarray]]:
        """Each word of `text` in context: its character span and the unit mean of its word
        pieces' last hidden states (the vectors the sentence vector is pooled from)."""
        return self.embed_with_words([text], words=True)[1][0]


RUN_TOKENS = 12  # one more model run costs about as much as this many more tokens (2 CPU cores)


def batches(lengths: Sequence[int], most: int) -> list[tuple[int, int]]:
    """Cut texts of ascending token `lengths` into runs of at most `most`, each padded to its
    longest, so that padding and the runs' own overhead cost the fewest token-equivalents:
    ten short sentences and two long ones are two runs, not one padded to the longest."""
    best = [0.0] + [float("inf")] * len(lengths)
    cut = [0] * (len(lengths) + 1)
    for end in range(1, len(lengths) + 1):
        for start in range(max(0, end - most), end):
            cost = best[start] + (end - start) * lengths[end - 1] + RUN_TOKENS
            if cost < best[end]:
                best[end], cut[end] = cost, start
    spans, end = [], len(lengths)
    while end > 0:
        spans.append((cut[end], end))
        end = cut[end]
    return spans[::-1]


def _words(encoded: Any, hidden: np.ndarray) -> list[tuple[int, int, np.ndarray]]:
    """The words of one encoded text with their unit vectors in context (padding has no word).
    A word's pieces are consecutive tokens, so each word is one run of equal word ids."""
    ids = encoded.word_ids
    rows = np.array([i for i, w in enumerate(ids) if w is not None], dtype=np.int64)
    if not len(rows):
        return []
    words = np.array([ids[i] for i in rows])
    starts = np.flatnonzero(np.r_[True, words[1:] != words[:-1]])
    ends = np.r_[starts[1:], len(rows)]
    means = np.add.reduceat(hidden[rows], starts, axis=0) / (ends - starts)[:, None]
    means /= np.clip(np.linalg.norm(means, axis=1, keepdims=True), 1e-12, None)
    offsets = encoded.offsets
    return [(offsets[rows[a]][0], offsets[rows[b - 1]][1], means[k]) for k, (a, b) in enumerate(zip(starts, ends))]


def load_onnx_embedder(name: str, model_dir: Path, folder: Path | None = None) -> OnnxEmbedder:
    """An OnnxEmbedder for the sentence-transformers folder `model_dir`, exporting it on first use."""
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError:
        raise BackendError("The ONNX embedder needs onnxruntime and tokenizers: pip install onnxruntime tokenizers") from None
    path = onnx_path(model_dir, folder)
    if not path.exists():
        try:
            export_onnx(model_dir, path)
        except OSError as exc:
            raise BackendError(
                f"Cannot write the ONNX model to {path.parent} ({exc.strerror}); set QA_CACHE_DIR "
                "to a writable folder."
            ) from None
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=_max_length(model_dir))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    dimension = json.loads((model_dir / "config.json").read_text())["hidden_size"]
    return OnnxEmbedder(name, int(dimension), session, tokenizer)


def _max_length(model_dir: Path) -> int:
    """sentence-transformers' truncation length for this model (its `max_seq_length`)."""
    config = model_dir / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text()).get("max_seq_length", 256))
    return 256
