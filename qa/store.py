"""The Chroma store: the only module that talks to chromadb.

Layout, the same on an embedded `PersistentClient` and on a `chroma run` server:
- `<prefix>-meta`: one record, the index header (schema version, generation, embedder,
  chunker parameters);
- `<prefix>-g<N>-sources`: one record per indexed file: its text as indexed and its hash
  (the per-file manifest);
- `<prefix>-g<N>-chunks`: the chunk vectors with source, offsets, file hash and sentence spans.

A file's chunks carry its content hash; a chunk counts only while its hash matches the file's
record. Writing the file record is therefore the atomic switch from a file's old chunks to its
new ones, so a run killed at any point leaves a consistent index behind.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Collection, Iterator
from urllib.parse import urlparse

import numpy as np

from .chunking import Chunk
from .config import Config
from .errors import IndexStateError
from .types import Passage

SCHEMA_VERSION = 1
_PLACEHOLDER = [0.0]  # records kept for their documents only still need a vector in Chroma
_PAGE = 2000


@dataclass
class IndexHeader:
    """Which settings built the index; loading compares them with the configured ones."""

    schema: int
    generation: int
    embedder: str
    dimension: int
    chunk_size: int
    chunk_overlap: int
    tokenizer: str
    splitter: int = 1  # the sentence splitter's version (indexes from before it was recorded: 1)
    revision: int = 0  # bumped by every run that changes the index; caches key on it
    dirty: bool = False  # a run was interrupted; stale chunks may remain to be removed


@dataclass
class Manifest:
    header: IndexHeader
    files: dict[str, str] = field(default_factory=dict)  # source -> sha256


@dataclass
class ChunkRecord:
    """A stored chunk as the retrievers need it."""

    id: str
    source: str
    start: int
    end: int
    text: str
    sentences: list[tuple[int, int]]


def open_client(config: Config, create: bool) -> Any:
    """A Chroma client for `config`: a server when `chroma_url` is set, else the index folder."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if config.chroma_url:
        url = urlparse(config.chroma_url if "://" in config.chroma_url else f"http://{config.chroma_url}")
        try:
            return chromadb.HttpClient(
                host=url.hostname or "localhost", port=url.port or 8000,
                ssl=url.scheme == "https", settings=settings,
            )
        except Exception as exc:
            raise IndexStateError(
                f"Cannot reach the Chroma server at {config.chroma_url} ({exc}); "
                "start it with `chroma run --path DIR --port PORT` or unset QA_CHROMA_URL."
            ) from None
    return chromadb.PersistentClient(path=str(_index_folder(config.index_dir, create)), settings=settings)


def _index_folder(index_dir: Path, create: bool) -> Path:
    marker = index_dir / "chroma.sqlite3"
    if not create and not marker.exists():
        raise IndexStateError(f"No index at {index_dir}; build it with `qa index --index {index_dir}`.")
    if index_dir.is_file():
        raise IndexStateError(f"{index_dir} is a file, not an index folder; pass --index a folder.")
    foreign = [p.name for p in index_dir.iterdir() if not p.name.startswith(".")] if index_dir.is_dir() else []
    if foreign and not marker.exists():
        raise IndexStateError(
            f"{index_dir} holds other files ({', '.join(sorted(foreign)[:3])}) and is not a qa index; "
            "pass --index an empty or new folder."
        )
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexStateError(f"Cannot create the index folder {index_dir} ({exc.strerror}).") from None
    return index_dir


