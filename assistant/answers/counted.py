"""What a figure counts: the noun a question counts ('how many officers') or takes a share of
('what percentage of stops'), and whether the number of a sentence counts it."""

from __future__ import annotations

import re
from functools import lru_cache

from ..search.lexical import STOPWORDS
from .quantities import Quantity
from .words import content_stems, stem, words

PHRASE_TOKENS = 6  # words after a number that may still be its noun phrase
DESCRIBED_BY = 10  # words after a number that may describe what it counts


#: plurals without an s
_IRREGULAR_PLURALS = frozenset("women men children people".split())
_PLURALS = _IRREGULAR_PLURALS | frozenset("police staff personnel cattle".split())


@lru_cache(maxsize=4096)
def counted_noun(question: str) -> str:
    """The stem of the noun 'how many' counts: the first plural in -s of the few words after it
    ('how many police officers' counts officers, not police), else one without ('how many
    people'); "" if none is plain."""
    return _plural_after(r"\bhow many\b", question)


@lru_cache(maxsize=4096)
def share_noun(question: str) -> frozenset[str]:
    """The stems of the noun a share is of ('what percentage of police safety orders' →
    order; of 'stop-and-searches' → stop, search), as `counted_noun`; none if none is plain."""
    m = re.search(
        r"\b(?:percentage|percent|proportion|share|fraction|portion)\s+of\s+", question, re.I
    )
    if not m:
        return frozenset()
    for token in question[m.end() :].split()[:6]:
        word = token.strip(".,;:?!()'\"‘’“”").lower()
        if word in _ENDS_NOUN:  # 'what share of family violence in …', 'of that did …'
            break
        if word.endswith(("'s", "’s")):
            continue
        if _regular_plural(word) or word in _IRREGULAR_PLURALS:  # 'of pregnant women'
            return frozenset(content_stems(word.replace("-", " ")))
    return frozenset()


_ENDS_NOUN = frozenset(  # a preposition, a pronoun or a verb ends the noun
    "in at on per by from among across within between during for to that this it them did do "
    "does is was were are has have had would will can could".split()
)
#: a share of those the sentence spoke of before ('37% of those he asked')
OF_THOSE = re.compile(r"^\s*(?:of\s+)?(?:those|them|these|whom|which|respondents|the sample)\b")


def _plural_after(pattern: str, question: str) -> str:
    """The first plural in -s of the few words after the pattern, else one without; not a
    name's plural that qualifies the next one ('United States nationals')."""
    m = re.search(pattern, question, re.I)
    if not m:
        return ""
    after = [w for w in words(question[m.end() :])[:4] if not w.endswith(("'s", "’s"))]
    end = next((n for n, w in enumerate(after) if w in _ENDS_NOUN), len(after))
    after = after[:end]  # 'how many people does …': the noun ends at the verb, not 'does'
    regular = [w for w in after if _regular_plural(w)]
    # a name's plural just before a plain one qualifies it ('United States nationals')
    adjacent = len(regular) > 1 and after.index(regular[1]) == after.index(regular[0]) + 1
    if adjacent and re.search(rf"\b{regular[0].capitalize()}\b", question[m.end() :]):
        regular = regular[1:]
    found = regular or [w for w in after if w in _PLURALS]
    return stem(found[0]) if found else ""


def _regular_plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def is_counted(quantity: Quantity, focus: frozenset[str], text: str) -> bool:
    """Is a word of the focus what the number counts: among the few words after it, within its
    clause ('24 EU metropolises'; not 'three test divisions, patrol officers'), or ending the
    noun phrase it opens ('100 randomly selected stop-and-search encounters in …'), in a form of
    its own ('53 supervisory-level officers' are supervisors)?"""
    end = quantity.start + len(quantity.text)
    clause = re.split(r"[,;:.()\[\]]", text[end : end + 80], maxsplit=1)[0]
    phrase = []
    for token in clause.split()[:PHRASE_TOKENS]:
        if token.lower().strip("'\"‘’“”") in STOPWORDS:
            break
        phrase.append(token)
    held = content_stems(" ".join(words(clause)[:3])) | content_stems(" ".join(phrase))
    if any(kin(s, f) for s in held for f in focus):
        return True
    # 'eight types of Interpol notices' counts the kinds of notice asked about
    things = focus - KINDS
    return bool(held & KINDS and focus & KINDS and things and things <= content_stems(clause))


def kin(a: str, b: str) -> bool:
    """Are two stems one word's, or a noun's and the adjective made from it ('supervisor',
    'supervisori')?"""
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= 6 and long.startswith(short) and len(long) - len(short) == 1)


KINDS = content_stems("kinds types sorts categories varieties")


def focus_near(quantity: Quantity, focus: frozenset[str], text: str) -> bool:
    """Is a word of the question's focus within a few words of the number?"""
    window = text[max(0, quantity.start - 60) : quantity.start + len(quantity.text) + 40]
    return bool(content_stems(window) & focus)


def described(quantity: Quantity, head: str, asked: frozenset[str], text: str) -> bool:
    """Does the clause after the number describe the thing counted by two of the words the
    question describes it by, under another name ('9 items focused on … the role of policing'
    for 'how many statements about the police role'; not '30 experts from participating
    States' for 'how many participating States')?"""
    end = quantity.start + len(quantity.text)
    clause = re.split(r"[;:.()\[\]]", text[end : end + 120], maxsplit=1)[0]
    held = content_stems(" ".join(words(clause)[:DESCRIBED_BY]))
    return head not in held and len(held & asked) >= 2
