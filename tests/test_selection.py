"""Which sentences an answer quotes, on constructed passages and judgements (no model)."""

from __future__ import annotations

import pytest

from assistant.answers.extractive import PASSAGES, best_first
from assistant.answers.judge import Evidence, Judgement, RuleJudge
from assistant.answers.lists import listed
from assistant.answers.questions import read_question
from assistant.answers.selection import (
    MAX_EXPLAINING,
    MAX_SENTENCES,
    Candidate,
    announcing,
    listing_first,
    select,
)
from assistant.answers.words import content_stems
from assistant.types import Chunk, Hit, Span

SENTENCES = [
    "Harbour patrols were cut because the port budget fell by a third.",
    "Night shifts on the quay were hard to staff after the new contract.",
    "Insurers paid for cameras, which made foot patrols look costly.",
    "Dock unions asked for fewer checks at the container gates.",
    "The port authority moved its own guards to the ferry terminal.",
]


def _hit(text: str) -> Hit:
    """The passage as the first hit of a search (its document is not read here)."""
    chunk = Chunk("doc", 0, text, (Span(1, "1", 0, len(text), 0),), id=1)
    return Hit(chunk, None, 1.0)  # type: ignore[arg-type]


def _answering(text: str) -> tuple[list[tuple[Candidate, Judgement]], list[Hit]]:
    hit = _hit(text)
    answering = []
    for n, sentence in enumerate(reversed(SENTENCES)):  # the lead ends the passage
        start = text.index(sentence)
        candidate = Candidate(0, start, start + len(sentence), sentence, content_stems(sentence))
        answering.append((candidate, Judgement("answers", 0.7 - 0.01 * n)))
    return answering, [hit]


def test_an_explanation_quotes_more_sentences_than_a_fact() -> None:
    text = " ".join(SENTENCES)
    answering, hits = _answering(text)
    why = select(answering, hits, "Why did the port cut its harbour patrols?")
    assert len(why) == MAX_EXPLAINING > MAX_SENTENCES
    answering, hits = _answering(text)
    count = select(answering, hits, "How many harbour patrols did the port cut?")
    assert len(count) == MAX_SENTENCES
    assert [c.text for c in why[:MAX_SENTENCES]] == [c.text for c in count]


def test_a_lead_that_announces_what_follows_is_read_on() -> None:
    """A lead ending in a colon introduces the lines after it, which hold the answer: they
    are quoted with it, as printed (a line of figures alone is no sentence to quote)."""
    lines = [
        "Each risk factor is scored as follows:",
        "Weapons = 3 x 2 = 6",
        "Violence = 2 x 4 = 8 The total is 14.",
        "Harbour patrols were cut because the port budget fell by a third.",
    ]
    text = "\n".join(lines)  # each on a line of its own, as a list is printed
    hit = _hit(text)
    lead = Candidate(0, 0, len(lines[0]), lines[0], content_stems(lines[0]))
    chosen = select([(lead, Judgement("answers", 0.7))], [hit], "What total do the factors give?")
    assert [c.text for c in chosen] == [lines[0], lines[2], lines[3]]


def _passage(sentences: list[str]) -> tuple[str, Hit]:
    text = " ".join(sentences)
    return text, _hit(text)


def _lead(text: str, sentence: str, before: str = "") -> Candidate:
    start = text.index(sentence)
    where = text.index(before) if before else 0
    return Candidate(
        0,
        start,
        start + len(sentence),
        sentence,
        content_stems(sentence),
        before=(where, where + len(before)) if before else None,
    )


def test_an_announced_explanation_is_read_on_to_the_first_one() -> None:
    """'We see two possible explanations.' gives none: the answer goes on to the first."""
    sentences = [
        "Arrests in the harbour district fell in the second year.",
        "We can see two possible explanations.",
        "One is that the port budget for night patrols fell by a third.",
        "Another is the new dock contract.",
    ]
    text, hit = _passage(sentences)
    lead = _lead(text, sentences[0])
    why = "Why did arrests in the harbour district fall in the second year?"
    chosen = select([(lead, Judgement("answers", 0.7))], [hit], why)
    assert [c.text for c in chosen] == sentences[:3]


