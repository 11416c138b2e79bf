from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import IndexMismatch, IndexNotFound
from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.folder import Store, Writer
from assistant.store.indexer import Indexer
from tests.pdfs import image_only_pdf, make_pdf

MANIFEST = """
[[document]]
file = "report.pdf"
title = "Neighbourhood Policing in Two Cities"
authors = ["A. Author", "B. Writer"]
year = 2016
publisher = "Test Press"
"""


def _corpus(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir()
    (root / "sources.toml").write_text(MANIFEST)
    make_pdf(
        docs / "report.pdf",
        [
            ["Title page of the report"],
            ["1", "Foot patrols in the city centre reduced burglary by a third."],
            ["2", "Residents trusted officers who explained their decisions."],
        ],
    )
    (docs / "note.md").write_text("# Note\n\nInterpol links police forces of many countries.\n")
    (docs / "page.html").write_text("<p>The OSCE trains police in human rights.</p>")
    return docs


def _indexer(index: Path, embedder: SentenceTransformerEmbedder | None) -> Indexer:
    return Indexer(Settings(index=index), embedder=embedder)


@pytest.fixture()
def indexed(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> tuple[Path, Path]:
    """The small corpus, indexed once: (docs folder, index folder)."""
    docs = _corpus(tmp_path)
    index = tmp_path / "idx"
    assert _indexer(index, embedder).run([docs]).ok
    return docs, index


def _docs(index: Path) -> dict[str, int]:
    version = Store(index).open()
    try:
        return {d.file: d.n_chunks for d in version.documents()}
    finally:
        version.close()


def test_first_run_indexes_every_format_with_metadata(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    docs = _corpus(tmp_path)
    result = _indexer(tmp_path / "idx", embedder).run([docs])
    assert result.ok
    assert sorted(result.added) == ["note.md", "page.html", "report.pdf"]
    version = Store(tmp_path / "idx").open(model="all-MiniLM-L6-v2")
    report = next(d for d in version.documents() if d.file == "report.pdf")
    assert report.meta.title == "Neighbourhood Policing in Two Cities"
    assert report.meta.authors == ("A. Author", "B. Writer")
    assert report.meta.source == "manifest"
    assert report.report.label_source == "printed-numbers"
    chunk = version.chunks([i for i, _ in version.lexical_search("burglary", 5)])
    (found,) = chunk.values()
    assert [s.label for s in found.spans] == [None, "1", "2"]
    assert found.span_at(found.text.index("burglary")).label == "1"
    note = next(d for d in version.documents() if d.file == "note.md")
    assert note.meta.source == "file name" and note.meta.title == "note"
    assert version.vector_count() == version.chunk_count() == result.chunks_embedded


def test_incremental_add_change_delete_and_unchanged(
    indexed: tuple[Path, Path], embedder: SentenceTransformerEmbedder
) -> None:
    docs, index = indexed

    fresh = SentenceTransformerEmbedder()  # not loaded yet
    unchanged = _indexer(index, fresh).run([docs])
    assert sorted(unchanged.unchanged) == ["note.md", "page.html", "report.pdf"]
    assert unchanged.chunks_embedded == 0
    assert not fresh.loaded, "an unchanged run must not load the model"

    (docs / "note.md").write_text("# Note\n\nEuropol supports police co-operation in the EU.\n")
    (docs / "page.html").unlink()
    (docs / "extra.txt").write_text("Body-worn cameras record police encounters.")
    result = _indexer(index, embedder).run([docs])
    assert result.added == ("extra.txt",)
    assert result.updated == ("note.md",)
    assert result.removed == ("page.html",)
    assert result.unchanged == ("report.pdf",)
    assert set(_docs(index)) == {"note.md", "extra.txt", "report.pdf"}
    version = Store(index).open()
    assert version.lexical_search("Interpol", 5) == []
    assert len(version.lexical_search("Europol", 5)) == 1
    assert version.vector_count() == version.chunk_count()


def test_manifest_change_updates_metadata_without_embedding(
    indexed: tuple[Path, Path], embedder: SentenceTransformerEmbedder
) -> None:
    docs, index = indexed
    (docs.parent / "sources.toml").write_text(MANIFEST.replace("2016", "2017"))
    fresh = SentenceTransformerEmbedder()
    result = _indexer(index, fresh).run([docs])
    assert result.chunks_embedded == 0 and not fresh.loaded
    years = {d.file: d.meta.year for d in Store(index).open().documents()}
    assert years["report.pdf"] == 2017


def test_bad_files_are_reported_and_skipped(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    docs = _corpus(tmp_path)
    make_pdf(docs / "locked.pdf", [["secret"]], password="pw")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (docs / "empty.txt").write_text("")
    image_only_pdf(docs / "scan.pdf")
    (docs / "slides.pptx").write_bytes(b"PK\x03\x04")
    result = _indexer(tmp_path / "idx", embedder).run([docs])
    reasons = {Path(f.path).name: f.reason for f in result.failed}
    assert set(reasons) == {"locked.pdf", "broken.pdf", "empty.txt", "scan.pdf", "slides.pptx"}
    assert "password" in reasons["locked.pdf"]
    assert "damaged" in reasons["broken.pdf"]
    assert "empty" in reasons["empty.txt"]
    assert "OCR" in reasons["scan.pdf"]
    assert "unsupported" in reasons["slides.pptx"]
    assert not result.ok
    assert set(_docs(tmp_path / "idx")) == {"note.md", "page.html", "report.pdf"}


def test_a_failed_write_leaves_the_previous_index(
    indexed: tuple[Path, Path],
    embedder: SentenceTransformerEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs, index = indexed
    before = _docs(index)
    versions = sorted(p.name for p in index.glob("v*"))
    (docs / "extra.txt").write_text("Stop and search powers are contested.")

    def crash(self: Writer, *args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Writer, "add", crash)
    with pytest.raises(OSError, match="disk full"):
        _indexer(index, embedder).run([docs])
    assert _docs(index) == before
    assert sorted(p.name for p in index.glob("v*")) == versions


def test_a_killed_indexer_leaves_a_usable_index(
    indexed: tuple[Path, Path], embedder: SentenceTransformerEmbedder, shared_docs: Path
) -> None:
    docs, index = indexed
    before = _docs(index)
    more = [str(shared_docs / name) for name in sorted(os.listdir(shared_docs))[:4]]
    env = {**os.environ, "ASSISTANT_INDEX": str(index)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli", "index", str(docs), *more],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(index.glob("segments/*/chunks.sqlite-journal")) and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = _docs(index)
    assert after == before or len(after) == len(before) + 4
    # the next run cleans up and completes
    result = _indexer(index, embedder).run([docs, *map(Path, more)])
    assert result.ok
    assert len(_docs(index)) == len(before) + 4
    assert len(list(index.glob("v*"))) <= 2


def test_another_model_is_refused_with_a_rebuild_hint(
    tmp_path: Path, indexed: tuple[Path, Path]
) -> None:
    docs, index = indexed
    with pytest.raises(IndexMismatch, match=r"all-MiniLM-L6-v2.*--rebuild"):
        Indexer(Settings(index=index, model="other-model")).run([docs])
    with pytest.raises(IndexNotFound, match="assistant index"):
        Store(tmp_path / "nowhere").open()


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_approximate_faiss_types_search_and_delete(
    tmp_path: Path,
    embedder: SentenceTransformerEmbedder,
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("assistant.store.dense.IVF_MIN_VECTORS", 2)  # train IVF on the tiny corpus
    docs = _corpus(tmp_path)
    index = tmp_path / "idx"
    settings = Settings(index=index, faiss_type=kind)  # type: ignore[arg-type]
    Indexer(settings, embedder=embedder).run([docs])
    (docs / "note.md").unlink()
    Indexer(settings, embedder=embedder).run([docs])
    version = Store(index).open()
    assert version.manifest["faiss_type"] == kind
    assert {e.dense for e in version.entries} == {kind}
    hits = version.dense_search(embedder.encode(["burglary and foot patrols"])[0], 5)
    files = {d.id: d.file for d in version.documents()}
    found = version.chunks([i for i, _ in hits])
    assert {files[c.doc_id] for c in found.values()} == {"report.pdf", "page.html"}


def test_progress_reports_each_stage_to_completion(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    events: list[tuple[str, int, int, str]] = []
    settings = Settings(index=tmp_path / "idx")
    indexer = Indexer(settings, embedder=embedder, progress=lambda *e: events.append(e))
    indexer.run([_corpus(tmp_path)])
    last = {stage: (done, total) for stage, done, total, _ in events}
    assert last["parse"] == last["store"] == (3, 3)
    assert last["embed"] == (3, 3)  # one forward pass per chunk, nothing else embedded
    assert {name for stage, _, _, name in events if stage == "parse"} >= {"report.pdf"}


def test_rebuild_starts_fresh_and_no_prune_keeps_other_documents(
    indexed: tuple[Path, Path], embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    docs, index = indexed
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.txt").write_text("Neighbourhood watch schemes in London.")
    _indexer(index, embedder).run([other], prune=False)
    assert set(_docs(index)) == {"note.md", "page.html", "report.pdf", "extra.txt"}
    (docs / "note.md").unlink()
    _indexer(index, embedder).run([docs], prune=False)
    assert "note.md" in _docs(index), "--no-prune keeps documents whose files are gone"
    result = _indexer(index, embedder).run([docs], rebuild=True)
    assert sorted(result.added) == ["page.html", "report.pdf"] and not result.unchanged
    assert set(_docs(index)) == {"page.html", "report.pdf"}


def test_manifest_given_explicitly(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    docs = _corpus(tmp_path)
    (tmp_path / "sources.toml").unlink()
    refs = tmp_path / "refs.toml"
    refs.write_text(MANIFEST)
    _indexer(tmp_path / "idx", embedder).run([docs / "report.pdf"], manifest=refs)
    (doc,) = Store(tmp_path / "idx").open().documents()
    assert doc.meta.title == "Neighbourhood Policing in Two Cities" and doc.meta.year == 2016
