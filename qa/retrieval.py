"""Hybrid retrieval: BM25 over chunk terms fused with Chroma's dense neighbours.

BM25 (bm25s) finds the chunks that share the question's rare words; MiniLM finds paraphrases.
Every candidate of either list is scored on both scales and the scaled scores are blended.
The "rerank" mode re-scores the best fused candidates by their best single sentence's
similarity to the query (a chunk's one vector dilutes a one-sentence answer); `qa eval
--compare` measures it against the default, which it does not beat (see the README). The
BM25 index and the chunk records it points at are cached on disk per index revision, so a
fresh process does not refetch them.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from .config import Config
from .errors import IndexStateError, InputError
from .store import ChunkRecord, Manifest, Store, to_passage
from .text import STOPWORDS, term_set, terms, words
from .types import Passage

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import

CANDIDATES = 24  # how deep each ranking is read before fusion
SOURCE_FLOOR = 0.5  # a file's best passage this close to the top one gets a place of its own
PER_SOURCE = 3  # passages from one file in a hybrid top-k while other files have candidates
LEXICAL_WEIGHT = 0.6  # BM25's share of the fused score; it finds the answer chunk more often here
RERANK_DEPTH = 16  # fused candidates the "rerank" mode re-scores
RERANK_WEIGHT = 0.5  # the best sentence's share of a re-scored candidate's score
MODES = ("hybrid", "bm25", "dense", "rerank")
WORD_BATCH = 256  # words are a few tokens each: big batches pad little


@dataclass
class WordVectors:
    """Unit vectors of the corpus's words, embedded once after indexing. The answerer compares
    question words with the words of the retrieved sentences to find paraphrases ("wounded" /
    "injured"); with these stored, a fresh process does not embed hundreds of words per question."""

    rows: dict[str, int]
    matrix: np.ndarray

    @classmethod
    def embed(cls, records: list[ChunkRecord], embedder: str, known: "WordVectors | None" = None) -> "WordVectors":
        """Vectors for every word of `records`; those `known` already has are not embedded again."""
        from .embeddings import get_embedder

        vocabulary = sorted({w for r in records for w in words(r.text) if w not in STOPWORDS and not w.isdigit()})
        old = known.rows if known is not None else {}
        new = [w for w in vocabulary if w not in old]
        fresh = get_embedder(embedder).embed(new, batch_size=WORD_BATCH) if new else None
        if not vocabulary:
            return cls({}, np.zeros((0, 1), dtype=np.float32))
        dimension = (fresh if fresh is not None else known.matrix).shape[1]  # type: ignore[union-attr]
        matrix = np.empty((len(vocabulary), dimension), dtype=np.float32)
        at = {w: i for i, w in enumerate(new)}
        for i, w in enumerate(vocabulary):
            matrix[i] = fresh[at[w]] if w in at else known.matrix[old[w]]  # type: ignore[index,union-attr]
        return cls({w: i for i, w in enumerate(vocabulary)}, matrix)


def top_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """The indices of the `k` highest scores, highest first, ties in index order: what a stable
    full sort gives, found by partitioning (a 50k-chunk sort per query costs milliseconds)."""
    if len(scores) <= k:
        return np.argsort(-scores, kind="stable")
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]
    above = np.flatnonzero(scores > kth)
    chosen = np.concatenate([above, np.flatnonzero(scores == kth)[:k - len(above)]])
    return chosen[np.argsort(-scores[chosen], kind="stable")]


@dataclass
class LexicalIndex:
    """BM25 over the live chunks, with the per-term document frequencies the answerer uses."""

    records: list[ChunkRecord]
    bm25: object
    doc_freq: dict[str, int]
    words: WordVectors | None = None  # present once `refresh_lexical_index` has embedded them

    @property
    def size(self) -> int:
        return len(self.records)

    def idf(self, term: str) -> float:
        return float(np.log(1 + (self.size + 1) / (self.doc_freq.get(term, 0) + 0.5)))

    def scores(self, query_terms: list[str]) -> np.ndarray:
        """The BM25 score of every record for `query_terms`."""
        known = [t for t in query_terms if t in self.doc_freq]
        if not known or not self.records:
            return np.zeros(len(self.records), dtype=np.float32)
        return self.bm25.get_scores(known)  # type: ignore[attr-defined]

    def search(self, query_terms: list[str], k: int) -> list[tuple[int, float]]:
        scores = self.scores(query_terms)
        top = top_indices(scores, k)
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    @classmethod
    def build(cls, records: list[ChunkRecord]) -> "LexicalIndex":
        import bm25s

        corpus = [terms(r.text) for r in records]
        bm25 = bm25s.BM25()
        if corpus:
            bm25.index(corpus, show_progress=False)
        doc_freq: dict[str, int] = {}
        for doc in corpus:
            for term in set(doc):
                doc_freq[term] = doc_freq.get(term, 0) + 1
        return cls(records, bm25, doc_freq)

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.records:
            self.bm25.save(str(tmp / "bm25"))  # type: ignore[attr-defined]
        payload = {"records": [asdict(r) for r in self.records], "doc_freq": self.doc_freq}
        if self.words is not None:
            payload["words"] = list(self.words.rows)
            np.save(tmp / "words.npy", self.words.matrix)
        (tmp / "chunks.json").write_text(json.dumps(payload), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)  # readers see the old cache or the whole new one, never half

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        import bm25s

        payload = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
        records = [ChunkRecord(**{**r, "sentences": [tuple(s) for s in r["sentences"]]}) for r in payload["records"]]
        bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=True) if records else None
        vectors = None
        if "words" in payload and (folder / "words.npy").exists():
            matrix = np.load(folder / "words.npy", mmap_mode="r")  # only the rows asked for are read
            vectors = WordVectors({w: i for i, w in enumerate(payload["words"])}, matrix)
        return cls(records, bm25, payload["doc_freq"], vectors)


def _cache_folder(config: Config, manifest: Manifest) -> Path:
    h = manifest.header
    return config.index_dir / "lexical" / f"{config.collection}-g{h.generation}-r{h.revision}"


def load_lexical(config: Config, store: Store, manifest: Manifest) -> LexicalIndex:
    """The BM25 index for this revision: from the on-disk cache, else built from Chroma and cached."""
    folder = _cache_folder(config, manifest)
    # subtle: a dirty header means a run is under way or died; it may already have switched
    # files to new versions without bumping the revision, so this revision's cache can be stale.
    if not manifest.header.dirty and (folder / "chunks.json").exists():
        try:
            return LexicalIndex.load(folder)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rebuilt from the store below
    lexical = LexicalIndex.build(store.live_chunks(manifest))
    try:
        for old in folder.parent.glob(f"{config.collection}-g*"):
            shutil.rmtree(old, ignore_errors=True)
        lexical.save(folder)
    except OSError:
        pass  # a read-only index still answers; it just rebuilds BM25 in memory each start
    return lexical


def refresh_lexical_index(config: Config) -> None:
    """Build the BM25 cache and the word vectors right after indexing, so that the first
    question does not pay for them."""
    store = Store(config)
    manifest = store.manifest()
    if manifest is None:
        return
    folder = _cache_folder(config, manifest)
    if not manifest.header.dirty and (folder / "chunks.json").exists() and (folder / "words.npy").exists():
        return  # this revision is cached already (an unchanged corpus): reading it back is wasted time
    known = _earlier_words(config, manifest)  # read before load_lexical clears earlier revisions
    lexical = load_lexical(config, store, manifest)
    if lexical.words is None:
        lexical.words = WordVectors.embed(lexical.records, config.embedder, known)
        try:
            lexical.save(folder)
        except OSError:
            pass  # a read-only index still answers, embedding the words it meets as it goes


def _earlier_words(config: Config, manifest: Manifest) -> WordVectors | None:
    """The word vectors an earlier revision of this generation stored, if any, in memory."""
    h = manifest.header
    for folder in sorted((config.index_dir / "lexical").glob(f"{config.collection}-g{h.generation}-r*")):
        try:
            payload = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
            matrix = np.load(folder / "words.npy")
        except (OSError, ValueError):
            continue
        if "words" in payload and len(payload["words"]) == len(matrix):
            return WordVectors({w: i for i, w in enumerate(payload["words"])}, matrix)
    return None


class Retriever:
    """Searches one index revision; `Retriever.open` reuses a loaded one while it is current."""

    def __init__(self, config: Config, store: Store, manifest: Manifest, lexical: LexicalIndex):
        self.config = config
        self.store = store
        self.manifest = manifest
        self.lexical = lexical
        self._by_id = {r.id: r for r in lexical.records}
        self._positions = {r.id: i for i, r in enumerate(lexical.records)}
        self._texts: dict[str, str] = {}
        self._terms: dict[str, set[str]] = {}

    def search(self, query: str, k: int, mode: str = "hybrid") -> list[Passage]:
        """The `k` best passages for `query`: BM25 and dense scores fused, or one of them alone."""
        if mode not in MODES:
            raise InputError(f"Unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}.")
        if mode == "bm25":
            hits = self.lexical.search(terms(query), k)
            return [to_passage(self.lexical.records[i], s) for i, s in hits]
        vector = self._embed(query)
        nearest = self.store.query(self.manifest, vector.tolist(), CANDIDATES if mode == "hybrid" else k, self._by_id)
        dense = [(self._by_id[cid], s) for cid, s in nearest]
        if mode == "dense":
            return [to_passage(r, s) for r, s in dense]
        fused = self._fuse(query, vector, dense)
        if mode == "rerank":
            fused = self._rerank(fused[:RERANK_DEPTH], vector)
        return _diverse(fused, k)

    def search_terms(self, query_terms: list[str], k: int) -> list[Passage]:
        """BM25 alone over already-stemmed `query_terms`, at most PER_SOURCE passages per file."""
        hits = self.lexical.search(query_terms, CANDIDATES)
        return _diverse([to_passage(self.lexical.records[i], s) for i, s in hits], k)

    def _fuse(self, query: str, vector: np.ndarray, dense: list[tuple[ChunkRecord, float]]) -> list[Passage]:
        """Score the union of both candidate lists on both scales and blend the normalised scores.

        Reciprocal-rank fusion would bury a chunk that BM25 ranks first but the dense side
        misses; scoring every candidate on both scales keeps such a strong single signal."""
        bm25 = self.lexical.scores(terms(query))
        lexical_top = [int(i) for i in top_indices(bm25, CANDIDATES) if bm25[i] > 0]
        candidates = {r.id: r for r, _ in dense}
        candidates.update({self.lexical.records[i].id: self.lexical.records[i] for i in lexical_top})
        cosine = dict((r.id, s) for r, s in dense)
        cosine.update(self.store.similarities(self.manifest, [c for c in candidates if c not in cosine], vector))
        positions = self._positions
        lexical = {cid: float(bm25[positions[cid]]) if cid in positions else 0.0 for cid in candidates}
        fused = {cid: LEXICAL_WEIGHT * _scaled(lexical, cid) + (1 - LEXICAL_WEIGHT) * _scaled(cosine, cid)
                 for cid in candidates}
        order = sorted(fused, key=lambda cid: (-fused[cid], candidates[cid].source, candidates[cid].start))
        return [to_passage(candidates[cid], fused[cid]) for cid in order]

    def _rerank(self, fused: list[Passage], vector: np.ndarray) -> list[Passage]:
        """`fused` re-scored: the scaled fused score blended with the scaled similarity of each
        passage's best sentence to the query vector."""
        from .embeddings import remembered

        texts, owners = [], []
        for i, passage in enumerate(fused):
            record = self._by_id[passage.chunk_id]
            for a, b in record.sentences:
                text = record.text[a - record.start:b - record.start].strip()
                if len(words(text)) >= 3:
                    texts.append(text)
                    owners.append(i)
        if not texts:
            return fused
        best = np.full(len(fused), -1.0)
        np.maximum.at(best, owners, remembered(self.config.embedder, tuple(texts)) @ vector)
        ids = [p.chunk_id for p in fused]
        sentence = {cid: float(b) for cid, b in zip(ids, best) if b > -1.0}
        before = {p.chunk_id: p.score for p in fused}
        score = {cid: RERANK_WEIGHT * _scaled(sentence, cid) + (1 - RERANK_WEIGHT) * _scaled(before, cid) for cid in ids}
        return sorted((to_passage(self._by_id[cid], score[cid]) for cid in ids), key=lambda p: -p.score)

    def _embed(self, query: str) -> np.ndarray:
        from .embeddings import remembered

        # Remembered: the answerer compares the question with its candidate sentences, too.
        return remembered(self.config.embedder, (query,))[0]

    def record(self, chunk_id: str) -> ChunkRecord:
        return self._by_id[chunk_id]

    def source_terms(self, source: str) -> set[str]:
        """The stems of a whole indexed file."""
        if source not in self._terms:
            self._terms[source] = term_set(self.source_text(source))
        return self._terms[source]

    def read_sources(self, sources: Iterable[str]) -> None:
        """Read the texts of `sources` not read yet, in one go (one store call, not one each)."""
        missing = sorted({s for s in sources if s not in self._texts})
        if len(missing) > 1:
            self._texts.update(self.store.source_texts_of(self.manifest, missing))

    def source_text(self, source: str) -> str:
        if source not in self._texts:
            self._texts[source] = self.store.source_text(self.manifest, source)
        return self._texts[source]

    @classmethod
    def open(cls, config: Config) -> "Retriever":
        store = Store(config)
        manifest = store.manifest()
        if manifest is None or not manifest.files:
            raise IndexStateError(
                f"The index at {config.location} is empty; build it with `qa index --corpus DIR`."
            )
        _check_embedder(config, manifest)
        return cls(config, store, manifest, load_lexical(config, store, manifest))


