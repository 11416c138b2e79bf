"""The support judge on constructed cases: each rule of English it relies on, alone. The
sentences are made up here (no corpus, no model): the similarity an embedding would give is
passed in, so each case isolates one rule."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answers.answer_types import after_caption, defines, fragment, holds_type
from assistant.answers.clauses import narrowed_unstated, subject_swapped
from assistant.answers.contraries import contrary_swapped, direction_exchanged, phrase_exchanged
from assistant.answers.counted import counted_noun
from assistant.answers.coverage import document_common, particular, reworded
from assistant.answers.expansions import acronym_stems
from assistant.answers.facts import name_in, names, personal, profile
from assistant.answers.figures import named_later
from assistant.answers.judge import (
    PARTICULAR_THRESHOLD,
    SUPPORT_THRESHOLD,
    Evidence,
    RuleJudge,
)
from assistant.answers.lists import continuing, listed
from assistant.answers.measures import changed_measure
from assistant.answers.named import names_answer
from assistant.answers.negation import negations
from assistant.answers.polarity import (
    comparison_unstated,
    directions,
    narrowing_groups,
    plenty,
    quantifier,
    share_claimed,
)
from assistant.answers.quantities import quantities
from assistant.answers.questions import read_question
from assistant.answers.stance import unasserted
from assistant.answers.subjects import named_kind, tied_to_other
from assistant.answers.words import content_stems, stem, written
from assistant.ingest.chunk import split_sentences
from assistant.search.lexical import quoted_phrases

JUDGE = RuleJudge()


def _weights(text: str) -> dict[str, float]:
    """Equal weight for every content word (the index's rarity is not needed here)."""
    return dict.fromkeys(content_stems(text), 1.0)


def _supports(claim: str, source: str, similarity: float = 0.85, about: str = "") -> object:
    return JUDGE.supports(
        claim, Evidence(source, about=about, similarity=similarity), _weights(claim)
    )


def _answers(question: str, sentence: str, similarity: float = 0.7, **around: str) -> object:
    evidence = Evidence(sentence, similarity=similarity, **around)
    return JUDGE.answers(question, evidence, _weights(question))


# ------------------------------------------------------------------------------- claims


def test_a_true_paraphrase_is_supported() -> None:
    verdict = _supports(
        "Every one of the region's 47 police authorities has four directorates.",
        "All 47 regional police authorities have an identical structure of four directorates.",
    )
    assert verdict.verdict == "supports", verdict


def test_a_figure_given_to_the_other_side_contradicts() -> None:
    """Both sentences name both sides; which side each figure takes decides: the claim's
    'half … favoured' against the source's 'half … objected'."""
    source = (
        "Among the mayors, about half objected to the curfew, whereas only 20 to 25% were in "
        "favour of it."
    )
    verdict = _supports(
        "Among the mayors, about half favoured the curfew, whereas only 20 to 25% objected to it.",
        source,
    )
    assert verdict.verdict == "contradicts", verdict
    assert ("direction", "half … favoured", "half … objected") in verdict.conflicts, verdict
    assert _supports(
        "About half of the mayors objected to the curfew; only 20 to 25% favoured it.", source
    ).holds


def test_a_paraphrase_keeps_its_polarity_however_it_is_worded() -> None:
    """'failed to' and 'failure to' are one negation; 'half of all' is a share, not 'all';
    the claim's own words as an acronym in the source ('CAC') are no other actor."""
    assert _supports(
        "Because the agencies failed to share it, the data could not be combined.",
        "Due to the agencies' failure to share it, the data could not be combined.",
    ).holds
    assert _supports(
        "Searches are clustered: 9% of areas account for half of all searches.",
        "Searches are concentrated in some areas: half of all searches took place in 9% of areas.",
    ).holds
    assert _supports(
        "Deputies rated the citizen advisory council more favourably than others did.",
        "Deputies rated the CAC more favourably than others did.",
    ).holds


def test_a_changed_share_actor_or_alternative_contradicts() -> None:
    share = _supports(
        "Police can investigate the majority of the intelligence they receive.",
        "Police can only investigate a small percentage of the intelligence they receive.",
    )
    assert share.verdict == "contradicts" and share.conflicts[0] == ("quantifier", "most", "few")
    actor = _supports(
        "Once a coordinator approves the referral, an email is sent to the team.",
        "Once a supervisor approves the referral, an email is sent to the team.",
    )
    assert actor.verdict == "contradicts" and actor.conflicts[0][0] == "role"
    source = (
        "Shown a calm or an angry driver, officers saw more threat when the driver looked angry."
    )
    swapped = _supports(
        "Shown a calm or an angry driver, officers saw more threat when the driver looked calm.",
        source,
    )
    assert swapped.verdict == "contradicts"
    assert swapped.conflicts[0] == ("word", "looked calm", "looked angry")
    assert _supports(source, source).holds


def test_one_kind_of_a_thing_put_for_the_other_contradicts() -> None:
    source = "Officers who embraced a guardian mindset were more likely to find reforms fair."
    passage = f"We regressed support onto warrior and guardian mindsets. {source}"
    claim = "Officers who embraced a warrior mindset were more likely to find reforms fair."
    found = JUDGE.supports(
        claim, Evidence(source, passage=passage, similarity=0.85), _weights(claim)
    )
    assert found.verdict == "contradicts"
    assert found.conflicts[0] == ("kind", "warrior mindset", "guardian mindset")
    # the document's title may name the two kinds
    title = "The relationship between warrior and guardian mindsets and support for reform"
    titled = Evidence(source, passage=source, about=title, similarity=0.85)
    assert JUDGE.supports(claim, titled, _weights(claim)).verdict == "contradicts"
    # without the two kinds named together, two words are merely two words
    alone = JUDGE.supports(
        claim, Evidence(source, passage=source, similarity=0.85), _weights(claim)
    )
    assert not any(kind == "kind" for kind, _, _ in alone.conflicts)


def test_a_figure_in_brackets_belongs_to_the_words_before_it() -> None:
    source = "Of all predictors, job satisfaction (r=.41, p<.01) related most to morale."
    verdict = _supports("Of all predictors, pay (r=.41, p<.01) related most to morale.", source)
    assert verdict.verdict == "contradicts", verdict
    assert verdict.conflicts[0] == ("what the figure is for", "pay (.41)", "job satisfaction (.41)")
    assert _supports(
        "Job satisfaction (r=.41) was the predictor most related to morale.", source
    ).holds


def test_figures_told_in_a_sentence_are_a_statement_not_a_table() -> None:
    told = "Of the people stopped, 12% were under 16, 41% were 16 to 30, and 47% were older."
    assert _supports(
        "Of those stopped, 12% were under 16, 41% were aged 16 to 30 and 47% were older.", told
    ).holds
    assert [q.text for q in quantities("aged 16 to 30 and 47% were older")] == ["16", "30", "47%"]
    assert [q.text for q in quantities("between 20 and 25% of them")] == ["20%", "25%"]
    table = "Female -.030 (.09) -.046 (.16) -.041 (.19) .046 (.18) -.054 (.12)"
    assert not _supports("Female officers scored -.030 (.09) on the scale.", table).holds


def test_number_words_fractions_and_percentages_agree() -> None:
    assert _supports(
        "More than nine in ten of the searches were of men.",
        "Of the searches, 92% were of men or boys.",
    ).holds
    assert _supports(
        "Staff may take as many as ten days of leave after six months.",
        "Staff may take up to 10 days of leave after six months of service.",
    ).holds


def test_a_changed_number_contradicts_and_names_both_figures() -> None:
    verdict = _supports(
        "Approximately 41% of agencies had no written policy on cameras.",
        "Approximately 14% of agencies had no written policy on cameras.",
    )
    assert verdict.verdict == "contradicts"
    assert ("figure", "41%", "14%") in verdict.conflicts
    assert "14%" in verdict.reason and "41%" in verdict.reason


def test_a_changed_year_and_a_changed_duration_contradict() -> None:
    assert _supports(
        "The union formally endorsed the model in 2010.",
        "The union formally endorsed the model in 2005.",
    ).conflicts[0] == ("year", "2010", "2005")
    verdict = _supports(
        "The recording must be made no later than two months after the episode.",
        "The recording must be made no later than two weeks after the episode.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "duration"


def test_a_year_beside_the_sentence_does_not_outweigh_its_own() -> None:
    """The sentence dates the approval 2004; the 2011 of its neighbour is another event's. A
    sentence with acronyms in it is still a statement."""
    verdict = JUDGE.supports(
        "The port board approved the patrol plan of the EU and the UN in 2011.",
        Evidence(
            "The port board approved the patrol plan of the EU and the UN in 2004.",
            context="In 2011, the board added a night shift to the patrols.",
            similarity=0.9,
        ),
        _weights("The port board approved the patrol plan of the EU and the UN in 2011."),
    )
    assert verdict.verdict == "contradicts", verdict
    assert verdict.conflicts[0] == ("year", "2011", "2004")


def test_a_negation_added_contradicts() -> None:
    verdict = _supports(
        "Self-legitimacy was significantly related to the outcome among managers.",
        "Self-legitimacy was not significantly related to the outcome among managers.",
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[0] == ("negation", "affirmative", "negative")


def test_a_swapped_place_contradicts() -> None:
    verdict = _supports(
        "The first congress on police cooperation was held in Geneva in 1914.",
        "The first congress on police cooperation was held in Monaco in 1914.",
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[0] == ("name", "Geneva", "Monaco")


def test_a_people_is_named_by_its_country_and_back() -> None:
    source = "The study surveyed 683 young adults in Slovenia about their trust in the police."
    assert _supports(
        "Surveying 683 young Slovenians, the study asked about trust in police.", source
    ).holds
    other = _supports(
        "Surveying 683 young Croatians, the study asked about trust in police.", source
    )
    assert other.verdict == "contradicts" and other.conflicts[0][0] == "name"
    assert _supports(
        "Swedish police analysts meet every second week.",
        "In Sweden, police analysts meet every second week.",
    ).holds
    question = "Into how many wards was Rome divided?"
    assert _answers(question, "In the Roman empire, 14 wards were created.").holds


def test_a_swapped_rank_contradicts() -> None:
    """The act given to another rank or office than the source gives it to; the same rank in
    the plural, or a rank beside no other, is no conflict."""
    verdict = _supports(
        "Such searches may only be authorised where a superintendent expects serious violence.",
        "Such searches may only be authorised where an inspector expects serious violence.",
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[0] == ("role", "superintendent", "inspector")
    assert (
        _supports(
            "Sergeants brief the night shift.", "The night shift is briefed by its sergeant."
        ).conflicts
        == ()
    )


def test_swapped_figures_contradict() -> None:
    verdict = _supports(
        "Most of the chiefs were white (94%) and male (89%).",
        "Most of the chiefs were white (89%) and male (94%).",
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[0][0] == "figures swapped"


def test_figures_swapped_between_clauses_contradict() -> None:
    """The thing a figure counts may stand after it in one sentence and before it in the
    other; the clause decides whose figure it is. Both in one clause decides nothing."""
    verdict = _supports(
        "The audit scale averaged four items on patrol conduct and the trust scale averaged "
        "nine items on neighbourhood views.",
        "One scale averaged nine items on patrol conduct, and a second scale averaged four "
        "items on neighbourhood views.",
    )
    assert verdict.verdict == "contradicts", verdict
    assert verdict.conflicts[0][:2] == ("figures swapped", "four"), verdict
    same_clause = _supports(
        "Forms came back from 312 of the 405 constables asked, a return of 77 percent.",
        "Of the 405 constables asked to take part, 312 sent back a form, a 77% return.",
    )
    assert same_clause.verdict == "supports", same_clause


def test_a_changed_quantifier_contradicts() -> None:
    assert quantifier("some, but not all, of the dimensions mattered") == "partial"
    assert quantifier("all of the dimensions mattered") == "universal"
    verdict = _supports(
        "All of the dimensions of procedural justice predicted noncompliance.",
        "Some, but not all, of the dimensions of procedural justice predicted noncompliance.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "quantifier"
    narrowed = _supports(  # a scope narrowed by what the cases involve
        "Six checks are made only in burglary reports involving elderly victims.",
        "Six checks are made in all burglary reports.",
    )
    assert narrowed.verdict == "contradicts" and narrowed.conflicts[0][0] == "quantifier"
    only = _supports(  # all parties, particularly victims, against only the victims
        "Safety means ensuring only the victims are made safe and kept safe.",
        "Safety means ensuring all parties are made safe and kept safe, particularly victims.",
    )
    assert only.verdict == "contradicts" and only.conflicts[0][0] == "quantifier"
    assert quantifier("Not only the victims are made safe, but all parties.") != "partial"
    assert quantifier("If only this was known, all officers would act.") == "universal"
    for text in ("Only days were left.", "If only the victims were heard.", "Only Wales was cut."):
        assert quantifier(text) != "partial", text
    alone = "Wales alone was excluded, and all English forces took part."
    assert _supports("Only Wales was excluded, and all English forces took part.", alone).holds


def test_a_changed_direction_contradicts() -> None:
    verdict = _supports(
        "Arrests decreased in the treatment areas during the experiment.",
        "Arrests increased in the treatment areas during the experiment.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "direction"


def test_a_fact_the_source_lacks_is_not_supported() -> None:
    verdict = _supports(
        "The force cut burglary by a quarter within two years of adopting the model.",
        "The force adopted the model and reviewed its burglary strategy.",
        similarity=0.8,
    )
    assert verdict.verdict == "related"
    assert "a quarter" in verdict.missing


def test_loosely_related_words_do_not_support() -> None:
    verdict = _supports(
        "Mayors halved street robbery by funding neighbourhood teams.",
        "Security policy in metropolitan regions is set by many actors.",
        similarity=0.45,
    )
    assert not verdict.holds


def test_a_claim_that_shares_only_its_document_s_common_words_is_not_supported() -> None:
    """An invented duty dressed in a policy's own words: it shares only the words the policy
    uses throughout with a sentence about another duty. Unknown common words judge as before."""
    claim = "Officers must photograph each child present at a family harm episode."
    source = (
        "Officers must be aware that attending family harm episodes is one of the most "
        "dangerous parts of their job."
    )
    common = frozenset({"offic", "must", "famili", "harm", "episod"})
    unknown = JUDGE.supports(claim, Evidence(source, similarity=0.7), _weights(claim))
    known = JUDGE.supports(claim, Evidence(source, similarity=0.7, common=common), _weights(claim))
    assert unknown.verdict == "supports"
    assert known.verdict == "related" and "common words" in known.reason


def test_a_paraphrase_sharing_particular_words_is_supported_from_a_lower_score() -> None:
    """Reworded: few words alike, but two of them ('level', 'control') not the document's
    everyday words. Supported from PARTICULAR_THRESHOLD, not SUPPORT_THRESHOLD; not when all
    it shares is common to its document."""
    claim = (
        "Safety plans also help victims to grasp their level of danger and to regain some "
        "control over their circumstances."
    )
    source = "They can help victims understand their level of risk and take some control."
    common = frozenset({"safeti", "victim", "help"})

    def judged(similarity: float, common: frozenset[str] | None) -> object:
        evidence = Evidence(source, similarity=similarity, common=common)
        return JUDGE.supports(claim, evidence, _weights(claim))

    low = judged(0.65, common)
    assert PARTICULAR_THRESHOLD <= low.score < SUPPORT_THRESHOLD and low.verdict == "supports"
    assert judged(0.65, None).verdict == "related"  # (the words' use not known)
    assert judged(0.65, frozenset(content_stems(claim))).verdict == "related"
    assert judged(0.5, common).verdict == "related"


def test_shared_words_of_a_name_or_of_the_document_s_data_are_not_particular() -> None:
    sentence = "We reviewed court practices in Ferguson and St. Louis County by Nix."
    claim = "Nix says Ferguson should move its court cases to St. Louis County."
    assert particular(claim, sentence, None) is None
    # shared: court, ferguson, st, louis, county; a name found counts once ("Ferguson and
    # St", "Louis County"); "nix" is the document's author
    assert particular(claim, sentence, frozenset(), about="Nix, J. Policing") == 3
    assert particular(claim, sentence, frozenset({"court"}), about="Nix") == 2


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("behaviour", "behavior"),
        ("organised", "organized"),
        ("favourably", "favorably"),
        ("analysed", "analyzed"),
        ("centres", "centers"),
        ("offences", "offenses"),
        ("self-defence", "self-defense"),
        ("licence", "license"),
        ("programme", "program"),
        ("judgement", "judgment"),
    ],
)
def test_british_and_american_spellings_share_a_stem(british: str, american: str) -> None:
    assert stem(british) == stem(american)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("theses", "thesis"),
        ("hypotheses", "hypothesis"),
        ("analyses", "analysis"),
        ("crises", "crisis"),
    ],
)
def test_a_greek_plural_in_ses_shares_its_singular_s_stem(plural: str, singular: str) -> None:
    """('The "disorganized crime" and choice theses' is the heading of the thesis asked
    about); 'these', 'cases', 'processes' keep theirs."""
    assert stem(plural) == stem(singular)
    assert stem("these") != stem("thesis") and stem("cases") == stem("case")


def test_words_a_stem_merges_are_counted_in_the_document_in_each_form() -> None:
    """The lexical index counts a word as written; the stem drops a possessive and folds a
    British spelling: 'officer's' and 'behaviour' are counted as 'officer' and 'behavior'
    too, and are common where the document uses those throughout."""
    counts = {"officer": (9, 10), "behavior": (8, 10), "officer's": (1, 10), "behaviour": (0, 10)}
    common = document_common(
        "An officer's behaviour was rare.", lambda word: counts.get(word, (0, 10))
    )
    assert common == {stem("officer"), stem("behavior")}


def test_an_acronym_matches_its_expansion() -> None:
    assert _supports(
        "The ministry planned to have intelligence-led policing fully in place by 2018.",
        "The plan is to have ILP fully implemented by the ministry in 2018.",
    ).holds
    (nrw,) = names("the North Rhine-Westphalia police")
    assert name_in(nrw, profile("All authorities in NRW are organised alike."))
    # a common abbreviation stands for the place a question names with its adjective
    (european,) = names("How many European metropolises did the study cover?")
    assert name_in(european, profile("The study of 24 EU metropolises found a shift."))
    assert not name_in(european, profile("The study of 24 US metropolises found a shift."))
    # a plural acronym stands for its words, however the hyphen is written
    (ngos,) = names("Staff keep in touch with iwi and NGOs.")
    assert name_in(ngos, profile("They work with iwi and non‐government organisations."))
    assert not name_in(ngos, profile("They work with iwi and other government bodies."))
    # acronyms side by side stand each for its own words
    (both,) = names("Which volume of the OSCE ILP guidebook?")
    assert name_in(both, profile("OSCE Guidebook on Intelligence-Led Policing"))
    assert not name_in(both, profile("OSCE Guidebook on Community Policing"))


def test_a_word_that_opens_a_sentence_is_no_part_of_the_name_after_it() -> None:
    found = [n.text for n in names("Although Kent Police did. Unlike Sweden, Norway did.")]
    assert found == ["Kent Police", "Sweden", "Norway"]
    found = [n.text for n in names("Per the Home Office's data, how many were searched?")]
    assert found == ["Home Office"]  # 'per' as 'according to', not a first name
    assert [n.text for n in names("US officers and Red Cross staff")] == ["US", "Red Cross"]
    # a name the question sets aside, whatever its case, is no constraint
    spec = read_question("Besides the Secretary General's preface, who signed the other one?")
    assert spec.names == ()
    # nor is a verb in -ing opening it before a preposition ('Drawing on Tyler')
    found = [n.text for n in names("Drawing on Tyler, they argue. Writing for the OSCE, I agree.")]
    assert found == ["Tyler", "OSCE"]
    assert [n.text for n in names("Reading Borough Council met in Beijing.")] == [
        "Reading Borough Council",
        "Beijing",
    ]


def test_the_thing_asked_for_is_no_participle_after_it() -> None:
    spec = read_question("What is the 'disorganized crime' thesis described in the article?")
    assert spec.head == "thesis"


def test_where_the_answer_stands_is_not_what_it_is_about() -> None:
    """'According to a footnote' and 'roughly' are not words the answering sentence holds."""
    question = "According to a footnote, which police force first put the model into practice?"
    assert read_question(question).key.isdisjoint({"footnot", "accord"})
    assert "rough" not in read_question("Roughly how many officers were surveyed?").key
    verdict = _answers(
        question,
        "The Home Office introduced the model in 1993, but the Kent Police first put it into "
        "practice.",
    )
    assert verdict.holds, verdict


def test_the_year_of_a_cited_work_conflicts_with_no_event_year() -> None:
    kinds = [q.kind for q in quantities("Handbook on the police model (2016: 16).")]
    assert kinds[0] == "cited"
    assert _supports(
        "Smith et al. (2022) surveyed 113 officers in two departments.",
        "Smith et al. (2022) surveyed 113 officers across two departments.",
    ).holds
    for cited in ("Fridell and colleagues (2009) counted", "Cordner's (2017) survey found"):
        assert [q.kind for q in quantities(cited)] == ["cited"]
    question = "How many departments did Fridell and colleagues (2009) analyse?"
    answer = "Fridell et al. (2009) analyzed data from 158 departments in 2001."
    assert _answers(question, answer).holds


# ---------------------------------------------------------------------------- questions


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("How many officers were shot in 2020?", "count"),
        ("What share of calls concern family harm?", "percent"),
        ("How much wealth did criminal groups hold?", "money"),
        ("When did the convention come into force?", "date"),
        ("How often do the groups meet?", "duration"),
        ("In which city is the office based?", "place"),
        ("Who was the project manager of the guidebook?", "person"),
        ("What is meant by audience legitimacy?", "definition"),
        ("Why is reform resisted by officers?", "reason"),
        ("How much time did the review team spend on site?", "duration"),
        ("Why may an employee who is the respondent of an order not carry a Taser?", "reason"),
        ("According to the report, who was the first commissioner?", "person"),
        ("Where do officers derive their self-legitimacy from?", "other"),
        ("What was the average age of the people arrested?", "quantity"),
        ("What is the maximum prison sentence for a breach?", "quantity"),
        ("What is the force's target time for emergency calls?", "duration"),
        ("How much did the city spend on overtime?", "money"),
        ("What was Tyler's argument about why most people obey the law?", "reason"),
        ("Does the guidebook want officers to gather intelligence?", "yesno"),
        ("When Texas chiefs rated stakeholders, how did they score local media?", "other"),
        ("What shift in how big cities handle disorder did the study find?", "other"),
        ("In how many towns did the trial run?", "count"),
        ("What telephone number do people dial in an emergency?", "count"),
        ("What explains the number of complaints against officers?", "reason"),
        ("Which incidents count as a use of force?", "other"),
        # a question in two parts is typed by its first part (either part may be answered)
        ("Where did the experiment run, and in how many beats?", "place"),
        ("What was the agency's operating income in 2020?", "money"),
        ("Which revenue sources did the city rely on?", "other"),
        ("What was the response rate among large agencies?", "percent"),
        ("Which ward had the most searches, and at what monthly rate?", "place"),
        ("What pooled effect size did the meta-analysis find?", "quantity"),
        ("The guidebook opens with two statements. Besides the preface, who signed one?", "person"),
        ("In 2015, who led the Met?", "person"),
        ("How many results did the search give, and over what period?", "count"),
        # a second part's 'when' asks for circumstances as often as for a date
        ("Which services help victims, and when will the police call them in?", "other"),
        ("What did the panel, whose chair was new, recommend?", "other"),
        # countries in the plural, after two words that qualify them; not after a verb
        ("Which EU member States rank their sources on a 4x4 grid?", "place"),
        ("Which rules apply, and what have some nations done since?", "other"),
    ],
)
def test_the_answer_type_of_a_question(question: str, answer_type: str) -> None:
    assert read_question(question).answer_type == answer_type


def test_a_plural_noun_of_the_answer_s_kind_is_no_topic_word() -> None:
    topic = read_question("On what dates and in which cities did the harbour board meet?").topic
    assert topic == {"harbor", "board", "meet"}


def test_how_a_question_asks_is_not_what_it_asks_about() -> None:
    assert read_question("What is meant by 'audience legitimacy'?").key == {"audienc", "legitimaci"}


def test_a_count_must_count_the_thing_asked_about() -> None:
    focus = read_question("How many patrol officers were assigned to the division?").focus
    assert holds_type("count", focus, "About 120 patrol officers were assigned to it.", "")
    assert not holds_type("count", focus, "The division ran the trial for 172 days.", "")
    assert not holds_type("count", focus, "Officers must: 2. Review complaints.", "")
    assert not holds_type("count", focus, "In three test divisions, patrol officers met.", "")
    towns = read_question("How many European towns did the study cover?").focus
    assert holds_type("count", towns, "The study of 24 EU towns found a shift.", "")
    notices = "How many kinds of notice does the agency issue, and in which colours?"
    kinds_of = "The agency issues eight types of agency notices, seven of which are coloured."
    assert holds_type("count", read_question(notices).focus, kinds_of, notices)
    kinds = read_question("How many kinds of warning does the agency send out?").focus
    assert holds_type("count", kinds, "It sends five types of Interpol warnings.", "")
    assert not holds_type("count", kinds, "The agency sends warnings to five offices.", "")


def test_a_count_counts_the_head_noun_not_its_modifier() -> None:
    question = "How many police officers does the state police employ?"
    focus = read_question(question).focus
    assert not holds_type(
        "count", focus, "All 47 regional police authorities share one plan.", question
    )
    assert holds_type("count", focus, "The state employs 41,000 police officers.", question)
    people = "How many people were searched?"
    assert holds_type(
        "count", read_question(people).focus, "Some 215,423 people were searched.", people
    )


_STOPS = "How many patrol stops did the audit review?"
_SUPERVISORS = "How many supervisors signed the letter?"
_STATEMENTS = "How many statements about the harbour police role did officers rate?"


@pytest.mark.parametrize(
    ("question", "sentence", "counts"),
    [
        (_STOPS, "The audit reviewed 240 randomly chosen night-time vehicle patrol stops.", True),
        (_STOPS, "The audit reviewed 240 files about patrol stops.", False),
        (_SUPERVISORS, "In all, 17 supervisory-grade staff signed it.", True),
        (_SUPERVISORS, "In all, 17 supervision files were signed.", False),
        # under another name, described by two of the question's words
        (
            _STATEMENTS,
            "Officers rated 9 items on the role of the harbour police from 1 to 5.",
            True,
        ),
        (_STATEMENTS, "Officers rated 9 photographs of harbour scenes from 1 to 5.", False),
        # the words before the noun asked make it what it is: searches are no permits
        (
            "How many section 12 permits did the harbour police issue in 2021?",
            "Of the 640 searches under section 12 in 2021, half took place at night.",
            False,
        ),
        # not where the noun asked stands, counted by no number
        (
            "How many participating harbour states had adopted the code?",
            "We thank 30 experts from participating harbour states for their advice.",
            False,
        ),
    ],
)
def test_a_count_counts_the_noun_its_phrase_ends_with_in_any_form(
    question: str, sentence: str, counts: bool
) -> None:
    """The noun a number counts may stand after a run of modifiers, as the adjective made from
    the noun asked about, or under another name the question's words describe; a noun after a
    preposition is not what it counts."""
    assert holds_type("count", read_question(question).focus, sentence, question) is counts


def test_a_figure_in_a_sentence_without_the_question_s_words_is_about_something_else() -> None:
    question = "What share of the wardens in Lund's harbour study held a diving licence?"
    about = "Lund (2019). Harbour wardens at work"
    other = "In an early survey, 37% of those asked said patrols ran too long."
    judged = _answers(question, other, about=about)
    assert not judged.holds and "about something else" in judged.reason
    own = "In all, 37% of them held a diving licence."
    assert _answers(question, own, about=about).holds


def test_a_duration_is_in_the_unit_the_question_names() -> None:
    question = "How many hours of de-escalation training do the departments require?"
    focus = read_question(question).focus
    assert not holds_type("duration", focus, "Just 5 years ago, the review lamented it.", question)
    assert holds_type("duration", focus, "Recruits complete 40 hours of training.", question)
    often = "How often do the groups meet?"
    assert holds_type("duration", frozenset(), "They meet every two weeks.", often)
    assert not holds_type("duration", frozenset(), "Nine out of every 10 officers agreed.", often)


def test_an_average_is_a_figure_of_the_thing_averaged() -> None:
    question = "What was the average age of the people arrested during the trial?"
    focus = read_question(question).focus
    assert not holds_type("quantity", focus, "It ran in three divisions from 2011.", question)
    assert holds_type("quantity", focus, "Arrestees were on average 31 years of age.", question)
    penalty = "What is the maximum prison sentence for breaching an order?"
    focus = read_question(penalty).focus
    assert holds_type("quantity", focus, "A breach carries a sentence of up to 3 years.", penalty)
    assert not holds_type(
        "quantity", focus, "Bail is refused for 24 hours after a breach.", penalty
    )


def test_a_group_or_a_role_answers_who_unless_one_person_is_asked_for() -> None:
    who = "Who most often inflicts elder abuse, according to the manual?"
    assert holds_type(
        "person", frozenset(), "It is most often inflicted by children of the victim.", who
    )
    surveyed = "Whom did the authors survey, and when?"
    assert holds_type(
        "person", frozenset(), "In 2015 we surveyed alumni of a police institute.", surveyed
    )
    one = "Who was the first commissioner of the force?"
    assert not holds_type("person", frozenset(), "Women officers joined the force in 1919.", one)
    assert holds_type("person", frozenset(), "Sir Charles Rowan was its first commissioner.", one)


def test_a_label_counts_nothing() -> None:
    text = "Chapter 8 and Table 4 on p. 12 describe 2,000 officers."
    assert [(q.text, q.kind) for q in quantities(text)] == [("2,000", "count")]
    question = "What threat score did the largest group receive?"
    assert not holds_type(
        "quantity", frozenset(), "Chapter 8 presents two assessment tools.", question
    )
    assert holds_type(
        "quantity", frozenset(), "The largest group received a score of 63.", question
    )


def test_a_missing_answer_type_is_not_an_answer() -> None:
    verdict = _answers(
        "How many analysts work in the national intelligence centre?",
        "The national intelligence centre is staffed by analysts from eleven agencies.",
    )
    assert verdict.verdict == "related"
    assert verdict.reason == "the source gives no number"


def test_a_sentence_holding_the_asked_figure_answers() -> None:
    verdict = _answers(
        "How many additional officers were shot after the murder?",
        "The murder was associated with an additional 37 officers shot in the line of duty.",
    )
    assert verdict.verdict == "answers", verdict


def test_a_year_the_question_names_must_stand_by_the_answer() -> None:
    question = "How many safety orders did the police issue in 2021?"
    verdict = _answers(question, "The police issued 1,200 safety orders in 2014.")
    assert verdict.verdict == "related" and verdict.conflicts[0] == ("year", "2021", "2014")
    assert _answers(question, "In 2021 the police issued 1,200 safety orders.").holds
    # a figure's year stands by it; an explanation's year is its setting, which the passage
    # may give
    passage = "The 2021 survey went to 800 agencies. We first sorted the agencies by size."
    assert not _answers(question, "The police issued 1,200 safety orders.", passage=passage).holds
    how = "How was the 2021 sample of agencies drawn?"
    assert _answers(
        how, "We first sorted the agencies by size, then drew a sample.", passage=passage
    ).holds


def test_the_thing_a_question_asks_to_be_named_must_stand_by_the_answer() -> None:
    question = "What rifle model is issued to the border police?"
    assert read_question(question).head == "model"
    assert not _answers(question, "The border police were founded in 1950 in the north.").holds
    assert _answers(question, "The border police are issued the G3 model as their rifle.").holds
    # a thing displayed or worn is named by its kind: 'What motto is painted on …', 'what
    # badge does a sergeant wear'
    painted = "What motto is painted on the doors of the harbour police's patrol boats?"
    assert read_question(painted).head == "motto"
    boats = "The harbour police's patrol boats were painted blue and white in 1998."
    assert not _answers(painted, boats).holds
    worn = "In the harbour police, what badge does a sergeant wear on the cap?"
    assert read_question(worn).head == "badge"
    assert read_question("What trend is shown in Figure 3 of the harbour report?").head == ""


def test_a_date_answers_only_where_the_act_it_dates_is_told() -> None:
    """'first elected' asks for the date of an election: a sentence that dates the first of
    something else does not answer; one that tells the act, in the question's verb or its
    kin ('chosen', 'established'), does."""
    question = "In what year was the sheriff of the county first elected?"
    assert not _answers(question, "In 2015, the sheriff's first survey of the county began.").holds
    assert _answers(question, "The county's sheriff was first elected in 1996.").holds
    assert _answers(
        question, "The sheriff, first chosen by the county's voters in 1996, ran again."
    ).holds
    created = "When did the sheriff's department create its citizen council?"
    assert read_question(created).event >= {"creat", "establish", "found"}
    assert _answers(created, "The department established its citizen council in 2009.").holds
    assert not _answers(created, "The department surveyed its citizen council in 2009.").holds


def test_a_document_of_the_year_asked_names_and_explains_that_year_s_events() -> None:
    about = "Keynote at the police experts meeting. Leiden University. 2016"
    question = "Which programme did the speaker cite in her 2016 keynote?"
    sentence = "She cited the Top 600 programme of Amsterdam as early intervention."
    assert _answers(question, sentence, about=about).holds
    assert "2016" in _answers(question, sentence, about="Keynote. Leiden. 2019").missing
    # a figure keeps its year by it: a 2016 document gives earlier years' figures
    figure = "How many people were on the list in 2016?"
    assert not _answers(figure, "There were 600 people on the list.", about=about).holds


def test_a_table_row_found_by_the_figure_asked_answers_without_the_question_s_verb() -> None:
    question = "Where and on what dates did the North Sea Harbour Board hold its 7th review?"
    row = "7th; 3–4 May 2011; Bergen; Norway; North Sea Harbour Board statement on patrols"
    assert _answers(question, row).holds
    other = "9th; 3–4 May 2013; Bergen; Norway; North Sea Harbour Board statement on patrols"
    assert not _answers(question, other).holds


def test_a_work_s_year_is_its_citation() -> None:
    """'Writing in 1958' dates a work, which a sentence names by its citation; the year of
    another work cited beside it is no other date."""
    question = "Which author, writing in 1958, called night patrols a waste of officers?"
    sentence = "Harlow (1958) called night patrols a waste of officers, as Brandt did in 1971."
    assert _answers(question, sentence).holds
    assert not _answers(question, "Brandt (1971) called night patrols a waste of officers.").holds
    # a cited year dates only a work: a fact of another year is not the year asked
    fell = "Why did night patrols fall in 2015?"
    other = "Night patrols fell in 2011 because of new guidance (Home Office, 2015)."
    assert not _answers(fell, other).holds


def test_a_document_s_own_year_dates_only_the_document() -> None:
    """The guidebook is of 2017: 'the 2017 guidebook' is satisfied by that, 'the 2017 meeting'
    is not; a figure 'in that period' takes its year from the passage; a place beside the
    sentence that dates its event to another year does not answer."""
    about = "OSCE (2017). Guidebook on intelligence-led policing."
    meeting = "Where was the 2017 experts meeting held?"
    lead = "The experts meeting agreed on the need for a common notion of the concept."
    held = "It was held in Vienna in June 2016."
    assert not _answers(meeting, lead, about=about, after=held, context=held).holds
    asked = "How many steps does the 2017 guidebook's model have?"
    assert _answers(asked, "The model has five steps.", about=about).holds
    share = "What share of searches in 2021 were for drugs?"
    passage = "Officers made 200,000 searches in 2021. Of those, 60% of searches in that period "
    passage += "were for drugs."
    period = "Of those, 60% of searches in that period were for drugs."
    assert _answers(share, period, passage=passage).holds
    assert not _answers(share, "Of those, 60% of searches were for drugs.", passage=passage).holds


def test_of_several_years_one_stands_by_the_answer_the_others_may_set_the_scene() -> None:
    question = "A man fined once in 2009: how much had he paid the court by 2014?"
    passage = "In 2009, a man was fined for parking. By 2014 he had paid $600 to the court."
    paid = "By 2014 he had paid $600 to the court."
    assert _answers(question, paid, passage=passage).holds
    assert not _answers(question, paid, passage=paid).holds  # 2009 nowhere
    assert not _answers(question, "He had paid $600 to the court.", passage=passage).holds


def test_a_year_set_before_is_no_constraint_on_the_year_asked() -> None:
    """A conversation's earlier question, or a sentence setting the scene, may name a year;
    when the asking sentence asks for a year itself, the answer gives another."""
    question = (
        "Which national agencies did the state create from 1820 onwards? And which town was "
        "the first to get its own municipal fire brigade, and in what year?"
    )
    assert read_question(question).years == ()
    assert read_question("When did the 2010 summit take place?").years == (2010.0,)
    first = "The first municipal fire brigades were founded in Harwick in 1798 and Dunmore in 1811."
    assert _answers(question, first).holds
    # a year the asking sentence names is still asked
    assert not _answers("Which town got the first fire brigade in 1820?", first).holds
    # a year the scene gives is no answer to the year asked
    began = "The joint effort began in 2009. In what year was it widened to the regions?"
    assert not holds_type("date", frozenset(), "In 2009, nine agencies signed up to it.", began)
    assert holds_type("date", frozenset(), "The effort was widened in 2016.", began)
    # … and the next sentence may give the year asked for
    meeting = "The 1898 conference in Rome came to nothing. In what year was the next one held?"
    lead = "Italy hosted the 1898 conference in Rome, which brought delegates together."
    after = "Neither it nor its follow-up meeting in Madrid in 1904 achieved anything."
    verdict = _answers(meeting, lead, similarity=0.9, after=after, context=after)
    assert verdict.holds and verdict.beside == "after"


def test_a_name_asked_after_a_scene_needs_enough_of_the_asking_sentence_s_words() -> None:
    """A long scene before the asking sentence dilutes the share of the question's words that
    the answering sentence holds; the asking sentence's own share counts too, when the
    sentence gives the name asked, not a figure of another part."""
    scene = (
        "The harbour survey behind the authors' study of dock workers' pay and overtime "
        "belonged to a wider programme of coastal labour research across four regions."
    )
    question = f"{scene} Which ministry paid for that programme?"
    paid = "The programme was paid for by the Ministry of Maritime Affairs."
    assert _answers(question, paid, 0.9, passage=paid).holds
    assert not _answers(scene + " Which ministry ran the ferries?", paid, 0.9, passage=paid).holds
    counted = f"{scene} In which region was the largest port, and how many docks did it have?"
    docks = "The programme counted docks: 0 to 4, 5 to 9, or 10."
    assert not _answers(counted, docks, 0.9, passage=docks).holds


def test_a_share_answers_only_as_a_share_of_what_is_asked_about() -> None:
    """'What percentage of safety orders …' is not answered by a share of unreported violence;
    a share 'of those he asked' refers back, and 'stop-and-searches' are stops as well."""
    question = "What percentage of safety orders issued in the region are breached?"
    assert not _answers(question, "In the region, 76% of family violence is not reported.").holds
    assert _answers(question, "In the region, 12% of safety orders issued are breached.").holds
    asked = "What share of the officers surveyed thought force was justified?"
    assert _answers(
        asked, "Officers surveyed: 37% of those he asked thought force justified."
    ).holds
    stops = "What share of the stop-and-searches in the city were of pedestrians?"
    assert _answers(stops, "In the city, 76% of stops were of pedestrians.").holds
    assert [q.text for q in quantities("closed due to COVID-19, officers made 50 stops")] == ["50"]
    women = "What proportion of pregnant women in the region report family violence?"  # irregular
    assert not _answers(women, "In the region, 76% of family violence is not reported.").holds
    assert _answers(women, "In the region, 18% of pregnant women report family violence.").holds


def test_a_length_of_time_answers_only_a_question_about_time() -> None:
    question = "What score cut-offs does the risk measure use for a high likelihood?"
    assert not _answers(question, "The risk measure gives the likelihood within two years.").holds
    assert _answers(question, "The risk measure counts a score of 40 as a high likelihood.").holds
    age = "What is the minimum age for the risk measure?"
    assert _answers(age, "The risk measure applies from the age of 17 years.").holds


def test_a_bare_number_counts_the_noun_asked_about_only_beside_it() -> None:
    question = "How many complaints about stop and search did the force receive?"
    assert not _answers(question, "The force made the most searches in Westminster (905).").holds
    assert _answers(question, "Complaints about stop and search: the force had 905 (2021).").holds


def test_what_actually_happened_is_not_answered_by_a_plan() -> None:
    question = "By how much did fine revenue actually rise in 2013?"
    assert not _answers(question, "In 2013, fine revenue was expected to rise by $2 million.").holds
    assert not _answers(
        question, "In 2013, he thought fine revenue could rise by $3 million."
    ).holds
    assert _answers(question, "In 2013, fine revenue rose by $2 million.").holds
    expected = "By how much was fine revenue expected to rise in 2013?"
    assert _answers(expected, "In 2013, fine revenue was expected to rise by $2 million.").holds


def test_a_survey_s_year_may_stand_once_in_the_passage() -> None:
    """'the 2019 NCVS survey' is named once, at the start of the passage; the figure's
    sentence after it cites a work and writes the question's words as an acronym ('BWCs')
    and is still about it."""
    question = (
        "What share of departments without body-worn cameras feared costs in the 2019 NCVS survey?"
    )
    passage = "The 2019 NCVS survey asked departments about cameras. Most cited evidence. "
    sentence = "Yet 61% of departments without BWCs feared the costs of storage (Lee, 2018)."
    assert _answers(question, sentence, passage=passage + sentence).holds
    asked = "What share of departments without body-worn cameras feared costs in 2019?"
    assert not _answers(asked, sentence, passage=passage + sentence).holds  # a figure's year


def test_a_name_in_brackets_is_an_aside_not_a_constraint() -> None:
    spec = read_question("How was the sample drawn by Nix and Wolfe (and by Tregle and Nix)?")
    assert [n.text for n in spec.names] == ["Nix and Wolfe"]
    assert [n.text for n in read_question("What is intelligence-led policing (ILP)?").names] == []


def test_a_figure_of_a_sibling_name_does_not_answer() -> None:
    """'Metropolitan Police' is a sibling of 'West Midlands Police' (same last word, no other
    shared): its figure is not the asked one's, even with the asked name in the next sentence;
    the asked name's own sentence, or one naming both, answers."""
    question = "How many stop searches did West Midlands Police record in 2021?"
    after = "West Midlands Police recorded fewer searches."
    sibling = "The Metropolitan Police recorded 230,000 stop searches in 2021."
    verdict = _answers(question, sibling, after=after, context=after)
    assert verdict.verdict == "related"
    assert verdict.conflicts[0] == ("name", "West Midlands Police", "Metropolitan Police")
    assert _answers(question, "West Midlands Police recorded 23,000 stop searches in 2021.").holds
    both = "West Midlands Police recorded 23,000 stop searches in 2021, the Metropolitan Police"
    assert _answers(question, both + " ten times as many.").holds
    # a figure beside the sentence is not taken from a sibling's sentence either
    lead = "West Midlands Police recorded its stop searches in 2021 as follows."
    assert not _answers(question, lead, after=sibling, context=sibling).holds


def test_a_name_answer_of_a_sibling_does_not_answer() -> None:
    """Whom or what a sentence names belongs to the body it names: the Harbour Police's unit
    does not answer for the River Police."""
    question = "What is the name of the River Police's diving unit?"
    sibling = "The Harbour Police's diving unit, Team Kestrel, searches the docks at night."
    after = "The River Police patrol the canals."
    verdict = _answers(question, sibling, after=after, context=after)
    assert verdict.verdict == "related", verdict
    assert verdict.conflicts[0] == ("name", "River Police", "Harbour Police"), verdict
    assert _answers(question, sibling.replace("Harbour", "River")).holds


def test_a_sentence_that_refers_back_is_read_with_the_one_before() -> None:
    """'This post was first held by …' names its person; what the post is, the sentence
    before says. A person's name may hold 'de la'; 'Scottish' is said of Scotland."""
    question = "Who first held the post of chief warden created for Lyon under King Henri?"
    before = "In 1602 King Henri created the post of chief warden for the city of Lyon."
    sentence = "This post was first held by Anne Marie de la Fontaine, who had ten deputies."
    passage = before + " " + sentence
    verdict = _answers(question, sentence, before=before, context=before, passage=passage)
    assert verdict.holds, verdict
    alone = _answers(question, "The job was first held by Anne Marie de la Fontaine.")
    assert not alone.holds
    scots = _answers(
        "How many drivers were stopped in the Scottish trial?",
        "In the trial in Scotland, officers stopped 816 drivers at checkpoints.",
    )
    assert scots.holds, scots


def test_a_cited_year_whose_bracket_opened_a_sentence_before() -> None:
    """A sentence split inside a citation ('(Sherman and Eck 2002; Weisburd and Eck 2004)')
    still cites its years; a month before a year is no author."""
    tail = "Eck 2002; Weisburd and Eck 2004)."
    assert [q.kind for q in quantities(tail)] == ["cited", "cited"]
    assert [q.kind for q in quantities("The unit opened in March 2004).")] == ["year"]


def test_a_decade_in_words_is_a_year() -> None:
    """'the early nineties' asks about the 1990s: a sentence dated to the 1980s does not
    answer it, one dated to the 1990s does; 'in their twenties' is an age, not a decade."""
    assert [q.value for q in quantities("popular in the early nineties")] == [1990.0]
    assert quantities("officers in their twenties") == ()
    assert "1990s" in content_stems("the nineties") & content_stems("the 1990s")
    question = "Which officials made the theory famous in the early nineties?"
    verdict = _answers(question, "The theory was made famous in the 1980s by James Wilson.")
    assert verdict.verdict == "related" and verdict.conflicts[0][:2] == ("year", "1990")
    answer = "The theory was made famous in the early 1990s by chief William J. Bratton."
    assert _answers(question, answer).holds
    # a year before 1800 after 'in', 'since' …, or as a decade; otherwise a count
    kinds = [(q.text, q.kind) for q in quantities("In 1737, George II paid the watch; 1737 men.")]
    assert kinds == [("1737", "year"), ("1737", "count")]
    assert [q.kind for q in quantities("A sheriff was named in the 1660s.")] == ["year"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Most people cannot judge a verdict, so they look at how they were treated.",
        "This can be attributed to the fact that managers rarely patrol.",
        "The gap stems from how the data were collected.",
        "Owing to the strike, patrols were cut.",
    ],
)
def test_a_reason_is_told_in_many_ways(sentence: str) -> None:
    assert holds_type("reason", frozenset(), sentence, "Why do they judge the process?")


def test_a_consequence_is_not_every_so() -> None:
    for sentence in ("The so-called warrior mindset is common.", "So far, few studies exist."):
        assert not holds_type("reason", frozenset(), sentence, "Why is it common?")


def test_a_reason_given_in_the_next_sentence_answers_a_why_question() -> None:
    question = "Why do the procedures not cover flatmates?"
    sentence = "The procedures do not cover flatmates, who get the usual response."
    after = "This is because the tools were designed for families."
    assert _answers(question, sentence, after=after).beside == "after"
    assert _answers(question, sentence, before=after).beside == ""  # a reason follows


def test_a_figure_beside_answers_only_a_sentence_without_one_of_another_kind() -> None:
    """A share the sentence gives the asked force is what it says of it: the total count in
    the sentence before is not the force's count. A bare number may count what the sentence
    before names ('just 50' stops)."""
    question = "How many searches did the transport police carry out last year?"
    total = "Officers carried out 20,000 searches last year."
    share = "Of those, 5% were carried out by the transport police."
    assert not _answers(question, share, before=total, context=total).holds
    elided = "The week after, the transport police carried out just 50."
    verdict = _answers(question, elided, before=total, context=total)
    assert verdict.holds and verdict.beside == "before"


def test_a_phrase_the_question_quotes_is_found_as_written() -> None:
    assert quoted_phrases("What happens in the fourth step, 'Review and assessment'?") == (
        "review and assessment",
    )
    assert quoted_phrases("What is ‘hot‐spots policing’ in “broken windows” terms?") == (
        "hot-spots policing",
        "broken windows",
    )
    assert quoted_phrases("Do officers' views differ from the chiefs' views?") == ()
    assert quoted_phrases("What does 'legitimacy' mean?") == ()  # one word: the words do
    assert quoted_phrases("Why 'unclosed " + "word " * 400 + "?") == ()
    question = "In the policy cycle, what happens in the fourth step, 'Review and assessment'?"
    holding = _answers(question, "STEP 4 – Review and assessment The plans are reviewed by COSI.")
    other = _answers(question, "STEP 4 – The plans and their assessment are reviewed by COSI.")
    assert holding.score > other.score
    assert "4" in content_stems("the fourth step") & content_stems("STEP 4")


def test_the_thing_a_question_asks_for_must_be_named() -> None:
    """'What is the standard service pistol of X?' is not answered by a sentence about X that
    names no pistol; 'What is the aim of X?' needs no word 'aim'."""
    question = "What is the standard service pistol of the federal police?"
    assert read_question(question).head == "pistol"
    off = _answers(question, "The federal police is supplemented by state police forces.")
    assert not off.holds and "pistol" in off.missing
    assert _answers(
        question, "The federal police carry the P30 as their standard service pistol."
    ).holds
    assert read_question("What is the main aim of the federal police?").head == ""


def test_a_name_the_question_names_must_be_in_the_source() -> None:
    question = "What threat score did the top group receive in Serbia's version of the tool?"
    verdict = _answers(question, "The top group received a threat score of 230.3 in the tool.")
    assert verdict.verdict == "related" and "Serbia" in verdict.missing
    found = _answers(
        question,
        "The top group received a threat score of 230.3 in the tool.",
        passage="Serbia adapted the tool to its own needs.",
    )
    assert found.holds


def test_a_cited_work_may_be_named_in_the_passages_around() -> None:
    question = "Why do assault records alone mislead, and what did Rojas et al. (2019) find?"
    sentence = "Records of assaults alone cannot show the calls in which no assault occurred."
    alone = _answers(question, sentence, passage="Assaults are recorded by agencies.")
    assert alone.verdict == "related" and "(2019)" in alone.missing
    around = "Using national data, Rojas et al. (2019) found fewer assaults at such calls."
    assert _answers(question, sentence, section=around).holds
    # a year of an event is not a work's: it still must stand by the answer
    event = "What did the police record in 2019, and why?"
    assert not _answers(event, sentence, section="In 2019 the police recorded 40.").holds


def test_how_often_is_answered_by_a_share() -> None:
    question = "How often did a search for knives end in an arrest?"
    assert _answers(question, "About 31% of searches for knives ended in an arrest.").holds
    assert not _answers(question, "Searches for knives were recorded by every borough.").holds


def test_one_group_of_people_by_its_other_name() -> None:
    question = "What share of Black drivers stopped in 2014 were searched?"
    sentence = "In 2014, 12% of African American drivers who were stopped were searched."
    assert _answers(question, sentence).holds
    assert "Black" in _answers(question, "In 2014, 12% of drivers stopped were searched.").missing


def test_a_group_that_narrows_the_people_asked_about_stands_by_the_answer() -> None:
    question = "What percentage of female deputies knew what the advisory council was?"
    whole = "About half of the deputies (50.7%) knew what the advisory council was."
    assert "female" in _answers(question, whole).missing
    assert _answers(question, "Of the female deputies, 41% knew what the council was.").holds
    # a person in the question's story narrows nothing
    story = "How many shots did officers fire at the unarmed man in the 2014 case?"
    assert _answers(story, "In the 2014 case, officers fired 12 shots.").holds


def test_review_counter_examples_of_this_stop_s_rules() -> None:
    """Each was a wrong verdict of a first version of a rule (a review found them)."""
    # a true paraphrase that names both kinds, or whose source names the claim's kind
    both = "Male and female officers were surveyed."
    claim = "Female officers reported more harassment than male officers."
    source = "Female officers reported more harassment than their male colleagues."
    found = JUDGE.supports(claim, Evidence(source, passage=both, similarity=0.9), _weights(claim))
    assert not any(kind == "kind" for kind, _, _ in found.conflicts)
    # a group word before other nouns than people's narrows nothing
    assert narrowing_groups("How did Black Lives Matter protests affect recruitment?") == set()
    assert narrowing_groups("What reforms did the government's white papers propose?") == set()
    # a noun in -eed is no participle; a lower-case 'phase 2' may be a figure
    assert read_question("What is the favoured breed of dog used by police forces?").head
    assert [q.text for q in quantities("In the second phase 120 officers were trained.")] == ["120"]
    # a relative clause is not the question; a transitive verb's object is what changed
    bittner = "According to Bittner, who defined the police by force, what sets them apart?"
    assert read_question(bittner).answer_type != "person"
    assert "complaint" in changed_measure("By how much did body-worn cameras reduce complaints?")
    # a document's year does not date 'in 2017' for a name
    about = "Kent Police history. 2017"
    chief = "Who was the chief constable of Kent Police in 2017?"
    first = "The first chief constable of Kent Police was Captain John Ruxton."
    assert not _answers(chief, first, about=about).holds
    # a name is kept whole after a word that may open a sentence but also begins names
    assert [n.text for n in names("Down District Council approved it.")] == [
        "Down District Council"
    ]


def test_a_numbered_part_of_a_study_is_no_figure() -> None:
    question = "By how much did the incidents decline for each one-point increase in trust?"
    assert not _answers(question, "Accordingly, Study 1 uses a measure of trust.").holds
    assert not _answers(question, "In Experiment 3, incidents were counted by trust level.").holds


def test_a_change_is_measured_in_what_the_question_says_changed() -> None:
    question = "By how much did residents' trust in the police change after the initiative?"
    other = "After the initiative, the areas had 82.8 crimes per 1,000 residents."
    assert not _answers(question, other).holds
    assert _answers(question, "After the initiative, trust in the police rose by 12%.").holds


def test_a_sentence_that_turns_to_another_study_takes_no_answer_from_before_it() -> None:
    question = "Which state had the highest death rate among officers shot, in the trauma study?"
    before = "Officers in Alaska had the highest rates of assault in the first study."
    turning = "In a separate study, the authors linked the death rate of officers shot to trauma."
    assert not _answers(question, turning, before=before, context=before).holds
    going_on = "The authors then linked the death rate of officers shot to trauma in that study."
    assert _answers(question, going_on, before=before, context=before).beside == "before"


def test_a_year_asked_for_is_not_a_decade() -> None:
    question = "In what year was the sheriff first elected?"
    assert not _answers(question, "The sheriff has been re-elected since the mid-1990s.").holds
    assert _answers(question, "The sheriff was first elected in 1994.").holds
    assert _answers(question, "1994's election first brought the sheriff into office.").holds


def test_either_part_of_a_question_in_two_parts_may_be_answered() -> None:
    question = (
        "How much time did the review team spend on site, and how many pages of police "
        "records did it read?"
    )
    assert _answers(question, "The review team read over 35,000 pages of police records.").holds
    assert not _answers(question, "The review team interviewed the city's officials.").holds
    # 'when do officers …' asks for circumstances, not for a date that would stand alone
    conditional = "How long can a safety order last, and when do officers issue one?"
    assert not _answers(conditional, "Officers issue a safety order when no charge is laid.").holds


def test_the_day_of_a_date_is_no_count() -> None:
    kinds = [q.kind for q in quantities("It ran from May 16, 2012, to January 10, 2013.")]
    assert kinds == ["year", "year"]
    assert [q.kind for q in quantities("accepted on Mar. 7, 2014")] == ["year"]
    assert [q.text for q in quantities("They examined 12 cases in March.")] == ["12"]


def test_a_place_is_a_name_used_as_a_place() -> None:
    question = "In which city is the election office based?"
    assert _answers(question, "The election office is based in Warsaw, Poland.").holds
    assert not _answers(question, "The election office observes elections for the OSCE.").holds


def test_a_cross_encoder_named_in_the_settings_joins_the_similarity(tmp_path: Path) -> None:
    """A real CrossEncoder (built here from the offline MiniLM weights with a one-output head)
    loaded through ASSISTANT_JUDGE_MODEL: its score is averaged with the embedding similarity."""
    from sentence_transformers import CrossEncoder

    from assistant.answers.configure import make_judge
    from assistant.settings import Settings
    from assistant.store.embed import resolve_model_path

    folder = tmp_path / "cross-encoder"
    CrossEncoder(resolve_model_path("all-MiniLM-L6-v2"), num_labels=1).save(str(folder))
    judge = make_judge(Settings(judge_model=str(folder)))
    assert isinstance(judge, RuleJudge) and judge.scorer is not None
    extra = judge.scorer("How many officers were shot?", "37 officers were shot.")
    assert 0.0 < extra < 1.0
    evidence = Evidence("37 officers were shot.", similarity=0.6)
    signals = judge.features("How many officers were shot?", evidence, {})
    assert signals["similarity"] == pytest.approx(0.5 * 0.6 + 0.5 * extra, abs=1e-6)
    assert make_judge(Settings()).scorer is None  # off by default


def test_frequencies_compare_however_they_are_written() -> None:
    assert _supports(
        "The national group meets by video fortnightly and in person once a month.",
        "The national group has video meetings every second week and meetings every month.",
    ).holds
    verdict = _supports(
        "The local group, whose rapporteurs head the intelligence units, meets every second week.",
        "The local group, whose rapporteurs head the intelligence units, meets once a week.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "frequency"
    # 'each day' is 'every day'; a count before it makes a rate ('160 calls each day'), no
    # frequency of its own
    assert _supports(
        "Every day, the duty inspector handed each crew a map of fifteen target streets.",
        "Each day the duty inspector handed every crew a map with 15 target streets.",
    ).holds
    assert not _supports(
        "Every day, the duty inspector handed each crew a map of fifteen target streets.",
        "Each week the duty inspector handed every crew a map with 15 target streets.",
    ).holds


def test_an_acronym_in_the_place_of_another_contradicts() -> None:
    verdict = _supports(
        "The head of each unit is the rapporteur of the POLG, which meets every second week.",
        "The head of each unit is the rapporteur of the ROLG, which meets every second week.",
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[0] == ("name", "POLG", "ROLG")


def test_a_reversed_comparison_contradicts() -> None:
    verdict = _supports(
        "The chiefs said that national media matter more than local media.",
        "The chiefs rated local media as more important than national media.",
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[0][0] == "comparison"


def test_a_cause_given_as_the_effect_contradicts() -> None:
    source = "When residents feel safe in their street, they are more willing to report burglaries."
    verdict = _supports(
        "When residents report burglaries more willingly, they feel safer in their street.", source
    )
    assert verdict.verdict == "contradicts", verdict
    assert verdict.conflicts[0][0] == "cause", verdict
    assert verdict.conflicts[0][1] == "report leads to feel", verdict
    kept = "Residents are more willing to report burglaries when they feel safe in their street."
    assert not any(c[0] == "cause" for c in _supports(kept, source).conflicts)
    led = _supports("Falling trust led to fewer reports.", "Fewer reports led to falling trust.")
    assert led.verdict == "contradicts" and led.conflicts[0][0] == "cause", led
    # faithful rewordings: a list inside the clause, words before 'when', a pronoun for whom
    for claim, said in [
        (
            "Residents trust the wardens more when they are polite, patient, and fair.",
            "When the wardens are polite, patient, and fair, residents trust them more.",
        ),
        (
            "When night wardens' workload is high, their patience drops.",
            "For night wardens, when workload is high, patience drops.",
        ),
        (
            "Because young drivers are often stopped by wardens, they distrust the police.",
            "Young drivers distrust wardens because the police stop them often.",
        ),
    ]:
        assert not any(c[0] == "cause" for c in _supports(claim, said).conflicts), claim


def test_sides_of_a_comparison_turned_contradict_unless_the_comparative_turns_too() -> None:
    source = (
        "Desk sergeants are usually less willing to adopt new rostering tools compared to "
        "shift commanders."
    )
    verdict = _supports(
        "Shift commanders are usually less willing to adopt new rostering tools compared to "
        "desk sergeants.",
        source,
    )
    assert verdict.verdict == "contradicts", verdict
    assert verdict.conflicts[0][0] == "comparison", verdict
    turned = _supports(
        "Shift commanders are usually more willing to adopt new rostering tools than desk "
        "sergeants.",
        source,
    )
    assert not any(c[0] == "comparison" for c in turned.conflicts), turned


def test_a_year_within_a_stated_span_and_a_decade_in_one_word() -> None:
    """'2019' lies within 'from 2005 to 2021' (no rival year); 'the past decade' is ten years."""
    span = _supports(
        "Between 2005 and 2021 the archive logged the 2019 peak in vehicle thefts.",
        "The archive logged vehicle thefts from 2005 to 2021.",
    )
    assert not any(c[0] == "year" for c in span.conflicts), span
    decade = _supports(
        "Burglary reports did not rise over the previous ten years.",
        "There was no rise in burglary reports during the past decade.",
    )
    assert decade.holds, decade
    assert (
        _supports(
            "Burglary reports did not rise over the previous five years.",
            "There was no rise in burglary reports during the past decade.",
        ).verdict
        == "contradicts"
    )


def test_day_to_day_is_daily() -> None:
    assert _supports(
        "The bureau's daily operations are run by a secretariat of about 400 staff.",
        "Day-to-day operations of the bureau are carried out by a secretariat of about 400 staff.",
    ).holds


def test_a_figures_text_does_not_answer_unless_a_table_is_asked_about() -> None:
    chart = "65.2% 0.6% 1.4% 11.7% 4.3% 16.9% unknown other weapons drugs 0 50,000 100,000 searches"
    question = "What share of the searches were for drugs?"
    assert not _answers(question, chart, similarity=0.8).holds
    assert not _answers(question, chart, similarity=0.8).reason.startswith("the source gives no")
    mixed = "0.6% 1.4% 11.7% unknown weapons drugs Figure 2: Searches by type, April to March"
    assert not _answers(question, mixed, similarity=0.8).holds
    contents = "8 ILP in practice 58 8.1 Threat assessments 58 8.1.1 The EU Policy Cycle 59"
    assert not _answers("What does the EU Policy Cycle assess?", contents, similarity=0.8).holds
    statistics = (
        "The factor held (eigenvalues 1.79, 0.58 and 0.31), so the reforms formed one scale."
    )
    assert _answers("Did the reforms form one scale?", statistics, similarity=0.8).holds
    table = "Table 2 Share of searches by object: drugs 65.2%, weapons 16.9%, stolen goods 4.3%"
    assert _answers("In the table of searches, what share were for drugs?", table, 0.8).holds


def test_a_reference_list_passage_is_marked_down() -> None:
    references = (
        "Smith, J. (2016). Violence at work. London: HSE. Jones, K. (2019). Patrols. Oxford: OUP. "
        "Brown, L. (2020). Stops. Leeds: LUP. Green, P. (2021). Courts. York: YUP."
    )
    sentence = "Violence at work: findings from the survey for England and Wales."
    question = "What is the longest sentence for assaulting a worker in England and Wales?"
    plain = JUDGE.features(question, Evidence(sentence, similarity=0.5), _weights(question))
    listed = JUDGE.features(
        question, Evidence(sentence, passage=references, similarity=0.5), _weights(question)
    )
    assert plain["bibliographic"] == 0.0 and listed["bibliographic"] == 1.0
    # a page cited after a year in running text is a statement's source, no reference line
    cited = "Mawby (1999, p. 28) found that rural officers patrolled alone."
    assert JUDGE.features(question, Evidence(cited, similarity=0.5), {})["bibliographic"] == 0.0
    entry = "Mawby, R. Rural Policing. Cullompton: Willan, pp. 28-44."
    assert JUDGE.features(question, Evidence(entry, similarity=0.5), {})["bibliographic"] == 1.0
    # the last few entries of a list, in the 'Surname, X., 2018. Title' style, on a short page
    tail = (
        "Hale, J., and Roe, K., 2018. Understanding resistance to patrol cameras. Policing, 41 "
        "(4), 482-495. Ives, J.R., 2013. A framework for police culture. Criminology, 51 (2), "
        "365-397. Marsh, G., 2025. Examining the impacts of reform on police attitudes."
    )
    title = "Understanding resistance to patrol cameras."
    found = JUDGE.features(question, Evidence(title, passage=tail, similarity=0.5), {})
    assert found["bibliographic"] == 1.0


def test_an_acronym_may_keep_the_initial_of_a_small_word() -> None:
    (terms,) = names("Once the Terms of Reference are agreed, what comes next?")
    assert name_in(terms, profile("Based on the TOR, the analyst drafts a project plan."))
    assert not name_in(terms, profile("Based on the TOC, the analyst drafts a project plan."))


def test_an_organisation_is_not_found_by_its_last_word() -> None:
    (force,) = names("How many searches did Greater Manchester Police carry out?")
    assert not name_in(force, profile("Police in London stopped and searched 215,423 people."))
    (person,) = names("What did Michael Brown's death change?")
    assert name_in(person, profile("Brown's death in Ferguson changed views of the police."))


def test_a_question_that_lists_items_gets_the_sentences_that_name_the_rest() -> None:
    question = "When do the records become data, information and finally intelligence?"
    items = listed(question)
    assert items == {"data", "inform", "intellig"}
    assert listed("How do police and communities work together?") == frozenset()
    text = (
        "Records typed in at the desk are data. Once an analyst maps them they become "
        "information. The weather was fine. Shared with a detective and acted on, they become "
        "intelligence."
    )
    spans = split_sentences(text)
    lead = frozenset(content_stems(text[slice(*spans[0])]))
    after = [text[a:b] for a, b in spans[1:]]
    assert [after[i] for i in continuing(items, lead, after)] == [
        "Once an analyst maps them they become information.",
        "Shared with a detective and acted on, they become intelligence.",
    ]
    # the walk goes on while each step is among the three sentences after the last one
    walk = [after[0], "The desk was busy.", "The weather was fine.", after[2]]
    assert [walk[i] for i in continuing(items, lead, walk)] == after[::2]
    far = [after[0], "The desk was busy.", "It rained.", "Lunch was late.", after[2]]
    assert [far[i] for i in continuing(items, lead, far)] == after[:1]


def test_twice_annually_and_not_only_but_also() -> None:
    """'Twice annually' is twice a year, not once; 'not only … but also' adds, it does not
    negate."""
    assert _supports(
        "Strategic reviews take place every three months or twice annually.",
        "Strategic reviews are held twice a year or every three months.",
    ).holds
    assert [q.value for q in quantities("three times weekly")] == [156.0]
    also = _supports(
        "The trials found the method not only spotted twice as many burglaries but also "
        "prevented twice as many.",
        "The trials found the method spotted twice as many burglaries and also prevented "
        "twice as many.",
    )
    assert also.holds, also


def test_another_place_on_the_same_scale_contradicts() -> None:
    verdict = _supports(
        "Fraud is the second largest crime market in the region, behind only drugs.",
        "Fraud is the third largest crime market in the region, after drugs and arms.",
    )
    assert verdict.verdict == "contradicts", verdict
    assert ("rank", "second largest", "third largest") in verdict.conflicts, verdict
    assert _supports(
        "Fraud is the largest crime market in the region.",
        "The largest crime market in the region is fraud.",
    ).holds


def test_a_direction_turned_for_one_of_two_things_contradicts() -> None:
    """The source sets two things in opposite directions; the claim turns one of them. The
    same directions in other words and order agree."""
    source = (
        "Tenure is positively associated with job satisfaction, while overtime is negatively "
        "associated with retention."
    )
    turned = _supports(
        "Tenure is positively associated with job satisfaction, and overtime is likewise "
        "positively associated with retention.",
        source,
    )
    assert turned.verdict == "contradicts", turned
    assert ("direction", "up", "down") in turned.conflicts, turned
    same = _supports(
        "Overtime is negatively associated with retention, whereas tenure is positively "
        "associated with job satisfaction.",
        source,
    )
    assert same.holds, same


def test_a_share_is_not_stated_by_a_count() -> None:
    """'The highest proportion of stops ending in arrest' is not 'the most stops'."""
    claim = "The harbour district had the highest proportion of stops ending in arrest."
    count = _supports(claim, "The harbour district had the most stops ending in arrest.")
    assert not count.holds and "proportion" in count.missing, count
    share = "In the harbour district, 40% of stops ended in arrest, the highest of any district."
    assert _supports(claim, share).holds
    many = _supports(  # 'many' says a share too
        "Over 70 evaluations of harbour cameras, a large share of them trials, have appeared.",
        "Over 70 evaluations of harbour cameras, many of them trials, have appeared.",
    )
    assert "share" not in many.missing, many
    risk = _supports(  # the odds of a thing are its risk
        "Harbour lights do nothing to lower the odds of a ship running aground.",
        "Harbour lights do nothing to reduce the risk of ships running aground.",
    )
    assert "odds" not in risk.missing, risk


def test_an_acronym_within_a_name_and_a_name_the_question_sets_aside() -> None:
    """'UN Office on Drugs and Crime' is said by 'United Nations Office on Drugs and Crime';
    a name after 'outside' or 'apart from' is what the answer is not about."""
    name = names("When was the UN Office on Drugs and Crime set up?")[0]
    assert name_in(name, profile("The United Nations Office on Drugs and Crime opened in 1997."))
    assert not name_in(name, profile("The Office on Drugs and Crime of Ruritania opened in 1997."))
    spec = read_question(
        "Where are Interpol's crisis centres, and when did those outside France open?"
    )
    assert [n.text for n in spec.names] == ["Interpol"]
    verdict = _answers(
        "When did Interpol's crisis centres outside France open?",
        "Interpol's second crisis centre opened in Buenos Aires in September 2011.",
    )
    assert verdict.holds, verdict


def test_a_sum_a_measure_and_a_length_of_time_are_what_they_ask_for() -> None:
    """'The dollar value of a grant' asks for money; 'what minimum height' for a figure in a
    unit of length; 'how long did it last' is not answered by how often something happens."""
    assert read_question("What was the dollar value of the grant for the survey?").answer_type == (
        "money"
    )
    tall = "What minimum height did the constabulary require of its recruits?"
    assert read_question(tall).answer_type == "quantity"
    assert _answers(tall, "The constabulary required recruits of at least 173 cm in height.").holds
    assert not _answers(tall, "Two forces merged in 1920 to form the constabulary.").holds
    updated = "The reports on searches are updated every three months."
    assert not _answers("How long did a typical search last?", updated).holds
    assert _answers("How often are the reports on searches updated?", updated).holds


def test_a_sibling_named_by_its_modifier_and_a_kind_the_name_must_say() -> None:
    """'Red and Yellow notices' are siblings of 'Purple Notices'; 'which university' is
    answered only by a name that says university (not by a book's title), and a 'court case'
    is no court."""
    question = "How many valid Purple Notices did the bureau have in circulation in 2019?"
    stated = "As of 2019, there were 62,448 valid Red and 12,234 Yellow notices in circulation."
    verdict = _answers(question, stated)
    assert not verdict.holds and verdict.conflicts[0][2] == "Red notices", verdict
    assert _answers(question, stated.replace("Yellow", "Purple")).holds
    where = "At which university was Anna Berg a professor when she wrote the harbour study?"
    book = "Anna Berg wrote the harbour study as a professor, in her book Harbour Cities."
    assert not _answers(where, book).holds
    said = "Anna Berg was a professor at the University of Tromso when she wrote the harbour study."
    assert _answers(where, said).holds
    assert named_kind("Which court case does the policy cite?") is None


def test_the_part_of_a_whole_a_question_asks_about_must_be_named() -> None:
    """'How many of the searches were strip searches' is not answered by how many searches
    there were; 'were women' is answered by 'female'."""
    strip = "How many of the harbour searches in 2019 were strip searches?"
    total = _answers(strip, "Officers carried out 4,120 harbour searches in 2019.")
    assert not total.holds and "strip" in total.missing, total
    assert _answers(strip, "Of the 4,120 harbour searches in 2019, 31 were strip searches.").holds
    women = "What share of the surveyed constables were women?"
    assert _answers(women, "The surveyed constables were 38% female.").holds
    assert not _answers(women, "Of the surveyed constables, 38% worked nights.").holds


def test_a_negation_in_what_is_compared_with_denies_nothing() -> None:
    """'… than deputies with no military background' names the other group; it does not turn
    the claim negative."""
    verdict = _supports(
        "Deputies with military service rated the council more favourably than deputies with "
        "no military background.",
        "Deputies with military service rated the council more favourably than the other deputies.",
    )
    assert verdict.verdict != "contradicts", verdict
    assert (
        _supports(
            "Deputies with military service did not rate the council more favourably.",
            "Deputies with military service rated the council more favourably.",
        ).verdict
        == "contradicts"
    )


def test_a_date_of_another_body_does_not_date_the_one_asked_about() -> None:
    """'Founded in 1996, the Harbour Watch Register …' dates the register, not the Memorial
    Fund the question names, though the heading before it names both."""
    question = "In what year was the National Harbour Memorial Fund founded?"
    other = "Founded in 1996, the Harbour Watch Register is a charity that records deaths at sea."
    heading = (
        "Registers of deaths: the National Harbour Memorial Fund and the Harbour Watch Register"
    )
    verdict = _answers(question, other, before=heading, context=heading)
    assert not verdict.holds, verdict
    assert verdict.conflicts[0][2] == "Harbour Watch Register", verdict
    own = "The National Harbour Memorial Fund was founded in 1984 by dock workers."
    assert _answers(question, own).holds


def test_a_figure_from_the_next_sentence_in_place_of_the_sentences_own() -> None:
    """'accounted for 96%' where the sentence says 92% and the one after it 96% (of something
    else) is the wrong figure, not a paraphrase."""
    sentence = "Black residents accounted for 92% of the warrants the court issued in 2013."
    after = "They were 96% of those held on a warrant alone."
    claim = "Black residents accounted for 96% of the warrants the court issued in 2013."
    verdict = JUDGE.supports(
        claim,
        Evidence(
            sentence, context=after, after=after, passage=f"{sentence} {after}", similarity=0.9
        ),
        _weights(claim),
    )
    assert verdict.verdict == "contradicts", verdict
    assert ("figure", "96%", "92%") in verdict.conflicts, verdict


def test_the_order_of_a_ranked_list_and_a_half_and_american() -> None:
    """A list the source ranks ('in descending order') is a fact of order; 'four and a half
    times' is 4.5 times; 'American' is said of the U.S."""
    turned = _supports(
        "In 2007 the largest donors, in descending order, were Canada, Norway and Japan.",
        "In 2007 the largest donors in descending order were: Norway, Canada and Japan.",
    )
    assert turned.verdict == "contradicts", turned
    assert turned.conflicts[0][0] == "order", turned
    assert [q.value for q in quantities("four and a half times as likely")] == [4.5]
    assert _supports(
        "We polled 263 officers in three American police departments about their training.",
        "We surveyed 263 officers across three U.S. police departments about their training.",
    ).holds


def test_a_name_singled_out_and_the_thing_a_name_is_asked_for() -> None:
    """'In Harbour Division alone' is not answered by the figure for all the divisions, though
    the passage names Harbour Division; 'the name of the … battalion' by a battalion's name."""
    alone = "By what percentage did burglary fall in Harbour Division alone?"
    passage = "The trial ran in Harbour Division, Hill Division and Dock Division."
    total = "Across the three test divisions, burglary fell by 7.4% at mean patrol dosage."
    verdict = _answers(alone, total, passage=f"{passage} {total}")
    assert not verdict.holds and "Harbour Division" in verdict.missing, verdict
    assert _answers(alone, "In Harbour Division, burglary fell by 9.1% during the trial.").holds
    named = "What is the name of the elite battalion of the Harbour Police?"
    assert read_question(named).head == "battalion"
    assert not _answers(
        named, "The Harbour Police's diving team, Team Kestrel, works at night."
    ).holds
    assert _answers(named, "The elite battalion of the Harbour Police is the Grey Wolves.").holds


def test_a_figure_the_question_states_is_no_answer() -> None:
    """'How many of the 114 managers were captains?' is not answered by '114 managers returned
    the survey'; a part of that whole is ('Of the 114 managers …, 31 held …')."""
    question = (
        "How many of the 114 harbour managers who answered the survey held the rank of captain?"
    )
    stated = "A total of 114 harbour managers returned completed surveys, a 22.4% response rate."
    assert not _answers(question, stated).holds
    part = "Of the 114 harbour managers who answered the survey, 31 held the rank of captain."
    assert _answers(question, part).holds


def test_a_figure_beside_the_sentence_must_be_about_what_is_asked() -> None:
    """The sentence names the topic and the next one gives figures, but for other boroughs
    than the one asked about: no answer; the same figure for the asked borough answers."""
    question = "How many harbour checks per month took place in Eastwick?"
    lead = "Harbour checks were mapped borough by borough across the estuary."
    others = "Northgate had 1,244 harbour checks per month, Southmere 905."
    passage = f"Map labels: Eastwick, Northgate, Southmere. {lead} {others}"
    assert not _answers(question, lead, after=others, context=others, passage=passage).holds
    own = others.replace("Northgate", "Eastwick")
    assert _answers(question, lead, after=own, context=own, passage=passage).holds


def test_a_figure_tied_to_another_name_by_the_same_preposition_does_not_answer() -> None:
    """'an office to the African Union' asks for that office's year: 'an office to the UN in
    2004' dates another one, though the passage names the asked body elsewhere."""
    question = "In what year did the Harbour League open its Liaison Office to the Baltic Council?"
    sentence = "The Harbour League opened a Liaison Office to the Nordic Forum in 2004."
    passage = f"Its offices serve the Baltic Council and the Nordic Forum. {sentence}"
    verdict = _answers(question, sentence, passage=passage)
    assert verdict.conflicts[0] == ("name", "Baltic Council", "Nordic Forum"), verdict
    own = "The Harbour League opened a Liaison Office to the Baltic Council in 2004."
    assert _answers(question, own, passage=passage).holds


def test_a_timeframe_is_a_duration() -> None:
    question = "Within what timeframe must a harbour incident review be completed?"
    assert read_question(question).answer_type == "duration"
    assert not _answers(question, "See the harbour incident review guide for timeframes.").holds
    assert _answers(question, "A harbour incident review must be completed within 28 days.").holds


def test_what_a_study_found_is_not_what_it_expected() -> None:
    """'What did they find?' is not answered by a hypothesis or a hedge, but by a result."""
    question = "Is harbour crime higher where ports are larger? What did Lee and Moss find?"
    for supposed in (
        "In larger ports, officers will perceive higher harbour crime, we hypothesized.",
        "The logic behind this argument was that larger ports would draw more harbour crime.",
        "Port size likely acts as a cue to officers about harbour crime.",
    ):
        assert not _answers(question, supposed, about="Lee and Moss (2020)").holds, supposed
    found = "Results: port size, but not traffic, was associated with higher harbour crime."
    assert _answers(question, found, about="Lee and Moss (2020). Harbour crime").holds
    assert _answers(
        "Why would harbour crime be higher in larger ports?",
        "Larger ports would draw more harbour crime, because cargo is easier to hide there.",
    ).holds


def test_a_claim_that_puts_the_opposite_group_of_people_is_contradicted() -> None:
    source = "Women are more likely to use force in self-defence at the harbour."
    verdict = _supports("Men are more likely to use force in self-defence at the harbour.", source)
    assert verdict.verdict == "contradicts"
    assert ("group", "men", "women") in verdict.conflicts
    assert _supports("At the harbour, women more often use force in self-defence.", source).holds


def test_a_claim_that_turns_round_what_follows_what_is_contradicted() -> None:
    source = "Smuggling is considered the largest threat at the harbour, followed by theft."
    turned = "Theft is considered the largest threat at the harbour, followed by smuggling."
    verdict = _supports(turned, source)
    assert verdict.verdict == "contradicts"
    assert ("order", "theft before smuggling", "smuggling before theft") in verdict.conflicts
    kept = "Smuggling is seen as the biggest harbour threat, followed by theft."
    assert _supports(kept, source).holds


def test_a_claim_that_tells_two_steps_the_other_way_round_is_contradicted() -> None:
    """'X first and only then Y', 'Before Y, X', 'X, followed by Y', 'X before Y' are one order."""
    source = "The harbour cases are reviewed by a panel, and followed by a written audit."
    turned = "A written audit is drawn up first and only then are the harbour cases reviewed."
    verdict = _supports(turned, source)
    assert verdict.verdict == "contradicts"
    assert ("order", "written before harbour", "harbour before written") in verdict.conflicts
    assert _supports("Before the written audit, a panel reviews the harbour cases.", source).holds
    assert _supports("The harbour cases are reviewed before a written audit.", source).holds
    late = _supports("Harbour cases are reviewed after a written audit is drawn up.", source)
    assert late.verdict != "supports"


def test_a_phrase_the_passage_names_apart_put_in_the_sources_place_is_contradicted() -> None:
    """The claim is the source's sentence but for two words that name another party of the
    same passage; two other words the passage does not name are a rewording, not a swap."""
    source = "This may be the moment the harbour pilot speaks up and asks for an escort."
    passage = f"The ship owner often blames others. {source} Record what was said."
    claim = "Guidance says this may be the moment the ship owner speaks up and asks for an escort."
    evidence = Evidence(source, passage=passage, similarity=0.85)
    verdict = JUDGE.supports(claim, evidence, _weights(claim))
    assert verdict.verdict == "contradicts"
    assert ("word", "ship owner", "harbour pilot") in verdict.conflicts
    other = claim.replace("ship owner", "vessel master")  # named nowhere in the passage
    reworded = JUDGE.supports(other, evidence, _weights(other))
    assert ("word", "vessel master", "harbour pilot") not in reworded.conflicts


def test_at_most_before_things_is_most_and_sometimes_a_few() -> None:
    source = "Sometimes the harbour pilot can be the person who reports the spill."
    verdict = _supports("At most harbour spills the pilot is the person who reports it.", source)
    assert verdict.verdict == "contradicts" and ("quantifier", "most", "few") in verdict.conflicts
    assert share_claimed("At most three pilots report a spill.") == ""
    assert share_claimed("At most once a year a pilot reports a spill.") == ""
    assert share_claimed("In some cases the harbour pilot reports the spill.") == "few"


def test_a_claim_that_puts_another_name_in_the_same_place_is_contradicted() -> None:
    """The claim's name stands elsewhere on the page; the sentence has another one where the
    claim has it ('… or Sutton boroughs' against '… or Bexley boroughs')."""
    source = "There were no harbour searches in the Docklands or Bexley boroughs."
    claim = "There were no harbour searches in the Docklands or Sutton boroughs."
    page = f"Sutton had the fewest searches. {source}"
    verdict = JUDGE.supports(claim, Evidence(source, passage=page, similarity=0.9), _weights(claim))
    assert verdict.verdict == "contradicts"
    assert ("name", "Sutton", "Bexley") in verdict.conflicts
    # on either side: 'added in Northport' against 'Southport added'; a name is no such word
    source = "The first harbour office is in Dover, with a second in Southport added in 2011."
    claim = "The first harbour office is in Dover, with a second one added in Northport in 2011."
    page = f"A third office opened in Northport in 2014. {source}"
    verdict = JUDGE.supports(claim, Evidence(source, passage=page, similarity=0.9), _weights(claim))
    assert ("name", "Northport", "Southport") in verdict.conflicts
    claim = "Dover's Harbour Register logged 120 ships."
    source = "Little research has used Calais or Dover's data on ships."
    page = f"Dover keeps a Harbour Register. {source}"
    verdict = JUDGE.supports(claim, Evidence(source, passage=page, similarity=0.9), _weights(claim))
    assert not any(kind == "name" for kind, _, _ in verdict.conflicts), verdict
    # small words are passed over: 'added in Eastport in 2011' against 'added in Westport'
    source = "The first harbour office is in Dover, with a second added in Westport in 2011."
    claim = "The first harbour office is in Dover, with a second one added in Eastport in 2011."
    page = f"A third office opened in Eastport in 2014. {source}"
    verdict = JUDGE.supports(claim, Evidence(source, passage=page, similarity=0.9), _weights(claim))
    assert ("name", "Eastport", "Westport") in verdict.conflicts
    # both put their name at the top: 'more … than any other' against 'the most … in'
    source = "Of the 12 harbours, the most inspections last year took place in Dover (310)."
    claim = "Last year Folkestone recorded more harbour inspections than any other harbour."
    page = f"{source} Folkestone and Ramsgate followed."
    verdict = JUDGE.supports(claim, Evidence(source, passage=page, similarity=0.9), _weights(claim))
    assert ("name", "Folkestone", "Dover") in verdict.conflicts


def test_a_year_range_written_short_names_both_years() -> None:
    assert [(q.value, q.kind) for q in quantities("in 2021-22 and 1998/99")] == [
        (2021.0, "year"),
        (2022.0, "year"),
        (1998.0, "year"),
        (1999.0, "year"),
    ]
    question = "How many cities sent no data to the register during 2021-22?"
    assert _answers(
        question,
        "In 2021 and 2022, a total of 14 large cities either sent no data to the register or "
        "sent only part of it.",
    ).holds


def test_a_thing_dated_by_its_year_is_cited_by_it() -> None:
    """'a 2006 prediction' is found where the prediction is cited '(2006: 5)'; a year of
    events ('in 2006') is not."""
    sentence = (
        "Foot patrol will be the most important innovation of the century, as Harold Lee "
        "(2006: 5) put it."
    )
    assert _answers("Who made the 2006 prediction about foot patrol?", sentence).holds
    assert not _answers("Who predicted in 2006 that foot patrol would matter?", sentence).holds


def test_two_opposite_sides_are_no_place() -> None:
    assert names("The East-West talks and the North-South divide") == ()
    assert [n.text for n in names("The North-West police met.")] == ["North-West"]


def test_a_weakness_named_answers_why_a_thing_fails() -> None:
    """A why-question's answer gives a reason; a weakness or a shortcoming named is one."""
    question = "Why is the shift rota ill-suited to rural forces?"
    weakness = "A common weakness of the shift rota, often noted by rural forces, is its size."
    plain = "The shift rota, often used by rural forces, is large."
    typed = [
        JUDGE.features(question, Evidence(s, similarity=0.6), {})["typed"]
        for s in (weakness, plain)
    ]
    assert typed == [1.0, 0.0]


def test_a_question_is_typed_by_its_asking_sentence_not_its_premise() -> None:
    """A premise may hold a relative 'who' ('… a councillor who wrote …'); the last sentence
    asks. A title ('City Manager') is no person's name, so it answers no who-question."""
    question = (
        "The report quotes a councillor who wrote to the mayor in 2013. Who was that councillor?"
    )
    assert read_question(question).answer_type == "person"
    assert read_question("How many staff did the U.S. Department of Justice send?").answer_type == (
        "count"
    )
    sentence = "In 2013 one councillor wrote to the City Manager and the Mayor about fines."
    assert not _answers(question, sentence, similarity=0.8).holds
    titled = "In 2013 one councillor wrote to the City Manager about the fines."
    assert not _answers("Who was that councillor, then?", titled, similarity=0.8).holds
    named = "In 2013 councillor Maria Lopez wrote to the City Manager and the Mayor about fines."
    assert _answers(question, named, similarity=0.8).holds
    successor = "Who took over the branch after him?"
    assert not _answers(successor, "The branch was headed by a terrorism expert.", 0.8).holds


def test_an_authors_address_for_correspondence_is_no_statement() -> None:
    question = "In which state is the sheriff's office the deputies worked for?"
    address = (
        "Direct correspondence to Jane Roe, School of Justice, University of Nebraska at Omaha."
    )
    assert JUDGE.features(question, Evidence(address, similarity=0.6), {})["bibliographic"] == 1.0
    sent = "Once a supervisor approves it, an email is sent to the whole team."
    assert JUDGE.features(question, Evidence(sent, similarity=0.6), {})["bibliographic"] == 0.0


def test_a_comparison_the_source_does_not_make_is_not_supported() -> None:
    source = "Officers in the sample were divided on cultural training, but 56% rated it important."
    claim = "Patrol officers rated cultural training as more important than detectives did."
    verdict = _supports(claim, source)
    assert not verdict.holds and "the comparison" in verdict.missing
    compared = "Patrol officers rated cultural training as more important than detectives did."
    assert _supports(claim, compared).holds
    # a bound is no comparison: 'more than 40%' needs no 'than' in the source
    bound = "More than 40% of the officers rated cultural training as important."
    assert not comparison_unstated(bound, "Some 45% of the officers rated it as important.")
    assert comparison_unstated(claim, source)
    # nor a change: 'the largest fall' is not stated by 'the most'
    claim = "Dover saw the largest fall in harbour inspections of any port in 2021."
    most = _supports(claim, "In 2021 the most harbour inspections of any port took place in Dover.")
    assert not most.holds and "fall" in most.missing, most
    fell = "In 2021 harbour inspections fell in Dover more than in any other port."
    assert "fall" not in _supports(claim, fell).missing
    # a task that falls to someone is no change
    duty = "In medieval Dover, guarding the harbour fell to the town's watchmen."
    assert _supports(duty, "In medieval Dover, the town's watchmen guarded the harbour.").holds
    lowest = "In 2019 harbour thefts in Dover fell to their lowest level since 1981."
    assert (
        "fell" in _supports(lowest, "Harbour thefts in Dover were the lowest since 1981.").missing
    )


def test_another_point_of_the_compass_contradicts() -> None:
    verdict = _supports(
        "The data came from a survey of a sheriff's department in the northwestern US.",
        "The data came from a survey of a sheriff's department in the southeastern US.",
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[-1] == ("place", "northwestern", "southeastern")


def test_without_a_thing_is_its_word_with_a_negative_affix() -> None:
    assert _supports(
        "Inspectors must decide without bias.", "Inspectors must decide in an unbiased way."
    ).holds
    assert _supports(
        "Inspectors may enter homes without a warrant at night.",
        "Inspectors may enter private homes warrantless at night.",
    ).holds
    # without the word in the source, 'without' still denies
    verdict = _supports(
        "Inspectors must decide without bias and may enter homes.",
        "Inspectors must decide with bias and may enter homes.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "negation"


def test_no_fewer_than_is_a_bound_not_a_negation() -> None:
    source = "In 1828 there were private harbour guards in no fewer than 45 parishes."
    claim = "In 1828 private harbour guards existed in at least 45 parishes."
    assert _supports(claim, source).holds


def test_an_acronym_stands_for_words_that_hold_an_acronym_and_small_words() -> None:
    claim = "The EU Agency for Harbour Safety publishes a yearly review of port crime."
    stems = acronym_stems("EUAHS publishes a yearly review of port crime.", claim)
    assert {"eu", "agenc", "harbor", "safeti"} <= stems
    assert "agenc" not in acronym_stems("EUHS publishes a yearly review.", claim)


def test_never_fewer_than_is_a_bound_and_without_delay_denies_nothing() -> None:
    source = "During the floods the river unit never logged fewer than 30 patrols a week."
    claim = "Even in the floods the river unit logged at least 30 patrols every week."
    assert _supports(claim, source).verdict != "contradicts"
    source = "Wardens who lose a key must report it at once to the duty sergeant in writing."
    claim = "Wardens who lose a key must report it to the duty sergeant in writing without delay."
    assert _supports(claim, source).verdict != "contradicts"
    # a denial is still one
    assert negations("During the floods the river unit never logged any patrols.") == 1
    assert negations("Wardens who lose a key leave without a word.") == 1


def test_the_name_of_one_person_is_answered_by_a_name_not_by_a_group() -> None:
    question = "What was the name of the harbour officer who shot the smuggler?"
    assert not holds_type("person", frozenset(), "Residents saw the smuggler shot.", question)
    assert holds_type("person", frozenset(), "Officer Dana Reeve shot the smuggler.", question)
    possessive = "Who was the harbour league's first secretary?"
    assert not holds_type("person", frozenset(), "Members chose a secretary.", possessive)


def test_a_who_question_about_a_group_is_answered_by_people_of_any_station() -> None:
    question = "Who kept order in the old harbour towns?"
    assert holds_type("person", frozenset(), "Slaves owned by the town kept order.", question)
    assert holds_type("person", frozenset(), "Watchmen paid by merchants patrolled.", question)
    assert not holds_type("person", frozenset(), "Order was kept by custom.", question)


def test_what_the_new_rules_leave_alone() -> None:
    """Counter-examples to this change's rules: each must keep its old verdict."""
    # a shared preposition is no shared place for two names
    source = "Harbour arrests fell by a third in the borough, the Guardian reported in March."
    claim = "In Sutton, harbour arrests fell by a third."
    page = f"Sutton is a borough. {source}"
    verdict = JUDGE.supports(claim, Evidence(source, passage=page, similarity=0.9), _weights(claim))
    assert not any(kind == "name" for kind, _, _ in verdict.conflicts), verdict
    # 'not later' without 'than' is a negation
    negated = _supports(
        "The harbour results were later confirmed.", "They were not later confirmed."
    )
    assert not negated.holds
    # a result with a month or a 'could' answers what a study found
    question = "What did Lee and Moss find about harbour arrests?"
    about = "Lee and Moss (2020). Harbour arrests"
    fell = "Harbour arrests fell by 20% between May and June 2019."
    assert _answers(question, fell, about=about).holds
    stressful = "What do harbour officers find most stressful?"  # asks no study's finding
    assert (
        unasserted(stressful, "Night shifts, which might disrupt sleep, were most stressful.") == []
    )
    # a synonym of the claim's group is that group
    female = "Compared with men, female suspects are more likely to be arrested at the harbour."
    assert _supports("Women are more likely than men to be arrested at the harbour.", female).holds
    # 'according to the Home Office' ties no name to the figure
    asked = "In what year did the Harbour League open its Liaison Office to the Baltic Council?"
    said = "The Harbour League opened its Liaison Office to the Baltic Council in 2004."
    assert _answers(asked, said + " according to the Home Office").holds
    # a part of a whole stated roughly
    roughly = "How many of the roughly 100 harbour officers were armed?"
    assert _answers(roughly, "Of the roughly 100 harbour officers, 95 were armed.").holds


def test_a_who_question_about_a_group_s_members_is_no_question_after_one_person() -> None:
    question = "Who are Eastport's special constables?"
    assert holds_type("person", frozenset(), "They are volunteers from the docks.", question)


def test_a_possessive_ties_no_name_to_the_figure() -> None:
    """'in the League's Eastwick Division': the division is tied to the figure, not the
    League, so 'in North Bay' names no rival for it."""
    question = "For how long did the harbour trial run in the League's Eastwick Division?"
    sentence = "The trial ran in North Bay for 167 days and in Eastwick Division for 239 days."
    assert tied_to_other(read_question(question).names, question, sentence) == []
    assert _answers(question, sentence, about="The League (2013). Harbour trials").holds


def test_a_section_number_is_no_figure() -> None:
    assert quantities("8.2.2 Harbour policing in the North: strategic planning") == ()
    assert [q.text for q in quantities("It rose by 12.4% among 2.5 officers.")] == ["12.4%", "2.5"]
    question = "By how much did harbour accidents fall in the North?"
    assert not _answers(question, "8.2.2 Harbour accidents in the North: strategic planning.").holds


def test_what_holds_without_the_thing_asked_about_does_not_answer() -> None:
    question = "In ports that have a night patrol rule, how much did thefts rise per extra ship?"
    without = "In ports without a night patrol rule, thefts rose by 12.4% per extra ship."
    assert not _answers(question, without).holds
    assert _answers(question, without.replace("without", "with")).holds
    asked = "How many harbour searches were made without suspicion?"
    assert _answers(asked, "In all, 1,756 harbour searches were made without suspicion.").holds


def test_who_chairs_a_council_asks_for_one_person() -> None:
    question = "Who chairs the harbour council?"
    assert not holds_type("person", frozenset(), "Residents and merchants sit on it.", question)
    assert holds_type("person", frozenset(), "It is chaired by Dana Reeve.", question)


def test_a_sentence_glued_to_a_chart_starts_after_the_caption() -> None:
    glued = (
        "0 20,000 40,000 2021 2022 number of checks per month Figure 1: Number of harbour "
        "checks, March 2019 to March 2022 Between April 2021 and March 2022, officers made "
        "4,143 checks a week."
    )
    assert glued[after_caption(glued) :].startswith("Between April 2021")
    assert after_caption("Officers made 4,143 checks a week (Figure 1: by month).") == 0


def test_a_figure_per_another_period_does_not_answer() -> None:
    question = "How many harbour checks did officers make in an average week?"
    assert not holds_type(
        "count", frozenset(), "They made 1,244 harbour checks per month.", question
    )
    assert holds_type("count", frozenset(), "They made about 290 harbour checks a week.", question)


def test_a_question_in_two_parts_is_typed_by_its_first() -> None:
    """The second part's type is checked as well (`typed_either`), but the first decides."""
    defined = "What is 'harbour drift', and which people are most at risk from it?"
    assert read_question(defined).answer_type == "definition"
    placed = "In which two cities was the harbour scheme piloted, and how many officers joined?"
    assert read_question(placed).answer_type == "place"
    assert read_question("How many officers joined, and in which cities?").answer_type == "count"


def test_a_name_with_its_distinguishing_words_changed_contradicts() -> None:
    """'the Government of Estonia' where the source says 'the Government of the Slovak
    Republic': the shared words ('Government') make it the same slot, the rest differs; it
    stays a contradiction when the claim's own word stands in the next sentence."""
    source = "The council and the Government of the Slovak Republic opened the academy in 2004."
    claim = "The council and the Government of Estonia opened the academy in 2004."
    after = "Estonia joined the council later."
    verdict = JUDGE.supports(
        claim,
        Evidence(source, context=after, passage=f"{source} {after}", similarity=0.9),
        _weights(claim),
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[0] == ("name", "Estonia", "Slovak Republic")
    assert _supports(claim.replace("Estonia", "the Slovak Republic"), source).holds


def test_the_bulk_of_things_is_a_share_as_the_majority_is() -> None:
    """'the bulk of the attacks … in any given year': a share like 'the great majority', not
    every attack (the 'any' dates the range)."""
    assert quantifier("Guns account for the vast bulk of attacks in any given year.") == "partial"
    verdict = _supports(
        "Guns account for the bulk of deadly attacks on prison guards, between 70 and 80 percent "
        "of them in any given year.",
        "Of these deadly attacks, the great majority were carried out with a gun (from 70 to 80 "
        "percent each year).",
        similarity=0.8,
    )
    assert verdict.verdict == "supports", verdict.reason


def test_some_before_a_figure_is_about_not_a_quantifier() -> None:
    assert quantifier("Some 60 forces now employ more than 500 officers.") == ""
    assert quantifier("Some forces now employ more than 500 officers.") == "partial"
    assert _supports(
        "Some 60 forces now employ more than 500 officers.",
        "Roughly 60 forces employ more than 500 officers in all of them.",
    ).holds


def test_a_state_after_a_comma_may_be_written_as_its_code() -> None:
    claim = "The 1994 study observed police encounters in Dayton, Ohio, over six months."
    assert _supports(
        claim, "The 1994 study observed police encounters in Dayton, OH, over six months."
    ).holds
    assert not _supports(
        claim.replace("Dayton, Ohio", "Aurora, Colorado"),
        "The 1994 study observed police encounters in Aurora, CA, over six months.",
    ).holds
    # another code is another state
    verdict = _supports(
        claim, "The 1994 study observed police encounters in Dayton, NV, over six months."
    )
    assert not verdict.holds


def test_a_word_negated_by_its_prefix_is_a_negation_the_other_text_writes_out() -> None:
    source = "Once prior arrests were coded, the effect of age became nonsignificant."
    assert _supports(
        "Once prior arrests were coded, age no longer had a significant effect.", source
    ).holds
    # the base affirmed elsewhere ('armed units') is no denial of the affixed word
    assert _supports(
        "Unarmed officers patrolled the estate.",
        "Unarmed officers patrolled the estate while armed units waited nearby.",
    ).holds
    assert _supports(
        "Nonwhite drivers were searched more often.",
        "Nonwhite drivers were searched more often than white drivers.",
    ).holds


def test_a_denial_restated_is_still_a_denial() -> None:
    """Two negations that deny the same thing twice ('not significant, meaning that it did not
    improve …') do not cancel out; two about other things say nothing of the claim."""
    source = (
        "The second model was not significant, meaning that it did not improve prediction "
        "over a constant-only model."
    )
    claim = (
        "The second model was significant, meaning that it improved prediction over a "
        "constant-only model."
    )
    verdict = _supports(claim, source)
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "negation"
    unrelated = (
        "Victims may not be present, and officers should not leave before help arrives; the "
        "second model improved prediction over a constant-only model."
    )
    assert _supports(claim, unrelated).holds


def test_a_year_that_bounds_a_period_is_not_the_year_of_the_answer() -> None:
    question = (
        "The agency has had its seat in Geneva since 1994. Where was it based before that move?"
    )
    sentence = "Its seat was first in Bern, then from 1971 in the city of Basel."
    before = "It moved to Geneva in 1994."
    verdict = _answers(question, sentence, 0.6, context=before, before=before)
    assert verdict.holds, verdict
    # a year the question dates its fact by still conflicts
    dated = "Where was the agency based in 1994?"
    assert not _answers(dated, sentence, 0.6, context=before, before=before).holds


def test_names_joined_by_and_are_each_found_as_themselves() -> None:
    text = "In 2003 the International Labour Organization and UNESCO each published an estimate."
    assert name_in(names("the ILO and UNESCO")[0], profile(text))
    assert not name_in(names("the ILO and UNICEF")[0], profile(text))


def test_a_name_used_as_a_place_is_no_person() -> None:
    question = "Who was appointed the first director of the coastal patrol?"
    placed = "The first coastal patrol in the Irish Republic was set up in 1841 by royal charter."
    assert not holds_type("person", frozenset(), placed, question)
    named = "Thomas Drummond was appointed its first director in 1841."
    assert holds_type("person", frozenset(), named, question)
    came = "The idea came from Thomas Drummond, who was appointed its first director."
    assert holds_type("person", frozenset(), came, question)


def test_a_premise_s_year_may_stand_in_the_passage_before() -> None:
    """The story a premise retells may begin a passage earlier, where its year stands; a year
    the asking sentence names must stand by the answer."""
    question = (
        "The report tells of a cyclist stopped in 2014 on a bridge. What was the first "
        "charge against him based on?"
    )
    sentence = "The first charge against him was based on riding without a working lamp."
    story = "In the spring of 2014, a cyclist was stopped by two officers on the north bridge."
    assert _answers(question, sentence, 0.6, section=story).holds
    assert not _answers(question, sentence, 0.6).holds  # the year stands nowhere
    asked = "What was the first charge against the cyclist stopped on a bridge in 2014 based on?"
    assert not _answers(asked, sentence, 0.6, section=story).holds


def test_a_figure_given_with_another_work_cited_is_that_work_s() -> None:
    question = (
        "The authors note that officers say they would arrest rude suspects (Baker et al. "
        "2004). What percentage of officers in that survey said so?"
    )
    other = "In an early study, Harlow (1961) found that 41% of the officers he asked agreed."
    passage = f"Officers say they would arrest rude suspects (Baker et al. 2004). {other}"
    verdict = _answers(question, other, passage=passage)
    assert not verdict.holds and verdict.conflicts[0][0] == "work", verdict
    own = "Baker et al. (2004) found that 41% of the officers they asked agreed."
    assert _answers(question, own, passage=f"{passage} {own}").holds
    # in Baker et al.'s own paper, a work it cites beside its finding does not take it over
    theirs = "Consistent with Harlow (1961), 41% of the officers we asked agreed."
    about = "Baker, Lee and Ortiz (2004). Rude suspects and arrest."
    assert _answers(question, theirs, passage=passage, about=about).holds


def test_the_subject_of_a_yes_no_question_stands_by_the_answer() -> None:
    question = "Is Portugal responsible for more of the public requests than Spain?"
    spain = "Spain is responsible for 30% of the public requests."
    passage = f"Portugal and Spain both send requests. {spain}"
    verdict = _answers(question, spain, passage=passage)
    assert not verdict.holds and "Portugal" in verdict.missing
    both = "Portugal is responsible for 12% of the public requests, fewer than Spain."
    assert _answers(question, both).holds


def test_an_author_after_from_is_no_place() -> None:
    question = "Where did Ortega and colleagues collect their survey data?"
    cited = "We took our survey measures from Lindqvist and colleagues (1997), who tested them."
    assert not holds_type("place", frozenset(), cited, question)
    placed = "Ortega and colleagues collected their survey data from Tampere in Finland."
    assert holds_type("place", frozenset(), placed, question)


def test_what_an_acronym_stands_for_is_answered_only_by_its_words() -> None:
    question = "What does the acronym PRISM stand for in the safety policy?"
    named = "Officers attending a call must apply PRISM in the safety policy."
    verdict = _answers(question, named, 0.8)
    assert not verdict.holds and verdict.missing == ("what PRISM stands for",)
    spelled = "In the safety policy, PRISM stands for Plan, Respond, Inform, Support and Monitor."
    assert _answers(question, spelled, 0.8).holds
    stance = "What does the UK government stand for on knife crime?"
    assert _answers(stance, "The UK government stands for tougher sentences.", 0.8).holds
    letters = (
        "What do the letters of the PRISM model used by officers in the safety policy stand for?"
    )
    assert _answers(letters, named, 0.8).missing == ("what PRISM stands for",)


def test_the_office_a_person_was_appointed_to_stands_by_the_answer() -> None:
    question = "Who was appointed the first Chief Inspector of the Harbour Police?"
    other = "Upon John Carter being appointed as Home Secretary in 1840, he reformed the force."
    passage = f"The Harbour Police had a Chief Inspector from 1841. {other}"
    verdict = _answers(question, other, passage=passage)
    assert not verdict.holds and "Chief Inspector of the Harbour Police" in verdict.missing
    named = "John Carter was appointed the first Chief Inspector of the Harbour Police in 1841."
    assert _answers(question, named, passage=passage).holds


def test_a_rank_put_in_place_of_another_contradicts() -> None:
    source = "Support differed by rank, with patrol officers voicing more doubts about the tablets."
    verdict = _supports(
        "Support differed by rank, with sergeants voicing more doubts about the tablets.", source
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "group"
    assert _supports(
        "Support differed by rank, with line-level officers voicing more doubts about the tablets.",
        source,
    ).holds


def test_capitals_in_a_table_row_are_no_person_s_name() -> None:
    question = "Who was the chief of the smallest agency?"
    row = "Hispanic NA White, Non-Hispanic NA White, Non-Hispanic Chief's Sex Female NA Male"
    assert not holds_type("person", frozenset(), row, question)
    assert holds_type("person", frozenset(), "Its chief was Dana R. Whitfield.", question)


def test_an_address_for_correspondence_beside_a_sentence_gives_no_place() -> None:
    question = "In which city did the authors survey the county's deputies?"
    lead = "We surveyed the county's deputies about their oversight board."
    address = "Direct correspondence to Dana Whitfield, 12 Elm Street, Lincoln, NE 68508."
    assert not _answers(question, lead, after=address, context=address).holds
    told = "The survey of the county's deputies took place in Lincoln, Nebraska."
    assert _answers(question, lead, after=told, context=told).holds


def test_a_work_cited_in_the_answer_is_not_what_it_is_about() -> None:
    question = "What share of officers in Leeds carried a taser on patrol?"
    sentence = "About 40% of the officers carried a taser on patrol (Baker and Hyland, 2018)."
    passage = (
        f"The survey covered the force in Leeds. Its officers were asked about kit. {sentence}"
    )
    assert _answers(question, sentence, 0.8, passage=passage).holds
    other = "About 40% of the officers in Bradford carried a taser on patrol."
    assert not _answers(question, other, 0.8, passage=passage).holds


@pytest.mark.parametrize(
    ("group", "named"),
    [("children", "children"), ("women", "girls"), ("men and women", "men and women")],
)
def test_a_share_of_a_group_is_answered_only_by_a_sentence_about_that_group(
    group: str, named: str
) -> None:
    question = f"What share of the searches of {group} led to an arrest?"
    assert not _answers(question, "About 12% of all searches led to an arrest.", 0.8).holds
    assert _answers(question, f"About 12% of searches of {named} led to an arrest.", 0.8).holds


def test_a_premise_s_year_may_stand_in_the_answer_s_own_passage() -> None:
    question = (
        "The report tells of a cyclist stopped in 2014 on a bridge. What was the first "
        "charge against him based on?"
    )
    sentence = "The first charge against him was based on riding without a working lamp."
    passage = f"In the spring of 2014, a cyclist was stopped on the north bridge. Later, {sentence}"
    assert _answers(question, sentence, 0.6, passage=passage).holds


def test_who_said_it_is_answered_by_the_authors_a_quotation_is_credited_to() -> None:
    question = "The guidebook quotes a prediction about analysis. Who made that prediction?"
    quoted = "“Analysis will transform patrol work.” – Moreau and Tanaka (2009: 12)."
    assert holds_type("person", frozenset(), quoted, question)
    narrative = "As Moreau et al. (2009) predicted, analysis would transform patrol work."
    assert holds_type("person", frozenset(), narrative, question)
    # a bracketed reference credits nobody with the words, nor answers who held an office
    assert not holds_type("person", frozenset(), "It will (Moreau and Tanaka 2009).", question)
    assert not holds_type("person", frozenset(), quoted, "Who was the first chief of police?")


def test_an_area_or_region_of_a_subject_is_no_place() -> None:
    assert read_question("Which brain region's activity rose?").answer_type != "place"
    assert read_question("Which crime areas are the priorities?").answer_type != "place"
    assert read_question("Which police area recorded the most?").answer_type == "place"
    assert read_question("Which region of Italy had the most?").answer_type == "place"


def test_a_second_part_that_refers_back_is_read_with_the_first() -> None:
    question = "What was that burglary rate in 2019, and by how much had it risen?"
    shares = "One-third of the population is of Irish descent."
    assert not holds_type("quantity", frozenset(), shares, question)
    assert holds_type("quantity", frozenset(), "The burglary rate was 12.4 per 1,000.", question)
    assert not _answers(question, "The burglary rate rose from 2018 to 2019.", after=shares).holds


def test_how_often_is_answered_by_a_frequency_when_how_long_is_asked_too() -> None:
    question = "How often does the chief meet the panel, and for how long are members appointed?"
    assert holds_type(
        "duration", frozenset(), "The chief meets the panel four times per year.", question
    )


def test_which_state_authorities_ask_for_no_place() -> None:
    assert read_question("Which state authorities could send staff?").answer_type != "place"
    assert read_question("Which state did the survey cover?").answer_type == "place"


def test_authors_with_a_year_are_no_organisation_and_their_year_no_event() -> None:
    question = "Which police department's officers did they survey?"
    cited = "Officers comply more (Baker and Hyland 2014; Moreau et al. 2016)."
    assert not holds_type("organisation", frozenset(), cited, question)
    told = "They surveyed officers of the Dallas Police Department in 2011."
    assert holds_type("organisation", frozenset(), told, question)
    kinds = [q.kind for q in quantities("(as shown; see also Moreau et al., 2013; Baker, 2014).")]
    assert kinds == ["cited", "cited"]


def test_a_figure_with_only_another_work_of_the_same_year_cited_is_that_work_s() -> None:
    question = "The authors cite Moreau and Baker's (2017) survey. How many officers answered?"
    about = "Moreau, Baker and Lindgren (2019). Officers and the media."
    other = "In a survey of nearly 6,000 officers, 60% said so (Lindqvist Institute, 2017)."
    assert not _answers(question, other, 0.8, about=about).holds
    own = "In a survey of nearly 6,000 officers, 60% said so (Moreau and Baker, 2017)."
    assert _answers(question, own, 0.8, about=about).holds


def test_a_note_s_mark_after_a_full_stop_ends_the_sentence() -> None:
    text = "They saw it fall, respectively.2 In a survey of 800 officers, 70% agreed."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "They saw it fall, respectively.2",
        "In a survey of 800 officers, 70% agreed.",
    ]
    decimal = "It rose to 3.5 Times were hard."
    assert len(split_sentences(decimal)) == 1


def test_a_table_is_read_when_the_question_says_tabulated() -> None:
    question = "Under the grading system tabulated in the guide, what does a code of C mean?"
    row = "Table 6.1 Grading codes SOURCE GRADE A Always reliable B Mostly reliable C Not reliable"
    assert "heading" not in _answers(question, row, 0.7).reason
    assert "heading" in _answers("What does a code of C mean?", row, 0.7).reason


def test_another_actor_where_the_claim_s_figures_are_missing_is_no_contradiction() -> None:
    claim = "The Weller Fund recorded 228 suicides of officers in 2019."
    source = "The Harbor Trust, a charity, shares what it finds about suicides of officers."
    assert _supports(claim, source).verdict != "contradicts"
    changed = "The Harbor Trust recorded 228 suicides of officers in 2019."
    assert _supports(claim, changed).verdict == "contradicts"


def test_an_aside_that_something_is_not_shown_denies_nothing() -> None:
    claim = "Further analyses found that trust alone explained 30 percent of it."
    source = "Further analyses (not shown) found that trust alone explained 30 percent of it."
    assert _supports(claim, source).verdict == "supports"


def test_half_of_a_group_is_not_every_one_of_it() -> None:
    claim = "The inspectors interviewed every one of the force's sworn officers."
    source = "The inspectors interviewed half of the force's sworn officers."
    assert _supports(claim, source).verdict == "contradicts"


def test_a_group_named_with_non_is_a_denial_only_against_a_denied_name() -> None:
    claim = "Only four of the 54 officers were African American."
    source = "Citations went to African Americans 73 times but to non-African Americans twice."
    assert "negation" not in [c[0] for c in _supports(claim, source).conflicts]
    said = "They cited people who were not African American only two times."
    told = "They cited non-African Americans only twice."
    assert _supports(said, told).verdict == "supports"


def test_who_succeeded_a_person_needs_a_word_of_succession() -> None:
    question = (
        "Mara Lind chaired the assembly from 1990 until 2012. Who succeeded her in that post?"
    )
    challenged = (
        "Mara Lind, who chaired the assembly until 2012, faced a challenge from Tomas Berg."
    )
    assert not holds_type("person", frozenset(), challenged, question)
    succeeded = "In 2012 Tomas Berg succeeded Mara Lind as chair of the assembly."
    assert holds_type("person", frozenset(), succeeded, question)


def test_a_year_that_bounds_the_time_asked_about_is_met_by_a_year_inside_the_bound() -> None:
    question = "Who held the post just before March 2010?"
    assert _answers(question, "From 2006 to 2009, the post was held by Dana Whitfield.").holds
    assert not _answers(question, "From 2011 to 2014, the post was held by Dana Whitfield.").holds


def test_another_body_doing_what_the_claim_s_actor_does_contradicts() -> None:
    claim = (
        "After reading the assessment, the Harbor Agency takes the final decision on priorities."
    )
    source = "Based on the review, the Council of Ministers makes a final decision on priorities."
    passage = f"The Harbor Agency drafts the review. {source}"
    verdict = JUDGE.supports(
        claim, Evidence(source, passage=passage, similarity=0.85), _weights(claim)
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "actor"
    own = "Based on the review, the Harbor Agency makes a final decision on priorities."
    assert _supports(claim, own).verdict == "supports"


def test_one_in_five_is_a_share() -> None:
    assert [q.value for q in quantities("about one in five of the stops")] == [0.2]
    assert quantities("one of them said one could") == ()


def test_refusing_or_declining_to_act_is_a_denial_as_failing_to_is() -> None:
    claim = "Officers might be at fault if they declined to act on accurate forecasts."
    source = "Officers might be at fault if they failed to act on accurate forecasts."
    assert _supports(claim, source).verdict == "supports"
    assert (
        _supports(
            "Burglary declined to its lowest level.", "Burglary fell to its lowest level."
        ).verdict
        == "supports"
    )


def test_a_group_named_with_lowercase_non_is_no_denial_of_another_group() -> None:
    claim = "Staff in desk or other non-patrol posts rated the topics higher than patrol staff did."
    source = "Staff in desk or other posts were likelier than patrol staff to rate the topics high."
    assert "negation" not in [c[0] for c in _supports(claim, source).conflicts]
    assert "negation" in [
        c[0]
        for c in _supports(
            "The effect of the new patrol plan on burglary was non-significant.",
            "The effect of the new patrol plan on burglary was significant.",
        ).conflicts
    ]


def test_who_chairs_is_answered_by_the_post_that_chairs() -> None:
    question = "Who chairs the national operational group?"
    assert holds_type(
        "person",
        frozenset(),
        "The group is chaired by the head of the operations department.",
        question,
    )
    assert not holds_type("person", frozenset(), "The group meets weekly in the capital.", question)


def test_a_province_named_by_its_kind_is_a_place_not_a_person() -> None:
    question = "What happened to the commissioner, and in which province?"
    assert holds_type(
        "place",
        frozenset(),
        "In the Hebei Province, the elites got the commissioner dismissed.",
        question,
    )


def test_which_countries_is_answered_by_a_list_of_names() -> None:
    question = "Which partner countries attend the yearly conference?"
    listed = "The conference meets with partners (currently Peru, Chile, Norway and Japan)."
    assert holds_type("place", frozenset(), listed, question)
    assert not holds_type(
        "place", frozenset(), "The conference meets with partners yearly.", question
    )


def test_who_set_up_or_funded_it_needs_a_name_with_that_relation() -> None:
    founded = "Founded in 1996, the Fallen Officer Register is a non-profit run by volunteers."
    question = "Who set up the Fallen Officer Register?"
    assert not holds_type("person", frozenset(), founded, question)
    assert holds_type("person", frozenset(), "It was set up by Dana Whitfield in 1996.", question)
    funded = "Who funded the 2018 mail survey of police chiefs?"
    assert not holds_type(
        "person", frozenset(), "In 2018 we wrote to the chiefs of 2,000 departments.", funded
    )
    assert holds_type(
        "person", frozenset(), "The survey was funded by a grant to Dana Whitfield.", funded
    )


def test_a_hedged_relation_still_needs_its_word() -> None:
    question = "A worm hit power plants in 2011. Who is thought to have created it?"
    found = "In 2011, engineers at the plants found a worm on their control computers."
    assert not holds_type("person", frozenset(), found, question)
    assert not holds_type(
        "person",
        frozenset(),
        "It laid the foundation of a new kind of attack, wrote Dana Reyes.",
        question,
    )
    made = "It is believed to have been created by a team led by Dana Reyes."
    assert holds_type("person", frozenset(), made, question)


def test_a_month_a_group_in_a_list_or_a_cause_is_no_place() -> None:
    question = "In which city was the 2021 assembly held?"
    for text in (
        "In June 2021, the assembly elected a new president.",
        "In 2021, Lithuanian Deputies, Members of Parliament and Senators opposed the choice.",
        "The vote was contested due to the Elbonia's record on torture.",
        "It was the second appeal by the deputy of the Rhône, Anne Morel, who wrote in 2021.",
    ):
        assert not holds_type("place", frozenset(), text, question), text
    assert holds_type("place", frozenset(), "The 2021 assembly met in Tallinn.", question)
    assert holds_type("place", frozenset(), "It was held at Tartu, Estonia.", question)


def test_a_person_noun_that_qualifies_another_asks_for_no_person() -> None:
    assert read_question("Which officer characteristic was linked to training?").answer_type != (
        "person"
    )
    assert read_question("Which officer led the raid?").answer_type == "person"


def test_roles_in_the_plural_answer_who_assists() -> None:
    question = "Who assists the chair of the assembly?"
    said = "The chair is assisted by the previous and incoming chairmen."
    assert holds_type("person", frozenset(), said, question)
    assert not holds_type("person", frozenset(), "The chair is assisted every year.", question)


def test_non_a_group_is_the_people_outside_it() -> None:
    source = "Plans put forward by non-police bodies, such as mayors, tend to be unpopular."
    claim = "Plans put forward by bodies outside the police, such as mayors, tend to be unpopular."
    assert _supports(claim, source).holds
    assert not _supports(claim.replace("outside the police", "in the police"), source).holds


def test_another_agent_of_the_same_passive_verb_contradicts() -> None:
    source = (
        "Every interview of a child witness must be carried out by specially trained interviewers."
    )
    after = "The guide was written with Kotare Services."  # the claim's name stands beside
    claim = "Every interview of a child witness must be carried out by Kotare Services staff."
    evidence = Evidence(source, after, f"{source} {after}", similarity=0.85, after=after)
    verdict = JUDGE.supports(claim, evidence, _weights(claim))
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "actor"
    same = "Every interview of a child witness must be carried out by Kotare Services staff."
    assert _supports(claim, same).holds


def test_a_range_shares_its_scale_and_a_scaled_figure_ends_a_sentence() -> None:
    (low, high) = quantities("between 12 and 27 million people")
    assert (low.value, high.value) == (12e6, 27e6)
    (end,) = quantities("The count remains 27 million.")
    assert end.value == 27e6
    assert quantities("as high as 12 million to 27 million.")[0].unit == ""


def test_a_superlative_states_the_comparison_a_comparative_makes() -> None:
    claim = "Today's share of slaves is smaller than at any earlier point in history."
    assert _supports(claim, "Today's share of slaves is the smallest in history.").holds
    assert not _supports(claim, "Today's share of slaves is reported in history.").holds


def test_states_bodies_and_instruments_are_no_person() -> None:
    bodies = ("the Russian Federation", "the Moscow Mechanism", "the Interpol Foundation")
    for text in (*bodies, "the Basque Country", "the Northern Territory"):  # (not Mr Country)
        (name,) = names(text)
        assert not personal(name), text
    (person,) = names("by Ahmed Naser")
    assert personal(person)
    (two,) = names("edited by Wendy Regoeczi and Terance Miethe")
    assert personal(two)
    (forces,) = names("by Kent Police and Sussex Police")
    assert not personal(forces)
    question = "Who were the two staff members sentenced in September?"
    after = "In March, the Moscow Mechanism was set in motion against the Russian Federation."
    assert not holds_type("person", frozenset(), after, question)


def test_all_female_is_no_quantifier_nor_more_often_one() -> None:
    assert quantifier("Lone women and all-female groups assaulted officers least.") == ""
    assert quantifier("Black suspects assaulted officers more often than others.") == ""
    assert quantifier("Officers often assaulted suspects.") == "partial"


def test_most_against_some_contradicts() -> None:
    verdict = _supports(
        "The outcomes of most searches do not match the item the officers looked for.",
        "The outcomes of some searches do not match the item the officers looked for.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "quantifier"


def test_taking_care_not_to_is_avoiding() -> None:
    claim = "Chiefs must take care not to over-police particular streets."
    assert _supports(claim, "Chiefs must be alert to avoid over-policing particular streets.").holds
    plain = "Chiefs must not over-police particular streets."
    assert not _supports(plain, "Chiefs must over-police particular streets.").holds


def test_a_comparison_with_its_other_side_implied_must_be_stated() -> None:
    claim = "Chiefs whose officers had shot someone were more supportive of the camera law."
    asked = "We asked chiefs how supportive they were of the camera law after a shooting."
    assert comparison_unstated(claim, asked)
    found = "Chiefs whose officers had shot someone gave the camera law greater support."
    assert not comparison_unstated(claim, found)


def test_another_agent_of_a_passive_verb_contradicts_though_neither_is_a_name() -> None:
    claim = "A fourth street was selected by the research team to serve as a control."
    source = "A fourth street was selected by the police agency to serve as a control."
    verdict = _supports(claim, source)
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "actor"
    same = "A fourth street was selected by the team of researchers to serve as a control."
    assert _supports(claim, same).holds


def test_a_heading_run_into_a_sentence_is_no_person() -> None:
    (name,) = names("Introduction Place-based patrols rest on two ideas.")
    assert not personal(name)


def test_what_something_is_worth_asks_for_money() -> None:
    assert read_question("What did the agency estimate the trade to be worth?").answer_type == (
        "money"
    )


def test_the_whole_a_question_states_is_no_count_of_its_part() -> None:
    question = "Of the roughly 18,000 agencies, how many are headed by a sheriff?"
    whole = "There are over 17,500 agencies in the country."
    assert not holds_type("count", frozenset({"agenc"}), whole, question)
    modified = "The country has over 17,000 state and local law enforcement agencies."
    assert not holds_type("count", read_question(question).focus, modified, question)
    part = "About 3,000 agencies are headed by a sheriff."
    assert holds_type("count", frozenset({"agenc"}), part, question)
    # nor is a larger count of the same thing: 'how many of the 546 officers' is under 546
    question = "How many of the 546 responding officers were assigned to the night vignette?"
    invited = "In all, 546 of the 1,752 officers invited to the survey responded."
    assert not holds_type("count", frozenset({"offic"}), invited, question)
    assigned = "Of those responding, 180 officers were assigned to the night vignette."
    assert holds_type("count", frozenset({"offic"}), assigned, question)


def test_a_table_or_model_the_question_names_is_no_name_to_match() -> None:
    spec = read_question("In Model 1 of Table 3 in Lund's study, which factor mattered most?")
    assert [n.text for n in spec.names] == ["Lund"]


def test_the_act_a_date_is_asked_for_is_a_verb_of_the_first_clause() -> None:
    two = "When did the court finally put Ann Lee on its list, and what happened later the year?"
    assert read_question(two).event == frozenset()
    assert "hold" in read_question("When did the council hold its first meeting?").event


def test_nor_goes_on_with_a_denial_and_in_denies_as_un_does() -> None:
    claim = "An arrest says nothing about whether the person was booked or charged."
    source = "An arrest does not imply booking, nor whether the person was charged."
    assert _supports(claim, source).verdict != "contradicts"
    lacking = "Officers who see their chiefs as lacking experience resist change."
    assert _supports(lacking, "Officers who see their chiefs as inexperienced resist change.").holds


def test_a_heading_in_capitals_points_no_way() -> None:
    claim = "Migrant residents express more trust in the police."
    source = "GROUP SIZE AND GROWTH Migrant residents express less trust in the police."
    verdict = _supports(claim, source)
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "direction"


def test_another_order_of_magnitude_contradicts() -> None:
    claim = "The inspectors held dozens of interviews with residents of the town."
    verdict = _supports(
        claim, "The inspectors held hundreds of interviews with residents of the town."
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0] == (
        "number",
        "dozens",
        "hundreds",
    )
    assert _supports(
        claim, "The inspectors held dozens of interviews with residents of the town."
    ).holds


def test_who_produced_a_work_asks_for_one_name() -> None:
    question = "Who produced the 'Open eyes' video, and when was it made?"
    groups = "Officers will show the video to victims and children at the station."
    assert not holds_type("person", frozenset(), groups, question)
    assert holds_type("person", frozenset(), "The video was produced by Mere Tahu.", question)


def test_a_time_bound_the_source_does_not_give_is_missing() -> None:
    claim = "The report has to be filed before the attending officer's shift ends."
    verdict = _supports(claim, "The attending officer is responsible for filing the report.")
    assert not verdict.holds and any("shift" in m for m in verdict.missing)
    found = "The report has to be filed before the end of the attending officer's shift."
    assert _supports(claim, found).holds


def test_a_statement_asks_for_nothing_and_differing_in_how_much_for_no_figure() -> None:
    quoted = "The town must build a police service in which people are treated with compassion."
    assert read_question(quoted).answer_type == "other"
    assert read_question("In which city was it held?").answer_type == "place"
    differ = "Did young and old residents differ in how much they valued fair treatment?"
    assert read_question(differ).answer_type == "yesno"
    assert read_question("How much did the residents value fair treatment?").answer_type != (
        "yesno"
    )


def test_not_that_contrasts_denies_nothing_and_escalating_points_up() -> None:
    claim = (
        "Policing in the town was driven by a concern with revenue, not by what safety required."
    )
    source = "Policing in the town was shaped by a focus on revenue rather than by safety needs."
    assert _supports(claim, source).verdict != "contradicts"
    assert directions("violence that has escalated") == {"up"}


def test_the_lowest_does_not_answer_a_question_after_the_highest() -> None:
    question = "Which agency scored highest on accountability, and what was its score?"
    low = "The Port Agency had the lowest score in its group, 22% on accountability."
    verdict = _answers(question, low)
    assert not verdict.holds and verdict.conflicts[0] == ("superlative", "highest", "lowest")
    high = "The Port Agency had the highest score in its group, 82% on accountability."
    assert _answers(question, high).holds


def test_a_name_inside_a_quoted_title_is_no_person() -> None:
    question = "Who gave the keynote at the 2016 meeting in Vienna?"
    titled = "The 2016 meeting in Vienna heard a keynote on ‘Harbour Watch policing’."
    assert not holds_type("person", frozenset(), titled, question)
    assert holds_type("person", frozenset(), "Mara Lind gave the 2016 keynote.", question)


def test_a_diagram_s_labels_are_no_statement() -> None:
    labels = (
        "GSF: General Success Factors SSF: Special Success Factors POLICY-MAKING AND STRATEGIC "
        "PLANNING State police core task Ministry strategy Regional police authority strategy "
        "State Bureau Investigations State Bureau Police Technical Services COMBAT CRIME "
        "Directorate Priorities Priorities Priorities Security programme Security balance "
        "Directorate Traffic accidents Directorate Emergency response Directorate Field strategy "
        "Administrative services Directorate Regional office Local office Field strategy"
    )
    assert fragment(labels)
    prose = (
        "The POLICY-MAKING AND STRATEGIC PLANNING unit of the State Bureau sets the priorities "
        "that each of the regional authorities then turns into a programme of its own."
    )
    assert not fragment(prose)
    # a figure's words broken into letters by the extraction
    assert fragment("Harbour P riorit ei s Goals Act oi n s Continuous c ol el ct oi n of cargo")
    assert not fragment("He is in the UK or at sea, so he can be on a ship by 6 am.")


def test_by_how_much_asks_for_a_change_not_money() -> None:
    assert (
        read_question("By how much did a rude driver raise the officers' suspicion?").answer_type
        != "money"
    )
    assert (
        read_question("How much did the harbour authority raise from fines?").answer_type == "money"
    )


def test_what_the_asker_means_to_do_and_how_a_source_presents_are_no_topic() -> None:
    question = (
        "I want to cite the harbour board's leaflet on night patrols. What date does the "
        "leaflet carry, and whose name appears on it?"
    )
    topic = read_question(question).topic
    assert not {"want", "cite", "carri", "appear"} & topic
    assert {"leaflet", "patrol"} <= topic


def test_a_word_denied_by_un_contradicts_the_word_affirmed() -> None:
    source = "Sweeping cuts to patrols have proven wildly unpopular with harbour residents."
    verdict = _supports(
        "Sweeping cuts to patrols have proven broadly popular with harbour residents.", source
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "negation"
    assert _supports(
        "Sweeping cuts to patrols are not popular with harbour residents.", source
    ).holds


def test_either_way_denies_nothing_and_staying_away_is_a_denial() -> None:
    source = (
        "A search lets officers confirm whether a person is or is not carrying stolen goods "
        "without arresting them."
    )
    claim = "A search lets officers check whether someone carries stolen goods without an arrest."
    assert _supports(claim, source).verdict != "contradicts"
    campaign = "The campaign urges young sailors to put safety first and not to drink at sea."
    assert (
        _supports(
            "The campaign urges young sailors to put safety first and stay away from drink at sea.",
            campaign,
        ).verdict
        != "contradicts"
    )


def test_a_word_whose_opposite_the_other_text_denies_agrees_with_it() -> None:
    source = "Litter may be a cue that the harbour police are not doing a good job."
    assert _supports(
        "Litter may signal that the harbour police are doing a poor job.", source
    ).holds
    assert (
        _supports("Litter may signal that the harbour police are doing a good job.", source).verdict
        == "contradicts"
    )


def test_a_country_named_by_its_people_is_the_same_country() -> None:
    source = "Large cities are home to a disproportionate share of Americans and of serious crime."
    claim = "Large US cities hold a disproportionate share of the population and of serious crime."
    assert _supports(claim, source).verdict != "contradicts"
    assert _supports(claim.replace("US", "Canadian"), source).verdict != "paraphrase"


def test_one_word_may_qualify_the_person_asked_for_and_his_name_asks_for_one() -> None:
    assert read_question("Which FBI agent handled the informant?").answer_type == "person"
    assert read_question("What is officer self-legitimacy?").answer_type != "person"
    question = "The report credits an Ambassador Holm with the 1996 vote. What was his full name?"
    assert read_question(question).answer_type == "person"
    assert not holds_type(
        "person", frozenset(), "Ambassador Holm was the first envoy to hold the vote.", question
    )


def test_the_act_a_place_is_asked_for_is_told_beside_it() -> None:
    question = "In which city was the harbour gang founded, and roughly when?"
    assert "found" in read_question(question).event
    # a verb whose kin are not known asks for nothing of a place ('recorded' for 'filmed')
    assert not read_question("Where were those encounters recorded, and by whom?").event
    listing = "Gangs such as the Dock Boys and the Pier Crew operate in Rotterdam and Antwerp."
    assert not _answers(question, listing, about="Wikimedia Foundation").holds
    founded = "The Dock Boys gang was founded in Rotterdam in the 1970s."
    assert _answers(question.replace("harbour gang", "Dock Boys gang"), founded).holds


def test_a_thing_moved_the_other_way_contradicts() -> None:
    source = "A rise in fairness is expected to increase trust in the harbour police."
    verdict = _supports(
        "A rise in fairness is expected to reduce trust in the harbour police.", source
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "direction"
    assert _supports(
        "A rise in fairness is expected to boost trust in the harbour police.", source
    ).holds


def test_another_frequency_contradicts() -> None:
    source = "The harbour council, which meets every month, sets the patrol budget."
    verdict = _supports(
        "The harbour council meets twice a year and sets the patrol budget.", source
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "frequency"
    assert _supports("The harbour council meets monthly and sets the patrol budget.", source).holds
    rates = "Around 6,000 dockers are injured each year, about 16 injuries per day."
    assert _supports("About 6,000 dockers a year are injured, some 16 every day.", rates).holds


def test_rarely_contradicts_often_and_doubting_denies() -> None:
    source = "Offenders will often revert to past behaviour if left unsupported."
    verdict = _supports("Offenders rarely revert to past behaviour if left unsupported.", source)
    assert verdict.verdict == "contradicts"
    hopeful = "We are not optimistic that a national harbour database will exist soon."
    assert (
        _supports(
            "The authors doubt that a national harbour database will exist soon.", hopeful
        ).verdict
        != "contradicts"
    )


def test_which_judge_asks_for_one_person_whom_only_a_name_answers() -> None:
    question = "The policy cites a boarding-house case. Which judge heard it?"
    parties = "The applicant and the respondent lived in the same boarding house."
    assert not holds_type("person", frozenset(), parties, question)
    assert holds_type("person", frozenset(), parties, "Who lived in the boarding house?")
    assert holds_type("person", frozenset(), "Judge Mara Lind heard the case.", question)


def test_a_list_item_in_brackets_is_no_count() -> None:
    source = "Officers chose among six answers: (1) very calm, (2) calm, (5) tense, (6) very tense."
    verdict = _supports("Officers chose among five answers, from very calm to very tense.", source)
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][1:] == ("five", "six")


def test_having_no_trouble_is_no_denial() -> None:
    source = (
        "Officers may have no trouble appearing calm, but struggle to show care to rude sailors."
    )
    claim = "Officers may find it easy to appear calm, yet struggle to show care to rude sailors."
    assert _supports(claim, source).verdict != "contradicts"


def test_only_a_few_contradicts_many() -> None:
    source = "It became clear that many dock residents genuinely embrace the harbour's diversity."
    verdict = _supports(
        "It became clear that only a few dock residents genuinely embrace the harbour's diversity.",
        source,
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "quantifier"


def test_another_last_item_of_a_list_contradicts() -> None:
    source = "Most felt that trainings on first aid, crisis intervention and diving were vital."
    verdict = _supports(
        "Most felt that trainings on first aid, crisis intervention and implicit bias were vital.",
        source,
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][1:] == (
        "implicit bias",
        "diving",
    )
    reworded = (
        "Most officers felt that trainings on first aid, crisis response and diving mattered."
    )
    assert _supports(reworded, source).verdict != "contradicts"
    named = "The board had officials from Belgium, France and the Netherlands."
    swapped = _supports("The board had officials from Belgium, France and Spain.", named)
    assert swapped.verdict == "contradicts" and swapped.conflicts[0][1:] == ("Spain", "Netherlands")


def test_the_act_an_organisation_is_asked_for_is_told_beside_it() -> None:
    question = "The guide describes TideStat. Which harbour force first introduced TideStat?"
    assert "introduc" in read_question(question).event
    told = "TideStat, praised by the Harbour Board, is a system modelled on broken windows."
    assert not _answers(question, told).holds
    founded = "TideStat was first introduced by the Rotterdam Harbour Police in 1994."
    assert _answers(question, founded).holds
    # an organisation's question asks for no other word of its own beside it
    funded = "This project was supported by the Harbour Trust under grant 2011-DJ-17."
    assert _answers("Which agency funded, in part, the harbour study?", funded).holds


def test_review_cases_the_new_rules_leave_alone() -> None:
    """What the session's rules must not touch: an antonym about another thing ('poor
    areas'), doubt denied away ('beyond reasonable doubt'), a count in brackets, rates of
    things counted, a verb before 'people'."""
    denied = "In poor districts, harbour officers did not do a good job."
    assert _supports("In poor districts, harbour officers did a good job.", denied).verdict == (
        "contradicts"
    )
    assert (
        _supports(
            "The jury found him guilty beyond reasonable doubt.", "The jury found him guilty."
        ).verdict
        != "contradicts"
    )
    assert [q.text for q in quantities("stops (12), searches (7) and arrests (3).")][:2] == [
        "12",
        "7",
    ]
    rate = _supports("About 60,000 stops a year were made.", "About 5,000 stops a month were made.")
    assert not rate.conflicts or rate.conflicts[0][0] != "frequency"
    assert read_question("What causes people to distrust officials?").answer_type != "person"


# ------------------------------------------------------------------ session 19: claims


def test_a_claim_in_other_words_is_supported_by_its_similar_sentence() -> None:
    claim = "Almost nine in ten documented uses of force by harbour police were aimed at residents."
    source = "Nearly 90% of recorded force used by HPD officers was used against residents."
    # few of the claim's words, but close in meaning: the similarity weighs most
    assert _supports(claim, source, similarity=0.8).holds
    assert not _supports(claim, source, similarity=0.6).holds
    # the words it lacks stand elsewhere in its passage: it states only a part of that passage
    passage = f"{source} The harbour police documented each use, and aimed to cut them."
    evidence = Evidence(source, passage=passage, similarity=0.8)
    assert not JUDGE.supports(claim, evidence, _weights(claim)).holds
    # a figure found only beside the sentence: the sentence is no rewording of the claim
    quarter = "A quarter of officers attacked every year face a knife or cutting instrument."
    sentence = "Roughly 60,000 officers were assaulted each year, or 160 a day."
    beside = Evidence(sentence, context="Of these, 25-30% were injured.", similarity=0.85)
    assert not JUDGE.supports(quarter, beside, _weights(quarter)).holds
    stated = "About 25% of those assaulted every year met a blade."
    weights, scores = _weights(quarter), (0.85, 0.25)
    assert reworded(quarter, sentence, sentence, weights, scores) == 0.0
    assert reworded(quarter, stated, stated, weights, scores) > SUPPORT_THRESHOLD


def test_the_most_affected_is_a_superlative_not_a_share() -> None:
    assert quantifier("An expert group from the most affected countries drafts a plan.") == ""
    # 'each year', 'every month': how often, not how many
    assert quantifier("Each year the harbour board inspects its ships.") == ""
    assert quantifier("Every officer of the harbour board patrols.") == "universal"
    assert quantifier("Most countries draft a plan.") == "partial"
    assert _supports(
        "For each priority, experts from the countries hit hardest draft a four-year plan.",
        "For each of the priorities, an expert group from the most affected countries drafts "
        "a four-year plan.",
    ).holds


def test_a_group_compared_with_denies_nothing() -> None:
    verdict = _supports(
        "Victims of crime view the police less favourably than people who were never victims.",
        "Crime victims have less favorable views of the police compared to their counterparts "
        "with no victimization exposure.",
    )
    assert verdict.verdict != "contradicts"


def test_little_of_a_thing_contradicts_much_of_it() -> None:
    source = "Standards such as probable cause may offer little protection against biased data."
    verdict = _supports(
        "Standards such as probable cause offer strong protection against biased data.", source
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "negation"
    # 'weakly related' says little too
    assert _supports(
        "A review found the volume of searches only weakly related to the level of crime.",
        "A review found little relationship between the volume of searches and the level of crime.",
    ).holds


def test_another_owner_of_the_same_thing_contradicts() -> None:
    source = "The critical factor in reducing crime is the proactive role of senior management."
    verdict = _supports(
        "The critical factor in reducing crime is the proactive role of frontline patrol officers.",
        source,
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "actor"
    # one word may be the other's synonym: no conflict
    assert _supports(
        "Of the 212,308 searches of pedestrians, 9 in 10 found nothing.",
        "Of the 212,308 searches of people on foot, 90% found nothing.",
    ).holds


# --------------------------------------------------------------- session 19: questions


def test_where_a_thing_can_be_found_asks_for_no_place() -> None:
    assert read_question("Where can the replication files be found?").answer_type != "place"
    assert read_question("Where is the review process described?").answer_type != "place"
    assert read_question("Where was the secretariat located?").answer_type == "place"


def test_the_name_of_one_who_did_a_thing_asks_for_a_person() -> None:
    question = "What was the name of the paramedic in the monitoring mission who was killed?"
    assert read_question(question).answer_type == "person"
    # a sentence that names the role but no one does not answer
    said = "In April 2017, a mission vehicle struck a mine, which killed one mission member."
    assert not holds_type("person", frozenset(), said, question)
    unit = "What is the name of the unit that investigates shootings?"
    assert read_question(unit).answer_type == "organisation"


def test_a_kind_of_organisation_qualified_or_told_by_its_act() -> None:
    assert named_kind("Which US police department set up the first SWAT team?") == "department"
    assert named_kind("Which two departments were surveyed?") == "department"
    assert named_kind("At which universities were they based?") == "university"
    assert named_kind("Which European Court of Human Rights judgments does it cite?") is None
    assert named_kind("Which court cases were cited?") is None
    which = "Which inspectorate investigates misconduct by officers of the national police?"
    assert named_kind(which) == "inspectorate" and read_question(which).answer_type == (
        "organisation"
    )
    told = "The national police and the gendarmerie share the country between them."
    assert not holds_type("organisation", frozenset(), told, which)
    assert read_question("Which inspectorate hears the appeals?").answer_type == "organisation"
    question = "Which US police department set up the first SWAT team?"
    told = "Such units are commonly known as SWAT (Special Weapons And Tactics) teams."
    assert not holds_type("organisation", frozenset(), told, question)
    assert holds_type(
        "organisation", frozenset(), "The Harbour City Police Department set one up.", question
    )


def test_a_quotation_may_hold_apostrophes() -> None:
    question = 'Which report says: "Over time, Ferguson’s practices have sown deep mistrust."'
    assert quoted_phrases(question) == ("over time, ferguson's practices have sown deep mistrust",)


def test_in_which_part_asks_where_not_how_large_a_share() -> None:
    assert read_question('Which report says this, and in which part: "It grew."').answer_type == (
        "other"
    )
    assert read_question("What part of the officers agreed?").answer_type == "percent"
    # 'which part of it': of a work; where concerns belong or are raised: in a record
    assert read_question("Which report does it cite, and which part of it?").answer_type == (
        "other"
    )
    assert read_question("Where should such concerns be raised?").answer_type == "other"
    assert read_question("Where do those doubts belong?").answer_type == "other"
    assert read_question("Where was the harbour board raised?").answer_type == "place"
    # 'which people …': a kind of people, no one's name
    assert read_question("Which people may also be at risk?").answer_type == "other"
    # 'what gives / made …': a cause; 'what makes up …': parts
    assert read_question("What gives the harbour code its legal footing?").answer_type == "reason"
    assert read_question("What made the pilots stop?").answer_type == "reason"
    assert read_question("What makes up the harbour board?").answer_type == "other"


def test_a_list_item_swapped_behind_examples_in_brackets_contradicts() -> None:
    verdict = _supports(
        "They credit the fall to better equipment such as body armour, improved training and "
        "stricter gun laws.",
        "They credit the fall to better equipment (e.g., body armor; Liu, 2017), training (e.g., "
        "gun safety; Fyfe, 1986), and administrative policy (White, 2016).",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "list"


def test_another_employer_of_the_same_worker_contradicts() -> None:
    verdict = _supports(
        "The man said the charges cost him his job as a contractor for the City of Harbourton.",
        "The man told us that the charges cost him his job as a contractor with the federal "
        "government.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "actor"


# --------------------------------------------------------------- session 19: answers


def test_what_share_said_they_would_be_something_asks_for_that_part() -> None:
    question = "What share of officers said they would be afraid of a civilian who was rude?"
    assert read_question(question).part == frozenset({"afraid"})
    angry = "With a rude civilian, many officers would feel anger (17-37%) or annoyance (62-85%)."
    assert not _answers(question, angry).holds
    assert _answers(
        question, "Some officers say they would be afraid of the civilian (4-11%)."
    ).holds


def test_a_sentence_that_opens_by_defining_the_term_leads() -> None:
    question = "How does the guidebook define a hypothesis?"
    defining = "A hypothesis is a tentative working theory based on indicators."
    naming = "Analysts develop a hypothesis from the indicators they are given."
    assert defines(frozenset({"hypothesi"}), defining) and not defines(
        frozenset({"hypothesi"}), naming
    )
    assert _answers(question, defining).score > _answers(question, naming).score


def test_a_sentence_that_restates_the_premise_does_not_answer() -> None:
    question = (
        "Members of the council are picked by the Sheriff and serve indefinitely. Why did the "
        "department choose open-ended terms?"
    )
    said = "Members are appointed by the Sheriff and serve indefinitely."
    judgement = _answers(question, said)
    assert not judgement.holds and "premise" in judgement.reason


def test_a_sentence_naming_its_subject_by_its_kind_is_read_with_the_one_before() -> None:
    question = "Besides its secretariat in Vienna, in which cities does the OSCE keep offices?"
    sentence = "The organization also has offices in Copenhagen, Geneva and Warsaw."
    before = "The OSCE Secretariat is located in Vienna, Austria."
    passage = f"{before} {sentence}"
    judged = _answers(question, sentence, before=before, context=before, passage=passage)
    assert judged.holds


def test_no_one_except_says_only() -> None:
    assert _supports(
        "Deputies were told that no one except the research team would see the raw data.",
        "Deputies were told that only the researchers would have access to the raw data.",
    ).holds
    assert (
        _supports(
            "Deputies were told that no one would see the raw data.",
            "Deputies were told that the researchers would see the raw data.",
        ).verdict
        == "contradicts"
    )


def test_a_number_of_years_between_two_years_stated_is_stated() -> None:
    assert _supports(
        "The harbour force dates from 1834, with the river police set up four years later, in "
        "1838.",
        "It was followed in 1834 by the harbour force, and in 1838 by the river police.",
    ).holds
    assert not _supports(
        "The harbour force dates from 1834, with the river police set up six years later, in 1838.",
        "It was followed in 1834 by the harbour force, and in 1838 by the river police.",
    ).holds


def test_unaware_and_unable_deny_as_not_does() -> None:
    assert _supports(
        "The authors know of no other state that publishes incident-level data.",
        "We are unaware of any other states that publish incident-level data.",
    ).holds
    assert _supports(
        "The officers could not respond within the hour.",
        "The officers were unable to respond within the hour.",
    ).holds
    verdict = _supports(
        "The officers were able to respond within the hour.",
        "The officers were unable to respond within the hour.",
    )
    assert verdict.verdict == "contradicts"


def test_how_much_does_it_cost_asks_for_money() -> None:
    question = "How much does it cost an agency to buy a single body-worn camera?"
    assert read_question(question).answer_type == "money"
    assert not _answers(
        question, "Agencies worry about the cost of buying body-worn cameras."
    ).holds


def test_another_agent_after_responded_to_by_contradicts() -> None:
    verdict = _supports(
        "These notifications should be responded to by the employee's own supervisor.",
        "These notifications should be responded to by the district family harm specialists.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "actor"


def test_review_cases_of_the_session_19_rules() -> None:
    # what a comparison is made with ends before the clause that goes on
    said = "Cameras reduced complaints compared with the year before and reduced use of force."
    stated = "Cameras reduced complaints compared with the year before but did not reduce force."
    assert _supports(said, stated).verdict == "contradicts"
    # owners that may be synonyms contradict nothing; a body against a body does
    assert _supports(
        "The study examined perceptions of young people in the city.",
        "The study examined perceptions of adolescents living in the city.",
    ).holds
    # 'no effect but' is no 'only'; 'little or no' denies once; the other's own 'little'
    assert (
        _supports(
            "The training had a significant effect but was expensive.",
            "The training had no significant effect but was expensive.",
        ).verdict
        == "contradicts"
    )
    assert (
        _supports(
            "Officers received considerable support from managers.",
            "Officers received little or no support from managers.",
        ).verdict
        == "contradicts"
    )
    assert _supports(
        "Recruits got little training in de-escalation.",
        "Recruits got extensive training in firearms but little training in de-escalation.",
    ).holds
    # a gap of years only when said as one, and no other duration stated
    assert not _supports(
        "The review lasted two years.",
        "The review, begun in 2018, lasted one year and reported in 2020.",
    ).holds
    # a list's last item may be one of the source's bracketed examples
    assert _supports(
        "The force bought new equipment, training and body armour.",
        "The force bought new equipment, training and protective gear (e.g., body armour).",
    ).holds
    # whose 'most' is a superlative
    assert quantifier("Burglary was the public's most serious concern.") == ""
    # a question's one new word that is its answer: no restated premise
    question = "The force introduced cameras after a pilot scheme. When did the force do so?"
    assert _answers(question, "The force introduced cameras in 2014 after a pilot scheme.").holds
    # types
    assert read_question("Where were the bodies found?").answer_type == "place"
    assert read_question("In which part of London did it happen?").answer_type == "place"
    assert read_question("How much do officers pay attention to it?").answer_type != "money"
    assert read_question("What is the name of the charity who runs it?").answer_type != "person"
    assert not defines(frozenset({"procedur", "justic"}), "Procedural justice is important.")
    part = read_question("What proportion of officers were members of ethnic minority groups?")
    assert "ethnic" in part.part


def test_an_annual_thing_is_a_frequency_the_source_must_state() -> None:
    assert [q.kind for q in quantities("each district publishes an annual report")] == ["frequency"]
    claim = "Each district must publish an annual report on the death reviews it carried out."
    source = "The coordinator and the reporting officer must jointly carry out a death review."
    assert not _supports(claim, source, similarity=0.9).holds


def test_figures_swapped_by_the_word_after_each_contradict() -> None:
    source = "Our analytic sample is roughly 15% female and 18% non-white."
    verdict = _supports("Their analytic sample is about 18% female and 15% non-white.", source)
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "figures swapped"
    assert _supports("Their analytic sample is about 15% female and 18% non-white.", source).holds


def test_another_group_in_place_of_the_claim_s_contradicts() -> None:
    verdict = _supports(
        "Executives expected less hostile media coverage when the officer was a woman.",
        "Executives expected less hostile media coverage when the officer shot a Black suspect.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "group"


def test_not_the_same_says_different() -> None:
    assert _supports(
        "The construct may not mean the same thing to officers of higher rank.",
        "The construct perhaps carries a different meaning among officers of higher rank.",
    ).holds


def test_a_group_the_claim_narrows_to_must_be_named() -> None:
    claim = "Female officers reacted with more anger than male officers when civilians were rude."
    source = "Civilian rudeness may have situational effects, increasing officers' anger."
    judgement = JUDGE.supports(
        claim, Evidence(source, passage=source, similarity=0.9), _weights(claim)
    )
    assert not judgement.holds and "female people" in judgement.missing


def test_not_as_says_less_and_denies_nothing() -> None:
    assert negations("Small forces are likely not as exposed to scrutiny.") == 0
    assert negations("The grant was not as a result of the audit.") == 1
    assert directions("Small forces are likely not as exposed to scrutiny.") == {"down"}
    assert _supports(
        "Small forces are probably less exposed to scrutiny than large ones.",
        "Small forces are likely not as exposed to scrutiny.",
    ).holds


def test_waned_and_intensified_point_opposite_ways() -> None:
    source = "Public interest in the inquiry has waned since the report came out."
    verdict = _supports(
        "Public interest in the inquiry has intensified since the report came out.", source
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "direction"


def test_a_word_put_in_place_of_its_contrary_contradicts() -> None:
    source = "The review panel relied on a qualitative analysis of forty case files."
    verdict = _supports(
        "The review panel relied on a quantitative analysis of forty case files.", source
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][1:] == (
        "quantitative analysis",
        "qualitative analysis",
    )
    verdict = _supports(
        "The plan takes a short-term view of recruitment.",
        "The plan takes a longer-term view of recruitment.",
    )
    assert verdict.verdict == "contradicts"
    # both sides named in the source: no exchange
    assert (
        contrary_swapped(
            "The plan weighs long-term costs.", "The plan weighs short-term and long-term costs."
        )
        is None
    )


def test_kinds_of_organisation_asked_in_the_plural_or_by_whose_office() -> None:
    assert (
        read_question(
            "How much did the state inspectorate's two-year review of the county force cost?"
        ).answer_type
        == "money"
    )
    question = "At which universities were the two co-editors of the volume based?"
    assert read_question(question).answer_type == "organisation"
    assert not _answers(
        question, "The volume was edited by Marsh and Olde and published by a London press."
    ).holds
    assert _answers(
        question, "Marsh taught at the University of Ghent and Olde at Keele University."
    ).holds
    question = "Which sheriff's office employed the deputy who was shot in 1998?"
    assert read_question(question).answer_type == "organisation"
    assert not _answers(
        question, "Training videos often show the shooting of a deputy in 1998 at a traffic stop."
    ).holds


def test_the_agent_of_another_verb_after_the_same_thing_contradicts() -> None:
    verdict = _supports(
        "Weekly meetings review the patrol plans drawn up by the planning unit.",
        "Weekly meetings review the patrol plans established by the regional board.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][1:] == (
        "the planning unit",
        "the regional board",
    )


def test_the_same_in_every_area_contradicts_a_response_that_varies() -> None:
    verdict = _supports(
        "The council's response is the same in every district whatever its budget.",
        "The council's response will vary depending on the budget of each district.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][1:] == ("same", "vary")


def test_a_name_from_another_row_of_a_table_contradicts() -> None:
    passage = (
        "Conference; Dates; City\n\n"
        "3rd; 4–5 May 2004; Lisbon; Lisbon Statement on Cybercrime.\n\n"
        "4th; 2–3 May 2005; Oslo; Oslo Declaration on Border Control."
    )
    row = "3rd; 4–5 May 2004; Lisbon; Lisbon Statement on Cybercrime."
    claim = "The 3rd conference met in Oslo on 4–5 May 2004 and adopted a statement on cybercrime."
    judgement = JUDGE.supports(
        claim, Evidence(row, passage=passage, similarity=0.9), _weights(claim)
    )
    assert judgement.verdict == "contradicts" and judgement.conflicts[0][1] == "Oslo"


def test_people_narrowed_by_a_clause_the_source_says_nothing_of() -> None:
    source = "In all three studies, officers reported more anger at civilians who were rude."
    claim = "Officers who had been injured on duty last year reported more anger at rude civilians."
    (missing,) = narrowed_unstated(claim, source)
    assert missing.startswith("Officers who injured on duty")
    assert not _supports(claim, source, similarity=0.9).holds
    assert narrowed_unstated("Officers who were rude to civilians were disciplined.", source) == []


def test_how_often_a_number_of_times_and_what_period_a_span_of_years() -> None:
    question = "Across the 500 simulated samples, how often was the main predictor significant?"
    assert _answers(
        question, "Of the 500 samples, the main predictor was significant 482 times."
    ).holds
    question = "What period does the state-by-state map of assaults on officers cover?"
    assert read_question(question).answer_type == "duration"
    assert _answers(question, "Mean rate of assaults on officers by state, 1975-2015.").holds
    assert not _answers(
        question, "The map shows the mean rate of assaults on officers by state."
    ).holds


def test_where_it_ranks_and_how_far_it_reached_ask_for_no_place_or_distance() -> None:
    assert read_question("Is the ward in the table? If so, where does it rank?").answer_type == (
        "other"
    )
    assert read_question("How far did its duties reach beyond enforcing the law?").answer_type == (
        "other"
    )
    assert read_question("How far is the academy from the capital?").answer_type == "quantity"


def test_a_share_of_a_thing_named_after_several_words_is_of_that_thing() -> None:
    question = "What proportion of the county's intimate partner violence homicides involve a gun?"
    assert not _answers(question, "41.2% of intimate partner violence victims report a gun.").holds
    assert _answers(question, "A gun was used in 38% of intimate partner violence homicides.").holds


def test_who_was_the_first_holder_is_answered_by_one_said_to_be_the_first() -> None:
    question = "The agency began as a joint office. Who was its first executive director?"
    assert not _answers(
        question, "Ana Ruiz, a former executive director of the agency, spoke on the first day."
    ).holds
    assert _answers(question, "Ana Ruiz served as the agency's first executive director.").holds


def test_when_was_it_set_up_asks_for_the_date_of_its_setting_up() -> None:
    question = "The report criticises the appeals board. In what year was that board set up?"
    assert not _answers(
        question, "A resolution of 12 March 2014 criticised the procedures of the appeals board."
    ).holds
    assert _answers(question, "The appeals board was set up in 2004 to hear complaints.").holds


def test_a_person_asked_in_a_second_part_is_one_the_question_does_not_name() -> None:
    question = (
        "Training videos show the 1998 shooting of Deputy Carl Brandt. Which sheriff's office "
        "did Brandt serve, and who shot him?"
    )
    sentence = "Many training videos show the shooting of Deputy Carl Brandt in 1998 (Moss 2017)."
    assert not _answers(question, sentence).holds
    assert names_answer("person", "Brandt was shot by Tom Reyes.", "Who shot the deputy?")


def test_a_study_s_number_is_a_label_and_between_two_years_a_period() -> None:
    question = "In Study 2 of the paper, what was the mean trust score of the residents?"
    assert [n.text for n in read_question(question).names] == []
    question = "What change did the estimate of youth gangs report, and over what period?"
    assert _answers(
        question, "The estimate of youth gangs rose by 35% between 2002 and 2010."
    ).holds


def test_another_subject_of_the_same_predicate_contradicts() -> None:
    verdict = _supports(
        "The review found that training is lacking and that city councils must take the lead.",
        "Training is lacking, and the police unions must take the lead.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][1:] == (
        "city councils",
        "police unions",
    )
    assert (
        subject_swapped("Officers must take the lead.", "Police officers must take the lead.")
        is None
    )


def test_who_heads_it_is_not_answered_by_a_headquarters() -> None:
    question = "The agency opened a liaison office in Brussels in 2009. Who heads that office?"
    sentence = (
        "Besides its General Secretariat headquarters in Lyon, it keeps three liaison offices."
    )
    assert not names_answer("person", sentence, question)
    assert names_answer("person", "The Brussels office is headed by Marie Dubois.", question)


def test_how_much_of_a_thing_asks_for_a_share_of_that_thing() -> None:
    question = "Roughly how much of the variation in the officers' ratings did the model explain?"
    assert not _answers(question, "Only 16% of the officers rated the reform as reasonable.").holds
    assert _answers(
        question, "The model explained about 27% of the variation in the ratings."
    ).holds


def test_a_kind_of_three_sides_and_strong_for_weak_are_contraries() -> None:
    assert contrary_swapped(
        "Officers' training should cover strategic analysis and co-operation with analysts.",
        "Officers' training should cover operational analysis and co-operation with analysts.",
    ) == ("strategic analysis", "operational analysis")
    verdict = _supports(
        "Studies show that clearance rates and staffing levels are strongly correlated.",
        "Studies show that clearance rates and staffing levels are only weakly correlated.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "word"


def test_where_it_points_readers_and_a_when_clause_ask_for_no_place_or_date() -> None:
    assert (
        read_question(
            "Where does the handbook point readers who want guidance on briefing commanders?"
        ).answer_type
        != "place"
    )
    assert (
        read_question(
            "When a constable files an incident report, can the sergeant still edit it?"
        ).answer_type
        != "date"
    )
    assert read_question("When was the incident report system introduced?").answer_type == "date"


def test_a_city_in_a_table_row_answers_where_and_capitals_beyond_ascii_are_names() -> None:
    assert [n.text for n in names("The panel met in Łódź and later in Örebro.")] == [
        "Łódź",
        "Örebro",
    ]
    question = "Where did the council hold its meeting in 2011?"
    row = "17th; 3–4 May 2011; Kraków; Poland; Adoption of a declaration on border security"
    assert names_answer("place", row, question)
    assert not names_answer("place", "17th; 3–4 May 2011; adopted; none; declaration", question)


def test_a_relation_inside_a_hyphenated_title_and_cited_authors_answer_nothing() -> None:
    who = "Who chaired the two-day review workshop?"
    title = "The model rests on Dr Anna Berg's research in her book Evidence-Led Reform."
    assert not names_answer("person", title, who)
    assert names_answer("person", "The workshop was chaired by Dr Anna Berg.", who)
    where = "In which cities did Morgan and Hale survey their respondents?"
    cited = "Disorder shapes attitudes (Morgan & Hale, 2001; Price, Lowe, & Baird, 2004)."
    assert not names_answer("place", cited, where)
    assert names_answer("place", "They surveyed residents in Leeds and in Bristol.", where)


def test_a_figure_of_a_survey_the_question_gives_to_its_owners_is_theirs() -> None:
    question = "How many officers answered Carver and Doyle's survey of patrol morale?"
    ours = "In all, 412 of the 900 officers we invited answered our survey of patrol morale."
    passage = f"Earlier surveys of morale, such as Carver and Doyle's, had low rates. {ours}"
    assert not _answers(question, ours, passage=passage).holds
    theirs = "Carver and Doyle's survey of patrol morale was answered by 412 officers."
    assert _answers(question, theirs).holds


def test_centuries_are_compared_and_only_at_one_level_is_not_all_levels() -> None:
    assert [(q.kind, q.value) for q in quantities("since the early 12th century")] == [
        ("century", 12.0)
    ]
    verdict = _supports(
        "Some historians date the office to the start of the 14th century.",
        "Some historians trace the office back to the early 12th century.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "number"
    verdict = _supports(
        "The coordination groups that steer the model meet only at the national level.",
        "The coordination groups that steer the model meet on all three levels.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "quantifier"


def test_a_direction_exchanged_between_the_same_words_contradicts() -> None:
    source = (
        "Officers who distrusted the press were more likely to avoid reporters and more "
        "fearful of being blamed for mistakes in public."
    )
    claim = (
        "Officers who distrusted the press were more likely to avoid reporters and less "
        "afraid of being blamed for mistakes in public."
    )
    assert direction_exchanged(claim, source) == ("less afraid", "more fearful")
    same = claim.replace("less afraid", "more worried")
    assert direction_exchanged(same, source) is None


def test_a_sentence_that_tells_how_a_thing_was_measured_weighs_more() -> None:
    question = "How did the authors measure officers' trust in their supervisors?"
    told = (
        "Respondents were asked to rate four statements about their sergeants on a scale "
        "from 1 (strongly disagree) to 5 (strongly agree), during the spring survey wave."
    )
    untold = (
        "Respondents later discussed four statements about their sergeants at length, during "
        "the spring survey wave, in small groups of colleagues."
    )
    gain = _answers(question, told).score - _answers(question, untold).score
    assert gain == pytest.approx(0.1)
    plain = "What did the report conclude about pay?"
    assert _answers(plain, told).score == pytest.approx(_answers(plain, untold).score, abs=0.05)


def test_four_weeks_later_is_no_length_and_where_it_is_argued_no_place() -> None:
    question = "How many weeks does the institute's training course for managers last?"
    assert not _answers(
        question, "Reminder emails went to the managers two and four weeks later."
    ).holds
    assert _answers(question, "The institute's course for managers lasts ten weeks.").holds
    later = "How long after the first email were the reminders sent to the managers?"
    assert _answers(later, "Reminders were sent to the managers four weeks later.").holds
    assert read_question("Where is it argued that pay drives recruitment?").answer_type != "place"


def test_scope_words_taking_part_and_regardless_of_size() -> None:
    assert quantifier("Five hundred homes in each district were chosen to take part.") == (
        "universal"
    )
    verdict = _supports(
        "Only the larger fire brigades are usually organised into watches and crews.",
        "Regardless of size, fire brigades are usually organised into watches and crews.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "quantifier"


def test_a_rank_the_claim_gives_must_be_stated() -> None:
    claim = "The regional plan ranked burglary as the top priority for 2020-2024."
    listed = "The regional plan for 2020-2024 covers burglary, fraud and vehicle crime."
    assert _supports(claim, listed).verdict != "supports"
    ranked = "The regional plan for 2020-2024 puts burglary first among its priorities."
    assert _supports(claim, ranked).verdict == "supports"


def test_a_phrase_exchanged_in_a_copied_sentence_contradicts() -> None:
    source = (
        "In adopting the new model, there must be a specific focus on training senior and "
        "middle managers within the fire service."
    )
    claim = (
        "According to the review, in adopting the new model there must be a specific focus on "
        "training junior crew members within the fire service."
    )
    assert phrase_exchanged(claim, source) == (
        "junior crew members",
        "senior and middle managers",
    )
    reworded = "The review says the new model calls for training managers in the fire service."
    assert phrase_exchanged(reworded, source) is None


def test_a_country_is_found_in_the_word_for_its_people_however_irregular() -> None:
    where = profile("The complaint gave French and Dutch officials the authority to act.")
    for country in ("France", "Netherlands"):
        assert name_in(names(f"a complaint filed in {country}")[0], where)
    assert not name_in(names("a complaint filed in Belgium")[0], where)


def test_scarce_for_widespread_rigid_for_flexible_and_only_some_for_all() -> None:
    assert plenty("New duties met widespread resistance among the crews.") == "many"
    assert plenty("New duties met little resistance among the crews.") == "only a few"
    assert contrary_swapped(
        "Such gangs are marked by the flexibility of their structures.",
        "Such gangs are marked by the rigidity of their structures.",
    ) == ("flexibility structures", "rigidity structures")
    verdict = _supports(
        "The handbook says only trained crime analysts, rather than staff in general, feed the "
        "intelligence process.",
        "The handbook says all staff feed the intelligence process.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "quantifier"


def test_keeping_away_from_is_avoiding_and_the_order_of_two_alternatives_is_free() -> None:
    verdict = _supports(
        "Fear gives people a reason to act, for instance by keeping away from risky streets or "
        "strangers.",
        "Fear motivates people to act, such as by avoiding risky strangers or streets.",
    )
    assert verdict.verdict == "supports", verdict


def test_two_parts_put_in_each_other_s_place_contradict_unless_joined_by_and() -> None:
    source = (
        "The inspectors found that staffing shaped morale, but training shaped retention most "
        "of all."
    )
    claim = (
        "The report says the inspectors found that training shaped morale, but staffing shaped "
        "retention most of all."
    )
    assert _supports(claim, source).verdict == "contradicts"
    sequence = "The depot closed in spring and, a month later, the station moved to the harbour."
    swapped = "The station moved to the harbour and, a month later, the depot closed in spring."
    assert _supports(swapped, sequence).verdict == "contradicts"
    listed = "The survey reached officers and residents in both towns."
    assert _supports("The survey reached residents and officers in both towns.", listed).holds


def test_a_doer_exchanged_in_a_compound_contradicts() -> None:
    source = "Every injury count in the audit rests on self-reported injuries of the staff."
    claim = "Every injury count in the audit rests on officer-reported injuries of the staff."
    assert _supports(claim, source).verdict == "contradicts"
    alike = "Every injury count in the audit rests on self-reported injuries among the staff."
    assert _supports(alike, source).holds


def test_a_number_of_years_the_claim_spans_between_its_own_two_years_is_stated() -> None:
    source = "Between 2011 and 2016 the unit answered 3,200 calls and spent nine days in court."
    claim = "Over the five years from 2011 to 2016 the unit answered 3,200 calls."
    assert _supports(claim, source).holds
    assert not _supports(
        "Over the six years from 2011 to 2016 the unit answered 3,200 calls.", source
    ).holds


def test_a_sentence_that_only_names_the_document_the_claim_names_states_nothing_of_it() -> None:
    about = "Harbour Watch Handbook on Coastal Patrols. Marine Safety Office, 2019."
    claim = "The Harbour Watch handbook wants cadets to learn coastal patrols in their first week."
    naming = "The Harbour Watch Handbook on Coastal Patrols is a milestone for the office."
    assert _supports(claim, naming, about=about).verdict != "supports"
    stating = "Cadets are to be taught coastal patrols during their first week of service."
    assert _supports(claim, stating, about=about).holds


def test_who_else_after_a_kind_of_people_asks_for_a_kind_not_a_name() -> None:
    question = "Victims are not the only people the unit must shelter. Who else is named?"
    assert read_question(question).answer_type != "person"
    sentence = "The unit must shelter victims and also protect the witnesses who report abuse."
    assert _answers(question, sentence).holds
    named = "Apart from Maria Lopez, who else signed the report?"
    assert read_question(named).answer_type == "person"


def test_a_share_of_that_names_no_noun_of_its_own() -> None:
    question = (
        "How much of the variance in trust did the model explain? And what share of that did "
        "the weather conditions explain?"
    )
    sentence = "Together, the weather variables explained about 6% of the variation in trust."
    assert _answers(question, sentence).holds


def test_a_list_s_item_number_opening_a_sentence_counts_nothing() -> None:
    assert quantities("7 If needed, ask the caller for a second contact number.") == ()
    assert [q.value for q in quantities("7 officers attended the scene.")] == [7.0]
    question = "How many complaints about the unit has the board upheld?"
    listed = "7 If the board upholds a complaint, the unit must answer within a month."
    assert not _answers(question, listed).holds


def test_the_thing_asked_for_is_read_in_the_asking_sentence_after_a_premise() -> None:
    question = (
        "The unit was formed in 2019. What is the standard service pistol issued to its officers?"
    )
    assert read_question(question).head == "pistol"
    sentence = "Officers of the unit carry batons and pepper spray on every shift."
    assert not _answers(question, sentence).holds


def test_a_total_is_no_figure_of_a_part_named_only_after_it() -> None:
    """'Did the Transport Police …?': a total whose parts a later sentence gives, one of them
    the Transport Police's, is not theirs; named before the total, it may be."""
    question = "How many searches did the Transport Police carry out in the city in 2021?"
    total = "In 2021, officers in the city carried out 2,000 searches."
    parts = "Of those, 97% were made by the City Police and 3% by the Transport Police."
    judged = _answers(question, total, passage=f"{total} {parts}", context=parts, after=parts)
    assert not judged.holds and judged.missing == ("Transport Police",)
    scene = "The Transport Police patrol the railways of the city."
    passage = f"{scene} {total} {parts}"
    assert _answers(question, total, passage=passage, context=f"{scene} {parts}").holds
    # named only in the passages around it, the total is no figure of theirs; in the title of
    # the section it stands in, it may be
    around = {"passage": total, "section": f"The Transport Police guard trains. {parts}"}
    assert not _answers(question, total, **around).holds
    assert _answers(question, total, headings="2.1 The Transport Police", **around).holds
    # a name that only sets the scene ('in the city') is no actor of the figure
    city = "How many searches were carried out in Leeds in 2021?"
    later = "Of those, 97% were made in Leeds city centre."
    text = "In 2021, officers carried out 2,000 searches."
    assert not named_later(
        "count", read_question(city).names, city, Evidence(text, passage=f"{text} {later}")
    )


def test_a_name_s_plural_before_the_noun_counted_only_qualifies_it() -> None:
    """'How many United States nationals': nationals are counted, not states; 'how many
    participating States have …' still counts States."""
    question = "How many United States nationals served with the mission in Ukraine?"
    assert counted_noun(question) == "nation"
    assert counted_noun("How many OSCE participating States have signed it?") == "state"
    assert counted_noun("Roughly how many people does the agency employ?") == "peopl"
    employs = "Roughly how many people does the agency employ?"
    assert _answers(employs, "The agency employs around 3,400 people, mostly in Vienna.").holds
    assert not _answers(question, "In 2022, 45 States in the mission in Ukraine served it.").holds
    assert _answers(
        question, "In 2022, 12 United States nationals served the mission in Ukraine."
    ).holds


def test_a_ranked_row_names_a_place_by_its_kind_and_the_ranking_s_length_is_no_fact() -> None:
    """'Romford Town ward, Havering 1,212' names a place (a name before 'ward'); 'the 20 wards
    with the most searches' gives the list's length, which its numbered rows show."""
    question = "Which ward of Havering is among the 20 wards with the most searches, with how many?"
    assert names_answer("place", "16. Romford Town ward, Havering 1,212", question)
    assert not names_answer("place", "The Havering officers made 1,212 searches.", question)
    assert read_question(question).numbers == ()
    assert len(read_question("How many searches took place within 45 days?").numbers) == 1
    assert _answers(question, "16. Romford Town ward, Havering 1,212", similarity=0.7).holds


def test_the_year_asked_of_a_scholar_is_the_year_their_work_is_cited_by() -> None:
    """'Which criminologist …, and in what year?': 'Spergel (1966) was one of the first' gives
    the year; a cited year does not answer 'in what year was the unit set up?'."""
    scholar = "Which criminologist first studied gangs with evidence, and in what year?"
    cited = "Spergel (1966) was one of the first criminologists to study gangs with evidence."
    assert holds_type("date", frozenset(), cited, scholar)
    unit = "In what year was the gang unit set up?"
    assert not holds_type("date", frozenset(), "The gang unit (Spergel, 1966) was set up.", unit)


def test_a_sentence_about_another_body_may_be_about_the_place_its_section_is_titled() -> None:
    """'How often does Montenegro's team report?': a sentence naming only the team's own name
    is about Montenegro when its section is titled so, not when Montenegro stands only in the
    passages around it."""
    question = "How often must Montenegro's operational team account for its work?"
    sentence = "The National Operational Team reports on its work every three months."
    assert not _answers(question, sentence).holds
    # (the titles stand first in the passages around it, as the answerer reads them)
    title = "8.2.5 Montenegro: Threat assessments."
    assert _answers(question, sentence, headings=title, section=title).holds
    title = "8.2.4 Serbia: Threat assessments. Montenegro is its neighbour."
    assert not _answers(question, sentence, headings=title[:30], section=title).holds


def test_an_age_is_a_number_of_years_not_a_rate() -> None:
    """'How old were the officers?': 'committed annually' tells how often, not an age; a mean
    age in years, or officers aged 35, tells it."""
    question = "How old, on average, were the officers who answered the harbour survey?"
    rate = "Officers who answered the harbour survey face thefts committed annually."
    assert not _answers(question, rate).holds
    assert _answers(question, "Officers who answered the harbour survey were aged 41.").holds
    years = "The officers who answered the harbour survey had a mean age of 38.5 years."
    assert _answers(question, years).holds


def test_the_year_of_a_named_event_dates_the_premise_of_a_date_question() -> None:
    """'When was the meeting after the 1898 conference held?': 1898 dates the conference, the
    question's premise (a year of the nineteenth century as well), not the date asked; a
    meeting in a year is one held then."""
    question = "When was the meeting that followed the 1898 harbour conference in Genoa held?"
    spec = read_question(question)
    assert spec.event_years == (1898.0,) and "meet" in spec.event
    conference = "The 1898 harbour conference in Genoa drew port police from nine countries."
    sentence = "Neither the conference nor its follow-up meeting in Marseille in 1904 had results."
    around = {"passage": f"{conference} {sentence}", "context": conference, "before": conference}
    assert _answers(question, sentence, **around).holds
    # a year the question sets as a time, not a thing's, still bounds the answer
    assert not _answers("When in 1898 was the harbour meeting held?", sentence, **around).holds


def test_by_how_much_asks_for_a_change_not_a_level() -> None:
    """'By how much had the city's crime rate changed?': a rate's range is a level; a figure
    with a change ('fell by 12%', 'rose from 40 to 52') tells how much it changed."""
    question = "By how much had the harbour district's recorded crime rate changed by 2016?"
    level = "By 2016 the harbour district's recorded crime rate ranged from 0 to 2,802 per 100,000."
    assert not _answers(question, level).holds
    fell = "By 2016 the harbour district's recorded crime rate had fallen by 12 per 100,000."
    assert _answers(question, fell).holds
    rise = "By how much did burglaries at the harbour rise in 2016?"
    for told in ("jumped by 12%", "climbed 12%", "were up 12% on the year before"):
        assert holds_type("quantity", frozenset(), f"Harbour burglaries {told} in 2016.", rise)
    moreover = "Moreover, the 12 harbour burglaries of 2016 were all solved."
    assert not holds_type("quantity", frozenset(), moreover, rise)


def test_in_what_year_did_asks_for_the_date_of_its_verb() -> None:
    """'In which year did the woman clear her debt?' dates the clearing, as 'when did …' does:
    a sentence that dates other things she did does not answer."""
    question = "In which year did the woman fined for parking at the harbour clear her debt?"
    assert "clear" in read_question(question).event
    paid = "From 2007 to 2014, the woman fined for parking at the harbour paid $550 in fees."
    assert not _answers(question, paid).holds
    cleared = "The woman fined for parking at the harbour cleared her debt in 2016."
    assert _answers(question, cleared).holds
    # a phrasal verb's particle is no act ('set up their first unit' asks when it was set up)
    set_up = "In which year did the harbour police set up their first marine unit?"
    assert {"set", "establish"} <= read_question(set_up).event
    assert "conven" in read_question("When was the harbour conference convened?").event


def test_a_word_denied_by_its_affix_is_named_as_a_negation() -> None:
    """'largely untested' against 'extensively tested': the reason says which side denies."""
    verdict = _supports(
        "The validity of the archive's data has been extensively tested.",
        "The validity of the archive's data remains largely untested.",
    )
    assert verdict.verdict == "contradicts"
    assert verdict.conflicts[0] == ("negation", "affirmative", "negative")


def test_inversely_associated_points_down() -> None:
    """Two associations whose directions the claim exchanges ('inversely' and 'positively')."""
    verdict = _supports(
        "Local media perceptions were positively associated, whereas national media perceptions "
        "were inversely associated, with prioritising law and order.",
        "Local media perceptions were inversely associated, whereas national media perceptions "
        "were positively associated, with prioritising law and order.",
    )
    assert verdict.verdict == "contradicts" and verdict.conflicts[0][0] == "direction"
    one = _supports(
        "Local media perceptions were inversely associated with prioritising law and order.",
        "Local media perceptions were positively associated with prioritising law and order.",
    )
    assert one.verdict == "contradicts" and one.conflicts[0][0] == "direction"
    assert directions("Arrests rose, the inverse of what was feared.") == {"up"}  # no way


def test_a_cited_works_year_may_stand_anywhere_in_the_passage() -> None:
    """'Matusiak's (2019) analyses …': the sentence that reports them says 'In multivariate
    analyses', the one that names the work stands earlier in its passage."""
    claim = "In Matusiak's (2019) analyses, local media perceptions were inversely associated."
    source = "In multivariate analyses, local media perceptions were inversely associated."
    passage = (
        f"Matusiak (2019) asked chiefs in Texas about the media. The chiefs answered. {source}"
    )
    evidence = Evidence(source, passage=passage, similarity=0.85, section=passage)
    assert JUDGE.supports(claim, evidence, _weights(claim)).holds
    elsewhere = Evidence(source, passage=source, similarity=0.85)
    assert "2019" in JUDGE.supports(claim, elsewhere, _weights(claim)).missing
    other = f"Matusiak (2015) asked chiefs in Texas; the survey ran in 2019. {source}"
    another = Evidence(source, passage=other, similarity=0.85, section=other)
    assert "2019" in JUDGE.supports(claim, another, _weights(claim)).missing  # another work


def test_a_date_question_asks_for_the_year_of_its_doers_act() -> None:
    """'In what year did Sydney establish its force?': a year for the same act by another
    ('In 1797, Colquhoun persuaded the merchants to establish a force') is no answer; the
    sentence that names Sydney is."""
    question = "In what year did Sydney establish the police force modelled on Colquhoun's?"
    other = "In 1797, Colquhoun persuaded the merchants to establish a police force at the docks."
    verdict = _answers(question, other)
    assert not verdict.holds and "Sydney" in verdict.missing
    answering = "In 1862, Sydney established a police force on Colquhoun's model."
    assert _answers(question, answering).holds
    asked = _answers(question, other, passage=f"{other} Sydney did so too.")
    assert "Sydney" in asked.missing  # named in its passage, not beside the year
    earlier = f"Sydney looked to London. Its merchants met. The governor wrote home. {other}"
    assert "Sydney" in _answers(question, other, passage=earlier).missing  # Colquhoun acts


def test_the_doer_of_a_dated_act_may_be_named_earlier_in_the_passage() -> None:
    """'The Moscow Mechanism was adopted in 1991' names no one else: the OSCE, named two
    sentences before, adopted it. Named only after the sentence, it is not the doer."""
    question = "In what year did the OSCE adopt the Moscow Mechanism?"
    sentence = "The Moscow Mechanism was adopted in 1991."
    before = "The OSCE has several tools for human rights. Most are rarely used."
    assert _answers(question, sentence, passage=f"{before} {sentence}").holds
    after = f"{sentence} The OSCE has several tools for human rights. Most are rarely used."
    assert "OSCE" in _answers(question, sentence, passage=after).missing


def test_review_counter_examples_of_session_30() -> None:
    """Cases a reviewer built against this session's rules: each must keep its old verdict."""
    # two places joined by 'and' are not found by one word of them
    shared = _supports(
        "Thames Valley and West Mercia shared 40 officers in 2019.",
        "In 2019, West Mercia and Warwickshire shared 40 officers.",
    )
    assert not shared.holds
    # 'an inverse relationship' points down
    inverse = _supports(
        "There was a positive relationship between police visibility and fear of crime.",
        "There was an inverse relationship between police visibility and fear of crime.",
    )
    assert inverse.verdict == "contradicts"
    # a year the asking sentence itself names may be the answer
    act = "When was the Crime and Disorder Act 1998 passed?"
    assert holds_type("date", frozenset(), "The Crime and Disorder Act was passed in 1998.", act)
    # the doer named earlier acts only in a sentence that gives its act with no agent
    question = "In what year did the OSCE adopt the Moscow Mechanism?"
    before = "The OSCE has several tools for human rights. Most are rarely used."
    for other in (
        "A version of the Moscow Mechanism was adopted by several member states in 1989.",
        "In 1989, the UN adopted a version of the Moscow Mechanism that was different.",
    ):
        assert not _answers(question, other, passage=f"{before} {other}").holds, other
    # a person's office before 'who' asks for a person
    judge = "What is the name of the ombudsman who investigated the complaint?"
    assert read_question(judge).answer_type == "person"
    # the kinds of a thing are counted only with that thing
    drugs = read_question("How many types of drug were seized?").focus
    assert not holds_type(
        "count", drugs, "Officers seized drugs from six categories of premises.", ""
    )
    # nouns after the kind asked are no act
    assert named_kind("Which council estates were regenerated?") is None
    assert named_kind("Which university graduates joined the force?") is None
    # 'X and colleagues (2019)' is a cited work
    claim = "In the analyses of Fridell and colleagues (2019), most chiefs backed the plan."
    source = "In the analyses, most chiefs backed the plan."
    passage = f"Fridell and colleagues (2019) asked chiefs in Ohio. {source}"
    evidence = Evidence(source, passage=passage, similarity=0.85, section=passage)
    assert "2019" not in JUDGE.supports(claim, evidence, _weights(claim)).missing


def test_about_a_small_share_is_not_any_share_within_five_points() -> None:
    """'about 3%' agrees with 3.4% but not with 2%; 'about 50%' still with 46%."""
    (about,) = quantities("about 3%")
    assert about.same_as(quantities("3.4%")[0]) and not about.same_as(quantities("2%")[0])
    assert quantities("about 50%")[0].same_as(quantities("46%")[0])
    source = "Of the harbour searches, 2% found fireworks and 1% found knives."
    claim = "About 3% of the harbour searches found fireworks."
    assert not _supports(claim, source).holds


def test_another_agent_of_the_same_person_contradicts() -> None:
    """'by the owner's spouse' against 'by children of the owner': the owner, named before in
    both, is whose they are; the agents differ. 'the owner's own children' is the same."""
    opening = "Theft is often concealed by the owner's silence and most often committed by"
    source = f"{opening} children of the owner."
    claim = f"{opening} the owner's spouse."
    verdict = _supports(claim, source)
    assert verdict.verdict == "contradicts"
    assert ("actor", "the owner's spouse", "children of the owner") in verdict.conflicts
    same = claim.replace("the owner's spouse", "the owner's own children")
    assert _supports(same, source).holds


def test_a_question_opening_with_why_asks_a_reason_whatever_amount_it_names() -> None:
    """'Why do … affect how much coverage …?' asks why, not how much: a sentence that gives
    the reason answers it, with no figure."""
    question = "Why do a victim's traits affect how much news coverage a harbour assault gets?"
    assert read_question(question).answer_type == "reason"
    assert read_question("According to the port, why did patrols fall?").answer_type == "reason"
    assert read_question("How much news coverage did the assault get?").answer_type == "quantity"
    because = (
        "Victim traits shape news coverage of harbour assaults, because editors favour stories "
        "that grab attention."
    )
    assert _answers(question, because).verdict == "answers"


def test_the_period_a_document_s_title_names_dates_its_figures() -> None:
    """A table row of a report titled '… April 2021 to March 2022' gives that period's count:
    the years asked need not stand in the row; a title without them leaves them unstated."""
    question = "How many searches were recorded in Quayside ward in 2021-22?"
    row = "Quayside ward recorded 1,230 searches."
    about = "Smith, J.. 2022"  # its year of publication is no period
    titled = "Harbour searches: April 2021 to March 2022"
    assert _answers(question, row, about=about, title=titled).verdict == "answers"
    assert _answers(question, row, about=about, title="Harbour searches").verdict == "related"


def test_a_label_with_its_number_is_no_place() -> None:
    """'at Level 3' names a part of a model, not where a thing is."""
    where = "Where is the Harbour Crime Agency headquartered?"
    assert not names_answer("place", "The main product at Level 3 is the yearly review.", where)
    assert names_answer("place", "The agency is based in Leeds.", where)


def test_a_number_the_asked_act_takes_counts_what_is_asked() -> None:
    """'the port employed 3,568 staff' answers 'how many people did the port employ': the
    verb before the number is the question's; a number no act of the question takes does not."""
    question = "How many people did the harbour authority employ in 2021?"
    spec = read_question(question)
    employed = "In 2021 the harbour authority employed 3,568 staff across its quays."
    assert holds_type(spec.answer_type, spec.focus, employed, question)
    listed_ = "In 2021 the harbour authority listed 3,568 berths across its quays."
    assert not holds_type(spec.answer_type, spec.focus, listed_, question)
    aside = "How many people are thought to smuggle in Leeds, as estimated by the harbour police?"
    estimated = "In 2001 the harbour police estimated 400,000 and the port 700,000."
    assert not holds_type("count", read_question(aside).focus, estimated, aside)  # an aside's act


def test_an_acronym_may_keep_the_initial_of_of() -> None:
    """'DOJ' stands for 'Department of Justice' ('ILP' still for 'intelligence-led policing')."""
    (doj,) = names("What did the DOJ find?")
    assert name_in(doj, profile("The Department of Justice found that stops rose."))
    (ilp,) = names("How does ILP work?")
    assert name_in(ilp, profile("Intelligence-led policing works by tasking."))


def test_a_version_or_a_level_counts_nothing() -> None:
    assert quantities("under the Open Licence version 3.0 for searches") == ()
    assert quantities("products at Level 2 of the model") == ()
    assert [q.value for q in quantities("a blood alcohol level 0.08")] == [0.08]
    assert [q.value for q in quantities("at least 3 levels of review")] == [3.0]


def test_how_many_were_things_counts_those_things() -> None:
    """'Of the searches in Quayside ward, how many were searches for drugs?' counts drug
    searches: a ward's total in a table row, with no word of them, does not answer."""
    question = "Of the searches made in Quayside ward, how many were searches for drugs?"
    spec = read_question(question)
    assert spec.focus == {"search", "drug"}
    assert not holds_type(
        spec.answer_type, spec.focus, "Quayside ward, Harbourside 1,310", question
    )
    drugs = "In Quayside ward, 700 were searches for drugs."
    assert holds_type(spec.answer_type, spec.focus, drugs, question)


def test_a_table_row_counts_what_its_caption_counts() -> None:
    """'Quayside ward, Harbourside 1,230' under 'Table 1: Wards with the most searches' gives
    the ward's searches; under a caption of other things, or as a statement, it does not."""
    question = "How many searches were recorded in Quayside ward?"
    row = "Quayside ward, Harbourside 1,230 15."  # (the next row's number after it)
    table = f"Table 1: Wards with the highest number of searches, 2021 {row} Dock ward, Bay 1,100"
    assert _answers(question, row, passage=table).verdict == "answers"
    berths = table.replace("number of searches", "number of berths")
    assert _answers(question, row, passage=berths).verdict == "related"
    assert _answers(question, row, passage=row, section=table).verdict == "answers"  # runs on
    drugs = "Of the searches in Quayside ward, how many were searches for drugs?"  # a part
    assert _answers(drugs, row, passage=table).verdict == "related"


def test_a_correction_restated_as_a_preference_is_no_denial() -> None:
    """'were not concerned with X, but rather with Y' says what 'mattered less X than Y' says;
    'were concerned with X rather than with Y' says the opposite."""
    source = (
        "Long before that, Hale (1975) found that in disputes, skippers were not directly "
        "concerned with winning their claims, but rather their chance to influence the harbour "
        "board's decisions."
    )
    same = (
        "Hale (1975) found that what mattered to skippers in disputes was less winning their "
        "claims than their chance to influence the harbour board's decisions."
    )
    assert _supports(same, source).verdict == "supports"
    reversed_ = (
        "Hale (1975) found that in disputes, skippers were directly concerned with winning their "
        "claims rather than with their chance to influence the harbour board's decisions."
    )
    judged = _supports(reversed_, source)
    assert judged.verdict != "supports" and judged.conflicts[0][0] == "negation"


def test_how_many_claims_no_share() -> None:
    """'How many threats a plan holds depends on …' claims no 'many' against 'any plan'."""
    assert quantifier("How many threats a harbour plan can hold depends on its budget.") == ""
    assert quantifier("Many threats are left out of the harbour plan.") == "partial"


def test_what_does_it_mean_asks_for_no_mean() -> None:
    """'what does it mean in practice' asks what a thing amounts to, not for an average."""
    question = "What structure does the harbour guide suggest, and what does it mean in practice?"
    assert read_question(question).answer_type != "quantity"
    assert read_question("What was the mean score on the trust scale?").answer_type == "quantity"
    assert read_question("What is the average age of the pilots?").answer_type == "quantity"


def test_short_of_a_thing_denies_it_as_without_does() -> None:
    source = "Wardens may hand out fines or hold a driver briefly without an arrest."
    claim = "Short of an arrest, wardens may hand out fines or hold a driver briefly."
    assert _supports(claim, source).verdict != "contradicts"
    stated = "Wardens may hand out fines or hold a driver briefly after an arrest."
    assert _supports(claim, stated).verdict == "contradicts"


def test_all_of_a_kind_contradicts_only_some_of_it() -> None:
    source = "Drones may be flown by trained pilots only at public events."
    widened = "Drones may be flown by trained pilots at all events, private as well as public."
    verdict = _supports(widened, source)
    assert verdict.verdict == "contradicts" and "only at public events" in verdict.reason
    kept = "Drones may be flown by trained pilots at all public events."
    assert _supports(kept, source).verdict != "contradicts"


def test_a_sentence_restated_with_a_cause_and_a_year_of_its_own_is_contradicted() -> None:
    source = (
        "Partly because of City Hall's budget rules, many wardens appear to treat some "
        "drivers as sources of revenue rather than as residents to be served."
    )
    claim = (
        "Partly because of the storms that struck the town in March 2019, many wardens appear "
        "to treat some drivers as sources of revenue rather than as residents to be served."
    )
    assert _supports(claim, source).verdict == "contradicts"
    # another statement that lacks the claim's year and names another body states another thing
    other = "The Audit Office found that the council relied on parking fines."
    assert _supports("The council relied on parking fines in 2019.", other).verdict != "contradicts"


def test_a_name_written_closed_up_is_the_same_name() -> None:
    source = "Most residents of the AfricanAmerican neighbourhoods were stopped twice."
    claim = "Most residents of the African-American neighbourhoods were stopped twice."
    assert _supports(claim, source).holds


def test_a_firm_named_by_a_kind_of_person_is_an_organisation() -> None:
    question = "Which private security firm did the council hire for the festival?"
    assert read_question(question).answer_type == "organisation"
    sentence = "For the festival the council hired Harbour Watch Security, a private firm."
    assert _answers(question, sentence).holds
    assert read_question("Which police officer led the raid?").answer_type == "person"
    assert read_question("What type of police training was used?").answer_type != "organisation"


def test_a_date_asked_after_another_is_of_the_last_question_s_act() -> None:
    question = (
        "When did the council open its night shelter in the harbour? "
        "And when did the shelter there close, and why?"
    )
    assert read_question(question).event == frozenset()
    sentence = "The harbour shelter closed on 2 May 2019 because its lease ran out."
    assert _answers(question, sentence).holds
    assert read_question("When did the council open its night shelter?").event


def test_an_organisation_named_after_its_kind_answers_which_kind() -> None:
    question = "Which foundation was set up in 2009 to fund Marlow's harbour patrols?"
    sentence = "To fund patrols, the Marlow Foundation for a Calmer Coast was set up in 2009."
    assert _answers(question, sentence).holds


def test_each_part_of_a_question_in_two_parts_is_answered_with_its_own_names() -> None:
    question = (
        "Which trust was set up in 2009 to fund harbour patrols, and how did Lowestoft use it?"
    )
    first = "To fund harbour patrols, the Marlow Trust for a Safer Harbour was set up in 2009."
    assert _answers(question, first).holds
    # a sentence that holds neither part's names answers neither
    other = "The Marlow Trust for a Safer Harbour was set up to fund patrols."
    assert not _answers(question, other).holds


def test_a_bare_number_before_a_verb_of_saying_counts_the_people_asked_about() -> None:
    question = "How many respondents found that the new rota made it harder to sleep?"
    sentence = (
        "Forty officers reported longer shifts; 22 indicated that since the change of shifts "
        "last spring sleeping had become harder under the new rota; 9 wanted the old one back."
    )
    assert _answers(question, sentence).holds
    # a number of things before a verb counts no people
    assert not _answers("How many respondents were stopped?", "In 2019, 22 stopped work.").holds


def test_what_happened_after_an_act_is_not_answered_by_the_act_itself() -> None:
    question = "What happened to the skipper after he was arrested in Dover?"
    premise = "In May 2021 the skipper was arrested in Dover when his boat docked."
    assert "premise" in _answers(question, premise).reason
    later = "After he was arrested in Dover, the skipper was released on bail in June."
    assert _answers(question, later).holds


def test_a_list_s_lead_in_states_nothing_by_itself() -> None:
    claim = "When attending a flood, wardens must film every rescue on a helmet camera."
    assert not _supports(claim, "When attending a flood, wardens aim to:", 0.9).holds
    assert _supports(
        claim, "When attending a flood, wardens must film every rescue on a helmet camera."
    ).holds


def test_called_off_says_what_did_not_go_ahead_says() -> None:
    claim = "Patrols rise in July for the regatta, which did not go ahead in 2020."
    source = "Patrols rise in July for the regatta, which was cancelled in 2020."
    assert _supports(claim, source).verdict == "supports"
    held = "Patrols rise in July for the regatta, which went ahead in 2020."
    assert _supports(claim, held).verdict == "contradicts"


def test_how_soon_asks_for_a_delay_which_no_frequency_gives() -> None:
    question = "How soon after a flood should the wardens' review meeting take place?"
    assert not _answers(question, "Wardens' review meetings take place every two weeks.").holds
    assert _answers(
        question, "A review meeting should take place within 48 hours of a flood."
    ).holds
    often = "How often do the wardens' review meetings take place?"
    assert _answers(often, "Wardens' review meetings take place every two weeks.").holds


def test_the_new_rules_leave_their_near_misses_alone() -> None:
    """Counter-examples a review found for this stop's rules."""
    after = "What happened after officers were called to the flat?"
    found = "Officers were called to the flat at 2am and found the victim unconscious."
    assert _answers(after, found).holds  # the act, and what came of it
    raid = "What happened when police raided the house in Leeds?"
    assert _answers(raid, "When police raided the house in Leeds they found a gun.").holds
    assert (
        _supports(
            "The guidance applies to all officers.", "The guidance applies only to officers."
        ).verdict
        != "contradicts"
    )
    half = _supports("Just short of half of them agreed.", "Almost half of them agreed.")
    assert half.verdict != "contradicts"
    calls = "The number of abandoned 999 calls fell, and the closure did not go ahead."
    dropped = "The number of dropped 999 calls fell, and the closure did not go ahead."
    assert _supports(dropped, calls).verdict == "supports"
    listed = "The inspection identified four areas for improvement:"
    assert _supports("The inspection identified four areas for improvement.", listed).holds
    other = "The ODMP recorded police officer suicides across the United States."
    claim = "Blue HELP recorded 228 police officer suicides across the United States in 2019."
    assert _supports(claim, other).verdict != "contradicts"  # another actor, a short sentence
    assert not _answers(
        "How many officers reported being assaulted on duty in 2019?",
        "In 2019 the force recorded 35 reported assaults on officers on duty.",
    ).holds
    assert read_question("What challenges confront police?").answer_type != "organisation"
    assert _supports("Police numbers rose by 35 in 2019.", "It was.").verdict == "related"


def test_cannot_unless_states_a_necessary_condition_not_a_denial() -> None:
    claim = "The wardens say that flood patrols cannot succeed unless residents report blockages."
    source = "Reports of blockages from residents are essential if flood patrols are to succeed."
    assert _supports(claim, source).verdict == "supports"
    denied = "The wardens stress that flood patrols can succeed even if residents do not report."
    assert _supports(denied, source).verdict == "contradicts"


def test_a_second_part_is_not_answered_by_a_figure_the_scene_states() -> None:
    question = (
        "The audit says that 1,200 harbour patrols took place in four of the 20 districts. "
        "Which were those four districts, and how many patrols did each record?"
    )
    restated = "Of the 1,200 harbour patrols, most took place in four of the 20 districts."
    assert not _answers(question, restated).holds
    counted = "The Quay district recorded 410 harbour patrols, the Dock district 305."
    assert _answers(question, counted, passage=f"{restated} {counted}").holds


def test_both_states_two_and_a_place_s_people_name_the_place() -> None:
    claim = "The two Oslo harbour audits (2011) both linked patrol length to reported thefts."
    source = (
        "In both of the Oslo harbour audits (2011), patrol length was linked to reported thefts."
    )
    assert _supports(claim, source).verdict == "supports"
    three = "In all three Oslo harbour audits (2011), patrol length was linked to reported thefts."
    assert _supports(claim, three).verdict == "contradicts"
    people = "A survey of New Yorkers linked harbour patrols to fewer reported thefts."
    named = "A New York survey linked harbour patrols to fewer reported thefts."
    assert _supports(named, people).verdict != "contradicts"


def test_a_work_s_year_is_the_year_cited_and_a_quoted_title_s_year_names_the_document() -> None:
    question = (
        "In which book did Lund argue that wardens deter theft, and in what year did it come out?"
    )
    assert _answers(
        question, "Lund (1994) argued in his book Harbour Watch that wardens deter theft."
    ).holds
    assert not _answers(
        question, "Lund argued in his book Harbour Watch that wardens deter theft."
    ).holds
    titled = read_question("Who wrote the foreword to 'Harbour Watch' (1994), and when?")
    assert titled.document_years == (1994.0,)


def test_a_law_s_year_is_its_own_and_a_kind_may_be_asked_before_a_modal() -> None:
    question = "Which organisations' rules protect the privacy of harbour victims?"
    law = "Wardens must respect the Privacy Act 2020 when they share a victim's details."
    assert names_answer("organisation", law, question)
    assert named_kind("Which university must approve the harbour survey?") == "university"


def test_an_act_dated_by_a_span_from_another_date_has_no_year_of_its_own() -> None:
    question = "In what year was the harbour levy, which the mayor cut by decree, first created?"
    apart = (
        "In 2015 the mayor cut the harbour levy by decree, a levy that had been created "
        "two decades earlier."
    )
    assert not _answers(question, apart).holds
    own = "The harbour levy was created in 1995; in 2015 the mayor cut it by decree."
    assert _answers(question, own).holds


def test_a_heading_s_number_counts_nothing() -> None:
    assert quantities("7.4 Levels of harbour patrol ILP requires links between all levels.") == ()
    assert quantities("8.1.2 The Harbour Watch Tool The tool was developed in Oslo.") == ()
    assert [q.value for q in quantities("In 7.4 cases out of 10 the wardens found nothing.")] == [
        7.4,
        10.0,
    ]


def test_a_part_of_the_whole_the_question_states_may_follow_of_which() -> None:
    question = "About how many of its roughly 4,000 harbour permits can the public see?"
    focus = read_question(question).focus
    part = "There are some 4,120 valid harbour permits, of which about 610 are public."
    assert holds_type("count", focus, part, question)
    assert not holds_type("count", focus, "There are some 4,120 valid harbour permits.", question)


def test_who_runs_a_body_is_answered_by_the_body_that_leads_it() -> None:
    question = "Who runs the harbour intervention teams, and what cases are they for?"
    led = "Specialist multi-agency teams led by Police that focus on complex harbour cases."
    assert names_answer("person", led, question)
    managed = "They inform the active case management of harbour cases with community support."
    assert not names_answer("person", managed, question)


def test_a_point_in_time_is_no_length_of_service() -> None:
    question = "On average, how many years had the wardens in the harbour study served?"
    focus = read_question(question).focus
    ago = "Only three studies exist, one of them conducted over 40 years ago."
    assert not holds_type("duration", focus, ago, question)
    assert holds_type("duration", focus, "The wardens had served 11 years on average.", question)


def test_we_tells_the_document_s_own_work_not_the_earlier_one_a_question_cites() -> None:
    question = "How many wardens answered the earlier Lund and Moss (2016) harbour survey?"
    own = "We obtained survey data from 412 harbour wardens."
    passage = f"Lund and Moss (2016) studied wardens' pay. {own}"
    later = "Lund, Moss and Berg (2018). Harbour wardens revisited."
    assert not _answers(question, own, passage=passage, about=later).holds
    earlier = "Lund and Moss (2016). Harbour wardens."
    assert _answers(question, own, passage=passage, about=earlier).holds
    cited = "Lund and Moss (2016) obtained survey data from 412 harbour wardens."
    assert _answers(question, cited, passage=passage, about=later).holds


def test_review_cases_of_this_stop_s_rules_stay_mended() -> None:
    # a surname is no place's people ('Parker' is not 'park')
    question = "When did Parker join the harbour force?"
    park = "Wardens began to park outside the station in 2004 after joining the harbour force."
    assert not _answers(question, park).holds
    # an act dated in the sentence is not dated apart by a later span
    founded = "The unit, founded in 1998, began harbour patrols two months later."
    assert _answers("When was the harbour unit founded?", founded).holds
    # a released suspect is no published work
    released = "Jones (2012) describes how the suspect was released on bail after the raid."
    assert not _answers("In what year was the suspect released?", released).holds
    # 'both officers and civilians' counts no two officers
    both = "The attack injured both officers and civilians."
    assert _supports("Two officers were injured in the attack.", both).verdict != "supports"
    # a figure at a sentence's start in millions is no heading's number
    assert next(q.value for q in quantities("2.5 Million people were stopped in 2019.")) == 2.5e6
    # 'led by' the question's own body names no one new
    led = "The inquiry was led by Scotland Yard, which set it up in 2004."
    assert not names_answer("person", led, "Who led the inquiry that Scotland Yard set up?")
    # 'overseas' is no oversight
    abroad = "Dr Jane Smith, who trained overseas, praised the harbour programme."
    assert not names_answer("person", abroad, "Who oversees the harbour programme?")
    # possessives are no quoted title
    assert (
        read_question("What did the officers' claims, per Reiss' (1971) account, find?") is not None
    )


def test_what_a_source_lacks_is_named_alike_on_every_run() -> None:
    """The groups and the act a judgement finds missing come in a fixed order, whatever the
    interpreter's hash seed (they were read off sets: 'male, female' on one run, 'female, male'
    on the next; 'hold', 'host' or 'meet' for the same question)."""
    script = (
        "from tests.test_judge import _answers\n"
        "print(_answers('What share of female deputies and male officers knew about the "
        "council?', 'About half of the deputies knew about the council.').reason)\n"
        "print(_answers('Who convened and chaired the 1914 congress in Monaco?', 'The 1914 "
        "congress in Monaco was attended by Prince Albert.').reason)\n"
    )
    root = Path(__file__).resolve().parents[1]
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(1, 7)
    }
    assert len(runs) == 1, runs
    assert "female, male" in runs.pop()


def test_a_judgement_names_what_is_missing_in_the_question_s_words() -> None:
    """The act as the question writes it, not a kin form ('held') or a stem ('conven'); a
    topic word whole ('agency', not 'agenc')."""
    attended = "The 1914 congress in Monaco was attended by Prince Albert."
    assert _answers("Who convened the 1914 congress in Monaco?", attended).reason.endswith(
        "mention convened"
    )
    founded = _answers("When was the commission founded?", "The commission met in 1923.")
    assert founded.reason.endswith("mention founded")
    agency = _answers("When was the agency founded in Paris?", "In 1923 the Paris congress met.")
    assert agency.reason.endswith("mention agency")
    assert written("Which list was listed first, the next one?", {"list", "next"}) == "list next"
    # one group once, though it stands as a name ('Black') and as a group ('black')
    sensitive = _answers(
        "In the 2018 survey, were Black managers more sensitive to the Ferguson Effect than "
        "white managers?",
        "Managers who perceive greater legitimacy will be less sensitive to the Ferguson Effect.",
    )
    assert sensitive.reason == "the source does not mention Black, 2018, white"
