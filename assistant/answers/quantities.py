"""Quantities as English states them: digits, number words, fractions ('a third', 'nine in
ten'), percentages, money, years and durations, each with the noun it counts, so that '92%'
agrees with 'more than nine in ten' and 'two weeks' differs from 'two months'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..search.lexical import STOPWORDS
from .words import DECADE_WORDS, centuries, stem, words

_TO_NINETEEN = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_UNITS = {  # number words to 19, the tens, and a few that count by another name
    **{w: n for n, w in enumerate(_TO_NINETEEN.split())},
    **{
        w: 10 * n
        for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
    },
    **{"hundred": 100, "dozen": 12, "twice": 2, "thrice": 3},
}
#: an approximate share ('about 50%', 'nearly half') agrees with another within this share of
#: the larger, no less than the floor and no more than the points (shares are 0..1)
PERCENT_SHARE, PERCENT_FLOOR, PERCENT_POINTS = 0.25, 0.005, 0.05
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9}
_FRACTIONS = {
    "half": 0.5,
    "halves": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
    "tenth": 0.1,
    "tenths": 0.1,
}
#: seconds in each time unit, so "two weeks" and "14 days" compare equal
TIME_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
              "fortnight": 1209600, "month": 2629800, "year": 31557600,
              "decade": 315576000}  # fmt: skip
_FACTORS = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0, "halv": 0.5}
_FACTOR = re.compile(r"\b(doubl|tripl|quadrupl|halv)(?:e|ed|es|ing)\b", re.I)
#: a decade in words is a year as "the 1990s" is: "the (early) nineties" (not "in their
#: twenties", an age)
_DECADE = re.compile(
    r"\bthe\s+(?:(?:early|mid|late)[\s-]+)?(" + "|".join(DECADE_WORDS) + r")\b", re.I
)
#: a decade in one word is ten years ('over the past decade' ~ 'in the last ten years'; not
#: 'the decade from 1994 to 2004', which names its years)
_A_DECADE = re.compile(
    r"\b(?:(?:a|one)\s+|the\s+(?:past|last|previous|next|following)\s+)decade\b", re.I
)
MONTHS = set(
    "january february march april may june july august september october november december".split()
)
_APPROX = re.compile(
    r"\b(about|around|roughly|approximately|approx|nearly|almost|some|over|more than|less than|"
    r"fewer than|up to|as many as|as much as|at least|at most|under|above|below|close to|"
    r"estimated|an estimated|upwards of|just over|just under|in excess of|circa|c\.)\s*$|~\s*$",
    re.I,
)
_NUMBER_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
#: a cheap first look: digits, or a word that may be a number ("ten", "half", "doubled")
_ANY_NUMBER = re.compile(
    r"\d|\b(?:" + _NUMBER_WORD + r"|a third|thirds?|quarters?|halves|half|fifths?|tenths?|"
    r"doubl|tripl|quadrupl|halv)",
    re.I,
)
_QUANTITY = re.compile(
    r"(?P<cur>(?:US)?\$|€|£)?\s?"
    r"(?:(?P<num>(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|st\b|nd\b|rd\b|th\b|\.\d)"
    r"|(?<![\w.])\.\d+)"
    r"|(?P<frac>\b(?:a|one|two|three|four|nine)[- ](?:half|third|thirds|quarter|quarters|fifth|"
    r"fifths|tenth|tenths)\b|\bhalf\b)"
    r"|(?P<word>\b(?:(?:" + _NUMBER_WORD + r")(?:[- ](?:" + _NUMBER_WORD + r"))?)\b))"
    r"(?P<ratio>\s+(?:in|out of)\s+(?:ten|10|a hundred|100|five|5|four|4|three|3))?"
    r"(?P<scale>\s?(?:thousand|million|billion|trillion|bn|m)\b)?"
    r"(?P<pct>\s?(?:%|percent\b|per cent\b|percentage points?\b))?",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """A quantity stated in a text. `value` is in its unit: a share for percentages and
    fractions (0.92), seconds for durations, the number otherwise."""

    text: str
    value: float
    kind: str  # percent | money | year | duration | count | century | …
    unit: str = ""  # stem of the noun it counts ("offic" in "113 officers")
    approx: bool = False
    start: int = 0

    def same_as(self, other: Quantity) -> bool:
        if {self.kind, other.kind} == {"year", "cited"}:
            return self.value == other.value
        if self.kind == other.kind:
            tolerance = 0.1 if (self.approx or other.approx) else 1e-6
            if self.kind == "percent" and (self.approx or other.approx):  # 'about half': 48%;
                # 'about 3%' is not 2% (a quarter of the larger, five points at most)
                largest = max(abs(self.value), abs(other.value))
                allowed = max(PERCENT_FLOOR, min(PERCENT_POINTS, PERCENT_SHARE * largest))
                return abs(self.value - other.value) <= allowed + 1e-9
            scale = max(abs(self.value), abs(other.value), 1e-9)
            return abs(self.value - other.value) / scale <= tolerance
        return False

    def comparable(self, other: Quantity) -> bool:
        """Do the two state the same kind of thing (so that different values conflict)? The
        year of a cited work conflicts with nothing."""
        if self.kind != other.kind or self.kind == "cited":
            return False
        if self.kind == "count" and self.unit and other.unit:
            return self.unit == other.unit
        return True


def _word_number(text: str) -> float | None:
    total = 0.0
    for part in re.split(r"[- ]", text.lower()):
        if part not in _UNITS:
            return None
        value = _UNITS[part]
        total = total * value if value == 100 and total else total + value
    return total


@lru_cache(maxsize=16384)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity in the text, in order."""
    found = [
        *(
            Quantity(
                m.group(0), float(DECADE_WORDS[m.group(1).lower()]), "year", "", False, m.start()
            )
            for m in _DECADE.finditer(text)
        ),
        *(
            Quantity(m.group(0), TIME_UNITS["decade"], "duration", "decad", False, m.start())
            for m in _A_DECADE.finditer(text)
        ),
        *_frequencies(text),
        *(Quantity(said, value, "century", "", False, at) for said, value, at in centuries(text)),
        *(
            Quantity(m.group(0), _FACTORS[m.group(1).lower()], "factor", "", False, m.start())
            for m in _FACTOR.finditer(text)
        ),
    ]
    if not _ANY_NUMBER.search(text):
        return tuple(found)
    taken = [(q.start, q.start + len(q.text)) for q in found if q.kind == "frequency"]
    for m in _QUANTITY.finditer(text):
        raw, value = m.group(0).strip(), None
        kind = "count"
        if m.group("num"):
            digits = m.group("num").replace(",", "")
            value = float(digits)
            plain = re.fullmatch(r"\d{4}", m.group("num")) is not None  # not "2,000"
            if plain and not (m.group("cur") or m.group("pct")) and _year(value, text, m):
                kind = "year"
        elif m.group("word"):
            value = _word_number(m.group("word"))
            if value is None or (m.group("word").lower() == "one" and not m.group("ratio")):
                continue  # "one of", "one could" (not "one in five")
        else:
            head, _, tail = m.group("frac").lower().replace("-", " ").partition(" ")
            if not tail:  # "half"
                value, kind = 0.5, "percent"
            else:
                value, kind = (_UNITS.get(head) or 1) * _FRACTIONS[tail], "percent"
        end = m.end()
        half = _AND_A_HALF.match(text, end) if kind == "count" else None
        if half is not None:  # "four and a half times": 4.5, and no half of its own
            value, end = value + 0.5, half.end()
            raw = text[m.start() : end].strip()
            taken.append((m.end(), end))
        if m.group("ratio"):
            base = _word_number(m.group("ratio").split()[-1]) or float(
                re.sub(r"\D", "", m.group("ratio")) or 1
            )
            value, kind = value / base, "percent"
        if m.group("scale"):
            value *= _SCALES[m.group("scale").strip().lower()]
        if m.group("pct"):
            value, kind = value / 100, "percent"
        first = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if _enumerator(text, m) or _label(text, m, first) or any(a <= first < b for a, b in taken):
            continue
        if kind == "year" and _cited(text, m):  # "(2016: 16)", "Wolfe et al. (2022)"
            kind = "cited"
        if kind == "count" and len(raw) == 2 and (year := _YEAR_BEFORE.search(text, 0, first)):
            value, kind = float(year.group(1)[:2] + raw), "year"  # the '22' of '2021-22'
        if m.group("cur") or re.match(r"\s*(dollars|euros|pounds)\b", text[m.end() :], re.I):
            kind = "money"
        before = text[max(0, m.start() - 20) : m.start()]
        approx = bool(_APPROX.search(before)) or bool(m.group("frac"))
        unit = _unit_after(text, end) if kind == "count" else ""
        if kind == "count" and raw.lower() in ("once", "twice", "thrice"):
            unit = "time"  # a number of times ('only twice'), not of things
        if kind == "count" and unit in TIME_UNITS:
            value, kind = value * TIME_UNITS[unit], "duration"
        if unit in MONTHS:  # "29 September 2003": a day of a date, not a count
            continue
        if kind == "count" and re.search(r"[A-Za-z]-$", text[max(0, first - 2) : first]):
            continue  # part of a name: "COVID-19", "G-7" (not "mid-1990s", "18-24")
        if (
            kind == "count"
            and value <= 31
            and _MONTH_BEFORE.search(text, max(0, first - 12), first)
        ):
            continue  # "January 10, 2013", "Mar. 7": the day of a date
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        found.append(Quantity(raw, value, kind, stem(unit) if unit else "", approx, start))
    return tuple(sorted(_ranges(text, found), key=lambda q: q.start))


