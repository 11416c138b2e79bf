"""What a sentence gives to whom, clause by clause: figures exchanged between the clauses
that name their owners, a figure given to the other side, directions turned for one of two
things the source sets against each other, the sides of a comparison turned round, and a
cause given as its effect."""

from __future__ import annotations

import difflib
import re
from itertools import pairwise

from ..search.lexical import STOPWORDS
from .polarity import directions
from .quantities import Quantity, noun_phrase, quantities
from .words import content_stems, stem, words

#: where a clause ends inside a sentence: what a figure is given to stands in its own clause
_CLAUSE = re.compile(r"[,;:]|\b(?:and|while|whereas|but|compared with|than|versus|vs)\b", re.I)
_RANGE_OPEN = re.compile(r"\bbetween\b[^,;:]*$", re.I)  # its 'and' ends no clause
#: what stands between the two years of a span ('1970 to 2018', '1990–2018')
_SPAN = re.compile(r"\s*(?:to|and|until|till|through|[-–—])\s*", re.I)


def in_span(q: Quantity, text: str, stated: tuple[Quantity, ...]) -> bool:
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


def swapped_clauses(
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


def turned(
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


#: where a clause ends for a direction it states: the things it points one way
_CONTRAST = re.compile(r"[;,:]|\b(?:while|whereas|but|although)\b", re.I)


def _clause_ways(text: str) -> list[tuple[frozenset[str], set[str]]]:
    """The clauses of a text that point a direction: (their other content stems, the
    directions)."""
    found = []
    for clause in _CONTRAST.split(text):
        ways = directions(clause)
        if ways:
            kept = " ".join(w for w in words(clause) if not directions(w))
            found.append((content_stems(kept), ways))
    return found


def direction_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the source sets two things in opposite directions ('guardian
    beliefs are positively associated …, while warrior beliefs are negatively …') and the
    claim turns the direction of one of them: the clause that names what only one of the
    source's clauses names."""
    theirs = _clause_ways(sentence)
    if len({frozenset(w) for _, w in theirs}) < 2:
        return None
    own = [
        stems - frozenset().union(*(s for j, (s, _) in enumerate(theirs) if j != i))
        for i, (stems, _) in enumerate(theirs)
    ]
    for stems, ways in _clause_ways(claim):
        named = [i for i, distinct in enumerate(own) if stems & distinct]
        if len(named) == 1 and not ways & theirs[named[0]][1]:
            return "/".join(sorted(ways)), "/".join(sorted(theirs[named[0]][1]))
    return None


_COMPARISON = re.compile(
    r"\b(more|less|fewer|greater|higher|lower|larger|smaller|better|worse|stronger|weaker)\b"
    r"[^.;]{0,80}?\b(?:than|compared (?:to|with)|relative to|as opposed to)\s+"
    r"(?:the\s+|their\s+|its\s+|those of\s+)?([\w-]+)",
    re.I,
)
_UPWARD = {"more", "greater", "higher", "larger", "better", "stronger"}


def comparison_reversed(claim: str, sentence: str) -> tuple[str, str] | None:
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


#: a word that ties a cause to its effect: the clause after 'when', 'if', 'because' is the
#: cause ('when citizens trust the police, they cooperate'); what stands before 'leads to' is
#: one too ('trust leads to cooperation'), and after 'is caused by' ('distrust is caused by …')
_CAUSE_AFTER = r"when|whenever|if|because|once|caused by|results? from|resulted from|stems? from"
_CAUSE_BEFORE = r"leads? to|led to|causes|caused|results? in|resulted in|brings? about"
_CAUSAL = re.compile(rf"\b(?:({_CAUSE_AFTER})|({_CAUSE_BEFORE}))\b", re.I)


def _cause_effect(text: str) -> tuple[str, list[tuple[frozenset[str], frozenset[str]]]] | None:
    """A sentence's causal word and the content stems of its cause and of its effect, each way
    its commas may close the clause the word opens ('When officers are courteous, respectful,
    and fair, …'), when it has one such word and no pronoun in its cause ('because the police
    stop them' hides whom)."""
    found = list(_CAUSAL.finditer(text))
    if len(found) != 1:
        return None
    tie = found[0]
    left, right = text[: tie.start()], text[tie.end() :]
    if not tie.group(1):  # 'A leads to B'
        splits = [(left, right)]
    else:  # 'When X, Y', 'For them, when X, Y', 'Y when X'
        commas = [m.start() for m in re.finditer(",", right)]
        splits = [(right[:c], f"{left} {right[c:]}") for c in commas]
        splits += [(right, left)] if len(words(left)) > 2 or not commas else []
    if any(_PRONOUN.search(cause) for cause, _ in splits):
        return None
    return stem(tie.group().split()[0]), [
        (frozenset(content_stems(cause)), frozenset(content_stems(effect)))
        for cause, effect in splits
    ]


_PRONOUN = re.compile(r"\b(?:he|she|it|they|him|her|them)\b", re.I)


def cause_reversed(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim's cause is the source's effect and its effect the
    source's cause ('when citizens cooperate …, they trust the police' against 'when citizens
    trust the police, they … cooperate'), however the commas close their clauses."""
    mine, theirs = _cause_effect(claim), _cause_effect(sentence)
    if mine is None or theirs is None or mine[0] != theirs[0]:
        return None
    moved = [  # (the source's effect, a cause in the claim; its cause, an effect there)
        ((my_cause & effect) - cause - my_effect, (my_effect & cause) - effect - my_cause)
        for my_cause, my_effect in mine[1]
        for cause, effect in theirs[1]
    ]
    if not all(made_cause and made_effect for made_cause, made_effect in moved):
        return None
    made_cause, made_effect = moved[0]
    said = [w for w in words(claim) if stem(w) in made_cause | made_effect]
    first = next(w for w in said if stem(w) in made_cause)
    then = next(w for w in said if stem(w) in made_effect)
    return f"{first} leads to {then}", f"{then} leads to {first}"


def part_of(quantity: Quantity, whole: Quantity, text: str) -> bool:
    """Does the number follow 'of the <whole> …' ('Of the 114 managers who answered, 31 …') or
    '<whole> …, of which' ('66,370 notices, of which 7,669 …' for 'of its roughly 66,000')?"""
    before = text[: quantity.start]
    stated = quantities(before)
    if _OF_WHICH.search(before) and stated and stated[-1].kind == "count":
        last = stated[-1]  # ('… some 66,370 notices, of which 7,669 …')
        near = abs(last.value - whole.value) <= 0.1 * whole.value
        return near and whole.unit in content_stems(noun_phrase(before, last))
    return any(
        q.value == whole.value and _OF_THE.search(before[: q.start]) is not None for q in stated
    )


_OF_THE = re.compile(
    r"\bof\s+(?:the\s+|these\s+|those\s+|all\s+)?(?:(?:roughly|about|around|some|nearly|almost|"
    r"approximately|over)\s+)?$",
    re.I,
)
_OF_WHICH = re.compile(
    r"\bof (?:which|whom)\s+(?:(?:some|about|around|roughly|only|just|nearly|almost)\s+)?$", re.I
)


#: numbers given by their order of magnitude only ('dozens of interviews', 'hundreds of …')
_MAGNITUDE = re.compile(
    r"\b(tens of thousands|hundreds of thousands|dozens|scores|hundreds|thousands|millions)"
    r"\s+of\b",
    re.I,
)


def magnitude_differs(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where both give a number by its order of magnitude and the orders
    differ ('dozens of interviews' against 'hundreds of interviews')."""
    said, stated = _MAGNITUDE.search(claim), _MAGNITUDE.search(sentence)
    if said is None or stated is None:
        return None
    mine, theirs = said.group(1).lower(), stated.group(1).lower()
    same = {mine, theirs} <= {"dozens", "scores"}
    return None if mine == theirs or same else (mine, theirs)


#: a verb that moves what follows it one way ('to increase trust', 'reduces arrests')
_MOVES = re.compile(
    r"\b(increas|rais|boost|improv|strengthen|enhanc|reduc|decreas|lower|cut|diminish|weaken)"
    r"\w*\s+(?:the\s+|their\s+|its\s+|public\s+|levels?\s+of\s+)?([a-z]{3,})",
    re.I,
)


def moved_otherwise(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where the claim moves a thing one way ('to reduce trust') and the source
    moves the same thing the other ('to increase trust'), and never the claim's way."""

    def moves(text: str) -> set[tuple[str, str]]:
        return {
            (next(iter(directions(m.group(1)))), stem(m.group(2)))
            for m in _MOVES.finditer(text)
            if directions(m.group(1))
        }

    theirs = moves(sentence)
    for way, thing in moves(claim) - theirs:
        other = next((w for w, t in theirs if t == thing and w != way), None)
        if other is not None and (way, thing) not in theirs:
            verb = {"up": "increase", "down": "decrease"}
            return f"{verb[way]} {thing}", f"{verb[other]} {thing}"
    return None


_ITEM = r"[\w'’-]+(?: [\w'’-]+){0,3}"
#: a list of three or more things ('Belgium, France, the United States and the United Kingdom')
_LISTED = re.compile(rf"(?:{_ITEM}, )+{_ITEM},? (?:and|or) {_ITEM}")
_SMALL = frozenset("the a an were was are is be been have has had that which who whom".split())
_SMALL |= frozenset("in on at to for of by with from".split())


def _items(text: str) -> list[list[tuple[str, frozenset[str]]]]:
    """Each item of each list in a text, with its content stems (of the first item its last
    word, of the last its words up to a small word: 'investigations were important')."""
    found = []
    for m in _LISTED.finditer(text):
        parts = re.split(r",? (?:and|or) |, ", m.group(0))
        parts[0] = parts[0].split()[-1]
        last = parts[-1].split()
        while last and last[0].lower() in _SMALL:
            last = last[1:]
        cut = next((i for i, w in enumerate(last) if i and w.lower() in _SMALL), len(last))
        if last and last[0][:1].isupper():  # a name: its words in capitals ('Switzerland')
            cut = next((i for i, w in enumerate(last) if not w[:1].isupper()), len(last))
        parts[-1] = " ".join(last[: min(cut, 3)])
        found.append([(p, content_stems(p)) for p in parts if content_stems(p)])
    return found


_BRACKETED = re.compile(r"\s*\([^()]*\)")


def item_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where both list the same things but the last ('implicit bias' where the
    source says 'investigations', 'Switzerland' where it says 'the United Kingdom'): the items
    between agree, and the last ones share no word (a reworded item shares one: 'housing code
    breaches' for 'housing code violations'; the first item carries the words before it). The
    claim's item is a name or has two words of its own ('ones with no injuries' is none)."""
    # (items' examples in brackets aside: 'equipment (e.g., body armor), training (…), and …',
    # though the claim's item may be one of them: 'protective gear (e.g., body armour)')
    whole = content_stems(sentence)
    sentence = _BRACKETED.sub("", sentence)
    for mine in _items(_BRACKETED.sub("", claim)):
        for theirs in _items(sentence):
            if len(mine) < 3 or not all(any(i & t for _, t in theirs) for _, i in mine[1:-1]):
                continue
            said, last = mine[-1]
            if (
                (said[:1].isupper() or len(last) >= 2)
                and not last & content_stems(sentence)
                and 2 * len(last - whole) > len(last)
            ):  # not even after the list ('…, and
                return said, theirs[-1][0]  # self-addressed, postage-paid envelope')
    return None


#: people a claim narrows by what they did or were ('officers who had been assaulted on duty
#: in the past year …'): the noun and the first words of the clause
_WHO = re.compile(
    r"\b(those|[a-z]{3,}s) who (?:(?:had|have|has|were|was|are|is|would|could|not|"
    r"been|personally|previously|ever|also|themselves)\s+)*((?:[\w-]+\s*){1,8})",
    re.I,
)


def narrowed_unstated(claim: str, source: str) -> list[str]:
    """The claim's groups of people narrowed by a clause ('officers who had been assaulted on
    duty') of whose first three words the source holds none: it states nothing of them."""
    held = content_stems(source)
    missing = []
    for m in _WHO.finditer(claim):
        clause = words(m.group(2))
        kept = [i for i, w in enumerate(clause) if w.lower() not in STOPWORDS][:3]
        if kept and not {stem(clause[i]) for i in kept} & held:
            missing.append(f"{m.group(1)} who {' '.join(clause[: kept[-1] + 1])}")
    return missing


#: words that open a clause's predicate ('… must be responsible for leading this effort')
_PREDICATE = frozenset(
    "must should will would can could may might is are was were has have had".split()
)
#: words that open a clause, before its subject
_OPENS = frozenset("and that but while whereas because since although".split())
#: words of a predicate the two texts must share, beside its opening word
_SAME_PREDICATE = 4


def subject_swapped(claim: str, sentence: str) -> tuple[str, str] | None:
    """(the claim's, the source's) subjects of the same predicate, word for word, when they
    share no word ('… and state legislatures must be responsible for leading this effort'
    against '… and the law enforcement agencies must be responsible for leading this
    effort')."""
    a, b = [w.lower() for w in words(claim)], [w.lower() for w in words(sentence)]
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for (op, i1, i2, j1, j2), after in pairwise(ops):
        if op != "replace" or after[0] != "equal" or after[2] - after[1] < _SAME_PREDICATE:
            continue
        opened = (i1 == 0 or a[i1 - 1] in _OPENS) and (j1 == 0 or b[j1 - 1] in _OPENS)
        mine, theirs = a[i1:i2], b[j1:j2]
        said = content_stems(" ".join(mine))
        stated = content_stems(" ".join(theirs))
        if opened and a[i2] in _PREDICATE and said and stated and not said & stated:
            return _without_article(mine), _without_article(theirs)
    return None


def _without_article(said: list[str]) -> str:
    return " ".join(said[1:] if said[0] in ("the", "a", "an", "that", "its", "their") else said)
