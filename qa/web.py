"""The chat page: ask the corpus, read each cited span in its document, add documents.

`build_app(config)` builds the Gradio Blocks without serving them; `launch(...)` serves them.
The module reads top to bottom in four layers:

- rendering: pure functions from answers and documents to HTML. Everything that comes from a
  document or a user is HTML-escaped before it reaches the page;
- uploads: which uploaded files may enter the corpus folder, and under what name;
- `ChatHandlers`: the event handlers, plain methods that tests call without a server;
- wiring: components, events, the named `ask` API endpoint, and launching.

A conversation lives in per-session `gr.State` (a list of `Turn`s), never in module globals, so
simultaneous users neither see nor mix each other's history.
"""

from __future__ import annotations

import html
import json
import logging
import os
import queue
import re
import shutil
import sys
import threading
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

import gradio as gr

import qa
from .answering import ANSWERERS
from .corpus import SUPPORTED_SUFFIXES
from .errors import CorpusError, IndexStateError, InputError, QAError
from .retrieval import open_retriever
from .types import Answer, Citation, Conflict, IndexReport

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ANSWER_CONCURRENCY = 4  # answers run side by side; each session's history is its own State
CONTEXT_CHARS = 240  # context shown on each side of a cited quote in the sources panel
MAX_K = 20

log = logging.getLogger(__name__)

SEED_EXAMPLES = [
    "How many people died in the Kerman bombings?",
    "Where was the mass funeral for the people who were killed held?",
    "What did ISIS say its fighters planted at the ceremony?",
    "What was the weather like in Kerman on the day of the bombings?",
]


# -- rendering: answers, sources and documents as HTML ----------------------------------------

def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _cite_link(c: Citation, turn: int) -> str:
    title = esc(f"{c.source} [{c.start}:{c.end}]")
    return f'<a class="qa-cite" href="#qa-src-{turn}-{c.n}" title="{title}">[{c.n}]</a>'


def link_markers(escaped: str, citations: list[Citation], turn: int) -> str:
    """`[n]` markers of known citations turned into links to their source cards.

    Only numbers that are citations are linked: documents quote their own footnotes ("[16]").
    """
    by_n = {c.n: c for c in citations}

    def link(match: re.Match[str]) -> str:
        c = by_n.get(int(match.group(1)))
        return _cite_link(c, turn) if c else match.group(0)

    return re.sub(r"\[(\d+)\]", link, escaped)


def _markdown_text(text: str, citations: list[Citation], turn: int) -> str:
    """Answer markdown with its HTML escaped and markers linked. Kept free of blank lines so
    it stays one paragraph wherever it is placed."""
    return link_markers(esc(re.sub(r"\n\s*\n", "\n", text.strip())), citations, turn)


def render_conflicts(conflicts: list[Conflict], citations: list[Citation], turn: int) -> str:
    by_n = {c.n: c for c in citations}
    blocks = []
    for conflict in conflicts:
        items = []
        for v in conflict.values:
            marks = "".join(_cite_link(by_n[n], turn) if n in by_n else f"[{n}]" for n in v.citations)
            note = f' <span class="qa-note">({esc(v.note)})</span>' if v.note else ""
            items.append(f"<li><strong>{esc(v.value)}</strong> {marks}{note}</li>")
        blocks.append(
            f'<div class="qa-conflict"><div class="qa-block-head">The sources disagree: '
            f'{esc(conflict.topic)}</div><ul>{"".join(items)}</ul></div>'
        )
    return "".join(blocks)


def render_answer(answer: Answer, turn: int) -> str:
    """A chat message: the answer with linked markers, set apart when it abstains or disagrees."""
    body = _markdown_text(answer.text, answer.citations, turn)
    if answer.abstained:
        message = (
            '<div class="qa-abstain">\n<div class="qa-block-head">Not answered by the documents</div>\n\n'
            f'{body}\n\n<div class="qa-note">The closest passages are under Sources; '
            "they do not answer the question.</div>\n</div>"
        )
    else:
        message = body
        if answer.conflicts:
            message += "\n\n" + render_conflicts(answer.conflicts, answer.citations, turn)
    resolved = answer.meta.get("resolved_question")
    if resolved:
        message += f'\n\n<div class="qa-meta">Read as a follow-up: {esc(resolved)}</div>'
    return message


