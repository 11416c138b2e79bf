"""The index at scale: build an N-chunk index through the project's own store code, then time
adding one 50-chunk document, deleting one, and hybrid search.

    python benchmarks/bench_scale.py --chunks 100000 [--keep DIR] [--queries 200]

Documents are synthetic: sentences of words drawn from a Zipf distribution over an English
vocabulary (so common words match a large share of the chunks, as "police" does in a policing
library) and random unit vectors, clustered by document as real passages are, so no model time.
`--keep DIR` leaves the index at DIR, usable by `assistant index/search --index DIR`.
The searches run in a child process (`--search DIR`), whose peak RSS is reported. The last line
printed is JSON with: chunks, build_seconds, add_seconds, add_embed_seconds, delete_seconds,
search_p50_ms, search_p95_ms, recall_at_10, rss_mb, disk_bytes_per_chunk."""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.search.retrieve import Retriever  # noqa: E402
from assistant.settings import DEFAULT_MODEL, Settings  # noqa: E402
from assistant.store.folder import Store, Writer  # noqa: E402
from assistant.store.indexer import Indexer  # noqa: E402
from assistant.types import Chunk, Document, IngestReport, Metadata, Span  # noqa: E402

DIM = 384  # the default model's
DOC_CHUNKS = 50
WORDS_PER_CHUNK = 170  # ~200 word pieces, as the chunker makes them
COMMON = """police officers officer public policing community crime trust study data research
local force forces stop search searches people report use training support evidence years
time state government law national justice violence legitimacy procedural fairness youth
arrest arrests analysis results model table survey respondents sample effect effects level
levels rate rates measure measures significant group groups intelligence information
management strategy service services department agencies agency practice practices approach
risk harm family victims victim offender offenders court courts legal rights human social
policy reform accountability transparency cameras body worn camera use force resistance
demeanor civilians civilian encounters encounter contact contacts perceptions perceived
legitimacy audience council councils advisory citizens city cities urban rural county
predictive patrol hot spots spatial bias biased racial minority black white neighbourhood
neighbourhoods organised organized criminal networks trafficking drugs weapons section powers
london metropolitan england wales united states europe international cooperation interpol
osce unodc member states guidebook framework principles assessment threat tactical
operational strategic analysts analytic products decision makers tasking coordination""".split()
STOP = """the of and to in a is that for on as with by was are be this it from at or which an
have has were their not but its they been more can these also than other such there may had
who would all between one into when both only most some we our over how what about""".split()
SYLLABLES = "ka re to mi su la ne po vi der ston ham ford wick ley ton ber gen sha mor".split()


