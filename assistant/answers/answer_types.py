"""Does a text hold the kind of answer a question asks for: a percentage, an amount of money, a
date, a duration or frequency, a figure, a count of the thing asked about, a place, a person, a
definition of the term, a reason? And is it a statement at all, or a heading, a caption or a
figure's text (`fragment`)?"""

from __future__ import annotations

import re
from functools import lru_cache

from ..search.asked import scene
from ..search.lexical import STOPWORDS
from .clauses import part_of
from .counted import (
    KINDS,
    OF_THOSE,
    acted_on,
    counted_noun,
    described,
    focus_near,
    is_counted,
    share_noun,
)
from .facts import Name
from .measures import measured
from .named import names_answer
from .quantities import Quantity, noun_phrase, quantities
from .questions import HARD_TYPES, QuestionSpec, read_question, second_part
from .references import bibliographic
from .subjects import dated_for_other, siblings
from .words import content_stems, stem, words

TYPE_WORDS = {
    "percent": "percentage or share",
    "money": "amount of money",
    "count": "number",
    "duration": "duration or frequency",
    "date": "date or year",
    "quantity": "figure",
    "place": "place",
    "person": "name of a person",
    "organisation": "organisation",
    "definition": "definition",
    "reason": "reason",
}
_DEFINITION_CUES = re.compile(
    r"\b(is|are|means?|refers? to|defined as|definition|i\.e\.|that is|known as|describes?)\b", re.I
)
_REASON_CUES = re.compile(
    r"\b(because|since|due to|as a result|so that|in order to|reasons?|leads? to|caus\w*|"
    r"therefore|thus|explain\w*|attribut\w* to|owing to|stem(?:s|med)? from|the fact that|"
    r"given that|results? (?:of|from)|driven by|why|weakness(?:es)?|drawbacks?|shortcomings?)\b|"
    r", so (?!far|called)",
    re.I,
)
_DATE_WORDS = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|"
    r"december|nineties|eighties|seventies|sixties|century|decade)\b",
    re.I,
)
_FREQUENCY = re.compile(
    r"\b(daily|weekly|monthly|quarterly|annually|yearly|fortnightly|biweekly|half-yearly|"
    r"every (other|second|third|two|three|few|\d+)?\s*(hour|day|week|fortnight|month|quarter|"
    r"year|shift)s?|once a|twice a|times a|per (day|week|month|year))\b",
    re.I,
)


_ABOUT_TIME = re.compile(
    r"\b(time|times|period|duration|length|long|age|aged|old|years?|months?|weeks?|days?|"
    r"hours?|minutes?|sentence|term|delay|wait)\b",
    re.I,
)


_OF_WHOLE = re.compile(r"\bhow many of (?:the |its |their |these |those )?(\d[\d,]*)\b", re.I)


