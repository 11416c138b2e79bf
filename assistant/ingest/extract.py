"""Read a file into raw pages. PDFs through pdfium (fast, keeps word spacing in two-column
layouts), with pypdf as the fallback for files or pages pdfium cannot read; .txt, .md and .html
as one page without a page number (`text.py`: encodings, binary data refused, Markdown, HTML).

Pages over `page_chars` characters and files over `document_chars` raise TooComplex. Reading
a hostile file can still take much memory and time inside pdfium: `reader.py` runs this in a
worker process under a budget."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import (
    EncryptedDocument,
    ExtractionError,
    NoTextFound,
    TooComplex,
    UnsupportedFormat,
)
from ..settings import DEFAULT_MAX_DOCUMENT_CHARS, DEFAULT_MAX_PAGE_CHARS
from ..types import Extracted, RawPage
from .layout import pdfium_lines, strip_markers
from .ocr import OcrCache, pages_to_read, read_pages, tesseract_problem
from .text import decode_text, html_to_text, markdown_to_text

__all__ = ["extract", "fix_glyph_names", "html_to_text", "markdown_to_text"]

log = logging.getLogger(__name__)

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
#: a Markdown document's title: a level-1 heading as its first line
_MARKDOWN_TITLE = re.compile(r"\A\s*^ {0,3}# +(.+?)(?: +#+)? *$", re.M)
TITLE_CHARS = 2000
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

# C0 controls other than tab/newline: pdfium's output for glyphs whose font has no Unicode map.
_UNMAPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class OcrOptions:
    """Which pages OCR reads — auto: those without a usable text layer; force: every page;
    off: none — in which languages, and where its results are kept (by the file's sha256)."""

    mode: str = "auto"
    langs: str = "eng"
    cache: str = ""  # a folder; empty: nothing kept
    sha: str = ""


#: progress of reading a file: (stage "read" or "ocr", pages done, pages in all)
PageProgress = Callable[[str, int, int], None]
PROGRESS_EVERY = 1  # pages read between reports (one JSON line each)


def extract(
    path: Path,
    data: bytes | None = None,
    page_chars: int = DEFAULT_MAX_PAGE_CHARS,
    document_chars: int = DEFAULT_MAX_DOCUMENT_CHARS,
    ocr: OcrOptions | None = None,
    progress: PageProgress | None = None,
) -> Extracted:
    """Raw pages of one file. Raises an ExtractionError subclass with the reason and the fix."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            str(path),
            f"unsupported file type {suffix or '(none)'!r}; supported: "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)),
        )
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise NoTextFound(str(path), "the file is empty.")
    if suffix in PDF_SUFFIXES:
        caps = _Caps(path, page_chars, document_chars)
        return _pdf(path, data, caps, ocr or OcrOptions(), progress)
    text, warnings = decode_text(path, data)
    _Caps(path, page_chars, document_chars).document(len(text))
    title = ""
    try:
        if suffix in MARKDOWN_SUFFIXES:
            title = markdown_title(text)
            text = markdown_to_text(text)
        elif suffix in HTML_SUFFIXES:
            text = html_to_text(text)
    except AssertionError as exc:  # html.parser's answer to some malformed declarations
        raise ExtractionError(
            str(path), f"not well-formed HTML ({exc}); save it again from a browser or editor."
        ) from exc
    if not text.strip():
        raise NoTextFound(str(path), "the file holds no text.")
    return Extracted(
        pages=(RawPage(None, text),),
        extractor=suffix.lstrip("."),
        warnings=warnings,
        info_title=title,
    )


class _Caps:
    """Characters per page and per file; over either, the file is too large or too complex."""

    def __init__(self, path: Path, page_chars: int, document_chars: int) -> None:
        self.path, self.page_chars, self.document_chars = path, page_chars, document_chars
        self.total = 0

    def page(self, number: int, chars: int) -> None:
        if chars > self.page_chars:
            raise TooComplex(
                str(self.path),
                f"too large or too complex: page {number} holds {chars:,} characters, over "
                f"the limit of {self.page_chars:,} (ASSISTANT_MAX_PAGE_CHARS); a real page "
                "holds a few thousand, so the file is probably crafted or broken. Skipped.",
            )
        self.document(self.total + chars)

    def document(self, chars: int) -> None:
        self.total = chars
        if chars > self.document_chars:
            raise TooComplex(
                str(self.path),
                f"too large or too complex: over {self.document_chars:,} characters of text "
                "(ASSISTANT_MAX_DOCUMENT_CHARS); split it into parts, or raise the limit.",
            )


# --------------------------------------------------------------------------------------- PDF


def _pdf(
    path: Path, data: bytes, caps: _Caps, ocr: OcrOptions, progress: PageProgress | None
) -> Extracted:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _encrypted(path) from exc
        log.info("%s: pdfium cannot open it (%s); trying pypdf", path, exc)
        return _pdf_with_pypdf(path, data, str(exc), caps)
    try:
        pages: list[RawPage] = []
        repairs: list[str] = []
        fallback: _PypdfPages | None = None
        for index in range(len(doc)):
            label = doc.get_page_label(index) or None
            lines: tuple[Any, ...] = ()
            try:
                page = doc[index]
                textpage = page.get_textpage()
                caps.page(index + 1, textpage.count_chars())
                text = textpage.get_text_range()
                if not _UNMAPPED.search(text):
                    lines = pdfium_lines(textpage, page.get_height())
                    text = "\n".join(strip_markers(line.text) for line in lines)
            except pdfium.PdfiumError:
                text = "\x00"  # force the fallback below
            if _UNMAPPED.search(text):
                fallback = fallback or _PypdfPages(path, data)
                other = fallback.text(index)
                if other is not None and not _UNMAPPED.search(other):
                    repairs.append(f"page {index + 1}: unmapped glyphs; text re-read with pypdf")
                    text = other
                else:
                    text = _UNMAPPED.sub("", text)
            pages.append(RawPage(index + 1, _normalise_newlines(text), label, lines))
            if progress and (index + 1) % PROGRESS_EVERY == 0:
                progress("read", index + 1, len(doc))
        meta = doc.get_metadata_dict()
        started = time.perf_counter()
        warnings = _ocr(doc, pages, ocr, caps, progress)
        ocr_seconds = time.perf_counter() - started
        outline = _outline(doc)
    finally:
        doc.close()
    if not pages:
        raise NoTextFound(str(path), "the PDF has no pages.")
    return Extracted(
        pages=tuple(pages),
        extractor="pdfium" + ("+tesseract" if any(p.ocr is not None for p in pages) else ""),
        warnings=warnings,
        outline=outline,
        ocr_seconds=ocr_seconds,
        repairs=tuple(repairs),
        info_title=(meta.get("Title") or "").strip(),
        info_author=(meta.get("Author") or "").strip(),
    )


def _ocr(
    doc: Any, pages: list[RawPage], ocr: OcrOptions, caps: _Caps, progress: PageProgress | None
) -> tuple[str, ...]:
    """Read the pages without a usable text layer (all pages, forced) by OCR, in place."""
    if ocr.mode == "off":
        return ()
    wanted = pages_to_read(doc, [p.text for p in pages], ocr.mode == "force")
    if not wanted:
        return ()
    cache = OcrCache(Path(ocr.cache) if ocr.cache else None, ocr.sha, ocr.langs)
    missing = [n for n in wanted if n not in cache.pages]
    problem = tesseract_problem(ocr.langs) if missing else None
    warnings: tuple[str, ...] = ()
    if problem is not None:  # the pages read before are still used
        warnings = (f"{len(missing)} page(s) without a text layer were not read by OCR: {problem}",)
        wanted = [n for n in wanted if n in cache.pages]
    report = (lambda done, total: progress("ocr", done, total)) if progress else None
    try:
        read = read_pages(doc, wanted, ocr.langs, cache, report)
    except OSError as exc:
        return (f"OCR failed ({exc}); {len(wanted)} page(s) without a text layer not read",)
    for n, found in read.items():
        caps.page(n + 1, len(found.text))
        pages[n] = replace(pages[n], text=found.text, lines=found.lines, ocr=found.confidence)
    return warnings


def _outline(doc: Any) -> tuple[tuple[str, int, int], ...]:
    """The PDF outline (bookmarks): (title, level from 1, 1-based page), where it has pages."""
    found: list[tuple[str, int, int]] = []
    try:
        for item in doc.get_toc(max_depth=4):
            page = item.get_dest()
            index = page.get_index() if page is not None else None
            title = (item.get_title() or "").strip()
            if index is not None and title:
                found.append((title, item.level + 1, index + 1))
            if len(found) >= 2000:
                break
    except Exception:  # a damaged outline is no outline
        return ()
    return tuple(found)


FRONT_PAGES = 10  # pages read for the size of the body text, of which the first 3 for a title


def front_lines(path: Path) -> tuple[list[tuple[Any, ...]], float]:
    """The laid-out lines of a PDF's first pages and the size of its body text (what its
    first pages print about it is read from them); nothing for other files."""
    from .layout import body_size

    if path.suffix.lower() not in PDF_SUFFIXES:
        return [], 0.0
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return [], 0.0
    try:
        pages = []
        for index in range(min(FRONT_PAGES, len(doc))):
            page = doc[index]
            pages.append(pdfium_lines(page.get_textpage(), page.get_height()))
    except pdfium.PdfiumError:
        return [], 0.0
    finally:
        doc.close()
    return pages, body_size(pages)


def markdown_title(text: str) -> str:
    """A Markdown document's title: the level-1 heading on its first line, if any."""
    heading = _MARKDOWN_TITLE.search(text[:TITLE_CHARS])
    return heading.group(1).strip() if heading else ""


