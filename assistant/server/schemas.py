"""HTTP request and response schemas (pydantic). Responses mirror the library's dataclasses'
`to_dict()`; requests carry their limits, so a bad value is a 422 naming the field."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..search.retrieve import MAX_QUESTION_CHARS, Filters


class FiltersIn(BaseModel):
    documents: list[str] = Field(default=[], max_length=50, description="File names or ids.")
    author: str = Field("", max_length=200)
    year_from: int | None = Field(None, ge=0, le=3000)
    year_to: int | None = Field(None, ge=0, le=3000)
    section: str = Field("", max_length=200, description="Text in the section's title.")
    regions: list[Literal["body", "front", "references", "index", "footnote"]] = Field(
        default=[], max_length=5, description="Only passages of these regions."
    )

    def to_filters(self) -> Filters:
        return Filters(
            tuple(self.documents),
            self.author,
            self.year_from,
            self.year_to,
            self.section,
            tuple(self.regions),
        )


STYLE_FIELD = Field(
    None,
    max_length=100,
    pattern=r"^[A-Za-z0-9-]+$",
    description="Also format the references: apa, chicago, harvard or an official CSL style id.",
)


class FormattedOut(BaseModel):
    style: str
    citations: list[str] = Field(description="In-text citations with page locators, in order.")
    bibliography: list[str]


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    style: str | None = STYLE_FIELD
    conversation_id: str | None = Field(
        None, max_length=64, description="From an earlier answer, to ask a follow-up."
    )
    context: str | None = Field(
        None,
        max_length=16384,
        description="The `context` of the latest answer in the conversation: with it any "
        "worker or replica answers the follow-up.",
    )
    k: int = Field(5, ge=1, le=20, description="Passages to consider and cite from.")
    filters: FiltersIn | None = None


class CiteRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="Quote or claim.")
    filters: FiltersIn | None = None
    style: str | None = STYLE_FIELD


class DifferenceOut(BaseModel):
    quoted: str
    source: str


class VerdictOut(BaseModel):
    verdict: str = Field(description="exact, near, paraphrase, contradicted or not_found")
    score: float
    quote: str
    file: str | None
    document_id: str | None
    title: str | None
    page: str | None
    pages: list[str | None]
    pdf_pages: list[int | None]
    locator: str
    reference: str
    source_text: str
    differences: list[DifferenceOut]
    reason: str = Field(
        "", description="What differs (contradicted, near) or why it is supported (paraphrase)."
    )
    formatted: FormattedOut | None = None


class CheckRequest(BaseModel):
    text: str = Field(min_length=1, max_length=50_000, description="Manuscript text (Markdown).")


class FindingOut(BaseModel):
    line: int
    kind: str = Field(description="quote or claim")
    text: str
    cited: str | None
    status: str = Field(
        description="ok, wrong_page, wrong_source, altered_quote, contradicted or not_found"
    )
    detail: str
    found: VerdictOut


class CheckResponse(BaseModel):
    summary: dict[str, int]
    findings: list[FindingOut]


class SearchRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    k: int = Field(5, ge=1, le=50)
    filters: FiltersIn | None = None
    diverse: bool = False


class CitationOut(BaseModel):
    number: int
    document_id: str
    file: str
    title: str
    authors: list[str]
    year: int | None
    page: str | None = Field(description="Printed page label of the cited text.")
    pages: list[str | None]
    pdf_page: int | None
    pdf_pages: list[int | None]
    reference: str
    passage: str
    quotes: list[str]
    score: float
    note: str | None = Field(None, description="The footnote the cited text stands in.")
    section: str = Field("", description="The section it stands in: '§3 Defining …'.")


class SentenceOut(BaseModel):
    text: str
    citation: int


class CheckOut(BaseModel):
    text: str = Field(description="A generated sentence, without its [n] markers.")
    cited: list[int] = Field(description="Passage numbers the model wrote.")
    status: str = Field(description="supported, repaired, unsupported or not_a_claim")
    supported: bool
    support: float
    passage: int | None
    citation: int | None = Field(description="Its [n] in the answer; null when left out.")
    reason: str = Field("", description="Why it is unsupported, when there is a reason.")


class AskResponse(BaseModel):
    conversation_id: str
    context: str | None = Field(
        None,
        description="The conversation so far, signed and expiring: send it with the next "
        "follow-up (with conversation_id).",
    )
    question: str
    query: str = Field(description="The stand-alone question that was searched.")
    mode: str
    refused: bool
    note: str
    evidence: float
    answer: str
    sentences: list[SentenceOut]
    citations: list[CitationOut]
    formatted: FormattedOut | None = None
    notice: str = Field("", description="E.g. why a generated answer fell back to extractive.")
    model: str = Field("", description="The language model that wrote the answer, if any.")
    supported_share: float | None = Field(
        None, description="Share of generated sentences supported by the passages they cite."
    )
    checks: list[CheckOut] = []


class PageOut(BaseModel):
    page: str | None
    pdf_page: int | None


class HitSectionOut(BaseModel):
    title: str
    label: str
    level: int
    first_page: str | None
    last_page: str | None


class SectionOut(BaseModel):
    title: str
    level: int
    first_page: str | None
    last_page: str | None
    first_pdf_page: int
    last_pdf_page: int
    authors: list[str]


class HitOut(BaseModel):
    rank: int
    file: str
    document_id: str
    title: str
    authors: list[str]
    year: int | None
    page: str | None
    pdf_page: int | None
    note: str | None = None
    pages: list[PageOut]
    region: str = "body"
    section: HitSectionOut | None = None
    score: float
    dense_score: float | None
    text: str


class SearchResponse(BaseModel):
    question: str
    hits: list[HitOut]


class ReportOut(BaseModel):
    pages: int
    pages_without_text: list[int]
    label_source: str
    extractor: str
    repairs: list[str]
    warnings: list[str]
    ocr_pages: list[tuple[int, float]] = Field(
        [], description="Pages read by OCR and their mean word confidence (0-100)."
    )
    ocr_low: list[int] = Field([], description="Of them, the pages of low confidence.")
    footnotes: int = 0
    regions: dict[str, int] = Field({}, description="Passages per region.")


class DocumentOut(BaseModel):
    id: str
    file: str
    title: str
    authors: list[str]
    editors: list[str]
    year: int | None
    publisher: str
    doc_type: str
    url: str
    chunks: int
    report: ReportOut
    metadata_origins: dict[str, str] = Field(
        {}, description="Where each field came from: manifest, pdf info, first pages, file name."
    )
    sections: list[SectionOut] = []


class HealthOut(BaseModel):
    status: str = Field(
        description="'ok'; 'no-index' when no index is built yet; 'unavailable' (with 503) "
        "when the index cannot be used."
    )
    model: str
    model_loaded: bool
    index_version: str | None
    documents: int
    chunks: int
    vectors: int = Field(0, description="Vectors in the FAISS index (one per chunk).")
    sentences_ready: int = Field(
        0,
        description="Passages whose sentences the server has embedded ahead of any question "
        "(after start-up, while idle, when the whole index fits its cache).",
    )
    reason: str = Field("", description="Why the index cannot be used.")
    llm: str | None = Field(
        None, description="The language model answers are generated with; null: extractive."
    )


class ErrorOut(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 404, 413, 429, 503)
}