def holds_type(answer_type: str, focus: frozenset[str], text: str, question: str) -> bool:
    """Does the text hold an answer of the type the question asks for? (A figure the question
    states itself answers nothing: 'how many of the 114 managers …' is not '114 returned it'.)"""
    stated = read_question(question).numbers  # parsed once per question (cached)
    found = tuple(q for q in quantities(text) if not any(_whole(q, s, text) for s in stated))
    if answer_type in ("count", "quantity", "money") and rate_differs(question, text):
        return False  # 'how many a week' is not answered by '1,244 searches per month'
    if answer_type == "percent":  # a share of what the question asks about, if it says
        # ('how much of the variation …?': a share of the variation)
        of = share_noun(question) or (focus if _HOW_MUCH_OF.search(question) else frozenset())
        shares = [q for q in found if q.kind == "percent"]
        return any(
            not of
            or focus_near(q, of, text)
            or OF_THOSE.match(text[q.start + len(q.text) :]) is not None
            for q in shares
        )
    if answer_type == "money":
        return any(q.kind == "money" for q in found)
    if answer_type == "date":  # a year the scene before the question gives ('begun in 2009')
        stated_years = {q.value for q in quantities(scene(question)) if q.kind == "year"}
        found = tuple(q for q in found if q.kind != "year" or q.value not in stated_years)
        # a scholar's or a work's year is the year cited ('Spergel (1966) was one of the first')
        kinds = ("year", "cited") if _WORK_ASKED.search(question) else ("year",)
        if _YEAR_ASKED.search(question):  # a year, not a decade ("since the mid-1990s")
            return any(q.kind in kinds and not _decade(q, text) for q in found)
        return any(q.kind == "year" for q in found) or bool(_DATE_WORDS.search(text))
    if answer_type == "duration" and _AGE_ASKED.search(question):  # an age: years, not a rate
        # (any number of years: 'had worked 14 years' passes too)
        return any(q.kind == "duration" and q.unit in ("", "year") for q in found) or (
            any(q.kind == "count" for q in found) and bool(_AGE_WORDS.search(text))
        )
    if answer_type == "duration":  # in the unit a "how many hours" question names
        named_unit = _UNIT_ASKED.search(question)
        unit = stem(named_unit.group(1)) if named_unit else ""
        return (
            any(
                q.kind == "duration"
                and q.unit in ("", unit or q.unit)
                # 'four weeks later' is when, not how long a thing lasts
                and not (_LASTS.search(question) and _OFFSET.match(text, q.start + len(q.text)))
                for q in found
            )
            # how often, not how long or soon ('updated every three months'), unless asked both
            or (
                not unit
                and (not _HOW_LONG.search(question) or _HOW_OFTEN.search(question) is not None)
                and bool(_FREQUENCY.search(text))
            )
            # "how often did a search end in arrest?": "in 88% of them" is how often
            or (
                bool(_HOW_OFTEN.search(question))
                and any(q.kind == "percent" or q.unit == "time" for q in found)
            )
            # 'what period does it cover?': '1960-2020'
            or (bool(_PERIOD_ASKED.search(question)) and bool(_YEAR_SPAN.search(text)))
        )
    if answer_type == "quantity":  # a figure, but not a count of other things
        # 'by how much did it fall?' asks for a change, not a level ('… ranged from 0 to 2,802')
        first = question[: len(question) - len(second_part(question))]
        if _CHANGE_ASKED.search(first) and not _CHANGE_TOLD.search(text):
            return False
        mentioned = content_stems(question) | focus
        near = measured(question)
        return any(
            (
                (not q.unit or q.unit in mentioned or q.unit in _MEASURE_UNITS)
                if q.kind == "count"
                else q.kind not in ("year", "cited")
            )
            # a length of time answers only a question about time (no score, no age limit)
            and (q.kind != "duration" or bool(_ABOUT_TIME.search(question)))
            and (not near or q.unit in near or focus_near(q, near, text))
            for q in found
        )
    if answer_type == "count":  # a number that counts the thing asked about
        whole = _OF_WHOLE.search(question)  # 'how many of the 546 officers': fewer than 546
        most = float(whole.group(1).replace(",", "")) if whole else float("inf")
        counts = [q for q in found if q.kind in ("count", "duration") and q.value < most]
        if not focus:
            return bool(counts)
        head = counted_noun(question)
        counted = frozenset({head}) if head and head not in KINDS else focus  # kinds of what
        return any(
            q.unit in counted
            or is_counted(q, counted, text)
            # a bare number by the counted noun ('how many complaints': not by 'searches')
            or (not q.unit and focus_near(q, counted, text))
            # a part of the whole the question states ('Of the 114 managers …, 31 held …')
            or any(part_of(q, whole, text) for whole in stated)
            # the thing counted, under another name ('9 items on the role of policing')
            or (bool(head) and described(q, head, question, text))
            # 'employed 3,568 staff', '35 indicated that …': how many people, respondents
            or acted_on(q, question, head, text)
            for q in counts
        )
    if answer_type in ("place", "person", "organisation"):
        return names_answer(answer_type, text, question)
    if answer_type == "definition":  # the term, and words that define it
        held = content_stems(text)
        return bool(_DEFINITION_CUES.search(text)) and (not focus or bool(focus & held))
    if answer_type == "reason":
        return bool(_REASON_CUES.search(text))
    return True


def _whole(found: Quantity, stated: Quantity, text: str) -> bool:
    """Is the figure found the one the question states ('of the roughly 18,000 agencies':
    'over 17,000 state and local agencies' is that whole again, no part of it)?"""
    if found.kind != stated.kind:
        return False
    unit = found.unit == stated.unit or stated.unit in content_stems(noun_phrase(text, found))
    near = found.kind == "count" and (found.approx or stated.approx) and unit
    return found.value == stated.value or (
        near and abs(found.value - stated.value) <= 0.1 * stated.value
    )


