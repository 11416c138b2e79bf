"""The rows of an index segment as library types and back: documents (with their metadata,
ingestion report and sections), chunks (with spans, region, section and notes), and the WHERE
clause that scopes chunks to documents, regions and sections. Plain columns and JSON, so that a
merge can carry them over whatever columns a table has."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict

from ..types import Chapter, Chunk, Document, IngestReport, Metadata, Section, Span


def meta_to_json(meta: Metadata) -> str:
    return json.dumps(asdict(meta))


def meta_from_json(text: str) -> Metadata:
    data = json.loads(text)
    data["chapters"] = tuple(
        Chapter(c["title"], tuple(c["authors"]), c["first_page"], c["last_page"])
        for c in data.get("chapters", ())
    )
    for key in ("authors", "editors"):
        data[key] = tuple(data.get(key, ()))
    data["origins"] = tuple((str(a), str(b)) for a, b in data.get("origins", ()))
    return Metadata(**data)


def report_from_json(text: str) -> IngestReport:
    data = json.loads(text)
    for key in ("pages_without_text", "repairs", "warnings", "ocr_low"):
        data[key] = tuple(data.get(key, ()))
    data["ocr_pages"] = tuple((int(a), float(b)) for a, b in data.get("ocr_pages", ()))
    return IngestReport(**data)


def spans_to_json(spans: Sequence[Span]) -> str:
    return json.dumps(
        [
            [s.pdf_index, s.label, s.start, s.end, s.page_start, *([s.note] if s.note else [])]
            for s in spans
        ]
    )


def spans_from_json(text: str) -> tuple[Span, ...]:
    return tuple(Span(*row) for row in json.loads(text))


def section_from_row(row: sqlite3.Row) -> Section:
    return Section(
        row["title"],
        row["level"],
        row["first_page"],
        row["last_page"],
        row["first_pdf"],
        row["last_pdf"],
        row["start"],
        tuple(json.loads(row["authors"])),
    )


def chunk_from_row(row: sqlite3.Row) -> Chunk:
    return Chunk(
        row["doc_id"],
        row["ordinal"],
        row["text"],
        spans_from_json(row["spans"]),
        row["n_tokens"],
        row["id"],
        row["region"],
        row["section"],
        tuple(json.loads(row["notes"])),
    )


def document_from_row(row: sqlite3.Row, sections: Sequence[Section] = ()) -> Document:
    return Document(
        id=row["id"],
        path=row["path"],
        file=row["file"],
        meta=meta_from_json(row["meta"]),
        report=report_from_json(row["report"]),
        n_chunks=row["n_chunks"],
        mtime=row["mtime"],
        size=row["size"],
        sections=tuple(sections),
    )


#: chunks of one document whose section number lies in [first, last]
SectionRange = tuple[str, int, int]


def scope(
    doc_ids: Sequence[str] | None,
    regions: Sequence[str] | None,
    sections: Sequence[SectionRange] | None,
) -> tuple[str, list[object]]:
    """A WHERE clause over chunks for these documents, regions and section ranges."""
    clauses = ["1"]
    params: list[object] = []
    if doc_ids is not None:
        clauses.append(f"doc_id IN ({','.join('?' * len(doc_ids))})")
        params += list(doc_ids)
    if regions is not None:
        clauses.append(f"region IN ({','.join('?' * len(regions))})")
        params += list(regions)
    if sections is not None:
        ranges = " OR ".join("(doc_id = ? AND section BETWEEN ? AND ?)" for _ in sections)
        clauses.append(f"({ranges or '0'})")
        params += [value for triple in sections for value in triple]
    return " AND ".join(clauses), params


def document_sections(conn: sqlite3.Connection) -> dict[str, list[Section]]:
    found: dict[str, list[Section]] = {}
    for row in conn.execute("SELECT * FROM sections ORDER BY doc_id, number"):
        found.setdefault(row["doc_id"], []).append(section_from_row(row))
    return found


def report_to_json(report: IngestReport) -> str:
    return json.dumps(asdict(report))


def document_values(doc: Document, n_chunks: int) -> tuple[object, ...]:
    """A documents row (the columns of the schema, in order)."""
    return (
        doc.id,
        doc.path,
        doc.file,
        meta_to_json(doc.meta),
        report_to_json(doc.report),
        n_chunks,
        doc.mtime,
        doc.size,
    )


def section_values(doc: Document) -> list[tuple[object, ...]]:
    """A document's rows of the sections table."""
    return [
        (
            doc.id,
            number,
            s.title,
            s.level,
            s.first_page,
            s.last_page,
            s.first_pdf,
            s.last_pdf,
            s.start,
            json.dumps(list(s.authors)),
        )
        for number, s in enumerate(doc.sections)
    ]
