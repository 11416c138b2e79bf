"""Reading one file into what the index stores: extraction (with OCR of pages without a text
layer), printed labels, footnotes split from the body text (layout), cleaning, then the
document's structure (sections from the outline or the printed contents, regions) and what its
first pages print about it. `reader.py` runs this in a worker process under the budget."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..settings import (
    DEFAULT_EXTRACT_MEMORY_MB,
    DEFAULT_EXTRACT_SECONDS,
    DEFAULT_MAX_DOCUMENT_CHARS,
    DEFAULT_MAX_PAGE_CHARS,
    DEFAULT_OCR_SECONDS,
    Settings,
)
from ..types import Footnote, Page, Section
from .clean import clean_pages
from .extract import OcrOptions, PageProgress, extract
from .files import valid_text
from .labels import assign_labels
from .layout import MARKER, body_size, split_footnotes
from .metadata import Printed, printed_front
from .ocr import INSTALL_HINT, LOW_CONFIDENCE
from .structure import find_regions, find_sections

OCR_CACHE = "ocr-cache"  # in the index folder, beside the versions


@dataclass(frozen=True)
class Budget:
    """What reading one file may cost."""

    memory_mb: int = DEFAULT_EXTRACT_MEMORY_MB
    seconds: float = DEFAULT_EXTRACT_SECONDS
    page_chars: int = DEFAULT_MAX_PAGE_CHARS
    document_chars: int = DEFAULT_MAX_DOCUMENT_CHARS
    ocr: str = "auto"  # auto | off | force
    ocr_langs: str = "eng"
    ocr_seconds: float = DEFAULT_OCR_SECONDS  # more time for each page read by OCR
    ocr_cache: str = ""  # folder of OCR results kept by sha256; empty: none kept

    @classmethod
    def of(cls, settings: Settings) -> Budget:
        return cls(
            settings.extract_memory_mb,
            settings.extract_seconds,
            settings.max_page_chars,
            settings.max_document_chars,
            settings.ocr,
            settings.ocr_langs,
            settings.ocr_seconds,
            str(Path(settings.index).resolve() / OCR_CACHE),
        )

    def ocr_options(self, sha: str) -> OcrOptions:
        return OcrOptions(self.ocr, self.ocr_langs, self.ocr_cache, sha)


@dataclass(frozen=True)
class Read:
    """One file read: cleaned pages with their printed labels, footnotes and regions, the
    document's sections, what its first pages print, and how it went."""

    pages: tuple[Page, ...]
    extractor: str
    label_source: str
    repairs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    info_title: str = ""
    info_author: str = ""
    parse_seconds: float = 0.0
    clean_seconds: float = 0.0
    sections: tuple[Section, ...] = ()
    printed: Printed = field(default_factory=Printed)
    ocr_pages: tuple[tuple[int, float], ...] = ()  # (PDF page, mean word confidence)
    ocr_seconds: float = 0.0

    @property
    def ocr_low(self) -> tuple[int, ...]:
        return tuple(page for page, confidence in self.ocr_pages if confidence < LOW_CONFIDENCE)


