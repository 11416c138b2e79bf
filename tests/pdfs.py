"""Small PDFs made for the tests: known text, known printed numbers, optional /PageLabels."""

from __future__ import annotations

import re
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


# ------------------------------------------------------------------------------ a book

BOOK_TITLE = "Policing Harbour Cities"
BOOK_EDITORS = ("Anna Berg", "Tom Hale")
#: a sentence of chapter 1 that runs from page 2 to page 3, past footnote 1 at the foot of page 2
SPLIT_SENTENCE = (
    "Smuggling of tobacco fell sharply after the unit began to board ships at anchor[1] and "
    "the customs service shared its manifests with the patrol."
)
#: (number, title, authors, printed first page, body paragraphs, footnotes); two paragraphs a
#: page, a paragraph ending with "|" goes on over the page break
CHAPTERS = (
    (
        1,
        "Policing the waterfront",
        ("Anna Berg",),
        1,
        [
            "Harbour patrols in Rotterdam began in 1852 with six rowing boats and a sergeant.",
            "The waterfront unit now counts forty officers who work in three shifts. Its "
            "officers inspect cargo papers, answer calls from the quays and keep a register "
            "of every vessel that berths overnight in the inner harbour.",
            "Officers of the unit are trained in first aid on the water every spring.",
            SPLIT_SENTENCE.split(" and the customs")[0] + "|",
            "and the customs" + SPLIT_SENTENCE.split(" and the customs")[1],
            "Night patrols rely on thermal cameras mounted on two fast launches. The cameras "
            "cover the container terminal, the ferry quays and the old fishing harbour, and "
            "the launches can reach any berth within nine minutes.",
            "Community meetings with dock workers are held every second month in the union "
            "hall, where officers report what the patrol has found and hear complaints about "
            "theft from parked lorries[2] and about speeding on the quay roads.",
        ],
        {
            "1": "Boarding at anchor was first tried in 1998 on tankers waiting for a berth.",
            "2": "The dock workers union counted 212 lorry thefts on the quays in 2016.",
        },
    ),
    (
        2,
        "Night-time economies",
        ("Tom Hale", "Mia Kerr"),
        5,
        [
            "Bars near the ferry terminal stay open until four in the morning on weekends.",
            "Licensing officers visit each venue at least once a month and check the door "
            "staff registers. Venues that fail two checks in a row lose their late licence "
            "for a season.",
            "The city funds street pastors who walk the nightlife district between midnight "
            "and five[3], offering water, flip-flops and a calm word to people who have "
            "drunk too much.",
            "Ambulance calls from the district fell by a fifth in the first year of the "
            "street pastor scheme, and assaults recorded by the police fell by a tenth.",
            "Taxi marshals keep the queues at the ferry terminal moving after the last boat "
            "has arrived, so that crowds do not build up on the quay after closing time.",
            "The council reviews the scheme every autumn with the venue owners, the police "
            "and the ambulance service before it renews the late licences.",
        ],
        {"3": "The pastors are volunteers trained by the council over six evening sessions."},
    ),
)
REFERENCE_LINES = (
    "Berg, A. (2015) Harbour policing in northern Europe. Rotterdam: Meridian Press.",
    "Hale, T. and Kerr, M. (2017) Nightlife and the city. London: Routledge.",
    "Jansen, P. (2012) Smuggling on the Maas. Journal of Port Studies, 4(2), 11-29.",
    "Kerr, M. (2018) Street pastors and safety. Policing and Society, 28(3), 301-318.",
)
INDEX_LINES = (
    "ambulance calls, 6",
    "boarding at anchor, 2",
    "customs service, 2",
    "ferry terminal, 5, 7",
    "harbour master, 4",
    "licensing officers, 5",
    "street pastors, 6, 7",
    "thermal cameras, 3",
)


