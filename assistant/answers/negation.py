"""What a text denies: its negations ('not', 'without', 'fail to', 'stay away from'), words
denied by their affix ('unpopular', 'warrantless') and words whose opposite the other text
denies ('a poor job' against 'not a good job')."""

from __future__ import annotations

import re

from ..search.lexical import STOPWORDS
from .words import content_stems, stem, words

_NEGATION = re.compile(
    r"\b(not|no|never|none|neither|nor|without|cannot|nobody|nothing|nowhere|lack(?:s|ed|ing)?|"
    r"fail(?:s|ed|ure)? to|refus(?:e|es|ed|ing) to|neglect(?:s|ed|ing)? to|absence of|"
    r"(?:stay|keep|steer)(?:s|ed|ing)? (?:away|clear) from|kept (?:away|clear) from|"
    r"(?:refrain|abstain)(?:s|ed|ing)? from|doubt(?:s|ed|ing|ful)?|"
    r"unaware|unable|"
    # 'short of an arrest' (not 'fell short of its target', 'just short of half')
    r"(?<!fell )(?<!fall )(?<!falls )(?<!falling )(?<!just )(?<!well )(?<!stopped )short of"
    r"(?!\s+(?:\d|half|a third|a quarter|one|two|three|its|their|the target)))\b|"
    r"n['’]t\b|\bdeclin(?:e|es|ed|ing) to (?=[a-z]+ )(?!(?:its|their|the|an?|about|around|"
    r"nearly|almost|under|below|just|only|roughly|some|less|fewer|zero|levels?)\b)",
    re.I,
)


#: a bound, not a negation: 'no fewer than 45' ('never made fewer than 45') is at least 45, 'not
#: more than 45' at most
_BOUND = r"\b(?:no|not|never)\s+(?:[a-z]+\s+)?(?:fewer|less|more|later|earlier) than\b"


#: a short aside in brackets that denies nothing the sentence states ('(not shown)')
_ASIDE = re.compile(r"\((?:not|no) (?:shown|reported|tabled|presented|included)(?: here)?\)", re.I)


def negations(text: str) -> int:
    """Negations in a text: "not all" (a quantifier), "not only … but also" and "no fewer
    than 45" (a bound: at least 45) are none."""
    text = re.sub(_BOUND, "", text, flags=re.I)
    text = _ASIDE.sub(" ", text)  # '(not shown)': a note on the text, no denial in it
    text = _AVOIDING.sub(" avoid ", text)  # 'take care not to' is 'avoid', no denial
    text = _CONTRASTED.sub(" rather than ", text)  # 'by revenue, not by safety': no denial
    text = re.sub(r"\bnot (all|every|always|only)\b", "", text, flags=re.I)
    text = _EITHER_WAY.sub(" ", text)  # 'whether or not', 'is or is not': both, no denial
    text = _EASILY.sub(" easily ", text)  # 'have no trouble appearing' is 'easily appear'
    text = _ONLY.sub(" only ", text)  # 'no one except the researchers' is 'only the researchers'
    text = _SAME.sub(" different ", text)  # 'may not mean the same thing': a different one
    text = _SURELY.sub(" surely ", text)  # 'beyond reasonable doubt', 'little doubt': surely
    text = _PROMPTLY.sub(" surely ", text)  # 'without delay', 'without fail': no denial
    text = as_less(text)  # 'not as novel' says 'less novel': a degree, no denial
    return len(_NEGATION.findall(_NOR.sub(" ", text)))


def as_less(text: str) -> str:
    """The text with 'not as X (as …)' and 'not so X' read as 'less X' ('an OIS is likely not
    as novel within large departments'); 'not as a result', 'not as part of' keep their 'not'."""
    return _NOT_AS.sub(" less ", text)


_NOT_AS = re.compile(
    r"\b(?:not|n['’]t)\s+(?:quite\s+|nearly\s+|always\s+)?(?:as|so)\s+"
    r"(?!(?:a|an|the|such|part|well as|to|if|of|for|in|by|it|they|he|she|we|you|i|this|that|"
    r"these|those|one|much|many as|soon as|long as|far as)\b)(?=[a-z]{3,}\b)",
    re.I,
)


