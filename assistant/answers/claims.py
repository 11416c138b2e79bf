"""How a claim's facts compare with a source sentence's: a figure, year, duration or name stated
differently (a conflict, named), figures given to the wrong things (swapped), negation,
quantifiers and directions that disagree, and facts the source does not state at all."""

from __future__ import annotations

import re
from itertools import pairwise

from ..search.lexical import STOPWORDS
from .facts import (
    Name,
    Profile,
    directions,
    name_in,
    names,
    negations,
    profile,
    quantifier,
    spelled_in,
)
from .quantities import Quantity, quantities
from .words import content_stems, stem, words


def fact_differences(
    claim: str, sentence: str, near: Profile, about: Profile, around: Profile, beside: str = ""
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(conflicts: facts the source states differently, missing: facts it does not state).
    `near` is the sentence with its neighbours (`beside`, their text), `about` the document's
    bibliographic data, `around` its passage and section (names may stand anywhere there)."""
    conflicts: list[tuple[str, str, str]] = []
    missing: list[str] = []
    in_sentence = quantities(sentence)
    for q in quantities(claim):
        matched = [s for s in near.quantities if q.same_as(s)]
        spanned = _in_span(q, sentence, in_sentence)  # 2016 within 'from 1970 to 2018'
        dated = next(
            (s for s in in_sentence if q.kind == "year" and q.comparable(s) and not spanned), None
        )
        if matched and dated is not None and not any(q.same_as(s) for s in in_sentence):
            # the sentence dates its fact otherwise: the year beside it is another event's
            conflicts.append((fact_kind(q), q.text, dated.text))
            continue
        if matched:
            swapped = _swapped(claim, q, sentence, matched, in_sentence) or _swapped_clauses(
                claim, q, sentence, in_sentence
            )
            if swapped is not None:
                conflicts.append(("figures swapped", q.text, swapped))
            bound = _bound_elsewhere(claim, q, sentence, in_sentence)
            if bound is not None:
                conflicts.append(("what the figure is for", *bound))
            turned = _turned(claim, q, sentence, in_sentence) or _turned(
                claim, q, beside, quantities(beside)
            )  # the figure's side where it stands, as the figure counts where it stands
            if turned is not None:
                conflicts.append(("direction", *turned))
            continue
        if q.kind == "year" and any(q.same_as(s) for s in about.quantities):
            continue
        rival = next((s for s in in_sentence if q.comparable(s) and not spanned), None)
        if rival is not None:
            conflicts.append((fact_kind(q), q.text, rival.text))
        else:
            missing.append(q.text)
    where = near | about | around
    claim_parts = {p for n in names(claim) for p in n.parts}
    claim_profile = profile(claim)
    own = profile(sentence)
    for name in names(claim):
        if name_in(name, own | about):
            continue
        other = [  # not the claim's own words as an acronym ('CAC', 'BWC')
            n
            for n in names(sentence)
            if not set(n.parts) & claim_parts and not spelled_in(n, claim_profile)
        ]
        acronym = next((n for n in other if _acronym(n) and _acronym(name)), None)
        if acronym is not None:  # the sentence says ROLG where the claim says POLG
            conflicts.append(("name", name.text, acronym.text))
        elif name_in(name, where):  # a name may stand anywhere around: "US" for a US survey
            continue
        elif other:
            conflicts.append(("name", name.text, other[0].text))
        else:
            missing.append(name.text)
    if negations(claim) % 2 != negations(sentence) % 2:
        conflicts.append(("negation", _negated(claim), _negated(sentence)))
    said, stated = quantifier(claim), quantifier(sentence)
    if said and stated and said != stated:
        conflicts.append(("quantifier", said, stated))
    said, stated = share_claimed(claim), share_claimed(sentence)
    if said and stated and said != stated:  # 'the majority' against 'a small percentage'
        conflicts.append(("quantifier", said, stated))
    swapped_word = _word_swapped(claim, sentence)
    if swapped_word is not None:
        conflicts.append(("word", *swapped_word))
    reversed_ = _comparison_reversed(claim, sentence)
    if reversed_ is not None:
        conflicts.append(("comparison", *reversed_))
    ways, source_ways = directions(claim), directions(sentence)
    if ways and source_ways and not ways & source_ways:
        conflicts.append(("direction", "/".join(sorted(ways)), "/".join(sorted(source_ways))))
    role = _role_swapped(claim, sentence)
    if role is not None:
        conflicts.append(("role", *role))
    return conflicts, missing


#: how large a share a text claims: most of them, or few
_MOST = re.compile(
    r"\b(most|majority|the bulk|nearly all|almost all|mostly|largely|predominantly)\b", re.I
)
_FEW = re.compile(
    r"\b(few|a minority|minority|handful|rarely|seldom|hardly any|small (?:percentage|share|"
    r"proportion|number|fraction|part))\b",
    re.I,
)


def share_claimed(text: str) -> str:
    """'most' or 'few' — the size of the share a text claims, if it says one only."""
    most, few = bool(_MOST.search(text)), bool(_FEW.search(text))
    return "most" if most and not few else "few" if few and not most else ""


#: ranks and offices, a closed class: a claim that gives the act to another of them than its
#: source does names another actor ("a superintendent decides" where an inspector does)
ROLES = frozenset(
    "constable sergeant inspector superintendent commissioner commander lieutenant captain "
    "detective sheriff deputy chief mayor minister prosecutor judge magistrate governor "
    "president analyst supervisor coordinator director manager administrator".split()
)


def _word_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where both set two words against each other ('an aggressive or a
    passive individual') and the claim then puts one after a content word that the source
    follows by the other ('… looked passive' against '… looked aggressive')."""
    named = _alternatives(claim) & _alternatives(sentence)
    if not named:
        return None
    mine, theirs = _pairs(claim), _pairs(sentence)
    for (before, word), said in mine.items():
        for (other_before, other), stated in theirs.items():
            if (before, word) in theirs or (other_before, other) in mine:
                continue
            if other_before == before and frozenset({word, other}) in named:
                return said, stated
    return None


_ALTERNATIVES = re.compile(
    r"\b([A-Za-z][\w-]+)[\"”’']?\s+(?:or|versus|vs\.?)\s+(?:an?\s+|the\s+)?[\"“‘']?([A-Za-z][\w-]+)"
)


def _alternatives(text: str) -> set[frozenset[str]]:
    """Pairs of words a text sets against each other ('an aggressive or a passive …'), by
    stem."""
    return {frozenset({stem(a), stem(b)}) for a, b in _ALTERNATIVES.findall(text) if a != b}


def _pairs(text: str) -> dict[tuple[str, str], str]:
    """Each content word with the content word right after it, within clauses: (stems) →
    the two words as written."""
    found: dict[tuple[str, str], str] = {}
    for clause in re.split(r"[,;:()“”\"]", text):
        kept = [w for w in words(clause) if w not in STOPWORDS]
        for a, b in pairwise(kept):
            found.setdefault((stem(a), stem(b)), f"{a} {b}")
    return found


def _role_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(the claim's role, the source's) when the claim names a rank or office the sentence
    does not, and the sentence one the claim does not."""
    said, stated = _roles(claim), _roles(sentence)
    new = sorted(role for role in said if role not in stated)
    other = sorted(role for role in stated if role not in said)
    return (said[new[0]], stated[other[0]]) if new and other else None


def _roles(text: str) -> dict[str, str]:
    """The ranks and offices a text names, each with the word as written ('inspectors')."""
    return {w.removesuffix("s"): w for w in words(text) if w.removesuffix("s") in ROLES}


def _anchor(text: str, quantity: Quantity) -> frozenset[str]:
    """The content words just before a figure, which say what it measures ('white (89%)')."""
    before = text[max(0, quantity.start - 40) : quantity.start]
    return frozenset(list(content_stems(" ".join(words(before)[-3:]))))


_OPENS_BRACKET = re.compile(r"\(\s*(?:[A-Za-zβλαρχ]{1,3}\s*[=:<>]\s*)?$")


def _bound(text: str, quantity: Quantity) -> str:
    """The words a figure in brackets stands for: 'organizational justice (r=.559)', 'male
    (89%)' — back to the clause's start; '' for a figure not in brackets."""
    before = text[: quantity.start]
    if not _OPENS_BRACKET.search(before[-8:]):
        return ""
    head = before[: before.rfind("(")]
    return re.split(r"[,;:.()]", head)[-1].strip()


def _bound_elsewhere(
    claim: str, q: Quantity, sentence: str, stated: tuple[Quantity, ...]
) -> tuple[str, str] | None:
    """(claim, source) when the source gives the figure in brackets to a thing the claim
    does not name ('organizational justice (r=.559)' against 'self-legitimacy (r=.559)')."""
    mine = _bound(claim, q)
    if not mine:
        return None
    claimed, stated_words = content_stems(claim), content_stems(sentence)
    for other in stated:
        theirs = _bound(sentence, other) if other.same_as(q) else ""
        words_ = content_stems(theirs)
        if words_ and not words_ & claimed and content_stems(mine) - stated_words:
            return f"{mine} ({q.text})", f"{theirs} ({other.text})"
    return None


def _swapped(
    claim: str, q: Quantity, sentence: str, matched: list[Quantity], stated: tuple[Quantity, ...]
) -> str | None:
    """Two figures exchanged: the claim gives q to what the source gives another figure to,
    and that other figure to what the source gives q to ('white (94%), male (89%)' against
    'white (89%), male (94%)'). Returns the source's figure for what q measures."""
    mine = _anchor(claim, q)
    theirs = [_anchor(sentence, s) for s in matched if s in stated]
    if not mine or not theirs or any(a & mine for a in theirs):
        return None
    claimed = quantities(claim)
    for other in stated:
        if other.kind != q.kind or other.same_as(q) or not _anchor(sentence, other) & mine:
            continue
        for second in claimed:
            if second.same_as(other) and any(_anchor(claim, second) & a for a in theirs):
                return f"{other.text} for {' '.join(sorted(_anchor(sentence, other) & mine))}"
    return None


#: where a clause ends inside a sentence: what a figure is given to stands in its own clause
_CLAUSE = re.compile(r"[,;:]|\b(?:and|while|whereas|but|compared with|than|versus|vs)\b", re.I)
_RANGE_OPEN = re.compile(r"\bbetween\b[^,;:]*$", re.I)  # its 'and' ends no clause
#: what stands between the two years of a span ('1970 to 2018', '1990–2018')
_SPAN = re.compile(r"\s*(?:to|and|until|till|through|[-–—])\s*", re.I)


def _in_span(q: Quantity, text: str, stated: tuple[Quantity, ...]) -> bool:
    """Does the text state a span of years that holds the year q ('from 1970 to 2018',
    '1990–2018', 'between 1990 and 2018')?"""
    return q.kind == "year" and any(
        a.kind == b.kind == "year"
        and a.value <= q.value <= b.value
        and _SPAN.fullmatch(text[a.start + len(a.text) : b.start])
        for a, b in pairwise(stated)
    )


def _clause(text: str, quantity: Quantity) -> tuple[int, int]:
    """Where the clause a figure stands in starts and ends ('between 1990 and 2018' is one)."""
    ends = [
        m
        for m in _CLAUSE.finditer(text)
        if m.group(0).lower() != "and" or not _RANGE_OPEN.search(text[: m.start()])
    ]
    start = max((m.end() for m in ends if m.end() <= quantity.start), default=0)
    after = next(
        (m.start() for m in ends if m.start() >= quantity.start + len(quantity.text)), None
    )
    return start, len(text) if after is None else after


def _owners(text: str, quantity: Quantity) -> frozenset[str]:
    """The content words of the clause a figure stands in ('a score of six items related to
    the guardian orientation' gives six to 'guardian'), without figures."""
    start, end = _clause(text, quantity)
    return frozenset(s for s in content_stems(text[start:end]) if not s[:1].isdigit())


def _swapped_clauses(
    claim: str, q: Quantity, sentence: str, stated: tuple[Quantity, ...]
) -> str | None:
    """Two figures exchanged between clauses, whichever side of its figure the thing stands
    ('the guardian score of three items and the warrior score of six' against 'six items for
    the guardian orientation and three for the warrior one'): a word the source gives to the
    other figure, the claim gives to q, and the other way round. Not where both figures stand
    in one clause (nothing says which is whose), nor for 'respectively'."""
    if "respectively" in claim.lower() or "respectively" in sentence.lower():
        return None
    mates, claimed = [s for s in stated if s.same_as(q)], quantities(claim)
    if len(mates) != 1 or sum(c.same_as(q) for c in claimed) != 1:
        return None  # a figure stated twice: no telling which one is whose
    mate = mates[0]
    shared = content_stems(claim) & content_stems(sentence)
    mine, theirs = _owners(claim, q) & shared, _owners(sentence, mate) & shared
    for other in stated:
        second = next((c for c in claimed if c.same_as(other)), None)
        if other.kind != q.kind or other.same_as(q) or second is None:
            continue
        if _clause(claim, q) == _clause(claim, second) or _clause(sentence, mate) == _clause(
            sentence, other
        ):
            continue
        other_owners = _owners(sentence, other) & shared
        to_q = (mine & other_owners) - theirs  # the claim gives q what the source gives other
        to_other = (_owners(claim, second) & shared & theirs) - other_owners
        if to_q and to_other:
            return f"{other.text} for {' '.join(sorted(to_q))}"
    return None


#: word stems that take a side, by side; a figure's side is the one its clause goes on to name
#: ('half of the executives opposed …', '24 to 30% indicated support')
_SIDES = {
    "for": ("support", "favour", "favor", "agree", "approv", "endors", "welcom", "back"),
    "against": ("oppos", "disagree", "disapprov", "reject", "object", "resist", "against"),
}
_CLAUSE_END = re.compile(r"[,;:()]|\b(?:while|whereas|but|although|than)\b", re.I)


def _side(text: str, quantity: Quantity) -> tuple[str, str]:
    """(side, the word that names it): the side ('for'/'against') or direction ('up'/'down')
    the clause after a figure names, if it names only one; else ("", "")."""
    rest = text[quantity.start + len(quantity.text) :]
    clause = rest[: m.start()] if (m := _CLAUSE_END.search(rest)) else rest
    found: dict[str, str] = {}
    for word in words(clause):
        for side, stems in _SIDES.items():
            if word.startswith(stems):
                found.setdefault(side, word)
        for way in directions(word):
            found.setdefault(way, word)
    return next(iter(found.items())) if len(found) == 1 else ("", "")


def _turned(
    claim: str, q: Quantity, sentence: str, stated: tuple[Quantity, ...]
) -> tuple[str, str] | None:
    """(claim, source) when the source gives the same figure to the other side ('half opposed'
    against 'half supported'), though both sentences name both sides."""
    mine, said = _side(claim, q)
    if not mine:
        return None
    for other in stated:
        theirs, word = _side(sentence, other) if other.same_as(q) else ("", "")
        if theirs and theirs != mine:
            return f"{q.text} … {said}", f"{other.text} … {word}"
    return None


def fact_kind(quantity: Quantity) -> str:
    kinds = {
        "year": "year",
        "percent": "figure",
        "money": "amount",
        "duration": "duration",
        "frequency": "frequency",
        "factor": "magnitude",
    }
    return kinds.get(quantity.kind, "number")


def _negated(text: str) -> str:
    return "negative" if negations(text) % 2 else "affirmative"


def _acronym(name: Name) -> bool:
    """Written as an acronym ('POLG', 'ROLGs') rather than in words."""
    return re.fullmatch(r"[A-Z][A-Z&]{1,7}s?", name.text) is not None


_COMPARISON = re.compile(
    r"\b(more|less|fewer|greater|higher|lower|larger|smaller|better|worse|stronger|weaker)\b"
    r"[^.;]{0,80}?\b(?:than|compared (?:to|with)|relative to|as opposed to)\s+"
    r"(?:the\s+|their\s+|its\s+|those of\s+)?([\w-]+)",
    re.I,
)
_UPWARD = {"more", "greater", "higher", "larger", "better", "stronger"}


def _comparison_reversed(claim: str, sentence: str) -> tuple[str, str] | None:
    """'national media matter more than local media' against 'local media … more important
    than national media': what each puts after 'than' ('compared to') stands before it in the
    other, and both compare the same way ('more' and 'less' with the sides turned agree)."""
    mine, theirs = _COMPARISON.search(claim), _COMPARISON.search(sentence)
    if mine is None or theirs is None:
        return None
    ours, other = mine.group(2).lower(), theirs.group(2).lower()
    if ours == other or (mine.group(1).lower() in _UPWARD) != (theirs.group(1).lower() in _UPWARD):
        return None  # 'B more than A' says what 'A less than B' does
    before_ours = set(words(claim[: mine.start()]))
    before_theirs = set(words(sentence[: theirs.start()]))
    if other in before_ours and ours in before_theirs:
        said, stated = mine.group(1).lower(), theirs.group(1).lower()
        return f"{said} {other} than {ours}", f"{stated} {ours} than {other}"
    return None
