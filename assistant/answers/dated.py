"""The years a question names a document or a dataset by, and the act it asks the date of
("When was the council founded?": founded, or established, created …)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..search.asked import asking_sentence
from .facts import Profile
from .quantities import TIME_UNITS, Quantity, quantities
from .words import content_stems, stem

#: a year that names a document, and one that names a survey or a dataset
_DOCUMENT_YEAR = re.compile(
    r"\b((?:19|20)\d\d)\s+(?:[\w-]+\s+)?(?:guidebook|report|manual|handbook|study|paper|"
    r"article|book|chapter|edition|volume|publication|revision|version|summary)\b|"
    r"(?:[‘\"“]|(?<!\S)')[^’'\"”]{3,120}[’'\"”]\s*\(((?:19|20)\d\d)\)",  # "'Trust …' (2015)"
    re.I,
)
_SOURCE_YEAR = re.compile(
    r"\b((?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}?(?:survey|census|data|dataset|sample|wave|"
    r"study|audit|review|inspection)s?\b",
    re.I,
)


def document_years(question: str) -> tuple[float, ...]:
    """The years that name a document ('the 2017 guidebook')."""
    return tuple(float(m.group(1) or m.group(2)) for m in _DOCUMENT_YEAR.finditer(question))


def source_years(question: str) -> tuple[float, ...]:
    """The years that name a survey or a dataset ('the 2016 LEMAS survey')."""
    return tuple(float(m.group(1)) for m in _SOURCE_YEAR.finditer(question))


#: acts a date is asked for, each with the verbs that report it too ("founded" ~ "established")
_EVENT_KIN = (
    (
        "found",
        "establish",
        "creat",
        "form",
        "set",
        "launch",
        "start",
        "began",
        "begin",
        "open",
        "introduc",
        "inaugurat",
        "institut",
    ),
    ("elect", "appoint", "vote", "chosen", "select", "named", "won", "win"),
    ("adopt", "pass", "enact", "sign", "approv", "ratifi"),
    ("publish", "releas", "issu", "print"),
    ("held", "hold", "conven", "meet", "host"),  # a meeting held, convened, hosted
)
#: the act a date, a place or a person is asked for: the participle that ends a passive
#: question ("In what year was the sheriff first elected?") or the verb before the object of
#: "when did … ?" ("When did the department create its council?")
_EVENT = re.compile(
    # (before a second part: 'In which city was the gang founded, and when?')
    r"\b(?:was|were)\b[^?,]*?\b(\w+ed)(?:\s+(?:there|then|first|originally|initially))?"
    r",\s*and\b|"
    r"\b(?:was|were)\b[^?]*?\b(\w+ed|set up|begun|built|held|won)\s*\?$|"
    # the verb before its object, in the first clause ('When did they hold the …', 'In which
    # year did she clear her debt?', not '…, and what happened to it later the same year?'),
    # no preposition ('on its list')
    r"^(?:when|(?:in )?(?:what|which) year) did\b(?:(?!,\s*and\b)[^?])*\b"
    r"(?!(?:on|in|at|to|for|of|from|with|by|into|onto|over|under|about|later|earlier|again|"
    # (a phrasal verb's particle is no verb: 'set up their first unit' is set)
    r"up|off|out|down|back|away)\b)(\w+)(?: (?:up|off|out|down|back|away))? "
    r"(?:its|their|his|her|the|a|an)\b",
    re.I,
)


def dated_event(question: str, kin_only: bool = False) -> frozenset[str]:
    """Stems of the act a date question asks about and of the verbs that report it too; none
    when no such act is found (or, `kin_only`, it is not one whose kin are known: a place is
    told as 'filmed in' for 'recorded')."""
    # (of the asking sentence: 'When did they send it? And when did it end?' asks of the end)
    asked = _GOES_ON.sub("", asking_sentence(question).strip())
    found = _EVENT.search(asked)
    if found is None and kin_only:  # 'Which department first introduced CompStat?'
        found = _DONE_BY.search(asking_sentence(question))
    if found is None:
        return frozenset()
    verb = stem(next(g for g in found.groups() if g).lower())
    for kin in _EVENT_KIN:
        if verb.startswith(kin):
            return frozenset(kin) | {verb}
    return frozenset() if kin_only else frozenset({verb})


_GOES_ON = re.compile(r"^(?:and|but|so|then)\s+", re.I)  # 'And when did …?'
#: the act of 'which/who … first introduced X': the thing or person asked for did it
_DONE_BY = re.compile(
    r"^(?:(?:which|what)\s+[\w'’-]+(?:\s+[\w'’-]+){0,5}?|who)\s+"
    r"(?:first\s+|originally\s+|initially\s+)?(\w+ed) (?:the |a |an |its |their )?[\w'’-]",
    re.I,
)


def tells_act(event: frozenset[str], vocabulary: frozenset[str]) -> bool:
    """Does a text (its word stems) tell the act asked about ('founded', not 'foundation')?"""
    return any(w.startswith(tuple(event)) and not w.startswith("foundat") for w in vocabulary)


def dated_apart(event: frozenset[str], sentence: str) -> bool:
    """Is the act asked about told with a span from another date and no year of its own ('…
    restricted the program, which had been created two decades earlier')?"""
    acts = [
        m
        for m in re.finditer(r"\b[a-z]+(?:ed|en)\b", sentence)
        if stem(m.group(0)).startswith(tuple(event))
    ]
    if any(_YEAR_NEAR.match(sentence, m.end()) for m in acts):
        return False  # ('founded in 1998, it began patrols two months later')
    return any(_APART.match(sentence, m.end()) for m in acts)


_YEAR_NEAR = re.compile(r"[^.;]{0,20}?\b(?:1[89]|20)\d\d\b")
#: a span from another date, a few words on ('… signed into law two decades earlier')
_APART = re.compile(
    r"[^.;]{0,40}?\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|some|"
    r"many|a few|\d+)\s+(?:years?|decades?|months?|weeks?|centur(?:y|ies))\s+"
    r"(?:earlier|before|later|previously|prior)\b",
    re.I,
)


#: a year written before what it dates ('her 2016 keynote', 'the 2016 OSCE meeting')
_EVENT_YEAR = re.compile(
    r"(?<!\bin )(?<!\bsince )(?<!\bby )(?<!\buntil )(?<!\bduring )(?<!\bof )(?<!\bfrom )"
    r"\b((?:1[89]|20)\d\d)\s+(?=[A-Za-z])",
    re.I,
)


#: a year that dates a work ('the scholar who, writing in 1963, held …'): its citation
_WORK_YEAR = re.compile(
    r"\b(?:writing|wrote|published|publishing)\s+in\s+((?:1[89]|20)\d\d)\b", re.I
)


def event_years(question: str) -> tuple[float, ...]:
    """The years that date a thing named after them ('her 2016 keynote') or a work ('writing in
    1963'), not a time ('in 2017')."""
    found = (*_EVENT_YEAR.finditer(question), *_WORK_YEAR.finditer(question))
    return tuple(float(m.group(1)) for m in found)


#: a year that bounds a time rather than dates the fact asked about ('since 1989', 'before
#: 2010'): a source that dates its fact to another year does not contradict it
_BOUND_YEAR = re.compile(
    r"\b(?:since|before|until|till|after|prior to|up to)\s+(?:the\s+end\s+of\s+)?"
    r"(?:(?:early|late|mid)[\s-]|(?:jan|febr)uary\s|march\s|april\s|may\s|june\s|july\s|"
    r"august\s|(?:septem|octo|novem|decem)ber\s)?((?:1[89]|20)\d\d)\b",
    re.I,
)


@lru_cache(maxsize=1024)
def bound_years(question: str) -> frozenset[float]:
    """The years a question names as bounds of a period ('since 1989')."""
    return frozenset(float(m.group(1)) for m in _BOUND_YEAR.finditer(question))


def within_bound(question: str, year: float, stated: Iterable[float]) -> bool:
    """Does a year the source states lie on the side of a bound the question names ('who held
    it before March 2010?': 'from 2006 to 2009')?"""
    for m in _BOUND_YEAR.finditer(question):
        if float(m.group(1)) == year:
            earlier = m.group(0).split()[0].lower() in ("before", "until", "till", "prior", "up")
            if any(s < year if earlier else s > year for s in stated):
                return True
    return False


#: a clause that sets a deadline for a thing ('before the officer's shift ends', 'within the
#: first week of the inquiry'; not what it follows: 'after reading the review')
_TIME_CLAUSE = re.compile(
    r"\b(?:before|until|till|within|by the end of)\s+((?:[\w'’-]+\s+){1,6}"
    r"?[\w'’-]+)(?=\s*(?:[,.;:)]|$|\b(?:and|or|but|to|in|on|at|for)\b))",
    re.I,
)


def time_unstated(claim: str, source: str) -> list[str]:
    """The clauses of the claim that bound a time with words the source mostly lacks ('has to
    be submitted before the officer's shift ends' against '… responsible for submitting the
    investigation')."""
    held = content_stems(source)
    unstated = []
    for m in _TIME_CLAUSE.finditer(claim):
        said = content_stems(m.group(1)) - {"year", "month", "week", "day", "hour"}
        lacking = said - held
        if len(said) >= 2 and (len(lacking) >= 2 or len(lacking) * 2 > len(said)):
            unstated.append(m.group(0).strip())
    return unstated


def frequency_differs(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where both say how often a thing happens, differently ('meets twice a
    year' against 'meets every month')."""
    mine = [q for q in quantities(claim) if q.kind == "frequency"]
    theirs = [q for q in quantities(sentence) if q.kind == "frequency"]
    if not mine or not theirs or {q.value for q in mine} & {q.value for q in theirs}:
        return None
    return mine[0].text, theirs[0].text


#: a sentence that dates its fact by the one before it
THAT_PERIOD = re.compile(r"\b(?:that|this|the same) (?:period|year|time|month|quarter)\b", re.I)


@lru_cache(maxsize=256)
def scene_years(question: str, passage: str, section: str) -> frozenset[float]:
    """The years of a passage and the passages around it that a question's premise may name
    ('A man was arrested in 2012. What was he charged with?'), none its asking sentence does."""
    asked = {q.value for q in quantities(asking_sentence(question))}
    found = quantities(f"{passage} {section}")
    return frozenset(q.value for q in found if q.kind == "year") - asked


def years_in(where: Profile) -> set[float]:
    """The years a text's profile holds."""
    return {q.value for q in where.quantities if q.kind == "year"}


def gap_between(q: Quantity, claim: str, stated: tuple[Quantity, ...]) -> bool:
    """Is a number of years, said as a gap ('four years later'), the gap between two years the
    source states (1834 and 1838)?"""
    if q.kind != "duration" or q.unit != "year":
        return False
    if not re.match(
        r"\W*(?:\w+\W+)?(?:later|after|earlier|before)\b", claim[q.start + len(q.text) :]
    ):
        return False
    return _apart(q, {s.value for s in stated if s.kind == "year"})


def _apart(q: Quantity, years: set[float]) -> bool:
    """Are two of the years as many years apart as the duration `q` says?"""
    span = round(q.value / TIME_UNITS["year"])
    return any(y + span in years for y in years)


def spanned_by_years(q: Quantity, claim: str, stated: tuple[Quantity, ...]) -> bool:
    """Is a number of years the span between two years the claim and the source both state
    ('over the seven years from 2007 to 2014' where the source says 'From 2007 to 2014')?"""
    if q.kind != "duration" or q.unit != "year":
        return False
    years = {s.value for s in stated if s.kind == "year"}
    return _apart(q, years & {c.value for c in quantities(claim) if c.kind == "year"})