#: a pronoun by which a question's second part refers to what its first part asks about
_PRONOUN = re.compile(r"\b(?:it|its|this|that|they|them|those)\b", re.I)
#: units of measurement: a count in them is a figure of what the question measures
_MEASURE_UNITS = frozenset(
    "mm cm m km metre meter metr kilometr centimetr feet foot inch yard mile mph kph kg gram "
    "kilogram pound ton tonn litr liter gallon".split()
)
_UNIT_ASKED = re.compile(r"\bhow many (second|minute|hour|day|week|month|year)s?\b", re.I)
_YEAR_ASKED = re.compile(r"\b(what|which) year\b", re.I)
_WORK_ASKED = re.compile(
    r"\b(?:which|what) (?:scholars?|authors?|researchers?|criminologists?|sociologists?|"
    r"theorists?|writers?|academics?)\b|\b(?:did|was|were) (?:it|the (?:report|study|book|"
    r"article|paper|guidebook|manual|chapter|edition)) (?:come out|published|released|written)\b",
    re.I,
)
_HOW_LONG = re.compile(r"\bhow (long|much time|soon|quickly|fast)\b|\b(length|duration)\b", re.I)
_HOW_OFTEN = re.compile(r"\bhow (often|frequently)\b", re.I)
_CHANGE_ASKED = re.compile(
    r"\bby how much\b|\bhow much (?:did|does|do|had|has|have|would|will)\b[^?]*\b(?:rise|rose|"
    r"risen|fall|fell|fallen|drop|dropped|increase|decrease|decline|grow|grew|grown|change|"
    r"changed|cut|reduce|shrink|shrank|raise|lower)\b",
    re.I,
)
_CHANGE_TOLD = re.compile(
    r"\b(?:(?:increas|decreas|declin|reduc|chang|doubl|tripl|halv|gain|jump|climb|soar|surg|"
    r"plung|plummet|slump|exceed|outnumber|drop|grow)\w*|ris(?:e|es|en|ing)|rose|fall(?:s|en|ing)?|"
    r"fell|grew|cuts?|lower|higher|more|fewer|less|loss|losses|times|odds|up|down|dip(?:ped)?|"
    r"sl(?:ip|ipped|id)|percentage points?)\b|[↑↓]|"
    r"(?<!ranged )(?<!ranging )\bfrom\b[^.;]{0,40}?\bto\b",  # a rise 'from 40 to 52'
    re.I,
)
_AGE_ASKED = re.compile(r"\bhow old\b|\bat what age\b", re.I)
_AGE_WORDS = re.compile(r"\bage[ds]?\b|\byears? old\b|\byears of age\b", re.I)
_LASTS = re.compile(  # (or of service: 'how many years had they served?')
    r"\b(?:last|lasts|lasted|length|duration|served|tenure)\b(?![^?]*\b(?:after|before)\b)", re.I
)
_OFFSET = re.compile(r"\s*(?:[a-z]+\s+)?(?:later|earlier|ago|afterwards|beforehand)\b", re.I)
_HOW_MUCH_OF = re.compile(r"\bhow much of\b", re.I)
_PERIOD_ASKED = re.compile(r"\b(?:what|which) (?:time )?(?:period|span|years)\b", re.I)
_YEAR_SPAN = re.compile(
    r"\b(?:1[6-9]|20)\d\d\s*(?:[-–—]|to|until|through)\s*(?:(?:1[6-9]|20)\d\d|\d\d)\b|"
    r"\bbetween (?:1[6-9]|20)\d\d and (?:1[6-9]|20)\d\d\b",
    re.I,
)


def rate_differs(question: str, text: str) -> bool:
    """Does the question ask for a figure per day, week, month or year and the text give
    figures per other periods only?"""
    asked = {m.group(1).lower() for m in _RATE_ASKED.finditer(question)}
    given = {m.group(1).lower() for m in _RATE_GIVEN.finditer(text)}
    return bool(asked and given and not asked & given)


_RATE_ASKED = re.compile(
    r"\b(?:per|a|an|each|every|in an? (?:average|typical|single|given))\s+(day|week|month|year)\b",
    re.I,
)
_RATE_GIVEN = re.compile(r"\b(?:per|a|an|each|every)\s+(day|week|month|year)\b", re.I)