_MONTH_BEFORE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+$",
    re.I,
)


def _cited(text: str, m: re.Match[str]) -> bool:
    """Is this year the year of a cited work rather than of an event?"""
    before = text[max(0, m.start() - 40) : m.start()]
    after = text[m.end() : m.end() + 12]
    in_brackets = bool(re.search(r"\([^()]*$", before)) and bool(
        re.match(r"[a-z]?(?:[:,;][^()]*)?\)", after)
    )
    named = bool(  # "Wolfe et al. (2022)", "Cordner's (2017)", "Fridell and colleagues (2009)"
        re.search(
            r"(?:et al\.?|[A-Z][a-z]+(?:['’]s)?(?:\s*(?:&|and)\s*[A-Z][a-z]+)?|"
            r"[A-Z][a-z]+ and (?:colleagues|co-authors|coauthors|associates))(?:['’]s)?,?\s*\(?$",
            before,
        )
    )
    author = re.search(r"(?:\b([A-Z][a-z]+)|\bet al\.?),?\s*$", before)  # '… Jackson et al., '
    if (
        author
        and (author.group(1) or "").lower() not in MONTHS
        and re.match(r"[a-z]?\s*[;)]", after)
    ):
        return True  # "… and Eck 2002; Weisburd and Eck 2004)": its bracket opened before
    return in_brackets and (
        named or bool(re.match(r"[a-z]?\s*[:,]\s*\d", after)) or author is not None
    )