def test_a_conclusion_is_explained_by_the_sentence_before_it() -> None:
    """'For these reasons, the port cut …' draws on what was said before: that is quoted,
    not the heading after it."""
    sentences = [
        "The port budget for night patrols fell by a third in 2019.",
        "For these reasons, the port cut its harbour patrols.",
        "The Current Study The aims of this study were twofold.",
    ]
    text, hit = _passage(sentences)
    lead = _lead(text, sentences[1], before=sentences[0])
    why = "Why did the port cut its harbour patrols?"
    chosen = select([(lead, Judgement("answers", 0.7))], [hit], why)
    assert [c.text for c in chosen] == [sentences[1], sentences[0]]


def test_the_authors_a_question_names_are_no_list_to_walk_through() -> None:
    """'How do Tregle, Nix and Pickett explain it?' names a paper, not three items each of
    which a sentence of the answer should name."""
    assert listed("How do Tregle, Nix and Pickett explain the finding?") == frozenset()
    assert listed("How does data become information, knowledge and intelligence?")
    assert read_question("How do Tregle, Nix and Pickett try to explain this?").answer_type == (
        "reason"
    )


def test_a_question_after_three_things_leads_with_the_sentence_announcing_three() -> None:
    """'Which three protocols …?' is answered by '… complemented by three protocols:' and the
    lines after it, though another sentence scored higher."""
    lines = [
        "The harbour treaty entered into force in 2003 for the port states.",
        "The treaty is complemented by three different protocols:",
        "- the Protocol on smuggling by sea;",
        "- the Protocol on stolen cargo;",
        "- the Protocol on forged manifests.",
    ]
    text = "\n".join(lines)
    hit = _hit(text)
    top, announcing = (_lead(text, line) for line in lines[:2])
    answering = [(top, Judgement("answers", 0.7)), (announcing, Judgement("answers", 0.6))]
    question = "Which three protocols complement the harbour treaty?"
    chosen = select(listing_first(question, answering), [hit], question)
    assert chosen[0].text == lines[1]
    assert "stolen cargo" in " ".join(c.text for c in chosen)
    assert listing_first("When did the treaty enter into force?", answering) == answering


def _ranked(text: str) -> tuple[Hit, list[tuple[Candidate, Judgement]]]:
    """The text as a hit, its sentences judged answering in order, best first."""
    leads = [_lead(text, s.rstrip(".") + ".") for s in (s + "." for s in text.split(". "))]
    return _hit(text), [(c, Judgement("answers", 0.7 - 0.05 * i)) for i, c in enumerate(leads)]


def test_things_counted_before_the_question_lead_with_the_sentence_that_names_them() -> None:
    """'… splits it into two stages. What are they?' and 'What are its three parts?' are
    answered by the sentence that announces that many things, inline, even under another noun
    ('three elements:'); the question's own noun wins over another's."""
    text = (
        "The harbour review is central to port safety. "
        "The review has two stages: mapping the quays and rating their risks. "
        "The audit names three elements: cost, staff and time. "
        "Its report lists three main parts described below: scope, method and findings."
    )
    hit, answering = _ranked(text)
    question = "The harbour review is split into two stages. What are they, and what is done?"
    chosen = select(listing_first(question, answering), [hit], question)
    assert chosen[0].text.startswith("The review has two stages:")
    parts = "What are the three parts of the report?"
    assert listing_first(parts, answering)[0][0].text.startswith("Its report lists")
    components = "What are the three components of the audit?"
    assert listing_first(components, answering)[0][0].text.startswith("The audit names")
    assert listing_first("Why is the harbour review central?", answering) == answering


