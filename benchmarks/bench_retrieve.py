"""Retrieval and answer latency on the shared corpus, after the model is loaded.

    python benchmarks/bench_retrieve.py [--index DIR] [--corpus DIR] [--rounds 5]

Without --index, the corpus is indexed into a temporary folder first. Every development
question (and the last turn of each follow-up) is searched `rounds` times; prints p50/p95/max of
search (query embedding + FAISS + BM25 + fusion) and of the whole extractive answer. The first
round meets every passage for the first time (its sentences are embedded then); later rounds find
them cached, as a server does for passages asked about before."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answers.extractive import ExtractiveAnswerer  # noqa: E402
from assistant.search.retrieve import Retriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store.embed import SentenceTransformerEmbedder  # noqa: E402
from assistant.store.folder import Store  # noqa: E402
from assistant.store.indexer import Indexer  # noqa: E402
from assistant.store.models import open_embedder  # noqa: E402

SHARED = ROOT.parent / "shared"


def _percentiles(name: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        f"{name:<30} n={len(ordered):4d}  p50 {1000 * statistics.median(ordered):7.1f} ms  "
        f"p95 {1000 * p95:7.1f} ms  max {1000 * ordered[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "docs")
    parser.add_argument("--questions", type=Path, default=SHARED / "eval" / "dev.jsonl")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        index = args.index
        if index is None:
            index = Path(folder) / "index"
            indexer = Indexer(Settings(index=index), embedder=SentenceTransformerEmbedder())
            indexer.run([args.corpus])
        # the model as `ask` and the server run it: the ONNX export beside the index
        embedder = open_embedder(Settings(index=index), index=index)
        retriever = Retriever(Store(index).open(), embedder)
        answerer = ExtractiveAnswerer(retriever)
        questions = []
        for line in args.questions.read_text().splitlines():
            item = json.loads(line)
            questions.append(item["turns"][-1] if item.get("turns") else item["question"])
        answerer.answer("warm up the model and the caches")
        search: list[float] = []
        answer: list[float] = []
        first: list[float] = []
        for round_ in range(args.rounds):
            for question in questions:
                t = time.perf_counter()
                retriever.search(question, k=10)
                search.append(time.perf_counter() - t)
                t = time.perf_counter()
                answerer.answer(question)
                (answer if round_ else first).append(time.perf_counter() - t)
        print(
            f"index {index}: {retriever.version.chunk_count()} chunks; "
            f"{len(questions)} questions x {args.rounds} rounds"
        )
        _percentiles("search", search)
        _percentiles("answer, new passages", first)
        if answer:
            _percentiles("answer, passages read before", answer)


if __name__ == "__main__":
    main()
