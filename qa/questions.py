"""What a question asks: validation, the expected answer type, and follow-up resolution."""

from __future__ import annotations

import re
import unicodedata

from .config import Config
from .errors import InputError
from .tokens import count_tokens


def check_question(question: object, config: Config) -> str:
    """The question cleaned of control characters; a clear error if empty or too long."""
    if not isinstance(question, str):
        raise InputError(f"A question must be text, got {type(question).__name__}.")
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in question)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned:
        raise InputError("The question is empty; type a question about the documents.")
    tokens = count_tokens(cleaned)
    if tokens > config.max_question_tokens:
        raise InputError(
            f"The question is {tokens} tokens long; the limit is {config.max_question_tokens} "
            "(QA_MAX_QUESTION_TOKENS). Ask a shorter question."
        )
    return cleaned