def test_a_lead_that_points_back_at_things_is_read_with_the_sentence_naming_them() -> None:
    """'Historically, these offences make up 60% …' is quoted with the sentence before it,
    which says what they are; a lead that names its own subject is not."""
    first = "The offences targeted were burglary, car theft and theft from vehicles."
    lead = "Historically, these offences make up as much as 60% of serious crime in the port."
    text = f"{first} {lead}"
    hit = _hit(text)
    question = "Which offences were targeted, and what share of serious crime do they make up?"
    pointing = _lead(text, lead, before=first)
    chosen = select([(pointing, Judgement("answers", 0.7))], [hit], question)
    assert [c.text for c in chosen[:2]] == [lead, first]
    named = "Burglary makes up as much as 60% of serious crime in the port."
    text = f"{first} {named}"
    hit = _hit(text)
    chosen = select([(_lead(text, named, first), Judgement("answers", 0.7))], [hit], question)
    assert first not in [c.text for c in chosen]


def test_a_lead_read_with_the_sentence_before_quotes_it_once() -> None:
    """A why-question's lead that draws its conclusion ('Consequently, these measures …') and
    points back is read with the sentence before it, once."""
    first = "The port cut its night patrols and closed two harbour gates."
    lead = "Consequently, these measures led to more thefts from the quay."
    text = f"{first} {lead}"
    hit = _hit(text)
    question = "Why did thefts from the quay rise?"
    chosen = select([(_lead(text, lead, first), Judgement("answers", 0.7))], [hit], question)
    assert [c.text for c in chosen].count(first) == 1


def test_a_further_sentence_that_points_back_is_quoted_after_the_one_it_points_to() -> None:
    """Not only the lead: a further answering sentence that opens 'Such features …' is quoted
    after the sentence that names them."""
    lead = "Most deputies rated the council as fair and useful."
    first = "The chief has been re-elected four times and is liked across the county."
    pointing = "Such features may help explain the positive views of the council."
    text = f"{lead} {first} {pointing}"
    hit = _hit(text)
    question = "What features of the agency may help explain the positive views of the council?"
    answering = [
        (_lead(text, lead), Judgement("answers", 0.7)),
        (_lead(text, pointing, before=first), Judgement("answers", 0.65)),
    ]
    chosen = [c.text for c in select(answering, [hit], question)]
    assert chosen.index(first) == chosen.index(pointing) - 1


def test_a_question_in_two_parts_quotes_the_sentence_that_holds_the_second_part() -> None:
    """'Why …, and what is the worst case?': the sentence on the worst case is quoted even
    when sentences on the first part score higher."""
    sentences = [
        "Concern exists that patrols target poor districts more often.",
        "Such concern remains even if the data hold no explicit bias.",
        "We ask whether the patrols lead to biased arrests.",
        "In the worst case, the benefits come from the bias alone.",
    ]
    text, hit = _passage(sentences)
    answering = [
        (_lead(text, sentence), Judgement("answers", 0.62 - 0.04 * n))
        for n, sentence in enumerate(sentences)
    ]
    question = "Why does the concern remain, and what is the worst case?"
    chosen = [c.text for c in select(answering, [hit], question)]
    assert sentences[3] in chosen[:3]


def test_a_number_of_years_announces_no_things() -> None:
    lines = ["Two officers were charged.", "The inquiry lasted two years: 2019 and 2020."]
    text = " ".join(lines)
    answering = [
        (_lead(text, line), Judgement("answers", 0.7 - 0.1 * i)) for i, line in enumerate(lines)
    ]
    question = "Which two officers were charged?"
    assert listing_first(question, answering) == answering


def test_a_question_after_a_named_figure_leads_with_the_figure_s_own_text() -> None:
    """'What stages are shown in Figure 6.1?' is answered by the figure's caption and labels,
    though a sentence that merely refers to the figure scored higher."""
    text = (
        "The cycle in Figure 6.1 gives analysts a simple order of work. "
        "Figure 6.1 The harbour intelligence cycle Tasking Collection Evaluation Analysis Reporting"
    )
    prose, figure = (_lead(text, s) for s in (text.split(". ")[0] + ".", text.split(". ")[1]))
    answering = [(prose, Judgement("answers", 0.6)), (figure, Judgement("answers", 0.5))]
    question = "What stages of the harbour cycle are shown in Figure 6.1?"
    assert listing_first(question, answering)[0][0].text.startswith("Figure 6.1")
    assert listing_first("What stages are shown in Figure 6.2?", answering) == answering


