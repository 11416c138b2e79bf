"""How a claim's facts compare with a source sentence's: a figure, year, duration or name stated
differently (a conflict, named), figures given to the wrong things (swapped), negation,
quantifiers and directions that disagree, and facts the source does not state at all."""

from __future__ import annotations

from .facts import Profile, directions, name_in, names, negations, quantifier
from .quantities import Quantity, quantities
from .words import content_stems, words


def fact_differences(
    claim: str, sentence: str, near: Profile, about: Profile, around: Profile
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(conflicts: facts the source states differently, missing: facts it does not state).
    `near` is the sentence with its neighbours, `about` the document's bibliographic data,
    `around` its passage and section (names may stand anywhere there)."""
    conflicts: list[tuple[str, str, str]] = []
    missing: list[str] = []
    in_sentence = quantities(sentence)
    for q in quantities(claim):
        matched = [s for s in near.quantities if q.same_as(s)]
        if matched:
            swapped = _swapped(claim, q, sentence, matched, in_sentence)
            if swapped is not None:
                conflicts.append(("figures swapped", q.text, swapped))
            continue
        if q.kind == "year" and any(q.same_as(s) for s in about.quantities):
            continue
        rival = next((s for s in in_sentence if q.comparable(s)), None)
        if rival is not None:
            conflicts.append((fact_kind(q), q.text, rival.text))
        else:
            missing.append(q.text)
    where = near | about | around
    claim_parts = {p for n in names(claim) for p in n.parts}
    for name in names(claim):
        if name_in(name, where):  # a name may stand anywhere around: "US" for a US survey
            continue
        other = [n for n in names(sentence) if not set(n.parts) & claim_parts]
        if other:
            conflicts.append(("name", name.text, other[0].text))
        else:
            missing.append(name.text)
    if negations(claim) % 2 != negations(sentence) % 2:
        conflicts.append(("negation", _negated(claim), _negated(sentence)))
    said, stated = quantifier(claim), quantifier(sentence)
    if said and stated and said != stated:
        conflicts.append(("quantifier", said, stated))
    ways, source_ways = directions(claim), directions(sentence)
    if ways and source_ways and not ways & source_ways:
        conflicts.append(("direction", "/".join(sorted(ways)), "/".join(sorted(source_ways))))
    return conflicts, missing


def _anchor(text: str, quantity: Quantity) -> frozenset[str]:
    """The content words just before a figure, which say what it measures ('white (89%)')."""
    before = text[max(0, quantity.start - 40) : quantity.start]
    return frozenset(list(content_stems(" ".join(words(before)[-3:]))))


def _swapped(
    claim: str, q: Quantity, sentence: str, matched: list[Quantity], stated: tuple[Quantity, ...]
) -> str | None:
    """The source's figure for what the claim's figure measures, when the claim gives that
    figure to something else ('white (94%), male (89%)' against 'white (89%), male (94%)')."""
    mine = _anchor(claim, q)
    if not mine or any(_anchor(sentence, s) & mine for s in matched if s in stated):
        return None
    for other in stated:
        if other.kind == q.kind and not other.same_as(q) and _anchor(sentence, other) & mine:
            return f"{other.text} for {' '.join(sorted(_anchor(sentence, other) & mine))}"
    return None


def fact_kind(quantity: Quantity) -> str:
    kinds = {"year": "year", "percent": "figure", "money": "amount", "duration": "duration"}
    return kinds.get(quantity.kind, "number")


def _negated(text: str) -> str:
    return "negative" if negations(text) % 2 else "affirmative"
