"""The sentence verifier on hand-made passages: what it keeps, corrects and removes, and why."""

from __future__ import annotations

import pytest

from qa.types import Passage
from qa.verify import (
    COVERAGE, CORRECTED, REMOVED, SUPPORTED, citations_in, evidence_of, says_no_answer, split_sentences,
    strip_markers, verify,
)

BRIDGE = ("The Lindqvist bridge opened on 4 May 1931. Its chief engineer was Mara Olofsson. "
          "The bridge carries two railway tracks and a road.")
STORM = "A storm in 1954 killed 12 people and injured 40 others. The bridge was closed for three weeks."
MUSEUM = "The Tallberg museum was founded by Henrik Dahl in 1960. It receives about 300000 visitors a year."
# Passages sit at offsets inside longer sources, as retrieved chunks do.
PASSAGES = [
    Passage("bridge.txt", 100, 100 + len(BRIDGE), BRIDGE, 0.9),
    Passage("storm.txt", 2000, 2000 + len(STORM), STORM, 0.7),
    Passage("museum.txt", 0, len(MUSEUM), MUSEUM, 0.5),
]


def check(reply: str, question_terms: list[str] | None = None):
    [only] = verify(reply, PASSAGES, question_terms=question_terms)
    return only


def test_a_stated_sentence_is_supported_with_its_exact_sentence_as_evidence():
    c = check("The bridge opened on 4 May 1931 [1].")
    assert c.verdict == SUPPORTED and c.cited == [1]
    [e] = c.evidence
    assert (e.n, e.source, e.text) == (1, "bridge.txt", "The Lindqvist bridge opened on 4 May 1931.")
    assert BRIDGE[e.start - 100:e.end - 100] == e.text


def test_number_words_and_digits_are_the_same_number():
    assert check("The bridge carries 2 railway tracks [1].").verdict == SUPPORTED


@pytest.mark.parametrize("reply, reason", [
    ("The storm killed 40 people [2].", "the number '40'"),  # 40 were injured, not killed
    ("The bridge was repainted in 1990 [1].", "1990' is not stated"),
    ("Karl Berg was the chief engineer of the bridge [1].", "the name 'Karl Berg'"),
    ("The weather was sunny and warm when the bridge opened [1].", "words not found"),
])
def test_fabrications_are_removed_with_the_reason(reply, reason):
    c = check(reply)
    assert c.verdict == REMOVED and not c.evidence
    assert reason in c.reason


def test_a_bare_number_is_read_as_a_claim_about_the_question():
    assert check("40.", question_terms=["kill"]).verdict == REMOVED  # 40 is the injured count
    kept = check("12 [2].", question_terms=["kill"])
    assert kept.verdict == SUPPORTED and kept.evidence[0].source == "storm.txt"


def test_a_citation_to_the_wrong_passage_is_corrected():
    c = check("Mara Olofsson was the chief engineer [2].")
    assert c.verdict == CORRECTED
    assert [e.n for e in c.evidence] == [1]
    assert "cited passage [2]" in c.reason and "passage [1] states it" in c.reason


def test_a_sentence_without_citation_gets_the_passage_that_states_it():
    c = check("Henrik Dahl founded the Tallberg museum in 1960.")
    assert c.verdict == CORRECTED and [e.n for e in c.evidence] == [3]
    assert c.reason.startswith("cited nothing")


def test_a_citation_to_a_passage_that_does_not_exist_is_dropped():
    c = check("The storm killed 12 people [2][7].")
    assert c.verdict == CORRECTED and "[7]" in c.reason
    assert [e.n for e in c.evidence] == [2]
    assert check("Nobody knows the toll [9].").verdict == REMOVED


def test_a_claim_stated_only_across_two_sentences_cites_both():
    c = check("The bridge, whose chief engineer was Mara Olofsson, opened on 4 May 1931 [1].")
    assert c.verdict == SUPPORTED
    assert [e.text for e in c.evidence] == ["The Lindqvist bridge opened on 4 May 1931.",
                                           "Its chief engineer was Mara Olofsson."]