def document_info(path: Path) -> tuple[str, str]:
    """The title and author a PDF's information dictionary gives, a Markdown file's title
    heading; empty for other files."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        try:
            with path.open(encoding="utf-8", errors="replace") as file:
                return markdown_title(file.read(TITLE_CHARS)), ""
        except OSError:
            return "", ""
    if path.suffix.lower() not in PDF_SUFFIXES:
        return "", ""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return "", ""
    try:
        meta = doc.get_metadata_dict()
    finally:
        doc.close()
    return (meta.get("Title") or "").strip(), (meta.get("Author") or "").strip()


def _encrypted(path: Path) -> EncryptedDocument:
    return EncryptedDocument(
        str(path),
        "the PDF is encrypted and needs a password; save an unencrypted copy "
        "(e.g. `qpdf --decrypt in.pdf out.pdf`) and index that.",
    )


class _PypdfPages:
    """pypdf, opened only when pdfium needs help with some page."""

    def __init__(self, path: Path, data: bytes) -> None:
        import io

        import pypdf

        self.reader: pypdf.PdfReader | None
        try:
            self.reader = pypdf.PdfReader(io.BytesIO(data))
        except Exception as exc:  # pypdf raises many types on damaged files
            log.info("%s: pypdf cannot open it either: %s", path, exc)
            self.reader = None

    def text(self, index: int) -> str | None:
        if self.reader is None:
            return None
        try:
            return fix_glyph_names(self.reader.pages[index].extract_text() or "")
        except Exception:
            return None


def _pdf_with_pypdf(path: Path, data: bytes, reason: str, caps: _Caps) -> Extracted:
    import io

    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _encrypted(path)
        root: Any = reader.trailer["/Root"]
        labels = list(reader.page_labels) if "/PageLabels" in root else []
        pages = []
        for index, page in enumerate(reader.pages):
            text = fix_glyph_names(page.extract_text() or "")
            caps.page(index + 1, len(text))
            label = labels[index] if index < len(labels) else None
            pages.append(RawPage(index + 1, _normalise_newlines(text), label))
    except (EncryptedDocument, TooComplex):
        raise
    except Exception as exc:
        raise ExtractionError(
            str(path),
            f"not a readable PDF (pdfium: {reason}; pypdf: {exc}). The file is damaged or "
            "truncated: download or export it again.",
        ) from exc
    if not pages:
        raise NoTextFound(str(path), "the PDF has no pages.")
    info: Any = reader.metadata or {}
    return Extracted(
        pages=tuple(pages),
        extractor="pypdf",
        warnings=(f"pdfium could not open the file ({reason}); read with pypdf",),
        info_title=str(info.get("/Title") or "").strip(),
        info_author=str(info.get("/Author") or "").strip(),
    )


_GLYPH_NAME = re.compile(r"/(f(?:_[filt])+)")


def fix_glyph_names(text: str) -> str:
    """pypdf writes some ligatures as glyph names ('/f_i'): turn them back into letters."""
    return _GLYPH_NAME.sub(lambda m: m.group(1).replace("_", ""), text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