def _diverse(ranked: list[Passage], k: int) -> list[Passage]:
    """The top `k`, so that sources which may disagree with the best-ranked one are heard:
    first the best passage of each file that scores at least half the top score (up to half
    the slots), then the rest in rank order, at most PER_SOURCE from one file while others
    have candidates."""
    if not ranked:
        return []
    chosen: list[Passage] = []
    floor = SOURCE_FLOOR * ranked[0].score
    for passage in ranked:
        if len(chosen) > k // 2:
            break
        if passage.score >= floor and passage.source not in {p.source for p in chosen}:
            chosen.append(passage)
    taken = {source: 1 for source in {p.source for p in chosen}}
    ids = {p.chunk_id for p in chosen}
    for passage in ranked:
        if passage.chunk_id not in ids and taken.get(passage.source, 0) < PER_SOURCE:
            chosen.append(passage)
            ids.add(passage.chunk_id)
            taken[passage.source] = taken.get(passage.source, 0) + 1
    chosen += [p for p in ranked if p.chunk_id not in ids]
    return sorted(chosen[:k], key=lambda p: -p.score)


def _scaled(scores: dict[str, float], key: str) -> float:
    """`scores[key]` min-max scaled over `scores` to [0, 1] (0 when all are equal)."""
    low, high = min(scores.values()), max(scores.values())
    return (scores.get(key, low) - low) / (high - low) if high > low else 0.0


