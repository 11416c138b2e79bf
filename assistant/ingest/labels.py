"""Printed page labels: the page number a reader sees, which is often not the PDF's page index.

Sources, in order of trust:
1. the PDF's /PageLabels, unless they repeat a label (a cover sheet labelled like the first page)
   or the numbers printed on the pages contradict them;
2. numbers printed in the running headers/footers: the offset between PDF index and printed
   number that most pages agree on (post-prints with unnumbered title pages, journal articles
   paginated from 611);
3. the PDF index itself, when nothing is printed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import RawPage

SOURCE_PAGE_LABELS = "page-labels"
SOURCE_PRINTED = "printed-numbers"
SOURCE_PDF_INDEX = "pdf-index"
SOURCE_NONE = "none"

EDGE_LINES = 3  # lines at the top and at the bottom of a page searched for a page number
MIN_SUPPORT_SHARE = 0.4  # share of text pages that must agree on an offset

# front matter rarely runs past l (50): c, d, m alone are more likely list markers or letters
_ROMAN = re.compile(r"^(?=[ivxl]+$)(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ALONE = re.compile(r"^[-–—|\s]*(?:page\s+)?(\d{1,4}|[ivxl]{1,7})(?:\s+of\s+\d+)?[-–—|\s]*$", re.I)
# a roman page number beside a running head's title: "vi Contents", "Preface | xi"
_ROMAN_LEADING = re.compile(r"^([ivxl]{1,7})(?:\s*[|·•])?\s+\S")
_ROMAN_TRAILING = re.compile(r"\S(?:\s*[|·•])?\s+([ivxl]{1,7})$")
#: a /PageLabels prefix that is not part of the printed number ("Abs1:12")
_ODD_PREFIX = re.compile(r"^[A-Za-z][\w-]*:\s*(\S+)$")
# "12 | Title", "Title · 13": white space either side of an optional separator. Written so that
# a run of spaces can be split only one way (`\s*[|·•]?\s+` tried every split: quadratic)
_LEADING = re.compile(r"^(\d{1,4})\.?(?:\s*[|·•])?\s+\S")
_TRAILING = re.compile(r"\S(?:\s*[|·•])?\s+(\d{1,4})$")


@dataclass(frozen=True)
class Labels:
    labels: tuple[str | None, ...]
    source: str
    notes: tuple[str, ...] = ()


def page_number_line(line: str) -> bool:
    """True for a line that holds nothing but a page number ("12", "- iv -", "Page 3 of 9")."""
    match = _ALONE.match(line.strip())
    if match is None:
        return False
    token = match.group(1)
    return token.isdigit() or bool(_ROMAN.match(token.lower()))


def printed_numbers(text: str) -> tuple[set[int], set[str]]:
    """Arabic and roman page numbers printed at the top or bottom edge of a page."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    edges = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
    arabic: set[int] = set()
    roman: set[str] = set()
    for line in edges:
        alone = _ALONE.match(line)
        if alone:
            token = alone.group(1)
            if token.isdigit():
                arabic.add(int(token))
            elif _ROMAN.match(token.lower()):
                roman.add(token.lower())
            continue
        for pattern in (_LEADING, _TRAILING):
            match = pattern.search(line)
            if match:
                arabic.add(int(match.group(1)))
        for pattern in (_ROMAN_LEADING, _ROMAN_TRAILING):
            match = pattern.search(line)
            if match and _ROMAN.match(match.group(1)):
                roman.add(match.group(1))
    return arabic, roman


def roman_value(token: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for a, b in zip(token, [*token[1:], ""], strict=True):
        value = values[a]
        total += -value if b and values[b] > value else value
    return total


def roman_text(number: int) -> str:
    out = []
    for value, letters in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out) + "i" * number


def _clean_label(label: str | None) -> tuple[str | None, bool]:
    """A /PageLabels label without an odd prefix ("Abs1:12" → "12"); True when one was cut."""
    if label is None:
        return None, False
    match = _ODD_PREFIX.match(label.strip())
    return (match.group(1), True) if match else (label, False)