def render_pending(partial: str) -> str:
    if not partial:
        return '<div class="qa-pending">Searching the documents…</div>'
    return esc(partial) + ' <span class="qa-pending">…</span>'


def render_error(message: str) -> str:
    return f'<div class="qa-error"><div class="qa-block-head">Could not answer</div>{esc(message)}</div>'


def render_context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """`text[start:end]` marked, with about `width` characters of context on each side."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left > 0:  # start the context at a word boundary
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    before = ("…" if left > 0 else "") + esc(text[left:start])
    after = esc(text[end:right]) + ("…" if right < len(text) else "")
    return f"{before}<mark>{esc(text[start:end])}</mark>{after}"


def locate(text: str | None, c: Citation) -> tuple[int, int] | None:
    """Where the citation's quote is in the current `text`; None if the document lost it."""
    if text is None:
        return None
    if text[c.start:c.end] == c.quote:
        return c.start, c.end
    found = text.find(c.quote)  # the document changed since the answer: find the quote again
    return (found, found + len(c.quote)) if found != -1 and c.quote else None


def render_source_card(c: Citation, turn: int, text: str | None) -> str:
    span = locate(text, c)
    if span is None:
        context = f'<mark>{esc(c.quote)}</mark><div class="qa-note">This passage is no longer in the index.</div>'
    else:
        context = render_context(text or "", *span)
    return (
        f'<div class="qa-source" id="qa-src-{turn}-{c.n}"><div class="qa-source-head">'
        f'<span class="qa-n">[{c.n}]</span> <span class="qa-file">{esc(c.source)}</span> '
        f'<span class="qa-range">characters {c.start}–{c.end}</span></div>'
        f'<div class="qa-context">{context}</div></div>'
    )


def render_sources(answer: Answer, turn: int, source_text: Callable[[str], str | None]) -> str:
    """The sources panel: one card per citation, the quote marked inside its passage."""
    if not answer.citations:
        return '<div class="qa-empty">This answer cites no sources.</div>'
    title = "Closest passages — they do not answer the question" if answer.abstained else "Sources"
    cards = "".join(render_source_card(c, turn, source_text(c.source)) for c in answer.citations)
    return f'<div class="qa-sources"><div class="qa-panel-title">{title}</div>{cards}</div>'


def render_document(source: str, text: str, start: int, end: int) -> str:
    """The whole document, escaped, with the cited span marked (the page scrolls it into view)."""
    return (
        f'<div class="qa-doc-head"><span class="qa-file">{esc(source)}</span> '
        f'<span class="qa-range">characters {start}–{end} of {len(text)}</span></div>'
        f'<div class="qa-doc">{esc(text[:start])}<mark class="qa-cited">{esc(text[start:end])}</mark>'
        f"{esc(text[end:])}</div>"
    )


def render_placeholder(message: str) -> str:
    return f'<div class="qa-empty">{esc(message)}</div>'


@dataclass
class CorpusOverview:
    corpus_dir: str
    index_location: str
    embedder: str
    dimension: int
    chunks: dict[str, int]  # source -> chunks in the index


def corpus_overview(config: qa.Config) -> CorpusOverview:
    retriever = open_retriever(config)
    chunks = dict.fromkeys(sorted(retriever.manifest.files), 0)
    for record in retriever.lexical.records:
        chunks[record.source] = chunks.get(record.source, 0) + 1
    header = retriever.manifest.header
    return CorpusOverview(str(config.corpus_dir), config.location, header.embedder, header.dimension, chunks)


