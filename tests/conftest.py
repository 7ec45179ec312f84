"""Fixtures shared by the indexing tests: the seed corpus, one seed index per session, a way to
look inside a built index, and a deterministic fake embedder registered through the real registry.

Everything else is real: Chroma in a temporary folder and the bundled MiniLM, which
`get_embedder`'s cache loads once per test session.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pytest

import qa
from qa.config import Config
from qa.embeddings import EMBEDDERS
from qa.store import Manifest, Store
from qa.text import words
from qa.types import IndexReport

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@dataclass
class BuiltIndex:
    config: Config
    report: IndexReport


@dataclass
class StoredIndex:
    """What an index holds: its manifest, each file's text as indexed, and every chunk row
    (live or not) as `(id, metadata, text)`."""

    manifest: Manifest
    texts: dict[str, str]
    rows: list[tuple[str, dict, str]]

    @property
    def live_rows(self) -> list[tuple[str, dict, str]]:
        return [r for r in self.rows if self.manifest.files.get(r[1]["source"]) == r[1]["file_sha"]]


def _read_index(config: Config) -> StoredIndex:
    store = Store(config)
    manifest = store.manifest()
    assert manifest is not None, f"no index at {config.location}"
    chunks = store.chunks(manifest.header.generation).get(include=["metadatas", "documents"])
    rows = list(zip(chunks["ids"], chunks["metadatas"], chunks["documents"]))
    return StoredIndex(manifest, store.source_texts(manifest), rows)


@pytest.fixture
def read_index() -> Callable[[Config], StoredIndex]:
    """Read a built index straight from Chroma, bypassing the retrieval caches."""
    return _read_index


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> BuiltIndex:
    """The seed corpus indexed once with the default settings; tests must only read it."""
    config = Config(corpus_dir=SEEDS, index_dir=tmp_path_factory.mktemp("seed-index"))
    return BuiltIndex(config, qa.build_index(config=config))


def _write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture(scope="session")
def write_files() -> Callable[[Path, dict[str, str | bytes]], Path]:
    """Write `{relative path: str or bytes}` under a folder and return the folder."""
    return _write_files


@pytest.fixture
def write_corpus(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write `{relative path: str or bytes}` under tmp_path/corpus and return that folder."""
    return lambda files: _write_files(tmp_path / "corpus", files)


@dataclass
class HashEmbedder:
    """A deterministic stand-in for a model: each word adds one to a hashed coordinate.
    It records every text it is asked to embed."""

    name: str = "fake-hash"
    dimension: int = 16
    embedded: list[str] = field(default_factory=list)

    def embed(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        self.embedded.extend(texts)
        vectors = np.full((len(texts), self.dimension), 1e-3, dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


# One instance: `get_embedder` caches what the registry returns for a name for the whole session.
_FAKE = HashEmbedder()


@pytest.fixture
def fake_embedder(monkeypatch: pytest.MonkeyPatch) -> HashEmbedder:
    """HashEmbedder registered under its own name in the real embedder registry, its record cleared."""
    monkeypatch.setitem(EMBEDDERS, _FAKE.name, lambda: _FAKE)
    _FAKE.embedded.clear()
    return _FAKE
