"""The generative answerer: a language model writes the answer from numbered passages, and
every sentence it writes is checked against the passages it cites before anyone sees it.

1. The extractive answerer runs first; it is cheap. When it abstains the answer abstains and
   the model is not asked; when it finds sources disagreeing, its conflicts are carried over.
2. The prompt numbers the passages [1]..[n] that fit the token budget: the context window less
   the reply's room and a margin for the model's own tokenizer. Lower-ranked passages that do
   not fit are dropped and listed in `meta["dropped_passages"]`, never cut by the server.
3. The reply is verified sentence by sentence (`qa.verify`): unsupported sentences are removed,
   wrongly cited ones re-cited. Kept sentences cite the exact sentences of the sources that
   state them, numbered in order of appearance.
4. Anything that goes wrong (server unreachable, timeout, empty or malformed reply, nothing
   verified) gives the extractive answer, with the reason in `meta["fallback"]` and a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .config import Config
from .entities import EXTRACTORS, NAME, PLACE, numbers
from .errors import BackendError
from .extractive import TYPED, ExtractiveAnswerer
from .llm import LLM, Message, OnToken, Reply, get_llm, reply_tokens
from .questions import Question
from .retrieval import Retriever
from .text import FOOTNOTE, terms
from .tokens import count_tokens
from .types import NOT_SAID, Answer, Citation, Conflict, ConflictValue, Passage, SentenceVerdict
from .verify import Check, Evidence, replace_markers, says_no_answer, split_sentences, strip_markers, verify

# Share of the window left unused: counts are cl100k tokens, and a model's own tokenizer can
# need this many more for the same text.
PROMPT_MARGIN = 0.1
MESSAGE_OVERHEAD = 4  # tokens a chat template spends around each message
HISTORY_TURNS = 3  # earlier turns shown to the model when it rewrites a follow-up
# Least rarity-weighted share of the question's focus words that the kept sentences and their
# evidence must hold. Far below the extractive answerer's 0.62: a model answers tersely
# ("Turkey [1]"), and its evidence may word the question differently ("cancelled a scheduled
# visit" for "supposed to visit before he called the trip off": 0.39). True sentences about
# something else score about 0.1 on the seed questions.
RELEVANCE = 0.25
# Answer kinds a kept sentence must state a value of; a reason is too freely worded to require.
TYPED_KINDS = TYPED + (NAME, PLACE)
NO_ANSWER = "The passages do not contain the answer."
SYSTEM_PROMPT = (
    "You answer questions using only the numbered passages you are given.\n"
    "- State only facts the passages state. Never add outside knowledge or guesses.\n"
    "- End every sentence with the number of the passage that states it, in square brackets, like [1].\n"
    f"- If the passages do not contain the answer, reply only: {NO_ANSWER}\n"
    "- Answer in one to three short sentences."
)
CONDENSE_PROMPT = (
    "Rewrite the follow-up question so that it can be understood without the conversation: "
    "replace pronouns and vague words with what they refer to, and keep names, numbers and dates. "
    "Reply with the rewritten question only."
)


@dataclass
class Prompt:
    """The messages sent to the model, and which passages they number [1]..[n]."""

    messages: list[Message]
    passages: list[Passage]
    dropped: list[Passage]
    tokens: int


def prompt_budget(context_window: int, reply: int) -> int:
    """Prompt tokens allowed: the window less the reply's room and PROMPT_MARGIN."""
    return int(context_window * (1 - PROMPT_MARGIN)) - reply


def build_prompt(question: str, passages: list[Passage], context_window: int, reply: int) -> Prompt:
    """Numbered passages in rank order while they fit the budget; the rest are dropped."""
    budget = prompt_budget(context_window, reply)
    used = _tokens(_messages(question, []))
    blocks: list[str] = []
    for p in passages:
        block = f"[{len(blocks) + 1}] {FOOTNOTE.sub('', p.text).strip()}"
        cost = count_tokens(block) + 2  # the blank line between passages
        if used + cost > budget:
            break
        blocks.append(block)
        used += cost
    if not blocks:
        raise BackendError(
            f"A context window of {context_window} tokens leaves no room for a passage next to the "
            f"instructions and a {reply}-token reply; raise QA_CONTEXT_WINDOW."
        )
    messages = _messages(question, blocks)
    return Prompt(messages, passages[:len(blocks)], passages[len(blocks):], _tokens(messages))


