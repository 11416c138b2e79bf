"""The segment/manifest mechanics on small indexes, with real SQLite and FAISS and synthetic
vectors: add, change, delete, merge, a SIGKILL at each stage of a write, a reader holding an old
version while writers commit, and approximate dense search against exact."""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.store.folder import Store
from assistant.store.merge import MAX_SEGMENTS, merge_plan
from assistant.store.segment import PAGE_SIZE, Entry
from assistant.types import Chunk, Document, IngestReport, Metadata, Section, Span

DIM = 8
ROOT = Path(__file__).resolve().parents[1]
WORDS = "patrol burglary trust warrant custody legitimacy cameras reform".split()


def settings(**more: object) -> dict[str, object]:
    return {"model": "m", "dimension": DIM, "faiss_type": "flat", "keep_versions": 2, **more}


def document(name: str, n: int = 3, salt: str = "") -> tuple[Document, list[Chunk], np.ndarray]:
    doc_id = hashlib.sha256((name + salt).encode()).hexdigest()
    chunks = []
    for i in range(n):
        text = f"{name} passage {i} about {WORDS[(len(name) + i) % len(WORDS)]}{salt}."
        chunks.append(Chunk(doc_id, i, text, (Span(i + 1, str(i + 1), 0, len(text), 0),), 9))
    rng = np.random.default_rng(int(doc_id[:8], 16))
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    report = IngestReport(f"{name}.txt", 0)
    doc = Document(doc_id, f"/docs/{name}.txt", f"{name}.txt", Metadata(name), report, n)
    return doc, chunks, vectors


def write(
    store: Store, add: tuple[str, ...] = (), remove: tuple[str, ...] = (), **more: object
) -> None:
    with store.lock(), store.writer(settings(**more)) as writer:
        known = writer.documents()
        for name in remove:
            writer.remove(known[f"/docs/{name}.txt"].id)
        for name in add:
            writer.add(*document(name))


def files(store: Store) -> list[str]:
    version = store.open()
    try:
        return [d.file for d in version.documents()]
    finally:
        version.close()


def test_add_change_delete_and_merge_write_in_proportion(tmp_path: Path) -> None:
    store = Store(tmp_path / "idx")
    write(store, add=("alpha", "beta"))
    first = store.open()
    (one,) = first.entries
    write(store, add=("gamma",), remove=("alpha",))
    version = store.open()
    entries = version.entries
    assert entries[0].name == one.name  # the first segment is not rewritten
    # pages of 16 KB: a ~2 KB chunk row would leave most of a 4 KB page empty
    database = store.folder / "segments" / entries[1].name / "chunks.sqlite"
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE == 16384
    assert entries[0].gone == (document("alpha")[0].id,) and len(entries) == 2
    assert [d.file for d in version.documents()] == ["beta.txt", "gamma.txt"]
    assert version.chunk_count() == 6
    alpha_ids = first.chunk_ids([document("alpha")[0].id])
    assert not version.chunks(alpha_ids) and not version.chunk_ids([document("alpha")[0].id])
    # deleted chunks are found by neither search
    _, _, vectors = document("alpha")
    assert not {i for i, _ in version.dense_search(vectors[0], 10)} & set(alpha_ids)
    assert not {i for i, _ in version.lexical_search('"alpha"', 10)}
    assert {i for i, _ in version.lexical_search('"gamma"', 10)} == set(
        version.chunk_ids([document("gamma")[0].id])
    )
    # a metadata change moves the row, not the chunks
    with store.lock(), store.writer(settings()) as writer:
        beta = writer.documents()["/docs/beta.txt"]
        writer.update(Document(beta.id, "/docs/b2.txt", "b2.txt", Metadata("B"), beta.report, 3))
    version = store.open()
    assert [d.file for d in version.documents()] == ["b2.txt", "gamma.txt"]
    assert len(version.chunk_ids([beta.id])) == 3 and len(version.entries) == 3
    # optimize: one segment, deletions dropped for good, the same answers
    before = {d.file: version.chunk_ids([d.id]) for d in version.documents()}
    with store.lock():
        store.optimize(settings())
    merged = store.open()
    (entry,) = merged.entries
    assert entry.gone == () and entry.moved == () and entry.chunks == 6
    assert {d.file: merged.chunk_ids([d.id]) for d in merged.documents()} == before
    assert merged.document(beta.id) is not None and merged.document(beta.id).file == "b2.txt"  # type: ignore[union-attr]
    query = document("gamma")[2][1]
    assert merged.dense_search(query, 3)[0][0] == version.dense_search(query, 3)[0][0]
    assert merged.lexical_search('"gamma"', 5) and merged.pages(beta.id)
    for held in (first, version, merged):
        held.close()
    write(store, add=("delta",))  # prunes: only the segments the kept versions name remain
    named = {
        e["name"]
        for v in (tmp_path / "idx").glob("v*")
        for e in json.loads((v / "manifest.json").read_text())["segments"]
    }
    assert {p.name for p in (tmp_path / "idx" / "segments").iterdir()} == named