def render_corpus(overview: CorpusOverview) -> str:
    rows = "".join(f"<tr><td>{esc(s)}</td><td>{n}</td></tr>" for s, n in overview.chunks.items())
    total = sum(overview.chunks.values())
    return (
        f'<div class="qa-corpus"><div class="qa-corpus-facts">'
        f"<div><b>Corpus folder</b> {esc(overview.corpus_dir)}</div>"
        f"<div><b>Index</b> {esc(overview.index_location)}</div>"
        f"<div><b>Embedder</b> {esc(overview.embedder)} ({overview.dimension} dimensions)</div></div>"
        f"<table><thead><tr><th>Document</th><th>Chunks</th></tr></thead><tbody>{rows}</tbody>"
        f"<tfoot><tr><td>{_count(len(overview.chunks), 'document')}</td><td>{total}</td></tr></tfoot></table></div>"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def render_report(report: IndexReport) -> str:
    """An index run as a short markdown status line (file names escaped)."""
    parts = []
    if report.rebuilt:
        parts.append(f"Rebuilt the whole index ({esc(report.rebuilt)}).")
    for label, names in (("Added", report.added), ("Updated", report.changed), ("Removed", report.removed)):
        if names:
            parts.append(f"{label}: {esc(', '.join(names))}.")
    if report.nothing_to_do:
        parts.append("The index is up to date.")
    parts.append(f"{_count(report.chunks_embedded, 'chunk')} embedded, {report.chunks_total} in the index, "
                 f"{report.seconds:.1f} s.")
    parts += [f"Skipped {esc(s.path)}: {esc(s.reason)}" for s in report.skipped]
    return "\n\n".join(parts)


# -- uploads: safe names inside the corpus folder ----------------------------------------------

def safe_upload_name(raw: str) -> str:
    """The name an uploaded file is saved under in the corpus folder; InputError saying why not.

    Directories are stripped; '..', hidden names and types the indexer cannot read are refused.
    """
    parts = [p for p in re.split(r"[\\/]+", raw.strip())]
    if ".." in parts:
        raise InputError(f"{raw}: a name containing '..' could point outside the corpus folder; rename the file.")
    name = parts[-1].strip() if parts else ""
    if not name or name == ".":
        raise InputError(f"{raw!r}: the upload has no file name.")
    if name.startswith("."):
        raise InputError(f"{raw}: hidden files (names starting with '.') are not indexed; rename the file.")
    if any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise InputError(f"{raw!r}: the name contains control characters; rename the file.")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(f"{raw}: only {', '.join(SUPPORTED_SUFFIXES)} files can be indexed.")
    name = re.sub(r"[^\w.\-() ]+", "_", name)
    if len(name.encode()) > 200:
        raise InputError(f"{raw[:40]}…: the name is longer than 200 bytes; shorten it.")
    return name


def save_upload(raw_name: str, path: Path, corpus_dir: Path, limit: int = MAX_UPLOAD_BYTES) -> str:
    """Copy one upload into `corpus_dir`; its saved name, or InputError saying why not."""
    name = safe_upload_name(raw_name)
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{raw_name}: {size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB upload limit.")
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = (corpus_dir / name).resolve()
    if target.parent != corpus_dir.resolve():  # subtle: a symlink in the corpus could redirect it
        raise InputError(f"{raw_name}: would be written outside the corpus folder; rename the file.")
    shutil.copyfile(path, target)
    return name


def parse_history(value: str | list | None) -> list[tuple[str, str]]:
    """API history as (question, answer) pairs, from JSON text or a list of pairs/dicts."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InputError('history must be JSON: a list of [question, answer] pairs, e.g. [["Q?", "A."]].') from None
    if not isinstance(value, list):
        raise InputError("history must be a list of [question, answer] pairs.")
    pairs = []
    for item in value:
        if isinstance(item, dict) and "question" in item:
            item = [item["question"], item.get("answer", "")]
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise InputError(f"history entry {item!r} is not a [question, answer] pair of strings.")
        pairs.append((item[0], item[1]))
    return pairs


def answer_json(answer: Answer) -> dict[str, Any]:
    """The `ask` endpoint's result: plain JSON a script can use without the page."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "citations": [asdict(c) for c in answer.citations],
        "abstained": answer.abstained,
        "conflicts": [asdict(c) for c in answer.conflicts],
        "resolved_question": answer.meta.get("resolved_question", answer.question),
    }


# -- the handlers -------------------------------------------------------------------------------

@dataclass
class Turn:
    """One exchange of a conversation; `answer` is None while pending or after an error."""

    question: str
    answer: Answer | None = None
    error: str = ""
    partial: str = ""


def history_of(turns: list[Turn]) -> list[tuple[str, str]]:
    """The (question, answer) pairs `qa.answer` reads follow-ups against; failed turns are left out."""
    return [(t.question, t.answer.text) for t in turns if t.answer is not None]


def chat_messages(turns: list[Turn]) -> list[dict[str, str]]:
    messages = []
    for i, t in enumerate(turns):
        if t.answer is not None:
            reply = render_answer(t.answer, i)
        elif t.error:
            reply = render_error(t.error)
        else:
            reply = render_pending(t.partial)
        messages += [{"role": "user", "content": esc(t.question)}, {"role": "assistant", "content": reply}]
    return messages


def answer_events(question: str, *, history: list[tuple[str, str]], k: int | None, llm: str,
                  config: qa.Config) -> Iterator[str | Answer]:
    """What the chat shows while answering: text as a language model writes it, then the Answer.

    `qa.answer` runs in a worker thread and hands generated text to `on_token`; the chunks that
    arrived meanwhile are yielded together. The extractive answerer generates nothing, so only
    its Answer arrives. The streamed text is the model's raw draft; the Answer is the verified one.
    """
    chunks: queue.SimpleQueue[str | None] = queue.SimpleQueue()  # None: qa.answer has returned
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["answer"] = qa.answer(question, history=history, k=k, config=config, llm=llm,
                                          on_token=chunks.put)
        except BaseException as exc:  # re-raised in the caller's thread below
            outcome["error"] = exc
        finally:
            chunks.put(None)

    threading.Thread(target=run, name="qa-answer", daemon=True).start()
    finished = False
    while not finished:
        pieces = [chunks.get()]
        while not chunks.empty():  # everything that arrived meanwhile, as one update
            pieces.append(chunks.get_nowait())
        finished = pieces[-1] is None
        text = "".join(p for p in pieces if p is not None)
        if text:
            yield text
    if "error" in outcome:
        raise outcome["error"]
    yield outcome["answer"]


def llm_name(answerer: str, model: str) -> str:
    """The `llm` setting from the answerer dropdown and the model field ("ollama" + "llama3");
    empty when no answerer is chosen, meaning the configured one."""
    answerer, model = (answerer or "").strip(), (model or "").strip()
    if not model or not answerer or answerer == "extractive":
        return answerer
    return f"{answerer}:{model}"


class ChatView(NamedTuple):
    """Everything `ChatHandlers.respond` updates, in the order of the wired outputs."""

    messages: list[dict[str, str]]
    turns: list[Turn]
    question: str
    sources: str
    picker: dict
    document: str


class ChatHandlers:
    """The page's behaviour, one method per event; no Gradio server needed to call them."""

    def __init__(self, config: qa.Config, events: Callable[..., Iterator[str | Answer]] = answer_events):
        self.config = config
        self.events = events

    # -- asking ---------------------------------------------------------------------------
    def respond(self, question: str, turns: list[Turn], k: float | None = None, answerer: str = "",
                model: str = "") -> Iterator[ChatView]:
        """Ask `question` after `turns`; yields the page as the answer arrives."""
        turns = list(turns or [])
        if not (question or "").strip():
            gr.Warning("Type a question about the documents first.")
            yield self._view(turns, question or "")
            return
        turn = Turn(question.strip())
        turns.append(turn)
        yield self._view(turns)
        try:
            for event in self.events(turn.question, history=history_of(turns[:-1]), k=int(k) if k else None,
                                     llm=llm_name(answerer, model) or self.config.llm, config=self.config):
                if isinstance(event, Answer):
                    turn.answer = event
                else:
                    turn.partial += event
                yield self._view(turns)
        except QAError as exc:
            turn.error = str(exc)
        except Exception as exc:  # a bug must not leave the turn spinning: show it, log the trace
            log.exception("answering %r failed", turn.question)
            turn.error = f"Unexpected error ({type(exc).__name__}: {exc}); the server log has the details."
        if turn.error:
            gr.Warning(turn.error)
            yield self._view(turns)

    def _view(self, turns: list[Turn], question: str = "") -> ChatView:
        sources, picker, document = self.panel(turns, len(turns) - 1)
        return ChatView(chat_messages(turns), turns, question, sources, picker, document)

    # -- the sources panel ------------------------------------------------------------------
    def panel(self, turns: list[Turn], i: int) -> tuple[str, dict, str]:
        """Sources panel, source picker and document view for turn `i`."""
        answer = turns[i].answer if 0 <= i < len(turns) else None
        if answer is None:
            message = "Sources of the answer appear here." if i < 0 or not turns[i].error else "No sources."
            return render_placeholder(message), gr.update(choices=[], value=None), ""
        sources = render_sources(answer, i, self.source_text)
        choices = [(f"[{c.n}] {c.source}", f"{i}:{c.n}") for c in answer.citations]
        first = choices[0][1] if choices else None
        return sources, gr.update(choices=choices, value=first), self.show_source(first, turns)

    def show_turn(self, turns: list[Turn], evt: gr.SelectData) -> tuple[str, dict, str]:
        """Clicking a message shows the sources of that exchange."""
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return self.panel(turns, int(index) // 2)

    def show_source(self, choice: str | None, turns: list[Turn]) -> str:
        """The whole document of the chosen citation ("turn:n"), its span highlighted."""
        if not choice:
            return ""
        i, n = (int(x) for x in choice.split(":"))
        answer = turns[i].answer if 0 <= i < len(turns) else None
        citation = next((c for c in answer.citations if c.n == n), None) if answer else None
        if citation is None:
            return render_placeholder("That source is not part of this conversation any more.")
        text = self.source_text(citation.source)
        span = locate(text, citation)
        if text is None or span is None:
            return render_placeholder(f"{citation.source} is no longer in the index; re-index to refresh.")
        return render_document(citation.source, text, *span)

    def source_text(self, source: str) -> str | None:
        try:
            return open_retriever(self.config).source_text(source)
        except QAError:
            return None

    def clear(self) -> ChatView:
        return self._view([])

    # -- the corpus panel -------------------------------------------------------------------
    def corpus(self) -> str:
        try:
            return render_corpus(corpus_overview(self.config))
        except IndexStateError as exc:
            return render_placeholder(f"No usable index yet ({exc}). Add documents or press Re-index.")

    def reindex(self, progress: Any = gr.Progress()) -> tuple[str, str]:
        """Bring the index up to date with the corpus folder; (status markdown, corpus panel)."""
        try:
            status = render_report(self._index(progress))
        except QAError as exc:
            gr.Warning(str(exc))
            status = f"**Could not index:** {esc(str(exc))}"
        return status, self.corpus()

    def add_documents(self, files: list[str] | None, progress: Any = gr.Progress()) -> tuple[str, str, None]:
        """Copy uploads into the corpus folder and index them; (status, corpus panel, cleared upload)."""
        saved, lines = [], []
        for path in files or []:
            path = Path(getattr(path, "name", path))
            try:
                saved.append(save_upload(path.name, path, self.config.corpus_dir))
            except InputError as exc:
                gr.Warning(f"Not added: {exc}")
                lines.append(f"Not added: {esc(str(exc))}")
            except OSError as exc:
                lines.append(f"Not added: {esc(path.name)}: {esc(exc.strerror or str(exc))}")
        if saved:
            lines.insert(0, f"Saved {esc(', '.join(saved))} to {esc(str(self.config.corpus_dir))}.")
            status, corpus = self.reindex(progress)
            return "\n\n".join([*lines, status]), corpus, None
        return "\n\n".join(lines) or "No files to add.", self.corpus(), None

    def _index(self, progress: Any) -> IndexReport:
        progress(0, desc="Reading the corpus folder")

        def embedded(done: int, total: int) -> None:
            progress((done, total), desc="Embedding chunks", unit="chunks")

        return qa.build_index(config=self.config, progress=embedded)

    # -- the scriptable endpoint ------------------------------------------------------------
    def api_ask(self, question: str, history: str | list | None = None, k: int | None = None) -> dict:
        """Answer `question` (after `history`: [[question, answer], ...] as JSON or a list) from
        the top `k` passages; returns the answer text, citations, abstained and conflicts."""
        try:
            answer = qa.answer(question, history=parse_history(history), k=int(k) if k else None,
                               config=self.config)
        except QAError as exc:
            raise gr.Error(str(exc)) from None
        return answer_json(answer)


# -- wiring -------------------------------------------------------------------------------------

CSS = """
.qa-cite { font-size: .78em; font-weight: 600; text-decoration: none !important; padding: 0 .25em;
  margin: 0 .05em; border-radius: 4px; background: rgba(79, 70, 229, .14); color: inherit !important;
  vertical-align: .15em; }
.qa-block-head { font-weight: 700; margin-bottom: .3em; }
.qa-abstain { border-left: 4px solid #d97706; background: rgba(217, 119, 6, .10); padding: .55em .85em;
  border-radius: 6px; }
.qa-conflict { border-left: 4px solid #dc2626; background: rgba(220, 38, 38, .07); padding: .55em .85em;
  border-radius: 6px; margin-top: .4em; }
.qa-conflict ul { margin: .2em 0 0 1.1em; padding: 0; }
.qa-error { border-left: 4px solid #991b1b; background: rgba(153, 27, 27, .10); padding: .55em .85em;
  border-radius: 6px; }
.qa-note, .qa-meta, .qa-range, .qa-empty { opacity: .75; font-size: .88em; }
.qa-meta { margin-top: .4em; font-style: italic; }
.qa-pending { opacity: .7; font-style: italic; }
.qa-panel-title { font-weight: 700; margin: .1em 0 .5em; }
.qa-sources { max-height: 360px; overflow-y: auto; padding-right: .3em; }
#qa-source-picker .wrap { gap: .3em !important; }
#qa-source-picker label { padding: .1em .45em !important; font-size: .8em; }
.qa-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5em .75em;
  margin-bottom: .6em; background: var(--background-fill-secondary); }
.qa-source:target { outline: 2px solid rgba(79, 70, 229, .6); }
.qa-source-head { display: flex; gap: .5em; align-items: baseline; flex-wrap: wrap; margin-bottom: .25em; }
.qa-n { font-weight: 700; }
.qa-file { font-family: var(--font-mono); font-size: .85em; }
.qa-context { font-size: .92em; line-height: 1.5; }
#qa-sources mark, #qa-document mark, #qa-chat mark { background: #fde68a; color: #1f2937; padding: 0 .1em;
  border-radius: 3px; }
.qa-doc-head { display: flex; gap: .6em; align-items: baseline; margin: .3em 0; }
.qa-doc { white-space: pre-wrap; max-height: 360px; overflow: auto; font-size: .9em; line-height: 1.5;
  border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6em .8em; }
.qa-corpus table { width: 100%; border-collapse: collapse; font-size: .9em; margin-top: .5em;
  border: none !important; }
.qa-corpus tr { border: none !important; }
.qa-corpus td, .qa-corpus th { text-align: left; padding: .2em .4em; border: none !important;
  border-bottom: 1px solid var(--border-color-primary) !important; }
.qa-corpus td:last-child, .qa-corpus th:last-child { text-align: right; }
.qa-corpus-facts { font-size: .9em; line-height: 1.6; }
"""

# Scroll the document view so the cited span sits in sight (Gradio 6 HTML `js_on_load`).
SCROLL_TO_MARK = """
const show = () => {
  const box = element.querySelector('.qa-doc'), mark = element.querySelector('mark.qa-cited');
  if (box && mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - box.clientHeight / 3);
};
show();
watch('value', show);
"""

THEME = gr.themes.Default(
    primary_hue="indigo", font=["ui-sans-serif", "system-ui", "sans-serif"],  # no web fonts: works offline
    font_mono=["ui-monospace", "SFMono-Regular", "monospace"],
)


@dataclass
class Page:
    """The components the events connect; `turns` is the per-session conversation."""

    turns: gr.State
    chatbot: gr.Chatbot
    question: gr.Textbox
    ask: gr.Button
    examples: list[tuple[gr.Button, str]]
    clear: gr.Button
    sources: gr.HTML
    picker: gr.Radio
    document: gr.HTML
    corpus: gr.HTML
    upload: gr.File
    status: gr.Markdown
    reindex: gr.Button
    k: gr.Slider
    answerer: gr.Dropdown
    model: gr.Textbox


def _chat_column(examples: list[str]) -> dict[str, Any]:
    chatbot = gr.Chatbot(label="Conversation", height=560, latex_delimiters=[], elem_id="qa-chat", buttons=["copy"],
                         feedback_options=None, show_label=False, placeholder="Ask a question about the documents.")
    with gr.Row():
        question = gr.Textbox(placeholder="Ask a question about the documents…", show_label=False, scale=5,
                              elem_id="qa-question", autofocus=True, max_lines=4)
        ask = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="qa-ask")
    with gr.Row(elem_id="qa-examples"):
        buttons = [(gr.Button(q, size="sm", variant="secondary"), q) for q in examples]
    clear = gr.Button("New conversation", size="sm", elem_id="qa-clear")
    return dict(chatbot=chatbot, question=question, ask=ask, examples=buttons, clear=clear)


def _sources_tab() -> dict[str, Any]:
    return dict(
        sources=gr.HTML(render_placeholder("Sources of the answer appear here."), elem_id="qa-sources"),
        picker=gr.Radio([], label="Open a source in its document", elem_id="qa-source-picker"),
        document=gr.HTML("", elem_id="qa-document", js_on_load=SCROLL_TO_MARK),
    )


def _corpus_tab() -> dict[str, Any]:
    kinds = ", ".join(SUPPORTED_SUFFIXES)
    return dict(
        corpus=gr.HTML(render_placeholder("Loading…"), elem_id="qa-corpus"),
        upload=gr.File(label=f"Add documents ({kinds}; up to {MAX_UPLOAD_BYTES >> 20} MB each)",
                       file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), elem_id="qa-upload"),
        status=gr.Markdown("Uploads are indexed at once. Re-index to pick up files changed in the corpus folder.",
                           elem_id="qa-index-status", min_height=90),
        reindex=gr.Button("Re-index the corpus folder", elem_id="qa-reindex"),
    )