def _messages(question: str, blocks: list[str]) -> list[Message]:
    user = "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"
    return [Message("system", SYSTEM_PROMPT), Message("user", user)]


def _tokens(messages: list[Message]) -> int:
    return sum(count_tokens(m.content) + MESSAGE_OVERHEAD for m in messages)


class GenerativeAnswerer:
    """Answers with a language model, keeping only what the passages state; see the module."""

    streams = True  # `answer` takes `on_token`

    def __init__(self, retriever: Retriever, config: Config, llm: LLM):
        self.retriever = retriever
        self.config = config
        self.llm = llm
        self.name = llm.name

    @classmethod
    def from_config(cls, retriever: Retriever, config: Config) -> "GenerativeAnswerer":
        return cls(retriever, config, get_llm(config.llm, config))

    # -- follow-ups ---------------------------------------------------------------------------
    def condense(self, question: str, history: list[tuple[str, str]]) -> str:
        """`question` rewritten by the model to stand alone; BackendError if that failed."""
        turns = "\n".join(f"User: {q}\nAssistant: {_plain(a)}" for q, a in history[-HISTORY_TURNS:])
        prompt = f"Conversation:\n{turns}\n\nFollow-up question: {question}\nStandalone question:"
        reply = self.llm.chat([Message("system", CONDENSE_PROMPT), Message("user", prompt)])
        return _standalone(reply.text, self.config)

    # -- answering ----------------------------------------------------------------------------
    def answer(self, question: Question, passages: list[Passage], on_token: OnToken | None = None) -> Answer:
        """A verified answer; `on_token` receives the model's raw text as it is generated."""
        baseline = ExtractiveAnswerer(self.retriever).answer(question, passages)
        meta: dict[str, Any] = {"backend": self.llm.name}
        if not self.config.verify:
            return self._unverified(question, baseline, on_token, meta)
        if baseline.abstained:
            meta["llm_skipped"] = "no passage sentence covers the question, so the answer abstains"
            baseline.meta.update(meta)
            return baseline
        try:
            prompt = build_prompt(question.resolved, passages, self.config.context_window, reply_tokens(self.config))
            meta.update(_prompt_meta(prompt))
            reply = self._generate(prompt, on_token)
        except BackendError as exc:
            return _fallback(baseline, meta, str(exc))
        meta.update(generated_text=reply.text, finish_reason=reply.finish_reason)
        return self._verified(question, baseline, prompt, reply, meta)

    def _generate(self, prompt: Prompt, on_token: OnToken | None) -> Reply:
        reply = self.llm.chat(prompt.messages, on_token)
        if not reply.text.strip():
            raise BackendError(f"The {self.llm.name} model sent an empty reply.")
        room = self.config.context_window - reply_tokens(self.config)
        if reply.prompt_tokens is not None and reply.prompt_tokens > room:
            raise BackendError(
                f"The server counted {reply.prompt_tokens} prompt tokens, more than the {room} the context "
                "window leaves, so it may have cut the passages; lower -k or raise QA_CONTEXT_WINDOW."
            )
        return reply

    def _verified(self, question: Question, baseline: Answer, prompt: Prompt, reply: Reply,
                  meta: dict[str, Any]) -> Answer:
        sentences = split_sentences(reply.text)
        if sentences and says_no_answer(sentences[0]):
            meta["model_abstained"] = True
            return Answer(question.text, NOT_SAID, abstained=True,
                          passages=baseline.passages, meta=meta)
        checks = verify(reply.text, prompt.passages, self._spans(prompt.passages), question.focus,
                        cut_off=reply.finish_reason == "length")
        meta["verified"] = {v: sum(c.verdict == v for c in checks) for v in ("supported", "corrected", "removed")}
        kept = [c for c in checks if c.kept]
        reason = ("none of the model's sentences is stated by the passages" if not kept else
                  "the model's supported sentences do not address the question" if not self._addresses(question, kept)
                  else f"the model's supported sentences state no {question.kind}" if not _states_kind(question, kept)
                  else "")
        if reason:
            result = _fallback(baseline, meta, reason)
            result.verification = [_verdict(c, c.sentence, []) for c in checks]
            return result
        return self._compose(question, baseline, prompt, checks, meta)

    def _unverified(self, question: Question, baseline: Answer, on_token: OnToken | None,
                    meta: dict[str, Any]) -> Answer:
        """The model's reply as it came, each `[n]` cited as its whole passage, with no check of
        any sentence and no extractive answer to fall back on: what `qa eval --compare` sets
        beside the verified answer, to show what verification buys."""
        meta["verified"] = "off"
        try:
            prompt = build_prompt(question.resolved, baseline.passages, self.config.context_window,
                                  reply_tokens(self.config))
            reply = self._generate(prompt, on_token)
        except BackendError as exc:
            meta["error"] = str(exc)
            return Answer(question.text, "", abstained=True, passages=baseline.passages, meta=meta)
        meta.update(generated_text=reply.text, finish_reason=reply.finish_reason)
        citations: list[Citation] = []

        def cite(numbers_: list[int]) -> str:
            marks = [self._add(citations, p.source, p.start, p.end, p.score)
                     for p in (prompt.passages[n - 1] for n in numbers_ if 1 <= n <= len(prompt.passages))]
            return " " + "".join(f"[{n}]" for n in dict.fromkeys(marks)) if marks else ""

        text = replace_markers(reply.text.strip(), cite)
        sentences = split_sentences(reply.text)
        return Answer(question.text, text, citations, abstained=bool(sentences) and says_no_answer(sentences[0]),
                      passages=baseline.passages, meta=meta)

    def _addresses(self, question: Question, kept: list[Check]) -> bool:
        """Whether the kept sentences and their evidence hold at least RELEVANCE of the question's
        focus, weighted by rarity: true sentences about something else are not an answer."""
        said = set().union(*(set(terms(c.claim)) | set().union(*(e.terms for e in c.evidence)) for c in kept))
        weights = {t: self.retriever.lexical.idf(t) for t in question.focus}
        total = sum(weights.values())
        return not total or sum(w for t, w in weights.items() if t in said) / total >= RELEVANCE

    def _compose(self, question: Question, baseline: Answer, prompt: Prompt, checks: list[Check],
                 meta: dict[str, Any]) -> Answer:
        citations: list[Citation] = []
        parts, verdicts = [], []
        for c in checks:
            if not c.kept:
                verdicts.append(_verdict(c, c.sentence, []))
                continue
            cited = list(dict.fromkeys(self._cite(citations, e, prompt.passages) for e in c.evidence))
            sentence = _with_markers(c.claim, cited)
            parts.append(sentence)
            verdicts.append(_verdict(c, sentence, cited))
        text = " ".join(parts)
        conflicts, disagreement = self._carry_conflicts(baseline, citations, text)
        if disagreement:
            text += " " + disagreement
        return Answer(question.text, text, citations, conflicts=conflicts, passages=baseline.passages,
                      verification=verdicts, meta=meta)

    def _carry_conflicts(self, baseline: Answer, citations: list[Citation], text: str) -> tuple[list[Conflict], str]:
        """The extractive answer's conflicts, renumbered into `citations`; and its sentence
        stating them, unless `text` already names every competing value."""
        if not baseline.conflicts:
            return [], ""
        renumber = {c.n: self._add(citations, c.source, c.start, c.end, c.score) for c in baseline.citations}
        conflicts = [
            Conflict(k.topic, [ConflictValue(v.value, [renumber[n] for n in v.citations], v.note) for v in k.values])
            for k in baseline.conflicts
        ]
        if all(_mentions(text, v.value) for k in conflicts for v in k.values):
            return conflicts, ""
        return conflicts, re.sub(r"\[(\d+)\]", lambda m: f"[{renumber[int(m.group(1))]}]", baseline.text)

    # -- citations ----------------------------------------------------------------------------
    def _spans(self, passages: list[Passage]) -> list[list[tuple[int, int]]] | None:
        try:
            return [list(self.retriever.record(p.chunk_id).sentences) for p in passages]
        except KeyError:
            return None  # passages from elsewhere: verify splits their text itself

    def _cite(self, citations: list[Citation], evidence: Evidence, passages: list[Passage]) -> int:
        return self._add(citations, evidence.source, evidence.start, evidence.end, passages[evidence.n - 1].score)

    def _add(self, citations: list[Citation], source: str, start: int, end: int, score: float) -> int:
        """The number of the citation of this exact span, added if new."""
        for c in citations:
            if (c.source, c.start, c.end) == (source, start, end):
                return c.n
        quote = self.retriever.source_text(source)[start:end]
        citations.append(Citation(len(citations) + 1, source, start, end, quote, round(score, 4)))
        return citations[-1].n


