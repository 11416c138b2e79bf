"""Which comes first: a claim that lists ranked things, or tells steps, in another order than its
source ('corruption, followed by violence' against 'violence, followed by corruption'; 'a report
is drawn up first and only then are activities planned' against 'activities are planned …, and
followed by an evaluation report')."""

from __future__ import annotations

import re
from itertools import pairwise

from .words import content_stems, stem, words

_ORDERED = re.compile(
    r"\b(?:in (?:descending|ascending) order|ranked|from (?:largest|smallest|highest|lowest|"
    r"most|least)\b)",
    re.I,
)


def order_differs(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where both list things in an order they say matters ('the five largest
    donors in descending order were: European Union, Canada, …') and the claim puts two of
    them the other way round."""
    mine, theirs = _ranked_items(claim), _ranked_items(sentence)
    common = [item for item in theirs if item in mine]
    for a, b in pairwise(common):
        if mine.index(a) > mine.index(b):
            return f"{b} before {a}", f"{a} before {b}"
    return None


def _ranked_items(text: str) -> list[str]:
    """The items of the list after an order marker, by their content words ('european
    union', 'canada'); none without a marker."""
    marker = _ORDERED.search(text)
    if marker is None:
        return []
    pieces = re.split(r",|;|\band\b|:", text[marker.end() :])
    items = [" ".join(sorted(content_stems(p))) for p in pieces]
    return [i for i in items if i]


#: a word that puts what stands before it first: 'X, followed by Y', 'X first and only then
#: Y', 'first X, then Y', 'X and then Y', 'X before Y', 'X prior to Y'
_THEN = re.compile(
    r"\bfollowed (?:closely )?by\b|\b(?:and |, )(?:only )?then\b|(?<=\bfirst )(?:only )?then\b|"
    r"(?<=\w )(?:only )?(?:before|prior to)\b",
    re.I,
)
#: 'X (only) after Y' (not 'named after', 'looked after', 'after all', 'year after year')
_AFTER = re.compile(
    r"(?<=\w )(?<!named )(?<!look )(?<!looks )(?<!looked )(?<!looking )(?<!year )(?<!day )"
    r"(?:only |shortly |soon |long |immediately )?after\b(?! all\b)"
    # ('withdrawn after only several weeks', 'after two years': a span of time, no event)
    r"(?! (?:only |just |about |some |nearly |almost )?(?:\d|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|several|few|many|an? (?:few |couple of )?(?:\w+ )?(?:hours?|days?|weeks?|"
    r"months?|years?|decades?|while|time|period)\b))",
    re.I,
)
#: a sentence that opens with the later step: 'Before X, Y' (Y first), 'After X, Y' (X first)
_OPENING = re.compile(r"^\s*(before|prior to|after|once)\s+([^,]{3,}),\s*(.+)$", re.I | re.S)


def _sequence(text: str) -> tuple[str, str] | None:
    """(what comes first, what comes after) in a text that tells two steps in order."""
    opening = _OPENING.match(text)
    if opening:
        word, clause, rest = opening.groups()
        return (rest, clause) if word.lower() in ("before", "prior to") else (clause, rest)
    for marker in _THEN.finditer(text):
        earlier, later = text[: marker.start()], text[marker.end() :]
        if content_stems(earlier) and content_stems(later):
            return earlier, later
    for marker in _AFTER.finditer(text):  # 'X after Y': Y first
        later, earlier = text[: marker.start()], text[marker.end() :]
        if content_stems(earlier) and content_stems(later):
            return earlier, later
    return None


def sequence_reversed(claim: str, sentence: str) -> tuple[str, str] | None:
    """(claim, source) where both tell two things in order and the claim puts first what the
    source puts after, and after what it puts first."""
    mine, theirs = _sequence(claim), _sequence(sentence)
    if mine is None or theirs is None:
        return None
    (my_first, my_next), (first, after) = (
        (content_stems(a), content_stems(b)) for a, b in (mine, theirs)
    )
    moved_up = (my_first & after) - my_next - first  # first in the claim, after in the source
    moved_down = (my_next & first) - my_first - after
    if moved_up and moved_down:  # each named by its first word in the claim
        said = [w for w in words(claim) if stem(w) in moved_up | moved_down]
        up = next(w for w in said if stem(w) in moved_up)
        down = next(w for w in said if stem(w) in moved_down)
        return f"{up} before {down}", f"{down} before {up}"
    return None
