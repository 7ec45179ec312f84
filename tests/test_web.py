"""The chat page's handlers, called directly (no server) on real indexes built in tmp_path.

The seed corpus answers through the real extractive answerer; abstentions and disagreements
are rendered from answers of scripted answerers registered through the real ANSWERERS
registry, built from the passages the real retriever returns.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import gradio as gr
import pytest

import qa
from qa import web
from qa.answering import ANSWERERS, answer as real_answer
from qa.config import Config
from qa.types import Answer, Citation, Conflict, ConflictValue

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FUNERAL = "Where was the mass funeral for the people who were killed held?"
BOZROV = "How old was the bomber with the surname Bozrov?"


@pytest.fixture(scope="module")
def seeds_config(tmp_path_factory) -> Config:
    root = tmp_path_factory.mktemp("web-seeds")
    config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
    shutil.copytree(SEEDS, config.corpus_dir)
    qa.build_index(config=config)
    return config


@pytest.fixture
def handlers(seeds_config) -> web.ChatHandlers:
    return web.ChatHandlers(seeds_config)


LIGHTHOUSE = "The Skarvik lighthouse was first lit on 12 March 1874 by keeper Elin Brandt."
HOSTILE = "<script>alert('x')</script> The <b>harbour</b> master is Jonas Ekberg & sons. ${alert(1)}"


@pytest.fixture
def tiny_config(tmp_path) -> Config:
    config = Config(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    config.corpus_dir.mkdir()
    (config.corpus_dir / "harbour.txt").write_text(HOSTILE, encoding="utf-8")
    qa.build_index(config=config)
    return config


def _scripted(kind: str):
    """An answerer factory that abstains or disagrees over the real passages it is given."""

    class Scripted:
        name = kind

        def __init__(self, retriever, config):
            self.retriever = retriever

        def answer(self, question, passages):
            citations = [Citation(i + 1, p.source, p.start, p.end, p.text, p.score) for i, p in enumerate(passages[:2])]
            if kind == "abstaining":
                return Answer(question.text, "The documents don't say. Closest: [1]; [2]", citations,
                              abstained=True, passages=passages)
            values = [ConflictValue("84", [1], "early report"), ConflictValue("95 <revised>", [2])]
            return Answer(question.text, "The sources disagree: 84 [1]; 95 [2].", citations,
                          conflicts=[Conflict("the death toll", values)], passages=passages)

    return Scripted


@pytest.fixture
def scripted(monkeypatch):
    for kind in ("abstaining", "disagreeing"):
        monkeypatch.setitem(ANSWERERS, kind, _scripted(kind))


def _last(views) -> web.ChatView:
    views = list(views)
    assert views, "the handler yielded nothing"
    return views[-1]


# -- asking -------------------------------------------------------------------------------------

def test_answer_shows_linked_markers_and_each_quote_marked_in_its_passage(handlers, seeds_config):
    views = list(handlers.respond(FUNERAL, [], 6, "extractive", ""))
    assert "Searching the documents" in views[0].messages[-1]["content"]
    assert views[0].question == ""  # the box is cleared at once
    view = views[-1]
    answer = view.turns[-1].answer
    assert answer is not None and answer.citations and not answer.abstained
    assert "Emam Ali" in answer.text
    reply = view.messages[-1]["content"]
    assert [m["role"] for m in view.messages] == ["user", "assistant"]
    for c in answer.citations:
        assert f'href="#qa-src-0-{c.n}"' in reply and f">[{c.n}]</a>" in reply
        assert f'id="qa-src-0-{c.n}"' in view.sources
        assert f"<mark>{html.escape(c.quote)}</mark>" in view.sources
    assert view.picker["choices"] == [(f"[{c.n}] {c.source}", f"0:{c.n}") for c in answer.citations]
    assert view.picker["value"] == "0:1"
    first = answer.citations[0]
    whole = (seeds_config.corpus_dir / first.source).read_text(encoding="utf-8")
    assert f'<mark class="qa-cited">{html.escape(first.quote)}</mark>' in view.document
    assert html.escape(whole[:first.start]) in view.document and f"of {len(whole)}" in view.document


def test_choosing_another_source_shows_its_document_with_the_span_marked(handlers):
    view = _last(handlers.respond(FUNERAL, [], 6, "extractive", ""))
    last = view.turns[0].answer.citations[-1]
    shown = handlers.show_source(f"0:{last.n}", view.turns)
    assert f'<mark class="qa-cited">{html.escape(last.quote)}</mark>' in shown
    assert last.source in shown
    assert "not part of this conversation" in handlers.show_source("5:1", view.turns)


def test_abstention_is_set_apart_and_offers_the_closest_passages(handlers, scripted):
    view = _last(handlers.respond("What was the weather like in Kerman?", [], 4, "abstaining", ""))
    reply = view.messages[-1]["content"]
    assert reply.startswith('<div class="qa-abstain">') and "Not answered by the documents" in reply
    assert "qa-conflict" not in reply
    assert "Closest passages — they do not answer the question" in view.sources
    assert view.sources.count("<mark>") == 2


def test_disagreement_lists_each_value_with_its_citations_and_note(handlers, scripted):
    view = _last(handlers.respond("How many people died?", [], 4, "disagreeing", ""))
    reply = view.messages[-1]["content"]
    conflict = reply[reply.index('<div class="qa-conflict">'):]
    assert "The sources disagree: the death toll" in conflict
    assert '<li><strong>84</strong> <a class="qa-cite" href="#qa-src-0-1"' in conflict
    assert '<span class="qa-note">(early report)</span>' in conflict
    assert "<strong>95 &lt;revised&gt;</strong>" in conflict  # values are escaped too
    assert "qa-abstain" not in reply


def test_follow_up_passes_the_earlier_turns_as_history(seeds_config):
    seen: list[list[tuple[str, str]]] = []

    def recording(question, **kwargs):
        seen.append(kwargs["history"])
        yield from web.answer_events(question, **kwargs)

    handlers = web.ChatHandlers(seeds_config, events=recording)
    first = _last(handlers.respond(BOZROV, [], 6, "extractive", ""))
    second = _last(handlers.respond("And where was he trained?", first.turns, 6, "extractive", ""))
    assert seen == [[], [(BOZROV, first.turns[0].answer.text)]]
    assert len(second.messages) == 4 and len(second.turns) == 2
    assert second.turns[1].answer.meta["resolved_question"] != "And where was he trained?"
    assert "Read as a follow-up" in second.messages[-1]["content"]
    assert 'id="qa-src-1-1"' in second.sources  # the panel shows the newest turn


def test_simultaneous_conversations_keep_their_own_history(seeds_config):
    seen: dict[str, list] = {}

    def recording(question, **kwargs):
        seen[question] = kwargs["history"]
        yield from web.answer_events(question, **kwargs)

    handlers = web.ChatHandlers(seeds_config, events=recording)
    a = [web.Turn("Question A", Answer("Question A", "Answer A"))]
    b = [web.Turn("Question B", Answer("Question B", "Answer B"))]
    threads = [threading.Thread(target=lambda t=t, q=q: list(handlers.respond(q, t, 4, "", "")))
               for t, q in ((a, "What did ISIS plant?"), (b, "Who was Bozrov?"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert seen == {"What did ISIS plant?": [("Question A", "Answer A")], "Who was Bozrov?": [("Question B", "Answer B")]}
    assert len(a) == len(b) == 1  # the handler returns new turn lists; it never mutates the state it got


def test_streamed_text_is_shown_as_it_arrives(seeds_config):
    final = real_answer(FUNERAL, config=seeds_config)

    def streaming(question, **kwargs):
        yield "A mass funeral "
        yield "was held."
        yield final

    views = list(web.ChatHandlers(seeds_config, events=streaming).respond(FUNERAL, [], 6, "", ""))
    replies = [v.messages[-1]["content"] for v in views]
    assert "Searching the documents" in replies[0]
    assert replies[1].startswith("A mass funeral ") and "qa-pending" in replies[1]
    assert replies[2].startswith("A mass funeral was held.")
    assert replies[3] == web.render_answer(final, 0)


class _StreamingModel(BaseHTTPRequestHandler):
    """An OpenAI-compatible chat server that streams its reply a word at a time, citing the
    prompt's passage about the funeral; a short pause between words lets the chat show them arrive."""

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][-1]["content"]
        blocks = re.findall(r"^\[(\d+)\] (.*?)(?=\n\n\[\d+\] |\n\nQuestion: )", prompt, re.S | re.M)
        n = next(n for n, text in blocks if "Emam Ali" in text)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for delta in [{"content": w} for w in re.findall(r"\S+\s*", STREAMED.format(n=n))] + [{}]:
            chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                     "choices": [{"index": 0, "delta": delta, "finish_reason": None if delta else "stop"}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
            time.sleep(0.03)
        self.wfile.write(b"data: [DONE]\n\n")


STREAMED = "A mass funeral for the victims of the attack was held at the Emam Ali mosque in Kerman [{n}]."


@pytest.fixture
def model_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _StreamingModel)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_a_language_model_reply_streams_into_the_chat_then_the_verified_answer(seeds_config, model_server):
    handlers = web.ChatHandlers(seeds_config.with_(llm_base_url=model_server, llm_timeout=10.0))
    views = list(handlers.respond(FUNERAL, [], 6, "openai", "test-model"))
    drafts = [v.messages[-1]["content"] for v in views[1:-1]]
    assert len(drafts) >= 3, "the reply arrived in one piece"
    assert all("qa-pending" in d for d in drafts)
    assert drafts[0].startswith("A ") and drafts[-1].startswith("A mass funeral for the victims")
    assert [len(d) for d in drafts] == sorted(len(d) for d in drafts)  # the draft only grows
    answer = views[-1].turns[-1].answer
    assert answer.meta["backend"] == "openai:test-model" and answer.meta["generated_text"].endswith("].")
    assert "Emam Ali" in answer.text and answer.citations
    assert views[-1].messages[-1]["content"] == web.render_answer(answer, 0)