def _check_embedder(config: Config, manifest: Manifest) -> None:
    from .embeddings import embedder_id

    wanted = embedder_id(config.embedder)
    if manifest.header.embedder != wanted:
        raise IndexStateError(
            f"The index at {config.location} was built with the embedder {manifest.header.embedder} "
            f"({manifest.header.dimension} dimensions), but {wanted} is configured. Rebuild it with "
            f"`qa index --embedder {config.embedder}` or use `--embedder` matching the index."
        )


class RetrieverCache:
    """Keeps one open Retriever per index, replaced when the index's revision changes."""

    def __init__(self) -> None:
        self._open: dict[tuple, Retriever] = {}
        self._opening = threading.Lock()  # chromadb's client setup fails when threads race into it

    def get(self, config: Config) -> Retriever:
        key = (config.chroma_url, str(config.index_dir.resolve()), config.collection, config.embedder)
        current = self._open.get(key)
        if current is not None and _is_current(current):
            return current
        with self._opening:
            current = self._open.get(key)
            if current is None or not _is_current(current):
                self._open[key] = Retriever.open(config)
            return self._open[key]


def _is_current(retriever: Retriever) -> bool:
    header = retriever.store.header()
    loaded = retriever.manifest.header
    return header is not None and (header.generation, header.revision) == (loaded.generation, loaded.revision)



_RETRIEVERS = RetrieverCache()


def open_retriever(config: Config) -> Retriever:
    """The loaded retriever for `config`'s index, reloaded when the index has changed."""
    return _RETRIEVERS.get(config)


def search(query: str, k: int | None = None, *, mode: str = "hybrid", config: Config | None = None,
           **settings) -> list[Passage]:
    """Ranked passages for `query` from the configured index (`settings` override the config)."""
    from .questions import check_question

    config = (config or Config.load()).with_(**settings)
    query = check_question(query, config)
    return open_retriever(config).search(query, k or config.top_k, mode)