def test_the_merge_policy_merges_the_small_segments() -> None:
    entries = [
        (Entry(f"s{i}", 10 * (i + 1), "flat", 1), 10 * (i + 1)) for i in range(MAX_SEGMENTS + 1)
    ]
    chosen = merge_plan(entries)
    assert len(entries) - len(chosen) + 1 <= MAX_SEGMENTS // 2
    assert "s0" in chosen and f"s{MAX_SEGMENTS}" not in chosen  # the largest stays
    assert merge_plan(entries[:3]) == set()
    dead = Entry("dead", 5, "flat", 1, gone=("d",))
    assert merge_plan([(dead, 0), *entries[:2]]) == {"dead"}
    assert merge_plan(entries[:1], optimize=True) == set()


def test_many_small_runs_are_merged_automatically(tmp_path: Path) -> None:
    store = Store(tmp_path / "idx")
    for number in range(MAX_SEGMENTS + 2):
        write(store, add=(f"doc{number}",))
    version = store.open()
    assert len(version.entries) <= MAX_SEGMENTS
    assert len(version.documents()) == MAX_SEGMENTS + 2 and version.chunk_count() == 3 * (
        MAX_SEGMENTS + 2
    )
    version.close()


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from test_segments import settings, write
    import assistant.store.folder as folder, assistant.store.segment as segment
    import assistant.store.merge as merge
    from assistant.store.folder import Store

    stage = sys.argv[1]
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    real_atomic = folder._write_atomic
    def atomic(path, text):
        if stage == "current" and path.name == "CURRENT":
            die()
        real_atomic(path, text)
    if stage == "segment":  # the new segment written, its dense index not yet
        segment.build = die
    if stage == "dense":  # the dense index written, the segment not sealed
        segment.seal = die
    if stage == "manifest":
        folder.Store._commit = die
    folder._write_atomic = atomic
    merge.seal = die if stage == "merge" else merge.seal
    store = Store(Path(sys.argv[2]))
    if stage == "merge":
        with store.lock():
            store.optimize(settings(faiss_type="ivf"))
    else:
        write(store, add=("killed",), remove=("alpha",), faiss_type="ivf")
    """
)


@pytest.mark.parametrize("stage", ["segment", "dense", "manifest", "current", "merge"])
def test_a_writer_killed_at_any_stage_leaves_the_previous_version(
    tmp_path: Path, stage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assistant.store.dense.IVF_MIN_VECTORS", 2)
    store = Store(tmp_path / "idx")
    write(store, add=("alpha", "beta"))
    write(store, add=("gamma",))
    live = store.current_version()
    code = CHILD.format(tests=str(ROOT / "tests"))
    env_code = "import assistant.store.dense as d; d.IVF_MIN_VECTORS = 2\n" + code
    proc = subprocess.run([sys.executable, "-c", env_code, stage, str(store.folder)], cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL
    assert store.current_version() == live
    assert files(store) == ["alpha.txt", "beta.txt", "gamma.txt"]
    write(store, add=("delta",), remove=("beta",))  # the next run recovers and tidies up
    assert files(store) == ["alpha.txt", "delta.txt", "gamma.txt"]
    named = {
        e["name"]
        for v in store.folder.glob("v*")
        for e in json.loads((v / "manifest.json").read_text())["segments"]
    }
    assert {p.name for p in (store.folder / "segments").iterdir()} == named
    assert all((v / "manifest.json").is_file() for v in store.folder.glob("v*"))


def test_a_reader_keeps_its_version_while_a_writer_commits_and_merges(tmp_path: Path) -> None:
    store = Store(tmp_path / "idx")
    write(store, add=("alpha", "beta"), keep_versions=1)
    held = store.open()
    ids = held.chunk_ids([d.id for d in held.documents()])
    write(store, add=("gamma",), remove=("alpha",), keep_versions=1)
    with store.lock():
        store.optimize(settings(keep_versions=1))
    assert store.current_version() != held.version
    # the held version and its (merged-away) segment are still there and readable
    assert [d.file for d in held.documents()] == ["alpha.txt", "beta.txt"]
    assert sorted(held.chunks(ids)) == sorted(ids)
    assert held.lexical_search('"alpha"', 5) and held.dense_search(document("alpha")[2][0], 1)
    fresh = store.open()
    assert [d.file for d in fresh.documents()] == ["beta.txt", "gamma.txt"]
    fresh.close()
    held.close()
    write(store, add=("delta",), keep_versions=1)
    assert len(list(store.folder.glob("v*"))) == 1
    assert len(list((store.folder / "segments").iterdir())) == 2


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_approximate_dense_search_matches_exact_on_a_small_set(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clustered vectors (as passages of one document are): the approximate index's top 10
    are the exact top 10, and deleted chunks never come back."""
    monkeypatch.setattr("assistant.store.dense.IVF_MIN_VECTORS", 500)
    rng = np.random.default_rng(7)
    dim, docs, per = 32, 40, 30
    store = Store(tmp_path / "idx")
    exact: dict[int, np.ndarray] = {}
    with store.lock(), store.writer({**settings(faiss_type=kind), "dimension": dim}) as writer:
        for number in range(docs):
            doc, _, _ = document(f"d{number}", per)
            chunks = [
                Chunk(doc.id, i, f"text {number} {i}.", (Span(1, "1", 0, 9, 0),), 3)
                for i in range(per)
            ]
            vectors = rng.standard_normal(dim) + 0.8 * rng.standard_normal((per, dim))
            vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
            first = writer.next_id
            writer.add(doc, chunks, vectors)
            exact.update(
                {first + i: v.astype(np.float16).astype(np.float32) for i, v in enumerate(vectors)}
            )
    version = store.open()
    assert [e.dense for e in version.entries] == [kind]
    ids = np.array(sorted(exact))
    matrix = np.vstack([exact[i] for i in ids])
    recalls = []
    for probe in rng.choice(ids, 30, replace=False):
        query = exact[int(probe)] + 0.05 * rng.standard_normal(dim).astype(np.float32)
        query /= np.linalg.norm(query)
        truth = set(ids[np.argsort(-(matrix @ query))[:10]].tolist())
        found = {i for i, _ in version.dense_search(query, 10)}
        recalls.append(len(truth & found) / 10)
    assert np.mean(recalls) >= 0.95
    victim = version.documents()[0]
    dead = set(version.chunk_ids([victim.id]))
    version.close()
    with store.lock(), store.writer({**settings(faiss_type=kind), "dimension": dim}) as writer:
        writer.remove(victim.id)
    version = store.open()
    for i in sorted(dead)[:5]:
        assert not {j for j, _ in version.dense_search(exact[i], 10)} & dead
    version.close()


