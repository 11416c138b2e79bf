"""Read a file into raw pages. PDFs through pdfium (fast, keeps word spacing in two-column
layouts), with pypdf as the fallback for files or pages pdfium cannot read; .txt, .md and .html
as one page without a page number."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from ..errors import EncryptedDocument, ExtractionError, NoTextFound, UnsupportedFormat
from ..types import Extracted, RawPage

log = logging.getLogger(__name__)

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

# C0 controls other than tab/newline: pdfium's output for glyphs whose font has no Unicode map.
_UNMAPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def extract(path: Path, data: bytes | None = None) -> Extracted:
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
        return _pdf(path, data)
    text, warnings = _decode(data)
    if suffix in MARKDOWN_SUFFIXES:
        text = markdown_to_text(text)
    elif suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    if not text.strip():
        raise NoTextFound(str(path), "the file holds no text.")
    return Extracted(pages=(RawPage(None, text),), extractor=suffix.lstrip("."), warnings=warnings)


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        return data.decode("cp1252", errors="replace"), (
            f"not valid UTF-8 (byte {exc.start}); read as Windows-1252",
        )


# --------------------------------------------------------------------------------------- PDF


def _pdf(path: Path, data: bytes) -> Extracted:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _encrypted(path) from exc
        log.info("%s: pdfium cannot open it (%s); trying pypdf", path, exc)
        return _pdf_with_pypdf(path, data, reason=str(exc))
    try:
        pages: list[RawPage] = []
        repairs: list[str] = []
        fallback: _PypdfPages | None = None
        for index in range(len(doc)):
            label = doc.get_page_label(index) or None
            try:
                page = doc[index]
                text = page.get_textpage().get_text_range()
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
            pages.append(RawPage(index + 1, _normalise_newlines(text), label))
        meta = doc.get_metadata_dict()
    finally:
        doc.close()
    if not pages:
        raise NoTextFound(str(path), "the PDF has no pages.")
    return Extracted(
        pages=tuple(pages),
        extractor="pdfium",
        repairs=tuple(repairs),
        info_title=(meta.get("Title") or "").strip(),
        info_author=(meta.get("Author") or "").strip(),
    )


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


def _pdf_with_pypdf(path: Path, data: bytes, reason: str) -> Extracted:
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
            label = labels[index] if index < len(labels) else None
            pages.append(RawPage(index + 1, _normalise_newlines(text), label))
    except EncryptedDocument:
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


# ---------------------------------------------------------------------------- Markdown, HTML

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_CITATION_MARK = re.compile(r"\[(?:\d+|[a-z]|citation needed|note \d+)\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$")
_TAG = re.compile(r"<[^>]+>")


def markdown_to_text(source: str) -> str:
    """Plain paragraphs from Markdown: markup gone, hard-wrapped lines rejoined."""
    text = _FRONT_MATTER.sub("", source)
    text = _TEMPLATE.sub("", text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _CITATION_MARK.sub("", text)
    text = _TAG.sub("", text)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or _TABLE_RULE.match(line):
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            paragraphs.append(heading.group(1))
            continue
        if _LIST_ITEM.match(line) or line.startswith("|"):
            flush()
            line = _LIST_ITEM.sub("", line).strip("| ").replace(" | ", "; ")
            if line:
                paragraphs.append(line)
            continue
        if line.startswith(">"):
            line = line.lstrip("> ")
        current.append(line)
    flush()
    cleaned = (_EMPHASIS.sub(lambda m: m.group(2), p) for p in paragraphs)
    return "\n\n".join(p for p in cleaned if p.strip())


class _HTMLText(HTMLParser):
    SKIP: ClassVar[set[str]] = {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "template",
        "svg",
        "head",
    }
    BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dd",
        "dt",
        "title",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(source: str) -> str:
    parser = _HTMLText()
    parser.feed(source)
    parser.close()
    blocks = re.split(r"\n\s*\n", "".join(parser.parts))
    return "\n\n".join(" ".join(b.split()) for b in blocks if b.strip())
