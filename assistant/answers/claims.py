"""How a claim's facts compare with a source sentence's: a figure, year, duration or name stated
differently (a conflict, named), figures given to the wrong things, negation, quantifiers and
directions that disagree, another place on a scale, a list or the compass, and facts the source
does not state (a share where it gives a count, a comparison). Clauses: `clauses`; what each
figure is given to: `figures`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from ..search.lexical import STOPWORDS
from . import contraries
from .clauses import (
    cause_reversed,
    comparison_reversed,
    direction_swapped,
    in_span,
    item_swapped,
    magnitude_differs,
    moved_otherwise,
    narrowed_unstated,
    subject_swapped,
    swapped_clauses,
    turned,
)
from .dated import frequency_differs, gap_between, spanned_by_years, time_unstated
from .facts import Name, Profile, name_in, names, profile, spelled_in
from .figures import bound_elsewhere, swapped
from .named import cited_here
from .negation import correction_restated, denial, negated_either, only_widened
from .order import order_differs, sequence_reversed
from .polarity import (
    change_unstated,
    comparison_unstated,
    compass_swapped,
    directions,
    group_replaced,
    groups,
    kinds_swapped,
    narrowing_groups,
    plenty,
    quantifier,
    share_claimed,
)
from .quantities import Quantity, noun_phrase, quantities
from .subjects import abbreviated, actor_swapped, agent_changed, owner_changed, renamed, same_slot
from .words import stem, table_row, words


def _both(claim: str, two: Quantity, sentence: str) -> bool:
    """Does the sentence say 'both (of the) …' the two things the claim counts ('both of the
    New York studies' for 'two New York studies'; not 'both officers and civilians')?"""
    head = words(noun_phrase(claim, two))[-1]
    pattern = rf"\bboth\s+(?:of\s+)?(?:\S+\s+){{0,6}}?{re.escape(stem(head))}\w*\b(?!\s+and\b)"
    return re.search(pattern, sentence, re.I) is not None


@lru_cache(maxsize=512)  # cite judges a sentence twice: could it support, does it
def fact_differences(
    claim: str,
    sentence: str,
    near: Profile,
    about: Profile,
    around: Profile,
    beside: str = "",
    passage: str = "",
) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    """(conflicts: facts the source states differently, missing: facts it does not state).
    `near` is the sentence with its neighbours (`beside`, their text), `about` the document's
    bibliographic data, `around` its passage and section (names may stand anywhere there)."""
    conflicts: list[tuple[str, str, str]] = []
    missing: list[str] = []
    in_sentence = quantities(sentence)
    claimed = quantities(claim)
    for q in claimed:
        matched = [s for s in near.quantities if q.same_as(s)]
        spanned = in_span(q, sentence, in_sentence)  # 2016 within 'from 1970 to 2018'
        dated = next(
            (s for s in in_sentence if q.kind == "year" and q.comparable(s) and not spanned), None
        )
        beside_only = bool(matched) and not any(q.same_as(s) for s in in_sentence)
        if beside_only and dated is not None:
            # the sentence dates its fact otherwise: the year beside it is another event's
            conflicts.append((fact_kind(q), q.text, dated.text))
            continue
        if beside_only:
            # the figure stands beside the sentence, which gives its own of the kind instead
            # ('accounted for 96% …' where it says 92% and the next sentence 96%)
            others = [c for c in claimed if c is not q]
            rivals = [
                s
                for s in in_sentence
                if q.comparable(s) and not any(c.same_as(s) for c in others) and not spanned
            ]
            if rivals:
                conflicts.append((fact_kind(q), q.text, rivals[0].text))
                continue
        if matched:
            exchanged = swapped(claim, q, sentence, matched, in_sentence) or swapped_clauses(
                claim, q, sentence, in_sentence
            )
            if exchanged is not None:
                conflicts.append(("figures swapped", q.text, exchanged))
            bound = bound_elsewhere(claim, q, sentence, in_sentence)
            if bound is not None:
                conflicts.append(("what the figure is for", *bound))
            side = turned(claim, q, sentence, in_sentence) or turned(
                claim, q, beside, quantities(beside)
            )  # the figure's side where it stands, as the figure counts where it stands
            if side is not None:
                conflicts.append(("direction", *side))
            continue
        if q.kind == "year" and any(q.same_as(s) for s in about.quantities):
            continue
        if q.kind == "cited" and cited_here(claim, q, passage):
            continue  # the work is named in the passage ('Matusiak (2019)'), if not beside it
        if spanned_by_years(q, claim, near.quantities):
            continue
        if gap_between(q, claim, near.quantities) and not any(q.comparable(s) for s in in_sentence):
            continue  # 'four years later', from 1834 to 1838
        rival = next((s for s in in_sentence if q.comparable(s) and not spanned), None)
        if rival is not None:
            conflicts.append((fact_kind(q), q.text, rival.text))
        elif not (q.kind == "count" and q.value == 2 and _both(claim, q, sentence)):
            missing.append(q.text)  # ('both studies' states 'two studies')
    where = near | about | around
    claim_parts = {p for n in names(claim) for p in n.parts}
    claim_profile = profile(claim)
    own = profile(sentence)
    for name in names(claim):
        if name_in(name, own | about) or abbreviated(name, claim, sentence):
            continue
        other = [  # not the claim's own words as an acronym ('CAC', 'BWC')
            n
            for n in names(sentence)
            if not set(n.parts) & claim_parts and not spelled_in(n, claim_profile)
        ]
        acronym = next((n for n in other if _acronym(n) and _acronym(name)), None)
        # or it puts another name where the claim has its own ('… or Bexley boroughs')
        slot = next((n for n in other if same_slot(name, n, claim, sentence)), None)
        if acronym is not None:  # the sentence says ROLG where the claim says POLG
            conflicts.append(("name", name.text, acronym.text))
        elif slot is not None:
            conflicts.append(("name", name.text, slot.text))
        elif changed := renamed(name, sentence, claim_profile, own):  # Kazakhstan/Kyrgyz
            conflicts.append(("name", *changed))
        elif swap := actor_swapped(name, claim, sentence, near | about):  # though the
            conflicts.append(("actor", name.text, swap))  # claim's may stand around it
        elif _in_another_row(name, sentence, passage):  # a table's row: its own record
            nearest = min(other, key=lambda n: len(n.parts)).text if other else "another row"
            conflicts.append(("name", name.text, nearest))
        elif name_in(name, where):  # a name may stand anywhere around: "US" for a US survey
            continue
        elif other:
            conflicts.append(("name", name.text, other[0].text))
        else:
            missing.append(name.text)
    denied, denies = denial(claim, sentence), denial(sentence, claim)
    if (
        denied % 2 != denies % 2 or negated_either(claim, sentence, denied, denies)
    ) and not correction_restated(claim, sentence):  # 'not X but rather Y': 'less X than Y'
        conflicts.append(("negation", _negated(denied, denies), _negated(denies, denied)))
    # 'all' / 'some', 'the majority' / 'a small percentage', 'many' / 'only a few'
    for scope in (quantifier, share_claimed, plenty):
        said, stated = scope(claim), scope(sentence)
        if said and stated and said != stated:
            conflicts.append(("quantifier", said, stated))
    if comparison_unstated(claim, f"{sentence} {beside}") and not correction_restated(
        claim, sentence
    ):  # 'more … than' against no 'than'
        missing.append("the comparison")
    missing += time_unstated(claim, f"{sentence} {beside} {passage}")  # "before the shift ends"
    missing += change_unstated(claim, f"{sentence} {beside}")  # 'the largest fall': 'the most'
    ranked = _RANK_CLAIMED.search(claim)  # 'ranked as the top priority': a rank is stated
    if ranked and not _RANK_STATED.search(f"{sentence} {beside}"):
        missing.append(ranked.group(0))
    # the group of people the claim narrows its population to ('female officers') is named
    named = groups(f"{sentence} {beside} {passage}")
    narrowed = narrowing_groups(claim) & _SEX_AND_RACE  # (the young have many names)
    missing += [f"{group} people" for group in narrowed if group not in named]
    missing += narrowed_unstated(claim, f"{sentence} {beside}")  # 'officers who had been …'
    for kind, check in _PAIRED:  # each gives (as the claim says it, as the source does)
        found = check(claim, sentence)
        if found is not None:
            conflicts.append((kind, *found))
    kinds = kinds_swapped(claim, sentence, passage)  # 'warrior' where it says 'guardian'
    if kinds is not None:
        conflicts.append(("kind", *kinds))
    elif (swapped_in := contraries.phrase_from_passage(claim, sentence, passage)) is not None:
        conflicts.append(("word", *swapped_in))  # "the predominant aggressor" for "primary victim"
    ways, source_ways = directions(claim), directions(sentence)
    if ways and source_ways and not ways & source_ways:
        conflicts.append(("direction", "/".join(sorted(ways)), "/".join(sorted(source_ways))))
    measure = _MEASURE.search(claim)
    counted = not _SHARE.search(sentence) and not any(q.kind == "percent" for q in in_sentence)
    if measure and counted and not _CHANCE.search(sentence):  # a share, where it gives a count
        missing.append(measure.group(0))
    return tuple(conflicts), tuple(missing)


def _in_another_row(name: Name, sentence: str, passage: str) -> bool:
    """Is the sentence a table's row ('14th; 4–5 December 2006; Brussels; Belgium; …') and
    the name in another row of its passage (Madrid, a row below)?"""
    if not table_row(sentence):
        return False
    rows = (p for p in passage.split("\n\n") if table_row(p) and sentence not in p)
    return any(name.text in row for row in rows)


#: a rank a claim gives a thing among others, which the source must state too
_RANK_CLAIMED = re.compile(
    r"\b(?:top|highest|foremost|leading|main|primary|biggest|greatest|largest) (?:priority|"
    r"priorities|concern|threat|cause|focus|problem|risk)\b|\branked (?:as )?(?:the )?"
    r"(?:first|top|highest|second|third|last|lowest)\b",
    re.I,
)
_RANK_STATED = re.compile(
    r"\b(?:top|highest|lowest|foremost|leading|main|primary|biggest|greatest|largest|first|"
    r"most|least|rank\w*|dominant|chief|principal)\b",
    re.I,
)
#: a share or a rate, which a count does not state ('the highest proportion of searches
#: ending in arrest' against 'the most searches')
_MEASURE = re.compile(
    r"\b(proportions?|shares?|percentages?|rates?|ratios?|per ?cent|likelihood|odds)\b", re.I
)
#: which a source may state as a risk or a chance ('lower the odds of being shot': the risk)
_CHANCE = re.compile(rf"{_MEASURE.pattern}|\b(risks?|chances?|probabilit\w+|likely)\b", re.I)
_SMALL_NUMBERS = "one|two|three|four|five|six|seven|eight|nine|ten|\\d+"
_SHARE = re.compile(
    rf"\b(majority|minority|most of|many|several|some|few|half|quarter|third|fraction|"
    rf"(?:{_SMALL_NUMBERS}) in (?:every )?"
    rf"(?:{_SMALL_NUMBERS}))\b",
    re.I,
)
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_RANKED = re.compile(
    r"\b(?:(" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))[\s-]+)?(largest|biggest|"
    r"greatest|highest|lowest|smallest|oldest|newest|longest|shortest|strongest|weakest|"
    r"richest|poorest|busiest|deadliest|safest|most common|least common|best|worst)\b",
    re.I,
)


