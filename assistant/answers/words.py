"""Words as the judge compares them: Snowball stems with British spellings folded into American
ones, and content words without stop words."""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterable
from functools import lru_cache

import snowballstemmer

from ..search.lexical import STOPWORDS

#: a stemmer keeps its word in its own state: one per thread (a server answers in many threads;
#: one shared stemmer mixed words up and failed under concurrent requests)
_STEMMERS = threading.local()
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
#: decades in words, which compare as their digits do ("the nineties" ~ "the 1990s")
DECADE_WORDS = {
    word: 1900 + 10 * n
    for n, word in enumerate(
        "twenties thirties forties fifties sixties seventies eighties nineties".split(), start=2
    )
}


#: ordinals that number steps, stages and chapters compare as their figures ("the fourth step" ~
#: "STEP 4"); not "first" and "second", which mostly mean something else
ORDINALS = {
    word: str(n)
    for n, word in enumerate("third fourth fifth sixth seventh eighth ninth tenth".split(), start=3)
}


#: British spellings and the American ones they fold into, before stemming
_BRITISH = (
    (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})our(s|hood|hoods|ed|ing|al|ally|able|ably|ite|ites)?$"), r"or\1"),
    (re.compile(r"(?<=[a-z])lys(e|ed|ing)$"), r"lyz\1"),
    (re.compile(r"(?<=[a-z]{2})tre(s?)$"), r"ter\1"),
    (re.compile(r"(?<=[a-z]{2})tred$"), "tered"),
    (re.compile(r"(?:^|(?<=-))(def|off|lic|pret)ence(s?)$"), r"\1ense\2"),
    (re.compile(r"(?:^|(?<=-))programme(s|d)?$"), r"program\1"),
    (re.compile(r"judgement"), "judgment"),
)


#: plurals of Greek nouns in -sis, to their singular ('theses', 'hypotheses', 'analyses',
#: 'crises')
_GREEK_PLURAL = re.compile(r"(the|ly|cri)ses$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem, with British spellings folded into American ones first
    ('organised' ~ 'organized', 'behaviour' ~ 'behavior', 'favourable' ~ 'favorable',
    'analyse' ~ 'analyze', 'centre' ~ 'center', 'offence' ~ 'offense', 'programme' ~
    'program', 'judgement' ~ 'judgment'), and a Greek plural in -ses made singular ('theses'
    ~ 'thesis')."""
    word = american(word)
    if word in DECADE_WORDS:
        return f"{DECADE_WORDS[word]}s"
    if word in ORDINALS:
        return ORDINALS[word]
    word = _GREEK_PLURAL.sub(r"\1sis", word)
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def american(word: str) -> str:
    """A word in lower case, its possessive 's dropped, its British spelling made American."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    for british, spelled in _BRITISH:
        word = british.sub(spelled, word)
    return word


def table_row(text: str, cells: int = 3) -> bool:
    """Is the text a table's row, as extraction flattens one ('14th; 4–5 December 2006;
    Brussels; Belgium; …'), of this many cells or more?"""
    return text.count(";") >= cells - 1


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def written(text: str, stems: Collection[str]) -> str:
    """The words of a text whose stems are among `stems`, as the text writes them, in its
    order, the first of each stem ('convened' for the stem 'conven'; 'list', not 'list
    listed'): what a judgement names as missing is named in the question's own words."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text):
        if (stemmed := stem(word)) in stems:
            found.setdefault(stemmed, word)
    return " ".join(found.values())


def distinct(texts: Iterable[str]) -> list[str]:
    """Each text once, whatever its case (the first as written), in their order."""
    found: dict[str, str] = {}
    for text in texts:
        found.setdefault(text.lower(), text)
    return list(found.values())


@lru_cache(maxsize=16384)
def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words (no stop words, no one-letter words but digits)."""
    return frozenset(
        stem(w)
        for w in words(text)
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit()) and w.removesuffix("'s")
    )


