"""One version of the index, open for reading.

    INDEX/
      CURRENT            name of the live version (replaced atomically)
      .lock              held by the one process writing
      v<time>-<pid>/
        manifest.json    format version, model, dimension, chunker and FAISS settings
        chunks.sqlite    documents, their sections, chunks (text, spans, region, section, notes,
                         vector) and an FTS5 lexical index
        vectors.faiss    FAISS index over chunk ids, rebuilt from the stored vectors

Writing a version is `folder.py`; readers keep the version they opened until they reload.
A reader holds a shared lock (flock) on its version's folder while it has it open, so a writer
pruning old versions leaves that one for a later run: a request in flight never finds its
version deleted. A version that cannot be read raises IndexDamaged.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from ..errors import IndexDamaged, IndexMismatch, QueryError
from ..types import Chunk, Document
from .rows import (
    SectionRange,
    chunk_from_row,
    document_from_row,
    document_sections,
    scope,
    section_from_row,
    spans_from_json,
)

#: 2: sentence offsets and vectors stored with each chunk; 3: regions, sections, footnotes
FORMAT_VERSION = 3
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
DATABASE = "chunks.sqlite"
VECTORS = "vectors.faiss"
LOCK = ".lock"
#: a chunk's sentences as (start, end) offsets in its text, and one unit vector per sentence
SentenceVectors = tuple[tuple[tuple[int, int], ...], np.ndarray]
NEIGHBOURHOOD = 3  # passages each side that stand for a passage's section

SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT UNIQUE NOT NULL, file TEXT NOT NULL,
    meta TEXT NOT NULL, report TEXT NOT NULL, n_chunks INTEGER NOT NULL,
    mtime REAL NOT NULL, size INTEGER NOT NULL
);
CREATE TABLE chunks (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL, text TEXT NOT NULL, spans TEXT NOT NULL,
    n_tokens INTEGER NOT NULL, vector BLOB NOT NULL,
    sentences TEXT NOT NULL, sentence_vectors BLOB NOT NULL,
    region TEXT NOT NULL DEFAULT 'body', section INTEGER, notes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX chunks_by_doc ON chunks(doc_id, ordinal);
CREATE TABLE sections (
    doc_id TEXT NOT NULL REFERENCES documents(id), number INTEGER NOT NULL,
    title TEXT NOT NULL, level INTEGER NOT NULL, first_page TEXT, last_page TEXT,
    first_pdf INTEGER NOT NULL, last_pdf INTEGER NOT NULL, start INTEGER NOT NULL,
    authors TEXT NOT NULL, PRIMARY KEY (doc_id, number)
);
CREATE VIRTUAL TABLE chunks_fts USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');
"""


def rebuild_hint(folder: Path) -> str:
    return f"rebuild it with `assistant index --rebuild --index {folder} PATH…`"


def connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


# ---------------------------------------------------------------------------------- reading


class VersionGone(Exception):
    """The version was pruned between reading CURRENT and opening it (the caller retries)."""


def damaged(folder: Path, version: str, exc: BaseException) -> IndexDamaged:
    return IndexDamaged(
        f"the index at {folder} is damaged (version {version}: {exc}); {rebuild_hint(folder)}."
    )


R = TypeVar("R")


def _reading(method: Callable[..., R]) -> Callable[..., R]:
    """A database error while reading means a damaged version (IndexDamaged), not a crash."""

    @functools.wraps(method)
    def guarded(self: IndexVersion, *args: Any, **kwargs: Any) -> R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if "fts5" in str(exc):
                raise QueryError(f"the lexical search cannot run this query ({exc}).") from exc
            raise damaged(self.folder, self.version, exc) from exc

    return guarded


def _release(connections: list[sqlite3.Connection], hold: int) -> None:
    for conn in connections:
        conn.close()
    connections.clear()
    os.close(hold)  # drops the shared lock


