"""Words of one scale or kind whose exchange changes a fact: 'a quantitative analysis' where
the source says 'a qualitative analysis', 'the same in every area' where it says 'will vary'
(up and down along a scale are `polarity.directions`')."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

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


def direction_exchanged(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim, read word by word beside the source, puts a word that
    points one way where the source's points the other, between the same words ('… them and
    were less afraid of false accusations' against '… them and more fearful of being falsely
    accused'): the words around it agree, so the two speak of the same thing."""
    mine, theirs = [w.lower() for w in words(claim)], [w.lower() for w in words(sentence)]
    matcher = SequenceMatcher(
        a=[stem(w) for w in mine], b=[stem(w) for w in theirs], autojunk=False
    )
    ops = matcher.get_opcodes()
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


def phrase_exchanged(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim copies the source's sentence word for word (its opening
    and its end aside) but for one phrase of content words that shares none with the phrase
    the source has in its place, one of them three words or more ('… and training
    front-line patrol officers within …' against '… and training high- and middle-level
    leadership and management within …')."""
    mine, theirs = [w.lower() for w in words(claim)], [w.lower() for w in words(sentence)]
    ops = SequenceMatcher(a=mine, b=theirs, autojunk=False).get_opcodes()
    if sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal") < _COPIED * len(mine):
        return None
    # (what opens or ends either text may differ: 'According to the guidebook, …')
    changed = [op for op in ops[1:-1] if op[0] != "equal"]
    if len(changed) != 1 or changed[0][0] != "replace":
        return None
    _, i1, i2, j1, j2 = changed[0]
    if quantities(" ".join(mine[i1:i2] + theirs[j1:j2])):
        return None  # a figure in it ('9 in 10' for '90%'): the figures are weighed apart
    said = {stem(w) for w in mine[i1:i2] if w not in STOPWORDS}
    stated = {stem(w) for w in theirs[j1:j2] if w not in STOPWORDS}
    # (two words for two may name the same in other words: 'young people', 'adolescents
    # living'; one side of three or more words names another thing)
    if min(len(said), len(stated)) < 2 or max(len(said), len(stated)) < 3 or said & stated:
        return None
    return " ".join(mine[i1:i2]), " ".join(theirs[j1:j2])
