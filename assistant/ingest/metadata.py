"""Short references for citations in answers: `Nix & Wolfe (2018). Title, p. 12 [PDF 14]`.

A passage from a chapter of an edited volume (chapters listed in the manifest) is cited as that
chapter, with its own authors, in the book."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..types import Chapter, Line, Metadata, Section
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


def page_locator(
    labels: Sequence[str | None],
    pdf_pages: Sequence[int | None],
    notes: Sequence[str | None] = (),
) -> str:
    """'p. 12', 'pp. 12–13', 'p. 3 [PDF 4]', '[PDF 1]' (no printed number), 'p. 18 n. 7' (a
    footnote), '' (no pages)."""
    pdf = [p for p in pdf_pages if p is not None]
    if not pdf:
        return ""
    printed = [label for label in labels if label is not None]
    pdf_text = f"{pdf[0]}" if len(set(pdf)) == 1 else f"{pdf[0]}–{pdf[-1]}"
    note = next((n for n in notes if n), None)
    if not printed:
        return f"[PDF {pdf_text}]" + (f" n. {note}" if note else "")
    page_text = f"p. {printed[0]}" if len(set(printed)) == 1 else f"pp. {printed[0]}–{printed[-1]}"
    if note:
        page_text += f" n. {note}"
    same = [str(p) for p in pdf] == printed
    return page_text if same else f"{page_text} [PDF {pdf_text}]"


def short_reference(
    meta: Metadata,
    labels: Sequence[str | None] = (),
    pdf_pages: Sequence[int | None] = (),
    notes: Sequence[str | None] = (),
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
    locator = page_locator(labels, pdf_pages, notes)
    return f"{head}, {locator}" if locator else head


_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d{2})(?!\d)")
_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:(\d{4})\s*,?\s*)?([^\d©,;]{2,80}?)\s*,?\s*(\d{4})?\s*$", re.I
)
_EDITED = re.compile(r"^edited\s+by\s+(.+)$", re.I)
_FILE_LIKE = re.compile(
    r"\.(docx?|pdf|indd|rtf|odt|txt)$|^microsoft word\b|^untitled\b|^\W*$", re.I
)
FIRST_PAGES = 3  # pages searched for a printed title, its holder and year
TITLE_SIZE = 1.3  # a title is set at least this much larger than the body text


@dataclass(frozen=True)
class Printed:
    """What a document's first pages print about it: the title (its largest lines), the
    holder of a '© OSCE 2017' line, the editors of an 'Edited by' line, a year."""

    title: str = ""
    holder: str = ""
    editors: tuple[str, ...] = ()
    year: int | None = None


def printed_front(pages: Sequence[Sequence[Line]], body: float) -> Printed:
    """Read the first pages for a title, a holder, editors and a year."""
    title = ""
    holder = ""
    editors: tuple[str, ...] = ()
    year: int | None = None
    for lines in pages[:FIRST_PAGES]:
        texts = [line for line in lines if line.text.strip()]
        if not title and texts and body:
            top = max(line.size for line in texts)
            if top >= TITLE_SIZE * body:
                run = [line.text.strip() for line in texts if line.size >= 0.9 * top]
                candidate = " ".join(" ".join(run).split())
                if 3 < len(candidate) <= 250 and re.search(r"[^\W\d]{3}", candidate):
                    title = candidate
        for line in texts:
            text = " ".join(line.text.split())
            held = _HOLDER.search(text)
            if held and not holder:
                holder = held.group(2).strip(" .,")
                found = held.group(1) or held.group(3)
                year = year or (int(found) if found else None)
            edited = _EDITED.match(text)
            if edited and not editors:
                editors = tuple(
                    p.strip()
                    for p in re.split(r"\s*(?:,\s*and|,|\band\b|&)\s*", edited.group(1))
                    if p.strip()
                )
        if year is None:
            dated = [int(m.group(1)) for line in texts for m in _YEAR.finditer(line.text)]
            year = max(dated) if dated and len(set(dated)) <= 2 else None
    return Printed(title, holder, editors, year)


def plausible_title(title: str) -> bool:
    """A PDF's own title that is a title, not a file name or a word processor's default."""
    title = title.strip()
    return 3 < len(title) <= 300 and not _FILE_LIKE.search(title) and " " in title


def fallback_metadata(
    path: Path, info_title: str = "", info_author: str = "", printed: Printed | None = None
) -> Metadata:
    """Metadata for a document the manifest does not list: the PDF's own title when plausible,
    else the title its first pages print, the file name last; authors from the PDF info, else
    the '© holder' line; the year from the first pages, else the file name. `origins` says
    where each field came from."""
    printed = printed or Printed()
    stem = shown(path.stem)
    year_match = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", stem)
    origins: dict[str, str] = {}
    if plausible_title(info_title):
        title = info_title
        origins["title"] = "pdf info" if path.suffix.lower() == ".pdf" else "heading"
    elif printed.title:
        title, origins["title"] = printed.title, "first pages"
    else:
        title, origins["title"] = re.sub(r"[-_]+", " ", stem).strip(), "file name"
    authors: tuple[str, ...] = ()
    if info_author.strip() and plausible_title(info_author + " x"):
        authors = tuple(a.strip() for a in re.split(r";|,| and ", info_author) if a.strip())
        origins["authors"] = "pdf info"
    elif printed.holder and not printed.editors:
        authors, origins["authors"] = (printed.holder,), "first pages"
    if printed.editors:
        origins["editors"] = "first pages"
    year: int | None = None
    if printed.year:
        year, origins["year"] = printed.year, "first pages"
    elif year_match:
        year, origins["year"] = int(year_match.group(0)), "file name"
    publisher = printed.holder if printed.holder and printed.editors else ""
    if publisher:
        origins["publisher"] = "first pages"
    source = origins["title"]
    return Metadata(
        title=title,
        authors=authors,
        year=year,
        editors=printed.editors,
        publisher=publisher,
        source=source,
        origins=tuple((k, v) for k, v in origins.items() if v != source),
    )


def with_chapters(meta: Metadata, sections: Sequence[Section]) -> Metadata:
    """Chapters that name their own authors (an edited volume), for citing a chapter in its
    book — unless the manifest lists the chapters itself."""
    if meta.chapters:
        return meta
    chapters = tuple(
        Chapter(s.title, s.authors, s.first_page, s.last_page)
        for s in sections
        if s.authors and s.first_page and s.last_page
    )
    return replace(meta, chapters=chapters) if chapters else meta