def test_a_lead_that_opens_with_both_is_read_with_the_sentence_naming_them() -> None:
    """'Both studies found …' points back at the studies the sentence before names; 'Both
    officers and residents …' names its own."""
    first = "Lind (2019) controlled for tide times, and Moor (2020) for shift length."
    lead = "Both studies found that patrol visibility still mattered after these controls."
    text = f"{first} {lead}"
    question = "Which variables did the two studies control for, and did visibility matter?"
    chosen = select(
        [(_lead(text, lead, before=first), Judgement("answers", 0.7))], [_hit(text)], question
    )
    assert [c.text for c in chosen[:2]] == [lead, first]
    own = "Both officers and residents said that patrol visibility still mattered."
    text = f"{first} {own}"
    chosen = select([(_lead(text, own, first), Judgement("answers", 0.7))], [_hit(text)], question)
    assert first not in [c.text for c in chosen]


def test_an_open_lead_is_read_on_by_a_sentence_about_both_cases() -> None:
    """'In both cases, …' says what the two things the lead names share: it is read on."""
    lead = "A ferry ran aground at Dover and, a week later, a trawler sank off Calais."
    shared = "In both cases, the skipper was on his first voyage and the radar was off."
    text = f"{lead} {shared} The harbour board met in June."
    question = "What did the two accidents have in common?"
    chosen = select([(_lead(text, lead), Judgement("answers", 0.7))], [_hit(text)], question)
    assert [c.text for c in chosen[:2]] == [lead, shared]


def test_a_question_in_two_parts_may_quote_one_sentence_more() -> None:
    """Sentences that answer about alike: a question for one figure quotes at most three; one
    in two parts reads on by a sentence and quotes one more besides (five)."""
    sentences = [
        "The harbour unit made 312 arrests in 2019.",
        "Most of the 312 arrests were for theft from containers.",
        "Arrests at the harbour rose again in 2020.",
        "The unit was disbanded in 2021 after a review of its costs.",
        "Its officers joined the city's port patrol.",
    ]
    text = " ".join(sentences)
    hit = _hit(text)
    answering = [
        (_lead(text, s), Judgement("answers", 0.7 - 0.01 * n)) for n, s in enumerate(sentences)
    ]
    one = select(answering, [hit], "How many arrests did the harbour unit make in 2019?")
    two = select(
        answering, [hit], "How many arrests did the harbour unit make, and when was it disbanded?"
    )
    assert len(one) == 3 and len(two) == 5


def test_an_explanation_quotes_up_to_five_answering_sentences() -> None:
    sentences = [
        "Night patrols cut container thefts by a third.",
        "Dock workers reported feeling safer after dark.",
        "Insurance claims from the quays fell in the second year.",
        "Smugglers moved their landings to smaller marinas upriver.",
        "Overtime costs doubled during the winter months.",
        "Customs seizures rose slightly at the ferry terminal.",
        "Several volunteers left the scheme before its end.",
    ]
    text = " ".join(sentences)
    answering = [
        (_lead(text, s), Judgement("answers", 0.7 - 0.01 * n)) for n, s in enumerate(sentences)
    ]
    chosen = select(answering, [_hit(text)], "What did the harbour study find about patrols?")
    assert [c.text for c in chosen] == sentences[:5]


def test_a_question_after_a_number_of_things_leads_with_a_sentence_that_lists_as_many() -> None:
    """'… used the word for four things at once. Which four?': no sentence announces them
    with a colon, but one names four in a list, and it leads."""
    text = (
        "The term is used loosely across the reports we read. "
        "Authors used it for a rule, a habit, a tool and a place at once. "
        "Readers may find the term confusing."
    )
    _, answering = _ranked(text)
    question = "The reports use the term for four things at the same time. Which four?"
    assert listing_first(question, answering)[0][0].text.startswith("Authors used it")
    three = "The reports use the term for three things at the same time. Which three?"
    assert listing_first(three, answering) == answering


