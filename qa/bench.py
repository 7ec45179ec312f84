"""`qa bench`: how fast, how large and how steady, measured beside what LlamaIndex gives by hand.

For the seed corpus and for synthetic corpora of about 1k, 10k and 50k chunks (sentences of
seeds/ recombined with a fixed random seed) it measures:
- raw embedder throughput on the corpus's chunk texts, and indexing throughput as a share of it,
  then re-indexing the unchanged corpus;
- warm latency (p50/p95) of `qa.search` and `qa.answer` on the questions of evals/seeds.jsonl,
  and how many they get right;
- peak RSS of a process that indexes and of one that answers (each its own subprocess, so each
  figure is clean), and `qa ask` as a fresh process (cold start);
- the anchor: a plain LlamaIndex `VectorStoreIndex` over a Chroma collection with the same
  embedder and chunking, answering with the top passage of its default retriever;
- on the seeds, the chat page (`qa.web`): time until a fresh server answers, and a bounded load
  test of its `ask` endpoint from concurrent clients on loopback.
Results go to OUT/bench.json, OUT/bench.md and OUT/bench.png.

Embedding 50k chunks with MiniLM takes most of an hour on two cores, so corpora above
`real_embed_max` (2000) chunks are embedded by `minilm-sentmean`: each chunk's vector is the mean of
the MiniLM vectors of its sentences, each distinct sentence embedded once. Questions are still
embedded by MiniLM proper, so query latencies are real; indexing throughput is compared with
the raw embedder only where the real one indexed.
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import subprocess
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from .errors import BackendError, QAError

SCHEMA_VERSION = 1
DEFAULT_SCALES = (1000, 10000, 50000)
WARMUP_QUESTIONS = ("What happened?", "Who was killed?", "When did the attack take place?")
RESULT_MARK = "BENCH-RESULT "
SENTENCE_MEAN = "minilm-sentmean"
TARGETS = {
    "answer_p50_ms_seeds": 50.0, "answer_p95_ms_50k": 150.0, "cold_start_ask_s": 3.0,
    "index_fraction_of_raw": 0.70, "reindex_unchanged_10k_s": 2.0, "answer_peak_rss_mb": 1024.0,
}


@dataclass
class BenchParams:
    """What one `qa bench` run measures, and where it writes."""

    out: Path = Path("evals/bench/out")
    scales: tuple[int, ...] = DEFAULT_SCALES
    quick: bool = False
    seeds_dir: Path = Path("seeds")
    questions: Path = Path("evals/seeds.jsonl")
    repeats: int = 3  # timed rounds over the questions, in one warm process
    real_embed_max: int = 2000  # larger corpora are embedded by minilm-sentmean (see above)
    index_rounds: int = 3  # raw-embedder and indexing runs, alternating, on corpora of >= 500 chunks
    web: bool = True
    load_clients: int = 4
    load_rounds: int = 3  # conversations per load-test client, two questions each

    @classmethod
    def for_quick(cls, **changes: Any) -> "BenchParams":
        """A run of seconds: the seed corpus only, a few questions, one round, no web server."""
        return cls(**{"scales": (), "quick": True, "repeats": 1, "web": False, **changes})


# -- questions and scoring ----------------------------------------------------------------------

@dataclass
class BenchQuestion:
    question: str
    type: str
    answers: list[str]
    history: list[tuple[str, str]] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


def load_questions(path: Path, limit: int | None = None) -> list[BenchQuestion]:
    """The questions of a JSON-lines file (question, type, answers, optional history)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [
        BenchQuestion(r["question"], r.get("type", ""), list(r.get("answers", [])),
                      [(str(q), str(a)) for q, a in r.get("history", [])])
        for r in rows
    ]
    return questions[:limit] if limit else questions


def is_correct(question: BenchQuestion, text: str, abstained: bool) -> bool:
    """Answerable: not abstained and an expected answer appears in `text`; else: abstained."""
    if not question.answerable:
        return abstained
    lowered = text.lower()
    return not abstained and any(a.lower() in lowered for a in question.answers)


def accuracy(questions: list[BenchQuestion], verdicts: list[bool]) -> dict[str, Any]:
    answerable = [v for q, v in zip(questions, verdicts) if q.answerable]
    other = [v for q, v in zip(questions, verdicts) if not q.answerable]
    return {
        "answerable_correct": sum(answerable), "answerable": len(answerable),
        "answerable_accuracy": round(sum(answerable) / len(answerable), 3) if answerable else None,
        "unanswerable_abstained": sum(other), "unanswerable": len(other),
    }