def test_an_error_is_shown_in_the_chat_and_left_out_of_the_history(handlers):
    too_long = "why " * 400
    with pytest.warns(UserWarning, match="limit is 200"):  # gr.Warning, outside a server
        view = _last(handlers.respond(too_long, [], 6, "", ""))
    assert '<div class="qa-error">' in view.messages[-1]["content"] and "limit is 200" in view.messages[-1]["content"]
    assert view.turns[0].answer is None and web.history_of(view.turns) == []
    with pytest.warns(UserWarning, match="Unknown answerer"):
        unknown = _last(handlers.respond(FUNERAL, view.turns, 6, "no-such-backend", "x"))
    assert "Unknown answerer &#x27;no-such-backend:x&#x27;" in unknown.messages[-1]["content"]
    assert len(unknown.messages) == 4


def test_an_unexpected_failure_ends_the_turn_with_a_visible_error(seeds_config):
    def broken(question, **kwargs):
        yield "Half an ans"
        raise RuntimeError("backend went away")

    with pytest.warns(UserWarning, match="backend went away"):
        view = _last(web.ChatHandlers(seeds_config, events=broken).respond(FUNERAL, [], 6, "", ""))
    assert "RuntimeError: backend went away" in view.messages[-1]["content"]
    assert "qa-pending" not in view.messages[-1]["content"]


