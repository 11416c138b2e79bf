"""The index folder: which version is live, one writer at a time, and writing a new version.

See `version.py` for the layout. A write copies the live version into a new folder, changes it,
and switches CURRENT to it with an atomic rename: a crash never leaves a half-written index, and
readers keep the version they opened until they choose to reload. Pruning keeps the live version
and the newest complete ones before it; folders without a manifest (left by a killed writer) are
junk, and a version a reader still holds is left for a later run. A write that fails for want of
space or permission raises IndexUnwritable and leaves the live version as it was.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ExtractionError, IndexLocked, IndexNotFound, IndexUnwritable
from ..types import Chunk, Document
from .rows import (
    document_from_row,
    document_sections,
    meta_to_json,
    report_to_json,
    spans_to_json,
)
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
    VersionGone,
    connect,
    damaged,
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
        """The live version, held open (and kept on disk) until it is closed."""
        for _ in range(10):  # a writer may switch and prune between our reading and opening
            version = self.current_version()
            if version is None:
                raise IndexNotFound(
                    f"no index at {self.folder}: build one with `assistant index --index "
                    f"{self.folder} PATH…` (or point ASSISTANT_INDEX / --index at an existing "
                    "one)."
                )
            with contextlib.suppress(VersionGone):
                return IndexVersion(self.folder, version, model)
        raise IndexLocked(f"the index at {self.folder} keeps changing under us; try again.")

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = open(self.folder / LOCK, "a+")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise self._unwritable(exc) from exc
        with handle:
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
        try:
            path.mkdir(parents=True)
            if base is not None:
                try:
                    src = connect(self.folder / base / DATABASE, readonly=True)
                    dst = sqlite3.connect(path / DATABASE)
                    with dst:
                        src.backup(dst)
                    src.close()
                    dst.close()
                except sqlite3.DatabaseError as exc:
                    if _write_failure(exc) is None:
                        raise damaged(self.folder, base, exc) from exc
                    raise
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
        except (OSError, sqlite3.Error, RuntimeError) as exc:
            shutil.rmtree(path, ignore_errors=True)
            if _write_failure(exc) is None:
                raise
            raise self._unwritable(exc) from exc
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        with contextlib.suppress(OSError):  # the new version is live; tidying can wait
            self._prune(keep=int(settings.get("keep_versions", 2)))

    def _unwritable(self, exc: BaseException) -> IndexUnwritable:
        why = _write_failure(exc) or str(exc)
        live = self.current_version()
        kept = f"the live version {live} is unchanged" if live else "no index was written"
        if "space" in why:
            fix = "free some space, or point --index / ASSISTANT_INDEX at another disk"
        elif "permission" in why or "read-only" in why:
            fix = "make the folder writable, or point --index / ASSISTANT_INDEX at one that is"
        else:
            fix = (
                "check that the disk has free space and the folder is writable, or point "
                "--index / ASSISTANT_INDEX elsewhere"
            )
        return IndexUnwritable(
            f"cannot write the index at {self.folder}: {why}. Nothing was lost ({kept}); "
            f"{fix}, and run again."
        )

    def _prune(self, keep: int) -> None:
        """Keep the live version and the keep-1 newest complete ones before it; drop older ones
        and folders without a manifest (half-written by a killed writer). A version a reader
        holds is left for a later run. Called with the writer's lock held."""
        live = self.current_version()
        if live is None:
            return
        folders = [p for p in self.folder.glob("v*") if p.is_dir() and p.name != live]
        finished = {
            p: (p / MANIFEST).stat().st_mtime_ns for p in folders if (p / MANIFEST).is_file()
        }
        live_time = (self.folder / live / MANIFEST).stat().st_mtime_ns
        older = sorted((t, p.name) for p, t in finished.items() if t <= live_time)
        kept = {name for _, name in older[max(0, len(older) - (keep - 1)) :]} if keep > 1 else set()
        for folder in folders:
            if folder.name not in kept:
                _remove_unused(folder)


def _remove_unused(folder: Path) -> None:
    """Delete a version folder unless a reader holds it (a shared lock on the folder)."""
    try:
        hold = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        fcntl.flock(hold, fcntl.LOCK_EX | fcntl.LOCK_NB)
        shutil.rmtree(folder, ignore_errors=True)
    except BlockingIOError:
        pass  # in use: a later run prunes it
    finally:
        os.close(hold)


_NO_SPACE = "no space left on the device"
_WRITE_ERRNOS = {
    errno.ENOSPC: _NO_SPACE,
    errno.EDQUOT: "the disk quota is used up (no space left for this user)",
    errno.EFBIG: "a file grew too large for the limit on file sizes (no space for it)",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "an input/output error on the disk",
}
_SQLITE_WRITE = {
    "disk is full": _NO_SPACE,
    "readonly database": "the folder or database is read-only",
    "disk i/o error": "an input/output error while writing (a full disk?)",
    "unable to open database": "the database file cannot be created (permission denied?)",
}


def _write_failure(exc: BaseException) -> str | None:
    """What a failed write ran into, when it is the disk or the permissions (else None)."""
    if isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS:
        return _WRITE_ERRNOS[exc.errno]
    text = str(exc).lower()
    if isinstance(exc, sqlite3.Error):
        return next((why for key, why in _SQLITE_WRITE.items() if key in text), None)
    if isinstance(exc, RuntimeError) and "write" in text:  # faiss.write_index
        return "the vectors could not be written (no space left, or read-only?)"
    return None


class Writer:
    """Changes to a version being written."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @contextlib.contextmanager
    def document(self, path: str) -> Iterator[None]:
        """The changes of one document, all or none: data the database refuses becomes an
        ExtractionError of that document (the rest is stored); a full disk stops the write."""
        self.conn.execute("SAVEPOINT document")
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError) as exc:
            self.conn.execute("ROLLBACK TO document")
            self.conn.execute("RELEASE document")
            raise ExtractionError(path, f"cannot be stored in the index ({exc}).") from exc
        self.conn.execute("RELEASE document")

    def documents(self) -> dict[str, Document]:
        rows = self.conn.execute("SELECT * FROM documents").fetchall()
        sections = document_sections(self.conn)
        return {r["path"]: document_from_row(r, sections.get(r["id"], ())) for r in rows}

    def remove(self, doc_id: str) -> None:
        ids = [r[0] for r in self.conn.execute("SELECT id FROM chunks WHERE doc_id = ?", (doc_id,))]
        self.conn.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(i,) for i in ids])
        self.conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM sections WHERE doc_id = ?", (doc_id,))
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
                report_to_json(doc.report),
                len(chunks),
                doc.mtime,
                doc.size,
            ),
        )
        self.conn.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
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
            ],
        )
        for chunk, vector, (offsets, sentence_vectors) in zip(
            chunks, vectors, sentences, strict=True
        ):
            cursor = self.conn.execute(
                "INSERT INTO chunks (doc_id, ordinal, text, spans, n_tokens, vector, sentences, "
                "sentence_vectors, region, section, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.id,
                    chunk.ordinal,
                    chunk.text,
                    spans_to_json(chunk.spans),
                    chunk.n_tokens,
                    np.asarray(vector, dtype=np.float32).tobytes(),
                    json.dumps(offsets),
                    np.ascontiguousarray(sentence_vectors, dtype=np.float32).tobytes(),
                    chunk.region,
                    chunk.section,
                    json.dumps(list(chunk.notes)),
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
