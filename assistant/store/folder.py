"""The index folder: which version is live, one writer at a time, and writing a new version.

See `version.py` for the layout. A write puts the run's documents into a new segment, lists what
it deletes from older segments in the new version's manifest, and switches CURRENT to that
version with an atomic rename: it writes in proportion to the change, a crash never leaves a
half-written index, and readers keep the version they opened until they choose to reload. When
the segments grow many (or on `optimize`), the small ones are merged into one (`merge.py`).
Pruning keeps the live version and the newest complete ones before it, and the segments they
name; other folders (left by a killed writer, or merged away) are junk, and a version a reader
still holds is left for a later run. A write that fails for want of space or permission raises
IndexUnwritable and leaves the live version as it was.
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
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import IndexLocked, IndexNotFound, IndexUnwritable
from .merge import merge, merge_plan
from .segment import DATABASE, SCHEMA, SEGMENTS, Entry, Segment, connect, finish
from .version import (
    CURRENT,
    FORMAT_VERSION,
    LOCK,
    MANIFEST,
    IndexVersion,
    VersionGone,
    damaged,
)
from .writer import Writer


def new_name(prefix: str) -> str:
    return (
        f"{prefix}{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9:09d}"
    )


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
        """A new version: the live one's segments (none if fresh) and one new segment with the
        documents written; live only if the block succeeds. Call with the lock held."""
        base = None if fresh else self.current_version()
        made: list[Path] = []
        previous: IndexVersion | None = None
        try:
            if base is not None:
                try:
                    previous = IndexVersion(self.folder, base)
                except VersionGone as exc:
                    raise damaged(self.folder, base, exc) from exc
            segment = self.folder / SEGMENTS / new_name("s")
            segment.mkdir(parents=True)
            made.append(segment)
            conn = connect(segment / DATABASE, readonly=False)
            conn.executescript(SCHEMA)
            next_id = int(previous.manifest.get("next_id", 1)) if previous else 1
            writer = Writer(conn, previous.segments if previous else [], next_id)
            yield writer
            conn.commit()
            written = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
            conn.close()
            entries = [
                replace(
                    s.entry,
                    gone=tuple(sorted(set(s.entry.gone) | writer.gone.get(s.entry.name, set()))),
                    moved=tuple(sorted(set(s.entry.moved) | writer.moved.get(s.entry.name, set()))),
                )
                for s in (previous.segments if previous else [])
            ]
            dim = int(settings["dimension"])
            kind = str(settings.get("faiss_type", "auto"))
            if written:
                count, built = finish(segment, kind, dim)
                entries.append(Entry(segment.name, count, built, written))
            else:
                shutil.rmtree(segment)
                made.remove(segment)
            entries = self._merged(entries, settings, made, optimize=bool(settings.get("optimize")))
            self._commit(entries, settings, writer.next_id)
        except (OSError, sqlite3.Error, RuntimeError) as exc:
            for path in made:
                shutil.rmtree(path, ignore_errors=True)
            if _write_failure(exc) is None:
                raise
            raise self._unwritable(exc) from exc
        except BaseException:
            for path in made:
                shutil.rmtree(path, ignore_errors=True)
            raise
        finally:
            if previous is not None:
                previous.close()
        with contextlib.suppress(OSError):  # the new version is live; tidying can wait
            self._prune(keep=int(settings.get("keep_versions", 2)))

    def optimize(self, settings: dict[str, Any]) -> None:
        """Merge every segment into one (deleted documents dropped for good). Lock held."""
        with self.writer({**settings, "optimize": True}):
            pass

    def _merged(
        self, entries: list[Entry], settings: dict[str, Any], made: list[Path], optimize: bool
    ) -> list[Entry]:
        """The entries after the merge the policy (or optimize) asks for, if any."""
        segments = [Segment(self.folder, e, int(settings["dimension"])) for e in entries]
        try:
            chosen = merge_plan([(s.entry, s.live_chunks()) for s in segments], optimize)
            if not chosen:
                return entries
            path = self.folder / SEGMENTS / new_name("s")
            made.append(path)
            merged = merge(
                [s for s in segments if s.entry.name in chosen],
                path,
                int(settings["dimension"]),
                str(settings.get("faiss_type", "auto")),
            )
        finally:
            for segment in segments:
                segment.close()
        if merged is None:
            made.remove(path)
        at = min(i for i, e in enumerate(entries) if e.name in chosen)
        kept = [e for e in entries if e.name not in chosen]
        return kept[:at] + ([merged] if merged else []) + kept[at:]

    def _commit(self, entries: Sequence[Entry], settings: dict[str, Any], next_id: int) -> None:
        """Write the version naming these segments and make it live."""
        name = new_name("v")
        path = self.folder / name
        path.mkdir()
        try:
            documents = 0
            chunks = 0
            for entry in entries:
                documents += entry.documents - len(set(entry.gone) | set(entry.moved))
                chunks += entry.chunks
            manifest = {
                "format": FORMAT_VERSION,
                **{k: v for k, v in settings.items() if k != "optimize"},
                "segments": [e.to_json() for e in entries],
                "next_id": next_id,
                "documents": documents,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            _write_atomic(path / MANIFEST, json.dumps(manifest, indent=1))
            _write_atomic(self.folder / CURRENT, name)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise

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
        """Keep the live version and the keep-1 newest complete ones before it, and the segments
        they name; drop older versions, folders without a manifest (half-written by a killed
        writer) and segments no kept version names. A version a reader holds is left for a
        later run, and so are its segments. Called with the writer's lock held."""
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
        named: set[str] = set()
        for folder in self.folder.glob("v*"):
            try:
                manifest = json.loads((folder / MANIFEST).read_text())
                named.update(str(s["name"]) for s in manifest.get("segments", ()))
            except (OSError, ValueError, KeyError, TypeError):
                if folder.exists() and (folder / MANIFEST).exists():
                    return  # a version we cannot read: delete no segment
        for segment in (self.folder / SEGMENTS).glob("*"):
            if segment.name not in named:
                shutil.rmtree(segment, ignore_errors=True)


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
