"""A document's structure: its chapters and sections, and the regions of its text.

Sections come from the PDF outline or, where there is none, from the printed table of contents:
its entries (title, printed start page; a title may run over two lines, a line of names under
an entry names the chapter's authors) are kept where the title stands on the page the entry
names. Each section gets its printed page range and the place of its heading on its first page.
A chapter whose title page prints names under its title gets those names as its authors.

Regions: the cover, a copyright page and the contents pages are front matter; a references list
runs from its heading until a page that is no longer a list of works (an appendix, a table);
an index from its heading near the end to the end; everything else is body text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..types import BODY, FRONT, INDEX, REFERENCES, Line, RawPage, Section
from .layout import rows, strip_markers

CONTENTS_SHARE = 0.2  # the contents are looked for in the first fifth of the pages (at least 12)
ENTRY_SHARE = 0.4  # a further contents page has at least this share of entry rows
FEW_WORDS = 60  # a cover or title page before the body holds fewer words than this
_CONTENTS = re.compile(r"^\s*(table of )?contents\s*\d*\s*$", re.I)
_ENTRY = re.compile(
    r"^(?P<title>.*?[^\s.·…_])(?:[\s.·…_]*\s|\s*[.·…_]{2,}\s*)(?P<page>\d{1,4}|[ivxlc]{1,7})$"
)
_NUMBERING = re.compile(r"^(?:(?:chapter|part|section)\s+)?(\d+(?:\.\d+)*)\.?\s+(?=\S)", re.I)
_NAME = r"(?:[A-Z][\w'’-]*\.?|[A-Z]\.|van|von|de|der|den|la|le|du|di|da|del)"
_PERSON = rf"[A-Z][\w'’-]*\.?(?:\s+{_NAME}){{1,4}}"
_NAMES = re.compile(rf"^(?:edited\s+by\s+)?{_PERSON}(?:\s*(?:,|,?\s+and|&)\s+{_PERSON})*$")
_REFERENCES = re.compile(
    r"^(references|bibliography|works cited|literature( cited)?|reference list|sources)\b", re.I
)
_AFTER_REFERENCES = re.compile(r"^(appendix|annex|table\s+\w+|figure\s+\w+|supplementa)", re.I)
_INDEX = re.compile(r"^(subject |name |author )?index$", re.I)
_COPYRIGHT = re.compile(r"©|\bISBN\b|all rights reserved|library of congress|\(c\)\s*\d{4}", re.I)
_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")


@dataclass(frozen=True)
class Entry:
    """A row of a contents page: a title, its printed page, its level and chapter authors."""

    title: str
    page: str
    level: int
    authors: tuple[str, ...] = ()


def names(line: str) -> tuple[str, ...]:
    """The people a line names ('Jan de Vries and Anna Smit'), or () if it is not such a line."""
    text = line.strip().rstrip(",;")
    if not text or len(text) > 120 or any(c.isdigit() for c in text) or not _NAMES.match(text):
        return ()
    text = re.sub(r"^edited\s+by\s+", "", text, flags=re.I)
    return tuple(p.strip() for p in re.split(r"\s*(?:,\s*and|,|\band\b|&)\s*", text) if p.strip())


def letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", strip_markers(text)).lower()


# ------------------------------------------------------------------------------ the contents


def contents_pages(pages: Sequence[RawPage]) -> list[int]:
    """0-based indexes of the contents pages: the first page headed 'Contents' near the
    start, and the pages after it that are mostly entries."""
    limit = max(12, int(CONTENTS_SHARE * len(pages)))
    for n, page in enumerate(pages[:limit]):
        if any(_CONTENTS.match(line.text) for line in rows(page.lines or _plain(page))[:6]):
            found = [n]
            for m in range(n + 1, min(len(pages), n + 12)):
                found_rows = [r for r in rows(pages[m].lines or _plain(pages[m])) if r.text]
                entries = sum(1 for r in found_rows if _ENTRY.match(r.text))
                if not found_rows or entries < ENTRY_SHARE * len(found_rows):
                    break
                found.append(m)
            return found
    return []


def _plain(page: RawPage) -> tuple[Line, ...]:
    return tuple(Line(t) for t in page.text.splitlines())


def parse_contents(lines: Sequence[Line]) -> list[Entry]:
    """Entries of contents rows: a title and a printed page, a title over two rows joined, a
    row of names under an entry taken as its authors."""
    found: list[tuple[str, str, float, float, tuple[str, ...]]] = []
    pending = ""
    for row in lines:
        text = " ".join(row.text.split())
        if not text or _CONTENTS.match(text):
            continue
        match = _ENTRY.match(text)
        if match is None:
            people = names(text)
            if people and found and not pending:
                found[-1] = (*found[-1][:4], found[-1][4] + people)
            else:
                pending = f"{pending} {text}".strip()
            continue
        title = match.group("title").strip(" .·…_")
        continued = not (_NUMBERING.match(title) and not title[:1].islower())
        opened = _NUMBERING.match(pending) and not _NUMBERING.match(title)
        if pending and (continued or opened):
            title = f"{pending} {title}"
        pending = ""
        found.append((title, match.group("page"), row.size, row.x, ()))
    numbered = any(_NUMBERING.match(t) for t, *_ in found)
    sizes = sorted({round(s) for _, _, s, _, _ in found}, reverse=True)
    indents = sorted({round(x / 4) for _, _, _, x, _ in found})
    entries = []
    for title, page, size, x, authors in found:
        numbering = _NUMBERING.match(title)
        if numbered:
            level = numbering.group(1).count(".") + 1 if numbering else 1
        elif len(sizes) > 1:
            level = sizes.index(round(size)) + 1
        else:
            level = indents.index(round(x / 4)) + 1
        entries.append(Entry(title, page, min(level, 4), authors))
    return entries


# ------------------------------------------------------------------------------ sections


#: an outline entry that names the file the PDF was made from ('tmp.1572637758.pdf.iUlTf'),
#: not a heading a reader sees
_FILE_NAME = re.compile(r"\S*\.(?:pdf|docx?|indd|tex|rtf|odt)(?:\.\S*)?", re.I)


def find_sections(
    pages: Sequence[RawPage],
    texts: Sequence[str],
    labels: Sequence[str | None],
    outline: Sequence[tuple[str, int, int]] = (),
) -> tuple[Section, ...]:
    """Sections from the outline, else from the printed contents (entries whose title stands
    on the page they name), with printed page ranges and chapter authors."""
    located: list[tuple[str, int, int, int, tuple[str, ...]]] = []  # title, level, page, at, by
    if outline:
        for title, level, pdf_page in outline:
            n = pdf_page - 1
            if 0 <= n < len(pages) and not _FILE_NAME.fullmatch(title.strip()):
                at = heading_offset(title, texts[n])
                located.append((title, level, n, 0 if at is None else at, ()))
    else:
        contents = contents_pages(pages)
        lines = [row for n in contents for row in rows(pages[n].lines or _plain(pages[n]))]
        after = contents[-1] + 1 if contents else 0
        for entry in parse_contents(lines):
            page = _page_of(entry.page, labels, after)
            if page is None:
                continue
            at = heading_offset(entry.title, texts[page])
            if at is None and heading_offset(entry.title, pages[page].text) is not None:
                at = 0  # cleaning took it for a running head (it repeats the chapter's title)
            if at is None:
                continue
            located.append((entry.title, entry.level, page, at, entry.authors))
    sections = []
    for i, (title, level, n, at, authors) in enumerate(located):
        later = [(m, a) for _, lv, m, a, _ in located[i + 1 :] if lv <= level]
        if later:
            m, a = later[0]
            last = max(n, m - 1 if _at_top(texts[m], a) else m)
        else:
            last = _last_text_page(texts)
        if level == 1 and not authors:
            authors = _title_page_authors(pages[n], title)
        sections.append(
            Section(title, level, labels[n], labels[last], n + 1, last + 1, at, authors)
        )
    return tuple(sections)


def _at_top(text: str, offset: int) -> bool:
    """A heading that opens its page: only a running head's line, if anything, before it."""
    before = text[:offset].strip()
    return "\n" not in before and len(before) < 80


