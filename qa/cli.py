"""The `qa` command line: a thin shell over the public API.

Only this module turns library errors into exit codes; it imports the heavy parts of the
library inside each command, so `qa --help` and `qa ask` start quickly.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

from .config import Config
from .errors import QAError

EXIT_ERROR = 2


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    names = ("corpus_dir", "index_dir", "chroma_url", "embedder", "chunk_size", "chunk_overlap", "llm", "llm_base_url")
    return {name: getattr(args, name, None) for name in names}


def _config(args: argparse.Namespace) -> Config:
    return Config.load(**_settings(args))


def _add_index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", dest="index_dir", type=Path, help=Config.help("index_dir") + " [QA_INDEX_DIR]")
    parser.add_argument("--chroma-url", dest="chroma_url", help=Config.help("chroma_url") + " [QA_CHROMA_URL]")
    parser.add_argument("--embedder", help=Config.help("embedder") + " [QA_EMBEDDER]")


def cmd_index(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .indexing import build_index

    config = _config(args)
    bar: tqdm | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="chunk", desc="Embedding", file=sys.stderr)
        bar.update(done - bar.n)

    report = build_index(config=config, rebuild=args.rebuild, progress=progress)
    if bar is not None:
        bar.close()
    for skipped in report.skipped:
        print(f"warning: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
        return 0
    if report.rebuilt:
        print(f"Rebuilt the whole index ({report.rebuilt}).")
    if report.nothing_to_do:
        print(f"Index is up to date: nothing to embed ({len(report.unchanged)} files unchanged).")
    print(
        f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped; "
        f"{report.chunks_embedded} chunks embedded, {report.chunks_total} in the index; "
        f"{report.seconds:.1f} s -> {report.index_location}"
    )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .retrieval import search

    passages = search(args.query, k=args.k, mode=args.mode, config=_config(args))
    if args.json:
        print(json.dumps([vars(p) for p in passages], indent=2, ensure_ascii=False))
        return 0
    if not passages:
        print("No passage matches.")
    for rank, p in enumerate(passages, 1):
        print(f"[{rank}] {p.source} [{p.start}:{p.end}] score {p.score:.4f}")
        print("    " + p.text.replace("\n", "\n    "))
        print()
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .answering import answer

    streamed: list[str] = []

    def show(piece: str) -> None:
        streamed.append(piece)
        print(piece, end="", flush=True, file=sys.stderr if args.json else sys.stdout)  # keep --json parseable

    config = _config(args)
    _warm_embedder(config)
    result = answer(args.question, k=args.k, config=config, on_token=show if args.stream else None)
    if streamed:
        print("\n\n--- verified answer ---\n", file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return 0
    print(result.text)
    for verdict in result.verification:
        if verdict.verdict != "supported":
            print(f"  ({verdict.verdict}: \"{verdict.sentence}\" - {verdict.reason})")
    for conflict in result.conflicts:
        print(f"\nDisagreement: {conflict.topic}")
        for value in conflict.values:
            note = f" ({value.note})" if value.note else ""
            print(f"  - {value.value}{note} {''.join(f'[{n}]' for n in value.citations)}")
    if result.citations:
        print("\nSources:" if not result.abstained else "\nClosest passages:")
    for c in result.citations:
        print(f"  [{c.n}] {c.source} [{c.start}:{c.end}]: \"{c.quote}\"")
    return 0


def _warm_embedder(config: Config) -> None:
    """Load the embedder in a thread while the index opens: ONNX Runtime builds its session
    outside the GIL, so a fresh `qa ask` pays for the two at once rather than one after the other."""
    import threading

    from .embeddings import get_embedder
    from .retrieval import open_retriever

    def load() -> None:
        try:
            get_embedder(config.embedder)
        except Exception:  # noqa: BLE001  answering loads it again, and reports the error there
            pass

    loading = threading.Thread(target=load, daemon=True)
    loading.start()
    try:
        open_retriever(config)
    finally:
        loading.join()


def cmd_serve(args: argparse.Namespace) -> int:
    from . import web  # imports gradio: only this command pays for it

    auth = web.parse_auth(args.auth)  # None falls back to QA_AUTH inside launch
    web.launch(_config(args), host=args.host, port=args.port, auth=auth, share=args.share)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import load_gates, run_eval

    config = _config(args)
    result = run_eval(
        args.questions, config.corpus_dir, config.index_dir, args.out, config=config,
        compare=args.compare, gates=load_gates(args.gates), progress=not args.no_progress, off_corpus=args.off_corpus,
    )
    metrics = result.metrics
    print(
        f"accuracy {metrics['accuracy']:.3f}  conflict disclosure {metrics['conflict_disclosure']:.3f}  "
        f"abstention {metrics['abstention_rate']:.3f}  false refusals {metrics['false_refusal_rate']:.3f}  "
        f"citation validity {metrics['citation_validity']:.3f}  p50 {metrics['latency_p50_ms']:.0f} ms"
        + (f"  removed by verification {metrics['removed_by_verification']:.3f}" if metrics["generated_sentences"] else "")
    )
    print(f"report: {Path(args.out) / 'report.md'}")
    for failure in result.gate_failures:
        print(f"gate failed: {failure}", file=sys.stderr)
    return 1 if result.gate_failures else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import DEFAULT_SCALES, BenchParams, run_benchmark

    scales = tuple(int(n) for n in args.scales.split(",") if n.strip()) if args.scales is not None else None
    params = BenchParams.for_quick(out=args.out) if args.quick else BenchParams(out=args.out)
    if scales is not None or not args.quick:
        params.scales = scales if scales is not None else DEFAULT_SCALES
    result = run_benchmark(params, say=lambda message: print(message, file=sys.stderr))
    for target in result["targets"]:
        met = {True: "met", False: "NOT MET", None: "not measured"}[target["met"]]
        print(f"{target['target']}: {target['value']} (goal {target['goal']}) {met}")
    print(f"report: {args.out / 'bench.md'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Grounded question answering over a folder of documents.")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="Index a corpus folder (incrementally).")
    index.add_argument("--corpus", dest="corpus_dir", type=Path, help=Config.help("corpus_dir") + " [QA_CORPUS_DIR]")
    _add_index_options(index)
    index.add_argument("--chunk-size", dest="chunk_size", type=int, help=Config.help("chunk_size"))
    index.add_argument("--chunk-overlap", dest="chunk_overlap", type=int, help=Config.help("chunk_overlap"))
    index.add_argument("--rebuild", action="store_true", help="Re-embed everything from scratch.")
    index.add_argument("--json", action="store_true", help="Print the report as JSON.")
    index.set_defaults(run=cmd_index)

    search = commands.add_parser("search", help="Show the passages a question retrieves.")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=None, help=Config.help("top_k"))
    search.add_argument("--mode", choices=("hybrid", "bm25", "dense", "rerank"), default="hybrid", help="Retrieval method.")
    search.add_argument("--json", action="store_true", help="Print passages as JSON.")
    _add_index_options(search)
    search.set_defaults(run=cmd_search)

    ask = commands.add_parser("ask", help="Answer a question with cited sources.")
    ask.add_argument("question")
    ask.add_argument("-k", type=int, default=None, help=Config.help("top_k"))
    ask.add_argument("--json", action="store_true", help="Print the whole answer as JSON.")
    ask.add_argument("--llm", help=Config.help("llm") + " [QA_LLM]")
    ask.add_argument("--llm-base-url", dest="llm_base_url", help=Config.help("llm_base_url") + " [QA_LLM_BASE_URL]")
    ask.add_argument("--stream", action="store_true", help="Print the model's text as it is generated, then the verified answer.")
    _add_index_options(ask)
    ask.set_defaults(run=cmd_ask)

    evaluate = commands.add_parser("eval", help="Score known-answer questions; exit 1 when a gate fails.")
    evaluate.add_argument("--questions", type=Path, default=Path("evals/seeds.jsonl"), help="JSON Lines question file.")
    evaluate.add_argument("--corpus", dest="corpus_dir", type=Path, help=Config.help("corpus_dir"))
    evaluate.add_argument("--out", type=Path, default=Path("evals/out"), help="Where the report is written.")
    evaluate.add_argument("--gates", type=Path, default=Path("evals/gates.json"), help="Thresholds to enforce.")
    evaluate.add_argument("--compare", action="store_true", help="Also score BM25-only and dense-only baselines.")
    evaluate.add_argument("--llm", help=Config.help("llm") + " [QA_LLM]")
    evaluate.add_argument("--llm-base-url", dest="llm_base_url", help=Config.help("llm_base_url") + " [QA_LLM_BASE_URL]")
    evaluate.add_argument("--no-progress", action="store_true", help="No progress bar.")
    evaluate.add_argument("--off-corpus", action="store_true",
                          help="The questions were written for another corpus: score every one as unanswerable.")
    _add_index_options(evaluate)
    evaluate.set_defaults(run=cmd_eval)

    serve = commands.add_parser("serve", help="Open the chat page (Gradio) on http://HOST:PORT.")
    serve.add_argument("--host", default="127.0.0.1", help="Interface to bind; 0.0.0.0 exposes it to the network.")
    serve.add_argument("--port", type=int, default=7860, help="Port to serve on.")
    serve.add_argument("--auth", help="Require a login, as user:password [QA_AUTH].")
    serve.add_argument("--share", action="store_true", help="Also publish a temporary public gradio.live link.")
    serve.add_argument("--corpus", dest="corpus_dir", type=Path, help=Config.help("corpus_dir") + " [QA_CORPUS_DIR]")
    _add_index_options(serve)
    serve.add_argument("--llm", help=Config.help("llm") + " [QA_LLM]")
    serve.add_argument("--llm-base-url", dest="llm_base_url", help=Config.help("llm_base_url") + " [QA_LLM_BASE_URL]")
    serve.set_defaults(run=cmd_serve)

    bench = commands.add_parser("bench", help="Measure speed, scale and memory against a plain LlamaIndex anchor.")
    bench.add_argument("--out", type=Path, default=Path("evals/bench/out"), help="Where bench.json/.md/.png go.")
    bench.add_argument("--scales", help="Synthetic corpus sizes in chunks, comma-separated (default 1000,10000,50000).")
    bench.add_argument("--quick", action="store_true", help="Seconds, not minutes: the seed corpus and a few questions.")
    bench.set_defaults(run=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except QAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `qa ask ... | head`: the reader has all it wanted
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