def _ranks(text: str) -> dict[str, dict[int, str]]:
    """Each superlative a text states, with the places it gives ('third largest': 3, 'the
    largest': 1) and the words as written."""
    found: dict[str, dict[int, str]] = {}
    for m in _RANKED.finditer(text):
        said = (m.group(1) or "").lower()
        place = _ORDINALS.index(said) + 1 if said in _ORDINALS else int(said[:-2]) if said else 1
        found.setdefault(m.group(2).lower(), {})[place] = m.group(0)
    return found


def _rank_differs(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim puts a thing at another place of the same scale
    ('the second largest business' against 'the third largest')."""
    stated = _ranks(sentence)
    for scale, places in _ranks(claim).items():
        theirs = stated.get(scale, {})
        for place, said in places.items():
            if theirs and place not in theirs:
                return said, next(iter(theirs.values()))
    return None


#: ranks and offices, a closed class: a claim that gives the act to another of them than its
#: source does names another actor ("a superintendent decides" where an inspector does)
ROLES = frozenset(
    "constable sergeant inspector superintendent commissioner commander lieutenant captain "
    "detective sheriff deputy chief mayor minister prosecutor judge magistrate governor "
    "president analyst supervisor coordinator director manager administrator".split()
)


def _word_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where both set two words against each other ('an aggressive or a
    passive individual') and the claim then puts one after a content word that the source
    follows by the other ('… looked passive' against '… looked aggressive')."""
    named = _alternatives(claim) & _alternatives(sentence)
    if not named:
        return None
    mine, theirs = _pairs(claim), _pairs(sentence)
    for (before, word), said in mine.items():
        for (other_before, other), stated in theirs.items():
            if (before, word) in theirs or (other_before, other) in mine:
                continue
            if other_before == before and frozenset({word, other}) in named:
                joined = rf"{re.escape(said)}\s+(?:or|and)\s+{re.escape(stated.split()[-1])}"
                if re.search(joined, claim, re.I):  # 'dangerous places or people' against
                    continue  # 'dangerous people or places': the same two, in another order
                return said, stated
    return None


_ALTERNATIVES = re.compile(
    r"\b([A-Za-z][\w-]+)[\"”’']?\s+(?:or|versus|vs\.?)\s+(?:an?\s+|the\s+)?[\"“‘']?([A-Za-z][\w-]+)"
)


def _alternatives(text: str) -> set[frozenset[str]]:
    """Pairs of words a text sets against each other ('an aggressive or a passive …'), by
    stem."""
    return {frozenset({stem(a), stem(b)}) for a, b in _ALTERNATIVES.findall(text) if a != b}


def _pairs(text: str) -> dict[tuple[str, str], str]:
    """Each content word with the content word right after it, within clauses: (stems) →
    the two words as written."""
    found: dict[tuple[str, str], str] = {}
    for clause in re.split(r"[,;:()“”\"]", text):
        kept = [w for w in words(clause) if w not in STOPWORDS]
        for a, b in pairwise(kept):
            found.setdefault((stem(a), stem(b)), f"{a} {b}")
    return found


def _role_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(the claim's role, the source's) when the claim names a rank or office the sentence
    does not, and the sentence one the claim does not."""
    said, stated = _roles(claim), _roles(sentence)
    new = sorted(role for role in said if role not in stated)
    other = sorted(role for role in stated if role not in said)
    return (said[new[0]], stated[other[0]]) if new and other else None


def _roles(text: str) -> dict[str, str]:
    """The ranks and offices a text names, each with the word as written ('inspectors')."""
    return {w.removesuffix("s"): w for w in words(text) if w.removesuffix("s") in ROLES}


def fact_kind(quantity: Quantity) -> str:
    kinds = {
        "year": "year",
        "percent": "figure",
        "money": "amount",
        "duration": "duration",
        "frequency": "frequency",
        "factor": "magnitude",
    }
    return kinds.get(quantity.kind, "number")


def _negated(count: int, other: int) -> str:
    """Which way a text says it, from its denials ('untested' among them) and the other's."""
    return "negative" if count % 2 or (count and not other) else "affirmative"


def _acronym(name: Name) -> bool:
    """Written as an acronym ('POLG', 'ROLGs') rather than in words."""
    return re.fullmatch(r"[A-Z][A-Z&]{1,7}s?", name.text) is not None


_SEX_AND_RACE = frozenset({"male", "female", "black", "white"})
#: the checks that compare a claim with a sentence as wholes, and the kind of fact each names
_PAIRED: tuple[tuple[str, Callable[[str, str], tuple[str, str] | None]], ...] = (
    ("word", _word_swapped),
    ("comparison", comparison_reversed),
    ("cause", cause_reversed),
    ("role", _role_swapped),
    ("group", group_replaced),
    ("rank", _rank_differs),
    ("quantifier", only_widened),  # 'in all cases' for 'only in serious cases'
    ("direction", direction_swapped),
    ("direction", contraries.direction_exchanged),
    ("order", order_differs),
    ("order", sequence_reversed),
    ("place", compass_swapped),
    ("actor", agent_changed),
    ("actor", owner_changed),
    ("number", magnitude_differs),
    ("direction", moved_otherwise),
    ("frequency", frequency_differs),
    ("list", item_swapped),
    ("word", contraries.contrary_swapped),
    ("actor", subject_swapped),
    ("order", contraries.parts_exchanged),
    ("word", contraries.compound_exchanged),
    ("word", contraries.phrase_exchanged),  # last: the kinds above name what changed more exactly
)
