"""What a question asks for: its answer type (a number, a share, an amount of money, a date, a
duration, a place, a person, an organisation, a definition, a reason, yes or no), the focus of a
'how many', and the constraints an answer's source must respect (names, years, figures)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..search.asked import asking_sentence
from ..search.lexical import STOPWORDS
from .counted import AUX, focus_of
from .dated import dated_event, document_years, event_years, source_years
from .facts import Name, names, personal
from .measures import part_asked
from .quantities import MONTHS, Quantity, quantities
from .words import content_stems, stem, words

#: 'where … from' asks for a source; 'where can the files be found / is it described' for
#: a document, a section or an account, not a place
_NOT_LOCATED = (
    r"[^?]*\b(?:from|(?:can|could|may|might)\b[^?]*\b(?:found|accessed|obtained|downloaded|read)|"
    r"available|published|listed|described|defined|mentioned|explained|set out|argued|stated|"
    r"written|claimed|suggested|noted|quoted|cited|asserted|"
    # 'where should such concerns be raised / do they belong': in a record, not a place
    r"belongs?|be raised|record(?:ed)?|logged|entered|filed|documented|"
    r"rank|ranks|ranked|stand|stands|"
    # 'where does the guidebook point readers who want …': to a work or a section
    r"(?:point|points|pointed|refer|refers|referred|direct|directs|directed|send|sends)\s+"
    r"(?:the\s+|its\s+|their\s+)?(?:readers?|users?|practitioners?|analysts?|officers?))\b"
)
_OPENING_ASKS = rf"(?:what|which|who|whom|whose|when|where|why|how|{AUX})"
_PLACE_NOUNS = (
    r"city|cities|country|countries|towns?|states?|region|county|counties|boroughs?|place|"
    r"location|nations?|provinces?|continents?|capitals?|ward|area|district|neighbou?rhood|"
    r"islands?"
)
#: things that make an 'area' or a 'region' no place ('which brain region', 'which crime areas')
_NOT_PLACES = r"(?:brain|crime|subject|policy|problem|risk|work|study|research|focus|priority)"
_PERSON_NOUNS = (
    r"person|people|official|officials|officer|author|authors|researcher|scholar|"
    r"director|manager|chief|minister|commissioner|judge|president|leader|mayor|"
    r"sheriff|chair|head|founder|secretary|individual|agent|detective|inspector|ambassador|"
    r"prosecutor|commander|superintendent|constable|spokesperson|envoy"
)
#: nouns a person noun may qualify ('which officer characteristic'): the question asks for
#: the attribute, not the person
_ATTRIBUTES = (
    r"(?:characteristics?|traits?|attributes?|features?|variables?|factors?|types?|kinds?|"
    r"categor(?:y|ies)|groups?|measures?|outcomes?|demographics?|attitudes?|perceptions?|"
    r"behaviou?rs?|skills?|ranks?|assignments?|roles?|duties|safety|deaths?|injur(?:y|ies)|"
    r"misconduct|training|recruitment|survey|data)"
)
_ORG_NOUNS = (
    r"agency|agencies|organi[sz]ations?|body|bodies|departments?|institutions?|authority|"
    r"authorities|unit|courts?|forces?|ministry|ministries|offices?|service|group|company|"
    r"companies|union|councils?|committees?|university|universities|police|inspectorates?|"
    r"firms?|associations?|foundations?"
)
#: (answer type, pattern on the lower-cased question); the first that matches wins
_TYPES = (
    (
        "percent",
        r"\b(what|which) (?:(?:is|was|are|were) the )?(?!(?:monthly|weekly|daily|annual|yearly|"
        r"hourly) )(?:[\w-]+ )?(percentage|percent|proportion|share|fraction|portion|rate|ratio|"
        # 'what part of the officers', not 'in which part (of the report)'
        r"(?<!\bin which )(?<!\bin what )"
        # ('which part of it': of a work or a document, a section)
        r"part(?= of (?!the (?:report|book|guidebook|document|chapter|article|paper|text)\b|"
        r"(?:it|this|that)\b)))\b|"
        r"\bhow (large|big|high|small) (a|is the|was the) (share|proportion|"
        r"percentage|part)\b|\bhow much of\b|\bwhat share\b",
    ),
    (
        "money",
        r"\b(what|which)\b(?: [\w'’-]+){0,4} (salary|salaries|wage|wages|budget|cost|price|"
        r"fee|fine|income|revenue|revenues|expenditure|spending)\b"
        r"(?! (?:sources?|streams?|types?|kinds?|categories)\b)|"
        r"\bhow much (?!time\b)(?:[\w-]+ ){0,2}(money|funding|budget|"
        r"wealth|assets|revenue|income|profit)\b|"
        # 'how much did it cost', not 'by how much did it raise their suspicion' (a change)
        r"(?<!\bby )\bhow much (?!time\b)(?:[\w-]+ ){0,2}(?:did|does|do|would|will) .{0,90}\b"
        r"(cost|spend|pay(?! attention)|earn|fund|raise)\b|"
        r"\b(dollar|euro|pound|monetary|cash) (value|amount|sum)\b|"
        r"\b(value|amount|size) of (?:the |its |their |an? )?(?:[\w-]+ ){0,3}?"
        r"(grant|award|funding|fine|contract|donation|payment|settlement)\b|"
        r"\b(what|which) (budget|cost|salary|price|"
        r"amount of money|sum)\b|\bhow much (is|was|were|are) .{0,40}\b(worth|cost|paid|"
        r"spent|fined)\b|\b(?:what|how much)\b[^?]{0,80}\b(?:be|is|was|are|were) worth\b",
    ),
    (
        "duration",
        r"\bhow (long|quickly|soon|fast|often|frequently|old)\b|\bhow much time\b|\bat what age\b|"
        r"\bwithin what (time|period|timeframe|time frame|timescale)\b|"
        r"\b(what|which)\b(?: [\w'’-]+){0,4} (target time|response time|time limit|period|"
        r"timeframe|time frame|timescale|frequency|interval|length|duration)\b|"
        r"\bhow many (seconds|minutes|hours|days|weeks|"
        r"months|years|decades)\b",
    ),
    (
        "count",
        r"\bhow many\b|\b(what|which) (?:(?:is|was|are|were) the |[\w-]+ (?=(?:number|total)\b))?"
        r"(?:total )?(number|total|count)\b",
    ),
    (
        "date",
        # ('When an officer opens one, can others see it?': a condition, no date asked)
        rf"^(when|since when)\b(?![^?]*,\s*(how|what|which|who|where|why|{AUX})\b)|\b(in )?(what|"
        r"which) (year|years|decade|date|month|day)\b|"
        r"\bwhen (did|was|were|is|does|do|will|had|has|have)\b",
    ),
    (
        "quantity",
        r"\bhow (much|large|big|high|low|small|far(?![^?]*\b(?:beyond|reach|reached|extend|"
        r"extended|go|went)\b))\b|"
        r"\b(what|which) (?:(?:is|was|are|were) the )?(?:(?!(?:do|does|did)\b)[\w-]+ ){0,2}"
        r"(rate|ratio|score|figure|"
        r"level|average|mean|median|value|amount|size|rating|estimate|height|weight|distance|"
        r"speed)\b|"
        # ('what was the mean score', not 'what does it mean in practice')
        r"\b(what|which)\b(?: (?!(?:do|does|did|would|might|could)\b)[\w'’-]+){0,3} "
        r"(average|mean|median) \w+|\b(maximum|minimum|"
        r"longest|shortest|highest|lowest) (?:[\w-]+ )?(sentence|penalty|fine|term)\b",
    ),
    (
        "place",
        rf"^where\b(?!{_NOT_LOCATED})|\bwhere (is|was|were|are|did|do|does)\b(?!{_NOT_LOCATED})|"
        rf"\b(what|which) (?!{_NOT_PLACES}[ -])(?:(?!{AUX}\b)\w+ ){{0,2}}({_PLACE_NOUNS})\b"
        rf"(?! (?:{_ORG_NOUNS}|{_PERSON_NOUNS})\b)|"  # 'which state authorities' ask for no place
        rf"\bin what ({_PLACE_NOUNS})\b|"
        r"\bin (?:which|what) part of (?!the (?:report|book|guidebook|document|chapter|article|"
        r"paper|text)\b)",
    ),
    (
        "person",
        rf"^(who|whom|whose)\b|(?:^|[,;:] |\band )(who|whom) (is|was|were|are|did|does|led|"
        rf"chaired|wrote|founded)\b|\b(what|which) "
        # one word may qualify the person ('which FBI agent'), no verb ('what is officer …')
        r"(?:(?!(?:is|was|are|were|do|does|did|has|have|had|of|made|make)\b)[a-z]+(?<!s) )?"
        # (not a kind of firm: 'which private detective firm')
        rf"({_PERSON_NOUNS})\b(?! {_ATTRIBUTES}\b)(?! (?:{_ORG_NOUNS})\b)(?!['’]s\b)|"
        r"\bwhat (?:is|was) (?:his|her) (?:full )?name\b|"
        # the name of one who did a thing ('the name of the American paramedic who was killed')
        r"\bwhat (?:is|was) the name of (?:the |an? )?"
        rf"(?:(?!(?:of|into|that|which|{_ORG_NOUNS}|charity|operation)\b)[\w'’-]+ ){{1,10}}who\b|"
        # after a phrase that opens the question ("Besides the preface, who signed …?")
        rf"(?:^|[.?!] )(?!{_OPENING_ASKS}\b)[^,.?!]{{1,80}}, (who|whom) \w+"
        r"(?![^?]*,\s*(?:what|which|how|why|when|where)\b)",
    ),
    (
        "organisation",
        rf"\b(what|which) (?:[\w'’]+ )?({_ORG_NOUNS})\b|"
        # two words before it when it ends the phrase ('which private detective firm does …';
        # not 'which OSCE Permanent Council decision')
        rf"\b(what|which) (?:(?!(?:of|{AUX})\b)[\w'’-]+ ){{2}}(?!police\b)({_ORG_NOUNS})"
        rf"(?= (?:{AUX}|that|which|who|whose)\b|[,?])|"
        r"\bwhat (?:is|was|are|were) the names? of (?:the |an? )?(?!person|man|woman|officer)",
    ),
    (
        "definition",
        r"\bwhat is meant by\b|\bwhat (does|do) .{1,60} mean\b|\bdefine\b|"
        r"\bdefinition of\b|^what (is|are) (an? |the )?[\w' -]{1,40}\?$|"
        r"^what (is|are) (?:meant by )?(?:the term )?['‘\"“][^'’\"”]{2,40}['’\"”]",
    ),
    (
        "reason",
        r"\bwhy\b|"
        r"\bfor what reason\b|\bwhat (explains|caused|causes|gives|gave|drives|drove|lies behind|"
        r"leads to|led to|makes(?! up)|made(?! up))\b|"
        r"\bhow (?:do|does|did|can|could|might|would) (?:[\w,'’-]+ ){1,6}?(?:try to |seek to )?"
        r"(explain|account for)\b",
    ),
    ("yesno", rf"^{AUX}\b"),
)
#: types whose answer a sentence must visibly hold; the others guide the choice only
HARD_TYPES = {"percent", "money", "count", "duration", "date", "quantity", "place", "person"}
#: words of how a question asks, not what about ('what is meant by'; 'footnote': where the
#: answer stands)
_QUESTION_WORDS = set(
    "what which who whom whose when where why how many much according roughly approximately "
    "meant about did does do footnote footnotes endnote endnotes".split()
)
_QUESTION_STEMS = frozenset(stem(w) for w in _QUESTION_WORDS)
#: words that name the kind of answer rather than what it is about
_TYPE_NOUNS = set(
    "fraction percentage percent proportion share number figure total amount year date city "
    "country place person name rate ratio level value average mean estimate count town state "
    "region period time long often quickly called term first exactly approximate".split()
)
_TYPE_STEMS = frozenset(stem(w) for w in _TYPE_NOUNS)


@dataclass(frozen=True)
class QuestionSpec:
    """What a question asks for and what an answer must respect."""

    text: str
    answer_type: str  # one of the _TYPES names, or "other"
    focus: frozenset[str]  # stems of the thing counted or asked about ("offic" for officers)
    names: tuple[Name, ...]  # proper names the answer's source must be about
    years: tuple[float, ...]  # years the question names (not those of a citation)
    cited_years: tuple[float, ...]  # years of works it cites, "Nix et al. (2018)"
    numbers: tuple[Quantity, ...]  # other quantities the question states
    key: frozenset[str]  # content stems, less question words
    topic: frozenset[str]  # key stems that are not answer-type words ("drugs", "launched")
    head: str = ""  # the thing a "what is the X of Y" question asks for ("pistol")
    event: frozenset[str] = frozenset()  # the act a date, place or person is asked for, and kin
    document_years: tuple[float, ...] = ()  # years it gives a document by ('the 2017 report')
    source_years: tuple[float, ...] = ()  # and a survey or dataset ('the 2016 LEMAS survey')
    #: 'how many of the officers were women': stems of the part asked about, one of which
    #: the answer must name ('female' for women)
    part: frozenset[str] = frozenset()
    event_years: tuple[float, ...] = ()  # years written before what they date ('2016 keynote')


#: 'how' after a preposition within the question opens a clause the question is about, not
#: what it asks: "What change in how big cities deal with crime …" asks for no size
_EMBEDDED_HOW = re.compile(
    r"(?<=\w )(in|of|about|on|at|for|to|with|into|over|upon|regarding|whether) how\b"
    r"(?! (?:many|much|long|often|frequently|soon|old)\b)"
)


#: whether things differ in an amount asks for no figure ('Did the groups differ in how much
#: they valued it?')
_DIFFER_HOW = re.compile(r"\b(differ|differs|differed|vary|varies|varied) in how (?=many|much)")


#: a question in two parts ("How much time did they spend on site, and how many pages did they
#: read?"): the second part asks for its own kind of answer
TWO_PARTS = re.compile(
    r",?\s+and\s+(?:(?:over|in|for|during|from|at|by|to|with|on|under)\s+)?"
    r"(what|which|who|whom|where|when|why|how)\b",
    re.I,
)


def second_part(question: str) -> str:
    """The second question of a question in two parts ('how many pages did they read?'), or ''."""
    m = TWO_PARTS.search(question)
    return question[m.start(1) :] if m else ""


_EXCEPT = re.compile(
    r"\b(?:outside(?: of)?|except(?: for)?|excluding|other than|apart from|aside from|besides|"
    r"beyond)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*)+|"
    # opening a sentence, up to its comma ('Besides the Secretary General's preface, who …')
    r"(?:^|(?<=[.?!]\s))(?:Besides|Apart from|Aside from|Except for|Other than)\s[^,.?!]{1,80},"
)


#: what the asker means to do ('I want to cite the …', "we're writing about …"): no topic
_ASKER = re.compile(
    r"\b(?:I|we)(?:'m|’m| am|'re|’re| are)?\s+(?:want|need|would like|wish|hope|plan|intend|"
    r"trying|writing|preparing|going)\b(?:\s+to(?:\s+(?!the\b|an?\b)\w+)?)?",
    re.I,
)
#: verbs of how a source presents a thing ('what date does the item carry', 'whose name
#: appears'), not what the thing is
_PRESENTING = {
    *"carry carries carried bear bears appear appears appeared give gives given".split(),
    *"show shows shown list lists listed mention mentions mentioned".split(),
}


_LABELLED = re.compile(
    r"\b(?:Table|Figure|Fig\.|Chart|Model|Chapter|Section|Appendix|Annex|Box|Part|Study|Experiment|Wave|Phase)\s+[\dIVX]+"
    r"(?:\.\d+)*[a-z]?\b"
)


#: a question that opens with 'why' (after an 'according to …' or a scene, up to its comma)
_OPENS_WHY = re.compile(r"(?:(?:(?!\b(?:how|what|which|who|when|where)\b)[^,?]){1,80},\s*)?why\b")

#: 'who else', 'who besides them': one more of those the question names; where it names no
#: person, they are a kind of people ('whistle-blowers'), no one's name
_WHO_ELSE = re.compile(r"\bwho(?:m)? (?:else|besides|other than|apart from)\b")
_KIND_OF_PEOPLE = re.compile(r"\b(?:which|what) (?:other )?(?:people|persons|groups)\b")


#: what follows the length of a ranking: '(the 20) London wards with the most searches'
_RANKING = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:with|by)\s+(?:the\s+)?(?:most|highest|largest|greatest|fewest|"
    r"lowest|biggest|smallest)\b",
    re.I,
)


@lru_cache(maxsize=4096)
def read_question(text: str) -> QuestionSpec:
    lowered = " ".join(text.lower().split())
    asking = _EMBEDDED_HOW.sub(r"\1 that", " ".join(asking_sentence(text).lower().split()))
    asking = _DIFFER_HOW.sub(r"\1 in that", asking)  # 'did they differ in how much …?'
    answer_type = next((t for t, pattern in _TYPES if re.search(pattern, asking)), "other")
    if "?" not in text and not re.match(rf"\W*{_OPENING_ASKS}\b", asking):
        answer_type = "other"  # a statement or a quotation ('… in which people are …')
    if (first := TWO_PARTS.search(asking)) is not None:  # typed by its first part if that asks
        # for a type ('What is "X", and which people …?'; typed_either checks the other)
        head = asking[: first.start()] + "?"
        if first.group(1) == "when" and answer_type == "date":  # circumstances more often
            answer_type = "other"  # than a date: '…, and when will they act?'
        answer_type = next((t for t, p in _TYPES if re.search(p, head)), None) or answer_type
    if _OPENS_WHY.match(asking):  # 'Why do a victim's traits affect how much coverage …?'
        answer_type = "reason"  # asks a reason, whatever amount it speaks of
    if answer_type == "person" and _WHO_ELSE.search(asking) and not any(map(personal, names(text))):
        answer_type = "other"  # 'informants are not the only ones …: who else?': a kind of people
    if answer_type == "person" and _KIND_OF_PEOPLE.search(asking):
        answer_type = "other"  # 'which people may also be vulnerable': a kind of people
    stated = quantities(text)
    cited = {q.value for q in stated if q.kind == "cited"}
    years = tuple(q.value for q in stated if q.kind == "year")
    if _ASKS_YEAR.search(asking):  # a year set in the scene before is no constraint on the one
        # asked ('… bodies created from 1789 onwards? And which city was first, in what year?')
        in_asking = {q.value for q in quantities(asking)}
        years = tuple(y for y in years if y in in_asking)
    # a name in brackets is an aside ("(and by Tregle, Nix and Pickett)", "(ILP)"), no constraint
    # and so is one the question sets aside ("the ones outside France", "apart from Lyon")
    aside = _EXCEPT.sub(" ", re.sub(r"\([^()]*\)", " ", text))
    aside = _LABELLED.sub(" ", aside)  # 'Table 3', 'Model 1': where, no name to match
    asked = tuple(n for n in names(aside) if n.parts[0] not in MONTHS)
    numbers = tuple(  # not a ranking's length, which its rows show ('the 20 wards with the most')
        q
        for q in stated
        if q.kind not in ("year", "cited") and not _RANKING.match(text, q.start + len(q.text))
    )
    return QuestionSpec(
        text,
        answer_type,
        frozenset(focus_of(lowered, answer_type)),
        asked,
        years,
        tuple(sorted(cited)),
        numbers,
        frozenset(s for s in content_stems(text) if s not in _QUESTION_STEMS),
        frozenset(
            stem(w)
            for w in words(_ASKER.sub(" ", text))
            if w not in STOPWORDS
            and w not in _PRESENTING
            and w not in _QUESTION_WORDS
            and stem(w) not in _TYPE_STEMS  # 'on what dates'
            and not w[0].isdigit()
            and len(w) > 2
        )
        - {stem(p) for n in asked for p in n.parts},
        _head(lowered) or _head(asking) if answer_type in ("other", "organisation") else "",
        dated_event(text, kin_only=answer_type != "date")
        if answer_type in ("date", "place", "person", "organisation")
        else frozenset(),
        document_years(text),
        source_years(text),
        part_asked(text) - _QUESTION_STEMS if answer_type in ("count", "percent") else frozenset(),
        event_years(text),
    )


_ASKS_YEAR = re.compile(r"\b(?:what|which) year\b|\bwhen\b")
#: nouns that name a relation, not a thing: "the aim of X" is answered without the word "aim"
_RELATIONAL = set(
    "name names role roles purpose aim aims goal goals objective objectives difference reason "
    "reasons effect effects impact result results outcome outcomes function task tasks meaning "
    "idea point focus basis source cause causes problem problems risk risks advantage advantages "
    "benefit benefits use value level size share kind type types form forms part parts way ways "
    "approach view views argument finding findings conclusion message relationship "
    "relationships main key first last best core central primary first second third "
    "status position response answer question issue issues concern concerns case example".split()
)


def _head(lowered: str) -> str:
    """The thing 'what is the X of Y' or 'what X is issued to Y' asks for, when X names a thing
    of its own ('the standard service pistol of …' → 'pistol'); '' for relations ('the aim of
    …')."""
    m = (
        re.match(  # "what is the name of the elite … battalion of …" → 'battalion'
            r"(?:what|which) (?:is|are|was|were) the names? of (?:the |an? )?"
            r"((?:[a-z'-]+ ){0,8}?[a-z-]+)(?: (?:of|for|in|at|that|which|who|whose)\b|\?|$)",
            lowered,
        )
        or re.match(
            r"(?:what|which) (?:is|are|was|were) the ((?:[a-z'-]+ ){0,3}?[a-z-]+) "
            r"(?:of|for|in|at|used by|issued to|carried by)\b",
            lowered,
        )
        or re.match(  # "what handgun model is issued to …" → 'model'
            r"(?:what|which) ((?:[a-z'-]+ ){0,2}?[a-z-]+) (?:is|are|was|were) (?:issued|used|"
            r"carried|worn|given|assigned|supplied|provided|painted|printed|displayed|engraved|"
            r"inscribed)\b",
            lowered,
        )
        or re.search(  # "in British forces, what insignia does a chief superintendent wear?"
            r"(?:^|, )(?:what|which) ((?:[a-z'-]+ ){0,2}?[a-z-]+) (?:does|do|did) "
            r"(?:[\w'’-]+ ){1,4}?(?:wear|carry|display|bear)\b",
            lowered,
        )
    )
    if not m:
        return ""
    taken = m.group(1).split()
    while len(taken) > 1 and re.fullmatch(r"[a-z]{2,}[^e]ed", taken[-1]):  # 'thesis described'
        taken.pop()
    word = taken[-1]
    if word in _RELATIONAL or word in STOPWORDS or word in _TYPE_NOUNS or len(word) < 4:
        return ""
    return word