def _page_of(printed: str, labels: Sequence[str | None], after: int) -> int | None:
    for n in range(after, len(labels)):
        if labels[n] == printed:
            return n
    return None


def _last_text_page(texts: Sequence[str]) -> int:
    return max((n for n, t in enumerate(texts) if t.strip()), default=0)


def heading_offset(title: str, text: str) -> int | None:
    """Where a section's title stands in a page's cleaned text (with its number if the page
    prints it); 0 when it stands at the very end (a heading in a margin, read last)."""
    keys = [letters(title)]
    bare = _NUMBERING.sub("", title)
    if bare != title:
        keys.append(letters(bare))
    flat, where = [], []
    for i, c in enumerate(strip_markers(text)):
        if c.isalnum():
            flat.append(c.lower())
            where.append(i)
    joined = "".join(flat)
    for key in keys:
        if len(key) < 3:
            continue
        at = joined.find(key)
        if at >= 0:
            if at + len(key) >= len(joined) - 2:
                return 0
            return where[at]
    return None


def _title_page_authors(page: RawPage, title: str) -> tuple[str, ...]:
    """Names printed just under a chapter's title on its first page."""
    lines = [line.text.strip() for line in (page.lines or _plain(page)) if line.text.strip()]
    key = letters(_NUMBERING.sub("", title))
    if not key:
        return ()
    run = ""
    for n, line in enumerate(lines[:15]):
        run = letters(line) if key.startswith(letters(line)) and not run else run + letters(line)
        if key in run or run.endswith(key):
            for following in lines[n + 1 : n + 3]:
                people = names(following)
                if people:
                    return people
            return ()
        if not key.startswith(run):
            run = ""
    return ()