@pytest.mark.parametrize(
    ("listing", "question"),
    [
        # asides in brackets (the acronyms of the things listed) do not break the list
        (
            "The bodies were the Port Board (PB), the Dock Council (DC) and the Quay Trust (QT).",
            "bodies",
        ),
        # a list that names the things asked for leads before one of other things (patrols …)
        ("Its three boards are the Port Board, the Dock Board and the Quay Board.", "boards"),
    ],
)
def test_the_list_of_the_things_asked_for_leads(listing: str, question: str) -> None:
    text = f"The accord covered patrols, dredging and lighting. {listing} Readers were confused."
    _, answering = _ranked(text)
    asked = f"Which three harbour {question} signed the accord?"
    assert listing_first(asked, answering)[0][0].text == listing


def test_a_lower_passage_leads_only_when_it_answers_clearly_better() -> None:
    """Sentences of all the passages searched are weighed together, but one of a passage that
    retrieval ranked below the top ones must beat them by a margin."""
    top = Candidate(0, 0, 10, SENTENCES[0], content_stems(SENTENCES[0]))
    lower = Candidate(PASSAGES + 2, 0, 10, SENTENCES[1], content_stems(SENTENCES[1]))
    slightly = [
        (top, Judgement("answers", 0.5, rank=0.5)),
        (lower, Judgement("answers", 0.5, rank=0.52)),
    ]
    assert [c.rank for c, _ in sorted(slightly, key=best_first)] == [0, PASSAGES + 2]
    clearly = [
        (top, Judgement("answers", 0.5, rank=0.5)),
        (lower, Judgement("answers", 0.5, rank=0.65)),
    ]
    assert [c.rank for c, _ in sorted(clearly, key=best_first)] == [PASSAGES + 2, 0]


def test_a_list_item_is_read_after_the_sentence_announcing_its_list() -> None:
    """An item in lower case ('submitting monthly reports …;') has its subject in the
    sentence that opens the list; a sentence of prose between them ends the list."""
    opening = "The Port Liaison Team has the following tasks:"
    items = [
        "drawing up an annual plan against smuggling;",
        "submitting monthly reports on its work to the Harbour Board; and",
        "training new dock staff in security checks.",
    ]
    text = f"{opening} • " + " • ".join(items)
    start = text.index(items[1])
    assert announcing(text, start) == (0, len(opening))
    assert announcing(text, text.index(items[2])) == (0, len(opening))
    whole = "The team meets every week. It reports to the Harbour Board every month."
    assert announcing(whole, whole.index("It reports")) is None  # no item
    # a short opener that is no sentence of prose still opens its own list, not the list
    # before it, whose last item ends in a full stop
    second = "The audit's recommendations: • reporting every month to the board;"
    both = f"{text}\n{second}"
    assert announcing(both, both.index("reporting")) == (len(text) + 1, len(text) + 29)
    prose = "The team was set up in 2015 to bring the harbour agencies together."
    broken = f"{opening} • {items[0]}\n{prose}\n• {items[1]}"
    assert announcing(broken, broken.index(items[1])) is None
    item = Candidate(0, start, start + len(items[1]), items[1], content_stems(items[1]))
    answering = [(item, Judgement("answers", 0.6))]
    chosen = select(answering, [_hit(text)], "How often does the team report on its work?")
    assert [c.text for c in chosen[:2]] == [opening, items[1]]


def test_the_sentence_that_holds_the_asked_words_leads_over_a_merely_similar_one() -> None:
    """Among sentences that both answer, the order is the rank (`ranking`), not the judge's
    score: a short sentence that holds what the question names ('National Intelligence Model')
    leads over a longer, more similar one of its passage that names none of it, which the
    judge's score puts first."""
    judge = RuleJudge()
    question = "How does the guidebook sum up the National Intelligence Model?"
    vague = "Intelligence work in the United Kingdom has a long history of reform and debate."
    sharp = "Overall, the National Intelligence Model is a business model for policing."
    passage, about = f"{vague} {sharp}", "OSCE Guidebook on Intelligence-Led Policing"
    weights = {s: 1.0 for s in content_stems(question)}
    judged = [
        (
            Candidate(0, 0, len(vague), vague, content_stems(vague)),
            judge.answers(
                question, Evidence(vague, sharp, passage, about, 0.85, "", "", sharp), weights
            ),
        ),
        (
            Candidate(0, len(vague) + 1, len(passage), sharp, content_stems(sharp)),
            judge.answers(
                question, Evidence(sharp, vague, passage, about, 0.5, "", vague, ""), weights
            ),
        ),
    ]
    assert all(j.holds for _, j in judged)
    assert judged[0][1].score > judged[1][1].score  # the judge's score alone: the vague one
    assert [c.text for c, _ in sorted(judged, key=best_first)] == [sharp, vague]


