"""Quote verification speed: 100 quotes (70 verbatim sentences from the corpus, 20 with one
word changed, 10 invented), after the model is loaded; then 100 other quotes of the same kinds,
once every document has been read (as in a running server, where the texts of the documents
quoted stay cached: the first quotation from a document reads and normalises its whole text).

    python benchmarks/bench_cite.py --index DIR

Prints time per quote (p50, p95, max) for each pass and the verdict counts per kind."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.ingest.chunk import prose_sentences  # noqa: E402
from assistant.search.retrieve import open_retriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.sources.cite import Verifier  # noqa: E402

INVENTED = [
    "The Dutch police introduced robot patrol dogs in Amsterdam in 2019 to reduce burglary.",
    "Officers in Lisbon reported that weekly yoga classes halved their use of force.",
    "A survey of Belgian mayors found that most preferred drones to foot patrols.",
    "Police in Oslo stopped recording ethnicity in 1998 after a parliamentary vote.",
    "Community meetings held on Sundays attracted twice as many residents as weekday ones.",
    "The Vienna experiment showed that bicycle patrols cut response times by four minutes.",
    "Predictive policing software was banned in every German state by 2020.",
    "Most police chiefs in Texas said that national media matter more than local media.",
    "Interpol was founded in Madrid in 1951 by seven South American countries.",
    "Warrior mindsets were associated with stronger support for every proposed reform.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, required=True)
    args = parser.parse_args()
    retriever = open_retriever(Settings(index=args.index))  # as `cite` runs it
    version = retriever.version
    verifier = Verifier(retriever)
    rng = random.Random(11)
    chunks = list(version.chunks(list(range(1, version.chunk_count() + 1))).values())
    sentences = [c.text[a:b] for c in chunks for a, b in prose_sentences(c.text)]
    sentences = [s for s in sentences if 10 <= len(s.split()) <= 60 and "\n" not in s]
    verifier.verify("warm up the model and the caches with a sentence")
    first = _quotes(rng, sentences)
    second = _quotes(rng, [s for s in sentences if s not in {q for _, q in first}])
    print(f"{len(first)} quotes a pass, index {args.index} ({version.chunk_count()} chunks)")
    for name, quotes in (("first pass", first), ("documents read", second)):
        _measure(verifier, name, quotes)


def _quotes(rng: random.Random, sentences: list[str]) -> list[tuple[str, str]]:
    """70 verbatim sentences, 20 with one word changed, the 10 invented quotes."""
    verbatim = rng.sample(sentences, 70)
    changed = []
    for sentence in rng.sample(sentences, 20):
        words = sentence.split()
        k = rng.randrange(1, len(words) - 1)
        words[k] = "remarkably" if words[k] != "remarkably" else "notably"
        changed.append(" ".join(words))
    return (
        [("verbatim", q) for q in verbatim]
        + [("changed", q) for q in changed]
        + [("invented", q) for q in INVENTED]
    )


def _measure(verifier: Verifier, name: str, quotes: list[tuple[str, str]]) -> None:
    seconds: list[float] = []
    verdicts: dict[str, Counter[str]] = {
        "verbatim": Counter(),
        "changed": Counter(),
        "invented": Counter(),
    }
    for kind, quote in quotes:
        started = time.perf_counter()
        verdict = verifier.verify(quote)
        seconds.append(time.perf_counter() - started)
        verdicts[kind][verdict.verdict] += 1
    ordered = sorted(seconds)
    print(
        f"{name}: per quote p50 {1000 * statistics.median(ordered):.0f} ms, "
        f"p95 {1000 * ordered[int(0.95 * len(ordered)) - 1]:.0f} ms, "
        f"max {1000 * ordered[-1]:.0f} ms (target p95 <= 150 ms)"
    )
    for kind, counts in verdicts.items():
        print(f"  {kind:<9} {dict(counts)}")


if __name__ == "__main__":
    main()
