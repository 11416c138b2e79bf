"""Read a file into raw pages. PDFs through pdfium (fast, keeps word spacing in two-column
layouts), with pypdf as the fallback for files or pages pdfium cannot read; .txt, .md and .html
as one page without a page number: UTF-8, UTF-16 or UTF-32 (by byte-order mark or the pattern
of zero bytes), else Windows-1252; binary data is refused. Markdown goes through a CommonMark
parser (markdown-it-py, linear time).

Pages over `page_chars` characters and files over `document_chars` raise TooComplex. Reading
a hostile file can still take much memory and time inside pdfium: `reader.py` runs this in a
worker process under a budget."""

from __future__ import annotations

import codecs
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from ..errors import (
    EncryptedDocument,
    ExtractionError,
    NoTextFound,
    TooComplex,
    UnsupportedFormat,
)
from ..settings import DEFAULT_MAX_DOCUMENT_CHARS, DEFAULT_MAX_PAGE_CHARS
from ..types import Extracted, RawPage

log = logging.getLogger(__name__)

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

# C0 controls other than tab/newline: pdfium's output for glyphs whose font has no Unicode map.
_UNMAPPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def extract(
    path: Path,
    data: bytes | None = None,
    page_chars: int = DEFAULT_MAX_PAGE_CHARS,
    document_chars: int = DEFAULT_MAX_DOCUMENT_CHARS,
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
        return _pdf(path, data, _Caps(path, page_chars, document_chars))
    text, warnings = decode_text(path, data)
    _Caps(path, page_chars, document_chars).document(len(text))
    try:
        if suffix in MARKDOWN_SUFFIXES:
            text = markdown_to_text(text)
        elif suffix in HTML_SUFFIXES:
            text = html_to_text(text)
    except AssertionError as exc:  # html.parser's answer to some malformed declarations
        raise ExtractionError(
            str(path), f"not well-formed HTML ({exc}); save it again from a browser or editor."
        ) from exc
    if not text.strip():
        raise NoTextFound(str(path), "the file holds no text.")
    return Extracted(pages=(RawPage(None, text),), extractor=suffix.lstrip("."), warnings=warnings)


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


#: byte-order marks, UTF-32 before UTF-16 (the UTF-32 LE mark begins like the UTF-16 LE one)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: characters of binary data: C0 and C1 controls other than white space, and U+FFFD (bytes
#: that did not decode)
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
BINARY_SHARE = 0.05  # random bytes read as Windows-1252: ~13%; real text: ~0%
_SAMPLE = 4096


def decode_text(path: Path, data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of a text file and warnings about its encoding. Raises UnsupportedFormat for
    binary data."""
    text, warnings = _decode(data)
    binary = len(_BINARY.findall(text))
    if binary > BINARY_SHARE * len(text):
        raise UnsupportedFormat(
            str(path),
            f"binary data, not text: {binary / len(text):.0%} of it are control characters or "
            "bytes that decode to nothing. Is it another format under a text name, or text "
            "in an encoding without a byte-order mark? Save it as UTF-8 text (or PDF).",
        )
    return text, warnings


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict_or_replaced(data, encoding, f"{encoding.upper()} (byte-order mark)")
    wide = _wide_encoding(data[:_SAMPLE])
    if wide is not None:
        text, warnings = _strict_or_replaced(data, wide, wide.upper())
        return text, (f"no byte-order mark; read as {wide.upper()} by its zero bytes", *warnings)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        return data.decode("cp1252", errors="replace"), (
            f"not valid UTF-8 (byte {exc.start}); read as Windows-1252",
        )


def _strict_or_replaced(data: bytes, encoding: str, name: str) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode(encoding), ()
    except UnicodeDecodeError as exc:
        return data.decode(encoding, errors="replace"), (
            f"not valid {name} (byte {exc.start}); undecodable bytes replaced",
        )


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes of mostly-Latin
    text fall (every second byte, or three of every four)."""
    if b"\x00" not in sample or len(sample) < 4:
        return None

    def zeros(start: int, step: int) -> float:
        column = sample[start::step]
        return column.count(0) / max(1, len(column))

    if min(zeros(1, 4), zeros(2, 4), zeros(3, 4)) > 0.9 and zeros(0, 4) < 0.5:
        return "utf-32-le"
    if min(zeros(0, 4), zeros(1, 4), zeros(2, 4)) > 0.9 and zeros(3, 4) < 0.5:
        return "utf-32-be"
    if zeros(1, 2) > 0.6 and zeros(0, 2) < 0.2:
        return "utf-16-le"
    if zeros(0, 2) > 0.6 and zeros(1, 2) < 0.2:
        return "utf-16-be"
    return None


# --------------------------------------------------------------------------------------- PDF


def _pdf(path: Path, data: bytes, caps: _Caps) -> Extracted:
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
            try:
                textpage = doc[index].get_textpage()
                caps.page(index + 1, textpage.count_chars())
                text = textpage.get_text_range()
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


def document_info(path: Path) -> tuple[str, str]:
    """The title and author a PDF's information dictionary gives; empty for other files."""
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


# ---------------------------------------------------------------------------- Markdown, HTML

_CITATION_MARK = re.compile(r"\[(?:\d+|[a-z]|citation needed|note \d+)\]")
_TEMPLATES = (("{%", "%}"), ("{{", "}}"))  # Jekyll and Liquid tags


def markdown_to_text(source: str) -> str:
    """Plain paragraphs from Markdown (CommonMark and tables, by markdown-it-py): markup gone,
    hard-wrapped lines rejoined; headings, list items and table rows ("a; b") are paragraphs of
    their own; images give their alternative text; HTML blocks their text."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    text = _without_templates(_without_front_matter(source))
    paragraphs: list[str] = []
    cells: list[str] = []
    in_row = False
    for token in parser.parse(text):
        if token.type == "tr_open":
            in_row = True
        elif token.type == "tr_close":
            in_row = False
            paragraphs.append("; ".join(c for c in cells if c))
            cells.clear()
        elif token.type == "inline":
            words = _inline_text(token.children or [])
            (cells if in_row else paragraphs).append(words)
        elif token.type in ("fence", "code_block"):
            paragraphs.append(" ".join(token.content.split()))
        elif token.type == "html_block":
            paragraphs.append(html_to_text(token.content))
    return "\n\n".join(p for p in paragraphs if p.strip())


def _inline_text(children: list[Any]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return " ".join(_CITATION_MARK.sub("", "".join(parts)).split())


def _without_front_matter(text: str) -> str:
    """Text after a leading YAML block (a "---" line, fields, a "---" or "..." line)."""
    lines = text.split("\n", 1)
    if len(lines) < 2 or lines[0].strip() != "---":
        return text
    offset = len(lines[0]) + 1
    while offset < len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        if text[offset:end].strip() in ("---", "..."):
            return text[end + 1 :]
        offset = end + 1
    return text  # not closed: not front matter


def _without_templates(text: str) -> str:
    """Text without {% … %} and {{ … }} tags; one pass per kind (linear time)."""
    for opening, closing in _TEMPLATES:
        parts: list[str] = []
        offset = 0
        while True:
            start = text.find(opening, offset)
            end = text.find(closing, start + len(opening)) if start >= 0 else -1
            if end < 0:  # no later opening can be closed either
                break
            parts.append(text[offset:start])
            offset = end + len(closing)
        parts.append(text[offset:])
        text = "".join(parts)
    return text


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
