"""How search hits and documents are shown to people and programs: the page a hit is cited
by, a hit as a dict, a document's sections and where its bibliographic fields came from."""

from __future__ import annotations

import re
from typing import Any

from ..ingest.chunk import split_sentences
from ..types import Document, Hit, Section, Span
from .lexical import terms


def section_label(section: Section | None) -> str:
    """'§3 Defining intelligence-led policing' (the number the contents give it, if any)."""
    if section is None:
        return ""
    title = section.title.strip()
    numbered = re.match(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$", title)
    return f"§{numbered.group(1)} {numbered.group(2)}" if numbered else f"§ {title}"


def locate(hit: Hit, question: str) -> Span:
    """The page span of the hit's sentence that shares the most content words with the question
    (the first sentence on a tie): the page a citation of this passage should name."""
    wanted = set(terms(question))
    best, best_overlap = hit.chunk.spans[0], -1
    text = hit.chunk.text
    for start, end in split_sentences(text):
        overlap = len(wanted & set(terms(text[start:end])))
        if overlap > best_overlap:
            best, best_overlap = hit.chunk.span_at(start), overlap
    return best


def describe_hit(rank: int, hit: Hit, question: str) -> dict[str, Any]:
    """A search hit for people and programs: document, printed page (of the sentence that best
    matches the question), PDF page, all pages the passage spans, scores and text."""
    span = locate(hit, question)
    meta = hit.document.meta
    section = hit.document.section(hit.chunk.section)
    return {
        "rank": rank,
        "file": hit.document.file,
        "document_id": hit.document.id,
        "title": meta.title,
        "authors": list(meta.authors),
        "year": meta.year,
        "page": span.label,
        "pdf_page": span.pdf_index,
        "note": span.note,
        "pages": [{"page": s.label, "pdf_page": s.pdf_index} for s in hit.chunk.spans],
        "region": hit.chunk.region,
        "section": None
        if section is None
        else {
            "title": section.title,
            "label": section_label(section),
            "level": section.level,
            "first_page": section.first_page,
            "last_page": section.last_page,
        },
        "score": round(hit.score, 6),
        "dense_score": None if hit.dense_score is None else round(hit.dense_score, 4),
        "text": hit.chunk.text,
    }


def describe_sections(doc: Document) -> list[dict[str, Any]]:
    """A document's sections: title, level, first and last printed page (and PDF page),
    chapter authors."""
    return [
        {
            "title": s.title,
            "level": s.level,
            "first_page": s.first_page,
            "last_page": s.last_page,
            "first_pdf_page": s.first_pdf,
            "last_pdf_page": s.last_pdf,
            "authors": list(s.authors),
        }
        for s in doc.sections
    ]


def metadata_origins(doc: Document) -> dict[str, str]:
    """Where each bibliographic field of a document came from."""
    meta = doc.meta
    fields = ("title", "authors", "editors", "year", "publisher")
    return {f: meta.origin(f) for f in fields if getattr(meta, f)}
