"""The extractive answerer end to end: real index, real embedder, concrete answers.

Two corpora: the seeds (five news reports that disagree) and tests/fixtures/harbour, a small
corpus written for these tests (Markdown, text with an injected instruction, HTML).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import qa
from qa.config import Config
from qa.entities import dates_in, names, numbers, places, reasons
from qa.errors import IndexStateError, InputError
from qa.extractive import _counts, _is_label, _is_money, _main_years
from qa.questions import OTHER, analyze, split_compound
from qa.types import Passage

HARBOUR = Path(__file__).parent / "fixtures" / "harbour"
EVALS = Path(__file__).parents[1] / "evals"


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return indexed(HARBOUR, tmp_path_factory.mktemp("harbour"))


@pytest.fixture(scope="module")
def eval_corpus(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Config]:
    """An eval corpus by name (five documents: news, minutes, an encyclopedia entry, a forum ...),
    indexed once per module: its words are as rare or as common as a real corpus makes them."""
    built: dict[str, Config] = {}

    def index(name: str) -> Config:
        if name not in built:
            built[name] = indexed(EVALS / name / "corpus", tmp_path_factory.mktemp(name))
        return built[name]
    return index


@pytest.fixture(scope="module")
def seeds(seed_index) -> Config:
    return seed_index.config


def indexed(corpus: Path, tmp_path: Path) -> Config:
    """`corpus` indexed under tmp_path with the real embedder, ready to ask."""
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index")
    qa.build_index(config=config)
    return config


def answered(question: str, config: Config, phrase: str) -> qa.Answer:
    """The answer to `question`, which must not be a refusal and must say `phrase`."""
    answer = qa.answer(question, config=config)
    assert not answer.abstained and phrase in answer.text, answer.text
    return answer


def assert_grounded(answer: qa.Answer, config: Config) -> None:
    """Every marker in the text names a citation, and every quote is its source's exact span."""
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}
    for citation in answer.citations:
        source = (config.corpus_dir / citation.source).read_text(encoding="utf-8")
        if citation.source.endswith((".txt", ".md")):
            assert source[citation.start:citation.end] == citation.quote


def test_a_single_fact_is_one_cited_sentence(harbour: Config) -> None:
    answer = qa.answer("Who designed the bridge?", config=harbour)
    assert not answer.abstained
    assert "Halvorsen & Poole" in answer.text
    assert answer.citations[0].source == "council-report.md"
    assert len(answer.text.split()) <= 45
    assert_grounded(answer, harbour)


@pytest.mark.parametrize(
    "question, expected, source",
    [
        ("How long is the bridge?", "412 metres", "council-report.md"),
        ("Why was the deck resurfaced?", "salt spray", "council-report.md"),
        ("How many residents walked across on opening day?", "4,000", "local-news.txt"),
        ("What was the name of the ferry?", "Saint Brenna", "history.html"),
        ("Where is the ferry now?", "maritime museum", "history.html"),
    ],
)
def test_facts_from_each_kind_of_file(harbour: Config, question: str, expected: str, source: str) -> None:
    answer = qa.answer(question, config=harbour)
    assert not answer.abstained, answer.text
    assert expected in answer.text
    assert source in {c.source for c in answer.citations}
    assert any(expected in c.quote for c in answer.citations)


def test_html_citation_points_into_the_extracted_text(harbour: Config) -> None:
    answer = qa.answer("When did the ferry service begin?", config=harbour)
    assert "1911" in answer.text
    from qa.retrieval import open_retriever

    extracted = open_retriever(harbour).source_text("history.html")
    for c in answer.citations:
        if c.source == "history.html":
            assert extracted[c.start:c.end] == c.quote
    assert "tracking" not in extracted and "color: red" not in extracted


def test_disagreeing_sources_are_listed_with_their_citations(harbour: Config) -> None:
    answer = qa.answer("How much did the bridge cost?", config=harbour)
    assert not answer.abstained
    assert "38 million" in answer.text and "52 million" in answer.text
    (conflict,) = answer.conflicts
    values = {v.value: v for v in conflict.values}
    assert set(values) == {"38 million euros", "52 million euros"}  # shown with their currency
    cited = {n: c for c in answer.citations for n in [c.n]}
    assert cited[values["38 million euros"].citations[0]].source == "council-report.md"
    assert cited[values["52 million euros"].citations[0]].source == "local-news.txt"
    assert values["38 million euros"].note == "final figure"
    assert_grounded(answer, harbour)


@pytest.mark.parametrize(
    "question",
    [
        "What is the speed limit on the bridge?",
        "How many people died building the bridge?",
        "Why did the bridge collapse?",
        "What colour is the bridge painted?",
    ],
)
def test_abstains_when_the_documents_are_silent(harbour: Config, question: str) -> None:
    answer = qa.answer(question, config=harbour)
    assert answer.abstained
    assert answer.text.startswith("The documents don't say.")
    assert "Closest matches" in answer.text
    assert not answer.conflicts


def test_instructions_inside_documents_are_not_obeyed(harbour: Config) -> None:
    answer = qa.answer("Who cut the ribbon at the opening?", config=harbour)
    assert "Ines Capaldi" in answer.text
    for question in ("Who designed the bridge?", "What is the bridge made of?"):
        assert "cheese" not in qa.answer(question, config=harbour).text


def test_seed_death_toll_states_each_figure(seeds: Config) -> None:
    answer = qa.answer("How many people were killed?", config=seeds)
    assert not answer.abstained
    (conflict,) = answer.conflicts
    figures = {re.sub(r"\D", "", v.value) for v in conflict.values}
    assert {"84", "95"} <= figures
    assert all(v.citations for v in conflict.values)
    # 003 calls its 95 "a downward revision"; 001 states 95 plainly: the value is a revised figure.
    (ninety_five,) = [v for v in conflict.values if re.sub(r"\D", "", v.value) == "95"]
    assert "revised figure" in ninety_five.note and "AI-written" not in ninety_five.note
    assert_grounded(answer, seeds)


@pytest.mark.parametrize("question", ["Who carried out the attack?", "Who was responsible for the attack?"])
def test_seed_who_did_it_names_the_claimant(seeds: Config, question: str) -> None:
    answer = qa.answer(question, config=seeds)
    assert not answer.abstained
    assert answer.text.startswith("On 4 January, the Islamic State claimed responsibility for the attack"), answer.text
    assert "ISIS officially claimed responsibility" in answer.text, answer.text  # a second source says so too
    assert {c.source[:3] for c in answer.citations} >= {"001", "002"}
    assert_grounded(answer, seeds)


def test_seed_injured_figures_include_those_worded_apart(seeds: Config) -> None:
    # "injured 284 others." (a count ending the sentence) and "up to 211 others were injured"
    # (a sentence sharing few of the question's words) are both figures for the injured.
    answer = qa.answer("How many people were wounded in the attack?", config=seeds)
    (conflict,) = answer.conflicts
    assert {"284", "211"} <= {re.sub(r"\D", "", v.value) for v in conflict.values}
    assert_grounded(answer, seeds)