def book_pdf(path: Path) -> Path:
    """A small edited book, drawn as a typesetter would: a cover, a copyright page, contents and
    a preface numbered i-v in the running heads (no /PageLabels), two chapters whose title pages
    name their authors, footnotes set small at the foot with raised markers in the text, a
    references list and an index."""
    import textwrap

    font = _font()
    drawing = canvas.Canvas(str(path), pagesize=(420, 600))
    width = 62

    def head(text: str) -> None:
        drawing.setFont(font, 8)
        drawing.drawString(40, 575, text)

    def lines_at(lines: Sequence[str], y: float, size: float = 10, step: float = 14) -> float:
        drawing.setFont(font, size)
        for line in lines:
            drawing.drawString(40, y, line)
            y -= step
        return y

    def body(text: str, y: float) -> float:
        """A paragraph with raised note markers written [n]."""
        for line in textwrap.wrap(text, width):
            x = 40.0
            for piece in re.split(r"(\[\d+\])", line):
                if not piece:
                    continue
                if piece.startswith("["):
                    drawing.setFont(font, 6)
                    text_object = drawing.beginText(x, y + 4)
                    text_object.setFont(font, 6)
                    text_object.textOut(piece[1:-1])
                    drawing.drawText(text_object)
                    x += pdfmetrics.stringWidth(piece[1:-1], font, 6)
                else:
                    drawing.setFont(font, 10)
                    drawing.drawString(x, y, piece)
                    x += pdfmetrics.stringWidth(piece, font, 10)
            y -= 14
        return y - 6

    def footnotes(notes: Sequence[tuple[str, str]]) -> None:
        y = 40 + 9 * sum(len(textwrap.wrap(t, 80)) for _, t in notes)
        for number, text in notes:
            for k, line in enumerate(textwrap.wrap(text, 80)):
                drawing.setFont(font, 7)
                drawing.drawString(40 if k == 0 else 48, y, f"{number} {line}" if k == 0 else line)
                y -= 9

    # cover, copyright (ii), contents (iii), acknowledgements (iv), preface (v)
    drawing.setFont(font, 24)
    drawing.drawString(40, 420, BOOK_TITLE)
    lines_at([f"Edited by {BOOK_EDITORS[0]} and {BOOK_EDITORS[1]}"], 380, 12)
    drawing.showPage()
    head("ii")
    lines_at(["© Meridian Press 2019", "ISBN 978-0-00-000000-0", "All rights reserved."], 300)
    drawing.showPage()
    head("Contents    iii")
    drawing.setFont(font, 16)
    drawing.drawString(40, 530, "Contents")
    rows = ["Preface    v"]
    for number, title, authors, first, _, _ in CHAPTERS:
        rows += [f"{number} {title}    {first}", "    " + " and ".join(authors)]
    rows += ["References    9", "Index    11"]
    lines_at(rows, 500, 10, 18)
    drawing.showPage()
    head("iv    Acknowledgements")
    lines_at(["We thank the harbour police of three cities for their time."], 520)
    drawing.showPage()
    head("Preface    v")
    drawing.setFont(font, 16)
    drawing.drawString(40, 530, "Preface")
    body(
        "This book asks how harbour cities police their quays, their nightlife and the people "
        "who work there. Its chapters were first presented at a workshop in 2018.",
        500,
    )
    drawing.showPage()
    page = 1
    for number, title, authors, _, paragraphs, notes in CHAPTERS:
        # a chapter's title page, then its text over four pages, three paragraphs a page...
        for part in range(4):
            head(f"{page}    {BOOK_TITLE}" if page % 2 == 0 else f"{title}    {page}")
            y = 540
            if part == 0:
                drawing.setFont(font, 18)
                drawing.drawString(40, y, f"{number} {title}")
                lines_at([" and ".join(authors)], y - 28, 12)
                y -= 60
            shown = paragraphs[part * 2 : part * 2 + 2]
            for paragraph in shown:
                y = body(paragraph.rstrip("|"), y) + (6 if paragraph.endswith("|") else 0)
            cited = [(n, t) for n, t in notes.items() if any(f"[{n}]" in p for p in shown)]
            if cited:
                footnotes(cited)
            drawing.showPage()
            page += 1
    for part in range(2):
        head(f"{page}    {BOOK_TITLE}" if page % 2 == 0 else f"References    {page}")
        if part == 0:
            drawing.setFont(font, 16)
            drawing.drawString(40, 530, "References")
            lines_at(REFERENCE_LINES, 500)
        else:
            lines_at(REFERENCE_LINES[:2], 530)
        drawing.showPage()
        page += 1
    head(f"Index    {page}")
    drawing.setFont(font, 16)
    drawing.drawString(40, 530, "Index")
    lines_at(INDEX_LINES, 500)
    drawing.showPage()
    drawing.save()
    return path


def image_copy(
    source: Path, path: Path, pages: Sequence[int] = (), dpi: int = 200, stamp: str = ""
) -> Path:
    """The pages of a PDF rendered to images and put together again: a PDF without a text
    layer, as a scanner makes (`pages`: 0-based, all by default); `stamp`, a line of text
    drawn over each image at its foot (as a publisher stamps every page of a scan)."""
    import io

    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    document = pdfium.PdfDocument(source)
    chosen = list(pages) or list(range(len(document)))
    width, height = document[0].get_size()
    drawing = canvas.Canvas(str(path), pagesize=(width, height))
    for index in chosen:
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        drawing.drawImage(ImageReader(buffer), 0, 0, width, height)
        if stamp:
            drawing.setFont(_font(), 7)
            drawing.drawString(20, 8, stamp)
        drawing.showPage()
    drawing.save()
    document.close()
    return path


