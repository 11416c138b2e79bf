"""Segments: the immutable parts of the index. Each indexing run writes one (its documents and
chunks), a merge writes one from several; a version names the live ones.

    segments/<name>/chunks.sqlite   documents and their sections, chunks (text, spans, region,
                                    section, notes, float16 vector, extra lexical terms) and a
                                    contentless FTS5 index of the chunk texts and their terms
    segments/<name>/dense.faiss     the approximate dense index (large segments only)
    segments/<name>/DONE            written last: the segment is complete

A segment is never changed once complete. What a later run deletes is listed in the version's
manifest (`gone`: documents whose rows and chunks are dead, `moved`: documents whose row a later
segment replaces), not written into the segment. Any table with a `doc_id` column holds
per-document data: a merge carries over the rows of live documents, whatever other columns the
table has, so a new column or table needs no change here. The rows of DOCUMENT_TABLES belong to
the document's row: they are hidden, and move to a later segment, with it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..types import Chunk, Document, Section
from .dense import DENSE_FILE, Dense, build
from .rows import (
    SectionRange,
    chunk_from_row,
    document_from_row,
    document_sections,
    scope,
    section_from_row,
)

DATABASE = "chunks.sqlite"
DONE = "DONE"
SEGMENTS = "segments"
TOKENIZER = "porter unicode61 remove_diacritics 2"
#: bytes per database page: a chunk's row (text and float16 vector) is ~2 KB, and a 4 KB page
#: holds one or two of them (~3 KB a chunk on disk at 10^6 chunks); a 16 KB page wastes ~1/16
PAGE_SIZE = 16384
SCHEMA = f"""
PRAGMA page_size = {PAGE_SIZE};
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT UNIQUE NOT NULL, file TEXT NOT NULL,
    meta TEXT NOT NULL, report TEXT NOT NULL, n_chunks INTEGER NOT NULL,
    mtime REAL NOT NULL, size INTEGER NOT NULL
);
CREATE TABLE sections (
    doc_id TEXT NOT NULL, number INTEGER NOT NULL,
    title TEXT NOT NULL, level INTEGER NOT NULL, first_page TEXT, last_page TEXT,
    first_pdf INTEGER NOT NULL, last_pdf INTEGER NOT NULL, start INTEGER NOT NULL,
    authors TEXT NOT NULL, PRIMARY KEY (doc_id, number)
);
CREATE TABLE chunks (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL, text TEXT NOT NULL, spans TEXT NOT NULL,
    n_tokens INTEGER NOT NULL, vector BLOB NOT NULL,
    region TEXT NOT NULL DEFAULT 'body', section INTEGER, notes TEXT NOT NULL DEFAULT '[]',
    terms TEXT NOT NULL DEFAULT ''
);
CREATE INDEX chunks_by_doc ON chunks(doc_id, ordinal);
CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content = '', tokenize = '{TOKENIZER}');
"""
BATCH = 20_000  # vectors read at a time when building a dense index
DOCUMENT_TABLES = ("documents", "sections")  # a document's own rows (hidden when it is moved)
CHUNK_COLUMNS = "id, doc_id, ordinal, text, spans, n_tokens, region, section, notes"


@dataclass(frozen=True)
class Entry:
    """A live segment as a version's manifest names it."""

    name: str
    chunks: int  # rows in its chunks table (dead ones included)
    dense: str  # "flat", "ivf" or "hnsw"
    documents: int  # rows in its documents table
    gone: tuple[str, ...] = ()  # documents deleted since: their row and chunks are dead
    moved: tuple[str, ...] = ()  # documents whose row a later segment holds (chunks live)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "chunks": self.chunks,
            "dense": self.dense,
            "documents": self.documents,
            "gone": list(self.gone),
            "moved": list(self.moved),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Entry:
        return cls(
            str(data["name"]),
            int(data["chunks"]),  # type: ignore[call-overload]
            str(data["dense"]),
            int(data["documents"]),  # type: ignore[call-overload]
            tuple(data.get("gone", ())),  # type: ignore[arg-type]
            tuple(data.get("moved", ())),  # type: ignore[arg-type]
        )


def connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def lexical_text(text: str, terms: str) -> str:
    """What the lexical index holds for a chunk: its text and its extra terms (the other form
    of the acronyms it uses; segments written before terms existed have none)."""
    return f"{text}\n{terms}" if terms else text


def marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def vectors_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, np.ndarray]:
    rows = conn.execute(f"SELECT id, vector FROM chunks WHERE id IN ({marks(ids)})", list(ids))
    return {int(r[0]): np.frombuffer(r[1], dtype=np.float16) for r in rows}


def vector_batches(
    conn: sqlite3.Connection, dim: int, skip: frozenset[str] = frozenset()
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(ids, float32 vectors) of the chunks, BATCH at a time, leaving out documents in skip."""
    last = -1
    while True:
        rows = conn.execute(
            "SELECT id, doc_id, vector FROM chunks WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH)
        ).fetchall()
        if not rows:
            return
        last = int(rows[-1][0])
        rows = [r for r in rows if r[1] not in skip]
        if rows:
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            blob = b"".join(r[2] for r in rows)
            yield ids, np.frombuffer(blob, dtype=np.float16).reshape(-1, dim).astype(np.float32)


def finish(path: Path, kind: str, dim: int) -> tuple[int, str]:
    """Build a written segment's dense index and mark it complete: (chunks, dense kind)."""
    conn = connect(path / DATABASE, readonly=True)
    try:
        count = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
        built = build(kind, dim, lambda: vector_batches(conn, dim), count, path / DENSE_FILE)
    finally:
        conn.close()
    seal(path)
    return count, built


def seal(path: Path) -> None:
    fd = os.open(path / DONE, os.O_CREAT | os.O_WRONLY, 0o644)
    os.fsync(fd)
    os.close(fd)
    for folder in (path, path.parent):
        fd = os.open(folder, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)


class Segment:
    """One segment of a version, open for reading (safe to share between threads)."""

    def __init__(self, root: Path, entry: Entry, dim: int) -> None:
        self.entry = entry
        self.path = root / SEGMENTS / entry.name
        self.dim = dim
        if not (self.path / DONE).is_file():
            raise FileNotFoundError(f"segment {entry.name} is missing or incomplete")
        self.gone = frozenset(entry.gone)
        self.hidden = self.gone | frozenset(entry.moved)
        self._local = threading.local()
        self._lock = threading.RLock()  # `dense` loads through `db`, which takes it too
        self._connections: list[sqlite3.Connection] = []
        self._dense: Dense | None = None
        self._dead: frozenset[int] | None = None
        self._ranges: dict[str, tuple[int, int, int]] = {}  # a document's chunk ids

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path / DATABASE, readonly=True)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @property
    def dead(self) -> frozenset[int]:
        """Chunk ids of deleted documents."""
        if self._dead is None:
            gone = sorted(self.gone)
            sql = f"SELECT id FROM chunks WHERE doc_id IN ({marks(gone)})"
            self._dead = (
                frozenset(int(r[0]) for r in self.db.execute(sql, gone)) if gone else frozenset()
            )
        return self._dead

    @property
    def dense(self) -> Dense:
        if self._dense is None:
            with self._lock:
                if self._dense is None:
                    self._dense = Dense(
                        self.entry.dense,
                        self.path,
                        lambda ids: vectors_of(self.db, ids),
                        self._load_all,
                    )
        return self._dense

    def _load_all(self) -> tuple[np.ndarray, np.ndarray]:
        pairs = list(vector_batches(self.db, self.dim))
        if not pairs:
            return np.zeros(0, np.int64), np.zeros((0, self.dim), np.float32)
        return np.concatenate([p[0] for p in pairs]), np.vstack([p[1] for p in pairs])

    def live_chunks(self) -> int:
        return self.entry.chunks - len(self.dead)

    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents").fetchall()
        sections = document_sections(self.db)
        return [
            document_from_row(r, sections.get(r["id"], ()))
            for r in rows
            if r["id"] not in self.hidden
        ]

    def sections(self, doc_id: str) -> list[Section]:
        rows = self.db.execute(
            "SELECT * FROM sections WHERE doc_id = ? ORDER BY number", (doc_id,)
        ).fetchall()
        return [section_from_row(r) for r in rows]

    def chunks(self, ids: Sequence[int]) -> list[Chunk]:
        rows = self.db.execute(
            f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE id IN ({marks(ids)})", list(ids)
        ).fetchall()
        return [chunk_from_row(r) for r in rows if r["doc_id"] not in self.gone]

    def placed(self, ids: Sequence[int]) -> list[tuple[int, str, str]]:
        rows = self.db.execute(
            f"SELECT id, doc_id, region FROM chunks WHERE id IN ({marks(ids)})", list(ids)
        ).fetchall()
        return [(int(r[0]), r[1], r[2]) for r in rows if r[1] not in self.gone]

    def doc_chunks(
        self, doc_id: str, columns: str, where: str = "", params: Sequence[object] = ()
    ) -> list[sqlite3.Row]:
        if doc_id in self.gone:
            return []
        sql = f"SELECT {columns} FROM chunks WHERE doc_id = ? {where} ORDER BY ordinal"
        return self.db.execute(sql, [doc_id, *params]).fetchall()

    def chunk_ids(
        self,
        doc_ids: Sequence[str] | None,
        regions: Sequence[str] | None = None,
        sections: Sequence[SectionRange] | None = None,
    ) -> list[int]:
        """Live chunks of these documents (None: all), in these regions and sections."""
        wanted = None if doc_ids is None else [d for d in doc_ids if d not in self.gone]
        if wanted is not None and not wanted:
            return []
        where, params = scope(wanted, regions, sections)
        found = (int(r[0]) for r in self.db.execute(f"SELECT id FROM chunks WHERE {where}", params))
        return [i for i in found if i not in self.dead] if doc_ids is None else list(found)

    def count_matching(self, match: str) -> int:
        row = self.db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (match,))
        return int(row.fetchone()[0])

    def count_in_document(self, match: str, doc_id: str) -> tuple[int, int]:
        """(the document's chunks that match, the document's chunks) in this segment. A
        document's chunks are written together: their ids make a range, which FTS5 seeks
        within (a word in half a million chunks is not counted in all of them)."""
        if doc_id in self.gone:
            return 0, 0
        found = self._ranges.get(doc_id)
        if found is None:
            sql = "SELECT min(id), max(id), count(*) FROM chunks WHERE doc_id = ?"
            found = self._ranges[doc_id] = tuple(self.db.execute(sql, (doc_id,)).fetchone())
        low, high, count = found
        if not count:
            return 0, 0
        sql = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid BETWEEN ? AND ?"
        params: list[object] = [match, low, high]
        if high - low + 1 != count:  # (not one range after all: the rows of the range filtered)
            sql += " AND +rowid IN (SELECT id FROM chunks WHERE doc_id = ?)"
            params.append(doc_id)
        return int(self.db.execute(sql, params).fetchone()[0]), int(count)

    def lexical_search(
        self,
        match: str,
        k: int,
        only_docs: Sequence[str] | None,
        rows: int = 0,
        regions: Sequence[str] | None = None,
        sections: Sequence[SectionRange] | None = None,
    ) -> list[tuple[int, float]]:
        """BM25's best `k` rows (of these documents, regions and sections; None: all); with
        `rows`, only the newest `rows` rows matched are scored (bm25() scores every row matched:
        this bounds its cost when words are very common)."""
        sql = "SELECT rowid, bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH ?"
        params: list[object] = [match]
        scoped = only_docs is not None or regions is not None or sections is not None
        if rows > 0 and not scoped:
            cut = "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rowid DESC"
            found = self.db.execute(cut + " LIMIT 1 OFFSET ?", (match, rows)).fetchone()
            if found is not None:
                sql += " AND rowid > ?"
                params.append(int(found[0]))
        if scoped:
            where, more = scope(only_docs, regions, sections)
            # '+rowid': the scope filters the rows matched; without it SQLite walks the scope's
            # rows and runs the MATCH once for each (a references list of 299 rows: 236 ms → 5)
            sql += f" AND +rowid IN (SELECT id FROM chunks WHERE {where})"
            params += more
        dead = self.dead
        best = self.db.execute(sql + " ORDER BY score LIMIT ?", [*params, k + len(dead)])
        return [(int(r[0]), -float(r[1])) for r in best if int(r[0]) not in dead][:k]

    def dense_search(
        self, vector: np.ndarray, k: int, only: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        return self.dense.search(vector, k, self.dead, only)

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