def _states_kind(question: Question, kept: list[Check]) -> bool:
    """Whether a kept sentence states a value of the kind asked for (a name for "who", a number
    for "how many") that the question does not itself contain: "The Red Crescent was led by
    its head" is true, and no answer to who led it."""
    extract = EXTRACTORS.get(question.kind) if question.kind in TYPED_KINDS else None
    if extract is None:
        return True
    asked = set(terms(question.text))
    return any(not set(terms(v.surface)) <= asked for c in kept for v in extract(c.claim))


def _prompt_meta(prompt: Prompt) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt.tokens,
        "passages_in_prompt": len(prompt.passages),
        "dropped_passages": [
            {"rank": len(prompt.passages) + i + 1, "source": p.source, "start": p.start, "end": p.end}
            for i, p in enumerate(prompt.dropped)
        ],
    }


def _fallback(baseline: Answer, meta: dict[str, Any], reason: str) -> Answer:
    """The extractive answer, saying why the model's reply was not used."""
    baseline.meta.update(meta)
    baseline.meta["fallback"] = reason
    note = reason.replace("[", "(").replace("]", ")").rstrip(".")
    baseline.text = f"{baseline.text}\n\n_Extractive answer: the language model's reply was not used ({note})._"
    return baseline


def _verdict(check: Check, sentence: str, cited: list[int]) -> SentenceVerdict:
    return SentenceVerdict(sentence, cited, check.verdict, check.reason)


