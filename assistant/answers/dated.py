"""The years a question names a document or a dataset by, and the act it asks the date of
("When was the council founded?": founded, or established, created …)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..search.asked import asking_sentence
from .words import content_stems, stem

#: a year that names a document, and one that names a survey or a dataset
_DOCUMENT_YEAR = re.compile(
    r"\b((?:19|20)\d\d)\s+(?:[\w-]+\s+)?(?:guidebook|report|manual|handbook|study|paper|"
    r"article|book|chapter|edition|volume|publication|revision|version|summary)\b",
    re.I,
)
_SOURCE_YEAR = re.compile(
    r"\b((?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}?(?:survey|census|data|dataset|sample|wave|"
    r"study|audit|review|inspection)s?\b",
    re.I,
)


def document_years(question: str) -> tuple[float, ...]:
    """The years that name a document ('the 2017 guidebook')."""
    return tuple(float(m.group(1)) for m in _DOCUMENT_YEAR.finditer(question))


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
)
#: the act a date, a place or a person is asked for: the participle that ends a passive
#: question ("In what year was the sheriff first elected?") or the verb before the object of
#: "when did … ?" ("When did the department create its council?")
_EVENT = re.compile(
    # (before a second part: 'In which city was the gang founded, and when?')
    r"\b(?:was|were)\b[^?,]*?\b(\w+ed)(?:\s+(?:there|then|first|originally|initially))?"
    r",\s*and\b|"
    r"\b(?:was|were)\b[^?]*?\b(\w+ed)\s*\?$|"
    # the verb before its object, in the first clause ('When did they hold the …', not '…, and
    # what happened to it later the same year?'), no preposition ('on its list')
    r"^when did\b(?:(?!,\s*and\b)[^?])*\b(?!(?:on|in|at|to|for|of|from|with|by|into|onto|"
    r"over|under|about|later|earlier|again)\b)(\w+) (?:its|their|the|a|an)\b",
    re.I,
)


def dated_event(question: str, kin_only: bool = False) -> frozenset[str]:
    """Stems of the act a date question asks about and of the verbs that report it too; none
    when no such act is found (or, `kin_only`, it is not one whose kin are known: a place is
    told as 'filmed in' for 'recorded')."""
    found = _EVENT.search(question.strip())
    if found is None and kin_only:  # 'Which department first introduced CompStat?'
        found = _DONE_BY.search(asking_sentence(question))
    if found is None:
        return frozenset()
    verb = stem(next(g for g in found.groups() if g).lower())
    for kin in _EVENT_KIN:
        if verb.startswith(kin):
            return frozenset(kin) | {verb}
    return frozenset() if kin_only else frozenset({verb})


#: the act of 'which/who … first introduced X': the thing or person asked for did it
_DONE_BY = re.compile(
    r"^(?:(?:which|what)\s+[\w'’-]+(?:\s+[\w'’-]+){0,5}?|who)\s+"
    r"(?:first\s+|originally\s+|initially\s+)?(\w+ed) (?:the |a |an |its |their )?[\w'’-]",
    re.I,
)


def tells_act(event: frozenset[str], vocabulary: frozenset[str]) -> bool:
    """Does a text (its word stems) tell the act asked about ('founded', not 'foundation')?"""
    return any(w.startswith(tuple(event)) and not w.startswith("foundat") for w in vocabulary)


#: a year written before what it dates ('her 2016 keynote', 'the 2016 OSCE meeting')
_EVENT_YEAR = re.compile(
    r"(?<!\bin )(?<!\bsince )(?<!\bby )(?<!\buntil )(?<!\bduring )(?<!\bof )(?<!\bfrom )"
    r"\b((?:19|20)\d\d)\s+(?=[A-Za-z])",
    re.I,
)


def event_years(question: str) -> tuple[float, ...]:
    """The years that date a thing named after them ('her 2016 keynote'), not a time ('in
    2017')."""
    return tuple(float(m.group(1)) for m in _EVENT_YEAR.finditer(question))


#: a year that bounds a time rather than dates the fact asked about ('since 1989', 'before
#: 2010'): a source that dates its fact to another year does not contradict it
_BOUND_YEAR = re.compile(
    r"\b(?:since|before|until|till|after|prior to|up to)\s+(?:the\s+end\s+of\s+)?"
    r"(?:(?:early|late|mid)[\s-]|(?:jan|febr)uary\s|march\s|april\s|may\s|june\s|july\s|"
    r"august\s|(?:septem|octo|novem|decem)ber\s)?((?:19|20)\d\d)\b",
    re.I,
)


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


_PER_YEAR = {"day": 365.0, "week": 52.0, "fortnight": 26.0, "month": 12.0, "quarter": 4.0}
_PER_YEAR |= {"year": 1.0, "daily": 365.0, "weekly": 52.0, "fortnightly": 26.0}
_PER_YEAR |= {"monthly": 12.0, "quarterly": 4.0, "annually": 1.0, "yearly": 1.0}
_TIMES = {"once": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_TIMES |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
#: how often a thing happens ('meets every month', 'twice a year', 'each day', 'weekly')
_COUNTS = r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+"
_HOW_OFTEN = re.compile(
    rf"\b(?:(once|twice|(?:{_COUNTS}|several|many|few) times)\s+(?:a|an|per|each|every)\s+|"
    rf"(?:every|each)\s+(?:({_COUNTS})\s+)?)(day|week|fortnight|month|quarter|year)s?\b|"
    r"\b(daily|weekly|fortnightly|monthly|quarterly|annually|yearly)\b|"
    # a rate ('160 assaults per day', '60,000 a year'), not a time ('for a year', 'a year ago')
    r"(?<!\bfor )(?<!\bin )(?<!\bwithin )(?<!\bafter )(?<!\bthan )(?<!\bover )(?<!\bhalf )"
    r"\b(?:per|a|an)\s+(day|week|fortnight|month|quarter|year)\b"
    r"(?!\s+(?:later|ago|earlier|before|after|or|and a half)\b)",
    re.I,
)


def how_often(text: str) -> set[float]:
    """The rates (times a year) at which a text says things happen."""
    rates = set()
    for m in _HOW_OFTEN.finditer(text):
        if m.group(4) or m.group(5):
            rates.add(_PER_YEAR[(m.group(4) or m.group(5)).lower()])
            continue
        times = (m.group(1) or "once").lower().split()[0]
        if times in ("several", "many", "few"):
            continue  # how often, unsaid
        count = float(_TIMES.get(times, 0) or (times.isdigit() and int(times)) or 1)
        every = m.group(2)
        span = float(_TIMES.get(every.lower(), 0) or int(every) or 1) if every else 1.0
        rates.add(count * _PER_YEAR[m.group(3).lower()] / span)
    return rates


def frequency_differs(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where both say how often a thing happens, differently ('meets twice a
    year' against 'meets every month')."""
    mine, theirs = _HOW_OFTEN.search(claim), _HOW_OFTEN.search(sentence)
    said, stated = how_often(claim), how_often(sentence)
    if mine is None or theirs is None or not said or not stated or said & stated:
        return None
    if any(
        re.search(r"\d", t[max(0, m.start() - 30) : m.start()])
        for t, m in ((claim, mine), (sentence, theirs))
    ):
        return None  # a rate of things counted ('60,000 stops a year' is '5,000 a month')
    return mine.group(0), theirs.group(0)