def test_further_sentences_stay_within_reach_of_the_best_score_not_the_leads() -> None:
    """The lead is the best ranked; a further sentence must still score within WITHIN_BEST of
    the best-scored one, or it is left out however it ranks."""
    text = " ".join(SENTENCES)
    hit = _hit(text)

    def judged(sentence: str, score: float, rank: float) -> tuple[Candidate, Judgement]:
        start = text.index(sentence)
        candidate = Candidate(0, start, start + len(sentence), sentence, content_stems(sentence))
        return candidate, Judgement("answers", score, rank=rank)

    answering = [
        judged(SENTENCES[2], 0.45, 1.0),  # the best ranked leads
        judged(SENTENCES[0], 0.9, 0.8),
        judged(SENTENCES[4], 0.3, 0.7),  # within 0.2 of the lead's score, not of the best
    ]
    chosen = select(answering, [hit], "How many harbour patrols did the port cut?")
    assert [c.text for c in chosen] == [SENTENCES[2], SENTENCES[0]]


def test_a_judge_that_ranks_nothing_orders_by_its_score() -> None:
    top = Candidate(0, 0, 10, SENTENCES[0], content_stems(SENTENCES[0]))
    other = Candidate(1, 0, 10, SENTENCES[1], content_stems(SENTENCES[1]))
    judged = [(top, Judgement("answers", 0.5)), (other, Judgement("answers", 0.6))]
    assert [c.rank for c, _ in sorted(judged, key=best_first)] == [1, 0]


def test_a_walk_through_listed_steps_reads_on_past_sentences_that_name_none() -> None:
    """'… data, information, knowledge and intelligence?': the lead names data; the step after
    information stands three sentences on, past two that name no step, and is quoted."""
    steps = [
        "At the station, burglary reports are typed into the database as data.",
        "These computer records sit in a table.",
        "When an analyst maps the records, they become information.",
        "The map shows a cluster in the north.",
        "The cluster covers six streets.",
        "Shared with a detective, the information becomes knowledge.",
        "Acted on by a commander, the knowledge becomes intelligence.",
    ]
    text, hit = _passage(steps)
    lead = _lead(text, steps[0])
    question = "How do the records become data, information, knowledge and intelligence?"
    chosen = select([(lead, Judgement("answers", 0.7, rank=0.7))], [hit], question)
    assert [c.text for c in chosen] == [steps[0], steps[2], steps[5], steps[6]]


def test_a_lead_that_only_says_again_what_the_question_says_is_read_on() -> None:
    """'The two checks at the gate are linked.' tells nothing the question does not: the
    sentence after it names the two, and is quoted with it."""
    sentences = [
        "The two checks at the container gate are linked (Harbour 1998).",
        "Drivers show their papers, and guards weigh every lorry that passes.",
        "Unions have asked for fewer checks since the new contract.",
    ]
    text, hit = _passage(sentences)
    lead = _lead(text, sentences[0])
    question = "The port says the two checks at the container gate are linked. Which two?"
    chosen = select([(lead, Judgement("answers", 0.7))], [hit], question)
    assert [c.text for c in chosen] == sentences[:2]
    other = "What do drivers show at the gate?"  # a lead with words of its own: no more
    lead = _lead(text, sentences[1])
    assert [c.text for c in select([(lead, Judgement("answers", 0.7))], [hit], other)] == [
        sentences[1]
    ]