def _with_markers(claim: str, cited: list[int]) -> str:
    body = claim.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else "."
    return f"{body.rstrip('.!?').rstrip()} {''.join(f'[{n}]' for n in cited)}{end}"


def _mentions(text: str, value: str) -> bool:
    wanted = {v.normal for v in numbers(value)}
    if wanted:
        return wanted <= {v.normal for v in numbers(text)}
    return value.lower() in text.lower()


def _plain(answer: str) -> str:
    """An earlier answer as the model sees it: no citation markers, at most 300 characters."""
    text = " ".join(strip_markers(s) for s in split_sentences(answer))
    return text if len(text) <= 300 else text[:300].rsplit(" ", 1)[0] + " ..."


def _standalone(text: str, config: Config) -> str:
    """The rewritten question in a reply, or BackendError when there is none worth using."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    found = re.sub(r"^(standalone|rewritten|follow-up)?\s*question\s*:\s*", "", lines[0], flags=re.I) if lines else ""
    found = found.strip().strip("\"'“”").strip()
    if not re.search(r"[^\W\d_]{2}", found):
        raise BackendError("The model's rewrite of the follow-up question was empty.")
    if count_tokens(found) > config.max_question_tokens:
        raise BackendError("The model's rewrite of the follow-up question was too long to use.")
    return found
