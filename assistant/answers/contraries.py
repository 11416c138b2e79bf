"""Words of one scale or kind whose exchange changes a fact: 'a quantitative analysis' where
the source says 'a qualitative analysis', 'the same in every area' where it says 'will vary'
(up and down along a scale are `polarity.directions`')."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from ..search.lexical import STOPWORDS
from .negation import negations
from .polarity import directions
from .quantities import quantities
from .words import stem, words

#: at most this many words on either side of an exchange of directions
_EXCHANGED = 3
#: and at least this many words of the claim aligned with the source's, around it
_ALIGNED = 6

#: words of one scale or kind whose exchange changes the fact ('a qualitative analysis' made
#: 'a quantitative analysis'; 'a longer-term look' made 'a short-term look'; a kind may have
#: more than two sides); up and down along a scale are `directions`'
_CONTRARIES = (
    ("qualitative", "quantitative"),
    ("long longer longest", "short shorter shortest"),
    ("high", "low"),
    ("early earlier earliest", "late later latest"),
    ("internal", "external"),
    ("formal formally", "informal informally"),
    ("public publicly", "private privately"),
    ("direct directly", "indirect indirectly"),
    ("urban", "rural"),
    ("permanent permanently", "temporary temporarily"),
    ("voluntary voluntarily", "mandatory compulsory obligatory"),
    ("proactive proactively", "reactive reactively"),
    ("minimum", "maximum"),
    ("strong strongly stronger strongest", "weak weakly weaker weakest"),
    ("strategic strategically", "operational operationally", "tactical tactically"),
    ("same identical", "vary varies varied different differ differs"),
    ("successful successfully", "unsuccessful unsuccessfully"),
    ("include includes included", "exclude excludes excluded"),
    ("accept accepts accepted", "reject rejects rejected"),
    ("simple", "complex"),
    ("rigid rigidity rigidly", "flexible flexibility flexibly"),
    ("major", "minor"),
    ("legal lawful", "illegal unlawful"),
    ("domestic", "foreign"),
    ("centralised centralized", "decentralised decentralized"),
    ("online", "offline"),
    ("intentional intentionally deliberate", "unintentional accidental accidentally"),
)
_SIDES = {  # by the word as written, lower-cased ('operational', not 'oper' of 'co-operation')
    w: (k, side)
    for k, pair in enumerate(_CONTRARIES)
    for side, forms in enumerate(pair)
    for w in forms.split()
}


def contrary_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim puts a word in the place of its contrary, next to the
    same word ('… by conducting a quantitative analysis' against '… a qualitative analysis'),
    and neither text names the other's side."""
    in_claim, in_sentence = {w.lower() for w in words(claim)}, {w.lower() for w in words(sentence)}
    sides_claimed = {_SIDES[s] for s in in_claim if s in _SIDES}
    sides_stated = {_SIDES[s] for s in in_sentence if s in _SIDES}
    stated = _in_context(sentence)
    for word, before, after, written, next_word in _in_context(claim):
        if word not in _SIDES:
            continue
        k, side = _SIDES[word]
        if (k, side) in sides_stated:
            continue
        for other, other_before, other_after, there, _ in stated:
            found = _SIDES.get(other)
            if found is None or found[0] != k or found == (k, side) or found in sides_claimed:
                continue
            if after and other_after == after:  # 'a qualitative analysis'
                return f"{written} {next_word}", f"{there} {next_word}"
            if before and other_before == before:  # 'the response will vary'
                return written, there
    return None


def _in_context(text: str) -> list[tuple[str, str, str, str, str]]:
    """Each word of a text (lower-cased) with the content words before and after it in its clause
    (stems; '' at its ends), the word as written and the content word after it."""
    found = []
    for clause in re.split(r"[,;:()“”\"]", text):
        said = words(clause)
        kept = [i for i, w in enumerate(said) if w.lower() not in STOPWORDS]
        for i, w in enumerate(said):
            before = next((stem(said[j]) for j in reversed(kept) if j < i), "")
            after = next((said[j] for j in kept if j > i), "")
            found.append((w.lower(), before, stem(after) if after else "", w, after))
    return found