@pytest.mark.parametrize("reply, kept", [
    ("The storm closed the bridge for three weeks [2].", True),  # every content word stated
    ("The storm shut the bridge for three weeks [2].", True),  # one word of its own of 5
    ("The storm shut the damaged bridge for three long weeks [2].", False),  # three of 7
])
def test_coverage_threshold(reply, kept):
    assert COVERAGE == 0.7
    assert check(reply).kept is kept


def test_restating_the_question_is_not_an_answer():
    c = check("The chief engineer of the bridge [1].", question_terms=["chief", "engin", "bridg"])
    assert c.verdict == REMOVED and "restates" in c.reason


def test_saying_the_passages_do_not_answer_is_not_a_claim():
    reply = "The passages do not contain the answer."
    assert says_no_answer(reply)
    assert check(reply).verdict == REMOVED
    assert not says_no_answer("The bridge did not open in 1930 [1].")


def test_each_sentence_of_a_reply_gets_its_own_verdict():
    reply = ("The Lindqvist bridge opened on 4 May 1931 [1]. The storm killed 40 people [2]. "
             "Its chief engineer was Mara Olofsson [3].")
    assert [c.verdict for c in verify(reply, PASSAGES)] == [SUPPORTED, REMOVED, CORRECTED]


def test_splitting_keeps_markers_with_their_sentence():
    text = ("Despite the U.S. warning, it was 3.5 km long. [1] It opened in May [2].\n"
            "- A bullet point [1][3]\n2. A numbered point [2]")
    assert split_sentences(text) == [
        "Despite the U.S. warning, it was 3.5 km long. [1]", "It opened in May [2].",
        "A bullet point [1][3]", "A numbered point [2]",
    ]


@pytest.mark.parametrize("sentence, numbers", [
    ("A [1].", [1]), ("A [1, 2].", [1, 2]), ("A [1][3] and [1].", [1, 3]), ("A [Passage 2].", [2]),
    ("In 1931 [sic] it opened.", []),
])
def test_citation_markers(sentence, numbers):
    assert citations_in(sentence) == numbers


@pytest.mark.parametrize("sentence", [
    "According to passage 2, the storm killed 12 people [2].", "The answer is: the storm killed 12 people [2].",
    "Based on the passages [2], the storm killed 12 people.", "The passage states that the storm killed 12 people [2].",
])
def test_markers_and_lead_ins_are_stripped_from_the_claim(sentence):
    assert strip_markers(sentence) == "The storm killed 12 people."


def test_evidence_uses_the_given_sentence_spans_and_skips_spans_outside_the_passage():
    spans = [[(100, 142), (143, 180), (5, 20)], [], []]
    [first, second, third] = evidence_of(PASSAGES, spans)
    assert [e.text for e in first] == [BRIDGE[0:42], BRIDGE[43:80]]
    assert second == [] and third == []


def test_a_repeated_sentence_is_removed_once_said():
    checks = verify("The bridge opened on 4 May 1931 [1]. Its chief engineer was Mara Olofsson [1]. "
                    "The bridge opened on 4 May 1931 [1].", PASSAGES)
    assert [c.verdict for c in checks] == [SUPPORTED, SUPPORTED, REMOVED]
    assert checks[2].reason == "repeats an earlier sentence"


@pytest.mark.parametrize("cut_off, last", [(True, REMOVED), (False, CORRECTED)])  # uncited, so corrected
def test_an_unfinished_last_sentence_of_a_cut_off_reply_is_removed(cut_off, last):
    checks = verify("The bridge opened on 4 May 1931 [1]. Its chief engineer was Mara Olofsson", PASSAGES,
                    cut_off=cut_off)
    assert [c.verdict for c in checks] == [SUPPORTED, last]
    assert ("cut off" in checks[1].reason) == cut_off


def test_a_finished_last_sentence_of_a_cut_off_reply_is_checked_as_usual():
    checks = verify("The bridge opened on 4 May 1931 [1]. Its chief engineer was Mara Olofsson [1].", PASSAGES,
                    cut_off=True)
    assert [c.verdict for c in checks] == [SUPPORTED, SUPPORTED]


def test_words_gathered_from_unrelated_passages_are_no_claim():
    c = check("Henrik Dahl, who founded the museum, also built the railway bridge [1][3].")
    assert c.verdict == REMOVED
    assert "pieces of several" in c.reason
