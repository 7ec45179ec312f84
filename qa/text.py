"""Word-level text handling shared by lexical retrieval and the answerer: terms are lowercased,
stop-word-free Snowball stems."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

STOPWORDS = frozenset(STOPWORDS_EN_PLUS)
# A source's own footnote marker ("[31]" in Wikipedia text): it would read as a citation.
FOOTNOTE = re.compile(r"\[\d{1,3}\]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lowercased word tokens (letters and digits; apostrophes kept inside words)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def terms(text: str) -> list[str]:
    """Stems of the non-stop-words of `text`, in order, the unit BM25 and sentence scoring use."""
    return list(_terms(text))


@lru_cache(maxsize=50_000)
def _terms(text: str) -> tuple[str, ...]:
    # The answerer asks for the same sentences' terms question after question.
    kept = [w[:-2] if w.endswith("'s") else w for w in words(text) if w not in STOPWORDS]
    return tuple(_stemmer().stemWords(kept))