@lru_cache(maxsize=1024)
def _aligned(claim: str, sentence: str) -> list[tuple[Any, int, int, int, int]]:
    """The claim's words aligned with the source's, by stem (difflib's opcodes)."""
    mine, theirs = ([stem(w.lower()) for w in words(t)] for t in (claim, sentence))
    return SequenceMatcher(a=mine, b=theirs, autojunk=False).get_opcodes()


def direction_exchanged(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim, read word by word beside the source, puts a word that
    points one way where the source's points the other, between the same words ('… them and
    were less afraid of false accusations' against '… them and more fearful of being falsely
    accused'): the words around it agree, so the two speak of the same thing."""
    mine, theirs = [w.lower() for w in words(claim)], [w.lower() for w in words(sentence)]
    ops = _aligned(claim, sentence)
    if sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal") < _ALIGNED:
        return None
    for k in range(1, len(ops) - 1):
        op, i1, i2, j1, j2 = ops[k]
        if op != "replace" or max(i2 - i1, j2 - j1) > _EXCHANGED:
            continue
        if ops[k - 1][0] != "equal" or ops[k + 1][0] != "equal":
            continue
        said, stated = " ".join(mine[i1:i2]), " ".join(theirs[j1:j2])
        if negations(f"{said} {stated}"):
            continue  # 'not more', 'no less': the negation is weighed apart
        ways, source_ways = directions(said), directions(stated)
        if len(ways) == 1 and len(source_ways) == 1 and ways != source_ways:
            return said, stated
    return None


#: a claim that copies this share of its words from the source, in order, is the source's
#: sentence with a part exchanged
_COPIED = 0.6


def _one_phrase(claim: str, sentence: str, aside: bool) -> tuple[list[str], list[str]] | None:
    """(the claim's words, the source's) where the claim copies the source's sentence word for
    word but for one phrase of two or more content words that shares none with the phrase the
    source has in its place, neither with a figure in it (the figures are weighed apart: '9 in
    10' for '90%'). What opens or ends either text may differ ('According to the guidebook,
    …'); with `aside`, the claim's own opening does not count against the share it copies."""
    mine, theirs = [w.lower() for w in words(claim)], [w.lower() for w in words(sentence)]
    ops = SequenceMatcher(a=mine, b=theirs, autojunk=False).get_opcodes()
    opening = ops[0][2] if aside and ops and ops[0][0] != "equal" else 0
    copied = sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal")
    if copied < _COPIED * max(1, len(mine) - opening):
        return None
    changed = [op for op in ops[1:-1] if op[0] != "equal"]
    if len(changed) != 1 or changed[0][0] != "replace":
        return None
    _, i1, i2, j1, j2 = changed[0]
    said, stated = mine[i1:i2], theirs[j1:j2]
    if quantities(" ".join(said + stated)):
        return None
    said_stems, stated_stems = _content(said), _content(stated)
    if min(len(said_stems), len(stated_stems)) < 2 or said_stems & stated_stems:
        return None
    return said, stated


def phrase_exchanged(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim copies the source's sentence but for one phrase (see
    `_one_phrase`), one side of three content words or more ('… and training front-line
    patrol officers within …' against '… and training high- and middle-level leadership and
    management within …'). (Two words for two may name the same in other words: 'young
    people', 'adolescents living'.)"""
    found = _one_phrase(claim, sentence, aside=False)
    if found is None:
        return None
    said, stated = found
    if max(len(_content(said)), len(_content(stated))) < 3:
        return None
    return " ".join(said), " ".join(stated)


def _content(part: list[str]) -> set[str]:
    return {stem(w) for w in part if w not in STOPWORDS}


#: what may stand between two things whose order does not matter ('officers and citizens',
#: 'fraud is the largest market' and 'the largest market is fraud')
_SYMMETRIC = frozenset("and or nor as well both either the a an also is are was were".split())


def parts_exchanged(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim is the source's sentence with two of its parts put in
    each other's place ('… of procedural justice but distributive justice exerts the
    strongest …' against '… of distributive justice but procedural justice exerts …'; 'B was
    shot and, shortly after, A was killed' against 'A was killed and, shortly after, B was
    shot'), what stands between them more than an 'and' or an 'or', so that the order
    speaks (an opening or an end of the claim's own aside)."""
    said = [w.lower() for w in words(claim)]
    mine, theirs = [stem(w) for w in said], [stem(w.lower()) for w in words(sentence)]
    equal = [op for op in _aligned(claim, sentence) if op[0] == "equal"]
    if not equal:
        return None
    starts = {(0, 0), (equal[0][1], equal[0][3])}
    ends = {(len(mine), len(theirs)), (equal[-1][2], equal[-1][4])}
    for i0, j0 in starts:
        for i1, j1 in ends:
            found = _exchanged(mine[i0:i1], theirs[j0:j1])
            if found is not None:
                at, x, y, n = found  # the claim's words at + [0, y) and at + [n - x, n)
                first, last = said[i0 + at : i0 + at + y], said[i0 + at + n - x : i0 + at + n]
                return (
                    f"{_short(first)} then {_short(last)}",
                    f"{_short(last)} then {_short(first)}",
                )
    return None


def _short(part: list[str]) -> str:
    return " ".join(part[:4]) + (" …" if len(part) > 4 else "")


def _exchanged(mine: list[str], theirs: list[str]) -> tuple[int, int, int, int] | None:
    """(where the exchange starts, the length of its first part in the source, of its last,
    its length) where `mine` is `theirs` with two parts exchanged around the same middle,
    after what they share at either end."""
    at = 0
    while at < min(len(mine), len(theirs)) and mine[at] == theirs[at]:
        at += 1
    mine, theirs = mine[at:], theirs[at:]
    while mine and theirs and mine[-1] == theirs[-1]:
        mine, theirs = mine[:-1], theirs[:-1]
    n = len(mine)
    if n != len(theirs) or n < 3 or sorted(mine) != sorted(theirs):
        return None
    for x in range(1, n - 1):  # theirs = X + M + Y, mine = Y + M + X
        for y in range(1, n - x):
            first, middle, last = theirs[:x], theirs[x : n - y], theirs[n - y :]
            if mine != last + middle + first or not middle or set(middle) <= _SYMMETRIC:
                continue
            if any(w not in STOPWORDS for w in first) and any(w not in STOPWORDS for w in last):
                return at, x, y, n
    return None


def compound_exchanged(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim, read word by word beside the source, puts another doer
    in a compound that names who does a thing ('officer-defined' against 'self-defined',
    'self-reported' against 'officer-reported'): one of them is the person's own doing.
    ('mixed-gender' for 'multiple-gender' says the same: only 'self' is known to differ.)"""
    mine, theirs = [w.lower() for w in words(claim)], [w.lower() for w in words(sentence)]
    ops = _aligned(claim, sentence)
    if sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal") < _ALIGNED:
        return None
    for op, i1, i2, j1, j2 in ops:
        if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1 or i2 >= len(mine):
            continue
        said, stated, head = mine[i1], theirs[j1], mine[i2]
        if j2 >= len(theirs) or theirs[j2] != head or "self" not in (said, stated):
            continue
        if all(
            re.search(rf"\b{re.escape(first)}[-‐‑]{re.escape(head)}\b", text, re.I)
            for first, text in ((said, claim), (stated, sentence))
        ):
            return f"{said}-{head}", f"{stated}-{head}"
    return None


def phrase_from_passage(claim: str, sentence: str, passage: str) -> tuple[str, str] | None:
    """(claim, source) where the claim copies the source's sentence (its opening aside) but for
    one short phrase (see `_one_phrase`), and puts there another phrase that its passage names
    apart ('… the time the predominant aggressor opens up' where the sentence says 'the
    primary victim' and the passage speaks of both): a thing the document tells apart from the
    source's, not the same in other words."""
    found = _one_phrase(claim, sentence, aside=True)
    if found is None or max(len(part) for part in found) > _EXCHANGED:
        return None
    said, stated = found
    elsewhere = " ".join(w.lower() for w in words(passage.replace(sentence, " ")))
    if not re.search(rf"\b{re.escape(' '.join(said))}\b", elsewhere):
        return None
    return " ".join(said), " ".join(stated)
