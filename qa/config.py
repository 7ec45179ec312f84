"""One typed configuration object.

Precedence: an explicit argument, then a `QA_<FIELD>` environment variable, then the default.
Each field carries a help line, which the CLI shows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import InputError


def _opt(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = _opt(Path("seeds"), "Folder of documents to index (searched recursively).")
    index_dir: Path = _opt(Path("index"), "Folder holding the Chroma index and its caches.")
    chroma_url: str = _opt("", "URL of a `chroma run` server; empty means the embedded store.")
    collection: str = _opt("qa", "Name prefix of the Chroma collections.")
    embedder: str = _opt("minilm", "'minilm' (bundled, offline) or a sentence-transformers path/name.")
    chunk_size: int = _opt(128, "Chunk size in tiktoken tokens.")
    chunk_overlap: int = _opt(16, "Overlap between neighbouring chunks, in tokens.")
    top_k: int = _opt(8, "Passages retrieved per question.")
    max_question_tokens: int = _opt(200, "Longest accepted question, in tiktoken tokens.")
    llm: str = _opt("extractive", "Answerer: 'extractive', 'ollama:<model>' or 'openai:<model>'.")
    llm_base_url: str = _opt("", "Base URL of the language-model server.")
    llm_timeout: float = _opt(60.0, "Seconds to wait for the language-model server.")
    context_window: int = _opt(4096, "Token budget of the language model's prompt.")
    verify: bool = _opt(True, "Check each generated sentence against its citations; off only to measure what that buys.")

    @classmethod
    def load(cls, **overrides: Any) -> "Config":
        """Defaults, overridden by `QA_*` variables, overridden by non-None `overrides`."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            env = os.environ.get(f"QA_{f.name.upper()}")
            if env is not None and env != "":
                values[f.name] = _coerce(f.name, type(f.default), env)
        for name, value in overrides.items():
            if name not in {f.name for f in fields(cls)}:
                raise InputError(f"Unknown setting {name!r}; known settings: {', '.join(cls.names())}.")
            if value is not None:
                values[name] = _coerce(name, type(cls.__dataclass_fields__[name].default), value)
        return cls(**values)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def help(cls, name: str) -> str:
        return cls.__dataclass_fields__[name].metadata["help"]

    def with_(self, **changes: Any) -> "Config":
        """A copy with `changes` applied (None values are ignored)."""
        for name in changes:
            if name not in self.__dataclass_fields__:
                raise InputError(f"Unknown setting {name!r}; known settings: {', '.join(self.names())}.")
        return replace(self, **{
            k: _coerce(k, type(self.__dataclass_fields__[k].default), v) for k, v in changes.items() if v is not None
        })

    @property
    def location(self) -> str:
        """Where the index lives, for messages."""
        return self.chroma_url or str(self.index_dir)


def _coerce(name: str, kind: type, value: Any) -> Any:
    if isinstance(value, kind):
        return value
    try:
        if kind is Path:
            return Path(value)
        if kind is bool:
            return str(value).lower() in {"1", "true", "yes", "on"}
        return kind(value)
    except (TypeError, ValueError):
        raise InputError(
            f"Setting {name} expects {kind.__name__}, got {value!r}; "
            f"fix QA_{name.upper()} or the argument."
        ) from None