class Store:
    """The index's collections, read and written through plain dataclasses."""

    def __init__(self, config: Config, create: bool = False):
        self.config = config
        self.prefix = config.collection
        try:
            self.client = open_client(config, create)
            self._meta = self.client.get_or_create_collection(f"{self.prefix}-meta", embedding_function=None)
            self._collections: dict[str, Any] = {}
        except IndexStateError:
            raise
        except Exception as exc:
            raise _unusable(config, exc) from None

    # -- the header and the manifest ------------------------------------------------------
    def header(self) -> IndexHeader | None:
        got = self._meta.get(ids=["header"], include=["metadatas"])
        if not got["ids"]:
            return None
        meta = dict(got["metadatas"][0])
        if meta.get("schema") != SCHEMA_VERSION:
            raise IndexStateError(
                f"The index at {self.config.location} has schema version {meta.get('schema')}, "
                f"this qa reads version {SCHEMA_VERSION}; rebuild it with `qa index --rebuild`."
            )
        return IndexHeader(**{k: meta[k] for k in IndexHeader.__dataclass_fields__ if k in meta})

    def write_header(self, header: IndexHeader) -> None:
        self._meta.upsert(ids=["header"], embeddings=[_PLACEHOLDER], metadatas=[asdict(header)], documents=[""])

    def manifest(self) -> Manifest | None:
        header = self.header()
        if header is None:
            return None
        files = {rid: meta["sha256"] for rid, meta in self._paged(self.sources(header.generation), ["metadatas"])}
        return Manifest(header, files)

    # -- collections of one generation -------------------------------------------------------
    def chunks(self, generation: int) -> Any:
        return self._collection(f"{self.prefix}-g{generation}-chunks", {"hnsw": {"space": "cosine"}})

    def sources(self, generation: int) -> Any:
        return self._collection(f"{self.prefix}-g{generation}-sources", None)

    def _collection(self, name: str, configuration: dict | None) -> Any:
        # Looking a collection up is a round trip into chromadb (per question, per committed
        # file); a handle stays valid until drop_generations deletes it, which forgets them all.
        if name not in self._collections:
            self._collections[name] = self.client.get_or_create_collection(
                name, embedding_function=None, **({"configuration": configuration} if configuration else {}),
            )
        return self._collections[name]

    def drop_generations(self, keep: int | None) -> None:
        """Delete every generation's collections but `keep` (leftovers of an interrupted rebuild)."""
        self._collections.clear()
        for name in self._collection_names():
            if name.startswith(f"{self.prefix}-g") and not name.startswith(f"{self.prefix}-g{keep}-"):
                self.client.delete_collection(name)

    def _collection_names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self.client.list_collections()]

    # -- writing -----------------------------------------------------------------------------
    def add_chunks(self, generation: int, chunks: list[Chunk], file_shas: dict[str, str], vectors: Any) -> None:
        self.chunks(generation).upsert(
            ids=[c.id for c in chunks],
            embeddings=vectors,
            documents=[c.text for c in chunks],
            metadatas=[_chunk_metadata(c, file_shas[c.source]) for c in chunks],
        )

    def commit_files(self, generation: int, files: list[tuple[str, str, str, int]]) -> None:
        """Record each (source, text, sha, chunk count): from now on the chunks of `source` with
        hash `sha` are its live ones. One write for all of them."""
        if files:
            self.sources(generation).upsert(
                ids=[f[0] for f in files], embeddings=[_PLACEHOLDER] * len(files), documents=[f[1] for f in files],
                metadatas=[{"sha256": f[2], "chunks": f[3]} for f in files],
            )

    def forget_file(self, generation: int, source: str) -> None:
        self.sources(generation).delete(ids=[source])

    def remove_stale_chunks(self, generation: int, files: dict[str, str]) -> int:
        """Delete chunks whose file is gone or whose hash is no longer the file's; return how many."""
        stale = [
            rid for rid, meta in self._paged(self.chunks(generation), ["metadatas"])
            if files.get(meta["source"]) != meta["file_sha"]
        ]
        collection = self.chunks(generation)
        for i in range(0, len(stale), _PAGE):
            collection.delete(ids=stale[i:i + _PAGE])
        return len(stale)

    # -- reading -----------------------------------------------------------------------------
    def count_chunks(self, generation: int) -> int:
        return self.chunks(generation).count()

    def live_chunks(self, manifest: Manifest) -> list[ChunkRecord]:
        """Every chunk that belongs to the current version of its file, in a stable order."""
        records = [
            _record(rid, doc, meta)
            for rid, meta, doc in self._paged(self.chunks(manifest.header.generation), ["metadatas", "documents"])
            if manifest.files.get(meta["source"]) == meta["file_sha"]
        ]
        return sorted(records, key=lambda r: (r.source, r.start, r.id))

    def query(self, manifest: Manifest, vector: list[float], k: int, live: Collection[str]) -> list[tuple[str, float]]:
        """The ids of the `k` nearest live chunks to `vector`, with cosine similarity. The caller
        says which chunk ids are live: the query then reads no stored documents or metadata
        (three to seven times faster at 50k chunks)."""
        if not live:
            return []
        found = self.chunks(manifest.header.generation).query(
            query_embeddings=[vector], n_results=min(len(live), k + 8), include=["distances"],
        )
        return [(rid, 1.0 - float(dist)) for rid, dist in zip(found["ids"][0], found["distances"][0]) if rid in live][:k]

    def similarities(self, manifest: Manifest, ids: list[str], vector: Any) -> dict[str, float]:
        """Cosine similarity of `vector` to the stored vectors of the chunks `ids`."""
        if not ids:
            return {}
        got = self.chunks(manifest.header.generation).get(ids=ids, include=["embeddings"])
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        return dict(zip(got["ids"], (matrix @ np.asarray(vector, dtype=np.float32)).tolist()))

    def source_text(self, manifest: Manifest, source: str) -> str:
        text = self.source_texts_of(manifest, [source]).get(source)
        if text is None:
            raise IndexStateError(f"{source!r} is not in the index at {self.config.location}.")
        return text

    def source_texts_of(self, manifest: Manifest, sources: list[str]) -> dict[str, str]:
        """The texts of the files `sources` (those in the index), in one read."""
        got = self.sources(manifest.header.generation).get(ids=sources, include=["documents"])
        return dict(zip(got["ids"], got["documents"]))

    def source_texts(self, manifest: Manifest) -> dict[str, str]:
        return dict(
            (rid, doc) for rid, _, doc in self._paged(self.sources(manifest.header.generation), ["metadatas", "documents"])
        )

    def _paged(self, collection: Any, include: list[str]) -> Iterator[tuple]:
        offset = 0
        while True:
            page = collection.get(include=include, limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            columns = [page[name] for name in include]
            yield from zip(page["ids"], *columns)
            offset += len(page["ids"])


def _chunk_metadata(chunk: Chunk, file_sha: str) -> dict[str, Any]:
    return {
        "source": chunk.source, "start": chunk.start, "end": chunk.end, "file_sha": file_sha,
        "sentences": json.dumps(chunk.sentences),
    }


def _record(rid: str, doc: str, meta: dict[str, Any]) -> ChunkRecord:
    sentences = [tuple(span) for span in json.loads(meta.get("sentences") or "[]")]
    return ChunkRecord(rid, meta["source"], int(meta["start"]), int(meta["end"]), doc, sentences)


def to_passage(record: ChunkRecord, score: float) -> Passage:
    return Passage(record.source, record.start, record.end, record.text, round(float(score), 6), record.id)


def _unusable(config: Config, exc: Exception) -> IndexStateError:
    text = f"{type(exc).__name__}: {exc}"
    if "readonly" in text.lower() or "read-only" in text.lower() or "permission" in text.lower():
        return IndexStateError(
            f"The index at {config.location} is read-only ({text}); make the folder writable or "
            "point --index at a writable copy."
        )
    if config.chroma_url:
        return IndexStateError(
            f"Cannot use the Chroma server at {config.chroma_url} ({text}); check that `chroma run` "
            "is up on that address, or unset QA_CHROMA_URL to use the embedded index."
        )
    return IndexStateError(
        f"The index at {config.location} is unreadable ({text}); delete the folder and run "
        "`qa index` to rebuild it."
    )
