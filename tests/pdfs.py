"""Small PDFs made for the tests: known text, known printed numbers, optional /PageLabels."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT = "DejaVuSans"
LINE_HEIGHT = 14


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        if not FONT_FILE.is_file():
            raise RuntimeError(f"{FONT_FILE} is missing: `apt-get install fonts-dejavu-core`")
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


def make_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    labels: Sequence[tuple[int, str, int]] = (),
    password: str | None = None,
) -> Path:
    """One list of lines per page, drawn top to bottom. `labels` are /PageLabels ranges:
    (first page index, style '/r' or '/D', first number)."""
    font = _font()
    drawing = canvas.Canvas(str(path), pagesize=(420, 600))
    for lines in pages:
        drawing.setFont(font, 10)
        y = 570
        for line in lines:
            drawing.drawString(40, y, line)
            y -= LINE_HEIGHT
        drawing.showPage()
    drawing.save()
    if labels or password:
        writer = PdfWriter(clone_from=PdfReader(path))
        for number, (first, style, start) in enumerate(labels):
            last = labels[number + 1][0] - 1 if number + 1 < len(labels) else len(pages) - 1
            writer.set_page_label(first, last, style=style, start=start)
        if password:
            writer.encrypt(user_password=password, owner_password=password)
        with open(path, "wb") as handle:
            writer.write(handle)
    return path


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    """Pages that carry only drawings, no text (like a scan)."""
    drawing = canvas.Canvas(str(path), pagesize=(420, 600))
    for _ in range(pages):
        drawing.rect(50, 50, 300, 400, fill=1)
        drawing.showPage()
    drawing.save()
    return path


def crafted_pdf(path: Path, operators: int, text: bytes = b"(x) Tj\n") -> Path:
    """A hostile PDF written byte by byte: one page whose FlateDecode content stream repeats a
    text-showing operator `operators` times. It compresses about 500:1, so a small file makes
    a PDF library build millions of text objects."""
    import zlib

    content = b"BT /F1 1 Tf " + text * operators + b"ET\n"
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
