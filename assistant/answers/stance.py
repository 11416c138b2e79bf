"""What a sentence asserts, against what a question asks after: what actually happened, not
what was planned or expected; what a study found, not what it hypothesised or argued; what
holds with a thing the question names, not without it; and no sentence that only says the
question's premise again."""

from __future__ import annotations

import re
from functools import lru_cache

from ..search.asked import scene
from ..search.lexical import quoted_phrases
from .quantities import quantities
from .words import content_stems

_ACTUAL = re.compile(r"\b(?:actual|actually|in fact|in reality)\b", re.I)
_EXPECTED = re.compile(
    r"\b(?:anticipated|expected|projected|forecast|predicted|planned|budgeted|estimated) to\b|"
    r"\b(?:aims?|targets?|hopes?|plans?) to\b|\b(?:could|would|might|should)\b",
    re.I,
)
#: a question after what a study found ('What did Nix and Wolfe find?', 'what were the results')
_FINDING = re.compile(
    r"\bwhat (?:did|have|has)\b.{0,80}?\b(?:find|show|reveal|conclude|discover)\b|"
    r"\bwhat (?:were|are|was|is) (?:the |their |its )?(?:main |key )?(?:results?|findings?|"
    r"conclusions?)\b",
    re.I,
)
#: a sentence that states what was expected or argued ('officers will perceive …', 'we
#: hypothesized that …', 'the logic behind this argument was …'), and one that reports a result
_SUPPOSED = re.compile(
    r"\bhypothes[ie][sz]\w*|\b(?:we|they|i|authors?|scholars?)\s+(?:expect|predict|anticipate|"
    r"argue|theori[sz]e)\w*|\b(?:is|are|was|were|be) expected to\b|"
    r"\b(?:will|would|might)\b|(?-i:\bmay\b)(?!\s+\d)|\bargument\b|\blogic\b|"
    r"(?<!more )(?<!less )(?<!most )\blikely\s+(?!to\b|than\b)[a-z]+",
    re.I,
)
_FOUND = re.compile(
    r"\b(?:found|finds?|findings?|results?|show(?:s|ed|n)?|reveal\w*|indicat\w*|associated|"
    r"significant\w*|observed|confirm\w*|supported|evidence|fell|rose|declined|increased|"
    r"decreased|doubled|halved)\b|\d",
    re.I,
)


def unasserted(question: str, sentence: str) -> list[str]:
    """What the question asks after that the sentence only supposes: 'what actually happened'
    ('By how much did it actually rise?' against 'was expected to rise'), 'what was found'
    ('What did they find?' against 'officers will perceive …', 'we hypothesized …')."""
    lacking = []
    actual, finding, denies = _asks(question)
    if actual and _EXPECTED.search(sentence):
        lacking.append("what actually happened")
    if finding and _SUPPOSED.search(sentence) and not _FOUND.search(sentence):
        lacking.append("what was found")
    if not denies:  # 'in states with the law', not 'in states without it'
        asked = content_stems(question)
        for m in _WITHOUT.finditer(sentence):
            if content_stems(m.group(1)) <= asked:
                lacking.append(f"with {m.group(1)}")
    return lacking


@lru_cache(maxsize=1024)
def _asks(question: str) -> tuple[bool, bool, bool]:
    """Does the question ask what actually happened, what was found; does it deny?"""
    return (
        _ACTUAL.search(question) is not None,
        _FINDING.search(question) is not None,
        _DENIES.search(question) is not None,
    )


_WITHOUT = re.compile(r"\bwithout (?:an? |the |any )?((?:[\w-]+ ){0,3}[\w-]+)", re.I)
_DENIES = re.compile(r"\b(?:without|no|not|lacks?|lacking|absent)\b|n['’]t\b", re.I)


#: questions answered by an explanation: a sentence whose one new word is a name or a year
#: answers the others ('The force introduced cameras in 2014 after a pilot.')
_EXPLAINED = ("other", "reason", "definition")


def restates_premise(question: str, answer_type: str, sentence: str) -> bool:
    """Does the sentence say again what the question's premise says, and nothing more ('…
    members are picked by the Sheriff and serve indefinitely. Why …?': 'Members are appointed
    by the Sheriff and serve indefinitely.'), or tell only the act a 'what happened after …'
    question starts from (`_tells_act`)?"""
    if _tells_act(question, sentence):
        return True
    premise = _premise(question) if answer_type in _EXPLAINED else frozenset()
    if not premise:
        return False
    held = content_stems(sentence)
    return len(held - content_stems(question)) < RESTATED and len(held & premise) >= 3


@lru_cache(maxsize=1024)
def _premise(question: str) -> frozenset[str]:
    """The content words of the sentences before the one that asks; none for a quotation to
    place (no question mark, or a phrase in quotation marks)."""
    if not question.rstrip().endswith("?") or quoted_phrases(question):
        return frozenset()
    return content_stems(scene(question))


#: fewer content words of its own than this: the sentence says the premise again
RESTATED = 2


#: 'what happened to him after he was arrested?': the act the question starts from
_HAPPENED_AFTER = re.compile(
    r"\bwhat (?:happened|followed|came)\b[^?]*?\b(?:after|once|following)\s+(?:\w+\s+){1,3}?"
    r"(?:was|were|had been|got)\s+([a-z]{3,}ed)\b",
    re.I,
)
#: what came of the act in the same sentence: '… was arrested and charged', '… led to …'
_WENT_ON = re.compile(
    r"\band\s+(?:was\s+|were\s+|then\s+)?(?!(?:the|a|an|his|her|their|its|other)\b)"
    r"(?-i:[a-z]+)\b|\b(?:led to|resulted in)\b",
    re.I,
)
_LATER = re.compile(
    r"\b(?:after|afterwards|following|since|then|later|subsequently|thereafter|eventually|"
    r"until|once)\b",
    re.I,
)


def _tells_act(question: str, sentence: str) -> bool:
    """Does the sentence tell the act a 'what happened after …' question starts from ('… got
    arrested when he landed in Belgrade'), and nothing that came after it?"""
    m = _HAPPENED_AFTER.search(question)
    if m is None:
        return False
    said = re.search(rf"\b{re.escape(m.group(1))}\b", sentence, re.I)
    if said is None or _LATER.search(sentence):
        return False
    return not _WENT_ON.search(sentence[said.end() :])


def own_work(cited: tuple[float, ...], sentence: str, about: str) -> bool:
    """Does the sentence tell its document's own work ('We obtained survey data from 567
    deputies'), not the earlier one a question cites by its year, unless the document is that
    work (`about`: its bibliographic data) or the sentence names it?"""
    dated = {q.value for q in quantities(f"{about} {sentence}") if q.kind in ("year", "cited")}
    return _OURS.search(sentence) is not None and not set(cited) & dated


_OURS = re.compile(r"\b(?:we|our)\b", re.I)
