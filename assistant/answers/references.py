"""Is a text a reference rather than a statement: a citation line, an author's address for
correspondence, an entry of a reference list, or any sentence of a passage of such entries?
Such a text answers no question and supports no claim, unless the question is about the works
cited. Nor does a list's lead-in, which its items complete."""

from __future__ import annotations

import re
from functools import lru_cache

REFERENCE_ENTRIES = 4  # dated entries that make a passage a reference list
#: … or three in a short passage, one in so many characters at least (a list's last page)
ENTRY_SPACING = 250
#: the marks of a reference, each with a string it cannot match without (a cheap test first:
#: one pattern of them all tried at every position of every sentence judged was slow)
_BIBLIOGRAPHIC = tuple(
    (literal, re.compile(pattern))
    for literal, pattern in (
        ("correspond", r"\bcorrespondence (?:to|concerning|should)\b|\bcorresponding author\b"),
        ("mail:", r"\be-?mail:"),
        ("@", r"[\w.-]+@[\w-]+\.\w"),
        ("doi", r"\bdoi\b"),
        ("://", r"https?://"),
        ("www.", r"www\."),
        ("IS", r"\bIS[BS]N\b"),
        ("Vol.", r"\bVol\.\s?\d"),
        ("Accepted", r"\bAccepted\b"),
        (").", r"\(\d{4}[a-z]?\)\.\s+[A-Z]"),
        ("p.", r"(?<!\d\d\d\d, )(?<!\d\d\d\d[a-z], )\bpp?\.\s?\d"),
        ("(", r"\b\d+\s?\(\d+\)\s*[:,]\s*\d+"),
    )
)
_ENTRY_YEAR = re.compile(r"\((?:19|20)\d\d[a-z]?\)[.,]|\b(?:19|20)\d\d[a-z]?\.\s+[A-Z]")


@lru_cache(maxsize=4096)
def _reference_list(passage: str) -> bool:
    """A passage of a reference list: entries "Surname, X. (2016). Title …" or "Surname, X.,
    2016. Title …" one after another."""
    entries = len(_ENTRY_YEAR.findall(passage))
    dense = entries >= 3 and entries * ENTRY_SPACING >= len(passage)
    return entries >= REFERENCE_ENTRIES or dense


@lru_cache(maxsize=16384)
def bibliographic(sentence: str, passage: str = "") -> bool:
    """A reference or a citation line, or a sentence of a reference list: no statement (a page
    cited after a year in running text, 'Tyler (1990, p. 137) found', is no reference)."""
    marked = any(literal in sentence and p.search(sentence) for literal, p in _BIBLIOGRAPHIC)
    return marked or bool(passage and _reference_list(passage))


#: a list's lead-in, which its items complete ('When attending … Police aim to:')
_LEAD_IN = re.compile(
    r"\b(?:to|include|includes|including|following|as|are|is|were|was|by|of|with)\s*:\s*$", re.I
)


def lead_in(sentence: str) -> bool:
    """Does the sentence end by opening a list ('… Police aim to:')?"""
    return _LEAD_IN.search(sentence) is not None
