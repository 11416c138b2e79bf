"""The rows of an index segment as library types and back: documents (with their metadata and
ingestion report), chunks (with their spans). Plain columns and JSON, so that a merge can carry
them over whatever columns a table has."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict

from ..types import Chapter, Chunk, Document, IngestReport, Metadata, Span


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
    return Metadata(**data)


def report_to_json(report: IngestReport) -> str:
    return json.dumps(asdict(report))


def report_from_json(text: str) -> IngestReport:
    data = json.loads(text)
    for key in ("pages_without_text", "repairs", "warnings"):
        data[key] = tuple(data.get(key, ()))
    return IngestReport(**data)


def spans_to_json(spans: Sequence[Span]) -> str:
    return json.dumps([[s.pdf_index, s.label, s.start, s.end, s.page_start] for s in spans])


def spans_from_json(text: str) -> tuple[Span, ...]:
    return tuple(Span(*row) for row in json.loads(text))


def chunk_from_row(row: sqlite3.Row) -> Chunk:
    return Chunk(
        row["doc_id"],
        row["ordinal"],
        row["text"],
        spans_from_json(row["spans"]),
        row["n_tokens"],
        row["id"],
    )


def document_from_row(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"],
        path=row["path"],
        file=row["file"],
        meta=meta_from_json(row["meta"]),
        report=report_from_json(row["report"]),
        n_chunks=row["n_chunks"],
        mtime=row["mtime"],
        size=row["size"],
    )


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
