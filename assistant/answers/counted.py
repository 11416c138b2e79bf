"""What a figure counts: the noun a question counts ('how many officers') or takes a share of
('what percentage of stops'), and whether the number of a sentence counts it."""

from __future__ import annotations

import re
from functools import lru_cache

from ..search.lexical import STOPWORDS
from .quantities import Quantity, quantities
from .words import PEOPLE, content_stems, stem, words

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


def described(quantity: Quantity, head: str, question: str, text: str) -> bool:
    """Does the clause after the number describe the thing counted by two of the words the
    question describes it by after its noun, under another name ('9 items focused on … the role
    of policing' for 'how many statements about the police role'; not '30 experts from
    participating States' for 'how many participating States', nor '1,756 searches under
    section 60' for 'how many section 60 authorisations did …')?"""
    end = quantity.start + len(quantity.text)
    clause = re.split(r"[;:.()\[\]]", text[end : end + 120], maxsplit=1)[0]
    held = content_stems(" ".join(words(clause)[:DESCRIBED_BY]))
    return head not in held and len(held & _described_by(question, head)) >= 2


@lru_cache(maxsize=1024)
def _described_by(question: str, head: str) -> frozenset[str]:
    """The words of the phrase after the counted noun that describes it, up to the question's
    verb ('how many statements about the police role did …': role, police); none when no
    preposition opens it ('how many analysts work in …')."""
    after = re.search(r"\bhow many\b([^,;:?]*)", question, re.I)
    tokens = words(after.group(1)) if after else []
    at = next((i for i, token in enumerate(tokens) if stem(token) == head), len(tokens))
    phrase: list[str] = []  # at most five words, to a verb ('… from the Met attended …')
    for token in tokens[at + 1 : at + 1 + DESCRIBED_BY // 2]:
        word = token.lower()
        if word in _VERB_NEXT or word.endswith("ed") or not (phrase or word in _DESCRIBING):
            break
        phrase.append(token)
    return content_stems(" ".join(phrase)) - {head}


#: prepositions that open a description of the thing counted ('statements about …')
_DESCRIBING = frozenset("about on of from concerning regarding for with in".split())
#: an auxiliary or a relative word: the counted noun's description ends before it
_VERB_NEXT = frozenset(
    "did do does is was were are has have had would will can could should may might must that "
    "who which whom".split()
)


_ANY_PEOPLE = frozenset(stem(w) for w in ("people", "persons", "individuals"))


def acted_on(quantity: Quantity, question: str, head: str, text: str) -> bool:
    """Is the number, of people ('staff', 'officers'), the object of the act a question after
    people counts by, its verb just before it ('the OSCE employed 3,568 staff' for 'how many
    people did the OSCE employ')? Not a number of other things ('stopped 12,000 cars'), nor
    one after a name ('Hackney 1,230'), nor an act the question's aside names. Or a bare
    number before a verb of saying, of the people asked about (`said_by`)."""
    if said_by(quantity, head, text):
        return True
    if head not in _ANY_PEOPLE or (quantity.unit and quantity.unit not in PEOPLE):
        return False
    before = re.search(
        r"\b([a-z]+)\s+(?:about\s+|some\s+|nearly\s+|over\s+)?$", text[: quantity.start]
    )
    if before is None or before.group(1) in STOPWORDS:
        return False
    act = stem(before.group(1))
    asked = re.search(r"\bhow many\b([^,;?]*)", question, re.I)  # its clause, not an aside's
    return act != head and len(act) > 3 and act in content_stems(asked.group(1) if asked else "")


#: a verb of saying or believing right after a bare number: it counts those who said it
_SAID = re.compile(
    r"\s+(?:of them\s+)?(?:indicated|reported|said|stated|agreed|disagreed|believed|felt|"
    r"thought|responded|answered|expressed|claimed|admitted|perceived)\b"
    # with what they said after it ('35 indicated that …'; not '35 reported assaults')
    r"(?=\s+(?:that|they|he|she|it|to|being|having|feeling)\b|\s*[,:(])"
)


def said_by(quantity: Quantity, head: str, text: str) -> bool:
    """Is a bare number, followed by a verb of saying ('35 indicated that it is now more
    difficult …'), a count of the people a question counts ('how many respondents')?"""
    if head not in PEOPLE:  # (the verb is no unit: '35 indicated' is read as 35 'indic')
        return False
    return _SAID.match(text, quantity.start + len(quantity.text)) is not None


#: an auxiliary verb (it ends the noun phrase a question counts, as a preposition does)
AUX = r"(?:is|are|was|were|do|does|did|can|could|should|has|have|had|will|would|must|may)"
_ENDS_PHRASE = ("in", "per", "during", "between", "from", "at")
#: a plural noun, not an adjective or an adverb in -s ('dangerous', 'thus', 'always')
_PLURAL_NOUN = re.compile(
    r"(?!(?:always|perhaps|sometimes|nevertheless|afterwards)$)\w{2,}[^usi']s|women|men"
)


def focus_of(lowered: str, answer_type: str) -> set[str]:
    """The stems of what a lower-cased question counts or asks the share of (the noun phrase
    after 'how many' / 'what percentage of' …, up to its verb), or the term it asks to define."""
    if answer_type == "definition":
        m = re.search(
            r"\b(?:meant by|define|definition of|what (?:is|are) (?:an? |the )?)(.{2,60}?)"
            r"(?:\?|$| in | and | mean| according)|\bwhat (?:does|do) (.{2,60}?) mean\b",
            lowered,
        )
        phrase = next((g for g in m.groups() if g), "") if m else ""
        return {stem(w) for w in words(phrase) if w not in STOPWORDS}
    m = re.search(
        r"\bhow many\b|\b(what|which) (number|total|count|percentage|percent|proportion|share|"
        r"fraction|score|figure)( of)?\b|\bhow much( of)?\b",
        lowered,
    )
    if not m:
        return set()
    tail = words(lowered[m.end() :])
    if len(tail) > 1 and tail[0] in ("were", "are") and _PLURAL_NOUN.fullmatch(tail[1]):
        tail = tail[1:]  # 'how many were searches for drugs': what they were is counted
    phrase = []
    for word in tail:
        if re.fullmatch(AUX, word) or word in _ENDS_PHRASE:
            break
        if word not in STOPWORDS:
            phrase.append(stem(word))
    # five words at most, the last (the head noun: '… intimate partner violence homicides') kept
    return set(phrase[:4] + phrase[-1:])


#: a table's caption ('Table 1: Local authority wards with the highest number of searches, …')
_CAPTION = re.compile(r"\b(?i:table)\s+\d+(?:\.\d+)?[a-z]?\s*[:.]?\s*([^\n\d]{5,200})")
#: a verb that makes a text a statement, not a table's row
_STATES = re.compile(r"\b(?:is|are|was|were|has|have|had|did|does|do)\b", re.I)


def counted_in_table(focus: frozenset[str], sentence: str, passage: str, around: str) -> bool:
    """Is the sentence a row of a table (a name and a bare number, no verb) whose caption,
    above it in the passage (else in the passages `around` it, as a long table runs on), names
    what the question counts, with the row ('Hoxton ward, Hackney 1,230' under 'Table 1: …
    wards with the highest number of searches'; not for searches for drugs)?"""
    if not focus or _STATES.search(sentence):
        return False
    if not any(q.kind == "count" and not q.unit for q in quantities(sentence)):
        return False
    above = list(_CAPTION.finditer(passage[: max(passage.find(sentence), 0)]))[-1:]
    captions = above or list(_CAPTION.finditer(around))
    return any(focus <= content_stems(c.group(1)) | content_stems(sentence) for c in captions)
