"""Building and incrementally updating the index of a corpus folder.

Only new and changed files are read, chunked and embedded; removed files lose their chunks.
A change of embedder or chunker rebuilds everything into a new generation of collections and
switches to it only once it is complete, so an interrupted run never breaks the index in use.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from .chunking import Chunk, ChunkerParams, chunk_document
from .config import Config
from .corpus import SourceDocument, file_hashes, read_documents
from .embeddings import embedder_id, get_embedder
from .errors import IndexStateError
from .store import SCHEMA_VERSION, IndexHeader, Manifest, Store
from .types import IndexReport, SkippedFile

EMBED_BATCH = 64
Progress = Callable[[int, int], None]  # (chunks embedded so far, chunks to embed)


def build_index(
    corpus_dir: str | Path | None = None,
    index_dir: str | Path | None = None,
    *,
    config: Config | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IndexReport:
    """Bring the index up to date with `corpus_dir` and say what changed."""
    config = (config or Config.load()).with_(
        corpus_dir=Path(corpus_dir) if corpus_dir else None, index_dir=Path(index_dir) if index_dir else None
    )
    started = time.perf_counter()
    with _lock(config.index_dir):
        report = _Run(config, progress).run(rebuild)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


@contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(index_dir / ".qa-index.lock"), timeout=0)
        lock.acquire()
    except Timeout:
        raise IndexStateError(
            f"Another `qa index` is updating {index_dir}; wait for it to finish, then run again."
        ) from None
    except OSError as exc:
        raise IndexStateError(
            f"Cannot write to the index folder {index_dir} ({exc.strerror}); make it writable "
            "or pass --index a writable folder."
        ) from None
    try:
        yield
    finally:
        lock.release()


@dataclass
class _Plan:
    to_index: list[str]
    removed: list[str]
    generation: int
    rebuilt: str


class _Run:
    """One indexing run: plan from the manifest, then embed, commit and clean up."""

    def __init__(self, config: Config, progress: Progress | None):
        self.config = config
        self.progress = progress
        self.params = ChunkerParams(config.chunk_size, config.chunk_overlap)
        self.store = Store(config, create=True)

    def run(self, rebuild: bool) -> IndexReport:
        hashes, skipped = file_hashes(self.config.corpus_dir)
        manifest = self.store.manifest()
        plan = self._plan(manifest, hashes, rebuild)
        report = IndexReport(
            str(self.config.corpus_dir), self.config.location, skipped=skipped, rebuilt=plan.rebuilt,
            removed=plan.removed,
        )
        old_files = dict(manifest.files) if manifest and not plan.rebuilt else {}
        report.unchanged = sorted(s for s, sha in hashes.items() if old_files.get(s) == sha)
        if plan.to_index or plan.removed or plan.rebuilt or (manifest and manifest.header.dirty):
            self._apply(plan, manifest, hashes, old_files, report)
        report.chunks_total = self.store.count_chunks(plan.generation)
        from .retrieval import refresh_lexical_index

        refresh_lexical_index(self.config)
        return report

    def _plan(self, manifest: Manifest | None, hashes: dict[str, str], rebuild: bool) -> _Plan:
        reason = self._rebuild_reason(manifest, rebuild)
        if reason:
            generation = manifest.header.generation + 1 if manifest else 1
            return _Plan(sorted(hashes), [], generation, reason)
        files = manifest.files
        return _Plan(
            sorted(s for s, sha in hashes.items() if files.get(s) != sha),
            sorted(s for s in files if s not in hashes),
            manifest.header.generation, "",
        )

    def _rebuild_reason(self, manifest: Manifest | None, rebuild: bool) -> str:
        if manifest is None:
            return "new index"
        header = manifest.header
        if rebuild:
            return "rebuild requested"
        if header.embedder != embedder_id(self.config.embedder):
            return f"embedder changed from {header.embedder} to {embedder_id(self.config.embedder)}"
        if (header.chunk_size, header.chunk_overlap, header.tokenizer) != (
            self.params.chunk_size, self.params.chunk_overlap, self.params.tokenizer
        ):
            return (
                f"chunking changed from {header.chunk_size}/{header.chunk_overlap} tokens to "
                f"{self.params.chunk_size}/{self.params.chunk_overlap}"
            )
        if header.splitter != self.params.splitter:
            return f"sentence splitting changed from version {header.splitter} to {self.params.splitter}"
        return ""

    def _apply(self, plan: _Plan, manifest: Manifest | None, hashes: dict[str, str],
               old_files: dict[str, str], report: IndexReport) -> None:
        header = self._header(plan.generation, manifest)
        if plan.rebuilt:
            self.store.drop_generations(keep=manifest.header.generation if manifest else None)
        else:
            header.dirty = True
            self.store.write_header(header)
        live = dict(old_files)
        for source in plan.removed:
            self.store.forget_file(plan.generation, source)
            live.pop(source, None)
        embedded = self._index_files(plan, hashes, live, report)
        report.chunks_embedded = embedded
        for source in plan.to_index:
            (report.changed if source in old_files else report.added).append(source)
        report.added = [s for s in report.added if s in live]
        report.changed = [s for s in report.changed if s in live]
        self.store.remove_stale_chunks(plan.generation, live)
        header.dirty = False
        header.revision = (manifest.header.revision if manifest else 0) + 1
        self.store.write_header(header)  # for a rebuild, this is the switch to the new generation
        if plan.rebuilt:
            self.store.drop_generations(keep=plan.generation)

    def _header(self, generation: int, manifest: Manifest | None) -> IndexHeader:
        if manifest and manifest.header.generation == generation:
            return manifest.header
        embedder = get_embedder(self.config.embedder)
        return IndexHeader(
            SCHEMA_VERSION, generation, embedder.name, embedder.dimension,
            self.params.chunk_size, self.params.chunk_overlap, self.params.tokenizer, self.params.splitter,
        )

    def _index_files(self, plan: _Plan, hashes: dict[str, str], live: dict[str, str], report: IndexReport) -> int:
        """Chunk, embed and commit `plan.to_index`; embedding batches span files for throughput."""
        docs: list[tuple[SourceDocument, list[Chunk]]] = []
        for item in read_documents(self.config.corpus_dir, plan.to_index):
            if isinstance(item, SkippedFile):
                report.skipped.append(item)
                if live.pop(item.path, None):  # its old version must not outlive the file's content
                    self.store.forget_file(plan.generation, item.path)
                    report.removed.append(item.path)
            else:
                docs.append((item, chunk_document(item.source, item.text, self.params, item.sha256)))
        chunks = [c for _, cs in docs for c in cs]
        sizes = {doc.source: len(cs) for doc, cs in docs}
        remaining = dict(sizes)
        self._commit(plan.generation, [doc for doc, cs in docs if not cs], sizes, live)
        by_source = {doc.source: doc for doc, _ in docs}
        shas = {doc.source: doc.sha256 for doc, _ in docs}
        embedder = get_embedder(self.config.embedder) if chunks else None

        def store(batch: list[Chunk], vectors: Any) -> None:
            self.store.add_chunks(plan.generation, batch, shas, vectors)
            complete = []
            for chunk in batch:
                remaining[chunk.source] -= 1
                if remaining[chunk.source] == 0:  # every chunk of the file is stored: switch to it
                    complete.append(by_source[chunk.source])
            self._commit(plan.generation, complete, sizes, live)  # one write for all of them

        # One writer stores each batch, in order, while the model embeds the next. Progress
        # counts stored chunks, so an interruption it reports after loses nothing it counted.
        with ThreadPoolExecutor(max_workers=1) as writer:
            stored: Future | None = None
            for i in range(0, len(chunks), EMBED_BATCH):
                batch = chunks[i:i + EMBED_BATCH]
                vectors = embedder.embed([c.text for c in batch], EMBED_BATCH)
                if stored is not None:
                    stored.result()  # a failed write stops the run here
                    if self.progress:
                        self.progress(i, len(chunks))
                stored = writer.submit(store, batch, vectors)
            if stored is not None:
                stored.result()
                if self.progress:
                    self.progress(len(chunks), len(chunks))
        return len(chunks)

    def _commit(self, generation: int, docs: list[SourceDocument], sizes: dict[str, int],
                live: dict[str, str]) -> None:
        self.store.commit_files(generation, [(d.source, d.text, d.sha256, sizes[d.source]) for d in docs])
        live.update((d.source, d.sha256) for d in docs)