def _decade(q: Quantity, text: str) -> bool:
    """Is the year a decade ("the 1990s", "the 1990's")?"""
    end = q.start + len(q.text)
    return q.value % 10 == 0 and (text[end : end + 1] == "s" or text[end : end + 2] in ("'s", "’s"))


SHORT_SENTENCE = 6  # words; shorter ones are headings and labels
PROSE_SHARE = 0.3  # of function words, from which a text full of figures is still a sentence
_CAPTION = re.compile(r"^\W*(table|figure|fig\.|chart|box|graph|annex|appendix)\s+[\w.]+", re.I)
_INNER_CAPTION = re.compile(r"\b(?:Table|Figure|Fig\.|Chart|Graph)\s+\d+[a-z]?\s*:")


def after_caption(sentence: str) -> int:
    """Where the statement starts in a sentence glued to a chart's labels and caption ('… 2022
    number of searches per month Figure 1: Number of searches, March 2019 to March 2022
    Between April 2021 and March 2022, police …'): at the first capitalised small word after
    the caption; 0 for a sentence without an inner caption."""
    caption = _INNER_CAPTION.search(sentence)
    if caption is None:
        return 0
    for word in re.finditer(r"\s([A-Z][a-z]+)\b", sentence[caption.end() :]):
        if word.group(1).lower() in STOPWORDS:
            return caption.end() + word.start(1)
    return 0


_NUMERIC = re.compile(r"[-+]?[\d.,]+%?")
_SECTION_NUMBER = re.compile(r"(?<![\d.])\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+[A-Z]")  # "8.1 ILP …"


@lru_cache(maxsize=8192)
def fragment(sentence: str) -> bool:
    """A heading, a caption or text lifted from a figure, not a statement: few words, a
    caption's opening, or many words in capitals."""
    tokens = sentence.split()
    # words set in capitals, not acronyms ("EU", "ILP", "OSCE" stand in ordinary sentences)
    capitals = sum(1 for t in tokens if len(t) > 4 and t.isupper())
    numbers = sum(1 for t in tokens if any(c.isdigit() for c in t) or t in "|%")
    # words broken into letters, as a figure's text may be extracted ('P riorit ei s Goals')
    broken = sum(1 for t in tokens if t.isalpha() and len(t) <= 2 and t.lower() not in STOPWORDS)
    return (
        len(words(sentence)) < SHORT_SENTENCE
        or bool(_CAPTION.match(sentence) or _INNER_CAPTION.search(sentence))
        or sum(1 for t in tokens[:5] if _NUMERIC.fullmatch(t)) >= 3  # a chart's axis or labels
        or len(_SECTION_NUMBER.findall(sentence)) >= 3  # a table of contents
        or capitals >= max(3, 0.25 * len(tokens))
        or broken >= max(4, 0.2 * len(tokens))
        # a diagram's labels: words in capitals among noun phrases with few function words
        or (capitals >= 5 and sum(t.lower() in STOPWORDS for t in tokens) < 0.15 * len(tokens))
        or (  # a table's or a chart's figures, not figures told in a sentence ("17% were
            # aged under 18, 36% were between 18 and 24, and 47% were 25 or older")
            numbers >= max(4, 0.3 * len(tokens))
            and sum(1 for t in tokens if t.lower() in STOPWORDS) < PROSE_SHARE * len(tokens)
        )
    )


#: a sentence that turns to another subject than the one before it
_NEW_SUBJECT = re.compile(
    r"\s*(?:(?:in (?:a|another) |(?:a|another) (?=separate|different|second|later))(?:separate "
    r"|different |second |later )?(?:study|analysis|experiment|survey|paper|report)\b|"
    r"in contrast|by contrast|meanwhile|similarly|likewise|conversely|elsewhere|"
    r"on the other hand)\b",
    re.I,
)
#: answer types whose answer is a figure or a date, not a name itself
FIGURE_TYPES = ("percent", "money", "count", "duration", "date", "quantity")
#: answer types named as the kind of figure they ask for
_KINDS = frozenset({"percent", "money", "count", "duration"})
#: what a second part may ask for that a sentence answers alone ('when do officers issue one?'
#: asks for circumstances more often than for a date)
_SECOND_PART_TYPES = ("percent", "money", "count", "duration", "quantity", "person")


