"""Generative answering against real HTTP servers on loopback that speak the OpenAI
chat-completions API and Ollama's /api/chat, replying from a script.

Every test runs the real pipeline: the seed corpus indexed in a temporary folder with the real
embedder, `qa.answer` with the `openai:` or `ollama:` backend, LlamaIndex's clients talking
HTTP. The scripted replies cite passages by finding them in the prompt the server received.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

import pytest

import qa
from qa.cli import main as cli_main
from qa.config import Config
from qa.errors import BackendError
from qa.generative import CONDENSE_PROMPT, prompt_budget
from qa.llm import get_llm, openai_base_url, reply_tokens
from qa.retrieval import open_retriever
from qa.tokens import count_tokens

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RED_CRESCENT = "Who was the head of the provincial Red Crescent?"
KILLED = "How many people were killed?"
WEATHER = "What was the weather in Kerman on the day of the attack?"
FALLAH = "Reza Fallah was the head of the provincial Red Crescent"
SECRET = "sk-test-do-not-leak-5d1f"
APIS = ["openai", "ollama"]

Script = Callable[[list[dict[str, str]]], Any]  # the request's messages -> reply text, or a Behaviour


@dataclass
class Behaviour:
    """A reply that is not plain text: a pause before answering, or a broken body."""

    sleep: float = 0.0
    text: str = ""
    body: bytes | None = None  # sent as-is instead of a well-formed reply


@dataclass
class Served:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class LLMServer:
    """One scripted server for both APIs, and what it was asked."""

    script: Script = lambda messages: ""
    requests: list[Served] = field(default_factory=list)
    prompt_tokens: int | None = None  # reported as the server's own count, when set
    url: str = ""


def _handler(server: LLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            server.requests.append(Served(self.path, dict(self.headers), body))
            reply = server.script(body["messages"])
            reply = reply if isinstance(reply, Behaviour) else Behaviour(text=reply)
            time.sleep(reply.sleep)
            try:
                if reply.body is not None:
                    self._send(200, "application/json", reply.body)
                elif self.path.endswith("/chat/completions"):
                    self._openai(body, reply.text)
                elif self.path == "/api/chat":
                    self._ollama(body, reply.text)
                else:
                    self._send(404, "application/json", b'{"error": "not found"}')
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as it should

        def _send(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _openai(self, body: dict, text: str) -> None:
            usage = {"prompt_tokens": server.prompt_tokens or 10, "completion_tokens": 5, "total_tokens": 15}
            if not body.get("stream"):
                message = {"role": "assistant", "content": text}
                reply = {"id": "c1", "object": "chat.completion", "created": 0, "model": body["model"], "usage": usage,
                         "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}
                return self._send(200, "application/json", json.dumps(reply).encode())
            events = [{"content": piece} for piece in _pieces(text)] + [{}]
            chunks = [
                {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                 "choices": [{"index": 0, "delta": delta, "finish_reason": None if delta else "stop"}]}
                for delta in events
            ]
            lines = [f"data: {json.dumps(c)}\n\n" for c in chunks] + ["data: [DONE]\n\n"]
            self._send(200, "text/event-stream", "".join(lines).encode())

        def _ollama(self, body: dict, text: str) -> None:
            done = {"model": body["model"], "created_at": "2024-01-05T00:00:00Z", "done": True, "done_reason": "stop",
                    "prompt_eval_count": server.prompt_tokens or 10, "eval_count": 5}
            if not body.get("stream", True):
                reply = {**done, "message": {"role": "assistant", "content": text}}
                return self._send(200, "application/json", json.dumps(reply).encode())
            lines = [{"model": body["model"], "created_at": "2024-01-05T00:00:00Z", "done": False,
                      "message": {"role": "assistant", "content": piece}} for piece in _pieces(text)]
            lines.append({**done, "message": {"role": "assistant", "content": ""}})
            self._send(200, "application/x-ndjson", "".join(json.dumps(x) + "\n" for x in lines).encode())

    return Handler


def _pieces(text: str) -> list[str]:
    """`text` in word-sized pieces, as a model streams it."""
    return re.findall(r"\S+\s*|\s+", text)


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    config = Config(corpus_dir=SEEDS, index_dir=tmp_path_factory.mktemp("llm") / "index")
    qa.build_index(config=config)
    return config


@pytest.fixture
def server() -> LLMServer:
    state = LLMServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()


def settings(api: str, server: LLMServer, **more: Any) -> dict[str, Any]:
    base = server.url + "/v1" if api == "openai" else server.url
    return {"llm": f"{api}:test-model", "llm_base_url": base, "llm_timeout": 10.0, **more}


def passages_in(messages: list[dict[str, str]]) -> dict[int, str]:
    """The numbered passages of an answering prompt, as the model reads them."""
    user = messages[-1]["content"]
    blocks = re.findall(r"^\[(\d+)\] (.*?)(?=\n\n\[\d+\] |\n\nQuestion: )", user, re.S | re.M)
    return {int(n): text for n, text in blocks}


def cite(messages: list[dict[str, str]], phrase: str) -> int:
    """The number of the first passage in the prompt containing `phrase`."""
    found = [n for n, text in passages_in(messages).items() if phrase in text]
    assert found, f"no passage in the prompt contains {phrase!r}"
    return found[0]


def elsewhere(messages: list[dict[str, str]], phrase: str) -> int:
    """The number of a passage in the prompt that does not contain `phrase`."""
    return next(n for n, text in passages_in(messages).items() if phrase not in text)


def assert_exact_citations(answer: qa.Answer, config: Config) -> None:
    retriever = open_retriever(config)
    for c in answer.citations:
        assert c.quote == retriever.source_text(c.source)[c.start:c.end]
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    assert sorted(set(numbers)) == [c.n for c in answer.citations]


# -- what verification keeps, corrects and removes ----------------------------------------------


@pytest.mark.parametrize("api", APIS)
def test_a_correct_cited_answer_is_kept_with_exact_citations(api, server, seed_config):
    server.script = lambda m: f"{FALLAH} [{cite(m, 'Reza Fallah')}]."
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings(api, server))
    assert answer.text == f"{FALLAH} [1]."
    assert "Reza Fallah, the head of the provincial Red Crescent" in answer.citations[0].quote
    assert [v.verdict for v in answer.verification] == ["supported"]
    assert not answer.abstained and "fallback" not in answer.meta
    assert answer.meta["generated_text"] == server.script(server.requests[0].body["messages"])
    assert_exact_citations(answer, seed_config)


@pytest.mark.parametrize("api", APIS)
def test_a_fabricated_number_is_removed_and_the_rest_kept(api, server, seed_config):
    server.script = lambda m: (f"{FALLAH} [{cite(m, 'Reza Fallah')}]. "
                               f"He said 284 people were killed [{cite(m, 'Reza Fallah')}].")
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings(api, server))
    assert answer.text == f"{FALLAH} [1]."
    kept, removed = answer.verification
    assert (kept.verdict, removed.verdict) == ("supported", "removed")
    assert "'284'" in removed.reason
    assert answer.meta["verified"] == {"supported": 1, "corrected": 0, "removed": 1}


def test_the_injured_count_given_as_the_death_toll_is_caught(server, seed_config):
    # SmolLM's known mistake: 284 is how many were injured ("killed at least 95 people, and injured 284 others").
    server.script = lambda m: f"284 people were killed [{cite(m, 'injured 284 others')}]."
    answer = qa.answer(KILLED, config=seed_config, **settings("openai", server))
    [verdict] = answer.verification
    assert verdict.verdict == "removed" and "284" in verdict.reason
    assert answer.meta["fallback"] == "none of the model's sentences is stated by the passages"
    assert "284 people were killed" not in answer.text
    assert answer.conflicts, "the extractive answer's disagreement is what the reader gets"
    assert_exact_citations(answer, seed_config)


def test_conflicts_found_by_the_extractive_answerer_are_carried_over(server, seed_config):
    server.script = lambda m: f"The attacks killed at least 95 people [{cite(m, 'killed at least 95 people')}]."
    answer = qa.answer(KILLED, config=seed_config, **settings("openai", server))
    plain = qa.answer(KILLED, config=seed_config)
    assert plain.conflicts, "the seeds disagree about the death toll"
    first = "The attacks killed at least 95 people [1]. "
    assert answer.text.startswith(first)
    unmarked = lambda text: re.sub(r"\[\d+\]", "", text)  # noqa: E731
    assert unmarked(answer.text[len(first):]) == unmarked(plain.text), "the disagreement is stated as before"
    assert [[v.value for v in c.values] for c in answer.conflicts] == [[v.value for v in c.values] for c in plain.conflicts]
    by_number = {c.n: c for c in answer.citations}
    for conflict, before in zip(answer.conflicts, plain.conflicts):
        for value, old in zip(conflict.values, before.values):
            assert [by_number[n].quote for n in value.citations] == [plain.citations[n - 1].quote for n in old.citations]
    assert_exact_citations(answer, seed_config)


@pytest.mark.parametrize("api", APIS)
def test_a_citation_to_the_wrong_passage_is_corrected(api, server, seed_config):
    server.script = lambda m: f"{FALLAH} [{elsewhere(m, 'Reza Fallah')}]."
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings(api, server))
    assert answer.text == f"{FALLAH} [1]."
    assert "Reza Fallah" in answer.citations[0].quote
    [verdict] = answer.verification
    assert verdict.verdict == "corrected" and "states it" in verdict.reason
    assert_exact_citations(answer, seed_config)


def test_a_reply_without_citations_is_cited_where_the_passages_state_it(server, seed_config):
    server.script = lambda m: f"{FALLAH}. Reza Fallah was the mayor of Tehran."
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings("openai", server))
    assert answer.text == f"{FALLAH} [1]."
    assert [v.verdict for v in answer.verification] == ["corrected", "removed"]
    assert "Tehran" in answer.verification[1].reason
    assert_exact_citations(answer, seed_config)


def test_true_sentences_about_something_else_are_not_an_answer(server, seed_config):
    funeral = "A mass funeral for the victims of the attack was held at the Emam Ali mosque in Kerman"
    server.script = lambda m: f"{funeral} [{cite(m, 'Emam Ali mosque')}]."
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings("openai", server))
    assert answer.meta["fallback"] == "the model's supported sentences do not address the question"
    assert [v.verdict for v in answer.verification] == ["supported"]
    assert answer.text.startswith(extractive(seed_config).text)


def test_a_who_answer_that_names_nobody_is_not_an_answer(server, seed_config):
    # As SmolLM answers "who was in charge of the Red Crescent in Kerman province": true, and naming no one.
    vague = "The provincial Red Crescent was led by the head of the provincial Red Crescent"
    server.script = lambda m: f"{vague} [{cite(m, 'Reza Fallah')}]."
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings("openai", server))
    assert answer.meta["fallback"] == "the model's supported sentences state no name"
    assert "Reza Fallah" in answer.text and vague not in answer.text


def test_a_model_saying_the_passages_do_not_answer_makes_the_answer_abstain(server, seed_config):
    server.script = lambda m: "The passages do not contain the answer."
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings("openai", server))
    assert answer.abstained and answer.meta["model_abstained"]
    assert answer.text == "The documents don't say."


def test_when_the_extractive_answerer_abstains_the_model_is_not_asked(server, seed_config):
    server.script = lambda m: "It was sunny and 18 degrees in Kerman [1]."
    answer = qa.answer(WEATHER, config=seed_config, **settings("openai", server))
    assert answer.abstained and server.requests == []
    assert "llm_skipped" in answer.meta


# -- failures give the extractive answer with a message -----------------------------------------


def extractive(config: Config) -> qa.Answer:
    return qa.answer(RED_CRESCENT, config=config)


@pytest.mark.parametrize("api", APIS)
def test_a_server_slower_than_the_timeout_gives_the_extractive_answer(api, server, seed_config):
    server.script = lambda m: Behaviour(sleep=3.0, text=f"{FALLAH} [1].")
    started = time.monotonic()
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings(api, server, llm_timeout=0.5))
    assert time.monotonic() - started < 3.0
    assert "did not answer within 0.5 s" in answer.meta["fallback"]
    assert answer.text.startswith(extractive(seed_config).text)
    assert "language model's reply was not used" in answer.text


@pytest.mark.parametrize("api", APIS)
def test_a_malformed_body_gives_the_extractive_answer(api, server, seed_config):
    server.script = lambda m: Behaviour(body=b'{"choices": [oops')
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings(api, server))
    assert "malformed reply" in answer.meta["fallback"]
    assert answer.text.startswith(extractive(seed_config).text)


@pytest.mark.parametrize("api", APIS)
def test_an_empty_reply_gives_the_extractive_answer(api, server, seed_config):
    server.script = lambda m: ""
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings(api, server))
    assert "empty reply" in answer.meta["fallback"]
    assert answer.citations == extractive(seed_config).citations


@pytest.mark.parametrize("api", APIS)
def test_an_unreachable_server_gives_the_extractive_answer(api, seed_config):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free once closed: nothing listens there
    url = f"http://127.0.0.1:{port}" + ("/v1" if api == "openai" else "")
    answer = qa.answer(RED_CRESCENT, config=seed_config, llm=f"{api}:m", llm_base_url=url, llm_timeout=5.0)
    assert "Could not reach" in answer.meta["fallback"] and url in answer.meta["fallback"]
    assert answer.text.startswith(extractive(seed_config).text)


def test_a_server_counting_more_prompt_tokens_than_fit_is_not_trusted(server, seed_config):
    server.script = lambda m: f"{FALLAH} [1]."
    server.prompt_tokens = seed_config.context_window  # it must have cut the prompt to fit
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings("ollama", server))
    assert "may have cut the passages" in answer.meta["fallback"]


# -- the prompt ---------------------------------------------------------------------------------


def test_passages_that_do_not_fit_the_budget_are_dropped_lowest_ranked_first(server, seed_config):
    server.script = lambda m: f"{FALLAH} [{cite(m, 'Reza Fallah')}]."
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings("openai", server, context_window=1000))
    messages = server.requests[0].body["messages"]
    shown = passages_in(messages)
    assert len(shown) == answer.meta["passages_in_prompt"] < len(answer.passages)
    dropped = answer.meta["dropped_passages"]
    assert [d["rank"] for d in dropped] == list(range(len(shown) + 1, len(answer.passages) + 1))
    assert [(d["source"], d["start"]) for d in dropped] == [(p.source, p.start) for p in answer.passages[len(shown):]]
    tokens = sum(count_tokens(m["content"]) + 4 for m in messages)
    assert tokens == answer.meta["prompt_tokens"] <= prompt_budget(1000, reply_tokens(seed_config.with_(context_window=1000)))
    assert answer.text == f"{FALLAH} [1]."


def test_the_prompt_numbers_passages_and_asks_for_citations(server, seed_config):
    server.script = lambda m: f"{FALLAH} [{cite(m, 'Reza Fallah')}]."
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings("openai", server))
    system, user = server.requests[0].body["messages"]
    assert "only" in system["content"] and "[1]" in system["content"] and "do not contain the answer" in system["content"]
    assert list(passages_in([user])) == list(range(1, len(answer.passages) + 1))
    assert user["content"].endswith(f"Question: {RED_CRESCENT}")


def test_ollama_is_sent_the_context_window_and_reply_limit(server, seed_config):
    server.script = lambda m: f"{FALLAH} [1]."
    qa.answer(RED_CRESCENT, config=seed_config, **settings("ollama", server, context_window=3000))
    options = server.requests[0].body["options"]
    assert options["num_ctx"] == 3000 and options["num_predict"] == reply_tokens(seed_config.with_(context_window=3000))


def test_openai_is_sent_the_reply_limit_and_the_key_which_is_never_shown(server, seed_config, monkeypatch):
    monkeypatch.setenv("QA_LLM_API_KEY", SECRET)
    server.script = lambda m: Behaviour(body=b"not json")
    answer = qa.answer(RED_CRESCENT, config=seed_config, **settings("openai", server))
    request = server.requests[0]
    assert request.headers["Authorization"] == f"Bearer {SECRET}"
    assert request.body["max_tokens"] == reply_tokens(seed_config)
    assert SECRET not in json.dumps(answer.to_dict())


# -- streaming ----------------------------------------------------------------------------------


@pytest.mark.parametrize("api", APIS)
def test_tokens_stream_as_they_arrive_and_the_answer_is_verified(api, server, seed_config):
    server.script = lambda m: (f"{FALLAH} [{cite(m, 'Reza Fallah')}]. "
                               f"He said 284 people were killed [{cite(m, 'Reza Fallah')}].")
    pieces: list[str] = []
    answer = qa.answer(RED_CRESCENT, config=seed_config, on_token=pieces.append, **settings(api, server))
    assert server.requests[0].body["stream"] is True
    assert len(pieces) > 5 and "".join(pieces) == answer.meta["generated_text"]
    assert answer.text == f"{FALLAH} [1]."


def test_a_stream_outlasting_the_timeout_is_abandoned(server, seed_config):
    server.script = lambda m: Behaviour(sleep=2.0, text=f"{FALLAH} [1].")
    pieces: list[str] = []
    answer = qa.answer(RED_CRESCENT, config=seed_config, on_token=pieces.append,
                       **settings("ollama", server, llm_timeout=0.5))
    assert pieces == [] and "did not answer within 0.5 s" in answer.meta["fallback"]


def test_cli_streams_then_prints_the_verified_answer(server, seed_config, capsys):
    server.script = lambda m: (f"{FALLAH} [{cite(m, 'Reza Fallah')}]. "
                               f"He said 284 people were killed [{cite(m, 'Reza Fallah')}].")
    code = cli_main(["ask", RED_CRESCENT, "--index", str(seed_config.index_dir), "--llm", "openai:test-model",
                     "--llm-base-url", server.url, "--stream"])
    out = capsys.readouterr().out
    assert code == 0
    streamed, verified = out.split("--- verified answer ---")
    assert "284 people were killed" in streamed
    answer_line, *details = verified.strip().splitlines()
    assert answer_line == f"{FALLAH} [1]."
    assert details[0].startswith('  (removed: "He said 284 people were killed')


def test_unverified_answers_keep_the_model_s_words_and_cite_whole_passages(server, seed_config):
    server.script = lambda m: (f"{FALLAH} [{cite(m, 'Reza Fallah')}]. "
                               f"He said 284 people were killed [{cite(m, 'Reza Fallah')}].")
    answer = qa.answer(RED_CRESCENT, config=seed_config, verify=False, **settings("openai", server))
    assert answer.text == f"{FALLAH} [1]. He said 284 people were killed [1]."
    [citation] = answer.citations
    assert "Reza Fallah" in citation.quote and len(citation.quote) > len(FALLAH)  # the whole passage
    assert answer.verification == [] and answer.meta["verified"] == "off"
    assert_exact_citations(answer, seed_config)


def test_eval_with_a_backend_compares_verified_unverified_and_extractive(server, seed_config, tmp_path):
    server.script = lambda m: (f"{FALLAH} [{cite(m, 'Reza Fallah')}]. "
                               f"He said 284 people were killed [{cite(m, 'Reza Fallah')}].")
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "f1", "type": "fact", "question": RED_CRESCENT,
                                     "answers": ["Reza Fallah"], "sources": ["000", "001"]}) + "\n")
    out, gates = tmp_path / "out", tmp_path / "gates.json"
    gates.write_text('{"schema_version": 1, "min": {"accuracy": 1.0}}')
    code = cli_main(["eval", "--questions", str(questions), "--corpus", str(SEEDS), "--index", str(seed_config.index_dir),
                     "--out", str(out), "--gates", str(gates), "--llm", "openai:test-model",
                     "--llm-base-url", server.url, "--compare", "--no-progress"])
    assert code == 0
    systems = json.loads((out / "metrics.json").read_text())["systems"]
    assert {"qa", "unverified", "extractive"} <= set(systems)
    assert systems["qa"]["metrics"]["removed_by_verification"] == 0.5
    assert systems["unverified"]["metrics"]["generated_sentences"] == 0
    assert systems["extractive"]["metrics"]["generated_sentences"] == 0
    assert "share removed by verification" in (out / "report.md").read_text()


# -- follow-ups ---------------------------------------------------------------------------------


def answer_or_rewrite(rewrite: Any) -> Script:
    def script(messages: list[dict[str, str]]) -> Any:
        if messages[0]["content"] == CONDENSE_PROMPT:
            return rewrite
        return f"{FALLAH} [{cite(messages, 'Reza Fallah')}]."
    return script


def test_a_follow_up_is_rewritten_by_the_model_before_retrieval(server, seed_config):
    server.script = answer_or_rewrite("Who headed the Red Crescent in Kerman province?")
    history = [("Which aid organisation helped the injured in Kerman?", "The Red Crescent [1].")]
    answer = qa.answer("Who was its head there?", history=history, config=seed_config, **settings("openai", server))
    condense = server.requests[0].body["messages"]
    assert "Which aid organisation helped the injured in Kerman?" in condense[1]["content"]
    assert "[1]" not in condense[1]["content"]  # earlier answers are shown without markers
    assert answer.meta["condensed_by"] == "openai:test-model"
    assert answer.meta["resolved_question"] == "Who headed the Red Crescent in Kerman province?"
    assert answer.text == f"{FALLAH} [1]."


def test_a_failed_rewrite_falls_back_to_the_rule_based_reading(server, seed_config):
    server.script = answer_or_rewrite(Behaviour(body=b"{"))
    history = [(RED_CRESCENT, f"{FALLAH} [1].")]
    answer = qa.answer("And who was its head?", history=history, config=seed_config, **settings("ollama", server))
    assert "malformed reply" in answer.meta["condense_failed"]
    assert answer.meta["resolved_question"].startswith("And who was its head? (")
    assert "condensed_by" not in answer.meta


# -- the registry -------------------------------------------------------------------------------


def test_unknown_backends_and_missing_models_are_errors(seed_config):
    with pytest.raises(BackendError, match="choose one of"):
        qa.answer(RED_CRESCENT, config=seed_config, llm="gpt4all:x")
    with pytest.raises(BackendError, match="ollama:<model>"):
        get_llm("ollama", seed_config)


@pytest.mark.parametrize("name, module, install", [
    ("ollama:m", "llama_index.llms.ollama", "pip install llama-index-llms-ollama"),
    ("openai:m", "llama_index.llms.openai_like", "pip install llama-index-llms-openai-like"),
])
def test_a_missing_extra_names_the_install_command(name, module, install, monkeypatch, seed_config):
    monkeypatch.setitem(__import__("sys").modules, module, None)  # makes `import module` fail
    with pytest.raises(BackendError, match=re.escape(install)):
        qa.answer(RED_CRESCENT, config=seed_config, llm=name, llm_base_url="http://127.0.0.1:9")


@pytest.mark.parametrize("given, used", [
    ("", "https://api.openai.com/v1"), ("http://127.0.0.1:8000", "http://127.0.0.1:8000/v1"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1"), ("http://host/api/v1/", "http://host/api/v1"),
])
def test_openai_base_urls_get_their_v1(given, used):
    assert openai_base_url(given) == used