def edge_roman(text: str) -> str | None:
    """The roman page number of a page's running head (its first line) or foot (its last)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:1] + lines[-1:]:
        alone = _ALONE.match(line)
        if alone and _ROMAN.match(alone.group(1).lower()):
            return alone.group(1).lower()
        for pattern in (_ROMAN_LEADING, _ROMAN_TRAILING):
            match = pattern.search(line)
            if match and _ROMAN.match(match.group(1)):
                return match.group(1)
    return None


def _roman_front(pages: Sequence[RawPage], before: int) -> dict[int, str]:
    """Roman labels of the front matter (pages before `before`, 0-based): the offset between
    PDF index and the roman number in the running heads that most of those pages agree on,
    applied from the first page to the last that prints one (a cover counts as i)."""
    votes: Counter[int] = Counter()
    printed: dict[int, int] = {}
    for n in range(min(before, len(pages))):
        roman = edge_roman(pages[n].text)
        if roman is not None:
            printed[n] = roman_value(roman)
            votes[n - printed[n]] += 1
    if not votes:
        return {}
    offset, support = votes.most_common(1)[0]
    if support < 2 and len(printed) > 1:
        return {}
    last = max(n for n, value in printed.items() if n - value == offset)
    return {n: roman_text(n - offset) for n in range(max(0, offset + 1), last + 1)}


def _best_offset(numbers: Sequence[set[int]], pages: Sequence[RawPage]) -> tuple[int, int] | None:
    votes: Counter[int] = Counter()
    for page, found in zip(pages, numbers, strict=True):
        for n in found:
            votes[(page.pdf_index or 0) - n] += 1
    if not votes:
        return None
    offset, support = votes.most_common(1)[0]
    # pages numbered in roman (front matter) are not expected to print an arabic number
    with_text = sum(1 for p in pages if p.text.strip() and edge_roman(p.text) is None)
    if support < 2 or support < MIN_SUPPORT_SHARE * with_text:
        return None
    return offset, support


def assign_labels(pages: Sequence[RawPage]) -> Labels:
    """The printed label of every page, and where the labels came from."""
    if not pages or pages[0].pdf_index is None:
        return Labels(tuple(None for _ in pages), SOURCE_NONE)
    found = [printed_numbers(p.text) for p in pages]
    arabic = [a for a, _ in found]
    inferred = _best_offset(arabic, pages)
    notes: list[str] = []

    if any(p.pdf_label for p in pages):
        cleaned = [_clean_label(p.pdf_label) for p in pages]
        labels: list[str | None] = [label for label, _ in cleaned]
        if any(cut for _, cut in cleaned):
            notes.append("PDF page labels carry a prefix (e.g. 'Abs1:'); it is left out")
        for i in range(len(labels) - 1):
            if labels[i] is not None and labels[i] == labels[i + 1]:
                notes.append(
                    f"PDF page labels repeat {labels[i]!r} on PDF pages {i + 1} and {i + 2}; "
                    f"PDF page {i + 1} treated as unnumbered (cover sheet)"
                )
                labels[i] = None
        agree = sum(
            1
            for label, nums in zip(labels, arabic, strict=True)
            if label and label.isdigit() and int(label) in nums
        )
        if inferred is None or agree >= inferred[1]:
            return Labels(tuple(labels), SOURCE_PAGE_LABELS, tuple(notes))
        notes.append(
            f"PDF page labels disagree with the printed page numbers on {inferred[1]} pages; "
            "printed numbers used"
        )

    if inferred is None:
        return Labels(tuple(str(p.pdf_index) for p in pages), SOURCE_PDF_INDEX, tuple(notes))
    offset = inferred[0]
    front = _roman_front(pages, offset)
    result: list[str | None] = []
    for n, (page, (_, roman)) in enumerate(zip(pages, found, strict=True)):
        number = (page.pdf_index or 0) - offset
        if number >= 1:
            result.append(str(number))
        elif n in front:
            result.append(front[n])
        elif len(roman) == 1:
            result.append(next(iter(roman)))
        else:
            result.append(None)
    return Labels(tuple(result), SOURCE_PRINTED, tuple(notes))
