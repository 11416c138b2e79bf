"""The support judge: does a source sentence answer a question, support a claim, contradict it,
or is it merely related? One judge serves extractive answers and their refusals, the checks of
generated sentences, `cite` and manuscript checks.

It reads both sides with general rules of English (`questions`, `quantities`, `facts`): what the
question asks for and the constraints it names (names, years), the claim's facts (quantities,
names, negation, quantifiers, directions); and weighs them with the embedding similarity of the
two sentences and the share of the query's rarer words the source holds (words the document's
title and authors hold need not recur in its sentences).

A user who has a cross-encoder or NLI model (any sentence-transformers `CrossEncoder`) can name
it in ASSISTANT_JUDGE_MODEL; its score then joins the similarity. Off by default."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from ..search.asked import about_works
from ..search.lexical import holds_phrase, quoted_phrases
from .answer_types import (
    FIGURE_TYPES,
    TYPE_WORDS,
    defines,
    fragment,
    typed,
    typed_either,
    year_conflicts,
)
from .claims import fact_differences
from .counted import counted_in_table
from .coverage import (
    OWN_WORDS,
    asked_coverage,
    beyond_title,
    covered,
    particular,
    reworded,
    sentence_coverage,
    twin,
)
from .dated import THAT_PERIOD, bound_years, scene_years, within_bound, years_in
from .expansions import stems_with_acronyms
from .facts import (
    merged,
    name_in,
    not_found_around,
    surroundings,
)
from .figures import named_later
from .measures import superlative_turned, tells_measure
from .named import doer_unnamed, of_one_part, off_subject, singled_out
from .polarity import groups, narrowing_groups
from .quantities import quantities
from .questions import HARD_TYPES, read_question
from .ranking import ranked
from .references import bibliographic, lead_in
from .stance import own_work, restates_premise, unasserted
from .subjects import (
    cited_instead,
    dated_for_other,
    named_kind,
    siblings,
    tied_to_other,
    unexpanded,
)
from .words import BY_KIND, REFERS_BACK, content_stems, distinct, stem, written

#: a sentence answers from this score up (if its answer type and constraints hold; questions
#: with no answer type to check, why, how, what …, rely on the score alone); open ones lower
ANSWER_THRESHOLD = 0.42
OPEN_ANSWER_THRESHOLD = 0.33
#: a date, place or person answers only in a sentence with this much of the question's words
ENTITY_COVERAGE = 0.2
#: answers that belong to the thing their sentence names: a sibling of the asked name there
#: ('London Metropolitan Police' for 'French National Police') makes them its
SIBLING_TYPES = (*FIGURE_TYPES, "person", "place", "organisation")
PRIOR_CHARS = 400  # of a passage before a sentence that refers back ('This office …')
#: a source supports a claim from this score up (if it states every fact of the claim)
SUPPORT_THRESHOLD = 0.62
#: or from this one, if it shares this many words with the claim its document does not use often
PARTICULAR_THRESHOLD, PARTICULAR_WORDS = 0.54, 2
#: from this score up, a source that states one of the claim's facts differently contradicts it
CONTRADICTION_THRESHOLD = 0.55
SIMILARITY_WEIGHT = 0.5
FIGURE_BONUS, FIGURES_BONUS_CAP = 0.02, 0.06  # for each figure a source states alike; at most
NOVEL_WORDS = 12  # content words of its own that make a sentence fully informative
#: how much each signal of `RuleJudge.features` weighs in an answer's score ("quoted": holds a
#: phrase the question quotes; "defines": opens by saying what the term asked about is ('A
#: hypothesis is …'), or tells how a thing asked about was measured ('… were asked to …'))
ANSWER_WEIGHTS = {
    "similarity": 0.3, "in_sentence": 0.2, "in_context": 0.3, "novelty": 0.1, "typed": 0.05,
    "quoted": 0.1, "defines": 0.1, "beside": -0.05, "fragment": -0.12, "bibliographic": -0.15,
}  # fmt: skip

_ABOUT_LAYOUT = re.compile(
    r"\b(table|tabulated|figure|chart|graph|diagram|map|contents|list|box|annex|appendix|"
    r"step|stage|timeline)s?\b",
    re.I,
)


@dataclass(frozen=True)
class Evidence:
    """A candidate source sentence with what surrounds it."""

    sentence: str
    context: str = ""  # the sentences just before and after it, in its passage
    passage: str = ""  # the whole passage
    about: str = ""  # the document's title, authors, editors, year, publisher, file name
    similarity: float = 0.0  # cosine of the query's and the sentence's embeddings
    section: str = ""  # the passages around this one: names, years, a table's caption
    before: str = ""  # the sentence just before it (also in `context`)
    after: str = ""  # and the one just after
    headings: str = ""  # the titles of its section and of the sections above it
    title: str = ""  # its document's title
    common: frozenset[str] | None = None  # the query's words its document uses throughout


@dataclass(frozen=True)
class Judgement:
    verdict: str  # answers | supports | contradicts | related
    score: float
    reason: str = ""
    #: (what differs, as the query says it, as the source says it)
    conflicts: tuple[tuple[str, str, str], ...] = ()
    missing: tuple[str, ...] = ()  # constraints or facts the source does not state
    beside: str = ""  # "before"/"after": the answer stands in that neighbouring sentence
    coverage: float = 0.0  # weighted share of the query's own words in the sentence
    rank: float | None = None  # of an answering sentence among the others (`ranking.ranked`)

    @property
    def holds(self) -> bool:
        return self.verdict in ("answers", "supports")


class Judge(Protocol):
    def answers(self, question: str, evidence: Evidence, weights: Mapping[str, float]) -> Judgement:
        """Does the evidence sentence answer the question?"""
        ...

    def supports(self, claim: str, evidence: Evidence, weights: Mapping[str, float]) -> Judgement:
        """Does the evidence sentence state the claim, contradict it, or only touch on it?"""
        ...


class RuleJudge:
    """The judge built from general rules and the embedding model's similarity."""

    def __init__(self, scorer: Callable[[str, str], float] | None = None) -> None:
        self.scorer = scorer  # an optional cross-encoder: (query, sentence) → 0..1

    def _similarity(self, query: str, evidence: Evidence) -> float:
        if self.scorer is None:
            return evidence.similarity
        return 0.5 * evidence.similarity + 0.5 * self.scorer(query, evidence.sentence)

    def features(
        self, question: str, evidence: Evidence, weights: Mapping[str, float]
    ) -> dict[str, float]:
        """The signals an answer is weighed by, each 0..1."""
        spec = read_question(question)
        key = {s: w for s, w in weights.items() if s in spec.key} or dict(weights)
        sentence = evidence.sentence
        own = content_stems(sentence) - content_stems(question)
        held, beside = typed_either(spec, sentence, evidence.before, evidence.after, question)
        return {
            "similarity": self._similarity(question, evidence),
            "in_sentence": sentence_coverage(question, key, evidence.about, sentence),
            "in_context": covered(
                key,
                stems_with_acronyms(
                    question, sentence, evidence.context, evidence.passage, evidence.about
                ),
            ),
            "novelty": min(1.0, len(own) / NOVEL_WORDS),
            "typed": float(held and not beside and spec.answer_type not in ("other", "yesno")),
            "quoted": float(holds_phrase(sentence, quoted_phrases(question))),
            "defines": float(
                defines(spec.focus, sentence)
                if spec.answer_type == "definition"
                else tells_measure(question, sentence)
            ),
            "beside": float(bool(beside)),
            "fragment": float(fragment(sentence)),
            "bibliographic": float(
                bibliographic(sentence, evidence.passage) and not about_works(question)
            ),
        }

    def answers(self, question: str, evidence: Evidence, weights: Mapping[str, float]) -> Judgement:
        return self._answers(question, evidence, weights)

    def _answers(
        self,
        question: str,
        evidence: Evidence,
        weights: Mapping[str, float],
        alone: bool = False,
    ) -> Judgement:
        """As `answers`; `alone`: judging the neighbour that holds another sentence's answer."""
        spec = read_question(question)
        signals = self.features(question, evidence, weights)
        score = sum(ANSWER_WEIGHTS[name] * value for name, value in signals.items())
        coverage = signals["in_sentence"]
        sentence = evidence.sentence
        told = merged(sentence, evidence.context)
        near = told | merged(evidence.about)
        beyond = surroundings(evidence.passage, evidence.section)
        missing = not_found_around(spec.names, near, beyond, weights)
        around = near.quantities + beyond.quantities
        # a name the question singles out ('in Foothill Division alone') stands by the answer
        missing += [n.text for n in singled_out(spec.names, question) if not name_in(n, near)]
        # the years and figures a question states bound its answer: they stand beside it, or
        # in the title (its period: '…: April 2021 to March 2022'; the year it came out only
        # for "the 2017 guidebook", not "the 2017 meeting")
        near_years = {q.value for q in told.quantities if q.kind == "year"}
        # a thing dated by its year ('a 2006 prediction') is cited by it ('Bratton (2006: 5)')
        near_years |= set(spec.event_years) & {
            q.value for q in told.quantities if q.kind == "cited"
        }
        near_years |= set(spec.document_years) & years_in(merged(evidence.about))
        near_years |= years_in(merged(evidence.title))
        if spec.answer_type not in FIGURE_TYPES:  # a name or an explanation from a document
            # of the year of the question's event ('her 2016 keynote'; not 'in 2017')
            near_years |= set(spec.event_years) & years_in(merged(evidence.about))
        # a survey's or a dataset's year ('the 2016 LEMAS survey') is named once in a passage
        near_years |= set(spec.source_years) & years_in(merged(evidence.passage))
        if spec.answer_type not in HARD_TYPES or THAT_PERIOD.search(sentence):
            # an explanation's year is its setting, and a figure's when its sentence refers to
            # a period named before ("65% of searches in that period"): the passage may give
            # it ("How was the 2018 sample drawn?", "… in the year to March 2022?")
            near_years |= years_in(merged(evidence.passage))
        unstated = [y for y in spec.years if y not in near_years]
        if len(unstated) < len(spec.years):  # one stands by the answer: the others may set
            # the scene in the passage ("… parked once in 2007, how much had she paid by 2014?")
            unstated = [y for y in unstated if y not in years_in(merged(evidence.passage))]
        if unstated:  # a premise's year may stand in the passage or the next (its story)
            scene = scene_years(question, evidence.passage, evidence.section)
            unstated = [y for y in unstated if y not in scene]
        missing += [f"{y:.0f}" for y in unstated if not within_bound(question, y, near_years)]
        # (not a year any later one meets, 'since 2016': a part is held by what it states)
        stated = [f"{y:.0f}" for y in spec.years if y not in bound_years(question)]
        # (a part is held by names the sentence states, not by its document's authors)
        by, titled = merged(evidence.about), merged(evidence.title)

        def unsaid() -> list[str]:  # (read only for a question in two parts)
            return [
                n.text
                for n in spec.names
                if not name_in(n, told) or (name_in(n, by) and not name_in(n, titled))
            ]

        missing = of_one_part(question, [n.text for n in spec.names] + stated, missing, unsaid)
        all_years = near_years | {q.value for q in around if q.kind in ("year", "cited")}
        if any(y not in all_years for y in spec.cited_years):  # a cited work is named, as an
            # author is, in the passages around as well ("Nix et al. (2019)" one passage on)
            all_years |= {q.value for q in quantities(evidence.section) if q.kind == "cited"}
        ours = bool(spec.cited_years) and own_work(spec.cited_years, sentence, evidence.about)
        missing += [f"({y:.0f})" for y in spec.cited_years if ours or y not in all_years]
        missing += [  # a figure in digits ("within 45 days"), not "the two main types"
            q.text
            for q in spec.numbers
            if q.text[:1].isdigit() and not any(q.same_as(s) for s in around)
        ]
        if spec.part and not spec.part & near.vocabulary:  # 'were women', not all of them
            missing.append(written(question, spec.part))
        # a group of people the question singles out ('female deputies') stands by the answer
        if narrowed := narrowing_groups(question):
            named = groups(f"{sentence} {evidence.context} {evidence.about}")
            missing += sorted(g for g in narrowed if g not in named)
        if spec.head and stem(spec.head) not in near.vocabulary:  # the pistol, not the force
            missing.append(spec.head)
        missing += unasserted(question, sentence)  # what came, not the plan or the hypothesis
        missing += unexpanded(question, f"{sentence} {evidence.context}")  # 'TENR' spelled out
        bounded = set(spec.years) <= bound_years(question)  # 'since 1989': any year after
        dating = spec.event_years if spec.answer_type == "date" else ()  # 'the 1898 meeting'
        years = tuple(y for y in spec.years if y not in dating)  # dates a premise, not the answer
        conflicts = [] if bounded else year_conflicts(years, sentence, spec.event_years)
        conflicts += superlative_turned(question, sentence)  # the lowest for the highest
        if spec.answer_type in HARD_TYPES | {"organisation"} and not missing and not conflicts:
            missing += off_subject(
                spec, evidence.sentence, evidence.about, evidence.headings, weights, near
            )
        if spec.answer_type in SIBLING_TYPES and not missing and not conflicts:
            conflicts = [("name", asked, said) for asked, said in siblings(spec.names, sentence)]
        if spec.answer_type in FIGURE_TYPES and not missing and not conflicts:
            tied = tied_to_other(spec.names, question, sentence)
            conflicts = [("name", asked, said) for asked, said in tied]
            if not alone:  # a figure whose part the asked name has, in a sentence after it
                missing += named_later(spec.answer_type, spec.names, question, evidence)
            conflicts += cited_instead(  # another work's figure
                spec.cited_years, sentence, evidence.about, question
            )
        if spec.answer_type == "date" and not missing and not conflicts:
            conflicts = [("name", *pair) for pair in dated_for_other(spec.names, sentence)]
            missing += doer_unnamed(spec.names, question, near, sentence, evidence.passage)
        held, beside = typed_either(spec, sentence, evidence.before, evidence.after, question)
        if spec.answer_type == "count" and not held:  # a row under a caption of what is counted
            held = counted_in_table(spec.focus, sentence, evidence.passage, evidence.section)
        if beside and not alone and not missing and not conflicts:
            # the neighbour holds the figure or date: it must name what is asked and no
            # sibling in its place, as the sentence itself must ('Westminster (1,244 searches
            # per month)' does not answer for Hackney)
            other = self._answers(question, _neighbour(evidence, beside), weights, alone=True)
            missing, conflicts = list(other.missing), list(other.conflicts)
        if conflicts:
            reason = "the source gives {2}, the question asks about {1}".format(*conflicts[0])
            return Judgement(
                "related", score, reason, tuple(conflicts), tuple(missing), coverage=coverage
            )
        if missing:  # each once ('Black' the name, 'black' the group)
            missing = distinct(missing)
            reason = "the source does not mention " + ", ".join(missing)
            return Judgement("related", score, reason, (), tuple(missing), coverage=coverage)
        if restates_premise(question, spec.answer_type, sentence):
            reason = "the source states the question's premise, not its answer"
            return Judgement("related", score, reason, coverage=coverage)
        if signals["fragment"] and not _ABOUT_LAYOUT.search(question):
            reason = "the source is a heading or a figure's text, not a statement"
            return Judgement("related", score, reason, coverage=coverage)
        if (spec.answer_type in HARD_TYPES or named_kind(question) is not None) and not held:
            lacking = TYPE_WORDS[spec.answer_type]
            return Judgement("related", score, f"the source gives no {lacking}", coverage=coverage)
        entity = spec.answer_type in ("date", "place", "person", "organisation")
        if (
            entity
            and coverage < ENTITY_COVERAGE
            and (REFERS_BACK.match(sentence) or BY_KIND.match(sentence))
        ):
            # 'This office was first held by …': the sentence before says what it is about
            at = evidence.passage.find(sentence)
            prior = evidence.passage[max(0, at - PRIOR_CHARS) : at] if at > 0 else evidence.before
            key = {s: w for s, w in weights.items() if s in spec.key} or dict(weights)
            coverage = sentence_coverage(question, key, evidence.about, f"{prior} {sentence}")
        if (  # the name or date the first part asks for: the asking sentence's words may do
            entity
            and coverage < ENTITY_COVERAGE
            and typed(spec.answer_type, spec.focus, sentence, "", "", question, spec.names)[0]
        ):
            coverage = max(coverage, asked_coverage(question, weights, evidence.about, sentence))
        # a name or date among too few of the question's words, or a figure among none of them
        if (entity and coverage < ENTITY_COVERAGE) or (
            spec.answer_type in FIGURE_TYPES and not coverage
        ):
            reason = f"the {TYPE_WORDS[spec.answer_type]} it gives is about something else"
            return Judgement("related", score, reason, coverage=coverage)
        threshold = ANSWER_THRESHOLD if spec.answer_type in HARD_TYPES else OPEN_ANSWER_THRESHOLD
        if score < threshold:
            reason = "the source is only loosely related"
            return Judgement("related", score, reason, coverage=coverage)
        return Judgement("answers", score, beside=beside, coverage=coverage, rank=ranked(signals))

    def supports(self, claim: str, evidence: Evidence, weights: Mapping[str, float]) -> Judgement:
        coverage = covered(
            weights, stems_with_acronyms(claim, evidence.sentence, evidence.context, evidence.about)
        )
        similarity = self._similarity(claim, evidence)  # (a cross-encoder's: computed once)
        score = SIMILARITY_WEIGHT * similarity + 0.5 * coverage
        read = (evidence.about, evidence.sentence, evidence.context)
        conflicts, missing = fact_differences(
            claim,
            evidence.sentence,
            merged(evidence.sentence, evidence.context),
            merged(evidence.about),
            surroundings(evidence.passage, evidence.section),
            evidence.context,
            f"{evidence.about}. {evidence.passage}",  # its title may name two kinds of a thing
        )
        if (
            fragment(evidence.sentence)
            or (bibliographic(evidence.sentence) and not about_works(claim))
            or lead_in(evidence.sentence)  # a list's ('Police aim to:')
        ):  # a heading, a figure's text or a reference neither states nor contradicts a claim
            return Judgement("related", score, "the source is not a statement")
        # another actor where the claim's figures are missing too states another thing
        # ('ODMP collaborates with Blue H.E.L.P.' for 'Blue H.E.L.P. recorded 228 … in 2019')
        elsewhere = (
            any(m[:1].isdigit() for m in missing)
            and all(c[0] in ("name", "actor", "number", "year") for c in conflicts)
            # (not the claim's own sentence with a span of its own: 'Partly as a consequence
            # of the protests in 2014, …' for '… of City and FPD priorities, …')
            and not twin(claim, evidence.sentence)
        )
        if score >= CONTRADICTION_THRESHOLD and conflicts and not elsewhere:
            what, said, source = conflicts[0]
            reason = f"{what}: source says {source}, claim says {said}"
            return Judgement("contradicts", score, reason, tuple(conflicts), tuple(missing))
        if not missing and not conflicts:  # naming the document is stating none of it
            missing = () if beyond_title(claim, weights, *read) >= OWN_WORDS else ("its facts",)
        if missing:
            reason = "the source does not state " + ", ".join(missing)
            return Judgement("related", score, reason, tuple(conflicts), tuple(missing))
        if not conflicts:  # a sentence that states it in words of its own
            pair = (similarity, coverage)
            score = max(score, reworded(claim, evidence.sentence, evidence.passage, weights, pair))
        # every figure the claim states was found, and none differs: strong evidence beyond
        # what the words share ("97%", "2%", "1%" in a sentence that says "the Met" in full)
        figures = sum(q.kind != "cited" for q in quantities(claim))
        score += min(FIGURES_BONUS_CAP, FIGURE_BONUS * figures) if not conflicts else 0.0
        own = particular(claim, evidence.sentence, evidence.common, evidence.about)
        if score < (PARTICULAR_THRESHOLD if (own or 0) >= PARTICULAR_WORDS else SUPPORT_THRESHOLD):
            reason = "the source is only loosely related"
            return Judgement("related", score, reason, tuple(conflicts), tuple(missing))
        if own == 0:  # ('officers must … at family harm episodes' for another duty there)
            reason = "the source shares only its document's common words with the claim"
            return Judgement("related", score, reason, tuple(conflicts), tuple(missing))
        return Judgement("supports", score)


def _neighbour(evidence: Evidence, side: str) -> Evidence:
    """The evidence for the sentence on that side of this one, with this one beside it."""
    if side == "after":
        sentence, before, after = evidence.after, evidence.sentence, ""
    else:
        sentence, before, after = evidence.before, "", evidence.sentence
    context = f"{before} {after}".strip()
    return replace(evidence, sentence=sentence, context=context, before=before, after=after)