# ------------------------------------------------------------------------------ regions


def find_regions(
    pages: Sequence[RawPage], texts: Sequence[str], sections: Sequence[Section]
) -> list[list[tuple[int, str]]]:
    """For each page, where each region of its cleaned text starts: [(offset, region)]."""
    regions: list[list[tuple[int, str]]] = [[(0, BODY)] for _ in texts]
    if len(texts) == 1:  # a text file: its references list, if it ends with one
        _mark_references_in_text(texts[0], regions[0])
        return regions
    contents = set(contents_pages(pages))
    first_body = min((s.first_pdf - 1 for s in sections), default=4)
    for n, text in enumerate(texts[: max(1, first_body)]):
        words = len(text.split())
        if n in contents or _COPYRIGHT.search(text) or (words < FEW_WORDS and len(texts) > 8):
            regions[n] = [(0, FRONT)]
    for n in contents:
        regions[n] = [(0, FRONT)]
    _mark(regions, texts, _references_start(texts, sections), REFERENCES, _continues_references)
    _mark(regions, texts, _index_start(texts, sections), INDEX, lambda text: True)
    return regions


def _mark(
    regions: list[list[tuple[int, str]]],
    texts: Sequence[str],
    start: tuple[int, int] | None,
    region: str,
    continues: Callable[[str], bool],
) -> None:
    """`region` from (page, offset) on, over the following pages while they continue it."""
    if start is None:
        return
    page, offset = start
    regions[page] = [r for r in regions[page] if r[0] < offset] + [(offset, region)]
    for m in range(page + 1, len(texts)):
        if not continues(texts[m]):
            break
        regions[m] = [(0, region)]


def _heading_at(texts: Sequence[str], pattern: re.Pattern[str], first: int) -> tuple[int, int]:
    for n in range(first, len(texts)):
        for match in re.finditer(r"(?:^|\n)([^\n]{0,60})", texts[n]):
            line = match.group(1).strip()
            if _heading_like(line, pattern):
                return n, match.start(1)
    return -1, -1


def _heading_like(line: str, pattern: re.Pattern[str]) -> bool:
    """'References' alone, or opening a list of works ('References Adams, J. (2001) …')."""
    found = pattern.match(line)
    return found is not None and (found.end() == len(line) or bool(_YEAR.search(line)))


def _references_start(texts: Sequence[str], sections: Sequence[Section]) -> tuple[int, int] | None:
    for section in sections:
        if _REFERENCES.match(_NUMBERING.sub("", section.title)):
            return section.first_pdf - 1, section.start
    page, offset = _heading_at(texts, _REFERENCES, len(texts) // 2)
    return (page, offset) if page >= 0 else None


def _index_start(texts: Sequence[str], sections: Sequence[Section]) -> tuple[int, int] | None:
    for section in sections:
        if _INDEX.match(section.title.strip()):
            return section.first_pdf - 1, section.start
    page, offset = _heading_at(texts, _INDEX, int(0.8 * len(texts)))
    return (page, offset) if page >= 0 else None


def _continues_references(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or _AFTER_REFERENCES.match(lines[0].strip()):
        return False
    dated = sum(1 for line in lines if _YEAR.search(line))
    return dated >= 0.3 * len(lines)


def _mark_references_in_text(text: str, regions: list[tuple[int, str]]) -> None:
    """A text file's references list: a line that is only 'References' in its second half."""
    half = len(text) // 2
    for match in re.finditer(r"(?:^|\n)([^\n]{0,40})(?=\n|$)", text):
        line = match.group(1).strip()
        found = _REFERENCES.match(line)
        if match.start(1) >= half and found is not None and found.end() == len(line):
            regions.append((match.start(1), REFERENCES))
            return