_SURELY = re.compile(
    r"\b(?:beyond (?:a |all )?(?:reasonable )?|little |no |without (?:a )?)doubt\b", re.I
)
_PROMPTLY = re.compile(r"\bwithout (?:delay|hesitation|fail|exception)\b", re.I)
_SAME = re.compile(r"\b(?:not|n['’]t)\s+(?:\w+\s+){0,2}?(?:the same|identical)\b", re.I)
_ONLY = re.compile(
    r"\b(?:no one|nobody|none|nothing|no \w+)(?: \w+)?? (?:except|other than|apart from|besides)\b|"
    r"\b(?:no one|nobody|none|nothing) but\b",  # not 'no effect but was expensive'
    re.I,
)
_EASILY = re.compile(r"\b(?:no|little) (?:trouble|difficulty|problem|hesitation)\b", re.I)
_EITHER_WAY = re.compile(r"\bor not\b|\b(\w+) or \1(?: not|n['’]t)\b", re.I)
#: 'nor' that goes on with a denial ('does not imply booking, nor prosecution'): no new one
_NOR = re.compile(r"(?<=\bnot\b)([^.;]*?)\bnor\b|(?<=\bneither\b)([^.;]*?)\bnor\b", re.I)
#: a 'not' that sets what is said against what is not ('driven by revenue, not by public
#: safety'): it says 'rather than', it denies nothing
_CONTRASTED = re.compile(r",\s*not\s+(?=(?:by|for|from|because|as|through|with)\b)", re.I)
_AVOIDING = re.compile(
    r"\b(?:care|careful|sure|try|tries|tried|trying|so as|in order) not to\b", re.I
)


def compared(text: str) -> str:
    """The text without what it compares with ('… than those without military experience',
    '… compared to those with no victimization'): a negation there names the other group, it
    denies nothing."""
    return _COMPARED_WITH.sub(" ", text)


_COMPARED_WITH = re.compile(
    r"(?<!fewer )(?<!less )(?<!more )\bthan\b[^,;.]*|"  # (not a bound's 'than')
    # up to six words, not into the clause that goes on ('… compared with the year before but
    # did not reduce …')
    r"\b(?:compared (?:to|with)|in comparison (?:to|with)|relative to|as opposed to|versus)\b"
    r"(?:\s+(?!(?:but|and|while|whereas|although|though|yet)\b)[^\s,;.]+){1,6}",
    re.I,
)


def denial(text: str, other: str) -> int:
    """The negations of a text, counting a word negated by its affix whose base the other text
    holds: 'unbiased' against 'without bias', 'warrantless' against 'without a warrant',
    'nonsignificant' against 'no longer significant' deny as 'without' and 'no' do."""
    return (
        negations(compared(text))
        + _affixed(text, other)
        + _opposed(text, other)
        + _scant(text, other)
        + _reworded(text, other)
    )


def _reworded(text: str, other: str) -> int:
    """The negations a phrase of the text counts for when the other text says the same in its
    own words and the text does not ('was cancelled' against 'did not go ahead')."""
    return sum(
        counts
        for phrase, wording, counts in _REWORDED
        if phrase.search(text) and wording.search(other) and not wording.search(text)
    )


_CALLED_OFF = re.compile(
    r"\b(?:is|are|was|were|be|been)\s+(?:cancell?ed|called off|scrapped|postponed)\b", re.I
)
_NOT_HELD = re.compile(
    r"\b(?:not|n['’]t|never)\s+(?:go ahead|take place|took place|gone ahead|happen(?:ed)?|"
    r"(?:be |been )?held)\b",
    re.I,
)
_KEPT_AWAY = re.compile(r"\b(?:stay|keep|steer|kept)\w* (?:away|clear) from\b", re.I)
_AVOID = re.compile(r"\bavoid", re.I)
#: a condition said with a double denial ('cannot work unless the public cooperate')
_NOT_UNLESS = re.compile(
    r"(?:\b(?:not|cannot|never|no)\b|n['’]t\b)(?=[^.;:]{0,80}\bunless\b)", re.I
)
_NEEDED = re.compile(
    r"\b(?:necessary|essential|indispensable|prerequisite|vital|crucial|required|only if|"
    r"depends? (?:up)?on)\b",
    re.I,
)
#: (a phrase, the other text's wording of the same, the negations the phrase counts for)
_REWORDED = (
    (_CALLED_OFF, _NOT_HELD, 1),  # 'was cancelled': 'did not go ahead'
    (_KEPT_AWAY, _AVOID, -1),  # 'keeping away from dangerous places': 'avoiding' them
    (_NOT_UNLESS, _NEEDED, -1),  # 'cannot work unless they cooperate': 'cooperation is needed'
)


