"""Sentence-aware chunking sized in tiktoken tokens, with exact character offsets.

LlamaIndex's `SentenceSplitter` decides the chunk boundaries; this module pins each chunk to
its characters in the source (`text[start:end] == chunk`) and records the sentence spans inside
it, which the extractive answerer cites.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .imports import import_without
from .text import STOPWORDS
from .tokens import TOKENIZER_NAME, encode


@dataclass
class Chunk:
    """A span of one source: `source_text[start:end] == text`; `sentences` are absolute spans."""

    id: str
    source: str
    start: int
    end: int
    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)


# Bumped whenever sentence_spans splits differently, or chunks are cut on other sentence bounds:
# an index records the version it was built with, and the next `qa index` rebuilds one whose
# cited sentence spans are out of date.
SPLITTER_VERSION = 3


@dataclass(frozen=True)
class ChunkerParams:
    chunk_size: int
    chunk_overlap: int
    tokenizer: str = TOKENIZER_NAME
    splitter: int = SPLITTER_VERSION

    def as_metadata(self) -> dict[str, str | int]:
        return {"chunk_size": self.chunk_size, "chunk_overlap": self.chunk_overlap, "tokenizer": self.tokenizer}


def chunk_document(source: str, text: str, params: ChunkerParams, file_sha: str = "") -> list[Chunk]:
    """Split `text` into overlapping chunks of at most `chunk_size` tokens, on sentence boundaries."""
    from llama_index.core.node_parser import SentenceSplitter

    _import_nltk()
    splitter = SentenceSplitter(
        chunk_size=params.chunk_size,
        chunk_overlap=params.chunk_overlap,
        tokenizer=encode,
        paragraph_separator="\n\n",
        # Chunks end where the cited sentences do: never after "St." in "the church of St. Ambrose".
        chunking_tokenizer_fn=_sentence_pieces,
    )
    sentences = sentence_spans(text)
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    cursor = 0
    for piece in splitter.split_text(text):
        start = _locate(text, piece, cursor)
        end = start + len(piece)
        cursor = start + 1
        occurrence = seen.get(piece, 0)
        seen[piece] = occurrence + 1
        inside = [(max(s, start), min(e, end)) for s, e in sentences if s < end and e > start]
        chunks.append(Chunk(_chunk_id(source, file_sha, piece, occurrence), source, start, end, piece, inside))
    return chunks


def _sentence_pieces(text: str) -> list[str]:
    """`text` cut at the starts of its sentences (see sentence_spans), as LlamaIndex cuts it with
    Punkt alone, but losing nothing: each piece runs to where the next sentence starts."""
    starts = [0, *(start for start, _ in sentence_spans(text)[1:])]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]


def _locate(text: str, piece: str, cursor: int) -> int:
    """Where `piece` starts in `text`, searching forward from `cursor` (chunks come in order)."""
    start = text.find(piece, cursor)
    if start < 0:
        start = text.find(piece)
    if start < 0:
        raise ValueError(f"chunk text not found in its source: {piece[:60]!r}")
    return start


def _chunk_id(source: str, file_sha: str, text: str, occurrence: int) -> str:
    # The file hash is part of the id so that a changed file's new chunks never overwrite the
    # old ones: the old version stays searchable until the switch to the new one is recorded.
    key = "\x1f".join([source, file_sha, str(occurrence), text])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


_LINE = re.compile(r"[^\n]+")


# Punkt splits after abbreviations it does not know ("Jan. 3", "the U.S. official", "Mr. Smith");
# such a split is undone when the next piece does not open like a new sentence.
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Rep|Sen|Gov|St|Rev|Maj|Adm)\.$")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,4}|\b(?:[a-z]\.){2,3}|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|etc|approx|est)\.)$"
)


# "... fired from a U.S." cannot end a sentence: an article needs its noun.
_ARTICLE_ABBREVIATION = re.compile(r"\b(?:a|an|the|this|that|its|their)\s+(?:[A-Z]\.){2,4}$", re.IGNORECASE)
# Nor do initials inside a sentence that a title and a name follow: "Iranian U.N. | Ambassador
# Amir Saeid Iravani said", "former U.S. | President Donald Trump".
_INITIALS_INSIDE = re.compile(r"\S\s+(?:[A-Z]\.){2,4}$")
_TITLE_AND_NAME = re.compile(r"([A-Z][\w'-]*)\s+[A-Z]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`: each line split further by Punkt, trimmed."""
    from llama_index.core.utils import globals_helper

    _import_nltk()
    punkt = globals_helper.punkt_tokenizer
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        pieces = [_trim(text, line.start() + s, line.start() + e) for s, e in punkt.span_tokenize(line.group())]
        for span in filter(None, pieces):
            if spans and spans[-1][1] > line.start() and _continues(text, spans[-1], span):
                spans[-1] = (spans[-1][0], span[1])
            else:
                spans.append(span)
    return spans


def _import_nltk() -> None:
    """nltk, which Punkt (LlamaIndex's sentence splitter) lives in, without what its package
    imports for other tasks: scipy.stats for collocation tests, scikit-learn (and pandas) for a
    classifier wrapper. They are most of its import time (0.6 s without, 2.5 s with, cold)."""
    import_without("nltk", ("scipy.stats", "sklearn"))


def _continues(text: str, previous: tuple[int, int], span: tuple[int, int]) -> bool:
    before = text[previous[0]:previous[1]]
    opening = text[span[0]]
    if _INITIALS_INSIDE.search(before):
        named = _TITLE_AND_NAME.match(text, span[0])
        if named and named.group(1).lower() not in STOPWORDS:
            return True
    return bool(_TITLE.search(before)) or bool(_ARTICLE_ABBREVIATION.search(before)) or (
        bool(_ABBREVIATION.search(before)) and (opening.islower() or opening.isdigit())
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
