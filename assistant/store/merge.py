"""Merging segments: which to merge (the policy), and writing the merged one.

The policy keeps the segments few: past MAX_SEGMENTS, the smallest are merged into one until
half that many are left, so a merge costs about the size of the small segments, not the index;
a segment whose documents are all deleted goes at the next merge. `optimize` merges them all.
A merge copies the live rows of every table (see `segment.py`), rebuilds the lexical index and
extends the largest source's trained IVF index when there is one."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from .dense import DENSE_FILE, build, choose
from .segment import (
    DATABASE,
    DOCUMENT_TABLES,
    SCHEMA,
    Entry,
    Segment,
    connect,
    lexical_text,
    marks,
    seal,
    vector_batches,
)

MAX_SEGMENTS = 8


def merge_plan(segments: Sequence[tuple[Entry, int]], optimize: bool = False) -> set[str]:
    """Names of the segments to merge, given (entry, live chunks) oldest first."""
    if optimize:
        if len(segments) == 1 and not (segments[0][0].gone or segments[0][0].moved):
            return set()
        return {e.name for e, _ in segments}
    empty = {
        e.name for e, live in segments if live == 0 and len(e.gone) + len(e.moved) >= e.documents
    }
    if len(segments) <= MAX_SEGMENTS:
        return empty if empty else set()
    by_size = sorted(segments, key=lambda pair: pair[1])
    extra = len(segments) - MAX_SEGMENTS // 2 + 1
    return {e.name for e, _ in by_size[:extra]} | empty


def merge(sources: Sequence[Segment], path: Path, dim: int, kind: str) -> Entry | None:
    """Write the merged segment at `path`; None if nothing in the sources is live."""
    path.mkdir(parents=True)
    conn = connect(path / DATABASE, readonly=False)
    try:
        conn.executescript(SCHEMA)
        for number, source in enumerate(sources):
            _copy(conn, source, f"src{number}")
        conn.create_function("lexical_text", 2, lexical_text, deterministic=True)
        conn.execute(
            "INSERT INTO chunks_fts (rowid, text) SELECT id, lexical_text(text, terms) FROM chunks"
        )
        conn.commit()
        count = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
        documents = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        if not count and not documents:
            conn.close()
            import shutil

            shutil.rmtree(path)
            return None
        built = choose(kind, count)
        base = max(sources, key=lambda s: s.entry.chunks)
        if built == "ivf" and base.entry.dense == "ivf":
            skip = frozenset(
                str(r[0]) for r in base.db.execute("SELECT DISTINCT doc_id FROM chunks")
            )
            built = build(
                kind,
                dim,
                lambda: vector_batches(conn, dim, skip),
                count,
                path / DENSE_FILE,
                base=base.path / DENSE_FILE,
                removed=sorted(base.dead),
            )
        else:
            built = build(kind, dim, lambda: vector_batches(conn, dim), count, path / DENSE_FILE)
    finally:
        conn.close()
    seal(path)
    return Entry(path.name, count, built, documents)


def _copy(conn: sqlite3.Connection, source: Segment, alias: str) -> None:
    """The live rows of every table of a source segment (documents and their own rows if not
    hidden; rows of other tables whose document is not deleted)."""
    conn.execute(f"ATTACH DATABASE ? AS {alias}", (str(source.path / DATABASE),))
    try:
        tables = [
            r[0]
            for r in conn.execute(
                f"SELECT name FROM {alias}.sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'chunks_fts%' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA {alias}.table_info({table})")]
            if table in DOCUMENT_TABLES:
                hidden = sorted(source.hidden)
                key = "id" if table == "documents" else "doc_id"
                where, params = f"{key} NOT IN ({marks(hidden)})", hidden
            elif "doc_id" in columns:
                gone = sorted(source.gone)
                where, params = f"doc_id NOT IN ({marks(gone)})", gone
            else:
                where, params = "1", []
            names = ", ".join(columns)
            conn.execute(
                f"INSERT INTO main.{table} ({names}) SELECT {names} FROM {alias}.{table} "
                f"WHERE {where}",
                params,
            )
        conn.commit()
    finally:
        conn.execute(f"DETACH DATABASE {alias}")