#: words that say 'not' the other's word: 'a poor job' against 'not a good job'
_ANTONYMS = {
    "poor": ("good", "well"),
    "bad": ("good", "well"),
    "weak": ("strong",),
    "fals": ("true",),
    "wrong": ("right", "correct"),
    "rare": ("common", "frequent"),
    "reluct": ("will",),
    "absent": ("present",),
}


def _opposed(text: str, other: str) -> int:
    """Words of the text whose opposite the other text denies ('a poor job' against 'not a
    good job'): each denies as 'not' does."""
    held = [stem(w) for w in words(text) if w not in STOPWORDS]
    if not held:
        return 0
    wanted = [
        (_ANTONYMS[w], after)
        for w, after in zip(held, [*held[1:], ""], strict=True)
        if w in _ANTONYMS
    ]
    if not wanted:
        return 0
    # (of the same thing: 'a poor job' against 'not … a good job', not 'poor areas')
    denied = _denied(other, 3)
    return sum(any(o in denied for o in opposite) and after in denied for opposite, after in wanted)


#: 'little protection' against 'strong protection': little of a thing the other has much of
_LITTLE = re.compile(r"(?<!\ba )\blittle\s+(?!or\b)([a-z]{4,})", re.I)
_MUCH = re.compile(
    r"\b(?:strong|much|great|significant|considerable|substantial|ample|extensive|robust|"
    r"high|real|clear)\s+([a-z]{4,})",
    re.I,
)


def _scant(text: str, other: str) -> int:
    """Things the text says there is little of ('little protection') and the other text much
    of ('strong protection'): each denies as 'not' does (not 'little relationship' against
    'weakly related', which says little too)."""
    little = {stem(m.group(1)) for m in _LITTLE.finditer(text)}
    if not little:
        return 0
    # (not what the other text says there is little of too: 'much on firearms but little
    # training in de-escalation')
    much = {stem(m.group(1)) for m in _MUCH.finditer(other)}
    return len(little & much - {stem(m.group(1)) for m in _LITTLE.finditer(other)})


def negated_either(claim: str, source: str, said: int, stated: int) -> bool:
    """Does one text deny twice what the other affirms ('was not significant, meaning that it
    did not provide …' against 'was significant, meaning that it provided …')? Twice is no
    odd count, but the words denied are the other's."""
    if (said == 0) == (stated == 0):
        return False
    denying, other = (source, claim) if said == 0 else (claim, source)
    held = {stem(w) for w in words(other)}
    return len(_denied(denying) & held) >= 2


def _denied(text: str, reach: int = 1) -> set[str]:
    """The stems of the first content words (`reach`) after each negation ('not significant',
    'no longer significant')."""
    bare = compared(text)
    found = set()
    for m in _NEGATION.finditer(bare):
        after = [w for w in words(bare[m.end() : m.end() + 40]) if w not in STOPWORDS]
        found |= {stem(w) for w in after[:reach]}
    return found


def _affixed(text: str, other: str) -> int:
    """Words of the text negated by an affix ('un-', 'non-', '-less') whose base the other text
    denies ('nonsignificant' against 'no longer significant'; not 'nonwhite' against 'white')."""
    found = [  # ('unable', 'unaware' are negations of their own)
        m.group(1) or m.group(2)
        for m in map(_NEGATIVE_AFFIX.match, words(text))
        if m and not _NEGATION.fullmatch(m.group(0))
    ]
    found += re.findall(r"\bnon-([A-Z]\w+)", text)  # 'non-African Americans', a group's name
    # 'non-significant' against 'significant': a denial where the other text names the base;
    # 'non-patrol posts' against 'administrative posts' names a group
    hyphened = re.findall(r"\bnon-([a-z]\w+)", text)
    if not found and not hyphened:  # most sentences: no need to read the other text
        return 0
    denied, named = _denied(other, 2), {stem(w) for w in words(compared(other))}
    # 'un-' before a word the other text affirms denies it ('unpopular' against 'popular')
    # (unless it says the same 'un-' word too: 'unarmed officers' beside 'armed units')
    held = set(words(other))
    unsaid = {m.group(1) for m in map(_UN.match, words(text)) if m and m.group(0) not in held}
    outside = _outside(other)  # 'non-police sources' is 'people outside the police'
    return sum(
        _among(stem(base), denied) or (base in unsaid and stem(base) in named) for base in found
    ) + sum(stem(base) in named and stem(base) not in outside for base in hyphened)