_PER_YEAR = {"day": 365.0, "week": 52.0, "fortnight": 26.0, "month": 12.0, "quarter": 4.0,
             "year": 1.0}  # fmt: skip
_ADVERBS = {"daily": 365.0, "day-to-day": 365.0, "weekly": 52.0, "fortnightly": 26.0,
            "biweekly": 26.0, "monthly": 12.0, "quarterly": 4.0, "half-yearly": 2.0,
            "biannually": 2.0, "bi-annually": 2.0, "annually": 1.0, "yearly": 1.0,
            "annual": 1.0, "biannual": 2.0}  # fmt: skip
_EVERY = re.compile(
    r"\b(?:(once|twice|thrice|(?:\w+|\d+) times)\s+(?:a|an|per|each|every)\s+"
    r"|(?:every|each)\s+(other|second|third|two|three|four|six|\d+)?\s*)"
    r"(day|week|fortnight|month|quarter|year)s?\b"
    r"|\b(?:(once|twice|thrice|(?:\w+|\d+) times)\s+)?(daily|day-to-day|weekly|fortnightly|"
    r"biweekly|monthly|quarterly|half-yearly|bi-?annually|annually|yearly|biannual|annual)\b",
    re.I,
)
_ORDINAL_EVERY = {"other": 2, "second": 2, "third": 3}
_BEFORE_A_YEAR = re.compile(r"\b(?:in|since|from|until|by|during|before|after|circa)\s*$", re.I)