def test_sections_and_regions_move_with_their_document(tmp_path: Path) -> None:
    """A document's sections live beside its row: a metadata-only update writes them into the new
    segment (the old ones hidden with the old row), a merge carries one copy; chunks keep their
    region and section."""
    store = Store(tmp_path / "index")
    doc, chunks, vectors = document("book", 4)
    parts = (
        Section("1 Patrol", 1, "1", "2", 1, 2, 0, ("Hale, A.",)),
        Section("2 Custody", 1, "3", "4", 3, 4, 0),
    )
    doc = replace(doc, sections=parts)
    chunks = [
        replace(c, region="front" if i == 0 else "body", section=None if i == 0 else (i - 1) // 2)
        for i, c in enumerate(chunks)
    ]
    with store.lock(), store.writer(settings()) as writer:
        writer.add(doc, chunks, vectors)
    with store.lock(), store.writer(settings()) as writer:
        former = writer.documents()["/docs/book.txt"]
        assert former.sections == parts
        writer.update(replace(former, meta=Metadata("Renamed")))
    for optimize in (False, True):
        if optimize:
            with store.lock():
                store.optimize(settings())
        version = store.open()
        (found,) = version.documents()
        assert found.meta.title == "Renamed" and found.sections == parts
        assert version.document(doc.id) == found
        stored = version.chunks(version.chunk_ids(None))
        assert sorted((c.region, c.section) for c in stored.values()) == [
            ("body", 0),
            ("body", 0),
            ("body", 1),
            ("front", None),
        ]
        assert len(version.chunk_ids([doc.id], regions=["body"])) == 3
        assert version.chunk_ids(None, sections=[(doc.id, 1, 1)]) == [
            i for i, c in stored.items() if c.section == 1
        ]
        version.close()


def test_a_word_is_counted_in_one_document_s_passages_across_segments(tmp_path: Path) -> None:
    """`share_in_document`: (the document's chunks that hold the word, its chunks), the same
    before and after a merge, 0 for a deleted document, other documents not counted, and a
    document whose row moved (a new title) counted where its chunks stayed."""
    store = Store(tmp_path / "index")
    write(store, add=("alpha", "beta"))
    write(store, add=("gamma",), remove=("beta",))
    with store.lock(), store.writer(settings()) as writer:
        former = writer.documents()["/docs/alpha.txt"]
        writer.update(replace(former, meta=Metadata("Alpha renamed")))
    expected = {}
    for name in ("alpha", "beta", "gamma"):
        doc, chunks, _ = document(name)
        live = name != "beta"
        for word in WORDS:
            holding = sum(f" {word}." in c.text for c in chunks)
            expected[doc.id, word] = (holding, len(chunks)) if live else (0, 0)
    assert any(pair[0] > 0 for pair in expected.values())
    for optimize in (False, True):
        if optimize:
            with store.lock():
                store.optimize(settings())
        version = store.open()
        found = {(d, w): version.share_in_document(w, d) for d, w in expected}
        version.close()
        assert found == expected