#: names English gives one group of people by ("Black drivers" are "African American drivers")
SAME_GROUP = {
    "black": ("african american",),
    "african american": ("black",),
    "hispanic": ("latino", "latina", "latinx"),
    "latino": ("hispanic",),
    "latina": ("hispanic",),
    "latinx": ("hispanic",),
    "american": ("united states", "u s", "usa", "america"),
}
#: a sentence that opens by referring back to what the text before it named ('This office
#: was first held by …', 'It was renamed …')
REFERS_BACK = re.compile(
    r"\W*(?:this|that|these|those|such|he|she|it|its|they|their|the same)\b", re.I
)
#: a sentence that names its subject by its kind, the one before it by name ('The
#: organization also has offices in Copenhagen, …')
BY_KIND = re.compile(
    r"\W*the (?:organi[sz]ation|agency|body|office|department|force|institute|council|"
    r"commission|committee|unit|ministry|service|union|court)\b",
    re.I,
)
#: the small words inside a person's name ("Gabriel Nicolas de la Reynie")
PARTICLES = frozenset("de la le du da di del della van von der den ten bin ibn".split())
_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ns", "n", "ese", "ish", "i")
_PLACE_ENDINGS = ("", "a", "ia", "y", "en", "o", "e", "land", "and")
_PEOPLE_ENDINGS = ("", "n", "an", "ian", "in", "ns", "ans", "ians", "ese", "ish", "i")


@lru_cache(maxsize=4096)
def kindred_forms(word: str) -> frozenset[str]:
    """A place's name and its people's, each for the other ("Slovenians" ~ "Slovenia",
    "Canada" ~ "Canadian", "Swedish" ~ "Sweden", "Rome" ~ "Roman", "Scottish" ~ "Scotland"):
    other forms of a lower-case name word."""
    places = {word[: -len(e)] for e in _DEMONYM_ENDINGS if word.endswith(e)} | {word}
    places |= {b[:-1] for b in places if len(b) >= 4 and b[-1] == b[-2]}  # "Scottish": Scot-
    people = {word, word.rstrip("aeiouy")} | ({word[:-2]} if word.endswith("en") else set())
    forms = {b + e for b in places if len(b) >= 3 for e in _PLACE_ENDINGS}
    forms |= {b + e for b in people if len(b) >= 3 for e in _PEOPLE_ENDINGS}
    forms |= _IRREGULAR.get(word, frozenset())
    return frozenset(f for f in forms - {word} if len(f) >= 4)


def _both_ways(pairs: str) -> dict[str, frozenset[str]]:
    """'place people …|…' as a table from each word to the others of its group."""
    table: dict[str, set[str]] = {}
    for group in pairs.split("|"):
        place, *people = group.split()
        table.setdefault(place, set()).update(people)
        for person in people:
            table.setdefault(person, set()).add(place)
    return {word: frozenset(others) for word, others in table.items()}


#: places whose people's word no ending makes ('France' ~ 'French'), each way
_IRREGULAR = _both_ways(
    "france french|netherlands dutch|spain spanish spaniard|wales welsh|greece greek|"
    "denmark danish dane|switzerland swiss|norway norwegian|turkey turkish|ireland irish|"
    "britain british briton|portugal portuguese|poland polish|finland finnish|sweden swedish|"
    "england english|scotland scottish scots|iceland icelandic|cyprus cypriot|iraq iraqi|"
    "israel israeli|pakistan pakistani|bangladesh bangladeshi|philippines filipino"
)


_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
#: a century by its ordinal ('the early 12th century', 'the nineteenth century')
_CENTURY = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)|(twenty-first|{'|'.join(_ORDINALS)}))[- ]centur(?:y|ies)\b",
    re.I,
)


def centuries(text: str) -> list[tuple[str, float, int]]:
    """Each century a text names: (as written, its number, where)."""
    found = []
    for m in _CENTURY.finditer(text):
        word = (m.group(2) or "").lower()
        number = m.group(1) or (21 if word == "twenty-first" else _ORDINALS.index(word) + 1)
        found.append((m.group(0), float(number), m.start()))
    return found


#: nouns for people by role or group (stems)
PEOPLE = frozenset(
    stem(w)
    for w in """children child parents parent partners partner spouses officers officer
    residents resident members member ministers victims victim women woman men man people
    staff employees employee alumni graduates managers manager chiefs executives citizens
    students volunteers veterans academics leaders supervisors sergeants detectives analysts
    judges prosecutors politicians journalists respondents participants relatives families
    mothers fathers sons daughters siblings offenders suspects civilians councillors mayors
    experts practitioners commanders recruits trainees youths adults elders neighbours
    slaves servants magistrates soldiers troops guards watchmen constables marshals workers
    priests clergy nobles merchants landowners militias gendarmes informants chairmen
    chairwomen chairpersons presidents predecessors successors deputies assistants directors
    secretaries commissioners inspectors advisers advisors envoys delegates drivers motorists
    pedestrians passengers prisoners detainees migrants persons individuals""".split()
)
