"""Extractive answers over the shared corpus: the right document and printed page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answers.extractive import ExtractiveAnswerer
from assistant.ingest.chunk import split_sentences
from assistant.search.retrieve import Retriever
from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.folder import Store
from tests.conftest import DEV_SET, index_texts


@pytest.fixture(scope="module")
def answerer(corpus_index: Settings, embedder: SentenceTransformerEmbedder) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(Retriever(Store(corpus_index.index).open(), embedder))


def _dev(item_id: str) -> dict:
    for line in DEV_SET.read_text().splitlines():
        item = json.loads(line)
        if item["id"] == item_id:
            return item
    raise KeyError(item_id)


@pytest.mark.parametrize("item_id", ["d004", "d005", "d015", "d017", "d021", "d029"])
def test_answers_cite_the_gold_document_and_printed_page(
    answerer: ExtractiveAnswerer, item_id: str
) -> None:
    item = _dev(item_id)
    answer = answerer.answer(item["question"])
    assert not answer.refused
    (gold,) = item["gold"]
    cited = [(c.document.file, label) for c in answer.citations for label in c.labels]
    assert any(f == gold["file"] and label in gold["pages"] for f, label in cited), cited
    # every answer sentence is verbatim from its cited passage
    numbers = {c.number: c for c in answer.citations}
    for sentence, number in answer.sentences:
        assert sentence in numbers[number].passage
        assert sentence in numbers[number].quotes


def test_a_sentence_on_the_second_page_of_a_chunk_cites_the_second_page(
    answerer: ExtractiveAnswerer,
) -> None:
    version = answerer.retriever.version
    doc = next(d for d in version.documents() if d.file.startswith("nix-wolfe-2018-ferguson"))
    two_page = [
        c
        for c in version.chunks(version.chunk_ids([doc.id])).values()
        if len(c.spans) == 2
        and c.spans[0].label is not None
        and c.spans[1].end - c.spans[1].start > 300
    ]
    chunk = two_page[0]
    second = chunk.spans[1]
    page_text = chunk.text[second.start : second.end]
    sentences = [page_text[a:b] for a, b in split_sentences(page_text)]
    sentence = next(s for s in sentences[1:] if len(s.split()) > 12)
    answer = answerer.answer(sentence)
    assert answer.sentences[0][0] == sentence
    citation = answer.citations[answer.sentences[0][1] - 1]
    assert citation.labels == (second.label,)
    assert citation.pdf_pages == (second.pdf_index,)
    assert citation.labels != (chunk.spans[0].label,)


@pytest.mark.parametrize(
    "question",
    [
        "How do I bake sourdough bread at home?",
        "Which football club won the 2014 Champions League?",
        _dev("d003")["question"],
    ],
)
def test_off_topic_questions_are_refused_with_the_nearest_passages(
    answerer: ExtractiveAnswerer, question: str
) -> None:
    answer = answerer.answer(question, k=3)
    assert answer.refused
    assert answer.sentences == ()
    assert answer.text.startswith("The indexed sources do not answer")
    assert len(answer.citations) == 3


def test_a_name_the_sources_never_mention_is_named_in_the_refusal(
    answerer: ExtractiveAnswerer,
) -> None:
    answer = answerer.answer(_dev("d016")["question"])
    assert answer.refused
    assert "never mention 'ShotSpotter'" in answer.text


def test_a_quoted_term_the_sources_never_hold_is_named_in_the_refusal(
    answerer: ExtractiveAnswerer,
) -> None:
    """A short term in quotes is a name for a thing: the index must hold it as a phrase (its
    words apart are not enough); a quoted paraphrase ('no biased arrests') is no term."""
    answer = answerer.answer("What is the 'golden hour' principle in criminal investigation?")
    assert answer.refused and "never mention 'golden hour'" in answer.text
    held = "What is meant by 'perceived audience legitimacy'?"
    assert answerer.retriever.unknown_terms(held) == []
    loose = "Why might their 'no biased arrests' result not hold for other models?"
    assert answerer.retriever.unknown_terms(loose) == []
    assert answerer.retriever.unknown_terms("What are 'harbour audience legitimacy' rules?")


def test_a_numbered_provision_the_sources_never_hold_is_named_in_the_refusal(
    answerer: ExtractiveAnswerer,
) -> None:
    question = "Under section 24A of the Police and Criminal Evidence Act, who may arrest?"
    answer = answerer.answer(question)
    assert answer.refused and "never mention 'section 24A'" in answer.text
    assert answerer.retriever.unknown_terms("What does Article 17 of the ICCPR say?") == []


def test_a_hyphenated_name_is_known_by_its_capitalised_part(answerer: ExtractiveAnswerer) -> None:
    answer = answerer.answer("How did Ferguson-type controversies change police managers' work?")
    assert "never mention" not in answer.text
    assert "never mention 'Zorblat-type'" in answerer.answer("What are Zorblat-type patrols?").text


def test_answer_json_carries_the_citation_objects(answerer: ExtractiveAnswerer) -> None:
    data = answerer.answer(_dev("d017")["question"]).to_dict()
    assert data["mode"] == "extractive" and data["refused"] is False
    citation = data["citations"][0]
    assert set(citation) >= {
        "document_id",
        "file",
        "title",
        "authors",
        "year",
        "page",
        "pdf_page",
        "passage",
        "score",
        "reference",
    }
    assert data["sentences"][0]["citation"] == 1


def test_the_answer_leads_with_the_sentence_that_holds_the_figure(
    answerer: ExtractiveAnswerer,
) -> None:
    answer = answerer.answer(
        "How many additional officers were shot in connection with George Floyd's murder?"
    )
    assert not answer.refused
    lead, number = answer.sentences[0]
    assert "37 officers" in lead
    assert answer.citations[number - 1].document.file.startswith("bussey-nix-sierra")


def test_a_question_the_sources_only_touch_is_refused_saying_what_they_cover(
    answerer: ExtractiveAnswerer,
) -> None:
    answer = answerer.answer("How many Police safety orders did New Zealand Police issue in 2019?")
    assert answer.refused and answer.sentences == ()
    assert answer.note.startswith("The sources discuss")
    assert "(New Zealand Police (2022)" in answer.note  # cited, with its printed page
    assert answer.note.endswith("but give no number for 2019.")
    assert answer.to_dict()["refused"] is True and answer.to_dict()["note"] == answer.note


def test_a_figure_of_another_division_is_no_answer_and_the_asked_one_is_read_on_to(
    answerer: ExtractiveAnswerer,
) -> None:
    """The passages that rank first give the trial's length in two other LAPD divisions;
    the asked one's stands in the passage after them, which is read when nothing else answers."""
    answer = answerer.answer("How many days did the LAPD's Southwest Division trial last?")
    assert not answer.refused
    lead, number = answer.sentences[0]
    assert "Southwest Division, the experiment ran for 239 days" in lead
    assert "Foothill" not in " ".join(text for text, _ in answer.sentences)
    assert answer.citations[number - 1].labels == ("3",)