def test_an_empty_question_asks_for_one_without_a_turn(handlers):
    with pytest.warns(UserWarning, match="Type a question"):
        view = _last(handlers.respond("   ", [], 6, "", ""))
    assert view.turns == [] and view.messages == []


def test_clicking_an_earlier_message_shows_its_sources(handlers):
    first = _last(handlers.respond(FUNERAL, [], 6, "", ""))
    second = _last(handlers.respond(BOZROV, first.turns, 6, "", ""))
    sources, picker, document = handlers.show_turn(second.turns, gr.SelectData(None, {"index": 1, "value": ""}))
    assert sources == first.sources and picker["value"] == "0:1" and document == first.document


def test_clear_starts_a_new_conversation(handlers):
    view = handlers.clear()
    assert view.turns == [] and view.messages == [] and view.picker["choices"] == []


# -- the corpus panel and uploads ---------------------------------------------------------------

def test_corpus_panel_lists_documents_chunk_counts_and_embedder(handlers, seeds_config):
    panel = handlers.corpus()
    for path in sorted(SEEDS.iterdir()):
        assert f"<td>{path.name}</td>" in panel
    assert "all-MiniLM-L6-v2 (384 dimensions)" in panel and "5 documents" in panel


def test_corpus_panel_without_an_index_says_how_to_make_one(tmp_path):
    panel = web.ChatHandlers(Config(corpus_dir=tmp_path, index_dir=tmp_path / "none")).corpus()
    assert "No usable index yet" in panel and "Re-index" in panel


