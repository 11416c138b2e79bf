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


#: a bound, not a negation: 'no fewer than 45' is at least 45 (also when 'than 45' was cut off)
_BOUND = r"\b(?:no|not) (?:fewer|less|later|earlier)\b(?: than\b)?|\b(?:no|not) more than\b"


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
#: made 'men are more likely …'): each word with its opposite
_OPPOSED = (
    ("men", "women"),
    ("man", "woman"),
    ("male", "female"),
    ("males", "females"),
    ("boys", "girls"),
    ("fathers", "mothers"),
    ("black", "white"),
    ("victims", "offenders"),
    ("victim", "offender"),
)


def group_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim names a group of people and the source, not naming it,
    names its opposite ('men' for 'women', 'white' for 'Black')."""
    said, stated = set(words(claim)), set(words(sentence))
    for one, other in _OPPOSED:
        for mine, theirs in ((one, other), (other, one)):
            if mine in said and theirs not in said and theirs in stated and mine not in stated:
                return mine, theirs
    return None
