"""A page's layout: its lines with font size and place, the note numbers raised above the body
text, and the footnotes at its foot.

pdfium gives the text of a page with a line break between lines; each line's size and place
come from a few of its characters (the size from the text matrix, the place from the font's
box), so a page costs a few calls per line, not per character. A digit set smaller than its
line and raised above its baseline is a note marker: it is kept out of the text, written as
MARK_OPEN number MARK_CLOSE so that cleaning can carry it and the chunker can record it.

Footnotes are the lines at the foot of a page set smaller than the body text, from the first
that opens with a note number: a new note starts where a line opens with the next number.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..types import Footnote, Line

#: a note marker inside text, until the cleaner has placed it (invisible separators)
MARK_OPEN = "\u2063"
MARK_CLOSE = "\u2064"
MARKER = re.compile(f"{MARK_OPEN}([0-9*†‡§]+){MARK_CLOSE}")
#: a raised digit is a marker when set at most this share of its line's size
MARKER_SIZE = 0.8
#: and raised by at least this share of the line's size above the line's baseline
MARKER_RISE = 0.3
#: footnotes are set at most this share of the body text's size
FOOTNOTE_SIZE = 0.88
#: lines within this share of the body size of it are body text
BODY_TOLERANCE = 0.12
_NOTE_START = re.compile(r"^\s*(\d{1,3}|[*†‡§])(?:[.)])?\s+(\S.*)$")
_DIGITS = re.compile(r"\d{1,3}")


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def pdfium_lines(textpage: Any, height: float) -> tuple[Line, ...]:
    """The lines of a pdfium text page, top to bottom as pdfium reads them; raised note
    numbers written as markers."""
    import pypdfium2.raw as raw

    text = textpage.get_text_range()
    handle = textpage.raw
    matrix = raw.FS_MATRIX()
    rect = raw.FS_RECTF()

    def char(text_index: int) -> int:
        return int(raw.FPDFText_GetCharIndexFromTextIndex(handle, text_index))

    def size(index: int) -> float:
        raw.FPDFText_GetMatrix(handle, index, ctypes.byref(matrix))
        scale = math.hypot(matrix.c, matrix.d) or 1.0
        return float(raw.FPDFText_GetFontSize(handle, index)) * scale

    def loose(index: int) -> tuple[float, float, float]:
        """(left, bottom, top) of the character's font box, in PDF units from the bottom."""
        raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(rect))
        return rect.left, rect.bottom, rect.top

    lines: list[Line] = []
    offset = 0
    for piece in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        start = offset
        offset += len(piece) + (2 if text.startswith("\r\n", start + len(piece)) else 1)
        letters = [i for i, c in enumerate(piece) if not c.isspace()]
        if not letters:
            lines.append(Line(piece))
            continue
        sample = sorted({letters[0], letters[len(letters) // 2], letters[-1]})
        indexes = [char(start + i) for i in sample]
        if min(indexes) < 0:
            lines.append(Line(piece))
            continue
        sizes = sorted(size(i) for i in indexes)
        line_size = sizes[len(sizes) // 2]
        left, bottom, top = loose(indexes[0])
        for i in indexes[1:]:
            _, b, t = loose(i)
            bottom, top = min(bottom, b), max(top, t)
        piece = _mark_raised(piece, start, char, size, loose, line_size, bottom, letters[0])
        lines.append(
            Line(piece, round(line_size, 2), round(left, 1), height - top, height - bottom)
        )
    return tuple(lines)


def _mark_raised(
    piece: str,
    start: int,
    char: Any,
    size: Any,
    loose: Any,
    line_size: float,
    line_bottom: float,
    first: int,
) -> str:
    """Digits set small and raised after a word or a punctuation mark, written as markers."""
    found = [
        m
        for m in _DIGITS.finditer(piece)
        if m.start() > first and not piece[m.start() - 1].isspace()
    ]
    if not found:
        return piece
    out: list[str] = []
    last = 0
    descent = 0.2 * line_size  # the font box reaches this far below the baseline
    for match in found:
        index = char(start + match.start())
        if index < 0:
            continue
        digit_size = size(index)
        _, bottom, _ = loose(index)
        digit_base = bottom + 0.2 * digit_size
        raised = digit_base - (line_bottom + descent) >= MARKER_RISE * line_size
        if digit_size <= MARKER_SIZE * line_size and raised:
            out.append(piece[last : match.start()])
            out.append(f"{MARK_OPEN}{match.group()}{MARK_CLOSE}")
            last = match.end()
    out.append(piece[last:])
    return "".join(out)


def body_size(pages: Sequence[Sequence[Line]]) -> float:
    """The size most of a document's text is set in (by characters), 0 when unknown."""
    counts: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            if line.size:
                counts[round(line.size * 2) / 2] += len(line.text.strip())
    return counts.most_common(1)[0][0] if counts else 0.0


def split_footnotes(
    lines: Sequence[Line], size: float, carried: str | None = None
) -> tuple[list[Line], list[Footnote]]:
    """(the lines of the body, the page's footnotes). `carried` is the number of the last note
    of the page before: unnumbered small lines opening the foot continue it."""
    if not size or not lines:
        return list(lines), []
    body = [
        line
        for line in lines
        if line.size
        and abs(line.size - size) <= BODY_TOLERANCE * size
        and len(line.text.split()) >= 3
    ]
    if not body:
        return list(lines), []
    floor = max(line.bottom for line in body)
    small = sorted(
        (
            (line.top, n)
            for n, line in enumerate(lines)
            if line.size
            and line.size <= FOOTNOTE_SIZE * size
            and line.top >= floor - 1
            and line.text.strip()
        ),
    )
    foot: list[int] = []
    notes: list[tuple[str, list[str]]] = []
    margin: float | None = None
    for _, n in small:
        line = lines[n]
        text = strip_markers(line.text).strip()
        opening = _NOTE_START.match(text)
        expected = _next(notes[-1][0]) if notes else None
        if (
            opening
            and (not notes or opening.group(1) == expected)
            and (margin is None or line.x <= margin + 2)
        ):
            if margin is None:
                margin = line.x
            notes.append((opening.group(1), [opening.group(2)]))
            foot.append(n)
        elif notes:
            if _page_number(text):
                break
            notes[-1][1].append(text)
            foot.append(n)
        elif carried is not None and not _page_number(text):
            notes.append((carried, [text]))
            foot.append(n)
            margin = None
    if not notes:
        return list(lines), []
    dropped = set(foot)
    kept = [line for n, line in enumerate(lines) if n not in dropped]
    return kept, [Footnote(number, "\n".join(parts)) for number, parts in notes]


def _next(number: str) -> str | None:
    return str(int(number) + 1) if number.isdigit() else None


def _page_number(text: str) -> bool:
    return bool(
        re.fullmatch(r"[-–—|\s]*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d+)?[-–—|\s]*", text, re.I)
    )


def rows(lines: Sequence[Line]) -> list[Line]:
    """The page as rows: lines that stand on the same baseline joined left to right (a contents
    page whose page numbers pdfium reads as a column of their own), each with the size and
    place of its leftmost line. Without a layout, the lines as they are."""
    placed = sorted(
        (line for line in lines if line.text.strip() and line.size), key=lambda ln: ln.bottom
    )
    if not placed:
        return [Line(strip_markers(ln.text).strip()) for ln in lines if ln.text.strip()]
    groups: list[list[Line]] = []
    for line in placed:
        if groups and abs(groups[-1][0].bottom - line.bottom) <= 0.4 * max(line.size, 1.0):
            groups[-1].append(line)
        else:
            groups.append([line])
    result = []
    for group in groups:
        ordered = sorted(group, key=lambda ln: ln.x)
        text = " ".join(strip_markers(ln.text).strip() for ln in ordered)
        first = ordered[0]
        result.append(Line(text, first.size, first.x, first.top, first.bottom))
    return result
