"""Writing one run's changes: its documents into a new segment, deletions from older ones."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Sequence

import numpy as np

from ..errors import ExtractionError
from ..types import Chunk, Document
from .rows import (
    document_from_row,
    document_sections,
    document_values,
    section_values,
    spans_to_json,
)
from .segment import Segment, lexical_text, marks


class Writer:
    """Changes written by one run: a new segment, and deletions from the older ones."""

    def __init__(self, conn: sqlite3.Connection, base: Sequence[Segment], next_id: int) -> None:
        self.conn = conn
        self.base = base
        self.next_id = next_id
        self.gone: dict[str, set[str]] = {}  # segment → documents deleted from it
        self.moved: dict[str, set[str]] = {}  # segment → documents whose row this run rewrites

    @contextlib.contextmanager
    def document(self, path: str) -> Iterator[None]:
        """The changes of one document, all or none: data the database refuses becomes an
        ExtractionError of that document (the rest is stored); a full disk stops the write."""
        self.conn.execute("SAVEPOINT document")
        state = (
            {k: set(v) for k, v in self.gone.items()},
            {k: set(v) for k, v in self.moved.items()},
            self.next_id,
        )
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError) as exc:
            self.conn.execute("ROLLBACK TO document")
            self.conn.execute("RELEASE document")
            self.gone, self.moved, self.next_id = state
            raise ExtractionError(path, f"cannot be stored in the index ({exc}).") from exc
        self.conn.execute("RELEASE document")

    def _hidden(self, segment: Segment) -> set[str]:
        name = segment.entry.name
        return set(segment.hidden) | self.gone.get(name, set()) | self.moved.get(name, set())

    def documents(self) -> dict[str, Document]:
        found: dict[str, Document] = {}
        for segment in self.base:
            hidden = self._hidden(segment)
            sections = document_sections(segment.db)
            for row in segment.db.execute("SELECT * FROM documents"):
                if row["id"] not in hidden:
                    found[row["path"]] = document_from_row(row, sections.get(row["id"], ()))
        sections = document_sections(self.conn)
        for row in self.conn.execute("SELECT * FROM documents"):
            found[row["path"]] = document_from_row(row, sections.get(row["id"], ()))
        return found

    def remove(self, doc_id: str) -> None:
        for segment in self.base:
            has = segment.db.execute(
                "SELECT 1 FROM documents WHERE id = ? UNION ALL "
                "SELECT 1 FROM chunks WHERE doc_id = ? LIMIT 1",
                (doc_id, doc_id),
            ).fetchone()
            if has is not None and doc_id not in segment.gone:
                self.gone.setdefault(segment.entry.name, set()).add(doc_id)
        rows = self.conn.execute("SELECT id, text, terms FROM chunks WHERE doc_id = ?", (doc_id,))
        self.conn.executemany(  # a contentless index forgets a row given what it indexed
            "INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', ?, ?)",
            [(r[0], lexical_text(r[1], r[2])) for r in rows.fetchall()],
        )
        self.conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM sections WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _check_path(self, doc: Document) -> None:
        """One live document per path (the new segment's UNIQUE(path) checks its own)."""
        for segment in self.base:
            row = segment.db.execute("SELECT id FROM documents WHERE path = ?", (doc.path,))
            for (other,) in row.fetchall():
                if other != doc.id and other not in self._hidden(segment):
                    raise sqlite3.IntegrityError("UNIQUE constraint failed: documents.path")

    def add(
        self,
        doc: Document,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        terms: Sequence[str] | None = None,
    ) -> None:
        """Store a document's chunks and vectors; `terms`, words the lexical index holds for
        each chunk besides its text (the other form of an acronym it uses)."""
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        terms = list(terms) if terms is not None else [""] * len(chunks)
        if len(terms) != len(chunks):
            raise ValueError(f"{len(chunks)} chunks but {len(terms)} sets of terms")
        self._check_path(doc)
        self.conn.execute(
            f"INSERT INTO documents VALUES ({marks(range(8))})", document_values(doc, len(chunks))
        )
        self._sections(doc)
        ids = range(self.next_id, self.next_id + len(chunks))
        half = np.asarray(vectors, dtype=np.float16).reshape(len(chunks), vectors.shape[-1])
        self.conn.executemany(
            "INSERT INTO chunks (id, doc_id, ordinal, text, spans, n_tokens, vector, region, "
            "section, notes, terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    i,
                    doc.id,
                    c.ordinal,
                    c.text,
                    spans_to_json(c.spans),
                    c.n_tokens,
                    v.tobytes(),
                    c.region,
                    c.section,
                    json.dumps(list(c.notes)),
                    t,
                )
                for i, c, v, t in zip(ids, chunks, half, terms, strict=True)
            ],
        )
        self.conn.executemany(
            "INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)",
            [(i, lexical_text(c.text, t)) for i, c, t in zip(ids, chunks, terms, strict=True)],
        )
        self.next_id += len(chunks)

    def update(self, doc: Document) -> None:
        """New path, file time or metadata for a document whose bytes did not change: its row
        is written anew here (with its sections), its chunks stay where they are."""
        for segment in self.base:
            if doc.id in self._hidden(segment):
                continue
            if segment.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                self.moved.setdefault(segment.entry.name, set()).add(doc.id)
        self.conn.execute(
            f"INSERT OR REPLACE INTO documents VALUES ({marks(range(8))})",
            document_values(doc, doc.n_chunks),
        )
        self._sections(doc)

    def _sections(self, doc: Document) -> None:
        """The document's sections, which move with its row."""
        self.conn.execute("DELETE FROM sections WHERE doc_id = ?", (doc.id,))
        self.conn.executemany(
            f"INSERT INTO sections VALUES ({marks(range(10))})", section_values(doc)
        )