def _among(base: str, denied: set[str]) -> bool:
    """Is the base one of the denied words, by stem or as its longer form ('experienc' of
    'inexperienced' against 'experi' of 'lacking experience')?"""
    return base in denied or any(len(d) >= 5 and base.startswith(d) for d in denied)


#: words that set a group apart from the one they name ('outside the police', 'other than
#: patrol'): what 'non-' says of it
_APART = re.compile(
    r"\b(?:outside(?: of)?|beyond|other than|apart from|except(?: for)?|excluding|besides)\s+",
    re.I,
)


def _outside(text: str) -> set[str]:
    """The stems of the first two content words after each word that sets a group apart."""
    found = set()
    for m in _APART.finditer(text):
        after = [w for w in words(text[m.end() : m.end() + 40]) if w not in STOPWORDS]
        found |= {stem(w) for w in after[:2]}
    return found


_UN = re.compile(r"^un(?!less$|til$|der)(\w{5,})$")
_NEGATIVE_AFFIX = re.compile(r"^(?:non|un|in|im|il|ir)(?!less$)-?(\w{4,})$|^(\w{3,}?)less$")


#: 'not X, but (rather) Y': Y in X's place, a correction
_NOT_BUT = re.compile(r"(?:\bnot|n['’]t)\b[^.;]{1,120}?,?\s+but\s+(?:rather|instead)\b", re.I)
#: 'A rather than B', 'A instead of B' prefer what stands before; 'more A than B' prefers A,
#: 'less A than B' B
_PREFERRED = re.compile(r"\b(?:rather than|instead of|(less|more)\b([^.;]{1,80}?)\bthan)\b", re.I)
_SPAN = 12  # words on either side of a preference that say what is preferred to what


def correction_restated(claim: str, source: str) -> bool:
    """Does one text correct a thing ('were not concerned with favourable decisions, but rather
    their ability to influence them') and the other, without a denial, prefer the same thing
    ('mattered less a favourable outcome than being able to influence')? (Not the other thing:
    'were concerned with favourable decisions rather than with their ability …'.)"""
    for one, other in ((claim, source), (source, claim)):
        corrected, preferring = _NOT_BUT.search(one), _PREFERRED.search(other)
        if corrected is None or preferring is None or negations(other):
            continue
        instead = content_stems(" ".join(words(one[corrected.end() :])[:_SPAN]))
        before = content_stems(" ".join(words(other[: preferring.start()])[-_SPAN:]))
        after = content_stems(" ".join(words(other[preferring.end() :])[:_SPAN]))
        if preferring.group(1):  # 'more A than B' prefers A; 'less A than B', B
            compared = content_stems(preferring.group(2))
            more = preferring.group(1).lower() == "more"
            before, after = (compared, after) if more else (after, compared)
        if len(instead & before) > len(instead & after):
            return True
    return False


#: 'only in serious cases': the things a text restricts a statement to
_ONLY_THESE = re.compile(
    r"(?<!\bnot )(?<!\bif )\bonly\s+(?:(?:in|for|to|on|at|with|by|among|of|from)\s+)?"
    r"(?:the\s+)?((?:[a-z-]+\s+){0,2})([a-z]{3,}s)\b",
    re.I,
)
#: 'all cases', 'every such case', 'any of the officers': up to four words on
_ALL_OF = re.compile(r"\b(?:all|every|any)\s+((?:[a-z-]+\s+){0,3}[a-z-]+)", re.I)


def only_widened(claim: str, source: str) -> tuple[str, str] | None:
    """(claim, source) where one text restricts a thing to some of its kind ('used only in
    serious cases') and the other says all of them ('used in all cases, minor as well as
    serious'): a quantifier changed; None when the other text restricts it the same way."""
    for one, other, swap in ((source, claim, False), (claim, source, True)):
        for m in _ONLY_THESE.finditer(one):
            kind = stem(m.group(2).lower())
            narrowed = {stem(w) for w in words(m.group(1))} - {stem(w) for w in STOPWORDS}
            if not narrowed:  # 'only officers' is nobody but officers, not some of them
                continue
            for a in _ALL_OF.finditer(other):
                said = [stem(w) for w in words(a.group(1))]
                if kind not in said:
                    continue
                if narrowed <= set(said[: said.index(kind)]):
                    continue  # 'all serious cases' keeps the restriction
                upto = words(a.group(1))[: said.index(kind) + 1]
                pair = (" ".join([a.group(0).split()[0], *upto]), m.group(0).strip())
                return (pair[1], pair[0]) if swap else pair
    return None
