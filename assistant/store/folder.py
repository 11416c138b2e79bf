"""The index folder: which version is live, one writer at a time, and writing a new version.

See `version.py` for the layout. A write copies the live version into a new folder, changes it,
and switches CURRENT to it with an atomic rename: a crash never leaves a half-written index, and
readers keep the version they opened until they choose to reload.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import IndexLocked, IndexNotFound
from ..types import Chunk, Document
from .version import (
    CURRENT,
    DATABASE,
    FORMAT_VERSION,
    LOCK,
    MANIFEST,
    SCHEMA,
    VECTORS,
    IndexVersion,
    SentenceVectors,
    connect,
    document_from_row,
    meta_to_json,
    spans_to_json,
)

IVF_MIN_VECTORS = 1000  # fewer vectors cannot train the IVF lists well: a flat index is built


class Store:
    """The index folder: which version is live, opening it, and writing new versions."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def current_version(self) -> str | None:
        try:
            name = (self.folder / CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        return name if name and (self.folder / name / MANIFEST).is_file() else None

    def exists(self) -> bool:
        return self.current_version() is not None

    def open(self, model: str | None = None) -> IndexVersion:
        version = self.current_version()
        if version is None:
            raise IndexNotFound(
                f"no index at {self.folder}: build one with `assistant index --index "
                f"{self.folder} PATH…` (or point ASSISTANT_INDEX / --index at an existing one)."
            )
        return IndexVersion(self.folder, version, model)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / LOCK, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise IndexLocked(
                    f"another process is writing the index at {self.folder}; wait for it to "
                    "finish and run again."
                ) from exc
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def writer(self, settings: dict[str, Any], fresh: bool = False) -> Iterator[Writer]:
        """A new version, started from the live one (or empty); live only if the block succeeds."""
        base = None if fresh else self.current_version()
        name = f"v{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        path = self.folder / name
        path.mkdir(parents=True)
        try:
            if base is not None:
                src = connect(self.folder / base / DATABASE, readonly=True)
                dst = sqlite3.connect(path / DATABASE)
                with dst:
                    src.backup(dst)
                src.close()
                dst.close()
            conn = connect(path / DATABASE, readonly=False)
            if base is None:
                conn.executescript(SCHEMA)
            writer = Writer(conn)
            yield writer
            conn.commit()
            count, built = _build_faiss(conn, path / VECTORS, settings)
            documents = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
            conn.close()
            manifest = {
                "format": FORMAT_VERSION,
                **settings,
                "faiss_built": built,
                "documents": documents,
                "chunks": count,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            _write_atomic(path / MANIFEST, json.dumps(manifest, indent=2))
            _fsync_dir(path)
            _write_atomic(self.folder / CURRENT, name)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        self._prune(keep=int(settings.get("keep_versions", 2)))

    def _prune(self, keep: int) -> None:
        """Keep the live version and the keep-1 before it; drop older ones and any left
        half-written by a killed writer (called with the lock held)."""
        live = self.current_version()
        versions = sorted(p.name for p in self.folder.glob("v*") if p.is_dir())
        if live not in versions:
            return
        older = versions[: versions.index(live)]
        kept = {live, *older[len(older) - (keep - 1) :]} if keep > 1 else {live}
        for name in versions:
            if name not in kept:
                shutil.rmtree(self.folder / name, ignore_errors=True)


class Writer:
    """Changes to a version being written."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def documents(self) -> dict[str, Document]:
        rows = self.conn.execute("SELECT * FROM documents").fetchall()
        return {r["path"]: document_from_row(r) for r in rows}

    def remove(self, doc_id: str) -> None:
        ids = [r[0] for r in self.conn.execute("SELECT id FROM chunks WHERE doc_id = ?", (doc_id,))]
        self.conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(i,) for i in ids])
        self.conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def add(
        self,
        doc: Document,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentences: Sequence[SentenceVectors],
    ) -> None:
        self.conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                doc.path,
                doc.file,
                meta_to_json(doc.meta),
                json.dumps(asdict(doc.report)),
                len(chunks),
                doc.mtime,
                doc.size,
            ),
        )
        for chunk, vector, (offsets, sentence_vectors) in zip(
            chunks, vectors, sentences, strict=True
        ):
            cursor = self.conn.execute(
                "INSERT INTO chunks (doc_id, ordinal, text, spans, n_tokens, vector, sentences, "
                "sentence_vectors) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.id,
                    chunk.ordinal,
                    chunk.text,
                    spans_to_json(chunk.spans),
                    chunk.n_tokens,
                    np.asarray(vector, dtype=np.float32).tobytes(),
                    json.dumps(offsets),
                    np.ascontiguousarray(sentence_vectors, dtype=np.float32).tobytes(),
                ),
            )
            self.conn.execute(
                "INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)", (cursor.lastrowid, chunk.text)
            )

    def update(self, doc: Document) -> None:
        """New path, file time or metadata for a document whose bytes did not change."""
        self.conn.execute(
            "UPDATE documents SET path = ?, file = ?, meta = ?, mtime = ?, size = ? WHERE id = ?",
            (doc.path, doc.file, meta_to_json(doc.meta), doc.mtime, doc.size, doc.id),
        )


def _build_faiss(
    conn: sqlite3.Connection, target: Path, settings: dict[str, Any]
) -> tuple[int, str]:
    """Write the FAISS index of every stored vector; return the count and the type built."""
    import faiss

    dim = int(settings["dimension"])
    rows = conn.execute("SELECT id, vector FROM chunks ORDER BY id").fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    vectors = (
        np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(-1, dim)
        if rows
        else np.zeros((0, dim), dtype=np.float32)
    )
    kind = settings.get("faiss_type", "flat")
    index: Any
    if kind == "ivf" and len(rows) >= IVF_MIN_VECTORS:
        # about 4·√n lists, each with the ≥ 39 training points FAISS asks for
        nlist = max(1, min(int(4 * np.sqrt(len(rows))), len(rows) // 39))
        index = faiss.index_factory(dim, f"IVF{nlist},Flat", faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
    elif kind == "hnsw":
        index = faiss.IndexIDMap2(faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT))
    else:  # flat, and ivf on a corpus too small to train it
        kind = "flat"
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    if len(rows):
        index.add_with_ids(vectors, ids)
    tmp = target.with_suffix(".tmp")
    faiss.write_index(index, str(tmp))
    os.replace(tmp, target)
    return len(rows), kind


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
