"""qa: grounded question answering over a folder of documents.

    import qa
    qa.build_index(corpus_dir="seeds")
    answer = qa.answer("How many people were killed?")
    print(answer.text, answer.citations)

The public API is what `__all__` lists; everything is imported on first use, so `import qa`
stays cheap for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "answer", "search", "build_index", "Config",
    "Answer", "Citation", "Conflict", "ConflictValue", "Passage", "IndexReport", "SkippedFile",
    "SentenceVerdict", "QAError", "CorpusError", "IndexStateError", "InputError", "BackendError",
]

_HOMES = {
    "answer": "answering", "search": "retrieval", "build_index": "indexing", "Config": "config",
    "QAError": "errors", "CorpusError": "errors", "IndexStateError": "errors", "InputError": "errors",
    "BackendError": "errors",
}


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module(f".{_HOMES.get(name, 'types')}", __name__), name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