def vocabulary(size: int, rng: np.random.Generator) -> list[str]:
    """Stop words first (most frequent), then policing words, then invented surnames/terms."""
    words = list(dict.fromkeys(STOP + COMMON))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES, size=int(rng.integers(2, 5))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Corpus:
    """Synthetic documents: Zipf-distributed words in sentences, and clustered unit vectors."""

    def __init__(self, seed: int = 15, vocab: int = 30000) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = np.array(vocabulary(vocab, self.rng))
        ranks = np.arange(1, vocab + 1, dtype=np.float64)
        self.p = 1.0 / ranks**1.05
        self.p /= self.p.sum()
        self.cumulative = np.cumsum(self.p)

    def text(self, n_words: int) -> tuple[str, list[tuple[int, int]]]:
        picks = np.searchsorted(self.cumulative, self.rng.random(n_words))
        tokens = self.words[np.minimum(picks, len(self.words) - 1)]
        sentences: list[str] = []
        at = 0
        while at < n_words:
            n = int(self.rng.integers(8, 26))
            words = list(tokens[at : at + n])
            words[0] = words[0].capitalize()
            sentences.append(" ".join(words) + ".")
            at += n
        offsets, start = [], 0
        for sentence in sentences:
            offsets.append((start, start + len(sentence)))
            start += len(sentence) + 1
        return " ".join(sentences), offsets

    def document(
        self, number: int, n_chunks: int = DOC_CHUNKS
    ) -> tuple[Document, list[Chunk], list[list[tuple[int, int]]], np.ndarray]:
        doc_id = hashlib.sha256(f"synthetic {number}".encode()).hexdigest()
        chunks, offsets = [], []
        for ordinal in range(n_chunks):
            text, found = self.text(WORDS_PER_CHUNK)
            page = ordinal // 2 + 1
            span = Span(page, str(page), 0, len(text), 0)
            chunks.append(Chunk(doc_id, ordinal, text, (span,), WORDS_PER_CHUNK + 30))
            offsets.append(found)
        topic = self.rng.standard_normal(DIM).astype(np.float32)
        vectors = topic + self.rng.standard_normal((n_chunks, DIM)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        title = " ".join(self.words[self.rng.integers(60, 400, size=5)]).capitalize()
        meta = Metadata(title, (f"Author{number % 997}, A.",), 1990 + number % 35)
        report = IngestReport(f"doc{number}.pdf", n_chunks // 2 + 1, extractor="synthetic")
        path = f"/synthetic/doc{number}.pdf"
        doc = Document(doc_id, path, f"doc{number}.pdf", meta, report, n_chunks, 0.0, 1000)
        return doc, chunks, offsets, vectors


def _add(writer: Writer, corpus: Corpus, item: tuple) -> None:
    doc, chunks, offsets, vectors = item
    if "sentences" in inspect.signature(writer.add).parameters:  # stored sentence vectors
        sentences = []
        for found in offsets:
            m = corpus.rng.standard_normal((len(found), DIM)).astype(np.float32)
            sentences.append((tuple(found), m / np.linalg.norm(m, axis=1, keepdims=True)))
        writer.add(doc, chunks, vectors, sentences)  # type: ignore[call-arg]
    else:
        writer.add(doc, chunks, vectors)


def store_settings(folder: Path) -> dict[str, object]:
    settings = Settings(index=folder, model=DEFAULT_MODEL)
    indexer = Indexer(settings)
    return indexer._store_settings(DIM)


class HashEmbedder:
    """Vectors from a hash of the text (the searches pass their own vectors)."""

    name = DEFAULT_MODEL
    dimension = DIM
    max_tokens = 254

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    def encode(self, texts: Sequence[str], progress: object = None) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32).reshape(-1, DIM)


def queries(
    corpus: Corpus, kept: list[tuple[str, np.ndarray]], n: int
) -> list[tuple[str, np.ndarray]]:
    """Questions made from a passage's words (common and rare), vectors near its vector."""
    out = []
    for i in range(n):
        text, vector = kept[i % len(kept)]
        words = [w for w in text.lower().rstrip(".").split() if w not in STOP]
        picks = corpus.rng.choice(len(words), size=min(len(words), 5), replace=False)
        noisy = vector + 0.06 * corpus.rng.standard_normal(DIM).astype(np.float32)
        out.append((" ".join(words[j] for j in sorted(picks)), noisy / np.linalg.norm(noisy)))
    return out


def search_child(folder: Path, query_file: Path) -> None:
    """Open the index, run the hybrid searches, print timings and the dense hits."""
    items = json.loads(query_file.read_text())
    store = Store(folder)
    version = store.open()
    retriever = Retriever(version, HashEmbedder())  # type: ignore[arg-type]
    latencies, dense = [], []
    for item in items[:5]:  # warm-up: first reads of the index files
        retriever.search(item["q"], k=10, vector=np.array(item["v"], dtype=np.float32))
    for item in items:
        vector = np.array(item["v"], dtype=np.float32)
        t = time.perf_counter()
        retriever.search(item["q"], k=10, vector=vector)
        latencies.append(time.perf_counter() - t)
        dense.append([i for i, _ in version.dense_search(vector, 10)])
    print(json.dumps({"latencies": latencies, "dense": dense, "rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident memory. Not getrusage(RUSAGE_CHILDREN) in the parent: a child
    started by (v)fork and exec inherits the parent's high-water mark, which here holds every
    vector of the exact search."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(
    store: Store, corpus: Corpus, settings: dict[str, object], n_chunks: int
) -> Iterator[tuple[int, str, np.ndarray]]:
    """Write the documents in one run; yields (doc number, first chunk text, its vector) samples."""
    with store.lock(), store.writer(settings, fresh=True) as writer:
        number = 0
        while number * DOC_CHUNKS < n_chunks:
            item = corpus.document(number, min(DOC_CHUNKS, n_chunks - number * DOC_CHUNKS))
            _add(writer, corpus, item)
            yield number, item[1], item[3]
            number += 1


def exact_top(stored: dict[int, np.ndarray], vector: np.ndarray, k: int = 10) -> list[int]:
    best: list[tuple[float, int]] = []
    for first, block in stored.items():
        scores = block.astype(np.float32) @ vector
        top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
        best += [(float(scores[j]), first + int(j)) for j in top]
    best.sort(reverse=True)
    return [i for _, i in best[:k]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--search", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--query-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search:
        search_child(args.search, args.query_file)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    folder = args.keep or work / "index"
    if folder.exists():
        shutil.rmtree(folder)
    store = Store(folder)
    settings = store_settings(folder)
    corpus = Corpus()
    # chunk ids run 1..N in the order written: keep every vector (float16) for exact search
    stored: dict[int, np.ndarray] = {}
    samples: list[tuple[str, np.ndarray]] = []
    docs: list[str] = []
    t = time.perf_counter()
    next_id = 1
    for number, chunks, vectors in build(store, corpus, settings, args.chunks):
        stored[next_id] = vectors.astype(np.float16)
        next_id += len(chunks)
        docs.append(chunks[0].doc_id)
        if len(samples) < args.queries:
            samples.append((chunks[number % len(chunks)].text, vectors[number % len(chunks)]))
    build_seconds = time.perf_counter() - t
    version = store.open()
    ids = sorted(version.chunk_ids([docs[0]]))
    version.close()
    offset = ids[0] - 1  # the store's first id
    stored = {first + offset: block for first, block in stored.items()}

    item = corpus.document(10**7)
    t = time.perf_counter()
    with store.lock(), store.writer(settings) as writer:
        _add(writer, corpus, item)
    add_seconds = time.perf_counter() - t
    version = store.open()
    new_ids = sorted(version.chunk_ids([item[0].id]))
    version.close()
    stored[new_ids[0]] = item[3].astype(np.float16)

    victim = docs[len(docs) // 2]
    version = store.open()
    gone = sorted(version.chunk_ids([victim]))
    version.close()
    t = time.perf_counter()
    with store.lock(), store.writer(settings) as writer:
        writer.remove(victim)
    delete_seconds = time.perf_counter() - t
    for first in list(stored):
        if first == gone[0]:
            del stored[first]

    asked = queries(corpus, samples, args.queries)
    query_file = work / "queries.json"
    query_file.write_text(json.dumps([{"q": q, "v": v.tolist()} for q, v in asked]))
    child = subprocess.run(
        [sys.executable, __file__, "--search", str(folder), "--query-file", str(query_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(child.stdout.strip().splitlines()[-1])
    rss_mb = found["rss_mb"]
    recall = [
        len(set(hits) & set(exact_top(stored, v))) / 10
        for hits, (_, v) in zip(found["dense"], asked, strict=True)
    ]
    latencies = sorted(found["latencies"])
    live = sum(len(b) for b in stored.values())
    disk = disk_bytes(folder)
    shutil.rmtree(work, ignore_errors=True)
    result = {
        "chunks": live,
        "build_seconds": round(build_seconds, 2),
        "add_seconds": round(add_seconds, 3),
        "add_embed_seconds": 0.0,
        "delete_seconds": round(delete_seconds, 3),
        "search_p50_ms": round(1000 * statistics.median(latencies), 2),
        "search_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 2),
        "recall_at_10": round(float(np.mean(recall)), 4),
        "rss_mb": round(rss_mb, 1),
        "disk_bytes_per_chunk": round(disk / max(live, 1), 1),
    }
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
