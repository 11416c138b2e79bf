"""What a question after a figure measures: the measure it names ('the average age',
'that violent crime rate') or whose change it asks about ('by how much did trust change');
a figure answers it only beside a word of that measure; and the part of a whole it asks
about ('how many of the searches were strip searches')."""

from __future__ import annotations

import re
from functools import lru_cache

from .words import content_stems, stem, words


@lru_cache(maxsize=4096)
def measured(question: str) -> frozenset[str]:
    """The stems of the measure a question after a figure names, if it names one."""
    found = _MEASURED.search(question)
    if found is not None:
        return frozenset({stem(found.group(1))})
    named = _NAMED_MEASURE.search(question)
    return changed_measure(question) or frozenset({stem(named.group(1))} if named else ())


#: "the average age of …": a figure of age; "the maximum prison sentence for …": of a sentence
#: (the head noun, last before the preposition or the verb)
_MEASURED = re.compile(
    r"\b(?:average|mean|median|maximum|minimum)\s+(?!number\b|of\b)(?:[\w-]+\s+){0,2}?(\w{3,})"
    r"(?=\s+(?:of|for|in|at|on|per|among|across|during|that|is|was|were|are|did|does|do|"
    r"has|have|had)\b|\s*[?,]|$)",
    re.I,
)
#: a measure the question names ('what was that violent crime rate in 2016?'): a figure
#: answers only beside it, not a share of the population in the sentence before
_NAMED_MEASURE = re.compile(
    r"\b(?:what|which) (?:is|was|were|are) (?:the|that|this|its|their|his|her)\s+"
    r"(?:[\w-]+\s+){0,3}?(rate|ratio|score|rating|height|weight|distance|speed)s?\b",
    re.I,
)


#: 'by how much did residents' trust in the police change': the measure that changed
_CHANGED = re.compile(
    r"\bhow much (?:did|does|do|has|have|had|was|were|is|are|would|will) (.+?) (?:change|"
    r"increase|decrease|decline|rise|fall|drop|grow|improve|shift|reduce|worsen)",
    re.I,
)


@lru_cache(maxsize=4096)
def changed_measure(question: str) -> frozenset[str]:
    """The stems of the measure a 'by how much did X change' question asks about, less whose
    it is ('trust' in "residents' trust in the police"; 'search' in 'the number of searches')."""
    m = _CHANGED.search(question)
    if m is None:
        return frozenset()
    done = re.match(
        r"\w*\s+(?!(?:by|in|from|after|before|between|for|during|over|since|when|"
        r"under|at|on|among|with)\b)([a-z][^?,]*)",
        question[m.end() :],
        re.I,
    )
    # 'did body armour reduce the chance of dying': what was reduced, or what reduced it
    cut = r"\s(?:in|of|for|among|after|by|during|over|against)\s"
    extra = content_stems(re.split(cut, done.group(1))[0]) if done else frozenset()
    parts = re.split(
        r"\s(?:in|of|for|among|after|before|during|between|from|on|at|with)\s", m.group(1)
    )
    for part in parts:
        kept = " ".join(w for w in part.split() if not re.search(r"['’]s?$", w))
        found = content_stems(kept) - _GENERAL_MEASURES
        if found:
            return found | (extra - _GENERAL_MEASURES)
    return extra - _GENERAL_MEASURES


_GENERAL_MEASURES = frozenset({"number", "amount", "level", "total", "count", "figur"})


#: superlatives and their opposites: a question after the highest is not answered by the lowest
_OPPOSITES = {
    "highest": "lowest",
    "largest": "smallest",
    "biggest": "smallest",
    "most": "least",
    "best": "worst",
    "greatest": "least",
    "first": "last",
}
_OPPOSITE = {**_OPPOSITES, **{low: high for high, low in _OPPOSITES.items()}}
_SUPERLATIVE = re.compile(
    r"\b(" + "|".join(sorted(_OPPOSITE, key=len, reverse=True)) + r")\b", re.I
)


@lru_cache(maxsize=1024)
def _superlatives(text: str) -> frozenset[str]:
    return frozenset(m.group(1).lower() for m in _SUPERLATIVE.finditer(text))


def superlative_turned(question: str, sentence: str) -> list[tuple[str, str, str]]:
    """('superlative', asked, said) where the question asks for the highest (largest, best …)
    and the sentence gives the opposite only ('which body scored highest?': 'Interpol had the
    lowest scores')."""
    asked = _superlatives(question) - {"most", "first"}
    if not asked:  # (most questions: the sentence need not be read)
        return []
    said = {m.group(1).lower() for m in _SUPERLATIVE.finditer(sentence)}
    return [
        ("superlative", word, _OPPOSITE[word])
        for word in sorted(asked)
        if _OPPOSITE[word] in said and word not in said
    ]


#: 'how many of the X were Y', 'what share of the X are Y': Y is the part of X asked about
_PART = re.compile(
    r"\b(?:how many|what (?:proportion|percentage|share|fraction|percent|number)) of "
    r"(?:the |their |its |all )?((?:(?!\b(?:that|which|who)\b)[^?])+?) (?:(?:were|was|are|is|"
    r"had been|have been|led to|lead to|leads to|resulted in|result in|ended in|ended with|"
    r"end in) (.+?)(?:[,?]|$| according| in \d{4}| between| during)|"
    # what they said they were, up to what it is of ('… said they would be afraid of …')
    r"(?:said|say|says|reported|indicated|felt|feel|thought|believed)(?: that)?(?: they| he| she)?"
    r"(?: would| will| could| might)?(?: be| feel| have)? (.+?)"
    r"(?:[,?]|$| according| in \d{4}| between| during| of | who | which | that ))",
    re.I,
)
_ALIKE = {"women": "femal", "woman": "femal", "men": "male", "man": "male"}


def part_asked(text: str) -> frozenset[str]:
    """The stems of the part of a whole a question asks about ('strip' in 'how many of the
    searches were strip searches'), less the whole's own words; with 'femal' for 'women'."""
    m = _PART.search(text)
    if m is None:
        return frozenset()
    said = m.group(2) or m.group(3)
    part = content_stems(said) - content_stems(m.group(1))
    return frozenset(part | {_ALIKE[w] for w in words(said) if w in _ALIKE})


#: a question after the way a thing was measured ('How did they measure peer attachment?',
#: 'What statements did they put to deputies to gauge …?')
_HOW_MEASURED = re.compile(
    r"\b(?:how|what|which)\b[^?]*\b(?:measur|gaug|operationali[sz]|captur|assess|scor)\w*", re.I
)
#: a sentence that says how a measure was taken: what respondents were asked, on what scale,
#: how the items were combined and how consistent they were
_MEASURING = re.compile(
    r"\b(?:(?:were|was) asked (?:to|whether|how|if)|asked (?:respondents|participants|officers|"
    r"deputies|residents|them) (?:to|whether|how|if)|measured (?:via|with|by|using)|"
    r"(?:answer|response) (?:choices|options|categories)|items?\b[^.]{0,60}\b(?:loaded|"
    r"averaged|summed|combined)|(?:mean|additive|summ?ated) (?:index|scale)|"
    r"cronbach|alpha|α\s*=|level of agreement|strongly (?:dis)?agree)",
    re.I,
)


def tells_measure(question: str, sentence: str) -> bool:
    """Does the sentence say how a thing was measured, where the question asks that?"""
    return _asks_measure(question) and bool(_MEASURING.search(sentence))


@lru_cache(maxsize=1024)
def _asks_measure(question: str) -> bool:
    return _HOW_MEASURED.search(question) is not None