def summarize(ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/mean of latencies in milliseconds."""
    import numpy as np

    if not ms:
        return {"n": 0}
    values = np.asarray(ms, dtype=float)
    return {"n": len(ms), "p50": round(float(np.percentile(values, 50)), 2),
            "p95": round(float(np.percentile(values, 95)), 2), "mean": round(float(values.mean()), 2)}


# -- synthetic corpora --------------------------------------------------------------------------

def seed_sentences(seeds_dir: Path) -> list[str]:
    from .chunking import sentence_spans

    found = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [text[s:e] for s, e in sentence_spans(text)]
    return found


def synthesize_corpus(seeds_dir: Path, folder: Path, target_chunks: int, seed: int = 0,
                      chunk_size: int = 128, chunk_overlap: int = 16) -> Path:
    """A corpus of about `target_chunks` chunks: the seeds plus documents of recombined seed
    sentences, the same for the same arguments (and reused when already on disk)."""
    from .tokens import count_tokens

    stamp = json.dumps({"target": target_chunks, "seed": seed, "size": chunk_size, "overlap": chunk_overlap,
                        "seeds": sorted(p.name for p in seeds_dir.glob("*.txt"))})
    if (folder / ".complete").exists() and (folder / ".complete").read_text() == stamp:
        return folder
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "synthetic").mkdir(parents=True)
    for path in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(path, tmp / path.name)
    sentences = seed_sentences(seeds_dir)
    sizes = {s: count_tokens(s) for s in sentences}
    tokens = sum(count_tokens(p.read_text(encoding="utf-8")) for p in seeds_dir.glob("*.txt"))
    rng = random.Random(seed)
    n = 0
    while tokens / (chunk_size - chunk_overlap) < target_chunks:
        paragraphs = [[rng.choice(sentences) for _ in range(rng.randint(3, 7))] for _ in range(16)]
        text = "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
        (tmp / "synthetic" / f"doc{n:05d}.txt").write_text(text, encoding="utf-8")
        tokens += sum(sizes[s] for p in paragraphs for s in p)
        n += 1
    (tmp / ".complete").write_text(stamp)
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


# -- the sentence-mean embedder, for corpora too large to embed in a benchmark ---------------------

@dataclass
class SentenceMeanEmbedder:
    """The mean of the MiniLM vectors of the seed sentences a text contains.

    Synthetic corpora are made of seed sentences, so only those few hundred are embedded. The
    pieces of sentences cut at chunk edges are left out of the mean; a text with no whole seed
    sentence counts the seed sentences inside its pieces or around them, and only a text with
    none of either (never in the benchmark's corpora, in practice) is embedded as it is."""

    base: Any
    seeds_dir: Path
    name: str = SENTENCE_MEAN
    dimension: int = 384
    cache: dict[str, Any] = field(default_factory=dict)

    def embed(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> Any:
        import numpy as np

        from .chunking import sentence_spans

        texts = list(texts)
        single = [i for i, t in enumerate(texts) if _one_sentence(t)]
        if len(single) == len(texts) or (single and not self.cache):
            # A single sentence is its own mean: a question or a candidate sentence is embedded
            # by MiniLM as it is, and a fresh `qa ask` need not embed the seed sentences first.
            rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
            rows[single] = self.base.embed([texts[i] for i in single], batch_size)
            rest = [i for i in range(len(texts)) if i not in set(single)]
            if rest:
                rows[rest] = self.embed([texts[i] for i in rest], batch_size)
            return rows
        self.prepare(batch_size)
        parts = [self._seed_parts([t[s:e] for s, e in sentence_spans(t)] or [t]) for t in texts]
        unknown = sorted({p for ps in parts for p in ps if p not in self.cache})
        if unknown:
            self.cache.update(zip(unknown, self.base.embed(unknown, batch_size)))
        rows = np.stack([np.mean([self.cache[p] for p in ps], axis=0) for ps in parts]).astype(np.float32)
        return rows / np.clip(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12, None)

    def prepare(self, batch_size: int = 32) -> None:
        """Embed the seed sentences, once."""
        if not self.cache:
            sentences = sorted(set(seed_sentences(self.seeds_dir)))
            self.cache.update(zip(sentences, self.base.embed(sentences, batch_size)))

    def word_vectors(self, text: str) -> Any:
        """Words in context, read by MiniLM itself, as the answerer reads them at query time."""
        return self.base.word_vectors(text)

    def embed_with_words(self, texts: Sequence[str], batch_size: int = 32, words: bool = False) -> Any:
        """Single sentences (questions, candidate sentences) as MiniLM reads them, words and all;
        other texts as sentence means, without words."""
        texts = list(texts)
        if words and all(_one_sentence(t) for t in texts):
            return self.base.embed_with_words(texts, batch_size, words=True)
        return self.embed(texts, batch_size), [[] for _ in texts]

    def _seed_parts(self, pieces: list[str]) -> list[str]:
        whole = [p for p in pieces if p in self.cache]
        if whole:
            return whole
        seeds = list(self.cache)
        return [k for p in pieces for k in seeds if k in p or p in k] or pieces


def register_bench_embedders(seeds_dir: Path = Path("seeds")) -> None:
    """Add `minilm-sentmean` to the real embedder registry (only benchmark processes do)."""
    from .embeddings import EMBEDDERS, get_embedder

    EMBEDDERS[SENTENCE_MEAN] = lambda: SentenceMeanEmbedder(get_embedder("minilm"), Path(seeds_dir))


def _one_sentence(text: str) -> bool:
    """No sentence ends inside `text`: no word of three lowercase letters or more ("killed.",
    not "Jan." or "U.S.") ends in a full stop before a capital (a cheap test; the sentence
    splitter loads NLTK)."""
    return not re.search(r"[a-z]{3}[.!?][\"”’)]*\s+[\"“‘(]?[A-Z]", text.strip())


# -- child processes: each measures one thing and reports its own peak RSS ------------------------

def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child_raw(p: dict) -> dict:
    """Raw embedder throughput on up to `sample` chunk texts of the corpus, after a warm-up batch:
    the median of `passes` timed passes."""
    from .chunking import ChunkerParams, chunk_document
    from .corpus import list_files
    from .embeddings import get_embedder
    from .indexing import EMBED_BATCH

    params = ChunkerParams(128, 16)
    texts: list[str] = []
    for path in list_files(Path(p["corpus"])):
        texts += [c.text for c in chunk_document(path.name, path.read_text(encoding="utf-8"), params)]
        if len(texts) >= p["sample"]:
            break
    texts = texts[:p["sample"]]
    embedder = get_embedder(p["embedder"])
    embedder.embed(texts[:EMBED_BATCH], EMBED_BATCH)
    passes = []
    for _ in range(p.get("passes", 3)):  # a single pass here moves by a quarter from run to run
        started = time.perf_counter()
        for i in range(0, len(texts), EMBED_BATCH):
            embedder.embed(texts[i:i + EMBED_BATCH], EMBED_BATCH)
        passes.append(time.perf_counter() - started)
    seconds = statistics.median(passes)
    return {"chunks": len(texts), "seconds": round(seconds, 3), "chunks_per_s": round(len(texts) / seconds, 2),
            "passes_s": [round(x, 3) for x in passes]}


def _child_index(p: dict) -> dict:
    from .config import Config
    from .indexing import build_index

    config = Config.load(corpus_dir=p["corpus"], index_dir=p["index"], embedder=p["embedder"])
    report = build_index(config=config)
    result = {"seconds": report.seconds, "chunks_embedded": report.chunks_embedded,
              "chunks_total": report.chunks_total, "files": len(report.added) + len(report.unchanged),
              "nothing_to_do": report.nothing_to_do}
    if p.get("again"):  # the same call once more, in a process that has everything loaded
        result["again_seconds"] = build_index(config=config).seconds
    return result


def _child_ask(p: dict) -> dict:
    """Warm latency and accuracy of qa.search and qa.answer; the first answer includes opening."""
    from .answering import answer
    from .config import Config
    from .embeddings import get_embedder
    from .retrieval import search

    config = Config.load(index_dir=p["index"], embedder=p["embedder"])
    questions = load_questions(Path(p["questions"]), p.get("limit"))
    embedder = get_embedder(p["embedder"])
    if isinstance(embedder, SentenceMeanEmbedder):
        embedder.prepare()  # else the first query of more than one sentence would pay for it, timed
    started = time.perf_counter()
    answer(WARMUP_QUESTIONS[0], config=config)
    first_ms = (time.perf_counter() - started) * 1000
    for q in WARMUP_QUESTIONS[1:]:
        answer(q, config=config)
    search_ms: list[float] = []
    answer_ms: list[list[float]] = []
    verdicts: list[bool] = []
    for round_ in range(p["repeats"]):
        search_ms += [_timed(lambda: search(q.question, config=config))[1] for q in questions]
        timed = [_timed(lambda: answer(q.question, history=q.history, config=config)) for q in questions]
        answer_ms.append([ms for _, ms in timed])
        if round_ == 0:
            verdicts = [is_correct(q, a.text, a.abstained) for q, (a, _) in zip(questions, timed)]
    return {"first_answer_ms": round(first_ms, 1), "search_ms": summarize(search_ms),
            "answer_ms": summarize([ms for r in answer_ms for ms in r]),
            "answer_first_round_ms": summarize(answer_ms[0]), "accuracy": accuracy(questions, verdicts)}


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - started) * 1000


def _child_anchor(p: dict) -> dict:
    """What a LlamaIndex user writes by hand: reader, SentenceSplitter, VectorStoreIndex over
    Chroma, the default retriever; the answer is the top passage's text."""
    import chromadb
    from chromadb.config import Settings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter

    try:
        from llama_index.vector_stores.chroma import ChromaVectorStore
    except ImportError:
        raise BackendError(
            "The benchmark's LlamaIndex anchor needs llama-index-vector-stores-chroma: pip install -e '.[bench]'"
        ) from None

    from .tokens import encode

    started = time.perf_counter()
    documents = SimpleDirectoryReader(p["corpus"], recursive=True, required_exts=[".txt"]).load_data()
    client = chromadb.PersistentClient(path=p["index"], settings=Settings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("anchor"))
    index = VectorStoreIndex.from_documents(
        documents, storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=llama_embedding(p["embedder"]),
        transformations=[SentenceSplitter(chunk_size=128, chunk_overlap=16, tokenizer=encode)],
    )
    index_s = time.perf_counter() - started
    retriever = index.as_retriever()
    questions = load_questions(Path(p["questions"]), p.get("limit"))

    def top(question: str) -> str:
        nodes = retriever.retrieve(question)
        return nodes[0].node.get_content() if nodes else ""

    for q in WARMUP_QUESTIONS:
        top(q)
    timings: list[list[float]] = []
    verdicts: list[bool] = []
    for round_ in range(p["repeats"]):
        timed = [_timed(lambda: top(q.question)) for q in questions]
        timings.append([ms for _, ms in timed])
        if round_ == 0:
            verdicts = [is_correct(q, text, False) for q, (text, _) in zip(questions, timed)]
    return {"index_s": round(index_s, 3), "chunks": store._collection.count(),
            "answer_ms": summarize([ms for r in timings for ms in r]),
            "answer_first_round_ms": summarize(timings[0]), "accuracy": accuracy(questions, verdicts)}


def llama_embedding(name: str) -> Any:
    """A LlamaIndex BaseEmbedding around the `qa` embedder registered as `name`."""
    from llama_index.core.embeddings import BaseEmbedding

    from .embeddings import get_embedder

    class QAEmbedding(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return get_embedder(self.model_name).embed([query])[0].tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embeddings([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return get_embedder(self.model_name).embed(texts).tolist()

    return QAEmbedding(model_name=name)


CHILDREN: dict[str, Callable[[dict], dict]] = {
    "raw": _child_raw, "index": _child_index, "ask": _child_ask, "anchor": _child_anchor,
}


def run_child(task: str, params: dict, log: Path, timeout: float = 3600) -> dict:
    """Run `task` in a fresh Python process; its result, with its wall time and peak RSS."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "qa.bench", "--child", task, json.dumps(params)]
    with log.open("a", encoding="utf-8") as err:
        err.write(f"\n== {task} {json.dumps(params)}\n")
        err.flush()
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=err, text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if done.returncode != 0 or not lines:
        raise QAError(f"benchmark step {task!r} failed (exit {done.returncode}); see {log}")
    result = json.loads(lines[-1][len(RESULT_MARK):])
    result["wall_s"] = round(time.perf_counter() - started, 3)
    return result


def child_main(task: str, params_json: str) -> None:
    params = json.loads(params_json)
    register_bench_embedders(Path(params.get("seeds", "seeds")))
    result = CHILDREN[task](params)
    result["peak_rss_mb"] = _peak_rss_mb()
    print(RESULT_MARK + json.dumps(result), flush=True)


# -- cold start ---------------------------------------------------------------------------------

def cold_start_ask(index: Path, embedder: str, question: str, runs: int, seeds_dir: Path = Path("seeds")) -> dict:
    """Median wall time of `qa ask` as a fresh process, over `runs` runs."""

    boot = "import sys; from qa.cli import main; sys.exit(main(sys.argv[1:]))"
    if embedder == SENTENCE_MEAN:  # only benchmark processes know this embedder
        boot = (f"import sys, qa.bench; qa.bench.register_bench_embedders({str(seeds_dir)!r}); "
                + boot.split("; ", 1)[1])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", boot, "ask", question, "--index", str(index), "--embedder", embedder],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=300,
        )
        if done.returncode != 0:
            raise QAError(f"`qa ask` failed in the cold-start run: {done.stderr.strip()[-400:]}")
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 3), "runs": [round(t, 3) for t in times]}


# -- the chat page -----------------------------------------------------------------------------

def web_available() -> str:
    """Empty if `qa.web.build_app` can be used, else why not."""
    try:
        from .web import build_app  # noqa: F401
    except Exception as exc:  # the page is optional: a missing or broken module is reported
        return f"qa.web.build_app not available ({type(exc).__name__}: {exc})"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_web(index: Path, corpus: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    boot = (
        "import sys, qa, qa.web as web\n"
        "config = qa.Config.load(index_dir=sys.argv[1], corpus_dir=sys.argv[2])\n"
        "if hasattr(web, 'launch'):\n"
        "    web.launch(config, host='127.0.0.1', port=int(sys.argv[3]), block=True)\n"
        "else:\n"
        "    web.build_app(config).launch(server_name='127.0.0.1', server_port=int(sys.argv[3]))\n"
    )
    with log.open("a", encoding="utf-8") as err:
        err.write("\n== web server\n")
        err.flush()
        server = subprocess.Popen([sys.executable, "-c", boot, str(index), str(corpus), str(port)],
                                  stdout=err, stderr=err)
    return server, f"http://127.0.0.1:{port}/"


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=15)


def ask_web(client: Any, question: str, history: list[tuple[str, str]]) -> dict:
    return client.predict(question, json.dumps(history), None, api_name="/ask")


def web_cold_start(server: subprocess.Popen, url: str, started: float, question: str, limit: float = 180) -> dict:
    """Seconds from launching the server until its `ask` endpoint has answered `question`."""
    from gradio_client import Client

    client = None
    while client is None:
        if server.poll() is not None:
            raise QAError(f"the chat server exited with code {server.returncode} before answering")
        if time.perf_counter() - started > limit:
            raise QAError(f"the chat server did not come up within {limit:.0f} s")
        try:
            client = Client(url, verbose=False, download_files=False)
        except Exception:  # not listening yet
            time.sleep(0.25)
    result = ask_web(client, question, [])
    return {"seconds": round(time.perf_counter() - started, 3), "answered": bool(result.get("answer"))}


def load_test(url: str, questions: list[BenchQuestion], expected: Callable[[str, list], dict],
              clients: int, rounds: int, limit: float = 180) -> dict:
    """`clients` concurrent clients, each holding its own conversations (a question, then a
    follow-up carrying it as history). Afterwards every reply is checked against the answer
    `qa.answer` gives to the same question and history in this process."""
    from gradio_client import Client

    followups = [q for q in questions if q.history] or questions
    deadline = time.perf_counter() + limit

    def converse(c: int) -> list[tuple[float, str, list, Any]]:
        client = Client(url, verbose=False, download_files=False)
        records: list[tuple[float, str, list, Any]] = []
        for r in range(rounds):
            q = followups[(c * rounds + r) % len(followups)]
            history: list[tuple[str, str]] = []
            for text in [q.history[0][0], q.question] if q.history else [q.question]:
                if time.perf_counter() > deadline:
                    return records
                started = time.perf_counter()
                try:
                    got: Any = ask_web(client, text, history)
                except Exception as exc:  # counted and reported: the load test must not stop
                    got = f"error: {type(exc).__name__}: {exc}"[:200]
                records.append(((time.perf_counter() - started) * 1000, text, history, got))
                if isinstance(got, str):
                    break
                history = history + [(text, got["answer"])]
        return records

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        records = [r for batch in pool.map(converse, range(clients)) for r in batch]
    seconds = time.perf_counter() - started
    outcomes = [_check_reply(text, history, got, expected) for _, text, history, got in records]
    errors = [o for o in outcomes if o.startswith("error")]
    return {
        "clients": clients, "requests": len(records), "seconds": round(seconds, 3),
        "requests_per_s": round(len(records) / seconds, 2), "latency_ms": summarize([r[0] for r in records]),
        "errors": len(errors), "mixed_up": outcomes.count("mixed-up"), "error_samples": errors[:3],
    }


def _check_reply(text: str, history: list, got: Any, expected: Callable[[str, list], dict]) -> str:
    if isinstance(got, str):
        return got
    want = expected(text, history)
    same = got["answer"] == want["answer"] and got["resolved_question"] == want["resolved_question"]
    return "ok" if same else "mixed-up"


def bench_web(index: Path, corpus: Path, questions: list[BenchQuestion], params: BenchParams, log: Path) -> dict:
    reason = web_available()
    if reason:
        return {"available": False, "reason": reason}
    started = time.perf_counter()
    server, url = start_web(index, corpus, log)
    try:
        cold = web_cold_start(server, url, started, questions[0].question)
        expected = _local_answers(index)
        expected(questions[0].question, [])  # open the index here before the clients' threads need it
        load = load_test(url, questions, expected, params.load_clients, params.load_rounds)
    finally:
        stop(server)
    return {"available": True, "cold_start_first_answer_s": cold["seconds"], "load": load}


def _local_answers(index: Path) -> Callable[[str, list], dict]:
    from .answering import answer
    from .config import Config

    config = Config.load(index_dir=index)

    def expected(question: str, history: list) -> dict:
        a = answer(question, history=history, config=config)
        return {"answer": a.text, "resolved_question": a.meta.get("resolved_question", a.question)}

    return expected


# -- one corpus, end to end --------------------------------------------------------------------

def bench_corpus(label: str, corpus: Path, work: Path, params: BenchParams, log: Path) -> dict:
    """Every per-corpus figure for `corpus`, with its own fresh index under `work`."""
    limit = 8 if params.quick else None
    index = work / f"index-{label}"
    shutil.rmtree(index, ignore_errors=True)
    estimated = _estimated_chunks(corpus)
    embedder = "minilm" if estimated <= params.real_embed_max else SENTENCE_MEAN
    row: dict[str, Any] = {"corpus": label, "embedder": embedder}
    common = {"corpus": str(corpus), "index": str(index), "embedder": embedder, "seeds": str(params.seeds_dir)}
    if embedder == "minilm":
        _index_beside_raw(row, common, rounds=1 if params.quick or estimated < 500 else params.index_rounds,
                          sample=32 if params.quick else params.real_embed_max, log=log)
    else:
        row["index"] = run_child("index", common, log)
        row["chunks"] = row["index"]["chunks_total"]
        row["index"]["chunks_per_s"] = round(row["index"]["chunks_embedded"] / max(row["index"]["seconds"], 1e-9), 2)
    row["reindex_unchanged"] = run_child("index", {**common, "again": True}, log)
    asking = {"index": str(index), "embedder": embedder, "questions": str(params.questions),
              "repeats": params.repeats, "limit": limit, "seeds": str(params.seeds_dir)}
    row["ask"] = run_child("ask", asking, log)
    row["cold_start_ask"] = cold_start_ask(index, embedder, WARMUP_QUESTIONS[1], 1 if params.quick else 3,
                                           params.seeds_dir)
    if label == "seeds" and not params.quick:  # the same figures before the ONNX path, for the record
        row["with_sentence_transformers"] = {
            "raw_embedder": run_child("raw", {"corpus": str(corpus), "embedder": "minilm-torch", "sample": 512}, log),
            "cold_start_ask": cold_start_ask(index, "minilm-torch", WARMUP_QUESTIONS[1], 3),
        }
    anchor_index = work / f"anchor-{label}"
    shutil.rmtree(anchor_index, ignore_errors=True)
    row["anchor"] = run_child("anchor", {**asking, "corpus": str(corpus), "index": str(anchor_index)}, log)
    row["ratios"] = _ratios(row)
    shutil.rmtree(anchor_index, ignore_errors=True)
    return row


def _index_beside_raw(row: dict, common: dict, rounds: int, sample: int, log: Path) -> None:
    """Raw embedder throughput and a fresh index of the corpus, in `rounds` alternating pairs.
    This machine's speed drifts by a fifth over minutes, so each index run is set beside the raw
    run just before it: the share is the median of the pairs' shares, the figures reported are
    the median round's."""
    pairs = []
    for _ in range(rounds):
        raw = run_child("raw", {"corpus": common["corpus"], "embedder": "minilm", "sample": sample, "passes": 1}, log)
        shutil.rmtree(common["index"], ignore_errors=True)
        index = run_child("index", common, log)
        index["chunks_per_s"] = round(index["chunks_embedded"] / max(index["seconds"], 1e-9), 2)
        pairs.append((raw, index, index["chunks_per_s"] / raw["chunks_per_s"]))
    shares = [share for _, _, share in pairs]
    raw, index, _ = sorted(pairs, key=lambda pair: pair[2])[len(pairs) // 2]
    row["raw_embedder"] = {**raw, "rounds_chunks_per_s": [r["chunks_per_s"] for r, _, _ in pairs]}
    row["index"] = {**index, "fraction_of_raw": round(statistics.median(shares), 3),
                    "rounds_fraction_of_raw": [round(x, 3) for x in shares],
                    "rounds_chunks_per_s": [i["chunks_per_s"] for _, i, _ in pairs]}
    row["chunks"] = index["chunks_total"]


def _estimated_chunks(corpus: Path) -> int:
    size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    return int(size / 450)  # about 450 characters per 128-token chunk of English news text


def _ratios(row: dict) -> dict:
    ours, anchor = row["ask"], row["anchor"]

    def ratio(a: Any, b: Any) -> float | None:
        return round(a / b, 3) if a is not None and b else None

    return {
        "answer_p50_ours_over_anchor": ratio(ours["answer_ms"]["p50"], anchor["answer_ms"]["p50"]),
        "answer_p95_ours_over_anchor": ratio(ours["answer_ms"]["p95"], anchor["answer_ms"]["p95"]),
        "accuracy_ours_over_anchor": ratio(ours["accuracy"]["answerable_accuracy"],
                                           anchor["accuracy"]["answerable_accuracy"]),
    }


# -- the whole run -----------------------------------------------------------------------------

def machine() -> dict:
    import numpy as np  # noqa: F401  (its version is part of the record)

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpus": os.cpu_count(), "cpu_model": cpu, "memory_gib": round(memory, 1), "gpu": "none",
            "python": platform.python_version(), "platform": platform.platform(),
            "onnxruntime": _version("onnxruntime"), "chromadb": _version("chromadb"),
            "llama_index_core": _version("llama-index-core")}


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def run_benchmark(params: BenchParams, say: Callable[[str], None] = lambda _: None) -> dict:
    """Run every measurement of `params`; write OUT/bench.json, bench.md and bench.png."""
    from .embeddings import get_embedder

    params.out.mkdir(parents=True, exist_ok=True)
    work = params.out / "work"
    work.mkdir(exist_ok=True)
    log = params.out / "bench.log"
    log.write_text("")
    started = time.perf_counter()
    result: dict[str, Any] = {
        "schema": SCHEMA_VERSION, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(), "load_average_start": os.getloadavg(),
        "params": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(params).items()},
    }
    prepared = time.perf_counter()
    get_embedder("minilm")  # exports the ONNX model once, if needed, before anything is timed
    result["embedder_prepare_s"] = round(time.perf_counter() - prepared, 3)
    corpora = [("seeds", params.seeds_dir)] + [
        (_label(n), synthesize_corpus(params.seeds_dir, work / f"corpus-{_label(n)}", n)) for n in params.scales
    ]
    result["corpora"] = []
    for label, corpus in corpora:
        say(f"benchmarking the {label} corpus…")
        result["corpora"].append(bench_corpus(label, corpus, work, params, log))
    if params.web:
        say("benchmarking the chat page…")
        questions = load_questions(params.questions)
        result["web"] = bench_web(work / "index-seeds", params.seeds_dir, questions, params, log)
    else:
        result["web"] = {"available": False, "reason": "skipped (--quick)" if params.quick else "skipped"}
    result["targets"] = evaluate_targets(result)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["load_average_end"] = os.getloadavg()
    write_outputs(result, params.out)
    return result


def _label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


# -- targets and reports --------------------------------------------------------------------------

def evaluate_targets(result: dict) -> list[dict]:
    rows = {r["corpus"]: r for r in result["corpora"]}
    seeds = rows.get("seeds")
    biggest = max(result["corpora"], key=lambda r: r["chunks"])
    ten_k = min(result["corpora"], key=lambda r: abs(r["chunks"] - 10000))
    fractions = [r["index"]["fraction_of_raw"] for r in result["corpora"]
                 if "fraction_of_raw" in r["index"] and r["chunks"] >= 500]
    targets = [
        ("warm answer p50 on the seeds (ms)", "<=", TARGETS["answer_p50_ms_seeds"],
         seeds and seeds["ask"]["answer_ms"]["p50"], "seeds"),
        ("warm answer p95 at 50k chunks (ms)", "<=", TARGETS["answer_p95_ms_50k"],
         biggest["ask"]["answer_ms"]["p95"] if biggest["chunks"] >= 45000 else None, biggest["corpus"]),
        ("`qa ask` cold start (s)", "<=", TARGETS["cold_start_ask_s"],
         seeds and seeds["cold_start_ask"]["median_s"], "seeds"),
        ("indexing throughput / raw embedder", ">=", TARGETS["index_fraction_of_raw"],
         min(fractions) if fractions else None, "corpora of >= 500 chunks embedded by MiniLM"),
        ("re-indexing an unchanged 10k-chunk corpus (s)", "<", TARGETS["reindex_unchanged_10k_s"],
         ten_k["reindex_unchanged"]["seconds"] if ten_k["chunks"] >= 9000 else None, ten_k["corpus"]),
        ("peak RSS while answering (MB)", "<=", TARGETS["answer_peak_rss_mb"],
         max(r["ask"]["peak_rss_mb"] for r in result["corpora"]), "largest over corpora"),
    ]
    web = result.get("web", {})
    if web.get("available"):
        targets.append(("chat load test errors + mixed-up histories", "<=", 0,
                        web["load"]["errors"] + web["load"]["mixed_up"], f"{web['load']['clients']} clients"))
    return [_verdict(*t) for t in targets]


def _verdict(name: str, op: str, target: float, value: Any, where: str) -> dict:
    met = None if value is None else {"<=": value <= target, ">=": value >= target, "<": value < target}[op]
    return {"target": name, "goal": f"{op} {target:g}", "value": value, "met": met, "measured_on": where}


def write_outputs(result: dict, out: Path) -> None:
    (out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / "bench.md").write_text(markdown(result), encoding="utf-8")
    plot(result, out / "bench.png")


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def markdown(result: dict) -> str:
    m = result["machine"]
    header = (
        f"Measured {result['created']} on {m['cpus']} cores ({m['cpu_model'] or 'CPU'}), {m['memory_gib']} GiB, "
        f"no GPU; Python {m['python']}, onnxruntime {m['onnxruntime']}, chromadb {m['chromadb']}. "
        f"Load average {_load(result['load_average_start'])} at the start, {_load(result['load_average_end'])} "
        f"at the end; the whole run took {result['seconds']:.0f} s."
    )
    parts = [header, _speed_table(result), _accuracy_table(result), _before_after(result),
             _web_line(result.get("web", {})), _targets_table(result)]
    return "\n\n".join(p for p in parts if p) + "\n"


def _speed_table(result: dict) -> str:
    lines = [
        "| corpus | chunks | embedder | index s | chunks/s | of raw | re-index s (fresh / warm process) "
        "| search p50/p95 ms | answer p50/p95 ms | first ask p50/p95 ms | anchor p50/p95 ms "
        "| peak RSS index / answer MB | `qa ask` cold s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["corpora"]:
        ix, re_ = r["index"], r["reindex_unchanged"]
        fraction = f"{ix['fraction_of_raw']:.0%}" if "fraction_of_raw" in ix else "–"
        lines.append(
            f"| {r['corpus']} | {r['chunks']} | {r['embedder']} | {ix['seconds']:.1f} | {ix['chunks_per_s']:.0f} "
            f"| {fraction} | {re_['seconds']:.2f} / {_fmt(re_.get('again_seconds'), 2)} | {_pair(r['ask']['search_ms'])} "
            f"| {_pair(r['ask']['answer_ms'])} | {_pair(r['ask']['answer_first_round_ms'])} "
            f"| {_pair(r['anchor']['answer_ms'])} | {ix['peak_rss_mb']:.0f} / {r['ask']['peak_rss_mb']:.0f} "
            f"| {r['cold_start_ask']['median_s']:.2f} |"
        )
    return "\n".join(lines)


def _pair(figure: dict) -> str:
    return f"{figure['p50']:.1f} / {figure['p95']:.1f}" if figure.get("n") else "–"


def _accuracy_table(result: dict) -> str:
    lines = ["| corpus | raw embedder chunks/s | ours: answerable right | ours: unanswerable abstained "
             "| anchor: answerable right | accuracy ours/anchor | answer p50 ours/anchor |", "|---|---|---|---|---|---|---|"]
    for r in result["corpora"]:
        o, an = r["ask"]["accuracy"], r["anchor"]["accuracy"]
        raw = r.get("raw_embedder", {}).get("chunks_per_s")
        lines.append(
            f"| {r['corpus']} | {_fmt(raw)} | {o['answerable_correct']}/{o['answerable']} "
            f"| {o['unanswerable_abstained']}/{o['unanswerable']} | {an['answerable_correct']}/{an['answerable']} "
            f"| {_fmt(r['ratios']['accuracy_ours_over_anchor'], 2)} | {_fmt(r['ratios']['answer_p50_ours_over_anchor'], 2)} |"
        )
    return "\n".join(lines)


def _before_after(result: dict) -> str:
    seeds = next((r for r in result["corpora"] if "with_sentence_transformers" in r), None)
    if seeds is None:
        return ""
    torch = seeds["with_sentence_transformers"]
    return (
        f"MiniLM through sentence-transformers (`--embedder minilm-torch`) on the same run: "
        f"{torch['raw_embedder']['chunks_per_s']:.1f} chunks/s raw, `qa ask` cold start "
        f"{torch['cold_start_ask']['median_s']:.2f} s; through ONNX Runtime (`minilm`, the default): "
        f"{seeds['raw_embedder']['chunks_per_s']:.1f} chunks/s, {seeds['cold_start_ask']['median_s']:.2f} s."
    )


def _targets_table(result: dict) -> str:
    lines = ["| target | goal | measured | met |", "|---|---|---|---|"]
    for t in result["targets"]:
        met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['target']} | {t['goal']} | {_fmt(t['value'], 2)} ({t['measured_on']}) | {met} |")
    return "\n".join(lines)


def _load(values: Sequence[float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


def _web_line(web: dict) -> str:
    if not web.get("available"):
        return f"Chat page: not measured ({web.get('reason', 'not available')})."
    load = web["load"]
    return (
        f"Chat page: a fresh server answered its first question {web['cold_start_first_answer_s']:.1f} s after "
        f"launch. Load test: {load['clients']} concurrent clients, {load['requests']} requests in "
        f"{load['seconds']:.1f} s ({load['requests_per_s']:.1f}/s), latency p50 {load['latency_ms']['p50']:.0f} ms, "
        f"p95 {load['latency_ms']['p95']:.0f} ms, {load['errors']} errors, {load['mixed_up']} mixed-up answers."
    )


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(result["corpora"], key=lambda r: r["chunks"])
    chunks = [r["chunks"] for r in rows]
    fig, (latency, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, label, style in (("answer", "qa.answer", "o-"), ("search", "qa.search", "s-"), ("anchor", "LlamaIndex anchor", "^-")):
        source = [r["anchor"]["answer_ms"] if key == "anchor" else r["ask"][f"{key}_ms"] for r in rows]
        line, = latency.plot(chunks, [s["p50"] for s in source], style, label=f"{label} p50")
        latency.plot(chunks, [s["p95"] for s in source], style, alpha=0.45, color=line.get_color(), label=f"{label} p95")
    latency.set(xscale="log", xlabel="chunks in the index", ylabel="warm latency (ms)", title="Query latency")
    latency.legend(fontsize=7)
    memory.plot(chunks, [r["index"]["peak_rss_mb"] for r in rows], "o-", label="indexing")
    memory.plot(chunks, [r["ask"]["peak_rss_mb"] for r in rows], "s-", label="answering")
    memory.plot(chunks, [r["anchor"]["peak_rss_mb"] for r in rows], "^-", label="anchor (index + query)")
    memory.set(xscale="log", xlabel="chunks in the index", ylabel="peak RSS (MB)", title="Memory")
    memory.legend(fontsize=7)
    fig.suptitle(f"qa bench, {result['machine']['cpus']} CPU cores, no GPU", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: qa bench [--out DIR] [--scales 1000,10000,50000] [--quick]")
