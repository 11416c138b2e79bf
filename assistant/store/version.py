"""One version of the index, open for reading.

    INDEX/
      CURRENT            name of the live version (replaced atomically)
      .lock              held by the one process writing
      v<time>-<pid>/
        manifest.json    format version, model, dimension, chunker and dense settings, and the
                         live segments with what was deleted from each since it was written
      segments/<name>/   the segments (see `segment.py`), shared by the versions that name them

Writing a version is `folder.py`; readers keep the version they opened until they reload.
A reader holds a shared lock (flock) on its version's folder while it has it open, so a writer
pruning old versions leaves that one (and the segments it names) for a later run: a request in
flight never finds its version deleted. A version that cannot be read raises IndexDamaged.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import sqlite3
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from ..errors import IndexDamaged, IndexMismatch, QueryError
from ..types import Chunk, Document
from .rows import SectionRange, chunk_from_row, document_from_row, spans_from_json
from .segment import CHUNK_COLUMNS, Entry, Segment

#: 2: sentence offsets and vectors stored; 4: segments, float16 vectors; 5: regions, sections,
#: footnotes
FORMAT_VERSION = 5
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".lock"
NEIGHBOURHOOD = 3  # passages each side that stand for a passage's section
HELD_COUNTS = 100_000  # (word, document) counts kept for the judge, per version


def rebuild_hint(folder: Path) -> str:
    return f"rebuild it with `assistant index --rebuild --index {folder} PATH…`"


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
        except (OSError, RuntimeError) as exc:  # a missing segment, a damaged FAISS file
            raise damaged(self.folder, self.version, exc) from exc

    return guarded


def _release(segments: list[Segment], hold: int) -> None:
    for segment in segments:
        segment.close()
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
        self.segments: list[Segment] = []
        self._closer = weakref.finalize(self, _release, self.segments, hold)
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
        try:
            for data in self.manifest["segments"]:
                self.segments.append(Segment(folder, Entry.from_json(data), self.dimension))
        except (OSError, KeyError, ValueError, TypeError) as exc:
            self.close()
            raise damaged(folder, version, exc) from exc
        self._df: dict[str, int] = {}
        self._in_document: dict[tuple[str, str], tuple[int, int]] = {}
        self._around: dict[tuple[str, int, int], str] = {}
        self._noted: dict[tuple[str, tuple[str, ...], tuple[int | None, ...]], str] = {}

    @property
    def model(self) -> str:
        return str(self.manifest["model"])

    @property
    def dimension(self) -> int:
        return int(self.manifest["dimension"])

    @property
    def entries(self) -> list[Entry]:
        return [s.entry for s in self.segments]

    @_reading
    def documents(self) -> list[Document]:
        found = [d for s in self.segments for d in s.documents()]
        return sorted(found, key=lambda d: d.file)

    @_reading
    def document(self, doc_id: str) -> Document | None:
        for segment in reversed(self.segments):  # a document's row is in one live segment
            if doc_id in segment.hidden:
                continue
            row = segment.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is not None:
                return document_from_row(row, segment.sections(doc_id))
        return None

    @_reading
    def chunks(self, ids: Sequence[int]) -> dict[int, Chunk]:
        if not ids:
            return {}
        found: dict[int, Chunk] = {}
        for segment in self.segments:
            for chunk in segment.chunks(ids):
                found[chunk.id or 0] = chunk
        return found

    @_reading
    def placed(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """Each live chunk's document and region, without reading its text (for ranking)."""
        if not ids:
            return {}
        return {i: (doc, region) for s in self.segments for i, doc, region in s.placed(ids)}

    def _doc_rows(
        self, doc_id: str, columns: str, where: str = "", params: Sequence[object] = ()
    ) -> list[sqlite3.Row]:
        rows = [r for s in self.segments for r in s.doc_chunks(doc_id, columns, where, params)]
        return sorted(rows, key=lambda r: r["ordinal"])

    @_reading
    def chunk_at(self, doc_id: str, ordinal: int) -> Chunk | None:
        """A document's chunk by its place in the document (None: there is none)."""
        rows = self._doc_rows(doc_id, CHUNK_COLUMNS, "AND ordinal = ?", (ordinal,))
        return chunk_from_row(rows[0]) if rows else None

    @_reading
    def pages(self, doc_id: str) -> list[tuple[int | None, str | None, str, str | None]]:
        """A document's cleaned pages (pdf_index, label, text, None), rebuilt from its chunks:
        every chunk holds verbatim slices of its pages at known offsets, and together they
        cover them; then its footnotes (pdf_index, label, text, note number), each its own."""
        pieces: dict[tuple[int | None, str | None], tuple[str | None, list[tuple[int, str]]]] = {}
        for row in self._doc_rows(doc_id, "ordinal, text, spans"):
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
            where = "AND ordinal BETWEEN ? AND ? AND ordinal != ?"
            rows = self._doc_rows(
                doc_id, "ordinal, text", where, (ordinal - radius, ordinal + radius, ordinal)
            )
            cached = " ".join(r["text"] for r in rows)
            if len(self._around) > 4096:
                self._around.clear()
            self._around[key] = cached
        return cached

    @_reading
    def footnotes(self, doc_id: str, pages: Sequence[int | None]) -> list[Chunk]:
        """The footnotes that stand on these PDF pages (the notes a passage of body text may
        refer to: its markers are not always told apart from the figures they follow)."""
        rows = self._doc_rows(doc_id, CHUNK_COLUMNS, "AND region = 'footnote'")
        found = (chunk_from_row(r) for r in rows)
        return [c for c in found if any(s.pdf_index in pages for s in c.spans)]

    def notes_of(self, chunk: Chunk) -> str:
        """The text of the footnotes a passage's markers refer to, on its pages (numbers start
        again in each chapter): whom it quotes, the work it cites."""
        if not chunk.notes:
            return ""
        pages = tuple(dict.fromkeys(s.pdf_index for s in chunk.spans))
        key = (chunk.doc_id, chunk.notes, pages)
        cached = self._noted.get(key)
        if cached is None:
            found = self.footnotes(chunk.doc_id, pages)
            cached = " ".join(c.text for c in found if c.spans and c.spans[0].note in chunk.notes)
            if len(self._noted) > 4096:
                self._noted.clear()
            self._noted[key] = cached
        return cached

    @_reading
    def referring(self, doc_id: str, note: str, pdf_index: int | None) -> str:
        """The body text of the page footnote `note` stands on, the text that refers to it
        first (a footnote is read in the context of the page its number stands in)."""
        where = "AND region = 'body' AND (spans LIKE ? OR notes LIKE ?)"
        rows = self._doc_rows(
            doc_id, "ordinal, text, spans, notes", where, (f"%[{pdf_index},%", f'%"{note}"%')
        )
        on_page = [
            (note not in json.loads(r["notes"]), r["text"])
            for r in rows
            if any(span[0] == pdf_index for span in json.loads(r["spans"]))
        ]
        return " ".join(text for _, text in sorted(on_page, key=lambda row: row[0]))

    @_reading
    def chunk_count(self) -> int:
        return sum(s.live_chunks() for s in self.segments)

    @_reading
    def document_frequency(self, term: str) -> int:
        """Chunks that contain the word (stemmed as the lexical index stems it; chunks of
        documents deleted since their segment was written still count until a merge)."""
        cached = self._df.get(term)
        if cached is None:
            cached = self._df[term] = sum(s.count_matching(f'"{term}"') for s in self.segments)
        return cached

    @_reading
    def share_in_document(self, term: str, doc_id: str) -> tuple[int, int]:
        """(chunks of the document that contain the word, stemmed as the lexical index stems
        it; chunks of the document)."""
        key = (term, doc_id)
        cached = self._in_document.get(key)
        if cached is None:
            if len(self._in_document) >= HELD_COUNTS:
                self._in_document.clear()
            counts = [s.count_in_document(f'"{term}"', doc_id) for s in self.segments]
            cached = (sum(c[0] for c in counts), sum(c[1] for c in counts))
            self._in_document[key] = cached
        return cached

    @_reading
    def chunk_ids(
        self,
        doc_ids: Sequence[str] | None,
        regions: Sequence[str] | None = None,
        sections: Sequence[SectionRange] | None = None,
    ) -> list[int]:
        """The chunks of these documents (None: all), in these regions and sections."""
        return [i for s in self.segments for i in s.chunk_ids(doc_ids, regions, sections)]

    @_reading
    def vector_count(self) -> int:
        """Vectors searchable (loads every segment's dense index: a damaged one shows here)."""
        return sum(s.dense.count - len(s.dead) for s in self.segments)

    @_reading
    def dense_search(
        self, vector: np.ndarray, k: int, only: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """(chunk id, cosine similarity), best first; `only` restricts to those chunk ids."""
        if only is not None and not only:
            return []
        query = np.ascontiguousarray(vector, dtype=np.float32).reshape(-1)
        found = [hit for s in self.segments for hit in s.dense_search(query, k, only)]
        return sorted(found, key=lambda pair: -pair[1])[:k]

    @_reading
    def lexical_search(
        self,
        match: str,
        k: int,
        only_docs: Sequence[str] | None = None,
        rows: int = 0,
        regions: Sequence[str] | None = None,
        sections: Sequence[SectionRange] | None = None,
    ) -> list[tuple[int, float]]:
        """FTS5 MATCH expression → (chunk id, BM25 score, higher is better), of these
        documents, regions and sections (None: all). Each segment scores with its own statistics
        (a merge makes them one), and with `rows` only its newest `rows` rows matched."""
        if not match:
            return []
        found = [
            hit
            for s in self.segments
            for hit in s.lexical_search(match, k, only_docs, rows, regions, sections)
        ]
        return sorted(found, key=lambda pair: -pair[1])[:k]

    def close(self) -> None:
        """Close every thread's connections and release the folder (only when no thread uses
        the version any more)."""
        self._closer()
