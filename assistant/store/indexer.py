"""Indexing: files → extract → labels → clean → chunk → embed → store, incrementally.

Unchanged files (same path, size and modification time, or same bytes) are skipped without
loading the model; changed files are re-embedded; files gone from an indexed folder are removed.
Files that cannot be read are reported with the reason and skipped; the rest goes on.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import AssistantError, ExtractionError, NoTextFound
from ..ingest.chunk import chunk_pages, prose_sentences
from ..ingest.clean import clean_pages
from ..ingest.extract import SUPPORTED_SUFFIXES, extract
from ..ingest.labels import assign_labels
from ..ingest.manifest import MANIFEST_NAME, find_manifest, load_manifest
from ..settings import Settings
from ..types import Chunk, Document, Failure, IndexResult, IngestReport, Metadata, Page
from .embed import Embedder, SentenceTransformerEmbedder
from .folder import Store
from .version import SentenceVectors

log = logging.getLogger(__name__)

#: progress events: (stage, done, total, current file name)
Progress = Callable[[str, int, int, str], None]
CHUNKER_VERSION = 1
#: a page with fewer characters than this is reported as having no text (image-only, needs OCR)
MIN_PAGE_CHARS = 20
STAGES = ("parse", "clean", "chunk", "embed", "store")


@dataclass
class _Prepared:
    doc: Document
    chunks: list[Chunk]
    vectors: np.ndarray | None = None
    sentences: list[SentenceVectors] = field(default_factory=list)


@dataclass
class _Plan:
    todo: list[tuple[Path, str, float, int]] = field(default_factory=list)  # path, sha, mtime, size
    touch: list[Document] = field(default_factory=list)
    remove: list[Document] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Failure], list[Path]]:
    """Files to index, failures for paths that cannot be indexed, and the folders walked."""
    files: list[Path] = []
    failures: list[Failure] = []
    roots: list[Path] = []
    for given in paths:
        path = given.expanduser().resolve()
        if path.is_dir():
            roots.append(path)
            for item in sorted(path.rglob("*")):
                if not item.is_file() or any(
                    p.startswith(".") for p in item.relative_to(path).parts
                ):
                    continue
                if item.name == MANIFEST_NAME:
                    continue
                if item.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(item)
                else:
                    failures.append(Failure(str(item), _unsupported(item)))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(path)
            else:
                failures.append(Failure(str(path), _unsupported(path)))
        else:
            failures.append(Failure(str(path), "no such file or folder"))
    return list(dict.fromkeys(files)), failures, roots


def _unsupported(path: Path) -> str:
    return f"unsupported file type {path.suffix or '(none)'!r}; supported: " + ", ".join(
        sorted(SUPPORTED_SUFFIXES)
    )


def fallback_metadata(path: Path, info_title: str = "", info_author: str = "") -> Metadata:
    """Metadata for a document the manifest does not list: PDF info, else the file name."""
    year_match = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", path.stem)
    year = int(year_match.group(0)) if year_match else None
    if info_title and len(info_title) > 3 and not info_title.lower().endswith((".doc", ".pdf")):
        authors = tuple(a.strip() for a in re.split(r";|,| and ", info_author) if a.strip())
        return Metadata(title=info_title, authors=authors, year=year, source="pdf info")
    title = re.sub(r"[-_]+", " ", path.stem).strip()
    return Metadata(title=title, year=year, source="file name")


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
        if self._embedder is None:
            self._embedder = SentenceTransformerEmbedder(
                self.settings.model, self.settings.device, self.settings.batch_size
            )
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
        files, failures, roots = discover(paths)
        metadata = self._metadata(files, roots, manifest)
        with self.store.lock():
            existing = self._existing(rebuild)
            plan = self._plan(files, existing, metadata, roots if prune else [])
            plan.failed[:0] = failures
            prepared = self._prepare(plan, metadata, timings)
            # a changed file that now fails keeps its previous version in the index
            failed = {f.path for f in plan.failed}
            plan.remove = [d for d in plan.remove if d.path not in failed]
            if prepared or plan.touch or plan.remove or rebuild:
                t = time.perf_counter()
                self._write(prepared, plan, existing, rebuild)
                timings["store"] += time.perf_counter() - t
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
        )

    # -- planning -------------------------------------------------------------------------

    def _metadata(
        self, files: Iterable[Path], roots: Sequence[Path], manifest: Path | None
    ) -> dict[Path, Metadata]:
        """The manifest entry of each file: --manifest, else sources.toml beside it or above."""
        tables: dict[Path, dict[str, Metadata]] = {}
        result: dict[Path, Metadata] = {}
        for path in files:
            found = manifest or find_manifest(path.parent)
            if found is None:
                continue
            if found not in tables:
                tables[found] = load_manifest(found)
            meta = tables[found].get(path.name)
            if meta is not None:
                result[path] = meta
        return result

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
    ) -> _Plan:
        plan = _Plan()
        by_id = {d.id: d for d in existing.values()}
        seen_ids: set[str] = set()
        for path in files:
            key = str(path)
            stat = path.stat()
            old = existing.get(key)
            if old and old.size == stat.st_size and old.mtime == stat.st_mtime:
                sha = old.id
            else:
                sha = sha256_file(path)
            if sha in seen_ids:
                plan.failed.append(Failure(key, "same bytes as another file in this run; skipped"))
                continue
            seen_ids.add(sha)
            same = by_id.get(sha)
            if same is not None:
                meta = metadata.get(path) or (
                    same.meta if same.meta.source != "file name" else fallback_metadata(path)
                )
                doc = Document(
                    same.id,
                    key,
                    path.name,
                    meta,
                    same.report,
                    same.n_chunks,
                    stat.st_mtime,
                    stat.st_size,
                )
                if doc != same:
                    plan.touch.append(doc)
                plan.unchanged.append(path.name)
            else:
                plan.todo.append((path, sha, stat.st_mtime, stat.st_size))
        present = {str(p) for p in files}
        moved = {d.id for d in plan.touch}
        changed = {str(p) for p, *_ in plan.todo}
        for doc in existing.values():
            inside = any(Path(doc.path).is_relative_to(root) for root in roots)
            gone = doc.path not in present and doc.id not in moved
            if (gone and inside) or doc.path in changed:
                plan.remove.append(doc)
        return plan

    # -- preparing documents -------------------------------------------------------------

    def _prepare(
        self, plan: _Plan, metadata: dict[Path, Metadata], timings: dict[str, float]
    ) -> list[_Prepared]:
        prepared: list[_Prepared] = []
        total = len(plan.todo)
        for number, (path, sha, mtime, size) in enumerate(plan.todo, start=1):
            self.progress("parse", number - 1, total, path.name)
            try:
                prepared.append(self._prepare_one(path, sha, mtime, size, metadata, timings))
            except AssistantError as exc:
                reason = exc.reason if isinstance(exc, ExtractionError) else str(exc)
                plan.failed.append(Failure(str(path), reason))
                log.warning("%s: %s", path, reason)
            except Exception as exc:  # a damaged file must not stop the run
                plan.failed.append(Failure(str(path), f"unexpected error while reading: {exc!r}"))
                log.exception("%s: unexpected error", path)
        self.progress("parse", total, total, "")
        # one encode call: every chunk, then every distinct prose sentence (answers quote them;
        # overlapping chunks share sentences, which are embedded once)
        chunks = [c for p in prepared for c in p.chunks]
        offsets = [prose_sentences(c.text) for c in chunks]
        distinct = list(
            dict.fromkeys(c.text[a:b] for c, o in zip(chunks, offsets, strict=True) for a, b in o)
        )
        texts = [c.text for c in chunks] + distinct
        if texts:
            t = time.perf_counter()
            vectors = self.embedder.encode(
                texts, progress=lambda done, n: self.progress("embed", done, n, "")
            )
            timings["embed"] += time.perf_counter() - t
            row_of = {sentence: len(chunks) + i for i, sentence in enumerate(distinct)}
            row = 0
            for item in prepared:
                item.vectors = vectors[row : row + len(item.chunks)]
                for chunk, found in zip(
                    item.chunks, offsets[row : row + len(item.chunks)], strict=True
                ):
                    rows = [row_of[chunk.text[a:b]] for a, b in found]
                    item.sentences.append((tuple(found), vectors[rows]))
                row += len(item.chunks)
        return prepared

    def _prepare_one(
        self,
        path: Path,
        sha: str,
        mtime: float,
        size: int,
        metadata: dict[Path, Metadata],
        timings: dict[str, float],
    ) -> _Prepared:
        t = time.perf_counter()
        extracted = extract(path)
        labels = assign_labels(extracted.pages)
        t2 = time.perf_counter()
        timings["parse"] += t2 - t
        cleaned = clean_pages([p.text for p in extracted.pages])
        pages = [
            Page(raw.pdf_index, label, text)
            for raw, label, text in zip(extracted.pages, labels.labels, cleaned.pages, strict=True)
        ]
        t3 = time.perf_counter()
        timings["clean"] += t3 - t2
        empty = tuple(p.pdf_index or 0 for p in pages if len(p.text) < MIN_PAGE_CHARS)
        if len(empty) == len(pages):
            raise NoTextFound(
                str(path),
                "no extractable text on any page (image-only or scanned?): run OCR on it first "
                "(e.g. `ocrmypdf in.pdf out.pdf`) and index the result.",
            )
        embedder = self.embedder
        max_tokens = min(self.settings.chunk_tokens, embedder.max_tokens)
        chunks = chunk_pages(
            sha,
            pages,
            embedder.count_tokens,
            max_tokens,
            min(self.settings.overlap_tokens, max_tokens // 2),
        )
        timings["chunk"] += time.perf_counter() - t3
        if not chunks:
            raise NoTextFound(str(path), "the text produced no passages to index.")
        warnings = list(extracted.warnings) + list(labels.notes)
        if any(r.startswith("private-use glyphs") for r in cleaned.repairs):
            warnings.append(
                "glyphs without a Unicode mapping were dropped (often digits set in a special "
                "font): some numbers may be missing from the text"
            )
        if empty and pages[0].pdf_index is not None:
            warnings.append(
                f"{len(empty)} page(s) without text (image-only? OCR needed): " + _ranges(empty)
            )
        report = IngestReport(
            file=path.name,
            pages=len(pages) if pages[0].pdf_index is not None else 0,
            pages_without_text=empty if pages[0].pdf_index is not None else (),
            label_source=labels.source,
            extractor=extracted.extractor,
            repairs=extracted.repairs + cleaned.repairs,
            warnings=tuple(warnings),
        )
        meta = metadata.get(path) or fallback_metadata(
            path, extracted.info_title, extracted.info_author
        )
        doc = Document(sha, str(path), path.name, meta, report, len(chunks), mtime, size)
        return _Prepared(doc, chunks)

    # -- writing ---------------------------------------------------------------------------

    def _write(
        self,
        prepared: Sequence[_Prepared],
        plan: _Plan,
        existing: dict[str, Document],
        rebuild: bool,
    ) -> None:
        if prepared or rebuild or not self.store.exists():
            dimension = self.embedder.dimension
        else:
            version = self.store.open()
            dimension = version.dimension
            version.close()
        with self.store.writer(self._store_settings(dimension), fresh=rebuild) as writer:
            for doc in plan.remove:
                writer.remove(doc.id)
            for doc in plan.touch:
                writer.update(doc)
            total = len(prepared)
            for number, item in enumerate(prepared, start=1):
                assert item.vectors is not None  # set by _prepare for every prepared document
                writer.add(item.doc, item.chunks, item.vectors, item.sentences)
                self.progress("store", number, total, item.doc.file)


def _ranges(numbers: Sequence[int]) -> str:
    """1,2,3,5 → '1-3, 5'."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(parts)
