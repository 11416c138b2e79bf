"""Indexing: files → extract → labels → clean → chunk → embed → store, incrementally.

Unchanged files (same path, size and modification time, or same bytes) are skipped without
loading the model; changed files are re-embedded; files gone from an indexed folder are removed.
Each file is read in a worker process under a memory and time budget (`ingest/reader.py`).
Whatever goes wrong with one file — it cannot be listed, stat'ed, hashed, read, cleaned or
stored — is reported with the reason as a failure of that file; the rest goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..errors import AssistantError, ExtractionError, NoTextFound
from ..ingest.acronyms import passage_terms
from ..ingest.chunk import chunk_pages
from ..ingest.files import discover, sha256_file, shown, unreadable
from ..ingest.manifest import manifest_entries
from ..ingest.metadata import fallback_metadata, with_chapters
from ..ingest.ocr import LOW_CONFIDENCE, MIN_PAGE_CHARS
from ..ingest.pipeline import no_text_reason, page_ranges
from ..ingest.reader import Budget, Reader
from ..settings import Settings
from ..types import Chunk, Document, Failure, IndexResult, IngestReport, Metadata
from .embed import Embedder
from .folder import Store
from .models import ensure_export, indexing_embedder

log = logging.getLogger(__name__)

#: progress events: (stage, done, total, current file name)
Progress = Callable[[str, int, int, str], None]
CHUNKER_VERSION = 2  # 2: regions, sections, footnotes as passages of their own
STAGES = ("parse", "ocr", "clean", "chunk", "embed", "store")
#: files this small are read in planning, to tell empty ones (white space only) from duplicates
SMALL_FILE = 1024


@dataclass
class _Prepared:
    doc: Document
    chunks: list[Chunk]
    vectors: np.ndarray | None = None
    terms: list[str] = field(default_factory=list)  # extra lexical words of each chunk


@dataclass
class _Plan:
    todo: list[tuple[Path, str, float, int]] = field(default_factory=list)  # path, sha, mtime, size
    touch: list[Document] = field(default_factory=list)
    remove: list[Document] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def fail(self, path: Path, reason: str) -> None:
        self.failed.append(Failure(shown(path), reason))
        log.warning("%s: %s", shown(path), reason)


class Indexer:
    """Builds and updates the index in `settings.index`."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.store = Store(settings.index)
        self._embedder = embedder
        self.progress = progress or (lambda stage, done, total, name: None)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:  # the ONNX export when it is there (see models.py)
            self._embedder = indexing_embedder(self.settings)
        return self._embedder

    def _store_settings(self, dimension: int) -> dict[str, object]:
        s = self.settings
        return {
            "model": s.model,
            "dimension": dimension,
            "faiss_type": s.faiss_type,
            "chunker": {
                "version": CHUNKER_VERSION,
                "chunk_tokens": s.chunk_tokens,
                "overlap_tokens": s.overlap_tokens,
            },
            "keep_versions": s.keep_versions,
        }

    def run(
        self,
        paths: Sequence[Path],
        manifest: Path | None = None,
        rebuild: bool = False,
        prune: bool = True,
    ) -> IndexResult:
        timings = dict.fromkeys(STAGES, 0.0)
        started = time.perf_counter()
        found = discover(paths)
        metadata, warnings = manifest_entries(found.files, found.roots, manifest)
        with self.store.lock(), Reader(Budget.of(self.settings)) as reader:
            existing = self._existing(rebuild)
            plan = self._plan(found.files, existing, metadata, found.roots if prune else [], reader)
            plan.failed[:0] = found.failures
            prepared = self._prepare(plan, metadata, timings, reader)
            reader.close()
            # a changed file that now fails keeps its previous version in the index
            failed = {f.path for f in plan.failed}
            plan.remove = [d for d in plan.remove if d.path not in failed]
            if prepared or plan.touch or plan.remove or rebuild:
                t = time.perf_counter()
                prepared = self._write(prepared, plan, existing, rebuild)
                timings["store"] += time.perf_counter() - t
                if self._embedder is not None:  # questions then go without torch
                    ensure_export(self.settings, self._embedder)
        timings["total"] = time.perf_counter() - started
        known = {d.path: d for d in existing.values()}
        replaced = {p.doc.path for p in prepared}
        return IndexResult(
            added=tuple(p.doc.file for p in prepared if p.doc.path not in known),
            updated=tuple(p.doc.file for p in prepared if p.doc.path in known),
            removed=tuple(d.file for d in plan.remove if d.path not in replaced),
            unchanged=tuple(plan.unchanged),
            failed=tuple(plan.failed),
            timings=timings,
            chunks_embedded=sum(len(p.chunks) for p in prepared),
            warnings=tuple(warnings),
        )

    def optimize(self) -> float:
        """Merge the index's segments into one, dropping deleted documents; the seconds taken."""
        started = time.perf_counter()
        with self.store.lock():
            version = self.store.open(model=self.settings.model)  # raises IndexMismatch
            dimension = version.dimension
            version.close()
            self.store.optimize(self._store_settings(dimension))
        return time.perf_counter() - started

    # -- planning -------------------------------------------------------------------------

    def _existing(self, rebuild: bool) -> dict[str, Document]:
        if rebuild or not self.store.exists():
            return {}
        version = self.store.open(model=self.settings.model)  # raises IndexMismatch
        try:
            return {d.path: d for d in version.documents()}
        finally:
            version.close()

    def _plan(
        self,
        files: Sequence[Path],
        existing: dict[str, Document],
        metadata: dict[Path, Metadata],
        roots: Sequence[Path],
        reader: Reader,
    ) -> _Plan:
        plan = _Plan()
        by_id = {d.id: d for d in existing.values()}
        seen_ids: set[str] = set()
        seen_keys: dict[str, Path] = {}
        present: set[str] = set()
        for path in files:
            key = shown(path)
            if key in seen_keys:
                plan.fail(
                    path,
                    f"its name reads the same as {shown(seen_keys[key].name)!r} once bytes that "
                    "are not UTF-8 are written as \\xNN; rename one of the two",
                )
                continue
            seen_keys[key] = path
            try:
                stat = path.stat()
                old = existing.get(key)
                if old and old.size == stat.st_size and old.mtime == stat.st_mtime:
                    sha = old.id
                elif stat.st_size < SMALL_FILE and not path.read_bytes().strip():
                    plan.fail(path, "the file is empty.")
                    continue
                else:
                    sha = sha256_file(path)
            except OSError as exc:
                plan.fail(path, unreadable(exc))
                continue
            present.add(key)
            if sha in seen_ids:
                plan.fail(path, "same bytes as another file in this run; skipped")
                continue
            seen_ids.add(sha)
            same = by_id.get(sha)
            if same is not None:
                meta = metadata.get(path) or self._former_metadata(same, path, reader)
                name = shown(path.name)
                doc = replace(
                    same, path=key, file=name, meta=meta, mtime=stat.st_mtime, size=stat.st_size
                )
                if doc != same:
                    plan.touch.append(doc)
                plan.unchanged.append(doc.file)
            else:
                plan.todo.append((path, sha, stat.st_mtime, stat.st_size))
        moved = {d.id for d in plan.touch}
        changed = {shown(p) for p, *_ in plan.todo}
        for doc in existing.values():
            inside = any(Path(doc.path).is_relative_to(shown(root)) for root in roots)
            gone = doc.path not in present and doc.id not in moved
            if (gone and inside) or doc.path in changed:
                plan.remove.append(doc)
        return plan

    @staticmethod
    def _former_metadata(same: Document, path: Path, reader: Reader) -> Metadata:
        """Metadata for an unchanged file the manifest does not (or no longer) list: what it
        had, unless that came from a manifest entry since deleted or from its old name."""
        if same.meta.source in ("pdf info", "heading", "first pages"):
            return same.meta
        if same.meta.source == "manifest":
            try:
                return with_chapters(fallback_metadata(path, *reader.info(path)), same.sections)
            except ExtractionError:
                pass
        return with_chapters(fallback_metadata(path), same.sections)

    # -- preparing documents -------------------------------------------------------------

    def _prepare(
        self,
        plan: _Plan,
        metadata: dict[Path, Metadata],
        timings: dict[str, float],
        reader: Reader,
    ) -> list[_Prepared]:
        prepared: list[_Prepared] = []
        total = len(plan.todo)
        for number, (path, sha, mtime, size) in enumerate(plan.todo, start=1):
            self.progress("parse", number - 1, total, shown(path.name))
            try:
                prepared.append(
                    self._prepare_one(reader, path, sha, mtime, size, metadata, timings)
                )
            except AssistantError as exc:
                plan.fail(path, exc.reason if isinstance(exc, ExtractionError) else str(exc))
            except Exception as exc:  # a damaged file must not stop the run
                plan.fail(path, f"unexpected error while reading: {exc!r}")
                log.exception("%s: unexpected error", shown(path))
        self.progress("parse", total, total, "")
        # one encode call, one forward pass per chunk: nothing else is embedded (an answer
        # embeds the sentences of the passages it reads, `Retriever.sentences`)
        chunks = [c for p in prepared for c in p.chunks]
        if chunks:
            t = time.perf_counter()
            # the chunk's text alone: with the other form of its acronyms appended (as the
            # lexical index has it) books-dev R@5 fell 0.958 -> 0.917
            vectors = self.embedder.encode(
                [c.text for c in chunks],
                progress=lambda done, n: self.progress("embed", done, n, ""),
            )
            timings["embed"] += time.perf_counter() - t
            self.progress("embed", len(chunks), len(chunks), "")
            row = 0
            for item in prepared:
                item.vectors = vectors[row : row + len(item.chunks)]
                row += len(item.chunks)
        return prepared

    def _prepare_one(
        self,
        reader: Reader,
        path: Path,
        sha: str,
        mtime: float,
        size: int,
        metadata: dict[Path, Metadata],
        timings: dict[str, float],
    ) -> _Prepared:
        t = time.perf_counter()
        name = shown(path.name)
        read = reader.read(path, sha, lambda stage, done, n: self.progress(stage, done, n, name))
        t3 = time.perf_counter()
        timings["parse"] += t3 - t - read.clean_seconds - read.ocr_seconds
        timings["ocr"] += read.ocr_seconds
        timings["clean"] += read.clean_seconds
        pages = read.pages
        empty = tuple(
            p.pdf_index or 0 for p in pages if len(p.text) < MIN_PAGE_CHARS and not p.footnotes
        )
        if len(empty) == len(pages):
            raise NoTextFound(str(path), no_text_reason(read, self.settings.ocr))
        embedder = self.embedder
        max_tokens = min(self.settings.chunk_tokens, embedder.max_tokens)
        chunks = chunk_pages(
            sha,
            pages,
            embedder.count_tokens,
            max_tokens,
            min(self.settings.overlap_tokens, max_tokens // 2),
            read.sections,
        )
        timings["chunk"] += time.perf_counter() - t3
        if not chunks:
            raise NoTextFound(str(path), "the text produced no passages to index.")
        warnings = list(read.warnings)
        if any(r.startswith("private-use glyphs") for r in read.repairs):
            warnings.append(
                "glyphs without a Unicode mapping were dropped (often digits set in a special "
                "font): some numbers may be missing from the text"
            )
        if empty and pages[0].pdf_index is not None:
            warnings.append(f"{len(empty)} page(s) without text: " + page_ranges(empty))
        if read.ocr_low:
            warnings.append(
                f"{len(read.ocr_low)} page(s) read by OCR with low confidence (mean word "
                f"confidence under {LOW_CONFIDENCE:g}): {page_ranges(read.ocr_low)}; check their "
                "text, or scan them again at a higher resolution"
            )
        regions: dict[str, int] = {}
        for chunk in chunks:
            regions[chunk.region] = regions.get(chunk.region, 0) + 1
        report = IngestReport(
            file=shown(path.name),
            pages=len(pages) if pages[0].pdf_index is not None else 0,
            pages_without_text=empty if pages[0].pdf_index is not None else (),
            label_source=read.label_source,
            extractor=read.extractor,
            repairs=read.repairs,
            warnings=tuple(warnings),
            ocr_pages=read.ocr_pages,
            ocr_low=read.ocr_low,
            footnotes=sum(len(p.footnotes) for p in pages),
            regions=regions,
        )
        meta = metadata.get(path) or fallback_metadata(
            path, read.info_title, read.info_author, read.printed
        )
        meta = with_chapters(meta, read.sections)
        doc = Document(
            sha, shown(path), name, meta, report, len(chunks), mtime, size, read.sections
        )
        return _Prepared(doc, chunks, terms=passage_terms(c.text for c in chunks))

    # -- writing ---------------------------------------------------------------------------

    def _write(
        self,
        prepared: Sequence[_Prepared],
        plan: _Plan,
        existing: dict[str, Document],
        rebuild: bool,
    ) -> list[_Prepared]:
        """Write the new version; return the documents stored (a document the database refuses
        is a failure of that file, and its previous version stays)."""
        if prepared or rebuild or not self.store.exists():
            dimension = self.embedder.dimension
        else:
            version = self.store.open()
            dimension = version.dimension
            version.close()
        new_paths = {item.doc.path for item in prepared}
        previous = {d.path: d for d in plan.remove if d.path in new_paths}
        stored: list[_Prepared] = []
        with self.store.writer(self._store_settings(dimension), fresh=rebuild) as writer:
            for doc in plan.remove:
                if doc.path not in previous:
                    writer.remove(doc.id)
            for doc in plan.touch:
                writer.update(doc)
            total = len(prepared)
            for number, item in enumerate(prepared, start=1):
                assert item.vectors is not None  # set by _prepare for every prepared document
                old = previous.get(item.doc.path)
                try:
                    with writer.document(item.doc.path):
                        if old is not None:
                            writer.remove(old.id)
                        writer.add(item.doc, item.chunks, item.vectors, item.terms)
                except ExtractionError as exc:
                    plan.fail(Path(item.doc.path), exc.reason)
                    if old is not None:
                        plan.remove.remove(old)
                    continue
                stored.append(item)
                self.progress("store", number, total, item.doc.file)
        return stored
