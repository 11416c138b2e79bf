"""The words an acronym stands for: a text's stems together with those of the question's
words that an acronym in the text spells ('ILP' for intelligence-led policing), or that the
question's own acronym abbreviates ('NZ' in a text that says 'New Zealand')."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .facts import CONNECTORS, profile
from .words import content_stems, stem


@lru_cache(maxsize=16384)
def acronym_stems(text: str, query: str) -> frozenset[str]:
    """The text's stems, plus the stems of the query's words that an acronym in the text
    stands for ('ILP' ↦ intelligence, led, policing) or that spell an acronym of the query."""
    where = profile(text, with_quantities=False)
    asked = profile(query).capitals
    if not where.capitals and not asked:  # (most sentences: no acronym on either side)
        return content_stems(text)
    present = set(content_stems(text))
    query_words = _query_words(query)
    for acronym in where.capitals:
        letters = acronym.lower().replace("&", "")
        for i, word in enumerate(query_words):
            if letters.startswith(_own_letters(word)):  # (else it spells nothing from here)
                present.update(stem(w) for w in _spelled(letters, query_words[i:]))
    for acronym in asked:
        if acronym.lower() in where.initials:
            present.add(stem(acronym))
    return frozenset(present)


@lru_cache(maxsize=1024)
def _query_words(query: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[^\w]+", query) if w)


def _own_letters(word: str) -> str:
    """What a word spells of an acronym: its first letter; a short acronym, its letters."""
    return word.lower() if word.isupper() and 1 < len(word) <= 4 else word[:1].lower()


def _spelled(letters: str, following: Sequence[str]) -> list[str]:
    """The words at the start of `following` whose initials spell the acronym, short acronyms
    among them spelling their own letters and small words skipped ('UN Convention against
    Corruption' for UNCAC, 'UN Office on Drugs and Crime' for UNODC); [] if they do not."""
    run: list[str] = []
    for word in following:
        if not letters:
            break
        own = _own_letters(word)
        if letters.startswith(own):
            letters = letters[len(own) :]
            run.append(word)
        elif word.lower() not in CONNECTORS or not run:
            return []
    return run if not letters else []


def stems_with_acronyms(query: str, *texts: str) -> frozenset[str]:
    """`acronym_stems` of each text, together."""
    found = [acronym_stems(text, query) for text in texts if text]
    return found[0] if len(found) == 1 else frozenset().union(*found)