def _settings_tab(config: qa.Config) -> dict[str, Any]:
    kind, _, model = config.llm.partition(":")
    return dict(
        k=gr.Slider(1, MAX_K, value=config.top_k, step=1, label="Passages retrieved (k)", elem_id="qa-k"),
        answerer=gr.Dropdown(sorted(ANSWERERS), value=kind, label="Answerer", allow_custom_value=True,
                             info="'extractive' quotes the documents; generative backends need a model."),
        model=gr.Textbox(value=model, label="Model", placeholder="e.g. llama3 (ollama), gpt-4o-mini (openai)"),
    )


def _layout(config: qa.Config, examples: list[str]) -> Page:
    parts: dict[str, Any] = {"turns": gr.State([])}
    gr.Markdown("## Ask the documents\nEvery sentence of an answer cites the passage it comes from. "
                "When the documents don't say, the answer says so; when they disagree, it shows each side.")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            parts.update(_chat_column(examples))
        with gr.Column(scale=2):
            with gr.Tab("Sources"):
                parts.update(_sources_tab())
            with gr.Tab("Corpus"):
                parts.update(_corpus_tab())
            with gr.Tab("Settings"):
                parts.update(_settings_tab(config))
    return Page(**parts)


def _wire_chat(handlers: ChatHandlers, page: Page) -> None:
    view = [page.chatbot, page.turns, page.question, page.sources, page.picker, page.document]
    private = dict(api_visibility="private")
    asking = dict(fn=handlers.respond, inputs=[page.question, page.turns, page.k, page.answerer, page.model],
                  outputs=view, concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer",
                  trigger_mode="once", **private)
    page.question.submit(**asking)
    page.ask.click(**asking)
    for button, text in page.examples:
        button.click(lambda text=text: text, outputs=page.question, queue=False, **private).then(**asking)
    page.clear.click(handlers.clear, outputs=view, queue=False, **private)
    page.chatbot.clear(handlers.clear, outputs=view, queue=False, **private)  # the chatbot's own trash icon
    page.chatbot.select(handlers.show_turn, inputs=page.turns, outputs=[page.sources, page.picker, page.document],
                        **private)
    page.picker.input(handlers.show_source, inputs=[page.picker, page.turns], outputs=page.document, **private)


