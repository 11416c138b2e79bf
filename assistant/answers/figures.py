"""What a claim's figures are given to: the words that say what each measures (before it,
'white (89%)'; after it, '15% female'; the clause it stands for in brackets), so that two
figures exchanged, or a figure given to another thing, are found."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from ..ingest.chunk import split_sentences
from .facts import Name, merged, name_in, profile
from .quantities import Quantity, quantities
from .words import content_stems, words


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


def bound_elsewhere(
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


def swapped(
    claim: str,
    q: Quantity,
    sentence: str,
    matched: list[Quantity],
    stated: tuple[Quantity, ...],
    anchor: Callable[[str, Quantity], frozenset[str]] | None = None,
) -> str | None:
    """Two figures exchanged: the claim gives q to what the source gives another figure to,
    and that other figure to what the source gives q to ('white (94%), male (89%)' against
    'white (89%), male (94%)'; '15% female and 18% non-white', by the word after each).
    Returns the source's figure for what q measures."""
    if anchor is None:
        return swapped(claim, q, sentence, matched, stated, _anchor) or swapped(
            claim, q, sentence, matched, stated, _after
        )
    mine = anchor(claim, q)
    theirs = [anchor(sentence, s) for s in matched if s in stated]
    if not mine or not theirs or any(a & mine for a in theirs):
        return None
    claimed = quantities(claim)
    for other in stated:
        if other.kind != q.kind or other.same_as(q) or not anchor(sentence, other) & mine:
            continue
        for second in claimed:
            if second.same_as(other) and any(anchor(claim, second) & a for a in theirs):
                return f"{other.text} for {' '.join(sorted(anchor(sentence, other) & mine))}"
    return None


def _after(text: str, quantity: Quantity) -> frozenset[str]:
    """The content word right after a figure, which may say what it measures ('15% female')."""
    following = words(text[quantity.start + len(quantity.text) : quantity.start + 40])[:1]
    return frozenset(content_stems(" ".join(following)))


OWN_FIGURES = ("percent", "money", "count", "quantity")
_ACTOR_SLOT = r"\b(?:did|do|does|have|has|had|by)\s+(?:the\s+)?NAME\b|\bNAME['’]s?\b"


class Placed(Protocol):
    """A sentence in its passage, with its section's headings and its document's data."""

    @property
    def sentence(self) -> str: ...
    @property
    def passage(self) -> str: ...
    @property
    def about(self) -> str: ...
    @property
    def headings(self) -> str: ...


def named_later(
    answer_type: str, asked: tuple[Name, ...], question: str, evidence: Placed
) -> list[str]:
    """The names a question makes the figure's actor ('did British Transport Police carry
    out', 'the Met's searches', 'made by the Met') that the figure's sentence does not state
    and its passage states only after it, in a sentence with a figure of its own ('… carried
    out 215,423 searches.' / 'Of those, 97% were conducted by the Met and 2% by British
    Transport Police'): that figure is the name's; the sentence's is the whole's."""
    if answer_type not in OWN_FIGURES:
        return []
    sentence, passage = evidence.sentence, evidence.passage
    at = passage.find(sentence)
    actors = [
        n for n in asked if re.search(_ACTOR_SLOT.replace("NAME", re.escape(n.text)), question)
    ]
    if at < 0 or not actors:
        return []
    earlier = merged(evidence.headings, passage[:at], sentence, evidence.about)
    rest = passage[at + len(sentence) :]
    later = [rest[a:b] for a, b in split_sentences(rest)]
    return [
        name.text
        for name in actors
        if not name_in(name, earlier)
        and (
            not name_in(name, profile(rest, with_quantities=False))
            or any(
                name_in(name, profile(text, with_quantities=False))
                and any(q.kind in OWN_FIGURES for q in quantities(text))
                for text in later
            )
        )
    ]