@lru_cache(maxsize=8192)
def typed_either(
    spec: QuestionSpec, sentence: str, before: str, after: str, question: str
) -> tuple[bool, str]:
    """As `typed`, for either part of a question in two parts whose second part asks for a
    figure or for people of its own ('… on site, and how many pages …'); cached, as the judge
    asks for it twice for a sentence (its score and its verdict)."""
    typed_, beside = typed(
        spec.answer_type, spec.focus, sentence, before, after, question, spec.names
    )
    second = second_part(question) if not typed_ else ""
    if second:
        part = read_question(second)
        if part.answer_type in _SECOND_PART_TYPES:  # 'by how much had it risen?': what 'it'
            # is, the first part says ('what was that crime rate …'); a person must be one
            # the whole question does not name ('…, and who shot him?'); nor a figure it states
            whole = _PRONOUN.search(second) or part.answer_type == "person"
            ask = question if whole else scene(question) + second
            return typed(part.answer_type, part.focus, sentence, before, after, ask, spec.names)
    return typed_, beside


def typed(
    answer_type: str,
    focus: frozenset[str],
    sentence: str,
    before: str,
    after: str,
    question: str,
    asked: tuple[Name, ...] = (),
) -> tuple[bool, str]:
    """(the answer type is held, "" in the sentence or "before"/"after": beside it — where
    the figure or date beside it is not a sibling's of a name `asked`)."""
    if holds_type(answer_type, focus, sentence, question):
        return True, ""
    # a reason is given after what it explains ("… This is because …"), not before it; a
    # sentence with a figure of its own of another kind ("2% by British Transport Police" for
    # how many) gives that, not the total beside it ("they made just 50" may count the stops
    # the sentence before names)
    own = {q.kind for q in quantities(sentence)} - {"year", "cited"}
    asked_years = tuple(q.value for q in quantities(question) if q.kind == "year")
    if answer_type == "date":  # the year of an event it names is no constraint, as in `answers`
        asked_years = tuple(y for y in asked_years if y not in read_question(question).event_years)
    sides: tuple[str, ...] = ("after", "before") if answer_type in HARD_TYPES else ()
    sides = () if own and answer_type in _KINDS and answer_type not in own else sides
    sides = ("after",) if answer_type == "reason" else sides
    for side in sides:
        text = after if side == "after" else before
        if _NEW_SUBJECT.match(after if side == "after" else sentence):
            continue  # "In a separate study, …": the sentences on either side differ in subject
        if text and holds_type(answer_type, focus, text, question) and not bibliographic(text):
            if answer_type in FIGURE_TYPES and siblings(asked, text):
                continue
            if answer_type == "date" and dated_for_other(asked, text):  # another body's date
                continue
            if year_conflicts(asked_years, text):  # "held in Vienna" in 2016, asked for 2017
                continue
            return True, side
    return False, ""


def year_conflicts(
    years: tuple[float, ...], sentence: str, works: tuple[float, ...] = ()
) -> list[tuple[str, str, str]]:
    """A sentence that dates its fact to other years than the question asks about (not one
    that cites a work of the year asked, `works`: 'Becker (1963) argued …, see also Black
    1976' for 'writing in 1963')."""
    if not years:
        return []
    found = quantities(sentence)
    stated = [q for q in found if q.kind == "year"]
    cited = [q for q in found if q.kind == "cited" and q.value in works]
    if not stated or cited or any(q.value in years for q in stated):
        return []
    return [("year", f"{years[0]:.0f}", stated[0].text)]


#: a sentence that opens by saying what a thing is ('A hypothesis is a tentative …')
_DEFINING = re.compile(
    r"^\W*(?:(?!(?:of|on|in|about|for|with|to)\b)[\w'’-]+\s+){0,6}?"
    r"(?:(?:is|are)\s+(?:an?|the|one|any)\b|means\b|refers to\b|(?:is|can be) defined as\b)",
    re.I,
)


def defines(focus: frozenset[str], sentence: str) -> bool:
    """Does the sentence open by saying what the term asked about (`focus`) is?"""
    opening = _DEFINING.match(sentence)
    return bool(focus) and opening is not None and focus <= content_stems(opening.group(0))