def _wire_corpus(app: gr.Blocks, handlers: ChatHandlers, page: Page) -> None:
    # One index update at a time (build_index holds a lock); answers keep their own workers meanwhile.
    indexing = dict(concurrency_limit=1, concurrency_id="index", api_visibility="private",
                    show_progress_on=page.status)
    app.load(handlers.corpus, outputs=page.corpus, api_visibility="private")
    page.reindex.click(handlers.reindex, outputs=[page.status, page.corpus], **indexing)
    page.upload.upload(handlers.add_documents, inputs=page.upload, outputs=[page.status, page.corpus, page.upload],
                       **indexing)


def build_app(config: qa.Config | None = None, examples: list[str] | None = None) -> gr.Blocks:
    """The chat page for `config`'s corpus and index, queued but not launched.

    `examples` are the questions offered as buttons (the seed corpus's by default).
    """
    config = config or qa.Config.load()
    handlers = ChatHandlers(config)
    with gr.Blocks(title="Ask the documents", analytics_enabled=False) as app:
        page = _layout(config, SEED_EXAMPLES if examples is None else examples)
        _wire_chat(handlers, page)
        _wire_corpus(app, handlers, page)
        gr.api(handlers.api_ask, api_name="ask", concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer")
    app.queue(max_size=64, default_concurrency_limit=ANSWER_CONCURRENCY)
    return app


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """'user:pass' (from --auth or QA_AUTH) as Gradio's auth pair; None when unset."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InputError("Auth must look like user:password (QA_AUTH or --auth).")
    return user, password


def prepare_index(config: qa.Config) -> None:
    """Index the corpus before serving when there is no index yet, so the first question works."""
    try:
        open_retriever(config)
        return
    except IndexStateError:
        pass
    print(f"No index at {config.location} yet: indexing {config.corpus_dir} first…", file=sys.stderr)
    try:
        report = qa.build_index(config=config)
        print(render_report(report).replace("\n\n", " "), file=sys.stderr)
    except CorpusError as exc:  # the page still opens, so documents can be uploaded
        print(f"warning: {exc}", file=sys.stderr)


def launch(config: qa.Config | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
           auth: tuple[str, str] | None = None, share: bool = False, *, block: bool = True) -> gr.Blocks:
    """Serve the chat page on http://host:port; with `block=False`, return once it is up."""
    config = config or qa.Config.load()
    auth = auth if auth is not None else parse_auth(os.environ.get("QA_AUTH"))
    prepare_index(config)
    app = build_app(config)
    app.launch(server_name=host, server_port=port, auth=auth, share=share, prevent_thread_lock=not block,
               max_file_size=MAX_UPLOAD_BYTES, css=CSS, theme=THEME, show_error=True, quiet=not block,
               footer_links=["api"])
    return app
