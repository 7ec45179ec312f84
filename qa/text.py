"""Word-level text handling shared by lexical retrieval and the answerer: terms are lowercased,
stop-word-free Snowball stems."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import Stemmer

from .imports import import_without

# bm25s builds its index with numpy (the default backend); scipy.sparse, which its package
# imports if it can, would add 0.15 s to every `qa ask`.
import_without("bm25s", ("scipy.sparse",))
from bm25s.stopwords import STOPWORDS_EN_PLUS  # noqa: E402

STOPWORDS = frozenset(STOPWORDS_EN_PLUS)
# A source's own footnote marker ("[31]" in Wikipedia text): it would read as a citation.
FOOTNOTE = re.compile(r"\[\d{1,3}\]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lowercased word tokens (letters and digits; apostrophes kept inside words)."""
    return _WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def terms(text: str) -> list[str]:
    """Stems of the non-stop-words of `text`, in order, the unit BM25 and sentence scoring use."""
    return list(_terms(text))


def term_set(text: str) -> set[str]:
    """The distinct terms of `text` (of a whole file: each distinct word is stemmed once)."""
    return set(_stemmer().stemWords(list(_kept(set(words(text))))))


@lru_cache(maxsize=50_000)
def _terms(text: str) -> tuple[str, ...]:
    # The answerer asks for the same sentences' terms question after question.
    return tuple(_stemmer().stemWords(_kept(words(text))))


def _kept(words_: Iterable[str]) -> list[str]:
    return [w[:-2] if w.endswith("'s") else w for w in words_ if w not in STOPWORDS]
