"""Does a text hold the kind of answer a question asks for: a percentage, an amount of money, a
date, a duration or frequency, a figure, a count of the thing asked about, a place, a person, a
definition of the term, a reason?"""

from __future__ import annotations

import re

from .facts import Name, name_in, names, personal, profile
from .quantities import Quantity, quantities
from .words import content_stems, words

TYPE_WORDS = {
    "percent": "percentage or share",
    "money": "amount of money",
    "count": "number",
    "duration": "duration or frequency",
    "date": "date or year",
    "quantity": "figure",
    "place": "place",
    "person": "name of a person",
    "organisation": "organisation",
    "definition": "definition",
    "reason": "reason",
}
_DEFINITION_CUES = re.compile(
    r"\b(is|are|means?|refers? to|defined as|definition|i\.e\.|that is|known as|describes?)\b", re.I
)
_REASON_CUES = re.compile(
    r"\b(because|since|due to|as a result|so that|in order to|reasons?|leads? to|caus\w*|"
    r"therefore|thus|explain\w*)\b",
    re.I,
)
_DATE_WORDS = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|"
    r"december|nineties|eighties|seventies|sixties|century|decade)\b",
    re.I,
)
_FREQUENCY = re.compile(
    r"\b(daily|weekly|monthly|quarterly|annually|yearly|fortnightly|biweekly|half-yearly|"
    r"every (other|second|third|two|three|few)?\s*\w+|once a|twice a|times a|per (day|week|"
    r"month|year))\b",
    re.I,
)


def holds_type(answer_type: str, focus: frozenset[str], text: str, question: str) -> bool:
    """Does the text hold an answer of the type the question asks for?"""
    found = quantities(text)
    if answer_type == "percent":
        return any(q.kind == "percent" for q in found)
    if answer_type == "money":
        return any(q.kind == "money" for q in found)
    if answer_type == "date":
        return any(q.kind == "year" for q in found) or bool(_DATE_WORDS.search(text))
    if answer_type == "duration":
        return any(q.kind == "duration" for q in found) or bool(_FREQUENCY.search(text))
    if answer_type == "quantity":  # a figure, but not a count of other things
        mentioned = content_stems(question) | focus
        return any(
            (not q.unit or q.unit in mentioned)
            if q.kind == "count"
            else q.kind not in ("year", "cited")
            for q in found
        )
    if answer_type == "count":  # a number that counts the thing asked about
        counts = [q for q in found if q.kind in ("count", "duration")]
        if not focus:
            return bool(counts)
        return any(
            q.unit in focus
            or _counted(q, focus, text)
            or (not q.unit and _focus_near(q, focus, text))
            for q in counts
        )
    if answer_type in ("place", "person", "organisation"):
        asked = profile(question)
        new = [n for n in names(text) if not name_in(n, asked)]
        if answer_type == "person":
            return any(personal(n) for n in new)
        if answer_type == "place":
            return any(_LOCATIVE.search(text, 0) and _at_place(n, text) for n in new)
        return bool(new)
    if answer_type == "definition":  # the term, and words that define it
        held = content_stems(text)
        return bool(_DEFINITION_CUES.search(text)) and (not focus or bool(focus & held))
    if answer_type == "reason":
        return bool(_REASON_CUES.search(text))
    return True


_LOCATIVE = re.compile(
    r"\b(in|at|from|near|to|across|throughout|outside|inside|based|held)\b", re.I
)


def _at_place(name: Name, text: str) -> bool:
    """Is the name used as a place: after 'in', 'at', 'from' … or as 'City, Country'?"""
    first = re.escape(name.text.split()[0])
    return bool(
        re.search(
            rf"\b(in|at|from|near|to|across|throughout|outside|inside)\s+(the\s+)?{first}", text
        )
        or re.search(rf"\b{first}[\w\s.'’-]*,\s+[A-Z][a-z]+", text)
    )


def _counted(quantity: Quantity, focus: frozenset[str], text: str) -> bool:
    """Is a word of the focus among the few words after the number, within its clause
    ('24 EU metropolises'; not 'three test divisions, patrol officers')?"""
    after = text[quantity.start + len(quantity.text) : quantity.start + len(quantity.text) + 40]
    clause = re.split(r"[,;:.()\[\]]", after, maxsplit=1)[0]
    return bool(content_stems(" ".join(words(clause)[:3])) & focus)


def _focus_near(quantity: Quantity, focus: frozenset[str], text: str) -> bool:
    """Is a word of the question's focus within a few words of the number?"""
    window = text[max(0, quantity.start - 60) : quantity.start + len(quantity.text) + 40]
    return bool(content_stems(window) & focus)