def _year(value: float, text: str, m: re.Match[str]) -> bool:
    """Is a plain four-digit number a year: 1800 to 2099, or an earlier one written as a year,
    after 'in', 'since' … ('In 1737, George II') or as a decade ('the 1660s')?"""
    if 1800 <= value <= 2099:
        return True
    before = _BEFORE_A_YEAR.search(text, 0, m.start("num"))
    return 1000 <= value < 1800 and (before is not None or text[m.end() : m.end() + 1] == "s")


_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)[-–/]$")  # the first year of '2021-22', '1998/99'
_COUNTED_BEFORE = re.compile(r"\d[\d,.]*\s+(?:[\w-]+\s+){0,2}$")


def _frequencies(text: str) -> list[Quantity]:
    """How often: 'once a week', 'every second week', 'fortnightly' — as times a year."""
    found = []
    for m in _EVERY.finditer(text):
        counted = _COUNTED_BEFORE.search(text[: m.start()])
        if counted and m.group(0).lower().startswith(("every", "each")):
            continue  # '160 assaults every day': a rate of the count, as 'per day' is
        if m.group(5):  # 'weekly', 'twice annually'
            value = _ADVERBS[m.group(5).lower().replace("bi-annually", "biannually")]
            value *= _times(m.group(4)) if m.group(4) else 1.0
        else:
            value = _times(m.group(1)) if m.group(1) else 1.0
            every = (m.group(2) or "").lower()
            gap = _ORDINAL_EVERY.get(every) or _word_number(every) or int(every or 1)
            value *= _PER_YEAR[m.group(3).lower()] / gap
        found.append(Quantity(m.group(0), value, "frequency", "", False, m.start()))
    return found


_AND_A_HALF = re.compile(r"\s+and a half\b", re.I)


