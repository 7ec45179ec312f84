"""The plain dataclasses that cross module boundaries: passages, citations, answers, reports.

Library types (LlamaIndex nodes, Chroma results) never leave the module that talks to that
library; everything else in `qa` speaks in these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# What an answer says in its own words, not its sources': how a refusal and a disagreement open.
# (A follow-up reads past them in the earlier answer.)
NOT_SAID = "The documents don't say."
DISAGREE = "The sources disagree:"


@dataclass
class Passage:
    """A retrieved chunk: `source_text[start:end] == text` for the file named by `source`."""

    source: str
    start: int
    end: int
    text: str
    score: float
    chunk_id: str = ""


@dataclass
class Citation:
    """One numbered citation: `quote == source_text[start:end]`."""

    n: int
    source: str
    start: int
    end: int
    quote: str
    score: float


@dataclass
class ConflictValue:
    """One competing value of a disputed fact, with the citation numbers that state it."""

    value: str
    citations: list[int]
    note: str = ""


@dataclass
class Conflict:
    """Sources disagree about `topic`; each entry of `values` is one side."""

    topic: str
    values: list[ConflictValue]


@dataclass
class SentenceVerdict:
    """What verification decided about one generated sentence."""

    sentence: str
    cited: list[int]
    verdict: str  # "supported", "corrected", "removed", "unsupported"
    reason: str = ""


@dataclass
class Answer:
    """A grounded answer: markdown `text` with `[n]` markers that index `citations`."""

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    conflicts: list[Conflict] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    verification: list[SentenceVerdict] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SkippedFile:
    path: str
    reason: str


@dataclass
class IndexReport:
    """What one `build_index` run did."""

    corpus_dir: str
    index_location: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    rebuilt: str = ""  # why the whole index was rebuilt, empty if it was not
    seconds: float = 0.0

    @property
    def nothing_to_do(self) -> bool:
        return not (self.added or self.changed or self.removed or self.rebuilt)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
