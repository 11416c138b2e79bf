"""The library's data types: plain frozen dataclasses, one per thing that flows between stages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chapter:
    """A chapter of an edited volume, located by its printed page range."""

    title: str
    authors: tuple[str, ...]
    first_page: str
    last_page: str


@dataclass(frozen=True)
class Metadata:
    """Bibliographic data of a document (from the manifest, the PDF info or the file name)."""

    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    publisher: str = ""
    doc_type: str = ""
    url: str = ""
    editors: tuple[str, ...] = ()
    container_title: str = ""
    chapters: tuple[Chapter, ...] = ()
    #: "manifest", "pdf info", "heading" (a Markdown file's), "first pages" or "file name"
    source: str = "file name"
    volume: str = ""
    issue: str = ""
    page_range: str = ""  # an article's pages in its journal, "611-639"
    place: str = ""  # place of publication
    #: where each field came from, for the fields not from `source`: (("title", "pdf info"), …)
    origins: tuple[tuple[str, str], ...] = ()

    def origin(self, field_name: str) -> str:
        """Where one field came from ("manifest", "pdf info", "heading", "first pages", "file
        name")."""
        return dict(self.origins).get(field_name, self.source)


#: the regions of a document a passage can stand in
BODY = "body"
FRONT = "front"  # cover, copyright page, table of contents
REFERENCES = "references"
INDEX = "index"
FOOTNOTE = "footnote"
REGIONS = (BODY, FRONT, REFERENCES, INDEX, FOOTNOTE)


@dataclass(frozen=True)
class Line:
    """A line of a page as laid out: its text, font size (points), left edge and vertical
    place (points from the top of the page). OCR'd lines take the words' height as size."""

    text: str
    size: float = 0.0
    x: float = 0.0
    top: float = 0.0
    bottom: float = 0.0


@dataclass(frozen=True)
class Footnote:
    """A note at the foot of a page: its number as printed, and its text."""

    number: str
    text: str


@dataclass(frozen=True)
class RawPage:
    """A page as extracted, before cleaning. pdf_index is 1-based, None for text files.
    `lines` is the page's layout where the extractor knows it (pdfium, OCR); `ocr` the mean
    word confidence (0-100) of a page read by OCR."""

    pdf_index: int | None
    text: str
    pdf_label: str | None = None
    lines: tuple[Line, ...] = ()
    ocr: float | None = None


@dataclass(frozen=True)
class Extracted:
    """What extraction yields for one file."""

    pages: tuple[RawPage, ...]
    extractor: str
    repairs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    info_title: str = ""
    info_author: str = ""
    outline: tuple[tuple[str, int, int], ...] = ()  # (title, level, 1-based PDF page)
    ocr_seconds: float = 0.0


@dataclass(frozen=True)
class Page:
    """A cleaned page with its printed label (None where nothing is printed): its body text,
    its footnotes, where each region of its text starts ((offset, region), first at 0) and
    where the body text referred to a note ((offset, note number))."""

    pdf_index: int | None
    label: str | None
    text: str
    footnotes: tuple[Footnote, ...] = ()
    regions: tuple[tuple[int, str], ...] = ()
    markers: tuple[tuple[int, str], ...] = ()

    def region_at(self, offset: int) -> str:
        region = BODY
        for start, name in self.regions:
            if start > offset:
                break
            region = name
        return region


@dataclass(frozen=True)
class Section:
    """A chapter or section of a document: from the PDF outline or the printed contents, with
    its printed page range (and PDF pages), and its authors where a chapter names its own."""

    title: str
    level: int
    first_page: str | None
    last_page: str | None
    first_pdf: int
    last_pdf: int
    start: int = 0  # offset of its heading in the text of its first page
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """The part of a chunk that lies on one page: chunk[start:end] == page.text[page_start:...]."""

    pdf_index: int | None
    label: str | None
    start: int
    end: int
    page_start: int
    note: str | None = None  # a footnote's number: the span is that note's text, not the body


@dataclass(frozen=True)
class Chunk:
    """A passage of a document; it carries the pages it spans."""

    doc_id: str
    ordinal: int
    text: str
    spans: tuple[Span, ...]
    n_tokens: int = 0
    id: int | None = None  # its row in the index, once stored
    region: str = BODY
    section: int | None = None  # index into its document's sections
    notes: tuple[str, ...] = ()  # the footnotes its body text refers to

    def span_at(self, offset: int) -> Span:
        """The span holding character `offset` of the chunk text (the last one if past it)."""
        for span in self.spans:
            if offset < span.end:
                return span
        return self.spans[-1]

    def spans_between(self, start: int, end: int) -> tuple[Span, ...]:
        """The spans a stretch [start, end) of the chunk text touches, in page order."""
        touched = tuple(s for s in self.spans if s.start < max(end, start + 1) and s.end > start)
        return touched or (self.span_at(start),)


@dataclass(frozen=True)
class IngestReport:
    """What happened to one file during ingestion."""

    file: str
    pages: int
    pages_without_text: tuple[int, ...] = ()
    label_source: str = "none"
    extractor: str = ""
    repairs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    #: pages read by OCR and each one's mean word confidence (0-100)
    ocr_pages: tuple[tuple[int, float], ...] = ()
    ocr_low: tuple[int, ...] = ()  # of them, the pages whose confidence is low
    footnotes: int = 0
    regions: dict[str, int] = field(default_factory=dict)  # chunks per region


@dataclass(frozen=True)
class Document:
    """An indexed document: id is the sha256 of its bytes."""

    id: str
    path: str
    file: str
    meta: Metadata
    report: IngestReport
    n_chunks: int
    mtime: float = 0.0
    size: int = 0
    sections: tuple[Section, ...] = ()

    def section(self, number: int | None) -> Section | None:
        if number is None or not 0 <= number < len(self.sections):
            return None
        return self.sections[number]


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and its rank in each retriever (None: not found)."""

    chunk: Chunk
    document: Document
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_score: float | None = None


@dataclass(frozen=True)
class Failure:
    """A file that could not be indexed, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class IndexResult:
    """The outcome of one indexing run."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    chunks_embedded: int = 0
    warnings: tuple[str, ...] = ()  # e.g. manifest entries that match no file

    @property
    def ok(self) -> bool:
        return not self.failed
