"""Which way a sentence points: the scope it claims (all or some), the direction it gives
along a scale (more or less, up or down), what it compares and the groups it names (its
negations are `negation`'s)."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from ..search.lexical import STOPWORDS
from .negation import as_less
from .words import stem, words

#: (not 'of all': 'half of all searches' is a share of them)
#: 'each year', 'every month': how often, not how many of them
_PERIOD = r"(?!\s+(?:year|month|week|day|night|hour|decade|quarter|season)s?\b)"
_UNIVERSAL = re.compile(
    r"(?<!\bof )\b(all(?!-)|every" + _PERIOD + r"|each" + _PERIOD + r"|always|entire|whole|any|"
    r"universal(?:ly)?|"
    r"regardless of|irrespective of)\b",
    re.I,
)
#: 'most' after 'the' or whose is a superlative ('the most affected', "the public's most
#: serious concern"), after 'at' a bound: no share
_NO_SUPERLATIVE = r"(?<!\bthe )(?<!\bat )(?<!['’]s )(?<!\bits )(?<!\btheir )(?<!\bhis )(?<!\bher )"
_PARTIAL = re.compile(
    r"\b(some(?! [\d~]| (?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|"
    r"forty|fifty|hundred)\b)|several|a few|few|(?<!\bhow )many|" + _NO_SUPERLATIVE + r"most|"
    r"majority|minority|bulk of|"
    r"(?<!take )(?<!takes )(?<!took )(?<!taking )(?<!taken )part|partly|partially|"
    r"only (?:the )?[a-z]+(?:er|est) |"  # 'only the larger forces'; not 'take part'
    # 'ensuring only the victims are made safe' (the source: 'all parties … particularly victims')
    r"(?<!not )(?<!if )only the (?-i:[a-z]+s) "
    r"(?=(?:are|were|is|was|have|had|can|could|must|should|will)\b)|"
    r"only (?!about\b|around\b|just\b)[a-z]+ (?:[a-z]+ )?[a-z]+s(?=,? rather than|,? but not)|"
    # 'asked only in investigations involving partners' (the source: 'in all investigations')
    r"only (?:in|for|to) (?:those )?(?:[a-z-]+ ){0,3}[a-z]+s (?=involving|where|that|who|with)|"
    r"sometimes|(?<!more )(?<!less )(?<!as )often|rarely|seldom|not all|only some|certain|"
    r"only (?:one|two|a few|a handful|"
    # 'they meet only at the national level', where the source says 'on all three levels'
    r"a minority|(?:at|on|in|within) (?:the|one|a) \w+ (?:level|stage|tier))|half of|"
    r"(?:a|one|two)[ -](?:third|quarter|fifth)s? of)\b",
    re.I,
)
#: word stems that point one way or the other along a scale, by family
_DIRECTIONS = {
    "up": (
        "increas",
        "rise",
        "rising",
        "rose",
        "risen",
        "grow",
        "grew",
        "grown",
        "higher",
        "greater",
        "more",
        "rais",
        "gain",
        "improv",
        "strengthen",
        "expand",
        "boost",
        "doubl",
        "larger",
        "exceed",
        "above",
        "posit",
        "benefit",
        "help",
        "enhanc",
        "escalat",
        "intensif",
        "heighten",
    ),
    "down": (
        "decreas",
        "fall",
        "fell",
        "fallen",
        "declin",
        "lower",
        "smaller",
        "less",
        "fewer",
        "reduc",
        "drop",
        "cut",
        "loss",
        "lost",
        "worsen",
        "weaken",
        "shrink",
        "shrank",
        "halv",
        "below",
        "negat",
        "inversel",  # "inversely associated", not "the inverse of"
        "harm",
        "damag",
        "detriment",
        "undermin",
        "wane",
        "waning",
        "diminish",
        "lessen",
    ),
}


_COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|better|worse|stronger|weaker|"
    r"older|younger)\b[^.;:]{0,80}?\bthan\b",
    re.I,
)
#: a bound, no comparison of two things: 'more than 40%', 'fewer than ten', 'less than half'
_THAN_A_FIGURE = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower) than (?=[\d$€£]|(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten|a|an|half|twice|about|around|nearly|almost)\b)",
    re.I,
)
_COMPARING = re.compile(
    r"\bthan\b|\bcompared (?:with|to)\b|\brelative to\b|\bversus\b|\bvs\b|\bdiffer|"
    r"\bin contrast\b|\bwhereas\b|\bunlike\b|"
    r"\bnot (?:quite |nearly )?(?:as|so) (?!(?:a|an|the|part|to|if|of)\b)[a-z]{3,}|"
    # a superlative compares with all others ('the smallest share in history')
    r"\bthe (?:(?:most|least) \w+|(?!(?:rest|west|interest|test|request|protest|contest|arrest|"
    r"forest|chest|guest|quest|nest|pest|crest|invest|suggest|modest|honest|latest)\b)\w+est)"
    r"\b",
    re.I,
)


def comparison_unstated(claim: str, source: str) -> bool:
    """Does the claim set two things against each other ('patrol officers rated it higher than
    detectives') where the source compares nothing?"""
    if _IMPLIED.search(claim) and not _COMPARES.search(source):
        return True  # 'chiefs who … were more supportive of the law' (than the others)
    return bool(_COMPARATIVE.search(_THAN_A_FIGURE.sub(" ", claim))) and not _COMPARING.search(
        source
    )


#: a comparison whose other side is implied ('those … were more supportive')
_IMPLIED = re.compile(
    r"\b(?:were|was|are|is|be|been|became|become)\s+(?:much\s+|significantly\s+|far\s+)?"
    r"(?:more|less)\s+(?!than\b)[a-z]{4,}\b(?![^.;]*\bthan\b)",
    re.I,
)
#: any word that compares
_COMPARES = re.compile(
    r"\b(?:more|less|greater|higher|lower|fewer|larger|smaller|stronger|weaker|better|worse|"
    r"increas\w*|decreas\w*|rose|fell|than|compared|relative|versus|differ\w*)\b",
    re.I,
)


_COMPASS = re.compile(r"\b(north|south|east|west|mid)(?:-?(east|west))?(?:ern)?\b", re.I)


def change_unstated(claim: str, source: str) -> list[str]:
    """The change over time a claim states ('the largest fall in searches') where the source
    (a sentence and its neighbours) states none, up or down ('the most searches')."""
    change = _CHANGE.search(claim)
    return [change.group(0)] if change and not directions(source) else []


#: words that say a thing changed over time, up or down (not 'declined to act', 'the task
#: fell to its soldiers', 'falls under the act')
_CHANGE = re.compile(
    r"\b(?:increas|decreas|doubl|halv|drop)\w*|\bdeclin(?:e|es|ed|ing)\b(?!\s+to\b)|"
    r"\b(?:rises?|rose|risen|rising|falls?|fell|fallen|falling)\b(?!\s+(?:to|on|upon|under|"
    r"within)\s+(?:the|its|their|his|her|a|an|them|him|those|these|this|that|each|every)\b"
    r"(?!\s+(?:lowest|highest|record|peak|level|low|high|minimum|maximum)\b))",
    re.I,
)


def compass_swapped(claim: str, source: str) -> tuple[str, str] | None:
    """(claim, source) where the two place a thing by different points of the compass ('the
    northwestern US' against 'the southeastern US')."""
    said, stated = _points(claim), _points(source)
    if said and stated and not said.keys() & stated.keys():
        return next(iter(said.values())), next(iter(stated.values()))
    return None


def _points(text: str) -> dict[str, str]:
    """The points of the compass a text names ('northwest' → 'northwestern', as written)."""
    return {(m.group(1) + (m.group(2) or "")).lower(): m.group(0) for m in _COMPASS.finditer(text)}


def quantifier(text: str) -> str:
    """'universal', 'partial' or '' — the scope a sentence claims ('some, but not all' is
    partial however many 'all's it holds; 'the most affected' is a superlative, no scope)."""
    if re.search(r"\bnot (all|every|always)\b|\bbut not all\b", text, re.I):
        return "partial"
    if _PARTIAL.search(text):
        return "partial"
    return "universal" if _UNIVERSAL.search(text) else ""


#: 'at most' before things, not before a number or measure ('at most stations', 'at most
#: family harm episodes'; not 'at most three', 'at most once', 'at most a week')
_AT_MOST_OF = (
    r"(?<=\bat )most(?= (?!(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|a|an|the|"
    r"once|twice|half|about|around|some|for|in|of)\b)(?:[a-z-]+ ){0,3}[a-z]+s\b)"
)
#: how large a share a text claims: most of them, or few
_MOST = re.compile(
    # ('the most affected countries' is a superlative, no share; 'at most' a bound)
    r"\b("
    + _NO_SUPERLATIVE
    + r"most|majority|the bulk|nearly all|almost all|mostly|largely|"
    # 'at most family harm episodes' is 'at the majority of them' ('at most three' a bound)
    + _AT_MOST_OF
    + r"|"
    r"predominantly|"
    r"(?<!more )(?<!less )(?<!as )(?:often|usually|frequently|commonly|typically))\b",
    re.I,
)
_FEW = re.compile(
    r"\b(few|sometimes|occasionally|a minority|minority|handful|rarely|seldom|hardly any|"
    r"small (?:percentage|share|proportion|number|fraction|part)|some(?!\s+[\d~])|several)\b",
    re.I,
)


def share_claimed(text: str) -> str:
    """'most' or 'few' — the size of the share a text claims, if it says one only."""
    most, few = bool(_MOST.search(text)), bool(_FEW.search(text))
    return "most" if most and not few else "few" if few and not most else ""


def plenty(text: str) -> str:
    """'many' or 'only a few' (of things a text counts), if it says one only."""
    many, scarce = bool(_MANY.search(text)), bool(_SCARCE.search(text))
    return "many" if many and not scarce else "only a few" if scarce and not many else ""


_MANY = re.compile(
    r"(?<!\bhow )(?<!\bof )(?<!\bnot )\b(?:many|numerous|widespread|extensive)\b", re.I
)
_SCARCE = re.compile(
    r"\b(?:only|very) (?:a )?few\b|\bhardly any\b|\ba handful\b|"
    r"\b(?:little|scant|minimal) (?:resistance|support|interest|opposition|attention|use)\b",
    re.I,
)


_ABOVE_ALL = re.compile(r"\babove all\b", re.I)
_INVERSE = re.compile(
    r"\binverse(?= (?:relationship|correlation|association|effect|link)s?\b)", re.I
)
_CAPITALS = re.compile(r"\b[A-Z]{2,}(?:[\s/&-]+[A-Z]{2,})+\b")


def directions(text: str) -> set[str]:
    """The ways a text points ('up', 'down'), a heading in capitals run into it aside
    ('MINORITY GROUP SIZE AND GROWTH Nonwhite citizens express less …')."""
    found = set()
    text = _ABOVE_ALL.sub(" ", _CAPITALS.sub(" ", text))  # 'above all': no direction
    text = _INVERSE.sub("inversely", text)  # 'an inverse relationship' points down
    for word in words(as_less(text)):  # 'not as novel': less novel
        for way, prefixes in _DIRECTIONS.items():
            if word.startswith(prefixes):
                found.add(way)
    return found


#: groups of people that a claim may put in each other's place ('women are more likely …'
#: made 'men are more likely …'): the words for each, and each group's opposite
_GROUP_WORDS = {
    "male": r"\b(?:men|man|males?|boys?|fathers?)\b",
    "female": r"\b(?:women|woman|females?|girls?|mothers?)\b",
    "black": r"\b(?:black|african[ -]americans?)\b",
    "white": r"\bwhites?\b",
    "victim": r"\bvictims?\b",
    "offender": r"\b(?:offenders?|perpetrators?)\b",
    # the ranks of a police force: those who supervise, and those on the line
    "supervisor": r"\b(?:supervisors?|sergeants?)\b",
    "line": r"\b(?:line[ -]level|rank[ -]and[ -]file|patrol officers?|front[ -]?line officers?)\b",
    "child": r"\b(?:child(?:ren)?|juveniles?|minors|youths|young people|under[- ]18s)\b",
}
_GROUPS = {group: re.compile(pattern, re.I) for group, pattern in _GROUP_WORDS.items()}
_OPPOSITE = {"male": "female", "female": "male", "black": "white", "white": "black"}
_OPPOSITE |= {
    "victim": "offender",
    "offender": "victim",
    "supervisor": "line",
    "line": "supervisor",
}


def group_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim names a group of people and the source, not naming it
    in any of its words ('female suspects' for women), names its opposite ('men' for 'women',
    'white' for 'Black')."""
    said, stated = groups(claim), groups(sentence)
    for group, other in _OPPOSITE.items():
        if group in said and other not in said and other in stated and group not in stated:
            return said[group], stated[other]
    return None


def group_replaced(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim names a group of people the source does not, and the
    source one the claim does not ('when the officer was a woman' against 'if the officer shot
    a Black suspect'); its opposite first ('men' for 'women')."""
    if (opposite := group_swapped(claim, sentence)) is not None:
        return opposite
    said, stated = groups(claim), groups(sentence)
    new = [g for g in said if g not in stated]
    other = [g for g in stated if g not in said]
    return (said[new[0]], stated[other[0]]) if new and other else None


#: a group of people that narrows those a question asks about ('female deputies', 'Black
#: police managers'), not a person in its story ('the unarmed man')
_NARROWING = re.compile(
    r"\b(men|women|males?|females?|black|white|african[ -]americans?)\s+(?:[a-z-]+\s+)?"
    r"(officers|deputies|drivers|residents|respondents|suspects|managers|executives|people|"
    r"persons|citizens|civilians|students|employees|staff|constables|recruits|applicants|adults|"
    r"youths|children|participants|members|workers|detectives|sergeants|chiefs|victims|"
    r"offenders|defendants|prisoners|pedestrians|motorists|individuals|police)\b",
    re.I,
)


@lru_cache(maxsize=4096)
def narrowing_groups(question: str) -> frozenset[str]:
    """The groups of people that narrow a question's population ('female' for 'what share of
    female deputies …')."""
    return frozenset(
        group
        for m in _NARROWING.finditer(question)
        if m.group(2).lower() not in STOPWORDS
        for group in groups(m.group(1))
    ) | frozenset(groups(" ".join(_OF_GROUP.findall(question))))


_YOUNG_OR_SEX = (
    r"(?:children|juveniles|minors|youths|young people|women|men|girls|boys|females|males)"
)
#: the group a question's population is narrowed to ('searches of children aged 10-17', 'of
#: women and girls')
_OF_GROUP = re.compile(
    rf"\bof ({_YOUNG_OR_SEX}(?: and {_YOUNG_OR_SEX})?)\b(?!['’])",
    re.I,
)


def groups(text: str) -> dict[str, str]:
    """The groups of people a text names, each with its word as written (lower case)."""
    found = {}
    for group, pattern in _GROUPS.items():
        m = pattern.search(text)
        if m:
            found[group] = m.group(0).lower()
    return found


#: two kinds of one thing ('warrior and guardian mindsets', 'treatment or control days')
_KINDS = re.compile(r"\b([A-Za-z][\w-]+) (?:and|or|versus|vs\.?) ([A-Za-z][\w-]+) ([A-Za-z][\w-]+)")


def kinds_swapped(claim: str, sentence: str, passage: str) -> tuple[str, str] | None:
    """(claim, source) where the passage names two kinds of one thing ('warrior and guardian
    mindsets') and the claim gives the thing the kind the source does not ('a warrior
    mindset' where the source says 'a guardian mindset')."""
    named, own = _kinds(passage), _kinds(sentence)
    if not named and not own:
        return None
    said, stated = _before_heads(claim), _before_heads(sentence)
    in_claim, in_sentence = {stem(w) for w in words(claim)}, {stem(w) for w in words(sentence)}
    for (word, head), written in said.items():
        for pair in named.get(head, frozenset()) | own.get(head, frozenset()):
            other = next(iter(pair - {word})) if word in pair else None
            # the source must not name the claim's kind anywhere, nor the claim the other
            if (
                other
                and (other, head) in stated
                and word not in in_sentence | {other}
                and other not in in_claim
            ):
                return written, stated[(other, head)]
    return None


@lru_cache(maxsize=1024)
def _kinds(text: str) -> dict[str, frozenset[frozenset[str]]]:
    """The two kinds a text names of each thing, by the thing's stem ('mindset' → {warrior,
    guardian})."""
    kinds: dict[str, set[frozenset[str]]] = {}
    for a, b, head in _KINDS.findall(text):
        if not {a.lower(), b.lower(), head.lower()} & STOPWORDS and a.lower() != b.lower():
            kinds.setdefault(stem(head), set()).add(frozenset({stem(a), stem(b)}))
    return {head: frozenset(pairs) for head, pairs in kinds.items()}


def _before_heads(text: str) -> dict[tuple[str, str], str]:
    """Each word with the word after it (stems) → the two as written."""
    return {(stem(a), stem(b)): f"{a} {b}" for a, b in pairwise(words(text))}