def test_a_question_after_how_a_thing_was_done_reads_on_by_a_sentence(
    answerer: ExtractiveAnswerer,
) -> None:
    """The sentence that names what was measured leads; the one after it says how, though it
    shares few of the question's words."""
    answer = answerer.answer(
        "How did the Los Angeles experiment keep track of the time officers spent in the "
        "prediction areas?"
    )
    assert not answer.refused
    texts = [text for text, _ in answer.sentences]
    assert "amount of time police officers spent" in texts[0], texts
    assert "in-car computer terminals" in texts[1], texts


def test_a_listing_answer_reads_on_into_the_next_passage(answerer: ExtractiveAnswerer) -> None:
    """The guidebook's burglary example walks from data to intelligence across two passages:
    the answer follows it into the second, citing that passage's printed page."""
    answer = answerer.answer(
        "Following the residential burglary example, how do police records turn into "
        "information, knowledge and then intelligence?"
    )
    assert not answer.refused
    texts = [text for text, _ in answer.sentences]
    assert any("become knowledge" in t for t in texts), texts
    # the lead and the sentences read on from it; a further supporting one may stand elsewhere
    walk = answer.sentences[:3]
    assert {answer.citations[n - 1].labels[0] for _, n in walk} == {"17"}
    assert len({answer.citations[n - 1].passage for _, n in walk}) >= 2


