"""Questions that list what they ask about ("… become information, knowledge and finally
intelligence?"): the items, and the sentences after the answering one that cover the rest, as
a text that walks through them does."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .words import content_stems, stem

#: three items or more: "a, b and c", "a, b, c, or finally d"
_LIST = re.compile(
    r"\b([a-z][\w-]*)((?:,\s+[a-z][\w-]*)+),?\s+(?:and|or)\s+(?:(?:then|finally|also)\s+)?"
    r"([a-z][\w-]*)",
    re.I,
)
#: sentences after the answering one (or a walk's last step) that may go on with it; after a
#: lead that ends in a colon, the lines it announces
FOLLOWING = 3


def listed(question: str) -> frozenset[str]:
    """The stems of the items a question lists (three or more), or none."""
    for match in _LIST.finditer(question):
        items = [match.group(1), *re.findall(r"[a-z][\w-]*", match.group(2), re.I), match.group(3)]
        if all(item[0].isupper() for item in items):  # names: "Tregle, Nix and Pickett's study"
            continue
        stems = {stem(w.lower()) for w in items if content_stems(w)}
        if len(stems) >= 3:
            return frozenset(stems)
    return frozenset()


def continuing(items: frozenset[str], covered: frozenset[str], after: Sequence[str]) -> list[int]:
    """Of the sentences `after` the answering one (in order), the places of those that each
    name an item the sentences before them did not, until every item is named or none is
    within FOLLOWING sentences of the last one named ('These computer records are data.' may
    stand between two steps of a walk from data to intelligence)."""
    found: list[int] = []
    covered = covered & items
    for place, sentence in enumerate(after):
        if covered == items or place - (found[-1] if found else -1) > FOLLOWING:
            break
        new = (items - covered) & content_stems(sentence)
        if new:
            found.append(place)
            covered |= new
    return found


#: a list of things in a sentence: 'a methodology, a structure, a process and a product'
#: (each item a few words; the last joined by 'and' or 'or')
_ENUMERATION = re.compile(
    r"(?:[^,;:.()]{1,40},\s+)+[^,;:.()]{1,40}?,?\s+(?:and|or)\s+[^,;:.()]{1,40}", re.I
)


_ASIDE = re.compile(r"\s*\([^()]{1,12}\)")


def enumerates(text: str, count: int) -> bool:
    """Does the sentence list exactly `count` things (three or more), as one list? (Short
    asides in brackets, such as the acronyms of the things listed, do not break it.)"""
    for match in _ENUMERATION.finditer(_ASIDE.sub("", text)):
        head, _, last = match.group(0).rpartition(",")
        items = head.split(",") + re.split(r"\s+(?:and|or)\s+", last.strip(), maxsplit=1)
        if len([item for item in items if item.strip()]) == count:
            return True
    return False
