"""Text files: the encoding (UTF-8, UTF-16 or UTF-32 by byte-order mark or the pattern of zero
bytes, else Windows-1252), binary data refused, and Markdown and HTML turned into plain
paragraphs. Markdown goes through a CommonMark parser (markdown-it-py, linear time); the few
things done by hand around it (front matter, template tags) are single passes."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from ..errors import UnsupportedFormat

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