class IndexVersion:
    """One version of the index, open for reading (safe to share between threads). It keeps
    its folder locked (shared) until `close()` or until it is garbage."""

    def __init__(self, folder: Path, version: str, model: str | None = None) -> None:
        self.folder = folder
        self.version = version
        self.path = folder / version
        try:
            hold = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError as exc:
            raise VersionGone(version) from exc
        self._connections: list[sqlite3.Connection] = []
        self._closer = weakref.finalize(self, _release, self._connections, hold)
        try:
            fcntl.flock(hold, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError as exc:  # a writer is deleting it
            self.close()
            raise VersionGone(version) from exc
        try:
            self.manifest: dict[str, Any] = json.loads((self.path / MANIFEST).read_text())
        except FileNotFoundError as exc:
            self.close()
            if not self.path.exists():
                raise VersionGone(version) from exc
            raise damaged(folder, version, exc) from exc
        except (OSError, ValueError) as exc:
            self.close()
            raise damaged(folder, version, exc) from exc
        if self.manifest.get("format") != FORMAT_VERSION:
            self.close()
            raise IndexMismatch(
                f"the index at {folder} has format {self.manifest.get('format')}, this version "
                f"of the assistant reads format {FORMAT_VERSION}; " + rebuild_hint(folder) + "."
            )
        if model is not None and self.manifest.get("model") != model:
            self.close()
            raise IndexMismatch(
                f"the index at {folder} was built with the model {self.manifest.get('model')!r} "
                f"(dimension {self.manifest.get('dimension')}), but the model in use is {model!r}. "
                f"Set ASSISTANT_MODEL={self.manifest.get('model')} or " + rebuild_hint(folder) + "."
            )
        self._local = threading.local()
        self._faiss: Any = None
        self._df: dict[str, int] = {}
        self._around: dict[tuple[str, int, int], str] = {}
        self._faiss_lock = threading.Lock()

    @property
    def model(self) -> str:
        return str(self.manifest["model"])

    @property
    def dimension(self) -> int:
        return int(self.manifest["dimension"])

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = connect(self.path / DATABASE, readonly=True)
            except sqlite3.Error as exc:
                raise damaged(self.folder, self.version, exc) from exc
            self._local.conn = conn
            with self._faiss_lock:
                self._connections.append(conn)
        return conn

    @property
    def faiss_index(self) -> Any:
        if self._faiss is None:
            with self._faiss_lock:
                if self._faiss is None:
                    import faiss

                    try:
                        index = faiss.read_index(str(self.path / VECTORS))
                    except RuntimeError as exc:  # faiss reports a damaged file this way
                        raise damaged(self.folder, self.version, exc) from exc
                    if self.manifest.get("faiss_built") == "ivf":  # probe an eighth of the lists
                        ivf = faiss.extract_index_ivf(index)
                        ivf.nprobe = max(1, ivf.nlist // 8)
                    self._faiss = index
        return self._faiss

    @_reading
    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents ORDER BY file").fetchall()
        sections = document_sections(self.db)
        return [document_from_row(r, sections.get(r["id"], ())) for r in rows]

    @_reading
    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        rows = self.db.execute(
            "SELECT * FROM sections WHERE doc_id = ? ORDER BY number", (doc_id,)
        ).fetchall()
        return document_from_row(row, [section_from_row(r) for r in rows])

    @_reading
    def chunks(self, ids: Sequence[int]) -> dict[int, Chunk]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            "SELECT id, doc_id, ordinal, text, spans, n_tokens, region, section, notes "
            f"FROM chunks WHERE id IN ({marks})",
            list(ids),
        ).fetchall()
        return {r["id"]: chunk_from_row(r) for r in rows}

    @_reading
    def pages(self, doc_id: str) -> list[tuple[int | None, str | None, str, str | None]]:
        """A document's cleaned pages (pdf_index, label, text, None), rebuilt from its chunks:
        every chunk holds verbatim slices of its pages at known offsets, and together they
        cover them; then its footnotes (pdf_index, label, text, note number), each its own."""
        rows = self.db.execute(
            "SELECT text, spans FROM chunks WHERE doc_id = ? ORDER BY ordinal", (doc_id,)
        ).fetchall()
        pieces: dict[tuple[int | None, str | None], tuple[str | None, list[tuple[int, str]]]] = {}
        for row in rows:
            for span in spans_from_json(row["spans"]):
                entry = pieces.setdefault((span.pdf_index, span.note), (span.label, []))
                entry[1].append((span.page_start, row["text"][span.start : span.end]))
        pages = []
        for (pdf_index, note), (label, found) in pieces.items():
            text = ""
            for start, piece in sorted(found):
                text = text.ljust(start) if start > len(text) else text
                if start + len(piece) > len(text):
                    text = text[:start] + piece
            pages.append((pdf_index, label, text, note))
        return [p for p in pages if p[3] is None] + [p for p in pages if p[3] is not None]

    @_reading
    def neighbourhood(self, doc_id: str, ordinal: int, radius: int = NEIGHBOURHOOD) -> str:
        """The text of the passages around one (its section, roughly: `radius` passages
        before and after it in its document)."""
        key = (doc_id, ordinal, radius)
        cached = self._around.get(key)
        if cached is None:
            rows = self.db.execute(
                "SELECT text FROM chunks WHERE doc_id = ? AND ordinal BETWEEN ? AND ? "
                "AND ordinal != ? ORDER BY ordinal",
                (doc_id, ordinal - radius, ordinal + radius, ordinal),
            ).fetchall()
            cached = " ".join(r[0] for r in rows)
            if len(self._around) > 4096:
                self._around.clear()
            self._around[key] = cached
        return cached

    @_reading
    def referring(self, doc_id: str, note: str, pdf_index: int | None) -> str:
        """The body text of the page footnote `note` stands on, the text that refers to it
        first (a footnote is read in the context of the page its number stands in)."""
        rows = self.db.execute(
            "SELECT text, spans, notes FROM chunks WHERE doc_id = ? AND region = 'body' "
            "AND (spans LIKE ? OR notes LIKE ?) ORDER BY ordinal",
            (doc_id, f"%[{pdf_index},%", f'%"{note}"%'),
        ).fetchall()
        on_page = [
            (note not in json.loads(notes), text)
            for text, spans, notes in rows
            if any(span[0] == pdf_index for span in json.loads(spans))
        ]
        return " ".join(text for _, text in sorted(on_page, key=lambda row: row[0]))

    @_reading
    def sentences(self, ids: Sequence[int]) -> dict[int, SentenceVectors]:
        """Each chunk's sentences (start, end offsets in its text) and their unit vectors."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT id, sentences, sentence_vectors FROM chunks WHERE id IN ({marks})", list(ids)
        ).fetchall()
        dim = self.dimension
        return {
            r["id"]: (
                tuple((int(a), int(b)) for a, b in json.loads(r["sentences"])),
                np.frombuffer(r["sentence_vectors"], dtype=np.float32).reshape(-1, dim),
            )
            for r in rows
        }

    @_reading
    def chunk_count(self) -> int:
        return int(self.manifest.get("chunks", 0)) or int(
            self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        )

    @_reading
    def document_frequency(self, term: str) -> int:
        """Chunks that contain the word (stemmed as the lexical index stems it)."""
        cached = self._df.get(term)
        if cached is None:
            row = self.db.execute(
                "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (f'"{term}"',)
            ).fetchone()
            cached = self._df[term] = int(row[0])
        return cached

    @_reading
    def chunk_ids(
        self,
        doc_ids: Sequence[str] | None,
        regions: Sequence[str] | None = None,
        sections: Sequence[SectionRange] | None = None,
    ) -> list[int]:
        """The chunks of these documents (None: all), in these regions and sections."""
        where, params = scope(doc_ids, regions, sections)
        sql = f"SELECT id FROM chunks WHERE {where}"
        return [int(r[0]) for r in self.db.execute(sql, params)]

    def dense_search(
        self, vector: np.ndarray, k: int, only: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """(chunk id, cosine similarity), best first; `only` restricts to those chunk ids."""
        import faiss

        index = self.faiss_index
        if index.ntotal == 0 or (only is not None and not only):
            return []
        query = vector.reshape(1, -1).astype(np.float32)
        if only is None:
            scores, ids = index.search(query, min(k, index.ntotal))
        else:
            selector = faiss.IDSelectorBatch(np.asarray(only, dtype=np.int64))
            params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
            scores, ids = index.search(query, min(k, len(only)), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    @_reading
    def lexical_search(
        self,
        match: str,
        k: int,
        only_docs: Sequence[str] | None = None,
        regions: Sequence[str] | None = None,
        sections: Sequence[SectionRange] | None = None,
    ) -> list[tuple[int, float]]:
        """FTS5 MATCH expression → (chunk id, BM25 score, higher is better)."""
        if not match:
            return []
        sql = "SELECT rowid, bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH ?"
        params: list[object] = [match]
        if only_docs is not None or regions is not None or sections is not None:
            where, more = scope(only_docs, regions, sections)
            sql += f" AND rowid IN (SELECT id FROM chunks WHERE {where})"
            params += more
        rows = self.db.execute(sql + " ORDER BY score LIMIT ?", [*params, k]).fetchall()
        return [(int(r[0]), -float(r[1])) for r in rows]

    def close(self) -> None:
        """Close every thread's connection and release the folder (only when no thread uses
        the version any more)."""
        self._closer()