def read_file(
    path: Path,
    budget: Budget | None = None,
    ocr: OcrOptions | None = None,
    progress: PageProgress | None = None,
) -> Read:
    """Read one file in this process (the worker's task; also the library's plain path)."""
    budget = budget or Budget()
    started = time.perf_counter()
    extracted = extract(
        path,
        page_chars=budget.page_chars,
        document_chars=budget.document_chars,
        ocr=ocr,
        progress=progress,
    )
    raw = extracted.pages
    ocr_pages = tuple((p.pdf_index or 0, p.ocr) for p in raw if p.ocr is not None)
    labels = assign_labels(raw)
    size = body_size([p.lines for p in raw])
    bodies: list[str] = []
    notes: list[list[Footnote]] = []
    carried: str | None = None
    for page in raw:
        if page.lines:
            lines, found = split_footnotes(page.lines, size, carried)
            bodies.append("\n".join(line.text for line in lines))
        else:
            bodies.append(page.text)
            found = []
        notes.append(found)
        open_note = found and not found[-1].text.rstrip().endswith((".", "!", "?", ")"))
        carried = found[-1].number if open_note else None
    parsed = time.perf_counter()
    cleaned = clean_pages(bodies, [[n.text for n in found] for found in notes], labels.labels)
    texts: list[str] = []
    markers: list[tuple[tuple[int, str], ...]] = []
    for text in cleaned.pages:
        plain, marks = _take_markers(valid_text(text))
        texts.append(plain)
        markers.append(marks)
    sections = find_sections(raw, texts, labels.labels, extracted.outline)
    regions = find_regions(raw, texts, sections)
    pages = tuple(
        Page(
            page.pdf_index,
            label,
            text,
            tuple(
                Footnote(n.number, valid_text(t))
                for n, t in zip(found, cleaned_notes, strict=True)
                if t
            ),
            tuple(region),
            marks,
        )
        for page, label, text, found, cleaned_notes, region, marks in zip(
            raw, labels.labels, texts, notes, cleaned.notes, regions, markers, strict=True
        )
    )
    front = printed_front([p.lines for p in raw], size)
    return Read(
        pages=pages,
        extractor=extracted.extractor,
        label_source=labels.source,
        repairs=extracted.repairs + cleaned.repairs,
        warnings=tuple(valid_text(w) for w in extracted.warnings + labels.notes),
        info_title=valid_text(extracted.info_title),
        info_author=valid_text(extracted.info_author),
        parse_seconds=parsed - started,
        clean_seconds=time.perf_counter() - parsed,
        sections=tuple(Section(**{**asdict(s), "title": valid_text(s.title)}) for s in sections),
        printed=front,
        ocr_pages=ocr_pages,
        ocr_seconds=extracted.ocr_seconds,
    )


def _take_markers(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """The text without its note markers, and where each stood: (offset, note number)."""
    out: list[str] = []
    found: list[tuple[int, str]] = []
    last = length = 0
    for match in MARKER.finditer(text):
        piece = text[last : match.start()]
        out.append(piece)
        length += len(piece)
        found.append((length, match.group(1)))
        last = match.end()
    out.append(text[last:])
    return "".join(out).replace("\u2063", "").replace("\u2064", ""), tuple(found)


def read_from_json(data: dict[str, Any]) -> Read:
    """A Read as the worker sent it (JSON: lists for tuples, dicts for dataclasses)."""
    data["pages"] = tuple(
        Page(
            p["pdf_index"],
            p["label"],
            p["text"],
            tuple(Footnote(**n) for n in p["footnotes"]),
            tuple((int(a), str(b)) for a, b in p["regions"]),
            tuple((int(a), str(b)) for a, b in p["markers"]),
        )
        for p in data["pages"]
    )
    data["sections"] = tuple(
        Section(**{**s, "authors": tuple(s["authors"])}) for s in data["sections"]
    )
    data["printed"] = Printed(**{**data["printed"], "editors": tuple(data["printed"]["editors"])})
    data["ocr_pages"] = tuple((int(a), float(b)) for a, b in data["ocr_pages"])
    for key in ("repairs", "warnings"):
        data[key] = tuple(data[key])
    return Read(**data)


def no_text_reason(read: Read, mode: str) -> str:
    """Why a PDF gave no text at all, and what to do."""
    base = "no extractable text on any page (image-only or scanned?)"
    missing = next((w for w in read.warnings if "not read by OCR" in w), "")
    if missing:
        return f"{base}; {missing.split(': ', 1)[-1]}"
    if mode == "off":
        return f"{base}; OCR is off (--ocr off / ASSISTANT_OCR=off): index it with --ocr auto."
    if read.ocr_pages:
        return f"{base}; OCR found no words on its pages either."
    return f"{base}: {INSTALL_HINT}."


def page_ranges(numbers: Sequence[int]) -> str:
    """1,2,3,5 → '1-3, 5'."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(parts)