def test_a_why_answer_reads_on_into_the_sentence_that_explains(
    answerer: ExtractiveAnswerer,
) -> None:
    """The sentence that best matches a why-question names what is explained; the explanation
    follows it with no 'because' to mark it."""
    answer = answerer.answer(
        "Why can the ILP concept cause disharmony when it is translated into Russian?"
    )
    assert not answer.refused
    texts = [text for text, _ in answer.sentences]
    assert "disharmony" in texts[0]
    assert "commonly understood in Russian" in texts[1], texts
    assert {answer.citations[n - 1].labels[0] for _, n in answer.sentences[:2]} == {"11"}


def _answered(
    folder: Path, embedder: SentenceTransformerEmbedder, text: str, question: str
) -> list[str]:
    """The sentences answering a question over one Markdown document (not a refusal)."""
    settings = index_texts(folder, {"doc.md": text}, embedder)
    answer = ExtractiveAnswerer(Retriever(Store(settings.index).open(), embedder)).answer(question)
    assert not answer.refused, answer.note
    return [t for t, _ in answer.sentences]


def test_a_reference_is_read_to_the_end_of_its_entry(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """A title's sentence leaves out the journal, volume and pages that end its entry (the body
    is long enough for the list to be a passage of its own)."""
    audit = " ".join(
        f"Berth {n} was inspected by the harbour master on day {n}." for n in range(25)
    )
    text = (
        "# Harbour patrols\n\n"
        f"Quay patrols at the container terminal were reviewed twice by the port police. {audit}"
        "\n\n# References\n\n"
        "Marsh, P., & Oduya, K. (2015). Walking the docks: A review of quay patrols. "
        "Port Security Review, 7(2), 45-61.\n"
        "Olsen, R. (2012). Fishing boats and the north quay. Harbour Press.\n"
    )
    question = (
        "The reference list includes Marsh and Oduya's 2015 review of quay patrols. In which "
        "journal, volume and pages did it appear?"
    )
    texts = _answered(tmp_path, embedder, text, question)
    assert texts[:2] == [
        "Walking the docks: A review of quay patrols.",
        "Port Security Review, 7(2), 45-61.",
    ], texts


def test_a_definition_reads_on_within_a_small_index(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """The sentence after the lead explains it without repeating the term; sentences that do
    repeat it, further on, come after."""
    text = (
        "# Harbour watch\n\n"
        "The harbour watch scheme is a reporting arrangement run by the port police. "
        "Dock workers phone unattended containers through to a single duty officer, who "
        "logs each call and checks it within the hour. "
        "Fishing boats land their catch at the north quay every morning. "
        "The harbour watch scheme was extended to the marina in 2014. "
        "The harbour watch scheme won a regional award in 2016.\n"
    )
    texts = _answered(tmp_path, embedder, text, "What is meant by the harbour watch scheme?")
    assert texts[:2] == [
        "The harbour watch scheme is a reporting arrangement run by the port police.",
        "Dock workers phone unattended containers through to a single duty officer, who logs "
        "each call and checks it within the hour.",
    ], texts


def test_a_sentence_that_announces_a_list_reads_on_into_its_lowercase_items(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """The items after '… is due to:' open in lower case; they follow the sentence that
    announces them, though alone they are no sentence (they lack their subject)."""
    text = (
        "# Harbour thefts\n\n"
        "Cargo theft at the port rose sharply after 2015. The rise in cargo theft is due to:\n\n"
        "- the number of unsealed containers left overnight on the north quay;\n"
        "- the closure of the night gate, which removed the last manned check; and\n"
        "- a shortage of patrol officers on the weekend shifts.\n\n"
        "Fishing boats land their catch at the north quay every morning.\n"
    )
    texts = _answered(tmp_path, embedder, text, "What explains the rise in cargo theft?")
    assert texts[0] == "The rise in cargo theft is due to:", texts
    assert texts[1].startswith("the number of unsealed containers"), texts


def test_an_item_in_the_middle_of_a_list_answers_after_the_sentence_announcing_it(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """The answer stands in one lower-case item of a list ('submitting monthly reports …;'):
    the item answers, read after the sentence that says whose list it is."""
    text = (
        "# Port liaison team\n\n"
        "The Port Liaison Team was set up in 2015 to bring the harbour agencies together. "
        "The Port Liaison Team has the following tasks:\n\n"
        "- drawing up an annual plan against smuggling at the container terminal;\n"
        "- submitting monthly reports on its work to the Harbour Board;\n"
        "- sharing intelligence on suspect vessels with the customs service; and\n"
        "- training new dock staff in security checks.\n\n"
        "Fishing boats land their catch at the north quay every morning.\n"
    )
    question = "How often does the port liaison team report on its work, and to whom?"
    texts = _answered(tmp_path, embedder, text, question)
    assert texts[0] == "The Port Liaison Team has the following tasks:", texts
    assert texts[1].startswith("submitting monthly reports on its work"), texts


_READ_ON = {
    # a question in two parts: the first part's answer leads; the second part's stands in the
    # sentence after it
    "two parts": (
        "# Harbour watch review\n\n"
        "The review filmed 80 quay patrols at the container terminal in Rotterdam. "
        "Above all, they seldom told people why they had been stopped. "
        "Fishing boats land their catch at the north quay every morning. "
        "The review filmed the quay patrols again in 2016 for a second report. "
        "The quay patrols were filmed by a research team from the port authority.\n",
        "In which city did the review film 80 quay patrols at the container terminal, and what "
        "did officers fail to do?",
    ),
    # 'Apart from X, what else …': a lead about X is followed by the sentence that adds the
    # rest, though that sentence does not refer back to it
    "set aside": (
        "# Harbour patrol training\n\n"
        "Quay patrol officers must be trained to spot signs of smuggling on container ships. "
        "Officers should also take a course in first aid for injuries at the waterside. "
        "Fishing boats land their catch at the north quay every morning. "
        "The training of quay patrol officers is paid for by the port authority. "
        "The quay patrols were reviewed by a research team in 2016.\n",
        "Apart from learning to spot signs of smuggling on ships, what further training should "
        "quay patrol officers get?",
    ),
}


@pytest.mark.parametrize("case", sorted(_READ_ON))
def test_a_lead_is_read_on_by_the_sentence_that_finishes_the_answer(
    tmp_path: Path, embedder: SentenceTransformerEmbedder, case: str
) -> None:
    text, question = _READ_ON[case]
    texts = _answered(tmp_path, embedder, text, question)
    body = text.split("\n\n")[1].strip()
    assert texts[:2] == [body[a:b] for a, b in split_sentences(body)[:2]], texts


def test_a_restatement_of_the_answer_goes_with_it(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """'In other words, …' says the answer again, plainly: it follows the lead, though it
    shares few of the question's words."""
    text = (
        "# Harbour patrols\n\n"
        "The port police introduced quay patrols at the container terminal in 2009. "
        "In other words, someone now walks the docks every night. "
        "Fishing boats land their catch at the north quay every morning. "
        "The quay patrols at the container terminal were reviewed in 2016. "
        "The quay patrols at the container terminal won an award in 2018.\n"
    )
    texts = _answered(
        tmp_path, embedder, text, "When did the port police introduce quay patrols at the terminal?"
    )
    assert texts[:2] == [
        "The port police introduced quay patrols at the container terminal in 2009.",
        "In other words, someone now walks the docks every night.",
    ], texts


def test_an_open_question_reads_on_by_a_sentence_that_goes_on_with_the_lead(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    """'It found that …' tells what the lead only announced; a sentence that does not refer
    back to the lead is not read on."""
    text = (
        "# Harbour patrol study\n\n"
        "The harbour patrol study of 2011 tested the value of random quay patrols. "
        "It found that patrols at random hours did not reduce thefts from containers. "
        "Fishing boats land their catch at the north quay every morning. "
        "The harbour patrol study was funded by the port authority. "
        "Random quay patrols were later replaced by cameras.\n"
    )
    question = "What did the harbour patrol study show about random quay patrols?"
    texts = _answered(tmp_path, embedder, text, question)
    assert texts[:2] == [
        "The harbour patrol study of 2011 tested the value of random quay patrols.",
        "It found that patrols at random hours did not reduce thefts from containers.",
    ], texts
    other = "Thefts from containers were counted by the customs office every month."
    plain = text.replace(texts[1], other)
    (tmp_path / "plain").mkdir()
    texts = _answered(tmp_path / "plain", embedder, plain, question)
    assert texts[0].startswith("The harbour patrol study of 2011") and other not in texts, texts