STAMP = "Released under the Harbour Records Act 2020. This copy was current at 1 May 2022."
SCANNED_WORD = "lighthouse"


def stamped_scan(path: Path, pages: int = 5, scanned: int = 2) -> Path:
    """A report whose every page carries the same stamped footer line, page `scanned`
    (0-based) an image under that stamp: the page's only text is the stamp."""
    text = path.with_name(path.stem + "-text.pdf")
    body = [
        [f"Harbour patrol report, part {n + 1}", ""]
        + [
            f"The harbour patrol visited berth {n * 10 + k} and logged its findings."
            for k in range(8)
        ]
        + (
            [f"The {SCANNED_WORD} keeper reported two thefts from the quay."]
            if n == scanned
            else []
        )
        + ["", STAMP]
        for n in range(pages)
    ]
    make_pdf(text, body)
    image = image_copy(text, path.with_name(path.stem + "-image.pdf"), [scanned], stamp=STAMP)
    writer = PdfWriter()
    for n, page in enumerate(PdfReader(text).pages):
        writer.add_page(PdfReader(image).pages[0] if n == scanned else page)
    with path.open("wb") as out:
        writer.write(out)
    return path


_SUBJECTS = (
    "The patrol", "The harbour unit", "Each licensing officer", "The council", "The night shift",
    "A community officer", "The customs service", "The dock workers", "The ferry company",
)  # fmt: skip
_VERBS = (
    "reviews", "records", "inspects", "reports", "discusses", "funds", "plans", "measures",
)  # fmt: skip
_OBJECTS = (
    "the cargo registers", "thefts from the quays", "calls from the terminal",
    "the late licences", "complaints about noise", "the patrol routes", "the berth plans",
    "assaults in the nightlife district", "the cameras on the launches",
)  # fmt: skip
_WHEN = (
    "every week", "each month", "before the summer season", "after each incident",
    "during the night shift", "twice a year", "at the spring meeting",
)  # fmt: skip


def long_book_pdf(path: Path, chapters: int = 28, pages_per_chapter: int = 21) -> Path:
    """A long book for measuring: 12 front pages numbered i-xii in the heads (a contents
    listing the chapters), then chapters of dense pages with a numbered running head and a
    footnote at the foot of each page. 28 chapters of 21 pages and the front make 600 pages."""
    import random
    import textwrap

    font = _font()
    rng = random.Random(13)
    drawing = canvas.Canvas(str(path), pagesize=(420, 600))
    first_pages = [12 + 1 + c * pages_per_chapter for c in range(chapters)]
    for front in range(1, 13):
        drawing.setFont(font, 8)
        drawing.drawString(40, 575, f"{roman(front)}    Front matter")
        drawing.setFont(font, 10)
        if front == 3:
            drawing.setFont(font, 16)
            drawing.drawString(40, 540, "Contents")
            drawing.setFont(font, 9)
            for c in range(chapters):
                drawing.drawString(
                    40, 515 - 15 * c, f"{c + 1} Chapter on topic {c + 1}    {first_pages[c] - 12}"
                )
        else:
            drawing.drawString(40, 520, f"Front matter page {front}: acknowledgements and notes.")
        drawing.showPage()
    note = 0
    for c in range(chapters):
        for p in range(pages_per_chapter):
            page = first_pages[c] - 12 + p
            drawing.setFont(font, 8)
            if p:  # a chapter's first page has no running head, its number at the foot
                drawing.drawString(40, 575, f"{page}    Chapter on topic {c + 1}")
            else:
                drawing.drawString(200, 25, str(page))
            y = 540
            if p == 0:
                drawing.setFont(font, 18)
                drawing.drawString(40, y, f"{c + 1} Chapter on topic {c + 1}")
                y -= 40
            drawing.setFont(font, 9)
            sentences = " ".join(
                f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"{rng.choice(_WHEN)} in district {rng.randint(1, 400)}."
                for _ in range(24)
            )
            for line in textwrap.wrap(sentences, 72)[:32]:
                drawing.drawString(40, y, line)
                y -= 13
            note += 1
            drawing.setFont(font, 6)
            drawing.drawString(40, 40, f"{note} See the annual report of district {note} for more.")
            drawing.showPage()
    drawing.save()
    return path


def roman(number: int) -> str:
    values = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out
