"""Acronyms a document defines ("body-worn cameras (BWCs)", "intelligence-led policing (ILP)"),
so that a passage that uses only one form is found by a question that uses the other.

A definition is a parenthesised acronym after the words it abbreviates: the shortest run of
the words just before it whose initials (and the initials of the parts of hyphenated words)
spell the acronym in order, in the manner of Schwartz and Hearst's algorithm. `extra_terms`
gives, for one passage, the other form of each defined acronym the passage uses in one form
only; the lexical index stores those words with the passage (its text is not changed)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,9}?)(s)?\s*\)")
_WORD = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*")
MAX_EXTRA_WORDS = 5  # words before the acronym beyond its letters that may hold its expansion
MAX_TERMS_CHARS = 2000  # bound on a passage's extra words


def definitions(text: str) -> dict[str, str]:
    """Acronym → the words it stands for, as the text first defines it."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        acronym = match.group(1)
        letters = [c.lower() for c in acronym if c.isalpha()]
        capitals = sum(c.isupper() for c in acronym)
        if acronym in found or capitals < 2 or capitals < len(letters) - 1:
            continue
        before = _WORD.findall(text[max(0, match.start() - 200) : match.start()])
        window = before[-(len(letters) + MAX_EXTRA_WORDS) :]
        expansion = _expansion(letters, window)
        if expansion:
            found[acronym] = expansion
    return found


def _expansion(letters: list[str], window: list[str]) -> str:
    """The shortest tail of the words whose initials spell the letters in order (each word's
    first letter used; hyphenated parts may supply more letters)."""
    for start in range(len(window) - 1, -1, -1):
        words = window[start:]
        if _spells(letters, words):
            if words[0][0].lower() != letters[0]:
                continue
            return " ".join(words)
    return ""


#: words an expansion may hold that its acronym leaves out ("Federal Bureau of Investigation")
_SKIPPED = frozenset("of and for in on the to".split())


def _spells(letters: list[str], words: list[str]) -> bool:
    """Every word starts one of the letters, in order (a function word may start none); its
    hyphenated parts may start the next ones; all letters used."""
    at = 0
    for word in words:
        parts = re.split(r"[-‐]", word.lower())
        if at >= len(letters) or parts[0][0] != letters[at]:
            if parts[0] in _SKIPPED and len(parts) == 1:
                continue
            return False
        at += 1
        for part in parts[1:]:
            if at < len(letters) and part and part[0] == letters[at]:
                at += 1
    return at == len(letters)


def extra_terms(text: str, defined: dict[str, str]) -> str:
    """For one passage: the expansion of each defined acronym it uses without its expansion,
    and the acronym of each expansion it spells out without the acronym."""
    tokens = _WORD.findall(text)
    present = set(tokens)  # as written: "ILP" and "ILPs", not "ilp"
    lowered = [t.lower() for t in tokens]
    starts = set(lowered)
    lower = " ".join(lowered)
    extra: list[str] = []
    for acronym, expansion in defined.items():
        has_acronym = acronym in present or f"{acronym}s" in present
        spelled = _WORD.findall(expansion.lower())
        has_expansion = bool(spelled) and spelled[0] in starts and " ".join(spelled) in lower
        if has_acronym and not has_expansion:
            extra.append(expansion)
        elif has_expansion and not has_acronym:
            extra.append(acronym)
    return " ".join(extra)[:MAX_TERMS_CHARS]


def passage_terms(texts: Iterable[str]) -> list[str]:
    """The extra words of each passage of one document, from the acronyms the document
    defines anywhere."""
    texts = list(texts)
    defined = definitions("\n".join(texts))
    return [extra_terms(t, defined) if defined else "" for t in texts]
