"""Which way a sentence points: negations, the scope it claims (all or some) and the
direction it gives along a scale (more or less, up or down)."""

from __future__ import annotations

import re

from .words import words

_NEGATION = re.compile(
    r"\b(not|no|never|none|neither|nor|without|cannot|nobody|nothing|nowhere|lack(?:s|ed|ing)?|"
    r"fail(?:s|ed|ure)? to|absence of)\b|n['’]t\b|\bnon-(?=\w)",
    re.I,
)
#: (not 'of all': 'half of all searches' is a share of them)
_UNIVERSAL = re.compile(
    r"(?<!\bof )\b(all|every|each|always|entire|whole|any|universal(?:ly)?)\b", re.I
)
_PARTIAL = re.compile(
    r"\b(some|several|a few|few|many|most|majority|minority|part|partly|partially|"
    r"sometimes|often|rarely|seldom|not all|only some|certain|only (?:one|two|a few|a handful|"
    r"a minority))\b",
    re.I,
)
#: word stems that point one way or the other along a scale, by family
_DIRECTIONS = {
    "up": (
        "increas",
        "rise",
        "rose",
        "risen",
        "grow",
        "grew",
        "grown",
        "higher",
        "greater",
        "more",
        "rais",
        "gain",
        "improv",
        "strengthen",
        "expand",
        "boost",
        "doubl",
        "larger",
        "exceed",
        "above",
        "posit",
        "benefit",
        "help",
        "enhanc",
    ),
    "down": (
        "decreas",
        "fall",
        "fell",
        "fallen",
        "declin",
        "lower",
        "smaller",
        "less",
        "fewer",
        "reduc",
        "drop",
        "cut",
        "loss",
        "lost",
        "worsen",
        "weaken",
        "shrink",
        "shrank",
        "halv",
        "below",
        "negat",
        "harm",
        "damag",
        "detriment",
        "undermin",
    ),
}


#: a bound, not a negation: 'no fewer than 45' is at least 45, 'not more than 45' at most
_BOUND = r"\b(?:no|not) (?:fewer|less|more|later|earlier) than\b"


def negations(text: str) -> int:
    """Negations in a text: "not all" (a quantifier), "not only … but also" and "no fewer
    than 45" (a bound: at least 45) are none."""
    text = re.sub(_BOUND, "", text, flags=re.I)
    return len(_NEGATION.findall(re.sub(r"\bnot (all|every|always|only)\b", "", text, flags=re.I)))


def quantifier(text: str) -> str:
    """'universal', 'partial' or '' — the scope a sentence claims ('some, but not all' is
    partial however many 'all's it holds)."""
    if re.search(r"\bnot (all|every|always)\b|\bbut not all\b", text, re.I):
        return "partial"
    if _PARTIAL.search(text):
        return "partial"
    return "universal" if _UNIVERSAL.search(text) else ""


def directions(text: str) -> set[str]:
    found = set()
    for word in words(text):
        for way, prefixes in _DIRECTIONS.items():
            if word.startswith(prefixes):
                found.add(way)
    return found


#: groups of people that a claim may put in each other's place ('women are more likely …'
#: made 'men are more likely …'): the words for each, and each group's opposite
_GROUPS = {
    "male": r"\b(?:men|man|males?|boys?|fathers?)\b",
    "female": r"\b(?:women|woman|females?|girls?|mothers?)\b",
    "black": r"\b(?:black|african[ -]americans?)\b",
    "white": r"\bwhites?\b",
    "victim": r"\bvictims?\b",
    "offender": r"\b(?:offenders?|perpetrators?)\b",
}
_OPPOSITE = {"male": "female", "female": "male", "black": "white", "white": "black"}
_OPPOSITE |= {"victim": "offender", "offender": "victim"}


def group_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim names a group of people and the source, not naming it
    in any of its words ('female suspects' for women), names its opposite ('men' for 'women',
    'white' for 'Black')."""
    said, stated = _groups(claim), _groups(sentence)
    for group, other in _OPPOSITE.items():
        if group in said and other not in said and other in stated and group not in stated:
            return said[group], stated[other]
    return None


def _groups(text: str) -> dict[str, str]:
    """The groups of people a text names, each with its word as written (lower case)."""
    found = {}
    for group, pattern in _GROUPS.items():
        m = re.search(pattern, text, re.I)
        if m:
            found[group] = m.group(0).lower()
    return found