@pytest.mark.parametrize("raw, saved", [
    ("notes.md", "notes.md"),
    ("dir/sub/report.PDF", "report.PDF"),
    ("C:\\Users\\ann\\page.html", "page.html"),
    ("we ird<name>.txt", "we ird_name_.txt"),
])
def test_upload_names_are_stripped_to_a_safe_file_name(raw, saved):
    assert web.safe_upload_name(raw) == saved


@pytest.mark.parametrize("raw, reason", [
    ("../evil.txt", "'..'"),
    ("docs/../../evil.txt", "'..'"),
    ("..", "'..'"),
    (".env.txt", "hidden"),
    ("tool.exe", "only .txt"),
    ("archive.tar.gz", "only .txt"),
    ("noextension", "only .txt"),
    ("", "no file name"),
    ("bad\x00name.txt", "control characters"),
])
def test_unsafe_upload_names_are_refused_with_a_reason(raw, reason):
    with pytest.raises(qa.InputError, match=reason.replace(".", r"\.")):
        web.safe_upload_name(raw)


def _upload(tmp_path: Path, name: str, text: str) -> str:
    folder = tmp_path / "uploads" / str(len(list(tmp_path.glob("uploads/*"))))
    folder.mkdir(parents=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_oversized_uploads_are_refused_before_copying(tmp_path, tiny_config):
    big = Path(_upload(tmp_path, "big.txt", ""))
    with big.open("wb") as f:
        f.truncate(web.MAX_UPLOAD_BYTES + 1)
    with pytest.warns(UserWarning, match="upload limit"):
        status, _, cleared = web.ChatHandlers(tiny_config).add_documents([str(big)], progress=lambda *a, **k: None)
    assert "big.txt: 10.5 MB is over the 10 MB upload limit" in status and cleared is None
    assert not (tiny_config.corpus_dir / "big.txt").exists()


def test_uploaded_documents_are_indexed_and_citable_at_once(tmp_path, tiny_config):
    calls = []
    handlers = web.ChatHandlers(tiny_config)
    files = [_upload(tmp_path, "lighthouse.txt", LIGHTHOUSE), _upload(tmp_path, "setup.exe", "MZ")]
    with pytest.warns(UserWarning, match="setup.exe"):
        status, panel, _ = handlers.add_documents(files, progress=lambda *a, **k: calls.append((a, k)))
    assert "Saved lighthouse.txt" in status and "Added: lighthouse.txt." in status
    assert "Not added: setup.exe: only .txt" in status
    assert sorted(p.name for p in tiny_config.corpus_dir.iterdir()) == ["harbour.txt", "lighthouse.txt"]
    assert "<td>lighthouse.txt</td>" in panel and "2 documents" in panel
    assert ((1, 1),) in [a for a, _ in calls]  # one chunk embedded, reported to the progress bar
    view = _last(handlers.respond("Who first lit the Skarvik lighthouse?", [], 4, "", ""))
    cited = view.turns[-1].answer.citations
    assert cited and cited[0].source == "lighthouse.txt" and "Elin Brandt" in cited[0].quote


def test_reindex_reports_what_changed(tiny_config):
    (tiny_config.corpus_dir / "harbour.txt").unlink()
    (tiny_config.corpus_dir / "lighthouse.txt").write_text(LIGHTHOUSE, encoding="utf-8")
    status, panel = web.ChatHandlers(tiny_config).reindex(progress=lambda *a, **k: None)
    assert "Added: lighthouse.txt." in status and "Removed: harbour.txt." in status
    assert "harbour.txt" not in panel and "<td>lighthouse.txt</td>" in panel


def test_document_text_is_escaped_everywhere(tiny_config):
    handlers = web.ChatHandlers(tiny_config)
    view = _last(handlers.respond("Who is the harbour master?", [], 4, "", ""))
    assert view.turns[-1].answer.citations
    for shown in (view.messages[-1]["content"], view.sources, view.document):
        assert "<script>" not in shown and "<b>" not in shown
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in view.document
    assert "Jonas Ekberg &amp; sons" in view.document


# -- the scriptable endpoint and the launchers --------------------------------------------------

def test_api_ask_returns_plain_json(handlers):
    result = handlers.api_ask("And where was he trained?", f'[["{BOZROV}", "He was 24."]]', 3)
    assert set(result) == {"question", "answer", "citations", "abstained", "conflicts", "resolved_question"}
    assert result["citations"] and "[1]" in result["answer"] and result["abstained"] is False
    assert set(result["citations"][0]) == {"n", "source", "start", "end", "quote", "score"}
    assert "Bozrov" in result["resolved_question"]
    as_list = handlers.api_ask("And where was he trained?", [[BOZROV, "He was 24."]], 3)
    assert as_list["citations"] == result["citations"]


@pytest.mark.parametrize("history, message", [
    ("not json", "history must be JSON"),
    ('{"q": 1}', "must be a list"),
    ('[["only a question"]]', "is not a \\[question, answer\\] pair"),
])
def test_api_ask_turns_bad_input_into_a_readable_error(handlers, history, message):
    with pytest.raises(gr.Error, match=message):
        handlers.api_ask(FUNERAL, history, 3)
    with pytest.raises(gr.Error, match="The question is empty"):
        handlers.api_ask("", None, 3)


def test_build_app_wires_the_ask_endpoint_without_launching(seeds_config):
    app = web.build_app(seeds_config, examples=["Who?"])
    names = {fn.api_name for fn in app.fns.values()}
    assert "ask" in names and not app.is_running


@pytest.mark.parametrize("value, expected", [(None, None), ("", None), ("ann:s3:cr3t", ("ann", "s3:cr3t"))])
def test_auth_is_user_colon_password(value, expected):
    assert web.parse_auth(value) == expected


@pytest.mark.parametrize("answerer, model, llm", [
    ("extractive", "", "extractive"), ("extractive", "ignored", "extractive"),
    ("ollama", "llama3", "ollama:llama3"), ("openai", " gpt-4o-mini ", "openai:gpt-4o-mini"), ("", "", ""),
])
def test_answerer_and_model_make_the_llm_setting(answerer, model, llm):
    assert web.llm_name(answerer, model) == llm


def test_bad_auth_is_refused():
    with pytest.raises(qa.InputError, match="user:password"):
        web.parse_auth("nocolon")


def test_qa_ask_does_not_import_gradio():
    code = ("import sys, qa.cli; p = qa.cli.build_parser(); p.parse_args(['serve', '--port', '1']); "
            "assert 'gradio' not in sys.modules, 'gradio imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