def _times(said: str) -> float:
    """'once' 1, 'twice' 2, 'three times' 3."""
    head = said.lower().split()[0]
    return {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(head) or float(
        _word_number(head) or (head.isdigit() and int(head)) or 1
    )


_LISTED_BRACKET = re.compile(r"(?:^|[:;,]|\band|\bor)\s*\($")


def _enumerator(text: str, m: re.Match[str]) -> bool:
    """A list's '2.' or '3)' — a position, not a quantity."""
    number = m.group("num")
    if not number or not number.isdigit() or int(number) > 30 or m.group("pct") or m.group("cur"):
        return False
    if m.group("scale"):  # "… to 27 million." ends a sentence, no list
        return False
    after = text[m.end() : m.end() + 3]
    before = text[: m.start()].rstrip(" ")
    if not before.strip() and re.match(r"\s+[A-Z][a-z]", after):  # '8 If applicable, …'
        return True  # (a count's noun is in lower case: '12 officers')
    return bool(re.match(r"[.)](\s+[A-Z]|\s*$)", after)) or (
        (not before or before.endswith("\n") or bool(_LISTED_BRACKET.search(before)))
        and after[:1] in (".", ")")
    )  # ('…: (1) very trusting, (2) trusting': a list's items in brackets; not 'stops (12)')


_LABEL_WORD = re.compile(
    r"\b(?:chapters?|sections?|tables?|figures?|fig\.|pages?|pp?\.|annex(?:es)?|appendix|"
    r"articles?|paragraphs?|para\.|box|chart|part|footnotes?|notes?|vol(?:ume)?\.?|no\.|"
    r"editions?|versions?|§)\s*$|\b(?-i:Levels?|Tiers?|Grades?|Stud(?:y|ies)|Experiments?|"
    r"Models?|Waves?|Phases?|Stages?|Steps?|Rounds?|Hypothes[ie]s|Columns?|Panels?|Exhibits?|Schedules?|Clauses?)\s*$",
    re.I,
)


_HEADING_NUMBER = re.compile(
    r"\d+(?:\.\d+)+\.?\s+(?!(?:Million|Billion|Thousand|Hundred|Per|Percent)\b)[A-Z][a-z]"
)


def labels_number(word: str) -> bool:
    """Does the word name a part or stage that a number after it labels ('Chapter', 'Level')?"""
    return bool(_LABEL_WORD.search(word))


def _label(text: str, m: re.Match[str], first: int) -> bool:
    """'Chapter 8', 'Table 4', 'p. 12', '§ 3' (the number at `first`) label a part: no count;
    nor does a heading's number ('7.4 Levels of …')."""
    if not m.group("num") or m.group("pct") or m.group("cur"):
        return False
    heading = not text[:first].strip() and _HEADING_NUMBER.match(text, first) is not None
    return heading or labels_number(text[max(0, first - 14) : first])


def _unit_after(text: str, end: int) -> str:
    """The noun a number counts: the next word, skipping an adjective or 'more'/'additional'."""
    following = words(text[end : end + 60])[:3]
    for word in following:
        singular = word[:-1] if word.endswith("s") and word[:-1] in TIME_UNITS else word
        if singular in TIME_UNITS:
            return singular
        if (
            word in STOPWORDS
            or word in ("additional", "to")
            or word[0].isdigit()
            or word in _SCALES
        ):
            continue
        return word
    return ""


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """'15 to 20%', 'between 15 and 20%': the first number shares the percent (and '12 to 27
    million' the scale) of the second ('and' joins a range only after 'between')."""
    out = list(found)
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        between = text[a.start + len(a.text) : b.start]
        joined = re.fullmatch(r"\s*(-|–|to)\s*", between) or (
            re.fullmatch(r"\s*and\s*", between)
            and re.search(r"\bbetween\s+$", text[: a.start], re.I)
        )
        if a.kind == "count" and b.kind == "percent" and joined:
            out[i] = Quantity(a.text + "%", a.value / 100, "percent", "", b.approx, a.start)
        scale = _SCALE_IN.search(b.text) if joined and {a.kind, b.kind} <= _AMOUNTS else None
        if scale and not _SCALE_IN.search(a.text):  # 'between 12 and 27 million': 12 million
            kind = "money" if "money" in (a.kind, b.kind) else "count"
            value = a.value * _SCALES[scale.group(0).lower()]
            out[i] = Quantity(a.text, value, kind, b.unit, a.approx, a.start)
    return out


_SCALE_IN = re.compile(r"\b(?:thousand|million|billion|trillion|bn|m)\b", re.I)
_AMOUNTS = {"count", "money"}


def noun_phrase(text: str, quantity: Quantity) -> str:
    """The number and the words of its noun phrase after it, up to a preposition or a verb
    ('17,000 state and local law enforcement agencies')."""
    found = _NOUN_PHRASE.match(text, quantity.start + len(quantity.text))
    return quantity.text + (found.group(0) if found else "")


_NOUN_PHRASE = re.compile(
    r"(?:\s+(?!(?:from|of|in|at|to|for|with|by|who|that|which|were|was|are|is|had|have|has)\b)"
    r"[\w'’-]+){0,6}"
)
