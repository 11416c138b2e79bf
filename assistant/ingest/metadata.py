"""Short references for citations in answers: `Nix & Wolfe (2018). Title, p. 12 [PDF 14]`.

A passage from a chapter of an edited volume (chapters listed in the manifest) is cited as that
chapter, with its own authors, in the book."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..types import Chapter, Metadata
from .files import shown

_INSTITUTIONS = {
    "police", "department", "office", "ministry", "service", "agency", "council", "commission",
    "organization", "organisation", "bureau", "unit", "force", "nations", "union", "institute",
    "university", "association", "court", "government", "foundation", "centre", "center",
    "committee", "group", "board", "authority", "constabulary", "gendarmerie",
}  # fmt: skip
_PARTICLES = {"van", "von", "de", "der", "den", "la", "le", "du", "di", "da", "del"}


def surname(name: str) -> str:
    """'P. Jeffrey Brantingham' → 'Brantingham'; 'Nix, Justin' → 'Nix'; organisations whole."""
    name = name.strip()
    if "," in name:
        return name.split(",")[0].strip()
    words = name.split()
    organisation = (
        len(words) > 4
        or any(w[0].islower() and w.lower() not in _PARTICLES for w in words)
        or words[-1].lower() in _INSTITUTIONS  # "New Zealand Police", "Home Office"
    )
    if organisation or len(words) == 1:
        return name
    tail = [words[-1]]
    for word in reversed(words[:-1]):
        if word.lower() not in _PARTICLES:
            break
        tail.insert(0, word)
    return " ".join(tail)


def author_list(names: Sequence[str]) -> str:
    surnames = [surname(n) for n in names]
    if not surnames:
        return "Anon."
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} & {surnames[1]}"
    return f"{surnames[0]} et al."


def _as_number(label: str | None) -> int | None:
    return int(label) if label is not None and label.isdigit() else None


def chapter_of(meta: Metadata, label: str | None) -> Chapter | None:
    """The manifest chapter whose printed page range holds the page, if any."""
    page = _as_number(label)
    if page is None:
        return None
    for chapter in meta.chapters:
        first, last = _as_number(chapter.first_page), _as_number(chapter.last_page)
        if first is not None and last is not None and first <= page <= last:
            return chapter
    return None


def page_locator(labels: Sequence[str | None], pdf_pages: Sequence[int | None]) -> str:
    """'p. 12', 'pp. 12–13', 'p. 3 [PDF 4]', '[PDF 1]' (no printed number), '' (no pages)."""
    pdf = [p for p in pdf_pages if p is not None]
    if not pdf:
        return ""
    printed = [label for label in labels if label is not None]
    pdf_text = f"{pdf[0]}" if len(set(pdf)) == 1 else f"{pdf[0]}–{pdf[-1]}"
    if not printed:
        return f"[PDF {pdf_text}]"
    page_text = f"p. {printed[0]}" if len(set(printed)) == 1 else f"pp. {printed[0]}–{printed[-1]}"
    same = [str(p) for p in pdf] == printed
    return page_text if same else f"{page_text} [PDF {pdf_text}]"


def short_reference(
    meta: Metadata, labels: Sequence[str | None] = (), pdf_pages: Sequence[int | None] = ()
) -> str:
    """`Authors (Year). Title, p. 12` — a chapter of an edited volume as `… In Eds (Eds.), Book`."""
    year = meta.year or "n.d."
    chapter = chapter_of(meta, labels[0] if labels else None)
    if chapter is not None:
        editors = author_list(meta.editors or meta.authors)
        head = (
            f"{author_list(chapter.authors or meta.authors)} ({year}). {chapter.title}. "
            f"In {editors} (Eds.), {meta.title}"
        )
    else:
        names = meta.authors or meta.editors
        suffix = " (Eds.)" if not meta.authors and meta.editors else ""
        head = f"{author_list(names)}{suffix} ({year}). {meta.title}"
    locator = page_locator(labels, pdf_pages)
    return f"{head}, {locator}" if locator else head


def fallback_metadata(path: Path, info_title: str = "", info_author: str = "") -> Metadata:
    """Metadata for a document the manifest does not list: PDF info, else the file name (the
    name as `files.shown` writes it, so that it is valid text)."""
    stem = shown(path.stem)
    year_match = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", stem)
    year = int(year_match.group(0)) if year_match else None
    if info_title and len(info_title) > 3 and not info_title.lower().endswith((".doc", ".pdf")):
        authors = tuple(a.strip() for a in re.split(r";|,| and ", info_author) if a.strip())
        return Metadata(title=info_title, authors=authors, year=year, source="pdf info")
    title = re.sub(r"[-_]+", " ", stem).strip()
    return Metadata(title=title, year=year, source="file name")