def test_a_count_of_other_people_is_no_answer(write_corpus, tmp_path: Path) -> None:
    # "people" is what is counted, not what the figure is about: 21 and 12 count the dead.
    corpus = write_corpus({
        "history.txt": "The Great Molasses Flood struck Boston in 1919. The disaster killed 21 people and injured 150 others.",
        "paper.txt": "Molasses tank bursts in Boston. At least 12 persons were killed and more than 50 injured yesterday.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many people were injured?", config=config)
    (conflict,) = answer.conflicts
    assert {re.sub(r"\D", "", v.value) for v in conflict.values} == {"150", "50"}
    assert_grounded(answer, config)


def test_since_when_is_answered_by_what_follows_since(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "gazette.txt": "On 3 May 2021 the river flood was the worst in the valley since 1952, the mayor said.",
        "herald.txt": "Officials said the river flood of 3 May 2021 was the worst in the valley since 1948.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("The river flood was the worst in the valley since when?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"1952", "1948"}
    assert_grounded(answer, config)


def test_since_when_states_the_phrase_and_a_source_naming_only_that_year_still_counts(
        write_corpus, tmp_path: Path) -> None:
    # The second source names no year but 1948, the answer itself: it is not about another year.
    corpus = write_corpus({
        "gazette.txt": "The river flood of May 2021 was the worst in the valley since the great storm of 1952.",
        "herald.txt": "Officials counted the damage on Monday. "
                      "The river flood was the worst in the valley since the dam burst of 1948.",
        "notes.txt": "Insurers paid out for the 2021 flood within weeks. Rebuilding lasted into 2021 and beyond.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("The river flood was the worst in the valley since when?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"the great storm of 1952", "the dam burst of 1948"}
    assert_grounded(answer, config)


def test_who_may_be_answered_without_a_proper_name(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "paper.txt": "BOSTON, Jan. 16, 1919 -- At least 12 persons were killed when a tank of molasses exploded on "
                     "Commercial Street. Officials of the company blamed the explosion on anarchists, saying a bomb "
                     "had been placed near the tank.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who did the company blame for the explosion?", config=config)
    assert not answer.abstained and "anarchists" in answer.text
    assert_grounded(answer, config)


def test_the_names_of_a_group_need_names_beside_it(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "report.txt": "Twelve students were hurt when the roof of the sports hall fell in. "
                      "The school was closed for a week while engineers inspected it.",
    })
    config = indexed(corpus, tmp_path)
    assert qa.answer("What were the names of the students who were hurt?", config=config).abstained


def test_a_sources_own_footnote_markers_are_not_cited_or_shown(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wiki.txt": "The Tay Bridge carried the railway over the firth.[3]\n"
                    "[4] The bridge was designed by Thomas Bouch, who was knighted when it opened.[5][6]\n"
                    "Its engineer called it \"a triumph.\"[7] The bridge fell in a storm in 1879.\n",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who designed the Tay Bridge?", config=config)
    assert "Thomas Bouch" in answer.text
    assert not re.search(r"\[[3-6]\]", answer.text)
    assert answer.citations[0].quote.startswith("The bridge was designed")
    assert answer.citations[0].quote.endswith("when it opened.")
    assert_grounded(answer, config)
    fell = qa.answer("When did the bridge fall?", config=config)
    assert fell.citations[0].quote == "The bridge fell in a storm in 1879."


def test_another_sources_sentence_must_name_what_the_answer_is_about(seeds: Config) -> None:
    # The funeral sentence names people, Kerman and the attack, and its neighbour names the Red
    # Crescent, but it says nothing of the Red Crescent itself: it is no other view of who led it.
    answer = qa.answer("Who was in charge of the Red Crescent in Kerman province during the attack?", config=seeds)
    assert "Reza Fallah" in answer.text and "Salami" not in answer.text
    assert len(answer.citations) == 1
    assert_grounded(answer, seeds)


def test_another_sources_sentence_may_name_the_place_by_what_it_is(write_corpus, tmp_path: Path) -> None:
    # "ordered the evacuation of the town", after a sentence on Brenholm, is about Brenholm.
    corpus = write_corpus({
        "wire.txt": "Brenholm's mayor, Konrad Viel, ordered the evacuation of the town shortly after 9 p.m., as the fire "
                    "crossed the ridge.",
        "review.txt": "The fire crossed the ridge above Brenholm in the evening. At 20:40 the provincial chief fire "
                      "officer, Petra Alvang, who was in command at the scene, ordered the evacuation of the town.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("Who ordered the evacuation of Brenholm?", config, "Konrad Viel")
    assert "Petra Alvang" in answer.text
    assert_grounded(answer, config)


@pytest.mark.parametrize("question, parts", [
    ("Where was X killed, and where is he buried?", ["Where was X killed", "where is he buried?"]),
    ("Who were Iran's president and health minister when the bombing happened?",
     ["Who were Iran's president when the bombing happened?", "Who were Iran's health minister when the bombing happened?"]),
    ("who is the mayor and the governor?", ["who is the mayor?", "who is the governor?"]),
    ("Which officials spoke, from the Red Cross and from the police?",
     ["Which officials spoke from the Red Cross?", "Which officials spoke from the police?"]),
    ("Who are Tom and Jerry?", ["Who are Tom and Jerry?"]),  # names, not roles
    ("What did Raisi and Khamenei say?", ["What did Raisi and Khamenei say?"]),
])
def test_a_question_that_asks_two_things_is_split(question: str, parts: list[str]) -> None:
    assert split_compound(question) == parts


def test_a_role_qualified_by_a_name_is_answered_by_that_names_holder(write_corpus, tmp_path: Path) -> None:
    # Spain's president is no rival answer to who France's president was.
    corpus = write_corpus({
        "a.txt": "Delegates from France and Spain met at the summit in Geneva. "
                 "France's president Anne Morel opened the summit on Monday.",
        "b.txt": "Delegates from France and Spain met at the summit in Geneva. "
                 "Spain's president Luis Vega closed the summit on Friday.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who was France's president at the summit?", config=config)
    assert "Anne Morel" in answer.text and "Luis Vega" not in answer.text
    assert not answer.conflicts
    assert_grounded(answer, config)


def test_an_unqualified_role_may_be_the_one_the_question_qualifies(write_corpus, tmp_path: Path) -> None:
    # A source may take the country as read: its interior minister is a rival answer.
    corpus = write_corpus({
        "a.txt": "Delegates from France met at the summit in Geneva. "
                 "France's interior minister Paul Gide spoke at the summit on Monday.",
        "b.txt": "Delegates from France met at the summit in Geneva. "
                 "Interior minister Jean Roux spoke at the summit on Friday.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who was France's interior minister at the summit?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"Paul Gide", "Jean Roux"}
    assert_grounded(answer, config)


def test_a_question_naming_several_things_may_word_one_differently(write_corpus, tmp_path: Path) -> None:
    # "English" is the source's "British"; Ypres, the German guns and 1917 still pin it down.
    corpus = write_corpus({
        "diary.txt": "The rain did not stop all week. In March 1917, 120 British soldiers were wounded when German "
                     "artillery shelled the trenches near Ypres. The next morning was quiet.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many English soldiers were hurt when German guns shelled the trenches near Ypres in 1917?",
                       config=config)
    assert not answer.abstained and "120" in answer.text
    assert_grounded(answer, config)
    # One name only, worded differently: nothing pins the sentence to the question.
    assert qa.answer("How many Canadian soldiers were wounded?", config=config).abstained


def test_a_date_beside_a_name_is_no_answer_unless_the_sentence_says_what_happened(
        write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "report.txt": "The police named the smuggler as Karl Brandt, who sailed into Rotterdam in March 2021 "
                      "and left the country on 2 April. Investigators are still looking for the boat.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("When did Karl Brandt sail into Rotterdam?", config=config)
    assert not answer.abstained and "March 2021" in answer.text
    assert qa.answer("On what date was Karl Brandt arrested?", config=config).abstained


def test_a_record_line_answers_for_what_it_names_only(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "profile.md": "# Norland\n\nThe port city of Velby lies on the Norland coast and is known for its harbour.\n\n"
                      "*Republic of Norland: Population: 5.2 Mn, GDP: 410 Bn*\n\n"
                      "*Ada Lind (b.4 June 1961 – d.9 May 2020)*\n",
    })
    config = indexed(corpus, tmp_path)
    assert "5.2" in qa.answer("What is the population of Norland?", config=config).text
    assert "410" in qa.answer("How big is Norland's GDP?", config=config).text
    assert "1961" in qa.answer("When was Ada Lind born?", config=config).text
    # The line names the country, not the city: it gives no population for Velby.
    assert qa.answer("What is the population of the city of Velby?", config=config).abstained


def test_a_name_may_be_written_as_its_acronym(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "crash.txt": "The plane landed safely after the crew shut down one engine. Investigators from the NTSB "
                     "found a cracked fan blade in the left engine. The airline grounded two other aircraft.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("What did the National Transportation Safety Board find in the left engine?", config=config)
    assert not answer.abstained and "cracked fan blade" in answer.text
    assert_grounded(answer, config)


def test_a_question_word_paraphrased_in_context_is_read_as_said(write_corpus, tmp_path: Path) -> None:
    # "blaze" is the list's "fire": single-word vectors miss it, the words read in their
    # sentences match; "one of the ships" names no count.
    corpus = write_corpus({
        "history.txt": "Halveston Maritime Lines was founded in 1972 by the shipowner Anton Halveston. The company "
                       "runs four ferries between the mainland and the islands.\n\nPrevious incidents\n\n"
                       "In 1998 the Kastrel Queen ran aground on rocks in fog; all passengers were evacuated.\n"
                       "In 2011 a fire in the engine room of the Nerith Dawn killed four people.\n"
                       "In 2019 the Aurelia Star lost power for two hours in a storm.\n",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("In which year did a blaze on one of the company's ships kill several people?", config=config)
    assert not answer.abstained and "2011" in answer.text
    assert_grounded(answer, config)
    assert qa.answer("When did one of the company's ferries sink?", config=config).abstained
    assert qa.answer("When did the Aurelia Star run aground?", config=config).abstained


def test_the_same_time_written_two_ways_is_no_disagreement(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "The ferry Aurelia Star capsized at about 6:15 p.m. off the port of Solvenna.",
        "almanac.txt": "The Aurelia Star capsized at 18:15 local time as it turned outside the harbour.",
        "feature.txt": "Survivors said the Aurelia Star capsized in the evening, as the light was failing.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("At what time did the Aurelia Star capsize?", config=config)
    assert not answer.abstained and not answer.conflicts, answer.text
    assert "6:15 p.m." in answer.text or "18:15" in answer.text
    # A clock time outside the evening would be a disagreement.
    (corpus / "update.txt").write_text("Port records show the Aurelia Star capsized at 6:40 p.m., not earlier.")
    config = indexed(corpus, tmp_path / "again")
    (conflict,) = qa.answer("At what time did the Aurelia Star capsize?", config=config).conflicts
    assert len(conflict.values) == 2


def test_a_source_saying_a_name_was_withheld_is_quoted_in_the_abstention(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "rescue.txt": "The lifeboat crew pulled 43 people from the water, among them an 11-year-old boy, whose name "
                      "has not been released. The ship's chief engineer was among the dead; the company declined to "
                      "release his name. Captain Emil Sadowski survived.",
    })
    config = indexed(corpus, tmp_path)
    for question, said in [("What is the name of the 11-year-old boy who was rescued?", "has not been released"),
                           ("What was the name of the ship's chief engineer?", "declined to release his name")]:
        answer = qa.answer(question, config=config)
        assert answer.abstained and said in answer.text and said in answer.citations[0].quote
        assert_grounded(answer, config)
    assert "Sadowski" in qa.answer("Who was the captain?", config=config).text


def test_a_figure_asked_of_a_name_must_be_stated_of_it(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "port.txt": "Solvenna is the principal seaport of the province, with a population of 318,400. "
                    "Its ferries sail to the island of Kastrel, 22 km to the south.",
    })
    config = indexed(corpus, tmp_path)
    assert "318,400" in qa.answer("What is the population of Solvenna?", config=config).text
    assert qa.answer("What is the population of the island of Kastrel?", config=config).abstained


def test_a_figure_stands_by_the_question_word_as_the_source_words_it(write_corpus, tmp_path: Path) -> None:
    # "turned over" is the source's "overturned": read in context, that word anchors the figure.
    corpus = write_corpus({
        "update.txt": "Divers worked through the night near the harbour wall. Officials now believe as many as 212 "
                      "people were aboard when the ferry overturned.",
        "weather.txt": "The weather had turned by the afternoon.",
        **{f"notes-{day}.txt": f"People waited for the ferry on {day}, and the ferry office thanked people for their patience."
           for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")},
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many people were on the ferry when it turned over?", config=config)
    assert not answer.abstained and "212" in answer.text
    assert_grounded(answer, config)


def test_on_what_date_is_answered_by_a_calendar_date_not_a_relative_one(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "A storm hit Solvenna on Friday. The Aurelia Star capsized the following day.",
        "almanac.txt": "The Aurelia Star capsized on 15 March 2025, its crew said.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("On what date did the Aurelia Star capsize?", config=config)
    assert "15 March 2025" in answer.text and "following day" not in answer.text and not answer.conflicts


def test_the_countrys_role_is_the_role_the_documents_speak_of(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "news.txt": "The inquiry opens next week. \"We will find out what happened,\" Transport Minister Pavel "
                    "Ruzicky said in Solvenna.",
        "guide.txt": "The country has a long coastline.",
        **{f"port-{n}.txt": f"Sea transport links the coast to island {n}, the fisheries minister said." for n in range(6)},
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who is the country's transport minister?", config=config)
    assert not answer.abstained and "Pavel Ruzicky" in answer.text


def test_how_much_is_answered_by_a_sum_of_money(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "report.txt": "The painting was stolen on Tuesday from the east gallery. The painting is insured by Nordvale "
                      "for €38 million. Police said 3 men took the painting.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How much is the painting worth?", config=config)
    assert not answer.abstained and "€38 million" in answer.text and "3 men" not in answer.text


def test_value_questions_want_the_value_itself(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "police.txt": "The theft at the museum in March 2023 shocked the city. Police found the stolen painting on "
                      "29 April 2023 in a storage unit. Accounts still differ on what time the thieves came that "
                      "night. The door log suggests the thieves came in by the staff door at 03:38. Director Anne Brekke would not say "
                      "whether the alarm had gone off. The reward offered in April 2023 was never paid.",
        "museum.txt": "The museum was founded in 1874 by Carl Vestergaard, who gave it his paintings. In 1994 three "
                      "silver chalices were taken from a display case.",
        "wiki.txt": "Categories: Art museums | Buildings on Strandgade | Museums established by collectors",
        "reopening.txt": "The museum reopened to visitors in May 2023.",
        "trial.txt": "Two men went on trial in November 2023.",
    })
    config = indexed(corpus, tmp_path)
    found = qa.answer("When was the painting found again?", config=config)
    assert "29 April 2023" in found.text and "1874" not in found.text and not found.conflicts
    assert "03:38" in qa.answer("What time did the thieves come?", config=config).text
    assert qa.answer("How much were the silver chalices worth?", config=config).abstained
    said = qa.answer("What did Anne Brekke say about the alarm?", config=config)
    assert not said.abstained and "would not say" in said.text
    assert "Categories" not in qa.answer("Who established the museum?", config=config).text


def test_which_work_is_answered_by_the_title_in_quotes(write_corpus, tmp_path: Path) -> None:
    # A long sentence is cut to the clauses around its value: the title, not the gallery.
    corpus = write_corpus({
        "police.txt": "According to the police statement released on Wednesday morning, \"The Lamplighter's "
                      "Daughter\", one of the best-known works in the national collection, was stolen from Gallery 7 "
                      "in the night, and officers, who arrived within twelve minutes of the first alarm, found that "
                      "the thieves had also forced open a display case, where the silver was kept, but had taken "
                      "nothing from it. \"We are devastated,\" said Anne Brekke.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Which artwork was stolen?", config=config)
    assert "Lamplighter's Daughter" in answer.text, answer.text
    assert "Anne Brekke" in qa.answer("Who said they were devastated?", config=config).text


def test_the_name_of_someone_needs_a_name_beside_them(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "police.txt": "Police arrested a first man, Lasse Ekberg, in Marrevik on Tuesday. A second man, aged 41, was "
                      "arrested on Friday in Haldborg.",
    })
    config = indexed(corpus, tmp_path)
    assert "Lasse Ekberg" in qa.answer("What is the name of the first man who was arrested?", config=config).text
    assert qa.answer("What is the name of the 41-year-old man who was arrested?", config=config).abstained


def test_who_is_answered_with_the_next_sentence_naming_whom_the_best_one_describes(
        write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "court.txt": "Harbour police arrested a local dock worker over the warehouse fire on Tuesday. "
                     "The dock worker, Tom Briggs, has lived in the town for twenty years. The warehouse was insured.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who was arrested over the warehouse fire?", config=config)
    assert "Tom Briggs" in answer.text
    assert [c.quote for c in answer.citations] == [
        "Harbour police arrested a local dock worker over the warehouse fire on Tuesday.",
        "The dock worker, Tom Briggs, has lived in the town for twenty years.",
    ]
    assert_grounded(answer, config)


def test_a_follow_up_is_compared_with_sentences_together_with_what_it_refers_to(seeds: Config) -> None:
    # "they do that" means nothing alone; its dense similarity is that of the resolved question.
    history = [("What did the US government do before the attack?",
                "It privately warned Iran of a terrorist threat under its 'duty to warn' policy.")]
    answer = qa.answer("Why did they do that, according to the US official?", history=history, config=seeds)
    assert not answer.abstained and "innocent lives" in answer.text
    assert_grounded(answer, seeds)


def test_a_word_the_question_uses_is_no_paraphrase_of_another_of_its_words(write_corpus, tmp_path: Path) -> None:
    # "arrested" is close to "convicted" as a word, but the question asks about both.
    corpus = write_corpus({
        "court.txt": "Police arrested three men after the bank robbery in the harbour district. "
                     "Their lawyers said the men would ask for bail.",
    })
    config = indexed(corpus, tmp_path)
    assert qa.answer("Have any of the men arrested after the robbery been convicted?", config=config).abstained
    assert not qa.answer("Were any men arrested after the robbery?", config=config).abstained


@pytest.mark.parametrize("text, found", [
    ("The reason for the delay was rain.", ["reason"]),
    ("The port closed for security reasons.", ["reasons"]),
    ("It closed because of the storm.", ["because"]),
    ("There is no reason to believe the port was involved.", []),
    ("Officials had reason to suspect sabotage.", []),
    ("Amid a shortage of parts, the firm changed supplier.", ["Amid"]),
    ("It sailed late so that more lorries could board.", ["so that"]),
    ("The old supplier was unable to deliver.", ["unable to"]),
    ("The snow load is not considered by the Board to be the primary cause of the collapse.", []),
    ("Officials said the weight of snow appeared to have caused the collapse.", ["caused the"]),
    ("The Board found that the collapse began with fatigue cracking in a truss.", ["began with"]),
    ("The company said ice on the lines was the most likely cause.", ["was the most likely cause"]),
    ("The Authority rejected the claim that ice was to blame.", ["was to blame"]),
])
def test_a_reason_is_stated_not_denied(text: str, found: list[str]) -> None:
    assert [v.surface for v in reasons(text)] == found


@pytest.mark.parametrize("text, found", [
    ("He was killed in a U.S. drone strike near Baghdad.", ["Baghdad"]),
    ("The claim was posted on Telegram by an Afghan branch.", ["Telegram"]),
    ("She grew up in an Iranian village.", []),
    ("According to Iranian media reports, it happened in Kerman.", ["Kerman"]),
    ("The fire in the Brevik hotel started in the basement.", ["Brevik", "the basement"]),
    ("A memorial marking the death of Norland Guard commander Arvid Halm was held.", []),
    ("The bombings struck the city of Dalmore earlier this year.", ["Dalmore"]),
    ("One of the bombers was identified as a citizen of Varn.", ["Varn"]),
])
def test_a_name_is_a_place_only_after_a_preposition_of_place(text: str, found: list[str]) -> None:
    assert [v.surface for v in places(text)] == found


@pytest.mark.parametrize("text, found", [
    ("Look for the serial number printed on the underside of the power base.", ["the underside"]),
    ("The first blast erupted near the stage, causing chaos.", ["the stage"]),
    ("I looked at the photographs of that roof.", []),
])
def test_a_place_phrase_ends_in_a_place_noun_without_crossing_a_preposition(text: str, found: list[str]) -> None:
    assert [v.surface for v in places(text)] == found


def test_where_is_answered_only_by_a_sentence_that_says_a_place(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "opinion.txt": "The sea did not sink the Marisa Bell on its own. Greed and neglect sank the Marisa Bell.",
        "wire.txt": "The ferry Marisa Bell went down off the port of Orlan on Saturday evening.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Where did the Marisa Bell sink?", config=config)
    said = answer.text.split("Closest matches")[0]
    assert "did not sink" not in said and "Greed" not in said, answer.text
    assert answer.abstained or "Orlan" in said, answer.text


@pytest.mark.parametrize("text, found", [
    ("The toll rose from 12 on the night of the accident to 27.", []),
    ("It sailed on the evening of 15 March 2025.", ["15 March 2025"]),
    ("Divers resumed the search the morning after the sinking.", ["morning after"]),
])
def test_a_part_of_the_day_is_a_date_only_with_what_it_follows(text: str, found: list[str]) -> None:
    assert [v.surface for v in dates_in(text)] == found


@pytest.mark.parametrize("text, found", [
    ("You may go in May or in early June, but not on 3 July.", ["May", "June", "3 July"]),
    ("The March 2024 report came out later this year.", ["March 2024", "later this year"]),
    ("He sketched it in the summer of 1950 and revised it next spring.", ["the summer of 1950", "next spring"]),
    ("Work resumes in the autumn.", ["autumn"]),
    ("Leaves fall; the mark rose in value.", []),
])
def test_a_month_alone_a_season_or_a_year_said_from_now_is_a_date(text: str, found: list[str]) -> None:
    assert [v.surface for v in dates_in(text)] == found


@pytest.mark.parametrize("text, found", [
    ("The avalanche struck shortly after 6 a.m., when 31 climbers were on the ropes.", ["31"]),
    ("At 10 pm five people left; at 11 o'clock three more did.", ["five", "three"]),
    ("The 6 amendments passed.", ["6"]),
    ("The theft happened after half past three, when two guards slept.", ["two"]),
    ("At a quarter to four, or ten minutes past four, or four o'clock, six men left.", ["six"]),
])
def test_a_clock_time_is_no_count(text: str, found: list[str]) -> None:
    assert [v.surface for v in numbers(text)] == found


def test_why_of_a_false_premise_is_not_answered_by_its_denial(seeds: Config) -> None:
    # No source says Israel claimed the attack; one says there is "no reason to believe" it was involved.
    assert qa.answer("Why did Israel claim responsibility for the Kerman bombings?", config=seeds).abstained


@pytest.mark.parametrize("question", ["What position did Paul Gide hold?", "What was Paul Gide's role?"])
def test_a_persons_title_is_answered_with_each_sources_title(write_corpus, tmp_path: Path, question: str) -> None:
    # "Minister" is the same title as "Interior minister"; the mayoralty is another.
    corpus = write_corpus({
        "a.txt": "Interior minister Paul Gide opened the new police station in Selwick on Monday.",
        "b.txt": "Paul Gide, the former mayor of Selwick, spoke at the opening of the police station.",
        "c.txt": "Crowds cheered as Minister Paul Gide cut the ribbon at the police station.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer(question, config=config)
    (conflict,) = answer.conflicts
    values = {v.value: len(v.citations) for v in conflict.values}
    assert values == {"Interior minister": 2, "the former mayor of Selwick": 1}
    assert_grounded(answer, config)


def test_a_role_that_opens_a_run_of_titles_names_the_person_after_them(write_corpus, tmp_path: Path) -> None:
    # "Deputy Mayor" is a title, not the name; "leader" opens the titles of Ines Carrow.
    corpus = write_corpus({
        "a.txt": "The guild's leader and Deputy Mayor **Ines Carrow** opened the harbour fair on Monday.",
        "b.txt": "Guild leader Tom Briggs welcomed the visitors to the harbour fair.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who was the leader of the guild at the harbour fair?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"Ines Carrow", "Tom Briggs"}
    assert_grounded(answer, config)


def test_the_main_years_include_one_named_nearly_as_often_as_the_first() -> None:
    # A report on a 2024 attack names the 2020 killing it commemorated in most passages.
    texts = ["In 2020 he was killed.", "The 2020 strike.", "Since 2020, tension.", "The 2024 attack.",
             "In 2024, crowds gathered.", "The 1979 revolution."]
    passages = [Passage(f"{i}.txt", 0, len(t), t, 1.0) for i, t in enumerate(texts)]
    assert _main_years(passages) == {"2020", "2024"}


def test_seed_weather_is_not_invented(seeds: Config) -> None:
    answer = qa.answer("What was the weather in Kerman that day?", config=seeds)
    assert answer.abstained
    assert answer.text.startswith("The documents don't say.")


def test_follow_up_is_read_against_the_previous_turn(seeds: Config) -> None:
    first = qa.answer("How many people were killed?", config=seeds)
    follow = qa.answer("And how many were injured?", history=[("How many people were killed?", first.text)], config=seeds)
    assert not follow.abstained
    assert re.search(r"\b(284|211|200)\b", follow.text)
    assert "resolved_question" in follow.meta


def test_a_follow_up_with_its_own_question_word_asks_its_own_kind(write_corpus, tmp_path: Path) -> None:
    earlier = [("Who is the transport minister?", "The transport minister is Pavel Ruzicky.")]
    assert analyze("What did he promise the families of the dead?", earlier).kind == OTHER
    assert analyze("And the health minister?", earlier).kind != OTHER  # elliptical: asks what the earlier one did
    corpus = write_corpus({
        "update.txt": "Transport Minister Pavel Ruzicky said the ferry was overloaded. He also promised a payment of "
                      "20,000 euros to the family of each person killed.",
        "feature.txt": "Ilinca Maros was marking homework in the lounge when the floor tilted. \"I thought it was a "
                       "wave,\" said the 34-year-old teacher, who lives in the old quarter of Solvenna.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("What did he promise the families of the dead?", history=earlier, config=config)
    assert "20,000 euros" in answer.text
    age = qa.answer("How old is she?", history=[("Which survivor was a teacher?", "Ilinca Maros, a teacher.")],
                    config=config)
    assert not age.abstained and "34" in age.text


@pytest.mark.parametrize("question, kind, focus", [
    ("What's the name of the museum that got robbed?", "name", ["museum", "rob"]),
    ("Who's the director?", "name", ["director"]),
    ("Where're the paintings kept?", "place", ["paint", "kept"]),
])
def test_a_contracted_question_word_is_read_in_full(question: str, kind: str, focus: list[str]) -> None:
    parsed = analyze(question)
    assert (parsed.kind, parsed.focus, parsed.text) == (kind, focus, question)


def test_the_name_of_a_thing_asks_for_a_name_beside_it() -> None:
    assert analyze("What is the name of the museum?").head == "museum"
    assert analyze("What were the names of the students?").head == "student"


def test_compound_question_answers_both_parts(seeds: Config) -> None:
    answer = qa.answer("Who is Reza Fallah, and when was the mass funeral held?", config=seeds)
    assert "Red Crescent" in answer.text and "5 January" in answer.text
    assert_grounded(answer, seeds)


def test_a_later_part_of_a_compound_question_borrows_the_subject_not_the_question(seeds: Config) -> None:
    # "it" is the Quds Force; "led" and "bombing", what the first part asked, must not weigh on the second.
    answer = qa.answer("Who led the Quds Force at the time of the bombing, and since what year had Soleimani "
                       "commanded it?", config=seeds)
    assert "Qaani" in answer.text and "1998" in answer.text
    assert_grounded(answer, seeds)


def test_answer_is_json_serialisable_with_timings(seeds: Config) -> None:
    answer = qa.answer("Who claimed responsibility for the attack?", config=seeds)
    data = json.loads(json.dumps(answer.to_dict()))
    assert data["citations"] and {"source", "start", "end", "quote", "score"} <= set(data["citations"][0])
    assert data["passages"] and data["timings"]["total_ms"] > 0


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_a_clear_error(seeds: Config, question: str) -> None:
    with pytest.raises(InputError, match="empty"):
        qa.answer(question, config=seeds)


def test_over_long_question_states_the_limit(seeds: Config) -> None:
    with pytest.raises(InputError, match=r"limit is 200"):
        qa.answer("why " * 400, config=seeds)
    # 120 characters, each several tokens: counted, not judged by length alone
    with pytest.raises(InputError, match=r"limit is 200"):
        qa.answer("🌋" * 120, config=seeds)


@pytest.mark.parametrize(
    "question",
    ["Who\x00 claimed\x07 responsibility?\x1b[31m", "¿Cuántas personas murieron en Kerman?", "爆炸事件造成多少人死亡？"],
)
def test_odd_questions_get_an_answer_or_an_abstention(seeds: Config, question: str) -> None:
    answer = qa.answer(question, config=seeds)
    assert answer.text
    assert_grounded(answer, seeds)


def test_missing_index_says_to_run_qa_index(tmp_path: Path) -> None:
    with pytest.raises(IndexStateError, match="qa index"):
        qa.answer("anything?", config=Config(corpus_dir=HARBOUR, index_dir=tmp_path / "none"))


def test_what_was_the_x_called_asks_for_the_name_beside_x(write_corpus, tmp_path: Path) -> None:
    assert analyze("What was the ferry that sank called?").kind == "name"
    corpus = write_corpus({
        "wire.txt": "The number of people confirmed dead after the sinking of the ferry Aurelia Star rose to 27 on "
                    "Sunday. Anything less, and the next ferry disaster that sank hopes is only a matter of time.",
        "local.txt": "The ferry's captain, Emil Sadowski, survived. Relatives waited at the ferry terminal.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("What was the ferry that sank called?", config, "Aurelia Star")
    assert_grounded(answer, config)


def test_a_name_holding_the_word_asked_about_is_the_name_of_it(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "police.txt": "Police are investigating a burglary at the Vestergaard Museum of Art in Marrevik. A painting "
                      "was stolen from the museum during the night.",
        "blog.txt": "Stolen masterpieces are not stolen to be sold. The museum board met on Friday.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("What is the name of the museum where the painting was stolen?", config, "Vestergaard Museum")
    assert_grounded(answer, config)


def test_a_figure_question_reads_past_the_passages_it_was_given(write_corpus, tmp_path: Path) -> None:
    # Given only the wire story's passage, the answerer still finds the almanac's differing time
    # further down the lexical ranking, as it does when one source fills the first passages.
    from qa.extractive import ExtractiveAnswerer
    from qa.retrieval import open_retriever

    corpus = write_corpus({
        "wire.txt": "The ferry capsized at 18:15, as it turned outside the harbour. Families waited on the quay.",
        "almanac.txt": "Ferry disasters of the decade, with the ships lost in the strait.\nTime of capsizing: 18:40.",
        "guide.txt": "The harbour cafe opens at 08:00 and the ferry office at 09:00.",
    })
    config = indexed(corpus, tmp_path)
    retriever = open_retriever(config)
    question = analyze("At what time did the ferry capsize?")
    given = [p for p in retriever.search(question.resolved, 8) if p.source == "wire.txt"]
    answer = ExtractiveAnswerer(retriever).answer(question, given)
    assert answer.conflicts, answer.text
    assert {"18:15", "18:40"} <= {v.value.removeprefix("at ") for v in answer.conflicts[0].values}
    assert "08:00" not in answer.text


def test_the_year_a_sentence_says_the_asked_thing_happened_is_not_off_topic(write_corpus, tmp_path: Path) -> None:
    # The corpus is about a theft in 2023; the painting was made in 1887.
    corpus = write_corpus({
        "news.txt": "Thieves took Wennerholm's painting The Lamplighter's Daughter on 15 March 2023. Police "
                    "recovered it on 29 April 2023. The theft in 2023 shocked the city.",
        "feature.txt": "It was there, in the spring of 1887, that Wennerholm painted \"The Lamplighter's Daughter\". "
                       "In 2023 thieves took it from the wall.",
    })
    config = indexed(corpus, tmp_path)
    answered("In what year did Wennerholm paint The Lamplighter's Daughter?", config, "1887")


def test_a_verb_reworded_by_the_source_is_read_in_context(write_corpus, tmp_path: Path) -> None:
    # What the governor "announced" is what the source says she "declared".
    corpus = write_corpus({
        "wire.txt": "The ferry capsized on Saturday evening after the disaster at the pier. Regional Governor Katrin "
                    "Delaunay declared three days of mourning across the province, with flags flown at half-mast.",
        "local.txt": "The governor visited the harbour on Sunday. Divers worked through the night.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("What did the governor announce after the disaster?", config, "three days of mourning")
    assert_grounded(answer, config)


def test_a_measure_question_wants_a_figure_in_its_units(write_corpus, tmp_path: Path) -> None:
    assert analyze("How strong was the wind?").kind == "number"
    corpus = write_corpus({
        "wire.txt": "The ferry capsized off the harbour on Saturday, and 27 people died near the harbour. "
                    "Winds of about 55 km/h were blowing when the ferry capsized.",
        "feature.txt": "The ferry capsized about 4 km off the harbour, in sight of the town's 3 churches.",
    })
    config = indexed(corpus, tmp_path)
    far = qa.answer("How far from the harbour did the ferry capsize?", config=config)
    assert not far.abstained and "4 km" in far.text and "27" not in far.text, far.text
    wind = qa.answer("How strong was the wind when the ferry capsized?", config=config)
    assert "55 km/h" in wind.text, wind.text
    fast = qa.answer("How fast was the ferry going when it capsized?", config=config)
    assert fast.abstained, fast.text  # no speed is given: neither 27 dead nor 4 km is one


def test_a_key_word_spelt_alike_in_another_sense_is_no_rival(write_corpus, tmp_path: Path) -> None:
    # The gallery was "founded"; the painting was "found": one stem, two words.
    corpus = write_corpus({
        "police.txt": "Police found the stolen painting on 29 April 2023 in a storage unit.",
        "history.txt": "The Harbour Gallery, home of the painting, was founded on 3 May 2023 by Carl Vestergaard.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("When was the painting found?", config=config)
    assert "29 April 2023" in answer.text and "3 May" not in answer.text and not answer.conflicts, answer.text


@pytest.mark.parametrize("question, head, focus", [
    ("Who was the artist behind the stolen picture?", "artist", ["artist", "stolen", "pictur"]),
    ("Who was behind the attack?", "", ["attack"]),
    ("Who was in command of the ship?", "", ["command", "ship"]),
    ("Who is the man who led the rescue?", "man", ["man", "led", "rescu"]),
])
def test_a_preposition_is_no_word_of_what_is_asked(question: str, head: str, focus: list[str]) -> None:
    parsed = analyze(question)
    assert (parsed.head, parsed.focus) == (head, focus)


def test_a_hedged_count_in_the_question_need_not_be_hedged_alike(write_corpus, tmp_path: Path) -> None:
    assert analyze("Which orchestra did Vosk lead for roughly two decades?").names == [["vosk"], ["two"]]
    corpus = write_corpus({
        "bio.txt": "Aurelian Vosk was born in Kelmora. In 1946 he took the helm of the Estvale Philharmonic, which he "
                   "led for two decades. Vosk wrote eight symphonies.",
        "notes.txt": "The orchestra's former leader, Karel Tomsa, remembered Vosk fondly.",
    })
    config = indexed(corpus, tmp_path)
    answered("Which orchestra did Vosk lead as chief conductor for roughly two decades?",
             config, "Estvale Philharmonic")


def test_a_date_beside_none_of_the_question_words_is_read_in_context(write_corpus, tmp_path: Path) -> None:
    # "pass away" is the source's "died"; no word of the question stands by the date.
    corpus = write_corpus({
        "obituary.txt": "Aurelian Vosk, the composer, was born in Kelmora in 1912. Vosk conducted until 1974. He died of "
                        "pneumonia in Estvale on 19 February 1984.",
        "blog.txt": "Vosk married the soprano Lidia Carrow in 1939. Their daughter Mira plays the viola.",
    })
    config = indexed(corpus, tmp_path)
    answered("On what date did Vosk pass away?", config, "19 February 1984")


def test_a_follow_up_naming_nothing_is_anchored_by_the_earlier_turn(write_corpus, tmp_path: Path) -> None:
    assert analyze("How long is it going to be?").focus == ["long"]  # "going to" is no word of what is asked
    corpus = write_corpus({
        "news.txt": "On 15 October 2024 the water company issued a boil-water notice for the town. Colin Redfern, "
                    "operations manager at the works, was dismissed on 19 November 2024 after a disciplinary process.",
        "faq.txt": "We are building a 9.5 kilometre pipeline to connect the town to the Eastwell reservoir network. "
                   "The works has 3 filter beds and 2 pumps.",
    })
    config = indexed(corpus, tmp_path)
    when = qa.answer("When did that happen?", config=config, history=[
        ("Who lost their job over the contamination?", "Colin Redfern, the operations manager, was dismissed.")])
    assert not when.abstained and "19 November 2024" in when.text and not when.conflicts, when.text
    length = qa.answer("How long is it going to be?", config=config, history=[
        ("Where will the new pipeline bring water from?", "It will connect the town to the Eastwell reservoir network.")])
    assert not length.abstained and "9.5 kilometre" in length.text, length.text


def test_a_rival_figure_may_word_the_key_otherwise(write_corpus, tmp_path: Path) -> None:
    # The first source's "hit" is the second's "affected": both figures are stated.
    corpus = write_corpus({
        "news.txt": "The boil-water notice, imposed on 15 October, hit 4,200 households fed by the treatment works.",
        "minutes.txt": "The Clerk reported on the incident. The boil-water notice affected 3,650 households and was lifted on "
                       "6 November 2024.",
        **{f"forum-{n}.txt": f"Post {n}: homes and households got the boil-water notice for our water, and the letters came late."
           for n in range(4)},
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many homes were hit by the boil-water notice?", config=config)
    assert answer.conflicts, answer.text
    assert {"4,200", "3,650"} <= {v.value for v in answer.conflicts[0].values}
    assert_grounded(answer, config)


def test_a_count_of_the_thing_asked_about_answers_and_a_label_number_does_not(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "encyclopedia.txt": "Aurelian Vosk was a composer. His output comprises nine symphonies, a violin concerto "
                            "and an opera.",
        "obituary.txt": "Aurelian Vosk died on Sunday. Vosk completed eight symphonies.",
        "notes.txt": "Aurelian Vosk: Symphony No. 3 \"The Salt Marshes\". Recorded by the Northmoor orchestra.",
        **{f"blog-{n}.txt": f"Post {n}: I write about music here, and today I write about a concert." for n in range(3)},
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many symphonies did Vosk write?", config=config)
    assert answer.conflicts, answer.text
    assert {v.value for v in answer.conflicts[0].values} == {"nine", "eight"}, answer.text


@pytest.mark.parametrize("question, head", [
    ("What is the name of the opera Vosk composed?", "opera"),
    ("What is the museum devoted to Vosk in his home town called?", "museum"),
    ("What is the name of the 41-year-old man?", "man"),
    ("What are the names of the students killed?", "student"),
    ("What is the name of the best-known painting?", "paint"),
    ("Who was sacked over the contamination?", ""),  # a passive verb asks who, not "who was the X"
    ("Who was the captain of the ferry?", "captain"),
    ("Who does the Quds Force report to?", ""),  # after "does" the noun is the subject of another verb
    ("Who did the police arrest?", ""),
    ("Who was the Halveston Maritime Lines spokesman who rejected the claim?", "spokesman"),  # a name qualifies it
    ("Which Corvane executive resigned?", "execut"),
    # The earlier of "which X" and "the names of Y" is what is asked.
    ("At which church in Solvenna have the names of the ferry victims been posted?", "church"),
    ("What were the names of the students?", "student"),
    # A participle after the noun ends it, and so does a preposition of place.
    ("What was the name of the security guard working alone in the museum?", "guard"),
    ("What is the name of the dairy farm above Tollen Reservoir?", "farm"),
])
def test_the_thing_a_name_is_asked_of_ends_before_a_name_or_a_participle(question: str, head: str) -> None:
    assert analyze(question).head == head


def test_an_ordinal_in_a_name_matches_its_number(write_corpus, tmp_path: Path) -> None:
    # "the Third Symphony" is the source's "Symphony No. 3", which the question names.
    corpus = write_corpus({
        "encyclopedia.txt": "Vosk wrote nine symphonies. His Symphony No. 3 was premiered in Estvale by the Estvale "
                            "Philharmonic.",
        "notes.txt": "The Violin Concerto was premiered in Kelmora by Ruth Amsel.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Where was the Third Symphony premiered?", config=config)
    assert not answer.abstained and "Estvale" in answer.text and "Kelmora" not in answer.text, answer.text


def test_which_x_wants_the_name_of_an_x(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "notes.txt": "The autograph score of the Requiem was lost in 1963 while being sent to his publisher in Vallonde. "
                     "The Violin Concerto was printed by Halvorsen Press in 1950.",
    })
    config = indexed(corpus, tmp_path)
    unsaid = qa.answer("Which publishing house in Vallonde was the Requiem score being sent to?", config=config)
    assert unsaid.abstained, unsaid.text
    said = qa.answer("Which publishing house printed the Violin Concerto?", config=config)
    assert not said.abstained and "Halvorsen Press" in said.text, said.text


def test_what_killed_asks_for_a_cause(write_corpus, tmp_path: Path) -> None:
    assert analyze("What killed Vosk?").kind == "reason"
    corpus = write_corpus({
        "obituary.txt": "Aurelian Vosk, the composer, is dead at 72. He died of pneumonia in Estvale on 19 February "
                        "1984. Vosk married the soprano Lidia Carrow in 1939.",
    })
    config = indexed(corpus, tmp_path)
    answered("What killed Vosk?", config, "pneumonia")


def test_parts_answered_by_one_sentence_say_it_once() -> None:
    from qa.answering import merge_answers
    from qa.types import Answer, Citation

    quote = "Arbor Classics ARB 2217."
    part = Answer("q", f"{quote} [1]", [Citation(1, "notes.txt", 0, len(quote), quote, 0.5)])
    merged = merge_answers("Which label, and which number?", [part, part])
    assert merged.text == f"{quote} [1]" and len(merged.citations) == 1


def test_a_sentence_one_part_said_is_not_repeated_by_the_next() -> None:
    # "In what year was the illness diagnosed, and when did he last conduct?": one sentence
    # answers both parts, and the second part adds another; the merged answer says each once.
    from qa.answering import merge_answers
    from qa.types import Answer, Citation

    both = "He was diagnosed in 1971 and gave his last concert in 1974."
    more = "It premiered in 1951 with Vosk conducting."
    first = Answer("q1", f"{both} [1]", [Citation(1, "bio.txt", 0, len(both), both, 0.6)])
    second = Answer("q2", f"{both} [1] {more} [2]", [Citation(1, "bio.txt", 0, len(both), both, 0.6),
                                                   Citation(2, "blog.txt", 10, 10 + len(more), more, 0.5)])
    merged = merge_answers("When was it diagnosed, and when did he last conduct?", [first, second])
    assert merged.text == f"{both} [1] {more} [2]"
    assert [(c.n, c.source) for c in merged.citations] == [(1, "bio.txt"), (2, "blog.txt")]


def test_figures_of_a_model_code_or_beside_the_counted_thing_count_something_else(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "report.txt": "Roughly 52,000 HX-200 heaters have been recalled. By early 2025 the tally of people hurt "
                      "was 31, with 6 fires reported to the fire service.",
        "notice.txt": "The safety office recorded 19 injuries, together with 4 fires, in its notice about the heaters.",
    })
    config = indexed(corpus, tmp_path)
    assert [v.surface for v in numbers("roughly 52,000 HX-200 heaters")] == ["roughly 52,000"]
    fires = qa.answer("How many fires did the heaters cause?", config=config)
    disputed = {v.value for c in fires.conflicts for v in c.values}
    assert {"6", "4"} <= disputed and "31" not in disputed, fires.text
    assert "early report" not in fires.text, fires.text


def test_a_year_question_compares_dates_by_year(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "obituary.txt": "Orla Penney, the harbour pilot, was born on 4 May 1921 in Castlemere.",
        "history.txt": "The harbour board's history says Orla Penney was born in 1922.",
    })
    born = qa.answer("In what year was Orla Penney born?", config=indexed(corpus, tmp_path))
    disputed = sorted(v.value for c in born.conflicts for v in c.values)  # "4 May 1921" is 1921 as well
    assert len(disputed) == 2 and "1921" in disputed[0] and "1922" in disputed[1], born.text


def test_of_a_span_of_years_the_end_asked_for_answers(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "career.txt": "Orla Penney learned to sail on the Castle estuary. From 1952 to 1979 Penney was chief pilot "
                      "of Castlemere harbour. The pilots' boat was painted blue.",
        "board.txt": "The harbour board appointed Orla Penney chief pilot in 1952.",
    })
    config = indexed(corpus, tmp_path)
    became = qa.answer("In what year did Orla Penney become chief pilot?", config=config)
    assert not became.abstained and "1952" in became.text and not became.conflicts, became.text


def test_a_count_left_to_its_verb_counts_and_one_of_the_most_does_not(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "catalogue.txt": "The Brightline toaster range was launched in 2015, with more than 2.4 million sold.",
        "review.txt": "The Brightline is one of the best-selling toasters sold in Europe, praised for its wide slots.",
    })
    answer = qa.answer("How many Brightline toasters were sold?", config=indexed(corpus, tmp_path))
    assert not answer.abstained and "2.4 million" in answer.text and not answer.conflicts, answer.text


def test_how_many_of_them_were_y_is_answered_only_where_y_is_named(write_corpus, tmp_path: Path) -> None:
    question = "How many of the people hurt by the heaters were children?"
    assert analyze(question).part and analyze(question).counted == "children"
    corpus = write_corpus({"report.txt": "By March the tally of people hurt by the heaters had climbed to 31, with "
                                         "6 fires reported."})
    config = indexed(corpus, tmp_path)
    unsaid = qa.answer(question, config=config)
    assert unsaid.abstained, unsaid.text
    write_corpus({"report.txt": "By March the tally of people hurt by the heaters had climbed to 31. Nine of those "
                                "hurt were children, the safety office said."})
    qa.build_index(config=config)
    said = qa.answer(question, config=config)
    assert not said.abstained and "Nine" in said.text, said.text


def test_what_was_the_quantity_asks_for_a_figure(write_corpus, tmp_path: Path) -> None:
    question = "What were Tamsworth's total sales revenues in 2023?"
    assert analyze(question).kind == "number" and analyze("What was the ticket price?").kind == "number"
    corpus = write_corpus({"company.txt": "Tamsworth Appliances was founded in 1987. Customers began complaining "
                                          "to Tamsworth about its sales in January 2023."})
    config = indexed(corpus, tmp_path)
    unsaid = qa.answer(question, config=config)
    assert unsaid.abstained, unsaid.text
    write_corpus({"results.txt": "Tamsworth's total sales revenues in 2023 came to €412 million."})
    qa.build_index(config=config)
    said = qa.answer(question, config=config)
    assert not said.abstained and "412 million" in said.text, said.text


def test_a_date_that_says_less_does_not_dispute_one_that_agrees(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "history.txt": "The Tarnby toll bridge opened to traffic on 12 May 1998 after four years of work.",
        "guide.txt": "The Tarnby toll bridge opened to traffic in 1998.",
        "notes.txt": "Tolls on the Tarnby bridge were collected from the day it opened to traffic, 12 May.",
    })
    answer = qa.answer("When did the Tarnby toll bridge open to traffic?", config=indexed(corpus, tmp_path))
    assert not answer.abstained and "12 May 1998" in answer.text and not answer.conflicts, answer.text


def test_a_vague_figure_does_not_dispute_the_exact_figure_it_allows(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "ministry.txt": "The health ministry said 284 people were wounded in the Dalmore blast.",
        "hospital.txt": "Hundreds of people were wounded in the Dalmore blast, the city hospital said.",
        "governor.txt": "The governor said at least 190 people were wounded in the Dalmore blast.",
    })
    answer = qa.answer("How many people were wounded in the Dalmore blast?", config=indexed(corpus, tmp_path))
    values = [v.value for c in answer.conflicts for v in c.values]
    assert sorted(values) == ["284", "at least 190"], answer.text  # a hedged figure may be an early count
    exact = next(v for c in answer.conflicts for v in c.values if v.value == "284")
    assert len(exact.citations) == 2, answer.text  # the hospital's "hundreds" is cited with it


def test_an_earlier_count_a_sentence_sets_against_its_figure_is_disclosed(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wiki.txt": "About 1.14 million customers in Brellmoor lost power, a figure initially reported as more than "
                    "600,000.",
        "review.txt": "In all, 2,640 people were evacuated from Brenholm; earlier reports said about 1,800 people had "
                      "left their homes.",
        "wire.txt": "About 1,800 people have left their homes in Brenholm, the town hall said.",
    })
    config = indexed(corpus, tmp_path)
    lost = qa.answer("How many customers in Brellmoor lost power?", config=config)
    assert sorted(v.value for c in lost.conflicts for v in c.values) == ["about 1.14 million", "more than 600,000"], lost.text
    assert "(early report)" in lost.text
    assert_grounded(lost, config)
    left = qa.answer("How many people had to leave their homes in Brenholm?", config=config)
    assert {"2,640", "about 1,800"} <= {v.value for c in left.conflicts for v in c.values}, left.text


def test_parts_of_a_total_and_label_numbers_are_no_rival_figures(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "report.txt": "Seven people died as a result of the Tarsk avalanche: six on the ridge and one in hospital.",
        "wire.txt": "Nine people died as a result of the Tarsk avalanche, officials said on the day.",
        "rescue.txt": "After the Tarsk avalanche, helicopters flew injured climbers from Camp 2 to the valley. "
                      "Fourteen climbers were injured in the Tarsk avalanche.",
        "inquiry.txt": "2.7 Injuries in the Tarsk avalanche.",
    })
    config = indexed(corpus, tmp_path)
    died = qa.answer("How many people died as a result of the Tarsk avalanche?", config=config)
    assert sorted(v.value.lower() for c in died.conflicts for v in c.values) == ["nine", "seven"], died.text
    injured = qa.answer("How many climbers were injured in the Tarsk avalanche?", config=config)
    labels = {"2", "2.7"} & {v.value for c in injured.conflicts for v in c.values}
    assert not injured.abstained and "Fourteen" in injured.text and not labels, injured.text


def test_a_vague_figure_is_no_part_of_a_total(write_corpus, tmp_path: Path) -> None:
    # "one ... one ... hundreds": "hundreds" is a range of quantities, which sums nothing.
    corpus = write_corpus({
        "paper.txt": "One man died in the Felsby fire. The mayor said of the Felsby fire: \"We lost one man, and "
                     "that is one too many, but it could have been hundreds.\"",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("How many people died in the Felsby fire?", config, "One man died")
    assert_grounded(answer, config)


def test_a_measure_asked_by_its_noun_or_an_age_beside_the_name(write_corpus, tmp_path: Path) -> None:
    assert analyze("At what elevation is the Tarsk hut?").focus == ["tarsk", "hut"]
    corpus = write_corpus({
        "guide.txt": "Walkers reach the Tarsk hut, at 2,310 metres, after six hours. The route was marked by "
                     "Ada Lindqvist, 63, a retired forester, and by her nephew Jon Berg, 29.",
    })
    config = indexed(corpus, tmp_path)
    height = qa.answer("At what elevation is the Tarsk hut?", config=config)
    assert not height.abstained and "2,310 metres" in height.text, height.text
    age = qa.answer("How old is Ada Lindqvist?", config=config)
    assert not age.abstained and "63" in age.text, age.text
    followed = qa.answer("How old is he?", history=[("Who helped mark the route?", "Her nephew Jon Berg.")],
                         config=config)
    assert not followed.abstained and "29" in followed.text, followed.text


def test_a_phone_number_or_web_address_is_asked_for_and_found(write_corpus, tmp_path: Path) -> None:
    from qa.entities import contacts

    found = [v.surface for v in contacts("Call 0800 555 0193 or see recall.brightline.com (e.g. on 12.05.2024, "
                                         "in 1998-2004, at 6 a.m.) or write to help@brightline.com.")]
    assert found == ["0800 555 0193", "recall.brightline.com", "help@brightline.com"]
    assert [v.surface for v in numbers("Call 0800 555 0193 about the 40,000 toasters.")] == ["40,000"]
    assert analyze("Which site were the toasters made at?").kind != "contact"
    corpus = write_corpus({
        "notice.txt": "Brightline has recalled 40,000 toasters. Owners can check their serial number at "
                      "recall.brightline.com or call the recall line on 0800 555 0193, open daily.",
    })
    config = indexed(corpus, tmp_path)
    phone = qa.answer("What phone number can owners of the toasters call?", config=config)
    assert not phone.abstained and "0800 555 0193" in phone.text, phone.text
    site = qa.answer("Which website can toaster owners check?", config=config)
    assert not site.abstained and "recall.brightline.com" in site.text, site.text


def test_what_someone_does_for_a_living_is_the_description_beside_the_name(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "feature.txt": "Below deck, Tomas Berczi, 47, a lorry driver from Dobrin, was asleep in his cab. Ilinca "
                       "Maros, 34, is a nurse at the Solvenna clinic. Maros swam to the rescue boat.",
    })
    config = indexed(corpus, tmp_path)
    driver = qa.answer("What does Tomas Berczi do for a living?", config=config)
    assert not driver.abstained and "lorry driver" in driver.text, driver.text
    nurse = qa.answer("What does Ilinca Maros do for work?", config=config)
    assert not nurse.abstained and "a nurse" in nurse.text, nurse.text


def test_how_cold_asks_for_a_temperature_with_its_sign(write_corpus, tmp_path: Path) -> None:
    assert analyze("How cold was it at Camp 3?").kind == "number"
    corpus = write_corpus({
        "diary.txt": "On the night before the climb we slept at Camp 3, where the wind never stopped.",
        "report.txt": "Camp 3 sits on a snow shoulder at 7,100 metres and held eleven tents that night.",
        "weather.txt": "The forecast was for calm air. At the summit ridge it was minus 31 degrees Celsius at dawn.",
    })
    config = indexed(corpus, tmp_path)
    unsaid = qa.answer("How cold was it at Camp 3 on the night before the climb?", config=config)
    assert unsaid.abstained, unsaid.text
    said = qa.answer("How cold was it at the summit ridge?", config=config)
    assert not said.abstained and "minus 31 degrees Celsius" in said.text, said.text


def test_the_number_of_a_model_named_in_the_question_must_stand_by_the_answer(write_corpus, tmp_path: Path) -> None:
    filler = ("The handle stays cool and the lid opens wide enough to clean the inside without trouble. The cord is "
              "long enough for most kitchens and the base turns freely. The water window is easy to read from across "
              "the room, and the switch lights up blue while it boils. ")
    corpus = write_corpus({
        "wiki.txt": "The Brisa KT-200 is an electric kettle made by Calder. The Brisa KT-200 went on sale on 3 March "
                    "2021. It holds 1.7 litres and boils a full jug in four minutes. Its base is made of steel. "
                    "Reviewers praised its quiet element. Calder has announced a successor, the Brisa KT-300.",
        # The successor is named in several chunks, so its number is no rare word of the corpus.
        "reviews.txt": "\n\n".join(f"Review {i}: I replaced my old kettle with the Brisa KT-300 and it is quieter. "
                                   + filler * 2 for i in range(1, 5)),
    })
    config = indexed(corpus, tmp_path)
    other = qa.answer("When did the Brisa KT-300 first go on sale?", config=config)
    assert other.abstained, other.text
    asked = qa.answer("When did the Brisa KT-200 first go on sale?", config=config)
    assert not asked.abstained and "3 March 2021" in asked.text, asked.text


def test_a_count_whose_noun_follows_the_names_of_models_counts_them(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "magazine.txt": "By our count, roughly 400,000 KT-170 and KT-170S kettles are now subject to recall once "
                        "export markets are added, and the tally of people hurt has climbed to 27.",
        "release.txt": "Calder today announced a voluntary recall of approximately 310,000 Brisa KT-170 and KT-170S "
                       "cordless electric kettles.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many kettles are covered by the recall?", config=config)
    assert "400,000" in answer.text and "310,000" in answer.text and "27" not in answer.text, answer.text
    assert {v.value for v in answer.conflicts[0].values} >= {"roughly 400,000", "approximately 310,000"}


def test_a_linking_phrase_of_the_question_is_no_word_to_find(write_corpus, tmp_path: Path) -> None:
    assert analyze("How many people died as a result of the Tarsk avalanche?").focus == ["peopl", "die", "tarsk", "avalanch"]
    corpus = write_corpus({
        "wire.txt": "At least nine people were killed on Wednesday when an avalanche swept the Tarsk glacier, officials said.",
        "inquiry.txt": "The Tarsk inquiry reported in June. Seven people died as a result of the avalanche: six on the "
                       "glacier and one in hospital.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many people died as a result of the Tarsk avalanche?", config=config)
    assert "nine" in answer.text and "Seven" in answer.text and answer.conflicts, answer.text


def test_a_date_set_by_another_verb_is_not_the_date_of_a_later_clause(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "obituary.txt": "Edvin Marsk, the painter whose harbour scenes made the town famous, died on Sunday, 4 March "
                        "1990, at his home in Tolvik, the river town where he was born.",
        "blog.txt": "Quick bio: Edvin Marsk was born in 1921 in Tolvik and studied in the capital.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("In what year was Edvin Marsk born?", config=config)
    assert "1921" in answer.text and "1990" not in answer.text and not answer.conflicts, answer.text
    died = qa.answer("When did Edvin Marsk die?", config=config)
    assert "4 March 1990" in died.text, died.text


def test_sentences_that_cannot_answer_are_compared_in_sense_only_for_a_refusal(fake_embedder, write_corpus,
                                                                               tmp_path: Path) -> None:
    # The model reads the question against the sentences that may answer it; the strongest of
    # those that cannot (no figure for a "how many" question) are read only when the question is
    # refused, since they may then be the closest matches.
    from qa.embeddings import _VECTORS

    corpus = write_corpus({
        "report.txt": "The lighthouse keepers of Vardholm counted the seabirds every spring. "
                      "In 2023 the keepers of Vardholm counted 4,200 seabirds on the cliffs.",
        "notes.txt": "Seabirds nest on the cliffs of Vardholm. The keepers of Vardholm kept careful records.",
    })
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index", embedder=fake_embedder.name)
    qa.build_index(config=config)
    _VECTORS.clear()
    fake_embedder.embedded.clear()
    answered("How many seabirds did the keepers of Vardholm count?", config, "4,200")
    counted = "In 2023 the keepers of Vardholm counted 4,200 seabirds on the cliffs."
    no_figure = "The lighthouse keepers of Vardholm counted the seabirds every spring."
    assert counted in fake_embedder.embedded and no_figure not in fake_embedder.embedded

    refused = qa.answer("How many seabirds did the keepers of Vardholm count in 1990?", config=config)
    assert refused.abstained, refused.text
    assert no_figure in fake_embedder.embedded
    assert any(c.quote == no_figure for c in refused.citations), refused.text


def test_a_sentence_that_calls_its_subject_she_is_answered_with_the_sentence_naming_her(
        write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "courier.txt": "The new clinic in Harwick opened in May after six years of delays. The wait was too long for "
                       "Marta Lindqvist, who had to drive her father to Ostby twice a week. She is the chair of the "
                       "patients' association that campaigned for the building. The council paid for the car park.",
        "notes.txt": "The patients' association meets on the first Monday of the month in the library.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("Who is the chair of the patients' association?", config, "Marta Lindqvist")
    assert answer.text.index("Marta Lindqvist") < answer.text.index("She is the chair")
    assert_grounded(answer, config)


def test_a_person_named_in_full_once_is_found_by_surname_later_in_the_file(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "feature.txt": "Ilinca Maros remembers the cold. At midnight the lights went out and the ferry began to list. "
                       "Water came over the car deck within minutes. Maros, 34, is a nurse at the Solvenna clinic. "
                       "The rescue boat reached the ferry an hour later.",
        "notes.txt": "Dana Maros runs the bakery on the quay. The ferry company has not commented.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("What does Ilinca Maros do for a living?", config, "a nurse")
    assert_grounded(answer, config)
    # The surname alone is someone else where the first name is nowhere in the file.
    other = qa.answer("What does Ilinca Maros sell?", config=config)
    assert "bakery" not in other.text, other.text


def test_why_is_answered_by_a_sentence_giving_the_circumstance_or_purpose(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "report.txt": "The Solvenna ferry sailed at 18:20. Its departure was held back by 25 minutes so that two "
                      "cattle lorries could be squeezed onto the car deck. In 2022, amid a shortage of steel, the "
                      "shipyard stopped building new hulls for the company.",
        "notes.txt": "The company runs four ferries between Solvenna and Kastrel.",
    })
    config = indexed(corpus, tmp_path)
    late = qa.answer("Why did the ferry leave late?", config=config)
    assert not late.abstained and "cattle lorries" in late.text, late.text
    hulls = qa.answer("Why did the shipyard stop building hulls?", config=config)
    assert not hulls.abstained and "shortage of steel" in hulls.text, hulls.text
    assert_grounded(hulls, config)


def test_a_life_span_beside_the_name_answers_when_someone_was_born(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "encyclopedia.txt": "Marit Ostvold (4 June 1902 - 11 May 1969) was a Norwegian painter of coastal scenes. "
                            "Her studio stood on the harbour at Bergvik.",
        "obituary.txt": "Marit Ostvold was born in Bergvik in 1901, the daughter of a ferryman. She painted the harbour "
                        "for fifty years.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("In what year was Marit Ostvold born?", config=config)
    stated = " ".join(v.value for c in answer.conflicts for v in c.values)
    assert "1901" in stated and "1902" in stated, answer.text
    assert "1969" not in answer.text.split("[")[0]
    assert_grounded(answer, config)


def test_vague_words_and_verbs_of_opinion_are_no_words_to_find(write_corpus, tmp_path: Path) -> None:
    assert analyze("How much does she reckon the whole thing will cost the company?").focus == ["cost", "compani"]
    corpus = write_corpus({
        "analysis.txt": "Elise Varga is a senior analyst at Harcourt Research. Varga estimates that the recall will "
                        "cost Brightline around €18 million once refunds and logistics are counted.",
        "notes.txt": "Brightline makes toasters and kettles in two factories.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How much does she reckon the whole thing will cost the company?",
                       history=[("Which analyst commented on the recall?", "Elise Varga, a senior analyst.")],
                       config=config)
    assert not answer.abstained and "€18 million" in answer.text, answer.text


def test_a_follow_up_word_reads_in_context_in_a_sentence_about_the_earlier_turn(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "obituary.txt": "Hanne Lisberg, the conductor, died in 1984 in Ostby. In 1984 the Ostby Philharmonic played her "
                        "Requiem at the funeral. Born in Ostby in 1913, she went to the capital at 17 to study at the "
                        "Royal Academy of Music. In 1930 Lisberg entered the Royal Academy of Music, where she studied "
                        "the violin with Per Aske. She led the Ostby Philharmonic until 1984.",
        "notes.txt": "The Ostby Philharmonic gives twelve concerts a year in 1984 and later years.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("What year did she enrol there?",
                       history=[("Where did Lisberg train as a musician?", "She studied at the Royal Academy of Music.")],
                       config=config)
    assert not answer.abstained and "1930" in answer.text, answer.text
    assert_grounded(answer, config)


def test_a_follow_ups_she_is_the_person_the_earlier_turn_names(write_corpus, tmp_path: Path) -> None:
    history = [("What is the name of Lisberg's daughter?", "Her daughter is Marta Aske.")]
    assert analyze("What instrument does she play?", history).names == [["marta", "ask"]]
    # Several people in the earlier turn: "she" is left unresolved.
    assert analyze("What instrument does she play?", [("Who came?", "Marta Aske and Per Lund.")]).names == []
    corpus = write_corpus({
        "family.txt": "Hanne Lisberg grew up in Ostby. Her mother played the organ, the instrument Lisberg loved "
                      "most. Her husband was a ferryman. Their daughter, Marta Aske, plays the viola in the Ostby "
                      "Philharmonic.",
        "notes.txt": "The Ostby Philharmonic gives twelve concerts a year.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("What instrument does she play?", history=history, config=config)
    assert "organ" not in answer.text.split("Closest matches")[0], answer.text


def test_a_sentence_whose_subject_is_he_may_be_about_the_person_its_passage_names(write_corpus,
                                                                                 tmp_path: Path) -> None:
    corpus = write_corpus({
        "minister.txt": "Transport Minister Pavel Ruzicky visited the port on Sunday. Divers searched the wreck all "
                        "day. The harbour stayed closed to fishing boats. Ruzicky said a formal inquiry would open on "
                        "Monday. He also promised a payment of 20,000 euros to the family of each person killed.",
        "notes.txt": "The ferry company runs four ships between Solvenna and Kastrel.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("What did Pavel Ruzicky promise the families of the dead?", config, "20,000 euros")
    assert_grounded(answer, config)


def test_a_part_that_asks_nothing_of_its_own_refers_back_to_the_whole_earlier_part(write_corpus,
                                                                                  tmp_path: Path) -> None:
    corpus = write_corpus({
        "history.txt": "Brightline is a maker of toasters. In 2001 Brightline moved to Lindhaven. Ingrid Moe, a "
                       "former engineer, founded Brightline in 1987. In 2015 Brightline sold its kettle business.",
        "notes.txt": "Brightline toasters are sold in twelve countries.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who founded Brightline, and in which year?", config=config)
    assert "Ingrid Moe" in answer.text and "1987" in answer.text, answer.text
    assert "2001" not in answer.text and "2015" not in answer.text, answer.text


def test_a_concentration_is_a_figure_and_the_base_of_a_rate_is_none(write_corpus, tmp_path: Path) -> None:
    assert analyze("What concentration of bacteria was found in the water?").kind == "number"
    corpus = write_corpus({
        "courier.txt": "Tests found as many as 140 E. coli bacteria per 100 millilitres of water in Harwick.",
        "company.txt": "Our samples of the Harwick water showed up to 38 E. coli bacteria per 100ml.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("What concentration of bacteria was found in the water?", config=config)
    stated = [v.value for c in answer.conflicts for v in c.values]
    assert any("140" in v for v in stated) and any("38" in v for v in stated), answer.text
    assert not any(v.strip() == "100" or v.endswith(" 100") for v in stated), answer.text
    assert_grounded(answer, config)


def test_a_bare_figure_a_later_clause_reports_counts_what_the_figure_before_it_counts(write_corpus,
                                                                                     tmp_path: Path) -> None:
    corpus = write_corpus({
        "notice.txt": "Brightline first referred to 14 minor injuries from its kettles; the safety office recorded 23, "
                      "four of them needing hospital treatment.",
        "review.txt": "Industry reporting put the total at 27 injuries from the Brightline kettles.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many people have been injured by the Brightline kettles?", config=config)
    stated = " ".join(v.value for c in answer.conflicts for v in c.values)
    assert all(figure in stated for figure in ("14", "23", "27")), answer.text
    assert "four" not in stated, answer.text
    assert_grounded(answer, config)


def test_a_figure_in_the_units_asked_for_may_stand_beside_a_lesser_question_word(write_corpus,
                                                                                 tmp_path: Path) -> None:
    corpus = write_corpus({
        "reviews.txt": "Review by mum_of_three, 2 stars. The reviewer got the refund in the end, but it took eight "
                       "weeks and three phone calls to the hotline. The voucher did turn up eventually.",
        "notice.txt": "Owners of an affected toaster can ask for a refund on the Brightline hotline.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("How long did the reviewer have to wait for the refund?", config, "eight weeks")
    assert_grounded(answer, config)



@pytest.mark.parametrize("text, labels", [
    ("Arbor Classics ARB 2217.", ["2217"]),
    ("The album costs EUR 20 in the shop.", []),
    ("Tests found 140 bacteria per 100 millilitres.", ["100"]),
    ("Tests found 140 bacteria per 100 millilitres, and 38 at the works.", ["100"]),
    ("Product Recall Notice OHPS-2023-R-0417 (Revision 2)", ["2"]),
    ("Two people died (14 in Kerman) and 30 others were hurt.", []),
])
def test_a_catalogue_code_or_the_base_of_a_rate_labels_no_count(text: str, labels: list[str]) -> None:
    assert [v.surface for v in numbers(text) if _is_label(text, v)] == labels


def test_a_date_in_brackets_after_another_name_is_that_persons(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "life.txt": "In 1939 Lisberg married the painter Per Aske (died 1977). They had two daughters.",
        "obituary.txt": "Hanne Lisberg, the conductor, died on Sunday, 19 February 1984, at her home in Ostby.",
    })
    config = indexed(corpus, tmp_path)
    for question in ("When did Hanne Lisberg die?", "On what date did Lisberg pass away?"):
        answer = qa.answer(question, config=config)
        assert "19 February 1984" in answer.text and not answer.conflicts, answer.text
        assert "1977" not in answer.text and "1939" not in answer.text, answer.text


def test_a_byline_answers_who_wrote_the_document_it_heads(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "weekly.txt": "HARBOUR WEEKLY | May 2024\n\nTHE LAST FERRY\n\nTen years after the sinking, the survivors "
                      "still meet every spring. By Ana Lindqvist\n\nMarta remembers the cold. She swam for an hour "
                      "before a fishing boat found her.",
        "courier.txt": "OSTBY COURIER\n\nNew pier opens. By Per Aske, Transport Correspondent\n\nThe council opened "
                       "the new pier on Monday after two years of work.",
        "inspection.txt": "Pier Inspection Report, Ostby Harbour Board. Lead author: Dr Sofie Brandt CEng.\n\n"
                          "The piles of the old pier were found to be sound.",
    })
    config = indexed(corpus, tmp_path)
    report = qa.answer("Who wrote the pier inspection report?", config=config)
    assert not report.abstained and "Sofie Brandt" in report.text, report.text
    answer = qa.answer("Who wrote the Harbour Weekly article about the survivors?", config=config)
    assert not answer.abstained and "Ana Lindqvist" in answer.text and "Per Aske" not in answer.text, answer.text
    assert_grounded(answer, config)
    assert qa.answer("Who wrote the Kastrel Times article about the survivors?", config=config).abstained
    # A post's byline says "Posted by".
    blog = write_corpus({"blog.txt": "The Ironside Terrace - a fan blog\nPosted by Mikko Ravel, 25 January 2026, 23:14\n\n"
                                     "I was there when the roof came down, thirty metres away."})
    answer = qa.answer("Who wrote the fan blog?", config=indexed(blog, tmp_path / "blog"))
    assert not answer.abstained and "Mikko Ravel" in answer.text, answer.text
    # "Which reporter wrote ...?" asks it too.
    answer = qa.answer("Which reporter wrote the Harbour Weekly article about the survivors?", config=config)
    assert not answer.abstained and "Ana Lindqvist" in answer.text and "Per Aske" not in answer.text, answer.text


@pytest.mark.parametrize("text, counts", [
    ("The health authorities confirmed 96 cases through laboratory testing.", True),
    ("The ferry carried 212 passengers on its last crossing.", True),
    ("Among the sick were 23 students of the town's college.", False),
])
def test_people_are_counted_by_what_befell_them_or_what_they_were(text: str, counts: bool) -> None:
    figure = numbers(text)[0]
    assert _counts(text, figure, analyze("How many people got sick?"), {}) is counts


def test_a_purpose_answers_why_but_not_what_caused_it(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "report.txt": "The Solvenna ferry sank on Saturday evening. Its departure had been held back by 25 minutes so "
                      "that two cattle lorries could be squeezed onto the car deck of the ferry.",
        "notes.txt": "The company runs four ferries between Solvenna and Kastrel.",
    })
    config = indexed(corpus, tmp_path)
    why = qa.answer("Why was the ferry's departure held back?", config=config)
    assert not why.abstained and "cattle lorries" in why.text, why.text
    cause = qa.answer("What made the Solvenna ferry sink?", config=config)
    assert "cattle lorries" not in cause.text.split("Closest matches")[0], cause.text


def test_a_date_question_asks_for_a_day_which_a_bare_year_does_not_give(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "history.md": "# Past incidents\n\n* 2019 - The Marisa Bell struck the quay at Orlan while docking.\n"
                      "* 2021 - A fire broke out in the galley of the Marisa Bell.\n",
        "notes.txt": "The Marisa Bell carries up to 300 passengers between Orlan and Vesk.",
    })
    config = indexed(corpus, tmp_path)
    year = qa.answer("In what year did the Marisa Bell strike the quay?", config=config)
    assert not year.abstained and "2019" in year.text, year.text
    day = qa.answer("On what date did the Marisa Bell strike the quay?", config=config)
    assert day.abstained, day.text


def test_how_big_asks_for_a_size_where_one_is_given_and_never_a_price(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "feature.txt": "The thieves carried off the canvas, which measures 94 x 71 cm, through a skylight. "
                       "The canvas was insured for €38 million. Only one canvas was taken from the gallery.",
        "notes.txt": "The gallery reopened in June. A reward of €250,000 was offered for the canvas.",
    })
    config = indexed(corpus, tmp_path)
    size = qa.answer("How big is the canvas?", config=config)
    assert not size.abstained and "94 x 71 cm" in size.text and not size.conflicts, size.text
    assert "38 million" not in size.text and "250,000" not in size.text, size.text
    reward = qa.answer("How big a reward was offered for the canvas?", config=config)
    assert "250,000" in reward.text and "94" not in reward.text, reward.text


def test_what_a_work_is_called_is_the_title_beside_it_not_the_name_of_its_maker(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "museum.txt": "The Harbour Museum in Vesk reopened in 2021 after two years of repairs. Marren's paintings "
                      "were shown again in 2021 in the new east wing of the museum.",
        "visitors.txt": "Visitors to the Harbour Museum numbered 40,000 in 2021, the museum said in its 2021 report.",
        "shop.txt": "The museum's shop and cafe were rebuilt in 2021 with a grant from the town of Vesk.",
        "painter.txt": "The painter Ilse Marren was born in 1902 in Vesk and trained in Antwerp. Her best-known "
                       "painting, subtitled \"Grey Tide\", shows the harbour at dawn. It hung in the Vesk town hall "
                       "until 1950.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("What is Marren's best-known painting called?", config=config)
    assert not answer.abstained and "Grey Tide" in answer.text and "born" not in answer.text, answer.text
    assert_grounded(answer, config)


def test_a_life_span_answers_when_someone_was_born_though_it_never_says_born(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        **{f"news-{n}.txt": f"Ada Lind opened maternity ward {n} in Velby, where {n + 20} babies were born. "
                            f"Lind said the port of Velby needed {n + 2} new cranes." for n in range(12)},
        "profile.md": "# Ada Lind\n\nShe led the Velby port authority for two decades.\n\n"
                      "*Ada Lind (b.4 June 1961 – d.9 May 2020)*\n",
    })
    config = indexed(corpus, tmp_path)
    born = qa.answer("When was Ada Lind born?", config=config)
    assert not born.abstained and "1961" in born.text, born.text
    assert_grounded(born, config)


def test_a_month_or_season_alone_is_a_date_and_a_season_agrees_with_a_day_in_it(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "bridge.txt": "The bridge over the Lind reopened in December after repairs. You may cross it on foot.",
        "report.txt": "The independent inquiry into the flooding of Velby is expected to report next summer.",
        "minutes.txt": "RESOLVED: That the independent inquiry into the flooding of Velby report by 30 June 2025.",
    })
    config = indexed(corpus, tmp_path)
    reopened = qa.answer("When did the bridge over the Lind reopen?", config=config)
    assert not reopened.abstained and "December" in reopened.text, reopened.text
    report = qa.answer("When is the inquiry into the flooding of Velby expected to report?", config=config)
    assert not report.abstained and not report.conflicts, report.text
    assert "next summer" in report.text or "30 June 2025" in report.text, report.text
    assert_grounded(report, config)


def test_a_title_matches_its_abbreviation(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "meeting.txt": "The budget for the new library was approved on Tuesday by nine votes to two. Supt Karen Dahl "
                       "told the meeting that the car park would be patrolled at night. Mayor Alan Breck thanked the "
                       "staff of the town hall.",
        "library.txt": "The library will open in the spring. Its first exhibition is about the history of the harbour.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Which superintendent spoke at the meeting?", config=config)
    assert not answer.abstained and "Karen Dahl" in answer.text and "Breck" not in answer.text, answer.text


def test_where_something_was_heading_is_answered_by_where_to(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "A passenger ferry heading out into rough water capsized off the port of Orlan on Saturday "
                    "evening, coast guard officials said. It had left Orlan at 17:55 on its last crossing of the day "
                    "to the island of Vesk.",
        "notes.txt": "Orlan is a fishing port with a population of 12,000.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Where was the ferry heading when it capsized?", config=config)
    said = answer.text.split("Closest matches")[0]
    assert "port of Orlan" not in said and (answer.abstained or "Vesk" in said), answer.text
    where = qa.answer("Where did the ferry capsize?", config=config)
    assert not where.abstained and "Orlan" in where.text, where.text


def test_a_date_told_by_the_event_asked_about_or_from_the_writers_now_is_no_rival(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "On 3 January 2024 two bombs exploded in Kerman during a memorial ceremony.",
        "update.txt": "Police have arrested a suspect in the Kerman bombings, which struck the city earlier this year.",
        "family.txt": "The Supreme Leader met Soleimani's family two days before the Kerman bombings.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("When did the Kerman bombings happen?", config=config)
    assert not answer.abstained and "3 January 2024" in answer.text and not answer.conflicts, answer.text
    before = qa.answer("When did the Supreme Leader meet Soleimani's family?", config=config)
    assert "two days before" in before.text, before.text


def test_people_a_part_or_the_injured_are_no_count_of_the_bombers(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "arrests.txt": "Authorities later arrested a total of 35 people who were believed to have been involved in "
                       "the attack. One of the suicide bombers was identified as a citizen of Tajikistan.",
        "timeline.txt": "January 4, 2024: Two suicide bombers attacked a large crowd in Kerman.",
        "wire.txt": "At least 84 people were killed and over 200 injured in twin suicide bombings in Kerman.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many suicide bombers were involved?", config=config)
    assert not answer.abstained and "Two" in answer.text and not answer.conflicts, answer.text
    killed = qa.answer("How many people were killed in the Kerman bombings?", config=config)
    assert "84" in killed.text, killed.text


def test_a_sentence_disputes_itself_only_when_it_revises_or_reports_another_figure(write_corpus,
                                                                                   tmp_path: Path) -> None:
    corpus = write_corpus({
        "arrests.txt": "Authorities later arrested two people on suspicion of helping the bombers and arrested a "
                       "total of 35 people who were believed to have been involved in the attack.",
        "toll.txt": "The health minister said the death toll now stands at 95, a downward revision after state media "
                    "reported that as many as 103 people were killed.",
    })
    config = indexed(corpus, tmp_path)
    arrested = qa.answer("How many people were arrested in total?", config=config)
    assert not arrested.abstained and "35" in arrested.text and not arrested.conflicts, arrested.text
    killed = qa.answer("How many people were killed?", config=config)
    assert killed.conflicts and {"95", "103"} <= {re.sub(r"\D", "", v.value) for v in killed.conflicts[0].values}, killed.text


def test_a_rival_count_counts_what_befell_those_asked_about(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "At least 84 people were killed and over 200 injured in twin bombings in Kerman.",
        "update.txt": "The death toll from the Kerman bombings now stands at 95, the health minister said.",
        "arrests.txt": "Authorities arrested two people on suspicion of helping the suicide bombers in Kerman.",
        "timeline.txt": "Two suicide bombers attacked the crowd in Kerman, where people had gathered to mourn.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many people died in the Kerman bombings?", config=config)
    assert answer.conflicts, answer.text
    values = {re.sub(r"\D", "", v.value) or v.value.lower() for v in answer.conflicts[0].values}
    assert {"84", "95"} <= values and "two" not in values, answer.text


def test_a_weekday_or_time_of_day_agrees_with_the_date_it_falls_on(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "The ferry Marisa Bell capsized off Orlan on 15 March 2025, coast guard officials said.",
        "feature.txt": "The Marisa Bell capsized on Saturday, as the light was failing.",
        "report.txt": "The Marisa Bell capsized at 18:15, the inquiry found.",
        "other.txt": "The museum theft took place at around 03:40. The museum theft was reported on 16 March 2023.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("When did the Marisa Bell capsize?", config=config)
    assert not answer.abstained and "15 March 2025" in answer.text and not answer.conflicts, answer.text
    day = qa.answer("On what date was the museum theft reported?", config=config)
    assert "16 March 2023" in day.text and "03:40" not in day.text, day.text


def test_a_role_of_another_thing_is_no_rival_holder_of_the_role_asked(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "The ferry's captain, Emil Sadowski, 56, who survived, was detained for questioning on Sunday.",
        "feature.txt": "Luka Ferenc, skipper of the trawler Marta II, saw the ferry's lights disappear and cast off.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who was the captain of the ferry?", config=config)
    assert not answer.abstained and "Emil Sadowski" in answer.text and not answer.conflicts, answer.text


def test_what_befell_his_wife_is_not_what_befell_him(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "obituary.txt": "The composer Aurelian Vosk died in Estvale on 19 February 1984. His wife, the soprano Lidia "
                        "Carrow, whom he married in 1939, died in 1977.",
        "notes.txt": "Vosk wrote eight symphonies and an opera.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("When did Vosk die?", config=config)
    assert not answer.abstained and "1984" in answer.text and "1977" not in answer.text, answer.text
    wife = qa.answer("When did Vosk's wife die?", config=config)
    assert "1977" in wife.text, wife.text


def test_who_someone_is_is_answered_by_the_whole_sentence_about_them(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "ministry.txt": "On 11 January, the Iranian Ministry of Intelligence said it had identified the mastermind of "
                        "the attacks as a Tajikistani national known by his alias Abdollah Tajiki, who illegally "
                        "entered Iran through its southeastern border in December 2023 and manufactured the bombs "
                        "used in the attacks before leaving the country on 1 January.",
        "notes.txt": "The attacks in Kerman killed at least 84 people.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("Who is Abdollah Tajiki?", config, "Tajikistani national known by his alias")
    assert_grounded(answer, config)


def test_how_many_there_were_is_not_counted_by_what_befell_some_of_them(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "About 80 climbers were on the upper mountain at the time, a spokesman said.",
        "headline.txt": "At least nine climbers killed in avalanche on the mountain.",
        "update.txt": "Three missing climbers, two of them from the Kestrel team, were found alive on the mountain.",
        "inquiry.txt": "The inquiry found that 54 climbers were on the mountain above Camp 2 at the time.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many climbers were on the mountain?", config=config)
    assert answer.conflicts, answer.text
    values = {re.sub(r"\D", "", v.value) or v.value.lower() for v in answer.conflicts[0].values}
    assert values == {"80", "54"}, answer.text
    killed = qa.answer("How many climbers were killed?", config=config)
    assert "nine" in killed.text, killed.text


def test_the_object_of_a_killing_does_not_count_who_was_there(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "history.txt": "In 2011 a fire in the engine room of the ferry Lindqvist killed four passengers.",
        "port.txt": "The ferry Marisol carried 212 passengers when a fire in its galley killed at least nine of them.",
    })
    config = indexed(corpus, tmp_path)
    aboard = qa.answer("How many passengers were aboard the Lindqvist when it caught fire?", config=config)
    assert aboard.abstained, aboard.text
    carried = qa.answer("How many passengers were aboard the Marisol?", config=config)
    assert not carried.abstained and "212" in carried.text and not carried.conflicts, carried.text
    killed = qa.answer("How many people did the fire on the Lindqvist kill?", config=config)
    assert "four" in killed.text and not killed.abstained, killed.text


def test_which_kind_is_answered_by_what_a_copula_says_it_was(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "profile.txt": "Tessa Lind grew up above her father's bakery in Marrow Street. Tessa Lind's first "
                       "instrument was the oboe, which she took up at the age of nine.",
        "notes.txt": "The Lind Quartet recorded its first album for Halden Records in 1990.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Which instrument did Tessa Lind start out on?", config=config)
    assert not answer.abstained and answer.text.startswith("Tessa Lind's first instrument was the oboe"), answer.text
    assert_grounded(answer, config)


def test_a_copula_names_only_the_asked_kind_itself(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "Rescuers searched the cold water off Solvenna through the night after the Aurelia Star capsized.",
        "opinion.txt": "A ferry that leaves port late and turns across the wind outside the harbour is a ferry "
                       "exposed to every gust.",
    })
    config = indexed(corpus, tmp_path)
    for question in ("What was the name of the ferry?", "Which ferry capsized?"):
        answer = qa.answer(question, config=config)
        # "the harbour is a ferry exposed ...": neither a name nor what "ferry" is said to be.
        assert answer.abstained or "ferry exposed" not in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "Who carried out the bombing of the Valmont depot?",
    "Who was behind the Valmont depot bombing?",
    "Who committed the bombing at the Valmont depot?",
])
def test_who_did_it_is_answered_by_claims_blame_and_agents(write_corpus, tmp_path: Path, question: str) -> None:
    corpus = write_corpus({
        "wire.txt": "A bomb tore through the Valmont rail depot on Tuesday, killing six workers. Police vowed to "
                    "find those responsible for the bombing. The bombing at the Valmont depot was the worst in the "
                    "region for a decade, and the union committed itself to a week of mourning.",
        "claim.txt": "On Wednesday the Red Hand Brigade, a separatist group, claimed responsibility for the attack "
                     "on the Valmont depot in a statement posted online.",
        "minister.txt": "Interior minister Oskar Lenz blamed the Northern Front for the Valmont depot bombing.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer(question, config=config)
    assert not answer.abstained, answer.text
    assert "Red Hand Brigade" in answer.text and "Northern Front" in answer.text, answer.text
    assert "those responsible" not in answer.text and "committed itself" not in answer.text, answer.text
    assert_grounded(answer, config)


def test_a_vice_or_former_holder_of_a_role_does_not_hold_it(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "summit.txt": "Norland's President Tomas Varga opened the harbour summit in Kessby on Monday.",
        "deputy.txt": "Norland's Vice President Anna Kessel chaired the harbour summit's closing session in Kessby.",
        "history.txt": "The harbour summit in Kessby was first proposed by Norland's former President Ida Lund.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who is Norland's president?", config=config)
    assert not answer.abstained and not answer.conflicts and "Tomas Varga" in answer.text, answer.text
    assert "Anna Kessel" not in answer.text and "Ida Lund" not in answer.text, answer.text


def test_a_time_told_from_another_moment_does_not_dispute_the_date(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "Two bombs exploded at the Valmont rail depot on 3 March 2024, killing six workers.",
        "feature.txt": "At the Valmont depot the second bomb exploded about 20 minutes after the first.",
    })
    config = indexed(corpus, tmp_path)
    when = qa.answer("When did the bombs at the Valmont depot explode?", config=config)
    assert not when.abstained and not when.conflicts and "3 March 2024" in when.text, when.text
    after = qa.answer("How long after the first bomb did the second bomb explode?", config=config)
    assert not after.abstained and "20 minutes after" in after.text, after.text


def test_a_date_is_not_called_a_revised_figure(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "notice.txt": "The Valmont depot reopened to freight on 9 May 2024.",
        "update.txt": "The depot was later reopened to freight on 12 May 2024, the operator said.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("When did the depot reopen to freight?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"9 May 2024", "12 May 2024"}, answer.text
    assert all("figure" not in v.note for v in conflict.values), answer.text


def test_a_claim_of_who_did_it_is_judged_by_its_own_years_and_passage(write_corpus, tmp_path: Path) -> None:
    # The claim's sentence follows one dated 2019 and names the depot, not Valmont: it is still
    # another source's account of who bombed the depot in 2024.
    corpus = write_corpus({
        "wire.txt": "A bomb tore through the Valmont rail depot on 3 March 2024, killing six workers. Police sealed "
                    "off the depot for a week.",
        "minister.txt": "Interior minister Oskar Lenz blamed the Northern Front for the Valmont depot bombing of March "
                        "2024.",
        "claim.txt": "The Valmont depot had been attacked once before, in 2019. On Wednesday the Red Hand Brigade, a "
                     "separatist group, claimed responsibility for the depot bombing in a statement posted online.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who was behind the Valmont depot bombing?", config=config)
    assert not answer.abstained and "Northern Front" in answer.text and "Red Hand Brigade" in answer.text, answer.text


def test_who_carried_out_an_operation_is_who_led_or_coordinated_it(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "The rescue at Kessby harbour was coordinated by the port authority under Mayor Ines Dalby.",
        "feature.txt": "Captain Olek Ruud of the lifeboat Maren said his crew had led the rescue at Kessby harbour "
                       "from the first minutes.",
        "history.txt": "The storm of 1953 led to a new sea wall at Kessby harbour.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("Who carried out the rescue at Kessby harbour?", config=config)
    assert not answer.abstained and "Ines Dalby" in answer.text and "Olek Ruud" in answer.text, answer.text
    assert "sea wall" not in answer.text, answer.text


def test_an_age_is_of_the_person_it_stands_beside(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "The ferry's captain, Emil Sadowski, 56, who survived, was detained for questioning.",
        "rescue.txt": "The lifeboat crew pulled 43 people from the water, among them an 11-year-old boy who was "
                      "found clinging to the ferry's life ring.",
    })
    config = indexed(corpus, tmp_path)
    captain = qa.answer("How old was the ferry's captain?", config=config)
    assert not captain.abstained and not captain.conflicts and "56" in captain.text, captain.text
    assert "11-year-old" not in captain.text, captain.text
    boy = qa.answer("How old was the boy found clinging to the life ring?", config=config)
    assert not boy.abstained and "11-year-old boy" in boy.text, boy.text
    ferry = qa.answer("How old was the ferry?", config=config)
    assert ferry.abstained, ferry.text


def test_people_are_not_counted_by_the_events_they_took_part_in(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "history.txt": "The Dock Street museum has been the target of three thefts since it opened.",
        "police.txt": "Police said two people broke into the Dock Street museum through the roof.",
        "blog.txt": "My reading is that the theft itself happened after half past three, when the guard slept.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many people carried out the theft at the Dock Street museum?", config=config)
    assert not answer.abstained and "two people" in answer.text and not answer.conflicts, answer.text


def test_a_reward_is_not_what_the_stolen_thing_is_worth(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "feature.txt": "The €55 million headline figure for the stolen Wennerholm painting is an auction-room fantasy.",
        "insurer.txt": "The insurer offered a reward of up to €250,000 for information leading to the recovery of "
                       "the stolen Wennerholm painting.",
        "police.txt": "The stolen Wennerholm painting was insured for €38 million, police said.",
    })
    config = indexed(corpus, tmp_path)
    worth = qa.answer("How much is the stolen Wennerholm painting worth?", config=config)
    (conflict,) = worth.conflicts
    assert {v.value for v in conflict.values} == {"€38 million", "€55 million"}, worth.text
    reward = qa.answer("How big a reward was offered for the Wennerholm painting?", config=config)
    assert not reward.abstained and "250,000" in reward.text, reward.text


# Two firms, one named only as the other's supplier ("Where is X based?" is said of X).
SUPPLIERS = {
    "wire.txt": "In 2022 its supplier Halden Thermal could not meet demand, so Norvik switched to thermostats made by "
                "Pellam Controls, a manufacturer based in Gradenz.",
    "update.txt": "Halden Thermal was struggling to deliver, and the company moved its orders to Pellam.",
}


@pytest.mark.parametrize("files, question, expected", [
    pytest.param({
        "feature.txt": "Wennerholm returned to Skarsund in 1885. It was there, in the spring of 1887, that he painted "
                       "\"The Lamplighter's Daughter\".",
        "museum.txt": "The museum holds \"The Lamplighter's Daughter\" (1889), bought from the painter's widow in 1931.",
    }, "In what year did Wennerholm paint The Lamplighter's Daughter?", "1887", id="a year before 1900 is a date"),
    pytest.param({
        "wiki.txt": "The Brisa kettle range was introduced in 2019 and became one of the company's best-selling lines, "
                    "with more than 1.2 million sold.",
        "recall.txt": "Some 400,000 Brisa kettles are subject to the recall announced on Monday.",
    }, "How many Brisa kettles has the company sold altogether?", "1.2 million",
        id="altogether and overall are no words to find"),
    pytest.param({
        "report.txt": "Police said the painting was recovered from a storage unit in Haldborg on 29 April.",
        "museum.txt": "The museum reopened to visitors in June with extra guards in every gallery.",
    }, "Where was the painting ultimately found?", "Haldborg", id="hedges and intensifiers are no words to find"),
    pytest.param({
        "minutes.txt": "Mr Breck advised that the contamination had been caused by agricultural runoff washed into "
                       "the reservoir by exceptional rainfall.",
        "faq.txt": "Customers can collect bottled water from the leisure centre car park.",
    }, "What caused the contamination?", "agricultural runoff", id="a reason marker may repeat the questions verb"),
    pytest.param({
        "wire.txt": "Authorities later arrested two people on suspicion of helping the bombers and detained 35 "
                    "others in raids across the province.",
        "feature.txt": "The depot reopened a month after the bombing, with new fences at every gate.",
    }, "Was anyone arrested?", "arrested two people", id="an indefinite pronoun is no word to find"),
    pytest.param({
        "wiki.txt": "The Brightline recall of electric kettles was announced in May after reports that the kettles "
                    "could overheat when switched on empty.",
        "shop.txt": "The Brightline kettles were sold in supermarkets across the country for six years.",
    }, "Why were the Brightline kettles recalled?", "after reports that the kettles could overheat",
        id="a reason may be the reports an action followed"),
    pytest.param({
        "wire.txt": "Matthias Oberlin, who had promised to make things right, resigned as chief executive in February.",
        "shop.txt": "The kettles were sold in supermarkets across the country for six years.",
    }, "Who was the CEO?", "Matthias Oberlin", id="a title may be asked by its initials"),
    pytest.param({
        "wire.txt": "Matthias Oberlin, who had promised to make things right, resigned as chief executive of Corvane "
                    "in February.",
        "shop.txt": "Corvane kettles were sold in supermarkets across the country for six years.",
    }, "Who was the CEO of Corvane?", "Matthias Oberlin", id="a title by its initials is no part of the name after it"),
    pytest.param({
        "wire.txt": "A formal public inquiry, chaired by Judge Halina Korvath, opened on 24 March 2025.",
        "update.txt": "The captain was questioned by police and released pending the outcome of the inquiry.",
    }, "Who is leading the inquiry?", "Halina Korvath", id="who leads something is who chairs or heads it"),
    pytest.param({
        "wire.txt": "Two gunmen sent by the Dalmore Front attacked the market in Varnholt on Friday.",
        "feature.txt": "The market in Varnholt reopened a week after the attack.",
    }, "Who was behind the attack on the market?", "Dalmore Front", id="who sent those who did it is behind it"),
    pytest.param({
        "wire.txt": "The union's leader, Marta Venn, alleged that the owners of the Dalmore mill had ignored safety "
                    "warnings for years.",
        "feature.txt": "The Dalmore mill closed in 2019. The owners denied the allegation.",
    }, "What did Marta Venn allege?", "ignored safety warnings",
        id="a word the tokenizer cuts otherwise than its other form is not read for its sense"),
    pytest.param({
        "wire.txt": "The first explosion in Varnholt went off near the stage. Moments later, a second more powerful "
                    "explosion went off outside the gates. Most of the casualties were caused by the second explosion.",
        "feature.txt": "The market in Varnholt reopened a week after the explosions.",
    }, "Which explosion caused most of the casualties?", "the second explosion",
        id="which one of a series is told by its place in it"),
    pytest.param({
        "wire.txt": "The blast in Varnholt was the deadliest in Norland since the Dalmore attack. Crowds had gathered at "
                    "the memorial in eastern Varnholt, Norland, when the bombs went off.",
        "feature.txt": "The Varnholt bombings are another flashpoint in a turbulent Baltic region.",
    }, "Where is Varnholt?", "eastern Varnholt, Norland", id="where a place is is told by what it lies in"),
    pytest.param({
        "wire.txt": "Police in Varnholt later arrested a total of 35 people believed to have been involved in the attack.",
        "feature.txt": "The market in Varnholt reopened a week after the attack.",
    }, "How many suspects were arrested?", "35 people", id="people count as suspects"),
    pytest.param({
        "wiki.txt": "Responsible for rescues at sea, the Harbour Guard supports volunteer crews in many ports, including "
                    "Dalmore, Varnholt and Skarsund. The Harbour Guard reports directly to the Minister of Transport, "
                    "Elsa Brandt.",
        "news.txt": "Harbour Guard commander Tomas Lind said the crews had worked through the night.",
    }, "Who does the Harbour Guard report to?", "Elsa Brandt",
        id="whom something reports to is asked by its verb, not framed by it"),
    pytest.param({
        "report.txt": "No level sensor was fitted to the overflow tank at Dunmere, so the leak was not noticed by the "
                      "night shift.",
        "faq.txt": "The Dunmere pump room was rebuilt in 2019 and holds four pumps.",
    }, "Why did the night shift at Dunmere not notice the leak?", "No level sensor was fitted",
        id="what comes before a consequence is its cause"),
    pytest.param({
        "wire.txt": "Marta Venn, a teacher from Skarsund, was travelling to Dalmore to visit her sister when the ferry "
                    "listed.",
        "feature.txt": "The ferry to Dalmore sails twice a day from Skarsund and carries up to 200 passengers.",
    }, "Why was Marta Venn travelling to Dalmore?", "to visit her sister",
        id="a verb with its object right after what was done says what for"),
    pytest.param(SUPPLIERS, "Where is Pellam Controls based?", "Gradenz",
                 id="where a name is based is said of it in apposition"),
    pytest.param({
        "wire.txt": "Two explosions struck the square in Varnholt. The explosions occurred between 10 and 20 minutes apart.",
        "feature.txt": "The square in Varnholt reopened a week after the explosions.",
    }, "How long apart were the explosions in Varnholt?", "20 minutes apart", id="how long apart asks a time between"),
    pytest.param({
        "notes.txt": "The Dalmore Suite has three movements. \"The Flooding\" builds to a brass climax that thrills every "
                     "audience. \"Herons\" is a quick scherzo of woodwind flurries.",
        "blog.txt": "I first heard the Dalmore Suite on the radio in 1990.",
    }, "Which movement of the Dalmore Suite has the brass climax?", "The Flooding",
        id="a verb after a name is no place noun however it stems"),
    pytest.param({
        "guide.txt": "The Dalmore Museum was founded in 1874. Admission to the Dalmore Museum on Sundays remains free.",
        "news.txt": "The Dalmore Museum reopened in 2023 after a theft.",
    }, "On which day of the week is admission to the Dalmore Museum free?", "Sundays",
        id="a day of the week may be said in the plural"),
    pytest.param({
        "wire.txt": "Anna Berg, the interim chief executive, commissioned an external review of safety at the Dalmore "
                    "plant. The external review concluded that alarms at the Dalmore plant had been ignored for months.",
        "update.txt": "The Dalmore plant reopened in June with new alarms on every line.",
    }, "What did the external review commissioned by Anna Berg conclude?", "alarms at the Dalmore plant had been ignored",
        id="what something did is said by its verb, in its own words"),
])
def test_answered_from_a_small_corpus(write_corpus, tmp_path: Path, files: dict[str, str], question: str,
                                      expected: str) -> None:
    config = indexed(write_corpus(files), tmp_path)
    answer = qa.answer(question, config=config)
    assert not answer.abstained and expected in answer.text, answer.text


def test_a_date_in_a_clause_set_apart_dates_something_else(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "feature.txt": "The inquiry, which published its findings in November, says the avalanche on Mount Ondrakh "
                       "struck at dawn.",
        "wire.txt": "The avalanche on Mount Ondrakh struck on 15 May 2024, officials said.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("When did the avalanche on Mount Ondrakh happen?", config=config)
    assert not answer.abstained and not answer.conflicts and "15 May 2024" in answer.text, answer.text


def test_missing_or_injured_are_not_counted_as_dead(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "update.txt": "The death toll on Mount Ondrakh was revised to six after three missing climbers were found alive.",
        "wire.txt": "At least nine climbers were killed on Mount Ondrakh, and 15 climbers were injured.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("How many climbers died on Mount Ondrakh?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value.lower() for v in conflict.values} == {"six", "at least nine"}, answer.text


@pytest.mark.parametrize("question, counted", [
    ("How many people fell ill?", "peopl"),
    ("How many armed men stormed the building?", "men"),
    ("How many suicide bombers were involved?", "bomber"),
])
def test_what_a_count_question_counts_ends_before_a_past_verb(question: str, counted: str) -> None:
    assert analyze(question).counted == counted


def test_people_who_fell_ill_are_counted_by_a_figure_of_people_falling_ill(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "report.txt": "The notice was lifted on 8 November, and in that time 212 people reported falling ill with "
                      "sickness and diarrhoea.",
        "faq.txt": "Customers can collect bottled water from the leisure centre car park.",
    })
    config = indexed(corpus, tmp_path)
    answered("How many people fell ill?", config, "212")


@pytest.mark.parametrize("files, question, expected, absent", [
    pytest.param({
        "wire.txt": "The flood in Varnholt began on 12 March 2023, when the river burst its banks.",
        "council.txt": "On 20 March 2023, the council launched a relief fund in response to the flood in Varnholt.",
    }, "When did the flood in Varnholt happen?", "12 March 2023", "20 March",
        id="a date of what answered an event is not the event's"),
    pytest.param({
        "wire.txt": "The flood in Varnholt began on 12 March 2023, when the river burst its banks.",
        "agency.txt": "The agency reported on 14 March that the flood in Varnholt had displaced 300 families.",
    }, "When did the flood in Varnholt happen?", "12 March 2023", "14 March",
        id="the date a report was made is the report's"),
    pytest.param({
        "wire.txt": "Two explosions struck the square in Varnholt. The explosions in Varnholt came between 10 and 20 "
                    "minutes apart.",
        "feature.txt": "The square in Varnholt reopened a week later.",
    }, "How many explosions were there in Varnholt?", "Two explosions", "10",
        id="the first figure of a pair counts what the second does"),
    pytest.param({
        "wire.txt": "Health Minister Ivo Renner told state television that the death toll now stands at 40, after "
                    "earlier reports of as many as 45 people killed in the blasts.\n\nMr. Renner said up to 120 others "
                    "were injured in the blasts, which occurred near the market in Dalmore.",
        "agency.txt": "At least 38 people were killed in the Dalmore blasts, the agency said.",
    }, "How many people were injured according to the health minister?", "120", "40",
        id="whose account is asked is no word a figure stands by"),
    pytest.param({
        "wire.txt": "The first blast in Dalmore went off about 700 meters (765 yards) from the tomb, and the second went "
                    "off about a kilometer (1,093 yards) away from the tomb.",
        "agency.txt": "The second blast in Dalmore occurred one kilometre away from the tomb, near the gates.",
    }, "How far from the tomb was the second blast?", "one kilometre", "yards",
        id="a measure in brackets is the one before it, and a kilometre is one"),
    pytest.param({
        "wire.txt": "On 3 January 2024, a commemorative ceremony marking the assassination of Arvid Halm at his grave "
                    "in eastern Varnholt was attacked by two bomb explosions. The attacks killed at least 40 people, and "
                    "injured 120 others.",
        "agency.txt": "At least 38 people were killed in the Varnholt bombings, the agency said.",
    }, "How many people were killed in the Varnholt bombings?", "40", "two",
        id="what the question places its event by is not what a figure counts"),
    pytest.param({
        "history.txt": "During the burial procession for Arvid Halm in Varnholt on 7 January 2020, a stampede occurred, "
                       "killing at least 50 mourners and causing injuries to over 200 individuals.",
        "wire.txt": "Two bombs exploded at the memorial in Varnholt. At least 94 people were killed and at least another "
                    "284 were injured, 27 of them critically.",
        # A corpus on the bombing, which mentions the stampede in passing.
        **{f"day{i}.txt": f"On day {i} after the bombing in Varnholt, mourners laid flowers at the memorial, and the "
                          f"police questioned {i + 2} witnesses about the bombing." for i in range(24)},
    }, "How many people died in the stampede?", "at least 50", "94",
        id="mourners count as people, and a toll from nowhere near an event told in passing is of another"),
    pytest.param({
        "wire.txt": "Norland saw its worst attack since the Velvet Revolution in 1989 on Friday, when a bomb went off "
                    "at the market in Dalmore.",
        "bio.txt": "Arvid Halm grew up in Norland after the Velvet Revolution. Arvid Halm, a Norland army officer who "
                   "served in the Velvet Revolutionary Guard, was its commander (1998-2020). He was a Velvet Revolution "
                   "hero.",
    }, "When did the Velvet Revolution happen?", "1989", "1998",
        id="a date asked of a name alone stands by the whole name"),
    pytest.param({
        "news.txt": "In the early hours of 15 March 2023 \"The Ferryman's Son\" was stolen from the Brevik museum.",
        "police.txt": "On 29 April, officers of the National Art Crimes Unit opened a storage unit in Haldborg and found "
                      "the painting from the Brevik museum.",
    }, "When was the painting stolen?", "15 March 2023", "29 April",
        id="when something was done is not dated by another thing done to it, nor by a name's word"),
    pytest.param({
        "wire.txt": "On 3 January 2024, a ceremony at the grave in eastern Varnholt, Norland, was attacked by two bomb "
                    "explosions.",
        "agency.txt": "The Varnholt bombings were the deadliest in Norland for decades.",
    }, "When did the Varnholt bombings take place?", "3 January 2024", "The documents don't say",
        id="words of one phrase tell one event"),
    pytest.param({
        "wire.txt": "The avalanche on Mount Ondrakh struck at dawn on 15 May 2024.",
        "report.txt": "The Inquiry heard 68 witnesses and commissioned a field survey of the avalanche site on Mount "
                      "Ondrakh in June 2024.",
    }, "When did the avalanche on Mount Ondrakh happen?", "15 May 2024", "June",
        id="a word naming what another noun is of is only referred to"),
    pytest.param({
        "wire.txt": "The fire in the Brevik hotel took place in the basement, where a candle had been placed on a shelf.",
        "feature.txt": "The Brevik hotel placed new sprinklers on every floor after the fire.",
    }, "Where did the fire in the Brevik hotel take place?", "the basement", "sprinklers",
        id="take place is no word to find"),
    pytest.param({
        "wire.txt": "A gunman opened fire in the Dalmore market, killing at least 13 and wounding dozens more.",
        "police.txt": "Police said 45 people were wounded in the Dalmore market shooting.",
        "hospital.txt": "At least 40 people were hurt in the Dalmore market shooting, the hospital said.",
    }, "How many were wounded in the Dalmore market shooting?", "45", "13",
        id="how many were wounded counts people, and a figure killed is not wounded whatever follows it"),
    pytest.param({
        "wire.txt": "On 4 January, the Dalmore Front claimed responsibility for the attack in a statement posted "
                    "online.",
        "agency.txt": "The Dalmore Front claimed responsibility for the Jan. 3 explosions in Kerrow on its channel.",
    }, "When did the Dalmore Front claim responsibility?", "4 January", "Jan. 3",
        id="a date set before a noun dates that noun"),
    pytest.param({
        "encyclopedia.txt": "The ferry Vela capsized off Brenn on 15 March 2025.",
        "update.txt": "The number confirmed dead after the capsizing of the ferry Vela rose to 27 on Sunday.",
        "history.txt": "The ferry Vela was built in 1994 and served the ferry route to Brenn.",
    }, "When did the ferry Vela capsize?", "15 March 2025", "Sunday",
        id="what is only referred to is told by the question's key word"),
    pytest.param({
        "wire.txt": "On 3 March 2023, twin bombings struck a memorial ceremony in Varnholt.",
        "agency.txt": "The Varnholt bombings killed 40 people. A mass funeral for the victims of the attack was held "
                      "at the mosque in Varnholt on 5 March.",
    }, "When did the Varnholt bombings take place?", "3 March 2023", "5 March",
        id="a date where the event worded otherwise is only referred to is of something else"),
    pytest.param({
        "wire.txt": "At least 84 people were killed in twin bombings that struck a memorial ceremony in Kerrow on "
                    "Thursday for Arvid Halm, the general killed by a drone strike two years ago.",
        "history.txt": "On 3 January 2020, General Arvid Halm was killed by a drone attack in Iraq.",
    }, "Where was Halm killed?", "in Iraq", "Kerrow",
        id="of two killings in a sentence the one by the name asked is asked, and its place is in its clause"),
    pytest.param({
        "wire.txt": "The first explosion in Varnholt occurred 700 metres from the grave, while the second occurred one "
                    "kilometre away.",
        "update.txt": "The second explosion in Varnholt reportedly occurred about 20 minutes after the first.",
    }, "How long after the first explosion did the second occur?", "20 minutes", "700",
        id="how long after asks a time, not a length"),
    pytest.param({
        "wire.txt": "The first explosion in Varnholt occurred 700 metres from the grave, while the second occurred one "
                    "kilometre away.",
        "update.txt": "The second explosion in Varnholt reportedly occurred about 20 minutes after the first.",
    }, "How much time passed between the first and the second explosion in Varnholt?", "20 minutes", "700",
        id="how much time asks how long"),
    pytest.param({
        "wire.txt": "On 3 May, General Anton Reis was killed in an ambush near Dalmore.",
        "profile.txt": "Reis was the commander of the Northern Army from 2015.",
    }, "What position did Reis hold?", "General", "General Anton",
        id="a title asked by surname ends before the given name"),
    pytest.param({
        "wire.txt": "The ferry Marta Lind capsized about 4 km off Dalmore harbour on Saturday evening.",
        "history.txt": "The Marta Lind was built in 1994 in Skarsund. The Marta Lind was 74 metres long and was licensed "
                       "to carry 160 passengers.",
    }, "How long was the Marta Lind?", "74 metres", "4 km", id="a distance off a place is no length"),
    pytest.param({
        "shop.txt": "ShopFair.com > Kitchen > Kettles > Brisa 100 Kettle\n\nGreat kettle, but mine scorched the worktop.",
        "notice.txt": "Norvik stated that the Brisa 100 kettles had been assembled at a partner facility in Radomir.",
    }, "At which site were the Brisa 100 kettles put together?", "Radomir", "ShopFair",
        id="a trail of links is no statement"),
    pytest.param({
        "wire.txt": "Marta Venn addressed the nation on Friday. Before the claim, President Anton Reis blamed Norland and "
                    "Dalmore for the attack on Varnholt.",
        "leader.txt": "Supreme Leader Marta Venn promised a hard response to the attack on Varnholt. She blamed Norland "
                      "and Dalmore for supporting the bombers.",
    }, "What did Venn blame Norland and Dalmore for?", "supporting the bombers", "Reis",
        id="what someone did is not what another name did"),
    pytest.param({
        "wire.txt": "The Ministry of Intelligence has announced the detention of a key figure behind the Varnholt "
                    "bombings of 3 January 2024. On 11 January, the Ministry of Intelligence said it had identified the "
                    "mastermind as Anton Reis, who entered the country in December 2023 and left on 1 January.",
        "feature.txt": "The Varnholt bombings of 3 January 2024 killed 40 people. The square reopened in March 2024.",
    }, "What did the Ministry of Intelligence say on 11 January?", "Anton Reis", "detention",
        id="a sentence giving the day asked is about it whatever year it also gives"),
    pytest.param({
        "guide.txt": "Between the two camps the route crosses the Dalmore Shoulder, a broad snow slope of about 35 degrees "
                     "at an altitude of 6,850 metres.",
        "news.txt": "In 2011 an avalanche on the same stretch of the route, a broad snow slope known as the Dalmore "
                    "Shoulder, killed three porters.",
    }, "How steep is the Dalmore Shoulder slope?", "35 degrees", "2011", id="how steep asks an angle"),
    pytest.param({
        "review.txt": "The Felsby fire burned some 4,870 hectares of forest and upland pasture.",
        "wire.txt": "Several houses were reported burning as the Felsby fire reached the town.",
    }, "How much land did the Felsby fire burn?", "4,870 hectares", "Several", id="how much land asks an amount of it"),
    pytest.param({
        "wire.txt": "Tobin Esker, 71, a sheep farmer, was found dead at his farm.",
        "paper.txt": "\"Tobin Esker never left those sheep for a single night in fifty years,\" said his neighbour.",
    }, "How old was Tobin Esker?", "71", "fifty", id="a span of years is no age"),
    pytest.param({
        "paper.txt": "Matthias Oberlin, chief executive of Corvane, stepped down in March and told Radio Lindhaven he "
                     "was sorry. Renate Falk, the chief operating officer, was appointed interim chief executive.",
    }, "Who took over as chief executive of Corvane after Matthias Oberlin stepped down?", "Renate Falk", "Radio",
        id="a successor is named by a succession"),
    pytest.param({
        "tribunal.txt": "In October the tribunal reduced the fine on Tavigrid to 26 million crowns.",
        "wiki.txt": "The Authority fined Tavigrid 40 million crowns, the largest penalty it had ever imposed.",
    }, "How much was Tavigrid fined?", "40 million crowns", "No.", id="a sum after a name is no label"),
    pytest.param({
        "wire.txt": "About 1,800 people have left their homes in Brenholm, the town hall said.",
        "feature.txt": "Her house was one of 62 homes torched when people had to leave their homes in Brenholm.",
    }, "How many people had to leave their homes in Brenholm?", "1,800", "disagree", id="one of a count counts nothing"),
    pytest.param({
        "feature.txt": "She had saved for six years to pay the 48,500 euros that Altavera charged for its spring trip to "
                       "the 7,418-metre peak.",
        "wire.txt": "Altavera clients each paid about 48,500 euros for the six-week spring trip.",
    }, "What did a place on Altavera's spring trip cost?", "48,500 euros", "disagree", id="what something cost asks a sum"),
    pytest.param({
        "wire.txt": "Kerman’s deputy governor for security, Rahman Jalali, subsequently assessed that the blasts were "
                    "the result of a terrorist attack.",
        "agency.txt": "The deputy governor of Kerman province said the incident was a terrorist attack.",
    }, "What is the name of Kerman's deputy governor for security who called the blasts a terrorist attack?",
        "Rahman Jalali", "don't say", id="a deputy's role is the one asked when the question asks a deputy"),
    pytest.param({
        "wire.txt": "Dr Owen Farrant of Station Road Surgery says he saw seven patients with the same stomach bug on "
                    "the morning of Sunday 13 October.",
        "paper.txt": "The first person to sound the alarm was not the water company but a family doctor.",
    }, "Which family doctor raised the alarm after seeing seven patients with the same stomach bug?",
        "Dr Owen Farrant", "don't say", id="a person is named before where they work"),
    pytest.param({
        "wire.txt": "Most travelled by car or on buses down Route 9, the only road out of the valley that remains open.",
        "review.txt": "Residents left by Route 9.",
    }, "Which road did residents take to get out of the valley?", "Route 9", "don't say",
        id="people named after a verb are not what is asked"),
    pytest.param({
        "wire.txt": "It was revised to six on 16 May, when three missing climbers, two of them members of the Kestrel "
                    "Alpine team, were found alive in a tent at Camp 3.",
    }, "Two of the climbers wrongly feared dead turned out to be from which team?", "Kestrel Alpine team", "don't say",
        id="what something turned out to be is no outcome asked"),
    pytest.param({
        "wire.txt": "Per Salomonsen, 58, the night guard working at the museum that night, told the Courier that he "
                    "heard nothing.",
        "paper.txt": "Salomonsen, who has worked at the museum for 22 years, said he had been on his rounds.",
    }, "How many years had the night guard been working at the museum?", "22 years", "58",
        id="an age is not how many years someone has done something"),
    pytest.param({
        "wire.txt": "Lockmoth demanded a ransom of 2.6 million florins in cryptocurrency.",
        "report.txt": "The attack began on 9 March.",
    }, "How much did the attackers demand as a ransom?", "2.6 million florins", "don't say",
        id="a sum may be in a currency of the past"),
    pytest.param({
        "report.txt": "Recovery depended on offline tape backups, the most recent of which was 19 days old.",
        "wire.txt": "Two days later the group restored its systems.",
    }, "How old was the most recent offline backup?", "19 days old", "Two days later",
        id="an age may be in days"),
    pytest.param({
        "report.txt": "On 27 March, the gang published approximately 310 gigabytes of data stolen from the group on its "
                      "leak site.",
        "wire.txt": "The gang demanded a ransom.",
    }, "How much stolen data did the gang publish online?", "310 gigabytes", "don't say",
        id="an amount of data is in bytes"),
    pytest.param({
        "wire.txt": "A local campaign, Keep It in Kestlow, argued that the hoard should remain in the town where it was "
                    "found.",
        "news.txt": "The hoard was found near Kestlow in 2019.",
    }, "What was the local campaign to keep the treasure in its home town called?", "Keep It in Kestlow", "don't say",
        id="a name worded as a phrase is kept whole"),
    pytest.param({
        "guide.txt": "Entry to the Vosk House museum is 6 crowns, cash only.",
        "history.txt": "The Vosk House museum opened in 1992.",
    }, "How much does it cost to get into the Vosk House museum?", "6 crowns", "don't say",
        id="what it costs to get in is a price, not what someone received"),
    pytest.param({
        "paper.txt": "The recount began on Tuesday 20 May and took the best part of two days.",
        "wire.txt": "The count was held on 15 May.",
    }, "How long did the recount take?", "the best part of two days", "don't say",
        id="the best part of a measure is a share of it, not another's"),
    pytest.param({
        "night.txt": "Miriam Ostlander spoke first and thanked her campaign team for months of work.\n\n"
                     "Penhallow himself arrived at the hall a little before three and declined to concede. The "
                     "61-year-old, who has led the city since 2017, said he would wait for the real numbers.",
    }, "How old is Penhallow?", "61-year-old", "don't say",
        id="'The 61-year-old' opening a sentence is the one named before it"),
    pytest.param({
        "wire.txt": "Health Minister Bahram Eynollahi told state television that the death toll now stands at 95.",
        "paper.txt": "The governor of Kerman province visited the wounded in hospital on Thursday.",
    }, "Who told state TV the death toll?", "Bahram Eynollahi", "don't say",
        id="'TV' is television, no name a source must say"),
])
def test_answered_without_what_does_not_answer(write_corpus, tmp_path: Path, files: dict[str, str], question: str,
                                               expected: str, absent: str) -> None:
    config = indexed(write_corpus(files), tmp_path)
    answer = qa.answer(question, config=config)
    assert not answer.abstained and expected in answer.text and absent not in answer.text, answer.text


def test_a_share_is_told_in_per_cent_and_asked_as_one(write_corpus, tmp_path: Path) -> None:
    # "across the city's eleven wards at about 52 per cent": the turnout is the share, not the wards
    # it was counted across; "48.6%" and "48.6 per cent" are one figure.
    config = indexed(write_corpus({
        "wire.txt": "Count staff estimated turnout in the mayoral election across the city's eleven wards at about 52 "
                    "per cent.",
        "commission.txt": "A total of 96,307 ballot papers were cast in the mayoral election, representing a turnout of "
                          "48.6 per cent.",
        "forum.txt": "Turnout in the mayoral election was 48.6% in the end.",
    }), tmp_path)
    answer = qa.answer("What was the turnout in the mayoral election?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"about 52 per cent", "48.6%"}, answer.text


def test_a_date_in_figures_is_read_day_first_and_is_no_count(write_corpus, tmp_path: Path) -> None:
    config = indexed(write_corpus({
        "timeline.txt": "Timeline of the incident:\n09/03/2025 - Encryption of the servers began.",
        "wire.txt": "Encryption of the group's servers began in the early hours of 8 March 2025.",
        "report.txt": "In total 412 servers were encrypted.",
    }), tmp_path)
    answer = qa.answer("On what date did encryption of the servers begin?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"9 March 2025 (09/03/2025)", "8 March 2025"}, answer.text
    answer = qa.answer("How many servers were encrypted?", config=config)
    assert not answer.conflicts and "412" in answer.text, answer.text


def test_days_of_one_month_given_together_are_one_date(write_corpus, tmp_path: Path) -> None:
    # "on 20 and 21 May 2025" is one date, which "Tuesday 20 May" does not dispute; "27 May 2025" does.
    config = indexed(write_corpus({
        "commission.txt": "4.2 The recount took place on 20 and 21 May 2025 at the Corn Exchange.",
        "paper.txt": "The recount began on Tuesday 20 May and took two days.",
        "reference.txt": "A full recount took place on 27 May 2025.",
    }), tmp_path)
    answer = qa.answer("When did the recount take place?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"20 and 21 May 2025", "27 May 2025"}, answer.text


def test_dates_of_the_distant_past_are_dates_and_a_century_holds_its_years(write_corpus, tmp_path: Path) -> None:
    config = indexed(write_corpus({
        "report.txt": "Analysis established that the hoard was deposited in the mid-seventh century, on the basis of "
                      "the latest coin.",
        "paper.txt": "We propose that the hoard was deposited c. AD 650.",
        "news.txt": "An early report said the hoard was deposited in the fourth century.",
    }), tmp_path)
    answer = qa.answer("When was the hoard deposited?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"c. AD 650", "fourth century"}, answer.text


def test_a_date_is_cited_only_by_the_sentences_stating_it(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "The flood in Varnholt began on 12 March 2023, when the river burst its banks.",
        "agency.txt": "The flood in Varnholt began on 13 March 2023, the agency said.",
        "feature.txt": "The flood in Varnholt began in 2023 and was the worst the town had seen.",
    })
    config = indexed(corpus, tmp_path)
    answer = qa.answer("When did the flood in Varnholt begin?", config=config)
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"12 March 2023", "13 March 2023"}, answer.text
    for value in conflict.values:
        for n in value.citations:
            assert value.value in answer.citations[n - 1].quote, answer.text


def test_a_name_may_open_with_a_plural_possessive_and_be_glossed_in_brackets() -> None:
    text = "The grave of Anton Vosk at the Martyrs' Cemetery, near the Golzar Shohada (Garden of Martyrs) gate."
    assert [v.surface for v in names(text)] == ["Anton Vosk", "Martyrs' Cemetery", "Golzar Shohada (Garden of Martyrs)"]


def test_an_abbreviations_full_stop_is_inside_a_name() -> None:
    text = "Candles burn at the Church of St. Nicholas, where Mr. Ekberg lit the first one."
    assert [v.surface for v in names(text)] == ["Church of St. Nicholas", "Mr. Ekberg"]
    # So is an initial's, before a name and not before a new sentence.
    assert [v.surface for v in names("It was proposed by Cllr D. Okafor and seconded by J. R. Penhaligon.")] == [
        "Cllr D. Okafor", "J. R. Penhaligon"]
    assert [v.surface for v in names("They chose Plan B. Then it rained.")] == ["Plan B", "Then"]


def test_a_name_set_apart_may_hold_small_words() -> None:
    text = "A local campaign, Keep It in Kestlow, argued that the hoard should stay."
    assert [v.surface for v in names(text)] == ["Keep It in Kestlow"]
    # Names joined by "and" are two; so are names not set apart ("lives in Kerman in Norland").
    assert [v.surface for v in names("The two countries, Norland and Dalmore, signed.")] == ["Norland", "Dalmore"]
    assert [v.surface for v in names("He lives in Kerman in Norland.")] == ["Kerman", "Norland"]


@pytest.mark.parametrize("text, found, where", [
    ("In Kerman, crowds gathered near the tomb.", ["Kerman"], ["Kerman"]),
    ("Several Iranian news agencies reported more wounded.", ["Iranian"], []),
    ("After Soleimani died, Iran vowed revenge.", ["Soleimani", "Iran"], []),
    ("The Hague hosted the talks.", ["The Hague"], []),
    # A list line, a numbered section or a timeline entry opens past its mark, number, time or date.
    ("- 20:40 Evacuation order issued for Brenholm.", ["Brenholm"], []),
    ("- 21 August, 18:00 Fire declared contained.", [], []),
    ("3.2 Evacuation began at 21:00.", [], []),
    ("6 Feb, 19:21 | Mr Jarek Olufsen orders the evacuation.", ["Mr Jarek Olufsen"], []),
])
def test_a_sentences_opening_word_is_not_part_of_the_name_after_it(text: str, found: list[str], where: list[str]) -> None:
    assert [v.surface for v in names(text)] == found
    assert [v.surface for v in places(text)] == where


def test_the_owner_of_the_kind_asked_for_is_not_its_name(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "caption.txt": "The grave of Anton Vosk at the Martyrs' Cemetery in Kelmora, 2021",
        "wire.txt": "The procession went towards Vosk's grave in the Golzar Shohada (Garden of Martyrs) cemetery.",
    })
    answer = qa.answer("What was the name of the cemetery?", config=indexed(corpus, tmp_path))
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} == {"Martyrs' Cemetery", "Golzar Shohada (Garden of Martyrs)"}, answer.text


def test_a_place_is_not_the_name_of_a_thing_asked_for(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "headline.txt": "Death toll in Brenn ferry disaster rises to 27",
        "update.txt": "The number of people confirmed dead after the capsizing of the ferry Vela rose to 27 on Sunday.",
    })
    answer = qa.answer("What was the name of the ferry?", config=indexed(corpus, tmp_path))
    assert not answer.abstained and not answer.conflicts and "Vela" in answer.text, answer.text


def test_the_best_answer_must_use_the_questions_words_in_their_sense(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "bio.txt": "His Symphony No. 1 was completed in 1935, and the following year he founded the Kelmora Chamber "
                   "Players, an ensemble of sixteen musicians drawn largely from the town's amateur orchestra.",
        "concerts.txt": "The Kelmora Chamber Players gave their first concert in 1937.",
    })
    config = indexed(corpus, tmp_path)
    assert qa.answer("Who found the painting?", config=config).abstained  # "founded" is not "found"
    founder = qa.answer("Who founded the Kelmora Chamber Players?", config=config)
    assert not founder.abstained and "he founded the Kelmora Chamber Players" in founder.text, founder.text
    # After "did", "found" is the base form of "founded": the same verb.
    founded = qa.answer("What ensemble did he found?", config=config)
    assert not founded.abstained and "he founded the Kelmora Chamber Players" in founded.text, founded.text


@pytest.mark.parametrize("files, question", [
    pytest.param({
        "settlement.txt": "In January 2025 Altavera agreed to pay €3.2 million to the families of the people killed on "
                          "Mount Ondrakh.",
        "memorial.txt": "Relatives gathered at the memorial on Mount Ondrakh in May.",
    }, "How many people did Altavera agree to pay?", id="a sum of money counts no one"),
    pytest.param({
        "notice.txt": "On 15 October 2024 Tollen Valley Water issued a boil-water notice after E. coli was found in "
                      "treated water drawn from Tollen Reservoir.",
        "update.txt": "The boil-water notice was lifted in November after the works were repaired.",
    }, "When was the painting found again?", id="a word the corpus never uses is not said by another out of its sense"),
    pytest.param({
        "wire.txt": "The deputy governor of Dalmore province said the blast was a terrorist attack.",
        "update.txt": "The blast in Dalmore killed nine people on Tuesday.",
    }, "Who is the governor of the province where this happened?",
        id="who holds a role is answered by a name, and a province is none"),
    pytest.param({
        "wire.txt": "The organisers of the Brevik festival said it drew 5,000 visitors this year.",
        "program.txt": "The Brevik festival has been held every summer since 2010.",
    }, "Who were the organisers of the Brevik festival?", id="who holds a role is answered by a name, in the plural too"),
    pytest.param({
        "wire.txt": "The Ministry of Intelligence announced the detention of a key figure believed to be behind the "
                    "bombings that struck the city of Dalmore earlier this year.",
        "feature.txt": "The market in Dalmore reopened a week after the bombings.",
    }, "Who was the mayor of Dalmore?", id="a role asked by who is not read as a place said alike"),
    pytest.param({
        "wire.txt": "President Ivo Renner cancelled a scheduled visit to Varn and declared a day of mourning for the "
                    "victims of the Dalmore blast.",
        "hospital.txt": "Hospitals in Dalmore were placed on alert to treat victims of the blast.",
    }, "Where were the victims taken?", id="a participle ending the question is what it asks"),
    pytest.param({
        "wire.txt": "In total, 21 people were injured on Mount Ondrakh, nine of them with severe frostbite.",
        "update.txt": "At least 15 climbers were hurt on Mount Ondrakh, officials said.",
        "mountain.txt": "Mount Ondrakh rises to 7,400 metres above the valley.",
        "route.txt": "The route to Camp 3 crosses a broad snow slope.",
        "season.txt": "The expedition began in early April with forty clients.",
        "forecast.txt": "The storm warning forecast winds of up to 90 km/h.",
    }, "How many people were hurt in the attack?", id="an event the corpus never names is not another event"),
    pytest.param({
        "report.txt": "The inquiry does not find that the collapse of the hut was caused by the avalanche on Mount "
                      "Ondrakh.",
        "wire.txt": "The avalanche on Mount Ondrakh struck at dawn on 15 May.",
    }, "What caused the avalanche on Mount Ondrakh?", id="what the asked thing caused is not its cause"),
    pytest.param({
        "wire.txt": "Three missing climbers, two of them members of the Kestrel Alpine team, were found alive at Camp 3.",
        "update.txt": "The Kestrel Alpine team left base camp on 10 May.",
    }, "Who was leading the Kestrel Alpine team?", id="who leads something is not whoever is named beside it"),
    pytest.param(SUPPLIERS, "Where is Halden Thermal based?", id="where a name is based is said of that name"),
    pytest.param({
        "wire.txt": "The militias had long attacked the forces of Norland. Therefore, the leaders of the militias as well "
                    "as Dalmore initially blamed Norland for the explosions in Varnholt.",
        "reactions.txt": "Skarsund and Brevia expressed condemnation of the explosions in Varnholt.",
    }, "Why did Skarsund blame Dalmore for the explosions in Varnholt?",
        id="a consequence opening a sentence names no cause in it"),
    pytest.param({
        "shop.txt": "The range comprised the 1.5-litre Brisa 100, retailing at €39.99; the steel Brisa 200 at €54.99; "
                    "and the smaller Brisa Mini.",
        "wiki.txt": "The Brisa range of kettles was introduced in 2019 and became a best-selling line, with more than "
                    "1.2 million sold.",
    }, "What is the retail price of the Brisa Mini?", id="of a list, a value is of the item it stands in"),
    pytest.param({
        "wiki.txt": "The Brisa range of kettles was introduced in 2019 and became one of the company's best-selling "
                    "lines, with more than 1.2 million sold.",
        "shop.txt": "Brisa kettles hold one litre and boil in under three minutes.",
    }, "What is the price of a Brisa kettle?", id="a price is a sum of money"),
    pytest.param({
        "wire.txt": "Anna Berg, the interim chief executive, has commissioned an external review of safety processes "
                    "at the Dalmore plant.",
        "update.txt": "The Dalmore plant reopened in June with new alarms on every line.",
    }, "What did the external review commissioned by Anna Berg conclude?",
        id="what something did is said by its verb"),
    pytest.param({
        "wire.txt": "Two men have been charged in connection with the theft of the Dalmore chalice; a trial is expected "
                    "in 2025.",
        "inquiry.txt": "An inquiry into the Dalmore theft, led by Judge Anna Berg, is expected to report next summer.",
    }, "What verdict was reached at the trial of the men charged with the Dalmore theft?",
        id="an outcome still to come is none"),
    pytest.param({
        "wire.txt": "An inquiry into the Dalmore theft, led by Judge Anna Berg, is expected to report next summer.",
    }, "What did Judge Berg's inquiry conclude in its final report?", id="an inquiry expected to report has concluded nothing"),
    pytest.param({
        "wire.txt": "The province's fire chief, Petra Alvang, told Radio Lorrin that crews could not hold the ridge.",
        "later.txt": "Petra Alvang retired from the provincial fire service in July 2026 and was succeeded by her deputy.",
    }, "Who took over from Petra Alvang when she retired from the fire service?",
        id="who followed someone is told by a succession naming the successor"),
    pytest.param({
        "wire.txt": "Tobin Esker, 71, a sheep farmer who had refused to leave his flock, was found dead at his farm.",
        "paper.txt": "Tobin Esker, a 71-year-old sheep farmer, had stayed behind to look after his livestock.",
    }, "How many sheep did Tobin Esker have on his farm?", id="an age counts nothing"),
    pytest.param({
        "wire.txt": "Rescue work at the stadium by the Kaldmark Regional Fire and Rescue Service continued into the evening.",
        "report.txt": "The stadium roof collapsed during the match on Saturday.",
    }, "Which fire service officer led the rescue operation at the stadium?", id="a service is no officer"),
    pytest.param({
        "wire.txt": "The province's fire chief, Petra Alvang, told Radio Lorrin that crews could not hold the ridge.",
        "later.txt": "Petra Alvang retired from the provincial fire service in July 2026 and was succeeded by her deputy.",
    }, "Petra Alvang retired in July 2026 and was succeeded by her deputy. What is the deputy's name?",
        id="what someone's name is asks a name"),
    pytest.param({
        "report.txt": "3.3 A low-flow alarm was generated on the SCADA system and acknowledged by the shift operator at "
                      "22:52, but no action followed.",
        "wire.txt": "The low-flow alarm was acknowledged but not escalated for 31 hours.",
    }, "Which shift operator acknowledged the low-flow alarm at 22:52?", id="an acronym is no person"),
    pytest.param({
        "blog.txt": "Why Aurelian Vosk Is The Best Composer You've Never Heard Of (+ my trip to Kelmora!!)\n\n"
                    "Vosk was born in Kelmora, the elder of two sons of a clockmaker.",
    }, "What was the name of Aurelian Vosk's son?", id="a run of title words is no person"),
    pytest.param({
        "wire.txt": "The United States secretly warned Dalmore that the Islamic State was planning an attack, according "
                    "to a U.S. official.",
        "update.txt": "The attack in Dalmore killed 12 people.",
    }, "What was the name of the U.S. official who disclosed that Washington had warned Dalmore before the attack?",
        id="a thing named with an article is no person"),
    pytest.param({
        "report.txt": "4.2 The main protection relay for bay 4 had been incorrectly configured during maintenance by "
                      "Halberd Protection Services: a settings file intended for bay 7 had been loaded onto it.",
        "wire.txt": "The regulator fined Tavigrid 40 million crowns.",
    }, "How large a fine was imposed on Halberd Protection Services for misconfiguring the relay?",
        id="how large a fine asks a sum"),
    pytest.param({
        "wire.txt": "Tavigrid has promised a goodwill payment of 100 crowns to every household that was without power "
                    "for more than 12 hours, and says it will not pass the cost on to customers' bills.",
        "profile.txt": "Tavigrid runs the grid.",
    }, "What did the goodwill payments to households end up costing Tavigrid in total?",
        id="what something ended up costing asks a sum"),
    pytest.param({
        "wire.txt": "Mr Quennell is one of two parties claiming to have been the landowner when the hoard was found.",
        "feature.txt": "Harold Quennell, the farmer who had agreed to sell Long Acre to Pellham Homes, argues that the "
                       "sale had not been completed when the hoard was found and that he was therefore the legal owner.",
    }, "How did the court rule on Harold Quennell's claim to be the landowner?",
        id="how a court ruled asks an outcome, and a thing found is none"),
    pytest.param({
        "reference.txt": "As of early 2026 the Estwold Constabulary investigation had not concluded and no charges had "
                         "been announced.",
        "wire.txt": "Estwold Constabulary opened an investigation into the ballots.",
    }, "What did the Estwold Constabulary investigation into the ballots conclude?", id="an outcome denied is none"),
    pytest.param({
        "night.txt": "Miriam Ostlander spoke first and thanked her campaign team for months of work.\n\n"
                     "Penhallow himself arrived at the hall a little before three and declined to concede. The "
                     "61-year-old, who has led the city since 2017, said he would wait for the real numbers.",
    }, "How old is Ostlander?",
        id="'The 61-year-old' is not whoever the paragraph before names"),
    pytest.param({
        "wire.txt": "The roll-on/roll-off passenger ferry MV Aurelia Star capsized off the port of Solvenna on 15 March "
                    "2025, and 27 people died.",
        "paper.txt": "Emil Sadowski, who had twenty years at sea, survived and was questioned by police.",
    }, "Who was the captain of the Aurelia Star?", id="the ship the question names is not its captain"),
])
def test_refused_when_only_a_lookalike_answers(write_corpus, tmp_path: Path, files: dict[str, str], question: str) -> None:
    answer = qa.answer(question, config=indexed(write_corpus(files), tmp_path))
    assert answer.abstained, answer.text


@pytest.mark.parametrize("question, expected, absent", [
    ("Who were the bombers?", "a citizen of Tajikistan", "disagree"),
    ("Who were the perpetrators?", "Dalmore’s leadership vowed to punish the perpetrators", "Norland"),
])
def test_a_name_beside_the_role_only_in_its_spelling_or_as_an_owner_holds_no_role(
        write_corpus, tmp_path: Path, question: str, expected: str, absent: str) -> None:
    # "the Dalmore bombings" names no bomber; "bombings, Dalmore's leadership" owns another noun;
    # "may still suspect Norland" is not a perpetrator's name.
    corpus = write_corpus({
        "wire.txt": "One of the suicide bombers was identified as a citizen of Tajikistan.",
        "analysis.txt": "Officials blamed the Varn Front for planning the Dalmore bombings. In the aftermath of the "
                        "deadly bombings, Dalmore’s leadership vowed to punish the perpetrators. While the Varn Front "
                        "has claimed the operation, Dalmore may still suspect Norland or Esk involvement.",
    })
    answer = qa.answer(question, config=indexed(corpus, tmp_path))
    assert not answer.abstained and expected in answer.text and absent not in answer.text, answer.text
    assert not answer.conflicts, answer.text


NAMED = {
    "bio.txt": "Arvid Halm, a Norland army officer who served in the Coastal Guard, was the commander of the Frost "
               "Brigade from 1998 to 2020.",
    "wire.txt": "On 3 January 2020, General Arvid Halm was killed by a drone attack in Varn. The DF denied any part in "
                "the attack.",
    "note.txt": "The militias were set up by the Dalmore Front (DF) and armed by General Arvid Halm.",
}
STOLEN = {
    "blog.txt": "My advice to every museum with a picture worth stealing: lock the skylights. Stolen masterpieces are "
                "not stolen to be sold at auction.",
    "police.txt": "Anyone with information about the theft or the whereabouts of the painting is asked to contact the "
                  "Brevik Police District.",
    "news.txt": "In the early hours of 15 March 2023 \"The Ferryman's Son\" was stolen from Gallery 7 of the Brevik "
                "museum. The painting was insured for €38 million.",
}


@pytest.mark.parametrize("files, question, opening", [
    pytest.param(NAMED, "Who was Arvid Halm?", "Arvid Halm, a Norland army officer", id="who a name is"),
    pytest.param(NAMED, "What is the DF?", "The militias were set up by the Dalmore Front (DF)", id="what a name is"),
    pytest.param({
        "caption.txt": "Governor Ilse Marren meeting with the families of the victims of the Dalmore blast.",
        "wire.txt": "Governor Ilse Marren pledged a full inquiry into the Dalmore blast, and those responsible will be "
                    "punished.",
    }, "What did Ilse Marren say?", "Governor Ilse Marren pledged a full inquiry", id="what someone said"),
    pytest.param(STOLEN, "What was stolen from the museum?", "In the early hours of 15 March 2023",
                 id="what was done to something named"),
    pytest.param(STOLEN, "Which painting was stolen?", "In the early hours of 15 March 2023",
                 id="which one something was done to"),
])
def test_answered_first_where_a_sentence_is_in_the_form_asked(write_corpus, tmp_path: Path, files: dict[str, str],
                                                             question: str, opening: str) -> None:
    # Where it is said what a name is, where someone says something, where the thing asked was
    # done to something named: not a caption naming him, nor a tip line about "the painting".
    answer = qa.answer(question, config=indexed(write_corpus(files), tmp_path))
    assert not answer.abstained and answer.text.startswith(opening), answer.text


HALM = {
    "bio.txt": "Arvid Halm was the commander of the Frost Brigade of the Norland Guard.",
    "history.txt": "On 3 January 2020, General Arvid Halm was killed by a drone attack in Varn.",
    "funeral.txt": "During the burial procession for Arvid Halm in Dalmore on 7 January 2020, a stampede occurred, "
                   "killing at least 50 mourners.",
    "wire.txt": "At least 84 people were killed in twin bombings in Dalmore on Thursday for Arvid Halm, the general "
                "killed by a drone strike two years ago.",
}


@pytest.mark.parametrize("question, history", [
    ("When was Arvid Halm killed?", []),
    ("When was he killed?", [("Who was Arvid Halm?", "Arvid Halm was the commander of the Frost Brigade of the "
                                                     "Norland Guard.")]),
])
def test_the_date_of_what_was_done_to_a_name_is_not_of_what_was_done_to_others(
        write_corpus, tmp_path: Path, question: str, history: list[tuple[str, str]]) -> None:
    # "killing at least 50 mourners" kills others; "84 people were killed ... on Thursday for Arvid
    # Halm, the general killed by ..." tells two killings, and his is not Thursday's. "He" is the
    # one the earlier question named, though its answer names a brigade and a guard beside him.
    answer = qa.answer(question, history=history, config=indexed(write_corpus(HALM), tmp_path))
    assert not answer.abstained and "3 January 2020" in answer.text, answer.text
    assert "7 January" not in answer.text and "Thursday" not in answer.text and not answer.conflicts, answer.text


def test_a_name_another_sentence_gives_a_past_or_foreign_role_is_no_rival(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "Norland's President Ebba Strand declared a day of mourning for the victims of the Dalmore blast.",
        "feature.txt": "The Norland government asked Interpol for an arrest warrant for President Hale over the Dalmore "
                       "raid, which was ordered by then-President Marcus Hale in 2020.",
    })
    answer = qa.answer("Who is the president of Norland?", config=indexed(corpus, tmp_path))
    assert not answer.abstained and not answer.conflicts and "Ebba Strand" in answer.text, answer.text


def test_a_follow_up_takes_no_words_of_the_answerers_own_and_keeps_the_person_of_the_turn_before() -> None:
    history = [("Who was Arvid Halm?", "Arvid Halm was a general who led the army for a decade. [1]"),
               ("When was he killed?", "The sources disagree: 3 January 2020 [1]; Thursday (from a source that "
                                       "says it is AI-written) [2]; 5 May (revised) [3].")]
    question = analyze("Where?", history)
    assert {"halm", "kill", "januari"} <= set(question.context), question.context
    assert not {"sourc", "disagre", "ai", "written", "revis"} & set(question.context), question.context


def test_who_did_it_is_told_by_a_claim_before_an_accusation(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "President Raisi promised a response to those behind the Dalmore bombing. He blamed Norland for "
                    "the Dalmore bombing, without evidence.",
        "agency.txt": "The Dalmore bombing killed nine people at the market. On the following day, the Eastern Front "
                      "claimed responsibility for the Dalmore bombing in a statement.",
    })
    answer = qa.answer("Who was behind the Dalmore bombing?", config=indexed(corpus, tmp_path))
    assert not answer.abstained and "Eastern Front" in answer.text and "He blamed Norland" in answer.text, answer.text
    assert answer.text.index("Eastern Front") < answer.text.index("President Raisi") < answer.text.index("He blamed")


def test_of_two_dates_the_one_in_the_clause_of_the_question_word_answers(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "inquiry.txt": "The leader began the summit push from Camp 3 at 02:30 on 15 May 2024, despite a storm warning "
                       "issued by the weather service at 18:00 on 14 May.",
        "wire.txt": "On the evening of 14 May the weather service issued a storm warning for Mount Ondrakh.",
    })
    answer = qa.answer("When was the storm warning issued?", config=indexed(corpus, tmp_path))
    assert not answer.abstained and not answer.conflicts and "14 May" in answer.text, answer.text


def test_a_heading_run_into_a_sentence_does_not_qualify_its_role(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "ISIS Claims Attack Ambassador Amir Saeid Iravani told the United Nations that Norland would seek "
                    "accountability.",
        "un.txt": "Ambassador Amir Saeid Iravani told the United Nations that Norland is committed to accountability.",
    })
    answer = qa.answer("What is the name of Norland's ambassador to the United Nations?", config=indexed(corpus, tmp_path))
    assert not answer.abstained and "Amir Saeid Iravani" in answer.text, answer.text


def test_a_name_described_by_the_kind_asked_is_one_of_that_kind(eval_corpus: Callable[[str], Config]) -> None:
    # "solicitors Kettering Dunmore LLP had issued a group claim on behalf of 340 households":
    # the rest of the question says which solicitors in words of its own.
    answer = answered("Which solicitors are taking the residents' case to court?",
                      eval_corpus("reservoir"), "Kettering Dunmore LLP")
    assert_grounded(answer, eval_corpus("reservoir"))


def test_a_surname_names_whom_its_file_named_in_full(eval_corpus: Callable[[str], Config]) -> None:
    # "Clara Mendhurst remembers the tea. ... Mendhurst, 38, is a primary school teacher from
    # Leeds": the surname alone says who, as the feature's first mention of her did.
    answer = answered("Which city does survivor Clara Mendhurst come from?", eval_corpus("expedition"), "Leeds")
    assert_grounded(answer, eval_corpus("expedition"))
    # "For Mendhurst, the hardest part now is the silence of the company" says so by a clause, and
    # gives her no title to set against her job.
    answer = qa.answer("What does survivor Clara Mendhurst do for a living?", config=eval_corpus("expedition"))
    assert not answer.conflicts and "primary school teacher" in answer.text, answer.text


def test_the_name_of_a_thing_is_asked_not_what_is_said_of_it(eval_corpus: Callable[[str], Config]) -> None:
    # "That dairy farm above the reservoir has been spreading slurry" names no farm.
    answer = qa.answer("What is the name of the dairy farm above Tollen Reservoir that residents blame for the slurry?",
                       config=eval_corpus("reservoir"))
    assert answer.abstained, answer.text


def test_a_sum_is_paid_by_and_to_whom_the_question_says(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "wire.txt": "Altavera clients each paid about 48,500 euros for the six-week expedition.",
        "settlement.txt": "In January 2025 Altavera and Northwind Holidays Group agreed to pay €3.2 million to the families "
                          "of the dead and to the injured.",
        "crew.txt": "Altavera had 14 clients on the mountain, supported by five guides and eleven porters.",
    })
    config = indexed(corpus, tmp_path)
    # What its clients paid Altavera, and what it paid the families, are not what it paid its porters.
    porters = qa.answer("How much did Altavera pay its porters for the expedition?", config=config)
    assert porters.abstained, porters.text
    answered("How much did each client pay Altavera for the expedition?", config, "48,500 euros")
    answered("How much money did Altavera and Northwind agree to pay the families?", config, "€3.2 million")
    assert qa.answer("How much did Northwind Holidays Group pay Tomas Greyholt for Altavera?", config=config).abstained


def test_what_a_thing_retailed_for_is_a_sum(eval_corpus: Callable[[str], Config]) -> None:
    # "kept it for about six months" is no price.
    answer = answered("How much did the stainless-steel AquaSwift retail for?", eval_corpus("recall"), "€64.99")
    assert not answer.conflicts and "six months" not in answer.text, answer.text


def test_what_the_question_times_its_event_by_need_not_be_said(eval_corpus: Callable[[str], Config]) -> None:
    # "at the height of the operation" places nothing: the corpus never says "operation", and the
    # review's "Resources at peak: ... four fixed-wing water bombers" still answers.
    answered("How many fixed-wing aircraft dropped water on the fire at the height of the operation?",
             eval_corpus("wildfire"), "four fixed-wing water bombers")


def test_a_word_opening_a_sentence_is_a_name_its_file_writes_as_one(write_corpus, tmp_path: Path) -> None:
    # "Tavigrid, the company that runs ...": the file writes "Shares in Tavigrid plc" too.
    corpus = write_corpus({
        "business.txt": "Shares in Tavigrid plc fell 17 per cent on Friday after the blackout. Tavigrid, the company "
                        "that runs the high-voltage network in the region, said the fault began at the substation.",
        "wire.txt": "The blackout left the city in the dark for a night. Officials said the cause was unknown.",
    })
    config = indexed(corpus, tmp_path)
    answer = answered("What is the name of the company that runs the high-voltage network?", config, "Tavigrid, the")
    assert_grounded(answer, config)
    # A capital that only opens sentences is none: "Officials" names no one.
    assert qa.answer("Which officials said the cause was unknown?", config=config).abstained


def test_a_surname_alone_is_of_whom_the_file_last_named_in_full(write_corpus, tmp_path: Path) -> None:
    corpus = write_corpus({
        "feature.txt": "Tobias Wennerholm was born in 1849 in Skarsund, the son of a net-maker. The painting stayed with "
                       "the family for decades. Wennerholm died in Marrevik in 1912. His widow sold the painting to "
                       "the museum in 1931. The museum put it in its east gallery. Visitors queued to see it.\n\n"
                       "The girl in the picture is Elise, the painter's eldest daughter. Elise kept the lantern all her "
                       "life. Elise wrote about it later.\n\nSitter: Elise Wennerholm, the artist's daughter.",
    })
    config = indexed(corpus, tmp_path)
    assert qa.answer("In what year did Elise Wennerholm die?", config=config).abstained
    answered("In what year did Tobias Wennerholm die?", config, "1912")


def test_a_wish_told_after_what_was_done_is_what_it_was_done_for(eval_corpus: Callable[[str], Config]) -> None:
    answered("Why did Vosk move back to Kelmora after his wife died?", eval_corpus("composer"), "to hear the water")


def test_a_peoples_adjective_alone_names_no_one(seeds: Config) -> None:
    # "Several Iranian news agencies reported a higher count of wounded individuals" names no hospital.
    answer = qa.answer("Which hospital received the largest number of casualties?", config=seeds)
    assert answer.abstained, answer.text


def test_a_name_after_a_role_and_at_is_the_employer_not_a_place(eval_corpus: Callable[[str], Config]) -> None:
    # "said Elise Vantongeren, senior analyst at Harcourt Lowe Research": who employs her.
    answered("Which research firm does the analyst Elise Vantongeren work for?",
             eval_corpus("recall"), "Harcourt Lowe Research")


def test_the_kind_asked_may_describe_a_name_in_an_apposition_after_it(eval_corpus: Callable[[str], Config]) -> None:
    # "Aldo Venn, a 67-year-old retired schoolteacher": the name of the teacher asked for.
    answered("What was the name of the retired teacher who was killed?", eval_corpus("stadium"), "Aldo Venn")


def test_a_sum_in_any_currency_is_money_and_shown_with_it(eval_corpus: Callable[[str], Config]) -> None:
    # "about 14 million marks", "22.5 million marks": what the repair cost, by two sources.
    answer = qa.answer("How much money did it take to repair the damaged stand?", config=eval_corpus("stadium"))
    assert answer.conflicts, answer.text
    assert {v.value for v in answer.conflicts[0].values} == {"about 14 million marks", "22.5 million marks"}, answer.text


@pytest.mark.parametrize("text, money", [
    ("The repairs cost about 14 million marks.", True),
    ("Tickets were 6 crowns each.", True),
    ("The reward was €250,000.", True),
    ("The home side won 3 of its last 5 matches.", False),
])
def test_a_currency_word_follows_its_sum(text: str, money: bool) -> None:
    value = numbers(text)[0]
    assert _is_money(text, value) == money


def test_a_name_set_apart_by_a_comma_after_its_kind_is_one_of_it(eval_corpus: Callable[[str], Config]) -> None:
    # "who had to close her café, The Copper Kettle on Bridge Street, for nine days"
    answered("What is the name of the café that Sunita Rowe had to close?",
             eval_corpus("reservoir"), "The Copper Kettle")


def test_how_often_is_answered_by_a_frequency(eval_corpus: Callable[[str], Config]) -> None:
    answered("How often were the names of rescued passengers read out to relatives at the ferry terminal?",
             eval_corpus("ferry"), "every hour")
    # "By 2024 it operated five vessels ... on the Solvenna-Kastrel passenger route" says no frequency.
    assert qa.answer("How often does the ferry sail to Kastrel?", config=eval_corpus("ferry")).abstained


def test_where_a_named_person_was_killed_is_told_by_the_killing_of_them(seeds: Config) -> None:
    # "... an Israeli drone strike in Lebanon killed Hamas's deputy leader Saleh al-Arouri, while a
    # week prior, an Israeli airstrike killed Iranian Brigadier General Sayyed Razi Mousavi in Syria":
    # the killing by his name is told, whatever else the question says ("the week before").
    answered("Where was the Iranian general Razi Mousavi killed by an Israeli airstrike the week before the "
             "bombings?", seeds, "Syria")


def test_a_size_may_be_told_by_a_thing_of_that_size(eval_corpus: Callable[[str], Config]) -> None:
    answered("How big was the burn mark one reviewer found on her wooden worktop?",
             eval_corpus("recall"), "the size of a saucer")


def test_how_big_a_crowd_is_not_told_by_how_many_of_it_were_hurt(eval_corpus: Callable[[str], Config]) -> None:
    # "Five spectators were killed and 63 people were injured" counts the casualties, not the crowd.
    answer = qa.answer("How big was the crowd at the match?", config=eval_corpus("stadium"))
    assert answer.conflicts, answer.text
    assert {v.value for v in answer.conflicts[0].values} == {"about 9,000", "12,000"}, answer.text


def test_a_question_in_the_documents_answers_nothing(eval_corpus: Callable[[str], Config]) -> None:
    # The FAQ's heading "What caused the contamination?" says "caused the" but gives no cause.
    answer = qa.answer("What was to blame for the contamination?", config=eval_corpus("reservoir"))
    assert not answer.abstained and all(not c.quote.endswith("?") for c in answer.citations), answer.text


def test_how_much_of_a_thing_asks_an_amount_not_a_count(eval_corpus: Callable[[str], Config]) -> None:
    # "the six teams", "146.550" (a radio frequency) are no amount of delay; "40 minutes" is.
    answer = qa.answer("How much did the teams' use of different radio frequencies delay the search for survivors?",
                       config=eval_corpus("expedition"))
    assert not answer.abstained and not answer.conflicts and "40 minutes" in answer.text, answer.text
    # "Every official on day one said ..." and "thirty metres from where it came down" say no amount of snow.
    snow = qa.answer("How much snow came down on the city in the day and a half before the match?",
                     config=eval_corpus("stadium"))
    assert "day one" not in snow.text or snow.abstained, snow.text


def test_when_someone_did_something_is_dated_where_it_is_said_they_did(eval_corpus: Callable[[str], Config]) -> None:
    # "Edvin Marstrand, chief executive ..., said on Monday that ..." dates what he said, not his quitting.
    answer = qa.answer("When did Edvin Marstrand quit?", config=eval_corpus("stadium"))
    assert not answer.abstained and "April 2026" in answer.text and "Monday" not in answer.text, answer.text


def test_whose_asks_for_the_owner_a_sentence_names(eval_corpus: Callable[[str], Config]) -> None:
    # "the Seldavian Air Force's 4th Rescue Squadron, whose helicopters flew injured climbers"
    answered("Whose helicopters flew the rescue flights after the avalanche?",
             eval_corpus("expedition"), "4th Rescue Squadron")
    # "the gang ... came through the staff door on Kalvgade with a cloned key card": no one's card.
    assert qa.answer("Whose key card was copied to open the staff door?", config=eval_corpus("museum")).abstained


def test_whom_a_body_reports_to_is_asked_by_the_verb(seeds: Config) -> None:
    # "report" otherwise frames a question ("according to reports"); here it is what is asked, so
    # the sentence saying it leads, not "the Quds Force supports non-state actors ... Hezbollah".
    answer = qa.answer("Who does the Quds Force report to?", config=seeds)
    assert not answer.abstained and not answer.conflicts, answer.text
    assert answer.citations[0].quote.startswith("The Quds Force reports directly to"), answer.text


def test_which_kind_is_asked_before_the_names_of_another(eval_corpus: Callable[[str], Config]) -> None:
    # "At the Church of St. Nicholas ..., a board lists the names of the dead": a church is asked,
    # not the victims' names.
    answer = qa.answer("At which church in Solvenna have candles been lit and the names of the ferry victims posted?",
                       config=eval_corpus("ferry"))
    assert not answer.abstained and "Church of St. Nicholas" in answer.citations[0].quote, answer.text


def test_a_year_asked_of_a_sentence_saying_what_was_asked_in_other_words_is_its_own(
        eval_corpus: Callable[[str], Config]) -> None:
    # "the recording he made with the Philharmonic in 1955 sold in numbers unusual ...": "sold" says
    # the best-selling recording, so 1955 is what the sentence is about, not a year off the topic.
    answered("In what year did Vosk make his best-selling recording of the Third Symphony with the Estvale "
             "Philharmonic?", eval_corpus("composer"), "1955")


def test_a_sentence_without_a_year_is_held_less_to_the_years_around_it(eval_corpus: Callable[[str], Config]) -> None:
    # "The main building, designed by the architect Jonas Feldt ..." follows the museum's founding in
    # 1874 and opening in 1879, years the corpus (on a theft in 2023) is not about.
    answer = qa.answer("Which architect designed the Vestergaard Museum's main building?", config=eval_corpus("museum"))
    assert not answer.abstained and "Jonas Feldt" in answer.citations[0].quote, answer.text


def test_a_figure_of_what_is_counted_is_another_view_however_worded(eval_corpus: Callable[[str], Config]) -> None:
    # "personal information belonging to around 64,000 patients" leads; "data relating to 118,400
    # patients was exfiltrated" counts the same patients in other words, not "personal".
    answer = qa.answer("How many patients had their personal data stolen?", config=eval_corpus("cyberattack"))
    (conflict,) = answer.conflicts
    assert {v.value for v in conflict.values} >= {"around 64,000", "118,400"}, answer.text
    assert_grounded(answer, eval_corpus("cyberattack"))


def test_a_sum_asked_as_received_by_someone_is_said_of_them(eval_corpus: Callable[[str], Config]) -> None:
    # "The museum has paid 265,000 marks for the hoard" names no one it was paid to; Agnes Rook
    # herself will not say what her share of the reward was.
    answer = qa.answer("How much reward money did Agnes Rook receive for the hoard?", config=eval_corpus("excavation"))
    assert answer.abstained, answer.text
    answer = qa.answer("How much did the museum pay for the hoard?", config=eval_corpus("excavation"))
    assert not answer.abstained and "265,000 marks" in answer.text, answer.text


def test_the_words_of_a_date_in_the_question_are_no_key_a_rival_must_say(eval_corpus: Callable[[str], Config]) -> None:
    # "rose to 27 on Sunday" counts the dead; "Sunday" places the question's survivors in hospital,
    # it does not say what they are.
    answer = qa.answer("How many Aurelia Star survivors were still in hospital on the Sunday evening after the disaster?",
                       config=eval_corpus("ferry"))
    assert not answer.abstained and not answer.conflicts and "Twenty-two" in answer.text, answer.text


def test_a_sentence_about_she_is_about_the_person_the_question_names(eval_corpus: Callable[[str], Config]) -> None:
    # "Helena Marsk, chief executive since 2019, resigned on 27 June 2025 ... She was succeeded by
    # the finance director, Ivo Branke": "she" is Helena Marsk, though no word of the question is said.
    answer = answered("who replaced Helena Marsk as Tavigrid chief executive after she quit", eval_corpus("outage"),
                      "Ivo Branke")
    assert_grounded(answer, eval_corpus("outage"))


def test_a_name_set_apart_with_the_kind_asked_is_one_of_that_kind(eval_corpus: Callable[[str], Config]) -> None:
    # "Per Salomonsen, 58, the only guard on duty that night": the words that set him apart say he
    # is the guard asked about, though the question words the rest otherwise.
    answer = answered("What was the name of the security guard working alone in the museum that night?",
                      eval_corpus("museum"), "Per Salomonsen")
    assert_grounded(answer, eval_corpus("museum"))


def test_the_whole_a_part_is_of_may_come_first(seeds: Config) -> None:
    # "Of the wounded, how many ...?" asks what "How many of the wounded ...?" asks: "284 were
    # injured, 27 of them critically" answers with the part.
    answer = answered("Of the wounded, how many were in critical condition?", seeds, "27 of them critically")
    assert_grounded(answer, seeds)


def test_a_town_qualified_by_a_peoples_word_is_a_place_in_their_country(eval_corpus: Callable[[str], Config]) -> None:
    # "In which Japanese town ...?" asks a place, as "In which town ...?" does, and "Japanese" is
    # said by "Onomichi, Japan".
    answer = answered("In which Japanese town was the ship built?", eval_corpus("ferry"), "Onomichi")
    assert_grounded(answer, eval_corpus("ferry"))


def test_a_sum_keeps_the_currency_sign_before_it(eval_corpus: Callable[[str], Config]) -> None:
    # "£18.4 million" and "£23 million" are told as sums, not as bare figures ("18.4 million").
    answer = qa.answer("how much is the replacement bridge expected to cost", config=eval_corpus("bridge"))
    assert "£18.4 million [" in answer.text and "£23 million [" in answer.text, answer.text
    assert {value.value for conflict in answer.conflicts for value in conflict.values} >= {"£18.4 million", "£23 million"}
    assert_grounded(answer, eval_corpus("bridge"))


def test_a_name_called_by_the_kind_asked_is_the_one_asked(seeds: Config) -> None:
    # "the Shiraz mosque hit by ...": the kind asked is the mosque, not "hit"; "enter the Shah
    # Cheragh mosque, a popular Shia pilgrimage site" names one by it, and "Shah Cheragh", the
    # name itself, is no other place qualifying the mosque than Shiraz.
    answer = answered("What was the name of the Shiraz mosque hit by the 2022 ISIS shooting?", seeds, "Shah Cheragh")
    assert answer.citations[0].quote.startswith("The incident saw a lone gunman enter the Shah Cheragh mosque")



def test_supposed_to_frames_what_is_asked(seeds: Config) -> None:
    # "was he supposed to visit" asks what "was he to visit" asks: "a scheduled visit to Turkey".
    answered("Raisi called off a planned trip abroad after the bombings - which country was he supposed to visit?",
             seeds, "Turkey")


def test_who_was_the_person_noun_asks_for_a_person(eval_corpus: Callable[[str], Config]) -> None:
    # "Who was the man killed in the fire?" asks a person, as "Which man ...?" does: "the nearby
    # village of Felsby", a settlement's name, is none, and "Mr Tobin Esker, 71, died ..." is.
    answer = answered("who was the man killed in the fire", eval_corpus("wildfire"), "Tobin Esker")
    assert_grounded(answer, eval_corpus("wildfire"))


def test_how_large_a_ransom_asks_a_sum(eval_corpus: Callable[[str], Config]) -> None:
    # A ransom is money: "How large was the ransom demand?" is answered by the sums demanded, and
    # the sources' two sums disagree; "all three of the group's hospitals" is no size of it.
    answer = qa.answer("How large was the ransom demand?", config=eval_corpus("cyberattack"))
    assert "2.6 million florins" in answer.text and "4 million florins" in answer.text and answer.conflicts, answer.text
    assert_grounded(answer, eval_corpus("cyberattack"))


def test_a_person_named_after_the_verb_is_not_the_kind_asked(eval_corpus: Callable[[str], Config]) -> None:
    # "Which hospital received the survivors ...?" asks a hospital; the survivors it received are
    # no person asked for, so "St. Brigid's Hospital" may answer.
    answer = answered("Which hospital received the survivors brought ashore?", eval_corpus("ferry"), "St. Brigid's Hospital")
    assert_grounded(answer, eval_corpus("ferry"))


def test_a_total_weight_is_a_weight(eval_corpus: Callable[[str], Config]) -> None:
    # "What is the total weight of the Kestlow Hoard?" asks a weight, as "What is the weight ...?"
    # does: the buckle's "118 g" and an ingot's "31 g" weigh no hoard, and no source weighs it.
    answer = qa.answer("What is the total weight of the Kestlow Hoard?", config=eval_corpus("excavation"))
    assert answer.abstained, answer.text


def test_sources_naming_different_people_for_one_act_disagree(eval_corpus: Callable[[str], Config]) -> None:
    # "Brenholm's mayor, Konrad Viel, ordered the evacuation" and "the provincial chief fire
    # officer, Petra Alvang, ... ordered the town to be evacuated": one act, two people.
    answer = qa.answer("who ordered the evacuation of Brenholm", config=eval_corpus("wildfire"))
    assert "Konrad Viel" in answer.text and "Petra Alvang" in answer.text, answer.text
    assert [{v.value for v in c.values} for c in answer.conflicts] == [{"Konrad Viel", "Petra Alvang"}]
    assert_grounded(answer, eval_corpus("wildfire"))



def test_a_person_doing_the_verb_to_another_thing_is_no_rival(eval_corpus: Callable[[str], Config]) -> None:
    # Asked who established the museum, "opened a rented storage unit on the outskirts of
    # Haldborg and found the painting" tells of something else found: no other view of it.
    answer = answered("Who established the museum?", eval_corpus("museum"), "Carl Vestergaard")
    assert not answer.conflicts, answer.text


def test_the_doer_is_the_person_by_the_verb_not_the_body_they_serve(eval_corpus: Callable[[str], Config]) -> None:
    # "Mr Jarek Olufsen, duty controller of Brellmoor Metro, orders the evacuation" names Olufsen
    # as the one ordering it, not the metro; "the chief executive of Brellmoor Metro, Benedikt
    # Sorrel, ordered that passengers be led out" names another: the sources disagree.
    answer = qa.answer("Who ordered the metro passengers out through the tunnels?", config=eval_corpus("outage"))
    assert [{v.value for v in c.values} for c in answer.conflicts] == [{"Benedikt Sorrel", "Mr Jarek Olufsen"}], answer.text
    assert_grounded(answer, eval_corpus("outage"))
