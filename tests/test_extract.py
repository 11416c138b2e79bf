from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import EncryptedDocument, ExtractionError, NoTextFound, UnsupportedFormat
from assistant.ingest.extract import extract, fix_glyph_names, html_to_text, markdown_to_text
from tests.pdfs import image_only_pdf, make_pdf


def test_pdf_pages_are_numbered_from_one(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf", [["first page text"], ["second page text"]])
    result = extract(pdf)
    assert result.extractor == "pdfium"
    assert [(p.pdf_index, p.text.strip()) for p in result.pages] == [
        (1, "first page text"),
        (2, "second page text"),
    ]


def test_encrypted_pdf_is_refused_with_the_fix(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "locked.pdf", [["secret text"]], password="pw")
    with pytest.raises(EncryptedDocument, match=r"locked\.pdf.*password.*qpdf --decrypt"):
        extract(pdf)


def test_corrupt_pdf_names_the_file_and_the_fix(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf", [["some text"] * 3])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + good.read_bytes()[200:400])
    with pytest.raises(ExtractionError, match=r"broken\.pdf.*damaged or truncated"):
        extract(broken)


def test_empty_and_unsupported_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    with pytest.raises(NoTextFound, match=r"empty\.txt: the file is empty"):
        extract(empty)
    docx = tmp_path / "notes.docx"
    docx.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormat, match=r"notes.docx: unsupported file type '\.docx'"):
        extract(docx)


def test_image_only_pdf_yields_pages_without_text(tmp_path: Path) -> None:
    result = extract(image_only_pdf(tmp_path / "scan.pdf"))
    assert [p.text.strip() for p in result.pages] == ["", ""]


def test_markdown_markup_and_front_matter_removed() -> None:
    source = (
        "---\nlayout: post\n---\n{% include JB/setup %}\n# Heading One\n\n"
        "Hard wrapped **bold** line with a [link](http://x.org/a_(b)) and\n"
        "a citation mark.[12] ![img](p.png)\n\n- item one\n- item two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert markdown_to_text(source) == (
        "Heading One\n\nHard wrapped bold line with a link and a citation mark. img"
        "\n\nitem one\n\nitem two\n\na; b\n\n1; 2"
    )


def test_html_text_skips_scripts_and_navigation() -> None:
    source = (
        "<html><head><title>T</title><style>p{}</style></head><body><nav>Menu</nav>"
        "<h1>Title</h1><p>First &amp; <b>bold</b>\n paragraph.</p><script>x()</script>"
        "<p>Second.</p></body></html>"
    )
    assert html_to_text(source) == "Title\n\nFirst & bold paragraph.\n\nSecond."


def test_text_file_in_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\xe9 policing".encode("cp1252"))
    result = extract(path)
    assert result.pages[0].text == "Café policing"
    assert result.pages[0].pdf_index is None
    assert "Windows-1252" in result.warnings[0]


def test_pypdf_glyph_names_become_letters() -> None:
    assert fix_glyph_names("in/f_luence and justi/f_ied, o/f_f_icers") == (
        "influence and justified, officers"
    )
